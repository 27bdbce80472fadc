//! Statements listed a page at a time, in the order of their articles'
//! dates (undated last), then article id and offset, each page starting
//! after the last row of the one before (a cursor, never an offset).
//!
//! Two plans give the same rows: a few thousand matches are found and
//! sorted whole; more are found day by day from the first day after the
//! cursor (the summary's date tallies list the days, and a day's articles
//! are an index look-up), and within a day a few articles at a time in id
//! order, so a page of an actor with 100,000 statements costs what its
//! first articles hold, not a sort of all of them.

use super::api::rows;
use super::sparql::Failure;
use crate::query::string_literal;
use crate::rdf::summary::summary_graph;
use oxigraph::sparql::CancellationToken;
use oxigraph::store::Store;
use serde_json::{Map, Value};

/// Matches up to which a listing sorts them all.
const SORTED: u64 = 3000;

/// Where a page starts: after this row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Cursor {
    /// The article's date (ISO), or empty for an undated article.
    published: String,
    article: String,
    start: i64,
    statement: String,
}

impl Cursor {
    /// Reads a cursor as [`Cursor::text`] wrote it.
    pub(super) fn parse(text: &str) -> Option<Self> {
        let mut parts = text.splitn(4, '\t');
        let published = parts.next()?.to_owned();
        let article = parts.next()?.to_owned();
        let start = parts.next()?.parse().ok()?;
        let statement = parts.next()?.to_owned();
        crate::rdf::parse_iri(&statement)?;
        Some(Self {
            published,
            article,
            start,
            statement,
        })
    }

    pub(super) fn text(&self) -> String {
        format!(
            "{}\t{}\t{}\t{}",
            self.published, self.article, self.start, self.statement
        )
    }

    fn of(row: &Map<String, Value>) -> Option<Self> {
        Some(Self {
            published: row
                .get("published")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned(),
            article: row.get("article")?.as_str()?.to_owned(),
            start: row.get("start")?.as_i64()?,
            statement: row.get("s")?.as_str()?.to_owned(),
        })
    }

    /// A filter keeping the rows after this one (`?published` unbound for
    /// undated articles, which come last).
    fn after(&self) -> String {
        let day = string_literal(&self.published);
        let article = string_literal(&self.article);
        let same_article = format!(
            "?article = {article} && (?start > {start} || (?start = {start} && STR(?s) > {s}))",
            start = self.start,
            s = string_literal(&self.statement)
        );
        let later = format!("(?article > {article} || ({same_article}))");
        if self.published.is_empty() {
            format!("FILTER(!BOUND(?published) && {later})")
        } else {
            format!(
                "FILTER(!BOUND(?published) || STR(?published) > {day} || (STR(?published) = {day} && {later}))"
            )
        }
    }
}

/// A page of statements and where the next one starts.
pub(super) struct Page {
    pub rows: Vec<Value>,
    pub next: Option<Cursor>,
}

/// Where to look: one article's graph, or all of them.
pub(super) enum Scope<'a> {
    Article(&'a oxigraph::model::NamedNode),
    All,
}

/// The page of at most `limit` statements matching `pattern` (in `GRAPH
/// ?g`, binding `?s`) after `after`; `total` is how many match in all.
pub(super) fn page(
    store: &Store,
    token: &CancellationToken,
    scope: Scope<'_>,
    pattern: &str,
    total: u64,
    after: Option<&Cursor>,
    limit: usize,
) -> Result<Page, Failure> {
    let keys = match scope {
        Scope::Article(graph) => sorted(store, token, Some(graph), pattern, after, limit)?,
        Scope::All if total <= SORTED => sorted(store, token, None, pattern, after, limit)?,
        Scope::All => by_day(store, token, pattern, after, limit)?,
    };
    let next = (keys.len() == limit)
        .then(|| keys.last().and_then(Cursor::of))
        .flatten();
    let rows = fields(store, token, &keys)?;
    Ok(Page { rows, next })
}

const KEYS: &str = "?g ?s ?a ?article ?published ?start";
const ORDER: &str = "ORDER BY (!BOUND(?published)) ?published ?article ?start STR(?s)";

