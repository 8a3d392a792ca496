//! Limits on what can be tried at speed: guessing passwords, guessing join codes, registering
//! accounts (each one costs a slow password hash). Keys are client addresses (IPv6 by /64, the
//! block one subscriber holds) and account keys, each checked for shape before it is used.
//!
//! A sign-in or a join-code attempt counts only when it fails, so a school's staff signing in
//! behind one address at nine o'clock are never turned away for succeeding. The counts live in
//! the process: behind several processes each counts alone, so a limit is at most that many
//! times looser.

use crate::errors::ApiError;
use collaborate_core::values::{AccountId, Email};
use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How many keys a window holds before it forgets those with nothing recent.
const FORGET_ABOVE: usize = 10_000;

/// At most `most` events per key within any `span`: a sliding window of the events' times.
///
/// `governor`, the usual rate limiter, counts every check; counting only failures needs a
/// check that does not count, so this small window is written here.
struct Window<K> {
    most: usize,
    span: Duration,
    seen: Mutex<HashMap<K, VecDeque<Instant>>>,
}

impl<K: Hash + Eq + Clone> Window<K> {
    fn new(most: usize, span: Duration) -> Self {
        Self {
            most: most.max(1),
            span,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// How long until `key` may act again, if it is at its limit now.
    fn wait(&self, key: &K, now: Instant) -> Option<Duration> {
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        let times = seen.get_mut(key)?;
        self.forget_old(times, now);
        (times.len() >= self.most)
            .then(|| times.front().map(|first| *first + self.span - now))
            .flatten()
    }

    /// Counts an event of `key`.
    fn record(&self, key: K, now: Instant) {
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        if seen.len() > FORGET_ABOVE {
            seen.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|last| now.duration_since(*last) < self.span)
            });
        }
        let times = seen.entry(key).or_default();
        self.forget_old(times, now);
        if times.len() >= self.most {
            times.pop_front();
        }
        times.push_back(now);
    }

    fn forget_old(&self, times: &mut VecDeque<Instant>, now: Instant) {
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.span)
        {
            times.pop_front();
        }
    }
}

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

/// One kind of attempt, limited per client address and per account key.
struct Attempts<A> {
    per_account: Window<A>,
    per_address: Window<IpAddr>,
}

impl<A: Hash + Eq + Clone> Attempts<A> {
    fn new(allowance: Allowance) -> Self {
        Self {
            per_account: Window::new(allowance.per_account, allowance.span),
            per_address: Window::new(allowance.per_address, allowance.span),
        }
    }

    fn check(&self, account: Option<&A>, address: Option<IpAddr>) -> Result<(), ApiError> {
        let now = Instant::now();
        let waits = [
            account.and_then(|a| self.per_account.wait(a, now)),
            address.and_then(|a| self.per_address.wait(&address_key(a), now)),
        ];
        match waits.into_iter().flatten().max() {
            Some(wait) => Err(ApiError::rate_limited(wait.as_secs().max(1))),
            None => Ok(()),
        }
    }

    fn record(&self, account: Option<A>, address: Option<IpAddr>) {
        let now = Instant::now();
        if let Some(account) = account {
            self.per_account.record(account, now);
        }
        if let Some(address) = address {
            self.per_address.record(address_key(address), now);
        }
    }
}

/// The limits the server keeps. [`Limits::default`] fits a group whose members share one
/// address (a school, a council office).
pub struct Limits {
    sign_in_failures: Attempts<String>,
    join_failures: Attempts<AccountId>,
    registrations: Attempts<String>,
    password_resets: Attempts<String>,
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
    /// Limits of failed sign-ins, failed join codes and registrations, as given; requests for
    /// a new password are limited as registrations are (each sends an email).
    pub fn new(
        sign_in_failures: Allowance,
        join_failures: Allowance,
        registrations: Allowance,
    ) -> Self {
        Self {
            sign_in_failures: Attempts::new(sign_in_failures),
            join_failures: Attempts::new(join_failures),
            registrations: Attempts::new(registrations),
            password_resets: Attempts::new(registrations),
        }
    }

    /// Refuses a sign-in while its email or address has too many recent failures; an address
    /// that is not an email cannot be an account, and counts only against the client address.
    ///
    /// # Errors
    /// 429 `rate_limited` with the seconds to wait.
    pub fn check_sign_in(&self, email: &str, address: Option<IpAddr>) -> Result<(), ApiError> {
        self.sign_in_failures
            .check(account_key(email).as_ref(), address)
    }

    /// Counts a failed sign-in.
    pub fn sign_in_failed(&self, email: &str, address: Option<IpAddr>) {
        self.sign_in_failures.record(account_key(email), address);
    }

    /// Refuses a join-code attempt while the account or address has too many recent failures.
    ///
    /// # Errors
    /// 429 `rate_limited` with the seconds to wait.
    pub fn check_join(&self, account: AccountId, address: Option<IpAddr>) -> Result<(), ApiError> {
        self.join_failures.check(Some(&account), address)
    }

    /// Counts a join code that opened nothing.
    pub fn join_failed(&self, account: AccountId, address: Option<IpAddr>) {
        self.join_failures.record(Some(account), address);
    }

    /// Counts a registration, refusing it beyond the limits for its email or address.
    ///
    /// # Errors
    /// 429 `rate_limited` with the seconds to wait.
    pub fn register(&self, email: &Email, address: Option<IpAddr>) -> Result<(), ApiError> {
        let key = email.key();
        self.registrations.check(Some(&key), address)?;
        self.registrations.record(Some(key), address);
        Ok(())
    }

    /// Counts a request for a new password, refusing it beyond the limits for its email or
    /// address: whether or not the email has an account, so the limit tells nothing either.
    ///
    /// # Errors
    /// 429 `rate_limited` with the seconds to wait.
    pub fn ask_password_reset(
        &self,
        email: &Email,
        address: Option<IpAddr>,
    ) -> Result<(), ApiError> {
        let key = email.key();
        self.password_resets.check(Some(&key), address)?;
        self.password_resets.record(Some(key), address);
        Ok(())
    }
}

/// The key an email is limited by, once it is known to be one (at most 254 characters).
fn account_key(email: &str) -> Option<String> {
    Email::parse(email).ok().map(|e| e.key())
}

impl Default for Limits {
    /// Per quarter of an hour: 10 failed sign-ins per account and 100 per address; 10 failed
    /// join codes per account and 50 per address. Per hour: 5 registrations per email and 50
    /// per address.
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
                per_address: 50,
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
    fn a_window_refuses_past_its_count_and_forgets_after_its_span() {
        let window = Window::new(2, Duration::from_secs(60));
        let start = Instant::now();
        window.record("k", start);
        assert_eq!(window.wait(&"k", start), None);
        window.record("k", start + Duration::from_secs(10));
        assert_eq!(
            window.wait(&"k", start + Duration::from_secs(20)),
            Some(Duration::from_secs(40))
        );
        assert_eq!(window.wait(&"k", start + Duration::from_secs(60)), None);
        assert_eq!(window.wait(&"other", start), None);
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
