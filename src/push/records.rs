//! What was pushed where: per endpoint, each article's id and the key of
//! the graph last accepted there (its content hash and extractor, which
//! decide the graph as they decide a re-build).
//!
//! `claimgraph-pushed/<digest of the endpoint>.tsv` in the store folder, a
//! journal: a header line naming the endpoint, then one `id<TAB>key` line
//! appended (and written through) as soon as the server has accepted a graph,
//! `id<TAB>` once it has deleted one. Replayed on open, the last line of an
//! id wins, and a line cut short by a crash is ignored: a push killed at
//! any point has recorded only what the server confirmed, so the next push
//! re-sends the rest. A clean end rewrites the journal in id order (to a
//! temporary file, then renamed). A `<digest>.lock` file beside it keeps two
//! pushes to one endpoint apart. Like `claimgraph-sources.tsv` it stays out
//! of the graphs, so exports do not depend on where a store was pushed.

use crate::display::Shown;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The folder of the journals in the store folder.
pub const PUSHED_FOLDER: &str = "claimgraph-pushed";
/// A key that matches no graph: the next push re-sends the article (or, if
/// it is no longer stored, deletes it remotely).
pub const UNKNOWN: &str = "?";

#[derive(Debug, thiserror::Error)]
pub enum RecordsError {
    #[error(
        "{}: another claimgraph push to this endpoint is running; wait for it to finish",
        Shown(path)
    )]
    Busy { path: PathBuf },
    #[error("{}: cannot {action} the push records", Shown(path))]
    Io {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: io::Error,
    },
}

/// The push records of one endpoint, open for appending.
#[derive(Debug)]
pub struct Records {
    path: PathBuf,
    endpoint: String,
    keys: BTreeMap<String, String>,
    journal: File,
    /// Held for the life of the records.
    _lock: File,
}

/// The journal of `endpoint` in the store folder `store`.
pub fn journal_path(store: &Path, endpoint: &str) -> PathBuf {
    let digest = Sha256::digest(endpoint.as_bytes());
    let name: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    store.join(PUSHED_FOLDER).join(format!("{name}.tsv"))
}

impl Records {
    /// Opens (or starts) the records of `endpoint` in the store folder,
    /// refusing while another push to it holds them.
    pub fn open(store: &Path, endpoint: &str) -> Result<Self, RecordsError> {
        let path = journal_path(store, endpoint);
        let io_error = |action| {
            let path = path.clone();
            move |source| RecordsError::Io {
                path,
                action,
                source,
            }
        };
        let folder = path.parent().unwrap_or(store);
        std::fs::create_dir_all(folder).map_err(io_error("create the folder of"))?;
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path.with_extension("lock"))
            .map_err(io_error("open the lock of"))?;
        if lock.try_lock().is_err() {
            return Err(RecordsError::Busy { path });
        }
        let keys = match std::fs::read_to_string(&path) {
            Ok(text) => replay(&text),
            Err(e) if e.kind() == io::ErrorKind::NotFound => BTreeMap::new(),
            Err(e) => return Err(io_error("read")(e)),
        };
        // Rewritten once on open: drops a line cut short by a crash, so
        // appends start on a fresh line.
        let journal = rewrite(&path, endpoint, &keys).map_err(io_error("write"))?;
        Ok(Self {
            path,
            endpoint: endpoint.to_owned(),
            keys,
            journal,
            _lock: lock,
        })
    }

    pub fn key(&self, id: &str) -> Option<&str> {
        self.keys.get(id).map(String::as_str)
    }

    /// The ids recorded as present at the endpoint, in order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.keys.keys().map(String::as_str)
    }

    /// Records that the endpoint holds `id`'s graph with `key` (written
    /// through at once).
    pub fn pushed(&mut self, id: &str, key: &str) -> Result<(), RecordsError> {
        self.append(id, key)?;
        self.keys.insert(id.to_owned(), key.to_owned());
        Ok(())
    }

    /// Records that the endpoint no longer holds `id`'s graph.
    pub fn deleted(&mut self, id: &str) -> Result<(), RecordsError> {
        self.append(id, "")?;
        self.keys.remove(id);
        Ok(())
    }

    fn append(&mut self, id: &str, key: &str) -> Result<(), RecordsError> {
        // One write per line: a crash leaves the line whole or cut short.
        self.journal
            .write_all(format!("{id}\t{key}\n").as_bytes())
            .map_err(|source| RecordsError::Io {
                path: self.path.clone(),
                action: "append to",
                source,
            })
    }

    /// Rewrites the journal in id order, one line per article the endpoint
    /// holds.
    pub fn compact(&mut self) -> Result<(), RecordsError> {
        self.journal =
            rewrite(&self.path, &self.endpoint, &self.keys).map_err(|source| RecordsError::Io {
                path: self.path.clone(),
                action: "write",
                source,
            })?;
        Ok(())
    }
}

