//! What a rogue admin of another group, or a patient attacker, tries against people they do not
//! own: claiming a profile another group pre-loaded, reviving an erased account, bursts of
//! guesses in parallel, and an import that would rewrite a member's own profile.

use crate::browser::Browser;
use crate::fixture::{Client, PASSWORD, World, call, id, person};
use serde_json::{Value, json};
use std::sync::Arc;

const TEACHER: &str = "teacher@school.example.org";

async fn import(client: &Client, admin: &str, group: &str, csv: &str) -> (u16, Value) {
    call(
        client,
        "POST",
        &format!("/api/v1/groups/{group}/imports?dry_run=false"),
        Some(admin),
        Some(Value::String(csv.to_owned())),
    )
    .await
}

/// A group of the attacker's own, and its id.
async fn own_group(client: &Client, email: &str) -> (String, String) {
    let attacker = person(client, email).await;
    let (status, created) = call(
        client,
        "POST",
        "/api/v1/groups",
        Some(&attacker),
        Some(json!({"name": "Not a real school", "growth_mode": "organic"})),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    (attacker, id(&created["group"]))
}

async fn invite(client: &Client, admin: &str, group: &str, email: &str) -> (u16, Value) {
    call(
        client,
        "POST",
        &format!("/api/v1/groups/{group}/invitations"),
        Some(admin),
        Some(json!({"email": email})),
    )
    .await
}

async fn claim(client: &Client, token: &str, password: &str) -> (u16, Value) {
    call(
        client,
        "POST",
        &format!("/api/v1/invitations/{token}/claim"),
        None,
        Some(json!({"password": password})),
    )
    .await
}

/// Group S pre-loads a teacher; the admin of a group of their own invites the same address and
/// tries to claim it, through the API and the pages. Only S's own link sets the password, and
/// the other group's invitation is accepted once the teacher has signed in.
#[tokio::test]
async fn a_profile_is_claimed_only_through_the_group_that_pre_loaded_it() {
    let world = World::new().await;
    let client = &world.client;
    let csv = format!(
        "email,display_name,phone,strength_1\r\n{TEACHER},Terry Teacher,0113 496 0000,Curriculum > KS3 science\r\n"
    );
    let (status, preloaded) = import(client, &world.admin, &world.group, &csv).await;
    assert_eq!(status, 200, "{preloaded}");
    let real_link = preloaded["invitations"][0]["token"]
        .as_str()
        .unwrap()
        .to_owned();

    let (attacker, rogue_group) = own_group(client, "rogue@example.org").await;
    let (status, invited) = invite(client, &attacker, &rogue_group, TEACHER).await;
    assert_eq!(status, 201, "{invited}");
    let rogue_token = invited["token"].as_str().unwrap().to_owned();
    let (status, refused) = claim(client, &rogue_token, "the attacker's own password").await;
    assert_eq!(
        (status, refused["reason"].as_str()),
        (409, Some("wrong_state")),
        "{refused}"
    );
    let page = Browser::new(client);
    let shown = page.get(&format!("/invitations/{rogue_token}")).await;
    assert!(
        !shown.shows("Claim my profile"),
        "another group's invitation offers no claim of the profile"
    );
    let tried = page
        .post(
            &format!("/invitations/{rogue_token}/claim"),
            &page.get("/sign-in").await.form_token(),
            &[("password", "the attacker's own password")],
        )
        .await;
    assert_eq!(tried.status, 409, "{}", tried.html);
    let (status, _) = call(
        client,
        "POST",
        "/api/v1/sessions",
        None,
        Some(json!({"email": TEACHER, "password": "the attacker's own password"})),
    )
    .await;
    assert_eq!(status, 401, "nobody signs in as the teacher");

    let (status, session) = claim(client, &real_link, PASSWORD).await;
    assert_eq!(status, 201, "the real link still claims: {session}");
    let teacher = session["token"].as_str().unwrap().to_owned();
    let (status, joined) = call(
        client,
        "POST",
        &format!("/api/v1/invitations/{rogue_token}/accept"),
        Some(&teacher),
        None,
    )
    .await;
    assert_eq!(status, 201, "signed in, the teacher may accept: {joined}");
}

/// An import by another group's admin of an address someone else pre-loaded cannot claim it
/// either, and its report reads as it would for an address nobody has.
#[tokio::test]
async fn another_groups_import_neither_claims_nor_tells_who_has_an_account() {
    let world = World::new().await;
    let client = &world.client;
    let row = |email: &str| -> String {
        format!("email,display_name,strength_1\r\n{email},Someone,Curriculum > KS3 science\r\n")
    };
    import(client, &world.admin, &world.group, &row(TEACHER)).await;
    let (attacker, rogue_group) = own_group(client, "rogue@example.org").await;
    call(
        client,
        "POST",
        &format!("/api/v1/groups/{rogue_group}/areas"),
        Some(&attacker),
        Some(json!({"name": "Curriculum", "aspects": ["KS3 science"]})),
    )
    .await;
    let (admin, group) = (&attacker, &rogue_group);
    let dry = |email: &'static str| async move {
        let (status, report) = call(
            client,
            "POST",
            &format!("/api/v1/groups/{group}/imports?dry_run=true"),
            Some(admin),
            Some(Value::String(row(email))),
        )
        .await;
        assert_eq!(status, 200, "{report}");
        report["rows"][0].clone()
    };
    let nobody = dry("nobody@example.org").await;
    for somebody in [TEACHER, "member@example.org"] {
        let mut seen = dry(somebody).await;
        seen["email"] = nobody["email"].clone();
        assert_eq!(seen, nobody, "{somebody} reads as nobody does");
    }
    let (_, done) = import(client, &attacker, &rogue_group, &row(TEACHER)).await;
    let token = done["invitations"][0]["token"].as_str().unwrap().to_owned();
    let (status, _) = claim(client, &token, "the attacker's own password").await;
    assert_eq!(status, 409);
}

