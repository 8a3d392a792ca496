//! The back office's reports (admins), as JSON or as a CSV download.

use super::Tag;
use super::shared::{Answer, Context};
use crate::auth::Credentials;
use crate::tables::{Table, csv_of};
use collaborate_core::ports::Environment;
use collaborate_core::reports::{
    AreaLine, AspectLine, FeedbackLine, MonthLine, OrganisationLine, Overview, Reciprocity, Report,
    ReportFilter, ReportName, RequestFlow,
};
use collaborate_core::values::{InvalidValue, MemberStatus, OrganisationId, RequestStatus};
use poem::{IntoResponse, Response};
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::{Json, Payload, PlainText};
use poem_openapi::registry::{MetaMediaType, MetaResponse, MetaResponses, MetaSchema, Registry};
use poem_openapi::types::Type;
use poem_openapi::{ApiResponse, Object, OpenApi};
use time::Date;
use time::macros::format_description;

/// The operations of the reports.
pub struct ReportsApi<E: Environment>(pub(super) Context<E>);

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Reports")]
impl<E: Environment> ReportsApi<E> {
    /// One of the group's reports (admins): `overview`, `areas`, `aspects`, `organisations`,
    /// `gaps`, `requests`, `reciprocity`, `feedback` or `trends`; over a period of days and one
    /// organisation if asked. `format=csv` answers the CSV file of `getReportCsv` instead, for
    /// links in the web pages; a client asks `getReportCsv`.
    #[oai(
        path = "/groups/:group_id/reports/:name",
        method = "get",
        operation_id = "getReport"
    )]
    #[allow(clippy::too_many_arguments)]
    async fn report(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        /// Which report.
        #[oai(validator(
            pattern = "^(overview|areas|aspects|organisations|gaps|requests|reciprocity|feedback|trends)$"
        ))]
        name: Path<String>,
        /// From this day on (`YYYY-MM-DD`), by when things were made.
        from: Query<Option<String>>,
        /// Up to and including this day (`YYYY-MM-DD`).
        to: Query<Option<String>>,
        /// Only this organisation's members (for requests: either side).
        organisation_id: Query<Option<String>>,
        /// `json` (the default) or `csv` (the file `getReportCsv` answers).
        #[oai(deprecated, validator(pattern = "^(json|csv)$"))]
        format: Query<Option<String>>,
    ) -> Answer<ReportAnswer> {
        let filter = Filter {
            from: from.0,
            to: to.0,
            organisation_id: organisation_id.0,
        };
        let (name, filter, report) = self.made(&auth, &group_id, &name, filter).await?;
        Ok(if format.0.as_deref() == Some("csv") {
            ReportAnswer::Csv {
                name: name.as_str(),
                text: csv_of(&table_of(&report)),
            }
        } else {
            ReportAnswer::Json(Json(Box::new(ReportBody::of(name, &filter, &report))))
        })
    }

    /// One of the group's reports as a CSV file (admins), the same reports and filters as
    /// `getReport`: UTF-8 with a byte-order mark, cells that could start a formula neutralised.
    #[oai(
        path = "/groups/:group_id/reports/:name/csv",
        method = "get",
        operation_id = "getReportCsv"
    )]
    async fn report_csv(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        /// Which report.
        #[oai(validator(
            pattern = "^(overview|areas|aspects|organisations|gaps|requests|reciprocity|feedback|trends)$"
        ))]
        name: Path<String>,
        /// From this day on (`YYYY-MM-DD`), by when things were made.
        from: Query<Option<String>>,
        /// Up to and including this day (`YYYY-MM-DD`).
        to: Query<Option<String>>,
        /// Only this organisation's members (for requests: either side).
        organisation_id: Query<Option<String>>,
    ) -> Answer<ReportCsv> {
        let filter = Filter {
            from: from.0,
            to: to.0,
            organisation_id: organisation_id.0,
        };
        let (name, _, report) = self.made(&auth, &group_id, &name, filter).await?;
        Ok(ReportCsv::Csv(
            PlainText(csv_of(&table_of(&report))),
            format!("attachment; filename=\"{}.csv\"", name.as_str()),
        ))
    }
}

