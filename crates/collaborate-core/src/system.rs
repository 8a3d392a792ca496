//! The clock and the id source of a real deployment: the system's time and randomness.

use crate::error::PortError;
use crate::ports::{Clock, IdSource};
use time::OffsetDateTime;
use uuid::Uuid;

/// The system clock, to the microsecond: the precision stores keep, so a time read back from a
/// store equals the time written.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        let now = OffsetDateTime::now_utc();
        now.replace_nanosecond(now.nanosecond() / 1000 * 1000)
            .unwrap_or(now)
    }
}

/// Ids that sort by creation time (UUID v7, in order within the process) and secrets from the
/// operating system's generator.
#[derive(Debug, Clone, Copy, Default)]
pub struct RandomIds;

impl IdSource for RandomIds {
    fn new_id(&self) -> Uuid {
        Uuid::now_v7()
    }

    fn random_bytes(&self) -> Result<[u8; 32], PortError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| {
            PortError::failed(
                "failed to read the system's random generator",
                e.to_string(),
            )
        })?;
        Ok(bytes)
    }
}
