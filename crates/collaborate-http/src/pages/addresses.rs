//! Confirming an address: the page a link in an email opens asks for a password (the one
//! chosen when registering, or a new one for an account's link), so a mail scanner following
//! links uses nothing up and someone else's link makes nothing; and asking for a new link from
//! My account.

use super::Pages;
use super::accounts::{TokenOnly, signed_in};
use super::forms::Posted;
use super::render::{Chrome, Problems, html};
use super::visit::{Failure, Visit};
use crate::auth::client_address;
use askama::Template;
use collaborate_core::ports::Environment;
use collaborate_core::values::SecretToken;
use collaborate_core::{Error, LinkKind};
use poem::http::StatusCode;
use poem::web::{Data, Path, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use std::sync::Arc;

#[derive(Template)]
#[template(path = "accounts/confirm_address.html")]
struct ConfirmPage<'a> {
    page: Chrome<'a>,
    token: String,
    /// What the link finishes; none when it is used, run out or unknown.
    kind: Option<&'static str>,
    /// Whether the address got an account meanwhile.
    taken: bool,
}

fn confirm_page(
    visit: &Visit<'_>,
    token: String,
    kind: Option<LinkKind>,
    problems: Problems,
) -> Response {
    let status = if kind.is_none() {
        StatusCode::NOT_FOUND
    } else {
        problems.status()
    };
    let page = ConfirmPage {
        page: visit.chrome_with("confirm-address-title", problems),
        token,
        kind: kind.map(|k| match k {
            LinkKind::Registration => "registration",
            LinkKind::Account => "account",
        }),
        taken: false,
    };
    html(status, &page)
}

/// The link's kind, or none for a link that no longer works.
async fn kind_of<E: Environment>(
    pages: &Pages<E>,
    token: &str,
) -> Result<Option<LinkKind>, Failure> {
    let Ok(secret) = SecretToken::parse(token) else {
        return Ok(None);
    };
    match pages.app.address_link(&secret).await {
        Ok(kind) => Ok(Some(kind)),
        Err(Error::NotFound(_)) => Ok(None),
        Err(other) => Err(Failure::Core(other)),
    }
}

/// The page of an address link: the password it asks, or that the link no longer works.
#[handler]
pub async fn confirm_form<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(token): Path<String>,
) -> Response {
    let visit = pages.visit(request).await;
    match kind_of(&pages, &token).await {
        Ok(kind) => confirm_page(&visit, token, kind, Problems::default()),
        Err(failure) => visit.failed(failure),
    }
}

/// The password given on an address link's page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ConfirmForm {
    password: String,
    form_token: String,
}

/// Confirms the address — making the account a registration waited for, or setting the new
/// password of the account the link was sent for — and signs in.
#[handler]
pub async fn confirm<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(token): Path<String>,
    Posted(form): Posted<ConfirmForm>,
) -> Response {
    let visit = pages.visit(request).await;
    let confirmed = async {
        visit.check_form(&form.form_token)?;
        let secret = SecretToken::parse(&token)
            .map_err(|_| Failure::Core(Error::NotFound("address link")))?;
        let address = client_address(request, pages.config.trust_forwarded_for);
        let attempt = pages
            .limits
            .use_token(address)
            .await
            .map_err(|_| Failure::TooMany)?;
        let confirmed = pages.app.confirm_address(&secret, &form.password).await;
        if !matches!(confirmed, Err(Error::NotFound(_) | Error::Invalid(_))) {
            pages.limits.token_used(attempt).await;
        }
        let (session, _) = confirmed?;
        Ok(signed_in(&pages, &session, "/groups"))
    };
    match confirmed.await {
        Ok(response) => response,
        Err(Failure::Core(Error::Conflict { .. })) => {
            let page = ConfirmPage {
                page: visit.chrome_with("confirm-address-title", Problems::default()),
                token: String::new(),
                kind: None,
                taken: true,
            };
            html(StatusCode::CONFLICT, &page)
        }
        Err(Failure::Core(Error::NotFound(_))) => {
            confirm_page(&visit, String::new(), None, Problems::default())
        }
        Err(failure) => match failure.fields() {
            Ok(refused) => match kind_of(&pages, &token).await {
                Ok(kind) => {
                    let problems = Problems::of_refused(visit.t, &refused);
                    let problems = match kind {
                        Some(LinkKind::Registration) => {
                            Problems::one("password", visit.t.m("confirm-address-wrong-password"))
                        }
                        _ => problems,
                    };
                    confirm_page(&visit, token.clone(), kind, problems)
                }
                Err(failure) => visit.failed(failure),
            },
            Err(failure) => visit.failed(failure),
        },
    }
}

/// Sends a link that confirms my address, from My account.
#[handler]
pub async fn send_link<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Posted(form): Posted<TokenOnly>,
) -> Response {
    let visit = pages.visit(request).await;
    let sent = async {
        visit.check_form(form.token())?;
        let account = visit.account()?;
        let me = pages.app.me(account).await?;
        let address = client_address(request, pages.config.trust_forwarded_for);
        pages
            .limits
            .ask_address_link(&me.account.email, address)
            .await
            .map_err(|_| Failure::TooMany)?;
        pages.app.send_address_link(account).await?;
        Ok(Redirect::see_other("/account?address-link-sent").into_response())
    };
    visit.answer(sent.await)
}
