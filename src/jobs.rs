//! The server's background work, in its own process: delivering the outbox soon after each
//! commit, and the periodic jobs (expiring requests nobody answered, reminding both sides of
//! those still waiting, gathering weekly digests, sweeping what has run out). Every job is safe
//! with several server processes over one database, so each process runs them all; a failed run
//! is logged and tried at the next tick.

use collaborate_core::Collaborate;
use collaborate_core::error::cause_chain;
use collaborate_core::notifications::{DeliveryPolicy, Postman};
use collaborate_core::ports::Environment;
use collaborate_http::metrics::Metrics;
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

/// Counts a job's run when metrics are kept, and logs a failed one.
fn ran<T>(
    metrics: Option<&Metrics>,
    job: &'static str,
    outcome: &collaborate_core::Result<T>,
    failed: &str,
) {
    if let Some(metrics) = metrics {
        metrics.job(job, outcome.is_ok());
    }
    if let Err(error) = outcome {
        tracing::warn!(error = %cause_chain(error), job, "{failed}");
    }
}

/// Sets the outbox's depth in `metrics`; a failed count leaves the last one standing.
async fn count_outbox<E: Environment>(app: &Collaborate<E>, metrics: &Metrics) {
    match app.outbox_depth().await {
        Ok(depth) => {
            let depth: Vec<_> = depth.iter().map(|(s, n)| (s.as_str(), *n)).collect();
            metrics.outbox(&depth);
        }
        Err(error) => tracing::warn!(error = %cause_chain(&error), "counting the outbox failed"),
    }
}

/// Runs the background work until the task is dropped, counting each run in `metrics` if kept.
pub async fn run<E: Environment>(
    app: Arc<Collaborate<E>>,
    postman: impl Postman,
    policy: DeliveryPolicy,
    schedule: Schedule,
    metrics: Option<Arc<Metrics>>,
) {
    let metrics = metrics.as_deref();
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
                    let delivered = app.deliver_due(&postman, &policy).await;
                    ran(metrics, "deliver_outbox", &delivered, "delivering the outbox failed; trying again soon");
                    let Ok(run) = delivered else { break };
                    if let Some(metrics) = metrics {
                        metrics.delivered(run.sent, run.retrying, run.failed);
                    }
                    if run.sent + run.retrying + run.failed < policy.batch {
                        break;
                    }
                }
                if let Some(metrics) = metrics {
                    count_outbox(&app, metrics).await;
                }
            }
            _ = expiry.tick() => {
                let expired = app.expire_overdue_requests().await;
                ran(metrics, "expire_requests", &expired, "expiring requests failed; trying again soon");
                let reminded = app.remind_waiting_requests().await;
                ran(metrics, "remind_waiting_requests", &reminded, "reminding of waiting requests failed; trying again soon");
                let actions = app.remind_due_actions().await;
                ran(metrics, "remind_due_actions", &actions, "reminding of actions due failed; trying again soon");
            }
            _ = housekeeping.tick() => {
                let gathered = app.gather_digests().await;
                ran(metrics, "gather_digests", &gathered, "gathering digests failed; trying again later");
                let swept = app.sweep().await;
                ran(metrics, "sweep", &swept, "the sweep failed; trying again later");
            }
        }
    }
}
