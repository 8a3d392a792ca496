//! Matching as people use it: an admin asks for a proposal, reviews it and confirms it (whole or
//! for chosen needs, all or nothing); a contributor asks which offers suit one of their needs.

use super::graph::{self, Offered};
use super::{Assignment, Matching, MatchingAsk, Proposal, Proposals as _, Proposed, Seeking};
use crate::app::{Clearance, Collaborate, membership};
use crate::audit::AuditAction;
use crate::error::{ConflictReason, Error, Result};
use crate::groups::{Group, Groups as _, Member};
use crate::offers::{Need, OffersAndNeeds as _, Standing};
use crate::ports::{Clock, Environment, IdSource, Transaction, Tx};
use crate::requests::use_cases::{Asked, helpers_asked};
use crate::requests::{NewRequest, Requests as _};
use crate::search::{
    Candidate, PeerSummary, RECENT_REQUESTS_WINDOW, SearchIndex as _, Seeker, spare_capacity,
};
use crate::taxonomy::Taxonomy as _;
use crate::values::{
    AccountId, AreaId, Aspects, Description, DisplayName, GroupId, InvalidValue, MatchDistance,
    MemberId, MemberStatus, Message, Mode, Modes, Name, NeedId, NeedStatus, OfferId, OfferStatus,
    ProposalId,
};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use time::OffsetDateTime;

/// How many proposals the admin's list shows.
pub const PROPOSALS_LISTED: u32 = 20;

/// How many offers a need's suggestions list.
pub const SUGGESTIONS: usize = 10;

/// A proposal with the names a reader needs.
#[derive(Debug, Clone, PartialEq)]
pub struct ProposalView {
    /// The proposal.
    pub proposal: Proposal,
    /// The name each member in it goes by now.
    pub names: BTreeMap<MemberId, DisplayName>,
    /// The names of the areas in it.
    pub area_names: BTreeMap<AreaId, Name>,
}

impl ProposalView {
    /// The name of `member`, as it goes now.
    pub fn name(&self, member: MemberId) -> Option<&DisplayName> {
        self.names.get(&member)
    }
}

/// An offer suggested for one need, as search would show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// The offer, how it would help and how well it fits.
    pub assignment: Assignment,
    /// The peer (no contact channels, no exact position).
    pub peer: PeerSummary,
    /// The offer's aspects.
    pub aspects: Aspects,
    /// What the helper wrote of it.
    pub description: Description,
    /// Every way the offer is given.
    pub modes: Modes,
    /// The requests it can still take.
    pub spare_capacity: u32,
}

