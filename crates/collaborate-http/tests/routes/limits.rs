//! Limits that hold against someone walking around them, and that do not turn away the people
//! they protect.

use crate::fixture::{Client, PASSWORD, call, person, server_configured, server_with};
use collaborate_http::{Allowance, HttpConfig, Limits};
use serde_json::json;
use std::time::Duration;

fn allow(per_account: usize, per_address: usize) -> Allowance {
    Allowance {
        per_account,
        per_address,
        span: Duration::from_secs(600),
    }
}

fn limits(sign_in: Allowance, join: Allowance, registration: Allowance) -> Limits {
    Limits::new(sign_in, join, registration)
}

fn behind_a_proxy() -> HttpConfig {
    HttpConfig {
        import_limit: 1024 * 1024,
        trust_forwarded_for: true,
        ..HttpConfig::default()
    }
}

async fn sign_in_from(client: &Client, email: &str, password: &str, forwarded: &str) -> u16 {
    client
        .post("/api/v1/sessions")
        .header("X-Forwarded-For", forwarded)
        .body_json(&json!({"email": email, "password": password}))
        .send()
        .await
        .0
        .status()
        .as_u16()
}

/// A school's staff signing in behind one address are never turned away for succeeding.
#[tokio::test]
async fn successful_sign_ins_do_not_count_against_an_address() {
    let client = server_configured(
        limits(allow(2, 3), allow(10, 10), allow(50, 50)),
        &behind_a_proxy(),
    )
    .await;
    for i in 0..4 {
        person(&client, &format!("teacher{i}@example.org")).await;
    }
    for round in 0..5 {
        for i in 0..4 {
            let email = format!("teacher{i}@example.org");
            let status = sign_in_from(&client, &email, PASSWORD, "192.0.2.10").await;
            assert_eq!(status, 201, "round {round}, teacher {i}");
        }
    }
}

/// Failed sign-ins are limited per account, and per address whatever account they aim at; the
/// answer says when to try again.
#[tokio::test]
async fn failed_sign_ins_are_limited_per_account_and_per_address() {
    let client = server_with(limits(allow(2, 100), allow(10, 10), allow(50, 50))).await;
    person(&client, "ada@example.org").await;
    let attempt = |password: &'static str| {
        client
            .post("/api/v1/sessions")
            .body_json(&json!({"email": "Ada@Example.org", "password": password}))
            .send()
    };
    attempt("guess guess guess")
        .await
        .assert_status(poem::http::StatusCode::UNAUTHORIZED);
    attempt("guess guess again")
        .await
        .assert_status(poem::http::StatusCode::UNAUTHORIZED);
    let limited = attempt(PASSWORD).await;
    limited.assert_status(poem::http::StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = limited.0.headers()["Retry-After"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=600).contains(&retry), "{retry}");

    let client = server_configured(
        limits(allow(100, 3), allow(10, 10), allow(50, 50)),
        &behind_a_proxy(),
    )
    .await;
    person(&client, "ada@example.org").await;
    for i in 0..3 {
        let status = sign_in_from(
            &client,
            &format!("nobody{i}@example.org"),
            "guess guess guess",
            "192.0.2.10",
        )
        .await;
        assert_eq!(status, 401);
    }
    assert_eq!(
        sign_in_from(&client, "ada@example.org", PASSWORD, "192.0.2.10").await,
        429
    );
    assert_eq!(
        sign_in_from(&client, "ada@example.org", PASSWORD, "192.0.2.11").await,
        201
    );
}

