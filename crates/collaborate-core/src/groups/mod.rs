//! Groups, their settings and their members: the unit of tenancy and who belongs to it.

mod creation;
pub(crate) mod invitations;
mod members;
pub(crate) mod use_cases;

pub use creation::{GroupCreators, MOST_FIRST_AREAS, check_first_areas};
pub use invitations::InvitationShown;
pub use members::*;
pub use use_cases::MyProfile;

use crate::audit::{GroupSetting, SettingChange};
use crate::error::{ConflictReason, Error, PortError};
use crate::paging::PageRequest;
use crate::taxonomy::NewArea;
use crate::values::{
    AccountId, ApproximatePosition, Bio, DailyRequestCap, DisplayName, Email, ExpiryDays, GroupId,
    GroupName, GrowthMode, InvalidValue, InvitationId, JobTitle, JoinCode, Location, MemberId,
    MemberStatus, MinOffers, Modes, NotificationPreference, OpenRequestCap, OrganisationId,
    PeerAssistDaysAhead, Phone, Role, Slug, TokenHash, Version, VideoLink,
};
use async_trait::async_trait;
use time::{Duration, OffsetDateTime};

/// How a person comes into a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Admission {
    /// With the group's join code.
    Code,
    /// With an invitation made for them.
    Invitation,
}

/// A private community: nothing of one group is ever visible from another.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Its id.
    pub id: GroupId,
    /// Its name.
    pub name: GroupName,
    /// Its name in URL form.
    pub slug: Slug,
    /// How it grows.
    pub growth_mode: GrowthMode,
    /// Its rules' parameters.
    pub settings: GroupSettings,
    /// Counts edits, for stale-edit detection.
    pub version: Version,
    /// When it was created.
    pub created_at: OffsetDateTime,
}

