//! The back office's reports (admins), each made from a store's tallies on one snapshot.

use crate::app::{Clearance, Collaborate, every_page, membership};
use crate::capacity::{CapacityMap, capacity_map};
use crate::error::Result;
use crate::groups::{Groups as _, MemberFilter};
use crate::offers::OffersAndNeeds as _;
use crate::paging::{Page, PageRequest};
use crate::peer_assists::{PeerAssist, PeerAssistFilter};
use crate::ports::{Clock, Environment, Transaction};
use crate::reports::{
    Counted, HELPERS_TO_THANK, HelperToThank, OrganisationCount, OrganisationCounted, Overview,
    PeerAssistsReport, Report, ReportFilter, ReportName, ReportScope, Reports as _, area_lines,
    aspect_lines, check_organisation_size, feedback_lines, gaps, may_be_thanked, median_ranks,
    month_lines, most_help_first, needs_met_report, organisation_lines, peer_assist_report,
    request_flow,
};
use crate::taxonomy::Taxonomy as _;
use crate::values::{AccountId, AreaId, GroupId, InvalidValue, Limit, MemberId, RequestStatus};
use std::collections::{BTreeMap, BTreeSet};

impl<E: Environment> Collaborate<E> {
    /// One of the group's reports (admins), over `filter`'s period and organisation. Every
    /// tally is read in one read transaction: one consistent snapshot of the group.
    ///
    /// # Errors
    /// [`crate::Error::Invalid`] for a period that runs backwards or an organisation of another
    /// group; the errors of [`membership`].
    #[tracing::instrument(skip_all, fields(report = name.as_str()))]
    pub async fn report(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        name: ReportName,
        filter: ReportFilter,
    ) -> Result<Report> {
        filter.check()?;
        let mut tx = self.read().await?;
        let (group, _) = membership(&mut tx, group_id, account_id, Clearance::Admin).await?;
        if let Some(organisation) = filter.organisation_id {
            tx.organisation(group_id, organisation)
                .await?
                .ok_or_else(|| {
                    InvalidValue::new("organisation_id", "is not an organisation of this group")
                })?;
            let members = taken_up_by_organisation(&mut tx, group_id, self.clock.now())
                .await?
                .iter()
                .filter(|c| c.organisation_id == Some(organisation))
                .map(|c| c.count)
                .sum();
            check_organisation_size(members)?;
        }
        let scope = ReportScope::of(group_id, &filter, self.clock.now());
        let min_offers = group.settings.min_offers.get();
        Ok(match name {
            ReportName::Overview => Report::Overview(overview(&mut tx, &scope, min_offers).await?),
            ReportName::Areas => {
                let areas = tx.areas(group_id).await?;
                Report::Areas(area_lines(&areas, &tx.area_tallies(&scope).await?))
            }
            ReportName::Aspects => {
                let areas = tx.areas(group_id).await?;
                Report::Aspects(aspect_lines(&areas, &tx.aspect_tallies(&scope).await?))
            }
            ReportName::Organisations => Report::Organisations(organisation_lines(
                &tx.organisations(group_id).await?,
                &taken_up_by_organisation(&mut tx, group_id, self.clock.now()).await?,
                &tx.by_organisation(&scope, OrganisationCounted::Members)
                    .await?,
                &tx.by_organisation(&scope, OrganisationCounted::Offers)
                    .await?,
                &tx.by_organisation(&scope, OrganisationCounted::OpenNeeds)
                    .await?,
                &tx.help_between(&scope).await?,
                filter.organisation_id,
            )),
            ReportName::Gaps => {
                let areas = tx.areas(group_id).await?;
                let by_area = area_lines(&areas, &tx.area_tallies(&scope).await?);
                let by_aspect = aspect_lines(&areas, &tx.aspect_tallies(&scope).await?);
                Report::Gaps(gaps(&by_area, &by_aspect))
            }
            ReportName::Requests => {
                let counts = tx.requests_by_status(&scope).await?;
                let median = median_time_to_answer(&mut tx, &scope).await?;
                Report::Requests(request_flow(&counts, median))
            }
            ReportName::Reciprocity => Report::Reciprocity(tx.reciprocity(&scope).await?),
            ReportName::Feedback => Report::Feedback(feedback_lines(
                &tx.areas(group_id).await?,
                &tx.ratings(&scope).await?,
                &tx.area_tallies(&scope).await?,
            )),
            ReportName::Trends => Report::Trends(month_lines(
                &tx.monthly(&scope, Counted::Offers).await?,
                &tx.monthly(&scope, Counted::Needs).await?,
                &tx.monthly(&scope, Counted::Requests).await?,
                &tx.monthly(&scope, Counted::Members).await?,
            )),
            ReportName::PeerAssists => Report::PeerAssists(peer_assists(&mut tx, &scope).await?),
            ReportName::Matching => Report::Matching(needs_met_report(
                &tx.areas(group_id).await?,
                &tx.organisations(group_id).await?,
                &tx.needs_met(&scope).await?,
            )),
            ReportName::Thanks => Report::Thanks(helpers_to_thank(&mut tx, &scope).await?),
        })
    }
}

