//! The candidates of a search on the database: the tables, their rows and their queries.

use crate::groups::tables::members;
use crate::offers::{tables::offers, visible_offers};
use crate::requests::{holds_capacity, tables::requests};
use crate::rows::*;
use crate::taxonomy::{organisation, tables::organisations};
use crate::transaction::*;
use async_trait::async_trait;
use collaborate_core::PortError;
use collaborate_core::search::*;
use collaborate_core::taxonomy::*;
use collaborate_core::values::*;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;
use time::OffsetDateTime;
use uuid::Uuid;

#[async_trait]
impl SearchIndex for SqlTransaction {
    #[tracing::instrument(level = "debug", skip_all)]
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
            .filter(members::Column::GroupId.eq(group))
            .filter(visible_offers());
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
            .map(|row| organisation(row).map(|o| (o.id.as_uuid(), o)))
            .collect::<Result<_, _>>()?;
        let (open, recent) = (counts(open), counts(recent));
        found
            .into_iter()
            .filter_map(|(offer, member)| member.map(|m| (offer, m)))
            .map(|(offer, member)| {
                let offer = crate::offers::offer(offer)?;
                let member = crate::groups::member(member)?;
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
                        approximate_position: member
                            .profile
                            .location
                            .map(|l| l.position.approximate()),
                    },
                })
            })
            .collect()
    }
}
