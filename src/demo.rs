//! A living first run: `serve --demo` loads a realistic group into the database — a region's
//! schools, their areas of support, members with places, offers, needs and requests in every
//! state, two Peer Assists — through the same use cases people use, and prints how to sign
//! in. Loading twice loads nothing more.

use collaborate_core::accounts::NewAccount;
use collaborate_core::groups::{NewGroup, ProfileChanges, SettingsChanges};
use collaborate_core::offers::{NewNeed, NewOffer, Topic};
use collaborate_core::peer_assists::{Brief, Meeting, NewLesson, NewPeerAssist};
use collaborate_core::ports::Environment;
use collaborate_core::requests::{NewFeedback, NewRequest, Transition};
use collaborate_core::taxonomy::NewArea;
use collaborate_core::values::{
    AccountId, ActionText, ActionsTaken, AreaId, Aspects, Background, Comment, Description,
    DesiredOutcomes, DisplayName, Email, GroupId, GroupName, GrowthMode, Insights, JobTitle,
    Latitude, LessonSummary, Location, Longitude, MeetingFormat, MeetingMinutes, Message, Mode,
    Modes, Name, OfferId, OrganisationId, Password, Phase, PhaseNotes, PlaceLabel, Position,
    Purpose, Rank, Rating, Title,
};
use collaborate_core::{Collaborate, ConflictReason, Error};
use std::collections::BTreeSet;
use time::{Duration, OffsetDateTime};

/// The password of every demo account: the demo is for trying the product, never for real data.
pub const PASSWORD: &str = "demo-password-2026";

const GROUP: &str = "Yorkshire Schools Partnership";

const SCHOOLS: [&str; 6] = [
    "Leeds Park Academy",
    "York Minster Primary",
    "Bradford Hills High",
    "Harrogate Valley School",
    "Wakefield Green Primary",
    "Huddersfield Moor Academy",
];

/// Areas and their aspects.
const AREAS: [(&str, [&str; 3]); 6] = [
    (
        "Curriculum design",
        ["KS3 science", "Reading for pleasure", "Assessment"],
    ),
    (
        "School business",
        ["Budget planning", "Grant bids", "Procurement"],
    ),
    (
        "Staff wellbeing",
        ["Workload", "Mentoring new staff", "Mental health first aid"],
    ),
    (
        "SEND and inclusion",
        ["EHCP reviews", "Autism-friendly classrooms", "Attendance"],
    ),
    (
        "Leadership",
        ["Governance", "Leading change", "Inspection readiness"],
    ),
    (
        "Digital learning",
        ["Online safety", "Remote teaching", "Data dashboards"],
    ),
];

