//! The record of contribution and the helpers to thank on every store: help completed is
//! recorded on both sides with what its seeker said of it, help not completed is not, and the
//! helpers to thank are counted from completed help, passing over those who asked not to be named.

use crate::harness::{App, app, contract};
use crate::walk::{asking, contributor, group, person};
use collaborate_core::Error;
use collaborate_core::groups::ProfileChanges;
use collaborate_core::offers::{NewNeed, Topic};
use collaborate_core::ports::Store;
use collaborate_core::reports::{Report, ReportFilter, ReportName};
use collaborate_core::requests::{NewFeedback, NewRequest, Transition};
use collaborate_core::values::*;

async fn helped<S: Store>(
    app: &App<S>,
    group: GroupId,
    ask: NewRequest,
    seeker: AccountId,
    helper: AccountId,
) -> RequestId {
    let request = app
        .create_request(seeker, group, ask)
        .await
        .unwrap()
        .request;
    app.transition(helper, group, request.id, Transition::Accept)
        .await
        .unwrap();
    app.transition(seeker, group, request.id, Transition::Complete)
        .await
        .unwrap();
    request.id
}

async fn help_completed_is_recorded_and_thanked<S: Store>(store: S) {
    let (app, clock) = app(store);
    let (group, admin, areas, code) = group(&app).await;
    let (helper, offers) = contributor(&app, group, &areas, &code, "helper@example.org", 3).await;
    let (modest, modest_offers) =
        contributor(&app, group, &areas, &code, "modest@example.org", 3).await;
    let (seeker, _) = contributor(&app, group, &areas, &code, "seeker@example.org", 3).await;
    let need = app
        .create_need(
            seeker,
            group,
            NewNeed {
                topic: Topic {
                    area_id: areas[0],
                    aspects: Aspects::parse(&["KS3 science"]).unwrap(),
                    description: Description::parse("Practicals on a budget").unwrap(),
                    modes: Modes::parse(&["email"]).unwrap(),
                    rank: None,
                },
            },
        )
        .await
        .unwrap();
    let linked = NewRequest {
        need_id: Some(need.id),
        ..asking(offers[0])
    };
    let first = helped(&app, group, linked, seeker, helper).await;
    app.answer_need(seeker, group, first, NeedAnswer::Met)
        .await
        .unwrap();
    app.give_feedback(
        seeker,
        group,
        first,
        NewFeedback {
            rating: Rating::new(5).unwrap(),
            comment: Some(Comment::parse("Clear and kind").unwrap()),
        },
    )
    .await
    .unwrap();
    clock.advance(time::Duration::days(2));
    let second = helped(&app, group, asking(offers[1]), seeker, helper).await;
    helped(&app, group, asking(modest_offers[0]), seeker, modest).await;
    let declined = app
        .create_request(seeker, group, asking(offers[2]))
        .await
        .unwrap()
        .request;
    app.transition(helper, group, declined.id, Transition::Decline)
        .await
        .unwrap();

    let record = app.my_contribution(helper, group).await.unwrap();
    let given: Vec<RequestId> = record.given.iter().map(|h| h.request_id).collect();
    assert_eq!(
        given,
        [second, first],
        "completed help only, the latest first"
    );
    assert!(record.received.is_empty());
    let oldest = &record.given[1];
    assert_eq!(oldest.area.as_ref().map(Name::as_str), Some("Curriculum"));
    assert_eq!(oldest.rating.map(Rating::get), Some(5));
    assert_eq!(
        oldest.comment.as_ref().map(Comment::as_str),
        Some("Clear and kind")
    );
    assert_eq!(oldest.need_answer, Some(NeedAnswer::Met));
    assert_eq!(oldest.mode, Mode::Email);
    assert_eq!((record.times_given(), record.times_received()), (2, 0));
    let theirs = app.my_contribution(seeker, group).await.unwrap();
    assert_eq!((theirs.times_given(), theirs.times_received()), (0, 3));
    let stranger = person(&app, "stranger@example.org").await;
    assert!(matches!(
        app.my_contribution(stranger, group).await,
        Err(Error::NotFound(_))
    ));

    let thanks = |who| app.report(who, group, ReportName::Thanks, ReportFilter::default());
    assert!(matches!(thanks(seeker).await, Err(Error::Forbidden(_))));
    let Report::Thanks(named) = thanks(admin).await.unwrap() else {
        panic!("the thanks report");
    };
    let counts: Vec<(&str, u32)> = named
        .iter()
        .map(|h| (h.name.as_str(), h.completed))
        .collect();
    assert_eq!(counts, [("helper", 2), ("modest", 1)]);
    app.update_profile(
        modest,
        group,
        ProfileChanges {
            named_in_thanks: Some(false),
            ..ProfileChanges::default()
        },
    )
    .await
    .unwrap();
    let Report::Thanks(named) = thanks(admin).await.unwrap() else {
        panic!("the thanks report");
    };
    let names: Vec<&str> = named.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, ["helper"], "who asked not to be named is not");

    let Report::Overview(overview) = app
        .report(admin, group, ReportName::Overview, ReportFilter::default())
        .await
        .unwrap()
    else {
        panic!("the overview");
    };
    assert_eq!((overview.needs_raised, overview.raised_met), (1, 1));
    assert_eq!(overview.share_of_raised_met(), Some(100));
}

contract!(
    /// Completed help is recorded for both sides with its feedback; the helpers to thank are
    /// counted from it, and a member who asked not to be named is not.
    completed_help_is_recorded_and_its_helpers_thanked => help_completed_is_recorded_and_thanked
);
