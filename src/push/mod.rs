//! `claimgraph push`: the article graphs of the local store sent to a remote
//! triple store as the same named graphs, incrementally.
//!
//! A push compares the store's articles with the endpoint's [`Records`]
//! (what the server last accepted, by content hash and extractor) and makes
//! a [`Plan`]: send the new and changed graphs, delete the graphs of
//! articles no longer stored, leave the rest. Workers carry it out
//! concurrently, each graph read from the store and written as N-Triples by
//! the worker that sends it, and each success recorded at once, so a push cut
//! short anywhere is completed by the next. [`verify`] compares the remote
//! graphs with the local ones (triple counts, content hash and extractor)
//! and marks those that differ to be sent again.
//!
//! Invariant: a graph is recorded as pushed only after the server answered
//! 2xx to the request that replaced it.

mod digest;
pub mod records;
pub mod remote;
mod verify;

pub use records::{Records, RecordsError};
pub use remote::{AuthScheme, Credentials, Protocol, Remote, RemoteError};
pub use verify::{Difference, VerifyError, verify};

use crate::rdf::article_graph;
use crate::rdf::store::{GraphStore, StoreError};
use crate::vocab::cg;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, Term, TripleRef};
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// A stored article as a push sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalArticle {
    pub id: String,
    pub graph: NamedNode,
    /// Content hash and extractor: equal keys, equal graphs.
    pub key: String,
}

/// The store's articles in id order, read from the few triples each
/// article node has (three index scans, cheap for a large store).
pub fn local_articles(store: &GraphStore) -> Result<Vec<LocalArticle>, StoreError> {
    let mut ids: BTreeMap<NamedNode, String> = BTreeMap::new();
    let mut hashes: BTreeMap<NamedNode, String> = BTreeMap::new();
    let mut extractors: BTreeMap<NamedNode, String> = BTreeMap::new();
    for (predicate, into) in [
        (cg::ARTICLE_ID, &mut ids),
        (cg::CONTENT_HASH, &mut hashes),
        (cg::EXTRACTOR, &mut extractors),
    ] {
        for quad in store
            .store()
            .quads_for_pattern(None, Some(predicate), None, None)
        {
            let quad = quad.map_err(|e| store.storage_error(e))?;
            if let (GraphName::NamedNode(graph), Term::Literal(value)) =
                (quad.graph_name, quad.object)
            {
                into.insert(graph, value.value().to_owned());
            }
        }
    }
    let mut articles: Vec<LocalArticle> = ids
        .into_iter()
        .filter(|(graph, id)| article_graph(id) == *graph)
        .map(|(graph, id)| {
            let key = match (hashes.get(&graph), extractors.get(&graph)) {
                (Some(hash), Some(extractor)) => format!("{hash} {extractor}"),
                _ => records::UNKNOWN.to_owned(),
            };
            LocalArticle { id, graph, key }
        })
        .collect();
    articles.sort_by(|a, b| a.id.cmp(&b.id));
    articles.extend(shared_graphs(store)?);
    Ok(articles)
}

/// The shared graphs and the summary the store holds (see
/// [`crate::rdf::shared`], [`crate::rdf::summary`]), each recorded under its
/// IRI with the digest of its N-Triples as its key.
fn shared_graphs(store: &GraphStore) -> Result<Vec<LocalArticle>, StoreError> {
    use sha2::{Digest, Sha256};
    let mut out = Vec::new();
    for graph in shared() {
        let body = n_triples(store, &graph)?;
        if body.is_empty() {
            continue;
        }
        let digest = Sha256::digest(&body);
        let key: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        out.push(LocalArticle {
            id: graph.as_str().to_owned(),
            graph,
            key: format!("shared {key}"),
        });
    }
    Ok(out)
}

/// The graphs pushed besides the articles': the shared ones and the
/// summary, each whole.
fn shared() -> [NamedNode; 5] {
    let [entities, propositions, figures, facts] = crate::rdf::shared::graphs();
    let summary = crate::rdf::summary::summary_graph();
    [entities, propositions, figures, facts, summary]
}

/// The graph an endpoint's record names: a shared graph under its IRI, an
/// article's graph under the article's id.
fn recorded_graph(id: &str) -> NamedNode {
    shared()
        .into_iter()
        .find(|g| g.as_str() == id)
        .unwrap_or_else(|| article_graph(id))
}

