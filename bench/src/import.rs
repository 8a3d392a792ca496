//! Prepares the questionnaire-import benchmark in the database given by `DATABASE_URL`: for each
//! size in `ROWS` (default `1,2500,5000,10000`), a systemic group with 50 areas of four aspects
//! and a questionnaire file of that many people, each with five strengths and five needs, written
//! to `OUT` (a folder). Prints one line per size: the rows, the group's id and the file, for
//! `bench/import.sh` to import with the real command line.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use collaborate_bench::region::create_areas;
use collaborate_bench::{Rng, uk_place};
use collaborate_core::Argon2Hasher;
use collaborate_core::Collaborate;
use collaborate_core::accounts::NewAccount;
use collaborate_core::groups::{NewGroup, SettingsChanges};
use collaborate_core::questionnaire::Questionnaire;
use collaborate_core::system::{RandomIds, SystemClock};
use collaborate_core::values::*;
use collaborate_store::SqlStore;
use std::fmt::Write as _;
use std::path::PathBuf;

const AREAS: usize = 50;
const RANKS: usize = 5;

/// The questionnaire of `rows` people: five strengths in five areas, five needs in five others.
fn questionnaire(rows: usize, rng: &mut Rng) -> String {
    let mut file = Questionnaire::template();
    for i in 0..rows {
        let (lat, lon) = uk_place(rng);
        let _ = write!(
            file,
            "person{i}@bench.example.org,Person {i},School {},Teacher,Town {},{lat:.4},{lon:.4},\
             +44 7700 900{:03},https://meet.example.org/person{i},video;email",
            i % 300,
            i % 97,
            i % 1000
        );
        for s in 0..RANKS {
            let area = (i * 5 + s * 3) % AREAS;
            let _ = write!(
                file,
                ",Area {area} > Aspect {area}.{}; Aspect {area}.{}",
                i % 4,
                (i + 1) % 4
            );
        }
        for s in 0..RANKS {
            let _ = write!(file, ",Area {}", (i * 5 + 25 + s * 3) % AREAS);
        }
        file.push_str("\r\n");
    }
    file
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL names the database to prepare");
    let out = PathBuf::from(std::env::var("OUT").expect("OUT names the folder for the files"));
    let sizes = std::env::var("ROWS").unwrap_or_else(|_| "1,2500,5000,10000".to_owned());
    let store = SqlStore::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    let app = Collaborate::new(
        store,
        Argon2Hasher::for_tests().unwrap(),
        SystemClock,
        RandomIds,
    );
    let admin = app
        .register(NewAccount {
            email: Email::parse("admin@bench.example.org").unwrap(),
            password: Password::parse("a long enough password").unwrap(),
            display_name: DisplayName::parse("Admin").unwrap(),
        })
        .await
        .unwrap()
        .made()
        .unwrap();
    let mut rng = Rng(2026);
    for rows in sizes.split(',').map(|n| n.trim().parse::<usize>().unwrap()) {
        let group = app
            .create_group(
                admin.id,
                NewGroup {
                    name: GroupName::parse(&format!("Bench {rows}")).unwrap(),
                    growth_mode: GrowthMode::Systemic,
                    areas: Vec::new(),
                    settings: SettingsChanges::default(),
                },
            )
            .await
            .unwrap()
            .group
            .id;
        create_areas(&app, admin.id, group, AREAS).await;
        let file = out.join(format!("answers-{rows}.csv"));
        std::fs::write(&file, questionnaire(rows, &mut rng)).unwrap();
        println!("{rows} {group} {}", file.display());
    }
}
