//! Notifications: what someone must hear of. Each is written to the outbox in the same
//! transaction as the change it tells of, so a change undone tells nobody, and delivered after
//! commit, at least once, by a [`Postman`] (email when the server has SMTP settings, the log
//! otherwise).
//!
//! ```text
//!  notify ──▶ waiting ──claim (lease)──▶ sending ──ok──────▶ sent
//!    │          ▲                           └──fails──▶ waiting again, later … ──▶ failed
//!    └─ weekly digest ─▶ held ──digest job──▶ gathered (into a digest, itself waiting)
//! ```
//!
//! A claim leases a message for a while: a worker that dies mid-send leaves it to be claimed
//! again when the lease runs out, and the second delivery carries the same Message-ID (made from
//! the message's id), so a mail client can tell it is the same message.

pub(crate) mod use_cases;

pub use use_cases::{SETTLED_MESSAGES_KEPT, Swept};

use crate::error::{ConflictReason, Error, PortError};
use crate::peer_assists::Meeting;
use crate::values::{
    AccountId, ActionText, ConcernId, DeliveryStatus, DisplayName, Email, GroupId, GroupName,
    InvalidValue, InvitationId, Language, LessonId, Message, MessageId, Mode, Name,
    NotificationPreference, PeerAssistId, PeerAssistRole, RequestId, RequestStatus, Role,
    SecretToken, Title,
};
use async_trait::async_trait;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// What a message tells its recipient of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// A request was sent to the recipient, its helper.
    RequestReceived(RequestId),
    /// The group's matching made a request for the recipient, its seeker, to a helper.
    RequestMatched(RequestId),
    /// A request still waits for the recipient's answer, its helper's, after
    /// [`crate::requests::REMIND_HELPER_AFTER`].
    RequestWaiting(RequestId),
    /// The recipient's request has had no answer after
    /// [`crate::requests::REMIND_SEEKER_AFTER`]: they may ask someone else.
    RequestUnanswered(RequestId),
    /// A request of the recipient's moved to `status`: accepted, declined, completed or
    /// cancelled by the other side, or expired unanswered.
    RequestMoved {
        /// The request.
        request_id: RequestId,
        /// Where it moved.
        status: RequestStatus,
    },
    /// The recipient is invited to a group (the message carries the invitation's token).
    Invitation(InvitationId),
    /// An import pre-loaded a profile for the recipient to claim (with the invitation's token).
    ProfileToClaim(InvitationId),
    /// The recipient asked for a new password (with the reset's token).
    PasswordReset,
    /// A link to confirm the recipient's address (with the proof's token).
    AddressProof,
    /// Someone tried to register the recipient's address, which already has an account.
    AlreadyRegistered,
    /// A safeguarding concern went to the recipient, a lead (the message says only that one
    /// waits, never what it says or whom it is about).
    ConcernRaised(ConcernId),
    /// The recipient is invited to a Peer Assist, as facilitator or participant.
    PeerAssistInvitation(PeerAssistId),
    /// Someone answered the recipient's invitation to their Peer Assist (they convene it).
    PeerAssistReply(PeerAssistId),
    /// A Peer Assist the recipient is in is scheduled (the message carries the calendar file).
    PeerAssistScheduled(PeerAssistId),
    /// A scheduled Peer Assist the recipient is in moved (with the updated calendar file).
    PeerAssistMoved(PeerAssistId),
    /// A Peer Assist the recipient was in is called off (with the calendar's cancellation).
    PeerAssistCancelled(PeerAssistId),
    /// The convenor of a Peer Assist the recipient is in told them what came of it.
    PeerAssistUpdate(PeerAssistId),
    /// A Peer Assist is planned in an area where the recipient has an open need: they may have
    /// similar needs (the message names its title and areas only).
    PeerAssistPlanned(PeerAssistId),
    /// An action of a Peer Assist the recipient owns is due within two days.
    ActionDue(PeerAssistId),
    /// An action of a Peer Assist the recipient owns is overdue.
    ActionOverdue(PeerAssistId),
    /// A lesson is published in an area where the recipient has an open need.
    LessonPublished(LessonId),
    /// A week's notices for a recipient who chose the weekly digest.
    Digest,
}

