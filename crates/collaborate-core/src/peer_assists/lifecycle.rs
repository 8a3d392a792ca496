//! The rules of a Peer Assist's life: who sees it, which moves each person may make in each
//! status, and each move as a function from the Peer Assist before to the one after.

use super::{
    Action, ActionChanges, ActionReminders, Agenda, Invitee, Lesson, MOST_ACTIONS, MOST_AREAS,
    MOST_PARTICIPANTS, MOST_UPDATES, Meeting, NewLesson, NewPeerAssist, PeerAssist,
    PeerAssistChanges, PhaseNote, Update, split_into_tables,
};
use crate::app::check_version;
use crate::error::{ConflictReason, Error};
use crate::values::{
    ActionId, ActionText, AreaId, GroupId, InvalidValue, InviteeStatus, LessonId, MemberId,
    Message, OrganisationId, PeerAssistDaysAhead, PeerAssistId, PeerAssistRole,
    PeerAssistStatus as Status, Phase, PhaseNotes, Version,
};
use std::collections::{BTreeMap, BTreeSet};
use time::{Date, Duration, OffsetDateTime};

crate::values::vocabulary!(
    /// A move someone may make on a Peer Assist: the pages and the API offer exactly these.
    Move, field = "move" {
        /// Change what it is about, or when and where it meets.
        Edit = "edit",
        /// Ask for a suggested panel.
        SuggestPanel = "suggest_panel",
        /// Invite the facilitator and the participants, or change who is invited.
        Invite = "invite",
        /// Accept or decline one's invitation.
        Respond = "respond",
        /// Fix the meeting once enough accepted.
        Schedule = "schedule",
        /// Write the notes of a phase.
        WriteNotes = "write_notes",
        /// Record that the meeting took place.
        MarkHeld = "mark_held",
        /// Record an action agreed.
        AddAction = "add_action",
        /// Change an action, or mark it done or dropped.
        ChangeAction = "change_action",
        /// Tell everyone in it what came of it.
        SendUpdate = "send_update",
        /// Adjust the meeting's agenda.
        EditAgenda = "edit_agenda",
        /// Call it off.
        Cancel = "cancel",
        /// Publish its lesson for the whole group.
        PublishLesson = "publish_lesson",
    }
);

/// Who reads or acts on a Peer Assist: a member of its group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reader {
    /// The member.
    pub member_id: MemberId,
    /// An active admin of the group.
    pub admin: bool,
    /// Active (a suspended member only reads).
    pub active: bool,
}

impl Move {
    /// The statuses in which the move can be made.
    fn statuses(self) -> &'static [Status] {
        use Status::*;
        match self {
            Self::Edit | Self::EditAgenda => &[Draft, Inviting, Scheduled],
            Self::SuggestPanel | Self::Invite => &[Draft, Inviting],
            Self::Respond | Self::Schedule => &[Inviting],
            Self::WriteNotes => &[Scheduled, Held, FollowedUp],
            Self::MarkHeld => &[Scheduled],
            Self::AddAction | Self::ChangeAction | Self::SendUpdate => &[Held, FollowedUp],
            Self::Cancel => &[Draft, Inviting, Scheduled],
            Self::PublishLesson => &[FollowedUp],
        }
    }

    /// Whether someone in these roles (and an admin or not) may make the move.
    fn allowed(self, roles: &Roles, admin: bool) -> bool {
        match self {
            Self::Edit
            | Self::SuggestPanel
            | Self::Invite
            | Self::Schedule
            | Self::AddAction
            | Self::SendUpdate
            | Self::EditAgenda
            | Self::PublishLesson => roles.convenor,
            Self::Respond => roles.invited,
            Self::WriteNotes | Self::MarkHeld => roles.convenor || roles.facilitating,
            Self::ChangeAction => roles.convenor || roles.owns_action,
            Self::Cancel => roles.convenor || admin,
        }
    }
}

