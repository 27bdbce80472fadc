//! Reading articles: plain text and Markdown files with optional TOML front
//! matter, JSON Lines corpora and JSON files, from files or folders walked in
//! sorted order.
//!
//! Articles are streamed: [`Articles`] holds one file at a time, never the
//! corpus. Reading is bounded whatever the file claims to be: only regular
//! files are opened ([`files`]), every read is capped, and symbolic links
//! are followed once.

mod files;
mod json;
mod text;

pub use files::{ARTICLE_EXTENSIONS, Listing, list_files};
pub use text::{parse_text, read_text_file};

use crate::date::Date;
use crate::display::Shown;
use sha2::{Digest, Sha256};
use std::fmt;
use std::io;
use std::path::PathBuf;

/// Files larger than this are refused rather than read into memory (a JSON
/// Lines corpus may be of any size: the bound is per line).
pub const MAX_ARTICLE_BYTES: u64 = 16 * 1024 * 1024;

/// A JSON file is read whole before its articles are taken apart, so it
/// has a bound of its own; JSON Lines has none.
pub const MAX_JSON_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Article ids become IRI path segments and file names in messages: longer
/// ones are refused.
pub const MAX_ID_BYTES: usize = 256;

/// One news article, ready for extraction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// The article id: front matter `id`, JSON `id`, or the file stem.
    pub id: String,
    pub headline: String,
    pub publisher: Option<String>,
    pub published: Option<Date>,
    pub url: Option<String>,
    /// The article body; evidence offsets count characters from its start.
    pub text: String,
    /// Hex SHA-256 of everything that defines the article (metadata and body).
    pub content_hash: String,
    /// Where the article came from, for messages: a path, `path:line` or `sample:name`.
    pub origin: String,
    /// The file the article was read from (its canonical path), or
    /// `sample:name`: a different source claiming a stored id is noticed.
    pub source: String,
}

impl Article {
    /// Builds an article, filling the headline from the first non-empty line
    /// when none is given and computing the content hash. Control characters
    /// (a form feed from `pdftotext`, a terminal escape) are replaced one for
    /// one, so that offsets still count the characters of the input and
    /// every RDF format, XML included, can carry the text.
    pub fn new(id: String, text: String, meta: Metadata, origin: String) -> Self {
        let text = without_controls(text, Lines::Keep);
        let one_line = |s: Option<String>| s.map(|s| without_controls(s, Lines::Join));
        let headline = one_line(meta.headline)
            .filter(|h| !h.trim().is_empty())
            .unwrap_or_else(|| first_line(&text));
        let publisher = one_line(meta.publisher);
        let url = one_line(meta.url);
        let mut hasher = Sha256::new();
        for field in [
            id.as_str(),
            headline.as_str(),
            publisher.as_deref().unwrap_or(""),
            &meta.published.map(|d| d.to_string()).unwrap_or_default(),
            url.as_deref().unwrap_or(""),
            text.as_str(),
        ] {
            hasher.update((field.len() as u64).to_le_bytes());
            hasher.update(field.as_bytes());
        }
        Self {
            id,
            headline,
            publisher,
            published: meta.published,
            url,
            text,
            content_hash: hex(&hasher.finalize()),
            source: origin.clone(),
            origin,
        }
    }

    /// Sets where the article was read from (see [`Article::source`]).
    pub fn with_source(mut self, source: String) -> Self {
        self.source = source;
        self
    }

