//! Support requests and their lifecycle, as a state machine, and the feedback that closes them.
//!
//! ```text
//! pending ──accept (helper)──▶ accepted ──complete (either)──▶ completed ──feedback (seeker, once)
//!    │ ├──decline (helper)──▶ declined       │
//!    │ └──expire (clock)────▶ expired        │
//!    └────────cancel (seeker)──▶ cancelled ◀──┘
//! ```

pub(crate) mod use_cases;

pub use use_cases::ListedRequest;

use crate::error::PortError;
use crate::error::{ConflictReason, Error};
use crate::groups::{ContactChannels, Member, SeekerLoad};
use crate::paging::PageRequest;
use crate::values::{
    AreaId, Comment, DisplayName, GroupId, MemberId, Message, Mode, NeedAnswer, NeedId, OfferId,
    ProposalId, Rating, RequestId, RequestStatus,
};
use async_trait::async_trait;
use time::OffsetDateTime;

/// A seeker's request to a helper about one offer.
#[derive(Debug, Clone, PartialEq)]
pub struct SupportRequest {
    /// Its id.
    pub id: RequestId,
    /// The group.
    pub group_id: GroupId,
    /// The offer asked about.
    pub offer_id: OfferId,
    /// The offer's area, kept for reports.
    pub area_id: AreaId,
    /// Who asks.
    pub seeker_id: MemberId,
    /// Who is asked.
    pub helper_id: MemberId,
    /// The seeker's need it answers, if any.
    pub need_id: Option<NeedId>,
    /// What the seeker wrote.
    pub message: Message,
    /// How the help would be given: one of the offer's modes.
    pub mode: Mode,
    /// Where it stands.
    pub status: RequestStatus,
    /// When it was sent.
    pub created_at: OffsetDateTime,
    /// When it expires if still pending.
    pub expires_at: OffsetDateTime,
    /// When its status last changed.
    pub updated_at: OffsetDateTime,
    /// When the helper answered (accepted or declined), if they did.
    pub answered_at: Option<OffsetDateTime>,
    /// The seeker's feedback, once completed.
    pub feedback: Option<Feedback>,
    /// When each side was reminded that it still waits for an answer: the helper after
    /// [`REMIND_HELPER_AFTER`], the seeker after [`REMIND_SEEKER_AFTER`]; once each.
    pub reminded: Reminded,
    /// What the seeker said of the need it answers, once completed, and when.
    pub need_answer: Option<(NeedAnswer, OffsetDateTime)>,
    /// The matching proposal an admin confirmed to make it, when the seeker did not ask.
    pub proposal_id: Option<ProposalId>,
}

/// How long a request waits for its helper's answer before the helper is reminded of it.
pub const REMIND_HELPER_AFTER: time::Duration = time::Duration::days(3);

/// How long a request goes unanswered before its seeker is told, so they may ask someone else.
pub const REMIND_SEEKER_AFTER: time::Duration = time::Duration::days(5);

/// When each side of a request was reminded of it, if they were.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reminded {
    /// The helper, that it waits for their answer.
    pub helper: Option<OffsetDateTime>,
    /// The seeker, that it has had no answer.
    pub seeker: Option<OffsetDateTime>,
}

/// One side of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// The member who asked.
    Seeker,
    /// The member who was asked.
    Helper,
}

/// A step of the lifecycle that one side takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Transition {
    /// The helper agrees.
    Accept,
    /// The helper says no.
    Decline,
    /// Either side records that the help was given.
    Complete,
    /// The seeker withdraws.
    Cancel,
}

impl Transition {
    /// Every transition.
    pub const ALL: [Transition; 4] = [Self::Accept, Self::Decline, Self::Complete, Self::Cancel];

    /// The status it leads to.
    pub fn target(self) -> RequestStatus {
        match self {
            Self::Accept => RequestStatus::Accepted,
            Self::Decline => RequestStatus::Declined,
            Self::Complete => RequestStatus::Completed,
            Self::Cancel => RequestStatus::Cancelled,
        }
    }

    /// Whether it may be taken from `status`.
    pub fn allowed_from(self, status: RequestStatus) -> bool {
        use RequestStatus::{Accepted, Pending};
        match self {
            Self::Accept | Self::Decline => status == Pending,
            Self::Complete => status == Accepted,
            Self::Cancel => matches!(status, Pending | Accepted),
        }
    }

