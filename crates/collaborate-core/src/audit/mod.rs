//! The audit trail: an append-only record of sensitive acts, by members or by the system.
//!
//! An event names its kind, the member it concerns (if any) and its details; stores keep the
//! details whole, so a new kind of event needs no new column, and refer to no member by a key
//! that would stop that member's personal data from being erased ("erased member" then).

pub(crate) mod use_cases;

pub use use_cases::Reveal;

use crate::error::PortError;
use crate::paging::PageRequest;
use crate::values::InvalidValue;
use crate::values::{
    AreaId, AuditEventId, ConcernId, ConcernStepKind, GroupId, InvitationId, LessonId, MemberId,
    MemberStatus, Name, OrganisationId, PeerAssistId, PeerAssistRole, ProposalId, RequestId, Role,
    vocabulary,
};
use async_trait::async_trait;
use time::OffsetDateTime;

/// One sensitive act, by whom and when.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEvent {
    /// Its id.
    pub id: AuditEventId,
    /// The group it happened in.
    pub group_id: GroupId,
    /// Who did it (for a reveal: who saw the details).
    pub actor: Actor,
    /// When.
    pub at: OffsetDateTime,
    /// What.
    pub action: AuditAction,
}

/// Who did a sensitive act.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// A member of the group.
    Member(MemberId),
    /// The system itself: a scheduled job, an import.
    System,
}

impl Actor {
    /// The member who acted, if a member did.
    pub fn member_id(self) -> Option<MemberId> {
        match self {
            Self::Member(id) => Some(id),
            Self::System => None,
        }
    }
}

/// The kinds of sensitive act, with their details. Serialised with its `kind` beside the details,
/// which is how stores keep it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum AuditAction {
    /// The actor was shown `subject_id`'s contact details, as a side of a request.
    ContactsRevealed {
        /// The request that entitles the actor.
        request_id: RequestId,
        /// Whose details were shown.
        subject_id: MemberId,
    },
    /// An admin changed a member's role.
    RoleChanged {
        /// Whose role.
        subject_id: MemberId,
        /// Before.
        from: Role,
        /// After.
        to: Role,
    },
    /// An admin changed a member's status.
    StatusChanged {
        /// Whose status.
        subject_id: MemberId,
        /// Before.
        from: MemberStatus,
        /// After.
        to: MemberStatus,
    },
    /// An admin invited a person by email.
    InvitationMade {
        /// Which.
        invitation_id: InvitationId,
        /// The role it gives.
        role: Role,
    },
    /// An admin withdrew a pending invitation.
    InvitationRevoked {
        /// Which.
        invitation_id: InvitationId,
    },
    /// An admin imported a questionnaire file.
    QuestionnaireImported {
        /// Its rows.
        rows: u32,
        /// Members it pre-loaded.
        members_created: u32,
        /// Members it updated.
        members_updated: u32,
        /// Invitations it made.
        invitations: u32,
    },
    /// A member downloaded everything stored about them.
    DataExported {
        /// Whose data.
        subject_id: MemberId,
    },
    /// A person erased their account: this membership's personal data is gone.
    AccountErased {
        /// The membership erased.
        subject_id: MemberId,
    },
    /// The actor raised a safeguarding concern. Never listed to the person concerned.
    ConcernRaised {
        /// Which.
        concern_id: ConcernId,
        /// The person concerned.
        subject_id: MemberId,
    },
    /// A safeguarding lead took a step about a concern. Never listed to the person concerned.
    ConcernActed {
        /// Which.
        concern_id: ConcernId,
        /// The person concerned.
        subject_id: MemberId,
        /// What they did.
        step: ConcernStepKind,
    },
    /// An admin named a member a safeguarding lead, or stopped them being one.
    SafeguardingLeadChanged {
        /// Who.
        subject_id: MemberId,
        /// A lead now, or no longer.
        named: bool,
    },
    /// An admin renamed the group or changed its settings: which ones, from what to what —
    /// never a join code's value.
    GroupChanged {
        /// What changed.
        changed: Vec<SettingChange>,
    },
    /// An admin added, changed or removed an area.
    AreaChanged {
        /// Which.
        area_id: AreaId,
        /// Its name (after a rename, the new one).
        name: Name,
        /// What was done.
        change: AreaChange,
    },
    /// An admin added an organisation.
    OrganisationAdded {
        /// Which.
        organisation_id: OrganisationId,
        /// Its name.
        name: Name,
    },
    /// A convenor invited a member to a Peer Assist.
    PeerAssistInvited {
        /// Which.
        peer_assist_id: PeerAssistId,
        /// Who was invited.
        subject_id: MemberId,
        /// To facilitate or to take part.
        role: PeerAssistRole,
    },
    /// A convenor scheduled a Peer Assist.
    PeerAssistScheduled {
        /// Which.
        peer_assist_id: PeerAssistId,
    },
    /// A convenor or an admin called a Peer Assist off.
    PeerAssistCancelled {
        /// Which.
        peer_assist_id: PeerAssistId,
    },
    /// A convenor published the lesson of a Peer Assist.
    LessonPublished {
        /// From which.
        peer_assist_id: PeerAssistId,
        /// The lesson.
        lesson_id: LessonId,
    },
    /// An admin confirmed a matching proposal, whole or in part: its requests were made.
    ProposalConfirmed {
        /// Which.
        proposal_id: ProposalId,
        /// How many requests it made.
        requests: u32,
    },
}

