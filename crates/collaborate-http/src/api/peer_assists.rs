//! Peer Assists: convening, the suggested panel, invitations and answers, scheduling, the
//! meeting's plan and calendar file, the phases' notes, actions, updates and the lesson.

use super::Tag;
use super::concerns::PersonBody;
use super::shared::{
    Answer, Context, created, list_of, maybe, page, path_id, rfc3339, text, version,
};
use crate::auth::Credentials;
use crate::calendar;
use crate::payload::JsonBody;
use collaborate_core::peer_assists::panel::Suggested;
use collaborate_core::peer_assists::{
    ActionChanges, Agenda, AgendaItem, Brief, Invitee, LessonView, Meeting, NewLesson,
    NewPeerAssist, PanelView, PeerAssistChanges, PeerAssistFilter, PeerAssistView,
};
use collaborate_core::ports::Environment;
use collaborate_core::values::{
    ActionId, ActionStatus, ActionText, ActionsTaken, AgendaPart, AreaId, Background,
    DesiredOutcomes, Insights, InvalidValue, LessonSummary, MeetingFormat, MeetingMinutes,
    MemberId, Message, PanelSize, PartMinutes, PeerAssistId, PeerAssistRole, PeerAssistStatus,
    Phase, PhaseNotes, PlaceLabel, Purpose, Title, VideoLink,
};
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::{Json, PlainText};
use poem_openapi::types::MaybeUndefined;
use poem_openapi::{ApiResponse, Object, OpenApi};
use serde::Deserialize;
use std::collections::BTreeSet;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime};

