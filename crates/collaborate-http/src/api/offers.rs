//! One's offers and needs: where one is strong and where one wants to grow.

use super::Tag;
use super::shared::{
    Answer, Context, Removed, aspects, created, list_of, maybe, modes, names, path_id, rfc3339,
    text, version,
};
use crate::auth::Credentials;
use crate::payload::JsonBody;
use collaborate_core::offers::{
    Need, NeedChanges, NewNeed, NewOffer, Offer, OfferChanges, Topic, TopicChanges,
};
use collaborate_core::ports::Environment;
use collaborate_core::values::{
    AreaId, Capacity, Description, NeedId, NeedStatus, OfferId, OfferStatus, Rank, TravelRadius,
};
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::types::MaybeUndefined;
use poem_openapi::{Object, OpenApi};
use serde::Deserialize;

/// The operations on one's offers and needs.
pub struct OffersApi<E: Environment>(pub(super) Context<E>);

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::OffersAndNeeds")]
impl<E: Environment> OffersApi<E> {
    /// Your offers.
    #[oai(
        path = "/groups/:group_id/offers",
        method = "get",
        operation_id = "listOffers"
    )]
    async fn offers(&self, auth: Credentials, group_id: Path<String>) -> Answer<Json<OfferList>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let offers = self.0.app.my_offers(account, group).await?;
        Ok(Json(OfferList::of(&offers)))
    }

    /// Offer help in an area.
    #[oai(
        path = "/groups/:group_id/offers",
        method = "post",
        operation_id = "createOffer"
    )]
    async fn create_offer(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        body: JsonBody<NewOfferInput>,
    ) -> Answer<OfferCreated> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let b = body.0;
        let new = NewOffer {
            topic: Topic {
                area_id: AreaId::parse(&b.area_id)?,
                aspects: aspects(b.aspects.as_deref())?,
                description: Description::parse(&b.description)?,
                modes: modes(&b.modes, "modes")?,
                rank: b.rank.map(Rank::new).transpose()?,
            },
            capacity: b.capacity.map(Capacity::new).transpose()?,
            travel_radius: b.travel_radius_km.map(TravelRadius::new).transpose()?,
        };
        let offer = self.0.app.create_offer(account, group, new).await?;
        Ok(OfferCreated::Created(Json(OfferBody::from(&offer))))
    }

    /// Change, pause or resume one of your offers.
    #[oai(
        path = "/groups/:group_id/offers/:offer_id",
        method = "patch",
        operation_id = "updateOffer"
    )]
    async fn update_offer(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        offer_id: Path<String>,
        body: JsonBody<OfferPatch>,
    ) -> Answer<Json<OfferBody>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let offer = path_id(&offer_id, OfferId::parse, "offer")?;
        let b = body.0;
        let changes = OfferChanges {
            topic: TopicChanges {
                aspects: b.aspects.as_deref().map(|a| aspects(Some(a))).transpose()?,
                description: text(b.description, Description::parse)?,
                modes: b.modes.map(|m| modes(&m, "modes")).transpose()?,
                rank: maybe(b.rank, Rank::new)?,
            },
            capacity: b.capacity.map(Capacity::new).transpose()?,
            travel_radius: b.travel_radius_km.map(TravelRadius::new).transpose()?,
            status: b.status.as_deref().map(OfferStatus::parse).transpose()?,
            version: version(b.version),
        };
        let updated = self
            .0
            .app
            .update_offer(account, group, offer, changes)
            .await?;
        Ok(Json(OfferBody::from(&updated)))
    }

    /// Delete one of your offers that no request refers to.
    #[oai(
        path = "/groups/:group_id/offers/:offer_id",
        method = "delete",
        operation_id = "deleteOffer"
    )]
    async fn delete_offer(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        offer_id: Path<String>,
    ) -> Answer<Removed> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let offer = path_id(&offer_id, OfferId::parse, "offer")?;
        self.0.app.delete_offer(account, group, offer).await?;
        Ok(Removed::NoContent)
    }

    /// Your needs.
    #[oai(
        path = "/groups/:group_id/needs",
        method = "get",
        operation_id = "listNeeds"
    )]
    async fn needs(&self, auth: Credentials, group_id: Path<String>) -> Answer<Json<NeedList>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let needs = self.0.app.my_needs(account, group).await?;
        Ok(Json(NeedList::of(&needs)))
    }

    /// Record a need.
    #[oai(
        path = "/groups/:group_id/needs",
        method = "post",
        operation_id = "createNeed"
    )]
    async fn create_need(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        body: JsonBody<NewNeedInput>,
    ) -> Answer<NeedCreated> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let b = body.0;
        let new = NewNeed {
            topic: Topic {
                area_id: AreaId::parse(&b.area_id)?,
                aspects: aspects(b.aspects.as_deref())?,
                description: Description::parse(&b.description)?,
                modes: modes(&b.modes.unwrap_or_default(), "modes")?,
                rank: b.rank.map(Rank::new).transpose()?,
            },
        };
        let need = self.0.app.create_need(account, group, new).await?;
        Ok(NeedCreated::Created(Json(NeedBody::from(&need))))
    }

    /// Change one of your needs, or mark it met or withdrawn.
    #[oai(
        path = "/groups/:group_id/needs/:need_id",
        method = "patch",
        operation_id = "updateNeed"
    )]
    async fn update_need(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        need_id: Path<String>,
        body: JsonBody<NeedPatch>,
    ) -> Answer<Json<NeedBody>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let need = path_id(&need_id, NeedId::parse, "need")?;
        let b = body.0;
        let changes = NeedChanges {
            topic: TopicChanges {
                aspects: b.aspects.as_deref().map(|a| aspects(Some(a))).transpose()?,
                description: text(b.description, Description::parse)?,
                modes: b.modes.map(|m| modes(&m, "modes")).transpose()?,
                rank: maybe(b.rank, Rank::new)?,
            },
            status: b.status.as_deref().map(NeedStatus::parse).transpose()?,
            version: version(b.version),
        };
        let updated = self
            .0
            .app
            .update_need(account, group, need, changes)
            .await?;
        Ok(Json(NeedBody::from(&updated)))
    }

    /// Delete one of your needs that no request refers to.
    #[oai(
        path = "/groups/:group_id/needs/:need_id",
        method = "delete",
        operation_id = "deleteNeed"
    )]
    async fn delete_need(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        need_id: Path<String>,
    ) -> Answer<Removed> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let need = path_id(&need_id, NeedId::parse, "need")?;
        self.0.app.delete_need(account, group, need).await?;
        Ok(Removed::NoContent)
    }
}

