//! Creating a group in the web app: its name, how it grows and its first areas, refused values
//! on their fields, the creator its first admin; and only those the operator names may do it.

use crate::browser::Browser;
use crate::fixture::{World, call, proved, server_restricting_groups};
use crate::pages::{NEWCOMER, signed_up};

#[tokio::test]
async fn a_group_is_created_from_my_groups_with_its_first_areas() {
    let world = World::new().await;
    let browser = Browser::new(&world.client);
    signed_up(&browser, NEWCOMER).await;
    let mine = browser.get("/groups").await;
    assert!(
        mine.shows("href=\"/groups/new\""),
        "My groups offers to create one"
    );

    let refused = browser
        .submit(
            "/groups/new",
            "/groups/new",
            &[
                ("name", ""),
                ("growth_mode", "organic"),
                ("areas", "Budgets\nbudgets"),
            ],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.shows("<a href=\"#name\">"));
    assert!(
        refused.shows("Budgets\nbudgets</textarea>"),
        "what was typed is kept"
    );
    let twice = browser
        .submit(
            "/groups/new",
            "/groups/new",
            &[
                ("name", "Leeds primary schools"),
                ("growth_mode", "organic"),
                ("areas", "Budgets\nbudgets"),
            ],
        )
        .await;
    assert_eq!(twice.status, 422);
    assert!(twice.shows("<a href=\"#areas\">"), "an area named twice");
    assert!(
        !browser.get("/groups").await.shows("Leeds primary schools"),
        "a refused group is not made"
    );

    let made = browser
        .submit(
            "/groups/new",
            "/groups/new",
            &[
                ("name", "Leeds primary schools"),
                ("growth_mode", "systemic"),
                ("areas", "Curriculum: KS3 science, assessment\nBudgets"),
            ],
        )
        .await;
    assert_eq!(made.status, 303, "{}", made.html);
    let home_path = made.location.clone().unwrap();
    let home = browser.get(&home_path).await;
    assert!(home.shows("<h1>Leeds primary schools</h1>"));
    assert!(home.shows("Your group is ready."));
    assert!(
        home.shows("Curriculum"),
        "its first areas are in its summary"
    );
    let group = home_path
        .trim_start_matches("/groups/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let admin = browser.get(&format!("/groups/{group}/admin")).await;
    assert_eq!(admin.status, 200, "the creator is its first admin");
    let areas = browser.get(&format!("/groups/{group}/admin/areas")).await;
    assert!(areas.shows("KS3 science"));
}

#[tokio::test]
async fn only_the_people_the_operator_names_create_groups() {
    let (client, app) = server_restricting_groups("@school.org").await;
    let outsider = Browser::signed_in(&client, &proved(&client, &app, "me@elsewhere.org").await);
    assert!(!outsider.get("/groups").await.shows("href=\"/groups/new\""));
    assert_eq!(outsider.get("/groups/new").await.status, 403);
    let posted = outsider
        .submit(
            "/groups",
            "/groups/new",
            &[("name", "Mine"), ("growth_mode", "organic")],
        )
        .await;
    assert_eq!(posted.status, 403);
    let token = proved(&client, &app, "api@elsewhere.org").await;
    let (status, refused) = call(
        &client,
        "POST",
        "/api/v1/groups",
        Some(&token),
        Some(serde_json::json!({"name": "Through the API", "growth_mode": "organic"})),
    )
    .await;
    assert_eq!((status, refused["code"].as_str()), (403, Some("forbidden")));

    let teacher = Browser::signed_in(&client, &proved(&client, &app, "head@school.org").await);
    assert!(teacher.get("/groups").await.shows("href=\"/groups/new\""));
    let made = teacher
        .submit(
            "/groups/new",
            "/groups/new",
            &[("name", "Ours"), ("growth_mode", "organic")],
        )
        .await;
    assert_eq!(made.status, 303);
}
