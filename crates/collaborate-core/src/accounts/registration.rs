//! Registering, and proving an address. Where addresses are checked, a registration finishes
//! only at a link sent to its address, and registering a taken address answers as a new one
//! does (its owner is told instead), so nobody learns who has an account. An account made
//! another way — claimed from an import, or registered while addresses were unchecked — proves
//! its address by the same kind of link.

use crate::accounts::{
    Account, Accounts as _, AddressCheck, AddressProof, NewAccount, Proving, Sessions as _,
};
use crate::app::Collaborate;
use crate::error::{ConflictReason, Error, Result};
use crate::notifications::use_cases::send_link;
use crate::notifications::{Notice, Outbox as _, OutboxMessage};
use crate::ports::{Clock, Environment, IdSource, PasswordHasher, Transaction, Tx};
use crate::values::{
    AccountId, DeliveryStatus, Email, InvalidValue, MessageId, Password, SecretToken,
};
use time::OffsetDateTime;

/// What an address link finishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// A registration: opened with the password chosen when registering.
    Registration,
    /// An existing account's address: opened with a new password for the account.
    Account,
}

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
    /// already or addresses are not checked here (then nothing happens). Whoever opens it
    /// chooses the account's password, as with a reset link.
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

    /// What an address link would finish, for the page it opens to ask the right password.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the link is unknown, used or more than a day old.
    #[tracing::instrument(skip_all)]
    pub async fn address_link(&self, token: &SecretToken) -> Result<LinkKind> {
        let now = self.clock.now();
        let proof = self.read().await?.address_proof(&token.hash()).await?;
        match proof.filter(|p| p.is_usable_at(now)).map(|p| p.proves) {
            Some(Proving::Registration { .. }) => Ok(LinkKind::Registration),
            Some(Proving::Account(_)) => Ok(LinkKind::Account),
            None => Err(Error::NotFound("address link")),
        }
    }

    /// Opens an address link with a password, and signs its holder in (the token of a new
    /// session is returned once); every other link to the address is used up.
    ///
    /// A registration's link makes the account, and asks for the password chosen when
    /// registering: whoever opens someone else's link (two people registered one address, or
    /// one link arrived unasked) makes nothing. An account's link hands the account to whoever
    /// reads the address: it sets `password` as its new password and ends every session, as a
    /// password reset does, so someone who claimed the account without reading its mail keeps
    /// nothing of it.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the link is unknown, used, more than a day old, or its account
    /// is gone or has another address now; [`Error::Invalid`] naming `password` when it is not
    /// the registration's, or not a valid new one; [`Error::Conflict`] when the address got an
    /// account meanwhile (its holder owns it: they sign in, or ask for a new password).
    #[tracing::instrument(skip_all)]
    pub async fn confirm_address(
        &self,
        token: &SecretToken,
        password: &str,
    ) -> Result<(SecretToken, Account)> {
        let now = self.clock.now();
        let gone = || Error::NotFound("address link");
        // The slow hashing runs before the write, as at sign-in.
        let proof = self
            .read()
            .await?
            .address_proof(&token.hash())
            .await?
            .filter(|p| p.is_usable_at(now))
            .ok_or_else(gone)?;
        let new_hash = match &proof.proves {
            Proving::Registration { password_hash, .. } => {
                let wrong =
                    || InvalidValue::new("password", "is not the password chosen when registering");
                let typed = Password::parse(password).map_err(|_| wrong())?;
                if !self
                    .hasher
                    .verify(&typed, Some(password_hash.clone()))
                    .await
                {
                    return Err(wrong().into());
                }
                None
            }
            Proving::Account(_) => Some(self.hasher.hash(&Password::parse(password)?).await?),
        };
        let mut tx = self.write().await?;
        tx.address_proof(&token.hash())
            .await?
            .filter(|p| p.is_usable_at(now) && *p == proof)
            .ok_or_else(gone)?;
        let account = match (proof.proves, new_hash) {
            (
                Proving::Registration {
                    display_name,
                    password_hash,
                },
                _,
            ) => {
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
            (Proving::Account(id), new_hash) => {
                let account = tx
                    .account(id)
                    .await?
                    .filter(|a| !a.is_erased() && a.email.key() == proof.email.key())
                    .ok_or_else(gone)?;
                let account = Account {
                    password_hash: new_hash.or(account.password_hash.clone()),
                    ..account.with_address_confirmed(now)
                };
                tx.update_account(&account).await?;
                tx.delete_sessions_of(id).await?;
                tx.use_password_resets_of(id, now).await?;
                account
            }
        };
        tx.use_address_proofs_for(&proof.email, now).await?;
        let session = self.open_session(&mut tx, account.id, now).await?;
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
