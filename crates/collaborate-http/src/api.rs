//! The operations of the HTTP contract. Each translates its request into one use case of the
//! core and the answer back; none decides anything of its own.

use crate::HttpConfig;
use crate::auth::{Credentials, LoginLimits, client_address, expired_cookie, session_cookie};
use crate::dto::*;
use crate::errors::ApiError;
use crate::hashing::BlockingHasher;
use crate::payload::JsonBody;
use collaborate_core::Collaborate;
use collaborate_core::accounts::NewAccount;
use collaborate_core::groups::{
    GroupChanges, MemberChanges, NewGroup, NewInvitation, ProfileChanges, SettingsChanges,
};
use collaborate_core::offers::{NeedChanges, NewNeed, NewOffer, OfferChanges};
use collaborate_core::paging::{Cursor, PageRequest};
use collaborate_core::ports::Ports;
use collaborate_core::requests::{NewFeedback, NewRequest, RequestFilter, Side, Transition};
use collaborate_core::search::SearchQuery;
use collaborate_core::system::{RandomIds, SystemClock};
use collaborate_core::taxonomy::{AreaChanges, AreaRemoval, NewArea};
use collaborate_core::values::*;
use collaborate_store::SqlStore;
use poem::Request;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::types::MaybeUndefined;
use poem_openapi::{ApiResponse, OpenApi, Tags};
use std::sync::Arc;

/// The application the server runs.
pub type App = Collaborate<Ports<SqlStore, BlockingHasher, SystemClock, RandomIds>>;

/// The operations, with what they share.
pub struct Api {
    app: Arc<App>,
    limits: Arc<LoginLimits>,
    config: HttpConfig,
}

impl Api {
    /// The operations over `app`, configured by `config`.
    pub fn new(app: Arc<App>, limits: Arc<LoginLimits>, config: HttpConfig) -> Self {
        Self {
            app,
            limits,
            config,
        }
    }

    async fn caller(&self, credentials: &Credentials) -> Result<AccountId, ApiError> {
        Ok(self.app.authenticate(&credentials.token()?).await?)
    }
}

#[derive(Tags)]
enum Tag {
    /// Accounts, sessions and the caller.
    Accounts,
    /// Groups, their settings and members.
    Groups,
    /// Areas of support and organisations.
    Taxonomy,
    /// One's offers and needs.
    OffersAndNeeds,
    /// Finding peers and asking for help.
    Requests,
}

macro_rules! response {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $status:literal => $variant:ident($body:ty)),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, ApiResponse)]
        pub enum $name {
            $($(#[$vdoc])* #[oai(status = $status)] $variant(Json<$body>)),+
        }
    };
}

response!(/// Registration.
    AccountCreated { /// The account.
        201 => Created(AccountBody) });
response!(/// A group made.
    GroupCreated { /// The group; you are its admin.
        201 => Created(MembershipBody) });
response!(/// A membership made.
    MemberCreated { /// The membership.
        201 => Created(MemberBody) });
response!(/// A membership taken up.
    MembershipCreated { /// The group and your membership.
        201 => Created(MembershipBody) });
response!(/// An invitation made.
    InvitationCreated { /// The invitation, with the token to send.
        201 => Created(InvitationBody) });
response!(/// An area made.
    AreaCreated { /// The area.
        201 => Created(AreaBody) });
response!(/// An organisation made.
    OrganisationCreated { /// The organisation.
        201 => Created(OrganisationBody) });
response!(/// An offer made.
    OfferCreated { /// The offer.
        201 => Created(OfferBody) });
response!(/// A need recorded.
    NeedCreated { /// The need.
        201 => Created(NeedBody) });
response!(/// A request sent.
    RequestCreated { /// The request, with the helper's contact details.
        201 => Created(RequestDetailsBody) });
response!(/// Feedback given.
    FeedbackCreated { /// The request with its feedback.
        201 => Created(RequestBody) });

