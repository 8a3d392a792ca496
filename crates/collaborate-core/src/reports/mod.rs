//! The back office's reports: the patterns of offer and need, the gaps in provision, the flow of
//! requests, reciprocity, feedback and trends — for a group's admins.
//!
//! A store answers small tallies by aggregate queries on one consistent snapshot ([`Reports`]);
//! the reports are made from them here, so every rule of what a report says lives in one place.
//! The memory store counts the same tallies from its rows, and is the oracle of the others.

mod use_cases;

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
}

impl ReportName {
    /// Every report, by its name.
    pub const ALL: [(Self, &'static str); 9] = [
        (Self::Overview, "overview"),
        (Self::Areas, "areas"),
        (Self::Aspects, "aspects"),
        (Self::Organisations, "organisations"),
        (Self::Gaps, "gaps"),
        (Self::Requests, "requests"),
        (Self::Reciprocity, "reciprocity"),
        (Self::Feedback, "feedback"),
        (Self::Trends, "trends"),
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

/// The counts of one area: counted offers (and their distinct helpers), and needs by status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AreaTally {
    /// The area.
    pub area_id: AreaId,
    /// Active offers of counted members.
    pub offers: u32,
    /// Distinct members among them.
    pub helpers: u32,
    /// Open needs of counted members.
    pub needs: u32,
    /// Needs met.
    pub needs_met: u32,
}

impl AreaTally {
    /// Nothing counted yet in `area_id`.
    pub fn empty(area_id: AreaId) -> Self {
        Self {
            area_id,
            offers: 0,
            helpers: 0,
            needs: 0,
            needs_met: 0,
        }
    }
}

/// The counts of one aspect of an area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AspectTally {
    /// The area.
    pub area_id: AreaId,
    /// The aspect, as the area spells it.
    pub aspect: Aspect,
    /// Counted offers naming it.
    pub offers: u32,
    /// Open needs naming it.
    pub needs: u32,
}

/// Counts by organisation (`None`: members of none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrganisationCount {
    /// The organisation.
    pub organisation_id: Option<OrganisationId>,
    /// How many.
    pub count: u32,
}

/// Completed requests between members of two organisations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HelpBetween {
    /// The helper's organisation.
    pub helper: Option<OrganisationId>,
    /// The seeker's organisation.
    pub seeker: Option<OrganisationId>,
    /// How many completed requests.
    pub completed: u32,
}

/// Counts of members by status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusCount<S> {
    /// The status.
    pub status: S,
    /// How many.
    pub count: u32,
}

/// How many members gave (helped in a completed request) and received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reciprocity {
    /// Gave and received.
    pub both: u32,
    /// Gave only.
    pub gave_only: u32,
    /// Received only.
    pub received_only: u32,
    /// Neither.
    pub neither: u32,
}

/// Ratings of one area, by value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RatingCount {
    /// The area of the request rated.
    pub area_id: AreaId,
    /// The rating, 1 to 5.
    pub rating: u8,
    /// How many.
    pub count: u32,
}

/// What a monthly trend counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// Offers made (whatever became of them).
    Offers,
    /// Needs recorded.
    Needs,
    /// Requests sent.
    Requests,
    /// Members who joined.
    Members,
}

/// How many things were made in a month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthCount {
    /// The month, `YYYY-MM` (UTC).
    pub month: String,
    /// How many.
    pub count: u32,
}