/// The operations on Peer Assists and lessons.
pub struct PeerAssistsApi<E: Environment>(pub(super) Context<E>);

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::PeerAssists")]
impl<E: Environment> PeerAssistsApi<E> {
    /// Convene a Peer Assist, as a draft (contributors: convening is seeking help). `starts_at`
    /// must be at least the group's `peer_assist_min_days_ahead` days ahead.
    #[oai(
        path = "/groups/:group_id/peer-assists",
        method = "post",
        operation_id = "convenePeerAssist"
    )]
    async fn convene(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        body: JsonBody<ConveneInput>,
    ) -> Answer<PeerAssistCreated> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let b = body.0;
        let new = NewPeerAssist {
            brief: Brief {
                title: Title::parse(&b.title)?,
                purpose: Purpose::parse(&b.purpose)?,
                background: text(b.background, Background::parse)?,
                desired_outcomes: text(b.desired_outcomes, DesiredOutcomes::parse)?,
            },
            areas: area_ids(&b.area_ids)?,
            meeting: Meeting {
                starts_at: moment(&b.starts_at, "starts_at")?,
                duration: MeetingMinutes::new(b.duration_minutes)?,
                format: MeetingFormat::parse(&b.format)?,
                place: b
                    .place
                    .as_deref()
                    .map(|t| PlaceLabel::parse(t).map_err(|e| e.in_field("place")))
                    .transpose()?,
                video_link: text(b.video_link, VideoLink::parse)?,
            },
        };
        let view = self.0.app.convene_peer_assist(account, group, new).await?;
        Ok(PeerAssistCreated::Created(Json(PeerAssistBody::from(
            &view,
        ))))
    }

    /// The Peer Assists you are in (as `role`, in `status`), newest first; admins may ask for
    /// `all` of the group's.
    #[oai(
        path = "/groups/:group_id/peer-assists",
        method = "get",
        operation_id = "listPeerAssists"
    )]
    // Each query parameter is one argument: that is how poem-openapi documents them.
    #[allow(clippy::too_many_arguments)]
    async fn list(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        /// `convenor`, `facilitator` or `participant`.
        role: Query<Option<String>>,
        /// One status only.
        status: Query<Option<String>>,
        /// Every one of the group (admins).
        all: Query<Option<bool>>,
        /// How many (1–500, default 50).
        limit: Query<Option<i64>>,
        /// Where the previous page ended.
        cursor: Query<Option<String>>,
    ) -> Answer<Json<PeerAssistPage>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let filter = PeerAssistFilter {
            involving: None,
            role: role.0.as_deref().map(PeerAssistRole::parse).transpose()?,
            status: status
                .0
                .as_deref()
                .map(PeerAssistStatus::parse)
                .transpose()?,
        };
        let found = self
            .0
            .app
            .peer_assists(
                account,
                group,
                filter,
                all.0.unwrap_or(false),
                page(limit.0, cursor.0)?,
            )
            .await?;
        Ok(Json(PeerAssistPage::of(&found)))
    }

    /// One Peer Assist (its people and the group's admins; anyone else gets 404).
    #[oai(
        path = "/groups/:group_id/peer-assists/:peer_assist_id",
        method = "get",
        operation_id = "getPeerAssist"
    )]
    async fn one(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        peer_assist_id: Path<String>,
    ) -> Answer<Json<PeerAssistBody>> {
        let (account, group, id) = self.ids(&auth, &group_id, &peer_assist_id).await?;
        let view = self.0.app.peer_assist(account, group, id).await?;
        Ok(Json(PeerAssistBody::from(&view)))
    }

    /// Change what it is about, or when and where it meets (the convenor). While `draft` or
    /// `inviting` anything; once `scheduled` only when, how long and where — its people are
    /// told and their calendars updated.
    #[oai(
        path = "/groups/:group_id/peer-assists/:peer_assist_id",
        method = "patch",
        operation_id = "changePeerAssist"
    )]
    async fn change(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        peer_assist_id: Path<String>,
        body: JsonBody<ChangeInput>,
    ) -> Answer<Json<PeerAssistBody>> {
        let (account, group, id) = self.ids(&auth, &group_id, &peer_assist_id).await?;
        let b = body.0;
        let changes = PeerAssistChanges {
            title: text(b.title, Title::parse)?,
            purpose: text(b.purpose, Purpose::parse)?,
            background: maybe(b.background, |t| Background::parse(&t))?,
            desired_outcomes: maybe(b.desired_outcomes, |t| DesiredOutcomes::parse(&t))?,
            areas: b.area_ids.as_deref().map(area_ids).transpose()?,
            starts_at: b
                .starts_at
                .as_deref()
                .map(|t| moment(t, "starts_at"))
                .transpose()?,
            duration: b.duration_minutes.map(MeetingMinutes::new).transpose()?,
            format: b.format.as_deref().map(MeetingFormat::parse).transpose()?,
            place: maybe(b.place, |t| {
                PlaceLabel::parse(&t).map_err(|e| e.in_field("place"))
            })?,
            video_link: maybe(b.video_link, |t| VideoLink::parse(&t))?,
            version: version(b.version),
        };
        let view = self
            .0
            .app
            .change_peer_assist(account, group, id, changes)
            .await?;
        Ok(Json(PeerAssistBody::from(&view)))
    }

    /// A suggested panel (the convenor): participants of the size asked covering the areas
    /// wanted, from many organisations, the least asked first, each with the reasons they were
    /// chosen; and facilitator candidates from outside your organisation. Changes nothing.
    #[oai(
        path = "/groups/:group_id/peer-assists/:peer_assist_id/panel",
        method = "get",
        operation_id = "suggestPanel"
    )]
    async fn panel(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        peer_assist_id: Path<String>,
        /// How many participants (2–24, default 8).
        size: Query<Option<i64>>,
    ) -> Answer<Json<PanelBody>> {
        let (account, group, id) = self.ids(&auth, &group_id, &peer_assist_id).await?;
        let size = size.0.map(PanelSize::new).transpose()?.unwrap_or_default();
        let view = self.0.app.suggest_panel(account, group, id, size).await?;
        Ok(Json(PanelBody::from(&view)))
    }

    /// Invite the facilitator and the participants, or change who is invited while it is
    /// `inviting` (the convenor): answers given are kept, those left out are withdrawn, the
    /// newly invited are told.
    #[oai(
        path = "/groups/:group_id/peer-assists/:peer_assist_id/invitations",
        method = "post",
        operation_id = "inviteToPeerAssist"
    )]
    async fn invite(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        peer_assist_id: Path<String>,
        body: JsonBody<InvitationsInput>,
    ) -> Answer<Json<PeerAssistBody>> {
        let (account, group, id) = self.ids(&auth, &group_id, &peer_assist_id).await?;
        let facilitator =
            MemberId::parse(&body.0.facilitator_id).map_err(|e| e.in_field("facilitator_id"))?;
        let participants = body
            .0
            .participant_ids
            .iter()
            .map(|p| MemberId::parse(p).map_err(|e| e.in_field("participant_ids")))
            .collect::<Result<Vec<_>, _>>()?;
        let view = self
            .0
            .app
            .invite_to_peer_assist(account, group, id, facilitator, participants)
            .await?;
        Ok(Json(PeerAssistBody::from(&view)))
    }

    /// Accept or decline your invitation (an invitee, while it is `inviting`); the convenor is
    /// told.
    #[oai(
        path = "/groups/:group_id/peer-assists/:peer_assist_id/respond",
        method = "post",
        operation_id = "respondToPeerAssist"
    )]
    async fn respond(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        peer_assist_id: Path<String>,
        body: JsonBody<RespondInput>,
    ) -> Answer<Json<PeerAssistBody>> {
        let (account, group, id) = self.ids(&auth, &group_id, &peer_assist_id).await?;
        let view = self
            .0
            .app
            .respond_to_peer_assist(account, group, id, body.0.accept)
            .await?;
        Ok(Json(PeerAssistBody::from(&view)))
    }

    /// Schedule it (the convenor): 409 `not_enough_accepted` until the facilitator and two
    /// participants accepted, `uneven_tables` when those accepted fill no tables of six to
    /// eight. Its people get the calendar file.
    #[oai(
        path = "/groups/:group_id/peer-assists/:peer_assist_id/schedule",
        method = "post",
        operation_id = "schedulePeerAssist"
    )]
    async fn schedule(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        peer_assist_id: Path<String>,
    ) -> Answer<Json<PeerAssistBody>> {
        let (account, group, id) = self.ids(&auth, &group_id, &peer_assist_id).await?;
        let view = self.0.app.schedule_peer_assist(account, group, id).await?;
        Ok(Json(PeerAssistBody::from(&view)))
    }

    /// Write the notes of a phase (the convenor or the facilitator, from `scheduled` on).
    #[oai(
        path = "/groups/:group_id/peer-assists/:peer_assist_id/phases/:phase",
        method = "put",
        operation_id = "writePhaseNotes"
    )]
    async fn phase(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        peer_assist_id: Path<String>,
        /// `tell`, `ask`, `analyse` or `feedback`.
        phase: Path<String>,
        body: JsonBody<NotesInput>,
    ) -> Answer<Json<PeerAssistBody>> {
        let (account, group, id) = self.ids(&auth, &group_id, &peer_assist_id).await?;
        let phase = path_id(&phase, Phase::parse, "phase")?;
        let notes = PhaseNotes::parse(&body.0.notes)?;
        let view = self
            .0
            .app
            .write_phase_notes(account, group, id, phase, notes)
            .await?;
        Ok(Json(PeerAssistBody::from(&view)))
    }

    /// Record that the meeting took place (the convenor or the facilitator; 409 `not_yet`
    /// before it starts).
    #[oai(
        path = "/groups/:group_id/peer-assists/:peer_assist_id/held",
        method = "post",
        operation_id = "markPeerAssistHeld"
    )]
    async fn held(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        peer_assist_id: Path<String>,
    ) -> Answer<Json<PeerAssistBody>> {
        let (account, group, id) = self.ids(&auth, &group_id, &peer_assist_id).await?;
        let view = self.0.app.mark_peer_assist_held(account, group, id).await?;
        Ok(Json(PeerAssistBody::from(&view)))
    }

    /// Record an action agreed (the convenor, once held): what, who (the convenor or someone
    /// who accepted), by when.
    #[oai(
        path = "/groups/:group_id/peer-assists/:peer_assist_id/actions",
        method = "post",
        operation_id = "addPeerAssistAction"
    )]
    async fn add_action(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        peer_assist_id: Path<String>,
        body: JsonBody<ActionInput>,
    ) -> Answer<PeerAssistCreated> {
        let (account, group, id) = self.ids(&auth, &group_id, &peer_assist_id).await?;
        let b = body.0;
        let owner = b
            .owner_id
            .as_deref()
            .map(|o| MemberId::parse(o).map_err(|e| e.in_field("owner_id")))
            .transpose()?;
        let view = self
            .0
            .app
            .add_peer_assist_action(
                account,
                group,
                id,
                ActionText::parse(&b.what)?,
                owner,
                day(&b.due_on, "due_on")?,
            )
            .await?;
        Ok(PeerAssistCreated::Created(Json(PeerAssistBody::from(
            &view,
        ))))
    }

    /// Change an action (the convenor), or mark yours `done` or `dropped` (its owner).
    #[oai(
        path = "/groups/:group_id/peer-assists/:peer_assist_id/actions/:action_id",
        method = "patch",
        operation_id = "changePeerAssistAction"
    )]
    async fn change_action(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        peer_assist_id: Path<String>,
        action_id: Path<String>,
        body: JsonBody<ActionPatch>,
    ) -> Answer<Json<PeerAssistBody>> {
        let (account, group, id) = self.ids(&auth, &group_id, &peer_assist_id).await?;
        let action = path_id(&action_id, ActionId::parse, "action")?;
        let b = body.0;
        let changes = ActionChanges {
            what: text(b.what, ActionText::parse)?,
            owner: maybe(b.owner_id, |o| {
                MemberId::parse(&o).map_err(|e| e.in_field("owner_id"))
            })?,
            due_on: b.due_on.as_deref().map(|d| day(d, "due_on")).transpose()?,
            status: b.status.as_deref().map(ActionStatus::parse).transpose()?,
        };
        let view = self
            .0
            .app
            .change_peer_assist_action(account, group, id, action, changes)
            .await?;
        Ok(Json(PeerAssistBody::from(&view)))
    }

    /// Tell everyone in it what came of it (the convenor, once held); the first update moves
    /// it to `followed_up`.
    #[oai(
        path = "/groups/:group_id/peer-assists/:peer_assist_id/updates",
        method = "post",
        operation_id = "sendPeerAssistUpdate"
    )]
    async fn update(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        peer_assist_id: Path<String>,
        body: JsonBody<UpdateInput>,
    ) -> Answer<PeerAssistCreated> {
        let (account, group, id) = self.ids(&auth, &group_id, &peer_assist_id).await?;
        let message = Message::parse(&body.0.message)?;
        let view = self
            .0
            .app
            .send_peer_assist_update(account, group, id, message)
            .await?;
        Ok(PeerAssistCreated::Created(Json(PeerAssistBody::from(
            &view,
        ))))
    }

    /// Call it off before it is held (the convenor or an admin); everyone in it is told.
    #[oai(
        path = "/groups/:group_id/peer-assists/:peer_assist_id/cancel",
        method = "post",
        operation_id = "cancelPeerAssist"
    )]
    async fn cancel(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        peer_assist_id: Path<String>,
    ) -> Answer<Json<PeerAssistBody>> {
        let (account, group, id) = self.ids(&auth, &group_id, &peer_assist_id).await?;
        let view = self.0.app.cancel_peer_assist(account, group, id).await?;
        Ok(Json(PeerAssistBody::from(&view)))
    }

    /// The plan of the meeting (its people): socialising, Tell, Ask, Analyse, Feedback.
    #[oai(
        path = "/groups/:group_id/peer-assists/:peer_assist_id/agenda",
        method = "get",
        operation_id = "getPeerAssistAgenda"
    )]
    async fn agenda(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        peer_assist_id: Path<String>,
    ) -> Answer<Json<Vec<AgendaItemBody>>> {
        let (account, group, id) = self.ids(&auth, &group_id, &peer_assist_id).await?;
        let view = self.0.app.peer_assist(account, group, id).await?;
        Ok(Json(agenda_of(&view)))
    }

    /// Adjust the plan (the convenor): the five parts in order, adding up to the meeting's
    /// duration, with analyse and feedback together at least as long as tell and ask.
    #[oai(
        path = "/groups/:group_id/peer-assists/:peer_assist_id/agenda",
        method = "put",
        operation_id = "setPeerAssistAgenda"
    )]
    async fn set_agenda(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        peer_assist_id: Path<String>,
        body: JsonBody<Vec<AgendaItemInput>>,
    ) -> Answer<Json<Vec<AgendaItemBody>>> {
        let (account, group, id) = self.ids(&auth, &group_id, &peer_assist_id).await?;
        let items = body
            .0
            .iter()
            .map(|i| {
                Ok(AgendaItem {
                    part: AgendaPart::parse(&i.part)?,
                    minutes: PartMinutes::new(i.minutes)?,
                })
            })
            .collect::<Result<Vec<_>, InvalidValue>>()
            .map_err(|e| e.in_field("agenda"))?;
        let view = self
            .0
            .app
            .set_peer_assist_agenda(account, group, id, Agenda::of(items))
            .await?;
        Ok(Json(agenda_of(&view)))
    }

    /// The meeting as a calendar file (iCalendar), for its people once scheduled; cancelled
    /// once it is.
    #[oai(
        path = "/groups/:group_id/peer-assists/:peer_assist_id/calendar",
        method = "get",
        operation_id = "getPeerAssistCalendar"
    )]
    async fn calendar(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        peer_assist_id: Path<String>,
    ) -> Answer<CalendarFile> {
        let (account, group, id) = self.ids(&auth, &group_id, &peer_assist_id).await?;
        let view = self.0.app.peer_assist(account, group, id).await?;
        Ok(CalendarFile::Ok(
            PlainText(calendar::of_view(&view)),
            "attachment; filename=\"peer-assist.ics\"".to_owned(),
        ))
    }

    /// Publish the lesson for the whole group (the convenor, once followed up; once). Names
    /// no participant.
    #[oai(
        path = "/groups/:group_id/peer-assists/:peer_assist_id/lesson",
        method = "post",
        operation_id = "publishLesson"
    )]
    async fn publish(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        peer_assist_id: Path<String>,
        body: JsonBody<LessonInput>,
    ) -> Answer<LessonCreated> {
        let (account, group, id) = self.ids(&auth, &group_id, &peer_assist_id).await?;
        let b = body.0;
        let new = NewLesson {
            summary: LessonSummary::parse(&b.summary)?,
            insights: Insights::parse(&b.insights)?,
            actions_taken: ActionsTaken::parse(&b.actions_taken)?,
        };
        let view = self.0.app.publish_lesson(account, group, id, new).await?;
        Ok(LessonCreated::Created(Json(LessonBody::from(&view))))
    }

    /// The group's published lessons, newest first, of one area when given (members).
    #[oai(
        path = "/groups/:group_id/lessons",
        method = "get",
        operation_id = "listLessons"
    )]
    async fn lessons(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        /// Only lessons of this area.
        area_id: Query<Option<String>>,
        /// How many (1–500, default 50).
        limit: Query<Option<i64>>,
        /// Where the previous page ended.
        cursor: Query<Option<String>>,
    ) -> Answer<Json<LessonPage>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let areas = area_id
            .0
            .as_deref()
            .map(AreaId::parse)
            .transpose()?
            .into_iter()
            .collect();
        let found = self
            .0
            .app
            .lessons(account, group, areas, page(limit.0, cursor.0)?)
            .await?;
        Ok(Json(LessonPage::of(&found)))
    }
}

