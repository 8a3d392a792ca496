//! The forms of an offer or a need: adding one in two steps, editing one as it stands, and
//! deleting one once asked.

use super::*;

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
    /// The version edited, on the form of an existing one.
    version: String,
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
    /// Whether an existing one is edited (its area stays).
    editing: bool,
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
        editing: false,
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
    let Read {
        topic,
        capacity,
        travel_radius,
    } = form.read(side)?;
    match side {
        Side::Offers => {
            let new = NewOffer {
                topic,
                capacity,
                travel_radius,
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
    Ok(done(group_id, side, "added"))
}

/// What the form of an offer or a need says, read.
struct Read {
    topic: Topic,
    capacity: Option<Capacity>,
    travel_radius: Option<TravelRadius>,
}

impl TopicForm {
    /// Reads every field, refusing each bad one by its name.
    fn read(&self, side: Side) -> Result<Read, Failure> {
        let mut fields = Fields::default();
        let area_id = fields.read(AreaId::parse(&self.area_id));
        let aspects = fields.read(Aspects::parse(&self.aspects));
        let description = fields.read(Description::parse(&self.description));
        let modes = fields.read(Modes::parse(&self.modes));
        let (capacity, travel_radius) = match side {
            Side::Offers => (
                fields.read(whole_number(&self.capacity, "capacity").and_then(Capacity::new)),
                fields.read(
                    optional(&self.travel_radius_km)
                        .map(|raw| number(raw, "travel_radius_km").and_then(TravelRadius::new))
                        .transpose(),
                ),
            ),
            Side::Needs => (None, Some(None)),
        };
        fields.build(|| {
            Some(Read {
                topic: Topic {
                    area_id: area_id?,
                    aspects: aspects?,
                    description: description?,
                    modes: modes?,
                    rank: None,
                },
                capacity,
                travel_radius: travel_radius?,
            })
        })
    }

    /// The form of an existing offer, as it stands.
    fn of_offer(offer: &Offer) -> Self {
        Self {
            capacity: offer.capacity.get().to_string(),
            travel_radius_km: offer
                .travel_radius
                .map(|r| r.get().to_string())
                .unwrap_or_default(),
            ..Self::of_topic(&offer.topic, offer.version)
        }
    }

    /// The form of an existing need, as it stands.
    fn of_need(need: &Need) -> Self {
        Self::of_topic(&need.topic, need.version)
    }

    fn of_topic(topic: &Topic, version: Version) -> Self {
        Self {
            area_id: topic.area_id.to_string(),
            aspects: topic.aspects.iter().map(ToString::to_string).collect(),
            description: topic.description.as_str().to_owned(),
            modes: topic.modes.iter().map(|m| m.as_str().to_owned()).collect(),
            version: version.get().to_string(),
            ..Self::default()
        }
    }
}

/// One of the caller's own offers or needs, by the id in its path: its form as it stands, and
/// its area's name for the pages that ask about it.
async fn own<E: Environment>(
    pages: &Pages<E>,
    account: AccountId,
    group: GroupId,
    side: Side,
    id: &str,
) -> Result<(TopicForm, Area), Failure> {
    let not_found = || Failure::Core(Error::NotFound("page"));
    let form = match Target::of(side, id)? {
        Target::Offer(id) => {
            let offers = pages.app.my_offers(account, group).await?;
            TopicForm::of_offer(offers.iter().find(|o| o.id == id).ok_or_else(not_found)?)
        }
        Target::Need(id) => {
            let needs = pages.app.my_needs(account, group).await?;
            TopicForm::of_need(needs.iter().find(|n| n.id == id).ok_or_else(not_found)?)
        }
    };
    let area = pages
        .app
        .list_areas(account, group)
        .await?
        .into_iter()
        .find(|a| a.id.to_string() == form.area_id)
        .ok_or_else(not_found)?;
    Ok((form, area))
}

/// The form of one of my offers or needs, filled in as it stands.
#[handler]
pub async fn edit_form<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, side, id)): Path<(String, String, String)>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = edit_page(
        &pages,
        &visit,
        (&group, &side, &id),
        None,
        Problems::default(),
    )
    .await;
    visit.answer(shown)
}

