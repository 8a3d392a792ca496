//! The outbox on the database: its table, its rows and its queries. On PostgreSQL a claim takes
//! rows with `FOR UPDATE SKIP LOCKED`, so workers in several processes never claim one message;
//! SQLite has one writer, which serialises claims.

use crate::rows::*;
use crate::transaction::*;
use async_trait::async_trait;
use collaborate_core::PortError;
use collaborate_core::notifications::*;
use collaborate_core::values::*;
use sea_orm::sea_query::{LockBehavior, LockType};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashSet;
use time::OffsetDateTime;
use uuid::Uuid;

/// The tables of this part, as SeaORM entities: they never leave this crate.
pub(crate) mod tables {
    pub(crate) mod outbox_messages {
        //! Outbox rows.
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
        #[sea_orm(table_name = "outbox_messages")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub id: Uuid,
            pub group_id: Option<Uuid>,
            pub account_id: Option<Uuid>,
            pub recipient: String,
            pub kind: String,
            pub subject_id: Option<Uuid>,
            pub secret: Option<String>,
            pub status: String,
            pub attempts: i32,
            pub created_at: i64,
            pub next_attempt_at: i64,
            pub lease_holder: Option<Uuid>,
            pub lease_until: Option<i64>,
            pub digest_id: Option<Uuid>,
            pub last_error: Option<String>,
            pub sent_at: Option<i64>,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}

use tables::outbox_messages as outbox;

/// The longest reason kept for a failed attempt.
const REASON_CHARS: usize = 500;

fn message_row(message: &OutboxMessage) -> outbox::Model {
    outbox::Model {
        id: message.id.as_uuid(),
        group_id: message.group_id.map(|g| g.as_uuid()),
        account_id: message.account_id.map(|a| a.as_uuid()),
        recipient: message.to.as_str().to_owned(),
        kind: message.notice.kind().to_owned(),
        subject_id: message.notice.subject(),
        secret: message.secret.as_ref().map(|s| s.expose().to_owned()),
        status: message.status.as_str().to_owned(),
        attempts: small(message.attempts),
        created_at: micros(message.created_at),
        next_attempt_at: micros(message.next_attempt_at),
        lease_holder: message.lease.map(|l| l.holder),
        lease_until: message.lease.map(|l| micros(l.until)),
        digest_id: message.digest_id.map(|d| d.as_uuid()),
        last_error: message
            .last_error
            .as_ref()
            .map(|e| e.chars().take(REASON_CHARS).collect()),
        sent_at: message.sent_at.map(micros),
    }
}

/// The outbox's table, as its rows' errors name it.
const T: &str = "outbox_messages";

fn message(row: outbox::Model) -> Result<OutboxMessage, PortError> {
    let lease = match (row.lease_holder, row.lease_until) {
        (Some(holder), Some(until)) => Some(Lease {
            holder,
            until: time_of(T, until)?,
        }),
        (None, None) => None,
        _ => return Err(corrupt(T, "a lease without its holder or its end")),
    };
    Ok(OutboxMessage {
        id: MessageId::from_uuid(row.id),
        group_id: row.group_id.map(GroupId::from_uuid),
        account_id: row.account_id.map(AccountId::from_uuid),
        to: Email::from_store(&row.recipient).checked(T)?,
        notice: Notice::from_parts(&row.kind, row.subject_id).checked(T)?,
        secret: optional(T, row.secret, SecretToken::parse)?,
        status: DeliveryStatus::parse(&row.status).checked(T)?,
        attempts: u32::try_from(row.attempts).checked(T)?,
        created_at: time_of(T, row.created_at)?,
        next_attempt_at: time_of(T, row.next_attempt_at)?,
        lease,
        digest_id: row.digest_id.map(MessageId::from_uuid),
        last_error: row.last_error,
        sent_at: row.sent_at.map(|at| time_of(T, at)).transpose()?,
    })
}

fn messages(rows: Vec<outbox::Model>) -> Result<Vec<OutboxMessage>, PortError> {
    rows.into_iter().map(message).collect()
}

impl SqlTransaction {
    /// Takes rows for update: on PostgreSQL, passing over rows another transaction holds when
    /// `skip_locked`, else waiting for them.
    fn for_update(
        &self,
        query: sea_orm::Select<outbox::Entity>,
        skip_locked: bool,
    ) -> sea_orm::Select<outbox::Entity> {
        match (self.locks_rows(), skip_locked) {
            (false, _) => query,
            (true, true) => query.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked),
            (true, false) => query.lock_exclusive(),
        }
    }
}

