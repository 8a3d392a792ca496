//! Peer Assists and their lessons on the database: the tables, their rows and their queries.
//!
//! A Peer Assist is one row with a JSON body; who is in it, and how, is rewritten into
//! `peer_assist_people` with every write, so that a member's Peer Assists and how often each
//! member was asked are read through an index rather than from every body of the group.

use crate::groups::tables::members;
use crate::offers::tables::{needs, offers};
use crate::offers::{counted_needs, visible_offers};
use crate::requests::tables::requests;
use crate::rows::*;
use crate::transaction::*;
use async_trait::async_trait;
use collaborate_core::PortError;
use collaborate_core::paging::PageRequest;
use collaborate_core::peer_assists::*;
use collaborate_core::values::*;
use sea_orm::sea_query::{LockBehavior, LockType, Query};
use sea_orm::{
    ColumnTrait, EntityTrait, IntoActiveModel, JoinType, QueryFilter, QueryOrder, QuerySelect,
    RelationTrait,
};
use std::collections::{BTreeMap, BTreeSet};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// The tables of this part, as SeaORM entities: they never leave this crate.
pub(crate) mod tables {
    pub(crate) mod peer_assists {
        //! Peer Assist rows: what is queried in columns, the rest in the JSON `body`.
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
        #[sea_orm(table_name = "peer_assists")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub id: Uuid,
            pub group_id: Uuid,
            pub convenor: Uuid,
            pub status: String,
            /// When the meeting starts, for queries by date; the body holds the meeting whole.
            pub starts_at: i64,
            pub created_at: i64,
            pub updated_at: i64,
            pub version: i32,
            /// The Julian day of the earliest due date among the open actions with an owner who
            /// has not had both reminders.
            pub next_action_due: Option<i32>,
            pub body: String,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    pub(crate) mod peer_assist_people {
        //! Who is in each Peer Assist and how: a copy of its body, rewritten with every write.
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
        #[sea_orm(table_name = "peer_assist_people")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub peer_assist_id: Uuid,
            #[sea_orm(primary_key, auto_increment = false)]
            pub member_id: Uuid,
            #[sea_orm(primary_key, auto_increment = false)]
            pub role: String,
            pub group_id: Uuid,
            /// The invitee's answer; none for the convenor.
            pub status: Option<String>,
            /// When the invitee was invited; none for the convenor.
            pub invited_at: Option<i64>,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {
            #[sea_orm(
                belongs_to = "super::peer_assists::Entity",
                from = "Column::PeerAssistId",
                to = "super::peer_assists::Column::Id"
            )]
            PeerAssist,
        }

        impl Related<super::peer_assists::Entity> for Entity {
            fn to() -> RelationDef {
                Relation::PeerAssist.def()
            }
        }

        impl ActiveModelBehavior for ActiveModel {}
    }

    pub(crate) mod lessons {
        //! Published lessons; their areas as a JSON list of ids.
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
        #[sea_orm(table_name = "lessons")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub id: Uuid,
            pub group_id: Uuid,
            pub peer_assist_id: Uuid,
            pub convenor: Uuid,
            pub title: String,
            pub summary: String,
            pub insights: String,
            pub actions_taken: String,
            pub published_at: i64,
            pub areas: String,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    pub(crate) mod lesson_areas {
        //! The areas of each lesson, by which the group finds it: a copy of `lessons.areas`,
        //! written with the lesson (lessons never change) and removed with it.
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
        #[sea_orm(table_name = "lesson_areas")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub lesson_id: Uuid,
            #[sea_orm(primary_key, auto_increment = false)]
            pub area_id: Uuid,
            pub group_id: Uuid,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}

use tables::{lesson_areas, lessons, peer_assist_people as people, peer_assists};

/// What a Peer Assist's `body` holds: everything of it that no query looks into.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    brief: Option<Brief>,
    areas: BTreeSet<AreaId>,
    meeting: Meeting,
    facilitator: Option<Invitee>,
    participants: Vec<Invitee>,
    phases: BTreeMap<Phase, PhaseNote>,
    actions: Vec<Action>,
    updates: Vec<Update>,
    agenda: Option<Agenda>,
}

/// The day a reminder of one of its actions may next be due: the earliest due date among the
/// open actions with an owner who has not had both reminders.
fn next_action_due(peer_assist: &PeerAssist) -> Option<i32> {
    peer_assist
        .actions
        .iter()
        .filter(|a| {
            a.status == ActionStatus::Open
                && a.owner.is_some()
                && !(a.reminded.due_soon && a.reminded.overdue)
        })
        .map(|a| a.due_on.to_julian_day())
        .min()
}

