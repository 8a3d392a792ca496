//! The questionnaire import over random groups and random files: all or nothing, a dry run that
//! answers what the import does, re-imports that update, and the claim that follows.

use crate::app;
use collaborate_core::Error;
use collaborate_core::questionnaire::{
    ImportMode, ImportReport, Importer, InvitationKind, MemberOutcome,
};
use collaborate_core::testing::{World, email_numbered, group_plan};
use collaborate_core::values::*;
use proptest::prelude::*;
use proptest::sample::Index;
use std::collections::BTreeSet;

fn block<F: std::future::Future>(f: F) -> F::Output {
    pollster::block_on(f)
}

/// Who a row is about: a member of the world (by index) or someone new (by number).
#[derive(Debug, Clone)]
enum Person {
    Member(Index),
    Newcomer(u8),
}

/// One row of a random file, referring to the world's areas by index.
#[derive(Debug, Clone)]
struct RowPlan {
    person: Person,
    organisation: Option<u8>,
    place: Option<(f64, f64)>,
    strengths: Vec<(Index, Index)>,
    needs: Vec<Index>,
    shout: bool,
}

/// A fault that must reject the whole file.
#[derive(Debug, Clone, Copy)]
enum Flaw {
    UnknownArea,
    BadEmail,
    RepeatedEmail,
    LoneLatitude,
    UnknownAspect,
}

fn row_plan() -> impl Strategy<Value = RowPlan> {
    (
        prop_oneof![
            any::<Index>().prop_map(Person::Member),
            (0u8..12).prop_map(Person::Newcomer)
        ],
        proptest::option::of(0u8..3),
        proptest::option::of((50.0f64..58.0, -5.0f64..1.5)),
        proptest::collection::vec((any::<Index>(), any::<Index>()), 0..=5),
        proptest::collection::vec(any::<Index>(), 0..=5),
        any::<bool>(),
    )
        .prop_map(
            |(person, organisation, place, strengths, needs, shout)| RowPlan {
                person,
                organisation,
                place,
                strengths,
                needs,
                shout,
            },
        )
}

fn flaw() -> impl Strategy<Value = Flaw> {
    prop_oneof![
        Just(Flaw::UnknownArea),
        Just(Flaw::BadEmail),
        Just(Flaw::RepeatedEmail),
        Just(Flaw::LoneLatitude),
        Just(Flaw::UnknownAspect),
    ]
}

/// A file written as people write them: CRLF, a byte-order mark, names in any case.
struct File {
    text: String,
    /// Each data row's line and email, in order.
    rows: Vec<(u64, String)>,
    /// Each data row's strength areas and need areas, by index.
    answers: Vec<(BTreeSet<usize>, BTreeSet<usize>)>,
}

fn email_of(person: &Person, world: &World) -> String {
    match person {
        Person::Member(i) => email_numbered(i.index(world.accounts.len())).to_string(),
        Person::Newcomer(n) => format!("newcomer{n}@example.org"),
    }
}

fn cell_of(area: usize, aspects: &[&str], shout: bool) -> String {
    let name = format!("Area {area}");
    let name = if shout { name.to_uppercase() } else { name };
    if aspects.is_empty() {
        name
    } else {
        format!("\"{name} > {}\"", aspects.join("; "))
    }
}

