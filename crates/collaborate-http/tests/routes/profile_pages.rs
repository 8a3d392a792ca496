//! The profile page: a place typed by name (a town's centre), contact channels, who received my
//! details, the help I have given, leaving; and searching near a place typed.

use crate::browser::Browser;
use crate::fixture::World;

#[tokio::test]
async fn a_place_is_typed_by_name_and_a_shared_name_asks_for_its_county() {
    let world = World::new().await;
    let member = Browser::signed_in(&world.client, &world.member);
    let profile = format!("/groups/{}/profile", world.group);
    let fields = |place: &'static str| {
        vec![
            ("display_name", "member"),
            ("place", place),
            ("contact_email", "me@example.org"),
            ("preferred_modes", "video"),
        ]
    };
    let shared = member.submit(&profile, &profile, &fields("Newport")).await;
    assert_eq!(shared.status, 422);
    assert!(
        shared.shows("<a href=\"#place\">More than one place has this name"),
        "{}",
        shared.html
    );
    assert!(shared.shows("<li>Newport, Isle of Wight</li>"));
    let unknown = member
        .submit(&profile, &profile, &fields("Xyzzyville"))
        .await;
    assert!(unknown.shows("<a href=\"#place\">We do not know this place"));

    let saved = member
        .submit(&profile, &profile, &fields("newport, isle of wight"))
        .await;
    assert_eq!(
        (saved.status, saved.location.as_deref()),
        (303, Some(format!("{profile}?saved").as_str()))
    );
    let page = member.get(&format!("{profile}?saved")).await;
    assert!(page.shows("Your profile is saved."));
    assert!(page.shows("value=\"Newport, Isle of Wight\""));
    assert!(page.shows("value=\"me@example.org\""));
    assert!(page.shows("value=\"video\" checked"));
}

