//! Safeguarding through the pages: a concern raised one click from a request, received by the
//! leads, acted on; never seen by the person concerned.

use crate::browser::Browser;
use crate::fixture::World;

#[tokio::test]
async fn a_concern_is_raised_from_a_request_and_one_only_its_subject_could_receive_is_sent_elsewhere()
 {
    let world = World::new().await;
    // The admin, the group's only lead, is the helper of the member's request.
    let seeker = Browser::signed_in(&world.client, &world.member);
    let request = format!("/groups/{}/requests/{}", world.group, world.request);
    let page = seeker.get(&request).await;
    let raise = format!(
        "/groups/{}/concerns/raise?request={}",
        world.group, world.request
    );
    assert!(
        page.shows(&format!("href=\"{raise}\"")),
        "one click from the request"
    );
    let empty = seeker.submit(&raise, &raise, &[("text", "")]).await;
    assert_eq!(empty.status, 422);
    assert!(empty.shows("<a href=\"#text\">Say what happened"));
    let refused = seeker
        .submit(&raise, &raise, &[("text", "Asked for my home address")])
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.shows("contact your organisation&#39;s safeguarding lead instead"));
    assert!(
        refused.shows("Asked for my home address</textarea>"),
        "what was written is kept"
    );

    // About the suspended member, it reaches the admin.
    let about = format!(
        "/groups/{}/concerns/raise?member={}",
        world.group, world.suspended_id
    );
    let form = seeker.get(&about).await;
    assert!(form.shows("call 999 now"), "the emergency comes first");
    assert!(
        form.shows("safeguarding leads: admin."),
        "it names whom it goes to"
    );
    let raised = seeker
        .submit(&about, &about, &[("text", "Rude in a meeting")])
        .await;
    assert_eq!(raised.status, 200, "{}", raised.html);
    assert!(raised.shows("Your concern has gone to the safeguarding leads"));
    let admin = Browser::signed_in(&world.client, &world.admin);
    let list = admin
        .get(&format!("/groups/{}/concerns", world.group))
        .await;
    assert_eq!(
        list.html.matches("<th scope=\"row\">").count(),
        2,
        "the world's and this one"
    );
    let home = admin.get(&format!("/groups/{}", world.group)).await;
    assert!(home.shows("Waiting for you"));
    assert!(home.shows("2 safeguarding concerns are open"));
    assert!(
        !seeker
            .get(&format!("/groups/{}", world.group))
            .await
            .shows("safeguarding concerns are open")
    );
}

#[tokio::test]
async fn a_lead_records_suspends_closes_and_reopens() {
    let world = World::new().await;
    let admin = Browser::signed_in(&world.client, &world.admin);
    let list = admin
        .get(&format!("/groups/{}/concerns", world.group))
        .await;
    assert!(
        list.shows("<th scope=\"row\"><a href="),
        "the world's concern about the suspended member"
    );
    let marker = format!("/groups/{}/concerns/", world.group);
    let at = list.html.find(&format!("href=\"{marker}")).unwrap() + "href=\"".len();
    let concern = list.html[at..at + marker.len() + 36].to_owned();
    let page = admin.get(&concern).await;
    assert_eq!(page.status, 200, "{}", page.html);
    let noted = admin
        .post(
            &concern,
            &page.form_token(),
            &[("note", "Called the school")],
        )
        .await;
    assert_eq!(noted.status, 303);
    let closed = admin
        .post(&concern, &page.form_token(), &[("status", "closed")])
        .await;
    assert_eq!(closed.status, 303);
    let after = admin.get(&concern).await;
    assert!(after.shows("Called the school"));
    assert!(after.shows("Reopen"));
    let home = admin.get(&format!("/groups/{}", world.group)).await;
    assert!(
        home.shows(&format!("href=\"/groups/{}/concerns\"", world.group)),
        "leads find the concerns from home"
    );
}

#[tokio::test]
async fn members_who_are_not_leads_neither_list_nor_read_concerns() {
    let world = World::new().await;
    let member = Browser::signed_in(&world.client, &world.member);
    let list = member
        .get(&format!("/groups/{}/concerns", world.group))
        .await;
    assert!(matches!(list.status, 403 | 404), "{}", list.status);
    let home = member.get(&format!("/groups/{}", world.group)).await;
    assert!(!home.shows("Safeguarding concerns"));
    let nonsense = member
        .get(&format!("/groups/{}/concerns/raise", world.group))
        .await;
    assert_eq!(
        nonsense.status, 404,
        "a concern is about a request or a member"
    );
}
