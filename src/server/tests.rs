//! Handler tests without a socket: requests go straight to [`App::handle`].

use super::*;

fn app(config: Config) -> (tempfile::TempDir, App) {
    let (dir, store) = crate::sample_store();
    let app = App::new(store.store().clone(), config);
    (dir, app)
}

fn request(method: Method, uri: &str, headers: &[(&str, &str)], body: &str) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(Body::from(body.to_owned())).unwrap()
}

fn get(app: &App, uri: &str, accept: &str) -> (StatusCode, String, String) {
    let mut req = request(Method::GET, uri, &[("Accept", accept)], "");
    let response = app.handle(&mut req);
    let status = response.status();
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (
        status,
        content_type,
        response.into_body().to_string().unwrap(),
    )
}

fn encoded(query: &str) -> String {
    percent_encoding::utf8_percent_encode(query, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// A page's origin, allowed to call the endpoint. Not an IRI of the graph:
/// spelled in two parts because `tests/architecture.rs` keeps every
/// `http://` string literal in `src/vocab.rs`.
const ORIGIN: &str = concat!("http", "://localhost:3000");

const DENIALS: &str = "SELECT ?label WHERE { GRAPH ?g { ?s cg:stance cg:denies ; cg:speaker ?e } ?e rdfs:label ?label }";

#[test]
fn queries_are_answered_in_every_format_asked_for() {
    let (_dir, app) = app(Config::default());
    let uri = format!("/sparql?query={}", encoded(DENIALS));
    let (status, content_type, body) = get(&app, &uri, "application/sparql-results+json");
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(content_type, "application/sparql-results+json");
    assert!(body.contains("Dmitry Peskov"), "{body}");
    for (accept, media) in [
        (
            "application/sparql-results+xml",
            "application/sparql-results+xml",
        ),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        (
            "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
            "application/sparql-results+json",
        ),
        ("", "application/sparql-results+json"),
    ] {
        let (status, content_type, body) = get(&app, &uri, accept);
        assert_eq!(status, StatusCode::OK, "{accept}: {body}");
        assert!(content_type.starts_with(media), "{accept}: {content_type}");
        assert!(body.contains("Peskov"), "{accept}: {body}");
    }
    let construct = format!(
        "/query?query={}",
        encoded("CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e a cg:State ; rdfs:label ?l }")
    );
    for (accept, media) in [
        ("text/turtle", "text/turtle"),
        ("application/n-triples", "application/n-triples"),
        ("application/ld+json", "application/ld+json"),
        ("application/rdf+xml", "application/rdf+xml"),
    ] {
        let (status, content_type, body) = get(&app, &construct, accept);
        assert_eq!(status, StatusCode::OK, "{accept}: {body}");
        assert!(content_type.starts_with(media), "{accept}: {content_type}");
        assert!(body.contains("North Korea"), "{accept}: {body}");
    }
    // POST, as a form and as a query body.
    let mut form = request(
        Method::POST,
        "/sparql",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        &format!("query={}", encoded("ASK { ?s cg:stance cg:denies }")),
    );
    let response = app.handle(&mut form);
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.into_body().to_string().unwrap().contains("true"));
    let mut direct = request(
        Method::POST,
        "/sparql",
        &[
            ("Content-Type", "application/sparql-query"),
            ("Accept", "text/csv"),
        ],
        DENIALS,
    );
    let response = app.handle(&mut direct);
    assert!(response.into_body().to_string().unwrap().contains("Peskov"));
}

#[test]
fn bad_requests_get_the_status_that_says_why() {
    let (_dir, app) = app(Config::default());
    let (status, _, body) = get(
        &app,
        &format!("/sparql?query={}", encoded("SELECT ?x WHERE { ?x }")),
        "",
    );
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body.starts_with("malformed SPARQL") && body.contains("1:"),
        "{body}"
    );
    let (status, _, body) = get(
        &app,
        &format!("/sparql?query={}", encoded(DENIALS)),
        "image/png",
    );
    assert_eq!(status, StatusCode::NOT_ACCEPTABLE, "{body}");
    let (status, _, body) = get(
        &app,
        &format!(
            "/sparql?query={}",
            encoded("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
        ),
        "",
    );
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let mut update = request(
        Method::POST,
        "/sparql",
        &[("Content-Type", "application/sparql-update")],
        "DELETE WHERE { ?s ?p ?o }",
    );
    assert_eq!(app.handle(&mut update).status(), StatusCode::FORBIDDEN);
    let (status, _, body) = get(
        &app,
        &format!(
            "/sparql?query={}",
            encoded("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
        ),
        "",
    );
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("SERVICE is refused"), "{body}");
    let (status, _, _) = get(&app, "/sparql", "");
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _, _) = get(&app, "/nope", "");
    assert_eq!(status, StatusCode::NOT_FOUND);
    let mut delete = request(Method::DELETE, "/sparql", &[], "");
    assert_eq!(
        app.handle(&mut delete).status(),
        StatusCode::METHOD_NOT_ALLOWED
    );
    let mut large = request(
        Method::POST,
        "/sparql",
        &[("Content-Type", "application/sparql-query")],
        &"#".repeat(2 << 20),
    );
    assert_eq!(
        app.handle(&mut large).status(),
        StatusCode::PAYLOAD_TOO_LARGE
    );
    let nested = format!(
        "SELECT * WHERE {{ FILTER({}1{}) }}",
        "(".repeat(5000),
        ")".repeat(5000)
    );
    let (status, _, body) = get(&app, &format!("/sparql?query={}", encoded(&nested)), "");
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("query refused"), "{body}");
}

