//! Business days of the society: not a Saturday or Sunday, not a national holiday (the Cabinet
//! Office's table, `schemas/calendar/holidays-jp.toml`), not one of the society's closed days
//! (`schemas/calendar/society.toml`, or `--closed-days`).
//!
//! The holiday table covers whole years. A date outside them is an error, never a guess: the
//! Cabinet Office fixes 春分の日 and 秋分の日 only a year ahead, so no rule can say them further.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Deserialize;

/// The national holidays of the embedded table.
#[derive(Debug)]
pub struct Holidays {
    /// Where the table comes from (a public source).
    pub source: String,
    /// The first year the table covers.
    pub first_year: i32,
    /// The last year the table covers.
    pub last_year: i32,
    days: HashMap<NaiveDate, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayFile {
    source: String,
    first_year: i32,
    last_year: i32,
    days: Vec<(String, String)>,
}

impl Holidays {
    /// Parses a holiday table; every day must lie in `first_year..=last_year`.
    pub fn parse(text: &str) -> Result<Holidays, String> {
        let file: HolidayFile = toml::from_str(text).map_err(|e| e.to_string())?;
        if file.first_year > file.last_year {
            return Err("first_year is after last_year".into());
        }
        let mut days = HashMap::new();
        for (date, name) in file.days {
            let d =
                NaiveDate::parse_from_str(&date, "%Y-%m-%d").map_err(|e| format!("{date}: {e}"))?;
            if !(file.first_year..=file.last_year).contains(&d.year()) {
                return Err(format!(
                    "{date} is outside {}–{}",
                    file.first_year, file.last_year
                ));
            }
            if days.insert(d, name).is_some() {
                return Err(format!("{date} is listed twice"));
            }
        }
        Ok(Holidays {
            source: file.source,
            first_year: file.first_year,
            last_year: file.last_year,
            days,
        })
    }

    /// The embedded table (parsed once).
    pub fn embedded() -> Result<&'static Holidays, CalendarError> {
        static TABLE: OnceLock<Result<Holidays, String>> = OnceLock::new();
        TABLE
            .get_or_init(|| {
                Holidays::parse(include_str!(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/schemas/calendar/holidays-jp.toml"
                )))
            })
            .as_ref()
            .map_err(|e| CalendarError::BrokenTable(e.clone()))
    }

    /// The holiday's name when `d` is a national holiday; an error when the table does not
    /// cover `d`'s year.
    pub fn name(&self, d: NaiveDate) -> Result<Option<&str>, CalendarError> {
        if !(self.first_year..=self.last_year).contains(&d.year()) {
            return Err(CalendarError::NotCovered {
                date: d,
                first_year: self.first_year,
                last_year: self.last_year,
            });
        }
        Ok(self.days.get(&d).map(String::as_str))
    }
}

/// One closed-day entry of the society.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closed {
    /// The same span every year, `from..=to` as (month, day); `to` before `from` wraps over the
    /// new year (12-29..01-03).
    Annual {
        /// The first closed day, (month, day).
        from: (u32, u32),
        /// The last closed day, (month, day).
        to: (u32, u32),
    },
    /// One date.
    Date(NaiveDate),
}

impl Closed {
    fn contains(self, d: NaiveDate) -> bool {
        match self {
            Closed::Date(x) => x == d,
            Closed::Annual { from, to } => {
                let md = (d.month(), d.day());
                if from <= to {
                    from <= md && md <= to
                } else {
                    md >= from || md <= to
                }
            }
        }
    }
}

impl fmt::Display for Closed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Closed::Date(d) => write!(f, "{d}"),
            Closed::Annual { from, to } if from == to => write!(f, "{:02}-{:02}", from.0, from.1),
            Closed::Annual { from, to } => {
                write!(f, "{:02}-{:02}..{:02}-{:02}", from.0, from.1, to.0, to.1)
            }
        }
    }
}

/// A month and day that exist in some year (02-29 included).
fn month_day(s: &str) -> Result<(u32, u32), String> {
    let bad = || format!("`{s}` is not MM-DD");
    let (m, d) = s.split_once('-').ok_or_else(bad)?;
    if m.len() != 2 || d.len() != 2 {
        return Err(bad());
    }
    let m: u32 = m.parse().map_err(|_| bad())?;
    let d: u32 = d.parse().map_err(|_| bad())?;
    NaiveDate::from_ymd_opt(2024, m, d).ok_or_else(bad)?;
    Ok((m, d))
}

impl FromStr for Closed {
    type Err = String;

    fn from_str(s: &str) -> Result<Closed, String> {
        let s = s.trim();
        if let Some((a, b)) = s.split_once("..") {
            return Ok(Closed::Annual {
                from: month_day(a.trim())?,
                to: month_day(b.trim())?,
            });
        }
        if s.len() == 10 {
            return NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(Closed::Date)
                .map_err(|_| format!("`{s}` is not a date (YYYY-MM-DD)"));
        }
        let md = month_day(s)?;
        Ok(Closed::Annual { from: md, to: md })
    }
}

/// The society's closed days: a list of [`Closed`] entries.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClosedDays(pub Vec<Closed>);

