//! Offers (strengths) and needs, and the contributor standing that offers earn.

mod lifecycle;
mod use_cases;

use crate::error::Error;
use crate::error::PortError;
use crate::groups::Member;
use crate::values::{
    AreaId, Aspects, Capacity, Description, GroupId, InvalidValue, MemberId, MinOffers, Mode,
    Modes, NeedId, NeedStatus, OfferId, OfferStatus, Rank, TravelRadius, Version,
};
use async_trait::async_trait;
use std::collections::BTreeSet;
use time::OffsetDateTime;

/// What an offer or a need is about, and how: the part the two share.
#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    /// In which area.
    pub area_id: AreaId,
    /// Which aspects of the area, spelled as the area spells them (a need may name none).
    pub aspects: Aspects,
    /// What the help is, or what is needed.
    pub description: Description,
    /// How the help is given or wished for (an offer names at least one).
    pub modes: Modes,
    /// Its place in the member's own top five, if ranked.
    pub rank: Option<Rank>,
}

/// Changes to a topic (it stays in its area); `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct TopicChanges {
    /// New aspect names, resolved against the area.
    pub aspects: Option<Aspects>,
    /// A new description.
    pub description: Option<Description>,
    /// New modes.
    pub modes: Option<Modes>,
    /// A new rank, or `Some(None)` to unrank.
    pub rank: Option<Option<Rank>>,
}

impl Topic {
    /// This topic with `changes` made, its new aspects already `resolved` against the area.
    pub fn changed(&self, changes: TopicChanges, resolved: Option<Aspects>) -> Self {
        Self {
            area_id: self.area_id,
            aspects: resolved.unwrap_or_else(|| self.aspects.clone()),
            description: changes
                .description
                .unwrap_or_else(|| self.description.clone()),
            modes: changes.modes.unwrap_or_else(|| self.modes.clone()),
            rank: changes.rank.unwrap_or(self.rank),
        }
    }
}

/// A strength: "I can help with this area and these aspects, like this, by these modes".
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    /// Its id.
    pub id: OfferId,
    /// The group.
    pub group_id: GroupId,
    /// Who offers.
    pub member_id: MemberId,
    /// What the help is about, and how it is given (never without a mode).
    pub topic: Topic,
    /// How many open requests it takes at once.
    pub capacity: Capacity,
    /// How far the helper travels, when `in_person` is one of the modes.
    pub travel_radius: Option<TravelRadius>,
    /// Whether it is open to requests.
    pub status: OfferStatus,
    /// Counts edits, for stale-edit detection.
    pub version: Version,
    /// When it was made.
    pub created_at: OffsetDateTime,
}

impl Offer {
    /// The most offers one member keeps in a group, active or paused: a profile, not a catalogue.
    pub const MOST_PER_MEMBER: usize = 30;

    /// Refuses one more offer to a member who has `held` already.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `offers` at the limit.
    pub fn check_room(held: usize) -> Result<(), InvalidValue> {
        room("offers", held, Self::MOST_PER_MEMBER)
    }

    /// Whether this offer counts towards contributor standing: active, with an aspect and a mode.
    pub fn qualifies(&self) -> bool {
        self.not_counting().is_none()
    }

    /// Why this offer does not count towards contributor standing, if it does not: the first of
    /// paused, naming no aspect, naming no mode.
    pub fn not_counting(&self) -> Option<NotCounting> {
        if self.status != OfferStatus::Active {
            Some(NotCounting::Paused)
        } else if self.topic.aspects.is_empty() {
            Some(NotCounting::NoAspect)
        } else if self.topic.modes.is_empty() {
            Some(NotCounting::NoMode)
        } else {
            None
        }
    }

    /// Whether others see this offer, of `helper`: searches find it and the area summary counts
    /// it when it is active and its helper is an active member.
    pub fn is_visible(&self, helper: &Member) -> bool {
        self.status == OfferStatus::Active && helper.is_active()
    }
}

crate::values::vocabulary!(
    /// Why an offer does not count towards contributor standing, so that a member is told.
    NotCounting, field = "counts" {
        /// It is paused: resume it.
        Paused = "paused",
        /// It names no aspect of its area: tick one.
        NoAspect = "no_aspect",
        /// It names no way of helping.
        NoMode = "no_mode",
    }
);

