//! Signing in with a school's provider, against a real OpenID provider the test starts
//! (`oidc-provider` from npm, in `tests/oidc`, run by `node`): the whole flow through the real
//! routes, with the provider's own login and consent forms submitted as a person would.

use crate::browser::{Browser, Page};
use crate::fixture::{Client, PASSWORD, fresh_store};
use collaborate_core::notifications::Notice;
use collaborate_core::ports::Ports;
use collaborate_core::system::{RandomIds, SystemClock};
use collaborate_core::values::{AccountId, Email, Password};
use collaborate_core::{Argon2Hasher, Collaborate};
use collaborate_http::outside::{ProviderSettings, Providers, VerifiedClaim};
use collaborate_http::{BlockingHasher, Catalogue, HttpConfig, Limits};
use collaborate_store::SqlStore;
use poem::EndpointExt;
use poem::test::TestClient;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

const PUBLIC_URL: &str = "http://collaborate.test";
const CLIENT_ID: &str = "collaborate";
const CLIENT_SECRET: &str = "a client secret only the tests know";

type App = Collaborate<Ports<SqlStore, BlockingHasher, SystemClock, RandomIds>>;

/// The OpenID provider, killed when dropped.
struct Provider {
    child: Child,
    issuer: String,
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `tests/oidc/provider.mjs` on a free port, with its people; fails, saying what to
/// install, when node or the npm package is missing.
fn start_provider() -> Provider {
    if std::env::var_os("TEST_LOG").is_some() {
        let _ = tracing_subscriber::fmt().with_test_writer().try_init();
    }
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/oidc");
    assert!(
        folder.join("node_modules/oidc-provider").is_dir(),
        "the OpenID provider for these tests is not installed: run `npm ci` in {} (.ci/run does)",
        folder.display()
    );
    let people = json!({
        "alice": {"email": "alice@school.test", "email_verified": true, "name": "Alice Teacher"},
        "bob": {"email": "bob@school.test", "email_verified": true, "name": "Bob Helper"},
        "una": {"email": "una@school.test", "email_verified": false, "name": "Una Verified"},
        "erin": {"email": "erin@school.test", "email_verified": true},
        "ed": {"email": "ed@school.test", "xms_edov": true, "name": "Ed Entra"},
    });
    let config = json!({
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uris": [
            format!("{PUBLIC_URL}/sign-in/with/school/callback"),
            format!("{PUBLIC_URL}/sign-in/with/entra/callback"),
        ],
        "people": people,
    });
    let mut child = Command::new("node")
        .arg(folder.join("provider.mjs"))
        .arg(config.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("`node` is needed to run the OpenID provider of these tests (Node.js 20 or later): {e}")
        });
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    // Whatever else it writes is read and dropped, so it never writes into a closed pipe.
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    let port = line
        .trim()
        .strip_prefix("listening ")
        .unwrap_or_else(|| panic!("the OpenID provider did not start: {line:?}"));
    Provider {
        child,
        issuer: format!("http://127.0.0.1:{port}"),
    }
}

/// A server whose sign-in page offers the provider as "Our school", and one more provider
/// that is down; its application, to act as the person would by other ways.
async fn server(provider: &Provider) -> (Client, Arc<App>) {
    server_over(provider, false).await
}

