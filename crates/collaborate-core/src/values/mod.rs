//! Value types that validate when they are made: once a value exists, it is valid for its whole
//! life. Each refuses bad input with an [`InvalidValue`] naming the field and the problem, and serde
//! goes through the same constructors.

mod contact;
mod geo;
mod ids;
mod kinds;
pub(crate) use kinds::vocabulary;
mod numbers;
mod secrets;
mod text;

pub use contact::{Email, Phone, VideoLink};
pub use geo::{ApproximatePosition, Bounds, Latitude, Location, Longitude, Position, TravelRadius};
pub use ids::{
    AccountId, ActionId, AreaId, AuditEventId, ConcernId, GroupId, InvitationId, LessonId,
    MemberId, MessageId, NeedId, OfferId, OrganisationId, PeerAssistId, ProposalId, RequestId,
};
pub use kinds::{
    ActionStatus, AgendaPart, ConcernStatus, ConcernStepKind, DeliveryStatus, GrowthMode,
    InviteeStatus, MeetingFormat, MemberStatus, Mode, Modes, NeedAnswer, NeedStatus,
    NotificationPreference, OfferStatus, PeerAssistRole, PeerAssistStatus, Phase, RequestStatus,
    Role,
};
pub use numbers::{
    Capacity, DailyRequestCap, ExpiryDays, Limit, MatchDistance, MeetingMinutes, MinOffers,
    OpenRequestCap, PanelSize, PartMinutes, PeerAssistDaysAhead, Rank, Rating, SearchRadius,
    Version,
};
pub use secrets::{JoinCode, Password, SecretToken, TokenHash};
pub use text::{
    ActionText, ActionsTaken, Aspect, Aspects, Background, Bio, Comment, ConcernNote, ConcernText,
    Description, DesiredOutcomes, DisplayName, GroupName, Insights, JobTitle, Language,
    LessonSummary, Message, Name, PhaseNotes, PlaceLabel, Purpose, Slug, Title,
};

/// A value that was refused, with the field it came from and what is wrong, in words for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct InvalidValue {
    field: &'static str,
    problem: String,
}

impl InvalidValue {
    /// A refusal of `field` because of `problem` (a sentence fragment: "must not be empty").
    pub fn new(field: &'static str, problem: impl Into<String>) -> Self {
        Self {
            field,
            problem: problem.into(),
        }
    }

    /// The same refusal, reported against another field name (a latitude given as `near_lat`).
    #[must_use]
    pub fn in_field(self, field: &'static str) -> Self {
        Self { field, ..self }
    }

    /// The field that was refused.
    pub fn field(&self) -> &'static str {
        self.field
    }

    /// What is wrong with it.
    pub fn problem(&self) -> &str {
        &self.problem
    }
}