impl<E: Environment> PeerAssistsApi<E> {
    async fn ids(
        &self,
        auth: &Credentials,
        group_id: &str,
        peer_assist_id: &str,
    ) -> Answer<(
        collaborate_core::values::AccountId,
        collaborate_core::values::GroupId,
        PeerAssistId,
    )> {
        let (account, group) = self.0.in_group(auth, group_id).await?;
        let id = path_id(peer_assist_id, PeerAssistId::parse, "peer assist")?;
        Ok((account, group, id))
    }
}

fn area_ids(raw: &[String]) -> Result<BTreeSet<AreaId>, InvalidValue> {
    raw.iter()
        .map(|a| AreaId::parse(a).map_err(|e| e.in_field("area_ids")))
        .collect()
}

fn moment(raw: &str, field: &'static str) -> Result<OffsetDateTime, InvalidValue> {
    OffsetDateTime::parse(raw.trim(), &Rfc3339)
        .map_err(|_| InvalidValue::new(field, "must be a time as RFC 3339 (2027-01-31T09:30:00Z)"))
}

fn day(raw: &str, field: &'static str) -> Result<Date, InvalidValue> {
    Date::parse(raw.trim(), format_description!("[year]-[month]-[day]"))
        .map_err(|_| InvalidValue::new(field, "must be a day as YYYY-MM-DD"))
}

