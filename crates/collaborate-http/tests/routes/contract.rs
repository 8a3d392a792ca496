//! The contract seen from outside: reciprocity, the error model, sessions, limits, documents.

use crate::fixture::{ASPECTS, PASSWORD, World, call, id, offer, person, server};
use serde_json::json;

#[tokio::test]
async fn search_and_requests_need_enough_offers_and_pausing_takes_that_away() {
    let world = World::new().await;
    let (client, g) = (&world.client, &world.group);
    let newcomer = person(client, "new@example.org").await;
    call(
        client,
        "POST",
        &format!("/api/v1/groups/{g}/join"),
        Some(&newcomer),
        Some(json!({"join_code": world.code})),
    )
    .await;
    let search = format!("/api/v1/groups/{g}/search?area_id={}", world.areas[1]);
    let ask = json!({"offer_id": world.offers["admin"][1], "message": "Hello", "mode": "email"});
    let requests = format!("/api/v1/groups/{g}/requests");

    let (status, refused) = call(client, "GET", &search, Some(&newcomer), None).await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (403, Some("reciprocity_required"))
    );
    let mut mine = Vec::new();
    for (area, aspect) in world.areas.iter().zip(ASPECTS) {
        let (status, _) = call(
            client,
            "POST",
            &requests,
            Some(&newcomer),
            Some(ask.clone()),
        )
        .await;
        assert_eq!(status, 403);
        mine.push(offer(client, &newcomer, g, area, aspect).await);
    }
    let (status, found) = call(client, "GET", &search, Some(&newcomer), None).await;
    assert_eq!(status, 200);
    assert!(
        found["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|hit| hit["peer"].get("contact").is_none())
    );
    let (_, profile) = call(
        client,
        "GET",
        &format!("/api/v1/groups/{g}/members/me"),
        Some(&newcomer),
        None,
    )
    .await;
    assert_eq!(
        (
            profile["contributor"].as_bool(),
            profile["offers_needed"].as_u64()
        ),
        (Some(true), Some(0))
    );

    let (status, sent) = call(
        client,
        "POST",
        &requests,
        Some(&newcomer),
        Some(ask.clone()),
    )
    .await;
    assert_eq!(status, 201, "{sent}");
    assert_eq!(sent["counterpart"]["contact"]["email"], "admin@example.org");

    let (_, paused) = call(
        client,
        "PATCH",
        &format!("/api/v1/groups/{g}/offers/{}", mine[0]),
        Some(&newcomer),
        Some(json!({"status": "paused"})),
    )
    .await;
    assert_eq!(
        (&paused["counts"], &paused["not_counting"]),
        (&json!(false), &json!("paused")),
        "an offer says why it does not count"
    );
    let (status, refused) = call(client, "GET", &search, Some(&newcomer), None).await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (403, Some("reciprocity_required"))
    );
    let (status, _) = call(
        client,
        "GET",
        &format!("{requests}/{}", id(&sent["request"])),
        Some(&newcomer),
        None,
    )
    .await;
    assert_eq!(status, 200, "requests already open stay");
}

#[tokio::test]
async fn bad_input_is_a_400_naming_the_field() {
    let client = server().await;
    let cases = [
        (
            r#"{"email": "a@example.org", "password": "a long enough password", "display_name": 7}"#,
            "display_name",
        ),
        (
            r#"{"email": "a@example.org", "password": "a long enough password"}"#,
            "display_name",
        ),
        (
            r#"{"email": "a@example.org", "password": "a long enough password", "display_name": "A", "admin": true}"#,
            "admin",
        ),
        (
            r#"{"email": "not an email", "password": "a long enough password", "display_name": "A"}"#,
            "email",
        ),
        (
            r#"{"email": "a@example.org", "password": "short", "display_name": "A"}"#,
            "password",
        ),
        (r#"{"email": "a@example.org", "#, "body"),
        ("[]", "body"),
    ];
    for (raw, field) in cases {
        let response = client
            .post("/api/v1/accounts")
            .content_type("application/json")
            .body(raw)
            .send()
            .await;
        response.assert_status(poem::http::StatusCode::BAD_REQUEST);
        let body: serde_json::Value = response.0.into_body().into_json().await.unwrap();
        assert_eq!(
            (body["code"].as_str(), body["field"].as_str()),
            (Some("invalid_input"), Some(field)),
            "{raw}: {body}"
        );
    }
    let token = person(&client, "ada@example.org").await;
    let (status, body) = call(
        &client,
        "GET",
        "/api/v1/groups/not-an-id/search?area_id=01a20a11-c615-74c7-921e-c1cec6eb2c4c&limit=lots",
        Some(&token),
        None,
    )
    .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("limit")));
}

