//! Rule family **relay**: the outlet or person a statement came through.
//!
//! "told CNN" and "X quoted Y as saying" name the relay next to the cue;
//! "citing X", "as quoted by X", "according to Yonhap" and an outlet's
//! closing attribution ("..., Yonhap said.") are applied by the driver in
//! [`super`], which owns the sentence's statements. The relay phrases are
//! cues of `[cues]` with the frames `according`, `citing` and `quoted_by`.

use super::speaker::mention_after;
use crate::extract::{EntityIdx, Kind, Reading};

/// "told CNN": the outlet told.
pub(super) fn told_outlet(cx: Reading<'_>, after_cue: usize) -> Option<EntityIdx> {
    let previous = cx.doc.lower(after_cue.checked_sub(1)?);
    if previous != "told" && previous != "tells" {
        return None;
    }
    let (entity, _) = mention_after(cx, after_cue, cx.doc.tokens.len())?;
    (cx.table.entity(entity).kind == Kind::MediaOutlet).then_some(entity)
}

/// "X quoted Y as saying": (Y, X) for the "as" at `as_index`.
pub(super) fn quoted_as_saying(
    cx: Reading<'_>,
    start: usize,
    as_index: usize,
) -> Option<(EntityIdx, Option<EntityIdx>)> {
    let quoted = (start..as_index)
        .rev()
        .find(|&k| cx.doc.lower(k) == "quoted")?;
    let speaker = cx
        .table
        .mentions_in(cx.doc, quoted + 1, as_index)
        .into_iter()
        .map(|m| m.2)
        .find(|&e| cx.table.entity(e).kind.is_actor())?;
    let relay = cx
        .table
        .mentions_in(cx.doc, start, quoted)
        .into_iter()
        .map(|m| m.2)
        .rfind(|&e| cx.table.entity(e).kind.is_actor());
    Some((speaker, relay))
}
