//! Passwords: changing mine from My account (every other session ends), and getting a new one
//! when it is forgotten (a single-use link by email, valid one hour; the same answer whether or
//! not the address has an account).

use super::Pages;
use super::accounts::account_page;
use super::forms::Posted;
use super::render::{Chrome, Problems, html};
use super::visit::{Failure, Visit};
use crate::auth::client_address;
use askama::Template;
use collaborate_core::Error;
use collaborate_core::ports::Environment;
use collaborate_core::values::{Email, Password, SecretToken};
use poem::web::{Data, Path, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use std::sync::Arc;

/// The change of password on My account.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ChangeForm {
    current_password: String,
    new_password: String,
    form_token: String,
}

/// Changes my password once the current one is checked; my other sessions end.
#[handler]
pub async fn change<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Posted(form): Posted<ChangeForm>,
) -> Response {
    let visit = pages.visit(request).await;
    let changed = async {
        visit.check_form(&form.form_token)?;
        let account = visit.account()?;
        let session = visit
            .session()
            .ok_or(Failure::Core(Error::Unauthenticated))?;
        let new = Password::parse(&form.new_password).map_err(|e| e.in_field("new_password"))?;
        pages
            .app
            .change_password(account, session, &form.current_password, new)
            .await?;
        Ok(Redirect::see_other("/account?password-changed").into_response())
    };
    match visit.or_problems(changed.await) {
        Ok(response) => response,
        Err(problems) => visit.answer(account_page(&pages, &visit, problems, None).await),
    }
}

#[derive(Template)]
#[template(path = "accounts/forgotten.html")]
struct ForgottenPage<'a> {
    page: Chrome<'a>,
    email: String,
    /// Whether the request was taken (the same whether or not the address has an account).
    sent: bool,
}

/// The address a new password is asked for.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ForgottenForm {
    email: String,
    form_token: String,
}

/// The form to ask for a new password.
#[handler]
pub async fn forgotten_form<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
) -> Response {
    let visit = pages.visit(request).await;
    forgotten_page(&visit, String::new(), false, Problems::default())
}

fn forgotten_page(visit: &Visit<'_>, email: String, sent: bool, problems: Problems) -> Response {
    let status = problems.status();
    let page = ForgottenPage {
        page: visit.chrome_with("forgotten-title", problems),
        email,
        sent,
    };
    html(status, &page)
}

/// Asks for a new password: limited per address and email, as in the API.
#[handler]
pub async fn forgotten<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Posted(form): Posted<ForgottenForm>,
) -> Response {
    let visit = pages.visit(request).await;
    let asked = async {
        visit.check_form(&form.form_token)?;
        let email = Email::parse(&form.email)?;
        let address = client_address(request, pages.config.trust_forwarded_for);
        pages
            .limits
            .ask_password_reset(&email, address)
            .await
            .map_err(|_| Failure::TooMany)?;
        pages.app.ask_password_reset(&email).await?;
        Ok(forgotten_page(
            &visit,
            form.email.clone(),
            true,
            Problems::default(),
        ))
    };
    match visit.or_problems(asked.await) {
        Ok(response) => response,
        Err(problems) => forgotten_page(&visit, form.email.clone(), false, problems),
    }
}

#[derive(Template)]
#[template(path = "accounts/choose_password.html")]
struct ChoosePage<'a> {
    page: Chrome<'a>,
    token: String,
    /// Whether the new password is set.
    done: bool,
}

/// A new password, chosen through a reset link.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ChooseForm {
    password: String,
    form_token: String,
}

/// The form to choose a new password, from the link in the email.
#[handler]
pub async fn choose_form<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(token): Path<String>,
) -> Response {
    let visit = pages.visit(request).await;
    choose_page(&visit, token, false, Problems::default())
}

fn choose_page(visit: &Visit<'_>, token: String, done: bool, problems: Problems) -> Response {
    let status = problems.status();
    let page = ChoosePage {
        page: visit.chrome_with("choose-password-title", problems),
        token,
        done,
    };
    html(status, &page)
}

/// Sets the new password; every session of the account ends, this browser's included.
#[handler]
pub async fn choose<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(token): Path<String>,
    Posted(form): Posted<ChooseForm>,
) -> Response {
    let visit = pages.visit(request).await;
    let chosen = async {
        visit.check_form(&form.form_token)?;
        let secret = SecretToken::parse(&token)
            .map_err(|_| Failure::Core(Error::NotFound("password reset")))?;
        let password = Password::parse(&form.password)?;
        let address = client_address(request, pages.config.trust_forwarded_for);
        let attempt = pages
            .limits
            .use_token(address)
            .await
            .map_err(|_| Failure::TooMany)?;
        let reset = pages.app.reset_password(&secret, password).await;
        if !matches!(reset, Err(Error::NotFound(_))) {
            pages.limits.token_used(attempt).await;
        }
        reset?;
        Ok(choose_page(
            &visit,
            String::new(),
            true,
            Problems::default(),
        ))
    };
    match visit.or_problems(chosen.await) {
        Ok(response) => response,
        Err(problems) => choose_page(&visit, token.clone(), false, problems),
    }
}
