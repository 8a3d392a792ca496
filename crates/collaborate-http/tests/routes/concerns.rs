//! Safeguarding through the real routes: a concern reaches the leads and never the person
//! concerned, a lead suspends from it, and a concern nobody could receive is refused.

use crate::fixture::{World, call, id};
use serde_json::{Value, json};

impl World {
    async fn get(&self, path: &str, token: &str) -> (u16, Value) {
        let path = format!("/api/v1/groups/{}{path}", self.group);
        call(&self.client, "GET", &path, Some(token), None).await
    }

    async fn send(&self, method: &str, path: &str, token: &str, body: Value) -> (u16, Value) {
        let path = format!("/api/v1/groups/{}{path}", self.group);
        call(&self.client, method, &path, Some(token), Some(body)).await
    }

    /// The outsider joins by the code; their member id.
    async fn outsider_joins(&self) -> String {
        let (status, joined) = self
            .send(
                "POST",
                "/join",
                &self.outsider,
                json!({"join_code": self.code}),
            )
            .await;
        assert_eq!(status, 201, "{joined}");
        let (_, me) = self.get("/members/me", &self.outsider).await;
        id(&me["member"])
    }

    async fn admin_id(&self) -> String {
        let (_, me) = self.get("/members/me", &self.admin).await;
        id(&me["member"])
    }
}

