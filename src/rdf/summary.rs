//! The summary: whole-corpus tallies kept up to date by every build and
//! removal, in `cgid:graph/summary`, so the counts an analyst asks for first
//! (statements per speaker and stance, affirmations and denials per
//! proposition, figures per proposition, date and unit, articles per outlet and
//! per day) are
//! a look-up, never a scan.
//!
//! Invariant: for every key, the sum of its tallies' counts equals what a
//! scan of the article graphs gives, once a build has ended. A removal
//! subtracts the removed graphs' tallies in the transaction that removes
//! them; a build loads each batch's counts as `cg:pendingCounts` in the same
//! atomic load as the batch's graphs, and folds them into the totals in one
//! transaction when it ends (during a build the totals lag by the batches
//! written so far). A build cut short leaves pending counts, which the next
//! build or removal folds first.

use crate::vocab::{self, cg, rdf, schema};
use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term,
};
use oxigraph::store::{StorageError, Store, Transaction};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
    /// Speaker, proposition and stance IRIs: who took which side.
    Stance(String, String, String),
    /// Proposition IRI, the date (value, datatype IRI) and the unit, if
    /// any.
    Figure(String, Option<(String, String)>, Option<String>),
    /// The publisher's name, if any.
    Outlet(Option<String>),
    /// The date articles were published on (value, datatype IRI), if any.
    Published(Option<(String, String)>),
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

