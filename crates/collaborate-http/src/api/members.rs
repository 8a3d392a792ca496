//! Members: the admins' list and changes, and each member's own live profile.

use super::Tag;
use super::search::ApproximateLocation;
use super::shared::{
    Answer, ContactBody, Context, Removed, list_of, maybe, modes, names, page, path_id, rfc3339,
    text, version,
};
use crate::auth::Credentials;
use crate::payload::JsonBody;
use collaborate_core::MyProfile;
use collaborate_core::groups::{
    Member, MemberChanges, MemberFilter, MemberListing, MemberSearch, ProfileChanges,
};
use collaborate_core::ports::Environment;
use collaborate_core::values::{
    Bio, DisplayName, Email, InvalidValue, JobTitle, Latitude, Location, Longitude, MemberId,
    MemberStatus, NotificationPreference, OrganisationId, Phone, PlaceLabel, Position, Role,
    VideoLink,
};
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::types::MaybeUndefined;
use poem_openapi::{Object, OpenApi};
use serde::Deserialize;

/// The operations on members.
pub struct MembersApi<E: Environment>(pub(super) Context<E>);

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Members")]
impl<E: Environment> MembersApi<E> {
    /// The group's members, a page at a time (admins): found by part of a name or an email
    /// address, filtered by status, role and organisation.
    #[oai(
        path = "/groups/:group_id/members",
        method = "get",
        operation_id = "listMembers"
    )]
    #[allow(clippy::too_many_arguments)]
    async fn members(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        /// Part of a name (letters A to Z without case) or of an email address.
        #[oai(validator(min_length = 1, max_length = 100))]
        q: Query<Option<String>>,
        /// Only members of this status.
        #[oai(validator(pattern = "^(invited|active|suspended|left|removed)$"))]
        status: Query<Option<String>>,
        /// Only members of this role.
        #[oai(validator(pattern = "^(admin|member)$"))]
        role: Query<Option<String>>,
        /// Only members of this organisation.
        #[oai(validator(
            pattern = r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
        ))]
        organisation_id: Query<Option<String>>,
        /// How many (1–500, default 50).
        #[oai(validator(minimum(value = "1"), maximum(value = "500")))]
        limit: Query<Option<i64>>,
        /// Where the previous page ended.
        cursor: Query<Option<String>>,
    ) -> Answer<Json<MemberListingPage>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let filter = MemberFilter {
            text: q.0.as_deref().map(MemberSearch::parse).transpose()?,
            status: status.0.as_deref().map(MemberStatus::parse).transpose()?,
            role: role.0.as_deref().map(Role::parse).transpose()?,
            organisation_id: organisation_id
                .0
                .as_deref()
                .map(|o| OrganisationId::parse(o).map_err(|e| e.in_field("organisation_id")))
                .transpose()?,
        };
        let listed = self
            .0
            .app
            .list_members(account, group, &filter, page(limit.0, cursor.0)?)
            .await?;
        Ok(Json(MemberListingPage::of(&listed)))
    }

    /// Your live profile in the group, with your standing.
    #[oai(
        path = "/groups/:group_id/members/me",
        method = "get",
        operation_id = "getMyProfile"
    )]
    async fn my_profile(
        &self,
        auth: Credentials,
        group_id: Path<String>,
    ) -> Answer<Json<MyProfileBody>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let profile = self.0.app.my_profile(account, group).await?;
        Ok(Json(MyProfileBody::from(&profile)))
    }

    /// Change your live profile.
    #[oai(
        path = "/groups/:group_id/members/me",
        method = "patch",
        operation_id = "updateProfile"
    )]
    async fn update_profile(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        body: JsonBody<ProfilePatch>,
    ) -> Answer<Json<MyProfileBody>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let b = body.0;
        let changes = ProfileChanges {
            display_name: text(b.display_name, DisplayName::parse)?,
            organisation_id: maybe(b.organisation_id, |id| OrganisationId::parse(&id))?,
            job_title: maybe(b.job_title, |t| JobTitle::parse(&t))?,
            bio: maybe(b.bio, |t| Bio::parse(&t))?,
            location: maybe(b.location, location)?,
            contact_email: maybe(b.contact_email, |e| {
                Email::parse(&e).map_err(|e| e.in_field("contact_email"))
            })?,
            phone: maybe(b.phone, |p| Phone::parse(&p))?,
            video_link: maybe(b.video_link, |v| VideoLink::parse(&v))?,
            preferred_modes: b
                .preferred_modes
                .map(|m| modes(&m, "preferred_modes"))
                .transpose()?,
            notifications: b
                .notifications
                .map(|n| NotificationPreference::parse(&n))
                .transpose()?,
            named_in_thanks: b.named_in_thanks,
            version: version(b.version),
        };
        let profile = self.0.app.update_profile(account, group, changes).await?;
        Ok(Json(MyProfileBody::from(&profile)))
    }

    /// Leave the group: your offers are paused, your open needs withdrawn, your open requests
    /// closed. The last active admin may not leave (409 `last_admin`); a join code or an
    /// invitation brings you back.
    #[oai(
        path = "/groups/:group_id/members/me",
        method = "delete",
        operation_id = "leaveGroup"
    )]
    async fn leave(&self, auth: Credentials, group_id: Path<String>) -> Answer<Removed> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        self.0.app.leave_group(account, group).await?;
        Ok(Removed::NoContent)
    }

    /// Change a member's role or status (admins).
    #[oai(
        path = "/groups/:group_id/members/:member_id",
        method = "patch",
        operation_id = "updateMember"
    )]
    async fn update_member(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        member_id: Path<String>,
        body: JsonBody<MemberPatch>,
    ) -> Answer<Json<MemberListingBody>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let member = path_id(&member_id, MemberId::parse, "member")?;
        let b = body.0;
        let changes = MemberChanges {
            role: b.role.as_deref().map(Role::parse).transpose()?,
            status: b.status.as_deref().map(MemberStatus::parse).transpose()?,
            version: version(b.version),
        };
        let updated = self
            .0
            .app
            .update_member(account, group, member, changes)
            .await?;
        Ok(Json(MemberListingBody::from(&updated)))
    }
}

