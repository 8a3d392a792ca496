//! The questionnaire answered online: a member gives their own top-five strengths and needs,
//! ranked, and they land as the import lands a row of the file — the same rules, the same code.

use crate::app::{Clearance, Collaborate, membership};
use crate::error::Result;
use crate::groups::Groups as _;
use crate::offers::{Need, Offer, OffersAndNeeds as _, Topic, settle_modes};
use crate::ports::{Clock, Environment, IdSource, Transaction as _, Tx};
use crate::questionnaire::landing::{Landing, Pending};
use crate::questionnaire::{Choice, OwnAnswers, Tally};
use crate::taxonomy::{Area, Taxonomy as _};
use crate::values::{
    AccountId, GroupId, InvalidValue, Modes, NeedId, NeedStatus, OfferId, OfferStatus, Version,
};

/// What answering the questionnaire changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AnswersSaved {
    /// Offers made and updated.
    pub offers: Tally,
    /// Needs made and updated.
    pub needs: Tally,
}

/// The questionnaire as a member sees it: the group's current areas and their answers so far.
#[derive(Debug, Clone)]
pub struct MyQuestionnaire {
    /// The areas an answer may name.
    pub areas: Vec<Area>,
    /// What their ranked offers and open needs answer now.
    pub answers: OwnAnswers,
    /// What the questionnaire opens with: those answers, and their other offers and needs in
    /// the ranks left free ([`OwnAnswers::opening`]).
    pub opening: OwnAnswers,
}

/// What saving answers would do to one offer or need: make it, or change it from `before`.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerChange {
    /// Whether it is an offer (a strength) or a need.
    pub strength: bool,
    /// Its area.
    pub area: Area,
    /// It as it is now; none for one the answers would make.
    pub before: Option<Topic>,
    /// It as the answers would leave it.
    pub after: Topic,
}

impl<E: Environment> Collaborate<E> {
    /// What saving `answers` would change of the caller's offers and needs, each as it is and
    /// as it would be, changing nothing: the same checks and the same landing as
    /// [`Collaborate::answer_questionnaire`], so a member sees before saving which aspects,
    /// ways of helping and ranks would change.
    ///
    /// # Errors
    /// As [`Collaborate::answer_questionnaire`].
    #[tracing::instrument(skip_all)]
    pub async fn preview_questionnaire(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        answers: &OwnAnswers,
    ) -> Result<Vec<AnswerChange>> {
        let mut tx = self.read().await?;
        let (_, member) = membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        let areas = tx.areas(group_id).await?;
        let (strengths, needs) = answers.choices(&areas)?;
        let offers = tx.offers_of(group_id, member.id).await?;
        let held = tx.needs_of(group_id, member.id).await?;
        let open: Vec<&Need> = held
            .iter()
            .filter(|n| n.status == NeedStatus::Open)
            .collect();
        let area_of = |id| areas.iter().find(|a: &&Area| a.id == id).cloned();
        let mut changes = Vec::new();
        let existing = offers
            .iter()
            .map(|o| {
                (
                    true,
                    &o.topic,
                    reranked(&o.topic, &strengths, &answers.modes),
                )
            })
            .chain(
                open.iter()
                    .map(|n| (false, &n.topic, reranked(&n.topic, &needs, &n.topic.modes))),
            );
        for (strength, before, after) in existing {
            if *before != after
                && let Some(area) = area_of(before.area_id)
            {
                changes.push(AnswerChange {
                    strength,
                    area,
                    before: Some(before.clone()),
                    after,
                });
            }
        }
        let made = strengths
            .iter()
            .filter(|c| !offers.iter().any(|o| o.topic.area_id == c.area_id))
            .map(|c| (true, topic_of(c, answers.modes.clone())))
            .chain(
                needs
                    .iter()
                    .filter(|c| !open.iter().any(|n| n.topic.area_id == c.area_id))
                    .map(|c| (false, topic_of(c, Modes::default()))),
            );
        for (strength, after) in made {
            if let Some(area) = area_of(after.area_id) {
                changes.push(AnswerChange {
                    strength,
                    area,
                    before: None,
                    after,
                });
            }
        }
        Ok(changes)
    }

    /// The caller's questionnaire: the areas to choose from, and their answers so far.
    ///
    /// # Errors
    /// The errors of [`membership`]; a suspended member may not answer.
    #[tracing::instrument(skip_all)]
    pub async fn my_questionnaire(
        &self,
        account_id: AccountId,
        group_id: GroupId,
    ) -> Result<MyQuestionnaire> {
        let mut tx = self.read().await?;
        let (_, member) = membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        let offers = tx.offers_of(group_id, member.id).await?;
        let needs = tx.needs_of(group_id, member.id).await?;
        let areas = tx.areas(group_id).await?;
        Ok(MyQuestionnaire {
            areas: areas.into_iter().filter(|a| !a.archived).collect(),
            answers: OwnAnswers::of(&offers, &needs),
            opening: OwnAnswers::opening(&offers, &needs),
        })
    }

