//! Peer Assists, as their people use them: convene, choose the panel, invite, answer,
//! schedule, meet to a plan, record, follow up, publish the lesson; and the reminders of
//! actions due.

use super::panel::{self, Candidate, Panel, PanelAsk};
use super::{
    ActionChanges, Agenda, Lesson, Move, NewLesson, NewPeerAssist, PeerAssist, PeerAssistChanges,
    PeerAssistFilter, PeerAssists as _, Reader,
};
use crate::app::{Clearance, Collaborate, membership};
use crate::audit::AuditAction;
use crate::error::{ConflictReason, Error, Result};
use crate::groups::{Group, Groups as _, Member};
use crate::notifications::Notice;
use crate::notifications::use_cases::notify;
use crate::offers::{OffersAndNeeds as _, Standing};
use crate::paging::{Page, PageRequest};
use crate::ports::{Clock, Environment, IdSource, Transaction, Tx};
use crate::taxonomy::Taxonomy as _;
use crate::values::{
    AccountId, ActionId, ActionStatus, ActionText, AreaId, DisplayName, GroupId, InvalidValue,
    LessonId, MemberId, MemberStatus, Message, Name, PanelSize, PeerAssistId, PeerAssistRole,
    PeerAssistStatus, Phase, PhaseNotes, Role,
};
use std::collections::{BTreeMap, BTreeSet};
use time::{Date, Duration, OffsetDateTime};

/// How far back a panel looks to see who was asked lately ("avoid the usual suspects").
pub const ASKED_LATELY_WINDOW: Duration = Duration::days(90);

/// How long before an action is due its owner is reminded.
pub const ACTION_DUE_NOTICE: Duration = Duration::days(2);

/// How many Peer Assists one run of the action reminders reads.
const REMINDERS_PER_RUN: usize = 200;

/// A Peer Assist as one of its people (or an admin) sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct PeerAssistView {
    /// The Peer Assist; without its notes, actions and updates for an invitee who declined.
    pub peer_assist: PeerAssist,
    /// The name each member in it goes by now.
    pub names: BTreeMap<MemberId, DisplayName>,
    /// The names of its areas.
    pub area_names: BTreeMap<AreaId, Name>,
    /// What the reader may do now.
    pub moves: BTreeSet<Move>,
    /// How the reader takes part (none for an admin who only oversees it).
    pub roles: BTreeSet<PeerAssistRole>,
    /// Who it was read by.
    pub reader: Reader,
    /// The plan of the meeting.
    pub plan: Agenda,
    /// Its published lesson, if any.
    pub lesson: Option<Lesson>,
}

/// A suggested panel, with what the convenor needs to judge it.
#[derive(Debug, Clone, PartialEq)]
pub struct PanelView {
    /// The panel.
    pub panel: Panel,
    /// The name of each person suggested.
    pub names: BTreeMap<MemberId, DisplayName>,
    /// The organisation of each person suggested who has one.
    pub organisations: BTreeMap<MemberId, Name>,
    /// The names of the areas wanted.
    pub area_names: BTreeMap<AreaId, Name>,
    /// Others who offer the areas wanted, to pick by hand: the least asked first, at most
    /// [`MOST_OTHERS`].
    pub others: Vec<panel::Suggested>,
}

/// The most people a panel lists beside those it suggests, to pick by hand.
pub const MOST_OTHERS: usize = 40;

/// A published lesson, as the group finds it.
#[derive(Debug, Clone, PartialEq)]
pub struct LessonView {
    /// The lesson.
    pub lesson: Lesson,
    /// The names of its areas.
    pub area_names: BTreeMap<AreaId, Name>,
}

/// The reader a member is.
fn reader(member: &Member) -> Reader {
    let active = member.status == MemberStatus::Active;
    Reader {
        member_id: member.id,
        admin: active && member.role == Role::Admin,
        active,
    }
}

