//! A member's own offers and needs.

use crate::app::{Clearance, Collaborate, check_version, membership};
use crate::error::{ConflictReason, Error, Result};
use crate::groups::{Groups as _, Member};
use crate::offers::{
    Need, NeedChanges, NewNeed, NewOffer, Offer, OfferChanges, OffersAndNeeds, Topic, TopicChanges,
    settle_modes,
};
use crate::ports::{Clock, Environment, IdSource, Transaction};
use crate::taxonomy::Taxonomy;
use crate::values::{
    AccountId, GroupId, InvalidValue, NeedId, NeedStatus, OfferId, OfferStatus, Version,
};

impl<E: Environment> Collaborate<E> {
    /// The caller's offers (a suspended member may read them).
    ///
    /// # Errors
    /// The errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn my_offers(&self, account_id: AccountId, group_id: GroupId) -> Result<Vec<Offer>> {
        let mut tx = self.read().await?;
        let (_, member) = membership(&mut tx, group_id, account_id, Clearance::OwnData).await?;
        Ok(tx.offers_of(group_id, member.id).await?)
    }

    /// Publishes an offer in one of the group's current areas.
    ///
    /// # Errors
    /// [`Error::Invalid`] for an unknown or archived area, an aspect the area lacks, or no mode.
    #[tracing::instrument(skip_all)]
    pub async fn create_offer(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        new: NewOffer,
    ) -> Result<Offer> {
        let travel_radius = settle_modes(&new.topic.modes, new.travel_radius)?;
        let mut tx = self.write().await?;
        let (_, member) = membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        tx.lock_member(group_id, member.id).await?;
        Offer::check_room(tx.offers_of(group_id, member.id).await?.len())?;
        let offer = Offer {
            id: OfferId::from_uuid(self.ids.new_id()),
            group_id,
            member_id: member.id,
            topic: topic_in_area(&mut tx, group_id, new.topic).await?,
            capacity: new.capacity.unwrap_or_default(),
            travel_radius,
            status: OfferStatus::Active,
            version: Version::FIRST,
            created_at: self.clock.now(),
        };
        tx.insert_offer(&offer).await?;
        tx.commit().await?;
        Ok(offer)
    }

    /// Changes one of the caller's offers, pauses or resumes it. Pausing may cost contributor
    /// standing; requests already open stay.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an offer that is not the caller's, [`Error::Invalid`] for a bad
    /// aspect or no mode, [`Error::Stale`] for a stale version, [`Error::Conflict`] for a move
    /// [`Offer::moves`] does not list.
    #[tracing::instrument(skip_all)]
    pub async fn update_offer(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        offer_id: OfferId,
        changes: OfferChanges,
    ) -> Result<Offer> {
        let mut tx = self.write().await?;
        let (_, member) = membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        let offer = own_offer(&mut tx, &member, offer_id).await?;
        check_version(changes.version, offer.version)?;
        offer.check_move(changes.status)?;
        let topic = changed_topic(&mut tx, group_id, &offer.topic, changes.topic).await?;
        let travel_radius =
            settle_modes(&topic.modes, changes.travel_radius.or(offer.travel_radius))?;
        let updated = Offer {
            topic,
            capacity: changes.capacity.unwrap_or(offer.capacity),
            travel_radius,
            status: changes.status.unwrap_or(offer.status),
            version: offer.version.next(),
            ..offer
        };
        tx.update_offer(&updated).await?;
        tx.commit().await?;
        Ok(updated)
    }

    /// Deletes one of the caller's offers that no request refers to.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an offer that is not the caller's; [`Error::Conflict`] when requests
    /// refer to it (pause it instead).
    #[tracing::instrument(skip_all)]
    pub async fn delete_offer(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        offer_id: OfferId,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        let (_, member) = membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        let offer = own_offer(&mut tx, &member, offer_id).await?;
        if tx.offer_has_requests(group_id, offer.id).await? {
            return Err(Error::conflict(
                ConflictReason::InUse,
                "requests refer to this offer, so it is kept for their history: pause it instead",
            ));
        }
        tx.delete_offer(group_id, offer.id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The caller's needs (a suspended member may read them).
    ///
    /// # Errors
    /// The errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn my_needs(&self, account_id: AccountId, group_id: GroupId) -> Result<Vec<Need>> {
        let mut tx = self.read().await?;
        let (_, member) = membership(&mut tx, group_id, account_id, Clearance::OwnData).await?;
        Ok(tx.needs_of(group_id, member.id).await?)
    }

    /// Records a need in one of the group's current areas.
    ///
    /// # Errors
    /// [`Error::Invalid`] for an unknown or archived area or an aspect the area lacks.
    #[tracing::instrument(skip_all)]
    pub async fn create_need(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        new: NewNeed,
    ) -> Result<Need> {
        let mut tx = self.write().await?;
        let (_, member) = membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        tx.lock_member(group_id, member.id).await?;
        let open = tx.needs_of(group_id, member.id).await?;
        Need::check_room(open.iter().filter(|n| n.status == NeedStatus::Open).count())?;
        let need = Need {
            id: NeedId::from_uuid(self.ids.new_id()),
            group_id,
            member_id: member.id,
            topic: topic_in_area(&mut tx, group_id, new.topic).await?,
            status: NeedStatus::Open,
            version: Version::FIRST,
            created_at: self.clock.now(),
        };
        tx.insert_need(&need).await?;
        tx.commit().await?;
        Ok(need)
    }

    /// Changes one of the caller's needs, or marks it met or withdrawn.
    ///
    /// # Errors
    /// [`Error::NotFound`] for a need that is not the caller's, [`Error::Invalid`] for a bad
    /// aspect, [`Error::Stale`] for a stale version, [`Error::Conflict`] for a move
    /// [`Need::moves`] does not list.
    #[tracing::instrument(skip_all)]
    pub async fn update_need(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        need_id: NeedId,
        changes: NeedChanges,
    ) -> Result<Need> {
        let mut tx = self.write().await?;
        let (_, member) = membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        let need = own_need(&mut tx, &member, need_id).await?;
        check_version(changes.version, need.version)?;
        need.check_move(changes.status)?;
        if need.status != NeedStatus::Open && changes.status == Some(NeedStatus::Open) {
            tx.lock_member(group_id, member.id).await?;
            let open = tx.needs_of(group_id, member.id).await?;
            Need::check_room(open.iter().filter(|n| n.status == NeedStatus::Open).count())?;
        }
        let updated = Need {
            topic: changed_topic(&mut tx, group_id, &need.topic, changes.topic).await?,
            status: changes.status.unwrap_or(need.status),
            version: need.version.next(),
            ..need
        };
        tx.update_need(&updated).await?;
        tx.commit().await?;
        Ok(updated)
    }

    /// Deletes one of the caller's needs that no request refers to.
    ///
    /// # Errors
    /// [`Error::NotFound`] for a need that is not the caller's; [`Error::Conflict`] when requests
    /// refer to it (mark it met or withdrawn instead).
    #[tracing::instrument(skip_all)]
    pub async fn delete_need(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        need_id: NeedId,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        let (_, member) = membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        let need = own_need(&mut tx, &member, need_id).await?;
        if tx.need_has_requests(group_id, need.id).await? {
            return Err(Error::conflict(
                ConflictReason::InUse,
                "requests refer to this need, so it is kept for their history: mark it met or withdrawn instead",
            ));
        }
        tx.delete_need(group_id, need.id).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// `topic` placed in one of the group's current areas, its aspect names spelled as the area
/// spells them.
async fn topic_in_area<T: Taxonomy>(tx: &mut T, group_id: GroupId, topic: Topic) -> Result<Topic> {
    let area = match tx.area(group_id, topic.area_id).await? {
        Some(area) if !area.archived => area,
        Some(_) => {
            return Err(InvalidValue::new(
                "area_id",
                "this area is archived and takes no new entries",
            )
            .into());
        }
        None => return Err(InvalidValue::new("area_id", "is not an area of this group").into()),
    };
    Ok(Topic {
        aspects: area.resolve_aspects(&topic.aspects, "aspects")?,
        ..topic
    })
}

/// `topic` with `changes` made, new aspect names resolved against its area.
async fn changed_topic<T: Taxonomy>(
    tx: &mut T,
    group_id: GroupId,
    topic: &Topic,
    changes: TopicChanges,
) -> Result<Topic> {
    let resolved = match &changes.aspects {
        Some(names) => {
            let area = tx
                .area(group_id, topic.area_id)
                .await?
                .ok_or(Error::NotFound("area"))?;
            Some(area.resolve_aspects(names, "aspects")?)
        }
        None => None,
    };
    Ok(topic.changed(changes, resolved))
}

/// The member's own offer; anyone else's is not found.
async fn own_offer<T: OffersAndNeeds>(
    tx: &mut T,
    member: &Member,
    offer_id: OfferId,
) -> Result<Offer> {
    tx.offer(member.group_id, offer_id)
        .await?
        .filter(|o| o.member_id == member.id)
        .ok_or(Error::NotFound("offer"))
}

/// The member's own need; anyone else's is not found.
async fn own_need<T: OffersAndNeeds>(tx: &mut T, member: &Member, need_id: NeedId) -> Result<Need> {
    tx.need(member.group_id, need_id)
        .await?
        .filter(|n| n.member_id == member.id)
        .ok_or(Error::NotFound("need"))
}
