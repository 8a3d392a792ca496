//! Whole stories, step by step, as members and admins live them.

use crate::{App, app};
use collaborate_core::accounts::NewAccount;
use collaborate_core::audit::AuditAction;
use collaborate_core::groups::{
    GroupChanges, MemberChanges, MemberFilter, NewGroup, NewInvitation, ProfileChanges,
    SettingsChanges,
};
use collaborate_core::notifications::Notice;
use collaborate_core::offers::{Need, NeedChanges, NewNeed, NewOffer, Offer, OfferChanges, Topic};
use collaborate_core::paging::PageRequest;
use collaborate_core::questionnaire::{
    ImportMode, ImportReport, Importer, InvitationKind, MemberOutcome,
};
use collaborate_core::requests::{NewFeedback, NewRequest, RequestFilter, Side, Transition};
use collaborate_core::search::SearchQuery;
use collaborate_core::taxonomy::{AreaChanges, AreaRemoval, NewArea};
use collaborate_core::values::*;
use collaborate_core::{ConflictReason, Error};
use time::Duration;

fn block<F: std::future::Future>(f: F) -> F::Output {
    pollster::block_on(f)
}

/// A group with an admin, three areas and people in it.
struct Story {
    app: App,
    clock: collaborate_core::simulated::ManualClock,
    store: collaborate_core::memory::MemoryStore,
    group: GroupId,
    admin: AccountId,
    areas: Vec<AreaId>,
    code: JoinCode,
}

const PASSWORD: &str = "a long enough password";

impl Story {
    fn new() -> Self {
        let (app, store, clock) = app();
        let admin = block(register(&app, "admin@example.org", "Ada Admin"));
        let created = block(app.create_group(
            admin,
            NewGroup {
                name: GroupName::parse("West Yorkshire schools").unwrap(),
                growth_mode: GrowthMode::Organic,
                areas: Vec::new(),
                settings: SettingsChanges::default(),
            },
        ))
        .unwrap();
        let group = created.group.id;
        let mut areas = Vec::new();
        for (name, aspects) in [
            ("Curriculum design", vec!["KS3 science", "Assessment"]),
            ("Budget planning", vec!["Grant bids"]),
            ("Wellbeing", vec!["Staff wellbeing"]),
            ("Leadership", vec!["Coaching"]),
        ] {
            let area = block(app.create_area(
                admin,
                group,
                NewArea {
                    name: Name::parse(name).unwrap(),
                    description: None,
                    aspects: Aspects::parse(&aspects).unwrap(),
                },
            ))
            .unwrap();
            areas.push(area.id);
        }
        let code = created.group.settings.join_code.unwrap();
        Self {
            app,
            clock,
            store,
            group,
            admin,
            areas,
            code,
        }
    }

    fn join(&self, email: &str, name: &str) -> AccountId {
        let account = block(register(&self.app, email, name));
        block(self.app.join_by_code(account, self.group, &self.code)).unwrap();
        account
    }

    fn offer(&self, who: AccountId, area: usize, modes: &[&str]) -> OfferId {
        let aspect = ["KS3 science", "Grant bids", "Staff wellbeing", "Coaching"][area];
        block(self.app.create_offer(
            who,
            self.group,
            NewOffer {
                topic: Topic {
                    area_id: self.areas[area],
                    aspects: Aspects::parse(&[aspect]).unwrap(),
                    description: Description::parse("What worked for us").unwrap(),
                    modes: Modes::parse(modes).unwrap(),
                    rank: None,
                },
                capacity: None,
                travel_radius: None,
            },
        ))
        .unwrap()
        .id
    }

    /// A member with offers in the first three areas: a contributor.
    fn contributor(&self, email: &str, name: &str) -> (AccountId, Vec<OfferId>) {
        let who = self.join(email, name);
        let offers = (0..3)
            .map(|area| self.offer(who, area, &["email", "video"]))
            .collect();
        (who, offers)
    }

    fn search(
        &self,
        who: AccountId,
        area: usize,
    ) -> Result<Vec<collaborate_core::search::SearchHit>, Error> {
        block(self.app.search(who, self.group, query(self.areas[area])))
    }

    fn request(
        &self,
        who: AccountId,
        offer: OfferId,
    ) -> Result<collaborate_core::requests::RequestDetails, Error> {
        block(self.app.create_request(
            who,
            self.group,
            NewRequest {
                offer_id: offer,
                need_id: None,
                message: Message::parse("Could we talk about your approach?").unwrap(),
                mode: Mode::Email,
            },
        ))
    }

    fn step(
        &self,
        who: AccountId,
        request: RequestId,
        t: Transition,
    ) -> Result<RequestStatus, Error> {
        block(self.app.transition(who, self.group, request, t)).map(|r| r.status)
    }
}