/// A demo person: name, email, school, job title, place and position, offers and needs (area,
/// aspect), and the ways they help.
struct Person {
    name: &'static str,
    email: &'static str,
    school: usize,
    job: &'static str,
    place: (&'static str, f64, f64),
    offers: &'static [(usize, usize)],
    needs: &'static [(usize, usize)],
    modes: &'static [Mode],
}

const PEOPLE: &[Person] = &[
    Person {
        name: "Priya Shah",
        email: "priya.shah@demo.example",
        school: 0,
        job: "Headteacher",
        place: ("Leeds", 53.8008, -1.5491),
        offers: &[(4, 1), (1, 1), (2, 2)],
        needs: &[(5, 2)],
        modes: &[Mode::Video, Mode::InPerson],
    },
    Person {
        name: "Tom Okafor",
        email: "tom.okafor@demo.example",
        school: 1,
        job: "Science lead",
        place: ("York", 53.9600, -1.0873),
        offers: &[(0, 0), (5, 1), (3, 1)],
        needs: &[(1, 1), (3, 0)],
        modes: &[Mode::Email, Mode::Video],
    },
    Person {
        name: "Hannah Price",
        email: "hannah.price@demo.example",
        school: 2,
        job: "School business manager",
        place: ("Bradford", 53.7960, -1.7594),
        offers: &[(1, 0), (1, 1), (2, 0), (4, 2)],
        needs: &[(2, 0)],
        modes: &[Mode::Phone, Mode::Email],
    },
    Person {
        name: "Ravi Patel",
        email: "ravi.patel@demo.example",
        school: 3,
        job: "SENCo",
        place: ("Harrogate", 53.9921, -1.5418),
        offers: &[(3, 0), (3, 1), (2, 1), (4, 1)],
        needs: &[(5, 0)],
        modes: &[Mode::InPerson, Mode::Video],
    },
    Person {
        name: "Grace Walker",
        email: "grace.walker@demo.example",
        school: 4,
        job: "Deputy head",
        place: ("Wakefield", 53.6833, -1.4977),
        offers: &[(2, 0), (2, 2), (4, 2), (3, 2)],
        needs: &[(0, 1)],
        modes: &[Mode::Phone, Mode::InPerson],
    },
    Person {
        name: "Owen Hughes",
        email: "owen.hughes@demo.example",
        school: 5,
        job: "Digital lead",
        place: ("Huddersfield", 53.6458, -1.7850),
        offers: &[(5, 0), (5, 1), (0, 2), (1, 2)],
        needs: &[(4, 1)],
        modes: &[Mode::Email, Mode::Video],
    },
    Person {
        name: "Amira Hassan",
        email: "amira.hassan@demo.example",
        school: 0,
        job: "English teacher",
        place: ("Leeds", 53.8150, -1.5300),
        offers: &[(0, 1), (2, 1), (3, 2)],
        needs: &[(0, 2)],
        modes: &[Mode::Email, Mode::InPerson],
    },
    Person {
        name: "Daniel Kerr",
        email: "daniel.kerr@demo.example",
        school: 2,
        job: "Business manager",
        place: ("Shipley", 53.8330, -1.7700),
        offers: &[(1, 2), (1, 0), (4, 0)],
        needs: &[(2, 2)],
        modes: &[Mode::Phone],
    },
    Person {
        name: "Sofia Russo",
        email: "sofia.russo@demo.example",
        school: 1,
        job: "Early career teacher",
        place: ("York", 53.9500, -1.0700),
        offers: &[(5, 0)],
        needs: &[(2, 1), (0, 0)],
        modes: &[Mode::Video],
    },
    Person {
        name: "Ben Adeyemi",
        email: "ben.adeyemi@demo.example",
        school: 4,
        job: "Attendance officer",
        place: ("Chapel Allerton", 53.8300, -1.5400),
        offers: &[(3, 2), (2, 0), (4, 1)],
        needs: &[(5, 1)],
        modes: &[Mode::Phone, Mode::Email],
    },
];

/// Loads the demo group unless it is there already, and prints how to sign in.
///
/// # Errors
/// What a use case answers, but for the demo being loaded already.
pub async fn load<E: Environment, P: Environment>(
    app: &Collaborate<E>,
    past: &Collaborate<P>,
) -> Result<(), Box<dyn std::error::Error>> {
    let admin = &PEOPLE[0];
    match app.register(account(admin)?).await {
        Ok(_) => populate(app, past).await?,
        Err(Error::Conflict {
            reason: ConflictReason::Duplicate,
            ..
        }) => tracing::info!("the demo group is loaded already"),
        Err(other) => return Err(other.into()),
    }
    let (_, signed) = app.log_in(admin.email, PASSWORD).await?;
    let code = app
        .my_groups(signed.id)
        .await?
        .into_iter()
        .find_map(|m| m.group.settings.join_code)
        .map(|c| c.as_str().to_owned())
        .unwrap_or_default();
    println!(
        "The demo group \"{GROUP}\" is ready. Sign in with any of these, password {PASSWORD}:"
    );
    println!("  {} (admin)", PEOPLE[0].email);
    println!(
        "  {} (a member who offers and asks for help)",
        PEOPLE[1].email
    );
    println!("  {} (a member just starting: one offer)", PEOPLE[8].email);
    println!("Or create an account and join with the group's code {code}.");
    Ok(())
}

fn account(person: &Person) -> Result<NewAccount, Error> {
    Ok(NewAccount {
        email: Email::parse(person.email)?,
        password: Password::parse(PASSWORD)?,
        display_name: DisplayName::parse(person.name)?,
    })
}

/// Everything but the admin's account, which is made first to tell whether the demo is loaded.
async fn populate<E: Environment, P: Environment>(
    app: &Collaborate<E>,
    past: &Collaborate<P>,
) -> Result<(), Error> {
    let mut accounts = Vec::new();
    for (index, person) in PEOPLE.iter().enumerate() {
        if index > 0 {
            app.register(account(person)?).await?;
        }
        let (_, signed) = app.log_in(person.email, PASSWORD).await?;
        accounts.push(signed.id);
    }
    let admin = accounts[0];
    let group = app
        .create_group(
            admin,
            NewGroup {
                name: GroupName::parse(GROUP)?,
                growth_mode: GrowthMode::Organic,
                areas: Vec::new(),
                settings: SettingsChanges::default(),
            },
        )
        .await?
        .group;
    let code = group
        .settings
        .join_code
        .clone()
        .ok_or(Error::NotFound("join code"))?;
    let mut schools = Vec::new();
    for school in SCHOOLS {
        schools.push(
            app.create_organisation(admin, group.id, Name::parse(school)?)
                .await?
                .id,
        );
    }
    let mut areas = Vec::new();
    for (name, aspects) in AREAS {
        let new = NewArea {
            name: Name::parse(name)?,
            description: None,
            aspects: Aspects::parse(&aspects)?,
        };
        areas.push(app.create_area(admin, group.id, new).await?.id);
    }
    let mut offers: Vec<Vec<OfferId>> = Vec::new();
    for (person, &account) in PEOPLE.iter().zip(&accounts) {
        if account != admin {
            app.join_by_code(account, group.id, &code).await?;
        }
        describe(app, account, group.id, person, schools[person.school]).await?;
        let mut own = Vec::new();
        for (rank, &(area, aspect)) in (1..).zip(person.offers) {
            let topic = topic(
                (areas[area], AREAS[area].1[aspect], rank),
                person.modes,
                "Happy to share what has worked for us, and what did not.",
            )?;
            let new = NewOffer {
                topic,
                capacity: None,
                travel_radius: None,
            };
            own.push(app.create_offer(account, group.id, new).await?.id);
        }
        offers.push(own);
        for (rank, &(area, aspect)) in (1..).zip(person.needs) {
            let topic = topic(
                (areas[area], AREAS[area].1[aspect], rank),
                &[],
                "Looking for someone who has done this before.",
            )?;
            app.create_need(account, group.id, NewNeed { topic })
                .await?;
        }
    }
    let ask = |seeker: usize, helper: usize, offer: usize, message: &'static str| {
        (
            accounts[seeker],
            offers[helper][offer],
            PEOPLE[helper].modes[0],
            message,
        )
    };
    let steps: [(usize, usize, usize, &str, &[Transition]); 5] = [
        (
            1,
            2,
            1,
            "Could you walk me through your last successful grant bid?",
            &[],
        ),
        (
            2,
            4,
            0,
            "Our office team is stretched: how did you tackle workload?",
            &[Transition::Accept],
        ),
        (
            3,
            5,
            0,
            "We are refreshing our online safety policy. Could we compare notes?",
            &[Transition::Accept, Transition::Complete],
        ),
        (
            4,
            1,
            0,
            "Could you look at our KS3 science plans?",
            &[Transition::Decline],
        ),
        (
            5,
            0,
            0,
            "How did you lead the move to the new timetable?",
            &[],
        ),
    ];
    for (seeker, helper, offer, message, moves) in steps {
        let (seeker_account, offer_id, mode, message) = ask(seeker, helper, offer, message);
        let made = app
            .create_request(seeker_account, group.id, request(offer_id, mode, message)?)
            .await?;
        for &step in moves {
            app.transition(accounts[helper], group.id, made.request.id, step)
                .await?;
        }
        if moves.contains(&Transition::Complete) {
            let feedback = NewFeedback {
                rating: Rating::new(5)?,
                comment: Some(Comment::parse("Practical and generous with their time.")?),
            };
            app.give_feedback(seeker_account, group.id, made.request.id, feedback)
                .await?;
        }
        if seeker == 5 {
            app.transition(
                seeker_account,
                group.id,
                made.request.id,
                Transition::Cancel,
            )
            .await?;
        }
    }
    // Made a month ago and never answered: it reads as expired now.
    let (seeker, offer_id, mode, message) =
        ask(6, 3, 0, "Could you advise on our next EHCP review?");
    past.create_request(seeker, group.id, request(offer_id, mode, message)?)
        .await?;
    peer_assists(app, past, group.id, &accounts, &areas).await
}