fn agenda_of(view: &PeerAssistView) -> Vec<AgendaItemBody> {
    view.plan
        .timed(view.peer_assist.meeting.starts_at)
        .into_iter()
        .map(|(item, starts, ends)| AgendaItemBody {
            part: item.part.to_string(),
            minutes: item.minutes.get(),
            starts_at: rfc3339(starts),
            ends_at: rfc3339(ends),
        })
        .collect()
}

/// Convening a Peer Assist.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct ConveneInput {
    /// What it is called.
    pub title: String,
    /// What it is for.
    pub purpose: String,
    /// What the peers need to know of the project.
    #[oai(nullable)]
    pub background: Option<String>,
    /// What you want out of it: options, insights.
    #[oai(nullable)]
    pub desired_outcomes: Option<String>,
    /// The areas you want peers of (one to six).
    pub area_ids: Vec<String>,
    /// When it starts (RFC 3339).
    pub starts_at: String,
    /// How long, in minutes (60 to 2160: an hour to a day and a half).
    pub duration_minutes: i64,
    /// `in_person` or `online`.
    pub format: String,
    /// Where, in person.
    #[oai(nullable)]
    pub place: Option<String>,
    /// The call's link, online.
    #[oai(nullable)]
    pub video_link: Option<String>,
}

