//! Changing one's password, and getting a new one when it is forgotten: a single-use link, valid
//! one hour, sent to the account's address. Either way every other session ends, so a password
//! that leaked stops working everywhere at once, and every link still out that would set a
//! password (a reset, an address link) stops working.

use crate::accounts::{Account, Accounts as _, PasswordReset, Sessions as _};
use crate::app::Collaborate;
use crate::error::{Error, Result};
use crate::notifications::Notice;
use crate::notifications::use_cases::send_link;
use crate::ports::{Clock, Environment, IdSource, PasswordHasher as _, Transaction as _};
use crate::values::{AccountId, Email, InvalidValue, Password, SecretToken};

impl<E: Environment> Collaborate<E> {
    /// Changes the caller's password once their current one is checked; every session but the
    /// one they are using ends, and any reset link still out stops working.
    ///
    /// # Errors
    /// [`Error::Invalid`] naming `current_password` when it is wrong,
    /// [`Error::Unauthenticated`] when the account is gone, [`Error::Stale`] when the password
    /// changed meanwhile.
    #[tracing::instrument(skip_all)]
    pub async fn change_password(
        &self,
        account_id: AccountId,
        session: &SecretToken,
        current: &str,
        new: Password,
    ) -> Result<()> {
        let wrong = || InvalidValue::new("current_password", "is not your current password");
        let account = self
            .read()
            .await?
            .account(account_id)
            .await?
            .ok_or(Error::Unauthenticated)?;
        let current = Password::parse(current).map_err(|_| wrong())?;
        if !self
            .hasher
            .verify(&current, account.password_hash.clone())
            .await
        {
            return Err(wrong().into());
        }
        let hash = self.hasher.hash(&new).await?;
        let now = self.clock.now();
        let mut tx = self.write().await?;
        let stored = tx
            .account(account_id)
            .await?
            .ok_or(Error::Unauthenticated)?;
        if stored.password_hash != account.password_hash {
            return Err(Error::Stale(
                "your password was changed meanwhile: sign in again".to_owned(),
            ));
        }
        let email = stored.email.clone();
        tx.update_account(&Account {
            password_hash: Some(hash),
            ..stored
        })
        .await?;
        tx.delete_other_sessions(account_id, &session.hash())
            .await?;
        tx.use_password_resets_of(account_id, now).await?;
        // An address link would set another password: the new one ends those still out.
        tx.use_address_proofs_for(&email, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Asks for a new password for `email`: when an account has that address, a single-use link
    /// valid one hour goes to it. The answer is the same whether or not one does, so nobody
    /// learns who has an account.
    ///
    /// # Errors
    /// Only [`Error::Unexpected`].
    #[tracing::instrument(skip_all)]
    pub async fn ask_password_reset(&self, email: &Email) -> Result<()> {
        let now = self.clock.now();
        let mut tx = self.write().await?;
        let account = tx.account_by_email(email).await?;
        if let Some(account) = account.filter(|a| !a.is_erased()) {
            let token = self.ids.new_token()?;
            tx.insert_password_reset(&PasswordReset {
                token_hash: token.hash(),
                account_id: account.id,
                created_at: now,
                used_at: None,
            })
            .await?;
            let to = (Some(account.id), account.email);
            send_link(
                &mut tx,
                &self.ids,
                to,
                None,
                Notice::PasswordReset,
                token,
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Sets a new password with a reset link's token: the link (and every other still out) is
    /// used up, every session of the account ends, and its address counts as confirmed.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the token is unknown, used, or more than an hour old.
    #[tracing::instrument(skip_all)]
    pub async fn reset_password(&self, token: &SecretToken, new: Password) -> Result<()> {
        let hash = self.hasher.hash(&new).await?;
        let now = self.clock.now();
        let mut tx = self.write().await?;
        let reset = tx
            .password_reset(&token.hash())
            .await?
            .filter(|r| r.is_usable_at(now))
            .ok_or(Error::NotFound("password reset"))?;
        let account = tx
            .account(reset.account_id)
            .await?
            .filter(|a| !a.is_erased())
            .ok_or(Error::NotFound("password reset"))?;
        let email = account.email.clone();
        // The link went to the address, so opening it confirms the address too.
        tx.update_account(&Account {
            password_hash: Some(hash),
            ..account.with_address_confirmed(now)
        })
        .await?;
        tx.use_password_resets_of(reset.account_id, now).await?;
        tx.use_address_proofs_for(&email, now).await?;
        tx.delete_sessions_of(reset.account_id).await?;
        tx.commit().await?;
        Ok(())
    }
}
