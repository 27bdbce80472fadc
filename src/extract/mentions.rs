//! Finding the actors and places an article mentions and resolving them to
//! entities.
//!
//! Rules, in the order they run (earlier, more certain rules claim their
//! spans first):
//! 1. **Gazetteer** — leftmost-longest aliases. "South Korea’s spy agency" →
//!    National Intelligence Service. Capitals are resolved by context:
//!    "a summit in Pyongyang" or "Pyongyang, North Korea" → the city (Place),
//!    "Pyongyang denied" or "to Pyongyang" → the state.
//! 2. **Titled names** — [nationality|body] title Name: "Pentagon spokesperson
//!    Sabrina Singh" → Official Sabrina Singh, affiliated with the United
//!    States; "Carl Schuster, former director of ..." → Person; "former"
//!    makes an office a former one.
//! 3. **Bodies** — capitalised phrases ending in a head noun: "National
//!    Security Office" → Agency, "US Pacific Command" → MilitaryUnit;
//!    affiliation from a nationality in the phrase, else the nearest state
//!    before it.
//! 4. **Anonymous and collective sources** — [nationality] [modifiers] head:
//!    "a senior Ukrainian official" → Official "senior Ukrainian official";
//!    "Ukrainian media" → MediaOutlet; "analysts" → Person; "South Korean
//!    authorities" → the state.
//! 5. **Outlets by role** — after "told", "according to", "citing": a
//!    capitalised name with a media head word or a leading "The" ("told The
//!    Drive") → MediaOutlet.
//! 6. **Places and units by shape** — "eastern Russia", "Sergeevka training
//!    ground", "occupied territories", "special forces", "four brigades".
//! 7. **Coreference** — surnames ("Peskov", and "Kim" for family-name-first
//!    names), "the president", "the official", "the administration official".

use super::lexicon::{GazetteerEntry, Lexicon};
use super::text::{self, Token, TokenKind};
use super::{Entity, EntityIdx, Extraction, Kind, Mention, Span};
use crate::article::Article;
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

/// An article prepared for the rules: tokens, sentences and mentions.
pub struct Document<'a> {
    pub article: &'a Article,
    pub text: &'a str,
    pub lexicon: &'a Lexicon,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Span>,
    /// Token index range of each sentence.
    pub sentence_tokens: Vec<std::ops::Range<usize>>,
    /// Nationality adjectives found: (token index of the first word, number
    /// of tokens, state entry index).
    pub demonyms: Vec<(usize, usize, usize)>,
    pub titles: Vec<TitleInfo>,
    extraction: Extraction,
    keys: HashMap<String, EntityIdx>,
    /// Token-indexed: the mention covering each token, if any.
    covered: Vec<Option<usize>>,
    /// Token texts in lower case, computed once: rules compare them often.
    lowered: Vec<String>,
}

impl<'a> Document<'a> {
    pub fn new(article: &'a Article, lexicon: &'a Lexicon) -> Self {
        let text = article.text.as_str();
        let tokens = text::tokenize(text);
        let sentences = text::sentences(text, &tokens);
        let mut sentence_tokens = Vec::with_capacity(sentences.len());
        let mut t = 0;
        for s in &sentences {
            while t < tokens.len() && tokens[t].span.start < s.start {
                t += 1;
            }
            let from = t;
            while t < tokens.len() && tokens[t].span.end <= s.end {
                t += 1;
            }
            sentence_tokens.push(from..t);
        }
        let covered = vec![None; tokens.len()];
        let lowered = tokens
            .iter()
            .map(|t| text[t.span.start..t.span.end].to_lowercase())
            .collect();
        let mut doc = Self {
            article,
            text,
            lexicon,
            tokens,
            sentences,
            sentence_tokens,
            demonyms: Vec::new(),
            titles: Vec::new(),
            extraction: Extraction::default(),
            keys: HashMap::new(),
            covered,
            lowered,
        };
        doc.extraction.sentences = doc.sentences.clone();
        doc.find_demonyms();
        doc.gazetteer();
        doc.titled_names();
        doc.mention_title_states();
        doc.bodies();
        doc.anonymous();
        doc.outlets();
        doc.shaped_places_and_units();
        doc.coreference();
        doc.offices();
        doc.mention_forces_states();
        doc
    }

    /// The entities and mentions found; statements and relations come next.
    pub fn resolve(&self) -> Extraction {
        self.extraction.clone()
    }

    pub fn extraction(&self) -> &Extraction {
        &self.extraction
    }

    // ---- token helpers -------------------------------------------------

