//! Crashes lose nothing: the server killed outright (SIGKILL) in the middle of a questionnaire
//! import and of a burst of writes, on SQLite and on PostgreSQL, comes back with no import half
//! written, no offer over capacity, every acknowledged change there, every contact reveal
//! audited and every email on its way.

use super::concurrency::{CONTRIBUTORS, areas, group_of, postgres_database};
use super::{TempDir, beside, demo_sign_in, send, start_in, temp_dir, try_send};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Rows in the questionnaire imported while the server is killed: enough that the import is
/// still being written when the kill comes.
const ROWS: usize = 3_000;

/// How long after the import and the burst begin the server is killed.
const KILL_AFTER: Duration = Duration::from_millis(700);

/// The one place of the offer the burst races for.
const CAPACITY: u64 = 1;

#[test]
fn killed_mid_import_and_mid_burst_on_sqlite_it_comes_back_whole() {
    comes_back_whole(temp_dir("crash"), &[]);
}

#[test]
fn killed_mid_import_and_mid_burst_on_postgres_it_comes_back_whole() {
    let Some(url) = postgres_database() else {
        return;
    };
    comes_back_whole(temp_dir("crash-postgres"), &["--database-url", &url]);
}

/// Every item of a list, page after page.
fn every_item(url: &str, token: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let sep = if url.contains('?') { '&' } else { '?' };
        let page = match &cursor {
            Some(c) => format!("{url}{sep}limit=500&cursor={c}"),
            None => format!("{url}{sep}limit=500"),
        };
        let (status, list) = send("GET", &page, Some(token), None);
        assert_eq!(status, 200, "{page}: {list}");
        items.extend(list["items"].as_array().unwrap().iter().cloned());
        match list["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return items,
        }
    }
}

/// A questionnaire of `ROWS` new members, each offering in the group's first two areas.
fn questionnaire(areas: &[(String, String, String)]) -> String {
    let strength = |(_, name, aspect): &(String, String, String)| format!("\"{name} > {aspect}\"");
    let mut csv = String::from("email,display_name,strength_1,strength_2\r\n");
    for row in 0..ROWS {
        csv.push_str(&format!(
            "crash.{row}@example.org,Imported {row},{},{}\r\n",
            strength(&areas[0]),
            strength(&areas[1])
        ));
    }
    csv
}

/// Posts `csv` as an import; its status, or none when the server died first.
fn import(url: &str, token: &str, csv: &str) -> Option<u16> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    agent
        .post(url)
        .header("Authorization", format!("Bearer {token}"))
        .header("Content-Type", "text/csv")
        .send(csv)
        .ok()
        .map(|r| r.status().as_u16())
}

/// What the server acknowledged before it died.
#[derive(Default)]
struct Acknowledged {
    needs: BTreeSet<String>,
    requests: BTreeSet<String>,
}