/// How a member stands in one Peer Assist.
#[derive(Debug, Clone, Copy, Default)]
struct Roles {
    convenor: bool,
    /// Invited, as facilitator or participant, whatever their answer.
    invited: bool,
    /// The facilitator, and accepted.
    facilitating: bool,
    /// Owns one of its actions.
    owns_action: bool,
    /// Declined their invitation: they see the plan, not what was said.
    declined: bool,
}

impl PeerAssist {
    /// A new draft, dated at least `days_ahead` days from `now` (rule 10).
    ///
    /// # Errors
    /// [`Error::Invalid`] for `starts_at` too soon and for `area_ids` none or too many.
    pub fn convene(
        id: PeerAssistId,
        group_id: GroupId,
        convenor: MemberId,
        new: NewPeerAssist,
        days_ahead: PeerAssistDaysAhead,
        now: OffsetDateTime,
    ) -> Result<Self, Error> {
        check_areas(&new.areas)?;
        check_starts_at(&new.meeting, days_ahead, now)?;
        Ok(Self {
            id,
            group_id,
            convenor,
            brief: Some(new.brief),
            areas: new.areas,
            meeting: Meeting {
                starts_at: new.meeting.starts_at.to_offset(time::UtcOffset::UTC),
                ..new.meeting
            },
            facilitator: None,
            participants: Vec::new(),
            phases: BTreeMap::new(),
            actions: Vec::new(),
            updates: Vec::new(),
            agenda: None,
            status: Status::Draft,
            created_at: now,
            updated_at: now,
            version: Version::FIRST,
        })
    }

    /// The roles `member` has in it: convenor, facilitator or participant (invited, whatever
    /// their answer).
    pub fn roles_of(&self, member: MemberId) -> BTreeSet<PeerAssistRole> {
        let mut roles = BTreeSet::new();
        if self.convenor == member {
            roles.insert(PeerAssistRole::Convenor);
        }
        if self
            .facilitator
            .as_ref()
            .is_some_and(|f| f.member_id == member)
        {
            roles.insert(PeerAssistRole::Facilitator);
        }
        if self.participants.iter().any(|p| p.member_id == member) {
            roles.insert(PeerAssistRole::Participant);
        }
        roles
    }

    /// The invitation `member` had, as facilitator or participant.
    pub fn invitation_of(&self, member: MemberId) -> Option<(PeerAssistRole, &Invitee)> {
        let facilitator = self
            .facilitator
            .iter()
            .find(|f| f.member_id == member)
            .map(|f| (PeerAssistRole::Facilitator, f));
        facilitator.or_else(|| {
            self.participants
                .iter()
                .find(|p| p.member_id == member)
                .map(|p| (PeerAssistRole::Participant, p))
        })
    }

    fn roles(&self, member: MemberId) -> Roles {
        let invitation = self.invitation_of(member);
        Roles {
            convenor: self.convenor == member,
            invited: invitation.is_some(),
            facilitating: invitation
                .is_some_and(|(role, i)| role == PeerAssistRole::Facilitator && i.accepted()),
            owns_action: self.actions.iter().any(|a| a.owner == Some(member)),
            declined: invitation.is_some_and(|(_, i)| i.status == InviteeStatus::Declined),
        }
    }

    /// Whether `reader` may see it at all: its people and the group's admins (rule 13).
    pub fn is_seen_by(&self, reader: &Reader) -> bool {
        reader.admin || !self.roles_of(reader.member_id).is_empty()
    }

    /// Whom a concern about it that `raiser` raises is about: its convenor, or, raised by the
    /// convenor, its facilitator.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `about` when the convenor raises one before a facilitator is
    /// invited: there is nobody else it could be about.
    pub fn concerning(&self, raiser: MemberId) -> Result<MemberId, InvalidValue> {
        match (&self.facilitator, raiser == self.convenor) {
            (_, false) => Ok(self.convenor),
            (Some(facilitator), true) => Ok(facilitator.member_id),
            (None, true) => Err(InvalidValue::new(
                "about",
                "names a Peer Assist you convene with nobody else leading it: raise the \
                 concern about the member instead",
            )),
        }
    }

