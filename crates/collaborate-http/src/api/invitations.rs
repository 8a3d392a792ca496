//! Invitations: admins invite by email, list what is pending and withdraw it; the invitee
//! accepts.

use super::Tag;
use super::accounts::{SessionCreated, session_created};
use super::groups::MembershipBody;
use super::shared::{Answer, Context, Removed, created, debug_hiding, list_of, path_id, rfc3339};
use crate::auth::{Credentials, client_address};
use crate::payload::JsonBody;
use collaborate_core::Error;
use collaborate_core::groups::{Invitation, NewInvitation};
use collaborate_core::ports::Environment;
use collaborate_core::values::{Email, InvitationId, Password, Role, SecretToken};
use poem::Request;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use serde::Deserialize;

/// The operations on invitations.
pub struct InvitationsApi<E: Environment>(pub(super) Context<E>);

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Invitations")]
impl<E: Environment> InvitationsApi<E> {
    /// Invite a person by email (admins).
    #[oai(
        path = "/groups/:group_id/invitations",
        method = "post",
        operation_id = "invite"
    )]
    async fn invite(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        body: JsonBody<InvitationInput>,
    ) -> Answer<InvitationCreated> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let new = NewInvitation {
            email: Email::parse(&body.0.email)?,
            role: body.0.role.as_deref().map(Role::parse).transpose()?,
        };
        let (invitation, token) = self.0.app.invite(account, group, new).await?;
        Ok(InvitationCreated::Created(Json(InvitationMadeBody {
            invitation: InvitationBody::from(&invitation),
            token: token.expose().to_owned(),
        })))
    }

    /// The group's pending invitations, oldest first (admins).
    #[oai(
        path = "/groups/:group_id/invitations",
        method = "get",
        operation_id = "listPendingInvitations"
    )]
    async fn pending_invitations(
        &self,
        auth: Credentials,
        group_id: Path<String>,
    ) -> Answer<Json<InvitationList>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let pending = self.0.app.pending_invitations(account, group).await?;
        Ok(Json(InvitationList::of(&pending)))
    }

    /// Withdraw a pending invitation (admins).
    #[oai(
        path = "/groups/:group_id/invitations/:invitation_id",
        method = "delete",
        operation_id = "revokeInvitation"
    )]
    async fn revoke_invitation(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        invitation_id: Path<String>,
    ) -> Answer<Removed> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let invitation = path_id(&invitation_id, InvitationId::parse, "invitation")?;
        self.0
            .app
            .revoke_invitation(account, group, invitation)
            .await?;
        Ok(Removed::NoContent)
    }

    /// Accept an invitation sent to your email address.
    #[oai(
        path = "/invitations/:token/accept",
        method = "post",
        operation_id = "acceptInvitation"
    )]
    async fn accept_invitation(
        &self,
        auth: Credentials,
        token: Path<String>,
    ) -> Answer<MembershipCreated> {
        let account = self.0.caller(&auth).await?;
        let token = path_id(&token, SecretToken::parse, "invitation")?;
        let joined = self.0.app.accept_invitation(account, &token).await?;
        Ok(MembershipCreated::Created(Json(MembershipBody::from(
            &joined,
        ))))
    }

    /// Claim a profile an import pre-loaded for you: choose a password, take up the invitation
    /// and be signed in (no account needed: the token, sent to your email, proves it is yours).
    /// Only the invitation of the group that pre-loaded the profile claims it (409 otherwise:
    /// sign in and accept); unknown tokens are limited per client address (429 `rate_limited`).
    #[oai(
        path = "/invitations/:token/claim",
        method = "post",
        operation_id = "claimInvitation"
    )]
    async fn claim_invitation(
        &self,
        request: &Request,
        token: Path<String>,
        body: JsonBody<ClaimInput>,
    ) -> Answer<SessionCreated> {
        let token = path_id(&token, SecretToken::parse, "invitation")?;
        let password = Password::parse(&body.0.password)?;
        let address = client_address(request, self.0.config.trust_forwarded_for);
        let attempt = self.0.limits.use_token(address).await?;
        let claimed = self.0.app.claim_invitation(&token, &password).await;
        if !matches!(claimed, Err(Error::NotFound(_))) {
            self.0.limits.token_used(attempt).await;
        }
        let (session, account) = claimed?;
        Ok(session_created(&self.0, &session, &account))
    }
}

/// Claiming a pre-loaded profile.
#[derive(Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct ClaimInput {
    /// The password to sign in with from now on: 10 to 256 characters.
    #[oai(validator(min_length = 10, max_length = 256))]
    pub password: String,
}

debug_hiding!(ClaimInput {} hiding { password });

/// Inviting a person.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct InvitationInput {
    /// Whom to invite.
    #[oai(validator(max_length = 254, pattern = r"^[^\s@]{1,64}@[^\s@.]+(?:\.[^\s@.]+)+$"))]
    pub email: String,
    /// `member` (default) or `admin`.
    #[oai(nullable, validator(pattern = "^(admin|member)$"))]
    pub role: Option<String>,
}

/// An invitation.
#[derive(Debug, Object)]
pub struct InvitationBody {
    /// Its id.
    pub id: String,
    /// Whom.
    pub email: String,
    /// As what.
    pub role: String,
    /// The admin who made it (it is withdrawn if they stop being an admin).
    pub invited_by: String,
    /// When.
    pub created_at: String,
    /// When it can no longer be accepted.
    pub expires_at: String,
}

impl From<&Invitation> for InvitationBody {
    fn from(i: &Invitation) -> Self {
        Self {
            id: i.id.to_string(),
            email: i.email.to_string(),
            role: i.role.to_string(),
            invited_by: i.invited_by.to_string(),
            created_at: rfc3339(i.created_at),
            expires_at: rfc3339(i.expires_at()),
        }
    }
}

/// An invitation made, with its token.
#[derive(Object)]
pub struct InvitationMadeBody {
    /// The invitation.
    #[oai(flatten)]
    pub invitation: InvitationBody,
    /// The token to send to the invitee; they accept at `POST /api/v1/invitations/{token}/accept`.
    pub token: String,
}

list_of!(
    /// Pending invitations.
    whole InvitationList, InvitationBody
);

created!(
    /// An invitation made.
    InvitationCreated,
    /// The invitation, with the token to send.
    InvitationMadeBody
);
created!(
    /// A membership taken up.
    MembershipCreated,
    /// The group and your membership.
    MembershipBody
);

debug_hiding!(InvitationMadeBody { invitation } hiding { token });
