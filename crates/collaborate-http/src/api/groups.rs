//! Groups: making one, its settings, joining by code, and invitations.

use super::Tag;
use super::members::MemberBody;
use super::shared::{
    Answer, Context, created, debug_hiding, list_of, maybe, rfc3339, text, version,
};
use crate::auth::{Credentials, client_address};
use crate::payload::JsonBody;
use collaborate_core::Error;
use collaborate_core::groups::{Group, GroupChanges, Membership, NewGroup, SettingsChanges};
use collaborate_core::ports::Environment;
use collaborate_core::values::{
    DailyRequestCap, ExpiryDays, GroupName, GrowthMode, InvalidValue, JoinCode, MinOffers,
    OpenRequestCap, PeerAssistDaysAhead,
};
use poem::Request;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::types::MaybeUndefined;
use poem_openapi::{Object, OpenApi};
use serde::Deserialize;

/// The operations on groups.
pub struct GroupsApi<E: Environment>(pub(super) Context<E>);

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Groups")]
impl<E: Environment> GroupsApi<E> {
    /// Create a group; you become its admin.
    #[oai(path = "/groups", method = "post", operation_id = "createGroup")]
    async fn create_group(
        &self,
        auth: Credentials,
        body: JsonBody<NewGroupInput>,
    ) -> Answer<GroupCreated> {
        let account = self.0.caller(&auth).await?;
        let body = body.0;
        let new = NewGroup {
            name: GroupName::parse(&body.name)?,
            growth_mode: GrowthMode::parse(&body.growth_mode)?,
            settings: settings(body.settings)?,
            areas: body
                .areas
                .unwrap_or_default()
                .into_iter()
                .map(super::taxonomy::NewAreaInput::read)
                .collect::<Result<_, _>>()?,
        };
        let created = self.0.app.create_group(account, new).await?;
        Ok(GroupCreated::Created(Json(MembershipBody::from(&created))))
    }

    /// Your groups.
    #[oai(path = "/groups", method = "get", operation_id = "listMyGroups")]
    async fn my_groups(&self, auth: Credentials) -> Answer<Json<MembershipList>> {
        let groups = self.0.app.my_groups(self.0.caller(&auth).await?).await?;
        Ok(Json(MembershipList::of(&groups)))
    }

    /// A group and its settings (the join code for admins only).
    #[oai(path = "/groups/:group_id", method = "get", operation_id = "getGroup")]
    async fn group(&self, auth: Credentials, group_id: Path<String>) -> Answer<Json<GroupBody>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let found = self.0.app.group(account, group).await?;
        Ok(Json(GroupBody::from(&found)))
    }

    /// Rename a group or change its settings (admins).
    #[oai(
        path = "/groups/:group_id",
        method = "patch",
        operation_id = "updateGroup"
    )]
    async fn update_group(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        body: JsonBody<GroupPatch>,
    ) -> Answer<Json<GroupBody>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let body = body.0;
        let changes = GroupChanges {
            name: text(body.name, GroupName::parse)?,
            settings: settings(body.settings)?,
            version: version(body.version),
        };
        let updated = self.0.app.update_group(account, group, changes).await?;
        Ok(Json(GroupBody::from(&updated)))
    }

    /// Join an organic group with its code. Codes that open nothing are limited per account and
    /// per client address (429 `rate_limited`).
    #[oai(
        path = "/groups/:group_id/join",
        method = "post",
        operation_id = "joinGroup"
    )]
    async fn join(
        &self,
        request: &Request,
        auth: Credentials,
        group_id: Path<String>,
        body: JsonBody<JoinInput>,
    ) -> Answer<MemberCreated> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let address = client_address(request, self.0.config.trust_forwarded_for);
        let attempt = self.0.limits.join(account, address).await?;
        let code = JoinCode::parse(&body.0.join_code)?;
        let joined = self.0.app.join_by_code(account, group, &code).await;
        if !matches!(joined, Err(Error::NotFound(_))) {
            self.0.limits.joined(attempt).await;
        }
        Ok(MemberCreated::Created(Json(MemberBody::from(&joined?))))
    }
}

/// The settings asked for, each checked and named with its place in the body.
fn settings(raw: Option<SettingsInput>) -> Answer<SettingsChanges> {
    let raw = raw.unwrap_or_default();
    let field = |name| move |e: InvalidValue| e.in_field(name);
    Ok(SettingsChanges {
        min_offers: raw
            .min_offers
            .map(MinOffers::new)
            .transpose()
            .map_err(field("settings.min_offers"))?,
        request_expiry_days: raw
            .request_expiry_days
            .map(ExpiryDays::new)
            .transpose()
            .map_err(field("settings.request_expiry_days"))?,
        peer_assist_min_days_ahead: raw
            .peer_assist_min_days_ahead
            .map(PeerAssistDaysAhead::new)
            .transpose()
            .map_err(field("settings.peer_assist_min_days_ahead"))?,
        max_open_requests: raw
            .max_open_requests
            .map(OpenRequestCap::new)
            .transpose()
            .map_err(field("settings.max_open_requests"))?,
        max_requests_per_day: raw
            .max_requests_per_day
            .map(DailyRequestCap::new)
            .transpose()
            .map_err(field("settings.max_requests_per_day"))?,
        join_code: maybe(raw.join_code, |c| {
            JoinCode::parse(&c).map_err(field("settings.join_code"))
        })?,
    })
}

