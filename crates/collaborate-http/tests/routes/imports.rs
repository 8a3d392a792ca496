//! The questionnaire import through the real routes: rejections with their lines, size limits,
//! the template, and the pre-loaded person's claim.

use crate::fixture::{World, call, server_configured};
use collaborate_http::{HttpConfig, Limits};
use serde_json::{Value, json};

async fn import(world: &World, csv: &str, dry_run: bool) -> (u16, Value) {
    call(
        &world.client,
        "POST",
        &format!("/api/v1/groups/{}/imports?dry_run={dry_run}", world.group),
        Some(&world.admin),
        Some(Value::String(csv.to_owned())),
    )
    .await
}

async fn member_count(world: &World) -> usize {
    let (_, members) = call(
        &world.client,
        "GET",
        &format!("/api/v1/groups/{}/members?limit=500", world.group),
        Some(&world.admin),
        None,
    )
    .await;
    members["items"].as_array().unwrap().len()
}

#[tokio::test]
async fn a_rejected_file_answers_422_with_every_problem_by_line_and_column_and_writes_nothing() {
    let world = World::new().await;
    let before = member_count(&world).await;
    let csv = "email,display_name,strength_1\r\n\
        ok@example.org,Fine,Curriculum > KS3 science\r\n\
        \"no-at-sign\",\"Name, with comma\",Curriculum > KS3 science\r\n\
        later@example.org,Later,Knitting > Purl\r\n";
    let (status, answer) = import(&world, csv, false).await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (422, Some("import_rejected"))
    );
    let problems: Vec<(u64, &str)> = answer["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["line"].as_u64().unwrap(), p["column"].as_str().unwrap()))
        .collect();
    assert_eq!(problems, [(3, "email"), (4, "strength_1")]);
    assert_eq!(member_count(&world).await, before, "all or nothing");
}

#[tokio::test]
async fn a_dry_run_writes_nothing_and_the_import_then_does_what_it_said() {
    let world = World::new().await;
    let before = member_count(&world).await;
    let csv = "\u{FEFF}Email,Display Name,Organisation,Strength_1,Need_1\r\n\
        new@example.org,New Person,Park High,curriculum > ks3 SCIENCE,Budgets\r\n";
    let (status, dry) = import(&world, csv, true).await;
    assert_eq!(status, 200, "{dry}");
    assert_eq!(dry["dry_run"], true);
    assert_eq!(member_count(&world).await, before);
    let (status, done) = import(&world, csv, false).await;
    assert_eq!(status, 200);
    assert_eq!(done["rows"], dry["rows"]);
    assert_eq!(done["organisations_created"], json!(["Park High"]));
    assert_eq!(member_count(&world).await, before + 1);
    assert_eq!(done["invitations"][0]["kind"], "claim");
}

#[tokio::test]
async fn a_pre_loaded_person_claims_their_profile_and_is_signed_in() {
    let world = World::new().await;
    let csv =
        "email,display_name,strength_1\r\nnew@example.org,New Person,Curriculum > KS3 science\r\n";
    let (_, done) = import(&world, csv, false).await;
    let token = done["invitations"][0]["token"].as_str().unwrap().to_owned();
    let claim = format!("/api/v1/invitations/{token}/claim");
    let (status, _) = call(
        &world.client,
        "POST",
        &claim,
        None,
        Some(json!({"password": "short"})),
    )
    .await;
    assert_eq!(status, 400, "a password is checked like any other");
    let (status, session) = call(
        &world.client,
        "POST",
        &claim,
        None,
        Some(json!({"password": "my own long password"})),
    )
    .await;
    assert_eq!(status, 201, "{session}");
    let new = session["token"].as_str().unwrap();
    let (_, me) = call(&world.client, "GET", "/api/v1/me", Some(new), None).await;
    assert_eq!(me["memberships"][0]["member"]["status"], "active");
    assert_eq!(me["memberships"][0]["member"]["display_name"], "New Person");
    let (status, again) = call(
        &world.client,
        "POST",
        &claim,
        None,
        Some(json!({"password": "another long password"})),
    )
    .await;
    assert_eq!(
        (status, again["reason"].as_str()),
        (409, Some("wrong_state"))
    );
}

#[tokio::test]
async fn the_template_is_csv_with_a_byte_order_mark() {
    let world = World::new().await;
    let response = world
        .client
        .get(format!("/api/v1/groups/{}/imports/template", world.group))
        .header("Authorization", format!("Bearer {}", world.admin))
        .send()
        .await;
    response.assert_status_is_ok();
    response.assert_content_type("text/csv; charset=utf-8");
    let text = response.0.into_body().into_string().await.unwrap();
    assert!(text.starts_with("\u{FEFF}email,display_name,"), "{text}");
    let example = text.lines().nth(1).expect("an example row");
    assert!(
        example.starts_with("alex.example@example.invalid,Alex Example,Park Academy,")
            && example.contains(",York,")
            && example.contains(",Budgets > Grant bids,")
            && example.contains(",Curriculum,"),
        "an example in the group's own areas: {example}"
    );
    let (status, refused) = import(&world, text.trim_start_matches('\u{FEFF}'), true).await;
    assert_eq!(status, 422, "the example row is never imported: {refused}");
    assert_eq!(refused["problems"][0]["column"], "email", "{refused}");
    assert!(
        refused["problems"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("example row"),
        "{refused}"
    );
}

#[tokio::test]
async fn files_that_are_not_csv_get_a_clear_answer_never_a_500() {
    let world = World::new().await;
    let url = format!("/api/v1/groups/{}/imports", world.group);
    let send = |body: Vec<u8>, content_type: &'static str| {
        world
            .client
            .post(&url)
            .header("Authorization", format!("Bearer {}", world.admin))
            .content_type(content_type)
            .body(body)
            .send()
    };
    let latin1 = send(
        b"email,display_name\r\nr@x.org,Ren\xE9e\r\n".to_vec(),
        "text/csv",
    )
    .await;
    latin1.assert_status(poem::http::StatusCode::UNPROCESSABLE_ENTITY);
    let binary = send(vec![0, 159, 146, 150, 255], "application/octet-stream").await;
    binary.assert_status(poem::http::StatusCode::UNPROCESSABLE_ENTITY);
    let json = send(b"{\"email\": 1}".to_vec(), "application/json").await;
    json.assert_status(poem::http::StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_file_over_the_import_limit_is_413_while_one_under_it_passes_the_body_limit() {
    let config = HttpConfig {
        body_limit: 1024,
        import_limit: 8 * 1024,
        ..HttpConfig::default()
    };
    let client = server_configured(Limits::default(), &config).await;
    let world = World::on(client).await;
    let mut csv = String::from("email,display_name\r\n");
    for n in 0..100 {
        csv.push_str(&format!("person{n}@example.org,Person {n}\r\n"));
    }
    assert!(csv.len() > 1024 && csv.len() < 8 * 1024);
    let (status, _) = import(&world, &csv, true).await;
    assert_eq!(status, 200);
    while csv.len() <= 8 * 1024 {
        csv.push_str("more@example.org,More\r\n");
    }
    let (status, answer) = import(&world, &csv, true).await;
    assert_eq!((status, answer["code"].as_str()), (413, Some("too_large")));
}