async fn register(app: &App, email: &str, name: &str) -> AccountId {
    app.register(NewAccount {
        email: Email::parse(email).unwrap(),
        password: Password::parse(PASSWORD).unwrap(),
        display_name: DisplayName::parse(name).unwrap(),
    })
    .await
    .unwrap()
    .made()
    .unwrap()
    .id
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

#[test]
fn a_group_walks_from_creation_to_feedback() {
    let story = Story::new();
    let (helper, helper_offers) = story.contributor("helper@example.org", "Hari Helper");
    let seeker = story.join("seeker@example.org", "Sam Seeker");

    assert!(matches!(
        story.search(seeker, 1),
        Err(Error::ReciprocityRequired { offers_needed: 3 })
    ));
    story.offer(seeker, 0, &["phone"]);
    story.offer(seeker, 2, &["phone"]);
    assert!(matches!(
        story.request(seeker, helper_offers[1]),
        Err(Error::ReciprocityRequired { offers_needed: 1 })
    ));
    story.offer(seeker, 3, &["phone"]);

    let hits = story.search(seeker, 1).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].offer_id, helper_offers[1]);
    assert_eq!(hits[0].peer.display_name.as_str(), "Hari Helper");

    let details = story.request(seeker, helper_offers[1]).unwrap();
    assert_eq!(
        details
            .counterpart
            .contact
            .email
            .as_ref()
            .map(Email::as_str),
        Some("helper@example.org")
    );
    let request = details.request.id;
    assert_eq!(
        story.step(helper, request, Transition::Accept).unwrap(),
        RequestStatus::Accepted
    );
    assert_eq!(
        story.step(seeker, request, Transition::Complete).unwrap(),
        RequestStatus::Completed
    );
    let rated = block(story.app.give_feedback(
        seeker,
        story.group,
        request,
        NewFeedback {
            rating: Rating::new(5).unwrap(),
            comment: Some(Comment::parse("Very useful").unwrap()),
        },
    ))
    .unwrap();
    assert_eq!(rated.feedback.map(|f| f.rating.get()), Some(5));

    let helper_view = block(story.app.request(helper, story.group, request)).unwrap();
    assert_eq!(helper_view.side, Side::Helper);
    assert_eq!(
        helper_view
            .counterpart
            .contact
            .email
            .as_ref()
            .map(Email::as_str),
        None,
        "once the help is completed, contact details stop flowing"
    );
    let reveals = block(story.store.snapshot())
        .audit_events()
        .iter()
        .filter(|e| matches!(e.action, AuditAction::ContactsRevealed { request_id, .. } if request_id == request))
        .count();
    assert_eq!(
        reveals, 2,
        "one reveal to the seeker on sending, one to the helper on reading"
    );
}

#[test]
fn pausing_offers_below_the_threshold_takes_standing_away_but_open_requests_stay() {
    let story = Story::new();
    let (helper, helper_offers) = story.contributor("helper@example.org", "Hari");
    let (seeker, seeker_offers) = story.contributor("seeker@example.org", "Sam");
    let request = story.request(seeker, helper_offers[0]).unwrap().request.id;

    block(story.app.update_offer(
        seeker,
        story.group,
        seeker_offers[0],
        OfferChanges {
            status: Some(OfferStatus::Paused),
            ..OfferChanges::default()
        },
    ))
    .unwrap();

    let profile = block(story.app.my_profile(seeker, story.group)).unwrap();
    assert!(!profile.standing.is_contributor());
    assert_eq!(profile.standing.offers_needed(), 1);
    assert!(matches!(
        story.search(seeker, 0),
        Err(Error::ReciprocityRequired { offers_needed: 1 })
    ));
    assert_eq!(
        story.step(helper, request, Transition::Accept).unwrap(),
        RequestStatus::Accepted
    );
    assert_eq!(
        story.step(seeker, request, Transition::Cancel).unwrap(),
        RequestStatus::Cancelled
    );
}

#[test]
fn nobody_finds_or_requests_themselves() {
    let story = Story::new();
    let (member, offers) = story.contributor("me@example.org", "Me");
    assert!(story.search(member, 0).unwrap().is_empty());
    assert!(matches!(
        story.request(member, offers[0]),
        Err(Error::Forbidden(_))
    ));
}

#[test]
fn an_offer_at_capacity_takes_no_new_request_until_one_closes() {
    let story = Story::new();
    let (helper, offers) = story.contributor("helper@example.org", "Hari");
    let (first, _) = story.contributor("first@example.org", "First");
    let (second, _) = story.contributor("second@example.org", "Second");
    let (third, _) = story.contributor("third@example.org", "Third");
    let r1 = story.request(first, offers[0]).unwrap().request.id;
    story.request(second, offers[0]).unwrap();

    assert!(matches!(
        story.request(third, offers[0]),
        Err(Error::Conflict {
            reason: ConflictReason::AtCapacity,
            ..
        })
    ));
    assert!(
        story
            .search(third, 0)
            .unwrap()
            .iter()
            .all(|h| h.offer_id != offers[0])
    );

    story.step(helper, r1, Transition::Decline).unwrap();
    assert!(story.request(third, offers[0]).is_ok());
}

#[test]
fn a_second_open_request_on_the_same_offer_is_refused() {
    let story = Story::new();
    let (_, offers) = story.contributor("helper@example.org", "Hari");
    let (seeker, _) = story.contributor("seeker@example.org", "Sam");
    story.request(seeker, offers[0]).unwrap();
    assert!(matches!(
        story.request(seeker, offers[0]),
        Err(Error::Conflict {
            reason: ConflictReason::AlreadyRequested,
            ..
        })
    ));
}

#[test]
fn an_unanswered_request_expires_and_frees_its_place() {
    let story = Story::new();
    let (helper, offers) = story.contributor("helper@example.org", "Hari");
    let (seeker, _) = story.contributor("seeker@example.org", "Sam");
    let request = story.request(seeker, offers[0]).unwrap().request.id;

    story.clock.advance(Duration::days(14));

    assert!(
        matches!(story.step(helper, request, Transition::Accept), Err(Error::Conflict { reason: ConflictReason::WrongState, ref message }) if message.contains("expired"))
    );
    let filter = RequestFilter {
        side: Side::Seeker,
        status: Some(RequestStatus::Expired),
    };
    let expired = block(
        story
            .app
            .my_requests(seeker, story.group, filter, PageRequest::default()),
    )
    .unwrap();
    assert_eq!(expired.items.len(), 1);
    assert_eq!(expired.items[0].status, RequestStatus::Expired);
    assert!(
        story.request(seeker, offers[0]).is_ok(),
        "an expired request holds no place"
    );
}

