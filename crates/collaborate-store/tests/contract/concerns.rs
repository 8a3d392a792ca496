//! Safeguarding concerns on every store: the leads see them, the person concerned never does
//! (not in the list, not by id, not in the trail, even as an admin), steps and suspensions are
//! kept and audited, and named leads come and go.

use crate::harness::{App, app, contract};
use crate::walk::{asking, contributor, group};
use collaborate_core::Error;
use collaborate_core::audit::AuditFilter;
use collaborate_core::concerns::{ConcernAbout, ConcernChanges, MOST_OPEN_RAISED};
use collaborate_core::groups::MemberChanges;
use collaborate_core::notifications::Notice;
use collaborate_core::paging::PageRequest;
use collaborate_core::ports::Store;
use collaborate_core::values::*;
use collaborate_core::{ConcernView, ConflictReason};

async fn listed<S: Store>(
    app: &App<S>,
    lead: AccountId,
    group: GroupId,
    status: Option<ConcernStatus>,
) -> Vec<ConcernView> {
    app.concerns(lead, group, status, PageRequest::default())
        .await
        .unwrap()
        .items
}

async fn kinds_in_trail<S: Store>(app: &App<S>, admin: AccountId, group: GroupId) -> Vec<String> {
    app.audit_log(admin, group, AuditFilter::default(), PageRequest::default())
        .await
        .unwrap()
        .items
        .iter()
        .map(|e| e.action.kind().to_owned())
        .collect()
}

fn text(words: &str) -> ConcernText {
    ConcernText::parse(words).unwrap()
}