    /// Whether `side` may take it.
    pub fn allowed_for(self, side: Side) -> bool {
        match self {
            Self::Accept | Self::Decline => side == Side::Helper,
            Self::Complete => true,
            Self::Cancel => side == Side::Seeker,
        }
    }

    /// What it does, for messages: "this request is declined, so it cannot be *accepted*".
    fn past_tense(self) -> &'static str {
        match self {
            Self::Accept => "accepted",
            Self::Decline => "declined",
            Self::Complete => "completed",
            Self::Cancel => "cancelled",
        }
    }
}

impl SupportRequest {
    /// Which side `member` is on, if either.
    pub fn side_of(&self, member: MemberId) -> Option<Side> {
        if member == self.seeker_id {
            Some(Side::Seeker)
        } else if member == self.helper_id {
            Some(Side::Helper)
        } else {
            None
        }
    }

    /// The member on the other side from `side`.
    pub fn counterpart_of(&self, side: Side) -> MemberId {
        match side {
            Side::Seeker => self.helper_id,
            Side::Helper => self.seeker_id,
        }
    }

    /// The request's status at `now`: a pending request whose time is up counts as expired, whether
    /// or not a store has written it so yet. Stores mirror this when they filter by status.
    pub fn status_at(&self, now: OffsetDateTime) -> RequestStatus {
        if self.is_due(now) {
            RequestStatus::Expired
        } else {
            self.status
        }
    }

    /// Whether the request holds a place of its offer's capacity at `now`: accepted, or pending
    /// and not past its expiry. The one definition of an offer's load; stores mirror it once.
    pub fn holds_capacity_at(&self, now: OffsetDateTime) -> bool {
        self.status_at(now).is_open()
    }

    fn is_due(&self, now: OffsetDateTime) -> bool {
        self.status == RequestStatus::Pending && now >= self.expires_at
    }

    /// The sides to remind at `now` of a request still waiting for its helper's answer: the
    /// helper once it has waited [`REMIND_HELPER_AFTER`], the seeker once it has waited
    /// [`REMIND_SEEKER_AFTER`], each once, and nobody once it is answered, closed or past its
    /// time.
    pub fn reminders_due(&self, now: OffsetDateTime) -> Vec<Side> {
        if self.status_at(now) != RequestStatus::Pending {
            return Vec::new();
        }
        let waited = now - self.created_at;
        let mut due = Vec::new();
        if self.reminded.helper.is_none() && waited >= REMIND_HELPER_AFTER {
            due.push(Side::Helper);
        }
        if self.reminded.seeker.is_none() && waited >= REMIND_SEEKER_AFTER {
            due.push(Side::Seeker);
        }
        due
    }

    /// Marks `side` as reminded at `now`.
    pub fn remind(&mut self, side: Side, now: OffsetDateTime) {
        match side {
            Side::Helper => self.reminded.helper = Some(now),
            Side::Seeker => self.reminded.seeker = Some(now),
        }
    }

    /// Moves a pending request whose time is up to `expired`; says whether it did.
    pub fn expire_if_due(&mut self, now: OffsetDateTime) -> bool {
        let due = self.is_due(now);
        if due {
            self.status = RequestStatus::Expired;
            self.updated_at = self.expires_at;
        }
        due
    }

    /// Closes a request that is still open at `now` because the member on `side` leaves the
    /// group: the seeker's are cancelled; the helper's are declined while pending and cancelled
    /// once accepted. Says whether it changed anything.
    pub fn close_on_leaving(&mut self, side: Side, now: OffsetDateTime) -> bool {
        let closed = match (self.status_at(now), side) {
            (RequestStatus::Pending, Side::Helper) => RequestStatus::Declined,
            (RequestStatus::Pending | RequestStatus::Accepted, _) => RequestStatus::Cancelled,
            _ => return false,
        };
        self.status = closed;
        self.updated_at = now;
        true
    }