impl Tallies {
    /// Adds (`sign` 1) or subtracts (-1) the tallies of one article graph.
    pub fn add_graph<'a>(&mut self, quads: impl IntoIterator<Item = &'a Quad>, sign: i64) {
        #[derive(Default)]
        struct Said<'q> {
            statement: bool,
            speaker: Option<&'q str>,
            stance: Option<&'q str>,
            proposition: Option<&'q str>,
            quantity: Option<i128>,
            unit: Option<&'q str>,
            date: Option<(String, String)>,
        }
        fn iri(term: &Term) -> Option<&str> {
            match term {
                Term::NamedNode(n) => Some(n.as_str()),
                _ => None,
            }
        }
        let mut nodes: HashMap<&str, Said<'_>> = HashMap::new();
        let mut published = None;
        let mut outlet = None;
        let mut article = false;
        for quad in quads {
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
            let NamedOrBlankNode::NamedNode(subject) = &quad.subject else {
                continue;
            };
            let relevant = [
                rdf::TYPE,
                cg::SPEAKER,
                cg::STANCE_PROP,
                cg::PROPOSITION_PROP,
                cg::QUANTITY,
                cg::UNIT,
                cg::DATE,
            ];
            if !relevant.contains(&p) {
                continue;
            }
            let said = nodes.entry(subject.as_str()).or_default();
            if p == rdf::TYPE {
                said.statement |= quad.object == Term::from(cg::STATEMENT.into_owned());
            } else if p == cg::SPEAKER {
                said.speaker = iri(&quad.object);
            } else if p == cg::STANCE_PROP {
                said.stance = iri(&quad.object);
            } else if p == cg::PROPOSITION_PROP {
                said.proposition = iri(&quad.object);
            } else if p == cg::QUANTITY {
                if let Term::Literal(l) = &quad.object {
                    said.quantity = l.value().parse().ok();
                }
            } else if p == cg::UNIT {
                if let Term::Literal(l) = &quad.object {
                    said.unit = Some(l.value());
                }
            } else {
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
            let (speaker, stance, proposition) = (
                speaker.to_owned(),
                stance.to_owned(),
                proposition.to_owned(),
            );
            count(
                Key::Stance(speaker.clone(), proposition.clone(), stance.clone()),
                0,
            );
            count(Key::Speaker(speaker, stance.clone()), 0);
            count(Key::Proposition(proposition.clone(), stance), 0);
            if let Some(quantity) = said.quantity {
                let date = said.date.or_else(|| published.clone());
                let unit = said.unit.map(str::to_owned);
                count(Key::Figure(proposition, date, unit), quantity);
            }
        }
        let one_article = Counts {
            articles: 1,
            ..Counts::default()
        };
        keys.insert(Key::Outlet(outlet), one_article);
        keys.insert(Key::Published(published), one_article);
        for (key, counts) in keys {
            let total = self.counts.entry(key).or_default();
            total.add(counts, sign);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.counts.values().all(Counts::is_zero)
    }

    /// For a bulk load with a batch's graphs: the summary's version, each
    /// key's total node (its class and key: loading them again changes
    /// nothing) and one `cg:pendingCounts` quad with the batch's counts
    /// (`tag` tells batches apart), for [`fold`] to add into the totals.
    pub fn pending_quads(&self, tag: &str) -> Vec<Quad> {
        let graph = GraphName::NamedNode(summary_graph());
        let mut quads = Vec::new();
        if !self.is_empty() {
            quads.push(version_quad());
        }
        for (key, counts) in &self.counts {
            if counts.is_zero() {
                continue;
            }
            let node = node_iri(key);
            write_key(&mut quads, &node, key);
            let pending = format!(
                "{tag} {} {} {}",
                counts.statements, counts.articles, counts.quantity
            );
            quads.push(Quad::new(
                node,
                cg::PENDING_COUNTS,
                Literal::new_simple_literal(pending),
                graph.clone(),
            ));
        }
        quads
    }

    /// Adds these tallies to the totals in a transaction that has not
    /// touched them yet (a removal's are negative).
    pub fn apply(
        &self,
        store: &Store,
        transaction: &mut Transaction<'_>,
    ) -> Result<(), StorageError> {
        for (key, counts) in &self.counts {
            if counts.is_zero() {
                continue;
            }
            let node = node_iri(key);
            let mut held = stored_node(store, &node)?;
            if held.is_empty() {
                write_key(&mut held, &node, key);
                transaction.extend(&held);
            }
            replace_counts(transaction, &node, &held, *counts);
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
        Key::Stance(s, p, st) => format!("stance\n{s}\n{p}\n{st}"),
        Key::Figure(p, date, unit) => {
            let mut text = match date {
                Some((value, datatype)) => format!("figure\n{p}\n{value}\n{datatype}"),
                None => format!("figure\n{p}"),
            };
            if let Some(unit) = unit {
                text.push_str("\nunit\n");
                text.push_str(unit);
            }
            text
        }
        Key::Outlet(name) => match name {
            Some(name) => format!("outlet\n{name}"),
            None => "outlet".to_owned(),
        },
        Key::Published(date) => match date {
            Some((value, datatype)) => format!("published\n{value}\n{datatype}"),
            None => "published".to_owned(),
        },
    }
}

/// A key's tally node.
fn node_iri(key: &Key) -> NamedNode {
    let digest = Sha256::digest(key_text(key).as_bytes());
    let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    NamedNode::new_unchecked(format!("{}tally/{hex}", vocab::DATA))
}

fn integer(n: impl ToString) -> Literal {
    Literal::new_typed_literal(n.to_string(), vocab::xsd::INTEGER)
}

/// A tally node's class and key.
fn write_key(quads: &mut Vec<Quad>, node: &NamedNode, key: &Key) {
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
        Key::Stance(speaker, proposition, stance) => {
            add(rdf::TYPE, cg::STANCE_TALLY.into_owned().into());
            add(cg::TALLY_SPEAKER, iri(speaker));
            add(cg::TALLY_PROPOSITION, iri(proposition));
            add(cg::TALLY_STANCE, iri(stance));
        }
        Key::Figure(proposition, date, unit) => {
            add(rdf::TYPE, cg::FIGURE_TALLY.into_owned().into());
            add(cg::TALLY_PROPOSITION, iri(proposition));
            if let Some((value, datatype)) = date {
                let datatype = NamedNode::new_unchecked(datatype.as_str());
                add(
                    cg::TALLY_DATE,
                    Literal::new_typed_literal(value, datatype).into(),
                );
            }
            if let Some(unit) = unit {
                add(cg::TALLY_UNIT, Literal::new_simple_literal(unit).into());
            }
        }
        Key::Outlet(name) => {
            add(rdf::TYPE, cg::OUTLET_TALLY.into_owned().into());
            if let Some(name) = name {
                add(cg::TALLY_OUTLET, Literal::new_simple_literal(name).into());
            }
        }
        Key::Published(date) => {
            add(rdf::TYPE, cg::DATE_TALLY.into_owned().into());
            if let Some((value, datatype)) = date {
                let datatype = NamedNode::new_unchecked(datatype.as_str());
                add(
                    cg::TALLY_DATE,
                    Literal::new_typed_literal(value, datatype).into(),
                );
            }
        }
    }
}

