//! My profile in a group: what others see of me and how the two sides of a request reach me,
//! my place (a town I type, never my address), the help I have given and received, whether I may
//! be named among the helpers to thank, who has received my contact details, and leaving the
//! group.

use super::Pages;
use super::forms::{Fields, Posted};
use super::groups::group_of;
use super::render::{Chrome, Problems, html};
use super::visit::{Failure, Shown, Visit};
use askama::Template;
use collaborate_core::Reveal;
use collaborate_core::groups::{Member, ProfileChanges};
use collaborate_core::paging::PageRequest;
use collaborate_core::places::{self, Found};
use collaborate_core::ports::Environment;
use collaborate_core::taxonomy::Organisation;
use collaborate_core::values::{
    Bio, DisplayName, Email, GroupId, InvalidValue, JobTitle, Latitude, Limit, Location, Longitude,
    Mode, Modes, NotificationPreference, OrganisationId, Phone, PlaceLabel, Position, VideoLink,
};
use poem::web::{Data, Path, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use std::sync::Arc;

/// What the profile form holds.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProfileForm {
    display_name: String,
    organisation_id: String,
    job_title: String,
    bio: String,
    place: String,
    contact_email: String,
    phone: String,
    video_link: String,
    preferred_modes: Vec<String>,
    notifications: String,
    /// `yes` when ticked: admins may name me among the helpers to thank.
    named_in_thanks: String,
    form_token: String,
}

impl ProfileForm {
    fn of(member: &Member) -> Self {
        let profile = &member.profile;
        let text = |v: Option<&str>| v.unwrap_or_default().to_owned();
        Self {
            display_name: profile.display_name.to_string(),
            organisation_id: profile
                .organisation_id
                .map(|o| o.to_string())
                .unwrap_or_default(),
            job_title: text(profile.job_title.as_ref().map(JobTitle::as_str)),
            bio: text(profile.bio.as_ref().map(Bio::as_str)),
            place: text(
                profile
                    .location
                    .as_ref()
                    .and_then(|l| l.label.as_ref())
                    .map(PlaceLabel::as_str),
            ),
            contact_email: text(profile.contact.email.as_ref().map(Email::as_str)),
            phone: text(profile.contact.phone.as_ref().map(Phone::as_str)),
            video_link: text(profile.contact.video_link.as_ref().map(VideoLink::as_str)),
            preferred_modes: profile
                .preferred_modes
                .iter()
                .map(|m| m.as_str().to_owned())
                .collect(),
            notifications: member.notifications.as_str().to_owned(),
            named_in_thanks: if member.named_in_thanks { "yes" } else { "" }.to_owned(),
            form_token: String::new(),
        }
    }

    /// Whether the mode named was ticked.
    pub fn chose_mode(&self, name: &str) -> bool {
        self.preferred_modes.iter().any(|m| m == name)
    }
}

#[derive(Template)]
#[template(path = "profile/profile.html")]
struct ProfilePage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    form: ProfileForm,
    organisations: Vec<Organisation>,
    modes: &'static [Mode],
    preferences: &'static [NotificationPreference],
    /// Places to choose among when the one typed names several.
    places: Vec<String>,
    /// How many times I gave help, and received it.
    given: usize,
    received: usize,
    reveals: Vec<Reveal>,
    /// Whether the profile was just saved.
    saved: bool,
}

/// My profile, with the help I have given and received and who has received my details.
#[handler]
pub async fn show<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
) -> Response {
    let visit = pages.visit(request).await;
    let draft = Draft {
        saved: request.uri().query() == Some("saved"),
        ..Draft::default()
    };
    visit.answer(profile_page(&pages, &visit, &group, draft).await)
}

/// What the profile page shows besides what is stored.
#[derive(Default)]
struct Draft {
    /// The form as sent, when it is shown again.
    form: Option<ProfileForm>,
    problems: Problems,
    /// Places to choose among.
    places: Vec<String>,
    saved: bool,
}

async fn profile_page<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    draft: Draft,
) -> Shown {
    let Draft {
        form,
        problems,
        places,
        saved,
    } = draft;
    let (account, group) = (visit.account()?, group_of(group)?);
    let app = &pages.app;
    let mine = app.my_profile(account, group).await?;
    let organisations = app.list_organisations(account, group).await?;
    let most = PageRequest {
        limit: Limit::new(100)?,
        after: None,
    };
    let record = app.my_contribution(account, group).await?;
    let reveals = app.my_reveals(account, group, most).await?.items;
    let status = problems.status();
    let page = ProfilePage {
        page: visit.chrome_with("profile-title", problems),
        group,
        form: form.unwrap_or_else(|| ProfileForm::of(&mine.member)),
        organisations,
        modes: Mode::ALL,
        preferences: NotificationPreference::ALL,
        places,
        given: record.times_given(),
        received: record.times_received(),
        reveals,
        saved,
    };
    Ok(html(status, &page))
}

