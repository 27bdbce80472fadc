//! HTTP Digest access authentication (RFC 7616, and RFC 2617's MD5 form that
//! Virtuoso speaks): reading a `WWW-Authenticate: Digest ...` challenge and
//! answering it for each request.
//!
//! A challenge is kept and answered again with a growing nonce count, so a
//! session pays the extra round trip of a 401 once, not per request; when
//! the server no longer accepts the nonce (`stale=true`, or any 401), the
//! caller reads the new challenge and retries.

use md5::Md5;
use sha2::{Digest, Sha256};
use std::fmt::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Algorithm {
    Md5,
    Sha256,
}

/// A server's Digest challenge and how many times it was answered.
#[derive(Debug, Clone)]
pub struct Challenge {
    realm: String,
    nonce: String,
    opaque: Option<String>,
    /// Whether the server offered `qop=auth` (else the RFC 2069 form).
    qop_auth: bool,
    algorithm: Algorithm,
    count: u32,
}

impl Challenge {
    /// Reads the first Digest challenge this server can be answered with
    /// from the values of its `WWW-Authenticate` headers (`None` if there is
    /// none, or only with an algorithm not spoken here).
    pub fn parse<'a>(headers: impl IntoIterator<Item = &'a str>) -> Option<Self> {
        headers.into_iter().find_map(|header| {
            let start = header.to_ascii_lowercase().find("digest ")?;
            Self::from_parameters(&parameters(&header[start + "digest ".len()..]))
        })
    }

    fn from_parameters(parameters: &[(String, String)]) -> Option<Self> {
        let get = |name: &str| {
            parameters
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(name))
                .map(|(_, value)| value.clone())
        };
        let algorithm = match get("algorithm").as_deref().map(str::to_ascii_uppercase) {
            None => Algorithm::Md5,
            Some(name) if name == "MD5" => Algorithm::Md5,
            Some(name) if name == "SHA-256" => Algorithm::Sha256,
            Some(_) => return None,
        };
        Some(Self {
            realm: get("realm").unwrap_or_default(),
            nonce: get("nonce")?,
            opaque: get("opaque"),
            qop_auth: get("qop").is_some_and(|qop| {
                qop.split(',')
                    .any(|q| q.trim().eq_ignore_ascii_case("auth"))
            }),
            algorithm,
            count: 0,
        })
    }

    /// The `Authorization` header value for one request: `method` and the
    /// request target (`uri`, path and query) as sent. `cnonce` is the
    /// client's nonce, fresh for each answer.
    pub fn answer(
        &mut self,
        user: &str,
        password: &str,
        method: &str,
        uri: &str,
        cnonce: &str,
    ) -> String {
        self.count += 1;
        let hash = |text: String| match self.algorithm {
            Algorithm::Md5 => hex(&Md5::digest(text.as_bytes())),
            Algorithm::Sha256 => hex(&Sha256::digest(text.as_bytes())),
        };
        let ha1 = hash(format!("{user}:{}:{password}", self.realm));
        let ha2 = hash(format!("{method}:{uri}"));
        let nc = format!("{:08x}", self.count);
        let response = if self.qop_auth {
            hash(format!("{ha1}:{}:{nc}:{cnonce}:auth:{ha2}", self.nonce))
        } else {
            hash(format!("{ha1}:{}:{ha2}", self.nonce))
        };
        let mut header = format!(
            "Digest username=\"{}\", realm=\"{}\", nonce=\"{}\", uri=\"{}\", response=\"{response}\"",
            quoted(user),
            quoted(&self.realm),
            quoted(&self.nonce),
            quoted(uri)
        );
        header.push_str(match self.algorithm {
            Algorithm::Md5 => ", algorithm=MD5",
            Algorithm::Sha256 => ", algorithm=SHA-256",
        });
        if self.qop_auth {
            let _ = write!(header, ", qop=auth, nc={nc}, cnonce=\"{cnonce}\"");
        }
        if let Some(opaque) = &self.opaque {
            let _ = write!(header, ", opaque=\"{}\"", quoted(opaque));
        }
        header
    }
}

/// Whether a header names the Basic scheme among its challenges.
pub fn offers_basic<'a>(headers: impl IntoIterator<Item = &'a str>) -> bool {
    headers.into_iter().any(|header| {
        header
            .split(',')
            .any(|part| part.trim_start().to_ascii_lowercase().starts_with("basic"))
    })
}

/// `key=value` and `key="quoted value"` pairs, comma-separated.
fn parameters(text: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.next_if(|c| *c == ',' || c.is_whitespace()).is_some() {}
        let key: String = std::iter::from_fn(|| chars.next_if(|c| *c != '=' && *c != ','))
            .collect::<String>()
            .trim()
            .to_owned();
        if key.is_empty() {
            return pairs;
        }
        if chars.next_if_eq(&'=').is_none() {
            continue;
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let mut value = String::new();
        if chars.next_if_eq(&'"').is_some() {
            while let Some(c) = chars.next() {
                match c {
                    '"' => break,
                    '\\' => value.extend(chars.next()),
                    c => value.push(c),
                }
            }
        } else {
            value = std::iter::from_fn(|| chars.next_if(|c| *c != ','))
                .collect::<String>()
                .trim()
                .to_owned();
        }
        pairs.push((key, value));
    }
}

fn quoted(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The worked example of RFC 2617, section 3.5.
    #[test]
    fn answers_the_rfc_2617_example() {
        let mut challenge = Challenge::parse([
            "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", \
             nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"",
        ])
        .unwrap();
        let header = challenge.answer(
            "Mufasa",
            "Circle Of Life",
            "GET",
            "/dir/index.html",
            "0a4f113b",
        );
        assert!(
            header.contains("response=\"6629fae49393a05397450978507c4ef1\""),
            "{header}"
        );
        assert!(header.contains("nc=00000001") && header.contains("opaque=\"5ccc069c"));
        let again = challenge.answer(
            "Mufasa",
            "Circle Of Life",
            "GET",
            "/dir/index.html",
            "0a4f113b",
        );
        assert!(again.contains("nc=00000002"));
    }

    #[test]
    fn reads_virtuoso_challenges_among_others() {
        let headers = [
            "Basic realm=\"x\"",
            "Digest realm=\"SPARQL\", domain=\"/sparql-graph-crud-auth\", nonce=\"abc\", \
             opaque=\"5ebe2294ecd0e0f08eab7690d2a6ee69\", stale=\"false\", qop=\"auth\", algorithm=\"MD5\"",
        ];
        let challenge = Challenge::parse(headers).unwrap();
        assert_eq!(
            (challenge.realm.as_str(), challenge.nonce.as_str()),
            ("SPARQL", "abc")
        );
        assert!(challenge.qop_auth && challenge.algorithm == Algorithm::Md5);
        assert!(offers_basic(headers));
        assert!(Challenge::parse(["Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512"]).is_none());
        assert!(Challenge::parse(["Basic realm=\"r\""]).is_none());
        assert!(
            Challenge::parse(["Digest realm=\"r\""]).is_none(),
            "no nonce"
        );
    }

    #[test]
    fn quoted_values_keep_escaped_quotes_and_commas() {
        let pairs = parameters(r#"realm="a \"b\", c", nonce=n1 ,qop="auth""#);
        assert_eq!(
            pairs,
            [
                ("realm".to_owned(), "a \"b\", c".to_owned()),
                ("nonce".to_owned(), "n1".to_owned()),
                ("qop".to_owned(), "auth".to_owned())
            ]
        );
    }
}
