//! The pages of offers and needs: the two steps of adding one, problems on the form, the gate
//! opening at the third area, an offer that does not count said so, editing, deleting once
//! asked, and moves on one's own offers and needs only.

use crate::browser::{Browser, Page};
use crate::fixture::{ASPECTS, World};
use crate::pages::{NEWCOMER, signed_up};

/// A newcomer signed up on the pages and joined the world's group by its code.
async fn newcomer(world: &World) -> Browser<'_> {
    let browser = Browser::new(&world.client);
    signed_up(&browser, NEWCOMER).await;
    let join = format!("/groups/{}/join", world.group);
    let joined = browser.submit(&join, &join, &[("code", &world.code)]).await;
    assert_eq!(joined.status, 303);
    browser
}

/// Offers help in area `index` of the world, by email, in two steps as a person would.
async fn offer_in(world: &World, browser: &Browser<'_>, index: usize) -> Page {
    let new = format!("/groups/{}/offers/new", world.group);
    let form = format!("{new}?area={}", world.areas[index]);
    browser
        .submit(
            &form,
            &new,
            &[
                ("area_id", &world.areas[index]),
                ("aspects", ASPECTS[index]),
                ("description", "Ran it for three years"),
                ("modes", "email"),
                ("modes", "video"),
                ("capacity", "2"),
                ("travel_radius_km", ""),
            ],
        )
        .await
}

#[tokio::test]
async fn adding_an_offer_takes_an_area_then_what_of_it_and_how() {
    let world = World::new().await;
    let browser = newcomer(&world).await;
    let step_one = browser
        .get(&format!("/groups/{}/offers/new", world.group))
        .await;
    assert_eq!(step_one.status, 200);
    assert!(step_one.shows("In which area can you help?"));
    assert!(step_one.shows(&format!("value=\"{}\"", world.areas[0])));
    let step_two = browser
        .get(&format!(
            "/groups/{}/offers/new?area={}",
            world.group, world.areas[0]
        ))
        .await;
    assert!(step_two.shows("Offer help: Curriculum"));
    assert!(step_two.shows(&format!("value=\"{}\"", ASPECTS[0])));

    let made = offer_in(&world, &browser, 0).await;
    let list = format!("/groups/{}/offers", world.group);
    assert_eq!(
        (made.status, made.location.as_deref()),
        (303, Some(format!("{list}?done=added").as_str()))
    );
    assert!(
        browser
            .get(&format!("{list}?done=added"))
            .await
            .shows("Added.")
    );
    let mine = browser.get(&list).await;
    assert!(mine.shows("<h2>Curriculum</h2>"));
    assert!(mine.shows("Email, Video call"));
    assert!(mine.shows("Offer help in 2 more areas to unlock search"));
}

