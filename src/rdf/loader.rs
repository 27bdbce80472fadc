//! Oxigraph's bulk loader kept open across a build's batches: each batch's
//! quads are sorted into index files as they come, two chunks at a time,
//! and the files wait on disk until enough of them are ingested together.
//!
//! Ingesting is where RocksDB's work hides: each ingest of files that
//! overlap what is stored (every index but the graph-first ones) lands in
//! level 0 and is compacted with what is there, so a hundred ingests of a
//! few files cost far more than a few ingests of many. Until its commit a
//! load is invisible and, if the build is stopped, gone without a trace
//! (the loader removes its files): what is stored is never half an article.

use super::store::{GraphStore, StoreError};
use oxigraph::model::Quad;
use oxigraph::store::BulkLoader;

/// Quads sorted into one set of index files (one file per index): larger
/// chunks make fewer files but hold more memory while they sort.
const CHUNK_QUADS: usize = 1 << 18;

/// Chunks sorted at once, each on its own thread.
const THREADS: usize = 2;

/// Quads loaded before their files are ingested: about 16 batches of
/// generated news, so a 100,000-article build ingests six or seven times.
pub const COMMIT_QUADS: usize = 8 << 20;

/// A bulk load under way into `store`.
pub struct Loader<'a> {
    store: &'a GraphStore,
    loader: BulkLoader<'a>,
    /// Quads loaded since the last commit.
    pending: usize,
}

impl GraphStore {
    /// A bulk loader for graphs that are not stored yet (nothing is cleared
    /// first): fast, and atomic from one commit to the next.
    pub fn loader(&self) -> Loader<'_> {
        Loader {
            store: self,
            loader: bulk_loader(self),
            pending: 0,
        }
    }
}

fn bulk_loader(store: &GraphStore) -> BulkLoader<'_> {
    // The loader cuts its input into chunks of `megabytes * 1000 / threads`
    // quads and sorts up to `threads` of them at once.
    store
        .store()
        .bulk_loader()
        .with_num_threads(THREADS)
        .with_max_memory_size_in_megabytes(CHUNK_QUADS * THREADS / 1000)
}

impl Loader<'_> {
    /// Sorts `quads` into index files, waiting only for the oldest chunks
    /// still sorting when two are.
    pub fn load(&mut self, quads: impl ExactSizeIterator<Item = Quad>) -> Result<(), StoreError> {
        self.pending += quads.len();
        self.loader
            .load_quads(quads)
            .map_err(|e| self.store.storage_error(e))
    }

    /// Quads loaded and not yet committed.
    pub fn pending(&self) -> usize {
        self.pending
    }

    /// Ingests every file loaded since the last commit, in one atomic step.
    pub fn commit(&mut self) -> Result<(), StoreError> {
        if self.pending == 0 {
            return Ok(());
        }
        let loader = std::mem::replace(&mut self.loader, bulk_loader(self.store));
        self.pending = 0;
        loader.commit().map_err(|e| self.store.storage_error(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{GraphName, NamedNode};

    fn quads(graph: &str, n: usize) -> Vec<Quad> {
        let g = GraphName::NamedNode(NamedNode::new_unchecked(format!("urn:g:{graph}")));
        (0..n)
            .map(|i| {
                let node = NamedNode::new_unchecked(format!("urn:n:{graph}:{i}"));
                Quad::new(node.clone(), node.clone(), node, g.clone())
            })
            .collect()
    }

    fn count(store: &GraphStore) -> usize {
        store.store().len().unwrap()
    }

    #[test]
    fn a_load_is_stored_at_its_commit_and_not_at_all_if_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let store = GraphStore::open(dir.path()).unwrap();
        let mut loader = store.loader();
        loader.load(quads("a", 3).into_iter()).unwrap();
        loader
            .load(quads("b", CHUNK_QUADS + 5).into_iter())
            .unwrap();
        assert_eq!(loader.pending(), CHUNK_QUADS + 8);
        assert_eq!(count(&store), 0, "nothing is visible before the commit");
        loader.commit().unwrap();
        assert_eq!((loader.pending(), count(&store)), (0, CHUNK_QUADS + 8));
        // The same loader goes on; what it holds when dropped is discarded,
        // files and all.
        loader.load(quads("c", 4).into_iter()).unwrap();
        drop(loader);
        assert_eq!(count(&store), CHUNK_QUADS + 8);
        let leftovers = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with("bulk-"))
            .count();
        assert_eq!(leftovers, 0);
    }
}
