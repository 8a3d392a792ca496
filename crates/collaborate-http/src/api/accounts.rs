//! Accounts and sessions: registering, signing in and out, and who the caller is.

use super::Tag;
use super::groups::MembershipBody;
use super::rights::{EraseInput, ExportBody};
use super::shared::{Answer, Context, debug_hiding, rfc3339};
use crate::auth::{Credentials, client_address, expired_cookie, session_cookie};
use crate::payload::JsonBody;
use collaborate_core::accounts::{Account, NewAccount};
use collaborate_core::ports::Environment;
use collaborate_core::values::{DisplayName, Email, Password, SecretToken};
use collaborate_core::{Error, Registered};
use poem::Request;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};
use serde::Deserialize;

/// The operations on accounts and sessions.
pub struct AccountsApi<E: Environment>(pub(super) Context<E>);

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Accounts")]
impl<E: Environment> AccountsApi<E> {
    /// Register an account (limited per email and per client address: 429 `rate_limited`).
    /// Where the server checks addresses (it sends email), the answer is 202: a link valid a
    /// day went to the address, and opening it (`POST /address-confirmations/{token}`) makes the
    /// account. A taken address gets the same 202, and its owner an email saying so. Where it
    /// does not, the account is made at once (201), and a taken address is 409.
    #[oai(path = "/accounts", method = "post", operation_id = "register")]
    async fn register(
        &self,
        request: &Request,
        body: JsonBody<RegisterInput>,
    ) -> Answer<AccountCreated> {
        let body = body.0;
        let new = NewAccount {
            email: Email::parse(&body.email)?,
            password: Password::parse(&body.password)?,
            display_name: DisplayName::parse(&body.display_name)?,
        };
        let address = client_address(request, self.0.config.trust_forwarded_for);
        self.0.limits.register(&new.email, address).await?;
        let email = new.email.to_string();
        Ok(match self.0.app.register(new).await? {
            Registered::Account(account) => {
                AccountCreated::Created(Json(AccountBody::from(&account)))
            }
            Registered::LinkSent => AccountCreated::LinkSent(Json(LinkSentBody { email })),
        })
    }