/// What a record's id names, for messages: "article ID" or "shared graph <IRI>".
pub fn named(id: &str) -> String {
    let shown = crate::display::inert(id);
    if is_shared(id) {
        format!("shared graph <{shown}>")
    } else {
        format!("article {shown}")
    }
}

/// Whether `id` names a shared graph rather than an article.
pub fn is_shared(id: &str) -> bool {
    shared().iter().any(|g| g.as_str() == id)
}

/// What a push will do.
#[derive(Debug, Default)]
pub struct Plan {
    /// New and changed articles (every article with `full`).
    pub send: Vec<LocalArticle>,
    /// Articles the endpoint holds that the store no longer does.
    pub delete: Vec<String>,
    pub unchanged: usize,
}

impl Plan {
    /// Compares the store's articles with what the endpoint holds.
    pub fn new(local: &[LocalArticle], records: &Records, full: bool) -> Self {
        let mut plan = Self::default();
        for article in local {
            let recorded = records.key(&article.id);
            if full || article.key == records::UNKNOWN || recorded != Some(article.key.as_str()) {
                plan.send.push(article.clone());
            } else {
                plan.unchanged += 1;
            }
        }
        let stored: std::collections::BTreeSet<&str> =
            local.iter().map(|a| a.id.as_str()).collect();
        plan.delete = records
            .ids()
            .filter(|id| !stored.contains(id))
            .map(str::to_owned)
            .collect();
        plan
    }
}

/// Why one article's graph did not reach the remote store.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error(transparent)]
    Remote(#[from] RemoteError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What happened to one article.
#[derive(Debug)]
pub enum Event {
    Sent(String),
    Deleted(String),
    Failed(String, Failure),
}

/// A push that could not go on.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    #[error(transparent)]
    Records(#[from] RecordsError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The server refused the credentials: no request would succeed.
    #[error(transparent)]
    Refused(RemoteError),
    /// The server stayed out of reach for many graphs in a row.
    #[error(
        "{source}; {failures} graphs in a row could not be sent, so the push stopped: push again when the server answers (what was sent is recorded)"
    )]
    Unreachable {
        failures: usize,
        #[source]
        source: RemoteError,
    },
}

/// Graphs failed in a row, the server out of reach each time, after which a
/// push stops (at least; twice the concurrency if that is more).
const UNREACHABLE_IN_A_ROW: usize = 8;

#[derive(Debug, Default)]
pub struct Report {
    pub sent: usize,
    pub deleted: usize,
    pub unchanged: usize,
    /// Failed articles, in id order.
    pub failed: Vec<(String, Failure)>,
}

