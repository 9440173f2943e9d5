//! One section of a stored answer exactly as upstream sent it, for "details" beside a section the
//! window shows (and for an unreadable one, the only way to see what came).

use super::prelude::*;

pub async fn get_raw_section(ctx: &Arc<Ctx>, req: RawSectionRequest) -> Result<RawSection> {
    let sid = req.session_id.clone();
    let rows = ctx
        .store
        .read(move |c| {
            let s = sessions::get_session(c, &sid)?;
            let all = results::list_results(c, &s.case_id, None)?;
            Ok(all
                .into_iter()
                .filter(|r| r.session_id == sid)
                .collect::<Vec<_>>())
        })
        .await?;
    let Some(row) = rows
        .iter()
        .rev()
        .find(|r| matches!(r.kind.as_str(), "organization" | "beneficial"))
    else {
        return Err(EngineError::NotFound {
            what: "stored answer of the session",
            id: req.session_id,
        });
    };
    let raw = row.json()?;
    let node = amldesk_core::model::raw_section(&raw, &req.path).cloned();
    Ok(RawSection {
        session_id: req.session_id,
        path: req.path,
        sha256: row.sha256.clone(),
        present: node.is_some(),
        raw: node.unwrap_or(serde_json::Value::Null),
    })
}
