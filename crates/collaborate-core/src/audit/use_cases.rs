//! Reading the audit trail: admins see their group's, filtered; each member sees who received
//! their contact details.

use crate::app::{Clearance, Collaborate, membership};
use crate::audit::{AuditAction, AuditEvent, AuditFilter, AuditTrail as _};
use crate::error::Result;
use crate::groups::Groups;
use crate::paging::{Page, PageRequest};
use crate::ports::Environment;
use crate::values::{AccountId, AuditEventId, DisplayName, GroupId, MemberId, RequestId};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use time::OffsetDateTime;

/// One reveal of a member's contact details, as they see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reveal {
    /// The audit event that records it.
    pub id: AuditEventId,
    /// The request that entitled them.
    pub request_id: RequestId,
    /// Who received the details.
    pub received_by: MemberId,
    /// Their name now, if they are still a member.
    pub received_by_name: Option<DisplayName>,
    /// When.
    pub at: OffsetDateTime,
}

impl<E: Environment> Collaborate<E> {
    /// The group's audit events that `filter` admits, newest first (admins), but for those about
    /// a concern that concerns the caller.
    ///
    /// # Errors
    /// The errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn audit_log(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        filter: AuditFilter,
        page: PageRequest,
    ) -> Result<Page<AuditEvent>> {
        let mut tx = self.read().await?;
        let (_, admin) = membership(&mut tx, group_id, account_id, Clearance::Admin).await?;
        let filter = AuditFilter {
            seen_by: Some(admin.id),
            ..filter
        };
        let events = tx.audit_events(group_id, &filter, page).await?;
        Ok(Page::from_fetched(events, &page, |e| e.id.as_uuid()))
    }

    /// Who received the caller's contact details, when and through which request, newest first.
    /// A suspended member may read it: it is their own data.
    ///
    /// # Errors
    /// The errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn my_reveals(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        page: PageRequest,
    ) -> Result<Page<Reveal>> {
        let mut tx = self.read().await?;
        let (_, me) = membership(&mut tx, group_id, account_id, Clearance::OwnData).await?;
        let events = tx
            .audit_events(group_id, &AuditFilter::reveals_of(me.id), page)
            .await?;
        let reveals = reveals_of(&mut tx, group_id, events).await?;
        Ok(Page::from_fetched(reveals, &page, |r| r.id.as_uuid()))
    }
}

/// The reveals recorded by `events` (of the trail of `group_id`), each with the name its
/// receiver goes by now.
pub(crate) async fn reveals_of<T: Groups>(
    tx: &mut T,
    group_id: GroupId,
    events: Vec<AuditEvent>,
) -> Result<Vec<Reveal>> {
    let mut names: HashMap<MemberId, Option<DisplayName>> = HashMap::new();
    let mut reveals = Vec::with_capacity(events.len());
    for event in events {
        let (AuditAction::ContactsRevealed { request_id, .. }, Some(received_by)) =
            (&event.action, event.actor.member_id())
        else {
            continue;
        };
        if let Entry::Vacant(slot) = names.entry(received_by) {
            let member = tx.member(group_id, received_by).await?;
            slot.insert(member.map(|m| m.profile.display_name));
        }
        reveals.push(Reveal {
            request_id: *request_id,
            received_by,
            received_by_name: names.get(&received_by).cloned().flatten(),
            at: event.at,
            id: event.id,
        });
    }
    Ok(reveals)
}
