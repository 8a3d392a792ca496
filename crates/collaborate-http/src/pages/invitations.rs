//! Invitations: an admin invites a person by email and withdraws what is not yet taken up; the
//! person invited accepts with their account, or, pre-loaded by an import, claims their profile
//! by choosing a password. Until email is sent, the admin hands the link on.

use super::Pages;
use super::accounts::signed_in;
use super::forms::{Fields, Posted};
use super::groups::group_of;
use super::render::{Chrome, ProblemPage, Problems, html};
use super::visit::{Failure, Shown, Visit};
use crate::auth::client_address;
use askama::Template;
use collaborate_core::Error;
use collaborate_core::groups::{Invitation, InvitationShown, NewInvitation};
use collaborate_core::ports::Environment;
use collaborate_core::values::{Email, GroupId, InvitationId, Password, Role, SecretToken};
use poem::http::StatusCode;
use poem::web::{Data, Path, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use std::sync::Arc;

/// What the form to invite holds.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct InviteForm {
    email: String,
    role: String,
    form_token: String,
}

#[derive(Template)]
#[template(path = "admin/invitations.html")]
struct InvitationsPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    pending: Vec<Invitation>,
    email: String,
    /// The link of the invitation just made, shown once.
    link: Option<String>,
}

/// The pending invitations and the form to invite.
#[handler]
pub async fn list<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = list_page(
        &pages,
        &visit,
        &group,
        String::new(),
        None,
        Problems::default(),
    );
    visit.answer(shown.await)
}

async fn list_page<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    email: String,
    link: Option<String>,
    problems: Problems,
) -> Shown {
    let (account, group) = (visit.account()?, group_of(group)?);
    let pending = pages.app.pending_invitations(account, group).await?;
    let status = problems.status();
    let page = InvitationsPage {
        page: visit.chrome_with("invitations-title", problems),
        group,
        pending,
        email,
        link,
    };
    Ok(html(status, &page))
}

/// Invites a person, and shows the link to hand them.
#[handler]
pub async fn invite<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
    Posted(form): Posted<InviteForm>,
) -> Response {
    let visit = pages.visit(request).await;
    let made = async {
        visit.check_form(&form.form_token)?;
        let (account, group_id) = (visit.account()?, group_of(&group)?);
        let mut fields = Fields::default();
        let email = fields.read(Email::parse(&form.email));
        let role = fields.read(Role::parse(&form.role));
        let new = fields.build(|| {
            Some(NewInvitation {
                email: email?,
                role: Some(role?),
            })
        })?;
        let (_, token) = pages.app.invite(account, group_id, new).await?;
        Ok::<_, Failure>(token)
    };
    match made.await {
        Ok(token) => {
            let link = format!("{}/invitations/{}", visit.origin(), token.expose());
            let shown = list_page(
                &pages,
                &visit,
                &group,
                String::new(),
                Some(link),
                Problems::default(),
            );
            visit.answer(shown.await)
        }
        Err(failure) => match failure.fields() {
            Ok(refused) => {
                let problems = Problems::of_refused(visit.t, &refused);
                visit.answer(list_page(&pages, &visit, &group, form.email, None, problems).await)
            }
            Err(Failure::Core(Error::Conflict { .. })) => {
                let problems = Problems::one("email", visit.t.m("invalid-email-invited"));
                visit.answer(list_page(&pages, &visit, &group, form.email, None, problems).await)
            }
            Err(other) => visit.failed(other),
        },
    }
}

/// A form that carries only its token.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenOnly {
    form_token: String,
}

/// Withdraws a pending invitation.
#[handler]
pub async fn withdraw<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, invitation)): Path<(String, String)>,
    Posted(form): Posted<TokenOnly>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = async {
        visit.check_form(&form.form_token)?;
        let (account, group) = (visit.account()?, group_of(&group)?);
        let invitation = InvitationId::parse(&invitation)
            .map_err(|_| Failure::Core(Error::NotFound("invitation")))?;
        pages
            .app
            .revoke_invitation(account, group, invitation)
            .await?;
        Ok(
            Redirect::see_other(format!("/groups/{group}/admin/invitations?done=withdrawn"))
                .into_response(),
        )
    };
    visit.answer(shown.await)
}