/// Making a request supplies each side with the other's contact details, audited once each;
/// reading it afterwards, by either side and even past its expiry, writes nothing at all.
#[test]
fn making_a_request_audits_both_reveals_and_reading_it_changes_nothing() {
    let story = Story::new();
    let (helper, offers) = story.contributor("helper@example.org", "Hari");
    let (seeker, _) = story.contributor("seeker@example.org", "Sam");
    let made = story.request(seeker, offers[0]).unwrap().request;
    let reveals: Vec<_> = block(story.store.snapshot())
        .audit_events()
        .iter()
        .filter_map(|e| match e.action {
            AuditAction::ContactsRevealed {
                request_id,
                subject_id,
            } if request_id == made.id => Some((e.actor.member_id(), subject_id)),
            _ => None,
        })
        .collect();
    assert_eq!(
        reveals,
        vec![
            (Some(made.seeker_id), made.helper_id),
            (Some(made.helper_id), made.seeker_id)
        ]
    );

    story.clock.advance(Duration::days(15));
    let before = block(story.store.snapshot());
    for who in [seeker, helper, seeker] {
        let seen = block(story.app.request(who, story.group, made.id)).unwrap();
        assert_eq!(seen.request.status, RequestStatus::Expired);
    }
    assert!(block(story.store.snapshot()) == before, "a read wrote");
}

#[test]
fn the_wrong_side_or_an_outsider_cannot_move_a_request() {
    let story = Story::new();
    let (helper, offers) = story.contributor("helper@example.org", "Hari");
    let (seeker, _) = story.contributor("seeker@example.org", "Sam");
    let (other, _) = story.contributor("other@example.org", "Olu");
    let request = story.request(seeker, offers[0]).unwrap().request.id;

    assert!(matches!(
        story.step(seeker, request, Transition::Accept),
        Err(Error::Forbidden(_))
    ));
    assert!(matches!(
        story.step(helper, request, Transition::Cancel),
        Err(Error::Forbidden(_))
    ));
    assert!(matches!(
        story.step(other, request, Transition::Decline),
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        block(story.app.request(other, story.group, request)),
        Err(Error::NotFound(_))
    ));
}

#[test]
fn an_outsider_learns_nothing_of_a_group() {
    let story = Story::new();
    let (_, offers) = story.contributor("helper@example.org", "Hari");
    let outsider = block(register(&story.app, "outsider@example.org", "Out"));
    let before = block(story.store.snapshot());

    assert!(matches!(
        block(story.app.group(outsider, story.group)),
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        block(story.app.list_areas(outsider, story.group)),
        Err(Error::NotFound(_))
    ));
    assert!(matches!(story.search(outsider, 0), Err(Error::NotFound(_))));
    assert!(matches!(
        story.request(outsider, offers[0]),
        Err(Error::NotFound(_))
    ));
    let wrong_code = JoinCode::parse("WRONG-CODE").unwrap();
    assert!(matches!(
        block(story.app.join_by_code(outsider, story.group, &wrong_code)),
        Err(Error::NotFound(_))
    ));
    assert_eq!(block(story.store.snapshot()), before);
}

#[test]
fn a_suspended_member_may_only_read_their_own_data_there_and_keeps_their_other_groups() {
    let story = Story::new();
    let (member, _) = story.contributor("member@example.org", "Mo");
    let (token, _) = block(story.app.log_in("member@example.org", PASSWORD)).unwrap();
    let member_id = block(story.app.my_profile(member, story.group))
        .unwrap()
        .member
        .id;

    block(story.app.update_member(
        story.admin,
        story.group,
        member_id,
        MemberChanges {
            status: Some(MemberStatus::Suspended),
            ..MemberChanges::default()
        },
    ))
    .unwrap();

    assert!(block(story.app.my_profile(member, story.group)).is_ok());
    assert_eq!(
        block(story.app.my_offers(member, story.group))
            .unwrap()
            .len(),
        3
    );
    assert!(matches!(story.search(member, 0), Err(Error::Suspended)));
    assert!(matches!(
        block(story.app.list_areas(member, story.group)),
        Err(Error::Suspended)
    ));
    assert_eq!(
        block(story.app.authenticate(&token)).unwrap(),
        member,
        "a suspension in one group ends nothing of theirs in another"
    );
    let elsewhere = block(story.app.create_group(
        member,
        NewGroup {
            name: GroupName::parse("Their own group").unwrap(),
            growth_mode: GrowthMode::Organic,
            areas: Vec::new(),
            settings: SettingsChanges::default(),
        },
    ));
    assert!(elsewhere.is_ok(), "{elsewhere:?}");
    let audited = block(story.store.snapshot()).audit_events().iter().any(|e| {
        matches!(e.action, AuditAction::StatusChanged { subject_id, to: MemberStatus::Suspended, .. } if subject_id == member_id)
    });
    assert!(audited);
}

#[test]
fn a_suspended_member_signs_in_with_a_provider_as_with_a_password_and_the_group_stays_closed() {
    let story = Story::new();
    let (member, _) = story.contributor("member@example.org", "Mo");
    let member_id = block(story.app.my_profile(member, story.group))
        .unwrap()
        .member
        .id;
    block(story.app.update_member(
        story.admin,
        story.group,
        member_id,
        MemberChanges {
            status: Some(MemberStatus::Suspended),
            ..MemberChanges::default()
        },
    ))
    .unwrap();
    let claim = collaborate_core::accounts::ClaimedIdentity::new(
        "https://accounts.google.com",
        "1084",
        Some("member@example.org"),
        Some(true),
        None,
    )
    .unwrap();

    let signed = block(story.app.sign_in_from_provider(claim)).unwrap();

    // Suspension is of a membership: the person signs in, and may read their own data there…
    assert_eq!(signed.account.id, member);
    assert!(block(story.app.my_profile(member, story.group)).is_ok());
    // …and the group stays closed to them as it does after a password sign-in.
    assert!(matches!(story.search(member, 0), Err(Error::Suspended)));
}

