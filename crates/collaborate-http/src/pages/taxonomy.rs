//! The group's taxonomy, for its admins: the areas people offer and seek help in, each with its
//! aspects (added, renamed, removed — archived where history refers to them), and the
//! organisations members belong to.

use super::Pages;
use super::forms::{Fields, Posted};
use super::groups::group_of;
use super::render::{Chrome, Problems, html};
use super::visit::{Failure, Shown, Visit};
use askama::Template;
use collaborate_core::Error;
use collaborate_core::ports::Environment;
use collaborate_core::taxonomy::{Area, AreaChanges, AreaRemoval, NewArea, Organisation};
use collaborate_core::values::{AreaId, Aspects, Description, GroupId, Name};
use poem::web::{Data, Path, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use std::sync::Arc;

/// What the form of an area holds: its aspects one to a line.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AreaForm {
    name: String,
    description: String,
    aspects: String,
    form_token: String,
}

impl AreaForm {
    fn of(area: &Area) -> Self {
        Self {
            name: area.name.to_string(),
            description: area
                .description
                .as_ref()
                .map(|d| d.as_str().to_owned())
                .unwrap_or_default(),
            aspects: area
                .aspects
                .iter()
                .map(|a| a.as_str().to_owned())
                .collect::<Vec<_>>()
                .join("\n"),
            form_token: String::new(),
        }
    }

    /// The fields read into the core's values: name, description, aspects.
    fn read(
        &self,
        fields: &mut Fields,
    ) -> (Option<Name>, Option<Option<Description>>, Option<Aspects>) {
        let lines: Vec<&str> = self
            .aspects
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let description = Some(self.description.trim())
            .filter(|d| !d.is_empty())
            .map(Description::parse)
            .transpose();
        (
            fields.read(Name::parse(&self.name)),
            fields.read(description),
            fields.read(Aspects::parse(&lines)),
        )
    }
}

#[derive(Template)]
#[template(path = "admin/areas.html")]
struct AreasPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    areas: Vec<Area>,
    form: AreaForm,
}

/// The areas, and the form to add one.
#[handler]
pub async fn areas<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = areas_page(
        &pages,
        &visit,
        &group,
        AreaForm::default(),
        Problems::default(),
    );
    visit.answer(shown.await)
}

async fn areas_page<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    form: AreaForm,
    problems: Problems,
) -> Shown {
    let (account, group) = (visit.account()?, group_of(group)?);
    pages.app.group_to_manage(account, group).await?;
    let areas = pages.app.list_areas(account, group).await?;
    let status = problems.status();
    let page = AreasPage {
        page: visit.chrome_with("areas-title", problems),
        group,
        areas,
        form,
    };
    Ok(html(status, &page))
}

/// Adds an area.
#[handler]
pub async fn add_area<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
    Posted(form): Posted<AreaForm>,
) -> Response {
    let visit = pages.visit(request).await;
    let added = async {
        visit.check_form(&form.form_token)?;
        let (account, group_id) = (visit.account()?, group_of(&group)?);
        let mut fields = Fields::default();
        let (name, description, aspects) = form.read(&mut fields);
        let new = fields.build(|| {
            Some(NewArea {
                name: name?,
                description: description?,
                aspects: aspects?,
            })
        })?;
        pages.app.create_area(account, group_id, new).await?;
        Ok(
            Redirect::see_other(format!("/groups/{group_id}/admin/areas?done=added"))
                .into_response(),
        )
    };
    match refused_fields(&visit, added.await) {
        Ok(response) => response,
        Err(problems) => visit.answer(areas_page(&pages, &visit, &group, form, problems).await),
    }
}

/// The problems of a form that a use case or its fields refused (a name already taken is one
/// of the name); any other failure is answered as its page.
fn refused_fields(visit: &Visit<'_>, shown: Shown) -> Result<Response, Problems> {
    match shown {
        Ok(response) => Ok(response),
        Err(Failure::Core(Error::Conflict { .. })) => {
            Err(Problems::one("name", visit.t.m("invalid-name-taken")))
        }
        other => visit.or_problems(other),
    }
}

#[derive(Template)]
#[template(path = "admin/area.html")]
struct AreaPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    area: Area,
    form: AreaForm,
}

/// One area, to change or remove.
#[handler]
pub async fn area<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, area)): Path<(String, String)>,
) -> Response {
    let visit = pages.visit(request).await;
    visit.answer(area_page(&pages, &visit, (&group, &area), None, Problems::default()).await)
}

