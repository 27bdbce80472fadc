//! Reading articles: plain text and Markdown files with optional TOML front
//! matter, and JSON Lines corpora, from files or folders walked in sorted
//! order.
//!
//! Articles are streamed: [`Articles`] holds one file's lines at a time, never
//! the corpus.

use crate::date::Date;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::fmt;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Files larger than this are refused rather than read into memory.
pub const MAX_ARTICLE_BYTES: u64 = 16 * 1024 * 1024;

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
}

impl Article {
    /// Builds an article, filling the headline from the first non-empty line
    /// when none is given and computing the content hash.
    pub fn new(id: String, text: String, meta: Metadata, origin: String) -> Self {
        let headline = meta
            .headline
            .filter(|h| !h.trim().is_empty())
            .unwrap_or_else(|| first_line(&text));
        let mut hasher = Sha256::new();
        for field in [
            id.as_str(),
            headline.as_str(),
            meta.publisher.as_deref().unwrap_or(""),
            &meta.published.map(|d| d.to_string()).unwrap_or_default(),
            meta.url.as_deref().unwrap_or(""),
            text.as_str(),
        ] {
            hasher.update((field.len() as u64).to_le_bytes());
            hasher.update(field.as_bytes());
        }
        let content_hash = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Self {
            id,
            headline,
            publisher: meta.publisher,
            published: meta.published,
            url: meta.url,
            text,
            content_hash,
            origin,
        }
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
/// what to do.
#[derive(Debug, thiserror::Error)]
pub enum ArticleError {
    #[error("{path}: no such file or folder; check the path")]
    Missing { path: PathBuf },
    #[error("{path}: cannot read: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{path}: is {size} bytes, more than the {max} bytes an article may have; split it")]
    TooLarge { path: PathBuf, size: u64, max: u64 },
    #[error(
        "{path}: looks binary (contains NUL bytes); give a UTF-8 text, Markdown or JSON Lines file"
    )]
    Binary { path: PathBuf },
    #[error("{path}:{line}: is not valid UTF-8; re-encode the file as UTF-8")]
    NotUtf8 { path: PathBuf, line: usize },
    #[error("{path}: is empty; give the article text or remove the file")]
    Empty { path: PathBuf },
    #[error("{path}:{line}: malformed front matter: {message}")]
    FrontMatter {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{path}:{line}: malformed JSON line: {message}")]
    Json {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

/// Lists the article files under `paths`: files as given, folders walked
/// recursively in sorted order keeping `.txt`, `.md` and `.jsonl` files.
/// A missing path becomes an error entry in place, so the batch goes on.
pub fn list_files(paths: &[PathBuf]) -> Vec<Result<PathBuf, ArticleError>> {
    let mut out = Vec::new();
    for path in paths {
        match fs::metadata(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                out.push(Err(ArticleError::Missing { path: path.clone() }))
            }
            Err(source) => out.push(Err(ArticleError::Io {
                path: path.clone(),
                source,
            })),
            Ok(meta) if meta.is_dir() => walk(path, &mut out),
            Ok(_) => out.push(Ok(path.clone())),
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<Result<PathBuf, ArticleError>>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(source) => {
            out.push(Err(ArticleError::Io {
                path: dir.to_owned(),
                source,
            }));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("txt" | "md" | "jsonl")
        ) {
            out.push(Ok(path));
        }
    }
}

/// A streaming reader of articles from a list of files.
pub struct Articles {
    files: std::vec::IntoIter<Result<PathBuf, ArticleError>>,
    lines: Option<JsonLines>,
}

struct JsonLines {
    path: PathBuf,
    reader: BufReader<File>,
    line: usize,
    seen_any: bool,
}

impl Articles {
    pub fn new(paths: &[PathBuf]) -> Self {
        Self {
            files: list_files(paths).into_iter(),
            lines: None,
        }
    }
}

impl Iterator for Articles {
    type Item = Result<Article, ArticleError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(lines) = &mut self.lines {
                match lines.next_article() {
                    Some(item) => return Some(item),
                    None => self.lines = None,
                }
            }
            let path = match self.files.next()? {
                Ok(path) => path,
                Err(e) => return Some(Err(e)),
            };
            if path.extension().and_then(|e| e.to_str()) == Some("jsonl") {
                match File::open(&path) {
                    Ok(file) => {
                        self.lines = Some(JsonLines {
                            path,
                            reader: BufReader::new(file),
                            line: 0,
                            seen_any: false,
                        })
                    }
                    Err(source) => return Some(Err(ArticleError::Io { path, source })),
                }
            } else {
                return Some(read_text_file(&path));
            }
        }
    }
}

impl JsonLines {
    fn next_article(&mut self) -> Option<Result<Article, ArticleError>> {
        let mut buf = Vec::new();
        loop {
            buf.clear();
            self.line += 1;
            let read = (&mut self.reader)
                .take(MAX_ARTICLE_BYTES + 1)
                .read_until(b'\n', &mut buf);
            match read {
                Err(source) => {
                    return Some(Err(ArticleError::Io {
                        path: self.path.clone(),
                        source,
                    }));
                }
                Ok(0) => {
                    if self.seen_any {
                        return None;
                    }
                    self.seen_any = true;
                    return Some(Err(ArticleError::Empty {
                        path: self.path.clone(),
                    }));
                }
                Ok(n) if n as u64 > MAX_ARTICLE_BYTES => {
                    // Skip the rest of the overlong line before reporting it.
                    let _ = self.reader.skip_until(b'\n');
                    self.seen_any = true;
                    return Some(Err(ArticleError::Json {
                        path: self.path.clone(),
                        line: self.line,
                        message: format!("line is longer than {MAX_ARTICLE_BYTES} bytes"),
                    }));
                }
                Ok(_) => {}
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            self.seen_any = true;
            return Some(self.parse_line(&buf));
        }
    }

    fn parse_line(&self, buf: &[u8]) -> Result<Article, ArticleError> {
        let json_error = |message: String| ArticleError::Json {
            path: self.path.clone(),
            line: self.line,
            message,
        };
        let text = std::str::from_utf8(buf).map_err(|_| ArticleError::NotUtf8 {
            path: self.path.clone(),
            line: self.line,
        })?;
        let record: JsonArticle =
            serde_json::from_str(text).map_err(|e| json_error(e.to_string()))?;
        let id = record
            .id
            .filter(|id| !id.trim().is_empty())
            .ok_or_else(|| json_error("missing \"id\"; give every line an id".into()))?;
        let body = record.text.ok_or_else(|| {
            json_error("missing \"text\"; give every line the article text".into())
        })?;
        if body.trim().is_empty() {
            return Err(json_error("\"text\" is empty".into()));
        }
        let published = record
            .published
            .map(|p| Date::parse(&p).ok_or_else(|| json_error(bad_date(&p))))
            .transpose()?;
        let meta = Metadata {
            headline: record.headline,
            publisher: record.publisher,
            published,
            url: record.url,
        };
        Ok(Article::new(
            id.trim().to_owned(),
            body,
            meta,
            format!("{}:{}", self.path.display(), self.line),
        ))
    }
}

#[derive(Deserialize)]
struct JsonArticle {
    id: Option<String>,
    text: Option<String>,
    headline: Option<String>,
    publisher: Option<String>,
    published: Option<String>,
    url: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    id: Option<String>,
    headline: Option<String>,
    publisher: Option<String>,
    published: Option<toml::Value>,
    url: Option<String>,
}

fn bad_date(value: &str) -> String {
    format!("published date {value:?} is not an ISO date (YYYY-MM-DD)")
}

/// Reads one text or Markdown article file.
pub fn read_text_file(path: &Path) -> Result<Article, ArticleError> {
    let io_error = |source| ArticleError::Io {
        path: path.to_owned(),
        source,
    };
    let size = fs::metadata(path).map_err(io_error)?.len();
    if size > MAX_ARTICLE_BYTES {
        return Err(ArticleError::TooLarge {
            path: path.to_owned(),
            size,
            max: MAX_ARTICLE_BYTES,
        });
    }
    let bytes = fs::read(path).map_err(io_error)?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    parse_text(&bytes, &stem, path, path.display().to_string())
}

/// Parses the bytes of a text article: checks encoding, splits off front
/// matter, and fills the defaults. `path` is only used in errors.
pub fn parse_text(
    bytes: &[u8],
    stem: &str,
    path: &Path,
    origin: String,
) -> Result<Article, ArticleError> {
    let path_buf = || path.to_owned();
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(ArticleError::Binary { path: path_buf() });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| ArticleError::NotUtf8 {
        path: path_buf(),
        line: 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count(),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ArticleError::Empty { path: path_buf() });
    }
    let (front, body) =
        split_front_matter(text).map_err(|(line, message)| ArticleError::FrontMatter {
            path: path_buf(),
            line,
            message,
        })?;
    let front_error = |message: String| ArticleError::FrontMatter {
        path: path_buf(),
        line: 1,
        message,
    };
    let front: FrontMatter = match front {
        Some(front) => toml::from_str(front).map_err(|e| front_error(one_line(&e.to_string())))?,
        None => FrontMatter {
            id: None,
            headline: None,
            publisher: None,
            published: None,
            url: None,
        },
    };
    if body.trim().is_empty() {
        return Err(ArticleError::Empty { path: path_buf() });
    }
    let published = match front.published {
        None => None,
        Some(toml::Value::String(s)) => {
            Some(Date::parse(&s).ok_or_else(|| front_error(bad_date(&s)))?)
        }
        Some(toml::Value::Datetime(d)) => {
            let s = d.to_string();
            Some(Date::parse(&s).ok_or_else(|| front_error(bad_date(&s)))?)
        }
        Some(other) => return Err(front_error(bad_date(&other.to_string()))),
    };
    let id = front
        .id
        .filter(|id| !id.trim().is_empty())
        .map(|id| id.trim().to_owned())
        .unwrap_or_else(|| stem.to_owned());
    let meta = Metadata {
        headline: front.headline,
        publisher: front.publisher,
        published,
        url: front.url,
    };
    Ok(Article::new(id, body.to_owned(), meta, origin))
}

/// Splits `+++`-delimited TOML front matter from the body. Errors carry the
/// line where the problem is.
fn split_front_matter(text: &str) -> Result<(Option<&str>, &str), (usize, String)> {
    let Some(rest) = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
    else {
        return Ok((None, text));
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Ok((Some(&rest[..offset]), &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    Err((
        1,
        "opening +++ has no closing +++ line; close the front matter or remove it".into(),
    ))
}

fn first_line(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    line.chars().take(300).collect()
}

fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

impl fmt::Display for Article {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.id, self.origin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Article, ArticleError> {
        parse_text(text.as_bytes(), "stem", Path::new("a.txt"), "a.txt".into())
    }

    #[test]
    fn headline_defaults_to_first_non_empty_line() {
        let article = parse("\n\n  Big news  \nBody.").unwrap();
        assert_eq!(article.id, "stem");
        assert_eq!(article.headline, "Big news");
    }

    #[test]
    fn front_matter_sets_metadata_and_is_not_body() {
        let article = parse(
            "+++\nid = \"x1\"\npublisher = \"Reuters\"\npublished = 2024-10-18\n+++\nHeadline\nBody.\n",
        )
        .unwrap();
        assert_eq!(article.id, "x1");
        assert_eq!(article.publisher.as_deref(), Some("Reuters"));
        assert_eq!(article.published.unwrap().to_string(), "2024-10-18");
        assert_eq!(article.text, "Headline\nBody.\n");
    }

    #[test]
    fn bad_inputs_are_errors_not_panics() {
        assert!(matches!(parse("   \n"), Err(ArticleError::Empty { .. })));
        assert!(matches!(
            parse("+++\npublished = \"yesterday\"\n+++\nText"),
            Err(ArticleError::FrontMatter { .. })
        ));
        assert!(matches!(
            parse("+++\nheadline = \"never closed\"\nText"),
            Err(ArticleError::FrontMatter { .. })
        ));
        let latin1 = b"line one\ncaf\xe9\n";
        assert!(matches!(
            parse_text(latin1, "s", Path::new("b.txt"), String::new()),
            Err(ArticleError::NotUtf8 { line: 2, .. })
        ));
        assert!(matches!(
            parse_text(
                b"PK\x03\x04\x00\x00",
                "s",
                Path::new("c.txt"),
                String::new()
            ),
            Err(ArticleError::Binary { .. })
        ));
    }

    #[test]
    fn content_hash_changes_with_text_only() {
        let a = parse("Headline\nBody one.").unwrap();
        let b = parse("Headline\nBody one.").unwrap();
        let c = parse("Headline\nBody two.").unwrap();
        assert_eq!(a.content_hash, b.content_hash);
        assert_ne!(a.content_hash, c.content_hash);
    }
}