fn location(raw: LocationInput) -> Result<Location, InvalidValue> {
    Ok(Location {
        label: raw.label.as_deref().map(PlaceLabel::parse).transpose()?,
        position: Position {
            lat: Latitude::new(raw.lat).map_err(|e| e.in_field("location.lat"))?,
            lon: Longitude::new(raw.lon).map_err(|e| e.in_field("location.lon"))?,
        },
    })
}

/// An admin's change of a member.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct MemberPatch {
    /// `admin` or `member`.
    #[oai(nullable, validator(pattern = "^(admin|member)$"))]
    pub role: Option<String>,
    /// `active`, `suspended` or `removed` (final for join codes and earlier invitations).
    #[oai(nullable, validator(pattern = "^(active|suspended|removed)$"))]
    pub status: Option<String>,
    /// The version edited; a stale one is refused with 409 `stale`.
    #[oai(nullable)]
    pub version: Option<u32>,
}

/// A place.
#[derive(Debug, Clone, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct LocationInput {
    /// Its name, as you would say it.
    #[oai(
        nullable,
        validator(
            max_length = 120,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub label: Option<String>,
    /// Latitude, -90 to 90.
    #[oai(validator(minimum(value = "-90"), maximum(value = "90")))]
    pub lat: f64,
    /// Longitude, -180 to 180.
    #[oai(validator(minimum(value = "-180"), maximum(value = "180")))]
    pub lon: f64,
}

/// Changes to one's own profile; `null` clears a field.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct ProfilePatch {
    /// The name shown in this group.
    #[oai(
        nullable,
        validator(
            max_length = 100,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub display_name: Option<String>,
    /// One of the group's organisations.
    #[serde(default)]
    #[oai(
        nullable,
        validator(
            pattern = r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
        )
    )]
    pub organisation_id: MaybeUndefined<String>,
    /// Job title.
    #[serde(default)]
    #[oai(
        nullable,
        validator(
            max_length = 120,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub job_title: MaybeUndefined<String>,
    /// A few words about you.
    #[serde(default)]
    #[oai(
        nullable,
        validator(
            max_length = 1000,
            pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub bio: MaybeUndefined<String>,
    /// Where you are based (others see it only to about a kilometre).
    #[serde(default)]
    #[oai(nullable)]
    pub location: MaybeUndefined<LocationInput>,
    /// Contact email (shown only to the other side of a request).
    #[serde(default)]
    #[oai(
        nullable,
        validator(max_length = 254, pattern = r"^[^\s@]{1,64}@[^\s@.]+(?:\.[^\s@.]+)+$")
    )]
    pub contact_email: MaybeUndefined<String>,
    /// Phone: 7 to 15 digits (shown only to the other side of a request).
    #[serde(default)]
    #[oai(nullable, validator(pattern = r"^\+?[0-9 ().-]{7,40}$"))]
    pub phone: MaybeUndefined<String>,
    /// Video-call link, `https://` or `http://` (shown only to the other side of a request).
    #[serde(default)]
    #[oai(
        nullable,
        validator(max_length = 2000, pattern = r"^[Hh][Tt][Tt][Pp][Ss]?://\S+$")
    )]
    pub video_link: MaybeUndefined<String>,
    /// Preferred modes.
    #[oai(nullable)]
    pub preferred_modes: Option<Vec<String>>,
    /// How you hear by email of what concerns you here: `immediate`, `weekly_digest` (one email
    /// a week) or `off` (password resets still go). Nobody else sees it.
    #[oai(nullable, validator(pattern = "^(immediate|weekly_digest|off)$"))]
    pub notifications: Option<String>,
    /// Whether your group's admins may name you among the helpers to thank. Nobody else sees it.
    #[oai(nullable)]
    pub named_in_thanks: Option<bool>,
    /// The version edited; a stale one is refused with 409 `stale`.
    #[oai(nullable)]
    pub version: Option<u32>,
}

