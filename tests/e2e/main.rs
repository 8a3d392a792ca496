//! End to end: the real `collaborate` binary on a free port with a fresh SQLite file, walked over
//! HTTP from registration to feedback, then stopped with SIGTERM.

#![allow(clippy::unwrap_used, clippy::expect_used)]

/// The routes' test SMTP server (the walk uses only part of it).
#[allow(dead_code)]
#[path = "../../crates/collaborate-http/tests/routes/smtp.rs"]
mod smtp;

mod concurrency;
mod crashes;

use serde_json::{Value, json};
use std::net::TcpListener;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    base: String,
    dir: TempDir,
}

struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Server {
    /// Kills the server outright (SIGKILL, as a crash would), keeping its directory to start
    /// it again in.
    fn crash(mut self) -> TempDir {
        let _ = self.child.kill();
        let _ = self.child.wait();
        std::mem::replace(&mut self.dir, TempDir(std::path::PathBuf::new()))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start() -> Server {
    let dir =
        std::env::temp_dir().join(format!("collaborate-e2e-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    start_in(TempDir(dir), &[])
}

/// The server in `dir`, started with `extra` arguments; what it prints and logs goes to
/// `dir/out.txt`.
fn start_in(dir: TempDir, extra: &[&str]) -> Server {
    let port = free_port();
    let out = std::fs::File::create(dir.0.join("out.txt")).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_collaborate"))
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .args(extra)
        .current_dir(&dir.0)
        .env_remove("DATABASE_URL")
        .stderr(out.try_clone().unwrap())
        .stdout(out)
        .spawn()
        .unwrap();
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
        dir,
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while ureq::get(&format!("{}/readyz", server.base))
        .call()
        .is_err()
    {
        assert!(Instant::now() < deadline, "the server did not become ready");
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

/// Sends a request (`GET`, `DELETE`, `PATCH` or `POST`); the status and the JSON body (null
/// when there is none).
fn send(method: &str, url: &str, token: Option<&str>, body: Option<Value>) -> (u16, Value) {
    try_send(method, url, token, body).unwrap_or_else(|| panic!("{method} {url}: no answer"))
}

/// As [`send`], or none when no answer came (the server is gone).
fn try_send(
    method: &str,
    url: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Option<(u16, Value)> {
    fn authorised<B>(
        request: ureq::RequestBuilder<B>,
        token: Option<&str>,
    ) -> ureq::RequestBuilder<B> {
        match token {
            Some(t) => request.header("Authorization", format!("Bearer {t}")),
            None => request,
        }
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let response = match method {
        "GET" => authorised(agent.get(url), token).call(),
        "DELETE" => authorised(agent.delete(url), token).call(),
        _ => {
            let request = if method == "PATCH" {
                agent.patch(url)
            } else {
                agent.post(url)
            };
            let request = authorised(request, token);
            match body {
                Some(b) => request.send_json(b),
                None => request.send_empty(),
            }
        }
    }
    .ok()?;
    let status = response.status().as_u16();
    let text = response.into_body().read_to_string().ok()?;
    Some((status, serde_json::from_str(&text).unwrap_or(Value::Null)))
}

/// The email to `to` with `subject`, once the server's worker has sent it (within seconds).
fn mail_to(sink: &smtp::SmtpSink, to: &str, subject: &str) -> smtp::Received {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let received = sink.received();
        let found = received
            .iter()
            .find(|m| m.to == [to.to_owned()] && m.header("Subject").as_deref() == Some(subject));
        if let Some(found) = found {
            return found.clone();
        }
        assert!(
            Instant::now() < deadline,
            "no email \"{subject}\" came to {to}: {received:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_group_walks_from_registration_to_feedback_over_http() {
    let mail = tokio::runtime::Runtime::new().unwrap();
    let sink = mail.block_on(smtp::SmtpSink::start());
    let dir =
        std::env::temp_dir().join(format!("collaborate-e2e-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let public = ["--public-url", "https://exchange.example.org"];
    let server = start_in(
        TempDir(dir),
        &[&["--smtp-url", sink.url.as_str()][..], &public].concat(),
    );
    let api = format!("{}/api/v1", server.base);
    let register = |email: &str| {
        let (status, _) = send(
            "POST",
            &format!("{api}/accounts"),
            None,
            Some(
                json!({"email": email, "password": "correct horse battery", "display_name": email}),
            ),
        );
        assert_eq!(status, 202, "a server with mail settings checks addresses");
        // The account is made when the link emailed to the address is opened.
        let letter = mail_to(&sink, email, "Confirm your email address");
        let text = letter.text();
        let start = text.find("/confirm-address/").expect("the link") + "/confirm-address/".len();
        let token: String = text[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        let (status, session) = send(
            "POST",
            &format!("{api}/address-confirmations/{token}"),
            None,
            Some(json!({"password": "correct horse battery"})),
        );
        assert_eq!(status, 201, "{session}");
        session["token"].as_str().unwrap().to_owned()
    };
    let ada = register("ada@example.org");
    let bo = register("bo@example.org");

    let (status, created) = send(
        "POST",
        &format!("{api}/groups"),
        Some(&ada),
        Some(json!({"name": "West Yorkshire schools", "growth_mode": "organic"})),
    );
    assert_eq!(status, 201);
    let group = created["group"]["id"].as_str().unwrap().to_owned();
    let code = created["group"]["settings"]["join_code"]
        .as_str()
        .unwrap()
        .to_owned();
    let g = format!("{api}/groups/{group}");
    let mut areas = Vec::new();
    for (name, aspect) in [
        ("Curriculum", "KS3 science"),
        ("Budgets", "Grant bids"),
        ("Wellbeing", "Staff wellbeing"),
    ] {
        let (status, area) = send(
            "POST",
            &format!("{g}/areas"),
            Some(&ada),
            Some(json!({"name": name, "aspects": [aspect]})),
        );
        assert_eq!(status, 201);
        areas.push((area["id"].as_str().unwrap().to_owned(), aspect));
    }
    assert_eq!(
        send(
            "POST",
            &format!("{g}/join"),
            Some(&bo),
            Some(json!({"join_code": code}))
        )
        .0,
        201
    );

    let search = format!("{g}/search?area_id={}", areas[1].0);
    let (status, refused) = send("GET", &search, Some(&bo), None);
    assert_eq!(
        (status, refused["code"].as_str()),
        (403, Some("reciprocity_required"))
    );
    let mut ada_offers = Vec::new();
    for who in [&ada, &bo] {
        for (area, aspect) in &areas {
            let (status, offer) = send(
                "POST",
                &format!("{g}/offers"),
                Some(who),
                Some(
                    json!({"area_id": area, "aspects": [aspect], "description": "What worked", "modes": ["video"]}),
                ),
            );
            assert_eq!(status, 201);
            if who == &ada {
                ada_offers.push(offer["id"].as_str().unwrap().to_owned());
            }
        }
    }
    let (status, found) = send("GET", &search, Some(&bo), None);
    assert_eq!(status, 200);
    assert_eq!(
        found["items"][0]["offer_id"].as_str(),
        Some(ada_offers[1].as_str())
    );

    let (status, sent) = send(
        "POST",
        &format!("{g}/requests"),
        Some(&bo),
        Some(
            json!({"offer_id": ada_offers[1], "message": "Could you look at our bid?", "mode": "video"}),
        ),
    );
    assert_eq!(status, 201);
    assert_eq!(sent["counterpart"]["contact"]["email"], "ada@example.org");
    let request = format!("{g}/requests/{}", sent["request"]["id"].as_str().unwrap());
    assert_eq!(
        send("POST", &format!("{request}/accept"), Some(&ada), None).1["status"],
        "accepted"
    );
    // The server's worker emails Ada of the request and Bo of its acceptance, within seconds.
    mail_to(
        &sink,
        "ada@example.org",
        "bo@example.org asks for your help with Budgets",
    );
    mail_to(
        &sink,
        "bo@example.org",
        "ada@example.org accepted your request about Budgets",
    );
    assert_eq!(
        send("POST", &format!("{request}/complete"), Some(&bo), None).1["status"],
        "completed"
    );
    let (status, rated) = send(
        "POST",
        &format!("{request}/feedback"),
        Some(&bo),
        Some(json!({"rating": 5, "comment": "Exactly right"})),
    );
    assert_eq!(
        (status, rated["feedback"]["rating"].as_u64()),
        (201, Some(5))
    );
    let (status, helper_view) = send("GET", &request, Some(&ada), None);
    assert_eq!(
        (
            status,
            helper_view["counterpart"]["contact"]["email"].as_str()
        ),
        (200, None),
        "once the help is completed, contact details stop flowing"
    );

    // The operator sees what was sent, and only a failed message can be sent again.
    let (listed, sent) = beside(&server, &["outbox", "--status", "sent"]);
    assert!(
        listed && sent.contains("\tsent\trequest_received\t1\t"),
        "{sent}"
    );
    let id = sent.lines().nth(1).unwrap().split('\t').next().unwrap();
    let (retried, _) = beside(&server, &["outbox", "--retry", id]);
    assert!(!retried, "a message sent is not sent again");
}

/// Runs `collaborate import …` beside the server, on its database; the exit status and what it
/// printed.
fn import(server: &Server, args: &[&str]) -> (bool, String) {
    beside(server, &[&["import"], args].concat())
}

/// Runs `collaborate ARGS` beside the server, on its database; the exit status and what it
/// printed.
fn beside(server: &Server, args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_collaborate"))
        .args(args)
        .current_dir(&server.dir.0)
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

#[test]
fn an_admin_loads_a_group_from_a_questionnaire_file_on_the_command_line() {
    let server = start();
    let api = format!("{}/api/v1", server.base);
    let post = |path: &str, token: Option<&str>, body: Value| {
        send("POST", &format!("{api}{path}"), token, Some(body))
    };
    post(
        "/accounts",
        None,
        json!({"email": "ada@example.org", "password": "correct horse battery", "display_name": "Ada"}),
    );
    let ada = post(
        "/sessions",
        None,
        json!({"email": "ada@example.org", "password": "correct horse battery"}),
    )
    .1["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, created) = post(
        "/groups",
        Some(&ada),
        json!({"name": "Leeds schools", "growth_mode": "systemic"}),
    );
    let group = created["group"]["id"].as_str().unwrap().to_owned();
    for (name, aspect) in [("Curriculum", "KS3 science"), ("Budgets", "Grant bids")] {
        let (status, _) = post(
            &format!("/groups/{group}/areas"),
            Some(&ada),
            json!({"name": name, "aspects": [aspect]}),
        );
        assert_eq!(status, 201);
    }
    let (ok, template) = import(&server, &["--template"]);
    assert!(ok && template.starts_with("email,display_name,"));
    let file = server.dir.0.join("questionnaire.csv");
    std::fs::write(
        &file,
        "email,display_name,strength_1,need_1\r\n\
         bo@example.org,Bo,Curriculum > KS3 science,Budgets\r\n\
         cy@example.org,Cy,Budgets > Grant bids,\r\n",
    )
    .unwrap();
    let members = || {
        send(
            "GET",
            &format!("{api}/groups/{group}/members"),
            Some(&ada),
            None,
        )
        .1["items"]
            .as_array()
            .unwrap()
            .len()
    };

    let (ok, dry) = import(
        &server,
        &["--group", "leeds-schools", "questionnaire.csv", "--dry-run"],
    );
    assert!(ok, "{dry}");
    assert!(
        dry.contains("line 2: bo@example.org created, invited to claim"),
        "{dry}"
    );
    assert!(dry.contains("dry run: nothing was written"), "{dry}");
    assert_eq!(members(), 1, "a dry run writes nothing");

    let (ok, done) = import(&server, &["--group", &group, "questionnaire.csv"]);
    assert!(ok, "{done}");
    assert_eq!(members(), 3);
    let claim = done
        .lines()
        .find(|l| l.starts_with("invitation to claim for bo@example.org"))
        .and_then(|l| l.split("POST ").nth(1))
        .unwrap();
    let (status, _) = send(
        "POST",
        &format!("{}{claim}", server.base),
        None,
        Some(json!({"password": "bo's own password"})),
    );
    assert_eq!(status, 201);

    std::fs::write(
        &file,
        "email,display_name,strength_1\r\nnobody,,Knitting\r\n",
    )
    .unwrap();
    let (ok, rejected) = import(&server, &["--group", &group, "questionnaire.csv"]);
    assert!(!ok, "a rejected file exits non-zero");
    assert!(rejected.contains("line 2, column email:"), "{rejected}");
    assert!(
        rejected.contains("line 2, column strength_1:"),
        "{rejected}"
    );
    assert_eq!(members(), 3);

    // Without a mail server the log says an email was written, never its link; the operator
    // reads the whole letter with `outbox --show`.
    post(
        "/password-resets",
        None,
        json!({"email": "ada@example.org"}),
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    let reset = loop {
        let (_, sent) = beside(&server, &["outbox", "--status", "sent"]);
        if let Some(line) = sent.lines().find(|l| l.contains("\tpassword_reset\t")) {
            break line.split('\t').next().unwrap().to_owned();
        }
        assert!(Instant::now() < deadline, "no reset was written: {sent}");
        std::thread::sleep(Duration::from_millis(200));
    };
    let (shown, letter) = beside(&server, &["outbox", "--show", &reset]);
    assert!(shown && letter.contains("/password-reset/"), "{letter}");
    let log = std::fs::read_to_string(server.dir.0.join("out.txt")).unwrap();
    assert!(log.contains(&reset), "the log names the message: {log}");
    assert!(
        !log.contains("/password-reset/"),
        "but never its link: {log}"
    );
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let mut server = start();
    let signal = format!("kill -TERM {}", server.child.id());
    assert!(
        Command::new("sh")
            .args(["-c", &signal])
            .status()
            .unwrap()
            .success()
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            assert!(status.success(), "{status}");
            break;
        }
        assert!(Instant::now() < deadline, "the server did not stop");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Signs `email` in with the demo's password; the session token.
fn demo_sign_in(server: &Server, email: &str) -> String {
    let (status, session) = send(
        "POST",
        &format!("{}/api/v1/sessions", server.base),
        None,
        Some(json!({"email": email, "password": "demo-password-2026"})),
    );
    assert_eq!(status, 201, "{email}: {session}");
    session["token"].as_str().unwrap().to_owned()
}

#[test]
fn the_demo_loads_a_living_group_once_and_says_how_to_sign_in() {
    let dir = std::env::temp_dir().join(format!(
        "collaborate-demo-{}",
        uuid::Uuid::now_v7().simple()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let mut server = start_in(TempDir(dir), &["--demo"]);
    let printed = std::fs::read_to_string(server.dir.0.join("out.txt")).unwrap();
    assert!(
        printed.contains("priya.shah@demo.example (admin)"),
        "{printed}"
    );
    assert!(printed.contains("password demo-password-2026"));

    let emails = [
        "priya.shah",
        "tom.okafor",
        "hannah.price",
        "ravi.patel",
        "grace.walker",
        "owen.hughes",
        "amira.hassan",
    ];
    let mut statuses = std::collections::BTreeSet::new();
    let mut group = String::new();
    for name in emails {
        let token = demo_sign_in(&server, &format!("{name}@demo.example"));
        let (_, me) = send(
            "GET",
            &format!("{}/api/v1/me", server.base),
            Some(&token),
            None,
        );
        group = me["memberships"][0]["group"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let (_, mine) = send(
            "GET",
            &format!("{}/api/v1/groups/{group}/requests", server.base),
            Some(&token),
            None,
        );
        for request in mine["items"].as_array().unwrap() {
            statuses.insert(request["status"].as_str().unwrap().to_owned());
        }
    }
    let every = [
        "accepted",
        "cancelled",
        "completed",
        "declined",
        "expired",
        "pending",
    ];
    assert_eq!(statuses.into_iter().collect::<Vec<_>>(), every);
    let admin = demo_sign_in(&server, "priya.shah@demo.example");
    let (_, summary) = send(
        "GET",
        &format!("{}/api/v1/groups/{group}/areas/summary", server.base),
        Some(&admin),
        None,
    );
    assert_eq!(
        summary["items"].as_array().map_or(0, Vec::len),
        6,
        "{summary}"
    );
    // The admin oversees both Peer Assists; the lesson of the one held is the group's to find.
    let (_, peer_assists) = send(
        "GET",
        &format!(
            "{}/api/v1/groups/{group}/peer-assists?all=true",
            server.base
        ),
        Some(&admin),
        None,
    );
    let mut states: Vec<&str> = peer_assists["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["status"].as_str())
        .collect();
    states.sort_unstable();
    assert_eq!(states, ["followed_up", "inviting"], "{peer_assists}");
    let member = demo_sign_in(&server, "sofia.russo@demo.example");
    let (_, lessons) = send(
        "GET",
        &format!("{}/api/v1/groups/{group}/lessons", server.base),
        Some(&member),
        None,
    );
    assert_eq!(
        lessons["items"].as_array().map_or(0, Vec::len),
        1,
        "{lessons}"
    );

    // Started again on the same database, the demo is there once.
    let _ = server.child.kill();
    let _ = server.child.wait();
    let dir = std::mem::replace(&mut server.dir, TempDir(std::path::PathBuf::new()));
    let again = start_in(dir, &["--demo"]);
    let admin = demo_sign_in(&again, "priya.shah@demo.example");
    let (_, me) = send(
        "GET",
        &format!("{}/api/v1/me", again.base),
        Some(&admin),
        None,
    );
    assert_eq!(me["memberships"].as_array().unwrap().len(), 1);
}

/// A fresh directory of its own, removed when dropped.
fn temp_dir(kind: &str) -> TempDir {
    let dir = std::env::temp_dir().join(format!(
        "collaborate-{kind}-{}",
        uuid::Uuid::now_v7().simple()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    TempDir(dir)
}

/// Every report of the demo group as its admin reads it on `server`.
fn every_report(server: &Server) -> Vec<Value> {
    let admin = demo_sign_in(server, "priya.shah@demo.example");
    let (_, me) = send(
        "GET",
        &format!("{}/api/v1/me", server.base),
        Some(&admin),
        None,
    );
    let group = me["memberships"][0]["group"]["id"].as_str().unwrap();
    [
        "overview",
        "areas",
        "aspects",
        "organisations",
        "gaps",
        "requests",
        "reciprocity",
        "feedback",
        "trends",
        "peer_assists",
        "matching",
        "thanks",
    ]
    .iter()
    .map(|report| {
        let url = format!("{}/api/v1/groups/{group}/reports/{report}", server.base);
        let (status, body) = send("GET", &url, Some(&admin), None);
        assert_eq!(status, 200, "{report}: {body}");
        body
    })
    .collect()
}

#[test]
fn a_backup_made_while_serving_restores_to_the_same_reports() {
    let server = start_in(temp_dir("backup"), &["--demo"]);
    let (backed_up, _) = beside(&server, &["backup", "copy.db"]);
    assert!(backed_up, "the backup is made while the server serves");
    let (again, _) = beside(&server, &["backup", "copy.db"]);
    assert!(!again, "a backup never overwrites a file");

    let restored = temp_dir("restored");
    std::fs::copy(
        server.dir.0.join("copy.db"),
        restored.0.join("collaborate.db"),
    )
    .unwrap();
    let restored = start_in(restored, &[]);
    let reports = every_report(&server);
    assert!(reports[0]["overview"]["members_active"].as_u64().unwrap() > 0);
    assert_eq!(every_report(&restored), reports);
}

#[test]
fn an_operator_finds_a_wrong_tally_and_a_rebuild_puts_the_reports_right() {
    let server = start_in(temp_dir("tallies"), &["--demo"]);
    let reports = every_report(&server);
    assert!(
        beside(&server, &["tallies", "--check"]).0,
        "the demo's tallies are right"
    );

    let url = format!(
        "sqlite://{}?mode=rw",
        server.dir.0.join("collaborate.db").display()
    );
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let db = sea_orm::Database::connect(&url).await.unwrap();
        let spoil = "UPDATE tallies SET n = n + 5 WHERE kind = 'member'";
        sea_orm::ConnectionTrait::execute_unprepared(&db, spoil)
            .await
            .unwrap();
    });
    assert_ne!(
        every_report(&server),
        reports,
        "the reports are summed from the tallies"
    );
    assert!(
        !beside(&server, &["tallies", "--check"]).0,
        "the check fails"
    );
    assert!(beside(&server, &["tallies", "--rebuild"]).0);
    assert!(beside(&server, &["tallies", "--check"]).0);
    assert_eq!(every_report(&server), reports);
}

#[test]
fn metrics_are_served_only_on_the_address_the_operator_gives() {
    let port = free_port();
    let metrics_bind = format!("127.0.0.1:{port}");
    let server = start_in(temp_dir("metrics"), &["--metrics-bind", &metrics_bind]);
    let (status, _) = send("GET", &format!("{}/metrics", server.base), None, None);
    assert_eq!(status, 404, "never beside the pages and the API");
    for _ in 0..3 {
        let (status, _) = send("GET", &format!("{}/api/v1/me", server.base), None, None);
        assert_eq!(status, 401);
    }
    let scrape = || {
        ureq::get(&format!("http://{metrics_bind}/metrics"))
            .call()
            .unwrap()
            .body_mut()
            .read_to_string()
            .unwrap()
    };
    // The outbox is counted at each delivery tick, the first just after the server starts.
    let mut text = scrape();
    for _ in 0..50 {
        if text.contains("collaborate_outbox_messages{") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        text = scrape();
    }
    for line in [
        "collaborate_http_requests_total{method=\"GET\",route=\"/api/v1/me\",status=\"401\"} 3",
        "collaborate_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/me\"} 3",
        "collaborate_db_connections{state=\"idle\"}",
        "collaborate_db_statement_duration_seconds_count",
        "collaborate_outbox_messages{status=\"waiting\"} 0",
        "collaborate_outbox_messages{status=\"failed\"} 0",
    ] {
        assert!(text.contains(line), "{line} in {text}");
    }
}
