//! Peer Assists, as pages: my Peer Assists, convening one (the lessons of its areas first), the
//! suggested panel and the invitations, the meeting's page — its plan (printable), its people
//! and their answers, the moves the core allows the reader, the four phases' notes, actions,
//! updates and the lesson — and the lessons the group has published, by area.

use super::Pages;
use super::forms::{Fields, Posted, whole_number};
use super::groups::group_of;
use super::render::{Chrome, Problems, html, ok};
use super::visit::{Failure, Shown, Visit};
use askama::Template;
use collaborate_core::Error;
use collaborate_core::paging::PageRequest;
use collaborate_core::peer_assists::{
    Action, ActionChanges, Agenda, AgendaItem, Brief, LessonView, Move, NewLesson, NewPeerAssist,
    PanelView, PeerAssistChanges, PeerAssistFilter, PeerAssistView,
};
use collaborate_core::ports::Environment;
use collaborate_core::taxonomy::Area;
use collaborate_core::values::{
    ActionId, ActionStatus, ActionText, ActionsTaken, AgendaPart, AreaId, Background,
    DesiredOutcomes, GroupId, Insights, InvalidValue, LessonId, LessonSummary, Limit,
    MeetingFormat, MeetingMinutes, MemberId, Message, PanelSize, PartMinutes, PeerAssistId,
    PeerAssistRole, PeerAssistStatus, Phase, PhaseNotes, PlaceLabel, Purpose, Title, VideoLink,
};
use poem::web::{Data, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use std::collections::BTreeSet;
use std::sync::Arc;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time};

fn peer_assist_of(raw: &str) -> Result<PeerAssistId, Failure> {
    PeerAssistId::parse(raw).map_err(|_| Failure::Core(Error::NotFound("peer assist")))
}

fn lesson_of(raw: &str) -> Result<LessonId, Failure> {
    LessonId::parse(raw).map_err(|_| Failure::Core(Error::NotFound("lesson")))
}

fn one_page() -> Result<PageRequest, Failure> {
    Ok(PageRequest {
        limit: Limit::new(100)?,
        after: None,
    })
}

/// The areas a page may offer for choice: those not archived.
async fn live_areas<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: GroupId,
) -> Result<Vec<Area>, Failure> {
    let areas = pages.app.list_areas(visit.account()?, group).await?;
    Ok(areas.into_iter().filter(|a| !a.archived).collect())
}

#[derive(Template)]
#[template(path = "peer_assists/list.html")]
struct ListPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    peer_assists: Vec<PeerAssistView>,
}

/// The Peer Assists I am in, newest first.
#[handler]
pub async fn list<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = async {
        let (account, group) = (visit.account()?, group_of(&group)?);
        let found = pages
            .app
            .peer_assists(
                account,
                group,
                PeerAssistFilter::default(),
                false,
                one_page()?,
            )
            .await?;
        Ok(ok(&ListPage {
            page: visit.chrome("peer-assists-title"),
            group,
            peer_assists: found.items,
        }))
    };
    visit.answer(shown.await)
}

/// What the convene (or change) form holds, as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PlanForm {
    title: String,
    purpose: String,
    background: String,
    desired_outcomes: String,
    area_ids: Vec<String>,
    day: String,
    time: String,
    duration_minutes: String,
    format: String,
    place: String,
    video_link: String,
    form_token: String,
}

impl PlanForm {
    fn of(view: &PeerAssistView) -> Self {
        let p = &view.peer_assist;
        let brief = p.brief.as_ref();
        let text = |t: Option<&str>| t.unwrap_or_default().to_owned();
        Self {
            title: text(brief.map(|b| b.title.as_str())),
            purpose: text(brief.map(|b| b.purpose.as_str())),
            background: text(brief.and_then(|b| b.background.as_ref().map(|t| t.as_str()))),
            desired_outcomes: text(
                brief.and_then(|b| b.desired_outcomes.as_ref().map(|t| t.as_str())),
            ),
            area_ids: p.areas.iter().map(ToString::to_string).collect(),
            day: p.meeting.starts_at.date().to_string(),
            time: format!(
                "{:02}:{:02}",
                p.meeting.starts_at.hour(),
                p.meeting.starts_at.minute()
            ),
            duration_minutes: p.meeting.duration.get().to_string(),
            format: p.meeting.format.to_string(),
            place: text(p.meeting.place.as_ref().map(|t| t.as_str())),
            video_link: text(p.meeting.video_link.as_ref().map(|t| t.as_str())),
            form_token: String::new(),
        }
    }