/// Changes to a Peer Assist; a field left out stays as it is, `null` clears an optional one.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct ChangeInput {
    /// A new title.
    pub title: Option<String>,
    /// A new purpose.
    pub purpose: Option<String>,
    /// New background.
    #[serde(default)]
    pub background: MaybeUndefined<String>,
    /// New desired outcomes.
    #[serde(default)]
    pub desired_outcomes: MaybeUndefined<String>,
    /// New areas.
    pub area_ids: Option<Vec<String>>,
    /// A new start (RFC 3339).
    pub starts_at: Option<String>,
    /// A new duration in minutes.
    pub duration_minutes: Option<i64>,
    /// `in_person` or `online`.
    pub format: Option<String>,
    /// A new place.
    #[serde(default)]
    pub place: MaybeUndefined<String>,
    /// A new link.
    #[serde(default)]
    pub video_link: MaybeUndefined<String>,
    /// The version edited; a stale one is 409 `stale`.
    pub version: Option<u32>,
}

/// Who is invited.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct InvitationsInput {
    /// The facilitator: from outside your organisation.
    pub facilitator_id: String,
    /// The participants (one to 24; six to eight recommended).
    pub participant_ids: Vec<String>,
}

/// An answer to an invitation.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct RespondInput {
    /// Coming, or not.
    pub accept: bool,
}

