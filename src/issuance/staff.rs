//! The staff report's shape: per 事業所, every record with its findings and what the society
//! issues; per file, the findings that belong to no record. Built from the model, the findings
//! and the [`Issuance`] list, so the HTML renderer only lays it out.

use std::collections::BTreeMap;

use super::offices::{self, OfficeKey};
use super::{Issuance, OfficeIssuance, Source};
use crate::diag::{Diagnostic, Omitted, RecordId, Severity};
use crate::layout::{self, Role as ItemRole, Slot};
use crate::model::{Filing, FormRecord};
use crate::report::Report;

/// One record of a filing as staff see it.
#[derive(Debug)]
pub struct StaffRecord<'a> {
    /// The file and record it was read from.
    pub source: Source,
    /// The form (様式) code.
    pub form: String,
    /// The form's title, when its layout is known.
    pub form_title: Option<String>,
    /// The persons on the record, by name (kanji, else kana), with their role.
    pub persons: Vec<(String, super::Role)>,
    /// 被保険者整理番号.
    pub reference_number: Option<String>,
    /// The findings about the record.
    pub findings: Vec<&'a Diagnostic>,
}

impl StaffRecord<'_> {
    /// How many of its findings are errors.
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
}

/// One 事業所: its records and its part of the issuance list.
#[derive(Debug)]
pub struct StaffOffice<'a> {
    /// Which 事業所.
    pub key: OfficeKey,
    /// What the 事業所 receives, when the issuance list has it.
    pub issuance: Option<&'a OfficeIssuance>,
    /// 事業所名称 (from the issuance list, else from the filing).
    pub name: Option<String>,
    /// The 事業所's address, as the filing states it.
    pub address: Option<super::Address>,
    /// Its records, in filing order.
    pub records: Vec<StaffRecord<'a>>,
}

impl StaffOffice<'_> {
    /// Findings of every record of the 事業所.
    pub fn findings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.records.iter().flat_map(|r| r.findings.iter().copied())
    }

    /// How many findings on its records are errors.
    pub fn errors(&self) -> usize {
        self.records.iter().map(StaffRecord::errors).sum()
    }
}

/// One input file and the findings on it that belong to no record.
#[derive(Debug)]
pub struct StaffFile<'a> {
    /// The file, as shown in findings.
    pub path: String,
    /// Its format (`shfd-csv`, `egov`, …).
    pub format: String,
    /// How many records it has.
    pub records: usize,
    /// The findings on it that belong to no record.
    pub findings: Vec<&'a Diagnostic>,
}

/// The whole staff report.
#[derive(Debug)]
pub struct StaffReport<'a> {
    /// The issuance list the report shows.
    pub issuance: &'a Issuance,
    /// Per 事業所.
    pub offices: Vec<StaffOffice<'a>>,
    /// Per input file.
    pub files: Vec<StaffFile<'a>>,
    /// Findings on no filing (a folder that cannot be read, a file that is no filing).
    pub other: Vec<&'a Diagnostic>,
    /// Errors over the run.
    pub errors: usize,
    /// Warnings over the run.
    pub warnings: usize,
    /// Infos over the run.
    pub infos: usize,
    /// Findings counted but not kept (`--max-diagnostics`).
    pub not_shown: usize,
    /// Floods: findings of one code in one file past the first few, counted and not kept.
    pub omitted: &'a [Omitted],
}

/// True when a finding's path is the filing's file or a member of it (`pkg.zip!/…`).
fn belongs_to(path: &str, filing: &str) -> bool {
    path == filing
        || path
            .strip_prefix(filing)
            .is_some_and(|rest| rest.starts_with("!/"))
}

