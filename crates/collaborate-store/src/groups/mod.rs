//! Groups, their members and invitations on the database: the tables, their rows and their queries.

use crate::Engine;
use crate::accounts::tables::accounts;
use crate::offers::tables::offers;
use crate::rows::*;
use crate::transaction::*;
use async_trait::async_trait;
use collaborate_core::PortError;
use collaborate_core::groups::*;
use collaborate_core::paging::PageRequest;
use collaborate_core::values::*;
use sea_orm::sea_query::{Expr, ExprTrait as _, Func, LikeExpr, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use time::OffsetDateTime;

/// The tables of this part, as SeaORM entities: they never leave this crate.
pub(crate) mod tables {
    pub(crate) mod groups {
        //! Group rows with their settings.
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
        #[sea_orm(table_name = "groups")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub id: Uuid,
            pub name: String,
            pub slug: String,
            pub growth_mode: String,
            pub min_offers: i32,
            pub max_open_requests: i32,
            pub max_requests_per_day: i32,
            pub request_expiry_days: i32,
            pub peer_assist_min_days_ahead: i32,
            pub join_code: Option<String>,
            pub version: i32,
            pub created_at: i64,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    pub(crate) mod members {
        //! Member rows with their live profile.
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
        #[sea_orm(table_name = "members")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub id: Uuid,
            pub group_id: Uuid,
            pub account_id: Uuid,
            pub role: String,
            pub status: String,
            pub display_name: String,
            pub organisation_id: Option<Uuid>,
            pub job_title: Option<String>,
            pub bio: Option<String>,
            pub location_label: Option<String>,
            pub lat: Option<f64>,
            pub lon: Option<f64>,
            pub contact_email: Option<String>,
            pub phone: Option<String>,
            pub video_link: Option<String>,
            pub preferred_modes: String,
            pub version: i32,
            pub joined_at: i64,
            pub grid: Option<i32>,
            pub notifications: String,
            pub named_in_thanks: bool,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {
            #[sea_orm(
                belongs_to = "super::groups::Entity",
                from = "Column::GroupId",
                to = "super::groups::Column::Id"
            )]
            Group,
        }

        impl Related<super::groups::Entity> for Entity {
            fn to() -> RelationDef {
                Relation::Group.def()
            }
        }

        impl ActiveModelBehavior for ActiveModel {}
    }

    pub(crate) mod invitations {
        //! Invitation rows.
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
        #[sea_orm(table_name = "invitations")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub id: Uuid,
            pub group_id: Uuid,
            pub email: String,
            pub email_key: Option<String>,
            pub role: String,
            pub token_hash: String,
            pub invited_by: Uuid,
            pub created_at: i64,
            pub accepted_at: Option<i64>,
            pub revoked_at: Option<i64>,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}

use tables::{groups, invitations, members};

mod rows;

pub(crate) use rows::*;

#[async_trait]
impl Groups for SqlTransaction {
    #[tracing::instrument(level = "debug", skip_all)]
    async fn insert_group(&mut self, group: &Group) -> Result<(), PortError> {
        groups::Entity::insert(group_row(group).into_active_model())
            .exec_without_returning(self.db()?)
            .await
            .map_err(write_failed(
                "failed to insert a group",
                "a group with this id",
            ))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn group(&mut self, id: GroupId) -> Result<Option<Group>, PortError> {
        groups::Entity::find_by_id(id.as_uuid())
            .one(self.db()?)
            .await
            .map_err(failed("failed to read a group"))?
            .map(group)
            .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn update_group(&mut self, group: &Group) -> Result<(), PortError> {
        compare_and_set!(
            self,
            groups,
            changes(group_row(group)),
            group.id.as_uuid(),
            group.version,
            "group"
        )
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn memberships_of(
        &mut self,
        account_id: AccountId,
    ) -> Result<Vec<(Group, Member)>, PortError> {
        let pairs = members::Entity::find()
            .filter(members::Column::AccountId.eq(account_id.as_uuid()))
            .find_also_related(groups::Entity)
            .order_by_asc(members::Column::GroupId)
            .all(self.db()?)
            .await
            .map_err(failed("failed to read memberships"))?;
        pairs
            .into_iter()
            .filter_map(|(member, group)| group.map(|g| (g, member)))
            .map(|(g, m)| Ok((group(g)?, member(m)?)))
            .collect()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn member_of(
        &mut self,
        group_id: GroupId,
        account_id: AccountId,
    ) -> Result<Option<Member>, PortError> {
        members::Entity::find()
            .filter(members::Column::GroupId.eq(group_id.as_uuid()))
            .filter(members::Column::AccountId.eq(account_id.as_uuid()))
            .one(self.db()?)
            .await
            .map_err(failed("failed to read a membership"))?
            .map(member)
            .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(accounts = account_ids.len()))]
    async fn members_of_accounts(
        &mut self,
        group_id: GroupId,
        account_ids: &[AccountId],
    ) -> Result<Vec<Member>, PortError> {
        let mut found = Vec::with_capacity(account_ids.len());
        for batch in account_ids.chunks(BATCH) {
            let rows = members::Entity::find()
                .filter(members::Column::GroupId.eq(group_id.as_uuid()))
                .filter(members::Column::AccountId.is_in(batch.iter().map(|id| id.as_uuid())))
                .all(self.db()?)
                .await
                .map_err(failed("failed to read memberships"))?;
            for row in rows {
                found.push(member(row)?);
            }
        }
        Ok(found)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn member(
        &mut self,
        group_id: GroupId,
        id: MemberId,
    ) -> Result<Option<Member>, PortError> {
        members::Entity::find_by_id(id.as_uuid())
            .filter(members::Column::GroupId.eq(group_id.as_uuid()))
            .one(self.db()?)
            .await
            .map_err(failed("failed to read a member"))?
            .map(member)
            .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn insert_member(&mut self, member: &Member) -> Result<(), PortError> {
        members::Entity::insert(member_row(member).into_active_model())
            .exec_without_returning(self.db()?)
            .await
            .map_err(write_failed(
                "failed to insert a member",
                "a membership of this group",
            ))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(members = members.len()))]
    async fn insert_members(&mut self, members: &[Member]) -> Result<(), PortError> {
        insert_batches::<members::Entity>(
            self.db()?,
            members.iter().map(member_row),
            "failed to insert members",
            "a membership of this group",
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn update_member(&mut self, member: &Member) -> Result<(), PortError> {
        let row = member_row(member);
        let grid = row.grid;
        compare_and_set!(
            self,
            members,
            changes(row),
            member.id.as_uuid(),
            member.version,
            "member"
        )?;
        offers::Entity::update_many()
            .col_expr(offers::Column::Grid, sea_orm::sea_query::Expr::value(grid))
            .filter(offers::Column::MemberId.eq(member.id.as_uuid()))
            .exec(self.db()?)
            .await
            .map_err(failed("failed to keep a member's offers at their place"))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn members(
        &mut self,
        group_id: GroupId,
        filter: &MemberFilter,
        page: PageRequest,
    ) -> Result<Vec<Member>, PortError> {
        let mut query =
            members::Entity::find().filter(members::Column::GroupId.eq(group_id.as_uuid()));
        if let Some(status) = filter.status {
            query = query.filter(members::Column::Status.eq(status.as_str()));
        }
        if let Some(role) = filter.role {
            query = query.filter(members::Column::Role.eq(role.as_str()));
        }
        if let Some(organisation) = filter.organisation_id {
            query = query.filter(members::Column::OrganisationId.eq(organisation.as_uuid()));
        }
        if let Some(text) = &filter.text {
            query = query.filter(text_found(text));
        }
        if let Some(after) = page.after {
            query = query.filter(members::Column::Id.gt(after.id()));
        }
        query
            .order_by_asc(members::Column::Id)
            .limit(u64::try_from(page.fetch_size()).unwrap_or(u64::MAX))
            .all(self.db()?)
            .await
            .map_err(failed("failed to list members"))?
            .into_iter()
            .map(member)
            .collect()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn lock_group(&mut self, group_id: GroupId) -> Result<(), PortError> {
        // SQLite runs one writer at a time already; PostgreSQL holds the row until commit.
        if self.engine == Engine::Postgres {
            groups::Entity::find_by_id(group_id.as_uuid())
                .lock_exclusive()
                .one(self.db()?)
                .await
                .map_err(failed("failed to lock a group"))?;
        }
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn lock_member(&mut self, group_id: GroupId, id: MemberId) -> Result<(), PortError> {
        if self.engine == Engine::Postgres {
            members::Entity::find_by_id(id.as_uuid())
                .filter(members::Column::GroupId.eq(group_id.as_uuid()))
                .lock_exclusive()
                .one(self.db()?)
                .await
                .map_err(failed("failed to lock a member"))?;
        }
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn count_active_admins(&mut self, group_id: GroupId) -> Result<u32, PortError> {
        members::Entity::find()
            .filter(members::Column::GroupId.eq(group_id.as_uuid()))
            .filter(members::Column::Role.eq(Role::Admin.as_str()))
            .filter(members::Column::Status.eq(MemberStatus::Active.as_str()))
            .count(self.db()?)
            .await
            .map(count)
            .map_err(failed("failed to count admins"))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn active_admins(&mut self, group_id: GroupId) -> Result<Vec<Member>, PortError> {
        members::Entity::find()
            .filter(members::Column::GroupId.eq(group_id.as_uuid()))
            .filter(members::Column::Role.eq(Role::Admin.as_str()))
            .filter(members::Column::Status.eq(MemberStatus::Active.as_str()))
            .order_by_asc(members::Column::Id)
            .all(self.db()?)
            .await
            .map_err(failed("failed to list admins"))?
            .into_iter()
            .map(member)
            .collect()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn groups_with_slug(&mut self, slug: &Slug) -> Result<Vec<Group>, PortError> {
        groups::Entity::find()
            .filter(groups::Column::Slug.eq(slug.as_str()))
            .order_by_asc(groups::Column::Id)
            .all(self.db()?)
            .await
            .map_err(failed("failed to find groups"))?
            .into_iter()
            .map(group)
            .collect()
    }
}

#[async_trait]
impl Invitations for SqlTransaction {
    #[tracing::instrument(level = "debug", skip_all)]
    async fn insert_invitation(&mut self, invitation: &Invitation) -> Result<(), PortError> {
        invitations::Entity::insert(invitation_row(invitation).into_active_model())
            .exec_without_returning(self.db()?)
            .await
            .map_err(write_failed(
                "failed to insert an invitation",
                "an invitation with this token",
            ))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(invitations = invitations.len()))]
    async fn insert_invitations(&mut self, invitations: &[Invitation]) -> Result<(), PortError> {
        insert_batches::<invitations::Entity>(
            self.db()?,
            invitations.iter().map(invitation_row),
            "failed to insert invitations",
            "an invitation with this token",
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn invitation(
        &mut self,
        token_hash: &TokenHash,
    ) -> Result<Option<Invitation>, PortError> {
        invitations::Entity::find()
            .filter(invitations::Column::TokenHash.eq(token_hash.as_str()))
            .one(self.db()?)
            .await
            .map_err(failed("failed to read an invitation"))?
            .map(invitation)
            .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn invitation_in(
        &mut self,
        group_id: GroupId,
        id: InvitationId,
    ) -> Result<Option<Invitation>, PortError> {
        invitations::Entity::find_by_id(id.as_uuid())
            .filter(invitations::Column::GroupId.eq(group_id.as_uuid()))
            .one(self.db()?)
            .await
            .map_err(failed("failed to read an invitation"))?
            .map(invitation)
            .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn pending_invitations(
        &mut self,
        group_id: GroupId,
        now: OffsetDateTime,
    ) -> Result<Vec<Invitation>, PortError> {
        invitations::Entity::find()
            .filter(invitations::Column::GroupId.eq(group_id.as_uuid()))
            .filter(invitations::Column::AcceptedAt.is_null())
            .filter(invitations::Column::RevokedAt.is_null())
            .filter(invitations::Column::CreatedAt.gt(micros(now - Invitation::LIFETIME)))
            .order_by_asc(invitations::Column::Id)
            .all(self.db()?)
            .await
            .map_err(failed("failed to list invitations"))?
            .into_iter()
            .map(invitation)
            .collect()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn update_invitation(&mut self, invitation: &Invitation) -> Result<(), PortError> {
        invitations::Entity::update_many()
            .set(changes(invitation_row(invitation)))
            .filter(invitations::Column::Id.eq(invitation.id.as_uuid()))
            .exec(self.db()?)
            .await
            .map_err(failed("failed to update an invitation"))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn invitations_to(&mut self, email: &Email) -> Result<Vec<Invitation>, PortError> {
        invitations::Entity::find()
            .filter(invitations::Column::EmailKey.eq(email.key()))
            .order_by_asc(invitations::Column::Id)
            .all(self.db()?)
            .await
            .map_err(failed("failed to list invitations"))?
            .into_iter()
            .map(invitation)
            .collect()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn delete_invitation(&mut self, id: InvitationId) -> Result<(), PortError> {
        invitations::Entity::delete_by_id(id.as_uuid())
            .exec(self.db()?)
            .await
            .map_err(failed("failed to delete an invitation"))?;
        Ok(())
    }
}

/// Gives every invitation made before invitations kept their address's key (migration 15) the
/// key the core computes; a no-op once all have one.
pub(crate) async fn fill_invitation_keys(db: &impl ConnectionTrait) -> Result<(), PortError> {
    let unkeyed = invitations::Entity::find()
        .filter(invitations::Column::EmailKey.is_null())
        .all(db)
        .await
        .map_err(failed("failed to read invitations without a key"))?;
    for row in unkeyed {
        let key = Email::from_store(&row.email).checked("invitations")?.key();
        invitations::Entity::update_many()
            .col_expr(
                invitations::Column::EmailKey,
                sea_orm::sea_query::Expr::value(key),
            )
            .filter(invitations::Column::Id.eq(row.id))
            .exec(db)
            .await
            .map_err(failed("failed to key an invitation"))?;
    }
    Ok(())
}

/// Members whose name holds the text (letters A to Z without case: `lower` folds no more on
/// SQLite) or whose address key does.
fn text_found(text: &MemberSearch) -> Condition {
    let containing = |t: &str| {
        let escaped = t
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        LikeExpr::new(format!("%{escaped}%")).escape('\\')
    };
    let addresses = Query::select()
        .column(accounts::Column::Id)
        .from(accounts::Entity)
        .and_where(Expr::col(accounts::Column::EmailKey).like(containing(text.in_address())))
        .to_owned();
    Condition::any()
        .add(
            Expr::expr(Func::lower(Expr::col(members::Column::DisplayName)))
                .like(containing(text.in_name())),
        )
        .add(members::Column::AccountId.in_subquery(addresses))
}
