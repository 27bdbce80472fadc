//! JSON for the explorer's views, one request each, answered from the store
//! with SPARQL under the same time limit as `/sparql`:
//!
//! - `GET /api/search?q=TEXT[&limit=N]`: actors whose label or alias holds
//!   the text (case-insensitive), those starting with it first, then by how
//!   much they said ("Pesko" finds Dmitry Peskov).
//! - `GET /api/actor?iri=IRI[&said=CURSOR|&about=CURSOR]`: an actor's kind,
//!   affiliation, Wikidata link and aliases; the first 100 statements it
//!   made (`said`) and made about it (`saidAbout`, its own included), each
//!   with stance, proposition, figure, via, date, article and evidence
//!   offsets, in date order, with `saidTotal`/`saidAboutTotal` from the
//!   summary and `saidNext`/`saidAboutNext` cursors; a cursor given answers
//!   that list's next page alone.
//! - `GET /api/article?id=ID`: an article's metadata and text, with every
//!   statement read from it and its offsets in the text.
//! - `GET /api/contested`: the 20 propositions most denied (or not
//!   verified) that others affirm, from the summary, each side's first
//!   statements with `forTotal`/`againstTotal`.
//! - `GET /api/figures[?unit=WORD][&proposition=TEXT|IRI][&after=CURSOR]`:
//!   figures given (for that unit, that proposition) in date order, 200 a
//!   page, with `figuresTotal` and `figuresNext`.
//! - `GET /api/neighbourhood?iri=IRI[&depth=1|2]`: what lies around an
//!   actor in the graph view, for the page's interactive graph.
//! - `GET /api/construct?query=CONSTRUCT...`: a CONSTRUCT or DESCRIBE
//!   result as nodes and edges to draw.

use super::drawn;
use super::listing::{self, Cursor, Scope};
use super::sparql::{Failure, form_pairs, limited};
use super::{App, error};
use crate::query::{self, QueryError};
use oxhttp::model::header::CONTENT_TYPE;
use oxhttp::model::{Body, HeaderValue, Request, Response, StatusCode};
use oxigraph::model::Term;
use oxigraph::sparql::{CancellationToken, QueryResults};
use oxigraph::store::Store;
use serde_json::{Map, Value, json};
use std::sync::Arc;

/// Statements an actor view lists of each kind (the totals say how many in
/// all).
const PAGE: usize = 100;

/// Figures a page of the figures view holds (a chart's worth).
const FIGURES_PAGE: usize = 200;

/// Suggestions a search gives unless asked for another number.
const SEARCH_LIMIT: usize = 10;

pub(super) fn answer(app: &App, request: &Request<Body>) -> Response<Body> {
    let params = form_pairs(request.uri().query().unwrap_or(""));
    let param = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
    };
    let max_rows = app.config.max_rows;
    let outcome = match request.uri().path() {
        "/api/search" => {
            let Some(text) = param("q").filter(|q| !q.is_empty()) else {
                return error(StatusCode::BAD_REQUEST, "give the text to search: ?q=...");
            };
            let limit = param("limit")
                .and_then(|l| l.parse().ok())
                .unwrap_or(SEARCH_LIMIT)
                .min(max_rows);
            let names = Arc::clone(&app.names);
            limited(app, move |store, token| {
                let found = names.get(store, &token)?.search(&text, limit);
                Ok(Some(json!({ "query": text, "actors": found })))
            })
        }
        "/api/actor" => {
            let Some(iri) = param("iri").and_then(|i| crate::rdf::parse_iri(&i)) else {
                return error(StatusCode::BAD_REQUEST, "give the actor's IRI: ?iri=...");
            };
            let cursor = |name: &str| param(name).as_deref().and_then(Cursor::parse);
            let pages = ActorPages {
                said: cursor("said"),
                about: cursor("about"),
            };
            let names = Arc::clone(&app.names);
            limited(app, move |store, token| {
                let aliases = names.get(store, &token)?.aliases(iri.as_str()).to_vec();
                actor(store, token, &iri, aliases, &pages, PAGE.min(max_rows))
            })
        }
        "/api/article" => {
            let Some(id) = param("id").filter(|id| !id.is_empty()) else {
                return error(StatusCode::BAD_REQUEST, "give the article id: ?id=...");
            };
            limited(app, move |store, token| {
                article(store, token, &id, max_rows)
            })
        }
        "/api/contested" => limited(app, move |store, token| contested(store, token, max_rows)),
        "/api/neighbourhood" => {
            let Some(iri) = param("iri").filter(|i| !i.is_empty()) else {
                return error(StatusCode::BAD_REQUEST, "give the actor's IRI: ?iri=...");
            };
            let depth = param("depth")
                .and_then(|d| d.parse().ok())
                .unwrap_or(1)
                .clamp(1, 2);
            limited(app, move |store, token| {
                drawn::neighbourhood(store, &token, &iri, depth)
            })
        }
        "/api/construct" => {
            let Some(text) = param("query").filter(|q| !q.is_empty()) else {
                return error(
                    StatusCode::BAD_REQUEST,
                    "give a CONSTRUCT or DESCRIBE query: ?query=...",
                );
            };
            limited(app, move |store, token| {
                drawn::construct(store, &token, &text)
            })
        }
        "/api/legend" => Ok(Some(drawn::legend())),
        "/api/queries" => Ok(Some(canned_queries())),
        "/api/figures" => {
            let filter = crate::timeline::Filter {
                unit: param("unit").filter(|u| !u.is_empty()),
                proposition: param("proposition").filter(|p| !p.is_empty()),
            };
            let after = param("after").as_deref().and_then(Cursor::parse);
            limited(app, move |store, token| {
                figures(
                    store,
                    token,
                    &filter,
                    after.as_ref(),
                    FIGURES_PAGE.min(max_rows),
                )
            })
        }
        _ => {
            return error(
                StatusCode::NOT_FOUND,
                "no such view; the views are /api/search, /api/actor, /api/article, /api/contested, /api/figures, /api/neighbourhood, /api/construct, /api/legend and /api/queries",
            );
        }
    };
    match outcome {
        Ok(Some(value)) => {
            let mut response = Response::new(Body::from(value.to_string()));
            response
                .headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            response
        }
        Ok(None) => error(StatusCode::NOT_FOUND, "not in the store"),
        Err(failure) => failure.response(app),
    }
}

