//! Rule family **outlets**: media outlets by the role they play. One rule,
//! [`Resolver::outlets`].
//!
//! Reads `[outlets]` of `data/lexicon.toml` (`triggers`, `media_heads`).

use super::{Resolver, slug};
use crate::extract::Kind;

impl Resolver<'_> {
    /// **Outlets by role** — a name after a relay phrase.
    ///
    /// Pattern: trigger (`told`, `according to`, `citing` ...) + 1–5 free
    /// capitalised words, with a media head word after the first ("Korea
    /// Herald") or a leading "The" ("told The War Zone") → MediaOutlet.
    pub(super) fn outlets(&mut self) {
        let words = &self.lexicon.outlets;
        let mut i = 0;
        while i < self.doc.tokens.len() {
            let Some(len) = words
                .triggers
                .iter()
                .find(|t| self.doc.matches_at(i, t))
                .map(<[String]>::len)
            else {
                i += 1;
                continue;
            };
            let start = i + len;
            let mut j = start;
            while j < self.doc.tokens.len()
                && self.doc.is_capitalized(j)
                && self.table.covered[j].is_none()
                && j - start < 5
            {
                j += 1;
            }
            if j - start >= 1 {
                let run: Vec<&str> = (start..j).map(|k| self.doc.tok(k)).collect();
                let has_head = run.iter().skip(1).any(|w| words.media_heads.contains(w));
                let leading_the = run[0] == "The" && run.len() >= 2;
                if has_head || leading_the {
                    let label = run.join(" ");
                    let entity =
                        self.table
                            .intern(slug(&label), label, Kind::MediaOutlet, None, None);
                    self.add_mention(start, j, entity);
                }
            }
            i = j.max(i + 1);
        }
    }
}