#[tokio::test]
async fn an_oversized_body_is_a_413_and_unknown_routes_a_404_in_the_same_shape() {
    let client = server().await;
    let huge = format!(r#"{{"email": "{}@example.org"}}"#, "a".repeat(100_000));
    let response = client
        .post("/api/v1/accounts")
        .content_type("application/json")
        .body(huge)
        .send()
        .await;
    response.assert_status(poem::http::StatusCode::PAYLOAD_TOO_LARGE);
    let (status, body) = call(&client, "GET", "/api/v1/nowhere", None, None).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
}

#[tokio::test]
async fn an_unknown_email_and_a_wrong_password_get_the_same_answer() {
    let client = server().await;
    person(&client, "ada@example.org").await;
    let unknown = call(
        &client,
        "POST",
        "/api/v1/sessions",
        None,
        Some(json!({"email": "bob@example.org", "password": "a long enough password"})),
    )
    .await;
    let wrong = call(
        &client,
        "POST",
        "/api/v1/sessions",
        None,
        Some(json!({"email": "ada@example.org", "password": "not the password"})),
    )
    .await;
    assert_eq!(unknown.0, 401);
    assert_eq!(unknown, wrong);
}

#[tokio::test]
async fn a_session_works_as_cookie_and_bearer_and_ends_at_sign_out() {
    let client = server().await;
    person(&client, "ada@example.org").await;
    let response = client
        .post("/api/v1/sessions")
        .body_json(&json!({"email": "ada@example.org", "password": "a long enough password"}))
        .send()
        .await;
    response.assert_status(poem::http::StatusCode::CREATED);
    let cookie = response
        .0
        .headers()
        .get("Set-Cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(
        cookie.contains("Max-Age=2592000"),
        "the cookie lives as long as the session may: {cookie}"
    );
    let pair = cookie.split(';').next().unwrap().to_owned();
    let token = pair.split('=').nth(1).unwrap().to_owned();

    client
        .get("/api/v1/me")
        .header("Cookie", &pair)
        .send()
        .await
        .assert_status_is_ok();
    client
        .get("/api/v1/me")
        .header("Authorization", format!("Bearer {token}"))
        .send()
        .await
        .assert_status_is_ok();
    let (status, _) = call(
        &client,
        "DELETE",
        "/api/v1/sessions/current",
        Some(&token),
        None,
    )
    .await;
    assert_eq!(status, 204);
    let (status, body) = call(&client, "GET", "/api/v1/me", Some(&token), None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("unauthenticated"))
    );
}

