//! Japanese era dates: 元号 code + YYMMDD, with the real era boundaries.

use chrono::NaiveDate;

/// A Japanese era as coded in filings (1 明治, 3 大正, 5 昭和, 7 平成, 9 令和).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Era {
    /// The code filings use (`5` 昭和, `7` 平成, `9` 令和).
    pub code: u8,
    /// The era's name (`令和`).
    pub name: &'static str,
    /// The era's name in Latin letters (`Reiwa`).
    pub name_en: &'static str,
    /// Western year of 元年 minus one.
    offset: i32,
    first: (i32, u32, u32),
    /// Last day, or `None` for the current era.
    last: Option<(i32, u32, u32)>,
}

/// Every era filings can name, oldest first.
pub const ERAS: [Era; 5] = [
    Era {
        code: 1,
        name: "明治",
        name_en: "Meiji",
        offset: 1867,
        first: (1868, 1, 25),
        last: Some((1912, 7, 29)),
    },
    Era {
        code: 3,
        name: "大正",
        name_en: "Taisho",
        offset: 1911,
        first: (1912, 7, 30),
        last: Some((1926, 12, 24)),
    },
    Era {
        code: 5,
        name: "昭和",
        name_en: "Showa",
        offset: 1925,
        first: (1926, 12, 25),
        last: Some((1989, 1, 7)),
    },
    Era {
        code: 7,
        name: "平成",
        name_en: "Heisei",
        offset: 1988,
        first: (1989, 1, 8),
        last: Some((2019, 4, 30)),
    },
    Era {
        code: 9,
        name: "令和",
        name_en: "Reiwa",
        offset: 2018,
        first: (2019, 5, 1),
        last: None,
    },
];

impl Era {
    /// The era coded `code`.
    pub fn by_code(code: u8) -> Option<Era> {
        ERAS.iter().copied().find(|e| e.code == code)
    }

    /// The era named `name` (`令和` or `Reiwa`).
    pub fn by_name(name: &str) -> Option<Era> {
        ERAS.iter().copied().find(|e| e.name == name)
    }

    /// The era a western date falls in.
    pub fn of(date: NaiveDate) -> Option<Era> {
        ERAS.iter().copied().find(|e| e.contains(date))
    }

    fn contains(&self, d: NaiveDate) -> bool {
        let first = NaiveDate::from_ymd_opt(self.first.0, self.first.1, self.first.2);
        let last = self
            .last
            .and_then(|(y, m, dd)| NaiveDate::from_ymd_opt(y, m, dd));
        first.is_some_and(|f| d >= f) && last.is_none_or(|l| d <= l)
    }

    /// The year of this era a western year is (1 = 元年).
    pub fn year_of(&self, date: NaiveDate) -> i32 {
        chrono::Datelike::year(&date) - self.offset
    }
}

/// Why an era date is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EraDateError {
    /// The era code is not 1/3/5/7/9.
    UnknownEra,
    /// Not six half-width digits.
    NotYymmdd,
    /// Year 00, month 13, 2月30日 …
    NoSuchDay,
    /// A real day, but not in that era (平成31年5月1日, 令和元年4月30日).
    OutsideEra,
}

/// Converts 元号 code + YYMMDD to a western date.
pub fn to_date(era_code: u8, yymmdd: &str) -> Result<NaiveDate, EraDateError> {
    let era = Era::by_code(era_code).ok_or(EraDateError::UnknownEra)?;
    let b = yymmdd.as_bytes();
    if b.len() != 6 || !b.iter().all(u8::is_ascii_digit) {
        return Err(EraDateError::NotYymmdd);
    }
    let num = |i: usize| i32::from(b[i] - b'0') * 10 + i32::from(b[i + 1] - b'0');
    let (yy, mm, dd) = (num(0), num(2), num(4));
    if yy == 0 {
        return Err(EraDateError::NoSuchDay);
    }
    let date = NaiveDate::from_ymd_opt(era.offset + yy, mm as u32, dd as u32)
        .ok_or(EraDateError::NoSuchDay)?;
    if era.contains(date) {
        Ok(date)
    } else {
        Err(EraDateError::OutsideEra)
    }
}

/// Writes a western date as 元号 code + YYMMDD.
pub fn from_date(date: NaiveDate) -> Option<(u8, String)> {
    let era = Era::of(date)?;
    let y = era.year_of(date);
    Some((era.code, format!("{:02}{}", y, date.format("%m%d"))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn era_boundaries() {
        assert_eq!(to_date(7, "310430"), Ok(d(2019, 4, 30)));
        assert_eq!(to_date(7, "310501"), Err(EraDateError::OutsideEra));
        assert_eq!(to_date(9, "010501"), Ok(d(2019, 5, 1)));
        assert_eq!(to_date(9, "010430"), Err(EraDateError::OutsideEra));
        assert_eq!(to_date(9, "000501"), Err(EraDateError::NoSuchDay));
        assert_eq!(to_date(5, "640107"), Ok(d(1989, 1, 7)));
        assert_eq!(to_date(7, "010107"), Err(EraDateError::OutsideEra));
        assert_eq!(to_date(7, "010108"), Ok(d(1989, 1, 8)));
        assert_eq!(to_date(9, "060230"), Err(EraDateError::NoSuchDay));
        assert_eq!(to_date(9, "060229"), Ok(d(2024, 2, 29)));
        assert_eq!(to_date(2, "060101"), Err(EraDateError::UnknownEra));
        assert_eq!(to_date(9, "6011"), Err(EraDateError::NotYymmdd));
        assert_eq!(to_date(9, "０６０１０１"), Err(EraDateError::NotYymmdd));
    }

    #[test]
    fn round_trip() {
        for date in [
            d(1925, 3, 1),
            d(1989, 1, 7),
            d(1989, 1, 8),
            d(2019, 5, 1),
            d(2024, 12, 2),
        ] {
            let (era, s) = from_date(date).unwrap();
            assert_eq!(to_date(era, &s), Ok(date));
        }
        assert_eq!(from_date(d(2019, 5, 1)), Some((9, "010501".to_string())));
    }
}