impl ClosedDays {
    /// `none`, or entries separated by commas: `12-29..01-03,08-13..08-15,2026-12-28`.
    pub fn parse(s: &str) -> Result<ClosedDays, String> {
        if s.trim() == "none" {
            return Ok(ClosedDays(Vec::new()));
        }
        s.split(',')
            .filter(|p| !p.trim().is_empty())
            .map(Closed::from_str)
            .collect::<Result<Vec<_>, _>>()
            .map(ClosedDays)
    }

    /// The society's default (`schemas/calendar/society.toml`).
    pub fn society_default() -> Result<ClosedDays, CalendarError> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct SocietyFile {
            #[allow(dead_code)]
            source: String,
            closed: Vec<String>,
        }
        static DEFAULT: OnceLock<Result<ClosedDays, String>> = OnceLock::new();
        DEFAULT
            .get_or_init(|| {
                let file: SocietyFile = toml::from_str(include_str!(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/schemas/calendar/society.toml"
                )))
                .map_err(|e| e.to_string())?;
                file.closed
                    .iter()
                    .map(|c| c.parse())
                    .collect::<Result<Vec<_>, _>>()
                    .map(ClosedDays)
            })
            .clone()
            .map_err(CalendarError::BrokenTable)
    }

    /// True when `d` is a closed day.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.0.iter().any(|c| c.contains(d))
    }
}

impl fmt::Display for ClosedDays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("none");
        }
        for (i, c) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

/// Why a date could not be counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarError {
    /// The holiday table does not cover the year of `date`.
    NotCovered {
        /// The date asked about.
        date: NaiveDate,
        /// The first year the table covers.
        first_year: i32,
        /// The last year the table covers.
        last_year: i32,
    },
    /// An embedded table does not parse (a build defect; tests catch it).
    BrokenTable(String),
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CalendarError::NotCovered {
                date,
                first_year,
                last_year,
            } => write!(
                f,
                "{date} は祝日表（{first_year}〜{last_year}年、内閣府）の範囲外のため営業日を数えられません。\
                 --issue-on で発行日を指定するか、schemas/calendar/holidays-jp.toml を更新してください \
                 ({date} is outside the holiday table, {first_year}–{last_year}: give --issue-on or update the table)"
            ),
            CalendarError::BrokenTable(e) => write!(f, "built-in calendar table: {e}"),
        }
    }
}

impl CalendarError {
    /// What went wrong, in both languages.
    pub fn text(&self) -> crate::diag::Text {
        match self {
            CalendarError::NotCovered {
                date,
                first_year,
                last_year,
            } => crate::diag::Text::new(
                format!(
                    "{date} は祝日表（{first_year}〜{last_year}年、内閣府）の範囲外のため営業日を数えられません。\
                     --issue-on で発行日を指定するか、schemas/calendar/holidays-jp.toml を更新してください"
                ),
                format!(
                    "{date} is outside the holiday table ({first_year}–{last_year}): give --issue-on \
                     or update schemas/calendar/holidays-jp.toml"
                ),
            ),
            CalendarError::BrokenTable(e) => crate::diag::Text::new(
                "組み込みの暦の表を読めません（ビルドの不具合です）",
                format!("built-in calendar table: {e}"),
            ),
        }
    }
}

impl std::error::Error for CalendarError {}

/// Business days: weekends, national holidays and the society's closed days are not.
#[derive(Debug, Clone)]
pub struct Calendar {
    holidays: &'static Holidays,
    /// The society's own closed days (年末年始 and the like).
    pub closed: ClosedDays,
}

impl Calendar {
    /// A calendar of the national holidays `holidays` and the society's `closed` days.
    pub fn new(holidays: &'static Holidays, closed: ClosedDays) -> Calendar {
        Calendar { holidays, closed }
    }

    /// The embedded holidays with the given closed days.
    pub fn embedded(closed: ClosedDays) -> Result<Calendar, CalendarError> {
        Ok(Calendar::new(Holidays::embedded()?, closed))
    }

    /// The national holiday table in use.
    pub fn holidays(&self) -> &'static Holidays {
        self.holidays
    }

    /// True for a weekday that is neither a national holiday nor a closed day; an error beyond the
    /// holiday table.
    pub fn is_business_day(&self, d: NaiveDate) -> Result<bool, CalendarError> {
        let holiday = self.holidays.name(d)?.is_some();
        let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        Ok(!holiday && !weekend && !self.closed.contains(d))
    }

    /// The `n`th business day after `from` (`from` itself is never counted, so a filing
    /// received on a Saturday counts from Monday).
    pub fn add_business_days(&self, from: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        let mut d = from;
        let mut left = n;
        // The holiday table is finite, so this ends: at the latest with `NotCovered`.
        while left > 0 {
            d = next_day(d, self.holidays)?;
            if self.is_business_day(d)? {
                left -= 1;
            }
        }
        Ok(d)
    }

    /// `d` when it is a business day, else the next business day after it.
    pub fn on_or_after(&self, d: NaiveDate) -> Result<NaiveDate, CalendarError> {
        let mut d = d;
        while !self.is_business_day(d)? {
            d = next_day(d, self.holidays)?;
        }
        Ok(d)
    }
}

