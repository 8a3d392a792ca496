//! Email end to end: the outbox written by the use cases behind the real routes, delivered by the
//! worker's use case over SMTP to a real listener the test starts, and password recovery from
//! the email's link.

use crate::browser::Browser;
use crate::fixture::*;
use crate::smtp::{Received, SmtpSink};
use async_trait::async_trait;
use collaborate_core::notifications::{
    DeliveryFailed, DeliveryPolicy, DeliveryRun, Letter, Postman,
};
use collaborate_core::simulated::ManualClock;
use collaborate_core::values::DeliveryStatus;
use collaborate_http::Catalogue;
use collaborate_http::mail::Mailer;
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;
use time::OffsetDateTime;

const PUBLIC: &str = "https://exchange.example.org";

struct Scene {
    world: World,
    app: Arc<ClockedApp>,
    clock: ManualClock,
    sink: SmtpSink,
}

impl Scene {
    async fn new() -> Self {
        let clock = ManualClock::starting_at(OffsetDateTime::now_utc());
        let (client, app) = server_on(clock.clone()).await;
        Self {
            world: World::on(client).await,
            app,
            clock,
            sink: SmtpSink::start().await,
        }
    }

    fn mailer(&self) -> Mailer {
        Mailer::smtp(
            &self.sink.url,
            "Collaborate <exchange@example.org>",
            PUBLIC,
            Catalogue::shipped().unwrap(),
        )
        .unwrap()
    }

    async fn deliver(&self) -> DeliveryRun {
        let policy = DeliveryPolicy::default();
        self.app.deliver_due(&self.mailer(), &policy).await.unwrap()
    }

    /// The mail to `address` about requests and accounts: the world's concern, which reaches
    /// its lead at once, is counted apart (`concern_mail_to`).
    fn mail_to(&self, address: &str) -> Vec<Received> {
        self.all_mail_to(address)
            .into_iter()
            .filter(|m| !is_concern(m))
            .collect()
    }

    /// The mail to `address` telling of a safeguarding concern.
    fn concern_mail_to(&self, address: &str) -> Vec<Received> {
        self.all_mail_to(address)
            .into_iter()
            .filter(is_concern)
            .collect()
    }

    fn all_mail_to(&self, address: &str) -> Vec<Received> {
        let to = [address.to_owned()];
        self.sink
            .received()
            .into_iter()
            .filter(|m| m.to == to)
            .collect()
    }

    async fn answer(&self, token: &str, step: &str) {
        let path = format!(
            "/api/v1/groups/{}/requests/{}/{step}",
            self.world.group, self.world.request
        );
        let (status, answer) = call(&self.world.client, "POST", &path, Some(token), None).await;
        assert_eq!(status, 200, "{answer}");
    }
}

fn is_concern(mail: &Received) -> bool {
    mail.header("Subject")
        .is_some_and(|subject| subject.starts_with("A safeguarding concern waits"))
}

#[tokio::test]
async fn a_request_reaches_its_helper_and_its_acceptance_reaches_the_seeker() {
    let scene = Scene::new().await;
    scene.deliver().await;

    let concern = scene.concern_mail_to("admin@example.org");
    assert_eq!(concern.len(), 1, "the world's concern reached its lead");
    assert!(
        !concern[0].data.contains("home address"),
        "and says nothing of what it says"
    );
    assert!(scene.concern_mail_to("suspended@example.org").is_empty());

    let to_helper = scene.mail_to("admin@example.org");
    assert_eq!(to_helper.len(), 1);
    let mail = &to_helper[0];
    assert_eq!(
        mail.header("Subject").unwrap(),
        "member asks for your help with Budgets"
    );
    let (group, request) = (&scene.world.group, &scene.world.request);
    let text = mail.text();
    assert!(
        text.contains(&format!("{PUBLIC}/groups/{group}/requests/{request}")),
        "{text}"
    );
    assert!(text.contains(&format!("{PUBLIC}/groups/{group}/profile#emails")));
    assert!(text.contains("chose an email each time"), "{text}");
    let message_id = mail.header("Message-ID").unwrap();
    assert!(
        message_id.ends_with("@exchange.example.org>"),
        "{message_id}"
    );
    assert!(mail.data.contains("Content-Type: text/html"));

    scene.answer(&scene.world.admin, "accept").await;
    scene.deliver().await;
    let to_seeker = scene.mail_to("member@example.org");
    assert_eq!(to_seeker.len(), 1);
    assert_eq!(
        to_seeker[0].header("Subject").unwrap(),
        "admin accepted your request about Budgets"
    );
}

