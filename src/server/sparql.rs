//! The SPARQL 1.1 Protocol's query operation: `GET ?query=`, `POST` of a
//! form or of `application/sparql-query`, the dataset parameters, content
//! negotiation over the W3C result formats and the RDF formats, and the
//! limits: a query runs on its own thread under a cancellation token and is
//! answered as a timeout when it passes [`super::Config::timeout`] (never as
//! a short result that looks complete), and a result is cut at
//! [`super::Config::max_rows`] with the [`TRUNCATED_HEADER`] saying so.

use super::{App, error};
use crate::query::{self, QueryError};
use oxhttp::model::header::{ACCEPT, CONTENT_TYPE};
use oxhttp::model::{Body, HeaderValue, Method, Request, Response, StatusCode};
use oxigraph::io::RdfFormat;
use oxigraph::model::{GraphName, NamedOrBlankNode};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults};
use oxigraph::store::Store;
use percent_encoding::percent_decode_str;
use std::cell::RefCell;
use std::io::Read;
use std::sync::mpsc;
use std::time::Duration;

/// Set on a result cut at the row limit; its value is the limit.
pub const TRUNCATED_HEADER: &str = "claimgraph-truncated";

/// A query (or a form holding one) may have at most this many bytes.
const MAX_REQUEST_BYTES: u64 = 1 << 20;

/// The stack of a query's thread (Oxigraph recurses; the query limits keep
/// what passes well within it).
const QUERY_STACK_BYTES: usize = 64 << 20;

/// A query still running this long after its cancellation is left to end
/// by itself (Oxigraph checks the token only as it reads the store).
const GRACE: Duration = Duration::from_millis(200);

thread_local! {
    /// The token of the query this thread evaluates.
    static TOKEN: RefCell<Option<CancellationToken>> = const { RefCell::new(None) };
}

/// Whether this thread's query was cancelled: Oxigraph's ORDER BY can
/// panic when cancelled in the middle of a sort, which is then a timeout,
/// not a bug, and the binary's panic hook stays quiet.
pub fn panicked_after_cancel() -> bool {
    TOKEN.with(|t| {
        t.borrow()
            .as_ref()
            .is_some_and(CancellationToken::is_cancelled)
    })
}

/// What a request asks.
struct Asked {
    query: String,
    default_graphs: Vec<String>,
    named_graphs: Vec<String>,
    format: Option<String>,
}

/// A finished answer.
struct Answer {
    body: Vec<u8>,
    content_type: &'static str,
    truncated: bool,
}

/// Why a query got no answer.
#[derive(Debug)]
pub(super) enum Failure {
    Query(QueryError),
    NotAcceptable(&'static str),
    /// The query's thread died (Oxigraph panicked).
    Died,
    /// No thread could be started for the query.
    Busy,
    /// Only a graph can be drawn, and the query gave solutions or a boolean.
    NotAGraph,
}

impl From<QueryError> for Failure {
    fn from(error: QueryError) -> Self {
        Self::Query(error)
    }
}

impl From<QueryEvaluationError> for Failure {
    fn from(error: QueryEvaluationError) -> Self {
        Self::Query(error.into())
    }
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        Self::Query(QueryError::Output(error))
    }
}

pub(super) fn answer(app: &App, request: &mut Request<Body>) -> Response<Body> {
    let asked = match read_request(request) {
        Ok(asked) => asked,
        Err((status, message)) => return error(status, &message),
    };
    let accept = request
        .headers()
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let wanted = Wanted::new(asked.format.as_deref(), &accept);
    if wanted.results.is_none() && wanted.graph.is_none() {
        return error(
            StatusCode::NOT_ACCEPTABLE,
            "none of the formats asked for is served: ask for application/sparql-results+json, +xml, text/csv, text/tab-separated-values, text/turtle, application/n-triples, application/ld+json or application/rdf+xml",
        );
    }
    let max_rows = app.config.max_rows;
    let outcome = limited(app, move |store, token| {
        evaluate(store, &asked, wanted, max_rows, token)
    });
    match outcome {
        Ok(answer) => {
            let mut response = Response::new(Body::from(answer.body));
            let headers = response.headers_mut();
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(answer.content_type));
            if answer.truncated {
                headers.insert(TRUNCATED_HEADER, HeaderValue::from(max_rows));
            }
            response
        }
        Err(Failure::NotAcceptable(kind)) => error(
            StatusCode::NOT_ACCEPTABLE,
            &format!("no format asked for serves {kind}"),
        ),
        Err(failure) => failure.response(app),
    }
}

