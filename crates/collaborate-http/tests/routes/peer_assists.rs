//! Peer Assists through the real routes: convened, a panel suggested, invited, answered,
//! scheduled with a calendar invitation by email, held, recorded, followed up and its lesson
//! found by another member; and who may see and do what, role by role.

use crate::fixture::*;
use crate::smtp::SmtpSink;
use collaborate_core::notifications::DeliveryPolicy;
use collaborate_core::simulated::ManualClock;
use collaborate_http::Catalogue;
use collaborate_http::mail::Mailer;
use serde_json::{Value, json};
use std::sync::Arc;
use time::OffsetDateTime;

/// The world, with two more members (a participant each), the facilitator the admin, of
/// another organisation than the convenor, the member.
struct Meeting {
    world: World,
    app: Arc<ClockedApp>,
    clock: ManualClock,
    /// Two members who take part.
    first: (String, String),
    second: (String, String),
    /// A member nobody invited.
    stranger: String,
    admin_id: String,
}

impl Meeting {
    async fn new() -> Self {
        let clock = ManualClock::starting_at(OffsetDateTime::now_utc());
        let (client, app) = server_on(clock.clone()).await;
        let world = World::on(client).await;
        let mut joined = Vec::new();
        for who in ["first", "second", "stranger"] {
            let token = person(&world.client, &format!("{who}@example.org")).await;
            let (status, _) = world
                .api(&token, "POST", "/join", json!({"join_code": world.code}))
                .await;
            assert_eq!(status, 201);
            let (_, me) = world.api(&token, "GET", "/members/me", Value::Null).await;
            joined.push((token, id(&me["member"])));
        }
        for (token, name) in [
            (&world.member, "Leeds High"),
            (&world.admin, "York College"),
        ] {
            let (status, organisation) = world
                .api(
                    &world.admin,
                    "POST",
                    "/organisations",
                    json!({"name": name}),
                )
                .await;
            assert_eq!(status, 201, "{organisation}");
            let (status, _) = world
                .api(
                    token,
                    "PATCH",
                    "/members/me",
                    json!({"organisation_id": id(&organisation)}),
                )
                .await;
            assert_eq!(status, 200);
        }
        let (_, admin) = world
            .api(&world.admin, "GET", "/members/me", Value::Null)
            .await;
        let stranger = joined.pop().unwrap().0;
        let second = joined.pop().unwrap();
        let first = joined.pop().unwrap();
        Self {
            admin_id: id(&admin["member"]),
            world,
            app,
            clock,
            first,
            second,
            stranger,
        }
    }

    async fn on(&self, token: &str, method: &str, path: &str, body: Value) -> (u16, Value) {
        let path = format!("/peer-assists/{}{path}", self.world.peer_assist);
        self.world.api(token, method, &path, body).await
    }

    async fn invite(&self) {
        let body = json!({
            "facilitator_id": self.admin_id,
            "participant_ids": [self.first.1, self.second.1],
        });
        let (status, invited) = self
            .on(&self.world.member, "POST", "/invitations", body)
            .await;
        assert_eq!(status, 200, "{invited}");
        assert_eq!(invited["status"], "inviting");
    }

    async fn all_accept(&self) {
        for token in [&self.world.admin, &self.first.0, &self.second.0] {
            let (status, answered) = self
                .on(token, "POST", "/respond", json!({"accept": true}))
                .await;
            assert_eq!(status, 200, "{answered}");
        }
    }
}

impl World {
    async fn api(&self, token: &str, method: &str, path: &str, body: Value) -> (u16, Value) {
        let path = format!("/api/v1/groups/{}{path}", self.group);
        let body = (!body.is_null()).then_some(body);
        call(&self.client, method, &path, Some(token), body).await
    }
}

