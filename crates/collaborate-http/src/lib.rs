//! # Collaborate's HTTP adapter
//!
//! The HTTP contract (`shared/design/API.md`) with poem and poem-openapi: each operation
//! translates one request into one use case of the core. Errors have one shape, mapped in
//! [`errors`]; the OpenAPI document is generated from the code, so it cannot disagree with it.

mod api;
mod auth;
mod calendar;
mod document;
pub mod errors;
mod hashing;
mod headers;
mod limits;
pub mod mail;
pub mod metrics;
pub mod outside;
pub mod pages;
mod payload;
mod same_site;
mod tables;

pub use hashing::BlockingHasher;
pub use limits::{Allowance, Limits};
pub use pages::Catalogue;

use collaborate_core::Collaborate;
use collaborate_core::ports::Environment;
use collaborate_core::values::SecretToken;
use poem::web::Json as PlainJson;
use poem::{
    Endpoint, EndpointExt, IntoResponse, Middleware, Request, Response, Route, get, handler,
};
use poem_openapi::{OpenApiService, ServerObject};
use std::sync::Arc;
use std::time::Instant;

/// How the server behaves.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Mark the session cookie `Secure` (when served over HTTPS).
    pub secure_cookies: bool,
    /// The largest request body taken, in bytes.
    pub body_limit: usize,
    /// The largest questionnaire file taken by an import, in bytes.
    pub import_limit: usize,
    /// Take the client's address from `X-Forwarded-For` (set only behind a proxy that writes it).
    pub trust_forwarded_for: bool,
    /// The OpenID providers people may sign in with, beside passwords (none by default).
    pub providers: outside::Providers,
    /// Where requests are counted, if the operator serves metrics.
    pub metrics: Option<Arc<metrics::Metrics>>,
}

impl Default for HttpConfig {
    /// Plain HTTP, 64 KiB bodies (16 MiB questionnaire files), no proxy trusted.
    fn default() -> Self {
        Self {
            secure_cookies: false,
            body_limit: 64 * 1024,
            import_limit: collaborate_core::questionnaire::Questionnaire::MOST_BYTES,
            trust_forwarded_for: false,
            providers: outside::Providers::default(),
            metrics: None,
        }
    }
}

/// The OpenAPI service of the contract: the operations and the document made from them. Its
/// server is `/`, the server that serves the document, whatever address it is reached at.
fn openapi<E: Environment>(context: &api::Context<E>) -> OpenApiService<api::Api<E>, ()> {
    OpenApiService::new(api::api(context), "Collaborate", env!("CARGO_PKG_VERSION"))
        .description("A private, reciprocal peer-support exchange: to seek, you must offer.")
        .server(ServerObject::new("/").description("The server serving this document"))
}

/// Every route of the server: the web app's pages under `/`, the API under `/api/v1`, its spec
/// at `/api/v1/openapi.json`, the Swagger UI at `/api/docs`, and `/healthz`, `/readyz`; one log
/// line per request. The pages read their texts from `catalogue`.
pub fn routes<E: Environment>(
    app: Arc<Collaborate<E>>,
    limits: Arc<Limits>,
    config: &HttpConfig,
    catalogue: Catalogue,
) -> impl Endpoint<Output = Response> + use<E> {
    let context = api::Context::new(Arc::clone(&app), Arc::clone(&limits), config.clone());
    let service = openapi(&context);
    let document = document::served(&service.spec());
    let docs = service.swagger_ui();
    let body_limit = BodyLimit {
        body: config.body_limit,
        import: config.import_limit,
    };
    let api = Route::new()
        .nest("/", service)
        .at(
            "/api/v1/openapi.json",
            get(document::serve).data(Arc::new(document)),
        )
        .nest("/api/docs", docs)
        .at("/healthz", get(healthz))
        .at(
            "/readyz",
            get(readyz::<E>::default()).data(Arc::clone(&app)),
        )
        .with(body_limit)
        .with(same_site::SameSiteWrites)
        .catch_all_error(errors::render);
    let pages = pages::Pages::new(app, limits, config.clone(), catalogue);
    ApiOrPages {
        api,
        pages: pages::routes(Arc::new(pages), body_limit),
    }
    .with(headers::SecurityHeaders {
        https: config.secure_cookies,
    })
    .around(log_request)
    .data(config.metrics.clone())
}

