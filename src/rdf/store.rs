//! The persistent Oxigraph store: one named graph per article, replaced or
//! removed as a unit in one transaction.

use super::loader::Loader;
use super::lock::{LOCK_FILE, Mode, Refused, StoreLock};
use super::sources::Claim;
use super::summary::{self, Tallies};

mod articles;
use super::{article_graph, shared};
use crate::display::Shown;
use crate::vocab;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::{GraphNameRef, Quad, Term};
use oxigraph::store::{StorageError, Store};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "store {p}: is locked by another process (a running claimgraph build, query or serve, or oxigraph?); stop it or wait, and retry (to build while serving: claimgraph serve --watch PATH)", p = Shown(path))]
    Locked { path: PathBuf },
    #[error(
        "store {p}: is being written by another process (a claimgraph build, or serve --watch?); retry when it has finished", p = Shown(path))]
    BeingWritten { path: PathBuf },
    #[error("store {p}: cannot take the lock file {LOCK_FILE}", p = Shown(path))]
    Lock {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "store {p}: is corrupted ({cause}); build the articles into a new store, or restore a copy", p = Shown(path))]
    Corrupted { path: PathBuf, cause: StorageError },
    #[error("store {p}: is already open in this process; reuse the open store", p = Shown(path))]
    OpenHere { path: PathBuf },
    #[error("store {p}: not found; run `claimgraph build --store {p}` first", p = Shown(path))]
    NotFound { path: PathBuf },
    #[error("store {p}: is a file, not a store folder; give another --store", p = Shown(path))]
    NotAFolder { path: PathBuf },
    #[error(
        "store {p}: is a folder that holds other files, not a claimgraph store; give a new or empty folder", p = Shown(path))]
    NotAStore { path: PathBuf },
    #[error("store {p}: cannot create the folder", p = Shown(path))]
    Create {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("store {p}: cannot open", p = Shown(path))]
    Open {
        path: PathBuf,
        #[source]
        source: StorageError,
    },
    #[error("store {p}: storage failed", p = Shown(path))]
    Storage {
        path: PathBuf,
        #[source]
        source: StorageError,
    },
    #[error("no article with id {id:?} in store {p}; `claimgraph stats` lists them", p = Shown(path))]
    UnknownArticle { path: PathBuf, id: String },
    #[error(transparent)]
    Sources(#[from] super::sources::SourcesError),
    #[error("cannot write output")]
    Output(#[from] std::io::Error),
}

/// Articles removed in one transaction (each costs its index entries in
/// memory until the commit: about 0.4 MB for a 700-quad article).
const REMOVE_ARTICLES: usize = 64;

/// What the store holds about how an article was extracted; `None` where
/// a store written by an older claimgraph lacks the triple.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct StoredArticle {
    pub content_hash: Option<String>,
    pub extractor: Option<String>,
}

impl From<&Claim> for StoredArticle {
    fn from(claim: &Claim) -> Self {
        Self {
            content_hash: Some(claim.content_hash.clone()),
            extractor: Some(claim.extractor.clone()),
        }
    }
}

/// Who holds the lock that kept a store from opening.
enum LockHolder {
    ThisProcess,
    AnotherProcess,
}

/// Reads RocksDB's lock failure off a storage error. RocksDB reports both
/// cases as an I/O error with a message only ("lock hold by current
/// process" or "While lock file: ...: Resource temporarily unavailable"),
/// so this is the one place that reads the message.
fn lock_holder(error: &StorageError) -> Option<LockHolder> {
    let StorageError::Io(io) = error else {
        return None;
    };
    let message = io.to_string().to_lowercase();
    if message.contains("lock hold by current process") {
        Some(LockHolder::ThisProcess)
    } else if message.contains("lock file") || message.contains("resource temporarily unavailable")
    {
        Some(LockHolder::AnotherProcess)
    } else {
        None
    }
}

/// The RDF formats `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
#[value(rename_all = "lower")]
pub enum ExportFormat {
    Turtle,
    NTriples,
    NQuads,
    TriG,
    RdfXml,
    JsonLd,
}

impl ExportFormat {
    pub fn rdf_format(self) -> RdfFormat {
        match self {
            Self::Turtle => RdfFormat::Turtle,
            Self::NTriples => RdfFormat::NTriples,
            Self::NQuads => RdfFormat::NQuads,
            Self::TriG => RdfFormat::TriG,
            Self::RdfXml => RdfFormat::RdfXml,
            Self::JsonLd => RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
        }
    }
}

