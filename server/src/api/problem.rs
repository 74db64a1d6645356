//! RFC 9457 problem details, and the mapping from domain errors to them. Internal errors are
//! logged (inside the request's span, which carries its request id) and never leaked.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use app::error::DomainError;
use app::i18n::{Key, Locale};
use axum::Json;
use axum::extract::path::ErrorKind;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An RFC 9457 problem document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem; `about:blank` when the status says it all.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong this time, for a person to read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// For validation failures: each rejected field with its reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<BTreeMap<String, String>>,
    /// For a refusal by a rule (such as enrolment eligibility): a stable code for programs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Problem {
    /// A problem with the standard title for `status`.
    pub fn new(status: StatusCode, detail: impl Into<Option<String>>) -> Problem {
        Problem {
            kind: "about:blank".to_string(),
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            status: status.as_u16(),
            detail: detail.into(),
            errors: None,
            reason: None,
        }
    }
}

impl Problem {
    /// The same problem, with `reason` recorded against `field`.
    fn with_error(mut self, field: String, reason: String) -> Problem {
        self.errors
            .get_or_insert_with(BTreeMap::new)
            .insert(field, reason);
        self
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, Json(self)).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        response
    }
}

/// What an API handler can fail with.
#[derive(Debug)]
pub enum ApiError {
    /// A service refused; messages are given in `locale`.
    Domain(DomainError, Locale),
    /// The request body is not JSON of the expected shape: the parser's reason, and the
    /// caller's language for the rest of the problem.
    Body(String, Locale),
    /// The request body was not sent as JSON (`Content-Type`).
    NotJson(Locale),
    /// A query parameter could not be read: its name and why, told in `locale`.
    InvalidQuery {
        /// The parameter, as the caller spelled it.
        name: String,
        /// What its value should have been.
        reason: Key,
        /// The caller's language.
        locale: Locale,
    },
    /// A query parameter is a number outside the range the document gives it.
    OutOfRange {
        /// The parameter, as the caller spelled it.
        name: &'static str,
        /// The smallest value taken.
        min: u64,
        /// The largest value taken.
        max: u64,
        /// The caller's language.
        locale: Locale,
    },
    /// A well-formed request clashes with what exists (a taken name): 409, naming the field.
    Taken {
        /// The field whose value is taken.
        field: &'static str,
        /// Why, in words.
        reason: Key,
        /// The caller's language.
        locale: Locale,
    },
    /// A query parameter is not one of the codes the document lists for it.
    UnknownValue {
        /// The parameter, as the caller spelled it.
        name: &'static str,
        /// The caller's language.
        locale: Locale,
    },
    /// A part of the path (such as an id) could not be read; the part, when known.
    InvalidPath(Option<String>, Locale),
    /// No such resource.
    NotFound,
    /// A dependency (the database) is down; the reason is safe to show.
    Unavailable(String),
    /// Too many attempts: try again after this long.
    Throttled(std::time::Duration, Locale),
}

impl ApiError {
    /// A refused sign-in or attempt limit, answered with `Retry-After`.
    pub fn from_throttle(throttle: app::auth::throttle::Throttle, locale: Locale) -> ApiError {
        match throttle {
            app::auth::throttle::Throttle::Limited(wait) => ApiError::Throttled(wait, locale),
            app::auth::throttle::Throttle::Failed(e) => ApiError::Domain(e, locale),
        }
    }
}