#[tokio::test]
async fn an_offer_without_a_way_to_help_is_shown_again_with_the_problem_on_its_field() {
    let world = World::new().await;
    let browser = newcomer(&world).await;
    let new = format!("/groups/{}/offers/new", world.group);
    let page = browser
        .submit(
            &format!("{new}?area={}", world.areas[1]),
            &new,
            &[
                ("area_id", &world.areas[1]),
                ("aspects", ASPECTS[1]),
                ("description", "Kept as typed"),
                ("capacity", "2"),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(page.shows("<a href=\"#modes\">Choose at least one way you can help</a>"));
    assert!(page.shows("Kept as typed</textarea>"));
    assert!(
        page.shows(&format!("value=\"{}\" checked", ASPECTS[1])),
        "ticked boxes stay ticked"
    );
    let wrong = browser
        .submit(
            &format!("{new}?area={}", world.areas[1]),
            &new,
            &[
                ("area_id", &world.areas[1]),
                ("modes", "email"),
                ("capacity", "many"),
            ],
        )
        .await;
    assert!(wrong.shows("<a href=\"#capacity\">Enter a whole number from 1 to 20</a>"));
}

#[tokio::test]
async fn the_third_area_opens_search_and_pausing_an_offer_closes_it_again() {
    let world = World::new().await;
    let browser = newcomer(&world).await;
    for index in 0..3 {
        assert_eq!(offer_in(&world, &browser, index).await.status, 303);
    }
    let home = browser.get(&format!("/groups/{}", world.group)).await;
    assert!(home.shows("You offer help: you can search for peers"));
    let list = format!("/groups/{}/offers", world.group);
    let mine = browser.get(&list).await;
    let marker = format!("action=\"/groups/{}/offers/", world.group);
    let at = mine.html.find(&marker).unwrap() + marker.len();
    let offer = mine.html[at..at + 36].to_owned();
    let paused = browser
        .post(
            &format!("{list}/{offer}"),
            &mine.form_token(),
            &[("status", "paused")],
        )
        .await;
    assert_eq!(paused.status, 303);
    let after = browser.get(&list).await;
    assert!(after.shows("Paused"));
    assert!(after.shows("Offer help in 1 more area to unlock search"));
}

#[tokio::test]
async fn needs_are_added_and_marked_met() {
    let world = World::new().await;
    let browser = newcomer(&world).await;
    let new = format!("/groups/{}/needs/new", world.group);
    let made = browser
        .submit(
            &format!("{new}?area={}", world.areas[2]),
            &new,
            &[
                ("area_id", &world.areas[2]),
                ("description", "Calmer staff rooms"),
            ],
        )
        .await;
    assert_eq!(
        made.status, 303,
        "a need may name no aspect and no mode: {}",
        made.html
    );
    let list = format!("/groups/{}/needs", world.group);
    let mine = browser.get(&list).await;
    assert!(mine.shows("Calmer staff rooms"));
    assert!(mine.shows("Mark as met"));
}

#[tokio::test]
async fn no_one_moves_another_members_offer() {
    let world = World::new().await;
    let browser = newcomer(&world).await;
    let admins_offer = &world.offers["admin"][0];
    let list = format!("/groups/{}/offers", world.group);
    let token = browser.get(&list).await.form_token();
    let moved = browser
        .post(
            &format!("{list}/{admins_offer}"),
            &token,
            &[("status", "paused")],
        )
        .await;
    assert_eq!(moved.status, 404);
    for step in ["edit", "delete"] {
        let path = format!("{list}/{admins_offer}/{step}");
        assert_eq!(browser.get(&path).await.status, 404, "{step}");
        let posted = browser
            .post(
                &path,
                &token,
                &[
                    ("description", "Mine now"),
                    ("modes", "email"),
                    ("capacity", "2"),
                ],
            )
            .await;
        assert_eq!(posted.status, 404, "{step}");
    }
    let admins = world.offers["admin"].len();
    let (_, offers) = crate::fixture::call(
        &world.client,
        "GET",
        &format!("/api/v1/groups/{}/offers", world.group),
        Some(&world.admin),
        None,
    )
    .await;
    assert_eq!(offers["items"].as_array().map(Vec::len), Some(admins));
    let outsider = Browser::new(&world.client);
    outsider.set_cookie("collaborate_session", &world.outsider);
    assert_eq!(outsider.get(&list).await.status, 404);
    assert_eq!(
        browser
            .get(&format!("/groups/{}/elsewhere", world.group))
            .await
            .status,
        404
    );
}

/// The id of the first offer or need on a list page, from its Edit link.
fn first_item(page: &Page, group: &str, side: &str) -> String {
    let marker = format!("href=\"/groups/{group}/{side}/");
    let at = page
        .html
        .match_indices(&marker)
        .map(|(at, _)| at + marker.len())
        .find(|at| page.html[*at..].get(36..41) == Some("/edit"))
        .expect("an item");
    page.html[at..at + 36].to_owned()
}

#[tokio::test]
async fn an_offer_naming_no_aspect_says_it_does_not_count_until_edited() {
    let world = World::new().await;
    let browser = newcomer(&world).await;
    let new = format!("/groups/{}/offers/new", world.group);
    let made = browser
        .submit(
            &format!("{new}?area={}", world.areas[0]),
            &new,
            &[
                ("area_id", &world.areas[0]),
                ("description", "Ran it for three years"),
                ("modes", "email"),
                ("capacity", "2"),
            ],
        )
        .await;
    assert_eq!(made.status, 303);
    let list = format!("/groups/{}/offers", world.group);
    let mine = browser.get(&list).await;
    assert!(mine.shows("it names no aspect. Edit it and tick at least one."));
    assert!(mine.shows("names at least one aspect of its area"));

    let offer = first_item(&mine, &world.group, "offers");
    let edit = format!("{list}/{offer}/edit");
    let form = browser.get(&edit).await;
    assert_eq!(form.status, 200);
    assert!(form.shows("Edit offer: Curriculum"));
    assert!(form.shows("Ran it for three years</textarea>"));
    assert!(form.shows("value=\"email\" checked"));
    assert!(form.shows("name=\"version\" value=\"1\""));

    let saved = browser
        .submit(
            &edit,
            &edit,
            &[
                ("area_id", &world.areas[0]),
                ("aspects", ASPECTS[0]),
                ("description", "Ran it for four years"),
                ("modes", "email"),
                ("capacity", "3"),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.html);
    let after = browser.get(saved.location.as_deref().unwrap()).await;
    assert!(after.shows("Your changes are saved."));
    assert!(after.shows("Ran it for four years"));
    assert!(!after.shows("Does not count towards searching"));

    let stale = browser
        .submit(
            &edit,
            &edit,
            &[
                ("area_id", &world.areas[0]),
                ("description", "An old tab"),
                ("modes", "email"),
                ("capacity", "2"),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(stale.status, 409, "an edit from an old page is refused");
    assert!(!browser.get(&list).await.shows("An old tab"));
}

#[tokio::test]
async fn deleting_asks_first_and_says_it_was_done() {
    let world = World::new().await;
    let browser = newcomer(&world).await;
    assert_eq!(offer_in(&world, &browser, 1).await.status, 303);
    let list = format!("/groups/{}/offers", world.group);
    let offer = first_item(&browser.get(&list).await, &world.group, "offers");
    let ask = format!("{list}/{offer}/delete");
    let asked = browser.get(&ask).await;
    assert_eq!(asked.status, 200);
    assert!(asked.shows("Delete this offer?"));
    assert!(asked.shows("pause it instead"));
    assert!(
        browser.get(&list).await.shows(&offer),
        "asking deletes nothing"
    );
    let deleted = browser.submit(&ask, &ask, &[]).await;
    assert_eq!(
        (deleted.status, deleted.location.as_deref()),
        (303, Some(format!("{list}?done=deleted").as_str()))
    );
    let after = browser.get(&format!("{list}?done=deleted")).await;
    assert!(after.shows("Deleted."));
    assert!(!after.shows(&offer));
    let forged = browser.get(&format!("{list}?done=%3Cscript%3E")).await;
    assert!(!forged.shows("panel-done"), "only known words are told");
}