#[test]
fn long_queries_time_out_and_large_results_say_they_were_cut() {
    let (_dir, app) = app(Config {
        timeout: Duration::from_millis(300),
        max_rows: 5,
        cors: Some(ORIGIN.into()),
    });
    let (status, _, body) = get(
        &app,
        &format!(
            "/sparql?query={}",
            encoded("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
        ),
        "text/csv",
    );
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(body.contains("time limit"), "{body}");
    let mut req = request(
        Method::GET,
        &format!("/sparql?query={}", encoded("SELECT ?s WHERE { ?s ?p ?o }")),
        &[("Accept", "text/csv")],
        "",
    );
    let response = app.handle(&mut req);
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers().get(TRUNCATED_HEADER).unwrap(), "5");
    assert_eq!(
        response.headers().get(ACCESS_CONTROL_ALLOW_ORIGIN).unwrap(),
        ORIGIN
    );
    let body = response.into_body().to_string().unwrap();
    assert_eq!(body.lines().count(), 6, "{body}");
}

#[test]
fn the_dataset_can_be_named_in_the_request() {
    let (_dir, app) = app(Config::default());
    let graph = crate::rdf::article_graph("002_a0c74e52440efbcf");
    let uri = format!(
        "/sparql?query={}&default-graph-uri={}",
        encoded("SELECT DISTINCT ?id WHERE { ?a cg:articleId ?id }"),
        encoded(graph.as_str())
    );
    let (status, _, body) = get(&app, &uri, "text/csv");
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body.lines().collect::<Vec<_>>(),
        ["id", "002_a0c74e52440efbcf"]
    );
}

fn json(app: &App, uri: &str) -> (StatusCode, serde_json::Value) {
    let (status, content_type, body) = get(app, uri, "");
    if status == StatusCode::OK {
        assert_eq!(content_type, "application/json");
        (status, serde_json::from_str(&body).unwrap())
    } else {
        (status, serde_json::Value::String(body))
    }
}