/// The tallies reports are made from, as one part of a [`Transaction`]: aggregate queries, each
/// answered on the transaction's snapshot, never by reading the group's rows out one by one.
/// Every tally counts only what `scope` looks at: its group, its period (by when the thing was
/// made: an offer, a need, a request, a member's joining) and its organisation (the member's;
/// for requests, either side's).
///
/// [`Transaction`]: crate::ports::Transaction
#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait Reports: Send {
    /// Members in the group now (see [`counts_member`]), by status.
    async fn members_by_status(
        &mut self,
        scope: &ReportScope,
    ) -> Result<Vec<StatusCount<MemberStatus>>, PortError>;

    /// Counted members with active offers (naming an aspect and a mode) in at least
    /// `min_offers` distinct areas: contributors.
    async fn contributors(
        &mut self,
        scope: &ReportScope,
        min_offers: u32,
    ) -> Result<u32, PortError>;

    /// Per area with any: counted offers, their distinct helpers, open and met needs.
    async fn area_tallies(&mut self, scope: &ReportScope) -> Result<Vec<AreaTally>, PortError>;

    /// Per aspect named by any counted offer or open need.
    async fn aspect_tallies(&mut self, scope: &ReportScope) -> Result<Vec<AspectTally>, PortError>;

    /// Counted members by organisation.
    async fn members_by_organisation(
        &mut self,
        scope: &ReportScope,
    ) -> Result<Vec<OrganisationCount>, PortError>;

    /// Counted offers by their helper's organisation.
    async fn offers_by_organisation(
        &mut self,
        scope: &ReportScope,
    ) -> Result<Vec<OrganisationCount>, PortError>;

    /// Open needs by their member's organisation.
    async fn needs_by_organisation(
        &mut self,
        scope: &ReportScope,
    ) -> Result<Vec<OrganisationCount>, PortError>;

    /// Completed requests by the two sides' organisations.
    async fn help_between(&mut self, scope: &ReportScope) -> Result<Vec<HelpBetween>, PortError>;

    /// Requests by their status at `scope.now` (see [`status_at`]).
    async fn requests_by_status(
        &mut self,
        scope: &ReportScope,
    ) -> Result<Vec<StatusCount<RequestStatus>>, PortError>;

    /// The time to answer of the answered requests, in order: the one at `rank` (from 0).
    async fn answer_time_at(
        &mut self,
        scope: &ReportScope,
        rank: u32,
    ) -> Result<Option<Duration>, PortError>;

    /// How many requests were answered.
    async fn answered(&mut self, scope: &ReportScope) -> Result<u32, PortError>;

    /// Active members, by whether they helped and were helped in completed requests.
    async fn reciprocity(&mut self, scope: &ReportScope) -> Result<Reciprocity, PortError>;

    /// Ratings by area and value.
    async fn ratings(&mut self, scope: &ReportScope) -> Result<Vec<RatingCount>, PortError>;

    /// How many of `what` were made each month with any.
    async fn monthly(
        &mut self,
        scope: &ReportScope,
        what: Counted,
    ) -> Result<Vec<MonthCount>, PortError>;
}

/// Needs per offer: above one, more is needed than offered. None when nothing is offered.
pub fn shortage(needs: u32, offers: u32) -> Option<f64> {
    (offers > 0).then(|| f64::from(needs) / f64::from(offers))
}

/// An area in the areas report.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaLine {
    /// The area.
    pub area: Area,
    /// Its counts.
    pub tally: AreaTally,
    /// Needs per offer.
    pub shortage: Option<f64>,
}

/// An aspect in the aspects report.
#[derive(Debug, Clone, PartialEq)]
pub struct AspectLine {
    /// The area.
    pub area: Area,
    /// The aspect and its counts.
    pub tally: AspectTally,
    /// Needs per offer.
    pub shortage: Option<f64>,
}

/// An organisation in the organisations report.
#[derive(Debug, Clone, PartialEq)]
pub struct OrganisationLine {
    /// The organisation; `None` for members of none.
    pub organisation: Option<Organisation>,
    /// Counted members.
    pub members: u32,
    /// Counted offers.
    pub offers: u32,
    /// Open needs.
    pub needs: u32,
    /// Completed requests its members helped with.
    pub given: u32,
    /// Completed requests its members were helped in.
    pub received: u32,
    /// Completed requests with both sides in it.
    pub within: u32,
    /// Completed requests with one side in it and the other elsewhere.
    pub across: u32,
}

/// The gaps report.
#[derive(Debug, Clone, PartialEq)]
pub struct Gaps {
    /// Areas with open needs and no offer, most needed first.
    pub areas: Vec<AreaLine>,
    /// Aspects with open needs naming them and no offer naming them, most needed first.
    pub aspects: Vec<AspectLine>,
    /// Areas offered by one or two people only, most needed first.
    pub fragile: Vec<AreaLine>,
}

/// The requests report.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestFlow {
    /// How many requests.
    pub total: u32,
    /// How many by status (every status, zero included).
    pub by_status: Vec<StatusCount<RequestStatus>>,
    /// The median time from request to the helper's answer.
    pub median_time_to_answer: Option<Duration>,
    /// Completed among the requests that are over (completed, declined, cancelled, expired).
    pub completion_rate: Option<f64>,
    /// Expired among the requests that are over.
    pub expiry_rate: Option<f64>,
}

/// Feedback of one area.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedbackLine {
    /// The area.
    pub area: Area,
    /// How many ratings of each value, 1 to 5.
    pub ratings: [u32; 5],
    /// Their mean.
    pub mean: Option<f64>,
    /// Needs of the area met.
    pub needs_met: u32,
}

/// One month of the trends report.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MonthLine {
    /// `YYYY-MM`.
    pub month: String,
    /// Offers made.
    pub offers: u32,
    /// Needs recorded.
    pub needs: u32,
    /// Requests sent.
    pub requests: u32,
    /// Members joined.
    pub members: u32,
}

/// The group at a glance.
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    /// Members by status (counted ones: active, invited, suspended).
    pub members: Vec<StatusCount<MemberStatus>>,
    /// Members who may seek help.
    pub contributors: u32,
    /// Active offers.
    pub offers: u32,
    /// Open needs.
    pub needs: u32,
    /// Needs met.
    pub needs_met: u32,
    /// Requests sent.
    pub requests: u32,
    /// Requests completed.
    pub completed: u32,
    /// Areas with needs and no offer.
    pub gaps: u32,
    /// Areas offered by one or two people only.
    pub fragile: u32,
}

