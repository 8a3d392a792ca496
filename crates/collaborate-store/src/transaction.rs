//! One unit of work on the database: the core's `Transaction` port over a SeaORM transaction.

use crate::Engine;
use crate::entities::{
    accounts, areas, audit_events, groups, invitations, members, needs, offers, organisations,
    requests, sessions,
};
use crate::rows::{self, micros};
use async_trait::async_trait;
use collaborate_core::PortError;
use collaborate_core::accounts::{Account, Session};
use collaborate_core::audit::AuditEvent;
use collaborate_core::groups::{Group, Invitation, Member};
use collaborate_core::offers::{Need, Offer};
use collaborate_core::paging::PageRequest;
use collaborate_core::ports::{Access, Transaction};
use collaborate_core::requests::{Side, SupportRequest};
use collaborate_core::search::{Candidate, Helper};
use collaborate_core::taxonomy::{Area, AreaCounts, Organisation};
use collaborate_core::values::{
    AccountId, AreaId, Aspect, Bounds, Email, GroupId, MemberId, NeedId, OfferId, OrganisationId,
    RequestId, RequestStatus, TokenHash, Version,
};
use sea_orm::sea_query::IntoCondition;
use sea_orm::{
    AccessMode, ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, DatabaseTransaction,
    DbErr, EntityTrait, FromQueryResult, IntoActiveModel, JoinType, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, RelationTrait, SqlErr, SqliteTransactionMode, TransactionOptions,
    TransactionTrait,
};
use std::collections::HashMap;
use time::OffsetDateTime;
use tokio::sync::OwnedMutexGuard;
use uuid::Uuid;

/// A transaction of the [`crate::SqlStore`]. Dropped without commit, it rolls back.
pub struct SqlTransaction {
    tx: Option<DatabaseTransaction>,
    engine: Engine,
    access: Access,
    /// Held by SQLite write transactions until they end: one writer at a time in this process.
    _writer: Option<OwnedMutexGuard<()>>,
}

impl SqlTransaction {
    pub(crate) async fn begin(
        db: &DatabaseConnection,
        engine: Engine,
        access: Access,
        writer: Option<OwnedMutexGuard<()>>,
    ) -> Result<Self, PortError> {
        let options = match (engine, access) {
            (Engine::Sqlite, Access::Write) => TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..TransactionOptions::default()
            },
            (Engine::Sqlite, Access::Read) => TransactionOptions::default(),
            (Engine::Postgres, Access::Write) => TransactionOptions::default(),
            (Engine::Postgres, Access::Read) => TransactionOptions {
                access_mode: Some(AccessMode::ReadOnly),
                ..TransactionOptions::default()
            },
        };
        let tx = db
            .begin_with_options(options)
            .await
            .map_err(|e| PortError::failed("failed to begin a transaction", e))?;
        Ok(Self {
            tx: Some(tx),
            engine,
            access,
            _writer: writer,
        })
    }

    fn db(&self) -> Result<&DatabaseTransaction, PortError> {
        self.tx
            .as_ref()
            .ok_or_else(|| PortError::failed("the transaction is over", "it was already committed"))
    }

    /// Whether single-row reads should lock the row until the transaction ends.
    fn locks_rows(&self) -> bool {
        self.engine == Engine::Postgres && self.access == Access::Write
    }
}

/// A failed read or write, with what was being done.
fn failed(context: &'static str) -> impl Fn(DbErr) -> PortError {
    move |e| PortError::failed(context, e)
}

/// A failed write: a uniqueness violation means `what` already exists.
fn write_failed(context: &'static str, what: &'static str) -> impl Fn(DbErr) -> PortError {
    move |e| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => PortError::Duplicate(what),
        _ => PortError::failed(context, e),
    }
}

