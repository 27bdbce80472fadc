//! How a build's tallies get into the totals: all at once into a store no
//! build has written yet, else a thousand keys a transaction with a record
//! of how far the fold got; and how what a build cut short left is
//! finished.

use super::graph_quads;
use super::keys::{Key, node_iri, write_key};
use super::{
    Counts, Tallies, count_quads, integer, replace_counts, stored_node, summary_graph, version_quad,
};
use crate::vocab::{cg, rdf};
use oxigraph::model::{GraphNameRef, NamedNode, Quad, Term};
use oxigraph::store::{StorageError, Store, Transaction};

impl Tallies {
    /// Adds these tallies (of the article graphs marked pending, all of
    /// them) into the totals. Into a store with no tally (recovering a
    /// first fold cut short, or every tallied article replaced) they go in
    /// one atomic bulk load with the record that all are in; otherwise in
    /// key order: [`KEYS_PER_TRANSACTION`] keys a
    /// transaction, skipping the first `skip` (a fold cut short added
    /// those). Each transaction records how many keys are in
    /// (`cg:foldedKeys`), the last one that all are; the marks then go, a
    /// transaction at a time, and the record last.
    pub fn fold_in(&self, store: &Store, skip: u64) -> Result<(), StorageError> {
        self.fold_in_at_most(store, skip, usize::MAX)
    }

    /// [`Self::fold_in`], stopping after `transactions` transactions (so a
    /// test can cut a fold short).
    pub(super) fn fold_in_at_most(
        &self,
        store: &Store,
        skip: u64,
        transactions: usize,
    ) -> Result<(), StorageError> {
        let keys: Vec<(&Key, &Counts)> = self
            .counts
            .iter()
            .filter(|(_, counts)| !counts.is_zero())
            .collect();
        if skip == 0 && is_empty(store)? {
            return load_fresh(store, &keys, transactions);
        }
        let skip = usize::try_from(skip).unwrap_or(usize::MAX).min(keys.len());
        let mut recorded = folded_record(store)?;
        let mut done = skip;
        let mut committed = 0;
        let todo = &keys[skip..];
        for chunk in todo.chunks(KEYS_PER_TRANSACTION) {
            if committed == transactions {
                return Ok(());
            }
            let mut transaction = store.start_transaction()?;
            for (key, counts) in chunk {
                let node = node_iri(key);
                let mut held = stored_node(store, &node)?;
                if held.is_empty() {
                    write_key(&mut held, &node, key);
                    transaction.extend(&held);
                }
                replace_counts(&mut transaction, &node, &held, **counts);
            }
            done += chunk.len();
            let now = if done == keys.len() {
                ALL_FOLDED
            } else {
                done as i64
            };
            record_folded(&mut transaction, recorded, Some(now));
            recorded = Some(now);
            transaction.commit()?;
            committed += 1;
        }
        if committed == transactions {
            return Ok(());
        }
        if todo.is_empty() {
            let mut transaction = store.start_transaction()?;
            record_folded(&mut transaction, recorded, Some(ALL_FOLDED));
            transaction.commit()?;
        }
        clear_marks(store)
    }
}

/// Tallies into a store with none, every node new: bulk loaded in one atomic step
/// with the record that all keys are in, then the marks cleared (as
/// [`Tallies::fold_in_at_most`], stopping after `steps` of those two).
fn load_fresh(store: &Store, keys: &[(&Key, &Counts)], steps: usize) -> Result<(), StorageError> {
    if steps == 0 {
        return Ok(());
    }
    let mut quads = node_quads(keys);
    quads.push(folded_quad(ALL_FOLDED));
    bulk_load(store, quads)?;
    if steps == 1 {
        return Ok(());
    }
    clear_marks(store)
}

/// Whether the summary holds no tally (a store no build has written to
/// yet): a build into it loads its tallies whole when it ends, marks no
/// article, and leaves no version until then, so one cut short is tallied
/// afresh by [`ensure`].
pub fn is_empty(store: &Store) -> Result<bool, StorageError> {
    // Every tally node states its articles.
    let summary = summary_graph();
    Ok(store
        .quads_for_pattern(
            None,
            Some(cg::ARTICLE_COUNT),
            None,
            Some(GraphNameRef::NamedNode(summary.as_ref())),
        )
        .next()
        .transpose()?
        .is_none())
}

impl Tallies {
    /// A first build's tallies, loaded with the summary's version in one
    /// atomic bulk load (see [`is_empty`]).
    pub fn load_first(&self, store: &Store) -> Result<(), StorageError> {
        if self.is_empty() {
            return Ok(());
        }
        let keys: Vec<(&Key, &Counts)> = self
            .counts
            .iter()
            .filter(|(_, counts)| !counts.is_zero())
            .collect();
        let mut quads = node_quads(&keys);
        quads.push(version_quad());
        bulk_load(store, quads)
    }
}