fn record_of<'a>(form: &FormRecord, path: &str, findings: Vec<&'a Diagnostic>) -> StaffRecord<'a> {
    let layout = form.layout.as_deref().and_then(layout::find_by_name);
    let reference_number = layout
        .and_then(|l| l.role(Slot::Insured, ItemRole::InsuredNumber))
        .filter(|i| i.sensitive.is_none())
        .and_then(|i| form.items.get(usize::from(i.no).checked_sub(1)?))
        .map(|v| v.value.clone())
        .filter(|v| !v.is_empty());
    let persons = form
        .persons
        .iter()
        .filter_map(|p| {
            let name = p.name_kanji.clone().or_else(|| p.name_kana.clone())?;
            Some((name, super::Role::of(p.slot)))
        })
        .collect();
    StaffRecord {
        source: Source {
            path: path.to_string(),
            record: form.record,
            line: form.line,
        },
        form: form.form.clone(),
        form_title: form.title.clone(),
        persons,
        reference_number,
        findings,
    }
}

/// Lays out the findings of a run (all of them, in report order) over its filings.
pub fn build<'a>(
    filings: &[Filing],
    report: &'a Report,
    issuance: &'a Issuance,
) -> StaffReport<'a> {
    let diagnostics = report.diagnostics();
    let mut used = vec![false; diagnostics.len()];
    let mut offices_out: Vec<StaffOffice<'a>> = Vec::new();
    let mut files = Vec::new();
    for filing in filings {
        // The filing's findings by record id (none: the file's own), each taken once. A finding
        // on a record is matched by the record's id, not by its path and number: the members of
        // a package and a CSV attached to it number their records in one sequence.
        let file = filing.forms.first().map(|f| f.id.file);
        let mut by_record: BTreeMap<Option<RecordId>, Vec<(usize, &'a Diagnostic)>> =
            BTreeMap::new();
        for (i, d) in diagnostics.iter().enumerate() {
            let mine = match (d.record, file) {
                (Some(id), Some(file)) => id.file == file,
                _ => belongs_to(d.primary.path(), &filing.path),
            };
            if !used[i] && mine {
                used[i] = true;
                by_record.entry(d.record).or_default().push((i, d));
            }
        }
        let infos = offices::of_filing(filing);
        for form in &filing.forms {
            let findings = by_record
                .remove(&Some(form.id))
                .unwrap_or_default()
                .into_iter()
                .map(|(_, d)| d)
                .collect();
            let key = match form.layout.as_deref().and_then(layout::find_by_name) {
                Some(l) => offices::key_of_record(filing, &infos, form, l),
                None => match infos.as_slice() {
                    [only] => only.key.clone(),
                    _ => OfficeKey::Unknown(filing.path.clone()),
                },
            };
            let record = record_of(form, &filing.path, findings);
            match offices_out.iter_mut().find(|o| o.key == key) {
                Some(o) => o.records.push(record),
                None => {
                    let info = infos.iter().find(|o| o.key == key);
                    offices_out.push(StaffOffice {
                        issuance: issuance.offices.iter().find(|o| o.key == key),
                        name: info.and_then(|i| i.address.name.clone()),
                        address: info.map(|i| i.address.clone()),
                        key,
                        records: vec![record],
                    });
                }
            }
        }
        // What is left: the file's own findings, and those on a record the model does not have.
        let mut left: Vec<(usize, &'a Diagnostic)> = by_record.into_values().flatten().collect();
        left.sort_by_key(|(i, _)| *i);
        let file_findings = left.into_iter().map(|(_, d)| d).collect();
        files.push(StaffFile {
            path: filing.path.clone(),
            format: filing.format.map_or("unknown", |f| f.as_str()).to_string(),
            records: filing.forms.len(),
            findings: file_findings,
        });
    }
    let other = diagnostics
        .iter()
        .enumerate()
        .filter(|(i, _)| !used[*i])
        .map(|(_, d)| d)
        .collect();
    StaffReport {
        issuance,
        offices: offices_out,
        files,
        other,
        errors: report.summary.errors,
        warnings: report.summary.warnings,
        infos: report.summary.infos,
        not_shown: report.summary.not_shown,
        omitted: &report.omitted,
    }
}