fn count(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The version a versioned row must still have for an update to `version` to apply.
fn previous(version: Version) -> i32 {
    i32::try_from(version.get().saturating_sub(1)).unwrap_or(i32::MAX)
}

/// A capacity-holding request at `now`: accepted, or pending and not yet expired.
fn holds_capacity(now: OffsetDateTime) -> Condition {
    Condition::any()
        .add(requests::Column::Status.eq(RequestStatus::Accepted.as_str()))
        .add(
            Condition::all()
                .add(requests::Column::Status.eq(RequestStatus::Pending.as_str()))
                .add(requests::Column::ExpiresAt.gt(micros(now))),
        )
}

/// Requests in `status` at `now`: a pending one past its expiry counts as expired.
fn in_status_at(status: RequestStatus, now: OffsetDateTime) -> Condition {
    let pending = RequestStatus::Pending.as_str();
    match status {
        RequestStatus::Pending => Condition::all()
            .add(requests::Column::Status.eq(pending))
            .add(requests::Column::ExpiresAt.gt(micros(now))),
        RequestStatus::Expired => Condition::any()
            .add(requests::Column::Status.eq(RequestStatus::Expired.as_str()))
            .add(
                Condition::all()
                    .add(requests::Column::Status.eq(pending))
                    .add(requests::Column::ExpiresAt.lte(micros(now))),
            ),
        other => requests::Column::Status.eq(other.as_str()).into_condition(),
    }
}

#[derive(Debug, FromQueryResult)]
struct CountBy {
    key: Uuid,
    n: i64,
}

fn counts(rows: Vec<CountBy>) -> HashMap<Uuid, u32> {
    rows.into_iter()
        .map(|r| (r.key, u32::try_from(r.n).unwrap_or(u32::MAX)))
        .collect()
}

/// Writes `$columns` to the row `$id` only if it is still at the version before `$version`.
macro_rules! compare_and_set {
    ($self:ident, $entity:ident, $columns:expr, $id:expr, $version:expr, $what:literal) => {{
        let result = $entity::Entity::update_many()
            .set($columns)
            .filter($entity::Column::Id.eq($id))
            .filter($entity::Column::Version.eq(previous($version)))
            .exec($self.db()?)
            .await
            .map_err(write_failed(concat!("failed to update ", $what), $what))?;
        if result.rows_affected == 0 {
            Err(PortError::Stale($what))
        } else {
            Ok(())
        }
    }};
}

#[async_trait]
impl Transaction for SqlTransaction {
    async fn commit(&mut self) -> Result<(), PortError> {
        let tx = self.tx.take().ok_or_else(|| {
            PortError::failed("the transaction is over", "it was already committed")
        })?;
        tx.commit().await.map_err(failed("failed to commit"))
    }

    async fn insert_account(&mut self, account: &Account) -> Result<(), PortError> {
        accounts::Entity::insert(rows::account_row(account).into_active_model())
            .exec_without_returning(self.db()?)
            .await
            .map_err(write_failed(
                "failed to insert an account",
                "an account with this email",
            ))?;
        Ok(())
    }

    async fn account(&mut self, id: AccountId) -> Result<Option<Account>, PortError> {
        accounts::Entity::find_by_id(id.as_uuid())
            .one(self.db()?)
            .await
            .map_err(failed("failed to read an account"))?
            .map(rows::account)
            .transpose()
    }

    async fn account_by_email(&mut self, email: &Email) -> Result<Option<Account>, PortError> {
        accounts::Entity::find()
            .filter(accounts::Column::EmailKey.eq(email.key()))
            .one(self.db()?)
            .await
            .map_err(failed("failed to read an account"))?
            .map(rows::account)
            .transpose()
    }

    async fn insert_session(&mut self, session: &Session) -> Result<(), PortError> {
        sessions::Entity::insert(rows::session_row(session).into_active_model())
            .exec_without_returning(self.db()?)
            .await
            .map_err(write_failed(
                "failed to insert a session",
                "a session with this token",
            ))?;
        Ok(())
    }

    async fn session(&mut self, token_hash: &TokenHash) -> Result<Option<Session>, PortError> {
        sessions::Entity::find_by_id(token_hash.as_str().to_owned())
            .one(self.db()?)
            .await
            .map_err(failed("failed to read a session"))?
            .map(rows::session)
            .transpose()
    }

    async fn update_session(&mut self, session: &Session) -> Result<(), PortError> {
        sessions::Entity::update_many()
            .set(rows::session_row(session).into_active_model().reset_all())
            .filter(sessions::Column::TokenHash.eq(session.token_hash.as_str()))
            .exec(self.db()?)
            .await
            .map_err(failed("failed to update a session"))?;
        Ok(())
    }

    async fn delete_session(&mut self, token_hash: &TokenHash) -> Result<(), PortError> {
        sessions::Entity::delete_by_id(token_hash.as_str().to_owned())
            .exec(self.db()?)
            .await
            .map_err(failed("failed to delete a session"))?;
        Ok(())
    }

    async fn delete_sessions_of(&mut self, account_id: AccountId) -> Result<(), PortError> {
        sessions::Entity::delete_many()
            .filter(sessions::Column::AccountId.eq(account_id.as_uuid()))
            .exec(self.db()?)
            .await
            .map_err(failed("failed to delete sessions"))?;
        Ok(())
    }

    async fn insert_group(&mut self, group: &Group) -> Result<(), PortError> {
        groups::Entity::insert(rows::group_row(group).into_active_model())
            .exec_without_returning(self.db()?)
            .await
            .map_err(write_failed(
                "failed to insert a group",
                "a group with this id",
            ))?;
        Ok(())
    }

    async fn group(&mut self, id: GroupId) -> Result<Option<Group>, PortError> {
        groups::Entity::find_by_id(id.as_uuid())
            .one(self.db()?)
            .await
            .map_err(failed("failed to read a group"))?
            .map(rows::group)
            .transpose()
    }

    async fn update_group(&mut self, group: &Group) -> Result<(), PortError> {
        compare_and_set!(
            self,
            groups,
            rows::group_row(group).into_active_model().reset_all(),
            group.id.as_uuid(),
            group.version,
            "group"
        )
    }

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
            .map(|(g, m)| Ok((rows::group(g)?, rows::member(m)?)))
            .collect()
    }

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
            .map(rows::member)
            .transpose()
    }

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
            .map(rows::member)
            .transpose()
    }

    async fn insert_member(&mut self, member: &Member) -> Result<(), PortError> {
        members::Entity::insert(rows::member_row(member).into_active_model())
            .exec_without_returning(self.db()?)
            .await
            .map_err(write_failed(
                "failed to insert a member",
                "a membership of this group",
            ))?;
        Ok(())
    }

    async fn update_member(&mut self, member: &Member) -> Result<(), PortError> {
        let row = rows::member_row(member);
        let grid = row.grid;
        compare_and_set!(
            self,
            members,
            row.into_active_model().reset_all(),
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

    async fn members(
        &mut self,
        group_id: GroupId,
        page: PageRequest,
    ) -> Result<Vec<Member>, PortError> {
        let mut query =
            members::Entity::find().filter(members::Column::GroupId.eq(group_id.as_uuid()));
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
            .map(rows::member)
            .collect()
    }

    async fn count_active_admins(&mut self, group_id: GroupId) -> Result<u32, PortError> {
        members::Entity::find()
            .filter(members::Column::GroupId.eq(group_id.as_uuid()))
            .filter(members::Column::Role.eq("admin"))
            .filter(members::Column::Status.eq("active"))
            .count(self.db()?)
            .await
            .map(count)
            .map_err(failed("failed to count admins"))
    }

    async fn insert_invitation(&mut self, invitation: &Invitation) -> Result<(), PortError> {
        invitations::Entity::insert(rows::invitation_row(invitation).into_active_model())
            .exec_without_returning(self.db()?)
            .await
            .map_err(write_failed(
                "failed to insert an invitation",
                "an invitation with this token",
            ))?;
        Ok(())
    }

    async fn invitation(
        &mut self,
        token_hash: &TokenHash,
    ) -> Result<Option<Invitation>, PortError> {
        invitations::Entity::find()
            .filter(invitations::Column::TokenHash.eq(token_hash.as_str()))
            .one(self.db()?)
            .await
            .map_err(failed("failed to read an invitation"))?
            .map(rows::invitation)
            .transpose()
    }

    async fn update_invitation(&mut self, invitation: &Invitation) -> Result<(), PortError> {
        invitations::Entity::update_many()
            .set(
                rows::invitation_row(invitation)
                    .into_active_model()
                    .reset_all(),
            )
            .filter(invitations::Column::Id.eq(invitation.id.as_uuid()))
            .exec(self.db()?)
            .await
            .map_err(failed("failed to update an invitation"))?;
        Ok(())
    }

    async fn insert_area(&mut self, area: &Area) -> Result<(), PortError> {
        areas::Entity::insert(rows::area_row(area).into_active_model())
            .exec_without_returning(self.db()?)
            .await
            .map_err(write_failed(
                "failed to insert an area",
                "an area with this name",
            ))?;
        Ok(())
    }

    async fn area(&mut self, group_id: GroupId, id: AreaId) -> Result<Option<Area>, PortError> {
        let mut query = areas::Entity::find_by_id(id.as_uuid())
            .filter(areas::Column::GroupId.eq(group_id.as_uuid()));
        if self.locks_rows() {
            query = query.lock_exclusive();
        }
        query
            .one(self.db()?)
            .await
            .map_err(failed("failed to read an area"))?
            .map(rows::area)
            .transpose()
    }

    async fn areas(&mut self, group_id: GroupId) -> Result<Vec<Area>, PortError> {
        let mut areas: Vec<Area> = areas::Entity::find()
            .filter(areas::Column::GroupId.eq(group_id.as_uuid()))
            .all(self.db()?)
            .await
            .map_err(failed("failed to list areas"))?
            .into_iter()
            .map(rows::area)
            .collect::<Result<_, _>>()?;
        areas.sort_by_key(|a| (a.name.key(), a.id));
        Ok(areas)
    }

    async fn update_area(&mut self, area: &Area) -> Result<(), PortError> {
        let id = area.id.as_uuid();
        compare_and_set!(
            self,
            areas,
            rows::area_row(area).into_active_model().reset_all(),
            id,
            area.version,
            "area"
        )
    }

    async fn delete_area(&mut self, group_id: GroupId, id: AreaId) -> Result<(), PortError> {
        areas::Entity::delete_many()
            .filter(areas::Column::Id.eq(id.as_uuid()))
            .filter(areas::Column::GroupId.eq(group_id.as_uuid()))
            .exec(self.db()?)
            .await
            .map_err(failed("failed to delete an area"))?;
        Ok(())
    }

    async fn area_in_use(&mut self, group_id: GroupId, id: AreaId) -> Result<bool, PortError> {
        let (group, area) = (group_id.as_uuid(), id.as_uuid());
        let db = self.db()?;
        let offers = offers::Entity::find()
            .filter(offers::Column::GroupId.eq(group))
            .filter(offers::Column::AreaId.eq(area))
            .count(db);
        let needs = needs::Entity::find()
            .filter(needs::Column::GroupId.eq(group))
            .filter(needs::Column::AreaId.eq(area))
            .count(db);
        let requests = requests::Entity::find()
            .filter(requests::Column::GroupId.eq(group))
            .filter(requests::Column::AreaId.eq(area))
            .count(db);
        let used = offers.await.map_err(failed("failed to count offers"))?
            + needs.await.map_err(failed("failed to count needs"))?
            + requests.await.map_err(failed("failed to count requests"))?;
        Ok(used > 0)
    }

    async fn aspects_in_use(
        &mut self,
        group_id: GroupId,
        id: AreaId,
        aspects: &[Aspect],
    ) -> Result<Vec<Aspect>, PortError> {
        if aspects.is_empty() {
            return Ok(Vec::new());
        }
        let (group, area) = (group_id.as_uuid(), id.as_uuid());
        let db = self.db()?;
        let mut named: Vec<String> = offers::Entity::find()
            .select_only()
            .column(offers::Column::Aspects)
            .filter(offers::Column::GroupId.eq(group))
            .filter(offers::Column::AreaId.eq(area))
            .into_tuple::<String>()
            .all(db)
            .await
            .map_err(failed("failed to read offers' aspects"))?;
        named.extend(
            needs::Entity::find()
                .select_only()
                .column(needs::Column::Aspects)
                .filter(needs::Column::GroupId.eq(group))
                .filter(needs::Column::AreaId.eq(area))
                .into_tuple::<String>()
                .all(db)
                .await
                .map_err(failed("failed to read needs' aspects"))?,
        );
        let used = named
            .iter()
            .map(|raw| rows::aspects("offers", raw))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(aspects
            .iter()
            .filter(|a| used.iter().any(|list| list.contains(a)))
            .cloned()
            .collect())
    }

    async fn area_counts(&mut self, group_id: GroupId) -> Result<Vec<AreaCounts>, PortError> {
        let group = group_id.as_uuid();
        let db = self.db()?;
        let offers: Vec<CountBy> = offers::Entity::find()
            .select_only()
            .column_as(offers::Column::AreaId, "key")
            .column_as(offers::Column::Id.count(), "n")
            .join(JoinType::InnerJoin, offers::Relation::Member.def())
            .filter(offers::Column::GroupId.eq(group))
            .filter(offers::Column::Status.eq("active"))
            .filter(members::Column::Status.eq("active"))
            .group_by(offers::Column::AreaId)
            .into_model()
            .all(db)
            .await
            .map_err(failed("failed to count offers"))?;
        let needs: Vec<CountBy> = needs::Entity::find()
            .select_only()
            .column_as(needs::Column::AreaId, "key")
            .column_as(needs::Column::Id.count(), "n")
            .join(JoinType::InnerJoin, needs::Relation::Member.def())
            .filter(needs::Column::GroupId.eq(group))
            .filter(needs::Column::Status.eq("open"))
            .filter(members::Column::Status.eq("active"))
            .group_by(needs::Column::AreaId)
            .into_model()
            .all(db)
            .await
            .map_err(failed("failed to count needs"))?;
        let (offers, needs) = (counts(offers), counts(needs));
        let areas = areas::Entity::find()
            .select_only()
            .column(areas::Column::Id)
            .filter(areas::Column::GroupId.eq(group))
            .filter(areas::Column::Archived.eq(false))
            .into_tuple::<Uuid>()
            .all(db)
            .await
            .map_err(failed("failed to list areas"))?;
        Ok(areas
            .into_iter()
            .map(|id| AreaCounts {
                area_id: AreaId::from_uuid(id),
                offers: offers.get(&id).copied().unwrap_or(0),
                needs: needs.get(&id).copied().unwrap_or(0),
            })
            .collect())
    }

    async fn insert_organisation(&mut self, organisation: &Organisation) -> Result<(), PortError> {
        organisations::Entity::insert(rows::organisation_row(organisation).into_active_model())
            .exec_without_returning(self.db()?)
            .await
            .map_err(write_failed(
                "failed to insert an organisation",
                "an organisation with this name",
            ))?;
        Ok(())
    }

    async fn organisation(
        &mut self,
        group_id: GroupId,
        id: OrganisationId,
    ) -> Result<Option<Organisation>, PortError> {
        organisations::Entity::find_by_id(id.as_uuid())
            .filter(organisations::Column::GroupId.eq(group_id.as_uuid()))
            .one(self.db()?)
            .await
            .map_err(failed("failed to read an organisation"))?
            .map(rows::organisation)
            .transpose()
    }

    async fn organisations(&mut self, group_id: GroupId) -> Result<Vec<Organisation>, PortError> {
        let mut list: Vec<Organisation> = organisations::Entity::find()
            .filter(organisations::Column::GroupId.eq(group_id.as_uuid()))
            .all(self.db()?)
            .await
            .map_err(failed("failed to list organisations"))?
            .into_iter()
            .map(rows::organisation)
            .collect::<Result<_, _>>()?;
        list.sort_by_key(|o| (o.name.key(), o.id));
        Ok(list)
    }

    async fn insert_offer(&mut self, offer: &Offer) -> Result<(), PortError> {
        let grid = members::Entity::find_by_id(offer.member_id.as_uuid())
            .select_only()
            .column(members::Column::Grid)
            .into_tuple::<Option<i32>>()
            .one(self.db()?)
            .await
            .map_err(failed("failed to read a member's place"))?
            .flatten();
        let row = offers::Model {
            grid,
            ..rows::offer_row(offer)
        };
        offers::Entity::insert(row.into_active_model())
            .exec_without_returning(self.db()?)
            .await
            .map_err(write_failed(
                "failed to insert an offer",
                "an offer with this id",
            ))?;
        Ok(())
    }

    async fn offer(&mut self, group_id: GroupId, id: OfferId) -> Result<Option<Offer>, PortError> {
        offers::Entity::find_by_id(id.as_uuid())
            .filter(offers::Column::GroupId.eq(group_id.as_uuid()))
            .one(self.db()?)
            .await
            .map_err(failed("failed to read an offer"))?
            .map(rows::offer)
            .transpose()
    }

    async fn lock_offer(
        &mut self,
        group_id: GroupId,
        id: OfferId,
    ) -> Result<Option<Offer>, PortError> {
        let mut query = offers::Entity::find_by_id(id.as_uuid())
            .filter(offers::Column::GroupId.eq(group_id.as_uuid()));
        if self.engine == Engine::Postgres {
            query = query.lock_exclusive();
        }
        query
            .one(self.db()?)
            .await
            .map_err(failed("failed to lock an offer"))?
            .map(rows::offer)
            .transpose()
    }

    async fn offers_of(
        &mut self,
        group_id: GroupId,
        member_id: MemberId,
    ) -> Result<Vec<Offer>, PortError> {
        offers::Entity::find()
            .filter(offers::Column::GroupId.eq(group_id.as_uuid()))
            .filter(offers::Column::MemberId.eq(member_id.as_uuid()))
            .order_by_asc(offers::Column::Id)
            .all(self.db()?)
            .await
            .map_err(failed("failed to list offers"))?
            .into_iter()
            .map(rows::offer)
            .collect()
    }

    async fn update_offer(&mut self, offer: &Offer) -> Result<(), PortError> {
        compare_and_set!(
            self,
            offers,
            rows::offer_columns(offer),
            offer.id.as_uuid(),
            offer.version,
            "offer"
        )
    }

    async fn delete_offer(&mut self, group_id: GroupId, id: OfferId) -> Result<(), PortError> {
        offers::Entity::delete_many()
            .filter(offers::Column::Id.eq(id.as_uuid()))
            .filter(offers::Column::GroupId.eq(group_id.as_uuid()))
            .exec(self.db()?)
            .await
            .map_err(failed("failed to delete an offer"))?;
        Ok(())
    }

    async fn offer_has_requests(
        &mut self,
        group_id: GroupId,
        id: OfferId,
    ) -> Result<bool, PortError> {
        requests::Entity::find()
            .filter(requests::Column::GroupId.eq(group_id.as_uuid()))
            .filter(requests::Column::OfferId.eq(id.as_uuid()))
            .count(self.db()?)
            .await
            .map(|n| n > 0)
            .map_err(failed("failed to count requests"))
    }

    async fn insert_need(&mut self, need: &Need) -> Result<(), PortError> {
        needs::Entity::insert(rows::need_row(need).into_active_model())
            .exec_without_returning(self.db()?)
            .await
            .map_err(write_failed(
                "failed to insert a need",
                "a need with this id",
            ))?;
        Ok(())
    }

    async fn need(&mut self, group_id: GroupId, id: NeedId) -> Result<Option<Need>, PortError> {
        needs::Entity::find_by_id(id.as_uuid())
            .filter(needs::Column::GroupId.eq(group_id.as_uuid()))
            .one(self.db()?)
            .await
            .map_err(failed("failed to read a need"))?
            .map(rows::need)
            .transpose()
    }

    async fn needs_of(
        &mut self,
        group_id: GroupId,
        member_id: MemberId,
    ) -> Result<Vec<Need>, PortError> {
        needs::Entity::find()
            .filter(needs::Column::GroupId.eq(group_id.as_uuid()))
            .filter(needs::Column::MemberId.eq(member_id.as_uuid()))
            .order_by_asc(needs::Column::Id)
            .all(self.db()?)
            .await
            .map_err(failed("failed to list needs"))?
            .into_iter()
            .map(rows::need)
            .collect()
    }

    async fn update_need(&mut self, need: &Need) -> Result<(), PortError> {
        compare_and_set!(
            self,
            needs,
            rows::need_row(need).into_active_model().reset_all(),
            need.id.as_uuid(),
            need.version,
            "need"
        )
    }

    async fn delete_need(&mut self, group_id: GroupId, id: NeedId) -> Result<(), PortError> {
        needs::Entity::delete_many()
            .filter(needs::Column::Id.eq(id.as_uuid()))
            .filter(needs::Column::GroupId.eq(group_id.as_uuid()))
            .exec(self.db()?)
            .await
            .map_err(failed("failed to delete a need"))?;
        Ok(())
    }

    async fn need_has_requests(
        &mut self,
        group_id: GroupId,
        id: NeedId,
    ) -> Result<bool, PortError> {
        requests::Entity::find()
            .filter(requests::Column::GroupId.eq(group_id.as_uuid()))
            .filter(requests::Column::NeedId.eq(id.as_uuid()))
            .count(self.db()?)
            .await
            .map(|n| n > 0)
            .map_err(failed("failed to count requests"))
    }

    async fn search_candidates(
        &mut self,
        group_id: GroupId,
        area_id: AreaId,
        within: Option<Bounds>,
        now: OffsetDateTime,
        recent_since: OffsetDateTime,
    ) -> Result<Vec<Candidate>, PortError> {
        let (group, area) = (group_id.as_uuid(), area_id.as_uuid());
        let db = self.db()?;
        let mut query = offers::Entity::find()
            .find_also_related(members::Entity)
            .filter(offers::Column::GroupId.eq(group))
            .filter(offers::Column::AreaId.eq(area))
            .filter(offers::Column::Status.eq("active"))
            .filter(members::Column::GroupId.eq(group))
            .filter(members::Column::Status.eq("active"));
        if let Some(b) = within {
            if let Some(cells) = crate::places::cells_covering(&b) {
                query = query.filter(offers::Column::Grid.is_in(cells));
            }
            query = query
                .filter(members::Column::Lat.between(b.min_lat, b.max_lat))
                .filter(members::Column::Lon.between(b.min_lon, b.max_lon));
        }
        let found = query
            .all(db)
            .await
            .map_err(failed("failed to search offers"))?;
        let open: Vec<CountBy> = requests::Entity::find()
            .select_only()
            .column_as(requests::Column::OfferId, "key")
            .column_as(requests::Column::Id.count(), "n")
            .filter(requests::Column::GroupId.eq(group))
            .filter(requests::Column::AreaId.eq(area))
            .filter(holds_capacity(now))
            .group_by(requests::Column::OfferId)
            .into_model()
            .all(db)
            .await
            .map_err(failed("failed to count open requests"))?;
        let recent: Vec<CountBy> = requests::Entity::find()
            .select_only()
            .column_as(requests::Column::HelperId, "key")
            .column_as(requests::Column::Id.count(), "n")
            .filter(requests::Column::GroupId.eq(group))
            .filter(requests::Column::CreatedAt.gte(micros(recent_since)))
            .group_by(requests::Column::HelperId)
            .into_model()
            .all(db)
            .await
            .map_err(failed("failed to count recent requests"))?;
        let names: HashMap<Uuid, Organisation> = organisations::Entity::find()
            .filter(organisations::Column::GroupId.eq(group))
            .all(db)
            .await
            .map_err(failed("failed to list organisations"))?
            .into_iter()
            .map(|row| rows::organisation(row).map(|o| (o.id.as_uuid(), o)))
            .collect::<Result<_, _>>()?;
        let (open, recent) = (counts(open), counts(recent));
        found
            .into_iter()
            .filter_map(|(offer, member)| member.map(|m| (offer, m)))
            .map(|(offer, member)| {
                let offer = rows::offer(offer)?;
                let member = rows::member(member)?;
                let organisation = member
                    .profile
                    .organisation_id
                    .and_then(|id| names.get(&id.as_uuid()))
                    .map(|o| (o.id, o.name.clone()));
                Ok(Candidate {
                    open_requests: open.get(&offer.id.as_uuid()).copied().unwrap_or(0),
                    recent_requests: recent.get(&member.id.as_uuid()).copied().unwrap_or(0),
                    offer,
                    helper: Helper {
                        member_id: member.id,
                        display_name: member.profile.display_name,
                        organisation,
                        job_title: member.profile.job_title,
                        position: member.profile.location.map(|l| l.position),
                    },
                })
            })
            .collect()
    }

    async fn open_requests_for(
        &mut self,
        group_id: GroupId,
        offer_id: OfferId,
        now: OffsetDateTime,
    ) -> Result<u32, PortError> {
        requests::Entity::find()
            .filter(requests::Column::GroupId.eq(group_id.as_uuid()))
            .filter(requests::Column::OfferId.eq(offer_id.as_uuid()))
            .filter(holds_capacity(now))
            .count(self.db()?)
            .await
            .map(count)
            .map_err(failed("failed to count open requests"))
    }

    async fn has_open_request(
        &mut self,
        group_id: GroupId,
        offer_id: OfferId,
        seeker_id: MemberId,
        now: OffsetDateTime,
    ) -> Result<bool, PortError> {
        requests::Entity::find()
            .filter(requests::Column::GroupId.eq(group_id.as_uuid()))
            .filter(requests::Column::OfferId.eq(offer_id.as_uuid()))
            .filter(requests::Column::SeekerId.eq(seeker_id.as_uuid()))
            .filter(holds_capacity(now))
            .count(self.db()?)
            .await
            .map(|n| n > 0)
            .map_err(failed("failed to count open requests"))
    }

    async fn insert_request(&mut self, request: &SupportRequest) -> Result<(), PortError> {
        requests::Entity::insert(rows::request_row(request).into_active_model())
            .exec_without_returning(self.db()?)
            .await
            .map_err(write_failed(
                "failed to insert a request",
                "a request with this id",
            ))?;
        Ok(())
    }

    async fn request(
        &mut self,
        group_id: GroupId,
        id: RequestId,
    ) -> Result<Option<SupportRequest>, PortError> {
        let mut query = requests::Entity::find_by_id(id.as_uuid())
            .filter(requests::Column::GroupId.eq(group_id.as_uuid()));
        if self.locks_rows() {
            query = query.lock_exclusive();
        }
        query
            .one(self.db()?)
            .await
            .map_err(failed("failed to read a request"))?
            .map(rows::request)
            .transpose()
    }

    async fn update_request(&mut self, request: &SupportRequest) -> Result<(), PortError> {
        requests::Entity::update_many()
            .set(rows::request_row(request).into_active_model().reset_all())
            .filter(requests::Column::Id.eq(request.id.as_uuid()))
            .exec(self.db()?)
            .await
            .map_err(failed("failed to update a request"))?;
        Ok(())
    }

    async fn requests_of(
        &mut self,
        group_id: GroupId,
        member_id: MemberId,
        side: Side,
        status: Option<RequestStatus>,
        now: OffsetDateTime,
        page: PageRequest,
    ) -> Result<Vec<SupportRequest>, PortError> {
        let side_column = match side {
            Side::Seeker => requests::Column::SeekerId,
            Side::Helper => requests::Column::HelperId,
        };
        let mut query = requests::Entity::find()
            .filter(requests::Column::GroupId.eq(group_id.as_uuid()))
            .filter(side_column.eq(member_id.as_uuid()));
        if let Some(status) = status {
            query = query.filter(in_status_at(status, now));
        }
        if let Some(after) = page.after {
            query = query.filter(requests::Column::Id.gt(after.id()));
        }
        query
            .order_by_asc(requests::Column::Id)
            .limit(u64::try_from(page.fetch_size()).unwrap_or(u64::MAX))
            .all(self.db()?)
            .await
            .map_err(failed("failed to list requests"))?
            .into_iter()
            .map(rows::request)
            .collect()
    }

    async fn insert_audit_event(&mut self, event: &AuditEvent) -> Result<(), PortError> {
        audit_events::Entity::insert(rows::audit_row(event).into_active_model())
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
            .map(rows::audit_event)
            .collect()
    }
}
