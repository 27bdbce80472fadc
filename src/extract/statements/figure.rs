//! Rule family **figure**: the number a statement gives.
//!
//! The first count of people (or else of formations) in what is said, with
//! its qualifier (`[figure]` in `data/lexicon.toml`: `person_units`,
//! `formation_units`, `[[figure.qualifier]]`; numbers from `[numbers]`): "around 2,600
//! soldiers" → 2600, about, soldiers; "two brigades of 6,000 men each" →
//! 6000 men.

use crate::extract::lexicon::Lexicon;
use crate::extract::numbers::number_at;
use crate::extract::{Figure, Qualifier, Reading};

/// The figure of a statement: prefer counts of people over formations.
pub(super) fn figure(
    cx: Reading<'_>,
    lexicon: &Lexicon,
    content: std::ops::Range<usize>,
) -> Option<Figure> {
    let (person, formation) = (
        &lexicon.figures.person_units,
        &lexicon.figures.formation_units,
    );
    let mut best: Option<(bool, Figure)> = None;
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
        if let Some((is_person, unit_name, unit_end)) = unit {
            let qualifier = qualifier_before(cx, lexicon, k, content.start);
            let figure = Figure {
                value,
                qualifier,
                unit: unit_name,
                span: cx.doc.span_of(k, unit_end),
            };
            let better = match &best {
                None => true,
                Some((best_person, _)) => is_person && !best_person,
            };
            if better {
                best = Some((is_person, figure));
            }
            if is_person {
                break;
            }
        }
        k += used;
    }
    best.map(|(_, f)| f)
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