impl<E: Environment> Collaborate<E> {
    /// A proposal for every open need of the areas asked (rule 14), kept for review: nothing
    /// else changes (rule 15). Admins only.
    ///
    /// # Errors
    /// [`Error::Invalid`] for `area_ids` naming an area not of this group; the errors of
    /// [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn propose_matching(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        ask: MatchingAsk,
    ) -> Result<ProposalView> {
        let now = self.clock.now();
        let mut tx = self.write().await?;
        let (group, admin) = membership(&mut tx, group_id, account_id, Clearance::Admin).await?;
        for area_id in &ask.areas {
            if tx.area(group_id, *area_id).await?.is_none() {
                return Err(
                    InvalidValue::new("area_ids", "names an area not of this group").into(),
                );
            }
        }
        let needs = tx.open_needs(group_id, &ask.areas).await?;
        if needs.len() > super::MOST_NEEDS {
            return Err(InvalidValue::new(
                "area_ids",
                format!(
                    "these areas hold {} open needs, more than one proposal matches ({}): ask for fewer areas",
                    needs.len(),
                    super::MOST_NEEDS
                ),
            )
            .into());
        }
        let seekers = seekers_of(&mut tx, &group, &needs, now).await?;
        let areas: BTreeSet<AreaId> = needs.iter().map(|n| n.topic.area_id).collect();
        let mut candidates = BTreeMap::new();
        for area_id in areas {
            let found = tx
                .search_candidates(group_id, area_id, None, now, now - RECENT_REQUESTS_WINDOW)
                .await?;
            candidates.insert(area_id, found);
        }
        let matching = super::propose(&needs, &seekers, &candidates, ask.max_distance);
        let proposal = Proposal {
            id: ProposalId::from_uuid(self.ids.new_id()),
            group_id,
            made_by: admin.id,
            made_at: now,
            ask,
            assignments: kept(&matching, &needs, &candidates),
            unmatched: matching.unmatched,
        };
        tx.insert_proposal(&proposal).await?;
        let view = view_of(&mut tx, proposal).await?;
        tx.commit().await?;
        Ok(view)
    }

    /// One proposal of the group. Admins only.
    ///
    /// # Errors
    /// [`Error::NotFound`] for a proposal not of this group; the errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn matching_proposal(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        id: ProposalId,
    ) -> Result<ProposalView> {
        let mut tx = self.read().await?;
        membership(&mut tx, group_id, account_id, Clearance::Admin).await?;
        let proposal = tx
            .proposal(group_id, id)
            .await?
            .ok_or(Error::NotFound("proposal"))?;
        view_of(&mut tx, proposal).await
    }

    /// The group's latest proposals, newest first. Admins only.
    ///
    /// # Errors
    /// The errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn matching_proposals(
        &self,
        account_id: AccountId,
        group_id: GroupId,
    ) -> Result<Vec<Proposal>> {
        let mut tx = self.read().await?;
        membership(&mut tx, group_id, account_id, Clearance::Admin).await?;
        Ok(tx.latest_proposals(group_id, PROPOSALS_LISTED).await?)
    }

    /// Confirms a proposal for `need_ids` (every assignment not yet confirmed when none):
    /// each becomes an ordinary request linked to its need — contact details revealed and
    /// audited, the helper told — all or nothing, and only if the group is still as the
    /// proposal found it. Admins only.
    ///
    /// # Errors
    /// [`Error::NotFound`] for a proposal not of this group; [`Error::Invalid`] for `need_ids`
    /// naming a need it did not match; [`Error::Conflict`] `wrong_state` when nothing is left to
    /// confirm; [`Error::Stale`] naming the needs whose need, offer, seeker or helper changed
    /// since (edited, met, paused, full, suspended, asked already, at their limit); the errors
    /// of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn confirm_proposal(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        id: ProposalId,
        need_ids: Option<BTreeSet<NeedId>>,
    ) -> Result<ProposalView> {
        let now = self.clock.now();
        let mut tx = self.write().await?;
        let (group, admin) = membership(&mut tx, group_id, account_id, Clearance::Admin).await?;
        let mut proposal = tx
            .proposal(group_id, id)
            .await?
            .ok_or(Error::NotFound("proposal"))?;
        let chosen: Vec<Proposed> = proposal
            .to_confirm(need_ids.as_ref())?
            .into_iter()
            .cloned()
            .collect();
        if chosen.iter().any(|p| p.request_id.is_some()) {
            return Err(Error::conflict(
                ConflictReason::WrongState,
                "some of the needs chosen were confirmed already",
            ));
        }
        if chosen.is_empty() {
            return Err(Error::conflict(
                ConflictReason::WrongState,
                "every assignment of this proposal is confirmed already",
            ));
        }
        let asks = self
            .check_still_fresh(&mut tx, &group, (&chosen, proposal.ask.max_distance), now)
            .await?;
        let mut made = BTreeMap::new();
        for (proposed, ask) in chosen.iter().zip(asks) {
            let asked = Asked {
                seeker: &ask.seeker,
                helper: &ask.helper,
                offer: &ask.offer,
                proposal: Some(proposal.id),
            };
            let request = self
                .send_request(&mut tx, &group, asked, ask.request, now)
                .await?;
            made.insert(proposed.assignment.need_id, request.id);
        }
        for proposed in &mut proposal.assignments {
            if let Some(request_id) = made.get(&proposed.assignment.need_id) {
                proposed.request_id = Some(*request_id);
            }
        }
        tx.update_proposal(&proposal).await?;
        let confirmed = AuditAction::ProposalConfirmed {
            proposal_id: proposal.id,
            requests: u32::try_from(made.len()).unwrap_or(u32::MAX),
        };
        self.record(&mut tx, group_id, admin.id, now, confirmed)
            .await?;
        let view = view_of(&mut tx, proposal).await?;
        tx.commit().await?;
        Ok(view)
    }

    /// The requests `chosen` would make, each checked against the group as it is now; or
    /// [`Error::Stale`] naming every one that no longer holds. The offers are locked in id order,
    /// so that two confirmations over the same offers run one after the other.
    async fn check_still_fresh(
        &self,
        tx: &mut Tx<E>,
        group: &Group,
        (chosen, max_distance): (&[Proposed], Option<MatchDistance>),
        now: OffsetDateTime,
    ) -> Result<Vec<FreshAsk>> {
        let max_distance = max_distance.map(|d| f64::from(d.get()));
        let group_id = group.id;
        let offer_ids: BTreeSet<OfferId> = chosen.iter().map(|p| p.assignment.offer_id).collect();
        let mut offers = BTreeMap::new();
        let mut room = BTreeMap::new();
        for offer_id in offer_ids {
            if let Some(offer) = tx.lock_offer(group_id, offer_id).await? {
                let open = tx.open_requests_for(group_id, offer_id, now).await?;
                room.insert(offer_id, spare_capacity(offer.capacity, open));
                offers.insert(offer_id, offer);
            }
        }
        let answered: BTreeSet<NeedId> = tx
            .open_requests_in(group_id, now)
            .await?
            .into_iter()
            .filter_map(|r| r.need_id)
            .collect();
        let mut seeker_room: BTreeMap<MemberId, u32> = BTreeMap::new();
        let mut stale = Vec::new();
        let mut asks = Vec::with_capacity(chosen.len());
        for proposed in chosen {
            let a = &proposed.assignment;
            let mut problem = |what: &str| stale.push(format!("{} ({what})", a.need_id));
            let need = tx.need(group_id, a.need_id).await?;
            let Some(need) = need.filter(|n| n.member_id == a.seeker_id) else {
                problem("the need is gone");
                continue;
            };
            if need.status != NeedStatus::Open || need.version != proposed.need_version {
                problem("the need was changed");
                continue;
            }
            if answered.contains(&need.id) {
                problem("a request already answers the need");
                continue;
            }
            let Some(offer) = offers.get(&a.offer_id) else {
                problem("the offer is gone");
                continue;
            };
            if offer.status != OfferStatus::Active || offer.version != proposed.offer_version {
                problem("the offer was changed");
                continue;
            }
            let seeker = tx.member(group_id, a.seeker_id).await?;
            let helper = tx.member(group_id, a.helper_id).await?;
            let (Some(seeker), Some(helper)) = (
                seeker.filter(|m| m.status == MemberStatus::Active),
                helper.filter(|m| m.status == MemberStatus::Active),
            ) else {
                problem("the seeker or the helper is not active");
                continue;
            };
            if a.mode == Mode::InPerson && !still_near(&seeker, &helper, offer, max_distance) {
                problem("the seeker or the helper moved too far for help in person");
                continue;
            }
            let own = tx.offers_of(group_id, seeker.id).await?;
            if !Standing::of(&own, group.settings.min_offers).is_contributor() {
                problem("the seeker is no longer a contributor");
                continue;
            }
            if tx
                .has_open_request(group_id, offer.id, seeker.id, now)
                .await?
            {
                problem("the seeker asked this offer already");
                continue;
            }
            let left = match seeker_room.get(&seeker.id) {
                Some(left) => *left,
                None => {
                    // Only open requests: the daily limit paces a seeker's own asking, and
                    // these are asked by an admin on the group's behalf.
                    let load = tx.seeker_load(group_id, seeker.id, now, now).await?;
                    group
                        .settings
                        .max_open_requests
                        .get()
                        .saturating_sub(load.open)
                }
            };
            let offer_room = room.get(&offer.id).copied().unwrap_or(0);
            if left == 0 {
                problem("the seeker has as many open requests as the group allows");
                continue;
            }
            if offer_room == 0 {
                problem("the offer is full");
                continue;
            }
            seeker_room.insert(seeker.id, left - 1);
            room.insert(offer.id, offer_room - 1);
            let message = Message::parse(need.topic.description.as_str())?;
            asks.push(FreshAsk {
                request: NewRequest {
                    offer_id: offer.id,
                    need_id: Some(need.id),
                    message,
                    mode: a.mode,
                },
                offer: offer.clone(),
                seeker,
                helper,
            });
        }
        if !stale.is_empty() {
            return Err(Error::Stale(format!(
                "{} of the needs chosen changed since the proposal: {}. Make a new proposal, or confirm the others",
                stale.len(),
                stale.join("; ")
            )));
        }
        Ok(asks)
    }

    /// The offers that suit one of the caller's open needs best, with how and why, ranked by
    /// the fit search and matching use. Needs contributor standing.
    ///
    /// # Errors
    /// [`Error::ReciprocityRequired`] for a member who is not a contributor; [`Error::NotFound`]
    /// for a need that is not the caller's; [`Error::Conflict`] `wrong_state` for a need no
    /// longer open; the errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn need_suggestions(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        need_id: NeedId,
    ) -> Result<Vec<Suggestion>> {
        let now = self.clock.now();
        let mut tx = self.read().await?;
        let (group, member) = membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        let own = tx.offers_of(group_id, member.id).await?;
        Standing::of(&own, group.settings.min_offers).require_contributor()?;
        let need = tx
            .need(group_id, need_id)
            .await?
            .filter(|n| n.member_id == member.id)
            .ok_or(Error::NotFound("need"))?;
        if need.status != NeedStatus::Open {
            return Err(Error::conflict(
                ConflictReason::WrongState,
                "this need is no longer open",
            ));
        }
        let seekers = seekers_of(&mut tx, &group, std::slice::from_ref(&need), now).await?;
        let mut seeking = seekers
            .get(&member.id)
            .cloned()
            .ok_or(Error::NotFound("need"))?;
        // A suggestion is for asking oneself: the proposal's limits do not hide offers.
        seeking.room = seeking.room.max(1);
        seeking.answered_needs.clear();
        let area = need.topic.area_id;
        let found = tx
            .search_candidates(group_id, area, None, now, now - RECENT_REQUESTS_WINDOW)
            .await?;
        let offered: Offered<'_> = BTreeMap::from([(area, Cow::Owned(found))]);
        let Ok(arcs) = graph::arcs_of(&need, &seeking, &offered, None) else {
            return Ok(Vec::new());
        };
        let list = &offered[&area];
        // Each helper once, with the offer of theirs that suits the need best, and none already
        // asked about this area.
        let mut helpers = helpers_asked(&mut tx, &member, area, now).await?;
        Ok(arcs
            .into_iter()
            .filter(|arc| helpers.insert(list[arc.candidate].helper.member_id))
            .take(SUGGESTIONS)
            .map(|arc| suggestion(&need, &seeking, &list[arc.candidate], arc))
            .collect())
    }
}