#[tokio::test]
async fn a_stale_version_is_a_409_and_lists_page_with_a_cursor() {
    let world = World::new().await;
    let (client, g) = (&world.client, &world.group);
    let area = format!("/api/v1/groups/{g}/areas/{}", world.areas[0]);
    let (status, _) = call(
        client,
        "PATCH",
        &area,
        Some(&world.admin),
        Some(json!({"name": "Curriculum design", "version": 1})),
    )
    .await;
    assert_eq!(status, 200);
    let (status, body) = call(
        client,
        "PATCH",
        &area,
        Some(&world.admin),
        Some(json!({"name": "Curriculum", "version": 1})),
    )
    .await;
    assert_eq!((status, body["code"].as_str()), (409, Some("stale")));

    let members = format!("/api/v1/groups/{g}/members");
    let (_, first) = call(
        client,
        "GET",
        &format!("{members}?limit=2"),
        Some(&world.admin),
        None,
    )
    .await;
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    let cursor = first["next_cursor"].as_str().unwrap();
    let (_, rest) = call(
        client,
        "GET",
        &format!("{members}?limit=2&cursor={cursor}"),
        Some(&world.admin),
        None,
    )
    .await;
    assert_eq!(rest["items"].as_array().unwrap().len(), 1);
    assert!(rest["next_cursor"].is_null());
    let (status, body) = call(
        client,
        "GET",
        &format!("{members}?limit=501"),
        Some(&world.admin),
        None,
    )
    .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("limit")));
}

#[tokio::test]
async fn the_documents_and_health_are_served() {
    let client = server().await;
    let (status, spec) = call(&client, "GET", "/api/v1/openapi.json", None, None).await;
    assert_eq!(status, 200);
    assert!(spec["paths"]["/api/v1/groups/{group_id}/search"]["get"].is_object());
    let closed = |name: &str| spec["components"]["schemas"][name]["additionalProperties"].clone();
    assert_eq!(
        (
            closed("NewGroupInput"),
            closed("SettingsInput"),
            closed("GroupBody")
        ),
        (json!(false), json!(false), serde_json::Value::Null),
        "bodies, and what they nest, refuse unknown fields; answers may grow"
    );
    let reason = spec["components"]["schemas"]["ErrorBody"]["properties"]["reason"]["description"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    for word in collaborate_core::ConflictReason::ALL {
        assert!(
            reason.contains(&format!("`{word}`")),
            "the error document names the conflict reason {word}: {reason}"
        );
    }
    client.get("/api/docs/").send().await.assert_status_is_ok();
    let (status, health) = call(&client, "GET", "/healthz", None, None).await;
    assert_eq!((status, health["status"].as_str()), (200, Some("ok")));
    let (status, ready) = call(&client, "GET", "/readyz", None, None).await;
    assert_eq!((status, ready["status"].as_str()), (200, Some("ok")));
}

/// Method, path, body, and the status, code and field expected.
type Refusal = (
    &'static str,
    String,
    Option<serde_json::Value>,
    u16,
    &'static str,
    Option<&'static str>,
);

#[tokio::test]
async fn each_kind_of_refusal_has_its_status_code_and_field() {
    let world = World::new().await;
    let (client, g) = (&world.client, &world.group);
    let member = Some(world.member.as_str());
    let cases: Vec<Refusal> = vec![
        (
            "POST",
            "/api/v1/accounts".into(),
            Some(
                json!({"email": "MEMBER@example.org", "password": "a long enough password", "display_name": "Again"}),
            ),
            409,
            "conflict",
            None,
        ),
        (
            "POST",
            format!("/api/v1/groups/{g}/offers"),
            Some(
                json!({"area_id": world.areas[0], "aspects": ["Grant bids"], "description": "x", "modes": ["email"]}),
            ),
            400,
            "invalid_input",
            Some("aspects"),
        ),
        (
            "POST",
            format!("/api/v1/groups/{g}/offers"),
            Some(json!({"area_id": world.areas[0], "description": "x", "modes": []})),
            400,
            "invalid_input",
            Some("modes"),
        ),
        (
            "POST",
            format!("/api/v1/groups/{g}/offers"),
            Some(json!({"area_id": world.areas[0], "description": "x", "modes": ["fax"]})),
            400,
            "invalid_input",
            Some("modes"),
        ),
        (
            "PATCH",
            format!("/api/v1/groups/{g}/offers/{}", world.offers["member"][0]),
            Some(json!({"area_id": world.areas[1]})),
            400,
            "invalid_input",
            Some("area_id"),
        ),
        (
            "POST",
            format!("/api/v1/groups/{g}/requests"),
            Some(
                json!({"offer_id": world.offers["admin"][2], "message": "Hi", "mode": "in_person"}),
            ),
            400,
            "invalid_input",
            Some("mode"),
        ),
        (
            "PATCH",
            format!("/api/v1/groups/{g}/offers/{}", world.offers["admin"][0]),
            Some(json!({"capacity": 3})),
            404,
            "not_found",
            None,
        ),
        (
            "PATCH",
            format!("/api/v1/groups/{g}/offers/{}", world.offers["member"][0]),
            Some(json!({"capacity": 21})),
            400,
            "invalid_input",
            Some("capacity"),
        ),
        (
            "GET",
            format!(
                "/api/v1/groups/{g}/search?area_id={}&lat=53.8",
                world.areas[0]
            ),
            None,
            400,
            "invalid_input",
            Some("lon"),
        ),
        (
            "GET",
            format!(
                "/api/v1/groups/{g}/search?area_id={}&aspect=Nothing",
                world.areas[0]
            ),
            None,
            400,
            "invalid_input",
            Some("aspect"),
        ),
        (
            "POST",
            format!("/api/v1/groups/{g}/join"),
            Some(json!({"join_code": "no"})),
            400,
            "invalid_input",
            Some("join_code"),
        ),
        (
            "PATCH",
            format!("/api/v1/groups/{g}/members/me"),
            Some(json!({"location": {"lat": 95, "lon": 0}})),
            400,
            "invalid_input",
            Some("location.lat"),
        ),
        (
            "PATCH",
            format!("/api/v1/groups/{g}/members/me"),
            Some(json!({"video_link": "ftp://x"})),
            400,
            "invalid_input",
            Some("video_link"),
        ),
        (
            "POST",
            format!("/api/v1/groups/{g}/requests/{}/feedback", world.request),
            Some(json!({"rating": 9})),
            400,
            "invalid_input",
            Some("rating"),
        ),
    ];
    for (method, path, body, status, code, field) in cases {
        let (got, answer) = call(client, method, &path, member, body).await;
        assert_eq!(
            (got, answer["code"].as_str(), answer["field"].as_str()),
            (status, Some(code), field),
            "{method} {path}: {answer}"
        );
    }
    let (status, answer) = call(
        client,
        "PATCH",
        &format!("/api/v1/groups/{g}/areas/{}", world.areas[0]),
        Some(&world.admin),
        Some(json!({"aspects": []})),
    )
    .await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (409, Some("conflict")),
        "aspects in use: {answer}"
    );
    let other = person(client, "elsewhere@example.org").await;
    let (_, elsewhere) = call(
        client,
        "POST",
        "/api/v1/groups",
        Some(&other),
        Some(json!({"name": "Elsewhere", "growth_mode": "organic"})),
    )
    .await;
    let foreign = format!(
        "/api/v1/groups/{}/requests/{}",
        elsewhere["group"]["id"].as_str().unwrap(),
        world.request
    );
    let (status, answer) = call(client, "GET", &foreign, Some(&other), None).await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (404, Some("not_found")),
        "another group's request"
    );
}