async fn edit_page<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    (group, side, id): (&str, &str, &str),
    posted: Option<TopicForm>,
    problems: Problems,
) -> Shown {
    let (account, group, side) = (visit.account()?, group_of(group)?, Side::of(side)?);
    let (stored, area) = own(pages, account, group, side, id).await?;
    let status = problems.status();
    let page = TopicPage {
        page: visit.chrome_with(&format!("{}-edit-title", side.as_str()), problems),
        side: side.as_str(),
        area,
        form: posted.unwrap_or(stored),
        modes: Mode::ALL,
        editing: true,
    };
    Ok(html(status, &page))
}

/// Saves the changes; a refused value is shown on the form, tied to its field.
#[handler]
pub async fn save<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, side, id)): Path<(String, String, String)>,
    Posted(form): Posted<TopicForm>,
) -> Response {
    let visit = pages.visit(request).await;
    let path = (group.as_str(), side.as_str(), id.as_str());
    match visit.or_problems(saved(&pages, &visit, path, &form).await) {
        Ok(response) => response,
        Err(problems) => {
            let shown = edit_page(&pages, &visit, path, Some(form), problems).await;
            visit.answer(shown)
        }
    }
}

async fn saved<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    (group, side, id): (&str, &str, &str),
    form: &TopicForm,
) -> Shown {
    visit.check_form(&form.form_token)?;
    let (account, group_id, side) = (visit.account()?, group_of(group)?, Side::of(side)?);
    let target = Target::of(side, id)?;
    let version = form.version.trim().parse().ok().map(Version::new);
    let read = form.read(side)?;
    let topic = TopicChanges {
        aspects: Some(read.topic.aspects),
        description: Some(read.topic.description),
        modes: Some(read.topic.modes),
        rank: None,
    };
    match target {
        Target::Offer(offer) => {
            let changes = OfferChanges {
                topic,
                capacity: read.capacity,
                travel_radius: read.travel_radius,
                version,
                ..OfferChanges::default()
            };
            pages
                .app
                .update_offer(account, group_id, offer, changes)
                .await?;
        }
        Target::Need(need) => {
            let changes = NeedChanges {
                topic,
                version,
                ..NeedChanges::default()
            };
            pages
                .app
                .update_need(account, group_id, need, changes)
                .await?;
        }
    }
    Ok(done(group_id, side, "saved"))
}

#[derive(Template)]
#[template(path = "offers/delete.html")]
struct DeletePage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    side: &'static str,
    area: Area,
    description: String,
}

/// Asks before deleting one of my offers or needs.
#[handler]
pub async fn delete_form<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, side, id)): Path<(String, String, String)>,
) -> Response {
    let visit = pages.visit(request).await;
    visit.answer(delete_page(&pages, &visit, (&group, &side, &id)).await)
}

async fn delete_page<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    (group, side, id): (&str, &str, &str),
) -> Shown {
    let (account, group, side) = (visit.account()?, group_of(group)?, Side::of(side)?);
    let (form, area) = own(pages, account, group, side, id).await?;
    Ok(ok(&DeletePage {
        page: visit.chrome(&format!("{}-delete-title", side.as_str())),
        group,
        side: side.as_str(),
        area,
        description: form.description,
    }))
}

/// Deletes one of my offers or needs, once asked; the core refuses one that requests refer to.
#[handler]
pub async fn delete<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, side, id)): Path<(String, String, String)>,
    Posted(form): Posted<Move>,
) -> Response {
    let visit = pages.visit(request).await;
    visit.answer(deleted(&pages, &visit, (&group, &side, &id), &form).await)
}

async fn deleted<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    (group, side, id): (&str, &str, &str),
    form: &Move,
) -> Shown {
    visit.check_form(&form.form_token)?;
    let (account, group_id, side) = (visit.account()?, group_of(group)?, Side::of(side)?);
    match Target::of(side, id)? {
        Target::Offer(offer) => pages.app.delete_offer(account, group_id, offer).await?,
        Target::Need(need) => pages.app.delete_need(account, group_id, need).await?,
    }
    Ok(done(group_id, side, "deleted"))
}

/// A field left empty is a value not given.
fn optional(raw: &str) -> Option<&str> {
    Some(raw.trim()).filter(|r| !r.is_empty())
}
