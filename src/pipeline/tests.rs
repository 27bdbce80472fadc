use super::*;
use crate::article::Metadata;

fn article(n: usize, says: &str) -> Result<Article, ArticleError> {
    let text =
        format!("Report {n}\n\nThe Kremlin {says} that North Korea sent {n} troops to Russia.\n");
    Ok(Article::new(
        format!("a{n:05}"),
        text,
        Metadata::default(),
        format!("test:{n}"),
    ))
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
    let quiet = Article::new(
        format!("a{kept:05}"),
        "Report\n\nThe weather held all week.\n".to_owned(),
        Metadata::default(),
        format!("test:{kept}"),
    );
    let corpus = (0..BATCH_ARTICLES)
        .map(|i| article(i, "said"))
        .chain([Ok(quiet)]);
    let built = build(&store, &lexicon, Options::default(), corpus, |_| {}, |_| {}).unwrap();
    assert_eq!((built.new, built.changed), (BATCH_ARTICLES, 1));
    assert_eq!(unlabelled(&store), 0);
}
