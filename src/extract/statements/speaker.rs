//! Rule family **speaker**: who a cue's words belong to.
//!
//! For a verb cue, the nearest actor mention to its left in the same clause,
//! skipping auxiliaries, adverbs, time expressions and an apposition between
//! commas ("Kim Tae-hyo, the first deputy director ..., said"); else the
//! actor right after it ("..., said Carl Schuster"); "he"/"she"/"they" take
//! the previous speaker. "Russia and North Korea have denied" gives two
//! speakers.
//!
//! Reads `[speaker]` of `data/lexicon.toml` (`skippable`, `catenatives`,
//! `clause_openers`,
//! `aside_openers`, `source_determiners`, `collective_nouns`,
//! `relay_words`, `trailers`, `finite`, `adjunct_prepositions`,
//! `qualifier_words`, `speaker_words`) and `[dates]` (time words are
//! skipped).

use crate::extract::text::TokenKind;
use crate::extract::{EntityIdx, Kind, Reading};

/// How far back "who" may open a relative clause before its actor
/// ("Analysts who have tracked Pyongyang for decades say").
const RELATIVE_CLAUSE_TOKENS: usize = 12;
/// How far back a clause's subject is looked for.
const CLAUSE_TOKENS: usize = 80;
/// How long an aside between commas or brackets may be. Both bounds keep
/// the search for a speaker within a window of its cue, so a run-on
/// sentence costs time in proportion to its length.
const ASIDE_TOKENS: usize = 60;