#[tokio::test]
async fn a_peer_assist_goes_from_convening_to_a_lesson_another_member_finds() {
    let meeting = Meeting::new().await;
    let (world, member) = (&meeting.world, &meeting.world.member);
    // The group meets at short notice, so the meeting is within a session's life.
    let (status, _) = call(
        &world.client,
        "PATCH",
        &format!("/api/v1/groups/{}", world.group),
        Some(&world.admin),
        Some(json!({"settings": {"peer_assist_min_days_ahead": 0}})),
    )
    .await;
    assert_eq!(status, 200);
    let soon = (OffsetDateTime::now_utc() + time::Duration::hours(2))
        .replace_nanosecond(0)
        .unwrap()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let (status, moved) = meeting
        .on(member, "PATCH", "", json!({"starts_at": soon}))
        .await;
    assert_eq!(status, 200, "{moved}");

    // The panel: everyone suggested offers a wanted area, says why, and is not the convenor;
    // the facilitator candidates are outside the convenor's organisation.
    let (status, panel) = meeting
        .on(member, "GET", "/panel?size=6", Value::Null)
        .await;
    assert_eq!(status, 200, "{panel}");
    let suggested = panel["participants"].as_array().unwrap();
    assert!(!suggested.is_empty());
    for person in suggested {
        assert_ne!(person["member"]["member_id"], world.member_id.as_str());
        assert!(!person["covers"].as_array().unwrap().is_empty());
        assert!(!person["reasons"].as_array().unwrap().is_empty());
    }
    for candidate in panel["facilitators"].as_array().unwrap() {
        assert_ne!(candidate["organisation"], "Leeds High");
    }

    meeting.invite().await;
    let (status, early) = meeting.on(member, "POST", "/schedule", Value::Null).await;
    assert_eq!(
        (status, &early["reason"]),
        (409, &json!("not_enough_accepted"))
    );
    meeting.all_accept().await;
    let (status, scheduled) = meeting.on(member, "POST", "/schedule", Value::Null).await;
    assert_eq!(status, 200, "{scheduled}");
    assert_eq!(scheduled["status"], "scheduled");
    let parts: Vec<&str> = scheduled["agenda"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["part"].as_str().unwrap())
        .collect();
    assert_eq!(parts, ["socialise", "tell", "ask", "analyse", "feedback"]);

    // Its people get the calendar invitation by email, and members with needs in its areas
    // hear that it is planned; the one who has a need but is not in it learns nothing more.
    let sink = SmtpSink::start().await;
    let mailer = Mailer::smtp(
        &sink.url,
        "Collaborate <exchange@example.org>",
        "https://exchange.example.org",
        Catalogue::shipped().unwrap(),
    )
    .unwrap();
    meeting
        .app
        .deliver_due(&mailer, &DeliveryPolicy::default())
        .await
        .unwrap();
    let received = sink.received();
    let to = |address: &str| {
        received
            .iter()
            .filter(|m| m.to == [address.to_owned()])
            .map(|m| m.data.clone())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let first_mail = to("first@example.org");
    assert!(first_mail.contains("Peer Assist scheduled"), "{first_mail}");
    assert!(first_mail.contains("text/calendar"), "{first_mail}");
    assert!(first_mail.contains("METHOD:REQUEST"), "{first_mail}");

    // Not before it starts; then the facilitator records it held and writes the notes.
    let admin = &world.admin;
    let (status, refused) = meeting.on(admin, "POST", "/held", Value::Null).await;
    assert_eq!((status, &refused["reason"]), (409, &json!("not_yet")));
    meeting.clock.advance(time::Duration::hours(3));
    let (status, _) = meeting.on(admin, "POST", "/held", Value::Null).await;
    assert_eq!(status, 200);
    let notes = json!({"notes": "Start with one class"});
    let (status, _) = meeting
        .on(&meeting.first.0, "PUT", "/phases/feedback", notes.clone())
        .await;
    assert_eq!(status, 403, "a participant does not write the notes");
    let (status, noted) = meeting.on(admin, "PUT", "/phases/feedback", notes).await;
    assert_eq!(status, 200);
    assert_eq!(noted["phases"]["feedback"], "Start with one class");

    // An action owned by a participant, who marks it done but may not change it.
    let due = (OffsetDateTime::now_utc() + time::Duration::days(40)).date();
    let (status, with_action) = meeting
        .on(
            member,
            "POST",
            "/actions",
            json!({"what": "Visit York", "owner_id": meeting.first.1, "due_on": due.to_string()}),
        )
        .await;
    assert_eq!(status, 201, "{with_action}");
    let action = with_action["actions"][0]["id"].as_str().unwrap().to_owned();
    let (status, _) = meeting
        .on(
            &meeting.first.0,
            "PATCH",
            &format!("/actions/{action}"),
            json!({"what": "Something else"}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, done) = meeting
        .on(
            &meeting.first.0,
            "PATCH",
            &format!("/actions/{action}"),
            json!({"status": "done"}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(done["actions"][0]["status"], "done");

    // The first update follows it up; then the lesson, once.
    let (status, cancelled) = meeting.on(admin, "POST", "/cancel", Value::Null).await;
    assert_eq!((status, &cancelled["reason"]), (409, &json!("wrong_state")));
    let (status, followed) = meeting
        .on(
            member,
            "POST",
            "/updates",
            json!({"message": "We started with one class"}),
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(followed["status"], "followed_up");
    let lesson = json!({
        "summary": "Opening a second site",
        "insights": "Start small",
        "actions_taken": "One class first; it worked"
    });
    let (status, published) = meeting.on(member, "POST", "/lesson", lesson.clone()).await;
    assert_eq!(status, 201, "{published}");
    let (status, again) = meeting.on(member, "POST", "/lesson", lesson).await;
    assert_eq!((status, &again["reason"]), (409, &json!("duplicate")));

    // A member who was not in it finds the lesson by area, naming nobody who took part.
    let area = &world.areas[0];
    let (status, found) = world
        .api(
            &meeting.stranger,
            "GET",
            &format!("/lessons?area_id={area}"),
            Value::Null,
        )
        .await;
    assert_eq!(status, 200);
    let items = found["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["insights"], "Start small");
    for someone in [&meeting.first.1, &meeting.second.1, &meeting.admin_id] {
        assert!(!found.to_string().contains(someone.as_str()), "{found}");
    }
    let (status, _) = world
        .api(
            &meeting.stranger,
            "GET",
            &format!("/lessons?area_id={}", world.areas[2]),
            Value::Null,
        )
        .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn only_its_people_and_the_admins_see_a_peer_assist_and_each_makes_only_their_moves() {
    let meeting = Meeting::new().await;
    let world = &meeting.world;
    meeting.invite().await;
    let path = format!("/peer-assists/{}", world.peer_assist);

    // Seeing it: its people and the admin; not a member left out, a suspended member or a
    // member of another group.
    for (token, status) in [
        (&world.member, 200),
        (&meeting.first.0, 200),
        (&world.admin, 200),
        (&meeting.stranger, 404),
        (&world.suspended, 404),
        (&world.outsider, 404),
    ] {
        let (got, _) = world.api(token, "GET", &path, Value::Null).await;
        assert_eq!(got, status);
    }
    let (_, listed) = world
        .api(&meeting.stranger, "GET", "/peer-assists", Value::Null)
        .await;
    assert!(listed["items"].as_array().unwrap().is_empty());
    let (status, _) = world
        .api(
            &meeting.stranger,
            "GET",
            "/peer-assists?all=true",
            Value::Null,
        )
        .await;
    assert_eq!(status, 403);
    let (_, all) = world
        .api(&world.admin, "GET", "/peer-assists?all=true", Value::Null)
        .await;
    assert_eq!(all["items"].as_array().unwrap().len(), 1);

    // The moves each is offered are those they may make.
    let moves = |view: &Value| -> Vec<String> {
        view["moves"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap().to_owned())
            .collect()
    };
    let (_, as_convenor) = world.api(&world.member, "GET", &path, Value::Null).await;
    assert!(moves(&as_convenor).contains(&"invite".to_owned()));
    assert!(
        !moves(&as_convenor).contains(&"schedule".to_owned()),
        "not offered before the facilitator and two participants accept"
    );
    assert!(!moves(&as_convenor).contains(&"respond".to_owned()));
    let (_, as_invitee) = world.api(&meeting.first.0, "GET", &path, Value::Null).await;
    assert_eq!(moves(&as_invitee), ["respond"]);
    let (_, as_admin) = world.api(&world.admin, "GET", &path, Value::Null).await;
    assert_eq!(moves(&as_admin), ["respond", "cancel"]);

    // A participant cannot invite, schedule or change it; an uninvited member cannot answer.
    for (method, step, body) in [
        ("POST", "/schedule", Value::Null),
        ("PATCH", "", json!({"title": "Mine now"})),
        ("GET", "/panel", Value::Null),
    ] {
        let (status, _) = meeting.on(&meeting.first.0, method, step, body).await;
        assert_eq!(status, 403, "{method} {step}");
    }
    let (status, _) = meeting
        .on(
            &meeting.stranger,
            "POST",
            "/respond",
            json!({"accept": true}),
        )
        .await;
    assert_eq!(status, 404);

    // A facilitator of the convenor's own organisation is refused, naming the field.
    let (_, second_org) = world
        .api(&world.admin, "GET", "/organisations", Value::Null)
        .await;
    let leeds = second_org["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "Leeds High")
        .map(id)
        .unwrap();
    let (status, _) = world
        .api(
            &meeting.second.0,
            "PATCH",
            "/members/me",
            json!({"organisation_id": leeds}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, refused) = meeting
        .on(
            &world.member,
            "POST",
            "/invitations",
            json!({"facilitator_id": meeting.second.1, "participant_ids": [meeting.first.1]}),
        )
        .await;
    assert_eq!((status, &refused["field"]), (400, &json!("facilitator_id")));

    // The convenor calls it off; everyone invited is told, and nothing more can be done.
    let (status, cancelled) = meeting
        .on(&world.member, "POST", "/cancel", Value::Null)
        .await;
    assert_eq!(status, 200);
    assert_eq!(cancelled["status"], "cancelled");
    let (status, _) = meeting
        .on(
            &meeting.first.0,
            "POST",
            "/respond",
            json!({"accept": true}),
        )
        .await;
    assert_eq!(status, 409);
}

#[tokio::test]
async fn a_date_too_soon_and_a_convenor_without_offers_are_refused() {
    let meeting = Meeting::new().await;
    let world = &meeting.world;
    let soon = (OffsetDateTime::now_utc() + time::Duration::days(2))
        .replace_nanosecond(0)
        .unwrap()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let body = |starts_at: &str| {
        json!({
            "title": "Too soon",
            "purpose": "Learn",
            "area_ids": [world.areas[0]],
            "starts_at": starts_at,
            "duration_minutes": 90,
            "format": "in_person",
            "place": "Room 4"
        })
    };
    let (status, refused) = world
        .api(&world.member, "POST", "/peer-assists", body(&soon))
        .await;
    assert_eq!((status, &refused["field"]), (400, &json!("starts_at")));
    let (status, refused) = world
        .api(
            &meeting.first.0,
            "POST",
            "/peer-assists",
            body(&in_a_month()),
        )
        .await;
    assert_eq!(
        (status, &refused["code"]),
        (403, &json!("reciprocity_required"))
    );
}

#[tokio::test]
async fn a_concern_about_a_peer_assist_goes_to_the_leads_about_its_convenor() {
    let meeting = Meeting::new().await;
    let world = &meeting.world;
    meeting.invite().await;
    let about = json!({"peer_assist_id": world.peer_assist});
    async fn raise(world: &World, token: &str, about: Value) -> (u16, Value) {
        let body = json!({"about": about, "text": "Pressed to come, and to keep it quiet"});
        world.api(token, "POST", "/concerns", body).await
    }

    let (status, raised) = raise(world, &meeting.first.0, about.clone()).await;
    assert_eq!(status, 201, "{raised}");
    assert_eq!(raised["about"]["peer_assist_id"], json!(world.peer_assist));
    let (_, concerns) = world
        .api(&world.admin, "GET", "/concerns", Value::Null)
        .await;
    let (_, convenor) = world
        .api(&world.member, "GET", "/members/me", Value::Null)
        .await;
    let about_it = concerns["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["about"]["peer_assist_id"] == json!(world.peer_assist))
        .expect("the lead receives it");
    assert_eq!(
        about_it["concerning"]["member_id"],
        convenor["member"]["id"]
    );

    // The convenor's concern is about the facilitator, here the only lead: nobody else could
    // receive it.
    let (status, refused) = raise(world, &world.member, about.clone()).await;
    assert_eq!((status, refused["reason"].as_str()), (409, Some("no_lead")));
    // Nobody outside it learns that it exists.
    let (status, _) = raise(world, &meeting.stranger, about.clone()).await;
    assert_eq!(status, 404);
    let both = json!({"peer_assist_id": world.peer_assist, "member_id": meeting.first.1});
    let (status, refused) = raise(world, &meeting.first.0, both).await;
    assert_eq!((status, refused["field"].as_str()), (400, Some("about")));
}

#[tokio::test]
async fn scheduling_counts_the_people_as_they_are_now() {
    let meeting = Meeting::new().await;
    meeting.invite().await;
    meeting.all_accept().await;
    let world = &meeting.world;
    // The second participant is suspended after accepting: one active participant is not
    // enough.
    let (status, _) = world
        .api(
            &world.admin,
            "PATCH",
            &format!("/members/{}", meeting.second.1),
            json!({"status": "suspended"}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, refused) = meeting
        .on(&world.member, "POST", "/schedule", Value::Null)
        .await;
    assert_eq!(
        (status, &refused["reason"]),
        (409, &json!("not_enough_accepted")),
        "{refused}"
    );
    let (status, _) = world
        .api(
            &world.admin,
            "PATCH",
            &format!("/members/{}", meeting.second.1),
            json!({"status": "active"}),
        )
        .await;
    assert_eq!(status, 200);
    // The facilitator joins the convenor's organisation: they can no longer lead it.
    let (_, convenor) = world
        .api(&world.member, "GET", "/members/me", Value::Null)
        .await;
    let (status, _) = world
        .api(
            &world.admin,
            "PATCH",
            "/members/me",
            json!({"organisation_id": convenor["member"]["organisation_id"]}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, refused) = meeting
        .on(&world.member, "POST", "/schedule", Value::Null)
        .await;
    assert_eq!(
        (status, &refused["field"]),
        (400, &json!("facilitator_id")),
        "{refused}"
    );
}

#[tokio::test]
async fn a_date_beyond_two_years_is_refused_naming_it() {
    let world = World::new().await;
    let far = (OffsetDateTime::now_utc() + time::Duration::days(800))
        .replace_nanosecond(0)
        .unwrap()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    for starts_at in [far.as_str(), "9999-12-31T23:59:59Z"] {
        let (status, refused) = world
            .api(
                &world.member,
                "PATCH",
                &format!("/peer-assists/{}", world.peer_assist),
                json!({"starts_at": starts_at, "duration_minutes": 120}),
            )
            .await;
        assert_eq!(
            (status, &refused["field"]),
            (400, &json!("starts_at")),
            "{refused}"
        );
    }
    let (status, _) = world
        .api(&world.member, "GET", "/peer-assists", Value::Null)
        .await;
    assert_eq!(status, 200);
}