#[tokio::test]
async fn each_conflict_names_its_reason_and_a_wrong_method_is_a_405() {
    let world = World::new().await;
    let (client, g) = (&world.client, &world.group);
    let conflict = |answer: &serde_json::Value| {
        (
            answer["code"].as_str().map(str::to_owned),
            answer["reason"].as_str().map(str::to_owned),
        )
    };
    let expect = |reason: &str| (Some("conflict".to_owned()), Some(reason.to_owned()));
    let asked = &world.offers["admin"][1];
    let ask = json!({"offer_id": asked, "message": "Again?", "mode": "email"});
    let requests = format!("/api/v1/groups/{g}/requests");

    let (status, again) = call(
        client,
        "POST",
        &requests,
        Some(&world.member),
        Some(ask.clone()),
    )
    .await;
    assert_eq!(
        (status, conflict(&again)),
        (409, expect("already_requested"))
    );

    let offer_path = format!("/api/v1/groups/{g}/offers/{asked}");
    let one_place = json!({"capacity": 1});
    let (status, _) = call(
        client,
        "PATCH",
        &offer_path,
        Some(&world.admin),
        Some(one_place),
    )
    .await;
    assert_eq!(status, 200);
    let latecomer = person(client, "latecomer@example.org").await;
    let join = json!({"join_code": world.code});
    call(
        client,
        "POST",
        &format!("/api/v1/groups/{g}/join"),
        Some(&latecomer),
        Some(join),
    )
    .await;
    for (area, aspect) in world.areas.iter().zip(ASPECTS) {
        offer(client, &latecomer, g, area, aspect).await;
    }
    let (status, full) = call(client, "POST", &requests, Some(&latecomer), Some(ask)).await;
    assert_eq!((status, conflict(&full)), (409, expect("at_capacity")));

    let (status, in_use) = call(client, "DELETE", &offer_path, Some(&world.admin), None).await;
    assert_eq!((status, conflict(&in_use)), (409, expect("in_use")));

    let accept = format!("/api/v1/groups/{g}/requests/{}/accept", world.request);
    let (status, _) = call(client, "POST", &accept, Some(&world.admin), None).await;
    assert_eq!(status, 200);
    let (status, twice) = call(client, "POST", &accept, Some(&world.admin), None).await;
    assert_eq!((status, conflict(&twice)), (409, expect("wrong_state")));

    let one_open = json!({"settings": {"max_open_requests": 1}});
    let group = format!("/api/v1/groups/{g}");
    let (status, _) = call(client, "PATCH", &group, Some(&world.admin), Some(one_open)).await;
    assert_eq!(status, 200);
    let another =
        json!({"offer_id": world.offers["admin"][2], "message": "And this?", "mode": "email"});
    let (status, limited) = call(
        client,
        "POST",
        &requests,
        Some(&world.member),
        Some(another),
    )
    .await;
    assert_eq!((status, conflict(&limited)), (409, expect("limit_reached")));

    let need_path = format!("/api/v1/groups/{g}/needs/{}", world.needs["member"]);
    let met = json!({"status": "met"});
    let (status, _) = call(client, "PATCH", &need_path, Some(&world.member), Some(met)).await;
    assert_eq!(status, 200);
    let withdraw = json!({"status": "withdrawn"});
    let (status, moved_on) = call(
        client,
        "PATCH",
        &need_path,
        Some(&world.member),
        Some(withdraw),
    )
    .await;
    assert_eq!((status, conflict(&moved_on)), (409, expect("wrong_state")));

    let area = json!({"name": "curriculum"});
    let areas = format!("/api/v1/groups/{g}/areas");
    let (status, taken) = call(client, "POST", &areas, Some(&world.admin), Some(area)).await;
    assert_eq!((status, conflict(&taken)), (409, expect("duplicate")));

    let me = format!("/api/v1/groups/{g}/members/me");
    let (_, admin) = call(client, "GET", &me, Some(&world.admin), None).await;
    let demote = json!({"role": "member"});
    let admin_path = format!("/api/v1/groups/{g}/members/{}", id(&admin["member"]));
    let (status, alone) = call(
        client,
        "PATCH",
        &admin_path,
        Some(&world.admin),
        Some(demote),
    )
    .await;
    assert_eq!((status, conflict(&alone)), (409, expect("last_admin")));

    let (status, wrong) = call(
        client,
        "PUT",
        &format!("/api/v1/groups/{g}"),
        Some(&world.admin),
        None,
    )
    .await;
    assert_eq!(
        (status, wrong["code"].as_str(), wrong["reason"].as_str()),
        (405, Some("method_not_allowed"), None)
    );
}

