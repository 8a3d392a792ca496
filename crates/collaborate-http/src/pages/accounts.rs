//! Getting in: the start page, creating an account, signing in and out. Signing in here opens
//! the same session the API opens, in the same cookie.

use super::Pages;
use super::forms::{Fields, Posted};
use super::render::{Chrome, Problems, html, ok};
use super::visit::{Failure, Shown, Visit, local_path};
use crate::auth::{client_address, expired_cookie, session_cookie};
use askama::Template;
use collaborate_core::accounts::{AddressCheck, NewAccount};
use collaborate_core::ports::Environment;
use collaborate_core::values::{DisplayName, Email, Language, Password, SecretToken};
use collaborate_core::{Error, Registered};
use poem::http::header::SET_COOKIE;
use poem::web::{Data, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use std::sync::Arc;

#[derive(Template)]
#[template(path = "accounts/start.html")]
struct StartPage<'a> {
    page: Chrome<'a>,
    /// Whether the server leaves addresses unchecked, which the page then says.
    unchecked: bool,
}

/// The start: what the exchange is, and the way in; someone signed in goes to their groups.
#[handler]
pub async fn start<E: Environment>(pages: Data<&Arc<Pages<E>>>, request: &Request) -> Response {
    let visit = pages.visit(request).await;
    if visit.account.is_some() {
        return Redirect::see_other("/groups").into_response();
    }
    ok(&StartPage {
        page: visit.chrome("start-title"),
        unchecked: pages.app.address_check() == AddressCheck::Unchecked,
    })
}

/// What the sign-up form holds: what was typed, shown again beside its problems (never the
/// password).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SignUpForm {
    display_name: String,
    email: String,
    password: String,
    next: Option<String>,
    form_token: String,
}

#[derive(Template)]
#[template(path = "accounts/sign_up.html")]
struct SignUpPage<'a> {
    page: Chrome<'a>,
    display_name: String,
    email: String,
    next: String,
    /// The providers one may sign in with instead: id and name.
    providers: Vec<(String, String)>,
}

/// The form to create an account.
#[handler]
pub async fn sign_up_form<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Query(Next { next }): Query<Next>,
) -> Response {
    let visit = pages.visit(request).await;
    let form = SignUpForm {
        next,
        ..SignUpForm::default()
    };
    sign_up_page(
        &visit,
        pages.config.providers.buttons(),
        form,
        Problems::default(),
    )
}

fn sign_up_page(
    visit: &Visit<'_>,
    providers: Vec<(String, String)>,
    form: SignUpForm,
    problems: Problems,
) -> Response {
    let status = problems.status();
    let page = SignUpPage {
        page: visit.chrome_with("sign-up-title", problems),
        next: local_path(form.next.as_deref()).to_owned(),
        display_name: form.display_name,
        email: form.email,
        providers,
    };
    html(status, &page)
}

#[derive(Template)]
#[template(path = "accounts/check_inbox.html")]
struct CheckInboxPage<'a> {
    page: Chrome<'a>,
    email: String,
    /// Where the person was going (an invitation, a join link), to go on once confirmed.
    next: Option<String>,
}

/// Creates the account and signs it in — or, where addresses are checked, sends the link that
/// finishes it (the same page whether or not the address has an account).
#[handler]
pub async fn sign_up<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Posted(form): Posted<SignUpForm>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = create_account(&pages, request, &visit, &form).await;
    match shown.map_err(Failure::fields) {
        Ok(response) => response,
        Err(Ok(refused)) => {
            let problems = Problems::of_refused(visit.t, &refused);
            sign_up_page(&visit, pages.config.providers.buttons(), form, problems)
        }
        Err(Err(Failure::Core(Error::Conflict { .. }))) => {
            let problems = Problems::one("email", visit.t.m("invalid-email-taken"));
            sign_up_page(&visit, pages.config.providers.buttons(), form, problems)
        }
        Err(Err(failure)) => visit.failed(failure),
    }
}

