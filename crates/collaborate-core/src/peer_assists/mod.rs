//! Peer Assists: a convenor about to start something gathers peers of diverse experience and a
//! facilitator from outside their organisation, learns from them in one meeting (Tell, Ask,
//! Analyse, Feedback), agrees actions, tells the peers what came of it, and may publish the
//! lesson for the whole group.
//!
//! ```text
//! draft ──invite──▶ inviting ──schedule──▶ scheduled ──held──▶ held ──first update──▶ followed_up
//!   └──────────────────┴─────────cancel──────────┴──▶ cancelled
//! ```
//!
//! Only its people (the convenor, the facilitator and the participants) and the group's admins
//! see a Peer Assist; to anyone else it does not exist.

mod agenda;
mod lifecycle;
mod news;
pub mod panel;
mod tables;
mod use_cases;

pub use agenda::{Agenda, AgendaItem};
pub use lifecycle::{Move, Reader};
pub(crate) use news::{lesson_news, peer_assist_news};
pub use tables::{MOST_AT_A_TABLE, split_into_tables};
pub use use_cases::{LessonView, PanelView, PeerAssistView};

use crate::error::PortError;
use crate::paging::PageRequest;
use crate::values::{
    ActionId, ActionStatus, ActionText, ActionsTaken, AreaId, Background, DesiredOutcomes, GroupId,
    Insights, InviteeStatus, LessonId, LessonSummary, MeetingFormat, MeetingMinutes, MemberId,
    Message, OrganisationId, PeerAssistId, PeerAssistRole, PeerAssistStatus, Phase, PhaseNotes,
    PlaceLabel, Purpose, Rank, Title, Version, VideoLink,
};
use async_trait::async_trait;
use std::collections::{BTreeMap, BTreeSet};
use time::{Date, OffsetDateTime};

/// The most areas one Peer Assist asks about: a panel of eight covers six twice at best.
pub const MOST_AREAS: usize = 6;

/// The most participants one Peer Assist invites: three tables of eight.
pub const MOST_PARTICIPANTS: usize = 24;

/// The most actions one Peer Assist keeps.
pub const MOST_ACTIONS: usize = 50;

/// The most updates one Peer Assist sends its people.
pub const MOST_UPDATES: usize = 50;

/// A Peer Assist, with everyone in it and everything recorded of it.
#[derive(Debug, Clone, PartialEq)]
pub struct PeerAssist {
    /// Its id.
    pub id: PeerAssistId,
    /// The group.
    pub group_id: GroupId,
    /// Who gathered the peers: the project is theirs.
    pub convenor: MemberId,
    /// What it is about, in the convenor's words; gone once the convenor erased their account.
    pub brief: Option<Brief>,
    /// The areas the convenor wants peers of (one to [`MOST_AREAS`]).
    pub areas: BTreeSet<AreaId>,
    /// When, how long and where.
    pub meeting: Meeting,
    /// Who runs the meeting, once invited.
    pub facilitator: Option<Invitee>,
    /// The peers invited, in the order they were.
    pub participants: Vec<Invitee>,
    /// The notes of each phase written so far.
    pub phases: BTreeMap<Phase, PhaseNote>,
    /// What was agreed to be done, in the order added.
    pub actions: Vec<Action>,
    /// What the convenor told its people afterwards, oldest first.
    pub updates: Vec<Update>,
    /// The plan of the meeting as the convenor adjusted it; none while it is the one made from
    /// the duration.
    pub agenda: Option<Agenda>,
    /// Where it stands.
    pub status: PeerAssistStatus,
    /// When it was convened.
    pub created_at: OffsetDateTime,
    /// When it last changed.
    pub updated_at: OffsetDateTime,
    /// Counts changes, for stale-edit detection (and a calendar invitation's sequence).
    pub version: Version,
}

/// What a Peer Assist is about, in the convenor's words.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Brief {
    /// What it is called.
    pub title: Title,
    /// What it is for.
    pub purpose: Purpose,
    /// What the peers need to know before they meet.
    pub background: Option<Background>,
    /// What the convenor wants out of it: options, insights.
    pub desired_outcomes: Option<DesiredOutcomes>,
}

/// When, how long and where a Peer Assist meets.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    /// When it starts.
    #[serde(with = "time::serde::rfc3339")]
    pub starts_at: OffsetDateTime,
    /// How long it lasts.
    pub duration: MeetingMinutes,
    /// In one room or online.
    pub format: MeetingFormat,
    /// Where, when it meets in person.
    pub place: Option<PlaceLabel>,
    /// The call's link, when it meets online.
    pub video_link: Option<VideoLink>,
}

impl Meeting {
    /// When it ends.
    pub fn ends_at(&self) -> OffsetDateTime {
        self.starts_at
            .saturating_add(time::Duration::minutes(i64::from(self.duration.get())))
    }
}