impl<E: Environment> Collaborate<E> {
    /// The caller convenes a Peer Assist, as a draft. Convening is seeking help: it needs
    /// contributor standing (rule 8), and the date must leave time to change course (rule 10).
    ///
    /// # Errors
    /// [`Error::ReciprocityRequired`]; [`Error::Invalid`] for `starts_at` too soon and for
    /// `area_ids` none, too many or not of the group; the errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn convene_peer_assist(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        new: NewPeerAssist,
    ) -> Result<PeerAssistView> {
        let now = self.clock.now();
        let mut tx = self.write().await?;
        let (group, me) = membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        let offers = tx.offers_of(group_id, me.id).await?;
        Standing::of(&offers, group.settings.min_offers).require_contributor()?;
        check_areas_exist(&mut tx, group_id, &new.areas).await?;
        let peer_assist = PeerAssist::convene(
            PeerAssistId::from_uuid(self.ids.new_id()),
            group_id,
            me.id,
            new,
            group.settings.peer_assist_min_days_ahead,
            now,
        )?;
        tx.insert_peer_assist(&peer_assist).await?;
        let view = view_of(&mut tx, peer_assist, &reader(&me), self.clock.now()).await?;
        tx.commit().await?;
        Ok(view)
    }

    /// One Peer Assist, as the caller may see it: its people and the group's admins (rule 13).
    ///
    /// # Errors
    /// [`Error::NotFound`] for one the caller is not in (unless an admin); the errors of
    /// [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn peer_assist(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        id: PeerAssistId,
    ) -> Result<PeerAssistView> {
        let mut tx = self.read().await?;
        let (_, me) = membership(&mut tx, group_id, account_id, Clearance::OwnData).await?;
        let reader = reader(&me);
        let peer_assist = visible(&mut tx, group_id, id, &reader).await?;
        view_of(&mut tx, peer_assist, &reader, self.clock.now()).await
    }

    /// The Peer Assists the caller is in (in `role`, `status` when given), newest first; every
    /// one of the group for an admin asking for `all`.
    ///
    /// # Errors
    /// [`Error::Forbidden`] for `all` asked by a member who is not an admin; the errors of
    /// [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn peer_assists(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        mut filter: PeerAssistFilter,
        all: bool,
        page: PageRequest,
    ) -> Result<Page<PeerAssistView>> {
        let mut tx = self.read().await?;
        let (_, me) = membership(&mut tx, group_id, account_id, Clearance::OwnData).await?;
        let reader = reader(&me);
        if all && !reader.admin {
            return Err(Error::Forbidden(
                "only the group's admins see every Peer Assist",
            ));
        }
        if !all {
            filter.involving = Some(me.id);
        }
        let found = Page::from_fetched(
            tx.peer_assists(group_id, &filter, page).await?,
            &page,
            |p| p.id.as_uuid(),
        );
        let mut items = Vec::with_capacity(found.items.len());
        for peer_assist in found.items {
            items.push(view_of(&mut tx, peer_assist, &reader, self.clock.now()).await?);
        }
        Ok(Page {
            items,
            next_cursor: found.next_cursor,
        })
    }

    /// The convenor changes what it is about, or when and where it meets; once scheduled, its
    /// people are told the meeting moved.
    ///
    /// # Errors
    /// As [`PeerAssist::changed`] and [`PeerAssist::check`]; [`Error::Invalid`] for
    /// `area_ids` not of the group.
    #[tracing::instrument(skip_all)]
    pub async fn change_peer_assist(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        id: PeerAssistId,
        changes: PeerAssistChanges,
    ) -> Result<PeerAssistView> {
        let now = self.clock.now();
        let mut tx = self.write().await?;
        let (group, me, before) = acting(&mut tx, group_id, account_id, id, Move::Edit).await?;
        if let Some(areas) = &changes.areas {
            check_areas_exist(&mut tx, group_id, areas).await?;
        }
        let after = before.changed(changes, group.settings.peer_assist_min_days_ahead, now)?;
        tx.update_peer_assist(&after).await?;
        if before.moved_in(&after) {
            tell(
                &mut tx,
                &self.ids,
                &after,
                &others(&after, me.id),
                Notice::PeerAssistMoved(id),
                now,
            )
            .await?;
        }
        let view = view_of(&mut tx, after, &reader(&me), self.clock.now()).await?;
        tx.commit().await?;
        Ok(view)
    }

    /// A suggested panel of `size` for the convenor ("Panels"): it changes nothing.
    ///
    /// # Errors
    /// As [`PeerAssist::check`] for [`Move::SuggestPanel`]; the errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn suggest_panel(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        id: PeerAssistId,
        size: PanelSize,
    ) -> Result<PanelView> {
        let now = self.clock.now();
        let mut tx = self.read().await?;
        let (_, me, peer_assist) =
            acting(&mut tx, group_id, account_id, id, Move::SuggestPanel).await?;
        let asked = tx.asked_lately(group_id, now - ASKED_LATELY_WINDOW).await?;
        let mut candidates: BTreeMap<MemberId, Candidate> = BTreeMap::new();
        for available in tx.available_in(group_id, &peer_assist.areas).await? {
            let candidate = candidates
                .entry(available.member_id)
                .or_insert_with(|| Candidate {
                    member_id: available.member_id,
                    organisation_id: available.organisation_id,
                    areas: BTreeSet::new(),
                    top_strengths: BTreeSet::new(),
                    newer: !asked.helped_before.contains(&available.member_id),
                    asked_lately: asked_of(&asked, available.member_id),
                    facilitated: asked
                        .facilitated
                        .get(&available.member_id)
                        .copied()
                        .unwrap_or(0),
                });
            for (area, rank) in available.offers {
                if peer_assist.areas.contains(&area) {
                    candidate.areas.insert(area);
                    if rank.is_some() {
                        candidate.top_strengths.insert(area);
                    }
                }
            }
        }
        // Those who facilitated before are candidates to facilitate, whatever they offer.
        for (member_id, facilitated) in &asked.facilitated {
            if candidates.contains_key(member_id) {
                continue;
            }
            let Some(member) = tx.member(group_id, *member_id).await? else {
                continue;
            };
            if member.is_active() {
                candidates.insert(
                    member.id,
                    Candidate {
                        member_id: member.id,
                        organisation_id: member.profile.organisation_id,
                        areas: BTreeSet::new(),
                        top_strengths: BTreeSet::new(),
                        newer: !asked.helped_before.contains(&member.id),
                        asked_lately: asked_of(&asked, member.id),
                        facilitated: *facilitated,
                    },
                );
            }
        }
        let candidates: Vec<Candidate> = candidates
            .into_values()
            .filter(|c| c.member_id != me.id)
            .collect();
        let mut suggested = panel::suggest(
            &PanelAsk {
                convenor: me.id,
                convenor_organisation: me.profile.organisation_id,
                wanted: peer_assist.areas.clone(),
                size,
            },
            &candidates,
        );
        // The facilitator invited already stays the first choice, and is not also seated.
        if let Some(invited) = &peer_assist.facilitator {
            suggested
                .participants
                .retain(|p| p.member_id != invited.member_id);
            if !suggested
                .facilitators
                .iter()
                .any(|f| f.member_id == invited.member_id)
            {
                suggested.facilitators.insert(
                    0,
                    panel::Suggested {
                        member_id: invited.member_id,
                        covers: Vec::new(),
                        reasons: Vec::new(),
                    },
                );
            }
        }
        let organisation_names: BTreeMap<_, _> = tx
            .organisations(group_id)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect();
        let mut others: Vec<&Candidate> = candidates
            .iter()
            .filter(|c| !c.areas.is_empty())
            .filter(|c| {
                !suggested
                    .participants
                    .iter()
                    .chain(&suggested.facilitators)
                    .any(|s| s.member_id == c.member_id)
            })
            .collect();
        others.sort_by_key(|c| (c.asked_lately, c.member_id));
        let others: Vec<panel::Suggested> = others
            .into_iter()
            .take(MOST_OTHERS)
            .map(|c| panel::Suggested {
                member_id: c.member_id,
                covers: c.areas.iter().copied().collect(),
                reasons: Vec::new(),
            })
            .collect();
        let people: Vec<MemberId> = suggested
            .participants
            .iter()
            .chain(&suggested.facilitators)
            .chain(&others)
            .map(|s| s.member_id)
            .collect();
        let names = names_of(&mut tx, group_id, people.iter().copied()).await?;
        let organisations = candidates
            .iter()
            .filter(|c| people.contains(&c.member_id))
            .filter_map(|c| {
                let name = organisation_names.get(&c.organisation_id?)?;
                Some((c.member_id, name.clone()))
            })
            .collect();
        let area_names = area_names(&mut tx, group_id).await?;
        Ok(PanelView {
            panel: suggested,
            names,
            organisations,
            area_names,
            others,
        })
    }

    /// The convenor invites a facilitator from outside their organisation (rule 9) and the
    /// participants, or changes who is invited while it is `inviting`; those newly invited
    /// are told, and each invitation is audited.
    ///
    /// # Errors
    /// As [`PeerAssist::invited`] and [`PeerAssist::check`]; [`Error::Invalid`] for
    /// `facilitator_id` or `participant_ids` naming someone who is not an active member.
    #[tracing::instrument(skip_all)]
    pub async fn invite_to_peer_assist(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        id: PeerAssistId,
        facilitator_id: MemberId,
        participant_ids: Vec<MemberId>,
    ) -> Result<PeerAssistView> {
        let now = self.clock.now();
        let (mut tx, me, before) = self.begin(account_id, group_id, id, Move::Invite).await?;
        let facilitator =
            active_member(&mut tx, group_id, facilitator_id, "facilitator_id").await?;
        for participant in &participant_ids {
            active_member(&mut tx, group_id, *participant, "participant_ids").await?;
        }
        let (after, fresh) = before.invited(
            (facilitator.id, facilitator.profile.organisation_id),
            &participant_ids,
            me.profile.organisation_id,
            now,
        )?;
        let audits = fresh.iter().map(|member| {
            let role = after
                .invitation_of(*member)
                .map_or(PeerAssistRole::Participant, |(role, _)| role);
            Effect::Audit(AuditAction::PeerAssistInvited {
                peer_assist_id: id,
                subject_id: *member,
                role,
            })
        });
        let effects = std::iter::once(Effect::Tell(
            fresh.clone(),
            Notice::PeerAssistInvitation(id),
        ))
        .chain(audits)
        .collect();
        self.finish(tx, &me, after, effects, now).await
    }

    /// An invitee accepts or declines; the convenor is told.
    ///
    /// # Errors
    /// As [`PeerAssist::answered`] and [`PeerAssist::check`].
    #[tracing::instrument(skip_all)]
    pub async fn respond_to_peer_assist(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        id: PeerAssistId,
        accept: bool,
    ) -> Result<PeerAssistView> {
        let now = self.clock.now();
        let (tx, me, before) = self.begin(account_id, group_id, id, Move::Respond).await?;
        let (after, _) = before.answered(me.id, accept, now)?;
        let told = Effect::Tell(vec![after.convenor], Notice::PeerAssistReply(id));
        self.finish(tx, &me, after, vec![told], now).await
    }

    /// The convenor schedules it (rule 11): its people are told, with the calendar file, and
    /// the members with open needs in its areas hear that it is planned (rule 13b).
    ///
    /// # Errors
    /// As [`PeerAssist::scheduled`] and [`PeerAssist::check`].
    #[tracing::instrument(skip_all)]
    pub async fn schedule_peer_assist(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        id: PeerAssistId,
    ) -> Result<PeerAssistView> {
        let now = self.clock.now();
        let (mut tx, me, before) = self.begin(account_id, group_id, id, Move::Schedule).await?;
        let accepted: Vec<MemberId> = before
            .participants
            .iter()
            .filter(|p| p.accepted())
            .map(|p| p.member_id)
            .collect();
        check_people_still_fit(&mut tx, &before, &accepted).await?;
        let mut covers: BTreeMap<MemberId, BTreeSet<AreaId>> = BTreeMap::new();
        for offer in tx.offers_of_members(group_id, &accepted).await? {
            if offer.qualifies() {
                covers
                    .entry(offer.member_id)
                    .or_default()
                    .insert(offer.topic.area_id);
            }
        }
        let after = before.scheduled(&covers, now)?;
        let people = after.people();
        let needing: Vec<MemberId> = tx
            .members_needing(group_id, &after.areas)
            .await?
            .into_iter()
            .filter(|m| !people.contains(m))
            .collect();
        let effects = vec![
            // Everyone coming, the convenor too: each gets the calendar invitation.
            Effect::Tell(after.attendees(), Notice::PeerAssistScheduled(id)),
            Effect::Tell(needing, Notice::PeerAssistPlanned(id)),
            Effect::Audit(AuditAction::PeerAssistScheduled { peer_assist_id: id }),
        ];
        self.finish(tx, &me, after, effects, now).await
    }

    /// The convenor or the facilitator writes the notes of a phase.
    ///
    /// # Errors
    /// As [`PeerAssist::check`] for [`Move::WriteNotes`].
    #[tracing::instrument(skip_all)]
    pub async fn write_phase_notes(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        id: PeerAssistId,
        phase: Phase,
        notes: PhaseNotes,
    ) -> Result<PeerAssistView> {
        let now = self.clock.now();
        self.step(account_id, group_id, id, Move::WriteNotes, |before, me| {
            Ok(before.noted(phase, notes, me.id, now))
        })
        .await
    }

    /// The convenor or the facilitator records that the meeting took place.
    ///
    /// # Errors
    /// As [`PeerAssist::held`] and [`PeerAssist::check`].
    #[tracing::instrument(skip_all)]
    pub async fn mark_peer_assist_held(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        id: PeerAssistId,
    ) -> Result<PeerAssistView> {
        let now = self.clock.now();
        self.step(account_id, group_id, id, Move::MarkHeld, |before, _| {
            before.held(now)
        })
        .await
    }

    /// The convenor records an action agreed.
    ///
    /// # Errors
    /// As [`PeerAssist::with_action`] and [`PeerAssist::check`].
    #[tracing::instrument(skip_all)]
    pub async fn add_peer_assist_action(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        id: PeerAssistId,
        what: ActionText,
        owner: Option<MemberId>,
        due_on: Date,
    ) -> Result<PeerAssistView> {
        let now = self.clock.now();
        let action_id = ActionId::from_uuid(self.ids.new_id());
        self.step(account_id, group_id, id, Move::AddAction, |before, _| {
            before.with_action(action_id, what, owner, due_on, now)
        })
        .await
    }

    /// The convenor changes an action, or its owner marks it done or dropped.
    ///
    /// # Errors
    /// As [`PeerAssist::action_changed`] and [`PeerAssist::check`].
    #[tracing::instrument(skip_all)]
    pub async fn change_peer_assist_action(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        id: PeerAssistId,
        action_id: ActionId,
        changes: ActionChanges,
    ) -> Result<PeerAssistView> {
        let now = self.clock.now();
        self.step(
            account_id,
            group_id,
            id,
            Move::ChangeAction,
            |before, me| before.action_changed(action_id, &reader(me), changes, now),
        )
        .await
    }

    /// The convenor adjusts the meeting's agenda (rule 13a).
    ///
    /// # Errors
    /// As [`PeerAssist::with_agenda`] and [`PeerAssist::check`].
    #[tracing::instrument(skip_all)]
    pub async fn set_peer_assist_agenda(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        id: PeerAssistId,
        agenda: Agenda,
    ) -> Result<PeerAssistView> {
        let now = self.clock.now();
        self.step(account_id, group_id, id, Move::EditAgenda, |before, _| {
            before.with_agenda(agenda, now)
        })
        .await
    }

    /// The convenor tells everyone in it what came of it; the first update follows it up.
    ///
    /// # Errors
    /// As [`PeerAssist::updated`] and [`PeerAssist::check`].
    #[tracing::instrument(skip_all)]
    pub async fn send_peer_assist_update(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        id: PeerAssistId,
        message: Message,
    ) -> Result<PeerAssistView> {
        let now = self.clock.now();
        let (tx, me, before) = self
            .begin(account_id, group_id, id, Move::SendUpdate)
            .await?;
        let after = before.updated(message, now)?;
        // What came of it goes to those who came.
        let came: Vec<MemberId> = after
            .attendees()
            .into_iter()
            .filter(|m| *m != me.id)
            .collect();
        let told = Effect::Tell(came, Notice::PeerAssistUpdate(id));
        self.finish(tx, &me, after, vec![told], now).await
    }

    /// The convenor, or an admin, calls it off before it is held; everyone in it is told.
    ///
    /// # Errors
    /// As [`PeerAssist::check`] for [`Move::Cancel`].
    #[tracing::instrument(skip_all)]
    pub async fn cancel_peer_assist(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        id: PeerAssistId,
    ) -> Result<PeerAssistView> {
        let now = self.clock.now();
        let (tx, me, before) = self.begin(account_id, group_id, id, Move::Cancel).await?;
        let after = before.cancelled(now);
        // A draft had nobody to tell yet.
        let told = (before.status != PeerAssistStatus::Draft)
            .then(|| Effect::Tell(others(&after, me.id), Notice::PeerAssistCancelled(id)));
        let cancelled = Effect::Audit(AuditAction::PeerAssistCancelled { peer_assist_id: id });
        let effects = told.into_iter().chain([cancelled]).collect();
        self.finish(tx, &me, after, effects, now).await
    }

    /// The convenor publishes the lesson once it is followed up (rule 13b): the whole group
    /// finds it by area, and members with open needs in its areas are told.
    ///
    /// # Errors
    /// [`Error::Conflict`] `duplicate` for a second lesson; as [`PeerAssist::lesson`] and
    /// [`PeerAssist::check`].
    #[tracing::instrument(skip_all)]
    pub async fn publish_lesson(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        id: PeerAssistId,
        new: NewLesson,
    ) -> Result<LessonView> {
        let now = self.clock.now();
        let mut tx = self.write().await?;
        let (_, me, peer_assist) =
            acting(&mut tx, group_id, account_id, id, Move::PublishLesson).await?;
        if tx.lesson_of(group_id, id).await?.is_some() {
            return Err(Error::conflict(
                ConflictReason::Duplicate,
                "the lesson of this Peer Assist is published already",
            ));
        }
        let lesson = peer_assist.lesson(LessonId::from_uuid(self.ids.new_id()), new, now)?;
        tx.insert_lesson(&lesson).await?;
        let needing: Vec<MemberId> = tx
            .members_needing(group_id, &lesson.areas)
            .await?
            .into_iter()
            .filter(|m| *m != me.id)
            .collect();
        let notice = Notice::LessonPublished(lesson.id);
        tell(&mut tx, &self.ids, &peer_assist, &needing, notice, now).await?;
        let published = AuditAction::LessonPublished {
            peer_assist_id: id,
            lesson_id: lesson.id,
        };
        self.record(&mut tx, group_id, me.id, now, published)
            .await?;
        let area_names = area_names(&mut tx, group_id).await?;
        tx.commit().await?;
        Ok(LessonView { lesson, area_names })
    }

    /// The group's published lessons of any of `areas` (all when empty), newest first: what
    /// someone has already done.
    ///
    /// # Errors
    /// The errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn lessons(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        areas: BTreeSet<AreaId>,
        page: PageRequest,
    ) -> Result<Page<LessonView>> {
        let mut tx = self.read().await?;
        membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        let found = Page::from_fetched(tx.lessons(group_id, &areas, page).await?, &page, |l| {
            l.id.as_uuid()
        });
        let names = area_names(&mut tx, group_id).await?;
        Ok(found.map(|lesson| LessonView {
            lesson,
            area_names: names.clone(),
        }))
    }

    /// One published lesson of the group.
    ///
    /// # Errors
    /// [`Error::NotFound`] for a lesson not of this group; the errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn lesson(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        id: LessonId,
    ) -> Result<LessonView> {
        let mut tx = self.read().await?;
        membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        let lesson = tx
            .lesson(group_id, id)
            .await?
            .ok_or(Error::NotFound("lesson"))?;
        let area_names = area_names(&mut tx, group_id).await?;
        Ok(LessonView { lesson, area_names })
    }

    /// Reminds the owners of open actions due within [`ACTION_DUE_NOTICE`], and of those
    /// overdue, once each; returns how many reminders went. For the scheduled job.
    ///
    /// # Errors
    /// [`Error::Port`] when the store fails.
    #[tracing::instrument(skip_all)]
    pub async fn remind_due_actions(&self) -> Result<u32> {
        let now = self.clock.now();
        let today = now.date();
        let mut tx = self.write().await?;
        let due = tx
            .peer_assists_with_actions_due(today + ACTION_DUE_NOTICE, REMINDERS_PER_RUN)
            .await?;
        let mut sent = 0;
        for before in due {
            let mut after = before.clone();
            let mut notices = Vec::new();
            for action in after
                .actions
                .iter_mut()
                .filter(|a| a.status == ActionStatus::Open)
            {
                let Some(owner) = action.owner else { continue };
                if action.due_on < today && !action.reminded.overdue {
                    action.reminded.overdue = true;
                    action.reminded.due_soon = true;
                    notices.push((owner, Notice::ActionOverdue(before.id)));
                } else if action.due_on <= today + ACTION_DUE_NOTICE && !action.reminded.due_soon {
                    action.reminded.due_soon = true;
                    notices.push((owner, Notice::ActionDue(before.id)));
                }
            }
            if after == before {
                continue;
            }
            after.version = before.version.next();
            tx.update_peer_assist(&after).await?;
            notices.dedup();
            for (owner, notice) in notices {
                tell(&mut tx, &self.ids, &after, &[owner], notice, now).await?;
                sent += 1;
            }
        }
        tx.commit().await?;
        Ok(sent)
    }

    /// One move of `the_move`'s kind by the caller, made by `make`, that tells nobody.
    async fn step(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        id: PeerAssistId,
        the_move: Move,
        make: impl FnOnce(&PeerAssist, &Member) -> Result<PeerAssist>,
    ) -> Result<PeerAssistView> {
        let now = self.clock.now();
        let (tx, me, before) = self.begin(account_id, group_id, id, the_move).await?;
        let after = make(&before, &me)?;
        self.finish(tx, &me, after, Vec::new(), now).await
    }

    /// A write transaction, the caller and the Peer Assist, once the caller may make
    /// `the_move` on it.
    async fn begin(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        id: PeerAssistId,
        the_move: Move,
    ) -> Result<(Tx<E>, Member, PeerAssist)> {
        let mut tx = self.write().await?;
        let (_, me, peer_assist) = acting(&mut tx, group_id, account_id, id, the_move).await?;
        Ok((tx, me, peer_assist))
    }

    /// Stores `after`, tells and audits what the move led to, and commits: the reader's view.
    async fn finish(
        &self,
        mut tx: Tx<E>,
        me: &Member,
        after: PeerAssist,
        effects: Vec<Effect>,
        now: OffsetDateTime,
    ) -> Result<PeerAssistView> {
        tx.update_peer_assist(&after).await?;
        for effect in effects {
            match effect {
                Effect::Tell(members, notice) => {
                    tell(&mut tx, &self.ids, &after, &members, notice, now).await?;
                }
                Effect::Audit(action) => {
                    self.record(&mut tx, after.group_id, me.id, now, action)
                        .await?;
                }
            }
        }
        let view = view_of(&mut tx, after, &reader(me), self.clock.now()).await?;
        tx.commit().await?;
        Ok(view)
    }
}

