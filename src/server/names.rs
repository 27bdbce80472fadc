//! The names every entity goes by, read once from the store and held in
//! memory for the explorer's search and each actor's aliases.
//!
//! Every article graph repeats the names it uses, so on a large store the
//! distinct names are a small fraction of the name quads (about 240,000
//! against 3.8 million at 100,000 generated articles): reading them once
//! and matching in memory answers a keystroke in milliseconds where a scan
//! of the quads takes seconds. [`NameCache`] holds what was read until the
//! store changes (a `serve --watch` rebuild says so), and is read again on
//! the next search.

use super::sparql::Failure;
use crate::query::QueryError;
use crate::rdf::shared::entities_graph;
use crate::rdf::summary::summary_graph;
use crate::vocab::{Kind, cg, rdf, rdfs, skos};
use oxigraph::model::{GraphName, NamedNodeRef, NamedOrBlankNode, Term};
use oxigraph::sparql::CancellationToken;
use oxigraph::store::Store;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

/// One entity as the search shows it.
#[derive(Debug)]
struct Entity {
    iri: String,
    /// The gazetteer's name if it has one, else the least of the names
    /// articles label it with.
    label: String,
    /// The local name of its class: the gazetteer's, else the least of
    /// those articles give.
    kind: &'static str,
    /// Statements it made, from the summary's speaker tallies.
    statements: u64,
    /// Its distinct `skos:altLabel`s, sorted.
    aliases: Vec<String>,
}

/// Every entity with a class and a name, and each of its names lower-cased.
#[derive(Debug, Default)]
pub(super) struct Names {
    entities: Vec<Entity>,
    by_iri: HashMap<String, usize>,
    /// Distinct (lower-cased name, entity) pairs.
    names: Vec<(String, usize)>,
}

/// How often a long read looks at its cancellation token.
const CHECK_EVERY: usize = 4096;

/// What is read of one entity before it is settled.
#[derive(Default)]
struct Read {
    shared_label: Option<String>,
    labels: BTreeSet<String>,
    aliases: BTreeSet<String>,
    shared_kind: Option<Kind>,
    kinds: BTreeSet<Kind>,
}

impl Names {
    /// Reads every entity's names and class from the store, and the
    /// statement counts from the summary.
    pub(super) fn read(store: &Store, token: &CancellationToken) -> Result<Self, Failure> {
        let shared = GraphName::NamedNode(entities_graph());
        let mut read: BTreeMap<String, Read> = BTreeMap::new();
        let mut seen = 0usize;
        let mut tick = || {
            seen += 1;
            if seen.is_multiple_of(CHECK_EVERY) && token.is_cancelled() {
                return Err(Failure::Query(QueryError::Cancelled));
            }
            Ok(())
        };
        for property in [rdfs::LABEL, skos::ALT_LABEL] {
            for quad in store.quads_for_pattern(None, Some(property), None, None) {
                let quad = quad.map_err(QueryError::from)?;
                tick()?;
                let (NamedOrBlankNode::NamedNode(subject), Term::Literal(name)) =
                    (&quad.subject, &quad.object)
                else {
                    continue;
                };
                let entry = read.entry(subject.as_str().to_owned()).or_default();
                let name = name.value().to_owned();
                if property == skos::ALT_LABEL {
                    entry.aliases.insert(name);
                } else if quad.graph_name == shared {
                    entry.shared_label = Some(name);
                } else {
                    entry.labels.insert(name);
                }
            }
        }
        for &kind in Kind::ALL {
            let class = Term::from(kind.iri().into_owned());
            for quad in store.quads_for_pattern(None, Some(rdf::TYPE), Some(class.as_ref()), None) {
                let quad = quad.map_err(QueryError::from)?;
                tick()?;
                let NamedOrBlankNode::NamedNode(subject) = &quad.subject else {
                    continue;
                };
                // Only what has a name is found by one.
                let Some(entry) = read.get_mut(subject.as_str()) else {
                    continue;
                };
                if quad.graph_name == shared {
                    entry.shared_kind = Some(kind);
                } else {
                    entry.kinds.insert(kind);
                }
            }
        }
        let said = statements(store, token)?;
        let mut names = Self::default();
        for (iri, entry) in read {
            let Some(kind) = entry.shared_kind.or(entry.kinds.first().copied()) else {
                continue;
            };
            let Some(label) = entry.shared_label.or_else(|| entry.labels.first().cloned()) else {
                continue;
            };
            let index = names.entities.len();
            let mut lower: BTreeSet<String> =
                entry.labels.iter().map(|n| n.to_lowercase()).collect();
            lower.insert(label.to_lowercase());
            lower.extend(entry.aliases.iter().map(|n| n.to_lowercase()));
            names.names.extend(lower.into_iter().map(|n| (n, index)));
            names.by_iri.insert(iri.clone(), index);
            names.entities.push(Entity {
                statements: said.get(&iri).copied().unwrap_or(0),
                iri,
                label,
                kind: kind.local_name(),
                aliases: entry.aliases.into_iter().collect(),
            });
        }
        Ok(names)
    }

