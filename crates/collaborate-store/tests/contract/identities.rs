//! Outside identities on every store: a provider's issuer and subject find their account again
//! whatever address the provider gives later, an identity links to the account of its verified
//! address, the same subject at another issuer is another person, and erasure unlinks them all.

use crate::harness::{App, app, contract};
use collaborate_core::accounts::{ClaimedIdentity, FoundBy, NewAccount};
use collaborate_core::notifications::Notice;
use collaborate_core::ports::Store;
use collaborate_core::values::*;

const SCHOOL: &str = "https://login.microsoftonline.com/school/v2.0";
const COUNCIL: &str = "https://accounts.google.com";
const PASSWORD: &str = "a long enough password";

fn claim(issuer: &str, subject: &str, email: &str) -> ClaimedIdentity {
    ClaimedIdentity::new(issuer, subject, Some(email), Some(true), None).unwrap()
}

async fn reset_password<S: Store>(app: &App<S>, email: &str) -> Password {
    app.ask_password_reset(&Email::parse(email).unwrap())
        .await
        .unwrap();
    let link = app
        .outbox(None, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.notice == Notice::PasswordReset)
        .find_map(|m| m.secret)
        .unwrap();
    let password = Password::parse(PASSWORD).unwrap();
    app.reset_password(&link, password.clone()).await.unwrap();
    password
}

contract!(
    /// An identity is linked once and finds its account again; another issuer's is another.
    an_identity_finds_its_account_whatever_address_comes_later => identities_find_accounts
);
async fn identities_find_accounts<S: Store>(store: S) {
    let (app, _) = app(store);
    let first = app
        .sign_in_from_provider(claim(SCHOOL, "00u1", "sam@school.org"))
        .await
        .unwrap();
    assert_eq!(first.found_by, FoundBy::NewAccount);

    let again = app
        .sign_in_from_provider(claim(SCHOOL, "00u1", "sam.jones@school.org"))
        .await
        .unwrap();
    let elsewhere = app
        .sign_in_from_provider(claim(COUNCIL, "00u1", "jo@council.gov.uk"))
        .await
        .unwrap();

    assert_eq!(again.found_by, FoundBy::Identity);
    assert_eq!(again.account.id, first.account.id);
    assert_eq!(again.account.email.as_str(), "sam@school.org");
    assert_ne!(elsewhere.account.id, first.account.id);
    assert_eq!(
        app.authenticate(&again.token).await.unwrap(),
        first.account.id
    );
    let exported = app.export_my_data(first.account.id).await.unwrap();
    let linked: Vec<_> = exported
        .identities
        .iter()
        .map(|i| (i.issuer.as_str(), i.subject.as_str()))
        .collect();
    assert_eq!(linked, [(SCHOOL, "00u1")]);
}

contract!(
    /// A password account is linked by its verified address; erasing it unlinks it.
    a_password_account_is_linked_by_its_address_and_unlinked_by_erasure => linked_and_erased
);
async fn linked_and_erased<S: Store>(store: S) {
    let (app, _) = app(store);
    let made = app
        .register(NewAccount {
            email: Email::parse("noor@school.org").unwrap(),
            password: Password::parse(PASSWORD).unwrap(),
            display_name: DisplayName::parse("Noor Ahmed").unwrap(),
        })
        .await
        .unwrap()
        .made()
        .unwrap();

    let linked = app
        .sign_in_from_provider(claim(SCHOOL, "00u2", "NOOR@school.org"))
        .await
        .unwrap();
    assert_eq!(linked.found_by, FoundBy::Address);
    assert_eq!(linked.account.id, made.id);
    assert!(linked.account.address_confirmed_at.is_some());

    let password = reset_password(&app, "noor@school.org").await;
    app.erase_account(made.id, &password).await.unwrap();
    let after = app
        .sign_in_from_provider(claim(SCHOOL, "00u2", "noor@school.org"))
        .await
        .unwrap();
    assert_eq!(after.found_by, FoundBy::NewAccount);
    assert_ne!(after.account.id, made.id);
}
