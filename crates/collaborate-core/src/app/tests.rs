//! The services against mocked ports: a failing port aborts the whole use case, and the audit
//! trail is written in the same unit of work as what it records.

use super::{Clearance, Collaborate, membership};
use crate::accounts::{Account, NewAccount, PasswordHash};
use crate::audit::{Actor, AuditAction};
use crate::error::{ConflictReason, Error, PortError};
use crate::groups::{Group, GroupSettings, Member, MemberChanges, MockGroups, SeekerLoad};
use crate::notifications::Notice;
use crate::offers::{Offer, Topic};
use crate::ports::{Access, MockPasswordHasher, MockStore, MockTransaction, Ports};
use crate::requests::NewRequest;
use crate::simulated::{ManualClock, SequentialIds};
use crate::values::*;
use mockall::Sequence;
use time::OffsetDateTime;
use uuid::Uuid;

type App = Collaborate<Ports<MockStore, MockPasswordHasher, ManualClock, SequentialIds>>;

fn app(store: MockStore) -> App {
    app_with(store, MockPasswordHasher::new())
}

fn app_with(store: MockStore, hasher: MockPasswordHasher) -> App {
    let clock = ManualClock::starting_at(OffsetDateTime::UNIX_EPOCH);
    Collaborate::new(store, hasher, clock, SequentialIds::default())
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(1000 + n)
}

const GROUP: u128 = 1;
const SEEKER: u128 = 2;
const HELPER: u128 = 3;

fn group() -> Group {
    Group {
        id: GroupId::from_uuid(id(GROUP)),
        name: GroupName::parse("Leeds schools").unwrap(),
        slug: Slug::parse("leeds-schools").unwrap(),
        growth_mode: GrowthMode::Organic,
        settings: GroupSettings::defaults_for(
            GrowthMode::Organic,
            JoinCode::parse("SPRING26").unwrap(),
        ),
        version: Version::FIRST,
        created_at: OffsetDateTime::UNIX_EPOCH,
    }
}

fn account(n: u128) -> Account {
    Account {
        id: AccountId::from_uuid(id(n)),
        email: Email::parse(&format!("person{n}@example.org")).unwrap(),
        display_name: DisplayName::parse(&format!("Person {n}")).unwrap(),
        password_hash: PasswordHash::parse("$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA").ok(),
        language: None,
        created_at: OffsetDateTime::UNIX_EPOCH,
        preloaded_by: None,
        address_confirmed_at: None,
    }
}

fn member(n: u128, role: Role) -> Member {
    Member::joining(
        MemberId::from_uuid(id(n)),
        GroupId::from_uuid(id(GROUP)),
        &account(n),
        role,
        OffsetDateTime::UNIX_EPOCH,
    )
}

fn offer(owner: u128, area: u128) -> Offer {
    Offer {
        topic: Topic {
            area_id: AreaId::from_uuid(id(200 + area)),
            aspects: Aspects::parse(&["Grant bids"]).unwrap(),
            description: Description::parse("Happy to help").unwrap(),
            modes: Modes::parse(&["email", "phone"]).unwrap(),
            rank: None,
        },
        id: OfferId::from_uuid(id(100 + owner * 10 + area)),
        group_id: GroupId::from_uuid(id(GROUP)),
        member_id: MemberId::from_uuid(id(owner)),
        capacity: Capacity::default(),
        travel_radius: None,
        status: OfferStatus::Active,
        version: Version::FIRST,
        created_at: OffsetDateTime::UNIX_EPOCH,
    }
}

/// A transaction that knows the seeker (a contributor) and the helper's offer, ready for a request.
fn transaction_ready_for_a_request() -> MockTransaction {
    let mut tx = MockTransaction::new();
    tx.expect_member_of()
        .returning(|_, _| Ok(Some(member(SEEKER, Role::Member))));
    tx.expect_group().returning(|_| Ok(Some(group())));
    tx.expect_offers_of()
        .returning(|_, _| Ok((1..=3).map(|area| offer(SEEKER, area)).collect()));
    tx.expect_offer()
        .returning(|_, _| Ok(Some(offer(HELPER, 1))));
    tx.expect_lock_offer()
        .returning(|_, _| Ok(Some(offer(HELPER, 1))));
    tx.expect_member()
        .returning(|_, _| Ok(Some(member(HELPER, Role::Member))));
    tx.expect_has_open_request()
        .returning(|_, _, _, _| Ok(false));
    tx.expect_requests_of()
        .returning(|_, _, _, _, _, _| Ok(Vec::new()));
    tx.expect_open_requests_for().returning(|_, _, _| Ok(0));
    // Both sides, each once.
    tx.expect_lock_member().times(2).returning(|_, _| Ok(()));
    tx.expect_seeker_load()
        .returning(|_, _, _, _| Ok(SeekerLoad::default()));
    tx.expect_account()
        .withf(|id| *id == account(HELPER).id)
        .returning(|_| Ok(Some(account(HELPER))));
    tx
}

