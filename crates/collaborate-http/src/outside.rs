//! Signing in with a school's OpenID provider (Microsoft Entra ID, Google Workspace), beside
//! passwords, for each provider the operator configures: the authorization code flow with PKCE,
//! through the `openidconnect` crate, its HTTP calls made by `reqwest` over rustls.
//!
//! Nothing of a sign-in under way is kept on the server, so any of several processes finishes
//! what another began: the browser carries a short-lived cookie naming the provider, a random
//! seed, the page to go on to and its expiry, signed with a key derived from the provider's
//! client secret (which every process holds). The state, the nonce and the PKCE verifier are
//! derived from the seed with that key, so the cookie shows none of them and nobody without
//! the secret can make one. The callback refuses a state that is not the cookie's, a cookie of
//! another provider (or none, or an expired one), a response naming another issuer, and an ID
//! token whose signature (by the provider's JWKS), issuer, audience or nonce is not right; and
//! it asks the core to sign in only an address the provider says it verified.

use collaborate_core::accounts::ClaimedIdentity;
use collaborate_core::values::InvalidValue;
use hmac::{Hmac, Mac};
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType,
    CoreGenderClaim, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
    CoreProviderMetadata, CoreRevocableToken, CoreRevocationErrorResponse,
    CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AdditionalClaims, AuthorizationCode, Client, ClientId, ClientSecret, CsrfToken,
    EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdTokenFields, IssuerUrl,
    Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, StandardErrorResponse,
    StandardTokenResponse, TokenResponse,
};
use sha2::Sha256;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::sync::Mutex;

/// How long a sign-in may take at the provider, from the button to the callback.
const FLOW_LIFETIME: Duration = Duration::from_secs(10 * 60);
/// How long a provider's metadata and keys are kept before they are read again.
const METADATA_LIFETIME: Duration = Duration::from_secs(60 * 60);
/// How long a call to a provider may take.
const CALL_TIMEOUT: Duration = Duration::from_secs(10);

/// The claims an ID token may carry beyond the standard ones: Entra ID's `xms_edov` ("email
/// domain owner verified"), which it sends in place of `email_verified` once asked to.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
struct ExtraClaims {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    xms_edov: Option<serde_json::Value>,
}

impl AdditionalClaims for ExtraClaims {}

type Tokens = StandardTokenResponse<
    IdTokenFields<
        ExtraClaims,
        EmptyExtraTokenFields,
        CoreGenderClaim,
        CoreJweContentEncryptionAlgorithm,
        CoreJwsSigningAlgorithm,
    >,
    CoreTokenType,
>;

/// A client of one provider, made from its metadata.
type OidcClient = Client<
    ExtraClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    Tokens,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// The claim by which a provider says it verified the person's address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VerifiedClaim {
    /// OpenID Connect's `email_verified` (Google Workspace and most providers).
    #[default]
    EmailVerified,
    /// Entra ID's optional `xms_edov`: the address is on a domain its tenant verified.
    XmsEdov,
}

impl VerifiedClaim {
    /// Reads `email_verified` or `xms_edov`.
    ///
    /// # Errors
    /// Any other word, for the operator.
    pub fn parse(raw: &str) -> Result<Self, String> {
        match raw {
            "email_verified" => Ok(Self::EmailVerified),
            "xms_edov" => Ok(Self::XmsEdov),
            other => Err(format!(
                "verified_claim must be email_verified or xms_edov, not {other:?}"
            )),
        }
    }
}

/// Whether a claim's value says yes: `true`, or (as Entra ID may send `xms_edov`) `"1"`,
/// `1` or `"true"`.
fn says_yes(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Bool(yes) => *yes,
        serde_json::Value::Number(n) => n.as_u64() == Some(1),
        serde_json::Value::String(s) => s == "1" || s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// One provider as the operator configures it.
#[derive(Clone)]
pub struct ProviderSettings {
    /// Its id in paths (`/sign-in/with/{id}`): 1–40 of `a-z`, `0-9` and `-`.
    pub id: String,
    /// The name on its button ("Sign in with {name}").
    pub name: String,
    /// Its issuer URL, whose `/.well-known/openid-configuration` describes it.
    pub issuer: String,
    /// The client id the provider gave this server.
    pub client_id: String,
    /// The client secret the provider gave this server: never logged.
    pub client_secret: String,
    /// The claim that says the address is verified.
    pub verified_claim: VerifiedClaim,
}

impl std::fmt::Debug for ProviderSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderSettings")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &"***")
            .field("verified_claim", &self.verified_claim)
            .finish()
    }
}

