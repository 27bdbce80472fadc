//! Tokens and sentences with byte spans. Reads `[text]` of
//! `data/lexicon.toml`: `compound_suffixes` ("Moscow-backed" splits at the
//! dash) and `abbreviations` (after which a period does not end a sentence).
//!
//! Invariant: every span is a byte range of the article text on `char`
//! boundaries.

use super::Span;
use super::lexicon::TextWords;

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (and digits mixed with letters), with inner hyphens, periods
    /// (`U.S.`) and apostrophes (`don't`).
    Word,
    /// Digits with inner `,` or `.` (`12,000`, `1.2`).
    Number,
    /// The possessive `'s` / `’s`, split off its word.
    Possessive,
    /// Any other single character that is not whitespace.
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

fn is_dash(c: char) -> bool {
    c == '-' || c == '\u{2010}' || c == '\u{2011}'
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str, words: &TextWords) -> Vec<Token> {
    let mut tokens = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_alphanumeric() {
            let mut j = i + 1;
            let mut has_alpha = c.is_alphabetic();
            while j < chars.len() {
                let c = chars[j].1;
                if c.is_alphanumeric() {
                    has_alpha |= c.is_alphabetic();
                    j += 1;
                    continue;
                }
                let next_alnum = chars.get(j + 1).is_some_and(|&(_, n)| n.is_alphanumeric());
                let next_digit = chars.get(j + 1).is_some_and(|&(_, n)| n.is_ascii_digit());
                let prev_digit = chars[j - 1].1.is_ascii_digit();
                // "New York-based", "Russian-occupied": the name ends at the dash.
                if is_dash(c) && chars[i].1.is_uppercase() && compound_suffix(words, &chars, j + 1)
                {
                    break;
                }
                let number_separator =
                    (c == ',' || c == '.') && prev_digit && next_digit && !has_alpha;
                let initialism_period =
                    c == '.' && has_alpha && next_alnum && is_initialism(&chars, i, j);
                if number_separator || initialism_period || (is_dash(c) && next_alnum) {
                    j += 1;
                } else if is_apostrophe(c) && next_alnum {
                    // The possessive 's stays its own token.
                    let s_then_end = chars.get(j + 1).is_some_and(|&(_, n)| n == 's' || n == 'S')
                        && !chars.get(j + 2).is_some_and(|&(_, n)| n.is_alphanumeric());
                    if s_then_end {
                        break;
                    }
                    j += 1;
                } else {
                    break;
                }
            }
            // A trailing period belongs to an initialism like "U.S." or "D.C.".
            if j < chars.len() && chars[j].1 == '.' && has_alpha && is_initialism(&chars, i, j) {
                j += 1;
            }
            let kind = if has_alpha {
                TokenKind::Word
            } else {
                TokenKind::Number
            };
            tokens.push(Token {
                span: Span::new(start, end_of(j)),
                kind,
            });
            i = j;
            continue;
        }
        if is_apostrophe(c)
            && chars.get(i + 1).is_some_and(|&(_, n)| n == 's' || n == 'S')
            && !chars.get(i + 2).is_some_and(|&(_, n)| n.is_alphanumeric())
            && i > 0
            && chars[i - 1].1.is_alphanumeric()
        {
            tokens.push(Token {
                span: Span::new(start, end_of(i + 2)),
                kind: TokenKind::Possessive,
            });
            i += 2;
            continue;
        }
        tokens.push(Token {
            span: Span::new(start, end_of(i + 1)),
            kind: TokenKind::Punct,
        });
        i += 1;
    }
    tokens
}

/// Whether the letters from `from` are a participle that attaches to a
/// name with a dash ("-backed").
fn compound_suffix(words: &TextWords, chars: &[(usize, char)], from: usize) -> bool {
    let word: String = chars[from.min(chars.len())..]
        .iter()
        .map(|&(_, c)| c)
        .take_while(|c| c.is_alphabetic())
        .collect();
    words.compound_suffixes.contains(&word)
}

/// Whether chars[from..to] followed by '.' looks like an initialism: single
/// letters separated by periods (`U.S`, `D.C`).
fn is_initialism(chars: &[(usize, char)], from: usize, to: usize) -> bool {
    let word: String = chars[from..to].iter().map(|&(_, c)| c).collect();
    word.split('.').all(|part| part.chars().count() == 1)
}