impl Notice {
    const RECEIVED: &'static str = "request_received";
    const MATCHED: &'static str = "request_matched";
    const WAITING: &'static str = "request_waiting";
    const UNANSWERED: &'static str = "request_unanswered";
    const INVITATION: &'static str = "invitation";
    const PROFILE: &'static str = "profile_to_claim";
    const RESET: &'static str = "password_reset";
    const PROOF: &'static str = "address_proof";
    const REGISTERED: &'static str = "already_registered";
    const DIGEST: &'static str = "digest";
    const CONCERN: &'static str = "concern_raised";
    const LESSON: &'static str = "lesson_published";
    const PEER_ASSIST: [&'static str; 9] = [
        "peer_assist_invitation",
        "peer_assist_reply",
        "peer_assist_scheduled",
        "peer_assist_moved",
        "peer_assist_cancelled",
        "peer_assist_update",
        "peer_assist_planned",
        "action_due",
        "action_overdue",
    ];
    const MOVED: [(&'static str, RequestStatus); 5] = [
        ("request_accepted", RequestStatus::Accepted),
        ("request_declined", RequestStatus::Declined),
        ("request_completed", RequestStatus::Completed),
        ("request_cancelled", RequestStatus::Cancelled),
        ("request_expired", RequestStatus::Expired),
    ];

    /// Its kind, as the store and the operator's listing spell it.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::RequestReceived(_) => Self::RECEIVED,
            Self::RequestMatched(_) => Self::MATCHED,
            Self::RequestWaiting(_) => Self::WAITING,
            Self::RequestUnanswered(_) => Self::UNANSWERED,
            Self::RequestMoved { status, .. } => Self::MOVED
                .iter()
                .find(|(_, s)| s == status)
                .map_or("request_moved", |(kind, _)| kind),
            Self::Invitation(_) => Self::INVITATION,
            Self::ProfileToClaim(_) => Self::PROFILE,
            Self::PasswordReset => Self::RESET,
            Self::AddressProof => Self::PROOF,
            Self::AlreadyRegistered => Self::REGISTERED,
            Self::ConcernRaised(_) => Self::CONCERN,
            Self::LessonPublished(_) => Self::LESSON,
            Self::PeerAssistInvitation(_)
            | Self::PeerAssistReply(_)
            | Self::PeerAssistScheduled(_)
            | Self::PeerAssistMoved(_)
            | Self::PeerAssistCancelled(_)
            | Self::PeerAssistUpdate(_)
            | Self::PeerAssistPlanned(_)
            | Self::ActionDue(_)
            | Self::ActionOverdue(_) => self.peer_assist_kind(),
            Self::Digest => Self::DIGEST,
        }
    }

    /// The id of the thing it is about, if it is about one.
    pub fn subject(&self) -> Option<Uuid> {
        match self {
            Self::RequestReceived(id)
            | Self::RequestMatched(id)
            | Self::RequestWaiting(id)
            | Self::RequestUnanswered(id)
            | Self::RequestMoved { request_id: id, .. } => Some(id.as_uuid()),
            Self::Invitation(id) | Self::ProfileToClaim(id) => Some(id.as_uuid()),
            Self::ConcernRaised(id) => Some(id.as_uuid()),
            Self::LessonPublished(id) => Some(id.as_uuid()),
            Self::PeerAssistInvitation(id)
            | Self::PeerAssistReply(id)
            | Self::PeerAssistScheduled(id)
            | Self::PeerAssistMoved(id)
            | Self::PeerAssistCancelled(id)
            | Self::PeerAssistUpdate(id)
            | Self::PeerAssistPlanned(id)
            | Self::ActionDue(id)
            | Self::ActionOverdue(id) => Some(id.as_uuid()),
            Self::PasswordReset | Self::AddressProof | Self::AlreadyRegistered | Self::Digest => {
                None
            }
        }
    }

    /// Reads a notice back from its kind and subject.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `kind` when the two do not make a notice.
    pub fn from_parts(kind: &str, subject: Option<Uuid>) -> Result<Self, InvalidValue> {
        let moved = Self::MOVED.iter().find(|(k, _)| *k == kind);
        match (kind, subject, moved) {
            (_, Some(id), Some((_, status))) => Ok(Self::RequestMoved {
                request_id: RequestId::from_uuid(id),
                status: *status,
            }),
            (Self::RECEIVED, Some(id), _) => Ok(Self::RequestReceived(RequestId::from_uuid(id))),
            (Self::MATCHED, Some(id), _) => Ok(Self::RequestMatched(RequestId::from_uuid(id))),
            (Self::WAITING, Some(id), _) => Ok(Self::RequestWaiting(RequestId::from_uuid(id))),
            (Self::UNANSWERED, Some(id), _) => {
                Ok(Self::RequestUnanswered(RequestId::from_uuid(id)))
            }
            (Self::INVITATION, Some(id), _) => Ok(Self::Invitation(InvitationId::from_uuid(id))),
            (Self::PROFILE, Some(id), _) => Ok(Self::ProfileToClaim(InvitationId::from_uuid(id))),
            (Self::CONCERN, Some(id), _) => Ok(Self::ConcernRaised(ConcernId::from_uuid(id))),
            (Self::LESSON, Some(id), _) => Ok(Self::LessonPublished(LessonId::from_uuid(id))),
            (kind, Some(id), _) if Self::PEER_ASSIST.contains(&kind) => {
                Ok(Self::peer_assist_notice(kind, PeerAssistId::from_uuid(id)))
            }
            (Self::RESET, None, _) => Ok(Self::PasswordReset),
            (Self::PROOF, None, _) => Ok(Self::AddressProof),
            (Self::REGISTERED, None, _) => Ok(Self::AlreadyRegistered),
            (Self::DIGEST, None, _) => Ok(Self::Digest),
            _ => Err(InvalidValue::new(
                "kind",
                format!("\"{kind}\" is not a notice with that subject"),
            )),
        }
    }

    /// The kind of a notice about a Peer Assist, in the order of [`Self::PEER_ASSIST`].
    fn peer_assist_kind(&self) -> &'static str {
        let index = match self {
            Self::PeerAssistInvitation(_) => 0,
            Self::PeerAssistReply(_) => 1,
            Self::PeerAssistScheduled(_) => 2,
            Self::PeerAssistMoved(_) => 3,
            Self::PeerAssistCancelled(_) => 4,
            Self::PeerAssistUpdate(_) => 5,
            Self::PeerAssistPlanned(_) => 6,
            Self::ActionDue(_) => 7,
            _ => 8,
        };
        Self::PEER_ASSIST[index]
    }

    /// The notice about `id` of a kind in [`Self::PEER_ASSIST`].
    fn peer_assist_notice(kind: &str, id: PeerAssistId) -> Self {
        let make: [fn(PeerAssistId) -> Self; 9] = [
            Self::PeerAssistInvitation,
            Self::PeerAssistReply,
            Self::PeerAssistScheduled,
            Self::PeerAssistMoved,
            Self::PeerAssistCancelled,
            Self::PeerAssistUpdate,
            Self::PeerAssistPlanned,
            Self::ActionDue,
            Self::ActionOverdue,
        ];
        let index = Self::PEER_ASSIST
            .iter()
            .position(|k| *k == kind)
            .unwrap_or(8);
        make.get(index)
            .map_or(Self::ActionOverdue(id), |make| make(id))
    }

    /// Where a message telling of this goes, given the recipient's preference in the group: a
    /// password reset or a link about their address goes at once whatever they chose, since
    /// they (or someone using their address) asked for it; so does a concern to a lead, since
    /// someone's safety may wait on it.
    pub fn first_status(&self, preference: NotificationPreference) -> Option<DeliveryStatus> {
        if matches!(
            self,
            Self::PasswordReset
                | Self::AddressProof
                | Self::AlreadyRegistered
                | Self::ConcernRaised(_)
                | Self::Digest
        ) {
            return Some(DeliveryStatus::Waiting);
        }
        match preference {
            NotificationPreference::Immediate => Some(DeliveryStatus::Waiting),
            NotificationPreference::WeeklyDigest => Some(DeliveryStatus::Held),
            NotificationPreference::Off => None,
        }
    }
}

