//! A clock and an id source that a test controls: time moves only when told, ids and secrets
//! repeat from run to run.

use crate::error::PortError;
use crate::ports::{Clock, IdSource};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use time::OffsetDateTime;
use uuid::Uuid;

/// A clock that stands still until moved: for tests and simulations of expiry.
#[derive(Debug, Clone)]
pub struct ManualClock {
    now: Arc<std::sync::Mutex<OffsetDateTime>>,
}

impl ManualClock {
    /// A clock showing `start`. Clones share the same time.
    pub fn starting_at(start: OffsetDateTime) -> Self {
        Self {
            now: Arc::new(std::sync::Mutex::new(start)),
        }
    }

    /// Moves the clock forward.
    pub fn advance(&self, by: time::Duration) {
        let mut now = self
            .now
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        *self
            .now
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Ids counted up from one and secrets from a fixed sequence: repeatable runs for tests.
#[derive(Debug, Default)]
pub struct SequentialIds {
    next: AtomicU64,
}

impl IdSource for SequentialIds {
    fn new_id(&self) -> Uuid {
        Uuid::from_u128(u128::from(self.next.fetch_add(1, Ordering::Relaxed)) + 1)
    }

    fn random_bytes(&self) -> Result<[u8; 32], PortError> {
        let n = self.next.fetch_add(1, Ordering::Relaxed).to_le_bytes();
        let mut bytes = [0u8; 32];
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = n[i % 8] ^ u8::try_from(i).unwrap_or(0).wrapping_mul(37);
        }
        Ok(bytes)
    }
}
