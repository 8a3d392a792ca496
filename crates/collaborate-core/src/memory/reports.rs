//! The reports' tallies counted from the rows in memory: the plain definition each store's
//! aggregate queries must agree with.

use super::{MemoryTransaction, State, count};
use crate::error::PortError;
use crate::groups::Member;
use crate::offers::{Need, Offer};
use crate::reports::*;
use crate::requests::SupportRequest;
use crate::values::*;
use async_trait::async_trait;
use std::collections::{BTreeMap, BTreeSet};
use time::Duration;

/// Tallies `keys` into counts, in key order.
fn tally<K: Ord>(keys: impl Iterator<Item = K>) -> BTreeMap<K, u32> {
    let mut counts = BTreeMap::new();
    for key in keys {
        *counts.entry(key).or_insert(0) += 1;
    }
    counts
}

fn organisation_counts(counts: BTreeMap<Option<OrganisationId>, u32>) -> Vec<OrganisationCount> {
    counts
        .into_iter()
        .map(|(organisation_id, count)| OrganisationCount {
            organisation_id,
            count,
        })
        .collect()
}

impl State {
    /// The member, if they are in the group now and of the scope's organisation.
    fn counted_member(&self, scope: &ReportScope, id: MemberId) -> Option<&Member> {
        self.members.get(&id).filter(|m| {
            m.group_id == scope.group_id
                && counts_member(m.status)
                && scope.includes(m.profile.organisation_id)
        })
    }

    fn organisation_of(&self, id: MemberId) -> Option<OrganisationId> {
        self.members
            .get(&id)
            .and_then(|m| m.profile.organisation_id)
    }

    fn members_in(&self, scope: &ReportScope) -> impl Iterator<Item = &Member> {
        self.members
            .values()
            .filter(|m| self.counted_member(scope, m.id).is_some())
            .filter(|m| scope.covers(m.joined_at))
    }

    fn offers_in(&self, scope: &ReportScope) -> impl Iterator<Item = &Offer> {
        self.offers.values().filter(|o| {
            o.group_id == scope.group_id
                && counts_offer(o.status)
                && scope.covers(o.created_at)
                && self.counted_member(scope, o.member_id).is_some()
        })
    }

    fn needs_in(&self, scope: &ReportScope) -> impl Iterator<Item = &Need> {
        self.needs.values().filter(|n| {
            n.group_id == scope.group_id
                && scope.covers(n.created_at)
                && self.counted_member(scope, n.member_id).is_some()
        })
    }

    /// Requests made in the period, with either side of the scope's organisation.
    fn requests_in(&self, scope: &ReportScope) -> impl Iterator<Item = &SupportRequest> {
        self.requests.values().filter(|r| {
            r.group_id == scope.group_id
                && scope.covers(r.created_at)
                && (scope.includes(self.organisation_of(r.seeker_id))
                    || scope.includes(self.organisation_of(r.helper_id)))
        })
    }

    fn completed_in(&self, scope: &ReportScope) -> impl Iterator<Item = &SupportRequest> {
        self.requests_in(scope)
            .filter(|r| r.status == RequestStatus::Completed)
    }

    fn answer_times(&self, scope: &ReportScope) -> Vec<Duration> {
        let mut times: Vec<Duration> = self
            .requests_in(scope)
            .filter_map(|r| r.answered_at.map(|at| at - r.created_at))
            .collect();
        times.sort();
        times
    }
}

#[async_trait]
impl Reports for MemoryTransaction {
    async fn members_by_status(
        &mut self,
        scope: &ReportScope,
    ) -> Result<Vec<StatusCount<MemberStatus>>, PortError> {
        let counts = tally(self.state().members_in(scope).map(|m| m.status));
        Ok(counts
            .into_iter()
            .map(|(status, count)| StatusCount { status, count })
            .collect())
    }

    async fn contributors(
        &mut self,
        scope: &ReportScope,
        min_offers: u32,
    ) -> Result<u32, PortError> {
        let mut areas: BTreeMap<MemberId, BTreeSet<AreaId>> = BTreeMap::new();
        for offer in self.state().offers_in(scope).filter(|o| o.qualifies()) {
            areas
                .entry(offer.member_id)
                .or_default()
                .insert(offer.topic.area_id);
        }
        Ok(count(
            areas
                .values()
                .filter(|a| count(a.len()) >= min_offers)
                .count(),
        ))
    }

