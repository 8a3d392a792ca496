//! Matching proposals on the database: one row each, what was asked in columns, the assignments
//! and the unmatched needs as JSON; and the two reads a proposal is made from.

use crate::offers::tables::needs;
use crate::offers::{counted_needs, need};
use crate::requests::holds_capacity;
use crate::requests::tables::requests;
use crate::rows::*;
use crate::transaction::*;
use async_trait::async_trait;
use collaborate_core::PortError;
use collaborate_core::matching::{MatchingAsk, OpenRequest, Proposal, Proposals};
use collaborate_core::offers::Need;
use collaborate_core::values::*;
use sea_orm::{
    ColumnTrait, EntityTrait, IntoActiveModel, JoinType, QueryFilter, QueryOrder, QuerySelect,
    RelationTrait,
};
use std::collections::BTreeSet;
use time::OffsetDateTime;
use uuid::Uuid;

/// The tables of this part, as SeaORM entities: they never leave this crate.
pub(crate) mod tables {
    pub(crate) mod matching_proposals {
        //! Proposal rows.
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
        #[sea_orm(table_name = "matching_proposals")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub id: Uuid,
            pub group_id: Uuid,
            pub made_by: Uuid,
            pub made_at: i64,
            pub areas: String,
            pub max_distance_km: Option<i32>,
            pub assignments: String,
            pub unmatched: String,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}

use tables::matching_proposals;

const T: &str = "matching_proposals";

fn proposal_row(proposal: &Proposal) -> Result<matching_proposals::Model, PortError> {
    let json = |value: Result<String, serde_json::Error>| {
        value.map_err(|e| PortError::failed("failed to write a matching proposal", e))
    };
    Ok(matching_proposals::Model {
        id: proposal.id.as_uuid(),
        group_id: proposal.group_id.as_uuid(),
        made_by: proposal.made_by.as_uuid(),
        made_at: micros(proposal.made_at),
        areas: json(serde_json::to_string(&proposal.ask.areas))?,
        max_distance_km: proposal.ask.max_distance.map(|d| small(d.get())),
        assignments: json(serde_json::to_string(&proposal.assignments))?,
        unmatched: json(serde_json::to_string(&proposal.unmatched))?,
    })
}

fn proposal(row: matching_proposals::Model) -> Result<Proposal, PortError> {
    Ok(Proposal {
        id: ProposalId::from_uuid(row.id),
        group_id: GroupId::from_uuid(row.group_id),
        made_by: MemberId::from_uuid(row.made_by),
        made_at: time_of(T, row.made_at)?,
        ask: MatchingAsk {
            areas: serde_json::from_str(&row.areas).checked(T)?,
            max_distance: row
                .max_distance_km
                .map(|d| MatchDistance::new(i64::from(d)))
                .transpose()
                .checked(T)?,
        },
        assignments: serde_json::from_str(&row.assignments).checked(T)?,
        unmatched: serde_json::from_str(&row.unmatched).checked(T)?,
    })
}

#[async_trait]
impl Proposals for SqlTransaction {
    #[tracing::instrument(level = "debug", skip_all)]
    async fn open_needs(
        &mut self,
        group_id: GroupId,
        areas: &BTreeSet<AreaId>,
    ) -> Result<Vec<Need>, PortError> {
        let mut query = needs::Entity::find()
            .join(JoinType::InnerJoin, needs::Relation::Member.def())
            .filter(needs::Column::GroupId.eq(group_id.as_uuid()))
            .filter(counted_needs());
        if !areas.is_empty() {
            query = query.filter(needs::Column::AreaId.is_in(areas.iter().map(AreaId::as_uuid)));
        }
        query
            .order_by_asc(needs::Column::Id)
            .all(self.db()?)
            .await
            .map_err(failed("failed to read the open needs"))?
            .into_iter()
            .map(need)
            .collect()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn open_requests_in(
        &mut self,
        group_id: GroupId,
        now: OffsetDateTime,
    ) -> Result<Vec<OpenRequest>, PortError> {
        let rows: Vec<(Uuid, Uuid, Option<Uuid>)> = requests::Entity::find()
            .select_only()
            .column(requests::Column::SeekerId)
            .column(requests::Column::OfferId)
            .column(requests::Column::NeedId)
            .filter(requests::Column::GroupId.eq(group_id.as_uuid()))
            .filter(holds_capacity(now))
            .into_tuple()
            .all(self.db()?)
            .await
            .map_err(failed("failed to read the open requests"))?;
        Ok(rows
            .into_iter()
            .map(|(seeker, offer, need)| OpenRequest {
                seeker_id: MemberId::from_uuid(seeker),
                offer_id: OfferId::from_uuid(offer),
                need_id: need.map(NeedId::from_uuid),
            })
            .collect())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn insert_proposal(&mut self, proposal: &Proposal) -> Result<(), PortError> {
        matching_proposals::Entity::insert(proposal_row(proposal)?.into_active_model())
            .exec_without_returning(self.db()?)
            .await
            .map_err(write_failed(
                "failed to insert a matching proposal",
                "a proposal with this id",
            ))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn proposal(
        &mut self,
        group_id: GroupId,
        id: ProposalId,
    ) -> Result<Option<Proposal>, PortError> {
        let mut query = matching_proposals::Entity::find_by_id(id.as_uuid())
            .filter(matching_proposals::Column::GroupId.eq(group_id.as_uuid()));
        // Two confirmations of one proposal: the second waits, then finds it confirmed.
        if self.locks_rows() {
            query = query.lock_exclusive();
        }
        query
            .one(self.db()?)
            .await
            .map_err(failed("failed to read a matching proposal"))?
            .map(proposal)
            .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn update_proposal(&mut self, updated: &Proposal) -> Result<(), PortError> {
        let result = matching_proposals::Entity::update_many()
            .set(changes(proposal_row(updated)?))
            .filter(matching_proposals::Column::Id.eq(updated.id.as_uuid()))
            .filter(matching_proposals::Column::GroupId.eq(updated.group_id.as_uuid()))
            .exec(self.db()?)
            .await
            .map_err(failed("failed to update a matching proposal"))?;
        if result.rows_affected == 0 {
            return Err(PortError::Stale("proposal"));
        }
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn latest_proposals(
        &mut self,
        group_id: GroupId,
        limit: u32,
    ) -> Result<Vec<Proposal>, PortError> {
        matching_proposals::Entity::find()
            .filter(matching_proposals::Column::GroupId.eq(group_id.as_uuid()))
            .order_by_desc(matching_proposals::Column::Id)
            .limit(u64::from(limit))
            .all(self.db()?)
            .await
            .map_err(failed("failed to list matching proposals"))?
            .into_iter()
            .map(proposal)
            .collect()
    }
}