/// Every match found, then sorted.
fn sorted(
    store: &Store,
    token: &CancellationToken,
    graph: Option<&oxigraph::model::NamedNode>,
    pattern: &str,
    after: Option<&Cursor>,
    limit: usize,
) -> Result<Vec<Map<String, Value>>, Failure> {
    let (within, bind) = graph.map_or_else(
        || ("?g".to_owned(), String::new()),
        |g| (g.to_string(), format!("BIND({g} AS ?g)")),
    );
    let filter = after.map(Cursor::after).unwrap_or_default();
    rows(
        store,
        token,
        &format!(
            "SELECT {KEYS} WHERE {{ GRAPH {within} {{ {pattern}
               ?s cg:start ?start . ?a cg:articleId ?article
               OPTIONAL {{ ?a schema:datePublished ?published }} }} {bind} {filter} }}
             {ORDER} LIMIT {limit}"
        ),
    )
}

/// Matches found day by day from the cursor's day, until the page is full;
/// undated articles last. Each day's articles are listed in id order first
/// and the pattern is matched in their graphs alone (LATERAL), a few
/// articles at a time and more each time ([`in_articles`]): a page of an
/// actor who speaks in most articles costs its first articles, not its
/// first day's. Left to itself, the planner may start from the pattern's
/// every match in the store.
fn by_day(
    store: &Store,
    token: &CancellationToken,
    pattern: &str,
    after: Option<&Cursor>,
    limit: usize,
) -> Result<Vec<Map<String, Value>>, Failure> {
    let from = after.map(|c| c.published.clone()).unwrap_or_default();
    if after.is_some() && from.is_empty() {
        // Past the dated ones already.
        return undated(store, token, pattern, after, limit);
    }
    let mut found = Vec::new();
    for day in days(store, token, &from, None)? {
        let cursor = after.filter(|c| c.published == day);
        let articles = day_articles(store, token, &day, cursor)?;
        let filter = cursor.map(Cursor::after).unwrap_or_default();
        in_articles(&articles, |chunk| {
            let sparql = format!(
                "SELECT {KEYS} WHERE {{ VALUES (?g ?a ?article) {{ {chunk} }}
                   LATERAL {{ GRAPH ?g {{ {pattern} ?s cg:start ?start }} }}
                   BIND({} AS ?published) {filter} }}
                 ORDER BY ?article ?start STR(?s) LIMIT {}",
                date_literal(&day),
                limit - found.len()
            );
            found.extend(rows(store, token, &sparql)?);
            Ok(found.len() >= limit)
        })?;
        if found.len() >= limit {
            return Ok(found);
        }
    }
    let rest = limit - found.len();
    found.extend(undated(store, token, pattern, None, rest)?);
    Ok(found)
}

fn date_literal(day: &str) -> String {
    format!("{}^^xsd:date", string_literal(day))
}

/// The days articles were published on, from the summary's date tallies,
/// in order, from `from` on (at most `limit` of them).
fn days(
    store: &Store,
    token: &CancellationToken,
    from: &str,
    limit: Option<usize>,
) -> Result<Vec<String>, Failure> {
    let limit = limit.map(|n| format!("LIMIT {n}")).unwrap_or_default();
    Ok(rows(
        store,
        token,
        &format!(
            "SELECT ?day WHERE {{ GRAPH {} {{ ?t a cg:DateTally ; cg:tallyDate ?day }}
               FILTER(STR(?day) >= {}) }} ORDER BY ?day {limit}",
            summary_graph(),
            string_literal(from)
        ),
    )?
    .into_iter()
    .filter_map(|row| row.get("day").and_then(Value::as_str).map(str::to_owned))
    .collect())
}

/// The articles published on `day`, in id order, from the cursor's article
/// on: each as the `(?g ?a ?article)` row of a VALUES block.
fn day_articles(
    store: &Store,
    token: &CancellationToken,
    day: &str,
    after: Option<&Cursor>,
) -> Result<Vec<String>, Failure> {
    let filter = after
        .map(|c| format!("FILTER(?article >= {})", string_literal(&c.article)))
        .unwrap_or_default();
    let listed = rows(
        store,
        token,
        &format!(
            "SELECT ?g ?a ?article WHERE {{ ?a schema:datePublished {} .
               LATERAL {{ GRAPH ?g {{ ?a cg:articleId ?article }} }} {filter} }}
             ORDER BY ?article",
            date_literal(day)
        ),
    )?;
    let iri = |row: &Map<String, Value>, k: &str| {
        row.get(k)
            .and_then(Value::as_str)
            .and_then(crate::rdf::parse_iri)
            .map(|n| n.to_string())
    };
    Ok(listed
        .iter()
        .filter_map(|row| {
            let article = row.get("article")?.as_str()?;
            Some(format!(
                "({} {} {})",
                iri(row, "g")?,
                iri(row, "a")?,
                string_literal(article)
            ))
        })
        .collect())
}

