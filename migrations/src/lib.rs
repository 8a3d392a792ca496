//! The database schema of Collaborate, as forward-only SeaORM migrations, for SQLite and
//! PostgreSQL alike. Times are stored as whole microseconds since the Unix epoch (`BIGINT`), so
//! that both engines compare them the same way; lists of aspects are JSON text.

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_create_accounts;
mod m20261123_000002_create_groups;
mod m20261123_000003_create_taxonomy;
mod m20261123_000004_create_offers_and_needs;
mod m20261123_000005_create_requests;
mod m20261123_000006_create_audit_events;
mod m20261123_000007_index_member_places;
mod m20261123_000008_index_offer_places;
mod m20261123_000009_generalise_audit_events;
mod m20261123_000010_unicode_email_keys;
mod m20261123_000011_removal_and_revocation;
mod m20261123_000012_request_limits;
mod m20261124_000013_unclaimed_accounts;
mod m20261124_000014_answer_times;
mod m20261124_000015_invitation_email_keys;
mod m20261124_000016_safeguarding;
mod m20261124_000017_account_languages;
mod m20261124_000018_notifications;
mod m20261201_000019_preloading_groups;
mod m20261201_000020_concern_recipients;
mod m20261202_000021_address_proofs;
mod m20261202_000022_outside_identities;
mod m20261202_000023_request_reminders;
mod m20261203_000024_create_peer_assists;
mod m20261204_000025_concerns_about_peer_assists;
mod m20261204_000026_peer_assist_notice;
mod m20261205_000027_create_matching_proposals;
mod m20261205_000028_need_answers;
mod m20261206_000029_named_in_thanks;
mod m20261207_000030_attempts;
mod m20261208_000031_tallies;
mod names;
mod sqlite_schema;
pub mod tallies;

/// Every migration, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_accounts::Migration),
            Box::new(m20261123_000002_create_groups::Migration),
            Box::new(m20261123_000003_create_taxonomy::Migration),
            Box::new(m20261123_000004_create_offers_and_needs::Migration),
            Box::new(m20261123_000005_create_requests::Migration),
            Box::new(m20261123_000006_create_audit_events::Migration),
            Box::new(m20261123_000007_index_member_places::Migration),
            Box::new(m20261123_000008_index_offer_places::Migration),
            Box::new(m20261123_000009_generalise_audit_events::Migration),
            Box::new(m20261123_000010_unicode_email_keys::Migration),
            Box::new(m20261123_000011_removal_and_revocation::Migration),
            Box::new(m20261123_000012_request_limits::Migration),
            Box::new(m20261124_000013_unclaimed_accounts::Migration),
            Box::new(m20261124_000014_answer_times::Migration),
            Box::new(m20261124_000015_invitation_email_keys::Migration),
            Box::new(m20261124_000016_safeguarding::Migration),
            Box::new(m20261124_000017_account_languages::Migration),
            Box::new(m20261124_000018_notifications::Migration),
            Box::new(m20261201_000019_preloading_groups::Migration),
            Box::new(m20261201_000020_concern_recipients::Migration),
            Box::new(m20261202_000021_address_proofs::Migration),
            Box::new(m20261202_000022_outside_identities::Migration),
            Box::new(m20261202_000023_request_reminders::Migration),
            Box::new(m20261203_000024_create_peer_assists::Migration),
            Box::new(m20261204_000025_concerns_about_peer_assists::Migration),
            Box::new(m20261204_000026_peer_assist_notice::Migration),
            Box::new(m20261205_000027_create_matching_proposals::Migration),
            Box::new(m20261205_000028_need_answers::Migration),
            Box::new(m20261206_000029_named_in_thanks::Migration),
            Box::new(m20261207_000030_attempts::Migration),
            Box::new(m20261208_000031_tallies::Migration),
        ]
    }
}
