//! The summary's folding and removal, on an in-memory store.

use super::fold::{KEYS_PER_TRANSACTION, folded_record};
use super::*;

fn article(id: &str, speaker: &str) -> Vec<Quad> {
    let g = GraphName::NamedNode(crate::rdf::article_graph(id));
    let a = crate::rdf::article_iri(id);
    let s = NamedNode::new_unchecked(format!("{}statement/{id}/0001", vocab::DATA));
    let p = crate::rdf::proposition_iri(
        Some("north-korea"),
        vocab::Predicate::SendsTroopsTo,
        Some("russia"),
    );
    let q = |s: &NamedNode, p: NamedNodeRef<'_>, o: Term| Quad::new(s.clone(), p, o, g.clone());
    vec![
        q(&a, cg::ARTICLE_ID, Literal::new_simple_literal(id).into()),
        q(
            &a,
            cg::PUBLISHER_NAME,
            Literal::new_simple_literal("Yonhap").into(),
        ),
        q(&s, cg::SPEAKER, crate::rdf::entity_iri(speaker).into()),
        q(
            &s,
            cg::STANCE_PROP,
            vocab::Stance::Claims.iri().into_owned().into(),
        ),
        q(&s, cg::PROPOSITION_PROP, p.into()),
        q(
            &s,
            cg::FIGURE_PROP,
            crate::rdf::figure_iri(vocab::Qualifier::About, 12_000, "troops").into(),
        ),
    ]
}

/// A key's counts as stored.
fn total(store: &Store, key: &Key) -> Counts {
    counts_of(&stored_node(store, &node_iri(key)).unwrap())
}

fn marked(store: &Store) -> usize {
    store
        .quads_for_pattern(None, Some(cg::PENDING_ARTICLE), None, None)
        .count()
}

/// Loads articles as a build's batch does: their graphs and marks.
fn load(store: &Store, articles: &[(String, String)]) -> Tallies {
    let mut tallies = Tallies::default();
    let mut names = Vec::new();
    for (id, speaker) in articles {
        let graph = article(id, speaker);
        tallies.add_graph(&graph, 1);
        store.extend(graph).unwrap();
        names.push(crate::rdf::article_graph(id));
    }
    store.extend(marks(&names)).unwrap();
    tallies
}

/// Every key's total equals the tallies of every stored article.
fn assert_exact(store: &Store, expected: &Tallies) {
    for (key, counts) in &expected.counts {
        assert_eq!(total(store, key), *counts, "{key:?}");
    }
    assert_eq!(marked(store), 0, "marks cleared");
    assert_eq!(folded_record(store).unwrap(), None, "record cleared");
}

#[test]
fn a_build_adds_its_tallies_in_when_it_ends() {
    let store = Store::new().unwrap();
    let speaker = Key::Speaker(
        crate::rdf::entity_iri("nis").as_str().to_owned(),
        vocab::Stance::Claims.iri().as_str().to_owned(),
    );
    let outlet = Key::Outlet(Some("Yonhap".into()));
    // Two batches of one build, loaded; the build folds when it ends.
    let mut build = Tallies::default();
    for id in ["a", "b"] {
        build.merge(load(&store, &[(id.into(), "nis".into())]));
    }
    assert!(total(&store, &outlet).is_zero(), "not folded yet");
    assert_eq!(marked(&store), 2);
    build.fold_in(&store, 0).unwrap();
    assert_eq!(marked(&store), 0);
    let counts = total(&store, &speaker);
    assert_eq!((counts.statements, counts.articles), (2, 2));
    assert_eq!(total(&store, &outlet).articles, 2);
    // A third, cut short before its fold: the next write recovers it.
    load(&store, &[("c".into(), "peskov".into())]);
    recover(&store).unwrap();
    recover(&store).unwrap();
    assert_eq!(total(&store, &outlet).articles, 3, "added once");
    assert_eq!(marked(&store), 0);
    // Removing all three brings every count, and every node, to nothing.
    let mut removed = Tallies::default();
    let mut transaction = store.start_transaction().unwrap();
    for (id, speaker) in [("a", "nis"), ("b", "nis"), ("c", "peskov")] {
        let graph = article(id, speaker);
        removed.add_graph(&graph, -1);
        for quad in &graph {
            transaction.remove(quad);
        }
    }
    removed.apply(&store, &mut transaction).unwrap();
    transaction.commit().unwrap();
    let left: Vec<Quad> = store.iter().collect::<Result<_, _>>().unwrap();
    assert_eq!(left, vec![version_quad()]);
    // With no article left, the version goes too.
    forget_if_empty(&store).unwrap();
    assert!(store.is_empty().unwrap());
}

