//! The explorer in a real browser: headless Chromium (Debian's `chromium`,
//! installed by `.ci/setup`; `CLAIMGRAPH_CHROMIUM` names another) loads the
//! page served on the sample corpus, runs its script against the server and
//! gives back the DOM it built; screenshots go to the target folder.

mod common;

use common::*;
use std::path::PathBuf;
use std::process::Command;

fn chromium() -> String {
    std::env::var("CLAIMGRAPH_CHROMIUM").unwrap_or_else(|_| "chromium".into())
}

/// Chromium's arguments for a headless run that lets the page's requests
/// finish (virtual time runs out only once the page is idle).
fn headless(extra: &[String], url: &str) -> Vec<String> {
    let mut args: Vec<String> = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        "--virtual-time-budget=10000",
        "--window-size=1200,900",
    ]
    .map(String::from)
    .to_vec();
    args.extend_from_slice(extra);
    args.push(url.to_owned());
    args
}

/// The DOM the page built for `hash`, as HTML.
fn dom(served: &Served, hash: &str, profile: &std::path::Path) -> String {
    let url = format!("{}/{hash}", served.url);
    let out = Command::new(chromium())
        .args(headless(
            &[
                format!("--user-data-dir={}", profile.display()),
                "--dump-dom".into(),
            ],
            &url,
        ))
        .output()
        .unwrap_or_else(|e| panic!("cannot run {} (install Debian's chromium): {e}", chromium()));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn screenshot(served: &Served, hash: &str, name: &str, profile: &std::path::Path) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("explorer-{name}.png"));
    let url = format!("{}/{hash}", served.url);
    let out = Command::new(chromium())
        .args(headless(
            &[
                format!("--user-data-dir={}", profile.display()),
                format!("--screenshot={}", path.display()),
            ],
            &url,
        ))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    path
}

