//! The group's reports for its admins: the overview, offers and needs by area, the gaps,
//! requests and trends, each drawn as a chart with its table, over a period and an
//! organisation, and each downloadable as CSV from the API.

use super::Pages;
use super::catalogue::Messages;
use super::charts::{BarChart, Row};
use super::groups::group_of;
use super::render::{Chrome, Problems, html};
use super::visit::{Failure, Shown, Visit};
use askama::Template;
use collaborate_core::ports::Environment;
use collaborate_core::reports::{
    AreaLine, HelperToThank, MonthLine, NeedsMetReport, Overview, PeerAssistsReport, Report,
    ReportFilter, ReportName, RequestFlow,
};
use collaborate_core::taxonomy::Organisation;
use collaborate_core::values::{AccountId, GroupId, InvalidValue, OrganisationId};
use poem::web::{Data, Path, Query};
use poem::{Request, Response, handler};
use serde::Deserialize;
use std::sync::Arc;
use time::Date;
use time::macros::format_description;

/// The period and organisation asked for.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Asked {
    from: String,
    to: String,
    organisation: String,
}

impl Asked {
    /// The filter asked for, or the fields that cannot be read.
    fn filter(&self) -> Result<ReportFilter, Vec<InvalidValue>> {
        let day = |raw: &str, field: &'static str| {
            Some(raw.trim())
                .filter(|r| !r.is_empty())
                .map(|r| {
                    Date::parse(r, format_description!("[year]-[month]-[day]"))
                        .map_err(|_| InvalidValue::new(field, "must be a date"))
                })
                .transpose()
        };
        let organisation = Some(self.organisation.trim())
            .filter(|o| !o.is_empty())
            .map(|o| OrganisationId::parse(o).map_err(|e| e.in_field("organisation")))
            .transpose();
        match (day(&self.from, "from"), day(&self.to, "to"), organisation) {
            (Ok(from), Ok(to), Ok(organisation_id)) => Ok(ReportFilter {
                from,
                to,
                organisation_id,
            }),
            (from, to, organisation) => Err([from.err(), to.err(), organisation.err()]
                .into_iter()
                .flatten()
                .collect()),
        }
    }

    /// The query string of this filter, for the CSV links.
    pub fn query(&self) -> String {
        let mut parts = Vec::new();
        for (name, value) in [
            ("from", &self.from),
            ("to", &self.to),
            ("organisation_id", &self.organisation),
        ] {
            if !value.trim().is_empty() {
                parts.push(format!("{name}={}", value.trim()));
            }
        }
        parts.join("&")
    }
}

#[derive(Template)]
#[template(path = "admin/reports.html")]
struct ReportsPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    asked: Asked,
    organisations: Vec<Organisation>,
    shown: Option<Figures>,
}

/// What the reports say, with their charts.
pub struct Figures {
    overview: Overview,
    areas: Vec<AreaLine>,
    areas_chart: BarChart,
    gaps: Vec<AreaLine>,
    flow: RequestFlow,
    flow_chart: BarChart,
    trends: Vec<MonthLine>,
    trends_chart: BarChart,
    peer_assists: PeerAssistsReport,
    needs_met: NeedsMetReport,
    thanks: Vec<HelperToThank>,
}

impl Figures {
    /// The median time to an answer, in whole hours, if any request was answered.
    pub fn median_hours(&self) -> Option<i64> {
        self.flow.median_time_to_answer.map(|d| d.whole_hours())
    }

    /// The share of requests completed, as a whole percentage.
    pub fn completion_percent(&self) -> Option<i64> {
        // A share is between 0 and 1, so the percentage fits.
        #[allow(clippy::cast_possible_truncation)]
        self.flow
            .completion_rate
            .map(|s| (s * 100.0).round() as i64)
    }
}

/// The reports page.
#[handler]
pub async fn show<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
    Query(asked): Query<Asked>,
) -> Response {
    let visit = pages.visit(request).await;
    visit.answer(reports_page(&pages, &visit, &group, asked).await)
}

async fn reports_page<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    asked: Asked,
) -> Shown {
    let (account, group) = (visit.account()?, group_of(group)?);
    pages.app.group_to_manage(account, group).await?;
    let organisations = pages.app.list_organisations(account, group).await?;
    let (shown, problems) = match asked.filter() {
        Ok(filter) => match read(pages, visit.t, (account, group), filter).await {
            Ok(shown) => (Some(shown), Problems::default()),
            Err(failure) => match failure.fields() {
                // The core refuses an organisation too small to report alone, by its id.
                Ok(refused) if refused.iter().any(|r| r.field() == "organisation_id") => {
                    let message = visit.t.m("reports-organisation-too-small");
                    (None, Problems::one("organisation", message))
                }
                Ok(refused) => (None, Problems::of_refused(visit.t, &refused)),
                Err(other) => return Err(other),
            },
        },
        Err(refused) => (None, Problems::of_refused(visit.t, &refused)),
    };
    let status = problems.status();
    let page = ReportsPage {
        page: visit.chrome_with("reports-title", problems),
        group,
        asked,
        organisations,
        shown,
    };
    Ok(html(status, &page))
}

async fn read<E: Environment>(
    pages: &Pages<E>,
    t: Messages<'_>,
    (account, group): (AccountId, GroupId),
    filter: ReportFilter,
) -> Result<Figures, Failure> {
    let report = |name| pages.app.report(account, group, name, filter);
    let (
        Report::Overview(overview),
        Report::Areas(areas),
        Report::Gaps(gaps),
        Report::Requests(flow),
        Report::Trends(trends),
        Report::PeerAssists(peer_assists),
        Report::Matching(needs_met),
        Report::Thanks(thanks),
    ) = (
        report(ReportName::Overview).await?,
        report(ReportName::Areas).await?,
        report(ReportName::Gaps).await?,
        report(ReportName::Requests).await?,
        report(ReportName::Trends).await?,
        report(ReportName::PeerAssists).await?,
        report(ReportName::Matching).await?,
        report(ReportName::Thanks).await?,
    )
    else {
        return Err(Failure::Core(collaborate_core::Error::NotFound("report")));
    };
    let areas_chart = BarChart::of(
        &areas
            .iter()
            .map(|a| Row {
                label: a.area.name.to_string(),
                values: vec![a.tally.offers, a.tally.needs],
            })
            .collect::<Vec<_>>(),
    );
    let flow_chart = BarChart::of(
        &flow
            .by_status
            .iter()
            .map(|s| Row {
                label: t.word("request", s.status.as_str()),
                values: vec![s.count],
            })
            .collect::<Vec<_>>(),
    );
    let trends_chart = BarChart::of(
        &trends
            .iter()
            .map(|m| Row {
                label: m.month.clone(),
                values: vec![m.offers, m.needs, m.requests],
            })
            .collect::<Vec<_>>(),
    );
    Ok(Figures {
        overview,
        areas,
        areas_chart,
        gaps: gaps.areas,
        flow,
        flow_chart,
        trends,
        trends_chart,
        peer_assists,
        needs_met,
        thanks,
    })
}
