//! Peer Assists and their lessons on every store: a Peer Assist reads back as each step of its
//! life left it, and only in its own group; an edit from a replaced version and a second lesson
//! are refused; each member lists the Peer Assists they are in; and the counts that make a
//! panel fair, the members it draws on and the reminders of actions due come out the same.

use crate::harness::{App, app, contract};
use crate::walk::{asking, contributor, group, offer_in};
use collaborate_core::concerns::ConcernAbout;
use collaborate_core::groups::{MemberChanges, NewGroup, ProfileChanges, SettingsChanges};
use collaborate_core::notifications::Notice;
use collaborate_core::offers::{NeedChanges, NewNeed, OfferChanges, Topic};
use collaborate_core::paging::PageRequest;
use collaborate_core::peer_assists::*;
use collaborate_core::ports::{Access, Clock, Store, Transaction};
use collaborate_core::requests::Transition;
use collaborate_core::simulated::ManualClock;
use collaborate_core::values::*;
use collaborate_core::{ConflictReason, Error, PortError};
use std::collections::{BTreeMap, BTreeSet};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// A group, its admin and areas, and contributors who offer help in all three areas.
struct Circle {
    group: GroupId,
    admin: AccountId,
    areas: Vec<AreaId>,
    /// Each contributor's account and member, in the order they joined.
    people: Vec<(AccountId, MemberId)>,
}

impl Circle {
    fn account(&self, i: usize) -> AccountId {
        self.people[i].0
    }

    fn member(&self, i: usize) -> MemberId {
        self.people[i].1
    }
}

async fn circle<S: Store>(app: &App<S>, contributors: usize) -> Circle {
    let (group, admin, areas, code) = group(app).await;
    let mut people = Vec::new();
    for i in 0..contributors {
        let email = format!("peer{i}@example.org");
        let (who, _) = contributor(app, group, &areas, &code, &email, 3).await;
        people.push((who, app.my_profile(who, group).await.unwrap().member.id));
    }
    Circle {
        group,
        admin,
        areas,
        people,
    }
}

/// A Peer Assist about `title` in the first two areas, meeting online a fortnight after `now`.
fn proposal(title: &str, areas: &[AreaId], now: OffsetDateTime) -> NewPeerAssist {
    NewPeerAssist {
        brief: Brief {
            title: Title::parse(title).unwrap(),
            purpose: Purpose::parse("Open a sixth form that serves the whole town").unwrap(),
            background: Some(Background::parse("Two schools tried and merged theirs").unwrap()),
            desired_outcomes: None,
        },
        areas: areas[..2].iter().copied().collect(),
        meeting: Meeting {
            starts_at: now + Duration::days(14),
            duration: MeetingMinutes::new(120).unwrap(),
            format: MeetingFormat::Online,
            place: None,
            video_link: Some(VideoLink::parse("https://meet.example.org/sixth-form").unwrap()),
        },
    }
}

/// Peer Assist `title` convened by contributor `convenor`, facilitated by `facilitator` and
/// with `participants` invited.
async fn invited<S: Store>(
    app: &App<S>,
    clock: &ManualClock,
    c: &Circle,
    title: &str,
    convenor: usize,
    facilitator: usize,
    participants: &[usize],
) -> PeerAssistId {
    let id = app
        .convene_peer_assist(
            c.account(convenor),
            c.group,
            proposal(title, &c.areas, clock.now()),
        )
        .await
        .unwrap()
        .peer_assist
        .id;
    app.invite_to_peer_assist(
        c.account(convenor),
        c.group,
        id,
        c.member(facilitator),
        participants.iter().map(|p| c.member(*p)).collect(),
    )
    .await
    .unwrap();
    id
}

/// Peer Assist `title` by contributor 0, facilitated by 1 with 2 and 3 taking part, scheduled
/// once all accepted.
async fn scheduled<S: Store>(
    app: &App<S>,
    clock: &ManualClock,
    c: &Circle,
    title: &str,
) -> PeerAssistId {
    let id = invited(app, clock, c, title, 0, 1, &[2, 3]).await;
    for who in 1..=3 {
        app.respond_to_peer_assist(c.account(who), c.group, id, true)
            .await
            .unwrap();
    }
    app.schedule_peer_assist(c.account(0), c.group, id)
        .await
        .unwrap();
    id
}

/// A scheduled Peer Assist, held once its day came.
async fn held<S: Store>(app: &App<S>, clock: &ManualClock, c: &Circle) -> PeerAssistId {
    let id = scheduled(app, clock, c, "Opening a sixth form").await;
    clock.advance(Duration::days(15));
    app.mark_peer_assist_held(c.account(1), c.group, id)
        .await
        .unwrap();
    id
}