#[async_trait]
impl Outbox for SqlTransaction {
    #[tracing::instrument(level = "debug", skip_all)]
    async fn insert_message(&mut self, message: &OutboxMessage) -> Result<(), PortError> {
        outbox::Entity::insert(message_row(message).into_active_model())
            .exec_without_returning(self.db()?)
            .await
            .map_err(write_failed(
                "failed to insert a message",
                "a message with this id",
            ))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(messages = messages.len()))]
    async fn insert_messages(&mut self, messages: &[OutboxMessage]) -> Result<(), PortError> {
        insert_batches::<outbox::Entity>(
            self.db()?,
            messages.iter().map(message_row),
            "failed to insert messages",
            "a message with this id",
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn message(&mut self, id: MessageId) -> Result<Option<OutboxMessage>, PortError> {
        outbox::Entity::find_by_id(id.as_uuid())
            .one(self.db()?)
            .await
            .map_err(failed("failed to read a message"))?
            .map(message)
            .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn update_message(&mut self, updated: &OutboxMessage) -> Result<(), PortError> {
        outbox::Entity::update_many()
            .set(changes(message_row(updated)))
            .filter(outbox::Column::Id.eq(updated.id.as_uuid()))
            .exec(self.db()?)
            .await
            .map_err(failed("failed to update a message"))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn claim_due_messages(
        &mut self,
        now: OffsetDateTime,
        lease: Lease,
        limit: u32,
    ) -> Result<Vec<OutboxMessage>, PortError> {
        let due = outbox::Entity::find()
            .filter(outbox::Column::Status.eq(DeliveryStatus::Waiting.as_str()))
            .filter(outbox::Column::NextAttemptAt.lte(micros(now)))
            .filter(
                Condition::any()
                    .add(outbox::Column::LeaseUntil.is_null())
                    .add(outbox::Column::LeaseUntil.lte(micros(now))),
            )
            .order_by_asc(outbox::Column::NextAttemptAt)
            .order_by_asc(outbox::Column::Id)
            .limit(u64::from(limit));
        let claimed = self
            .for_update(due, true)
            .all(self.db()?)
            .await
            .map_err(failed("failed to claim messages"))?;
        let mut leased = Vec::with_capacity(claimed.len());
        for row in claimed {
            let message = OutboxMessage {
                lease: Some(lease),
                ..message(row)?
            };
            self.update_message(&message).await?;
            leased.push(message);
        }
        Ok(leased)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn settle_message(
        &mut self,
        settled: &OutboxMessage,
        holder: Uuid,
    ) -> Result<(), PortError> {
        let done = outbox::Entity::update_many()
            .set(changes(message_row(settled)))
            .filter(outbox::Column::Id.eq(settled.id.as_uuid()))
            .filter(outbox::Column::LeaseHolder.eq(holder))
            .exec(self.db()?)
            .await
            .map_err(failed("failed to settle a message"))?;
        if done.rows_affected == 0 {
            return Err(PortError::Stale("message"));
        }
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn held_messages(
        &mut self,
        held_since: OffsetDateTime,
    ) -> Result<Vec<OutboxMessage>, PortError> {
        let held = || {
            outbox::Entity::find()
                .filter(outbox::Column::Status.eq(DeliveryStatus::Held.as_str()))
                .order_by_asc(outbox::Column::Id)
        };
        let waited_a_week = self.for_update(
            held().filter(outbox::Column::CreatedAt.lte(micros(held_since))),
            false,
        );
        let due: HashSet<(Option<Uuid>, Option<Uuid>)> = waited_a_week
            .all(self.db()?)
            .await
            .map_err(failed("failed to read held messages"))?
            .into_iter()
            .map(|row| (row.account_id, row.group_id))
            .collect();
        if due.is_empty() {
            return Ok(Vec::new());
        }
        let accounts: Vec<Uuid> = due.iter().filter_map(|(account, _)| *account).collect();
        let rows = self
            .for_update(
                held().filter(outbox::Column::AccountId.is_in(accounts)),
                false,
            )
            .all(self.db()?)
            .await
            .map_err(failed("failed to read held messages"))?;
        messages(
            rows.into_iter()
                .filter(|row| due.contains(&(row.account_id, row.group_id)))
                .collect(),
        )
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn gathered_into(&mut self, digest: MessageId) -> Result<Vec<OutboxMessage>, PortError> {
        messages(
            outbox::Entity::find()
                .filter(outbox::Column::DigestId.eq(digest.as_uuid()))
                .order_by_asc(outbox::Column::Id)
                .all(self.db()?)
                .await
                .map_err(failed("failed to read a digest's messages"))?,
        )
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn recent_messages(
        &mut self,
        status: Option<DeliveryStatus>,
        limit: u32,
    ) -> Result<Vec<OutboxMessage>, PortError> {
        let mut query = outbox::Entity::find();
        if let Some(status) = status {
            query = query.filter(outbox::Column::Status.eq(status.as_str()));
        }
        messages(
            query
                .order_by_desc(outbox::Column::Id)
                .limit(u64::from(limit))
                .all(self.db()?)
                .await
                .map_err(failed("failed to list messages"))?,
        )
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn count_messages(&mut self) -> Result<Vec<(DeliveryStatus, u64)>, PortError> {
        let counted: Vec<(String, i64)> = outbox::Entity::find()
            .select_only()
            .column(outbox::Column::Status)
            .column_as(outbox::Column::Id.count(), "n")
            .group_by(outbox::Column::Status)
            .into_tuple()
            .all(self.db()?)
            .await
            .map_err(failed("failed to count messages"))?;
        counted
            .into_iter()
            .map(|(status, n)| {
                Ok((
                    DeliveryStatus::parse(&status).checked(T)?,
                    u64::try_from(n).checked(T)?,
                ))
            })
            .collect()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn delete_messages_to(
        &mut self,
        account_id: AccountId,
        addresses: &[Email],
    ) -> Result<(), PortError> {
        let addresses = addresses.iter().map(|a| a.as_str().to_owned());
        outbox::Entity::delete_many()
            .filter(
                Condition::any()
                    .add(outbox::Column::AccountId.eq(account_id.as_uuid()))
                    .add(outbox::Column::Recipient.is_in(addresses)),
            )
            .exec(self.db()?)
            .await
            .map_err(failed("failed to delete messages"))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn delete_messages_settled_before(
        &mut self,
        before: OffsetDateTime,
    ) -> Result<u32, PortError> {
        let settled = [
            DeliveryStatus::Sent,
            DeliveryStatus::Gathered,
            DeliveryStatus::Failed,
        ]
        .map(DeliveryStatus::as_str);
        let deleted = outbox::Entity::delete_many()
            .filter(outbox::Column::Status.is_in(settled))
            .filter(
                Condition::any()
                    .add(outbox::Column::SentAt.lt(micros(before)))
                    .add(
                        Condition::all()
                            .add(outbox::Column::SentAt.is_null())
                            .add(outbox::Column::NextAttemptAt.lt(micros(before))),
                    ),
            )
            .exec(self.db()?)
            .await
            .map_err(failed("failed to sweep messages"))?;
        Ok(count(deleted.rows_affected))
    }
}
