//! Ties the article states: offices from titles, bodies of states, places
//! inside places.

use super::{known_entity, relation, sentence_at};
use crate::extract::lexicon::{Lexicon, Words};
use crate::extract::{EntityIdx, Extraction, Kind, Predicate, Reading, Span};

pub(super) fn office_ties(cx: Reading<'_>, out: &mut Extraction) {
    known_office_holders(cx, out);
    let titles = &cx.doc.lexicon.titles;
    for info in &cx.table.titles {
        let sentence = sentence_at(cx, info.span);
        let words: Vec<&str> = info.title.split_whitespace().collect();
        let has = |list: &Words| {
            list.iter().any(|t| {
                words
                    .windows(t.split_whitespace().count())
                    .any(|w| w.join(" ") == t)
            })
        };
        let person = info.person;
        // The most specific body the title names, now every mention is
        // known: "a former lieutenant general in the South Korean army" served
        // in the army, not only the state.
        let body = title_body(cx, info.span).or(info.body);
        let info = &crate::extract::entities::TitleInfo {
            body,
            ..info.clone()
        };
        let body_kind = info.body.map(|b| out.entities[b.0].kind);
        let (predicate, object) = if info.former {
            match info.body {
                Some(body) => (Predicate::FormerlyServedIn, body),
                None => continue,
            }
        } else if has(&titles.spokesperson)
            && matches!(
                body_kind,
                Some(Kind::Agency | Kind::Organization | Kind::MilitaryUnit)
            )
        {
            (Predicate::SpokespersonFor, info.body.unwrap_or(person))
        } else if has(&titles.leader)
            && matches!(
                body_kind,
                Some(Kind::Agency | Kind::Organization | Kind::MilitaryUnit)
            )
        {
            (Predicate::Leads, info.body.unwrap_or(person))
        } else if out.entities[person.0].kind == Kind::Official {
            let state = match body_kind {
                Some(Kind::State) => info.body,
                // The state the person serves, mentioned or not.
                _ => out.entities[person.0]
                    .affiliation
                    .clone()
                    .and_then(|a| known_entity(out, cx.doc.lexicon, &a)),
            };
            match state {
                Some(state) if out.entities[state.0].kind == Kind::State => {
                    (Predicate::HoldsOfficeIn, state)
                }
                _ => continue,
            }
        } else {
            continue;
        };
        if let Some(r) = relation(cx, person, predicate, object, sentence, info.span) {
            out.relations.push(r);
        }
    }
}

/// Office holders the gazetteer knows, named here without a title the rules
/// read ("Secretary of State Antony Blinken"): they hold office in the
/// state they serve.
fn known_office_holders(cx: Reading<'_>, out: &mut Extraction) {
    let titled: Vec<EntityIdx> = cx.table.titles.iter().map(|t| t.person).collect();
    let holders: Vec<(EntityIdx, String, Span)> = out
        .entities
        .iter()
        .enumerate()
        .filter(|(i, e)| {
            e.kind == Kind::Official
                && e.mentions > 0
                && !titled.contains(&EntityIdx(*i))
                && cx.doc.lexicon.entry(&e.key).is_some()
        })
        .filter_map(|(i, e)| {
            let state = e.affiliation.clone()?;
            let span = out.mentions.iter().find(|m| m.entity.0 == i)?.span;
            Some((EntityIdx(i), state, span))
        })
        .collect();
    for (person, state, span) in holders {
        let Some(state) = known_entity(out, cx.doc.lexicon, &state) else {
            continue;
        };
        if out.entities[state.0].kind == Kind::State {
            out.relations.extend(relation(
                cx,
                person,
                Predicate::HoldsOfficeIn,
                state,
                sentence_at(cx, span),
                span,
            ));
        }
    }
}

/// The last body (agency, organisation, unit) named in a title phrase or in
/// the apposition right after it ("Kyrylo Budanov, head of Ukraine's Military
/// Intelligence,"; "director of the US Pacific Command's Joint Intelligence
/// Center" served in the center).
fn title_body(cx: Reading<'_>, span: Span) -> Option<EntityIdx> {
    let first = cx.doc.token_starting_at(span.start)?;
    let mut last = cx.doc.token_ending_at(span.end)? + 1;
    if last < cx.doc.tokens.len() && cx.doc.tok(last) == "," {
        last = (last + 1..(last + 15).min(cx.doc.tokens.len()))
            .find(|&k| matches!(cx.doc.tok(k), "," | "." | ";"))
            .unwrap_or(last);
    }
    cx.table
        .mentions_in(cx.doc, first, last)
        .into_iter()
        .map(|(_, _, e)| e)
        .rfind(|&e| {
            matches!(
                cx.table.entity(e).kind,
                Kind::Agency | Kind::Organization | Kind::MilitaryUnit
            )
        })
}

