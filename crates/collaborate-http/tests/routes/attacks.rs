//! Attacks a member or an outsider could make with allowed calls, each shown to fail.

use crate::fixture::{World, call};
use serde_json::json;

/// Kilometres per degree of latitude (and of longitude at the equator) on the mean sphere.
const KM_PER_DEGREE: f64 = 6371.0088 * std::f64::consts::PI / 180.0;

/// A flat frame in kilometres around `(lat0, lon0)`: good to metres over a few kilometres.
struct Frame {
    lat0: f64,
    lon0: f64,
}

impl Frame {
    fn to_km(&self, (lat, lon): (f64, f64)) -> (f64, f64) {
        (
            (lon - self.lon0) * KM_PER_DEGREE * self.lat0.to_radians().cos(),
            (lat - self.lat0) * KM_PER_DEGREE,
        )
    }

    fn to_degrees(&self, (x, y): (f64, f64)) -> (f64, f64) {
        (
            self.lat0 + y / KM_PER_DEGREE,
            self.lon0 + x / (KM_PER_DEGREE * self.lat0.to_radians().cos()),
        )
    }
}

/// The centre of the circle through three points.
fn circumcentre(a: (f64, f64), b: (f64, f64), c: (f64, f64)) -> (f64, f64) {
    let d = 2.0 * (a.0 * (b.1 - c.1) + b.0 * (c.1 - a.1) + c.0 * (a.1 - b.1));
    let sq = |p: (f64, f64)| p.0 * p.0 + p.1 * p.1;
    (
        (sq(a) * (b.1 - c.1) + sq(b) * (c.1 - a.1) + sq(c) * (a.1 - b.1)) / d,
        (sq(a) * (c.0 - b.0) + sq(b) * (a.0 - c.0) + sq(c) * (b.0 - a.0)) / d,
    )
}

/// Whether the member finds a helper in the first area within 2 km of `origin`.
async fn found_from(world: &World, origin: (f64, f64)) -> bool {
    let path = format!(
        "/api/v1/groups/{}/search?area_id={}&lat={}&lon={}&radius_km=2",
        world.group, world.areas[0], origin.0, origin.1
    );
    let (status, hits) = call(&world.client, "GET", &path, Some(&world.member), None).await;
    assert_eq!(status, 200, "{hits}");
    hits["items"].as_array().unwrap().len() == 1
}

/// A contributor tries to find where a helper lives: from the approximate position search
/// shows, they walk the search origin outward in three directions, binary-searching where the
/// helper drops out of a 2 km radius (90 searches), and take the centre of the circle through
/// the three edges. They learn the centre of the helper's grid cell, no more: the estimate is no
/// closer to the exact place than the cell's centre is.
#[tokio::test]
async fn trilateration_through_search_finds_the_cell_never_the_place() {
    let world = World::new().await;
    let (client, g) = (&world.client, &world.group);
    let exact = (53.804_2, -1.554_3);
    let (status, _) = call(
        client,
        "PATCH",
        &format!("/api/v1/groups/{g}/members/me"),
        Some(&world.admin),
        Some(json!({"location": {"lat": exact.0, "lon": exact.1}})),
    )
    .await;
    assert_eq!(status, 200);

    let path = format!("/api/v1/groups/{g}/search?area_id={}", world.areas[0]);
    let (_, shown) = call(client, "GET", &path, Some(&world.member), None).await;
    let approximate = &shown["items"][0]["peer"]["approximate_location"];
    let frame = Frame {
        lat0: approximate["lat"].as_f64().unwrap(),
        lon0: approximate["lon"].as_f64().unwrap(),
    };

    let mut edges = Vec::new();
    for bearing in [0.0_f64, 120.0, 240.0] {
        let direction = (bearing.to_radians().sin(), bearing.to_radians().cos());
        let at = |t: f64| frame.to_degrees((t * direction.0, t * direction.1));
        let (mut inside, mut outside) = (0.0, 5.0);
        assert!(found_from(&world, at(inside)).await && !found_from(&world, at(outside)).await);
        for _ in 0..30 {
            let middle = (inside + outside) / 2.0;
            if found_from(&world, at(middle)).await {
                inside = middle;
            } else {
                outside = middle;
            }
        }
        edges.push((inside * direction.0, inside * direction.1));
    }
    let estimate = circumcentre(edges[0], edges[1], edges[2]);
    let exact_km = frame.to_km(exact);
    let error = ((estimate.0 - exact_km.0).powi(2) + (estimate.1 - exact_km.1).powi(2)).sqrt();
    let cell_centre_error = (exact_km.0.powi(2) + exact_km.1.powi(2)).sqrt();
    assert!(
        cell_centre_error > 0.4,
        "the place is chosen far from its cell's centre"
    );
    assert!(
        error > 0.9 * cell_centre_error,
        "the place was recovered to {:.0} m; its cell's centre is {:.0} m away",
        error * 1000.0,
        cell_centre_error * 1000.0
    );
}