fn render(world: &World, plans: &[RowPlan]) -> File {
    let mut text = String::from(
        "\u{FEFF}email,display_name,organisation,place,lat,lon,modes,\
         strength_1,strength_2,strength_3,strength_4,strength_5,\
         need_1,need_2,need_3,need_4,need_5\r\n",
    );
    let mut rows = Vec::new();
    let mut answers = Vec::new();
    let mut seen = BTreeSet::new();
    for plan in plans {
        let email = email_of(&plan.person, world);
        if !seen.insert(email.clone()) {
            continue;
        }
        let mut strengths = Vec::new();
        let mut strength_areas = BTreeSet::new();
        for (area, aspect) in &plan.strengths {
            let a = area.index(world.areas.len());
            let aspects = &world.areas[a].1;
            if aspects.is_empty() || !strength_areas.insert(a) {
                continue;
            }
            let name = aspects[aspect.index(aspects.len())].as_str();
            let name = if plan.shout {
                name.to_lowercase()
            } else {
                name.to_owned()
            };
            strengths.push(cell_of(a, &[&name], plan.shout));
        }
        strengths.resize(5, String::new());
        let mut needs = Vec::new();
        let mut need_areas = BTreeSet::new();
        for area in &plan.needs {
            let a = area.index(world.areas.len());
            if need_areas.insert(a) {
                needs.push(cell_of(a, &[], plan.shout));
            }
        }
        needs.resize(5, String::new());
        let (place, lat, lon) = match plan.place {
            Some((lat, lon)) => ("Somewhere".to_owned(), lat.to_string(), lon.to_string()),
            None => Default::default(),
        };
        let organisation = plan
            .organisation
            .map(|o| format!("Organisation {o}"))
            .unwrap_or_default();
        let line = 2 + rows.len() as u64;
        text.push_str(&format!(
            " {email} ,\"Person, {line}\",{organisation},{place},{lat},{lon},video; in person,{},{}\r\n",
            strengths.join(","),
            needs.join(",")
        ));
        rows.push((line, email));
        answers.push((strength_areas, need_areas));
    }
    File {
        text,
        rows,
        answers,
    }
}

/// `file` with the data row at `at` spoiled by `flaw`; the line the problem is on (for a
/// repeated email, the later of the two rows).
fn spoil(file: &File, at: Index, flaw: Flaw) -> (String, u64) {
    let mut lines: Vec<String> = file.text.split("\r\n").map(str::to_owned).collect();
    let row = at.index(file.rows.len());
    let (line, email) = &file.rows[row];
    let index = *line as usize - 1;
    let (other_line, other) = &file.rows[(row + 1) % file.rows.len()];
    let cells = format!(
        "{},Spoilt,,{},,,,{},,,,,,,,,\r\n",
        match flaw {
            Flaw::BadEmail => "not an email".to_owned(),
            Flaw::RepeatedEmail if file.rows.len() > 1 => other.clone(),
            _ => email.clone(),
        },
        match flaw {
            Flaw::LoneLatitude => "51.5",
            _ => "",
        },
        match flaw {
            Flaw::UnknownArea => "Knitting > Purl",
            Flaw::UnknownAspect => "\"Area 0 > Underwater basket weaving\"",
            _ => "",
        },
    );
    lines[index] = cells.trim_end().to_owned();
    let blamed = match flaw {
        Flaw::RepeatedEmail => (*line).max(*other_line),
        _ => *line,
    };
    (lines.join("\r\n"), blamed)
}