/// What a move leads to beyond the Peer Assist itself.
enum Effect {
    /// These members are told of this.
    Tell(Vec<MemberId>, Notice),
    /// This is written in the audit trail, as done by the caller.
    Audit(AuditAction),
}

fn asked_of(asked: &super::AskedLately, member: MemberId) -> u32 {
    let of = |counts: &BTreeMap<MemberId, u32>| counts.get(&member).copied().unwrap_or(0);
    of(&asked.requests).saturating_add(of(&asked.invitations))
}

/// Everyone told of what happens to it but `actor`, who did it.
/// Rules 9 and 11 for the people as they are when it is scheduled: a suspended member who
/// accepted is not counted, and a facilitator who has since joined the convenor's organisation
/// does not lead it.
async fn check_people_still_fit<T: Transaction>(
    tx: &mut T,
    peer_assist: &PeerAssist,
    accepted: &[MemberId],
) -> Result<()> {
    let group_id = peer_assist.group_id;
    let mut active = 0;
    for id in accepted {
        let member = tx.member(group_id, *id).await?;
        active += usize::from(member.is_some_and(|m| m.status == MemberStatus::Active));
    }
    let facilitator = match peer_assist.facilitator.as_ref().filter(|f| f.accepted()) {
        Some(f) => tx
            .member(group_id, f.member_id)
            .await?
            .filter(|m| m.status == MemberStatus::Active),
        None => None,
    };
    if let Some(facilitator) = &facilitator {
        let convenor = tx.member(group_id, peer_assist.convenor).await?;
        let own = convenor.and_then(|c| c.profile.organisation_id);
        if own.is_some() && facilitator.profile.organisation_id == own {
            return Err(InvalidValue::new(
                "facilitator_id",
                "is now of your organisation: invite a facilitator from outside it",
            )
            .into());
        }
    }
    if facilitator.is_none() || active < 2 {
        return Err(Error::conflict(
            ConflictReason::NotEnoughAccepted,
            format!(
                "it can be scheduled once an active facilitator and at least two active                  participants accept ({active} participant(s) have, suspended members not counted)"
            ),
        ));
    }
    Ok(())
}

