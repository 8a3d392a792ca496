//! A unit of work commits whole or changes nothing, on every store.

use crate::harness::{app, contract};
use crate::walk::group;
use collaborate_core::PortError;
use collaborate_core::accounts::{Account, PasswordHash};
use collaborate_core::groups::Member;
use collaborate_core::ports::{Access, Accounts, Groups, Store, Taxonomy, Transaction};
use collaborate_core::values::*;
use time::OffsetDateTime;
use uuid::Uuid;

fn account(n: u128, email: &str) -> Account {
    Account {
        id: AccountId::from_uuid(Uuid::from_u128(0xA000 + n)),
        email: Email::parse(email).unwrap(),
        display_name: DisplayName::parse("Someone").unwrap(),
        password_hash: PasswordHash::parse("$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA").ok(),
        language: None,
        created_at: OffsetDateTime::UNIX_EPOCH,
        preloaded_by: None,
        address_confirmed_at: None,
    }
}

async fn dropped_uncommitted<S: Store>(store: S) {
    let mut tx = store.begin(Access::Write).await.unwrap();
    tx.insert_account(&account(1, "kept@example.org"))
        .await
        .unwrap();
    drop(tx);

    let mut tx = store.begin(Access::Read).await.unwrap();
    assert_eq!(
        tx.account(AccountId::from_uuid(Uuid::from_u128(0xA001)))
            .await
            .unwrap(),
        None
    );
}

contract!(
    /// A transaction dropped without commit leaves nothing behind.
    a_transaction_dropped_uncommitted_changes_nothing => dropped_uncommitted
);

async fn failing_midway<S: Store + Clone>(store: S) {
    let (app, _) = app(store.clone());
    let (group_id, admin, _, _) = group(&app).await;
    let admin_member = app.my_profile(admin, group_id).await.unwrap().member;

    let mut tx = store.begin(Access::Write).await.unwrap();
    let newcomer = account(2, "newcomer@example.org");
    tx.insert_account(&newcomer).await.unwrap();
    let joined = Member::joining(
        MemberId::from_uuid(Uuid::from_u128(0xB001)),
        group_id,
        &newcomer,
        Role::Member,
        OffsetDateTime::UNIX_EPOCH,
    );
    tx.insert_member(&joined).await.unwrap();
    let twice = Member {
        id: MemberId::from_uuid(Uuid::from_u128(0xB002)),
        ..joined
    };
    let clash = tx.insert_member(&twice).await;
    assert!(matches!(clash, Err(PortError::Duplicate(_))), "{clash:?}");
    drop(tx);

    let mut tx = store.begin(Access::Read).await.unwrap();
    assert_eq!(tx.account_by_email(&newcomer.email).await.unwrap(), None);
    assert_eq!(tx.member_of(group_id, newcomer.id).await.unwrap(), None);
    assert_eq!(
        tx.member(group_id, admin_member.id).await.unwrap(),
        Some(admin_member)
    );
}

contract!(
    /// When a write fails midway (a uniqueness rule), nothing of the unit of work remains.
    a_write_failing_midway_leaves_nothing_of_the_unit_of_work => failing_midway
);

async fn stale_update<S: Store + Clone>(store: S) {
    let (app, _) = app(store.clone());
    let (group_id, _, areas, _) = group(&app).await;
    let mut tx = store.begin(Access::Write).await.unwrap();
    let area = tx.area(group_id, areas[0]).await.unwrap().unwrap();
    let skipping = collaborate_core::taxonomy::Area {
        version: area.version.next().next(),
        ..area
    };
    assert!(matches!(
        tx.update_area(&skipping).await,
        Err(PortError::Stale(_))
    ));
}

contract!(
    /// An update that does not start from the stored version is refused as stale.
    an_update_from_an_old_version_is_stale => stale_update
);

async fn system_event<S: Store + Clone>(store: S) {
    use collaborate_core::audit::{Actor, AuditAction, AuditEvent, AuditTrail};
    use collaborate_core::paging::PageRequest;
    let (app, _) = app(store.clone());
    let (group_id, _, _, _) = group(&app).await;
    let event = AuditEvent {
        id: AuditEventId::from_uuid(Uuid::from_u128(0xE001)),
        group_id,
        actor: Actor::System,
        at: OffsetDateTime::UNIX_EPOCH,
        action: AuditAction::StatusChanged {
            subject_id: MemberId::from_uuid(Uuid::from_u128(0xDEAD)),
            from: MemberStatus::Active,
            to: MemberStatus::Left,
        },
    };
    let mut write = store.begin(Access::Write).await.unwrap();
    write.insert_audit_event(&event).await.unwrap();
    write.commit().await.unwrap();
    drop(write);

    let mut tx = store.begin(Access::Read).await.unwrap();
    let status_changes = collaborate_core::audit::AuditFilter {
        kind: Some("status_changed"),
        ..collaborate_core::audit::AuditFilter::default()
    };
    let trail = tx
        .audit_events(group_id, &status_changes, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(trail, vec![event]);
}

contract!(
    /// The system acts too, and the trail keeps an event about a member who is no longer there:
    /// no member is a key the trail depends on.
    the_trail_keeps_acts_of_the_system_about_any_member => system_event
);

async fn reads_write_nothing<S: Store + Clone>(store: S) {
    use crate::walk::{asking, contributor};
    use collaborate_core::paging::PageRequest;
    use collaborate_core::ports::{AuditTrail, Requests};

    let (app, clock) = app(store.clone());
    let (group, _, areas, code) = group(&app).await;
    let (helper, offers) = contributor(&app, group, &areas, &code, "helper@example.org", 2).await;
    let (seeker, _) = contributor(&app, group, &areas, &code, "seeker@example.org", 2).await;
    let made = app
        .create_request(seeker, group, asking(offers[0]))
        .await
        .unwrap()
        .request;
    let trail = |store: S| async move {
        let mut tx = store.begin(Access::Read).await.unwrap();
        tx.audit_events(
            group,
            &collaborate_core::audit::AuditFilter::default(),
            PageRequest::default(),
        )
        .await
        .unwrap()
    };
    let before = trail(store.clone()).await;
    clock.advance(time::Duration::days(15));
    for who in [seeker, helper, seeker] {
        let seen = app.request(who, group, made.id).await.unwrap();
        assert_eq!(seen.request.status, RequestStatus::Expired);
    }
    let mut tx = store.begin(Access::Read).await.unwrap();
    let stored = tx.request(group, made.id).await.unwrap().unwrap();
    assert_eq!(stored.status, RequestStatus::Pending, "a read expired it");
    drop(tx);
    assert_eq!(
        trail(store).await,
        before,
        "the request's making wrote the trail; reading it, nothing"
    );
}

contract!(
    /// Reading a request, by either side and past its expiry, writes nothing: no audit event,
    /// no change of status (a link followed from elsewhere cannot write).
    reading_a_request_writes_nothing => reads_write_nothing
);
