//! The back office's reports: the patterns of offer and need, the gaps in provision, the flow of
//! requests, reciprocity, feedback and trends — for a group's admins.
//!
//! A store answers small tallies by aggregate queries on one consistent snapshot ([`Reports`]);
//! the reports are made from them here, so every rule of what a report says lives in one place.
//! The memory store counts the same tallies from its rows, and is the oracle of the others.

mod lines;
mod needs_met;
mod peer_assists;
mod periods;
mod tallies;
mod thanks;
mod use_cases;

pub use lines::*;
pub use needs_met::*;
pub use peer_assists::*;
pub use periods::*;
pub use tallies::*;
pub use thanks::*;

use crate::capacity::FEWEST_PEOPLE;
use crate::error::PortError;
use crate::taxonomy::{Area, Organisation};
use crate::values::{AreaId, GroupId, MemberStatus, NeedStatus, OfferStatus, OrganisationId};
use crate::values::{Aspect, InvalidValue, RequestStatus};
use async_trait::async_trait;
use std::collections::BTreeMap;
use time::{Date, Duration, OffsetDateTime, Time};

/// The reports there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportName {
    /// The group at a glance.
    Overview,
    /// Per area: offers, needs and the shortage.
    Areas,
    /// Per aspect of each area: offers, needs and the shortage.
    Aspects,
    /// Per organisation: members, offers, needs, help given and received.
    Organisations,
    /// Needed and nobody offers; offered by one or two people only.
    Gaps,
    /// The flow of requests: by status, time to answer, completion and expiry.
    Requests,
    /// How many members give and receive, give only, receive only, or neither.
    Reciprocity,
    /// Ratings per area.
    Feedback,
    /// Per month: offers, needs, requests and new members.
    Trends,
    /// Peer Assists: where they stand, per area, their actions, whom they reached, lessons.
    PeerAssists,
    /// What help achieved: needs raised, met, met through the exchange, how fast, how rated.
    Matching,
    /// The helpers to thank: those who completed the most help, if they agree to be named.
    Thanks,
}

impl ReportName {
    /// Every report, by its name.
    pub const ALL: [(Self, &'static str); 12] = [
        (Self::Overview, "overview"),
        (Self::Areas, "areas"),
        (Self::Aspects, "aspects"),
        (Self::Organisations, "organisations"),
        (Self::Gaps, "gaps"),
        (Self::Requests, "requests"),
        (Self::Reciprocity, "reciprocity"),
        (Self::Feedback, "feedback"),
        (Self::Trends, "trends"),
        (Self::PeerAssists, "peer_assists"),
        (Self::Matching, "matching"),
        (Self::Thanks, "thanks"),
    ];

    /// The report named `raw`.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `name` listing the reports there are.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        Self::ALL
            .iter()
            .find(|(_, name)| *name == raw.trim())
            .map(|(report, _)| *report)
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|(_, n)| *n).collect();
                InvalidValue::new("name", format!("must be one of {}", names.join(", ")))
            })
    }

    /// Its name.
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(report, _)| *report == self)
            .map_or("", |(_, name)| name)
    }
}

/// What a report looks at: a period (by day, both ends included) and one organisation, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReportFilter {
    /// From this day on.
    pub from: Option<Date>,
    /// Up to and including this day.
    pub to: Option<Date>,
    /// Only the members of this organisation (for requests, either side).
    pub organisation_id: Option<OrganisationId>,
}

impl ReportFilter {
    /// Checks the period runs forwards.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `to` before `from`.
    pub fn check(&self) -> Result<(), InvalidValue> {
        match (self.from, self.to) {
            (Some(from), Some(to)) if to < from => {
                Err(InvalidValue::new("to", "must not be before from"))
            }
            _ => Ok(()),
        }
    }
}

/// What a store counts over: the group, the period as moments, the organisation, and now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportScope {
    /// The group.
    pub group_id: GroupId,
    /// Things made at or after this moment.
    pub since: Option<OffsetDateTime>,
    /// Things made before this moment.
    pub until: Option<OffsetDateTime>,
    /// Only the members of this organisation (for requests, either side).
    pub organisation_id: Option<OrganisationId>,
    /// The moment the report is made: a pending request past its expiry counts as expired.
    pub now: OffsetDateTime,
}

impl ReportScope {
    /// The scope of `filter` in `group_id` at `now`.
    pub fn of(group_id: GroupId, filter: &ReportFilter, now: OffsetDateTime) -> Self {
        Self {
            group_id,
            since: filter
                .from
                .map(|d| d.with_time(Time::MIDNIGHT).assume_utc()),
            // The last day a date can name has no next day: up to it is up to the end of time.
            until: filter
                .to
                .and_then(Date::next_day)
                .map(|d| d.with_time(Time::MIDNIGHT).assume_utc()),
            organisation_id: filter.organisation_id,
            now,
        }
    }

