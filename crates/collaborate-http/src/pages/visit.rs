//! One visit to a page: who is looking (the session cookie the API reads too), the language of
//! the catalogue they read, and the token that ties a form to the browser it was served to.

use super::Pages;
use super::catalogue::Messages;
use super::render::{Chrome, ProblemPage, Problems, html};
use crate::auth::{HOST_SESSION_COOKIE, SESSION_COOKIE};
use collaborate_core::Error;
use collaborate_core::ports::Environment;
use collaborate_core::values::{AccountId, Language, SecretToken};
use poem::http::StatusCode;
use poem::web::Redirect;
use poem::web::cookie::{Cookie, SameSite};
use poem::{IntoResponse, Request, Response};
use sha2::{Digest, Sha256};

/// The browser's own random cookie over plain HTTP: before anyone signs in, a form's token is
/// derived from it, so a form posted from another site (which cannot read it) is refused.
const BROWSER_COOKIE: &str = "collaborate_browser";
/// The same over HTTPS, with the `__Host-` prefix: no subdomain can plant it.
const HOST_BROWSER_COOKIE: &str = "__Host-collaborate_browser";

/// What a page knows of its visitor.
pub struct Visit<'a> {
    /// The catalogue in the visitor's language.
    pub t: Messages<'a>,
    /// The account signed in, if any.
    pub account: Option<AccountId>,
    session: Option<SecretToken>,
    form_token: String,
    path: String,
    origin: String,
    /// What the action just taken did, as a word of [`DONE`], told once on the page it led to.
    done: Option<&'static str>,
}

/// The actions a page may report as done after redirecting to it (`?done=<word>`), each told
/// by the catalogue's `done-<word>`: a closed list, so that no link puts words on a page.
pub const DONE: &[&str] = &[
    "saved",
    "deleted",
    "paused",
    "active",
    "met",
    "withdrawn",
    "open",
    "created",
    "added",
    "joined",
    "admin",
    "member",
    "suspended",
    "restored",
    "removed",
    "leads",
    "archived",
    "invited",
    "accepted",
    "declined",
    "scheduled",
    "held",
    "cancelled",
    "sent",
    "published",
    "convened",
    "proposed",
    "confirmed",
];

impl<E: Environment> Pages<E> {
    /// Reads the visit of `request`: a session that no longer opens counts as signed out, and a
    /// browser without its cookie is given one.
    pub(super) async fn visit(&self, request: &Request) -> Visit<'_> {
        let jar = request.cookie();
        let session_name = if self.config.secure_cookies {
            HOST_SESSION_COOKIE
        } else {
            SESSION_COOKIE
        };
        let session = jar
            .get(session_name)
            .and_then(|c| SecretToken::parse(c.value_str()).ok());
        let account = match &session {
            Some(token) => self.app.authenticate(token).await.ok(),
            None => None,
        };
        let session = session.filter(|_| account.is_some());
        let chosen = match account {
            Some(account) => self.app.language_of(account).await.ok().flatten(),
            None => None,
        };
        let accept = request.header(poem::http::header::ACCEPT_LANGUAGE);
        let t = self
            .catalogue
            .for_visitor(chosen.as_ref().map(Language::as_str), accept);
        let secret = match &session {
            Some(token) => token.expose().to_owned(),
            None => self.browser_secret(request),
        };
        let scheme = if self.config.secure_cookies {
            "https"
        } else {
            "http"
        };
        let host = request
            .header(poem::http::header::HOST)
            .unwrap_or("localhost");
        let done = request
            .uri()
            .query()
            .into_iter()
            .flat_map(|query| query.split('&'))
            .find_map(|pair| pair.strip_prefix("done="))
            .and_then(|word| DONE.iter().copied().find(|known| *known == word));
        Visit {
            t,
            account,
            session,
            done,
            origin: format!("{scheme}://{host}"),
            form_token: form_token(&secret),
            path: request
                .uri()
                .path_and_query()
                .map_or("/", |p| p.as_str())
                .to_owned(),
        }
    }

    /// The browser cookie's value, made and handed to the browser when it has none.
    fn browser_secret(&self, request: &Request) -> String {
        let https = self.config.secure_cookies;
        let name = if https {
            HOST_BROWSER_COOKIE
        } else {
            BROWSER_COOKIE
        };
        let jar = request.cookie();
        if let Some(existing) = jar.get(name) {
            return existing.value_str().to_owned();
        }
        let mut bytes = [0; 32];
        if let Err(error) = getrandom::fill(&mut bytes) {
            // Without randomness the token is unguessable only by the session; forms of a
            // signed-out page are then refused, which is safe.
            tracing::error!(%error, "no randomness for the browser cookie");
            return String::new();
        }
        let value = SecretToken::from_random_bytes(bytes).expose().to_owned();
        let mut cookie = Cookie::new_with_str(name, &value);
        cookie.set_http_only(true);
        cookie.set_same_site(SameSite::Lax);
        cookie.set_path("/");
        cookie.set_secure(https);
        jar.add(cookie);
        value
    }
}