    fn chose(&self, area: &AreaId) -> bool {
        self.area_ids.iter().any(|a| *a == area.to_string())
    }

    fn areas(&self) -> Result<BTreeSet<AreaId>, InvalidValue> {
        self.area_ids
            .iter()
            .map(|a| AreaId::parse(a).map_err(|e| e.in_field("area_ids")))
            .collect()
    }

    fn starts_at(&self) -> Result<OffsetDateTime, InvalidValue> {
        let day = Date::parse(self.day.trim(), format_description!("[year]-[month]-[day]"))
            .map_err(|_| InvalidValue::new("day", "must be a day"))?;
        let time = Time::parse(self.time.trim(), format_description!("[hour]:[minute]"))
            .map_err(|_| InvalidValue::new("time", "must be a time of day"))?;
        Ok(PrimitiveDateTime::new(day, time).assume_utc())
    }

    fn optional<T>(
        raw: &str,
        parse: fn(&str) -> Result<T, InvalidValue>,
        field: &'static str,
    ) -> Result<Option<T>, InvalidValue> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        parse(raw).map(Some).map_err(|e| e.in_field(field))
    }
}

#[derive(Template)]
#[template(path = "peer_assists/plan.html")]
struct PlanPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    /// The Peer Assist changed, or none while convening.
    editing: Option<PeerAssistId>,
    areas: Vec<Area>,
    form: PlanForm,
    /// The lessons of the areas chosen, shown before the form (rule 13b).
    lessons: Vec<LessonView>,
    formats: &'static [MeetingFormat],
}

/// The areas chosen so far, as a convene link names them (`?area_ids=…`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Chosen {
    area_ids: Vec<String>,
}

/// The form to convene a Peer Assist; with areas chosen, the lessons of those areas first.
#[handler]
pub async fn new_form<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
) -> Response {
    let visit = pages.visit(request).await;
    let chosen: Chosen =
        serde_html_form::from_str(request.uri().query().unwrap_or_default()).unwrap_or_default();
    let form = PlanForm {
        area_ids: chosen.area_ids,
        duration_minutes: MeetingMinutes::default().get().to_string(),
        format: MeetingFormat::InPerson.to_string(),
        time: "09:30".to_owned(),
        ..PlanForm::default()
    };
    let shown = plan_page(&pages, &visit, &group, None, form, Problems::default()).await;
    visit.answer(shown)
}

async fn plan_page<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    editing: Option<PeerAssistId>,
    form: PlanForm,
    problems: Problems,
) -> Shown {
    let (account, group) = (visit.account()?, group_of(group)?);
    if editing.is_none() {
        // Convening is seeking help: say so before anything is typed.
        let standing = pages.app.my_profile(account, group).await?.standing;
        standing.require_contributor()?;
    }
    let areas = live_areas(pages, visit, group).await?;
    let wanted = form.areas().unwrap_or_default();
    let lessons = if wanted.is_empty() || editing.is_some() {
        Vec::new()
    } else {
        pages
            .app
            .lessons(account, group, wanted, one_page()?)
            .await?
            .items
    };
    let status = problems.status();
    let title = if editing.is_some() {
        "peer-assist-edit-title"
    } else {
        "peer-assist-convene-title"
    };
    Ok(html(
        status,
        &PlanPage {
            page: visit.chrome_with(title, problems),
            group,
            editing,
            areas,
            form,
            lessons,
            formats: MeetingFormat::ALL,
        },
    ))
}

