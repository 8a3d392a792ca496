//! Groups and membership: creating and configuring a group, joining it by code or invitation,
//! admins managing members, and each member's live profile.

use super::accounts::memberships_of;
use super::{Clearance, Collaborate, check_version, membership};
use crate::accounts::Accounts as _;
use crate::audit::{Actor, AuditAction, AuditEvent, AuditTrail as _};
use crate::error::{ConflictReason, Error, Result};
use crate::groups::{
    Group, GroupChanges, GroupSettings, Groups as _, Invitation, Member, MemberChanges, Membership,
    NewGroup, NewInvitation, ProfileChanges, hide_join_code_from,
};
use crate::offers::{OffersAndNeeds as _, Standing};
use crate::paging::{Page, PageRequest};
use crate::ports::{Clock, Environment, IdSource, Transaction, Tx};
use crate::taxonomy::Taxonomy as _;
use crate::values::{
    AccountId, AuditEventId, GroupId, InvalidValue, InvitationId, JoinCode, MemberId, MemberStatus,
    Role, SecretToken, Slug, Version,
};

/// A member's own profile with their standing.
#[derive(Debug, Clone, PartialEq)]
pub struct MyProfile {
    /// The membership and its profile.
    pub member: Member,
    /// Whether they may seek, and how many offers they still need.
    pub standing: Standing,
}

impl<E: Environment> Collaborate<E> {
    /// Creates a group; the caller becomes its first admin.
    ///
    /// # Errors
    /// [`Error::Invalid`] for settings that do not fit the growth mode; [`Error::Unauthenticated`]
    /// when the account no longer exists.
    #[tracing::instrument(skip_all)]
    pub async fn create_group(&self, account_id: AccountId, new: NewGroup) -> Result<Membership> {
        let defaults = GroupSettings::defaults_for(new.growth_mode, self.new_join_code()?);
        let settings = new.settings.applied_to(&defaults);
        settings.check_for(new.growth_mode)?;
        let mut tx = self.write().await?;
        let account = tx
            .account(account_id)
            .await?
            .ok_or(Error::Unauthenticated)?;
        let now = self.clock.now();
        let group = Group {
            id: GroupId::from_uuid(self.ids.new_id()),
            slug: Slug::from_name(&new.name),
            name: new.name,
            growth_mode: new.growth_mode,
            settings,
            version: Version::FIRST,
            created_at: now,
        };
        let member = Member::joining(
            MemberId::from_uuid(self.ids.new_id()),
            group.id,
            &account,
            Role::Admin,
            now,
        );
        tx.insert_group(&group).await?;
        tx.insert_member(&member).await?;
        tx.commit().await?;
        Ok(Membership { group, member })
    }

    /// The groups the caller is in.
    ///
    /// # Errors
    /// Only [`Error::Unexpected`].
    #[tracing::instrument(skip_all)]
    pub async fn my_groups(&self, account_id: AccountId) -> Result<Vec<Membership>> {
        let mut tx = self.read().await?;
        memberships_of(&mut tx, account_id).await
    }

    /// One group and its settings (the join code only for admins).
    ///
    /// # Errors
    /// [`Error::NotFound`] unless the caller is in the group.
    #[tracing::instrument(skip_all)]
    pub async fn group(&self, account_id: AccountId, group_id: GroupId) -> Result<Group> {
        let mut tx = self.read().await?;
        let (group, member) = membership(&mut tx, group_id, account_id, Clearance::OwnData).await?;
        Ok(hide_join_code_from(group, &member))
    }