    async fn area_tallies(&mut self, scope: &ReportScope) -> Result<Vec<AreaTally>, PortError> {
        let state = self.state();
        let mut tallies: BTreeMap<AreaId, AreaTally> = BTreeMap::new();
        let mut helpers: BTreeMap<AreaId, BTreeSet<MemberId>> = BTreeMap::new();
        for offer in state.offers_in(scope) {
            let area = offer.topic.area_id;
            tallies
                .entry(area)
                .or_insert_with(|| AreaTally::empty(area))
                .offers += 1;
            helpers.entry(area).or_default().insert(offer.member_id);
        }
        for need in state.needs_in(scope) {
            let area = need.topic.area_id;
            let tally = tallies
                .entry(area)
                .or_insert_with(|| AreaTally::empty(area));
            match need.status {
                NeedStatus::Open => tally.needs += 1,
                NeedStatus::Met => tally.needs_met += 1,
                NeedStatus::Withdrawn => {}
            }
        }
        Ok(tallies
            .into_values()
            .filter(|t| t.offers + t.needs + t.needs_met > 0)
            .map(|t| AreaTally {
                helpers: helpers.get(&t.area_id).map_or(0, |h| count(h.len())),
                ..t
            })
            .collect())
    }

    async fn aspect_tallies(&mut self, scope: &ReportScope) -> Result<Vec<AspectTally>, PortError> {
        let state = self.state();
        let mut counts: BTreeMap<(AreaId, String), (Aspect, u32, u32)> = BTreeMap::new();
        let offered = state.offers_in(scope).map(|o| (&o.topic, true));
        let needed = state
            .needs_in(scope)
            .filter(|n| counts_need(n.status))
            .map(|n| (&n.topic, false));
        for (topic, is_offer) in offered.chain(needed) {
            for aspect in topic.aspects.iter() {
                let entry = counts
                    .entry((topic.area_id, aspect.as_str().to_owned()))
                    .or_insert((aspect.clone(), 0, 0));
                if is_offer {
                    entry.1 += 1;
                } else {
                    entry.2 += 1;
                }
            }
        }
        Ok(counts
            .into_iter()
            .map(|((area_id, _), (aspect, offers, needs))| AspectTally {
                area_id,
                aspect,
                offers,
                needs,
            })
            .collect())
    }

    async fn by_organisation(
        &mut self,
        scope: &ReportScope,
        what: OrganisationCounted,
    ) -> Result<Vec<OrganisationCount>, PortError> {
        let state = self.state();
        let organisations: Vec<_> = match what {
            OrganisationCounted::Members => state
                .members_in(scope)
                .map(|m| m.profile.organisation_id)
                .collect(),
            OrganisationCounted::Offers => state
                .offers_in(scope)
                .map(|o| state.organisation_of(o.member_id))
                .collect(),
            OrganisationCounted::OpenNeeds => state
                .needs_in(scope)
                .filter(|n| counts_need(n.status))
                .map(|n| state.organisation_of(n.member_id))
                .collect(),
            OrganisationCounted::TakenUp => state
                .members
                .values()
                .filter(|m| m.group_id == scope.group_id && takes_up_place(m.status))
                .filter(|m| {
                    scope
                        .organisation_id
                        .is_none_or(|o| m.profile.organisation_id == Some(o))
                })
                .map(|m| m.profile.organisation_id)
                .collect(),
        };
        Ok(organisation_counts(tally(organisations.into_iter())))
    }

    async fn help_between(&mut self, scope: &ReportScope) -> Result<Vec<HelpBetween>, PortError> {
        let state = self.state();
        let pairs = tally(state.completed_in(scope).map(|r| {
            (
                state.organisation_of(r.helper_id),
                state.organisation_of(r.seeker_id),
            )
        }));
        Ok(pairs
            .into_iter()
            .map(|((helper, seeker), completed)| HelpBetween {
                helper,
                seeker,
                completed,
            })
            .collect())
    }

    async fn requests_by_status(
        &mut self,
        scope: &ReportScope,
    ) -> Result<Vec<StatusCount<RequestStatus>>, PortError> {
        let counts = tally(
            self.state()
                .requests_in(scope)
                .map(|r| status_at(r.status, r.expires_at, scope.now)),
        );
        Ok(counts
            .into_iter()
            .map(|(status, count)| StatusCount { status, count })
            .collect())
    }

    async fn answer_time_at(
        &mut self,
        scope: &ReportScope,
        rank: u32,
    ) -> Result<Option<Duration>, PortError> {
        let times = self.state().answer_times(scope);
        Ok(usize::try_from(rank)
            .ok()
            .and_then(|r| times.get(r).copied()))
    }

    async fn answered(&mut self, scope: &ReportScope) -> Result<u32, PortError> {
        Ok(count(self.state().answer_times(scope).len()))
    }