impl ProviderSettings {
    /// Checks the settings.
    ///
    /// # Errors
    /// What is wrong with them, for the operator.
    pub fn check(&self) -> Result<(), String> {
        let id_ok = !self.id.is_empty()
            && self.id.len() <= 40
            && self
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !id_ok {
            return Err(format!(
                "provider id {:?} must be 1 to 40 of a-z, 0-9 and -",
                self.id
            ));
        }
        if self.name.trim().is_empty() || self.name.chars().any(char::is_control) {
            return Err(format!("provider {} needs a name to show", self.id));
        }
        IssuerUrl::new(self.issuer.clone())
            .map_err(|e| format!("provider {}: issuer is not a URL: {e}", self.id))?;
        if self.client_id.is_empty() || self.client_secret.is_empty() {
            return Err(format!(
                "provider {} needs a client id and a client secret",
                self.id
            ));
        }
        Ok(())
    }
}

/// A configured provider, with its metadata once read.
struct Provider {
    settings: ProviderSettings,
    redirect: String,
    key: [u8; 32],
    metadata: Mutex<Option<(CoreProviderMetadata, Instant)>>,
}

/// The providers of this server (none by default), shared by every request.
#[derive(Clone, Default)]
pub struct Providers {
    providers: Arc<Vec<Provider>>,
    http: Option<reqwest::Client>,
}

impl std::fmt::Debug for Providers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.providers.iter().map(|p| &p.settings))
            .finish()
    }
}

/// Why a sign-in with a provider did not finish: each is its own page.
#[derive(Debug)]
pub enum OutsideFailure {
    /// No provider has this id.
    Unknown,
    /// The person cancelled at the provider, or it refused them.
    Cancelled,
    /// The callback does not belong to a sign-in begun in this browser, in the last ten
    /// minutes, with this provider: forged, replayed, or too old.
    Expired,
    /// The provider could not be reached or did not answer as a provider must.
    Unavailable,
    /// The provider's answer did not prove who signed in (a bad token or claims).
    Refused,
    /// The provider gave no address, or one it did not verify.
    Unverified,
}

/// Where a begun sign-in sends the browser, and the cookie that remembers it.
pub struct Begun {
    /// The provider's authorization URL.
    pub location: String,
    /// The value of the flow cookie.
    pub cookie: String,
}

type HmacSha256 = Hmac<Sha256>;