#[test]
fn search_suggests_actors_by_part_of_a_name_or_alias() {
    let (_dir, app) = app(Config::default());
    let (status, found) = json(&app, "/api/search?q=Pesko");
    assert_eq!(status, StatusCode::OK);
    let actors = found["actors"].as_array().unwrap();
    assert_eq!(actors[0]["label"], "Dmitry Peskov", "{found}");
    assert_eq!(actors[0]["kind"], "Official");
    assert!(actors[0]["statements"].as_i64().unwrap() > 0);
    // Typed text is data, not SPARQL.
    let (status, found) = json(&app, "/api/search?q=%22%29%20%7D%20DROP%20ALL%20%23");
    assert_eq!(status, StatusCode::OK);
    assert!(found["actors"].as_array().unwrap().is_empty(), "{found}");
    let (status, _) = json(&app, "/api/search");
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[test]
fn an_actor_view_holds_what_it_said_with_the_evidence_offsets() {
    let (_dir, app) = app(Config::default());
    let (_, found) = json(&app, "/api/search?q=peskov");
    let iri = found["actors"][0]["iri"].as_str().unwrap().to_owned();
    let (status, actor) = json(&app, &format!("/api/actor?iri={}", encoded(&iri)));
    assert_eq!(status, StatusCode::OK, "{actor}");
    assert_eq!(actor["label"], "Dmitry Peskov");
    let said = actor["said"].as_array().unwrap();
    let denial = said
        .iter()
        .find(|s| s["stance"] == "denies")
        .unwrap_or_else(|| panic!("no denial in {actor}"));
    let (start, end) = (
        denial["start"].as_i64().unwrap(),
        denial["end"].as_i64().unwrap(),
    );
    assert!(start < end, "{denial}");
    assert!(denial["article"].as_str().is_some_and(|a| !a.is_empty()));
    assert!(denial["evidence"].as_str().is_some_and(|e| !e.is_empty()));
    // The sample's lists fit one page: each total is what the list holds
    // (nothing is said about Peskov).
    for list in ["said", "saidAbout"] {
        let listed = actor[list].as_array().unwrap().len() as u64;
        assert_eq!(actor[format!("{list}Total")], listed, "{list}: {actor}");
        assert!(
            actor.get(format!("{list}Next")).is_none(),
            "{list}: {actor}"
        );
    }
    // An actor with no affiliation is given none (not the first label the
    // store holds).
    let (_, found) = json(&app, "/api/search?q=russia");
    let russia = found["actors"][0]["iri"].as_str().unwrap().to_owned();
    let (_, actor) = json(&app, &format!("/api/actor?iri={}", encoded(&russia)));
    assert_eq!(actor["label"], "Russia", "{actor}");
    assert!(actor.get("affiliation").is_none(), "{actor}");
    assert!(actor.get("affiliationLabel").is_none(), "{actor}");
    let (status, _) = json(&app, "/api/actor?iri=https%3A%2F%2Fexample.org%2Fnobody");
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = json(&app, "/api/actor?iri=not%20an%20iri");
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[test]
fn the_article_contested_and_figures_views_hold_what_the_page_draws() {
    let (_dir, app) = app(Config::default());
    let (status, article) = json(&app, "/api/article?id=002_a0c74e52440efbcf");
    assert_eq!(status, StatusCode::OK, "{article}");
    let text: Vec<char> = article["text"].as_str().unwrap().chars().collect();
    let statements = article["statements"].as_array().unwrap();
    assert!(!statements.is_empty());
    for s in statements {
        // The offsets count the characters of the stored text.
        let start = s["start"].as_u64().unwrap() as usize;
        let end = s["end"].as_u64().unwrap() as usize;
        let marked: String = text[start..end].iter().collect();
        assert_eq!(marked.trim(), s["evidence"].as_str().unwrap().trim(), "{s}");
    }
    let (status, _) = json(&app, "/api/article?id=nope");
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, contested) = json(&app, "/api/contested");
    assert_eq!(status, StatusCode::OK);
    let peskov_against = |c: &&serde_json::Value| {
        c["against"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["speakerLabel"] == "Dmitry Peskov")
    };
    let sends = contested
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["predicate"] == "sendsTroopsTo")
        .find(peskov_against)
        .unwrap_or_else(|| panic!("Peskov disputes that troops were sent: {contested}"));
    assert!(!sends["for"].as_array().unwrap().is_empty(), "{sends}");

    let (status, figures) = json(&app, "/api/figures?unit=troops");
    assert_eq!(status, StatusCode::OK);
    let given = figures["figures"].as_array().unwrap();
    assert!(
        given
            .iter()
            .any(|f| f["quantity"] == 12000 && f["speakerLabel"] == "National Intelligence Service"),
        "{figures}"
    );
    assert!(
        given
            .iter()
            .all(|f| f["unit"].as_str().unwrap().contains("troops"))
    );
    assert_eq!(figures["figuresTotal"], given.len() as u64, "{figures}");
    // Every figure, and those of one proposition, are counted alike.
    let (_, every) = json(&app, "/api/figures");
    let all = every["figures"].as_array().unwrap().len() as u64;
    assert!(all > given.len() as u64, "{every}");
    assert_eq!(every["figuresTotal"], all);
    let (_, sent) = json(
        &app,
        "/api/figures?proposition=north%20korea%20sends%20troops",
    );
    let sent_listed = sent["figures"].as_array().unwrap().len() as u64;
    assert!(sent_listed > 0, "{sent}");
    assert_eq!(sent["figuresTotal"], sent_listed, "{sent}");
    let (_, few) = json(
        &app,
        "/api/figures?unit=troops&proposition=north%20korea%20sends%20troops",
    );
    let few_listed = few["figures"].as_array().unwrap().len() as u64;
    assert!(few_listed > 0 && few_listed <= sent_listed, "{few}");
    assert_eq!(few["figuresTotal"], few_listed, "{few}");
}

