//! Embeds the Collaborate core with its in-memory store and walks a group from creation to a
//! completed request with feedback, printing what happens.
//!
//! Run with `cargo run --example embed`.

use collaborate_core::accounts::NewAccount;
use collaborate_core::groups::{NewGroup, ProfileChanges, SettingsChanges};
use collaborate_core::memory::MemoryStore;
use collaborate_core::offers::{NewOffer, Topic};
use collaborate_core::ports::Ports;
use collaborate_core::requests::{NewFeedback, NewRequest, Transition};
use collaborate_core::search::SearchQuery;
use collaborate_core::system::{RandomIds, SystemClock};
use collaborate_core::taxonomy::NewArea;
use collaborate_core::values::*;
use collaborate_core::{Argon2Hasher, Collaborate, Error};

type App = Collaborate<Ports<MemoryStore, Argon2Hasher, SystemClock, RandomIds>>;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let app = Collaborate::new(
        MemoryStore::new(),
        Argon2Hasher::recommended()?,
        SystemClock,
        RandomIds,
    );
    pollster::block_on(walk(&app))
}

async fn walk(app: &App) -> Result<(), Box<dyn std::error::Error>> {
    let ada = person(app, "ada@example.org", "Ada Lovelace").await?;
    let created = app
        .create_group(
            ada,
            NewGroup {
                name: GroupName::parse("West Yorkshire schools")?,
                growth_mode: GrowthMode::Organic,
                areas: Vec::new(),
                settings: SettingsChanges::default(),
            },
        )
        .await?;
    let group = created.group.id;
    let code = created
        .group
        .settings
        .join_code
        .ok_or("an organic group has a join code")?;
    println!(
        "Ada created \"{}\"; others join with code {}",
        created.group.name,
        code.as_str()
    );

    let mut areas = Vec::new();
    for (name, aspect) in [
        ("Curriculum design", "KS3 science"),
        ("Budget planning", "Grant bids"),
        ("Wellbeing", "Staff wellbeing"),
    ] {
        let area = app
            .create_area(
                ada,
                group,
                NewArea {
                    name: Name::parse(name)?,
                    description: None,
                    aspects: Aspects::parse(&[aspect])?,
                },
            )
            .await?;
        println!("  area \"{}\" with aspect \"{aspect}\"", area.name);
        areas.push((area.id, aspect));
    }

    let bo = person(app, "bo@example.org", "Bo Okafor").await?;
    app.join_by_code(bo, group, &code).await?;
    let leeds = Location {
        label: Some(PlaceLabel::parse("Leeds")?),
        position: Position {
            lat: Latitude::new(53.8008)?,
            lon: Longitude::new(-1.5491)?,
        },
    };
    app.update_profile(
        bo,
        group,
        ProfileChanges {
            location: Some(Some(leeds)),
            ..Default::default()
        },
    )
    .await?;
    println!("Bo joined with the code");

    let query = SearchQuery {
        area_id: areas[1].0,
        aspect: Some(Aspect::parse("grant bids")?),
        modes: Modes::parse(&["video"])?,
        near: None,
        radius: None,
        limit: Limit::default(),
    };
    match app.search(bo, group, query.clone()).await {
        Err(Error::ReciprocityRequired { offers_needed }) => {
            println!(
                "Bo searched too early: {offers_needed} offers needed first (to seek, you must offer)"
            );
        }
        other => return Err(format!("expected reciprocity to be required, got {other:?}").into()),
    }

    for (who, name) in [(ada, "Ada"), (bo, "Bo")] {
        for (area_id, aspect) in &areas {
            app.create_offer(
                who,
                group,
                NewOffer {
                    topic: Topic {
                        area_id: *area_id,
                        aspects: Aspects::parse(&[*aspect])?,
                        description: Description::parse("Happy to share what worked for us")?,
                        modes: Modes::parse(&["video", "email"])?,
                        rank: None,
                    },
                    capacity: None,
                    travel_radius: None,
                },
            )
            .await?;
        }
        let profile = app.my_profile(who, group).await?;
        println!(
            "{name} offered help in {} areas: contributor = {}",
            profile.standing.qualifying_areas,
            profile.standing.is_contributor()
        );
    }

    let hits = app.search(bo, group, query).await?;
    for hit in &hits {
        let parts: Vec<_> = hit
            .score
            .parts
            .iter()
            .map(|p| format!("{} {}", p.factor.as_str(), p.points))
            .collect();
        println!(
            "Bo found {} (score {}: {})",
            hit.peer.display_name,
            hit.score.total,
            parts.join(", ")
        );
    }
    let offer_id = hits.first().ok_or("Bo should find Ada")?.offer_id;

    let sent = app
        .create_request(
            bo,
            group,
            NewRequest {
                offer_id,
                need_id: None,
                message: Message::parse("Could you look over our bid before Friday?")?,
                mode: Mode::Video,
            },
        )
        .await?;
    let contact = sent
        .counterpart
        .contact
        .email
        .map(String::from)
        .unwrap_or_default();
    println!(
        "Bo sent a request and may now write to {} at {contact}",
        sent.counterpart.display_name
    );

    let request = sent.request.id;
    let accepted = app
        .transition(ada, group, request, Transition::Accept)
        .await?;
    println!("Ada: {}", accepted.status);
    let completed = app
        .transition(bo, group, request, Transition::Complete)
        .await?;
    println!("Bo: {}", completed.status);
    let rated = app
        .give_feedback(
            bo,
            group,
            request,
            NewFeedback {
                rating: Rating::new(5)?,
                comment: Some(Comment::parse("Exactly what we needed")?),
            },
        )
        .await?;
    println!(
        "Bo rated the help {} out of 5",
        rated.feedback.map_or(0, |f| f.rating.get())
    );
    Ok(())
}

async fn person(app: &App, email: &str, name: &str) -> Result<AccountId, Error> {
    let account = app
        .register(NewAccount {
            email: Email::parse(email)?,
            password: Password::parse("correct horse battery staple")?,
            display_name: DisplayName::parse(name)?,
        })
        .await?
        .made()?;
    Ok(account.id)
}
