//! Groups and membership: creating and configuring a group, joining it by code or invitation,
//! admins managing members, and each member's live profile.

use crate::accounts::Accounts as _;
use crate::accounts::signing_in::memberships_of;
use crate::app::{Clearance, Collaborate, check_version, every_page, membership};
use crate::audit::AuditAction;
use crate::error::{ConflictReason, Error, Result};
use crate::groups::invitations::{Withdrawn, withdraw_invitations};
use crate::groups::{
    Admission, Group, GroupChanges, GroupSettings, Groups as _, Member, MemberChanges,
    MemberFilter, MemberListing, Membership, NewGroup, ProfileChanges, check_first_areas,
    hide_join_code_from,
};
use crate::notifications::use_cases::tell_other_side;
use crate::offers::{Need, Offer, OffersAndNeeds as _, Standing};
use crate::paging::{Page, PageRequest};
use crate::ports::{Clock, Environment, IdSource, Transaction, Tx};
use crate::requests::{Requests, Side, SupportRequest};
use crate::taxonomy::{Area, Taxonomy as _};
use crate::values::{
    AccountId, AreaId, Email, GroupId, GroupName, InvalidValue, JoinCode, MemberId, MemberStatus,
    NeedStatus, OfferStatus, RequestStatus, Role, Slug, Version,
};
use std::collections::HashMap;
use time::OffsetDateTime;

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
    /// [`Error::Invalid`] for settings that do not fit the growth mode or first areas named
    /// twice; [`Error::Unauthenticated`] when the account no longer exists;
    /// [`Error::AddressUnconfirmed`] when addresses are checked and the caller's is not
    /// confirmed; [`Error::Forbidden`] for one the operator did not name as a creator.
    #[tracing::instrument(skip_all)]
    pub async fn create_group(&self, account_id: AccountId, new: NewGroup) -> Result<Membership> {
        new.settings.check()?;
        check_first_areas(&new.areas)?;
        let defaults = GroupSettings::defaults_for(new.growth_mode, self.new_join_code()?);
        let settings = new.settings.applied_to(&defaults);
        settings.check_for(new.growth_mode)?;
        let mut tx = self.write().await?;
        let account = tx
            .account(account_id)
            .await?
            .ok_or(Error::Unauthenticated)?;
        self.addresses.require_confirmed(&account)?;
        self.group_creators.check(&account)?;
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
        for first in new.areas {
            let area = Area {
                id: AreaId::from_uuid(self.ids.new_id()),
                group_id: group.id,
                name: first.name,
                description: first.description,
                aspects: first.aspects,
                archived: false,
                version: Version::FIRST,
            };
            tx.insert_area(&area).await?;
        }
        tx.commit().await?;
        Ok(Membership { group, member })
    }

    /// Whether the caller may create groups on this exchange.
    ///
    /// # Errors
    /// [`Error::Unauthenticated`] when the account no longer exists.
    #[tracing::instrument(skip_all)]
    pub async fn may_create_groups(&self, account_id: AccountId) -> Result<bool> {
        let mut tx = self.read().await?;
        let account = tx
            .account(account_id)
            .await?
            .ok_or(Error::Unauthenticated)?;
        Ok(self.group_creators.admit(&account))
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

    /// One group and all its settings, as its admins manage it.
    ///
    /// # Errors
    /// [`Error::Forbidden`] unless the caller is an active admin; the errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn group_to_manage(&self, account_id: AccountId, group_id: GroupId) -> Result<Group> {
        let mut tx = self.read().await?;
        let (group, _) = membership(&mut tx, group_id, account_id, Clearance::Admin).await?;
        Ok(group)
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
        let (group, admin) = membership(&mut tx, group_id, account_id, Clearance::Admin).await?;
        check_version(changes.version, group.version)?;
        changes.settings.check()?;
        let settings = changes.settings.applied_to(&group.settings);
        settings.check_for(group.growth_mode)?;
        let name = changes.name.unwrap_or(group.name.clone());
        let updated = Group {
            slug: Slug::from_name(&name),
            name,
            settings,
            version: group.version.next(),
            ..group.clone()
        };
        tx.update_group(&updated).await?;
        let changed = group.changes_to(&updated);
        if !changed.is_empty() {
            let at = self.clock.now();
            let action = AuditAction::GroupChanged { changed };
            self.record(&mut tx, group.id, admin.id, at, action).await?;
        }
        tx.commit().await?;
        Ok(updated)
    }

    /// Joins a group with its join code. A member who left may come back this way; one an admin
    /// removed may not.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the group does not exist or the code does not open it (the same
    /// answer, so codes cannot be probed); [`Error::Conflict`] when already a member;
    /// [`Error::Suspended`] for a suspended member; [`Error::Forbidden`] for a removed one;
    /// [`Error::AddressUnconfirmed`] when addresses are checked and the caller's is not
    /// confirmed.
    #[tracing::instrument(skip_all)]
    pub async fn join_by_code(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        code: &JoinCode,
    ) -> Result<Member> {
        let mut tx = self.write().await?;
        // Before the code is looked at, so an unconfirmed account learns nothing of codes.
        self.check_address(&mut tx, account_id).await?;
        let group = tx
            .group(group_id)
            .await?
            .filter(|g| g.settings.admits(code))
            .ok_or(Error::NotFound("group"))?;
        let member = self
            .admit(&mut tx, &group, account_id, Role::Member, Admission::Code)
            .await?;
        tx.commit().await?;
        Ok(member)
    }

    /// The name of the group a join link leads to, for its page to say what one joins: only
    /// with the group's current join code, so a link names nothing a code would not open.
    /// Adapters count a wrong code as an attempt, as for joining.
    ///
    /// # Errors
    /// [`Error::NotFound`] for a group that this code does not open.
    #[tracing::instrument(skip_all)]
    pub async fn group_opened_by(&self, group_id: GroupId, code: &JoinCode) -> Result<GroupName> {
        let mut tx = self.read().await?;
        tx.group(group_id)
            .await?
            .filter(|g| g.settings.admits(code))
            .map(|g| g.name)
            .ok_or(Error::NotFound("group"))
    }

    /// Makes the account an active member with `role`: a new membership, or the old one renewed
    /// for someone who left — or, through an invitation, someone an admin removed (invitations
    /// made before the removal were withdrawn by it).
    pub(crate) async fn admit(
        &self,
        tx: &mut Tx<E>,
        group: &Group,
        account_id: AccountId,
        role: Role,
        admission: Admission,
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
            Some(m) if m.status == MemberStatus::Removed && admission == Admission::Code => Err(
                Error::Forbidden("an admin removed you from this group: ask them to invite you"),
            ),
            Some(m)
                if matches!(
                    m.status,
                    MemberStatus::Left | MemberStatus::Invited | MemberStatus::Removed
                ) =>
            {
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

    /// The group's members that `filter` admits, a page at a time (admins).
    ///
    /// # Errors
    /// The errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn list_members(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        filter: &MemberFilter,
        page: PageRequest,
    ) -> Result<Page<MemberListing>> {
        let mut tx = self.read().await?;
        membership(&mut tx, group_id, account_id, Clearance::Admin).await?;
        let members = tx.members(group_id, filter, page).await?;
        let ids: Vec<AccountId> = members.iter().map(|m| m.account_id).collect();
        let emails: HashMap<AccountId, Email> = tx
            .accounts(&ids)
            .await?
            .into_iter()
            .map(|a| (a.id, a.email))
            .collect();
        let listings = members
            .iter()
            .filter_map(|m| Some(MemberListing::of(m, emails.get(&m.account_id)?.clone())))
            .collect();
        Ok(Page::from_fetched(listings, &page, |m| m.id.as_uuid()))
    }

    /// One member of the group as the members list shows them (admins).
    ///
    /// # Errors
    /// [`Error::NotFound`] for a member of another group, and the errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn member_listing(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        member_id: MemberId,
    ) -> Result<MemberListing> {
        let mut tx = self.read().await?;
        membership(&mut tx, group_id, account_id, Clearance::Admin).await?;
        let member = tx
            .member(group_id, member_id)
            .await?
            .ok_or(Error::NotFound("member"))?;
        let account = tx
            .account(member.account_id)
            .await?
            .ok_or(Error::NotFound("member"))?;
        Ok(MemberListing::of(&member, account.email))
    }

    /// Changes a member's role or status (admins). Each change is audited; suspending or removing
    /// a member stops them in this group at once (every call checks the membership), and ends
    /// nothing of theirs in other groups; removing them withdraws invitations addressed to them; an
    /// admin who stops being one takes their pending invitations with them. The group always
    /// keeps an active admin, however many admins change at once.
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
    ) -> Result<MemberListing> {
        let mut tx = self.write().await?;
        let (_, admin) = membership(&mut tx, group_id, account_id, Clearance::Admin).await?;
        changes.check()?;
        tx.lock_group(group_id).await?;
        let member = tx
            .member(group_id, member_id)
            .await?
            .ok_or(Error::NotFound("member"))?;
        check_version(changes.version, member.version)?;
        let erased = tx
            .account(member.account_id)
            .await?
            .is_none_or(|a| a.is_erased());
        changes.check_for(&member, erased)?;
        let role = changes.role.unwrap_or(member.role);
        let status = changes.status.unwrap_or(member.status);
        let updated = self
            .change_member(&mut tx, admin.id, member, role, status)
            .await?;
        let account = tx
            .account(updated.account_id)
            .await?
            .ok_or(Error::NotFound("member"))?;
        tx.commit().await?;
        Ok(MemberListing::of(&updated, account.email))
    }

    /// Gives `member` a new role and status on behalf of `actor`, under a lock of the group
    /// already taken: the group keeps an active admin; each change is audited; an admin who
    /// stops being one takes their pending invitations with
    /// them; removal withdraws the invitations addressed to them.
    ///
    /// # Errors
    /// [`Error::Conflict`] `last_admin` when no active admin would be left.
    pub(crate) async fn change_member<T: Transaction>(
        &self,
        tx: &mut T,
        actor: MemberId,
        member: Member,
        role: Role,
        status: MemberStatus,
    ) -> Result<Member> {
        let group_id = member.group_id;
        let updated = Member {
            role,
            status,
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
        let mut changes = Vec::new();
        if updated.role != member.role {
            changes.push(AuditAction::RoleChanged {
                subject_id: member.id,
                from: member.role,
                to: updated.role,
            });
        }
        if updated.status != member.status {
            changes.push(AuditAction::StatusChanged {
                subject_id: member.id,
                from: member.status,
                to: updated.status,
            });
        }
        tx.update_member(&updated).await?;
        for action in changes {
            self.record(tx, group_id, actor, now, action).await?;
        }
        if member.is_active_admin() && !updated.is_active_admin() {
            withdraw_invitations(tx, group_id, Withdrawn::IssuedBy(&member), now).await?;
        }
        if updated.status == MemberStatus::Removed && member.status != MemberStatus::Removed {
            let account = tx
                .account(member.account_id)
                .await?
                .ok_or(Error::NotFound("member"))?;
            withdraw_invitations(tx, group_id, Withdrawn::AddressedTo(&account.email), now).await?;
        }
        Ok(updated)
    }

    /// The caller leaves the group: their offers are paused, their open needs withdrawn, their
    /// open requests closed (cancelled as seeker; declined or cancelled as helper), and they
    /// become `left`, which a join code or an invitation undoes. Audited. A suspended member
    /// may not leave (and so come back by the code), nor may the last active admin.
    ///
    /// # Errors
    /// [`Error::Conflict`] `last_admin` for the last active admin; the errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn leave_group(&self, account_id: AccountId, group_id: GroupId) -> Result<()> {
        let now = self.clock.now();
        let mut tx = self.write().await?;
        let (_, me) = membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        tx.lock_group(group_id).await?;
        if me.is_active_admin() && tx.count_active_admins(group_id).await? <= 1 {
            return Err(Error::conflict(
                ConflictReason::LastAdmin,
                "you are the group's last active admin: make someone else an admin first",
            ));
        }
        close_what_is_open(&mut tx, &self.ids, &me, now).await?;
        let left = Member {
            status: MemberStatus::Left,
            version: me.version.next(),
            ..me.clone()
        };
        tx.update_member(&left).await?;
        let left_group = AuditAction::StatusChanged {
            subject_id: me.id,
            from: me.status,
            to: MemberStatus::Left,
        };
        self.record(&mut tx, group_id, me.id, now, left_group)
            .await?;
        tx.commit().await?;
        Ok(())
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
        let member_contact = member.profile.contact.clone();
        let updated = Member {
            notifications: changes.notifications.unwrap_or(member.notifications),
            named_in_thanks: changes.named_in_thanks.unwrap_or(member.named_in_thanks),
            profile: changes.applied_to(&member.profile),
            version: member.version.next(),
            ..member
        };
        tx.update_member(&updated).await?;
        if updated.profile.contact != member_contact {
            self.reveal_new_contacts(&mut tx, &updated).await?;
        }
        let offers = tx.offers_of(group_id, updated.id).await?;
        tx.commit().await?;
        let standing = Standing::of(&offers, group.settings.min_offers);
        Ok(MyProfile {
            member: updated,
            standing,
        })
    }

    /// Records that `member`'s changed contact channels reach the other side of each of their
    /// open requests: those people see them from now on, so each is a reveal, audited.
    async fn reveal_new_contacts(&self, tx: &mut Tx<E>, member: &Member) -> Result<()> {
        let now = self.clock.now();
        for side in [Side::Seeker, Side::Helper] {
            for request in every_request(tx, member, side, None, now).await? {
                if !request.status.is_open() {
                    continue;
                }
                let viewer = request.counterpart_of(side);
                let revealed = AuditAction::ContactsRevealed {
                    request_id: request.id,
                    subject_id: member.id,
                };
                self.record(tx, member.group_id, viewer, now, revealed)
                    .await?;
            }
        }
        Ok(())
    }

    fn new_join_code(&self) -> Result<JoinCode> {
        Ok(JoinCode::from_random_bytes(self.ids.random_bytes()?))
    }
}

