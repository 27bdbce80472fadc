use super::*;
use crate::article::Metadata;
use crate::rdf::sources::SOURCES_FILE;

/// Article number `n`, with `text`.
fn numbered(n: usize, text: String) -> Result<Article, ArticleError> {
    Ok(Article::new(
        format!("a{n:05}"),
        text,
        Metadata::default(),
        format!("test:{n}"),
    ))
}

fn article(n: usize, says: &str) -> Result<Article, ArticleError> {
    numbered(
        n,
        format!("Report {n}\n\nThe Kremlin {says} that North Korea sent {n} troops to Russia.\n"),
    )
}

#[test]
fn builds_over_several_batches_and_rebuilds_incrementally() {
    let dir = tempfile::tempdir().unwrap();
    let store = GraphStore::open(dir.path()).unwrap();
    let lexicon = Lexicon::embedded().unwrap();
    let n = BATCH_ARTICLES * 2 + 3;
    let first = build(
        &store,
        &lexicon,
        Options::default(),
        (0..n).map(|i| article(i, "said")),
        |_| {},
        |_| {},
    )
    .unwrap();
    assert_eq!((first.new, first.failed), (n, 0));
    assert_eq!(first.statements, n);
    assert_eq!(store.article_count().unwrap(), n);

    // Two changed (replaced in a transaction), one new, the rest unchanged.
    let changed = [7, BATCH_ARTICLES + 1];
    let again = (0..=n).map(|i| {
        article(
            i,
            if changed.contains(&i) {
                "denied"
            } else {
                "said"
            },
        )
    });
    let second = build(&store, &lexicon, Options::default(), again, |_| {}, |_| {}).unwrap();
    assert_eq!(
        (second.new, second.changed, second.unchanged),
        (1, 2, n - 2)
    );
    assert_eq!(store.article_count().unwrap(), n + 1);
    assert_eq!(store.tallied_article_count().unwrap(), n as u64 + 1);
    let denials = crate::query::evaluator()
        .parse_query("SELECT ?s WHERE { GRAPH ?g { ?s <https://w3id.org/claimgraph/ontology#stance> <https://w3id.org/claimgraph/ontology#denies> } }")
        .unwrap()
        .on_store(store.store())
        .execute()
        .unwrap();
    let oxigraph::sparql::QueryResults::Solutions(rows) = denials else {
        panic!("a SELECT gives solutions")
    };
    assert_eq!(rows.count(), 2);
}

/// How many entities some article graph mentions that no graph labels.
fn unlabelled(store: &GraphStore) -> usize {
    let query = "SELECT DISTINCT ?e WHERE { GRAPH ?g { ?e cg:mentionCount ?n } \
                 FILTER NOT EXISTS { GRAPH ?h { ?e rdfs:label ?l } } }";
    let results = crate::query::evaluator()
        .parse_query(query)
        .unwrap()
        .on_store(store.store())
        .execute()
        .unwrap();
    let oxigraph::sparql::QueryResults::Solutions(rows) = results else {
        panic!("a SELECT gives solutions")
    };
    rows.count()
}

#[test]
fn a_change_after_batches_not_yet_ingested_keeps_the_descriptions_they_use() {
    // The Kremlin's description is stored once, for the only stored article;
    // the next build loads a batch that uses it (so does not load it again)
    // and then changes that article so that it no longer names the Kremlin.
    // Removing its old graph must not prune a description the loaded (not
    // yet ingested) batch relies on.
    let dir = tempfile::tempdir().unwrap();
    let store = GraphStore::open(dir.path()).unwrap();
    let lexicon = Lexicon::embedded().unwrap();
    let kept = BATCH_ARTICLES + 1;
    build(
        &store,
        &lexicon,
        Options::default(),
        [article(kept, "said")].into_iter(),
        |_| {},
        |_| {},
    )
    .unwrap();
    let quiet = numbered(kept, "Report\n\nThe weather held all week.\n".to_owned());
    let corpus = (0..BATCH_ARTICLES)
        .map(|i| article(i, "said"))
        .chain([quiet]);
    let built = build(&store, &lexicon, Options::default(), corpus, |_| {}, |_| {}).unwrap();
    assert_eq!((built.new, built.changed), (BATCH_ARTICLES, 1));
    assert_eq!(unlabelled(&store), 0);
}

fn build_all(
    store: &GraphStore,
    corpus: impl IntoIterator<Item = Result<Article, ArticleError>>,
) -> Summary {
    let lexicon = Lexicon::embedded().unwrap();
    build(
        store,
        &lexicon,
        Options::default(),
        corpus.into_iter(),
        |_| {},
        |_| {},
    )
    .unwrap()
}

fn sources_file(store: &GraphStore) -> std::path::PathBuf {
    store.path().join(SOURCES_FILE)
}

#[test]
fn an_unchanged_article_is_known_from_the_sources_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = GraphStore::open(dir.path()).unwrap();
    build_all(&store, [article(1, "said"), article(2, "said")]);
    // The file claims what the store holds; make it claim the other
    // wording for article 1, and the build believes it without asking the
    // store (which still holds "said").
    let text = std::fs::read_to_string(sources_file(&store)).unwrap();
    let said = article(1, "said").unwrap().content_hash;
    let denied = article(1, "denied").unwrap().content_hash;
    assert!(text.contains(&said), "{text}");
    std::fs::write(sources_file(&store), text.replace(&said, &denied)).unwrap();
    let again = build_all(&store, [article(1, "denied"), article(2, "said")]);
    assert_eq!((again.unchanged, again.changed), (2, 0));
}

#[test]
fn a_store_that_lost_an_article_behind_the_files_back_stores_it_again() {
    let dir = tempfile::tempdir().unwrap();
    let store = GraphStore::open(dir.path()).unwrap();
    build_all(&store, [article(1, "said"), article(2, "said")]);
    // The file still claims both; the store's tallies count one.
    store.remove_articles(&["a00001".to_owned()]).unwrap();
    let again = build_all(&store, [article(1, "said"), article(2, "said")]);
    assert_eq!((again.new, again.unchanged), (1, 1));
    assert_eq!(store.article_count().unwrap(), 2);
}

/// An article long enough to make a batch by itself.
fn long_article(n: usize, says: &str) -> Result<Article, ArticleError> {
    let mut text = format!("Report {n}\n\nThe Kremlin {says} that North Korea sent troops.\n");
    while text.len() < BATCH_TEXT_BYTES {
        text.push_str("The weather held all week in the capital.\n");
    }
    numbered(n, text)
}

#[test]
fn a_build_cut_short_after_removing_a_changed_article_leaves_no_claim_of_it() {
    // One article is stored. The next build loads a new article (a batch
    // by itself), then changes the stored one (committing the new article
    // and removing the old graph) and stops before the new graph is in.
    // The store's tallies then count one article, as many as the old file
    // claimed: had the file kept its claim, the old wording would pass for
    // unchanged, and the article would stay missing.
    let dir = tempfile::tempdir().unwrap();
    let store = GraphStore::open(dir.path()).unwrap();
    build_all(&store, [long_article(1, "said")]);
    let mut corpus = [long_article(2, "said"), long_article(1, "denied")].into_iter();
    let cut_short = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let stopping = std::iter::from_fn(|| Some(corpus.next().expect("the build stops here")));
        build_all(&store, stopping)
    }));
    assert!(cut_short.is_err());
    assert_eq!(store.article_count().unwrap(), 1);
    let again = build_all(&store, [long_article(1, "said"), long_article(2, "said")]);
    assert_eq!((again.new, again.unchanged), (1, 1));
    assert_eq!(store.article_count().unwrap(), 2);
}