/// The same server, over HTTPS when `secure`.
async fn server_over(provider: &Provider, secure: bool) -> (Client, Arc<App>) {
    let settings = |id: &str, name: &str, issuer: &str, verified_claim| ProviderSettings {
        id: id.to_owned(),
        name: name.to_owned(),
        issuer: issuer.to_owned(),
        client_id: CLIENT_ID.to_owned(),
        client_secret: CLIENT_SECRET.to_owned(),
        verified_claim,
    };
    let providers = Providers::new(
        PUBLIC_URL,
        vec![
            settings(
                "school",
                "Our school",
                &provider.issuer,
                VerifiedClaim::EmailVerified,
            ),
            settings(
                "entra",
                "Our trust",
                &provider.issuer,
                VerifiedClaim::XmsEdov,
            ),
            settings(
                "down",
                "The council",
                "http://127.0.0.1:9",
                VerifiedClaim::EmailVerified,
            ),
        ],
    )
    .unwrap();
    let config = HttpConfig {
        providers,
        secure_cookies: secure,
        ..HttpConfig::default()
    };
    let hasher = BlockingHasher::new(Argon2Hasher::for_tests().unwrap());
    let app = Arc::new(Collaborate::new(
        fresh_store().await,
        hasher,
        SystemClock,
        RandomIds,
    ));
    let routes = collaborate_http::routes(
        Arc::clone(&app),
        Arc::new(Limits::default()),
        &config,
        Catalogue::shipped().unwrap(),
    );
    (TestClient::new(routes.boxed()), app)
}

/// A person's browser at the provider: a real HTTP client with its own cookies, following
/// nothing by itself.
struct AtProvider {
    http: reqwest::Client,
    cookies: BTreeMap<String, String>,
}

impl AtProvider {
    fn new() -> Self {
        Self {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: BTreeMap::new(),
        }
    }

    async fn send(&mut self, request: reqwest::RequestBuilder) -> (u16, Option<String>, String) {
        let cookie = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let response = request.header("Cookie", cookie).send().await.unwrap();
        for set in response.headers().get_all("set-cookie") {
            let set = set.to_str().unwrap();
            let pair = set.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            self.cookies.insert(name.to_owned(), value.to_owned());
        }
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned());
        (status, location, response.text().await.unwrap())
    }

    /// Walks from the authorization URL through the login (as `login`) and consent forms —
    /// or, when `cancel`, cancels at the first form — until the provider sends the browser
    /// back to this site: that URL.
    async fn walk(&mut self, issuer: &str, start: &str, login: &str, cancel: bool) -> String {
        let mut url = start.to_owned();
        for _ in 0..20 {
            if url.starts_with(PUBLIC_URL) {
                return url;
            }
            let (status, location, body) = self.send(self.http.get(&url)).await;
            if let Some(location) = location {
                url = absolute(issuer, &location);
                continue;
            }
            assert_eq!(status, 200, "the provider answered {status}: {body}");
            if cancel {
                let abort = attribute_after(&body, "href=\"", "abort");
                url = absolute(issuer, &abort);
                continue;
            }
            let action = absolute(issuer, &attribute_after(&body, "action=\"", ""));
            let form: Vec<(&str, &str)> = if body.contains("value=\"login\"") {
                vec![("prompt", "login"), ("login", login), ("password", "any")]
            } else {
                vec![("prompt", "consent")]
            };
            let (_, location, body) = self.send(self.http.post(&action).form(&form)).await;
            url = absolute(
                issuer,
                &location.unwrap_or_else(|| panic!("no redirect: {body}")),
            );
        }
        panic!("the provider never sent the browser back");
    }
}

/// The first attribute value after `marker` that contains `holding`.
fn attribute_after(html: &str, marker: &str, holding: &str) -> String {
    html.match_indices(marker)
        .map(|(at, _)| {
            let start = at + marker.len();
            let end = html[start..].find('"').unwrap();
            html[start..start + end].replace("&amp;", "&")
        })
        .find(|value| value.contains(holding))
        .unwrap_or_else(|| panic!("no {marker}…{holding} in {html}"))
}

fn absolute(issuer: &str, location: &str) -> String {
    if location.starts_with("http") {
        location.to_owned()
    } else {
        format!("{issuer}{location}")
    }
}

/// Presses "Sign in with Our school" (going on to `next`), and signs in at the provider as
/// `login`: the page the callback answers.
async fn sign_in_with_school(
    browser: &Browser<'_>,
    provider: &Provider,
    login: &str,
    next: &str,
) -> Page {
    sign_in_with(browser, provider, "school", login, next).await
}