/// Saves the profile; a place that names several is offered to choose among.
#[handler]
pub async fn save<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
    Posted(form): Posted<ProfileForm>,
) -> Response {
    let visit = pages.visit(request).await;
    match update(&pages, &visit, &group, &form).await {
        Ok(response) => response,
        Err(Refusal::Place(places)) => {
            let message = visit.t.m("invalid-place-several");
            let draft = Draft {
                form: Some(form),
                problems: Problems::one("place", message),
                places,
                saved: false,
            };
            visit.answer(profile_page(&pages, &visit, &group, draft).await)
        }
        Err(Refusal::Failed(failure)) => match failure.fields() {
            Ok(refused) => {
                let draft = Draft {
                    form: Some(form),
                    problems: Problems::of_refused(visit.t, &refused),
                    ..Draft::default()
                };
                visit.answer(profile_page(&pages, &visit, &group, draft).await)
            }
            Err(other) => visit.failed(other),
        },
    }
}

/// Why a profile was not saved.
enum Refusal {
    /// The place typed names several places: these.
    Place(Vec<String>),
    /// Anything else.
    Failed(Failure),
}

impl<T: Into<Failure>> From<T> for Refusal {
    fn from(failure: T) -> Self {
        Self::Failed(failure.into())
    }
}

async fn update<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    form: &ProfileForm,
) -> Result<Response, Refusal> {
    visit.check_form(&form.form_token)?;
    let (account, group) = (visit.account()?, group_of(group)?);
    let location = match places::find(&form.place) {
        _ if form.place.trim().is_empty() => Ok(None),
        Found::One(place) => located(&place.label(), place.lat, place.lon).map(Some),
        Found::Several(several) => {
            return Err(Refusal::Place(several.iter().map(|p| p.label()).collect()));
        }
        Found::Nothing => Err(InvalidValue::new("place", "is not a place we know")),
    };
    let mut fields = Fields::default();
    let display_name = fields.read(DisplayName::parse(&form.display_name));
    let organisation = fields.read(optional(&form.organisation_id, OrganisationId::parse));
    let job_title = fields.read(optional(&form.job_title, JobTitle::parse));
    let bio = fields.read(optional(&form.bio, Bio::parse));
    let location = fields.read(location);
    let email = fields.read(optional(&form.contact_email, Email::parse));
    let phone = fields.read(optional(&form.phone, Phone::parse));
    let video = fields.read(optional(&form.video_link, VideoLink::parse));
    let modes =
        fields.read(Modes::parse(&form.preferred_modes).map_err(|e| e.in_field("preferred_modes")));
    let notifications = fields.read(optional(&form.notifications, NotificationPreference::parse));
    let changes = fields.build(|| {
        Some(ProfileChanges {
            display_name: Some(display_name?),
            organisation_id: Some(organisation?),
            job_title: Some(job_title?),
            bio: Some(bio?),
            location: Some(location?),
            contact_email: Some(email?),
            phone: Some(phone?),
            video_link: Some(video?),
            preferred_modes: Some(modes?),
            notifications: notifications?,
            named_in_thanks: Some(!form.named_in_thanks.is_empty()),
            version: None,
        })
    })?;
    pages.app.update_profile(account, group, changes).await?;
    Ok(Redirect::see_other(format!("/groups/{group}/profile?saved")).into_response())
}

/// A field left empty clears its value.
fn optional<T>(
    raw: &str,
    parse: fn(&str) -> Result<T, InvalidValue>,
) -> Result<Option<T>, InvalidValue> {
    Some(raw.trim())
        .filter(|r| !r.is_empty())
        .map(parse)
        .transpose()
}

/// The location of a place of the gazetteer.
fn located(label: &str, lat: f64, lon: f64) -> Result<Location, InvalidValue> {
    let named = PlaceLabel::parse(label).map_err(|e| e.in_field("place"))?;
    Ok(Location {
        label: Some(named),
        position: Position {
            lat: Latitude::new(lat)?,
            lon: Longitude::new(lon)?,
        },
    })
}

/// A form that carries only its token.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Leaving {
    form_token: String,
}

/// Leaves the group: offers paused, open needs withdrawn, open requests closed (the core's
/// `leave_group`).
#[handler]
pub async fn leave<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
    Posted(form): Posted<Leaving>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = async {
        visit.check_form(&form.form_token)?;
        let (account, group) = (visit.account()?, group_of(&group)?);
        pages.app.leave_group(account, group).await?;
        Ok(Redirect::see_other("/groups").into_response())
    };
    visit.answer(shown.await)
}