#[tokio::test]
async fn a_refused_delivery_is_tried_again_later_and_then_goes() {
    let scene = Scene::new().await;
    scene.sink.refuse_next(usize::MAX);
    let refused = scene.deliver().await;
    assert!(refused.retrying > 0 && refused.sent == 0, "{refused:?}");
    assert!(scene.sink.received().is_empty());

    scene.sink.refuse_next(0);
    assert_eq!(scene.deliver().await, DeliveryRun::default(), "not due yet");
    scene.clock.advance(time::Duration::minutes(1));
    let later = scene.deliver().await;
    assert_eq!(later.sent, refused.retrying);
    assert_eq!(scene.mail_to("admin@example.org").len(), 1);
    let sent = scene
        .app
        .outbox(Some(DeliveryStatus::Sent), 50)
        .await
        .unwrap();
    assert!(sent.iter().all(|m| m.attempts == 2 && m.secret.is_none()));
}

/// Sends, then never comes back: a worker that dies between sending and recording it.
struct DiesAfterSending(Mailer);

#[async_trait]
impl Postman for DiesAfterSending {
    async fn send(&self, letter: &Letter) -> Result<(), DeliveryFailed> {
        self.0.send(letter).await?;
        std::future::pending().await
    }
}

#[tokio::test]
async fn a_message_sent_goes_once_and_one_whose_worker_died_goes_again_with_the_same_message_id() {
    let scene = Scene::new().await;
    scene.deliver().await;
    let before = scene.sink.received().len();
    assert_eq!(scene.deliver().await, DeliveryRun::default());
    scene.clock.advance(time::Duration::days(1));
    scene.deliver().await;
    assert_eq!(scene.sink.received().len(), before, "nothing sent twice");

    scene.answer(&scene.world.admin, "accept").await;
    let app = Arc::clone(&scene.app);
    let dying = DiesAfterSending(scene.mailer());
    let worker = tokio::spawn(async move {
        let _ = app.deliver_due(&dying, &DeliveryPolicy::default()).await;
    });
    for _ in 0..200 {
        if !scene.mail_to("member@example.org").is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    worker.abort();
    assert_eq!(scene.mail_to("member@example.org").len(), 1);

    assert_eq!(
        scene.deliver().await,
        DeliveryRun::default(),
        "still leased"
    );
    scene.clock.advance(DeliveryPolicy::default().lease);
    assert_eq!(scene.deliver().await.sent, 1);
    let twice = scene.mail_to("member@example.org");
    assert_eq!(twice.len(), 2);
    assert_eq!(twice[0].header("Message-ID"), twice[1].header("Message-ID"));
}

#[tokio::test]
async fn a_member_who_chose_the_weekly_digest_hears_once_a_week_and_one_who_chose_none_never() {
    let scene = Scene::new().await;
    scene.deliver().await;
    let (client, group) = (&scene.world.client, &scene.world.group);
    let me = format!("/api/v1/groups/{group}/members/me");
    for (token, choice) in [
        (&scene.world.member, "weekly_digest"),
        (&scene.world.admin, "off"),
    ] {
        let (status, body) = call(
            client,
            "PATCH",
            &me,
            Some(token),
            Some(json!({"notifications": choice})),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["notifications"], choice);
    }
    scene.answer(&scene.world.admin, "decline").await;
    let (status, sent) = call(
        client,
        "POST",
        &format!("/api/v1/groups/{group}/requests"),
        Some(&scene.world.member),
        Some(json!({"offer_id": scene.world.offers["admin"][0], "message": "And this?", "mode": "email"})),
    )
    .await;
    assert_eq!(status, 201, "{sent}");
    let accept = format!(
        "/api/v1/groups/{group}/requests/{}/accept",
        id(&sent["request"])
    );
    let (status, _) = call(client, "POST", &accept, Some(&scene.world.admin), None).await;
    assert_eq!(status, 200);

    scene.deliver().await;
    assert!(
        scene.mail_to("member@example.org").is_empty(),
        "held for the digest"
    );
    assert_eq!(
        scene.mail_to("admin@example.org").len(),
        1,
        "none after choosing none"
    );
    assert_eq!(
        scene.app.gather_digests().await.unwrap(),
        0,
        "not a week yet"
    );

    scene.clock.advance(time::Duration::weeks(1));
    assert_eq!(scene.app.gather_digests().await.unwrap(), 1);
    assert_eq!(
        scene.app.gather_digests().await.unwrap(),
        0,
        "gathered once"
    );
    scene.deliver().await;
    let digest = scene.mail_to("member@example.org");
    assert_eq!(digest.len(), 1);
    assert_eq!(
        digest[0].header("Subject").unwrap(),
        "Your week in Leeds schools"
    );
    let text = digest[0].text();
    assert!(text.contains("2 things happened this week"), "{text}");
    assert!(
        text.contains("admin declined your request about Budgets"),
        "{text}"
    );
    assert!(
        text.contains("admin accepted your request about Curriculum"),
        "{text}"
    );
    assert!(text.contains("chose one email a week"), "{text}");
    assert_eq!(scene.mail_to("admin@example.org").len(), 1);
}

/// The link an email carries to `path` (`/password-reset/`): its last segment.
fn token_in(mail: &Received, path: &str) -> String {
    let text = mail.text();
    let at = text.find(&format!("{PUBLIC}{path}")).expect("the link") + PUBLIC.len() + path.len();
    text[at..].split_whitespace().next().unwrap().to_owned()
}

#[tokio::test]
async fn a_forgotten_password_is_reset_from_the_emailed_link_once_and_every_old_session_ends() {
    let scene = Scene::new().await;
    let client = &scene.world.client;
    for email in ["member@example.org", "nobody@example.org"] {
        let (status, _) = call(
            client,
            "POST",
            "/api/v1/password-resets",
            None,
            Some(json!({"email": email})),
        )
        .await;
        assert_eq!(
            status, 202,
            "the same answer whether or not {email} has an account"
        );
    }
    scene.deliver().await;
    assert!(scene.mail_to("nobody@example.org").is_empty());
    let mail = scene.mail_to("member@example.org");
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].header("Subject").unwrap(), "Choose a new password");
    let token = token_in(&mail[0], "/password-reset/");

    let new = json!({"password": "a brand new password"});
    let reset = format!("/api/v1/password-resets/{token}");
    let (status, _) = call(client, "POST", &reset, None, Some(new.clone())).await;
    assert_eq!(status, 204);
    let (status, _) = call(client, "GET", "/api/v1/me", Some(&scene.world.member), None).await;
    assert_eq!(status, 401, "the old session ended");
    let signed_in = |password: &'static str| {
        call(
            client,
            "POST",
            "/api/v1/sessions",
            None,
            Some(json!({"email": "member@example.org", "password": password})),
        )
    };
    assert_eq!(
        signed_in(PASSWORD).await.0,
        401,
        "the old password stopped working"
    );
    assert_eq!(signed_in("a brand new password").await.0, 201);
    let (status, _) = call(client, "POST", &reset, None, Some(new.clone())).await;
    assert_eq!(status, 404, "a link works once");
    let guessed = format!("/api/v1/password-resets/{}", "A".repeat(43));
    assert_eq!(
        call(client, "POST", &guessed, None, Some(new.clone()))
            .await
            .0,
        404
    );

    call(
        client,
        "POST",
        "/api/v1/password-resets",
        None,
        Some(json!({"email": "member@example.org"})),
    )
    .await;
    scene.deliver().await;
    let late = token_in(&scene.mail_to("member@example.org")[1], "/password-reset/");
    scene.clock.advance(time::Duration::hours(1));
    let late = format!("/api/v1/password-resets/{late}");
    assert_eq!(
        call(client, "POST", &late, None, Some(new)).await.0,
        404,
        "an hour later"
    );
}

