//! `claimgraph push` against a real triple store: OpenLink Virtuoso (Debian's
//! `virtuoso-opensource`, installed by `.ci/setup`), started by the test on
//! free loopback ports with a throwaway database and stopped at the end;
//! and Oxigraph's server when `oxigraph` is on PATH.

mod common;

use common::*;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const USER: &str = "cg";
const PASSWORD: &str = "s3cret-for-tests";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A Virtuoso server of its own: a database folder in a temporary
/// directory, ports nobody uses, a user with the SPARQL_UPDATE role.
struct Virtuoso {
    child: Child,
    isql_port: u16,
    http_port: u16,
    dir: tempfile::TempDir,
}

impl Virtuoso {
    fn start() -> Self {
        let ini = Path::new("/etc/virtuoso-opensource-7/virtuoso.ini");
        assert!(
            ini.exists() && which("virtuoso-t") && which("isql-vt"),
            "Virtuoso is not installed: run `bash .ci/setup` (Debian's virtuoso-opensource)"
        );
        let dir = tempfile::tempdir().unwrap();
        let (isql_port, http_port) = (free_port(), free_port());
        let folder = format!("{}/", dir.path().display());
        let config: String = std::fs::read_to_string(ini)
            .unwrap()
            .replace("/var/lib/virtuoso-opensource-7/db/", &folder)
            .lines()
            .map(|line| match line.split('=').next().map(str::trim) {
                Some("ServerPort") if line.contains("1111") => format!("ServerPort = {isql_port}"),
                Some("ServerPort") if line.contains("8890") => format!("ServerPort = {http_port}"),
                _ => line.to_owned(),
            })
            .map(|line| line + "\n")
            .collect();
        let ini = dir.path().join("virtuoso.ini");
        std::fs::write(&ini, config).unwrap();
        let log = dir.path().join("server.log");
        let child = Command::new("virtuoso-t")
            .arg("-f")
            .arg("-c")
            .arg(&ini)
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("virtuoso-t starts");
        let mut virtuoso = Self {
            child,
            isql_port,
            http_port,
            dir,
        };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", http_port)).is_err()
            || TcpStream::connect(("127.0.0.1", isql_port)).is_err()
        {
            if let Some(status) = virtuoso.child.try_wait().unwrap() {
                panic!("virtuoso-t ended ({status}): {}", virtuoso.log());
            }
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "Virtuoso did not start: {}",
                virtuoso.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        virtuoso.isql(&format!(
            "DB.DBA.USER_CREATE('{USER}', '{PASSWORD}'); GRANT SPARQL_UPDATE TO \"{USER}\";"
        ));
        virtuoso
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }

    fn isql(&self, statements: &str) {
        let out = Command::new("isql-vt")
            .arg(self.isql_port.to_string())
            .args(["dba", "dba"])
            .arg(format!("exec={statements}"))
            .output()
            .expect("isql-vt runs");
        let text = stdout(&out) + &stderr(&out);
        assert!(
            out.status.success() && !text.contains("*** Error"),
            "isql: {statements}: {text}"
        );
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.http_port)
    }

    /// The rows of a SELECT asked of Virtuoso's own `/sparql` endpoint, as
    /// sorted lists of `variable=value`.
    fn select(&self, query: &str) -> Vec<Vec<String>> {
        remote_select(&self.url("/sparql"), query)
    }
}

impl Drop for Virtuoso {
    fn drop(&mut self) {
        let _ = Command::new("isql-vt")
            .arg(self.isql_port.to_string())
            .args(["dba", "dba", "exec=shutdown;"])
            .output();
        let started = Instant::now();
        while self.child.try_wait().ok().flatten().is_none() {
            if started.elapsed() > Duration::from_secs(20) {
                let _ = self.child.kill();
                let _ = self.child.wait();
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// The rows of a SELECT asked of a SPARQL endpoint, as [`rows`] gives them.
fn remote_select(endpoint: &str, query: &str) -> Vec<Vec<String>> {
    let form = format!("query={}", encoded(query));
    let (status, body) = fetch(endpoint, "application/sparql-results+json", Some(&form));
    assert_eq!(status, 200, "{query}\n{body}");
    rows(&body)
}

fn which(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|folder| folder.join(program).is_file())
    })
}

/// SPARQL JSON results as sorted rows of `variable=value`, sorted.
fn rows(json: &str) -> Vec<Vec<String>> {
    let results: serde_json::Value = serde_json::from_str(json).expect("SPARQL JSON results");
    let mut rows: Vec<Vec<String>> = results["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|binding| {
            let mut row: Vec<String> = binding
                .as_object()
                .unwrap()
                .iter()
                .map(|(name, value)| format!("{name}={}", value["value"].as_str().unwrap()))
                .collect();
            row.sort();
            row
        })
        .collect();
    rows.sort();
    rows
}

