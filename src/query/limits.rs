//! The shape of a query a person or a script may ask. Oxigraph parses and
//! evaluates by recursion, so a query nested thousands deep (what a script
//! generates) overflows the stack and kills the process; these limits
//! refuse it first, with a message, and leave room for every query a person
//! writes. The binary also runs on a large stack (`src/main.rs`), so what
//! passes here has room to spare.

/// Brackets (`(`, `{`, `[`) open at once.
pub const MAX_NESTING: usize = 128;
/// `UNION` keywords.
pub const MAX_UNIONS: usize = 1000;
/// Property path operators (`/`, `|`, `^`) and `&&`/`||`: a sequence path
/// costs about the cube of its length to plan (400 steps take 2 s).
pub const MAX_OPERATORS: usize = 256;

/// What a query has too much of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLarge {
    pub what: &'static str,
    pub found: usize,
    pub max: usize,
}

/// What a scan of a query found outside its strings, IRIs and comments.
struct Counts {
    deepest: usize,
    unions: usize,
    operators: usize,
    services: usize,
}

/// Refuses `query` when it passes a limit.
pub fn check(query: &str) -> Result<(), TooLarge> {
    let Counts {
        deepest,
        unions,
        operators,
        ..
    } = scan(query);
    for (what, found, max) in [
        ("levels of nesting", deepest, MAX_NESTING),
        ("UNION branches", unions, MAX_UNIONS),
        ("path and logical operators", operators, MAX_OPERATORS),
    ] {
        if found > max {
            return Err(TooLarge { what, found, max });
        }
    }
    Ok(())
}

/// Whether `query` calls a `SERVICE` (which claimgraph refuses: it makes no
/// outbound requests).
pub fn uses_service(query: &str) -> bool {
    scan(query).services > 0
}

fn scan(query: &str) -> Counts {
    let bytes = query.as_bytes();
    let (mut depth, mut deepest, mut unions, mut operators, mut services) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => i = skip_to(bytes, i, b'\n'),
            b'"' | b'\'' => i = skip_string(bytes, i),
            b'<' => i = skip_iri(bytes, i),
            b'(' | b'{' | b'[' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b')' | b'}' | b']' => depth = depth.saturating_sub(1),
            b'/' | b'^' => operators += 1,
            b'|' | b'&' => {
                operators += 1;
                if bytes.get(i + 1) == Some(&bytes[i]) {
                    i += 1;
                }
            }
            b'U' | b'u' if is_word(bytes, i, b"union") => {
                unions += 1;
                i += 4;
            }
            b'S' | b's' if is_word(bytes, i, b"service") => {
                services += 1;
                i += 6;
            }
            _ => {}
        }
        i += 1;
    }
    Counts {
        deepest,
        unions,
        operators,
        services,
    }
}

/// The index of the next `end` byte from `i` (or the end).
fn skip_to(bytes: &[u8], i: usize, end: u8) -> usize {
    bytes[i..]
        .iter()
        .position(|&b| b == end)
        .map_or(bytes.len(), |n| i + n)
}

/// Past a string literal starting at `i`: short or long (`"""`), with
/// escapes; returns the index of its closing quote.
fn skip_string(bytes: &[u8], i: usize) -> usize {
    let quote = bytes[i];
    let long = bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote);
    let mut j = if long { i + 3 } else { i + 1 };
    while j < bytes.len() {
        match bytes[j] {
            b'\\' => j += 1,
            b if b == quote && !long => return j,
            b if b == quote
                && bytes.get(j + 1) == Some(&quote)
                && bytes.get(j + 2) == Some(&quote) =>
            {
                return j + 2;
            }
            b'\n' if !long => return j,
            _ => {}
        }
        j += 1;
    }
    bytes.len()
}

/// Past an IRI `<...>` starting at `i`, or `i` itself when the `<` is a
/// comparison (an IRI holds no spaces, quotes or braces).
fn skip_iri(bytes: &[u8], i: usize) -> usize {
    for (n, &b) in bytes[i + 1..].iter().enumerate() {
        match b {
            b'>' => return i + 1 + n,
            b' ' | b'\t' | b'\n' | b'\r' | b'<' | b'"' | b'{' | b'}' | b'|' | b'^' | b'`'
            | b'\\' => {
                return i;
            }
            _ => {}
        }
    }
    i
}

fn is_word(bytes: &[u8], i: usize, word: &[u8]) -> bool {
    let end = i + word.len();
    // A keyword stands alone: not part of a name (`cg:service`, `?union`).
    let boundary = |b: Option<&u8>| {
        b.is_none_or(|b| {
            !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b':' | b'?' | b'$'))
        })
    };
    end <= bytes.len()
        && bytes[i..end].eq_ignore_ascii_case(word)
        && boundary(i.checked_sub(1).and_then(|p| bytes.get(p)))
        && boundary(bytes.get(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_nesting_thousands_deep_are_refused() {
        let nested = format!(
            "SELECT * WHERE {{ FILTER({}1{}) }}",
            "(".repeat(5000),
            ")".repeat(5000)
        );
        assert_eq!(check(&nested).unwrap_err().what, "levels of nesting");
        let union = format!(
            "SELECT * WHERE {{ {} }}",
            vec!["{ ?s ?p ?o }"; 10_000].join(" UNION ")
        );
        assert_eq!(check(&union).unwrap_err().what, "UNION branches");
        let path = format!(
            "SELECT * WHERE {{ ?s {} ?o }}",
            vec!["cg:a"; 10_000].join("/")
        );
        assert_eq!(check(&path).unwrap_err().what, "path and logical operators");
    }

    #[test]
    fn what_people_write_passes() {
        let query = r#"
            # a comment with ( { [ and UNION
            SELECT ?s WHERE {
              { ?s <http://example.org/a/b/c|d> "a ( string { with / UNION" } UNION { ?s cg:x/cg:y ?o }
              FILTER(?o < 3 && ?o > 1 || STRSTARTS(STR(?s), "urn:"))
              ?s ?p """long ( { [
              string""" .
            }"#;
        assert_eq!(check(query), Ok(()));
        assert!(is_word(b"x UNION y", 2, b"union"));
        assert!(uses_service(
            "SELECT * { SERVICE <http://x/sparql> { ?s ?p ?o } }"
        ));
        assert!(!uses_service(
            "SELECT * { ?s cg:service \"SERVICE\" } # SERVICE"
        ));
        assert!(!is_word(b"reunion", 2, b"union"));
    }
}
