//! Property-testing support for those who embed Collaborate (cargo feature `proptest`).
//!
//! - Strategies for valid values: [`email`], [`display_name`], [`position_in_the_uk`] …
//! - Whole groups: [`group_plan`] draws a taxonomy and members with offers, needs and places;
//!   [`World::build`] makes it real through the use cases of any [`Collaborate`].
//! - Sequences of use cases: [`operations`] draws [`Op`]s that refer to the world by index, so
//!   they stay meaningful whatever ids the store hands out; [`World::apply`] runs one.
//!
//! Embedders run these against their own wiring to check that the rules still hold there.

use crate::accounts::NewAccount;
use crate::groups::{MemberChanges, NewGroup, ProfileChanges, SettingsChanges};
use crate::offers::{NewNeed, NewOffer, OfferChanges, Topic};
use crate::ports::Environment;
use crate::requests::{NewFeedback, NewRequest, Transition};
use crate::search::{SearchHit, SearchQuery};
use crate::taxonomy::NewArea;
use crate::values::{
    AccountId, AreaId, Aspect, Aspects, Capacity, Description, DisplayName, Email, GroupId,
    GroupName, GrowthMode, Latitude, Limit, Location, Longitude, MemberId, MemberStatus, Message,
    MinOffers, Mode, Modes, Name, OfferId, OfferStatus, OrganisationId, Password, Position, Rank,
    Rating, RequestId, TravelRadius,
};
use crate::{Collaborate, Error};
use proptest::prelude::*;
use proptest::sample::Index;

/// Valid email addresses, distinct by `n`.
pub fn email_numbered(n: usize) -> Email {
    Email::parse(&format!("member{n}@example.org")).unwrap_or_else(|_| unreachable!())
}

/// Valid email addresses of many shapes.
pub fn email() -> impl Strategy<Value = Email> {
    (
        "[a-z][a-z0-9._+-]{0,20}",
        "[a-z][a-z0-9-]{0,10}",
        "(org|uk|com|sch\\.uk)",
    )
        .prop_filter_map("a valid address", |(local, domain, tld)| {
            Email::parse(&format!("{local}@{domain}.{tld}")).ok()
        })
}

/// Valid display names, with letters from many scripts.
pub fn display_name() -> impl Strategy<Value = DisplayName> {
    "[\\p{L}][\\p{L} .'-]{0,40}".prop_filter_map("a valid name", |s| DisplayName::parse(&s).ok())
}

/// Valid area and organisation names.
pub fn name() -> impl Strategy<Value = Name> {
    "[A-Za-z][A-Za-z0-9 &-]{0,30}".prop_filter_map("a valid name", |s| Name::parse(&s).ok())
}

/// Valid aspects.
pub fn aspect() -> impl Strategy<Value = Aspect> {
    "[A-Za-z][A-Za-z0-9 ]{0,20}".prop_filter_map("a valid aspect", |s| Aspect::parse(&s).ok())
}

/// Any mode.
pub fn mode() -> impl Strategy<Value = Mode> {
    proptest::sample::select(Mode::ALL)
}

/// Non-empty sets of modes.
pub fn modes() -> impl Strategy<Value = Modes> {
    proptest::collection::btree_set(mode(), 1..=4).prop_map(|set| set.into_iter().collect())
}

/// Any rank.
pub fn rank() -> impl Strategy<Value = Rank> {
    (1i64..=5).prop_map(|r| Rank::new(r).unwrap_or_else(|_| unreachable!()))
}

/// Any capacity.
pub fn capacity() -> impl Strategy<Value = Capacity> {
    (1i64..=20).prop_map(|c| Capacity::new(c).unwrap_or_else(|_| unreachable!()))
}

/// Positions across Great Britain.
pub fn position_in_the_uk() -> impl Strategy<Value = Position> {
    (50.0f64..58.5, -5.5f64..1.7).prop_map(|(lat, lon)| Position {
        lat: Latitude::new(lat).unwrap_or_else(|_| unreachable!()),
        lon: Longitude::new(lon).unwrap_or_else(|_| unreachable!()),
    })
}

