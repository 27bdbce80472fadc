//! Which file each stored article was read from, kept beside the store
//! rather than in it: a digest of a local path would make the graphs (and
//! every export) differ from one machine to the next, and only the build
//! needs it, to notice another file claiming a stored id.
//!
//! `claimgraph-sources.tsv` in the store folder: one `id<TAB>source key`
//! line per article, sorted; ids hold no control characters (they are
//! refused), so tabs and line breaks cannot occur in them. It is written
//! (to a temporary file, then renamed) when a build or a removal ends. It is
//! advisory: after a crash it may miss the articles of the interrupted run,
//! which then are not checked, never refused wrongly.

use crate::display::Shown;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// The file's name in the store folder.
pub const SOURCES_FILE: &str = "claimgraph-sources.tsv";

#[derive(Debug, thiserror::Error)]
#[error("store {}: cannot {action} {SOURCES_FILE}", Shown(path))]
pub struct SourcesError {
    path: PathBuf,
    action: &'static str,
    #[source]
    source: io::Error,
}

/// Article id to source key, as the store's last build left them.
#[derive(Debug, Default)]
pub struct Sources {
    path: PathBuf,
    keys: BTreeMap<String, String>,
    changed: bool,
}

impl Sources {
    /// Reads the file of the store at `store` (none yet: no sources).
    pub fn load(store: &Path) -> Result<Self, SourcesError> {
        let path = store.join(SOURCES_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
            Err(source) => {
                return Err(SourcesError {
                    path: store.to_owned(),
                    action: "read",
                    source,
                });
            }
        };
        let keys = text
            .lines()
            .filter_map(|line| line.split_once('\t'))
            .map(|(id, key)| (id.to_owned(), key.to_owned()))
            .collect();
        Ok(Self {
            path,
            keys,
            changed: false,
        })
    }

    pub fn get(&self, id: &str) -> Option<&str> {
        self.keys.get(id).map(String::as_str)
    }

    pub fn set(&mut self, id: &str, key: String) {
        if self.keys.get(id) != Some(&key) {
            self.keys.insert(id.to_owned(), key);
            self.changed = true;
        }
    }

    pub fn remove(&mut self, id: &str) {
        self.changed |= self.keys.remove(id).is_some();
    }

    /// Writes the file if anything changed: to a temporary file first, so
    /// a crash leaves the old file or the new one.
    pub fn save(&mut self) -> Result<(), SourcesError> {
        if !self.changed {
            return Ok(());
        }
        let mut text = String::new();
        for (id, key) in &self.keys {
            text.push_str(id);
            text.push('\t');
            text.push_str(key);
            text.push('\n');
        }
        let store = self.path.parent().unwrap_or(Path::new(".")).to_owned();
        let error = |source| SourcesError {
            path: store.clone(),
            action: "write",
            source,
        };
        let temporary = self.path.with_extension("tsv.tmp");
        std::fs::write(&temporary, text).map_err(error)?;
        std::fs::rename(&temporary, &self.path).map_err(error)?;
        self.changed = false;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_survive_a_save_and_a_load() {
        let dir = tempfile::tempdir().unwrap();
        let mut sources = Sources::load(dir.path()).unwrap();
        assert_eq!(sources.get("a"), None);
        sources.set("a", "k1".into());
        sources.set("b", "k2".into());
        sources.save().unwrap();
        let mut again = Sources::load(dir.path()).unwrap();
        assert_eq!((again.get("a"), again.get("b")), (Some("k1"), Some("k2")));
        again.remove("a");
        again.save().unwrap();
        assert_eq!(Sources::load(dir.path()).unwrap().get("a"), None);
    }
}