    /// Open an address link, and be signed in as `POST /sessions` signs in. A registration's
    /// link makes the account and takes the password chosen when registering (400 naming
    /// `password` for another). An account's link takes a new password for the account and
    /// ends its every other session, as a password reset does. An unknown, used or day-old
    /// token is 404; such tokens and wrong passwords are limited per client address (429
    /// `rate_limited`); 409 when the address got an account meanwhile.
    #[oai(
        path = "/address-confirmations/:token",
        method = "post",
        operation_id = "confirmAddress"
    )]
    async fn confirm_address(
        &self,
        request: &Request,
        token: Path<String>,
        body: JsonBody<NewPassword>,
    ) -> Answer<SessionCreated> {
        let token = SecretToken::parse(&token.0).map_err(|_| Error::NotFound("address link"))?;
        let address = client_address(request, self.0.config.trust_forwarded_for);
        let attempt = self.0.limits.use_token(address).await?;
        let confirmed = self.0.app.confirm_address(&token, &body.0.password).await;
        if !matches!(confirmed, Err(Error::NotFound(_) | Error::Invalid(_))) {
            self.0.limits.token_used(attempt).await;
        }
        let (session, account) = confirmed?;
        Ok(session_created(&self.0, &session, &account))
    }

    /// Send a link that confirms the caller's address, needed (where the server checks
    /// addresses) before joining a group by code, creating one or asking for help: 202, and
    /// nothing is sent when it is confirmed already. Limited as requests for a new password
    /// are (429 `rate_limited`).
    #[oai(
        path = "/me/address-confirmation",
        method = "post",
        operation_id = "sendAddressLink"
    )]
    async fn send_address_link(&self, request: &Request, auth: Credentials) -> Answer<ResetSent> {
        let caller = self.0.caller(&auth).await?;
        let me = self.0.app.me(caller).await?;
        let address = client_address(request, self.0.config.trust_forwarded_for);
        self.0
            .limits
            .ask_address_link(&me.account.email, address)
            .await?;
        self.0.app.send_address_link(caller).await?;
        Ok(ResetSent::Accepted)
    }

    /// Sign in: a new session, as a bearer token and an `HttpOnly` cookie. Failed attempts are
    /// limited per email and per client address (429 `rate_limited`); successful ones are not.
    #[oai(path = "/sessions", method = "post", operation_id = "signIn")]
    async fn log_in(
        &self,
        request: &Request,
        body: JsonBody<SignInInput>,
    ) -> Answer<SessionCreated> {
        let Context {
            app,
            limits,
            config,
        } = &self.0;
        let (email, address) = (
            &body.0.email,
            client_address(request, config.trust_forwarded_for),
        );
        let attempt = limits.sign_in(email, address).await?;
        let signed_in = app.log_in(email, &body.0.password).await;
        if !matches!(signed_in, Err(Error::InvalidCredentials)) {
            limits.signed_in(attempt).await;
        }
        let (token, account) = signed_in?;
        Ok(session_created(&self.0, &token, &account))
    }

    /// Sign out: the session ends here and everywhere it was used.
    #[oai(
        path = "/sessions/current",
        method = "delete",
        operation_id = "signOut"
    )]
    async fn log_out(&self, auth: Credentials) -> Answer<SignedOut> {
        self.0.caller(&auth).await?;
        self.0.app.log_out(&auth.token()?).await?;
        Ok(SignedOut::NoContent(expired_cookie(
            self.0.config.secure_cookies,
        )))
    }

    /// The caller's account and groups.
    #[oai(path = "/me", method = "get", operation_id = "getMe")]
    async fn me(&self, auth: Credentials) -> Answer<Json<MeBody>> {
        let me = self.0.app.me(self.0.caller(&auth).await?).await?;
        Ok(Json(MeBody {
            account: AccountBody::from(&me.account),
            memberships: me.memberships.iter().map(MembershipBody::from).collect(),
        }))
    }

    /// Everything stored about the caller, in every group, as one JSON document: the account,
    /// sessions (never their tokens), each membership with its profile, offers, needs, requests,
    /// who received the caller's contact details and the changes to their membership, and the
    /// invitations addressed to them. Each group's audit trail records the export.
    #[oai(path = "/me/export", method = "get", operation_id = "exportMe")]
    async fn export(&self, auth: Credentials) -> Answer<Json<ExportBody>> {
        let data = self
            .0
            .app
            .export_my_data(self.0.caller(&auth).await?)
            .await?;
        Ok(Json(ExportBody::from(&data)))
    }

    /// Erase the caller's account, confirmed by its password: personal data removed in every
    /// group, requests and ratings kept without anything that points to the caller, every
    /// session ended. The last active admin of a group must name another admin first (409
    /// `last_admin`).
    #[oai(path = "/me", method = "delete", operation_id = "eraseMe")]
    async fn erase(&self, auth: Credentials, body: JsonBody<EraseInput>) -> Answer<SignedOut> {
        let caller = self.0.caller(&auth).await?;
        let password = Password::parse(&body.0.password)?;
        self.0.app.erase_account(caller, &password).await?;
        Ok(SignedOut::NoContent(expired_cookie(
            self.0.config.secure_cookies,
        )))
    }

    /// Change your password: the current one is checked (400 naming `current_password` when
    /// wrong), and every other session of the account ends.
    #[oai(path = "/me/password", method = "put", operation_id = "changePassword")]
    async fn change_password(
        &self,
        auth: Credentials,
        body: JsonBody<PasswordChange>,
    ) -> Answer<PasswordSet> {
        let caller = self.0.caller(&auth).await?;
        let new = Password::parse(&body.0.new_password).map_err(|e| e.in_field("new_password"))?;
        self.0
            .app
            .change_password(caller, &auth.token()?, &body.0.current_password, new)
            .await?;
        Ok(PasswordSet::NoContent)
    }

    /// Ask for a new password: when an account has this address, a single-use link valid one
    /// hour goes to it by email. The answer is 202 whether or not one does; requests are
    /// limited per email and per client address (429 `rate_limited`).
    #[oai(
        path = "/password-resets",
        method = "post",
        operation_id = "askPasswordReset"
    )]
    async fn ask_password_reset(
        &self,
        request: &Request,
        body: JsonBody<ResetAsked>,
    ) -> Answer<ResetSent> {
        let email = Email::parse(&body.0.email)?;
        let address = client_address(request, self.0.config.trust_forwarded_for);
        self.0.limits.ask_password_reset(&email, address).await?;
        self.0.app.ask_password_reset(&email).await?;
        Ok(ResetSent::Accepted)
    }

    /// Set a new password with the token of a reset link: the link is used up, and every
    /// session of the account ends. An unknown, used or expired token is 404; such tokens are
    /// limited per client address (429 `rate_limited`).
    #[oai(
        path = "/password-resets/:token",
        method = "post",
        operation_id = "resetPassword"
    )]
    async fn reset_password(
        &self,
        request: &Request,
        token: Path<String>,
        body: JsonBody<NewPassword>,
    ) -> Answer<PasswordSet> {
        let token = SecretToken::parse(&token.0).map_err(|_| Error::NotFound("password reset"))?;
        let password = Password::parse(&body.0.password)?;
        let address = client_address(request, self.0.config.trust_forwarded_for);
        let attempt = self.0.limits.use_token(address).await?;
        let reset = self.0.app.reset_password(&token, password).await;
        if !matches!(reset, Err(Error::NotFound(_))) {
            self.0.limits.token_used(attempt).await;
        }
        reset?;
        Ok(PasswordSet::NoContent)
    }
}

