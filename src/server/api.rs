//! JSON for the explorer's views, one request each, answered from the store
//! with SPARQL under the same time limit as `/sparql`:
//!
//! - `GET /api/search?q=TEXT[&limit=N]`: actors whose label or alias holds
//!   the text (case-insensitive), those starting with it first, then by how
//!   much they said ("Pesko" finds Dmitry Peskov).
//! - `GET /api/actor?iri=IRI`: an actor's kind, affiliation, Wikidata link
//!   and aliases; what it said, and what others said about it, each
//!   statement with stance, proposition, figure, via, date, article and
//!   evidence offsets.
//! - `GET /api/article?id=ID`: an article's metadata and text, with every
//!   statement read from it and its offsets in the text.
//! - `GET /api/contested`: propositions affirmed by some and denied (or
//!   not verified) by others, both sides' statements listed.
//! - `GET /api/figures[?unit=WORD][&proposition=TEXT|IRI]`: every figure
//!   given (for that unit, that proposition), in date order.
//! - `GET /api/neighbourhood?iri=IRI[&depth=1|2]`: what lies around an
//!   actor in the graph view, for the page's interactive graph.
//! - `GET /api/construct?query=CONSTRUCT...`: a CONSTRUCT or DESCRIBE
//!   result as nodes and edges to draw.

use super::drawn;
use super::sparql::{Failure, form_pairs, limited};
use super::{App, error};
use crate::query::{self, QueryError};
use oxhttp::model::header::CONTENT_TYPE;
use oxhttp::model::{Body, HeaderValue, Request, Response, StatusCode};
use oxigraph::model::Term;
use oxigraph::sparql::{CancellationToken, QueryResults};
use oxigraph::store::Store;
use serde_json::{Map, Value, json};