pub(super) fn structure(cx: Reading<'_>, lexicon: &Lexicon, out: &mut Extraction) {
    let mut found = Vec::new();
    for (i, entity) in out.entities.iter().enumerate() {
        if entity.mentions == 0 || !matches!(entity.kind, Kind::Agency | Kind::MilitaryUnit) {
            continue;
        }
        let Some(affiliation) = &entity.affiliation else {
            continue;
        };
        let Some(mention) = out
            .mentions
            .iter()
            .find(|m| m.entity.0 == i && m.span != Span::default())
        else {
            continue;
        };
        found.push((EntityIdx(i), affiliation.clone(), mention.span));
    }
    for (entity, affiliation, span) in found {
        // The parent is known but maybe not mentioned: then it comes
        // without a mention.
        let Some(object) = known_entity(out, lexicon, &affiliation) else {
            continue;
        };
        if let Some(r) = relation(
            cx,
            entity,
            Predicate::PartOf,
            object,
            sentence_at(cx, span),
            span,
        ) {
            out.relations.push(r);
        }
    }
}

/// "Pyongyang, North Korea", "Russia’s Kursk region", "X in Y".
pub(super) fn containment(
    cx: Reading<'_>,
    s: usize,
    range: std::ops::Range<usize>,
    out: &mut Extraction,
) {
    let mentions = cx.table.mentions_in(cx.doc, range.start, range.end);
    for pair in mentions.windows(2) {
        let (a_from, a_to, a) = pair[0];
        let (b_from, b_to, b) = pair[1];
        let ka = cx.table.entity(a).kind;
        let between: Vec<String> = (a_to..b_from).map(|k| cx.doc.lower(k).to_owned()).collect();
        let between: Vec<&str> = between.iter().map(String::as_str).collect();
        let span = cx.doc.span_of(a_from, b_to);
        let places = &cx.doc.lexicon.places;
        // "the Donetsk region in eastern Ukraine" lies in Ukraine.
        let b = compass_state(cx, b).unwrap_or(b);
        let kb = cx.table.entity(b).kind;
        let r = match (between.as_slice(), ka, kb) {
            ([","] | ["in"], Kind::Place, Kind::State | Kind::Place) => {
                relation(cx, a, Predicate::LocatedIn, b, s, span)
            }
            // "the hospital in central Gaza City".
            (["in", compass], Kind::Place, Kind::Place) if places.compass.contains(compass) => {
                relation(cx, a, Predicate::LocatedIn, b, s, span)
            }
            // "the Center for Strategic and International Studies in
            // Washington".
            // (But "the Health Ministry in Gaza" is named after the place.)
            (["in"], Kind::Organization | Kind::Agency, Kind::Place)
                if !cx
                    .table
                    .entity(a)
                    .label
                    .contains(cx.doc.span_of(b_from, b_to).text(cx.doc.text)) =>
            {
                relation(cx, a, Predicate::LocatedIn, b, s, span)
            }
            (["’s"] | ["'s"], Kind::State, Kind::Place) => {
                relation(cx, b, Predicate::LocatedIn, a, s, span)
            }
            // "Kursk, a region of Russia".
            ([",", "a" | "the", noun, "of"], Kind::Place, Kind::State)
                if places.settlement_nouns.contains(noun) =>
            {
                relation(cx, a, Predicate::LocatedIn, b, s, span)
            }
            _ => None,
        };
        out.relations.extend(r);
    }
    // "the southern Russian city of Rostov": a place of the state named
    // before its kind.
    for &(from, to, place) in &mentions {
        if cx.table.entity(place).kind != Kind::Place
            || from < range.start + 2
            || cx.doc.lower(from - 1) != "of"
            || !cx
                .doc
                .lexicon
                .places
                .settlement_nouns
                .contains(cx.doc.lower(from - 2))
        {
            continue;
        }
        let noun = from - 2;
        let Some((d, _, entry)) = (noun.saturating_sub(3)..=noun)
            .filter_map(|end| cx.doc.demonym_ending_at(end))
            .find(|d| d.0 >= range.start)
        else {
            continue;
        };
        // Only adjectives between ("southern Russian port city"), not "Russian
        // occupation in the city of".
        let function_words = &cx.doc.lexicon.relations.function_words;
        if (d + 1..noun).any(|k| function_words.contains(cx.doc.lower(k))) {
            continue;
        }
        let id = cx.doc.lexicon.entries[entry].id.clone();
        if let Some(state) = known_entity(out, cx.doc.lexicon, &id) {
            let span = cx.doc.span_of(d, to);
            out.relations
                .extend(relation(cx, place, Predicate::LocatedIn, state, s, span));
        }
    }
}

