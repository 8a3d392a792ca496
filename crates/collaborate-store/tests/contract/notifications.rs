//! The outbox and the jobs on every store: two workers deliver every message exactly once
//! between them, and two expiry runs expire each overdue request once, telling its seeker once.

use crate::harness::{App, app, contract};
use crate::walk::{asking, contributor, group, person};
use async_trait::async_trait;
use collaborate_core::notifications::{DeliveryFailed, DeliveryPolicy, Letter, Notice, Postman};
use collaborate_core::ports::{Ports, Store};
use collaborate_core::simulated::ManualClock;
use collaborate_core::system::RandomIds;
use collaborate_core::values::{DeliveryStatus, Email, MessageId, RequestStatus};
use collaborate_core::{Argon2Hasher, Collaborate};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A worker's application over the same store: ids of its own, as another process has.
type Worker<S> = Collaborate<Ports<S, Argon2Hasher, ManualClock, RandomIds>>;

fn worker<S: Store + Clone>(store: &S, clock: &ManualClock) -> Arc<Worker<S>> {
    Arc::new(Collaborate::new(
        store.clone(),
        Argon2Hasher::for_tests().unwrap(),
        clock.clone(),
        RandomIds,
    ))
}

/// Counts each message it is given, taking its time as a real server does.
#[derive(Default, Clone)]
struct Counting(Arc<Mutex<HashMap<MessageId, u32>>>);

#[async_trait]
impl Postman for Counting {
    async fn send(&self, letter: &Letter) -> Result<(), DeliveryFailed> {
        *self.0.lock().unwrap().entry(letter.message_id).or_default() += 1;
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
        Ok(())
    }
}

async fn two_workers<S: Store + Clone>(store: S) {
    let (app, clock): (App<S>, _) = app(store.clone());
    let people = 40;
    for n in 0..people {
        let email = format!("person{n}@example.org");
        person(&app, &email).await;
        app.ask_password_reset(&Email::parse(&email).unwrap())
            .await
            .unwrap();
    }
    let postman = Counting::default();
    let policy = DeliveryPolicy {
        batch: 3,
        ..DeliveryPolicy::default()
    };
    let runs: Vec<_> = (0..2)
        .map(|_| {
            let (worker, postman) = (worker(&store, &clock), postman.clone());
            tokio::spawn(async move {
                while worker.deliver_due(&postman, &policy).await.unwrap().sent > 0 {}
            })
        })
        .collect();
    for run in runs {
        run.await.unwrap();
    }
    let counted = postman.0.lock().unwrap().clone();
    assert_eq!(counted.len(), people, "every message went");
    assert!(counted.values().all(|n| *n == 1), "{counted:?}");
    let sent = app.outbox(Some(DeliveryStatus::Sent), 100).await.unwrap();
    assert_eq!(sent.len(), people);
    assert!(sent.iter().all(|m| m.secret.is_none() && m.lease.is_none()));
}

contract!(
    /// Two workers over one store deliver every message exactly once between them.
    two_workers_deliver_every_message_exactly_once => two_workers
);

async fn two_expiry_runs<S: Store + Clone>(store: S) {
    let (app, clock): (App<S>, _) = app(store.clone());
    let (group, _, areas, code) = group(&app).await;
    let (_, offers) = contributor(&app, group, &areas, &code, "helper@example.org", 9).await;
    let mut requests = Vec::new();
    for n in 0..6 {
        let email = format!("seeker{n}@example.org");
        let (seeker, _) = contributor(&app, group, &areas, &code, &email, 1).await;
        let made = app
            .create_request(seeker, group, asking(offers[n % 3]))
            .await
            .unwrap();
        requests.push(made.request.id);
    }
    assert_eq!(
        app.expire_overdue_requests().await.unwrap(),
        0,
        "none due yet"
    );
    clock.advance(time::Duration::days(15));
    let runs: Vec<_> = (0..2)
        .map(|_| {
            let worker = worker(&store, &clock);
            tokio::spawn(async move { worker.expire_overdue_requests().await.unwrap() })
        })
        .collect();
    let mut expired = 0;
    for run in runs {
        expired += run.await.unwrap();
    }
    assert_eq!(expired, 6, "each request expired once between the two runs");
    assert_eq!(app.expire_overdue_requests().await.unwrap(), 0);
    let told: Vec<_> = app
        .outbox(Some(DeliveryStatus::Waiting), 100)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|m| match m.notice {
            Notice::RequestMoved {
                request_id,
                status: RequestStatus::Expired,
            } => Some((request_id, m.to)),
            _ => None,
        })
        .collect();
    assert_eq!(told.len(), 6, "each seeker told once: {told:?}");
    assert!(requests.iter().all(|id| told.iter().any(|(r, _)| r == id)));
}

contract!(
    /// Two expiry runs at once expire each overdue request once and tell its seeker once.
    two_expiry_runs_expire_each_request_once => two_expiry_runs
);

async fn outbox_depth<S: Store + Clone>(store: S) {
    let (app, _clock): (App<S>, _) = app(store);
    let empty = app.outbox_depth().await.unwrap();
    assert_eq!(empty.len(), DeliveryStatus::ALL.len(), "every status named");
    assert!(empty.iter().all(|(_, n)| *n == 0), "{empty:?}");
    for n in 0..3 {
        let email = format!("depth{n}@example.org");
        person(&app, &email).await;
        app.ask_password_reset(&Email::parse(&email).unwrap())
            .await
            .unwrap();
    }
    let waiting = app
        .outbox(Some(DeliveryStatus::Waiting), 100)
        .await
        .unwrap()
        .len() as u64;
    let depth = app.outbox_depth().await.unwrap();
    assert!(waiting >= 3);
    assert!(
        depth.contains(&(DeliveryStatus::Waiting, waiting)),
        "{depth:?}"
    );
    assert!(depth.contains(&(DeliveryStatus::Sent, 0)), "{depth:?}");
    let postman = Counting::default();
    app.deliver_due(&postman, &DeliveryPolicy::default())
        .await
        .unwrap();
    let depth = app.outbox_depth().await.unwrap();
    assert!(depth.contains(&(DeliveryStatus::Waiting, 0)), "{depth:?}");
    assert!(
        depth.contains(&(DeliveryStatus::Sent, waiting)),
        "{depth:?}"
    );
}

contract!(
    /// The outbox's depth counts its messages by status, as delivery moves them.
    the_outbox_is_counted_by_status => outbox_depth
);