fn next_day(d: NaiveDate, h: &Holidays) -> Result<NaiveDate, CalendarError> {
    d.checked_add_signed(Duration::days(1))
        .ok_or(CalendarError::NotCovered {
            date: d,
            first_year: h.first_year,
            last_year: h.last_year,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn calendar() -> Calendar {
        Calendar::embedded(ClosedDays::society_default().unwrap()).unwrap()
    }

    #[test]
    fn the_embedded_tables_load_and_cover_2027() {
        let h = Holidays::embedded().unwrap();
        assert!(h.last_year >= 2027);
        // Spot checks against the Cabinet Office table (not generated: read from its CSV).
        assert_eq!(h.name(day("2027-03-22")).unwrap(), Some("休日"));
        assert_eq!(h.name(day("2026-09-22")).unwrap(), Some("休日"));
        assert_eq!(h.name(day("2025-11-24")).unwrap(), Some("休日"));
        assert_eq!(h.name(day("2026-11-24")).unwrap(), None);
        assert_eq!(
            ClosedDays::society_default().unwrap().to_string(),
            "12-29..01-03"
        );
    }

    #[test]
    fn golden_week_is_skipped() {
        // Received Tue 2026-04-28: 4/29 昭和の日, 5/2–5/6 weekend, 憲法記念日, みどりの日,
        // こどもの日 and 休日 (振替) are not counted.
        let c = calendar();
        assert_eq!(
            c.add_business_days(day("2026-04-28"), 1).unwrap(),
            day("2026-04-30")
        );
        assert_eq!(
            c.add_business_days(day("2026-04-28"), 3).unwrap(),
            day("2026-05-07")
        );
        assert_eq!(
            c.add_business_days(day("2026-04-28"), 7).unwrap(),
            day("2026-05-13")
        );
    }

    #[test]
    fn the_new_year_closing_is_skipped() {
        // Thu 2026-12-24: 12/25 (1), 12/28 (2), closed 12/29–1/3, 1/4 (3) … 1/8 (7); 1/11 is 成人の日.
        let c = calendar();
        assert_eq!(
            c.add_business_days(day("2026-12-24"), 2).unwrap(),
            day("2026-12-28")
        );
        assert_eq!(
            c.add_business_days(day("2026-12-24"), 3).unwrap(),
            day("2027-01-04")
        );
        assert_eq!(
            c.add_business_days(day("2026-12-24"), 7).unwrap(),
            day("2027-01-08")
        );
        assert_eq!(
            c.add_business_days(day("2027-01-07"), 2).unwrap(),
            day("2027-01-12")
        );
        // Without the closing, 12/29 and 12/30 count.
        let open = Calendar::embedded(ClosedDays::default()).unwrap();
        assert_eq!(
            open.add_business_days(day("2026-12-24"), 3).unwrap(),
            day("2026-12-29")
        );
    }

    #[test]
    fn a_saturday_receipt_counts_from_monday() {
        let c = calendar();
        assert_eq!(
            c.add_business_days(day("2025-03-22"), 1).unwrap(),
            day("2025-03-24")
        );
        assert_eq!(c.on_or_after(day("2025-04-05")).unwrap(), day("2025-04-07"));
        assert_eq!(c.on_or_after(day("2025-04-07")).unwrap(), day("2025-04-07"));
    }

    #[test]
    fn beyond_the_table_is_an_error() {
        let c = calendar();
        // 2027-12-24 + 7 business days reaches January 2028, which the table does not cover.
        let e = c.add_business_days(day("2027-12-24"), 7).unwrap_err();
        assert!(
            matches!(e, CalendarError::NotCovered { date, last_year: 2027, .. } if date.year() == 2028)
        );
        assert!(c.is_business_day(day("2019-06-03")).is_err());
        // Everything closed: the walk still ends, at the end of the table.
        let all = Calendar::embedded(ClosedDays::parse("01-01..12-31").unwrap()).unwrap();
        assert!(all.add_business_days(day("2026-01-05"), 1).is_err());
    }

    #[test]
    fn closed_days_parse() {
        let c = ClosedDays::parse("12-29..01-03, 08-13..08-15,2026-12-28,05-01").unwrap();
        assert_eq!(c.to_string(), "12-29..01-03,08-13..08-15,2026-12-28,05-01");
        assert!(c.contains(day("2026-12-31")));
        assert!(c.contains(day("2027-01-03")));
        assert!(!c.contains(day("2027-01-04")));
        assert!(c.contains(day("2026-08-14")));
        assert!(c.contains(day("2026-12-28")));
        assert!(!c.contains(day("2027-12-28")));
        assert!(c.contains(day("2031-05-01")));
        assert_eq!(ClosedDays::parse("none").unwrap(), ClosedDays::default());
        for bad in [
            "13-01",
            "12-32",
            "1-3",
            "2026-02-30",
            "x",
            "12-29..",
            "02-30..03-01",
        ] {
            assert!(ClosedDays::parse(bad).is_err(), "{bad}");
        }
        assert!(ClosedDays::parse("02-29").is_ok());
    }
}
