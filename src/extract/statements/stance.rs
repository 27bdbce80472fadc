//! Rule family **stance**: the attitude a statement takes.
//!
//! The cue's stance; a neutral cue ("said") takes the stance of the first
//! keyword family, in the order of the families of `[stance]` in
//! `data/lexicon.toml`, with a keyword in what is said: "fake news" →
//! denies, "threat" → warns, "illegal" → condemns. A conditional ("if ...
//! would") with no warning keyword is `other`.

use crate::extract::Stance;
use crate::extract::lexicon::Lexicon;

/// The stance of a statement: a neutral cue takes the stance of the words.
pub(super) fn stance(lexicon: &Lexicon, cue: Stance, words: &[String]) -> Stance {
    if cue != Stance::Claims {
        return cue;
    }
    let families = &lexicon.stance_families;
    let groups = lexicon.stance_index.groups_in(words, families.len());
    for (&(stance, _), hit) in families.iter().zip(groups) {
        if hit {
            return stance;
        }
        // "If that's true, it would mark ...": a conditional assessment is
        // neither a claim nor a warning.
        if stance == Stance::Warns && is_conditional(words) {
            return Stance::Other;
        }
    }
    cue
}

pub(super) fn is_conditional(words: &[String]) -> bool {
    let has = |w: &str| words.iter().any(|x| x == w);
    has("if") && (has("would") || has("could"))
}