    pub fn tok(&self, i: usize) -> &'a str {
        let span = self.tokens[i].span;
        &self.text[span.start..span.end]
    }

    /// The token in lower case.
    pub fn lower(&self, i: usize) -> &str {
        &self.lowered[i]
    }

    pub fn is_word(&self, i: usize) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Word)
    }

    pub fn is_capitalized(&self, i: usize) -> bool {
        self.is_word(i) && self.tok(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// Whether tokens from `i` spell `phrase` (lower-case words).
    pub fn matches_at(&self, i: usize, phrase: &[String]) -> bool {
        phrase
            .iter()
            .enumerate()
            .all(|(k, w)| self.lowered.get(i + k).is_some_and(|t| t == w))
    }

    pub fn sentence_of_token(&self, i: usize) -> usize {
        self.sentence_tokens
            .partition_point(|r| r.end <= i)
            .min(self.sentences.len().saturating_sub(1))
    }

    pub fn span_of(&self, from: usize, to: usize) -> Span {
        Span::new(self.tokens[from].span.start, self.tokens[to - 1].span.end)
    }

    /// The index of the token starting at byte `start`, if one does.
    fn token_starting_at(&self, start: usize) -> Option<usize> {
        let i = self.tokens.partition_point(|t| t.span.start < start);
        (i < self.tokens.len() && self.tokens[i].span.start == start).then_some(i)
    }

    fn token_ending_at(&self, end: usize) -> Option<usize> {
        let i = self.tokens.partition_point(|t| t.span.end < end);
        (i < self.tokens.len() && self.tokens[i].span.end == end).then_some(i)
    }

    /// The mention (index into `extraction.mentions`) covering token `i`.
    pub fn mention_at(&self, i: usize) -> Option<&Mention> {
        self.covered
            .get(i)
            .copied()
            .flatten()
            .map(|m| &self.extraction.mentions[m])
    }

    /// Mentions whose first token lies in the token range, in text order.
    pub fn mentions_in(&self, from: usize, to: usize) -> Vec<(usize, usize, EntityIdx)> {
        let mut out: Vec<(usize, usize, EntityIdx)> = Vec::new();
        let mut i = from;
        while i < to {
            if let Some(m) = self.mention_at(i) {
                let end = self.token_ending_at(m.span.end).map_or(i + 1, |e| e + 1);
                out.push((i, end, m.entity));
                i = end.max(i + 1);
            } else {
                i += 1;
            }
        }
        out
    }

    pub fn entity(&self, idx: EntityIdx) -> &Entity {
        &self.extraction.entities[idx.0]
    }

    pub fn state_of_demonym_at(&self, i: usize) -> Option<(usize, usize)> {
        self.demonyms
            .iter()
            .find(|d| d.0 == i)
            .map(|&(_, len, entry)| (len, entry))
    }

    // ---- building entities ----------------------------------------------

    fn intern_entry(&mut self, entry_index: usize) -> EntityIdx {
        let entry: &GazetteerEntry = &self.lexicon.entries[entry_index];
        self.intern(
            entry.id.clone(),
            entry.name.clone(),
            entry.kind,
            entry.affiliation.clone(),
            entry.wikidata.clone(),
        )
    }

    /// The entity for a gazetteer id.
    pub fn intern_id(&mut self, id: &str) -> Option<EntityIdx> {
        let index = self.lexicon.index_of(id)?;
        Some(self.intern_entry(index))
    }

    fn intern(
        &mut self,
        key: String,
        label: String,
        kind: Kind,
        affiliation: Option<String>,
        wikidata: Option<String>,
    ) -> EntityIdx {
        if let Some(&idx) = self.keys.get(&key) {
            let entity = &mut self.extraction.entities[idx.0];
            if entity.affiliation.is_none() {
                entity.affiliation = affiliation;
            }
            return idx;
        }
        let idx = EntityIdx(self.extraction.entities.len());
        self.extraction.entities.push(Entity {
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
    fn add_mention(&mut self, from: usize, to: usize, entity: EntityIdx) -> bool {
        if from >= to
            || to > self.tokens.len()
            || self.covered[from..to].iter().any(Option::is_some)
        {
            return false;
        }
        let span = self.span_of(from, to);
        let surface = span.text(self.text).to_owned();
        let m = self.extraction.mentions.len();
        self.extraction.mentions.push(Mention { span, entity });
        for c in &mut self.covered[from..to] {
            *c = Some(m);
        }
        let e = &mut self.extraction.entities[entity.0];
        e.mentions += 1;
        e.aliases.push(surface);
        true
    }

    /// Records a mention inside another one ("Kremlin" in "Kremlin
    /// spokesman", "U.S." in "U.S. officials"): it counts for the entity but
    /// leaves the tokens to the outer mention.
    fn add_nested_mention(&mut self, span: Span, entity: EntityIdx) {
        self.extraction.mentions.push(Mention { span, entity });
        let surface = span.text(self.text).to_owned();
        let e = &mut self.extraction.entities[entity.0];
        e.mentions += 1;
        e.aliases.push(surface);
    }

    /// Gives tokens `from..to` to `entity`, keeping what was mentioned
    /// inside as nested mentions.
    fn replace_with_outer(&mut self, from: usize, to: usize, entity: EntityIdx) -> bool {
        let inner: Vec<Mention> = (from..to)
            .filter_map(|k| self.covered[k].map(|m| self.extraction.mentions[m]))
            .fold(Vec::new(), |mut acc, m| {
                if !acc.contains(&m) {
                    acc.push(m);
                }
                acc
            });
        self.release(from, to);
        if !self.add_mention(from, to, entity) {
            return false;
        }
        for m in inner {
            if m.entity != entity {
                self.add_nested_mention(m.span, m.entity);
            }
        }
        true
    }

    fn is_free(&self, from: usize, to: usize) -> bool {
        to <= self.tokens.len() && self.covered[from..to].iter().all(Option::is_none)
    }

    /// Removes the mentions over tokens `from..to`, so a longer phrase can
    /// claim them ("National Security Council" over "Security Council").
    fn release(&mut self, from: usize, to: usize) {
        for i in from..to {
            if let Some(m) = self.covered[i].take() {
                let entity = self.extraction.mentions[m].entity;
                let e = &mut self.extraction.entities[entity.0];
                e.mentions = e.mentions.saturating_sub(1);
                let surface = self.extraction.mentions[m].span.text(self.text);
                if let Some(pos) = e.aliases.iter().position(|a| a == surface) {
                    e.aliases.remove(pos);
                }
                // Clear the other tokens of the same mention too.
                for c in self.covered.iter_mut() {
                    if *c == Some(m) {
                        *c = None;
                    }
                }
                self.extraction.mentions[m].span = Span::default();
            }
        }
    }

    // ---- rule 0: nationality adjectives --------------------------------

    fn find_demonyms(&mut self) {
        let found: Vec<(usize, usize, usize)> = self
            .lexicon
            .demonyms
            .find_iter(self.text)
            .filter_map(|m| {
                let from = self.token_starting_at(m.start())?;
                let to = self.token_ending_at(m.end())? + 1;
                Some((
                    from,
                    to - from,
                    self.lexicon.demonym_entry[m.pattern().as_usize()],
                ))
            })
            .collect();
        self.demonyms = found;
    }

    /// The state named at token `i` by a nationality adjective, a state
    /// mention, or a state's possessive: (state entity, tokens used).
    fn nationality_at(&mut self, i: usize) -> Option<(EntityIdx, usize)> {
        if let Some((len, entry)) = self.state_of_demonym_at(i) {
            // "U.S." is both a state alias and an adjective; both are fine.
            return Some((self.intern_entry(entry), len));
        }
        let m = *self.mention_at(i)?;
        if m.span.start != self.tokens[i].span.start {
            return None;
        }
        let entity = self.entity(m.entity);
        let state = match entity.kind {
            Kind::State => Some(m.entity),
            _ => None,
        }?;
        let len = self.token_ending_at(m.span.end)? + 1 - i;
        let possessive = self
            .tokens
            .get(i + len)
            .is_some_and(|t| t.kind == TokenKind::Possessive);
        Some((state, len + usize::from(possessive)))
    }

    // ---- rule 1: gazetteer ---------------------------------------------

    fn gazetteer(&mut self) {
        let matches: Vec<(usize, usize, usize)> = self
            .lexicon
            .aliases
            .find_iter(self.text)
            .filter_map(|m| {
                let from = self.token_starting_at(m.start())?;
                let to = self.token_ending_at(m.end())? + 1;
                Some((from, to, self.lexicon.alias_entry[m.pattern().as_usize()]))
            })
            .collect();
        let credits = self.credit_zones();
        let mut previous_choice: Option<(usize, bool)> = None;
        for (from, to, entry_index) in matches {
            // Photo credits ("Photo: EPA-EFE/KCNA") are not the article's sources.
            if credits.iter().any(|z| z.contains(&from)) {
                continue;
            }
            let entry = &self.lexicon.entries[entry_index];
            let entity = match &entry.metonym_of {
                Some(state_id) => {
                    let as_place = self.capital_is_place(from, to, previous_choice);
                    previous_choice = Some((to, as_place));
                    if as_place {
                        self.intern_entry(entry_index)
                    } else {
                        let state_id = state_id.clone();
                        match self.intern_id(&state_id) {
                            Some(idx) => idx,
                            None => continue,
                        }
                    }
                }
                None => self.intern_entry(entry_index),
            };
            if self.add_mention(from, to, entity) {
                self.mention_parent_prefix(from, to, entry_index);
            }
        }
    }

    /// Token ranges of photo and image credits: from "Photo:" to the end of
    /// the sentence.
    fn credit_zones(&self) -> Vec<std::ops::Range<usize>> {
        let mut zones = Vec::new();
        for (k, token) in self.tokens.iter().enumerate() {
            let word = &self.text[token.span.start..token.span.end];
            let is_credit = matches!(
                word,
                "Photo" | "Image" | "Credit" | "Photograph" | "Picture" | "Video"
            ) && self
                .tokens
                .get(k + 1)
                .is_some_and(|_| matches!(self.tok(k + 1), ":" | "/"));
            if is_credit {
                let end = self.sentence_tokens[self.sentence_of_token(k)].end;
                zones.push(k..end);
            }
        }
        zones
    }

    /// "UN Security Council" also mentions the United Nations: a body whose
    /// name starts with its parent organisation's name mentions the parent.
    fn mention_parent_prefix(&mut self, from: usize, to: usize, entry_index: usize) {
        let entry = &self.lexicon.entries[entry_index];
        let Some(parent_id) = entry.affiliation.clone() else {
            return;
        };
        let Some(parent) = self.lexicon.entry(&parent_id) else {
            return;
        };
        if parent.kind != Kind::Organization {
            return;
        }
        let forms: Vec<String> = std::iter::once(parent.name.clone())
            .chain(parent.aliases.iter().cloned())
            .collect();
        for k in from + 1..to {
            let prefix = self.span_of(from, k).text(self.text);
            if forms.iter().any(|f| f == prefix) {
                if let Some(idx) = self.intern_id(&parent_id) {
                    self.add_nested_mention(self.span_of(from, k), idx);
                }
                return;
            }
        }
    }

    /// Decides whether a capital city at tokens `from..to` is the place or
    /// stands for its state.
    fn capital_is_place(&self, from: usize, to: usize, previous: Option<(usize, bool)>) -> bool {
        // A dateline: "KYIV, Jan 13 -" or "Seoul, South Korea" opening a line.
        let line_start = from == 0
            || self.text[self.tokens[from - 1].span.end..self.tokens[from].span.start]
                .contains('\n');
        if line_start && self.tokens.get(to).is_some_and(|_| self.tok(to) == ",") {
            return true;
        }
        // "Pyongyang, North Korea" and datelines: the city.
        if self.tokens.get(to).is_some_and(|_| self.tok(to) == ",")
            && self.tokens.get(to + 1).is_some()
            && self
                .lexicon
                .aliases
                .find(&self.text[self.tokens[to + 1].span.start..])
                .is_some_and(|m| {
                    m.start() == 0
                        && self.lexicon.entries[self.lexicon.alias_entry[m.pattern().as_usize()]]
                            .kind
                            == Kind::State
                })
        {
            return true;
        }
        let before = |k: usize| from.checked_sub(k).map(|i| self.lower(i));
        // "Moscow and Pyongyang": the second conjunct follows the first.
        if let (Some(prev), Some((prev_end, prev_place))) = (before(1), previous) {
            if (prev == "and" || prev == "or") && prev_end + 1 == from {
                return prev_place;
            }
        }
        match before(1) {
            Some("in" | "at" | "near" | "outside" | "around" | "inside") => {
                // "officials in Kiev" stand for the state; "a summit in Pyongyang" is the city.
                let head = before(2).unwrap_or_default();
                let actors = [
                    "officials",
                    "authorities",
                    "diplomats",
                    "leaders",
                    "government",
                    "counterparts",
                    "people",
                    "sources",
                ];
                !actors.contains(&head)
            }
            _ => false,
        }
    }

    // ---- rule 2: titled names ------------------------------------------

    /// Capitalised name runs: 1–4 capitalised words that are not stopwords,
    /// titles or already mentioned.
    fn name_run(&self, i: usize) -> Option<usize> {
        let stop = |j: usize| {
            let w = self.tok(j);
            self.lexicon.is_stopword(w)
                || self.lexicon.is_title(w)
                || self.state_of_demonym_at(j).is_some()
        };
        if !self.is_capitalized(i) || stop(i) || self.covered[i].is_some() {
            return None;
        }
        let mut j = i;
        while j < self.tokens.len()
            && j - i < 4
            && self.is_capitalized(j)
            && self.covered[j].is_none()
            && !stop(j)
            && self.tok(j).chars().filter(|c| c.is_uppercase()).count() <= 2
            && !self.tok(j).chars().all(|c| c.is_uppercase() || c == '.')
        {
            j += 1;
        }
        // "State Security Department" is a body, not a person.
        let is_head = |k: usize| {
            k < self.tokens.len() && self.lexicon.org_heads.iter().any(|(h, _)| h == self.tok(k))
        };
        if (i..=j).any(is_head) {
            return None;
        }
        (j > i).then_some(j)
    }

    fn titled_names(&mut self) {
        let mut i = 0;
        while i < self.tokens.len() {
            let Some(end) = self.name_run(i) else {
                i += 1;
                continue;
            };
            if end - i < 2 {
                i = end;
                continue;
            }
            let (title_from, title_words, body, state, former) = self.title_before(i);
            let apposition = if title_words.is_empty() {
                self.apposition_after(end)
            } else {
                None
            };
            let speaks = self.followed_by_speech(end) || self.preceded_by_said(i);
            let (title, body, state, former) = match (&apposition, title_words.is_empty()) {
                (Some(app), true) => (app.0.clone(), app.1, app.2, app.3),
                _ => (title_words.clone(), body, state, former),
            };
            if title.is_empty() && !speaks {
                i = end;
                continue;
            }
            let name = self.span_of(i, end).text(self.text).to_owned();
            let is_person_role = title
                .split_whitespace()
                .any(|w| self.lexicon.titles.person.iter().any(|p| p == w));
            let kind = if title.is_empty() || former || is_person_role {
                Kind::Person
            } else {
                Kind::Official
            };
            let affiliation = state.or_else(|| {
                body.and_then(|b| {
                    let e = self.entity(b);
                    match e.kind {
                        Kind::Organization => Some(b),
                        _ => e
                            .affiliation
                            .as_ref()
                            .and_then(|a| self.keys.get(a).copied()),
                    }
                })
            });
            let affiliation_key = if kind == Kind::Official {
                affiliation.map(|a| self.entity(a).key.clone())
            } else {
                None
            };
            let entity = self.intern(slug(&name), name, kind, affiliation_key, None);
            let from = if title_from < i { title_from } else { i };
            // The bare name is the mention; the title phrase is an alias.
            self.add_mention(i, end, entity);
            if from < i {
                let full = self.span_of(from, end).text(self.text).to_owned();
                self.extraction.entities[entity.0].aliases.push(full);
            }
            if !title.is_empty() {
                self.titles.push(TitleInfo {
                    person: entity,
                    title,
                    body: body.or(state),
                    former,
                    span: self.span_of(from, end),
                });
            }
            i = end;
        }
        // Titles of gazetteer people ("Kremlin spokesman Dmitry Peskov").
        let people: Vec<(usize, EntityIdx)> = self
            .extraction
            .mentions
            .iter()
            .filter(|m| matches!(self.entity(m.entity).kind, Kind::Official | Kind::Person))
            .filter_map(|m| Some((self.token_starting_at(m.span.start)?, m.entity)))
            .collect();
        for (i, person) in people {
            if self.titles.iter().any(|t| {
                t.person == person
                    && t.span.end >= self.tokens[i].span.end
                    && t.span.start <= self.tokens[i].span.start
            }) {
                continue;
            }
            let (from, title, body, state, former) = self.title_before(i);
            let (title, body, state, former) = if title.is_empty() {
                let end = self
                    .token_ending_at(
                        self.extraction
                            .mentions
                            .iter()
                            .find(|m| {
                                m.entity == person && self.tokens[i].span.start == m.span.start
                            })
                            .map_or(self.tokens[i].span.end, |m| m.span.end),
                    )
                    .map_or(i + 1, |e| e + 1);
                match self.apposition_after(end) {
                    Some(app) => app,
                    None => continue,
                }
            } else {
                (title, body, state, former)
            };
            let end_byte = self
                .extraction
                .mentions
                .iter()
                .find(|m| m.span.start == self.tokens[i].span.start)
                .map_or(self.tokens[i].span.end, |m| m.span.end);
            let span = Span::new(self.tokens[from].span.start, end_byte);
            if from < i {
                let full = span.text(self.text).to_owned();
                self.extraction.entities[person.0].aliases.push(full);
            }
            self.titles.push(TitleInfo {
                person,
                title,
                body: body.or(state),
                former,
                span,
            });
        }
    }

    /// "British Defense Secretary John Healey" mentions the United Kingdom:
    /// a nationality in a title names the state the official serves.
    fn mention_title_states(&mut self) {
        let spans: Vec<Span> = self.titles.iter().map(|t| t.span).collect();
        for span in spans {
            let demonyms: Vec<(usize, usize, usize)> = self
                .demonyms
                .iter()
                .copied()
                .filter(|&(d, len, _)| {
                    span.start <= self.tokens[d].span.start
                        && self.tokens[d + len - 1].span.end <= span.end
                })
                .collect();
            for (d, len, entry) in demonyms {
                let state = self.intern_entry(entry);
                self.add_nested_mention(self.span_of(d, d + len), state);
            }
        }
    }

    /// Reads the title phrase right before a name at token `i`: returns
    /// (first token of the phrase, title words, body named, state named,
    /// former?).
    fn title_before(
        &mut self,
        i: usize,
    ) -> (usize, String, Option<EntityIdx>, Option<EntityIdx>, bool) {
        let mut j = i;
        let mut words: Vec<String> = Vec::new();
        let mut body = None;
        let mut state = None;
        let mut former = false;
        let mut saw_title = false;
        while j > 0 {
            let k = j - 1;
            let t = self.tok(k);
            let lower = t.to_lowercase();
            if self.tokens[k].kind == TokenKind::Possessive {
                j = k;
                continue;
            }
            // "Ukraine's military intelligence (HUR) chief": skip the acronym.
            if t == ")" {
                if let Some(open) = (j.saturating_sub(6)..k).rev().find(|&q| self.tok(q) == "(") {
                    j = open;
                    continue;
                }
            }
            // "Maj. Gen. Pat Ryder": the period of an abbreviated rank.
            if t == "." && k > 0 && self.lexicon.is_title(&format!("{}.", self.lower(k - 1))) {
                j = k;
                continue;
            }
            if let Some(m) = self.mention_at(k).copied() {
                let start = self.token_starting_at(m.span.start).unwrap_or(k);
                let e = self.entity(m.entity);
                match e.kind {
                    Kind::State => state = state.or(Some(m.entity)),
                    Kind::Agency | Kind::Organization | Kind::MilitaryUnit => {
                        body = body.or(Some(m.entity))
                    }
                    Kind::Place => {
                        if let Some(s) = e.affiliation.clone() {
                            state = state.or(self.intern_id(&s));
                        }
                    }
                    _ => break,
                }
                j = start;
                continue;
            }
            if let Some((len, entry)) = self
                .demonyms
                .iter()
                .find(|d| d.0 + d.1 == k + 1)
                .map(|d| (d.1, d.2))
            {
                state = state.or(Some(self.intern_entry(entry)));
                j = k + 1 - len;
                continue;
            }
            if self.lexicon.is_title(t)
                || self.lexicon.titles.former.contains(&lower)
                || (self.is_capitalized(k)
                    && matches!(
                        t,
                        "First"
                            | "Vice"
                            | "Deputy"
                            | "Foreign"
                            | "Defense"
                            | "Defence"
                            | "Prime"
                            | "State"
                            | "Intelligence"
                            | "Security"
                            | "National"
                            | "Interior"
                            | "Military"
                            | "General"
                            | "Senior"
                            | "Assistant"
                            | "Executive"
                            | "Press"
                            | "Affairs"
                            | "Supreme"
                            | "Joint"
                            | "Chiefs"
                            | "Staff"
                            | "Unification"
                            | "Economic"
                    ))
                || (saw_title && (lower == "of" || lower == "for"))
                // "Japan's Chief Cabinet Secretary": capitalised words of the title.
                || (saw_title
                    && self.is_capitalized(k)
                    && !self.lexicon.is_stopword(t)
                    && self.state_of_demonym_at(k).is_none())
                || (saw_title
                    && matches!(
                        lower.as_str(),
                        "foreign"
                            | "defense"
                            | "defence"
                            | "first"
                            | "vice"
                            | "deputy"
                            | "prime"
                            | "national"
                            | "security"
                            | "intelligence"
                            | "military"
                            | "senior"
                            | "top"
                            | "state"
                            | "affairs"
                            | "press"
                            | "lieutenant"
                    ))
            {
                if self.lexicon.titles.former.contains(&lower) {
                    former = true;
                }
                if self.lexicon.is_title(t) {
                    saw_title = true;
                }
                words.push(lower);
                j = k;
                continue;
            }
            break;
        }
        if !saw_title {
            return (i, String::new(), None, None, false);
        }
        // A trailing "of"/"for" with nothing after it is not part of the title.
        words.reverse();
        (j, words.join(" "), body, state, former)
    }

    /// Reads an apposition after a name: ", (a|an|the) [former] title ...".
    fn apposition_after(
        &mut self,
        end: usize,
    ) -> Option<(String, Option<EntityIdx>, Option<EntityIdx>, bool)> {
        if self.tokens.get(end).is_none() || self.tok(end) != "," {
            return None;
        }
        // An apposition opens like a noun phrase ("a former director",
        // "the first deputy director"), not with a verb ("met Putin").
        let opener = self.tokens.get(end + 1).map(|_| self.lower(end + 1));
        let opens_phrase = opener.is_some_and(|w| {
            matches!(
                w,
                "a" | "an" | "the" | "his" | "her" | "its" | "former" | "ex" | "retired" | "then"
            ) || self.lexicon.is_title(w)
                || self.state_of_demonym_at(end + 1).is_some()
        });
        if !opens_phrase {
            return None;
        }
        let mut k = end + 1;
        let mut former = false;
        let mut words = Vec::new();
        let mut saw_title = false;
        let limit = (end + 14).min(self.tokens.len());
        let mut body = None;
        let mut state = None;
        while k < limit {
            let t = self.tok(k);
            if t == "," || t == "." || t == ";" {
                break;
            }
            let lower = t.to_lowercase();
            if self.lexicon.titles.former.contains(&lower) {
                former = true;
            }
            if self.lexicon.is_title(t) {
                saw_title = true;
            }
            if let Some(m) = self.mention_at(k).copied() {
                let e = self.entity(m.entity);
                match e.kind {
                    Kind::State => state = state.or(Some(m.entity)),
                    Kind::Agency | Kind::Organization | Kind::MilitaryUnit => {
                        body = body.or(Some(m.entity))
                    }
                    _ => {}
                }
            } else if let Some((_, entry)) = self.state_of_demonym_at(k) {
                state = state.or(Some(self.intern_entry(entry)));
            }
            words.push(lower);
            k += 1;
            if k - end > 6 && !saw_title && !former {
                break;
            }
        }
        (saw_title || former).then(|| (words.join(" "), body, state, former))
    }

    fn followed_by_speech(&self, end: usize) -> bool {
        let mut k = end;
        // "Lee Seong-kweun, a member of the committee, said".
        if k < self.tokens.len() && self.tok(k) == "," {
            if let Some(close) =
                (k + 1..(k + 16).min(self.tokens.len())).find(|&c| self.tok(c) == ",")
            {
                k = close + 1;
            }
        }
        while k < self.tokens.len()
            && matches!(
                self.lower(k),
                "has" | "had" | "have" | "also" | "later" | "then" | "previously" | "earlier"
            )
        {
            k += 1;
        }
        k < self.tokens.len()
            && self.lexicon.cues.iter().any(|(phrase, cue)| {
                cue.frame == super::lexicon::Frame::Verb && self.matches_at(k, phrase)
            })
    }

    fn preceded_by_said(&self, i: usize) -> bool {
        i > 0
            && matches!(
                self.lower(i - 1),
                "said" | "says" | "added" | "told" | "warned"
            )
    }

    // ---- rule 3: bodies by head noun -----------------------------------

    fn bodies(&mut self) {
        let heads = self.lexicon.org_heads.clone();
        let mut i = 0;
        while i < self.tokens.len() {
            let Some((kind, from, to, state)) = self.body_at(i, &heads) else {
                i += 1;
                continue;
            };
            // A body reaching beyond this phrase was found by a surer rule.
            let overlaps_out = (from..to).any(|k| {
                self.mention_at(k).is_some_and(|m| {
                    m.span.start < self.tokens[from].span.start
                        || m.span.end > self.tokens[to - 1].span.end
                })
            });
            if overlaps_out {
                i = to;
                continue;
            }
            // A longer body swallows gazetteer bodies inside it.
            let inner_bodies: Vec<usize> = (from..to)
                .filter(|&k| {
                    self.mention_at(k).is_some_and(|m| {
                        matches!(
                            self.entity(m.entity).kind,
                            Kind::Agency | Kind::Organization | Kind::MilitaryUnit
                        )
                    })
                })
                .collect();
            if let (Some(&a), Some(&b)) = (inner_bodies.first(), inner_bodies.last()) {
                let m = *self.mention_at(a).unwrap();
                let (ms, me) = (
                    self.token_starting_at(m.span.start).unwrap_or(a),
                    self.token_ending_at(m.span.end).map_or(b + 1, |e| e + 1),
                );
                if ms == from && me == to {
                    i = to;
                    continue;
                }
                self.release(a, b + 1);
            }
            // Keep the state inside ("US Pacific Command" mentions the US too).
            let label_from = from;
            let label = self.span_of(label_from, to).text(self.text).to_owned();
            let affiliation = state.or_else(|| self.context_state(from));
            let affiliation_key = affiliation.map(|a| self.entity(a).key.clone());
            let key = match &affiliation_key {
                Some(a) => format!("{a}/{}", slug(&label)),
                None => format!("{}/{}", slug(&self.article.id), slug(&label)),
            };
            let entity = self.intern(key, label, kind, affiliation_key, None);
            let name_from = (from..to)
                .find(|&k| self.covered[k].is_none())
                .unwrap_or(from);
            if !self.add_mention(name_from, to, entity) {
                i = to;
                continue;
            }
            let full = self.span_of(from, to).text(self.text).to_owned();
            self.extraction.entities[entity.0].aliases.push(full);
            i = to;
        }
    }

    /// A body phrase ending at or after token `i`: capitalised words ending in
    /// a head noun, optionally "of"/"on" + capitalised words.
    fn body_at(
        &mut self,
        i: usize,
        heads: &[(String, Kind)],
    ) -> Option<(Kind, usize, usize, Option<EntityIdx>)> {
        const DETERMINERS: &[&str] = &[
            "The", "A", "An", "This", "That", "These", "Those", "Its", "Their", "His", "Her", "Our",
        ];
        if !self.is_capitalized(i) || DETERMINERS.contains(&self.tok(i)) {
            return None;
        }
        // The phrase starts at the first word: "North" of "North Korean
        // Ministry ..." was already tried.
        if i > 0
            && self.is_capitalized(i - 1)
            && self.covered[i - 1].is_none()
            && !DETERMINERS.contains(&self.tok(i - 1))
        {
            return None;
        }
        let head_kind = |doc: &Self, k: usize| {
            heads
                .iter()
                .find(|(h, _)| h == doc.tok(k))
                .map(|(_, kind)| *kind)
        };
        let mut j = i;
        let mut kind = None;
        let mut last_head = None;
        while j < self.tokens.len() && self.is_capitalized(j) && j - i < 6 {
            if let Some(k) = head_kind(self, j) {
                kind = Some(k);
                last_head = Some(j);
            }
            j += 1;
        }
        let mut end = last_head? + 1;
        let kind = kind?;
        // "Ministry of Foreign Affairs", "Council on Foreign Relations".
        if end < self.tokens.len()
            && matches!(self.tok(end), "of" | "on" | "for")
            && self.is_capitalized(end + 1)
        {
            let mut k = end + 1;
            while k < self.tokens.len()
                && (self.is_capitalized(k) || self.tok(k) == "and")
                && k - end < 5
            {
                k += 1;
            }
            if self.is_capitalized(k - 1) {
                end = k;
            }
        }
        // The phrase must be more than a lone head noun ("Council", "Army"),
        // and not the start of a longer title ("Chief Cabinet Secretary").
        if end - i < 2 || (end < self.tokens.len() && self.is_capitalized(end)) {
            return None;
        }
        // A leading state or nationality names the affiliation and is kept in
        // the label ("US Pacific Command", "North Korean Ministry of ...").
        let mut from = i;
        let mut state = None;
        if let Some((s, len)) = self.nationality_at(i) {
            state = Some(s);
            if len >= end - i {
                return None;
            }
            if self.tokens[i + len - 1].kind == TokenKind::Possessive {
                from = i + len;
            }
        }
        if !self.is_free(from, end)
            && (from..end).any(|k| {
                self.mention_at(k).is_some_and(|m| {
                    matches!(
                        self.entity(m.entity).kind,
                        Kind::Official | Kind::Person | Kind::MediaOutlet
                    )
                })
            })
        {
            return None;
        }
        // "of Ukraine" names the affiliation too.
        if state.is_none() {
            for k in from..end {
                if let Some(m) = self.mention_at(k) {
                    if self.entity(m.entity).kind == Kind::State {
                        state = Some(m.entity);
                    }
                }
            }
        }
        Some((kind, from, end, state))
    }

    /// The state a body without a nationality most likely belongs to: the
    /// nearest state named before it in the sentence, else in the sentence
    /// before.
    fn context_state(&mut self, i: usize) -> Option<EntityIdx> {
        let s = self.sentence_of_token(i);
        let range = self.sentence_tokens[s].clone();
        let before: Vec<usize> = (range.start..i).rev().collect();
        if let Some(state) = self.first_state_at(&before) {
            return Some(state);
        }
        // "SEOUL, Nov. 5 --": a dateline tells whose bodies an article names.
        if let Some(state) = self.dateline_state() {
            return Some(state);
        }
        let previous: Vec<usize> = if s > 0 {
            self.sentence_tokens[s - 1].clone().rev().collect()
        } else {
            Vec::new()
        };
        self.first_state_at(&previous)
    }

    /// The state of the article's dateline city, if it has one.
    fn dateline_state(&mut self) -> Option<EntityIdx> {
        let first_lines = self
            .sentence_tokens
            .iter()
            .take(4)
            .map(|r| r.start)
            .collect::<Vec<_>>();
        for start in first_lines {
            let Some(m) = self.mention_at(start).copied() else {
                continue;
            };
            let end = self.token_ending_at(m.span.end)? + 1;
            let dateline = self.tokens.get(end).is_some_and(|_| self.tok(end) == ",");
            let place = self.entity(m.entity);
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
            if let Some((len, entry)) = self.state_of_demonym_at(k) {
                let _ = len;
                return Some(self.intern_entry(entry));
            }
            if let Some(m) = self.mention_at(k) {
                let e = self.entity(m.entity);
                if e.kind == Kind::State {
                    return Some(m.entity);
                }
            }
        }
        None
    }

    // ---- rule 4: anonymous and collective sources -----------------------

    fn anonymous(&mut self) {
        let heads = self.lexicon.anonymous.heads.clone();
        let modifiers = self.lexicon.anonymous.modifiers.clone();
        let split =
            |phrases: &[String]| -> Vec<Vec<String>> { phrases.iter().map(|p| words(p)).collect() };
        let media = split(&self.lexicon.anonymous.collective_media);
        let state_heads = self.lexicon.anonymous.state_heads.clone();
        let persons = split(&self.lexicon.anonymous.persons);
        let mut last_anonymous: Vec<(String, EntityIdx)> = Vec::new();
        let mut i = 0;
        while i < self.tokens.len() {
            // "analysts", "experts": collective persons.
            if self.covered[i].is_none()
                && persons.iter().any(|p| self.matches_at(i, p))
                && self.is_free(i, i + 1)
            {
                let len = persons
                    .iter()
                    .filter(|p| self.matches_at(i, p))
                    .map(Vec::len)
                    .max()
                    .unwrap_or(1);
                let label = self.span_of(i, i + len).text(self.text).to_lowercase();
                let entity = self.intern(
                    format!("{}/{}", slug(&self.article.id), slug(&label)),
                    label,
                    Kind::Person,
                    None,
                    None,
                );
                self.add_mention(i, i + len, entity);
                i += len;
                continue;
            }
            let Some((state, len)) = self.nationality_or_body_at(i) else {
                i += 1;
                continue;
            };
            // Modifiers, then a head noun.
            let mut k = i + len;
            while k < self.tokens.len()
                && self.covered[k].is_none()
                && modifiers.iter().any(|m| *m == self.lower(k))
                && !heads
                    .iter()
                    .any(|h| *h == self.lower(k) && !self.next_is_head(k + 1, &heads))
            {
                k += 1;
            }
            let media_len = media
                .iter()
                .filter(|m| self.matches_at(k, m))
                .map(|m| m.len())
                .max();
            let is_head = k < self.tokens.len()
                && heads.iter().any(|h| *h == self.lower(k))
                && self.covered[k].is_none();
            if media_len.is_none() && !is_head {
                i += 1;
                continue;
            }
            let end = k + media_len.unwrap_or(1);
            // "Kremlin spokesman Dmitry Peskov" is a title, "NATO defense
            // ministers' meeting" a modifier: neither is an anonymous source.
            let next_is_title = end < self.tokens.len() && self.lexicon.is_title(self.lower(end));
            let next_is_name = next_is_title
                || end < self.tokens.len()
                    && (self.tokens[end].kind == TokenKind::Possessive
                        || matches!(self.tok(end), "'" | "\u{2019}")
                        || (self.is_capitalized(end) && !self.lexicon.is_stopword(self.tok(end))));
            // "John Kirby, the White House national security spokesman,": a
            // title in apposition to a name.
            let in_apposition = i >= 3
                && matches!(self.lower(i - 1), "the" | "a" | "an")
                && self.tok(i - 2) == ","
                && self.mention_at(i - 3).is_some_and(|m| {
                    matches!(self.entity(m.entity).kind, Kind::Official | Kind::Person)
                });
            if next_is_name || in_apposition {
                i = end;
                continue;
            }
            // Start the label at a modifier before the nationality ("senior").
            let mut from = i;
            while from > 0
                && modifiers.iter().any(|m| *m == self.lower(from - 1))
                && self.covered[from - 1].is_none()
                && self.is_word(from - 1)
                && !self
                    .tok(from - 1)
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
            {
                from -= 1;
            }
            let head = self.lower(end - 1).to_owned();
            let state_key = state.map(|s| self.entity(s).key.clone());
            if media_len.is_none() && state_heads.contains(&head) && k == i + len {
                // "South Korean authorities" is the state itself.
                if let Some(s) = state {
                    if self.entity(s).kind == Kind::State {
                        self.release(i, i + len);
                        self.add_mention(i, end, s);
                    }
                }
                i = end;
                continue;
            }
            if head == "military" || head == "government" || head == "administration" {
                i = end;
                continue;
            }
            let kind = if media_len.is_some() {
                Kind::MediaOutlet
            } else {
                Kind::Official
            };
            let label = self.span_of(from, end).text(self.text).to_owned();
            let key = format!("{}/{}", slug(&self.article.id), slug(&label));
            let entity = self.intern(
                key,
                label,
                kind,
                if kind == Kind::Official {
                    state_key
                } else {
                    None
                },
                None,
            );
            // What the phrase names stays mentioned: "U.S. officials" mentions
            // the United States, "Kremlin spokesman" the Kremlin.
            self.replace_with_outer(from, end, entity);
            if kind == Kind::Official {
                last_anonymous.push((head, entity));
            }
            i = end;
        }
        // "the administration official", "the official": the latest anonymous
        // official with that head noun.
        let mut i = 0;
        while i + 1 < self.tokens.len() {
            if self.lower(i) != "the" {
                i += 1;
                continue;
            }
            let mut k = i + 1;
            while k < self.tokens.len() && modifiers.iter().any(|m| *m == self.lower(k)) {
                k += 1;
            }
            if k >= self.tokens.len() || k == i + 1 || !self.is_free(i + 1, k + 1) {
                i += 1;
                continue;
            }
            let head = self.lower(k);
            let start = self.tokens[i].span.start;
            let target = self
                .extraction
                .mentions
                .iter()
                .filter(|m| m.span.end <= start && m.span != Span::default())
                .filter(|m| {
                    let e = self.entity(m.entity);
                    e.kind == Kind::Official
                        && e.key.starts_with(&format!("{}/", slug(&self.article.id)))
                        && e.label.ends_with(&head)
                })
                .map(|m| m.entity)
                .next_back();
            if let Some(entity) = target {
                self.add_mention(i + 1, k + 1, entity);
            }
            i = k + 1;
        }
    }

    fn next_is_head(&self, k: usize, heads: &[String]) -> bool {
        k < self.tokens.len() && heads.iter().any(|h| *h == self.lower(k))
    }

    /// A nationality adjective, a state, or a body (for "State Department
    /// spokesperson") at token `i`: (what it names, tokens used).
    fn nationality_or_body_at(&mut self, i: usize) -> Option<(Option<EntityIdx>, usize)> {
        // A body named at i wins over the nationality it starts with
        // ("North Korean Ministry of Foreign Affairs official").
        let body_here = self.mention_at(i).is_some_and(|m| {
            m.span.start == self.tokens[i].span.start
                && matches!(
                    self.entity(m.entity).kind,
                    Kind::Agency | Kind::Organization
                )
        });
        if !body_here {
            let (state, len) = self.nationality_at(i)?;
            if self.tokens[i + len - 1].kind == TokenKind::Possessive {
                return None;
            }
            return Some((Some(state), len));
        }
        let m = *self.mention_at(i)?;
        if m.span.start != self.tokens[i].span.start {
            return None;
        }
        let e = self.entity(m.entity);
        if !matches!(e.kind, Kind::Agency | Kind::Organization) {
            return None;
        }
        let len = self.token_ending_at(m.span.end)? + 1 - i;
        let state = e
            .affiliation
            .clone()
            .and_then(|a| self.keys.get(&a).copied());
        Some((state.or(Some(m.entity)), len))
    }

    // ---- rule 5: outlets by role ----------------------------------------

    fn outlets(&mut self) {
        let triggers: [&[&str]; 6] = [
            &["told"],
            &["according", "to"],
            &["citing"],
            &["quoted", "by"],
            &["reported", "by"],
            &["interview", "with"],
        ];
        let mut i = 0;
        while i < self.tokens.len() {
            let Some(len) = triggers
                .iter()
                .find(|t| {
                    t.iter()
                        .enumerate()
                        .all(|(k, w)| i + k < self.tokens.len() && self.lower(i + k) == *w)
                })
                .map(|t| t.len())
            else {
                i += 1;
                continue;
            };
            let start = i + len;
            let mut j = start;
            while j < self.tokens.len()
                && self.is_capitalized(j)
                && self.covered[j].is_none()
                && j - start < 5
            {
                j += 1;
            }
            if j - start >= 1 {
                let run: Vec<&str> = (start..j).map(|k| self.tok(k)).collect();
                let has_head = run
                    .iter()
                    .skip(1)
                    .any(|w| self.lexicon.media_heads.iter().any(|h| h == w));
                let leading_the = run[0] == "The" && run.len() >= 2;
                if has_head || leading_the {
                    let label = run.join(" ");
                    let entity = self.intern(slug(&label), label, Kind::MediaOutlet, None, None);
                    self.add_mention(start, j, entity);
                }
            }
            i = j.max(i + 1);
        }
    }

    // ---- rule 6: places and units by shape ------------------------------

    fn shaped_places_and_units(&mut self) {
        let mut i = 0;
        while i < self.tokens.len() {
            let lower = self.lower(i);
            // "eastern Russia": a compass adjective before a state.
            if matches!(
                lower,
                "eastern"
                    | "western"
                    | "northern"
                    | "southern"
                    | "northeastern"
                    | "northwestern"
                    | "southeastern"
                    | "southwestern"
                    | "central"
            ) {
                if let Some(m) = self.mention_at(i + 1).copied() {
                    if self.entity(m.entity).kind == Kind::State
                        && self.token_starting_at(m.span.start) == Some(i + 1)
                    {
                        let end = self.token_ending_at(m.span.end).map_or(i + 2, |e| e + 1);
                        let state_key = self.entity(m.entity).key.clone();
                        let label = format!("{lower} {}", self.entity(m.entity).label);
                        let entity = self.intern(
                            format!("{state_key}/{}", slug(&label)),
                            label,
                            Kind::Place,
                            Some(state_key),
                            None,
                        );
                        self.release(i + 1, end);
                        self.add_mention(i, end, entity);
                        i = end;
                        continue;
                    }
                }
            }
            // "Sergeevka training ground", "Kursk region" (unknown ones).
            if self.is_capitalized(i)
                && self.covered[i].is_none()
                && !self.lexicon.is_stopword(self.tok(i))
            {
                let mut j = i;
                while j < self.tokens.len()
                    && self.is_capitalized(j)
                    && self.covered[j].is_none()
                    && j - i < 3
                {
                    j += 1;
                }
                let tail: Vec<String> = (j..(j + 2).min(self.tokens.len()))
                    .map(|k| self.lower(k).to_owned())
                    .collect();
                let suffix_len = match tail
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .as_slice()
                {
                    ["training", "ground", ..]
                    | ["training", "grounds", ..]
                    | ["training", "camp", ..]
                    | ["air", "base", ..] => 2,
                    ["region", ..] | ["oblast", ..] | ["province", ..] | ["district", ..] => 1,
                    _ => 0,
                };
                if suffix_len > 0 && j > i {
                    let end = j + suffix_len;
                    let label = self.span_of(i, end).text(self.text).to_owned();
                    let state = self.context_state(i);
                    let state_key = state.map(|s| self.entity(s).key.clone());
                    let entity = self.intern(slug(&label), label, Kind::Place, state_key, None);
                    self.add_mention(i, end, entity);
                    i = end;
                    continue;
                }
            }
            // "occupied territories of Ukraine", "Russian-occupied areas".
            if lower.ends_with("occupied") && i + 1 < self.tokens.len() {
                let noun = self.lower(i + 1);
                if matches!(
                    noun,
                    "territories" | "territory" | "regions" | "areas" | "part" | "parts" | "lands"
                ) {
                    let mut from = i;
                    if i > 0 && self.lower(i - 1) == "temporarily" {
                        from = i - 1;
                    }
                    // "Russian-occupied": the occupier's adjective belongs to the name.
                    if i >= 2 && self.tok(i - 1) == "-" {
                        if let Some(&(d, _, _)) = self.demonyms.iter().find(|d| d.0 + d.1 == i - 1)
                        {
                            from = d;
                        }
                    }
                    let mut end = i + 2;
                    let mut state = None;
                    if end + 1 < self.tokens.len() && self.lower(end) == "of" {
                        if let Some(m) = self.mention_at(end + 1).copied() {
                            if self.entity(m.entity).kind == Kind::State {
                                state = Some(m.entity);
                                end = self.token_ending_at(m.span.end).map_or(end + 2, |e| e + 1);
                            }
                        }
                    }
                    if noun == "part" || noun == "parts" {
                        i = end;
                        continue;
                    }
                    // Whose territory it is, only when the text says ("... of Ukraine").
                    let state_key = state.map(|s| self.entity(s).key.clone());
                    let label = self.span_of(from, end).text(self.text).to_owned();
                    let key = match &state_key {
                        Some(state) => format!("{state}/occupied-territories"),
                        None => format!("{}/occupied-territories", slug(&self.article.id)),
                    };
                    let entity = self.intern(key, label, Kind::Place, state_key, None);
                    self.replace_with_outer(from, end, entity);
                    i = end;
                    continue;
                }
            }
            // "special forces": a unit of the state in context.
            if lower == "special"
                && i + 1 < self.tokens.len()
                && self.lower(i + 1) == "forces"
                && self.is_free(i, i + 2)
            {
                let (from, state) = match i
                    .checked_sub(1)
                    .and_then(|p| self.demonyms.iter().find(|d| d.0 + d.1 == p + 1).copied())
                {
                    Some((d, _, entry)) => (d, Some(self.intern_entry(entry))),
                    None => (i, self.context_state(i)),
                };
                let mut end = i + 2;
                if end < self.tokens.len() && matches!(self.lower(end), "units" | "unit") {
                    end += 1;
                }
                let label = match state.and_then(|s| self.lexicon.demonym_of(&self.entity(s).key)) {
                    Some(demonym) => format!("{demonym} special forces"),
                    None => "special forces".to_owned(),
                };
                let state_key = state.map(|s| self.entity(s).key.clone());
                let entity = self.intern(slug(&label), label, Kind::MilitaryUnit, state_key, None);
                self.add_mention(from, end, entity);
                i = end;
                continue;
            }
            // "four brigades", "two military units": counted formations.
            if let Some(n) = self.number_word(i) {
                let _ = n;
                let mut k = i + 1;
                let mut state = None;
                if let Some((len, entry)) = self.state_of_demonym_at(k) {
                    state = Some(self.intern_entry(entry));
                    k += len;
                }
                if k < self.tokens.len() && self.lower(k) == "military" {
                    k += 1;
                }
                if k < self.tokens.len()
                    && matches!(
                        self.lower(k),
                        "brigades" | "units" | "battalions" | "regiments" | "divisions"
                    )
                    && self.is_free(i, k + 1)
                {
                    let state = state.or_else(|| self.context_state(i));
                    let label = self.span_of(i, k + 1).text(self.text).to_owned();
                    let state_key = state.map(|s| self.entity(s).key.clone());
                    let key = format!("{}/{}", slug(&self.article.id), slug(&label));
                    let entity = self.intern(key, label, Kind::MilitaryUnit, state_key, None);
                    self.add_mention(i, k + 1, entity);
                    i = k + 1;
                    continue;
                }
            }
            // "Ukrainian intelligence": a state's intelligence service.
            if let Some((len, entry)) = self.state_of_demonym_at(i) {
                let k = i + len;
                if k < self.tokens.len() && self.tok(k) == "intelligence" && self.is_free(i, k + 1)
                {
                    let state = self.intern_entry(entry);
                    let state_key = self.entity(state).key.clone();
                    let label = self.span_of(i, k + 1).text(self.text).to_owned();
                    let entity = self.intern(
                        format!("{state_key}/intelligence"),
                        label,
                        Kind::Agency,
                        Some(state_key),
                        None,
                    );
                    self.add_mention(i, k + 1, entity);
                    i = k + 1;
                    continue;
                }
            }
            // "NATO headquarters": the seat of a body.
            if let Some(m) = self.mention_at(i).copied() {
                let end = self.token_ending_at(m.span.end).map_or(i + 1, |e| e + 1);
                let body = self.entity(m.entity);
                if self.token_starting_at(m.span.start) == Some(i)
                    && matches!(body.kind, Kind::Organization | Kind::Agency)
                    && end < self.tokens.len()
                    && self.lower(end) == "headquarters"
                {
                    let key = format!("{}/headquarters", body.key);
                    let affiliation = Some(body.key.clone());
                    let label = format!("{} headquarters", self.span_of(i, end).text(self.text));
                    let entity = self.intern(key, label, Kind::Place, affiliation, None);
                    self.replace_with_outer(i, end + 1, entity);
                    i = end + 1;
                    continue;
                }
            }
            // "the South Korean army": a national army.
            if let Some((len, entry)) = self.state_of_demonym_at(i) {
                let k = i + len;
                if k < self.tokens.len()
                    && matches!(self.tok(k), "army" | "navy")
                    && self.is_free(i, k + 1)
                {
                    let state = self.intern_entry(entry);
                    let label = self.span_of(i, k + 1).text(self.text).to_owned();
                    let state_key = self.entity(state).key.clone();
                    let entity = self.intern(
                        format!("{state_key}/{}", self.tok(k)),
                        label,
                        Kind::MilitaryUnit,
                        Some(state_key),
                        None,
                    );
                    self.add_mention(i, k + 1, entity);
                    i = k + 1;
                    continue;
                }
            }
            i += 1;
        }
    }

    /// A small cardinal written as a word ("four").
    fn number_word(&self, i: usize) -> Option<u64> {
        let w = self.lower(i);
        self.lexicon
            .figures
            .numbers
            .get(w)
            .copied()
            .filter(|&n| (2..=99).contains(&n))
    }

    /// "North Korean troops" mention North Korea: forces named by their
    /// nationality stand for the state (they are not units of their own).
    fn mention_forces_states(&mut self) {
        const FORCES: &[&str] = &[
            "troops",
            "soldiers",
            "forces",
            "military",
            "personnel",
            "officers",
            "fighters",
            "servicemen",
            "army",
            "units",
            "commandos",
            "infantry",
        ];
        let found: Vec<(usize, usize, usize)> = self
            .demonyms
            .iter()
            .copied()
            .filter(|&(d, len, _)| {
                self.tokens.get(d + len).is_some()
                    && FORCES.contains(&self.lower(d + len))
                    && self.covered[d..d + len].iter().all(Option::is_none)
            })
            .collect();
        for (d, len, entry) in found {
            let state = self.intern_entry(entry);
            self.add_nested_mention(self.span_of(d, d + len), state);
        }
    }

    // ---- rule 8: offices of leaders -------------------------------------

    /// "the office of South Korean President Yoon Suk Yeol" and "President
    /// Yoon's office" are the presidential office of the leader's state.
    fn offices(&mut self) {
        let mut k = 0;
        while k < self.tokens.len() {
            let found = self.office_phrase_at(k);
            let Some((from, to, person, title)) = found else {
                k += 1;
                continue;
            };
            let Some(state_key) = self.entity(person).affiliation.clone() else {
                k = to;
                continue;
            };
            let (suffix, key_suffix) = if title.contains("prime minister") {
                ("prime minister's office", "prime-ministers-office")
            } else {
                ("presidential office", "presidential-office")
            };
            let label = match self.lexicon.demonym_of(&state_key) {
                Some(demonym) => format!("{demonym} {suffix}"),
                None => format!(
                    "{suffix} of {}",
                    self.lexicon
                        .entry(&state_key)
                        .map_or(state_key.as_str(), |e| e.name.as_str())
                ),
            };
            let office = match self.lexicon.entries.iter().position(|e| e.name == label) {
                Some(index) => self.intern_entry(index),
                None => self.intern(
                    format!("{state_key}/{key_suffix}"),
                    label,
                    Kind::Agency,
                    Some(state_key),
                    None,
                ),
            };
            self.replace_with_outer(from, to, office);
            k = to;
        }
    }

    /// An office phrase at token `k`: (first token, end, leader, title).
    fn office_phrase_at(&self, k: usize) -> Option<(usize, usize, EntityIdx, String)> {
        let title_of = |person: EntityIdx| -> Option<String> {
            self.titles
                .iter()
                .filter(|t| t.person == person)
                .map(|t| t.title.clone())
                .find(|t| t.contains("president") || t.contains("prime minister"))
        };
        let person_at = |i: usize| -> Option<(EntityIdx, usize)> {
            let m = self.mention_at(i)?;
            (self.entity(m.entity).kind == Kind::Official).then_some(())?;
            Some((m.entity, self.token_ending_at(m.span.end)? + 1))
        };
        // "office of [the] [South Korean] President Yoon Suk Yeol"
        if self.lower(k) == "office"
            && self.tokens.get(k + 1).is_some()
            && self.lower(k + 1) == "of"
        {
            for j in k + 2..(k + 9).min(self.tokens.len()) {
                if let Some((person, end)) = person_at(j) {
                    let title = title_of(person)?;
                    return Some((k, end, person, title));
                }
            }
            return None;
        }
        // "[President] Yoon's office"
        let (person, end) = person_at(k)?;
        if k > 0 && self.covered[k - 1] == self.covered[k] {
            return None;
        }
        let possessive = self
            .tokens
            .get(end)
            .is_some_and(|t| t.kind == TokenKind::Possessive);
        if !possessive || self.tokens.get(end + 1).is_none() || self.lower(end + 1) != "office" {
            return None;
        }
        let title = title_of(person)?;
        let from = if k > 0 && self.lexicon.is_title(self.tok(k - 1)) {
            k - 1
        } else {
            k
        };
        Some((from, end + 2, person, title))
    }

    // ---- rule 7: coreference --------------------------------------------

    fn coreference(&mut self) {
        // Short names of the people mentioned so far: surname, or family name
        // first for East Asian names.
        let mut short: HashMap<String, EntityIdx> = HashMap::new();
        let mut order: Vec<EntityIdx> = self
            .extraction
            .mentions
            .iter()
            .filter(|m| m.span != Span::default())
            .map(|m| m.entity)
            .collect();
        order.dedup();
        for idx in order {
            let e = self.entity(idx);
            if !matches!(e.kind, Kind::Official | Kind::Person) || e.key.contains('/') {
                continue;
            }
            let parts: Vec<&str> = e.label.split_whitespace().collect();
            if parts.len() < 2 {
                continue;
            }
            let family_first = self.lexicon.family_name_first.iter().any(|f| f == parts[0]);
            let name = if family_first {
                parts[0]
            } else {
                parts[parts.len() - 1]
            };
            short.entry(name.to_owned()).or_insert(idx);
        }
        for i in 0..self.tokens.len() {
            if self.covered[i].is_some() || !self.is_capitalized(i) {
                continue;
            }
            if let Some(&entity) = short.get(self.tok(i)) {
                // Not the start of a longer unknown name ("Kim Il Sung").
                if self.is_capitalized(i + 1)
                    && self.covered.get(i + 1).is_some_and(Option::is_none)
                    && !self.lexicon.is_stopword(self.tok(i + 1))
                {
                    continue;
                }
                self.add_mention(i, i + 1, entity);
            }
        }
        // "the president", "the Pentagon chief": the latest person with that title.
        for i in 0..self.tokens.len().saturating_sub(1) {
            if self.lower(i) != "the" || !self.is_free(i + 1, i + 2) {
                continue;
            }
            let word = self.lower(i + 1);
            if !self.lexicon.is_title(word) {
                continue;
            }
            // "the official KCNA news agency": an adjective before a name.
            if self.is_capitalized(i + 2) {
                continue;
            }
            let start = self.tokens[i].span.start;
            let target = self
                .titles
                .iter()
                .filter(|t| t.span.end <= start && t.title.split_whitespace().any(|w| w == word))
                .map(|t| t.person)
                .next_back()
                .or_else(|| {
                    (word == "official").then(|| {
                        self.extraction
                            .mentions
                            .iter()
                            .filter(|m| m.span.end <= start && m.span != Span::default())
                            .filter(|m| self.entity(m.entity).kind == Kind::Official)
                            .map(|m| m.entity)
                            .next_back()
                    })?
                });
            if let Some(person) = target {
                self.add_mention(i + 1, i + 2, person);
            }
        }
    }
}

/// Lower-case words of a phrase.
fn words(phrase: &str) -> Vec<String> {
    phrase.split_whitespace().map(str::to_lowercase).collect()
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
mod tests {
    use super::*;
    use crate::article::Metadata;

    fn doc_entities(text: &str) -> Vec<(String, Kind)> {
        let lexicon = Lexicon::embedded().unwrap();
        let article = Article::new("t".into(), text.into(), Metadata::default(), "t".into());
        let doc = Document::new(&article, &lexicon);
        let extraction = doc.resolve();
        let mut out: Vec<(String, Kind)> = extraction
            .entities
            .iter()
            .filter(|e| e.mentions > 0)
            .map(|e| (e.label.clone(), e.kind))
            .collect();
        out.sort();
        out
    }

    fn has(entities: &[(String, Kind)], label: &str, kind: Kind) -> bool {
        entities.iter().any(|(l, k)| l == label && *k == kind)
    }

    #[test]
    fn slugs_are_stable_ascii_segments() {
        assert_eq!(slug("Kim Tae-hyo"), "kim-tae-hyo");
        assert_eq!(slug("U.S. officials"), "us-officials");
        assert_eq!(slug("South Korea’s spy agency"), "south-koreas-spy-agency");
    }

    #[test]
    fn capital_is_city_in_locative_context_and_state_as_actor() {
        let e = doc_entities("Pyongyang denied it. The summit was held in Pyongyang.");
        assert!(has(&e, "North Korea", Kind::State));
        assert!(has(&e, "Pyongyang", Kind::Place));
    }

    #[test]
    fn titled_unknown_names_become_officials_with_affiliation() {
        let lexicon = Lexicon::embedded().unwrap();
        let article = Article::new(
            "t".into(),
            "Finnish Defence Minister Antti Häkkänen said the report was credible.".into(),
            Metadata::default(),
            "t".into(),
        );
        let doc = Document::new(&article, &lexicon);
        let e = doc.resolve();
        let person = e
            .entities
            .iter()
            .find(|e| e.label == "Antti Häkkänen")
            .unwrap();
        assert_eq!(person.kind, Kind::Official);
        assert_eq!(person.affiliation.as_deref(), Some("finland"));
    }

    #[test]
    fn appositions_make_former_officers_persons() {
        let e = doc_entities(
            "Jane Roe, a former colonel in the US Army, told reporters that it was a risk.",
        );
        assert!(has(&e, "Jane Roe", Kind::Person), "{e:?}");
    }

    #[test]
    fn anonymous_sources_and_collectives() {
        let e = doc_entities(
            "A senior Ukrainian official said so. Ukrainian media reported it. Analysts say so.",
        );
        assert!(
            has(&e, "senior Ukrainian official", Kind::Official),
            "{e:?}"
        );
        assert!(has(&e, "Ukrainian media", Kind::MediaOutlet), "{e:?}");
        assert!(has(&e, "analysts", Kind::Person), "{e:?}");
    }

    #[test]
    fn bodies_by_head_noun_and_outlets_by_role() {
        let e = doc_entities(
            "The Lithuanian State Security Department said so, according to The Baltic Sentinel.",
        );
        assert!(
            has(&e, "Lithuanian State Security Department", Kind::Agency),
            "{e:?}"
        );
        assert!(has(&e, "The Baltic Sentinel", Kind::MediaOutlet), "{e:?}");
    }

    #[test]
    fn surnames_refer_back() {
        let lexicon = Lexicon::embedded().unwrap();
        let article = Article::new(
            "t".into(),
            "Estonian Foreign Minister Margus Tsahkna spoke. Tsahkna said more.".into(),
            Metadata::default(),
            "t".into(),
        );
        let doc = Document::new(&article, &lexicon);
        let e = doc.resolve();
        let idx = e
            .entities
            .iter()
            .position(|e| e.label == "Margus Tsahkna")
            .unwrap();
        assert_eq!(e.entities[idx].mentions, 2);
    }

    #[test]
    fn a_title_before_a_name_is_not_an_anonymous_source() {
        let e = doc_entities(
            "Kremlin spokesman Dmitry Peskov said so at a NATO defense ministers' meeting.",
        );
        assert!(
            !e.iter()
                .any(|(l, _)| l.contains("spokesman") || l.contains("ministers")),
            "{e:?}"
        );
        assert!(has(&e, "Kremlin", Kind::Agency), "{e:?}");
    }

    #[test]
    fn offices_of_leaders_are_their_presidential_office() {
        let e = doc_entities(
            "The office of South Korean President Yoon Suk Yeol said so. President Yoon's office added more.",
        );
        assert!(
            has(&e, "South Korean presidential office", Kind::Agency),
            "{e:?}"
        );
        assert!(has(&e, "Yoon Suk Yeol", Kind::Official), "{e:?}");
    }

    #[test]
    fn hyphen_compounds_keep_the_name() {
        let e =
            doc_entities("A New York-based think tank spoke of Russian-occupied areas of Ukraine.");
        assert!(has(&e, "New York", Kind::Place), "{e:?}");
        assert!(
            has(&e, "Russian-occupied areas of Ukraine", Kind::Place),
            "{e:?}"
        );
    }

    #[test]
    fn photo_credits_are_not_sources() {
        let e = doc_entities("Troops march in Pyongyang. Photo: EPA-EFE/KCNA");
        assert!(!has(&e, "KCNA", Kind::MediaOutlet), "{e:?}");
    }

    #[test]
    fn names_in_titles_and_prefixes_mention_their_state_and_parent() {
        let e =
            doc_entities("British Defense Secretary John Healey spoke at the UN General Assembly.");
        assert!(has(&e, "United Kingdom", Kind::State), "{e:?}");
        assert!(has(&e, "United Nations", Kind::Organization), "{e:?}");
        assert!(has(&e, "UN General Assembly", Kind::Agency), "{e:?}");
    }
}
