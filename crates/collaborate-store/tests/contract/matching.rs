//! Group matching on every store: a proposal matches contributors' open needs and says why the
//! rest are not, changes nothing, is seen by admins only and only in its group, and is confirmed
//! all or nothing — stale when an offer changed, never twice.

use crate::harness::{App, app, contract};
use crate::walk::{contributor, group, offer_in, person};
use collaborate_core::audit::AuditFilter;
use collaborate_core::matching::{MatchingAsk, ProposalView, Unmatched};
use collaborate_core::notifications::Notice;
use collaborate_core::offers::{NewNeed, OfferChanges, Topic};
use collaborate_core::paging::PageRequest;
use collaborate_core::ports::Store;
use collaborate_core::requests::{RequestFilter, Side};
use collaborate_core::values::*;
use collaborate_core::{ConflictReason, Error};
use std::collections::BTreeSet;

fn need_in(area: AreaId, aspect: &str) -> NewNeed {
    NewNeed {
        topic: Topic {
            rank: None,
            ..offer_in(area, aspect, 1).topic
        },
    }
}

async fn sent_by<S: Store>(app: &App<S>, who: AccountId, group: GroupId) -> usize {
    let filter = RequestFilter {
        side: Side::Seeker,
        status: None,
    };
    app.my_requests(who, group, filter, PageRequest::default())
        .await
        .unwrap()
        .items
        .len()
}

fn reasons(view: &ProposalView) -> Vec<Unmatched> {
    view.proposal.unmatched.iter().map(|u| u.reason).collect()
}