/// Checks an offer's modes and settles its travel radius: only in-person help travels, and an
/// in-person offer without a radius gets the default one.
///
/// # Errors
/// An [`InvalidValue`] for `modes` when there are none.
pub fn settle_modes(
    modes: &Modes,
    travel_radius: Option<TravelRadius>,
) -> Result<Option<TravelRadius>, InvalidValue> {
    if modes.is_empty() {
        return Err(InvalidValue::new(
            "modes",
            "must name at least one of phone, email, video, in_person",
        ));
    }
    Ok(modes
        .contains(Mode::InPerson)
        .then(|| travel_radius.unwrap_or_default()))
}

/// What making an offer asks for. Aspects are names, resolved against the area.
#[derive(Debug, Clone)]
pub struct NewOffer {
    /// What the help is about, and how it is given (at least one mode).
    pub topic: Topic,
    /// Open requests at once (default 2).
    pub capacity: Option<Capacity>,
    /// How far the helper travels for in-person help (default 20 km).
    pub travel_radius: Option<TravelRadius>,
}

/// Changes to an offer; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct OfferChanges {
    /// Changes to what it is about.
    pub topic: TopicChanges,
    /// A new capacity.
    pub capacity: Option<Capacity>,
    /// A new travel radius.
    pub travel_radius: Option<TravelRadius>,
    /// Pause or resume.
    pub status: Option<OfferStatus>,
    /// The version edited; a stale one is refused.
    pub version: Option<Version>,
}

/// A developmental need: where a member wants to grow.
#[derive(Debug, Clone, PartialEq)]
pub struct Need {
    /// Its id.
    pub id: NeedId,
    /// The group.
    pub group_id: GroupId,
    /// Whose need.
    pub member_id: MemberId,
    /// What is needed, and how they would like to be helped.
    pub topic: Topic,
    /// Where it stands.
    pub status: NeedStatus,
    /// Counts edits, for stale-edit detection.
    pub version: Version,
    /// When it was recorded.
    pub created_at: OffsetDateTime,
}

/// What recording a need asks for: its topic, aspect names resolved against the area.
#[derive(Debug, Clone)]
pub struct NewNeed {
    /// What is needed (aspects and modes may be none).
    pub topic: Topic,
}

impl Need {
    /// The most open needs one member keeps in a group.
    pub const MOST_OPEN_PER_MEMBER: usize = 30;

    /// Refuses one more open need to a member who has `open` already.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `needs` at the limit.
    pub fn check_room(open: usize) -> Result<(), InvalidValue> {
        room("needs", open, Self::MOST_OPEN_PER_MEMBER)
    }

    /// Whether the area summary counts this need, of `member`: open, of an active member.
    pub fn is_counted(&self, member: &Member) -> bool {
        self.status == NeedStatus::Open && member.is_active()
    }
}

fn room(field: &'static str, held: usize, most: usize) -> Result<(), InvalidValue> {
    if held >= most {
        return Err(InvalidValue::new(
            field,
            format!("you have {held}, the most a member may have in a group: withdraw one first"),
        ));
    }
    Ok(())
}

/// Changes to a need; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct NeedChanges {
    /// Changes to what is needed.
    pub topic: TopicChanges,
    /// Open, met or withdrawn.
    pub status: Option<NeedStatus>,
    /// The version edited; a stale one is refused.
    pub version: Option<Version>,
}

/// A member's contributor standing: *to seek, you must offer*.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// Distinct areas with at least one qualifying offer.
    pub qualifying_areas: u32,
    /// The group's threshold.
    pub min_offers: MinOffers,
}

impl Standing {
    /// The standing `offers` (one member's) earn in a group requiring `min_offers`: distinct areas
    /// among the active offers that name at least one aspect and one mode.
    pub fn of(offers: &[Offer], min_offers: MinOffers) -> Self {
        let areas: BTreeSet<AreaId> = offers
            .iter()
            .filter(|o| o.qualifies())
            .map(|o| o.topic.area_id)
            .collect();
        Self {
            qualifying_areas: u32::try_from(areas.len()).unwrap_or(u32::MAX),
            min_offers,
        }
    }