/// The Peer Assists report, from every Peer Assist and lesson of the group (a few hundred, where
/// members are many thousands) and the organisations of the people in them.
async fn peer_assists<T: Transaction>(
    tx: &mut T,
    scope: &ReportScope,
) -> Result<PeerAssistsReport> {
    let group_id = scope.group_id;
    let all = PeerAssistFilter::default();
    let peer_assists: Vec<_> = every_page!(page => tx.peer_assists(group_id, &all, page));
    let every_area = BTreeSet::new();
    let lessons: Vec<_> = every_page!(page => tx.lessons(group_id, &every_area, page));
    let mut organisation_of = BTreeMap::new();
    for id in peer_assists.iter().flat_map(PeerAssist::people) {
        if let std::collections::btree_map::Entry::Vacant(entry) = organisation_of.entry(id) {
            let member = tx.member(group_id, id).await?;
            entry.insert(member.and_then(|m| m.profile.organisation_id));
        }
    }
    Ok(peer_assist_report(
        scope,
        &tx.areas(group_id).await?,
        &peer_assists,
        &lessons,
        &organisation_of,
    ))
}

/// The helpers to thank, the most help first, passing over those who may not be named, at
/// most [`HELPERS_TO_THANK`].
async fn helpers_to_thank<T: Transaction>(
    tx: &mut T,
    scope: &ReportScope,
) -> Result<Vec<HelperToThank>> {
    let organisations: BTreeMap<_, _> = tx
        .organisations(scope.group_id)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut named = Vec::new();
    for given in most_help_first(tx.help_given(scope).await?) {
        if named.len() == HELPERS_TO_THANK {
            break;
        }
        let Some(member) = tx.member(scope.group_id, given.member_id).await? else {
            continue;
        };
        if may_be_thanked(&member) {
            named.push(HelperToThank {
                member_id: member.id,
                organisation: member
                    .profile
                    .organisation_id
                    .and_then(|o| organisations.get(&o).cloned()),
                name: member.profile.display_name,
                completed: given.completed,
            });
        }
    }
    Ok(named)
}

async fn overview<T: crate::ports::Transaction>(
    tx: &mut T,
    scope: &ReportScope,
    min_offers: u32,
) -> Result<Overview> {
    let areas = tx.areas(scope.group_id).await?;
    let by_area = area_lines(&areas, &tx.area_tallies(scope).await?);
    let found = gaps(&by_area, &[]);
    let requests = request_flow(&tx.requests_by_status(scope).await?, None);
    let sum = |f: fn(&crate::reports::AreaLine) -> u32| by_area.iter().map(f).sum::<u32>();
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let raised = tx.needs_met(scope).await?;
    Ok(Overview {
        needs_raised: raised.iter().map(|t| t.raised).sum(),
        raised_met: raised.iter().map(|t| t.met).sum(),
        members: tx.members_by_status(scope).await?,
        contributors: tx.contributors(scope, min_offers).await?,
        offers: sum(|l| l.tally.offers),
        needs: sum(|l| l.tally.needs),
        needs_met: sum(|l| l.tally.needs_met),
        requests: requests.total,
        completed: requests
            .by_status
            .iter()
            .find(|c| c.status == RequestStatus::Completed)
            .map_or(0, |c| c.count),
        gaps: count(found.areas.len()),
        fragile: count(found.fragile.len()),
    })
}

/// The median of the answered requests' times to answer: the mean of the two middle ones.
async fn median_time_to_answer<T: crate::reports::Reports>(
    tx: &mut T,
    scope: &ReportScope,
) -> Result<Option<time::Duration>> {
    let Some((lower, upper)) = median_ranks(tx.answered(scope).await?) else {
        return Ok(None);
    };
    let (Some(a), Some(b)) = (
        tx.answer_time_at(scope, lower).await?,
        tx.answer_time_at(scope, upper).await?,
    ) else {
        return Ok(None);
    };
    Ok(Some((a + b) / 2))
}

impl<E: Environment> Collaborate<E> {
    /// The map of the group's capacity (admins): its visible offers and counted needs, of one
    /// area or all, by cell of a coarse grid, a cell shown only when enough people share it.
    /// Read on one snapshot, a page of members at a time.
    ///
    /// # Errors
    /// [`crate::Error::Invalid`] for an area of another group; the errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn capacity_map(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        area: Option<AreaId>,
    ) -> Result<CapacityMap> {
        let mut tx = self.read().await?;
        membership(&mut tx, group_id, account_id, Clearance::Admin).await?;
        if let Some(area) = area {
            tx.area(group_id, area)
                .await?
                .ok_or_else(|| InvalidValue::new("area_id", "is not an area of this group"))?;
        }
        let (mut members, mut offers, mut needs) = (Vec::new(), Vec::new(), Vec::new());
        let mut after = None;
        loop {
            let request = PageRequest {
                limit: Limit::new(500)?,
                after,
            };
            let fetched = tx
                .members(group_id, &MemberFilter::default(), request)
                .await?;
            let page = Page::from_fetched(fetched, &request, |m| m.id.as_uuid());
            let ids: Vec<MemberId> = page.items.iter().map(|m| m.id).collect();
            offers.extend(tx.offers_of_members(group_id, &ids).await?);
            needs.extend(tx.needs_of_members(group_id, &ids).await?);
            members.extend(page.items);
            match page.next_cursor {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        Ok(capacity_map(&members, &offers, &needs, area))
    }
}

/// How many members of each organisation have taken up their place (active or suspended): the
/// people a report of it would describe. Pre-loaded profiles nobody has claimed are not people
/// yet, so they cannot make an organisation large enough to hide one person in.
async fn taken_up_by_organisation<T: Transaction>(
    tx: &mut T,
    group_id: GroupId,
    now: time::OffsetDateTime,
) -> Result<Vec<OrganisationCount>> {
    let whole_group = ReportScope::of(group_id, &ReportFilter::default(), now);
    Ok(tx
        .by_organisation(&whole_group, OrganisationCounted::TakenUp)
        .await?)
}
