//! Finding help: search by area, aspect, way of helping and distance, as a list of peers; and
//! asking one of them for help, which shows their contact details at once.

use super::Pages;
use super::forms::{Fields, Posted, whole_number};
use super::groups::group_of;
use super::map::{Map, Point, Spot, km_between, markers_apart_km};
use super::render::{Chrome, Problems, html};
use super::visit::{Failure, Shown, Visit};
use askama::Template;
use collaborate_core::Error;
use collaborate_core::places;
use collaborate_core::ports::Environment;
use collaborate_core::requests::NewRequest;
use collaborate_core::search::OfferToAsk;
use collaborate_core::search::{HelperFound, SearchHit, SearchQuery, by_helper};
use collaborate_core::taxonomy::Area;
use collaborate_core::values::{
    Aspect, GroupId, InvalidValue, Latitude, Limit, Longitude, Message, Mode, Modes, NeedId,
    OfferId, Position, SearchRadius,
};
use poem::web::{Data, Path, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use std::sync::Arc;

/// What a search asks, as the search form sends it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Asked {
    area: String,
    aspect: String,
    modes: Vec<String>,
    radius_km: String,
    near: String,
}

impl Asked {
    /// Whether the mode named was ticked.
    pub fn chose_mode(&self, name: &str) -> bool {
        self.modes.iter().any(|m| m == name)
    }
}

/// One helper found, as the list shows them: once, with their offers found.
pub struct Found {
    helper: HelperFound,
    offers: Vec<FoundOffer>,
    /// The marker of their place on the map, if they gave one.
    marker: Option<usize>,
    /// The town nearest their approximate place.
    near: Option<String>,
}

/// One offer of a helper found.
pub struct FoundOffer {
    hit: SearchHit,
    /// The link that asks for help with it, carrying its ways of helping.
    ask: String,
}

/// A marker of the map and the helpers at its place.
pub struct Placed {
    number: usize,
    /// Where its marker stands.
    at: Point,
    names: String,
    near: Option<String>,
}

#[derive(Template)]
#[template(path = "search/search.html")]
struct SearchPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    areas: Vec<Area>,
    chosen: Option<Area>,
    asked: Asked,
    modes: &'static [Mode],
    radii: &'static [u32],
    found: Option<Vec<Found>>,
    map: Option<Map>,
    placed: Vec<Placed>,
}

/// The distances a search can be limited to, in kilometres.
const RADII: &[u32] = &[5, 10, 25, 50, 100];

/// The search form and, once an area is chosen, the peers who can help, best first.
#[handler]
pub async fn search<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
) -> Response {
    let visit = pages.visit(request).await;
    // Read as a form is: repeated `modes` make a list. A query that cannot be read asks nothing.
    let asked = request
        .uri()
        .query()
        .and_then(|q| serde_html_form::from_str(q).ok())
        .unwrap_or_default();
    let shown = search_page(&pages, &visit, &group, asked).await;
    visit.answer(shown)
}

async fn search_page<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    asked: Asked,
) -> Shown {
    let (account, group) = (visit.account()?, group_of(group)?);
    let mine = pages.app.my_profile(account, group).await?;
    mine.standing.require_contributor()?;
    let areas: Vec<Area> = pages
        .app
        .list_areas(account, group)
        .await?
        .into_iter()
        .filter(|a| !a.archived)
        .collect();
    let chosen = areas
        .iter()
        .find(|a| a.id.to_string() == asked.area)
        .cloned();
    let own = mine.member.profile.location.map(|l| l.position);
    let (found, problems) = match &chosen {
        None => (None, Problems::default()),
        Some(area) => match find(pages, account, group, area, &asked).await {
            Ok(hits) => (Some(hits), Problems::default()),
            Err(failure) => match failure.fields() {
                Ok(refused) => (None, Problems::of_refused(visit.t, &refused)),
                Err(other) => return Err(other),
            },
        },
    };
    let status = problems.status();
    let mut found = found;
    let centre = near(&asked.near).ok().flatten().or(own).map(point);
    let reach = asked.radius_km.trim().parse::<f64>().ok();
    let placed = found
        .as_mut()
        .map(|f| place(f, centre, reach))
        .unwrap_or_default();
    let map = found
        .as_ref()
        .and_then(|found| Map::fitted(&spots(found, &placed), centre, reach));
    let page = SearchPage {
        page: visit.chrome_with("search-title", problems),
        map,
        placed,
        group,
        areas,
        chosen,
        asked,
        modes: Mode::ALL,
        radii: RADII,
        found,
    };
    Ok(html(status, &page))
}