async fn a_proposal_is_confirmed_all_or_nothing<S: Store>(store: S) {
    let (app, _) = app(store);
    let (group, admin, areas, code) = group(&app).await;
    let (_, helper_one) = contributor(&app, group, &areas, &code, "one@example.org", 1).await;
    contributor(&app, group, &areas, &code, "two@example.org", 1).await;
    let (seeker, _) = contributor(&app, group, &areas, &code, "seeker@example.org", 1).await;
    let (other, _) = contributor(&app, group, &areas, &code, "other@example.org", 1).await;
    let newcomer = person(&app, "new@example.org").await;
    app.join_by_code(newcomer, group, &code).await.unwrap();
    let mut needs = Vec::new();
    for (who, area, aspect) in [
        (seeker, areas[0], "KS3 science"),
        (seeker, areas[1], "Grant bids"),
        (other, areas[0], "KS3 science"),
        (newcomer, areas[0], "KS3 science"),
    ] {
        needs.push(
            app.create_need(who, group, need_in(area, aspect))
                .await
                .unwrap()
                .id,
        );
    }

    assert!(matches!(
        app.propose_matching(seeker, group, MatchingAsk::default())
            .await,
        Err(Error::Forbidden(_))
    ));
    let view = app
        .propose_matching(admin, group, MatchingAsk::default())
        .await
        .unwrap();
    let proposal = &view.proposal;
    let matched: Vec<NeedId> = proposal
        .assignments
        .iter()
        .map(|p| p.assignment.need_id)
        .collect();
    assert_eq!(matched, needs[..3], "every contributor's need is matched");
    assert_eq!(reasons(&view), [Unmatched::NotContributor]);
    let helpers: BTreeSet<MemberId> = proposal
        .assignments
        .iter()
        .map(|p| p.assignment.helper_id)
        .collect();
    assert!(
        helpers.len() >= 2,
        "the helpers share the work: {helpers:?}"
    );
    assert_eq!(
        view.names.len(),
        6,
        "the names of the seekers, the helpers and the admin who asked come with it"
    );
    assert_eq!(
        sent_by(&app, seeker, group).await,
        0,
        "a proposal changes nothing"
    );
    assert_eq!(
        app.matching_proposal(admin, group, proposal.id)
            .await
            .unwrap(),
        view,
        "kept as it was made"
    );
    assert_eq!(
        app.matching_proposals(admin, group).await.unwrap(),
        std::slice::from_ref(proposal)
    );
    assert!(matches!(
        app.matching_proposal(seeker, group, proposal.id).await,
        Err(Error::Forbidden(_))
    ));

    // Another group's admin finds nothing of it.
    let (elsewhere, outsider) = {
        let outsider = person(&app, "outsider@example.org").await;
        let created = app
            .create_group(
                outsider,
                collaborate_core::groups::NewGroup {
                    name: GroupName::parse("York schools").unwrap(),
                    growth_mode: GrowthMode::Organic,
                    areas: Vec::new(),
                    settings: collaborate_core::groups::SettingsChanges::default(),
                },
            )
            .await
            .unwrap();
        (created.group.id, outsider)
    };
    assert!(matches!(
        app.matching_proposal(outsider, elsewhere, proposal.id)
            .await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        app.confirm_proposal(outsider, elsewhere, proposal.id, None)
            .await,
        Err(Error::NotFound(_))
    ));

    // The offer proposed for the other seeker is paused: confirming everything is stale, and
    // nothing at all is made.
    let others = proposal
        .assignments
        .iter()
        .find(|p| p.assignment.need_id == needs[2])
        .unwrap()
        .assignment
        .clone();
    let owner = if helper_one.contains(&others.offer_id) {
        "one@example.org"
    } else {
        "two@example.org"
    };
    let owner = app
        .log_in(owner, "a long enough password")
        .await
        .unwrap()
        .1
        .id;
    app.update_offer(
        owner,
        group,
        others.offer_id,
        OfferChanges {
            status: Some(OfferStatus::Paused),
            ..OfferChanges::default()
        },
    )
    .await
    .unwrap();
    let stale = app.confirm_proposal(admin, group, proposal.id, None).await;
    assert!(
        matches!(&stale, Err(Error::Stale(why)) if why.contains(&needs[2].to_string())),
        "{stale:?}"
    );
    assert_eq!(sent_by(&app, seeker, group).await, 0, "all or nothing");

    // The seeker's two are confirmed: two requests linked to their needs, the helpers told.
    let chosen = BTreeSet::from([needs[0], needs[1]]);
    let confirmed = app
        .confirm_proposal(admin, group, proposal.id, Some(chosen.clone()))
        .await
        .unwrap();
    assert_eq!(confirmed.proposal.confirmed(), 2);
    let filter = RequestFilter {
        side: Side::Seeker,
        status: Some(RequestStatus::Pending),
    };
    let made = app
        .my_requests(seeker, group, filter, PageRequest::default())
        .await
        .unwrap()
        .items;
    let linked: BTreeSet<NeedId> = made.iter().filter_map(|r| r.need_id).collect();
    assert_eq!(linked, chosen);
    let told = app
        .outbox(None, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| {
            made.iter()
                .any(|r| m.notice == Notice::RequestReceived(r.id))
        })
        .count();
    assert_eq!(told, 2, "each helper is emailed, as for any request");
    assert!(made.iter().all(|r| r.proposal_id == Some(proposal.id)));
    let seeker_told = app
        .outbox(None, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| {
            made.iter()
                .any(|r| m.notice == Notice::RequestMatched(r.id))
        })
        .filter(|m| m.to.as_str() == "seeker@example.org")
        .count();
    assert_eq!(seeker_told, 2, "the seeker hears the group asked for them");
    let trail: Vec<String> = app
        .audit_log(admin, group, AuditFilter::default(), PageRequest::default())
        .await
        .unwrap()
        .items
        .iter()
        .map(|e| e.action.kind().to_owned())
        .collect();
    assert_eq!(
        trail.iter().filter(|k| *k == "contacts_revealed").count(),
        4
    );
    assert!(trail.iter().any(|k| k == "proposal_confirmed"));

    assert!(matches!(
        app.confirm_proposal(admin, group, proposal.id, Some(chosen))
            .await,
        Err(Error::Conflict {
            reason: ConflictReason::WrongState,
            ..
        })
    ));
    assert!(matches!(
        app.confirm_proposal(admin, group, proposal.id, Some(BTreeSet::from([needs[3]])))
            .await,
        Err(Error::Invalid(_))
    ));

    // A new proposal knows the seeker's needs are being answered.
    let again = app
        .propose_matching(admin, group, MatchingAsk::default())
        .await
        .unwrap();
    let mut why = reasons(&again);
    why.sort();
    assert_eq!(
        why,
        [
            Unmatched::NotContributor,
            Unmatched::AlreadyAsked,
            Unmatched::AlreadyAsked
        ]
    );
    assert_eq!(
        again.proposal.assignments.len(),
        1,
        "the other seeker's need"
    );
}

