//! Figures over time: every figure given for a proposition or a unit, by
//! date and speaker (how did the numbers move?), read from the store and
//! drawn as a chart in SVG or PNG (`chart.rs`). The web page draws the same
//! figures; [`Selection::pattern`] is the selection both use.

use crate::date::Date;
use crate::query::{QueryError, string_literal};
use oxigraph::model::Term;
use oxigraph::sparql::{CancellationToken, QueryResults};
use oxigraph::store::Store;

/// Which figures: those whose unit holds a word, whose proposition reads
/// like a text, or both; every figure when both are empty.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// A word the unit holds ("troops"), case-insensitive.
    pub unit: Option<String>,
    /// A proposition's IRI, or words its subject, predicate and object
    /// hold, case-insensitive ("North Korea sends troops").
    pub proposition: Option<String>,
}

impl Filter {
    /// Finds what the filter names in `store`: a proposition's words are
    /// matched against the propositions that have figures (their subject's
    /// and object's labels and their predicate in words: sendsTroopsTo reads
    /// "sends troops to"), so that the figures are then read by IRI.
    pub fn resolve(
        &self,
        store: &Store,
        token: Option<&CancellationToken>,
    ) -> Result<Selection, QueryError> {
        let unit = self
            .unit
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(str::to_lowercase);
        let mut selection = Selection {
            unit,
            propositions: None,
        };
        let Some(text) = self
            .proposition
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        else {
            return Ok(selection);
        };
        if let Some(iri) = crate::rdf::parse_iri(text).filter(|_| text.contains("://")) {
            selection.propositions = Some(vec![iri.into_string()]);
            return Ok(selection);
        }
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        if words.is_empty() {
            return Ok(selection);
        }
        // The propositions with figures: from the summary's figure tallies,
        // unless a unit's word narrows them (then from the statements).
        let with_figures = match selection.unit {
            None => format!(
                "SELECT DISTINCT ?p WHERE {{ GRAPH {} {{ ?t a cg:FigureTally ; cg:tallyProposition ?p }} }}",
                crate::rdf::summary::summary_graph()
            ),
            Some(_) => format!(
                "SELECT DISTINCT ?p WHERE {{ GRAPH ?g {{ {} ?s cg:proposition ?p }} }}",
                selection.pattern()
            ),
        };
        let QueryResults::Solutions(solutions) =
            crate::query::prepare(&with_figures, token.cloned())?
                .on_store(store)
                .execute()?
        else {
            return Ok(selection);
        };
        let mut candidates = Vec::new();
        for solution in solutions {
            if let Some(Term::NamedNode(p)) = solution?.get("p") {
                candidates.push(p.as_str().to_owned());
            }
        }
        let candidates: Vec<&str> = candidates.iter().map(String::as_str).collect();
        let labels = crate::graph::describe_propositions(store, token, &candidates).map_err(
            |e| match e {
                crate::graph::GraphError::Query(q) => q,
                other => QueryError::Dataset(other.to_string()),
            },
        )?;
        selection.propositions = Some(
            labels
                .into_iter()
                .filter(|(_, label)| {
                    let read = in_words(label);
                    words.iter().all(|w| read.contains(w.as_str()))
                })
                .map(|(p, _)| p)
                .collect(),
        );
        Ok(selection)
    }

    /// The filter in words, for titles and messages.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(p) = &self.proposition {
            parts.push(format!("“{p}”"));
        }
        if let Some(u) = &self.unit {
            parts.push(u.clone());
        }
        if parts.is_empty() {
            "every unit".to_owned()
        } else {
            parts.join(", ")
        }
    }
}

/// A filter resolved against the store: a unit's word and the
/// propositions named, by IRI.
#[derive(Debug, Clone)]
pub struct Selection {
    unit: Option<String>,
    /// `None`: any proposition; `Some(empty)`: the words named none.
    propositions: Option<Vec<String>>,
}

impl Selection {
    /// The unit's word asked for, if any.
    pub fn unit(&self) -> Option<&str> {
        self.unit.as_deref()
    }

    /// The propositions kept by IRI (`None`: any).
    pub fn propositions(&self) -> Option<&[String]> {
        self.propositions.as_deref()
    }

    /// A SPARQL pattern over a statement `?s` in its article's graph that
    /// keeps the figures asked for. Typed text goes in string literals.
    pub fn pattern(&self) -> String {
        let mut pattern = String::from("?s cg:figure ?ff . ");
        if let Some(unit) = &self.unit {
            pattern.push_str(&format!(
                "GRAPH {} {{ ?ff cg:unit ?fu }} FILTER(CONTAINS(LCASE(?fu), {})) ",
                crate::rdf::shared::figures_graph(),
                string_literal(unit)
            ));
        }
        if let Some(propositions) = &self.propositions {
            let listed: Vec<String> = propositions.iter().map(|p| format!("<{p}>")).collect();
            pattern.push_str(&format!(
                "VALUES ?fp {{ {} }} ?s cg:proposition ?fp . ",
                listed.join(" ")
            ));
        }
        pattern
    }
}

