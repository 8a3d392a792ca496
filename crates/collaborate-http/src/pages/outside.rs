//! Signing in with a school's provider: the button's route sends the browser to the provider,
//! and the callback signs in the person it vouches for (through the core's
//! `sign_in_from_provider`) and goes on to the page kept from the start. Every failure is a
//! page that says what happened and what to do.

use super::Pages;
use super::accounts::{Next, signed_in};
use super::render::{ProblemPage, html};
use super::visit::{Failure, Visit, local_path};
use crate::auth::client_address;
use crate::outside::{Callback, OutsideFailure};
use collaborate_core::Error;
use collaborate_core::ports::Environment;
use poem::http::StatusCode;
use poem::http::header::{LOCATION, SET_COOKIE};
use poem::web::{Data, Path, Query};
use poem::{Request, Response, handler};
use std::sync::Arc;

const FLOW_COOKIE: &str = "collaborate_sign_in";
const HOST_FLOW_COOKIE: &str = "__Host-collaborate_sign_in";

fn flow_cookie_name(secure: bool) -> &'static str {
    if secure {
        HOST_FLOW_COOKIE
    } else {
        FLOW_COOKIE
    }
}

/// The flow cookie's `Set-Cookie`: ten minutes, or gone (`value` none). `SameSite=Lax`, so the
/// provider's redirect back (a top-level GET) carries it and no other site's request does.
fn flow_cookie(value: Option<&str>, secure: bool) -> String {
    let name = flow_cookie_name(secure);
    let (value, age) = value.map_or(("", 0), |v| (v, 600));
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; HttpOnly; SameSite=Lax; Path=/; Max-Age={age}{secure}")
}

/// Sends the browser to the provider, remembering the flow in its cookie.
#[handler]
pub async fn begin<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(provider): Path<String>,
    Query(Next { next }): Query<Next>,
) -> Response {
    let visit = pages.visit(request).await;
    let next = local_path(next.as_deref());
    match pages.config.providers.begin(&provider, next).await {
        Ok(begun) => Response::builder()
            .status(StatusCode::SEE_OTHER)
            .header(LOCATION, begun.location)
            .header(
                SET_COOKIE,
                flow_cookie(Some(&begun.cookie), pages.config.secure_cookies),
            )
            .finish(),
        Err(failure) => failed(&pages, &visit, &provider, &failure),
    }
}

/// Signs in the person the provider sent back, and goes on to the page kept from the start.
#[handler]
pub async fn callback<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(provider): Path<String>,
    Query(callback): Query<Callback>,
) -> Response {
    let visit = pages.visit(request).await;
    let secure = pages.config.secure_cookies;
    let address = client_address(request, pages.config.trust_forwarded_for);
    // A callback that belongs to no flow of this browser counts as an unknown token does, so
    // nobody tries states or codes by the thousand.
    let Ok(attempt) = pages.limits.use_token(address).await else {
        return visit.failed(Failure::TooMany);
    };
    let cookie = request.cookie().get(flow_cookie_name(secure));
    let cookie = cookie.as_ref().map(|c| c.value_str().to_owned());
    let finished = pages
        .config
        .providers
        .finish(&provider, &callback, cookie.as_deref())
        .await;
    let (claimed, next) = match finished {
        Ok(done) => done,
        Err(failure) => {
            return without_flow(failed(&pages, &visit, &provider, &failure), secure);
        }
    };
    pages.limits.token_used(attempt).await;
    match pages.app.sign_in_from_provider(claimed).await {
        Ok(signed) => without_flow(
            signed_in(&pages, &signed.token, local_path(Some(&next))),
            secure,
        ),
        Err(Error::Forbidden(_)) => problem(
            &visit,
            StatusCode::FORBIDDEN,
            "outside-erased",
            &provider_name(&pages, &provider),
        ),
        Err(error) => visit.failed(Failure::Core(error)),
    }
}

/// `response`, taking the flow cookie away: a flow is finished once, however it ends.
fn without_flow(mut response: Response, secure: bool) -> Response {
    if let Ok(gone) = flow_cookie(None, secure).parse() {
        response.headers_mut().append(SET_COOKIE, gone);
    }
    response
}

fn provider_name<E: Environment>(pages: &Pages<E>, id: &str) -> String {
    pages
        .config
        .providers
        .name_of(id)
        .unwrap_or_default()
        .to_owned()
}

fn failed<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    provider: &str,
    failure: &OutsideFailure,
) -> Response {
    let (status, id) = match failure {
        OutsideFailure::Unknown => {
            return visit.failed(Failure::Core(Error::NotFound("provider")));
        }
        OutsideFailure::Cancelled => (StatusCode::FORBIDDEN, "outside-cancelled"),
        OutsideFailure::Expired => (StatusCode::BAD_REQUEST, "outside-expired"),
        OutsideFailure::Unavailable => (StatusCode::BAD_GATEWAY, "outside-unavailable"),
        OutsideFailure::Refused => (StatusCode::FORBIDDEN, "outside-refused"),
        OutsideFailure::Unverified => (StatusCode::FORBIDDEN, "outside-unverified"),
    };
    problem(visit, status, id, &provider_name(pages, provider))
}

/// The page of a failed sign-in with `provider`: message `id` says what happened, and
/// `outside-try-again` what to do.
fn problem(visit: &Visit<'_>, status: StatusCode, id: &str, provider: &str) -> Response {
    let page = ProblemPage {
        next: None,
        page: visit.chrome(&format!("{id}-title")),
        lead: visit.t.with(id, "provider", provider),
        more: visit.t.m("outside-try-again"),
    };
    html(status, &page)
}