/// The plan of a whole group: its taxonomy and its members, ready for [`World::build`].
#[derive(Debug, Clone)]
pub struct GroupPlan {
    /// Qualifying offers needed to seek.
    pub min_offers: MinOffers,
    /// Areas, each with its aspects (names are made distinct by their index).
    pub areas: Vec<Vec<Aspect>>,
    /// How many organisations.
    pub organisations: usize,
    /// The members; the first is the admin who creates the group.
    pub members: Vec<MemberPlan>,
}

/// One member of a [`GroupPlan`].
#[derive(Debug, Clone)]
pub struct MemberPlan {
    /// Their place.
    pub position: Option<Position>,
    /// Index of their organisation.
    pub organisation: Option<Index>,
    /// Their offers.
    pub offers: Vec<OfferPlan>,
}

/// One offer of a [`MemberPlan`], referring to areas and aspects by index.
#[derive(Debug, Clone)]
pub struct OfferPlan {
    /// Which area.
    pub area: Index,
    /// Which of its aspects (none if empty).
    pub aspects: Vec<Index>,
    /// How the help is given.
    pub modes: Modes,
    /// How many requests at once.
    pub capacity: Capacity,
    /// Top-five rank.
    pub rank: Option<Rank>,
    /// Whether it starts paused.
    pub paused: bool,
}

fn offer_plan() -> impl Strategy<Value = OfferPlan> {
    (
        any::<Index>(),
        prop_oneof![1 => Just(Vec::new()), 6 => proptest::collection::vec(any::<Index>(), 1..3)],
        modes(),
        (1i64..=2).prop_map(|c| Capacity::new(c).unwrap_or_else(|_| unreachable!())),
        proptest::option::of(rank()),
        proptest::bool::weighted(0.15),
    )
        .prop_map(|(area, aspects, modes, capacity, rank, paused)| OfferPlan {
            area,
            aspects,
            modes,
            capacity,
            rank,
            paused,
        })
}

/// Whole groups: 3–5 areas of (mostly) 1–4 aspects, 0–3 organisations, 2–6 members with 0–5
/// offers each, and a threshold of 1–3 offers.
pub fn group_plan() -> impl Strategy<Value = GroupPlan> {
    let member = (
        proptest::option::of(position_in_the_uk()),
        proptest::option::of(any::<Index>()),
        proptest::collection::vec(offer_plan(), 0..=6),
    )
        .prop_map(|(position, organisation, offers)| MemberPlan {
            position,
            organisation,
            offers,
        });
    (
        1i64..=3,
        proptest::collection::vec(
            prop_oneof![1 => Just(Vec::new()), 6 => proptest::collection::vec(aspect(), 1..=4)],
            3..=5,
        ),
        0usize..=3,
        proptest::collection::vec(member, 2..=6),
    )
        .prop_map(|(min, areas, organisations, members)| GroupPlan {
            min_offers: MinOffers::new(min).unwrap_or_else(|_| unreachable!()),
            areas: areas.into_iter().map(distinct_aspects).collect(),
            organisations,
            members,
        })
}

fn distinct_aspects(aspects: Vec<Aspect>) -> Vec<Aspect> {
    let mut kept: Vec<Aspect> = Vec::new();
    for aspect in aspects {
        if !kept.iter().any(|k| k.key() == aspect.key()) {
            kept.push(aspect);
        }
    }
    kept
}

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
        1 => (1u8..=10).prop_map(|days| Op::Wait { days }),
    ];
    proptest::collection::vec(op, 0..=max)
}

