//! Where addresses are checked: a registration finishes at the link sent to its address, a taken
//! address answers as a free one does, and an account proves its address before it joins a
//! group by code, starts one or asks for help.

use crate::{App, app};
use collaborate_core::accounts::{AddressCheck, NewAccount};
use collaborate_core::groups::{NewGroup, SettingsChanges};
use collaborate_core::memory::MemoryStore;
use collaborate_core::notifications::Notice;
use collaborate_core::values::*;
use collaborate_core::{ConflictReason, Error, Registered};
use time::Duration;

fn block<F: std::future::Future>(f: F) -> F::Output {
    pollster::block_on(f)
}

const PASSWORD: &str = "a long enough password";

fn checked() -> (App, MemoryStore, collaborate_core::simulated::ManualClock) {
    let (app, store, clock) = app();
    (app.checking_addresses(AddressCheck::Checked), store, clock)
}

fn register(app: &App, email: &str, password: &str) -> Registered {
    block(app.register(NewAccount {
        email: Email::parse(email).unwrap(),
        password: Password::parse(password).unwrap(),
        display_name: DisplayName::parse("Sam Peer").unwrap(),
    }))
    .unwrap()
}

/// The messages of `notice` written to `email`, oldest first.
fn mail_to(store: &MemoryStore, email: &str, notice: Notice) -> Vec<Option<SecretToken>> {
    block(store.snapshot())
        .messages()
        .filter(|m| m.to.as_str() == email && m.notice == notice)
        .map(|m| m.secret.clone())
        .collect()
}

fn the_link(store: &MemoryStore, email: &str) -> SecretToken {
    mail_to(store, email, Notice::AddressProof)
        .pop()
        .flatten()
        .expect("a link went to the address")
}

fn new_group(app: &App, admin: AccountId) -> Result<collaborate_core::groups::Membership, Error> {
    block(app.create_group(
        admin,
        NewGroup {
            name: GroupName::parse("Leeds schools").unwrap(),
            growth_mode: GrowthMode::Organic,
            areas: Vec::new(),
            settings: SettingsChanges::default(),
        },
    ))
}

#[test]
fn registering_finishes_at_the_link_sent_to_the_address() {
    let (app, store, _) = checked();

    assert_eq!(
        register(&app, "sam@example.org", PASSWORD),
        Registered::LinkSent
    );
    assert!(matches!(
        block(app.log_in("sam@example.org", PASSWORD)),
        Err(Error::InvalidCredentials)
    ));
    let link = the_link(&store, "sam@example.org");

    let (session, account) = block(app.confirm_address(&link, PASSWORD)).unwrap();
    assert_eq!(account.email.as_str(), "sam@example.org");
    assert_eq!(account.display_name.as_str(), "Sam Peer");
    assert!(account.address_confirmed_at.is_some());
    assert_eq!(block(app.authenticate(&session)).unwrap(), account.id);
    block(app.log_in("sam@example.org", PASSWORD)).unwrap();
    new_group(&app, account.id).unwrap();
    assert!(matches!(
        block(app.confirm_address(&link, PASSWORD)),
        Err(Error::NotFound(_))
    ));
}

#[test]
fn a_taken_address_answers_as_a_free_one_and_only_its_owner_hears_of_it() {
    let (app, store, _) = checked();
    register(&app, "owner@example.org", PASSWORD);
    block(app.confirm_address(&the_link(&store, "owner@example.org"), PASSWORD)).unwrap();

    assert_eq!(
        register(&app, "OWNER@example.org", "someone else's password"),
        Registered::LinkSent
    );

    assert_eq!(
        mail_to(&store, "owner@example.org", Notice::AlreadyRegistered),
        vec![None],
        "the owner is told, with no link in the message"
    );
    assert!(mail_to(&store, "OWNER@example.org", Notice::AddressProof).is_empty());
    assert!(matches!(
        block(app.log_in("owner@example.org", "someone else's password")),
        Err(Error::InvalidCredentials)
    ));
    block(app.log_in("owner@example.org", PASSWORD)).unwrap();
}

