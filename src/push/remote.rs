//! The remote triple store, as the W3C protocols see it: the one module that
//! speaks HTTP to it. A graph is replaced with the SPARQL 1.1 Graph Store
//! HTTP Protocol (`PUT ?graph=IRI`, N-Triples body) or with SPARQL 1.1
//! Update (`DROP SILENT GRAPH` then `INSERT DATA` a thousand triples an
//! operation, one request); it is deleted with `DELETE ?graph=IRI` or `DROP
//! SILENT GRAPH`; questions go to a SPARQL 1.1 Protocol query endpoint as a
//! form POST.
//!
//! Transient failures (the server unreachable, a timeout, 5xx, 408, 429) are
//! retried with exponential backoff; others are reported with the status and
//! the start of the server's message. Credentials are sent in a header
//! (Basic, or Digest answered from the server's challenge), never in a URL,
//! and never appear in an error.

use super::digest::Challenge;
use oxhttp::Client;
use oxhttp::model::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use oxhttp::model::{Method, Request, Response, StatusCode, Uri};
use std::io::Read;
use std::time::Duration;

mod auth;

/// The media type of a graph's body.
const N_TRIPLES: &str = "application/n-triples";
/// How much of a server's error message is kept.
const MESSAGE_BYTES: u64 = 4096;
/// The most a query's results may hold.
const RESULTS_BYTES: u64 = 1 << 30;

/// How graphs are written to the remote store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Protocol {
    /// SPARQL 1.1 Graph Store HTTP Protocol: `PUT`/`DELETE ?graph=IRI`
    Gsp,
    /// SPARQL 1.1 Update: `DROP SILENT GRAPH` + `INSERT DATA` in one request
    Update,
}

/// How to answer the server's `401`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuthScheme {
    Basic,
    Digest,
}

#[derive(Debug, Clone)]
pub struct Credentials {
    pub user: String,
    pub password: String,
    /// `None`: the scheme the server asks for.
    pub scheme: Option<AuthScheme>,
}

#[derive(Debug, thiserror::Error)]
pub enum RemoteError {
    #[error("{url}: is not an http:// or https:// URL{why}")]
    BadUrl { url: String, why: String },
    #[error("{method} {url}: cannot reach the server ({source})")]
    Unreachable {
        method: Method,
        url: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{method} {url}: HTTP {status}{message}")]
    Status {
        method: Method,
        url: String,
        status: StatusCode,
        message: String,
    },
    #[error(
        "{method} {url}: HTTP 401, the server refused the credentials{hint}; check --user and the password file (or CLAIMGRAPH_PASSWORD)"
    )]
    Unauthorized {
        method: Method,
        url: String,
        hint: &'static str,
    },
    #[error(
        "{url}: no CA certificates found on this system to check the server's: install Debian's ca-certificates, or point SSL_CERT_FILE at a bundle"
    )]
    NoCertificates { url: String },
    #[error("{url}: the server's answer is not SPARQL JSON results ({why})")]
    BadAnswer { url: String, why: String },
}

impl RemoteError {
    /// Whether trying again later may succeed.
    fn is_transient(&self) -> bool {
        match self {
            // Refused certificates and answers that are not HTTP come as
            // `InvalidData`: trying again gives the same.
            Self::Unreachable { source, .. } => source.kind() != std::io::ErrorKind::InvalidData,
            Self::Status { status, .. } => {
                status.is_server_error()
                    || *status == StatusCode::REQUEST_TIMEOUT
                    || *status == StatusCode::TOO_MANY_REQUESTS
            }
            _ => false,
        }
    }
}

/// Where and how to reach the remote store: shared by every worker.
#[derive(Debug, Clone)]
pub struct Remote {
    endpoint: Uri,
    query_endpoint: Option<Uri>,
    protocol: Protocol,
    credentials: Option<Credentials>,
    timeout: Duration,
    /// Attempts after the first for a transient failure.
    retries: u32,
    /// The first wait before a retry; doubled each time.
    backoff: Duration,
}

/// Parses an endpoint URL: http or https, with a host, and no credentials.
pub fn parse_url(url: &str) -> Result<Uri, RemoteError> {
    let bad = |why: &str| RemoteError::BadUrl {
        url: crate::display::inert(url).into_owned(),
        why: why.to_owned(),
    };
    let uri: Uri = url.parse().map_err(|_| bad(""))?;
    if !matches!(uri.scheme_str(), Some("http" | "https")) || uri.host().is_none() {
        return Err(bad(""));
    }
    if uri.authority().is_some_and(|a| a.as_str().contains('@')) {
        return Err(bad(
            " without a user and password in it: give --user and --password-file (or CLAIMGRAPH_PASSWORD)",
        ));
    }
    if uri.scheme_str() == Some("https") && !system_has_certificates() {
        return Err(RemoteError::NoCertificates {
            url: uri.to_string(),
        });
    }
    Ok(uri)
}

