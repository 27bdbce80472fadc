//! Finding and opening article files, bounded whatever they are: folders
//! are walked in sorted order with each folder and file visited once (a
//! symbolic link is followed, a link back into the walk is reported), only
//! regular files are opened (a named pipe, socket or device is reported and
//! skipped, never read), and every read stops at a cap.

use super::ArticleError;
use std::collections::{HashMap, HashSet};
use std::fs::{self, File, FileType, OpenOptions};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The extensions of article files in a folder, compared without case.
/// A file given by name is read whatever its extension.
pub const ARTICLE_EXTENSIONS: &[&str] =
    &["txt", "text", "md", "markdown", "jsonl", "ndjson", "json"];

/// How a file's articles are laid out, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    /// One article, with optional front matter.
    Text,
    /// One JSON object per line.
    JsonLines,
    /// A JSON array of objects, one object, or objects one after another.
    Json,
}

impl Format {
    pub(super) fn of(path: &Path) -> Self {
        match extension(path).as_deref() {
            Some("jsonl" | "ndjson") => Self::JsonLines,
            Some("json") => Self::Json,
            _ => Self::Text,
        }
    }
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// What a walk found: the article files (or an error in place of each one
/// that cannot be used, so the batch goes on) and the files it passed over.
#[derive(Debug, Default)]
pub struct Listing {
    pub files: Vec<Result<PathBuf, ArticleError>>,
    /// Files in the folders walked without an article extension.
    pub skipped: Vec<PathBuf>,
}

/// Lists the article files under `paths`: files as given, folders walked
/// recursively in sorted order keeping the [`ARTICLE_EXTENSIONS`] and
/// passing over hidden entries (`.git`, `.DS_Store`).
pub fn list_files(paths: &[PathBuf]) -> Listing {
    let mut walk = Walk::default();
    for path in paths {
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk.folder(path),
            Ok(meta) => walk.file(path, meta.file_type()),
            Err(e) => walk.unreadable(path, e),
        }
    }
    walk.listing
}

#[derive(Default)]
struct Walk {
    listing: Listing,
    /// Canonical paths of the folders entered, and of the files listed with
    /// the path they were first listed under.
    folders: HashSet<PathBuf>,
    files: HashMap<PathBuf, PathBuf>,
}

impl Walk {
    fn error(&mut self, error: ArticleError) {
        self.listing.files.push(Err(error));
    }

    fn unreadable(&mut self, path: &Path, error: io::Error) {
        let path = path.to_owned();
        let dangling = error.kind() == io::ErrorKind::NotFound
            && fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        self.error(if dangling {
            ArticleError::BrokenLink { path }
        } else if error.kind() == io::ErrorKind::NotFound {
            ArticleError::Missing { path }
        } else {
            ArticleError::Io {
                path,
                source: error,
            }
        });
    }

    fn file(&mut self, path: &Path, file_type: FileType) {
        if let Some(what) = not_regular(file_type) {
            return self.error(ArticleError::NotAFile {
                path: path.to_owned(),
                what,
            });
        }
        let canonical = fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        if let Some(first) = self.files.get(&canonical) {
            let first = first.clone();
            return self.error(ArticleError::SameFile {
                path: path.to_owned(),
                first,
            });
        }
        self.files.insert(canonical, path.to_owned());
        self.listing.files.push(Ok(path.to_owned()));
    }

    fn folder(&mut self, dir: &Path) {
        let canonical = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_owned());
        if !self.folders.insert(canonical.clone()) {
            return self.error(ArticleError::LinkLoop {
                path: dir.to_owned(),
                target: canonical,
            });
        }
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(source) => {
                return self.error(ArticleError::Io {
                    path: dir.to_owned(),
                    source,
                });
            }
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| e.path())
            .collect();
        paths.sort();
        for path in paths {
            // Follows a link; a dangling one is reported by name.
            let meta = match fs::metadata(&path) {
                Ok(meta) => meta,
                Err(e) => {
                    if is_article_name(&path) {
                        self.unreadable(&path, e);
                    }
                    continue;
                }
            };
            if meta.is_dir() {
                self.folder(&path);
            } else if is_article_name(&path) {
                self.file(&path, meta.file_type());
            } else {
                self.listing.skipped.push(path);
            }
        }
    }
}

fn is_article_name(path: &Path) -> bool {
    extension(path).is_some_and(|e| ARTICLE_EXTENSIONS.contains(&e.as_str()))
}

/// What a file is when it is not a regular file.
fn not_regular(file_type: FileType) -> Option<&'static str> {
    if file_type.is_file() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a named pipe");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return Some("a device");
        }
    }
    if file_type.is_dir() {
        return Some("a folder");
    }
    Some("not a regular file")
}

/// Opens `path` for reading if it is a regular file. The open does not
/// block (a named pipe put in place after the walk looked would otherwise
/// wait for a writer forever) and the type is checked again on the open
/// file.
pub(super) fn open_regular(path: &Path) -> Result<File, ArticleError> {
    let io_error = |source| ArticleError::Io {
        path: path.to_owned(),
        source,
    };
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(io_error)?;
    let file_type = file.metadata().map_err(io_error)?.file_type();
    match not_regular(file_type) {
        None => Ok(file),
        Some(what) => Err(ArticleError::NotAFile {
            path: path.to_owned(),
            what,
        }),
    }
}

/// Reads a regular file whole, refusing it past `max` bytes whatever its
/// size said when it was listed.
pub(super) fn read_capped(
    path: &Path,
    max: u64,
    limit: &'static str,
) -> Result<Vec<u8>, ArticleError> {
    let file = open_regular(path)?;
    let too_large = |size| ArticleError::TooLarge {
        path: path.to_owned(),
        size,
        max,
        limit,
    };
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > max {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| ArticleError::Io {
            path: path.to_owned(),
            source,
        })?;
    if bytes.len() as u64 > max {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The canonical path of a file, for [`super::Article::source`].
pub(super) fn source_of(path: &Path) -> String {
    fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_owned())
        .to_string_lossy()
        .into_owned()
}
