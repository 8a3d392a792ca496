//! Members: a person's place in a group, their live profile, what an admin may change of it,
//! and what an admin sees of them.

use super::*;

/// An account inside one group.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Its id.
    pub id: MemberId,
    /// The group.
    pub group_id: GroupId,
    /// The person.
    pub account_id: AccountId,
    /// What they may do.
    pub role: Role,
    /// Where they stand.
    pub status: MemberStatus,
    /// What others see of them (and, for the two sides of a request, how to reach them).
    pub profile: Profile,
    /// How they hear of what concerns them here.
    pub notifications: NotificationPreference,
    /// Whether the group's admins may name them among the helpers to thank (their choice).
    pub named_in_thanks: bool,
    /// Counts edits, for stale-edit detection.
    pub version: Version,
    /// When they joined.
    pub joined_at: OffsetDateTime,
}

impl Member {
    /// A new active member with a profile started from the account.
    pub fn joining(
        id: MemberId,
        group_id: GroupId,
        account: &crate::accounts::Account,
        role: Role,
        now: OffsetDateTime,
    ) -> Self {
        Self {
            id,
            group_id,
            account_id: account.id,
            role,
            status: MemberStatus::Active,
            profile: Profile::starting_from(account),
            notifications: NotificationPreference::Immediate,
            named_in_thanks: true,
            version: Version::FIRST,
            joined_at: now,
        }
    }

    /// Whether this member is an active admin.
    pub fn is_active_admin(&self) -> bool {
        self.role == Role::Admin && self.is_active()
    }

    /// Whether this member takes part in the group now: only active members are found by searches
    /// and counted in summaries (suspended, invited and departed members are not).
    pub fn is_active(&self) -> bool {
        self.status == MemberStatus::Active
    }
}

/// A member's live profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// The name shown in this group.
    pub display_name: DisplayName,
    /// Their organisation in this group.
    pub organisation_id: Option<OrganisationId>,
    /// Their job title.
    pub job_title: Option<JobTitle>,
    /// A few words about them.
    pub bio: Option<Bio>,
    /// Where they are based (exact: shown to others only approximately).
    pub location: Option<Location>,
    /// How to reach them: only ever shown to the other side of a request.
    pub contact: ContactChannels,
    /// How they prefer to give and get help.
    pub preferred_modes: Modes,
}

impl Profile {
    /// A profile holding what the account already says: name and email.
    pub fn starting_from(account: &crate::accounts::Account) -> Self {
        Self {
            display_name: account.display_name.clone(),
            organisation_id: None,
            job_title: None,
            bio: None,
            location: None,
            contact: ContactChannels {
                email: Some(account.email.clone()),
                phone: None,
                video_link: None,
            },
            preferred_modes: Modes::default(),
        }
    }
}

/// How to reach a member.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ContactChannels {
    /// An email address for contact (may differ from the sign-in address).
    pub email: Option<Email>,
    /// A phone number.
    pub phone: Option<Phone>,
    /// A link to a video-call room.
    pub video_link: Option<VideoLink>,
}

/// Changes to one's own profile; `None` leaves a field as it is, `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct ProfileChanges {
    /// A new display name.
    pub display_name: Option<DisplayName>,
    /// Another organisation, or none.
    pub organisation_id: Option<Option<OrganisationId>>,
    /// Another job title, or none.
    pub job_title: Option<Option<JobTitle>>,
    /// Another bio, or none.
    pub bio: Option<Option<Bio>>,
    /// Another location, or none.
    pub location: Option<Option<Location>>,
    /// Another contact email, or none.
    pub contact_email: Option<Option<Email>>,
    /// Another phone number, or none.
    pub phone: Option<Option<Phone>>,
    /// Another video link, or none.
    pub video_link: Option<Option<VideoLink>>,
    /// Other preferred modes.
    pub preferred_modes: Option<Modes>,
    /// Another way of hearing of what happens (the member's, not the profile's: nobody else
    /// sees it).
    pub notifications: Option<NotificationPreference>,
    /// Whether admins may name them among the helpers to thank.
    pub named_in_thanks: Option<bool>,
    /// The version edited; a stale one is refused.
    pub version: Option<Version>,
}

impl ProfileChanges {
    /// The profile with these changes made.
    pub fn applied_to(self, profile: &Profile) -> Profile {
        let p = profile.clone();
        Profile {
            display_name: self.display_name.unwrap_or(p.display_name),
            organisation_id: self.organisation_id.unwrap_or(p.organisation_id),
            job_title: self.job_title.unwrap_or(p.job_title),
            bio: self.bio.unwrap_or(p.bio),
            location: self.location.unwrap_or(p.location),
            contact: ContactChannels {
                email: self.contact_email.unwrap_or(p.contact.email),
                phone: self.phone.unwrap_or(p.contact.phone),
                video_link: self.video_link.unwrap_or(p.contact.video_link),
            },
            preferred_modes: self.preferred_modes.unwrap_or(p.preferred_modes),
        }
    }
}

/// An admin's change of a member's role or status.
#[derive(Debug, Clone, Default)]
pub struct MemberChanges {
    /// A new role.
    pub role: Option<Role>,
    /// A new status: `active`, `suspended` or `removed`.
    pub status: Option<MemberStatus>,
    /// The version edited; a stale one is refused.
    pub version: Option<Version>,
}

