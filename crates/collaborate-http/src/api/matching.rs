//! Matching: an admin's proposal for every open need at once, reviewed and confirmed whole or in
//! part; and the offers that suit one of a member's needs.

use super::Tag;
use super::concerns::PersonBody;
use super::search::{ApproximateLocation, PeerBody, ScoreBody, ScorePartBody};
use super::shared::{Answer, Context, created, names, path_id, rfc3339};
use crate::auth::Credentials;
use crate::payload::JsonBody;
use collaborate_core::matching::{
    Assignment, MatchingAsk, Proposal, ProposalView, Suggestion, UnmatchedNeed,
};
use collaborate_core::ports::Environment;
use collaborate_core::search::Score;
use collaborate_core::values::{AreaId, InvalidValue, MatchDistance, MemberId, NeedId, ProposalId};
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use serde::Deserialize;
use std::collections::BTreeSet;

/// The operations of matching.
pub struct MatchingApi<E: Environment>(pub(super) Context<E>);

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Matching")]
impl<E: Environment> MatchingApi<E> {
    /// Propose an offer for every open need of the areas asked (all when none), at once: the
    /// most needs matched, then the best total fit, with the work spread over the helpers.
    /// Only contributors' needs are matched; every other need says why not. Changes nothing
    /// until confirmed. Admins only.
    #[oai(
        path = "/groups/:group_id/matching/proposals",
        method = "post",
        operation_id = "proposeMatching"
    )]
    async fn propose(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        body: JsonBody<ProposalInput>,
    ) -> Answer<ProposalMade> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let ask = MatchingAsk {
            areas: ids(
                body.0.area_ids.unwrap_or_default(),
                AreaId::parse,
                "area_ids",
            )?,
            max_distance: body.0.max_distance_km.map(MatchDistance::new).transpose()?,
        };
        let view = self.0.app.propose_matching(account, group, ask).await?;
        Ok(ProposalMade::Created(Json(ProposalBody::from(&view))))
    }

    /// The group's latest proposals, newest first, in brief. Admins only.
    #[oai(
        path = "/groups/:group_id/matching/proposals",
        method = "get",
        operation_id = "listProposals"
    )]
    async fn proposals(
        &self,
        auth: Credentials,
        group_id: Path<String>,
    ) -> Answer<Json<ProposalList>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let listed = self.0.app.matching_proposals(account, group).await?;
        Ok(Json(ProposalList {
            items: listed.iter().map(ProposalSummaryBody::from).collect(),
        }))
    }

    /// One proposal, with its assignments, the needs left unmatched and why, and the load on
    /// each helper. Admins only.
    #[oai(
        path = "/groups/:group_id/matching/proposals/:proposal_id",
        method = "get",
        operation_id = "getProposal"
    )]
    async fn proposal(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        proposal_id: Path<String>,
    ) -> Answer<Json<ProposalBody>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let id = path_id(&proposal_id, ProposalId::parse, "proposal")?;
        let view = self.0.app.matching_proposal(account, group, id).await?;
        Ok(Json(ProposalBody::from(&view)))
    }

    /// Confirm a proposal for the needs named (every one not yet confirmed when none): each
    /// becomes an ordinary request, linked to its need, its helper emailed. All or nothing:
    /// 409 `stale` naming the needs whose need, offer, seeker or helper changed since. Admins
    /// only.
    #[oai(
        path = "/groups/:group_id/matching/proposals/:proposal_id/confirm",
        method = "post",
        operation_id = "confirmProposal"
    )]
    async fn confirm(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        proposal_id: Path<String>,
        body: JsonBody<ConfirmInput>,
    ) -> Answer<Json<ProposalBody>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let id = path_id(&proposal_id, ProposalId::parse, "proposal")?;
        let need_ids = body
            .0
            .need_ids
            .map(|raw| ids(raw, NeedId::parse, "need_ids"))
            .transpose()?;
        let view = self
            .0
            .app
            .confirm_proposal(account, group, id, need_ids)
            .await?;
        Ok(Json(ProposalBody::from(&view)))
    }

    /// The offers that suit one of your open needs best, ranked by the fit search uses, each
    /// with how it would help and why. Contributors only, for their own needs.
    #[oai(
        path = "/groups/:group_id/needs/:need_id/suggestions",
        method = "get",
        operation_id = "needSuggestions"
    )]
    async fn suggestions(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        need_id: Path<String>,
    ) -> Answer<Json<SuggestionList>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let need = path_id(&need_id, NeedId::parse, "need")?;
        let found = self.0.app.need_suggestions(account, group, need).await?;
        Ok(Json(SuggestionList {
            items: found.iter().map(SuggestionBody::from).collect(),
        }))
    }
}

