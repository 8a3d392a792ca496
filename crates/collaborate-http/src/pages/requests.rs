//! My requests, as the one who asked and as the one asked: each with the other side's contact
//! details, the moves the core allows this side now, and the seeker's feedback once the help
//! is given.

use super::Pages;
use super::forms::{Fields, Posted, whole_number};
use super::groups::group_of;
use super::render::{Chrome, Problems, html, ok};
use super::visit::{Failure, Shown, Visit};
use askama::Template;
use collaborate_core::Error;
use collaborate_core::paging::PageRequest;
use collaborate_core::ports::Environment;
use collaborate_core::requests::{
    NewFeedback, RequestDetails, RequestFilter, Side, SupportRequest, Transition,
};
use collaborate_core::taxonomy::Area;
use collaborate_core::values::{Comment, GroupId, Limit, NeedAnswer, Rating, RequestId};
use poem::web::{Data, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use std::sync::Arc;

fn request_of(raw: &str) -> Result<RequestId, Failure> {
    RequestId::parse(raw).map_err(|_| Failure::Core(Error::NotFound("request")))
}

/// The name of a side, in paths and messages.
fn side_name(side: Side) -> &'static str {
    match side {
        Side::Seeker => "seeker",
        Side::Helper => "helper",
    }
}

/// Which list: the requests I made, or the requests made to me.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Which {
    side: String,
}

/// One request as a list shows it.
pub struct Listed {
    request: SupportRequest,
    area: String,
    /// The other side's name.
    other: String,
}

#[derive(Template)]
#[template(path = "requests/list.html")]
struct ListPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    side: &'static str,
    requests: Vec<Listed>,
}

/// My requests on one side, newest first.
#[handler]
pub async fn list<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
    Query(which): Query<Which>,
) -> Response {
    let visit = pages.visit(request).await;
    visit.answer(list_page(&pages, &visit, &group, &which).await)
}

async fn list_page<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    which: &Which,
) -> Shown {
    let (account, group) = (visit.account()?, group_of(group)?);
    let side = if which.side == "helper" {
        Side::Helper
    } else {
        Side::Seeker
    };
    let filter = RequestFilter { side, status: None };
    let page = PageRequest {
        limit: Limit::new(100)?,
        after: None,
    };
    let listed = pages
        .app
        .my_requests_named(account, group, filter, page)
        .await?;
    let areas = pages.app.list_areas(account, group).await?;
    let mut requests: Vec<Listed> = listed
        .items
        .into_iter()
        .map(|listed| Listed {
            area: area_name(&areas, &listed.request),
            other: listed.other.map(|n| n.to_string()).unwrap_or_default(),
            request: listed.request,
        })
        .collect();
    requests.reverse();
    Ok(ok(&ListPage {
        page: visit.chrome("requests-title"),
        group,
        side: side_name(side),
        requests,
    }))
}

fn area_name(areas: &[Area], request: &SupportRequest) -> String {
    areas
        .iter()
        .find(|a| a.id == request.area_id)
        .map(|a| a.name.to_string())
        .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "requests/request.html")]
struct RequestPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    details: RequestDetails,
    side: &'static str,
    area: String,
    moves: Vec<&'static str>,
    feedback_due: bool,
    /// Whether the reader is to say if the help met the need it answers.
    need_answer_due: bool,
}

/// One request: the other side and how to reach them, what was asked, and what I can do now.
#[handler]
pub async fn show<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, id)): Path<(String, String)>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = request_page(&pages, &visit, &group, &id, Problems::default()).await;
    visit.answer(shown)
}

async fn request_page<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    id: &str,
    problems: Problems,
) -> Shown {
    let (account, group, id) = (visit.account()?, group_of(group)?, request_of(id)?);
    let details = pages.app.request(account, group, id).await?;
    let areas = pages.app.list_areas(account, group).await?;
    let status = problems.status();
    let page = RequestPage {
        page: visit.chrome_with("request-title", problems),
        group,
        side: side_name(details.side),
        area: area_name(&areas, &details.request),
        moves: details
            .request
            .moves_for(details.side)
            .into_iter()
            .map(|t| t.target().as_str())
            .collect(),
        feedback_due: details.request.awaits_feedback_from(details.side),
        need_answer_due: details.side == Side::Seeker && details.request.asks_about_need(),
        details,
    };
    Ok(html(status, &page))
}