/// A phase's notes.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct NotesInput {
    /// The notes.
    pub notes: String,
}

/// An action agreed.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct ActionInput {
    /// What will be done.
    pub what: String,
    /// Who will do it: the convenor or someone who accepted.
    #[oai(nullable)]
    pub owner_id: Option<String>,
    /// By when (YYYY-MM-DD).
    pub due_on: String,
}

/// Changes to an action.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct ActionPatch {
    /// What will be done.
    pub what: Option<String>,
    /// Who will do it; `null` for nobody named.
    #[serde(default)]
    pub owner_id: MaybeUndefined<String>,
    /// By when (YYYY-MM-DD).
    pub due_on: Option<String>,
    /// `open`, `done` or `dropped`.
    pub status: Option<String>,
}

/// An update to everyone in it.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct UpdateInput {
    /// What came of it.
    pub message: String,
}

/// One part of the plan, as adjusted.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct AgendaItemInput {
    /// `socialise`, `tell`, `ask`, `analyse` or `feedback`.
    pub part: String,
    /// How long, in minutes (at least 5).
    pub minutes: i64,
}

/// A lesson to publish.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct LessonInput {
    /// The purpose and what the peers said.
    pub summary: String,
    /// The options and insights.
    pub insights: String,
    /// The actions taken and what came of them.
    pub actions_taken: String,
}

/// An area, by id and name.
#[derive(Debug, Object)]
pub struct AreaRef {
    /// Its id.
    pub id: String,
    /// Its name.
    #[oai(nullable)]
    pub name: Option<String>,
}

/// Someone invited.
#[derive(Debug, Object)]
pub struct InviteeBody {
    /// The member.
    pub member: PersonBody,
    /// `invited`, `accepted` or `declined`.
    pub status: String,
    /// Their table, once scheduled with more than eight.
    #[oai(nullable)]
    pub table: Option<u32>,
}

/// The four phases' notes.
#[derive(Debug, Object)]
pub struct PhasesBody {
    /// The team told.
    #[oai(nullable)]
    pub tell: Option<String>,
    /// The peers asked.
    #[oai(nullable)]
    pub ask: Option<String>,
    /// The peers analysed.
    #[oai(nullable)]
    pub analyse: Option<String>,
    /// The peers fed back.
    #[oai(nullable)]
    pub feedback: Option<String>,
}

/// An action.
#[derive(Debug, Object)]
pub struct ActionBody {
    /// Its id.
    pub id: String,
    /// What will be done.
    pub what: String,
    /// Who will do it.
    #[oai(nullable)]
    pub owner: Option<PersonBody>,
    /// By when.
    pub due_on: String,
    /// `open`, `done` or `dropped`.
    pub status: String,
}

/// An update sent.
#[derive(Debug, Object)]
pub struct UpdateBody {
    /// When.
    pub at: String,
    /// What the convenor said.
    pub message: String,
}

/// One part of the plan, timed.
#[derive(Debug, Object)]
pub struct AgendaItemBody {
    /// `socialise`, `tell`, `ask`, `analyse` or `feedback`.
    pub part: String,
    /// How long, in minutes.
    pub minutes: u32,
    /// When it starts.
    pub starts_at: String,
    /// When it ends.
    pub ends_at: String,
}

