//! Concurrent use cases keep the rules, on every store.

use crate::harness::{App, app, contract};
use crate::walk::{asking, contributor, group, person};
use collaborate_core::groups::{MemberChanges, MemberFilter, NewInvitation};
use collaborate_core::offers::{NewOffer, Topic};
use collaborate_core::paging::PageRequest;
use collaborate_core::ports::Store;
use collaborate_core::taxonomy::AreaChanges;
use collaborate_core::values::*;
use collaborate_core::{ConflictReason, Error};
use std::sync::Arc;

async fn last_slot<S: Store>(store: S) {
    let (app, _) = app(store);
    let app: Arc<App<S>> = Arc::new(app);
    let (group, _, areas, code) = group(&app).await;
    let (a, _) = contributor(&app, group, &areas, &code, "a@example.org", 1).await;
    let (b, _) = contributor(&app, group, &areas, &code, "b@example.org", 1).await;
    for round in 0..5 {
        let (_, offers) = contributor(
            &app,
            group,
            &areas,
            &code,
            &format!("helper{round}@example.org"),
            1,
        )
        .await;
        let offer = offers[round % 3];
        let first = tokio::spawn({
            let app = Arc::clone(&app);
            async move { app.create_request(a, group, asking(offer)).await }
        });
        let second = tokio::spawn({
            let app = Arc::clone(&app);
            async move { app.create_request(b, group, asking(offer)).await }
        });
        let outcomes = [first.await.unwrap(), second.await.unwrap()];
        let created = outcomes.iter().filter(|o| o.is_ok()).count();
        assert_eq!(created, 1, "round {round}: {outcomes:?}");
        assert!(outcomes.iter().any(|o| matches!(
            o,
            Err(Error::Conflict {
                reason: ConflictReason::AtCapacity,
                ..
            })
        )));
    }
}

contract!(
    /// Two seekers racing for an offer's last place: exactly one request is made.
    two_seekers_racing_for_the_last_place_make_one_request => last_slot
);

async fn same_version<S: Store>(store: S) {
    let (app, _) = app(store);
    let app: Arc<App<S>> = Arc::new(app);
    let (group, admin, areas, code) = group(&app).await;
    let second_admin = person(&app, "second@example.org").await;
    let member = app.join_by_code(second_admin, group, &code).await.unwrap();
    app.update_member(
        admin,
        group,
        member.id,
        MemberChanges {
            role: Some(Role::Admin),
            ..MemberChanges::default()
        },
    )
    .await
    .unwrap();
    for (round, area) in areas.iter().enumerate() {
        let edit = |who: AccountId, name: String| {
            let app = Arc::clone(&app);
            let area = *area;
            tokio::spawn(async move {
                let changes = AreaChanges {
                    name: Some(Name::parse(&name).unwrap()),
                    version: Some(Version::FIRST),
                    ..AreaChanges::default()
                };
                app.update_area(who, group, area, changes).await
            })
        };
        let first = edit(admin, format!("First {round}"));
        let second = edit(second_admin, format!("Second {round}"));
        let outcomes = [first.await.unwrap(), second.await.unwrap()];
        assert_eq!(
            outcomes.iter().filter(|o| o.is_ok()).count(),
            1,
            "{outcomes:?}"
        );
        assert!(outcomes.iter().any(|o| matches!(o, Err(Error::Stale(_)))));
    }
}

contract!(
    /// Two admins editing one area from the same version: one of them is told it changed.
    two_admins_editing_from_the_same_version_conflict => same_version
);

