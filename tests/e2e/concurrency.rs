//! Under load: many writers at once on the embedded SQLite file, and two server processes over one
//! PostgreSQL database sharing sessions, capacity and the outbox.

use super::{Server, demo_sign_in, send, start_in, temp_dir};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

/// The demo's members who offer enough to ask for help, Owen last.
pub(super) const CONTRIBUTORS: [&str; 8] = [
    "priya.shah",
    "tom.okafor",
    "hannah.price",
    "ravi.patel",
    "grace.walker",
    "amira.hassan",
    "ben.adeyemi",
    "owen.hughes",
];

/// The id of the first group `token`'s member belongs to.
pub(super) fn group_of(server: &Server, token: &str) -> String {
    let (_, me) = send(
        "GET",
        &format!("{}/api/v1/me", server.base),
        Some(token),
        None,
    );
    me["memberships"][0]["group"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The group's areas as `(id, name, first aspect)`, in the order the group lists them.
pub(super) fn areas(group: &str, server: &Server, token: &str) -> Vec<(String, String, String)> {
    let url = format!("{}/api/v1/groups/{group}/areas", server.base);
    let (status, list) = send("GET", &url, Some(token), None);
    assert_eq!(status, 200, "{list}");
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|area| {
            (
                area["id"].as_str().unwrap().to_owned(),
                area["name"].as_str().unwrap().to_owned(),
                area["aspects"][0].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn descriptions(list: &Value) -> BTreeSet<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["description"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn sixty_four_writers_at_once_on_sqlite_each_land_without_a_lock_error() {
    const WRITERS: usize = 64;
    let server = start_in(temp_dir("writers"), &["--demo"]);
    let members = &CONTRIBUTORS;
    let tokens: Vec<String> = members
        .iter()
        .map(|m| demo_sign_in(&server, &format!("{m}@demo.example")))
        .collect();
    let group = group_of(&server, &tokens[0]);
    let areas = areas(&group, &server, &tokens[0]);
    let g = format!("{}/api/v1/groups/{group}", server.base);

    // Each writer raises two needs and rewords its first: three writes, all at once.
    let started = Instant::now();
    std::thread::scope(|scope| {
        let writers: Vec<_> = (0..WRITERS)
            .map(|writer| {
                let token = tokens[writer % tokens.len()].as_str();
                let (area, _, _) = &areas[writer % areas.len()];
                let g = &g;
                scope.spawn(move || {
                    let mut raised = Vec::new();
                    for n in 0..2 {
                        let (status, need) = send(
                            "POST",
                            &format!("{g}/needs"),
                            Some(token),
                            Some(json!({"area_id": area, "description": format!("Writer {writer}, need {n}")})),
                        );
                        assert_eq!(status, 201, "writer {writer}: {need}");
                        raised.push(need["id"].as_str().unwrap().to_owned());
                    }
                    let (status, changed) = send(
                        "PATCH",
                        &format!("{g}/needs/{}", raised[0]),
                        Some(token),
                        Some(json!({"description": format!("Writer {writer}, reworded")})),
                    );
                    assert_eq!(status, 200, "writer {writer}: {changed}");
                })
            })
            .collect();
        for writer in writers {
            writer.join().unwrap();
        }
    });
    let elapsed = started.elapsed();
    eprintln!(
        "{WRITERS} writers on SQLite: {} writes in {elapsed:.2?}, {:.0} writes/s",
        WRITERS * 3,
        (WRITERS * 3) as f64 / elapsed.as_secs_f64()
    );

    for (index, token) in tokens.iter().enumerate() {
        let (_, needs) = send("GET", &format!("{g}/needs"), Some(token), None);
        let listed = descriptions(&needs);
        for writer in (index..WRITERS).step_by(tokens.len()) {
            for written in [
                format!("Writer {writer}, reworded"),
                format!("Writer {writer}, need 1"),
            ] {
                assert!(listed.contains(&written), "{written} in {listed:?}");
            }
            assert!(!listed.contains(&format!("Writer {writer}, need 0")));
        }
    }
    let log = std::fs::read_to_string(server.dir.0.join("out.txt")).unwrap();
    assert!(!log.contains("database is locked"), "{log}");
}

/// A fresh database on the PostgreSQL server the tests are given; none (the test skipped) when
/// none is given outside CI.
pub(super) fn postgres_database() -> Option<String> {
    let Some(server) = std::env::var("COLLABORATE_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        assert!(
            std::env::var_os("CI").is_none(),
            "COLLABORATE_TEST_POSTGRES_URL must be set in CI: the PostgreSQL cases must run there"
        );
        eprintln!("skipped: set COLLABORATE_TEST_POSTGRES_URL to run the PostgreSQL cases");
        return None;
    };
    let name = format!("collaborate_test_{}", uuid::Uuid::now_v7().simple());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let admin = sea_orm::Database::connect(&server).await.unwrap();
        sea_orm::ConnectionTrait::execute_unprepared(&admin, &format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
        admin.close().await.unwrap();
    });
    let (base, _) = server.rsplit_once('/').unwrap();
    Some(format!("{base}/{name}"))
}

#[test]
fn two_processes_over_one_postgres_share_sessions_capacity_and_the_outbox() {
    let Some(url) = postgres_database() else {
        return;
    };
    // Without a mail server each process logs the emails it delivers, so the logs show who
    // delivered what.
    let shared = ["--database-url", url.as_str()];
    let first = start_in(temp_dir("first"), &[&shared[..], &["--demo"]].concat());
    let second = start_in(temp_dir("second"), &shared);
    let servers = [&first, &second];

    // A session made on one process works on the other, and signing out on one ends it on both.
    let tom = demo_sign_in(&first, "tom.okafor@demo.example");
    let me = |server: &Server| {
        send(
            "GET",
            &format!("{}/api/v1/me", server.base),
            Some(&tom),
            None,
        )
        .0
    };
    assert_eq!((me(&first), me(&second)), (200, 200));
    let sign_out = format!("{}/api/v1/sessions/current", second.base);
    assert_eq!(send("DELETE", &sign_out, Some(&tom), None).0, 204);
    assert_eq!((me(&first), me(&second)), (401, 401));

    // Failed sign-ins are counted in the database: ten to one account, spread over both
    // processes, and the eleventh is refused by either.
    let wrong = json!({"email": "daniel.kerr@demo.example", "password": "not his password"});
    for n in 0..10 {
        let server = servers[n % 2];
        let url = format!("{}/api/v1/sessions", server.base);
        assert_eq!(
            send("POST", &url, None, Some(wrong.clone())).0,
            401,
            "attempt {n}"
        );
    }
    for server in servers {
        let url = format!("{}/api/v1/sessions", server.base);
        assert_eq!(send("POST", &url, None, Some(wrong.clone())).0, 429);
    }

    // Seven seekers race for the one place of a new offer, half on each process.
    let owen = demo_sign_in(&second, "owen.hughes@demo.example");
    let group = group_of(&first, &owen);
    let (area, name, aspect) = areas(&group, &first, &owen).swap_remove(2);
    let (status, offer) = send(
        "POST",
        &format!("{}/api/v1/groups/{group}/offers", first.base),
        Some(&owen),
        Some(
            json!({"area_id": area, "aspects": [aspect], "description": "One conversation, by email",
            "modes": ["email"], "capacity": 1}),
        ),
    );
    assert_eq!(status, 201, "{offer}");
    let offer = offer["id"].as_str().unwrap();
    let seekers: Vec<(&Server, String)> = CONTRIBUTORS[..7]
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let server = servers[i % 2];
            (server, demo_sign_in(server, &format!("{m}@demo.example")))
        })
        .collect();
    let answers: Vec<(u16, Value)> = std::thread::scope(|scope| {
        let asks: Vec<_> = seekers
            .iter()
            .map(|(server, token)| {
                let group = &group;
                scope.spawn(move || {
                    send(
                        "POST",
                        &format!("{}/api/v1/groups/{group}/requests", server.base),
                        Some(token),
                        Some(json!({"offer_id": offer, "message": "Could we talk it through?", "mode": "email"})),
                    )
                })
            })
            .collect();
        asks.into_iter().map(|a| a.join().unwrap()).collect()
    });
    let made = answers.iter().filter(|(status, _)| *status == 201).count();
    assert_eq!(made, 1, "exactly one seeker gets the place: {answers:?}");
    for (status, body) in answers.iter().filter(|(status, _)| *status != 201) {
        assert_eq!(
            (*status, body["reason"].as_str()),
            (409, Some("at_capacity")),
            "{body}"
        );
    }

    // The helper hears once, though both processes deliver the outbox.
    let delivered = || -> Vec<String> {
        servers
            .iter()
            .flat_map(|server| {
                std::fs::read_to_string(server.dir.0.join("out.txt"))
                    .unwrap()
                    .lines()
                    .filter(|line| line.contains("an email was written"))
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let asked = format!("asks for your help with {name}");
    let to_owen =
        |line: &&String| line.contains("owen.hughes@demo.example") && line.contains(&asked);
    let deadline = Instant::now() + Duration::from_secs(30);
    while !delivered().iter().any(|line| to_owen(&line)) {
        assert!(Instant::now() < deadline, "Owen was never emailed");
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_secs(3));
    let delivered = delivered();
    assert_eq!(
        delivered.iter().filter(to_owen).count(),
        1,
        "{delivered:#?}"
    );
    let ids: Vec<&str> = delivered
        .iter()
        .filter_map(|line| line.split("outbox --show ").nth(1)?.split('`').next())
        .collect();
    let distinct: BTreeSet<&&str> = ids.iter().collect();
    assert_eq!(
        distinct.len(),
        ids.len(),
        "each email goes once: {delivered:#?}"
    );
    assert!(!ids.is_empty(), "{delivered:#?}");
}
