//! Offers and needs on the database: the tables, their rows and their queries.

use crate::Engine;
use crate::groups::tables::members;
use crate::requests::tables::requests;
use crate::rows::*;
use crate::transaction::*;
use async_trait::async_trait;
use collaborate_core::PortError;
use collaborate_core::offers::*;
use collaborate_core::values::*;
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::collections::HashMap;
use uuid::Uuid;

/// A table whose rows belong to one member of one group: offers and needs.
trait MembersRows: EntityTrait {
    /// Its group, member and id columns.
    const GROUP: Self::Column;
    const MEMBER: Self::Column;
    const ID: Self::Column;
    /// What listing it failed at, for the error.
    const LISTING: &'static str;
    /// A row's group.
    fn group_of(row: &Self::Model) -> Uuid;
}

impl MembersRows for offers::Entity {
    const GROUP: offers::Column = offers::Column::GroupId;
    const MEMBER: offers::Column = offers::Column::MemberId;
    const ID: offers::Column = offers::Column::Id;
    const LISTING: &'static str = "failed to list offers";
    fn group_of(row: &offers::Model) -> Uuid {
        row.group_id
    }
}

impl MembersRows for needs::Entity {
    const GROUP: needs::Column = needs::Column::GroupId;
    const MEMBER: needs::Column = needs::Column::MemberId;
    const ID: needs::Column = needs::Column::Id;
    const LISTING: &'static str = "failed to list needs";
    fn group_of(row: &needs::Model) -> Uuid {
        row.group_id
    }
}

/// The rows of these members in the group, in id order for one member. Member ids are unique
/// across groups; for many members the group is checked on the rows read, so that both engines
/// look them up by member rather than scan the group.
async fn rows_of<E: MembersRows>(
    db: &sea_orm::DatabaseTransaction,
    group_id: GroupId,
    member_ids: &[MemberId],
) -> Result<Vec<E::Model>, PortError> {
    if let [member_id] = member_ids {
        return E::find()
            .filter(E::GROUP.eq(group_id.as_uuid()))
            .filter(E::MEMBER.eq(member_id.as_uuid()))
            .order_by_asc(E::ID)
            .all(db)
            .await
            .map_err(failed(E::LISTING));
    }
    let mut found = Vec::new();
    for batch in member_ids.chunks(BATCH) {
        let rows = E::find()
            .filter(E::MEMBER.is_in(batch.iter().map(|id| id.as_uuid())))
            .all(db)
            .await
            .map_err(failed(E::LISTING))?;
        found.extend(
            rows.into_iter()
                .filter(|row| E::group_of(row) == group_id.as_uuid()),
        );
    }
    Ok(found)
}

/// The tables of this part, as SeaORM entities: they never leave this crate.
pub(crate) mod tables {
    pub(crate) mod offers {
        //! Offer rows; aspects as a JSON array, modes comma-separated.
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
        #[sea_orm(table_name = "offers")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub id: Uuid,
            pub group_id: Uuid,
            pub member_id: Uuid,
            pub area_id: Uuid,
            pub aspects: String,
            pub description: String,
            pub modes: String,
            pub capacity: i32,
            pub travel_radius_km: Option<f64>,
            pub rank: Option<i32>,
            pub status: String,
            pub version: i32,
            pub created_at: i64,
            /// The grid cell of the member's place, kept in step with `members.grid`.
            pub grid: Option<i32>,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {
            #[sea_orm(
                belongs_to = "crate::groups::tables::members::Entity",
                from = "Column::MemberId",
                to = "crate::groups::tables::members::Column::Id"
            )]
            Member,
        }

        impl Related<crate::groups::tables::members::Entity> for Entity {
            fn to() -> RelationDef {
                Relation::Member.def()
            }
        }

        impl ActiveModelBehavior for ActiveModel {}
    }

    pub(crate) mod needs {
        //! Need rows; aspects as a JSON array, modes comma-separated.
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
        #[sea_orm(table_name = "needs")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub id: Uuid,
            pub group_id: Uuid,
            pub member_id: Uuid,
            pub area_id: Uuid,
            pub aspects: String,
            pub description: String,
            pub modes: String,
            pub rank: Option<i32>,
            pub status: String,
            pub version: i32,
            pub created_at: i64,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {
            #[sea_orm(
                belongs_to = "crate::groups::tables::members::Entity",
                from = "Column::MemberId",
                to = "crate::groups::tables::members::Column::Id"
            )]
            Member,
        }

        impl Related<crate::groups::tables::members::Entity> for Entity {
            fn to() -> RelationDef {
                Relation::Member.def()
            }
        }

        impl ActiveModelBehavior for ActiveModel {}
    }
}