contract!(
    /// A proposal matches contributors' needs, changes nothing, and is confirmed all or nothing.
    a_matching_proposal_is_confirmed_all_or_nothing => a_proposal_is_confirmed_all_or_nothing
);

async fn suggestions_rank_the_offers_for_one_need<S: Store>(store: S) {
    let (app, _) = app(store);
    let (group, _, areas, code) = group(&app).await;
    contributor(&app, group, &areas, &code, "one@example.org", 2).await;
    contributor(&app, group, &areas, &code, "two@example.org", 2).await;
    let (seeker, own) = contributor(&app, group, &areas, &code, "seeker@example.org", 2).await;
    let newcomer = person(&app, "new@example.org").await;
    app.join_by_code(newcomer, group, &code).await.unwrap();
    let need = app
        .create_need(seeker, group, need_in(areas[1], "Grant bids"))
        .await
        .unwrap();

    let found = app.need_suggestions(seeker, group, need.id).await.unwrap();
    assert_eq!(found.len(), 2, "the two other members' offers");
    assert!(found.iter().all(|s| !own.contains(&s.assignment.offer_id)));
    assert!(found[0].assignment.score.total >= found[1].assignment.score.total);
    assert!(
        found[0].assignment.score.parts.iter().any(|p| p.points > 0),
        "with its reasons"
    );
    let someone_else = app
        .log_in("one@example.org", "a long enough password")
        .await
        .unwrap()
        .1
        .id;
    assert!(matches!(
        app.need_suggestions(someone_else, group, need.id).await,
        Err(Error::NotFound(_))
    ));
    let theirs = app
        .create_need(newcomer, group, need_in(areas[1], "Grant bids"))
        .await
        .unwrap();
    assert!(matches!(
        app.need_suggestions(newcomer, group, theirs.id).await,
        Err(Error::ReciprocityRequired { .. })
    ));
}

contract!(
    /// A need's suggestions rank other members' offers, for its owner, a contributor, alone.
    a_needs_suggestions_rank_the_offers_that_suit_it => suggestions_rank_the_offers_for_one_need
);