/// A group made real, with the ids its use cases returned, for ops to refer to by index.
#[derive(Debug, Clone)]
pub struct World {
    /// The group.
    pub group_id: GroupId,
    /// Every member's account, in plan order (the first is the admin).
    pub accounts: Vec<AccountId>,
    /// Every member's id, in plan order.
    pub members: Vec<MemberId>,
    /// The areas, in plan order.
    pub areas: Vec<(AreaId, Vec<Aspect>)>,
    /// The organisations.
    pub organisations: Vec<OrganisationId>,
    /// Every offer made so far (some may since be deleted).
    pub offers: Vec<WorldOffer>,
    /// Every request made so far.
    pub requests: Vec<WorldRequest>,
}

/// An offer of a [`World`], with who made it.
#[derive(Debug, Clone)]
pub struct WorldOffer {
    /// Its id.
    pub id: OfferId,
    /// Index of its owner in the world's members.
    pub owner: usize,
    /// Its modes when made.
    pub modes: Modes,
}

/// A request of a [`World`], with its two sides.
#[derive(Debug, Clone)]
pub struct WorldRequest {
    /// Its id.
    pub id: RequestId,
    /// Index of the seeker in the world's members.
    pub seeker: usize,
    /// Index of the helper in the world's members.
    pub helper: usize,
}

/// What an op did: nothing to do (no target), a success, or the error it met.
#[derive(Debug)]
pub enum Outcome {
    /// The op had no target (no offers or requests yet).
    Skipped,
    /// It succeeded; for a search, with the hits.
    Done(Option<Vec<SearchHit>>),
    /// It failed: the store must be as it was.
    Failed(Error),
}

fn text<T>(parse: impl Fn(&str) -> Result<T, crate::values::InvalidValue>, raw: &str) -> T {
    parse(raw).unwrap_or_else(|_| unreachable!("fixed test text is valid"))
}

impl World {
    /// Registers the plan's members (emails numbered from `first_email`), creates the group with
    /// its taxonomy, lets everyone join by code, and publishes their offers.
    ///
    /// # Errors
    /// Any use case that fails while building (none should).
    pub async fn build<E: Environment>(
        app: &Collaborate<E>,
        plan: &GroupPlan,
        first_email: usize,
    ) -> Result<Self, Error> {
        let password = text(Password::parse, "a long enough password");
        let mut accounts = Vec::new();
        for (i, _) in plan.members.iter().enumerate() {
            let account = app
                .register(NewAccount {
                    email: email_numbered(first_email + i),
                    password: password.clone(),
                    display_name: text(DisplayName::parse, &format!("Member {}", first_email + i)),
                })
                .await?
                .made()?;
            accounts.push(account.id);
        }
        let admin = accounts[0];
        let created = app
            .create_group(
                admin,
                NewGroup {
                    name: text(GroupName::parse, &format!("Group {first_email}")),
                    growth_mode: GrowthMode::Organic,
                    settings: SettingsChanges {
                        min_offers: Some(plan.min_offers),
                        ..SettingsChanges::default()
                    },
                },
            )
            .await?;
        let group_id = created.group.id;
        let code = created
            .group
            .settings
            .join_code
            .clone()
            .ok_or(Error::NotFound("join code"))?;
        let mut areas = Vec::new();
        for (i, aspects) in plan.areas.iter().enumerate() {
            let area = app
                .create_area(
                    admin,
                    group_id,
                    NewArea {
                        name: text(Name::parse, &format!("Area {i}")),
                        description: None,
                        aspects: Aspects::new(aspects.clone())?,
                    },
                )
                .await?;
            areas.push((area.id, aspects.clone()));
        }
        let mut organisations = Vec::new();
        for i in 0..plan.organisations {
            let org = app
                .create_organisation(
                    admin,
                    group_id,
                    text(Name::parse, &format!("Organisation {i}")),
                )
                .await?;
            organisations.push(org.id);
        }
        let mut world = Self {
            group_id,
            accounts: accounts.clone(),
            members: vec![created.member.id],
            areas,
            organisations,
            offers: Vec::new(),
            requests: Vec::new(),
        };
        for account in &accounts[1..] {
            world
                .members
                .push(app.join_by_code(*account, group_id, &code).await?.id);
        }
        for (i, member) in plan.members.iter().enumerate() {
            let organisation_id = member
                .organisation
                .filter(|_| !world.organisations.is_empty())
                .map(|o| *o.get(&world.organisations));
            app.update_profile(
                accounts[i],
                group_id,
                ProfileChanges {
                    organisation_id: Some(organisation_id),
                    location: Some(member.position.map(|position| Location {
                        label: None,
                        position,
                    })),
                    ..ProfileChanges::default()
                },
            )
            .await?;
            for offer in &member.offers {
                let made = world.publish(app, i, offer).await?;
                world.offers.push(made);
            }
        }
        Ok(world)
    }

