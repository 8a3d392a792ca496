//! The web app's pages through the real routes: getting in, the shared session, forms refused
//! without their token, errors as pages, and what each visitor may see.

use crate::browser::Browser;
use crate::fixture::{ASPECTS, PASSWORD, World, call, server, server_reading};
use collaborate_http::{Catalogue, HttpConfig, Limits};
use std::borrow::Cow;

pub const NEWCOMER: &str = "newcomer@example.org";

/// A browser that has created an account on the sign-up page, signed in by it.
pub async fn signed_up(browser: &Browser<'_>, email: &str) {
    let page = browser
        .submit(
            "/sign-up",
            "/sign-up",
            &[
                ("display_name", "Newcomer"),
                ("email", email),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.html);
    assert_eq!(page.location.as_deref(), Some("/groups"));
}

#[tokio::test]
async fn the_start_page_invites_a_visitor_in_and_sends_someone_signed_in_to_their_groups() {
    let client = server().await;
    let browser = Browser::new(&client);
    let start = browser.get("/").await;
    assert_eq!(start.status, 200);
    assert!(start.shows("href=\"/sign-up\""));
    assert!(start.shows("<html lang=\"en\">"));
    signed_up(&browser, NEWCOMER).await;
    let again = browser.get("/").await;
    assert_eq!(
        (again.status, again.location.as_deref()),
        (303, Some("/groups"))
    );
}

#[tokio::test]
async fn signing_up_on_a_page_signs_in_the_api_with_the_same_cookie_and_signing_out_ends_both() {
    let client = server().await;
    let browser = Browser::new(&client);
    signed_up(&browser, NEWCOMER).await;
    let cookie = browser
        .cookie("collaborate_session")
        .expect("a session cookie");
    let me = client
        .get("/api/v1/me")
        .header("Cookie", format!("collaborate_session={cookie}"))
        .send()
        .await;
    me.assert_status_is_ok();
    let groups = browser.get("/groups").await;
    assert_eq!(groups.status, 200);
    assert!(groups.shows("You are not in a group yet."));

    let out = browser.submit("/groups", "/sign-out", &[]).await;
    assert_eq!((out.status, out.location.as_deref()), (303, Some("/")));
    assert_eq!(browser.cookie("collaborate_session"), None);
    let (status, _) = call(&client, "GET", "/api/v1/me", Some(&cookie), None).await;
    assert_eq!(status, 401, "the session ended in the API too");
}

#[tokio::test]
async fn a_session_opened_by_the_api_signs_in_the_pages() {
    let world = World::new().await;
    let browser = Browser::new(&world.client);
    browser.set_cookie("collaborate_session", &world.member);
    let groups = browser.get("/groups").await;
    assert_eq!(groups.status, 200);
    assert!(groups.shows("Leeds schools"));
    assert!(groups.shows(&format!("href=\"/groups/{}\"", world.group)));
}

#[tokio::test]
async fn every_form_is_refused_without_the_token_of_this_browser() {
    let world = World::new().await;
    let attacker = Browser::new(&world.client);
    let stolen_token = attacker.get("/sign-in").await.form_token();
    let victim = Browser::new(&world.client);
    victim.set_cookie("collaborate_session", &world.member);
    // A form posted from another site carries no token, or the attacker's own.
    for token in ["", stolen_token.as_str()] {
        let out = victim.post("/sign-out", token, &[]).await;
        assert_eq!(out.status, 403, "{}", out.html);
        assert!(out.shows("This form has expired"));
        let join = victim
            .post(
                &format!("/groups/{}/join", world.group),
                token,
                &[("code", &world.code)],
            )
            .await;
        assert_eq!(join.status, 403);
        let link = victim.post("/account/confirm-address", token, &[]).await;
        assert_eq!(
            link.status, 403,
            "no address link asked for from another site"
        );
        let opened = victim
            .post(
                &format!("/confirm-address/{}", "0".repeat(64)),
                token,
                &[("password", PASSWORD)],
            )
            .await;
        assert_eq!(
            opened.status, 403,
            "no address link opened from another site"
        );
        let group = victim
            .post(
                "/groups/new",
                token,
                &[("name", "Forged"), ("growth_mode", "organic")],
            )
            .await;
        assert_eq!(group.status, 403, "no group made from another site");
        let offer = &world.offers["member"][0];
        for step in ["edit", "delete"] {
            let posted = victim
                .post(
                    &format!("/groups/{}/offers/{offer}/{step}", world.group),
                    token,
                    &[
                        ("description", "Forged"),
                        ("modes", "email"),
                        ("capacity", "2"),
                    ],
                )
                .await;
            assert_eq!(posted.status, 403, "no offer {step} from another site");
        }
    }
    let (status, _) = call(
        &world.client,
        "GET",
        "/api/v1/me",
        Some(&world.member),
        None,
    )
    .await;
    assert_eq!(status, 200, "the session was not ended by a forged form");
    // Signing in from a forged form would sign the victim into the attacker's account.
    let forged = victim
        .post(
            "/sign-in",
            &stolen_token,
            &[("email", "admin@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(forged.status, 403);
}

#[tokio::test]
async fn a_wrong_password_is_shown_on_the_form_tied_to_its_field_and_counted() {
    let world = World::new().await;
    let browser = Browser::new(&world.client);
    let page = browser
        .submit(
            "/sign-in",
            "/sign-in",
            &[
                ("email", "member@example.org"),
                ("password", "not the password"),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(page.shows("<title>Error: Sign in – Collaborate</title>"));
    assert!(page.shows("<a href=\"#email\">The email address or password is not right</a>"));
    assert!(page.shows("aria-describedby=\"email-error\""));
    assert!(
        page.shows("value=\"member@example.org\""),
        "the email is kept"
    );
    assert!(
        !page.shows("not the password"),
        "the password is never shown again"
    );
}

#[tokio::test]
async fn sign_up_problems_name_their_field_and_a_taken_email_says_so() {
    let world = World::new().await;
    let browser = Browser::new(&world.client);
    let short = browser
        .submit(
            "/sign-up",
            "/sign-up",
            &[
                ("display_name", "Ada"),
                ("email", "ada@example.org"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(short.status, 422);
    assert!(short.shows("<a href=\"#password\">Enter a password of 10 to 256 characters</a>"));
    assert!(short.shows("value=\"Ada\""));
    let taken = browser
        .submit(
            "/sign-up",
            "/sign-up",
            &[
                ("display_name", "Ada"),
                ("email", "member@example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(taken.status, 422);
    assert!(taken.shows("<a href=\"#email\">An account with this email address already exists"));
}

#[tokio::test]
async fn signing_in_goes_back_to_the_page_asked_for_but_never_to_another_site() {
    let world = World::new().await;
    let browser = Browser::new(&world.client);
    let home = format!("/groups/{}", world.group);
    let asked = browser.get(&home).await;
    assert_eq!(asked.status, 303);
    let sign_in = asked.location.unwrap();
    assert_eq!(sign_in, format!("/sign-in?next={home}"));
    let form = browser.get(&sign_in).await;
    assert!(form.shows(&format!("name=\"next\" value=\"{home}\"")));
    let back = browser
        .post(
            "/sign-in",
            &form.form_token(),
            &[
                ("email", "member@example.org"),
                ("password", PASSWORD),
                ("next", &home),
            ],
        )
        .await;
    assert_eq!(back.location.as_deref(), Some(home.as_str()));

    let other = Browser::new(&world.client);
    let away = other
        .submit(
            "/sign-in",
            "/sign-in",
            &[
                ("email", "member@example.org"),
                ("password", PASSWORD),
                ("next", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(away.location.as_deref(), Some("/groups"));
}

#[tokio::test]
async fn a_newcomer_joins_by_the_link_and_is_told_how_many_offers_unlock_search() {
    let world = World::new().await;
    let admin = Browser::new(&world.client);
    admin.set_cookie("collaborate_session", &world.admin);
    let admin_home = admin.get(&format!("/groups/{}", world.group)).await;
    let link = format!("/groups/{}/join?code={}", world.group, world.code);
    assert!(
        admin_home.shows(&format!("href=\"http://localhost{link}\"")),
        "an admin sees the join link"
    );

    let browser = Browser::new(&world.client);
    signed_up(&browser, NEWCOMER).await;
    let form = browser.get(&link).await;
    assert!(
        form.shows(&format!("value=\"{}\"", world.code)),
        "the code is filled in"
    );
    assert!(
        form.shows("<h1>Join Leeds schools</h1>"),
        "the link names the group"
    );
    let joined = browser
        .post(
            &format!("/groups/{}/join", world.group),
            &form.form_token(),
            &[("code", &world.code)],
        )
        .await;
    let home = format!("/groups/{}", world.group);
    assert_eq!(
        (joined.status, joined.location.as_deref()),
        (303, Some(format!("{home}?done=joined").as_str()))
    );
    assert!(
        browser
            .get(&format!("{home}?done=joined"))
            .await
            .shows("You have joined.")
    );
    let page = browser.get(&home).await;
    assert_eq!(page.status, 200);
    assert!(page.shows("Offer help in 3 more areas to unlock search"));
    assert!(page.shows("<th scope=\"row\">Curriculum</th>"));
    assert!(
        !page.shows(&world.code),
        "a member does not see the join code"
    );
}

#[tokio::test]
async fn a_wrong_join_code_is_shown_on_the_form_and_gives_nothing_away() {
    let world = World::new().await;
    let browser = Browser::new(&world.client);
    signed_up(&browser, NEWCOMER).await;
    let path = format!("/groups/{}/join", world.group);
    let wrong = browser
        .submit(&path, &path, &[("code", "ZZZZZZZZZZ")])
        .await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.shows("<a href=\"#code\">Enter the join code exactly"));
    assert!(!wrong.shows("Leeds schools"));
    let guessed = browser.get(&format!("{path}?code=ZZZZZZZZZZ")).await;
    assert_eq!(guessed.status, 200);
    assert!(
        !guessed.shows("Leeds schools"),
        "a link with a wrong code names nothing"
    );
    let nowhere = format!("/groups/{}/join", "01a20a67-bc41-7489-bb5f-750f935db3ac");
    let same = browser
        .submit(&nowhere, &nowhere, &[("code", &world.code)])
        .await;
    assert_eq!(
        same.status, 422,
        "a group that does not exist answers as a wrong code"
    );
}

#[tokio::test]
async fn nothing_of_a_group_shows_to_someone_outside_it() {
    let world = World::new().await;
    let browser = Browser::new(&world.client);
    browser.set_cookie("collaborate_session", &world.outsider);
    let home = browser.get(&format!("/groups/{}", world.group)).await;
    assert_eq!(home.status, 404);
    assert!(home.shows("Page not found"));
    assert!(!home.shows("Leeds schools"));
    let garbled = browser.get("/groups/not-an-id").await;
    assert_eq!(garbled.status, 404);
}

#[tokio::test]
async fn errors_are_pages_for_people_and_json_for_the_api() {
    let client = server().await;
    let browser = Browser::new(&client);
    let missing = browser.get("/no/such/page").await;
    assert_eq!(missing.status, 404);
    assert!(
        missing.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(missing.shows("<h1>Page not found</h1>"));
    let api = client.get("/api/v1/no-such-thing").send().await;
    api.assert_status(poem::http::StatusCode::NOT_FOUND);
    api.assert_content_type("application/json; charset=utf-8");
    let not_a_form = client
        .post("/sign-in")
        .body("{}")
        .content_type("application/json")
        .send()
        .await;
    assert_eq!(not_a_form.0.status().as_u16(), 415);
    assert!(
        not_a_form
            .0
            .content_type()
            .unwrap()
            .starts_with("text/html")
    );
}

#[tokio::test]
async fn pages_load_nothing_from_elsewhere_and_run_no_script() {
    let client = server().await;
    let page = Browser::new(&client).get("/sign-in").await;
    let policy = page.headers["content-security-policy"].to_str().unwrap();
    assert!(
        policy.starts_with("default-src 'none'; style-src 'self'"),
        "{policy}"
    );
    assert!(!policy.contains("script-src"));
    let cookie = page.headers["set-cookie"].to_str().unwrap();
    assert!(
        cookie.starts_with("collaborate_browser=") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    let css = client.get("/assets/site.css").send().await;
    css.assert_status_is_ok();
    css.assert_content_type("text/css; charset=utf-8");
}

/// Texts in the pseudo-locale: every ASCII letter in its full-width form (Ａ for A), still
/// readable, so a text that did not come from the catalogue stands out as plain ASCII.
pub fn pseudo(text: &str) -> Cow<'_, str> {
    let wide = |c: char| {
        if c.is_ascii_alphabetic() {
            char::from_u32(u32::from(c) + 0xFEE0).unwrap_or(c)
        } else {
            c
        }
    };
    Cow::Owned(text.chars().map(wide).collect())
}

/// The words of plain ASCII letters a person would read on `html` (its text and the attributes
/// read aloud), once the given data of the test is taken out.
pub fn untranslated(html: &str, data: &[&str]) -> Vec<String> {
    let mut readable = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        readable.push_str(&rest[..open]);
        readable.push(' ');
        let close = rest[open..].find('>').map_or(rest.len(), |c| open + c + 1);
        let tag = &rest[open..close];
        for attribute in ["aria-label=\"", "title=\"", "alt=\"", "placeholder=\""] {
            if let Some(at) = tag.find(attribute) {
                let value = &tag[at + attribute.len()..];
                readable.push_str(&value[..value.find('"').unwrap_or(value.len())]);
                readable.push(' ');
            }
        }
        rest = &rest[close..];
    }
    readable.push_str(rest);
    let mut readable = readable.replace("&#39;", "'").replace("&amp;", "&");
    for datum in data {
        readable = readable.replace(datum, " ");
    }
    // Addresses (a join or invitation link) are data, not text.
    let readable: Vec<&str> = readable
        .split_whitespace()
        .filter(|token| !token.starts_with("http://") && !token.starts_with("https://"))
        .collect();
    readable
        .join(" ")
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|word| word.len() > 1)
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn every_text_of_every_page_comes_from_the_catalogue() {
    let catalogue = Catalogue::with_transform(Some(pseudo)).unwrap();
    let client = server_reading(Limits::default(), &HttpConfig::default(), catalogue).await;
    let world = World::on(client).await;
    let link = format!(
        "http://localhost/groups/{}/join?code={}",
        world.group, world.code
    );
    let mut data = vec![
        "Leeds schools",
        "Curriculum",
        "Budgets",
        "Wellbeing",
        "Unused",
        &link,
    ];
    data.extend(ASPECTS);
    // The template's columns are named as the file names them, in every language.
    data.extend(collaborate_core::questionnaire::Questionnaire::columns());
    data.extend(["What worked for us", "Where to start", "Could we talk?"]);
    data.extend([
        "i@example.org",
        "Asked for my home address",
        "Again",
        " suspended ",
        "suspended@example.org",
        "invitee@example.org",
        "outsider@example.org",
        "nobody@example.org",
        "admin@example.org",
        "member@example.org",
        " admin ",
        " admin,",
        " admin.",
        " member ",
    ]);
    let visitor = Browser::new(&world.client);
    let mut pages = vec![
        ("/", visitor.get("/").await),
        ("/sign-in", visitor.get("/sign-in").await),
        ("/sign-up", visitor.get("/sign-up").await),
        ("/nowhere", visitor.get("/nowhere").await),
        (
            "sign-in refused",
            visitor
                .submit("/sign-in", "/sign-in", &[("email", "x"), ("password", "y")])
                .await,
        ),
        (
            "sign-up refused",
            visitor
                .submit("/sign-up", "/sign-up", &[("email", "x")])
                .await,
        ),
        ("forged", visitor.post("/sign-in", "", &[]).await),
    ];
    let admin = Browser::new(&world.client);
    admin.set_cookie("collaborate_session", &world.admin);
    let home = format!("/groups/{}", world.group);
    let join = format!("{home}/join");
    pages.push(("/groups", admin.get("/groups").await));
    pages.push(("home", admin.get(&home).await));
    pages.push(("join", admin.get(&join).await));
    pages.push((
        "join refused",
        admin.submit(&join, &join, &[("code", "1")]).await,
    ));
    for side in ["offers", "needs"] {
        let new = format!("{home}/{side}/new");
        let form = format!("{new}?area={}", world.areas[0]);
        pages.push(("list", admin.get(&format!("{home}/{side}")).await));
        pages.push(("choose area", admin.get(&new).await));
        pages.push(("topic form", admin.get(&form).await));
        let refused = admin
            .submit(&form, &new, &[("capacity", "x"), ("travel_radius_km", "y")])
            .await;
        pages.push(("topic refused", refused));
    }
    let seeker = Browser::new(&world.client);
    seeker.set_cookie("collaborate_session", &world.member);
    let search = format!("{home}/search");
    let ask = format!("{home}/ask/{}?modes=email", world.offers["admin"][0]);
    let request = format!("{home}/requests/{}", world.request);
    pages.push(("search", seeker.get(&search).await));
    let found = format!("{search}?area={}", world.areas[0]);
    pages.push(("found", seeker.get(&found).await));
    pages.push(("far", seeker.get(&format!("{found}&radius_km=5")).await));
    pages.push(("ask", seeker.get(&ask).await));
    pages.push(("ask refused", seeker.submit(&ask, &ask, &[]).await));
    pages.push(("asked", seeker.get(&format!("{home}/requests")).await));
    pages.push((
        "asked of me",
        admin.get(&format!("{home}/requests?side=helper")).await,
    ));
    pages.push(("request of seeker", seeker.get(&request).await));
    pages.push(("request of helper", admin.get(&request).await));
    for status in ["accepted", "completed"] {
        admin
            .submit(&request, &request, &[("status", status)])
            .await;
    }
    pages.push(("feedback due", seeker.get(&request).await));
    let feedback = format!("{request}/feedback");
    pages.push((
        "feedback refused",
        seeker.submit(&request, &feedback, &[]).await,
    ));
    seeker.submit(&request, &feedback, &[("rating", "4")]).await;
    pages.push(("feedback given", seeker.get(&request).await));
    let contribution = format!("{home}/contribution");
    pages.push(("record given", admin.get(&contribution).await));
    pages.push(("record received", seeker.get(&contribution).await));
    let answers = format!("{home}/questionnaire");
    pages.push(("top five", admin.get(&answers).await));
    let chosen = [("step", "aspects"), ("strength_1", world.areas[1].as_str())];
    pages.push((
        "top five aspects",
        admin.submit(&answers, &answers, &chosen).await,
    ));
    let refused = [("step", "save"), ("strength_1", world.areas[1].as_str())];
    pages.push((
        "top five refused",
        admin.submit(&answers, &answers, &refused).await,
    ));
    let profile = format!("{home}/profile");
    pages.push(("profile", admin.get(&profile).await));
    let refused = seeker
        .submit(
            &profile,
            &profile,
            &[("place", "Xyzzyville"), ("phone", "1")],
        )
        .await;
    pages.push(("profile refused", refused));
    pages.push((
        "near refused",
        seeker.get(&format!("{found}&near=Xyzzyville")).await,
    ));
    let back_office = format!("{home}/admin");
    for part in [
        "",
        "/settings",
        "/areas",
        "/organisations",
        "/members",
        "/invitations",
        "/reports",
        "/imports",
        "/audit",
        "/questionnaire",
        "/capacity",
    ] {
        pages.push((
            "back office",
            admin.get(&format!("{back_office}{part}")).await,
        ));
    }
    let area = format!("{back_office}/areas/{}", world.areas[0]);
    pages.push(("area", admin.get(&area).await));
    pages.push((
        "area refused",
        admin.submit(&area, &area, &[("name", "")]).await,
    ));
    let settings = format!("{back_office}/settings");
    let refused = admin
        .submit(&settings, &settings, &[("join_code", "x")])
        .await;
    pages.push(("settings refused", refused));
    let invitations = format!("{back_office}/invitations");
    let made = admin
        .submit(
            &invitations,
            &invitations,
            &[("email", "i@example.org"), ("role", "member")],
        )
        .await;
    pages.push(("invitation made", made));
    for guide in ["/help", "/help/members", "/help/admins"] {
        pages.push(("help", visitor.get(guide).await));
    }
    pages.push(("account", seeker.get("/account").await));
    let refused = seeker
        .submit("/account", "/account/erase", &[("password", "x")])
        .await;
    pages.push(("erase refused", refused));
    let refused = seeker
        .submit(
            "/account",
            "/account/password",
            &[("current_password", "x")],
        )
        .await;
    pages.push(("password change refused", refused));
    pages.push(("forgotten", visitor.get("/password-reset").await));
    let asked = visitor
        .submit(
            "/password-reset",
            "/password-reset",
            &[("email", "nobody@example.org")],
        )
        .await;
    pages.push(("forgotten asked", asked));
    let reset = format!("/password-reset/{}", "a".repeat(64));
    pages.push(("choose password", visitor.get(&reset).await));
    let refused = visitor
        .submit(&reset, &reset, &[("password", "short")])
        .await;
    pages.push(("choose password refused", refused));
    let concerns = format!("{home}/concerns");
    pages.push(("concerns", admin.get(&concerns).await));
    let list = admin.get(&concerns).await;
    let at = list.html.find(&format!("href=\"{concerns}/")).unwrap() + "href=\"".len();
    let concern = list.html[at..at + concerns.len() + 37].to_owned();
    pages.push(("concern", admin.get(&concern).await));
    let raise = format!("{concerns}/raise?member={}", world.suspended_id);
    pages.push(("raise", seeker.get(&raise).await));
    pages.push(("new group", seeker.get("/groups/new").await));
    pages.push((
        "new group refused",
        seeker.submit("/groups/new", "/groups/new", &[]).await,
    ));
    pages.push(("raise refused", seeker.submit(&raise, &raise, &[]).await));
    pages.push((
        "raised",
        seeker.submit(&raise, &raise, &[("text", "Again")]).await,
    ));
    let invitation = format!("/invitations/{}", "a".repeat(64));
    pages.push((
        "invitation",
        Browser::new(&world.client).get(&invitation).await,
    ));
    pages.push(("invitation signed in", seeker.get(&invitation).await));
    let newcomer = Browser::new(&world.client);
    signed_up(&newcomer, NEWCOMER).await;
    newcomer
        .submit(&join, &join, &[("code", &world.code)])
        .await;
    pages.push(("search refused", newcomer.get(&search).await));

    for (name, page) in pages {
        assert!(page.status != 303, "{name} is a page");
        let words = untranslated(&page.html, &data);
        assert!(
            words.is_empty(),
            "{name} shows text outside the catalogue: {words:?}"
        );
    }
}

#[test]
fn the_check_for_untranslated_text_finds_it() {
    let html = "<h1 title=\"Plain\">Ŝîĝñ îñ</h1><p>Leeds schools and more</p>";
    assert_eq!(
        untranslated(html, &["Leeds schools"]),
        ["Plain", "and", "more"]
    );
}

#[tokio::test]
async fn a_join_link_opened_before_having_an_account_leads_back_to_it_after_signing_up() {
    let world = World::new().await;
    let browser = Browser::new(&world.client);
    let link = format!("/groups/{}/join?code={}", world.group, world.code);
    let asked = browser.get(&link).await;
    let sign_in = asked.location.unwrap();
    let sign_in_page = browser.get(&sign_in).await;
    let encoded = format!(
        "/sign-up?next=/groups/{}/join%3Fcode%3D{}",
        world.group, world.code
    );
    assert!(
        sign_in_page.shows(&format!("href=\"{encoded}\"")),
        "{}",
        sign_in_page.html
    );
    let form = browser.get(&encoded).await;
    let made = browser
        .post(
            "/sign-up",
            &form.form_token(),
            &[
                ("display_name", "Newcomer"),
                ("email", NEWCOMER),
                ("password", PASSWORD),
                ("next", &link),
            ],
        )
        .await;
    assert_eq!(made.location.as_deref(), Some(link.as_str()));
}

#[tokio::test]
async fn the_guides_are_pages_for_anyone_and_pages_link_to_their_part() {
    let world = World::new().await;
    let visitor = Browser::new(&world.client);
    for (path, heading) in [
        ("/help", "Help"),
        ("/help/members", "Using the exchange"),
        ("/help/admins", "Running a group"),
    ] {
        let page = visitor.get(path).await;
        assert_eq!(page.status, 200, "{path}");
        assert!(page.shows(&format!("<h1>{heading}</h1>")));
    }
    assert!(
        visitor
            .get("/help/members")
            .await
            .shows("<h2 id=\"help-ask\">Ask for help</h2>")
    );
    assert_eq!(visitor.get("/help/everyone").await.status, 404);
    let member = Browser::new(&world.client);
    member.set_cookie("collaborate_session", &world.member);
    let search = member.get(&format!("/groups/{}/search", world.group)).await;
    assert!(search.shows("href=\"/help/members#help-find\""));
}