/// Convenes a Peer Assist from the form, then shows it.
#[handler]
pub async fn convene<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
    Posted(form): Posted<PlanForm>,
) -> Response {
    let visit = pages.visit(request).await;
    match visit.or_problems(make(&pages, &visit, &group, &form).await) {
        Ok(response) => response,
        Err(problems) => {
            visit.answer(plan_page(&pages, &visit, &group, None, form, problems).await)
        }
    }
}

async fn make<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    form: &PlanForm,
) -> Shown {
    visit.check_form(&form.form_token)?;
    let (account, group) = (visit.account()?, group_of(group)?);
    let mut fields = Fields::default();
    let title = fields.read(Title::parse(&form.title));
    let purpose = fields.read(Purpose::parse(&form.purpose));
    let background = fields.read(PlanForm::optional(
        &form.background,
        Background::parse,
        "background",
    ));
    let outcomes = fields.read(PlanForm::optional(
        &form.desired_outcomes,
        DesiredOutcomes::parse,
        "desired_outcomes",
    ));
    let areas = fields.read(form.areas());
    let starts_at = fields.read(form.starts_at());
    let duration = fields.read(
        whole_number(&form.duration_minutes, "duration_minutes").and_then(MeetingMinutes::new),
    );
    let format = fields.read(MeetingFormat::parse(&form.format));
    let place = fields.read(PlanForm::optional(&form.place, PlaceLabel::parse, "place"));
    let link = fields.read(PlanForm::optional(
        &form.video_link,
        VideoLink::parse,
        "video_link",
    ));
    let new = fields.build(|| {
        Some(NewPeerAssist {
            brief: Brief {
                title: title?,
                purpose: purpose?,
                background: background?,
                desired_outcomes: outcomes?,
            },
            areas: areas?,
            meeting: collaborate_core::peer_assists::Meeting {
                starts_at: starts_at?,
                duration: duration?,
                format: format?,
                place: place?,
                video_link: link?,
            },
        })
    })?;
    let view = pages
        .app
        .convene_peer_assist(account, group, new)
        .await
        .map_err(on_the_day)?;
    let id = view.peer_assist.id;
    Ok(Redirect::see_other(format!(
        "/groups/{group}/peer-assists/{id}/panel?done=convened"
    ))
    .into_response())
}

/// A start refused, as the form's day: the form asks for a day and a time, not a moment.
fn on_the_day(error: Error) -> Error {
    match error {
        Error::Invalid(invalid) if invalid.field() == "starts_at" => {
            Error::Invalid(invalid.in_field("day"))
        }
        other => other,
    }
}

/// The form to change a Peer Assist, filled with it as it is.
#[handler]
pub async fn edit_form<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, id)): Path<(String, String)>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = async {
        let (account, group_id, id) = (visit.account()?, group_of(&group)?, peer_assist_of(&id)?);
        let view = pages.app.peer_assist(account, group_id, id).await?;
        view.peer_assist.check(Move::Edit, &view.reader)?;
        plan_page(
            &pages,
            &visit,
            &group,
            Some(id),
            PlanForm::of(&view),
            Problems::default(),
        )
        .await
    };
    visit.answer(shown.await)
}

/// Saves the changes to a Peer Assist, then shows it.
#[handler]
pub async fn save<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, id)): Path<(String, String)>,
    Posted(form): Posted<PlanForm>,
) -> Response {
    let visit = pages.visit(request).await;
    match visit.or_problems(change(&pages, &visit, &group, &id, &form).await) {
        Ok(response) => response,
        Err(problems) => {
            let editing = peer_assist_of(&id).ok();
            visit.answer(plan_page(&pages, &visit, &group, editing, form, problems).await)
        }
    }
}

