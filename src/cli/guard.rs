//! Limits on a reading command's time and memory, held by a watchdog
//! thread. Oxigraph checks a cancellation token only as it reads the store,
//! and some of its operators collect rows (or, on a corrupted store, an
//! endless stream of read errors) without reading anything new; so the
//! watchdog first cancels, then ends the process with one clear line. A
//! limit holds whatever the query plan does.

use claimgraph::query::QueryError;
use oxigraph::sparql::CancellationToken;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Set once a limit has been passed.
static PAST_LIMIT: AtomicBool = AtomicBool::new(false);

/// How long a cancelled query has to stop by itself.
const GRACE: Duration = Duration::from_secs(2);
const POLL: Duration = Duration::from_millis(100);

/// Starts the watchdog: cancels the returned token after `seconds` (if
/// given), and ends the process when the resident memory passes
/// `max_memory_mb` or a cancelled query does not stop.
pub fn watch(seconds: Option<f64>, max_memory_mb: u64) -> CancellationToken {
    let token = CancellationToken::new();
    let cancel = token.clone();
    let deadline = seconds.map(|s| Instant::now() + Duration::from_secs_f64(s));
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(POLL);
            if resident_mb().is_some_and(|mb| mb > max_memory_mb) {
                PAST_LIMIT.store(true, Ordering::SeqCst);
                stop(&format!(
                    "query stopped: it used more than {max_memory_mb} MB of memory (a query that joins or sorts most of the store, or a corrupted store: `claimgraph check` tells); make it more selective or give --max-memory-mb"
                ));
            }
            if deadline.is_some_and(|d| Instant::now() >= d) {
                PAST_LIMIT.store(true, Ordering::SeqCst);
                cancel.cancel();
                std::thread::sleep(GRACE);
                stop(&QueryError::Cancelled.to_string());
            }
        }
    });
    token
}

/// Whether a limit has passed. Oxigraph's ORDER BY can panic when
/// cancelled in the middle of a sort (its comparison then reads errors as
/// ties); the binary's panic hook asks this to report the limit instead.
pub fn past_limit() -> bool {
    PAST_LIMIT.load(Ordering::SeqCst)
}

/// Ends the process after a passed limit: the time limit's message, exit
/// status 1.
pub fn stop_at_limit() -> ! {
    stop(&QueryError::Cancelled.to_string())
}

fn stop(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1)
}

/// Half the machine's memory, in MB: the default memory limit.
pub fn default_max_memory_mb() -> u64 {
    let total_kb = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        });
    total_kb.map_or(8192, |kb| kb / 1024 / 2)
}

/// This process's resident memory in MB, where the system tells.
fn resident_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024)
}
