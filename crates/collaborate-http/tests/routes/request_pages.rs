//! Finding help and the life of a request through the pages: the gate, a search, asking, the
//! contact details on both sides, the helper's answer and the seeker's feedback.

use crate::browser::{Browser, Page};
use crate::fixture::World;
use crate::pages::{NEWCOMER, signed_up};

/// The first link on `page` that starts with `prefix`.
fn link(page: &Page, prefix: &str) -> String {
    let at = page.html.find(&format!("href=\"{prefix}")).expect(prefix) + "href=\"".len();
    let end = page.html[at..].find('"').unwrap();
    page.html[at..at + end].replace("&amp;", "&")
}

#[tokio::test]
async fn search_is_refused_with_the_number_of_offers_that_would_open_it() {
    let world = World::new().await;
    let browser = Browser::new(&world.client);
    signed_up(&browser, NEWCOMER).await;
    let join = format!("/groups/{}/join", world.group);
    browser.submit(&join, &join, &[("code", &world.code)]).await;
    let search = browser
        .get(&format!("/groups/{}/search", world.group))
        .await;
    assert_eq!(search.status, 403);
    assert!(search.shows("Offer help in 3 more areas to unlock search"));
    let ask = browser
        .get(&format!(
            "/groups/{}/ask/{}",
            world.group, world.offers["admin"][0]
        ))
        .await;
    let sent = browser
        .post(
            &format!("/groups/{}/ask/{}", world.group, world.offers["admin"][0]),
            &ask.form_token(),
            &[("message", "Please"), ("mode", "email")],
        )
        .await;
    assert_eq!(sent.status, 403, "the core refuses the request too");
}

#[tokio::test]
async fn a_seeker_finds_a_peer_asks_and_both_see_each_others_details_through_to_feedback() {
    let world = World::new().await;
    let seeker = Browser::signed_in(&world.client, &world.member);
    let search = format!("/groups/{}/search", world.group);
    let form = seeker.get(&search).await;
    assert_eq!(form.status, 200);
    assert!(form.shows("<option value=\"\">Choose an area</option>"));
    let found = seeker
        .get(&format!("{search}?area={}&modes=email", world.areas[0]))
        .await;
    assert_eq!(found.status, 200, "{}", found.html);
    assert!(
        found.shows("1 person found"),
        "only the admin: the suspended member is hidden"
    );
    assert!(found.shows("<span class=\"number\">1</span> admin</h3>"));
    assert!(
        !found.shows("admin@example.org"),
        "no contact details in a search"
    );

    let ask = link(&found, &format!("/groups/{}/ask/", world.group));
    let ask_form = seeker.get(&ask).await;
    assert!(
        ask_form.shows("<h1>Ask admin for help</h1>"),
        "whom one asks"
    );
    assert!(ask_form.shows("Curriculum"), "and about what");
    assert!(ask_form.shows("value=\"email\""));
    let own = format!("/groups/{}/ask/{}", world.group, world.offers["member"][0]);
    assert_eq!(seeker.get(&own).await.status, 404, "not one's own offer");
    let suspended = format!(
        "/groups/{}/ask/{}",
        world.group, world.offers["suspended"][0]
    );
    assert_eq!(
        seeker.get(&suspended).await.status,
        404,
        "not an offer search hides"
    );
    assert!(
        ask_form.shows("Where to start"),
        "the seeker's needs can be named"
    );
    let missing = seeker.post(&ask, &ask_form.form_token(), &[]).await;
    assert_eq!(missing.status, 422);
    assert!(missing.shows("<a href=\"#message\">"));
    assert!(missing.shows("<a href=\"#mode\">"));
    let sent = seeker
        .post(
            &ask,
            &ask_form.form_token(),
            &[
                ("message", "Could you show me your scheme of work?"),
                ("mode", "email"),
            ],
        )
        .await;
    assert_eq!(sent.status, 303, "{}", sent.html);
    let request = sent.location.unwrap();
    let seen = seeker.get(&request).await;
    assert!(
        seen.shows("href=\"mailto:admin@example.org\""),
        "the helper's details, at once"
    );
    assert!(seen.shows("Waiting for an answer"));
    assert!(seen.shows("Cancel request"));
    assert!(!seen.shows(">Accept<"), "only the helper accepts");

    let helper = Browser::signed_in(&world.client, &world.admin);
    let asked = helper
        .get(&format!("/groups/{}/requests?side=helper", world.group))
        .await;
    assert!(asked.shows(&request));
    assert!(asked.shows("with member"), "the list names who asked");
    let theirs = helper.get(&request).await;
    assert!(theirs.shows("href=\"mailto:member@example.org\""));
    assert!(theirs.shows("Could you show me your scheme of work?"));
    for status in ["accepted", "completed"] {
        let page = helper.get(&request).await;
        let moved = helper
            .post(&request, &page.form_token(), &[("status", status)])
            .await;
        assert_eq!(moved.status, 303, "{status}: {}", moved.html);
    }
    let done = seeker.get(&request).await;
    assert!(done.shows("Completed"));
    assert!(done.shows("How helpful was it?"));
    assert!(done.shows("no longer see each other"), "{}", done.html);
    assert!(!done.shows("mailto:admin@example.org"));
    let feedback = format!("{request}/feedback");
    let unrated = seeker
        .post(&feedback, &done.form_token(), &[("comment", "Great")])
        .await;
    assert_eq!(unrated.status, 422);
    assert!(unrated.shows("<a href=\"#rating\">Choose how helpful it was"));
    let opened = seeker.get(&feedback).await;
    assert_eq!(
        (opened.status, opened.location.as_deref()),
        (303, Some(request.as_str())),
        "the form's address opened directly leads back to the request"
    );
    let rated = seeker
        .post(
            &feedback,
            &done.form_token(),
            &[("rating", "5"), ("comment", "Clear and kind")],
        )
        .await;
    assert_eq!(rated.status, 303);
    let after = seeker.get(&request).await;
    assert!(after.shows("5 out of 5"));
    assert!(after.shows("Clear and kind"));
    assert!(
        !after.shows("How helpful was it?"),
        "feedback is given once"
    );
}

#[tokio::test]
async fn a_distance_without_a_place_is_a_problem_on_its_field() {
    let world = World::new().await;
    let seeker = Browser::signed_in(&world.client, &world.member);
    let page = seeker
        .get(&format!(
            "/groups/{}/search?area={}&radius_km=10",
            world.group, world.areas[0]
        ))
        .await;
    assert_eq!(page.status, 422);
    assert!(page.shows(
        "<a href=\"#radius_km\">Choose a distance from the list, with a place to search near, or add your own place to your profile"
    ));
}

#[tokio::test]
async fn a_request_is_seen_by_its_two_sides_only_and_moved_only_as_the_core_allows() {
    let world = World::new().await;
    let path = format!("/groups/{}/requests/{}", world.group, world.request);
    for outsider in [&world.outsider, &world.suspended] {
        let page = Browser::signed_in(&world.client, outsider).get(&path).await;
        assert!(matches!(page.status, 403 | 404), "{}", page.status);
        assert!(!page.shows("member@example.org"));
    }
    let seeker = Browser::signed_in(&world.client, &world.member);
    let page = seeker.get(&path).await;
    let accepted = seeker
        .post(&path, &page.form_token(), &[("status", "accepted")])
        .await;
    assert_eq!(
        accepted.status, 403,
        "a seeker does not accept their own request"
    );
    let nonsense = seeker
        .post(&path, &page.form_token(), &[("status", "eaten")])
        .await;
    assert_eq!(nonsense.status, 422);
}