/// An address with a capital outside ASCII registers (it once answered 500), signs in however it
/// is typed, and a second account for it is refused as a duplicate.
#[tokio::test]
async fn an_accented_address_registers_once_and_signs_in_as_typed_any_way() {
    let client = crate::fixture::server().await;
    let register = |email: &'static str| {
        let client = &client;
        async move {
            call(client, "POST", "/api/v1/accounts", None, Some(json!({"email": email, "password": crate::fixture::PASSWORD, "display_name": "Émile"}))).await
        }
    };
    assert_eq!(register("Émile@example.org").await.0, 201);
    let (status, refused) = register("ÉMILE@EXAMPLE.ORG").await;
    assert_eq!(
        (status, refused["reason"].as_str()),
        (409, Some("duplicate"))
    );
    for typed in ["émile@example.org", "E\u{301}MILE@example.org"] {
        let (status, _) = call(
            &client,
            "POST",
            "/api/v1/sessions",
            None,
            Some(json!({"email": typed, "password": crate::fixture::PASSWORD})),
        )
        .await;
        assert_eq!(status, 201, "{typed}");
    }
}

/// An admin's list of members shows what running the group needs, never a member's phone,
/// video link or exact place.
#[tokio::test]
async fn an_admin_sees_no_phone_video_link_or_exact_place() {
    let world = World::new().await;
    let (client, g) = (&world.client, &world.group);
    let (status, _) = call(
        client,
        "PATCH",
        &format!("/api/v1/groups/{g}/members/me"),
        Some(&world.member),
        Some(json!({
            "phone": "+44 113 496 0172",
            "video_link": "https://meet.example.org/room-4417",
            "location": {"label": "Chapel Allerton", "lat": 53.828_417, "lon": -1.537_913}
        })),
    )
    .await;
    assert_eq!(status, 200);
    let (status, listed) = call(
        client,
        "GET",
        &format!("/api/v1/groups/{g}/members"),
        Some(&world.admin),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let text = listed.to_string();
    for secret in [
        "496 0172",
        "room-4417",
        "53.828417",
        "1.537913",
        "Chapel Allerton",
    ] {
        assert!(!text.contains(secret), "{secret} shown to an admin: {text}");
    }
    let member = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == world.member_id.as_str())
        .unwrap();
    assert_eq!(member["email"], "member@example.org");
    assert_eq!(
        member["approximate_location"],
        json!({"lat": 53.83, "lon": -1.54})
    );
}

async fn status_of(
    world: &World,
    token: &str,
    method: &str,
    path: &str,
    body: Option<serde_json::Value>,
) -> u16 {
    call(&world.client, method, path, Some(token), body).await.0
}

/// A member an admin removed cannot come back by the join code, nor by an invitation made
/// before the removal; only a new invitation brings them back. Leaving is the member's own act,
/// not an admin's.
#[tokio::test]
async fn removal_sticks_against_join_codes_and_earlier_invitations() {
    let world = World::new().await;
    let g = &world.group;
    let join = json!({"join_code": world.code});
    let join_path = format!("/api/v1/groups/{g}/join");
    // The outsider holds an invitation, but joins by the code first.
    assert_eq!(
        status_of(
            &world,
            &world.outsider,
            "POST",
            &join_path,
            Some(join.clone())
        )
        .await,
        201
    );
    let (_, me) = call(
        &world.client,
        "GET",
        &format!("/api/v1/groups/{g}/members/me"),
        Some(&world.outsider),
        None,
    )
    .await;
    let outsider = &me["member"]["id"];
    let member_path = format!("/api/v1/groups/{g}/members/{}", outsider.as_str().unwrap());
    let (status, refused) = call(
        &world.client,
        "PATCH",
        &member_path,
        Some(&world.admin),
        Some(json!({"status": "left"})),
    )
    .await;
    assert_eq!((status, refused["field"].as_str()), (400, Some("status")));
    let (status, removed) = call(
        &world.client,
        "PATCH",
        &member_path,
        Some(&world.admin),
        Some(json!({"status": "removed"})),
    )
    .await;
    assert_eq!((status, removed["status"].as_str()), (200, Some("removed")));

    let outsider = crate::fixture::sign_in(&world.client, "outsider@example.org").await;
    assert_eq!(
        status_of(&world, &outsider, "POST", &join_path, Some(join)).await,
        403
    );
    let accept = format!("/api/v1/invitations/{}/accept", world.invitation);
    let (status, refused) = call(&world.client, "POST", &accept, Some(&outsider), None).await;
    assert_eq!(
        (status, refused["reason"].as_str()),
        (409, Some("wrong_state"))
    );
    assert_eq!(
        status_of(
            &world,
            &outsider,
            "GET",
            &format!("/api/v1/groups/{g}/areas"),
            None
        )
        .await,
        404
    );

    let (status, again) = call(
        &world.client,
        "POST",
        &format!("/api/v1/groups/{g}/invitations"),
        Some(&world.admin),
        Some(json!({"email": "outsider@example.org"})),
    )
    .await;
    assert_eq!(status, 201);
    let accept = format!(
        "/api/v1/invitations/{}/accept",
        again["token"].as_str().unwrap()
    );
    assert_eq!(
        status_of(&world, &outsider, "POST", &accept, None).await,
        201
    );
}