/// The speaker(s) of a verb cue: the actor right before it, across
/// auxiliaries, adverbs, time expressions, a bracketed acronym and an
/// apposition between commas.
pub(super) fn find_speaker_left(
    cx: Reading<'_>,
    start: usize,
    cue: usize,
    current: Option<EntityIdx>,
    last: Option<EntityIdx>,
) -> Option<Vec<EntityIdx>> {
    let mut k = cue;
    while k > start {
        k -= 1;
        let lower = cx.doc.lower(k);
        if let Some(m) = cx.table.mention_at(k) {
            let entity = m.entity;
            let first = cx
                .doc
                .tokens
                .partition_point(|tok| tok.span.start < m.span.start);
            if !cx.table.entity(entity).kind.is_actor() {
                // "Zelensky in Brussels said": a place is passed over.
                k = first;
                continue;
            }
            // "Analysts who have tracked Pyongyang say": the actor inside a
            // relative clause is not who speaks; its antecedent is.
            if let Some(who) = relative_pronoun_before(cx, start, first, cue) {
                k = who;
                continue;
            }
            let mut speakers = vec![entity];
            // "Russia and North Korea have denied", "Kim and Russian President
            // Vladimir Putin confirmed": coordinated speakers, across the
            // second one's title.
            let first = title_start(cx, start, first);
            if first >= start + 2
                && cx.doc.lower(first - 1) == "and"
                && let Some(other) = cx.table.mention_at(first - 2)
                && cx.table.entity(other.entity).kind.is_actor()
                && other.entity != entity
            {
                speakers.insert(0, other.entity);
            }
            return Some(speakers);
        }
        // "the document said", "the statement reads": a text speaks for
        // whoever the article last quoted.
        if k > start
            && cx.doc.lexicon.speaker.documents.contains(lower)
            && matches!(cx.doc.lower(k - 1), "the" | "its" | "their")
        {
            return current.or(last).map(|speaker| vec![speaker]);
        }
        // "The Ukrainian armed forces reported": forces named by nationality
        // speak for their state.
        if let Some(state) = forces_state(cx, k) {
            return Some(vec![state]);
        }
        match lower {
            // "X summoned the ambassador and urged ...": the clause's subject.
            "and" | "but" => {
                return current
                    .or_else(|| first_actor_of_clause(cx, start, k))
                    .map(|e| vec![e]);
            }
            "he" | "she" | "they" => {
                // "that while they cannot confirm": inside what is said, not a speaker.
                if k > start
                    && cx
                        .doc
                        .lexicon
                        .speaker
                        .clause_openers
                        .contains(cx.doc.lower(k - 1))
                {
                    return None;
                }
                // "X said if ..., he believed ...": the same speaker's words
                // go on; they are no statement of their own.
                if current.is_some() {
                    return None;
                }
                let speaker = last?;
                let kind = cx.table.entity(speaker).kind;
                let ok = lower == "they" || matches!(kind, Kind::Official | Kind::Person);
                return ok.then(|| vec![speaker]);
            }
            ")" => {
                // "the National Intelligence Service (NIS) said".
                k = (start..k)
                    .rev()
                    .take(ASIDE_TOKENS)
                    .find(|&p| cx.doc.tok(p) == "(")?;
            }
            "," => {
                // ", a former director ..., said" / ", as quoted by Reuters, stated".
                let open = (start..k)
                    .rev()
                    .take(ASIDE_TOKENS)
                    .find(|&p| cx.doc.tok(p) == ",")?;
                // "The head of the agency, Jane Roe, said": a person filling
                // the aside is who speaks.
                if let Some(m) = cx.table.mention_at(open + 1) {
                    let fills = cx.doc.token_ending_at(m.span.end) == Some(k - 1)
                        && cx.doc.token_starting_at(m.span.start) == Some(open + 1);
                    if fills
                        && matches!(
                            cx.table.entity(m.entity).kind,
                            Kind::Official | Kind::Person
                        )
                    {
                        return Some(vec![m.entity]);
                    }
                }
                let inner = cx.doc.lower(open + 1);
                // "Kyrylo Budanov, head of Ukraine's Military Intelligence,
                // said": any aside after a person's name.
                let after_person = open > start
                    && cx.table.mention_at(open - 1).is_some_and(|m| {
                        matches!(
                            cx.table.entity(m.entity).kind,
                            Kind::Official | Kind::Person
                        )
                    });
                let apposition = cx.doc.lexicon.speaker.aside_openers.contains(inner)
                    || cx.table.mention_at(open + 1).is_some()
                    || after_person;
                if !apposition {
                    // "Aleksandr Volga, the mayor of Enerhodar, where the plant
                    // is, told ...": an aside inside a person's apposition.
                    let outer = (start + 1..open)
                        .rev()
                        .take(24)
                        .filter(|&p| cx.doc.tok(p) == ",")
                        .find(|&p| {
                            cx.table.mention_at(p - 1).is_some_and(|m| {
                                matches!(
                                    cx.table.entity(m.entity).kind,
                                    Kind::Official | Kind::Person
                                )
                            })
                        });
                    match outer {
                        Some(p) => {
                            k = p;
                            continue;
                        }
                        None => return None,
                    }
                }
                k = open;
            }
            // "was quick to blame": the verb before "to" goes with it.
            "to" if catenative_before(cx, start, k).is_some() => {
                k = catenative_before(cx, start, k).unwrap_or(k);
            }
            _ if cx.doc.lexicon.speaker.skippable.contains(lower)
                || cx.doc.lexicon.dates.weekdays.contains(lower)
                || cx.doc.lexicon.dates.months.contains(lower)
                || cx.doc.tokens[k].kind == TokenKind::Number => {}
            _ => match relative_pronoun_before(cx, start, k + 1, cue) {
                // "Analysts who have tracked it for decades say".
                Some(who) => k = who,
                None => return None,
            },
        }
    }
    None
}

/// Where a catenative verb ending right before the "to" at `to` starts
/// ("went on" in "went on to assert").
fn catenative_before(cx: Reading<'_>, start: usize, to: usize) -> Option<usize> {
    cx.doc
        .lexicon
        .speaker
        .catenatives
        .iter()
        .filter(|c| to >= start + c.len() && cx.doc.matches_at(to - c.len(), c))
        .map(|c| to - c.len())
        .min()
}

/// "who" opening a relative clause that runs from before `first` to the cue
/// without a comma, right after an actor: where the search for the speaker
/// goes on.
fn relative_pronoun_before(
    cx: Reading<'_>,
    start: usize,
    first: usize,
    cue: usize,
) -> Option<usize> {
    let who = (start + 1..first)
        .rev()
        .take(RELATIVE_CLAUSE_TOKENS)
        .take_while(|&p| !matches!(cx.doc.tok(p), "," | ";" | ":"))
        .find(|&p| cx.doc.lower(p) == "who")?;
    let antecedent = cx.table.mention_at(who - 1)?;
    let no_comma = (who..cue).all(|p| cx.doc.tok(p) != ",");
    (no_comma && cx.table.entity(antecedent.entity).kind.is_actor()).then_some(who)
}