/// A claim on a message while one worker sends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lease {
    /// Which claim holds it.
    pub holder: Uuid,
    /// When the claim runs out and another worker may take the message.
    pub until: OffsetDateTime,
}

/// A message of the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxMessage {
    /// Its id, which makes its Message-ID.
    pub id: MessageId,
    /// The group it is about; none for a password reset.
    pub group_id: Option<GroupId>,
    /// The recipient's account, if they have one (an invitee may not yet).
    pub account_id: Option<AccountId>,
    /// Where it goes.
    pub to: Email,
    /// What it tells.
    pub notice: Notice,
    /// The secret a link in it carries (an invitation's or a reset's token): kept only until the
    /// message is sent or given up.
    pub secret: Option<SecretToken>,
    /// Where it stands.
    pub status: DeliveryStatus,
    /// Attempts to deliver it so far.
    pub attempts: u32,
    /// When it was written.
    pub created_at: OffsetDateTime,
    /// When it may next be tried.
    pub next_attempt_at: OffsetDateTime,
    /// The worker's claim while it is being sent.
    pub lease: Option<Lease>,
    /// The digest it went out in, once gathered.
    pub digest_id: Option<MessageId>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// When it was delivered.
    pub sent_at: Option<OffsetDateTime>,
}

impl OutboxMessage {
    /// A new message, due at `now` unless held for a digest.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        id: MessageId,
        group_id: Option<GroupId>,
        account_id: Option<AccountId>,
        to: Email,
        notice: Notice,
        secret: Option<SecretToken>,
        status: DeliveryStatus,
        now: OffsetDateTime,
    ) -> Self {
        Self {
            id,
            group_id,
            account_id,
            to,
            notice,
            secret,
            status,
            attempts: 0,
            created_at: now,
            next_attempt_at: now,
            lease: None,
            digest_id: None,
            last_error: None,
            sent_at: None,
        }
    }

    /// Delivered at `now`: its secret is dropped, and it is never sent again.
    pub fn sent(self, now: OffsetDateTime) -> Self {
        Self {
            status: DeliveryStatus::Sent,
            attempts: self.attempts + 1,
            secret: None,
            lease: None,
            last_error: None,
            sent_at: Some(now),
            ..self
        }
    }

    /// Handed at `now` to a postman that keeps it for the operator: settled as sent, its secret
    /// kept for the operator to read the letter's links (until the sweep removes the message).
    pub fn kept_for_the_operator(self, now: OffsetDateTime) -> Self {
        let secret = self.secret.clone();
        Self {
            secret,
            ..self.sent(now)
        }
    }

    /// An attempt failed at `now` for `reason`: tried again later, or given up (its secret
    /// dropped) once the policy's attempts are spent.
    pub fn failed_attempt(
        self,
        reason: String,
        now: OffsetDateTime,
        policy: &DeliveryPolicy,
    ) -> Self {
        let attempts = self.attempts + 1;
        let next = policy.retry_at(attempts, now);
        Self {
            status: if next.is_some() {
                DeliveryStatus::Waiting
            } else {
                DeliveryStatus::Failed
            },
            secret: if next.is_some() { self.secret } else { None },
            next_attempt_at: next.unwrap_or(now),
            attempts,
            lease: None,
            last_error: Some(reason),
            ..self
        }
    }

    /// There is nothing left to tell (what it was about is gone): given up without sending.
    pub fn dropped(self, now: OffsetDateTime) -> Self {
        Self {
            status: DeliveryStatus::Failed,
            secret: None,
            lease: None,
            next_attempt_at: now,
            last_error: Some("what it told of is gone".to_owned()),
            ..self
        }
    }

    /// An operator's retry of a message given up: due again at `now`, with its attempts counted
    /// afresh.
    ///
    /// # Errors
    /// [`Error::Conflict`] (`wrong_state`) unless it failed.
    pub fn retried(self, now: OffsetDateTime) -> Result<Self, Error> {
        if self.status != DeliveryStatus::Failed {
            return Err(Error::conflict(
                ConflictReason::WrongState,
                format!(
                    "only a failed message can be retried; this one is {}",
                    self.status
                ),
            ));
        }
        Ok(Self {
            status: DeliveryStatus::Waiting,
            attempts: 0,
            next_attempt_at: now,
            ..self
        })
    }
}

