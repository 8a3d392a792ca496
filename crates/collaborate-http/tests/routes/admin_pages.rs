//! The back office's pages: only admins reach them; settings, areas, organisations, members and
//! invitations change as the core allows, with problems on their fields.

use crate::browser::Browser;
use crate::fixture::{PASSWORD, World};
use crate::pages::signed_up;

const PAGES: [&str; 6] = [
    "",
    "/settings",
    "/areas",
    "/organisations",
    "/members",
    "/invitations",
];

#[tokio::test]
async fn only_admins_reach_the_back_office() {
    let world = World::new().await;
    let admin_path = format!("/groups/{}/admin", world.group);
    for (token, expected) in [
        (&world.admin, 200),
        (&world.member, 403),
        (&world.outsider, 404),
    ] {
        let browser = Browser::signed_in(&world.client, token);
        for page in PAGES {
            let shown = browser.get(&format!("{admin_path}{page}")).await;
            assert_eq!(shown.status, expected, "{page}");
        }
    }
    let member = Browser::signed_in(&world.client, &world.member);
    let token = member
        .get(&format!("/groups/{}", world.group))
        .await
        .form_token();
    let forced = member
        .post(
            &format!("{admin_path}/areas"),
            &token,
            &[("name", "Sneaky")],
        )
        .await;
    assert_eq!(forced.status, 403);
    let home = member.get(&format!("/groups/{}", world.group)).await;
    assert!(
        !home.shows(&admin_path),
        "no link to the back office for a member"
    );
}

#[tokio::test]
async fn settings_are_saved_and_a_short_join_code_is_refused_on_its_field() {
    let world = World::new().await;
    let admin = Browser::signed_in(&world.client, &world.admin);
    let settings = format!("/groups/{}/admin/settings", world.group);
    let fields = |code: &'static str| {
        vec![
            ("name", "Leeds schools together"),
            ("min_offers", "2"),
            ("request_expiry_days", "10"),
            ("max_open_requests", "5"),
            ("max_requests_per_day", "10"),
            ("join_code", code),
        ]
    };
    let short = admin.submit(&settings, &settings, &fields("abc")).await;
    assert_eq!(short.status, 422);
    assert!(
        short.shows("<a href=\"#join_code\">Enter a code of at least 8 letters and digits</a>")
    );
    let saved = admin.submit(&settings, &settings, &fields("")).await;
    assert_eq!(saved.status, 303, "{}", saved.html);
    let page = admin.get(&format!("{settings}?saved")).await;
    assert!(page.shows("value=\"Leeds schools together\""));
    assert!(page.shows("value=\"2\""));
    assert!(
        page.shows(&format!("value=\"{}\"", world.code)),
        "the code is kept"
    );
    let trail = admin
        .get(&format!(
            "/groups/{}/admin/audit?kind=group_changed",
            world.group
        ))
        .await;
    assert!(
        trail.shows("Name: Leeds schools to Leeds schools together; Offers needed to search: 3 to 2; Days before a request expires: 14 to 10"),
        "the trail names what changed: {}",
        trail.html
    );
    assert!(!trail.shows(&world.code), "never the join code itself");
    let newcomer = Browser::new(&world.client);
    signed_up(&newcomer, "new@example.org").await;
    let join = format!("/groups/{}/join", world.group);
    newcomer
        .submit(&join, &join, &[("code", &world.code)])
        .await;
    let home = newcomer.get(&format!("/groups/{}", world.group)).await;
    assert!(
        home.shows("Offer help in 2 more areas to unlock search"),
        "the gate follows the setting"
    );
}

