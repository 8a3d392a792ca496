//! The audit trail in memory.

use super::{MemoryTransaction, page_of};
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
        page: PageRequest,
    ) -> Result<Vec<AuditEvent>, PortError> {
        let events = self
            .state()
            .audit
            .iter()
            .filter(|e| e.group_id == group_id)
            .cloned();
        Ok(page_of(events, |e| e.id.as_uuid(), page))
    }
}