/// How delivery is paced: batches, leases and retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryPolicy {
    /// Messages one worker claims at a time.
    pub batch: u32,
    /// How long a claim lasts: longer than any one send takes.
    pub lease: Duration,
    /// The wait after the first failed attempt; each failure doubles it.
    pub first_retry: Duration,
    /// The longest wait between attempts.
    pub longest_wait: Duration,
    /// Attempts before a message is given up.
    pub max_attempts: u32,
}

impl Default for DeliveryPolicy {
    /// Twenty at a time, five-minute leases, retries after 1, 2, 4 … minutes (at most an hour
    /// apart), given up after ten attempts: about five hours of trying.
    fn default() -> Self {
        Self {
            batch: 20,
            lease: Duration::minutes(5),
            first_retry: Duration::minutes(1),
            longest_wait: Duration::hours(1),
            max_attempts: 10,
        }
    }
}

impl DeliveryPolicy {
    /// When to try again after `attempts` failed attempts, or none when it is time to give up.
    pub fn retry_at(&self, attempts: u32, now: OffsetDateTime) -> Option<OffsetDateTime> {
        if attempts >= self.max_attempts {
            return None;
        }
        let doublings = attempts.saturating_sub(1).min(30);
        let wait = self
            .first_retry
            .checked_mul(1_i32 << doublings)
            .map_or(self.longest_wait, |w| w.min(self.longest_wait));
        Some(now + wait)
    }
}

