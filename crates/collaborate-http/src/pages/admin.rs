//! The back office's front door and the group's settings: its name, the rules' numbers and the
//! join code. Every page of the back office asks the core as an admin; anyone else is refused
//! there.

use super::Pages;
use super::forms::{Fields, Posted, whole_number};
use super::groups::group_of;
use super::render::{Chrome, Problems, html, ok};
use super::visit::{Failure, Shown, Visit};
use askama::Template;
use collaborate_core::groups::{Group, GroupChanges, SettingsChanges};
use collaborate_core::ports::Environment;
use collaborate_core::values::{
    DailyRequestCap, ExpiryDays, GroupId, GroupName, InvalidValue, JoinCode, MinOffers,
    OpenRequestCap,
};
use poem::web::{Data, Path, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use std::sync::Arc;

#[derive(Template)]
#[template(path = "admin/hub.html")]
struct HubPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
}

/// The back office: where each of its parts is.
#[handler]
pub async fn hub<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = async {
        let (account, group) = (visit.account()?, group_of(&group)?);
        pages.app.group_to_manage(account, group).await?;
        Ok(ok(&HubPage {
            page: visit.chrome("admin-title"),
            group,
        }))
    };
    visit.answer(shown.await)
}

/// What the settings form holds.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    name: String,
    min_offers: String,
    request_expiry_days: String,
    max_open_requests: String,
    max_requests_per_day: String,
    join_code: String,
    form_token: String,
}

impl SettingsForm {
    fn of(group: &Group) -> Self {
        let s = &group.settings;
        Self {
            name: group.name.to_string(),
            min_offers: s.min_offers.get().to_string(),
            request_expiry_days: s.request_expiry_days.get().to_string(),
            max_open_requests: s.max_open_requests.get().to_string(),
            max_requests_per_day: s.max_requests_per_day.get().to_string(),
            join_code: s
                .join_code
                .as_ref()
                .map(|c| c.as_str().to_owned())
                .unwrap_or_default(),
            form_token: String::new(),
        }
    }
}

#[derive(Template)]
#[template(path = "admin/settings.html")]
struct SettingsPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    organic: bool,
    form: SettingsForm,
    saved: bool,
}

/// The group's settings.
#[handler]
pub async fn settings<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
) -> Response {
    let visit = pages.visit(request).await;
    let saved = request.uri().query() == Some("saved");
    let shown = settings_page(&pages, &visit, &group, None, Problems::default(), saved);
    visit.answer(shown.await)
}

async fn settings_page<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    form: Option<SettingsForm>,
    problems: Problems,
    saved: bool,
) -> Shown {
    let (account, group_id) = (visit.account()?, group_of(group)?);
    let group = pages.app.group_to_manage(account, group_id).await?;
    let status = problems.status();
    let page = SettingsPage {
        page: visit.chrome_with("settings-title", problems),
        group: group_id,
        organic: group.settings.join_code.is_some(),
        form: form.unwrap_or_else(|| SettingsForm::of(&group)),
        saved,
    };
    Ok(html(status, &page))
}

/// Saves the settings.
#[handler]
pub async fn save_settings<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
    Posted(form): Posted<SettingsForm>,
) -> Response {
    let visit = pages.visit(request).await;
    match visit.or_problems(save(&pages, &visit, &group, &form).await) {
        Ok(response) => response,
        Err(problems) => {
            let shown = settings_page(&pages, &visit, &group, Some(form), problems, false);
            visit.answer(shown.await)
        }
    }
}

async fn save<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    form: &SettingsForm,
) -> Shown {
    visit.check_form(&form.form_token)?;
    let (account, group) = (visit.account()?, group_of(group)?);
    let number = |raw: &str, field: &'static str| whole_number(raw, field);
    let mut fields = Fields::default();
    let name = fields.read(GroupName::parse(&form.name));
    let min_offers = fields.read(number(&form.min_offers, "min_offers").and_then(MinOffers::new));
    let expiry = fields
        .read(number(&form.request_expiry_days, "request_expiry_days").and_then(ExpiryDays::new));
    let open = fields
        .read(number(&form.max_open_requests, "max_open_requests").and_then(OpenRequestCap::new));
    let daily = fields.read(
        number(&form.max_requests_per_day, "max_requests_per_day").and_then(DailyRequestCap::new),
    );
    let code = fields.read(chosen_code(&form.join_code));
    let changes = fields.build(|| {
        Some(GroupChanges {
            name: Some(name?),
            settings: SettingsChanges {
                min_offers: Some(min_offers?),
                request_expiry_days: Some(expiry?),
                max_open_requests: Some(open?),
                max_requests_per_day: Some(daily?),
                join_code: code?,
                ..SettingsChanges::default()
            },
            version: None,
        })
    })?;
    pages
        .app
        .update_group(account, group, changes)
        .await
        .map_err(|e| match e {
            collaborate_core::Error::Invalid(invalid)
                if invalid.field() == "settings.join_code" =>
            {
                Failure::Fields(vec![invalid.in_field("join_code")])
            }
            other => Failure::Core(other),
        })?;
    Ok(Redirect::see_other(format!("/groups/{group}/admin/settings?saved")).into_response())
}

/// The join code typed: kept as it was when empty (a systemic group has none).
fn chosen_code(raw: &str) -> Result<Option<Option<JoinCode>>, InvalidValue> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    JoinCode::parse(raw)
        .map(|code| Some(Some(code)))
        .map_err(|e| e.in_field("join_code"))
}