/// The state whose forces token `k` names: "[demonym] [armed] forces",
/// "[demonym] troops" (`[units] forces`).
fn forces_state(cx: Reading<'_>, k: usize) -> Option<EntityIdx> {
    let lexicon = cx.doc.lexicon;
    if !lexicon.units.forces.contains(cx.doc.lower(k)) {
        return None;
    }
    let before = if k > 0 && cx.doc.lower(k - 1) == "armed" {
        k - 1
    } else {
        k
    };
    let (_, _, entry) = cx.doc.demonym_ending_at(before)?;
    cx.table.by_key(&lexicon.entries[entry].id)
}

/// Where the article, title words and nationality before a name start
/// ("the", "Russian President" before "Vladimir Putin").
fn title_start(cx: Reading<'_>, start: usize, mut first: usize) -> usize {
    while first > start {
        let p = first - 1;
        let word = cx.doc.tok(p);
        if cx.table.mention_at(p).is_none()
            && (cx.doc.lexicon.is_title(word) || cx.doc.lower(p) == "the")
        {
            first = p;
        } else if let Some((d, _, _)) = cx.doc.demonym_ending_at(first) {
            first = d;
        } else {
            break;
        }
    }
    first
}

/// The first actor of the clause that ends at `end`: the clause starts after
/// the last comma, semicolon or quote before it.
pub(super) fn first_actor_of_clause(
    cx: Reading<'_>,
    start: usize,
    end: usize,
) -> Option<EntityIdx> {
    // A clause is looked for within a window, so that a run-on sentence
    // costs time in proportion to its length.
    let start = start.max(end.saturating_sub(CLAUSE_TOKENS));
    let clause_start = (start..end)
        .rev()
        .find(|&k| {
            matches!(
                cx.doc.tok(k),
                "," | ";" | ":" | "\u{201c}" | "\u{201d}" | "\""
            )
        })
        .map_or(start, |k| k + 1);
    cx.table
        .mentions_in(cx.doc, clause_start, end)
        .into_iter()
        .map(|(_, _, e)| e)
        .find(|&e| cx.table.entity(e).kind.is_actor())
}

/// "..., said Carl Schuster": an actor right after the cue.
pub(super) fn find_speaker_right(cx: Reading<'_>, cue: usize, from: usize) -> Option<EntityIdx> {
    // Only the inverted quote frame: "“...,” said X" / "..., says X".
    let after_quote = cue > 0 && matches!(cx.doc.tok(cue - 1), "," | "\u{201d}" | "\"" | "'");
    if !after_quote {
        return None;
    }
    // "..., said the official", "..., said two diplomats"; but in "..., said
    // Russia had shelled it" Russia is what is said.
    let (entity, first) = mention_after(cx, from, cx.doc.tokens.len())?;
    let m = cx.table.mention_at(first)?;
    let after = cx
        .doc
        .token_ending_at(m.span.end)
        .map_or(first + 1, |t| t + 1);
    let clause =
        after < cx.doc.tokens.len() && cx.doc.lexicon.speaker.finite.contains(cx.doc.lower(after));
    (!clause).then_some(entity)
}

/// The actor mentioned right at `from`, after determiners and counts ("the",
/// "two", `[speaker] source_determiners`), with its first token.
pub(super) fn mention_after(
    cx: Reading<'_>,
    from: usize,
    end: usize,
) -> Option<(EntityIdx, usize)> {
    let lexicon = cx.doc.lexicon;
    let mut k = from;
    // "according to the agency", "according to two senior officials".
    while k < end
        && cx.table.mention_at(k).is_none()
        && (lexicon.speaker.source_determiners.contains(cx.doc.lower(k))
            || cx.doc.tokens[k].kind == TokenKind::Number
            || lexicon.numbers.words.contains_key(cx.doc.lower(k)))
    {
        k += 1;
    }
    // "citing the country’s National Intelligence Service".
    if k + 1 < end
        && cx
            .doc
            .lexicon
            .speaker
            .collective_nouns
            .contains(cx.doc.lower(k))
        && cx.doc.tokens[k + 1].kind == TokenKind::Possessive
    {
        k += 2;
    }
    let m = cx.table.mention_at(k)?;
    cx.table
        .entity(m.entity)
        .kind
        .is_actor()
        .then_some((m.entity, k))
}