    /// Takes `transition` on behalf of `side` at `now` (expiring the request first if due).
    ///
    /// # Errors
    /// [`Error::Forbidden`] when `side` may not take it; [`Error::Conflict`] when the request is in
    /// a state it cannot be taken from. On error the request is unchanged.
    pub fn apply(
        &mut self,
        transition: Transition,
        side: Side,
        now: OffsetDateTime,
    ) -> Result<(), Error> {
        if !transition.allowed_for(side) {
            return Err(Error::Forbidden(match transition {
                Transition::Accept | Transition::Decline => {
                    "only the helper may accept or decline a request"
                }
                Transition::Cancel => "only the seeker may cancel a request",
                Transition::Complete => "only the two sides may complete a request",
            }));
        }
        let mut next = self.clone();
        next.expire_if_due(now);
        if !transition.allowed_from(next.status) {
            return Err(Error::conflict(
                ConflictReason::WrongState,
                format!(
                    "this request is {}, so it cannot be {}",
                    next.status,
                    transition.past_tense()
                ),
            ));
        }
        next.status = transition.target();
        next.updated_at = now;
        if matches!(transition, Transition::Accept | Transition::Decline) {
            next.answered_at = Some(now);
        }
        *self = next;
        Ok(())
    }

    /// Whether `side` may give feedback now: the seeker, on completed help not yet rated.
    pub fn awaits_feedback_from(&self, side: Side) -> bool {
        side == Side::Seeker && self.status == RequestStatus::Completed && self.feedback.is_none()
    }

    /// The moves `side` may make now.
    pub fn moves_for(&self, side: Side) -> Vec<Transition> {
        Transition::ALL
            .into_iter()
            .filter(|t| t.allowed_for(side) && t.allowed_from(self.status))
            .collect()
    }

    /// Records the seeker's feedback on completed help.
    ///
    /// # Errors
    /// [`Error::Forbidden`] unless `side` is the seeker; [`Error::Conflict`] unless the request is
    /// completed and has no feedback yet.
    pub fn give_feedback(&mut self, side: Side, feedback: Feedback) -> Result<(), Error> {
        if side != Side::Seeker {
            return Err(Error::Forbidden("only the seeker may give feedback"));
        }
        if self.status != RequestStatus::Completed {
            return Err(Error::conflict(
                ConflictReason::WrongState,
                "feedback is given once the help is completed",
            ));
        }
        if self.feedback.is_some() {
            return Err(Error::conflict(
                ConflictReason::Duplicate,
                "feedback has already been given for this request",
            ));
        }
        self.feedback = Some(feedback);
        Ok(())
    }

    /// Whether its seeker is to be asked if the need it answers is met (rule 16): completed,
    /// linked to a need, not yet answered.
    pub fn asks_about_need(&self) -> bool {
        self.status == RequestStatus::Completed
            && self.need_id.is_some()
            && self.need_answer.is_none()
    }

    /// Records the seeker's `answer` about the need it answers, at `now`.
    ///
    /// # Errors
    /// [`Error::Forbidden`] unless `side` is the seeker; [`Error::Conflict`] `wrong_state`
    /// unless it is completed and linked to a need, `duplicate` once answered.
    pub fn answer_need(
        &mut self,
        side: Side,
        answer: NeedAnswer,
        now: OffsetDateTime,
    ) -> Result<(), Error> {
        if side != Side::Seeker {
            return Err(Error::Forbidden(
                "only the seeker says whether their need is met",
            ));
        }
        if self.need_answer.is_some() {
            return Err(Error::conflict(
                ConflictReason::Duplicate,
                "you have said already whether this met your need",
            ));
        }
        if !self.asks_about_need() {
            return Err(Error::conflict(
                ConflictReason::WrongState,
                "this is asked once help linked to one of your needs is completed",
            ));
        }
        self.need_answer = Some((answer, now));
        Ok(())
    }
}

/// The seeker's rating of the help received.
#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    /// One to five.
    pub rating: Rating,
    /// Optional words.
    pub comment: Option<Comment>,
    /// When it was given.
    pub given_at: OffsetDateTime,
}

/// What sending a request asks for.
#[derive(Debug, Clone)]
pub struct NewRequest {
    /// The offer.
    pub offer_id: OfferId,
    /// One of the seeker's open needs that it answers.
    pub need_id: Option<NeedId>,
    /// The message to the helper.
    pub message: Message,
    /// How the help should be given: one of the offer's modes.
    pub mode: Mode,
}