/// Admins list pending invitations and withdraw them; a withdrawn invitation cannot be used.
#[tokio::test]
async fn admins_list_and_withdraw_pending_invitations() {
    let world = World::new().await;
    let list = format!("/api/v1/groups/{}/invitations", world.group);
    let (status, pending) = call(&world.client, "GET", &list, Some(&world.admin), None).await;
    assert_eq!(status, 200);
    assert_eq!(pending["items"].as_array().unwrap().len(), 1);
    assert_eq!(pending["items"][0]["email"], "outsider@example.org");
    assert!(
        !pending.to_string().contains(&world.invitation),
        "a token in the list"
    );

    let one = format!("{list}/{}", world.invitation_id);
    assert_eq!(
        status_of(&world, &world.admin, "DELETE", &one, None).await,
        204
    );
    let (_, pending) = call(&world.client, "GET", &list, Some(&world.admin), None).await;
    assert_eq!(pending["items"], json!([]));
    assert_eq!(
        status_of(&world, &world.admin, "DELETE", &one, None).await,
        409
    );
    let accept = format!("/api/v1/invitations/{}/accept", world.invitation);
    assert_eq!(
        status_of(&world, &world.outsider, "POST", &accept, None).await,
        409
    );
}

/// An invitation dies when the admin who made it stops being one.
#[tokio::test]
async fn an_invitation_dies_with_its_issuers_admin_rights() {
    let world = World::new().await;
    let g = &world.group;
    let member_path = format!("/api/v1/groups/{g}/members/{}", world.member_id);
    let make = |role: &'static str| {
        let (world, member_path) = (&world, &member_path);
        async move {
            let body = Some(json!({ "role": role }));
            status_of(world, &world.admin, "PATCH", member_path, body).await
        }
    };
    assert_eq!(make("admin").await, 200);
    let (status, made) = call(
        &world.client,
        "POST",
        &format!("/api/v1/groups/{g}/invitations"),
        Some(&world.member),
        Some(json!({"email": "friend@example.org", "role": "admin"})),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(make("member").await, 200);

    let (_, pending) = call(
        &world.client,
        "GET",
        &format!("/api/v1/groups/{g}/invitations"),
        Some(&world.admin),
        None,
    )
    .await;
    assert!(
        pending["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["email"] != "friend@example.org")
    );
    let friend = crate::fixture::person(&world.client, "friend@example.org").await;
    let accept = format!(
        "/api/v1/invitations/{}/accept",
        made["token"].as_str().unwrap()
    );
    assert_eq!(status_of(&world, &friend, "POST", &accept, None).await, 409);
}

/// A name cannot disguise itself: direction overrides and zero-width characters are refused,
/// naming the field, wherever a name is given.
#[tokio::test]
async fn names_with_direction_overrides_or_zero_width_characters_are_refused() {
    let world = World::new().await;
    let (status, refused) = call(
        &world.client,
        "POST",
        "/api/v1/accounts",
        None,
        Some(json!({"email": "mallory@example.org", "password": crate::fixture::PASSWORD, "display_name": "Ada \u{202E}nimdA"})),
    )
    .await;
    assert_eq!(
        (status, refused["field"].as_str()),
        (400, Some("display_name"))
    );
    let (status, refused) = call(
        &world.client,
        "PATCH",
        &format!("/api/v1/groups/{}/members/me", world.group),
        Some(&world.member),
        Some(json!({"display_name": "ad\u{200B}min", "job_title": "Head"})),
    )
    .await;
    assert_eq!(
        (status, refused["field"].as_str()),
        (400, Some("display_name"))
    );
    let (status, refused) = call(
        &world.client,
        "POST",
        &format!("/api/v1/groups/{}/areas", world.group),
        Some(&world.admin),
        Some(json!({"name": "Budgets\u{2066}"})),
    )
    .await;
    assert_eq!((status, refused["field"].as_str()), (400, Some("name")));
}

/// Every answer, errors included, tells browsers not to sniff, frame, leak the address or keep a
/// copy of it; the documentation page may run its own inline script and nothing from elsewhere.
#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let client = crate::fixture::server().await;
    for (path, policy) in [
        ("/api/v1/me", "default-src 'none'"),
        ("/api/v1/no-such-thing", "default-src 'none'"),
        ("/healthz", "default-src 'none'"),
        ("/api/docs", "script-src 'unsafe-inline'"),
    ] {
        let response = client.get(path).send().await;
        let headers = response.0.headers();
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        assert!(header("content-security-policy").contains(policy), "{path}");
        assert!(
            header("content-security-policy").contains("frame-ancestors 'none'"),
            "{path}"
        );
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("x-frame-options"), "DENY", "{path}");
        assert_eq!(header("referrer-policy"), "no-referrer", "{path}");
        assert_eq!(header("cache-control"), "no-store", "{path}");
        assert_eq!(
            header("strict-transport-security"),
            "",
            "{path}: plain HTTP"
        );
    }
}