/// The rows of a SELECT, each a JSON object: integers as numbers, every
/// other term by its value.
pub(super) fn rows(
    store: &Store,
    token: &CancellationToken,
    sparql: &str,
) -> Result<Vec<Map<String, Value>>, Failure> {
    let QueryResults::Solutions(solutions) = query::prepare(sparql, Some(token.clone()))?
        .on_store(store)
        .execute()
        .map_err(QueryError::from)?
    else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for solution in solutions {
        let solution = solution.map_err(QueryError::from)?;
        let row = solution
            .iter()
            .map(|(variable, term)| (variable.as_str().to_owned(), json_of(term)))
            .collect();
        out.push(row);
    }
    if token.is_cancelled() {
        return Err(Failure::Query(QueryError::Cancelled));
    }
    Ok(out)
}

fn json_of(term: &Term) -> Value {
    match term {
        Term::Literal(literal) if literal.datatype() == crate::vocab::xsd::INTEGER => literal
            .value()
            .parse::<i64>()
            .map_or_else(|_| Value::from(literal.value()), Value::from),
        Term::Literal(literal) => Value::from(literal.value()),
        Term::NamedNode(node) => Value::from(node.as_str()),
        other => Value::from(other.to_string()),
    }
}

/// Sums a tally's counts over what `pattern` (in the summary graph,
/// binding `?n`) finds: whole-corpus counts without a scan.
fn tally(store: &Store, token: &CancellationToken, pattern: &str) -> Result<u64, Failure> {
    let sparql = format!(
        "SELECT (SUM(?n) AS ?total) WHERE {{ GRAPH {} {{ {pattern} }} }}",
        crate::rdf::summary::summary_graph()
    );
    Ok(rows(store, token, &sparql)?
        .into_iter()
        .next()
        .and_then(|row| row.get("total").and_then(Value::as_u64))
        .unwrap_or(0))
}

/// A page of statements into `out`: `key` its rows, `keyTotal` how many in
/// all, `keyNext` the cursor of the next page (absent on the last).
#[allow(clippy::too_many_arguments)]
fn listed(
    out: &mut Map<String, Value>,
    key: &str,
    store: &Store,
    token: &CancellationToken,
    pattern: &str,
    total: u64,
    after: Option<&Cursor>,
    limit: usize,
) -> Result<(), Failure> {
    let page = listing::page(store, token, Scope::All, pattern, total, after, limit)?;
    out.insert(key.into(), Value::from(page.rows));
    out.insert(format!("{key}Total"), Value::from(total));
    if let Some(next) = page.next {
        out.insert(format!("{key}Next"), Value::from(next.text()));
    }
    Ok(())
}

/// Which of an actor's lists a request pages through.
#[derive(Debug, Clone, Default)]
pub(super) struct ActorPages {
    pub said: Option<Cursor>,
    pub about: Option<Cursor>,
}