/// How often a member who chose the digest hears from the exchange.
pub const DIGEST_PERIOD: Duration = Duration::weeks(1);

/// What one delivery run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeliveryRun {
    /// Messages delivered.
    pub sent: u32,
    /// Messages that failed and will be tried again.
    pub retrying: u32,
    /// Messages given up.
    pub failed: u32,
}

/// What a recipient is told, with what an email needs to say it: names, not only ids.
#[derive(Debug, Clone, PartialEq)]
pub struct Letter {
    /// The message's id: the same on every attempt.
    pub message_id: MessageId,
    /// Where it goes.
    pub to: Email,
    /// How to greet the recipient, when the exchange knows their name.
    pub name: Option<DisplayName>,
    /// The language the recipient chose, if they did.
    pub language: Option<Language>,
    /// The group it is about, if any.
    pub group: Option<(GroupId, GroupName)>,
    /// What happened: one thing, or a digest's many.
    pub news: Vec<News>,
    /// Whether this is the recipient's weekly digest.
    pub digest: bool,
    /// The secret a link carries (an invitation's or a reset's token).
    pub secret: Option<SecretToken>,
}

/// One thing a letter tells.
#[derive(Debug, Clone, PartialEq)]
pub enum News {
    /// `from` asked the recipient for help in `area`, by `mode`.
    RequestReceived {
        /// The request, to open it.
        request_id: RequestId,
        /// The seeker's name.
        from: DisplayName,
        /// The area.
        area: Name,
        /// How they would like to be helped.
        mode: Mode,
        /// Whether the group's matching asked, not the seeker themselves.
        matched: bool,
    },
    /// The group's matching asked `helper` to help the recipient in `area`, by `mode`.
    RequestMatched {
        /// The request, to open it.
        request_id: RequestId,
        /// The helper's name.
        helper: DisplayName,
        /// The area.
        area: Name,
        /// How the help would be given.
        mode: Mode,
    },
    /// The recipient's request in `area` moved to `status`, by `by` (or by time, for expiry).
    RequestMoved {
        /// The request, to open it.
        request_id: RequestId,
        /// Where it moved.
        status: RequestStatus,
        /// The other side's name.
        by: DisplayName,
        /// The area.
        area: Name,
        /// Whether the recipient, its seeker, is to say if the help met the need it answers.
        about_need: bool,
    },
    /// The recipient is invited to the letter's group with `role` (the link carries the secret).
    Invitation {
        /// The role offered.
        role: Role,
    },
    /// A request from `from` in `area`, sent on `sent`, still waits for the recipient's answer.
    RequestWaiting {
        /// The request, to open it.
        request_id: RequestId,
        /// The seeker's name.
        from: DisplayName,
        /// The area.
        area: Name,
        /// When it was sent.
        sent: OffsetDateTime,
    },
    /// The recipient's request to `helper` in `area` has had no answer; it expires at
    /// `expires`.
    RequestUnanswered {
        /// The request, to open it.
        request_id: RequestId,
        /// The helper's name.
        helper: DisplayName,
        /// The area.
        area: Name,
        /// When it expires unanswered.
        expires: OffsetDateTime,
    },
    /// A profile is waiting for the recipient in the letter's group (the link carries the
    /// secret).
    ProfileToClaim,
    /// A link to set a new password (it carries the secret), valid for
    /// [`crate::accounts::PasswordReset::LIFETIME`].
    PasswordReset,
    /// A link to confirm the recipient's address (it carries the secret), valid for
    /// [`crate::accounts::AddressProof::LIFETIME`].
    AddressProof,
    /// Someone tried to register the recipient's address: if it was them, they sign in or
    /// reset their password.
    AlreadyRegistered,
    /// A safeguarding concern waits for the recipient, a lead of the letter's group: nothing of
    /// what it says.
    ConcernRaised,
    /// Something happened to a Peer Assist the recipient is in, or (`Planned`) one is planned
    /// near their needs.
    PeerAssist {
        /// The Peer Assist, to open it.
        peer_assist_id: PeerAssistId,
        /// What happened.
        what: PeerAssistNews,
        /// Its title.
        title: Title,
        /// Its areas' names.
        areas: Vec<Name>,
        /// Its convenor's name.
        convenor: DisplayName,
        /// When and where it meets, for its people (the calendar file is made from it); none
        /// for a member only told that it is planned.
        meeting: Option<Meeting>,
        /// Counts its changes: a calendar invitation's sequence.
        sequence: u32,
        /// When it last changed: a calendar invitation's stamp.
        changed_at: time::OffsetDateTime,
    },
    /// A lesson is published in an area of the recipient's needs.
    LessonPublished {
        /// The lesson, to open it.
        lesson_id: LessonId,
        /// The Peer Assist's title.
        title: Title,
        /// Its areas' names.
        areas: Vec<Name>,
    },
}