#[test]
fn a_group_always_keeps_an_active_admin() {
    let story = Story::new();
    let admin_member = block(story.app.my_profile(story.admin, story.group))
        .unwrap()
        .member
        .id;
    let demote = MemberChanges {
        role: Some(Role::Member),
        ..MemberChanges::default()
    };
    assert!(matches!(
        block(
            story
                .app
                .update_member(story.admin, story.group, admin_member, demote.clone())
        ),
        Err(Error::Conflict {
            reason: ConflictReason::LastAdmin,
            ..
        })
    ));

    let second = story.join("second@example.org", "Second");
    let second_member = block(story.app.my_profile(second, story.group))
        .unwrap()
        .member
        .id;
    let promote = MemberChanges {
        role: Some(Role::Admin),
        ..MemberChanges::default()
    };
    block(
        story
            .app
            .update_member(story.admin, story.group, second_member, promote),
    )
    .unwrap();
    assert!(
        block(
            story
                .app
                .update_member(story.admin, story.group, admin_member, demote)
        )
        .is_ok()
    );
    assert!(matches!(
        block(story.app.list_members(
            story.admin,
            story.group,
            &MemberFilter::default(),
            PageRequest::default()
        )),
        Err(Error::Forbidden(_))
    ));
}

#[test]
fn members_list_in_pages_with_a_cursor() {
    let story = Story::new();
    for i in 0..5 {
        story.join(&format!("m{i}@example.org"), &format!("M{i}"));
    }
    let page = PageRequest {
        limit: Limit::new(4).unwrap(),
        after: None,
    };
    let first = block(story.app.list_members(
        story.admin,
        story.group,
        &MemberFilter::default(),
        page,
    ))
    .unwrap();
    assert_eq!(first.items.len(), 4);
    let next = PageRequest {
        limit: Limit::new(4).unwrap(),
        after: first.next_cursor,
    };
    let second = block(story.app.list_members(
        story.admin,
        story.group,
        &MemberFilter::default(),
        next,
    ))
    .unwrap();
    assert_eq!(second.items.len(), 2);
    assert_eq!(second.next_cursor, None);
    assert!(
        first
            .items
            .iter()
            .all(|a| second.items.iter().all(|b| a.id < b.id))
    );
}

#[test]
fn an_invitation_is_accepted_only_by_the_person_invited_and_only_once() {
    let story = Story::new();
    let (_, token) = block(story.app.invite(
        story.admin,
        story.group,
        NewInvitation {
            email: Email::parse("Invited@Example.org").unwrap(),
            role: None,
        },
    ))
    .unwrap();
    let stranger = block(register(&story.app, "stranger@example.org", "Stranger"));
    let invited = block(register(&story.app, "invited@example.org", "Invited"));

    assert!(matches!(
        block(story.app.accept_invitation(stranger, &token)),
        Err(Error::NotFound(_))
    ));
    let joined = block(story.app.accept_invitation(invited, &token)).unwrap();
    assert_eq!(joined.member.role, Role::Member);
    assert_eq!(
        joined.group.settings.join_code, None,
        "members do not see the join code"
    );
    assert!(matches!(
        block(story.app.accept_invitation(invited, &token)),
        Err(Error::Conflict {
            reason: ConflictReason::WrongState,
            ..
        })
    ));
}

#[test]
fn an_invitation_expires_after_two_weeks() {
    let story = Story::new();
    let (_, token) = block(story.app.invite(
        story.admin,
        story.group,
        NewInvitation {
            email: Email::parse("late@example.org").unwrap(),
            role: Some(Role::Admin),
        },
    ))
    .unwrap();
    let late = block(register(&story.app, "late@example.org", "Late"));
    story.clock.advance(Duration::days(14));
    assert!(
        matches!(block(story.app.accept_invitation(late, &token)), Err(Error::Conflict { reason: ConflictReason::Expired, ref message }) if message.contains("expired"))
    );
}

#[test]
fn an_area_in_use_is_archived_and_one_unused_is_deleted() {
    let story = Story::new();
    let member = story.join("member@example.org", "Mo");
    story.offer(member, 0, &["email"]);

    let used = block(
        story
            .app
            .remove_area(story.admin, story.group, story.areas[0]),
    )
    .unwrap();
    let unused = block(
        story
            .app
            .remove_area(story.admin, story.group, story.areas[3]),
    )
    .unwrap();

    assert_eq!(
        (used, unused),
        (AreaRemoval::Archived, AreaRemoval::Deleted)
    );
    let areas = block(story.app.list_areas(story.admin, story.group)).unwrap();
    assert_eq!(areas.len(), 3);
    assert!(
        areas
            .iter()
            .find(|a| a.id == story.areas[0])
            .unwrap()
            .archived
    );
    let summary = block(story.app.area_summary(member, story.group)).unwrap();
    assert!(summary.iter().all(|s| s.area.id != story.areas[0]));
}

#[test]
fn an_aspect_in_use_cannot_be_dropped_and_a_stale_edit_is_refused() {
    let story = Story::new();
    let member = story.join("member@example.org", "Mo");
    story.offer(member, 0, &["email"]);
    let drop_in_use = AreaChanges {
        aspects: Some(Aspects::parse(&["Assessment"]).unwrap()),
        ..AreaChanges::default()
    };
    assert!(matches!(
        block(story.app.update_area(story.admin, story.group, story.areas[0], drop_in_use)),
        Err(Error::Conflict { reason: ConflictReason::InUse, ref message }) if message.contains("KS3 science")
    ));

    let rename = |v: u32| AreaChanges {
        name: Some(Name::parse("Curriculum").unwrap()),
        version: Some(Version::new(v)),
        ..AreaChanges::default()
    };
    assert_eq!(
        block(
            story
                .app
                .update_area(story.admin, story.group, story.areas[0], rename(1))
        )
        .unwrap()
        .version,
        Version::new(2)
    );
    assert!(matches!(
        block(
            story
                .app
                .update_area(story.admin, story.group, story.areas[0], rename(1))
        ),
        Err(Error::Stale(_))
    ));
}

#[test]
fn area_names_are_unique_in_a_group_whatever_their_case() {
    let story = Story::new();
    let again = NewArea {
        name: Name::parse("BUDGET planning").unwrap(),
        description: None,
        aspects: Aspects::default(),
    };
    assert!(matches!(
        block(story.app.create_area(story.admin, story.group, again)),
        Err(Error::Conflict {
            reason: ConflictReason::Duplicate,
            ..
        })
    ));
}

