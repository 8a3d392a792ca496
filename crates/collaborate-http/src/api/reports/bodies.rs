//! The reports as JSON: one body per report, each line as the core makes it.

use super::*;

/// A report: `report` names it, and the one field of that name holds it.
#[derive(Debug, Object)]
pub struct ReportBody {
    /// Which report.
    pub report: String,
    /// The period's first day, if any.
    #[oai(nullable)]
    pub from: Option<String>,
    /// The period's last day, if any.
    #[oai(nullable)]
    pub to: Option<String>,
    /// The organisation looked at, if any.
    #[oai(nullable)]
    pub organisation_id: Option<String>,
    /// With `overview`.
    #[oai(skip_serializing_if_is_none)]
    pub overview: Option<OverviewBody>,
    /// With `areas`: every area.
    #[oai(skip_serializing_if_is_none)]
    pub areas: Option<Vec<AreaLineBody>>,
    /// With `aspects`: every aspect of every current area.
    #[oai(skip_serializing_if_is_none)]
    pub aspects: Option<Vec<AspectLineBody>>,
    /// With `organisations`: every organisation, and members of none.
    #[oai(skip_serializing_if_is_none)]
    pub organisations: Option<Vec<OrganisationLineBody>>,
    /// With `gaps`.
    #[oai(skip_serializing_if_is_none)]
    pub gaps: Option<GapsBody>,
    /// With `requests`.
    #[oai(skip_serializing_if_is_none)]
    pub requests: Option<RequestFlowBody>,
    /// With `reciprocity`: active members by whether they gave and received help.
    #[oai(skip_serializing_if_is_none)]
    pub reciprocity: Option<ReciprocityBody>,
    /// With `feedback`: every area rated or with needs met.
    #[oai(skip_serializing_if_is_none)]
    pub feedback: Option<Vec<FeedbackLineBody>>,
    /// With `trends`: every month with anything.
    #[oai(skip_serializing_if_is_none)]
    pub trends: Option<Vec<MonthLineBody>>,
    /// With `peer_assists`.
    #[oai(skip_serializing_if_is_none)]
    pub peer_assists: Option<PeerAssistsReportBody>,
    /// With `matching`.
    #[oai(skip_serializing_if_is_none)]
    pub matching: Option<NeedsMetReportBody>,
    /// With `thanks`: the helpers to thank, the most help completed first (at most ten, only
    /// those who agree to be named).
    #[oai(skip_serializing_if_is_none)]
    pub thanks: Option<Vec<HelperToThankBody>>,
}

/// A helper the admins may thank.
#[derive(Debug, Object)]
pub struct HelperToThankBody {
    /// The member.
    pub member_id: String,
    /// Their name in the group.
    pub display_name: String,
    /// Their organisation's name.
    #[oai(nullable)]
    pub organisation: Option<String>,
    /// Requests they completed as helper in the period.
    pub completed: u32,
}

impl From<&HelperToThank> for HelperToThankBody {
    fn from(h: &HelperToThank) -> Self {
        Self {
            member_id: h.member_id.to_string(),
            display_name: h.name.to_string(),
            organisation: h.organisation.as_ref().map(ToString::to_string),
            completed: h.completed,
        }
    }
}

/// What help achieved: of the needs raised in the period, how many were met, how many of them
/// through the exchange (their seeker said a request linked to them met them), how fast, and
/// how that help was rated.
#[derive(Debug, Object)]
pub struct NeedsMetReportBody {
    /// Every area with a need raised, by name.
    pub areas: Vec<NeedsMetLineBody>,
    /// Every organisation with a need raised, by name; members of none last, unnamed.
    pub organisations: Vec<NeedsMetLineBody>,
    /// The whole group; none when no need was raised.
    #[oai(nullable)]
    pub overall: Option<NeedsMetLineBody>,
}

/// One line of what help achieved.
#[derive(Debug, Object)]
pub struct NeedsMetLineBody {
    /// The area or organisation; none for members of no organisation, or the whole group.
    #[oai(nullable)]
    pub name: Option<String>,
    /// Needs raised.
    pub raised: u32,
    /// Needs met.
    pub met: u32,
    /// Needs met through the exchange.
    pub met_through_exchange: u32,
    /// The share of the needs raised that are met, in whole percent.
    #[oai(nullable)]
    pub percent_met: Option<u32>,
    /// Mean days from a need raised to its seeker saying the help met it.
    #[oai(nullable)]
    pub mean_days_to_met: Option<f64>,
    /// Mean rating of the help that met them.
    #[oai(nullable)]
    pub mean_rating: Option<f64>,
}