/// A proposition's label as words: "North Korea sendsTroopsTo Russia"
/// reads "north korea sends troops to russia".
fn in_words(label: &str) -> String {
    let mut out = String::with_capacity(label.len() + 8);
    for c in label.chars() {
        if c.is_uppercase() && out.chars().last().is_some_and(char::is_lowercase) {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// One figure as the chart draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The day the figure speaks of, if the text gives one, else the day
    /// the article was published.
    pub date: Date,
    pub speaker: String,
    pub quantity: f64,
    /// `about`, `upTo`, ... when the figure is not exact.
    pub qualifier: Option<String>,
    pub unit: String,
    pub article: String,
    pub evidence: String,
}

/// The figures `filter` keeps, in date order, at most `limit`; figures
/// with no day (neither their own nor their article's) are left out.
pub fn figures(
    store: &Store,
    token: Option<&CancellationToken>,
    filter: &Filter,
    limit: usize,
) -> Result<Vec<Figure>, QueryError> {
    let selection = filter.resolve(store, token)?;
    let sparql = format!(
        "SELECT ?s ?speakerLabel ?quantity ?q ?unit ?date ?published ?article ?evidence WHERE {{
           GRAPH ?g {{ {}
             ?s cg:figure ?figure ; cg:speaker ?speaker ; cg:start ?start ; cg:end ?end .
             GRAPH {figures} {{ ?figure cg:quantity ?quantity OPTIONAL {{ ?figure cg:unit ?unit }}
                                OPTIONAL {{ ?figure cg:qualifier ?q }} }}
             ?a cg:articleId ?article ; schema:articleBody ?body .
             OPTIONAL {{ ?a schema:datePublished ?published }}
             OPTIONAL {{ ?s cg:date ?date }}
             OPTIONAL {{ ?speaker rdfs:label ?own }}
             OPTIONAL {{ GRAPH {known} {{ ?speaker rdfs:label ?knownLabel }} }} }}
           FILTER(BOUND(?date) || BOUND(?published))
           BIND(COALESCE(?own, ?knownLabel) AS ?speakerLabel)
           BIND(SUBSTR(?body, ?start + 1, ?end - ?start) AS ?evidence) }}
         ORDER BY ?published ?article ?s LIMIT {limit}",
        selection.pattern(),
        known = crate::rdf::shared::entities_graph(),
        figures = crate::rdf::shared::figures_graph(),
    );
    let QueryResults::Solutions(solutions) = crate::query::prepare(&sparql, token.cloned())?
        .on_store(store)
        .execute()?
    else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for solution in solutions {
        let solution = solution?;
        let text = |name: &str| match solution.get(name) {
            Some(Term::Literal(l)) => Some(l.value().to_owned()),
            Some(Term::NamedNode(n)) => Some(n.as_str().to_owned()),
            _ => None,
        };
        // A statement with two labels for its speaker is one figure.
        if !seen.insert(text("s").unwrap_or_default()) {
            continue;
        }
        let date = text("date")
            .and_then(|d| Date::parse(&d))
            .or_else(|| text("published").and_then(|d| Date::parse(&d)));
        let (Some(date), Some(quantity)) = (date, text("quantity").and_then(|q| q.parse().ok()))
        else {
            continue;
        };
        out.push(Figure {
            date,
            speaker: text("speakerLabel").unwrap_or_else(|| "(unnamed)".into()),
            quantity,
            qualifier: text("q").map(|q| q.rsplit('#').next().unwrap_or(&q).to_owned()),
            unit: text("unit").unwrap_or_default(),
            article: text("article").unwrap_or_default(),
            evidence: text("evidence").unwrap_or_default(),
        });
    }
    out.sort_by(|a, b| {
        (a.date, &a.article, &a.speaker)
            .cmp(&(b.date, &b.article, &b.speaker))
            .then(a.quantity.total_cmp(&b.quantity))
    });
    Ok(out)
}

mod chart;

pub use chart::{ChartError, ChartOptions, draw};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_select_by_unit_and_by_the_proposition_s_words() {
        let (_dir, store) = crate::sample_store();
        let store = store.store();
        let troops = Filter {
            unit: Some("Troops".into()),
            proposition: None,
        };
        let given = figures(store, None, &troops, 100).unwrap();
        assert!(given.iter().all(|f| f.unit.contains("troops")), "{given:?}");
        assert!(
            given
                .iter()
                .any(|f| f.speaker == "National Intelligence Service" && f.quantity == 12000.0)
        );
        assert!(given.windows(2).all(|w| w[0].date <= w[1].date));
        let sends = Filter {
            unit: None,
            proposition: Some("north KOREA sends troops".into()),
        };
        let by_words = figures(store, None, &sends, 100).unwrap();
        assert!(!by_words.is_empty());
        let everything = figures(store, None, &Filter::default(), 100).unwrap();
        assert!(everything.len() > by_words.len());
        // Typed text stays inside its string literal.
        let hostile = Filter {
            unit: Some("\" ) } } DROP ALL #".into()),
            proposition: Some("\\\" } LIMIT 0 #".into()),
        };
        assert!(figures(store, None, &hostile, 100).unwrap().is_empty());
    }
}