/// An offer to make.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct NewOfferInput {
    /// The area.
    #[oai(validator(
        pattern = r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
    ))]
    pub area_id: String,
    /// Aspects of the area, by name (at most 30).
    #[oai(nullable, validator(max_items = 30))]
    pub aspects: Option<Vec<String>>,
    /// What the help is.
    #[oai(validator(
        max_length = 2000,
        pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
    ))]
    pub description: String,
    /// `phone`, `email`, `video`, `in_person` (at least one).
    #[oai(validator(min_items = 1))]
    pub modes: Vec<String>,
    /// Open requests at once (1–20, default 2).
    #[oai(nullable, validator(minimum(value = "1"), maximum(value = "20")))]
    pub capacity: Option<i64>,
    /// How far you travel for in-person help, 0–1000 km (default 20 km).
    #[oai(nullable, validator(minimum(value = "0"), maximum(value = "1000")))]
    pub travel_radius_km: Option<f64>,
    /// Its place in your top five (1–5).
    #[oai(nullable, validator(minimum(value = "1"), maximum(value = "5")))]
    pub rank: Option<i64>,
}

/// Changes to an offer (it stays in its area).
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct OfferPatch {
    /// Aspects of the area, by name (at most 30).
    #[oai(nullable, validator(max_items = 30))]
    pub aspects: Option<Vec<String>>,
    /// What the help is.
    #[oai(
        nullable,
        validator(
            max_length = 2000,
            pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub description: Option<String>,
    /// `phone`, `email`, `video`, `in_person` (at least one).
    #[oai(nullable, validator(min_items = 1))]
    pub modes: Option<Vec<String>>,
    /// Open requests at once (1–20).
    #[oai(nullable, validator(minimum(value = "1"), maximum(value = "20")))]
    pub capacity: Option<i64>,
    /// How far you travel for in-person help, 0–1000 km.
    #[oai(nullable, validator(minimum(value = "0"), maximum(value = "1000")))]
    pub travel_radius_km: Option<f64>,
    /// Its place in your top five (1–5); `null` unranks it.
    #[serde(default)]
    #[oai(nullable, validator(minimum(value = "1"), maximum(value = "5")))]
    pub rank: MaybeUndefined<i64>,
    /// `active` or `paused`.
    #[oai(nullable, validator(pattern = "^(active|paused)$"))]
    pub status: Option<String>,
    /// The version edited; a stale one is refused with 409 `stale`.
    #[oai(nullable)]
    pub version: Option<u32>,
}

/// A need to record.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct NewNeedInput {
    /// The area.
    #[oai(validator(
        pattern = r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
    ))]
    pub area_id: String,
    /// Aspects of the area, by name (at most 30).
    #[oai(nullable, validator(max_items = 30))]
    pub aspects: Option<Vec<String>>,
    /// What is needed.
    #[oai(validator(
        max_length = 2000,
        pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
    ))]
    pub description: String,
    /// Preferred modes.
    #[oai(nullable)]
    pub modes: Option<Vec<String>>,
    /// Its place in your top five (1–5).
    #[oai(nullable, validator(minimum(value = "1"), maximum(value = "5")))]
    pub rank: Option<i64>,
}

