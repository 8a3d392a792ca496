//! Addresses, where the server checks them: registering answers the same for a taken address
//! and a free one, the link makes the account and signs in (API and pages), and an account whose
//! address is not confirmed neither joins by code nor starts a group until it opens a link.

use crate::browser::Browser;
use crate::fixture::{PASSWORD, call, link_to, server, server_checking_addresses};
use collaborate_core::accounts::NewAccount;
use collaborate_core::values::{DisplayName, Email, Password};
use serde_json::json;

fn registration(email: &str, password: &str) -> serde_json::Value {
    json!({"email": email, "password": password, "display_name": "Noor Ahmed"})
}

#[tokio::test]
async fn registering_answers_alike_for_a_taken_address_and_the_link_signs_in() {
    let (client, app, _) = server_checking_addresses().await;
    let body = registration("noor@example.org", PASSWORD);
    let (status, sent) = call(&client, "POST", "/api/v1/accounts", None, Some(body)).await;
    assert_eq!(
        (status, &sent),
        (202, &json!({"email": "noor@example.org"}))
    );
    let sign_in = json!({"email": "noor@example.org", "password": PASSWORD});
    let (status, _) = call(
        &client,
        "POST",
        "/api/v1/sessions",
        None,
        Some(sign_in.clone()),
    )
    .await;
    assert_eq!(status, 401, "no account until the link is opened");

    let link = link_to(&app, "noor@example.org").await;
    let confirm = format!("/api/v1/address-confirmations/{link}");
    let password = Some(json!({"password": PASSWORD}));
    let intruder = Some(json!({"password": "not the password chosen"}));
    let (status, refused) = call(&client, "POST", &confirm, None, intruder).await;
    assert_eq!((status, &refused["field"]), (400, &json!("password")));
    let form = client
        .post(&confirm)
        .header("Origin", "https://elsewhere.example")
        .content_type("application/x-www-form-urlencoded")
        .body(format!("password={PASSWORD}"))
        .send()
        .await;
    assert_eq!(
        form.0.status().as_u16(),
        400,
        "another site's form cannot open a link and sign its visitor in"
    );
    let (status, session) = call(&client, "POST", &confirm, None, password.clone()).await;
    assert_eq!(status, 201, "{session}");
    assert_eq!(session["account"]["address_confirmed"], json!(true));
    let token = session["token"].as_str().unwrap();
    let (status, me) = call(&client, "GET", "/api/v1/me", Some(token), None).await;
    assert_eq!(
        (status, &me["account"]["email"]),
        (200, &json!("noor@example.org"))
    );
    assert_eq!(call(&client, "POST", &confirm, None, password).await.0, 404);

    let again = registration("NOOR@example.org", "a guess at a password");
    let (status, taken) = call(&client, "POST", "/api/v1/accounts", None, Some(again)).await;
    assert_eq!((status, taken), (202, json!({"email": "NOOR@example.org"})));
    let (status, _) = call(&client, "POST", "/api/v1/sessions", None, Some(sign_in)).await;
    assert_eq!(status, 201, "the owner's password still signs in");
}