/// A report, made.
#[derive(Debug, Clone, PartialEq)]
pub enum Report {
    /// See [`ReportName::Overview`].
    Overview(Overview),
    /// See [`ReportName::Areas`].
    Areas(Vec<AreaLine>),
    /// See [`ReportName::Aspects`].
    Aspects(Vec<AspectLine>),
    /// See [`ReportName::Organisations`].
    Organisations(Vec<OrganisationLine>),
    /// See [`ReportName::Gaps`].
    Gaps(Gaps),
    /// See [`ReportName::Requests`].
    Requests(RequestFlow),
    /// See [`ReportName::Reciprocity`].
    Reciprocity(Reciprocity),
    /// See [`ReportName::Feedback`].
    Feedback(Vec<FeedbackLine>),
    /// See [`ReportName::Trends`].
    Trends(Vec<MonthLine>),
}

/// The areas report: every current area, with what is offered and needed in it.
pub fn area_lines(areas: &[Area], tallies: &[AreaTally]) -> Vec<AreaLine> {
    let by_area: BTreeMap<AreaId, &AreaTally> = tallies.iter().map(|t| (t.area_id, t)).collect();
    areas
        .iter()
        .filter(|a| !a.archived || by_area.contains_key(&a.id))
        .map(|area| {
            let tally = by_area
                .get(&area.id)
                .map_or(AreaTally::empty(area.id), |t| **t);
            AreaLine {
                area: area.clone(),
                tally,
                shortage: shortage(tally.needs, tally.offers),
            }
        })
        .collect()
}

/// The aspects report: every aspect of every current area, with what is offered and needed.
pub fn aspect_lines(areas: &[Area], tallies: &[AspectTally]) -> Vec<AspectLine> {
    let mut lines = Vec::new();
    for area in areas.iter().filter(|a| !a.archived) {
        for aspect in area.aspects.iter() {
            let tally = tallies
                .iter()
                .find(|t| t.area_id == area.id && t.aspect.key() == aspect.key())
                .cloned()
                .unwrap_or(AspectTally {
                    area_id: area.id,
                    aspect: aspect.clone(),
                    offers: 0,
                    needs: 0,
                });
            lines.push(AspectLine {
                area: area.clone(),
                shortage: shortage(tally.needs, tally.offers),
                tally,
            });
        }
    }
    lines
}

/// The most people whose offers an area may rest on and still be fragile.
pub const FRAGILE_HELPERS: u32 = 2;

/// The gaps report, from the areas and aspects reports.
pub fn gaps(areas: &[AreaLine], aspects: &[AspectLine]) -> Gaps {
    let mut unmet: Vec<AreaLine> = areas
        .iter()
        .filter(|l| l.tally.needs > 0 && l.tally.offers == 0)
        .cloned()
        .collect();
    unmet.sort_by_key(|l| std::cmp::Reverse(l.tally.needs));
    let mut fragile: Vec<AreaLine> = areas
        .iter()
        .filter(|l| l.tally.offers > 0 && l.tally.helpers <= FRAGILE_HELPERS)
        .cloned()
        .collect();
    fragile.sort_by_key(|l| std::cmp::Reverse(l.tally.needs));
    let mut unmet_aspects: Vec<AspectLine> = aspects
        .iter()
        .filter(|l| l.tally.needs > 0 && l.tally.offers == 0)
        .cloned()
        .collect();
    unmet_aspects.sort_by_key(|l| std::cmp::Reverse(l.tally.needs));
    Gaps {
        areas: unmet,
        aspects: unmet_aspects,
        fragile,
    }
}

