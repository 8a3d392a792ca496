//! Limits on what can be tried at speed: guessing passwords, guessing join codes, registering
//! accounts (each one costs a slow password hash). Keys are client addresses (IPv6 by /64, the
//! block one subscriber holds) and account keys, each checked for shape before it is used, and
//! counted by their digest only.
//!
//! A sign-in or a join-code attempt counts only when it fails, so a school's staff signing in
//! behind one address at nine o'clock are never turned away for succeeding. Every attempt is
//! counted before its slow work (a password hash) begins and given back once it succeeds, so a
//! burst in parallel meets a limit exactly as the same attempts one after another would. Where
//! the counts live is the [`AttemptCounter`] given: the process's own for a single process, the
//! database for several processes over one PostgreSQL database, so that they count together.

use crate::errors::ApiError;
use collaborate_core::Error;
use collaborate_core::attempts::{AttemptCounter, Counted, InProcessAttempts, Reserved};
use collaborate_core::values::{AccountId, Email};
use sha2::{Digest, Sha256};
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

/// The key of a client address: an IPv4 address as it is, an IPv6 address by its /64 (one
/// subscriber's block, in which every address is theirs to use), an IPv4-mapped IPv6 address as
/// the IPv4 address it carries.
pub fn address_key(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6((u128::from(v6) & !u128::from(u64::MAX)).into()),
        },
    }
}

/// One kind of attempt, limited per account key and per client address.
#[derive(Debug, Clone, Copy)]
struct Kind {
    name: &'static str,
    allowance: Allowance,
}