/// Over HTTPS the session cookie is `__Host-` and `Secure` (no subdomain can plant or read it),
/// works as a session, and transport security is required from then on.
#[tokio::test]
async fn over_https_the_session_cookie_is_host_only_and_secure() {
    let config = collaborate_http::HttpConfig {
        secure_cookies: true,
        ..collaborate_http::HttpConfig::default()
    };
    let client =
        crate::fixture::server_configured(collaborate_http::Limits::default(), &config).await;
    crate::fixture::person(&client, "ada@example.org").await;
    let response = client
        .post("/api/v1/sessions")
        .body_json(&json!({"email": "ada@example.org", "password": crate::fixture::PASSWORD}))
        .send()
        .await;
    response.assert_status(poem::http::StatusCode::CREATED);
    let headers = response.0.headers();
    let cookie = headers["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.starts_with("__Host-collaborate_session="),
        "{cookie}"
    );
    assert!(
        cookie.contains("; Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"),
        "{cookie}"
    );
    assert!(
        headers["strict-transport-security"]
            .to_str()
            .unwrap()
            .starts_with("max-age=")
    );
    let pair = cookie.split(';').next().unwrap().to_owned();
    client
        .get("/api/v1/me")
        .header("Cookie", pair)
        .send()
        .await
        .assert_status_is_ok();
}

/// Admins read the trail, filtered; each member reads who received their contact details — and
/// nothing of anyone else's.
#[tokio::test]
async fn the_audit_log_for_admins_and_each_members_reveals() {
    let world = World::new().await;
    let (client, g) = (&world.client, &world.group);
    let (status, log) = call(
        client,
        "GET",
        &format!("/api/v1/groups/{g}/audit?action=contacts_revealed"),
        Some(&world.admin),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let items = log["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "the request's two reveals: {log}");
    assert!(
        items
            .iter()
            .all(|e| e["details"]["kind"] == "contacts_revealed")
    );
    assert!(
        items
            .iter()
            .any(|e| e["subject_id"] == world.member_id.as_str())
    );

    let (status, everything) = call(
        client,
        "GET",
        &format!("/api/v1/groups/{g}/audit?member_id={}", world.member_id),
        Some(&world.admin),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let kinds: Vec<&str> = everything["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["concern_raised", "contacts_revealed", "contacts_revealed"],
        "the member's concern and the request's two reveals, newest first"
    );

    let reveals = format!("/api/v1/groups/{g}/members/me/reveals");
    let (_, mine) = call(client, "GET", &reveals, Some(&world.member), None).await;
    let mine = mine["items"].as_array().unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["received_by_name"], "admin");
    assert_eq!(mine[0]["request_id"], world.request.as_str());
    let (_, admins) = call(client, "GET", &reveals, Some(&world.admin), None).await;
    assert_eq!(admins["items"][0]["received_by"], world.member_id.as_str());

    for (query, field) in [("action=everything", "action"), ("from=yesterday", "from")] {
        let (status, refused) = call(
            client,
            "GET",
            &format!("/api/v1/groups/{g}/audit?{query}"),
            Some(&world.admin),
            None,
        )
        .await;
        assert_eq!(
            (status, refused["field"].as_str()),
            (400, Some(field)),
            "{query}"
        );
    }
    for kind in collaborate_core::audit::AuditAction::KINDS {
        let (status, _) = call(
            client,
            "GET",
            &format!("/api/v1/groups/{g}/audit?action={kind}"),
            Some(&world.admin),
            None,
        )
        .await;
        assert_eq!(status, 200, "every kind of event can be asked for: {kind}");
    }
}
