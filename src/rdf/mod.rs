//! From extractions to RDF: deterministic IRIs, quads, and the store.
//!
//! Invariant: IRIs are minted only here, from `vocab` constants and stable
//! keys, so two builds of the same input give identical graphs.

pub mod loader;
mod lock;
mod quads;
pub mod shared;
pub mod sources;
pub mod store;
pub mod summary;

pub use quads::{ArticleQuads, to_quads};

use crate::date::PartialDate;
use crate::extract::Predicate;
use crate::vocab::{self, Qualifier, xsd};
use oxigraph::model::{Literal, NamedNode};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use sha2::{Digest, Sha256};

/// Everything but the unreserved characters of RFC 3986 is escaped.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
/// The same, keeping `/` for entity keys that have a path.
const PATH: &AsciiSet = &SEGMENT.remove(b'/');

/// Percent-encodes a key as IRI path segments (one, unless `keep_slash`).
fn encode(segment: &str, keep_slash: bool) -> String {
    let set = if keep_slash { PATH } else { SEGMENT };
    utf8_percent_encode(segment, set).to_string()
}

fn data_iri(kind: &str, encoded: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{}{kind}/{encoded}", vocab::DATA))
}

/// An article id as one IRI path segment.
fn id_segment(article_id: &str) -> String {
    encode(article_id, false)
}

/// An IRI someone gave (a dataset parameter of the SPARQL protocol), if it
/// is one.
pub fn parse_iri(text: &str) -> Option<NamedNode> {
    NamedNode::new(text).ok()
}

/// The named graph holding everything extracted from one article.
pub fn article_graph(article_id: &str) -> NamedNode {
    data_iri("graph", &id_segment(article_id))
}

/// The article id whose graph is `graph`, if `graph` is one that
/// [`article_graph`] mints.
pub fn graph_article_id(graph: &str) -> Option<String> {
    let segment = graph.strip_prefix(vocab::DATA)?.strip_prefix("graph/")?;
    let id = percent_encoding::percent_decode_str(segment)
        .decode_utf8()
        .ok()?
        .into_owned();
    (article_graph(&id).as_str() == graph).then_some(id)
}

pub fn article_iri(article_id: &str) -> NamedNode {
    data_iri("article", &id_segment(article_id))
}

pub fn entity_iri(key: &str) -> NamedNode {
    data_iri("entity", &encode(key, true))
}

/// The same (subject, predicate, object) gets the same proposition IRI in
/// every article, so corroboration and contradiction are joins.
pub fn proposition_iri(
    subject: Option<&str>,
    predicate: Predicate,
    object: Option<&str>,
) -> NamedNode {
    let mut hasher = Sha256::new();
    for part in [
        subject.unwrap_or(""),
        predicate.local_name(),
        object.unwrap_or(""),
    ] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    let digest = hasher.finalize();
    let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    data_iri("proposition", &hex)
}

/// The same figure (how hedged, how many, of what) gets the same IRI
/// wherever it is given, `cgid:figure/about/12000/troops`, and is described
/// once, in the graph `cgid:graph/figures`; a statement names it with
/// `cg:figure`.
pub fn figure_iri(qualifier: Qualifier, quantity: u64, unit: &str) -> NamedNode {
    data_iri(
        "figure",
        &format!(
            "{}/{quantity}/{}",
            qualifier.local_name(),
            encode(unit, false)
        ),
    )
}

/// The quantity and unit of a figure IRI that [`figure_iri`] minted, read
/// back from it (what the summary tallies, without looking the figure up).
pub fn figure_parts(iri: &str) -> Option<(u64, String)> {
    let rest = iri.strip_prefix(vocab::DATA)?.strip_prefix("figure/")?;
    let mut parts = rest.splitn(3, '/');
    let (qualifier, quantity, unit) = (parts.next()?, parts.next()?, parts.next()?);
    let qualifier = Qualifier::from_local_name(qualifier)?;
    let quantity: u64 = quantity.parse().ok()?;
    let unit = percent_encoding::percent_decode_str(unit)
        .decode_utf8()
        .ok()?
        .into_owned();
    (figure_iri(qualifier, quantity, &unit).as_str() == iri).then_some((quantity, unit))
}

fn date_literal(date: PartialDate) -> Literal {
    match date {
        PartialDate::Day(_) => Literal::new_typed_literal(date.to_string(), xsd::DATE),
        PartialDate::Month { .. } => {
            Literal::new_typed_literal(date.to_string(), xsd::G_YEAR_MONTH)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_percent_encoded_as_iri_segments() {
        for (key, keep_slash, encoded) in [
            ("000_059dc0b7487d2191", false, "000_059dc0b7487d2191"),
            ("a b/c%", false, "a%20b%2Fc%25"),
            ("a b/c%", true, "a%20b/c%25"),
            ("übung", false, "%C3%BCbung"),
            ("north-korea/army.~", true, "north-korea/army.~"),
        ] {
            assert_eq!(encode(key, keep_slash), encoded, "{key}");
        }
        assert!(article_graph("a b").as_str().ends_with("graph/a%20b"));
    }

    #[test]
    fn graphs_give_back_their_article_ids() {
        for id in ["a b/c%", "übung", "000_1"] {
            assert_eq!(
                graph_article_id(article_graph(id).as_str()).as_deref(),
                Some(id)
            );
        }
        let entity = entity_iri("russia");
        assert_eq!(graph_article_id(entity.as_str()), None);
        let unminted = format!("{}graph/a b", vocab::DATA);
        assert_eq!(graph_article_id(&unminted), None);
    }

    #[test]
    fn figures_give_back_their_quantity_and_unit() {
        for (qualifier, quantity, unit) in [
            (Qualifier::About, 12_000, "troops"),
            (Qualifier::UpTo, 1, "special forces / marines"),
            (Qualifier::Exactly, u64::MAX, "übung 100%"),
        ] {
            let iri = figure_iri(qualifier, quantity, unit);
            assert_eq!(
                figure_parts(iri.as_str()),
                Some((quantity, unit.to_owned()))
            );
        }
        let iri = figure_iri(Qualifier::About, 3, "troops");
        assert!(iri.as_str().ends_with("figure/about/3/troops"), "{iri}");
        for unminted in [
            "figure/about/x/troops",
            "figure/nearly/3/troops",
            "entity/x",
        ] {
            assert_eq!(figure_parts(&format!("{}{unminted}", vocab::DATA)), None);
        }
    }

    #[test]
    fn propositions_are_shared_across_articles() {
        let p = Predicate::SendsTroopsTo;
        assert_eq!(
            proposition_iri(Some("north-korea"), p, Some("russia")),
            proposition_iri(Some("north-korea"), p, Some("russia"))
        );
        assert_ne!(
            proposition_iri(Some("north-korea"), p, Some("russia")),
            proposition_iri(Some("russia"), p, Some("north-korea"))
        );
    }
}
