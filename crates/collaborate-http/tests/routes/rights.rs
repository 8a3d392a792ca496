//! Data rights through the real routes: a member downloads everything stored about them; a
//! member erases their account, and the other side of their request keeps an anonymous history.

use crate::fixture::{PASSWORD, World, call, person};
use serde_json::{Value, json};

async fn erase(world: &World, token: &str, password: &str) -> (u16, Value) {
    call(
        &world.client,
        "DELETE",
        "/api/v1/me",
        Some(token),
        Some(json!({ "password": password })),
    )
    .await
}

async fn audit_of(world: &World, kind: &str) -> Vec<Value> {
    let (status, log) = call(
        &world.client,
        "GET",
        &format!("/api/v1/groups/{}/audit?action={kind}", world.group),
        Some(&world.admin),
        None,
    )
    .await;
    assert_eq!(status, 200, "{log}");
    log["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_member_downloads_everything_stored_about_them_and_the_export_is_audited() {
    let world = World::new().await;
    let (status, export) = call(
        &world.client,
        "GET",
        "/api/v1/me/export",
        Some(&world.member),
        None,
    )
    .await;
    assert_eq!(status, 200, "{export}");
    assert_eq!(export["account"]["email"], "member@example.org");
    assert_eq!(export["account"]["has_password"], true);
    assert_eq!(export["sessions"].as_array().unwrap().len(), 1);
    let membership = &export["memberships"][0];
    assert_eq!(membership["group_name"], "Leeds schools");
    assert_eq!(membership["member"]["id"], world.member_id.as_str());
    assert_eq!(membership["offers"].as_array().unwrap().len(), 3);
    assert_eq!(membership["needs"].as_array().unwrap().len(), 1);
    assert_eq!(membership["requests"][0]["message"], "Could we talk?");
    assert_eq!(
        membership["reveals"].as_array().unwrap().len(),
        1,
        "the admin received the member's details with the request: {membership}"
    );
    let text = export.to_string();
    for secret in ["password_hash", "token", "$argon2"] {
        assert!(!text.contains(secret), "the export holds no {secret}");
    }
    let events = audit_of(&world, "data_exported").await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["subject_id"], world.member_id.as_str());
}

#[tokio::test]
async fn an_erased_member_is_gone_and_the_other_side_keeps_an_anonymous_history() {
    let world = World::new().await;
    let (status, wrong) = erase(&world, &world.member, "not the password at all").await;
    assert_eq!(
        (status, &wrong["field"]),
        (400, &json!("password")),
        "{wrong}"
    );
    let (status, _) = erase(&world, &world.member, PASSWORD).await;
    assert_eq!(status, 204);

    let (status, _) = call(
        &world.client,
        "GET",
        "/api/v1/me",
        Some(&world.member),
        None,
    )
    .await;
    assert_eq!(status, 401, "every session ended");
    let (status, _) = call(
        &world.client,
        "POST",
        "/api/v1/sessions",
        None,
        Some(json!({"email": "member@example.org", "password": PASSWORD})),
    )
    .await;
    assert_eq!(status, 401, "nobody signs in as them");

    let (status, seen) = call(
        &world.client,
        "GET",
        &format!("/api/v1/groups/{}/requests/{}", world.group, world.request),
        Some(&world.admin),
        None,
    )
    .await;
    assert_eq!(status, 200, "{seen}");
    assert_eq!(seen["request"]["status"], "cancelled", "{seen}");
    assert_eq!(seen["request"]["message"], "(erased)");
    let text = seen.to_string();
    assert!(text.contains("Erased member"), "{seen}");
    assert!(!text.contains("member@example.org"), "{seen}");

    let (_, members) = call(
        &world.client,
        "GET",
        &format!("/api/v1/groups/{}/members", world.group),
        Some(&world.admin),
        None,
    )
    .await;
    let erased = members["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == world.member_id.as_str())
        .unwrap();
    assert_eq!(erased["display_name"], "Erased member");
    assert_eq!(erased["status"], "left");
    assert_eq!(
        erased["email"],
        serde_json::Value::Null,
        "admins see an erased member, never an address"
    );
    let events = audit_of(&world, "account_erased").await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["subject_id"], world.member_id.as_str());

    person(&world.client, "member@example.org").await;
}

#[tokio::test]
async fn the_last_admin_names_another_before_erasing_their_account() {
    let world = World::new().await;
    let (status, refused) = erase(&world, &world.admin, PASSWORD).await;
    assert_eq!(
        (status, &refused["reason"]),
        (409, &json!("last_admin")),
        "{refused}"
    );
    let (status, _) = call(&world.client, "GET", "/api/v1/me", Some(&world.admin), None).await;
    assert_eq!(status, 200, "nothing changed");
}