#[tokio::test]
async fn a_body_and_every_object_in_it_must_be_a_json_object() {
    let world = World::new().await;
    let (client, g) = (&world.client, &world.group);
    let (admin, member) = (Some(world.admin.as_str()), Some(world.member.as_str()));
    let cases = [
        (
            "POST",
            "/api/v1/accounts".to_owned(),
            None,
            json!(["array@example.org", PASSWORD, "Array"]),
            "body",
        ),
        (
            "POST",
            "/api/v1/sessions".to_owned(),
            None,
            json!(["admin@example.org", PASSWORD]),
            "body",
        ),
        (
            "POST",
            "/api/v1/groups".to_owned(),
            admin,
            json!(42),
            "body",
        ),
        (
            "POST",
            "/api/v1/groups".to_owned(),
            admin,
            json!({"name": "Arrays", "growth_mode": "organic", "settings": [3, 14]}),
            "settings",
        ),
        (
            "PATCH",
            format!("/api/v1/groups/{g}/members/me"),
            member,
            json!({"location": ["Leeds", 53.8, -1.55]}),
            "location",
        ),
        (
            "POST",
            format!("/api/v1/groups/{g}/concerns"),
            member,
            json!({"about": [world.request], "text": "Rude"}),
            "about",
        ),
    ];
    for (method, path, token, body, field) in cases {
        let (status, refused) = call(client, method, &path, token, Some(body.clone())).await;
        assert_eq!(
            (status, refused["code"].as_str(), refused["field"].as_str()),
            (400, Some("invalid_input"), Some(field)),
            "{method} {path} {body}: {refused}"
        );
    }
    let (status, _) = call(
        client,
        "POST",
        "/api/v1/sessions",
        None,
        Some(json!({"email": "array@example.org", "password": PASSWORD})),
    )
    .await;
    assert_eq!(status, 401, "no account was made from an array");
}