/// The form token of a browser or session secret: a one-way digest, so the page's token tells
/// nothing of the secret.
fn form_token(secret: &str) -> String {
    if secret.is_empty() {
        return String::new();
    }
    let digest = Sha256::new()
        .chain_update(b"collaborate form\0")
        .chain_update(secret.as_bytes())
        .finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Why a page could not be shown as asked.
#[derive(Debug)]
pub enum Failure {
    /// The use case refused.
    Core(Error),
    /// Values of a form the core's types refused, each naming its field.
    Fields(Vec<collaborate_core::values::InvalidValue>),
    /// A form without the token of this browser: posted from elsewhere, or too old.
    Forged,
    /// Too many attempts from here or at this account.
    TooMany,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Self::Core(error)
    }
}

impl From<collaborate_core::values::InvalidValue> for Failure {
    fn from(invalid: collaborate_core::values::InvalidValue) -> Self {
        Self::Fields(vec![invalid])
    }
}

impl Failure {
    /// The refused values of a form, whether the page or the core refused them; `None` for any
    /// other failure, which is given back.
    ///
    /// # Errors
    /// The failure itself, when it is not about the form's values.
    pub fn fields(self) -> Result<Vec<collaborate_core::values::InvalidValue>, Self> {
        match self {
            Self::Fields(refused) => Ok(refused),
            Self::Core(Error::Invalid(invalid)) => Ok(vec![invalid]),
            other => Err(other),
        }
    }
}

/// What a page handler answers: the page, or why not.
pub type Shown = Result<Response, Failure>;

impl Visit<'_> {
    /// The account signed in, or [`Error::Unauthenticated`], which sends the visitor to sign in.
    ///
    /// # Errors
    /// [`Error::Unauthenticated`] when no one is signed in.
    pub fn account(&self) -> Result<AccountId, Failure> {
        self.account.ok_or(Failure::Core(Error::Unauthenticated))
    }

    /// The address of this site as the browser reached it (`https://host`), for links a person
    /// copies to share.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The session signed in, if any.
    pub fn session(&self) -> Option<&SecretToken> {
        self.session.as_ref()
    }

    /// Refuses a form whose token is not this visitor's.
    ///
    /// # Errors
    /// [`Failure::Forged`].
    pub fn check_form(&self, sent: &str) -> Result<(), Failure> {
        let expected = self.form_token.as_bytes();
        let same = !expected.is_empty()
            && expected.len() == sent.len()
            && expected
                .iter()
                .zip(sent.as_bytes())
                .fold(0, |acc, (a, b)| acc | (a ^ b))
                == 0;
        if same { Ok(()) } else { Err(Failure::Forged) }
    }

    /// The frame of a page titled by message `title`.
    pub fn chrome(&self, title: &str) -> Chrome<'_> {
        self.chrome_with(title, Problems::default())
    }

    /// The frame of a form page showing `problems`.
    pub fn chrome_with(&self, title: &str, problems: Problems) -> Chrome<'_> {
        Chrome {
            t: self.t,
            title: self.t.m(title),
            form_token: self.form_token.clone(),
            signed_in: self.account.is_some(),
            done: self.done.map(|word| self.t.m(&format!("done-{word}"))),
            problems,
        }
    }

    /// The page shown, or the page that says why not.
    pub fn answer(&self, shown: Shown) -> Response {
        shown.unwrap_or_else(|failure| self.failed(failure))
    }

    /// The page shown; or, when the form's values were refused, their problems, for the form
    /// to be shown again with them; any other failure as its page.
    ///
    /// # Errors
    /// The problems of the values refused.
    pub fn or_problems(&self, shown: Shown) -> Result<Response, Problems> {
        match shown.map_err(Failure::fields) {
            Ok(response) => Ok(response),
            Err(Ok(refused)) => Err(Problems::of_refused(self.t, &refused)),
            Err(Err(failure)) => Ok(self.failed(failure)),
        }
    }

    /// The page that says why: sign in for a visitor without a session, else a page with the
    /// status the API would answer.
    pub fn failed(&self, failure: Failure) -> Response {
        let (status, id) = match failure {
            Failure::Core(Error::Unauthenticated) => {
                return Redirect::see_other(format!("/sign-in?next={}", encode(&self.path)))
                    .into_response();
            }
            Failure::Core(Error::ReciprocityRequired { offers_needed }) => {
                let page = ProblemPage {
                    page: self.chrome("reciprocity-title"),
                    lead: self.t.count("offers-to-unlock", offers_needed),
                    more: self.t.m("reciprocity-why"),
                    next: self
                        .group_in_path()
                        .map(|g| (format!("/groups/{g}/offers"), self.t.m("reciprocity-offer"))),
                };
                return html(StatusCode::FORBIDDEN, &page);
            }
            Failure::Core(Error::Conflict { reason, .. }) => {
                let page = ProblemPage {
                    page: self.chrome("problem-conflict-title"),
                    lead: self.t.m(&format!("conflict-{}", reason.as_str())),
                    more: String::new(),
                    // A step refused is posted to the page it was taken on.
                    next: self
                        .group_in_path()
                        .map(|_| (self.path.clone(), self.t.m("problem-back-to-page"))),
                };
                return html(StatusCode::CONFLICT, &page);
            }
            Failure::Core(error) => problem_of(&error),
            Failure::Fields(_) => (StatusCode::UNPROCESSABLE_ENTITY, "problem-invalid"),
            Failure::Forged => (StatusCode::FORBIDDEN, "problem-forged"),
            Failure::TooMany => (StatusCode::TOO_MANY_REQUESTS, "problem-too-many"),
        };
        let page = ProblemPage {
            page: self.chrome(&format!("{id}-title")),
            lead: self.t.m(id),
            more: String::new(),
            next: None,
        };
        html(status, &page)
    }

    /// The group a `/groups/{id}/…` path is in, as the path spells it.
    fn group_in_path(&self) -> Option<&str> {
        let rest = self.path.strip_prefix("/groups/")?;
        let group = rest.split(['/', '?']).next()?;
        (!group.is_empty()).then_some(group)
    }
}