#[test]
fn a_fold_cut_short_anywhere_is_finished_exactly_once() {
    // Enough speakers for more than one transaction of keys.
    let articles: Vec<(String, String)> = (0..KEYS_PER_TRANSACTION)
        .map(|i| (format!("a{i}"), format!("speaker-{i}")))
        .collect();
    let chunks = {
        let scratch = Store::new().unwrap();
        let tallies = load(&scratch, &articles);
        tallies.counts.len().div_ceil(KEYS_PER_TRANSACTION)
    };
    assert!(chunks > 1);
    // Cut after each transaction in turn (and after the last one, with the
    // marks still there), over a store that holds tallies already.
    for cut in 0..=chunks {
        let store = Store::new().unwrap();
        let mut all = load(&store, &[("first".into(), "nis".into())]);
        all.fold_in(&store, 0).unwrap();
        let build = load(&store, &articles);
        build.fold_in_at_most(&store, 0, cut).unwrap();
        recover(&store).unwrap();
        all.merge(build);
        assert_exact(&store, &all);
    }
    // A first build's bulk load, cut before it and after it.
    for cut in 0..=1 {
        let store = Store::new().unwrap();
        let build = load(&store, &articles);
        build.fold_in_at_most(&store, 0, cut).unwrap();
        recover(&store).unwrap();
        assert_exact(&store, &build);
    }
}

#[test]
fn a_store_without_a_summary_is_tallied_once() {
    let store = Store::new().unwrap();
    store.extend(article("a", "nis")).unwrap();
    store.extend(article("b", "peskov")).unwrap();
    ensure(&store).unwrap();
    let outlet = Key::Outlet(Some("Yonhap".into()));
    assert_eq!(total(&store, &outlet).articles, 2);
    ensure(&store).unwrap();
    assert_eq!(total(&store, &outlet).articles, 2, "tallied once");
}

#[test]
fn a_summary_of_another_shape_is_tallied_afresh() {
    let store = Store::new().unwrap();
    store.extend(article("a", "nis")).unwrap();
    // What another version left, with no version said: a stray tally and a
    // figure tally with counts of its own.
    let figure = Key::Figure(
        crate::rdf::proposition_iri(
            Some("north-korea"),
            vocab::Predicate::SendsTroopsTo,
            Some("russia"),
        )
        .into_string(),
        None,
        Some("troops".into()),
    );
    let stray = Key::Outlet(Some("Gone".into()));
    let wrong = Counts {
        statements: 7,
        articles: 3,
        quantity: 5,
    };
    for key in [&figure, &stray] {
        let node = node_iri(key);
        let mut quads = Vec::new();
        write_key(&mut quads, &node, key);
        let class = quads[0].object.clone();
        quads.extend(count_quads(&node, Some(&class), wrong));
        store.extend(quads).unwrap();
    }
    ensure(&store).unwrap();
    assert!(total(&store, &stray).is_zero(), "the stray tally is gone");
    let counts = total(&store, &figure);
    assert_eq!(
        (counts.statements, counts.articles, counts.quantity),
        (1, 1, 12_000)
    );
    assert!(store.contains(&version_quad()).unwrap());
    ensure(&store).unwrap();
    assert_eq!(total(&store, &figure), counts, "tallied once");
}