/// The class, key and counts of each key's node.
fn node_quads(keys: &[(&Key, &Counts)]) -> Vec<Quad> {
    let mut quads = Vec::with_capacity(keys.len() * 7 + 1);
    for (key, counts) in keys {
        let node = node_iri(key);
        let first = quads.len();
        write_key(&mut quads, &node, key);
        let class = quads[first..]
            .iter()
            .find(|q| q.predicate == rdf::TYPE)
            .map(|q| q.object.clone());
        quads.extend(count_quads(&node, class.as_ref(), **counts));
    }
    quads
}

fn bulk_load(store: &Store, quads: Vec<Quad>) -> Result<(), StorageError> {
    let megabytes = quads.len() / 1000 + 1;
    let mut loader = store
        .bulk_loader()
        .with_num_threads(2)
        .with_max_memory_size_in_megabytes(megabytes);
    loader.load_quads(quads)?;
    loader.commit()
}

/// The marks of a batch's articles, to load with its graphs (with the
/// summary's version): each says its graph's tallies are not in the totals
/// yet.
pub fn marks<'a>(graphs: impl IntoIterator<Item = &'a NamedNode>) -> Vec<Quad> {
    let summary = summary_graph();
    let mut quads = vec![version_quad()];
    quads.extend(graphs.into_iter().map(|graph| {
        Quad::new(
            summary.clone(),
            cg::PENDING_ARTICLE,
            graph.clone(),
            summary.clone(),
        )
    }));
    quads
}

/// Finishes what a build cut short left: the marked graphs are tallied
/// again and added into the totals, except the keys its fold had added
/// already (as many as `cg:foldedKeys` says, in key order); if it had added
/// them all, the marks are only cleared.
pub fn recover(store: &Store) -> Result<(), StorageError> {
    let summary = summary_graph();
    let folded = folded_record(store)?;
    if folded == Some(ALL_FOLDED) {
        return clear_marks(store);
    }
    let mut tallies = Tallies::default();
    for quad in store.quads_for_pattern(
        Some(summary.as_ref().into()),
        Some(cg::PENDING_ARTICLE),
        None,
        Some(GraphNameRef::NamedNode(summary.as_ref())),
    ) {
        let Term::NamedNode(graph) = quad?.object else {
            continue;
        };
        tallies.add_graph(&graph_quads(store, graph.as_ref())?, 1);
    }
    if tallies.is_empty() && folded.is_none() {
        return Ok(());
    }
    tallies.fold_in(store, folded.unwrap_or(0).max(0).unsigned_abs())
}

/// Keys a fold adds per transaction: a transaction holds its changes in
/// memory, and a large build touches a hundred thousand keys.
pub(super) const KEYS_PER_TRANSACTION: usize = 1_000;

/// Marks a fold clears per transaction.
const MARKS_PER_TRANSACTION: usize = 10_000;

/// What `cg:foldedKeys` says once a fold has added every key.
const ALL_FOLDED: i64 = -1;

/// How far a fold got (`cg:foldedKeys`), if one is under way.
pub(super) fn folded_record(store: &Store) -> Result<Option<i64>, StorageError> {
    let summary = summary_graph();
    let quad = store
        .quads_for_pattern(
            Some(summary.as_ref().into()),
            Some(cg::FOLDED_KEYS),
            None,
            Some(GraphNameRef::NamedNode(summary.as_ref())),
        )
        .next()
        .transpose()?;
    Ok(quad.and_then(|q| match q.object {
        Term::Literal(n) => n.value().parse().ok(),
        _ => None,
    }))
}

fn folded_quad(n: i64) -> Quad {
    let summary = summary_graph();
    Quad::new(summary.clone(), cg::FOLDED_KEYS, integer(n), summary)
}

/// Replaces the record of how far a fold got (`None`: no record).
fn record_folded(transaction: &mut Transaction<'_>, was: Option<i64>, now: Option<i64>) {
    if let Some(was) = was {
        transaction.remove(&folded_quad(was));
    }
    if let Some(now) = now {
        transaction.insert(&folded_quad(now));
    }
}

/// Clears the marks, [`MARKS_PER_TRANSACTION`] a transaction, then the
/// record of the fold that added their tallies.
fn clear_marks(store: &Store) -> Result<(), StorageError> {
    let summary = summary_graph();
    let marks: Vec<Quad> = store
        .quads_for_pattern(
            Some(summary.as_ref().into()),
            Some(cg::PENDING_ARTICLE),
            None,
            Some(GraphNameRef::NamedNode(summary.as_ref())),
        )
        .collect::<Result<_, _>>()?;
    for chunk in marks.chunks(MARKS_PER_TRANSACTION) {
        let mut transaction = store.start_transaction()?;
        for mark in chunk {
            transaction.remove(mark);
        }
        transaction.commit()?;
    }
    if let Some(was) = folded_record(store)? {
        let mut transaction = store.start_transaction()?;
        record_folded(&mut transaction, Some(was), None);
        transaction.commit()?;
    }
    Ok(())
}
