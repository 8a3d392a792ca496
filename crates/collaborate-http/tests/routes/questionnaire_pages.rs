//! The questionnaire online: a member's top five strengths and needs on one page, the aspects of
//! an area shown once it is chosen, refusals tied to their rank, and the link of a systemic group.

use crate::browser::{Browser, Page};
use crate::fixture::{ASPECTS, World, call, id, person};
use crate::pages::{NEWCOMER, signed_up};
use serde_json::json;

/// A newcomer signed up on the pages and joined the world's group by its code.
async fn newcomer(world: &World) -> Browser<'_> {
    let browser = Browser::new(&world.client);
    signed_up(&browser, NEWCOMER).await;
    let join = format!("/groups/{}/join", world.group);
    assert_eq!(
        browser
            .submit(&join, &join, &[("code", &world.code)])
            .await
            .status,
        303
    );
    browser
}

/// The three areas of the world as strengths 1 to 3, with their aspects when `aspects`, and the
/// first as need 1.
fn top_three(world: &World, aspects: bool, step: &'static str) -> Vec<(&'static str, String)> {
    let mut fields = vec![("step", step.to_owned())];
    for (i, column) in ["strength_1", "strength_2", "strength_3"]
        .iter()
        .enumerate()
    {
        fields.push((column, world.areas[i].clone()));
        if aspects {
            let name: &'static str = match i {
                0 => "strength_1_aspects",
                1 => "strength_2_aspects",
                _ => "strength_3_aspects",
            };
            fields.push((name, ASPECTS[i].to_owned()));
        }
    }
    fields.push(("need_1", world.areas[0].clone()));
    fields.push(("modes", "video".to_owned()));
    fields
}

async fn send(browser: &Browser<'_>, world: &World, fields: &[(&str, String)]) -> Page {
    let path = format!("/groups/{}/questionnaire", world.group);
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    browser.submit(&path, &path, &fields).await
}

#[tokio::test]
async fn a_newcomer_gives_a_top_five_on_one_page_and_the_gate_opens() {
    let world = World::new().await;
    let browser = newcomer(&world).await;
    let path = format!("/groups/{}/questionnaire", world.group);
    let empty = browser.get(&path).await;
    assert_eq!(empty.status, 200);
    for column in ["strength_1", "strength_5", "need_1", "need_5"] {
        assert!(empty.shows(&format!("<select id=\"{column}\" name=\"{column}\"")));
    }
    assert!(!empty.shows("type=\"checkbox\" name=\"strength_1_aspects\""));

    let asked = send(&browser, &world, &top_three(&world, false, "aspects")).await;
    assert_eq!(
        asked.status, 200,
        "showing the aspects saves nothing and refuses nothing"
    );
    for (i, aspect) in ASPECTS.iter().enumerate() {
        let field = format!(
            "name=\"strength_{}_aspects\" id=\"strength_{}_aspects-1\" value=\"{aspect}\"",
            i + 1,
            i + 1
        );
        assert!(asked.shows(&field), "{field}");
    }
    assert!(asked.shows(&format!("<option value=\"{}\" selected>", world.areas[2])));
    let offers = format!("/groups/{}/offers", world.group);
    assert!(
        browser
            .get(&offers)
            .await
            .shows("You have not offered help yet.")
    );

    let saved = send(&browser, &world, &top_three(&world, true, "save")).await;
    assert_eq!(saved.status, 303);
    assert_eq!(
        saved.location.as_deref(),
        Some(format!("{path}?saved").as_str())
    );
    let shown = browser.get(&format!("{path}?saved")).await;
    assert!(shown.shows("Your answers are saved"));
    assert!(shown.shows(&format!("value=\"{}\" checked", ASPECTS[1])));
    assert!(shown.shows("value=\"video\" checked"));
    let mine = browser.get(&offers).await;
    assert!(mine.shows("Grant bids") && mine.shows("Video call"));
    let home = browser.get(&format!("/groups/{}", world.group)).await;
    assert!(
        home.shows("you can search for peers"),
        "three strengths open the gate"
    );
    let needs = browser.get(&format!("/groups/{}/needs", world.group)).await;
    assert!(needs.shows("<h2>Curriculum</h2>"));
}