/// Signs in with the configured provider `id` as `login`: the page the callback answers.
async fn sign_in_with(
    browser: &Browser<'_>,
    provider: &Provider,
    id: &str,
    login: &str,
    next: &str,
) -> Page {
    let callback = walk_from(browser, provider, id, login, next, false).await;
    browser.get(&callback).await
}

/// The callback's path and query the provider sends the browser back to.
async fn walk_to_callback(
    browser: &Browser<'_>,
    provider: &Provider,
    login: &str,
    next: &str,
    cancel: bool,
) -> String {
    walk_from(browser, provider, "school", login, next, cancel).await
}

/// Presses the button of provider `id` and walks through the provider: the callback's path.
async fn walk_from(
    browser: &Browser<'_>,
    provider: &Provider,
    id: &str,
    login: &str,
    next: &str,
    cancel: bool,
) -> String {
    let sign_in = browser.get("/sign-in").await;
    let button = attribute_after(&sign_in.html, "href=\"", &format!("/sign-in/with/{id}"));
    assert!(sign_in.shows("Sign in with Our school"));
    assert!(sign_in.shows("Sign in with The council"));
    let started = browser
        .get(&format!("/sign-in/with/{id}?next={}", encode(next)))
        .await;
    assert!(button.starts_with(&format!("/sign-in/with/{id}?next=")));
    assert_eq!(started.status, 303, "{}", started.html);
    let authorize = started.location.unwrap();
    assert!(authorize.starts_with(&provider.issuer));
    let back = AtProvider::new()
        .walk(&provider.issuer, &authorize, login, cancel)
        .await;
    back.strip_prefix(PUBLIC_URL).unwrap().to_owned()
}