fn others(peer_assist: &PeerAssist, actor: MemberId) -> Vec<MemberId> {
    peer_assist
        .people()
        .into_iter()
        .filter(|m| *m != actor)
        .collect()
}

/// The Peer Assist, if `reader` may see it.
async fn visible<T: Transaction>(
    tx: &mut T,
    group_id: GroupId,
    id: PeerAssistId,
    reader: &Reader,
) -> Result<PeerAssist> {
    tx.peer_assist(group_id, id)
        .await?
        .filter(|p| p.is_seen_by(reader))
        .ok_or(Error::NotFound("peer assist"))
}

/// The group, the caller and the Peer Assist, once the caller may make `the_move` on it.
async fn acting<T: Transaction>(
    tx: &mut T,
    group_id: GroupId,
    account_id: AccountId,
    id: PeerAssistId,
    the_move: Move,
) -> Result<(Group, Member, PeerAssist)> {
    let (group, me) = membership(tx, group_id, account_id, Clearance::OwnData).await?;
    let reader = reader(&me);
    let peer_assist = visible(tx, group_id, id, &reader).await?;
    peer_assist.check(the_move, &reader)?;
    Ok((group, me, peer_assist))
}

async fn active_member<T: Transaction>(
    tx: &mut T,
    group_id: GroupId,
    id: MemberId,
    field: &'static str,
) -> Result<Member> {
    tx.member(group_id, id)
        .await?
        .filter(Member::is_active)
        .ok_or_else(|| {
            InvalidValue::new(field, "names someone who is not an active member here").into()
        })
}