fn local_select(store: &str, query: &str) -> Vec<Vec<String>> {
    let out = run(&["query", "--store", store, "--format", "json", query]);
    assert!(out.status.success(), "{query}: {}", stderr(&out));
    rows(&stdout(&out))
}

/// The canned questions, in SPARQL 1.1 both stores speak (no LATERAL).
const QUESTIONS: &[&str] = &[
    // Who denies what.
    "PREFIX cg: <https://w3id.org/claimgraph/ontology#>
     PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
     SELECT DISTINCT ?speaker ?predicate WHERE {
       GRAPH ?g { ?s cg:stance cg:denies ; cg:speaker ?sp ; cg:proposition ?p }
       GRAPH ?h { ?sp rdfs:label ?speaker } GRAPH ?k { ?p cg:predicate ?predicate } }",
    // The figures given, by whom.
    "PREFIX cg: <https://w3id.org/claimgraph/ontology#>
     PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
     SELECT DISTINCT ?s ?who ?quantity ?qualifier WHERE {
       GRAPH ?g { ?s cg:figure ?f ; cg:speaker ?sp } GRAPH ?f2 { ?f cg:quantity ?quantity ; cg:qualifier ?qualifier }
       GRAPH ?h { ?sp rdfs:label ?who } }",
    // The pacts signed.
    "PREFIX cg: <https://w3id.org/claimgraph/ontology#>
     PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
     SELECT DISTINCT ?party ?other ?doc ?start WHERE {
       GRAPH ?g { ?r cg:predicate cg:signsPactWith ; cg:subject ?a ; cg:object ?b ; cg:start ?start .
                  ?art cg:articleId ?doc }
       GRAPH ?h { ?a rdfs:label ?party } GRAPH ?k { ?b rdfs:label ?other } }",
    // Triples per graph: the articles' and the shared ones.
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o }
       FILTER(STRSTARTS(STR(?g), \"https://w3id.org/claimgraph/id/graph/\")) } GROUP BY ?g",
];

/// N in a push's "pushed N graphs".
fn pushed(said: &str) -> usize {
    said.split("pushed ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{said}"))
}

fn password_file(dir: &Path) -> PathBuf {
    let path = dir.join("password");
    std::fs::write(&path, format!("{PASSWORD}\n")).unwrap();
    path
}

/// `claimgraph push` with digest auth to Virtuoso's Graph Store endpoint.
fn push(store: &str, virtuoso: &Virtuoso, password: &Path, more: &[&str]) -> std::process::Output {
    let endpoint = virtuoso.url("/sparql-graph-crud-auth");
    let query = virtuoso.url("/sparql");
    let mut args = vec![
        "push",
        "--store",
        store,
        "--endpoint",
        &endpoint,
        "--query-endpoint",
        &query,
        "--user",
        USER,
        "--password-file",
        password.to_str().unwrap(),
    ];
    args.extend_from_slice(more);
    let out = run(&args);
    assert!(
        !stdout(&out).contains(PASSWORD) && !stderr(&out).contains(PASSWORD),
        "the password is never shown"
    );
    out
}

fn assert_same_answers(store: &str, virtuoso: &Virtuoso) {
    for question in QUESTIONS {
        assert_eq!(
            virtuoso.select(question),
            local_select(store, question),
            "{question}"
        );
    }
}