#[tokio::test]
async fn a_strength_without_aspects_is_shown_again_with_the_problem_on_its_rank() {
    let world = World::new().await;
    let browser = newcomer(&world).await;
    let mut fields = top_three(&world, true, "save");
    fields.retain(|(name, _)| *name != "strength_2_aspects");
    let refused = send(&browser, &world, &fields).await;
    assert_eq!(refused.status, 422);
    assert!(refused.shows("<a href=\"#strength_2\">Choose an area not chosen above, and tick at least one of its aspects</a>"));
    assert!(refused.shows("aria-describedby=\"strength_2-error\""));
    assert!(
        refused.shows(&format!("value=\"{}\">", ASPECTS[1])),
        "its aspects are offered"
    );
    assert!(
        refused.shows(&format!("value=\"{}\" checked", ASPECTS[0])),
        "what was ticked stays"
    );
    let offers = browser
        .get(&format!("/groups/{}/offers", world.group))
        .await;
    assert!(
        offers.shows("You have not offered help yet."),
        "nothing was saved"
    );

    fields.push(("strength_4", world.areas[0].clone()));
    fields.push(("strength_4_aspects", ASPECTS[0].to_owned()));
    fields.push(("strength_2_aspects", ASPECTS[1].to_owned()));
    let twice = send(&browser, &world, &fields).await;
    assert_eq!(twice.status, 422);
    assert!(
        twice.shows("<a href=\"#strength_4\">"),
        "the same area twice"
    );
}

#[tokio::test]
async fn only_the_groups_active_members_answer_and_only_with_the_pages_token() {
    let world = World::new().await;
    let path = format!("/groups/{}/questionnaire", world.group);
    let outsider = Browser::signed_in(&world.client, &world.outsider);
    assert_eq!(outsider.get(&path).await.status, 404);
    let suspended = Browser::signed_in(&world.client, &world.suspended);
    assert_eq!(suspended.get(&path).await.status, 403);
    let member = Browser::signed_in(&world.client, &world.member);
    let fields = top_three(&world, true, "save");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(member.post(&path, "forged", &fields).await.status, 403);
    let visitor = Browser::new(&world.client);
    let sent = visitor.get(&path).await;
    assert_eq!(sent.status, 303, "a visitor signs in first, and comes back");
    assert!(sent.location.unwrap().starts_with("/sign-in?next="));
}

#[tokio::test]
async fn a_systemic_groups_home_gives_admins_the_link_and_members_the_way_in() {
    let world = World::new().await;
    let admin = person(&world.client, "convenor@example.org").await;
    let (status, created) = call(
        &world.client,
        "POST",
        "/api/v1/groups",
        Some(&admin),
        Some(json!({"name": "Wakefield council", "growth_mode": "systemic"})),
    )
    .await;
    assert_eq!(status, 201);
    let group = id(&created["group"]);
    let home = Browser::signed_in(&world.client, &admin)
        .get(&format!("/groups/{group}"))
        .await;
    assert!(home.shows(&format!(
        "/groups/{group}/questionnaire\">Give your top five</a>"
    )));
    assert!(
        home.shows(&format!(
            "http://localhost/groups/{group}/questionnaire</a>"
        )),
        "{}",
        home.html
    );
    let organic = Browser::signed_in(&world.client, &world.admin)
        .get(&format!("/groups/{}", world.group))
        .await;
    assert!(!organic.shows("The questionnaire online"));
}

#[tokio::test]
async fn the_top_five_opens_with_my_offers_and_shows_what_saving_would_change_before_it_does() {
    let world = World::new().await;
    let member = Browser::signed_in(&world.client, &world.member);
    let path = format!("/groups/{}/questionnaire", world.group);
    let opened = member.get(&path).await;
    for (i, area) in world.areas.iter().enumerate() {
        assert!(
            opened.shows(&format!("<option value=\"{area}\" selected>")),
            "strength {} is the offer already made: {}",
            i + 1,
            opened.html
        );
    }
    assert!(opened.shows(&format!("value=\"{}\" checked", ASPECTS[0])));
    assert!(opened.shows("value=\"email\" checked") && opened.shows("value=\"video\" checked"));

    let checked = send(&member, &world, &top_three(&world, true, "check")).await;
    assert_eq!(checked.status, 200, "{}", checked.html);
    assert!(checked.shows("Check what would change"));
    assert!(checked.shows("Your offer, changed"), "{}", checked.html);
    assert!(
        checked.shows("Email, Video call, then Video call"),
        "the ways of helping, from and to: {}",
        checked.html
    );
    assert!(checked.shows("not in your top five, then 1"));
    let offers = format!("/groups/{}/offers", world.group);
    assert!(
        member.get(&offers).await.shows("Email"),
        "nothing changed before saving"
    );

    let mut confirmed = top_three(&world, true, "save");
    confirmed.retain(|(name, _)| *name != "step");
    confirmed.push(("step", "save".to_owned()));
    let saved = send(&member, &world, &confirmed).await;
    assert_eq!(saved.status, 303, "{}", saved.html);
    let after = member.get(&offers).await;
    assert!(
        !after.shows(">Email<") && !after.shows("Email, "),
        "{}",
        after.html
    );
}