/// What giving feedback asks for.
#[derive(Debug, Clone)]
pub struct NewFeedback {
    /// One to five.
    pub rating: Rating,
    /// Optional words.
    pub comment: Option<Comment>,
}

/// Which of the caller's requests to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestFilter {
    /// Those the caller sent, or those the caller was asked.
    pub side: Side,
    /// Only those in this status.
    pub status: Option<RequestStatus>,
}

/// A request as one side sees it, with the other side's contact details.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestDetails {
    /// The request.
    pub request: SupportRequest,
    /// The caller's side.
    pub side: Side,
    /// The other side.
    pub counterpart: Counterpart,
}

impl RequestDetails {
    /// The request as `side` sees it, `other` being the other side: their contact channels
    /// only while the request is open (pending or accepted), for those are the only channels
    /// revealed to `side`, audited when the request was made and at each change since. Once it
    /// has ended, the other side's details stop flowing.
    pub fn for_side(request: SupportRequest, side: Side, other: Member) -> Self {
        let contact = if request.status.is_open() {
            other.profile.contact
        } else {
            ContactChannels::default()
        };
        Self {
            request,
            side,
            counterpart: Counterpart {
                member_id: other.id,
                display_name: other.profile.display_name,
                contact,
            },
        }
    }
}

/// The other side of a request and how to reach them.
#[derive(Debug, Clone, PartialEq)]
pub struct Counterpart {
    /// Who.
    pub member_id: MemberId,
    /// Their name.
    pub display_name: DisplayName,
    /// Their contact channels, while the request is open; none once it has ended.
    pub contact: ContactChannels,
}

/// Support requests and their feedback, as one part of a [`Transaction`].
///
/// [`Transaction`]: crate::ports::Transaction
#[async_trait]
pub trait Requests: Send {
    /// The offer's requests holding capacity at `now`: pending with `expires_at > now`, or accepted.
    async fn open_requests_for(
        &mut self,
        group_id: GroupId,
        offer_id: OfferId,
        now: OffsetDateTime,
    ) -> Result<u32, PortError>;

    /// Whether the seeker has a request on the offer holding capacity at `now`.
    async fn has_open_request(
        &mut self,
        group_id: GroupId,
        offer_id: OfferId,
        seeker_id: MemberId,
        now: OffsetDateTime,
    ) -> Result<bool, PortError>;

