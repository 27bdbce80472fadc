//! Articles as JSON: JSON Lines corpora (one object per line, streamed) and
//! JSON files (an array of objects, one object, or objects one after
//! another). Every object has the same fields as front matter, plus `text`;
//! an unknown field is refused in both, so a misspelt one is not lost.

use super::files::{open_regular, read_capped, source_of};
use super::text::bad_date;
use super::{Article, ArticleError, MAX_ARTICLE_BYTES, MAX_JSON_FILE_BYTES, Metadata, id_problem};
use crate::date::Date;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonArticle {
    id: Option<String>,
    text: Option<String>,
    headline: Option<String>,
    publisher: Option<String>,
    published: Option<String>,
    url: Option<String>,
}

/// Turns one JSON object (at `line` of `path`) into an article.
fn parse_record(
    json: &str,
    path: &Path,
    line: usize,
    source: &str,
) -> Result<Article, ArticleError> {
    let json_error = |message: String| ArticleError::Json {
        path: path.to_owned(),
        line,
        message: super::one_line(&message),
    };
    let record: JsonArticle = serde_json::from_str(json).map_err(|e| json_error(e.to_string()))?;
    let id = record
        .id
        .map(|id| id.trim().to_owned())
        .filter(|id| !id.is_empty())
        .ok_or_else(|| json_error("missing \"id\"; give every line an id".into()))?;
    if let Some(message) = id_problem(&id) {
        return Err(json_error(message));
    }
    let body = record
        .text
        .ok_or_else(|| json_error("missing \"text\"; give every line the article text".into()))?;
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
    let origin = format!("{}:{line}", path.display());
    Ok(Article::new(id, body, meta, origin).with_source(source.to_owned()))
}

/// A JSON Lines file, read one line at a time (each at most
/// [`MAX_ARTICLE_BYTES`]).
pub(super) struct JsonLines {
    path: PathBuf,
    source: String,
    reader: BufReader<File>,
    line: usize,
    seen_any: bool,
    broken: bool,
}

impl JsonLines {
    pub(super) fn open(path: PathBuf) -> Result<Self, ArticleError> {
        let file = open_regular(&path)?;
        Ok(Self {
            source: source_of(&path),
            path,
            reader: BufReader::new(file),
            line: 0,
            seen_any: false,
            broken: false,
        })
    }

    fn error(&self, message: String) -> ArticleError {
        ArticleError::Json {
            path: self.path.clone(),
            line: self.line,
            message,
        }
    }
}

impl Iterator for JsonLines {
    type Item = Result<Article, ArticleError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.broken {
            return None;
        }
        let mut buf = Vec::new();
        loop {
            buf.clear();
            self.line += 1;
            let read = (&mut self.reader)
                .take(MAX_ARTICLE_BYTES + 1)
                .read_until(b'\n', &mut buf);
            match read {
                Err(source) => {
                    // One report per file: a read error does not heal.
                    self.broken = true;
                    return Some(Err(ArticleError::Io {
                        path: self.path.clone(),
                        source,
                    }));
                }
                Ok(0) if self.seen_any => return None,
                Ok(0) => {
                    self.seen_any = true;
                    return Some(Err(ArticleError::Empty {
                        path: self.path.clone(),
                    }));
                }
                Ok(n) if n as u64 > MAX_ARTICLE_BYTES => {
                    // Skip the rest of the overlong line before reporting it.
                    let _ = self.reader.skip_until(b'\n');
                    self.seen_any = true;
                    return Some(Err(
                        self.error(format!("line is longer than {MAX_ARTICLE_BYTES} bytes"))
                    ));
                }
                Ok(_) => {}
            }
            let mut bytes = buf.as_slice();
            if self.line == 1 {
                bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            self.seen_any = true;
            let Ok(text) = std::str::from_utf8(bytes) else {
                return Some(Err(ArticleError::NotUtf8 {
                    path: self.path.clone(),
                    line: self.line,
                }));
            };
            return Some(parse_record(text, &self.path, self.line, &self.source));
        }
    }
}