#[tokio::test]
async fn a_concern_reaches_the_leads_and_never_the_person_concerned() {
    let world = World::new().await;
    let about_the_request =
        json!({"about": {"request_id": world.request}, "text": "He wants to meet at his flat"});

    // The member's request is to the admin, the group's only lead: nobody else could receive it.
    let (status, refused) = world
        .send(
            "POST",
            "/concerns",
            &world.member,
            about_the_request.clone(),
        )
        .await;
    assert_eq!((status, &refused["reason"]), (409, &json!("no_lead")));
    let (_, leads) = world.get("/safeguarding-leads", &world.member).await;
    assert_eq!(leads["items"].as_array().unwrap().len(), 1);

    // The admin names another member a lead; now the concern goes to them.
    let lead_id = world.outsider_joins().await;
    let (status, _) = call(
        &world.client,
        "PUT",
        &format!(
            "/api/v1/groups/{}/safeguarding-leads/{lead_id}",
            world.group
        ),
        Some(&world.admin),
        None,
    )
    .await;
    assert_eq!(status, 204);
    let (status, raised) = world
        .send("POST", "/concerns", &world.member, about_the_request)
        .await;
    assert_eq!(status, 201, "{raised}");
    assert_eq!(raised["about"]["request_id"], world.request.as_str());
    assert_eq!(raised["status"], "open");
    let concern = id(&raised);

    let (status, seen) = world.get("/concerns?status=open", &world.outsider).await;
    assert_eq!(status, 200, "{seen}");
    let ours = seen["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == concern.as_str())
        .unwrap();
    assert_eq!(ours["raised_by"]["display_name"], "member");
    assert_eq!(
        ours["concerning"]["member_id"],
        world.admin_id().await.as_str()
    );
    assert_eq!(ours["text"], "He wants to meet at his flat");

    // The admin concerned finds nothing of it: not listed, not by id, not in the trail.
    let (_, listed) = world.get("/concerns", &world.admin).await;
    assert!(!listed.to_string().contains(&concern), "{listed}");
    let (status, _) = world
        .get(&format!("/concerns/{concern}"), &world.admin)
        .await;
    assert_eq!(status, 404);
    let (status, _) = world
        .send(
            "PATCH",
            &format!("/concerns/{concern}"),
            &world.admin,
            json!({"status": "closed"}),
        )
        .await;
    assert_eq!(status, 404);
    let (_, trail) = world
        .get("/audit?action=concern_raised", &world.admin)
        .await;
    assert!(!trail.to_string().contains(&concern), "{trail}");

    // The lead records what they did and closes it; every step is in the trail.
    let (status, acted) = world
        .send(
            "PATCH",
            &format!("/concerns/{concern}"),
            &world.outsider,
            json!({"note": "Spoke to the member; referred to the council", "status": "closed", "version": 1}),
        )
        .await;
    assert_eq!(status, 200, "{acted}");
    assert_eq!(acted["status"], "closed");
    let steps: Vec<&str> = acted["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["noted", "closed"]);
    assert_eq!(acted["steps"][0]["by"]["member_id"], lead_id.as_str());

    // The member who raised it finds it in their data, closed.
    let (_, export) = call(
        &world.client,
        "GET",
        "/api/v1/me/export",
        Some(&world.member),
        None,
    )
    .await;
    let raised = export["memberships"][0]["concerns_raised"]
        .as_array()
        .unwrap();
    assert_eq!(raised.len(), 2, "this one and the world's: {raised:?}");
    assert!(raised.iter().any(|c| c["status"] == "closed"));
}

#[tokio::test]
async fn a_lead_suspends_from_the_concern_and_the_person_concerned_learns_only_of_the_suspension() {
    let world = World::new().await;
    let concerned = world.outsider_joins().await;
    let (status, raised) = world
        .send(
            "POST",
            "/concerns",
            &world.member,
            json!({"about": {"member_id": concerned}, "text": "Asked me for money"}),
        )
        .await;
    assert_eq!(status, 201, "{raised}");
    let (status, acted) = world
        .send(
            "PATCH",
            &format!("/concerns/{}", id(&raised)),
            &world.admin,
            json!({"note": "Suspended while we look into it", "suspend": true}),
        )
        .await;
    assert_eq!(status, 200, "{acted}");
    assert_eq!(acted["status"], "open");

    let again = &world.outsider;
    let (status, refused) = world.get("/concerns", again).await;
    assert_eq!((status, &refused["code"]), (403, &json!("suspended")));
    let (_, export) = call(&world.client, "GET", "/api/v1/me/export", Some(again), None).await;
    let history = &export["memberships"][0]["history"];
    assert_eq!(history[0]["kind"], "status_changed", "{history}");
    let text = export.to_string();
    assert!(!text.contains("Asked me for money"));
    assert!(
        !text.contains(&world.member_id),
        "nothing points to who raised it: {text}"
    );
}

#[tokio::test]
async fn a_concern_is_about_exactly_one_thing_and_says_something() {
    let world = World::new().await;
    for (body, field) in [
        (
            json!({"about": {"request_id": world.request, "member_id": world.member_id}, "text": "Both"}),
            "about",
        ),
        (json!({"about": {}, "text": "Neither"}), "about"),
        (
            json!({"about": {"member_id": world.member_id}, "text": "   "}),
            "text",
        ),
        (
            json!({"about": {"peer_assist_id": "not-an-id"}, "text": "Unreadable"}),
            "peer_assist_id",
        ),
    ] {
        let (status, refused) = world
            .send("POST", "/concerns", &world.member, body.clone())
            .await;
        assert_eq!(status, 400, "{body}: {refused}");
        assert!(
            refused["field"]
                .as_str()
                .unwrap_or_default()
                .contains(field)
                || refused["message"].as_str().unwrap().contains(field),
            "{body}: {refused}"
        );
    }
    let (status, _) = world
        .send(
            "POST",
            "/concerns",
            &world.member,
            json!({"about": {"request_id": "0192a4e4-7b1c-7c4e-9a53-4c1a2b3c4d5e"}, "text": "Which?"}),
        )
        .await;
    assert_eq!(status, 404);
}

/// The group's only admin, subject of a concern a named lead raised, un-names the lead and
/// suspends them: the concern stays with the lead it went to, who still reads it.
#[tokio::test]
async fn the_subject_of_a_concern_cannot_silence_it_by_changing_roles() {
    let world = World::new().await;
    let lead_id = world.outsider_joins().await;
    let leads = format!(
        "/api/v1/groups/{}/safeguarding-leads/{lead_id}",
        world.group
    );
    let (status, _) = call(&world.client, "PUT", &leads, Some(&world.admin), None).await;
    assert_eq!(status, 204);
    let admin_id = world.admin_id().await;
    let (status, raised) = world
        .send(
            "POST",
            "/concerns",
            &world.outsider,
            json!({"about": {"member_id": admin_id}, "text": "The admin shares pupils' records"}),
        )
        .await;
    assert_eq!(status, 201, "{raised}");
    let concern = format!("/concerns/{}", id(&raised));

    let (status, _) = call(&world.client, "DELETE", &leads, Some(&world.admin), None).await;
    assert_eq!(status, 204);
    let (_, listed) = world.get("/members?limit=100", &world.admin).await;
    let lead = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == lead_id.as_str())
        .unwrap()
        .clone();
    let (status, suspended) = world
        .send(
            "PATCH",
            &format!("/members/{lead_id}"),
            &world.admin,
            json!({"status": "suspended", "version": lead["version"]}),
        )
        .await;
    assert_eq!(status, 200, "{suspended}");

    let (status, read) = world.get(&concern, &world.outsider).await;
    assert_eq!(
        status, 200,
        "the concern stays with the lead it went to: {read}"
    );
    assert_eq!(read["status"], "open");
    let (status, listed) = world.get("/concerns", &world.outsider).await;
    assert_eq!(status, 200, "{listed}");
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    let page = crate::browser::Browser::signed_in(&world.client, &world.outsider)
        .get(&format!("/groups/{}{concern}", world.group))
        .await;
    assert_eq!(page.status, 200, "{}", page.html);
    assert!(page.shows("you can still read it"), "{}", page.html);
    assert!(!page.shows("name=\"note\""), "no form it may not send");
    let (status, _) = world.get(&concern, &world.admin).await;
    assert_eq!(status, 404, "never with the person concerned");
    let (status, _) = world.get(&concern, &world.member).await;
    assert_eq!(status, 403, "nor with anyone it did not go to");
}