/// Once a member has taken up their place, an admin's file changes nothing of theirs: not the
/// name, phone or place seekers would reach.
#[tokio::test]
async fn an_import_never_rewrites_a_members_own_profile() {
    let world = World::new().await;
    let client = &world.client;
    let csv = "email,display_name,phone,video_link,strength_1\r\n\
        member@example.org,Impostor,0113 496 0999,https://meet.example.org/impostor,Curriculum > KS3 science\r\n";
    let (status, report) = import(client, &world.admin, &world.group, csv).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["rows"][0]["member"], "kept");
    assert_eq!(report["members_kept"], 1);
    let (_, me) = call(
        client,
        "GET",
        &format!("/api/v1/groups/{}/members/me", world.group),
        Some(&world.member),
        None,
    )
    .await;
    assert_eq!(me["member"]["display_name"], "member", "{me}");
    assert_eq!(me["member"]["contact"]["phone"], Value::Null, "{me}");
}

/// After erasure the account's address is no one's: admins never see it, and it cannot be
/// invited, imported, registered, reset or signed in to.
#[tokio::test]
async fn an_erased_account_cannot_be_brought_back() {
    let world = World::new().await;
    let client = &world.client;
    let (_, me) = call(client, "GET", "/api/v1/me", Some(&world.member), None).await;
    let tombstone = format!(
        "erased-{}@erased.invalid",
        me["account"]["id"].as_str().unwrap().replace('-', "")
    );
    let (status, _) = call(
        client,
        "DELETE",
        "/api/v1/me",
        Some(&world.member),
        Some(json!({"password": PASSWORD})),
    )
    .await;
    assert_eq!(status, 204);
    let (_, members) = call(
        client,
        "GET",
        &format!("/api/v1/groups/{}/members?limit=100", world.group),
        Some(&world.admin),
        None,
    )
    .await;
    assert!(!members.to_string().contains("erased.invalid"), "{members}");

    let (status, refused) = invite(client, &world.admin, &world.group, &tombstone).await;
    assert_eq!((status, refused["field"].as_str()), (400, Some("email")));
    let csv = format!("email,display_name\r\n{tombstone},Back again\r\n");
    let (status, refused) = import(client, &world.admin, &world.group, &csv).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["problems"][0]["column"], "email");
    let disguised = tombstone.replace(".invalid", ".ｉｎｖａｌｉｄ");
    for (path, body) in [
        (
            "/api/v1/accounts",
            json!({"email": tombstone, "password": PASSWORD, "display_name": "Back"}),
        ),
        (
            "/api/v1/accounts",
            json!({"email": disguised, "password": PASSWORD, "display_name": "Back"}),
        ),
        ("/api/v1/password-resets", json!({"email": tombstone})),
    ] {
        let (status, refused) = call(client, "POST", path, None, Some(body)).await;
        assert_eq!(
            (status, refused["field"].as_str()),
            (400, Some("email")),
            "{path}"
        );
    }
    let (status, _) = call(
        client,
        "POST",
        "/api/v1/sessions",
        None,
        Some(json!({"email": tombstone, "password": PASSWORD})),
    )
    .await;
    assert_eq!(status, 401);
}