/// Whole seconds to wait, rounded up, at least one.
pub fn retry_seconds(wait: std::time::Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let retry = match &self {
            ApiError::Throttled(wait, _) => Some(retry_seconds(*wait)),
            _ => None,
        };
        let mut response = to_problem(self).into_response();
        if let Some(seconds) = retry {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

fn to_problem(error: ApiError) -> Problem {
    match error {
        ApiError::Domain(DomainError::Invalid(fields), locale) => {
            let errors = fields
                .into_iter()
                .map(|f| (f.field.to_string(), f.text(locale)))
                .collect();
            Problem {
                errors: Some(errors),
                ..Problem::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Some(locale.text(Key::FormFixFields).to_string()),
                )
            }
        }
        ApiError::Throttled(wait, locale) => Problem::new(
            StatusCode::TOO_MANY_REQUESTS,
            Some(locale.format(
                Key::SignInThrottled,
                &[("seconds", &retry_seconds(wait).to_string())],
            )),
        ),
        ApiError::Domain(DomainError::NotFound, _) | ApiError::NotFound => {
            Problem::new(StatusCode::NOT_FOUND, None)
        }
        ApiError::Domain(DomainError::Forbidden, locale) => Problem::new(
            StatusCode::FORBIDDEN,
            Some(locale.text(Key::FormForbidden).to_string()),
        ),
        ApiError::Domain(DomainError::Denied(key), locale) => {
            Problem::new(StatusCode::FORBIDDEN, Some(locale.text(key).to_string()))
        }
        ApiError::Domain(DomainError::Refused(reason, message), locale) => Problem {
            reason: Some(reason.to_string()),
            ..Problem::new(StatusCode::UNPROCESSABLE_ENTITY, Some(message.text(locale)))
        },
        ApiError::Domain(DomainError::Conflict(key), locale) => {
            Problem::new(StatusCode::CONFLICT, Some(locale.text(key).to_string()))
        }
        ApiError::Domain(DomainError::Database(e), _) => {
            tracing::error!(error = %e, "database error in API handler");
            Problem::new(StatusCode::INTERNAL_SERVER_ERROR, None)
        }
        ApiError::Domain(DomainError::Internal(e), _) => {
            tracing::error!(error = %e, "internal error in API handler");
            Problem::new(StatusCode::INTERNAL_SERVER_ERROR, None)
        }
        ApiError::Body(reason, locale) => Problem::new(
            StatusCode::BAD_REQUEST,
            Some(locale.text(Key::ApiBodyInvalid).to_string()),
        )
        .with_error("body".to_string(), reason),
        ApiError::NotJson(locale) => Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Some(locale.text(Key::ApiBodyNotJson).to_string()),
        ),
        ApiError::OutOfRange {
            name,
            min,
            max,
            locale,
        } => {
            let reason = locale.format(
                Key::ApiExpectedRange,
                &[("min", &min.to_string()), ("max", &max.to_string())],
            );
            Problem::new(
                StatusCode::BAD_REQUEST,
                Some(locale.format(Key::ApiQueryInvalid, &[("name", name), ("reason", &reason)])),
            )
            .with_error(name.to_string(), reason)
        }
        ApiError::InvalidQuery {
            name,
            reason,
            locale,
        } => {
            let reason = locale.text(reason);
            Problem::new(
                StatusCode::BAD_REQUEST,
                Some(locale.format(Key::ApiQueryInvalid, &[("name", &name), ("reason", reason)])),
            )
            .with_error(name, reason.to_string())
        }
        ApiError::Taken {
            field,
            reason,
            locale,
        } => {
            let reason = locale.text(reason);
            Problem::new(StatusCode::CONFLICT, Some(reason.to_string()))
                .with_error(field.to_string(), reason.to_string())
        }
        ApiError::UnknownValue { name, locale } => {
            let reason = locale.text(Key::ApiValueUnknown);
            Problem::new(
                StatusCode::BAD_REQUEST,
                Some(locale.format(Key::ApiQueryInvalid, &[("name", name), ("reason", reason)])),
            )
            .with_error(name.to_string(), reason.to_string())
        }
        ApiError::InvalidPath(value, locale) => Problem::new(
            StatusCode::BAD_REQUEST,
            Some(match value {
                Some(value) => locale.format(Key::ApiPathInvalid, &[("value", &value)]),
                None => locale.text(Key::ApiPathUnreadable).to_string(),
            }),
        ),
        ApiError::Unavailable(reason) => {
            Problem::new(StatusCode::SERVICE_UNAVAILABLE, Some(reason))
        }
    }
}

/// A JSON body whose rejections (wrong content type, malformed JSON, missing fields) answer
/// with problem+json instead of axum's plain-text errors.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let locale = app::i18n::request_locale(req.headers());
        let mut value = match Json::<serde_json::Value>::from_request(req, state).await {
            Ok(Json(value)) => value,
            // 415, as the document says: the body may be fine, but it is not labelled JSON.
            Err(JsonRejection::MissingJsonContentType(_)) => return Err(ApiError::NotJson(locale)),
            // Malformed JSON: 400 with the parser's reason.
            Err(rejection) => return Err(ApiError::Body(rejection.body_text(), locale)),
        };
        integral_floats_as_integers(&mut value);
        // JSON of another shape (a missing field, a word for a number): 400, naming the field.
        serde_path_to_error::deserialize(value)
            .map(ApiJson)
            .map_err(|error| ApiError::Body(error.to_string(), locale))
    }
}

/// Rewrites numbers such as `15.0` as `15`. JSON has one number type, and JSON Schema (so the
/// document) counts `15.0` as an integer; serde would refuse it for an `i32` field.
fn integral_floats_as_integers(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Number(number) => {
            // Whole, and within i64 (-2^63 is in, 2^63 is out).
            const I64: std::ops::Range<f64> =
                -9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0;
            if let Some(float) = number.as_f64().filter(|_| number.is_f64())
                && float.fract() == 0.0
                && I64.contains(&float)
            {
                *number = serde_json::Number::from(float as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_floats_as_integers),
        Value::Object(fields) => fields.values_mut().for_each(integral_floats_as_integers),
        Value::Null | Value::Bool(_) | Value::String(_) => {}
    }
}

/// Query parameters whose rejections (a word where a number belongs, `yes` for a boolean) answer
/// with a problem+json naming the parameter, instead of axum's plain-text errors.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiQuery<T>(pub T);

/// The ranges of a query's numeric parameters, as its `#[param(minimum, maximum)]` document
/// them: a value outside is refused with 400 naming the parameter, never clamped.
pub trait QueryBounds {
    /// Each bounded parameter: its name, its value if given, and the values it may take.
    fn bounds(&self) -> Vec<(&'static str, Option<u64>, RangeInclusive<u64>)> {
        Vec::new()
    }
}

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned + QueryBounds,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let locale = app::i18n::request_locale(&parts.headers);
        let query = parts.uri.query().unwrap_or_default();
        let deserializer =
            serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        // serde_path_to_error keeps the name of the parameter that failed, which
        // serde_urlencoded's own error leaves out.
        let value: T = serde_path_to_error::deserialize(deserializer).map_err(|error| {
            ApiError::InvalidQuery {
                name: error.path().to_string(),
                reason: expected(&error.inner().to_string()),
                locale,
            }
        })?;
        for (name, given, range) in value.bounds() {
            if given.is_some_and(|v| !range.contains(&v)) {
                return Err(ApiError::OutOfRange {
                    name,
                    min: *range.start(),
                    max: *range.end(),
                    locale,
                });
            }
        }
        Ok(ApiQuery(value))
    }
}

