//! Matching's pages: an admin proposes, reviews and confirms in the back office, a member sees
//! who could help with a need and asks from there; nobody else reaches them.

use crate::browser::Browser;
use crate::fixture::World;

#[tokio::test]
async fn an_admin_proposes_reviews_and_confirms_and_a_member_asks_from_a_suggestion() {
    let world = World::new().await;
    let admin = Browser::signed_in(&world.client, &world.admin);
    let matching = format!("/groups/{}/admin/matching", world.group);
    let hub = admin.get(&format!("/groups/{}/admin", world.group)).await;
    assert!(hub.shows(&matching), "the back office links to it");
    let listed = admin.get(&matching).await;
    assert_eq!(listed.status, 200);
    assert!(listed.shows("Make a proposal"));

    let refused = admin
        .submit(&matching, &matching, &[("max_distance_km", "0")])
        .await;
    assert_eq!(refused.status, 422, "{}", refused.html);
    assert!(refused.shows("Enter a whole number of kilometres from 1 to 1000"));

    let made = admin
        .submit(&matching, &matching, &[("area_ids", &world.areas[0])])
        .await;
    assert_eq!(made.status, 303);
    let review = made.location.unwrap();
    let shown = admin.get(&review).await;
    assert_eq!(shown.status, 200);
    assert!(shown.shows("Proposal made: review it"));
    assert!(shown.shows("admin would help member"), "{}", shown.html);
    assert!(shown.shows("member would help admin"));
    assert!(shown.shows(" of 1005"));
    assert!(shown.shows("For the open needs of Curriculum."));

    // Confirm the member's need only.
    let token = shown.form_token();
    let path = review.split('?').next().unwrap().to_owned();
    let confirmed = admin
        .post(&path, &token, &[("need_ids", &world.needs["member"])])
        .await;
    assert_eq!(confirmed.status, 303, "{}", confirmed.html);
    let after = admin.get(&confirmed.location.unwrap()).await;
    assert!(after.shows("Confirmed: the requests are made"));
    assert!(
        after.shows("Confirm the ticked needs"),
        "the other is left to confirm"
    );
    let again = admin
        .post(
            &path,
            &after.form_token(),
            &[("need_ids", &world.needs["member"])],
        )
        .await;
    assert_eq!(again.status, 422);
    assert!(again.shows("confirmed already"));

    // Nobody but admins of the group reaches the pages.
    for (token, expected) in [(&world.member, 403), (&world.outsider, 404)] {
        let browser = Browser::signed_in(&world.client, token);
        assert_eq!(browser.get(&matching).await.status, expected);
        assert_eq!(browser.get(&path).await.status, expected);
    }

    // The admin's own need: who could help, and asking from there with the need chosen.
    let needs = admin.get(&format!("/groups/{}/needs", world.group)).await;
    let suggestions = format!(
        "/groups/{}/needs/{}/suggestions",
        world.group, world.needs["admin"]
    );
    assert!(
        needs.shows(&suggestions),
        "each open need links to its suggestions"
    );
    let found = admin.get(&suggestions).await;
    assert_eq!(found.status, 200);
    assert!(found.shows("Ask member"), "{}", found.html);
    let ask = format!(
        "/groups/{}/ask/{}?need_id={}&mode=",
        world.group, world.offers["member"][0], world.needs["admin"]
    );
    let form = admin.get(&ask).await;
    assert!(form.shows(&format!("value=\"{}\" selected", world.needs["admin"])));
    let member = Browser::signed_in(&world.client, &world.member);
    assert_eq!(member.get(&suggestions).await.status, 404, "another's need");
}