async fn change<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    id: &str,
    form: &PlanForm,
) -> Shown {
    visit.check_form(&form.form_token)?;
    let (account, group, id) = (visit.account()?, group_of(group)?, peer_assist_of(id)?);
    let before = pages.app.peer_assist(account, group, id).await?;
    let was = PlanForm::of(&before);
    let mut fields = Fields::default();
    let changed = |now: &str, then: &str| now.trim() != then.trim();
    let title = fields.read(
        Some(&form.title)
            .filter(|t| changed(t, &was.title))
            .map(|t| Title::parse(t))
            .transpose(),
    );
    let purpose = fields.read(
        Some(&form.purpose)
            .filter(|t| changed(t, &was.purpose))
            .map(|t| Purpose::parse(t))
            .transpose(),
    );
    let background = fields.read(
        Some(&form.background)
            .filter(|t| changed(t, &was.background))
            .map(|t| PlanForm::optional(t, Background::parse, "background"))
            .transpose(),
    );
    let outcomes = fields.read(
        Some(&form.desired_outcomes)
            .filter(|t| changed(t, &was.desired_outcomes))
            .map(|t| PlanForm::optional(t, DesiredOutcomes::parse, "desired_outcomes"))
            .transpose(),
    );
    let areas = fields.read(form.areas());
    let starts_at = fields.read(form.starts_at());
    let duration = fields.read(
        whole_number(&form.duration_minutes, "duration_minutes").and_then(MeetingMinutes::new),
    );
    let format = fields.read(MeetingFormat::parse(&form.format));
    let place = fields.read(PlanForm::optional(&form.place, PlaceLabel::parse, "place"));
    let link = fields.read(PlanForm::optional(
        &form.video_link,
        VideoLink::parse,
        "video_link",
    ));
    let p = &before.peer_assist;
    let changes = fields.build(|| {
        let areas = areas?;
        let starts_at = starts_at?;
        let place = place?;
        let link = link?;
        Some(PeerAssistChanges {
            title: title?,
            purpose: purpose?,
            background: background?,
            desired_outcomes: outcomes?,
            areas: (areas != p.areas).then_some(areas),
            starts_at: (starts_at != p.meeting.starts_at).then_some(starts_at),
            duration: duration.filter(|d| *d != p.meeting.duration),
            format: format.filter(|f| *f != p.meeting.format),
            place: (place != p.meeting.place).then_some(place),
            video_link: (link != p.meeting.video_link).then_some(link),
            version: Some(p.version),
        })
    })?;
    pages
        .app
        .change_peer_assist(account, group, id, changes)
        .await
        .map_err(on_the_day)?;
    Ok(
        Redirect::see_other(format!("/groups/{group}/peer-assists/{id}?done=saved"))
            .into_response(),
    )
}

#[derive(Template)]
#[template(path = "peer_assists/peer_assist.html")]
struct PeerAssistPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    view: PeerAssistView,
    /// The plan, each part with when it starts.
    plan: Vec<(AgendaItem, OffsetDateTime, OffsetDateTime)>,
    /// The phase whose notes were refused, with what was typed.
    retyped: Option<(Phase, String)>,
    /// The people who may own an action.
    attendees: Vec<(MemberId, String)>,
    phases: &'static [Phase],
    statuses: &'static [ActionStatus],
}