/// One setting of a group an admin changed, with its value before and after (none for a join
/// code, which the trail never keeps).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingChange {
    /// Which.
    pub setting: GroupSetting,
    /// Its value before.
    pub from: Option<String>,
    /// Its value after.
    pub to: Option<String>,
}

vocabulary!(
    /// What of a group an admin may change, as its trail names it.
    GroupSetting, field = "changed" {
        /// The group's name.
        Name = "name",
        /// Offers needed to seek help.
        MinOffers = "min_offers",
        /// Days before an unanswered request expires.
        RequestExpiryDays = "request_expiry_days",
        /// How far ahead a Peer Assist is dated.
        PeerAssistMinDaysAhead = "peer_assist_min_days_ahead",
        /// Open requests a member may have.
        MaxOpenRequests = "max_open_requests",
        /// Requests a member may send in a day.
        MaxRequestsPerDay = "max_requests_per_day",
        /// The join code (set, changed or removed).
        JoinCode = "join_code",
    }
);

vocabulary!(
    /// What an admin did to an area.
    AreaChange, field = "change" {
        /// Added it.
        Added = "added",
        /// Renamed, described it or changed its aspects.
        Changed = "changed",
        /// Removed it while offers, needs or requests referred to it: it is archived.
        Archived = "archived",
        /// Removed it, unused: it is gone.
        Deleted = "deleted",
    }
);

impl AuditAction {
    /// Every kind of act, as [`AuditAction::kind`] names it.
    pub const KINDS: [&'static str; 19] = [
        "contacts_revealed",
        "role_changed",
        "status_changed",
        "invitation_made",
        "invitation_revoked",
        "questionnaire_imported",
        "data_exported",
        "account_erased",
        "concern_raised",
        "concern_acted",
        "safeguarding_lead_changed",
        "group_changed",
        "area_changed",
        "organisation_added",
        "peer_assist_invited",
        "peer_assist_scheduled",
        "peer_assist_cancelled",
        "lesson_published",
        "proposal_confirmed",
    ];

    /// The kinds about a safeguarding concern, which the person concerned never sees listed.
    pub const CONCERN_KINDS: [&'static str; 2] = ["concern_raised", "concern_acted"];

    /// The kind named `raw`, as a filter asks for it.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `action` naming the kinds there are.
    pub fn parse_kind(raw: &str) -> Result<&'static str, InvalidValue> {
        Self::KINDS
            .iter()
            .find(|k| **k == raw.trim())
            .copied()
            .ok_or_else(|| {
                InvalidValue::new(
                    "action",
                    format!("must be one of {}", Self::KINDS.join(", ")),
                )
            })
    }