use tables::{needs, offers};

/// The topic's columns, as offers and needs both keep them.
struct TopicColumns {
    area_id: Uuid,
    aspects: String,
    description: String,
    modes: String,
    rank: Option<i32>,
}

impl TopicColumns {
    fn of(topic: &Topic) -> Self {
        Self {
            area_id: topic.area_id.as_uuid(),
            aspects: aspects_column(&topic.aspects),
            description: topic.description.as_str().to_owned(),
            modes: modes_column(&topic.modes),
            rank: topic.rank.map(|r| small(r.get())),
        }
    }

    fn topic(self, table: &'static str) -> Result<Topic, PortError> {
        Ok(Topic {
            area_id: AreaId::from_uuid(self.area_id),
            aspects: aspects(table, &self.aspects)?,
            description: Description::parse(&self.description).checked(table)?,
            modes: modes(table, &self.modes)?,
            rank: self
                .rank
                .map(|r| Rank::new(i64::from(r)))
                .transpose()
                .checked(table)?,
        })
    }
}

pub(crate) fn offer_row(offer: &Offer) -> offers::Model {
    let topic = TopicColumns::of(&offer.topic);
    offers::Model {
        id: offer.id.as_uuid(),
        group_id: offer.group_id.as_uuid(),
        member_id: offer.member_id.as_uuid(),
        area_id: topic.area_id,
        aspects: topic.aspects,
        description: topic.description,
        modes: topic.modes,
        capacity: small(offer.capacity.get()),
        travel_radius_km: offer.travel_radius.map(TravelRadius::get),
        rank: topic.rank,
        status: offer.status.as_str().to_owned(),
        version: version_column(offer.version),
        created_at: micros(offer.created_at),
        grid: None,
    }
}

/// The columns of an offer to write: all but `grid`, which follows the member's place.
pub(crate) fn offer_columns(offer: &Offer) -> offers::ActiveModel {
    let mut columns = changes(offer_row(offer));
    columns.grid = sea_orm::ActiveValue::NotSet;
    columns
}

pub(crate) fn offer(row: offers::Model) -> Result<Offer, PortError> {
    const T: &str = "offers";
    let topic = TopicColumns {
        area_id: row.area_id,
        aspects: row.aspects,
        description: row.description,
        modes: row.modes,
        rank: row.rank,
    };
    Ok(Offer {
        id: OfferId::from_uuid(row.id),
        group_id: GroupId::from_uuid(row.group_id),
        member_id: MemberId::from_uuid(row.member_id),
        topic: topic.topic(T)?,
        capacity: Capacity::new(i64::from(row.capacity)).checked(T)?,
        travel_radius: row
            .travel_radius_km
            .map(TravelRadius::new)
            .transpose()
            .checked(T)?,
        status: OfferStatus::parse(&row.status).checked(T)?,
        version: version(T, row.version)?,
        created_at: time_of(T, row.created_at)?,
    })
}