#[tokio::test]
async fn areas_are_added_renamed_and_removed_or_archived() {
    let world = World::new().await;
    let admin = Browser::signed_in(&world.client, &world.admin);
    let areas = format!("/groups/{}/admin/areas", world.group);
    let added = admin
        .submit(
            &areas,
            &areas,
            &[("name", "Careers"), ("aspects", "Work experience\n\nCVs\n")],
        )
        .await;
    assert_eq!(added.status, 303, "{}", added.html);
    let list = admin.get(&areas).await;
    assert!(list.shows("Work experience, CVs"));
    let taken = admin.submit(&areas, &areas, &[("name", "careers")]).await;
    assert_eq!(taken.status, 422);
    assert!(taken.shows("<a href=\"#name\">The group already has one of this name</a>"));

    let used = format!("{areas}/{}", world.areas[0]);
    let renamed = admin
        .submit(
            &used,
            &used,
            &[
                ("name", "Curriculum design"),
                ("aspects", "KS3 science\nKS4 science"),
            ],
        )
        .await;
    assert_eq!(renamed.status, 303, "{}", renamed.html);
    assert!(admin.get(&areas).await.shows("<a href=\"/groups/"));
    let archived = admin.submit(&used, &format!("{used}/remove"), &[]).await;
    assert_eq!(archived.status, 303);
    assert!(
        admin.get(&areas).await.shows("Archived"),
        "an area in use is archived"
    );
    let unused = format!("{areas}/{}", world.unused_area);
    admin
        .submit(&unused, &format!("{unused}/remove"), &[])
        .await;
    assert!(
        !admin.get(&areas).await.shows(">Unused<"),
        "an unused area is deleted"
    );
    let trail = admin
        .get(&format!(
            "/groups/{}/admin/audit?kind=area_changed",
            world.group
        ))
        .await;
    for done in [
        "Careers: added",
        "Curriculum design: changed",
        "Curriculum design: archived",
        "Unused: deleted",
    ] {
        assert!(trail.shows(done), "{done}: {}", trail.html);
    }
}

#[tokio::test]
async fn organisations_are_added_once() {
    let world = World::new().await;
    let admin = Browser::signed_in(&world.client, &world.admin);
    let path = format!("/groups/{}/admin/organisations", world.group);
    assert_eq!(
        admin
            .submit(&path, &path, &[("name", "Park Academy")])
            .await
            .status,
        303
    );
    assert!(admin.get(&path).await.shows("<li>Park Academy</li>"));
    let again = admin
        .submit(&path, &path, &[("name", "park academy")])
        .await;
    assert_eq!(again.status, 422);
    assert!(again.shows("value=\"park academy\""));
    let trail = admin
        .get(&format!("/groups/{}/admin/audit", world.group))
        .await;
    assert!(trail.shows(">Organisation added</td><td data-label=\"About\"></td><td data-label=\"What changed\">Park Academy</td>"), "{}", trail.html);
}

#[tokio::test]
async fn an_admin_suspends_restores_and_promotes_a_member_but_never_sets_left() {
    let world = World::new().await;
    let admin = Browser::signed_in(&world.client, &world.admin);
    let members = format!("/groups/{}/admin/members", world.group);
    let page = admin.get(&members).await;
    assert!(page.shows("member@example.org"));
    let one = format!("{members}/{}", world.member_id);
    let token = page.form_token();
    assert_eq!(
        admin
            .post(&one, &token, &[("status", "suspended")])
            .await
            .status,
        303
    );
    let (status, _) = crate::fixture::call(
        &world.client,
        "GET",
        "/api/v1/me",
        Some(&world.member),
        None,
    )
    .await;
    assert_eq!(
        status, 200,
        "a suspension in one group ends nothing of theirs elsewhere"
    );
    let (status, refused) = crate::fixture::call(
        &world.client,
        "GET",
        &format!("/api/v1/groups/{}/areas", world.group),
        Some(&world.member),
        None,
    )
    .await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (403, Some("suspended")),
        "in the group, the suspension holds at once"
    );
    assert_eq!(
        admin
            .post(&one, &token, &[("status", "active")])
            .await
            .status,
        303
    );
    assert_eq!(
        admin.post(&one, &token, &[("role", "admin")]).await.status,
        303
    );
    let after = admin.get(&members).await;
    assert!(after.shows("Make member"), "the member is an admin now");
    let left = admin.post(&one, &token, &[("status", "left")]).await;
    assert_eq!(left.status, 422, "only a member leaves of their own accord");
    let reported = admin.post(&one, &token, &[("role", "member")]).await;
    assert_eq!(
        reported.location.as_deref(),
        Some(format!("{members}?q=&status=&role=&organisation=&done=member").as_str())
    );
    let filtered = admin.get(&format!("{members}?status=active&q=memb")).await;
    let kept = admin
        .post(
            &one,
            &filtered.form_token(),
            &[
                ("role", "admin"),
                ("back", "q=memb&status=active&role=&organisation="),
            ],
        )
        .await;
    assert_eq!(
        kept.location.as_deref(),
        Some(format!("{members}?q=memb&status=active&role=&organisation=&done=admin").as_str()),
        "the list comes back searched and filtered as it was"
    );
    assert!(
        filtered
            .shows("name=\"back\" value=\"q=memb&#38;status=active&#38;role=&#38;organisation=\""),
        "{}",
        filtered.html
    );
    let forged = admin
        .post(
            &one,
            &filtered.form_token(),
            &[
                ("role", "member"),
                ("back", "q=x\r\nLocation: http://evil.example/&other=1"),
            ],
        )
        .await;
    let location = forged.location.unwrap_or_default();
    assert!(
        location.starts_with(&format!("{members}?q=x%0D%0ALocation")),
        "{location}"
    );
    assert!(
        admin
            .get(&format!("{members}?done=member"))
            .await
            .shows("No longer an admin: a member of the group.")
    );

    let asked = admin.post(&one, &token, &[("status", "removed")]).await;
    assert_eq!(asked.status, 200, "removing asks first");
    let not_yes = admin
        .post(&one, &token, &[("status", "removed"), ("confirmed", "no")])
        .await;
    assert_eq!(not_yes.status, 200, "only a yes removes");
    assert!(
        asked.shows("Remove member from the group?"),
        "{}",
        asked.html
    );
    assert!(
        admin.get(&members).await.shows("tag-active"),
        "nothing changed before the answer"
    );
    let removed = admin
        .post(&one, &token, &[("status", "removed"), ("confirmed", "yes")])
        .await;
    assert_eq!(removed.status, 303);
    assert!(admin.get(&members).await.shows("tag-removed"));
}