#[derive(Template)]
#[template(path = "invitation.html")]
struct InvitationPage<'a> {
    page: Chrome<'a>,
    path: String,
    shown: InvitationShown,
}

fn token_of(raw: &str) -> Result<SecretToken, Failure> {
    SecretToken::parse(raw).map_err(|_| Failure::Core(Error::NotFound("invitation")))
}

/// The invitation: accept it signed in, sign in or create an account first, or claim a
/// pre-loaded profile by choosing a password.
#[handler]
pub async fn show<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(token): Path<String>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = invitation_page(&pages, request, &visit, &token, Problems::default());
    visit.answer(shown.await)
}

/// The invitation's page: the group it opens and what to do next. An unknown token counts as
/// an attempt, as for claiming.
async fn invitation_page<E: Environment>(
    pages: &Pages<E>,
    request: &Request,
    visit: &Visit<'_>,
    token: &str,
    problems: Problems,
) -> Shown {
    let secret = token_of(token)?;
    let address = client_address(request, pages.config.trust_forwarded_for);
    let attempt = pages
        .limits
        .use_token(address)
        .await
        .map_err(|_| Failure::TooMany)?;
    let shown = pages.app.invitation_shown(&secret).await;
    if !matches!(shown, Err(Error::NotFound(_))) {
        pages.limits.token_used(attempt).await;
    }
    let shown = match shown {
        Err(Error::Conflict { .. }) => {
            let page = ProblemPage {
                next: None,
                page: visit.chrome("invitation-closed-title"),
                lead: visit.t.m("invitation-closed"),
                more: String::new(),
            };
            return Ok(html(StatusCode::CONFLICT, &page));
        }
        other => other?,
    };
    let status = problems.status();
    let mut page = visit.chrome_with("invitation-title", problems);
    page.title = visit
        .t
        .with("invitation-title-named", "group", shown.group.as_ref());
    let page = InvitationPage {
        page,
        path: format!("/invitations/{token}"),
        shown,
    };
    Ok(html(status, &page))
}

/// Accepts the invitation with the account signed in.
#[handler]
pub async fn accept<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(token): Path<String>,
    Posted(form): Posted<TokenOnly>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = async {
        visit.check_form(&form.form_token)?;
        let (account, token) = (visit.account()?, token_of(&token)?);
        let joined = pages.app.accept_invitation(account, &token).await?;
        Ok(Redirect::see_other(format!("/groups/{}", joined.group.id)).into_response())
    };
    visit.answer(shown.await)
}

/// The password chosen to claim a pre-loaded profile.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ClaimForm {
    password: String,
    form_token: String,
}

/// Claims a pre-loaded profile: the account gets its password and is signed in.
#[handler]
pub async fn claim<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(token): Path<String>,
    Posted(form): Posted<ClaimForm>,
) -> Response {
    let visit = pages.visit(request).await;
    let claimed = async {
        visit.check_form(&form.form_token)?;
        let secret = token_of(&token)?;
        let password = Password::parse(&form.password)?;
        let address = client_address(request, pages.config.trust_forwarded_for);
        let attempt = pages
            .limits
            .use_token(address)
            .await
            .map_err(|_| Failure::TooMany)?;
        let claimed = pages.app.claim_invitation(&secret, &password).await;
        if !matches!(claimed, Err(Error::NotFound(_))) {
            pages.limits.token_used(attempt).await;
        }
        let (session, _) = claimed?;
        Ok::<_, Failure>(signed_in(&pages, &session, "/groups"))
    };
    match claimed.await {
        Ok(response) => response,
        Err(failure) => match failure.fields() {
            Ok(refused) => {
                let problems = Problems::of_refused(visit.t, &refused);
                let shown = invitation_page(&pages, request, &visit, &token, problems);
                visit.answer(shown.await)
            }
            Err(other) => visit.failed(other),
        },
    }
}