pub(crate) fn need_row(need: &Need) -> needs::Model {
    let topic = TopicColumns::of(&need.topic);
    needs::Model {
        id: need.id.as_uuid(),
        group_id: need.group_id.as_uuid(),
        member_id: need.member_id.as_uuid(),
        area_id: topic.area_id,
        aspects: topic.aspects,
        description: topic.description,
        modes: topic.modes,
        rank: topic.rank,
        status: need.status.as_str().to_owned(),
        version: version_column(need.version),
        created_at: micros(need.created_at),
    }
}

pub(crate) fn need(row: needs::Model) -> Result<Need, PortError> {
    const T: &str = "needs";
    let topic = TopicColumns {
        area_id: row.area_id,
        aspects: row.aspects,
        description: row.description,
        modes: row.modes,
        rank: row.rank,
    };
    Ok(Need {
        id: NeedId::from_uuid(row.id),
        group_id: GroupId::from_uuid(row.group_id),
        member_id: MemberId::from_uuid(row.member_id),
        topic: topic.topic(T)?,
        status: NeedStatus::parse(&row.status).checked(T)?,
        version: version(T, row.version)?,
        created_at: time_of(T, row.created_at)?,
    })
}

/// Offers others see (the core's `Offer::is_visible`): active, of an active member. For queries
/// joined to the offer's member.
pub(crate) fn visible_offers() -> Condition {
    Condition::all()
        .add(offers::Column::Status.eq(OfferStatus::Active.as_str()))
        .add(members::Column::Status.eq(MemberStatus::Active.as_str()))
}

/// Needs the area summary counts (the core's `Need::is_counted`): open, of an active member. For
/// queries joined to the need's member.
pub(crate) fn counted_needs() -> Condition {
    Condition::all()
        .add(needs::Column::Status.eq(NeedStatus::Open.as_str()))
        .add(members::Column::Status.eq(MemberStatus::Active.as_str()))
}

/// Whether any request of the group names `id` in `column` (its offer or its need).
async fn referred_by_requests(
    tx: &SqlTransaction,
    group_id: GroupId,
    column: requests::Column,
    id: Uuid,
) -> Result<bool, PortError> {
    requests::Entity::find()
        .filter(requests::Column::GroupId.eq(group_id.as_uuid()))
        .filter(column.eq(id))
        .count(tx.db()?)
        .await
        .map(|n| n > 0)
        .map_err(failed("failed to count requests"))
}

#[async_trait]
impl OffersAndNeeds for SqlTransaction {
    #[tracing::instrument(level = "debug", skip_all)]
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
            ..offer_row(offer)
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

