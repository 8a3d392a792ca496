//! The server's background work, in its own process: delivering the outbox soon after each
//! commit, and the periodic jobs (expiring requests nobody answered, reminding both sides of
//! those still waiting, gathering weekly digests, sweeping what has run out). Every job is safe
//! with several server processes over one database, so each process runs them all; a failed run
//! is logged and tried at the next tick.

use collaborate_core::Collaborate;
use collaborate_core::error::cause_chain;
use collaborate_core::notifications::{DeliveryPolicy, Postman};
use collaborate_core::ports::Environment;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::{MissedTickBehavior, interval};

/// How often each piece of work runs.
#[derive(Debug, Clone, Copy)]
pub struct Schedule {
    /// Looking for messages due.
    pub delivery: Duration,
    /// Expiring requests past their time, and reminding of those still waiting.
    pub expiry: Duration,
    /// Gathering digests and sweeping.
    pub housekeeping: Duration,
}

impl Default for Schedule {
    /// Delivery every five seconds, expiry every minute, digests and the sweep every hour.
    fn default() -> Self {
        Self {
            delivery: Duration::from_secs(5),
            expiry: Duration::from_secs(60),
            housekeeping: Duration::from_secs(3600),
        }
    }
}

/// Runs the background work until the task is dropped.
pub async fn run<E: Environment>(
    app: Arc<Collaborate<E>>,
    postman: impl Postman,
    policy: DeliveryPolicy,
    schedule: Schedule,
) {
    let mut delivery = interval(schedule.delivery);
    let mut expiry = interval(schedule.expiry);
    let mut housekeeping = interval(schedule.housekeeping);
    for tick in [&mut delivery, &mut expiry, &mut housekeeping] {
        tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    }
    loop {
        tokio::select! {
            _ = delivery.tick() => {
                // A full batch means more may be waiting: keep going until a batch comes short.
                loop {
                    match app.deliver_due(&postman, &policy).await {
                        Ok(run) if run.sent + run.retrying + run.failed >= policy.batch => {}
                        Ok(_) => break,
                        Err(error) => {
                            tracing::warn!(error = %cause_chain(&error), "delivering the outbox failed; trying again soon");
                            break;
                        }
                    }
                }
            }
            _ = expiry.tick() => {
                if let Err(error) = app.expire_overdue_requests().await {
                    tracing::warn!(error = %cause_chain(&error), "expiring requests failed; trying again soon");
                }
                if let Err(error) = app.remind_waiting_requests().await {
                    tracing::warn!(error = %cause_chain(&error), "reminding of waiting requests failed; trying again soon");
                }
                if let Err(error) = app.remind_due_actions().await {
                    tracing::warn!(error = %cause_chain(&error), "reminding of actions due failed; trying again soon");
                }
            }
            _ = housekeeping.tick() => {
                if let Err(error) = app.gather_digests().await {
                    tracing::warn!(error = %cause_chain(&error), "gathering digests failed; trying again later");
                }
                if let Err(error) = app.sweep().await {
                    tracing::warn!(error = %cause_chain(&error), "the sweep failed; trying again later");
                }
            }
        }
    }
}