#[test]
fn a_neighbourhood_holds_the_actor_its_statements_and_their_colours() {
    let (_dir, app) = app(Config::default());
    let peskov = encoded(crate::rdf::entity_iri("dmitry-peskov").as_str());
    let (status, graph) = json(&app, &format!("/api/neighbourhood?iri={peskov}&depth=2"));
    assert_eq!(status, StatusCode::OK, "{graph}");
    let nodes = graph["nodes"].as_array().unwrap();
    assert!(
        nodes
            .iter()
            .any(|n| n["label"] == "Dmitry Peskov" && n["distance"] == 0)
    );
    assert!(nodes.iter().any(|n| n["kind"] == "Proposition"));
    let edges = graph["edges"].as_array().unwrap();
    assert!(
        edges
            .iter()
            .any(|e| e["label"] == "denies" && e["colour"] == "#c62828"),
        "{graph}"
    );
    let ids: std::collections::BTreeSet<&str> =
        nodes.iter().map(|n| n["id"].as_str().unwrap()).collect();
    assert!(
        edges
            .iter()
            .all(|e| ids.contains(e["source"].as_str().unwrap())
                && ids.contains(e["target"].as_str().unwrap()))
    );
    let (status, _) = json(
        &app,
        "/api/neighbourhood?iri=https%3A%2F%2Fexample.org%2Fnobody",
    );
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[test]
fn search_finds_actors_that_said_nothing_too() {
    let (_dir, app) = app(Config::default());
    let (_, found) = json(&app, "/api/search?q=kim");
    let actors = found["actors"].as_array().unwrap();
    assert!(
        actors.iter().any(|a| a["statements"] == 0),
        "places and silent actors are found: {found}"
    );
    assert!(
        actors.iter().any(|a| a["label"] == "Kim Jong Un"),
        "{found}"
    );
}

#[test]
fn a_stopping_server_turns_requests_away_once_those_running_end() {
    let (_dir, app) = app(Config::default());
    let app = Arc::new(app);
    // A query that reads the whole store a few times over, running as the
    // stop begins: it is finished, not cut.
    let slow = encoded(
        "SELECT (COUNT(*) AS ?n) WHERE { ?a rdfs:label ?c . ?d ?e ?f FILTER(STRLEN(STR(?c)) < STRLEN(STR(?f))) }",
    );
    let running = {
        let app = Arc::clone(&app);
        std::thread::spawn(move || get(&app, &format!("/sparql?query={slow}"), "text/csv").0)
    };
    std::thread::sleep(Duration::from_millis(50));
    assert!(
        !running.is_finished(),
        "the query ended before the stop began"
    );
    let still_running = app.stop(Duration::from_secs(120));
    assert_eq!(still_running, 0);
    assert_eq!(running.join().unwrap(), StatusCode::OK);
    let (status, _, body) = get(&app, "/api/legend", "");
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(body.contains("stopping"), "{body}");
}

#[test]
fn a_construct_result_is_drawn_with_labels_from_the_store() {
    let (_dir, app) = app(Config::default());
    let denials = encoded(
        "CONSTRUCT { ?who cg:denies ?p } WHERE { GRAPH ?g { ?s cg:stance cg:denies ; cg:speaker ?who ; cg:proposition ?p } }",
    );
    let (status, graph) = json(&app, &format!("/api/construct?query={denials}"));
    assert_eq!(status, StatusCode::OK, "{graph}");
    let nodes = graph["nodes"].as_array().unwrap();
    assert!(
        nodes
            .iter()
            .any(|n| n["label"] == "Dmitry Peskov" && n["kind"] == "Official"),
        "labels and kinds come from the store: {graph}"
    );
    assert!(
        nodes.iter().any(|n| n["label"] == "North Korea sendsTroopsTo Russia"
            && n["kind"] == "Proposition"),
        "propositions read as subject, predicate and object: {graph}"
    );
    assert!(
        graph["edges"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["label"] == "denies" && e["colour"] == "#c62828")
    );
    assert_eq!(graph["cut"], false);
    let table = encoded("SELECT * WHERE { ?s ?p ?o } LIMIT 1");
    let (status, body) = json(&app, &format!("/api/construct?query={table}"));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.as_str().unwrap().contains("CONSTRUCT"), "{body}");
    let (status, _) = json(&app, "/api/construct");
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[test]
fn a_construct_matching_without_end_is_drawn_from_its_first_solutions() {
    let (_dir, app) = app(Config::default());
    // Every pair of labelled things: millions of solutions, a few hundred
    // distinct triples. The view reads its first solutions and says so.
    let pairs = encoded(
        "CONSTRUCT { ?a cg:relatedTo ?b . _:n rdfs:label ?l } WHERE { ?a rdfs:label ?l . ?b rdfs:label ?m }",
    );
    let (status, graph) = json(&app, &format!("/api/construct?query={pairs}"));
    assert_eq!(status, StatusCode::OK, "{graph}");
    assert_eq!(graph["cut"], true, "{graph}");
    let triples = graph["triples"].as_u64().unwrap();
    assert!(triples > 0 && triples <= 1_000, "{triples}");
    // A fresh blank node per solution: each labelled once.
    let blank: Vec<&serde_json::Value> = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["id"].as_str().is_some_and(|id| id.starts_with("_:")))
        .collect();
    assert!(blank.len() > 1, "{graph}");
    // A DESCRIBE still goes the usual way.
    let describe = encoded(&format!("DESCRIBE {}", crate::rdf::entity_iri("russia")));
    let (status, graph) = json(&app, &format!("/api/construct?query={describe}"));
    assert_eq!(status, StatusCode::OK, "{graph}");
    assert!(!graph["nodes"].as_array().unwrap().is_empty(), "{graph}");
}