/// Refuses `value` of the query parameter `name` unless `known` takes it: a filter with an
/// unknown code would otherwise quietly match nothing, or everything.
pub fn one_of(
    name: &'static str,
    value: Option<&str>,
    known: impl Fn(&str) -> bool,
    locale: Locale,
) -> Result<(), ApiError> {
    match value {
        Some(v) if !known(v) => Err(ApiError::UnknownValue { name, locale }),
        _ => Ok(()),
    }
}

/// What a query parameter should have been, read from the parse error behind serde's message:
/// our parameters are whole numbers, booleans and text, and only the first two can fail.
fn expected(message: &str) -> Key {
    // `ParseIntError` ("invalid digit found in string", "number too large to fit in target
    // type", "cannot parse integer from empty string") and `ParseBoolError`.
    if message.contains("digit") || message.contains("number") || message.contains("integer") {
        Key::ApiExpectedWholeNumber
    } else if message.contains("`true` or `false`") {
        Key::ApiExpectedTrueOrFalse
    } else {
        Key::ApiValueUnreadable
    }
}

/// Path parameters (ids) whose rejections answer with problem+json.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiPath<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(ApiPath(value)),
            Err(PathRejection::FailedToDeserializePathParams(error)) => {
                let value = match error.kind() {
                    ErrorKind::ParseErrorAtKey { value, .. }
                    | ErrorKind::ParseErrorAtIndex { value, .. }
                    | ErrorKind::ParseError { value, .. } => Some(value.clone()),
                    _ => None,
                };
                Err(ApiError::InvalidPath(
                    value,
                    app::i18n::request_locale(&parts.headers),
                ))
            }
            // The route and the extractor disagree: a bug of ours, not the caller's.
            Err(rejection) => Err(ApiError::Domain(
                DomainError::Internal(rejection.body_text()),
                Locale::En,
            )),
        }
    }
}

/// The answer for any `/api/v1` path that does not exist.
pub async fn not_found() -> ApiError {
    ApiError::NotFound
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::error::FieldError;

    #[test]
    fn validation_lists_every_field_in_the_callers_language() {
        let error = ApiError::Domain(
            DomainError::Invalid(vec![FieldError::new("lang", Key::LanguageInvalid)]),
            Locale::Es,
        );
        let problem = to_problem(error);
        assert_eq!(problem.status, 422);
        let errors = problem.errors.expect("errors map");
        assert_eq!(errors["lang"], Locale::Es.text(Key::LanguageInvalid));
    }

    #[test]
    fn internal_errors_do_not_leak() {
        let error = ApiError::Domain(
            DomainError::Internal("connection to 10.0.0.5 refused: password=hunter2".into()),
            Locale::En,
        );
        let problem = to_problem(error);
        assert_eq!(problem.status, 500);
        let body = serde_json::to_string(&problem).expect("serialises");
        assert!(
            !body.contains("hunter2") && !body.contains("10.0.0.5"),
            "{body}"
        );
    }

    #[test]
    fn unreadable_query_values_are_explained_by_what_was_expected() {
        // Messages of the parse errors behind serde_urlencoded's, for our parameter types.
        let cases = [
            ("two".parse::<u64>(), Key::ApiExpectedWholeNumber),
            ("-5".parse::<u64>(), Key::ApiExpectedWholeNumber),
            ("".parse::<u64>(), Key::ApiExpectedWholeNumber),
            (
                "99999999999999999999".parse::<u64>(),
                Key::ApiExpectedWholeNumber,
            ),
        ];
        for (parsed, key) in cases {
            let message = parsed.expect_err("does not parse").to_string();
            assert_eq!(expected(&message), key, "{message}");
        }
        let message = "yes"
            .parse::<bool>()
            .expect_err("not a boolean")
            .to_string();
        assert_eq!(expected(&message), Key::ApiExpectedTrueOrFalse, "{message}");
        assert_eq!(
            expected("invalid type: sequence, expected a string"),
            Key::ApiValueUnreadable
        );
    }

    #[test]
    fn problems_are_sent_as_problem_json() {
        let response = ApiError::NotFound.into_response();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "application/problem+json"
        );
    }
}