/// Sixty wrong passwords at once against one account meet the limit of ten exactly as sixty
/// one after another would: the burst gains nothing by being parallel.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_parallel_burst_of_wrong_passwords_meets_the_limit_exactly() {
    let client = Arc::new(crate::fixture::server().await);
    person(&client, "target@example.org").await;
    let mut burst = tokio::task::JoinSet::new();
    for i in 0..60 {
        let client = Arc::clone(&client);
        burst.spawn(async move {
            client
                .post("/api/v1/sessions")
                .body_json(&json!({"email": "target@example.org", "password": format!("guess number {i}")}))
                .send()
                .await
                .0
                .status()
                .as_u16()
        });
    }
    let mut statuses = burst.join_all().await;
    statuses.sort_unstable();
    let wrong = statuses.iter().filter(|s| **s == 401).count();
    let limited = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((wrong, limited), (10, 50), "{statuses:?}");
    let (status, _) = call(
        &client,
        "POST",
        "/api/v1/sessions",
        None,
        Some(json!({"email": "target@example.org", "password": PASSWORD})),
    )
    .await;
    assert_eq!(status, 429, "even the right password waits out the limit");
}

/// Contact details flow only while a request is open: a phone the helper adds after declining
/// never reaches the seeker, and one added while it is open reaches them as an audited reveal.
#[tokio::test]
async fn contact_details_stop_flowing_when_a_request_ends() {
    let world = World::new().await;
    let (client, g, admin) = (&world.client, &world.group, &world.admin);
    let request = format!("/api/v1/groups/{g}/requests/{}", world.request);
    let add_phone = |phone: &'static str| async move {
        let (_, me) = call(
            client,
            "GET",
            &format!("/api/v1/groups/{g}/members/me"),
            Some(admin),
            None,
        )
        .await;
        let (status, changed) = call(
            client,
            "PATCH",
            &format!("/api/v1/groups/{g}/members/me"),
            Some(admin),
            Some(json!({"phone": phone, "version": me["member"]["version"]})),
        )
        .await;
        assert_eq!(status, 200, "{changed}");
    };
    let reveals = || async {
        let (_, events) = call(
            client,
            "GET",
            &format!("/api/v1/groups/{g}/audit?action=contacts_revealed&limit=100"),
            Some(&world.admin),
            None,
        )
        .await;
        events["items"].as_array().unwrap().len()
    };
    let made = reveals().await;
    add_phone("0113 496 0001").await;
    assert_eq!(
        reveals().await,
        made + 1,
        "a change reaching the seeker is a reveal"
    );
    let (_, seen) = call(client, "GET", &request, Some(&world.member), None).await;
    assert_eq!(seen["counterpart"]["contact"]["phone"], "0113 496 0001");

    let (status, _) = call(
        client,
        "POST",
        &format!("{request}/decline"),
        Some(&world.admin),
        None,
    )
    .await;
    assert_eq!(status, 200);
    add_phone("0113 496 0002").await;
    assert_eq!(reveals().await, made + 1, "nothing reaches anyone now");
    let (_, seen) = call(client, "GET", &request, Some(&world.member), None).await;
    assert_eq!(
        seen["counterpart"]["contact"]["phone"],
        Value::Null,
        "{seen}"
    );
    assert_eq!(seen["counterpart"]["contact"]["email"], Value::Null);
}