#[tokio::test]
async fn the_last_admin_is_told_why_they_cannot_step_down() {
    let world = World::new().await;
    let admin = Browser::signed_in(&world.client, &world.admin);
    let members = format!("/groups/{}/admin/members", world.group);
    let page = admin.get(&format!("{members}?role=admin")).await;
    let marker = format!("action=\"{members}/");
    let at = page.html.find(&marker).expect("the admin is listed") + marker.len();
    let own = format!("{members}/{}", &page.html[at..at + 36]);
    let refused = admin
        .post(&own, &page.form_token(), &[("role", "member")])
        .await;
    assert_eq!(refused.status, 409);
    assert!(
        refused.shows(
            "A group must keep at least one active admin. Make someone else an admin first."
        ),
        "{}",
        refused.html
    );
}

#[tokio::test]
async fn members_are_found_by_name_or_address_and_filtered_by_status_and_role() {
    let world = World::new().await;
    let admin = Browser::signed_in(&world.client, &world.admin);
    let members = format!("/groups/{}/admin/members", world.group);
    let everyone = admin.get(&members).await;
    assert!(everyone.shows("member@example.org") && everyone.shows("suspended@example.org"));
    let by_name = admin.get(&format!("{members}?q=+MEMB+")).await;
    assert!(by_name.shows("member@example.org"), "{}", by_name.html);
    assert!(!by_name.shows("suspended@example.org"));
    let by_address = admin.get(&format!("{members}?q=suspended%40EXAMPLE")).await;
    assert!(by_address.shows("suspended@example.org"));
    assert!(!by_address.shows("member@example.org"));
    let suspended = admin.get(&format!("{members}?status=suspended")).await;
    assert!(suspended.shows("suspended@example.org"));
    assert!(!suspended.shows("admin@example.org"));
    assert!(suspended.shows("<option value=\"suspended\" selected>"));
    let admins = admin.get(&format!("{members}?role=admin")).await;
    assert!(admins.shows("admin@example.org") && !admins.shows("member@example.org"));
    let wildcard = admin.get(&format!("{members}?q=%25")).await;
    assert!(
        wildcard.shows("No members match"),
        "a % is a character, not a wildcard"
    );
    let long = admin.get(&format!("{members}?q={}", "a".repeat(101))).await;
    assert_eq!(long.status, 422);
    assert!(long.shows("Enter 1 to 100 letters of a name or an email address"));
    let bad = admin.get(&format!("{members}?status=everyone")).await;
    assert_eq!(bad.status, 422);
    assert!(bad.shows("<a href=\"#status\">"), "{}", bad.html);
}

