//! Limits on what can be tried at speed: guessing passwords, guessing join codes, registering
//! accounts (each one costs a slow password hash). Keys are client addresses (IPv6 by /64, the
//! block one subscriber holds) and account keys, each checked for shape before it is used.
//!
//! A sign-in or a join-code attempt counts only when it fails, so a school's staff signing in
//! behind one address at nine o'clock are never turned away for succeeding. Every attempt is
//! counted before its slow work (a password hash) begins and given back once it succeeds, so a
//! burst in parallel meets a limit exactly as the same attempts one after another would. The
//! counts live in the process: behind several processes each counts alone, so a limit is at
//! most that many times looser.

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

    /// Counts an event of `key` at `now`, unless `key` is at its limit: then how long until it
    /// may act again. Checking and counting under one lock is what keeps a parallel burst to
    /// the limit.
    fn reserve(&self, key: K, now: Instant) -> Result<(), Duration> {
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
            let first = times.front().copied().unwrap_or(now);
            return Err((first + self.span).saturating_duration_since(now));
        }
        times.push_back(now);
        Ok(())
    }

    /// Gives back an event of `key` counted at `at`, which turned out not to count.
    fn release(&self, key: &K, at: Instant) {
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(times) = seen.get_mut(key)
            && let Some(i) = times.iter().rposition(|t| *t == at)
        {
            times.remove(i);
        }
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

    /// Counts an attempt against its account and its address, unless either is at its limit.
    fn reserve(&self, account: Option<A>, address: Option<IpAddr>) -> Result<Attempt<A>, ApiError> {
        let at = Instant::now();
        let address = address.map(address_key);
        let refused = |wait: Duration| ApiError::rate_limited(wait.as_secs().max(1));
        if let Some(account) = &account {
            self.per_account
                .reserve(account.clone(), at)
                .map_err(refused)?;
        }
        if let Some(address) = address
            && let Err(wait) = self.per_address.reserve(address, at)
        {
            if let Some(account) = &account {
                self.per_account.release(account, at);
            }
            return Err(refused(wait));
        }
        Ok(Attempt {
            account,
            address,
            at,
        })
    }

    /// Gives back an attempt that did not count.
    fn release(&self, attempt: Attempt<A>) {
        if let Some(account) = &attempt.account {
            self.per_account.release(account, attempt.at);
        }
        if let Some(address) = &attempt.address {
            self.per_address.release(address, attempt.at);
        }
    }
}

/// An attempt counted before it was made: it stays counted unless given back.
#[must_use = "an attempt that succeeds is given back"]
pub struct Attempt<A> {
    account: Option<A>,
    address: Option<IpAddr>,
    at: Instant,
}