/// A report's filters as asked, not yet read.
struct Filter {
    from: Option<String>,
    to: Option<String>,
    organisation_id: Option<String>,
}

impl<E: Environment> ReportsApi<E> {
    /// The report `name` of the group, filtered, for the caller.
    async fn made(
        &self,
        auth: &Credentials,
        group_id: &str,
        name: &str,
        filter: Filter,
    ) -> Answer<(ReportName, ReportFilter, Report)> {
        let (account, group) = self.0.in_group(auth, group_id).await?;
        let name = ReportName::parse(name)?;
        let filter = ReportFilter {
            from: day(filter.from.as_deref(), "from")?,
            to: day(filter.to.as_deref(), "to")?,
            organisation_id: filter
                .organisation_id
                .as_deref()
                .map(|o| OrganisationId::parse(o).map_err(|e| e.in_field("organisation_id")))
                .transpose()?,
        };
        let report = self.0.app.report(account, group, name, filter).await?;
        Ok((name, filter, report))
    }
}

/// A report's CSV file.
#[derive(Debug, ApiResponse)]
pub enum ReportCsv {
    /// The report as a table, named after it.
    #[oai(status = 200, content_type = "text/csv; charset=utf-8")]
    Csv(
        PlainText<String>,
        #[oai(header = "Content-Disposition")] String,
    ),
}

fn day(raw: Option<&str>, field: &'static str) -> Answer<Option<Date>> {
    raw.map(|r| {
        Date::parse(r, format_description!("[year]-[month]-[day]"))
            .map_err(|_| InvalidValue::new(field, "must be a day such as 2026-11-24").into())
    })
    .transpose()
}

/// A report as JSON, or as a CSV file.
pub enum ReportAnswer {
    /// JSON.
    Json(Json<Box<ReportBody>>),
    /// CSV, named after the report.
    Csv {
        /// The report's name.
        name: &'static str,
        /// The file.
        text: String,
    },
}

impl IntoResponse for ReportAnswer {
    fn into_response(self) -> Response {
        match self {
            Self::Json(json) => json.into_response(),
            Self::Csv { name, text } => Response::builder()
                .content_type("text/csv; charset=utf-8")
                .header(
                    "Content-Disposition",
                    format!("attachment; filename=\"{name}.csv\""),
                )
                .body(text),
        }
    }
}

impl ApiResponse for ReportAnswer {
    fn meta() -> MetaResponses {
        MetaResponses {
            responses: vec![MetaResponse {
                description: "The report: JSON, or with `format=csv` the CSV file of `getReportCsv`",
                status: Some(200),
                status_range: None,
                content: vec![
                    MetaMediaType {
                        content_type: Json::<Box<ReportBody>>::CONTENT_TYPE,
                        schema: ReportBody::schema_ref(),
                    },
                    MetaMediaType {
                        content_type: "text/csv; charset=utf-8",
                        schema: poem_openapi::registry::MetaSchemaRef::Inline(Box::new(
                            MetaSchema::new("string"),
                        )),
                    },
                ],
                headers: vec![],
            }],
        }
    }

    fn register(registry: &mut Registry) {
        ReportBody::register(registry);
    }
}

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
    fn of(name: ReportName, filter: &ReportFilter, report: &Report) -> Self {
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
        }
        body
    }
}

