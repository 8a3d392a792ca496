//! Safeguarding: any member raises a concern about a request, a Peer Assist or a member, one
//! click from each; it goes to the group's leads, who record what they did, suspend, close and reopen.
//! The person concerned never sees it: the core answers them as if it did not exist.

use super::Pages;
use super::forms::Posted;
use super::groups::group_of;
use super::render::{Chrome, Problems, html, ok};
use super::visit::{Failure, Visit};
use askama::Template;
use collaborate_core::concerns::{ConcernAbout, ConcernChanges};
use collaborate_core::paging::PageRequest;
use collaborate_core::ports::Environment;
use collaborate_core::values::{
    ConcernId, ConcernNote, ConcernStatus, ConcernText, GroupId, Limit, MemberId, PeerAssistId,
    RequestId,
};
use collaborate_core::{ConcernView, ConflictReason, Error};
use poem::web::{Data, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use std::sync::Arc;

/// What a concern is about, as the link to raise it says.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct About {
    request: Option<String>,
    member: Option<String>,
    peer_assist: Option<String>,
}

impl About {
    fn read(&self) -> Result<ConcernAbout, Failure> {
        let missing = || Failure::Core(Error::NotFound("page"));
        match (&self.request, &self.member, &self.peer_assist) {
            (Some(request), None, None) => Ok(ConcernAbout::Request(
                RequestId::parse(request).map_err(|_| missing())?,
            )),
            (None, Some(member), None) => Ok(ConcernAbout::Member(
                MemberId::parse(member).map_err(|_| missing())?,
            )),
            (None, None, Some(peer_assist)) => Ok(ConcernAbout::PeerAssist(
                PeerAssistId::parse(peer_assist).map_err(|_| missing())?,
            )),
            _ => Err(missing()),
        }
    }

    /// The query that names the subject again.
    pub fn query(&self) -> String {
        match (&self.request, &self.member, &self.peer_assist) {
            (Some(request), _, _) => format!("request={request}"),
            (_, Some(member), _) => format!("member={member}"),
            (_, _, Some(peer_assist)) => format!("peer_assist={peer_assist}"),
            _ => String::new(),
        }
    }
}

#[derive(Template)]
#[template(path = "concerns/raise.html")]
struct RaisePage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    about: About,
    text: String,
    /// The names of the group's safeguarding leads, whom it goes to.
    leads: Vec<String>,
}

/// The form to raise a concern.
#[handler]
pub async fn raise_form<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
    Query(about): Query<About>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = raise_page(
        &pages,
        &visit,
        &group,
        about,
        String::new(),
        Problems::default(),
    )
    .await;
    visit.answer(shown)
}

async fn raise_page<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    about: About,
    text: String,
    problems: Problems,
) -> super::visit::Shown {
    let account = visit.account()?;
    let group = group_of(group)?;
    about.read()?;
    let leads = pages
        .app
        .safeguarding_leads(account, group)
        .await?
        .into_iter()
        .map(|lead| lead.display_name.to_string())
        .collect();
    let status = problems.status();
    let page = RaisePage {
        page: visit.chrome_with("concern-raise-title", problems),
        group,
        about,
        text,
        leads,
    };
    Ok(html(status, &page))
}

/// The concern as written.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RaiseForm {
    text: String,
    form_token: String,
}

#[derive(Template)]
#[template(path = "concerns/raised.html")]
struct RaisedPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
}

/// Raises the concern with the leads.
#[handler]
pub async fn raise<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
    Query(about): Query<About>,
    Posted(form): Posted<RaiseForm>,
) -> Response {
    let visit = pages.visit(request).await;
    let raised = async {
        visit.check_form(&form.form_token)?;
        let (account, group_id) = (visit.account()?, group_of(&group)?);
        let text = ConcernText::parse(&form.text)?;
        pages
            .app
            .raise_concern(account, group_id, about.read()?, text)
            .await?;
        Ok(ok(&RaisedPage {
            page: visit.chrome("concern-raised-title"),
            group: group_id,
        }))
    };
    match raised.await {
        Ok(response) => response,
        Err(Failure::Core(Error::Conflict {
            reason: ConflictReason::NoLead,
            ..
        })) => {
            let problems = Problems::one("text", visit.t.m("concern-no-lead"));
            visit.answer(raise_page(&pages, &visit, &group, about, form.text, problems).await)
        }
        Err(failure) => match failure.fields() {
            Ok(refused) => {
                let problems = Problems::of_refused(visit.t, &refused);
                visit.answer(raise_page(&pages, &visit, &group, about, form.text, problems).await)
            }
            Err(other) => visit.failed(other),
        },
    }
}

/// Which concerns a lead lists.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Listed {
    status: String,
}

