//! Finding peers who can help: contributors only.

use crate::app::{Clearance, Collaborate, membership};
use crate::error::Error;
use crate::error::Result;
use crate::groups::Groups as _;
use crate::offers::{Need, OffersAndNeeds as _, Standing};
use crate::ports::{Clock, Environment};
use crate::search::{
    RECENT_REQUESTS_WINDOW, SearchHit, SearchIndex as _, SearchQuery, Seeker, rank,
};
use crate::taxonomy::Taxonomy as _;
use crate::values::{
    AccountId, Aspects, Description, DisplayName, GroupId, InvalidValue, Modes, Name, NeedStatus,
    OfferId,
};

/// What a seeker is told of the offer they are about to ask for help with: whom they ask, and
/// about what (no contact details: those come with the request).
#[derive(Debug, Clone, PartialEq)]
pub struct OfferToAsk {
    /// The helper's name.
    pub helper: DisplayName,
    /// The area.
    pub area: Name,
    /// The offer's aspects.
    pub aspects: Aspects,
    /// What the helper wrote of it.
    pub description: Description,
    /// The ways they help, to choose one.
    pub modes: Modes,
    /// The seeker's open needs in its area: those a request on it may answer.
    pub needs: Vec<Need>,
}

impl<E: Environment> Collaborate<E> {
    /// Ranked offers for the query. Needs contributor standing: *to seek, you must offer*.
    ///
    /// # Errors
    /// [`crate::Error::ReciprocityRequired`] for a member who is not a contributor;
    /// [`crate::Error::Invalid`] for an area not of this group, an aspect the area lacks, or a
    /// radius with no place to measure it from.
    #[tracing::instrument(skip_all)]
    pub async fn search(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        query: SearchQuery,
    ) -> Result<Vec<SearchHit>> {
        let now = self.clock.now();
        let mut tx = self.read().await?;
        let (group, member) = membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        let offers = tx.offers_of(group_id, member.id).await?;
        Standing::of(&offers, group.settings.min_offers).require_contributor()?;
        let area = tx
            .area(group_id, query.area_id)
            .await?
            .ok_or_else(|| InvalidValue::new("area_id", "is not an area of this group"))?;
        let query = SearchQuery {
            aspect: query
                .aspect
                .map(|a| area.resolve_aspect(&a, "aspect"))
                .transpose()?,
            ..query
        };
        let seeker = Seeker {
            member_id: member.id,
            organisation_id: member.profile.organisation_id,
            position: member.profile.location.map(|l| l.position),
        };
        if query.radius.is_some() && query.near.or(seeker.position).is_none() {
            return Err(InvalidValue::new(
                "radius_km",
                "needs a place to measure from: give lat and lon, or set a location on your profile",
            )
            .into());
        }
        if area.archived {
            return Ok(Vec::new());
        }
        let within = query
            .radius
            .zip(query.near.or(seeker.position))
            .map(|(radius, origin)| origin.bounds_within(f64::from(radius.get())).around_cells());
        let candidates = tx
            .search_candidates(group_id, area.id, within, now, now - RECENT_REQUESTS_WINDOW)
            .await?;
        Ok(rank(&seeker, &query, &candidates))
    }

    /// The offer a contributor is about to ask for help with, as search would show it: only an
    /// offer search could find (active, of another active member of the group).
    ///
    /// # Errors
    /// [`Error::ReciprocityRequired`] for a member who is not a contributor; [`Error::NotFound`]
    /// for an offer search would not show them.
    #[tracing::instrument(skip_all)]
    pub async fn offer_to_ask(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        offer_id: OfferId,
    ) -> Result<OfferToAsk> {
        let mut tx = self.read().await?;
        let (group, member) = membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        let offers = tx.offers_of(group_id, member.id).await?;
        Standing::of(&offers, group.settings.min_offers).require_contributor()?;
        let not_found = || Error::NotFound("offer");
        let offer = tx.offer(group_id, offer_id).await?.ok_or_else(not_found)?;
        let helper = tx
            .member(group_id, offer.member_id)
            .await?
            .filter(|helper| helper.id != member.id && offer.is_visible(helper))
            .ok_or_else(not_found)?;
        let area = tx
            .area(group_id, offer.topic.area_id)
            .await?
            .ok_or_else(not_found)?;
        let needs = tx
            .needs_of(group_id, member.id)
            .await?
            .into_iter()
            .filter(|n| n.status == NeedStatus::Open && n.topic.area_id == offer.topic.area_id)
            .collect();
        Ok(OfferToAsk {
            helper: helper.profile.display_name,
            area: area.name,
            aspects: offer.topic.aspects,
            description: offer.topic.description,
            modes: offer.topic.modes,
            needs,
        })
    }
}
