//! Rule family **proposition**: what a statement is about.
//!
//! The first rule of `[proposition]` in `data/lexicon.toml` with a keyword in
//! what is said; subject and object are the first states, units, places or
//! organisations named (other than the speaker).

use crate::extract::lexicon::Lexicon;
use crate::extract::{EntityIdx, Kind, Predicate, Proposition, Reading};

/// What a statement is about: predicate from keywords, subject and object
/// from the states, units and places it names.
pub(super) fn proposition(
    cx: Reading<'_>,
    lexicon: &Lexicon,
    content: std::ops::Range<usize>,
    words: &[String],
    speaker: EntityIdx,
) -> Proposition {
    let predicate = lexicon
        .predicate_index
        .groups_in(words, lexicon.predicates.len())
        .iter()
        .position(|&hit| hit)
        .map_or(Predicate::RelatedTo, |i| lexicon.predicates[i].0);
    let mut participants: Vec<EntityIdx> = Vec::new();
    let extraction = cx.table;
    let mut k = content.start;
    while k < content.end {
        if let Some(m) = cx.table.mention_at(k) {
            let kind = cx.table.entity(m.entity).kind;
            if matches!(
                kind,
                Kind::State | Kind::MilitaryUnit | Kind::Place | Kind::Organization
            ) && m.entity != speaker
                && !participants.contains(&m.entity)
            {
                participants.push(m.entity);
            }
        } else if let Some((_, entry)) = cx.doc.state_of_demonym_at(k) {
            let key = &lexicon.entries[entry].id;
            if let Some(pos) = extraction.entities.iter().position(|e| &e.key == key) {
                let idx = EntityIdx(pos);
                if !participants.contains(&idx) {
                    participants.push(idx);
                }
            }
        }
        k += 1;
    }
    // The subject is the first actor (a place in a dateline or an adverbial
    // rarely is one); the object is the next participant after it.
    let subject_at = participants
        .iter()
        .position(|&e| cx.table.entity(e).kind != Kind::Place)
        .unwrap_or(0);
    Proposition {
        subject: participants.get(subject_at).copied(),
        predicate,
        object: participants.get(subject_at + 1).copied(),
    }
}
