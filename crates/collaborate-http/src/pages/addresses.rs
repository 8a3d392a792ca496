//! Confirming an address: the page a link in an email opens (a button, so a mail scanner that
//! follows links uses nothing up), and asking for a new link from My account.

use super::Pages;
use super::accounts::{TokenOnly, signed_in};
use super::forms::Posted;
use super::render::{Chrome, Problems, html};
use super::visit::{Failure, Visit};
use crate::auth::client_address;
use askama::Template;
use collaborate_core::Error;
use collaborate_core::ports::Environment;
use collaborate_core::values::SecretToken;
use poem::web::{Data, Path, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use std::sync::Arc;

#[derive(Template)]
#[template(path = "accounts/confirm_address.html")]
struct ConfirmPage<'a> {
    page: Chrome<'a>,
    token: String,
    /// Whether the address got an account meanwhile.
    taken: bool,
}

fn confirm_page(visit: &Visit<'_>, token: String, taken: bool) -> Response {
    let page = ConfirmPage {
        page: visit.chrome_with("confirm-address-title", Problems::default()),
        token,
        taken,
    };
    html(poem::http::StatusCode::OK, &page)
}

/// The page of an address link: one button confirms.
#[handler]
pub async fn confirm_form<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(token): Path<String>,
) -> Response {
    let visit = pages.visit(request).await;
    confirm_page(&visit, token, false)
}

/// Confirms the address — making the account a registration waited for — and signs in.
#[handler]
pub async fn confirm<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(token): Path<String>,
    Posted(form): Posted<TokenOnly>,
) -> Response {
    let visit = pages.visit(request).await;
    let confirmed = async {
        visit.check_form(form.token())?;
        let secret = SecretToken::parse(&token)
            .map_err(|_| Failure::Core(Error::NotFound("address link")))?;
        let address = client_address(request, pages.config.trust_forwarded_for);
        let attempt = pages
            .limits
            .use_token(address)
            .map_err(|_| Failure::TooMany)?;
        let confirmed = pages.app.confirm_address(&secret).await;
        if !matches!(confirmed, Err(Error::NotFound(_))) {
            pages.limits.token_used(attempt);
        }
        let (session, _) = confirmed?;
        Ok(signed_in(&pages, &session, "/groups"))
    };
    match confirmed.await {
        Err(Failure::Core(Error::Conflict { .. })) => confirm_page(&visit, String::new(), true),
        shown => visit.answer(shown),
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
            .map_err(|_| Failure::TooMany)?;
        pages.app.send_address_link(account).await?;
        Ok(Redirect::see_other("/account?address-link-sent").into_response())
    };
    visit.answer(sent.await)
}
