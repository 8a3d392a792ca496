//! What the server counts for its operator, in Prometheus's text format: requests by route
//! template and status with their latency, the database's statements and connections, and the
//! background work (outbox deliveries, job runs). Served on a listener of its own that the
//! operator chooses, never beside the pages and the API.

use poem::PathPattern;
use poem::Response;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::time::Duration;

/// A request's labels: the route's template (never the path itself, whose ids would make a
/// series per member), the method and the status.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

/// A request's latency labels.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
}

/// A background job's run.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct JobLabels {
    job: &'static str,
    outcome: &'static str,
}

/// What became of outbox messages tried.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DeliveryLabels {
    outcome: &'static str,
}

/// The outbox's messages by status.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutboxLabels {
    status: &'static str,
}

/// The database pool's connections by state.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    state: &'static str,
}

/// The server's metrics, shared by every request and job.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    statements: Histogram,
    pool: Family<PoolLabels, Gauge>,
    deliveries: Family<DeliveryLabels, Counter>,
    outbox: Family<OutboxLabels, Gauge>,
    jobs: Family<JobLabels, Counter>,
}

/// Buckets from half a millisecond to about eight seconds, doubling.
fn seconds() -> Histogram {
    Histogram::new(exponential_buckets(0.0005, 2.0, 15))
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("collaborate");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(seconds as fn() -> _);
        let statements = seconds();
        let pool = Family::<PoolLabels, Gauge>::default();
        let deliveries = Family::<DeliveryLabels, Counter>::default();
        let outbox = Family::<OutboxLabels, Gauge>::default();
        let jobs = Family::<JobLabels, Counter>::default();
        registry.register(
            "http_requests",
            "Requests answered, by route template, method and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer a request, by route template and method",
            latency.clone(),
        );
        registry.register(
            "db_statement_duration_seconds",
            "Time each database statement took",
            statements.clone(),
        );
        registry.register(
            "db_connections",
            "The database pool's connections, in use and idle",
            pool.clone(),
        );
        registry.register(
            "outbox_deliveries",
            "Outbox messages tried: sent, to retry, or failed for good",
            deliveries.clone(),
        );
        registry.register(
            "outbox_messages",
            "Messages in the outbox, by status (waiting is the depth still to deliver)",
            outbox.clone(),
        );
        registry.register(
            "job_runs",
            "Background job runs, by job and outcome",
            jobs.clone(),
        );
        Self {
            registry,
            requests,
            latency,
            statements,
            pool,
            deliveries,
            outbox,
            jobs,
        }
    }
}

/// The template a response was routed by; `unmatched` for a path no route knows.
fn route_of(response: &Response) -> String {
    response
        .data::<PathPattern>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.0.to_string())
}

impl Metrics {
    /// Counts one request answered with `response` after `took`.
    pub fn request(&self, method: &str, response: &Response, took: Duration) {
        let route = route_of(response);
        self.latency
            .get_or_create(&RouteLabels {
                method: method.to_owned(),
                route: route.clone(),
            })
            .observe(took.as_secs_f64());
        self.requests
            .get_or_create(&RequestLabels {
                method: method.to_owned(),
                route,
                status: response.status().as_u16(),
            })
            .inc();
    }

    /// Counts one database statement.
    pub fn statement(&self, took: Duration) {
        self.statements.observe(took.as_secs_f64());
    }

    /// Sets the pool's connections as they are now.
    pub fn pool(&self, in_use: u32, idle: u32) {
        for (state, count) in [("in_use", in_use), ("idle", idle)] {
            self.pool
                .get_or_create(&PoolLabels { state })
                .set(i64::from(count));
        }
    }

    /// Counts what one delivery run did with the messages it claimed.
    pub fn delivered(&self, sent: u32, retrying: u32, failed: u32) {
        for (outcome, count) in [("sent", sent), ("retrying", retrying), ("failed", failed)] {
            self.deliveries
                .get_or_create(&DeliveryLabels { outcome })
                .inc_by(u64::from(count));
        }
    }

    /// Sets how many messages the outbox holds in each status, as counted now.
    pub fn outbox(&self, depth: &[(&'static str, u64)]) {
        for (status, count) in depth {
            self.outbox
                .get_or_create(&OutboxLabels { status })
                .set(i64::try_from(*count).unwrap_or(i64::MAX));
        }
    }

    /// Counts a run of `job`, whether it `succeeded`.
    pub fn job(&self, job: &'static str, succeeded: bool) {
        let outcome = if succeeded { "ok" } else { "failed" };
        self.jobs.get_or_create(&JobLabels { job, outcome }).inc();
    }

    /// Everything counted, in Prometheus's text format.
    pub fn text(&self) -> String {
        let mut text = String::new();
        // Writing to a string cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }
}

/// The content type of [`Metrics::text`].
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_counted_by_their_route_template_never_their_path() {
        let metrics = Metrics::default();
        let mut response = Response::builder()
            .status(poem::http::StatusCode::NOT_FOUND)
            .finish();
        response.set_data(PathPattern("/groups/:group/profile".into()));
        metrics.request("GET", &response, Duration::from_millis(3));
        metrics.request("GET", &response, Duration::from_millis(5));
        metrics.request("GET", &Response::default(), Duration::from_millis(1));
        let text = metrics.text();
        assert!(
            text.contains(
                "collaborate_http_requests_total{method=\"GET\",route=\"/groups/:group/profile\",status=\"404\"} 2"
            ),
            "{text}"
        );
        assert!(text.contains("route=\"unmatched\",status=\"200\"} 1"));
        assert!(text.contains(
            "collaborate_http_request_duration_seconds_count{method=\"GET\",route=\"/groups/:group/profile\"} 2"
        ));
    }

    #[test]
    fn the_background_work_and_the_pool_are_counted() {
        let metrics = Metrics::default();
        metrics.delivered(3, 1, 0);
        metrics.delivered(2, 0, 1);
        metrics.job("expire_requests", true);
        metrics.job("expire_requests", false);
        metrics.pool(2, 6);
        metrics.statement(Duration::from_millis(2));
        let text = metrics.text();
        for line in [
            "collaborate_outbox_deliveries_total{outcome=\"sent\"} 5",
            "collaborate_outbox_deliveries_total{outcome=\"failed\"} 1",
            "collaborate_job_runs_total{job=\"expire_requests\",outcome=\"failed\"} 1",
            "collaborate_db_connections{state=\"idle\"} 6",
            "collaborate_db_statement_duration_seconds_count 1",
        ] {
            assert!(text.contains(line), "{line} in {text}");
        }
    }
}
