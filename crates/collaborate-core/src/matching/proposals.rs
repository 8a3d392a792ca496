//! A matching proposal as it is kept (rule 15): it changes nothing until an admin confirms it,
//! whole or for chosen needs, all or nothing, and each of its assignments becomes an ordinary
//! request only if the need and the offer are still as they were.

use super::{Assignment, UnmatchedNeed};
use crate::error::PortError;
use crate::values::{
    AreaId, GroupId, InvalidValue, MatchDistance, MemberId, NeedId, OfferId, ProposalId, RequestId,
    Version,
};
use async_trait::async_trait;
use std::collections::{BTreeMap, BTreeSet};
use time::OffsetDateTime;

/// What an admin asks a proposal for.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MatchingAsk {
    /// The areas whose open needs to match; every area when empty.
    pub areas: BTreeSet<AreaId>,
    /// How far in-person help may travel, besides each helper's own radius.
    pub max_distance: Option<MatchDistance>,
}

/// One assignment of a proposal, with what it was made from.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Proposed {
    /// The need, the offer, how, and how well.
    pub assignment: Assignment,
    /// The need's version when proposed: a need edited since is not confirmed.
    pub need_version: Version,
    /// The offer's version when proposed.
    pub offer_version: Version,
    /// The request made of it, once confirmed.
    pub request_id: Option<RequestId>,
}

/// A proposal, kept for review.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    /// Its id.
    pub id: ProposalId,
    /// The group.
    pub group_id: GroupId,
    /// The admin who asked for it.
    pub made_by: MemberId,
    /// When.
    pub made_at: OffsetDateTime,
    /// What was asked.
    pub ask: MatchingAsk,
    /// The needs given an offer, in need id order.
    pub assignments: Vec<Proposed>,
    /// The needs given none, and why, in need id order.
    pub unmatched: Vec<UnmatchedNeed>,
}

impl Proposal {
    /// The assignments to confirm: those of `need_ids`, or every one not yet confirmed when
    /// none are named.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `need_ids` naming a need the proposal did not match, or none.
    pub fn to_confirm(
        &self,
        need_ids: Option<&BTreeSet<NeedId>>,
    ) -> Result<Vec<&Proposed>, InvalidValue> {
        let chosen: Vec<&Proposed> = match need_ids {
            None => self
                .assignments
                .iter()
                .filter(|p| p.request_id.is_none())
                .collect(),
            Some(ids) => {
                if ids.is_empty() {
                    return Err(InvalidValue::new("need_ids", "names no need"));
                }
                let chosen: Vec<&Proposed> = self
                    .assignments
                    .iter()
                    .filter(|p| ids.contains(&p.assignment.need_id))
                    .collect();
                if chosen.len() != ids.len() {
                    return Err(InvalidValue::new(
                        "need_ids",
                        "names a need this proposal did not match",
                    ));
                }
                chosen
            }
        };
        Ok(chosen)
    }

    /// How many of its assignments are confirmed.
    pub fn confirmed(&self) -> usize {
        self.assignments
            .iter()
            .filter(|p| p.request_id.is_some())
            .count()
    }

    /// How many needs each helper is given, the most first (then by member id).
    pub fn loads(&self) -> Vec<(MemberId, u32)> {
        let mut loads: BTreeMap<MemberId, u32> = BTreeMap::new();
        for p in &self.assignments {
            *loads.entry(p.assignment.helper_id).or_insert(0) += 1;
        }
        let mut loads: Vec<(MemberId, u32)> = loads.into_iter().collect();
        loads.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        loads
    }

    /// The sum of the assignments' fit.
    pub fn total_score(&self) -> u64 {
        self.assignments
            .iter()
            .map(|p| u64::from(p.assignment.score.total))
            .sum()
    }
}

/// A request holding capacity, as matching counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenRequest {
    /// Who asked.
    pub seeker_id: MemberId,
    /// Which offer.
    pub offer_id: OfferId,
    /// The seeker's need it answers, if any.
    pub need_id: Option<NeedId>,
}

/// Proposals and what making one reads, as one part of a [`Transaction`].
///
/// [`Transaction`]: crate::ports::Transaction
#[async_trait]
pub trait Proposals: Send {
    /// The open needs of the group's active members, of `areas` (every area when empty), in
    /// id order.
    async fn open_needs(
        &mut self,
        group_id: GroupId,
        areas: &BTreeSet<AreaId>,
    ) -> Result<Vec<crate::offers::Need>, PortError>;

    /// The group's requests holding capacity at `now`: pending with `expires_at > now`, or
    /// accepted.
    async fn open_requests_in(
        &mut self,
        group_id: GroupId,
        now: OffsetDateTime,
    ) -> Result<Vec<OpenRequest>, PortError>;

    /// Keeps a new proposal.
    async fn insert_proposal(&mut self, proposal: &Proposal) -> Result<(), PortError>;

    /// The proposal with this id in the group; in a write transaction, held until it ends so
    /// that two confirmations of one proposal are serialised.
    async fn proposal(
        &mut self,
        group_id: GroupId,
        id: ProposalId,
    ) -> Result<Option<Proposal>, PortError>;

    /// Replaces a proposal (its assignments' requests).
    async fn update_proposal(&mut self, proposal: &Proposal) -> Result<(), PortError>;

    /// The group's latest `limit` proposals, newest first.
    async fn latest_proposals(
        &mut self,
        group_id: GroupId,
        limit: u32,
    ) -> Result<Vec<Proposal>, PortError>;
}