/// What happened to a Peer Assist, as its letter tells it.
#[derive(Debug, Clone, PartialEq)]
pub enum PeerAssistNews {
    /// The recipient is invited, to facilitate or to take part.
    Invitation {
        /// Which.
        role: PeerAssistRole,
    },
    /// Someone answered the recipient's invitations: where the answers stand now.
    Reply {
        /// Accepted so far (the facilitator among them).
        accepted: u32,
        /// Declined so far.
        declined: u32,
        /// Not yet answered.
        waiting: u32,
        /// Whether it can be scheduled now: the facilitator and two participants accepted.
        ready: bool,
    },
    /// It is scheduled.
    Scheduled,
    /// The meeting moved.
    Moved,
    /// It is called off.
    Cancelled,
    /// The convenor's latest update.
    Update {
        /// What they said.
        message: Message,
    },
    /// It is planned in an area of the recipient's open needs: they may have similar needs.
    Planned,
    /// Actions the recipient owns are due soon, or overdue.
    ActionsDue {
        /// What and by when.
        actions: Vec<(ActionText, time::Date)>,
        /// Overdue rather than due soon.
        overdue: bool,
    },
}

/// Why a delivery failed, in words for the operator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DeliveryFailed(pub String);

/// Delivers letters: by email, or to the log.
#[async_trait]
pub trait Postman: Send + Sync {
    /// Sends the letter.
    ///
    /// # Errors
    /// [`DeliveryFailed`] when it could not be delivered now (it will be tried again).
    async fn send(&self, letter: &Letter) -> Result<(), DeliveryFailed>;

    /// Whether this postman only keeps letters for the operator to hand on (a server without a
    /// mail server writes that it has one, never its links): a message it takes keeps its secret,
    /// so that [`crate::Collaborate::letter`] can show the operator the whole letter.
    fn keeps_letters_for_the_operator(&self) -> bool {
        false
    }
}

/// The outbox, as one part of a [`Transaction`].
///
/// [`Transaction`]: crate::ports::Transaction
#[async_trait]
pub trait Outbox: Send {
    /// Adds a message.
    async fn insert_message(&mut self, message: &OutboxMessage) -> Result<(), PortError>;

    /// Adds messages, as [`Outbox::insert_message`] adds each: a store may write them together.
    async fn insert_messages(&mut self, messages: &[OutboxMessage]) -> Result<(), PortError> {
        for message in messages {
            self.insert_message(message).await?;
        }
        Ok(())
    }

    /// The message with this id.
    async fn message(&mut self, id: MessageId) -> Result<Option<OutboxMessage>, PortError>;

    /// Replaces a message.
    async fn update_message(&mut self, message: &OutboxMessage) -> Result<(), PortError>;

    /// Claims up to `limit` messages due at `now` (waiting, next attempt not later, no live
    /// lease), oldest first, giving each `lease`. A store passes over messages another
    /// transaction is claiming, so two workers never claim one message.
    async fn claim_due_messages(
        &mut self,
        now: OffsetDateTime,
        lease: Lease,
        limit: u32,
    ) -> Result<Vec<OutboxMessage>, PortError>;

    /// Replaces a message only while the claim `holder` still leases it; `Stale` otherwise (its
    /// lease ran out and another worker took it).
    async fn settle_message(
        &mut self,
        message: &OutboxMessage,
        holder: Uuid,
    ) -> Result<(), PortError>;

    /// Every held message of each recipient (account and group) whose oldest held message was
    /// written at or before `held_since`, locked until the transaction ends so that another
    /// digest run waits and then finds them gathered.
    async fn held_messages(
        &mut self,
        held_since: OffsetDateTime,
    ) -> Result<Vec<OutboxMessage>, PortError>;

    /// The messages gathered into a digest.
    async fn gathered_into(&mut self, digest: MessageId) -> Result<Vec<OutboxMessage>, PortError>;