#[tokio::test]
async fn an_invitation_is_made_handed_on_and_accepted_by_the_person_invited() {
    let world = World::new().await;
    let admin = Browser::signed_in(&world.client, &world.admin);
    let path = format!("/groups/{}/admin/invitations", world.group);
    let made = admin
        .submit(
            &path,
            &path,
            &[("email", "invited@example.org"), ("role", "member")],
        )
        .await;
    assert_eq!(made.status, 200, "{}", made.html);
    assert!(made.shows("Invitation made"));
    let marker = "href=\"http://localhost/invitations/";
    let at = made.html.find(marker).unwrap() + "href=\"http://localhost".len();
    let link = made.html[at..at + "/invitations/".len() + 64].to_owned();
    assert!(
        admin
            .get(&path)
            .await
            .shows("<th scope=\"row\">invited@example.org</th>")
    );

    let someone_else = Browser::new(&world.client);
    signed_up(&someone_else, "someone.else@example.org").await;
    let refused = someone_else.submit(&link, &link, &[]).await;
    assert_eq!(refused.status, 404, "an invitation is for its own address");

    let invited = Browser::new(&world.client);
    let before = invited.get(&link).await;
    assert!(
        before.shows("You are invited to join Leeds schools"),
        "{}",
        before.html
    );
    assert!(
        !before.shows("Claim my profile"),
        "nobody pre-loaded this address: there is no profile to claim"
    );
    assert!(
        before.shows(&format!("/sign-up?next={link}")),
        "what to do next"
    );
    signed_up(&invited, "invited@example.org").await;
    let accepted = invited.submit(&link, &link, &[]).await;
    let home = format!("/groups/{}", world.group);
    assert_eq!(
        accepted.location.as_deref(),
        Some(home.as_str()),
        "{}",
        accepted.html
    );
    assert!(invited.get("/groups").await.shows("Leeds schools"));
    let used = invited.get(&link).await;
    assert_eq!(used.status, 409);
    assert!(used.shows("This invitation is no longer open"));
}

#[tokio::test]
async fn an_address_has_one_invitation_waiting_and_inviting_again_sends_a_new_link() {
    let world = World::new().await;
    let admin = Browser::signed_in(&world.client, &world.admin);
    let path = format!("/groups/{}/admin/invitations", world.group);
    let link_of = |page: &crate::browser::Page| {
        let marker = "href=\"http://localhost/invitations/";
        let at = page.html.find(marker).unwrap() + "href=\"http://localhost".len();
        page.html[at..at + "/invitations/".len() + 64].to_owned()
    };
    let invite = [("email", "twice@example.org"), ("role", "member")];
    let first = link_of(&admin.submit(&path, &path, &invite).await);
    let second = link_of(&admin.submit(&path, &path, &invite).await);
    assert_ne!(first, second);
    let list = admin.get(&path).await;
    assert_eq!(
        list.html
            .matches("<th scope=\"row\">twice@example.org</th>")
            .count(),
        1,
        "one invitation waits for the address"
    );
    let visitor = Browser::new(&world.client);
    assert_eq!(
        visitor.get(&first).await.status,
        409,
        "the earlier link stops working"
    );
    assert_eq!(visitor.get(&second).await.status, 200);
    let trail = admin
        .get(&format!(
            "/groups/{}/admin/audit?kind=invitation_revoked",
            world.group
        ))
        .await;
    assert!(trail.shows(">Invitation withdrawn</td>"));
}

#[tokio::test]
async fn a_pending_invitation_is_withdrawn_and_a_claim_needs_a_real_token() {
    let world = World::new().await;
    let admin = Browser::signed_in(&world.client, &world.admin);
    let path = format!("/groups/{}/admin/invitations", world.group);
    let page = admin.get(&path).await;
    let marker = format!("action=\"{path}/");
    let at = page
        .html
        .find(&marker)
        .expect("the world has a pending invitation")
        + marker.len();
    let id = page.html[at..at + 36].to_owned();
    let withdrawn = admin
        .post(&format!("{path}/{id}/withdraw"), &page.form_token(), &[])
        .await;
    assert_eq!(withdrawn.status, 303);
    assert!(admin.get(&path).await.shows("No invitations are waiting."));
    let visitor = Browser::new(&world.client);
    let nonsense = visitor.get("/invitations/not-a-token").await;
    assert_eq!(nonsense.status, 404);
    let unknown = format!("/invitations/{}", "a".repeat(64));
    assert_eq!(visitor.get(&unknown).await.status, 404);
    let token = visitor.get("/sign-in").await.form_token();
    let claim = visitor
        .post(
            &format!("{unknown}/claim"),
            &token,
            &[("password", PASSWORD)],
        )
        .await;
    assert_eq!(claim.status, 404);
}