/// Someone invited to a Peer Assist, as facilitator or participant, and their answer.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Invitee {
    /// The member.
    pub member_id: MemberId,
    /// Their answer so far.
    pub status: InviteeStatus,
    /// The table they sit at (from 1), once scheduled with more than eight.
    pub table: Option<u32>,
    /// When they were invited.
    #[serde(with = "time::serde::rfc3339")]
    pub invited_at: OffsetDateTime,
}

impl Invitee {
    /// A new invitation, not yet answered.
    pub fn invited(member_id: MemberId, now: OffsetDateTime) -> Self {
        Self {
            member_id,
            status: InviteeStatus::Invited,
            table: None,
            invited_at: now,
        }
    }

    /// Whether they said they are coming.
    pub fn accepted(&self) -> bool {
        self.status == InviteeStatus::Accepted
    }
}

/// The notes of one phase, and who last wrote them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseNote {
    /// The notes.
    pub notes: PhaseNotes,
    /// Who wrote them last.
    pub by: MemberId,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// Something agreed at a Peer Assist to be done.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// Its id.
    pub id: ActionId,
    /// What will be done.
    pub what: ActionText,
    /// Who will do it: one of its people, or nobody named yet.
    pub owner: Option<MemberId>,
    /// By when.
    pub due_on: Date,
    /// Open, done or dropped.
    pub status: ActionStatus,
    /// When it was agreed.
    #[serde(with = "time::serde::rfc3339")]
    pub added_at: OffsetDateTime,
    /// Which reminders its owner had: due in two days, overdue; once each.
    pub reminded: ActionReminders,
}

/// The reminders an action's owner had.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionReminders {
    /// Told it is due in two days.
    pub due_soon: bool,
    /// Told it is overdue.
    pub overdue: bool,
}

/// What the convenor told the people of a Peer Assist afterwards.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Update {
    /// The convenor.
    pub by: MemberId,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// What they said.
    pub message: Message,
}

/// The lesson of a Peer Assist, published by its convenor for the whole group, naming no
/// participant.
#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    /// Its id.
    pub id: LessonId,
    /// The group.
    pub group_id: GroupId,
    /// The Peer Assist it comes from.
    pub peer_assist_id: PeerAssistId,
    /// Who published it: the convenor.
    pub convenor: MemberId,
    /// The areas of the Peer Assist, by which the group finds it.
    pub areas: BTreeSet<AreaId>,
    /// The Peer Assist's title.
    pub title: Title,
    /// The purpose and what the peers said.
    pub summary: LessonSummary,
    /// The options and insights.
    pub insights: Insights,
    /// The actions taken and what came of them.
    pub actions_taken: ActionsTaken,
    /// When it was published.
    pub published_at: OffsetDateTime,
}

/// What the convenor writes to publish a lesson.
#[derive(Debug, Clone, PartialEq)]
pub struct NewLesson {
    /// The purpose and what the peers said.
    pub summary: LessonSummary,
    /// The options and insights.
    pub insights: Insights,
    /// The actions taken and what came of them.
    pub actions_taken: ActionsTaken,
}

/// What convening a Peer Assist asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPeerAssist {
    /// What it is about.
    pub brief: Brief,
    /// The areas wanted.
    pub areas: BTreeSet<AreaId>,
    /// When, how long and where.
    pub meeting: Meeting,
}

/// Changes the convenor makes; `None` leaves a field as it is. Before invitations are answered
/// anything may change; once scheduled, only when, how long and where (the meeting moves).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PeerAssistChanges {
    /// A new title.
    pub title: Option<Title>,
    /// A new purpose.
    pub purpose: Option<Purpose>,
    /// New background, or `Some(None)` for none.
    pub background: Option<Option<Background>>,
    /// New desired outcomes, or `Some(None)` for none.
    pub desired_outcomes: Option<Option<DesiredOutcomes>>,
    /// New areas wanted.
    pub areas: Option<BTreeSet<AreaId>>,
    /// A new start.
    pub starts_at: Option<OffsetDateTime>,
    /// A new duration.
    pub duration: Option<MeetingMinutes>,
    /// A new format.
    pub format: Option<MeetingFormat>,
    /// A new place, or `Some(None)` for none.
    pub place: Option<Option<PlaceLabel>>,
    /// A new link, or `Some(None)` for none.
    pub video_link: Option<Option<VideoLink>>,
    /// The version edited; a stale one is refused.
    pub version: Option<Version>,
}

/// Changes to an action: the convenor may change anything, its owner only its status.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActionChanges {
    /// What will be done.
    pub what: Option<ActionText>,
    /// Who will do it, or `Some(None)` for nobody named.
    pub owner: Option<Option<MemberId>>,
    /// By when.
    pub due_on: Option<Date>,
    /// Open, done or dropped.
    pub status: Option<ActionStatus>,
}

/// Which Peer Assists to list; every condition given must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PeerAssistFilter {
    /// With this member in it (convening, facilitating or invited to take part).
    pub involving: Option<MemberId>,
    /// With that member in this role.
    pub role: Option<PeerAssistRole>,
    /// In this status.
    pub status: Option<PeerAssistStatus>,
}

