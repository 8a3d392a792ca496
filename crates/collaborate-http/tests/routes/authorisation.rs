//! Who may do what: every endpoint, called by every kind of caller, answers the expected status
//! (and, as every call of these tests, an answer its schema in the document allows).
//! The table must name every endpoint of the OpenAPI document, so a new endpoint cannot be
//! forgotten.

use crate::fixture::{World, call, server};
use serde_json::Value;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy)]
enum Caller {
    Anonymous,
    Outsider,
    Suspended,
    Member,
    Admin,
}

const CALLERS: [Caller; 5] = [
    Caller::Anonymous,
    Caller::Outsider,
    Caller::Suspended,
    Caller::Member,
    Caller::Admin,
];

/// Method, path, body, and the status for [anonymous, outsider, suspended, member, admin].
type Row = (&'static str, &'static str, Option<&'static str>, [u16; 5]);

const REQUEST: &str = "/api/v1/groups/{g}/requests/{request}";

const TABLE: &[Row] = &[
    (
        "POST",
        "/api/v1/accounts",
        Some(
            r#"{"email": "{email}", "password": "a long enough password", "display_name": "New"}"#,
        ),
        [201, 201, 201, 201, 201],
    ),
    (
        "POST",
        "/api/v1/sessions",
        Some(r#"{"email": "admin@example.org", "password": "a long enough password"}"#),
        [201, 201, 201, 201, 201],
    ),
    (
        "DELETE",
        "/api/v1/sessions/current",
        None,
        [401, 204, 204, 204, 204],
    ),
    ("GET", "/api/v1/me", None, [401, 200, 200, 200, 200]),
    ("GET", "/api/v1/me/export", None, [401, 200, 200, 200, 200]),
    (
        "PUT",
        "/api/v1/me/password",
        Some(
            r#"{"current_password": "a long enough password", "new_password": "another long enough password"}"#,
        ),
        [401, 204, 204, 204, 204],
    ),
    (
        "POST",
        "/api/v1/password-resets",
        Some(r#"{"email": "admin@example.org"}"#),
        [202, 202, 202, 202, 202],
    ),
    (
        "POST",
        "/api/v1/password-resets/{reset}",
        Some(r#"{"password": "another long enough password"}"#),
        [404, 404, 404, 404, 404],
    ),
    (
        "POST",
        "/api/v1/address-confirmations/{reset}",
        Some(r#"{"password": "a long enough password"}"#),
        [404, 404, 404, 404, 404],
    ),
    (
        "POST",
        "/api/v1/me/address-confirmation",
        None,
        [401, 202, 202, 202, 202],
    ),
    (
        "DELETE",
        "/api/v1/me",
        Some(r#"{"password": "a long enough password"}"#),
        [401, 204, 204, 204, 409],
    ),
    (
        "POST",
        "/api/v1/invitations/{invitation}/accept",
        None,
        [401, 201, 404, 404, 404],
    ),
    (
        "POST",
        "/api/v1/groups",
        Some(r#"{"name": "Another", "growth_mode": "systemic"}"#),
        [401, 201, 201, 201, 201],
    ),
    ("GET", "/api/v1/groups", None, [401, 200, 200, 200, 200]),
    ("GET", "/api/v1/groups/{g}", None, [401, 404, 200, 200, 200]),
    (
        "PATCH",
        "/api/v1/groups/{g}",
        Some(r#"{"name": "Renamed"}"#),
        [401, 404, 403, 403, 200],
    ),
    (
        "POST",
        "/api/v1/groups/{g}/join",
        Some(r#"{"join_code": "{code}"}"#),
        [401, 201, 403, 409, 409],
    ),
    (
        "POST",
        "/api/v1/groups/{g}/invitations",
        Some(r#"{"email": "{email}"}"#),
        [401, 404, 403, 403, 201],
    ),
    (
        "GET",
        "/api/v1/groups/{g}/audit?action=contacts_revealed",
        None,
        [401, 404, 403, 403, 200],
    ),
    (
        "DELETE",
        "/api/v1/groups/{g}/members/me",
        None,
        [401, 404, 403, 204, 409],
    ),
    (
        "GET",
        "/api/v1/groups/{g}/members/me/reveals",
        None,
        [401, 404, 200, 200, 200],
    ),
    (
        "GET",
        "/api/v1/groups/{g}/members/me/contribution",
        None,
        [401, 404, 200, 200, 200],
    ),
    (
        "GET",
        "/api/v1/groups/{g}/members/me/contribution/csv",
        None,
        [401, 404, 200, 200, 200],
    ),
    (
        "POST",
        "/api/v1/groups/{g}/imports?dry_run=true",
        Some(
            r#""email,display_name,strength_1\r\n{email},New person,Curriculum > KS3 science\r\n""#,
        ),
        [401, 404, 403, 403, 200],
    ),
    (
        "GET",
        "/api/v1/groups/{g}/reports/{report}?format=csv",
        None,
        [401, 404, 403, 403, 200],
    ),
    (
        "GET",
        "/api/v1/groups/{g}/reports/{report}/csv",
        None,
        [401, 404, 403, 403, 200],
    ),
    (
        "GET",
        "/api/v1/groups/{g}/imports/template",
        None,
        [401, 404, 403, 403, 200],
    ),
    (
        "POST",
        "/api/v1/invitations/{invitation}/claim",
        Some(r#"{"password": "a long enough password"}"#),
        [409, 409, 409, 409, 409],
    ),
    (
        "GET",
        "/api/v1/groups/{g}/invitations",
        None,
        [401, 404, 403, 403, 200],
    ),
    (
        "DELETE",
        "/api/v1/groups/{g}/invitations/{invitation_id}",
        None,
        [401, 404, 403, 403, 204],
    ),
    (
        "GET",
        "/api/v1/groups/{g}/members",
        None,
        [401, 404, 403, 403, 200],
    ),
    (
        "GET",
        "/api/v1/groups/{g}/members/me",
        None,
        [401, 404, 200, 200, 200],
    ),
    (
        "PATCH",
        "/api/v1/groups/{g}/members/me",
        Some(r#"{"job_title": "Head of science"}"#),
        [401, 404, 403, 200, 200],
    ),
    (
        "PATCH",
        "/api/v1/groups/{g}/members/{member}",
        Some(r#"{"role": "member"}"#),
        [401, 404, 403, 403, 200],
    ),
    (
        "GET",
        "/api/v1/groups/{g}/areas",
        None,
        [401, 404, 403, 200, 200],
    ),
    (
        "POST",
        "/api/v1/groups/{g}/areas",
        Some(r#"{"name": "New area", "aspects": ["One"]}"#),
        [401, 404, 403, 403, 201],
    ),
    (
        "PATCH",
        "/api/v1/groups/{g}/areas/{area}",
        Some(r#"{"description": "Schemes of work"}"#),
        [401, 404, 403, 403, 200],
    ),
    (
        "DELETE",
        "/api/v1/groups/{g}/areas/{unused}",
        None,
        [401, 404, 403, 403, 200],
    ),
    (
        "GET",
        "/api/v1/groups/{g}/areas/summary",
        None,
        [401, 404, 403, 200, 200],
    ),
    (
        "GET",
        "/api/v1/groups/{g}/organisations",
        None,
        [401, 404, 403, 200, 200],
    ),
    (
        "POST",
        "/api/v1/groups/{g}/organisations",
        Some(r#"{"name": "St Mary's"}"#),
        [401, 404, 403, 403, 201],
    ),
    (
        "GET",
        "/api/v1/groups/{g}/offers",
        None,
        [401, 404, 200, 200, 200],
    ),
    (
        "POST",
        "/api/v1/groups/{g}/offers",
        Some(
            r#"{"area_id": "{area}", "aspects": ["KS3 science"], "description": "More", "modes": ["phone"]}"#,
        ),
        [401, 404, 403, 201, 201],
    ),
    (
        "PATCH",
        "/api/v1/groups/{g}/offers/{offer}",
        Some(r#"{"capacity": 3}"#),
        [401, 404, 403, 200, 200],
    ),
    (
        "DELETE",
        "/api/v1/groups/{g}/offers/{offer}",
        None,
        [401, 404, 403, 204, 204],
    ),
    (
        "GET",
        "/api/v1/groups/{g}/needs",
        None,
        [401, 404, 200, 200, 200],
    ),
    (
        "POST",
        "/api/v1/groups/{g}/needs",
        Some(r#"{"area_id": "{area}", "description": "Coaching"}"#),
        [401, 404, 403, 201, 201],
    ),
    (
        "PATCH",
        "/api/v1/groups/{g}/needs/{need}",
        Some(r#"{"status": "met"}"#),
        [401, 404, 403, 200, 200],
    ),
    (
        "DELETE",
        "/api/v1/groups/{g}/needs/{need}",
        None,
        [401, 404, 403, 204, 204],
    ),
    (
        "GET",
        "/api/v1/groups/{g}/search?area_id={area2}",
        None,
        [401, 404, 403, 200, 200],
    ),
    (
        "POST",
        "/api/v1/groups/{g}/requests",
        Some(r#"{"offer_id": "{other_offer}", "message": "Hello", "mode": "email"}"#),
        [401, 404, 403, 201, 201],
    ),
    (
        "GET",
        "/api/v1/groups/{g}/requests",
        None,
        [401, 404, 200, 200, 200],
    ),
    ("GET", REQUEST, None, [401, 404, 403, 200, 200]),
    (
        "POST",
        "/api/v1/groups/{g}/requests/{request}/accept",
        None,
        [401, 404, 403, 403, 200],
    ),
    (
        "POST",
        "/api/v1/groups/{g}/requests/{request}/decline",
        None,
        [401, 404, 403, 403, 200],
    ),
    (
        "POST",
        "/api/v1/groups/{g}/requests/{request}/complete",
        None,
        [401, 404, 403, 409, 409],
    ),
    (
        "POST",
        "/api/v1/groups/{g}/requests/{request}/cancel",
        None,
        [401, 404, 403, 200, 403],
    ),
    (
        "POST",
        "/api/v1/groups/{g}/requests/{request}/feedback",
        Some(r#"{"rating": 5}"#),
        [401, 404, 403, 409, 403],
    ),
    (
        "POST",
        "/api/v1/groups/{g}/concerns",
        Some(r#"{"about": {"member_id": "{member}"}, "text": "They pressed me to meet alone"}"#),
        [401, 404, 403, 201, 201],
    ),
    (
        "GET",
        "/api/v1/groups/{g}/concerns?status=open",
        None,
        [401, 404, 403, 403, 200],
    ),
    (
        "GET",
        "/api/v1/groups/{g}/concerns/{concern}",
        None,
        [401, 404, 403, 403, 200],
    ),
    (
        "PATCH",
        "/api/v1/groups/{g}/concerns/{concern}",
        Some(r#"{"note": "Spoke to both of them"}"#),
        [401, 404, 403, 403, 200],
    ),
    (
        "GET",
        "/api/v1/groups/{g}/safeguarding-leads",
        None,
        [401, 404, 403, 200, 200],
    ),
    (
        "PUT",
        "/api/v1/groups/{g}/safeguarding-leads/{member}",
        None,
        [401, 404, 403, 403, 204],
    ),
    (
        "DELETE",
        "/api/v1/groups/{g}/safeguarding-leads/{member}",
        None,
        [401, 404, 403, 403, 204],
    ),
    (
        "POST",
        "/api/v1/groups/{g}/peer-assists",
        Some(
            r#"{"title": "Opening a second site", "purpose": "Learn first", "area_ids": ["{area}"], "starts_at": "{future}", "duration_minutes": 120, "format": "online"}"#,
        ),
        [401, 404, 403, 201, 201],
    ),
    (
        "GET",
        "/api/v1/groups/{g}/peer-assists",
        None,
        [401, 404, 200, 200, 200],
    ),
    (
        "GET",
        "/api/v1/groups/{g}/peer-assists/{peer_assist}",
        None,
        [401, 404, 404, 200, 200],
    ),
    (
        "PATCH",
        "/api/v1/groups/{g}/peer-assists/{peer_assist}",
        Some(r#"{"title": "Renamed"}"#),
        [401, 404, 404, 200, 403],
    ),
    (
        "GET",
        "/api/v1/groups/{g}/peer-assists/{peer_assist}/panel",
        None,
        [401, 404, 404, 200, 403],
    ),
    (
        "POST",
        "/api/v1/groups/{g}/peer-assists/{peer_assist}/invitations",
        Some(r#"{"facilitator_id": "{member}", "participant_ids": ["{member}"]}"#),
        [401, 404, 404, 400, 403],
    ),
    (
        "POST",
        "/api/v1/groups/{g}/peer-assists/{peer_assist}/respond",
        Some(r#"{"accept": true}"#),
        [401, 404, 404, 403, 403],
    ),
    (
        "POST",
        "/api/v1/groups/{g}/peer-assists/{peer_assist}/schedule",
        None,
        [401, 404, 404, 409, 403],
    ),
    (
        "PUT",
        "/api/v1/groups/{g}/peer-assists/{peer_assist}/phases/{phase}",
        Some(r#"{"notes": "What we plan"}"#),
        [401, 404, 404, 409, 403],
    ),
    (
        "POST",
        "/api/v1/groups/{g}/peer-assists/{peer_assist}/held",
        None,
        [401, 404, 404, 409, 403],
    ),
    (
        "POST",
        "/api/v1/groups/{g}/peer-assists/{peer_assist}/actions",
        Some(r#"{"what": "Visit the other site", "due_on": "2099-01-31"}"#),
        [401, 404, 404, 409, 403],
    ),
    (
        "PATCH",
        "/api/v1/groups/{g}/peer-assists/{peer_assist}/actions/{member}",
        Some(r#"{"status": "done"}"#),
        [401, 404, 404, 409, 403],
    ),
    (
        "POST",
        "/api/v1/groups/{g}/peer-assists/{peer_assist}/updates",
        Some(r#"{"message": "What came of it"}"#),
        [401, 404, 404, 409, 403],
    ),
    (
        "GET",
        "/api/v1/groups/{g}/peer-assists/{peer_assist}/agenda",
        None,
        [401, 404, 404, 200, 200],
    ),
    (
        "PUT",
        "/api/v1/groups/{g}/peer-assists/{peer_assist}/agenda",
        Some(
            r#"[{"part": "socialise", "minutes": 20}, {"part": "tell", "minutes": 25}, {"part": "ask", "minutes": 20}, {"part": "analyse", "minutes": 30}, {"part": "feedback", "minutes": 25}]"#,
        ),
        [401, 404, 404, 200, 403],
    ),
    (
        "GET",
        "/api/v1/groups/{g}/peer-assists/{peer_assist}/calendar",
        None,
        [401, 404, 404, 200, 200],
    ),
    (
        "POST",
        "/api/v1/groups/{g}/peer-assists/{peer_assist}/lesson",
        Some(
            r#"{"summary": "What we set out to do", "insights": "Start small", "actions_taken": "We started small"}"#,
        ),
        [401, 404, 404, 409, 403],
    ),
    (
        "POST",
        "/api/v1/groups/{g}/peer-assists/{peer_assist}/cancel",
        None,
        [401, 404, 404, 200, 409],
    ),
    (
        "GET",
        "/api/v1/groups/{g}/lessons",
        None,
        [401, 404, 403, 200, 200],
    ),
    (
        "POST",
        "/api/v1/groups/{g}/requests/{request}/need-answer",
        Some(r#"{"answer": "met"}"#),
        [401, 404, 403, 409, 403],
    ),
    (
        "POST",
        "/api/v1/groups/{g}/matching/proposals",
        Some(r#"{"max_distance_km": 50}"#),
        [401, 404, 403, 403, 201],
    ),
    (
        "GET",
        "/api/v1/groups/{g}/matching/proposals",
        None,
        [401, 404, 403, 403, 200],
    ),
    (
        "GET",
        "/api/v1/groups/{g}/matching/proposals/{proposal}",
        None,
        [401, 404, 403, 403, 200],
    ),
    (
        "POST",
        "/api/v1/groups/{g}/matching/proposals/{proposal}/confirm",
        Some("{}"),
        [401, 404, 403, 403, 200],
    ),
    (
        "GET",
        "/api/v1/groups/{g}/needs/{need}/suggestions",
        None,
        [401, 404, 403, 200, 200],
    ),
];

fn token(world: &World, caller: Caller) -> Option<&str> {
    match caller {
        Caller::Anonymous => None,
        Caller::Outsider => Some(&world.outsider),
        Caller::Suspended => Some(&world.suspended),
        Caller::Member => Some(&world.member),
        Caller::Admin => Some(&world.admin),
    }
}

/// The template with the world's ids for this caller (their own offer, need, …).
fn fill(template: &str, world: &World, caller: Caller) -> String {
    let own = match caller {
        Caller::Admin => "admin",
        Caller::Suspended => "suspended",
        _ => "member",
    };
    let other = if matches!(caller, Caller::Admin) {
        "member"
    } else {
        "admin"
    };
    template
        .replace("{g}", &world.group)
        .replace("{code}", &world.code)
        .replace("{area}", &world.areas[0])
        .replace("{area2}", &world.areas[2])
        .replace("{unused}", &world.unused_area)
        .replace("{offer}", &world.offers[own][0])
        .replace("{other_offer}", &world.offers[other][2])
        .replace("{need}", &world.needs[own])
        .replace("{member}", &world.member_id)
        .replace("{request}", &world.request)
        .replace("{invitation_id}", &world.invitation_id)
        .replace("{invitation}", &world.invitation)
        .replace("{report}", "gaps")
        .replace("{reset}", "not-a-reset-token")
        .replace("{concern}", &world.concern)
        .replace("{peer_assist}", &world.peer_assist)
        .replace("{proposal}", &world.proposal)
        .replace("{phase}", "tell")
        .replace("{future}", &crate::fixture::in_a_month())
        .replace(
            "{email}",
            &format!("{caller:?}-new@example.org").to_lowercase(),
        )
}

#[tokio::test]
async fn every_endpoint_answers_every_caller_as_the_table_says() {
    let mut wrong = Vec::new();
    for (method, path, body, expected) in TABLE {
        let world = World::new().await;
        for (caller, want) in CALLERS.iter().zip(expected) {
            let path = fill(path, &world, *caller);
            let body =
                body.map(|b| serde_json::from_str::<Value>(&fill(b, &world, *caller)).unwrap());
            let (status, answer) =
                call(&world.client, method, &path, token(&world, *caller), body).await;
            if status != *want {
                wrong.push(format!(
                    "{method} {path} as {caller:?}: {status} (wanted {want}) {answer}"
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

fn shape(path: &str) -> String {
    let path = path.split('?').next().unwrap_or_default();
    path.split('/')
        .map(|part| if part.starts_with('{') { "{}" } else { part })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn the_table_names_every_endpoint_of_the_api() {
    let client = server().await;
    let (status, spec) = call(&client, "GET", "/api/v1/openapi.json", None, None).await;
    assert_eq!(status, 200);
    let documented: BTreeSet<String> = spec["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| format!("{} {}", m.to_uppercase(), shape(path)))
        })
        .collect();
    let tabled: BTreeSet<String> = TABLE
        .iter()
        .map(|(m, p, _, _)| format!("{m} {}", shape(p)))
        .collect();
    let missing: Vec<_> = documented.difference(&tabled).collect();
    assert!(
        missing.is_empty(),
        "endpoints missing from the authorisation table: {missing:?}"
    );
    assert_eq!(documented.len(), tabled.len());
}