    /// Whether something made at `at` is in the period.
    pub fn covers(&self, at: OffsetDateTime) -> bool {
        self.since.is_none_or(|s| at >= s) && self.until.is_none_or(|u| at < u)
    }

    /// Whether a member of `organisation` is looked at.
    pub fn includes(&self, organisation: Option<OrganisationId>) -> bool {
        self.organisation_id.is_none_or(|o| organisation == Some(o))
    }
}

/// Refuses a report of one organisation with fewer than [`FEWEST_PEOPLE`] counted members:
/// its figures would be its people's own (what one person offers, needs, gave and received),
/// so, as the capacity map counts small cells apart, it is never shown.
///
/// # Errors
/// An [`InvalidValue`] for `organisation_id`.
pub fn check_organisation_size(members: u32) -> Result<(), InvalidValue> {
    if usize::try_from(members).is_ok_and(|m| m >= FEWEST_PEOPLE) {
        Ok(())
    } else {
        Err(InvalidValue::new(
            "organisation_id",
            format!(
                "has fewer than {FEWEST_PEOPLE} members: a report of it alone would single its \
                 people out"
            ),
        ))
    }
}

/// Which members reports count: those in the group now — active, pre-loaded or suspended — not
/// those who left or were removed.
pub fn counts_member(status: MemberStatus) -> bool {
    matches!(
        status,
        MemberStatus::Active | MemberStatus::Invited | MemberStatus::Suspended
    )
}

/// Whether a member of `status` has taken up their place in the group (active or suspended):
/// what an organisation's size counts, before a report of it may be read.
pub fn takes_up_place(status: MemberStatus) -> bool {
    matches!(status, MemberStatus::Active | MemberStatus::Suspended)
}

/// Which offers reports count: active ones.
pub fn counts_offer(status: OfferStatus) -> bool {
    status == OfferStatus::Active
}

/// A request's status as reports see it at `now`: pending past its expiry is expired.
pub fn status_at(
    status: RequestStatus,
    expires_at: OffsetDateTime,
    now: OffsetDateTime,
) -> RequestStatus {
    if status == RequestStatus::Pending && now >= expires_at {
        RequestStatus::Expired
    } else {
        status
    }
}

