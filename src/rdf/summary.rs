//! The summary: whole-corpus tallies kept up to date by every build and
//! removal, in `cgid:graph/summary`, so the counts an analyst asks for first
//! (statements per speaker and stance, affirmations and denials per
//! proposition, figures per proposition and date, articles per outlet) are
//! a look-up, never a scan.
//!
//! Invariant: for every key, the sum of its tallies' counts equals what a
//! scan of the article graphs gives. A removal subtracts the removed graphs'
//! tallies in the transaction that removes them; a build loads its batch's
//! tallies as separate nodes in the same atomic load as the graphs, then
//! folds them into the totals in one transaction. A crash between the two
//! leaves an unfolded node, still counted by a sum, folded by the next
//! build.

use crate::vocab::{self, cg, rdf, schema};
use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term,
};
use oxigraph::store::{StorageError, Store, Transaction};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// The graph the tallies live in.
pub fn summary_graph() -> NamedNode {
    NamedNode::new_unchecked(format!("{}graph/summary", vocab::DATA))
}

/// What a tally counts by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    /// Speaker and stance IRIs.
    Speaker(String, String),
    /// Proposition and stance IRIs.
    Proposition(String, String),
    /// Proposition IRI and the date (value, datatype IRI), if any.
    Figure(String, Option<(String, String)>),
    /// The publisher's name, if any.
    Outlet(Option<String>),
}

/// The counts of one key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Counts {
    statements: i64,
    articles: i64,
    quantity: i128,
}

impl Counts {
    fn add(&mut self, other: Counts, sign: i64) {
        self.statements += sign * other.statements;
        self.articles += sign * other.articles;
        self.quantity += i128::from(sign) * other.quantity;
    }

    fn is_zero(&self) -> bool {
        *self == Counts::default()
    }
}

/// The tallies of some article graphs, added or subtracted.
#[derive(Debug, Default)]
pub struct Tallies {
    counts: BTreeMap<Key, Counts>,
}

fn iri_of(term: &Term) -> Option<String> {
    match term {
        Term::NamedNode(n) => Some(n.as_str().to_owned()),
        _ => None,
    }
}

impl Tallies {
    /// Adds (`sign` 1) or subtracts (-1) the tallies of one article graph.
    pub fn add_graph<'a>(&mut self, quads: impl IntoIterator<Item = &'a Quad>, sign: i64) {
        #[derive(Default)]
        struct Said {
            statement: bool,
            speaker: Option<String>,
            stance: Option<String>,
            proposition: Option<String>,
            quantity: Option<i128>,
            date: Option<(String, String)>,
        }
        let mut nodes: BTreeMap<String, Said> = BTreeMap::new();
        let mut published = None;
        let mut outlet = None;
        let mut article = false;
        for quad in quads {
            let subject = quad.subject.to_string();
            let p = quad.predicate.as_ref();
            if p == schema::DATE_PUBLISHED {
                published = literal_parts(&quad.object);
                continue;
            } else if p == cg::PUBLISHER_NAME {
                if let Term::Literal(l) = &quad.object {
                    outlet = Some(l.value().to_owned());
                }
                continue;
            } else if p == cg::ARTICLE_ID {
                article = true;
                continue;
            }
            let said = nodes.entry(subject).or_default();
            if p == rdf::TYPE {
                said.statement |= quad.object == Term::from(cg::STATEMENT.into_owned());
            } else if p == cg::SPEAKER {
                said.speaker = iri_of(&quad.object);
            } else if p == cg::STANCE_PROP {
                said.stance = iri_of(&quad.object);
            } else if p == cg::PROPOSITION_PROP {
                said.proposition = iri_of(&quad.object);
            } else if p == cg::QUANTITY {
                if let Term::Literal(l) = &quad.object {
                    said.quantity = l.value().parse().ok();
                }
            } else if p == cg::DATE {
                said.date = literal_parts(&quad.object);
            }
        }
        if !article {
            return;
        }
        let mut keys: BTreeMap<Key, Counts> = BTreeMap::new();
        let mut count = |key: Key, quantity: i128| {
            let counts = keys.entry(key).or_default();
            counts.statements += 1;
            counts.articles = 1;
            counts.quantity += quantity;
        };
        for said in nodes.into_values().filter(|s| s.statement) {
            let (Some(speaker), Some(stance), Some(proposition)) =
                (said.speaker, said.stance, said.proposition)
            else {
                continue;
            };
            count(Key::Speaker(speaker, stance.clone()), 0);
            count(Key::Proposition(proposition.clone(), stance), 0);
            if let Some(quantity) = said.quantity {
                let date = said.date.or_else(|| published.clone());
                count(Key::Figure(proposition, date), quantity);
            }
        }
        keys.insert(
            Key::Outlet(outlet),
            Counts {
                articles: 1,
                ..Counts::default()
            },
        );
        for (key, counts) in keys {
            let total = self.counts.entry(key).or_default();
            total.add(counts, sign);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.counts.values().all(Counts::is_zero)
    }

    /// The tallies as quads of nodes of their own, told apart from the
    /// totals by `tag` (a batch's digest), for a bulk load.
    pub fn batch_quads(&self, tag: &str) -> Vec<Quad> {
        let mut quads = Vec::new();
        for (key, counts) in &self.counts {
            if !counts.is_zero() {
                write_node(&mut quads, &node_iri(key, Some(tag)), key, *counts);
            }
        }
        quads
    }

    /// Folds the batch nodes `tag` named into the totals.
    pub fn fold(&self, transaction: &mut Transaction<'_>, tag: &str) -> Result<(), StorageError> {
        for (key, counts) in &self.counts {
            if counts.is_zero() {
                continue;
            }
            let batch = node_iri(key, Some(tag));
            let held = read_counts(transaction, &batch)?;
            if held.is_zero() {
                continue; // Already folded.
            }
            remove_node(transaction, &batch)?;
            add_to_total(transaction, key, held)?;
        }
        Ok(())
    }

    /// Adds these tallies to the totals, in a transaction (a removal's are
    /// negative).
    pub fn apply(&self, transaction: &mut Transaction<'_>) -> Result<(), StorageError> {
        for (key, counts) in &self.counts {
            if !counts.is_zero() {
                add_to_total(transaction, key, *counts)?;
            }
        }
        Ok(())
    }
}

