//! The audit trail on the database: the tables, their rows and their queries.

use crate::rows::*;
use crate::transaction::*;
use async_trait::async_trait;
use collaborate_core::PortError;
use collaborate_core::audit::*;
use collaborate_core::paging::PageRequest;
use collaborate_core::values::*;
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect};

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
            pub actor_id: Uuid,
            pub at: i64,
            pub action: String,
            pub subject_id: Uuid,
            pub request_id: Option<Uuid>,
            pub from_value: Option<String>,
            pub to_value: Option<String>,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}

use tables::audit_events;

pub(crate) fn audit_row(event: &AuditEvent) -> audit_events::Model {
    let (action, subject, request, from, to) = match &event.action {
        AuditAction::ContactsRevealed {
            request_id,
            subject_id,
        } => (
            "contacts_revealed",
            *subject_id,
            Some(request_id.as_uuid()),
            None,
            None,
        ),
        AuditAction::RoleChanged {
            subject_id,
            from,
            to,
        } => (
            "role_changed",
            *subject_id,
            None,
            Some(from.as_str()),
            Some(to.as_str()),
        ),
        AuditAction::StatusChanged {
            subject_id,
            from,
            to,
        } => (
            "status_changed",
            *subject_id,
            None,
            Some(from.as_str()),
            Some(to.as_str()),
        ),
    };
    audit_events::Model {
        id: event.id.as_uuid(),
        group_id: event.group_id.as_uuid(),
        actor_id: event.actor_id.as_uuid(),
        at: micros(event.at),
        action: action.to_owned(),
        subject_id: subject.as_uuid(),
        request_id: request,
        from_value: from.map(str::to_owned),
        to_value: to.map(str::to_owned),
    }
}

pub(crate) fn audit_event(row: audit_events::Model) -> Result<AuditEvent, PortError> {
    const T: &str = "audit_events";
    let subject_id = MemberId::from_uuid(row.subject_id);
    let values = || -> Result<(String, String), PortError> {
        row.from_value
            .clone()
            .zip(row.to_value.clone())
            .ok_or_else(|| corrupt(T, "a change without its values"))
    };
    let action = match row.action.as_str() {
        "contacts_revealed" => AuditAction::ContactsRevealed {
            request_id: RequestId::from_uuid(
                row.request_id
                    .ok_or_else(|| corrupt(T, "a reveal without its request"))?,
            ),
            subject_id,
        },
        "role_changed" => {
            let (from, to) = values()?;
            AuditAction::RoleChanged {
                subject_id,
                from: Role::parse(&from).checked(T)?,
                to: Role::parse(&to).checked(T)?,
            }
        }
        "status_changed" => {
            let (from, to) = values()?;
            AuditAction::StatusChanged {
                subject_id,
                from: MemberStatus::parse(&from).checked(T)?,
                to: MemberStatus::parse(&to).checked(T)?,
            }
        }
        other => return Err(corrupt(T, format!("unknown action {other}"))),
    };
    Ok(AuditEvent {
        id: AuditEventId::from_uuid(row.id),
        group_id: GroupId::from_uuid(row.group_id),
        actor_id: MemberId::from_uuid(row.actor_id),
        at: time_of(T, row.at)?,
        action,
    })
}

#[async_trait]
impl AuditTrail for SqlTransaction {
    async fn insert_audit_event(&mut self, event: &AuditEvent) -> Result<(), PortError> {
        audit_events::Entity::insert(audit_row(event).into_active_model())
            .exec_without_returning(self.db()?)
            .await
            .map_err(write_failed(
                "failed to insert an audit event",
                "an audit event with this id",
            ))?;
        Ok(())
    }

    async fn audit_events(
        &mut self,
        group_id: GroupId,
        page: PageRequest,
    ) -> Result<Vec<AuditEvent>, PortError> {
        let mut query = audit_events::Entity::find()
            .filter(audit_events::Column::GroupId.eq(group_id.as_uuid()));
        if let Some(after) = page.after {
            query = query.filter(audit_events::Column::Id.gt(after.id()));
        }
        query
            .order_by_asc(audit_events::Column::Id)
            .limit(u64::try_from(page.fetch_size()).unwrap_or(u64::MAX))
            .all(self.db()?)
            .await
            .map_err(failed("failed to list audit events"))?
            .into_iter()
            .map(audit_event)
            .collect()
    }
}