fn new_request() -> NewRequest {
    NewRequest {
        offer_id: OfferId::from_uuid(id(100 + HELPER * 10 + 1)),
        need_id: None,
        message: Message::parse("Could we talk?").unwrap(),
        mode: Mode::Phone,
    }
}

fn store_with(tx: MockTransaction) -> MockStore {
    let mut store = MockStore::new();
    let mut tx = Some(tx);
    store.expect_begin().times(1).returning(move |_| {
        tx.take()
            .ok_or_else(|| PortError::failed("test", "begun twice"))
    });
    store
}

#[test]
fn making_a_request_audits_both_reveals_and_tells_the_helper_in_the_same_unit_of_work_before_commit()
 {
    let mut tx = transaction_ready_for_a_request();
    let mut order = Sequence::new();
    tx.expect_insert_request()
        .times(1)
        .in_sequence(&mut order)
        .returning(|_| Ok(()));
    for (viewer, subject) in [(SEEKER, HELPER), (HELPER, SEEKER)] {
        tx.expect_insert_audit_event()
            .times(1)
            .in_sequence(&mut order)
            .withf(move |event| {
                matches!(event.action, AuditAction::ContactsRevealed { subject_id, .. }
                    if subject_id == MemberId::from_uuid(id(subject)))
                    && event.actor == Actor::Member(MemberId::from_uuid(id(viewer)))
            })
            .returning(|_| Ok(()));
    }
    tx.expect_insert_message()
        .times(1)
        .in_sequence(&mut order)
        .withf(|message| {
            matches!(message.notice, Notice::RequestReceived(_))
                && message.to == account(HELPER).email
                && message.status == DeliveryStatus::Waiting
        })
        .returning(|_| Ok(()));
    tx.expect_commit()
        .times(1)
        .in_sequence(&mut order)
        .returning(|| Ok(()));
    let app = app(store_with(tx));

    let details = pollster::block_on(app.create_request(
        AccountId::from_uuid(id(SEEKER)),
        GroupId::from_uuid(id(GROUP)),
        new_request(),
    ))
    .unwrap();

    assert_eq!(
        details.counterpart.member_id,
        MemberId::from_uuid(id(HELPER))
    );
    assert_eq!(
        details.counterpart.contact.email,
        Some(account(HELPER).email)
    );
}

#[test]
fn a_failing_audit_write_aborts_the_request_without_committing() {
    let mut tx = transaction_ready_for_a_request();
    tx.expect_insert_request().times(1).returning(|_| Ok(()));
    tx.expect_insert_audit_event().times(1).returning(|_| {
        Err(PortError::failed(
            "failed to insert audit event",
            "disk full",
        ))
    });
    tx.expect_commit().times(0);
    let app = app(store_with(tx));

    let outcome = pollster::block_on(app.create_request(
        AccountId::from_uuid(id(SEEKER)),
        GroupId::from_uuid(id(GROUP)),
        new_request(),
    ));

    assert!(matches!(
        outcome,
        Err(Error::Unexpected(PortError::Failed { .. }))
    ));
}

#[test]
fn a_failing_commit_is_reported_not_swallowed() {
    let mut tx = transaction_ready_for_a_request();
    tx.expect_insert_request().returning(|_| Ok(()));
    tx.expect_insert_audit_event().returning(|_| Ok(()));
    tx.expect_insert_message().returning(|_| Ok(()));
    tx.expect_commit()
        .times(1)
        .returning(|| Err(PortError::failed("failed to commit", "connection lost")));
    let app = app(store_with(tx));

    let outcome = pollster::block_on(app.create_request(
        AccountId::from_uuid(id(SEEKER)),
        GroupId::from_uuid(id(GROUP)),
        new_request(),
    ));

    assert!(matches!(outcome, Err(Error::Unexpected(_))));
}

#[test]
fn a_store_that_cannot_begin_stops_the_use_case_before_anything_happens() {
    let mut store = MockStore::new();
    store
        .expect_begin()
        .times(1)
        .returning(|_| Err(PortError::failed("failed to connect", "refused")));
    let app = app(store);

    let outcome = pollster::block_on(app.my_groups(AccountId::from_uuid(id(SEEKER))));

    assert!(matches!(outcome, Err(Error::Unexpected(_))));
}