/// Articles a walk first looks in; each next look takes twice as many.
const FIRST_ARTICLES: usize = 16;

/// Hands `look` the articles (VALUES rows, in order) a few at a time and
/// more each time, until it says it has enough.
fn in_articles(
    articles: &[String],
    mut look: impl FnMut(&str) -> Result<bool, Failure>,
) -> Result<(), Failure> {
    let (mut at, mut size) = (0, FIRST_ARTICLES);
    while at < articles.len() {
        let end = (at + size).min(articles.len());
        if look(&articles[at..end].join(" "))? {
            return Ok(());
        }
        at = end;
        size *= 2;
    }
    Ok(())
}

/// Matches in articles without a date (a scan: they come last).
fn undated(
    store: &Store,
    token: &CancellationToken,
    pattern: &str,
    after: Option<&Cursor>,
    limit: usize,
) -> Result<Vec<Map<String, Value>>, Failure> {
    let filter = after.map(Cursor::after).unwrap_or_default();
    rows(
        store,
        token,
        &format!(
            "SELECT {KEYS} WHERE {{ GRAPH ?g {{ {pattern} ?s cg:start ?start .
               ?a cg:articleId ?article FILTER NOT EXISTS {{ ?a schema:datePublished ?d }} }}
               {filter} }} ORDER BY ?article ?start STR(?s) LIMIT {limit}"
        ),
    )
}