/// A concern as a lead reads it, with names for the people it names.
pub struct Shown {
    id: ConcernId,
    /// The request it is about: its area, status and the day it was sent.
    request: Option<(String, &'static str, time::Date)>,
    /// The Peer Assist it is about: its title, status and the day it meets.
    peer_assist: Option<(String, &'static str, time::Date)>,
    concerning: String,
    raised_by: String,
    raised_at: time::Date,
    status: &'static str,
    text: String,
    /// Who did what, when, and their note.
    steps: Vec<(String, time::Date, &'static str, String)>,
}

impl Shown {
    fn of(view: &ConcernView) -> Self {
        let name = |id: &MemberId| {
            view.names
                .get(id)
                .map(ToString::to_string)
                .unwrap_or_default()
        };
        let concern = &view.concern;
        Self {
            id: concern.id,
            request: view
                .request
                .as_ref()
                .map(|r| (r.area.to_string(), r.status.as_str(), r.sent_at.date())),
            peer_assist: view.peer_assist.as_ref().map(|p| {
                let title = p.title.as_ref().map(ToString::to_string);
                (
                    title.unwrap_or_default(),
                    p.status.as_str(),
                    p.starts_at.date(),
                )
            }),
            concerning: name(&concern.concerning),
            raised_by: name(&concern.raised_by),
            raised_at: concern.raised_at.date(),
            status: concern.status.as_str(),
            text: concern.text.as_str().to_owned(),
            steps: concern
                .steps
                .iter()
                .map(|step| {
                    let note = step
                        .note
                        .as_ref()
                        .map(|n| n.as_str().to_owned())
                        .unwrap_or_default();
                    (name(&step.by), step.at.date(), step.kind.as_str(), note)
                })
                .collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "concerns/list.html")]
struct ListPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    closed: bool,
    concerns: Vec<Shown>,
}

/// The concerns a lead receives, open or closed.
#[handler]
pub async fn list<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
    Query(listed): Query<Listed>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = async {
        let (account, group) = (visit.account()?, group_of(&group)?);
        let closed = listed.status == ConcernStatus::Closed.as_str();
        let status = if closed {
            ConcernStatus::Closed
        } else {
            ConcernStatus::Open
        };
        let page = PageRequest {
            limit: Limit::new(100)?,
            after: None,
        };
        let concerns = pages
            .app
            .concerns(account, group, Some(status), page)
            .await?;
        Ok(ok(&ListPage {
            page: visit.chrome("concerns-title"),
            group,
            closed,
            concerns: concerns.items.iter().map(Shown::of).collect(),
        }))
    };
    visit.answer(shown.await)
}

#[derive(Template)]
#[template(path = "concerns/concern.html")]
struct ConcernPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    concern: Shown,
    open: bool,
    /// Whether the reader is a lead, who may act, or only a member it went to.
    may_act: bool,
}

fn concern_of(raw: &str) -> Result<ConcernId, Failure> {
    ConcernId::parse(raw).map_err(|_| Failure::Core(Error::NotFound("concern")))
}

/// One concern with what the leads did, and what a lead can do now.
#[handler]
pub async fn show<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, concern)): Path<(String, String)>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = async {
        let (account, group, concern) =
            (visit.account()?, group_of(&group)?, concern_of(&concern)?);
        let view = pages.app.concern(account, group, concern).await?;
        Ok(ok(&ConcernPage {
            page: visit.chrome("concern-title"),
            group,
            open: view.concern.status == ConcernStatus::Open,
            may_act: view.may_act,
            concern: Shown::of(&view),
        }))
    };
    visit.answer(shown.await)
}

/// A lead's step: a note, a suspension, closing or reopening.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Step {
    note: String,
    suspend: Option<String>,
    status: String,
    form_token: String,
}

/// Records a lead's step on a concern.
#[handler]
pub async fn act<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, concern)): Path<(String, String)>,
    Posted(form): Posted<Step>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = async {
        visit.check_form(&form.form_token)?;
        let (account, group, concern) =
            (visit.account()?, group_of(&group)?, concern_of(&concern)?);
        let changes = ConcernChanges {
            note: Some(form.note.trim())
                .filter(|n| !n.is_empty())
                .map(ConcernNote::parse)
                .transpose()?,
            status: Some(form.status.as_str())
                .filter(|s| !s.is_empty())
                .map(ConcernStatus::parse)
                .transpose()?,
            suspend: form.suspend.is_some(),
            version: None,
        };
        pages
            .app
            .act_on_concern(account, group, concern, changes)
            .await?;
        Ok(Redirect::see_other(format!("/groups/{group}/concerns/{concern}")).into_response())
    };
    visit.answer(shown.await)
}
