//! Events and ties the article reports as fact. Reads `[relations]` of
//! `data/lexicon.toml` (the verbs and nouns of each rule) and `[titles]`.
//! One file per family: [`ties`] (offices, structure, containment),
//! [`events`] (pacts, meetings, summons, visits, cooperation,
//! casualties, deployments), [`conflict`] (wars, occupations).
//!
//! Rules:
//! - **Office ties** from titles: "Kremlin spokesman Dmitry Peskov" →
//!   Peskov spokespersonFor Kremlin; "NATO Secretary-General Mark Rutte" →
//!   leads NATO; "British Defense Secretary John Healey" → holdsOfficeIn
//!   United Kingdom; "a former director of ... Center" → formerlyServedIn.
//! - **Structure**: an agency or unit with a state → partOf the state; UN
//!   organs → partOf United Nations; "a North Korean Ministry of Foreign
//!   Affairs official" → memberOf the ministry ("a State Department
//!   spokesperson" → spokespersonFor).
//! - **Containment**: "Pyongyang, North Korea", "Russia’s Kursk region",
//!   "NATO headquarters in Brussels", "Kursk, a region of Russia", "the
//!   southern Russian city of Rostov", "the occupied regions of Ukraine",
//!   "the Donetsk region in eastern Ukraine" (in Ukraine) → locatedIn.
//! - **Pacts**: "signed a ... pact/treaty/partnership" → signsPactWith between
//!   the parties named before the verb ("the two countries" → the last two
//!   states named), with the date ("in June", "on June 19, 2024") and place.
//! - **Meetings and summons**: "X convened/held an ... meeting with A, B and
//!   C" → convenesMeeting; "X summoned the Russian ambassador" → summons.
//! - **Visits**: "Putin visited Pyongyang", "Umerov's visit to Seoul",
//!   "Visiting Japanese Foreign Minister Takeshi Iwaya said in Ukraine" →
//!   visits.
//! - **Cooperation**: "military cooperation between Russia and the DPRK",
//!   "Moscow and Pyongyang have deepened their partnership" →
//!   cooperatesWith.
//! - **Deployments**, narrated: "North Korean troops have been sent to
//!   Kursk" → deploysTo.
//! - **War**: "Russia’s war in/on/against Ukraine", "the Russian invasion
//!   of Ukraine", "the Russia-Ukraine war", "the war between A and B" →
//!   atWarWith.
//! - **Occupation**: "Russian-held Crimea", "under Russian control",
//!   "Russian occupation in the city of Bucha", "Russia controls most of
//!   Zaporizhzhia" → occupies.

mod conflict;
mod events;
mod ties;

use super::Reading;
use super::lexicon::{Lexicon, Words};
use super::{EntityIdx, Extraction, Predicate, Relation, Span};
use conflict::{occupations, wars};
use events::{casualties, cooperation, deployments, meetings, pacts, visits};
use ties::{containment, office_ties, parts_of_states, sources_of_bodies, structure};

pub fn extract_relations(cx: Reading<'_>, lexicon: &Lexicon, out: &mut Extraction) {
    office_ties(cx, out);
    structure(cx, lexicon, out);
    sources_of_bodies(cx, out);
    parts_of_states(cx, out);
    for (s, range) in cx.doc.sentence_tokens.iter().enumerate() {
        let range = range.clone();
        containment(cx, s, range.clone(), out);
        pacts(cx, s, range.clone(), out);
        meetings(cx, s, range.clone(), out);
        visits(cx, s, range.clone(), out);
        // Cooperation, casualties and deployments someone speaks of are what
        // they say, not narrated fact: decided once per sentence.
        if narrated(cx, out, s, &range) {
            cooperation(cx, s, range.clone(), out);
            casualties(cx, s, range.clone(), out);
            deployments(cx, s, range.clone(), out);
        }
        wars(cx, s, range.clone(), out);
        occupations(cx, s, range, out);
    }
}

pub(super) fn relation(
    cx: Reading<'_>,
    subject: EntityIdx,
    predicate: Predicate,
    object: EntityIdx,
    sentence: usize,
    evidence: Span,
) -> Option<Relation> {
    (subject != object).then(|| Relation {
        subject,
        predicate,
        object,
        date: None,
        place: None,
        sentence: sentence.min(cx.doc.sentences.len().saturating_sub(1)),
        evidence,
    })
}