#[tokio::test]
async fn an_unconfirmed_account_is_refused_until_it_opens_a_link_it_asks_for() {
    let (client, app, unchecked) = server_checking_addresses().await;
    for email in ["ada@example.org", "lee@example.org"] {
        unchecked
            .register(NewAccount {
                email: Email::parse(email).unwrap(),
                password: Password::parse(PASSWORD).unwrap(),
                display_name: DisplayName::parse("Someone").unwrap(),
            })
            .await
            .unwrap();
    }
    let sign_in = |email: &str| json!({"email": email, "password": PASSWORD});
    let (_, ada) = call(
        &client,
        "POST",
        "/api/v1/sessions",
        None,
        Some(sign_in("ada@example.org")),
    )
    .await;
    let ada = ada["token"].as_str().unwrap().to_owned();
    let (_, lee) = call(
        &client,
        "POST",
        "/api/v1/sessions",
        None,
        Some(sign_in("lee@example.org")),
    )
    .await;
    let lee = lee["token"].as_str().unwrap().to_owned();
    let group = json!({"name": "Leeds schools", "growth_mode": "organic"});
    let (status, refused) = call(
        &client,
        "POST",
        "/api/v1/groups",
        Some(&ada),
        Some(group.clone()),
    )
    .await;
    assert_eq!(
        (status, &refused["code"]),
        (403, &json!("address_unconfirmed"))
    );

    let account = Browser::signed_in(&client, &ada).get("/account").await;
    assert!(account.shows("Send me the link"), "{}", account.html);
    let ask = "/api/v1/me/address-confirmation";
    assert_eq!(call(&client, "POST", ask, Some(&ada), None).await.0, 202);
    let link = link_to(&app, "ada@example.org").await;
    let confirm = format!("/api/v1/address-confirmations/{link}");
    let new_password = json!({"password": "the owner's new password"});
    let (status, owner) = call(&client, "POST", &confirm, None, Some(new_password)).await;
    assert_eq!(status, 201);
    let (status, _) = call(&client, "GET", "/api/v1/me", Some(&ada), None).await;
    assert_eq!(
        status, 401,
        "an account's link ends its other sessions, as a reset does"
    );
    let ada = owner["token"].as_str().unwrap().to_owned();
    let (status, made) = call(&client, "POST", "/api/v1/groups", Some(&ada), Some(group)).await;
    assert_eq!(status, 201);
    let group_id = made["group"]["id"].as_str().unwrap();
    let code = &made["group"]["settings"]["join_code"];

    let join = format!("/api/v1/groups/{group_id}/join");
    let (status, refused) = call(
        &client,
        "POST",
        &join,
        Some(&lee),
        Some(json!({"join_code": code})),
    )
    .await;
    assert_eq!(
        (status, &refused["code"]),
        (403, &json!("address_unconfirmed"))
    );
}

#[tokio::test]
async fn on_the_pages_signing_up_waits_for_the_link_and_its_button_signs_in() {
    let (client, app, _) = server_checking_addresses().await;
    let browser = Browser::new(&client);
    assert!(
        !browser.get("/").await.shows("not checked"),
        "a server that checks addresses does not say they are unchecked"
    );
    let fields = [
        ("display_name", "Noor Ahmed"),
        ("email", "noor@example.org"),
        ("password", PASSWORD),
    ];
    let page = browser.submit("/sign-up", "/sign-up", &fields).await;
    assert_eq!(page.status, 200, "{}", page.html);
    assert!(page.shows("Check your inbox"));
    assert!(page.shows("noor@example.org"));
    assert_eq!(browser.cookie("collaborate_session"), None);
    let early = browser
        .submit(
            "/sign-in",
            "/sign-in",
            &[("email", "noor@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert!(
        early.shows("first open the link we emailed you"),
        "{}",
        early.html
    );

    let link = format!(
        "/confirm-address/{}",
        link_to(&app, "noor@example.org").await
    );
    let opened = browser.get(&link).await;
    assert!(opened.shows("Confirm my address"), "{}", opened.html);
    let wrong = browser
        .submit(&link, &link, &[("password", "not the password chosen")])
        .await;
    assert_eq!(wrong.status, 422, "{}", wrong.html);
    assert!(wrong.shows("href=\"#password\""));
    let done = browser
        .submit(&link, &link, &[("password", PASSWORD)])
        .await;
    assert_eq!(
        (done.status, done.location.as_deref()),
        (303, Some("/groups")),
        "{}",
        done.html
    );
    assert!(browser.cookie("collaborate_session").is_some());
    assert!(!browser.get("/account").await.shows("Send me the link"));
    let again = browser.get(&link).await;
    assert_eq!(again.status, 404);
    assert!(again.shows("This link has been used"), "{}", again.html);
}

#[tokio::test]
async fn a_server_that_sends_no_email_says_addresses_are_unchecked() {
    let client = server().await;
    let start = Browser::new(&client).get("/").await;
    assert!(
        start.shows("addresses people give are not checked"),
        "{}",
        start.html
    );
}