    /// Whether `reader` may see what was said and agreed (notes, actions, updates): everyone
    /// who sees it but an invitee who declined.
    pub fn shows_record_to(&self, reader: &Reader) -> bool {
        let roles = self.roles(reader.member_id);
        self.is_seen_by(reader) && (reader.admin || roles.convenor || !roles.declined)
    }

    /// The moves `reader` may make now.
    pub fn moves_for(&self, reader: &Reader) -> BTreeSet<Move> {
        Move::ALL
            .iter()
            .copied()
            .filter(|m| self.check(*m, reader).is_ok())
            .collect()
    }

    /// The moves `reader` may make at `now` and that would succeed: as [`Self::moves_for`],
    /// without scheduling before the facilitator and two participants accept, or marking it
    /// held before it starts.
    pub fn moves_now(&self, reader: &Reader, now: OffsetDateTime) -> BTreeSet<Move> {
        let mut moves = self.moves_for(reader);
        if !self.enough_accepted() {
            moves.remove(&Move::Schedule);
        }
        if now < self.meeting.starts_at {
            moves.remove(&Move::MarkHeld);
        }
        moves
    }

    /// Whether the facilitator and at least two participants accepted (rule 11).
    pub fn enough_accepted(&self) -> bool {
        self.facilitator.as_ref().is_some_and(Invitee::accepted)
            && self.participants.iter().filter(|p| p.accepted()).count() >= 2
    }

    /// Lets `reader` make `the_move`, or says why not.
    ///
    /// # Errors
    /// [`Error::NotFound`] when they may not see it, [`Error::Suspended`] for a suspended
    /// member, [`Error::Forbidden`] when the move is not theirs, [`Error::Conflict`]
    /// `wrong_state` when it is not one of this status.
    pub fn check(&self, the_move: Move, reader: &Reader) -> Result<(), Error> {
        if !self.is_seen_by(reader) {
            return Err(Error::NotFound("peer assist"));
        }
        if !reader.active {
            return Err(Error::Suspended);
        }
        if !the_move.allowed(&self.roles(reader.member_id), reader.admin) {
            return Err(Error::Forbidden(
                "this is for another person in this Peer Assist to do",
            ));
        }
        if !the_move.statuses().contains(&self.status) {
            return Err(Error::conflict(
                ConflictReason::WrongState,
                format!(
                    "this Peer Assist is {} now: that cannot be done",
                    self.status
                ),
            ));
        }
        Ok(())
    }

    /// The people told of what happens to it: the convenor, and everyone invited who has not
    /// declined.
    pub fn people(&self) -> Vec<MemberId> {
        let mut people = vec![self.convenor];
        people.extend(
            self.facilitator
                .iter()
                .chain(&self.participants)
                .filter(|i| i.status != InviteeStatus::Declined)
                .map(|i| i.member_id),
        );
        people
    }

    /// The people who are coming, as owners of actions may be: the convenor and everyone who
    /// accepted.
    pub fn attendees(&self) -> Vec<MemberId> {
        let mut people = vec![self.convenor];
        people.extend(
            self.facilitator
                .iter()
                .chain(&self.participants)
                .filter(|i| i.accepted())
                .map(|i| i.member_id),
        );
        people
    }

    fn next(&self, now: OffsetDateTime) -> Self {
        Self {
            updated_at: now,
            version: self.version.next(),
            ..self.clone()
        }
    }