impl Group {
    /// What differs in `after`, this group changed: its name and each setting, as the trail
    /// names them, from and to — a join code's change without its values.
    pub fn changes_to(&self, after: &Self) -> Vec<SettingChange> {
        let (a, b) = (&self.settings, &after.settings);
        let shown = |setting, from: String, to: String| {
            (from != to).then_some(SettingChange {
                setting,
                from: Some(from),
                to: Some(to),
            })
        };
        let number = |n: u32| n.to_string();
        [
            shown(
                GroupSetting::Name,
                self.name.to_string(),
                after.name.to_string(),
            ),
            shown(
                GroupSetting::MinOffers,
                number(a.min_offers.get()),
                number(b.min_offers.get()),
            ),
            shown(
                GroupSetting::RequestExpiryDays,
                number(a.request_expiry_days.get()),
                number(b.request_expiry_days.get()),
            ),
            shown(
                GroupSetting::PeerAssistMinDaysAhead,
                number(a.peer_assist_min_days_ahead.get()),
                number(b.peer_assist_min_days_ahead.get()),
            ),
            shown(
                GroupSetting::MaxOpenRequests,
                number(a.max_open_requests.get()),
                number(b.max_open_requests.get()),
            ),
            shown(
                GroupSetting::MaxRequestsPerDay,
                number(a.max_requests_per_day.get()),
                number(b.max_requests_per_day.get()),
            ),
            (a.join_code != b.join_code).then_some(SettingChange {
                setting: GroupSetting::JoinCode,
                from: None,
                to: None,
            }),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// The parameters of a group's rules.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSettings {
    /// Qualifying offers needed to seek help.
    pub min_offers: MinOffers,
    /// Days after which an unanswered request expires.
    pub request_expiry_days: ExpiryDays,
    /// How far ahead a Peer Assist must be dated.
    pub peer_assist_min_days_ahead: PeerAssistDaysAhead,
    /// How many requests a member may have open at once.
    pub max_open_requests: OpenRequestCap,
    /// How many requests a member may send in a day.
    pub max_requests_per_day: DailyRequestCap,
    /// The code that lets people join by themselves; organic groups only.
    pub join_code: Option<JoinCode>,
}

impl GroupSettings {
    /// The default settings, with `join_code` for an organic group and none for a systemic one.
    pub fn defaults_for(growth_mode: GrowthMode, join_code: JoinCode) -> Self {
        Self {
            min_offers: MinOffers::default(),
            request_expiry_days: ExpiryDays::default(),
            peer_assist_min_days_ahead: PeerAssistDaysAhead::default(),
            max_open_requests: OpenRequestCap::default(),
            max_requests_per_day: DailyRequestCap::default(),
            join_code: (growth_mode == GrowthMode::Organic).then_some(join_code),
        }
    }

    /// Checks the settings fit the growth mode: people join a systemic group only by invitation.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `join_code` when a systemic group would have one.
    pub fn check_for(&self, growth_mode: GrowthMode) -> Result<(), InvalidValue> {
        if growth_mode == GrowthMode::Systemic && self.join_code.is_some() {
            return Err(InvalidValue::new(
                "join_code",
                "a systemic group is joined by invitation only, so it has no join code",
            ));
        }
        Ok(())
    }

    /// Refuses a request beyond the group's limits, given what the seeker already asked.
    ///
    /// # Errors
    /// [`Error::Conflict`] with [`ConflictReason::LimitReached`] naming the limit.
    pub fn allow_request(&self, load: SeekerLoad) -> Result<(), Error> {
        let reached = |what: String| Err(Error::conflict(ConflictReason::LimitReached, what));
        if load.open >= self.max_open_requests.get() {
            return reached(format!(
                "you have {} open requests, the most this group allows: wait for answers or cancel one",
                load.open
            ));
        }
        if load.sent_today >= self.max_requests_per_day.get() {
            return reached(format!(
                "you sent {} requests in the last day, the most this group allows: try again tomorrow",
                load.sent_today
            ));
        }
        Ok(())
    }

    /// Whether `code` opens this group.
    pub fn admits(&self, code: &JoinCode) -> bool {
        self.join_code.as_ref() == Some(code)
    }
}

/// What a seeker has already asked of a group: the limits are checked against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SeekerLoad {
    /// Their requests open now (pending and unexpired, or accepted).
    pub open: u32,
    /// Their requests made in the last day, whatever became of them.
    pub sent_today: u32,
}

/// What creating a group asks for.
#[derive(Debug, Clone)]
pub struct NewGroup {
    /// Its name.
    pub name: GroupName,
    /// How it grows.
    pub growth_mode: GrowthMode,
    /// Settings to use instead of the defaults.
    pub settings: SettingsChanges,
    /// The areas it starts with, made with it (at most [`MOST_FIRST_AREAS`], each named once).
    pub areas: Vec<NewArea>,
}

/// Changes to a group's settings; `None` leaves a setting as it is.
#[derive(Debug, Clone, Default)]
pub struct SettingsChanges {
    /// New threshold of contributor standing.
    pub min_offers: Option<MinOffers>,
    /// New request expiry.
    pub request_expiry_days: Option<ExpiryDays>,
    /// New Peer Assist notice.
    pub peer_assist_min_days_ahead: Option<PeerAssistDaysAhead>,
    /// New limit on open requests per member.
    pub max_open_requests: Option<OpenRequestCap>,
    /// New limit on requests a day per member.
    pub max_requests_per_day: Option<DailyRequestCap>,
    /// `Some(None)` removes the join code, `Some(Some(code))` sets it.
    pub join_code: Option<Option<JoinCode>>,
}

impl SettingsChanges {
    /// The fewest characters of a join code an admin chooses: a shorter one can be guessed.
    pub const SHORTEST_CHOSEN_CODE: usize = 8;

