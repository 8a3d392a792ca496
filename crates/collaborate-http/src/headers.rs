//! Headers every response carries, errors included: what browsers may do with it (sniff its
//! type, show it in a frame, load anything from elsewhere, send on the address it came from,
//! keep it in a cache) is refused unless the page needs it.

use poem::http::HeaderValue;
use poem::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use poem::{Endpoint, IntoResponse, Middleware, Request, Response};

/// Nothing loads, nothing frames: right for JSON.
const API_POLICY: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/// The pages load their own stylesheet and images and post their forms to themselves; nothing
/// else, and no script.
const PAGE_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
/// The interactive documentation inlines its script and styles and fetches the document.
const DOCS_POLICY: &str = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; \
     img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// Adds the headers; `https` adds Strict-Transport-Security too.
pub struct SecurityHeaders {
    /// Whether the service is reached over HTTPS.
    pub https: bool,
}

impl<E: Endpoint> Middleware<E> for SecurityHeaders {
    type Output = WithSecurityHeaders<E>;

    fn transform(&self, inner: E) -> Self::Output {
        WithSecurityHeaders {
            inner,
            https: self.https,
        }
    }
}

pub struct WithSecurityHeaders<E> {
    inner: E,
    https: bool,
}

impl<E: Endpoint> Endpoint for WithSecurityHeaders<E> {
    type Output = Response;

    async fn call(&self, request: Request) -> poem::Result<Response> {
        let path = request.uri().path();
        let policy = if path.starts_with("/api/docs") {
            DOCS_POLICY
        } else if path.starts_with("/api/") || path == "/healthz" || path == "/readyz" {
            API_POLICY
        } else {
            PAGE_POLICY
        };
        let mut response = match self.inner.call(request).await {
            Ok(output) => output.into_response(),
            Err(error) => error.into_response(),
        };
        let headers = response.headers_mut();
        headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(policy));
        headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
        // Answers hold people's details: no cache, shared or not, keeps a copy, unless the
        // answer says otherwise (the stylesheet).
        if !headers.contains_key(CACHE_CONTROL) {
            headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
        if self.https {
            headers.insert(
                STRICT_TRANSPORT_SECURITY,
                HeaderValue::from_static("max-age=31536000"),
            );
        }
        Ok(response)
    }
}
