//! What a build does with each article it reads, given what the store
//! holds of it: skip it (unchanged), refuse it (its id is stored from
//! another file), or extract it (new, or changed).

use super::{Event, Options, Summary};
use crate::article::Article;
use crate::display::Shown;
use crate::extract::Lexicon;
use crate::rdf::sources::{Claim, Known, Sources};
use crate::rdf::store::{GraphStore, StoreError, StoredArticle};

/// What the verdicts of one build depend on besides the article.
pub(super) struct Context<'a> {
    pub store: &'a GraphStore,
    pub lexicon: &'a Lexicon,
    pub options: Options,
    /// The store holds no article: every article is new, with no look-up
    /// (each would consult every index file the build ingests).
    pub empty: bool,
}

/// What a build does with one article, given what the store holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    New,
    Unchanged,
    /// Stored with other content, or by another extractor.
    Changed,
    /// Stored from another file with other content, and not `--replace`.
    TakenOver,
}

/// Hands `article` back, with whether it is stored already, when it is to
/// be extracted; counts and reports it when it is unchanged or refused.
/// What is stored comes from the sources file where it can say, else from
/// the store.
pub(super) fn admit(
    cx: &Context<'_>,
    sources: &mut Sources,
    article: Article,
    summary: &mut Summary,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<Option<(Article, bool)>, StoreError> {
    let extractor = cx.lexicon.extractor();
    let stored = match sources.known(&article.id) {
        Known::Stored(claim) => Some(StoredArticle::from(claim)),
        Known::Absent => None,
        Known::Unknown if cx.empty => None,
        Known::Unknown => {
            match cx
                .store
                .stored_unchanged(&article.id, &article.content_hash, extractor)?
            {
                Some(same) => Some(same),
                None => cx.store.stored_article(&article.id)?,
            }
        }
    };
    let source = sources.get(&article.id);
    match verdict(stored.as_ref(), source, &article, extractor, cx.options) {
        Verdict::Unchanged => {
            let key = source.map_or_else(|| article.source_key(), str::to_owned);
            sources.set(&article.id, key, claim(&article, cx.lexicon));
            summary.unchanged += 1;
            on_event(Event::Unchanged(&article));
            return Ok(None);
        }
        Verdict::TakenOver => {
            summary.failed += 1;
            on_event(Event::Failed(format!(
                "{}: article id {:?} is stored from another file; give this one another id, or build with --replace to replace the stored article",
                Shown(&article.origin),
                article.id
            )));
            return Ok(None);
        }
        Verdict::New | Verdict::Changed => {}
    }
    if stored.as_ref().and_then(|s| s.content_hash.as_deref()) == Some(&article.content_hash) {
        summary.reextracted += 1;
    }
    Ok(Some((article, stored.is_some())))
}

/// What the store holds of `article` once it is stored.
pub(super) fn claim(article: &Article, lexicon: &Lexicon) -> Claim {
    Claim {
        content_hash: article.content_hash.clone(),
        extractor: lexicon.extractor().to_owned(),
    }
}

fn verdict(
    stored: Option<&StoredArticle>,
    source: Option<&str>,
    article: &Article,
    extractor: &str,
    options: Options,
) -> Verdict {
    let Some(stored) = stored else {
        return Verdict::New;
    };
    let same_content = stored.content_hash.as_deref() == Some(article.content_hash.as_str());
    if same_content && stored.extractor.as_deref() == Some(extractor) {
        return Verdict::Unchanged;
    }
    // A store written before sources were recorded knows no source.
    let other_source = source.is_some_and(|key| key != article.source_key());
    if !same_content && other_source && !options.replace {
        Verdict::TakenOver
    } else {
        Verdict::Changed
    }
}