#[test]
fn a_failing_hasher_stops_registration_before_the_store_is_touched() {
    let mut store = MockStore::new();
    store.expect_begin().times(0);
    let mut hasher = MockPasswordHasher::new();
    hasher.expect_hash().times(1).returning(|_| {
        Err(PortError::failed(
            "failed to hash a password",
            "out of memory",
        ))
    });
    let app = app_with(store, hasher);

    let outcome = pollster::block_on(app.register(NewAccount {
        email: Email::parse("ada@example.org").unwrap(),
        password: Password::parse("correct horse battery").unwrap(),
        display_name: DisplayName::parse("Ada").unwrap(),
    }));

    assert!(matches!(outcome, Err(Error::Unexpected(_))));
}

#[test]
fn a_failing_audit_write_leaves_a_suspension_uncommitted() {
    let mut tx = MockTransaction::new();
    tx.expect_member_of()
        .returning(|_, _| Ok(Some(member(SEEKER, Role::Admin))));
    tx.expect_group().returning(|_| Ok(Some(group())));
    tx.expect_member()
        .returning(|_, _| Ok(Some(member(HELPER, Role::Member))));
    tx.expect_account().returning(|_| Ok(Some(account(HELPER))));
    tx.expect_lock_group().returning(|_| Ok(()));
    tx.expect_update_member().times(1).returning(|_| Ok(()));
    tx.expect_insert_audit_event().times(1).returning(|_| {
        Err(PortError::failed(
            "failed to insert audit event",
            "disk full",
        ))
    });
    tx.expect_commit().times(0);
    let app = app(store_with(tx));

    let outcome = pollster::block_on(app.update_member(
        AccountId::from_uuid(id(SEEKER)),
        GroupId::from_uuid(id(GROUP)),
        MemberId::from_uuid(id(HELPER)),
        MemberChanges {
            status: Some(MemberStatus::Suspended),
            ..MemberChanges::default()
        },
    ));

    assert!(matches!(outcome, Err(Error::Unexpected(_))));
}

/// Two admins demoting each other at once must not both see two admins: the group is locked
/// before the admins are counted, so the second count waits for the first change.
#[test]
fn demoting_an_admin_locks_the_group_before_counting_its_admins() {
    let mut tx = MockTransaction::new();
    let mut order = Sequence::new();
    tx.expect_member_of()
        .returning(|_, _| Ok(Some(member(SEEKER, Role::Admin))));
    tx.expect_group().returning(|_| Ok(Some(group())));
    tx.expect_lock_group()
        .times(1)
        .in_sequence(&mut order)
        .returning(|_| Ok(()));
    tx.expect_member()
        .returning(|_, _| Ok(Some(member(HELPER, Role::Admin))));
    tx.expect_account().returning(|_| Ok(Some(account(HELPER))));
    tx.expect_count_active_admins()
        .times(1)
        .in_sequence(&mut order)
        .returning(|_| Ok(1));
    tx.expect_commit().times(0);
    let app = app(store_with(tx));

    let outcome = pollster::block_on(app.update_member(
        AccountId::from_uuid(id(SEEKER)),
        GroupId::from_uuid(id(GROUP)),
        MemberId::from_uuid(id(HELPER)),
        MemberChanges {
            role: Some(Role::Member),
            ..MemberChanges::default()
        },
    ));

    assert!(matches!(
        outcome,
        Err(Error::Conflict {
            reason: ConflictReason::LastAdmin,
            ..
        })
    ));
}

#[test]
fn a_duplicate_reported_by_the_store_becomes_a_conflict() {
    let mut tx = MockTransaction::new();
    tx.expect_account_by_email().returning(|_| Ok(None));
    tx.expect_insert_account()
        .returning(|_| Err(PortError::Duplicate("an account with this email")));
    tx.expect_commit().times(0);
    let mut hasher = MockPasswordHasher::new();
    hasher
        .expect_hash()
        .returning(|_| Ok(account(9).password_hash.unwrap()));
    let app = app_with(store_with(tx), hasher);

    let outcome = pollster::block_on(app.register(NewAccount {
        email: Email::parse("ada@example.org").unwrap(),
        password: Password::parse("correct horse battery").unwrap(),
        display_name: DisplayName::parse("Ada").unwrap(),
    }));

    assert!(
        matches!(outcome, Err(Error::Conflict { reason: ConflictReason::Duplicate, ref message }) if message.contains("already exists"))
    );
}

