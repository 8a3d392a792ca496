//! Finding peers who can help: contributors only, and never their exact place or contacts.

use super::Tag;
use super::shared::{Answer, Context, modes, names};
use crate::auth::Credentials;
use crate::errors::ApiError;
use collaborate_core::ports::Environment;
use collaborate_core::search::{SearchHit, SearchQuery};
use collaborate_core::values::{
    ApproximatePosition, AreaId, Aspect, Latitude, Limit, Longitude, Position, SearchRadius,
};
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};

/// The search.
pub struct SearchApi<E: Environment>(pub(super) Context<E>);

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Search")]
impl<E: Environment> SearchApi<E> {
    /// Find peers who can help, best first. Contributors only: 403 `reciprocity_required` until
    /// you offer help yourself.
    #[oai(
        path = "/groups/:group_id/search",
        method = "get",
        operation_id = "search"
    )]
    #[allow(clippy::too_many_arguments)]
    async fn search(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        /// The area.
        #[oai(validator(
            pattern = r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
        ))]
        area_id: Query<String>,
        /// One of the area's aspects, by name.
        aspect: Query<Option<String>>,
        /// Modes wanted (`phone`, `email`, `video`, `in_person`); repeat for several; none
        /// for any.
        #[oai(default)]
        mode: Query<Vec<String>>,
        /// Latitude of the place to search near, with `lon`.
        #[oai(validator(minimum(value = "-90"), maximum(value = "90")))]
        lat: Query<Option<f64>>,
        /// Longitude of the place to search near, with `lat`.
        #[oai(validator(minimum(value = "-180"), maximum(value = "180")))]
        lon: Query<Option<f64>>,
        /// How far from the place, in whole kilometres (measured to helpers' approximate places).
        #[oai(validator(minimum(value = "0"), maximum(value = "20000")))]
        radius_km: Query<Option<i64>>,
        /// How many results (1–500, default 50).
        #[oai(validator(minimum(value = "1"), maximum(value = "500")))]
        limit: Query<Option<i64>>,
    ) -> Answer<Json<SearchResults>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let near = match (lat.0, lon.0) {
            (Some(lat), Some(lon)) => Some(Position {
                lat: Latitude::new(lat)?,
                lon: Longitude::new(lon)?,
            }),
            (None, None) => None,
            (Some(_), None) => {
                return Err(ApiError::invalid("lon", "lon: give lat and lon together"));
            }
            (None, Some(_)) => {
                return Err(ApiError::invalid("lat", "lat: give lat and lon together"));
            }
        };
        let query = SearchQuery {
            area_id: AreaId::parse(&area_id.0)?,
            aspect: aspect
                .0
                .as_deref()
                .map(Aspect::parse)
                .transpose()
                .map_err(|e| e.in_field("aspect"))?,
            modes: modes(&mode.0, "mode")?,
            near,
            radius: radius_km.0.map(SearchRadius::new).transpose()?,
            limit: limit.0.map(Limit::new).transpose()?.unwrap_or_default(),
        };
        let hits = self.0.app.search(account, group, query).await?;
        Ok(Json(SearchResults {
            items: hits.iter().map(SearchHitBody::from).collect(),
        }))
    }
}

/// A position to about a kilometre.
#[derive(Debug, Object)]
pub struct ApproximateLocation {
    /// Latitude, rounded.
    pub lat: f64,
    /// Longitude, rounded.
    pub lon: f64,
}

impl From<ApproximatePosition> for ApproximateLocation {
    fn from(p: ApproximatePosition) -> Self {
        Self {
            lat: p.lat,
            lon: p.lon,
        }
    }
}

/// What search shows of a peer: no contact details, no exact position.
#[derive(Debug, Object)]
pub struct PeerBody {
    /// The member.
    pub member_id: String,
    /// Their name.
    pub display_name: String,
    /// Their organisation.
    #[oai(nullable)]
    pub organisation: Option<String>,
    /// Their job title.
    #[oai(nullable)]
    pub job_title: Option<String>,
    /// Where they are, to about a kilometre.
    #[oai(nullable)]
    pub approximate_location: Option<ApproximateLocation>,
}

/// One factor of a score.
#[derive(Debug, Object)]
pub struct ScorePartBody {
    /// `aspect_match`, `mode_fit`, `proximity`, `spare_capacity`, `few_recent_requests`,
    /// `top_strength` or `other_organisation`.
    pub factor: String,
    /// Points it gave.
    pub points: u32,
}

/// Why a result ranks where it does.
#[derive(Debug, Object)]
pub struct ScoreBody {
    /// The total.
    pub total: u32,
    /// What contributed.
    pub parts: Vec<ScorePartBody>,
}

/// One search result.
#[derive(Debug, Object)]
pub struct SearchHitBody {
    /// The offer.
    pub offer_id: String,
    /// Its aspects.
    pub aspects: Vec<String>,
    /// Its description.
    pub description: String,
    /// Its modes.
    pub modes: Vec<String>,
    /// Its rank in the helper's top five.
    #[oai(nullable)]
    pub rank: Option<u32>,
    /// Requests it can still take.
    pub spare_capacity: u32,
    /// The peer.
    pub peer: PeerBody,
    /// Distance in whole kilometres, when both places are known.
    #[oai(nullable)]
    pub distance_km: Option<f64>,
    /// The score and its parts.
    pub score: ScoreBody,
}

impl From<&SearchHit> for SearchHitBody {
    fn from(h: &SearchHit) -> Self {
        Self {
            offer_id: h.offer_id.to_string(),
            aspects: names(h.aspects.iter()),
            description: h.description.to_string(),
            modes: names(h.modes.iter().map(|m| m.as_str())),
            rank: h.rank.map(|r| r.get()),
            spare_capacity: h.spare_capacity,
            peer: PeerBody {
                member_id: h.peer.member_id.to_string(),
                display_name: h.peer.display_name.to_string(),
                organisation: h.peer.organisation.as_ref().map(ToString::to_string),
                job_title: h.peer.job_title.as_ref().map(ToString::to_string),
                approximate_location: h.peer.approximate_position.map(ApproximateLocation::from),
            },
            distance_km: h.distance_km,
            score: ScoreBody {
                total: h.score.total,
                parts: h
                    .score
                    .parts
                    .iter()
                    .map(|p| ScorePartBody {
                        factor: p.factor.as_str().to_owned(),
                        points: p.points,
                    })
                    .collect(),
            },
        }
    }
}

/// Search results.
#[derive(Debug, Object)]
pub struct SearchResults {
    /// Best first.
    pub items: Vec<SearchHitBody>,
}
