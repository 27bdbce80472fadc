//! The summary: whole-corpus tallies kept up to date by every build and
//! removal, in `cgid:graph/summary`, so the counts an analyst asks for first
//! (statements per speaker and stance, affirmations and denials per
//! proposition, figures per proposition, date and unit, relations per
//! subject, predicate and object, articles per outlet and per day) are a
//! look-up, never a scan.
//!
//! Invariant: for every key, the sum of its tallies' counts equals what a
//! scan of the article graphs gives, once a build has ended. A removal
//! subtracts the removed graphs' tallies in the transaction that removes
//! them. A build loads with each batch one mark per article
//! (`cg:pendingArticle`), in the same atomic load as the batch's graphs,
//! keeps the batches' tallies in memory and adds them into the totals when
//! it ends ([`Tallies::fold_in`]: a thousand keys a transaction, each
//! recording how far it got, the marks cleared last). A build cut short
//! leaves marks, and perhaps a record of how far its fold got; the next build
//! or removal tallies the marked graphs again and adds what was not added
//! ([`recover`]). During a build the totals lag by the batches written so
//! far.

use crate::vocab::{self, cg, rdf, schema};
use keys::{Key, node_iri, write_key};
use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term,
};
use oxigraph::store::{StorageError, Store, Transaction};
use std::collections::{BTreeMap, HashMap};

/// The graph the tallies live in.
pub fn summary_graph() -> NamedNode {
    NamedNode::new_unchecked(format!("{}graph/summary", vocab::DATA))
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
            unit: Option<String>,
            date: Option<(String, String)>,
            relation: bool,
            subject: Option<&'q str>,
            predicate: Option<&'q str>,
            object: Option<&'q str>,
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
                cg::FIGURE_PROP,
                cg::DATE,
                cg::SUBJECT,
                cg::PREDICATE,
                cg::OBJECT,
            ];
            if !relevant.contains(&p) {
                continue;
            }
            let said = nodes.entry(subject.as_str()).or_default();
            if p == rdf::TYPE {
                said.relation |= quad.object == Term::from(cg::RELATION.into_owned());
            } else if p == cg::SUBJECT {
                said.subject = iri(&quad.object);
            } else if p == cg::PREDICATE {
                said.predicate = iri(&quad.object);
            } else if p == cg::OBJECT {
                said.object = iri(&quad.object);
            } else if p == cg::SPEAKER {
                // A statement is what has a speaker (its class is not
                // stated: it follows from the property's domain).
                said.statement = true;
                said.speaker = iri(&quad.object);
            } else if p == cg::STANCE_PROP {
                said.stance = iri(&quad.object);
            } else if p == cg::PROPOSITION_PROP {
                said.proposition = iri(&quad.object);
            } else if p == cg::FIGURE_PROP {
                // The figure's quantity and unit are in its IRI (its
                // description is shared, in the figures graph).
                if let Some((quantity, unit)) = iri(&quad.object).and_then(crate::rdf::figure_parts)
                {
                    said.quantity = Some(i128::from(quantity));
                    said.unit = Some(unit);
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
        for said in nodes.values().filter(|s| s.relation) {
            if let (Some(subject), Some(predicate), Some(object)) =
                (said.subject, said.predicate, said.object)
            {
                let key = Key::Relation(subject.into(), predicate.into(), object.into());
                count(key, 0);
            }
        }
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
                count(Key::Figure(proposition, date, said.unit), quantity);
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

    /// Adds `other` into these tallies (a build's batches, one by one).
    pub fn merge(&mut self, other: Tallies) {
        for (key, counts) in other.counts {
            self.counts.entry(key).or_default().add(counts, 1);
        }
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

fn integer(n: impl ToString) -> Literal {
    Literal::new_typed_literal(n.to_string(), vocab::xsd::INTEGER)
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

/// Replaces a node's counts (its quads as `held`, with its key's if it had
/// none before) by their sum plus `delta`; a node whose counts come to
/// nothing goes whole.
fn replace_counts(
    transaction: &mut Transaction<'_>,
    node: &NamedNode,
    held: &[Quad],
    delta: Counts,
) {
    let mut sum = counts_of(held);
    sum.add(delta, 1);
    let is_count = |q: &Quad| {
        [cg::STATEMENT_COUNT, cg::ARTICLE_COUNT, cg::QUANTITY_SUM].contains(&q.predicate.as_ref())
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
/// How many articles the tallies count (every article has one outlet
/// tally, `None` for no outlet): exact once a build or removal has ended,
/// and a few look-ups however large the store.
pub fn article_total(store: &Store) -> Result<u64, StorageError> {
    let graph = summary_graph();
    let mut total = 0;
    for tally in store.quads_for_pattern(
        None,
        Some(rdf::TYPE),
        Some(cg::OUTLET_TALLY.into()),
        Some(graph.as_ref().into()),
    ) {
        let NamedOrBlankNode::NamedNode(node) = tally?.subject else {
            continue;
        };
        total += counts_of(&stored_node(store, &node)?).articles.max(0) as u64;
    }
    Ok(total)
}

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

/// A node's counts.
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
        }
    }
    counts
}

/// The shape of the tallies this code writes: bump it when a [`Key`]
/// changes, or how a graph is read for them (7: figures are nodes named
/// by `cg:figure`, statements untyped), and a store whose summary has
/// another is tallied afresh.
const VERSION: &str = "7";

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

mod fold;
mod keys;

pub use fold::{is_empty, marks, recover};

#[cfg(test)]
mod tests;
