//! The questionnaire import, for admins: a file is checked and every row's outcome shown before
//! anything is written (the core's dry run); the admin then imports it. Nothing is kept on the
//! server between the two: the checked file travels in the preview's form.

use super::Pages;
use super::groups::group_of;
use super::render::{Chrome, html, ok};
use super::visit::{Failure, Visit};
use crate::tables::{Table, csv_of};
use askama::Template;
use collaborate_core::Error;
use collaborate_core::ports::Environment;
use collaborate_core::questionnaire::{
    ImportMode, ImportReport, Importer, MemberOutcome, Questionnaire, RowProblem,
};
use collaborate_core::values::GroupId;
use poem::http::StatusCode;
use poem::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use poem::web::{Data, Multipart, Path};
use poem::{FromRequest, Request, RequestBody, Response, handler};
use std::sync::Arc;

#[derive(Template)]
#[template(path = "admin/import.html")]
struct ImportPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    /// The problems of a refused file, by line.
    problems: Vec<RowProblem>,
    /// The columns the guide explains.
    guide: Vec<&'static str>,
}

/// The columns the guide to the template explains: each fixed one, then the strengths and the
/// needs once each (`strength_1` stands for the five).
fn guide() -> Vec<&'static str> {
    Questionnaire::columns()
        .into_iter()
        .filter(|c| !c.starts_with("strength_") && !c.starts_with("need_"))
        .chain(["strength_1", "need_1"])
        .collect()
}

#[derive(Template)]
#[template(path = "admin/import_report.html")]
struct ReportPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    report: ImportReport,
    created: u32,
    updated: u32,
    kept: u32,
    /// The file checked, to import with the next button (a preview only).
    file: String,
    /// The links to hand on, each to the person it was made for.
    links: Vec<(String, String)>,
}

/// The form to send a questionnaire file.
#[handler]
pub async fn form<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = async {
        let (account, group) = (visit.account()?, group_of(&group)?);
        pages.app.group_to_manage(account, group).await?;
        Ok(ok(&ImportPage {
            page: visit.chrome("import-title"),
            group,
            problems: Vec::new(),
            guide: guide(),
        }))
    };
    visit.answer(shown.await)
}

#[derive(Template)]
#[template(path = "admin/questionnaire.html")]
struct QuestionnairePage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    areas: Vec<collaborate_core::taxonomy::Area>,
    /// One line to write on for each of the top five.
    ranks: [u32; 5],
}

/// The questionnaire on paper: to print, hand out and type into the import, with the group's
/// areas and aspects spelled as the import reads them.
#[handler]
pub async fn questionnaire<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = async {
        let (account, group) = (visit.account()?, group_of(&group)?);
        pages.app.group_to_manage(account, group).await?;
        let areas = pages
            .app
            .list_areas(account, group)
            .await?
            .into_iter()
            .filter(|a| !a.archived)
            .collect();
        Ok(ok(&QuestionnairePage {
            page: visit.chrome("questionnaire-title"),
            group,
            areas,
            ranks: [1, 2, 3, 4, 5],
        }))
    };
    visit.answer(shown.await)
}

/// A file sent to be checked (multipart, from the form) or a checked file sent to be imported
/// (a plain form from the preview).
enum Sent {
    Check {
        file: Vec<u8>,
        token: String,
    },
    /// The checked file, imported; with `links_as_csv`, the answer is the links to hand on as
    /// a spreadsheet (they are never shown again).
    Import {
        file: String,
        token: String,
        links_as_csv: bool,
    },
}

impl<'a> FromRequest<'a> for Sent {
    async fn from_request(request: &'a Request, body: &mut RequestBody) -> poem::Result<Self> {
        if request
            .content_type()
            .is_some_and(|t| t.starts_with("multipart/form-data"))
        {
            let mut parts = Multipart::from_request(request, body).await?;
            let (mut file, mut token) = (Vec::new(), String::new());
            while let Some(field) = parts.next_field().await? {
                match field.name() {
                    Some("file") => file = field.bytes().await?,
                    Some("form_token") => token = field.text().await?,
                    _ => {}
                }
            }
            return Ok(Self::Check { file, token });
        }
        let super::forms::Posted(form) =
            super::forms::Posted::<ImportForm>::from_request(request, body).await?;
        Ok(Self::Import {
            file: form.file,
            token: form.form_token,
            links_as_csv: form.format == "csv",
        })
    }
}

/// The preview's form: the checked file and the token.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct ImportForm {
    file: String,
    form_token: String,
    format: String,
}

/// Checks a file and shows every row's outcome, or imports a checked one.
#[handler]
pub async fn send<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
    sent: Sent,
) -> Response {
    let visit = pages.visit(request).await;
    match run(&pages, &visit, &group, sent).await {
        Ok(response) => response,
        Err(Failure::Core(Error::ImportRejected(problems))) => match group_of(&group) {
            Ok(group) => {
                let page = ImportPage {
                    page: visit.chrome_with(
                        "import-title",
                        super::render::Problems::one("file", visit.t.m("invalid-file")),
                    ),
                    group,
                    problems,
                    guide: guide(),
                };
                html(StatusCode::UNPROCESSABLE_ENTITY, &page)
            }
            Err(failure) => visit.failed(failure),
        },
        Err(failure) => visit.failed(failure),
    }
}

async fn run<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    sent: Sent,
) -> Result<Response, Failure> {
    let (file, token, mode, links_as_csv) = match sent {
        Sent::Check { file, token } => (file, token, ImportMode::DryRun, false),
        Sent::Import {
            file,
            token,
            links_as_csv,
        } => (file.into_bytes(), token, ImportMode::Commit, links_as_csv),
    };
    visit.check_form(&token)?;
    let (account, group) = (visit.account()?, group_of(group)?);
    let report = pages
        .app
        .import_questionnaire(Importer::Admin(account), group, &file, mode, &|_, _| ())
        .await?;
    // A dry run's invitations were never made: only an import's links are real.
    let links = report
        .invitations
        .iter()
        .filter(|_| !report.dry_run)
        .map(|i| {
            let link = format!("{}/invitations/{}", visit.origin(), i.token.expose());
            (i.email.to_string(), link)
        })
        .collect();
    if links_as_csv {
        return Ok(links_csv(links));
    }
    let title = if report.dry_run {
        "import-preview-title"
    } else {
        "import-done-title"
    };
    let page = ReportPage {
        page: visit.chrome(title),
        group,
        created: report.members(MemberOutcome::Created),
        updated: report.members(MemberOutcome::Updated),
        kept: report.members(MemberOutcome::Kept),
        file: if report.dry_run {
            String::from_utf8_lossy(&file).into_owned()
        } else {
            String::new()
        },
        links,
        report,
    };
    Ok(ok(&page))
}

/// The links to hand on, as a spreadsheet of addresses and links.
fn links_csv(links: Vec<(String, String)>) -> Response {
    let table = Table::new(
        &["email", "link"],
        links.into_iter().map(|(email, link)| vec![email, link]),
    );
    Response::builder()
        .header(CONTENT_TYPE, "text/csv; charset=utf-8")
        .header(
            CONTENT_DISPOSITION,
            "attachment; filename=\"links-to-hand-on.csv\"",
        )
        .header("Cache-Control", "no-store")
        .body(csv_of(&table))
}
