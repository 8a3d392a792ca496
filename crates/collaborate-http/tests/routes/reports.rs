//! The reports through the real routes: every report as JSON and as CSV, filters refused by
//! name, and a member's words made harmless in a spreadsheet.

use crate::fixture::{World, call};
use serde_json::{Value, json};

const REPORTS: [&str; 12] = [
    "overview",
    "areas",
    "aspects",
    "organisations",
    "gaps",
    "requests",
    "reciprocity",
    "feedback",
    "trends",
    "peer_assists",
    "matching",
    "thanks",
];

fn url(world: &World, report: &str, query: &str) -> String {
    format!("/api/v1/groups/{}/reports/{report}?{query}", world.group)
}

#[tokio::test]
async fn every_report_answers_as_json_and_as_csv() {
    let world = World::new().await;
    for report in REPORTS {
        let (status, body) = call(
            &world.client,
            "GET",
            &url(&world, report, ""),
            Some(&world.admin),
            None,
        )
        .await;
        assert_eq!(status, 200, "{report}: {body}");
        assert_eq!(body["report"], report);
        assert!(
            body[report].is_object() || body[report].is_array(),
            "{report}: {body}"
        );
        let (status, csv) = call(
            &world.client,
            "GET",
            &url(&world, report, "format=csv&from=2020-01-01&to=2099-12-31"),
            Some(&world.admin),
            None,
        )
        .await;
        assert_eq!(status, 200);
        assert!(
            csv.as_str().unwrap().starts_with('\u{FEFF}'),
            "{report}: {csv}"
        );
        let (status, file) = call(
            &world.client,
            "GET",
            &format!(
                "/api/v1/groups/{}/reports/{report}/csv?from=2020-01-01&to=2099-12-31",
                world.group
            ),
            Some(&world.admin),
            None,
        )
        .await;
        assert_eq!((status, &file), (200, &csv), "{report}: the CSV operation");
    }
    let (_, overview) = call(
        &world.client,
        "GET",
        &url(&world, "overview", ""),
        Some(&world.admin),
        None,
    )
    .await;
    assert_eq!(overview["overview"]["members_active"], 2, "{overview}");
    assert_eq!(overview["overview"]["members_suspended"], 1);
    assert_eq!(overview["overview"]["requests"], 1);
    let (_, peer_assists) = call(
        &world.client,
        "GET",
        &url(&world, "peer_assists", ""),
        Some(&world.admin),
        None,
    )
    .await;
    let report = &peer_assists["peer_assists"];
    assert_eq!(
        report["by_status"][0],
        json!({"status": "draft", "count": 1}),
        "the member's draft: {report}"
    );
    assert_eq!(
        (&report["people"], &report["lessons"]),
        (&json!(0), &json!(0))
    );
    let (_, matching) = call(
        &world.client,
        "GET",
        &url(&world, "matching", ""),
        Some(&world.admin),
        None,
    )
    .await;
    let all = &matching["matching"]["overall"];
    assert_eq!(
        (&all["raised"], &all["met"], &all["percent_met"]),
        (&json!(3), &json!(0), &json!(0)),
        "each member's need, as the other reports count members, none met yet: {matching}"
    );
    let (_, areas) = call(
        &world.client,
        "GET",
        &url(&world, "areas", ""),
        Some(&world.admin),
        None,
    )
    .await;
    let unused = areas["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["area_id"] == world.unused_area.as_str())
        .unwrap();
    assert_eq!(
        (unused["offers"].as_u64(), unused["shortage"].is_null()),
        (Some(0), true)
    );
}

#[tokio::test]
async fn a_bad_filter_is_refused_naming_it() {
    let world = World::new().await;
    for (query, field) in [
        ("from=2026-13-01", "from"),
        ("from=2026-11-24&to=2026-11-01", "to"),
        ("organisation_id=not-an-id", "organisation_id"),
        (
            "organisation_id=01a20b6f-fb62-73d4-a46e-75251dc556bb",
            "organisation_id",
        ),
        ("format=xlsx", "format"),
    ] {
        let (status, body) = call(
            &world.client,
            "GET",
            &url(&world, "areas", query),
            Some(&world.admin),
            None,
        )
        .await;
        assert_eq!(
            (status, body["field"].as_str()),
            (400, Some(field)),
            "{query}: {body}"
        );
    }
    let (status, _) = call(
        &world.client,
        "GET",
        &url(&world, "salaries", ""),
        Some(&world.admin),
        None,
    )
    .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn a_name_that_would_be_a_formula_is_text_in_the_spreadsheet() {
    let world = World::new().await;
    let (status, _) = call(
        &world.client,
        "POST",
        &format!("/api/v1/groups/{}/areas", world.group),
        Some(&world.admin),
        Some(json!({"name": "=HYPERLINK(\"http://evil.example\",\"Budgets\")", "aspects": ["Grants, bids"]})),
    )
    .await;
    assert_eq!(status, 201);
    let (_, csv) = call(
        &world.client,
        "GET",
        &url(&world, "aspects", "format=csv"),
        Some(&world.admin),
        None,
    )
    .await;
    let csv = csv.as_str().unwrap();
    assert!(
        csv.contains(
            "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Budgets\"\")\",\"Grants, bids\",0,0,"
        ),
        "{csv}"
    );
}

/// A report of one organisation too small to hide its people in is refused: with one or two
/// members, its figures would be theirs.
#[tokio::test]
async fn a_report_of_an_organisation_of_fewer_than_three_is_refused() {
    let world = World::new().await;
    let (status, made) = call(
        &world.client,
        "POST",
        &format!("/api/v1/groups/{}/organisations", world.group),
        Some(&world.admin),
        Some(serde_json::json!({"name": "Park High"})),
    )
    .await;
    assert_eq!(status, 201, "{made}");
    let park_high = made["id"].as_str().unwrap().to_owned();
    let (_, me) = call(
        &world.client,
        "GET",
        &format!("/api/v1/groups/{}/members/me", world.group),
        Some(&world.member),
        None,
    )
    .await;
    let (status, _) = call(
        &world.client,
        "PATCH",
        &format!("/api/v1/groups/{}/members/me", world.group),
        Some(&world.member),
        Some(serde_json::json!({"organisation_id": park_high, "version": me["member"]["version"]})),
    )
    .await;
    assert_eq!(status, 200);
    let padding = "email,display_name,organisation\r\na@example.org,A,Park High\r\nb@example.org,B,Park High\r\n".to_owned();
    let (status, _) = call(
        &world.client,
        "POST",
        &format!("/api/v1/groups/{}/imports?dry_run=false", world.group),
        Some(&world.admin),
        Some(Value::String(padding)),
    )
    .await;
    assert_eq!(
        status, 200,
        "pre-loaded profiles nobody claimed are no cover"
    );
    for report in ["overview", "organisations", "requests", "reciprocity"] {
        let (status, body) = call(
            &world.client,
            "GET",
            &url(&world, report, &format!("organisation_id={park_high}")),
            Some(&world.admin),
            None,
        )
        .await;
        assert_eq!(
            (status, body["field"].as_str()),
            (400, Some("organisation_id")),
            "{report}: {body}"
        );
    }
    let page = crate::browser::Browser::signed_in(&world.client, &world.admin)
        .get(&format!(
            "/groups/{}/admin/reports?organisation={park_high}",
            world.group
        ))
        .await;
    assert_eq!(page.status, 422, "{}", page.html);
    assert!(
        page.shows("href=\"#organisation\""),
        "the summary leads to the field"
    );
    assert!(page.shows("fewer than three members in the exchange"));
}