fn mac(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    // A key of any length is taken: this cannot fail.
    let Ok(mut mac) = HmacSha256::new_from_slice(key) else {
        return Vec::new();
    };
    for part in parts {
        mac.update(part);
        mac.update(b"\0");
    }
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn now_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// What a flow cookie holds, once its signature is checked.
struct Flow {
    seed: Vec<u8>,
    next: String,
}

impl Provider {
    fn derived(&self, what: &str, seed: &[u8]) -> String {
        hex(&mac(&self.key, &[what.as_bytes(), seed]))
    }

    fn cookie(&self, seed: &[u8], next: &str, expires: u64) -> String {
        let payload = format!(
            "{}.{}.{expires}.{}",
            self.settings.id,
            hex(seed),
            hex(next.as_bytes())
        );
        let signature = hex(&mac(&self.key, &[b"flow", payload.as_bytes()]));
        format!("{payload}.{signature}")
    }

    fn read_cookie(&self, cookie: &str, now: u64) -> Option<Flow> {
        let (payload, signature) = cookie.rsplit_once('.')?;
        let expected = mac(&self.key, &[b"flow", payload.as_bytes()]);
        if !same(&unhex(signature)?, &expected) {
            return None;
        }
        let mut parts = payload.split('.');
        let (id, seed, expires, next) =
            (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        let expires: u64 = expires.parse().ok()?;
        if id != self.settings.id || now >= expires || parts.next().is_some() {
            return None;
        }
        Some(Flow {
            seed: unhex(seed)?,
            next: String::from_utf8(unhex(next)?).ok()?,
        })
    }

    /// The provider's metadata (with its keys), read at first use and again after an hour, or
    /// at once when `fresh` (a token signed by a key not yet seen).
    async fn metadata(
        &self,
        http: &reqwest::Client,
        fresh: bool,
    ) -> Result<CoreProviderMetadata, OutsideFailure> {
        let mut kept = self.metadata.lock().await;
        if let Some((metadata, read_at)) = kept.as_ref() {
            if !fresh && read_at.elapsed() < METADATA_LIFETIME {
                return Ok(metadata.clone());
            }
        }
        let issuer = IssuerUrl::new(self.settings.issuer.clone()).map_err(|error| {
            tracing::warn!(provider = %self.settings.id, %error, "the issuer is not a URL");
            OutsideFailure::Unavailable
        })?;
        let metadata = CoreProviderMetadata::discover_async(issuer, http)
            .await
            .map_err(|error| {
                tracing::warn!(provider = %self.settings.id, error = %error_chain(&error), "the provider could not be discovered");
                OutsideFailure::Unavailable
            })?;
        *kept = Some((metadata.clone(), Instant::now()));
        Ok(metadata)
    }

    fn redirect(&self) -> Result<RedirectUrl, OutsideFailure> {
        RedirectUrl::new(self.redirect.clone()).map_err(|_| OutsideFailure::Unavailable)
    }
}

/// The error with its causes, for the log.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

impl Providers {
    /// The providers, whose callbacks are under `public_url`
    /// (`{public_url}/sign-in/with/{id}/callback`, the redirect URL to register with each).
    ///
    /// # Errors
    /// What is wrong with a provider's settings, or when no HTTP client can be made.
    pub fn new(public_url: &str, settings: Vec<ProviderSettings>) -> Result<Self, String> {
        let mut providers = Vec::with_capacity(settings.len());
        for provider in settings {
            provider.check()?;
            if providers
                .iter()
                .any(|p: &Provider| p.settings.id == provider.id)
            {
                return Err(format!("provider id {} is given twice", provider.id));
            }
            let redirect = format!(
                "{}/sign-in/with/{}/callback",
                public_url.trim_end_matches('/'),
                provider.id
            );
            RedirectUrl::new(redirect.clone())
                .map_err(|e| format!("provider {}: bad redirect URL: {e}", provider.id))?;
            let derived = mac(
                provider.client_secret.as_bytes(),
                &[b"collaborate outside sign-in", provider.id.as_bytes()],
            );
            let mut key = [0; 32];
            key.copy_from_slice(derived.get(..32).unwrap_or(&[0; 32]));
            providers.push(Provider {
                settings: provider,
                redirect,
                key,
                metadata: Mutex::new(None),
            });
        }
        let http = if providers.is_empty() {
            None
        } else {
            // A provider's answers are never followed elsewhere: the crate's advice against
            // requests forged through redirects.
            let client = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(CALL_TIMEOUT)
                .build()
                .map_err(|e| format!("no HTTP client for the providers: {e}"))?;
            Some(client)
        };
        Ok(Self {
            providers: Arc::new(providers),
            http,
        })
    }

    /// The providers' ids and names, in the order configured, for the buttons.
    pub fn buttons(&self) -> Vec<(String, String)> {
        self.providers
            .iter()
            .map(|p| (p.settings.id.clone(), p.settings.name.clone()))
            .collect()
    }

    /// The name of the provider with this id.
    pub fn name_of(&self, id: &str) -> Option<&str> {
        self.find(id).map(|p| p.settings.name.as_str())
    }

    fn find(&self, id: &str) -> Option<&Provider> {
        self.providers.iter().find(|p| p.settings.id == id)
    }

    fn client(&self) -> Result<&reqwest::Client, OutsideFailure> {
        self.http.as_ref().ok_or(OutsideFailure::Unknown)
    }

    /// Begins a sign-in with provider `id`, to go on to `next` (a path of this site) once done.
    ///
    /// # Errors
    /// [`OutsideFailure::Unknown`] for no such provider; [`OutsideFailure::Unavailable`] when
    /// it cannot be reached or no randomness is to be had.
    pub async fn begin(&self, id: &str, next: &str) -> Result<Begun, OutsideFailure> {
        let provider = self.find(id).ok_or(OutsideFailure::Unknown)?;
        let metadata = provider.metadata(self.client()?, false).await?;
        let mut seed = [0; 32];
        getrandom::fill(&mut seed).map_err(|error| {
            tracing::error!(%error, "no randomness for a sign-in");
            OutsideFailure::Unavailable
        })?;
        let cookie = provider.cookie(&seed, next, now_seconds() + FLOW_LIFETIME.as_secs());
        let state = provider.derived("state", cookie.as_bytes());
        let nonce = provider.derived("nonce", &seed);
        let verifier = PkceCodeVerifier::new(provider.derived("pkce", &seed));
        let client = OidcClient::from_provider_metadata(
            metadata,
            ClientId::new(provider.settings.client_id.clone()),
            Some(ClientSecret::new(provider.settings.client_secret.clone())),
        )
        .set_redirect_uri(provider.redirect()?);
        let (url, _, _) = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                move || CsrfToken::new(state),
                move || Nonce::new(nonce),
            )
            .add_scope(Scope::new("email".to_owned()))
            .add_scope(Scope::new("profile".to_owned()))
            .set_pkce_challenge(PkceCodeChallenge::from_code_verifier_sha256(&verifier))
            .url();
        Ok(Begun {
            location: url.to_string(),
            cookie,
        })
    }

    /// Finishes a sign-in with provider `id` from its callback: checks that it belongs to the
    /// flow `cookie` remembers, exchanges the code, verifies the ID token and reads who it
    /// names. Answers the identity and the page to go on to.
    ///
    /// # Errors
    /// An [`OutsideFailure`] saying why not.
    pub async fn finish(
        &self,
        id: &str,
        callback: &Callback,
        cookie: Option<&str>,
    ) -> Result<(ClaimedIdentity, String), OutsideFailure> {
        let provider = self.find(id).ok_or(OutsideFailure::Unknown)?;
        let cookie = cookie.ok_or(OutsideFailure::Expired)?;
        let flow = provider
            .read_cookie(cookie, now_seconds())
            .ok_or(OutsideFailure::Expired)?;
        let state = provider.derived("state", cookie.as_bytes());
        let sent_state = callback.state.as_deref().unwrap_or_default();
        if !same(state.as_bytes(), sent_state.as_bytes()) {
            return Err(OutsideFailure::Expired);
        }
        if let Some(error) = &callback.error {
            tracing::info!(provider = %id, %error, "the provider sent the person back without signing in");
            return Err(OutsideFailure::Cancelled);
        }
        let code = callback.code.clone().ok_or(OutsideFailure::Refused)?;
        let http = self.client()?;
        let metadata = provider.metadata(http, false).await?;
        // RFC 9207: a provider that names itself in the response must be this one (a response
        // of another provider, mixed up with this flow, is refused before its code is sent).
        if let Some(iss) = &callback.iss {
            if iss != metadata.issuer().as_str() {
                tracing::warn!(provider = %id, "the callback names another issuer");
                return Err(OutsideFailure::Refused);
            }
        }
        let client = OidcClient::from_provider_metadata(
            metadata,
            ClientId::new(provider.settings.client_id.clone()),
            Some(ClientSecret::new(provider.settings.client_secret.clone())),
        )
        .set_redirect_uri(provider.redirect()?);
        let verifier = PkceCodeVerifier::new(provider.derived("pkce", &flow.seed));
        let tokens = client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|error| {
                tracing::warn!(provider = %id, %error, "the provider has no token endpoint");
                OutsideFailure::Unavailable
            })?
            .set_pkce_verifier(verifier)
            .request_async(http)
            .await
            .map_err(|error| {
                tracing::warn!(provider = %id, error = %error_chain(&error), "the code was not exchanged");
                match error {
                    openidconnect::RequestTokenError::ServerResponse(_) => OutsideFailure::Refused,
                    _ => OutsideFailure::Unavailable,
                }
            })?;
        let token = tokens.id_token().ok_or_else(|| {
            tracing::warn!(provider = %id, "the provider sent no ID token");
            OutsideFailure::Refused
        })?;
        let nonce = Nonce::new(provider.derived("nonce", &flow.seed));
        let verifier = client.id_token_verifier();
        let claims = match token.claims(&verifier, &nonce) {
            Ok(claims) => claims.clone(),
            Err(openidconnect::ClaimsVerificationError::SignatureVerification(_)) => {
                // The provider may have turned to a new key: read its keys again, once.
                let metadata = provider.metadata(http, true).await?;
                let client = OidcClient::from_provider_metadata(
                    metadata,
                    ClientId::new(provider.settings.client_id.clone()),
                    Some(ClientSecret::new(provider.settings.client_secret.clone())),
                );
                token
                    .claims(&client.id_token_verifier(), &nonce)
                    .map_err(|error| {
                        tracing::warn!(provider = %id, %error, "the ID token is not right");
                        OutsideFailure::Refused
                    })?
                    .clone()
            }
            Err(error) => {
                tracing::warn!(provider = %id, %error, "the ID token is not right");
                return Err(OutsideFailure::Refused);
            }
        };
        let name = claims
            .name()
            .and_then(|n| n.get(None))
            .map(|n| n.as_str().to_owned());
        let verified = match provider.settings.verified_claim {
            VerifiedClaim::EmailVerified => claims.email_verified(),
            VerifiedClaim::XmsEdov => claims.additional_claims().xms_edov.as_ref().map(says_yes),
        };
        let claimed = ClaimedIdentity::new(
            claims.issuer().as_str(),
            claims.subject().as_str(),
            claims.email().map(|e| e.as_str()),
            verified,
            name.as_deref(),
        )
        .map_err(|refused: InvalidValue| {
            tracing::info!(provider = %id, field = refused.field(), "the provider's claims were refused");
            match refused.field() {
                "email" | "email_verified" => OutsideFailure::Unverified,
                _ => OutsideFailure::Refused,
            }
        })?;
        Ok((claimed, flow.next))
    }
}