    /// The latest messages, of one status or any, newest first, at most `limit`.
    async fn recent_messages(
        &mut self,
        status: Option<DeliveryStatus>,
        limit: u32,
    ) -> Result<Vec<OutboxMessage>, PortError>;

    /// How many messages stand in each status, for the operator's metrics; a status with none
    /// may be left out.
    async fn count_messages(&mut self) -> Result<Vec<(DeliveryStatus, u64)>, PortError>;

    /// Removes every message to an account, and every message to any of `addresses` (an
    /// invitation's, sent before the address had an account), when the account is erased.
    async fn delete_messages_to(
        &mut self,
        account_id: AccountId,
        addresses: &[Email],
    ) -> Result<(), PortError>;

    /// Removes messages sent, gathered or given up before `before`; says how many.
    async fn delete_messages_settled_before(
        &mut self,
        before: OffsetDateTime,
    ) -> Result<u32, PortError>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn t(minutes: i64) -> OffsetDateTime {
        OffsetDateTime::UNIX_EPOCH + Duration::minutes(minutes)
    }

    fn message() -> OutboxMessage {
        OutboxMessage::new(
            MessageId::from_uuid(Uuid::from_u128(1)),
            None,
            None,
            Email::parse("a@example.org").unwrap(),
            Notice::PasswordReset,
            Some(SecretToken::from_random_bytes([7; 32])),
            DeliveryStatus::Waiting,
            t(0),
        )
    }

    #[rstest]
    #[case::first_failure(1, Some(1))]
    #[case::second(2, Some(2))]
    #[case::third(3, Some(4))]
    #[case::capped_at_an_hour(8, Some(60))]
    #[case::last_allowed(9, Some(60))]
    #[case::given_up(10, None)]
    fn retries_wait_twice_as_long_each_time_then_give_up(
        #[case] attempts: u32,
        #[case] wait_minutes: Option<i64>,
    ) {
        assert_eq!(
            DeliveryPolicy::default().retry_at(attempts, t(0)),
            wait_minutes.map(t)
        );
    }

    proptest::proptest! {
        #[test]
        fn waits_never_shorten_never_pass_the_longest_and_end_at_the_last_attempt(
            attempts in 1_u32..40,
        ) {
            let policy = DeliveryPolicy::default();
            let now = t(0);
            match (policy.retry_at(attempts, now), policy.retry_at(attempts + 1, now)) {
                (Some(this), Some(next)) => {
                    proptest::prop_assert!(this <= next);
                    proptest::prop_assert!(next - now <= policy.longest_wait);
                    proptest::prop_assert!(this - now >= policy.first_retry);
                }
                (Some(_), None) => proptest::prop_assert_eq!(attempts + 1, policy.max_attempts),
                (None, next) => {
                    proptest::prop_assert!(attempts >= policy.max_attempts);
                    proptest::prop_assert_eq!(next, None);
                }
            }
        }
    }

    #[test]
    fn a_failed_attempt_waits_and_keeps_its_secret_until_given_up() {
        let policy = DeliveryPolicy::default();
        let once = message().failed_attempt("refused".into(), t(0), &policy);
        assert_eq!(once.status, DeliveryStatus::Waiting);
        assert_eq!(once.next_attempt_at, t(1));
        assert!(once.secret.is_some());
        let mut last = once;
        while last.status == DeliveryStatus::Waiting {
            last = last.failed_attempt("refused".into(), t(0), &policy);
        }
        assert_eq!(last.status, DeliveryStatus::Failed);
        assert_eq!(last.attempts, policy.max_attempts);
        assert_eq!(last.secret, None);
        assert_eq!(last.last_error.as_deref(), Some("refused"));
    }

    #[test]
    fn a_sent_message_forgets_its_secret_and_only_a_failed_one_is_retried() {
        let sent = message().sent(t(3));
        assert_eq!(
            (sent.status, sent.sent_at, sent.secret.clone()),
            (DeliveryStatus::Sent, Some(t(3)), None)
        );
        assert!(matches!(
            sent.retried(t(4)),
            Err(Error::Conflict {
                reason: ConflictReason::WrongState,
                ..
            })
        ));
        let failed = message().dropped(t(5)).retried(t(6)).unwrap();
        assert_eq!(
            (failed.status, failed.attempts, failed.next_attempt_at),
            (DeliveryStatus::Waiting, 0, t(6))
        );
    }