fn encode(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                char::from(b).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// The signed-in account, as the API tells it.
async fn me(browser: &Browser<'_>) -> Value {
    let page = browser.get("/api/v1/me").await;
    assert_eq!(page.status, 200, "{}", page.html);
    serde_json::from_str(&page.html).unwrap()
}

fn id_of(me: &Value) -> String {
    me["account"]["id"]
        .as_str()
        .or_else(|| me["id"].as_str())
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_first_sign_in_makes_an_account_and_a_second_finds_it() {
    let provider = start_provider();
    let (client, _) = server(&provider).await;
    let browser = Browser::new(&client);

    let signed = sign_in_with_school(&browser, &provider, "alice", "/groups?from=school").await;

    assert_eq!(signed.status, 303, "{}", signed.html);
    assert_eq!(signed.location.as_deref(), Some("/groups?from=school"));
    assert!(browser.cookie("collaborate_session").is_some());
    assert!(browser.cookie("collaborate_sign_in").is_none());
    let first = me(&browser).await;
    assert!(first.to_string().contains("alice@school.test"));
    assert!(first.to_string().contains("Alice Teacher"));

    // The person's export names the identity that signs them in.
    let export = browser.get("/api/v1/me/export").await;
    assert_eq!(export.status, 200, "{}", export.html);
    let export: Value = serde_json::from_str(&export.html).unwrap();
    assert_eq!(export["identities"][0]["issuer"], provider.issuer.as_str());
    assert_eq!(export["identities"][0]["subject"], "alice");

    let another = Browser::new(&client);
    let again = sign_in_with_school(&another, &provider, "alice", "/groups").await;
    assert_eq!(again.status, 303);
    assert_eq!(id_of(&me(&another).await), id_of(&first));
}

#[tokio::test]
async fn a_password_account_with_the_address_is_linked_and_signed_in() {
    let provider = start_provider();
    let (client, _) = server(&provider).await;
    let made = client
        .post("/api/v1/accounts")
        .body_json(
            &json!({"email": "bob@school.test", "password": PASSWORD, "display_name": "Bob"}),
        )
        .send()
        .await;
    made.assert_status(poem::http::StatusCode::CREATED);
    let made: Value = made.0.into_body().into_json().await.unwrap();
    let browser = Browser::new(&client);

    let signed = sign_in_with_school(&browser, &provider, "bob", "/groups").await;

    assert_eq!(signed.status, 303, "{}", signed.html);
    assert_eq!(
        id_of(&me(&browser).await),
        made["id"]
            .as_str()
            .or_else(|| made["account"]["id"].as_str())
            .unwrap()
    );
}

#[tokio::test]
async fn an_unverified_address_is_refused_with_a_page_that_says_so() {
    let provider = start_provider();
    let (client, _) = server(&provider).await;
    let browser = Browser::new(&client);

    let refused = sign_in_with_school(&browser, &provider, "una", "/groups").await;

    assert_eq!(refused.status, 403);
    assert!(
        refused.shows("Your email address is not verified"),
        "{}",
        refused.html
    );
    assert!(refused.shows("Our school did not say that it has verified your email address"));
    assert!(browser.cookie("collaborate_session").is_none());
    // Nothing was made of the address: it registers as a free one.
    let registered = client
        .post("/api/v1/accounts")
        .body_json(
            &json!({"email": "una@school.test", "password": PASSWORD, "display_name": "Una"}),
        )
        .send()
        .await;
    registered.assert_status(poem::http::StatusCode::CREATED);
}

#[tokio::test]
async fn a_forged_state_or_a_callback_planted_in_another_browser_signs_nobody_in() {
    let provider = start_provider();
    let (client, _) = server(&provider).await;
    let browser = Browser::new(&client);
    let callback = walk_to_callback(&browser, &provider, "alice", "/groups", false).await;
    let flow = browser.cookie("collaborate_sign_in").unwrap();

    // Another state than the one this browser's flow began with.
    let state = callback
        .split("state=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();
    let forged = callback.replace(state, &"0".repeat(state.len()));
    let page = browser.get(&forged).await;
    assert_eq!(page.status, 400);
    assert!(page.shows("This sign-in has expired"));
    assert!(browser.cookie("collaborate_session").is_none());

    // The right callback in another browser (a planted link): no flow of its own.
    let elsewhere = Browser::new(&client);
    let page = elsewhere.get(&callback).await;
    assert_eq!(page.status, 400);
    assert!(elsewhere.cookie("collaborate_session").is_none());

    // Neither spent the code: the genuine callback, with its flow, still signs in.
    browser.set_cookie("collaborate_sign_in", &flow);
    let genuine = browser.get(&callback).await;
    assert_eq!(genuine.status, 303, "{}", genuine.html);
    assert!(browser.cookie("collaborate_session").is_some());
}

#[tokio::test]
async fn a_replayed_callback_after_signing_in_is_refused() {
    let provider = start_provider();
    let (client, _) = server(&provider).await;
    let browser = Browser::new(&client);
    let callback = walk_to_callback(&browser, &provider, "alice", "/groups", false).await;
    let flow = browser.cookie("collaborate_sign_in").unwrap();
    assert_eq!(browser.get(&callback).await.status, 303);

    let replayed = Browser::new(&client);
    replayed.set_cookie("collaborate_sign_in", &flow);
    let page = replayed.get(&callback).await;

    assert_eq!(page.status, 403, "{}", page.html);
    assert!(page.shows("Sign-in not accepted"));
    assert!(replayed.cookie("collaborate_session").is_none());
}

#[tokio::test]
async fn a_next_page_on_another_site_is_not_followed() {
    let provider = start_provider();
    let (client, _) = server(&provider).await;
    let browser = Browser::new(&client);

    for next in ["https://evil.example/", "//evil.example/x"] {
        let signed = sign_in_with_school(&browser, &provider, "alice", next).await;
        assert_eq!(signed.status, 303);
        assert_eq!(signed.location.as_deref(), Some("/groups"));
    }
}

#[tokio::test]
async fn cancelling_at_the_provider_or_a_provider_down_is_a_page_and_passwords_still_work() {
    let provider = start_provider();
    let (client, _) = server(&provider).await;
    let browser = Browser::new(&client);

    let callback = walk_to_callback(&browser, &provider, "alice", "/groups", true).await;
    let cancelled = browser.get(&callback).await;
    assert_eq!(cancelled.status, 403, "{}", cancelled.html);
    assert!(cancelled.shows("Sign-in cancelled"));

    let down = browser.get("/sign-in/with/down?next=/groups").await;
    assert_eq!(down.status, 502);
    assert!(down.shows("The council could not be reached"));
    assert_eq!(browser.get("/sign-in/with/nobody").await.status, 404);
    let page = browser.get("/sign-in").await;
    assert_eq!(page.status, 200);
    assert!(page.shows("name=\"password\""));
}

#[tokio::test]
async fn an_erased_account_is_never_signed_in_to_again() {
    let provider = start_provider();
    let (client, app) = server(&provider).await;
    let browser = Browser::new(&client);
    sign_in_with_school(&browser, &provider, "erin", "/groups").await;
    let erased = id_of(&me(&browser).await);
    // The account has no password (the provider signs its person in): erasing asks for one,
    // so the person sets it by a reset link first.
    let email = Email::parse("erin@school.test").unwrap();
    app.ask_password_reset(&email).await.unwrap();
    let link = app
        .outbox(None, 10)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.notice == Notice::PasswordReset)
        .find_map(|m| m.secret)
        .unwrap();
    let password = Password::parse(PASSWORD).unwrap();
    app.reset_password(&link, password.clone()).await.unwrap();
    let id = AccountId::parse(&erased).unwrap();
    app.erase_account(id, &password).await.unwrap();

    let again = Browser::new(&client);
    let signed = sign_in_with_school(&again, &provider, "erin", "/groups").await;

    assert_eq!(signed.status, 303);
    let now = me(&again).await;
    assert_ne!(id_of(&now), erased);
    assert!(!now.to_string().contains("Erased member"));
}

#[tokio::test]
async fn entra_ids_domain_verified_claim_stands_for_email_verified_where_configured() {
    let provider = start_provider();
    let (client, _) = server(&provider).await;

    // Ed's provider says only `xms_edov`: taken where the operator names that claim…
    let browser = Browser::new(&client);
    let signed = sign_in_with(&browser, &provider, "entra", "ed", "/groups").await;
    assert_eq!(signed.status, 303, "{}", signed.html);
    assert!(me(&browser).await.to_string().contains("ed@school.test"));
    // …and not where the standard `email_verified` is asked for.
    let browser = Browser::new(&client);
    let refused = sign_in_with(&browser, &provider, "school", "ed", "/groups").await;
    assert_eq!(refused.status, 403);
    // Where `xms_edov` is asked for, `email_verified` alone does not stand for it.
    let browser = Browser::new(&client);
    let refused = sign_in_with(&browser, &provider, "entra", "alice", "/groups").await;
    assert_eq!(refused.status, 403);
    assert!(refused.shows("Your email address is not verified"));
}

#[tokio::test]
async fn over_https_the_flow_cookie_is_host_only_secure_and_short_lived() {
    let provider = start_provider();
    let (client, _) = server_over(&provider, true).await;

    let started = client.get("/sign-in/with/school?next=/groups").send().await;

    started.assert_status(poem::http::StatusCode::SEE_OTHER);
    let cookie = started
        .0
        .headers()
        .get_all("Set-Cookie")
        .iter()
        .map(|c| c.to_str().unwrap().to_owned())
        .find(|c| c.contains("collaborate_sign_in="))
        .unwrap();
    assert!(
        cookie.starts_with("__Host-collaborate_sign_in="),
        "{cookie}"
    );
    for attribute in [
        "HttpOnly",
        "SameSite=Lax",
        "Path=/",
        "Max-Age=600",
        "Secure",
    ] {
        assert!(cookie.contains(attribute), "{cookie} lacks {attribute}");
    }
    // The cookie names the provider and carries nothing the provider was sent.
    let location = started
        .0
        .headers()
        .get("Location")
        .unwrap()
        .to_str()
        .unwrap();
    let value = cookie.split(';').next().unwrap().split_once('=').unwrap().1;
    for secret in value.split('.').skip(1) {
        assert!(!location.contains(secret), "the cookie shows {secret}");
    }
}
