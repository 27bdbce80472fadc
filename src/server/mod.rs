//! `claimgraph serve`: the store over HTTP. A SPARQL 1.1 Protocol endpoint
//! at `/sparql` (also `/query`), read-only, with the same prefixes and union
//! default graph as `claimgraph query`.
//!
//! Handlers are plain functions from a request to a response ([`App::handle`]),
//! testable without a socket; [`serve`] puts them behind Oxigraph's own HTTP
//! server (`oxhttp`: a thread per connection, so a slow query does not hold
//! up the others).

mod api;
mod drawn;
mod listing;
mod names;
mod sparql;

use oxhttp::model::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_EXPOSE_HEADERS, ALLOW, CONTENT_TYPE,
};
use oxhttp::model::{Body, HeaderValue, Method, Request, Response, StatusCode};
use oxigraph::store::Store;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub use sparql::{TRUNCATED_HEADER, panicked_after_cancel};

/// How the server answers.
#[derive(Debug, Clone)]
pub struct Config {
    /// A query still running after this long is cancelled and answered as
    /// a timeout.
    pub timeout: Duration,
    /// Results are cut after this many rows (or triples), and say so in the
    /// [`TRUNCATED_HEADER`] header.
    pub max_rows: usize,
    /// The origin allowed to call the endpoint from a browser, if any.
    pub cors: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            max_rows: 10_000,
            cors: None,
        }
    }
}

/// The server's state: the store (opened read-only by the caller, which
/// holds its lock) and the configuration.
pub struct App {
    store: Store,
    config: Config,
    /// The threads of queries answered as timeouts that have not ended yet
    /// (Oxigraph sees the cancellation only as it reads the store).
    stragglers: Mutex<Vec<JoinHandle<()>>>,
    /// Set by [`App::stop`]: requests from then on are turned away.
    stopping: AtomicBool,
    /// Requests being answered.
    in_flight: AtomicUsize,
    /// The entities' names, for search and aliases (read once).
    names: Arc<names::NameCache>,
}

/// Counts a request while it is answered.
struct InFlight<'a>(&'a AtomicUsize);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl App {
    pub fn new(store: Store, config: Config) -> Self {
        Self {
            store,
            config,
            stragglers: Mutex::new(Vec::new()),
            stopping: AtomicBool::new(false),
            in_flight: AtomicUsize::new(0),
            names: Arc::default(),
        }
    }

    /// Starts reading the entities' names on a thread of its own, so the
    /// first search does not wait for them (a few seconds on a large store).
    pub fn warm_up(&self) {
        self.names.warm_up(&self.store);
    }

    /// Says the store has changed (a rebuild into it has ended): what is
    /// held from it is read again when next asked.
    pub fn store_changed(&self) {
        self.names.forget();
    }

    /// Turns new requests away (503) and waits up to `grace` for those
    /// being answered; returns how many were still running.
    pub fn stop(&self, grace: Duration) -> usize {
        self.stopping.store(true, Ordering::SeqCst);
        let started = Instant::now();
        loop {
            let running = self.in_flight.load(Ordering::SeqCst);
            if running == 0 || started.elapsed() >= grace {
                return running;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Keeps a cancelled query's thread until it ends.
    fn straggler(&self, thread: JoinHandle<()>) {
        let mut stragglers = self
            .stragglers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        stragglers.retain(|t| !t.is_finished());
        stragglers.push(thread);
    }

    /// Answers one request.
    pub fn handle(&self, request: &mut Request<Body>) -> Response<Body> {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        let _counted = InFlight(&self.in_flight);
        let mut response = if self.stopping.load(Ordering::SeqCst) {
            error(StatusCode::SERVICE_UNAVAILABLE, "the server is stopping")
        } else {
            self.route(request)
        };
        if let Some(origin) = &self.config.cors
            && let Ok(origin) = HeaderValue::from_str(origin)
        {
            let headers = response.headers_mut();
            headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            headers.insert(
                ACCESS_CONTROL_EXPOSE_HEADERS,
                HeaderValue::from_static(TRUNCATED_HEADER),
            );
        }
        response
    }

    fn route(&self, request: &mut Request<Body>) -> Response<Body> {
        let path = request.uri().path();
        match path {
            "/sparql" | "/query" => match *request.method() {
                Method::GET | Method::POST => sparql::answer(self, request),
                Method::OPTIONS => preflight(),
                _ => not_allowed("GET, POST, OPTIONS"),
            },
            _ if path.starts_with("/api/") => match *request.method() {
                Method::GET => api::answer(self, request),
                _ => not_allowed("GET"),
            },
            "/" | "/page/app.js" | "/page/style.css" | "/page/vendor/cytoscape.min.js" => {
                match *request.method() {
                    Method::GET | Method::HEAD => page(path),
                    _ => not_allowed("GET, HEAD"),
                }
            }
            _ => error(
                StatusCode::NOT_FOUND,
                "no such page; the SPARQL endpoint is /sparql, the views are under /api/",
            ),
        }
    }
}

impl Drop for App {
    /// Waits for cancelled queries: they read the store, which must outlive
    /// them.
    fn drop(&mut self) {
        let stragglers = std::mem::take(
            self.stragglers
                .get_mut()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        for thread in stragglers {
            let _ = thread.join();
        }
    }
}

/// Starts serving `app` on `address`; returns once the socket listens.
pub fn serve(app: Arc<App>, address: SocketAddr) -> std::io::Result<oxhttp::ListeningServer> {
    oxhttp::Server::new(move |request| app.handle(request))
        .bind(address)
        .with_global_timeout(Duration::from_secs(60))
        .with_max_concurrent_connections(128)
        .with_server_name(concat!("claimgraph/", env!("CARGO_PKG_VERSION")))
        .map_err(std::io::Error::other)?
        .spawn()
}

/// A one-line plain-text answer with `status`.
fn error(status: StatusCode, message: &str) -> Response<Body> {
    text(status, "text/plain; charset=utf-8", format!("{message}\n"))
}

fn text(status: StatusCode, content_type: &'static str, body: String) -> Response<Body> {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn not_allowed(allow: &'static str) -> Response<Body> {
    let mut response = error(StatusCode::METHOD_NOT_ALLOWED, "method not allowed here");
    response
        .headers_mut()
        .insert(ALLOW, HeaderValue::from_static(allow));
    response
}

fn preflight() -> Response<Body> {
    let mut response = text(StatusCode::NO_CONTENT, "text/plain", String::new());
    let headers = response.headers_mut();
    headers.insert(
        ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, POST, OPTIONS"),
    );
    headers.insert(
        ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("Content-Type, Accept"),
    );
    response
}

/// The explorer: a page and its script and style, embedded in the binary
/// (no CDN, no build step); it reads the views under `/api/`.
fn page(path: &str) -> Response<Body> {
    let (content_type, body) = match path {
        "/page/app.js" => (
            "text/javascript; charset=utf-8",
            include_str!("page/app.js"),
        ),
        "/page/style.css" => ("text/css; charset=utf-8", include_str!("page/style.css")),
        "/page/vendor/cytoscape.min.js" => (
            "text/javascript; charset=utf-8",
            include_str!("page/vendor/cytoscape.min.js"),
        ),
        _ => ("text/html; charset=utf-8", include_str!("page/index.html")),
    };
    text(StatusCode::OK, content_type, body.to_owned())
}

#[cfg(test)]
mod tests;
