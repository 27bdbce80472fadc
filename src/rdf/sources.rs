//! Which file each stored article was read from, and as what, kept beside
//! the store rather than in it: a digest of a local path would make the
//! graphs (and every export) differ from one machine to the next, and only
//! the build needs it, to notice another file claiming a stored id and to
//! know an unchanged article without asking the store.
//!
//! `claimgraph-sources.tsv` in the store folder: one line per article,
//! sorted, `id<TAB>source key`, or `id<TAB>source key<TAB>content
//! hash<TAB>extractor` when it also claims what the store holds of that
//! article. Ids hold no control characters (they are refused), keys, hashes
//! and extractors are hex, so tabs and line breaks cannot occur in them.
//! The file is written (to a temporary file, then renamed) when a build or
//! a removal ends.
//!
//! The claims stand in for two look-ups an article in the store's indexes,
//! which right after a large build cost a re-build most of its time (each
//! one consults every index file RocksDB has not compacted yet). So they
//! must never claim more than the store has: a claim is written only once
//! the store holds what it claims, the file is written without claims
//! before any stored article is removed (see [`Sources::before_removing`]),
//! and a file is trusted only when it claims exactly as many articles as
//! the store's summary tallies. A file not trusted only costs the look-ups,
//! and the build that makes them writes the claims afresh.

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

/// What the store holds of one article: the content hash of its input and
/// the extractor that read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub content_hash: String,
    pub extractor: String,
}

/// One article's line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    key: String,
    claim: Option<Claim>,
}

/// What the store holds of an article, as far as the file knows.
#[derive(Debug, PartialEq, Eq)]
pub enum Known<'a> {
    /// Stored, as claimed.
    Stored(&'a Claim),
    /// Not stored.
    Absent,
    /// The file cannot say: ask the store.
    Unknown,
}

/// Article id to source key (and claim), as the store's last build or
/// removal left them.
#[derive(Debug, Default)]
pub struct Sources {
    path: PathBuf,
    entries: BTreeMap<String, Entry>,
    /// Whether the claims are complete and true of the store.
    trusted: bool,
    /// Whether the file holds claims (and must lose them before an article
    /// is removed).
    claims_on_disk: bool,
    changed: bool,
}

impl Sources {
    /// Reads the file of the store at `store` (none yet: no sources). The
    /// claims are trusted only if there are `stored` of them, the number of
    /// articles the store holds.
    pub fn load(store: &Path, stored: u64) -> Result<Self, SourcesError> {
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
        let mut entries: BTreeMap<String, Entry> = text.lines().filter_map(parse).collect();
        let claims = entries.values().filter(|e| e.claim.is_some()).count();
        let trusted = claims as u64 == stored;
        if !trusted {
            // Kept, they could be written back as if this run had checked
            // them: only the claims it makes itself go into the file.
            for entry in entries.values_mut() {
                entry.claim = None;
            }
        }
        Ok(Self {
            path,
            trusted,
            claims_on_disk: claims > 0,
            entries,
            changed: false,
        })
    }

    /// The source key of article `id`, if known.
    pub fn get(&self, id: &str) -> Option<&str> {
        self.entries.get(id).map(|e| e.key.as_str())
    }

    /// What the store holds of article `id`, if the file can say.
    pub fn known(&self, id: &str) -> Known<'_> {
        if !self.trusted {
            return Known::Unknown;
        }
        match self.entries.get(id).and_then(|e| e.claim.as_ref()) {
            Some(claim) => Known::Stored(claim),
            None => Known::Absent,
        }
    }

    /// Records that article `id`, read from the file with `key`, is stored
    /// as `claim`: only once the store holds it.
    pub fn set(&mut self, id: &str, key: String, claim: Claim) {
        let entry = Entry {
            key,
            claim: Some(claim),
        };
        if self.entries.get(id) != Some(&entry) {
            self.entries.insert(id.to_owned(), entry);
            self.changed = true;
        }
    }

    /// Forgets article `id`, removed from the store.
    pub fn remove(&mut self, id: &str) {
        self.changed |= self.entries.remove(id).is_some();
    }

    /// Writes the file without its claims, if it holds any, before a stored
    /// article is removed: a crash between the removal and the next save
    /// then leaves a file that claims nothing. The claims stay known here.
    pub fn before_removing(&mut self) -> Result<(), SourcesError> {
        if self.claims_on_disk {
            self.write(false)?;
            self.claims_on_disk = false;
        }
        Ok(())
    }

    /// Writes the file, with its claims, if anything changed since it was
    /// read: to a temporary file first, so a crash leaves the old file or
    /// the new one.
    pub fn save(&mut self) -> Result<(), SourcesError> {
        let claims = self.entries.values().any(|e| e.claim.is_some());
        if !self.changed && self.claims_on_disk == claims {
            return Ok(());
        }
        self.write(true)?;
        self.claims_on_disk = claims;
        self.changed = false;
        Ok(())
    }

    fn write(&self, with_claims: bool) -> Result<(), SourcesError> {
        let mut text = String::new();
        for (id, entry) in &self.entries {
            for field in [id, &entry.key] {
                text.push_str(field);
                text.push('\t');
            }
            if let Some(claim) = entry.claim.as_ref().filter(|_| with_claims) {
                text.push_str(&claim.content_hash);
                text.push('\t');
                text.push_str(&claim.extractor);
                text.push('\t');
            }
            text.pop();
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
        std::fs::rename(&temporary, &self.path).map_err(error)
    }
}

