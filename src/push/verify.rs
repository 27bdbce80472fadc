//! `push --verify`: the remote store's claimgraph graphs compared with the
//! local ones through the remote's SPARQL endpoint. A remote store does not
//! make a graph `PUT` atomic (Virtuoso and Oxigraph clear the graph, then
//! load it), so this, not the `2xx`, is the guarantee that the remote holds
//! what the local store does.
//!
//! Per graph: the number of triples, and the article's content hash and
//! extractor as stored in the remote graph. Two aggregate queries, read in
//! pages of [`PAGE`] rows (servers cap result sizes: Virtuoso at 10,000 by
//! default), whatever the number of graphs.

use super::LocalArticle;
use super::records::{self, Records, RecordsError};
use super::remote::{Remote, RemoteError};
use crate::query;
use crate::rdf::graph_article_id;
use crate::rdf::store::{GraphStore, StoreError};
use crate::vocab::{self, cg};
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use std::collections::BTreeMap;
use std::fmt;

const PAGE: usize = 5_000;

/// One way the remote differs from the local store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// The remote has no graph for a stored article.
    Missing { id: String },
    /// The graphs have different numbers of triples.
    Triples {
        id: String,
        local: usize,
        remote: usize,
    },
    /// The remote graph comes from another version of the article (or of
    /// the extractor), or lacks the article's hash.
    Version { id: String },
    /// The remote holds a claimgraph graph the local store does not.
    Extra { graph: String },
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = |id: &str| crate::display::inert(id).into_owned();
        match self {
            Self::Missing { id: a } => write!(f, "{}: missing remotely", super::named(a)),
            Self::Triples {
                id: a,
                local,
                remote,
            } => write!(
                f,
                "{}: {local} triples here, {remote} remotely",
                super::named(a)
            ),
            Self::Version { id: a } => write!(
                f,
                "{}: the remote graph is from another version",
                super::named(a)
            ),
            Self::Extra { graph } => write!(
                f,
                "graph <{}>: remotely only, not in the local store",
                id(graph)
            ),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error(
        "--verify needs the remote's SPARQL query endpoint: give --query-endpoint URL (Virtuoso: /sparql, Oxigraph server: /query, Fuseki: /DATASET/sparql)"
    )]
    NoQueryEndpoint,
    #[error(transparent)]
    Remote(#[from] RemoteError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Records(#[from] RecordsError),
    #[error(transparent)]
    Query(#[from] query::QueryError),
}

/// Compares the remote graphs with the store's `local` articles and marks
/// every article that differs in `records`, so the next push re-sends it
/// (or deletes it remotely, if the store no longer holds it); graphs found
/// equal are recorded as pushed. Returns the
/// differences in order: stored articles by id, then remote-only graphs.
pub fn verify(
    store: &GraphStore,
    remote: &Remote,
    local: &[LocalArticle],
    records: &mut Records,
) -> Result<Vec<Difference>, VerifyError> {
    if remote.query_endpoint().is_none() {
        return Err(VerifyError::NoQueryEndpoint);
    }
    let mut session = remote.session();
    let counts = paged(
        &mut session,
        "SELECT ?g (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(GRAPHS) } GROUP BY ?g",
        &["g", "triples"],
    )?;
    let versions = paged(
        &mut session,
        &format!(
            "SELECT ?g ?hash ?extractor WHERE {{ GRAPH ?g {{ ?article <{}> ?hash \
             OPTIONAL {{ ?article <{}> ?extractor }} }} FILTER(GRAPHS) }}",
            cg::CONTENT_HASH.as_str(),
            cg::EXTRACTOR.as_str()
        ),
        &["g", "hash", "extractor"],
    )?;
    let mut remote_counts: BTreeMap<String, usize> = counts
        .into_iter()
        .filter_map(|row| {
            let [Some(graph), Some(count)] = <[Option<String>; 2]>::try_from(row).ok()? else {
                return None;
            };
            Some((graph, count.parse().unwrap_or(usize::MAX)))
        })
        .collect();
    let remote_keys: BTreeMap<String, String> = versions
        .into_iter()
        .filter_map(|row| {
            let [Some(graph), Some(hash), extractor] = <[Option<String>; 3]>::try_from(row).ok()?
            else {
                return None;
            };
            Some((graph, format!("{hash} {}", extractor.unwrap_or_default())))
        })
        .collect();

    let local_counts = triples(store)?;
    let mut differences = Vec::new();
    for article in local {
        let graph = article.graph.as_str();
        let Some(remote_count) = remote_counts.remove(graph) else {
            differences.push(Difference::Missing {
                id: article.id.clone(),
            });
            continue;
        };
        let local_count = local_counts.get(graph).copied().unwrap_or(0);
        if local_count != remote_count {
            differences.push(Difference::Triples {
                id: article.id.clone(),
                local: local_count,
                remote: remote_count,
            });
        } else if super::is_shared(&article.id) {
            // A shared graph has no article node to read its version from:
            // equal counts and the record of what was sent must agree.
            if records.key(&article.id) != Some(article.key.as_str()) {
                differences.push(Difference::Version {
                    id: article.id.clone(),
                });
            }
        } else if remote_keys.get(graph) != Some(&article.key) {
            differences.push(Difference::Version {
                id: article.id.clone(),
            });
        } else if records.key(&article.id) != Some(article.key.as_str()) {
            // Already there (loaded by the remote's own bulk loader, say).
            records.pushed(&article.id, &article.key)?;
        }
    }
    differences.extend(
        remote_counts
            .into_keys()
            .map(|graph| Difference::Extra { graph }),
    );
    for difference in &differences {
        let id = match difference {
            Difference::Missing { id }
            | Difference::Triples { id, .. }
            | Difference::Version { id } => Some(id.clone()),
            Difference::Extra { graph } => {
                graph_article_id(graph).or_else(|| super::is_shared(graph).then(|| graph.clone()))
            }
        };
        if let Some(id) = id {
            records.pushed(&id, records::UNKNOWN)?;
        }
    }
    records.compact()?;
    Ok(differences)
}

/// The triples of each graph of the local store: one aggregate query,
/// which counts without decoding a term (reading the quads would look up
/// every term's text).
fn triples(store: &GraphStore) -> Result<BTreeMap<String, usize>, VerifyError> {
    let results = query::prepare(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
        None,
    )?
    .on_store(store.store())
    .execute()
    .map_err(query::QueryError::from)?;
    let mut counts = BTreeMap::new();
    if let QueryResults::Solutions(solutions) = results {
        for solution in solutions {
            let solution = solution.map_err(query::QueryError::from)?;
            if let (Some(Term::NamedNode(graph)), Some(Term::Literal(n))) =
                (solution.get("g"), solution.get("n"))
            {
                counts.insert(graph.as_str().to_owned(), n.value().parse().unwrap_or(0));
            }
        }
    }
    Ok(counts)
}

/// All rows of a SELECT whose first variable is the graph `?g`, a page at
/// a time in graph order: `GRAPHS` in `query` is where the filter on `?g` goes.
/// Pages start after the last graph of the one before (not at an offset:
/// Virtuoso sorts at most 10,000 rows, offset included), so a server that
/// caps results below a page still gives them all.
fn paged(
    session: &mut super::remote::Session,
    query: &str,
    variables: &[&str],
) -> Result<Vec<Vec<Option<String>>>, RemoteError> {
    let prefix = query::string_literal(&format!("{}graph/", vocab::DATA));
    let mut rows: Vec<Vec<Option<String>>> = Vec::new();
    loop {
        let mut filter = format!("STRSTARTS(STR(?g), {prefix})");
        if let Some(Some(last)) = rows.last().map(|row| &row[0]) {
            filter.push_str(&format!(" && STR(?g) > {}", query::string_literal(last)));
        }
        let page = session.select(
            &format!(
                "{} ORDER BY STR(?g) LIMIT {PAGE}",
                query.replace("GRAPHS", &filter)
            ),
            variables,
        )?;
        let before = rows.last().cloned();
        rows.extend(page);
        // An empty page ends; so does one that does not move on.
        if rows.last().cloned() == before {
            return Ok(rows);
        }
    }
}
