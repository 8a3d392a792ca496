//! A group's whole life through every port: the same answers from every store.

use crate::harness::{App, app, contract};
use collaborate_core::accounts::NewAccount;
use collaborate_core::groups::{
    GroupChanges, MemberChanges, MemberFilter, MemberSearch, NewGroup, NewInvitation,
    ProfileChanges, SettingsChanges,
};
use collaborate_core::offers::{NewNeed, NewOffer, OfferChanges, Topic};
use collaborate_core::paging::PageRequest;
use collaborate_core::ports::{Access, AuditTrail, Store};
use collaborate_core::requests::{NewFeedback, NewRequest, RequestFilter, Side, Transition};
use collaborate_core::search::SearchQuery;
use collaborate_core::taxonomy::{AreaChanges, AreaRemoval, NewArea};
use collaborate_core::values::*;
use collaborate_core::{ConflictReason, Error};

pub async fn person<S: Store>(app: &App<S>, email: &str) -> AccountId {
    app.register(NewAccount {
        email: Email::parse(email).unwrap(),
        password: Password::parse("a long enough password").unwrap(),
        display_name: DisplayName::parse(email.split('@').next().unwrap()).unwrap(),
    })
    .await
    .unwrap()
    .made()
    .unwrap()
    .id
}

/// An organic group with three areas, an admin, and its join code.
pub async fn group<S: Store>(app: &App<S>) -> (GroupId, AccountId, Vec<AreaId>, JoinCode) {
    let admin = person(app, "admin@example.org").await;
    let created = app
        .create_group(
            admin,
            NewGroup {
                name: GroupName::parse("Leeds schools").unwrap(),
                growth_mode: GrowthMode::Organic,
                areas: Vec::new(),
                settings: SettingsChanges::default(),
            },
        )
        .await
        .unwrap();
    let mut areas = Vec::new();
    for (name, aspect) in [
        ("Curriculum", "KS3 science"),
        ("Budgets", "Grant bids"),
        ("Wellbeing", "Staff wellbeing"),
    ] {
        let area = app
            .create_area(
                admin,
                created.group.id,
                NewArea {
                    name: Name::parse(name).unwrap(),
                    description: None,
                    aspects: Aspects::parse(&[aspect]).unwrap(),
                },
            )
            .await
            .unwrap();
        areas.push(area.id);
    }
    (
        created.group.id,
        admin,
        areas,
        created.group.settings.join_code.unwrap(),
    )
}

/// A request for `offer`, by email.
pub fn asking(offer: OfferId) -> NewRequest {
    NewRequest {
        offer_id: offer,
        need_id: None,
        message: Message::parse("Could we talk?").unwrap(),
        mode: Mode::Email,
    }
}

pub fn offer_in(area: AreaId, aspect: &str, capacity: i64) -> NewOffer {
    NewOffer {
        topic: Topic {
            area_id: area,
            aspects: Aspects::parse(&[aspect]).unwrap(),
            description: Description::parse("What worked for us").unwrap(),
            modes: Modes::parse(&["email", "in_person"]).unwrap(),
            rank: Some(Rank::new(1).unwrap()),
        },
        capacity: Some(Capacity::new(capacity).unwrap()),
        travel_radius: Some(TravelRadius::new(40.0).unwrap()),
    }
}

/// A member who joined by code and offers help in all three areas.
pub async fn contributor<S: Store>(
    app: &App<S>,
    group: GroupId,
    areas: &[AreaId],
    code: &JoinCode,
    email: &str,
    capacity: i64,
) -> (AccountId, Vec<OfferId>) {
    let who = person(app, email).await;
    app.join_by_code(who, group, code).await.unwrap();
    let mut offers = Vec::new();
    for (area, aspect) in areas
        .iter()
        .zip(["KS3 science", "Grant bids", "Staff wellbeing"])
    {
        offers.push(
            app.create_offer(who, group, offer_in(*area, aspect, capacity))
                .await
                .unwrap()
                .id,
        );
    }
    (who, offers)
}

