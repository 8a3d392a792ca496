//! The record of contribution and the helpers to thank through the real routes: the help a
//! member gave and received with what was said of it, as JSON, CSV and a page to print; the
//! count on the profile; and the choice not to be named among the helpers to thank.

use crate::browser::Browser;
use crate::fixture::{World, call};
use serde_json::{Value, json};

/// The world's request, from the member to the admin, accepted, completed and rated.
async fn helped(world: &World) {
    let request = format!("/api/v1/groups/{}/requests/{}", world.group, world.request);
    for (who, step) in [(&world.admin, "accept"), (&world.member, "complete")] {
        let (status, body) = call(
            &world.client,
            "POST",
            &format!("{request}/{step}"),
            Some(who),
            None,
        )
        .await;
        assert_eq!(status, 200, "{step}: {body}");
    }
    let (status, body) = call(
        &world.client,
        "POST",
        &format!("{request}/feedback"),
        Some(&world.member),
        Some(json!({"rating": 5, "comment": "=Clear and kind"})),
    )
    .await;
    assert_eq!(status, 201, "{body}");
}

async fn get(world: &World, token: &str, path: &str) -> (u16, Value) {
    let path = format!("/api/v1/groups/{}/{path}", world.group);
    call(&world.client, "GET", &path, Some(token), None).await
}

#[tokio::test]
async fn each_side_of_completed_help_has_it_in_their_record() {
    let world = World::new().await;
    let (_, before) = get(&world, &world.admin, "members/me/contribution").await;
    assert_eq!(before["times_given"], 0, "{before}");
    helped(&world).await;

    let (status, record) = get(&world, &world.admin, "members/me/contribution").await;
    assert_eq!(status, 200, "{record}");
    assert_eq!(
        (&record["times_given"], &record["times_received"]),
        (&json!(1), &json!(0))
    );
    let line = &record["given"][0];
    assert_eq!(line["request_id"], world.request.as_str());
    assert_eq!(line["area"], "Budgets");
    assert_eq!(line["mode"], "email");
    assert_eq!(line["rating"], 5);
    assert_eq!(line["comment"], "=Clear and kind");
    assert_eq!(line["need_answer"], Value::Null);
    assert_eq!(record["display_name"], "admin");
    let (_, theirs) = get(&world, &world.member, "members/me/contribution").await;
    assert_eq!(theirs["received"][0]["request_id"], world.request.as_str());
    assert_eq!(theirs["given"], json!([]));
    let text = theirs.to_string();
    assert!(
        !text.contains("admin"),
        "the record names nobody else: {text}"
    );

    let (status, csv) = get(&world, &world.admin, "members/me/contribution/csv").await;
    assert_eq!(status, 200);
    let csv = csv.as_str().unwrap();
    assert!(
        csv.starts_with("\u{FEFF}kind,what,date,how,rating,comment,need\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains(",email,5,'=Clear and kind,\r\n"),
        "a comment that could start a formula is neutralised: {csv}"
    );
    let (status, _) = get(&world, &world.outsider, "members/me/contribution").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_helpers_to_thank_leave_out_who_asked_not_to_be_named() {
    let world = World::new().await;
    helped(&world).await;
    let thanked = |body: &Value| -> Vec<(String, u64)> {
        body["thanks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h["display_name"].as_str().unwrap().to_owned(),
                    h["completed"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let (status, report) = get(&world, &world.admin, "reports/thanks").await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(thanked(&report), [("admin".to_owned(), 1)]);
    let (status, _) = get(&world, &world.member, "reports/thanks").await;
    assert_eq!(status, 403);

    let me = format!("/api/v1/groups/{}/members/me", world.group);
    let (status, profile) = call(
        &world.client,
        "PATCH",
        &me,
        Some(&world.admin),
        Some(json!({"named_in_thanks": false})),
    )
    .await;
    assert_eq!((status, &profile["named_in_thanks"]), (200, &json!(false)));
    let (_, report) = get(&world, &world.admin, "reports/thanks").await;
    assert!(thanked(&report).is_empty(), "{report}");
    let (_, overview) = get(&world, &world.admin, "reports/overview").await;
    assert_eq!(
        overview["overview"]["completed"], 1,
        "the help still counts"
    );
}

#[tokio::test]
async fn the_profile_counts_the_help_and_leads_to_a_record_to_print_or_download() {
    let world = World::new().await;
    let admin = Browser::signed_in(&world.client, &world.admin);
    let profile = format!("/groups/{}/profile", world.group);
    let contribution = format!("/groups/{}/contribution", world.group);
    let empty = admin.get(&contribution).await;
    assert_eq!(empty.status, 200);
    assert!(empty.shows("You have not completed a request as a helper yet."));
    helped(&world).await;

    let page = admin.get(&profile).await;
    assert!(
        page.shows("You have given help once. Thank you."),
        "{}",
        page.html
    );
    assert!(page.shows("You have not received help yet."));
    assert!(page.shows(&format!("href=\"{contribution}\"")));
    let record = admin.get(&contribution).await;
    assert!(
        record.shows("<th scope=\"row\" data-label=\"Area\">Budgets</th>"),
        "{}",
        record.html
    );
    assert!(record.shows("5 out of 5"));
    assert!(record.shows("=Clear and kind"));
    let download = admin.get(&format!("{contribution}?format=csv")).await;
    assert_eq!(download.status, 200);
    assert_eq!(
        download.headers["content-disposition"],
        "attachment; filename=\"contribution.csv\""
    );
    assert!(download.html.contains("gave,Budgets,"));
    let member = Browser::signed_in(&world.client, &world.member);
    let theirs = member.get(&contribution).await;
    assert!(theirs.shows("Help you received"));
    assert!(theirs.shows("<th scope=\"row\" data-label=\"Area\">Budgets</th>"));

    let reports = format!("/groups/{}/admin/reports", world.group);
    let named = admin.get(&reports).await;
    assert!(
        named.shows("<th scope=\"row\">admin</th>"),
        "{}",
        named.html
    );
    assert!(page.shows("name=\"named_in_thanks\" id=\"named_in_thanks\" value=\"yes\" aria-describedby=\"named_in_thanks-hint\" checked"));
    let saved = admin
        .submit(&profile, &profile, &[("display_name", "admin")])
        .await;
    assert_eq!(saved.status, 303, "unticked");
    let unnamed = admin.get(&reports).await;
    assert!(!unnamed.shows("<th scope=\"row\">admin</th>"));
    assert!(unnamed.shows("Nobody to name yet"));
    let unticked = admin.get(&profile).await;
    assert!(!unticked.shows("value=\"yes\" aria-describedby=\"named_in_thanks-hint\" checked"));
}