#[test]
fn an_offer_must_name_aspects_of_its_area_and_a_current_area() {
    let story = Story::new();
    let member = story.join("member@example.org", "Mo");
    let new = |area: AreaId, aspects: &[&str]| NewOffer {
        topic: Topic {
            area_id: area,
            aspects: Aspects::parse(aspects).unwrap(),
            description: Description::parse("Help").unwrap(),
            modes: Modes::parse(&["email"]).unwrap(),
            rank: None,
        },
        capacity: None,
        travel_radius: None,
    };
    let unknown = block(story.app.create_offer(
        member,
        story.group,
        new(story.areas[1], &["KS3 science"]),
    ));
    assert!(matches!(unknown, Err(Error::Invalid(ref e)) if e.field() == "aspects"));
    let other_group = AreaId::parse("00000000-0000-7000-8000-000000000000").unwrap();
    let missing = block(
        story
            .app
            .create_offer(member, story.group, new(other_group, &[])),
    );
    assert!(matches!(missing, Err(Error::Invalid(ref e)) if e.field() == "area_id"));
    let spelled = block(story.app.create_offer(
        member,
        story.group,
        new(story.areas[1], &["grant BIDS"]),
    ))
    .unwrap();
    assert_eq!(
        spelled.topic.aspects.iter().next().map(Aspect::as_str),
        Some("Grant bids")
    );
}

#[test]
fn the_area_summary_counts_without_naming_and_needs_no_standing() {
    let story = Story::new();
    let newcomer = story.join("new@example.org", "New");
    let (helper, _) = story.contributor("helper@example.org", "Hari");
    block(story.app.create_need(
        helper,
        story.group,
        NewNeed {
            topic: Topic {
                area_id: story.areas[3],
                aspects: Aspects::default(),
                description: Description::parse("Coaching my team").unwrap(),
                modes: Modes::default(),
                rank: None,
            },
        },
    ))
    .unwrap();
    let summary = block(story.app.area_summary(newcomer, story.group)).unwrap();
    let counts: Vec<_> = summary
        .iter()
        .map(|s| (s.area.name.to_string(), s.offers, s.needs))
        .collect();
    assert_eq!(
        counts,
        vec![
            ("Budget planning".into(), 1, 0),
            ("Curriculum design".into(), 1, 0),
            ("Leadership".into(), 0, 1),
            ("Wellbeing".into(), 1, 0),
        ]
    );
}

#[test]
fn search_near_a_place_needs_somewhere_to_measure_from() {
    let story = Story::new();
    let (seeker, _) = story.contributor("seeker@example.org", "Sam");
    let mut q = query(story.areas[0]);
    q.radius = Some(SearchRadius::new(10).unwrap());
    let outcome = block(story.app.search(seeker, story.group, q.clone()));
    assert!(matches!(outcome, Err(Error::Invalid(ref e)) if e.field() == "radius_km"));

    let leeds = Location {
        label: Some(PlaceLabel::parse("Leeds").unwrap()),
        position: Position {
            lat: Latitude::new(53.8).unwrap(),
            lon: Longitude::new(-1.55).unwrap(),
        },
    };
    block(story.app.update_profile(
        seeker,
        story.group,
        ProfileChanges {
            location: Some(Some(leeds)),
            ..ProfileChanges::default()
        },
    ))
    .unwrap();
    assert!(block(story.app.search(seeker, story.group, q)).is_ok());
}

#[test]
fn signing_in_gives_the_same_answer_for_an_unknown_email_and_a_wrong_password() {
    let (app, _, clock) = app();
    block(register(&app, "ada@example.org", "Ada"));
    let unknown = block(app.log_in("nobody@example.org", PASSWORD));
    let wrong = block(app.log_in("ada@example.org", "not the password"));
    assert_eq!(
        unknown.unwrap_err().to_string(),
        wrong.unwrap_err().to_string()
    );

    let (token, account) = block(app.log_in("ADA@example.org", PASSWORD)).unwrap();
    assert_eq!(block(app.authenticate(&token)).unwrap(), account.id);
    let (second, _) = block(app.log_in("ada@example.org", PASSWORD)).unwrap();
    assert_ne!(
        token.expose(),
        second.expose(),
        "a new token at every sign-in"
    );

    block(app.log_out(&token)).unwrap();
    assert!(matches!(
        block(app.authenticate(&token)),
        Err(Error::Unauthenticated)
    ));
    assert!(block(app.authenticate(&second)).is_ok());
    clock.advance(Duration::days(3));
    assert!(
        matches!(
            block(app.authenticate(&second)),
            Err(Error::Unauthenticated)
        ),
        "idle too long"
    );
}

#[test]
fn one_account_per_email_whatever_its_case() {
    let (app, _, _) = app();
    block(register(&app, "ada@example.org", "Ada"));
    let again = block(app.register(NewAccount {
        email: Email::parse("ADA@EXAMPLE.ORG").unwrap(),
        password: Password::parse(PASSWORD).unwrap(),
        display_name: DisplayName::parse("Ada again").unwrap(),
    }));
    assert!(matches!(
        again,
        Err(Error::Conflict {
            reason: ConflictReason::Duplicate,
            ..
        })
    ));
}

