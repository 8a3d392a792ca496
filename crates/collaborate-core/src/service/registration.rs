//! Registering, and proving an address. Where addresses are checked, a registration finishes
//! only at a link sent to its address, and registering a taken address answers as a new one
//! does (its owner is told instead), so nobody learns who has an account. An account made
//! another way — claimed from an import, or registered while addresses were unchecked — proves
//! its address by the same kind of link.

use super::Collaborate;
use super::notifications::send_link;
use crate::accounts::{
    Account, Accounts as _, AddressCheck, AddressProof, NewAccount, Proving, Session,
};
use crate::error::{ConflictReason, Error, Result};
use crate::notifications::{Notice, Outbox as _, OutboxMessage};
use crate::ports::{Clock, Environment, IdSource, PasswordHasher, Transaction, Tx};
use crate::values::{AccountId, DeliveryStatus, Email, MessageId, SecretToken};
use time::OffsetDateTime;

/// What registering did.
#[derive(Debug, Clone, PartialEq)]
pub enum Registered {
    /// The account was made: addresses are not checked here.
    Account(Account),
    /// A link went to the address — or, when it already has an account, a word to its owner:
    /// the same answer either way.
    LinkSent,
}

impl Registered {
    /// The account registering made.
    ///
    /// # Errors
    /// [`Error::AddressUnconfirmed`] when none was made yet: it will be when the link sent to
    /// the address is opened.
    pub fn made(self) -> Result<Account> {
        match self {
            Self::Account(account) => Ok(account),
            Self::LinkSent => Err(Error::AddressUnconfirmed),
        }
    }
}

impl<E: Environment> Collaborate<E> {
    /// Whether this server checks addresses.
    pub fn address_check(&self) -> AddressCheck {
        self.addresses
    }

    /// Registers an account — at once where addresses are unchecked, or, where they are
    /// checked, when the person opens the link sent to the address
    /// ([`Collaborate::confirm_address`]).
    ///
    /// # Errors
    /// [`Error::Conflict`] when the email is taken (compared case-insensitively) and addresses
    /// are unchecked; where they are checked, a taken address answers as a free one does.
    #[tracing::instrument(skip_all)]
    pub async fn register(&self, new: NewAccount) -> Result<Registered> {
        let password_hash = self.hasher.hash(&new.password).await?;
        let now = self.clock.now();
        let mut tx = self.write().await?;
        let owner = tx.account_by_email(&new.email).await?;
        let registered = match (self.addresses, owner) {
            (AddressCheck::Unchecked, Some(_)) => {
                return Err(Error::conflict(
                    ConflictReason::Duplicate,
                    "an account with this email already exists",
                ));
            }
            (AddressCheck::Unchecked, None) => {
                let account = Account {
                    id: AccountId::from_uuid(self.ids.new_id()),
                    email: new.email,
                    display_name: new.display_name,
                    password_hash: Some(password_hash),
                    language: None,
                    created_at: now,
                    preloaded_by: None,
                    address_confirmed_at: None,
                };
                tx.insert_account(&account).await?;
                Registered::Account(account)
            }
            (AddressCheck::Checked, Some(owner)) => {
                tx.insert_message(&OutboxMessage::new(
                    MessageId::from_uuid(self.ids.new_id()),
                    None,
                    Some(owner.id),
                    owner.email,
                    Notice::AlreadyRegistered,
                    None,
                    DeliveryStatus::Waiting,
                    now,
                ))
                .await?;
                Registered::LinkSent
            }
            (AddressCheck::Checked, None) => {
                let proving = Proving::Registration {
                    display_name: new.display_name,
                    password_hash,
                };
                self.send_proof(&mut tx, None, new.email, proving, now)
                    .await?;
                Registered::LinkSent
            }
        };
        tx.commit().await?;
        Ok(registered)
    }

    /// Sends the caller a link that confirms their account's address, unless it is confirmed
    /// already or addresses are not checked here (then nothing happens).
    ///
    /// # Errors
    /// [`Error::Unauthenticated`] when the account no longer exists.
    #[tracing::instrument(skip_all)]
    pub async fn send_address_link(&self, account_id: AccountId) -> Result<()> {
        let mut tx = self.write().await?;
        let account = tx
            .account(account_id)
            .await?
            .ok_or(Error::Unauthenticated)?;
        let confirmed = self.addresses.require_confirmed(&account).is_ok();
        if confirmed || account.is_erased() {
            return Ok(());
        }
        let now = self.clock.now();
        let proving = Proving::Account(account.id);
        self.send_proof(&mut tx, Some(account.id), account.email, proving, now)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Opens an address link: the registration it finishes makes the account, or the account
    /// it was sent for has its address confirmed. Every other link to the address is used up,
    /// and the holder is signed in (the token of a new session is returned once).
    ///
    /// # Errors
    /// [`Error::NotFound`] when the link is unknown, used, more than a day old, or its account
    /// is gone or has another address now; [`Error::Conflict`] when the address got an account
    /// meanwhile (its holder owns it: they sign in, or ask for a new password).
    #[tracing::instrument(skip_all)]
    pub async fn confirm_address(&self, token: &SecretToken) -> Result<(SecretToken, Account)> {
        let now = self.clock.now();
        let gone = || Error::NotFound("address link");
        let mut tx = self.write().await?;
        let proof = tx
            .address_proof(&token.hash())
            .await?
            .filter(|p| p.is_usable_at(now))
            .ok_or_else(gone)?;
        let account = match proof.proves {
            Proving::Registration {
                display_name,
                password_hash,
            } => {
                if tx.account_by_email(&proof.email).await?.is_some() {
                    return Err(Error::conflict(
                        ConflictReason::Duplicate,
                        "this address has an account already: sign in, or ask for a new password",
                    ));
                }
                let account = Account {
                    id: AccountId::from_uuid(self.ids.new_id()),
                    email: proof.email.clone(),
                    display_name,
                    password_hash: Some(password_hash),
                    language: None,
                    created_at: now,
                    preloaded_by: None,
                    address_confirmed_at: Some(now),
                };
                tx.insert_account(&account).await?;
                account
            }
            Proving::Account(id) => {
                let account = tx
                    .account(id)
                    .await?
                    .filter(|a| !a.is_erased() && a.email.key() == proof.email.key())
                    .ok_or_else(gone)?;
                let account = account.with_address_confirmed(now);
                tx.update_account(&account).await?;
                account
            }
        };
        tx.use_address_proofs_for(&proof.email, now).await?;
        let session = self.ids.new_token()?;
        tx.insert_session(&Session {
            token_hash: session.hash(),
            account_id: account.id,
            created_at: now,
            last_seen_at: now,
        })
        .await?;
        tx.commit().await?;
        Ok((session, account))
    }

    /// Writes a new address link for `email` and its message, in `tx`.
    async fn send_proof(
        &self,
        tx: &mut Tx<E>,
        account_id: Option<AccountId>,
        email: Email,
        proves: Proving,
        now: OffsetDateTime,
    ) -> Result<()> {
        let token = self.ids.new_token()?;
        tx.insert_address_proof(&AddressProof {
            token_hash: token.hash(),
            email: email.clone(),
            proves,
            created_at: now,
            used_at: None,
        })
        .await?;
        let to = (account_id, email);
        send_link(tx, &self.ids, to, None, Notice::AddressProof, token, now).await
    }
}