async fn create_account<E: Environment>(
    pages: &Pages<E>,
    request: &Request,
    visit: &Visit<'_>,
    form: &SignUpForm,
) -> Shown {
    visit.check_form(&form.form_token)?;
    let mut fields = Fields::default();
    let display_name = fields.read(DisplayName::parse(&form.display_name));
    let email = fields.read(Email::parse(&form.email));
    let password = fields.read(Password::parse(&form.password));
    let new = fields.build(|| {
        Some(NewAccount {
            display_name: display_name?,
            email: email?,
            password: password?,
        })
    })?;
    let address = client_address(request, pages.config.trust_forwarded_for);
    pages
        .limits
        .register(&new.email, address)
        .await
        .map_err(|_| Failure::TooMany)?;
    let email = new.email.to_string();
    if pages.app.register(new).await? == Registered::LinkSent {
        let next = local_path(form.next.as_deref());
        let page = CheckInboxPage {
            page: visit.chrome("check-inbox-title"),
            email,
            next: (next != "/groups").then(|| next.to_owned()),
        };
        return Ok(ok(&page));
    }
    let (token, _) = pages.app.log_in(&email, &form.password).await?;
    Ok(signed_in(pages, &token, local_path(form.next.as_deref())))
}

/// A 303 to `next` that hands the browser its session.
pub(super) fn signed_in<E: Environment>(
    pages: &Pages<E>,
    token: &SecretToken,
    next: &str,
) -> Response {
    let lifetime = pages.app.session_policy().absolute_lifetime.whole_seconds();
    Redirect::see_other(next)
        .with_header(
            SET_COOKIE,
            session_cookie(token, lifetime, pages.config.secure_cookies),
        )
        .into_response()
}

/// What the sign-in form holds.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SignInForm {
    email: String,
    password: String,
    next: Option<String>,
    form_token: String,
}

#[derive(Template)]
#[template(path = "accounts/sign_in.html")]
struct SignInPage<'a> {
    page: Chrome<'a>,
    email: String,
    next: String,
    /// The providers one may sign in with: id and name.
    providers: Vec<(String, String)>,
}

/// Where to go once signed in, as a sign-in link gives it.
#[derive(Debug, Deserialize)]
pub struct Next {
    pub(super) next: Option<String>,
}

/// The form to sign in.
#[handler]
pub async fn sign_in_form<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Query(Next { next }): Query<Next>,
) -> Response {
    let visit = pages.visit(request).await;
    let form = SignInForm {
        next,
        ..SignInForm::default()
    };
    sign_in_page(
        &visit,
        pages.config.providers.buttons(),
        form,
        Problems::default(),
    )
}

fn sign_in_page(
    visit: &Visit<'_>,
    providers: Vec<(String, String)>,
    form: SignInForm,
    problems: Problems,
) -> Response {
    let status = problems.status();
    let page = SignInPage {
        page: visit.chrome_with("sign-in-title", problems),
        next: local_path(form.next.as_deref()).to_owned(),
        email: form.email,
        providers,
    };
    html(status, &page)
}

/// Opens a session; failed attempts count against the email and the address, as in the API.
#[handler]
pub async fn sign_in<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Posted(form): Posted<SignInForm>,
) -> Response {
    let visit = pages.visit(request).await;
    match open_session(&pages, request, &visit, &form).await {
        Err(Failure::Core(Error::InvalidCredentials)) => {
            // Where addresses are checked, an account is only made once its link is opened.
            let id = match pages.app.address_check() {
                AddressCheck::Checked => "invalid-credentials-or-unconfirmed",
                AddressCheck::Unchecked => "invalid-credentials",
            };
            let problems = Problems::one("email", visit.t.m(id));
            sign_in_page(&visit, pages.config.providers.buttons(), form, problems)
        }
        Err(failure) => visit.failed(failure),
        Ok(response) => response,
    }
}

async fn open_session<E: Environment>(
    pages: &Pages<E>,
    request: &Request,
    visit: &Visit<'_>,
    form: &SignInForm,
) -> Shown {
    visit.check_form(&form.form_token)?;
    let address = client_address(request, pages.config.trust_forwarded_for);
    let limits = &pages.limits;
    let attempt = limits
        .sign_in(&form.email, address)
        .await
        .map_err(|_| Failure::TooMany)?;
    let signed_in_now = pages.app.log_in(&form.email, &form.password).await;
    if !matches!(signed_in_now, Err(Error::InvalidCredentials)) {
        limits.signed_in(attempt).await;
    }
    let (token, _) = signed_in_now?;
    Ok(signed_in(pages, &token, local_path(form.next.as_deref())))
}

/// A form that carries only its token.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenOnly {
    form_token: String,
}