async fn check_areas_exist<T: Transaction>(
    tx: &mut T,
    group_id: GroupId,
    areas: &BTreeSet<AreaId>,
) -> Result<()> {
    for id in areas {
        if tx.area(group_id, *id).await?.is_none_or(|a| a.archived) {
            return Err(
                InvalidValue::new("area_ids", "names an area this group does not have").into(),
            );
        }
    }
    Ok(())
}

/// Tells each of `members` who is active of `notice`, as they chose to hear.
async fn tell<T: Transaction>(
    tx: &mut T,
    ids: &impl IdSource,
    peer_assist: &PeerAssist,
    members: &[MemberId],
    notice: Notice,
    now: OffsetDateTime,
) -> Result<()> {
    for id in members {
        if let Some(member) = tx.member(peer_assist.group_id, *id).await?
            && member.is_active()
        {
            notify(tx, ids, &member, notice, now).await?;
        }
    }
    Ok(())
}

async fn names_of<T: Transaction>(
    tx: &mut T,
    group_id: GroupId,
    members: impl Iterator<Item = MemberId>,
) -> Result<BTreeMap<MemberId, DisplayName>> {
    let mut names = BTreeMap::new();
    for id in members {
        if names.contains_key(&id) {
            continue;
        }
        if let Some(member) = tx.member(group_id, id).await? {
            names.insert(id, member.profile.display_name);
        }
    }
    Ok(names)
}