impl PeerAssistPage<'_> {
    fn may(&self, the_move: &str) -> bool {
        self.view.moves.iter().any(|m| m.as_str() == the_move)
    }

    fn name(&self, member: &MemberId) -> String {
        self.view
            .names
            .get(member)
            .map(ToString::to_string)
            .unwrap_or_else(|| self.page.t.m("erased-member"))
    }

    fn area_names(&self) -> String {
        self.view
            .peer_assist
            .areas
            .iter()
            .filter_map(|a| self.view.area_names.get(a))
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn notes(&self, phase: &Phase) -> String {
        match &self.retyped {
            Some((p, typed)) if p == phase => typed.clone(),
            _ => self
                .view
                .peer_assist
                .phases
                .get(phase)
                .map(|n| n.notes.to_string())
                .unwrap_or_default(),
        }
    }

    /// Whether the reader may mark `action` done or dropped: it is open, and theirs or they
    /// convened the Peer Assist.
    fn may_close(&self, action: &Action) -> bool {
        let reader = self.view.reader.member_id;
        self.may("change_action")
            && action.status == ActionStatus::Open
            && (self.view.peer_assist.convenor == reader || action.owner == Some(reader))
    }

    fn accepted(&self) -> usize {
        self.view
            .peer_assist
            .participants
            .iter()
            .filter(|p| p.accepted())
            .count()
    }

    fn convenes(&self) -> bool {
        self.view.roles.contains(&PeerAssistRole::Convenor)
    }

    fn facilitates(&self) -> bool {
        self.view.roles.contains(&PeerAssistRole::Facilitator)
    }

    fn my_answer(&self) -> Option<String> {
        let (_, invitee) = self
            .view
            .peer_assist
            .invitation_of(self.view.reader.member_id)?;
        Some(invitee.status.to_string())
    }
}

/// A Peer Assist: what it is about, its plan, its people, what the reader may do.
#[handler]
pub async fn show<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, id)): Path<(String, String)>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = peer_assist_page(&pages, &visit, &group, &id, None, Problems::default()).await;
    visit.answer(shown)
}

async fn peer_assist_page<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    id: &str,
    retyped: Option<(Phase, String)>,
    problems: Problems,
) -> Shown {
    let (account, group, id) = (visit.account()?, group_of(group)?, peer_assist_of(id)?);
    let view = pages.app.peer_assist(account, group, id).await?;
    let status = problems.status();
    let attendees = view
        .peer_assist
        .attendees()
        .into_iter()
        .map(|m| {
            (
                m,
                view.names
                    .get(&m)
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            )
        })
        .collect();
    let plan = view.plan.timed(view.peer_assist.meeting.starts_at);
    Ok(html(
        status,
        &PeerAssistPage {
            page: visit.chrome_with("peer-assist-title", problems),
            group,
            plan,
            retyped,
            attendees,
            phases: Phase::ALL,
            statuses: ActionStatus::ALL,
            view,
        },
    ))
}

/// One move on a Peer Assist, as a form of its page sends it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StepForm {
    /// `accept`, `decline`, `schedule`, `held`, `cancel`, `notes`, `action`, `action_status`,
    /// `update` or `lesson`.
    step: String,
    phase: String,
    notes: String,
    what: String,
    owner_id: String,
    due_on: String,
    action_id: String,
    status: String,
    message: String,
    summary: String,
    insights: String,
    actions_taken: String,
    form_token: String,
}

/// Makes a move on a Peer Assist, then shows it again, with what was done.
#[handler]
pub async fn step<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, id)): Path<(String, String)>,
    Posted(form): Posted<StepForm>,
) -> Response {
    let visit = pages.visit(request).await;
    match visit.or_problems(take_step(&pages, &visit, &group, &id, &form).await) {
        Ok(response) => response,
        Err(problems) => {
            let retyped = Phase::parse(&form.phase)
                .ok()
                .filter(|_| form.step == "notes")
                .map(|p| (p, form.notes.clone()));
            visit.answer(peer_assist_page(&pages, &visit, &group, &id, retyped, problems).await)
        }
    }
}

