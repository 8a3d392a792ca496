//! Email addresses in any script: one account per address whatever its case or Unicode form,
//! and never an unexpected error, on every store.

use crate::harness::{app, contract};
use collaborate_core::accounts::NewAccount;
use collaborate_core::ports::Store;
use collaborate_core::values::{DisplayName, Email, Password};
use collaborate_core::{ConflictReason, Error};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::collections::HashSet;
use unicode_normalization::UnicodeNormalization as _;

const PASSWORD: &str = "a long enough password";

/// Addresses with any characters an address may hold: letters of every script, symbols,
/// combining marks, compatibility forms.
fn address() -> impl Strategy<Value = String> {
    let local = proptest::collection::vec(
        any::<char>().prop_filter("an address character", |c| {
            !c.is_whitespace() && !c.is_control() && *c != '@'
        }),
        1..10,
    );
    let label = |least| {
        proptest::collection::vec(
            any::<char>().prop_filter("a domain character", |c| c.is_alphanumeric()),
            least..8,
        )
    };
    (local, label(1), label(2)).prop_map(|(local, domain, top)| {
        let text = |chars: Vec<char>| chars.into_iter().collect::<String>();
        format!("{}@{}.{}", text(local), text(domain), text(top))
    })
}

/// The ways a person might type the same address again.
fn retypings(address: &str) -> Vec<String> {
    vec![
        address.to_owned(),
        address.to_uppercase(),
        address.to_lowercase(),
        address.nfd().collect(),
        address.nfkc().collect(),
    ]
}

async fn unicode_addresses<S: Store>(store: S) {
    let (app, _) = app(store);
    let handle = tokio::runtime::Handle::current();
    let registered = std::cell::RefCell::new(HashSet::new());
    let mut runner = TestRunner::new(Config {
        cases: 48,
        failure_persistence: None,
        ..Config::default()
    });
    let outcome = runner.run(&address(), |address| {
        tokio::task::block_in_place(|| {
            handle.block_on(async {
                for typed in retypings(&address) {
                    let Ok(email) = Email::parse(&typed) else {
                        continue;
                    };
                    let key = email.key();
                    let made = app
                        .register(NewAccount {
                            email,
                            password: Password::parse(PASSWORD).unwrap(),
                            display_name: DisplayName::parse("Unicode Person").unwrap(),
                        })
                        .await;
                    match made {
                        Ok(_) => prop_assert!(
                            registered.borrow_mut().insert(key),
                            "{typed}: a second account"
                        ),
                        Err(Error::Conflict {
                            reason: ConflictReason::Duplicate,
                            ..
                        }) => prop_assert!(registered.borrow().contains(&key), "{typed}: refused"),
                        Err(other) => prop_assert!(false, "{typed}: {other:?}"),
                    }
                    let signed_in = app.log_in(&typed, PASSWORD).await;
                    prop_assert!(signed_in.is_ok(), "{typed}: {signed_in:?}");
                }
                Ok(())
            })
        })
    });
    outcome.unwrap();
}

contract!(
    /// Registering, signing in and registering again with addresses in any script and form.
    any_address_registers_once_and_signs_in => unicode_addresses
);