    #[test]
    fn a_message_kept_for_the_operator_is_settled_as_sent_with_its_secret() {
        let kept = message().kept_for_the_operator(t(3));
        let sent = message().sent(t(3));
        assert_eq!(kept.secret, message().secret);
        assert!(kept.secret.is_some());
        assert_eq!(
            OutboxMessage {
                secret: None,
                ..kept
            },
            sent
        );
    }

    /// A message mid-delivery: leased, tried once already, with the reason it failed.
    fn leased() -> OutboxMessage {
        OutboxMessage {
            attempts: 1,
            lease: Some(Lease {
                holder: Uuid::from_u128(5),
                until: t(10),
            }),
            last_error: Some("refused".to_owned()),
            ..message()
        }
    }

    #[test]
    fn each_step_of_delivery_leaves_the_whole_message_as_it_says() {
        let policy = DeliveryPolicy::default();
        let sent = OutboxMessage {
            status: DeliveryStatus::Sent,
            attempts: 2,
            secret: None,
            lease: None,
            last_error: None,
            sent_at: Some(t(3)),
            ..leased()
        };
        assert_eq!(leased().sent(t(3)), sent);
        let again = OutboxMessage {
            attempts: 2,
            lease: None,
            next_attempt_at: t(5),
            last_error: Some("busy".to_owned()),
            ..leased()
        };
        assert_eq!(leased().failed_attempt("busy".into(), t(3), &policy), again);
        let dropped = OutboxMessage {
            status: DeliveryStatus::Failed,
            secret: None,
            lease: None,
            next_attempt_at: t(4),
            last_error: Some("what it told of is gone".to_owned()),
            ..leased()
        };
        assert_eq!(leased().dropped(t(4)), dropped);
        let retried = OutboxMessage {
            status: DeliveryStatus::Waiting,
            attempts: 0,
            next_attempt_at: t(6),
            ..dropped.clone()
        };
        assert_eq!(dropped.retried(t(6)).unwrap(), retried);
    }

    #[rstest]
    #[case::received(Notice::RequestReceived(RequestId::from_uuid(Uuid::from_u128(9))))]
    #[case::waiting(Notice::RequestWaiting(RequestId::from_uuid(Uuid::from_u128(9))))]
    #[case::unanswered(Notice::RequestUnanswered(RequestId::from_uuid(Uuid::from_u128(9))))]
    #[case::accepted(Notice::RequestMoved { request_id: RequestId::from_uuid(Uuid::from_u128(9)), status: RequestStatus::Accepted })]
    #[case::expired(Notice::RequestMoved { request_id: RequestId::from_uuid(Uuid::from_u128(9)), status: RequestStatus::Expired })]
    #[case::invitation(Notice::Invitation(InvitationId::from_uuid(Uuid::from_u128(9))))]
    #[case::profile(Notice::ProfileToClaim(InvitationId::from_uuid(Uuid::from_u128(9))))]
    #[case::reset(Notice::PasswordReset)]
    #[case::proof(Notice::AddressProof)]
    #[case::already_registered(Notice::AlreadyRegistered)]
    #[case::digest(Notice::Digest)]
    fn a_notice_reads_back_from_its_kind_and_subject(#[case] notice: Notice) {
        assert_eq!(
            Notice::from_parts(notice.kind(), notice.subject()),
            Ok(notice)
        );
    }

    #[test]
    fn a_kind_without_its_subject_is_refused() {
        assert_eq!(
            Notice::from_parts("request_received", None)
                .unwrap_err()
                .field(),
            "kind"
        );
        assert!(Notice::from_parts("password_reset", Some(Uuid::nil())).is_err());
    }

    #[rstest]
    #[case::immediate(
        NotificationPreference::Immediate,
        Some(DeliveryStatus::Waiting),
        Some(DeliveryStatus::Waiting)
    )]
    #[case::digest(
        NotificationPreference::WeeklyDigest,
        Some(DeliveryStatus::Held),
        Some(DeliveryStatus::Waiting)
    )]
    #[case::off(NotificationPreference::Off, None, Some(DeliveryStatus::Waiting))]
    fn a_preference_decides_every_notice_but_a_password_reset(
        #[case] preference: NotificationPreference,
        #[case] request: Option<DeliveryStatus>,
        #[case] reset: Option<DeliveryStatus>,
    ) {
        let received = Notice::RequestReceived(RequestId::from_uuid(Uuid::nil()));
        assert_eq!(received.first_status(preference), request);
        for asked_for in [
            Notice::PasswordReset,
            Notice::AddressProof,
            Notice::AlreadyRegistered,
        ] {
            assert_eq!(asked_for.first_status(preference), reset);
        }
    }
}