/// Signing in.
#[derive(Debug, ApiResponse)]
pub enum SessionCreated {
    /// Signed in: the token, also set as an `HttpOnly` cookie.
    #[oai(status = 201)]
    Created(Json<SessionBody>, #[oai(header = "Set-Cookie")] String),
}

/// Something removed.
#[derive(Debug, ApiResponse)]
pub enum Removed {
    /// Done.
    #[oai(status = 204)]
    NoContent,
}

/// Signing out.
#[derive(Debug, ApiResponse)]
pub enum SignedOut {
    /// The session has ended and the cookie is cleared.
    #[oai(status = 204)]
    NoContent(#[oai(header = "Set-Cookie")] String),
}

type Answer<T> = Result<T, ApiError>;

fn path_id<T>(raw: &str, parse: fn(&str) -> Result<T, InvalidValue>, what: &str) -> Answer<T> {
    parse(raw).map_err(|_| ApiError::not_found(format!("{what} not found")))
}

fn group(raw: &str) -> Answer<GroupId> {
    path_id(raw, GroupId::parse, "group")
}

fn page(limit: Option<i64>, cursor: Option<String>) -> Answer<PageRequest> {
    Ok(PageRequest {
        limit: limit.map(Limit::new).transpose()?.unwrap_or_default(),
        after: cursor.as_deref().map(Cursor::parse).transpose()?,
    })
}

fn maybe<T, U>(
    raw: MaybeUndefined<T>,
    parse: impl FnOnce(T) -> Result<U, InvalidValue>,
) -> Answer<Option<Option<U>>> {
    Ok(match raw {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(parse(v)?)),
    })
}

fn settings(raw: Option<SettingsRequest>) -> Answer<SettingsChanges> {
    let raw = raw.unwrap_or_default();
    let field = |e: InvalidValue, name| e.in_field(name);
    Ok(SettingsChanges {
        min_offers: raw
            .min_offers
            .map(MinOffers::new)
            .transpose()
            .map_err(|e| field(e, "settings.min_offers"))?,
        request_expiry_days: raw
            .request_expiry_days
            .map(ExpiryDays::new)
            .transpose()
            .map_err(|e| field(e, "settings.request_expiry_days"))?,
        peer_assist_min_days_ahead: raw
            .peer_assist_min_days_ahead
            .map(PeerAssistDaysAhead::new)
            .transpose()
            .map_err(|e| field(e, "settings.peer_assist_min_days_ahead"))?,
        join_code: maybe(raw.join_code, |c| {
            JoinCode::parse(&c).map_err(|e| field(e, "settings.join_code"))
        })?,
    })
}

fn location(raw: LocationBody) -> Result<Location, InvalidValue> {
    Ok(Location {
        label: raw.label.as_deref().map(PlaceLabel::parse).transpose()?,
        position: Position {
            lat: Latitude::new(raw.lat).map_err(|e| e.in_field("location.lat"))?,
            lon: Longitude::new(raw.lon).map_err(|e| e.in_field("location.lon"))?,
        },
    })
}

fn text<T>(raw: Option<String>, parse: fn(&str) -> Result<T, InvalidValue>) -> Answer<Option<T>> {
    Ok(raw.as_deref().map(parse).transpose()?)
}

#[OpenApi(prefix_path = "/api/v1")]
impl Api {
    /// Register an account.
    #[oai(path = "/accounts", method = "post", tag = "Tag::Accounts")]
    async fn register(&self, body: JsonBody<RegisterRequest>) -> Answer<AccountCreated> {
        let body = body.0;
        let new = NewAccount {
            email: Email::parse(&body.email)?,
            password: Password::parse(&body.password)?,
            display_name: DisplayName::parse(&body.display_name)?,
        };
        let account = self.app.register(new).await?;
        Ok(AccountCreated::Created(Json(AccountBody::from(&account))))
    }

    /// Sign in: a new session, as a bearer token and an `HttpOnly` cookie.
    #[oai(path = "/sessions", method = "post", tag = "Tag::Accounts")]
    async fn log_in(
        &self,
        request: &Request,
        body: JsonBody<LoginRequest>,
    ) -> Answer<SessionCreated> {
        let ip = client_address(request, self.config.trust_forwarded_for);
        self.limits.check(&body.0.email, ip)?;
        let (token, account) = self.app.log_in(&body.0.email, &body.0.password).await?;
        let lifetime = self.app.session_policy().absolute_lifetime.whole_seconds();
        let cookie = session_cookie(&token, lifetime, self.config.secure_cookies);
        let session = SessionBody {
            token: token.expose().to_owned(),
            account: AccountBody::from(&account),
        };
        Ok(SessionCreated::Created(Json(session), cookie))
    }

