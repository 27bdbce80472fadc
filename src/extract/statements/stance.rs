//! Rule family **stance**: the attitude a statement takes.
//!
//! The cue's stance; a neutral cue ("said") takes the stance of words in
//! what is said (`[stance_keywords]` in `data/lexicon.toml`: "fake news" →
//! denies, "threat" → warns, "illegal" → condemns).

use crate::extract::Stance;
use crate::extract::lexicon::Lexicon;

/// The stance of a statement: a neutral cue takes the stance of the words.
pub(super) fn stance(lexicon: &Lexicon, cue: Stance, words: &[String]) -> Stance {
    if cue != Stance::Claims {
        return cue;
    }
    const PRIORITY: [Stance; 6] = [
        Stance::Denies,
        Stance::CannotVerify,
        Stance::Condemns,
        Stance::CallsFor,
        Stance::Warns,
        Stance::Other,
    ];
    let groups = lexicon
        .stance_index
        .groups_in(words, lexicon.stance_keywords.len());
    for stance in PRIORITY {
        let hit = lexicon
            .stance_keywords
            .iter()
            .zip(&groups)
            .any(|((s, _), &hit)| *s == stance && hit);
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