    /// Whether the member may search and request.
    pub fn is_contributor(&self) -> bool {
        self.qualifying_areas >= self.min_offers.get()
    }

    /// How many more qualifying offers (in new areas) would make the member a contributor.
    pub fn offers_needed(&self) -> u32 {
        self.min_offers.get().saturating_sub(self.qualifying_areas)
    }

    /// Lets a contributor through.
    ///
    /// # Errors
    /// [`Error::ReciprocityRequired`] with the number of offers still needed.
    pub fn require_contributor(&self) -> Result<(), Error> {
        if self.is_contributor() {
            Ok(())
        } else {
            Err(Error::ReciprocityRequired {
                offers_needed: self.offers_needed(),
            })
        }
    }
}

/// Offers and needs, as one part of a [`Transaction`].
///
/// [`Transaction`]: crate::ports::Transaction
#[async_trait]
pub trait OffersAndNeeds: Send {
    /// Adds an offer.
    async fn insert_offer(&mut self, offer: &Offer) -> Result<(), PortError>;

    /// Adds offers, as [`OffersAndNeeds::insert_offer`] adds each: a store may write them
    /// together.
    async fn insert_offers(&mut self, offers: &[Offer]) -> Result<(), PortError> {
        for offer in offers {
            self.insert_offer(offer).await?;
        }
        Ok(())
    }

    /// The offer with this id in the group.
    async fn offer(&mut self, group_id: GroupId, id: OfferId) -> Result<Option<Offer>, PortError>;

    /// Like [`Transaction::offer`], and holds the offer until this transaction ends, so that two
    /// transactions counting its open requests to add one are serialised.
    async fn lock_offer(
        &mut self,
        group_id: GroupId,
        id: OfferId,
    ) -> Result<Option<Offer>, PortError>;

    /// Every offer of the member, by id.
    async fn offers_of(
        &mut self,
        group_id: GroupId,
        member_id: MemberId,
    ) -> Result<Vec<Offer>, PortError>;

    /// Replaces an offer.
    async fn update_offer(&mut self, offer: &Offer) -> Result<(), PortError>;

    /// Removes an offer no request refers to.
    async fn delete_offer(&mut self, group_id: GroupId, id: OfferId) -> Result<(), PortError>;

    /// Whether any request refers to the offer.
    async fn offer_has_requests(
        &mut self,
        group_id: GroupId,
        id: OfferId,
    ) -> Result<bool, PortError>;

    /// Adds a need.
    async fn insert_need(&mut self, need: &Need) -> Result<(), PortError>;

    /// Adds needs, as [`OffersAndNeeds::insert_need`] adds each: a store may write them
    /// together.
    async fn insert_needs(&mut self, needs: &[Need]) -> Result<(), PortError> {
        for need in needs {
            self.insert_need(need).await?;
        }
        Ok(())
    }

    /// The need with this id in the group.
    async fn need(&mut self, group_id: GroupId, id: NeedId) -> Result<Option<Need>, PortError>;

    /// Every need of the member, by id.
    async fn needs_of(
        &mut self,
        group_id: GroupId,
        member_id: MemberId,
    ) -> Result<Vec<Need>, PortError>;

    /// Every offer of these members, in any order: a store may read them together.
    async fn offers_of_members(
        &mut self,
        group_id: GroupId,
        member_ids: &[MemberId],
    ) -> Result<Vec<Offer>, PortError> {
        let mut found = Vec::new();
        for member_id in member_ids {
            found.extend(self.offers_of(group_id, *member_id).await?);
        }
        Ok(found)
    }

    /// Every need of these members, in any order: a store may read them together.
    async fn needs_of_members(
        &mut self,
        group_id: GroupId,
        member_ids: &[MemberId],
    ) -> Result<Vec<Need>, PortError> {
        let mut found = Vec::new();
        for member_id in member_ids {
            found.extend(self.needs_of(group_id, *member_id).await?);
        }
        Ok(found)
    }

    /// Replaces a need.
    async fn update_need(&mut self, need: &Need) -> Result<(), PortError>;