/// An application whose store finds `found` by email in a read transaction, then `current` by id
/// in a write transaction that may take `sessions` sessions; it fails unless the read comes
/// first, the password is checked next, and the write begins last.
fn app_signing_in(found: Account, current: Account, sessions: usize) -> App {
    let mut order = Sequence::new();
    let mut read = MockTransaction::new();
    read.expect_account_by_email()
        .returning(move |_| Ok(Some(found.clone())));
    let mut write = MockTransaction::new();
    write
        .expect_account()
        .returning(move |_| Ok(Some(current.clone())));
    write
        .expect_insert_session()
        .times(sessions)
        .returning(|_| Ok(()));
    write.expect_commit().times(sessions).returning(|| Ok(()));
    let mut store = MockStore::new();
    let mut hasher = MockPasswordHasher::new();
    let mut read = Some(read);
    store
        .expect_begin()
        .withf(|access| *access == Access::Read)
        .times(1)
        .in_sequence(&mut order)
        .returning(move |_| {
            read.take()
                .ok_or_else(|| PortError::failed("test", "twice"))
        });
    hasher
        .expect_verify()
        .times(1)
        .in_sequence(&mut order)
        .returning(|_, hash| hash.is_some());
    let mut write = Some(write);
    store
        .expect_begin()
        .withf(|access| *access == Access::Write)
        .times(1)
        .in_sequence(&mut order)
        .returning(move |_| {
            write
                .take()
                .ok_or_else(|| PortError::failed("test", "twice"))
        });
    app_with(store, hasher)
}

#[test]
fn sign_in_checks_the_password_before_any_write_transaction_begins() {
    let app = app_signing_in(account(SEEKER), account(SEEKER), 1);

    let (_, signed_in) =
        pollster::block_on(app.log_in("person2@example.org", "correct horse battery")).unwrap();

    assert_eq!(signed_in.id, account(SEEKER).id);
}

#[test]
fn a_password_changed_while_it_was_checked_signs_nobody_in() {
    let changed = Account {
        password_hash: PasswordHash::parse("$argon2id$v=19$m=8,t=1,p=1$bmV3$bmV3").ok(),
        ..account(SEEKER)
    };
    let app = app_signing_in(account(SEEKER), changed, 0);

    let outcome = pollster::block_on(app.log_in("person2@example.org", "correct horse battery"));

    assert!(matches!(outcome, Err(Error::InvalidCredentials)));
}

#[test]
fn a_wrong_password_erases_nothing_and_opens_no_write_transaction() {
    let mut read = MockTransaction::new();
    read.expect_account()
        .returning(|_| Ok(Some(account(SEEKER))));
    let mut read = Some(read);
    let mut store = MockStore::new();
    store
        .expect_begin()
        .withf(|access| *access == Access::Read)
        .times(1)
        .returning(move |_| {
            read.take()
                .ok_or_else(|| PortError::failed("test", "twice"))
        });
    let mut hasher = MockPasswordHasher::new();
    hasher.expect_verify().times(1).returning(|_, _| false);
    let app = app_with(store, hasher);

    let outcome = pollster::block_on(app.erase_account(
        account(SEEKER).id,
        &Password::parse("not the password at all").unwrap(),
    ));

    assert!(matches!(outcome, Err(Error::Invalid(e)) if e.field() == "password"));
}

/// The groups part alone, knowing one member of the group in `status` and role `role`.
fn groups_knowing(status: MemberStatus, role: Role) -> MockGroups {
    let mut groups = MockGroups::new();
    groups.expect_member_of().returning(move |_, _| {
        Ok(Some(Member {
            status,
            ..member(SEEKER, role)
        }))
    });
    groups.expect_group().returning(|_| Ok(Some(group())));
    groups
}

#[rstest::rstest]
#[case::active_member_acts(MemberStatus::Active, Role::Member, Clearance::Active, None)]
#[case::member_is_no_admin(
    MemberStatus::Active,
    Role::Member,
    Clearance::Admin,
    Some("forbidden")
)]
#[case::suspended_reads_own(MemberStatus::Suspended, Role::Member, Clearance::OwnData, None)]
#[case::suspended_cannot_act(
    MemberStatus::Suspended,
    Role::Admin,
    Clearance::Active,
    Some("suspended")
)]
#[case::departed_is_a_stranger(
    MemberStatus::Left,
    Role::Admin,
    Clearance::OwnData,
    Some("not found")
)]
fn membership_needs_only_the_groups_part_and_clears_by_status_and_role(
    #[case] status: MemberStatus,
    #[case] role: Role,
    #[case] clearance: Clearance,
    #[case] refused: Option<&str>,
) {
    let mut groups = groups_knowing(status, role);

    let outcome = pollster::block_on(membership(
        &mut groups,
        GroupId::from_uuid(id(GROUP)),
        AccountId::from_uuid(id(SEEKER)),
        clearance,
    ));

    let refusal = match outcome {
        Ok(_) => None,
        Err(Error::Forbidden(_)) => Some("forbidden"),
        Err(Error::Suspended) => Some("suspended"),
        Err(Error::NotFound(_)) => Some("not found"),
        Err(other) => panic!("unexpected {other:?}"),
    };
    assert_eq!(refusal, refused);
}
