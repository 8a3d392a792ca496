//! Invitations: admins invite people by email, list what is pending and withdraw it; an
//! invitation dies with its issuer's admin rights and with the removal of the person invited.

use crate::accounts::{Account, Accounts as _};
use crate::app::{Clearance, Collaborate, membership};
use crate::audit::AuditAction;
use crate::error::{ConflictReason, Error, Result};
use crate::groups::Admission;
use crate::groups::{
    Groups, Invitation, Invitations, Member, Membership, NewInvitation, hide_join_code_from,
};
use crate::notifications::Notice;
use crate::notifications::use_cases::send_link;
use crate::ports::{Clock, Environment, IdSource, PasswordHasher as _, Transaction as _, Tx};
use crate::values::{
    AccountId, Email, GroupId, GroupName, InvalidValue, InvitationId, MemberStatus, Password, Role,
    SecretToken,
};
use time::OffsetDateTime;

impl<E: Environment> Collaborate<E> {
    /// Invites a person by email (admins). The token goes to the invitee; only its hash is kept.
    /// A removed member may be invited again: only an admin's new invitation brings them back.
    /// An address has one invitation waiting at most: inviting it again withdraws the earlier one
    /// (its link stops working) and sends a new link. Both steps are audited.
    ///
    /// # Errors
    /// [`Error::Conflict`] when the person is already an active or suspended member, and the
    /// errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn invite(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        new: NewInvitation,
    ) -> Result<(Invitation, SecretToken)> {
        let now = self.clock.now();
        let mut tx = self.write().await?;
        let (group, admin) = membership(&mut tx, group_id, account_id, Clearance::Admin).await?;
        // Two admins inviting one address at once: one after the other, so one stays waiting.
        tx.lock_group(group.id).await?;
        if let Some(account) = tx.account_by_email(&new.email).await? {
            if account.is_erased() {
                return Err(InvalidValue::new("email", "belongs to an erased account").into());
            }
            let existing = tx.member_of(group.id, account.id).await?;
            if existing
                .is_some_and(|m| matches!(m.status, MemberStatus::Active | MemberStatus::Suspended))
            {
                return Err(Error::conflict(
                    ConflictReason::Duplicate,
                    "this person is already a member of the group",
                ));
            }
        }
        let waiting = tx.pending_invitations(group.id, now).await?;
        for earlier in waiting
            .into_iter()
            .filter(|i| i.email.key() == new.email.key())
        {
            let invitation_id = earlier.id;
            tx.update_invitation(&earlier.revoked(now)).await?;
            let revoked = AuditAction::InvitationRevoked { invitation_id };
            self.record(&mut tx, group.id, admin.id, now, revoked)
                .await?;
        }
        let token = self.ids.new_token()?;
        let invitation = Invitation {
            id: InvitationId::from_uuid(self.ids.new_id()),
            group_id: group.id,
            email: new.email,
            role: new.role.unwrap_or(Role::Member),
            token_hash: token.hash(),
            invited_by: admin.id,
            created_at: now,
            accepted_at: None,
            revoked_at: None,
        };
        tx.insert_invitation(&invitation).await?;
        let made = AuditAction::InvitationMade {
            invitation_id: invitation.id,
            role: invitation.role,
        };
        self.record(&mut tx, group.id, admin.id, now, made).await?;
        let to = tx.account_by_email(&invitation.email).await?.map(|a| a.id);
        let notice = Notice::Invitation(invitation.id);
        send_link(
            &mut tx,
            &self.ids,
            (to, invitation.email.clone()),
            Some(group.id),
            notice,
            token.clone(),
            invitation.created_at,
        )
        .await?;
        tx.commit().await?;
        Ok((invitation, token))
    }

    /// What an invitation's page tells whoever holds its link: the group it opens, and whether
    /// it claims a profile an import pre-loaded (then choosing a password takes it up). The
    /// token is the secret: only its holder learns the group's name. Adapters count an unknown
    /// token as an attempt, as for claiming.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the token is unknown; [`Error::Conflict`] when the invitation
    /// was used, withdrawn or has expired.
    #[tracing::instrument(skip_all)]
    pub async fn invitation_shown(&self, token: &SecretToken) -> Result<InvitationShown> {
        let mut tx = self.read().await?;
        let invitation = tx
            .invitation(&token.hash())
            .await?
            .ok_or(Error::NotFound("invitation"))?;
        let email = invitation.email.clone();
        let invitation = open_invitation(&mut tx, token, &email, self.clock.now()).await?;
        let group = tx
            .group(invitation.group_id)
            .await?
            .ok_or(Error::NotFound("invitation"))?;
        let claims_profile = tx
            .account_by_email(&invitation.email)
            .await?
            .is_some_and(|a| a.can_be_claimed_through(group.id));
        Ok(InvitationShown {
            group: group.name,
            claims_profile,
        })
    }

    /// Accepts an invitation sent to the caller's email address.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the token is unknown or was sent to another address;
    /// [`Error::Conflict`] when it was used, withdrawn or has expired, its issuer is no longer an
    /// active admin, or the caller is already a member.
    #[tracing::instrument(skip_all)]
    pub async fn accept_invitation(
        &self,
        account_id: AccountId,
        token: &SecretToken,
    ) -> Result<Membership> {
        let mut tx = self.write().await?;
        let account = tx
            .account(account_id)
            .await?
            .ok_or(Error::Unauthenticated)?;
        let invitation = open_invitation(&mut tx, token, &account.email, self.clock.now()).await?;
        let membership = self.take_up(&mut tx, invitation, account_id).await?;
        tx.commit().await?;
        Ok(membership)
    }

    /// Claims a profile an import pre-loaded: the invitation's token proves the email, the
    /// password becomes the account's, the invitation is accepted, and the person is signed in
    /// (the new session's token is returned once). Only an invitation of the group whose import
    /// made the account can set its first password: any other invitation to the address waits
    /// until its person has claimed their account (or set a password by a reset link), then is
    /// accepted signed in. An erased account is never claimed.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the token is unknown; [`Error::Conflict`] as for
    /// [`Collaborate::accept_invitation`], and, with one answer whatever the reason so that it
    /// tells nothing of the address beyond the group, when the invitation cannot set the
    /// account's password (sign in, or create an account, and accept instead).
    #[tracing::instrument(skip_all)]
    pub async fn claim_invitation(
        &self,
        token: &SecretToken,
        password: &Password,
    ) -> Result<(SecretToken, Account)> {
        let password_hash = self.hasher.hash(password).await?;
        let now = self.clock.now();
        let mut tx = self.write().await?;
        let invitation = tx
            .invitation(&token.hash())
            .await?
            .ok_or(Error::NotFound("invitation"))?;
        let account = tx
            .account_by_email(&invitation.email)
            .await?
            .filter(|a| a.can_be_claimed_through(invitation.group_id))
            .ok_or_else(|| {
                Error::conflict(
                    ConflictReason::WrongState,
                    "this invitation is taken up by signing in (or creating an account) and \
                     accepting it",
                )
            })?;
        let invitation = open_invitation(&mut tx, token, &account.email, now).await?;
        let account = Account {
            password_hash: Some(password_hash),
            language: None,
            ..account
        };
        tx.update_account(&account).await?;
        self.take_up(&mut tx, invitation, account.id).await?;
        let session = self.open_session(&mut tx, account.id, now).await?;
        tx.commit().await?;
        Ok((session, account))
    }

    /// Makes the account a member as `invitation` says, and marks it accepted.
    async fn take_up(
        &self,
        tx: &mut Tx<E>,
        invitation: Invitation,
        account_id: AccountId,
    ) -> Result<Membership> {
        let group = tx
            .group(invitation.group_id)
            .await?
            .ok_or(Error::NotFound("invitation"))?;
        let member = self
            .admit(
                tx,
                &group,
                account_id,
                invitation.role,
                Admission::Invitation,
            )
            .await?;
        tx.update_invitation(&Invitation {
            accepted_at: Some(self.clock.now()),
            ..invitation
        })
        .await?;
        Ok(Membership {
            group: hide_join_code_from(group, &member),
            member,
        })
    }

    /// The group's pending invitations, oldest first (admins).
    ///
    /// # Errors
    /// The errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn pending_invitations(
        &self,
        account_id: AccountId,
        group_id: GroupId,
    ) -> Result<Vec<Invitation>> {
        let mut tx = self.read().await?;
        membership(&mut tx, group_id, account_id, Clearance::Admin).await?;
        Ok(tx.pending_invitations(group_id, self.clock.now()).await?)
    }

    /// Withdraws a pending invitation (admins); audited.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an invitation of another group; [`Error::Conflict`] for one that
    /// was used, withdrawn or has expired; the errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn revoke_invitation(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        invitation_id: InvitationId,
    ) -> Result<()> {
        let now = self.clock.now();
        let mut tx = self.write().await?;
        let (_, admin) = membership(&mut tx, group_id, account_id, Clearance::Admin).await?;
        let invitation = tx
            .invitation_in(group_id, invitation_id)
            .await?
            .ok_or(Error::NotFound("invitation"))?;
        if !invitation.is_pending(now) {
            return Err(Error::conflict(
                ConflictReason::WrongState,
                "this invitation is no longer pending",
            ));
        }
        tx.update_invitation(&invitation.revoked(now)).await?;
        let revoked = AuditAction::InvitationRevoked { invitation_id };
        self.record(&mut tx, group_id, admin.id, now, revoked)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// What an invitation's page shows ([`Collaborate::invitation_shown`]).
#[derive(Debug, Clone, PartialEq)]
pub struct InvitationShown {
    /// The group it opens.
    pub group: GroupName,
    /// Whether it claims a profile an import pre-loaded.
    pub claims_profile: bool,
}

/// The invitation whose token this is, addressed to `email`, if it can be taken up now.
///
/// # Errors
/// [`Error::NotFound`] when the token is unknown or addressed to another email;
/// [`Error::Conflict`] when it was used, withdrawn (or its issuer is no longer an active admin)
/// or has expired.
async fn open_invitation<T: Groups + Invitations>(
    tx: &mut T,
    token: &SecretToken,
    email: &Email,
    now: OffsetDateTime,
) -> Result<Invitation> {
    let invitation = tx
        .invitation(&token.hash())
        .await?
        .filter(|i| i.email.key() == email.key())
        .ok_or(Error::NotFound("invitation"))?;
    if invitation.accepted_at.is_some() {
        return Err(Error::conflict(
            ConflictReason::WrongState,
            "this invitation has already been used",
        ));
    }
    let issuer_is_admin = tx
        .member(invitation.group_id, invitation.invited_by)
        .await?
        .is_some_and(|m| m.is_active_admin());
    if invitation.revoked_at.is_some() || !issuer_is_admin {
        return Err(Error::conflict(
            ConflictReason::WrongState,
            "this invitation was withdrawn: ask an admin for a new one",
        ));
    }
    if invitation.has_expired(now) {
        return Err(Error::conflict(
            ConflictReason::Expired,
            "this invitation has expired: ask for a new one",
        ));
    }
    Ok(invitation)
}

/// Whose pending invitations die with a change of membership.
pub(crate) enum Withdrawn<'a> {
    /// Those this member issued: they are no longer an active admin.
    IssuedBy(&'a Member),
    /// Those addressed to this email: its owner was removed, so no earlier invitation may bring
    /// them back.
    AddressedTo(&'a Email),
}

/// Withdraws the group's pending invitations that `which` names.
pub(crate) async fn withdraw_invitations<T: Invitations>(
    tx: &mut T,
    group_id: GroupId,
    which: Withdrawn<'_>,
    now: OffsetDateTime,
) -> Result<()> {
    for invitation in tx.pending_invitations(group_id, now).await? {
        let dies = match which {
            Withdrawn::IssuedBy(issuer) => invitation.invited_by == issuer.id,
            Withdrawn::AddressedTo(email) => invitation.email.key() == email.key(),
        };
        if dies {
            tx.update_invitation(&invitation.revoked(now)).await?;
        }
    }
    Ok(())
}