/// Reads a JSON file whole (at most [`MAX_JSON_FILE_BYTES`]): an array of
/// article objects, one object, or several one after another. Each article
/// is placed at the line its object starts on.
pub(super) fn read_json_file(path: &Path) -> Vec<Result<Article, ArticleError>> {
    let limit = "a JSON file may have; write it as JSON Lines (.jsonl), which has no limit";
    let bytes = match read_capped(path, MAX_JSON_FILE_BYTES, limit) {
        Ok(bytes) => bytes,
        Err(e) => return vec![Err(e)],
    };
    let text = match std::str::from_utf8(&bytes) {
        Ok(text) => text.strip_prefix('\u{feff}').unwrap_or(text),
        Err(e) => {
            let line = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            return vec![Err(ArticleError::NotUtf8 {
                path: path.to_owned(),
                line,
            })];
        }
    };
    if text.trim().is_empty() {
        return vec![Err(ArticleError::Empty {
            path: path.to_owned(),
        })];
    }
    let source = source_of(path);
    let line_at = |offset: usize| {
        1 + text.as_bytes()[..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
    };
    let syntax = |e: serde_json::Error| ArticleError::Json {
        path: path.to_owned(),
        line: e.line(),
        message: super::one_line(&e.to_string()),
    };
    let objects: Vec<&RawValue> = if text.trim_start().starts_with('[') {
        match serde_json::from_str(text) {
            Ok(items) => items,
            Err(e) => return vec![Err(syntax(e))],
        }
    } else {
        let mut objects = Vec::new();
        for item in serde_json::Deserializer::from_str(text).into_iter::<&RawValue>() {
            match item {
                Ok(object) => objects.push(object),
                Err(e) => {
                    // The rest of the file cannot be placed: report where it broke.
                    let mut articles = articles_of(&objects, path, &source, line_at, text);
                    articles.push(Err(syntax(e)));
                    return articles;
                }
            }
        }
        objects
    };
    articles_of(&objects, path, &source, line_at, text)
}

fn articles_of(
    objects: &[&RawValue],
    path: &Path,
    source: &str,
    line_at: impl Fn(usize) -> usize,
    text: &str,
) -> Vec<Result<Article, ArticleError>> {
    objects
        .iter()
        .map(|object| {
            // A raw value borrows from `text`: its address gives its offset.
            let offset = object.get().as_ptr() as usize - text.as_ptr() as usize;
            parse_record(object.get(), path, line_at(offset), source)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn articles(name: &str, contents: &str) -> Vec<Result<Article, ArticleError>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, contents).unwrap();
        match super::super::files::Format::of(&path) {
            super::super::files::Format::Json => read_json_file(&path),
            _ => JsonLines::open(path).unwrap().collect(),
        }
    }

    #[test]
    fn a_json_file_holds_an_array_one_object_or_json_lines() {
        let array = articles(
            "a.json",
            "[\n  {\"id\": \"a1\", \"text\": \"One.\"},\n  {\"id\": \"a2\", \"text\": \"Two.\"}\n]\n",
        );
        let ids: Vec<String> = array
            .iter()
            .map(|a| a.as_ref().unwrap().id.clone())
            .collect();
        assert_eq!(ids, ["a1", "a2"]);
        assert!(array[1].as_ref().unwrap().origin.ends_with("a.json:3"));
        let pretty = articles("b.json", "{\n  \"id\": \"b1\",\n  \"text\": \"One.\"\n}\n");
        assert_eq!(pretty.len(), 1);
        assert_eq!(pretty[0].as_ref().unwrap().id, "b1");
        let lines = articles(
            "c.json",
            "{\"id\": \"c1\", \"text\": \"One.\"}\n{\"id\": \"c2\", \"text\": \"Two.\"}\n",
        );
        assert_eq!(lines.len(), 2);
        assert!(lines[1].as_ref().unwrap().origin.ends_with("c.json:2"));
    }

    #[test]
    fn a_byte_order_mark_opens_a_json_lines_file() {
        let read = articles("d.jsonl", "\u{feff}{\"id\": \"d1\", \"text\": \"One.\"}\n");
        assert_eq!(read[0].as_ref().unwrap().id, "d1");
    }

    #[test]
    fn unknown_fields_are_refused_by_name() {
        let read = articles(
            "e.jsonl",
            "{\"id\": \"e1\", \"text\": \"One.\", \"publised\": \"2024-01-01\"}\n",
        );
        let message = read[0].as_ref().err().unwrap().to_string();
        assert!(message.contains("unknown field `publised`"), "{message}");
    }
}
