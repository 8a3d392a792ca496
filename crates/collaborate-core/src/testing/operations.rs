//! Sequences of use cases, drawn: each refers to the world by index.

use super::*;

/// One use case, with its actor and targets given by index into a [`World`].
#[derive(Debug, Clone)]
pub enum Op {
    /// A member publishes an offer.
    Offer {
        /// Who.
        member: Index,
        /// The offer.
        plan: OfferPlan,
    },
    /// A member pauses or resumes an offer (someone else's is refused).
    SetOfferStatus {
        /// Who: the offer's owner, or any member.
        by: OfferActor,
        /// Which of all offers.
        offer: Index,
        /// Pause, or resume.
        pause: bool,
    },
    /// A member deletes an offer.
    DeleteOffer {
        /// Who: the offer's owner, or any member.
        by: OfferActor,
        /// Which of all offers.
        offer: Index,
    },
    /// A member records a need.
    Need {
        /// Who.
        member: Index,
        /// Which area.
        area: Index,
    },
    /// A member searches.
    Search {
        /// Who.
        member: Index,
        /// Which area.
        area: Index,
        /// Which modes.
        modes: Vec<Mode>,
    },
    /// A member asks for help about an offer.
    Request {
        /// Who.
        member: Index,
        /// Which of all offers.
        offer: Index,
        /// Which mode: `None` for one the offer has.
        mode: Option<Mode>,
    },
    /// A member takes a lifecycle step on a request.
    Step {
        /// Who.
        by: RequestActor,
        /// Which of all requests.
        request: Index,
        /// Which step.
        transition: Transition,
    },
    /// A member gives feedback.
    Feedback {
        /// Who.
        by: RequestActor,
        /// Which of all requests.
        request: Index,
        /// How good.
        rating: Rating,
    },
    /// The admin changes a member's status.
    SetStatus {
        /// Whom.
        member: Index,
        /// To what.
        status: MemberStatus,
    },
    /// The admin changes the group's threshold.
    SetMinOffers {
        /// The new threshold.
        min_offers: MinOffers,
    },
    /// A member moves.
    Move {
        /// Who.
        member: Index,
        /// Where to.
        position: Option<Position>,
    },
    /// A member joins another organisation of the group, or none.
    SetOrganisation {
        /// Who.
        member: Index,
        /// Which organisation: `None` for none.
        organisation: Option<Index>,
    },
    /// A member leaves the group.
    Leave {
        /// Who.
        member: Index,
    },
    /// A member erases their account.
    Erase {
        /// Who.
        member: Index,
    },
    /// Time passes (requests may expire).
    Wait {
        /// How many days.
        days: u8,
    },
}

/// Who acts on an offer.
#[derive(Debug, Clone)]
pub enum OfferActor {
    /// The member who made it.
    Owner,
    /// Any member of the world.
    Member(Index),
}

/// Who acts on a request.
#[derive(Debug, Clone)]
pub enum RequestActor {
    /// The member who sent it.
    Seeker,
    /// The member it was sent to.
    Helper,
    /// Any member of the world.
    Member(Index),
}

fn offer_actor() -> impl Strategy<Value = OfferActor> {
    prop_oneof![4 => Just(OfferActor::Owner), 1 => any::<Index>().prop_map(OfferActor::Member)]
}

fn request_actor() -> impl Strategy<Value = RequestActor> {
    prop_oneof![
        3 => Just(RequestActor::Seeker),
        3 => Just(RequestActor::Helper),
        1 => any::<Index>().prop_map(RequestActor::Member),
    ]
}

/// Random sequences of up to `max` use cases.
pub fn operations(max: usize) -> impl Strategy<Value = Vec<Op>> {
    let op = prop_oneof![
        3 => (any::<Index>(), offer_plan()).prop_map(|(member, plan)| Op::Offer { member, plan }),
        2 => (offer_actor(), any::<Index>(), any::<bool>())
            .prop_map(|(by, offer, pause)| Op::SetOfferStatus { by, offer, pause }),
        1 => (offer_actor(), any::<Index>()).prop_map(|(by, offer)| Op::DeleteOffer { by, offer }),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(member, area)| Op::Need { member, area }),
        3 => (any::<Index>(), any::<Index>(), proptest::collection::vec(mode(), 0..3))
            .prop_map(|(member, area, modes)| Op::Search { member, area, modes }),
        4 => (any::<Index>(), any::<Index>(), prop_oneof![3 => Just(None), 1 => mode().prop_map(Some)])
            .prop_map(|(member, offer, mode)| Op::Request { member, offer, mode }),
        4 => (request_actor(), any::<Index>(), proptest::sample::select(Transition::ALL.to_vec()))
            .prop_map(|(by, request, transition)| Op::Step { by, request, transition }),
        1 => (request_actor(), any::<Index>(), (1i64..=5))
            .prop_map(|(by, request, r)| Op::Feedback {
                by,
                request,
                rating: Rating::new(r).unwrap_or_else(|_| unreachable!()),
            }),
        1 => (any::<Index>(), proptest::sample::select(MemberStatus::ALL.to_vec()))
            .prop_map(|(member, status)| Op::SetStatus { member, status }),
        1 => (1i64..=3).prop_map(|m| Op::SetMinOffers {
            min_offers: MinOffers::new(m).unwrap_or_else(|_| unreachable!()),
        }),
        1 => (any::<Index>(), proptest::option::of(position_in_the_uk()))
            .prop_map(|(member, position)| Op::Move { member, position }),
        1 => (any::<Index>(), proptest::option::of(any::<Index>()))
            .prop_map(|(member, organisation)| Op::SetOrganisation { member, organisation }),
        1 => any::<Index>().prop_map(|member| Op::Leave { member }),
        1 => any::<Index>().prop_map(|member| Op::Erase { member }),
        1 => (1u8..=10).prop_map(|days| Op::Wait { days }),
    ];
    proptest::collection::vec(op, 0..=max)
}
