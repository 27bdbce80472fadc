//! `claimgraph push`: the flags turned into a [`Remote`], then plan, push,
//! and, with `--verify`, check and repair once.

use anyhow::{Context, Result, bail};
use claimgraph::display::{Shown, inert};
use claimgraph::push::{
    self, AuthScheme, Credentials, Difference, Event, Plan, Protocol, Records, Remote, remote,
};
use claimgraph::rdf::store::GraphStore;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Where the password comes from when no `--password-file` is given.
const PASSWORD_VARIABLE: &str = "CLAIMGRAPH_PASSWORD";
/// Where the user comes from when no `--user` is given.
const USER_VARIABLE: &str = "CLAIMGRAPH_USER";

#[derive(clap::Args)]
pub struct PushArgs {
    /// The remote store's Graph Store endpoint (Virtuoso: /sparql-graph-crud-auth, Oxigraph server: /store, Fuseki: /DATASET/data) or, with --protocol update, its SPARQL Update endpoint
    #[arg(long, value_name = "URL")]
    endpoint: String,
    /// gsp: PUT/DELETE ?graph=IRI; update: DROP SILENT GRAPH + INSERT DATA
    #[arg(long, value_enum, default_value_t = Protocol::Gsp)]
    protocol: Protocol,
    /// The remote's SPARQL query endpoint, for --verify (default with --protocol update: the endpoint)
    #[arg(long, value_name = "URL")]
    query_endpoint: Option<String>,
    /// User name (default: $CLAIMGRAPH_USER)
    #[arg(long)]
    user: Option<String>,
    /// A file whose first line is the password (default: $CLAIMGRAPH_PASSWORD)
    #[arg(long, value_name = "FILE")]
    password_file: Option<PathBuf>,
    /// Send credentials this way (default: as the server asks)
    #[arg(long, value_enum)]
    auth: Option<AuthScheme>,
    /// Graphs sent at once
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    concurrency: u16,
    /// Print what would be sent and deleted; send nothing
    #[arg(long)]
    dry_run: bool,
    /// Send every graph, changed or not
    #[arg(long)]
    full: bool,
    /// Then compare the remote graphs with the local ones, re-send those that differ, and compare again
    #[arg(long)]
    verify: bool,
    /// Compare with the remote first: the graphs it already holds (loaded with its own bulk loader, say) are recorded as pushed, not sent
    #[arg(long)]
    verify_first: bool,
    /// Give up on a request after this many seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0, value_parser = super::positive_seconds)]
    timeout_s: f64,
    /// Retries of a request that failed for a passing reason (unreachable, 5xx, 429), with doubling waits from 0.25 s
    #[arg(long, default_value_t = 4)]
    retries: u32,
}

/// `claimgraph push`.
pub fn push(store_path: &Path, args: PushArgs) -> Result<bool> {
    let started = Instant::now();
    let remote = remote_of(&args)?;
    if (args.verify || args.verify_first) && remote.query_endpoint().is_none() {
        return Err(push::VerifyError::NoQueryEndpoint.into());
    }
    let endpoint = remote.endpoint().to_string();
    let store = GraphStore::open_read_only(store_path)?;
    let mut records = Records::open(store.path(), &endpoint)?;
    let local = push::local_articles(&store)?;
    if args.verify_first {
        let differences = push::verify(&store, &remote, &local, &mut records)?;
        println!(
            "{} of {} graphs already at {endpoint}",
            local.len()
                - differences
                    .iter()
                    .filter(|d| !matches!(d, Difference::Extra { .. }))
                    .count(),
            local.len()
        );
    }
    let plan = Plan::new(&local, &records, args.full);
    if args.dry_run {
        for article in &plan.send {
            println!("send {}", inert(&article.id));
        }
        for id in &plan.delete {
            println!("delete {}", inert(id));
        }
        println!(
            "would send {} graphs and delete {} at {endpoint} ({} unchanged)",
            plan.send.len(),
            plan.delete.len(),
            plan.unchanged
        );
        return Ok(true);
    }
    let concurrency = usize::from(args.concurrency);
    let report = run(&store, &remote, &mut records, &plan, concurrency)?;
    let mut ok = report.failed.is_empty();
    println!(
        "pushed {} graphs to {endpoint} and deleted {} ({} unchanged, {} failed) in {:.1} s",
        report.sent,
        report.deleted,
        report.unchanged,
        report.failed.len(),
        started.elapsed().as_secs_f64()
    );
    if args.verify {
        let mut differences = push::verify(&store, &remote, &local, &mut records)?;
        if !differences.is_empty() {
            eprintln!(
                "verify: {} graphs differ at {endpoint}; sending them again",
                differences.len()
            );
            let again = Plan::new(&local, &records, false);
            ok &= run(&store, &remote, &mut records, &again, concurrency)?
                .failed
                .is_empty();
            differences = push::verify(&store, &remote, &local, &mut records)?;
        }
        for difference in &differences {
            eprintln!("error: verify: {difference}");
        }
        ok &= differences.is_empty();
        println!(
            "verified {} graphs at {endpoint}: {}",
            local.len(),
            match differences.len() {
                0 => "all equal to the local store".to_owned(),
                n => format!("{n} differ (see above); `claimgraph push` again re-sends them"),
            }
        );
        report_extra(&differences);
    }
    Ok(ok)
}