/// Whether a need counts as open, for the reports.
pub fn counts_need(status: NeedStatus) -> bool {
    status == NeedStatus::Open
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::{Aspects, Name, Version};
    use rstest::rstest;
    use time::macros::{date, datetime};

    fn area(n: u128, archived: bool) -> Area {
        Area {
            id: AreaId::from_uuid(uuid::Uuid::from_u128(n)),
            group_id: GroupId::from_uuid(uuid::Uuid::from_u128(1)),
            name: Name::parse(&format!("Area {n}")).unwrap(),
            description: None,
            aspects: Aspects::parse(&["One", "Two"]).unwrap(),
            archived,
            version: Version::FIRST,
        }
    }

    fn tally(n: u128, offers: u32, helpers: u32, needs: u32) -> AreaTally {
        AreaTally {
            offers,
            helpers,
            needs,
            ..AreaTally::empty(AreaId::from_uuid(uuid::Uuid::from_u128(n)))
        }
    }

    #[test]
    fn a_period_of_days_covers_both_ends_whole() {
        let filter = ReportFilter {
            from: Some(date!(2026 - 11 - 01)),
            to: Some(date!(2026 - 11 - 30)),
            organisation_id: None,
        };
        let scope = ReportScope::of(
            GroupId::from_uuid(uuid::Uuid::nil()),
            &filter,
            datetime!(2026-12-01 0:00 UTC),
        );
        assert!(scope.covers(datetime!(2026-11-01 0:00 UTC)));
        assert!(scope.covers(datetime!(2026-11-30 23:59:59.999999 UTC)));
        assert!(!scope.covers(datetime!(2026-10-31 23:59:59.999999 UTC)));
        assert!(!scope.covers(datetime!(2026-12-01 0:00 UTC)));
        let backwards = ReportFilter {
            from: filter.to,
            to: filter.from,
            organisation_id: None,
        };
        assert_eq!(backwards.check().unwrap_err().field(), "to");
        assert!(filter.check().is_ok());
    }

    #[rstest]
    #[case(0, false)]
    #[case(1, false)]
    #[case(2, false)]
    #[case(3, true)]
    #[case(40, true)]
    fn an_organisation_is_reported_alone_only_with_three_members_or_more(
        #[case] members: u32,
        #[case] shown: bool,
    ) {
        let checked = check_organisation_size(members);
        assert_eq!(checked.is_ok(), shown);
        if let Err(refused) = checked {
            assert_eq!(refused.field(), "organisation_id");
        }
    }

    #[test]
    fn a_period_up_to_the_last_day_a_date_can_name_runs_to_the_end_of_time() {
        let filter = ReportFilter {
            from: Some(Date::MIN),
            to: Some(Date::MAX),
            organisation_id: None,
        };
        let scope = ReportScope::of(
            GroupId::from_uuid(uuid::Uuid::nil()),
            &filter,
            datetime!(2026-12-01 0:00 UTC),
        );
        assert_eq!(scope.until, None);
        assert!(scope.covers(datetime!(2026-12-01 0:00 UTC)));
    }

    #[rstest]
    #[case(3, 6, Some(0.5))]
    #[case(4, 0, None)]
    #[case(0, 2, Some(0.0))]
    fn shortage_is_needs_per_offer(
        #[case] needs: u32,
        #[case] offers: u32,
        #[case] expected: Option<f64>,
    ) {
        assert_eq!(shortage(needs, offers), expected);
    }

    #[test]
    fn the_areas_report_lists_current_areas_and_archived_ones_with_counts() {
        let areas = [area(1, false), area(2, true), area(3, true)];
        let lines = area_lines(&areas, &[tally(1, 2, 2, 1), tally(2, 0, 0, 3)]);
        let ids: Vec<u128> = lines
            .iter()
            .map(|l| l.area.id.as_uuid().as_u128())
            .collect();
        assert_eq!(ids, [1, 2], "an archived area without counts is left out");
        assert_eq!(lines[0].shortage, Some(0.5));
    }

    #[test]
    fn gaps_are_needs_without_offers_and_fragile_areas_rest_on_two_people_at_most() {
        let areas = [
            area(1, false),
            area(2, false),
            area(3, false),
            area(4, false),
            area(5, false),
        ];
        let lines = area_lines(
            &areas,
            &[
                tally(1, 0, 0, 2),
                tally(2, 0, 0, 5),
                tally(3, 4, 2, 1),
                tally(4, 4, 3, 9),
                tally(5, 1, 1, 7),
            ],
        );
        let found = gaps(&lines, &[]);
        let ids = |ls: &[AreaLine]| {
            ls.iter()
                .map(|l| l.area.id.as_uuid().as_u128())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&found.areas), [2, 1], "most needed first");
        assert_eq!(ids(&found.fragile), [5, 3]);
    }

    #[test]
    fn help_is_given_received_within_and_across_organisations() {
        let org = |n: u128| Organisation {
            id: OrganisationId::from_uuid(uuid::Uuid::from_u128(n)),
            group_id: GroupId::from_uuid(uuid::Uuid::from_u128(1)),
            name: Name::parse(&format!("Org {n}")).unwrap(),
        };
        let (a, b) = (org(1), org(2));
        let help = [
            HelpBetween {
                helper: Some(a.id),
                seeker: Some(a.id),
                completed: 2,
            },
            HelpBetween {
                helper: Some(a.id),
                seeker: Some(b.id),
                completed: 3,
            },
            HelpBetween {
                helper: None,
                seeker: Some(a.id),
                completed: 1,
            },
        ];
        let members = [
            OrganisationCount {
                organisation_id: Some(a.id),
                count: 3,
            },
            OrganisationCount {
                organisation_id: Some(b.id),
                count: 4,
            },
        ];
        let lines = organisation_lines(
            &[a.clone(), b.clone()],
            &members,
            &members,
            &[],
            &[],
            &help,
            None,
        );
        let of = |i: usize| {
            (
                lines[i].given,
                lines[i].received,
                lines[i].within,
                lines[i].across,
            )
        };
        assert_eq!(of(0), (1, 0, 0, 1), "members of none");
        assert_eq!(of(1), (5, 3, 2, 4));
        assert_eq!(of(2), (0, 3, 0, 3));
        let only_b = organisation_lines(
            &[a, b.clone()],
            &members,
            &members,
            &[],
            &[],
            &help,
            Some(b.id),
        );
        assert_eq!(only_b.len(), 1);
        assert_eq!(only_b[0].organisation.as_ref().map(|o| o.id), Some(b.id));
    }

    #[test]
    fn an_organisation_of_fewer_than_three_is_counted_with_the_members_of_none() {
        let org = |n: u128| Organisation {
            id: OrganisationId::from_uuid(uuid::Uuid::from_u128(n)),
            group_id: GroupId::from_uuid(uuid::Uuid::from_u128(1)),
            name: Name::parse(&format!("Org {n}")).unwrap(),
        };
        let (big, small) = (org(1), org(2));
        let counted = |id: Option<OrganisationId>, count| OrganisationCount {
            organisation_id: id,
            count,
        };
        let members = [
            counted(Some(big.id), 3),
            counted(Some(small.id), 2),
            counted(None, 1),
        ];
        let offers = [counted(Some(small.id), 5), counted(None, 1)];
        let help = [HelpBetween {
            helper: Some(small.id),
            seeker: Some(big.id),
            completed: 1,
        }];
        let lines = organisation_lines(
            &[big.clone(), small],
            &members,
            &members,
            &offers,
            &[],
            &help,
            None,
        );
        assert_eq!(
            lines.len(),
            2,
            "the small organisation has no line of its own"
        );
        assert_eq!(lines[0].organisation, None);
        assert_eq!(
            (lines[0].members, lines[0].offers, lines[0].given),
            (3, 6, 1)
        );
        assert_eq!(lines[1].organisation.as_ref().map(|o| o.id), Some(big.id));
        assert_eq!((lines[1].members, lines[1].received), (3, 1));
    }

    #[test]
    fn request_flow_rates_count_only_requests_that_are_over() {
        let count = |status, count| StatusCount { status, count };
        let flow = request_flow(
            &[
                count(RequestStatus::Pending, 5),
                count(RequestStatus::Accepted, 1),
                count(RequestStatus::Completed, 3),
                count(RequestStatus::Declined, 1),
                count(RequestStatus::Expired, 4),
            ],
            None,
        );
        assert_eq!(flow.total, 14);
        assert_eq!(flow.completion_rate, Some(3.0 / 8.0));
        assert_eq!(flow.expiry_rate, Some(0.5));
        assert_eq!(
            flow.by_status.len(),
            RequestStatus::ALL.len(),
            "every status, zero included"
        );
        assert_eq!(
            request_flow(&[count(RequestStatus::Pending, 2)], None).completion_rate,
            None
        );
    }

    #[rstest]
    #[case(0, None)]
    #[case(1, Some((0, 0)))]
    #[case(4, Some((1, 2)))]
    #[case(5, Some((2, 2)))]
    fn the_median_is_the_middle_rank_or_the_two_middle_ones(
        #[case] n: u32,
        #[case] ranks: Option<(u32, u32)>,
    ) {
        assert_eq!(median_ranks(n), ranks);
    }

    #[test]
    fn a_pending_request_past_its_expiry_counts_as_expired() {
        let at = datetime!(2026-11-24 12:00 UTC);
        assert_eq!(
            status_at(RequestStatus::Pending, at, at),
            RequestStatus::Expired
        );
        assert_eq!(
            status_at(RequestStatus::Pending, at, at - Duration::SECOND),
            RequestStatus::Pending
        );
        assert_eq!(
            status_at(RequestStatus::Accepted, at, at),
            RequestStatus::Accepted
        );
    }

    #[test]
    fn feedback_is_listed_for_areas_rated_or_with_needs_met() {
        let areas = [area(1, false), area(2, false), area(3, false)];
        let ratings = [
            RatingCount {
                area_id: areas[0].id,
                rating: 5,
                count: 2,
            },
            RatingCount {
                area_id: areas[0].id,
                rating: 2,
                count: 1,
            },
        ];
        let met = AreaTally {
            needs_met: 4,
            ..AreaTally::empty(areas[1].id)
        };
        let lines = feedback_lines(&areas, &ratings, &[met]);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].ratings, [0, 1, 0, 0, 2]);
        assert_eq!(lines[0].mean, Some(4.0));
        assert_eq!((lines[1].mean, lines[1].needs_met), (None, 4));
    }

    #[test]
    fn trends_join_the_four_series_by_month_in_order() {
        let month = |m: &str, count| MonthCount {
            month: m.into(),
            count,
        };
        let lines = month_lines(
            &[month("2026-11", 2)],
            &[month("2026-09", 1)],
            &[month("2026-11", 3)],
            &[month("2026-10", 7)],
        );
        let months: Vec<(&str, u32, u32, u32, u32)> = lines
            .iter()
            .map(|l| (l.month.as_str(), l.offers, l.needs, l.requests, l.members))
            .collect();
        assert_eq!(
            months,
            [
                ("2026-09", 0, 1, 0, 0),
                ("2026-10", 0, 0, 0, 7),
                ("2026-11", 2, 0, 3, 0)
            ]
        );
        assert_eq!(
            month_of(datetime!(2026-01-31 23:59 -01:00)),
            "2026-02",
            "in UTC"
        );
    }

    #[test]
    fn every_report_reads_back_its_own_name() {
        for (report, name) in ReportName::ALL {
            assert_eq!(ReportName::parse(name), Ok(report));
            assert_eq!(report.as_str(), name);
        }
        assert_eq!(ReportName::parse("salaries").unwrap_err().field(), "name");
    }
}
