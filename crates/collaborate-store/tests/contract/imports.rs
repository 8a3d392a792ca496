//! The questionnaire import on every store: the same answers, all or nothing, the claim, and
//! the operator's import by slug.

use crate::harness::{app, contract};
use crate::walk::{contributor, group};
use collaborate_core::Error;
use collaborate_core::ports::Store;
use collaborate_core::questionnaire::{
    Answer, ImportMode, Importer, InvitationKind, MemberOutcome, OwnAnswers,
};
use collaborate_core::search::SearchQuery;
use collaborate_core::values::*;

const FILE: &str = "\u{FEFF}email,display_name,organisation,place,lat,lon,phone,modes,strength_1,strength_2,need_1\r\n\
    new@example.org,New Person,Park High,Leeds,53.8,-1.55,0113 496 0000,video; in person,Curriculum > KS3 science,budgets > grant bids,Wellbeing\r\n\
    HELPER@example.org,\"Helper, renamed\",park high,,,,,,Wellbeing > Staff wellbeing,,Curriculum\r\n\
    admin@example.org,Admin,,Leeds,53.8,-1.55,,email,Budgets > Grant bids,,\r\n";

async fn imported<S: Store>(store: S) {
    let (app, _) = app(store);
    let (group, admin, areas, code) = group(&app).await;
    let (helper, _) = contributor(&app, group, &areas, &code, "helper@example.org", 2).await;
    let run = |file: &'static str, mode| {
        let app = &app;
        async move {
            app.import_questionnaire(
                Importer::Admin(admin),
                group,
                file.as_bytes(),
                mode,
                &|_, _| (),
            )
            .await
        }
    };
    let spoilt =
        "email,display_name,strength_1\r\nok@example.org,Ok,Budgets > Grant bids\r\nbad,Bad,\r\n";
    assert!(
        matches!(run(spoilt, ImportMode::Commit).await, Err(Error::ImportRejected(p)) if p[0].line == 3)
    );
    let dry = run(FILE, ImportMode::DryRun).await.unwrap();
    let done = run(FILE, ImportMode::Commit).await.unwrap();
    assert_eq!(dry.rows, done.rows);
    let outcomes: Vec<_> = done
        .rows
        .iter()
        .map(|r| (r.line, r.member, r.invitation))
        .collect();
    assert_eq!(
        outcomes,
        [
            (2, MemberOutcome::Created, Some(InvitationKind::Claim)),
            (3, MemberOutcome::Kept, None),
            (4, MemberOutcome::Kept, None),
        ],
        "members who took up their place keep what they made"
    );
    assert_eq!(
        done.organisations_created.len(),
        1,
        "one organisation, whatever its case"
    );
    let (helper_row, new_row) = (&done.rows[1], &done.rows[0]);
    assert_eq!(
        (helper_row.offers.created, helper_row.offers.updated),
        (0, 0)
    );
    assert_eq!((new_row.offers.created, new_row.needs.created), (2, 1));
    let helper_now = app.my_profile(helper, group).await.unwrap().member;
    assert_eq!(
        helper_now.profile.display_name.as_str(),
        "helper",
        "an admin's file never renames a member who manages their own profile"
    );

    let (seeker, _) = contributor(&app, group, &areas, &code, "seeker@example.org", 1).await;
    let bids_near_leeds = || SearchQuery {
        area_id: areas[1],
        aspect: None,
        modes: Modes::default(),
        near: Some(Position {
            lat: Latitude::new(53.81).unwrap(),
            lon: Longitude::new(-1.55).unwrap(),
        }),
        radius: Some(SearchRadius::new(5).unwrap()),
        limit: Limit::default(),
    };
    let found = |hits: Vec<collaborate_core::search::SearchHit>| {
        let mut names: Vec<String> = hits
            .iter()
            .map(|h| h.peer.display_name.to_string())
            .collect();
        names.sort();
        names
    };
    assert_eq!(
        found(app.search(seeker, group, bids_near_leeds()).await.unwrap()),
        Vec::<String>::new(),
        "the invited are not found"
    );

    let by_slug = app.group_named("leeds-schools").await.unwrap();
    assert_eq!(by_slug.id, group);
    let again = app
        .import_questionnaire(
            Importer::Operator,
            group,
            FILE.as_bytes(),
            ImportMode::Commit,
            &|_, _| (),
        )
        .await
        .unwrap();
    let outcomes: Vec<_> = again.rows.iter().map(|r| (r.member, r.offers)).collect();
    assert_eq!(
        outcomes[0],
        (
            MemberOutcome::Updated,
            collaborate_core::questionnaire::Tally::default()
        ),
        "the same file again finds the pre-loaded person's offers, unchanged: {again:?}"
    );

    let (session, account) = app
        .claim_invitation(
            &done.invitations[0].token,
            &Password::parse("a long enough password").unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(app.authenticate(&session).await.unwrap(), account.id);
    let profile = app.my_profile(account.id, group).await.unwrap().member;
    assert_eq!(profile.status, MemberStatus::Active);
    assert_eq!(
        profile
            .profile
            .contact
            .phone
            .map(|p| p.to_string())
            .as_deref(),
        Some("0113 496 0000")
    );
    assert_eq!(
        profile.profile.location.unwrap().label.unwrap().as_str(),
        "Leeds"
    );
    let offers = app.my_offers(account.id, group).await.unwrap();
    assert!(
        offers.iter().all(|o| o.travel_radius.is_some()),
        "in person: the default radius"
    );
    assert_eq!(
        found(app.search(seeker, group, bids_near_leeds()).await.unwrap()),
        ["New Person"],
        "a claimed profile is found at its place"
    );
    let claimed = app
        .import_questionnaire(
            Importer::Operator,
            group,
            FILE.as_bytes(),
            ImportMode::Commit,
            &|_, _| (),
        )
        .await
        .unwrap();
    assert!(
        claimed.rows.iter().all(|r| r.member == MemberOutcome::Kept),
        "once claimed, a profile is its person's: {claimed:?}"
    );
}