/// Statements an actor view lists of each kind (the totals say how many in
/// all).
const PAGE: usize = 100;

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
            limited(app, move |store, token| search(store, token, &text, limit))
        }
        "/api/actor" => {
            let Some(iri) = param("iri").and_then(|i| crate::rdf::parse_iri(&i)) else {
                return error(StatusCode::BAD_REQUEST, "give the actor's IRI: ?iri=...");
            };
            limited(app, move |store, token| {
                actor(store, token, &iri, PAGE.min(max_rows))
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
            limited(app, move |store, token| {
                figures(store, token, &filter, max_rows)
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
fn rows(
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

fn search(
    store: &Store,
    token: CancellationToken,
    text: &str,
    limit: usize,
) -> Result<Option<Value>, Failure> {
    let needle = query::string_literal(&text.to_lowercase());
    let sparql = format!(
        // Every article graph repeats an entity's label and class, so the
        // matches are made distinct first and the rest is looked up per
        // match (LATERAL), never joined across the copies.
        "SELECT ?iri ?label ?kind ?best ?statements WHERE {{
           {{ SELECT ?iri (MIN(?rank) AS ?best) WHERE {{
                ?iri rdfs:label|skos:altLabel ?name FILTER(CONTAINS(LCASE(STR(?name)), {needle}))
                BIND(IF(STRSTARTS(LCASE(STR(?name)), {needle}) || CONTAINS(LCASE(STR(?name)), CONCAT(\" \", {needle})), 0, 1) AS ?rank)
              }} GROUP BY ?iri }}
           LATERAL {{ SELECT ?iri ?label WHERE {{ ?iri rdfs:label ?label }} LIMIT 1 }}
           LATERAL {{ SELECT ?iri ?kind WHERE {{ ?iri a ?class FILTER(STRSTARTS(STR(?class), STR(cg:))) BIND(STRAFTER(STR(?class), \"#\") AS ?kind) }} LIMIT 1 }}
           LATERAL {{ OPTIONAL {{ SELECT ?iri (COUNT(?s) AS ?said) WHERE {{ GRAPH ?g {{ ?s cg:speaker ?iri }} }} GROUP BY ?iri }} }}
           BIND(COALESCE(?said, 0) AS ?statements)
           FILTER(BOUND(?kind))
         }} ORDER BY ?best DESC(?statements) ?label LIMIT {limit}"
    );
    let actors: Vec<Value> = rows(store, &token, &sparql)?
        .into_iter()
        .map(|mut row| {
            row.remove("best");
            Value::Object(row)
        })
        .collect();
    Ok(Some(json!({ "query": text, "actors": actors })))
}

/// The fields of a statement, looked up per statement once the page of
/// statements is chosen (`?g`, `?s`, `?a` and `?start` bound, inside
/// `GRAPH ?g`). An entity's label is the article's own or the gazetteer's
/// (the entities graph); a proposition is in the propositions graph.
fn statement_fields() -> String {
    let known = crate::rdf::shared::entities_graph();
    let propositions = crate::rdf::shared::propositions_graph();
    let label = |entity: &str, label: &str| {
        format!(
            "OPTIONAL {{ {entity} rdfs:label ?{label}Own }}
             OPTIONAL {{ GRAPH {known} {{ {entity} rdfs:label ?{label}Known }} }}
             BIND(COALESCE(?{label}Own, ?{label}Known) AS ?{label})"
        )
    };
    format!(
        "?s cg:stance ?st ; cg:proposition ?p ; cg:end ?end ; cg:speaker ?speaker .
         ?a schema:articleBody ?body .
         BIND(SUBSTR(?body, ?start + 1, ?end - ?start) AS ?evidence)
         {speaker}
         OPTIONAL {{ ?a cg:publisherName ?publisher }}
         GRAPH {propositions} {{ ?p cg:predicate ?pr }}
         OPTIONAL {{ GRAPH {propositions} {{ ?p cg:subject ?subject }} {subject} }}
         OPTIONAL {{ GRAPH {propositions} {{ ?p cg:object ?object }} {object} }}
         OPTIONAL {{ ?s cg:quantity ?quantity ; cg:qualifier ?q ; cg:unit ?unit BIND(STRAFTER(STR(?q), \"#\") AS ?qualifier) }}
         OPTIONAL {{ ?s cg:via ?via {via} }}
         OPTIONAL {{ ?s cg:date ?date }}",
        speaker = label("?speaker", "speakerLabel"),
        subject = label("?subject", "subjectLabel"),
        object = label("?object", "objectLabel"),
        via = label("?via", "viaLabel"),
    )
}

/// The first `limit` statements matching `pattern` (in one article's graph,
/// or in all), in the order of their articles' dates and of the text. The
/// page is chosen first and each statement's fields are looked up for it
/// alone (LATERAL), so an actor with thousands of statements costs a sort
/// of their keys, not thousands of joins.
fn statements(
    store: &Store,
    token: &CancellationToken,
    graph: Option<&oxigraph::model::NamedNode>,
    pattern: &str,
    limit: usize,
) -> Result<Vec<Value>, Failure> {
    // One article: its graph named outright, so the store reads only it.
    let (within, bind) = graph.map_or_else(
        || ("?g".to_owned(), String::new()),
        |g| (g.to_string(), format!("BIND({g} AS ?g)")),
    );
    let sparql = format!(
        "SELECT ?s ?stance ?predicate ?p ?speaker ?speakerLabel ?subject ?subjectLabel ?object ?objectLabel
                ?quantity ?qualifier ?unit ?via ?viaLabel ?date ?article ?published ?publisher ?evidence ?start ?end
         WHERE {{
           {{ SELECT ?g ?s ?a ?article ?published ?start WHERE {{ GRAPH {within} {{ {pattern}
                ?s cg:start ?start . ?a cg:articleId ?article
                OPTIONAL {{ ?a schema:datePublished ?published }} }} {bind} }}
              ORDER BY ?published ?article ?start ?s LIMIT {limit} }}
           LATERAL {{ GRAPH ?g {{ {fields} }} }}
           BIND(STRAFTER(STR(?st), \"#\") AS ?stance) BIND(STRAFTER(STR(?pr), \"#\") AS ?predicate) }}
         ORDER BY ?published ?article ?start ?s",
        fields = statement_fields(),
    );
    Ok(rows(store, token, &sparql)?
        .into_iter()
        .map(Value::Object)
        .collect())
}

/// How many statements match `pattern` in all the articles.
fn count(store: &Store, token: &CancellationToken, pattern: &str) -> Result<Value, Failure> {
    let sparql = format!("SELECT (COUNT(?s) AS ?n) WHERE {{ GRAPH ?g {{ {pattern} }} }}");
    Ok(rows(store, token, &sparql)?
        .into_iter()
        .next()
        .and_then(|mut row| row.remove("n"))
        .unwrap_or(Value::from(0)))
}

fn actor(
    store: &Store,
    token: CancellationToken,
    iri: &oxigraph::model::NamedNode,
    limit: usize,
) -> Result<Option<Value>, Failure> {
    let described = rows(
        store,
        &token,
        &format!(
            // Each field on its own, one value each: every article graph
            // repeats them, and joining the copies would multiply them.
            "SELECT ?label ?kind ?affiliation ?affiliationLabel ?wikidata WHERE {{
               {{ SELECT ?label WHERE {{ {iri} rdfs:label ?label }} LIMIT 1 }}
               {{ SELECT ?kind WHERE {{ {iri} a ?class FILTER(STRSTARTS(STR(?class), STR(cg:)))
                  BIND(STRAFTER(STR(?class), \"#\") AS ?kind) }} LIMIT 1 }}
               OPTIONAL {{ SELECT ?affiliation WHERE {{ {iri} cg:affiliation ?affiliation }} LIMIT 1 }}
               OPTIONAL {{ SELECT ?wikidata WHERE {{ {iri} owl:sameAs ?wikidata }} LIMIT 1 }}
               LATERAL {{ OPTIONAL {{ SELECT ?affiliation ?affiliationLabel WHERE {{ ?affiliation rdfs:label ?affiliationLabel }} LIMIT 1 }} }}
             }} LIMIT 1"
        ),
    )?;
    let Some(mut about) = described.into_iter().next() else {
        return Ok(None);
    };
    let aliases: Vec<Value> = rows(
        store,
        &token,
        &format!("SELECT DISTINCT ?alias WHERE {{ {iri} skos:altLabel ?alias }} ORDER BY ?alias"),
    )?
    .into_iter()
    .filter_map(|mut row| row.remove("alias"))
    .collect();
    about.insert("iri".into(), Value::from(iri.as_str()));
    about.insert("aliases".into(), Value::from(aliases));
    let said = statements(
        store,
        &token,
        None,
        &format!("?s cg:speaker {iri} ."),
        limit,
    )?;
    let propositions = crate::rdf::shared::propositions_graph();
    let about_pattern = format!(
        "GRAPH {propositions} {{ ?p cg:subject|cg:object {iri} }} ?s cg:proposition ?p . FILTER NOT EXISTS {{ ?s cg:speaker {iri} }}"
    );
    let about_it = statements(store, &token, None, &about_pattern, limit)?;
    let said_pattern = format!("?s cg:speaker {iri} .");
    about.insert("saidTotal".into(), count(store, &token, &said_pattern)?);
    about.insert(
        "saidAboutTotal".into(),
        count(store, &token, &about_pattern)?,
    );
    about.insert("said".into(), Value::from(said));
    about.insert("saidAbout".into(), Value::from(about_it));
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
    let said = statements(store, &token, Some(&graph), "?s a cg:Statement .", limit)?;
    found.insert("statements".into(), Value::from(said));
    Ok(Some(Value::Object(found)))
}

/// Propositions some affirm and others deny or cannot verify, the most
/// disputed first, each with both sides' statements.
fn contested(
    store: &Store,
    token: CancellationToken,
    limit: usize,
) -> Result<Option<Value>, Failure> {
    const PROPOSITIONS: usize = 50;
    // Statements listed per proposition, on each side.
    let limit = limit.min(40);
    const CANDIDATES: usize = 200;
    // The most denied propositions first (one grouped scan of the denials),
    // then, for those only, whether anyone affirms them and what they say
    // (looked up per proposition, never joined across the corpus).
    let denied = rows(
        store,
        &token,
        &format!(
            "SELECT ?p (COUNT(DISTINCT ?no) AS ?against) WHERE {{
               GRAPH ?g {{ ?no cg:stance ?st ; cg:proposition ?p }}
               FILTER(?st IN (cg:denies, cg:cannotVerify))
             }} GROUP BY ?p ORDER BY DESC(?against) ?p LIMIT {CANDIDATES}"
        ),
    )?;
    let candidates: Vec<String> = denied
        .iter()
        .filter_map(|row| row.get("p").and_then(Value::as_str))
        .filter_map(crate::rdf::parse_iri)
        .map(|p| p.to_string())
        .collect();
    if candidates.is_empty() {
        return Ok(Some(Value::from(Vec::<Value>::new())));
    }
    let values = candidates.join(" ");
    let affirmed: std::collections::BTreeSet<String> = rows(
        store,
        &token,
        &format!(
            "SELECT ?p WHERE {{ VALUES ?p {{ {values} }}
               LATERAL {{ SELECT ?p ?pr WHERE {{ GRAPH ?k {{ ?p cg:predicate ?pr }} }} LIMIT 1 }}
               FILTER(?pr != cg:relatedTo)
               LATERAL {{ SELECT ?p ?yes WHERE {{ GRAPH ?h {{ ?yes cg:proposition ?p ; cg:stance ?y }}
                  FILTER(?y IN (cg:claims, cg:confirms)) }} LIMIT 1 }} }}"
        ),
    )?
    .into_iter()
    .filter_map(|mut row| row.remove("p"))
    .filter_map(|p| p.as_str().map(str::to_owned))
    .collect();
    let disputed: Vec<Map<String, Value>> = denied
        .into_iter()
        .filter(|row| {
            row.get("p")
                .and_then(Value::as_str)
                .is_some_and(|p| affirmed.contains(p))
        })
        .take(PROPOSITIONS)
        .collect();
    let mut out = Vec::new();
    for row in disputed {
        let Some(p) = row
            .get("p")
            .and_then(Value::as_str)
            .and_then(crate::rdf::parse_iri)
        else {
            continue;
        };
        // Each side on its own, so a much-denied claim still lists who
        // affirms it.
        let side = |stances: &str| {
            statements(
                store,
                &token,
                None,
                &format!("?s cg:proposition {p} ; cg:stance ?x FILTER(?x IN ({stances}))"),
                limit,
            )
        };
        let affirming = side("cg:claims, cg:confirms")?;
        let against = side("cg:denies, cg:cannotVerify")?;
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
            "against": against,
        }));
    }
    Ok(Some(Value::from(out)))
}

/// Every figure given (for units holding a word, propositions reading like
/// a text: the selection of `claimgraph timeline`), in the order of the
/// articles' dates: how the numbers moved.
fn figures(
    store: &Store,
    token: CancellationToken,
    filter: &crate::timeline::Filter,
    limit: usize,
) -> Result<Option<Value>, Failure> {
    let selection = filter.resolve(store, Some(&token))?;
    let given = statements(store, &token, None, &selection.pattern(), limit)?;
    Ok(Some(json!({
        "unit": filter.unit.clone().unwrap_or_default(),
        "proposition": filter.proposition.clone().unwrap_or_default(),
        "figures": given,
    })))
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
