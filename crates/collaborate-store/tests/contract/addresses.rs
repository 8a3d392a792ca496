//! Address links on every store: a registration waits in the store, with its name and password
//! hash, until its link is opened; opening one link uses up every other to the address, however
//! it is spelt; a day-old link is swept; erasure removes every link to the address.

use crate::harness::{App, app, contract};
use collaborate_core::accounts::{AddressCheck, NewAccount};
use collaborate_core::notifications::Notice;
use collaborate_core::ports::Store;
use collaborate_core::values::*;
use collaborate_core::{Error, Registered};
use time::Duration;

const PASSWORD: &str = "a long enough password";

async fn register<S: Store>(app: &App<S>, email: &str, password: &str) -> Registered {
    app.register(NewAccount {
        email: Email::parse(email).unwrap(),
        password: Password::parse(password).unwrap(),
        display_name: DisplayName::parse("Noor Ahmed").unwrap(),
    })
    .await
    .unwrap()
}

/// The links of the address proofs written so far, newest first.
async fn links<S: Store>(app: &App<S>) -> Vec<SecretToken> {
    app.outbox(None, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.notice == Notice::AddressProof)
        .filter_map(|m| m.secret)
        .collect()
}

contract!(
    /// A registration is made from what its link kept, and only once.
    a_registration_waits_for_its_link => registration_waits
);
async fn registration_waits<S: Store>(store: S) {
    let (app, _) = app(store);
    let app = app.checking_addresses(AddressCheck::Checked);
    register(&app, "noor@example.org", PASSWORD).await;
    register(&app, "NOOR@example.org", "another long password").await;
    let sent = links(&app).await;
    assert_eq!(sent.len(), 2);

    let (_, account) = app.confirm_address(&sent[1], PASSWORD).await.unwrap();

    assert_eq!(account.display_name.as_str(), "Noor Ahmed");
    assert!(account.address_confirmed_at.is_some());
    app.log_in("noor@example.org", PASSWORD).await.unwrap();
    for link in &sent {
        assert!(matches!(
            app.confirm_address(link, PASSWORD).await,
            Err(Error::NotFound(_))
        ));
    }
}

contract!(
    /// An account's own link confirms it; a day-old one is swept; erasure leaves no link.
    an_accounts_link_confirms_it_until_swept_or_erased => account_links
);
async fn account_links<S: Store>(store: S) {
    let (unchecked, clock) = app(store);
    let made = register(&unchecked, "noor@example.org", PASSWORD)
        .await
        .made()
        .unwrap();
    let app = unchecked.checking_addresses(AddressCheck::Checked);
    app.send_address_link(made.id).await.unwrap();
    let old = links(&app).await.remove(0);
    clock.advance(Duration::days(1) + Duration::minutes(1));
    assert_eq!(app.sweep().await.unwrap().address_proofs, 1);
    assert!(matches!(
        app.confirm_address(&old, PASSWORD).await,
        Err(Error::NotFound(_))
    ));

    app.send_address_link(made.id).await.unwrap();
    let (_, confirmed) = app
        .confirm_address(&links(&app).await.remove(0), PASSWORD)
        .await
        .unwrap();
    assert_eq!(confirmed.id, made.id);
    assert_eq!(
        app.me(made.id).await.unwrap().account.address_confirmed_at,
        confirmed.address_confirmed_at
    );

    register(&app, "someone@example.org", PASSWORD).await;
    let pending = links(&app).await.remove(0);
    let (_, someone) = app.confirm_address(&pending, PASSWORD).await.unwrap();
    let password = Password::parse(PASSWORD).unwrap();
    app.erase_account(someone.id, &password).await.unwrap();
    clock.advance(Duration::days(1) + Duration::minutes(1));
    assert_eq!(
        app.sweep().await.unwrap().address_proofs,
        1,
        "only Noor's link was left to sweep: erasure removed the other"
    );
}