#[tokio::test]
async fn changing_my_password_ends_my_other_sessions_and_keeps_this_one() {
    let scene = Scene::new().await;
    let client = &scene.world.client;
    let elsewhere = sign_in(client, "admin@example.org").await;
    let change = |current: &'static str| {
        call(
            client,
            "PUT",
            "/api/v1/me/password",
            Some(&scene.world.admin),
            Some(json!({"current_password": current, "new_password": "another long password"})),
        )
    };
    let (status, refused) = change("not my password").await;
    assert_eq!(status, 400);
    assert_eq!(refused["field"], "current_password", "{refused}");
    assert_eq!(change(PASSWORD).await.0, 204);
    for (token, status) in [(&scene.world.admin, 200), (&elsewhere, 401)] {
        let (answered, _) = call(client, "GET", "/api/v1/me", Some(token), None).await;
        assert_eq!(answered, status);
    }
}

#[tokio::test]
async fn the_pages_recover_a_forgotten_password_from_the_emailed_link_and_change_one() {
    let scene = Scene::new().await;
    let client = &scene.world.client;
    let visitor = Browser::new(client);
    let asked = visitor
        .submit(
            "/password-reset",
            "/password-reset",
            &[("email", "member@example.org")],
        )
        .await;
    assert_eq!(asked.status, 200);
    assert!(asked.shows("is on its way"), "{}", asked.html);
    scene.deliver().await;
    let token = token_in(&scene.mail_to("member@example.org")[0], "/password-reset/");
    let link = format!("/password-reset/{token}");
    let refused = visitor.submit(&link, &link, &[("password", "short")]).await;
    assert_eq!(refused.status, 422);
    assert!(refused.shows("id=\"password-error\""));
    let done = visitor
        .submit(&link, &link, &[("password", "chosen from the email")])
        .await;
    assert!(done.shows("Your new password is set"), "{}", done.html);
    let again = visitor
        .submit(&link, &link, &[("password", "chosen from the email")])
        .await;
    assert_eq!(again.status, 404, "the link worked once");

    let member = Browser::new(client);
    let signed_in = member
        .submit(
            "/sign-in",
            "/sign-in",
            &[
                ("email", "member@example.org"),
                ("password", "chosen from the email"),
            ],
        )
        .await;
    assert_eq!(signed_in.status, 303);
    let wrong = member
        .submit(
            "/account",
            "/account/password",
            &[
                ("current_password", "not it"),
                ("new_password", "yet another password"),
            ],
        )
        .await;
    assert!(
        wrong.shows("id=\"current_password-error\""),
        "{}",
        wrong.html
    );
    let fields = [
        ("current_password", "chosen from the email"),
        ("new_password", "an attacker's choice"),
    ];
    let forged = member.post("/account/password", "", &fields).await;
    assert_eq!(
        forged.status, 403,
        "a form from another site changes nothing"
    );
    let stranger = Browser::new(client);
    let token = stranger.get("/sign-in").await.form_token();
    let outside = stranger.post("/account/password", &token, &fields).await;
    assert!(outside.location.unwrap().starts_with("/sign-in"));
    let changed = member
        .submit(
            "/account",
            "/account/password",
            &[
                ("current_password", "chosen from the email"),
                ("new_password", "yet another password"),
            ],
        )
        .await;
    assert_eq!(
        changed.location.as_deref(),
        Some("/account?password-changed")
    );
    assert!(
        member
            .get("/account?password-changed")
            .await
            .shows("Your password is changed")
    );
}

