//! The read-only view of an article that every rule reads: tokens with byte
//! spans, sentences, the lower-case form of each token and the nationality
//! adjectives found in the text.
//!
//! Invariant: a [`Document`] does not change once built; what the rules find
//! goes into an [`super::entities::EntityTable`].

use super::Span;
use super::lexicon::Lexicon;
use super::text::{self, Token, TokenKind};
use crate::article::Article;
use std::ops::Range;

/// An article prepared for the rules.
pub struct Document<'a> {
    pub article: &'a Article,
    pub text: &'a str,
    pub lexicon: &'a Lexicon,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Span>,
    /// Token index range of each sentence.
    pub sentence_tokens: Vec<Range<usize>>,
    /// Nationality adjectives, in text order and not overlapping: (token
    /// index of the first word, number of tokens, state entry index).
    pub demonyms: Vec<(usize, usize, usize)>,
    /// By token: the demonym starting there, and the one ending right before
    /// it (index into `demonyms` + 1; 0 for none), so that rules find one in
    /// constant time however long the text.
    demonym_starting: Vec<u32>,
    demonym_ending: Vec<u32>,
    /// Token texts in lower case, computed once: rules compare them often.
    lowered: Vec<String>,
}

impl<'a> Document<'a> {
    pub fn new(article: &'a Article, lexicon: &'a Lexicon) -> Self {
        let text = article.text.as_str();
        let tokens = text::tokenize(text, &lexicon.text);
        let sentences = text::sentences(text, &tokens, &lexicon.text);
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
            demonym_starting: Vec::new(),
            demonym_ending: Vec::new(),
            lowered,
        };
        doc.demonyms = doc.find_demonyms();
        doc.demonym_starting = vec![0; doc.tokens.len() + 1];
        doc.demonym_ending = vec![0; doc.tokens.len() + 1];
        for (n, &(from, len, _)) in doc.demonyms.iter().enumerate() {
            let index = u32::try_from(n + 1).unwrap_or(u32::MAX);
            doc.demonym_starting[from] = index;
            doc.demonym_ending[from + len] = index;
        }
        doc
    }

    /// Nationality adjectives whose match starts and ends on token bounds.
    fn find_demonyms(&self) -> Vec<(usize, usize, usize)> {
        self.lexicon
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
            .collect()
    }

    /// The token as written.
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

    /// The sentence token `i` lies in.
    pub fn sentence_of_token(&self, i: usize) -> usize {
        self.sentence_tokens
            .partition_point(|r| r.end <= i)
            .min(self.sentences.len().saturating_sub(1))
    }

    /// The byte span of tokens `from..to`.
    pub fn span_of(&self, from: usize, to: usize) -> Span {
        Span::new(self.tokens[from].span.start, self.tokens[to - 1].span.end)
    }

    /// The index of the token starting at byte `start`, if one does.
    pub fn token_starting_at(&self, start: usize) -> Option<usize> {
        let i = self.tokens.partition_point(|t| t.span.start < start);
        (i < self.tokens.len() && self.tokens[i].span.start == start).then_some(i)
    }

    /// The index of the token ending at byte `end`, if one does.
    pub fn token_ending_at(&self, end: usize) -> Option<usize> {
        let i = self.tokens.partition_point(|t| t.span.end < end);
        (i < self.tokens.len() && self.tokens[i].span.end == end).then_some(i)
    }

    /// Whether a line break stands between token `i` and the one before.
    pub fn line_break_before(&self, i: usize) -> bool {
        i > 0 && self.text[self.tokens[i - 1].span.end..self.tokens[i].span.start].contains('\n')
    }

    /// The nationality adjective starting at token `i`: (tokens, state entry).
    pub fn state_of_demonym_at(&self, i: usize) -> Option<(usize, usize)> {
        self.demonym_at(i).map(|(_, len, entry)| (len, entry))
    }

    /// The nationality adjective starting at token `i`.
    pub fn demonym_at(&self, i: usize) -> Option<(usize, usize, usize)> {
        Self::indexed(&self.demonyms, &self.demonym_starting, i)
    }

    /// The nationality adjective whose last token is right before token
    /// `end`.
    pub fn demonym_ending_at(&self, end: usize) -> Option<(usize, usize, usize)> {
        Self::indexed(&self.demonyms, &self.demonym_ending, end)
    }

    fn indexed(
        demonyms: &[(usize, usize, usize)],
        index: &[u32],
        i: usize,
    ) -> Option<(usize, usize, usize)> {
        let n = *index.get(i)? as usize;
        n.checked_sub(1).map(|n| demonyms[n])
    }

    /// The nationality adjectives lying wholly in a token range, in order.
    pub fn demonyms_in(&self, tokens: Range<usize>) -> &[(usize, usize, usize)] {
        let from = self.demonyms.partition_point(|d| d.0 < tokens.start);
        let to = self.demonyms.partition_point(|d| d.0 + d.1 <= tokens.end);
        &self.demonyms[from..to.max(from)]
    }
}
