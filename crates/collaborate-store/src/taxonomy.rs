//! Areas and organisations on the database: the tables, their rows and their queries.

use crate::offers::{counted_needs, tables::needs, tables::offers, visible_offers};
use crate::requests::tables::requests;
use crate::rows::*;
use crate::transaction::*;
use async_trait::async_trait;
use collaborate_core::PortError;
use collaborate_core::taxonomy::*;
use collaborate_core::values::*;
use sea_orm::{
    ColumnTrait, EntityTrait, IntoActiveModel, JoinType, PaginatorTrait, QueryFilter, QuerySelect,
    RelationTrait,
};
use uuid::Uuid;

/// The tables of this part, as SeaORM entities: they never leave this crate.
pub(crate) mod tables {
    pub(crate) mod organisations {
        //! Organisation rows.
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
        #[sea_orm(table_name = "organisations")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub id: Uuid,
            pub group_id: Uuid,
            pub name: String,
            pub name_key: String,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    pub(crate) mod areas {
        //! Area rows; aspects as a JSON array.
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
        #[sea_orm(table_name = "areas")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub id: Uuid,
            pub group_id: Uuid,
            pub name: String,
            pub name_key: String,
            pub description: Option<String>,
            pub aspects: String,
            pub archived: bool,
            pub version: i32,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}

use tables::{areas, organisations};

pub(crate) fn organisation_row(organisation: &Organisation) -> organisations::Model {
    organisations::Model {
        id: organisation.id.as_uuid(),
        group_id: organisation.group_id.as_uuid(),
        name: organisation.name.as_str().to_owned(),
        name_key: organisation.name.key(),
    }
}

pub(crate) fn organisation(row: organisations::Model) -> Result<Organisation, PortError> {
    Ok(Organisation {
        id: OrganisationId::from_uuid(row.id),
        group_id: GroupId::from_uuid(row.group_id),
        name: Name::parse(&row.name).checked("organisations")?,
    })
}

pub(crate) fn area_row(area: &Area) -> areas::Model {
    areas::Model {
        id: area.id.as_uuid(),
        group_id: area.group_id.as_uuid(),
        name: area.name.as_str().to_owned(),
        name_key: area.name.key(),
        description: area.description.as_ref().map(|d| d.as_str().to_owned()),
        aspects: aspects_column(&area.aspects),
        archived: area.archived,
        version: version_column(area.version),
    }
}

pub(crate) fn area(row: areas::Model) -> Result<Area, PortError> {
    const T: &str = "areas";
    Ok(Area {
        id: AreaId::from_uuid(row.id),
        group_id: GroupId::from_uuid(row.group_id),
        name: Name::parse(&row.name).checked(T)?,
        description: optional(T, row.description, Description::parse)?,
        aspects: aspects(T, &row.aspects)?,
        archived: row.archived,
        version: version(T, row.version)?,
    })
}

#[async_trait]
impl Taxonomy for SqlTransaction {
    #[tracing::instrument(level = "debug", skip_all)]
    async fn insert_area(&mut self, area: &Area) -> Result<(), PortError> {
        areas::Entity::insert(area_row(area).into_active_model())
            .exec_without_returning(self.db()?)
            .await
            .map_err(write_failed(
                "failed to insert an area",
                "an area with this name",
            ))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
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
            .map(area)
            .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn areas(&mut self, group_id: GroupId) -> Result<Vec<Area>, PortError> {
        let mut areas: Vec<Area> = areas::Entity::find()
            .filter(areas::Column::GroupId.eq(group_id.as_uuid()))
            .all(self.db()?)
            .await
            .map_err(failed("failed to list areas"))?
            .into_iter()
            .map(area)
            .collect::<Result<_, _>>()?;
        areas.sort_by_key(|a| (a.name.key(), a.id));
        Ok(areas)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn update_area(&mut self, area: &Area) -> Result<(), PortError> {
        let id = area.id.as_uuid();
        compare_and_set!(
            self,
            areas,
            changes(area_row(area)),
            id,
            area.version,
            "area"
        )
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn delete_area(&mut self, group_id: GroupId, id: AreaId) -> Result<(), PortError> {
        areas::Entity::delete_many()
            .filter(areas::Column::Id.eq(id.as_uuid()))
            .filter(areas::Column::GroupId.eq(group_id.as_uuid()))
            .exec(self.db()?)
            .await
            .map_err(failed("failed to delete an area"))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
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

    #[tracing::instrument(level = "debug", skip_all)]
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
            .map(|raw| crate::rows::aspects("offers", raw))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(aspects
            .iter()
            .filter(|a| used.iter().any(|list| list.contains(a)))
            .cloned()
            .collect())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn area_counts(&mut self, group_id: GroupId) -> Result<Vec<AreaCounts>, PortError> {
        let group = group_id.as_uuid();
        let db = self.db()?;
        let offers: Vec<CountBy> = offers::Entity::find()
            .select_only()
            .column_as(offers::Column::AreaId, "key")
            .column_as(offers::Column::Id.count(), "n")
            .join(JoinType::InnerJoin, offers::Relation::Member.def())
            .filter(offers::Column::GroupId.eq(group))
            .filter(visible_offers())
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
            .filter(counted_needs())
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

    #[tracing::instrument(level = "debug", skip_all)]
    async fn insert_organisation(&mut self, organisation: &Organisation) -> Result<(), PortError> {
        organisations::Entity::insert(organisation_row(organisation).into_active_model())
            .exec_without_returning(self.db()?)
            .await
            .map_err(write_failed(
                "failed to insert an organisation",
                "an organisation with this name",
            ))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
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
            .map(organisation)
            .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn organisations(&mut self, group_id: GroupId) -> Result<Vec<Organisation>, PortError> {
        let mut list: Vec<Organisation> = organisations::Entity::find()
            .filter(organisations::Column::GroupId.eq(group_id.as_uuid()))
            .all(self.db()?)
            .await
            .map_err(failed("failed to list organisations"))?
            .into_iter()
            .map(organisation)
            .collect::<Result<_, _>>()?;
        list.sort_by_key(|o| (o.name.key(), o.id));
        Ok(list)
    }
}