/// The limits the server keeps. [`Limits::default`] fits a group whose members share one
/// address (a school, a council office).
pub struct Limits {
    sign_in_failures: Attempts<String>,
    join_failures: Attempts<AccountId>,
    registrations: Attempts<String>,
    password_resets: Attempts<String>,
    token_guesses: Attempts<String>,
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
    /// a new password are limited as registrations are (each sends an email), and guesses at a
    /// single-use link's token as failed sign-ins are.
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
            token_guesses: Attempts::new(sign_in_failures),
        }
    }

    /// Counts a sign-in before it is tried, refusing it while its email or address has too
    /// many recent failures; [`Limits::signed_in`] gives it back when it succeeds. An address
    /// that is not an email cannot be an account, and counts only against the client address.
    ///
    /// # Errors
    /// 429 `rate_limited` with the seconds to wait.
    pub fn sign_in(
        &self,
        email: &str,
        address: Option<IpAddr>,
    ) -> Result<Attempt<String>, ApiError> {
        self.sign_in_failures.reserve(account_key(email), address)
    }

    /// Gives back a sign-in that succeeded (or failed for another reason than the password).
    pub fn signed_in(&self, attempt: Attempt<String>) {
        self.sign_in_failures.release(attempt);
    }

    /// Counts a join-code attempt before it is tried, refusing it while the account or address
    /// has too many recent failures; [`Limits::joined`] gives it back when the code opened
    /// something.
    ///
    /// # Errors
    /// 429 `rate_limited` with the seconds to wait.
    pub fn join(
        &self,
        account: AccountId,
        address: Option<IpAddr>,
    ) -> Result<Attempt<AccountId>, ApiError> {
        self.join_failures.reserve(Some(account), address)
    }

    /// Gives back a join-code attempt whose code opened something.
    pub fn joined(&self, attempt: Attempt<AccountId>) {
        self.join_failures.release(attempt);
    }

    /// Counts a registration, refusing it beyond the limits for its email or address.
    ///
    /// # Errors
    /// 429 `rate_limited` with the seconds to wait.
    pub fn register(&self, email: &Email, address: Option<IpAddr>) -> Result<(), ApiError> {
        let _counted = self.registrations.reserve(Some(email.key()), address)?;
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
        let _counted = self.password_resets.reserve(Some(email.key()), address)?;
        Ok(())
    }

    /// Counts a request for a link that confirms an account's address, as requests for a new
    /// password are counted (each sends an email to the address).
    ///
    /// # Errors
    /// 429 `rate_limited` with the seconds to wait.
    pub fn ask_address_link(&self, email: &Email, address: Option<IpAddr>) -> Result<(), ApiError> {
        let _counted = self.password_resets.reserve(Some(email.key()), address)?;
        Ok(())
    }

    /// Counts a use of a single-use link's token (a password reset, a profile to claim) from
    /// `address` before its password is hashed, refusing it beyond the limit for guesses;
    /// [`Limits::token_used`] gives back one whose token was good.
    ///
    /// # Errors
    /// 429 `rate_limited` with the seconds to wait.
    pub fn use_token(&self, address: Option<IpAddr>) -> Result<Attempt<String>, ApiError> {
        self.token_guesses.reserve(None, address)
    }

    /// Gives back a use of a link's token that was good.
    pub fn token_used(&self, attempt: Attempt<String>) {
        self.token_guesses.release(attempt);
    }
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
    fn a_window_refuses_past_its_count_and_forgets_after_its_span() {
        let window = Window::new(2, Duration::from_secs(60));
        let start = Instant::now();
        assert_eq!(window.reserve("k", start), Ok(()));
        assert_eq!(window.reserve("k", start + Duration::from_secs(10)), Ok(()));
        assert_eq!(
            window.reserve("k", start + Duration::from_secs(20)),
            Err(Duration::from_secs(40))
        );
        assert_eq!(window.reserve("k", start + Duration::from_secs(60)), Ok(()));
        assert_eq!(window.reserve("other", start), Ok(()));
    }

    #[test]
    fn an_attempt_given_back_frees_its_place() {
        let window = Window::new(1, Duration::from_secs(60));
        let start = Instant::now();
        assert_eq!(window.reserve("k", start), Ok(()));
        window.release(&"k", start);
        assert_eq!(window.reserve("k", start), Ok(()));
        assert!(window.reserve("k", start).is_err());
    }

    #[test]
    fn a_parallel_burst_meets_the_limit_as_a_sequence_does() {
        let attempts = Attempts::<String>::new(Allowance {
            per_account: 10,
            per_address: 100,
            span: Duration::from_secs(900),
        });
        let address: IpAddr = "203.0.113.7".parse().unwrap();
        let admitted = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for _ in 0..60 {
                scope.spawn(|| {
                    if attempts
                        .reserve(Some("ada".to_owned()), Some(address))
                        .is_ok()
                    {
                        admitted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    }
                });
            }
        });
        assert_eq!(admitted.into_inner(), 10);
    }

    #[test]
    fn an_address_at_its_limit_gives_back_the_accounts_count() {
        let attempts = Attempts::<String>::new(Allowance {
            per_account: 2,
            per_address: 1,
            span: Duration::from_secs(900),
        });
        let address: IpAddr = "203.0.113.7".parse().unwrap();
        let first = attempts.reserve(Some("ada".to_owned()), Some(address));
        assert!(first.is_ok());
        assert!(
            attempts
                .reserve(Some("ada".to_owned()), Some(address))
                .is_err()
        );
        assert!(
            attempts.reserve(Some("ada".to_owned()), None).is_ok(),
            "the refused attempt left the account's count as it was"
        );
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