async fn from_registration_to_feedback<S: Store + Clone>(store: S) {
    let (app, clock) = app(store.clone());
    let (group, admin, areas, code) = group(&app).await;
    let organisation = app
        .create_organisation(admin, group, Name::parse("St Mary's").unwrap())
        .await
        .unwrap();
    let (helper, offers) = contributor(&app, group, &areas, &code, "helper@example.org", 2).await;
    let seeker = person(&app, "seeker@example.org").await;
    app.join_by_code(seeker, group, &code).await.unwrap();

    assert!(matches!(
        app.search(seeker, group, query(areas[1])).await,
        Err(Error::ReciprocityRequired { offers_needed: 3 })
    ));
    for (area, aspect) in areas
        .iter()
        .zip(["KS3 science", "Grant bids", "Staff wellbeing"])
    {
        app.create_offer(seeker, group, offer_in(*area, aspect, 2))
            .await
            .unwrap();
    }
    let leeds = Location {
        label: Some(PlaceLabel::parse("Leeds").unwrap()),
        position: Position {
            lat: Latitude::new(53.8008).unwrap(),
            lon: Longitude::new(-1.5491).unwrap(),
        },
    };
    let york = Location {
        label: None,
        position: Position {
            lat: Latitude::new(53.959).unwrap(),
            lon: Longitude::new(-1.0815).unwrap(),
        },
    };
    let profile = app
        .update_profile(
            helper,
            group,
            ProfileChanges {
                organisation_id: Some(Some(organisation.id)),
                location: Some(Some(york)),
                phone: Some(Some(Phone::parse("+44 113 496 0000").unwrap())),
                job_title: Some(Some(JobTitle::parse("Head of science").unwrap())),
                ..ProfileChanges::default()
            },
        )
        .await
        .unwrap();
    assert!(profile.standing.is_contributor());
    app.update_profile(
        seeker,
        group,
        ProfileChanges {
            location: Some(Some(leeds)),
            ..ProfileChanges::default()
        },
    )
    .await
    .unwrap();
    let need = app
        .create_need(
            seeker,
            group,
            NewNeed {
                topic: Topic {
                    area_id: areas[1],
                    aspects: Aspects::parse(&["grant bids"]).unwrap(),
                    description: Description::parse("Our first bid").unwrap(),
                    modes: Modes::parse(&["email"]).unwrap(),
                    rank: Some(Rank::new(2).unwrap()),
                },
            },
        )
        .await
        .unwrap();
    assert_eq!(
        app.my_needs(seeker, group).await.unwrap(),
        vec![need.clone()]
    );

    let mut near = query(areas[1]);
    near.modes = Modes::parse(&["in_person"]).unwrap();
    near.radius = Some(SearchRadius::new(50).unwrap());
    let hits = app.search(seeker, group, near).await.unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].offer_id, offers[1]);
    assert_eq!(
        hits[0].peer.organisation.as_ref().map(Name::as_str),
        Some("St Mary's")
    );
    assert_eq!(hits[0].distance_km, Some(35.0));
    let mut far = query(areas[1]);
    far.radius = Some(SearchRadius::new(10).unwrap());
    assert!(app.search(seeker, group, far).await.unwrap().is_empty());

    let details = app
        .create_request(
            seeker,
            group,
            NewRequest {
                offer_id: offers[1],
                need_id: Some(need.id),
                message: Message::parse("Could we talk about your bid?").unwrap(),
                mode: Mode::Email,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        details
            .counterpart
            .contact
            .phone
            .as_ref()
            .map(Phone::as_str),
        Some("+44 113 496 0000")
    );
    let request = details.request.id;
    assert!(matches!(
        app.delete_offer(helper, group, offers[1]).await,
        Err(Error::Conflict {
            reason: ConflictReason::InUse,
            ..
        })
    ));
    assert!(matches!(
        app.delete_need(seeker, group, need.id).await,
        Err(Error::Conflict {
            reason: ConflictReason::InUse,
            ..
        })
    ));

    let hits = app.search(seeker, group, query(areas[1])).await.unwrap();
    assert_eq!(hits[0].spare_capacity, 1);

    app.transition(helper, group, request, Transition::Accept)
        .await
        .unwrap();
    app.transition(seeker, group, request, Transition::Complete)
        .await
        .unwrap();
    let rated = app
        .give_feedback(
            seeker,
            group,
            request,
            NewFeedback {
                rating: Rating::new(4).unwrap(),
                comment: Some(Comment::parse("Useful").unwrap()),
            },
        )
        .await
        .unwrap();
    assert_eq!(rated.feedback.as_ref().map(|f| f.rating.get()), Some(4));
    let seen = app.request(helper, group, request).await.unwrap();
    assert_eq!(seen.request, rated);
    assert_eq!(seen.counterpart.display_name.as_str(), "seeker");

    let mine = app
        .my_requests(
            seeker,
            group,
            RequestFilter {
                side: Side::Seeker,
                status: Some(RequestStatus::Completed),
            },
            PageRequest::default(),
        )
        .await
        .unwrap();
    assert_eq!(mine.items, vec![rated]);

    let summary = app.area_summary(seeker, group).await.unwrap();
    let budgets = summary.iter().find(|s| s.area.id == areas[1]).unwrap();
    assert_eq!((budgets.offers, budgets.needs), (2, 1));

    app.update_offer(
        helper,
        group,
        offers[0],
        OfferChanges {
            status: Some(OfferStatus::Paused),
            ..OfferChanges::default()
        },
    )
    .await
    .unwrap();
    assert!(
        !app.my_profile(helper, group)
            .await
            .unwrap()
            .standing
            .is_contributor()
    );
    assert_eq!(
        app.remove_area(admin, group, areas[0]).await.unwrap(),
        AreaRemoval::Archived
    );
    let renamed = app
        .update_area(
            admin,
            group,
            areas[2],
            AreaChanges {
                name: Some(Name::parse("Staff care").unwrap()),
                version: Some(Version::FIRST),
                ..AreaChanges::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(renamed.version, Version::new(2));
    assert!(
        app.list_areas(admin, group)
            .await
            .unwrap()
            .iter()
            .any(|a| a.id == areas[0] && a.archived)
    );

    let helper_member = app.my_profile(helper, group).await.unwrap().member.id;
    app.update_member(
        admin,
        group,
        helper_member,
        MemberChanges {
            status: Some(MemberStatus::Suspended),
            ..MemberChanges::default()
        },
    )
    .await
    .unwrap();
    let mut tx = store.begin(Access::Read).await.unwrap();
    let events = tx
        .audit_events(
            group,
            &collaborate_core::audit::AuditFilter::default(),
            PageRequest::default(),
        )
        .await
        .unwrap();
    drop(tx);
    let kinds: Vec<&str> = events.iter().map(|e| e.action.kind()).collect();
    assert_eq!(
        kinds,
        vec![
            "status_changed",
            "area_changed",
            "area_changed",
            "contacts_revealed",
            "contacts_revealed",
            "organisation_added",
            "area_changed",
            "area_changed",
            "area_changed",
        ],
        "newest first"
    );

    let (_, token) = app
        .invite(
            admin,
            group,
            NewInvitation {
                email: Email::parse("New@Example.org").unwrap(),
                role: Some(Role::Member),
            },
        )
        .await
        .unwrap();
    let newcomer = person(&app, "new@example.org").await;
    assert_eq!(
        app.accept_invitation(newcomer, &token)
            .await
            .unwrap()
            .member
            .role,
        Role::Member
    );
    clock.advance(time::Duration::days(1));
    assert_eq!(app.my_groups(newcomer).await.unwrap().len(), 1);
}

fn query(area: AreaId) -> SearchQuery {
    SearchQuery {
        area_id: area,
        aspect: None,
        modes: Modes::default(),
        near: None,
        radius: None,
        limit: Limit::default(),
    }
}

contract!(
    /// Every use case, through every port, gives the same answers on every store.
    a_group_lives_from_registration_to_feedback => from_registration_to_feedback
);

async fn uniqueness<S: Store>(store: S) {
    let (app, _) = app(store);
    let (group, admin, _, code) = group(&app).await;
    let again = app
        .register(NewAccount {
            email: Email::parse("ADMIN@example.ORG").unwrap(),
            password: Password::parse("a long enough password").unwrap(),
            display_name: DisplayName::parse("Again").unwrap(),
        })
        .await;
    assert!(matches!(
        again,
        Err(Error::Conflict {
            reason: ConflictReason::Duplicate,
            ..
        })
    ));
    let same_name = NewArea {
        name: Name::parse("BUDGETS").unwrap(),
        description: None,
        aspects: Aspects::default(),
    };
    assert!(matches!(
        app.create_area(admin, group, same_name).await,
        Err(Error::Conflict {
            reason: ConflictReason::Duplicate,
            ..
        })
    ));
    assert!(matches!(
        app.join_by_code(admin, group, &code).await,
        Err(Error::Conflict {
            reason: ConflictReason::Duplicate,
            ..
        })
    ));
    app.create_organisation(admin, group, Name::parse("Council").unwrap())
        .await
        .unwrap();
    assert!(matches!(
        app.create_organisation(admin, group, Name::parse("council").unwrap())
            .await,
        Err(Error::Conflict {
            reason: ConflictReason::Duplicate,
            ..
        })
    ));
}

contract!(
    /// One account per email and one area or organisation per name, whatever the case; one
    /// membership per account and group.
    uniqueness_holds_whatever_the_case => uniqueness
);

async fn pages<S: Store>(store: S) {
    let (app, _) = app(store);
    let (group, admin, _, code) = group(&app).await;
    for i in 0..6 {
        let who = person(&app, &format!("m{i}@example.org")).await;
        app.join_by_code(who, group, &code).await.unwrap();
    }
    let mut seen = Vec::new();
    let mut page = PageRequest {
        limit: Limit::new(3).unwrap(),
        after: None,
    };
    loop {
        let got = app
            .list_members(admin, group, &MemberFilter::default(), page)
            .await
            .unwrap();
        seen.extend(got.items.iter().map(|m| m.id));
        match got.next_cursor {
            Some(cursor) => page.after = Some(cursor),
            None => break,
        }
    }
    assert_eq!(seen.len(), 7);
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(seen, sorted);
}

contract!(
    /// Lists come a page at a time, in id order, with a cursor to the next page.
    lists_page_with_a_cursor => pages
);

async fn members_found<S: Store>(store: S) {
    let (app, _) = app(store);
    let (group, admin, _, code) = group(&app).await;
    let council = app
        .create_organisation(admin, group, Name::parse("Council").unwrap())
        .await
        .unwrap();
    let mut ids = Vec::new();
    for email in ["Ann_Lee@School.org", "bob@council.gov", "annie@example.org"] {
        let who = person(&app, email).await;
        let member = app.join_by_code(who, group, &code).await.unwrap();
        ids.push((who, member.id));
    }
    let changes = ProfileChanges {
        organisation_id: Some(Some(council.id)),
        ..ProfileChanges::default()
    };
    app.update_profile(ids[1].0, group, changes).await.unwrap();
    let suspend = MemberChanges {
        status: Some(MemberStatus::Suspended),
        ..MemberChanges::default()
    };
    app.update_member(admin, group, ids[2].1, suspend)
        .await
        .unwrap();
    let found = |filter: MemberFilter| {
        let app = &app;
        async move {
            let listed = app
                .list_members(admin, group, &filter, PageRequest::default())
                .await
                .unwrap();
            let mut names: Vec<String> = listed
                .items
                .iter()
                .map(|m| m.display_name.to_string())
                .collect();
            names.sort();
            names
        }
    };
    let text = |t: &str| MemberFilter {
        text: Some(MemberSearch::parse(t).unwrap()),
        ..MemberFilter::default()
    };
    assert_eq!(
        found(text("ANN")).await,
        ["Ann_Lee", "annie"],
        "names without case"
    );
    assert_eq!(
        found(text("council.GOV")).await,
        ["bob"],
        "addresses by their key"
    );
    assert_eq!(
        found(text("_")).await,
        ["Ann_Lee"],
        "an underscore is itself"
    );
    assert_eq!(
        found(text("%")).await,
        Vec::<String>::new(),
        "a percent sign too"
    );
    let suspended = MemberFilter {
        status: Some(MemberStatus::Suspended),
        ..MemberFilter::default()
    };
    assert_eq!(found(suspended).await, ["annie"]);
    let admins = MemberFilter {
        role: Some(Role::Admin),
        ..MemberFilter::default()
    };
    assert_eq!(found(admins).await.len(), 1);
    let of_council = MemberFilter {
        organisation_id: Some(council.id),
        ..MemberFilter::default()
    };
    assert_eq!(found(of_council).await, ["bob"]);
    let both = MemberFilter {
        status: Some(MemberStatus::Active),
        ..text("ann")
    };
    assert_eq!(found(both).await, ["Ann_Lee"], "every condition holds");
}

contract!(
    /// Admins find members by part of a name or an address, and by status, role and
    /// organisation, the same on every store.
    members_are_found_and_filtered => members_found
);

async fn expiry<S: Store>(store: S) {
    let (app, clock) = app(store);
    let (group, _, areas, code) = group(&app).await;
    let (_, offers) = contributor(&app, group, &areas, &code, "helper@example.org", 1).await;
    let (seeker, _) = contributor(&app, group, &areas, &code, "seeker@example.org", 1).await;
    let (other, _) = contributor(&app, group, &areas, &code, "other@example.org", 1).await;
    let new = |offer| NewRequest {
        offer_id: offer,
        need_id: None,
        message: Message::parse("Hello").unwrap(),
        mode: Mode::Email,
    };
    app.create_request(seeker, group, new(offers[0]))
        .await
        .unwrap();
    assert!(matches!(
        app.create_request(other, group, new(offers[0])).await,
        Err(Error::Conflict {
            reason: ConflictReason::AtCapacity,
            ..
        })
    ));

    clock.advance(time::Duration::days(14));

    let filter = |status| RequestFilter {
        side: Side::Seeker,
        status: Some(status),
    };
    let pending = app
        .my_requests(
            seeker,
            group,
            filter(RequestStatus::Pending),
            PageRequest::default(),
        )
        .await
        .unwrap();
    let expired = app
        .my_requests(
            seeker,
            group,
            filter(RequestStatus::Expired),
            PageRequest::default(),
        )
        .await
        .unwrap();
    assert!(pending.items.is_empty());
    assert_eq!(expired.items.len(), 1);
    assert_eq!(expired.items[0].status, RequestStatus::Expired);
    assert!(
        app.create_request(other, group, new(offers[0]))
            .await
            .is_ok(),
        "the expired request freed its place"
    );
}

contract!(
    /// A pending request past the group's expiry counts as expired in lists and holds no capacity.
    requests_expire_on_every_store => expiry
);

async fn request_limits<S: Store>(store: S) {
    let (app, clock) = app(store);
    let (group, admin, areas, code) = group(&app).await;
    app.update_group(
        admin,
        group,
        GroupChanges {
            settings: SettingsChanges {
                max_open_requests: Some(OpenRequestCap::new(1).unwrap()),
                max_requests_per_day: Some(DailyRequestCap::new(2).unwrap()),
                ..SettingsChanges::default()
            },
            ..GroupChanges::default()
        },
    )
    .await
    .unwrap();
    let (seeker, _) = contributor(&app, group, &areas, &code, "seeker@example.org", 2).await;
    let (_, offers) = contributor(&app, group, &areas, &code, "helper@example.org", 2).await;
    let ask = |offer: OfferId| app.create_request(seeker, group, asking(offer));
    let limited = |outcome: &Result<_, Error>| {
        matches!(
            outcome,
            Err(Error::Conflict {
                reason: ConflictReason::LimitReached,
                ..
            })
        )
    };
    let first = ask(offers[0]).await.unwrap().request.id;
    assert!(limited(&ask(offers[1]).await), "a second open request");
    app.transition(seeker, group, first, Transition::Cancel)
        .await
        .unwrap();
    let second = ask(offers[1]).await.unwrap().request.id;
    app.transition(seeker, group, second, Transition::Cancel)
        .await
        .unwrap();
    assert!(limited(&ask(offers[2]).await), "a third request in a day");
    clock.advance(time::Duration::hours(25));
    assert!(ask(offers[2]).await.is_ok());
}

contract!(
    /// A member's open requests and requests a day stop at the group's limits.
    requests_stop_at_the_groups_limits => request_limits
);

async fn reminders<S: Store>(store: S) {
    let (app, clock) = app(store);
    let (group, _, areas, code) = group(&app).await;
    let (helper, offers) = contributor(&app, group, &areas, &code, "helper@example.org", 2).await;
    let (seeker, _) = contributor(&app, group, &areas, &code, "seeker@example.org", 2).await;
    let waiting = app
        .create_request(seeker, group, asking(offers[0]))
        .await
        .unwrap();
    let answered = app
        .create_request(seeker, group, asking(offers[1]))
        .await
        .unwrap();
    app.transition(helper, group, answered.request.id, Transition::Accept)
        .await
        .unwrap();
    clock.advance(time::Duration::days(3) - time::Duration::minutes(1));
    assert_eq!(app.remind_waiting_requests().await.unwrap(), 0, "not yet");
    clock.advance(time::Duration::minutes(1));
    assert_eq!(
        app.remind_waiting_requests().await.unwrap(),
        1,
        "the helper of the request still waiting"
    );
    assert_eq!(app.remind_waiting_requests().await.unwrap(), 0, "once");
    clock.advance(time::Duration::days(2));
    assert_eq!(
        app.remind_waiting_requests().await.unwrap(),
        1,
        "its seeker"
    );
    clock.advance(time::Duration::days(30));
    assert_eq!(app.remind_waiting_requests().await.unwrap(), 0);
    let seen = app
        .request(seeker, group, waiting.request.id)
        .await
        .unwrap();
    assert_eq!(
        seen.request.reminded.seeker,
        seen.request
            .reminded
            .helper
            .map(|h| h + time::Duration::days(2))
    );
}

contract!(
    /// A request waiting for its helper reminds the helper after three days and the seeker
    /// after five, once each, and a request answered reminds nobody.
    waiting_requests_remind_each_side_once => reminders
);