fn comes_back_whole(dir: TempDir, database: &[&str]) {
    let server = start_in(dir, &[database, &["--demo"]].concat());
    let admin = demo_sign_in(&server, "priya.shah@demo.example");
    let group = group_of(&server, &admin);
    let g = format!("{}/api/v1/groups/{group}", server.base);
    let areas = areas(&group, &server, &admin);
    let members_before = every_item(&format!("{g}/members"), &admin).len();
    let tokens: Vec<String> = CONTRIBUTORS
        .iter()
        .map(|m| demo_sign_in(&server, &format!("{m}@demo.example")))
        .collect();
    let (owen, seekers) = tokens.split_last().unwrap();
    let (area, _, aspect) = &areas[2];
    let (status, offer) = send(
        "POST",
        &format!("{g}/offers"),
        Some(owen),
        Some(
            json!({"area_id": area, "aspects": [aspect], "description": "One conversation, by email",
            "modes": ["email"], "capacity": CAPACITY}),
        ),
    );
    assert_eq!(status, 201, "{offer}");
    let offer = offer["id"].as_str().unwrap().to_owned();
    let csv = questionnaire(&areas);

    // The import, the seekers racing for the offer and needs raised without pause, all at once.
    let acknowledged = Mutex::new(Acknowledged::default());
    let imported = Mutex::new(None);
    let dead = AtomicBool::new(false);
    let started = Instant::now();
    let dir = std::thread::scope(|scope| {
        scope.spawn(|| {
            let url = format!("{g}/imports?dry_run=false");
            *imported.lock().unwrap() = Some(import(&url, &admin, &csv));
        });
        for (index, token) in seekers.iter().enumerate() {
            let (g, offer, acknowledged, dead, areas) = (&g, &offer, &acknowledged, &dead, &areas);
            scope.spawn(move || {
                let sent = try_send(
                    "POST",
                    &format!("{g}/requests"),
                    Some(token),
                    Some(json!({"offer_id": offer, "message": "Could we talk?", "mode": "email"})),
                );
                if let Some((201, sent)) = sent {
                    let id = sent["request"]["id"].as_str().unwrap().to_owned();
                    acknowledged.lock().unwrap().requests.insert(id);
                }
                let (area, _, _) = &areas[index % areas.len()];
                for n in 0.. {
                    if dead.load(Ordering::Relaxed) {
                        break;
                    }
                    let raised = try_send(
                        "POST",
                        &format!("{g}/needs"),
                        Some(token),
                        Some(json!({"area_id": area, "description": format!("Seeker {index}, need {n}")})),
                    );
                    let Some((201, need)) = raised else {
                        break;
                    };
                    let id = need["id"].as_str().unwrap().to_owned();
                    acknowledged.lock().unwrap().needs.insert(id);
                }
            });
        }
        std::thread::sleep(KILL_AFTER.saturating_sub(started.elapsed()));
        let dir = server.crash();
        dead.store(true, Ordering::Relaxed);
        dir
    });
    let acknowledged = acknowledged.into_inner().unwrap();
    let imported = imported.into_inner().unwrap().flatten();
    eprintln!(
        "killed after {KILL_AFTER:?}: import {}, {} needs and {} requests acknowledged",
        imported.map_or("in flight".to_owned(), |s| format!("answered {s}")),
        acknowledged.needs.len(),
        acknowledged.requests.len()
    );

    // Sessions are kept in the database: everyone is still signed in after the restart.
    let server = start_in(dir, database);
    let g = format!("{}/api/v1/groups/{group}", server.base);

    // The import is there whole or not at all.
    let members = every_item(&format!("{g}/members"), &admin).len();
    match imported {
        Some(status) if status < 300 => assert_eq!(members, members_before + ROWS),
        _ => assert!(
            members == members_before || members == members_before + ROWS,
            "{members} members: neither the {members_before} before nor all {ROWS} imported"
        ),
    }

    // Every need acknowledged is there.
    let mut raised = BTreeSet::new();
    for token in &tokens {
        for need in every_item(&format!("{g}/needs"), token) {
            raised.insert(need["id"].as_str().unwrap().to_owned());
        }
    }
    let lost: Vec<_> = acknowledged.needs.difference(&raised).collect();
    assert!(lost.is_empty(), "acknowledged needs lost: {lost:?}");

    // The offer holds no more than its capacity, and every request acknowledged is there.
    let asked: BTreeMap<String, String> = every_item(&format!("{g}/requests?role=helper"), owen)
        .into_iter()
        .filter(|r| r["offer_id"] == json!(offer))
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_owned(),
                r["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let open = asked
        .values()
        .filter(|s| matches!(s.as_str(), "pending" | "accepted"))
        .count();
    assert!(open as u64 <= CAPACITY, "{asked:?}");
    for id in &acknowledged.requests {
        assert!(asked.contains_key(id), "acknowledged request {id} lost");
    }

    // Each request, acknowledged or not, revealed both sides' details and audited both.
    let reveals = every_item(&format!("{g}/audit?action=contacts_revealed"), &admin);
    for id in asked.keys() {
        let audited = reveals
            .iter()
            .filter(|e| e["details"]["request_id"] == json!(id))
            .count();
        assert_eq!(audited, 2, "request {id}: {audited} reveals audited");
    }

    // The outbox drains: what was written before the kill is delivered after it.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (ok, waiting) = beside(
            &server,
            &[&["outbox", "--status", "waiting"], database].concat(),
        );
        assert!(ok, "{waiting}");
        if waiting.contains("(no messages)") {
            break;
        }
        assert!(Instant::now() < deadline, "still waiting:\n{waiting}");
        std::thread::sleep(Duration::from_millis(250));
    }
}