async fn take_step<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    id: &str,
    form: &StepForm,
) -> Shown {
    visit.check_form(&form.form_token)?;
    let (account, group, id) = (visit.account()?, group_of(group)?, peer_assist_of(id)?);
    let app = &pages.app;
    let done = match form.step.as_str() {
        "accept" | "decline" => {
            app.respond_to_peer_assist(account, group, id, form.step == "accept")
                .await?;
            if form.step == "accept" {
                "accepted"
            } else {
                "declined"
            }
        }
        "schedule" => {
            app.schedule_peer_assist(account, group, id).await?;
            "scheduled"
        }
        "held" => {
            app.mark_peer_assist_held(account, group, id).await?;
            "held"
        }
        "cancel" => {
            app.cancel_peer_assist(account, group, id).await?;
            "cancelled"
        }
        "notes" => {
            let phase = Phase::parse(&form.phase)?;
            let notes = PhaseNotes::parse(&form.notes)?;
            app.write_phase_notes(account, group, id, phase, notes)
                .await?;
            "saved"
        }
        "action" => {
            let mut fields = Fields::default();
            let what = fields.read(ActionText::parse(&form.what));
            let owner = fields.read(
                Some(form.owner_id.trim())
                    .filter(|o| !o.is_empty())
                    .map(|o| MemberId::parse(o).map_err(|e| e.in_field("owner_id")))
                    .transpose(),
            );
            let due = fields.read(
                Date::parse(
                    form.due_on.trim(),
                    format_description!("[year]-[month]-[day]"),
                )
                .map_err(|_| InvalidValue::new("due_on", "must be a day")),
            );
            let (what, owner, due) = fields.build(|| Some((what?, owner?, due?)))?;
            app.add_peer_assist_action(account, group, id, what, owner, due)
                .await?;
            "added"
        }
        "action_status" => {
            let action = ActionId::parse(&form.action_id)
                .map_err(|_| Failure::Core(Error::NotFound("action")))?;
            let changes = ActionChanges {
                status: Some(ActionStatus::parse(&form.status)?),
                ..ActionChanges::default()
            };
            app.change_peer_assist_action(account, group, id, action, changes)
                .await?;
            "saved"
        }
        "update" => {
            let message = Message::parse(&form.message)?;
            app.send_peer_assist_update(account, group, id, message)
                .await?;
            "sent"
        }
        "lesson" => {
            let mut fields = Fields::default();
            let summary = fields.read(LessonSummary::parse(&form.summary));
            let insights = fields.read(Insights::parse(&form.insights));
            let taken = fields.read(ActionsTaken::parse(&form.actions_taken));
            let new = fields.build(|| {
                Some(NewLesson {
                    summary: summary?,
                    insights: insights?,
                    actions_taken: taken?,
                })
            })?;
            let lesson = app.publish_lesson(account, group, id, new).await?;
            let lesson = lesson.lesson.id;
            return Ok(Redirect::see_other(format!(
                "/groups/{group}/lessons/{lesson}?done=published"
            ))
            .into_response());
        }
        _ => return Err(Failure::Core(Error::NotFound("page"))),
    };
    Ok(
        Redirect::see_other(format!("/groups/{group}/peer-assists/{id}?done={done}"))
            .into_response(),
    )
}

#[derive(Template)]
#[template(path = "peer_assists/panel.html")]
struct PanelPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    id: PeerAssistId,
    view: PeerAssistView,
    panel: PanelView,
    size: u32,
}

impl PanelPage<'_> {
    fn name(&self, member: &MemberId) -> String {
        self.panel
            .names
            .get(member)
            .map(ToString::to_string)
            .unwrap_or_default()
    }

    fn organisation(&self, member: &MemberId) -> String {
        self.panel
            .organisations
            .get(member)
            .map(ToString::to_string)
            .unwrap_or_default()
    }

    fn covers(&self, areas: &[AreaId]) -> String {
        areas
            .iter()
            .filter_map(|a| self.panel.area_names.get(a))
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Whether `member` is ticked: invited already, or, before anyone is, suggested.
    fn ticked(&self, member: &MemberId) -> bool {
        let invited = &self.view.peer_assist.participants;
        if invited.is_empty() {
            self.panel
                .panel
                .participants
                .iter()
                .any(|s| s.member_id == *member)
        } else {
            invited.iter().any(|p| p.member_id == *member)
        }
    }

    /// Whether `member` is the facilitator chosen: invited already, or the first suggested.
    fn facilitating(&self, member: &MemberId) -> bool {
        match &self.view.peer_assist.facilitator {
            Some(f) => f.member_id == *member,
            None => self
                .panel
                .panel
                .facilitators
                .first()
                .is_some_and(|s| s.member_id == *member),
        }
    }
}

