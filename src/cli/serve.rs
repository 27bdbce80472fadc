//! `claimgraph serve`: the store behind the endpoint and the explorer until
//! Ctrl-C; with `--watch`, the server also owns the build and rebuilds the
//! articles it watches when they change.

use super::store::build_into;
use anyhow::{Context, Result};
use claimgraph::article::list_files;
use claimgraph::display::Shown;
use claimgraph::extract::Lexicon;
use claimgraph::pipeline;
use claimgraph::rdf::store::GraphStore;
use claimgraph::server::{self, App};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

/// What `--watch` rebuilds, and how often it looks.
pub struct Watch {
    pub paths: Vec<PathBuf>,
    pub interval: Duration,
    pub lexicon: Lexicon,
}

/// How long requests being answered may run on once Ctrl-C is pressed.
const GRACE: Duration = Duration::from_secs(10);

/// Serves the store until SIGINT or SIGTERM: requests being answered are
/// finished (for up to [`GRACE`]), new ones turned away, then the process
/// ends. Without `watch` the store is opened for reading (a `build` beside
/// it gets one line); with it, for writing, and SIGHUP rebuilds at once.
pub fn serve(
    store_path: &Path,
    bind: std::net::SocketAddr,
    config: server::Config,
    watch: Option<Watch>,
) -> Result<bool> {
    // Held until the process ends: the lock says the store is served.
    let store = Arc::new(match &watch {
        Some(_) => GraphStore::open(store_path)?,
        None => GraphStore::open_read_only(store_path)?,
    });
    if !bind.ip().is_loopback() {
        eprintln!(
            "warning: serving on {bind}, reachable from other machines; the endpoint is read-only but has no access control"
        );
    }
    // Signals are taken before anything else can be interrupted.
    let mut signals = Signals::new([SIGINT, SIGTERM, SIGHUP])
        .context("cannot take Ctrl-C and the other stop signals")?;
    let app = Arc::new(App::new(store.store().clone(), config));
    if watch.is_none() {
        // A watched store is read once its first rebuild ends.
        app.warm_up();
    }
    let listening = server::serve(Arc::clone(&app), bind).with_context(|| {
        format!("cannot listen on {bind}; is another server using it? give --bind")
    })?;
    eprintln!(
        "serving store {} at http://{bind}/ (SPARQL endpoint: http://{bind}/sparql); Ctrl-C stops",
        Shown(store.path())
    );
    let watcher = watch.map(|watch| Watcher::start(Arc::clone(&store), Arc::clone(&app), watch));
    for signal in signals.forever() {
        if signal != SIGHUP {
            break;
        }
        match &watcher {
            Some(watcher) => watcher.rebuild_now(),
            None => eprintln!(
                "note: nothing to reload: no one else can change a served store; serve --watch PATH rebuilds when the articles change"
            ),
        }
    }
    eprintln!("stopping: finishing the requests being answered");
    let cut = app.stop(GRACE);
    if let Some(watcher) = watcher
        && watcher.building()
    {
        eprintln!("note: the rebuild under way is cut short; the next build completes it");
    }
    match cut {
        0 => eprintln!("stopped"),
        n => eprintln!("stopped; {n} requests still running after {GRACE:?} were cut"),
    }
    // The listening threads never return; the process ends with this one.
    drop(listening);
    drop(store);
    Ok(true)
}

/// The thread that rebuilds the watched articles into the served store.
struct Watcher {
    now: mpsc::Sender<()>,
    building: Arc<AtomicBool>,
}

impl Watcher {
    fn start(store: Arc<GraphStore>, app: Arc<App>, watch: Watch) -> Self {
        let (now, asked) = mpsc::channel();
        let building = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&building);
        let shown: Vec<String> = watch.paths.iter().map(|p| Shown(p).to_string()).collect();
        eprintln!(
            "watching {} (every {:?}): changed articles are rebuilt into the served store; SIGHUP rebuilds now",
            shown.join(", "),
            watch.interval
        );
        std::thread::spawn(move || {
            let mut seen = None;
            loop {
                let forced = match asked.recv_timeout(watch.interval) {
                    Ok(()) => true,
                    Err(mpsc::RecvTimeoutError::Timeout) => false,
                    Err(mpsc::RecvTimeoutError::Disconnected) => return,
                };
                let now = fingerprint(&watch.paths);
                if !forced && seen.as_ref() == Some(&now) {
                    continue;
                }
                flag.store(true, Ordering::SeqCst);
                let built = build_into(
                    &store,
                    &watch.lexicon,
                    pipeline::Options::default(),
                    false,
                    &watch.paths,
                    Instant::now(),
                );
                flag.store(false, Ordering::SeqCst);
                // Even a failed rebuild may have stored some batches.
                app.store_changed();
                app.warm_up();
                if let Err(error) = built {
                    eprintln!("error: rebuild: {error:#}");
                }
                seen = Some(now);
            }
        });
        // The first build runs at once.
        let watcher = Self { now, building };
        watcher.rebuild_now();
        watcher
    }

    fn rebuild_now(&self) {
        let _ = self.now.send(());
    }

    fn building(&self) -> bool {
        self.building.load(Ordering::SeqCst)
    }
}

/// What the watched articles look like from outside: each file's path,
/// size and modification time. Reading the listing costs a walk, not a read.
fn fingerprint(paths: &[PathBuf]) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
    list_files(paths)
        .files
        .into_iter()
        .filter_map(Result::ok)
        .map(|path| {
            let meta = std::fs::metadata(&path).ok();
            let size = meta.as_ref().map_or(0, std::fs::Metadata::len);
            let modified = meta.and_then(|m| m.modified().ok());
            (path, size, modified)
        })
        .collect()
}
