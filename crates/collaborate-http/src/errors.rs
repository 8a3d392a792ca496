//! The error model of the HTTP contract, in one place: every failure is `{code, message, field}`
//! with its status. The core's errors map here exhaustively; so do the parse errors of requests.

use collaborate_core::Error;
use collaborate_core::error::cause_chain;
use collaborate_core::values::InvalidValue;
use poem::http::StatusCode;
use poem::{IntoResponse, Response};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object};

/// What went wrong, for people and for programs.
#[derive(Debug, Clone, PartialEq, Eq, Object)]
pub struct ErrorBody {
    /// A stable, snake_case code: `invalid_input`, `unauthenticated`, `forbidden`,
    /// `reciprocity_required`, `suspended`, `not_found`, `method_not_allowed`, `conflict`,
    /// `stale`, `too_large`, `import_rejected`, `rate_limited`, `unexpected`.
    pub code: String,
    /// A sentence for people.
    pub message: String,
    /// The input field at fault, when one is.
    #[oai(nullable)]
    pub field: Option<String>,
    /// With `conflict`, why, as a stable word: `at_capacity`, `already_requested`, `wrong_state`,
    /// `duplicate`, `in_use`, `last_admin`, `expired`, `paused`, `unavailable`,
    /// `limit_reached`, `no_lead`, `not_enough_accepted`, `uneven_tables` or `not_yet`.
    /// Absent otherwise.
    #[oai(skip_serializing_if_is_none)]
    pub reason: Option<String>,
    /// With `import_rejected`, every problem of every row of the file. Absent otherwise.
    #[oai(skip_serializing_if_is_none)]
    pub problems: Option<Vec<RowProblemBody>>,
}

/// One problem of one row of an imported file.
#[derive(Debug, Clone, PartialEq, Eq, Object)]
pub struct RowProblemBody {
    /// The line the row starts on (the header is line 1).
    pub line: u64,
    /// The column, as the template names it; `null` for the whole row or file.
    #[oai(nullable)]
    pub column: Option<String>,
    /// What is wrong.
    pub reason: String,
}

/// Any failure of any operation.
#[derive(Debug, ApiResponse)]
pub enum ApiError {
    /// The input was refused (bad JSON, a wrong type, a missing or unknown field, a value out of
    /// range): `field` names it.
    #[oai(status = 400)]
    InvalidInput(Json<Box<ErrorBody>>),
    /// Not signed in, the session has ended, or the email and password do not match.
    #[oai(status = 401)]
    Unauthenticated(Json<Box<ErrorBody>>),
    /// Signed in but not allowed: `forbidden`, `reciprocity_required` (offer help first) or
    /// `suspended`.
    #[oai(status = 403)]
    Forbidden(Json<Box<ErrorBody>>),
    /// No such thing — or it belongs to a group the caller is not in.
    #[oai(status = 404)]
    NotFound(Json<Box<ErrorBody>>),
    /// The method is not one this path takes.
    #[oai(status = 405)]
    MethodNotAllowed(Json<Box<ErrorBody>>),
    /// `conflict`: already exists, or in the wrong state for this (`reason` says which); `stale`:
    /// it changed since you read it (an old `version`), so reload it and try again.
    #[oai(status = 409)]
    Conflict(Json<Box<ErrorBody>>),
    /// The body is larger than the server takes.
    #[oai(status = 413)]
    TooLarge(Json<Box<ErrorBody>>),
    /// `import_rejected`: the file was not imported; `problems` lists every problem of every
    /// row, with its line and column.
    #[oai(status = 422)]
    ImportRejected(Json<Box<ErrorBody>>),
    /// Too many attempts: try again after `Retry-After` seconds.
    #[oai(status = 429)]
    RateLimited(Json<Box<ErrorBody>>, #[oai(header = "Retry-After")] u64),
    /// A fault of the server; it has been logged.
    #[oai(status = 500)]
    Unexpected(Json<Box<ErrorBody>>),
}

fn body(code: &str, message: impl Into<String>, field: Option<&str>) -> Json<Box<ErrorBody>> {
    Json(Box::new(ErrorBody {
        code: code.to_owned(),
        message: message.into(),
        field: field.map(str::to_owned),
        reason: None,
        problems: None,
    }))
}

impl ApiError {
    /// 400 `invalid_input` about `field`.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::InvalidInput(body("invalid_input", message, Some(field)))
    }

    /// 400 `invalid_input` about the request as a whole.
    pub fn invalid_request(message: impl Into<String>) -> Self {
        Self::InvalidInput(body("invalid_input", message, None))
    }

    /// 401 `unauthenticated`.
    pub fn unauthenticated(message: impl Into<String>) -> Self {
        Self::Unauthenticated(body("unauthenticated", message, None))
    }