/// A Peer Assist, as the caller may see it.
#[derive(Debug, Object)]
pub struct PeerAssistBody {
    /// Its id.
    pub id: String,
    /// Who convened it.
    pub convenor: PersonBody,
    /// Its title; `null` once its convenor's account is erased.
    #[oai(nullable)]
    pub title: Option<String>,
    /// What it is for.
    #[oai(nullable)]
    pub purpose: Option<String>,
    /// Background.
    #[oai(nullable)]
    pub background: Option<String>,
    /// What the convenor wants out of it.
    #[oai(nullable)]
    pub desired_outcomes: Option<String>,
    /// The areas wanted.
    pub area_ids: Vec<String>,
    /// The areas wanted, named.
    pub areas: Vec<AreaRef>,
    /// When it starts.
    pub starts_at: String,
    /// When it ends.
    pub ends_at: String,
    /// How long, in minutes.
    pub duration_minutes: u32,
    /// `in_person` or `online`.
    pub format: String,
    /// Where.
    #[oai(nullable)]
    pub place: Option<String>,
    /// The call's link.
    #[oai(nullable)]
    pub video_link: Option<String>,
    /// The facilitator, once invited.
    #[oai(nullable)]
    pub facilitator: Option<InviteeBody>,
    /// The participants invited.
    pub participants: Vec<InviteeBody>,
    /// The phases' notes.
    pub phases: PhasesBody,
    /// The actions agreed.
    pub actions: Vec<ActionBody>,
    /// The updates sent.
    pub updates: Vec<UpdateBody>,
    /// The plan of the meeting.
    pub agenda: Vec<AgendaItemBody>,
    /// `draft`, `inviting`, `scheduled`, `held`, `followed_up` or `cancelled`.
    pub status: String,
    /// What you may do now.
    pub moves: Vec<String>,
    /// How you take part: `convenor`, `facilitator`, `participant` (none for an admin only
    /// overseeing it).
    pub roles: Vec<String>,
    /// Its published lesson, if any.
    #[oai(nullable)]
    pub lesson_id: Option<String>,
    /// When it was convened.
    pub created_at: String,
    /// Its version, for `PATCH`.
    pub version: u32,
}

impl From<&PeerAssistView> for PeerAssistBody {
    fn from(v: &PeerAssistView) -> Self {
        let p = &v.peer_assist;
        let person = |id: MemberId| PersonBody {
            member_id: id.to_string(),
            display_name: v.names.get(&id).map(ToString::to_string),
        };
        let invitee = |i: &Invitee| InviteeBody {
            member: person(i.member_id),
            status: i.status.to_string(),
            table: i.table,
        };
        let notes = |phase: Phase| p.phases.get(&phase).map(|n| n.notes.to_string());
        let brief = p.brief.as_ref();
        Self {
            id: p.id.to_string(),
            convenor: person(p.convenor),
            title: brief.map(|b| b.title.to_string()),
            purpose: brief.map(|b| b.purpose.to_string()),
            background: brief.and_then(|b| b.background.as_ref().map(ToString::to_string)),
            desired_outcomes: brief
                .and_then(|b| b.desired_outcomes.as_ref().map(ToString::to_string)),
            area_ids: p.areas.iter().map(ToString::to_string).collect(),
            areas: p
                .areas
                .iter()
                .map(|a| AreaRef {
                    id: a.to_string(),
                    name: v.area_names.get(a).map(ToString::to_string),
                })
                .collect(),
            starts_at: rfc3339(p.meeting.starts_at),
            ends_at: rfc3339(p.meeting.ends_at()),
            duration_minutes: p.meeting.duration.get(),
            format: p.meeting.format.to_string(),
            place: p.meeting.place.as_ref().map(ToString::to_string),
            video_link: p.meeting.video_link.as_ref().map(ToString::to_string),
            facilitator: p.facilitator.as_ref().map(invitee),
            participants: p.participants.iter().map(invitee).collect(),
            phases: PhasesBody {
                tell: notes(Phase::Tell),
                ask: notes(Phase::Ask),
                analyse: notes(Phase::Analyse),
                feedback: notes(Phase::Feedback),
            },
            actions: p
                .actions
                .iter()
                .map(|a| ActionBody {
                    id: a.id.to_string(),
                    what: a.what.to_string(),
                    owner: a.owner.map(person),
                    due_on: a.due_on.to_string(),
                    status: a.status.to_string(),
                })
                .collect(),
            updates: p
                .updates
                .iter()
                .map(|u| UpdateBody {
                    at: rfc3339(u.at),
                    message: u.message.to_string(),
                })
                .collect(),
            agenda: agenda_of(v),
            status: p.status.to_string(),
            moves: v.moves.iter().map(ToString::to_string).collect(),
            roles: v.roles.iter().map(ToString::to_string).collect(),
            lesson_id: v.lesson.as_ref().map(|l| l.id.to_string()),
            created_at: rfc3339(p.created_at),
            version: p.version.get(),
        }
    }
}

