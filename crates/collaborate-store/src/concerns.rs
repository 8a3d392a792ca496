//! Safeguarding concerns and named leads on the database: the tables, their rows and their
//! queries.

use crate::rows::*;
use crate::transaction::*;
use async_trait::async_trait;
use collaborate_core::PortError;
use collaborate_core::concerns::*;
use collaborate_core::paging::PageRequest;
use collaborate_core::values::*;
use sea_orm::{
    ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

/// The tables of this part, as SeaORM entities: they never leave this crate.
pub(crate) mod tables {
    pub(crate) mod concerns {
        //! Concern rows.
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
        #[sea_orm(table_name = "concerns")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub id: Uuid,
            pub group_id: Uuid,
            pub raised_by: Uuid,
            pub about_kind: String,
            pub about_id: Uuid,
            pub concerning: Uuid,
            pub text: String,
            pub status: String,
            pub raised_at: i64,
            pub steps: String,
            pub version: i32,
            pub recipients: String,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    pub(crate) mod safeguarding_leads {
        //! The members an admin named as safeguarding leads.
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
        #[sea_orm(table_name = "safeguarding_leads")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub group_id: Uuid,
            #[sea_orm(primary_key, auto_increment = false)]
            pub member_id: Uuid,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}

use tables::{concerns, safeguarding_leads};

const REQUEST: &str = "request";
const MEMBER: &str = "member";
const PEER_ASSIST: &str = "peer_assist";

fn concern_row(concern: &Concern) -> Result<concerns::Model, PortError> {
    let (about_kind, about_id) = match concern.about {
        ConcernAbout::Request(id) => (REQUEST, id.as_uuid()),
        ConcernAbout::Member(id) => (MEMBER, id.as_uuid()),
        ConcernAbout::PeerAssist(id) => (PEER_ASSIST, id.as_uuid()),
    };
    Ok(concerns::Model {
        id: concern.id.as_uuid(),
        group_id: concern.group_id.as_uuid(),
        raised_by: concern.raised_by.as_uuid(),
        about_kind: about_kind.to_owned(),
        about_id,
        concerning: concern.concerning.as_uuid(),
        text: concern.text.as_str().to_owned(),
        status: concern.status.as_str().to_owned(),
        raised_at: micros(concern.raised_at),
        steps: serde_json::to_string(&concern.steps)
            .map_err(|e| PortError::failed("failed to write a concern's steps", e))?,
        version: version_column(concern.version),
        recipients: serde_json::to_string(&concern.recipients)
            .map_err(|e| PortError::failed("failed to write a concern's recipients", e))?,
    })
}

fn concern(row: concerns::Model) -> Result<Concern, PortError> {
    const T: &str = "concerns";
    let about = match row.about_kind.as_str() {
        REQUEST => ConcernAbout::Request(RequestId::from_uuid(row.about_id)),
        MEMBER => ConcernAbout::Member(MemberId::from_uuid(row.about_id)),
        PEER_ASSIST => ConcernAbout::PeerAssist(PeerAssistId::from_uuid(row.about_id)),
        other => return Err(corrupt(T, format!("it is about a \"{other}\""))),
    };
    Ok(Concern {
        id: ConcernId::from_uuid(row.id),
        group_id: GroupId::from_uuid(row.group_id),
        raised_by: MemberId::from_uuid(row.raised_by),
        about,
        concerning: MemberId::from_uuid(row.concerning),
        text: ConcernText::parse(&row.text).checked(T)?,
        status: ConcernStatus::parse(&row.status).checked(T)?,
        raised_at: time_of(T, row.raised_at)?,
        steps: serde_json::from_str(&row.steps).checked(T)?,
        version: version(T, row.version)?,
        recipients: serde_json::from_str(&row.recipients).checked(T)?,
    })
}

#[async_trait]
impl Concerns for SqlTransaction {
    #[tracing::instrument(level = "debug", skip_all)]
    async fn insert_concern(&mut self, concern: &Concern) -> Result<(), PortError> {
        concerns::Entity::insert(concern_row(concern)?.into_active_model())
            .exec_without_returning(self.db()?)
            .await
            .map_err(write_failed(
                "failed to insert a concern",
                "a concern with this id",
            ))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn concern(
        &mut self,
        group_id: GroupId,
        id: ConcernId,
    ) -> Result<Option<Concern>, PortError> {
        concerns::Entity::find_by_id(id.as_uuid())
            .filter(concerns::Column::GroupId.eq(group_id.as_uuid()))
            .one(self.db()?)
            .await
            .map_err(failed("failed to read a concern"))?
            .map(concern)
            .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn update_concern(&mut self, updated: &Concern) -> Result<(), PortError> {
        compare_and_set!(
            self,
            concerns,
            changes(concern_row(updated)?),
            updated.id.as_uuid(),
            updated.version,
            "concern"
        )
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn concerns(
        &mut self,
        group_id: GroupId,
        filter: &ConcernFilter,
        page: PageRequest,
    ) -> Result<Vec<Concern>, PortError> {
        let mut query =
            concerns::Entity::find().filter(concerns::Column::GroupId.eq(group_id.as_uuid()));
        if let Some(status) = filter.status {
            query = query.filter(concerns::Column::Status.eq(status.as_str()));
        }
        if let Some(raiser) = filter.raised_by {
            query = query.filter(concerns::Column::RaisedBy.eq(raiser.as_uuid()));
        }
        if let Some(lead) = filter.seen_by {
            query = query.filter(concerns::Column::Concerning.ne(lead.as_uuid()));
        }
        if let Some(member) = filter.kept_by {
            // The recipients are a JSON list of ids, each quoted: an id matches only itself.
            query = query
                .filter(concerns::Column::Concerning.ne(member.as_uuid()))
                .filter(concerns::Column::Recipients.contains(format!("\"{}\"", member.as_uuid())));
        }
        if let Some(after) = page.after {
            query = query.filter(concerns::Column::Id.gt(after.id()));
        }
        query
            .order_by_asc(concerns::Column::Id)
            .limit(u64::try_from(page.fetch_size()).unwrap_or(u64::MAX))
            .all(self.db()?)
            .await
            .map_err(failed("failed to list concerns"))?
            .into_iter()
            .map(concern)
            .collect()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn count_open_concerns_raised_by(
        &mut self,
        group_id: GroupId,
        member: MemberId,
    ) -> Result<u32, PortError> {
        let open = concerns::Entity::find()
            .filter(concerns::Column::GroupId.eq(group_id.as_uuid()))
            .filter(concerns::Column::RaisedBy.eq(member.as_uuid()))
            .filter(concerns::Column::Status.eq(ConcernStatus::Open.as_str()))
            .count(self.db()?)
            .await
            .map_err(failed("failed to count concerns"))?;
        Ok(count(open))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn named_leads(&mut self, group_id: GroupId) -> Result<Vec<MemberId>, PortError> {
        Ok(safeguarding_leads::Entity::find()
            .filter(safeguarding_leads::Column::GroupId.eq(group_id.as_uuid()))
            .order_by_asc(safeguarding_leads::Column::MemberId)
            .all(self.db()?)
            .await
            .map_err(failed("failed to list safeguarding leads"))?
            .into_iter()
            .map(|row| MemberId::from_uuid(row.member_id))
            .collect())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn set_named_lead(
        &mut self,
        group_id: GroupId,
        member: MemberId,
        named: bool,
    ) -> Result<(), PortError> {
        let key = (group_id.as_uuid(), member.as_uuid());
        if named {
            let row = safeguarding_leads::Model {
                group_id: key.0,
                member_id: key.1,
            };
            safeguarding_leads::Entity::insert(row.into_active_model())
                .on_conflict_do_nothing()
                .exec_without_returning(self.db()?)
                .await
                .map_err(failed("failed to name a safeguarding lead"))?;
        } else {
            safeguarding_leads::Entity::delete_by_id(key)
                .exec(self.db()?)
                .await
                .map_err(failed("failed to unname a safeguarding lead"))?;
        }
        Ok(())
    }
}
