//! The audit trail: admins read their group's, filtered; each member reads who received their
//! contact details.

use super::Tag;
use super::shared::{Answer, Context, list_of, page, rfc3339};
use crate::auth::Credentials;
use collaborate_core::Reveal;
use collaborate_core::audit::{Actor, AuditAction, AuditEvent, AuditFilter};
use collaborate_core::ports::Environment;
use collaborate_core::values::{InvalidValue, MemberId};
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// The operations on the audit trail.
pub struct AuditApi<E: Environment>(pub(super) Context<E>);

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Audit")]
impl<E: Environment> AuditApi<E> {
    /// The group's audit events, newest first, a page at a time (admins; never those about a
    /// safeguarding concern that concerns the admin reading).
    #[oai(
        path = "/groups/:group_id/audit",
        method = "get",
        operation_id = "listAuditEvents"
    )]
    #[allow(clippy::too_many_arguments)]
    async fn audit_log(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        /// Only events of this kind: `contacts_revealed`, `role_changed`, `status_changed`,
        /// `invitation_revoked`, `questionnaire_imported`, `data_exported`, `account_erased`,
        /// `concern_raised`, `concern_acted`, `safeguarding_lead_changed`.
        #[oai(validator(
            pattern = "^(contacts_revealed|role_changed|status_changed|invitation_made|invitation_revoked|questionnaire_imported|data_exported|account_erased|concern_raised|concern_acted|safeguarding_lead_changed|group_changed|area_changed|organisation_added|peer_assist_invited|peer_assist_scheduled|peer_assist_cancelled|lesson_published|proposal_confirmed)$"
        ))]
        action: Query<Option<String>>,
        /// Only events done by this member or concerning them.
        #[oai(validator(
            pattern = r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
        ))]
        member_id: Query<Option<String>>,
        /// Only events at or after this moment (RFC 3339).
        from: Query<Option<String>>,
        /// Only events before this moment (RFC 3339).
        to: Query<Option<String>>,
        /// How many (1–500, default 50).
        #[oai(validator(minimum(value = "1"), maximum(value = "500")))]
        limit: Query<Option<i64>>,
        /// Where the previous page ended.
        cursor: Query<Option<String>>,
    ) -> Answer<Json<AuditPage>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let filter = AuditFilter {
            kind: action
                .0
                .as_deref()
                .map(AuditAction::parse_kind)
                .transpose()?,
            member_id: member_id
                .0
                .as_deref()
                .map(|m| MemberId::parse(m).map_err(|e| e.in_field("member_id")))
                .transpose()?,
            subject_id: None,
            from: moment(from.0, "from")?,
            to: moment(to.0, "to")?,
            seen_by: None,
        };
        let listed = self
            .0
            .app
            .audit_log(account, group, filter, page(limit.0, cursor.0)?)
            .await?;
        Ok(Json(AuditPage::of(&listed)))
    }

    /// Who received your contact details, when and through which request, newest first.
    #[oai(
        path = "/groups/:group_id/members/me/reveals",
        method = "get",
        operation_id = "listMyReveals"
    )]
    async fn my_reveals(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        /// How many (1–500, default 50).
        #[oai(validator(minimum(value = "1"), maximum(value = "500")))]
        limit: Query<Option<i64>>,
        /// Where the previous page ended.
        cursor: Query<Option<String>>,
    ) -> Answer<Json<RevealPage>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let listed = self
            .0
            .app
            .my_reveals(account, group, page(limit.0, cursor.0)?)
            .await?;
        Ok(Json(RevealPage::of(&listed)))
    }
}

/// A moment given as RFC 3339, named `field` when it is not one.
fn moment(raw: Option<String>, field: &'static str) -> Answer<Option<OffsetDateTime>> {
    raw.map(|r| {
        OffsetDateTime::parse(&r, &Rfc3339)
            .map_err(|_| InvalidValue::new(field, "must be a moment such as 2026-11-23T09:00:00Z"))
    })
    .transpose()
    .map_err(Into::into)
}

/// One audit event.
#[derive(Debug, Object)]
pub struct AuditEventBody {
    /// Its id.
    pub id: String,
    /// When.
    pub at: String,
    /// The member who acted; `null` when the system did (a job, an import).
    #[oai(nullable)]
    pub actor_id: Option<String>,
    /// The kind of act.
    pub kind: String,
    /// The member it concerns, if any.
    #[oai(nullable)]
    pub subject_id: Option<String>,
    /// The act's details: `kind` beside the fields of that kind.
    pub details: serde_json::Value,
}

impl From<&AuditEvent> for AuditEventBody {
    fn from(e: &AuditEvent) -> Self {
        Self {
            id: e.id.to_string(),
            at: rfc3339(e.at),
            actor_id: match e.actor {
                Actor::Member(id) => Some(id.to_string()),
                Actor::System => None,
            },
            kind: e.action.kind().to_owned(),
            subject_id: e.action.subject().map(|s| s.to_string()),
            details: serde_json::to_value(&e.action).unwrap_or_default(),
        }
    }
}

/// One reveal of your contact details.
#[derive(Debug, Object)]
pub struct RevealBody {
    /// The audit event that records it.
    pub id: String,
    /// When.
    pub at: String,
    /// Who received them.
    pub received_by: String,
    /// Their name now; `null` once they are no longer in the group's records.
    #[oai(nullable)]
    pub received_by_name: Option<String>,
    /// The request that entitled them.
    pub request_id: String,
}

impl From<&Reveal> for RevealBody {
    fn from(r: &Reveal) -> Self {
        Self {
            id: r.id.to_string(),
            at: rfc3339(r.at),
            received_by: r.received_by.to_string(),
            received_by_name: r.received_by_name.as_ref().map(ToString::to_string),
            request_id: r.request_id.to_string(),
        }
    }
}

list_of!(
    /// A page of audit events, newest first.
    paged AuditPage, AuditEventBody
);
list_of!(
    /// A page of reveals, newest first.
    paged RevealPage, RevealBody
);