/// Whether only the speaker and time words follow the cue to the sentence end.
pub(super) fn closes_sentence(cx: Reading<'_>, after: usize, end: usize) -> bool {
    let mut k = after;
    while k < end {
        let t = cx.doc.lower(k);
        // A relay clause may follow: "..., Yonhap said, citing the NIS."
        if cx.doc.lexicon.speaker.relay_words.contains(t) {
            return true;
        }
        let is_trailer = cx.table.mention_at(k).is_some()
            || cx.doc.tokens[k].kind == TokenKind::Punct
            || cx.doc.tokens[k].kind == TokenKind::Number
            || cx.doc.lexicon.speaker.trailers.contains(t)
            || cx.doc.lexicon.dates.weekdays.contains(t)
            || cx.doc.lexicon.dates.months.contains(t);
        if !is_trailer {
            return false;
        }
        k += 1;
    }
    true
}

/// Whether a cue is followed by what is said ("that ...", a quote, a
/// colon); without it, "..., X told reporters after a briefing." attributes
/// what came before.
pub(super) fn has_complement(cx: Reading<'_>, after: usize, end: usize) -> bool {
    // "said in an interview published on ...": an adjunct, unless "that" or
    // a quote follows it.
    let adjunct = after < end
        && cx.doc.lexicon.speaker.adjunct_prepositions.contains(cx.doc.lower(after))
        // "said at least 100 soldiers ...": a qualifier, not a preposition.
        && !(after + 1 < end && cx.doc.lexicon.speaker.qualifier_words.contains(cx.doc.lower(after + 1)));
    (after..end).take_while(|&k| cx.doc.tok(k) != ",").any(|k| {
        let word = cx.doc.lower(k);
        if adjunct {
            return matches!(word, "that" | ":" | "\u{201c}" | "\"");
        }
        // "that ...", a quote, or a clause with a finite verb ("said 100
        // soldiers had been killed", "said the troops lacked ...").
        matches!(word, "that" | ":" | "\u{201c}" | "\"")
            || cx.doc.lexicon.speaker.finite.contains(word)
            || (word.len() > 4 && word.ends_with("ed") && k > after)
    })
}

/// Whether the sentence starts with a quotation: "“...,” X told reporters
/// after talks" attributes the quote whatever follows.
pub(super) fn opens_with_quote(cx: Reading<'_>, start: usize) -> bool {
    matches!(cx.doc.tok(start), "\u{201c}" | "\"" | "\u{2018}")
}

/// Whether a comma or closing quote separates what is said from the speaker
/// before the cue ("“...,” Peskov said").
pub(super) fn ends_clause_before(cx: Reading<'_>, start: usize, cue: usize) -> bool {
    let s = speaker_start(cx, start, cue);
    s > start
        && matches!(
            cx.doc.tok(s - 1),
            "," | "\u{201d}" | "\"" | "'" | "\u{2019}"
        )
}

/// The first token of the speaker phrase right before a cue.
pub(super) fn speaker_start(cx: Reading<'_>, start: usize, cue: usize) -> usize {
    let mut k = cue;
    while k > start {
        let p = k - 1;
        // "military intelligence (HUR) chief": a bracketed acronym, and possessives.
        if cx.doc.tok(p) == ")" {
            match (start..p).rev().find(|&q| cx.doc.tok(q) == "(") {
                Some(open) => {
                    k = open;
                    continue;
                }
                None => break,
            }
        }
        if cx.doc.tokens[p].kind == TokenKind::Possessive {
            k = p;
            continue;
        }
        if cx.table.mention_at(p).is_some()
            || cx.doc.lexicon.speaker.skippable.contains(cx.doc.lower(p))
            || cx
                .doc
                .lexicon
                .speaker
                .speaker_words
                .contains(cx.doc.lower(p))
            || cx.doc.lexicon.is_title(cx.doc.tok(p))
            || (cx.doc.is_capitalized(p) && cx.doc.tok(p) != "\u{201c}")
        {
            k = p;
        } else {
            break;
        }
    }
    k
}