/// Two Peer Assists: one convened a month back, held, followed up and shared as a lesson; one
/// still gathering its panel, with an invitation waiting for the member who offers and asks.
async fn peer_assists<E: Environment, P: Environment>(
    app: &Collaborate<E>,
    past: &Collaborate<P>,
    group: GroupId,
    accounts: &[AccountId],
    areas: &[AreaId],
) -> Result<(), Error> {
    let mut members = Vec::new();
    for &account in accounts {
        members.push(app.my_profile(account, group).await?.member.id);
    }
    // Tom (York Minster Primary) learns about budgets from peers of three other schools.
    let (tom, hannah) = (accounts[1], accounts[2]);
    let brief = Brief {
        title: Title::parse("Setting a three-year budget")?,
        purpose: Purpose::parse(
            "We set our first three-year budget this spring and want to learn from schools that have.",
        )?,
        background: Some(Background::parse(
            "Falling rolls in two year groups; a building that needs a new roof.",
        )?),
        desired_outcomes: Some(DesiredOutcomes::parse(
            "Options for phasing the roof, and how others kept staff informed.",
        )?),
    };
    // `past` convenes it a month back, for two weeks after; it has been held since.
    let today = OffsetDateTime::now_utc();
    let starts_at = today - Duration::days(16);
    let meeting = Meeting {
        starts_at,
        duration: MeetingMinutes::new(120)?,
        format: MeetingFormat::InPerson,
        place: Some(PlaceLabel::parse("York Minster Primary, staff room")?),
        video_link: None,
    };
    let areas_wanted = BTreeSet::from([areas[1], areas[4]]);
    let held = past
        .convene_peer_assist(
            tom,
            group,
            NewPeerAssist {
                brief,
                areas: areas_wanted,
                meeting,
            },
        )
        .await?
        .peer_assist
        .id;
    let panel = vec![members[2], members[7], members[5], members[0]];
    past.invite_to_peer_assist(tom, group, held, members[3], panel)
        .await?;
    for &invitee in &[3, 2, 7, 5] {
        past.respond_to_peer_assist(accounts[invitee], group, held, true)
            .await?;
    }
    past.respond_to_peer_assist(accounts[0], group, held, false)
        .await?;
    past.schedule_peer_assist(tom, group, held).await?;
    past.write_phase_notes(
        tom,
        group,
        held,
        Phase::Feedback,
        PhaseNotes::parse(
            "Phase the roof over two summers; share the three-year plan with staff each term.",
        )?,
    )
    .await?;
    app.mark_peer_assist_held(tom, group, held).await?;
    let due = |days| (today + Duration::days(days)).date();
    app.add_peer_assist_action(
        tom,
        group,
        held,
        ActionText::parse("Ask the diocese about phasing the roof over two summers")?,
        Some(members[1]),
        due(7),
    )
    .await?;
    app.add_peer_assist_action(
        tom,
        group,
        held,
        ActionText::parse("Send Tom last year's staff briefing on the budget")?,
        Some(members[2]),
        due(3),
    )
    .await?;
    app.send_peer_assist_update(
        tom,
        group,
        held,
        Message::parse("Thank you all: the governors liked the two-summer plan.")?,
    )
    .await?;
    app.publish_lesson(
        tom,
        group,
        held,
        NewLesson {
            summary: LessonSummary::parse(
                "A first three-year budget, with falling rolls and a roof to replace.",
            )?,
            insights: Insights::parse(
                "Phase large works over two summers; tell staff the plan each term, not once.",
            )?,
            actions_taken: ActionsTaken::parse(
                "The roof is phased; the governors agreed the plan at their next meeting.",
            )?,
        },
    )
    .await?;
    // Hannah (Bradford Hills High) gathers peers on staff wellbeing; Tom has yet to answer.
    let brief = Brief {
        title: Title::parse("A workload charter for our staff")?,
        purpose: Purpose::parse("We are writing a workload charter with our staff this term.")?,
        background: None,
        desired_outcomes: None,
    };
    let meeting = Meeting {
        starts_at: today + Duration::days(21),
        duration: MeetingMinutes::new(90)?,
        format: MeetingFormat::Online,
        place: None,
        video_link: None,
    };
    let gathering = app
        .convene_peer_assist(
            hannah,
            group,
            NewPeerAssist {
                brief,
                areas: BTreeSet::from([areas[2]]),
                meeting,
            },
        )
        .await?
        .peer_assist
        .id;
    let panel = vec![members[4], members[6], members[1]];
    app.invite_to_peer_assist(hannah, group, gathering, members[5], panel)
        .await?;
    app.respond_to_peer_assist(accounts[4], group, gathering, true)
        .await?;
    Ok(())
}