#[tokio::test]
async fn a_bad_contact_is_shown_on_its_field_with_everything_else_kept() {
    let world = World::new().await;
    let member = Browser::signed_in(&world.client, &world.member);
    let profile = format!("/groups/{}/profile", world.group);
    let page = member
        .submit(
            &profile,
            &profile,
            &[
                ("display_name", "member"),
                ("phone", "12"),
                ("video_link", "ftp://x"),
                ("job_title", "Kept"),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(page.shows("<a href=\"#phone\">Enter a phone number of 7 to 15 digits</a>"));
    assert!(page.shows("<a href=\"#video_link\">Enter a link starting https://</a>"));
    assert!(page.shows("value=\"Kept\""));
}

#[tokio::test]
async fn a_helper_sees_who_received_their_details_and_the_help_they_have_given() {
    let world = World::new().await;
    let admin = Browser::signed_in(&world.client, &world.admin);
    let profile = admin.get(&format!("/groups/{}/profile", world.group)).await;
    assert!(
        profile.shows("<td>member</td>"),
        "the member received the admin's details"
    );
    assert!(profile.shows(&format!("/requests/{}", world.request)));
    assert!(
        profile.shows("You have not given help to the end of a request or in a Peer Assist yet.")
    );
    let request = format!("/groups/{}/requests/{}", world.group, world.request);
    for status in ["accepted", "completed"] {
        admin
            .submit(&request, &request, &[("status", status)])
            .await;
    }
    let after = admin.get(&format!("/groups/{}/profile", world.group)).await;
    assert!(after.shows("You have given help once."));
}

#[tokio::test]
async fn searching_near_a_typed_place_measures_from_it() {
    let world = World::new().await;
    let member = Browser::signed_in(&world.client, &world.member);
    let admin = Browser::signed_in(&world.client, &world.admin);
    let profile = format!("/groups/{}/profile", world.group);
    admin
        .submit(
            &profile,
            &profile,
            &[("display_name", "admin"), ("place", "Leeds")],
        )
        .await;
    let search = format!("/groups/{}/search?area={}", world.group, world.areas[0]);
    let near = member
        .get(&format!("{search}&near=York&radius_km=50"))
        .await;
    assert_eq!(near.status, 200, "{}", near.html);
    assert!(near.shows("1 person found"));
    assert!(near.shows("About 3"), "Leeds is about 35 km from York");
    assert!(near.shows("<svg viewBox="), "a map of the people found");
    assert!(
        near.shows("<circle class=\"centre\""),
        "and of where distances are measured from"
    );
    assert!(near.shows("</circle>\n      <text"), "a numbered marker");
    assert!(
        near.shows("<td>Leeds, City and Borough of Leeds</td>"),
        "the table names the town"
    );
    let far = member
        .get(&format!("{search}&near=Cork&radius_km=50"))
        .await;
    assert!(far.shows("No one found"));
    let unknown = member.get(&format!("{search}&near=Xyzzyville")).await;
    assert_eq!(unknown.status, 422);
    assert!(unknown.shows("<a href=\"#near\">We do not know this place"));
}

#[tokio::test]
async fn leaving_takes_the_group_off_my_list_and_the_last_admin_may_not() {
    let world = World::new().await;
    let member = Browser::signed_in(&world.client, &world.member);
    let leave = format!("/groups/{}/leave", world.group);
    let profile = format!("/groups/{}/profile", world.group);
    let left = member.submit(&profile, &leave, &[]).await;
    assert_eq!(
        (left.status, left.location.as_deref()),
        (303, Some("/groups"))
    );
    assert!(!member.get("/groups").await.shows("Leeds schools"));
    let admin = Browser::signed_in(&world.client, &world.admin);
    let refused = admin.submit(&profile, &leave, &[]).await;
    assert_eq!(refused.status, 409);
}

#[tokio::test]
async fn my_account_offers_my_data_and_erasing_it_with_the_password() {
    let world = World::new().await;
    let member = Browser::signed_in(&world.client, &world.member);
    let account = member.get("/account").await;
    assert_eq!(account.status, 200);
    assert!(account.shows("member@example.org"));
    assert!(account.shows("href=\"/api/v1/me/export\""));
    let export = world
        .client
        .get("/api/v1/me/export")
        .header("Cookie", format!("collaborate_session={}", world.member))
        .send()
        .await;
    export.assert_status_is_ok();
    let wrong = member
        .submit(
            "/account",
            "/account/erase",
            &[("password", "not the password")],
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert!(
        wrong.shows("<a href=\"#password\">The password is not right</a>"),
        "{}",
        wrong.html
    );
    let erased = member
        .submit(
            "/account",
            "/account/erase",
            &[("password", crate::fixture::PASSWORD)],
        )
        .await;
    assert_eq!(
        (erased.status, erased.location.as_deref()),
        (303, Some("/"))
    );
    assert_eq!(member.cookie("collaborate_session"), None);
    let (status, _) = crate::fixture::call(
        &world.client,
        "GET",
        "/api/v1/me",
        Some(&world.member),
        None,
    )
    .await;
    assert_eq!(status, 401);

    let admin = Browser::signed_in(&world.client, &world.admin);
    let last = admin
        .submit(
            "/account",
            "/account/erase",
            &[("password", crate::fixture::PASSWORD)],
        )
        .await;
    assert_eq!(last.status, 409, "the last admin names another first");
}

#[tokio::test]
async fn my_account_keeps_the_language_i_read_in_for_every_device() {
    let world = World::new().await;
    let member = Browser::signed_in(&world.client, &world.member);
    let account = member.get("/account").await;
    assert!(account.shows("<option value=\"\">The language my browser asks for</option>"));
    assert!(account.shows("<option value=\"en\" lang=\"en\">English</option>"));
    let saved = member
        .submit("/account", "/account/language", &[("language", "en")])
        .await;
    assert_eq!(
        (saved.status, saved.location.as_deref()),
        (303, Some("/account?language-saved"))
    );
    let elsewhere = Browser::signed_in(&world.client, &world.member);
    let shown = elsewhere.get("/account?language-saved").await;
    assert!(shown.shows("Your language is saved."));
    assert!(shown.shows("<option value=\"en\" lang=\"en\" selected>English</option>"));
    let (_, export) = crate::fixture::call(
        &world.client,
        "GET",
        "/api/v1/me/export",
        Some(&world.member),
        None,
    )
    .await;
    assert_eq!(export["account"]["language"], "en");

    let refused = member
        .submit(
            "/account",
            "/account/language",
            &[("language", "english please")],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.shows("<a href=\"#language\">Choose one of the languages listed</a>"));
    let forged = member
        .post("/account/language", "forged", &[("language", "")])
        .await;
    assert_eq!(forged.status, 403);
    let cleared = member
        .submit("/account", "/account/language", &[("language", "")])
        .await;
    assert_eq!(cleared.status, 303);
    assert!(
        !member.get("/account").await.shows("lang=\"en\" selected"),
        "back to the browser's language"
    );
}
