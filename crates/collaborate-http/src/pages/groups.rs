//! Groups: the groups I am in, joining one by its code, and a group's home, where a member sees
//! how far they are from being able to seek help and what the group offers and needs.

use super::Pages;
use super::forms::Posted;
use super::render::{Chrome, Problems, html, ok};
use super::visit::{Failure, Shown, Visit};
use crate::auth::client_address;
use askama::Template;
use collaborate_core::Error;
use collaborate_core::MyProfile;
use collaborate_core::groups::Membership;
use collaborate_core::home::Waiting;
use collaborate_core::ports::Environment;
use collaborate_core::taxonomy::AreaSummary;
use collaborate_core::values::{GroupId, GrowthMode, JoinCode};
use poem::web::{Data, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use std::sync::Arc;

/// The group of a path; a path that cannot name a group names none.
pub(super) fn group_of(raw: &str) -> Result<GroupId, Failure> {
    GroupId::parse(raw).map_err(|_| Failure::Core(Error::NotFound("group")))
}

#[derive(Template)]
#[template(path = "groups/mine.html")]
struct MinePage<'a> {
    page: Chrome<'a>,
    memberships: Vec<Membership>,
    /// Whether the operator lets the visitor create groups.
    may_create: bool,
}

/// The groups I am in.
#[handler]
pub async fn mine<E: Environment>(pages: Data<&Arc<Pages<E>>>, request: &Request) -> Response {
    let visit = pages.visit(request).await;
    let shown = async {
        let account = visit.account()?;
        let memberships = pages.app.my_groups(account).await?;
        Ok(ok(&MinePage {
            page: visit.chrome("groups-title"),
            memberships,
            may_create: pages.app.may_create_groups(account).await?,
        }))
    };
    visit.answer(shown.await)
}

#[derive(Template)]
#[template(path = "groups/home.html")]
struct HomePage<'a> {
    page: Chrome<'a>,
    group_id: GroupId,
    profile: MyProfile,
    areas: Vec<AreaSummary>,
    /// The join link an admin shares, with the site's address.
    join_link: Option<String>,
    /// The link to the questionnaire online, which an admin of a systemic group sends.
    questionnaire_link: Option<String>,
    /// Whether the group starts from everyone's questionnaire.
    systemic: bool,
    /// Whether the back office is open to the visitor.
    is_admin: bool,
    /// Whether the visitor receives the group's safeguarding concerns.
    is_lead: bool,
    /// What waits for the visitor here.
    waiting: Waiting,
}

/// A group's home: my standing, and what the group offers and needs by area (counts only).
#[handler]
pub async fn home<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
) -> Response {
    let visit = pages.visit(request).await;
    visit.answer(home_page(&pages, &visit, &group).await)
}

async fn home_page<E: Environment>(pages: &Pages<E>, visit: &Visit<'_>, group: &str) -> Shown {
    let (account, group_id) = (visit.account()?, group_of(group)?);
    let profile = pages.app.my_profile(account, group_id).await?;
    let group = pages.app.group(account, group_id).await?;
    let areas = pages.app.area_summary(account, group_id).await?;
    let leads = pages.app.safeguarding_leads(account, group_id).await?;
    let waiting = pages.app.waiting_for_me(account, group_id).await?;
    let is_lead = leads.iter().any(|l| l.member_id == profile.member.id);
    let mut page = visit.chrome("home-title");
    page.title = group.name.to_string();
    let join_link = group.settings.join_code.as_ref().map(|code| {
        format!(
            "{}/groups/{group_id}/join?code={}",
            visit.origin(),
            code.as_str()
        )
    });
    let systemic = group.growth_mode == GrowthMode::Systemic;
    let is_admin = profile.member.is_active_admin();
    let questionnaire_link = (systemic && is_admin)
        .then(|| format!("{}/groups/{group_id}/questionnaire", visit.origin()));
    Ok(ok(&HomePage {
        page,
        questionnaire_link,
        systemic,
        is_admin,
        is_lead,
        waiting,
        group_id,
        join_link,
        profile,
        areas,
    }))
}

/// The join code, as a join link carries it or as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct JoinForm {
    code: String,
    form_token: String,
}

#[derive(Template)]
#[template(path = "groups/join.html")]
struct JoinPage<'a> {
    page: Chrome<'a>,
    code: String,
    /// The group the link's code opens, when it opens one.
    group: Option<String>,
}

fn join_page(
    visit: &Visit<'_>,
    code: String,
    group: Option<String>,
    problems: Problems,
) -> Response {
    let status = problems.status();
    let page = JoinPage {
        page: visit.chrome_with("join-title", problems),
        code,
        group,
    };
    html(status, &page)
}

/// The name of the group a join link's code opens; a wrong code counts as an attempt, as a
/// join does, and names nothing.
async fn named_by_link<E: Environment>(
    pages: &Pages<E>,
    request: &Request,
    account: collaborate_core::values::AccountId,
    group: GroupId,
    code: &str,
) -> Option<String> {
    let code = JoinCode::parse(code).ok()?;
    let address = client_address(request, pages.config.trust_forwarded_for);
    let attempt = pages.limits.join(account, address).await.ok()?;
    let name = pages.app.group_opened_by(group, &code).await.ok()?;
    pages.limits.joined(attempt).await;
    Some(name.to_string())
}

/// The form to join a group by its code, filled in from a join link.
#[handler]
pub async fn join_form<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
    Query(form): Query<JoinForm>,
) -> Response {
    let visit = pages.visit(request).await;
    let (account, group) = match visit.account().and_then(|a| Ok((a, group_of(&group)?))) {
        Ok(known) => known,
        Err(failure) => return visit.failed(failure),
    };
    let name = match form.code.trim() {
        "" => None,
        code => named_by_link(&pages, request, account, group, code).await,
    };
    join_page(&visit, form.code, name, Problems::default())
}

/// Joins the group; wrong codes count against the account and the address, as in the API.
#[handler]
pub async fn join<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
    Posted(form): Posted<JoinForm>,
) -> Response {
    let visit = pages.visit(request).await;
    match join_group(&pages, request, &visit, &group, &form).await {
        Err(Failure::Fields(_) | Failure::Core(Error::Invalid(_) | Error::NotFound(_))) => {
            let problems = Problems::one("code", visit.t.m("invalid-join-code"));
            join_page(&visit, form.code, None, problems)
        }
        Err(Failure::Core(Error::Conflict { .. })) => {
            Redirect::see_other(format!("/groups/{group}")).into_response()
        }
        other => visit.answer(other),
    }
}

async fn join_group<E: Environment>(
    pages: &Pages<E>,
    request: &Request,
    visit: &Visit<'_>,
    group: &str,
    form: &JoinForm,
) -> Shown {
    visit.check_form(&form.form_token)?;
    let (account, group_id) = (visit.account()?, group_of(group)?);
    let address = client_address(request, pages.config.trust_forwarded_for);
    let attempt = pages
        .limits
        .join(account, address)
        .await
        .map_err(|_| Failure::TooMany)?;
    let code = JoinCode::parse(&form.code)?;
    let joined = pages.app.join_by_code(account, group_id, &code).await;
    if !matches!(joined, Err(Error::NotFound(_))) {
        pages.limits.joined(attempt).await;
    }
    joined?;
    Ok(Redirect::see_other(format!("/groups/{group_id}?done=joined")).into_response())
}
