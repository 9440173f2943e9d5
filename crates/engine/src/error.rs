//! The engine's one error type. Every variant maps to an [`ErrorDto`] with a closed code and a
//! sentence a compliance officer understands; secrets never appear in any message.

use crate::api::{ErrorCode, ErrorDto};
use amldesk_core::id::IdError;
use amldesk_providers::{ErrorKind, ProviderError, SecretError};
use amldesk_store::StoreError;

#[derive(Debug, Clone, thiserror::Error)]
pub enum EngineError {
    /// Input rejected before any request.
    #[error("{message}")]
    Validation { field: String, message: String },
    #[error("{0}")]
    KeychainUnavailable(String),
    #[error("{0}")]
    Secret(String),
    #[error("{}", .0.user_message())]
    Provider(ProviderError),
    #[error("{message}")]
    Storage { message: String, not_found: bool },
    #[error("{what} \"{id}\" was not found.")]
    NotFound { what: &'static str, id: String },
    #[error("{0}")]
    Conflict(String),
    #[error("The operation was cancelled.")]
    Cancelled,
    #[error("{0}")]
    Internal(String),
}

impl EngineError {
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        EngineError::Validation {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            EngineError::Validation { .. } => ErrorCode::Validation,
            EngineError::KeychainUnavailable(_) => ErrorCode::KeychainUnavailable,
            EngineError::Secret(_) => ErrorCode::KeychainUnavailable,
            EngineError::Provider(p) => provider_code(p),
            EngineError::Storage {
                not_found: true, ..
            } => ErrorCode::NotFound,
            EngineError::Storage { .. } => ErrorCode::Storage,
            EngineError::NotFound { .. } => ErrorCode::NotFound,
            EngineError::Conflict(_) => ErrorCode::Conflict,
            EngineError::Cancelled => ErrorCode::Cancelled,
            EngineError::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The IPC / `--json` form.
    pub fn to_dto(&self) -> ErrorDto {
        let field = match self {
            EngineError::Validation { field, .. } => Some(field.clone()),
            _ => None,
        };
        let detail = match self {
            EngineError::Provider(p) => Some(p.to_string()),
            _ => None,
        };
        ErrorDto {
            code: self.code(),
            message: self.to_string(),
            field,
            detail,
        }
    }

    pub fn is_transient(&self) -> bool {
        matches!(self, EngineError::Provider(p) if p.is_transient())
    }
}

pub(crate) fn provider_code(p: &ProviderError) -> ErrorCode {
    match p.code() {
        ErrorKind::Validation => ErrorCode::Validation,
        ErrorKind::Unauthenticated | ErrorKind::MissingCredential => ErrorCode::Unauthenticated,
        ErrorKind::Forbidden => ErrorCode::Forbidden,
        ErrorKind::NotFound => ErrorCode::NotFound,
        ErrorKind::Expired => ErrorCode::Expired,
        ErrorKind::RateLimited => ErrorCode::RateLimited,
        ErrorKind::Offline => ErrorCode::Offline,
        ErrorKind::Timeout => ErrorCode::Timeout,
        ErrorKind::Config => ErrorCode::Internal,
        _ => ErrorCode::Upstream,
    }
}

impl From<ProviderError> for EngineError {
    fn from(e: ProviderError) -> Self {
        EngineError::Provider(e)
    }
}

impl From<IdError> for EngineError {
    fn from(e: IdError) -> Self {
        EngineError::Validation {
            field: e.field,
            message: e.message,
        }
    }
}

impl From<StoreError> for EngineError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { .. } => EngineError::Storage {
                message: e.to_string(),
                not_found: true,
            },
            StoreError::Invalid { field, message } => EngineError::Validation { field, message },
            other => EngineError::Storage {
                message: other.to_string(),
                not_found: false,
            },
        }
    }
}

impl From<SecretError> for EngineError {
    fn from(e: SecretError) -> Self {
        match e {
            SecretError::KeychainUnavailable { message } => {
                EngineError::KeychainUnavailable(format!(
                    "{message} Without a keyring, set AMLDESK_PASSPHRASE_FILE to a file holding \
                     a passphrase (secrets are then kept encrypted under it in the data \
                     directory); to run once only, AMLDESK_SECRET_STORE=memory (cases of that \
                     run are not kept)."
                ))
            }
            other => EngineError::Secret(other.user_message()),
        }
    }
}

pub type Result<T, E = EngineError> = std::result::Result<T, E>;
