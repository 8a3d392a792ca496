//! What the store counts for a report, and the port that counts it: per area, aspect,
//! organisation, status and month.

use super::*;

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

/// What a count by organisation counts, each by its member's organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrganisationCounted {
    /// Counted members.
    Members,
    /// Their counted offers.
    Offers,
    /// Their open needs.
    OpenNeeds,
    /// Members who have taken up their place (see [`takes_up_place`]), whatever the period:
    /// how big an organisation is.
    TakenUp,
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

    /// Counted members, their counted offers or their open needs, by the member's organisation.
    async fn by_organisation(
        &mut self,
        scope: &ReportScope,
        what: OrganisationCounted,
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

    /// The needs raised in the period by counted members (of the scope's organisation), per
    /// area and organisation: how many, how many are met, and how many of those a request
    /// linked to them met by its seeker's word (the earliest such answer, the best rating
    /// among them), with the time that took and the ratings.
    async fn needs_met(&mut self, scope: &ReportScope) -> Result<Vec<NeedsMetTally>, PortError>;

    /// Completed requests per helper of the scope's organisation (a counted member), for each
    /// helper with any.
    async fn help_given(&mut self, scope: &ReportScope) -> Result<Vec<HelpGiven>, PortError>;

    /// How many of `what` were made each month with any.
    async fn monthly(
        &mut self,
        scope: &ReportScope,
        what: Counted,
    ) -> Result<Vec<MonthCount>, PortError>;
}
