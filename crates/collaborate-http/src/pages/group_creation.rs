//! Creating a group from My groups: its name, how it grows and the areas it starts with. The
//! areas are written one a line, each with its aspects after a colon, as a school would list
//! them ("Curriculum: KS3 science, assessment").

use super::Pages;
use super::forms::{Fields, Posted};
use super::render::{Chrome, Problems, html};
use super::visit::{Failure, Shown, Visit};
use askama::Template;
use collaborate_core::groups::{NewGroup, SettingsChanges};
use collaborate_core::ports::Environment;
use collaborate_core::taxonomy::NewArea;
use collaborate_core::values::{Aspects, GroupName, GrowthMode, InvalidValue, Name};
use poem::web::{Data, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use std::sync::Arc;

/// What the form of a new group holds.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct GroupForm {
    name: String,
    growth_mode: String,
    areas: String,
    form_token: String,
}

impl GroupForm {
    /// Whether `mode` is the one chosen (organic until one is).
    pub fn chose(&self, mode: &str) -> bool {
        self.growth_mode == mode || (self.growth_mode.is_empty() && mode == "organic")
    }
}

#[derive(Template)]
#[template(path = "groups/new.html")]
struct NewGroupPage<'a> {
    page: Chrome<'a>,
    form: GroupForm,
}

/// The form to create a group, for those the operator lets create one.
#[handler]
pub async fn form<E: Environment>(pages: Data<&Arc<Pages<E>>>, request: &Request) -> Response {
    let visit = pages.visit(request).await;
    let shown = page(&pages, &visit, GroupForm::default(), Problems::default()).await;
    visit.answer(shown)
}

async fn page<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    form: GroupForm,
    problems: Problems,
) -> Shown {
    if !pages.app.may_create_groups(visit.account()?).await? {
        return Err(Failure::Core(collaborate_core::Error::Forbidden(
            "only the people the operator names may create groups",
        )));
    }
    let status = problems.status();
    Ok(html(
        status,
        &NewGroupPage {
            page: visit.chrome_with("group-new-title", problems),
            form,
        },
    ))
}

/// Creates the group, its creator its first admin, and opens its home; a refused value is
/// shown on the form, tied to its field.
#[handler]
pub async fn create<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Posted(form): Posted<GroupForm>,
) -> Response {
    let visit = pages.visit(request).await;
    match visit.or_problems(created(&pages, &visit, &form).await) {
        Ok(response) => response,
        Err(problems) => visit.answer(page(&pages, &visit, form, problems).await),
    }
}

async fn created<E: Environment>(pages: &Pages<E>, visit: &Visit<'_>, form: &GroupForm) -> Shown {
    visit.check_form(&form.form_token)?;
    let account = visit.account()?;
    let mut fields = Fields::default();
    let name = fields.read(GroupName::parse(&form.name));
    let growth_mode = fields.read(GrowthMode::parse(&form.growth_mode));
    let areas = fields.read(areas(&form.areas));
    let new = fields.build(|| {
        Some(NewGroup {
            name: name?,
            growth_mode: growth_mode?,
            settings: SettingsChanges::default(),
            areas: areas?,
        })
    })?;
    let made = pages.app.create_group(account, new).await?;
    Ok(Redirect::see_other(format!("/groups/{}?done=created", made.group.id)).into_response())
}

/// The areas written one a line, each with its aspects after a colon, comma-separated.
///
/// # Errors
/// An [`InvalidValue`] for `areas` naming the first line that is not an area.
fn areas(written: &str) -> Result<Vec<NewArea>, InvalidValue> {
    let lines = written.lines().map(str::trim).filter(|l| !l.is_empty());
    lines
        .enumerate()
        .map(|(at, line)| {
            let refused =
                |e: InvalidValue| InvalidValue::new("areas", format!("line {}: {e}", at + 1));
            let (name, aspects) = line.split_once(':').unwrap_or((line, ""));
            let aspects: Vec<&str> = aspects
                .split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .collect();
            Ok(NewArea {
                name: Name::parse(name.trim()).map_err(refused)?,
                description: None,
                aspects: Aspects::parse(&aspects).map_err(refused)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_are_read_a_line_each_with_their_aspects_after_a_colon() {
        let read =
            areas("Curriculum: KS3 science, assessment\n\n  Budgets  \nWellbeing:\n").unwrap();
        let names: Vec<_> = read.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["Curriculum", "Budgets", "Wellbeing"]);
        let aspects: Vec<_> = read[0].aspects.iter().map(ToString::to_string).collect();
        assert_eq!(aspects, ["KS3 science", "assessment"]);
        assert!(read[1].aspects.is_empty());
        let refused = areas(&format!("Budgets\n{}", "x".repeat(121))).unwrap_err();
        assert_eq!(refused.field(), "areas");
        assert!(refused.to_string().contains("line 2"), "{refused}");
    }
}