#[test]
fn a_link_runs_out_after_a_day_and_is_swept_with_what_it_held() {
    let (app, store, clock) = checked();
    register(&app, "sam@example.org", PASSWORD);
    let link = the_link(&store, "sam@example.org");

    clock.advance(Duration::days(1));

    assert!(matches!(
        block(app.confirm_address(&link, PASSWORD)),
        Err(Error::NotFound(_))
    ));
    clock.advance(Duration::minutes(1));
    assert_eq!(block(app.sweep()).unwrap().address_proofs, 1);
    assert_eq!(block(store.snapshot()).address_proofs().count(), 0);
}

#[test]
fn an_address_that_got_an_account_meanwhile_is_not_registered_twice() {
    let (app, store, _) = checked();
    register(&app, "sam@example.org", PASSWORD);
    register(&app, "Sam@example.org", "another long password");
    let links = mail_to(&store, "Sam@example.org", Notice::AddressProof);
    let first = the_link(&store, "sam@example.org");

    block(app.confirm_address(&first, PASSWORD)).unwrap();

    assert!(
        matches!(
            block(app.confirm_address(links[0].as_ref().unwrap(), PASSWORD)),
            Err(Error::NotFound(_))
        ),
        "opening one link uses up every other link to the address"
    );
    block(app.log_in("sam@example.org", PASSWORD)).unwrap();
}

#[test]
fn erasing_an_account_removes_every_link_to_its_address() {
    let (app, store, _) = checked();
    register(&app, "sam@example.org", PASSWORD);
    let (_, account) =
        block(app.confirm_address(&the_link(&store, "sam@example.org"), PASSWORD)).unwrap();
    assert_eq!(block(store.snapshot()).address_proofs().count(), 1);

    block(app.erase_account(account.id, &Password::parse(PASSWORD).unwrap())).unwrap();

    assert_eq!(block(store.snapshot()).address_proofs().count(), 0);
}

#[test]
fn an_unconfirmed_account_confirms_by_a_link_or_a_password_reset_before_joining_or_starting() {
    // Registered while the server did not check addresses, then the server began to.
    let (unchecked, store, _) = app();
    let sam = block(unchecked.register(NewAccount {
        email: Email::parse("sam@example.org").unwrap(),
        password: Password::parse(PASSWORD).unwrap(),
        display_name: DisplayName::parse("Sam").unwrap(),
    }))
    .unwrap()
    .made()
    .unwrap();
    let lee = block(unchecked.register(NewAccount {
        email: Email::parse("lee@example.org").unwrap(),
        password: Password::parse(PASSWORD).unwrap(),
        display_name: DisplayName::parse("Lee").unwrap(),
    }))
    .unwrap()
    .made()
    .unwrap();
    let admin = new_group(&unchecked, sam.id).unwrap();
    let code = admin.group.settings.join_code.unwrap();
    let app = unchecked.checking_addresses(AddressCheck::Checked);

    for code in [code.clone(), JoinCode::parse("NOTTHECODE").unwrap()] {
        assert!(
            matches!(
                block(app.join_by_code(lee.id, admin.group.id, &code)),
                Err(Error::AddressUnconfirmed)
            ),
            "refused before the code is looked at"
        );
    }
    assert!(matches!(
        new_group(&app, lee.id),
        Err(Error::AddressUnconfirmed)
    ));

    block(app.send_address_link(lee.id)).unwrap();
    let (_, confirmed) =
        block(app.confirm_address(&the_link(&store, "lee@example.org"), PASSWORD)).unwrap();
    assert_eq!(confirmed.id, lee.id);
    block(app.join_by_code(lee.id, admin.group.id, &code)).unwrap();
    block(app.send_address_link(lee.id)).unwrap();
    assert_eq!(
        mail_to(&store, "lee@example.org", Notice::AddressProof).len(),
        1,
        "no second link for a confirmed address"
    );

    assert!(matches!(
        new_group(&app, sam.id),
        Err(Error::AddressUnconfirmed)
    ));
    block(app.ask_password_reset(&sam.email)).unwrap();
    let reset = mail_to(&store, "sam@example.org", Notice::PasswordReset)
        .pop()
        .flatten()
        .unwrap();
    block(app.reset_password(&reset, Password::parse("a new long password").unwrap())).unwrap();
    new_group(&app, sam.id).unwrap();
}

