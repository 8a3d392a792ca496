//! The audit trail ready for events of any kind, by members or by the system: each event keeps its
//! kind, the member it concerns and its details whole (JSON), so a new kind needs no new column;
//! neither the actor nor the subject is a foreign key, so a member's personal data can be erased
//! while the trail, append-only, keeps pointing at the (then anonymous) member. Existing events
//! are carried over with their details in the same form.

use crate::names::{index, reference};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, pk_uuid, text, uuid, uuid_null};
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// One transaction on SQLite too: the table is rebuilt whole or not at all, on one connection.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("audit_trail")
                    .col(pk_uuid("id"))
                    .col(uuid("group_id"))
                    .col(uuid_null("actor_id"))
                    .col(big_integer("at"))
                    .col(text("kind"))
                    .col(uuid_null("subject_id"))
                    .col(text("details"))
                    .foreign_key(&mut reference("audit_trail", "group_id", "groups", false))
                    .to_owned(),
            )
            .await?;
        let copy = copy_statement(manager.get_database_backend());
        manager.get_connection().execute_unprepared(&copy).await?;
        manager
            .drop_table(Table::drop().table("audit_events").to_owned())
            .await?;
        manager
            .rename_table(
                Table::rename()
                    .table("audit_trail", "audit_events")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("audit_events", &["group_id", "id"], false))
            .await?;
        manager
            .create_index(index("audit_events", &["group_id", "subject_id"], false))
            .await
    }
}

/// Copies every event, its details written as the core serialises them: `kind` beside the
/// fields of that kind.
fn copy_statement(backend: DatabaseBackend) -> String {
    let (object, uuid_text): (&str, fn(&str) -> String) = match backend {
        DatabaseBackend::Postgres => ("json_build_object", |c| format!("{c}::text")),
        // SQLite keeps UUIDs as 16 bytes: written out in their usual hyphenated form.
        _ => ("json_object", |c| {
            let part = |from, length| format!("substr(lower(hex({c})), {from}, {length})");
            format!(
                "{} || '-' || {} || '-' || {} || '-' || {} || '-' || {}",
                part(1, 8),
                part(9, 4),
                part(13, 4),
                part(17, 4),
                part(21, 12)
            )
        }),
    };
    let (request, subject) = (uuid_text("request_id"), uuid_text("subject_id"));
    let details = format!(
        "CASE action \
           WHEN 'contacts_revealed' THEN {object}('kind', action, 'request_id', {request}, 'subject_id', {subject}) \
           ELSE {object}('kind', action, 'subject_id', {subject}, 'from', from_value, 'to', to_value) \
         END"
    );
    let details = match backend {
        DatabaseBackend::Postgres => format!("({details})::text"),
        _ => details,
    };
    format!(
        "INSERT INTO audit_trail (id, group_id, actor_id, at, kind, subject_id, details) \
         SELECT id, group_id, actor_id, at, action, subject_id, {details} FROM audit_events"
    )
}