    /// The seeker's requests in the group holding capacity at `now`, and those made after
    /// `since`.
    async fn seeker_load(
        &mut self,
        group_id: GroupId,
        seeker_id: MemberId,
        since: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<SeekerLoad, PortError>;

    /// Adds a request.
    async fn insert_request(&mut self, request: &SupportRequest) -> Result<(), PortError>;

    /// The request with this id in the group; in a write transaction, held until it ends so that
    /// two transitions of one request are serialised.
    async fn request(
        &mut self,
        group_id: GroupId,
        id: RequestId,
    ) -> Result<Option<SupportRequest>, PortError>;

    /// Replaces a request (its status, times and feedback).
    async fn update_request(&mut self, request: &SupportRequest) -> Result<(), PortError>;

    /// The member's requests on `side`, in id order, after the page's cursor, at most
    /// `page.fetch_size()`. With `status`, only those in that status *at `now`*: a pending request
    /// whose `expires_at` is not after `now` counts as expired, not pending.
    async fn requests_of(
        &mut self,
        group_id: GroupId,
        member_id: MemberId,
        side: Side,
        status: Option<RequestStatus>,
        now: OffsetDateTime,
        page: PageRequest,
    ) -> Result<Vec<SupportRequest>, PortError>;

    /// Up to `limit` requests of any group still pending whose `expires_at` is not after `now`,
    /// oldest expiry first, each held until the transaction ends; a store passes over those
    /// another transaction holds, so two expiry runs never take the same request.
    async fn overdue_requests(
        &mut self,
        now: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<SupportRequest>, PortError>;

    /// Up to `limit` requests of any group still pending and not past `expires_at` at `now`
    /// with a side to remind ([`SupportRequest::reminders_due`]), oldest first, each held until
    /// the transaction ends; a store passes over those another transaction holds.
    async fn requests_to_remind(
        &mut self,
        now: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<SupportRequest>, PortError>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use time::Duration;
    use uuid::Uuid;

    fn t(hours: i64) -> OffsetDateTime {
        OffsetDateTime::UNIX_EPOCH + Duration::hours(hours)
    }

    fn request(status: RequestStatus) -> SupportRequest {
        SupportRequest {
            id: RequestId::from_uuid(Uuid::from_u128(1)),
            group_id: GroupId::from_uuid(Uuid::from_u128(2)),
            offer_id: OfferId::from_uuid(Uuid::from_u128(3)),
            area_id: AreaId::from_uuid(Uuid::from_u128(4)),
            seeker_id: MemberId::from_uuid(Uuid::from_u128(5)),
            helper_id: MemberId::from_uuid(Uuid::from_u128(6)),
            need_id: None,
            message: Message::parse("Could you help with our bid?").unwrap(),
            mode: Mode::Video,
            status,
            created_at: t(0),
            expires_at: t(24 * 14),
            updated_at: t(0),
            answered_at: None,
            feedback: None,
            reminded: Reminded::default(),
            need_answer: None,
            proposal_id: None,
        }
    }

    use RequestStatus::{Accepted, Cancelled, Completed, Declined, Expired, Pending};
    use Side::{Helper, Seeker};
    use Transition::{Accept, Cancel, Complete, Decline};

    #[rstest]
    #[case::not_yet(Pending, 3 * 24 - 1, Reminded::default(), &[])]
    #[case::three_days(Pending, 3 * 24, Reminded::default(), &[Helper])]
    #[case::five_days(Pending, 5 * 24, Reminded::default(), &[Helper, Seeker])]
    #[case::helper_told(Pending, 5 * 24, Reminded { helper: Some(t(72)), seeker: None }, &[Seeker])]
    #[case::both_told(Pending, 6 * 24, Reminded { helper: Some(t(72)), seeker: Some(t(120)) }, &[])]
    #[case::answered(Accepted, 5 * 24, Reminded::default(), &[])]
    #[case::cancelled(Cancelled, 5 * 24, Reminded::default(), &[])]
    #[case::past_its_time(Pending, 14 * 24, Reminded::default(), &[])]
    fn a_waiting_request_reminds_its_helper_after_three_days_and_its_seeker_after_five(
        #[case] status: RequestStatus,
        #[case] hours: i64,
        #[case] reminded: Reminded,
        #[case] due: &[Side],
    ) {
        let request = SupportRequest {
            reminded,
            ..request(status)
        };
        assert_eq!(request.reminders_due(t(hours)), due);
    }

    #[test]
    fn a_side_reminded_is_not_reminded_again() {
        let mut request = request(Pending);
        for side in request.reminders_due(t(5 * 24)) {
            request.remind(side, t(5 * 24));
        }
        assert_eq!(request.reminded.helper, Some(t(5 * 24)));
        assert_eq!(request.reminded.seeker, Some(t(5 * 24)));
        assert!(request.reminders_due(t(6 * 24)).is_empty());
    }

    #[rstest]
    #[case(Pending, Helper, &[Accept, Decline])]
    #[case(Pending, Seeker, &[Cancel])]
    #[case(Accepted, Helper, &[Complete])]
    #[case(Accepted, Seeker, &[Complete, Cancel])]
    #[case(Completed, Seeker, &[])]
    #[case(Expired, Helper, &[])]
    fn the_moves_offered_are_the_moves_allowed(
        #[case] status: RequestStatus,
        #[case] side: Side,
        #[case] moves: &[Transition],
    ) {
        let request = request(status);
        assert_eq!(request.moves_for(side), moves);
        for step in Transition::ALL {
            let offered = moves.contains(&step);
            assert_eq!(
                request.clone().apply(step, side, t(1)).is_ok(),
                offered,
                "{step:?}"
            );
        }
    }

    #[test]
    fn only_the_seeker_of_completed_help_not_yet_rated_is_asked_for_feedback() {
        let completed = request(Completed);
        assert!(completed.awaits_feedback_from(Seeker));
        assert!(!completed.awaits_feedback_from(Helper));
        assert!(!request(Accepted).awaits_feedback_from(Seeker));
        let mut rated = completed;
        let feedback = Feedback {
            rating: Rating::new(5).unwrap(),
            comment: None,
            given_at: t(2),
        };
        assert!(rated.awaits_feedback_from(Seeker));
        rated.give_feedback(Seeker, feedback).unwrap();
        assert!(!rated.awaits_feedback_from(Seeker));
    }

    #[rstest]
    #[case(Pending, Accept, Helper, Accepted)]
    #[case(Pending, Decline, Helper, Declined)]
    #[case(Accepted, Complete, Helper, Completed)]
    #[case(Accepted, Complete, Seeker, Completed)]
    #[case(Pending, Cancel, Seeker, Cancelled)]
    #[case(Accepted, Cancel, Seeker, Cancelled)]
    fn a_legal_step_moves_the_request(
        #[case] from: RequestStatus,
        #[case] step: Transition,
        #[case] side: Side,
        #[case] to: RequestStatus,
    ) {
        let mut request = request(from);
        request.apply(step, side, t(1)).unwrap();
        assert_eq!(request.status, to);
        assert_eq!(request.updated_at, t(1));
    }

    #[rstest]
    #[case(Accept, Seeker)]
    #[case(Decline, Seeker)]
    #[case(Cancel, Helper)]
    fn the_wrong_side_is_forbidden(#[case] step: Transition, #[case] side: Side) {
        let mut request = request(Pending);
        assert!(matches!(
            request.apply(step, side, t(1)),
            Err(Error::Forbidden(_))
        ));
        assert_eq!(request.status, Pending);
    }

    #[rstest]
    #[case(Pending, Seeker, Some(Cancelled))]
    #[case(Accepted, Seeker, Some(Cancelled))]
    #[case(Pending, Helper, Some(Declined))]
    #[case(Accepted, Helper, Some(Cancelled))]
    #[case(Completed, Seeker, None)]
    #[case(Declined, Helper, None)]
    #[case(Expired, Seeker, None)]
    fn leaving_closes_only_open_requests(
        #[case] from: RequestStatus,
        #[case] side: Side,
        #[case] to: Option<RequestStatus>,
    ) {
        let mut request = request(from);
        assert_eq!(request.close_on_leaving(side, t(1)), to.is_some());
        assert_eq!(request.status, to.unwrap_or(from));
        let mut late = self::request(Pending);
        assert!(
            !late.close_on_leaving(side, t(24 * 14)),
            "past its time it is expired already"
        );
    }

    #[rstest]
    #[case(
        Declined,
        Accept,
        Helper,
        "this request is declined, so it cannot be accepted"
    )]
    #[case(
        Accepted,
        Decline,
        Helper,
        "this request is accepted, so it cannot be declined"
    )]
    #[case(
        Pending,
        Complete,
        Seeker,
        "this request is pending, so it cannot be completed"
    )]
    #[case(
        Completed,
        Cancel,
        Seeker,
        "this request is completed, so it cannot be cancelled"
    )]
    fn a_refused_step_says_what_the_request_is_and_what_it_cannot_be(
        #[case] from: RequestStatus,
        #[case] step: Transition,
        #[case] side: Side,
        #[case] message: &str,
    ) {
        let outcome = request(from).apply(step, side, t(1));
        assert_eq!(outcome.unwrap_err().to_string(), message);
    }

    #[rstest]
    #[case(Accepted, Accept, Helper)]
    #[case(Completed, Cancel, Seeker)]
    #[case(Pending, Complete, Seeker)]
    #[case(Declined, Accept, Helper)]
    #[case(Cancelled, Complete, Helper)]
    #[case(Expired, Accept, Helper)]
    fn a_step_from_the_wrong_state_is_a_conflict(
        #[case] from: RequestStatus,
        #[case] step: Transition,
        #[case] side: Side,
    ) {
        let mut request = request(from);
        assert!(matches!(
            request.apply(step, side, t(1)),
            Err(Error::Conflict {
                reason: ConflictReason::WrongState,
                ..
            })
        ));
        assert_eq!(request.status, from);
    }

    #[test]
    fn a_pending_request_past_its_time_expires_and_can_no_longer_be_accepted() {
        let mut request = request(Pending);
        let late = t(24 * 14);
        let outcome = request.apply(Accept, Helper, late);
        assert!(
            matches!(outcome, Err(Error::Conflict { reason: ConflictReason::WrongState, ref message }) if message.contains("expired"))
        );
        assert!(request.expire_if_due(late));
        assert_eq!(request.status, Expired);
        assert!(!request.expire_if_due(late));
    }

    #[rstest]
    #[case::pending_in_time(Pending, 24 * 14 - 1, true)]
    #[case::pending_at_its_expiry(Pending, 24 * 14, false)]
    #[case::accepted_long_after(Accepted, 24 * 100, true)]
    #[case::declined(Declined, 1, false)]
    #[case::completed(Completed, 1, false)]
    #[case::cancelled(Cancelled, 1, false)]
    #[case::expired(Expired, 1, false)]
    fn only_accepted_and_unexpired_pending_requests_hold_a_place(
        #[case] status: RequestStatus,
        #[case] hours: i64,
        #[case] holds: bool,
    ) {
        assert_eq!(request(status).holds_capacity_at(t(hours)), holds);
    }

    #[test]
    fn an_accepted_request_does_not_expire() {
        let mut request = request(Accepted);
        assert!(!request.expire_if_due(t(24 * 100)));
        assert!(request.apply(Complete, Seeker, t(24 * 100)).is_ok());
    }

    #[rstest]
    #[case::completed_and_linked(Completed, true, true)]
    #[case::not_linked(Completed, false, false)]
    #[case::still_accepted(Accepted, true, false)]
    fn only_completed_help_linked_to_a_need_asks_whether_it_is_met(
        #[case] status: RequestStatus,
        #[case] linked: bool,
        #[case] asked: bool,
    ) {
        let mut r = request(status);
        r.need_id = linked.then(|| NeedId::from_uuid(Uuid::from_u128(9)));
        assert_eq!(r.asks_about_need(), asked);
        assert_eq!(
            r.clone().answer_need(Seeker, NeedAnswer::Met, t(1)).is_ok(),
            asked
        );
        assert!(matches!(
            r.answer_need(Helper, NeedAnswer::Met, t(1)),
            Err(Error::Forbidden(_))
        ));
    }

    #[test]
    fn the_need_is_answered_about_once() {
        let mut r = request(Completed);
        r.need_id = Some(NeedId::from_uuid(Uuid::from_u128(9)));
        r.answer_need(Seeker, NeedAnswer::Partly, t(1)).unwrap();
        assert_eq!(r.need_answer, Some((NeedAnswer::Partly, t(1))));
        assert!(!r.asks_about_need());
        assert!(matches!(
            r.answer_need(Seeker, NeedAnswer::Met, t(2)),
            Err(Error::Conflict {
                reason: ConflictReason::Duplicate,
                ..
            })
        ));
    }

    fn feedback() -> Feedback {
        Feedback {
            rating: Rating::new(5).unwrap(),
            comment: None,
            given_at: t(2),
        }
    }

    #[test]
    fn feedback_is_given_once_by_the_seeker_after_completion() {
        let mut request = request(Completed);
        assert!(matches!(
            request.give_feedback(Helper, feedback()),
            Err(Error::Forbidden(_))
        ));
        request.give_feedback(Seeker, feedback()).unwrap();
        assert!(matches!(
            request.give_feedback(Seeker, feedback()),
            Err(Error::Conflict {
                reason: ConflictReason::Duplicate,
                ..
            })
        ));
        let mut open = self::request(Accepted);
        assert!(matches!(
            open.give_feedback(Seeker, feedback()),
            Err(Error::Conflict {
                reason: ConflictReason::WrongState,
                ..
            })
        ));
    }

    #[test]
    fn the_sides_are_told_apart() {
        let request = request(Pending);
        assert_eq!(request.side_of(request.seeker_id), Some(Seeker));
        assert_eq!(request.side_of(request.helper_id), Some(Helper));
        assert_eq!(
            request.side_of(MemberId::from_uuid(Uuid::from_u128(99))),
            None
        );
        assert_eq!(request.counterpart_of(Seeker), request.helper_id);
    }
}