#[test]
fn the_sample_pushed_to_virtuoso_answers_as_the_local_store_and_follows_its_changes() {
    let virtuoso = Virtuoso::start();
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    for entry in std::fs::read_dir(sample_dir()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), articles.join(entry.file_name())).unwrap();
    }
    let store = store_arg(dir.path());
    let built = run(&["build", "--store", &store, articles.to_str().unwrap()]);
    assert!(built.status.success(), "{}", stderr(&built));
    let password = password_file(dir.path());

    let out = push(&store, &virtuoso, &password, &["--dry-run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("would send 10 graphs and delete 0"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        virtuoso.select(QUESTIONS[3]),
        vec![] as Vec<Vec<String>>,
        "a dry run sends nothing"
    );

    let out = push(&store, &virtuoso, &password, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The five articles, the three shared graphs and the summary.
    assert!(
        stdout(&out).contains("pushed 10 graphs"),
        "{}",
        stdout(&out)
    );
    assert_same_answers(&store, &virtuoso);
    // The facts the sample is known for, remotely.
    let denials = virtuoso.select(QUESTIONS[0]);
    assert!(
        denials
            .iter()
            .any(|row| row.iter().any(|v| v.contains("Peskov"))),
        "the Kremlin spokesman's denial: {denials:?}"
    );
    let figures = virtuoso.select(QUESTIONS[1]);
    assert!(
        figures
            .iter()
            .any(|row| row.contains(&"quantity=12000".to_owned())),
        "the 12,000 figure: {figures:?}"
    );
    assert!(!virtuoso.select(QUESTIONS[2]).is_empty(), "the pact");

    // Nothing changed: nothing sent.
    let out = push(&store, &virtuoso, &password, &[]);
    assert!(stdout(&out).contains("pushed 0 graphs") && stdout(&out).contains("10 unchanged"));

    // One article changed, one removed.
    let ids = article_ids(&store);
    let changed = articles.join(
        std::fs::read_dir(&articles)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .min()
            .unwrap(),
    );
    let text = std::fs::read_to_string(&changed).unwrap();
    std::fs::write(
        &changed,
        format!(
            "{text}\nThe Kremlin spokesman Dmitry Peskov denied the reports again on Friday.\n"
        ),
    )
    .unwrap();
    let rebuilt = run(&["build", "--store", &store, articles.to_str().unwrap()]);
    assert!(rebuilt.status.success(), "{}", stderr(&rebuilt));
    let removed = ids.last().unwrap();
    let out = run(&["remove", "--store", &store, removed]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = push(&store, &virtuoso, &password, &["--verify"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The changed article, and the shared graphs the change or the removal
    // touched.
    let sent = pushed(&stdout(&out));
    assert!(
        (2..=6).contains(&sent) && stdout(&out).contains("deleted 1"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("verified 9 graphs") && stdout(&out).contains("all equal"));
    assert_same_answers(&store, &virtuoso);

    // The remote loses a graph behind claimgraph's back: --verify finds it
    // and sends it again.
    let lost = &ids[0];
    virtuoso.isql(&format!(
        "SPARQL CLEAR GRAPH <https://w3id.org/claimgraph/id/graph/{lost}>;"
    ));
    let out = push(&store, &virtuoso, &password, &["--verify"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("1 graphs differ"), "{}", stderr(&out));
    assert!(stdout(&out).contains("all equal"), "{}", stdout(&out));
    assert_same_answers(&store, &virtuoso);

    // SPARQL Update instead of the Graph Store Protocol, to the same graphs.
    let update = virtuoso.url("/sparql-auth");
    let out = run(&[
        "push",
        "--store",
        &store,
        "--endpoint",
        &update,
        "--protocol",
        "update",
        "--user",
        USER,
        "--password-file",
        password.to_str().unwrap(),
        "--verify",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("pushed 9 graphs") && stdout(&out).contains("all equal"));
    assert_same_answers(&store, &virtuoso);

    // Wrong credentials: one line, nothing recorded as pushed.
    let wrong = dir.path().join("wrong");
    std::fs::write(&wrong, "not-the-password\n").unwrap();
    let out = push(&store, &virtuoso, &wrong, &["--full"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("HTTP 401") && stderr(&out).lines().count() == 1,
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_push_killed_midway_is_completed_by_the_next() {
    let virtuoso = Virtuoso::start();
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    let out = run(&[
        "generate",
        "--articles",
        "300",
        "-o",
        corpus.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let store = store_arg(dir.path());
    let out = run(&["build", "--store", &store, corpus.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let password = password_file(dir.path());
    let endpoint = virtuoso.url("/sparql-graph-crud-auth");
    let mut child = Command::new(BIN)
        .args(["push", "--store", &store, "--endpoint", &endpoint])
        .args(["--user", USER, "--password-file"])
        .arg(&password)
        .args(["--concurrency", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Killed (as with kill -9) once some graphs are recorded as pushed.
    let journal = Path::new(&store).join("claimgraph-pushed");
    let started = Instant::now();
    loop {
        let recorded = std::fs::read_dir(&journal)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "tsv"))
            .map(|e| {
                std::fs::read_to_string(e.path())
                    .unwrap_or_default()
                    .lines()
                    .count()
            })
            .sum::<usize>();
        if recorded > 20 {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the push ended before it was killed"
        );
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the push records nothing"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let graphs = virtuoso.select(QUESTIONS[3]).len();
    assert!(
        (20..300).contains(&graphs),
        "killed midway: {graphs} graphs remotely"
    );

    // A server gone away: a few lines, then the push stops, recording nothing.
    let gone = format!("http://127.0.0.1:{}/store", free_port());
    let out = run(&[
        "push",
        "--store",
        &store,
        "--endpoint",
        &gone,
        "--retries",
        "0",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let said = stderr(&out);
    assert!(
        said.contains("in a row") && said.lines().count() < 12,
        "{said}"
    );

    let out = push(&store, &virtuoso, &password, &["--verify"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&out);
    let unchanged: usize = said
        .split(" unchanged")
        .next()
        .and_then(|s| s.rsplit('(').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{said}"));
    assert!((20..300).contains(&unchanged), "{said}");
    assert!(
        said.contains("verified 305 graphs") && said.contains("all equal"),
        "{said}"
    );
    assert_eq!(
        virtuoso.select(QUESTIONS[3]),
        local_select(&store, QUESTIONS[3])
    );
}

/// Oxigraph's own server, when installed: the Graph Store Protocol at
/// `/store`, queries at `/query`.
#[test]
fn the_sample_pushed_to_an_oxigraph_server() {
    if !which("oxigraph") {
        eprintln!("skipped: `oxigraph` (the server, `cargo install oxigraph-cli`) is not on PATH");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let store = build_sample(dir.path());
    let port = free_port();
    let bind = format!("127.0.0.1:{port}");
    let mut server = Command::new("oxigraph")
        .args(["serve", "--location"])
        .arg(dir.path().join("remote"))
        .args(["--bind", &bind])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while TcpStream::connect(&bind).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "oxigraph did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let endpoint = format!("http://{bind}/store");
    let query = format!("http://{bind}/query");
    let push = || {
        run(&[
            "push",
            "--store",
            &store,
            "--endpoint",
            &endpoint,
            "--query-endpoint",
            &query,
            "--verify",
        ])
    };
    let first = push();
    let again = push();
    let answers: Vec<_> = QUESTIONS.iter().map(|q| remote_select(&query, q)).collect();
    let _ = server.kill();
    let _ = server.wait();
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stdout(&first).contains("pushed 10 graphs"),
        "{}",
        stdout(&first)
    );
    assert!(stdout(&first).contains("all equal"), "{}", stdout(&first));
    assert!(
        stdout(&again).contains("pushed 0 graphs"),
        "{}",
        stdout(&again)
    );
    for (question, answer) in QUESTIONS.iter().zip(answers) {
        assert_eq!(answer, local_select(&store, question), "{question}");
    }
}

#[test]
fn bad_endpoints_and_credentials_are_one_line_each() {
    let dir = tempfile::tempdir().unwrap();
    let store = build_sample(dir.path());
    let unused = format!("http://127.0.0.1:{}/store", free_port());
    for (args, expected) in [
        (
            vec!["--endpoint", "ftp://h/x"],
            "is not an http:// or https:// URL",
        ),
        (
            vec!["--endpoint", "http://u:p@127.0.0.1/store"],
            "without a user and password in it",
        ),
        (
            vec!["--endpoint", &unused, "--user", "u"],
            "--user needs a password",
        ),
        (
            vec![
                "--endpoint",
                &unused,
                "--user",
                "u",
                "--password-file",
                "/nonexistent/pw",
            ],
            "password file /nonexistent/pw: cannot read",
        ),
        (
            vec!["--endpoint", &unused, "--verify", "--retries", "0"],
            "--verify needs",
        ),
    ] {
        let mut all = vec!["push", "--store", &store];
        all.extend(args.iter().copied());
        let out = run(&all);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(expected),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    // HTTPS with no CA certificates to check the server's: one line, no
    // panic in the TLS set-up.
    let out = Command::new(BIN)
        .args([
            "push",
            "--store",
            &store,
            "--endpoint",
            "https://127.0.0.1:1/store",
        ])
        .env("SSL_CERT_FILE", "/nonexistent/ca.pem")
        .env("SSL_CERT_DIR", "/nonexistent")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no CA certificates"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    // Nobody listening: each article one line, after the retries.
    let out = run(&[
        "push",
        "--store",
        &store,
        "--endpoint",
        &unused,
        "--retries",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let said = stderr(&out);
    let errors: Vec<&str> = said.lines().filter(|l| l.starts_with("error:")).collect();
    // Nine graphs (five articles, three shared, the summary): the eighth
    // failure in a row stops the push.
    assert_eq!(errors.len(), 8, "{}", stderr(&out));
    assert!(errors.iter().all(|l| l.contains("cannot reach the server")));
    assert!(errors[7].contains("in a row"), "{}", stderr(&out));
    // Nothing was recorded: a dry run would still send everything.
    let out = run(&[
        "push",
        "--store",
        &store,
        "--endpoint",
        &unused,
        "--dry-run",
    ]);
    assert!(
        stdout(&out).contains("would send 10 graphs"),
        "{}",
        stdout(&out)
    );
}

/// The request lines and bodies an [`HttpsStore`] was sent.
type Received = std::sync::Arc<std::sync::Mutex<Vec<(String, Vec<u8>)>>>;

/// A Graph Store endpoint over HTTPS, with the test CA's certificate
/// (`tests/tls/`): answers every request 201 and keeps what it was sent.
struct HttpsStore {
    url: String,
    received: Received,
}

impl HttpsStore {
    fn start() -> Self {
        use rustls_pki_types::pem::PemObject;
        use rustls_pki_types::{CertificateDer, PrivateKeyDer};
        use std::io::{BufRead, BufReader, Read, Write};
        let tls = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tls");
        let certificates: Vec<CertificateDer> =
            CertificateDer::pem_file_iter(tls.join("server.pem"))
                .unwrap()
                .map(Result::unwrap)
                .collect();
        let key = PrivateKeyDer::from_pem_file(tls.join("server.key")).unwrap();
        let config = std::sync::Arc::new(
            rustls::ServerConfig::builder_with_provider(std::sync::Arc::new(
                rustls::crypto::ring::default_provider(),
            ))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(certificates, key)
            .unwrap(),
        );
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("https://{}/store", listener.local_addr().unwrap());
        let received = Received::default();
        let kept = received.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let connection = rustls::ServerConnection::new(config.clone()).unwrap();
                let mut tls = rustls::StreamOwned::new(connection, stream);
                // A client that refuses the certificate ends here.
                let mut reader = BufReader::new(&mut tls);
                let mut request_line = String::new();
                if reader.read_line(&mut request_line).is_err() {
                    continue;
                }
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).is_err() || line.trim().is_empty() {
                        break;
                    }
                    if let Some((name, value)) = line.split_once(':')
                        && name.eq_ignore_ascii_case("content-length")
                    {
                        length = value.trim().parse().unwrap_or(0);
                    }
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    continue;
                }
                kept.lock()
                    .unwrap()
                    .push((request_line.trim().to_owned(), body));
                let _ = tls.write_all(
                    b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
                tls.conn.send_close_notify();
                let _ = tls.flush();
            }
        });
        Self { url, received }
    }
}

#[test]
fn pushes_over_https_and_refuses_an_unknown_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let store = build_sample(dir.path());
    let server = HttpsStore::start();
    let ca = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tls/ca.pem");
    // The test CA is not among the system's roots: refused, one line each.
    let out = run(&[
        "push",
        "--store",
        &store,
        "--endpoint",
        &server.url,
        "--retries",
        "0",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("certificate"), "{}", stderr(&out));
    assert!(server.received.lock().unwrap().is_empty());
    // Trusted through SSL_CERT_FILE: every graph sent.
    let out = Command::new(BIN)
        .args(["push", "--store", &store, "--endpoint", &server.url])
        .env("SSL_CERT_FILE", &ca)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("pushed 10 graphs"),
        "{}",
        stdout(&out)
    );
    let received = server.received.lock().unwrap();
    assert_eq!(received.len(), 10);
    for (request, body) in received.iter() {
        assert!(
            request.starts_with("PUT /store?graph=https%3A%2F%2Fw3id"),
            "{request}"
        );
        let text = String::from_utf8_lossy(body);
        // The smallest, the figures graph, states each figure in 4 triples.
        assert!(text.lines().count() >= 4 && text.lines().all(|l| l.ends_with(" .")));
    }
}
