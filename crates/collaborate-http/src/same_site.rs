//! Writes of the API made with the session cookie alone must come from this site. A bearer
//! token is never sent by a browser on its own, but a cookie is: a page elsewhere could post a
//! `text/plain` body, which needs no permission from the server, in a signed-in member's name.
//! So a cookie-authenticated write must show it comes from a page of this site (`Sec-Fetch-Site:
//! same-origin`, or an `Origin` naming this host) and carry no body of a kind another site may
//! send unasked (`text/plain`, a form). Operations that take no session (registering, signing
//! in, password resets, claiming a profile) are left alone: a cookie authenticates nothing there.

use crate::errors::ApiError;
use poem::http::{Method, header};
use poem::{Endpoint, IntoResponse, Middleware, Request, Response};

/// The middleware that refuses cookie-authenticated writes from elsewhere.
pub(crate) struct SameSiteWrites;

impl<E: Endpoint> Middleware<E> for SameSiteWrites {
    type Output = SameSiteWritten<E>;

    fn transform(&self, inner: E) -> Self::Output {
        SameSiteWritten { inner }
    }
}

/// An endpoint behind [`SameSiteWrites`].
pub(crate) struct SameSiteWritten<E> {
    inner: E,
}

impl<E: Endpoint> Endpoint for SameSiteWritten<E> {
    type Output = Response;

    async fn call(&self, request: Request) -> poem::Result<Response> {
        if let Err(refused) = check(&request) {
            return Ok(refused.into_response());
        }
        self.inner
            .call(request)
            .await
            .map(IntoResponse::into_response)
    }
}

/// Refuses a write that only a cookie authenticates unless it comes from this site.
fn check(request: &Request) -> Result<(), ApiError> {
    let writes = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let by_cookie_alone =
        has_session_cookie(request) && !request.headers().contains_key(header::AUTHORIZATION);
    if !writes || !by_cookie_alone || takes_no_session(request.uri().path()) {
        return Ok(());
    }
    if !from_this_site(request) {
        return Err(ApiError::forbidden(
            "a write signed in by the session cookie must come from a page of this site",
        ));
    }
    let simple_body = request
        .content_type()
        .map(|t| {
            t.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .is_some_and(|t| {
            matches!(
                t.as_str(),
                "text/plain" | "application/x-www-form-urlencoded" | "multipart/form-data"
            )
        });
    if simple_body {
        return Err(ApiError::invalid_request(
            "a body signed in by the session cookie must be JSON (application/json)",
        ));
    }
    Ok(())
}

/// Whether the request carries a session cookie (over HTTP or HTTPS).
fn has_session_cookie(request: &Request) -> bool {
    request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.split_once('='))
        .any(|(name, _)| {
            matches!(
                name.trim(),
                crate::auth::SESSION_COOKIE | crate::auth::HOST_SESSION_COOKIE
            )
        })
}

/// Whether the operation at `path` ignores any session: registering, signing in, asking for
/// or using a password reset, opening an address link, claiming a profile. A cookie left from an earlier session
/// authenticates nothing there.
fn takes_no_session(path: &str) -> bool {
    let path = path.trim_end_matches('/');
    matches!(
        path,
        "/api/v1/accounts" | "/api/v1/sessions" | "/api/v1/password-resets"
    ) || path.starts_with("/api/v1/password-resets/")
        || path.starts_with("/api/v1/address-confirmations/")
        || (path.starts_with("/api/v1/invitations/") && path.ends_with("/claim"))
}

/// Whether the browser says the request comes from a page of this host.
fn from_this_site(request: &Request) -> bool {
    let header = |name| request.headers().get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = header("sec-fetch-site") {
        return site.eq_ignore_ascii_case("same-origin");
    }
    let (Some(origin), Some(host)) = (header("origin"), header("host")) else {
        return false;
    };
    origin
        .split_once("://")
        .is_some_and(|(_, authority)| authority.eq_ignore_ascii_case(host))
}
