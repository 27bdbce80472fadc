//! What the end-to-end test binaries share: running the real binary and
//! reading its answers.
#![allow(dead_code)]

use serde_json::Value;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_claimgraph");

pub fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("run claimgraph")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn store_arg(dir: &Path) -> String {
    dir.join("store").display().to_string()
}

pub fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/articles")
}

pub fn query_file(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/queries")
        .join(name)
        .display()
        .to_string()
}

/// Rows of a SELECT as maps from variable to value.
pub fn select(store: &str, query_path: &str) -> Vec<serde_json::Map<String, Value>> {
    let out = run(&[
        "query", "--store", store, "--format", "json", "--file", query_path,
    ]);
    assert!(out.status.success(), "query failed: {}", stderr(&out));
    let json: Value = serde_json::from_slice(&out.stdout).expect("SPARQL JSON results");
    json["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            b.as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v["value"].clone()))
                .collect()
        })
        .collect()
}

pub fn value<'a>(row: &'a serde_json::Map<String, Value>, key: &str) -> &'a str {
    row.get(key).and_then(Value::as_str).unwrap_or("")
}

/// A copy of the sample articles in `dir/articles`, to change and remove.
pub fn copy_sample(dir: &Path) -> PathBuf {
    let articles = dir.join("articles");
    std::fs::create_dir(&articles).unwrap();
    for entry in std::fs::read_dir(sample_dir()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, articles.join(path.file_name().unwrap())).unwrap();
    }
    articles
}

pub fn build_sample(dir: &Path) -> String {
    let store = store_arg(dir);
    let out = run(&["build", "--store", &store]);
    assert!(out.status.success(), "build failed: {}", stderr(&out));
    store
}

/// Runs the binary, killing it and failing the test if it takes longer
/// than `limit`: for inputs that used to hang. The bound is generous; it
/// tells a hang from a run, it does not time one.
pub fn run_bounded(args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run claimgraph");
    // Drain both pipes on their own threads so a chatty child cannot block.
    let mut out = child.stdout.take().expect("piped stdout");
    let mut err = child.stderr.take().expect("piped stderr");
    let out = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut buf).map(|_| buf)
    });
    let err = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut buf).map(|_| buf)
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for claimgraph") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("claimgraph {args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out.join().unwrap().unwrap(),
        stderr: err.join().unwrap().unwrap(),
    }
}

/// One article's graph as N-Quads, to compare before and after.
pub fn article_graph(store: &str, id: &str) -> Vec<u8> {
    let out = run(&[
        "export",
        "--store",
        store,
        "--format",
        "nquads",
        "--article",
        id,
    ]);
    assert!(out.status.success(), "export failed: {}", stderr(&out));
    out.stdout
}

/// The ids of the stored articles.
pub fn article_ids(store: &str) -> Vec<String> {
    let out = run(&[
        "query",
        "--store",
        store,
        "--format",
        "tsv",
        "SELECT ?id WHERE { ?a cg:articleId ?id } ORDER BY ?id",
    ]);
    assert!(out.status.success(), "query failed: {}", stderr(&out));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(1)
        .map(|l| l.trim_matches('"').to_owned())
        .collect()
}

/// A running server, killed when dropped; what it writes to standard
/// error goes to `log`.
pub struct Served {
    pub child: std::process::Child,
    pub url: String,
    pub log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    /// What the server has written to standard error so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Sends `signal` (`INT`, `TERM`, `HUP`) to the server.
    pub fn signal(&self, signal: &str) {
        let sent = Command::new("kill")
            .args([format!("-{signal}"), self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "kill -{signal} failed");
    }

    /// Waits (boundedly) for the server to end; its exit status.
    pub fn wait_for_exit(&mut self, limit: Duration) -> std::process::ExitStatus {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                started.elapsed() < limit,
                "the server did not stop: {}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

pub fn serve(store: &str) -> Served {
    serve_with(store, &[])
}

/// Starts `claimgraph serve` on a free loopback port with `args`.
pub fn serve_with(store: &str, args: &[&str]) -> Served {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let bind = format!("127.0.0.1:{port}");
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("serve.log");
    let child = Command::new(BIN)
        .args(["serve", "--store", store, "--bind", &bind])
        .args(args)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let mut served = Served {
        child,
        url: format!("http://{bind}"),
        log,
        _dir: dir,
    };
    let started = Instant::now();
    while TcpStream::connect(&bind).is_err() {
        if let Some(status) = served.child.try_wait().unwrap() {
            panic!("the server ended ({status}): {}", served.log());
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    served
}

/// `text` percent-encoded for a URL (everything but RFC 3986's unreserved
/// characters).
pub fn encoded(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Asks with Python's urllib: a GET (or a POST of `form`), returning the
/// status and body.
pub fn fetch(url: &str, accept: &str, form: Option<&str>) -> (u16, String) {
    let script = r#"
import sys, urllib.request, urllib.error
url, accept, form = sys.argv[1], sys.argv[2], sys.argv[3]
data = form.encode() if form else None
request = urllib.request.Request(url, data=data, headers={"Accept": accept})
try:
    with urllib.request.urlopen(request, timeout=60) as response:
        status, body = response.status, response.read()
except urllib.error.HTTPError as error:
    status, body = error.code, error.read()
sys.stdout.write(str(status) + "\n" + body.decode())
"#;
    let out = Command::new("python3")
        .args(["-c", script, url, accept, form.unwrap_or("")])
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let (status, body) = text.split_once('\n').unwrap();
    (status.parse().unwrap(), body.to_owned())
}
