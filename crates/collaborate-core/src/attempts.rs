//! Counting the attempts that are limited (failed sign-ins, guessed join codes, registrations):
//! the port that counts them, and the count one process keeps for itself.
//!
//! An attempt counts against several keys at once (an account, a client address), each with the
//! most it may have within the window; one key at its most refuses the attempt, and then nothing
//! is counted. Checking and counting are one step, so a burst in parallel meets a limit exactly
//! as the same attempts one after another would. An attempt that turns out not to count (the
//! password was right) is given back.

use crate::error::PortError;
use async_trait::async_trait;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// One key an attempt counts against, and the most it may have within the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    /// The key, such as `sign_in/address/203.0.113.7`.
    pub key: String,
    /// At most this many attempts within the window.
    pub most: u32,
}

/// An attempt counted, to give back if it turns out not to count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reserved {
    /// The attempt.
    pub id: Uuid,
    /// The keys it was counted against.
    pub keys: Vec<String>,
}

/// Where attempts are counted: in the process, or where every process of a deployment sees the
/// same counts (the database they share).
#[async_trait]
pub trait AttemptCounter: Send + Sync + 'static {
    /// Counts an attempt against each of `keys` within the last `span`, unless one of them is
    /// at its most: then how long until it may be tried again.
    ///
    /// # Errors
    /// [`PortError::Failed`] when the count cannot be read or written.
    async fn reserve(
        &self,
        keys: &[Counted],
        span: Duration,
    ) -> Result<Result<Reserved, Duration>, PortError>;

    /// Gives back an attempt that did not count.
    ///
    /// # Errors
    /// [`PortError::Failed`] when the count cannot be written.
    async fn release(&self, reserved: &Reserved) -> Result<(), PortError>;
}

/// How many keys the process keeps before it forgets those with nothing recent.
const FORGET_ABOVE: usize = 10_000;

/// The attempts of one key: the window's span, and when each attempt within it was made.
#[derive(Debug)]
struct Seen {
    span: Duration,
    times: VecDeque<(Instant, Uuid)>,
}

impl Seen {
    fn forget_old(&mut self, now: Instant) {
        while self
            .times
            .front()
            .is_some_and(|(t, _)| now.duration_since(*t) >= self.span)
        {
            self.times.pop_front();
        }
    }
}

/// The counts one process keeps: right for a single process (the embedded SQLite default);
/// behind several processes each would count alone.
#[derive(Debug, Default)]
pub struct InProcessAttempts {
    seen: Mutex<HashMap<String, Seen>>,
    next: AtomicU64,
}

impl InProcessAttempts {
    /// [`AttemptCounter::reserve`] at `now`.
    pub fn reserve_at(
        &self,
        keys: &[Counted],
        span: Duration,
        now: Instant,
    ) -> Result<Reserved, Duration> {
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        if seen.len() > FORGET_ABOVE {
            seen.retain(|_, s| {
                s.times
                    .back()
                    .is_some_and(|(last, _)| now.duration_since(*last) < s.span)
            });
        }
        for counted in keys {
            if let Some(s) = seen.get_mut(&counted.key) {
                s.forget_old(now);
                if s.times.len() >= counted.most.max(1) as usize {
                    let first = s.times.front().map_or(now, |(t, _)| *t);
                    return Err((first + s.span).saturating_duration_since(now));
                }
            }
        }
        let id = Uuid::from_u128(u128::from(self.next.fetch_add(1, Ordering::Relaxed)));
        for counted in keys {
            let s = seen.entry(counted.key.clone()).or_insert_with(|| Seen {
                span,
                times: VecDeque::new(),
            });
            s.span = span;
            s.times.push_back((now, id));
        }
        Ok(Reserved {
            id,
            keys: keys.iter().map(|c| c.key.clone()).collect(),
        })
    }
}

#[async_trait]
impl AttemptCounter for InProcessAttempts {
    async fn reserve(
        &self,
        keys: &[Counted],
        span: Duration,
    ) -> Result<Result<Reserved, Duration>, PortError> {
        Ok(self.reserve_at(keys, span, Instant::now()))
    }

    async fn release(&self, reserved: &Reserved) -> Result<(), PortError> {
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        for key in &reserved.keys {
            if let Some(s) = seen.get_mut(key) {
                s.times.retain(|(_, id)| *id != reserved.id);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(key: &str, most: u32) -> Counted {
        Counted {
            key: key.to_owned(),
            most,
        }
    }

    const MINUTE: Duration = Duration::from_secs(60);

    #[test]
    fn a_key_refuses_past_its_most_and_forgets_after_its_span() {
        let attempts = InProcessAttempts::default();
        let start = Instant::now();
        let at = |s: u64| start + Duration::from_secs(s);
        let k = [key("k", 2)];
        assert!(attempts.reserve_at(&k, MINUTE, at(0)).is_ok());
        assert!(attempts.reserve_at(&k, MINUTE, at(10)).is_ok());
        assert_eq!(
            attempts.reserve_at(&k, MINUTE, at(20)),
            Err(Duration::from_secs(40))
        );
        assert!(attempts.reserve_at(&k, MINUTE, at(60)).is_ok());
        assert!(
            attempts
                .reserve_at(&[key("other", 2)], MINUTE, at(20))
                .is_ok()
        );
    }

    #[test]
    fn an_attempt_given_back_frees_its_place() {
        pollster::block_on(async {
            let attempts = InProcessAttempts::default();
            let k = [key("k", 1)];
            let first = attempts.reserve(&k, MINUTE).await.unwrap().unwrap();
            attempts.release(&first).await.unwrap();
            assert!(attempts.reserve(&k, MINUTE).await.unwrap().is_ok());
            assert!(attempts.reserve(&k, MINUTE).await.unwrap().is_err());
        });
    }

    #[test]
    fn one_key_at_its_most_refuses_the_attempt_and_counts_it_against_none() {
        let attempts = InProcessAttempts::default();
        let now = Instant::now();
        let both = [key("account", 2), key("address", 1)];
        assert!(attempts.reserve_at(&both, MINUTE, now).is_ok());
        assert!(attempts.reserve_at(&both, MINUTE, now).is_err());
        assert!(
            attempts
                .reserve_at(&[key("account", 2)], MINUTE, now)
                .is_ok(),
            "the refused attempt left the account's count as it was"
        );
    }

    #[test]
    fn a_parallel_burst_meets_the_limit_as_a_sequence_does() {
        let attempts = InProcessAttempts::default();
        let keys = [key("account", 10), key("address", 100)];
        let now = Instant::now();
        let admitted = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for _ in 0..60 {
                scope.spawn(|| {
                    if attempts.reserve_at(&keys, MINUTE, now).is_ok() {
                        admitted.fetch_add(1, Ordering::SeqCst);
                    }
                });
            }
        });
        assert_eq!(admitted.into_inner(), 10);
    }
}
