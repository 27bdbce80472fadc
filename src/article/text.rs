//! Text and Markdown articles: UTF-8, with optional `+++`-delimited TOML
//! front matter.

use super::files::{read_capped, source_of};
use super::{Article, ArticleError, MAX_ARTICLE_BYTES, Metadata, id_problem, one_line};
use crate::date::Date;
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    id: Option<String>,
    headline: Option<String>,
    publisher: Option<String>,
    published: Option<toml::Value>,
    url: Option<String>,
}

pub(super) fn bad_date(value: &str) -> String {
    format!(
        "published date {:?} is not an ISO date (YYYY-MM-DD, years 1 to 9999)",
        one_line(value)
    )
}

/// Reads one text or Markdown article file.
pub fn read_text_file(path: &Path) -> Result<Article, ArticleError> {
    let bytes = read_capped(path, MAX_ARTICLE_BYTES, "an article may have; split it")?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let article = parse_text(&bytes, &stem, path, path.display().to_string())?;
    Ok(article.with_source(source_of(path)))
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
        None => FrontMatter::default(),
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
    if let Some(message) = id_problem(&id) {
        return Err(ArticleError::Id { origin, message });
    }
    let meta = Metadata {
        headline: front.headline,
        publisher: front.publisher,
        published,
        url: front.url,
    };
    Ok(Article::new(id, body.to_owned(), meta, origin))
}

/// Splits `+++`-delimited TOML front matter from the body (the opening and
/// closing lines may carry trailing spaces). Errors carry the line where
/// the problem is.
fn split_front_matter(text: &str) -> Result<(Option<&str>, &str), (usize, String)> {
    let opener = text.split_inclusive('\n').next().unwrap_or("");
    if opener.trim_end() != "+++" {
        return Ok((None, text));
    }
    let rest = &text[opener.len()..];
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
    fn a_front_matter_opener_with_trailing_spaces_is_front_matter() {
        let article = parse("+++  \r\nid = \"x2\"\n+++ \nHeadline\nBody.\n").unwrap();
        assert_eq!(article.id, "x2");
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
            parse("+++\npublished = \"12024-01-01\"\n+++\nText"),
            Err(ArticleError::FrontMatter { .. })
        ));
        assert!(matches!(
            parse("+++\nheadline = \"never closed\"\nText"),
            Err(ArticleError::FrontMatter { .. })
        ));
        let long_id = format!("+++\nid = \"{}\"\n+++\nText", "x".repeat(300));
        assert!(matches!(parse(&long_id), Err(ArticleError::Id { .. })));
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
    fn a_long_toml_error_is_cut_to_one_readable_line() {
        let text = format!("+++\nheadline = {}\n+++\nText", "x".repeat(2_000_000));
        let Err(ArticleError::FrontMatter { message, .. }) = parse(&text) else {
            panic!("bad TOML is an error")
        };
        assert!(message.chars().count() <= 300, "{} chars", message.len());
        assert!(!message.contains('\n'));
    }
}