#[test]
fn the_names_in_memory_find_what_a_scan_of_the_store_finds() {
    let (_dir, app) = app(Config::default());
    let token = oxigraph::sparql::CancellationToken::new();
    let names = names::Names::read(&app.store, &token).unwrap();
    for needle in ["pesko", "KIM", "korea", "a", "ministry", "zz-nothing"] {
        let scan = api::rows(
            &app.store,
            &token,
            &format!(
                "SELECT DISTINCT ?iri WHERE {{
                   ?iri rdfs:label|skos:altLabel ?name FILTER(CONTAINS(LCASE(STR(?name)), {}))
                   ?iri a ?class FILTER(STRSTARTS(STR(?class), STR(cg:)))
                 }} ORDER BY ?iri",
                crate::query::string_literal(&needle.to_lowercase())
            ),
        )
        .unwrap();
        let scanned: Vec<String> = scan
            .into_iter()
            .map(|row| row["iri"].as_str().unwrap().to_owned())
            .collect();
        let mut found: Vec<String> = names
            .search(needle, usize::MAX)
            .into_iter()
            .map(|actor| actor["iri"].as_str().unwrap().to_owned())
            .collect();
        found.sort();
        assert_eq!(found, scanned, "{needle}");
    }
    // Each actor's aliases, as the article graphs and the gazetteer give them.
    let peskov = names.search("peskov", 1)[0]["iri"]
        .as_str()
        .unwrap()
        .to_owned();
    let aliases = api::rows(
        &app.store,
        &token,
        &format!(
            "SELECT DISTINCT ?alias WHERE {{ <{peskov}> skos:altLabel ?alias }} ORDER BY ?alias"
        ),
    )
    .unwrap();
    let aliases: Vec<&str> = aliases
        .iter()
        .map(|r| r["alias"].as_str().unwrap())
        .collect();
    assert!(!aliases.is_empty());
    assert_eq!(names.aliases(&peskov), aliases.as_slice());
}

#[test]
fn names_read_before_the_store_changed_are_read_again() {
    let (_dir, app) = app(Config::default());
    let (_, before) = json(&app, "/api/search?q=Zorblax");
    assert!(before["actors"].as_array().unwrap().is_empty());
    app.store
        .insert(&oxigraph::model::Quad::new(
            crate::rdf::entity_iri("zorblax"),
            crate::vocab::rdfs::LABEL,
            oxigraph::model::Literal::new_simple_literal("Zorblax"),
            crate::rdf::article_graph("zorblax-test"),
        ))
        .unwrap();
    app.store
        .insert(&oxigraph::model::Quad::new(
            crate::rdf::entity_iri("zorblax"),
            crate::vocab::rdf::TYPE,
            crate::vocab::Kind::Person.iri(),
            crate::rdf::article_graph("zorblax-test"),
        ))
        .unwrap();
    let (_, held) = json(&app, "/api/search?q=Zorblax");
    assert!(
        held["actors"].as_array().unwrap().is_empty(),
        "held until told"
    );
    app.store_changed();
    let (_, after) = json(&app, "/api/search?q=Zorblax");
    assert_eq!(after["actors"][0]["label"], "Zorblax", "{after}");
}