fn actor(
    store: &Store,
    token: CancellationToken,
    iri: &oxigraph::model::NamedNode,
    aliases: Vec<String>,
    pages: &ActorPages,
    limit: usize,
) -> Result<Option<Value>, Failure> {
    let described = rows(
        store,
        &token,
        &format!(
            // Each field on its own, one value each: every article graph
            // repeats them, and joining the copies would multiply them. The
            // affiliation's label through a placeholder: left unbound, the
            // look-up would take the first label of all.
            "SELECT ?label ?kind ?affiliation ?affiliationLabel ?wikidata WHERE {{
               {{ SELECT ?label WHERE {{ {iri} rdfs:label ?label }} LIMIT 1 }}
               {{ SELECT ?kind WHERE {{ {iri} a ?class FILTER(STRSTARTS(STR(?class), STR(cg:)))
                  BIND(STRAFTER(STR(?class), \"#\") AS ?kind) }} LIMIT 1 }}
               OPTIONAL {{ SELECT ?affiliation WHERE {{ {iri} cg:affiliation ?affiliation }} LIMIT 1 }}
               OPTIONAL {{ SELECT ?wikidata WHERE {{ {iri} owl:sameAs ?wikidata }} LIMIT 1 }}
               BIND(COALESCE(?affiliation, <urn:claimgraph:none>) AS ?affiliationOf)
               LATERAL {{ OPTIONAL {{ SELECT ?affiliationOf ?affiliationLabel WHERE {{ ?affiliationOf rdfs:label ?affiliationLabel }} LIMIT 1 }} }}
             }} LIMIT 1"
        ),
    )?;
    let Some(mut about) = described.into_iter().next() else {
        return Ok(None);
    };
    about.insert("iri".into(), Value::from(iri.as_str()));
    about.insert("aliases".into(), Value::from(aliases));
    // Totals from the summary; each list a page at a time (the first of
    // both, or the next of the one a cursor names).
    let said_pattern = format!("?s cg:speaker {iri} .");
    let said_total = tally(
        store,
        &token,
        &format!("?t a cg:SpeakerTally ; cg:tallySpeaker {iri} ; cg:statementCount ?n"),
    )?;
    let propositions = crate::rdf::shared::propositions_graph();
    let about_pattern =
        format!("GRAPH {propositions} {{ ?p cg:subject|cg:object {iri} }} ?s cg:proposition ?p .");
    let about_total = tally(
        store,
        &token,
        &format!(
            "GRAPH {propositions} {{ ?p cg:subject|cg:object {iri} }} ?t a cg:PropositionTally ; cg:tallyProposition ?p ; cg:statementCount ?n"
        ),
    )?;
    let both = pages.said.is_none() && pages.about.is_none();
    if both || pages.said.is_some() {
        listed(
            &mut about,
            "said",
            store,
            &token,
            &said_pattern,
            said_total,
            pages.said.as_ref(),
            limit,
        )?;
    }
    if both || pages.about.is_some() {
        listed(
            &mut about,
            "saidAbout",
            store,
            &token,
            &about_pattern,
            about_total,
            pages.about.as_ref(),
            limit,
        )?;
    }
    Ok(Some(Value::Object(about)))
}

/// An article: its metadata, its text and every statement read from it,
/// with the offsets that mark each in the text.
fn article(
    store: &Store,
    token: CancellationToken,
    id: &str,
    limit: usize,
) -> Result<Option<Value>, Failure> {
    let graph = crate::rdf::article_graph(id);
    let node = crate::rdf::article_iri(id);
    let described = rows(
        store,
        &token,
        &format!(
            "SELECT ?id ?headline ?publisher ?published ?url ?text WHERE {{ GRAPH {graph} {{
               {node} cg:articleId ?id ; schema:headline ?headline .
               OPTIONAL {{ {node} schema:articleBody ?text }}
               OPTIONAL {{ {node} cg:publisherName ?publisher }}
               OPTIONAL {{ {node} schema:datePublished ?published }}
               OPTIONAL {{ {node} schema:url ?url }} }} }} LIMIT 1"
        ),
    )?;
    let Some(mut found) = described.into_iter().next() else {
        return Ok(None);
    };
    let said = listing::page(
        store,
        &token,
        Scope::Article(&graph),
        "?s cg:speaker ?speaker .",
        0,
        None,
        limit,
    )?;
    found.insert("statements".into(), Value::from(said.rows));
    Ok(Some(Value::Object(found)))
}

