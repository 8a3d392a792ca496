//! Signing in with a school's provider: an identity finds its account again, is linked only by
//! a verified address, and never reaches an erased account.

use crate::{App, app};
use collaborate_core::accounts::{AddressCheck, ClaimedIdentity, FoundBy, NewAccount};
use collaborate_core::notifications::Notice;
use collaborate_core::values::*;
use collaborate_core::{Error, Registered};
use proptest::prelude::*;

fn block<F: std::future::Future>(f: F) -> F::Output {
    pollster::block_on(f)
}

const SCHOOL: &str = "https://login.microsoftonline.com/school/v2.0";
const COUNCIL: &str = "https://accounts.google.com";
const PASSWORD: &str = "a long enough password";

fn claim(issuer: &str, subject: &str, email: &str) -> ClaimedIdentity {
    ClaimedIdentity::new(issuer, subject, Some(email), Some(true), Some("Sam Peer")).unwrap()
}

fn register(app: &App, email: &str) -> AccountId {
    let registered = block(app.register(NewAccount {
        email: Email::parse(email).unwrap(),
        password: Password::parse(PASSWORD).unwrap(),
        display_name: DisplayName::parse("Sam Registered").unwrap(),
    }))
    .unwrap();
    match registered {
        Registered::Account(account) => account.id,
        Registered::LinkSent => panic!("addresses are not checked here"),
    }
}

#[test]
fn a_first_sign_in_makes_an_account_whose_address_counts_as_proved() {
    let (app, _, _) = app();
    let app = app.checking_addresses(AddressCheck::Checked);

    let first = block(app.sign_in_from_provider(claim(SCHOOL, "s-1", "sam@school.org"))).unwrap();

    assert_eq!(first.found_by, FoundBy::NewAccount);
    assert_eq!(first.account.email.as_str(), "sam@school.org");
    assert_eq!(first.account.display_name.as_str(), "Sam Peer");
    assert_eq!(first.account.password_hash, None);
    assert!(
        AddressCheck::Checked
            .require_confirmed(&first.account)
            .is_ok()
    );
    assert_eq!(
        block(app.authenticate(&first.token)).unwrap(),
        first.account.id
    );
}

#[test]
fn the_identity_finds_its_account_again_after_the_address_changed_at_the_provider() {
    let (app, _, _) = app();
    let first = block(app.sign_in_from_provider(claim(SCHOOL, "s-1", "sam@school.org"))).unwrap();

    let again =
        block(app.sign_in_from_provider(claim(SCHOOL, "s-1", "sam.peer@school.org"))).unwrap();

    assert_eq!(again.found_by, FoundBy::Identity);
    assert_eq!(again.account.id, first.account.id);
    assert_eq!(again.account.email.as_str(), "sam@school.org");
}

#[test]
fn the_same_subject_at_another_issuer_is_another_person() {
    let (app, _, _) = app();
    let school = block(app.sign_in_from_provider(claim(SCHOOL, "s-1", "sam@school.org"))).unwrap();

    let council =
        block(app.sign_in_from_provider(claim(COUNCIL, "s-1", "jo@council.gov.uk"))).unwrap();

    assert_ne!(council.account.id, school.account.id);
    assert_eq!(council.found_by, FoundBy::NewAccount);
}

#[test]
fn a_password_account_is_linked_by_its_verified_address_and_an_unproved_password_goes() {
    let (app, _, _) = app();
    let id = register(&app, "sam@school.org");
    let (link, _) = block(app.log_in("sam@school.org", PASSWORD)).unwrap();

    let linked = block(app.sign_in_from_provider(claim(SCHOOL, "s-1", "Sam@School.org"))).unwrap();

    assert_eq!(linked.found_by, FoundBy::Address);
    assert_eq!(linked.account.id, id);
    // Its address was never proved (this server checks none), so whoever set the password
    // never showed they read it: the password and its sessions go.
    assert_eq!(linked.account.password_hash, None);
    assert!(matches!(
        block(app.authenticate(&link)),
        Err(Error::Unauthenticated)
    ));
    assert!(matches!(
        block(app.log_in("sam@school.org", PASSWORD)),
        Err(Error::InvalidCredentials)
    ));
    let again = block(app.sign_in_from_provider(claim(SCHOOL, "s-1", "sam@school.org"))).unwrap();
    assert_eq!(again.found_by, FoundBy::Identity);
    assert_eq!(again.account.id, id);
}

#[test]
fn an_account_whose_address_was_proved_keeps_its_password_and_sessions_when_linked() {
    let (app, _, _) = app();
    let first = block(app.sign_in_from_provider(claim(SCHOOL, "s-1", "sam@school.org"))).unwrap();

    let other = block(app.sign_in_from_provider(claim(COUNCIL, "g-9", "sam@school.org"))).unwrap();

    assert_eq!(other.found_by, FoundBy::Address);
    assert_eq!(other.account.id, first.account.id);
    assert_eq!(
        block(app.authenticate(&first.token)).unwrap(),
        first.account.id
    );
}

#[test]
fn an_erased_account_is_never_signed_in_to_and_its_identities_go_with_it() {
    let (app, store, _) = app();
    let id = register(&app, "sam@school.org");
    let linked = block(app.sign_in_from_provider(claim(SCHOOL, "s-1", "sam@school.org"))).unwrap();
    assert_eq!(linked.account.id, id);
    // Linking took the unproved password away; erasing asks for one, so the person sets it
    // by a reset link first.
    let email = Email::parse("sam@school.org").unwrap();
    block(app.ask_password_reset(&email)).unwrap();
    let link = block(store.snapshot())
        .messages()
        .filter(|m| m.notice == Notice::PasswordReset)
        .find_map(|m| m.secret.clone())
        .expect("a reset link went out");
    let password = Password::parse(PASSWORD).unwrap();
    block(app.reset_password(&link, password.clone())).unwrap();
    block(app.erase_account(id, &password)).unwrap();

    let after = block(app.sign_in_from_provider(claim(SCHOOL, "s-1", "sam@school.org"))).unwrap();

    assert_eq!(after.found_by, FoundBy::NewAccount);
    assert_ne!(after.account.id, id);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Whatever order people sign in, one identity is one account, and an address already
    /// held is never given a second account.
    #[test]
    fn one_identity_is_one_account_and_one_address_one_account(
        sign_ins in proptest::collection::vec((0..2usize, 0..3usize, 0..3usize), 1..12),
    ) {
        let (app, _, _) = app();
        let issuers = [SCHOOL, COUNCIL];
        let mut by_identity = std::collections::HashMap::new();
        let mut by_address = std::collections::HashMap::new();
        for (issuer, subject, address) in sign_ins {
            let email = format!("person{address}@school.org");
            let subject = format!("sub-{subject}");
            let signed = block(app.sign_in_from_provider(claim(issuers[issuer], &subject, &email))).unwrap();
            let id = signed.account.id;
            if let Some(known) = by_identity.insert((issuer, subject.clone()), id) {
                prop_assert_eq!(known, id);
                prop_assert_eq!(signed.found_by, FoundBy::Identity);
            } else if let Some(holder) = by_address.get(&email) {
                prop_assert_eq!(*holder, id);
            }
            by_address.entry(signed.account.email.as_str().to_owned()).or_insert(id);
        }
    }
}