impl Failure {
    /// The answer to a request that failed.
    pub(super) fn response(self, app: &App) -> Response<Body> {
        match self {
            Self::NotAcceptable(kind) => error(
                StatusCode::NOT_ACCEPTABLE,
                &format!("no format asked for serves {kind}"),
            ),
            Self::Query(QueryError::Cancelled) => error(
                StatusCode::SERVICE_UNAVAILABLE,
                &format!(
                    "query stopped at the server's time limit of {} s; make it more selective (start from an id or a label, add LIMIT)",
                    app.config.timeout.as_secs_f64()
                ),
            ),
            Self::Died => error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the query failed inside Oxigraph; simplify it",
            ),
            Self::Busy => error(
                StatusCode::SERVICE_UNAVAILABLE,
                "cannot start the query now; retry",
            ),
            Self::NotAGraph => error(
                StatusCode::BAD_REQUEST,
                "only the results of CONSTRUCT and DESCRIBE queries can be drawn as a graph; this query gives a table",
            ),
            Self::Query(e) => error(status_of(&e), &e.to_string()),
        }
    }
}

/// Runs `job` on a thread of its own under a cancellation token: past the
/// time limit the token is cancelled and the answer is a timeout, whatever
/// the job does next (its thread is kept until it ends).
pub(super) fn limited<T: Send + 'static>(
    app: &App,
    job: impl FnOnce(&Store, CancellationToken) -> Result<T, Failure> + Send + 'static,
) -> Result<T, Failure> {
    let token = CancellationToken::new();
    let (send, receive) = mpsc::channel();
    let store = app.store.clone();
    let worker_token = token.clone();
    let thread = std::thread::Builder::new()
        .name("claimgraph query".into())
        .stack_size(QUERY_STACK_BYTES)
        .spawn(move || {
            TOKEN.with(|t| *t.borrow_mut() = Some(worker_token.clone()));
            let _ = send.send(job(&store, worker_token));
        })
        .map_err(|_| Failure::Busy)?;
    match receive.recv_timeout(app.config.timeout) {
        Ok(outcome) => {
            let _ = thread.join();
            outcome
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            token.cancel();
            // One that stops at the token gets its error in; the answer is
            // a timeout either way.
            if receive.recv_timeout(GRACE).is_err() {
                app.straggler(thread);
            }
            Err(Failure::Query(QueryError::Cancelled))
        }
        // The thread died: Oxigraph panicked (after a cancel, or a bug).
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(Failure::Died),
    }
}

fn status_of(error: &QueryError) -> StatusCode {
    match error {
        QueryError::ReadOnly => StatusCode::FORBIDDEN,
        QueryError::Cancelled => StatusCode::SERVICE_UNAVAILABLE,
        QueryError::Format { .. } => StatusCode::NOT_ACCEPTABLE,
        QueryError::Corrupted(_) | QueryError::Output(_) => StatusCode::INTERNAL_SERVER_ERROR,
        QueryError::Evaluation(QueryEvaluationError::Dataset(_)) => {
            StatusCode::INTERNAL_SERVER_ERROR
        }
        _ => StatusCode::BAD_REQUEST,
    }
}

/// Reads the query and the dataset parameters from the URL, a form or a
/// `application/sparql-query` body.
fn read_request(request: &mut Request<Body>) -> Result<Asked, (StatusCode, String)> {
    let mut pairs = form_pairs(request.uri().query().unwrap_or(""));
    let mut body_query = None;
    if request.method() == Method::POST {
        let content_type = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let mut body = Vec::new();
        let read = request
            .body_mut()
            .take(MAX_REQUEST_BYTES + 1)
            .read_to_end(&mut body);
        if read.is_err() {
            return Err((
                StatusCode::BAD_REQUEST,
                "cannot read the request body".to_string(),
            ));
        }
        if body.len() as u64 > MAX_REQUEST_BYTES {
            return Err((
                StatusCode::PAYLOAD_TOO_LARGE,
                "the request is larger than 1 MiB; send a shorter query".to_string(),
            ));
        }
        let Ok(body) = String::from_utf8(body) else {
            return Err((
                StatusCode::BAD_REQUEST,
                "the request body is not UTF-8".to_string(),
            ));
        };
        match content_type.as_str() {
            "application/sparql-query" => body_query = Some(body),
            "application/x-www-form-urlencoded" => pairs.extend(form_pairs(&body)),
            "application/sparql-update" => {
                return Err((StatusCode::FORBIDDEN, QueryError::ReadOnly.to_string()));
            }
            _ => {
                return Err((
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "POST a form (application/x-www-form-urlencoded) or application/sparql-query"
                        .to_string(),
                ));
            }
        }
    }
    if pairs.iter().any(|(k, _)| k == "update") {
        return Err((StatusCode::FORBIDDEN, QueryError::ReadOnly.to_string()));
    }
    let values = |name: &str| -> Vec<String> {
        pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    };
    let mut queries = values("query");
    queries.extend(body_query);
    let query = match queries.len() {
        1 => queries.remove(0),
        0 => {
            return Err((
                StatusCode::BAD_REQUEST,
                "no query: give ?query=... or POST one".to_string(),
            ));
        }
        _ => {
            return Err((
                StatusCode::BAD_REQUEST,
                "more than one query given".to_string(),
            ));
        }
    };
    Ok(Asked {
        query,
        default_graphs: values("default-graph-uri"),
        named_graphs: values("named-graph-uri"),
        format: values("format").pop(),
    })
}

