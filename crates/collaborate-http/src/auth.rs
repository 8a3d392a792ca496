//! Who is calling: a bearer token or the session cookie, checked against the sessions in the
//! store; and the limits on sign-in attempts.

use crate::errors::ApiError;
use collaborate_core::values::SecretToken;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use poem_openapi::SecurityScheme;
use poem_openapi::auth::{ApiKey, Bearer};
use std::net::IpAddr;
use std::num::NonZeroU32;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "collaborate_session";

/// A session token sent as `Authorization: Bearer <token>`.
#[derive(SecurityScheme)]
#[oai(ty = "bearer")]
pub struct BearerToken(Bearer);

/// A session token sent as the `collaborate_session` cookie.
#[derive(SecurityScheme)]
#[oai(ty = "api_key", key_name = "collaborate_session", key_in = "cookie")]
pub struct SessionCookie(ApiKey);

/// Either way of presenting a session.
#[derive(SecurityScheme)]
pub enum Credentials {
    /// The bearer token.
    Bearer(BearerToken),
    /// The cookie.
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
            Self::Cookie(c) => &c.0.key,
        };
        SecretToken::parse(raw)
            .map_err(|_| ApiError::unauthenticated("this is not a session token"))
    }
}

/// The `Set-Cookie` value that hands a session to a browser.
pub fn session_cookie(token: &SecretToken, max_age_seconds: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!(
        "{SESSION_COOKIE}={}; HttpOnly; SameSite=Lax; Path=/; Max-Age={max_age_seconds}{secure}",
        token.expose()
    )
}

/// The `Set-Cookie` value that takes the session cookie away.
pub fn expired_cookie(secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0{secure}")
}

/// How many keys a limiter holds before it forgets those whose limits have recovered.
const FORGET_ABOVE: usize = 10_000;

/// Limits on sign-in attempts, per account and per client address, so passwords cannot be
/// guessed at speed. Unknown accounts are limited exactly like known ones.
pub struct LoginLimits {
    per_account: DefaultKeyedRateLimiter<String>,
    per_address: DefaultKeyedRateLimiter<IpAddr>,
}

impl LoginLimits {
    /// `per_account` attempts a minute for one email, `per_address` a minute from one address.
    pub fn per_minute(per_account: NonZeroU32, per_address: NonZeroU32) -> Self {
        Self {
            per_account: RateLimiter::keyed(Quota::per_minute(per_account)),
            per_address: RateLimiter::keyed(Quota::per_minute(per_address)),
        }
    }

    /// Lets an attempt through, or says how many seconds to wait.
    ///
    /// # Errors
    /// 429 `rate_limited` with the seconds to wait.
    pub fn check(&self, email: &str, address: Option<IpAddr>) -> Result<(), ApiError> {
        let now = DefaultClock::default().now();
        let wait = |not_until: governor::NotUntil<_>| {
            ApiError::rate_limited(not_until.wait_time_from(now).as_secs().max(1))
        };
        // Keys of attempts long past are dropped, so probing many emails cannot grow memory.
        if self.per_account.len() > FORGET_ABOVE {
            self.per_account.retain_recent();
        }
        if self.per_address.len() > FORGET_ABOVE {
            self.per_address.retain_recent();
        }
        if let Some(address) = address {
            self.per_address.check_key(&address).map_err(wait)?;
        }
        self.per_account
            .check_key(&email.trim().to_lowercase())
            .map_err(wait)
    }
}

impl Default for LoginLimits {
    /// Ten attempts a minute per account, thirty per address.
    fn default() -> Self {
        let (ten, thirty) = (
            NonZeroU32::MIN.saturating_add(9),
            NonZeroU32::MIN.saturating_add(29),
        );
        Self::per_minute(ten, thirty)
    }
}

/// The address of the client: the connection's peer, or, behind a trusted proxy, the first
/// address of `X-Forwarded-For` (the client as the proxy saw it).
pub fn client_address(request: &poem::Request, trust_forwarded_for: bool) -> Option<IpAddr> {
    let forwarded = trust_forwarded_for
        .then(|| request.header("X-Forwarded-For"))
        .flatten()
        .and_then(|v| v.split(',').next())
        .and_then(|first| first.trim().parse().ok());
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
    fn the_forwarded_address_counts_only_when_the_proxy_is_trusted() {
        let behind = request(Some("203.0.113.7, 10.0.0.1"));
        assert_eq!(client_address(&behind, true), "203.0.113.7".parse().ok());
        assert_ne!(client_address(&behind, false), "203.0.113.7".parse().ok());
    }

    #[test]
    fn a_garbled_forwarded_header_is_ignored() {
        assert_eq!(client_address(&request(Some("not an address")), true), None);
    }
}
