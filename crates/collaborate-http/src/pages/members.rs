//! The members of a group, for its admins: who they are (never their phone, video link or
//! exact place), their role and status, and the changes an admin may make.

use super::Pages;
use super::forms::{Fields, Posted};
use super::groups::group_of;
use super::render::{Chrome, Problems, html, ok};
use super::visit::{Failure, Visit};
use askama::Template;
use collaborate_core::Error;
use collaborate_core::groups::{MemberChanges, MemberFilter, MemberListing, MemberSearch};
use collaborate_core::paging::{Cursor, PageRequest};
use collaborate_core::ports::Environment;
use collaborate_core::taxonomy::Organisation;
use collaborate_core::values::{GroupId, Limit, MemberId, MemberStatus, OrganisationId, Role};
use poem::web::{Data, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Which members, and where a page of them starts.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Asked {
    /// Part of a name or an address.
    q: String,
    status: String,
    role: String,
    organisation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    after: Option<String>,
}

impl Asked {
    /// As a query string, each value encoded.
    fn query(&self) -> String {
        serde_html_form::to_string(self).unwrap_or_default()
    }

    /// The core's filter: each condition given, checked as the core reads it.
    fn filter(&self) -> Result<MemberFilter, Failure> {
        let mut fields = Fields::default();
        let given = |raw: &str| {
            Some(raw.trim())
                .filter(|r| !r.is_empty())
                .map(str::to_owned)
        };
        let text = fields.read(given(&self.q).map(|q| MemberSearch::parse(&q)).transpose());
        let status = fields.read(
            given(&self.status)
                .map(|s| MemberStatus::parse(&s))
                .transpose(),
        );
        let role = fields.read(given(&self.role).map(|r| Role::parse(&r)).transpose());
        let organisation = fields.read(
            given(&self.organisation)
                .map(|o| OrganisationId::parse(&o).map_err(|e| e.in_field("organisation")))
                .transpose(),
        );
        fields.build(|| {
            Some(MemberFilter {
                text: text?,
                status: status?,
                role: role?,
                organisation_id: organisation?,
            })
        })
    }
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
    asked: Asked,
    organisations: Vec<Organisation>,
    statuses: &'static [MemberStatus],
    roles: &'static [Role],
    rows: Vec<Row>,
    next: Option<String>,
    /// The search and filters as a query, for each change to come back to.
    back: String,
}

/// How many members a page lists.
const PER_PAGE: i64 = 50;

/// A page of the group's members, found by part of a name or an address and filtered by
/// status, role and organisation.
#[handler]
pub async fn list<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
    Query(asked): Query<Asked>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = async {
        let (account, group) = (visit.account()?, group_of(&group)?);
        let organisations = pages.app.list_organisations(account, group).await?;
        let (filter, problems) = match asked.filter().map_err(Failure::fields) {
            Ok(filter) => (Some(filter), Problems::default()),
            Err(Ok(refused)) => (None, Problems::of_refused(visit.t, &refused)),
            Err(Err(other)) => return Err(other),
        };
        let (rows, next) = match filter {
            Some(filter) => {
                let page = PageRequest {
                    limit: Limit::new(PER_PAGE)?,
                    after: asked.after.as_deref().map(Cursor::parse).transpose()?,
                };
                let listed = pages
                    .app
                    .list_members(account, group, &filter, page)
                    .await?;
                let leads = pages.app.safeguarding_leads(account, group).await?;
                let rows = listed
                    .items
                    .into_iter()
                    .map(|member| {
                        let named_lead = leads.iter().any(|l| l.member_id == member.id && l.named);
                        row(member, &organisations, named_lead)
                    })
                    .collect();
                (rows, listed.next_cursor.map(|c| c.to_string()))
            }
            None => (Vec::new(), None),
        };
        let status = problems.status();
        let back = Asked {
            after: None,
            ..asked.clone()
        }
        .query();
        let page = MembersPage {
            back,
            page: visit.chrome_with("members-title", problems),
            group,
            asked,
            organisations,
            statuses: MemberStatus::ALL,
            roles: Role::ALL,
            rows,
            next,
        };
        Ok::<_, Failure>(html(status, &page))
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

/// A change to one member: a role, a status, or being named a safeguarding lead. Removing
/// asks first: the form is sent again with `confirmed`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Change {
    role: Option<String>,
    status: Option<String>,
    lead: Option<String>,
    confirmed: Option<String>,
    /// The list's search and filters, to come back to.
    back: String,
    form_token: String,
}

#[derive(Template)]
#[template(path = "admin/member_remove.html")]
struct RemovePage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    member: MemberListing,
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
    // The list as it was searched and filtered: read as a query, so only its fields return.
    let back: Asked = serde_html_form::from_str(&form.back).unwrap_or_default();
    let done = |word: &str| {
        let back = back.query();
        Redirect::see_other(format!("/groups/{group}/admin/members?{back}&done={word}"))
            .into_response()
    };
    if let Some(lead) = &form.lead {
        let named = lead == "named";
        pages
            .app
            .name_safeguarding_lead(account, group, member, named)
            .await?;
        return Ok(done("leads"));
    }
    if form.status.as_deref() == Some(MemberStatus::Removed.as_str())
        && form.confirmed.as_deref() != Some("yes")
    {
        let member = pages.app.member_listing(account, group, member).await?;
        let mut page = visit.chrome("members-title");
        page.title = visit
            .t
            .with("member-remove-title", "name", member.display_name.as_ref());
        return Ok(ok(&RemovePage {
            page,
            group,
            member,
        }));
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
    let word = match (changes.role, changes.status) {
        (Some(role), _) => role.as_str(),
        (None, Some(MemberStatus::Active)) => "restored",
        (None, Some(status)) => status.as_str(),
        (None, None) => "saved",
    };
    pages
        .app
        .update_member(account, group, member, changes)
        .await?;
    Ok(done(word))
}
