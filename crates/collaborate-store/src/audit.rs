//! The audit trail on the database: the tables, their rows and their queries.

use crate::rows::*;
use crate::transaction::*;
use async_trait::async_trait;
use collaborate_core::PortError;
use collaborate_core::audit::*;
use collaborate_core::paging::PageRequest;
use collaborate_core::values::*;
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
};

/// The tables of this part, as SeaORM entities: they never leave this crate.
pub(crate) mod tables {
    pub(crate) mod audit_events {
        //! Audit event rows.
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
        #[sea_orm(table_name = "audit_events")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub id: Uuid,
            pub group_id: Uuid,
            pub actor_id: Option<Uuid>,
            pub at: i64,
            pub kind: String,
            pub subject_id: Option<Uuid>,
            pub details: String,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}

use tables::audit_events;

pub(crate) fn audit_row(event: &AuditEvent) -> Result<audit_events::Model, PortError> {
    let details = serde_json::to_string(&event.action)
        .map_err(|e| PortError::failed("failed to write an audit event's details", e))?;
    Ok(audit_events::Model {
        id: event.id.as_uuid(),
        group_id: event.group_id.as_uuid(),
        actor_id: event.actor.member_id().map(|m| m.as_uuid()),
        at: micros(event.at),
        kind: event.action.kind().to_owned(),
        subject_id: event.action.subject().map(|m| m.as_uuid()),
        details,
    })
}

pub(crate) fn audit_event(row: audit_events::Model) -> Result<AuditEvent, PortError> {
    const T: &str = "audit_events";
    let action: AuditAction = serde_json::from_str(&row.details).checked(T)?;
    if action.kind() != row.kind || action.subject().map(|m| m.as_uuid()) != row.subject_id {
        return Err(corrupt(T, "its kind or subject disagrees with its details"));
    }
    Ok(AuditEvent {
        id: AuditEventId::from_uuid(row.id),
        group_id: GroupId::from_uuid(row.group_id),
        actor: row
            .actor_id
            .map_or(Actor::System, |id| Actor::Member(MemberId::from_uuid(id))),
        at: time_of(T, row.at)?,
        action,
    })
}

#[async_trait]
impl AuditTrail for SqlTransaction {
    #[tracing::instrument(level = "debug", skip_all)]
    async fn insert_audit_event(&mut self, event: &AuditEvent) -> Result<(), PortError> {
        audit_events::Entity::insert(audit_row(event)?.into_active_model())
            .exec_without_returning(self.db()?)
            .await
            .map_err(write_failed(
                "failed to insert an audit event",
                "an audit event with this id",
            ))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn audit_events(
        &mut self,
        group_id: GroupId,
        filter: &AuditFilter,
        page: PageRequest,
    ) -> Result<Vec<AuditEvent>, PortError> {
        let mut query = audit_events::Entity::find()
            .filter(audit_events::Column::GroupId.eq(group_id.as_uuid()));
        if let Some(kind) = filter.kind {
            query = query.filter(audit_events::Column::Kind.eq(kind));
        }
        if let Some(member) = filter.member_id {
            let member = member.as_uuid();
            query = query.filter(
                Condition::any()
                    .add(audit_events::Column::ActorId.eq(member))
                    .add(audit_events::Column::SubjectId.eq(member)),
            );
        }
        if let Some(subject) = filter.subject_id {
            query = query.filter(audit_events::Column::SubjectId.eq(subject.as_uuid()));
        }
        if let Some(reader) = filter.seen_by {
            let hidden = AuditAction::CONCERN_KINDS.iter().map(|k| (*k).to_owned());
            query = query.filter(
                Condition::any()
                    .add(audit_events::Column::Kind.is_not_in(hidden))
                    .add(audit_events::Column::SubjectId.is_null())
                    .add(audit_events::Column::SubjectId.ne(reader.as_uuid())),
            );
        }
        if let Some(from) = filter.from {
            query = query.filter(audit_events::Column::At.gte(micros(from)));
        }
        if let Some(to) = filter.to {
            query = query.filter(audit_events::Column::At.lt(micros(to)));
        }
        if let Some(before) = page.after {
            query = query.filter(audit_events::Column::Id.lt(before.id()));
        }
        query
            .order_by_desc(audit_events::Column::Id)
            .limit(u64::try_from(page.fetch_size()).unwrap_or(u64::MAX))
            .all(self.db()?)
            .await
            .map_err(failed("failed to list audit events"))?
            .into_iter()
            .map(audit_event)
            .collect()
    }
}