created!(
    /// A Peer Assist convened, or changed by a new action or update.
    PeerAssistCreated,
    /// As it is now.
    PeerAssistBody
);

list_of!(
    /// A page of Peer Assists.
    paged PeerAssistPage, PeerAssistBody
);

/// Someone suggested.
#[derive(Debug, Object)]
pub struct SuggestedBody {
    /// The member.
    pub member: PersonBody,
    /// Their organisation's name.
    #[oai(nullable)]
    pub organisation: Option<String>,
    /// The areas wanted they cover.
    pub covers: Vec<AreaRef>,
    /// Why they were chosen: `covers_area`, `covers_area_again`, `another_organisation`,
    /// `outside_your_organisation`, `top_strength`, `newer_helper`, `asked_least`,
    /// `facilitated_before`.
    pub reasons: Vec<String>,
}

/// A suggested panel.
#[derive(Debug, Object)]
pub struct PanelBody {
    /// The participants suggested, in the order chosen.
    pub participants: Vec<SuggestedBody>,
    /// Facilitator candidates, best first.
    pub facilitators: Vec<SuggestedBody>,
    /// Areas wanted that nobody offers.
    pub uncovered: Vec<AreaRef>,
    /// Others who offer the areas wanted, to pick by hand, the least asked first.
    pub others: Vec<SuggestedBody>,
}

impl From<&PanelView> for PanelBody {
    fn from(v: &PanelView) -> Self {
        let area = |a: &AreaId| AreaRef {
            id: a.to_string(),
            name: v.area_names.get(a).map(ToString::to_string),
        };
        let suggested = |s: &Suggested| SuggestedBody {
            member: PersonBody {
                member_id: s.member_id.to_string(),
                display_name: v.names.get(&s.member_id).map(ToString::to_string),
            },
            organisation: v.organisations.get(&s.member_id).map(ToString::to_string),
            covers: s.covers.iter().map(area).collect(),
            reasons: s.reasons.iter().map(|r| r.as_str().to_owned()).collect(),
        };
        Self {
            participants: v.panel.participants.iter().map(suggested).collect(),
            facilitators: v.panel.facilitators.iter().map(suggested).collect(),
            uncovered: v.panel.uncovered.iter().map(area).collect(),
            others: v.others.iter().map(suggested).collect(),
        }
    }
}

/// A published lesson.
#[derive(Debug, Object)]
pub struct LessonBody {
    /// Its id.
    pub id: String,
    /// The Peer Assist's title.
    pub title: String,
    /// Its areas.
    pub areas: Vec<AreaRef>,
    /// The purpose and what the peers said.
    pub summary: String,
    /// The options and insights.
    pub insights: String,
    /// The actions taken and what came of them.
    pub actions_taken: String,
    /// When it was published.
    pub published_at: String,
}

impl From<&LessonView> for LessonBody {
    fn from(v: &LessonView) -> Self {
        let l = &v.lesson;
        Self {
            id: l.id.to_string(),
            title: l.title.to_string(),
            areas: l
                .areas
                .iter()
                .map(|a| AreaRef {
                    id: a.to_string(),
                    name: v.area_names.get(a).map(ToString::to_string),
                })
                .collect(),
            summary: l.summary.to_string(),
            insights: l.insights.to_string(),
            actions_taken: l.actions_taken.to_string(),
            published_at: rfc3339(l.published_at),
        }
    }
}

created!(
    /// A lesson published.
    LessonCreated,
    /// For the whole group.
    LessonBody
);

list_of!(
    /// A page of lessons.
    paged LessonPage, LessonBody
);

/// A calendar file.
#[derive(Debug, ApiResponse)]
pub enum CalendarFile {
    /// The meeting, in iCalendar.
    #[oai(status = 200, content_type = "text/calendar; charset=utf-8")]
    Ok(
        PlainText<String>,
        #[oai(header = "Content-Disposition")] String,
    ),
}