impl From<&collaborate_core::reports::NeedsMetLine> for NeedsMetLineBody {
    fn from(l: &collaborate_core::reports::NeedsMetLine) -> Self {
        Self {
            name: l.name.as_ref().map(ToString::to_string),
            raised: l.raised,
            met: l.met,
            met_through_exchange: l.through_exchange,
            percent_met: l.share_met(),
            mean_days_to_met: l.mean_days_to_met,
            mean_rating: l.mean_rating,
        }
    }
}

impl From<&collaborate_core::reports::NeedsMetReport> for NeedsMetReportBody {
    fn from(r: &collaborate_core::reports::NeedsMetReport) -> Self {
        Self {
            areas: r.areas.iter().map(NeedsMetLineBody::from).collect(),
            organisations: r.organisations.iter().map(NeedsMetLineBody::from).collect(),
            overall: r.overall.as_ref().map(NeedsMetLineBody::from),
        }
    }
}

/// The Peer Assists convened in the period: where they stand, per area, their actions, whom
/// they reached and their lessons.
#[derive(Debug, Object)]
pub struct PeerAssistsReportBody {
    /// How many stand in each status now, every status in lifecycle order.
    pub by_status: Vec<StatusCountBody>,
    /// Per area: those wanting it, those of them held, their lessons.
    pub areas: Vec<PeerAssistAreaLineBody>,
    /// The actions agreed at them.
    pub actions: ActionTallyBody,
    /// Members who took part in one held (convenor, facilitator, participants who accepted),
    /// each once.
    pub people: u32,
    /// The organisations those people come from, each once.
    pub organisations: u32,
    /// Lessons published from them.
    pub lessons: u32,
}

/// How many stand in one status.
#[derive(Debug, Object)]
pub struct StatusCountBody {
    /// The status.
    pub status: String,
    /// How many.
    pub count: u32,
}

/// One area in the Peer Assists report.
#[derive(Debug, Object)]
pub struct PeerAssistAreaLineBody {
    /// The area's id.
    pub area_id: String,
    /// Its name.
    pub area: String,
    /// Peer Assists wanting peers of it.
    pub convened: u32,
    /// Of those, the ones held.
    pub held: u32,
    /// Lessons of it published.
    pub lessons: u32,
}

/// The actions agreed at Peer Assists, by where they stand.
#[derive(Debug, Object)]
pub struct ActionTallyBody {
    /// Still to do.
    pub open: u32,
    /// Of the open ones, past their due date.
    pub overdue: u32,
    /// Done.
    pub done: u32,
    /// Given up.
    pub dropped: u32,
}

impl From<&PeerAssistsReport> for PeerAssistsReportBody {
    fn from(r: &PeerAssistsReport) -> Self {
        let a = r.actions;
        Self {
            by_status: r
                .by_status
                .iter()
                .map(|(status, count)| StatusCountBody {
                    status: status.as_str().to_owned(),
                    count: *count,
                })
                .collect(),
            areas: all(&r.areas),
            actions: ActionTallyBody {
                open: a.open,
                overdue: a.overdue,
                done: a.done,
                dropped: a.dropped,
            },
            people: r.people,
            organisations: r.organisations,
            lessons: r.lessons,
        }
    }
}

impl From<&PeerAssistAreaLine> for PeerAssistAreaLineBody {
    fn from(l: &PeerAssistAreaLine) -> Self {
        Self {
            area_id: l.area.id.to_string(),
            area: l.area.name.to_string(),
            convened: l.convened,
            held: l.held,
            lessons: l.lessons,
        }
    }
}

/// The group at a glance.
#[derive(Debug, Object)]
pub struct OverviewBody {
    /// Active members.
    pub members_active: u32,
    /// Members pre-loaded who have not taken up their place.
    pub members_invited: u32,
    /// Suspended members.
    pub members_suspended: u32,
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
    /// Needs raised in the period, whatever became of them.
    pub needs_raised: u32,
    /// Of those, the needs met now.
    pub needs_raised_met: u32,
    /// The share of the needs raised that are met, in whole percent; `null` when none was raised.
    #[oai(nullable)]
    pub needs_raised_met_percent: Option<u32>,
}

/// One area.
#[derive(Debug, Object)]
pub struct AreaLineBody {
    /// The area.
    pub area_id: String,
    /// Its name.
    pub area: String,
    /// Whether it is archived.
    pub archived: bool,
    /// Active offers.
    pub offers: u32,
    /// Distinct people offering.
    pub helpers: u32,
    /// Open needs.
    pub needs: u32,
    /// Needs met.
    pub needs_met: u32,
    /// Needs per offer; `null` when nothing is offered.
    #[oai(nullable)]
    pub shortage: Option<f64>,
}

