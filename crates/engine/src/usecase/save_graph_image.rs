use super::prelude::*;

/// Saves the ownership graph image the window drew (PNG or SVG) in the export folder, named
/// after the subject; never overwrites a file.
pub async fn save_graph_image(ctx: &Arc<Ctx>, req: GraphImageRequest) -> Result<SavedFile> {
    use base64::Engine as _;
    let ext = match req.format.as_str() {
        "png" | "svg" => req.format.clone(),
        other => {
            return Err(EngineError::Validation {
                field: "format".into(),
                message: format!("Graph images are saved as png or svg, not \"{other}\"."),
            })
        }
    };
    let b64 = req
        .data_base64
        .split_once("base64,")
        .map_or(req.data_base64.as_str(), |(_, d)| d);
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .map_err(|e| EngineError::Validation {
            field: "dataBase64".into(),
            message: format!("The image data is not valid base64 ({e})."),
        })?;
    let case = super::get_case::get_case(ctx, &req.case_id).await?;
    let name = case
        .summary
        .subject_name
        .clone()
        .unwrap_or_else(|| case.summary.identifier.clone());
    let stem = format!("{name} ownership {}", chrono::Utc::now().format("%Y-%m-%d"));
    let dir = export::export_dir();
    let len = bytes.len() as u64;
    let path =
        tokio::task::spawn_blocking(move || export::save_new_file(&dir, &stem, &ext, &bytes))
            .await
            .map_err(|e| EngineError::Internal(e.to_string()))??;
    Ok(SavedFile {
        path: path.display().to_string(),
        bytes: len,
    })
}
