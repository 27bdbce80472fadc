//! Finding the actors and places an article mentions and resolving them to
//! entities.
//!
//! Each rule family has its own module; [`RULES`] lists the passes in the
//! order they run. Earlier, more certain rules claim their tokens first and
//! later ones cannot overlap them (a longer phrase may take over a mention
//! and keep it as a nested one):
//! 1. [`gazetteer`] — leftmost-longest aliases; capitals resolved to city or
//!    state by context ("a summit in Pyongyang" is the city, "Pyongyang
//!    denied" the state).
//! 2. [`bodies`] — names after a description ("the nuclear agency
//!    Energoatom" → Organization), before a name that speaks is taken for a
//!    person.
//! 3. [`titles`] — titled names ("Pentagon spokesperson Sabrina Singh" →
//!    Official, of the United States) and appositions ("Carl Schuster,
//!    former director of ..." → Person); then the states named in titles.
//! 4. [`bodies`] — government bodies named generically with their owner
//!    ("Russia's foreign ministry", "the Health Ministry in Gaza"), then
//!    capitalised phrases ending in a head noun ("National Security Office"
//!    → Agency).
//! 5. [`anonymous`] — anonymous and collective sources ("a senior Ukrainian
//!    official", "Ukrainian media", "analysts").
//! 6. [`outlets`] — outlets by role ("told The Drive" → MediaOutlet).
//! 7. [`places`] and [`units`] — places and units by shape ("eastern
//!    Russia", "Sergeevka training ground", "special forces", "four
//!    brigades"), one scan in the order of [`SHAPE_RULES`].
//! 8. [`coreference`] — surnames, "the president", "the official"; then
//!    an unknown surname that speaks is a person ([`titles`]).
//! 9. [`offices`] — the offices of leaders ("President Yoon's office").
//! 10. [`units`] again — a free nationality adjective mentions its state
//!     ("North Korean troops", "the Swedish economic zone").

mod anonymous;
mod bodies;
mod coreference;
mod gazetteer;
mod offices;
mod outlets;
mod places;
mod titles;
mod units;

use super::document::Document;
use super::entities::EntityTable;
use super::lexicon::Lexicon;
use super::text::TokenKind;
use super::{EntityIdx, Kind, Span};