fn import(
    app: &crate::App,
    world: &World,
    file: &str,
    mode: ImportMode,
) -> Result<ImportReport, Error> {
    block(app.import_questionnaire(
        Importer::Admin(world.accounts[0]),
        world.group_id,
        file.as_bytes(),
        mode,
        &|_, _| (),
    ))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// One bad row anywhere rejects the whole file, names that row's line, and writes nothing.
    #[test]
    fn an_import_with_any_bad_row_writes_nothing(
        plan in group_plan(),
        rows in proptest::collection::vec(row_plan(), 1..8),
        flaw in flaw(),
        at in any::<Index>(),
    ) {
        let (app, store, _) = app();
        let world = block(World::build(&app, &plan, 0)).unwrap();
        let file = render(&world, &rows);
        let (spoilt, line) = spoil(&file, at, flaw);
        let before = block(store.snapshot());
        let refused = import(&app, &world, &spoilt, ImportMode::Commit);
        if matches!(flaw, Flaw::RepeatedEmail) && file.rows.len() == 1 {
            prop_assert!(refused.is_ok(), "one row cannot repeat another");
            return Ok(());
        }
        match refused {
            Err(Error::ImportRejected(problems)) => {
                prop_assert!(problems.iter().any(|p| p.line == line), "{problems:?} misses line {line}");
            }
            other => prop_assert!(false, "{other:?}"),
        }
        prop_assert_eq!(block(store.snapshot()), before);
    }

    /// A dry run writes nothing and answers exactly what the import then does; the import
    /// pre-loads newcomers (invited to claim) and changes nothing of members who took up their
    /// place; the same file again updates the newcomers and invites nobody twice.
    #[test]
    fn a_dry_run_answers_what_the_import_does(
        plan in group_plan(),
        rows in proptest::collection::vec(row_plan(), 1..8),
    ) {
        let (app, store, _) = app();
        let world = block(World::build(&app, &plan, 0)).unwrap();
        let file = render(&world, &rows);
        let before = block(store.snapshot());
        let dry = import(&app, &world, &file.text, ImportMode::DryRun).unwrap();
        prop_assert_eq!(&block(store.snapshot()), &before);
        prop_assert!(dry.dry_run && dry.invitations.is_empty());
        let done = import(&app, &world, &file.text, ImportMode::Commit).unwrap();
        prop_assert_eq!(&dry.rows, &done.rows);
        prop_assert_eq!(&dry.organisations_created, &done.organisations_created);

        let after = block(store.snapshot());
        let areas_of = |indices: &BTreeSet<usize>| -> BTreeSet<AreaId> {
            indices.iter().map(|i| world.areas[*i].0).collect()
        };
        for ((row, (line, email)), (strengths, needs)) in
            done.rows.iter().zip(&file.rows).zip(&file.answers)
        {
            prop_assert_eq!(row.line, *line);
            prop_assert_eq!(row.email.as_str(), email.as_str());
            let newcomer = email.starts_with("newcomer");
            let expected = if newcomer { MemberOutcome::Created } else { MemberOutcome::Kept };
            prop_assert_eq!(row.member, expected, "a member who took up their place keeps it");
            prop_assert_eq!(row.invitation, newcomer.then_some(InvitationKind::Claim));
            if !newcomer {
                let who = (0..world.accounts.len())
                    .find(|i| email_numbered(*i).as_str() == email.as_str())
                    .unwrap();
                let theirs = |s: &collaborate_core::memory::Snapshot| {
                    let member = s.members().find(|m| m.id == world.members[who]).cloned();
                    let offers: Vec<_> = s.offers().filter(|o| o.member_id == world.members[who]).cloned().collect();
                    let needs: Vec<_> = s.needs().filter(|n| n.member_id == world.members[who]).cloned().collect();
                    (member, offers, needs)
                };
                prop_assert_eq!(theirs(&after), theirs(&before), "nothing of theirs changed");
                continue;
            }
            let member = after
                .members()
                .find(|m| m.group_id == world.group_id && m.profile.display_name.as_str() == format!("Person, {line}"))
                .unwrap();
            prop_assert_eq!(member.status, MemberStatus::Invited);
            let ranked_offers: BTreeSet<AreaId> = after
                .offers()
                .filter(|o| o.member_id == member.id && o.topic.rank.is_some())
                .map(|o| o.topic.area_id)
                .collect();
            prop_assert_eq!(ranked_offers, areas_of(strengths), "the top five is the file's");
            let ranked_needs: BTreeSet<AreaId> = after
                .needs()
                .filter(|n| n.member_id == member.id && n.topic.rank.is_some())
                .map(|n| n.topic.area_id)
                .collect();
            prop_assert_eq!(ranked_needs, areas_of(needs));
        }
        prop_assert_eq!(done.invitations.len(), done.rows.iter().filter(|r| r.invitation.is_some()).count());
        for invitation in &done.invitations {
            let mailed = after
                .messages()
                .filter(|m| m.secret.as_ref() == Some(&invitation.token) && m.to == invitation.email)
                .count();
            prop_assert_eq!(mailed, 1, "each invitation goes by email, once");
        }

        let again = import(&app, &world, &file.text, ImportMode::Commit).unwrap();
        prop_assert!(again.rows.iter().all(|r| r.member != MemberOutcome::Created && r.invitation.is_none()));
        prop_assert!(again.rows.iter().all(|r| r.offers.created == 0 && r.needs.created == 0));
        let members = |s: &collaborate_core::memory::Snapshot| s.members().count();
        prop_assert_eq!(members(&block(store.snapshot())), members(&after));
    }
}
