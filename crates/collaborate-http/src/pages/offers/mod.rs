//! Offers and needs: where I help and where I want to grow. Adding one takes two short steps
//! that work without script: choose the area, then say what of it and how (the aspects offered
//! depend on the area chosen).

mod editing;

pub use editing::*;

use super::Pages;
use super::forms::{Fields, Posted, number, whole_number};
use super::groups::group_of;
use super::render::{Chrome, Problems, html, ok};
use super::visit::{Failure, Shown, Visit};
use askama::Template;
use collaborate_core::Error;
use collaborate_core::offers::{
    Need, NeedChanges, NewNeed, NewOffer, NotCounting, Offer, OfferChanges, Standing, Topic,
    TopicChanges,
};
use collaborate_core::paging::PageRequest;
use collaborate_core::ports::Environment;
use collaborate_core::requests::{RequestFilter, Side as RequestSide};
use collaborate_core::taxonomy::Area;
use collaborate_core::values::{
    AccountId, AreaId, Aspects, Capacity, Description, GroupId, Limit, Mode, Modes, NeedId,
    NeedStatus, OfferId, OfferStatus, OpenRequestCap, RequestStatus, TravelRadius, Version,
};
use poem::web::{Data, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use std::collections::BTreeMap;
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

/// The offer or need a path names.
#[derive(Debug, Clone, Copy)]
enum Target {
    Offer(OfferId),
    Need(NeedId),
}

impl Target {
    /// The offer or need `id` names on `side`; an id that names none is a page not found.
    fn of(side: Side, id: &str) -> Result<Self, Failure> {
        let not_found = |_| Failure::Core(Error::NotFound("page"));
        Ok(match side {
            Side::Offers => Self::Offer(OfferId::parse(id).map_err(not_found)?),
            Side::Needs => Self::Need(NeedId::parse(id).map_err(not_found)?),
        })
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
    /// Why an offer does not count towards searching, as a word of the catalogue.
    not_counting: Option<&'static str>,
    /// A need's open requests: whom the seeker asked, and where each stands.
    asked: Vec<AskedAbout>,
}

/// An open request that answers a need, as its seeker sees it on the need.
pub struct AskedAbout {
    request_id: String,
    helper: String,
    status: &'static str,
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
            not_counting: None,
            asked: Vec::new(),
        }
    }

    fn of_offer(offer: &Offer, areas: &[Area]) -> Self {
        let moves = offer.moves().iter().map(|s| s.as_str()).collect();
        Self {
            capacity: Some(offer.capacity.get()),
            travel_radius_km: offer.travel_radius.map(TravelRadius::get),
            moves,
            not_counting: offer.not_counting().map(NotCounting::as_str),
            ..Self::of_topic(
                offer.id.to_string(),
                &offer.topic,
                areas,
                offer.status.as_str(),
            )
        }
    }

    fn of_need(need: &Need, areas: &[Area], asked: Vec<AskedAbout>) -> Self {
        let moves = need.moves().iter().map(|s| s.as_str()).collect();
        Self {
            moves,
            asked,
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
    standing: Standing,
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
    let standing = pages.app.my_profile(account, group).await?.standing;
    let items = match side {
        Side::Offers => {
            let offers = pages.app.my_offers(account, group).await?;
            offers.iter().map(|o| Item::of_offer(o, &areas)).collect()
        }
        Side::Needs => {
            let needs = pages.app.my_needs(account, group).await?;
            let mut asked = asked_about(pages, account, group).await?;
            needs
                .iter()
                .map(|n| Item::of_need(n, &areas, asked.remove(&n.id).unwrap_or_default()))
                .collect()
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

/// The caller's open requests that answer one of their needs, by need.
async fn asked_about<E: Environment>(
    pages: &Pages<E>,
    account: AccountId,
    group: GroupId,
) -> Result<BTreeMap<NeedId, Vec<AskedAbout>>, Failure> {
    // One page holds them all: no seeker has more open requests than the group's cap allows.
    let page = PageRequest {
        limit: Limit::new(i64::from(OpenRequestCap::MAX))?,
        after: None,
    };
    let mut asked: BTreeMap<NeedId, Vec<AskedAbout>> = BTreeMap::new();
    for status in [RequestStatus::Pending, RequestStatus::Accepted] {
        let filter = RequestFilter {
            side: RequestSide::Seeker,
            status: Some(status),
        };
        let listed = pages
            .app
            .my_requests_named(account, group, filter, page)
            .await?;
        for listed in listed.items {
            if let Some(need) = listed.request.need_id {
                asked.entry(need).or_default().push(AskedAbout {
                    request_id: listed.request.id.to_string(),
                    helper: listed.other.map(|n| n.to_string()).unwrap_or_default(),
                    status: status.as_str(),
                });
            }
        }
    }
    Ok(asked)
}

/// The list of `side`, telling what was just `done`.
fn done(group: GroupId, side: Side, done: &str) -> Response {
    Redirect::see_other(format!("/groups/{group}/{}?done={done}", side.as_str())).into_response()
}

/// A button's move: the status to take.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Move {
    status: String,
    form_token: String,
}

/// Pauses or resumes an offer; marks a need met, withdrawn or open again: the moves the core
/// lists for it.
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
    let moved = match Target::of(side, id)? {
        Target::Offer(offer) => {
            let changes = OfferChanges {
                status: Some(OfferStatus::parse(&form.status)?),
                ..OfferChanges::default()
            };
            app.update_offer(account, group_id, offer, changes)
                .await?
                .status
                .as_str()
        }
        Target::Need(need) => {
            let changes = NeedChanges {
                status: Some(NeedStatus::parse(&form.status)?),
                ..NeedChanges::default()
            };
            app.update_need(account, group_id, need, changes)
                .await?
                .status
                .as_str()
        }
    };
    Ok(done(group_id, side, moved))
}