async fn describe<E: Environment>(
    app: &Collaborate<E>,
    account: AccountId,
    group: GroupId,
    person: &Person,
    school: OrganisationId,
) -> Result<(), Error> {
    let (label, lat, lon) = person.place;
    let changes = ProfileChanges {
        organisation_id: Some(Some(school)),
        job_title: Some(Some(JobTitle::parse(person.job)?)),
        location: Some(Some(Location {
            label: Some(PlaceLabel::parse(label)?),
            position: Position {
                lat: Latitude::new(lat)?,
                lon: Longitude::new(lon)?,
            },
        })),
        ..ProfileChanges::default()
    };
    app.update_profile(account, group, changes).await?;
    Ok(())
}

/// A topic in an area, of one aspect, at its rank in the person's top five.
fn topic(
    (area, aspect, rank): (collaborate_core::values::AreaId, &str, i64),
    modes: &[Mode],
    description: &str,
) -> Result<Topic, Error> {
    let names: Vec<&str> = modes.iter().map(|m| m.as_str()).collect();
    Ok(Topic {
        area_id: area,
        aspects: Aspects::parse(&[aspect])?,
        description: Description::parse(description)?,
        modes: Modes::parse(&names)?,
        rank: Some(Rank::new(rank)?),
    })
}

fn request(offer_id: OfferId, mode: Mode, message: &str) -> Result<NewRequest, Error> {
    Ok(NewRequest {
        offer_id,
        need_id: None,
        message: Message::parse(message)?,
        mode,
    })
}