/// A place.
#[derive(Debug, Object)]
pub struct LocationBody {
    /// Its name.
    #[oai(nullable)]
    pub label: Option<String>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

impl From<&Location> for LocationBody {
    fn from(l: &Location) -> Self {
        Self {
            label: l.label.as_ref().map(ToString::to_string),
            lat: l.position.lat.get(),
            lon: l.position.lon.get(),
        }
    }
}

/// A member, as admins and the member see them.
#[derive(Debug, Object)]
pub struct MemberBody {
    /// Its id.
    pub id: String,
    /// The account.
    pub account_id: String,
    /// `admin` or `member`.
    pub role: String,
    /// `invited`, `active`, `suspended`, `left` or `removed`.
    pub status: String,
    /// Name in this group.
    pub display_name: String,
    /// Organisation.
    #[oai(nullable)]
    pub organisation_id: Option<String>,
    /// Job title.
    #[oai(nullable)]
    pub job_title: Option<String>,
    /// Bio.
    #[oai(nullable)]
    pub bio: Option<String>,
    /// Where they are based.
    #[oai(nullable)]
    pub location: Option<LocationBody>,
    /// How to reach them.
    pub contact: ContactBody,
    /// Preferred modes.
    pub preferred_modes: Vec<String>,
    /// Version, for edits.
    pub version: u32,
    /// When they joined.
    pub joined_at: String,
}

impl From<&Member> for MemberBody {
    fn from(m: &Member) -> Self {
        let p = &m.profile;
        Self {
            id: m.id.to_string(),
            account_id: m.account_id.to_string(),
            role: m.role.to_string(),
            status: m.status.to_string(),
            display_name: p.display_name.to_string(),
            organisation_id: p.organisation_id.map(|o| o.to_string()),
            job_title: p.job_title.as_ref().map(ToString::to_string),
            bio: p.bio.as_ref().map(ToString::to_string),
            location: p.location.as_ref().map(LocationBody::from),
            contact: ContactBody::from(&p.contact),
            preferred_modes: names(p.preferred_modes.iter().map(|m| m.as_str())),
            version: m.version.get(),
            joined_at: rfc3339(m.joined_at),
        }
    }
}

/// One's own profile with one's standing.
#[derive(Debug, Object)]
pub struct MyProfileBody {
    /// The membership and profile.
    pub member: MemberBody,
    /// Whether you may search and send requests.
    pub contributor: bool,
    /// How many more qualifying offers (in new areas) you need to be a contributor.
    pub offers_needed: u32,
    /// How you hear by email of what concerns you here: `immediate`, `weekly_digest` or `off`.
    pub notifications: String,
    /// Whether your group's admins may name you among the helpers to thank.
    pub named_in_thanks: bool,
}

impl From<&MyProfile> for MyProfileBody {
    fn from(p: &MyProfile) -> Self {
        Self {
            member: MemberBody::from(&p.member),
            contributor: p.standing.is_contributor(),
            offers_needed: p.standing.offers_needed(),
            notifications: p.member.notifications.as_str().to_owned(),
            named_in_thanks: p.member.named_in_thanks,
        }
    }
}

/// What admins see of a member: no phone, no video link, no exact place.
#[derive(Debug, Object)]
pub struct MemberListingBody {
    /// Its id.
    pub id: String,
    /// The account.
    pub account_id: String,
    /// `admin` or `member`.
    pub role: String,
    /// `invited`, `active`, `suspended`, `left` or `removed`.
    pub status: String,
    /// Name in this group.
    pub display_name: String,
    /// The address they sign in with; null once their account is erased.
    #[oai(nullable)]
    pub email: Option<String>,
    /// Organisation.
    #[oai(nullable)]
    pub organisation_id: Option<String>,
    /// Job title.
    #[oai(nullable)]
    pub job_title: Option<String>,
    /// Where they are based, to about a kilometre.
    #[oai(nullable)]
    pub approximate_location: Option<ApproximateLocation>,
    /// Version, for edits.
    pub version: u32,
    /// When they joined.
    pub joined_at: String,
}

impl From<&MemberListing> for MemberListingBody {
    fn from(m: &MemberListing) -> Self {
        Self {
            id: m.id.to_string(),
            account_id: m.account_id.to_string(),
            role: m.role.to_string(),
            status: m.status.to_string(),
            display_name: m.display_name.to_string(),
            email: m.email.as_ref().map(ToString::to_string),
            organisation_id: m.organisation_id.map(|o| o.to_string()),
            job_title: m.job_title.as_ref().map(ToString::to_string),
            approximate_location: m.approximate_position.map(ApproximateLocation::from),
            version: m.version.get(),
            joined_at: rfc3339(m.joined_at),
        }
    }
}

list_of!(
    /// A page of members, as admins see them.
    paged MemberListingPage, MemberListingBody
);