    /// Checks what an admin chose.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `settings.join_code` shorter than
    /// [`SettingsChanges::SHORTEST_CHOSEN_CODE`].
    pub fn check(&self) -> Result<(), InvalidValue> {
        if let Some(Some(code)) = &self.join_code {
            if code.as_str().len() < Self::SHORTEST_CHOSEN_CODE {
                return Err(InvalidValue::new(
                    "settings.join_code",
                    format!(
                        "must be at least {} characters: a shorter code can be guessed",
                        Self::SHORTEST_CHOSEN_CODE
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The settings with these changes made.
    pub fn applied_to(&self, settings: &GroupSettings) -> GroupSettings {
        GroupSettings {
            min_offers: self.min_offers.unwrap_or(settings.min_offers),
            request_expiry_days: self
                .request_expiry_days
                .unwrap_or(settings.request_expiry_days),
            peer_assist_min_days_ahead: self
                .peer_assist_min_days_ahead
                .unwrap_or(settings.peer_assist_min_days_ahead),
            max_open_requests: self.max_open_requests.unwrap_or(settings.max_open_requests),
            max_requests_per_day: self
                .max_requests_per_day
                .unwrap_or(settings.max_requests_per_day),
            join_code: self
                .join_code
                .clone()
                .unwrap_or_else(|| settings.join_code.clone()),
        }
    }
}

/// Changes to a group, by an admin.
#[derive(Debug, Clone, Default)]
pub struct GroupChanges {
    /// A new name (the slug follows).
    pub name: Option<GroupName>,
    /// New settings.
    pub settings: SettingsChanges,
    /// The version the admin edited; a stale one is refused.
    pub version: Option<Version>,
}

/// The group as `viewer` may see it: the join code is for admins to hand out, so only active
/// admins see it.
pub fn hide_join_code_from(mut group: Group, viewer: &Member) -> Group {
    if !viewer.is_active_admin() {
        group.settings.join_code = None;
    }
    group
}

/// One of the caller's groups, with their membership in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Membership {
    /// The group (its join code shown only to admins).
    pub group: Group,
    /// The caller's membership.
    pub member: Member,
}

/// An admin's invitation of a person (by email) into a group.
#[derive(Debug, Clone, PartialEq)]
pub struct Invitation {
    /// Its id.
    pub id: InvitationId,
    /// The group.
    pub group_id: GroupId,
    /// Who is invited: only the account with this address may accept.
    pub email: Email,
    /// The role they will have.
    pub role: Role,
    /// The hash of the token sent to them.
    pub token_hash: TokenHash,
    /// The admin who invited them.
    pub invited_by: MemberId,
    /// When.
    pub created_at: OffsetDateTime,
    /// When it was accepted, if it was.
    pub accepted_at: Option<OffsetDateTime>,
    /// When it was withdrawn — by an admin, by its issuer ceasing to be an admin, or by the
    /// removal of the person invited — if it was.
    pub revoked_at: Option<OffsetDateTime>,
}

impl Invitation {
    /// How long an invitation stays open.
    pub const LIFETIME: Duration = Duration::days(14);

    /// When it can no longer be accepted because it is too old.
    pub fn expires_at(&self) -> OffsetDateTime {
        self.created_at + Self::LIFETIME
    }

    /// Whether it can no longer be accepted because it is too old.
    pub fn has_expired(&self, now: OffsetDateTime) -> bool {
        now >= self.expires_at()
    }

    /// Whether it can still be accepted: neither used, withdrawn nor expired.
    pub fn is_pending(&self, now: OffsetDateTime) -> bool {
        self.accepted_at.is_none() && self.revoked_at.is_none() && !self.has_expired(now)
    }

    /// The same invitation, withdrawn at `now`.
    #[must_use]
    pub fn revoked(self, now: OffsetDateTime) -> Self {
        Self {
            revoked_at: Some(now),
            ..self
        }
    }
}

/// What an invitation asks for.
#[derive(Debug, Clone)]
pub struct NewInvitation {
    /// Whom to invite.
    pub email: Email,
    /// As what; a member unless said otherwise.
    pub role: Option<Role>,
}

/// Groups and their members, as one part of a [`Transaction`].
///
/// [`Transaction`]: crate::ports::Transaction
#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait Groups: Send {
    /// Adds a group.
    async fn insert_group(&mut self, group: &Group) -> Result<(), PortError>;

    /// The group with this id.
    async fn group(&mut self, id: GroupId) -> Result<Option<Group>, PortError>;

    /// Replaces a group.
    async fn update_group(&mut self, group: &Group) -> Result<(), PortError>;

    /// Every group the account has a membership of (any status), with that membership, by group id.
    async fn memberships_of(
        &mut self,
        account_id: AccountId,
    ) -> Result<Vec<(Group, Member)>, PortError>;

    /// The account's membership of the group, any status.
    async fn member_of(
        &mut self,
        group_id: GroupId,
        account_id: AccountId,
    ) -> Result<Option<Member>, PortError>;

    /// The memberships of the group these accounts have, any status, in any order: a store may
    /// read them together.
    async fn members_of_accounts(
        &mut self,
        group_id: GroupId,
        account_ids: &[AccountId],
    ) -> Result<Vec<Member>, PortError> {
        let mut found = Vec::new();
        for account_id in account_ids {
            found.extend(self.member_of(group_id, *account_id).await?);
        }
        Ok(found)
    }

    /// The member with this id in the group.
    async fn member(
        &mut self,
        group_id: GroupId,
        id: MemberId,
    ) -> Result<Option<Member>, PortError>;

    /// Adds a member; `Duplicate("a membership of this group")` when the account already has one.
    async fn insert_member(&mut self, member: &Member) -> Result<(), PortError>;

    /// Adds members, as [`Groups::insert_member`] adds each: a store may write them together.
    async fn insert_members(&mut self, members: &[Member]) -> Result<(), PortError> {
        for member in members {
            self.insert_member(member).await?;
        }
        Ok(())
    }

    /// Replaces a member.
    async fn update_member(&mut self, member: &Member) -> Result<(), PortError>;

    /// Members of the group that `filter` admits ([`MemberFilter::admits`]), in id order, after
    /// the page's cursor, at most `page.fetch_size()`.
    async fn members(
        &mut self,
        group_id: GroupId,
        filter: &MemberFilter,
        page: PageRequest,
    ) -> Result<Vec<Member>, PortError>;

    /// Holds the group's row until the transaction ends, so that two transactions checking a
    /// rule over the whole group (it keeps an active admin) run one after the other.
    async fn lock_group(&mut self, group_id: GroupId) -> Result<(), PortError>;

    /// Holds the member's row until the transaction ends, so that one member's concurrent
    /// requests, offers or needs are checked against their limits one after the other.
    async fn lock_member(&mut self, group_id: GroupId, id: MemberId) -> Result<(), PortError>;

    /// How many active admins the group has.
    async fn count_active_admins(&mut self, group_id: GroupId) -> Result<u32, PortError>;

    /// The group's active admins, in id order.
    async fn active_admins(&mut self, group_id: GroupId) -> Result<Vec<Member>, PortError>;

    /// The groups with this slug (slugs may repeat), by id.
    async fn groups_with_slug(&mut self, slug: &Slug) -> Result<Vec<Group>, PortError>;
}

/// Invitations to a group, as one part of a [`Transaction`].
///
/// [`Transaction`]: crate::ports::Transaction
#[async_trait]
pub trait Invitations: Send {
    /// Adds an invitation.
    async fn insert_invitation(&mut self, invitation: &Invitation) -> Result<(), PortError>;

    /// Adds invitations, as [`Groups::insert_invitation`] adds each: a store may write them
    /// together.
    async fn insert_invitations(&mut self, invitations: &[Invitation]) -> Result<(), PortError> {
        for invitation in invitations {
            self.insert_invitation(invitation).await?;
        }
        Ok(())
    }

    /// The invitation whose token has this hash, in any group.
    async fn invitation(&mut self, token_hash: &TokenHash)
    -> Result<Option<Invitation>, PortError>;

    /// The invitation with this id in the group.
    async fn invitation_in(
        &mut self,
        group_id: GroupId,
        id: InvitationId,
    ) -> Result<Option<Invitation>, PortError>;

    /// The group's invitations still pending at `now` (neither accepted, withdrawn nor
    /// expired), in id order: at most two weeks' worth.
    async fn pending_invitations(
        &mut self,
        group_id: GroupId,
        now: OffsetDateTime,
    ) -> Result<Vec<Invitation>, PortError>;

    /// Replaces an invitation.
    async fn update_invitation(&mut self, invitation: &Invitation) -> Result<(), PortError>;

    /// Every invitation addressed to `email` (compared by [`Email::key`]), in any group and
    /// state, oldest first.
    async fn invitations_to(&mut self, email: &Email) -> Result<Vec<Invitation>, PortError>;

    /// Deletes an invitation (its addressee's account is being erased).
    async fn delete_invitation(&mut self, id: InvitationId) -> Result<(), PortError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code() -> JoinCode {
        JoinCode::parse("SPRING26").unwrap()
    }

    #[test]
    fn an_organic_group_starts_with_a_join_code_and_a_systemic_one_without() {
        assert_eq!(
            GroupSettings::defaults_for(GrowthMode::Organic, code()).join_code,
            Some(code())
        );
        assert_eq!(
            GroupSettings::defaults_for(GrowthMode::Systemic, code()).join_code,
            None
        );
    }

    #[test]
    fn a_systemic_group_may_not_have_a_join_code() {
        let settings = GroupSettings::defaults_for(GrowthMode::Organic, code());
        assert!(settings.check_for(GrowthMode::Organic).is_ok());
        let error = settings.check_for(GrowthMode::Systemic).unwrap_err();
        assert_eq!(error.field(), "join_code");
    }

    #[test]
    fn a_join_code_admits_only_itself() {
        let settings = GroupSettings::defaults_for(GrowthMode::Organic, code());
        assert!(settings.admits(&JoinCode::parse("spring26").unwrap()));
        assert!(!settings.admits(&JoinCode::parse("AUTUMN26").unwrap()));
    }

    #[test]
    fn settings_changes_touch_only_what_they_name() {
        let settings = GroupSettings::defaults_for(GrowthMode::Organic, code());
        let changes = SettingsChanges {
            min_offers: Some(MinOffers::new(5).unwrap()),
            join_code: Some(None),
            ..SettingsChanges::default()
        };
        let changed = changes.applied_to(&settings);
        assert_eq!(changed.min_offers.get(), 5);
        assert_eq!(changed.join_code, None);
        assert_eq!(changed.request_expiry_days, settings.request_expiry_days);
    }

    #[rstest::rstest]
    #[case::active_admin(Role::Admin, MemberStatus::Active, true)]
    #[case::suspended_admin(Role::Admin, MemberStatus::Suspended, false)]
    #[case::member(Role::Member, MemberStatus::Active, false)]
    fn only_an_active_admin_sees_the_join_code(
        #[case] role: Role,
        #[case] status: MemberStatus,
        #[case] sees: bool,
    ) {
        let uuid = uuid::Uuid::from_u128;
        let account = crate::accounts::Account {
            id: AccountId::from_uuid(uuid(1)),
            email: Email::parse("ada@example.org").unwrap(),
            display_name: DisplayName::parse("Ada").unwrap(),
            password_hash: None,
            language: None,
            created_at: OffsetDateTime::UNIX_EPOCH,
            preloaded_by: None,
            address_confirmed_at: None,
        };
        let group = Group {
            id: GroupId::from_uuid(uuid(2)),
            name: GroupName::parse("Leeds schools").unwrap(),
            slug: Slug::parse("leeds-schools").unwrap(),
            growth_mode: GrowthMode::Organic,
            settings: GroupSettings::defaults_for(GrowthMode::Organic, code()),
            version: Version::FIRST,
            created_at: OffsetDateTime::UNIX_EPOCH,
        };
        let viewer = Member {
            status,
            ..Member::joining(
                MemberId::from_uuid(uuid(3)),
                group.id,
                &account,
                role,
                OffsetDateTime::UNIX_EPOCH,
            )
        };
        let seen = hide_join_code_from(group, &viewer);
        assert_eq!(seen.settings.join_code.is_some(), sees);
    }

    #[rstest::rstest]
    #[case::restore_suspended(
        MemberStatus::Suspended,
        Some(MemberStatus::Active),
        None,
        false,
        true
    )]
    #[case::promote_active(MemberStatus::Active, None, Some(Role::Admin), false, true)]
    #[case::publish_invited(MemberStatus::Invited, Some(MemberStatus::Active), None, false, false)]
    #[case::bring_back_left(MemberStatus::Left, Some(MemberStatus::Active), None, false, false)]
    #[case::promote_invited(MemberStatus::Invited, None, Some(Role::Admin), false, false)]
    #[case::remove_invited(MemberStatus::Invited, Some(MemberStatus::Removed), None, false, true)]
    #[case::anything_erased(MemberStatus::Left, Some(MemberStatus::Removed), None, true, false)]
    fn only_a_member_in_the_group_takes_a_new_role_or_status_from_an_admin(
        #[case] now: MemberStatus,
        #[case] status: Option<MemberStatus>,
        #[case] role: Option<Role>,
        #[case] erased: bool,
        #[case] allowed: bool,
    ) {
        let account = crate::accounts::Account {
            id: AccountId::from_uuid(uuid::Uuid::from_u128(1)),
            email: Email::parse("ada@example.org").unwrap(),
            display_name: DisplayName::parse("Ada").unwrap(),
            password_hash: None,
            language: None,
            created_at: OffsetDateTime::UNIX_EPOCH,
            preloaded_by: None,
            address_confirmed_at: None,
        };
        let member = Member {
            status: now,
            ..Member::joining(
                MemberId::from_uuid(uuid::Uuid::from_u128(3)),
                GroupId::from_uuid(uuid::Uuid::from_u128(2)),
                &account,
                Role::Member,
                OffsetDateTime::UNIX_EPOCH,
            )
        };
        let changes = MemberChanges {
            role,
            status,
            version: None,
        };
        assert_eq!(changes.check_for(&member, erased).is_ok(), allowed);
    }

    #[test]
    fn an_admin_cannot_set_a_member_back_to_invited() {
        let changes = MemberChanges {
            status: Some(MemberStatus::Invited),
            ..Default::default()
        };
        assert_eq!(changes.check().unwrap_err().field(), "status");
    }
}