    /// The entities a name or alias of which holds `text` (case-insensitive):
    /// those with a name that starts with it, or a word of which does,
    /// first; then those who said most; then by label.
    pub(super) fn search(&self, text: &str, limit: usize) -> Vec<Value> {
        let needle = text.to_lowercase();
        let word = format!(" {needle}");
        let mut best: HashMap<usize, u8> = HashMap::new();
        for (name, entity) in &self.names {
            if !name.contains(&needle) {
                continue;
            }
            let rank = u8::from(!(name.starts_with(&needle) || name.contains(&word)));
            best.entry(*entity)
                .and_modify(|b| *b = (*b).min(rank))
                .or_insert(rank);
        }
        let mut found: Vec<(u8, &Entity)> = best
            .into_iter()
            .map(|(entity, rank)| (rank, &self.entities[entity]))
            .collect();
        found.sort_by(|(ra, a), (rb, b)| {
            ra.cmp(rb)
                .then(b.statements.cmp(&a.statements))
                .then_with(|| a.label.cmp(&b.label))
                .then_with(|| a.iri.cmp(&b.iri))
        });
        found
            .into_iter()
            .take(limit)
            .map(|(_, e)| {
                json!({ "iri": e.iri, "label": e.label, "kind": e.kind, "statements": e.statements })
            })
            .collect()
    }

    /// An entity's aliases, sorted (none for one the store does not name).
    pub(super) fn aliases(&self, iri: &str) -> &[String] {
        self.by_iri
            .get(iri)
            .map_or(&[], |&i| self.entities[i].aliases.as_slice())
    }
}

/// Statements per speaker, from the summary's speaker tallies.
fn statements(store: &Store, token: &CancellationToken) -> Result<HashMap<String, u64>, Failure> {
    let summary = summary_graph();
    let graph = GraphName::NamedNode(summary.clone());
    let class = Term::from(cg::SPEAKER_TALLY.into_owned());
    let mut said = HashMap::new();
    for (n, quad) in store
        .quads_for_pattern(
            None,
            Some(rdf::TYPE),
            Some(class.as_ref()),
            Some(graph.as_ref()),
        )
        .enumerate()
    {
        let tally = quad.map_err(QueryError::from)?.subject;
        if n.is_multiple_of(CHECK_EVERY) && token.is_cancelled() {
            return Err(Failure::Query(QueryError::Cancelled));
        }
        let object = |p: NamedNodeRef<'_>| {
            store
                .quads_for_pattern(Some(tally.as_ref()), Some(p), None, Some(graph.as_ref()))
                .next()
                .transpose()
                .map(|q| q.map(|q| q.object))
        };
        let (Some(Term::NamedNode(speaker)), Some(Term::Literal(count))) = (
            object(cg::TALLY_SPEAKER).map_err(QueryError::from)?,
            object(cg::STATEMENT_COUNT).map_err(QueryError::from)?,
        ) else {
            continue;
        };
        *said.entry(speaker.into_string()).or_default() +=
            count.value().parse::<u64>().unwrap_or(0);
    }
    Ok(said)
}