/// Changes to a need (it stays in its area).
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct NeedPatch {
    /// Aspects of the area, by name (at most 30).
    #[oai(nullable, validator(max_items = 30))]
    pub aspects: Option<Vec<String>>,
    /// What is needed.
    #[oai(
        nullable,
        validator(
            max_length = 2000,
            pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub description: Option<String>,
    /// Preferred modes.
    #[oai(nullable)]
    pub modes: Option<Vec<String>>,
    /// Its place in your top five (1–5); `null` unranks it.
    #[serde(default)]
    #[oai(nullable, validator(minimum(value = "1"), maximum(value = "5")))]
    pub rank: MaybeUndefined<i64>,
    /// `open`, `met` or `withdrawn`.
    #[oai(nullable, validator(pattern = "^(open|met|withdrawn)$"))]
    pub status: Option<String>,
    /// The version edited; a stale one is refused with 409 `stale`.
    #[oai(nullable)]
    pub version: Option<u32>,
}

/// An offer.
#[derive(Debug, Object)]
pub struct OfferBody {
    /// Its id.
    pub id: String,
    /// The area.
    #[oai(validator(
        pattern = r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
    ))]
    pub area_id: String,
    /// Aspects.
    pub aspects: Vec<String>,
    /// What the help is.
    pub description: String,
    /// Modes.
    pub modes: Vec<String>,
    /// Open requests at once.
    pub capacity: u32,
    /// Reach for in-person help.
    #[oai(nullable)]
    pub travel_radius_km: Option<f64>,
    /// Place in the top five.
    #[oai(nullable)]
    pub rank: Option<u32>,
    /// `active` or `paused`.
    pub status: String,
    /// Whether it counts towards contributor standing.
    pub counts: bool,
    /// Why it does not count, when it does not: `paused`, `no_aspect` or `no_mode`.
    #[oai(nullable)]
    pub not_counting: Option<String>,
    /// Version, for edits.
    pub version: u32,
    /// When it was made.
    pub created_at: String,
}

impl From<&Offer> for OfferBody {
    fn from(o: &Offer) -> Self {
        Self {
            id: o.id.to_string(),
            area_id: o.topic.area_id.to_string(),
            aspects: names(o.topic.aspects.iter()),
            description: o.topic.description.to_string(),
            modes: names(o.topic.modes.iter().map(|m| m.as_str())),
            capacity: o.capacity.get(),
            travel_radius_km: o.travel_radius.map(|r| r.get()),
            rank: o.topic.rank.map(|r| r.get()),
            status: o.status.to_string(),
            counts: o.qualifies(),
            not_counting: o.not_counting().map(|why| why.to_string()),
            version: o.version.get(),
            created_at: rfc3339(o.created_at),
        }
    }
}

/// A need.
#[derive(Debug, Object)]
pub struct NeedBody {
    /// Its id.
    pub id: String,
    /// The area.
    #[oai(validator(
        pattern = r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
    ))]
    pub area_id: String,
    /// Aspects.
    pub aspects: Vec<String>,
    /// What is needed.
    pub description: String,
    /// Preferred modes.
    pub modes: Vec<String>,
    /// Place in the top five.
    #[oai(nullable)]
    pub rank: Option<u32>,
    /// `open`, `met` or `withdrawn`.
    pub status: String,
    /// Version, for edits.
    pub version: u32,
    /// When it was recorded.
    pub created_at: String,
}

impl From<&Need> for NeedBody {
    fn from(n: &Need) -> Self {
        Self {
            id: n.id.to_string(),
            area_id: n.topic.area_id.to_string(),
            aspects: names(n.topic.aspects.iter()),
            description: n.topic.description.to_string(),
            modes: names(n.topic.modes.iter().map(|m| m.as_str())),
            rank: n.topic.rank.map(|r| r.get()),
            status: n.status.to_string(),
            version: n.version.get(),
            created_at: rfc3339(n.created_at),
        }
    }
}

list_of!(
    /// One's offers.
    whole OfferList, OfferBody
);
list_of!(
    /// One's needs.
    whole NeedList, NeedBody
);

created!(
    /// An offer made.
    OfferCreated,
    /// The offer.
    OfferBody
);
created!(
    /// A need recorded.
    NeedCreated,
    /// The need.
    NeedBody
);
