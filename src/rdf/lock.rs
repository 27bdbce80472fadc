//! Who may open a store beside whom. RocksDB locks a store against a second
//! writer, but not against readers, and Oxigraph calls a read-only store
//! open beside a writer undefined behaviour. So claimgraph holds its own
//! lock on `claimgraph.lock` in the store folder for as long as a store is
//! open: exclusive for the writer, shared for readers. Readers go together;
//! a writer and anything else do not, in this process or another.
//!
//! Another program that opens the folder (`oxigraph serve`, say) takes only
//! RocksDB's lock: a claimgraph writer still finds it, a reader does not.

use std::collections::HashMap;
use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The lock file's name in the store folder.
pub const LOCK_FILE: &str = "claimgraph.lock";

/// Stores open in this process, by canonical path, with how many handles:
/// tells "open here" from "open in another process" without reading
/// anyone's error message.
static OPEN_HERE: Mutex<Option<HashMap<PathBuf, usize>>> = Mutex::new(None);

/// Why a lock was not granted.
#[derive(Debug)]
pub enum Refused {
    /// This process has the store open already.
    ThisProcess,
    /// Another process has it open in a conflicting mode.
    AnotherProcess,
    /// The lock file cannot be opened.
    Io(io::Error),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Read,
}

/// A held lock; released when dropped.
#[derive(Debug)]
pub struct StoreLock {
    /// `None` where a read-only store folder has no lock file and none can
    /// be made (a store on read-only media: nobody can write it either).
    _file: Option<File>,
    key: PathBuf,
}

impl StoreLock {
    /// Takes the lock of the store folder `path` (which exists) in `mode`,
    /// without waiting.
    pub fn acquire(path: &Path, mode: Mode) -> Result<Self, Refused> {
        let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        let file = match open_lock_file(&path.join(LOCK_FILE), mode) {
            Ok(file) => Some(file),
            Err(_) if mode == Mode::Read => None,
            Err(e) => return Err(Refused::Io(e)),
        };
        if let Some(file) = &file {
            let locked = match mode {
                Mode::Write => file.try_lock(),
                Mode::Read => file.try_lock_shared(),
            };
            match locked {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    let here = with_open_here(|open| open.contains_key(&key));
                    return Err(if here {
                        Refused::ThisProcess
                    } else {
                        Refused::AnotherProcess
                    });
                }
                Err(TryLockError::Error(e)) => return Err(Refused::Io(e)),
            }
        }
        with_open_here(|open| *open.entry(key.clone()).or_default() += 1);
        Ok(Self { _file: file, key })
    }
}

impl Drop for StoreLock {
    fn drop(&mut self) {
        with_open_here(|open| {
            if let Some(count) = open.get_mut(&self.key) {
                *count -= 1;
                if *count == 0 {
                    open.remove(&self.key);
                }
            }
        });
    }
}

fn with_open_here<T>(f: impl FnOnce(&mut HashMap<PathBuf, usize>) -> T) -> T {
    let mut guard = OPEN_HERE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    f(guard.get_or_insert_with(HashMap::new))
}

fn open_lock_file(path: &Path, mode: Mode) -> io::Result<File> {
    let made = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path);
    match made {
        Err(_) if mode == Mode::Read => File::open(path),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers_share_and_a_writer_is_alone() {
        let dir = tempfile::tempdir().unwrap();
        let first = StoreLock::acquire(dir.path(), Mode::Read).unwrap();
        let second = StoreLock::acquire(dir.path(), Mode::Read).unwrap();
        assert!(matches!(
            StoreLock::acquire(dir.path(), Mode::Write),
            Err(Refused::ThisProcess)
        ));
        drop((first, second));
        let writer = StoreLock::acquire(dir.path(), Mode::Write).unwrap();
        assert!(matches!(
            StoreLock::acquire(dir.path(), Mode::Read),
            Err(Refused::ThisProcess)
        ));
        drop(writer);
        assert!(StoreLock::acquire(dir.path(), Mode::Read).is_ok());
    }
}