/// Writes the journal at `path` anew, one line per article the endpoint
/// holds, and opens it for appending.
fn rewrite(path: &Path, endpoint: &str, keys: &BTreeMap<String, String>) -> io::Result<File> {
    let mut text = format!("# claimgraph push records for {endpoint}\n");
    for (id, key) in keys {
        text.push_str(id);
        text.push('\t');
        text.push_str(key);
        text.push('\n');
    }
    let temporary = path.with_extension("tsv.tmp");
    std::fs::write(&temporary, text)?;
    std::fs::rename(&temporary, path)?;
    OpenOptions::new().append(true).open(path)
}

/// The keys a journal's text leaves: the last whole line of each id wins,
/// an empty key deletes.
fn replay(text: &str) -> BTreeMap<String, String> {
    let mut keys = BTreeMap::new();
    let whole = text.rfind('\n').map_or("", |end| &text[..end]);
    for line in whole.lines().filter(|line| !line.starts_with('#')) {
        let Some((id, key)) = line.split_once('\t') else {
            continue;
        };
        if key.is_empty() {
            keys.remove(id);
        } else {
            keys.insert(id.to_owned(), key.to_owned());
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENDPOINT: &str = "http://127.0.0.1:1/store";

    #[test]
    fn records_survive_reopening_and_a_cut_line() {
        let store = tempfile::tempdir().unwrap();
        let mut records = Records::open(store.path(), ENDPOINT).unwrap();
        records.pushed("a", "h1 x").unwrap();
        records.pushed("b", "h2 x").unwrap();
        records.pushed("a", "h3 x").unwrap();
        records.deleted("b").unwrap();
        drop(records);
        // A crash in the middle of a line.
        let path = journal_path(store.path(), ENDPOINT);
        let mut journal = OpenOptions::new().append(true).open(&path).unwrap();
        journal.write_all(b"c\th4").unwrap();
        let mut records = Records::open(store.path(), ENDPOINT).unwrap();
        assert_eq!(
            (records.key("a"), records.key("b"), records.key("c")),
            (Some("h3 x"), None, None)
        );
        records.pushed("d", "h5 x").unwrap();
        records.compact().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            format!("# claimgraph push records for {ENDPOINT}\na\th3 x\nd\th5 x\n")
        );
    }

    #[test]
    fn one_push_per_endpoint_at_a_time() {
        let store = tempfile::tempdir().unwrap();
        let records = Records::open(store.path(), ENDPOINT).unwrap();
        let error = Records::open(store.path(), ENDPOINT).unwrap_err();
        assert!(matches!(error, RecordsError::Busy { .. }), "{error}");
        let other = Records::open(store.path(), "https://elsewhere/store");
        assert!(other.is_ok(), "another endpoint has its own records");
        drop(records);
        assert!(Records::open(store.path(), ENDPOINT).is_ok());
    }
}
