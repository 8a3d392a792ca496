//! Support requests on the database: the tables, their rows and their queries.

use crate::rows::*;
use crate::transaction::*;
use async_trait::async_trait;
use collaborate_core::PortError;
use collaborate_core::groups::SeekerLoad;
use collaborate_core::paging::PageRequest;
use collaborate_core::requests::*;
use collaborate_core::values::*;
use sea_orm::sea_query::{IntoCondition, LockBehavior, LockType};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use time::OffsetDateTime;

/// The tables of this part, as SeaORM entities: they never leave this crate.
pub(crate) mod tables {
    pub(crate) mod requests {
        //! Support request rows with their feedback.
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
        #[sea_orm(table_name = "requests")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub id: Uuid,
            pub group_id: Uuid,
            pub offer_id: Uuid,
            pub area_id: Uuid,
            pub seeker_id: Uuid,
            pub helper_id: Uuid,
            pub need_id: Option<Uuid>,
            pub message: String,
            pub mode: String,
            pub status: String,
            pub created_at: i64,
            pub expires_at: i64,
            pub updated_at: i64,
            pub answered_at: Option<i64>,
            pub rating: Option<i32>,
            pub comment: Option<String>,
            pub feedback_at: Option<i64>,
            pub helper_reminded_at: Option<i64>,
            pub seeker_reminded_at: Option<i64>,
            pub need_answer: Option<String>,
            pub need_answered_at: Option<i64>,
            pub proposal_id: Option<Uuid>,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}

use tables::requests;

pub(crate) fn request_row(request: &SupportRequest) -> requests::Model {
    let feedback = request.feedback.as_ref();
    requests::Model {
        id: request.id.as_uuid(),
        group_id: request.group_id.as_uuid(),
        offer_id: request.offer_id.as_uuid(),
        area_id: request.area_id.as_uuid(),
        seeker_id: request.seeker_id.as_uuid(),
        helper_id: request.helper_id.as_uuid(),
        need_id: request.need_id.map(|n| n.as_uuid()),
        message: request.message.as_str().to_owned(),
        mode: request.mode.as_str().to_owned(),
        status: request.status.as_str().to_owned(),
        created_at: micros(request.created_at),
        expires_at: micros(request.expires_at),
        updated_at: micros(request.updated_at),
        answered_at: request.answered_at.map(micros),
        rating: feedback.map(|f| small(f.rating.get())),
        comment: feedback
            .and_then(|f| f.comment.as_ref())
            .map(|c| c.as_str().to_owned()),
        feedback_at: feedback.map(|f| micros(f.given_at)),
        helper_reminded_at: request.reminded.helper.map(micros),
        seeker_reminded_at: request.reminded.seeker.map(micros),
        need_answer: request.need_answer.map(|(a, _)| a.as_str().to_owned()),
        need_answered_at: request.need_answer.map(|(_, at)| micros(at)),
        proposal_id: request.proposal_id.map(|p| p.as_uuid()),
    }
}

pub(crate) fn request(row: requests::Model) -> Result<SupportRequest, PortError> {
    const T: &str = "requests";
    let feedback = match (row.rating, row.feedback_at) {
        (Some(rating), Some(at)) => Some(Feedback {
            rating: Rating::new(i64::from(rating)).checked(T)?,
            comment: optional(T, row.comment, Comment::parse)?,
            given_at: time_of(T, at)?,
        }),
        (None, None) => None,
        _ => {
            return Err(corrupt(
                T,
                "a rating without its time, or a time without its rating",
            ));
        }
    };
    Ok(SupportRequest {
        id: RequestId::from_uuid(row.id),
        group_id: GroupId::from_uuid(row.group_id),
        offer_id: OfferId::from_uuid(row.offer_id),
        area_id: AreaId::from_uuid(row.area_id),
        seeker_id: MemberId::from_uuid(row.seeker_id),
        helper_id: MemberId::from_uuid(row.helper_id),
        need_id: row.need_id.map(NeedId::from_uuid),
        message: Message::parse(&row.message).checked(T)?,
        mode: Mode::parse(&row.mode).checked(T)?,
        status: RequestStatus::parse(&row.status).checked(T)?,
        created_at: time_of(T, row.created_at)?,
        expires_at: time_of(T, row.expires_at)?,
        updated_at: time_of(T, row.updated_at)?,
        answered_at: row.answered_at.map(|t| time_of(T, t)).transpose()?,
        feedback,
        reminded: Reminded {
            helper: row.helper_reminded_at.map(|t| time_of(T, t)).transpose()?,
            seeker: row.seeker_reminded_at.map(|t| time_of(T, t)).transpose()?,
        },
        need_answer: match (row.need_answer, row.need_answered_at) {
            (Some(answer), Some(at)) => {
                Some((NeedAnswer::parse(&answer).checked(T)?, time_of(T, at)?))
            }
            (None, None) => None,
            _ => {
                return Err(corrupt(
                    T,
                    "a need's answer without its time, or a time without it",
                ));
            }
        },
        proposal_id: row.proposal_id.map(ProposalId::from_uuid),
    })
}

/// A capacity-holding request at `now`: accepted, or pending and not yet expired.
pub(crate) fn holds_capacity(now: OffsetDateTime) -> Condition {
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

#[async_trait]
impl Requests for SqlTransaction {
    #[tracing::instrument(level = "debug", skip_all)]
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

    #[tracing::instrument(level = "debug", skip_all)]
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

    #[tracing::instrument(level = "debug", skip_all)]
    async fn seeker_load(
        &mut self,
        group_id: GroupId,
        seeker_id: MemberId,
        since: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<SeekerLoad, PortError> {
        let sent = || {
            requests::Entity::find()
                .filter(requests::Column::GroupId.eq(group_id.as_uuid()))
                .filter(requests::Column::SeekerId.eq(seeker_id.as_uuid()))
        };
        let db = self.db()?;
        let open = sent()
            .filter(holds_capacity(now))
            .count(db)
            .await
            .map_err(failed("failed to count open requests"))?;
        let sent_today = sent()
            .filter(requests::Column::CreatedAt.gt(micros(since)))
            .count(db)
            .await
            .map_err(failed("failed to count recent requests"))?;
        Ok(SeekerLoad {
            open: count(open),
            sent_today: count(sent_today),
        })
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn insert_request(&mut self, request: &SupportRequest) -> Result<(), PortError> {
        requests::Entity::insert(request_row(request).into_active_model())
            .exec_without_returning(self.db()?)
            .await
            .map_err(write_failed(
                "failed to insert a request",
                "a request with this id",
            ))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
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
            .map(request)
            .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn update_request(&mut self, request: &SupportRequest) -> Result<(), PortError> {
        requests::Entity::update_many()
            .set(changes(request_row(request)))
            .filter(requests::Column::Id.eq(request.id.as_uuid()))
            .exec(self.db()?)
            .await
            .map_err(failed("failed to update a request"))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
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
            .map(request)
            .collect()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn overdue_requests(
        &mut self,
        now: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<SupportRequest>, PortError> {
        let mut query = requests::Entity::find()
            .filter(requests::Column::Status.eq(RequestStatus::Pending.as_str()))
            .filter(requests::Column::ExpiresAt.lte(micros(now)));
        if self.locks_rows() {
            query = query.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
        }
        query
            .order_by_asc(requests::Column::ExpiresAt)
            .order_by_asc(requests::Column::Id)
            .limit(u64::from(limit))
            .all(self.db()?)
            .await
            .map_err(failed("failed to find overdue requests"))?
            .into_iter()
            .map(request)
            .collect()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn requests_to_remind(
        &mut self,
        now: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<SupportRequest>, PortError> {
        let waited = |after: time::Duration| requests::Column::CreatedAt.lte(micros(now - after));
        let mut query = requests::Entity::find()
            .filter(requests::Column::Status.eq(RequestStatus::Pending.as_str()))
            .filter(requests::Column::ExpiresAt.gt(micros(now)))
            .filter(
                Condition::any()
                    .add(
                        Condition::all()
                            .add(requests::Column::HelperRemindedAt.is_null())
                            .add(waited(REMIND_HELPER_AFTER)),
                    )
                    .add(
                        Condition::all()
                            .add(requests::Column::SeekerRemindedAt.is_null())
                            .add(waited(REMIND_SEEKER_AFTER)),
                    ),
            );
        if self.locks_rows() {
            query = query.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
        }
        query
            .order_by_asc(requests::Column::CreatedAt)
            .order_by_asc(requests::Column::Id)
            .limit(u64::from(limit))
            .all(self.db()?)
            .await
            .map_err(failed("failed to find requests to remind"))?
            .into_iter()
            .map(request)
            .collect()
    }
}