/// A report as a table: one header row, then its lines.
pub fn table_of(report: &Report) -> Table {
    let count = |n: u32| n.to_string();
    let ratio = |r: Option<f64>| r.map(|r| format!("{r:.2}")).unwrap_or_default();
    match report {
        Report::Overview(o) => {
            let b = OverviewBody::from(o);
            Table::pairs(&[
                ("members_active", b.members_active),
                ("members_invited", b.members_invited),
                ("members_suspended", b.members_suspended),
                ("contributors", b.contributors),
                ("offers", b.offers),
                ("needs", b.needs),
                ("needs_met", b.needs_met),
                ("requests", b.requests),
                ("completed", b.completed),
                ("gaps", b.gaps),
                ("fragile", b.fragile),
            ])
        }
        Report::Areas(lines) => Table::new(
            &[
                "area",
                "archived",
                "offers",
                "helpers",
                "needs",
                "needs_met",
                "shortage",
            ],
            lines.iter().map(|l| {
                vec![
                    l.area.name.to_string(),
                    l.area.archived.to_string(),
                    count(l.tally.offers),
                    count(l.tally.helpers),
                    count(l.tally.needs),
                    count(l.tally.needs_met),
                    ratio(l.shortage),
                ]
            }),
        ),
        Report::Aspects(lines) => Table::new(
            &["area", "aspect", "offers", "needs", "shortage"],
            lines.iter().map(|l| {
                vec![
                    l.area.name.to_string(),
                    l.tally.aspect.to_string(),
                    count(l.tally.offers),
                    count(l.tally.needs),
                    ratio(l.shortage),
                ]
            }),
        ),
        Report::Organisations(lines) => Table::new(
            &[
                "organisation",
                "members",
                "offers",
                "needs",
                "given",
                "received",
                "within",
                "across",
            ],
            lines.iter().map(|l| {
                vec![
                    l.organisation
                        .as_ref()
                        .map_or_else(|| "(none)".to_owned(), |o| o.name.to_string()),
                    count(l.members),
                    count(l.offers),
                    count(l.needs),
                    count(l.given),
                    count(l.received),
                    count(l.within),
                    count(l.across),
                ]
            }),
        ),
        Report::Gaps(g) => {
            let areas = |kind: &'static str, lines: &[AreaLine]| {
                lines
                    .iter()
                    .map(move |l| {
                        vec![
                            kind.to_owned(),
                            l.area.name.to_string(),
                            String::new(),
                            count(l.tally.offers),
                            count(l.tally.helpers),
                            count(l.tally.needs),
                        ]
                    })
                    .collect::<Vec<_>>()
            };
            let aspects = g.aspects.iter().map(|l| {
                vec![
                    "aspect_gap".to_owned(),
                    l.area.name.to_string(),
                    l.tally.aspect.to_string(),
                    count(l.tally.offers),
                    String::new(),
                    count(l.tally.needs),
                ]
            });
            Table::new(
                &["kind", "area", "aspect", "offers", "helpers", "needs"],
                areas("gap", &g.areas)
                    .into_iter()
                    .chain(aspects)
                    .chain(areas("fragile", &g.fragile)),
            )
        }
        Report::Requests(f) => {
            let b = RequestFlowBody::from(f);
            let mut table = Table::pairs(&[
                ("total", b.total),
                ("pending", b.pending),
                ("accepted", b.accepted),
                ("completed", b.completed),
                ("declined", b.declined),
                ("cancelled", b.cancelled),
                ("expired", b.expired),
            ]);
            table.push(vec![
                "median_hours_to_answer".into(),
                ratio(b.median_hours_to_answer),
            ]);
            table.push(vec!["completion_rate".into(), ratio(b.completion_rate)]);
            table.push(vec!["expiry_rate".into(), ratio(b.expiry_rate)]);
            table
        }
        Report::Reciprocity(r) => Table::pairs(&[
            ("both", r.both),
            ("gave_only", r.gave_only),
            ("received_only", r.received_only),
            ("neither", r.neither),
        ]),
        Report::Feedback(lines) => Table::new(
            &[
                "area",
                "rated_1",
                "rated_2",
                "rated_3",
                "rated_4",
                "rated_5",
                "mean",
                "needs_met",
            ],
            lines.iter().map(|l| {
                let mut row = vec![l.area.name.to_string()];
                row.extend(l.ratings.iter().map(|n| count(*n)));
                row.push(ratio(l.mean));
                row.push(count(l.needs_met));
                row
            }),
        ),
        Report::Trends(lines) => Table::new(
            &["month", "offers", "needs", "requests", "members"],
            lines.iter().map(|l| {
                vec![
                    l.month.clone(),
                    count(l.offers),
                    count(l.needs),
                    count(l.requests),
                    count(l.members),
                ]
            }),
        ),
    }
}

#[cfg(test)]
mod tests;
