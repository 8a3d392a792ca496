//! A drawn group made real through the use cases, and the operations run on it.

use super::*;

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
                    areas: Vec::new(),
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
            Op::SetOrganisation {
                member,
                organisation,
            } => {
                let organisation_id = organisation
                    .filter(|_| !self.organisations.is_empty())
                    .map(|o| *o.get(&self.organisations));
                let changes = ProfileChanges {
                    organisation_id: Some(organisation_id),
                    ..ProfileChanges::default()
                };
                app.update_profile(account(member), group, changes)
                    .await
                    .map(|_| None)
            }
            Op::Leave { member } => app.leave_group(account(member), group).await.map(|()| None),
            Op::Erase { member } => app
                .erase_account(
                    account(member),
                    &text(Password::parse, "a long enough password"),
                )
                .await
                .map(|()| None),
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
