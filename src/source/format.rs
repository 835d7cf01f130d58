//! [`SourceFormat`]: the shapes a filing arrives in, with the one spelling of their names
//! (`shfd-csv`, `kpfd-csv`, `egov`, `ocr-fields`, `azure-di`) used in reports, the filing model
//! and the command line.

use serde::{Serialize, Serializer};

/// The shape a filing was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SourceFormat {
    /// 電子媒体 CSV for the pension office: `SHFD0006.CSV`.
    ShfdCsv,
    /// 電子媒体 CSV for a health-insurance society: `KPFD0006.CSV`.
    KpfdCsv,
    /// An e-Gov package (ZIP, unpacked folder, kousei.xml or form XML).
    Egov,
    /// Paper read by OCR, in todokede's `ocr-fields/1` JSON Lines.
    OcrFields,
    /// Paper read by OCR: an Azure AI Document Intelligence result.
    AzureDi,
}

impl SourceFormat {
    /// Every format, in the order above.
    pub const ALL: [SourceFormat; 5] = [
        SourceFormat::ShfdCsv,
        SourceFormat::KpfdCsv,
        SourceFormat::Egov,
        SourceFormat::OcrFields,
        SourceFormat::AzureDi,
    ];

    /// The name used in reports and the filing model.
    ///
    /// ```
    /// use todokede::source::SourceFormat;
    /// assert_eq!(SourceFormat::ShfdCsv.as_str(), "shfd-csv");
    /// assert_eq!(SourceFormat::parse("azure-di"), Some(SourceFormat::AzureDi));
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::ShfdCsv => "shfd-csv",
            SourceFormat::KpfdCsv => "kpfd-csv",
            SourceFormat::Egov => "egov",
            SourceFormat::OcrFields => "ocr-fields",
            SourceFormat::AzureDi => "azure-di",
        }
    }

    /// The format named `name` (as [`SourceFormat::as_str`] spells it).
    pub fn parse(name: &str) -> Option<SourceFormat> {
        SourceFormat::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// True for paper read by OCR.
    pub fn is_ocr(self) -> bool {
        matches!(self, SourceFormat::OcrFields | SourceFormat::AzureDi)
    }
}

impl std::fmt::Display for SourceFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for SourceFormat {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Serializes a format that may be unknown (a file that could not be read as a filing) as its
/// name or `unknown`.
pub fn serialize_known<S: Serializer>(f: &Option<SourceFormat>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(f.map_or("unknown", SourceFormat::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for f in SourceFormat::ALL {
            assert_eq!(SourceFormat::parse(f.as_str()), Some(f));
        }
        assert_eq!(SourceFormat::parse("unknown"), None);
    }
}