    /// It after the convenor's `changes`: anything before it is scheduled, only when, how long
    /// and where once it is; a new start keeps rule 10.
    ///
    /// # Errors
    /// [`Error::Stale`] for an older version; [`Error::Conflict`] `wrong_state` for a change
    /// of what it is about once scheduled; [`Error::Invalid`] as [`PeerAssist::convene`].
    pub fn changed(
        &self,
        changes: PeerAssistChanges,
        days_ahead: PeerAssistDaysAhead,
        now: OffsetDateTime,
    ) -> Result<Self, Error> {
        check_version(changes.version, self.version)?;
        let about = changes.title.is_some()
            || changes.purpose.is_some()
            || changes.background.is_some()
            || changes.desired_outcomes.is_some()
            || changes.areas.is_some();
        if about && self.status == Status::Scheduled {
            return Err(Error::conflict(
                ConflictReason::WrongState,
                "once scheduled, only when, how long and where it meets may change",
            ));
        }
        let mut next = self.next(now);
        if let Some(brief) = next.brief.as_mut() {
            brief.title = changes.title.unwrap_or_else(|| brief.title.clone());
            brief.purpose = changes.purpose.unwrap_or_else(|| brief.purpose.clone());
            if let Some(background) = changes.background {
                brief.background = background;
            }
            if let Some(outcomes) = changes.desired_outcomes {
                brief.desired_outcomes = outcomes;
            }
        }
        if let Some(areas) = changes.areas {
            check_areas(&areas)?;
            next.areas = areas;
        }
        let meeting = &mut next.meeting;
        if let Some(starts_at) = changes.starts_at {
            meeting.starts_at = starts_at.to_offset(time::UtcOffset::UTC);
        }
        meeting.duration = changes.duration.unwrap_or(meeting.duration);
        meeting.format = changes.format.unwrap_or(meeting.format);
        if let Some(place) = changes.place {
            meeting.place = place;
        }
        if let Some(link) = changes.video_link {
            meeting.video_link = link;
        }
        if changes.starts_at.is_some() {
            check_starts_at(&next.meeting, days_ahead, now)?;
        }
        if let Some(agenda) = &next.agenda
            && agenda.minutes() != next.meeting.duration.get()
        {
            // An adjusted plan of another length no longer fits: the one made from the new
            // duration replaces it.
            next.agenda = None;
        }
        Ok(next)
    }

    /// Whether the meeting moved between `self` and `after` (its people are told, and their
    /// calendars updated).
    pub fn moved_in(&self, after: &Self) -> bool {
        self.status == Status::Scheduled && self.meeting != after.meeting
    }

    /// It with these people invited (rule 9: the facilitator outside the convenor's
    /// organisation), in `inviting`: answers already given are kept for those still invited,
    /// those no longer named are withdrawn. Returns it and the members newly invited.
    ///
    /// # Errors
    /// [`Error::Invalid`] for `facilitator_id` the convenor, one of the participants or of the
    /// convenor's organisation, and for `participant_ids` none, too many, twice or the
    /// convenor.
    pub fn invited(
        &self,
        facilitator: (MemberId, Option<OrganisationId>),
        participants: &[MemberId],
        convenor_organisation: Option<OrganisationId>,
        now: OffsetDateTime,
    ) -> Result<(Self, Vec<MemberId>), Error> {
        let (facilitator_id, facilitator_organisation) = facilitator;
        check_facilitator(
            self.convenor,
            convenor_organisation,
            facilitator_id,
            facilitator_organisation,
            participants,
        )?;
        let distinct: BTreeSet<MemberId> = participants.iter().copied().collect();
        if participants.is_empty() || participants.len() > MOST_PARTICIPANTS {
            return Err(InvalidValue::new(
                "participant_ids",
                format!("invite from one to {MOST_PARTICIPANTS} participants"),
            )
            .into());
        }
        if distinct.len() != participants.len() || distinct.contains(&self.convenor) {
            return Err(InvalidValue::new(
                "participant_ids",
                "name each participant once, and not yourself",
            )
            .into());
        }
        let mut fresh = Vec::new();
        let mut keep_or_invite = |member: MemberId, earlier: Option<&Invitee>| {
            earlier.cloned().unwrap_or_else(|| {
                fresh.push(member);
                Invitee::invited(member, now)
            })
        };
        let facilitator = keep_or_invite(
            facilitator_id,
            self.facilitator
                .as_ref()
                .filter(|f| f.member_id == facilitator_id),
        );
        let participants = participants
            .iter()
            .map(|member| {
                let earlier = self.participants.iter().find(|p| p.member_id == *member);
                keep_or_invite(*member, earlier)
            })
            .collect();
        let mut next = self.next(now);
        next.facilitator = Some(facilitator);
        next.participants = participants;
        next.status = Status::Inviting;
        Ok((next, fresh))
    }