fn peer_assist_row(peer_assist: &PeerAssist) -> Result<peer_assists::Model, PortError> {
    let body = Body {
        brief: peer_assist.brief.clone(),
        areas: peer_assist.areas.clone(),
        meeting: peer_assist.meeting.clone(),
        facilitator: peer_assist.facilitator.clone(),
        participants: peer_assist.participants.clone(),
        phases: peer_assist.phases.clone(),
        actions: peer_assist.actions.clone(),
        updates: peer_assist.updates.clone(),
        agenda: peer_assist.agenda.clone(),
    };
    Ok(peer_assists::Model {
        id: peer_assist.id.as_uuid(),
        group_id: peer_assist.group_id.as_uuid(),
        convenor: peer_assist.convenor.as_uuid(),
        status: peer_assist.status.as_str().to_owned(),
        starts_at: micros(peer_assist.meeting.starts_at),
        created_at: micros(peer_assist.created_at),
        updated_at: micros(peer_assist.updated_at),
        version: version_column(peer_assist.version),
        next_action_due: next_action_due(peer_assist),
        body: serde_json::to_string(&body)
            .map_err(|e| PortError::failed("failed to write a Peer Assist", e))?,
    })
}

fn peer_assist(row: peer_assists::Model) -> Result<PeerAssist, PortError> {
    const T: &str = "peer_assists";
    let body: Body = serde_json::from_str(&row.body).checked(T)?;
    Ok(PeerAssist {
        id: PeerAssistId::from_uuid(row.id),
        group_id: GroupId::from_uuid(row.group_id),
        convenor: MemberId::from_uuid(row.convenor),
        brief: body.brief,
        areas: body.areas,
        meeting: body.meeting,
        facilitator: body.facilitator,
        participants: body.participants,
        phases: body.phases,
        actions: body.actions,
        updates: body.updates,
        agenda: body.agenda,
        status: PeerAssistStatus::parse(&row.status).checked(T)?,
        created_at: time_of(T, row.created_at)?,
        updated_at: time_of(T, row.updated_at)?,
        version: version(T, row.version)?,
    })
}

/// Who is in `peer_assist` and how: the convenor, the facilitator and each participant.
fn people_rows(peer_assist: &PeerAssist) -> Vec<people::Model> {
    let row = |member: MemberId, role: PeerAssistRole, invitee: Option<&Invitee>| people::Model {
        peer_assist_id: peer_assist.id.as_uuid(),
        member_id: member.as_uuid(),
        role: role.as_str().to_owned(),
        group_id: peer_assist.group_id.as_uuid(),
        status: invitee.map(|i| i.status.as_str().to_owned()),
        invited_at: invitee.map(|i| micros(i.invited_at)),
    };
    let invitees = |role, list: &[Invitee]| {
        list.iter()
            .map(move |i| row(i.member_id, role, Some(i)))
            .collect::<Vec<_>>()
    };
    let mut rows = vec![row(peer_assist.convenor, PeerAssistRole::Convenor, None)];
    rows.extend(invitees(
        PeerAssistRole::Facilitator,
        peer_assist.facilitator.as_slice(),
    ));
    rows.extend(invitees(
        PeerAssistRole::Participant,
        &peer_assist.participants,
    ));
    rows
}

fn lesson_row(lesson: &Lesson) -> Result<lessons::Model, PortError> {
    Ok(lessons::Model {
        id: lesson.id.as_uuid(),
        group_id: lesson.group_id.as_uuid(),
        peer_assist_id: lesson.peer_assist_id.as_uuid(),
        convenor: lesson.convenor.as_uuid(),
        title: lesson.title.as_str().to_owned(),
        summary: lesson.summary.as_str().to_owned(),
        insights: lesson.insights.as_str().to_owned(),
        actions_taken: lesson.actions_taken.as_str().to_owned(),
        published_at: micros(lesson.published_at),
        areas: serde_json::to_string(&lesson.areas)
            .map_err(|e| PortError::failed("failed to write a lesson's areas", e))?,
    })
}

fn lesson(row: lessons::Model) -> Result<Lesson, PortError> {
    const T: &str = "lessons";
    Ok(Lesson {
        id: LessonId::from_uuid(row.id),
        group_id: GroupId::from_uuid(row.group_id),
        peer_assist_id: PeerAssistId::from_uuid(row.peer_assist_id),
        convenor: MemberId::from_uuid(row.convenor),
        areas: serde_json::from_str(&row.areas).checked(T)?,
        title: Title::parse(&row.title).checked(T)?,
        summary: LessonSummary::parse(&row.summary).checked(T)?,
        insights: Insights::parse(&row.insights).checked(T)?,
        actions_taken: ActionsTaken::parse(&row.actions_taken).checked(T)?,
        published_at: time_of(T, row.published_at)?,
    })
}