    /// Sign out: the session ends here and everywhere it was used.
    #[oai(path = "/sessions/current", method = "delete", tag = "Tag::Accounts")]
    async fn log_out(&self, auth: Credentials) -> Answer<SignedOut> {
        self.caller(&auth).await?;
        self.app.log_out(&auth.token()?).await?;
        Ok(SignedOut::NoContent(expired_cookie(
            self.config.secure_cookies,
        )))
    }

    /// The caller's account and groups.
    #[oai(path = "/me", method = "get", tag = "Tag::Accounts")]
    async fn me(&self, auth: Credentials) -> Answer<Json<MeBody>> {
        let me = self.app.me(self.caller(&auth).await?).await?;
        Ok(Json(MeBody {
            account: AccountBody::from(&me.account),
            memberships: me.memberships.iter().map(MembershipBody::from).collect(),
        }))
    }

    /// Accept an invitation sent to your email address.
    #[oai(
        path = "/invitations/:token/accept",
        method = "post",
        tag = "Tag::Groups"
    )]
    async fn accept_invitation(
        &self,
        auth: Credentials,
        token: Path<String>,
    ) -> Answer<MembershipCreated> {
        let account = self.caller(&auth).await?;
        let token = SecretToken::parse(&token.0)
            .map_err(|_| ApiError::not_found("invitation not found"))?;
        let joined = self.app.accept_invitation(account, &token).await?;
        Ok(MembershipCreated::Created(Json(MembershipBody::from(
            &joined,
        ))))
    }

    /// Create a group; you become its admin.
    #[oai(path = "/groups", method = "post", tag = "Tag::Groups")]
    async fn create_group(
        &self,
        auth: Credentials,
        body: JsonBody<CreateGroupRequest>,
    ) -> Answer<GroupCreated> {
        let account = self.caller(&auth).await?;
        let body = body.0;
        let new = NewGroup {
            name: GroupName::parse(&body.name)?,
            growth_mode: GrowthMode::parse(&body.growth_mode)?,
            settings: settings(body.settings)?,
        };
        let created = self.app.create_group(account, new).await?;
        Ok(GroupCreated::Created(Json(MembershipBody::from(&created))))
    }

    /// Your groups.
    #[oai(path = "/groups", method = "get", tag = "Tag::Groups")]
    async fn my_groups(&self, auth: Credentials) -> Answer<Json<MembershipList>> {
        let groups = self.app.my_groups(self.caller(&auth).await?).await?;
        Ok(Json(MembershipList::of(&groups)))
    }

    /// A group and its settings (the join code for admins only).
    #[oai(path = "/groups/:group_id", method = "get", tag = "Tag::Groups")]
    async fn group(&self, auth: Credentials, group_id: Path<String>) -> Answer<Json<GroupBody>> {
        let g = self
            .app
            .group(self.caller(&auth).await?, group(&group_id)?)
            .await?;
        Ok(Json(GroupBody::from(&g)))
    }

    /// Rename a group or change its settings (admins).
    #[oai(path = "/groups/:group_id", method = "patch", tag = "Tag::Groups")]
    async fn update_group(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        body: JsonBody<UpdateGroupRequest>,
    ) -> Answer<Json<GroupBody>> {
        let account = self.caller(&auth).await?;
        let body = body.0;
        let changes = GroupChanges {
            name: text(body.name, GroupName::parse)?,
            settings: settings(body.settings)?,
            version: version(body.version),
        };
        let g = self
            .app
            .update_group(account, group(&group_id)?, changes)
            .await?;
        Ok(Json(GroupBody::from(&g)))
    }

    /// Join an organic group with its code.
    #[oai(path = "/groups/:group_id/join", method = "post", tag = "Tag::Groups")]
    async fn join(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        body: JsonBody<JoinRequest>,
    ) -> Answer<MemberCreated> {
        let account = self.caller(&auth).await?;
        let code = JoinCode::parse(&body.0.join_code)?;
        let member = self
            .app
            .join_by_code(account, group(&group_id)?, &code)
            .await?;
        Ok(MemberCreated::Created(Json(MemberBody::from(&member))))
    }

    /// Invite a person by email (admins).
    #[oai(
        path = "/groups/:group_id/invitations",
        method = "post",
        tag = "Tag::Groups"
    )]
    async fn invite(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        body: JsonBody<InvitationRequest>,
    ) -> Answer<InvitationCreated> {
        let account = self.caller(&auth).await?;
        let new = NewInvitation {
            email: Email::parse(&body.0.email)?,
            role: body.0.role.as_deref().map(Role::parse).transpose()?,
        };
        let (invitation, token) = self.app.invite(account, group(&group_id)?, new).await?;
        Ok(InvitationCreated::Created(Json(InvitationBody {
            id: invitation.id.to_string(),
            email: invitation.email.to_string(),
            role: invitation.role.to_string(),
            token: token.expose().to_owned(),
        })))
    }

    /// The group's members, a page at a time (admins).
    #[oai(
        path = "/groups/:group_id/members",
        method = "get",
        tag = "Tag::Groups"
    )]
    async fn members(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        limit: Query<Option<i64>>,
        cursor: Query<Option<String>>,
    ) -> Answer<Json<MemberPage>> {
        let account = self.caller(&auth).await?;
        let listed = self
            .app
            .list_members(account, group(&group_id)?, page(limit.0, cursor.0)?)
            .await?;
        Ok(Json(MemberPage {
            items: listed.items.iter().map(MemberBody::from).collect(),
            next_cursor: listed.next_cursor.map(|c| c.to_string()),
        }))
    }

    /// Your live profile in the group, with your standing.
    #[oai(
        path = "/groups/:group_id/members/me",
        method = "get",
        tag = "Tag::Groups"
    )]
    async fn my_profile(
        &self,
        auth: Credentials,
        group_id: Path<String>,
    ) -> Answer<Json<MyProfileBody>> {
        let profile = self
            .app
            .my_profile(self.caller(&auth).await?, group(&group_id)?)
            .await?;
        Ok(Json(MyProfileBody::from(&profile)))
    }

    /// Change your live profile.
    #[oai(
        path = "/groups/:group_id/members/me",
        method = "patch",
        tag = "Tag::Groups"
    )]
    async fn update_profile(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        body: JsonBody<ProfileRequest>,
    ) -> Answer<Json<MyProfileBody>> {
        let account = self.caller(&auth).await?;
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
            version: version(b.version),
        };
        let profile = self
            .app
            .update_profile(account, group(&group_id)?, changes)
            .await?;
        Ok(Json(MyProfileBody::from(&profile)))
    }

    /// Change a member's role or status (admins).
    #[oai(
        path = "/groups/:group_id/members/:member_id",
        method = "patch",
        tag = "Tag::Groups"
    )]
    async fn update_member(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        member_id: Path<String>,
        body: JsonBody<MemberUpdateRequest>,
    ) -> Answer<Json<MemberBody>> {
        let account = self.caller(&auth).await?;
        let member = path_id(&member_id, MemberId::parse, "member")?;
        let b = body.0;
        let changes = MemberChanges {
            role: b.role.as_deref().map(Role::parse).transpose()?,
            status: b.status.as_deref().map(MemberStatus::parse).transpose()?,
            version: version(b.version),
        };
        let updated = self
            .app
            .update_member(account, group(&group_id)?, member, changes)
            .await?;
        Ok(Json(MemberBody::from(&updated)))
    }

    /// The group's areas of support, archived ones included.
    #[oai(
        path = "/groups/:group_id/areas",
        method = "get",
        tag = "Tag::Taxonomy"
    )]
    async fn areas(&self, auth: Credentials, group_id: Path<String>) -> Answer<Json<AreaList>> {
        let areas = self
            .app
            .list_areas(self.caller(&auth).await?, group(&group_id)?)
            .await?;
        Ok(Json(AreaList::of(&areas)))
    }

    /// Add an area with its aspects (admins).
    #[oai(
        path = "/groups/:group_id/areas",
        method = "post",
        tag = "Tag::Taxonomy"
    )]
    async fn create_area(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        body: JsonBody<AreaRequest>,
    ) -> Answer<AreaCreated> {
        let account = self.caller(&auth).await?;
        let b = body.0;
        let new = NewArea {
            name: Name::parse(&b.name)?,
            description: text(b.description, Description::parse)?,
            aspects: b
                .aspects
                .as_deref()
                .map(aspects)
                .transpose()?
                .unwrap_or_default(),
        };
        let area = self
            .app
            .create_area(account, group(&group_id)?, new)
            .await?;
        Ok(AreaCreated::Created(Json(AreaBody::from(&area))))
    }

    /// Rename an area, describe it, or change its aspects (admins).
    #[oai(
        path = "/groups/:group_id/areas/:area_id",
        method = "patch",
        tag = "Tag::Taxonomy"
    )]
    async fn update_area(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        area_id: Path<String>,
        body: JsonBody<AreaPatch>,
    ) -> Answer<Json<AreaBody>> {
        let account = self.caller(&auth).await?;
        let area = path_id(&area_id, AreaId::parse, "area")?;
        let b = body.0;
        let changes = AreaChanges {
            name: text(b.name, Name::parse)?,
            description: maybe(b.description, |d| Description::parse(&d))?,
            aspects: b.aspects.as_deref().map(aspects).transpose()?,
            version: version(b.version),
        };
        let updated = self
            .app
            .update_area(account, group(&group_id)?, area, changes)
            .await?;
        Ok(Json(AreaBody::from(&updated)))
    }

    /// Remove an area (admins): deleted if unused, archived if offers, needs or requests refer to it.
    #[oai(
        path = "/groups/:group_id/areas/:area_id",
        method = "delete",
        tag = "Tag::Taxonomy"
    )]
    async fn remove_area(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        area_id: Path<String>,
    ) -> Answer<Json<AreaRemovalBody>> {
        let account = self.caller(&auth).await?;
        let area = path_id(&area_id, AreaId::parse, "area")?;
        let outcome = match self
            .app
            .remove_area(account, group(&group_id)?, area)
            .await?
        {
            AreaRemoval::Deleted => "deleted",
            AreaRemoval::Archived => "archived",
        };
        Ok(Json(AreaRemovalBody {
            outcome: outcome.to_owned(),
        }))
    }

    /// Every current area with its counts of offers and needs (no names: needs no standing).
    #[oai(
        path = "/groups/:group_id/areas/summary",
        method = "get",
        tag = "Tag::Taxonomy"
    )]
    async fn area_summary(
        &self,
        auth: Credentials,
        group_id: Path<String>,
    ) -> Answer<Json<AreaSummaryList>> {
        let summary = self
            .app
            .area_summary(self.caller(&auth).await?, group(&group_id)?)
            .await?;
        Ok(Json(AreaSummaryList::of(&summary)))
    }

    /// The group's organisations.
    #[oai(
        path = "/groups/:group_id/organisations",
        method = "get",
        tag = "Tag::Taxonomy"
    )]
    async fn organisations(
        &self,
        auth: Credentials,
        group_id: Path<String>,
    ) -> Answer<Json<OrganisationList>> {
        let list = self
            .app
            .list_organisations(self.caller(&auth).await?, group(&group_id)?)
            .await?;
        Ok(Json(OrganisationList::of(&list)))
    }

    /// Add an organisation (admins).
    #[oai(
        path = "/groups/:group_id/organisations",
        method = "post",
        tag = "Tag::Taxonomy"
    )]
    async fn create_organisation(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        body: JsonBody<OrganisationRequest>,
    ) -> Answer<OrganisationCreated> {
        let account = self.caller(&auth).await?;
        let created = self
            .app
            .create_organisation(account, group(&group_id)?, Name::parse(&body.0.name)?)
            .await?;
        Ok(OrganisationCreated::Created(Json(OrganisationBody::from(
            &created,
        ))))
    }

    /// Your offers.
    #[oai(
        path = "/groups/:group_id/offers",
        method = "get",
        tag = "Tag::OffersAndNeeds"
    )]
    async fn offers(&self, auth: Credentials, group_id: Path<String>) -> Answer<Json<OfferList>> {
        let offers = self
            .app
            .my_offers(self.caller(&auth).await?, group(&group_id)?)
            .await?;
        Ok(Json(OfferList::of(&offers)))
    }

    /// Offer help in an area.
    #[oai(
        path = "/groups/:group_id/offers",
        method = "post",
        tag = "Tag::OffersAndNeeds"
    )]
    async fn create_offer(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        body: JsonBody<OfferRequest>,
    ) -> Answer<OfferCreated> {
        let account = self.caller(&auth).await?;
        let b = body.0;
        let new = NewOffer {
            area_id: AreaId::parse(&b.area_id)?,
            aspects: b
                .aspects
                .as_deref()
                .map(aspects)
                .transpose()?
                .unwrap_or_default(),
            description: Description::parse(&b.description)?,
            modes: modes(&b.modes, "modes")?,
            capacity: b.capacity.map(Capacity::new).transpose()?,
            travel_radius: b.travel_radius_km.map(TravelRadius::new).transpose()?,
            rank: b.rank.map(Rank::new).transpose()?,
        };
        let offer = self
            .app
            .create_offer(account, group(&group_id)?, new)
            .await?;
        Ok(OfferCreated::Created(Json(OfferBody::from(&offer))))
    }

    /// Change, pause or resume one of your offers.
    #[oai(
        path = "/groups/:group_id/offers/:offer_id",
        method = "patch",
        tag = "Tag::OffersAndNeeds"
    )]
    async fn update_offer(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        offer_id: Path<String>,
        body: JsonBody<OfferPatch>,
    ) -> Answer<Json<OfferBody>> {
        let account = self.caller(&auth).await?;
        let offer = path_id(&offer_id, OfferId::parse, "offer")?;
        let b = body.0;
        let changes = OfferChanges {
            aspects: b.aspects.as_deref().map(aspects).transpose()?,
            description: text(b.description, Description::parse)?,
            modes: b.modes.map(|m| modes(&m, "modes")).transpose()?,
            capacity: b.capacity.map(Capacity::new).transpose()?,
            travel_radius: b.travel_radius_km.map(TravelRadius::new).transpose()?,
            rank: maybe(b.rank, Rank::new)?,
            status: b.status.as_deref().map(OfferStatus::parse).transpose()?,
            version: version(b.version),
        };
        let updated = self
            .app
            .update_offer(account, group(&group_id)?, offer, changes)
            .await?;
        Ok(Json(OfferBody::from(&updated)))
    }

    /// Delete one of your offers that no request refers to.
    #[oai(
        path = "/groups/:group_id/offers/:offer_id",
        method = "delete",
        tag = "Tag::OffersAndNeeds"
    )]
    async fn delete_offer(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        offer_id: Path<String>,
    ) -> Answer<Removed> {
        let account = self.caller(&auth).await?;
        let offer = path_id(&offer_id, OfferId::parse, "offer")?;
        self.app
            .delete_offer(account, group(&group_id)?, offer)
            .await?;
        Ok(Removed::NoContent)
    }

    /// Your needs.
    #[oai(
        path = "/groups/:group_id/needs",
        method = "get",
        tag = "Tag::OffersAndNeeds"
    )]
    async fn needs(&self, auth: Credentials, group_id: Path<String>) -> Answer<Json<NeedList>> {
        let needs = self
            .app
            .my_needs(self.caller(&auth).await?, group(&group_id)?)
            .await?;
        Ok(Json(NeedList::of(&needs)))
    }

    /// Record a need.
    #[oai(
        path = "/groups/:group_id/needs",
        method = "post",
        tag = "Tag::OffersAndNeeds"
    )]
    async fn create_need(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        body: JsonBody<NeedRequest>,
    ) -> Answer<NeedCreated> {
        let account = self.caller(&auth).await?;
        let b = body.0;
        let new = NewNeed {
            area_id: AreaId::parse(&b.area_id)?,
            aspects: b
                .aspects
                .as_deref()
                .map(aspects)
                .transpose()?
                .unwrap_or_default(),
            description: Description::parse(&b.description)?,
            modes: modes(&b.modes.unwrap_or_default(), "modes")?,
            rank: b.rank.map(Rank::new).transpose()?,
        };
        let need = self
            .app
            .create_need(account, group(&group_id)?, new)
            .await?;
        Ok(NeedCreated::Created(Json(NeedBody::from(&need))))
    }

    /// Change one of your needs, or mark it met or withdrawn.
    #[oai(
        path = "/groups/:group_id/needs/:need_id",
        method = "patch",
        tag = "Tag::OffersAndNeeds"
    )]
    async fn update_need(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        need_id: Path<String>,
        body: JsonBody<NeedPatch>,
    ) -> Answer<Json<NeedBody>> {
        let account = self.caller(&auth).await?;
        let need = path_id(&need_id, NeedId::parse, "need")?;
        let b = body.0;
        let changes = NeedChanges {
            aspects: b.aspects.as_deref().map(aspects).transpose()?,
            description: text(b.description, Description::parse)?,
            modes: b.modes.map(|m| modes(&m, "modes")).transpose()?,
            rank: maybe(b.rank, Rank::new)?,
            status: b.status.as_deref().map(NeedStatus::parse).transpose()?,
            version: version(b.version),
        };
        let updated = self
            .app
            .update_need(account, group(&group_id)?, need, changes)
            .await?;
        Ok(Json(NeedBody::from(&updated)))
    }

    /// Delete one of your needs that no request refers to.
    #[oai(
        path = "/groups/:group_id/needs/:need_id",
        method = "delete",
        tag = "Tag::OffersAndNeeds"
    )]
    async fn delete_need(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        need_id: Path<String>,
    ) -> Answer<Removed> {
        let account = self.caller(&auth).await?;
        let need = path_id(&need_id, NeedId::parse, "need")?;
        self.app
            .delete_need(account, group(&group_id)?, need)
            .await?;
        Ok(Removed::NoContent)
    }

    /// Find peers who can help, best first. Contributors only: 403 `reciprocity_required` until
    /// you offer help yourself.
    #[oai(
        path = "/groups/:group_id/search",
        method = "get",
        tag = "Tag::Requests"
    )]
    #[allow(clippy::too_many_arguments)]
    async fn search(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        area_id: Query<String>,
        aspect: Query<Option<String>>,
        mode: Query<Vec<String>>,
        lat: Query<Option<f64>>,
        lon: Query<Option<f64>>,
        radius_km: Query<Option<f64>>,
        limit: Query<Option<i64>>,
    ) -> Answer<Json<SearchResults>> {
        let account = self.caller(&auth).await?;
        let near = match (lat.0, lon.0) {
            (Some(lat), Some(lon)) => Some(Position {
                lat: Latitude::new(lat)?,
                lon: Longitude::new(lon)?,
            }),
            (None, None) => None,
            (Some(_), None) => {
                return Err(ApiError::invalid("lon", "lon: give lat and lon together"));
            }
            (None, Some(_)) => {
                return Err(ApiError::invalid("lat", "lat: give lat and lon together"));
            }
        };
        let query = SearchQuery {
            area_id: AreaId::parse(&area_id.0)?,
            aspect: aspect
                .0
                .as_deref()
                .map(Aspect::parse)
                .transpose()
                .map_err(|e| e.in_field("aspect"))?,
            modes: modes(&mode.0, "mode")?,
            near,
            radius: radius_km.0.map(Distance::new).transpose()?,
            limit: limit.0.map(Limit::new).transpose()?.unwrap_or_default(),
        };
        let hits = self.app.search(account, group(&group_id)?, query).await?;
        Ok(Json(SearchResults {
            items: hits.iter().map(SearchHitBody::from).collect(),
        }))
    }

    /// Ask a peer for help about one of their offers. Contributors only. You get their contact
    /// details.
    #[oai(
        path = "/groups/:group_id/requests",
        method = "post",
        tag = "Tag::Requests"
    )]
    async fn create_request(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        body: JsonBody<CreateRequestRequest>,
    ) -> Answer<RequestCreated> {
        let account = self.caller(&auth).await?;
        let b = body.0;
        let new = NewRequest {
            offer_id: OfferId::parse(&b.offer_id)?,
            need_id: b.need_id.as_deref().map(NeedId::parse).transpose()?,
            message: Message::parse(&b.message)?,
            mode: Mode::parse(&b.mode).map_err(|e| e.in_field("mode"))?,
        };
        let details = self
            .app
            .create_request(account, group(&group_id)?, new)
            .await?;
        Ok(RequestCreated::Created(Json(RequestDetailsBody::from(
            &details,
        ))))
    }

    /// Your requests, as seeker or helper, a page at a time.
    #[oai(
        path = "/groups/:group_id/requests",
        method = "get",
        tag = "Tag::Requests"
    )]
    async fn requests(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        role: Query<Option<String>>,
        status: Query<Option<String>>,
        limit: Query<Option<i64>>,
        cursor: Query<Option<String>>,
    ) -> Answer<Json<RequestPage>> {
        let account = self.caller(&auth).await?;
        let side = match role.0.as_deref() {
            None | Some("seeker") => Side::Seeker,
            Some("helper") => Side::Helper,
            Some(other) => {
                return Err(ApiError::invalid(
                    "role",
                    format!("role: \"{other}\" is not one of: seeker, helper"),
                ));
            }
        };
        let filter = RequestFilter {
            side,
            status: status.0.as_deref().map(RequestStatus::parse).transpose()?,
        };
        let listed = self
            .app
            .my_requests(account, group(&group_id)?, filter, page(limit.0, cursor.0)?)
            .await?;
        Ok(Json(RequestPage {
            items: listed.items.iter().map(RequestBody::from).collect(),
            next_cursor: listed.next_cursor.map(|c| c.to_string()),
        }))
    }

    /// One of your requests, with the other side's contact details.
    #[oai(
        path = "/groups/:group_id/requests/:request_id",
        method = "get",
        tag = "Tag::Requests"
    )]
    async fn request(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        request_id: Path<String>,
    ) -> Answer<Json<RequestDetailsBody>> {
        let account = self.caller(&auth).await?;
        let request = path_id(&request_id, RequestId::parse, "request")?;
        let details = self
            .app
            .request(account, group(&group_id)?, request)
            .await?;
        Ok(Json(RequestDetailsBody::from(&details)))
    }

    /// The helper accepts a pending request.
    #[oai(
        path = "/groups/:group_id/requests/:request_id/accept",
        method = "post",
        tag = "Tag::Requests"
    )]
    async fn accept(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        request_id: Path<String>,
    ) -> Answer<Json<RequestBody>> {
        self.step(&auth, &group_id, &request_id, Transition::Accept)
            .await
    }

    /// The helper declines a pending request.
    #[oai(
        path = "/groups/:group_id/requests/:request_id/decline",
        method = "post",
        tag = "Tag::Requests"
    )]
    async fn decline(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        request_id: Path<String>,
    ) -> Answer<Json<RequestBody>> {
        self.step(&auth, &group_id, &request_id, Transition::Decline)
            .await
    }

    /// Either side records that the help was given.
    #[oai(
        path = "/groups/:group_id/requests/:request_id/complete",
        method = "post",
        tag = "Tag::Requests"
    )]
    async fn complete(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        request_id: Path<String>,
    ) -> Answer<Json<RequestBody>> {
        self.step(&auth, &group_id, &request_id, Transition::Complete)
            .await
    }

    /// The seeker withdraws a pending or accepted request.
    #[oai(
        path = "/groups/:group_id/requests/:request_id/cancel",
        method = "post",
        tag = "Tag::Requests"
    )]
    async fn cancel(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        request_id: Path<String>,
    ) -> Answer<Json<RequestBody>> {
        self.step(&auth, &group_id, &request_id, Transition::Cancel)
            .await
    }

    /// The seeker rates completed help, once.
    #[oai(
        path = "/groups/:group_id/requests/:request_id/feedback",
        method = "post",
        tag = "Tag::Requests"
    )]
    async fn feedback(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        request_id: Path<String>,
        body: JsonBody<FeedbackRequest>,
    ) -> Answer<FeedbackCreated> {
        let account = self.caller(&auth).await?;
        let request = path_id(&request_id, RequestId::parse, "request")?;
        let feedback = NewFeedback {
            rating: Rating::new(body.0.rating)?,
            comment: text(body.0.comment, Comment::parse)?,
        };
        let rated = self
            .app
            .give_feedback(account, group(&group_id)?, request, feedback)
            .await?;
        Ok(FeedbackCreated::Created(Json(RequestBody::from(&rated))))
    }
}

impl Api {
    async fn step(
        &self,
        auth: &Credentials,
        group_id: &str,
        request_id: &str,
        transition: Transition,
    ) -> Answer<Json<RequestBody>> {
        let account = self.caller(auth).await?;
        let request = path_id(request_id, RequestId::parse, "request")?;
        let moved = self
            .app
            .transition(account, group(group_id)?, request, transition)
            .await?;
        Ok(Json(RequestBody::from(&moved)))
    }
}