    #[tracing::instrument(level = "debug", skip_all, fields(offers = offers.len()))]
    async fn insert_offers(&mut self, offers: &[Offer]) -> Result<(), PortError> {
        let mut members: Vec<Uuid> = offers.iter().map(|o| o.member_id.as_uuid()).collect();
        members.sort_unstable();
        members.dedup();
        let mut grids = HashMap::with_capacity(members.len());
        for batch in members.chunks(BATCH) {
            let found = members::Entity::find()
                .select_only()
                .column(members::Column::Id)
                .column(members::Column::Grid)
                .filter(members::Column::Id.is_in(batch.iter().copied()))
                .into_tuple::<(Uuid, Option<i32>)>()
                .all(self.db()?)
                .await
                .map_err(failed("failed to read members' places"))?;
            grids.extend(found);
        }
        let rows: Vec<offers::Model> = offers
            .iter()
            .map(|offer| offers::Model {
                grid: grids.get(&offer.member_id.as_uuid()).copied().flatten(),
                ..offer_row(offer)
            })
            .collect();
        insert_batches::<offers::Entity>(
            self.db()?,
            rows,
            "failed to insert offers",
            "an offer with this id",
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn offer(&mut self, group_id: GroupId, id: OfferId) -> Result<Option<Offer>, PortError> {
        offers::Entity::find_by_id(id.as_uuid())
            .filter(offers::Column::GroupId.eq(group_id.as_uuid()))
            .one(self.db()?)
            .await
            .map_err(failed("failed to read an offer"))?
            .map(offer)
            .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all)]
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
            .map(offer)
            .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn offers_of(
        &mut self,
        group_id: GroupId,
        member_id: MemberId,
    ) -> Result<Vec<Offer>, PortError> {
        rows_of::<offers::Entity>(self.db()?, group_id, &[member_id])
            .await?
            .into_iter()
            .map(offer)
            .collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(members = member_ids.len()))]
    async fn offers_of_members(
        &mut self,
        group_id: GroupId,
        member_ids: &[MemberId],
    ) -> Result<Vec<Offer>, PortError> {
        rows_of::<offers::Entity>(self.db()?, group_id, member_ids)
            .await?
            .into_iter()
            .map(offer)
            .collect()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn update_offer(&mut self, offer: &Offer) -> Result<(), PortError> {
        compare_and_set!(
            self,
            offers,
            offer_columns(offer),
            offer.id.as_uuid(),
            offer.version,
            "offer"
        )
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn delete_offer(&mut self, group_id: GroupId, id: OfferId) -> Result<(), PortError> {
        offers::Entity::delete_many()
            .filter(offers::Column::Id.eq(id.as_uuid()))
            .filter(offers::Column::GroupId.eq(group_id.as_uuid()))
            .exec(self.db()?)
            .await
            .map_err(failed("failed to delete an offer"))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn offer_has_requests(
        &mut self,
        group_id: GroupId,
        id: OfferId,
    ) -> Result<bool, PortError> {
        referred_by_requests(self, group_id, requests::Column::OfferId, id.as_uuid()).await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn insert_need(&mut self, need: &Need) -> Result<(), PortError> {
        needs::Entity::insert(need_row(need).into_active_model())
            .exec_without_returning(self.db()?)
            .await
            .map_err(write_failed(
                "failed to insert a need",
                "a need with this id",
            ))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(needs = needs.len()))]
    async fn insert_needs(&mut self, needs: &[Need]) -> Result<(), PortError> {
        insert_batches::<needs::Entity>(
            self.db()?,
            needs.iter().map(need_row),
            "failed to insert needs",
            "a need with this id",
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn need(&mut self, group_id: GroupId, id: NeedId) -> Result<Option<Need>, PortError> {
        needs::Entity::find_by_id(id.as_uuid())
            .filter(needs::Column::GroupId.eq(group_id.as_uuid()))
            .one(self.db()?)
            .await
            .map_err(failed("failed to read a need"))?
            .map(need)
            .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn needs_of(
        &mut self,
        group_id: GroupId,
        member_id: MemberId,
    ) -> Result<Vec<Need>, PortError> {
        rows_of::<needs::Entity>(self.db()?, group_id, &[member_id])
            .await?
            .into_iter()
            .map(need)
            .collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(members = member_ids.len()))]
    async fn needs_of_members(
        &mut self,
        group_id: GroupId,
        member_ids: &[MemberId],
    ) -> Result<Vec<Need>, PortError> {
        rows_of::<needs::Entity>(self.db()?, group_id, member_ids)
            .await?
            .into_iter()
            .map(need)
            .collect()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn update_need(&mut self, need: &Need) -> Result<(), PortError> {
        compare_and_set!(
            self,
            needs,
            changes(need_row(need)),
            need.id.as_uuid(),
            need.version,
            "need"
        )
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn delete_need(&mut self, group_id: GroupId, id: NeedId) -> Result<(), PortError> {
        needs::Entity::delete_many()
            .filter(needs::Column::Id.eq(id.as_uuid()))
            .filter(needs::Column::GroupId.eq(group_id.as_uuid()))
            .exec(self.db()?)
            .await
            .map_err(failed("failed to delete a need"))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn need_has_requests(
        &mut self,
        group_id: GroupId,
        id: NeedId,
    ) -> Result<bool, PortError> {
        referred_by_requests(self, group_id, requests::Column::NeedId, id.as_uuid()).await
    }
}
