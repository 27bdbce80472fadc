//! Calendar dates: ISO parsing, weekdays and day arithmetic, enough to resolve
//! "on Friday" or "last June" against an article's publication date.

use std::fmt;

/// A proleptic Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// A date known to the precision the text gives: a day or only a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PartialDate {
    Day(Date),
    Month { year: i32, month: u8 },
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        (1..=12).contains(&month).then_some(())?;
        (day >= 1 && day <= days_in_month(year, month)).then_some(Self { year, month, day })
    }

    /// Parses `YYYY-MM-DD`, ignoring a trailing time (`2024-10-18T09:00:00Z`).
    pub fn parse(value: &str) -> Option<Self> {
        let value = value.trim();
        let date = value.split(['T', ' ']).next()?;
        let mut parts = date.split('-');
        // Four digits: years 1 to 9999, as xsd:date in XML Schema 1.0.
        let year = parts.next().filter(|y| y.len() == 4)?.parse().ok()?;
        if !(1..=9999).contains(&year) {
            return None;
        }
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        if parts.next().is_some() {
            return None;
        }
        Self::new(year, month, day)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Self { year, month, day }
    }

    pub fn add_days(self, days: i64) -> Self {
        Self::from_days(self.to_days() + days)
    }

    /// 0 = Monday ... 6 = Sunday.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (3).
        ((self.to_days() + 3).rem_euclid(7)) as u8
    }

    /// The most recent given weekday on or before this date: news "on Friday"
    /// means the last Friday up to the day of publication.
    pub fn last_weekday(self, weekday: u8) -> Self {
        let back = (i64::from(self.weekday()) - i64::from(weekday)).rem_euclid(7);
        self.add_days(-back)
    }
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Day(date) => date.fmt(f),
            Self::Month { year, month } => write!(f, "{year:04}-{month:02}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_iso_dates() {
        assert_eq!(Date::parse("2024-10-18").unwrap().to_string(), "2024-10-18");
        assert_eq!(Date::parse("2024-10-18T09:00:00Z").unwrap().day, 18);
        assert_eq!(Date::parse("2024-02-30"), None);
        assert_eq!(Date::parse("yesterday"), None);
        assert_eq!(Date::parse("12024-10-18"), None);
        assert_eq!(Date::parse("0000-10-18"), None);
        assert_eq!(Date::parse("+2024-10-18"), None);
    }

    #[test]
    fn weekdays_and_arithmetic() {
        let friday = Date::parse("2024-10-18").unwrap();
        assert_eq!(friday.weekday(), 4);
        assert_eq!(friday.last_weekday(0).to_string(), "2024-10-14");
        assert_eq!(friday.last_weekday(4), friday);
        assert_eq!(friday.add_days(-18).to_string(), "2024-09-30");
        assert_eq!(Date::from_days(friday.to_days()), friday);
    }
}