/// Whether in-person help is still within the helper's travel radius and `max_distance` of
/// the seeker, measured as matching measures it: to the helper's approximate place.
fn still_near(
    seeker: &Member,
    helper: &Member,
    offer: &crate::offers::Offer,
    max_distance: Option<f64>,
) -> bool {
    let seeker_at = seeker.profile.location.as_ref().map(|l| l.position);
    let helper_at = helper
        .profile
        .location
        .as_ref()
        .map(|l| l.position.approximate());
    let (Some(from), Some(cell), Some(reach)) = (seeker_at, helper_at, offer.travel_radius) else {
        return false;
    };
    let d = cell.distance_km_from(&from);
    d <= reach.get() && max_distance.is_none_or(|most| d <= most)
}

/// A request a confirmation will make, and whom it joins.
struct FreshAsk {
    request: NewRequest,
    offer: crate::offers::Offer,
    seeker: Member,
    helper: Member,
}

fn suggestion(
    need: &Need,
    seeking: &Seeking,
    candidate: &Candidate,
    arc: graph::Arc,
) -> Suggestion {
    let offer = &candidate.offer;
    let helper = &candidate.helper;
    Suggestion {
        assignment: graph::assignment(need, seeking, candidate, arc, None),
        peer: PeerSummary {
            member_id: helper.member_id,
            display_name: helper.display_name.clone(),
            organisation: helper.organisation.as_ref().map(|(_, n)| n.clone()),
            job_title: helper.job_title.clone(),
            approximate_position: helper.approximate_position,
        },
        aspects: offer.topic.aspects.clone(),
        description: offer.topic.description.clone(),
        modes: offer.topic.modes.clone(),
        spare_capacity: spare_capacity(offer.capacity, candidate.open_requests),
    }
}