enum Job<'p> {
    Send(&'p LocalArticle),
    Delete(&'p str),
}

/// Carries out `plan` with `concurrency` workers; `on_event` hears of each
/// article as it is done. A failed article is reported and the rest go on;
/// a failure to record, credentials refused, or a server out of reach for
/// [`UNREACHABLE_IN_A_ROW`] graphs in a row stop the push (what was
/// recorded stays).
pub fn push(
    store: &GraphStore,
    remote: &Remote,
    records: &mut Records,
    plan: &Plan,
    concurrency: usize,
    on_event: &(dyn Fn(&Event) + Sync),
) -> Result<Report, PushError> {
    let jobs: Vec<Job> = plan
        .delete
        .iter()
        .map(|id| Job::Delete(id))
        .chain(plan.send.iter().map(Job::Send))
        .collect();
    let queue = Mutex::new(jobs.into_iter());
    let records = Mutex::new(records);
    let report = Mutex::new(Report {
        unchanged: plan.unchanged,
        ..Report::default()
    });
    let stop: Mutex<Option<PushError>> = Mutex::new(None);
    let stopping = AtomicBool::new(false);
    let unreachable = AtomicUsize::new(0);
    let give_up = UNREACHABLE_IN_A_ROW.max(2 * concurrency);
    std::thread::scope(|scope| {
        for _ in 0..concurrency.max(1) {
            scope.spawn(|| {
                let mut session = remote.session();
                while !stopping.load(Ordering::Relaxed) {
                    let Some(job) = queue.lock().unwrap_or_else(|e| e.into_inner()).next() else {
                        break;
                    };
                    let (id, outcome) = match job {
                        Job::Send(article) => (
                            article.id.as_str(),
                            send(store, &mut session, article)
                                .map(|()| lock(&records).pushed(&article.id, &article.key)),
                        ),
                        Job::Delete(id) => (
                            id,
                            session
                                .delete_graph(recorded_graph(id).as_str())
                                .map_err(Failure::from)
                                .map(|()| lock(&records).deleted(id)),
                        ),
                    };
                    if matches!(outcome, Ok(Ok(()))) {
                        unreachable.store(0, Ordering::Relaxed);
                    }
                    let event = match outcome {
                        Ok(Ok(())) if matches!(job, Job::Send(_)) => Event::Sent(id.to_owned()),
                        Ok(Ok(())) => Event::Deleted(id.to_owned()),
                        Ok(Err(recording)) => {
                            stopping.store(true, Ordering::Relaxed);
                            *lock(&stop) = Some(recording.into());
                            break;
                        }
                        Err(Failure::Remote(refused @ RemoteError::Unauthorized { .. })) => {
                            stopping.store(true, Ordering::Relaxed);
                            *lock(&stop) = Some(PushError::Refused(refused));
                            break;
                        }
                        Err(Failure::Remote(source @ RemoteError::Unreachable { .. }))
                            if unreachable.fetch_add(1, Ordering::Relaxed) + 1 >= give_up =>
                        {
                            stopping.store(true, Ordering::Relaxed);
                            *lock(&stop) = Some(PushError::Unreachable {
                                failures: give_up,
                                source,
                            });
                            break;
                        }
                        Err(failure) => Event::Failed(id.to_owned(), failure),
                    };
                    on_event(&event);
                    let mut report = lock(&report);
                    match event {
                        Event::Sent(_) => report.sent += 1,
                        Event::Deleted(_) => report.deleted += 1,
                        Event::Failed(id, failure) => report.failed.push((id, failure)),
                    }
                }
            });
        }
    });
    if let Some(error) = stop.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(error);
    }
    let records = records.into_inner().unwrap_or_else(|e| e.into_inner());
    records.compact()?;
    let mut report = report.into_inner().unwrap_or_else(|e| e.into_inner());
    report.failed.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(report)
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Reads an article's graph and replaces the remote one with it.
fn send(
    store: &GraphStore,
    session: &mut remote::Session,
    article: &LocalArticle,
) -> Result<(), Failure> {
    let body = n_triples(store, &article.graph)?;
    session.put_graph(article.graph.as_str(), &body)?;
    Ok(())
}

/// A graph's triples as N-Triples, in the store's order (the same bytes
/// for the same graph).
pub fn n_triples(store: &GraphStore, graph: &NamedNode) -> Result<Vec<u8>, StoreError> {
    let mut writer = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(Vec::new());
    for quad in store.store().quads_for_pattern(
        None,
        None,
        None,
        Some(GraphNameRef::NamedNode(graph.as_ref())),
    ) {
        let quad = quad.map_err(|e| store.storage_error(e))?;
        writer.serialize_triple(TripleRef::new(&quad.subject, &quad.predicate, &quad.object))?;
    }
    Ok(writer.finish()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, key: &str) -> LocalArticle {
        LocalArticle {
            id: id.to_owned(),
            graph: article_graph(id),
            key: key.to_owned(),
        }
    }

    #[test]
    fn a_plan_sends_the_new_and_changed_and_deletes_the_removed() {
        let store = tempfile::tempdir().unwrap();
        let mut records = Records::open(store.path(), "http://127.0.0.1:1/store").unwrap();
        for (id, key) in [
            ("same", "h1 x"),
            ("changed", "h1 x"),
            ("gone", "h1 x"),
            ("doubted", records::UNKNOWN),
        ] {
            records.pushed(id, key).unwrap();
        }
        let local = [
            article("changed", "h2 x"),
            article("doubted", "h3 x"),
            article("new", "h4 x"),
            article("old-store", records::UNKNOWN),
            article("same", "h1 x"),
        ];
        let plan = Plan::new(&local, &records, false);
        let sent: Vec<&str> = plan.send.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(sent, ["changed", "doubted", "new", "old-store"]);
        assert_eq!((plan.delete, plan.unchanged), (vec!["gone".to_owned()], 1));
        records.pushed("old-store", records::UNKNOWN).unwrap();
        let again = Plan::new(&local, &records, false);
        assert!(
            again.send.iter().any(|a| a.id == "old-store"),
            "an unknown version never counts as pushed"
        );
        assert_eq!(Plan::new(&local, &records, true).send.len(), 5);
    }
}