/// A move on a request: the status it goes to.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Step {
    status: String,
    form_token: String,
}

/// Accepts, declines, completes or cancels a request, as the core allows this side.
#[handler]
pub async fn step<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, id)): Path<(String, String)>,
    Posted(form): Posted<Step>,
) -> Response {
    let visit = pages.visit(request).await;
    visit.answer(take_step(&pages, &visit, &group, &id, &form).await)
}

async fn take_step<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    id: &str,
    form: &Step,
) -> Shown {
    visit.check_form(&form.form_token)?;
    let (account, group, id) = (visit.account()?, group_of(group)?, request_of(id)?);
    let transition = Transition::ALL
        .into_iter()
        .find(|t| t.target().as_str() == form.status)
        .ok_or_else(|| {
            collaborate_core::values::InvalidValue::new("status", "is not a move of a request")
        })?;
    pages.app.transition(account, group, id, transition).await?;
    Ok(Redirect::see_other(format!("/groups/{group}/requests/{id}")).into_response())
}

/// The seeker's rating and comment.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FeedbackForm {
    rating: String,
    comment: String,
    form_token: String,
}

/// What the seeker says of the need the help answered.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NeedAnswerForm {
    answer: String,
    form_token: String,
}

/// Records whether the help met the seeker's need (rule 16).
#[handler]
pub async fn need_answer<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, id)): Path<(String, String)>,
    Posted(form): Posted<NeedAnswerForm>,
) -> Response {
    let visit = pages.visit(request).await;
    let answered = async {
        visit.check_form(&form.form_token)?;
        let (account, group, id) = (visit.account()?, group_of(&group)?, request_of(&id)?);
        let answer = NeedAnswer::parse(&form.answer)?;
        pages.app.answer_need(account, group, id, answer).await?;
        let done = if answer == NeedAnswer::Met {
            "met"
        } else {
            "saved"
        };
        Ok(
            Redirect::see_other(format!("/groups/{group}/requests/{id}?done={done}"))
                .into_response(),
        )
    };
    match visit.or_problems(answered.await) {
        Ok(response) => response,
        Err(problems) => visit.answer(request_page(&pages, &visit, &group, &id, problems).await),
    }
}

/// The request's page, for the address of one of its forms opened directly (a bookmark, or
/// the address bar after a refused answer).
#[handler]
pub async fn to_request<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, id)): Path<(String, String)>,
) -> Response {
    let visit = pages.visit(request).await;
    let page = group_of(&group).and_then(|group| {
        let id = request_of(&id)?;
        Ok(Redirect::see_other(format!("/groups/{group}/requests/{id}")).into_response())
    });
    visit.answer(page)
}

/// Records the seeker's feedback; a missing rating is shown on the request's page.
#[handler]
pub async fn feedback<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, id)): Path<(String, String)>,
    Posted(form): Posted<FeedbackForm>,
) -> Response {
    let visit = pages.visit(request).await;
    match visit.or_problems(rate(&pages, &visit, &group, &id, &form).await) {
        Ok(response) => response,
        Err(problems) => visit.answer(request_page(&pages, &visit, &group, &id, problems).await),
    }
}

async fn rate<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    id: &str,
    form: &FeedbackForm,
) -> Shown {
    visit.check_form(&form.form_token)?;
    let (account, group, id) = (visit.account()?, group_of(group)?, request_of(id)?);
    let mut fields = Fields::default();
    let rating = fields.read(whole_number(&form.rating, "rating").and_then(Rating::new));
    let comment = fields.read(
        Some(form.comment.trim())
            .filter(|c| !c.is_empty())
            .map(Comment::parse)
            .transpose(),
    );
    let feedback = fields.build(|| {
        Some(NewFeedback {
            rating: rating?,
            comment: comment?,
        })
    })?;
    pages
        .app
        .give_feedback(account, group, id, feedback)
        .await?;
    Ok(Redirect::see_other(format!("/groups/{group}/requests/{id}")).into_response())
}