/// One line of the file; a line of another shape is passed over (and its
/// article's claim is missing, so the claims are not trusted).
fn parse(line: &str) -> Option<(String, Entry)> {
    let fields: Vec<&str> = line.split('\t').collect();
    let claim = match fields[..] {
        [_, _] => None,
        [_, _, content_hash, extractor] => Some(Claim {
            content_hash: content_hash.to_owned(),
            extractor: extractor.to_owned(),
        }),
        _ => return None,
    };
    let entry = Entry {
        key: fields[1].to_owned(),
        claim,
    };
    Some((fields[0].to_owned(), entry))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(hash: &str) -> Claim {
        Claim {
            content_hash: hash.into(),
            extractor: "x1".into(),
        }
    }

    #[test]
    fn sources_survive_a_save_and_a_load() {
        let dir = tempfile::tempdir().unwrap();
        let mut sources = Sources::load(dir.path(), 0).unwrap();
        assert_eq!(sources.get("a"), None);
        assert_eq!(sources.known("a"), Known::Absent);
        sources.set("a", "k1".into(), claim("h1"));
        sources.set("b", "k2".into(), claim("h2"));
        sources.save().unwrap();
        let mut again = Sources::load(dir.path(), 2).unwrap();
        assert_eq!((again.get("a"), again.get("b")), (Some("k1"), Some("k2")));
        assert_eq!(again.known("b"), Known::Stored(&claim("h2")));
        assert_eq!(again.known("c"), Known::Absent);
        again.remove("a");
        again.save().unwrap();
        assert_eq!(Sources::load(dir.path(), 1).unwrap().get("a"), None);
    }

    #[test]
    fn claims_are_trusted_only_when_they_count_the_stored_articles() {
        let dir = tempfile::tempdir().unwrap();
        let mut sources = Sources::load(dir.path(), 0).unwrap();
        sources.set("a", "k1".into(), claim("h1"));
        sources.save().unwrap();
        for stored in [0, 2] {
            let sources = Sources::load(dir.path(), stored).unwrap();
            assert_eq!(sources.known("a"), Known::Unknown, "{stored} stored");
            assert_eq!(sources.get("a"), Some("k1"));
        }
        assert_eq!(
            Sources::load(dir.path(), 1).unwrap().known("a"),
            Known::Stored(&claim("h1"))
        );
        // A run that does not trust the claims does not write them back.
        Sources::load(dir.path(), 2).unwrap().save().unwrap();
        let after = Sources::load(dir.path(), 1).unwrap();
        assert_eq!(
            (after.known("a"), after.get("a")),
            (Known::Unknown, Some("k1"))
        );
    }

    #[test]
    fn a_removal_cut_short_leaves_a_file_that_claims_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut sources = Sources::load(dir.path(), 0).unwrap();
        sources.set("a", "k1".into(), claim("h1"));
        sources.set("b", "k2".into(), claim("h2"));
        sources.save().unwrap();
        let mut removing = Sources::load(dir.path(), 2).unwrap();
        removing.before_removing().unwrap();
        // Still known to the run that removes.
        assert_eq!(removing.known("b"), Known::Stored(&claim("h2")));
        // The run stops here: whatever the store then holds, the file
        // claims none of it (so the store is asked, unless it holds none),
        // and keeps the source keys.
        for stored in [1, 2] {
            let after = Sources::load(dir.path(), stored).unwrap();
            assert_eq!(after.known("a"), Known::Unknown);
            assert_eq!(after.get("a"), Some("k1"));
        }
        // A run that ends writes its claims back.
        removing.remove("a");
        removing.save().unwrap();
        let after = Sources::load(dir.path(), 1).unwrap();
        assert_eq!(after.known("b"), Known::Stored(&claim("h2")));
    }

    #[test]
    fn a_file_of_source_keys_alone_claims_nothing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(SOURCES_FILE), "a\tk1\nb\tk2\n").unwrap();
        let sources = Sources::load(dir.path(), 2).unwrap();
        assert_eq!(sources.known("a"), Known::Unknown);
        assert_eq!(sources.get("b"), Some("k2"));
        // Nothing stored, nothing claimed: every article is new.
        let none = Sources::load(dir.path(), 0).unwrap();
        assert_eq!(none.known("a"), Known::Absent);
    }

    #[test]
    fn a_malformed_line_is_passed_over() {
        let dir = tempfile::tempdir().unwrap();
        let text = "a\tk1\th1\tx1\nb\tk2\th2\n\nc\tk3\th3\tx1\n";
        std::fs::write(dir.path().join(SOURCES_FILE), text).unwrap();
        let sources = Sources::load(dir.path(), 2).unwrap();
        assert_eq!(sources.get("b"), None);
        assert_eq!(sources.known("c"), Known::Stored(&claim("h3")));
    }
}
