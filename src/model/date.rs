//! A date as the text writes it: possibly without a day, month or year.

use chrono::NaiveDate;

/// How much of a date the text states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    Day,
    Month,
    Year,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Year => "year",
        }
    }
}

/// A date expression found in text. The year may be missing ("7 June"),
/// to be supplied by the document's period or headline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateExpr {
    pub as_written: String,
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl DateExpr {
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// The date, its missing parts taken as the first of the month or year.
    pub fn to_date(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year?, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The same expression with the year supplied, when it lacks one.
    pub fn with_year(&self, year: i32) -> DateExpr {
        let mut d = self.clone();
        if d.year.is_none() {
            d.year = Some(year);
        }
        d
    }
}