    /// Saves the caller's answers to the questionnaire, as the import saves a row of the file:
    /// each strength updates their offer in its area or makes one, each need their open need in
    /// its area or makes one, and offers and needs no longer in their top five lose their rank.
    /// Nothing is deleted; all of it is saved, or nothing.
    ///
    /// # Errors
    /// [`crate::Error::Invalid`] for the first answer refused, named by its column
    /// (`strength_2`, `need_1`, `modes`), or for one offer or need more than a member may hold;
    /// the errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn answer_questionnaire(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        answers: &OwnAnswers,
    ) -> Result<AnswersSaved> {
        let mut tx = self.write().await?;
        let (_, member) = membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        tx.lock_member(group_id, member.id).await?;
        let (strengths, needs) = answers.choices(&tx.areas(group_id).await?)?;
        let offers = tx.offers_of(group_id, member.id).await?;
        let held_needs = tx.needs_of(group_id, member.id).await?;
        let mut pending = Pending::default();
        let mut landing = Landing {
            group_id,
            member: &member,
            now: self.clock.now(),
            pending: &mut pending,
        };
        let offers = self
            .land_strengths(&mut tx, &mut landing, offers, &strengths, &answers.modes)
            .await??;
        let needs = self
            .land_needs(&mut tx, &mut landing, held_needs, &needs)
            .await??;
        pending.write(&mut tx).await?;
        tx.commit().await?;
        Ok(AnswersSaved { offers, needs })
    }

    /// Each strength updates the member's offer in its area (of their `offers`), or makes one;
    /// their other offers lose their rank. The inner error refuses one offer more than a member
    /// may hold, in the strength's column.
    pub(crate) async fn land_strengths(
        &self,
        tx: &mut Tx<E>,
        landing: &mut Landing<'_>,
        mut offers: Vec<Offer>,
        strengths: &[Choice],
        modes: &Modes,
    ) -> Result<std::result::Result<Tally, InvalidValue>> {
        let mut tally = Tally::default();
        for offer in &mut offers {
            let topic = reranked(&offer.topic, strengths, modes);
            if topic != offer.topic {
                let travel_radius = settle_modes(&topic.modes, offer.travel_radius)?;
                *offer = Offer {
                    topic,
                    travel_radius,
                    version: offer.version.next(),
                    ..offer.clone()
                };
                tx.update_offer(offer).await?;
                tally.updated += 1;
            }
        }
        for choice in strengths {
            if offers.iter().any(|o| o.topic.area_id == choice.area_id) {
                continue;
            }
            if let Err(full) = Offer::check_room(offers.len()) {
                return Ok(Err(full.in_field(choice.strength_column())));
            }
            let offer = Offer {
                id: OfferId::from_uuid(self.ids.new_id()),
                group_id: landing.group_id,
                member_id: landing.member.id,
                topic: topic_of(choice, modes.clone()),
                capacity: Default::default(),
                travel_radius: settle_modes(modes, None)?,
                status: OfferStatus::Active,
                version: Version::FIRST,
                created_at: landing.now,
            };
            landing.pending.offers.push(offer.clone());
            offers.push(offer);
            tally.created += 1;
        }
        Ok(Ok(tally))
    }

    /// Each need updates the member's open need in its area (of their `needs`), or records one;
    /// their other open needs lose their rank. The inner error refuses one open need more than a
    /// member may hold, in the need's column.
    pub(crate) async fn land_needs(
        &self,
        tx: &mut Tx<E>,
        landing: &mut Landing<'_>,
        mut open: Vec<Need>,
        needs: &[Choice],
    ) -> Result<std::result::Result<Tally, InvalidValue>> {
        open.retain(|n| n.status == NeedStatus::Open);
        let mut tally = Tally::default();
        for need in &mut open {
            let topic = reranked(&need.topic, needs, &need.topic.modes);
            if topic != need.topic {
                *need = Need {
                    topic,
                    version: need.version.next(),
                    ..need.clone()
                };
                tx.update_need(need).await?;
                tally.updated += 1;
            }
        }
        for choice in needs {
            if open.iter().any(|n| n.topic.area_id == choice.area_id) {
                continue;
            }
            if let Err(full) = Need::check_room(open.len()) {
                return Ok(Err(full.in_field(choice.need_column())));
            }
            let need = Need {
                id: NeedId::from_uuid(self.ids.new_id()),
                group_id: landing.group_id,
                member_id: landing.member.id,
                topic: topic_of(choice, Modes::default()),
                status: NeedStatus::Open,
                version: Version::FIRST,
                created_at: landing.now,
            };
            landing.pending.needs.push(need.clone());
            open.push(need);
            tally.created += 1;
        }
        Ok(Ok(tally))
    }
}

/// A new offer's or need's topic, from its questionnaire answer.
fn topic_of(choice: &Choice, modes: Modes) -> Topic {
    Topic {
        area_id: choice.area_id,
        aspects: choice.aspects.clone(),
        description: choice.text.clone(),
        modes,
        rank: Some(choice.rank),
    }
}

/// `topic` as the row's answers leave it: the aspects, modes and rank of the answer in its area,
/// or no rank when the area is no longer among them.
fn reranked(topic: &Topic, answers: &[Choice], modes: &Modes) -> Topic {
    match answers.iter().find(|c| c.area_id == topic.area_id) {
        Some(choice) => Topic {
            aspects: choice.aspects.clone(),
            modes: modes.clone(),
            rank: Some(choice.rank),
            ..topic.clone()
        },
        None if topic.rank.is_some() => Topic {
            rank: None,
            ..topic.clone()
        },
        None => topic.clone(),
    }
}