impl TokenOnly {
    /// The form's token, to check.
    pub(super) fn token(&self) -> &str {
        &self.form_token
    }
}

/// Ends the session, here and in the API, and takes the cookie away.
#[handler]
pub async fn sign_out<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Posted(form): Posted<TokenOnly>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = async {
        visit.check_form(&form.form_token)?;
        if let Some(token) = visit.session() {
            pages.app.log_out(token).await?;
        }
        Ok(Redirect::see_other("/")
            .with_header(SET_COOKIE, expired_cookie(pages.config.secure_cookies))
            .into_response())
    };
    visit.answer(shown.await)
}

#[derive(Template)]
#[template(path = "accounts/account.html")]
struct AccountPage<'a> {
    page: Chrome<'a>,
    email: String,
    name: String,
    /// The languages the pages can be read in: tag and name.
    languages: Vec<(String, String)>,
    /// The tag of the language chosen; empty to follow the browser.
    language: String,
    /// What was just saved, as its message: the language, or a new password.
    notice: Option<String>,
    /// Whether the address must still be confirmed here.
    unconfirmed: bool,
}

/// My account: the language I read in, everything stored about me to download, and erasing it.
#[handler]
pub async fn account<E: Environment>(pages: Data<&Arc<Pages<E>>>, request: &Request) -> Response {
    let visit = pages.visit(request).await;
    let notice = match request.uri().query() {
        Some("language-saved") => Some("account-language-saved"),
        Some("password-changed") => Some("account-password-changed"),
        Some("address-link-sent") => Some("account-address-sent"),
        _ => None,
    };
    visit.answer(account_page(&pages, &visit, Problems::default(), notice).await)
}

/// The account page, with the problems of a form sent from it, or a notice of what was saved.
pub(super) async fn account_page<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    problems: Problems,
    notice: Option<&str>,
) -> Shown {
    let me = pages.app.me(visit.account()?).await?;
    let status = problems.status();
    let page = AccountPage {
        page: visit.chrome_with("account-title", problems),
        email: me.account.email.to_string(),
        name: me.account.display_name.to_string(),
        languages: pages.catalogue.languages(),
        language: me
            .account
            .language
            .as_ref()
            .map_or_else(String::new, |l| l.as_str().to_owned()),
        notice: notice.map(|id| visit.t.m(id)),
        unconfirmed: pages
            .app
            .address_check()
            .require_confirmed(&me.account)
            .is_err(),
    };
    Ok(html(status, &page))
}

/// The language chosen on the account page; empty to follow the browser.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LanguageForm {
    language: String,
    form_token: String,
}

/// Sets the language the pages are read in, for every group and every device.
#[handler]
pub async fn language<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Posted(form): Posted<LanguageForm>,
) -> Response {
    let visit = pages.visit(request).await;
    let saved = async {
        visit.check_form(&form.form_token)?;
        let account = visit.account()?;
        let language = Some(form.language.trim())
            .filter(|tag| !tag.is_empty())
            .map(Language::parse)
            .transpose()?;
        pages.app.set_language(account, language).await?;
        Ok(Redirect::see_other("/account?language-saved").into_response())
    };
    match visit.or_problems(saved.await) {
        Ok(response) => response,
        Err(problems) => visit.answer(account_page(&pages, &visit, problems, None).await),
    }
}

/// The password that confirms erasing the account.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EraseForm {
    password: String,
    form_token: String,
}

/// Erases the account, confirmed by its password; every session ends.
#[handler]
pub async fn erase<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Posted(form): Posted<EraseForm>,
) -> Response {
    let visit = pages.visit(request).await;
    let erased = async {
        visit.check_form(&form.form_token)?;
        let account = visit.account()?;
        let password = Password::parse(&form.password)?;
        pages.app.erase_account(account, &password).await?;
        Ok(Redirect::see_other("/")
            .with_header(SET_COOKIE, expired_cookie(pages.config.secure_cookies))
            .into_response())
    };
    match erased.await.map_err(Failure::fields) {
        Ok(response) => response,
        Err(Ok(_) | Err(Failure::Core(Error::InvalidCredentials))) => {
            let problems = Problems::one("password", visit.t.m("invalid-credentials-password"));
            visit.answer(account_page(&pages, &visit, problems, None).await)
        }
        Err(Err(failure)) => visit.failed(failure),
    }
}
