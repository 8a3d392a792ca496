//! Each report's lines, made from the store's counts and the group's areas: what is offered
//! and needed, where help is short or fragile, how requests flow, what people said.

use super::*;

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
    /// Needs raised in the period, whatever became of them.
    pub needs_raised: u32,
    /// Of those, the needs met now.
    pub raised_met: u32,
    /// Requests sent.
    pub requests: u32,
    /// Requests completed.
    pub completed: u32,
    /// Areas with needs and no offer.
    pub gaps: u32,
    /// Areas offered by one or two people only.
    pub fragile: u32,
}

impl Overview {
    /// The share of the needs raised in the period that are met now, in whole percent.
    pub fn share_of_raised_met(&self) -> Option<u32> {
        super::percent(self.raised_met, self.needs_raised)
    }
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
    /// See [`ReportName::PeerAssists`].
    PeerAssists(PeerAssistsReport),
    /// What help achieved.
    Matching(super::NeedsMetReport),
    /// See [`ReportName::Thanks`].
    Thanks(Vec<super::HelperToThank>),
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
