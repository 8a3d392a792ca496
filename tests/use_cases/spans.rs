//! Where time goes: each use case is a span named after it, so a slow request's log says which
//! use case (and, at debug level, which store call) took the time.

use crate::app;
use collaborate_core::accounts::NewAccount;
use collaborate_core::values::{DisplayName, Email, Password};
use std::sync::{Arc, Mutex};
use tracing::span::{Attributes, Id};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::{Context, SubscriberExt};

/// Records the name of every span opened.
#[derive(Clone, Default)]
struct Opened(Arc<Mutex<Vec<&'static str>>>);

impl<S: tracing::Subscriber> Layer<S> for Opened {
    fn on_new_span(&self, attributes: &Attributes<'_>, _: &Id, _: Context<'_, S>) {
        self.0.lock().unwrap().push(attributes.metadata().name());
    }
}

#[test]
fn each_use_case_opens_a_span_named_after_it() {
    let (app, _, _) = app();
    let opened = Opened::default();
    let subscriber = tracing_subscriber::registry().with(opened.clone());

    tracing::subscriber::with_default(subscriber, || {
        // Other tests of this binary, on other threads, may have met these call sites while no
        // subscriber wanted them, and cached that: ask every call site again under this one.
        tracing::callsite::rebuild_interest_cache();
        pollster::block_on(app.register(NewAccount {
            email: Email::parse("ada@example.org").unwrap(),
            password: Password::parse("a long enough password").unwrap(),
            display_name: DisplayName::parse("Ada").unwrap(),
        }))
        .unwrap();
        pollster::block_on(app.log_in("ada@example.org", "a long enough password")).unwrap();
    });

    assert_eq!(*opened.0.lock().unwrap(), vec!["register", "log_in"]);
}
