//! Rule family **outlets**: media outlets by the role they play.

use super::{Resolver, slug};
use crate::extract::Kind;

impl Resolver<'_> {
    pub(super) fn outlets(&mut self) {
        let triggers: [&[&str]; 6] = [
            &["told"],
            &["according", "to"],
            &["citing"],
            &["quoted", "by"],
            &["reported", "by"],
            &["interview", "with"],
        ];
        let mut i = 0;
        while i < self.doc.tokens.len() {
            let Some(len) = triggers
                .iter()
                .find(|t| {
                    t.iter()
                        .enumerate()
                        .all(|(k, w)| i + k < self.doc.tokens.len() && self.doc.lower(i + k) == *w)
                })
                .map(|t| t.len())
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
                let has_head = run
                    .iter()
                    .skip(1)
                    .any(|w| self.lexicon.media_heads.iter().any(|h| h == w));
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