async fn many_writers<S: Store>(store: S) {
    let (app, _) = app(store);
    let app: Arc<App<S>> = Arc::new(app);
    let (group, admin, areas, code) = group(&app).await;
    let mut people = Vec::new();
    for i in 0..8 {
        let who = person(&app, &format!("w{i}@example.org")).await;
        app.join_by_code(who, group, &code).await.unwrap();
        people.push(who);
    }
    let tasks: Vec<_> = people
        .into_iter()
        .flat_map(|who| areas.iter().map(move |area| (who, *area)))
        .map(|(who, area)| {
            let app = Arc::clone(&app);
            tokio::spawn(async move {
                let offer = NewOffer {
                    topic: Topic {
                        area_id: area,
                        aspects: Aspects::default(),
                        description: Description::parse("Help").unwrap(),
                        modes: Modes::parse(&["phone"]).unwrap(),
                        rank: None,
                    },
                    capacity: None,
                    travel_radius: None,
                };
                app.create_offer(who, group, offer).await?;
                app.my_offers(who, group).await.map(|_| ())
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let summary = app.area_summary(admin, group).await.unwrap();
    assert_eq!(summary.iter().map(|s| s.offers).sum::<u32>(), 24);
}

contract!(
    /// Many writers and readers at once all get through: no "database is locked" reaches anyone.
    many_concurrent_writers_all_get_through => many_writers
);

async fn admins_demoting_each_other<S: Store>(store: S) {
    let (app, _) = app(store);
    let app: Arc<App<S>> = Arc::new(app);
    let (group, first, _, code) = group(&app).await;
    let second = person(&app, "second@example.org").await;
    app.join_by_code(second, group, &code).await.unwrap();
    let member_id = |who: AccountId| {
        let app = Arc::clone(&app);
        async move { app.my_profile(who, group).await.unwrap().member.id }
    };
    let ids = [member_id(first).await, member_id(second).await];
    let people = [first, second];
    for round in 0..8 {
        // Whoever is still an admin makes the other one an admin again.
        for (i, who) in people.iter().enumerate() {
            let other = ids[1 - i];
            let promoted = app
                .update_member(
                    *who,
                    group,
                    other,
                    MemberChanges {
                        role: Some(Role::Admin),
                        ..MemberChanges::default()
                    },
                )
                .await;
            if promoted.is_ok() {
                break;
            }
        }
        let demote = |who: AccountId, whom: MemberId| {
            let app = Arc::clone(&app);
            tokio::spawn(async move {
                let changes = MemberChanges {
                    role: Some(Role::Member),
                    ..MemberChanges::default()
                };
                app.update_member(who, group, whom, changes).await
            })
        };
        let one = demote(first, ids[1]);
        let two = demote(second, ids[0]);
        let outcomes = [one.await.unwrap(), two.await.unwrap()];
        assert_eq!(
            outcomes.iter().filter(|o| o.is_ok()).count(),
            1,
            "round {round}: {outcomes:?}"
        );
        let admins = app
            .list_members(
                first,
                group,
                &MemberFilter::default(),
                PageRequest::default(),
            )
            .await
            .or(app
                .list_members(
                    second,
                    group,
                    &MemberFilter::default(),
                    PageRequest::default(),
                )
                .await)
            .unwrap();
        assert_eq!(
            admins
                .items
                .iter()
                .filter(|m| m.role == Role::Admin)
                .count(),
            1,
            "round {round}"
        );
    }
}

contract!(
    /// Two admins demoting each other at once: one of them stays an admin.
    two_admins_demoting_each_other_leave_one_admin => admins_demoting_each_other
);

async fn a_burst_of_requests<S: Store>(store: S) {
    use collaborate_core::groups::{GroupChanges, SettingsChanges};
    let (app, _) = app(store);
    let app: Arc<App<S>> = Arc::new(app);
    let (group, admin, areas, code) = group(&app).await;
    app.update_group(
        admin,
        group,
        GroupChanges {
            settings: SettingsChanges {
                max_open_requests: Some(OpenRequestCap::new(2).unwrap()),
                ..SettingsChanges::default()
            },
            ..GroupChanges::default()
        },
    )
    .await
    .unwrap();
    let (seeker, _) = contributor(&app, group, &areas, &code, "seeker@example.org", 1).await;
    let mut offers = Vec::new();
    for i in 0..3 {
        let email = format!("helper{i}@example.org");
        offers.extend(contributor(&app, group, &areas, &code, &email, 1).await.1);
    }
    let tasks: Vec<_> = offers
        .into_iter()
        .map(|offer| {
            let app = Arc::clone(&app);
            tokio::spawn(async move { app.create_request(seeker, group, asking(offer)).await })
        })
        .collect();
    let mut made = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => made += 1,
            Err(Error::Conflict {
                reason: ConflictReason::LimitReached,
                ..
            }) => {}
            Err(other) => panic!("{other:?}"),
        }
    }
    assert_eq!(made, 2, "requests made at once past a limit of 2");
}

contract!(
    /// Nine requests sent at once by one seeker with a limit of two open: two are made.
    a_burst_of_requests_stops_at_the_open_limit => a_burst_of_requests
);

async fn one_invitation_waiting<S: Store>(store: S) {
    let (app, _) = app(store);
    let app: Arc<App<S>> = Arc::new(app);
    let (group, admin, _, _) = group(&app).await;
    for round in 0..5 {
        let email = Email::parse(&format!("invited{round}@example.org")).unwrap();
        let invite = || {
            let (app, email) = (Arc::clone(&app), email.clone());
            tokio::spawn(async move {
                let new = NewInvitation { email, role: None };
                app.invite(admin, group, new).await
            })
        };
        let (one, two) = (invite(), invite());
        let outcomes = [one.await.unwrap(), two.await.unwrap()];
        assert!(
            outcomes.iter().all(Result::is_ok),
            "round {round}: {outcomes:?}"
        );
        let waiting = app.pending_invitations(admin, group).await.unwrap();
        assert_eq!(
            waiting.iter().filter(|i| i.email == email).count(),
            1,
            "round {round}: one invitation waits for the address"
        );
    }
}

contract!(
    /// Two admins inviting one address at once leave one invitation waiting for it.
    inviting_one_address_twice_at_once_leaves_one_waiting => one_invitation_waiting
);