/// A change of password.
#[derive(Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    /// The password now.
    #[oai(validator(max_length = 256))]
    pub current_password: String,
    /// 10 to 256 characters.
    #[oai(validator(min_length = 10, max_length = 256))]
    pub new_password: String,
}

/// A request for a new password.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct ResetAsked {
    /// The account's address.
    #[oai(validator(max_length = 254, pattern = r"^[^\s@]{1,64}@[^\s@.]+(?:\.[^\s@.]+)+$"))]
    pub email: String,
}

/// A password given with a single-use link: a new one for a reset or an account's address
/// link, the one chosen when registering for a registration's link.
#[derive(Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct NewPassword {
    /// 10 to 256 characters.
    #[oai(validator(min_length = 10, max_length = 256))]
    pub password: String,
}

/// A password set.
#[derive(Debug, ApiResponse)]
pub enum PasswordSet {
    /// Set; the sessions it ends have ended.
    #[oai(status = 204)]
    NoContent,
}

/// A request for a new password, taken.
#[derive(Debug, ApiResponse)]
pub enum ResetSent {
    /// Taken: if an account has the address, the link is on its way.
    #[oai(status = 202)]
    Accepted,
}

/// Registration.
#[derive(Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct RegisterInput {
    /// The address to sign in with.
    #[oai(validator(max_length = 254, pattern = r"^[^\s@]{1,64}@[^\s@.]+(?:\.[^\s@.]+)+$"))]
    pub email: String,
    /// 10 to 256 characters.
    #[oai(validator(min_length = 10, max_length = 256))]
    pub password: String,
    /// The name others see.
    #[oai(validator(
        max_length = 100,
        pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
    ))]
    pub display_name: String,
}

/// Signing in.
#[derive(Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct SignInInput {
    /// The account's email.
    pub email: String,
    /// Its password.
    pub password: String,
}

/// An account (never its password).
#[derive(Debug, Object)]
pub struct AccountBody {
    /// Its id.
    pub id: String,
    /// Its email.
    pub email: String,
    /// Its name.
    pub display_name: String,
    /// When it was registered.
    pub created_at: String,
    /// Whether its person showed they read mail at its address, by opening a link sent there.
    pub address_confirmed: bool,
}

impl From<&Account> for AccountBody {
    fn from(a: &Account) -> Self {
        Self {
            id: a.id.to_string(),
            email: a.email.to_string(),
            display_name: a.display_name.to_string(),
            created_at: rfc3339(a.created_at),
            address_confirmed: a.address_confirmed_at.is_some(),
        }
    }
}

/// A registration waiting for its link to be opened.
#[derive(Debug, Object)]
pub struct LinkSentBody {
    /// The address the link went to, as typed.
    pub email: String,
}

/// The answer of a new session: the token in the body and in an `HttpOnly` cookie.
pub(super) fn session_created<E: Environment>(
    context: &Context<E>,
    token: &SecretToken,
    account: &Account,
) -> SessionCreated {
    let lifetime = context
        .app
        .session_policy()
        .absolute_lifetime
        .whole_seconds();
    let cookie = session_cookie(token, lifetime, context.config.secure_cookies);
    let session = SessionBody {
        token: token.expose().to_owned(),
        account: AccountBody::from(account),
    };
    SessionCreated::Created(Json(session), cookie)
}

/// A new session.
#[derive(Object)]
pub struct SessionBody {
    /// The bearer token: send it as `Authorization: Bearer <token>`. It is shown once.
    pub token: String,
    /// The account signed in.
    pub account: AccountBody,
}

/// The caller.
#[derive(Debug, Object)]
pub struct MeBody {
    /// The account.
    pub account: AccountBody,
    /// The groups they are in.
    pub memberships: Vec<MembershipBody>,
}

/// Registration.
#[derive(Debug, ApiResponse)]
pub enum AccountCreated {
    /// The account, made at once: this server does not check addresses.
    #[oai(status = 201)]
    Created(Json<AccountBody>),
    /// A link went to the address; the account is made when it is opened.
    #[oai(status = 202)]
    LinkSent(Json<LinkSentBody>),
}

/// Signing in.
#[derive(Debug, ApiResponse)]
pub enum SessionCreated {
    /// Signed in: the token, also set as an `HttpOnly` cookie.
    #[oai(status = 201)]
    Created(Json<SessionBody>, #[oai(header = "Set-Cookie")] String),
}

/// Signing out.
#[derive(Debug, ApiResponse)]
pub enum SignedOut {
    /// The session has ended and the cookie is cleared.
    #[oai(status = 204)]
    NoContent(#[oai(header = "Set-Cookie")] String),
}

debug_hiding!(RegisterInput { email, display_name } hiding { password });
debug_hiding!(SignInInput { email } hiding { password });
debug_hiding!(PasswordChange {} hiding { current_password, new_password });
debug_hiding!(NewPassword {} hiding { password });
debug_hiding!(SessionBody { account } hiding { token });
