//! Matching in the back office: an admin asks for a proposal (every open need at once, or those
//! of chosen areas), reviews who would help whom and why, and confirms it whole or in part; and,
//! for any member, the offers that suit one of their needs.

use super::Pages;
use super::catalogue::Messages;
use super::forms::Posted;
use super::groups::group_of;
use super::render::{Chrome, Problems, html};
use super::visit::{Failure, Shown, Visit};
use askama::Template;
use collaborate_core::Error;
use collaborate_core::matching::{MatchingAsk, Proposal, ProposalView, Suggestion};
use collaborate_core::ports::Environment;
use collaborate_core::taxonomy::Area;
use collaborate_core::values::{
    AreaId, GroupId, InvalidValue, MatchDistance, MemberId, Name, NeedId, ProposalId,
};
use poem::web::{Data, Path, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use std::collections::BTreeSet;
use std::sync::Arc;

fn proposal_of(raw: &str) -> Result<ProposalId, Failure> {
    ProposalId::parse(raw).map_err(|_| Failure::Core(Error::NotFound("proposal")))
}

/// What the form asking for a proposal holds.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AskForm {
    area_ids: Vec<String>,
    max_distance_km: String,
    form_token: String,
}

impl AskForm {
    fn ask(&self) -> Result<MatchingAsk, InvalidValue> {
        let areas = self
            .area_ids
            .iter()
            .map(|a| AreaId::parse(a).map_err(|e| e.in_field("area_ids")))
            .collect::<Result<BTreeSet<_>, _>>()?;
        let distance = self.max_distance_km.trim();
        let max_distance = if distance.is_empty() {
            None
        } else {
            let km = distance
                .parse::<i64>()
                .map_err(|_| InvalidValue::new("max_distance_km", "must be a whole number"))?;
            Some(MatchDistance::new(km)?)
        };
        Ok(MatchingAsk {
            areas,
            max_distance,
        })
    }

    fn chose(&self, area: &AreaId) -> bool {
        self.area_ids.iter().any(|a| *a == area.to_string())
    }
}

#[derive(Template)]
#[template(path = "admin/matching.html")]
struct ProposalsPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    areas: Vec<Area>,
    proposals: Vec<Proposal>,
    form: AskForm,
}

impl ProposalsPage<'_> {
    /// What `proposal` was asked for: its areas (every one when none) and its distance.
    fn asked(&self, proposal: &Proposal) -> String {
        let name = |id: &AreaId| {
            self.areas
                .iter()
                .find(|a| a.id == *id)
                .map(|a| a.name.clone())
        };
        let mut words = asked_areas(self.page.t, proposal, name);
        if let Some(km) = proposal.ask.max_distance {
            words.push_str(
                &self
                    .page
                    .t
                    .with("proposal-within", "km", &km.get().to_string()),
            );
        }
        words
    }
}

/// The areas `proposal` was asked for, named by `name`: every area when it names none.
fn asked_areas(
    t: Messages<'_>,
    proposal: &Proposal,
    name: impl Fn(&AreaId) -> Option<Name>,
) -> String {
    let areas = &proposal.ask.areas;
    if areas.is_empty() {
        return t.m("proposal-every-area");
    }
    areas
        .iter()
        .filter_map(name)
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The latest proposals, and the form to ask for one.
#[handler]
pub async fn proposals<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = proposals_page(
        &pages,
        &visit,
        &group,
        AskForm::default(),
        Problems::default(),
    );
    visit.answer(shown.await)
}

async fn proposals_page<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    form: AskForm,
    problems: Problems,
) -> Shown {
    let (account, group) = (visit.account()?, group_of(group)?);
    let proposals = pages.app.matching_proposals(account, group).await?;
    let areas = pages
        .app
        .list_areas(account, group)
        .await?
        .into_iter()
        .filter(|a| !a.archived)
        .collect();
    let status = problems.status();
    Ok(html(
        status,
        &ProposalsPage {
            page: visit.chrome_with("matching-title", problems),
            group,
            areas,
            proposals,
            form,
        },
    ))
}

/// Makes a proposal, then shows it for review.
#[handler]
pub async fn propose<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
    Posted(form): Posted<AskForm>,
) -> Response {
    let visit = pages.visit(request).await;
    let made = async {
        visit.check_form(&form.form_token)?;
        let (account, group_id) = (visit.account()?, group_of(&group)?);
        let view = pages
            .app
            .propose_matching(account, group_id, form.ask()?)
            .await?;
        Ok(Redirect::see_other(format!(
            "/groups/{group_id}/admin/matching/{}?done=proposed",
            view.proposal.id
        ))
        .into_response())
    };
    match visit.or_problems(made.await) {
        Ok(response) => response,
        Err(problems) => {
            let shown = proposals_page(&pages, &visit, &group, form, problems).await;
            visit.answer(shown)
        }
    }
}

