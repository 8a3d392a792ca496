//! Signing in and out, recognising a session, and "me".

use crate::accounts::{Account, Accounts, SESSION_TOUCH_INTERVAL, Session, Sessions};
use crate::app::Collaborate;
use crate::error::{Error, Result};
use crate::groups::{Groups, Membership, hide_join_code_from};
use crate::ports::{Clock, Environment, IdSource, PasswordHasher, Transaction};
use crate::values::{AccountId, Email, Language, MemberStatus, Password, SecretToken};

/// The caller's account and groups.
#[derive(Debug, Clone, PartialEq)]
pub struct Me {
    /// The account.
    pub account: Account,
    /// The groups the caller is in (active or suspended), by group id.
    pub memberships: Vec<Membership>,
}

impl<E: Environment> Collaborate<E> {
    /// Signs in with email and password: a new session, whose token is returned once.
    ///
    /// # Errors
    /// [`Error::InvalidCredentials`] when the email is unknown or the password wrong, with the
    /// same answer and the same work either way.
    #[tracing::instrument(skip_all)]
    pub async fn log_in(&self, email: &str, password: &str) -> Result<(SecretToken, Account)> {
        // An address is only looked up here, so one stored before today's grammar still signs in.
        let email = Email::parse(email).or_else(|_| Email::from_store(email));
        let (Ok(email), Ok(password)) = (email, Password::parse(password)) else {
            return Err(Error::InvalidCredentials);
        };
        // The slow check runs outside any transaction, so no writer waits on it; the write then
        // makes sure the account is still the one whose password was checked.
        let account = self
            .read()
            .await?
            .account_by_email(&email)
            .await?
            .filter(|a| !a.is_erased());
        let hash = account.as_ref().and_then(|a| a.password_hash.clone());
        if !self.hasher.verify(&password, hash).await {
            return Err(Error::InvalidCredentials);
        }
        let checked = account.ok_or(Error::InvalidCredentials)?;
        let mut tx = self.write().await?;
        let account = tx
            .account(checked.id)
            .await?
            .filter(|a| a.password_hash == checked.password_hash)
            .ok_or(Error::InvalidCredentials)?;
        let token = self
            .open_session(&mut tx, account.id, self.clock.now())
            .await?;
        tx.commit().await?;
        Ok((token, account))
    }

    /// A new session of the account, begun at `now`, in `tx`: its token, shown once.
    pub(crate) async fn open_session<T: Sessions>(
        &self,
        tx: &mut T,
        account_id: AccountId,
        now: time::OffsetDateTime,
    ) -> Result<SecretToken> {
        let token = self.ids.new_token()?;
        tx.insert_session(&Session {
            token_hash: token.hash(),
            account_id,
            created_at: now,
            last_seen_at: now,
        })
        .await?;
        Ok(token)
    }

    /// The account a session token belongs to, if the session is alive; using it keeps it alive.
    ///
    /// # Errors
    /// [`Error::Unauthenticated`] when the token is unknown, idle too long, too old or revoked.
    #[tracing::instrument(skip_all)]
    pub async fn authenticate(&self, token: &SecretToken) -> Result<AccountId> {
        let now = self.clock.now();
        let hash = token.hash();
        // Most calls only read the session; a write is needed only to end it or, at most once a
        // minute, to note that it was used.
        let session = self
            .read()
            .await?
            .session(&hash)
            .await?
            .ok_or(Error::Unauthenticated)?;
        let alive = self.sessions.is_alive(&session, now);
        if !alive || now - session.last_seen_at >= SESSION_TOUCH_INTERVAL {
            let mut tx = self.write().await?;
            if alive {
                tx.update_session(&Session {
                    last_seen_at: now,
                    ..session.clone()
                })
                .await?;
            } else {
                tx.delete_session(&hash).await?;
            }
            tx.commit().await?;
        }
        if alive {
            Ok(session.account_id)
        } else {
            Err(Error::Unauthenticated)
        }
    }

    /// Ends the session of this token.
    ///
    /// # Errors
    /// Only [`Error::Unexpected`].
    #[tracing::instrument(skip_all)]
    pub async fn log_out(&self, token: &SecretToken) -> Result<()> {
        let mut tx = self.write().await?;
        tx.delete_session(&token.hash()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The caller's account and the groups they are in.
    ///
    /// # Errors
    /// [`Error::Unauthenticated`] when the account no longer exists.
    #[tracing::instrument(skip_all)]
    pub async fn me(&self, account_id: AccountId) -> Result<Me> {
        let mut tx = self.read().await?;
        let account = tx
            .account(account_id)
            .await?
            .ok_or(Error::Unauthenticated)?;
        let memberships = memberships_of(&mut tx, account_id).await?;
        Ok(Me {
            account,
            memberships,
        })
    }

    /// The language the caller chose to read the exchange in; none follows their browser.
    ///
    /// # Errors
    /// [`Error::Unauthenticated`] when the account no longer exists.
    #[tracing::instrument(skip_all)]
    pub async fn language_of(&self, account_id: AccountId) -> Result<Option<Language>> {
        let mut tx = self.read().await?;
        let account = tx.account(account_id).await?;
        Ok(account.ok_or(Error::Unauthenticated)?.language)
    }

    /// Sets the language the caller reads the exchange in, or (none) lets their browser say.
    ///
    /// # Errors
    /// [`Error::Unauthenticated`] when the account no longer exists.
    #[tracing::instrument(skip_all)]
    pub async fn set_language(
        &self,
        account_id: AccountId,
        language: Option<Language>,
    ) -> Result<Account> {
        let mut tx = self.write().await?;
        let account = tx
            .account(account_id)
            .await?
            .ok_or(Error::Unauthenticated)?;
        let account = Account {
            language,
            ..account
        };
        tx.update_account(&account).await?;
        tx.commit().await?;
        Ok(account)
    }
}

/// The groups the account is in (active or suspended), each as its member may see it.
pub(crate) async fn memberships_of<T: Groups>(
    tx: &mut T,
    account_id: AccountId,
) -> Result<Vec<Membership>> {
    Ok(tx
        .memberships_of(account_id)
        .await?
        .into_iter()
        .filter(|(_, m)| matches!(m.status, MemberStatus::Active | MemberStatus::Suspended))
        .map(|(group, member)| Membership {
            group: hide_join_code_from(group, &member),
            member,
        })
        .collect())
}