/// A mention rule: one pass over the document.
type Rule = fn(&mut Resolver<'_>);

/// The mention rules in the order they run, each with the name its doc and
/// `data/lexicon.toml` use.
pub(super) const RULES: &[(&str, Rule)] = &[
    ("gazetteer", |r| r.gazetteer()),
    ("described_organisations", |r| r.described_organisations()),
    ("titled_names", |r| r.titled_names()),
    ("title_states", |r| r.mention_title_states()),
    ("common_bodies", |r| r.common_bodies()),
    ("bodies", |r| r.bodies()),
    ("anonymous", |r| r.anonymous()),
    ("outlets", |r| r.outlets()),
    ("shapes", |r| r.shapes()),
    ("coreference", |r| r.coreference()),
    ("speaking_surnames", |r| r.speaking_surnames()),
    ("offices", |r| r.offices()),
    ("nationalities", |r| r.nationalities()),
];

/// A rule that recognises a phrase by its shape at one token: it returns the
/// token after the phrase it claimed, or `None` to let the next rule try.
type ShapeRule = fn(&mut Resolver<'_>, usize) -> Option<usize>;

/// The shape rules of [`places`] and [`units`], tried in this order at each
/// token.
pub(super) const SHAPE_RULES: &[(&str, ShapeRule)] = &[
    ("compass_place", |r, i| r.compass_place(i)),
    ("settlement", |r, i| r.settlement(i)),
    ("named_site", |r, i| r.named_site(i)),
    ("occupied_territory", |r, i| r.occupied_territory(i)),
    ("special_forces", |r, i| r.special_forces(i)),
    ("counted_formations", |r, i| r.counted_formations(i)),
    ("intelligence_service", |r, i| r.intelligence_service(i)),
    ("headquarters", |r, i| r.headquarters(i)),
    ("national_army", |r, i| r.national_army(i)),
];

/// Runs every mention rule over the document.
pub fn resolve(doc: &Document<'_>) -> EntityTable {
    let mut resolver = Resolver {
        doc,
        lexicon: doc.lexicon,
        table: EntityTable::new(doc),
    };
    for (_, rule) in RULES {
        rule(&mut resolver);
    }
    resolver.table
}

/// How a state is named at a token: by a nationality adjective (a
/// gazetteer entry, not yet interned) or by a mention of it.
#[derive(Debug, Clone, Copy)]
enum StateAt {
    Demonym(usize),
    Mention(EntityIdx),
}

/// The state of the mention rules: the document they read and the table
/// they fill.
pub(super) struct Resolver<'d> {
    doc: &'d Document<'d>,
    lexicon: &'d Lexicon,
    table: EntityTable,
}

impl Resolver<'_> {
    /// One scan of the shape rules: at each token the first that matches
    /// claims its phrase.
    fn shapes(&mut self) {
        let mut i = 0;
        while i < self.doc.tokens.len() {
            i = SHAPE_RULES
                .iter()
                .find_map(|(_, rule)| rule(self, i))
                .unwrap_or(i + 1);
        }
    }

    // ---- writing to the table ------------------------------------------

    fn intern_entry(&mut self, entry_index: usize) -> EntityIdx {
        self.table.intern_entry(self.lexicon, entry_index)
    }

    /// The entity for a gazetteer id.
    fn intern_id(&mut self, id: &str) -> Option<EntityIdx> {
        let index = self.lexicon.index_of(id)?;
        Some(self.intern_entry(index))
    }

    fn add_mention(&mut self, from: usize, to: usize, entity: EntityIdx) -> bool {
        self.table.add_mention(self.doc, from, to, entity)
    }

    fn add_nested_mention(&mut self, span: Span, entity: EntityIdx) {
        self.table.add_nested_mention(self.doc, span, entity);
    }

    fn replace_with_outer(&mut self, from: usize, to: usize, entity: EntityIdx) -> bool {
        self.table.replace_with_outer(self.doc, from, to, entity)
    }

    fn release(&mut self, from: usize, to: usize) {
        self.table.release(self.doc, from, to);
    }

    // ---- states in context, shared by several families -----------------

    /// The state named at token `i` by a nationality adjective, a state
    /// mention, or a state's possessive ("Ukrainian", "US", "Seoul's"), and
    /// how many tokens name it; nothing is interned yet.
    fn state_named_at(&self, i: usize) -> Option<(StateAt, usize)> {
        if let Some((len, entry)) = self.doc.state_of_demonym_at(i) {
            // "U.S." is both a state alias and an adjective; both are fine.
            return Some((StateAt::Demonym(entry), len));
        }
        let m = self.table.mention_at(i)?;
        if m.span.start != self.doc.tokens[i].span.start
            || self.table.entity(m.entity).kind != Kind::State
        {
            return None;
        }
        let len = self.doc.token_ending_at(m.span.end)? + 1 - i;
        let possessive = self
            .doc
            .tokens
            .get(i + len)
            .is_some_and(|t| t.kind == TokenKind::Possessive);
        Some((StateAt::Mention(m.entity), len + usize::from(possessive)))
    }

    /// The state named at token `i` (see [`Self::state_named_at`]): (state
    /// entity, tokens used).
    fn nationality_at(&mut self, i: usize) -> Option<(EntityIdx, usize)> {
        let (state, len) = self.state_named_at(i)?;
        Some((self.state_entity(state), len))
    }

    fn state_entity(&mut self, state: StateAt) -> EntityIdx {
        match state {
            StateAt::Demonym(entry) => self.intern_entry(entry),
            StateAt::Mention(entity) => entity,
        }
    }

    /// The state a body without a nationality most likely belongs to: the
    /// nearest state named before it in the sentence, else in the sentence
    /// before.
    fn context_state(&mut self, i: usize) -> Option<EntityIdx> {
        let s = self.doc.sentence_of_token(i);
        let range = self.doc.sentence_tokens[s].clone();
        let before: Vec<usize> = (range.start..i).rev().collect();
        if let Some(state) = self.first_state_at(&before) {
            return Some(state);
        }
        // "SEOUL, Nov. 5 --": a dateline tells whose bodies an article names.
        if let Some(state) = self.dateline_state() {
            return Some(state);
        }
        let previous: Vec<usize> = if s > 0 {
            self.doc.sentence_tokens[s - 1].clone().rev().collect()
        } else {
            Vec::new()
        };
        self.first_state_at(&previous)
    }

    /// The state of the article's dateline city, if it has one.
    fn dateline_state(&mut self) -> Option<EntityIdx> {
        let first_lines = self
            .doc
            .sentence_tokens
            .iter()
            .take(4)
            .map(|r| r.start)
            .collect::<Vec<_>>();
        for start in first_lines {
            let Some(m) = self.table.mention_at(start).copied() else {
                continue;
            };
            let end = self.doc.token_ending_at(m.span.end)? + 1;
            let dateline = self
                .doc
                .tokens
                .get(end)
                .is_some_and(|_| self.doc.tok(end) == ",");
            let place = self.table.entity(m.entity);
            if dateline && place.kind == Kind::Place {
                let state = place.affiliation.clone()?;
                return self.intern_id(&state);
            }
        }
        None
    }

    /// The first state named at the given tokens, in that order.
    fn first_state_at(&mut self, candidates: &[usize]) -> Option<EntityIdx> {
        for &k in candidates {
            if let Some((len, entry)) = self.doc.state_of_demonym_at(k) {
                let _ = len;
                return Some(self.intern_entry(entry));
            }
            if let Some(m) = self.table.mention_at(k) {
                let e = self.table.entity(m.entity);
                if e.kind == Kind::State {
                    return Some(m.entity);
                }
            }
        }
        None
    }
}

/// A stable, readable IRI segment: lower-case ASCII letters and digits
/// separated by single hyphens; other letters are kept.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c != '\'' && c != '\u{2019}' && c != '.' {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
#[cfg(test)]
mod tests;