    async fn publish<E: Environment>(
        &self,
        app: &Collaborate<E>,
        member: usize,
        plan: &OfferPlan,
    ) -> Result<WorldOffer, Error> {
        let (area_id, aspects) = plan.area.get(&self.areas).clone();
        let chosen = if aspects.is_empty() {
            Vec::new()
        } else {
            distinct_aspects(
                plan.aspects
                    .iter()
                    .map(|i| i.get(&aspects).clone())
                    .collect(),
            )
        };
        let new = NewOffer {
            topic: Topic {
                area_id,
                aspects: Aspects::new(chosen)?,
                description: text(Description::parse, "Glad to share what worked for us"),
                modes: plan.modes.clone(),
                rank: plan.rank,
            },
            capacity: Some(plan.capacity),
            travel_radius: Some(TravelRadius::new(40.0)?),
        };
        let account = self.accounts[member];
        let offer = app.create_offer(account, self.group_id, new).await?;
        if plan.paused {
            app.update_offer(
                account,
                self.group_id,
                offer.id,
                OfferChanges {
                    status: Some(OfferStatus::Paused),
                    ..OfferChanges::default()
                },
            )
            .await?;
        }
        Ok(WorldOffer {
            id: offer.id,
            owner: member,
            modes: offer.topic.modes,
        })
    }