#[tokio::test]
async fn a_json_body_may_name_its_charset() {
    let client = server().await;
    let response = client
        .post("/api/v1/accounts")
        .content_type("application/json; charset=utf-8")
        .body(r#"{"email": "ada@example.org", "password": "a long enough password", "display_name": "Ada"}"#)
        .send()
        .await;
    response.assert_status(poem::http::StatusCode::CREATED);
}

/// Every place in `value` that a generator or an OpenAPI 3.0 validator would misread.
fn misreadings(value: &serde_json::Value, at: &str, found: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(object) => {
            if object.contains_key("allOf") {
                found.push(format!("{at}: allOf"));
            }
            if object.contains_key("$ref") && object.len() > 1 {
                found.push(format!("{at}: $ref beside {:?}", object.keys()));
            }
            if object.get("nullable") == Some(&json!(true)) && !object.contains_key("type") {
                found.push(format!("{at}: nullable without a type"));
            }
            for (key, inner) in object {
                misreadings(inner, &format!("{at}/{key}"), found);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                misreadings(inner, &format!("{at}/{i}"), found);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn the_document_names_every_operation_and_says_each_schema_plainly() {
    let client = server().await;
    let (_, spec) = call(&client, "GET", "/api/v1/openapi.json", None, None).await;
    assert_eq!(spec["servers"][0]["url"], "/");
    let mut names = std::collections::BTreeSet::new();
    for (path, operations) in spec["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            let name = operation["operationId"].as_str();
            assert!(
                name.is_some_and(|n| names.insert(n.to_owned())),
                "{method} {path}: {name:?} is missing or not unique"
            );
            if let Some(content) = operation["requestBody"]["content"].as_object() {
                assert!(
                    content
                        .keys()
                        .all(|kind| kind == "application/json" || kind == "text/csv"),
                    "{method} {path}: {content:?}"
                );
            }
        }
    }
    let mut found = Vec::new();
    misreadings(&spec, "", &mut found);
    assert!(found.is_empty(), "{}", found.join("\n"));
    let location = &spec["components"]["schemas"]["ProfilePatch"]["properties"]["location"];
    assert_eq!(
        location,
        &json!({"$ref": "#/components/schemas/LocationInput"})
    );
    let place = &spec["components"]["schemas"]["LocationInput"];
    assert_eq!(
        (&place["type"], &place["nullable"]),
        (&json!("object"), &json!(true)),
        "an optional object accepts null"
    );
}
