//! Data rights on every store: after a person erases their account, nothing the database holds
//! — read back row by row, and for SQLite the bytes of its file — names or reaches them, while
//! the requests they took part in, and the reports, still add up.

use crate::harness::{App, Backend, app, contract, memory, postgres_with_url, sqlite_with_url};
use crate::walk::{contributor, group, offer_in, person};
use collaborate_core::groups::{NewInvitation, ProfileChanges, SettingsChanges};
use collaborate_core::offers::{NewNeed, Topic};
use collaborate_core::ports::Store;
use collaborate_core::reports::{Report, ReportFilter, ReportName};
use collaborate_core::requests::{NewFeedback, NewRequest, Transition};
use collaborate_core::values::*;
use sea_orm::{ConnectionTrait, Database, DatabaseBackend, Statement};

/// What Erin gives the group, each found nowhere once she is erased.
const ERIN: [&str; 12] = [
    "erin.erasure@example.org",
    "Erin Erasure",
    "0113 496 0999",
    "https://meet.example.org/erin-room",
    "Deputy head of Ashgrove",
    "Twenty years teaching chemistry in Ashgrove",
    "Ashgrove Lane",
    "Struggling with marking load in Year 9",
    "Could we talk about moderating Year 9 papers?",
    "Bo saved my term with the moderation grid",
    "Worried by late-night messages from a parent",
    "Spoke to the head about it on Monday",
];

/// The group's requests and ratings, as the reports count them.
async fn tallies<S: Store>(app: &App<S>, admin: AccountId, group: GroupId) -> (u32, u32, u32) {
    let report = |name| app.report(admin, group, name, ReportFilter::default());
    let Report::Requests(flow) = report(ReportName::Requests).await.unwrap() else {
        unreachable!()
    };
    let Report::Feedback(lines) = report(ReportName::Feedback).await.unwrap() else {
        unreachable!()
    };
    let Report::Overview(overview) = report(ReportName::Overview).await.unwrap() else {
        unreachable!()
    };
    let ratings = lines.iter().flat_map(|l| l.ratings).sum();
    (flow.total, overview.completed, ratings)
}

