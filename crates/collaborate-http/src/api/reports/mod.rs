//! The back office's reports (admins), as JSON or as a CSV download.

mod bodies;
mod tables;

pub use bodies::*;
pub use tables::table_of;

use super::Tag;
use super::shared::{Answer, Context};
use crate::auth::Credentials;
use crate::tables::{Table, csv_of};
use collaborate_core::ports::Environment;
use collaborate_core::reports::{
    AreaLine, AspectLine, FeedbackLine, HelperToThank, MonthLine, OrganisationLine, Overview,
    PeerAssistAreaLine, PeerAssistsReport, Reciprocity, Report, ReportFilter, ReportName,
    RequestFlow,
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
    /// `gaps`, `requests`, `reciprocity`, `feedback`, `trends`, `peer_assists`, `matching` or
    /// `thanks`; over a period of days and one organisation if asked. `format=csv` answers the CSV file of `getReportCsv` instead, for
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
            pattern = "^(overview|areas|aspects|organisations|gaps|requests|reciprocity|feedback|trends|peer_assists|matching|thanks)$"
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
            pattern = "^(overview|areas|aspects|organisations|gaps|requests|reciprocity|feedback|trends|peer_assists|matching|thanks)$"
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

#[cfg(test)]
mod tests;
