//! The 健康保険 標準報酬月額 grade table (`schemas/kenpo-standard-remuneration.toml`): which
//! grade a 報酬月額 falls in, and the grade from which a person of 70–74 pays 3割.

use std::sync::OnceLock;

use serde::Deserialize;

/// One grade: 等級, 標準報酬月額, and the lowest 報酬月額 it takes (円以上).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Grade {
    /// 等級.
    pub grade: u8,
    /// 標準報酬月額 (円).
    pub standard: u32,
    /// The lowest 報酬月額 of the grade (円以上).
    pub from: u32,
}

/// The whole table.
#[derive(Debug)]
pub struct GradeTable {
    /// The day the table applies from (`YYYY-MM-DD`).
    pub valid_from: String,
    /// Where the table comes from (a public source).
    pub source: String,
    /// 70–74歳: 3割 when the insured's 標準報酬月額 is at least this (現役並み所得者).
    pub copay_30_from: u32,
    grades: Vec<Grade>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TableFile {
    valid_from: String,
    source: String,
    copay_30_from: u32,
    grades: Vec<(u8, u32, u32)>,
}

impl GradeTable {
    /// Parses a table: grades numbered 1, 2, … with rising amounts, the first from 0.
    pub fn parse(text: &str) -> Result<GradeTable, String> {
        let file: TableFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let grades: Vec<Grade> = file
            .grades
            .iter()
            .map(|&(grade, standard, from)| Grade {
                grade,
                standard,
                from,
            })
            .collect();
        if grades.first().map(|g| g.from) != Some(0) {
            return Err("the first grade must start at 0".into());
        }
        for (i, w) in grades.windows(2).enumerate() {
            let (a, b) = (w[0], w[1]);
            if usize::from(a.grade) != i + 1 || b.grade != a.grade.saturating_add(1) {
                return Err(format!("grade {} is out of order", b.grade));
            }
            if b.from <= a.from || b.standard <= a.standard {
                return Err(format!("grade {} does not rise", b.grade));
            }
        }
        if !grades.iter().any(|g| g.standard == file.copay_30_from) {
            return Err("copay_30_from is no grade's 標準報酬月額".into());
        }
        Ok(GradeTable {
            valid_from: file.valid_from,
            source: file.source,
            copay_30_from: file.copay_30_from,
            grades,
        })
    }

    /// The embedded table (parsed once); `Err` only if the embedded file is broken.
    pub fn embedded() -> Result<&'static GradeTable, String> {
        static TABLE: OnceLock<Result<GradeTable, String>> = OnceLock::new();
        TABLE
            .get_or_init(|| {
                GradeTable::parse(include_str!(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/schemas/kenpo-standard-remuneration.toml"
                )))
            })
            .as_ref()
            .map_err(|e| format!("built-in 標準報酬月額 table: {e}"))
    }

    /// The grade a 報酬月額 falls in.
    pub fn grade_for(&self, monthly: u32) -> Grade {
        self.grades
            .iter()
            .rev()
            .find(|g| g.from <= monthly)
            .or(self.grades.first())
            .copied()
            .unwrap_or(Grade {
                grade: 0,
                standard: 0,
                from: 0,
            })
    }

    /// Every grade, lowest first.
    pub fn grades(&self) -> &[Grade] {
        &self.grades
    }

    /// True when a person of 70–74 whose insured is at `grade` pays 3割.
    pub fn pays_30(&self, grade: Grade) -> bool {
        grade.standard >= self.copay_30_from
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_follow_the_law() {
        let t = GradeTable::embedded().unwrap();
        assert_eq!(t.grades().len(), 50);
        // 健康保険法 第40条第1項: 第1級 58,000 (63,000未満), 第21級 280,000 (270,000以上290,000未満),
        // 第27級 410,000 (395,000以上425,000未満), 第50級 1,390,000 (1,355,000以上).
        assert_eq!(t.grade_for(0).grade, 1);
        assert_eq!(t.grade_for(62_999).standard, 58_000);
        assert_eq!(t.grade_for(63_000).standard, 68_000);
        assert_eq!(t.grade_for(269_999).grade, 20);
        assert_eq!(t.grade_for(270_000).grade, 21);
        assert_eq!(t.grade_for(270_000).standard, 280_000);
        assert_eq!(t.grade_for(400_000).standard, 410_000);
        assert_eq!(t.grade_for(1_354_999).grade, 49);
        assert_eq!(t.grade_for(9_999_999).grade, 50);
        assert_eq!(t.grade_for(9_999_999).standard, 1_390_000);
    }

    #[test]
    fn the_30_percent_line_is_280000() {
        let t = GradeTable::embedded().unwrap();
        assert!(!t.pays_30(t.grade_for(269_999)));
        assert!(t.pays_30(t.grade_for(270_000)));
    }

    #[test]
    fn broken_tables_are_refused() {
        let ok = "valid_from = \"x\"\nsource = \"x\"\ncopay_30_from = 20\ngrades = [[1, 10, 0], [2, 20, 15]]";
        assert!(GradeTable::parse(ok).is_ok());
        assert!(GradeTable::parse(&ok.replace("[2, 20, 15]", "[3, 20, 15]")).is_err());
        assert!(GradeTable::parse(&ok.replace("[2, 20, 15]", "[2, 20, 0]")).is_err());
        assert!(GradeTable::parse(&ok.replace("[1, 10, 0]", "[1, 10, 5]")).is_err());
        assert!(
            GradeTable::parse(&ok.replace("copay_30_from = 20", "copay_30_from = 25")).is_err()
        );
    }
}