#[tokio::test]
async fn reports_are_charts_with_their_tables_and_downloads_over_a_filter() {
    let world = World::new().await;
    let admin = Browser::signed_in(&world.client, &world.admin);
    let path = format!("/groups/{}/admin/reports", world.group);
    let page = admin.get(&path).await;
    assert_eq!(page.status, 200, "{}", page.html);
    assert_eq!(
        page.html.matches("<svg class=\"chart\"").count(),
        3,
        "areas, requests, trends"
    );
    assert!(
        page.shows(
            "<th scope=\"row\">Curriculum</th><td class=\"numeric\" data-label=\"Offers\">3</td>"
        ),
        "three offers in Curriculum"
    );
    assert!(
        page.shows(">Waiting for an answer</text>"),
        "the request flow's bars are labelled in words"
    );
    let csv = format!(
        "/api/v1/groups/{}/reports/areas?format=csv&amp;",
        world.group
    );
    assert!(page.shows(&format!("href=\"{csv}\"")));
    let download = world
        .client
        .get(format!(
            "/api/v1/groups/{}/reports/areas?format=csv",
            world.group
        ))
        .header("Cookie", format!("collaborate_session={}", world.admin))
        .send()
        .await;
    download.assert_status_is_ok();
    download.assert_content_type("text/csv; charset=utf-8");

    let bad = admin
        .get(&format!("{path}?from=yesterday&to=2026-01-01"))
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.shows("<a href=\"#from\">Enter a date, like 2026-09-01</a>"));
    let backwards = admin
        .get(&format!("{path}?from=2026-02-01&to=2026-01-01"))
        .await;
    assert_eq!(backwards.status, 422, "a period that runs backwards");
    let member = Browser::signed_in(&world.client, &world.member);
    assert_eq!(member.get(&path).await.status, 403);
}

#[tokio::test]
async fn the_audit_trail_lists_who_did_what_to_whom_by_kind() {
    let world = World::new().await;
    let admin = Browser::signed_in(&world.client, &world.admin);
    let path = format!("/groups/{}/admin/audit", world.group);
    let all = admin.get(&path).await;
    assert_eq!(all.status, 200, "{}", all.html);
    assert!(
        all.shows("<td data-label=\"What\">Contact details received</td><td data-label=\"About\">admin</td>"),
        "the request's reveals"
    );
    assert!(all.shows("<td data-label=\"What\">Status changed</td><td data-label=\"About\">suspended</td><td data-label=\"What changed\">Active to Suspended</td>"));
    let only = admin.get(&format!("{path}?kind=status_changed")).await;
    assert!(!only.shows("Contact details received</td>"));
    assert!(only.shows("<option value=\"status_changed\" selected>"));
    let bad = admin.get(&format!("{path}?kind=everything")).await;
    assert_eq!(bad.status, 422);
    assert!(
        all.shows(" UTC</td>"),
        "each event says when, to the minute"
    );
    assert!(
        all.shows(">Invitation made</td>"),
        "invitations are recorded"
    );

    let today = time::OffsetDateTime::now_utc().date();
    let tomorrow = today.next_day().unwrap();
    let of_today = admin.get(&format!("{path}?from={today}&to={today}")).await;
    assert!(of_today.shows(">Status changed</td>"), "{}", of_today.html);
    let later = admin.get(&format!("{path}?from={tomorrow}")).await;
    assert!(
        later.shows("Nothing recorded yet."),
        "nothing from tomorrow on"
    );
    let backwards = admin
        .get(&format!("{path}?from={tomorrow}&to={today}"))
        .await;
    assert_eq!(backwards.status, 422);
    assert!(backwards.shows("<a href=\"#to\">"), "{}", backwards.html);
    let not_a_day = admin.get(&format!("{path}?from=yesterday")).await;
    assert_eq!(not_a_day.status, 422);
    let last_day = admin.get(&format!("{path}?to=9999-12-31")).await;
    assert_eq!(
        last_day.status, 422,
        "the day after the last has no midnight"
    );
    assert!(last_day.shows("<a href=\"#to\">"));

    let csv = admin
        .get(&format!("{path}?kind=status_changed&format=csv"))
        .await;
    assert_eq!(csv.status, 200);
    assert!(
        csv.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("audit.csv")
    );
    assert!(
        csv.html.starts_with("\u{FEFF}at,who,what,about,detail\r\n"),
        "{}",
        csv.html
    );
    assert!(
        csv.html
            .contains(",admin,Status changed,suspended,Active to Suspended\r\n"),
        "{}",
        csv.html
    );
    assert!(
        !csv.html.contains("Contact details received"),
        "the download keeps to the filter"
    );
    assert_eq!(
        Browser::signed_in(&world.client, &world.member)
            .get(&path)
            .await
            .status,
        403
    );
}