/// The organisations report: every organisation of at least [`FEWEST_PEOPLE`] members who
/// took up their place (`taken_up`), and one line for the rest (members of none, or of an organisation too small to be shown alone), with
/// help given and received.
pub fn organisation_lines(
    organisations: &[Organisation],
    taken_up: &[OrganisationCount],
    members: &[OrganisationCount],
    offers: &[OrganisationCount],
    needs: &[OrganisationCount],
    help: &[HelpBetween],
    only: Option<OrganisationId>,
) -> Vec<OrganisationLine> {
    // An organisation of fewer than FEWEST_PEOPLE members who took up their place is counted
    // with the members of none, so that no line is one or two people's own.
    let members_of = |id: Option<OrganisationId>| {
        taken_up
            .iter()
            .filter(|c| c.organisation_id == id)
            .map(|c| c.count)
            .sum::<u32>()
    };
    let shown = |id: Option<OrganisationId>| {
        id.filter(|_| usize::try_from(members_of(id)).is_ok_and(|m| m >= FEWEST_PEOPLE))
    };
    let count = |counts: &[OrganisationCount], id: Option<OrganisationId>| {
        counts
            .iter()
            .filter(|c| shown(c.organisation_id) == id)
            .map(|c| c.count)
            .sum::<u32>()
    };
    let sum = |keep: &dyn Fn(Option<OrganisationId>, Option<OrganisationId>) -> bool| {
        help.iter()
            .filter(|h| keep(shown(h.helper), shown(h.seeker)))
            .map(|h| h.completed)
            .sum::<u32>()
    };
    let rows = std::iter::once(None).chain(
        organisations
            .iter()
            .filter(|o| shown(Some(o.id)).is_some())
            .map(Some),
    );
    rows.filter(|o| only.is_none_or(|id| o.is_some_and(|o| o.id == id)))
        .map(|organisation| {
            let id = organisation.map(|o| o.id);
            OrganisationLine {
                organisation: organisation.cloned(),
                members: count(members, id),
                offers: count(offers, id),
                needs: count(needs, id),
                given: sum(&|helper, _| helper == id),
                received: sum(&|_, seeker| seeker == id),
                within: sum(&|helper, seeker| id.is_some() && helper == id && seeker == id),
                across: sum(&|helper, seeker| (helper == id) != (seeker == id)),
            }
        })
        .collect()
}

/// The requests report, from the counts by status and the median time to answer.
pub fn request_flow(
    counts: &[StatusCount<RequestStatus>],
    median_time_to_answer: Option<Duration>,
) -> RequestFlow {
    let of = |status| {
        counts
            .iter()
            .filter(|c| c.status == status)
            .map(|c| c.count)
            .sum::<u32>()
    };
    let total: u32 = counts.iter().map(|c| c.count).sum();
    let over = of(RequestStatus::Completed)
        + of(RequestStatus::Declined)
        + of(RequestStatus::Cancelled)
        + of(RequestStatus::Expired);
    let rate = |n: u32| (over > 0).then(|| f64::from(n) / f64::from(over));
    RequestFlow {
        total,
        by_status: RequestStatus::ALL
            .iter()
            .map(|s| StatusCount {
                status: *s,
                count: of(*s),
            })
            .collect(),
        median_time_to_answer,
        completion_rate: rate(of(RequestStatus::Completed)),
        expiry_rate: rate(of(RequestStatus::Expired)),
    }
}

/// The middle of `answered` times, given the times at ranks (the lower and upper middles).
pub fn median_ranks(answered: u32) -> Option<(u32, u32)> {
    (answered > 0).then(|| ((answered - 1) / 2, answered / 2))
}

/// The feedback report: every area rated, or with needs met.
pub fn feedback_lines(
    areas: &[Area],
    ratings: &[RatingCount],
    tallies: &[AreaTally],
) -> Vec<FeedbackLine> {
    areas
        .iter()
        .filter_map(|area| {
            let mut counts = [0u32; 5];
            for r in ratings.iter().filter(|r| r.area_id == area.id) {
                if let Some(slot) = counts.get_mut(usize::from(r.rating).wrapping_sub(1)) {
                    *slot += r.count;
                }
            }
            let needs_met = tallies
                .iter()
                .find(|t| t.area_id == area.id)
                .map_or(0, |t| t.needs_met);
            let rated: u32 = counts.iter().sum();
            let weighted: u32 = counts.iter().zip(1u32..).map(|(n, v)| n * v).sum();
            (rated > 0 || needs_met > 0).then(|| FeedbackLine {
                area: area.clone(),
                ratings: counts,
                mean: (rated > 0).then(|| f64::from(weighted) / f64::from(rated)),
                needs_met,
            })
        })
        .collect()
}

/// The trends report: every month with anything, in order.
pub fn month_lines(
    offers: &[MonthCount],
    needs: &[MonthCount],
    requests: &[MonthCount],
    members: &[MonthCount],
) -> Vec<MonthLine> {
    let mut months: BTreeMap<&str, MonthLine> = BTreeMap::new();
    type Field = fn(&mut MonthLine) -> &mut u32;
    let series: [(&[MonthCount], Field); 4] = [
        (offers, |l| &mut l.offers),
        (needs, |l| &mut l.needs),
        (requests, |l| &mut l.requests),
        (members, |l| &mut l.members),
    ];
    for (counts, field) in series {
        for c in counts {
            let line = months.entry(&c.month).or_insert_with(|| MonthLine {
                month: c.month.clone(),
                ..MonthLine::default()
            });
            *field(line) += c.count;
        }
    }
    months.into_values().collect()
}

/// The month of `at`, as reports name it: `YYYY-MM`, in UTC.
pub fn month_of(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!("{:04}-{:02}", at.year(), u8::from(at.month()))
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