impl MemberChanges {
    /// The statuses an admin may set: never `invited`, which only pre-loading sets, nor `left`,
    /// which only the member's own choice does.
    pub const STATUSES_ADMINS_SET: [MemberStatus; 3] = [
        MemberStatus::Active,
        MemberStatus::Suspended,
        MemberStatus::Removed,
    ];

    /// Checks the change is one an admin may make.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `status` when it would set `invited`, which only pre-loading
    /// does, or `left`, which only the member's own choice does.
    pub fn check(&self) -> Result<(), InvalidValue> {
        if self
            .status
            .is_some_and(|s| !Self::STATUSES_ADMINS_SET.contains(&s))
        {
            return Err(InvalidValue::new(
                "status",
                "may be set to active, suspended or removed (invited comes only from pre-loading, \
                 left only from the member's own choice)",
            ));
        }
        Ok(())
    }

    /// Checks an admin may make this change to `member`, whose account was erased when
    /// `erased`: nothing changes an erased member; only a member in the group (active or
    /// suspended) takes a new role or is restored or suspended, for a place is taken up only by
    /// its person (accepting an invitation, joining); one invited, who left or was removed can
    /// only be removed.
    ///
    /// # Errors
    /// [`Error::Conflict`] `wrong_state` otherwise.
    pub fn check_for(&self, member: &Member, erased: bool) -> Result<(), Error> {
        if erased {
            return Err(Error::conflict(
                ConflictReason::WrongState,
                "this member erased their account: nothing of theirs can change",
            ));
        }
        let in_the_group = matches!(
            member.status,
            MemberStatus::Active | MemberStatus::Suspended
        );
        let only_removed = self.role.is_none_or(|r| r == member.role)
            && self
                .status
                .is_none_or(|s| s == MemberStatus::Removed || s == member.status);
        if !in_the_group && !only_removed {
            return Err(Error::conflict(
                ConflictReason::WrongState,
                "only the person takes up their place, by accepting an invitation or joining: \
                 until then they can only be removed",
            ));
        }
        Ok(())
    }
}

/// What an admin sees of a member: what running the group needs — name, sign-in email,
/// organisation, role, status and place to about a kilometre. Phone, video link and the exact
/// place stay with the member and the two sides of a request.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberListing {
    /// The member.
    pub id: MemberId,
    /// The person.
    pub account_id: AccountId,
    /// What they may do.
    pub role: Role,
    /// Where they stand.
    pub status: MemberStatus,
    /// The name shown in this group.
    pub display_name: DisplayName,
    /// The address they sign in with; none once their account is erased.
    pub email: Option<Email>,
    /// Their organisation in this group.
    pub organisation_id: Option<OrganisationId>,
    /// Their job title.
    pub job_title: Option<JobTitle>,
    /// Where they are based, to about a kilometre.
    pub approximate_position: Option<ApproximatePosition>,
    /// For edits.
    pub version: Version,
    /// When they joined.
    pub joined_at: OffsetDateTime,
}

impl MemberListing {
    /// What an admin sees of `member`, whose account signs in with `email`: an erased
    /// account's address stands for nobody, and is never shown.
    pub fn of(member: &Member, email: Email) -> Self {
        let email = (!email.is_erased()).then_some(email);
        Self {
            id: member.id,
            account_id: member.account_id,
            role: member.role,
            status: member.status,
            display_name: member.profile.display_name.clone(),
            email,
            organisation_id: member.profile.organisation_id,
            job_title: member.profile.job_title.clone(),
            approximate_position: member
                .profile
                .location
                .as_ref()
                .map(|l| l.position.approximate()),
            version: member.version,
            joined_at: member.joined_at,
        }
    }
}

/// Which members an admin lists; every condition given must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MemberFilter {
    /// Part of their name or of their email address.
    pub text: Option<MemberSearch>,
    /// Their status.
    pub status: Option<MemberStatus>,
    /// Their role.
    pub role: Option<Role>,
    /// Their organisation.
    pub organisation_id: Option<OrganisationId>,
}

impl MemberFilter {
    /// Whether `member`, who signs in with `email`, is one this filter lists: the text is found
    /// in the name with the letters A to Z compared without case (as both SQL engines compare
    /// them), or in the address as its key folds it.
    pub fn admits(&self, member: &Member, email: &Email) -> bool {
        self.status.is_none_or(|s| member.status == s)
            && self.role.is_none_or(|r| member.role == r)
            && self
                .organisation_id
                .is_none_or(|o| member.profile.organisation_id == Some(o))
            && self.text.as_ref().is_none_or(|text| {
                member
                    .profile
                    .display_name
                    .to_string()
                    .to_ascii_lowercase()
                    .contains(text.in_name())
                    || email.key().contains(text.in_address())
            })
    }
}

/// What an admin types to find members: a part of a name or an address, 1 to 100 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberSearch {
    name: String,
    address: String,
}

impl MemberSearch {
    /// Reads what was typed.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `q` when it is empty, longer than 100 characters or holds
    /// control characters.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let text = raw.trim();
        if text.is_empty() || text.chars().count() > 100 || text.chars().any(char::is_control) {
            return Err(InvalidValue::new(
                "q",
                "must be 1 to 100 characters of a name or an email address",
            ));
        }
        Ok(Self {
            name: text.to_ascii_lowercase(),
            address: Email::fold(text),
        })
    }

    /// The text as a name is compared: letters A to Z in lower case.
    pub fn in_name(&self) -> &str {
        &self.name
    }

    /// The text as an address key is compared (see [`Email::key`]).
    pub fn in_address(&self) -> &str {
        &self.address
    }
}
