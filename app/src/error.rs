//! Errors, one enum per layer.
//!
//! [`DomainError`] is what services return (server only). [`AppError`] is what crosses the wire
//! to a page: already translated, and never carrying internal details, which are logged on the
//! server instead.

use serde::{Deserialize, Serialize};

/// One rejected form field, with the reason in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldMessage {
    /// The field's `name` in the form.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

impl AppError {
    /// A single-field refusal.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid(vec![FieldMessage {
            field: field.to_string(),
            message: message.into(),
        }])
    }

    /// The reason given for `field`, if it was refused.
    pub fn field_message(&self, field: &str) -> Option<String> {
        match self {
            AppError::Invalid(fields) => fields
                .iter()
                .find(|f| f.field == field)
                .map(|f| f.message.clone()),
            _ => None,
        }
    }
}

/// An error a page can show to the person who caused it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Input was rejected: each bad field with a translated reason.
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldMessage>),
    /// The page or action needs a signed-in person.
    #[error("sign in first")]
    SignInRequired,
    /// The thing asked for does not exist (or the caller may not know that it does).
    #[error("not found")]
    NotFound,
    /// The caller is signed in but may not do this.
    #[error("forbidden")]
    Forbidden,
    /// The caller may not do this, for the reason the text gives (such as approving their own
    /// application).
    #[error("{0}")]
    Denied(String),
    /// The action conflicts with the current state.
    #[error("{0}")]
    Conflict(String),
    /// Too many attempts; the text says when to try again.
    #[error("{0}")]
    TooManyRequests(String),
    /// Something failed on the server; the details are in the server log under this request.
    #[error("internal error")]
    Internal,
    /// The request never reached the server function, or its answer could not be read.
    #[error("{0}")]
    Transport(String),
}

impl AppError {
    /// The HTTP status this error answers with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Invalid(_) => 422,
            AppError::SignInRequired => 401,
            AppError::NotFound => 404,
            AppError::Forbidden | AppError::Denied(_) => 403,
            AppError::Conflict(_) => 409,
            AppError::TooManyRequests(_) => 429,
            AppError::Internal => 500,
            AppError::Transport(_) => 400,
        }
    }

    /// Sets the response status of the server function being answered to this error's, so that
    /// a refused input is a 422 and not a 500. Call it on the way out of a server function.
    ///
    /// A plain form post (no JavaScript) is left alone: it must stay a redirect back to the
    /// form, which then shows the error inline.
    #[cfg(feature = "ssr")]
    pub fn respond(self) -> Self {
        if crate::forms::is_plain_form_post() {
            return self;
        }
        if let (Some(response), Ok(code)) = (
            leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
            http::StatusCode::from_u16(self.status()),
        ) {
            response.set_status(code);
        }
        self
    }
}

impl server_fn_error::FromServerFnError for AppError {
    type Encoder = server_fn_error::JsonEncoding;

    fn from_server_fn_error(value: server_fn_error::ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

/// Re-exports so that feature modules name the server-function error machinery in one way.
mod server_fn_error {
    pub use leptos::server_fn::codec::JsonEncoding;
    pub use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
}

#[cfg(feature = "ssr")]
pub use domain::{DomainError, FieldError};

#[cfg(feature = "ssr")]
mod domain {
    use super::AppError;
    use crate::i18n::{Key, Locale};

    /// One rejected input field.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct FieldError {
        /// The field's name in forms and JSON bodies.
        pub field: &'static str,
        /// The translated explanation.
        pub message: Key,
        /// Values for the explanation's `{placeholders}`.
        pub args: Vec<(&'static str, String)>,
    }

    impl FieldError {
        /// A refusal explained by `message` alone.
        pub fn new(field: &'static str, message: Key) -> Self {
            FieldError {
                field,
                message,
                args: Vec::new(),
            }
        }

        /// A refusal whose explanation names values, such as the modules of a cycle.
        pub fn with(field: &'static str, message: Key, args: Vec<(&'static str, String)>) -> Self {
            FieldError {
                field,
                message,
                args,
            }
        }

        /// The explanation in `locale`.
        pub fn text(&self, locale: Locale) -> String {
            let args: Vec<(&str, &str)> = self.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            locale.format(self.message, &args)
        }
    }

    /// What a business operation can fail with. Adapters (server functions, JSON handlers) map
    /// it to a page error or an RFC 9457 problem.
    #[derive(Debug, thiserror::Error)]
    pub enum DomainError {
        /// Input failed validation: one entry per bad field.
        #[error("invalid input: {0:?}")]
        Invalid(Vec<FieldError>),
        /// The object does not exist.
        #[error("not found")]
        NotFound,
        /// The caller may not do this to this object.
        #[error("forbidden")]
        Forbidden,
        /// The caller may not do this, for a reason worth telling them (403 with the text).
        #[error("denied: {0:?}")]
        Denied(Key),
        /// The action conflicts with current state; the text explains it.
        #[error("conflict: {0:?}")]
        Conflict(Key),
        /// A rule refuses the request as a whole: a stable reason code for API clients and
        /// the explanation a person reads.
        #[error("refused: {0}")]
        Refused(&'static str, FieldError),
        /// A database failure: logged, never shown.
        #[error("database error: {0}")]
        Database(#[from] sea_orm::DbErr),
        /// Any other internal failure: logged, never shown.
        #[error("internal error: {0}")]
        Internal(String),
    }

    impl DomainError {
        /// The refusal for the problems a pure rule reported, one per field.
        pub fn from_problems(problems: Vec<(&'static str, Key)>) -> Self {
            DomainError::Invalid(
                problems
                    .into_iter()
                    .map(|(field, message)| FieldError::new(field, message))
                    .collect(),
            )
        }

        /// A single-field validation failure.
        pub fn invalid(field: &'static str, message: Key) -> Self {
            DomainError::Invalid(vec![FieldError::new(field, message)])
        }

        /// For `map_err` on an insert: a unique-constraint violation is a conflict explained by
        /// `message` (two people, or two clicks, asking for the same thing); anything else
        /// stays a database error.
        pub fn on_unique(message: Key) -> impl FnOnce(sea_orm::DbErr) -> Self {
            move |e| match e.sql_err() {
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
                    DomainError::Conflict(message)
                }
                _ => DomainError::Database(e),
            }
        }

        /// The page-facing error, in the reader's language, with the response status set.
        /// Internal details are logged here, once, and dropped.
        pub fn for_page(self, locale: Locale) -> AppError {
            self.translate(locale).respond()
        }

        fn translate(self, locale: Locale) -> AppError {
            match self {
                DomainError::Invalid(fields) => AppError::Invalid(
                    fields
                        .into_iter()
                        .map(|f| super::FieldMessage {
                            field: f.field.to_string(),
                            message: f.text(locale),
                        })
                        .collect(),
                ),
                DomainError::NotFound => AppError::NotFound,
                DomainError::Forbidden => AppError::Forbidden,
                DomainError::Denied(key) => AppError::Denied(locale.text(key).to_string()),
                DomainError::Conflict(key) => AppError::Conflict(locale.text(key).to_string()),
                DomainError::Refused(_, message) => AppError::Invalid(vec![super::FieldMessage {
                    field: crate::forms::WHOLE_FORM.to_string(),
                    message: message.text(locale),
                }]),
                DomainError::Database(e) => {
                    tracing::error!(error = %e, "database error");
                    AppError::Internal
                }
                DomainError::Internal(e) => {
                    tracing::error!(error = %e, "internal error");
                    AppError::Internal
                }
            }
        }
    }
}
