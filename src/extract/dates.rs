//! Dates named in the text, resolved against the publication date: "on
//! Friday", "on October 16, 2024", "on 4 October", "in June", "Oct. 3",
//! "by November 1" (a deadline looks ahead). Reads `[dates]` of
//! `data/lexicon.toml`: `weekdays`, `months`, `deadline_words`.

use super::document::Document;
use crate::date::{Date, PartialDate};

/// A date named in the sentence, resolved against the publication date:
/// "on Friday", "on October 16, 2024", "on 4 October", "in June".
pub fn sentence_date(doc: &Document<'_>, sentence: usize) -> Option<PartialDate> {
    date_in(doc, doc.sentence_tokens[sentence].clone())
}

/// The first date named in a token range, resolved as [`sentence_date`].
pub fn date_in(doc: &Document<'_>, range: std::ops::Range<usize>) -> Option<PartialDate> {
    let published = doc.article.published;
    for k in range.clone() {
        let lower = doc.lower(k);
        if let Some(wd) = doc.lexicon.dates.weekdays.position(lower) {
            let published = published?;
            return Some(PartialDate::Day(published.last_weekday(wd as u8)));
        }
        // "October", or "Oct." / "Sept." abbreviated with a period.
        let abbreviated =
            k + 1 < range.end && doc.tok(k + 1) == "." && (3..=4).contains(&lower.len());
        let month = doc.lexicon.dates.months.iter().position(|m| {
            m == lower
                || (abbreviated && (m.starts_with(lower) && (lower.len() == 3 || lower == "sept")))
        });
        if let Some(month) = month {
            let month = month as u8 + 1;
            let after = if abbreviated { k + 2 } else { k + 1 };
            // "October 16, 2024", "16 October 2024", "4 October", "Oct. 3".
            let number_at = |j: usize| {
                (j < range.end)
                    .then(|| doc.tok(j).parse::<i32>().ok())
                    .flatten()
            };
            let day_after = number_at(after).filter(|d| (1..=31).contains(d));
            let day_before = k
                .checked_sub(1)
                .filter(|&j| j >= range.start)
                .and_then(number_at)
                .filter(|d| (1..=31).contains(d));
            let year_at = |j: usize| number_at(j).filter(|y| (1900..2200).contains(y));
            let day = day_after.or(day_before);
            // "by November 1": a deadline looks ahead; other dates look back.
            let ahead = k
                .checked_sub(1)
                .is_some_and(|j| doc.lexicon.dates.deadline_words.contains(doc.lower(j)));
            let year = year_at(after)
                .or_else(|| year_at(after + 2))
                .or_else(|| year_at(after + 1))
                .or_else(|| {
                    let p = published?;
                    Some(match (ahead, month > p.month, month < p.month) {
                        (true, _, true) => p.year + 1,
                        (false, true, _) => p.year - 1,
                        _ => p.year,
                    })
                });
            let Some(year) = year else { continue };
            return match day.and_then(|d| Date::new(year, month, d as u8)) {
                Some(date) => Some(PartialDate::Day(date)),
                None => Some(PartialDate::Month { year, month }),
            };
        }
    }
    None
}