/// The names last read, until the store changes. One read at a time, on a
/// thread of its own and without a request's deadline: on a large store
/// not yet compacted it can take longer than a request may, and requests
/// that each started their own would all fail, slowing one another down.
#[derive(Debug, Default)]
pub(super) struct NameCache {
    state: Mutex<Cached>,
    /// Signalled when a read ends.
    ended: Condvar,
}

#[derive(Debug, Default)]
struct Cached {
    /// Bumped by every change: names read before one are not kept.
    generation: u64,
    names: Option<Arc<Names>>,
    /// A read is under way.
    reading: bool,
    /// Why the last read failed, for the first request to ask after it.
    failed: Option<QueryError>,
    /// Reads started (how a test sees that requests share one).
    reads: u64,
}

/// How often a request waiting for the names looks at its deadline.
const WAIT_STEP: std::time::Duration = std::time::Duration::from_millis(50);

impl NameCache {
    /// The names, read from `store` unless held: a request waits for the
    /// read under way (or starts one) until its `token` is cancelled, and
    /// the read goes on for the next request.
    pub(super) fn get(
        self: &Arc<Self>,
        store: &Store,
        token: &CancellationToken,
    ) -> Result<Arc<Names>, Failure> {
        let mut state = self.lock();
        loop {
            if let Some(names) = &state.names {
                return Ok(Arc::clone(names));
            }
            if let Some(error) = state.failed.take() {
                return Err(Failure::Query(error));
            }
            if !state.reading {
                self.start(store, &mut state)?;
            }
            if token.is_cancelled() {
                return Err(Failure::Query(QueryError::Cancelled));
            }
            state = self
                .ended
                .wait_timeout(state, WAIT_STEP)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    /// Starts reading the names if they are not held or being read.
    pub(super) fn warm_up(self: &Arc<Self>, store: &Store) {
        let mut state = self.lock();
        if state.names.is_none() && !state.reading {
            // Failing to start, it leaves the read to the first request.
            let _ = self.start(store, &mut state);
        }
    }

    fn start(self: &Arc<Self>, store: &Store, state: &mut Cached) -> Result<(), Failure> {
        let (cache, store, generation) = (Arc::clone(self), store.clone(), state.generation);
        std::thread::Builder::new()
            .name("claimgraph names".into())
            .spawn(move || cache.read(&store, generation))
            .map_err(|_| Failure::Busy)?;
        state.reading = true;
        state.reads += 1;
        Ok(())
    }

    fn read(&self, store: &Store, generation: u64) {
        let read = Names::read(store, &CancellationToken::new());
        let mut state = self.lock();
        state.reading = false;
        match read {
            // Read before the store changed: the next request reads again.
            Ok(_) if state.generation != generation => {}
            Ok(names) => state.names = Some(Arc::new(names)),
            Err(Failure::Query(error)) => state.failed = Some(error),
            Err(_) => {}
        }
        self.ended.notify_all();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Cached> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Forgets what was read: the store has changed.
    pub(super) fn forget(&self) {
        let mut state = self.lock();
        state.generation += 1;
        state.names = None;
        state.failed = None;
    }

    #[cfg(test)]
    pub(super) fn reads(&self) -> u64 {
        self.lock().reads
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_share_one_read_of_the_names_which_outlasts_their_deadlines() {
        let (_dir, store) = crate::sample_store();
        let cache = Arc::new(NameCache::default());
        // A request past its deadline gives up; the read it started goes
        // on, and the next request waits for it rather than reading again.
        let late = CancellationToken::new();
        late.cancel();
        assert!(cache.get(store.store(), &late).is_err());
        let names = cache.get(store.store(), &CancellationToken::new()).unwrap();
        assert!(!names.search("peskov", 1).is_empty());
        assert_eq!(cache.reads(), 1);
    }
}