fn ids<T: Ord>(
    raw: Vec<String>,
    parse: fn(&str) -> Result<T, InvalidValue>,
    field: &'static str,
) -> Result<BTreeSet<T>, InvalidValue> {
    raw.iter()
        .map(|id| parse(id).map_err(|e| e.in_field(field)))
        .collect()
}

/// What to match.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct ProposalInput {
    /// The areas whose open needs to match; every area when absent.
    #[oai(validator(max_items = 200))]
    pub area_ids: Option<Vec<String>>,
    /// How far in-person help may travel, in whole kilometres (1–1000), besides each helper's
    /// own radius; further needs are helped another way or not at all.
    #[oai(validator(minimum(value = "1"), maximum(value = "1000")))]
    pub max_distance_km: Option<i64>,
}

/// Which needs of a proposal to confirm.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct ConfirmInput {
    /// The needs; every one not yet confirmed when absent.
    #[oai(validator(max_items = 100000))]
    pub need_ids: Option<Vec<String>>,
}

created!(
    /// A proposal made.
    ProposalMade,
    /// The proposal, changing nothing until confirmed.
    ProposalBody
);

/// An area named in a proposal.
#[derive(Debug, Object)]
pub struct AreaRefBody {
    /// The area.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// One need given one offer.
#[derive(Debug, Object)]
pub struct AssignmentBody {
    /// The need.
    pub need_id: String,
    /// The offer that answers it.
    pub offer_id: String,
    /// Whose need.
    pub seeker: PersonBody,
    /// Whose offer.
    pub helper: PersonBody,
    /// The area of both.
    pub area: AreaRefBody,
    /// How the help would be given.
    pub mode: String,
    /// Its fit, as search measures it.
    pub score: u32,
    /// The factors that earned it.
    pub reasons: Vec<ScorePartBody>,
    /// The request made of it, once confirmed.
    #[oai(nullable)]
    pub request_id: Option<String>,
}

/// A need given no offer.
#[derive(Debug, Object)]
pub struct UnmatchedBody {
    /// The need.
    pub need_id: String,
    /// Whose need.
    pub seeker: PersonBody,
    /// Its area.
    pub area: AreaRefBody,
    /// Why: `not_contributor`, `already_asked`, `at_request_limit`, `nobody_offers`,
    /// `modes_never_meet`, `out_of_range` or `all_full`.
    pub reason: String,
}

/// How many needs a helper was given.
#[derive(Debug, Object)]
pub struct LoadBody {
    /// The helper.
    pub helper: PersonBody,
    /// Their needs in the proposal.
    pub needs: u32,
}

/// A proposal's figures.
#[derive(Debug, Object)]
pub struct ProposalStatsBody {
    /// Open needs considered.
    pub needs: u32,
    /// Needs given an offer.
    pub matched: u32,
    /// Needs given none.
    pub unmatched: u32,
    /// Helpers given at least one need.
    pub helpers: u32,
    /// The most needs one helper was given.
    pub largest_load: u32,
    /// Assignments confirmed as requests.
    pub confirmed: u32,
}

/// A proposal.
#[derive(Debug, Object)]
pub struct ProposalBody {
    /// Its id.
    pub id: String,
    /// When it was made.
    pub made_at: String,
    /// The admin who asked for it.
    pub made_by: PersonBody,
    /// The areas asked; empty for every area.
    pub area_ids: Vec<String>,
    /// The distance asked for in-person help.
    #[oai(nullable)]
    pub max_distance_km: Option<u32>,
    /// The needs given an offer, by need id.
    pub assignments: Vec<AssignmentBody>,
    /// The needs given none, and why, by need id.
    pub unmatched: Vec<UnmatchedBody>,
    /// The sum of the assignments' fit.
    pub total_score: u64,
    /// Each helper's load, the largest first.
    pub loads: Vec<LoadBody>,
    /// Its figures.
    pub stats: ProposalStatsBody,
}

fn person(view: &ProposalView, member: MemberId) -> PersonBody {
    PersonBody {
        member_id: member.to_string(),
        display_name: view.name(member).map(ToString::to_string),
    }
}

fn area(view: &ProposalView, id: AreaId) -> AreaRefBody {
    AreaRefBody {
        id: id.to_string(),
        name: view
            .area_names
            .get(&id)
            .map_or_else(String::new, ToString::to_string),
    }
}

fn reasons(score: &Score) -> Vec<ScorePartBody> {
    score
        .parts
        .iter()
        .map(|p| ScorePartBody {
            factor: p.factor.as_str().to_owned(),
            points: p.points,
        })
        .collect()
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl From<&ProposalView> for ProposalBody {
    fn from(view: &ProposalView) -> Self {
        let p = &view.proposal;
        let assignment = |a: &Assignment, request: Option<String>| AssignmentBody {
            need_id: a.need_id.to_string(),
            offer_id: a.offer_id.to_string(),
            seeker: person(view, a.seeker_id),
            helper: person(view, a.helper_id),
            area: area(view, a.area_id),
            mode: a.mode.as_str().to_owned(),
            score: a.score.total,
            reasons: reasons(&a.score),
            request_id: request,
        };
        let unmatched = |u: &UnmatchedNeed| UnmatchedBody {
            need_id: u.need_id.to_string(),
            seeker: person(view, u.seeker_id),
            area: area(view, u.area_id),
            reason: u.reason.as_str().to_owned(),
        };
        let loads = p.loads();
        Self {
            id: p.id.to_string(),
            made_at: rfc3339(p.made_at),
            made_by: person(view, p.made_by),
            area_ids: names(p.ask.areas.iter().map(ToString::to_string)),
            max_distance_km: p.ask.max_distance.map(MatchDistance::get),
            assignments: p
                .assignments
                .iter()
                .map(|x| assignment(&x.assignment, x.request_id.map(|r| r.to_string())))
                .collect(),
            unmatched: p.unmatched.iter().map(unmatched).collect(),
            total_score: p.total_score(),
            stats: ProposalStatsBody {
                needs: count(p.assignments.len() + p.unmatched.len()),
                matched: count(p.assignments.len()),
                unmatched: count(p.unmatched.len()),
                helpers: count(loads.len()),
                largest_load: loads.first().map_or(0, |l| l.1),
                confirmed: count(p.confirmed()),
            },
            loads: loads
                .iter()
                .map(|&(helper, needs)| LoadBody {
                    helper: person(view, helper),
                    needs,
                })
                .collect(),
        }
    }
}

/// A proposal in brief.
#[derive(Debug, Object)]
pub struct ProposalSummaryBody {
    /// Its id.
    pub id: String,
    /// When it was made.
    pub made_at: String,
    /// Needs given an offer.
    pub matched: u32,
    /// Needs given none.
    pub unmatched: u32,
    /// Assignments confirmed as requests.
    pub confirmed: u32,
}

impl From<&Proposal> for ProposalSummaryBody {
    fn from(p: &Proposal) -> Self {
        Self {
            id: p.id.to_string(),
            made_at: rfc3339(p.made_at),
            matched: count(p.assignments.len()),
            unmatched: count(p.unmatched.len()),
            confirmed: count(p.confirmed()),
        }
    }
}

/// The group's latest proposals.
#[derive(Debug, Object)]
pub struct ProposalList {
    /// Newest first.
    pub items: Vec<ProposalSummaryBody>,
}

/// An offer suggested for a need.
#[derive(Debug, Object)]
pub struct SuggestionBody {
    /// The offer.
    pub offer_id: String,
    /// Its aspects.
    pub aspects: Vec<String>,
    /// What the helper wrote of it.
    pub description: String,
    /// Every way it is given.
    pub modes: Vec<String>,
    /// The way it would suit this need best.
    pub mode: String,
    /// Requests it can still take.
    pub spare_capacity: u32,
    /// The peer (no contact details, no exact place).
    pub peer: PeerBody,
    /// Its fit and the factors that earned it.
    pub score: ScoreBody,
}

impl From<&Suggestion> for SuggestionBody {
    fn from(s: &Suggestion) -> Self {
        Self {
            offer_id: s.assignment.offer_id.to_string(),
            aspects: names(s.aspects.iter()),
            description: s.description.to_string(),
            modes: names(s.modes.iter().map(|m| m.as_str())),
            mode: s.assignment.mode.as_str().to_owned(),
            spare_capacity: s.spare_capacity,
            peer: PeerBody {
                member_id: s.peer.member_id.to_string(),
                display_name: s.peer.display_name.to_string(),
                organisation: s.peer.organisation.as_ref().map(ToString::to_string),
                job_title: s.peer.job_title.as_ref().map(ToString::to_string),
                approximate_location: s.peer.approximate_position.map(ApproximateLocation::from),
            },
            score: ScoreBody {
                total: s.assignment.score.total,
                parts: reasons(&s.assignment.score),
            },
        }
    }
}

/// A need's suggestions.
#[derive(Debug, Object)]
pub struct SuggestionList {
    /// Best first.
    pub items: Vec<SuggestionBody>,
}
