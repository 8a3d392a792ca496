//! The members of a group, for its admins: who they are (never their phone, video link or
//! exact place), their role and status, and the changes an admin may make.

use super::Pages;
use super::forms::Posted;
use super::groups::group_of;
use super::render::{Chrome, ok};
use super::visit::{Failure, Visit};
use askama::Template;
use collaborate_core::Error;
use collaborate_core::groups::{MemberChanges, MemberListing};
use collaborate_core::paging::{Cursor, PageRequest};
use collaborate_core::ports::Environment;
use collaborate_core::taxonomy::Organisation;
use collaborate_core::values::{GroupId, Limit, MemberId, MemberStatus, Role};
use poem::web::{Data, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use std::sync::Arc;

/// Where a page of members starts.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct From {
    after: Option<String>,
}

/// One member as the list shows them, with the changes offered.
pub struct Row {
    member: MemberListing,
    organisation: String,
    /// The statuses an admin may move them to from where they are.
    statuses: Vec<&'static str>,
    /// The other role.
    other_role: &'static str,
    /// Whether an admin named them a safeguarding lead.
    named_lead: bool,
}

#[derive(Template)]
#[template(path = "admin/members.html")]
struct MembersPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    rows: Vec<Row>,
    next: Option<String>,
}

/// A page of the group's members.
#[handler]
pub async fn list<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
    Query(from): Query<From>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = async {
        let (account, group) = (visit.account()?, group_of(&group)?);
        let page = PageRequest {
            limit: Limit::new(50)?,
            after: from.after.as_deref().map(Cursor::parse).transpose()?,
        };
        let listed = pages.app.list_members(account, group, page).await?;
        let organisations = pages.app.list_organisations(account, group).await?;
        let leads = pages.app.safeguarding_leads(account, group).await?;
        let rows = listed
            .items
            .into_iter()
            .map(|member| {
                let named_lead = leads.iter().any(|l| l.member_id == member.id && l.named);
                row(member, &organisations, named_lead)
            })
            .collect();
        Ok(ok(&MembersPage {
            page: visit.chrome("members-title"),
            group,
            rows,
            next: listed.next_cursor.map(|c| c.to_string()),
        }))
    };
    visit.answer(shown.await)
}

fn row(member: MemberListing, organisations: &[Organisation], named_lead: bool) -> Row {
    let organisation = organisations
        .iter()
        .find(|o| Some(o.id) == member.organisation_id)
        .map(|o| o.name.to_string())
        .unwrap_or_default();
    let statuses = MemberChanges::STATUSES_ADMINS_SET
        .into_iter()
        .filter(|s| *s != member.status)
        .map(MemberStatus::as_str)
        .collect();
    let other_role = match member.role {
        Role::Admin => Role::Member,
        Role::Member => Role::Admin,
    };
    Row {
        member,
        organisation,
        statuses,
        other_role: other_role.as_str(),
        named_lead,
    }
}

/// A change to one member: a role, a status, or being named a safeguarding lead.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Change {
    role: Option<String>,
    status: Option<String>,
    lead: Option<String>,
    form_token: String,
}

/// Changes a member's role or status (the core keeps the group with an active admin), or names
/// them a safeguarding lead or stops them being one.
#[handler]
pub async fn change<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, member)): Path<(String, String)>,
    Posted(form): Posted<Change>,
) -> Response {
    let visit = pages.visit(request).await;
    visit.answer(apply(&pages, &visit, (&group, &member), &form).await)
}

async fn apply<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    (group, member): (&str, &str),
    form: &Change,
) -> Result<Response, Failure> {
    visit.check_form(&form.form_token)?;
    let (account, group) = (visit.account()?, group_of(group)?);
    let member = MemberId::parse(member).map_err(|_| Failure::Core(Error::NotFound("member")))?;
    if let Some(lead) = &form.lead {
        let named = lead == "named";
        pages
            .app
            .name_safeguarding_lead(account, group, member, named)
            .await?;
        return Ok(Redirect::see_other(format!("/groups/{group}/admin/members")).into_response());
    }
    let changes = MemberChanges {
        role: form.role.as_deref().map(Role::parse).transpose()?,
        status: form
            .status
            .as_deref()
            .map(MemberStatus::parse)
            .transpose()?,
        version: None,
    };
    pages
        .app
        .update_member(account, group, member, changes)
        .await?;
    Ok(Redirect::see_other(format!("/groups/{group}/admin/members")).into_response())
}
