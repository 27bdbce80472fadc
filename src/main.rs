//! The claimgraph binary: parse arguments, run, map the outcome to an exit
//! code (0 ok, 1 something failed, 2 usage).

mod cli;

use clap::Parser;
use std::process::ExitCode;

// Extraction and the bulk loader allocate many small strings from several
// threads; mimalloc does that markedly faster than the system allocator
// (docs/PERFORMANCE.md). It also replaces `malloc` for the C++ side
// (feature "override"): Oxigraph frees RocksDB's error strings with the
// Rust allocator, so both sides must use the same one.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Oxigraph parses and evaluates SPARQL by recursion: the command runs on
/// a thread with this much stack (address space, touched only as used), so
/// every query within `claimgraph::query`'s limits has room.
const STACK_BYTES: usize = 256 << 20;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let report_panic = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if cli::past_limit() {
            cli::stop_at_limit();
        }
        // The build reports a panic in extraction on one line for the
        // article; a server query that panics once cancelled (Oxigraph's
        // sort) is answered as a timeout.
        if claimgraph::pipeline::extracting() || claimgraph::server::panicked_after_cancel() {
            return;
        }
        report_panic(info);
    }));
    let outcome = std::thread::Builder::new()
        .name("claimgraph".into())
        .stack_size(STACK_BYTES)
        .spawn(move || cli::run(cli))
        .map_err(anyhow::Error::from)
        .and_then(|thread| {
            thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        // A closed pipe (`claimgraph query ... | head`) is not an error.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            let message = format!("{error:#}");
            eprintln!("error: {}", claimgraph::display::inert(&message));
            ExitCode::from(1)
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