impl Remote {
    pub fn new(endpoint: Uri, protocol: Protocol) -> Self {
        Self {
            endpoint,
            query_endpoint: None,
            protocol,
            credentials: None,
            timeout: Duration::from_secs(60),
            retries: 4,
            backoff: Duration::from_millis(250),
        }
    }

    /// Where SPARQL questions go (`--verify`); by default the endpoint
    /// itself under SPARQL Update, none under the Graph Store Protocol.
    pub fn with_query_endpoint(mut self, endpoint: Option<Uri>) -> Self {
        self.query_endpoint = endpoint;
        self
    }

    pub fn with_credentials(mut self, credentials: Option<Credentials>) -> Self {
        self.credentials = credentials;
        self
    }

    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn with_retries(mut self, retries: u32, backoff: Duration) -> Self {
        self.retries = retries;
        self.backoff = backoff;
        self
    }

    pub fn endpoint(&self) -> &Uri {
        &self.endpoint
    }

    pub fn query_endpoint(&self) -> Option<&Uri> {
        self.query_endpoint.as_ref().or(match self.protocol {
            Protocol::Update => Some(&self.endpoint),
            Protocol::Gsp => None,
        })
    }

    /// A connection's state (its Digest challenge): one per worker thread.
    pub fn session(&self) -> Session<'_> {
        Session {
            remote: self,
            client: Client::new()
                .with_global_timeout(self.timeout)
                .with_user_agent(concat!("claimgraph/", env!("CARGO_PKG_VERSION")))
                .expect("the user agent is a valid header"),
            challenge: None,
            basic: matches!(
                self.credentials.as_ref().and_then(|c| c.scheme),
                Some(AuthScheme::Basic)
            ),
            answered: 0,
            signed: false,
        }
    }
}

/// One worker's use of the remote store.
pub struct Session<'a> {
    remote: &'a Remote,
    client: Client,
    challenge: Option<Challenge>,
    /// The server asked for Basic (or it was chosen): sent up front.
    basic: bool,
    answered: u64,
    /// The credentials were accepted (or are not asked for) by a bodiless
    /// request: see [`Session::signed_in`].
    signed: bool,
}

/// A request as built for each attempt.
struct Call<'b> {
    method: Method,
    uri: Uri,
    content_type: Option<&'static str>,
    accept: Option<&'static str>,
    body: &'b [u8],
}

/// Triples per `INSERT DATA` operation of a graph sent by SPARQL Update.
const INSERTED_PER_OPERATION: usize = 1_000;