    /// It after `member` answered their invitation; with the role they were invited to.
    ///
    /// # Errors
    /// [`Error::Conflict`] `duplicate` for the answer they gave already.
    pub fn answered(
        &self,
        member: MemberId,
        accept: bool,
        now: OffsetDateTime,
    ) -> Result<(Self, PeerAssistRole), Error> {
        let status = if accept {
            InviteeStatus::Accepted
        } else {
            InviteeStatus::Declined
        };
        let mut next = self.next(now);
        let role = next
            .invitation_of(member)
            .map(|(role, _)| role)
            .ok_or(Error::NotFound("invitation"))?;
        let invitee = next
            .facilitator
            .iter_mut()
            .chain(next.participants.iter_mut())
            .find(|i| i.member_id == member)
            .ok_or(Error::NotFound("invitation"))?;
        if invitee.status == status {
            return Err(Error::conflict(
                ConflictReason::Duplicate,
                format!("you have {status} already"),
            ));
        }
        invitee.status = status;
        Ok((next, role))
    }

    /// It scheduled (rule 11): its facilitator and at least two participants accepted, and
    /// more than eight sit at tables of six to eight with the areas each covers (`covers`)
    /// spread between them.
    ///
    /// # Errors
    /// [`Error::Conflict`] `not_enough_accepted` before that, `uneven_tables` for a number
    /// that fills no tables of six to eight; [`Error::Invalid`] for `starts_at` passed.
    pub fn scheduled(
        &self,
        covers: &BTreeMap<MemberId, BTreeSet<AreaId>>,
        now: OffsetDateTime,
    ) -> Result<Self, Error> {
        let facilitator_accepted = self.facilitator.as_ref().is_some_and(Invitee::accepted);
        let accepted: Vec<(MemberId, BTreeSet<AreaId>)> = self
            .participants
            .iter()
            .filter(|p| p.accepted())
            .map(|p| {
                let areas = covers.get(&p.member_id).cloned().unwrap_or_default();
                (p.member_id, &areas & &self.areas)
            })
            .collect();
        if !facilitator_accepted || accepted.len() < 2 {
            return Err(Error::conflict(
                ConflictReason::NotEnoughAccepted,
                format!(
                    "it can be scheduled once the facilitator and at least two participants \
                     accept (the facilitator has {}, {} participant(s) have)",
                    if facilitator_accepted {
                        "accepted"
                    } else {
                        "not"
                    },
                    accepted.len()
                ),
            ));
        }
        if self.meeting.starts_at <= now {
            return Err(InvalidValue::new(
                "starts_at",
                "has passed: choose a new date before scheduling",
            )
            .into());
        }
        let tables = split_into_tables(&accepted)?;
        let mut next = self.next(now);
        for participant in &mut next.participants {
            participant.table = tables.get(&participant.member_id).copied();
        }
        next.status = Status::Scheduled;
        Ok(next)
    }

    /// It with `by`'s notes of `phase`.
    pub fn noted(
        &self,
        phase: Phase,
        notes: PhaseNotes,
        by: MemberId,
        now: OffsetDateTime,
    ) -> Self {
        let mut next = self.next(now);
        next.phases.insert(phase, PhaseNote { notes, by, at: now });
        next
    }

    /// It held: not before it starts.
    ///
    /// # Errors
    /// [`Error::Conflict`] `not_yet` before `starts_at`.
    pub fn held(&self, now: OffsetDateTime) -> Result<Self, Error> {
        if now < self.meeting.starts_at {
            return Err(Error::conflict(
                ConflictReason::NotYet,
                "the meeting has not started yet",
            ));
        }
        let mut next = self.next(now);
        next.status = Status::Held;
        Ok(next)
    }