async fn concerns_reach_the_leads_and_never_the_person_concerned<S: Store>(store: S) {
    let (app, clock) = app(store);
    let (group, admin, areas, code) = group(&app).await;
    let (helper, offers) = contributor(&app, group, &areas, &code, "helper@example.org", 5).await;
    let (seeker, _) = contributor(&app, group, &areas, &code, "seeker@example.org", 5).await;
    let member_id = |who| {
        let app = &app;
        async move { app.my_profile(who, group).await.unwrap().member.id }
    };
    let (helper_id, seeker_id) = (member_id(helper).await, member_id(seeker).await);
    let asked = app
        .create_request(seeker, group, asking(offers[0]))
        .await
        .unwrap()
        .request
        .id;

    let about_the_request = app
        .raise_concern(
            seeker,
            group,
            ConcernAbout::Request(asked),
            text("He asked to meet at his flat"),
        )
        .await
        .unwrap();
    assert_eq!(about_the_request.concerning, helper_id);
    clock.advance(time::Duration::minutes(1));
    let about_the_seeker = app
        .raise_concern(
            helper,
            group,
            ConcernAbout::Member(seeker_id),
            text("She seems very distressed"),
        )
        .await
        .unwrap();

    let told: Vec<(String, DeliveryStatus)> = app
        .outbox(None, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| matches!(m.notice, Notice::ConcernRaised(_)))
        .map(|m| (m.to.as_str().to_owned(), m.status))
        .collect();
    assert_eq!(
        told,
        [
            ("admin@example.org".to_owned(), DeliveryStatus::Waiting),
            ("admin@example.org".to_owned(), DeliveryStatus::Waiting),
        ],
        "the lead is emailed of each at once; nobody else"
    );
    let waiting = app.waiting_for_me(admin, group).await.unwrap();
    assert_eq!(
        (waiting.concerns_open, waiting.to_answer),
        (2, 0),
        "the lead's home counts them"
    );
    assert_eq!(
        app.waiting_for_me(helper, group).await.unwrap().to_answer,
        1,
        "the helper's home counts the request asked of them"
    );
    assert_eq!(
        app.waiting_for_me(seeker, group)
            .await
            .unwrap()
            .concerns_open,
        0
    );

    let everything = listed(&app, admin, group, None).await;
    assert_eq!(
        everything.iter().map(|v| v.concern.id).collect::<Vec<_>>(),
        [about_the_request.id, about_the_seeker.id],
        "the admin, a lead, sees both, oldest first"
    );
    assert_eq!(
        everything[0].names.get(&seeker_id).map(DisplayName::as_str),
        Some("seeker")
    );
    assert_eq!(
        everything[0]
            .request
            .as_ref()
            .map(|r| (r.area.as_str(), r.status)),
        Some(("Curriculum", RequestStatus::Pending)),
        "the lead is told what the request was for, never its messages"
    );
    assert_eq!(
        everything[1].request, None,
        "one about a member names no request"
    );

    // The helper becomes an admin, and so a lead: never of the concern about him.
    let promote = MemberChanges {
        role: Some(Role::Admin),
        ..MemberChanges::default()
    };
    app.update_member(admin, group, helper_id, promote)
        .await
        .unwrap();
    let his = listed(&app, helper, group, None).await;
    assert_eq!(
        his.iter().map(|v| v.concern.id).collect::<Vec<_>>(),
        [about_the_seeker.id]
    );
    assert!(matches!(
        app.concern(helper, group, about_the_request.id).await,
        Err(Error::NotFound("concern"))
    ));
    let note = ConcernChanges {
        note: Some(ConcernNote::parse("Nothing to see").unwrap()),
        ..ConcernChanges::default()
    };
    assert!(matches!(
        app.act_on_concern(helper, group, about_the_request.id, note.clone())
            .await,
        Err(Error::NotFound("concern"))
    ));
    let his_trail = kinds_in_trail(&app, helper, group).await;
    assert_eq!(
        his_trail
            .iter()
            .filter(|k| k.as_str() == "concern_raised")
            .count(),
        1,
        "only the raising of the concern about the seeker: {his_trail:?}"
    );
    let about_him = AuditFilter {
        member_id: Some(helper_id),
        kind: Some("concern_raised"),
        ..AuditFilter::default()
    };
    let filtered = app
        .audit_log(helper, group, about_him.clone(), PageRequest::default())
        .await
        .unwrap();
    assert_eq!(
        filtered
            .items
            .iter()
            .map(|e| e.action.subject())
            .collect::<Vec<_>>(),
        [Some(seeker_id)],
        "what he raised, never what was raised about him"
    );
    let admins_view = app
        .audit_log(admin, group, about_him, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(admins_view.items.len(), 2, "the other admin sees both");

    // A lead records, and closes; acting on an old version is refused.
    let noted = app
        .act_on_concern(admin, group, about_the_request.id, note.clone())
        .await
        .unwrap();
    let close = ConcernChanges {
        status: Some(ConcernStatus::Closed),
        version: Some(Version::FIRST),
        ..ConcernChanges::default()
    };
    assert!(matches!(
        app.act_on_concern(admin, group, about_the_request.id, close.clone())
            .await,
        Err(Error::Stale(_))
    ));
    let closed = app
        .act_on_concern(
            admin,
            group,
            about_the_request.id,
            ConcernChanges {
                version: Some(noted.concern.version),
                ..close
            },
        )
        .await
        .unwrap();
    assert_eq!(
        closed
            .concern
            .steps
            .iter()
            .map(|s| s.kind)
            .collect::<Vec<_>>(),
        [ConcernStepKind::Noted, ConcernStepKind::Closed]
    );
    assert_eq!(
        listed(&app, admin, group, Some(ConcernStatus::Closed))
            .await
            .len(),
        1
    );
    assert_eq!(
        listed(&app, admin, group, Some(ConcernStatus::Open))
            .await
            .iter()
            .map(|v| v.concern.id)
            .collect::<Vec<_>>(),
        [about_the_seeker.id]
    );

    // A named lead who is not an admin sees what does not concern them, until unnamed.
    assert!(matches!(
        app.concerns(seeker, group, None, PageRequest::default())
            .await,
        Err(Error::Forbidden(_))
    ));
    app.name_safeguarding_lead(admin, group, seeker_id, true)
        .await
        .unwrap();
    app.name_safeguarding_lead(admin, group, seeker_id, true)
        .await
        .unwrap();
    let leads = app.safeguarding_leads(seeker, group).await.unwrap();
    assert_eq!(leads.iter().filter(|l| l.named).count(), 1);
    assert_eq!(leads.len(), 3, "two admins and the named seeker");
    assert_eq!(
        listed(&app, seeker, group, None)
            .await
            .iter()
            .map(|v| v.concern.id)
            .collect::<Vec<_>>(),
        [about_the_request.id],
        "the one she raised, not the one about her"
    );
    app.name_safeguarding_lead(admin, group, seeker_id, false)
        .await
        .unwrap();
    assert!(matches!(
        app.concerns(seeker, group, None, PageRequest::default())
            .await,
        Err(Error::Forbidden(_))
    ));
    let trail = kinds_in_trail(&app, admin, group).await;
    assert_eq!(
        trail
            .iter()
            .filter(|k| k.as_str() == "safeguarding_lead_changed")
            .count(),
        2,
        "naming twice is one change; unnaming another: {trail:?}"
    );

    // A lead suspends from the concern: the suspension an admin would make, audited.
    let suspend = ConcernChanges {
        suspend: true,
        ..ConcernChanges::default()
    };
    app.act_on_concern(admin, group, about_the_seeker.id, suspend.clone())
        .await
        .unwrap();
    assert!(matches!(
        app.raise_concern(
            seeker,
            group,
            ConcernAbout::Member(helper_id),
            text("Again")
        )
        .await,
        Err(Error::Suspended)
    ));
    assert!(matches!(
        app.act_on_concern(admin, group, about_the_seeker.id, suspend)
            .await,
        Err(Error::Conflict {
            reason: ConflictReason::WrongState,
            ..
        })
    ));
    let trail = kinds_in_trail(&app, admin, group).await;
    assert_eq!(trail[..2], ["concern_acted", "status_changed"]);

    // Her data: the concern she raised, nothing of the one about her.
    let hers = app.export_my_data(seeker).await.unwrap();
    let raised = &hers.memberships[0].concerns_raised;
    assert_eq!(raised.len(), 1);
    assert_eq!(raised[0].status, ConcernStatus::Closed);
    assert!(!format!("{hers:?}").contains("very distressed"));
}

contract!(
    /// Concerns reach the leads and never the person concerned, whatever their role.
    a_concern_reaches_the_leads_and_never_the_person_concerned
        => concerns_reach_the_leads_and_never_the_person_concerned
);

async fn refusals<S: Store>(store: S) {
    let (app, _) = app(store);
    let (group, admin, areas, code) = group(&app).await;
    let (member, _) = contributor(&app, group, &areas, &code, "member@example.org", 5).await;
    let admin_id = app.my_profile(admin, group).await.unwrap().member.id;
    let member_id = app.my_profile(member, group).await.unwrap().member.id;

    assert!(matches!(
        app.raise_concern(
            member,
            group,
            ConcernAbout::Member(admin_id),
            text("The admin")
        )
        .await,
        Err(Error::Conflict {
            reason: ConflictReason::NoLead,
            ..
        })
    ));
    let stranger = MemberId::from_uuid(uuid::Uuid::from_u128(42));
    assert!(matches!(
        app.raise_concern(member, group, ConcernAbout::Member(stranger), text("Who?"))
            .await,
        Err(Error::NotFound("member"))
    ));
    for n in 0..MOST_OPEN_RAISED {
        app.raise_concern(
            member,
            group,
            ConcernAbout::Member(member_id),
            text(&format!("Worry {n}")),
        )
        .await
        .unwrap();
    }
    assert!(matches!(
        app.raise_concern(
            member,
            group,
            ConcernAbout::Member(member_id),
            text("One more")
        )
        .await,
        Err(Error::Conflict {
            reason: ConflictReason::LimitReached,
            ..
        })
    ));
    assert_eq!(
        listed(&app, admin, group, None).await.len(),
        usize::try_from(MOST_OPEN_RAISED).unwrap()
    );
}

contract!(
    /// A concern about nobody, with nobody to receive it, or one too many, is refused.
    concerns_that_cannot_be_received_are_refused => refusals
);

async fn a_concern_stays_with_its_recipients<S: Store>(store: S) {
    let (app, _) = app(store);
    let (group, admin, areas, code) = group(&app).await;
    let (lead, _) = contributor(&app, group, &areas, &code, "lead@example.org", 5).await;
    let (other, _) = contributor(&app, group, &areas, &code, "other@example.org", 5).await;
    let lead_id = app.my_profile(lead, group).await.unwrap().member.id;
    let admin_id = app.my_profile(admin, group).await.unwrap().member.id;
    app.name_safeguarding_lead(admin, group, lead_id, true)
        .await
        .unwrap();
    let raised = app
        .raise_concern(
            lead,
            group,
            ConcernAbout::Member(admin_id),
            text("The admin shares pupils' records"),
        )
        .await
        .unwrap();
    app.name_safeguarding_lead(admin, group, lead_id, false)
        .await
        .unwrap();
    let version = app.my_profile(lead, group).await.unwrap().member.version;
    app.update_member(
        admin,
        group,
        lead_id,
        MemberChanges {
            status: Some(MemberStatus::Suspended),
            version: Some(version),
            ..MemberChanges::default()
        },
    )
    .await
    .unwrap();

    let kept = app.concern(lead, group, raised.id).await.unwrap();
    assert_eq!(kept.concern.status, ConcernStatus::Open);
    assert_eq!(listed(&app, lead, group, None).await.len(), 1);
    assert!(matches!(
        app.concern(admin, group, raised.id).await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        app.concern(other, group, raised.id).await,
        Err(Error::Forbidden(_))
    ));
}

contract!(
    /// Once raised, a concern stays with the leads it went to, whatever roles change after.
    a_concern_stays_with_the_leads_it_went_to => a_concern_stays_with_its_recipients
);