    /// The kind of act, as a stable snake_case word.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::ContactsRevealed { .. } => "contacts_revealed",
            Self::RoleChanged { .. } => "role_changed",
            Self::StatusChanged { .. } => "status_changed",
            Self::InvitationMade { .. } => "invitation_made",
            Self::InvitationRevoked { .. } => "invitation_revoked",
            Self::QuestionnaireImported { .. } => "questionnaire_imported",
            Self::DataExported { .. } => "data_exported",
            Self::AccountErased { .. } => "account_erased",
            Self::ConcernRaised { .. } => "concern_raised",
            Self::ConcernActed { .. } => "concern_acted",
            Self::SafeguardingLeadChanged { .. } => "safeguarding_lead_changed",
            Self::GroupChanged { .. } => "group_changed",
            Self::AreaChanged { .. } => "area_changed",
            Self::OrganisationAdded { .. } => "organisation_added",
            Self::PeerAssistInvited { .. } => "peer_assist_invited",
            Self::PeerAssistScheduled { .. } => "peer_assist_scheduled",
            Self::PeerAssistCancelled { .. } => "peer_assist_cancelled",
            Self::LessonPublished { .. } => "lesson_published",
            Self::ProposalConfirmed { .. } => "proposal_confirmed",
        }
    }

    /// The member the act concerns.
    pub fn subject(&self) -> Option<MemberId> {
        match self {
            Self::ContactsRevealed { subject_id, .. }
            | Self::RoleChanged { subject_id, .. }
            | Self::StatusChanged { subject_id, .. }
            | Self::DataExported { subject_id }
            | Self::AccountErased { subject_id }
            | Self::ConcernRaised { subject_id, .. }
            | Self::ConcernActed { subject_id, .. }
            | Self::SafeguardingLeadChanged { subject_id, .. }
            | Self::PeerAssistInvited { subject_id, .. } => Some(*subject_id),
            Self::InvitationMade { .. }
            | Self::InvitationRevoked { .. }
            | Self::QuestionnaireImported { .. }
            | Self::GroupChanged { .. }
            | Self::AreaChanged { .. }
            | Self::OrganisationAdded { .. }
            | Self::PeerAssistScheduled { .. }
            | Self::PeerAssistCancelled { .. }
            | Self::LessonPublished { .. }
            | Self::ProposalConfirmed { .. } => None,
        }
    }
}

/// Which events of a group's trail to list; every condition given must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditFilter {
    /// Of this kind ([`AuditAction::KINDS`]).
    pub kind: Option<&'static str>,
    /// Done by this member or concerning them.
    pub member_id: Option<MemberId>,
    /// Concerning this member (for a reveal: whose details were shown).
    pub subject_id: Option<MemberId>,
    /// At or after this moment.
    pub from: Option<OffsetDateTime>,
    /// Before this moment.
    pub to: Option<OffsetDateTime>,
    /// Listed to this member: nothing about a concern that concerns them.
    pub seen_by: Option<MemberId>,
}

impl AuditFilter {
    /// The reveals of `member`'s contact details: who received them, and when.
    pub fn reveals_of(member: MemberId) -> Self {
        Self {
            kind: Some("contacts_revealed"),
            subject_id: Some(member),
            ..Self::default()
        }
    }

    /// Whether `event` is one this filter lists.
    pub fn admits(&self, event: &AuditEvent) -> bool {
        let subject = event.action.subject();
        self.kind.is_none_or(|k| event.action.kind() == k)
            && self
                .member_id
                .is_none_or(|m| event.actor.member_id() == Some(m) || subject == Some(m))
            && self.subject_id.is_none_or(|m| subject == Some(m))
            && self.from.is_none_or(|from| event.at >= from)
            && self.to.is_none_or(|to| event.at < to)
            && self.seen_by.is_none_or(|reader| {
                subject != Some(reader) || !Self::hides_from_its_subject(event.action.kind())
            })
    }