/// The counts a node of class `class` states: an outlet's articles, a
/// figure's sum besides.
fn count_quads(node: &NamedNode, class: Option<&Term>, counts: Counts) -> Vec<Quad> {
    let graph = GraphName::NamedNode(summary_graph());
    let is = |c: NamedNodeRef<'_>| class == Some(&Term::from(c.into_owned()));
    let mut quads = Vec::new();
    let mut add = |p: NamedNodeRef<'_>, n: Literal| {
        quads.push(Quad::new(node.clone(), p, n, graph.clone()));
    };
    if !is(cg::OUTLET_TALLY) && !is(cg::DATE_TALLY) {
        add(cg::STATEMENT_COUNT, integer(counts.statements));
    }
    add(cg::ARTICLE_COUNT, integer(counts.articles));
    if is(cg::FIGURE_TALLY) {
        add(cg::QUANTITY_SUM, integer(counts.quantity));
    }
    quads
}

/// Replaces a node's counts and pending counts (its quads as `held`, with
/// its key's if it had none before) by their sum plus `delta`; a node whose
/// counts come to nothing goes whole.
fn replace_counts(
    transaction: &mut Transaction<'_>,
    node: &NamedNode,
    held: &[Quad],
    delta: Counts,
) {
    let mut sum = counts_of(held);
    sum.add(delta, 1);
    let is_count = |q: &Quad| {
        [
            cg::STATEMENT_COUNT,
            cg::ARTICLE_COUNT,
            cg::QUANTITY_SUM,
            cg::PENDING_COUNTS,
        ]
        .contains(&q.predicate.as_ref())
    };
    if sum.is_zero() {
        for quad in held {
            transaction.remove(quad);
        }
        return;
    }
    for quad in held.iter().filter(|q| is_count(q)) {
        transaction.remove(quad);
    }
    let class = held
        .iter()
        .find(|q| q.predicate == rdf::TYPE)
        .map(|q| q.object.clone());
    transaction.extend(&count_quads(node, class.as_ref(), sum));
}

/// The quads of one tally node as the store holds them (a snapshot read,
/// cheaper than one through a transaction).
fn stored_node(store: &Store, node: &NamedNode) -> Result<Vec<Quad>, StorageError> {
    let graph = summary_graph();
    store
        .quads_for_pattern(
            Some(node.into()),
            None,
            None,
            Some(GraphNameRef::NamedNode(graph.as_ref())),
        )
        .collect()
}

/// A node's counts, its pending counts added.
fn counts_of(quads: &[Quad]) -> Counts {
    let mut counts = Counts::default();
    for quad in quads {
        let Term::Literal(value) = &quad.object else {
            continue;
        };
        let p = quad.predicate.as_ref();
        let number = || value.value().parse().unwrap_or(0);
        if p == cg::STATEMENT_COUNT {
            counts.statements += number();
        } else if p == cg::ARTICLE_COUNT {
            counts.articles += number();
        } else if p == cg::QUANTITY_SUM {
            counts.quantity += i128::from(number());
        } else if p == cg::PENDING_COUNTS {
            let mut parts = value.value().split(' ').skip(1);
            let mut next = || {
                parts
                    .next()
                    .and_then(|n| n.parse::<i128>().ok())
                    .unwrap_or(0)
            };
            counts.statements += next() as i64;
            counts.articles += next() as i64;
            counts.quantity += next();
        }
    }
    counts
}

