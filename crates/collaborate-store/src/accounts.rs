//! Accounts and sessions on the database: the tables, their rows and their queries.

use crate::rows::*;
use crate::transaction::*;
use async_trait::async_trait;
use collaborate_core::PortError;
use collaborate_core::accounts::*;
use collaborate_core::values::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder};
use time::OffsetDateTime;

/// The tables of this part, as SeaORM entities: they never leave this crate.
pub(crate) mod tables {
    pub(crate) mod accounts {
        //! Account rows.
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
        #[sea_orm(table_name = "accounts")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub id: Uuid,
            pub email: String,
            pub email_key: String,
            pub display_name: String,
            pub password_hash: Option<String>,
            pub language: Option<String>,
            pub created_at: i64,
            pub preloaded_by: Option<Uuid>,
            pub address_confirmed_at: Option<i64>,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    pub(crate) mod sessions {
        //! Session rows: the token's hash, never the token.
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
        #[sea_orm(table_name = "sessions")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub token_hash: String,
            pub account_id: Uuid,
            pub created_at: i64,
            pub last_seen_at: i64,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    pub(crate) mod password_resets {
        //! Password reset rows: the token's hash, never the token.
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
        #[sea_orm(table_name = "password_resets")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub token_hash: String,
            pub account_id: Uuid,
            pub created_at: i64,
            pub used_at: Option<i64>,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    pub(crate) mod address_proofs {
        //! Address proof rows: the token's hash, never the token; a registration's name and
        //! password hash until its link is opened.
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
        #[sea_orm(table_name = "address_proofs")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub token_hash: String,
            pub email: String,
            pub email_key: String,
            pub account_id: Option<Uuid>,
            pub display_name: Option<String>,
            pub password_hash: Option<String>,
            pub created_at: i64,
            pub used_at: Option<i64>,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    pub(crate) mod outside_identities {
        //! Outside identity rows: a provider's issuer and its subject, linked to an account.
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
        #[sea_orm(table_name = "outside_identities")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub issuer: String,
            #[sea_orm(primary_key, auto_increment = false)]
            pub subject: String,
            pub account_id: Uuid,
            pub created_at: i64,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}

use tables::{accounts, address_proofs, outside_identities, password_resets, sessions};

pub(crate) fn account_row(account: &Account) -> accounts::Model {
    accounts::Model {
        id: account.id.as_uuid(),
        email: account.email.as_str().to_owned(),
        email_key: account.email.key(),
        display_name: account.display_name.as_str().to_owned(),
        password_hash: account
            .password_hash
            .as_ref()
            .map(|h| h.as_str().to_owned()),
        language: account.language.as_ref().map(|l| l.as_str().to_owned()),
        created_at: micros(account.created_at),
        preloaded_by: account.preloaded_by.map(|g| g.as_uuid()),
        address_confirmed_at: account.address_confirmed_at.map(micros),
    }
}

pub(crate) fn account(row: accounts::Model) -> Result<Account, PortError> {
    const T: &str = "accounts";
    Ok(Account {
        id: AccountId::from_uuid(row.id),
        email: Email::from_store(&row.email).checked(T)?,
        display_name: DisplayName::parse(&row.display_name).checked(T)?,
        password_hash: row
            .password_hash
            .as_deref()
            .map(PasswordHash::parse)
            .transpose()
            .checked(T)?,
        language: row
            .language
            .as_deref()
            .map(Language::parse)
            .transpose()
            .checked(T)?,
        created_at: time_of(T, row.created_at)?,
        preloaded_by: row.preloaded_by.map(GroupId::from_uuid),
        address_confirmed_at: row
            .address_confirmed_at
            .map(|at| time_of(T, at))
            .transpose()?,
    })
}

pub(crate) fn session_row(session: &Session) -> sessions::Model {
    sessions::Model {
        token_hash: session.token_hash.as_str().to_owned(),
        account_id: session.account_id.as_uuid(),
        created_at: micros(session.created_at),
        last_seen_at: micros(session.last_seen_at),
    }
}

pub(crate) fn session(row: sessions::Model) -> Result<Session, PortError> {
    const T: &str = "sessions";
    Ok(Session {
        token_hash: TokenHash::parse(&row.token_hash).checked(T)?,
        account_id: AccountId::from_uuid(row.account_id),
        created_at: time_of(T, row.created_at)?,
        last_seen_at: time_of(T, row.last_seen_at)?,
    })
}

fn password_reset(row: password_resets::Model) -> Result<PasswordReset, PortError> {
    const T: &str = "password_resets";
    Ok(PasswordReset {
        token_hash: TokenHash::parse(&row.token_hash).checked(T)?,
        account_id: AccountId::from_uuid(row.account_id),
        created_at: time_of(T, row.created_at)?,
        used_at: row.used_at.map(|at| time_of(T, at)).transpose()?,
    })
}

fn address_proof_row(proof: &AddressProof) -> address_proofs::Model {
    let (account_id, display_name, password_hash) = match &proof.proves {
        Proving::Registration {
            display_name,
            password_hash,
        } => (
            None,
            Some(display_name.as_str().to_owned()),
            Some(password_hash.as_str().to_owned()),
        ),
        Proving::Account(id) => (Some(id.as_uuid()), None, None),
    };
    address_proofs::Model {
        token_hash: proof.token_hash.as_str().to_owned(),
        email: proof.email.as_str().to_owned(),
        email_key: proof.email.key(),
        account_id,
        display_name,
        password_hash,
        created_at: micros(proof.created_at),
        used_at: proof.used_at.map(micros),
    }
}

fn address_proof(row: address_proofs::Model) -> Result<AddressProof, PortError> {
    const T: &str = "address_proofs";
    let proves = match (row.account_id, row.display_name, row.password_hash) {
        (Some(id), None, None) => Proving::Account(AccountId::from_uuid(id)),
        (None, Some(name), Some(hash)) => Proving::Registration {
            display_name: DisplayName::parse(&name).checked(T)?,
            password_hash: PasswordHash::parse(&hash).checked(T)?,
        },
        _ => return Err(corrupt(T, "neither a registration nor an account's")),
    };
    Ok(AddressProof {
        token_hash: TokenHash::parse(&row.token_hash).checked(T)?,
        email: Email::from_store(&row.email).checked(T)?,
        proves,
        created_at: time_of(T, row.created_at)?,
        used_at: row.used_at.map(|at| time_of(T, at)).transpose()?,
    })
}

fn identity(row: outside_identities::Model) -> Result<OutsideIdentity, PortError> {
    const T: &str = "outside_identities";
    Ok(OutsideIdentity {
        issuer: Issuer::parse(&row.issuer).checked(T)?,
        subject: Subject::parse(&row.subject).checked(T)?,
        account_id: AccountId::from_uuid(row.account_id),
        created_at: time_of(T, row.created_at)?,
    })
}

#[async_trait]
impl Accounts for SqlTransaction {
    #[tracing::instrument(level = "debug", skip_all)]
    async fn insert_account(&mut self, account: &Account) -> Result<(), PortError> {
        accounts::Entity::insert(account_row(account).into_active_model())
            .exec_without_returning(self.db()?)
            .await
            .map_err(write_failed(
                "failed to insert an account",
                "an account with this email",
            ))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(accounts = accounts.len()))]
    async fn insert_accounts(&mut self, accounts: &[Account]) -> Result<(), PortError> {
        insert_batches::<accounts::Entity>(
            self.db()?,
            accounts.iter().map(account_row),
            "failed to insert accounts",
            "an account with this email",
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn account(&mut self, id: AccountId) -> Result<Option<Account>, PortError> {
        accounts::Entity::find_by_id(id.as_uuid())
            .one(self.db()?)
            .await
            .map_err(failed("failed to read an account"))?
            .map(account)
            .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn update_account(&mut self, account: &Account) -> Result<(), PortError> {
        accounts::Entity::update_many()
            .set(changes(account_row(account)))
            .filter(accounts::Column::Id.eq(account.id.as_uuid()))
            .exec(self.db()?)
            .await
            .map_err(failed("failed to update an account"))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn account_by_email(&mut self, email: &Email) -> Result<Option<Account>, PortError> {
        accounts::Entity::find()
            .filter(accounts::Column::EmailKey.eq(email.key()))
            .one(self.db()?)
            .await
            .map_err(failed("failed to read an account"))?
            .map(account)
            .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(emails = emails.len()))]
    async fn accounts_with_emails(&mut self, emails: &[Email]) -> Result<Vec<Account>, PortError> {
        let mut found = Vec::with_capacity(emails.len());
        for batch in emails.chunks(BATCH) {
            let rows = accounts::Entity::find()
                .filter(accounts::Column::EmailKey.is_in(batch.iter().map(Email::key)))
                .all(self.db()?)
                .await
                .map_err(failed("failed to read accounts"))?;
            for row in rows {
                found.push(account(row)?);
            }
        }
        Ok(found)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn accounts(&mut self, ids: &[AccountId]) -> Result<Vec<Account>, PortError> {
        accounts::Entity::find()
            .filter(accounts::Column::Id.is_in(ids.iter().map(|id| id.as_uuid())))
            .all(self.db()?)
            .await
            .map_err(failed("failed to read accounts"))?
            .into_iter()
            .map(account)
            .collect()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn insert_password_reset(&mut self, reset: &PasswordReset) -> Result<(), PortError> {
        password_resets::Entity::insert(
            password_resets::Model {
                token_hash: reset.token_hash.as_str().to_owned(),
                account_id: reset.account_id.as_uuid(),
                created_at: micros(reset.created_at),
                used_at: reset.used_at.map(micros),
            }
            .into_active_model(),
        )
        .exec_without_returning(self.db()?)
        .await
        .map_err(write_failed(
            "failed to insert a password reset",
            "a password reset with this token",
        ))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn password_reset(
        &mut self,
        token_hash: &TokenHash,
    ) -> Result<Option<PasswordReset>, PortError> {
        password_resets::Entity::find_by_id(token_hash.as_str().to_owned())
            .one(self.db()?)
            .await
            .map_err(failed("failed to read a password reset"))?
            .map(password_reset)
            .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn use_password_resets_of(
        &mut self,
        account_id: AccountId,
        at: OffsetDateTime,
    ) -> Result<(), PortError> {
        password_resets::Entity::update_many()
            .col_expr(password_resets::Column::UsedAt, Expr::value(micros(at)))
            .filter(password_resets::Column::AccountId.eq(account_id.as_uuid()))
            .filter(password_resets::Column::UsedAt.is_null())
            .exec(self.db()?)
            .await
            .map_err(failed("failed to use up password resets"))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn delete_password_resets_before(
        &mut self,
        before: OffsetDateTime,
    ) -> Result<u32, PortError> {
        let deleted = password_resets::Entity::delete_many()
            .filter(password_resets::Column::CreatedAt.lt(micros(before)))
            .exec(self.db()?)
            .await
            .map_err(failed("failed to sweep password resets"))?;
        Ok(count(deleted.rows_affected))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn insert_address_proof(&mut self, proof: &AddressProof) -> Result<(), PortError> {
        address_proofs::Entity::insert(address_proof_row(proof).into_active_model())
            .exec_without_returning(self.db()?)
            .await
            .map_err(write_failed(
                "failed to insert an address proof",
                "an address proof with this token",
            ))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn address_proof(
        &mut self,
        token_hash: &TokenHash,
    ) -> Result<Option<AddressProof>, PortError> {
        address_proofs::Entity::find_by_id(token_hash.as_str().to_owned())
            .one(self.db()?)
            .await
            .map_err(failed("failed to read an address proof"))?
            .map(address_proof)
            .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn use_address_proofs_for(
        &mut self,
        email: &Email,
        at: OffsetDateTime,
    ) -> Result<(), PortError> {
        address_proofs::Entity::update_many()
            .col_expr(address_proofs::Column::UsedAt, Expr::value(micros(at)))
            .filter(address_proofs::Column::EmailKey.eq(email.key()))
            .filter(address_proofs::Column::UsedAt.is_null())
            .exec(self.db()?)
            .await
            .map_err(failed("failed to use up address proofs"))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn delete_address_proofs_for(&mut self, email: &Email) -> Result<(), PortError> {
        address_proofs::Entity::delete_many()
            .filter(address_proofs::Column::EmailKey.eq(email.key()))
            .exec(self.db()?)
            .await
            .map_err(failed("failed to delete address proofs"))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn delete_address_proofs_before(
        &mut self,
        before: OffsetDateTime,
    ) -> Result<u32, PortError> {
        let deleted = address_proofs::Entity::delete_many()
            .filter(address_proofs::Column::CreatedAt.lt(micros(before)))
            .exec(self.db()?)
            .await
            .map_err(failed("failed to sweep address proofs"))?;
        Ok(count(deleted.rows_affected))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn identity(
        &mut self,
        issuer: &Issuer,
        subject: &Subject,
    ) -> Result<Option<OutsideIdentity>, PortError> {
        let key = (issuer.as_str().to_owned(), subject.as_str().to_owned());
        outside_identities::Entity::find_by_id(key)
            .one(self.db()?)
            .await
            .map_err(failed("failed to read an outside identity"))?
            .map(identity)
            .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn insert_identity(&mut self, identity: &OutsideIdentity) -> Result<(), PortError> {
        let row = outside_identities::Model {
            issuer: identity.issuer.as_str().to_owned(),
            subject: identity.subject.as_str().to_owned(),
            account_id: identity.account_id.as_uuid(),
            created_at: micros(identity.created_at),
        };
        outside_identities::Entity::insert(row.into_active_model())
            .exec_without_returning(self.db()?)
            .await
            .map_err(write_failed(
                "failed to link an outside identity",
                "an identity with this issuer and subject",
            ))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn identities_of(
        &mut self,
        account_id: AccountId,
    ) -> Result<Vec<OutsideIdentity>, PortError> {
        outside_identities::Entity::find()
            .filter(outside_identities::Column::AccountId.eq(account_id.as_uuid()))
            .order_by_asc(outside_identities::Column::CreatedAt)
            .order_by_asc(outside_identities::Column::Issuer)
            .order_by_asc(outside_identities::Column::Subject)
            .all(self.db()?)
            .await
            .map_err(failed("failed to read outside identities"))?
            .into_iter()
            .map(identity)
            .collect()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn delete_identities_of(&mut self, account_id: AccountId) -> Result<(), PortError> {
        outside_identities::Entity::delete_many()
            .filter(outside_identities::Column::AccountId.eq(account_id.as_uuid()))
            .exec(self.db()?)
            .await
            .map_err(failed("failed to unlink outside identities"))?;
        Ok(())
    }
}

#[async_trait]
impl Sessions for SqlTransaction {
    #[tracing::instrument(level = "debug", skip_all)]
    async fn insert_session(&mut self, session: &Session) -> Result<(), PortError> {
        sessions::Entity::insert(session_row(session).into_active_model())
            .exec_without_returning(self.db()?)
            .await
            .map_err(write_failed(
                "failed to insert a session",
                "a session with this token",
            ))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn session(&mut self, token_hash: &TokenHash) -> Result<Option<Session>, PortError> {
        sessions::Entity::find_by_id(token_hash.as_str().to_owned())
            .one(self.db()?)
            .await
            .map_err(failed("failed to read a session"))?
            .map(session)
            .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn update_session(&mut self, session: &Session) -> Result<(), PortError> {
        sessions::Entity::update_many()
            .set(changes(session_row(session)))
            .filter(sessions::Column::TokenHash.eq(session.token_hash.as_str()))
            .exec(self.db()?)
            .await
            .map_err(failed("failed to update a session"))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn delete_session(&mut self, token_hash: &TokenHash) -> Result<(), PortError> {
        sessions::Entity::delete_by_id(token_hash.as_str().to_owned())
            .exec(self.db()?)
            .await
            .map_err(failed("failed to delete a session"))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn delete_sessions_of(&mut self, account_id: AccountId) -> Result<(), PortError> {
        sessions::Entity::delete_many()
            .filter(sessions::Column::AccountId.eq(account_id.as_uuid()))
            .exec(self.db()?)
            .await
            .map_err(failed("failed to delete sessions"))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn sessions_of(&mut self, account_id: AccountId) -> Result<Vec<Session>, PortError> {
        sessions::Entity::find()
            .filter(sessions::Column::AccountId.eq(account_id.as_uuid()))
            .order_by_asc(sessions::Column::CreatedAt)
            .order_by_asc(sessions::Column::TokenHash)
            .all(self.db()?)
            .await
            .map_err(failed("failed to list sessions"))?
            .into_iter()
            .map(session)
            .collect()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn delete_other_sessions(
        &mut self,
        account_id: AccountId,
        keep: &TokenHash,
    ) -> Result<(), PortError> {
        sessions::Entity::delete_many()
            .filter(sessions::Column::AccountId.eq(account_id.as_uuid()))
            .filter(sessions::Column::TokenHash.ne(keep.as_str()))
            .exec(self.db()?)
            .await
            .map_err(failed("failed to delete sessions"))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn delete_dead_sessions(
        &mut self,
        idle_since: OffsetDateTime,
        started_before: OffsetDateTime,
    ) -> Result<u32, PortError> {
        let deleted = sessions::Entity::delete_many()
            .filter(
                Condition::any()
                    .add(sessions::Column::LastSeenAt.lt(micros(idle_since)))
                    .add(sessions::Column::CreatedAt.lt(micros(started_before))),
            )
            .exec(self.db()?)
            .await
            .map_err(failed("failed to sweep sessions"))?;
        Ok(count(deleted.rows_affected))
    }
}
