//! Who is calling: a bearer token or the session cookie, checked against the sessions in the
//! store; and the client's address.

use crate::errors::ApiError;
use collaborate_core::values::SecretToken;
use poem_openapi::SecurityScheme;
use poem_openapi::auth::{ApiKey, Bearer};
use std::net::IpAddr;

/// The session cookie's name over plain HTTP.
pub const SESSION_COOKIE: &str = "collaborate_session";
/// The session cookie's name over HTTPS: browsers take a `__Host-` cookie only when it is
/// `Secure`, for the whole site and for this host alone, so no subdomain can plant or shadow it.
pub const HOST_SESSION_COOKIE: &str = "__Host-collaborate_session";

/// A session token sent as `Authorization: Bearer <token>`.
#[derive(SecurityScheme)]
#[oai(ty = "bearer")]
pub struct BearerToken(Bearer);

/// A session token sent as the `collaborate_session` cookie (plain HTTP).
#[derive(SecurityScheme)]
#[oai(ty = "api_key", key_name = "collaborate_session", key_in = "cookie")]
pub struct SessionCookie(ApiKey);

/// A session token sent as the `__Host-collaborate_session` cookie (HTTPS).
#[derive(SecurityScheme)]
#[oai(
    ty = "api_key",
    key_name = "__Host-collaborate_session",
    key_in = "cookie"
)]
pub struct HostSessionCookie(ApiKey);

/// Any way of presenting a session.
#[derive(SecurityScheme)]
pub enum Credentials {
    /// The bearer token.
    Bearer(BearerToken),
    /// The cookie, over HTTPS.
    HostCookie(HostSessionCookie),
    /// The cookie, over plain HTTP.
    Cookie(SessionCookie),
}

impl Credentials {
    /// The token presented.
    ///
    /// # Errors
    /// 401 when it is not a token this service issues.
    pub fn token(&self) -> Result<SecretToken, ApiError> {
        let raw = match self {
            Self::Bearer(b) => &b.0.token,
            Self::HostCookie(c) => &c.0.key,
            Self::Cookie(c) => &c.0.key,
        };
        SecretToken::parse(raw)
            .map_err(|_| ApiError::unauthenticated("this is not a session token"))
    }
}

/// The session cookie's name and attributes beyond its value and age.
fn cookie_shape(secure: bool) -> (&'static str, &'static str) {
    if secure {
        (HOST_SESSION_COOKIE, "; Secure")
    } else {
        (SESSION_COOKIE, "")
    }
}

/// The `Set-Cookie` value that hands a session to a browser.
pub fn session_cookie(token: &SecretToken, max_age_seconds: i64, secure: bool) -> String {
    let (name, secure) = cookie_shape(secure);
    format!(
        "{name}={}; HttpOnly; SameSite=Lax; Path=/; Max-Age={max_age_seconds}{secure}",
        token.expose()
    )
}

/// The `Set-Cookie` value that takes the session cookie away.
pub fn expired_cookie(secure: bool) -> String {
    let (name, secure) = cookie_shape(secure);
    format!("{name}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0{secure}")
}

/// The address of the client: the connection's peer, or, behind a trusted proxy, the last
/// address of `X-Forwarded-For` — the one the proxy added. Earlier entries are whatever the client
/// sent, so they are never believed. Without a usable header, the peer (the proxy) counts.
pub fn client_address(request: &poem::Request, trust_forwarded_for: bool) -> Option<IpAddr> {
    let forwarded = trust_forwarded_for
        .then(|| {
            request
                .headers()
                .get_all("X-Forwarded-For")
                .iter()
                .next_back()
        })
        .flatten()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|last| last.trim().parse().ok());
    forwarded.or_else(|| request.remote_addr().as_socket_addr().map(|a| a.ip()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(forwarded: Option<&str>) -> poem::Request {
        let mut builder = poem::Request::builder();
        if let Some(value) = forwarded {
            builder = builder.header("X-Forwarded-For", value);
        }
        builder.finish()
    }

    #[test]
    fn behind_a_trusted_proxy_the_address_it_added_counts_not_what_the_client_wrote() {
        let behind = request(Some("198.51.100.66, 203.0.113.7"));
        assert_eq!(client_address(&behind, true), "203.0.113.7".parse().ok());
        assert_eq!(client_address(&behind, false), None);
    }

    #[test]
    fn a_garbled_forwarded_header_is_ignored() {
        assert_eq!(client_address(&request(Some("not an address")), true), None);
    }
}