impl PeerAssistFilter {
    /// Whether `peer_assist` is one this filter lists.
    pub fn admits(&self, peer_assist: &PeerAssist) -> bool {
        let roles = self
            .involving
            .map(|member| peer_assist.roles_of(member))
            .unwrap_or_default();
        self.status.is_none_or(|s| peer_assist.status == s)
            && (self.involving.is_none() || !roles.is_empty())
            && self.role.is_none_or(|r| roles.contains(&r))
    }
}

/// How much each member was asked lately and facilitated before: what makes a panel fair.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AskedLately {
    /// Requests each member received since the window began, by member.
    pub requests: BTreeMap<MemberId, u32>,
    /// Peer Assist invitations received since the window began, by member.
    pub invitations: BTreeMap<MemberId, u32>,
    /// Peer Assists each member facilitated that were held.
    pub facilitated: BTreeMap<MemberId, u32>,
    /// The members who ever completed a request as its helper: the others are newer helpers.
    pub helped_before: BTreeSet<MemberId>,
}

/// An active member with active offers in some of the areas a panel is wanted for.
#[derive(Debug, Clone, PartialEq)]
pub struct Available {
    /// The member.
    pub member_id: MemberId,
    /// Their organisation.
    pub organisation_id: Option<OrganisationId>,
    /// The area of each of those offers, and its rank in their own top five.
    pub offers: Vec<(AreaId, Option<Rank>)>,
}

/// Peer Assists and their lessons, as one part of a [`Transaction`].
///
/// [`Transaction`]: crate::ports::Transaction
#[async_trait]
pub trait PeerAssists: Send {
    /// Stores a new Peer Assist.
    async fn insert_peer_assist(&mut self, peer_assist: &PeerAssist) -> Result<(), PortError>;

    /// The Peer Assist of the group with this id.
    async fn peer_assist(
        &mut self,
        group_id: GroupId,
        id: PeerAssistId,
    ) -> Result<Option<PeerAssist>, PortError>;

    /// Replaces a Peer Assist if still at the version before.
    async fn update_peer_assist(&mut self, peer_assist: &PeerAssist) -> Result<(), PortError>;

    /// The group's Peer Assists that `filter` admits, newest first (ids sort by time), before
    /// the page's cursor, at most `page.fetch_size()`.
    async fn peer_assists(
        &mut self,
        group_id: GroupId,
        filter: &PeerAssistFilter,
        page: PageRequest,
    ) -> Result<Vec<PeerAssist>, PortError>;

    /// Every Peer Assist of any group with an open action due on or before `by` whose owner
    /// has not had both reminders, oldest first, at most `limit`.
    async fn peer_assists_with_actions_due(
        &mut self,
        by: Date,
        limit: usize,
    ) -> Result<Vec<PeerAssist>, PortError>;

    /// The requests and Peer Assist invitations each member received since `since`, the Peer
    /// Assists each facilitated that were held, and who ever completed a request as helper, in
    /// the group.
    async fn asked_lately(
        &mut self,
        group_id: GroupId,
        since: OffsetDateTime,
    ) -> Result<AskedLately, PortError>;

    /// The active members of the group with an active offer in any of `areas`, with those
    /// offers. A bounded number of queries whatever the count.
    async fn available_in(
        &mut self,
        group_id: GroupId,
        areas: &BTreeSet<AreaId>,
    ) -> Result<Vec<Available>, PortError>;

    /// The active members of the group with an open need in any of `areas`, in id order.
    async fn members_needing(
        &mut self,
        group_id: GroupId,
        areas: &BTreeSet<AreaId>,
    ) -> Result<Vec<MemberId>, PortError>;

    /// Stores a lesson; one per Peer Assist ([`PortError::Duplicate`] for a second).
    async fn insert_lesson(&mut self, lesson: &Lesson) -> Result<(), PortError>;

    /// The lesson of the group with this id.
    async fn lesson(
        &mut self,
        group_id: GroupId,
        id: LessonId,
    ) -> Result<Option<Lesson>, PortError>;

    /// The lesson published from this Peer Assist, if any.
    async fn lesson_of(
        &mut self,
        group_id: GroupId,
        peer_assist_id: PeerAssistId,
    ) -> Result<Option<Lesson>, PortError>;

    /// The group's lessons of any of `areas` (all of them when empty), newest first
    /// (ids sort by time), before the page's cursor, at most `page.fetch_size()`.
    async fn lessons(
        &mut self,
        group_id: GroupId,
        areas: &BTreeSet<AreaId>,
        page: PageRequest,
    ) -> Result<Vec<Lesson>, PortError>;

    /// Removes the lessons `convenor` published (their words go with their account).
    async fn delete_lessons_of(
        &mut self,
        group_id: GroupId,
        convenor: MemberId,
    ) -> Result<(), PortError>;
}