/// Erin's life in a group: a profile, offers, a need, a request answered and rated, a request
/// received, an invitation into a second group; then she erases her account.
async fn erase_erin<S: Store>(app: &App<S>) {
    let (group, admin, areas, code) = group(app).await;
    let (bo, bo_offers) = contributor(app, group, &areas, &code, "bo@example.org", 3).await;
    let erin = person(app, ERIN[0]).await;
    app.join_by_code(erin, group, &code).await.unwrap();
    app.update_profile(
        erin,
        group,
        ProfileChanges {
            display_name: Some(DisplayName::parse(ERIN[1]).unwrap()),
            phone: Some(Some(Phone::parse(ERIN[2]).unwrap())),
            video_link: Some(Some(VideoLink::parse(ERIN[3]).unwrap())),
            job_title: Some(Some(JobTitle::parse(ERIN[4]).unwrap())),
            bio: Some(Some(Bio::parse(ERIN[5]).unwrap())),
            location: Some(Some(Location {
                label: Some(PlaceLabel::parse(ERIN[6]).unwrap()),
                position: Position {
                    lat: Latitude::new(53.8123).unwrap(),
                    lon: Longitude::new(-1.5491).unwrap(),
                },
            })),
            ..ProfileChanges::default()
        },
    )
    .await
    .unwrap();
    let erin_id = app.my_profile(erin, group).await.unwrap().member.id;
    let admin_id = app.my_profile(admin, group).await.unwrap().member.id;
    app.name_safeguarding_lead(admin, group, erin_id, true)
        .await
        .unwrap();
    let about_bo = app.my_profile(bo, group).await.unwrap().member.id;
    app.raise_concern(
        erin,
        group,
        collaborate_core::concerns::ConcernAbout::Member(about_bo),
        ConcernText::parse(ERIN[10]).unwrap(),
    )
    .await
    .unwrap();
    let from_bo = app
        .raise_concern(
            bo,
            group,
            collaborate_core::concerns::ConcernAbout::Member(admin_id),
            ConcernText::parse("Bo is worried about the admin").unwrap(),
        )
        .await
        .unwrap();
    app.act_on_concern(
        erin,
        group,
        from_bo.id,
        collaborate_core::concerns::ConcernChanges {
            note: Some(ConcernNote::parse(ERIN[11]).unwrap()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let mut erin_offers = Vec::new();
    for (area, aspect) in areas
        .iter()
        .zip(["KS3 science", "Grant bids", "Staff wellbeing"])
    {
        let mut new = offer_in(*area, aspect, 2);
        new.topic.description = Description::parse(ERIN[5]).unwrap();
        erin_offers.push(app.create_offer(erin, group, new).await.unwrap().id);
    }
    let need = app
        .create_need(
            erin,
            group,
            NewNeed {
                topic: Topic {
                    description: Description::parse(ERIN[7]).unwrap(),
                    ..offer_in(areas[0], "KS3 science", 1).topic
                },
            },
        )
        .await
        .unwrap();
    let asked = app
        .create_request(
            erin,
            group,
            NewRequest {
                offer_id: bo_offers[0],
                need_id: Some(need.id),
                message: Message::parse(ERIN[8]).unwrap(),
                mode: Mode::Email,
            },
        )
        .await
        .unwrap();
    let asked = asked.request.id;
    for (who, step) in [(bo, Transition::Accept), (erin, Transition::Complete)] {
        app.transition(who, group, asked, step).await.unwrap();
    }
    app.give_feedback(
        erin,
        group,
        asked,
        NewFeedback {
            rating: Rating::new(5).unwrap(),
            comment: Some(Comment::parse(ERIN[9]).unwrap()),
        },
    )
    .await
    .unwrap();
    let received = app
        .create_request(
            bo,
            group,
            NewRequest {
                offer_id: erin_offers[1],
                need_id: None,
                message: Message::parse("Bo asks about grant bids").unwrap(),
                mode: Mode::Email,
            },
        )
        .await
        .unwrap()
        .request
        .id;
    let other = app
        .create_group(
            admin,
            collaborate_core::groups::NewGroup {
                name: GroupName::parse("Bradford schools").unwrap(),
                growth_mode: GrowthMode::Systemic,
                areas: Vec::new(),
                settings: SettingsChanges::default(),
            },
        )
        .await
        .unwrap()
        .group
        .id;
    app.invite(
        admin,
        other,
        NewInvitation {
            email: Email::parse(&ERIN[0].to_uppercase()).unwrap(),
            role: None,
        },
    )
    .await
    .unwrap();
    let welsh = Language::parse("cy").unwrap();
    app.set_language(erin, Some(welsh.clone())).await.unwrap();
    assert_eq!(app.language_of(erin).await.unwrap(), Some(welsh.clone()));
    let exported = app.export_my_data(erin).await.unwrap();
    assert_eq!(
        exported.account.language,
        Some(welsh),
        "the language she chose"
    );
    assert_eq!(exported.memberships.len(), 1);
    assert_eq!(exported.memberships[0].requests.len(), 2);
    assert_eq!(exported.memberships[0].reveals.len(), 2, "Bo twice");
    assert_eq!(exported.invitations.len(), 1, "whatever the address's case");
    let before = tallies(app, admin, group).await;

    let wrong = Password::parse("not the password at all").unwrap();
    assert!(matches!(
        app.erase_account(erin, &wrong).await,
        Err(collaborate_core::Error::Invalid(e)) if e.field() == "password"
    ));
    let password = Password::parse("a long enough password").unwrap();
    app.erase_account(erin, &password).await.unwrap();
    assert_eq!(
        app.language_of(erin).await.unwrap(),
        None,
        "erased with the rest"
    );

    assert_eq!(
        tallies(app, admin, group).await,
        before,
        "reports still add up"
    );
    assert!(
        app.log_in(ERIN[0], "a long enough password").await.is_err(),
        "nobody signs in as her"
    );
    let seen_by_bo = app.request(bo, group, asked).await.unwrap();
    assert_eq!(seen_by_bo.request.status, RequestStatus::Completed);
    assert_eq!(
        seen_by_bo.request.feedback.map(|f| f.rating.get()),
        Some(5),
        "the rating stays"
    );
    assert_eq!(
        app.request(bo, group, received)
            .await
            .unwrap()
            .request
            .status,
        RequestStatus::Declined,
        "what was open is closed: a pending request to her is declined"
    );
}

async fn erin_erased<S: Store>(store: S) {
    let (app, _) = app(store);
    erase_erin(&app).await;
    person(&app, ERIN[0]).await;
}

contract!(
    /// An erasure removes the person and keeps the facts others rely on, on every store.
    an_erased_person_is_gone_and_the_facts_stay => erin_erased
);

/// Every row of every table, as text.
async fn dump(url: &str) -> String {
    let db = Database::connect(url).await.unwrap();
    let backend = db.get_database_backend();
    let statement = |sql: String| Statement::from_string(backend, sql);
    let tables_sql = match backend {
        DatabaseBackend::Postgres => {
            "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'"
        }
        _ => "SELECT name FROM sqlite_master WHERE type = 'table'",
    };
    let mut text = String::new();
    for table in db
        .query_all_raw(statement(tables_sql.into()))
        .await
        .unwrap()
    {
        let name: String = table.try_get("", "name").unwrap();
        let rows_sql = match backend {
            DatabaseBackend::Postgres => {
                format!("SELECT row_to_json(t)::text AS row FROM \"{name}\" t")
            }
            _ => {
                let columns = db
                    .query_all_raw(statement(format!(
                        "SELECT name FROM pragma_table_info('{name}')"
                    )))
                    .await
                    .unwrap()
                    .iter()
                    .map(|c| format!("quote(\"{}\")", c.try_get::<String>("", "name").unwrap()))
                    .collect::<Vec<_>>()
                    .join(" || ',' || ");
                format!("SELECT {columns} AS row FROM \"{name}\"")
            }
        };
        for row in db.query_all_raw(statement(rows_sql)).await.unwrap() {
            text.push_str(&row.try_get::<String>("", "row").unwrap());
            text.push('\n');
        }
    }
    db.close().await.unwrap();
    text
}

fn traces_of_erin(text: &str) -> Vec<&'static str> {
    let text = text.to_lowercase();
    ERIN.iter()
        .chain(&["53.8123"])
        .filter(|s| text.contains(&s.to_lowercase()))
        .copied()
        .collect()
}

/// Erin's whole story, then the store as text: what a person with the database could read.
#[rstest::rstest]
#[case::memory(Backend::Memory)]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_an_erasure_the_database_holds_nothing_of_the_person(#[case] backend: Backend) {
    let contents = match backend {
        Backend::Memory => {
            let store = memory();
            erase_erin(&app(store.clone()).0).await;
            format!("{:?}", store.snapshot().await)
        }
        Backend::Sqlite => {
            let (store, url) = sqlite_with_url().await;
            // The store stays open: closing its last connection would write the log back anyway.
            let (open, _) = app(store);
            erase_erin(&open).await;
            let files = sqlite_files(&url);
            let rows = dump(&url).await;
            format!("{rows}\n{files}")
        }
        Backend::Postgres => {
            let Some((store, url)) = postgres_with_url().await else {
                return;
            };
            erase_erin(&app(store).0).await;
            dump(&url).await
        }
    };
    assert!(
        contents.contains("Bo asks about grant bids"),
        "the dump reads the stored texts"
    );
    assert_eq!(traces_of_erin(&contents), Vec::<&str>::new());
}

/// The bytes of a SQLite database and of its write-ahead log, as the store left them: deleted
/// and overwritten rows included, unless the store cleared them.
fn sqlite_files(url: &str) -> String {
    let path = url
        .trim_start_matches("sqlite://")
        .split('?')
        .next()
        .unwrap();
    let mut bytes = std::fs::read(path).unwrap();
    bytes.extend(std::fs::read(format!("{path}-wal")).unwrap_or_default());
    String::from_utf8_lossy(&bytes).into_owned()
}