    /// It with an action agreed, owned by someone coming to it (or nobody yet).
    ///
    /// # Errors
    /// [`Error::Invalid`] for `owner_id` not one of its people, `due_on` before today, and
    /// `actions` beyond [`MOST_ACTIONS`].
    pub fn with_action(
        &self,
        id: ActionId,
        what: ActionText,
        owner: Option<MemberId>,
        due_on: Date,
        now: OffsetDateTime,
    ) -> Result<Self, Error> {
        if self.actions.len() >= MOST_ACTIONS {
            return Err(InvalidValue::new(
                "actions",
                format!("a Peer Assist keeps at most {MOST_ACTIONS} actions"),
            )
            .into());
        }
        self.check_owner(owner)?;
        check_due(due_on, now)?;
        let mut next = self.next(now);
        next.actions.push(Action {
            id,
            what,
            owner,
            due_on,
            status: crate::values::ActionStatus::Open,
            added_at: now,
            reminded: ActionReminders::default(),
        });
        Ok(next)
    }

    /// It after `reader` changed an action: the convenor anything, its owner only its status.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an action not of it; [`Error::Forbidden`] for an owner changing
    /// more than the status or someone else's action; [`Error::Invalid`] as
    /// [`PeerAssist::with_action`].
    pub fn action_changed(
        &self,
        action_id: ActionId,
        reader: &Reader,
        changes: ActionChanges,
        now: OffsetDateTime,
    ) -> Result<Self, Error> {
        let mut next = self.next(now);
        let convenor = self.convenor == reader.member_id;
        let action = next
            .actions
            .iter_mut()
            .find(|a| a.id == action_id)
            .ok_or(Error::NotFound("action"))?;
        let only_status =
            changes.what.is_none() && changes.owner.is_none() && changes.due_on.is_none();
        let owner = action.owner == Some(reader.member_id);
        let may = convenor || (owner && only_status);
        if !may {
            return Err(Error::Forbidden(
                "only the convenor changes an action; its owner marks it done or dropped",
            ));
        }
        if let Some(what) = changes.what {
            action.what = what;
        }
        if let Some(due_on) = changes.due_on {
            check_due(due_on, now)?;
            action.due_on = due_on;
            action.reminded = ActionReminders::default();
        }
        action.status = changes.status.unwrap_or(action.status);
        if let Some(owner) = changes.owner {
            action.owner = owner;
            self.check_owner(owner)?;
        }
        Ok(next)
    }

    fn check_owner(&self, owner: Option<MemberId>) -> Result<(), Error> {
        match owner {
            Some(member) if !self.attendees().contains(&member) => Err(InvalidValue::new(
                "owner_id",
                "must be the convenor or someone who accepted",
            )
            .into()),
            _ => Ok(()),
        }
    }

    /// It after the convenor told its people `message`; the first update follows it up.
    ///
    /// # Errors
    /// [`Error::Invalid`] for `message` beyond [`MOST_UPDATES`].
    pub fn updated(&self, message: Message, now: OffsetDateTime) -> Result<Self, Error> {
        if self.updates.len() >= MOST_UPDATES {
            return Err(InvalidValue::new(
                "message",
                format!("a Peer Assist sends at most {MOST_UPDATES} updates"),
            )
            .into());
        }
        let mut next = self.next(now);
        next.updates.push(Update {
            by: self.convenor,
            at: now,
            message,
        });
        next.status = Status::FollowedUp;
        Ok(next)
    }

    /// It called off.
    pub fn cancelled(&self, now: OffsetDateTime) -> Self {
        let mut next = self.next(now);
        next.status = Status::Cancelled;
        next
    }

    /// The plan its people see: the convenor's, or the one made from the duration (rule 13a).
    pub fn plan(&self) -> Agenda {
        self.agenda
            .clone()
            .unwrap_or_else(|| Agenda::for_meeting(self.meeting.duration))
    }

    /// It with the convenor's own agenda, which must fill the meeting (see [`Agenda::fitting`]).
    ///
    /// # Errors
    /// [`Error::Invalid`] as [`Agenda::fitting`].
    pub fn with_agenda(&self, agenda: Agenda, now: OffsetDateTime) -> Result<Self, Error> {
        let agenda = agenda.fitting(self.meeting.duration)?;
        let mut next = self.next(now);
        next.agenda = Some(agenda);
        Ok(next)
    }