/// A serializer for `format` with the claimgraph prefixes.
pub fn serializer(format: RdfFormat) -> RdfSerializer {
    let mut serializer = RdfSerializer::from_format(format);
    for (prefix, iri) in vocab::PREFIXES {
        serializer = serializer
            .with_prefix(*prefix, *iri)
            .expect("vocabulary prefixes are valid IRIs");
    }
    serializer
}

/// The claimgraph store on disk.
pub struct GraphStore {
    store: Store,
    path: PathBuf,
    /// Released after `store` is closed (fields drop in order).
    _lock: StoreLock,
}

fn open_error(path: &Path, source: StorageError) -> StoreError {
    let path = path.to_owned();
    if let StorageError::Corruption(_) = source {
        return StoreError::Corrupted {
            path,
            cause: source,
        };
    }
    match lock_holder(&source) {
        Some(LockHolder::ThisProcess) => StoreError::OpenHere { path },
        Some(LockHolder::AnotherProcess) => StoreError::Locked { path },
        None => StoreError::Open { path, source },
    }
}

/// Takes claimgraph's lock on the store folder (see [`super::lock`]).
fn lock(path: &Path, mode: Mode) -> Result<StoreLock, StoreError> {
    StoreLock::acquire(path, mode).map_err(|refused| {
        let path = path.to_owned();
        match refused {
            Refused::ThisProcess => StoreError::OpenHere { path },
            Refused::AnotherProcess if mode == Mode::Write => StoreError::Locked { path },
            Refused::AnotherProcess => StoreError::BeingWritten { path },
            Refused::Io(source) => StoreError::Lock { path, source },
        }
    })
}

/// Empty, or holding only the lock file of a store whose creation was cut
/// short.
fn is_empty_folder(path: &Path) -> bool {
    std::fs::read_dir(path)
        .is_ok_and(|entries| entries.flatten().all(|e| e.file_name() == LOCK_FILE))
}