/// Propositions some affirm and others deny or cannot verify, the most
/// disputed first, each with both sides' first statements and how many
/// there are: the counts from the summary's proposition tallies, so the
/// whole corpus costs one look at the summary.
fn contested(
    store: &Store,
    token: CancellationToken,
    limit: usize,
) -> Result<Option<Value>, Failure> {
    const PROPOSITIONS: usize = 20;
    // Statements listed per proposition, on each side (the totals say how
    // many there are).
    let limit = limit.min(5);
    let summary = crate::rdf::summary::summary_graph();
    let propositions = crate::rdf::shared::propositions_graph();
    let disputed = rows(
        store,
        &token,
        &format!(
            "SELECT ?p ?for ?against WHERE {{
               {{ SELECT ?p (SUM(IF(?st IN (cg:claims, cg:confirms), ?n, 0)) AS ?for)
                         (SUM(IF(?st IN (cg:denies, cg:cannotVerify), ?n, 0)) AS ?against)
                  WHERE {{ GRAPH {summary} {{ ?t a cg:PropositionTally ; cg:tallyProposition ?p ;
                           cg:tallyStance ?st ; cg:statementCount ?n }} }} GROUP BY ?p }}
               FILTER(?for > 0 && ?against > 0)
               GRAPH {propositions} {{ ?p cg:predicate ?pr }} FILTER(?pr != cg:relatedTo)
             }} ORDER BY DESC(?against) DESC(?for) ?p LIMIT {PROPOSITIONS}"
        ),
    )?;
    const FOR: &str = "cg:claims, cg:confirms";
    const AGAINST: &str = "cg:denies, cg:cannotVerify";
    let mut found = Vec::new();
    let mut groups = Vec::new();
    for row in &disputed {
        let Some(p) = row
            .get("p")
            .and_then(Value::as_str)
            .and_then(crate::rdf::parse_iri)
        else {
            continue;
        };
        let count = |key: &str| row.get(key).and_then(Value::as_u64).unwrap_or(0);
        // Each side on its own, so a much-denied claim still lists who
        // affirms it.
        for (stances, total) in [(FOR, count("for")), (AGAINST, count("against"))] {
            groups.push((
                format!("?s cg:proposition {p} ; cg:stance ?x FILTER(?x IN ({stances}))"),
                total,
            ));
        }
        found.push((p, count("for"), count("against")));
    }
    let mut sides = listing::first_of_each(store, &token, &groups, limit)?.into_iter();
    let mut out = Vec::new();
    for (p, for_total, against_total) in found {
        let affirming = sides.next().unwrap_or_default();
        let against = sides.next().unwrap_or_default();
        let first = affirming.first().or(against.first());
        let field = |name: &str| first.map_or(Value::Null, |s| s[name].clone());
        out.push(json!({
            "proposition": p.as_str(),
            "p": p.as_str(),
            "predicate": field("predicate"),
            "subject": field("subject"),
            "object": field("object"),
            "subjectLabel": field("subjectLabel"),
            "objectLabel": field("objectLabel"),
            "for": affirming,
            "forTotal": for_total,
            "against": against,
            "againstTotal": against_total,
        }));
    }
    Ok(Some(Value::from(out)))
}

/// Figures given (for units holding a word, propositions reading like a
/// text: the selection of `claimgraph timeline`), a page at a time in the
/// order of the articles' dates, with how many there are.
fn figures(
    store: &Store,
    token: CancellationToken,
    filter: &crate::timeline::Filter,
    after: Option<&Cursor>,
    limit: usize,
) -> Result<Option<Value>, Failure> {
    let selection = filter.resolve(store, Some(&token))?;
    let pattern = selection.pattern();
    // Figures are tallied by proposition, date and unit.
    let propositions = selection.propositions().map_or_else(String::new, |listed| {
        let listed: Vec<String> = listed.iter().map(|p| format!("<{p}>")).collect();
        format!(
            "VALUES ?p {{ {} }} ?t cg:tallyProposition ?p .",
            listed.join(" ")
        )
    });
    let unit = selection.unit().map_or_else(String::new, |word| {
        format!(
            "?t cg:tallyUnit ?u FILTER(CONTAINS(LCASE(?u), {}))",
            query::string_literal(word)
        )
    });
    let total = tally(
        store,
        &token,
        &format!("{propositions} ?t a cg:FigureTally ; cg:statementCount ?n . {unit}"),
    )?;
    let mut out = Map::new();
    out.insert(
        "unit".into(),
        Value::from(filter.unit.clone().unwrap_or_default()),
    );
    out.insert(
        "proposition".into(),
        Value::from(filter.proposition.clone().unwrap_or_default()),
    );
    listed(
        &mut out, "figures", store, &token, &pattern, total, after, limit,
    )?;
    Ok(Some(Value::Object(out)))
}

/// The canned queries of `examples/queries/`, each with its name, the
/// comment it opens with and its text.
fn canned_queries() -> Value {
    let queries: Vec<Value> = crate::CANNED_QUERIES
        .iter()
        .map(|(file, text)| {
            let comment: Vec<&str> = text
                .lines()
                .take_while(|l| l.starts_with('#'))
                .map(|l| l.trim_start_matches('#').trim())
                .collect();
            json!({
                "name": file.trim_end_matches(".rq"),
                "comment": comment.join(" "),
                "text": text,
            })
        })
        .collect();
    Value::from(queries)
}