impl Session<'_> {
    /// Replaces the named graph `graph` with the triples of `n_triples`.
    pub fn put_graph(&mut self, graph: &str, n_triples: &[u8]) -> Result<(), RemoteError> {
        match self.remote.protocol {
            Protocol::Gsp => {
                let uri = graph_uri(&self.remote.endpoint, graph);
                self.call(&Call {
                    method: Method::PUT,
                    uri,
                    content_type: Some(N_TRIPLES),
                    accept: None,
                    body: n_triples,
                })
                .map(drop)
            }
            Protocol::Update => {
                // One request, the triples in several INSERT DATA operations:
                // a store may compile each operation whole (Virtuoso refuses
                // one past 10,000 lines of SQL, a few thousand triples).
                let mut update = format!("DROP SILENT GRAPH <{graph}>").into_bytes();
                let lines: Vec<&[u8]> = n_triples
                    .split_inclusive(|&b| b == b'\n')
                    .filter(|line| line.iter().any(|b| !b.is_ascii_whitespace()))
                    .collect();
                for chunk in lines.chunks(INSERTED_PER_OPERATION) {
                    update.extend_from_slice(
                        format!(" ;\nINSERT DATA {{ GRAPH <{graph}> {{\n").as_bytes(),
                    );
                    for line in chunk {
                        update.extend_from_slice(line);
                    }
                    update.extend_from_slice(b"\n} }");
                }
                update.push(b'\n');
                self.update(&update)
            }
        }
    }

    /// Deletes the named graph `graph`; a graph that is not there counts as
    /// deleted.
    pub fn delete_graph(&mut self, graph: &str) -> Result<(), RemoteError> {
        match self.remote.protocol {
            Protocol::Gsp => {
                let uri = graph_uri(&self.remote.endpoint, graph);
                match self.call(&Call {
                    method: Method::DELETE,
                    uri,
                    content_type: None,
                    accept: None,
                    body: b"",
                }) {
                    Err(RemoteError::Status { status, .. }) if status == StatusCode::NOT_FOUND => {
                        Ok(())
                    }
                    other => other.map(drop),
                }
            }
            Protocol::Update => self.update(format!("DROP SILENT GRAPH <{graph}>").as_bytes()),
        }
    }

    fn update(&mut self, update: &[u8]) -> Result<(), RemoteError> {
        self.call(&Call {
            method: Method::POST,
            uri: self.remote.endpoint.clone(),
            content_type: Some("application/sparql-update"),
            accept: None,
            body: update,
        })
        .map(drop)
    }

    /// Asks a SELECT query of the query endpoint and returns its rows, each
    /// the values of `variables` in order (`None` where unbound).
    pub fn select(
        &mut self,
        query: &str,
        variables: &[&str],
    ) -> Result<Vec<Vec<Option<String>>>, RemoteError> {
        let uri = self
            .remote
            .query_endpoint()
            .cloned()
            .unwrap_or_else(|| self.remote.endpoint.clone());
        let form = format!(
            "query={}",
            percent_encoding::utf8_percent_encode(query, percent_encoding::NON_ALPHANUMERIC)
        );
        let response = self.call(&Call {
            method: Method::POST,
            uri: uri.clone(),
            content_type: Some("application/x-www-form-urlencoded"),
            accept: Some("application/sparql-results+json"),
            body: form.as_bytes(),
        })?;
        let bad = |why: String| RemoteError::BadAnswer {
            url: uri.to_string(),
            why,
        };
        let mut text = Vec::new();
        response
            .into_body()
            .take(RESULTS_BYTES)
            .read_to_end(&mut text)
            .map_err(|e| bad(e.to_string()))?;
        let results: serde_json::Value =
            serde_json::from_slice(&text).map_err(|e| bad(e.to_string()))?;
        let bindings = results
            .pointer("/results/bindings")
            .and_then(serde_json::Value::as_array)
            .ok_or_else(|| bad("no results.bindings".into()))?;
        Ok(bindings
            .iter()
            .map(|row| {
                variables
                    .iter()
                    .map(|v| {
                        row.pointer(&format!("/{v}/value"))
                            .and_then(serde_json::Value::as_str)
                            .map(str::to_owned)
                    })
                    .collect()
            })
            .collect())
    }

    /// Sends `call`, answering one authentication challenge and retrying
    /// transient failures with backoff.
    fn call(&mut self, call: &Call) -> Result<Response<oxhttp::model::Body>, RemoteError> {
        let mut attempt = 0;
        loop {
            let outcome = self.signed_in(call).and_then(|()| self.authenticated(call));
            match outcome {
                Err(error) if error.is_transient() && attempt < self.remote.retries => {
                    if matches!(error, RemoteError::Unreachable { .. }) {
                        // A server that refuses a request's credentials may
                        // close the connection before reading its body:
                        // sign in again before the next attempt.
                        self.signed = false;
                        self.challenge = None;
                    }
                    std::thread::sleep(self.remote.backoff * 2u32.pow(attempt));
                    attempt += 1;
                }
                outcome => return outcome,
            }
        }
    }

    fn checked(
        &self,
        call: &Call,
        response: Response<oxhttp::model::Body>,
    ) -> Result<Response<oxhttp::model::Body>, RemoteError> {
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let mut message = Vec::new();
        let _ = response
            .into_body()
            .take(MESSAGE_BYTES)
            .read_to_end(&mut message);
        Err(RemoteError::Status {
            method: call.method.clone(),
            url: call.uri.to_string(),
            status,
            message: server_message(&message),
        })
    }

    fn once(&mut self, call: &Call) -> Result<Response<oxhttp::model::Body>, RemoteError> {
        let mut request = Request::builder()
            .method(call.method.clone())
            .uri(call.uri.clone());
        if let Some(content_type) = call.content_type {
            request = request.header(CONTENT_TYPE, content_type);
        }
        if let Some(accept) = call.accept {
            request = request.header(ACCEPT, accept);
        }
        if let Some(authorization) = self.authorization(call) {
            request = request.header(AUTHORIZATION, authorization);
        }
        let request = request
            .body(oxhttp::model::Body::from(call.body.to_vec()))
            .map_err(|e| RemoteError::BadUrl {
                url: call.uri.to_string(),
                why: format!(" ({e})"),
            })?;
        self.client
            .request(request)
            .map_err(|source| RemoteError::Unreachable {
                method: call.method.clone(),
                url: call.uri.to_string(),
                source,
            })
    }
}