/// The fields of a statement, looked up per statement once the page is
/// chosen (`?g`, `?s`, `?a` and `?start` bound, inside `GRAPH ?g`). An
/// entity's label is the article's own or the gazetteer's (the entities
/// graph); a proposition is in the propositions graph. Each optional part
/// is looked up for the row at hand (LATERAL), and a label through a
/// placeholder where its entity is unbound: a nested OPTIONAL would be
/// evaluated inside out, over every label first.
fn statement_fields() -> String {
    let known = crate::rdf::shared::entities_graph();
    let propositions = crate::rdf::shared::propositions_graph();
    let figures = crate::rdf::shared::figures_graph();
    let label = |entity: &str, label: &str| {
        format!(
            "BIND(COALESCE({entity}, <urn:claimgraph:none>) AS ?{label}Of)
             LATERAL {{ OPTIONAL {{ ?{label}Of rdfs:label ?{label}Own }} }}
             LATERAL {{ OPTIONAL {{ GRAPH {known} {{ ?{label}Of rdfs:label ?{label}Known }} }} }}
             BIND(COALESCE(?{label}Own, ?{label}Known) AS ?{label})"
        )
    };
    format!(
        "?s cg:stance ?st ; cg:proposition ?p ; cg:end ?end ; cg:speaker ?speaker .
         ?a schema:articleBody ?body .
         BIND(SUBSTR(?body, ?start + 1, ?end - ?start) AS ?evidence)
         LATERAL {{ OPTIONAL {{ ?a cg:publisherName ?publisher }} }}
         LATERAL {{ GRAPH {propositions} {{ ?p cg:predicate ?pr }} }}
         LATERAL {{ OPTIONAL {{ GRAPH {propositions} {{ ?p cg:subject ?subject }} }} }}
         LATERAL {{ OPTIONAL {{ GRAPH {propositions} {{ ?p cg:object ?object }} }} }}
         LATERAL {{ OPTIONAL {{ ?s cg:figure ?figure
                                GRAPH {figures} {{ ?figure cg:quantity ?quantity ; cg:qualifier ?q ; cg:unit ?unit }}
                                BIND(STRAFTER(STR(?q), \"#\") AS ?qualifier) }} }}
         LATERAL {{ OPTIONAL {{ ?s cg:via ?via }} }}
         LATERAL {{ OPTIONAL {{ ?s cg:date ?date }} }}
         {speaker} {subject} {object} {via}",
        speaker = label("?speaker", "speakerLabel"),
        subject = label("?subject", "subjectLabel"),
        object = label("?object", "objectLabel"),
        via = label("?via", "viaLabel"),
    )
}

/// The chosen statements with their fields, in the page's order.
fn fields(
    store: &Store,
    token: &CancellationToken,
    keys: &[Map<String, Value>],
) -> Result<Vec<Value>, Failure> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let iri = |row: &Map<String, Value>, k: &str| {
        row.get(k)
            .and_then(Value::as_str)
            .and_then(crate::rdf::parse_iri)
            .map(|n| n.to_string())
    };
    let mut values = Vec::new();
    for row in keys {
        let (Some(g), Some(s), Some(a), Some(article), Some(start)) = (
            iri(row, "g"),
            iri(row, "s"),
            iri(row, "a"),
            row.get("article").and_then(Value::as_str),
            row.get("start").and_then(Value::as_i64),
        ) else {
            continue;
        };
        values.push(format!("({g} {s} {a} {} {start})", string_literal(article)));
    }
    let sparql = format!(
        "SELECT ?s ?stance ?predicate ?p ?speaker ?speakerLabel ?subject ?subjectLabel ?object ?objectLabel
                ?quantity ?qualifier ?unit ?via ?viaLabel ?date ?article ?published ?publisher ?evidence ?start ?end
         WHERE {{
           VALUES (?g ?s ?a ?article ?start) {{ {} }}
           LATERAL {{ GRAPH ?g {{ OPTIONAL {{ ?a schema:datePublished ?published }} {} }} }}
           BIND(STRAFTER(STR(?st), \"#\") AS ?stance) BIND(STRAFTER(STR(?pr), \"#\") AS ?predicate) }}
         {ORDER}",
        values.join(" "),
        statement_fields(),
    );
    Ok(rows(store, token, &sparql)?
        .into_iter()
        .map(Value::Object)
        .collect())
}

/// Groups with at most this many matches are listed by the sorted plan.
const FEW: u64 = 200;
/// Days a shared walk reads before the groups still short are sorted.
const WALKED_DAYS: usize = 60;

/// The first `limit` statements of each group (a pattern binding `?s` in
/// `GRAPH ?g`, with how many match), in date order: the small groups sorted
/// each, the others found together, one query a day for all of them.
pub(super) fn first_of_each(
    store: &Store,
    token: &CancellationToken,
    groups: &[(String, u64)],
    limit: usize,
) -> Result<Vec<Vec<Value>>, Failure> {
    let mut keys: Vec<Vec<Map<String, Value>>> = vec![Vec::new(); groups.len()];
    let mut walking: Vec<usize> = Vec::new();
    for (i, (pattern, total)) in groups.iter().enumerate() {
        if *total <= FEW {
            keys[i] = sorted(store, token, None, pattern, None, limit)?;
        } else {
            walking.push(i);
        }
    }
    if !walking.is_empty() {
        for day in days(store, token, "", Some(WALKED_DAYS))? {
            if walking.iter().all(|&i| keys[i].len() >= limit) {
                break;
            }
            let articles = day_articles(store, token, &day, None)?;
            in_articles(&articles, |chunk| {
                let short: Vec<usize> = walking
                    .iter()
                    .copied()
                    .filter(|&i| keys[i].len() < limit)
                    .collect();
                if short.is_empty() {
                    return Ok(true);
                }
                let union: Vec<String> = short
                    .iter()
                    .map(|&i| format!("{{ {} BIND({i} AS ?group) }}", groups[i].0))
                    .collect();
                let sparql = format!(
                    "SELECT {KEYS} ?group WHERE {{ VALUES (?g ?a ?article) {{ {chunk} }}
                       LATERAL {{ GRAPH ?g {{ {} ?s cg:start ?start }} }}
                       BIND({} AS ?published) }}
                     ORDER BY ?article ?start STR(?s)",
                    union.join(" UNION "),
                    date_literal(&day)
                );
                for row in rows(store, token, &sparql)? {
                    let group = row.get("group").and_then(Value::as_u64).unwrap_or(0) as usize;
                    if let Some(found) = keys.get_mut(group).filter(|k| k.len() < limit) {
                        found.push(row);
                    }
                }
                Ok(false)
            })?;
        }
        for i in walking {
            if keys[i].len() < limit {
                keys[i] = sorted(store, token, None, &groups[i].0, None, limit)?;
            }
        }
    }
    // One look-up of the fields for all, dealt back to the groups.
    let all: Vec<Map<String, Value>> = keys.iter().flatten().cloned().collect();
    let group_of: std::collections::HashMap<String, usize> = keys
        .iter()
        .enumerate()
        .flat_map(|(i, k)| {
            k.iter()
                .filter_map(move |row| Some((row.get("s")?.as_str()?.to_owned(), i)))
        })
        .collect();
    let mut out = vec![Vec::new(); groups.len()];
    for row in fields(store, token, &all)? {
        if let Some(&i) = row
            .get("s")
            .and_then(Value::as_str)
            .and_then(|s| group_of.get(s))
        {
            out[i].push(row);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(rows: &[Map<String, Value>]) -> Vec<String> {
        rows.iter()
            .map(|r| r["s"].as_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn both_plans_list_the_same_statements_and_cursors_page_through_them() {
        let (_dir, store) = crate::sample_store();
        let store = store.store();
        let token = CancellationToken::new();
        let pattern = "?s cg:speaker ?speaker .";
        let all = sorted(store, &token, None, pattern, None, 1000)
            .ok()
            .unwrap();
        assert!(all.len() > 50, "{}", all.len());
        assert_eq!(
            ids(&by_day(store, &token, pattern, None, 1000).ok().unwrap()),
            ids(&all)
        );
        // Pages of 7, each after the last row of the one before, by either
        // plan: the same rows in the same order, none twice.
        for plan in [sorted_page, by_day_page] {
            let mut paged = Vec::new();
            let mut after: Option<Cursor> = None;
            loop {
                let page = plan(store, &token, pattern, after.as_ref(), 7);
                paged.extend(ids(&page));
                if page.len() < 7 {
                    break;
                }
                after = Cursor::of(page.last().unwrap());
                let text = after.as_ref().unwrap().text();
                assert_eq!(Cursor::parse(&text), after, "{text}");
            }
            assert_eq!(paged, ids(&all));
        }
        // The fields of a page come back in its order.
        let page = page(store, &token, Scope::All, pattern, 5000, None, 10)
            .ok()
            .unwrap();
        let listed: Vec<&str> = page.rows.iter().map(|r| r["s"].as_str().unwrap()).collect();
        assert_eq!(
            listed,
            ids(&all)[..10]
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
        );
        assert!(
            page.rows
                .iter()
                .all(|r| r["evidence"].as_str().is_some_and(|e| !e.is_empty()))
        );
        assert!(page.next.is_some());
        assert!(Cursor::parse("no\ttabs").is_none());
    }

    #[test]
    fn a_walk_looks_at_more_articles_each_time_until_it_has_enough() {
        let articles: Vec<String> = (0..100).map(|i| format!("a{i:03}")).collect();
        let mut looked = Vec::new();
        in_articles(&articles, |chunk| {
            looked.push(chunk.split(' ').count());
            Ok(false)
        })
        .ok()
        .unwrap();
        assert_eq!(looked, vec![16, 32, 52], "every article once, in order");
        let mut seen = Vec::new();
        in_articles(&articles, |chunk| {
            seen.extend(chunk.split(' ').map(str::to_owned));
            Ok(seen.len() >= 20)
        })
        .ok()
        .unwrap();
        assert_eq!(seen, articles[..48].to_vec(), "stops once it has enough");
    }

    fn sorted_page(
        store: &Store,
        token: &CancellationToken,
        pattern: &str,
        after: Option<&Cursor>,
        limit: usize,
    ) -> Vec<Map<String, Value>> {
        sorted(store, token, None, pattern, after, limit)
            .ok()
            .unwrap()
    }

    fn by_day_page(
        store: &Store,
        token: &CancellationToken,
        pattern: &str,
        after: Option<&Cursor>,
        limit: usize,
    ) -> Vec<Map<String, Value>> {
        by_day(store, token, pattern, after, limit).ok().unwrap()
    }
}