    /// Removes a need no request refers to.
    async fn delete_need(&mut self, group_id: GroupId, id: NeedId) -> Result<(), PortError>;

    /// Whether any request refers to the need.
    async fn need_has_requests(&mut self, group_id: GroupId, id: NeedId)
    -> Result<bool, PortError>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use uuid::Uuid;

    fn offer(area: u128, aspects: &[&str], modes: &[&str], status: OfferStatus) -> Offer {
        Offer {
            topic: Topic {
                area_id: AreaId::from_uuid(Uuid::from_u128(area)),
                aspects: Aspects::parse(aspects).unwrap(),
                description: Description::parse("Happy to help").unwrap(),
                modes: Modes::parse(modes).unwrap(),
                rank: None,
            },
            id: OfferId::from_uuid(Uuid::from_u128(area * 100 + aspects.len() as u128)),
            group_id: GroupId::from_uuid(Uuid::from_u128(1)),
            member_id: MemberId::from_uuid(Uuid::from_u128(2)),
            capacity: Capacity::default(),
            travel_radius: None,
            status,
            version: Version::FIRST,
            created_at: OffsetDateTime::UNIX_EPOCH,
        }
    }

    const ACTIVE: OfferStatus = OfferStatus::Active;

    fn member(status: crate::values::MemberStatus) -> Member {
        Member {
            id: MemberId::from_uuid(Uuid::from_u128(2)),
            group_id: GroupId::from_uuid(Uuid::from_u128(1)),
            account_id: crate::values::AccountId::from_uuid(Uuid::from_u128(3)),
            role: crate::values::Role::Member,
            status,
            profile: crate::groups::Profile {
                display_name: crate::values::DisplayName::parse("Helper").unwrap(),
                organisation_id: None,
                job_title: None,
                bio: None,
                location: None,
                contact: crate::groups::ContactChannels::default(),
                preferred_modes: Modes::default(),
            },
            version: Version::FIRST,
            notifications: crate::values::NotificationPreference::Immediate,
            named_in_thanks: true,
            joined_at: OffsetDateTime::UNIX_EPOCH,
        }
    }

    #[rstest]
    #[case::active_of_an_active_member(ACTIVE, crate::values::MemberStatus::Active, true)]
    #[case::paused(OfferStatus::Paused, crate::values::MemberStatus::Active, false)]
    #[case::of_a_suspended_member(ACTIVE, crate::values::MemberStatus::Suspended, false)]
    #[case::of_a_removed_member(ACTIVE, crate::values::MemberStatus::Removed, false)]
    fn others_see_only_active_offers_of_active_members(
        #[case] status: OfferStatus,
        #[case] helper: crate::values::MemberStatus,
        #[case] visible: bool,
    ) {
        let offer = offer(1, &["a"], &["email"], status);
        assert_eq!(offer.is_visible(&member(helper)), visible);
    }

    #[rstest]
    #[case::open_of_an_active_member(NeedStatus::Open, crate::values::MemberStatus::Active, true)]
    #[case::met(NeedStatus::Met, crate::values::MemberStatus::Active, false)]
    #[case::withdrawn(NeedStatus::Withdrawn, crate::values::MemberStatus::Active, false)]
    #[case::of_one_who_left(NeedStatus::Open, crate::values::MemberStatus::Left, false)]
    fn the_summary_counts_only_open_needs_of_active_members(
        #[case] status: NeedStatus,
        #[case] who: crate::values::MemberStatus,
        #[case] counted: bool,
    ) {
        let need = Need {
            topic: offer(1, &["a"], &[], ACTIVE).topic,
            id: NeedId::from_uuid(Uuid::from_u128(9)),
            group_id: GroupId::from_uuid(Uuid::from_u128(1)),
            member_id: MemberId::from_uuid(Uuid::from_u128(2)),
            status,
            version: Version::FIRST,
            created_at: OffsetDateTime::UNIX_EPOCH,
        };
        assert_eq!(need.is_counted(&member(who)), counted);
    }