    /// Its lesson, as the convenor publishes it (rule 13b): the title and areas of the Peer
    /// Assist, the convenor's words, no participant.
    ///
    /// # Errors
    /// [`Error::Conflict`] `wrong_state` when it no longer has its brief.
    pub fn lesson(
        &self,
        id: LessonId,
        new: NewLesson,
        now: OffsetDateTime,
    ) -> Result<Lesson, Error> {
        let brief = self.brief.as_ref().ok_or_else(|| {
            Error::conflict(
                ConflictReason::WrongState,
                "this Peer Assist no longer has its convenor's words",
            )
        })?;
        Ok(Lesson {
            id,
            group_id: self.group_id,
            peer_assist_id: self.id,
            convenor: self.convenor,
            areas: self.areas.clone(),
            title: brief.title.clone(),
            summary: new.summary,
            insights: new.insights,
            actions_taken: new.actions_taken,
            published_at: now,
        })
    }

    /// It without what `member` wrote or owned, for their erasure: the meeting stays, as a
    /// fact others rely on. An erased convenor takes its brief, updates and actions with them
    /// (their words), and a meeting not yet held is called off.
    pub fn without(&self, member: MemberId, now: OffsetDateTime) -> Self {
        let mut next = self.next(now);
        next.phases.retain(|_, note| note.by != member);
        for action in &mut next.actions {
            if action.owner == Some(member) {
                action.owner = None;
            }
        }
        if self.convenor == member {
            next.brief = None;
            next.updates.clear();
            next.actions.clear();
            if matches!(
                self.status,
                Status::Draft | Status::Inviting | Status::Scheduled
            ) {
                next.status = Status::Cancelled;
            }
        }
        next
    }

    /// Whether `member` wrote or owns anything in it, or convened it: what erasure changes.
    pub fn holds_words_of(&self, member: MemberId) -> bool {
        self.convenor == member
            || self.phases.values().any(|n| n.by == member)
            || self.actions.iter().any(|a| a.owner == Some(member))
    }
}

fn check_areas(areas: &BTreeSet<AreaId>) -> Result<(), Error> {
    if areas.is_empty() || areas.len() > MOST_AREAS {
        return Err(InvalidValue::new(
            "area_ids",
            format!("choose from one to {MOST_AREAS} areas"),
        )
        .into());
    }
    Ok(())
}

/// Rule 10: at least `days_ahead` days from now, so there is time to change course; never in
/// the past.
/// How far ahead a Peer Assist may be dated.
pub const MOST_AHEAD: Duration = Duration::days(731);

fn check_starts_at(
    meeting: &Meeting,
    days_ahead: PeerAssistDaysAhead,
    now: OffsetDateTime,
) -> Result<(), Error> {
    let days = days_ahead.get();
    if meeting.starts_at > now + MOST_AHEAD {
        return Err(InvalidValue::new(
            "starts_at",
            "must be within two years: plan nearer the time",
        )
        .into());
    }
    if meeting.starts_at < now + Duration::days(i64::from(days)) {
        let problem = if days == 0 {
            "must not be in the past".to_owned()
        } else {
            format!("must be at least {days} days from now, so there is time to change course")
        };
        return Err(InvalidValue::new("starts_at", problem).into());
    }
    Ok(())
}

fn check_due(due_on: Date, now: OffsetDateTime) -> Result<(), Error> {
    if due_on < now.date() {
        return Err(InvalidValue::new("due_on", "must not be in the past").into());
    }
    Ok(())
}

/// Rule 9: the facilitator is not the convenor, not a participant, and not of the convenor's
/// organisation when the convenor has one.
fn check_facilitator(
    convenor: MemberId,
    convenor_organisation: Option<OrganisationId>,
    facilitator: MemberId,
    facilitator_organisation: Option<OrganisationId>,
    participants: &[MemberId],
) -> Result<(), Error> {
    let problem = if facilitator == convenor {
        Some("must be someone other than you")
    } else if participants.contains(&facilitator) {
        Some("must not also be a participant")
    } else if convenor_organisation.is_some() && facilitator_organisation == convenor_organisation {
        Some("must be from outside your organisation")
    } else {
        None
    };
    match problem {
        Some(problem) => Err(InvalidValue::new("facilitator_id", problem).into()),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests;