fn literal_parts(term: &Term) -> Option<(String, String)> {
    match term {
        Term::Literal(l) => Some((l.value().to_owned(), l.datatype().as_str().to_owned())),
        _ => None,
    }
}

fn key_text(key: &Key) -> String {
    match key {
        Key::Speaker(s, st) => format!("speaker\n{s}\n{st}"),
        Key::Proposition(p, st) => format!("proposition\n{p}\n{st}"),
        Key::Figure(p, date) => match date {
            Some((value, datatype)) => format!("figure\n{p}\n{value}\n{datatype}"),
            None => format!("figure\n{p}"),
        },
        Key::Outlet(name) => match name {
            Some(name) => format!("outlet\n{name}"),
            None => "outlet".to_owned(),
        },
    }
}

/// A key's total node, or one of its batch nodes.
fn node_iri(key: &Key, tag: Option<&str>) -> NamedNode {
    let digest = Sha256::digest(key_text(key).as_bytes());
    let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    let tail = tag.map(|t| format!("/{t}")).unwrap_or_default();
    NamedNode::new_unchecked(format!("{}tally/{hex}{tail}", vocab::DATA))
}

fn integer(n: impl ToString) -> Literal {
    Literal::new_typed_literal(n.to_string(), vocab::xsd::INTEGER)
}

fn write_node(quads: &mut Vec<Quad>, node: &NamedNode, key: &Key, counts: Counts) {
    let graph = GraphName::NamedNode(summary_graph());
    let mut add = |p: NamedNodeRef<'_>, o: Term| {
        quads.push(Quad::new(node.clone(), p, o, graph.clone()));
    };
    let iri = |s: &str| Term::NamedNode(NamedNode::new_unchecked(s));
    match key {
        Key::Speaker(speaker, stance) => {
            add(rdf::TYPE, cg::SPEAKER_TALLY.into_owned().into());
            add(cg::TALLY_SPEAKER, iri(speaker));
            add(cg::TALLY_STANCE, iri(stance));
        }
        Key::Proposition(proposition, stance) => {
            add(rdf::TYPE, cg::PROPOSITION_TALLY.into_owned().into());
            add(cg::TALLY_PROPOSITION, iri(proposition));
            add(cg::TALLY_STANCE, iri(stance));
        }
        Key::Figure(proposition, date) => {
            add(rdf::TYPE, cg::FIGURE_TALLY.into_owned().into());
            add(cg::TALLY_PROPOSITION, iri(proposition));
            if let Some((value, datatype)) = date {
                let datatype = NamedNode::new_unchecked(datatype.as_str());
                add(
                    cg::TALLY_DATE,
                    Literal::new_typed_literal(value, datatype).into(),
                );
            }
        }
        Key::Outlet(name) => {
            add(rdf::TYPE, cg::OUTLET_TALLY.into_owned().into());
            if let Some(name) = name {
                add(cg::TALLY_OUTLET, Literal::new_simple_literal(name).into());
            }
        }
    }
    if !matches!(key, Key::Outlet(_)) {
        add(cg::STATEMENT_COUNT, integer(counts.statements).into());
    }
    add(cg::ARTICLE_COUNT, integer(counts.articles).into());
    if matches!(key, Key::Figure(..)) {
        add(cg::QUANTITY_SUM, integer(counts.quantity).into());
    }
}