fn area_of(raw: &str) -> Result<AreaId, Failure> {
    AreaId::parse(raw).map_err(|_| Failure::Core(Error::NotFound("area")))
}

async fn area_page<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    (group, area): (&str, &str),
    form: Option<AreaForm>,
    problems: Problems,
) -> Shown {
    let (account, group, area_id) = (visit.account()?, group_of(group)?, area_of(area)?);
    pages.app.group_to_manage(account, group).await?;
    let area = pages
        .app
        .list_areas(account, group)
        .await?
        .into_iter()
        .find(|a| a.id == area_id)
        .ok_or(Failure::Core(Error::NotFound("area")))?;
    let status = problems.status();
    let page = AreaPage {
        page: visit.chrome_with("area-title", problems),
        group,
        form: form.unwrap_or_else(|| AreaForm::of(&area)),
        area,
    };
    Ok(html(status, &page))
}

/// Changes an area's name, description and aspects.
#[handler]
pub async fn change_area<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, area)): Path<(String, String)>,
    Posted(form): Posted<AreaForm>,
) -> Response {
    let visit = pages.visit(request).await;
    let changed = async {
        visit.check_form(&form.form_token)?;
        let (account, group_id, area_id) = (visit.account()?, group_of(&group)?, area_of(&area)?);
        let mut fields = Fields::default();
        let (name, description, aspects) = form.read(&mut fields);
        let changes = fields.build(|| {
            Some(AreaChanges {
                name: Some(name?),
                description: Some(description?),
                aspects: Some(aspects?),
                version: None,
            })
        })?;
        pages
            .app
            .update_area(account, group_id, area_id, changes)
            .await?;
        Ok(
            Redirect::see_other(format!("/groups/{group_id}/admin/areas?done=saved"))
                .into_response(),
        )
    };
    match refused_fields(&visit, changed.await) {
        Ok(response) => response,
        Err(problems) => {
            let shown = area_page(&pages, &visit, (&group, &area), Some(form), problems);
            visit.answer(shown.await)
        }
    }
}

/// A form that carries only its token.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenOnly {
    form_token: String,
}

/// Removes an area: deleted if nothing refers to it, archived otherwise (the core decides).
#[handler]
pub async fn remove_area<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, area)): Path<(String, String)>,
    Posted(form): Posted<TokenOnly>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = async {
        visit.check_form(&form.form_token)?;
        let (account, group, area) = (visit.account()?, group_of(&group)?, area_of(&area)?);
        let done = match pages.app.remove_area(account, group, area).await? {
            AreaRemoval::Deleted => "deleted",
            AreaRemoval::Archived => "archived",
        };
        Ok(Redirect::see_other(format!("/groups/{group}/admin/areas?done={done}")).into_response())
    };
    visit.answer(shown.await)
}

/// The name of a new organisation.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OrganisationForm {
    name: String,
    form_token: String,
}

#[derive(Template)]
#[template(path = "admin/organisations.html")]
struct OrganisationsPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    organisations: Vec<Organisation>,
    /// The name typed, shown again beside its problem.
    typed: String,
}

/// The organisations, and the form to add one.
#[handler]
pub async fn organisations<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = organisations_page(&pages, &visit, &group, String::new(), Problems::default());
    visit.answer(shown.await)
}

async fn organisations_page<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    name: String,
    problems: Problems,
) -> Shown {
    let (account, group) = (visit.account()?, group_of(group)?);
    pages.app.group_to_manage(account, group).await?;
    let organisations = pages.app.list_organisations(account, group).await?;
    let status = problems.status();
    let page = OrganisationsPage {
        page: visit.chrome_with("organisations-title", problems),
        group,
        organisations,
        typed: name,
    };
    Ok(html(status, &page))
}

/// Adds an organisation.
#[handler]
pub async fn add_organisation<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
    Posted(form): Posted<OrganisationForm>,
) -> Response {
    let visit = pages.visit(request).await;
    let added = async {
        visit.check_form(&form.form_token)?;
        let (account, group_id) = (visit.account()?, group_of(&group)?);
        let name = Name::parse(&form.name)?;
        pages
            .app
            .create_organisation(account, group_id, name)
            .await?;
        Ok(
            Redirect::see_other(format!("/groups/{group_id}/admin/organisations?done=added"))
                .into_response(),
        )
    };
    match refused_fields(&visit, added.await) {
        Ok(response) => response,
        Err(problems) => {
            let shown = organisations_page(&pages, &visit, &group, form.name, problems);
            visit.answer(shown.await)
        }
    }
}