/// The status and message of a use case's refusal.
fn problem_of(error: &Error) -> (StatusCode, &'static str) {
    match error {
        Error::NotFound(_) => (StatusCode::NOT_FOUND, "problem-not-found"),
        Error::Forbidden(_) => (StatusCode::FORBIDDEN, "problem-forbidden"),
        Error::Suspended => (StatusCode::FORBIDDEN, "problem-suspended"),
        Error::AddressUnconfirmed => (StatusCode::FORBIDDEN, "problem-address-unconfirmed"),
        Error::Conflict { .. } | Error::Stale(_) => (StatusCode::CONFLICT, "problem-stale"),
        Error::Invalid(_) | Error::ImportRejected(_) | Error::InvalidCredentials => {
            (StatusCode::UNPROCESSABLE_ENTITY, "problem-invalid")
        }
        Error::ReciprocityRequired { .. } | Error::Unauthenticated => {
            (StatusCode::FORBIDDEN, "problem-forbidden")
        }
        Error::Unexpected(port) => {
            crate::errors::log_unexpected("a page could not be shown", port);
            (StatusCode::SERVICE_UNAVAILABLE, "problem-unavailable")
        }
    }
}

/// `path` as a query value: only the characters a path may hold are kept as they are.
fn encode(path: &str) -> String {
    path.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                char::from(b).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// Where to go after signing in: a path of this site only, so a link cannot send a person who
/// signs in to another site.
pub fn local_path(next: Option<&str>) -> &str {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.chars().any(char::is_control) =>
        {
            path
        }
        _ => "/groups",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(Some("/groups/1"), "/groups/1")]
    #[case(Some("//evil.example/"), "/groups")]
    #[case(Some("/\\evil.example"), "/groups")]
    #[case(Some("https://evil.example/"), "/groups")]
    #[case(Some("/a\nb"), "/groups")]
    #[case(None, "/groups")]
    fn only_local_paths_are_followed_after_signing_in(
        #[case] next: Option<&str>,
        #[case] expected: &str,
    ) {
        assert_eq!(local_path(next), expected);
    }

    #[test]
    fn a_form_token_differs_by_secret_and_never_shows_it() {
        let (a, b) = (form_token("secret-a"), form_token("secret-b"));
        assert_ne!(a, b);
        assert!(!a.contains("secret"));
        assert_eq!(a.len(), 64);
        assert_eq!(form_token(""), "");
    }

    #[test]
    fn a_path_is_encoded_for_the_query() {
        assert_eq!(encode("/groups/1?x=a b&c"), "/groups/1%3Fx%3Da%20b%26c");
    }
}
