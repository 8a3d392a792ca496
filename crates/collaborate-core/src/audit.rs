//! The audit trail: an append-only record of sensitive acts.

use crate::error::PortError;
use crate::paging::PageRequest;
use crate::values::{AuditEventId, GroupId, MemberId, MemberStatus, RequestId, Role};
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
    pub actor_id: MemberId,
    /// When.
    pub at: OffsetDateTime,
    /// What.
    pub action: AuditAction,
}

/// The kinds of sensitive act.
#[derive(Debug, Clone, PartialEq)]
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
}

/// The audit trail, as one part of a [`Transaction`]: appended to, never edited.
///
/// [`Transaction`]: crate::ports::Transaction
#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait AuditTrail: Send {
    /// Appends an audit event.
    async fn insert_audit_event(&mut self, event: &AuditEvent) -> Result<(), PortError>;

    /// The group's audit events in id order, after the page's cursor, at most `page.fetch_size()`.
    async fn audit_events(
        &mut self,
        group_id: GroupId,
        page: PageRequest,
    ) -> Result<Vec<AuditEvent>, PortError>;
}
