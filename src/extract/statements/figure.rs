//! Rule family **figure**: the numbers a statement gives.
//!
//! Every count of people in what is said (or else the first count of
//! formations), each with its qualifier (`[figure]` in `data/lexicon.toml`:
//! `person_units`, `formation_units`, `[[figure.qualifier]]`; numbers from
//! `[numbers]`): "around 2,600 soldiers" → 2600, about, soldiers; "two
//! brigades of 6,000 men each" → 6000 men; "471 killed, with more than 300
//! wounded" → two statements, one a count; "100 to 300 people" → 100.

use crate::extract::lexicon::Lexicon;
use crate::extract::numbers::number_at;
use crate::extract::{Figure, Qualifier, Reading};

/// The counts a statement gives, in text order: every count of people, or
/// else the first count of formations. A range ("100 to 300 people") is
/// one count, its lower bound. "At least 471 people were killed, with more
/// than 300 wounded" gives two.
pub(super) fn figures(
    cx: Reading<'_>,
    lexicon: &Lexicon,
    content: std::ops::Range<usize>,
) -> Vec<Figure> {
    let (person, formation) = (
        &lexicon.figures.person_units,
        &lexicon.figures.formation_units,
    );
    let mut people: Vec<Figure> = Vec::new();
    let mut formations: Option<Figure> = None;
    let mut k = content.start;
    while k < content.end {
        let Some((value, used)) = number_at(cx.doc, lexicon, k, content.end) else {
            k += 1;
            continue;
        };
        // Up to three words (adjectives, quotes) between number and unit.
        let mut unit = None;
        let mut j = k + used;
        let mut gap = 0;
        while j < content.end && gap <= 3 {
            let units = person
                .iter()
                .map(|u| (true, u))
                .chain(formation.iter().map(|u| (false, u)));
            let hit = units
                .filter(|(_, u)| cx.doc.matches_at(j, u))
                .max_by_key(|(_, u)| u.len());
            if let Some((is_person, u)) = hit {
                unit = Some((is_person, u.join(" "), j + u.len()));
                break;
            }
            if matches!(cx.doc.tok(j), "," | "." | ";") {
                break;
            }
            j += 1;
            gap += 1;
        }
        let Some((is_person, unit_name, unit_end)) = unit else {
            k += used;
            continue;
        };
        let figure = Figure {
            value,
            qualifier: qualifier_before(cx, lexicon, k, content.start),
            unit: unit_name,
            span: cx.doc.span_of(k, unit_end),
        };
        if is_person {
            people.push(figure);
        } else if formations.is_none() {
            formations = Some(figure);
        }
        // The unit ends the count: the upper bound of a range is not another.
        k = unit_end;
    }
    if people.is_empty() {
        formations.into_iter().collect()
    } else {
        people
    }
}

pub(super) fn qualifier_before(
    cx: Reading<'_>,
    lexicon: &Lexicon,
    k: usize,
    start: usize,
) -> Qualifier {
    for (phrase, qualifier) in &lexicon.qualifiers {
        if k >= start + phrase.len() && cx.doc.matches_at(k - phrase.len(), phrase) {
            return *qualifier;
        }
    }
    Qualifier::Exactly
}
