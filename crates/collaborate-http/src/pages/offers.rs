//! Offers and needs: where I help and where I want to grow. Adding one takes two short steps
//! that work without script: choose the area, then say what of it and how (the aspects offered
//! depend on the area chosen).

use super::Pages;
use super::forms::{Fields, Posted, number, whole_number};
use super::groups::group_of;
use super::render::{Chrome, Problems, html, ok};
use super::visit::{Failure, Shown, Visit};
use askama::Template;
use collaborate_core::Error;
use collaborate_core::offers::{
    Need, NeedChanges, NewNeed, NewOffer, Offer, OfferChanges, Standing, Topic,
};
use collaborate_core::ports::Environment;
use collaborate_core::taxonomy::Area;
use collaborate_core::values::{
    AreaId, Aspects, Capacity, Description, GroupId, Mode, Modes, NeedId, NeedStatus, OfferId,
    OfferStatus, TravelRadius,
};
use poem::web::{Data, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use std::sync::Arc;

/// Which of a member's two lists a page is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Where they help.
    Offers,
    /// Where they want to grow.
    Needs,
}

impl Side {
    fn of(raw: &str) -> Result<Self, Failure> {
        match raw {
            "offers" => Ok(Self::Offers),
            "needs" => Ok(Self::Needs),
            _ => Err(Failure::Core(Error::NotFound("page"))),
        }
    }

    /// The path segment, and the prefix of the side's messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Offers => "offers",
            Self::Needs => "needs",
        }
    }
}

/// One offer or need as its list shows it.
pub struct Item {
    id: String,
    area: String,
    aspects: Vec<String>,
    description: String,
    modes: Vec<&'static str>,
    status: &'static str,
    /// An offer's capacity and travel radius; none for a need.
    capacity: Option<u32>,
    travel_radius_km: Option<f64>,
    /// The statuses it can be moved to, as buttons.
    moves: Vec<&'static str>,
}

impl Item {
    fn of_topic(id: String, topic: &Topic, areas: &[Area], status: &'static str) -> Self {
        Self {
            id,
            area: areas
                .iter()
                .find(|a| a.id == topic.area_id)
                .map(|a| a.name.to_string())
                .unwrap_or_default(),
            aspects: topic.aspects.iter().map(ToString::to_string).collect(),
            description: topic.description.as_str().to_owned(),
            modes: topic.modes.iter().map(Mode::as_str).collect(),
            status,
            capacity: None,
            travel_radius_km: None,
            moves: Vec::new(),
        }
    }

    fn of_offer(offer: &Offer, areas: &[Area]) -> Self {
        let moves = offer.moves().iter().map(|s| s.as_str()).collect();
        Self {
            capacity: Some(offer.capacity.get()),
            travel_radius_km: offer.travel_radius.map(TravelRadius::get),
            moves,
            ..Self::of_topic(
                offer.id.to_string(),
                &offer.topic,
                areas,
                offer.status.as_str(),
            )
        }
    }

    fn of_need(need: &Need, areas: &[Area]) -> Self {
        let moves = need.moves().iter().map(|s| s.as_str()).collect();
        Self {
            moves,
            ..Self::of_topic(
                need.id.to_string(),
                &need.topic,
                areas,
                need.status.as_str(),
            )
        }
    }
}

#[derive(Template)]
#[template(path = "offers/list.html")]
struct ListPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    side: &'static str,
    standing: Option<Standing>,
    items: Vec<Item>,
}

/// My offers, or my needs, with what I can do to each.
#[handler]
pub async fn list<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, side)): Path<(String, String)>,
) -> Response {
    let visit = pages.visit(request).await;
    visit.answer(list_page(&pages, &visit, &group, &side).await)
}

async fn list_page<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    side: &str,
) -> Shown {
    let (account, group, side) = (visit.account()?, group_of(group)?, Side::of(side)?);
    let areas = pages.app.list_areas(account, group).await?;
    let (items, standing) = match side {
        Side::Offers => {
            let offers = pages.app.my_offers(account, group).await?;
            let standing = pages.app.my_profile(account, group).await?.standing;
            let items = offers.iter().map(|o| Item::of_offer(o, &areas)).collect();
            (items, Some(standing))
        }
        Side::Needs => {
            let needs = pages.app.my_needs(account, group).await?;
            (
                needs.iter().map(|n| Item::of_need(n, &areas)).collect(),
                None,
            )
        }
    };
    Ok(ok(&ListPage {
        page: visit.chrome(&format!("{}-title", side.as_str())),
        group,
        side: side.as_str(),
        standing,
        items,
    }))
}

/// The area chosen in the first step.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Chosen {
    area: Option<String>,
}

/// What the form of an offer or a need holds.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TopicForm {
    area_id: String,
    aspects: Vec<String>,
    description: String,
    modes: Vec<String>,
    capacity: String,
    travel_radius_km: String,
    form_token: String,
}

impl TopicForm {
    /// Whether the aspect named was ticked.
    pub fn chose_aspect(&self, name: &str) -> bool {
        self.aspects.iter().any(|a| a == name)
    }

    /// Whether the mode named was ticked.
    pub fn chose_mode(&self, name: &str) -> bool {
        self.modes.iter().any(|m| m == name)
    }
}

#[derive(Template)]
#[template(path = "offers/choose_area.html")]
struct ChooseAreaPage<'a> {
    page: Chrome<'a>,
    side: &'static str,
    areas: Vec<Area>,
}

#[derive(Template)]
#[template(path = "offers/form.html")]
struct TopicPage<'a> {
    page: Chrome<'a>,
    side: &'static str,
    area: Area,
    form: TopicForm,
    modes: &'static [Mode],
}