#[test]
fn a_systemic_group_has_no_join_code_and_only_admins_change_settings() {
    let story = Story::new();
    let member = story.join("member@example.org", "Mo");
    let changes = GroupChanges {
        settings: SettingsChanges {
            min_offers: Some(MinOffers::new(1).unwrap()),
            ..SettingsChanges::default()
        },
        ..GroupChanges::default()
    };
    assert!(matches!(
        block(story.app.update_group(member, story.group, changes.clone())),
        Err(Error::Forbidden(_))
    ));
    assert_eq!(
        block(story.app.update_group(story.admin, story.group, changes))
            .unwrap()
            .settings
            .min_offers
            .get(),
        1
    );

    let systemic = block(story.app.create_group(
        story.admin,
        NewGroup {
            name: GroupName::parse("Council officers").unwrap(),
            growth_mode: GrowthMode::Systemic,
            areas: Vec::new(),
            settings: SettingsChanges {
                join_code: Some(Some(JoinCode::parse("OPEN-UP-NOW").unwrap())),
                ..SettingsChanges::default()
            },
        },
    ));
    assert!(matches!(systemic, Err(Error::Invalid(ref e)) if e.field() == "join_code"));
}

#[test]
fn an_admin_chosen_join_code_has_at_least_eight_characters() {
    let story = Story::new();
    let change = |code: &str| {
        block(story.app.update_group(
            story.admin,
            story.group,
            GroupChanges {
                settings: SettingsChanges {
                    join_code: Some(Some(JoinCode::parse(code).unwrap())),
                    ..SettingsChanges::default()
                },
                ..GroupChanges::default()
            },
        ))
    };
    assert!(
        matches!(change("SPRING7"), Err(Error::Invalid(ref e)) if e.field() == "settings.join_code")
    );
    assert!(change("SPRING26").is_ok());
}

/// Nobody collects a group's contact details by asking everyone: a member has at most the
/// group's number of open requests, and sends at most its number a day.
#[test]
fn requests_stop_at_the_groups_limits_on_open_requests_and_requests_a_day() {
    let story = Story::new();
    block(story.app.update_group(
        story.admin,
        story.group,
        GroupChanges {
            settings: SettingsChanges {
                max_open_requests: Some(OpenRequestCap::new(2).unwrap()),
                max_requests_per_day: Some(DailyRequestCap::new(3).unwrap()),
                ..SettingsChanges::default()
            },
            ..GroupChanges::default()
        },
    ))
    .unwrap();
    let (seeker, _) = story.contributor("seeker@example.org", "Sam");
    let offers: Vec<OfferId> = (0..5)
        .map(|i| story.contributor(&format!("h{i}@example.org"), "Helper").1[0])
        .collect();
    let limited = |outcome: Result<_, Error>| {
        matches!(
            outcome,
            Err(Error::Conflict {
                reason: ConflictReason::LimitReached,
                ..
            })
        )
    };
    let first = story.request(seeker, offers[0]).unwrap().request.id;
    story.request(seeker, offers[1]).unwrap();
    assert!(
        limited(story.request(seeker, offers[2])),
        "a third open request"
    );
    story.step(seeker, first, Transition::Cancel).unwrap();
    let third = story.request(seeker, offers[2]).unwrap().request.id;
    story.step(seeker, third, Transition::Cancel).unwrap();
    assert!(
        limited(story.request(seeker, offers[3])),
        "a fourth request in a day"
    );
    story.clock.advance(Duration::days(1));
    assert!(story.request(seeker, offers[3]).is_ok());
}

/// A profile, not a catalogue: offers and open needs stop at their limits, whichever way one
/// tries to go past them (reopening met needs included).
#[test]
fn offers_and_open_needs_stop_at_their_limits_naming_the_field() {
    let story = Story::new();
    let who = story.join("many@example.org", "Many");
    for _ in 0..Offer::MOST_PER_MEMBER {
        story.offer(who, 0, &["email"]);
    }
    let refused = block(story.app.create_offer(
        who,
        story.group,
        NewOffer {
            topic: Topic {
                area_id: story.areas[1],
                aspects: Aspects::default(),
                description: Description::parse("One more").unwrap(),
                modes: Modes::parse(&["email"]).unwrap(),
                rank: None,
            },
            capacity: None,
            travel_radius: None,
        },
    ));
    assert!(matches!(refused, Err(Error::Invalid(ref e)) if e.field() == "offers"));

    let need = |n: usize| {
        block(story.app.create_need(
            who,
            story.group,
            NewNeed {
                topic: Topic {
                    area_id: story.areas[n % 3],
                    aspects: Aspects::default(),
                    description: Description::parse("Where to start").unwrap(),
                    modes: Modes::default(),
                    rank: None,
                },
            },
        ))
    };
    let first = need(0).unwrap().id;
    for n in 1..Need::MOST_OPEN_PER_MEMBER {
        need(n).unwrap();
    }
    assert!(matches!(need(99), Err(Error::Invalid(ref e)) if e.field() == "needs"));
    let met = |status| NeedChanges {
        status: Some(status),
        ..NeedChanges::default()
    };
    block(
        story
            .app
            .update_need(who, story.group, first, met(NeedStatus::Met)),
    )
    .unwrap();
    need(100).unwrap();
    let reopened = block(
        story
            .app
            .update_need(who, story.group, first, met(NeedStatus::Open)),
    );
    assert!(matches!(reopened, Err(Error::Invalid(ref e)) if e.field() == "needs"));
}