/// How many rows a page asks for.
fn page_limit(page: PageRequest) -> u64 {
    u64::try_from(page.fetch_size()).unwrap_or(u64::MAX)
}

fn by_member(counted: Vec<CountBy>) -> BTreeMap<MemberId, u32> {
    counts(counted)
        .into_iter()
        .map(|(member, n)| (MemberId::from_uuid(member), n))
        .collect()
}

impl SqlTransaction {
    /// Writes who is in `peer_assist` afresh.
    async fn write_people(&self, peer_assist: &PeerAssist) -> Result<(), PortError> {
        people::Entity::delete_many()
            .filter(people::Column::PeerAssistId.eq(peer_assist.id.as_uuid()))
            .exec(self.db()?)
            .await
            .map_err(failed("failed to clear the people of a Peer Assist"))?;
        insert_batches::<people::Entity>(
            self.db()?,
            people_rows(peer_assist),
            "failed to write the people of a Peer Assist",
            "someone twice in one role of a Peer Assist",
        )
        .await
    }
}

#[async_trait]
impl PeerAssists for SqlTransaction {
    #[tracing::instrument(level = "debug", skip_all)]
    async fn insert_peer_assist(&mut self, peer_assist: &PeerAssist) -> Result<(), PortError> {
        peer_assists::Entity::insert(peer_assist_row(peer_assist)?.into_active_model())
            .exec_without_returning(self.db()?)
            .await
            .map_err(write_failed(
                "failed to insert a Peer Assist",
                "a Peer Assist with this id",
            ))?;
        self.write_people(peer_assist).await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn peer_assist(
        &mut self,
        group_id: GroupId,
        id: PeerAssistId,
    ) -> Result<Option<PeerAssist>, PortError> {
        let mut query = peer_assists::Entity::find_by_id(id.as_uuid())
            .filter(peer_assists::Column::GroupId.eq(group_id.as_uuid()));
        // Its invitees answer at the same moment: each waits for the other's write, rather
        // than finding its version taken.
        if self.locks_rows() {
            query = query.lock_exclusive();
        }
        query
            .one(self.db()?)
            .await
            .map_err(failed("failed to read a Peer Assist"))?
            .map(peer_assist)
            .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn update_peer_assist(&mut self, updated: &PeerAssist) -> Result<(), PortError> {
        compare_and_set!(
            self,
            peer_assists,
            changes(peer_assist_row(updated)?),
            updated.id.as_uuid(),
            updated.version,
            "Peer Assist"
        )?;
        self.write_people(updated).await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn peer_assists(
        &mut self,
        group_id: GroupId,
        filter: &PeerAssistFilter,
        page: PageRequest,
    ) -> Result<Vec<PeerAssist>, PortError> {
        let group = group_id.as_uuid();
        let mut query =
            peer_assists::Entity::find().filter(peer_assists::Column::GroupId.eq(group));
        if let Some(status) = filter.status {
            query = query.filter(peer_assists::Column::Status.eq(status.as_str()));
        }
        match (filter.involving, filter.role) {
            (Some(member), role) => {
                let mut theirs = Query::select()
                    .column(people::Column::PeerAssistId)
                    .from(people::Entity)
                    .and_where(people::Column::GroupId.eq(group))
                    .and_where(people::Column::MemberId.eq(member.as_uuid()))
                    .to_owned();
                if let Some(role) = role {
                    theirs.and_where(people::Column::Role.eq(role.as_str()));
                }
                query = query.filter(peer_assists::Column::Id.in_subquery(theirs));
            }
            // A role is someone's: without the member, the filter admits none.
            (None, Some(_)) => return Ok(Vec::new()),
            (None, None) => {}
        }
        if let Some(after) = page.after {
            query = query.filter(peer_assists::Column::Id.lt(after.id()));
        }
        query
            .order_by_desc(peer_assists::Column::Id)
            .limit(page_limit(page))
            .all(self.db()?)
            .await
            .map_err(failed("failed to list Peer Assists"))?
            .into_iter()
            .map(peer_assist)
            .collect()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn peer_assists_with_actions_due(
        &mut self,
        by: Date,
        limit: usize,
    ) -> Result<Vec<PeerAssist>, PortError> {
        let mut query = peer_assists::Entity::find()
            .filter(peer_assists::Column::NextActionDue.lte(by.to_julian_day()));
        // Another process reminding at the same time takes the others.
        if self.locks_rows() {
            query = query.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
        }
        query
            .order_by_asc(peer_assists::Column::Id)
            .limit(u64::try_from(limit).unwrap_or(u64::MAX))
            .all(self.db()?)
            .await
            .map_err(failed("failed to find actions due"))?
            .into_iter()
            .map(peer_assist)
            .collect()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn asked_lately(
        &mut self,
        group_id: GroupId,
        since: OffsetDateTime,
    ) -> Result<AskedLately, PortError> {
        let (group, since) = (group_id.as_uuid(), micros(since));
        let db = self.db()?;
        let requests: Vec<CountBy> = requests::Entity::find()
            .select_only()
            .column_as(requests::Column::HelperId, "key")
            .column_as(requests::Column::Id.count(), "n")
            .filter(requests::Column::GroupId.eq(group))
            .filter(requests::Column::CreatedAt.gte(since))
            .group_by(requests::Column::HelperId)
            .into_model()
            .all(db)
            .await
            .map_err(failed("failed to count requests received"))?;
        let invitations: Vec<CountBy> = people::Entity::find()
            .select_only()
            .column_as(people::Column::MemberId, "key")
            .column_as(people::Column::PeerAssistId.count(), "n")
            .filter(people::Column::GroupId.eq(group))
            .filter(people::Column::Role.ne(PeerAssistRole::Convenor.as_str()))
            .filter(people::Column::InvitedAt.gte(since))
            .group_by(people::Column::MemberId)
            .into_model()
            .all(db)
            .await
            .map_err(failed("failed to count Peer Assist invitations"))?;
        let held = [PeerAssistStatus::Held, PeerAssistStatus::FollowedUp].map(|s| s.as_str());
        let facilitated: Vec<CountBy> = people::Entity::find()
            .select_only()
            .column_as(people::Column::MemberId, "key")
            .column_as(people::Column::PeerAssistId.count(), "n")
            .join(JoinType::InnerJoin, people::Relation::PeerAssist.def())
            .filter(people::Column::GroupId.eq(group))
            .filter(people::Column::Role.eq(PeerAssistRole::Facilitator.as_str()))
            .filter(peer_assists::Column::Status.is_in(held))
            .group_by(people::Column::MemberId)
            .into_model()
            .all(db)
            .await
            .map_err(failed("failed to count Peer Assists facilitated"))?;
        let helped_before: Vec<Uuid> = requests::Entity::find()
            .select_only()
            .column(requests::Column::HelperId)
            .distinct()
            .filter(requests::Column::GroupId.eq(group))
            .filter(requests::Column::Status.eq(RequestStatus::Completed.as_str()))
            .into_tuple()
            .all(db)
            .await
            .map_err(failed("failed to list helpers"))?;
        Ok(AskedLately {
            requests: by_member(requests),
            invitations: by_member(invitations),
            facilitated: by_member(facilitated),
            helped_before: helped_before.into_iter().map(MemberId::from_uuid).collect(),
        })
    }

    #[tracing::instrument(level = "debug", skip_all, fields(areas = areas.len()))]
    async fn available_in(
        &mut self,
        group_id: GroupId,
        areas: &BTreeSet<AreaId>,
    ) -> Result<Vec<Available>, PortError> {
        const T: &str = "offers";
        if areas.is_empty() {
            return Ok(Vec::new());
        }
        // One statement whatever the count: each visible offer in the areas, with its member's
        // organisation.
        let rows: Vec<(Uuid, Option<Uuid>, Uuid, Option<i32>)> = offers::Entity::find()
            .select_only()
            .column(offers::Column::MemberId)
            .column(members::Column::OrganisationId)
            .column(offers::Column::AreaId)
            .column(offers::Column::Rank)
            .join(JoinType::InnerJoin, offers::Relation::Member.def())
            .filter(offers::Column::GroupId.eq(group_id.as_uuid()))
            .filter(offers::Column::AreaId.is_in(areas.iter().map(AreaId::as_uuid)))
            .filter(visible_offers())
            .order_by_asc(offers::Column::Id)
            .into_tuple()
            .all(self.db()?)
            .await
            .map_err(failed("failed to find members available"))?;
        let mut found: BTreeMap<MemberId, Available> = BTreeMap::new();
        for (member, organisation, area, rank) in rows {
            let member_id = MemberId::from_uuid(member);
            let rank = rank
                .map(|r| Rank::new(i64::from(r)))
                .transpose()
                .checked(T)?;
            found
                .entry(member_id)
                .or_insert_with(|| Available {
                    member_id,
                    organisation_id: organisation.map(OrganisationId::from_uuid),
                    offers: Vec::new(),
                })
                .offers
                .push((AreaId::from_uuid(area), rank));
        }
        Ok(found.into_values().collect())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(areas = areas.len()))]
    async fn members_needing(
        &mut self,
        group_id: GroupId,
        areas: &BTreeSet<AreaId>,
    ) -> Result<Vec<MemberId>, PortError> {
        if areas.is_empty() {
            return Ok(Vec::new());
        }
        let members: Vec<Uuid> = needs::Entity::find()
            .select_only()
            .column(needs::Column::MemberId)
            .distinct()
            .join(JoinType::InnerJoin, needs::Relation::Member.def())
            .filter(needs::Column::GroupId.eq(group_id.as_uuid()))
            .filter(needs::Column::AreaId.is_in(areas.iter().map(AreaId::as_uuid)))
            .filter(counted_needs())
            .order_by_asc(needs::Column::MemberId)
            .into_tuple()
            .all(self.db()?)
            .await
            .map_err(failed("failed to find members in need"))?;
        Ok(members.into_iter().map(MemberId::from_uuid).collect())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn insert_lesson(&mut self, lesson: &Lesson) -> Result<(), PortError> {
        lessons::Entity::insert(lesson_row(lesson)?.into_active_model())
            .exec_without_returning(self.db()?)
            .await
            .map_err(write_failed(
                "failed to insert a lesson",
                "a lesson of this Peer Assist",
            ))?;
        let areas: Vec<lesson_areas::Model> = lesson
            .areas
            .iter()
            .map(|area| lesson_areas::Model {
                lesson_id: lesson.id.as_uuid(),
                area_id: area.as_uuid(),
                group_id: lesson.group_id.as_uuid(),
            })
            .collect();
        insert_batches::<lesson_areas::Entity>(
            self.db()?,
            areas,
            "failed to write the areas of a lesson",
            "an area of a lesson",
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn lesson(
        &mut self,
        group_id: GroupId,
        id: LessonId,
    ) -> Result<Option<Lesson>, PortError> {
        lessons::Entity::find_by_id(id.as_uuid())
            .filter(lessons::Column::GroupId.eq(group_id.as_uuid()))
            .one(self.db()?)
            .await
            .map_err(failed("failed to read a lesson"))?
            .map(lesson)
            .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn lesson_of(
        &mut self,
        group_id: GroupId,
        peer_assist_id: PeerAssistId,
    ) -> Result<Option<Lesson>, PortError> {
        lessons::Entity::find()
            .filter(lessons::Column::GroupId.eq(group_id.as_uuid()))
            .filter(lessons::Column::PeerAssistId.eq(peer_assist_id.as_uuid()))
            .one(self.db()?)
            .await
            .map_err(failed("failed to read a lesson"))?
            .map(lesson)
            .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(areas = areas.len()))]
    async fn lessons(
        &mut self,
        group_id: GroupId,
        areas: &BTreeSet<AreaId>,
        page: PageRequest,
    ) -> Result<Vec<Lesson>, PortError> {
        let group = group_id.as_uuid();
        let mut query = lessons::Entity::find().filter(lessons::Column::GroupId.eq(group));
        if !areas.is_empty() {
            let of_areas = Query::select()
                .column(lesson_areas::Column::LessonId)
                .from(lesson_areas::Entity)
                .and_where(lesson_areas::Column::GroupId.eq(group))
                .and_where(lesson_areas::Column::AreaId.is_in(areas.iter().map(AreaId::as_uuid)))
                .to_owned();
            query = query.filter(lessons::Column::Id.in_subquery(of_areas));
        }
        if let Some(after) = page.after {
            query = query.filter(lessons::Column::Id.lt(after.id()));
        }
        query
            .order_by_desc(lessons::Column::Id)
            .limit(page_limit(page))
            .all(self.db()?)
            .await
            .map_err(failed("failed to list lessons"))?
            .into_iter()
            .map(lesson)
            .collect()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn delete_lessons_of(
        &mut self,
        group_id: GroupId,
        convenor: MemberId,
    ) -> Result<(), PortError> {
        // Their areas go with them (the foreign key cascades).
        lessons::Entity::delete_many()
            .filter(lessons::Column::GroupId.eq(group_id.as_uuid()))
            .filter(lessons::Column::Convenor.eq(convenor.as_uuid()))
            .exec(self.db()?)
            .await
            .map_err(failed("failed to delete lessons"))?;
        Ok(())
    }
}