/// The first step (which area) or, with an area chosen, the second (what of it, and how).
#[handler]
pub async fn new_form<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, side)): Path<(String, String)>,
    Query(chosen): Query<Chosen>,
) -> Response {
    let visit = pages.visit(request).await;
    let form = TopicForm {
        area_id: chosen.area.unwrap_or_default(),
        capacity: Capacity::default().get().to_string(),
        ..TopicForm::default()
    };
    let shown = new_page(&pages, &visit, &group, &side, form, Problems::default()).await;
    visit.answer(shown)
}

async fn new_page<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    side: &str,
    form: TopicForm,
    problems: Problems,
) -> Shown {
    let (account, group, side) = (visit.account()?, group_of(group)?, Side::of(side)?);
    let areas: Vec<Area> = pages
        .app
        .list_areas(account, group)
        .await?
        .into_iter()
        .filter(|a| !a.archived)
        .collect();
    let status = problems.status();
    let chosen = areas
        .iter()
        .find(|a| a.id.to_string() == form.area_id)
        .cloned();
    let title = format!("{}-new-title", side.as_str());
    let Some(area) = chosen else {
        let page = ChooseAreaPage {
            page: visit.chrome_with(&title, problems),
            side: side.as_str(),
            areas,
        };
        return Ok(html(status, &page));
    };
    let page = TopicPage {
        page: visit.chrome_with(&title, problems),
        side: side.as_str(),
        area,
        form,
        modes: Mode::ALL,
    };
    Ok(html(status, &page))
}

/// Adds the offer or need; a refused value is shown on the form, tied to its field.
#[handler]
pub async fn create<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, side)): Path<(String, String)>,
    Posted(form): Posted<TopicForm>,
) -> Response {
    let visit = pages.visit(request).await;
    match visit.or_problems(add(&pages, &visit, &group, &side, &form).await) {
        Ok(response) => response,
        Err(problems) => {
            let shown = new_page(&pages, &visit, &group, &side, form, problems).await;
            visit.answer(shown)
        }
    }
}

async fn add<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    side: &str,
    form: &TopicForm,
) -> Shown {
    visit.check_form(&form.form_token)?;
    let (account, group_id, side) = (visit.account()?, group_of(group)?, Side::of(side)?);
    let mut fields = Fields::default();
    let area_id = fields.read(AreaId::parse(&form.area_id));
    let aspects = fields.read(Aspects::parse(&form.aspects));
    let description = fields.read(Description::parse(&form.description));
    let modes = fields.read(Modes::parse(&form.modes));
    let (capacity, travel_radius) = match side {
        Side::Offers => (
            fields.read(whole_number(&form.capacity, "capacity").and_then(Capacity::new)),
            fields.read(
                optional(&form.travel_radius_km)
                    .map(|raw| number(raw, "travel_radius_km").and_then(TravelRadius::new))
                    .transpose(),
            ),
        ),
        Side::Needs => (None, Some(None)),
    };
    let topic = fields.build(|| {
        Some(Topic {
            area_id: area_id?,
            aspects: aspects?,
            description: description?,
            modes: modes?,
            rank: None,
        })
    })?;
    match side {
        Side::Offers => {
            let new = NewOffer {
                topic,
                capacity,
                travel_radius: travel_radius.flatten(),
            };
            pages.app.create_offer(account, group_id, new).await?;
        }
        Side::Needs => {
            pages
                .app
                .create_need(account, group_id, NewNeed { topic })
                .await?;
        }
    }
    Ok(Redirect::see_other(format!("/groups/{group_id}/{}", side.as_str())).into_response())
}

/// A field left empty is a value not given.
fn optional(raw: &str) -> Option<&str> {
    Some(raw.trim()).filter(|r| !r.is_empty())
}

/// A button's move: the status to take, or removal.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Move {
    status: String,
    form_token: String,
}

/// Pauses or resumes an offer; marks a need met, withdrawn or open again; or deletes either
/// (`status=delete`), which the core refuses for one that requests refer to.
#[handler]
pub async fn change<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, side, id)): Path<(String, String, String)>,
    Posted(form): Posted<Move>,
) -> Response {
    let visit = pages.visit(request).await;
    visit.answer(apply(&pages, &visit, (&group, &side, &id), &form).await)
}

async fn apply<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    (group, side, id): (&str, &str, &str),
    form: &Move,
) -> Shown {
    visit.check_form(&form.form_token)?;
    let (account, group_id, side) = (visit.account()?, group_of(group)?, Side::of(side)?);
    let app = &pages.app;
    let not_found = |_| Failure::Core(Error::NotFound("page"));
    match side {
        Side::Offers => {
            let offer = OfferId::parse(id).map_err(not_found)?;
            if form.status == "delete" {
                app.delete_offer(account, group_id, offer).await?;
            } else {
                let changes = OfferChanges {
                    status: Some(OfferStatus::parse(&form.status)?),
                    ..OfferChanges::default()
                };
                app.update_offer(account, group_id, offer, changes).await?;
            }
        }
        Side::Needs => {
            let need = NeedId::parse(id).map_err(not_found)?;
            if form.status == "delete" {
                app.delete_need(account, group_id, need).await?;
            } else {
                let changes = NeedChanges {
                    status: Some(NeedStatus::parse(&form.status)?),
                    ..NeedChanges::default()
                };
                app.update_need(account, group_id, need, changes).await?;
            }
        }
    }
    Ok(Redirect::see_other(format!("/groups/{group_id}/{}", side.as_str())).into_response())
}