/// How many a panel should suggest.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Size {
    size: String,
}

/// The suggested panel, with its reasons, to take, change or pick from by hand.
#[handler]
pub async fn panel<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, id)): Path<(String, String)>,
    Query(size): Query<Size>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = panel_page(&pages, &visit, &group, &id, &size, Problems::default()).await;
    visit.answer(shown)
}

async fn panel_page<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    id: &str,
    size: &Size,
    problems: Problems,
) -> Shown {
    let (account, group, id) = (visit.account()?, group_of(group)?, peer_assist_of(id)?);
    let size = if size.size.trim().is_empty() {
        PanelSize::default()
    } else {
        whole_number(&size.size, "size").and_then(PanelSize::new)?
    };
    let view = pages.app.peer_assist(account, group, id).await?;
    let panel = pages.app.suggest_panel(account, group, id, size).await?;
    let status = problems.status();
    Ok(html(
        status,
        &PanelPage {
            page: visit.chrome_with("panel-title", problems),
            group,
            id,
            view,
            panel,
            size: size.get(),
        },
    ))
}

/// The people the convenor invites.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct InviteForm {
    facilitator_id: String,
    participant_ids: Vec<String>,
    form_token: String,
}

/// Invites the facilitator and participants chosen, then shows the Peer Assist.
#[handler]
pub async fn invite<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, id)): Path<(String, String)>,
    Posted(form): Posted<InviteForm>,
) -> Response {
    let visit = pages.visit(request).await;
    match visit.or_problems(send_invitations(&pages, &visit, &group, &id, &form).await) {
        Ok(response) => response,
        Err(problems) => {
            visit.answer(panel_page(&pages, &visit, &group, &id, &Size::default(), problems).await)
        }
    }
}

async fn send_invitations<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    id: &str,
    form: &InviteForm,
) -> Shown {
    visit.check_form(&form.form_token)?;
    let (account, group, id) = (visit.account()?, group_of(group)?, peer_assist_of(id)?);
    let mut fields = Fields::default();
    let facilitator = fields
        .read(MemberId::parse(&form.facilitator_id).map_err(|e| e.in_field("facilitator_id")));
    let participants = fields.read(
        form.participant_ids
            .iter()
            .map(|p| MemberId::parse(p).map_err(|e| e.in_field("participant_ids")))
            .collect::<Result<Vec<_>, _>>(),
    );
    let (facilitator, participants) = fields.build(|| Some((facilitator?, participants?)))?;
    pages
        .app
        .invite_to_peer_assist(account, group, id, facilitator, participants)
        .await?;
    Ok(
        Redirect::see_other(format!("/groups/{group}/peer-assists/{id}?done=invited"))
            .into_response(),
    )
}

#[derive(Template)]
#[template(path = "peer_assists/agenda.html")]
struct AgendaPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    view: PeerAssistView,
    /// The minutes of each part, as shown or as typed.
    minutes: Vec<(AgendaPart, String)>,
}

/// The form to adjust the plan of the meeting.
#[handler]
pub async fn agenda_form<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, id)): Path<(String, String)>,
) -> Response {
    let visit = pages.visit(request).await;
    visit.answer(agenda_page(&pages, &visit, &group, &id, None, Problems::default()).await)
}

async fn agenda_page<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    id: &str,
    typed: Option<&AgendaForm>,
    problems: Problems,
) -> Shown {
    let (account, group, id) = (visit.account()?, group_of(group)?, peer_assist_of(id)?);
    let view = pages.app.peer_assist(account, group, id).await?;
    view.peer_assist.check(Move::EditAgenda, &view.reader)?;
    let minutes = view
        .plan
        .items()
        .iter()
        .map(|item| {
            let shown = typed
                .map(|f| f.minutes_of(item.part).to_owned())
                .unwrap_or_else(|| item.minutes.get().to_string());
            (item.part, shown)
        })
        .collect();
    let status = problems.status();
    Ok(html(
        status,
        &AgendaPage {
            page: visit.chrome_with("agenda-title", problems),
            group,
            view,
            minutes,
        },
    ))
}