/// Remote-only graphs whose ids cannot be recovered are not deleted by a
/// push: say how to.
fn report_extra(differences: &[Difference]) {
    let unknown = differences.iter().any(|d| {
        matches!(d, Difference::Extra { graph } if claimgraph::rdf::graph_article_id(graph).is_none() && !push::is_shared(graph))
    });
    if unknown {
        eprintln!(
            "note: graphs remotely only that claimgraph did not mint are left alone; drop them with the remote's own tools"
        );
    }
}

/// Carries out a plan with a progress bar, each failure on one line.
fn run(
    store: &GraphStore,
    remote: &Remote,
    records: &mut Records,
    plan: &Plan,
    concurrency: usize,
) -> Result<push::Report> {
    let total = (plan.send.len() + plan.delete.len()) as u64;
    let progress = if io::stderr().is_terminal() && total > 0 {
        ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    progress.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} graphs  {per_sec}  {eta}")
            .expect("valid progress template"),
    );
    let report = push::push(store, remote, records, plan, concurrency, &|event| {
        progress.inc(1);
        if let Event::Failed(id, failure) = event {
            progress.suspend(|| eprintln!("error: {}: {failure}", push::named(id)));
        }
    })?;
    progress.finish_and_clear();
    Ok(report)
}

/// The remote store as the flags describe it.
fn remote_of(args: &PushArgs) -> Result<Remote> {
    let endpoint = remote::parse_url(&args.endpoint)?;
    let query_endpoint = args
        .query_endpoint
        .as_deref()
        .map(remote::parse_url)
        .transpose()?;
    Ok(Remote::new(endpoint, args.protocol)
        .with_query_endpoint(query_endpoint)
        .with_credentials(credentials(args)?)
        .with_timeout(Duration::from_secs_f64(args.timeout_s))
        .with_retries(args.retries, Duration::from_millis(250)))
}

/// The user and password, from the flags or the environment; never from
/// the command line itself.
fn credentials(args: &PushArgs) -> Result<Option<Credentials>> {
    let user = args
        .user
        .clone()
        .or_else(|| std::env::var(USER_VARIABLE).ok().filter(|u| !u.is_empty()));
    let password = match &args.password_file {
        Some(path) => Some(read_password(path)?),
        None => std::env::var(PASSWORD_VARIABLE).ok(),
    };
    match (user, password) {
        (Some(user), Some(password)) => Ok(Some(Credentials {
            user,
            password,
            scheme: args.auth,
        })),
        (Some(_), None) => {
            bail!("--user needs a password: give --password-file FILE or set {PASSWORD_VARIABLE}")
        }
        (None, Some(_)) if args.password_file.is_some() => {
            bail!("--password-file needs a user: give --user NAME or set {USER_VARIABLE}")
        }
        (None, _) if args.auth.is_some() => {
            bail!("--auth needs a user: give --user NAME or set {USER_VARIABLE}")
        }
        (None, _) => Ok(None),
    }
}

/// The first line of a password file.
fn read_password(path: &Path) -> Result<String> {
    let text = std::fs::read(path)
        .with_context(|| format!("password file {}: cannot read", Shown(path)))?;
    let Ok(text) = String::from_utf8(text) else {
        bail!("password file {}: is not UTF-8 text", Shown(path));
    };
    let password = text.lines().next().unwrap_or_default();
    if password.is_empty() {
        bail!(
            "password file {}: is empty; its first line is the password",
            Shown(path)
        );
    }
    Ok(password.to_owned())
}