/// One aspect of an area.
#[derive(Debug, Object)]
pub struct AspectLineBody {
    /// The area.
    pub area_id: String,
    /// Its name.
    pub area: String,
    /// The aspect.
    pub aspect: String,
    /// Active offers naming it.
    pub offers: u32,
    /// Open needs naming it.
    pub needs: u32,
    /// Needs per offer; `null` when nothing is offered.
    #[oai(nullable)]
    pub shortage: Option<f64>,
}

/// One organisation.
#[derive(Debug, Object)]
pub struct OrganisationLineBody {
    /// The organisation; `null` for members of none, counted together with the members of
    /// organisations of fewer than three, which are never shown alone.
    #[oai(nullable)]
    pub organisation_id: Option<String>,
    /// Its name.
    #[oai(nullable)]
    pub organisation: Option<String>,
    /// Members.
    pub members: u32,
    /// Active offers.
    pub offers: u32,
    /// Open needs.
    pub needs: u32,
    /// Completed requests its members helped with.
    pub given: u32,
    /// Completed requests its members were helped in.
    pub received: u32,
    /// Completed requests with both sides in it.
    pub within: u32,
    /// Completed requests with one side in it.
    pub across: u32,
}

/// Gaps in provision.
#[derive(Debug, Object)]
pub struct GapsBody {
    /// Areas needed that nobody offers, most needed first.
    pub areas: Vec<AreaLineBody>,
    /// Aspects needed that no offer names, most needed first.
    pub aspects: Vec<AspectLineBody>,
    /// Areas offered by one or two people only, most needed first.
    pub fragile: Vec<AreaLineBody>,
}

/// The flow of requests.
#[derive(Debug, Object)]
pub struct RequestFlowBody {
    /// Requests sent.
    pub total: u32,
    /// Pending (and not yet expired).
    pub pending: u32,
    /// Accepted.
    pub accepted: u32,
    /// Completed.
    pub completed: u32,
    /// Declined.
    pub declined: u32,
    /// Cancelled.
    pub cancelled: u32,
    /// Expired.
    pub expired: u32,
    /// Median hours from a request to the helper's answer.
    #[oai(nullable)]
    pub median_hours_to_answer: Option<f64>,
    /// Completed among the requests that are over.
    #[oai(nullable)]
    pub completion_rate: Option<f64>,
    /// Expired among the requests that are over.
    #[oai(nullable)]
    pub expiry_rate: Option<f64>,
}

/// Active members by whether they gave and received help.
#[derive(Debug, Object)]
pub struct ReciprocityBody {
    /// Gave and received.
    pub both: u32,
    /// Gave only.
    pub gave_only: u32,
    /// Received only.
    pub received_only: u32,
    /// Neither.
    pub neither: u32,
}

/// Feedback on one area.
#[derive(Debug, Object)]
pub struct FeedbackLineBody {
    /// The area.
    pub area_id: String,
    /// Its name.
    pub area: String,
    /// How many ratings of 1, 2, 3, 4 and 5.
    pub ratings: Vec<u32>,
    /// Their mean.
    #[oai(nullable)]
    pub mean: Option<f64>,
    /// Needs met.
    pub needs_met: u32,
}