/// The quads of one tally node.
fn node_quads(transaction: &Transaction<'_>, node: &NamedNode) -> Result<Vec<Quad>, StorageError> {
    let graph = summary_graph();
    transaction
        .quads_for_pattern(
            Some(node.into()),
            None,
            None,
            Some(GraphNameRef::NamedNode(graph.as_ref())),
        )
        .collect()
}

fn read_counts(transaction: &Transaction<'_>, node: &NamedNode) -> Result<Counts, StorageError> {
    let mut counts = Counts::default();
    for quad in node_quads(transaction, node)? {
        let Term::Literal(value) = &quad.object else {
            continue;
        };
        let p = quad.predicate.as_ref();
        if p == cg::STATEMENT_COUNT {
            counts.statements = value.value().parse().unwrap_or(0);
        } else if p == cg::ARTICLE_COUNT {
            counts.articles = value.value().parse().unwrap_or(0);
        } else if p == cg::QUANTITY_SUM {
            counts.quantity = value.value().parse().unwrap_or(0);
        }
    }
    Ok(counts)
}

fn remove_node(transaction: &mut Transaction<'_>, node: &NamedNode) -> Result<(), StorageError> {
    for quad in node_quads(transaction, node)? {
        transaction.remove(&quad);
    }
    Ok(())
}

fn add_to_total(
    transaction: &mut Transaction<'_>,
    key: &Key,
    counts: Counts,
) -> Result<(), StorageError> {
    let total = node_iri(key, None);
    let mut sum = read_counts(transaction, &total)?;
    sum.add(counts, 1);
    remove_node(transaction, &total)?;
    if !sum.is_zero() {
        let mut quads = Vec::new();
        write_node(&mut quads, &total, key, sum);
        transaction.extend(&quads);
    }
    Ok(())
}

/// Folds every batch node a cut-short build left into its total (a
/// transaction; usually there are none).
pub fn fold_leftovers(store: &Store) -> Result<(), StorageError> {
    let graph = summary_graph();
    let prefix = format!("{}tally/", vocab::DATA);
    let mut leftovers: BTreeSet<NamedNode> = BTreeSet::new();
    for quad in store.quads_for_pattern(
        None,
        Some(rdf::TYPE),
        None,
        Some(GraphNameRef::NamedNode(graph.as_ref())),
    ) {
        if let NamedOrBlankNode::NamedNode(node) = quad?.subject
            && node
                .as_str()
                .strip_prefix(&prefix)
                .is_some_and(|rest| rest.contains('/'))
        {
            leftovers.insert(node);
        }
    }
    if leftovers.is_empty() {
        return Ok(());
    }
    let mut transaction = store.start_transaction()?;
    for node in leftovers {
        let Some(key) = read_key(&transaction, &node)? else {
            continue;
        };
        let counts = read_counts(&transaction, &node)?;
        remove_node(&mut transaction, &node)?;
        add_to_total(&mut transaction, &key, counts)?;
    }
    transaction.commit()
}

/// Tallies every article graph afresh if the store has articles but no
/// summary (a store built before there was one): one scan, once.
pub fn ensure(store: &Store) -> Result<(), StorageError> {
    let graph = summary_graph();
    let summary = GraphNameRef::NamedNode(graph.as_ref());
    if store
        .quads_for_pattern(None, None, None, Some(summary))
        .next()
        .transpose()?
        .is_some()
    {
        return Ok(());
    }
    let mut tallies = Tallies::default();
    for quad in store.quads_for_pattern(None, Some(cg::ARTICLE_ID), None, None) {
        let GraphName::NamedNode(article) = quad?.graph_name else {
            continue;
        };
        let quads = store
            .quads_for_pattern(
                None,
                None,
                None,
                Some(GraphNameRef::NamedNode(article.as_ref())),
            )
            .collect::<Result<Vec<_>, _>>()?;
        tallies.add_graph(&quads, 1);
    }
    if tallies.is_empty() {
        return Ok(());
    }
    let mut transaction = store.start_transaction()?;
    tallies.apply(&mut transaction)?;
    transaction.commit()
}