pub(super) fn sentence_at(cx: Reading<'_>, span: Span) -> usize {
    cx.doc.sentences.partition_point(|s| s.end <= span.start)
}

pub(super) fn entity_by_key(out: &Extraction, key: &str) -> Option<EntityIdx> {
    out.entities
        .iter()
        .position(|e| e.key == key)
        .map(EntityIdx)
}

/// The entity mentioned at token `t` if its kind passes `kind`.
pub(super) fn entity_at(
    cx: Reading<'_>,
    t: usize,
    kind: impl Fn(super::Kind) -> bool,
) -> Option<EntityIdx> {
    cx.table
        .mention_at(t)
        .map(|m| m.entity)
        .filter(|&e| kind(cx.table.entity(e).kind))
}

/// Adds an event dated by its sentence ("on Monday" → that Monday).
pub(super) fn dated(
    cx: Reading<'_>,
    out: &mut Extraction,
    subject: EntityIdx,
    predicate: Predicate,
    object: EntityIdx,
    sentence: usize,
    evidence: Span,
) {
    if let Some(mut r) = relation(cx, subject, predicate, object, sentence, evidence) {
        r.date = super::dates::sentence_date(cx.doc, sentence);
        out.relations.push(r);
    }
}

/// Whether sentence `s` narrates rather than reports: no statement was read
/// in it and no reporting cue stands in it (a statement merged into an
/// earlier one still leaves its cue).
fn narrated(cx: Reading<'_>, out: &Extraction, s: usize, range: &std::ops::Range<usize>) -> bool {
    let lexicon = cx.doc.lexicon;
    !out.statements.iter().any(|st| st.sentence == s)
        && !range.clone().any(|k| {
            lexicon
                .cue_index
                .starting_with(cx.doc.lower(k))
                .iter()
                .any(|(_, phrase)| cx.doc.matches_at(k, phrase))
        })
}

/// "He met later with ...": the person a pronoun subject of the verb at
/// `verb` stands for — the first person named in the nearest sentence
/// before that names one.
pub(super) fn pronoun_subject(
    cx: Reading<'_>,
    range: &std::ops::Range<usize>,
    verb: usize,
) -> Option<EntityIdx> {
    let skippable = &cx.doc.lexicon.speaker.skippable;
    let mut k = verb;
    while k > range.start && skippable.contains(cx.doc.lower(k - 1)) {
        k -= 1;
    }
    if k == range.start || !matches!(cx.doc.lower(k - 1), "he" | "she") {
        return None;
    }
    // The first person of the nearest sentence before that names one: the
    // subject the pronoun goes on with.
    let sentence = cx.doc.sentence_of_token(range.start);
    (0..sentence).rev().take(3).find_map(|p| {
        let before = cx.doc.sentence_tokens[p].clone();
        cx.table
            .mentions_in(cx.doc, before.start, before.end)
            .into_iter()
            .map(|(_, _, e)| e)
            .find(|&e| {
                matches!(
                    cx.table.entity(e).kind,
                    super::Kind::Official | super::Kind::Person
                )
            })
    })
}

/// The entity for a gazetteer id: the article's own, or else added without
/// a mention (a parent body, a state named only by its adjective).
pub(super) fn known_entity(out: &mut Extraction, lexicon: &Lexicon, id: &str) -> Option<EntityIdx> {
    if let Some(e) = entity_by_key(out, id) {
        return Some(e);
    }
    let entry = lexicon.entry(id)?;
    out.entities.push(super::Entity {
        key: entry.id.clone(),
        label: entry.name.clone(),
        kind: entry.kind,
        affiliation: entry.affiliation.clone(),
        wikidata: entry.wikidata.clone(),
        aliases: Vec::new(),
        mentions: 0,
    });
    Some(EntityIdx(out.entities.len() - 1))
}

pub(super) fn contains_word(
    cx: Reading<'_>,
    range: &std::ops::Range<usize>,
    words: &Words,
) -> Option<usize> {
    range.clone().find(|&k| words.contains(cx.doc.lower(k)))
}

#[cfg(test)]
mod tests;