contract!(
    /// An import answers and writes the same on every store, all or nothing.
    an_import_pre_loads_updates_and_is_claimed => imported
);

async fn answered_online<S: Store>(store: S) {
    let (app, _) = app(store);
    let (group, _, areas, code) = group(&app).await;
    let (member, offers) = contributor(&app, group, &areas, &code, "member@example.org", 2).await;
    let answer = |rank: i64, area: AreaId, aspects: &[&str]| Answer {
        rank: Rank::new(rank).unwrap(),
        area_id: area,
        aspects: Aspects::parse(aspects).unwrap(),
    };
    let answers = OwnAnswers {
        strengths: vec![
            answer(2, areas[1], &["grant BIDS"]),
            answer(1, areas[2], &["Staff wellbeing"]),
        ],
        needs: vec![answer(1, areas[0], &[])],
        modes: Modes::parse(&["video"]).unwrap(),
    };
    let saved = app
        .answer_questionnaire(member, group, &answers)
        .await
        .unwrap();
    assert_eq!(
        (saved.offers.updated, saved.offers.created),
        (3, 0),
        "two reranked, one unranked"
    );
    assert_eq!((saved.needs.created, saved.needs.updated), (1, 0));
    let read = app.my_questionnaire(member, group).await.unwrap();
    assert_eq!(read.areas.len(), 3);
    assert_eq!(read.answers.strengths[0].area_id, areas[2]);
    assert_eq!(
        read.answers.strengths[1]
            .aspects
            .iter()
            .next()
            .unwrap()
            .as_str(),
        "Grant bids"
    );
    assert_eq!(read.answers.needs, answers.needs);
    let curriculum = app.my_offers(member, group).await.unwrap();
    let curriculum = curriculum.iter().find(|o| o.id == offers[0]).unwrap();
    assert_eq!(curriculum.topic.rank, None, "no longer in the top five");
    assert!(curriculum.travel_radius.is_some(), "its own modes are kept");

    let spoilt = OwnAnswers {
        needs: vec![
            answer(1, areas[0], &[]),
            answer(2, areas[1], &["Staff wellbeing"]),
        ],
        ..answers
    };
    let refused = app.answer_questionnaire(member, group, &spoilt).await;
    assert!(matches!(refused, Err(Error::Invalid(e)) if e.field() == "need_2"));
    assert_eq!(
        app.my_questionnaire(member, group).await.unwrap().answers,
        read.answers
    );
}

contract!(
    /// A member's online answers land as a row of the file does, on every store.
    the_questionnaire_answered_online_lands_as_an_import_row => answered_online
);