async fn find<E: Environment>(
    pages: &Pages<E>,
    account: collaborate_core::values::AccountId,
    group: GroupId,
    area: &Area,
    asked: &Asked,
) -> Result<Vec<Found>, Failure> {
    let mut fields = Fields::default();
    let aspect = fields.read(
        Some(asked.aspect.trim())
            .filter(|a| !a.is_empty())
            .map(Aspect::parse)
            .transpose(),
    );
    let modes = fields.read(Modes::parse(&asked.modes));
    let radius = fields.read(
        Some(asked.radius_km.trim())
            .filter(|r| !r.is_empty())
            .map(|r| whole_number(r, "radius_km").and_then(SearchRadius::new))
            .transpose(),
    );
    let near = fields.read(near(&asked.near));
    let query = fields.build(|| {
        Some(SearchQuery {
            area_id: area.id,
            aspect: aspect?,
            modes: modes?,
            near: near?,
            radius: radius?,
            limit: Limit::default(),
        })
    })?;
    let hits = pages.app.search(account, group, query).await?;
    Ok(by_helper(hits)
        .into_iter()
        .map(|helper| {
            let offers = helper
                .offers
                .iter()
                .map(|hit| {
                    let modes: Vec<&str> = hit.modes.iter().map(Mode::as_str).collect();
                    let ask = format!(
                        "/groups/{group}/ask/{}?modes={}",
                        hit.offer_id,
                        modes.join(",")
                    );
                    FoundOffer {
                        hit: hit.clone(),
                        ask,
                    }
                })
                .collect();
            let near = helper
                .peer
                .approximate_position
                .and_then(|p| places::nearest(p.lat, p.lon))
                .map(places::Place::label);
            Found {
                helper,
                offers,
                marker: None,
                near,
            }
        })
        .collect())
}

/// Numbers the places of the helpers found: the people of one cell, and of cells so close
/// that their markers would overlap on the map, share one marker, at the place of the first of
/// them found, numbered in that order.
fn place(found: &mut [Found], centre: Option<Point>, reach_km: Option<f64>) -> Vec<Placed> {
    let at_of = |f: &Found| {
        f.helper.peer.approximate_position.map(|p| Point {
            lat: p.lat,
            lon: p.lon,
        })
    };
    let all: Vec<Point> = found.iter().filter_map(at_of).collect();
    let apart = markers_apart_km(&all, centre, reach_km);
    let mut cells: Vec<(Point, Vec<String>)> = Vec::new();
    for helper in found.iter_mut() {
        let Some(at) = at_of(helper) else {
            continue;
        };
        let name = helper.helper.peer.display_name.to_string();
        let index = match cells
            .iter()
            .position(|(cell, _)| *cell == at || km_between(*cell, at) < apart)
        {
            Some(index) => index,
            None => {
                cells.push((at, Vec::new()));
                cells.len() - 1
            }
        };
        cells[index].1.push(name);
        helper.marker = Some(index + 1);
    }
    cells
        .into_iter()
        .enumerate()
        .map(|(i, (at, names))| Placed {
            number: i + 1,
            at,
            names: names.join(", "),
            near: places::nearest(at.lat, at.lon).map(places::Place::label),
        })
        .collect()
}

/// The map's spots: one a marker, counting the helpers at it.
fn spots(found: &[Found], placed: &[Placed]) -> Vec<Spot> {
    placed
        .iter()
        .map(|marker| Spot {
            point: marker.at,
            number: marker.number,
            count: found
                .iter()
                .filter(|f| f.marker == Some(marker.number))
                .count(),
        })
        .collect()
}

