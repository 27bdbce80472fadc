//! The entity table and mention set the mention rules fill: entities keyed
//! by their stable key, mentions by token range, and which tokens are
//! already claimed.
//!
//! Mention rules write here; statement and relation rules only read it.

use super::document::Document;
use super::lexicon::{GazetteerEntry, Lexicon};
use super::{Entity, EntityIdx, Extraction, Kind, Mention, Span};
use std::collections::HashMap;

/// A title seen before or after a person's name.
#[derive(Debug, Clone)]
pub struct TitleInfo {
    pub person: EntityIdx,
    /// The title words, lower-case ("spokesman", "first vice foreign minister").
    pub title: String,
    /// The body or state named in the title phrase, if any.
    pub body: Option<EntityIdx>,
    pub former: bool,
    pub span: Span,
}

/// Entities and mentions found in one document.
#[derive(Debug, Clone)]
pub struct EntityTable {
    pub entities: Vec<Entity>,
    /// Mentions in the order rules found them; a released mention stays as
    /// an empty span so indices in `covered` remain valid.
    pub mentions: Vec<Mention>,
    /// Titles the title rules read, for office ties.
    pub titles: Vec<TitleInfo>,
    /// Token-indexed: the mention covering each token, if any.
    pub covered: Vec<Option<usize>>,
    keys: HashMap<String, EntityIdx>,
}

impl EntityTable {
    pub fn new(doc: &Document<'_>) -> Self {
        Self {
            entities: Vec::new(),
            mentions: Vec::new(),
            titles: Vec::new(),
            covered: vec![None; doc.tokens.len()],
            keys: HashMap::new(),
        }
    }

    /// The entity with this key, if the document has it.
    pub fn by_key(&self, key: &str) -> Option<EntityIdx> {
        self.keys.get(key).copied()
    }

    pub fn entity(&self, idx: EntityIdx) -> &Entity {
        &self.entities[idx.0]
    }

    /// The mention covering token `i`.
    pub fn mention_at(&self, i: usize) -> Option<&Mention> {
        self.covered
            .get(i)
            .copied()
            .flatten()
            .map(|m| &self.mentions[m])
    }

    /// Mentions whose first token lies in the token range, in text order:
    /// (first token, token after the last, entity).
    pub fn mentions_in(
        &self,
        doc: &Document<'_>,
        from: usize,
        to: usize,
    ) -> Vec<(usize, usize, EntityIdx)> {
        let mut out: Vec<(usize, usize, EntityIdx)> = Vec::new();
        let mut i = from;
        while i < to {
            if let Some(m) = self.mention_at(i) {
                let end = doc.token_ending_at(m.span.end).map_or(i + 1, |e| e + 1);
                out.push((i, end, m.entity));
                i = end.max(i + 1);
            } else {
                i += 1;
            }
        }
        out
    }

    /// Whether no mention claims any of tokens `from..to`.
    pub fn is_free(&self, from: usize, to: usize) -> bool {
        to <= self.covered.len() && self.covered[from..to].iter().all(Option::is_none)
    }

    /// The entity for a gazetteer entry.
    pub fn intern_entry(&mut self, lexicon: &Lexicon, entry_index: usize) -> EntityIdx {
        let entry: &GazetteerEntry = &lexicon.entries[entry_index];
        self.intern(
            entry.id.clone(),
            entry.name.clone(),
            entry.kind,
            entry.affiliation.clone(),
            entry.wikidata.clone(),
        )
    }

    /// The entity with this key, created if new; a known entity without an
    /// affiliation takes the one given.
    pub fn intern(
        &mut self,
        key: String,
        label: String,
        kind: Kind,
        affiliation: Option<String>,
        wikidata: Option<String>,
    ) -> EntityIdx {
        if let Some(&idx) = self.keys.get(&key) {
            let entity = &mut self.entities[idx.0];
            if entity.affiliation.is_none() {
                entity.affiliation = affiliation;
            }
            return idx;
        }
        let idx = EntityIdx(self.entities.len());
        self.entities.push(Entity {
            key: key.clone(),
            label,
            kind,
            affiliation,
            wikidata,
            aliases: Vec::new(),
            mentions: 0,
        });
        self.keys.insert(key, idx);
        idx
    }