/// Splits `text` into sentences: at line breaks (headlines and captions have
/// no final period) and after `.`, `!` or `?` (with closing quotes) followed
/// by a space, unless the period ends a known abbreviation.
pub fn sentences(text: &str, tokens: &[Token], words: &TextWords) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let push = |from: usize, to: usize, out: &mut Vec<Span>| {
        if to > from {
            out.push(Span::new(from, to));
        }
    };
    for (i, token) in tokens.iter().enumerate() {
        let first = *start.get_or_insert(token.span.start);
        let next = tokens.get(i + 1);
        let line_break = next.is_some_and(|n| text[token.span.end..n.span.start].contains('\n'));
        let t = &text[token.span.start..token.span.end];
        // An initialism's period ("U.S.") never ends a sentence: "U.S. Defense
        // Secretary" is far more common than a sentence ending in "U.S.".
        let terminal = matches!(t, "." | "!" | "?");
        let mut end_here = line_break || next.is_none();
        if terminal && !end_here {
            // Closing quotes and brackets stay with the sentence they end.
            let mut j = i + 1;
            while let Some(n) = tokens.get(j) {
                let s = &text[n.span.start..n.span.end];
                if matches!(s, "\"" | "\u{201d}" | "'" | "\u{2019}" | ")") {
                    j += 1;
                } else {
                    break;
                }
            }
            if j > i + 1 {
                continue;
            }
            let previous = i
                .checked_sub(1)
                .map(|p| &text[tokens[p].span.start..tokens[p].span.end]);
            let abbreviation = t == "."
                && previous.is_some_and(|p| {
                    words.abbreviations.contains(p)
                        || (p.chars().count() == 1 && p.chars().all(char::is_uppercase))
                });
            let starts_upper = next.is_some_and(|n| {
                text[n.span.start..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“‘'(".contains(c))
            });
            end_here = !abbreviation && starts_upper;
        } else if !terminal && !end_here && matches!(t, "\"" | "\u{201d}" | "'" | "\u{2019}" | ")")
        {
            // A closing quote right after a terminal mark ends the sentence.
            let after_terminal = i.checked_sub(1).is_some_and(|p| {
                matches!(
                    &text[tokens[p].span.start..tokens[p].span.end],
                    "." | "!" | "?"
                )
            });
            let starts_upper = next.is_some_and(|n| {
                text[n.span.start..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || "\"“‘".contains(c))
            });
            end_here = after_terminal && starts_upper;
        }
        if end_here {
            push(first, token.span.end, &mut out);
            start = None;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> crate::extract::Lexicon {
        crate::extract::Lexicon::embedded().unwrap()
    }

    fn words(text: &str) -> Vec<&str> {
        tokenize(text, &lexicon().text)
            .iter()
            .map(|t| &text[t.span.start..t.span.end])
            .collect()
    }

    #[test]
    fn tokens_keep_initialisms_numbers_and_split_possessives() {
        assert_eq!(
            words("U.S. officials said Russia’s 12,000 troops, 1.2 million."),
            [
                "U.S.",
                "officials",
                "said",
                "Russia",
                "’s",
                "12,000",
                "troops",
                ",",
                "1.2",
                "million",
                "."
            ]
        );
        assert_eq!(words("Kim Tae-hyo didn't"), ["Kim", "Tae-hyo", "didn't"]);
        assert_eq!(
            words("Washington, D.C. today"),
            ["Washington", ",", "D.C.", "today"]
        );
    }

    #[test]
    fn sentences_split_at_periods_and_lines_but_not_abbreviations() {
        let text = "Headline here\nThe U.S. said so on Oct. 3. “It is,” he said. Next one!";
        let lexicon = lexicon();
        let tokens = tokenize(text, &lexicon.text);
        let got: Vec<&str> = sentences(text, &tokens, &lexicon.text)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(
            got,
            [
                "Headline here",
                "The U.S. said so on Oct. 3.",
                "“It is,” he said.",
                "Next one!"
            ]
        );
    }
}
