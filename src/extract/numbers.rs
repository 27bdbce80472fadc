//! Numbers as news writes them: digits with separators ("12,000"),
//! decimals with a multiplier ("1.2 million") and words ("six", "ten
//! thousand"), read with `[numbers]` (`words`, `multipliers`) of
//! `data/lexicon.toml`.

use super::document::Document;
use super::lexicon::Lexicon;
use super::text::TokenKind;

/// Reads a number at token `k`: digits ("12,000", "1.2" + "million") or
/// words ("six", "ten thousand"). Returns (value, tokens used).
pub fn number_at(
    doc: &Document<'_>,
    lexicon: &Lexicon,
    k: usize,
    end: usize,
) -> Option<(u64, usize)> {
    let t = doc.tok(k);
    let (mut value, mut used) = if doc.tokens[k].kind == TokenKind::Number {
        let digits: String = t.chars().filter(|c| *c != ',').collect();
        let v: f64 = digits.parse().ok()?;
        (v, 1)
    } else {
        let n = *lexicon.numbers.words.get(&t.to_lowercase())?;
        (n as f64, 1)
    };
    while k + used < end {
        let next = doc.lower(k + used);
        match lexicon.numbers.multipliers.get(next) {
            Some(m) => {
                value *= *m as f64;
                used += 1;
            }
            None => break,
        }
    }
    (value >= 1.0 && value.fract() == 0.0).then_some((value as u64, used))
}

/// A small cardinal written as a word ("four"), 2 to 99.
pub fn number_word(doc: &Document<'_>, i: usize) -> Option<u64> {
    doc.lexicon
        .numbers
        .words
        .get(doc.lower(i))
        .copied()
        .filter(|&n| (2..=99).contains(&n))
}