#[tokio::test]
async fn a_request_left_waiting_reminds_its_helper_after_three_days_and_its_seeker_after_five() {
    let scene = Scene::new().await;
    scene.deliver().await;
    let (helper, seeker) = ("admin@example.org", "member@example.org");
    let before = (scene.mail_to(helper).len(), scene.mail_to(seeker).len());
    let remind = || async { scene.app.remind_waiting_requests().await.unwrap() };

    scene.clock.advance(time::Duration::days(2));
    assert_eq!(remind().await, 0, "two days is not yet three");
    scene.clock.advance(time::Duration::days(1));
    assert!(remind().await >= 1);
    scene.deliver().await;
    let to_helper = scene.mail_to(helper);
    assert_eq!(to_helper.len(), before.0 + 1);
    let reminder = to_helper.last().unwrap();
    assert_eq!(
        reminder.header("Subject").unwrap(),
        "member is still waiting for your answer about Budgets"
    );
    let (group, request) = (&scene.world.group, &scene.world.request);
    assert!(
        reminder
            .text()
            .contains(&format!("{PUBLIC}/groups/{group}/requests/{request}"))
    );
    assert_eq!(scene.mail_to(seeker).len(), before.1, "the seeker waits on");
    assert_eq!(remind().await, 0, "a helper is reminded once");

    scene.clock.advance(time::Duration::days(2));
    assert!(remind().await >= 1);
    scene.deliver().await;
    let to_seeker = scene.mail_to(seeker);
    assert_eq!(to_seeker.len(), before.1 + 1);
    let told = to_seeker.last().unwrap();
    assert_eq!(
        told.header("Subject").unwrap(),
        "No answer yet from admin about Budgets"
    );
    assert!(
        told.text().contains("search again and ask someone else"),
        "{}",
        told.text()
    );
    scene.clock.advance(time::Duration::days(1));
    assert_eq!(remind().await, 0, "and the seeker once");
    scene.deliver().await;
    assert_eq!(scene.mail_to(helper).len(), before.0 + 1);
}

#[tokio::test]
async fn an_answered_request_reminds_nobody_even_of_a_reminder_already_written() {
    let scene = Scene::new().await;
    scene.deliver().await;
    let helper = "admin@example.org";
    let before = scene.mail_to(helper).len();
    scene.clock.advance(time::Duration::days(3));
    assert!(scene.app.remind_waiting_requests().await.unwrap() >= 1);
    let admin = crate::fixture::sign_in(&scene.world.client, helper).await;
    scene.answer(&admin, "accept").await;
    scene.deliver().await;
    assert_eq!(
        scene.mail_to(helper).len(),
        before,
        "a reminder of a request answered meanwhile is not sent"
    );
    scene.clock.advance(time::Duration::days(3));
    assert_eq!(scene.app.remind_waiting_requests().await.unwrap(), 0);
}