/// The key one kind of attempt is counted under: a digest, so the counts keep no address or
/// email.
fn counted_key(kind: &str, scope: &str, value: &str) -> String {
    let digest = Sha256::new()
        .chain_update(kind.as_bytes())
        .chain_update(b"\0")
        .chain_update(scope.as_bytes())
        .chain_update(b"\0")
        .chain_update(value.as_bytes())
        .finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// An attempt counted before it was made: it stays counted unless given back.
#[must_use = "an attempt that succeeds is given back"]
pub struct Attempt(Option<Reserved>);

/// The limits the server keeps. [`Limits::default`] fits a group whose members share one
/// address (a school, a council office).
pub struct Limits {
    counter: Arc<dyn AttemptCounter>,
    sign_in_failures: Kind,
    join_failures: Kind,
    registrations: Kind,
    password_resets: Kind,
    token_guesses: Kind,
}

/// How many of each are allowed in a window, per account and per address.
#[derive(Debug, Clone, Copy)]
pub struct Allowance {
    /// Per account (an email being signed in to or registered, an account joining).
    pub per_account: usize,
    /// Per client address.
    pub per_address: usize,
    /// The window.
    pub span: Duration,
}

impl Limits {
    /// Limits of failed sign-ins, failed join codes and registrations, as given, counted in this
    /// process; requests for a new password are limited as registrations are (each sends an
    /// email), and guesses at a single-use link's token as failed sign-ins are.
    pub fn new(
        sign_in_failures: Allowance,
        join_failures: Allowance,
        registrations: Allowance,
    ) -> Self {
        let kind = |name, allowance| Kind { name, allowance };
        Self {
            counter: Arc::new(InProcessAttempts::default()),
            sign_in_failures: kind("sign_in", sign_in_failures),
            join_failures: kind("join", join_failures),
            registrations: kind("registration", registrations),
            password_resets: kind("email_link", registrations),
            token_guesses: kind("token", sign_in_failures),
        }
    }

    /// These limits, counted by `counter`: the database, when several processes share one.
    #[must_use]
    pub fn counted_by(self, counter: Arc<dyn AttemptCounter>) -> Self {
        Self { counter, ..self }
    }

    /// Counts an attempt of `kind` against its account and its address, unless either is at
    /// its limit.
    async fn reserve(
        &self,
        kind: Kind,
        account: Option<String>,
        address: Option<IpAddr>,
    ) -> Result<Attempt, ApiError> {
        let mut keys = Vec::with_capacity(2);
        if let Some(account) = account {
            keys.push(Counted {
                key: counted_key(kind.name, "account", &account),
                most: most(kind.allowance.per_account),
            });
        }
        if let Some(address) = address {
            keys.push(Counted {
                key: counted_key(kind.name, "address", &address_key(address).to_string()),
                most: most(kind.allowance.per_address),
            });
        }
        if keys.is_empty() {
            return Ok(Attempt(None));
        }
        match self
            .counter
            .reserve(&keys, kind.allowance.span)
            .await
            .map_err(|e| ApiError::from(Error::from(e)))?
        {
            Ok(reserved) => Ok(Attempt(Some(reserved))),
            Err(wait) => Err(ApiError::rate_limited(wait.as_secs().max(1))),
        }
    }

    /// Gives back an attempt that did not count; a count that cannot be written back stays
    /// counted (the limit errs on the safe side).
    async fn release(&self, attempt: Attempt) {
        if let Some(reserved) = attempt.0
            && let Err(error) = self.counter.release(&reserved).await
        {
            tracing::warn!(%error, "an attempt that did not count could not be given back");
        }
    }

    /// Counts a sign-in before it is tried, refusing it while its email or address has too
    /// many recent failures; [`Limits::signed_in`] gives it back when it succeeds. An address
    /// that is not an email cannot be an account, and counts only against the client address.
    ///
    /// # Errors
    /// 429 `rate_limited` with the seconds to wait.
    pub async fn sign_in(&self, email: &str, address: Option<IpAddr>) -> Result<Attempt, ApiError> {
        self.reserve(self.sign_in_failures, account_key(email), address)
            .await
    }

    /// Gives back a sign-in that succeeded (or failed for another reason than the password).
    pub async fn signed_in(&self, attempt: Attempt) {
        self.release(attempt).await;
    }

    /// Counts a join-code attempt before it is tried, refusing it while the account or address
    /// has too many recent failures; [`Limits::joined`] gives it back when the code opened
    /// something.
    ///
    /// # Errors
    /// 429 `rate_limited` with the seconds to wait.
    pub async fn join(
        &self,
        account: AccountId,
        address: Option<IpAddr>,
    ) -> Result<Attempt, ApiError> {
        self.reserve(self.join_failures, Some(account.to_string()), address)
            .await
    }

    /// Gives back a join-code attempt whose code opened something.
    pub async fn joined(&self, attempt: Attempt) {
        self.release(attempt).await;
    }

    /// Counts a registration, refusing it beyond the limits for its email or address.
    ///
    /// # Errors
    /// 429 `rate_limited` with the seconds to wait.
    pub async fn register(&self, email: &Email, address: Option<IpAddr>) -> Result<(), ApiError> {
        let _counted = self
            .reserve(self.registrations, Some(email.key()), address)
            .await?;
        Ok(())
    }

    /// Counts a request for a new password, refusing it beyond the limits for its email or
    /// address: whether or not the email has an account, so the limit tells nothing either.
    ///
    /// # Errors
    /// 429 `rate_limited` with the seconds to wait.
    pub async fn ask_password_reset(
        &self,
        email: &Email,
        address: Option<IpAddr>,
    ) -> Result<(), ApiError> {
        let _counted = self
            .reserve(self.password_resets, Some(email.key()), address)
            .await?;
        Ok(())
    }

    /// Counts a request for a link that confirms an account's address, as requests for a new
    /// password are counted (each sends an email to the address).
    ///
    /// # Errors
    /// 429 `rate_limited` with the seconds to wait.
    pub async fn ask_address_link(
        &self,
        email: &Email,
        address: Option<IpAddr>,
    ) -> Result<(), ApiError> {
        self.ask_password_reset(email, address).await
    }

    /// Counts a use of a single-use link's token (a password reset, a profile to claim) from
    /// `address` before its password is hashed, refusing it beyond the limit for guesses;
    /// [`Limits::token_used`] gives back one whose token was good.
    ///
    /// # Errors
    /// 429 `rate_limited` with the seconds to wait.
    pub async fn use_token(&self, address: Option<IpAddr>) -> Result<Attempt, ApiError> {
        self.reserve(self.token_guesses, None, address).await
    }

    /// Gives back a use of a link's token that was good.
    pub async fn token_used(&self, attempt: Attempt) {
        self.release(attempt).await;
    }
}

/// An allowance as the counter takes it.
fn most(allowed: usize) -> u32 {
    u32::try_from(allowed).unwrap_or(u32::MAX)
}

/// The key an email is limited by, once it is known to be one (at most 254 characters).
fn account_key(email: &str) -> Option<String> {
    Email::parse(email).ok().map(|e| e.key())
}

impl Default for Limits {
    /// Per quarter of an hour: 10 failed sign-ins per account and 100 per address; 10 failed
    /// join codes per account and 50 per address. Per hour: 5 registrations per email and
    /// 1,000 per address, so a whole school's staff can register from behind its one address
    /// (the cost of their password hashes is bounded by the hasher, one at a time per core).
    fn default() -> Self {
        let quarter = Duration::from_secs(15 * 60);
        let hour = Duration::from_secs(60 * 60);
        Self::new(
            Allowance {
                per_account: 10,
                per_address: 100,
                span: quarter,
            },
            Allowance {
                per_account: 10,
                per_address: 50,
                span: quarter,
            },
            Allowance {
                per_account: 5,
                per_address: 1_000,
                span: hour,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("203.0.113.7", "203.0.113.7")]
    #[case("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::")]
    #[case("2001:db8:1:2::1", "2001:db8:1:2::")]
    #[case("::ffff:198.51.100.4", "198.51.100.4")]
    fn addresses_are_keyed_by_host_or_by_ipv6_block(#[case] address: &str, #[case] key: &str) {
        let parse = |a: &str| a.parse::<IpAddr>().unwrap();
        assert_eq!(address_key(parse(address)), parse(key));
    }

    #[test]
    fn an_overlong_email_is_no_account_key() {
        let long = format!("{}@example.org", "a".repeat(64 * 1024));
        assert_eq!(account_key(&long), None);
        assert_eq!(
            account_key(" Ada@Example.org "),
            Some("ada@example.org".to_owned())
        );
    }
}