/// An anonymous source named after its body: "a North Korean Ministry of
/// Foreign Affairs official" → memberOf the ministry; "a State Department
/// spokesperson" → spokespersonFor the department.
pub(super) fn sources_of_bodies(cx: Reading<'_>, out: &mut Extraction) {
    let spokesperson = &cx.doc.lexicon.titles.spokesperson;
    let mentions = &cx.table.mentions;
    // Mentions by where they start, to find those nested in one without
    // looking at all of them.
    let mut by_start: Vec<usize> = (0..mentions.len()).collect();
    by_start.sort_by_key(|&n| (mentions[n].span.start, n));
    let mut found = Vec::new();
    for m in mentions {
        let source = cx.table.entity(m.entity);
        if source.kind != Kind::Official || cx.doc.lexicon.entry(&source.key).is_some() {
            continue;
        }
        let from = by_start.partition_point(|&n| mentions[n].span.start < m.span.start);
        let inner = by_start[from..]
            .iter()
            .take_while(|&&n| mentions[n].span.start < m.span.end.max(m.span.start + 1))
            .copied()
            .filter(|&n| {
                let n = &mentions[n];
                n.span.end <= m.span.end
                    && n.span != m.span
                    && matches!(
                        cx.table.entity(n.entity).kind,
                        Kind::Agency | Kind::Organization
                    )
            })
            .min()
            .map(|n| mentions[n].entity);
        let Some(body) = inner else {
            continue;
        };
        let head = source
            .label
            .rsplit(' ')
            .next()
            .unwrap_or_default()
            .to_lowercase();
        let predicate = if spokesperson.iter().any(|s| s == head) {
            Predicate::SpokespersonFor
        } else {
            Predicate::MemberOf
        };
        found.push((m.entity, predicate, body, m.span));
    }
    for (source, predicate, body, span) in found {
        out.relations.extend(relation(
            cx,
            source,
            predicate,
            body,
            sentence_at(cx, span),
            span,
        ));
    }
}

/// "the occupied regions of Ukraine": a place named as part of its state
/// lies in it.
pub(super) fn parts_of_states(cx: Reading<'_>, out: &mut Extraction) {
    let mut found = Vec::new();
    for m in &cx.table.mentions {
        let place = cx.table.entity(m.entity);
        if place.kind != Kind::Place {
            continue;
        }
        let Some((_, tail)) = m.span.text(cx.doc.text).rsplit_once(" of ") else {
            continue;
        };
        let tail = tail.trim_start_matches("the ");
        let Some(state) = place
            .affiliation
            .as_deref()
            .and_then(|a| cx.doc.lexicon.entry(a))
        else {
            continue;
        };
        if state.kind == Kind::State
            && (state.name == tail || state.aliases.iter().any(|a| a == tail))
        {
            found.push((m.entity, state.id.clone(), m.span));
        }
    }
    for (place, state, span) in found {
        if let Some(state) = known_entity(out, cx.doc.lexicon, &state) {
            out.relations.extend(relation(
                cx,
                place,
                Predicate::LocatedIn,
                state,
                sentence_at(cx, span),
                span,
            ));
        }
    }
}

/// The state a compass place ("eastern Ukraine") is part of.
fn compass_state(cx: Reading<'_>, place: EntityIdx) -> Option<EntityIdx> {
    let e = cx.table.entity(place);
    let first = e.label.split(' ').next()?;
    if e.kind != Kind::Place || !cx.doc.lexicon.places.compass.contains(first) {
        return None;
    }
    cx.table.by_key(e.affiliation.as_deref()?)
}