/// Sends the API's paths (and the probes) to the API, every other path to the pages: each has
/// its own answer for a path it does not know (JSON or a page).
struct ApiOrPages<A, P> {
    api: A,
    pages: P,
}

impl<A: Endpoint, P: Endpoint> Endpoint for ApiOrPages<A, P> {
    type Output = Response;

    async fn call(&self, request: Request) -> poem::Result<Response> {
        let path = request.uri().path();
        if path == "/api" || path.starts_with("/api/") || path == "/healthz" || path == "/readyz" {
            self.api
                .call(request)
                .await
                .map(IntoResponse::into_response)
        } else {
            self.pages
                .call(request)
                .await
                .map(IntoResponse::into_response)
        }
    }
}

#[handler]
fn healthz() -> PlainJson<serde_json::Value> {
    PlainJson(serde_json::json!({"status": "ok"}))
}

#[handler]
async fn readyz<E: Environment>(app: poem::web::Data<&Arc<Collaborate<E>>>) -> Response {
    match app.ping().await {
        Ok(()) => PlainJson(serde_json::json!({"status": "ok"})).into_response(),
        Err(error) => {
            tracing::warn!(%error, "the database is not reachable");
            let body = serde_json::json!({"code": "unavailable", "message": "the database is not reachable", "field": null});
            PlainJson(body)
                .with_status(poem::http::StatusCode::SERVICE_UNAVAILABLE)
                .into_response()
        }
    }
}

/// Refuses bodies over their limit in bytes with 413, whether their length is declared or not:
/// a questionnaire file may be larger than any other body.
#[derive(Clone, Copy)]
pub(crate) struct BodyLimit {
    body: usize,
    import: usize,
}

impl BodyLimit {
    fn of(self, request: &Request) -> usize {
        let is_import = request.method() == poem::http::Method::POST
            && request
                .uri()
                .path()
                .trim_end_matches('/')
                .ends_with("/imports");
        if is_import { self.import } else { self.body }
    }
}

impl<E: Endpoint> Middleware<E> for BodyLimit {
    type Output = BodyLimited<E>;

    fn transform(&self, inner: E) -> Self::Output {
        BodyLimited {
            inner,
            limits: *self,
        }
    }
}

pub(crate) struct BodyLimited<E> {
    inner: E,
    limits: BodyLimit,
}

impl<E: Endpoint> Endpoint for BodyLimited<E> {
    type Output = E::Output;

    async fn call(&self, mut request: Request) -> poem::Result<Self::Output> {
        let limit = self.limits.of(&request);
        let too_large = || {
            errors::ApiError::too_large(format!("the request body is larger than {limit} bytes"))
        };
        let declared = request
            .header(poem::http::header::CONTENT_LENGTH)
            .and_then(|v| v.parse::<usize>().ok());
        if declared.is_some_and(|n| n > limit) {
            return Err(too_large().into());
        }
        let body = request
            .take_body()
            .into_bytes_limit(limit)
            .await
            .map_err(|_| too_large())?;
        request.set_body(body);
        self.inner.call(request).await
    }
}

async fn log_request<E: Endpoint>(endpoint: Arc<E>, request: Request) -> poem::Result<Response> {
    let (method, path) = (request.method().clone(), loggable(request.uri().path()));
    let metrics = request
        .data::<Option<Arc<metrics::Metrics>>>()
        .cloned()
        .flatten();
    let started = Instant::now();
    let response = endpoint.get_response(request).await;
    if let Some(metrics) = metrics {
        metrics.request(method.as_str(), &response, started.elapsed());
    }
    tracing::info!(
        %method,
        path,
        status = response.status().as_u16(),
        latency_ms = started.elapsed().as_secs_f64() * 1e3,
        "request"
    );
    Ok(response)
}

/// The path as it may be logged: any segment shaped like a token (an invitation's, in
/// `/invitations/{token}/accept`) written as `***`, so a log reader cannot use it.
fn loggable(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            if SecretToken::parse(segment).is_ok() {
                "***"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_in_paths_are_not_logged() {
        let token = SecretToken::from_random_bytes([9; 32]);
        let path = format!("/api/v1/invitations/{}/accept", token.expose());
        assert_eq!(loggable(&path), "/api/v1/invitations/***/accept");
        let ordinary = "/api/v1/groups/01a20a67-bc41-7489-bb5f-750f935db3ac/members";
        assert_eq!(loggable(ordinary), ordinary);
    }
}