    /// Runs one op against the world, remembering the offers and requests it makes.
    pub async fn apply<E: Environment>(
        &mut self,
        app: &Collaborate<E>,
        clock: &crate::simulated::ManualClock,
        op: &Op,
    ) -> Outcome {
        let account = |i: &Index| *i.get(&self.accounts);
        let group = self.group_id;
        let result: Result<Option<Vec<SearchHit>>, Error> = match op {
            Op::Offer { member, plan } => {
                let member = member.index(self.accounts.len());
                match self.publish(app, member, plan).await {
                    Ok(made) => {
                        self.offers.push(made);
                        Ok(None)
                    }
                    Err(e) => Err(e),
                }
            }
            Op::SetOfferStatus { by, offer, pause } => {
                let Some(offer) = pick(&self.offers, offer) else {
                    return Outcome::Skipped;
                };
                let status = if *pause {
                    OfferStatus::Paused
                } else {
                    OfferStatus::Active
                };
                let changes = OfferChanges {
                    status: Some(status),
                    ..OfferChanges::default()
                };
                let who = self.offer_actor(by, &offer);
                app.update_offer(who, group, offer.id, changes)
                    .await
                    .map(|_| None)
            }
            Op::DeleteOffer { by, offer } => {
                let Some(offer) = pick(&self.offers, offer) else {
                    return Outcome::Skipped;
                };
                app.delete_offer(self.offer_actor(by, &offer), group, offer.id)
                    .await
                    .map(|_| None)
            }
            Op::Need { member, area } => {
                let (area_id, _) = area.get(&self.areas).clone();
                let new = NewNeed {
                    topic: Topic {
                        area_id,
                        aspects: Aspects::default(),
                        description: text(Description::parse, "Where do I start?"),
                        modes: Modes::default(),
                        rank: None,
                    },
                };
                app.create_need(account(member), group, new)
                    .await
                    .map(|_| None)
            }
            Op::Search {
                member,
                area,
                modes,
            } => {
                let query = SearchQuery {
                    area_id: area.get(&self.areas).0,
                    aspect: None,
                    modes: modes.iter().copied().collect(),
                    near: None,
                    radius: None,
                    limit: Limit::default(),
                };
                app.search(account(member), group, query).await.map(Some)
            }
            Op::Request {
                member,
                offer,
                mode,
            } => {
                let Some(offer) = pick(&self.offers, offer) else {
                    return Outcome::Skipped;
                };
                let Some(mode) = mode.or_else(|| offer.modes.iter().next()) else {
                    return Outcome::Skipped;
                };
                let new = NewRequest {
                    offer_id: offer.id,
                    need_id: None,
                    message: text(Message::parse, "Could we talk this week?"),
                    mode,
                };
                let seeker = member.index(self.accounts.len());
                match app.create_request(self.accounts[seeker], group, new).await {
                    Ok(details) => {
                        self.requests.push(WorldRequest {
                            id: details.request.id,
                            seeker,
                            helper: offer.owner,
                        });
                        Ok(None)
                    }
                    Err(e) => Err(e),
                }
            }
            Op::Step {
                by,
                request,
                transition,
            } => {
                let Some(request) = pick(&self.requests, request) else {
                    return Outcome::Skipped;
                };
                let who = self.request_actor(by, &request);
                app.transition(who, group, request.id, *transition)
                    .await
                    .map(|_| None)
            }
            Op::Feedback {
                by,
                request,
                rating,
            } => {
                let Some(request) = pick(&self.requests, request) else {
                    return Outcome::Skipped;
                };
                let feedback = NewFeedback {
                    rating: *rating,
                    comment: None,
                };
                let who = self.request_actor(by, &request);
                app.give_feedback(who, group, request.id, feedback)
                    .await
                    .map(|_| None)
            }
            Op::SetStatus { member, status } => {
                let target = *member.get(&self.members);
                let changes = MemberChanges {
                    status: Some(*status),
                    ..MemberChanges::default()
                };
                app.update_member(self.accounts[0], group, target, changes)
                    .await
                    .map(|_| None)
            }
            Op::SetMinOffers { min_offers } => {
                let changes = crate::groups::GroupChanges {
                    settings: SettingsChanges {
                        min_offers: Some(*min_offers),
                        ..SettingsChanges::default()
                    },
                    ..Default::default()
                };
                app.update_group(self.accounts[0], group, changes)
                    .await
                    .map(|_| None)
            }
            Op::Move { member, position } => {
                let changes = ProfileChanges {
                    location: Some(position.map(|position| Location {
                        label: None,
                        position,
                    })),
                    ..ProfileChanges::default()
                };
                app.update_profile(account(member), group, changes)
                    .await
                    .map(|_| None)
            }
            Op::Wait { days } => {
                clock.advance(time::Duration::days(i64::from(*days)));
                Ok(None)
            }
        };
        match result {
            Ok(hits) => Outcome::Done(hits),
            Err(e) => Outcome::Failed(e),
        }
    }
}

impl World {
    /// The account at position `i`, wrapping round: a world whose accounts were swapped for
    /// another group's (to test tenancy) still names someone.
    fn account_at(&self, i: usize) -> AccountId {
        self.accounts[i % self.accounts.len()]
    }

    fn offer_actor(&self, by: &OfferActor, offer: &WorldOffer) -> AccountId {
        match by {
            OfferActor::Owner => self.account_at(offer.owner),
            OfferActor::Member(i) => *i.get(&self.accounts),
        }
    }

    fn request_actor(&self, by: &RequestActor, request: &WorldRequest) -> AccountId {
        match by {
            RequestActor::Seeker => self.account_at(request.seeker),
            RequestActor::Helper => self.account_at(request.helper),
            RequestActor::Member(i) => *i.get(&self.accounts),
        }
    }
}

fn pick<T: Clone>(items: &[T], index: &Index) -> Option<T> {
    (!items.is_empty()).then(|| index.get(items).clone())
}