#[tokio::test]
async fn the_questionnaire_prints_with_the_areas_spelled_as_the_import_reads_them() {
    let world = World::new().await;
    let admin = Browser::signed_in(&world.client, &world.admin);
    let paper = admin
        .get(&format!("/groups/{}/admin/questionnaire", world.group))
        .await;
    assert_eq!(paper.status, 200);
    assert!(paper.shows("Your top five strengths"));
    assert_eq!(
        paper.html.matches("<li></li>").count(),
        10,
        "five lines for strengths, five for needs"
    );
    assert!(paper.shows("<dt>Curriculum</dt>"));
    assert!(paper.shows("<dd>KS3 science</dd>"));
    let import = admin
        .get(&format!("/groups/{}/admin/imports", world.group))
        .await;
    assert!(import.shows(&format!(
        "href=\"/groups/{}/admin/questionnaire\"",
        world.group
    )));
}

#[tokio::test]
async fn the_capacity_map_counts_by_place_only_where_no_one_can_be_picked_out() {
    let world = World::new().await;
    let admin = Browser::signed_in(&world.client, &world.admin);
    let path = format!("/groups/{}/admin/capacity", world.group);
    let nobody = admin.get(&path).await;
    assert_eq!(nobody.status, 200, "{}", nobody.html);
    assert!(nobody.shows("No square holds enough people to be shown."));
    assert!(
        nobody.shows("<dd>6 offers, 2 needs</dd>"),
        "the admin's and the member's, without places"
    );
    for (token, place) in [(&world.admin, "Leeds"), (&world.member, "Bradford")] {
        let browser = Browser::signed_in(&world.client, token);
        let profile = format!("/groups/{}/profile", world.group);
        let saved = browser
            .submit(
                &profile,
                &profile,
                &[("display_name", "someone"), ("place", place)],
            )
            .await;
        assert_eq!(saved.status, 303);
    }
    let two = admin.get(&path).await;
    assert!(
        two.shows("No square holds enough people to be shown."),
        "two people never make a square"
    );
    assert!(two.shows("<dt>In squares too thin to show</dt><dd>6 offers, 2 needs</dd>"));
    let csv = admin.get(&format!("{path}?format=csv")).await;
    assert!(
        csv.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(csv.html.contains("near,lat,lon,offers,needs"));
    assert_eq!(
        admin.get(&format!("{path}?area=nonsense")).await.status,
        422
    );
    let member = Browser::signed_in(&world.client, &world.member);
    assert_eq!(member.get(&path).await.status, 403);
}

#[tokio::test]
async fn an_admin_names_a_member_safeguarding_lead_who_then_receives_concerns() {
    let world = World::new().await;
    let admin = Browser::signed_in(&world.client, &world.admin);
    let members = format!("/groups/{}/admin/members", world.group);
    let one = format!("{members}/{}", world.member_id);
    let page = admin.get(&members).await;
    let named = admin
        .post(&one, &page.form_token(), &[("lead", "named")])
        .await;
    assert_eq!(named.status, 303);
    assert!(admin.get(&members).await.shows("Named safeguarding lead"));
    let member = Browser::signed_in(&world.client, &world.member);
    let concerns = member
        .get(&format!("/groups/{}/concerns", world.group))
        .await;
    assert_eq!(concerns.status, 200, "a named lead lists concerns");
    let unnamed = admin
        .post(&one, &page.form_token(), &[("lead", "unnamed")])
        .await;
    assert_eq!(unnamed.status, 303);
    assert!(!admin.get(&members).await.shows("Named safeguarding lead"));
}