/// One month.
#[derive(Debug, Object)]
pub struct MonthLineBody {
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

fn members(overview: &Overview, status: MemberStatus) -> u32 {
    overview
        .members
        .iter()
        .filter(|c| c.status == status)
        .map(|c| c.count)
        .sum()
}

fn requests_of(flow: &RequestFlow, status: RequestStatus) -> u32 {
    flow.by_status
        .iter()
        .filter(|c| c.status == status)
        .map(|c| c.count)
        .sum()
}

fn hours(duration: time::Duration) -> f64 {
    duration.as_seconds_f64() / 3600.0
}

impl From<&Overview> for OverviewBody {
    fn from(o: &Overview) -> Self {
        Self {
            members_active: members(o, MemberStatus::Active),
            members_invited: members(o, MemberStatus::Invited),
            members_suspended: members(o, MemberStatus::Suspended),
            contributors: o.contributors,
            offers: o.offers,
            needs: o.needs,
            needs_met: o.needs_met,
            requests: o.requests,
            completed: o.completed,
            gaps: o.gaps,
            fragile: o.fragile,
            needs_raised: o.needs_raised,
            needs_raised_met: o.raised_met,
            needs_raised_met_percent: o.share_of_raised_met(),
        }
    }
}

impl From<&AreaLine> for AreaLineBody {
    fn from(l: &AreaLine) -> Self {
        Self {
            area_id: l.area.id.to_string(),
            area: l.area.name.to_string(),
            archived: l.area.archived,
            offers: l.tally.offers,
            helpers: l.tally.helpers,
            needs: l.tally.needs,
            needs_met: l.tally.needs_met,
            shortage: l.shortage,
        }
    }
}

impl From<&AspectLine> for AspectLineBody {
    fn from(l: &AspectLine) -> Self {
        Self {
            area_id: l.area.id.to_string(),
            area: l.area.name.to_string(),
            aspect: l.tally.aspect.to_string(),
            offers: l.tally.offers,
            needs: l.tally.needs,
            shortage: l.shortage,
        }
    }
}

impl From<&OrganisationLine> for OrganisationLineBody {
    fn from(l: &OrganisationLine) -> Self {
        Self {
            organisation_id: l.organisation.as_ref().map(|o| o.id.to_string()),
            organisation: l.organisation.as_ref().map(|o| o.name.to_string()),
            members: l.members,
            offers: l.offers,
            needs: l.needs,
            given: l.given,
            received: l.received,
            within: l.within,
            across: l.across,
        }
    }
}

impl From<&RequestFlow> for RequestFlowBody {
    fn from(f: &RequestFlow) -> Self {
        Self {
            total: f.total,
            pending: requests_of(f, RequestStatus::Pending),
            accepted: requests_of(f, RequestStatus::Accepted),
            completed: requests_of(f, RequestStatus::Completed),
            declined: requests_of(f, RequestStatus::Declined),
            cancelled: requests_of(f, RequestStatus::Cancelled),
            expired: requests_of(f, RequestStatus::Expired),
            median_hours_to_answer: f.median_time_to_answer.map(hours),
            completion_rate: f.completion_rate,
            expiry_rate: f.expiry_rate,
        }
    }
}

impl From<&Reciprocity> for ReciprocityBody {
    fn from(r: &Reciprocity) -> Self {
        Self {
            both: r.both,
            gave_only: r.gave_only,
            received_only: r.received_only,
            neither: r.neither,
        }
    }
}

impl From<&FeedbackLine> for FeedbackLineBody {
    fn from(l: &FeedbackLine) -> Self {
        Self {
            area_id: l.area.id.to_string(),
            area: l.area.name.to_string(),
            ratings: l.ratings.to_vec(),
            mean: l.mean,
            needs_met: l.needs_met,
        }
    }
}

impl From<&MonthLine> for MonthLineBody {
    fn from(l: &MonthLine) -> Self {
        Self {
            month: l.month.clone(),
            offers: l.offers,
            needs: l.needs,
            requests: l.requests,
            members: l.members,
        }
    }
}

fn all<'a, T: 'a, B: From<&'a T>>(lines: &'a [T]) -> Vec<B> {
    lines.iter().map(B::from).collect()
}

impl ReportBody {
    pub(super) fn of(name: ReportName, filter: &ReportFilter, report: &Report) -> Self {
        let mut body = Self {
            report: name.as_str().to_owned(),
            from: filter.from.map(|d| d.to_string()),
            to: filter.to.map(|d| d.to_string()),
            organisation_id: filter.organisation_id.map(|o| o.to_string()),
            overview: None,
            areas: None,
            aspects: None,
            organisations: None,
            gaps: None,
            requests: None,
            reciprocity: None,
            feedback: None,
            trends: None,
            peer_assists: None,
            matching: None,
            thanks: None,
        };
        match report {
            Report::Overview(o) => body.overview = Some(o.into()),
            Report::Areas(lines) => body.areas = Some(all(lines)),
            Report::Aspects(lines) => body.aspects = Some(all(lines)),
            Report::Organisations(lines) => body.organisations = Some(all(lines)),
            Report::Gaps(g) => {
                body.gaps = Some(GapsBody {
                    areas: all(&g.areas),
                    aspects: all(&g.aspects),
                    fragile: all(&g.fragile),
                });
            }
            Report::Requests(f) => body.requests = Some(f.into()),
            Report::Reciprocity(r) => body.reciprocity = Some(r.into()),
            Report::Feedback(lines) => body.feedback = Some(all(lines)),
            Report::Trends(lines) => body.trends = Some(all(lines)),
            Report::PeerAssists(r) => body.peer_assists = Some(r.into()),
            Report::Matching(r) => body.matching = Some(r.into()),
            Report::Thanks(helpers) => body.thanks = Some(all(helpers)),
        }
        body
    }
}