    /// 403 `forbidden`.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::Forbidden(body("forbidden", message, None))
    }

    /// 404 `not_found`.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::NotFound(body("not_found", message, None))
    }

    /// 413 `too_large`.
    pub fn too_large(message: impl Into<String>) -> Self {
        Self::TooLarge(body("too_large", message, None))
    }

    /// 429 `rate_limited`, to try again after `seconds`.
    pub fn rate_limited(seconds: u64) -> Self {
        Self::RateLimited(
            body(
                "rate_limited",
                format!("too many attempts: try again in {seconds} seconds"),
                None,
            ),
            seconds,
        )
    }

    /// Maps an error poem or poem-openapi raised before an operation ran (a parse error, a missing
    /// route, a missing credential, a body too large) to the contract's shape.
    pub fn from_poem(error: poem::Error) -> Self {
        if let Some(param) = error.downcast_ref::<poem_openapi::error::ParseParamError>() {
            return Self::invalid(param.name, format!("{}: {}", param.name, param.reason));
        }
        if error.is::<poem_openapi::error::AuthorizationError>() {
            return Self::unauthenticated("sign in: send a session token or cookie");
        }
        let message = error.to_string();
        match error.status() {
            StatusCode::UNSUPPORTED_MEDIA_TYPE => Self::invalid("body", message),
            StatusCode::BAD_REQUEST => Self::invalid_request(message),
            StatusCode::METHOD_NOT_ALLOWED => Self::MethodNotAllowed(body(
                "method_not_allowed",
                "this path does not take this method",
                None,
            )),
            StatusCode::UNAUTHORIZED => Self::unauthenticated(message),
            StatusCode::NOT_FOUND => Self::not_found("no such route"),
            StatusCode::PAYLOAD_TOO_LARGE => {
                Self::too_large("the request body is larger than this server takes")
            }
            status => {
                tracing::error!(%status, error = %message, "request failed outside an operation");
                Self::Unexpected(body("unexpected", "something went wrong on our side", None))
            }
        }
    }
}

impl From<InvalidValue> for ApiError {
    fn from(error: InvalidValue) -> Self {
        Self::invalid(error.field(), error.to_string())
    }
}

impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        let message = error.to_string();
        match error {
            Error::Invalid(invalid) => invalid.into(),
            Error::NotFound(_) => Self::NotFound(body("not_found", message, None)),
            Error::Forbidden(_) => Self::Forbidden(body("forbidden", message, None)),
            Error::Suspended => Self::Forbidden(body("suspended", message, None)),
            Error::AddressUnconfirmed => {
                Self::Forbidden(body("address_unconfirmed", message, None))
            }
            Error::ReciprocityRequired { .. } => {
                Self::Forbidden(body("reciprocity_required", message, None))
            }
            Error::Conflict { reason, .. } => {
                let mut conflict = body("conflict", message, None);
                conflict.reason = Some(reason.as_str().to_owned());
                Self::Conflict(conflict)
            }
            Error::Stale(_) => Self::Conflict(body("stale", message, None)),
            Error::ImportRejected(problems) => {
                let mut rejected = body("import_rejected", message, None);
                rejected.problems = Some(
                    problems
                        .into_iter()
                        .map(|p| RowProblemBody {
                            line: p.line,
                            column: p.column,
                            reason: p.reason,
                        })
                        .collect(),
                );
                Self::ImportRejected(rejected)
            }
            Error::InvalidCredentials | Error::Unauthenticated => Self::unauthenticated(message),
            Error::Unexpected(cause) => {
                log_unexpected("a use case failed unexpectedly", &cause);
                Self::Unexpected(body(
                    "unexpected",
                    "something went wrong on our side; it has been logged",
                    None,
                ))
            }
        }
    }
}

/// Logs what failed on our side with every cause under it: the one way the API and the pages
/// report an error that no caller could have prevented.
pub fn log_unexpected(what: &str, error: &(dyn std::error::Error + 'static)) {
    tracing::error!(error = %cause_chain(error), "{what}");
}

/// Turns any error that escaped an operation into the contract's JSON body; errors that already
/// carry one of our responses keep it.
pub async fn render(error: poem::Error) -> Response {
    // The route's template travels with the answer, for the metrics.
    let route = error.data::<poem::PathPattern>().cloned();
    let mut response = if error.is_from_response() {
        error.into_response()
    } else {
        ApiError::from_poem(error).into_response()
    };
    if let Some(route) = route {
        response.set_data(route);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use collaborate_core::PortError;
    use std::sync::{Arc, Mutex};

    /// What the subscriber writes, kept for the test to read.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn an_unexpected_failure_is_logged_with_its_causes_and_answered_without_them() {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        let failed = PortError::failed("reading the group", std::io::Error::other("disk I/O"));
        let answer = tracing::subscriber::with_default(subscriber, || {
            ApiError::from(Error::Unexpected(failed))
        });
        let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        assert!(log.contains("a use case failed unexpectedly"), "{log}");
        assert!(log.contains("reading the group: disk I/O"), "{log}");
        let ApiError::Unexpected(Json(body)) = answer else {
            panic!("not a 500");
        };
        assert!(!body.message.contains("disk"), "{}", body.message);
    }
}