    #[test]
    fn a_member_has_room_for_offers_and_open_needs_up_to_their_limits() {
        assert!(Offer::check_room(Offer::MOST_PER_MEMBER - 1).is_ok());
        let full = Offer::check_room(Offer::MOST_PER_MEMBER).unwrap_err();
        assert_eq!(full.field(), "offers");
        assert!(full.problem().contains("you have 30"), "{}", full.problem());
        assert!(Need::check_room(Need::MOST_OPEN_PER_MEMBER - 1).is_ok());
        assert_eq!(
            Need::check_room(Need::MOST_OPEN_PER_MEMBER + 1)
                .unwrap_err()
                .field(),
            "needs"
        );
    }

    #[rstest]
    #[case::three_areas(vec![offer(1, &["a"], &["email"], ACTIVE), offer(2, &["b"], &["phone"], ACTIVE), offer(3, &["c"], &["video"], ACTIVE)], 3, true)]
    #[case::two_offers_one_area(vec![offer(1, &["a"], &["email"], ACTIVE), offer(1, &["b"], &["email"], ACTIVE), offer(2, &["c"], &["email"], ACTIVE)], 2, false)]
    #[case::one_paused(vec![offer(1, &["a"], &["email"], ACTIVE), offer(2, &["b"], &["email"], OfferStatus::Paused), offer(3, &["c"], &["email"], ACTIVE)], 2, false)]
    #[case::one_without_aspect(vec![offer(1, &["a"], &["email"], ACTIVE), offer(2, &[], &["email"], ACTIVE), offer(3, &["c"], &["email"], ACTIVE)], 2, false)]
    #[case::none(vec![], 0, false)]
    fn contributor_standing_counts_distinct_areas_of_active_offers_with_an_aspect_and_a_mode(
        #[case] offers: Vec<Offer>,
        #[case] areas: u32,
        #[case] contributor: bool,
    ) {
        let standing = Standing::of(&offers, MinOffers::default());
        assert_eq!(standing.qualifying_areas, areas);
        assert_eq!(standing.is_contributor(), contributor);
        assert_eq!(standing.offers_needed(), 3u32.saturating_sub(areas));
    }

    #[test]
    fn a_non_contributor_is_told_how_many_offers_are_missing() {
        let offers = [offer(1, &["a"], &["email"], ACTIVE)];
        let standing = Standing::of(&offers, MinOffers::default());
        assert!(matches!(
            standing.require_contributor(),
            Err(Error::ReciprocityRequired { offers_needed: 2 })
        ));
    }

    #[test]
    fn an_offer_without_a_mode_is_refused() {
        let error = settle_modes(&Modes::default(), None).unwrap_err();
        assert_eq!(error.field(), "modes");
    }

    #[rstest]
    #[case::remote_only(&["email"], Some(5.0), None)]
    #[case::in_person_default(&["in_person"], None, Some(20.0))]
    #[case::in_person_given(&["in_person", "phone"], Some(5.0), Some(5.0))]
    fn only_in_person_help_has_a_travel_radius(
        #[case] modes: &[&str],
        #[case] asked: Option<f64>,
        #[case] kept: Option<f64>,
    ) {
        let modes = Modes::parse(modes).unwrap();
        let asked = asked.map(|km| TravelRadius::new(km).unwrap());
        let settled = settle_modes(&modes, asked).unwrap();
        assert_eq!(settled.map(TravelRadius::get), kept);
    }

    #[test]
    fn a_topic_changes_only_what_is_given_and_stays_in_its_area() {
        let before = offer(7, &["a"], &["email"], ACTIVE).topic;
        let changes = TopicChanges {
            description: Some(Description::parse("Something new").unwrap()),
            rank: Some(Some(Rank::new(1).unwrap())),
            ..TopicChanges::default()
        };
        let resolved = Some(Aspects::parse(&["b"]).unwrap());

        let after = before.changed(changes, resolved.clone());

        assert_eq!(after.area_id, before.area_id);
        assert_eq!(Some(after.aspects), resolved);
        assert_eq!(after.description.as_str(), "Something new");
        assert_eq!(after.modes, before.modes);
        assert_eq!(after.rank, Some(Rank::new(1).unwrap()));
        let unchanged = before.changed(TopicChanges::default(), None);
        assert_eq!(unchanged, before);
    }
}