async fn area_names<T: Transaction>(
    tx: &mut T,
    group_id: GroupId,
) -> Result<BTreeMap<AreaId, Name>> {
    Ok(tx
        .areas(group_id)
        .await?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect())
}

/// The view of `peer_assist` for `reader`, who may see it, at `now`.
async fn view_of<T: Transaction>(
    tx: &mut T,
    mut peer_assist: PeerAssist,
    reader: &Reader,
    now: OffsetDateTime,
) -> Result<PeerAssistView> {
    let group_id = peer_assist.group_id;
    if !peer_assist.shows_record_to(reader) {
        peer_assist.phases.clear();
        peer_assist.actions.clear();
        peer_assist.updates.clear();
        peer_assist.meeting.video_link = None;
    }
    let people = std::iter::once(peer_assist.convenor)
        .chain(peer_assist.facilitator.iter().map(|f| f.member_id))
        .chain(peer_assist.participants.iter().map(|p| p.member_id))
        .chain(peer_assist.phases.values().map(|n| n.by))
        .collect::<Vec<_>>();
    let names = names_of(tx, group_id, people.into_iter()).await?;
    let lesson = match peer_assist.status {
        PeerAssistStatus::FollowedUp => tx.lesson_of(group_id, peer_assist.id).await?,
        _ => None,
    };
    let mut moves = peer_assist.moves_now(reader, now);
    if lesson.is_some() {
        moves.remove(&Move::PublishLesson);
    }
    Ok(PeerAssistView {
        names,
        area_names: area_names(tx, group_id).await?,
        moves,
        roles: peer_assist.roles_of(reader.member_id),
        reader: *reader,
        plan: peer_assist.plan(),
        lesson,
        peer_assist,
    })
}