#[derive(Template)]
#[template(path = "admin/proposal.html")]
struct ProposalPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    view: ProposalView,
    /// Each helper's load, the largest first.
    loads: Vec<(MemberId, u32)>,
}

impl ProposalPage<'_> {
    fn name(&self, member: &MemberId) -> String {
        self.view
            .name(*member)
            .map_or_else(|| self.page.t.m("erased-member"), ToString::to_string)
    }

    fn area(&self, area: &AreaId) -> String {
        self.view
            .area_names
            .get(area)
            .map(ToString::to_string)
            .unwrap_or_default()
    }

    fn asked(&self) -> String {
        let names = &self.view.area_names;
        let areas = asked_areas(self.page.t, &self.view.proposal, |a| names.get(a).cloned());
        match self.view.proposal.ask.max_distance {
            Some(km) => self.page.t.with_all(
                "proposal-asked-within",
                &[("areas", &areas), ("km", &km.get().to_string())],
            ),
            None => self.page.t.with("proposal-asked", "areas", &areas),
        }
    }

    fn waiting(&self) -> usize {
        self.view.proposal.assignments.len() - self.view.proposal.confirmed()
    }
}

/// One proposal: who would help whom, how and why; the needs left unmatched and why; the load
/// on each helper; and the form to confirm it.
#[handler]
pub async fn proposal<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, id)): Path<(String, String)>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = proposal_page(&pages, &visit, &group, &id, Problems::default());
    visit.answer(shown.await)
}

async fn proposal_page<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    id: &str,
    problems: Problems,
) -> Shown {
    let (account, group) = (visit.account()?, group_of(group)?);
    let view = pages
        .app
        .matching_proposal(account, group, proposal_of(id)?)
        .await?;
    let loads = view.proposal.loads();
    let status = problems.status();
    Ok(html(
        status,
        &ProposalPage {
            page: visit.chrome_with("proposal-title", problems),
            group,
            view,
            loads,
        },
    ))
}

/// Which needs of a proposal to confirm.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ConfirmForm {
    need_ids: Vec<String>,
    form_token: String,
}

/// Confirms the needs ticked, all or nothing, then shows the proposal again.
#[handler]
pub async fn confirm<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, id)): Path<(String, String)>,
    Posted(form): Posted<ConfirmForm>,
) -> Response {
    let visit = pages.visit(request).await;
    let confirmed = async {
        visit.check_form(&form.form_token)?;
        let (account, group_id) = (visit.account()?, group_of(&group)?);
        let need_ids = form
            .need_ids
            .iter()
            .map(|n| NeedId::parse(n).map_err(|e| e.in_field("need_ids")))
            .collect::<Result<BTreeSet<_>, _>>()?;
        let proposal = proposal_of(&id)?;
        pages
            .app
            .confirm_proposal(account, group_id, proposal, Some(need_ids))
            .await?;
        Ok(Redirect::see_other(format!(
            "/groups/{group_id}/admin/matching/{proposal}?done=confirmed"
        ))
        .into_response())
    };
    let problems = match confirmed.await {
        Ok(response) => return response,
        Err(Failure::Core(Error::Stale(_))) => {
            Problems::one("need_ids", visit.t.m("proposal-stale"))
        }
        Err(Failure::Core(Error::Conflict { .. })) => {
            Problems::one("need_ids", visit.t.m("proposal-confirmed-already"))
        }
        Err(other) => match visit.or_problems(Err(other)) {
            Ok(response) => return response,
            Err(problems) => problems,
        },
    };
    let shown = proposal_page(&pages, &visit, &group, &id, problems).await;
    visit.answer(shown)
}

#[derive(Template)]
#[template(path = "offers/suggestions.html")]
struct SuggestionsPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    need: NeedId,
    suggestions: Vec<Suggestion>,
}

/// The offers that suit one of the caller's needs best, each with a way to ask.
#[handler]
pub async fn suggestions<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, need)): Path<(String, String)>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = async {
        let (account, group) = (visit.account()?, group_of(&group)?);
        let need = NeedId::parse(&need).map_err(|_| Failure::Core(Error::NotFound("need")))?;
        let suggestions = pages.app.need_suggestions(account, group, need).await?;
        Ok(html(
            poem::http::StatusCode::OK,
            &SuggestionsPage {
                page: visit.chrome("suggestions-title"),
                group,
                need,
                suggestions,
            },
        ))
    };
    visit.answer(shown.await)
}