/// A group's settings; absent ones keep their value (or the default, on creation).
#[derive(Default, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct SettingsInput {
    /// Qualifying offers needed to seek help (1–10, default 3).
    #[oai(nullable, validator(minimum(value = "1"), maximum(value = "10")))]
    pub min_offers: Option<i64>,
    /// Days after which an unanswered request expires (1–365, default 14).
    #[oai(nullable, validator(minimum(value = "1"), maximum(value = "365")))]
    pub request_expiry_days: Option<i64>,
    /// Days ahead a Peer Assist must be dated (0–90, default 14).
    #[oai(nullable, validator(minimum(value = "0"), maximum(value = "90")))]
    pub peer_assist_min_days_ahead: Option<i64>,
    /// Requests a member may have open at once (1–50, default 5).
    #[oai(nullable, validator(minimum(value = "1"), maximum(value = "50")))]
    pub max_open_requests: Option<i64>,
    /// Requests a member may send in a day (1–100, default 10).
    #[oai(nullable, validator(minimum(value = "1"), maximum(value = "100")))]
    pub max_requests_per_day: Option<i64>,
    /// The join code (organic groups only): 8 to 32 letters, digits or dashes; `null` removes it.
    #[serde(default)]
    #[oai(nullable, validator(pattern = r"^[A-Za-z0-9-]{8,32}$"))]
    pub join_code: MaybeUndefined<String>,
}

/// Creating a group.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct NewGroupInput {
    /// Its name.
    #[oai(validator(
        max_length = 120,
        pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
    ))]
    pub name: String,
    /// `organic` or `systemic`.
    #[oai(validator(pattern = "^(organic|systemic)$"))]
    pub growth_mode: String,
    /// Settings other than the defaults.
    #[oai(nullable)]
    pub settings: Option<SettingsInput>,
    /// The areas it starts with (at most 20, each named once); more are added later.
    #[oai(nullable, validator(max_items = 20))]
    pub areas: Option<Vec<super::taxonomy::NewAreaInput>>,
}

/// Changing a group (admins).
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct GroupPatch {
    /// A new name.
    #[oai(
        nullable,
        validator(
            max_length = 120,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub name: Option<String>,
    /// New settings.
    #[oai(nullable)]
    pub settings: Option<SettingsInput>,
    /// The version edited; a stale one is refused with 409 `stale`.
    #[oai(nullable)]
    pub version: Option<u32>,
}

/// Joining with a code.
#[derive(Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct JoinInput {
    /// The group's join code.
    #[oai(validator(pattern = r"^[A-Za-z0-9-]{6,32}$"))]
    pub join_code: String,
}

/// A group's settings.
#[derive(Object)]
pub struct SettingsBody {
    /// Qualifying offers needed to seek help.
    pub min_offers: u32,
    /// Days after which an unanswered request expires.
    pub request_expiry_days: u32,
    /// Days ahead a Peer Assist must be dated.
    pub peer_assist_min_days_ahead: u32,
    /// Requests a member may have open at once.
    pub max_open_requests: u32,
    /// Requests a member may send in a day.
    pub max_requests_per_day: u32,
    /// The join code (shown to admins only).
    #[oai(nullable)]
    pub join_code: Option<String>,
}

/// A group.
#[derive(Debug, Object)]
pub struct GroupBody {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its name in URL form.
    pub slug: String,
    /// `organic` or `systemic`.
    pub growth_mode: String,
    /// Its settings.
    pub settings: SettingsBody,
    /// Its version, for edits.
    pub version: u32,
    /// When it was created.
    pub created_at: String,
}

impl From<&Group> for GroupBody {
    fn from(g: &Group) -> Self {
        Self {
            id: g.id.to_string(),
            name: g.name.to_string(),
            slug: g.slug.as_str().to_owned(),
            growth_mode: g.growth_mode.to_string(),
            settings: SettingsBody {
                min_offers: g.settings.min_offers.get(),
                max_open_requests: g.settings.max_open_requests.get(),
                max_requests_per_day: g.settings.max_requests_per_day.get(),
                request_expiry_days: g.settings.request_expiry_days.get(),
                peer_assist_min_days_ahead: g.settings.peer_assist_min_days_ahead.get(),
                join_code: g.settings.join_code.as_ref().map(|c| c.as_str().to_owned()),
            },
            version: g.version.get(),
            created_at: rfc3339(g.created_at),
        }
    }
}

/// A group and one's membership of it.
#[derive(Debug, Object)]
pub struct MembershipBody {
    /// The group.
    pub group: GroupBody,
    /// The membership.
    pub member: MemberBody,
}

impl From<&Membership> for MembershipBody {
    fn from(m: &Membership) -> Self {
        Self {
            group: GroupBody::from(&m.group),
            member: MemberBody::from(&m.member),
        }
    }
}

list_of!(
    /// One's groups.
    whole MembershipList, MembershipBody
);

created!(
    /// A group made.
    GroupCreated,
    /// The group; you are its admin.
    MembershipBody
);
created!(
    /// A membership made.
    MemberCreated,
    /// The membership.
    MemberBody
);

debug_hiding!(JoinInput {} hiding { join_code });
debug_hiding!(SettingsInput {
    min_offers,
    request_expiry_days,
    peer_assist_min_days_ahead,
    max_open_requests,
    max_requests_per_day
} hiding { join_code });
debug_hiding!(SettingsBody {
    min_offers,
    request_expiry_days,
    peer_assist_min_days_ahead,
    max_open_requests,
    max_requests_per_day
} hiding { join_code });