/// What a member leaving the group (or erasing their account) leaves behind closed: offers
/// paused, open needs withdrawn, open requests closed on both sides
/// ([`SupportRequest::close_on_leaving`]), an admin's pending invitations withdrawn, and a
/// safeguarding lead no longer named one (coming back does not make them one again).
///
/// [`SupportRequest::close_on_leaving`]: crate::requests::SupportRequest::close_on_leaving
pub(crate) async fn close_what_is_open<T: Transaction>(
    tx: &mut T,
    ids: &impl IdSource,
    me: &Member,
    now: OffsetDateTime,
) -> Result<()> {
    let group_id = me.group_id;
    for offer in tx.offers_of(group_id, me.id).await? {
        if offer.status == OfferStatus::Active {
            let paused = Offer {
                status: OfferStatus::Paused,
                version: offer.version.next(),
                ..offer
            };
            tx.update_offer(&paused).await?;
        }
    }
    for need in tx.needs_of(group_id, me.id).await? {
        if need.status == NeedStatus::Open {
            let withdrawn = Need {
                status: NeedStatus::Withdrawn,
                version: need.version.next(),
                ..need
            };
            tx.update_need(&withdrawn).await?;
        }
    }
    for side in [Side::Seeker, Side::Helper] {
        for status in [RequestStatus::Pending, RequestStatus::Accepted] {
            for mut request in every_request(tx, me, side, Some(status), now).await? {
                if request.close_on_leaving(side, now) {
                    tx.update_request(&request).await?;
                    tell_other_side(tx, ids, &request, side, now).await?;
                }
            }
        }
    }
    if me.role == Role::Admin {
        withdraw_invitations(tx, group_id, Withdrawn::IssuedBy(me), now).await?;
    }
    tx.set_named_lead(group_id, me.id, false).await?;
    Ok(())
}

/// Every request of `me` on `side` (in `status` at `now`, if given), page after page.
pub(crate) async fn every_request<T: Requests>(
    tx: &mut T,
    me: &Member,
    side: Side,
    status: Option<RequestStatus>,
    now: OffsetDateTime,
) -> Result<Vec<SupportRequest>> {
    Ok(every_page!(page => tx.requests_of(me.group_id, me.id, side, status, now, page)))
}