/// `application/x-www-form-urlencoded` pairs, decoded.
pub(super) fn form_pairs(text: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// The formats a request accepts, one for each kind of result.
#[derive(Clone, Copy)]
struct Wanted {
    results: Option<QueryResultsFormat>,
    graph: Option<RdfFormat>,
}

impl Wanted {
    /// From a `format` parameter (a name such as `json`, or a media type),
    /// else from `Accept` in order of preference; no `Accept` takes JSON
    /// results and Turtle graphs.
    fn new(format: Option<&str>, accept: &str) -> Self {
        if let Some(format) = format {
            return Self {
                results: QueryResultsFormat::from_extension(format)
                    .or_else(|| QueryResultsFormat::from_media_type(format)),
                graph: RdfFormat::from_extension(format)
                    .or_else(|| RdfFormat::from_media_type(format)),
            };
        }
        if accept.trim().is_empty() {
            return Self {
                results: Some(QueryResultsFormat::Json),
                graph: Some(RdfFormat::Turtle),
            };
        }
        let mut ranked: Vec<(f32, usize, &str)> = accept
            .split(',')
            .enumerate()
            .filter_map(|(n, item)| {
                let mut parts = item.split(';');
                let media = parts.next()?.trim();
                let q = parts
                    .filter_map(|p| p.trim().strip_prefix("q="))
                    .find_map(|q| q.trim().parse::<f32>().ok())
                    .unwrap_or(1.0);
                (q > 0.0).then_some((q, n, media))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut wanted = Self {
            results: None,
            graph: None,
        };
        for (_, _, media) in ranked {
            let any = media == "*/*" || media.eq_ignore_ascii_case("application/*");
            if wanted.results.is_none() {
                wanted.results = QueryResultsFormat::from_media_type(media)
                    .filter(|_| !media.to_ascii_lowercase().starts_with("text/plain"))
                    .or(any.then_some(QueryResultsFormat::Json));
            }
            if wanted.graph.is_none() {
                wanted.graph =
                    RdfFormat::from_media_type(media).or(any.then_some(RdfFormat::Turtle));
            }
        }
        wanted
    }
}

/// Parses and runs the query on this thread, writing the answer in memory
/// (so that a timeout is never sent as a short result).
fn evaluate(
    store: &Store,
    asked: &Asked,
    wanted: Wanted,
    max_rows: usize,
    token: CancellationToken,
) -> Result<Answer, Failure> {
    let mut prepared = query::prepare(&asked.query, Some(token.clone()))?;
    if !asked.default_graphs.is_empty() || !asked.named_graphs.is_empty() {
        let iri = |s: &String| {
            crate::rdf::parse_iri(s)
                .ok_or_else(|| Failure::Query(QueryError::Dataset(format!("{s:?} is not an IRI"))))
        };
        let defaults = asked
            .default_graphs
            .iter()
            .map(|g| iri(g).map(GraphName::NamedNode))
            .collect::<Result<Vec<_>, _>>()?;
        let named = asked
            .named_graphs
            .iter()
            .map(|g| iri(g).map(NamedOrBlankNode::NamedNode))
            .collect::<Result<Vec<_>, _>>()?;
        let dataset = prepared.dataset_mut();
        dataset.set_default_graph(defaults);
        if !named.is_empty() {
            dataset.set_available_named_graphs(named);
        }
    }
    let mut body = Vec::new();
    let mut truncated = false;
    let content_type = match prepared.on_store(store).execute()? {
        QueryResults::Boolean(value) => {
            let format = wanted.results.ok_or(Failure::NotAcceptable("a boolean"))?;
            QueryResultsSerializer::from_format(format)
                .serialize_boolean_to_writer(&mut body, value)?;
            format.media_type()
        }
        QueryResults::Solutions(solutions) => {
            let format = wanted.results.ok_or(Failure::NotAcceptable("solutions"))?;
            let variables = solutions.variables().to_vec();
            let mut writer = QueryResultsSerializer::from_format(format)
                .serialize_solutions_to_writer(&mut body, variables)?;
            for (n, solution) in solutions.enumerate() {
                let solution = solution?;
                if n == max_rows {
                    truncated = true;
                    break;
                }
                writer.serialize(&solution)?;
            }
            writer.finish()?;
            format.media_type()
        }
        QueryResults::Graph(triples) => {
            let format = wanted.graph.ok_or(Failure::NotAcceptable("a graph"))?;
            let mut writer = crate::rdf::store::serializer(format).for_writer(&mut body);
            for (n, triple) in triples.enumerate() {
                let triple = triple?;
                if n == max_rows {
                    truncated = true;
                    break;
                }
                writer.serialize_triple(&triple)?;
            }
            writer.finish()?;
            format.media_type()
        }
    };
    if token.is_cancelled() {
        return Err(Failure::Query(QueryError::Cancelled));
    }
    Ok(Answer {
        body,
        content_type,
        truncated,
    })
}