#[test]
fn the_explorer_shows_who_said_what_in_a_real_browser() {
    let dir = tempfile::tempdir().unwrap();
    let store = build_sample(dir.path());
    // A headline that tries to run a script is shown as text.
    let hostile = dir.path().join("hostile.txt");
    std::fs::write(
        &hostile,
        "+++\nheadline = \"<script>document.title='owned'</script><img src=x onerror=alert(1)> Breaking\"\n+++\nThe Kremlin denied that North Korea sent troops, Peskov said.\n",
    )
    .unwrap();
    let out = run(&["build", "--store", &store, &hostile.display().to_string()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let served = serve(&store);
    let profile = dir.path().join("chromium");

    let found = dom(&served, "#/search/Pesko", &profile);
    assert!(found.contains("Dmitry Peskov"), "search: {found}");

    let peskov = encoded("https://w3id.org/claimgraph/id/entity/dmitry-peskov");
    let actor = dom(&served, &format!("#/actor/{peskov}"), &profile);
    assert!(actor.contains("<h1>Dmitry Peskov</h1>"), "actor: {actor}");
    assert!(actor.contains(">denies</span>"), "actor: {actor}");
    assert!(
        actor.contains("another piece of fake news"),
        "actor: {actor}"
    );

    let statement = encoded("https://w3id.org/claimgraph/id/statement/001_e61aee8b45da73a5/0013");
    let article = dom(
        &served,
        &format!("#/article/001_e61aee8b45da73a5?s={statement}"),
        &profile,
    );
    let current = article
        .split("<mark")
        .find(|m| m.contains("class=\"current\""))
        .unwrap_or_else(|| panic!("no marked statement: {article}"));
    assert!(current.contains("another hoax"), "{current}");

    let graph = dom(&served, &format!("#/graph/{peskov}"), &profile);
    assert!(graph.contains("<canvas"), "graph: {graph}");
    assert!(graph.contains("nodes, "), "graph: {graph}");

    let contested = dom(&served, "#/contested", &profile);
    assert!(
        contested.contains("class=\"contested\""),
        "contested: {contested}"
    );
    assert!(
        contested.contains("Denied or not verified"),
        "contested: {contested}"
    );

    let figures = dom(&served, "#/figures?unit=troops", &profile);
    assert!(figures.contains("<circle"), "figures: {figures}");
    assert!(figures.contains("12000"), "figures: {figures}");

    let query = encoded("SELECT ?s WHERE { ?s cg:stance cg:denies }");
    let sparql = dom(&served, &format!("#/sparql?query={query}"), &profile);
    assert!(sparql.contains("<table>"), "sparql: {sparql}");

    let page = dom(&served, "#/article/hostile", &profile);
    assert!(
        page.contains("&lt;script&gt;"),
        "the headline is not shown as text: {page}"
    );
    assert!(!page.contains("<img src=\"x\""), "{page}");
    assert!(!page.contains("<title>owned"), "{page}");

    for (name, hash) in [
        ("actor", format!("#/actor/{peskov}")),
        ("graph", format!("#/graph/{peskov}")),
        ("contested", "#/contested".to_owned()),
        ("figures", "#/figures?unit=troops".to_owned()),
    ] {
        let png = screenshot(&served, &hash, name, &profile);
        assert!(
            std::fs::metadata(&png).is_ok_and(|m| m.len() > 10_000),
            "{png:?}"
        );
    }
}

/// Chromium driven over the DevTools protocol: typing, keys, another
/// screen size, clicks, and reading the page's state as it changes.
struct Browser {
    child: std::process::Child,
    socket: tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<std::net::TcpStream>>,
    next: u64,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    fn start(profile: &std::path::Path) -> Self {
        let child = Command::new(chromium())
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--hide-scrollbars",
                "--remote-debugging-port=0",
                &format!("--user-data-dir={}", profile.display()),
                "about:blank",
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot run {} (install Debian's chromium): {e}", chromium())
            });
        // Chromium writes the port it took to DevToolsActivePort.
        let port_file = profile.join("DevToolsActivePort");
        let started = std::time::Instant::now();
        let port = loop {
            if let Some(port) = std::fs::read_to_string(&port_file)
                .ok()
                .and_then(|t| t.lines().next().and_then(|l| l.trim().parse::<u16>().ok()))
            {
                break port;
            }
            assert!(started.elapsed().as_secs() < 60, "chromium did not start");
            std::thread::sleep(std::time::Duration::from_millis(100));
        };
        let targets = http_get(port, "/json/list");
        let targets: serde_json::Value = serde_json::from_str(&targets).unwrap();
        let page = targets
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["type"] == "page")
            .expect("a page target");
        let url = page["webSocketDebuggerUrl"].as_str().unwrap();
        let (socket, _) = tungstenite::connect(url).expect("DevTools socket");
        // A command Chromium never answers fails the test, not hangs it.
        if let tungstenite::stream::MaybeTlsStream::Plain(stream) = socket.get_ref() {
            stream
                .set_read_timeout(Some(std::time::Duration::from_secs(60)))
                .unwrap();
        }
        Self {
            child,
            socket,
            next: 0,
        }
    }

    /// Sends one DevTools command and waits for its answer.
    fn call(&mut self, method: &str, params: serde_json::Value) -> serde_json::Value {
        self.next += 1;
        let id = self.next;
        let message = serde_json::json!({ "id": id, "method": method, "params": params });
        self.socket
            .send(tungstenite::Message::text(message.to_string()))
            .unwrap();
        loop {
            let reply = self
                .socket
                .read()
                .unwrap_or_else(|e| panic!("{method}: no answer from Chromium ({e})"));
            let Ok(text) = reply.into_text() else {
                continue;
            };
            let reply: serde_json::Value = serde_json::from_str(text.as_str()).unwrap();
            if reply["id"] == id {
                assert!(reply.get("error").is_none(), "{method}: {reply}");
                return reply["result"].clone();
            }
        }
    }

    /// The value of a JavaScript expression in the page.
    fn eval(&mut self, expression: &str) -> serde_json::Value {
        let result = self.call(
            "Runtime.evaluate",
            serde_json::json!({ "expression": expression, "returnByValue": true }),
        );
        result["result"]["value"].clone()
    }

    /// Waits (boundedly) until `expression` is true in the page.
    fn wait_for(&mut self, what: &str, expression: &str) {
        let started = std::time::Instant::now();
        while self.eval(expression) != serde_json::Value::Bool(true) {
            assert!(
                started.elapsed().as_secs() < 30,
                "{what} never showed; the page holds: {}",
                self.eval("document.getElementById('view').innerText")
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }

    fn go(&mut self, url: &str) {
        self.call("Page.navigate", serde_json::json!({ "url": url }));
    }

    fn size(&mut self, width: u32, height: u32, mobile: bool) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            serde_json::json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile }),
        );
    }

    /// Presses and releases a key (`Enter`, `ArrowDown`) where the focus is.
    fn key(&mut self, key: &str, code: u32) {
        for kind in ["rawKeyDown", "keyUp"] {
            self.call(
                "Input.dispatchKeyEvent",
                serde_json::json!({
                    "type": kind,
                    "key": key,
                    "code": key,
                    "windowsVirtualKeyCode": code,
                    "nativeVirtualKeyCode": code,
                }),
            );
        }
    }

    fn screenshot(&mut self, name: &str) -> PathBuf {
        use base64::Engine;
        let shot = self.call(
            "Page.captureScreenshot",
            serde_json::json!({ "format": "png" }),
        );
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().unwrap())
            .unwrap();
        let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("explorer-{name}.png"));
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

/// A plain HTTP GET on loopback (Chromium's list of targets), read to
/// its Content-Length: Chromium keeps the connection open.
fn http_get(port: u16, path: &str) -> String {
    use std::io::{BufRead, Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    )
    .unwrap();
    let mut reader = std::io::BufReader::new(stream);
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap();
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    String::from_utf8(body).unwrap()
}