/// What matching needs to know of the members behind `needs`: where they are, whether they are
/// contributors, the room their open-request limit leaves, and what they asked already.
async fn seekers_of<T: Transaction>(
    tx: &mut T,
    group: &Group,
    needs: &[Need],
    now: OffsetDateTime,
) -> Result<BTreeMap<MemberId, Seeking>> {
    let ids: Vec<MemberId> = needs
        .iter()
        .map(|n| n.member_id)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut offers: BTreeMap<MemberId, Vec<crate::offers::Offer>> = BTreeMap::new();
    for offer in tx.offers_of_members(group.id, &ids).await? {
        offers.entry(offer.member_id).or_default().push(offer);
    }
    let mut open: BTreeMap<MemberId, (u32, BTreeSet<OfferId>, BTreeSet<NeedId>)> = BTreeMap::new();
    for request in tx.open_requests_in(group.id, now).await? {
        let entry = open.entry(request.seeker_id).or_default();
        entry.0 += 1;
        entry.1.insert(request.offer_id);
        entry.2.extend(request.need_id);
    }
    let mut seekers = BTreeMap::new();
    for id in ids {
        let Some(member) = tx
            .member(group.id, id)
            .await?
            .filter(|m| m.status == MemberStatus::Active)
        else {
            continue;
        };
        let own = offers.remove(&id).unwrap_or_default();
        let (count, asked_offers, answered_needs) = open.remove(&id).unwrap_or_default();
        seekers.insert(
            id,
            Seeking {
                seeker: Seeker {
                    member_id: id,
                    organisation_id: member.profile.organisation_id,
                    position: member.profile.location.map(|l| l.position),
                },
                contributor: Standing::of(&own, group.settings.min_offers).is_contributor(),
                room: group.settings.max_open_requests.get().saturating_sub(count),
                asked_offers,
                answered_needs,
            },
        );
    }
    Ok(seekers)
}