async fn helped_needs_are_asked_about<S: Store>(store: S) {
    let (app, clock) = app(store);
    let (group, admin, areas, code) = group(&app).await;
    let (helper, offers) = contributor(&app, group, &areas, &code, "helper@example.org", 2).await;
    let (seeker, _) = contributor(&app, group, &areas, &code, "seeker@example.org", 2).await;
    let mut needs = Vec::new();
    for area in [areas[0], areas[0]] {
        needs.push(
            app.create_need(seeker, group, need_in(area, "KS3 science"))
                .await
                .unwrap()
                .id,
        );
    }
    let linked = collaborate_core::requests::NewRequest {
        need_id: Some(needs[0]),
        ..crate::walk::asking(offers[0])
    };
    let request = app
        .create_request(seeker, group, linked)
        .await
        .unwrap()
        .request;
    assert!(
        !request.asks_about_need(),
        "not before the help is completed"
    );
    assert!(matches!(
        app.answer_need(seeker, group, request.id, NeedAnswer::Met)
            .await,
        Err(Error::Conflict {
            reason: ConflictReason::WrongState,
            ..
        })
    ));
    use collaborate_core::requests::Transition;
    app.transition(helper, group, request.id, Transition::Accept)
        .await
        .unwrap();
    clock.advance(time::Duration::days(3));
    let completed = app
        .transition(seeker, group, request.id, Transition::Complete)
        .await
        .unwrap();
    assert!(completed.asks_about_need());
    assert!(matches!(
        app.answer_need(helper, group, request.id, NeedAnswer::Met)
            .await,
        Err(Error::Forbidden(_))
    ));
    let answered = app
        .answer_need(seeker, group, request.id, NeedAnswer::Met)
        .await
        .unwrap();
    assert_eq!(answered.need_answer.map(|(a, _)| a), Some(NeedAnswer::Met));
    let mine = app.my_needs(seeker, group).await.unwrap();
    let status = |id: NeedId| mine.iter().find(|n| n.id == id).unwrap().status;
    assert_eq!(
        status(needs[0]),
        NeedStatus::Met,
        "a yes marks the need met"
    );
    assert_eq!(
        status(needs[1]),
        NeedStatus::Open,
        "the other need is untouched"
    );
    assert!(matches!(
        app.answer_need(seeker, group, request.id, NeedAnswer::NotMet)
            .await,
        Err(Error::Conflict {
            reason: ConflictReason::Duplicate,
            ..
        })
    ));

    // Help not linked to a need is never asked about.
    let unlinked = app
        .create_request(seeker, group, crate::walk::asking(offers[1]))
        .await
        .unwrap()
        .request;
    app.transition(helper, group, unlinked.id, Transition::Accept)
        .await
        .unwrap();
    let done = app
        .transition(seeker, group, unlinked.id, Transition::Complete)
        .await
        .unwrap();
    assert!(!done.asks_about_need());
    assert!(
        app.answer_need(seeker, group, unlinked.id, NeedAnswer::Met)
            .await
            .is_err()
    );
    app.give_feedback(
        seeker,
        group,
        request.id,
        collaborate_core::requests::NewFeedback {
            rating: Rating::new(4).unwrap(),
            comment: None,
        },
    )
    .await
    .unwrap();

    // The reports say what the exchange achieved.
    let report = app
        .report(
            admin,
            group,
            collaborate_core::reports::ReportName::Matching,
            collaborate_core::reports::ReportFilter::default(),
        )
        .await
        .unwrap();
    let collaborate_core::reports::Report::Matching(met) = report else {
        panic!("the matching report");
    };
    let all = met.overall.unwrap();
    assert_eq!((all.raised, all.met, all.through_exchange), (2, 1, 1));
    assert_eq!(all.share_met(), Some(50));
    assert_eq!(all.mean_days_to_met, Some(3.0));
    assert_eq!(all.mean_rating, Some(4.0));
    assert_eq!(met.areas.len(), 1);
    assert_eq!(
        met.areas[0].name.as_ref().map(|n| n.as_str()),
        Some("Curriculum")
    );
}

contract!(
    /// Completed help linked to a need asks its seeker whether it is met; a yes marks it met.
    a_need_helped_is_asked_about_and_a_yes_marks_it_met => helped_needs_are_asked_about
);

async fn a_need_asked_since_is_stale<S: Store>(store: S) {
    let (app, _) = app(store);
    let (group, admin, areas, code) = group(&app).await;
    let (_, one) = contributor(&app, group, &areas, &code, "one@example.org", 2).await;
    contributor(&app, group, &areas, &code, "two@example.org", 2).await;
    let (seeker, _) = contributor(&app, group, &areas, &code, "seeker@example.org", 2).await;
    let need = app
        .create_need(seeker, group, need_in(areas[0], "KS3 science"))
        .await
        .unwrap()
        .id;
    let view = app
        .propose_matching(admin, group, MatchingAsk::default())
        .await
        .unwrap();
    assert_eq!(
        view.name(view.proposal.made_by).map(|n| n.as_str()),
        Some("admin")
    );
    let proposed = view.proposal.assignments[0].assignment.offer_id;
    let other = if proposed == one[0] {
        app.my_offers(
            app.log_in("two@example.org", "a long enough password")
                .await
                .unwrap()
                .1
                .id,
            group,
        )
        .await
        .unwrap()[0]
            .id
    } else {
        one[0]
    };
    // The seeker asks another helper about the same need directly.
    app.create_request(
        seeker,
        group,
        collaborate_core::requests::NewRequest {
            need_id: Some(need),
            ..crate::walk::asking(other)
        },
    )
    .await
    .unwrap();
    let refused = app
        .confirm_proposal(admin, group, view.proposal.id, None)
        .await;
    assert!(
        matches!(&refused, Err(Error::Stale(why)) if why.contains("already answers")),
        "{refused:?}"
    );
}

contract!(
    /// A need asked about directly since the proposal is not asked again by confirming it.
    a_need_asked_about_since_the_proposal_is_stale => a_need_asked_since_is_stale
);