    async fn reciprocity(&mut self, scope: &ReportScope) -> Result<Reciprocity, PortError> {
        let state = self.state();
        let gave: BTreeSet<MemberId> = state.completed_in(scope).map(|r| r.helper_id).collect();
        let received: BTreeSet<MemberId> = state.completed_in(scope).map(|r| r.seeker_id).collect();
        let mut found = Reciprocity::default();
        let active = state.members.values().filter(|m| {
            m.group_id == scope.group_id
                && m.status == MemberStatus::Active
                && scope.includes(m.profile.organisation_id)
        });
        for member in active {
            match (gave.contains(&member.id), received.contains(&member.id)) {
                (true, true) => found.both += 1,
                (true, false) => found.gave_only += 1,
                (false, true) => found.received_only += 1,
                (false, false) => found.neither += 1,
            }
        }
        Ok(found)
    }

    async fn ratings(&mut self, scope: &ReportScope) -> Result<Vec<RatingCount>, PortError> {
        let counts = tally(self.state().requests_in(scope).filter_map(|r| {
            r.feedback.as_ref().and_then(|f| {
                u8::try_from(f.rating.get())
                    .ok()
                    .map(|rating| (r.area_id, rating))
            })
        }));
        Ok(counts
            .into_iter()
            .map(|((area_id, rating), count)| RatingCount {
                area_id,
                rating,
                count,
            })
            .collect())
    }

    async fn help_given(&mut self, scope: &ReportScope) -> Result<Vec<HelpGiven>, PortError> {
        let state = self.state();
        let counts = tally(
            state
                .completed_in(scope)
                .filter(|r| state.counted_member(scope, r.helper_id).is_some())
                .map(|r| r.helper_id),
        );
        Ok(counts
            .into_iter()
            .map(|(member_id, completed)| HelpGiven {
                member_id,
                completed,
            })
            .collect())
    }

    async fn needs_met(&mut self, scope: &ReportScope) -> Result<Vec<NeedsMetTally>, PortError> {
        let state = self.state();
        // The earliest "met" answer of a request linked to each need, and the best rating.
        let mut answered: BTreeMap<NeedId, (time::OffsetDateTime, Option<u32>)> = BTreeMap::new();
        for r in state
            .requests
            .values()
            .filter(|r| r.group_id == scope.group_id)
        {
            let (Some(need), Some((NeedAnswer::Met, at))) = (r.need_id, r.need_answer) else {
                continue;
            };
            let rating = r.feedback.as_ref().map(|f| f.rating.get());
            let entry = answered.entry(need).or_insert((at, rating));
            entry.0 = entry.0.min(at);
            entry.1 = entry.1.max(rating);
        }
        let mut tallies: BTreeMap<(AreaId, Option<OrganisationId>), NeedsMetTally> =
            BTreeMap::new();
        for need in state.needs_in(scope) {
            let organisation_id = state.organisation_of(need.member_id);
            let t = tallies
                .entry((need.topic.area_id, organisation_id))
                .or_insert(NeedsMetTally {
                    area_id: need.topic.area_id,
                    organisation_id,
                    raised: 0,
                    met: 0,
                    through_exchange: 0,
                    seconds_to_met: 0,
                    rated: 0,
                    ratings: 0,
                });
            t.raised += 1;
            if need.status != NeedStatus::Met {
                continue;
            }
            t.met += 1;
            if let Some((at, rating)) = answered.get(&need.id) {
                t.through_exchange += 1;
                let seconds = (*at - need.created_at).whole_seconds().max(0);
                t.seconds_to_met += u64::try_from(seconds).unwrap_or(0);
                if let Some(rating) = rating {
                    t.rated += 1;
                    t.ratings += rating;
                }
            }
        }
        Ok(tallies.into_values().collect())
    }

    async fn monthly(
        &mut self,
        scope: &ReportScope,
        what: Counted,
    ) -> Result<Vec<MonthCount>, PortError> {
        let state = self.state();
        let of_scope = |member: MemberId| scope.includes(state.organisation_of(member));
        let made: Vec<time::OffsetDateTime> = match what {
            Counted::Offers => state
                .offers
                .values()
                .filter(|o| o.group_id == scope.group_id && of_scope(o.member_id))
                .map(|o| o.created_at)
                .collect(),
            Counted::Needs => state
                .needs
                .values()
                .filter(|n| n.group_id == scope.group_id && of_scope(n.member_id))
                .map(|n| n.created_at)
                .collect(),
            Counted::Requests => state.requests_in(scope).map(|r| r.created_at).collect(),
            Counted::Members => state
                .members
                .values()
                .filter(|m| {
                    m.group_id == scope.group_id && scope.includes(m.profile.organisation_id)
                })
                .map(|m| m.joined_at)
                .collect(),
        };
        let counts = tally(
            made.into_iter()
                .filter(|at| scope.covers(*at))
                .map(crate::reports::month_of),
        );
        Ok(counts
            .into_iter()
            .map(|(month, count)| MonthCount { month, count })
            .collect())
    }
}
