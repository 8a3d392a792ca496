//! What every page shares: the frame around it (title, navigation, the form token, the problems
//! of a form), turning a template into a response, and the page that says what went wrong.

use super::catalogue::Messages;
use askama::Template;
use collaborate_core::values::InvalidValue;
use poem::http::StatusCode;
use poem::http::header::CONTENT_TYPE;
use poem::{IntoResponse, Response};

/// The frame of a page, read by `layout.html`.
pub struct Chrome<'a> {
    /// The catalogue in the visitor's language.
    pub t: Messages<'a>,
    /// The page's title, already in that language.
    pub title: String,
    /// The token every form of the page carries.
    pub form_token: String,
    /// Whether someone is signed in.
    pub signed_in: bool,
    /// What is wrong with the form shown, if anything.
    pub problems: Problems,
    /// What the action that led here did, in the visitor's language.
    pub done: Option<String>,
}

/// The problems of a form, each tied to the field it is about.
#[derive(Debug, Default)]
pub struct Problems(Vec<Problem>);

/// One field's problem.
#[derive(Debug)]
pub struct Problem {
    /// The field's name (and the id of its input).
    pub field: String,
    /// What to do about it, in the visitor's language.
    pub message: String,
}

impl Problems {
    /// The problems of values refused, in words of the catalogue (`invalid-<field>`), one per
    /// field.
    pub fn of_refused(t: Messages<'_>, refused: &[InvalidValue]) -> Self {
        let mut problems: Vec<Problem> = Vec::new();
        for invalid in refused {
            if problems.iter().all(|p| p.field != invalid.field()) {
                problems.push(Problem {
                    field: invalid.field().to_owned(),
                    message: t.m(&format!("invalid-{}", invalid.field())),
                });
            }
        }
        Self(problems)
    }

    /// One problem of `field`.
    pub fn one(field: &str, message: String) -> Self {
        Self(vec![Problem {
            field: field.to_owned(),
            message,
        }])
    }

    /// Every problem, in the order of the form.
    pub fn all(&self) -> &[Problem] {
        &self.0
    }

    /// The status of a form page showing these problems: 422 when there is any.
    pub fn status(&self) -> StatusCode {
        if self.0.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        }
    }

    /// Whether the form is without problems.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The problem of `field`, if any.
    pub fn of(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|p| p.field == field)
            .map(|p| p.message.as_str())
    }
}

/// A page that says what went wrong and what to do.
#[derive(Template)]
#[template(path = "problem.html")]
pub struct ProblemPage<'a> {
    pub page: Chrome<'a>,
    /// What happened.
    pub lead: String,
    /// Why, or what to do next; may be empty.
    pub more: String,
    /// Where to go from here, and its words, when better than the list of one's groups.
    pub next: Option<(String, String)>,
}

/// `template` as an HTML page with `status`.
pub fn html(status: StatusCode, template: &impl Template) -> Response {
    match template.render() {
        Ok(body) => Response::builder()
            .status(status)
            .header(CONTENT_TYPE, "text/html; charset=utf-8")
            .body(body),
        Err(error) => {
            crate::errors::log_unexpected("a page could not be rendered", &error);
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `template` as a page answering 200.
pub fn ok(template: &impl Template) -> Response {
    html(StatusCode::OK, template)
}