/// The minutes typed for each part.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AgendaForm {
    socialise: String,
    tell: String,
    ask: String,
    analyse: String,
    feedback: String,
    form_token: String,
}

impl AgendaForm {
    fn minutes_of(&self, part: AgendaPart) -> &str {
        match part {
            AgendaPart::Socialise => &self.socialise,
            AgendaPart::Tell => &self.tell,
            AgendaPart::Ask => &self.ask,
            AgendaPart::Analyse => &self.analyse,
            AgendaPart::Feedback => &self.feedback,
        }
    }
}

/// Saves the plan as adjusted, then shows the Peer Assist.
#[handler]
pub async fn save_agenda<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, id)): Path<(String, String)>,
    Posted(form): Posted<AgendaForm>,
) -> Response {
    let visit = pages.visit(request).await;
    match visit.or_problems(set_agenda(&pages, &visit, &group, &id, &form).await) {
        Ok(response) => response,
        Err(problems) => {
            visit.answer(agenda_page(&pages, &visit, &group, &id, Some(&form), problems).await)
        }
    }
}

async fn set_agenda<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    id: &str,
    form: &AgendaForm,
) -> Shown {
    visit.check_form(&form.form_token)?;
    let (account, group, id) = (visit.account()?, group_of(group)?, peer_assist_of(id)?);
    let mut fields = Fields::default();
    let items: Vec<Option<AgendaItem>> = AgendaPart::ALL
        .iter()
        .map(|part| {
            fields
                .read(
                    whole_number(form.minutes_of(*part), part.as_str())
                        .and_then(PartMinutes::new)
                        .map_err(|e| e.in_field(part.as_str())),
                )
                .map(|minutes| AgendaItem {
                    part: *part,
                    minutes,
                })
        })
        .collect();
    let items = fields.build(|| items.into_iter().collect::<Option<Vec<_>>>())?;
    pages
        .app
        .set_peer_assist_agenda(account, group, id, Agenda::of(items))
        .await?;
    Ok(
        Redirect::see_other(format!("/groups/{group}/peer-assists/{id}?done=saved"))
            .into_response(),
    )
}

#[derive(Template)]
#[template(path = "peer_assists/lessons.html")]
struct LessonsPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    areas: Vec<Area>,
    area: Option<AreaId>,
    lessons: Vec<LessonView>,
}

impl LessonsPage<'_> {
    fn is_chosen(&self, area: &AreaId) -> bool {
        self.area == Some(*area)
    }
}

/// Which lessons to list: those of one area, or all.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Of {
    area_id: String,
}

/// The lessons the group has published, newest first, of one area when chosen.
#[handler]
pub async fn lessons<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
    Query(of): Query<Of>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = async {
        let (account, group) = (visit.account()?, group_of(&group)?);
        let area = Some(of.area_id.trim())
            .filter(|a| !a.is_empty())
            .map(AreaId::parse)
            .transpose()
            .map_err(|e| e.in_field("area_id"))?;
        let found = pages
            .app
            .lessons(account, group, area.into_iter().collect(), one_page()?)
            .await?;
        Ok(ok(&LessonsPage {
            page: visit.chrome("lessons-title"),
            group,
            areas: live_areas(&pages, &visit, group).await?,
            area,
            lessons: found.items,
        }))
    };
    visit.answer(shown.await)
}

#[derive(Template)]
#[template(path = "peer_assists/lesson.html")]
struct LessonPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    view: LessonView,
}

/// One lesson.
#[handler]
pub async fn lesson<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path((group, id)): Path<(String, String)>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = async {
        let (account, group, id) = (visit.account()?, group_of(&group)?, lesson_of(&id)?);
        let view = pages.app.lesson(account, group, id).await?;
        Ok(ok(&LessonPage {
            page: visit.chrome("lesson-title"),
            group,
            view,
        }))
    };
    visit.answer(shown.await)
}