/// A page elsewhere cannot write through the API in a signed-in member's name: with the session
/// cookie alone, a write must come from this site and carry JSON.
#[tokio::test]
async fn a_cookie_alone_writes_only_from_this_site_and_only_json() {
    let world = World::new().await;
    let leave = format!("/api/v1/groups/{}/members/me", world.group);
    let cookie = format!("collaborate_session={}", world.member);
    let status = |response: poem::test::TestResponse| response.0.status().as_u16();
    let forged = world
        .client
        .delete(&leave)
        .header("Cookie", &cookie)
        .header("Origin", "https://elsewhere.example")
        .content_type("text/plain")
        .body("{}")
        .send()
        .await;
    assert_eq!(status(forged), 403);
    let plain = world
        .client
        .delete(&leave)
        .header("Cookie", &cookie)
        .header("Sec-Fetch-Site", "same-origin")
        .content_type("text/plain")
        .body("{}")
        .send()
        .await;
    assert_eq!(status(plain), 400);
    let (_, me) = call(
        &world.client,
        "GET",
        "/api/v1/me",
        Some(&world.member),
        None,
    )
    .await;
    assert_eq!(
        me["memberships"].as_array().unwrap().len(),
        1,
        "still a member"
    );
    let own = world
        .client
        .delete("/api/v1/sessions/current")
        .header("Cookie", &cookie)
        .send()
        .await;
    assert_eq!(status(own), 403, "no proof of this site, no write");
    let own = world
        .client
        .delete("/api/v1/sessions/current")
        .header("Cookie", &cookie)
        .header("Sec-Fetch-Site", "same-origin")
        .send()
        .await;
    assert_eq!(status(own), 204, "from this site, the cookie signs out");
    let again = world
        .client
        .post("/api/v1/sessions")
        .header("Cookie", &cookie)
        .body_json(&json!({"email": "member@example.org", "password": PASSWORD}))
        .send()
        .await;
    assert_eq!(
        status(again),
        201,
        "a cookie left from before authenticates nothing at sign-in"
    );
}

/// Someone who registers a person's address before a school pre-loads them (addresses are not
/// yet verified) sees nothing of what the school loaded: a place not taken up is not theirs.
#[tokio::test]
async fn a_squatted_address_sees_nothing_of_a_place_it_never_took_up() {
    let world = World::new().await;
    let client = &world.client;
    let squatter = person(client, TEACHER).await;
    let csv = format!(
        "email,display_name,phone,strength_1\r\n{TEACHER},Terry Teacher,0113 496 0000,Curriculum > KS3 science\r\n"
    );
    let (status, _) = import(client, &world.admin, &world.group, &csv).await;
    assert_eq!(status, 200);
    let (status, export) = call(client, "GET", "/api/v1/me/export", Some(&squatter), None).await;
    assert_eq!(status, 200);
    assert_eq!(export["memberships"], json!([]), "{export}");
    assert!(!export.to_string().contains("0113 496 0000"));
}

/// An admin cannot take up a place for someone: a pre-loaded person is not restored into the
/// group, nor an erased member made admin.
#[tokio::test]
async fn an_admin_neither_publishes_a_pre_loaded_profile_nor_changes_an_erased_member() {
    let world = World::new().await;
    let client = &world.client;
    let csv = format!("email,display_name\r\n{TEACHER},Terry Teacher\r\n");
    import(client, &world.admin, &world.group, &csv).await;
    let (_, members) = call(
        client,
        "GET",
        &format!("/api/v1/groups/{}/members?limit=100", world.group),
        Some(&world.admin),
        None,
    )
    .await;
    let find = |members: &Value, name: &str| {
        members["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["display_name"] == name)
            .unwrap()
            .clone()
    };
    let invited = find(&members, "Terry Teacher");
    let (group, admin) = (&world.group, &world.admin);
    let change = |member: Value, body: Value| async move {
        let id = member["id"].as_str().unwrap().to_owned();
        call(
            client,
            "PATCH",
            &format!("/api/v1/groups/{group}/members/{id}"),
            Some(admin),
            Some(body),
        )
        .await
    };
    let (status, refused) = change(
        invited.clone(),
        json!({"status": "active", "version": invited["version"]}),
    )
    .await;
    assert_eq!(
        (status, refused["reason"].as_str()),
        (409, Some("wrong_state"))
    );
    call(
        client,
        "DELETE",
        "/api/v1/me",
        Some(&world.member),
        Some(json!({"password": PASSWORD})),
    )
    .await;
    let (_, members) = call(
        client,
        "GET",
        &format!("/api/v1/groups/{}/members?limit=100", world.group),
        Some(&world.admin),
        None,
    )
    .await;
    let erased = find(&members, "Erased member");
    for body in [
        json!({"status": "active", "version": erased["version"]}),
        json!({"role": "admin", "version": erased["version"]}),
    ] {
        let (status, refused) = change(erased.clone(), body).await;
        assert_eq!(
            (status, refused["reason"].as_str()),
            (409, Some("wrong_state"))
        );
    }
}