/// Whether the system's CA certificates (or `SSL_CERT_FILE`, `SSL_CERT_DIR`)
/// give at least one root: the HTTP client's TLS set-up, which reads the
/// same, gives up with a panic when none is found.
fn system_has_certificates() -> bool {
    static FOUND: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *FOUND.get_or_init(|| !rustls_native_certs::load_native_certs().certs.is_empty())
}

/// `endpoint?graph=IRI` (or `&graph=` when the endpoint has a query).
fn graph_uri(endpoint: &Uri, graph: &str) -> Uri {
    let encoded = percent_encoding::utf8_percent_encode(graph, percent_encoding::NON_ALPHANUMERIC);
    let separator = if endpoint.query().is_some() { '&' } else { '?' };
    format!("{endpoint}{separator}graph={encoded}")
        .parse()
        .unwrap_or_else(|_| endpoint.clone())
}

/// The start of a server's error message, on one line: HTML tags dropped,
/// whitespace folded, control characters escaped.
fn server_message(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut plain = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                plain.push(' ');
            }
            c if !in_tag => plain.push(c),
            _ => {}
        }
    }
    let folded = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.is_empty() {
        return String::new();
    }
    let mut cut: String = folded.chars().take(300).collect();
    if cut.len() < folded.len() {
        cut.push('…');
    }
    format!(": {}", crate::display::inert(&cut))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_must_be_http_without_credentials() {
        assert!(parse_url("http://127.0.0.1:8890/sparql-graph-crud-auth").is_ok());
        assert!(parse_url("https://store.example.org/ds/data?x=1").is_ok());
        for bad in ["ftp://h/x", "/sparql", "", "http://", "not a url"] {
            assert!(parse_url(bad).is_err(), "{bad}");
        }
        let error = parse_url("https://dba:secret@h/sparql")
            .unwrap_err()
            .to_string();
        assert!(!error.contains("secret") || error.contains("--password-file"));
        assert!(error.contains("--password-file"), "{error}");
    }

    #[test]
    fn graph_parameters_are_percent_encoded() {
        let endpoint: Uri = "http://h/store".parse().unwrap();
        let uri = graph_uri(&endpoint, "https://w3id.org/claimgraph/id/graph/a%20b");
        assert_eq!(
            uri.to_string(),
            "http://h/store?graph=https%3A%2F%2Fw3id%2Eorg%2Fclaimgraph%2Fid%2Fgraph%2Fa%2520b"
        );
        let with_query: Uri = "http://h/crud?x=1".parse().unwrap();
        assert!(
            graph_uri(&with_query, "urn:g")
                .to_string()
                .ends_with("?x=1&graph=urn%3Ag")
        );
    }

    #[test]
    fn only_passing_failures_are_retried() {
        let unreachable = |kind| RemoteError::Unreachable {
            method: Method::PUT,
            url: "http://h/store".into(),
            source: std::io::Error::new(kind, "x"),
        };
        let status = |code: u16| RemoteError::Status {
            method: Method::PUT,
            url: "http://h/store".into(),
            status: StatusCode::from_u16(code).unwrap(),
            message: String::new(),
        };
        for (error, transient) in [
            (unreachable(std::io::ErrorKind::ConnectionRefused), true),
            (unreachable(std::io::ErrorKind::TimedOut), true),
            (unreachable(std::io::ErrorKind::InvalidData), false),
            (status(503), true),
            (status(429), true),
            (status(400), false),
            (status(404), false),
        ] {
            assert_eq!(error.is_transient(), transient, "{error}");
        }
    }

    #[test]
    fn server_messages_are_one_short_line() {
        let html = b"<html><body><h1>Error 500</h1>\n<p>SQ200: bad\tthing\x07</p></body></html>";
        assert_eq!(server_message(html), ": Error 500 SQ200: bad thing\\u{7}");
        assert_eq!(server_message(b""), "");
        assert!(server_message("x".repeat(5000).as_bytes()).chars().count() < 310);
    }
}
