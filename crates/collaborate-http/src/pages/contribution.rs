//! My record of contribution in a group, to print or download for my development record: the
//! help I gave and received, with what the seekers said of it, and the Peer Assists I took part
//! in.

use super::Pages;
use super::groups::group_of;
use super::render::{Chrome, ok};
use super::visit::Failure;
use crate::api::contribution::{CONTRIBUTION_FILE, table_of};
use crate::tables::csv_of;
use askama::Template;
use collaborate_core::contribution::{Contribution, HelpDone};
use collaborate_core::ports::Environment;
use collaborate_core::values::GroupId;
use poem::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use poem::web::{Data, Path, Query};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use std::sync::Arc;

/// The format asked for: the page, or `csv`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Asked {
    format: String,
}

#[derive(Template)]
#[template(path = "profile/contribution.html")]
struct ContributionPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    record: Contribution,
}

/// One side of the help, as the page lists it: its heading, what it says when empty, its lines.
struct Side<'a> {
    title: &'static str,
    none: &'static str,
    lines: &'a [HelpDone],
}

impl ContributionPage<'_> {
    fn sides(&self) -> [Side<'_>; 2] {
        [
            Side {
                title: "contribution-given",
                none: "contribution-given-none",
                lines: &self.record.given,
            },
            Side {
                title: "contribution-received",
                none: "contribution-received-none",
                lines: &self.record.received,
            },
        ]
    }
}

/// The record, as a page to print or as a CSV file.
#[handler]
pub async fn show<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
    Query(asked): Query<Asked>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = async {
        let (account, group) = (visit.account()?, group_of(&group)?);
        let record = pages.app.my_contribution(account, group).await?;
        if asked.format == "csv" {
            return Ok(Response::builder()
                .header(CONTENT_TYPE, "text/csv; charset=utf-8")
                .header(CONTENT_DISPOSITION, CONTRIBUTION_FILE)
                .body(csv_of(&table_of(&record)))
                .into_response());
        }
        Ok::<_, Failure>(ok(&ContributionPage {
            page: visit.chrome("contribution-title"),
            group,
            record,
        }))
    };
    visit.answer(shown.await)
}