    /// Renames a group or changes its settings (admins).
    ///
    /// # Errors
    /// [`Error::Invalid`] for settings that do not fit the growth mode, [`Error::Stale`] for a
    /// stale version, and the errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn update_group(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        changes: GroupChanges,
    ) -> Result<Group> {
        let mut tx = self.write().await?;
        let (group, _) = membership(&mut tx, group_id, account_id, Clearance::Admin).await?;
        check_version(changes.version, group.version)?;
        let settings = changes.settings.applied_to(&group.settings);
        settings.check_for(group.growth_mode)?;
        let name = changes.name.unwrap_or(group.name.clone());
        let updated = Group {
            slug: Slug::from_name(&name),
            name,
            settings,
            version: group.version.next(),
            ..group
        };
        tx.update_group(&updated).await?;
        tx.commit().await?;
        Ok(updated)
    }

    /// Joins a group with its join code. A member who left may come back this way.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the group does not exist or the code does not open it (the same
    /// answer, so codes cannot be probed); [`Error::Conflict`] when already a member;
    /// [`Error::Suspended`] for a suspended member.
    #[tracing::instrument(skip_all)]
    pub async fn join_by_code(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        code: &JoinCode,
    ) -> Result<Member> {
        let mut tx = self.write().await?;
        let group = tx
            .group(group_id)
            .await?
            .filter(|g| g.settings.admits(code))
            .ok_or(Error::NotFound("group"))?;
        let member = self
            .admit(&mut tx, &group, account_id, Role::Member)
            .await?;
        tx.commit().await?;
        Ok(member)
    }

    /// Invites a person by email (admins). The token goes to the invitee; only its hash is kept.
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
        let mut tx = self.write().await?;
        let (group, admin) = membership(&mut tx, group_id, account_id, Clearance::Admin).await?;
        if let Some(account) = tx.account_by_email(&new.email).await? {
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
        let token = self.ids.new_token()?;
        let invitation = Invitation {
            id: InvitationId::from_uuid(self.ids.new_id()),
            group_id: group.id,
            email: new.email,
            role: new.role.unwrap_or(Role::Member),
            token_hash: token.hash(),
            invited_by: admin.id,
            created_at: self.clock.now(),
            accepted_at: None,
        };
        tx.insert_invitation(&invitation).await?;
        tx.commit().await?;
        Ok((invitation, token))
    }

    /// Accepts an invitation sent to the caller's email address.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the token is unknown or was sent to another address;
    /// [`Error::Conflict`] when it was used or has expired, or the caller is already a member.
    #[tracing::instrument(skip_all)]
    pub async fn accept_invitation(
        &self,
        account_id: AccountId,
        token: &SecretToken,
    ) -> Result<Membership> {
        let now = self.clock.now();
        let mut tx = self.write().await?;
        let account = tx
            .account(account_id)
            .await?
            .ok_or(Error::Unauthenticated)?;
        let invitation = tx
            .invitation(&token.hash())
            .await?
            .filter(|i| i.email.key() == account.email.key())
            .ok_or(Error::NotFound("invitation"))?;
        if invitation.accepted_at.is_some() {
            return Err(Error::conflict(
                ConflictReason::WrongState,
                "this invitation has already been used",
            ));
        }
        if invitation.has_expired(now) {
            return Err(Error::conflict(
                ConflictReason::Expired,
                "this invitation has expired: ask for a new one",
            ));
        }
        let group = tx
            .group(invitation.group_id)
            .await?
            .ok_or(Error::NotFound("invitation"))?;
        let member = self
            .admit(&mut tx, &group, account_id, invitation.role)
            .await?;
        tx.update_invitation(&Invitation {
            accepted_at: Some(now),
            ..invitation
        })
        .await?;
        tx.commit().await?;
        Ok(Membership {
            group: hide_join_code_from(group, &member),
            member,
        })
    }

    /// Makes the account an active member with `role`: a new membership, or the old one renewed
    /// for someone who left.
    async fn admit(
        &self,
        tx: &mut Tx<E>,
        group: &Group,
        account_id: AccountId,
        role: Role,
    ) -> Result<Member> {
        let account = tx
            .account(account_id)
            .await?
            .ok_or(Error::Unauthenticated)?;
        let now = self.clock.now();
        match tx.member_of(group.id, account_id).await? {
            None => {
                let member = Member::joining(
                    MemberId::from_uuid(self.ids.new_id()),
                    group.id,
                    &account,
                    role,
                    now,
                );
                tx.insert_member(&member).await?;
                Ok(member)
            }
            Some(m) if matches!(m.status, MemberStatus::Left | MemberStatus::Invited) => {
                let member = Member {
                    role,
                    status: MemberStatus::Active,
                    version: m.version.next(),
                    ..m
                };
                tx.update_member(&member).await?;
                Ok(member)
            }
            Some(m) if m.status == MemberStatus::Suspended => Err(Error::Suspended),
            Some(_) => Err(Error::conflict(
                ConflictReason::Duplicate,
                "you are already a member of this group",
            )),
        }
    }

    /// The group's members, a page at a time (admins).
    ///
    /// # Errors
    /// The errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn list_members(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        page: PageRequest,
    ) -> Result<Page<Member>> {
        let mut tx = self.read().await?;
        membership(&mut tx, group_id, account_id, Clearance::Admin).await?;
        let members = tx.members(group_id, page).await?;
        Ok(Page::from_fetched(members, &page, |m| m.id.as_uuid()))
    }

    /// Changes a member's role or status (admins). Each change is audited; suspending or removing
    /// a member ends their sessions. The group always keeps an active admin.
    ///
    /// # Errors
    /// [`Error::NotFound`] for a member of another group, [`Error::Conflict`] when the change would
    /// leave no active admin or the version is stale, [`Error::Invalid`] for `invited`.
    #[tracing::instrument(skip_all)]
    pub async fn update_member(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        member_id: MemberId,
        changes: MemberChanges,
    ) -> Result<Member> {
        let mut tx = self.write().await?;
        let (_, admin) = membership(&mut tx, group_id, account_id, Clearance::Admin).await?;
        changes.check()?;
        let member = tx
            .member(group_id, member_id)
            .await?
            .ok_or(Error::NotFound("member"))?;
        check_version(changes.version, member.version)?;
        let updated = Member {
            role: changes.role.unwrap_or(member.role),
            status: changes.status.unwrap_or(member.status),
            version: member.version.next(),
            ..member.clone()
        };
        if member.is_active_admin()
            && !updated.is_active_admin()
            && tx.count_active_admins(group_id).await? <= 1
        {
            return Err(Error::conflict(
                ConflictReason::LastAdmin,
                "a group must keep at least one active admin",
            ));
        }
        let now = self.clock.now();
        let audit = |action| AuditEvent {
            id: AuditEventId::from_uuid(self.ids.new_id()),
            group_id,
            actor: Actor::Member(admin.id),
            at: now,
            action,
        };
        let mut events = Vec::new();
        if updated.role != member.role {
            events.push(audit(AuditAction::RoleChanged {
                subject_id: member.id,
                from: member.role,
                to: updated.role,
            }));
        }
        if updated.status != member.status {
            events.push(audit(AuditAction::StatusChanged {
                subject_id: member.id,
                from: member.status,
                to: updated.status,
            }));
        }
        tx.update_member(&updated).await?;
        for event in &events {
            tx.insert_audit_event(event).await?;
        }
        if updated.status != MemberStatus::Active && member.status == MemberStatus::Active {
            tx.delete_sessions_of(member.account_id).await?;
        }
        tx.commit().await?;
        Ok(updated)
    }

    /// The caller's own profile and standing in the group (a suspended member may read it).
    ///
    /// # Errors
    /// The errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn my_profile(&self, account_id: AccountId, group_id: GroupId) -> Result<MyProfile> {
        let mut tx = self.read().await?;
        let (group, member) = membership(&mut tx, group_id, account_id, Clearance::OwnData).await?;
        let offers = tx.offers_of(group_id, member.id).await?;
        let standing = Standing::of(&offers, group.settings.min_offers);
        Ok(MyProfile { member, standing })
    }

    /// Changes the caller's own live profile.
    ///
    /// # Errors
    /// [`Error::Invalid`] for an organisation of another group, [`Error::Stale`] for a stale
    /// version, and the errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn update_profile(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        changes: ProfileChanges,
    ) -> Result<MyProfile> {
        let mut tx = self.write().await?;
        let (group, member) = membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        check_version(changes.version, member.version)?;
        if let Some(Some(organisation_id)) = changes.organisation_id {
            if tx.organisation(group_id, organisation_id).await?.is_none() {
                return Err(InvalidValue::new(
                    "organisation_id",
                    "is not an organisation of this group",
                )
                .into());
            }
        }
        let updated = Member {
            profile: changes.applied_to(&member.profile),
            version: member.version.next(),
            ..member
        };
        tx.update_member(&updated).await?;
        let offers = tx.offers_of(group_id, updated.id).await?;
        tx.commit().await?;
        let standing = Standing::of(&offers, group.settings.min_offers);
        Ok(MyProfile {
            member: updated,
            standing,
        })
    }

    fn new_join_code(&self) -> Result<JoinCode> {
        Ok(JoinCode::from_random_bytes(self.ids.random_bytes()?))
    }
}
