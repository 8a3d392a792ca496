//! The outbox in memory. Transactions here are serialised whole, so a claim can never meet
//! another claim halfway.

use super::{MemoryTransaction, count};
use crate::error::PortError;
use crate::notifications::*;
use crate::values::*;
use async_trait::async_trait;
use std::collections::BTreeMap;
use time::OffsetDateTime;
use uuid::Uuid;

#[async_trait]
impl Outbox for MemoryTransaction {
    async fn insert_message(&mut self, message: &OutboxMessage) -> Result<(), PortError> {
        let outbox = &mut self.state_mut().outbox;
        if outbox.contains_key(&message.id) {
            return Err(PortError::Duplicate("a message with this id"));
        }
        outbox.insert(message.id, message.clone());
        Ok(())
    }

    async fn message(&mut self, id: MessageId) -> Result<Option<OutboxMessage>, PortError> {
        Ok(self.state().outbox.get(&id).cloned())
    }

    async fn update_message(&mut self, message: &OutboxMessage) -> Result<(), PortError> {
        if let Some(stored) = self.state_mut().outbox.get_mut(&message.id) {
            *stored = message.clone();
        }
        Ok(())
    }

    async fn claim_due_messages(
        &mut self,
        now: OffsetDateTime,
        lease: Lease,
        limit: u32,
    ) -> Result<Vec<OutboxMessage>, PortError> {
        let mut due: Vec<&mut OutboxMessage> = self
            .state_mut()
            .outbox
            .values_mut()
            .filter(|m| {
                m.status == DeliveryStatus::Waiting
                    && m.next_attempt_at <= now
                    && m.lease.is_none_or(|l| l.until <= now)
            })
            .collect();
        due.sort_by_key(|m| (m.next_attempt_at, m.id));
        Ok(due
            .into_iter()
            .take(limit as usize)
            .map(|m| {
                m.lease = Some(lease);
                m.clone()
            })
            .collect())
    }

    async fn settle_message(
        &mut self,
        message: &OutboxMessage,
        holder: Uuid,
    ) -> Result<(), PortError> {
        match self.state_mut().outbox.get_mut(&message.id) {
            Some(stored) if stored.lease.is_some_and(|l| l.holder == holder) => {
                *stored = message.clone();
                Ok(())
            }
            _ => Err(PortError::Stale("message")),
        }
    }

    async fn held_messages(
        &mut self,
        held_since: OffsetDateTime,
    ) -> Result<Vec<OutboxMessage>, PortError> {
        let mut by_recipient: BTreeMap<_, Vec<OutboxMessage>> = BTreeMap::new();
        for message in self.state().outbox.values() {
            if message.status == DeliveryStatus::Held {
                by_recipient
                    .entry((message.account_id, message.group_id))
                    .or_default()
                    .push(message.clone());
            }
        }
        Ok(by_recipient
            .into_values()
            .filter(|held| held.iter().any(|m| m.created_at <= held_since))
            .flatten()
            .collect())
    }

    async fn gathered_into(&mut self, digest: MessageId) -> Result<Vec<OutboxMessage>, PortError> {
        Ok(self
            .state()
            .outbox
            .values()
            .filter(|m| m.digest_id == Some(digest))
            .cloned()
            .collect())
    }

    async fn recent_messages(
        &mut self,
        status: Option<DeliveryStatus>,
        limit: u32,
    ) -> Result<Vec<OutboxMessage>, PortError> {
        Ok(self
            .state()
            .outbox
            .values()
            .rev()
            .filter(|m| status.is_none_or(|s| m.status == s))
            .take(limit as usize)
            .cloned()
            .collect())
    }

    async fn count_messages(&mut self) -> Result<Vec<(DeliveryStatus, u64)>, PortError> {
        let mut counts = std::collections::BTreeMap::<DeliveryStatus, u64>::new();
        for message in self.state().outbox.values() {
            *counts.entry(message.status).or_default() += 1;
        }
        Ok(counts.into_iter().collect())
    }

    async fn delete_messages_to(
        &mut self,
        account_id: AccountId,
        addresses: &[Email],
    ) -> Result<(), PortError> {
        let keys: Vec<String> = addresses.iter().map(Email::key).collect();
        self.state_mut()
            .outbox
            .retain(|_, m| m.account_id != Some(account_id) && !keys.contains(&m.to.key()));
        Ok(())
    }

    async fn delete_messages_settled_before(
        &mut self,
        before: OffsetDateTime,
    ) -> Result<u32, PortError> {
        let outbox = &mut self.state_mut().outbox;
        let had = outbox.len();
        outbox.retain(|_, m| !is_settled_before(m, before));
        Ok(count(had - outbox.len()))
    }
}

/// Whether a message was sent, gathered or given up before `before`: its last attempt, or its
/// writing when it never had one, is older.
fn is_settled_before(message: &OutboxMessage, before: OffsetDateTime) -> bool {
    let settled = matches!(
        message.status,
        DeliveryStatus::Sent | DeliveryStatus::Gathered | DeliveryStatus::Failed
    );
    settled && message.sent_at.unwrap_or(message.next_attempt_at) < before
}
