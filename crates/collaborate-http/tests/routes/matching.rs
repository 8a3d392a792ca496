//! Matching through the real routes: an admin's proposal names who helps whom and why, is
//! confirmed into requests the seekers see, and is refused stale, malformed or from elsewhere.

use crate::fixture::{World, call, id, person};
use serde_json::{Value, json};

async fn proposal(world: &World, token: &str, body: Value) -> (u16, Value) {
    call(
        &world.client,
        "POST",
        &format!("/api/v1/groups/{}/matching/proposals", world.group),
        Some(token),
        Some(body),
    )
    .await
}

#[tokio::test]
async fn an_admin_proposes_reviews_and_confirms_and_the_seekers_see_their_requests() {
    let world = World::new().await;
    let (status, made) =
        proposal(&world, &world.admin, json!({"area_ids": [world.areas[0]]})).await;
    assert_eq!(status, 201, "{made}");
    let assignments = made["assignments"].as_array().unwrap();
    assert_eq!(
        assignments.len(),
        2,
        "the member's and the admin's needs: {made}"
    );
    for a in assignments {
        assert_ne!(a["seeker"]["member_id"], a["helper"]["member_id"]);
        assert!(!a["seeker"]["display_name"].as_str().unwrap().is_empty());
        assert_eq!(a["area"]["name"], "Curriculum");
        assert!(a["reasons"].as_array().is_some_and(|r| !r.is_empty()));
        assert_eq!(a["request_id"], Value::Null);
    }
    let reasons: Vec<&str> = made["unmatched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["reason"].as_str().unwrap())
        .collect();
    assert!(
        reasons.is_empty(),
        "the suspended member's need is not considered: {reasons:?}"
    );
    assert_eq!(made["stats"]["matched"], 2);
    let path = format!(
        "/api/v1/groups/{}/matching/proposals/{}",
        world.group,
        id(&made)
    );
    let (status, read) = call(&world.client, "GET", &path, Some(&world.admin), None).await;
    assert_eq!((status, &read["assignments"]), (200, &made["assignments"]));

    let mine = &world.needs["member"];
    let (status, confirmed) = call(
        &world.client,
        "POST",
        &format!("{path}/confirm"),
        Some(&world.admin),
        Some(json!({"need_ids": [mine]})),
    )
    .await;
    assert_eq!(status, 200, "{confirmed}");
    assert_eq!(confirmed["stats"]["confirmed"], 1);
    let (_, sent) = call(
        &world.client,
        "GET",
        &format!("/api/v1/groups/{}/requests?side=seeker", world.group),
        Some(&world.member),
        None,
    )
    .await;
    assert!(
        sent["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["need_id"] == json!(mine) && r["proposal_id"] == json!(id(&made))),
        "{sent}"
    );
    let (status, again) = call(
        &world.client,
        "POST",
        &format!("{path}/confirm"),
        Some(&world.admin),
        Some(json!({"need_ids": [mine]})),
    )
    .await;
    assert_eq!((status, &again["code"]), (409, &json!("conflict")));
}

#[tokio::test]
async fn a_proposal_whose_offer_changed_is_stale_and_makes_nothing() {
    let world = World::new().await;
    let (_, made) = proposal(&world, &world.admin, json!({})).await;
    let offer = made["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["need_id"] == json!(world.needs["member"]))
        .unwrap()["offer_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, paused) = call(
        &world.client,
        "PATCH",
        &format!("/api/v1/groups/{}/offers/{offer}", world.group),
        Some(&world.admin),
        Some(json!({"status": "paused"})),
    )
    .await;
    assert_eq!(status, 200, "{paused}");
    let (status, refused) = call(
        &world.client,
        "POST",
        &format!(
            "/api/v1/groups/{}/matching/proposals/{}/confirm",
            world.group,
            id(&made)
        ),
        Some(&world.admin),
        Some(json!({})),
    )
    .await;
    assert_eq!(
        (status, &refused["code"]),
        (409, &json!("stale")),
        "{refused}"
    );
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains(&world.needs["member"])
    );
    let (_, sent) = call(
        &world.client,
        "GET",
        &format!("/api/v1/groups/{}/requests?side=seeker", world.group),
        Some(&world.admin),
        None,
    )
    .await;
    assert_eq!(sent["items"], json!([]), "all or nothing");
}

#[tokio::test]
async fn malformed_or_foreign_ids_are_refused_naming_the_field_or_not_found() {
    let world = World::new().await;
    let (status, refused) =
        proposal(&world, &world.admin, json!({"area_ids": ["not-an-id"]})).await;
    assert_eq!((status, &refused["field"]), (400, &json!("area_ids")));
    let (status, refused) = proposal(&world, &world.admin, json!({"max_distance_km": 0})).await;
    assert_eq!(status, 400, "{refused}");
    let (status, refused) = proposal(
        &world,
        &world.admin,
        json!({"area_ids": [world.unused_area], "x": 1}),
    )
    .await;
    assert_eq!(status, 400, "unknown fields are refused: {refused}");

    // Another group's admin: the proposal and the need are not there.
    let other = person(&world.client, "elsewhere@example.org").await;
    let (_, created) = call(
        &world.client,
        "POST",
        "/api/v1/groups",
        Some(&other),
        Some(json!({"name": "York schools", "growth_mode": "organic"})),
    )
    .await;
    let theirs = id(&created["group"]);
    let (status, _) = call(
        &world.client,
        "GET",
        &format!(
            "/api/v1/groups/{theirs}/matching/proposals/{}",
            world.proposal
        ),
        Some(&other),
        None,
    )
    .await;
    assert_eq!(status, 404);
    let (status, refused) = call(
        &world.client,
        "GET",
        &format!(
            "/api/v1/groups/{theirs}/needs/{}/suggestions",
            world.needs["member"]
        ),
        Some(&other),
        None,
    )
    .await;
    assert_eq!(
        (status, &refused["code"]),
        (403, &json!("reciprocity_required")),
        "their own group asks them to offer first, and says nothing of the need"
    );
    let (status, _) = call(
        &world.client,
        "GET",
        &format!(
            "/api/v1/groups/{}/needs/{}/suggestions",
            world.group, world.needs["admin"]
        ),
        Some(&world.member),
        None,
    )
    .await;
    assert_eq!(status, 404, "another member's need");
}

#[tokio::test]
async fn a_request_answers_a_need_of_its_own_area_and_a_helper_is_asked_about_it_once() {
    let world = World::new().await;
    let requests = format!("/api/v1/groups/{}/requests", world.group);
    let need = &world.needs["member"];
    let ask = |offer: &str| json!({"offer_id": offer, "need_id": need, "message": "Could we talk?", "mode": "email"});

    // The admin's offer in budgets cannot answer the member's curriculum need.
    let (status, refused) = call(
        &world.client,
        "POST",
        &requests,
        Some(&world.member),
        Some(ask(&world.offers["admin"][2])),
    )
    .await;
    assert_eq!(
        (status, &refused["field"]),
        (400, &json!("need_id")),
        "{refused}"
    );

    // The admin offers curriculum twice; asked on one offer, they are not asked again on the other.
    let second = crate::fixture::offer(
        &world.client,
        &world.admin,
        &world.group,
        &world.areas[0],
        crate::fixture::ASPECTS[0],
    )
    .await;
    let (status, sent) = call(
        &world.client,
        "POST",
        &requests,
        Some(&world.member),
        Some(ask(&world.offers["admin"][0])),
    )
    .await;
    assert_eq!(status, 201, "{sent}");
    let (status, refused) = call(
        &world.client,
        "POST",
        &requests,
        Some(&world.member),
        Some(ask(&second)),
    )
    .await;
    assert_eq!(
        (status, &refused["reason"]),
        (409, &json!("already_requested")),
        "{refused}"
    );
    let (status, suggested) = call(
        &world.client,
        "GET",
        &format!("/api/v1/groups/{}/needs/{need}/suggestions", world.group),
        Some(&world.member),
        None,
    )
    .await;
    assert_eq!(status, 200, "{suggested}");
    let admin_id = &sent["request"]["helper_id"];
    assert!(admin_id.is_string(), "{sent}");
    let offers: Vec<&Value> = suggested
        .as_array()
        .or(suggested["items"].as_array())
        .unwrap()
        .iter()
        .map(|s| &s["offer_id"])
        .collect();
    assert!(
        !offers.contains(&&json!(second)),
        "a helper already asked is not suggested again: {suggested}"
    );
}