    /// Whether events of `kind` are kept from the member they concern.
    pub fn hides_from_its_subject(kind: &str) -> bool {
        AuditAction::CONCERN_KINDS.contains(&kind)
    }
}

/// The audit trail, as one part of a [`Transaction`]: appended to, never edited.
///
/// [`Transaction`]: crate::ports::Transaction
#[async_trait]
pub trait AuditTrail: Send {
    /// Appends an audit event.
    async fn insert_audit_event(&mut self, event: &AuditEvent) -> Result<(), PortError>;

    /// The group's audit events that `filter` admits, newest first (ids sort by time), before
    /// the page's cursor, at most `page.fetch_size()`.
    async fn audit_events(
        &mut self,
        group_id: GroupId,
        filter: &AuditFilter,
        page: PageRequest,
    ) -> Result<Vec<AuditEvent>, PortError>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use uuid::Uuid;

    fn member(n: u128) -> MemberId {
        MemberId::from_uuid(Uuid::from_u128(n))
    }

    #[rstest]
    #[case(AuditAction::ContactsRevealed { request_id: RequestId::from_uuid(Uuid::from_u128(9)), subject_id: member(1) })]
    #[case(AuditAction::RoleChanged { subject_id: member(2), from: Role::Member, to: Role::Admin })]
    #[case(AuditAction::StatusChanged { subject_id: member(3), from: MemberStatus::Active, to: MemberStatus::Left })]
    fn an_action_is_kept_whole_with_its_kind_beside_its_details(#[case] action: AuditAction) {
        let kept = serde_json::to_value(&action).unwrap();
        assert_eq!(kept["kind"], action.kind());
        assert_eq!(
            kept["subject_id"].as_str(),
            action.subject().map(|s| s.to_string()).as_deref()
        );
        assert_eq!(serde_json::from_value::<AuditAction>(kept).unwrap(), action);
    }

    #[rstest]
    #[case::a_concern_raised_about_them(AuditAction::ConcernRaised { concern_id: ConcernId::from_uuid(Uuid::from_u128(9)), subject_id: member(1) }, false)]
    #[case::a_step_about_them(AuditAction::ConcernActed { concern_id: ConcernId::from_uuid(Uuid::from_u128(9)), subject_id: member(1), step: ConcernStepKind::Suspended }, false)]
    #[case::a_concern_about_another(AuditAction::ConcernRaised { concern_id: ConcernId::from_uuid(Uuid::from_u128(9)), subject_id: member(2) }, true)]
    #[case::their_suspension(AuditAction::StatusChanged { subject_id: member(1), from: MemberStatus::Active, to: MemberStatus::Suspended }, true)]
    #[case::their_naming_as_lead(AuditAction::SafeguardingLeadChanged { subject_id: member(1), named: true }, true)]
    fn a_reader_is_never_listed_a_concern_about_them(
        #[case] action: AuditAction,
        #[case] listed: bool,
    ) {
        let event = AuditEvent {
            id: AuditEventId::from_uuid(Uuid::from_u128(1)),
            group_id: GroupId::from_uuid(Uuid::from_u128(3)),
            actor: Actor::Member(member(5)),
            at: OffsetDateTime::UNIX_EPOCH,
            action,
        };
        let filter = AuditFilter {
            seen_by: Some(member(1)),
            ..AuditFilter::default()
        };
        assert_eq!(filter.admits(&event), listed);
        assert!(AuditFilter::default().admits(&event));
    }

    #[test]
    fn details_of_an_unknown_kind_are_refused() {
        let unknown = serde_json::json!({"kind": "teleported", "subject_id": member(1)});
        assert!(serde_json::from_value::<AuditAction>(unknown).is_err());
    }
}