    /// A digest of [`Article::source`]: stored with the article so that a
    /// different file claiming its id is noticed, without writing local
    /// paths into a graph that may be shared.
    pub fn source_key(&self) -> String {
        hex(&Sha256::digest(self.source.as_bytes())[..8])
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether line breaks survive [`without_controls`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lines {
    /// Article text: tabs and line breaks stay; vertical tabs and form feeds
    /// become line breaks.
    Keep,
    /// Headlines and names: every control becomes a space.
    Join,
}

/// Replaces each control character (C0, DEL, C1) and each noncharacter
/// XML forbids with one character, so character offsets do not move.
fn without_controls(text: String, lines: Lines) -> String {
    let replacement = |c: char| match c {
        '\t' | '\n' | '\r' if lines == Lines::Keep => None,
        '\u{b}' | '\u{c}' if lines == Lines::Keep => Some('\n'),
        '\u{fffe}' | '\u{ffff}' => Some('\u{fffd}'),
        c if c.is_control() => Some(' '),
        _ => None,
    };
    if !text.chars().any(|c| replacement(c).is_some()) {
        return text;
    }
    text.chars().map(|c| replacement(c).unwrap_or(c)).collect()
}

/// Why an id cannot be used, or `None`.
fn id_problem(id: &str) -> Option<String> {
    if id.len() > MAX_ID_BYTES {
        Some(format!(
            "article id is {} bytes, more than the {MAX_ID_BYTES} an id may have; give a shorter id",
            id.len()
        ))
    } else if id.chars().any(char::is_control) {
        Some(format!(
            "article id {} contains control characters; give a plain id",
            Shown(id)
        ))
    } else {
        None
    }
}

/// Optional article metadata, from front matter or JSON fields.
#[derive(Debug, Default, Clone)]
pub struct Metadata {
    pub headline: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<Date>,
    pub url: Option<String>,
}

/// Why an input could not be read. Each names the file (and line) and says
/// what to do; paths are shown with control characters escaped, so every
/// message stays on one line.
#[derive(Debug, thiserror::Error)]
pub enum ArticleError {
    #[error("{}: no such file or folder; check the path", Shown(path))]
    Missing { path: PathBuf },
    #[error("{}: is a link to nothing; fix or remove the link", Shown(path))]
    BrokenLink { path: PathBuf },
    #[error("{}: cannot read: {source}", Shown(path))]
    Io { path: PathBuf, source: io::Error },
    #[error(
        "{}: is {what}, not a regular file; skipped (give the article file itself)",
        Shown(path)
    )]
    NotAFile { path: PathBuf, what: &'static str },
    #[error(
        "{}: links back to {}, which is already being read; skipped (remove the link)",
        Shown(path),
        Shown(target)
    )]
    LinkLoop { path: PathBuf, target: PathBuf },
    #[error(
        "{}: is the same file as {} (a link); it is read once",
        Shown(path),
        Shown(first)
    )]
    SameFile { path: PathBuf, first: PathBuf },
    #[error("{}: is {size} bytes, more than the {max} bytes {limit}", Shown(path))]
    TooLarge {
        path: PathBuf,
        size: u64,
        max: u64,
        limit: &'static str,
    },
    #[error(
        "{}: looks binary (contains NUL bytes); give a UTF-8 text, Markdown or JSON Lines file",
        Shown(path)
    )]
    Binary { path: PathBuf },
    #[error(
        "{}:{line}: is not valid UTF-8; re-encode the file as UTF-8",
        Shown(path)
    )]
    NotUtf8 { path: PathBuf, line: usize },
    #[error("{}: is empty; give the article text or remove the file", Shown(path))]
    Empty { path: PathBuf },
    #[error("{}:{line}: malformed front matter: {message}", Shown(path))]
    FrontMatter {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{}:{line}: malformed JSON line: {message}", Shown(path))]
    Json {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{}: {message}", Shown(origin))]
    Id { origin: String, message: String },
}

/// A streaming reader of articles from a list of files.
pub struct Articles {
    files: std::vec::IntoIter<Result<PathBuf, ArticleError>>,
    skipped: Vec<PathBuf>,
    /// Articles of the file being read, when it holds several.
    pending: Option<Box<dyn Iterator<Item = Result<Article, ArticleError>>>>,
}

impl Articles {
    pub fn new(paths: &[PathBuf]) -> Self {
        let Listing { files, skipped } = list_files(paths);
        Self {
            files: files.into_iter(),
            skipped,
            pending: None,
        }
    }

    /// Files found in the folders walked that are not articles (by their
    /// extension, see [`ARTICLE_EXTENSIONS`]); hidden files are not counted.
    pub fn skipped(&self) -> &[PathBuf] {
        &self.skipped
    }
}

impl Iterator for Articles {
    type Item = Result<Article, ArticleError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(pending) = &mut self.pending {
                match pending.next() {
                    Some(item) => return Some(item),
                    None => self.pending = None,
                }
            }
            let path = match self.files.next()? {
                Ok(path) => path,
                Err(e) => return Some(Err(e)),
            };
            match files::Format::of(&path) {
                files::Format::JsonLines => match json::JsonLines::open(path) {
                    Ok(lines) => self.pending = Some(Box::new(lines)),
                    Err(e) => return Some(Err(e)),
                },
                files::Format::Json => {
                    self.pending = Some(Box::new(json::read_json_file(&path).into_iter()));
                }
                files::Format::Text => return Some(read_text_file(&path)),
            }
        }
    }
}

fn first_line(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    line.chars().take(300).collect()
}

/// A parser's message on one line and of a readable length (a TOML error
/// quotes the line it failed on, which may be megabytes long).
fn one_line(message: &str) -> String {
    const MAX_CHARS: usize = 300;
    let flat = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if flat.chars().count() > MAX_CHARS {
        let cut: String = flat.chars().take(MAX_CHARS - 1).collect();
        format!("{cut}…")
    } else {
        flat
    }
}

impl fmt::Display for Article {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.id, Shown(&self.origin))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_hash_changes_with_text_only() {
        let article = |text: &str| {
            Article::new("a".into(), text.into(), Metadata::default(), "t".into()).content_hash
        };
        assert_eq!(
            article("Headline\nBody one."),
            article("Headline\nBody one.")
        );
        assert_ne!(
            article("Headline\nBody one."),
            article("Headline\nBody two.")
        );
    }

    #[test]
    fn control_characters_are_replaced_one_for_one() {
        let meta = Metadata {
            headline: Some("Bold\u{1b}[31m claim\nsecond line".into()),
            ..Metadata::default()
        };
        let text = "Page one.\u{c}Page two\u{7} rang.\u{0}\tEnd\u{85}\u{ffff}";
        let article = Article::new("a".into(), text.into(), meta, "t".into());
        assert_eq!(article.text, "Page one.\nPage two  rang. \tEnd \u{fffd}");
        assert_eq!(article.text.chars().count(), text.chars().count());
        assert_eq!(article.headline, "Bold [31m claim second line");
    }
}