/// Leaving takes a member's offers and open needs out and closes their open requests on both
/// sides; they may come back by the code. The last active admin may not leave.
#[test]
fn leaving_a_group_closes_what_was_open_and_the_code_brings_one_back() {
    let story = Story::new();
    let (helper, offers) = story.contributor("helper@example.org", "Hari");
    let (seeker, seeker_offers) = story.contributor("seeker@example.org", "Sam");
    let asked = story.request(seeker, offers[0]).unwrap().request.id;
    let accepted = story.request(helper, seeker_offers[1]).unwrap().request.id;
    story.step(seeker, accepted, Transition::Accept).unwrap();
    let need = block(story.app.create_need(
        seeker,
        story.group,
        NewNeed {
            topic: Topic {
                area_id: story.areas[0],
                aspects: Aspects::default(),
                description: Description::parse("Where to start").unwrap(),
                modes: Modes::default(),
                rank: None,
            },
        },
    ))
    .unwrap()
    .id;

    block(story.app.leave_group(seeker, story.group)).unwrap();

    let snapshot = block(story.store.snapshot());
    let status_of = |id| snapshot.requests().find(|r| r.id == id).unwrap().status;
    assert_eq!(status_of(asked), RequestStatus::Cancelled, "as seeker");
    assert_eq!(
        status_of(accepted),
        RequestStatus::Cancelled,
        "as helper, accepted"
    );
    let seeker_id = snapshot
        .requests()
        .find(|r| r.id == asked)
        .unwrap()
        .seeker_id;
    assert!(
        snapshot
            .offers()
            .filter(|o| o.member_id == seeker_id)
            .all(|o| o.status == OfferStatus::Paused)
    );
    let told: Vec<_> = snapshot
        .messages()
        .filter_map(|m| match m.notice {
            Notice::RequestMoved { request_id, status } => Some((request_id, status, m.to.clone())),
            _ => None,
        })
        .collect();
    let hari = Email::parse("helper@example.org").unwrap();
    assert_eq!(
        told,
        [
            (accepted, RequestStatus::Accepted, hari.clone()),
            (asked, RequestStatus::Cancelled, hari.clone()),
            (accepted, RequestStatus::Cancelled, hari),
        ],
        "Hari hears of the acceptance, then of each request closed when Sam leaves"
    );
    assert!(matches!(story.search(seeker, 0), Err(Error::NotFound(_))));
    assert!(
        story.search(helper, 1).unwrap().is_empty(),
        "their offers are out of search"
    );
    let reopened = block(
        story
            .app
            .update_need(seeker, story.group, need, NeedChanges::default()),
    );
    assert!(
        matches!(reopened, Err(Error::NotFound(_))),
        "a member who left acts on nothing"
    );

    block(story.app.join_by_code(seeker, story.group, &story.code)).unwrap();
    let needs = block(story.app.my_needs(seeker, story.group)).unwrap();
    let withdrawn = needs.iter().find(|n| n.id == need).unwrap();
    assert_eq!(withdrawn.status, NeedStatus::Withdrawn);
    let refused = block(story.app.leave_group(story.admin, story.group));
    assert!(matches!(
        refused,
        Err(Error::Conflict {
            reason: ConflictReason::LastAdmin,
            ..
        })
    ));
}

fn import(story: &Story, file: &str) -> Result<ImportReport, Error> {
    block(story.app.import_questionnaire(
        Importer::Admin(story.admin),
        story.group,
        file.as_bytes(),
        ImportMode::Commit,
        &|_, _| (),
    ))
}

#[test]
fn a_pre_loaded_person_claims_their_profile_and_is_ready_on_day_one() {
    let story = Story::new();
    let (bo, _) = story.contributor("bo@example.org", "Bo");
    let file = "email,display_name,organisation,phone,strength_1,strength_2,strength_3,need_1\n\
        cy@example.org,Cy Clarke,Park High,0113 496 0000,\
        Curriculum design > Assessment,budget planning > grant BIDS,Wellbeing > Staff wellbeing,Leadership\n";
    let report = import(&story, file).unwrap();
    assert_eq!(report.invitations.len(), 1);
    let invitation = &report.invitations[0];
    assert_eq!(invitation.kind, InvitationKind::Claim);
    let cy_offers: Vec<_> = block(story.store.snapshot())
        .offers()
        .filter(|o| {
            o.topic
                .description
                .as_str()
                .starts_with("Curriculum design")
        })
        .map(|o| o.id)
        .collect();
    assert_eq!(cy_offers.len(), 1);
    assert!(
        story
            .search(bo, 0)
            .unwrap()
            .iter()
            .all(|h| h.offer_id != cy_offers[0]),
        "nobody finds a profile its person has not taken up"
    );
    let password = Password::parse(PASSWORD).unwrap();
    assert!(matches!(
        block(story.app.log_in("cy@example.org", PASSWORD)),
        Err(Error::InvalidCredentials)
    ));
    let squatter = block(story.app.register(NewAccount {
        email: Email::parse("CY@example.org").unwrap(),
        password: password.clone(),
        display_name: DisplayName::parse("Someone else").unwrap(),
    }));
    assert!(
        matches!(
            squatter,
            Err(Error::Conflict {
                reason: ConflictReason::Duplicate,
                ..
            })
        ),
        "nobody takes a pre-loaded address by registering it"
    );

    let (session, account) =
        block(story.app.claim_invitation(&invitation.token, &password)).unwrap();
    assert_eq!(block(story.app.authenticate(&session)).unwrap(), account.id);
    assert!(
        story.search(account.id, 1).is_ok(),
        "three strengths: a contributor at once"
    );
    assert!(
        story
            .search(bo, 0)
            .unwrap()
            .iter()
            .any(|h| h.offer_id == cy_offers[0]),
        "found once claimed"
    );
    assert!(block(story.app.log_in("cy@example.org", PASSWORD)).is_ok());
    assert!(matches!(
        block(story.app.claim_invitation(&invitation.token, &password)),
        Err(Error::Conflict {
            reason: ConflictReason::WrongState,
            ..
        })
    ));
    let events = block(story.store.snapshot()).audit_events().to_vec();
    assert!(events.iter().any(|e| e.action
        == AuditAction::QuestionnaireImported {
            rows: 1,
            members_created: 1,
            members_updated: 0,
            invitations: 1
        }));
}

