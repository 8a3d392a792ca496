//! The moves an owner makes with an offer or a need, as data: every adapter shows the moves the
//! core lists and the core refuses the others.

use super::{Need, Offer};
use crate::error::{ConflictReason, Error};
use crate::values::{NeedStatus, OfferStatus};

impl Offer {
    /// The statuses its owner may move it to: an active offer pauses, a paused one resumes.
    pub fn moves(&self) -> &'static [OfferStatus] {
        match self.status {
            OfferStatus::Active => &[OfferStatus::Paused],
            OfferStatus::Paused => &[OfferStatus::Active],
        }
    }

    /// Refuses a move [`Offer::moves`] does not list; keeping the status is no move.
    ///
    /// # Errors
    /// [`Error::Conflict`] (`wrong_state`) for a move not listed.
    pub fn check_move(&self, to: Option<OfferStatus>) -> Result<(), Error> {
        check(
            self.status,
            to,
            self.moves(),
            "an offer is either active or paused",
        )
    }
}

impl Need {
    /// The statuses its owner may move it to: an open need is met or withdrawn; a met or
    /// withdrawn one is opened again, and only then moved on, so that its history reads true.
    pub fn moves(&self) -> &'static [NeedStatus] {
        match self.status {
            NeedStatus::Open => &[NeedStatus::Met, NeedStatus::Withdrawn],
            NeedStatus::Met | NeedStatus::Withdrawn => &[NeedStatus::Open],
        }
    }

    /// Refuses a move [`Need::moves`] does not list; keeping the status is no move.
    ///
    /// # Errors
    /// [`Error::Conflict`] (`wrong_state`) for a move not listed.
    pub fn check_move(&self, to: Option<NeedStatus>) -> Result<(), Error> {
        check(
            self.status,
            to,
            self.moves(),
            "a met or withdrawn need is opened again before it is moved on",
        )
    }
}

fn check<S: PartialEq>(
    from: S,
    to: Option<S>,
    moves: &[S],
    why: &'static str,
) -> Result<(), Error> {
    match to {
        Some(to) if to != from && !moves.contains(&to) => {
            Err(Error::conflict(ConflictReason::WrongState, why))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::offers::Topic;
    use crate::values::{
        AreaId, Capacity, Description, GroupId, MemberId, Modes, NeedId, OfferId, Version,
    };
    use rstest::rstest;
    use time::OffsetDateTime;
    use uuid::Uuid;

    fn topic() -> Topic {
        Topic {
            area_id: AreaId::from_uuid(Uuid::from_u128(1)),
            aspects: crate::values::Aspects::parse(&["a"]).unwrap(),
            description: Description::parse("Happy to help").unwrap(),
            modes: Modes::parse(&["email"]).unwrap(),
            rank: None,
        }
    }

    fn an_offer() -> Offer {
        Offer {
            id: OfferId::from_uuid(Uuid::from_u128(2)),
            group_id: GroupId::from_uuid(Uuid::from_u128(3)),
            member_id: MemberId::from_uuid(Uuid::from_u128(4)),
            topic: topic(),
            capacity: Capacity::default(),
            travel_radius: None,
            status: OfferStatus::Active,
            version: Version::FIRST,
            created_at: OffsetDateTime::UNIX_EPOCH,
        }
    }

    fn a_need() -> Need {
        Need {
            id: NeedId::from_uuid(Uuid::from_u128(5)),
            group_id: GroupId::from_uuid(Uuid::from_u128(3)),
            member_id: MemberId::from_uuid(Uuid::from_u128(4)),
            topic: topic(),
            status: NeedStatus::Open,
            version: Version::FIRST,
            created_at: OffsetDateTime::UNIX_EPOCH,
        }
    }

    #[rstest]
    #[case::active(OfferStatus::Active, &[OfferStatus::Paused])]
    #[case::paused(OfferStatus::Paused, &[OfferStatus::Active])]
    fn an_offer_pauses_and_resumes(#[case] from: OfferStatus, #[case] moves: &[OfferStatus]) {
        let offer = Offer {
            status: from,
            ..an_offer()
        };
        assert_eq!(offer.moves(), moves);
        for to in OfferStatus::ALL {
            let allowed = *to == from || moves.contains(to);
            assert_eq!(offer.check_move(Some(*to)).is_ok(), allowed, "{to:?}");
        }
        assert!(offer.check_move(None).is_ok());
    }

    #[rstest]
    #[case::open(NeedStatus::Open, &[NeedStatus::Met, NeedStatus::Withdrawn])]
    #[case::met(NeedStatus::Met, &[NeedStatus::Open])]
    #[case::withdrawn(NeedStatus::Withdrawn, &[NeedStatus::Open])]
    fn a_need_is_met_or_withdrawn_and_opened_again(
        #[case] from: NeedStatus,
        #[case] moves: &[NeedStatus],
    ) {
        let need = Need {
            status: from,
            ..a_need()
        };
        assert_eq!(need.moves(), moves);
        for to in NeedStatus::ALL {
            let allowed = *to == from || moves.contains(to);
            let checked = need.check_move(Some(*to));
            assert_eq!(checked.is_ok(), allowed, "{to:?}");
            if !allowed {
                assert!(matches!(
                    checked,
                    Err(Error::Conflict {
                        reason: ConflictReason::WrongState,
                        ..
                    })
                ));
            }
        }
    }

    #[rstest]
    #[case::counting(OfferStatus::Active, &["a"], &["email"], None)]
    #[case::paused_first(OfferStatus::Paused, &[], &[], Some(crate::offers::NotCounting::Paused))]
    #[case::no_aspect(OfferStatus::Active, &[], &["email"], Some(crate::offers::NotCounting::NoAspect))]
    #[case::no_mode(OfferStatus::Active, &["a"], &[], Some(crate::offers::NotCounting::NoMode))]
    fn an_offer_says_why_it_does_not_count(
        #[case] status: OfferStatus,
        #[case] aspects: &[&str],
        #[case] modes: &[&str],
        #[case] why: Option<crate::offers::NotCounting>,
    ) {
        let mut offer = Offer {
            status,
            ..an_offer()
        };
        offer.topic.aspects = crate::values::Aspects::parse(aspects).unwrap();
        offer.topic.modes = Modes::parse(modes).unwrap();
        assert_eq!(offer.not_counting(), why);
        assert_eq!(offer.qualifies(), why.is_none());
    }
}
