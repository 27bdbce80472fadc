//! What the store says of its articles: whether one is stored and as
//! what, and how many there are.

use super::{GraphStore, StoreError, StoredArticle};
use crate::rdf::{article_graph, article_iri, summary};
use crate::vocab::cg;
use oxigraph::model::{GraphNameRef, LiteralRef, NamedNodeRef, QuadRef, Term};

impl GraphStore {
    /// The stored article `id` if it has this content hash and extractor:
    /// two point look-ups, cheaper than [`Self::stored_article`]'s scans
    /// (which decode every term) while a large build's index files wait to
    /// be compacted; `None` says nothing either way.
    pub fn stored_unchanged(
        &self,
        id: &str,
        content_hash: &str,
        extractor: &str,
    ) -> Result<Option<StoredArticle>, StoreError> {
        let graph = article_graph(id);
        let article = article_iri(id);
        for (predicate, value) in [(cg::CONTENT_HASH, content_hash), (cg::EXTRACTOR, extractor)] {
            let quad = QuadRef::new(
                &article,
                predicate,
                LiteralRef::new_simple_literal(value),
                &graph,
            );
            if !self.store.contains(quad).map_err(|e| self.storage(e))? {
                return Ok(None);
            }
        }
        Ok(Some(StoredArticle {
            content_hash: Some(content_hash.to_owned()),
            extractor: Some(extractor.to_owned()),
        }))
    }

    /// What is stored about an article's extraction, if it is stored: one
    /// scan of the article node's few triples.
    pub fn stored_article(&self, id: &str) -> Result<Option<StoredArticle>, StoreError> {
        let graph = article_graph(id);
        let article = article_iri(id);
        // Two look-ups, not the article node's every quad: its body is the
        // longest literal of the graph, and an unchanged build asks this
        // of every article.
        let value = |predicate: NamedNodeRef<'_>| -> Result<Option<String>, StoreError> {
            for quad in self.store.quads_for_pattern(
                Some(article.as_ref().into()),
                Some(predicate),
                None,
                Some(GraphNameRef::NamedNode(graph.as_ref())),
            ) {
                if let Term::Literal(value) = quad.map_err(|e| self.storage(e))?.object {
                    return Ok(Some(value.value().to_owned()));
                }
            }
            Ok(None)
        };
        let Some(content_hash) = value(cg::CONTENT_HASH)? else {
            return Ok(None);
        };
        Ok(Some(StoredArticle {
            content_hash: Some(content_hash),
            extractor: value(cg::EXTRACTOR)?,
        }))
    }

    /// How many articles are stored, by the summary's tallies: exact once a
    /// build has ended, and a few look-ups, where [`Self::article_count`]
    /// decodes every article's content hash (slow while a large build's
    /// index files wait to be compacted).
    pub fn tallied_article_count(&self) -> Result<u64, StoreError> {
        summary::article_total(&self.store).map_err(|e| self.storage(e))
    }

    /// Whether any article is stored (the first content hash in the index).
    pub fn has_articles(&self) -> Result<bool, StoreError> {
        let mut hashes = self
            .store
            .quads_for_pattern(None, Some(cg::CONTENT_HASH), None, None);
        Ok(hashes
            .next()
            .transpose()
            .map_err(|e| self.storage(e))?
            .is_some())
    }

    /// How many articles are stored (one content hash each; an index scan,
    /// cheap even for a large store).
    pub fn article_count(&self) -> Result<usize, StoreError> {
        let mut count = 0;
        for quad in self
            .store
            .quads_for_pattern(None, Some(cg::CONTENT_HASH), None, None)
        {
            quad.map_err(|e| self.storage(e))?;
            count += 1;
        }
        Ok(count)
    }
}
