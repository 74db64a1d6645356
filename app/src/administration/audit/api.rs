//! The audit page's server function: thin, over `service::search`.

use leptos::prelude::*;

use super::dto::{AuditPage, AuditQuery};
use crate::error::AppError;

/// One page of the audit log (administrators).
#[server(endpoint = "audit_log")]
pub async fn audit_log(query: AuditQuery) -> Result<AuditPage, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::service::search(&db, &caller, &query)
        .await
        .map_err(|e| e.for_page(request::locale()))
}