    /// Records a mention of `entity` over tokens `from..to` unless one of
    /// them is already claimed.
    pub fn add_mention(
        &mut self,
        doc: &Document<'_>,
        from: usize,
        to: usize,
        entity: EntityIdx,
    ) -> bool {
        if from >= to || to > self.covered.len() || !self.is_free(from, to) {
            return false;
        }
        let span = doc.span_of(from, to);
        let m = self.mentions.len();
        self.mentions.push(Mention { span, entity });
        for c in &mut self.covered[from..to] {
            *c = Some(m);
        }
        self.count(doc, span, entity);
        true
    }

    /// Records a mention inside another one ("Kremlin" in "Kremlin
    /// spokesman", "U.S." in "U.S. officials"): it counts for the entity but
    /// leaves the tokens to the outer mention.
    pub fn add_nested_mention(&mut self, doc: &Document<'_>, span: Span, entity: EntityIdx) {
        self.mentions.push(Mention { span, entity });
        self.count(doc, span, entity);
    }

    fn count(&mut self, doc: &Document<'_>, span: Span, entity: EntityIdx) {
        let e = &mut self.entities[entity.0];
        e.mentions += 1;
        e.aliases.push(span.text(doc.text).to_owned());
    }

    /// Gives tokens `from..to` to `entity`, keeping what was mentioned
    /// inside as nested mentions.
    pub fn replace_with_outer(
        &mut self,
        doc: &Document<'_>,
        from: usize,
        to: usize,
        entity: EntityIdx,
    ) -> bool {
        let mut inner: Vec<Mention> = Vec::new();
        for m in (from..to).filter_map(|k| self.covered[k].map(|m| self.mentions[m])) {
            if !inner.contains(&m) {
                inner.push(m);
            }
        }
        self.release(doc, from, to);
        if !self.add_mention(doc, from, to, entity) {
            return false;
        }
        for m in inner {
            if m.entity != entity {
                self.add_nested_mention(doc, m.span, m.entity);
            }
        }
        true
    }

    /// Removes the mentions over tokens `from..to`, so a longer phrase can
    /// claim them ("National Security Council" over "Security Council").
    pub fn release(&mut self, doc: &Document<'_>, from: usize, to: usize) {
        for i in from..to {
            if let Some(m) = self.covered[i].take() {
                let entity = self.mentions[m].entity;
                let e = &mut self.entities[entity.0];
                e.mentions = e.mentions.saturating_sub(1);
                let surface = self.mentions[m].span.text(doc.text);
                if let Some(pos) = e.aliases.iter().position(|a| a == surface) {
                    e.aliases.remove(pos);
                }
                // Clear the other tokens of the same mention too (they lie
                // within its span: looking only there keeps this linear).
                let span = self.mentions[m].span;
                let first = doc.tokens.partition_point(|t| t.span.start < span.start);
                let after = doc.tokens.partition_point(|t| t.span.end <= span.end);
                for c in &mut self.covered[first..after.max(first)] {
                    if *c == Some(m) {
                        *c = None;
                    }
                }
                self.mentions[m].span = Span::default();
            }
        }
    }

    /// The entities and live mentions as the start of an [`Extraction`].
    pub fn to_extraction(&self, doc: &Document<'_>) -> Extraction {
        Extraction {
            sentences: doc.sentences.clone(),
            entities: self.entities.clone(),
            mentions: self
                .mentions
                .iter()
                .filter(|m| m.span != Span::default())
                .copied()
                .collect(),
            ..Extraction::default()
        }
    }
}