fn new_lesson() -> NewLesson {
    NewLesson {
        summary: LessonSummary::parse("We asked how to open a sixth form").unwrap(),
        insights: Insights::parse("Share one with the school next door").unwrap(),
        actions_taken: ActionsTaken::parse("We wrote to the school next door").unwrap(),
    }
}

/// A held Peer Assist, followed up, with its lesson published.
async fn with_lesson<S: Store>(app: &App<S>, clock: &ManualClock, c: &Circle) -> Lesson {
    let id = held(app, clock, c).await;
    app.send_peer_assist_update(
        c.account(0),
        c.group,
        id,
        Message::parse("We are going ahead").unwrap(),
    )
    .await
    .unwrap();
    app.publish_lesson(c.account(0), c.group, id, new_lesson())
        .await
        .unwrap()
        .lesson
}

/// Whether `who` reads the Peer Assist just as the step that made `view` left it.
async fn reads_back<S: Store>(app: &App<S>, who: AccountId, view: &PeerAssistView, step: &str) {
    let read = app
        .peer_assist(who, view.peer_assist.group_id, view.peer_assist.id)
        .await
        .unwrap();
    assert_eq!(&read, view, "read back after {step}");
}

async fn each_step_reads_back<S: Store>(store: S) {
    let (app, clock) = app(store);
    let c = circle(&app, 5).await;
    let (group, convenor) = (c.group, c.account(0));

    let convened = app
        .convene_peer_assist(
            convenor,
            group,
            proposal("A sixth form", &c.areas, clock.now()),
        )
        .await
        .unwrap();
    reads_back(&app, convenor, &convened, "convening").await;
    let id = convened.peer_assist.id;
    let people = [2, 3, 4].map(|p| c.member(p)).to_vec();
    let invited = app
        .invite_to_peer_assist(convenor, group, id, c.member(1), people)
        .await
        .unwrap();
    reads_back(&app, convenor, &invited, "inviting").await;
    for who in 1..=3 {
        let answered = app
            .respond_to_peer_assist(c.account(who), group, id, true)
            .await
            .unwrap();
        reads_back(&app, c.account(who), &answered, "accepting").await;
    }
    let declined = app
        .respond_to_peer_assist(c.account(4), group, id, false)
        .await
        .unwrap();
    reads_back(&app, c.account(4), &declined, "declining").await;
    let moved = app
        .change_peer_assist(
            convenor,
            group,
            id,
            PeerAssistChanges {
                title: Some(Title::parse("Opening a sixth form").unwrap()),
                format: Some(MeetingFormat::InPerson),
                place: Some(Some(PlaceLabel::parse("Park High, room 4").unwrap())),
                video_link: Some(None),
                ..PeerAssistChanges::default()
            },
        )
        .await
        .unwrap();
    reads_back(&app, convenor, &moved, "changing the brief and the place").await;
    // Longer to listen than the plan made from the duration gives.
    let agenda = Agenda::of(
        AgendaPart::ALL
            .iter()
            .zip([15, 20, 15, 45, 25])
            .map(|(part, minutes)| AgendaItem {
                part: *part,
                minutes: PartMinutes::new(minutes).unwrap(),
            })
            .collect(),
    );
    let planned = app
        .set_peer_assist_agenda(convenor, group, id, agenda)
        .await
        .unwrap();
    reads_back(&app, convenor, &planned, "adjusting the agenda").await;
    let scheduled = app.schedule_peer_assist(convenor, group, id).await.unwrap();
    assert_eq!(scheduled.peer_assist.status, PeerAssistStatus::Scheduled);
    reads_back(&app, convenor, &scheduled, "scheduling").await;

    clock.advance(Duration::days(15));
    let noted = app
        .write_phase_notes(
            c.account(1),
            group,
            id,
            Phase::Tell,
            PhaseNotes::parse("Sixty pupils a year want to stay on").unwrap(),
        )
        .await
        .unwrap();
    reads_back(&app, c.account(1), &noted, "writing notes").await;
    let held = app
        .mark_peer_assist_held(convenor, group, id)
        .await
        .unwrap();
    reads_back(&app, convenor, &held, "holding it").await;
    let due_on = clock.now().date() + Duration::days(7);
    let agreed = app
        .add_peer_assist_action(
            convenor,
            group,
            id,
            ActionText::parse("Ask the school next door").unwrap(),
            Some(c.member(2)),
            due_on,
        )
        .await
        .unwrap();
    reads_back(&app, convenor, &agreed, "agreeing an action").await;
    let followed_up = app
        .send_peer_assist_update(
            convenor,
            group,
            id,
            Message::parse("They said yes").unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(followed_up.peer_assist.status, PeerAssistStatus::FollowedUp);
    reads_back(&app, convenor, &followed_up, "following it up").await;

    let published = app
        .publish_lesson(convenor, group, id, new_lesson())
        .await
        .unwrap()
        .lesson;
    let read = app.peer_assist(convenor, group, id).await.unwrap();
    assert_eq!(read.lesson.as_ref(), Some(&published));
    assert_eq!(read.peer_assist, followed_up.peer_assist);
    let found = app
        .lessons(c.account(4), group, BTreeSet::new(), PageRequest::default())
        .await
        .unwrap()
        .items;
    assert_eq!(
        found.into_iter().map(|v| v.lesson).collect::<Vec<_>>(),
        [published],
        "the whole group finds the lesson, even a peer who declined"
    );
}

contract!(
    /// A Peer Assist reads back just as each step of its life left it, from convening to its
    /// lesson: its brief, meeting, invitees' answers, agenda, tables, notes, actions and updates.
    a_peer_assist_reads_back_as_each_step_of_its_life_left_it => each_step_reads_back
);

async fn concerns_about_one<S: Store>(store: S) {
    let (app, clock) = app(store);
    let c = circle(&app, 5).await;
    let id = invited(&app, &clock, &c, "Opening a sixth form", 0, 1, &[2, 3]).await;
    let text = |words| ConcernText::parse(words).unwrap();
    let about = ConcernAbout::PeerAssist(id);

    let by_a_peer = app
        .raise_concern(
            c.account(2),
            c.group,
            about,
            text("The convenor pressed me to come"),
        )
        .await
        .unwrap();
    assert_eq!(by_a_peer.concerning, c.member(0), "about its convenor");
    let by_the_convenor = app
        .raise_concern(
            c.account(0),
            c.group,
            about,
            text("The facilitator was unkind"),
        )
        .await
        .unwrap();
    assert_eq!(
        by_the_convenor.concerning,
        c.member(1),
        "about its facilitator"
    );
    assert!(
        matches!(
            app.raise_concern(c.account(4), c.group, about, text("Heard about it"))
                .await,
            Err(Error::NotFound(_))
        ),
        "a member not in it cannot learn it exists by raising a concern"
    );

    let listed = app
        .concerns(c.admin, c.group, None, PageRequest::default())
        .await
        .unwrap()
        .items;
    assert_eq!(listed.len(), 2);
    for view in &listed {
        assert_eq!(
            view.concern.about, about,
            "read back as about the Peer Assist"
        );
        let summary = view
            .peer_assist
            .as_ref()
            .expect("the lead is told what it is");
        assert_eq!(
            (summary.title.as_ref().map(Title::as_str), summary.status),
            (Some("Opening a sixth form"), PeerAssistStatus::Inviting)
        );
    }
}

contract!(
    /// A concern about a Peer Assist is about its convenor (raised by the convenor, its
    /// facilitator), raised only by its people, and reads back with what the leads may know.
    a_concern_about_a_peer_assist_reaches_the_leads_about_the_right_person => concerns_about_one
);

async fn only_in_its_group<S: Store + Clone>(store: S) {
    let (app, clock) = app(store.clone());
    let c = circle(&app, 4).await;
    let lesson = with_lesson(&app, &clock, &c).await;
    let other = app
        .create_group(
            c.admin,
            NewGroup {
                name: GroupName::parse("York colleges").unwrap(),
                growth_mode: GrowthMode::Organic,
                areas: Vec::new(),
                settings: SettingsChanges::default(),
            },
        )
        .await
        .unwrap()
        .group
        .id;

    assert!(matches!(
        app.peer_assist(c.admin, other, lesson.peer_assist_id).await,
        Err(Error::NotFound(_))
    ));
    let mut tx = store.begin(Access::Read).await.unwrap();
    let page = PageRequest::default();
    let everything = PeerAssistFilter::default();
    assert!(
        tx.peer_assist(c.group, lesson.peer_assist_id)
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(
        tx.peer_assist(other, lesson.peer_assist_id).await.unwrap(),
        None
    );
    assert_eq!(tx.lesson(other, lesson.id).await.unwrap(), None);
    assert_eq!(
        tx.lesson_of(other, lesson.peer_assist_id).await.unwrap(),
        None
    );
    assert_eq!(tx.peer_assists(other, &everything, page).await.unwrap(), []);
    assert_eq!(tx.lessons(other, &BTreeSet::new(), page).await.unwrap(), []);
    let areas: BTreeSet<AreaId> = c.areas.iter().copied().collect();
    assert_eq!(tx.available_in(other, &areas).await.unwrap(), []);
    assert_eq!(
        tx.asked_lately(other, OffsetDateTime::UNIX_EPOCH)
            .await
            .unwrap(),
        AskedLately::default()
    );
}

contract!(
    /// Another group's id finds neither a Peer Assist nor its lesson, not even for an admin.
    another_groups_id_finds_neither_a_peer_assist_nor_its_lesson => only_in_its_group
);

async fn replaced_version<S: Store + Clone>(store: S) {
    let (app, clock) = app(store.clone());
    let c = circle(&app, 4).await;
    let id = invited(&app, &clock, &c, "A sixth form", 0, 1, &[2, 3]).await;
    let mut tx = store.begin(Access::Read).await.unwrap();
    let read_before = tx.peer_assist(c.group, id).await.unwrap().unwrap();
    drop(tx);
    app.respond_to_peer_assist(c.account(2), c.group, id, true)
        .await
        .unwrap();

    let mut tx = store.begin(Access::Write).await.unwrap();
    let late = PeerAssist {
        status: PeerAssistStatus::Cancelled,
        version: read_before.version.next(),
        ..read_before.clone()
    };
    assert!(matches!(
        tx.update_peer_assist(&late).await,
        Err(PortError::Stale(_))
    ));
    drop(tx);
    let edit = app
        .change_peer_assist(
            c.account(0),
            c.group,
            id,
            PeerAssistChanges {
                title: Some(Title::parse("Another title").unwrap()),
                version: Some(read_before.version),
                ..PeerAssistChanges::default()
            },
        )
        .await;
    assert!(matches!(edit, Err(Error::Stale(_))), "{edit:?}");

    let now = app.peer_assist(c.account(0), c.group, id).await.unwrap();
    assert_eq!(now.peer_assist.status, PeerAssistStatus::Inviting);
    assert_eq!(
        now.peer_assist.invitation_of(c.member(2)).unwrap().1.status,
        InviteeStatus::Accepted,
        "the answer given meanwhile stands"
    );
    assert_eq!(
        now.peer_assist.brief.unwrap().title.as_str(),
        "A sixth form"
    );
}

contract!(
    /// A write from a version already replaced is refused as stale; what replaced it stands.
    a_write_from_a_version_already_replaced_is_refused => replaced_version
);

async fn one_lesson<S: Store + Clone>(store: S) {
    let (app, clock) = app(store.clone());
    let c = circle(&app, 4).await;
    let lesson = with_lesson(&app, &clock, &c).await;

    let again = app
        .publish_lesson(c.account(0), c.group, lesson.peer_assist_id, new_lesson())
        .await;
    assert!(
        matches!(
            again,
            Err(Error::Conflict {
                reason: ConflictReason::Duplicate,
                ..
            })
        ),
        "{again:?}"
    );
    let mut tx = store.begin(Access::Write).await.unwrap();
    let second = Lesson {
        id: LessonId::from_uuid(Uuid::from_u128(u128::MAX)),
        ..lesson.clone()
    };
    assert!(matches!(
        tx.insert_lesson(&second).await,
        Err(PortError::Duplicate(_))
    ));
    drop(tx);
    let read = app
        .peer_assist(c.account(0), c.group, lesson.peer_assist_id)
        .await;
    assert_eq!(read.unwrap().lesson, Some(lesson));
}

contract!(
    /// A Peer Assist publishes one lesson: a second is refused, by the rule and by the store.
    a_peer_assist_publishes_one_lesson_only => one_lesson
);

/// A Peer Assist like `like`, with its own id.
fn copy_of(like: &PeerAssist, n: u128) -> PeerAssist {
    PeerAssist {
        id: PeerAssistId::from_uuid(Uuid::from_u128(n)),
        ..like.clone()
    }
}

async fn lessons_by_area<S: Store + Clone>(store: S) {
    let (app, clock) = app(store.clone());
    let c = circle(&app, 4).await;
    let first = with_lesson(&app, &clock, &c).await;
    let (a0, a1, a2) = (c.areas[0], c.areas[1], c.areas[2]);
    let mut tx = store.begin(Access::Write).await.unwrap();
    let peer_assist = tx
        .peer_assist(c.group, first.peer_assist_id)
        .await
        .unwrap()
        .unwrap();
    let mut later = Vec::new();
    for (n, areas) in [(1 << 100, vec![a2]), (1 << 101, vec![a0, a2])] {
        let from = copy_of(&peer_assist, n);
        tx.insert_peer_assist(&from).await.unwrap();
        let lesson = Lesson {
            id: LessonId::from_uuid(Uuid::from_u128(n + 1)),
            peer_assist_id: from.id,
            areas: areas.into_iter().collect(),
            ..first.clone()
        };
        tx.insert_lesson(&lesson).await.unwrap();
        later.push(lesson);
    }
    tx.commit().await.unwrap();
    drop(tx);
    let (second, third) = (&later[0], &later[1]);

    let listed = |areas: &[AreaId], limit: i64, after: Option<&Lesson>| {
        let (app, c) = (&app, &c);
        let page = PageRequest {
            limit: Limit::new(limit).unwrap(),
            after: after.map(|l| collaborate_core::paging::Cursor::after(l.id.as_uuid())),
        };
        let areas = areas.iter().copied().collect();
        async move {
            let found = app
                .lessons(c.account(3), c.group, areas, page)
                .await
                .unwrap();
            let ids: Vec<LessonId> = found.items.iter().map(|v| v.lesson.id).collect();
            (ids, found.next_cursor.is_some())
        }
    };
    assert_eq!(
        listed(&[], 10, None).await,
        (vec![third.id, second.id, first.id], false),
        "newest first"
    );
    assert_eq!(listed(&[a2], 10, None).await.0, [third.id, second.id]);
    assert_eq!(listed(&[a1], 10, None).await.0, [first.id]);
    assert_eq!(
        listed(&[a1, a2], 10, None).await.0,
        [third.id, second.id, first.id],
        "a lesson of any of the areas, once"
    );
    assert_eq!(
        listed(&[], 2, None).await,
        (vec![third.id, second.id], true)
    );
    assert_eq!(listed(&[], 2, Some(second)).await, (vec![first.id], false));

    let mut tx = store.begin(Access::Write).await.unwrap();
    tx.delete_lessons_of(c.group, c.member(1)).await.unwrap();
    assert_eq!(
        tx.lessons(c.group, &BTreeSet::new(), PageRequest::default())
            .await
            .unwrap()
            .len(),
        3,
        "only the convenor's lessons go with their words"
    );
    tx.delete_lessons_of(c.group, c.member(0)).await.unwrap();
    assert_eq!(
        tx.lessons(c.group, &BTreeSet::from([a2]), PageRequest::default())
            .await
            .unwrap(),
        []
    );
    assert_eq!(tx.lesson(c.group, first.id).await.unwrap(), None);
    assert_eq!(
        tx.lesson_of(c.group, first.peer_assist_id).await.unwrap(),
        None
    );
    tx.insert_lesson(third).await.unwrap();
    assert_eq!(
        tx.lessons(c.group, &BTreeSet::from([a0]), PageRequest::default())
            .await
            .unwrap(),
        std::slice::from_ref(third),
        "nothing is left of a deleted lesson to stop it being written again"
    );
}

contract!(
    /// The group finds lessons by any of their areas, newest first, a page at a time; a
    /// convenor's lessons go when their words do.
    lessons_are_found_by_area_newest_first_and_go_with_their_convenor => lessons_by_area
);

async fn member_lists<S: Store>(store: S) {
    let (app, clock) = app(store);
    let c = circle(&app, 6).await;
    let a = invited(&app, &clock, &c, "A", 0, 1, &[2, 3]).await;
    let b = invited(&app, &clock, &c, "B", 1, 0, &[2, 4]).await;
    let draft = app
        .convene_peer_assist(c.account(2), c.group, proposal("C", &c.areas, clock.now()))
        .await
        .unwrap()
        .peer_assist
        .id;
    let d = invited(&app, &clock, &c, "D", 3, 4, &[0, 5]).await;
    app.cancel_peer_assist(c.account(3), c.group, d)
        .await
        .unwrap();

    let list = |who: AccountId, role, status, all, limit: i64, after: Option<PeerAssistId>| {
        let app = &app;
        let group = c.group;
        async move {
            let filter = PeerAssistFilter {
                involving: None,
                role,
                status,
            };
            let page = PageRequest {
                limit: Limit::new(limit).unwrap(),
                after: after.map(|id| collaborate_core::paging::Cursor::after(id.as_uuid())),
            };
            app.peer_assists(who, group, filter, all, page)
                .await
                .map(|p| {
                    let ids: Vec<_> = p.items.iter().map(|v| v.peer_assist.id).collect();
                    (ids, p.next_cursor.map(|c| PeerAssistId::from_uuid(c.id())))
                })
        }
    };
    let mine = |who, role, status| list(who, role, status, false, 50, None);
    let ids = |found: Result<(Vec<PeerAssistId>, _), Error>| found.unwrap().0;

    assert_eq!(ids(mine(c.account(2), None, None).await), [draft, b, a]);
    let participant = Some(PeerAssistRole::Participant);
    assert_eq!(ids(mine(c.account(2), participant, None).await), [b, a]);
    let convenor = Some(PeerAssistRole::Convenor);
    assert_eq!(ids(mine(c.account(2), convenor, None).await), [draft]);
    let facilitator = Some(PeerAssistRole::Facilitator);
    assert_eq!(ids(mine(c.account(0), facilitator, None).await), [b]);
    assert_eq!(ids(mine(c.account(5), None, None).await), [d]);
    let cancelled = Some(PeerAssistStatus::Cancelled);
    assert_eq!(ids(mine(c.account(0), None, cancelled).await), [d]);
    let drafts = Some(PeerAssistStatus::Draft);
    assert_eq!(ids(mine(c.account(0), None, drafts).await), []);
    assert_eq!(ids(mine(c.admin, None, None).await), [], "an admin in none");

    assert_eq!(
        list(c.account(0), None, None, false, 2, None)
            .await
            .unwrap(),
        (vec![d, b], Some(b)),
        "a page at a time, newest first"
    );
    assert_eq!(
        list(c.account(0), None, None, false, 2, Some(b))
            .await
            .unwrap(),
        (vec![a], None)
    );
    assert_eq!(
        ids(list(c.admin, None, None, true, 50, None).await),
        [d, draft, b, a]
    );
    let inviting = Some(PeerAssistStatus::Inviting);
    assert_eq!(
        ids(list(c.admin, None, inviting, true, 50, None).await),
        [b, a]
    );
    assert!(matches!(
        list(c.account(0), None, None, true, 50, None).await,
        Err(Error::Forbidden(_))
    ));
}

contract!(
    /// Each member lists the Peer Assists they are in, by role and status, newest first and a
    /// page at a time; an admin lists every one of the group.
    each_member_lists_the_peer_assists_they_are_in => member_lists
);

async fn fairness_counts<S: Store + Clone>(store: S) {
    let (app, clock) = app(store.clone());
    let c = circle(&app, 5).await;
    let asked_of = |offers: &[OfferId], area: usize| asking(offers[area]);
    let offers_of = |i: usize| {
        let app = &app;
        let (group, who) = (c.group, c.account(i));
        async move {
            app.my_offers(who, group)
                .await
                .unwrap()
                .into_iter()
                .map(|o| o.id)
                .collect::<Vec<_>>()
        }
    };
    let started = clock.now();
    let helped = app
        .create_request(c.account(0), c.group, asked_of(&offers_of(1).await, 0))
        .await
        .unwrap()
        .request
        .id;
    app.transition(c.account(1), c.group, helped, Transition::Accept)
        .await
        .unwrap();
    app.transition(c.account(0), c.group, helped, Transition::Complete)
        .await
        .unwrap();
    // Facilitated by 1, with 2 and 3 taking part, and held.
    let id = scheduled(&app, &clock, &c, "First").await;
    clock.advance(Duration::days(15));
    app.mark_peer_assist_held(c.account(0), c.group, id)
        .await
        .unwrap();
    // Convened but never held: facilitating it does not count.
    invited(&app, &clock, &c, "Not held", 4, 2, &[3, 0]).await;

    clock.advance(Duration::days(1));
    let since = clock.now();
    app.create_request(c.account(3), c.group, asked_of(&offers_of(1).await, 1))
        .await
        .unwrap();
    app.create_request(c.account(4), c.group, asked_of(&offers_of(2).await, 1))
        .await
        .unwrap();
    invited(&app, &clock, &c, "Lately", 4, 1, &[0, 2]).await;

    let m = |i| c.member(i);
    let mut tx = store.begin(Access::Read).await.unwrap();
    assert_eq!(
        tx.asked_lately(c.group, since).await.unwrap(),
        AskedLately {
            requests: BTreeMap::from([(m(1), 1), (m(2), 1)]),
            invitations: BTreeMap::from([(m(0), 1), (m(1), 1), (m(2), 1)]),
            facilitated: BTreeMap::from([(m(1), 1)]),
            helped_before: BTreeSet::from([m(1)]),
        }
    );
    assert_eq!(
        tx.asked_lately(c.group, started).await.unwrap(),
        AskedLately {
            requests: BTreeMap::from([(m(1), 2), (m(2), 1)]),
            invitations: BTreeMap::from([(m(0), 2), (m(1), 2), (m(2), 3), (m(3), 2)]),
            facilitated: BTreeMap::from([(m(1), 1)]),
            helped_before: BTreeSet::from([m(1)]),
        },
        "a longer window counts more"
    );
}

contract!(
    /// What makes a panel fair: the requests and invitations each member received since a day,
    /// the Peer Assists each facilitated that were held, and who ever helped before.
    asked_lately_counts_what_each_member_was_asked_since_and_what_they_facilitated => fairness_counts
);

async fn who_is_drawn_on<S: Store + Clone>(store: S) {
    let (app, _) = app(store.clone());
    let c = circle(&app, 4).await;
    let (a0, a1, a2) = (c.areas[0], c.areas[1], c.areas[2]);
    let offers = app.my_offers(c.account(1), c.group).await.unwrap();
    let in_a0 = offers.iter().find(|o| o.topic.area_id == a0).unwrap().id;
    app.update_offer(
        c.account(1),
        c.group,
        in_a0,
        OfferChanges {
            status: Some(OfferStatus::Paused),
            ..OfferChanges::default()
        },
    )
    .await
    .unwrap();
    let park_high = app
        .create_organisation(c.admin, c.group, Name::parse("Park High").unwrap())
        .await
        .unwrap()
        .id;
    app.update_profile(
        c.account(3),
        c.group,
        ProfileChanges {
            organisation_id: Some(Some(park_high)),
            ..ProfileChanges::default()
        },
    )
    .await
    .unwrap();
    let need = |area: AreaId| {
        let aspect = if area == a0 {
            "KS3 science"
        } else {
            "Staff wellbeing"
        };
        NewNeed {
            topic: Topic {
                rank: None,
                ..offer_in(area, aspect, 1).topic
            },
        }
    };
    for (who, area) in [(0, a2), (1, a2), (1, a0), (2, a2), (3, a2)] {
        app.create_need(c.account(who), c.group, need(area))
            .await
            .unwrap();
    }
    let met = app.my_needs(c.account(3), c.group).await.unwrap()[0].id;
    app.update_need(
        c.account(3),
        c.group,
        met,
        NeedChanges {
            status: Some(NeedStatus::Met),
            ..NeedChanges::default()
        },
    )
    .await
    .unwrap();
    app.update_member(
        c.admin,
        c.group,
        c.member(2),
        MemberChanges {
            status: Some(MemberStatus::Suspended),
            ..MemberChanges::default()
        },
    )
    .await
    .unwrap();

    let mut tx = store.begin(Access::Read).await.unwrap();
    let rank = Some(Rank::new(1).unwrap());
    let available = |i: usize, organisation, offers: &[AreaId]| Available {
        member_id: c.member(i),
        organisation_id: organisation,
        offers: offers.iter().map(|a| (*a, rank)).collect(),
    };
    let mut expected = vec![
        available(0, None, &[a0, a1]),
        available(1, None, &[a1]),
        available(3, Some(park_high), &[a0, a1]),
    ];
    expected.sort_by_key(|a| a.member_id);
    assert_eq!(
        tx.available_in(c.group, &BTreeSet::from([a0, a1]))
            .await
            .unwrap(),
        expected,
        "active members with their active offers in the areas; none of a suspended member"
    );
    assert_eq!(
        tx.available_in(c.group, &BTreeSet::new()).await.unwrap(),
        []
    );
    let mut needing = vec![c.member(0), c.member(1)];
    needing.sort();
    assert_eq!(
        tx.members_needing(c.group, &BTreeSet::from([a0, a2]))
            .await
            .unwrap(),
        needing,
        "active members with open needs in the areas, each once"
    );
    assert_eq!(
        tx.members_needing(c.group, &BTreeSet::from([a1]))
            .await
            .unwrap(),
        []
    );
}

contract!(
    /// A panel draws on the active members with active offers in its areas, with their
    /// organisation and ranks; its news reaches the active members with open needs there.
    panels_draw_on_active_offers_and_news_reaches_open_needs => who_is_drawn_on
);

async fn action_reminders<S: Store + Clone>(store: S) {
    let (app, clock) = app(store.clone());
    let c = circle(&app, 4).await;
    let id = held(&app, &clock, &c).await;
    let today = clock.now().date();
    let add = |what: &str, owner: Option<usize>, days: i64| {
        let app = &app;
        let (group, convenor) = (c.group, c.account(0));
        let owner = owner.map(|o| c.member(o));
        let what = ActionText::parse(what).unwrap();
        async move {
            app.add_peer_assist_action(
                convenor,
                group,
                id,
                what,
                owner,
                today + Duration::days(days),
            )
            .await
            .unwrap()
        }
    };
    add("Write to the council", Some(2), 5).await;
    add("Find a room", None, 1).await;
    let done = add("Ask the governors", Some(3), 1).await;
    let done_id = done.peer_assist.actions[2].id;
    app.change_peer_assist_action(
        c.account(3),
        c.group,
        id,
        done_id,
        ActionChanges {
            status: Some(ActionStatus::Done),
            ..ActionChanges::default()
        },
    )
    .await
    .unwrap();
    let due_by = |store: &S, days: i64, limit: usize| {
        let store = store.clone();
        let by = clock.now().date() + Duration::days(days);
        async move {
            let mut tx = store.begin(Access::Read).await.unwrap();
            let due = tx.peer_assists_with_actions_due(by, limit).await.unwrap();
            due.into_iter().map(|p| p.id).collect::<Vec<_>>()
        }
    };

    assert_eq!(due_by(&store, 2, 10).await, [], "nothing owned is due yet");
    assert_eq!(app.remind_due_actions().await.unwrap(), 0);
    clock.advance(Duration::days(3));
    assert_eq!(due_by(&store, 2, 10).await, [id]);
    assert_eq!(
        app.remind_due_actions().await.unwrap(),
        1,
        "due in two days"
    );
    assert_eq!(app.remind_due_actions().await.unwrap(), 0, "once");
    clock.advance(Duration::days(3));
    assert_eq!(app.remind_due_actions().await.unwrap(), 1, "overdue");
    assert_eq!(app.remind_due_actions().await.unwrap(), 0, "once");
    assert_eq!(
        due_by(&store, 2, 10).await,
        [],
        "an owner reminded both times is not reminded again"
    );
    let told: Vec<Notice> = app
        .outbox(None, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| matches!(m.notice, Notice::ActionDue(_) | Notice::ActionOverdue(_)))
        .map(|m| {
            assert_eq!(m.to.as_str(), "peer2@example.org");
            m.notice
        })
        .collect();
    assert_eq!(told.len(), 2);
    assert!(told.contains(&Notice::ActionDue(id)) && told.contains(&Notice::ActionOverdue(id)));

    let reminded = app.peer_assist(c.account(0), c.group, id).await.unwrap();
    let mut tx = store.begin(Access::Write).await.unwrap();
    let mut fresh = reminded.peer_assist.clone();
    fresh.actions[0].reminded = ActionReminders::default();
    let (older, newer) = (copy_of(&fresh, 1 << 100), copy_of(&fresh, 1 << 101));
    tx.insert_peer_assist(&newer).await.unwrap();
    tx.insert_peer_assist(&older).await.unwrap();
    tx.commit().await.unwrap();
    drop(tx);
    assert_eq!(
        due_by(&store, 2, 10).await,
        [older.id, newer.id],
        "oldest first"
    );
    assert_eq!(due_by(&store, 2, 1).await, [older.id], "at most the limit");
    assert_eq!(due_by(&store, -30, 10).await, [], "none due so long ago");
}

contract!(
    /// The owner of an open action is reminded once as it falls due and once when overdue; an
    /// action without an owner, or done, is never.
    the_owner_of_an_action_is_reminded_once_as_it_falls_due_and_once_overdue => action_reminders
);

async fn statements_to_find_a_panel(mut store: collaborate_store::SqlStore) {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let counted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&counted);
    store.observe_queries(move |_| {
        counter.fetch_add(1, Ordering::Relaxed);
    });
    let (app, _) = app(store.clone());
    let c = circle(&app, 4).await;
    let areas: BTreeSet<AreaId> = c.areas.iter().copied().collect();
    let mut tx = store.begin(Access::Read).await.unwrap();
    let before = counted.load(Ordering::Relaxed);
    let found = tx.available_in(c.group, &areas).await.unwrap();
    assert_eq!(found.len(), 4);
    assert_eq!(
        counted.load(Ordering::Relaxed) - before,
        1,
        "one statement for every candidate"
    );
}

#[rstest::rstest]
#[case::sqlite(crate::harness::Backend::Sqlite)]
#[case::postgres(crate::harness::Backend::Postgres)]
#[tokio::test]
async fn finding_who_is_available_takes_one_statement_however_many_there_are(
    #[case] backend: crate::harness::Backend,
) {
    let store = match backend {
        crate::harness::Backend::Sqlite => Some(crate::harness::sqlite().await),
        crate::harness::Backend::Postgres => crate::harness::postgres().await,
        crate::harness::Backend::Memory => None,
    };
    if let Some(store) = store {
        statements_to_find_a_panel(store).await;
    }
}
