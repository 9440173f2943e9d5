use super::prelude::*;

/// The bytes of a stored document (SHA-256 verified), never a path.
pub async fn get_document(ctx: &Arc<Ctx>, sha256: &str) -> Result<Vec<u8>> {
    let s = sha256.to_owned();
    Ok(ctx
        .store
        .read(move |c| documents::get_document(c, &s))
        .await?)
}