/// The key a tally node counts by, read back from its quads.
fn read_key(transaction: &Transaction<'_>, node: &NamedNode) -> Result<Option<Key>, StorageError> {
    let mut kind = None;
    let mut parts: BTreeMap<NamedNode, Term> = BTreeMap::new();
    for quad in node_quads(transaction, node)? {
        if quad.predicate == rdf::TYPE {
            kind = iri_of(&quad.object);
        } else {
            parts.insert(quad.predicate, quad.object);
        }
    }
    let get = |p: NamedNodeRef<'_>| parts.get(&p.into_owned());
    let iri = |p: NamedNodeRef<'_>| get(p).and_then(iri_of);
    let key = match kind.as_deref() {
        Some(k) if k == cg::SPEAKER_TALLY.as_str() => iri(cg::TALLY_SPEAKER)
            .zip(iri(cg::TALLY_STANCE))
            .map(|(s, st)| Key::Speaker(s, st)),
        Some(k) if k == cg::PROPOSITION_TALLY.as_str() => iri(cg::TALLY_PROPOSITION)
            .zip(iri(cg::TALLY_STANCE))
            .map(|(p, st)| Key::Proposition(p, st)),
        Some(k) if k == cg::FIGURE_TALLY.as_str() => iri(cg::TALLY_PROPOSITION)
            .map(|p| Key::Figure(p, get(cg::TALLY_DATE).and_then(literal_parts))),
        Some(k) if k == cg::OUTLET_TALLY.as_str() => Some(Key::Outlet(
            get(cg::TALLY_OUTLET)
                .and_then(literal_parts)
                .map(|(v, _)| v),
        )),
        _ => None,
    };
    Ok(key)
}

/// A batch's tag: a digest of its articles' graphs, so two batches never
/// share one while both are unfolded.
pub fn batch_tag<'a>(graphs: impl IntoIterator<Item = &'a [Quad]>) -> String {
    let mut hasher = Sha256::new();
    for graph in graphs {
        if let Some(first) = graph.first() {
            hasher.update(first.graph_name.to_string().as_bytes());
        }
        hasher.update((graph.len() as u64).to_le_bytes());
    }
    let digest = hasher.finalize();
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
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
            q(&s, rdf::TYPE, cg::STATEMENT.into_owned().into()),
            q(&s, cg::SPEAKER, crate::rdf::entity_iri(speaker).into()),
            q(
                &s,
                cg::STANCE_PROP,
                vocab::Stance::Claims.iri().into_owned().into(),
            ),
            q(&s, cg::PROPOSITION_PROP, p.into()),
            q(&s, cg::QUANTITY, Literal::from(12_000_i64).into()),
        ]
    }

    fn total(store: &Store, key: &Key) -> Counts {
        let transaction = store.start_transaction().unwrap();
        read_counts(&transaction, &node_iri(key, None)).unwrap()
    }

    #[test]
    fn a_batch_left_unfolded_is_folded_into_its_total() {
        let store = Store::new().unwrap();
        let mut first = Tallies::default();
        first.add_graph(&article("a", "nis"), 1);
        // Loaded, then cut short before the fold.
        store.extend(first.batch_quads("t1")).unwrap();
        let outlet = Key::Outlet(Some("Yonhap".into()));
        assert!(total(&store, &outlet).is_zero());
        fold_leftovers(&store).unwrap();
        assert_eq!(total(&store, &outlet).articles, 1);
        // The next batch folds the usual way, onto the same total.
        let mut second = Tallies::default();
        second.add_graph(&article("b", "nis"), 1);
        store.extend(second.batch_quads("t2")).unwrap();
        let mut transaction = store.start_transaction().unwrap();
        second.fold(&mut transaction, "t2").unwrap();
        transaction.commit().unwrap();
        let speaker = Key::Speaker(
            crate::rdf::entity_iri("nis").as_str().to_owned(),
            vocab::Stance::Claims.iri().as_str().to_owned(),
        );
        let counts = total(&store, &speaker);
        assert_eq!((counts.statements, counts.articles), (2, 2));
        // Nothing but the totals is left, and folding again changes nothing.
        fold_leftovers(&store).unwrap();
        let nodes: BTreeSet<String> = store
            .quads_for_pattern(None, Some(rdf::TYPE), None, None)
            .map(|q| q.unwrap().subject.to_string())
            .collect();
        assert!(
            nodes
                .iter()
                .all(|n| !n.contains("/t1>") && !n.contains("/t2>")),
            "{nodes:?}"
        );
        assert_eq!(total(&store, &speaker).statements, 2);
        // Removing both brings every count to nothing.
        let mut removed = Tallies::default();
        removed.add_graph(&article("a", "nis"), -1);
        removed.add_graph(&article("b", "nis"), -1);
        let mut transaction = store.start_transaction().unwrap();
        removed.apply(&mut transaction).unwrap();
        transaction.commit().unwrap();
        assert!(store.is_empty().unwrap());
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
}