#[test]
fn a_person_types_clicks_and_reads_on_a_narrow_screen() {
    let dir = tempfile::tempdir().unwrap();
    let store = build_sample(dir.path());
    let served = serve(&store);
    let mut browser = Browser::start(&dir.path().join("chromium"));
    browser.size(1200, 900, false);
    browser.go(&format!("{}/#/", served.url));
    // The home view takes the focus when it is shown: wait for it first.
    browser.wait_for(
        "the home view",
        "document.getElementById('view').innerText.includes('Search an actor above')",
    );

    // Typing suggests; the keyboard alone opens the actor.
    browser.eval("document.getElementById('search').focus()");
    browser.call("Input.insertText", serde_json::json!({ "text": "Pesko" }));
    browser.wait_for(
        "the suggestion",
        "!document.getElementById('suggestions').hidden && document.getElementById('suggestions').innerText.includes('Dmitry Peskov')",
    );
    assert_eq!(
        browser.eval("document.activeElement.id"),
        serde_json::json!("search")
    );
    browser.key("Enter", 13);
    browser.wait_for(
        "Peskov's view",
        "location.hash.startsWith('#/actor/') && document.querySelector('h1')?.innerText === 'Dmitry Peskov'",
    );
    browser.wait_for(
        "his denial",
        "document.getElementById('view').innerText.includes('denies')",
    );

    // On a phone's width nothing runs off the side.
    browser.size(390, 844, true);
    browser.wait_for("the phone's width", "window.innerWidth === 390");
    browser.wait_for(
        "a layout that fits 390 pixels",
        "document.documentElement.scrollWidth <= window.innerWidth + 1",
    );
    let narrow = browser.screenshot("narrow-actor");
    assert!(std::fs::metadata(&narrow).unwrap().len() > 10_000);

    // A CONSTRUCT result is drawn as a graph, and tapping leads on.
    browser.size(1200, 900, false);
    let construct = encoded(
        "CONSTRUCT { ?who cg:denies ?p } WHERE { GRAPH ?g { ?s cg:stance cg:denies ; cg:speaker ?who ; cg:proposition ?p } }",
    );
    browser.go(&format!("{}/#/sparql?query={construct}", served.url));
    browser.wait_for("the draw button", "!!document.getElementById('draw')");
    browser.eval("document.getElementById('draw').click()");
    browser.wait_for(
        "the drawn graph",
        "!!document.querySelector('#graph canvas') && document.getElementById('view').innerText.includes('nodes and')",
    );
    browser.wait_for(
        "Peskov among the nodes",
        "[...document.querySelectorAll('ul.hidden li')].some((li) => li.textContent === 'Dmitry Peskov')",
    );
    let drawn = browser.screenshot("construct");
    assert!(std::fs::metadata(&drawn).unwrap().len() > 10_000);

    // The figures of one proposition, asked by its words.
    browser.go(&format!(
        "{}/#/figures?proposition=north%20korea%20sends%20troops",
        served.url
    ));
    browser.wait_for(
        "the NIS figure",
        "document.querySelectorAll('svg.chart circle').length > 0 && document.getElementById('view').innerText.includes('12000')",
    );
}

#[test]
fn long_lists_come_a_page_at_a_time_and_say_how_long_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    let corpus = corpus.to_str().unwrap();
    let out = run(&["generate", "--articles", "150", "--seed", "3", "-o", corpus]);
    assert!(out.status.success(), "{}", stderr(&out));
    let store = store_arg(dir.path());
    let out = run(&["build", "--store", &store, corpus]);
    assert!(out.status.success(), "{}", stderr(&out));
    let served = serve(&store);
    let mut browser = Browser::start(&dir.path().join("chromium"));
    browser.size(1200, 900, false);

    // Every figure: the first 200 drawn and listed, the rest on asking.
    browser.go(&format!("{}/#/figures", served.url));
    browser.wait_for(
        "the first page of figures",
        "document.querySelectorAll('table tr').length === 201 && !!document.querySelector('button.more')",
    );
    let said = browser.eval("document.getElementById('view').innerText");
    let said = said.as_str().unwrap();
    assert!(said.contains("The first 200 figures of "), "{said}");
    browser.eval("document.querySelector('button.more').click()");
    browser.wait_for(
        "the next page of figures",
        "document.querySelectorAll('table tr').length > 201",
    );

    // The actor who said most: the total in its heading, more on asking.
    let port: u16 = served.url.rsplit(':').next().unwrap().parse().unwrap();
    let top = encoded(
        "SELECT ?who (COUNT(?s) AS ?n) WHERE { GRAPH ?g { ?s cg:speaker ?who } } GROUP BY ?who ORDER BY DESC(?n) ?who LIMIT 1",
    );
    let found: serde_json::Value =
        serde_json::from_str(&http_get(port, &format!("/sparql?query={top}"))).unwrap();
    let iri = found["results"]["bindings"][0]["who"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("no speaker: {found}"));
    browser.go(&format!("{}/#/actor/{}", served.url, encoded(iri)));
    browser.wait_for(
        "the actor's first page",
        "document.querySelectorAll('.statement').length >= 100 && !!document.querySelector('button.more')",
    );
    let before = browser.eval("document.querySelectorAll('.statement').length");
    browser.eval("document.querySelector('button.more').click()");
    browser.wait_for(
        "the actor's next page",
        &format!("document.querySelectorAll('.statement').length > {before}"),
    );
}