/// Adds every pending count (a build's batches, or what a cut-short build
/// left) into its total, in one transaction.
pub fn fold(store: &Store) -> Result<(), StorageError> {
    let graph = summary_graph();
    let mut pending: BTreeSet<NamedNode> = BTreeSet::new();
    for quad in store.quads_for_pattern(
        None,
        Some(cg::PENDING_COUNTS),
        None,
        Some(GraphNameRef::NamedNode(graph.as_ref())),
    ) {
        if let NamedOrBlankNode::NamedNode(node) = quad?.subject {
            pending.insert(node);
        }
    }
    if pending.is_empty() {
        return Ok(());
    }
    let mut transaction = store.start_transaction()?;
    for node in pending {
        let held = stored_node(store, &node)?;
        replace_counts(&mut transaction, &node, &held, Counts::default());
    }
    transaction.commit()
}

/// The shape of the tallies this code writes: bump it when a [`Key`]
/// changes, and a store whose summary has another is tallied afresh.
const VERSION: &str = "2";

/// The quad that says which shape the summary has.
fn version_quad() -> Quad {
    let graph = summary_graph();
    Quad::new(
        graph.clone(),
        cg::SUMMARY_VERSION,
        Literal::new_simple_literal(VERSION),
        graph,
    )
}

/// Tallies every article graph afresh unless the summary has this code's
/// shape (a store built before there was a summary, or by a version that
/// tallied by other keys): one scan, once. The old summary goes in one
/// transaction and the new one comes in another, with its version, so one
/// cut short in between is tallied again by the next build. A store with
/// no article and no summary is left empty.
pub fn ensure(store: &Store) -> Result<(), StorageError> {
    let version = version_quad();
    if store.contains(&version)? {
        return Ok(());
    }
    let cleared = clear(store)?;
    if !cleared && !has_articles(store)? {
        return Ok(());
    }
    let mut tallies = Tallies::default();
    for quad in store.quads_for_pattern(None, Some(cg::ARTICLE_ID), None, None) {
        let GraphName::NamedNode(article) = quad?.graph_name else {
            continue;
        };
        let quads = graph_quads(store, article.as_ref())?;
        tallies.add_graph(&quads, 1);
    }
    let mut transaction = store.start_transaction()?;
    tallies.apply(store, &mut transaction)?;
    transaction.insert(&version);
    transaction.commit()
}

fn graph_quads(store: &Store, graph: NamedNodeRef<'_>) -> Result<Vec<Quad>, StorageError> {
    store
        .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(graph)))
        .collect()
}

/// Empties the summary graph in one transaction; whether it held anything.
fn clear(store: &Store) -> Result<bool, StorageError> {
    let graph = summary_graph();
    let held = graph_quads(store, graph.as_ref())?;
    if held.is_empty() {
        return Ok(false);
    }
    let mut transaction = store.start_transaction()?;
    for quad in &held {
        transaction.remove(quad);
    }
    transaction.commit()?;
    Ok(true)
}

fn has_articles(store: &Store) -> Result<bool, StorageError> {
    Ok(store
        .quads_for_pattern(None, Some(cg::ARTICLE_ID), None, None)
        .next()
        .transpose()?
        .is_some())
}

/// Once the last article is removed, the summary's version goes too (its
/// tallies went with their articles), so an emptied store is empty.
pub fn forget_if_empty(store: &Store) -> Result<(), StorageError> {
    if !has_articles(store)? {
        clear(store)?;
    }
    Ok(())
}

/// A batch's tag: a digest of its articles' graph names and sizes, so two
/// batches of one build never share one.
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
mod tests;