#[test]
fn where_addresses_are_not_checked_registering_makes_the_account_and_a_taken_one_is_refused() {
    let (app, _, _) = app();
    let made = register(&app, "sam@example.org", PASSWORD).made().unwrap();
    assert_eq!(made.address_confirmed_at, None);
    new_group(&app, made.id).unwrap();
    assert!(matches!(
        block(app.register(NewAccount {
            email: Email::parse("SAM@example.org").unwrap(),
            password: Password::parse(PASSWORD).unwrap(),
            display_name: DisplayName::parse("Again").unwrap(),
        })),
        Err(Error::Conflict {
            reason: ConflictReason::Duplicate,
            ..
        })
    ));
}

#[test]
fn someone_elses_registration_link_makes_nothing_without_the_password_chosen_with_it() {
    let (app, store, _) = checked();
    register(&app, "head@example.org", PASSWORD);
    register(&app, "head@example.org", "the intruder's password");
    let links = mail_to(&store, "head@example.org", Notice::AddressProof);
    let (own, intruders) = (links[0].clone().unwrap(), links[1].clone().unwrap());

    let opened = block(app.confirm_address(&intruders, PASSWORD));
    assert!(
        matches!(opened, Err(Error::Invalid(ref invalid)) if invalid.field() == "password"),
        "{opened:?}"
    );
    block(app.confirm_address(&own, PASSWORD)).unwrap();

    assert!(matches!(
        block(app.log_in("head@example.org", "the intruder's password")),
        Err(Error::InvalidCredentials)
    ));
    assert!(matches!(
        block(app.confirm_address(&intruders, "the intruder's password")),
        Err(Error::NotFound(_))
    ));
}

#[test]
fn an_accounts_link_hands_it_to_whoever_reads_the_address() {
    // Someone claimed or registered the address without reading its mail, and asks for a link.
    let (unchecked, store, _) = app();
    let claimed = block(unchecked.register(NewAccount {
        email: Email::parse("deputy@example.org").unwrap(),
        password: Password::parse("the claimer's password").unwrap(),
        display_name: DisplayName::parse("Deputy").unwrap(),
    }))
    .unwrap()
    .made()
    .unwrap();
    let app = unchecked.checking_addresses(AddressCheck::Checked);
    let (claimers, _) = block(app.log_in("deputy@example.org", "the claimer's password")).unwrap();
    block(app.send_address_link(claimed.id)).unwrap();
    assert_eq!(
        block(app.address_link(&the_link(&store, "deputy@example.org"))).unwrap(),
        collaborate_core::LinkKind::Account
    );

    let (_, owner) = block(app.confirm_address(
        &the_link(&store, "deputy@example.org"),
        "the owner's new password",
    ))
    .unwrap();

    assert_eq!(owner.id, claimed.id);
    assert!(matches!(
        block(app.authenticate(&claimers)),
        Err(Error::Unauthenticated)
    ));
    assert!(matches!(
        block(app.log_in("deputy@example.org", "the claimer's password")),
        Err(Error::InvalidCredentials)
    ));
    block(app.log_in("deputy@example.org", "the owner's new password")).unwrap();
}

#[test]
fn a_new_password_uses_up_the_address_links_still_out() {
    let (unchecked, store, _) = app();
    let sam = block(unchecked.register(NewAccount {
        email: Email::parse("sam@example.org").unwrap(),
        password: Password::parse(PASSWORD).unwrap(),
        display_name: DisplayName::parse("Sam").unwrap(),
    }))
    .unwrap()
    .made()
    .unwrap();
    let app = unchecked.checking_addresses(AddressCheck::Checked);
    block(app.send_address_link(sam.id)).unwrap();
    let link = the_link(&store, "sam@example.org");
    block(app.ask_password_reset(&sam.email)).unwrap();
    let reset = mail_to(&store, "sam@example.org", Notice::PasswordReset)
        .pop()
        .flatten()
        .unwrap();

    block(app.reset_password(&reset, Password::parse("a new long password").unwrap())).unwrap();

    assert!(matches!(
        block(app.confirm_address(&link, "yet another password")),
        Err(Error::NotFound(_))
    ));
    block(app.log_in("sam@example.org", "a new long password")).unwrap();
}