/// Behind an appending proxy the client writes the start of `X-Forwarded-For`; only the entry
/// the proxy added counts, and an IPv6 client counts by its /64 however many addresses it uses.
#[tokio::test]
async fn forged_forwarded_entries_and_fresh_ipv6_addresses_do_not_reset_the_count() {
    let client = server_configured(
        limits(allow(100, 3), allow(10, 10), allow(50, 50)),
        &behind_a_proxy(),
    )
    .await;
    for i in 0..3 {
        let forged = format!("198.51.100.{i}, 203.0.113.7");
        assert_eq!(
            sign_in_from(&client, "x@example.org", "guess guess guess", &forged).await,
            401
        );
    }
    assert_eq!(
        sign_in_from(
            &client,
            "x@example.org",
            "guess guess guess",
            "198.51.100.99, 203.0.113.7"
        )
        .await,
        429
    );

    for i in 1..=3 {
        let address = format!("2001:db8:5:6::{i:x}");
        assert_eq!(
            sign_in_from(&client, "y@example.org", "guess guess guess", &address).await,
            401
        );
    }
    assert_eq!(
        sign_in_from(
            &client,
            "y@example.org",
            "guess guess guess",
            "2001:db8:5:6:ffff::1"
        )
        .await,
        429
    );
    assert_eq!(
        sign_in_from(
            &client,
            "y@example.org",
            "guess guess guess",
            "2001:db8:5:7::1"
        )
        .await,
        401
    );
}

/// A sign-in with an email of 60 KiB is an ordinary failure, not a key kept in memory.
#[tokio::test]
async fn an_overlong_email_is_refused_like_any_wrong_sign_in() {
    let client = server_with(Limits::default()).await;
    let email = format!("{}@example.org", "a".repeat(60 * 1024));
    let (status, answer) = call(
        &client,
        "POST",
        "/api/v1/sessions",
        None,
        Some(json!({"email": email, "password": "guess guess guess"})),
    )
    .await;
    assert!(matches!(status, 400 | 401), "{status} {answer}");
}

/// Registrations (each a slow password hash) are limited per address and per email.
#[tokio::test]
async fn registrations_are_limited_per_address() {
    let client = server_configured(
        limits(allow(10, 10), allow(10, 10), allow(5, 2)),
        &behind_a_proxy(),
    )
    .await;
    let register = |email: String, forwarded: &'static str| {
        let client = &client;
        async move {
            client
                .post("/api/v1/accounts")
                .header("X-Forwarded-For", forwarded)
                .body_json(&json!({"email": email, "password": PASSWORD, "display_name": "New"}))
                .send()
                .await
                .0
                .status()
                .as_u16()
        }
    };
    assert_eq!(register("a@example.org".into(), "192.0.2.1").await, 201);
    assert_eq!(register("b@example.org".into(), "192.0.2.1").await, 201);
    assert_eq!(register("c@example.org".into(), "192.0.2.1").await, 429);
    assert_eq!(register("c@example.org".into(), "192.0.2.2").await, 201);
}

/// Join codes cannot be guessed at speed: wrong codes are limited per account, and past the
/// limit even the right one waits.
#[tokio::test]
async fn wrong_join_codes_are_limited_per_account() {
    let client = server_with(limits(allow(10, 10), allow(3, 100), allow(50, 50))).await;
    let admin = person(&client, "admin@example.org").await;
    let (_, created) = call(
        &client,
        "POST",
        "/api/v1/groups",
        Some(&admin),
        Some(json!({"name": "Leeds schools", "growth_mode": "organic"})),
    )
    .await;
    let group = created["group"]["id"].as_str().unwrap().to_owned();
    let code = created["group"]["settings"]["join_code"]
        .as_str()
        .unwrap()
        .to_owned();
    let guesser = person(&client, "guesser@example.org").await;
    let join = |code: String| {
        let (client, guesser, group) = (&client, &guesser, &group);
        async move {
            call(
                client,
                "POST",
                &format!("/api/v1/groups/{group}/join"),
                Some(guesser),
                Some(json!({"join_code": code})),
            )
            .await
            .0
        }
    };
    for guess in ["AAAAAAAA", "BBBBBBBB", "CCCCCCCC"] {
        assert_eq!(join(guess.to_owned()).await, 404);
    }
    assert_eq!(join(code).await, 429);
}