/// Removes the `bulk-*.sst` files a bulk load interrupted before ingesting
/// them left in the store folder. Called once the write lock is held, so
/// no loader can be writing them; ingested files are moved into the
/// database under other names, so nothing stored is touched. A file that
/// cannot be removed stays (it costs disk, not data).
fn remove_bulk_leftovers(path: &Path) {
    let Ok(entries) = std::fs::read_dir(path) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        let leftover = name
            .strip_prefix("bulk-")
            .and_then(|rest| rest.strip_suffix(".sst"))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if leftover && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

impl GraphStore {
    /// Opens (or creates) the store for writing; removes what an interrupted
    /// bulk load left behind.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        if path.exists() && !path.is_dir() {
            return Err(StoreError::NotAFolder {
                path: path.to_owned(),
            });
        }
        if path.is_dir() && !path.join("CURRENT").exists() && !is_empty_folder(path) {
            return Err(StoreError::NotAStore {
                path: path.to_owned(),
            });
        }
        std::fs::create_dir_all(path).map_err(|source| StoreError::Create {
            path: path.to_owned(),
            source,
        })?;
        let lock = lock(path, Mode::Write)?;
        let store = Store::open(path).map_err(|e| open_error(path, e))?;
        remove_bulk_leftovers(path);
        Ok(Self {
            store,
            path: path.to_owned(),
            _lock: lock,
        })
    }

    /// Opens an existing store for reading. Readers share the store; while
    /// a claimgraph writer holds it, a reader is refused (Oxigraph calls a
    /// read-only store open beside a writer undefined behaviour), and while
    /// readers hold it, a writer is.
    pub fn open_read_only(path: &Path) -> Result<Self, StoreError> {
        if !path.join("CURRENT").exists() {
            return Err(StoreError::NotFound {
                path: path.to_owned(),
            });
        }
        let lock = lock(path, Mode::Read)?;
        let store = Store::open_read_only(path).map_err(|e| open_error(path, e))?;
        Ok(Self {
            store,
            path: path.to_owned(),
            _lock: lock,
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A storage failure of this store as a [`StoreError`] (damage as
    /// `Corrupted`), for code that reads the Oxigraph store directly.
    pub fn storage_error(&self, source: impl Into<StorageError>) -> StoreError {
        self.storage(source)
    }

    fn storage(&self, source: impl Into<StorageError>) -> StoreError {
        let path = self.path.clone();
        match source.into() {
            cause @ StorageError::Corruption(_) => StoreError::Corrupted { path, cause },
            source => StoreError::Storage { path, source },
        }
    }

    /// Removes the graphs of stored articles (ids of articles not stored
    /// are passed over): [`REMOVE_ARTICLES`] to a transaction, so each
    /// article goes whole and a batch costs a few commits, not one each.
    pub fn remove_articles(&self, ids: &[String]) -> Result<(), StoreError> {
        for chunk in ids.chunks(REMOVE_ARTICLES) {
            let mut transaction = self
                .store
                .start_transaction()
                .map_err(|e| self.storage(e))?;
            let mut unused = shared::Candidates::default();
            let mut tallies = Tallies::default();
            for id in chunk {
                let removed = unused
                    .remove_article(&mut transaction, id)
                    .map_err(|e| self.storage(e))?;
                tallies.add_graph(&removed, -1);
            }
            // The tallies first: a tally names its speaker, and the prune
            // keeps what anything names.
            tallies
                .apply(&self.store, &mut transaction)
                .map_err(|e| self.storage(e))?;
            unused
                .prune(&mut transaction)
                .map_err(|e| self.storage(e))?;
            transaction.commit().map_err(|e| self.storage(e))?;
        }
        summary::forget_if_empty(&self.store).map_err(|e| self.storage(e))
    }

    /// Brings the summary up to date before a build or removal writes:
    /// tallies a store built before there was a summary (or by a version
    /// that tallied otherwise) afresh, and adds in what a build cut short
    /// left marked.
    pub fn fold_tallies(&self) -> Result<(), StoreError> {
        summary::ensure(&self.store).map_err(|e| self.storage(e))?;
        summary::recover(&self.store).map_err(|e| self.storage(e))
    }

    /// Adds a build's tallies (of every graph it loaded, all marked) into
    /// the summary's totals and clears the marks, when the build ends.
    pub fn fold_in(&self, tallies: &Tallies) -> Result<(), StoreError> {
        tallies.fold_in(&self.store, 0).map_err(|e| self.storage(e))
    }

    /// Whether no build has written tallies yet (see
    /// [`summary::is_empty`]).
    pub fn summary_is_empty(&self) -> Result<bool, StoreError> {
        summary::is_empty(&self.store).map_err(|e| self.storage(e))
    }

    /// A first build's tallies, loaded whole when it ends.
    pub fn load_first_tallies(&self, tallies: &Tallies) -> Result<(), StoreError> {
        tallies.load_first(&self.store).map_err(|e| self.storage(e))
    }

    /// Of a batch's shared quads, those not stored yet; entity descriptions
    /// the gazetteer now gives otherwise are replaced first (in one
    /// transaction, pruning what the old ones alone named, after what
    /// `loading` holds is committed: the graphs loaded and not ingested yet
    /// may name what the pruning would otherwise find unused).
    pub fn shared_to_load(
        &self,
        shared: Vec<Quad>,
        loading: &mut Loader<'_>,
    ) -> Result<Vec<Quad>, StoreError> {
        let plan = shared::plan(&self.store, shared).map_err(|e| self.storage(e))?;
        if !plan.stale.is_empty() {
            loading.commit()?;
            let mut transaction = self
                .store
                .start_transaction()
                .map_err(|e| self.storage(e))?;
            let mut unused = shared::Candidates::default();
            for quad in &plan.stale {
                transaction.remove(quad);
                if let Term::NamedNode(n) = &quad.object {
                    unused.add_entities([n.clone()]);
                }
            }
            transaction.extend(&plan.replaced);
            unused
                .prune(&mut transaction)
                .map_err(|e| self.storage(e))?;
            transaction.commit().map_err(|e| self.storage(e))?;
        }
        Ok(plan.new)
    }

    /// The graph of a stored article, or an error naming the unknown id.
    fn stored_graph(&self, id: &str) -> Result<oxigraph::model::NamedNode, StoreError> {
        let graph = article_graph(id);
        let exists = self
            .store
            .contains_named_graph(graph.as_ref())
            .map_err(|e| self.storage(e))?;
        if exists {
            Ok(graph)
        } else {
            Err(StoreError::UnknownArticle {
                path: self.path.clone(),
                id: id.to_owned(),
            })
        }
    }

    /// An error naming `id` unless that article is stored.
    pub fn check_article(&self, id: &str) -> Result<(), StoreError> {
        self.stored_graph(id).map(drop)
    }

    /// Retracts an article: its whole graph goes.
    pub fn remove_article(&self, id: &str) -> Result<(), StoreError> {
        self.stored_graph(id)?;
        self.remove_articles(&[id.to_owned()])
    }

    /// Compacts the store into one sorted run per index. A bulk build leaves
    /// one set of index files per batch, which every lookup has to consult;
    /// after compaction lookups touch one file each.
    pub fn optimize(&self) -> Result<(), StoreError> {
        self.store.optimize().map_err(|e| self.storage(e))
    }

    /// Reads every quad twice, through the graph-first index and through
    /// the predicate-first one, stopping at the first error: a damaged file
    /// is reported as [`StoreError::Corrupted`]. (Oxigraph's own `validate`
    /// spins forever on a damaged block: its iterators repeat a read error
    /// rather than end.) Takes time in proportion to the store; returns
    /// the number of quads.
    pub fn check(&self) -> Result<usize, StoreError> {
        let mut quads = 0;
        let mut predicates = std::collections::BTreeSet::new();
        for quad in self.store.quads_for_pattern(None, None, None, None) {
            let quad = quad.map_err(|e| self.storage(e))?;
            predicates.insert(quad.predicate);
            quads += 1;
        }
        let mut again = 0;
        for predicate in &predicates {
            for quad in self
                .store
                .quads_for_pattern(None, Some(predicate.as_ref()), None, None)
            {
                quad.map_err(|e| self.storage(e))?;
                again += 1;
            }
        }
        if again != quads {
            return Err(self.storage(StorageError::Other(
                format!("the indexes disagree: {quads} quads by graph, {again} by predicate")
                    .into(),
            )));
        }
        Ok(quads)
    }

    /// Writes the store, or one article's graph, in `format`, byte-identical
    /// for the same content.
    ///
    /// Dataset formats (N-Quads, TriG) keep the graphs and stream in the
    /// store's index order, graph by graph: that order depends only on the
    /// quads (Oxigraph keys terms by value or by a fixed hash), and memory
    /// stays flat however large the store. Triple formats get the union of
    /// the graphs with duplicates removed, which needs them all in memory to
    /// sort: use a dataset format for a large store.
    pub fn export(
        &self,
        format: ExportFormat,
        article: Option<&str>,
        out: impl Write,
    ) -> Result<(), StoreError> {
        let graph = match article {
            Some(id) => Some(self.stored_graph(id)?),
            None => None,
        };
        let rdf_format = format.rdf_format();
        let pattern = graph.as_ref().map(|g| GraphNameRef::NamedNode(g.as_ref()));
        // One article: its graph, then what it uses of the shared graphs.
        let shared = match &graph {
            Some(g) => shared::used_by(&self.store, g).map_err(|e| self.storage(e))?,
            None => Vec::new(),
        };
        let quads = self
            .store
            .quads_for_pattern(None, None, None, pattern)
            .chain(shared.into_iter().map(Ok));
        let mut writer = serializer(rdf_format).for_writer(out);
        if rdf_format.supports_datasets() {
            for quad in quads {
                writer.serialize_quad(&quad.map_err(|e| self.storage(e))?)?;
            }
        } else {
            let mut triples: Vec<(String, Quad)> = Vec::new();
            for quad in quads {
                let quad = quad.map_err(|e| self.storage(e))?;
                triples.push((
                    format!("{} {} {}", quad.subject, quad.predicate, quad.object),
                    quad,
                ));
            }
            triples.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            triples.dedup_by(|a, b| a.0 == b.0);
            for (_, quad) in &triples {
                writer.serialize_triple(quad.as_ref())?;
            }
        }
        writer.finish()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_open_in_this_process_is_told_apart_from_one_locked_elsewhere() {
        let dir = tempfile::tempdir().unwrap();
        let _first = GraphStore::open(dir.path()).unwrap();
        let err = GraphStore::open(dir.path()).err().unwrap();
        assert!(matches!(err, StoreError::OpenHere { .. }), "{err:?}");
        assert!(err.to_string().contains("already open in this process"));
    }

    #[test]
    fn interrupted_builds_leak_bulk_sst_files() {
        // Issue 11, item 7: what a killed bulk load leaves is removed at the
        // next open, and the store still opens with what it held.
        let dir = tempfile::tempdir().unwrap();
        drop(GraphStore::open(dir.path()).unwrap());
        let leftover = dir.path().join("bulk-123456789.sst");
        std::fs::write(&leftover, b"partial").unwrap();
        let unrelated = dir.path().join("bulk-notes.txt");
        std::fs::write(&unrelated, b"keep").unwrap();
        let store = GraphStore::open(dir.path()).unwrap();
        assert!(!leftover.exists());
        assert!(unrelated.exists());
        drop(store);
        assert!(GraphStore::open(dir.path()).is_ok());
    }

    #[test]
    fn a_file_is_not_a_store() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("file");
        std::fs::write(&file, "x").unwrap();
        let err = GraphStore::open(&file).err().unwrap();
        assert!(matches!(err, StoreError::NotAFolder { .. }), "{err:?}");
    }
}