/// `matching`'s assignments, with the versions of the needs and offers they were made from.
fn kept(
    matching: &Matching,
    needs: &[Need],
    candidates: &BTreeMap<AreaId, Vec<Candidate>>,
) -> Vec<Proposed> {
    let need_versions: BTreeMap<NeedId, _> = needs.iter().map(|n| (n.id, n.version)).collect();
    let offer_versions: BTreeMap<OfferId, _> = candidates
        .values()
        .flatten()
        .map(|c| (c.offer.id, c.offer.version))
        .collect();
    matching
        .assignments
        .iter()
        .map(|a| Proposed {
            assignment: a.clone(),
            need_version: need_versions[&a.need_id],
            offer_version: offer_versions[&a.offer_id],
            request_id: None,
        })
        .collect()
}

/// `proposal` with the names of its people and areas.
async fn view_of<T: Transaction>(tx: &mut T, proposal: Proposal) -> Result<ProposalView> {
    let group_id = proposal.group_id;
    let mut members = BTreeSet::from([proposal.made_by]);
    let mut areas = BTreeSet::new();
    for p in &proposal.assignments {
        members.extend([p.assignment.seeker_id, p.assignment.helper_id]);
        areas.insert(p.assignment.area_id);
    }
    for u in &proposal.unmatched {
        members.insert(u.seeker_id);
        areas.insert(u.area_id);
    }
    let mut names = BTreeMap::new();
    for id in members {
        if let Some(member) = tx.member(group_id, id).await? {
            names.insert(id, member.profile.display_name);
        }
    }
    let mut area_names = BTreeMap::new();
    for id in areas {
        if let Some(area) = tx.area(group_id, id).await? {
            area_names.insert(id, area.name);
        }
    }
    Ok(ProposalView {
        proposal,
        names,
        area_names,
    })
}