/// What a provider sends back to the callback.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct Callback {
    /// The code to exchange.
    pub code: Option<String>,
    /// The state given at the start.
    pub state: Option<String>,
    /// Why not, when the person cancelled or was refused.
    pub error: Option<String>,
    /// The issuer of the response (RFC 9207), when the provider names it.
    pub iss: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn providers() -> Providers {
        Providers::new(
            "https://collaborate.example",
            vec![ProviderSettings {
                id: "school".to_owned(),
                name: "Our school".to_owned(),
                issuer: "https://login.example/tenant/v2.0".to_owned(),
                client_id: "client".to_owned(),
                client_secret: "secret".to_owned(),
                verified_claim: VerifiedClaim::EmailVerified,
            }],
        )
        .unwrap()
    }

    #[test]
    fn a_flow_cookie_reads_back_only_signed_unaltered_and_in_time() {
        let providers = providers();
        let provider = providers.find("school").unwrap();
        let cookie = provider.cookie(&[7; 32], "/groups/1", 1_000);

        let flow = provider.read_cookie(&cookie, 999).unwrap();
        assert_eq!(flow.next, "/groups/1");
        assert_eq!(flow.seed, vec![7; 32]);
        assert!(provider.read_cookie(&cookie, 1_000).is_none());
        let other_next = cookie.replacen(&hex(b"/groups/1"), &hex(b"/groups/2"), 1);
        assert!(provider.read_cookie(&other_next, 999).is_none());
        assert!(provider.read_cookie("school.00.5000.00.00", 999).is_none());
    }

    #[test]
    fn the_secret_never_shows_in_the_log() {
        let shown = format!("{:?}", providers());
        assert!(shown.contains("school"));
        assert!(!shown.contains("secret\""));
    }

    #[test]
    fn only_a_plain_yes_says_an_address_is_verified() {
        use serde_json::json;
        for yes in [json!(true), json!(1), json!("1"), json!("true")] {
            assert!(says_yes(&yes), "{yes}");
        }
        for no in [
            json!(false),
            json!(0),
            json!("0"),
            json!("yes"),
            json!(null),
        ] {
            assert!(!says_yes(&no), "{no}");
        }
    }

    #[test]
    fn settings_are_checked() {
        let bad = |change: fn(&mut ProviderSettings)| {
            let mut settings = ProviderSettings {
                id: "school".to_owned(),
                name: "Our school".to_owned(),
                issuer: "https://login.example/tenant/v2.0".to_owned(),
                client_id: "client".to_owned(),
                client_secret: "secret".to_owned(),
                verified_claim: VerifiedClaim::EmailVerified,
            };
            change(&mut settings);
            settings.check().is_err()
        };
        assert!(!bad(|_| {}));
        assert!(bad(|s| s.id = "Our School".to_owned()));
        assert!(bad(|s| s.issuer = "not a url".to_owned()));
        assert!(bad(|s| s.client_secret = String::new()));
        assert!(bad(|s| s.name = " ".to_owned()));
    }
}