fn point(position: Position) -> Point {
    Point {
        lat: position.lat.get(),
        lon: position.lon.get(),
    }
}

/// The centre of the place typed to search near, if any.
fn near(typed: &str) -> Result<Option<Position>, InvalidValue> {
    if typed.trim().is_empty() {
        return Ok(None);
    }
    match places::find(typed) {
        places::Found::One(place) => Ok(Some(Position {
            lat: Latitude::new(place.lat)?,
            lon: Longitude::new(place.lon)?,
        })),
        places::Found::Several(_) => Err(InvalidValue::new("near", "names several places")),
        places::Found::Nothing => Err(InvalidValue::new("near", "is not a place we know")),
    }
}

/// What the form to ask for help holds.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AskForm {
    message: String,
    mode: String,
    need_id: String,
    form_token: String,
}

#[derive(Template)]
#[template(path = "search/ask.html")]
struct AskPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    /// Whom the seeker asks, and about what.
    offer: OfferToAsk,
    /// The offer's aspects, listed.
    aspects: String,
    modes: Vec<Mode>,
    form: AskForm,
}

/// The form to ask for help with one offer.
#[handler]
pub async fn ask_form<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, offer)): Path<(String, String)>,
) -> Response {
    let visit = pages.visit(request).await;
    // A need's suggestions link here with the need and the way of helping already chosen.
    let chosen: AskForm =
        serde_html_form::from_str(request.uri().query().unwrap_or_default()).unwrap_or_default();
    let form = AskForm {
        need_id: chosen.need_id,
        mode: chosen.mode,
        ..AskForm::default()
    };
    let shown = ask_page(&pages, &visit, (&group, &offer), form, Problems::default());
    visit.answer(shown.await)
}

async fn ask_page<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    (group, offer): (&str, &str),
    form: AskForm,
    problems: Problems,
) -> Shown {
    let (account, group) = (visit.account()?, group_of(group)?);
    let offer_id = OfferId::parse(offer).map_err(|_| Failure::Core(Error::NotFound("page")))?;
    let offer = pages.app.offer_to_ask(account, group, offer_id).await?;
    let modes = offer.modes.iter().collect();
    let status = problems.status();
    let page = AskPage {
        page: visit.chrome_with("ask-title", problems),
        group,
        aspects: offer
            .aspects
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        offer,
        modes,
        form,
    };
    Ok(html(status, &page))
}

/// Sends the request, then shows it with the helper's contact details.
#[handler]
pub async fn ask<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, offer)): Path<(String, String)>,
    Posted(form): Posted<AskForm>,
) -> Response {
    let visit = pages.visit(request).await;
    match visit.or_problems(send(&pages, &visit, &group, &offer, &form).await) {
        Ok(response) => response,
        Err(problems) => {
            let shown = ask_page(&pages, &visit, (&group, &offer), form, problems).await;
            visit.answer(shown)
        }
    }
}

async fn send<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    offer: &str,
    form: &AskForm,
) -> Shown {
    visit.check_form(&form.form_token)?;
    let (account, group) = (visit.account()?, group_of(group)?);
    let offer_id = OfferId::parse(offer).map_err(|_| Failure::Core(Error::NotFound("offer")))?;
    let mut fields = Fields::default();
    let message = fields.read(Message::parse(&form.message));
    let mode = fields.read(Mode::parse(&form.mode).map_err(|e| e.in_field("mode")));
    let need_id = fields.read(
        Some(form.need_id.as_str())
            .filter(|n| !n.is_empty())
            .map(NeedId::parse)
            .transpose(),
    );
    let new = fields.build(|| {
        Some(NewRequest {
            offer_id,
            need_id: need_id?,
            message: message?,
            mode: mode?,
        })
    })?;
    let made = pages.app.create_request(account, group, new).await?;
    let id = made.request.id;
    Ok(Redirect::see_other(format!("/groups/{group}/requests/{id}")).into_response())
}