#[test]
fn a_person_with_an_account_accepts_and_a_re_import_keeps_what_they_made() {
    let story = Story::new();
    let dee = block(register(&story.app, "dee@example.org", "Dee"));
    let first = "email,display_name,job_title,strength_1,strength_2\n\
        dee@example.org,Dee Dee,Head of science,Curriculum design > KS3 science,Leadership > Coaching\n";
    let report = import(&story, first).unwrap();
    assert_eq!(
        report.invitations[0].kind,
        InvitationKind::Claim,
        "the report says of someone new what it says of anyone new: nothing of their account"
    );
    assert!(
        matches!(
            block(story.app.claim_invitation(
                &report.invitations[0].token,
                &Password::parse(PASSWORD).unwrap()
            )),
            Err(Error::Conflict {
                reason: ConflictReason::WrongState,
                ..
            })
        ),
        "an account with a password signs in to accept"
    );
    block(
        story
            .app
            .accept_invitation(dee, &report.invitations[0].token),
    )
    .unwrap();
    let own = story.offer(dee, 2, &["video"]);
    let before = block(story.app.my_offers(dee, story.group)).unwrap();

    let second = "email,display_name,phone,strength_1\n\
        DEE@example.org,Someone Else,0113 496 0999,Leadership > coaching\n";
    let report = import(&story, second).unwrap();
    assert_eq!(report.rows[0].member, MemberOutcome::Kept);
    assert!(report.invitations.is_empty(), "already a member");
    let offers = block(story.app.my_offers(dee, story.group)).unwrap();
    assert_eq!(
        offers, before,
        "a member's offers are theirs: nothing changed"
    );
    assert!(offers.iter().any(|o| o.id == own), "their own offer stays");
    let profile = block(story.app.my_profile(dee, story.group)).unwrap();
    assert_eq!(profile.member.profile.display_name.as_str(), "Dee Dee");
    assert_eq!(
        profile.member.profile.contact.phone, None,
        "seekers never reach a phone the admin chose"
    );
}

#[test]
fn a_member_who_left_is_invited_back_by_a_file_and_keeps_their_place_until_they_accept() {
    let story = Story::new();
    let (member, _) = story.contributor("member@example.org", "Mo Member");
    block(story.app.leave_group(member, story.group)).unwrap();
    let file = "email,display_name,phone\nmember@example.org,Someone Else,0113 496 0999\n";
    let report = import(&story, file).unwrap();
    assert_eq!(report.rows[0].member, MemberOutcome::Kept);
    assert_eq!(report.invitations[0].kind, InvitationKind::Accept);
    let theirs = block(story.app.export_my_data(member)).unwrap();
    assert_eq!(
        theirs.memberships.len(),
        1,
        "their place is still theirs to download"
    );
    assert_eq!(theirs.memberships[0].member.status, MemberStatus::Left);
    block(
        story
            .app
            .accept_invitation(member, &report.invitations[0].token),
    )
    .unwrap();
    let profile = block(story.app.my_profile(member, story.group)).unwrap();
    assert_eq!(profile.member.status, MemberStatus::Active);
    assert_eq!(profile.member.profile.display_name.as_str(), "Mo Member");
    assert_eq!(profile.member.profile.contact.phone, None);
}

#[test]
fn only_an_active_admin_is_given_the_group_to_manage() {
    let story = Story::new();
    let managed = block(story.app.group_to_manage(story.admin, story.group)).unwrap();
    assert_eq!(managed.settings.join_code.as_ref(), Some(&story.code));
    let member = story.join("member@example.org", "Mo Member");
    let refused = block(story.app.group_to_manage(member, story.group));
    assert!(matches!(refused, Err(Error::Forbidden(_))), "{refused:?}");
    let outsider = block(register(&story.app, "out@example.org", "Olu Outsider"));
    let hidden = block(story.app.group_to_manage(outsider, story.group));
    assert!(matches!(hidden, Err(Error::NotFound(_))), "{hidden:?}");
}

#[test]
fn the_capacity_map_shows_a_place_only_where_enough_people_share_it() {
    let story = Story::new();
    let mut placed = Vec::new();
    for (email, lat) in [
        ("a@example.org", 53.85),
        ("b@example.org", 53.86),
        ("c@example.org", 53.84),
    ] {
        let (who, _) = story.contributor(email, "Someone");
        let changes = ProfileChanges {
            location: Some(Some(Location {
                label: None,
                position: Position {
                    lat: Latitude::new(lat).unwrap(),
                    lon: Longitude::new(-1.55).unwrap(),
                },
            })),
            ..ProfileChanges::default()
        };
        block(story.app.update_profile(who, story.group, changes)).unwrap();
        placed.push(who);
    }
    let map = block(story.app.capacity_map(story.admin, story.group, None)).unwrap();
    assert_eq!(map.cells.len(), 1);
    assert_eq!(map.cells[0].offers, 9, "three offers each");
    let first_area = block(
        story
            .app
            .capacity_map(story.admin, story.group, Some(story.areas[0])),
    )
    .unwrap();
    assert_eq!(first_area.cells[0].offers, 3);
    let refused = block(story.app.capacity_map(placed[0], story.group, None));
    assert!(matches!(refused, Err(Error::Forbidden(_))), "{refused:?}");
    let elsewhere = AreaId::from_uuid(uuid::Uuid::from_u128(77));
    let invalid = block(
        story
            .app
            .capacity_map(story.admin, story.group, Some(elsewhere)),
    );
    assert!(matches!(invalid, Err(Error::Invalid(_))), "{invalid:?}");
}

#[test]
fn where_addresses_are_checked_a_seeker_confirms_theirs_before_asking() {
    let story = Story::new();
    let (_, offers) = story.contributor("helper@example.org", "Hari Helper");
    let (seeker, _) = story.contributor("seeker@example.org", "Sam Seeker");
    let story = Story {
        app: story
            .app
            .checking_addresses(collaborate_core::accounts::AddressCheck::Checked),
        ..story
    };

    assert!(matches!(
        story.request(seeker, offers[0]),
        Err(Error::AddressUnconfirmed)
    ));
    block(story.app.send_address_link(seeker)).unwrap();
    let link = block(story.store.snapshot())
        .messages()
        .find(|m| m.to.as_str() == "seeker@example.org" && m.notice == Notice::AddressProof)
        .and_then(|m| m.secret.clone())
        .unwrap();
    block(story.app.confirm_address(&link, PASSWORD)).unwrap();

    story.request(seeker, offers[0]).unwrap();
}
