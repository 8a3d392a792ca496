//! The audit trail in memory.

use super::MemoryTransaction;
use crate::audit::*;
use crate::error::PortError;
use crate::paging::PageRequest;
use crate::values::*;
use async_trait::async_trait;

#[async_trait]
impl AuditTrail for MemoryTransaction {
    async fn insert_audit_event(&mut self, event: &AuditEvent) -> Result<(), PortError> {
        self.state_mut().audit.push(event.clone());
        Ok(())
    }

    async fn audit_events(
        &mut self,
        group_id: GroupId,
        filter: &AuditFilter,
        page: PageRequest,
    ) -> Result<Vec<AuditEvent>, PortError> {
        let mut events: Vec<AuditEvent> = self
            .state()
            .audit
            .iter()
            .filter(|e| e.group_id == group_id && filter.admits(e))
            .filter(|e| page.after.is_none_or(|c| e.id.as_uuid() < c.id()))
            .cloned()
            .collect();
        events.sort_by_key(|e| std::cmp::Reverse(e.id));
        events.truncate(page.fetch_size());
        Ok(events)
    }
}
