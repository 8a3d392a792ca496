//! The shapes of the HTTP contract: request bodies (parsed by serde, documented by poem-openapi)
//! and responses. They are separate from the domain's types and from each other; requests
//! convert into the core's validated inputs with `TryFrom`, naming the field at fault.

use collaborate_core::MyProfile;
use collaborate_core::accounts::Account;
use collaborate_core::groups::{Group, Member, Membership};
use collaborate_core::offers::{Need, Offer};
use collaborate_core::requests::{RequestDetails, SupportRequest};
use collaborate_core::search::SearchHit;
use collaborate_core::taxonomy::{Area, AreaSummary, Organisation};
use collaborate_core::values::{Aspects, InvalidValue, Location, Modes, Version};
use poem_openapi::Object;
use poem_openapi::types::MaybeUndefined;
use serde::Deserialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}

fn names<T: AsRef<str>>(items: impl Iterator<Item = T>) -> Vec<String> {
    items.map(|i| i.as_ref().to_owned()).collect()
}

/// Parses an optional `version` into the core's type.
pub fn version(raw: Option<u32>) -> Option<Version> {
    raw.map(Version::new)
}

/// Reads mode names into a set of modes.
///
/// # Errors
/// An [`InvalidValue`] naming `field` for a name that is not a mode.
pub fn modes(raw: &[String], field: &'static str) -> Result<Modes, InvalidValue> {
    Modes::parse(raw).map_err(|e| e.in_field(field))
}

/// Reads aspect names.
///
/// # Errors
/// An [`InvalidValue`] for `aspects`.
pub fn aspects(raw: &[String]) -> Result<Aspects, InvalidValue> {
    Aspects::parse(raw)
}

// ---- requests --------------------------------------------------------------------------------

/// Registration.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    /// The address to sign in with.
    pub email: String,
    /// At least 10 characters.
    pub password: String,
    /// The name others see.
    pub display_name: String,
}

/// Signing in.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The account's email.
    pub email: String,
    /// Its password.
    pub password: String,
}

/// A group's settings; absent ones keep their value (or the default, on creation).
#[derive(Debug, Default, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct SettingsRequest {
    /// Qualifying offers needed to seek help (1–10, default 3).
    pub min_offers: Option<i64>,
    /// Days after which an unanswered request expires (1–365, default 14).
    pub request_expiry_days: Option<i64>,
    /// Days ahead a Peer Assist must be dated (0–365, default 7).
    pub peer_assist_min_days_ahead: Option<i64>,
    /// The join code (organic groups only); `null` removes it.
    #[serde(default)]
    pub join_code: MaybeUndefined<String>,
}

/// Creating a group.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct CreateGroupRequest {
    /// Its name.
    pub name: String,
    /// `organic` or `systemic`.
    pub growth_mode: String,
    /// Settings other than the defaults.
    pub settings: Option<SettingsRequest>,
}

/// Changing a group (admins).
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct UpdateGroupRequest {
    /// A new name.
    pub name: Option<String>,
    /// New settings.
    pub settings: Option<SettingsRequest>,
    /// The version edited; a stale one is refused with 409.
    pub version: Option<u32>,
}

/// Joining with a code.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct JoinRequest {
    /// The group's join code.
    pub join_code: String,
}

/// Inviting a person.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct InvitationRequest {
    /// Whom to invite.
    pub email: String,
    /// `member` (default) or `admin`.
    pub role: Option<String>,
}

/// An area to add.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct AreaRequest {
    /// Its name, unique in the group.
    pub name: String,
    /// What it covers.
    pub description: Option<String>,
    /// Its aspects, by name.
    pub aspects: Option<Vec<String>>,
}

/// Changes to an area.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct AreaPatch {
    /// A new name.
    pub name: Option<String>,
    /// What it covers; `null` clears it.
    #[serde(default)]
    pub description: MaybeUndefined<String>,
    /// The whole new list of aspects (aspects in use may not be dropped).
    pub aspects: Option<Vec<String>>,
    /// The version edited; a stale one is refused with 409.
    pub version: Option<u32>,
}

/// An organisation.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct OrganisationRequest {
    /// Its name.
    pub name: String,
}

/// An admin's change of a member.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct MemberUpdateRequest {
    /// `admin` or `member`.
    pub role: Option<String>,
    /// `active`, `suspended` or `left`.
    pub status: Option<String>,
    /// The version edited.
    pub version: Option<u32>,
}

/// A place.
#[derive(Debug, Clone, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct LocationBody {
    /// Its name, as you would say it.
    pub label: Option<String>,
    /// Latitude, -90 to 90.
    pub lat: f64,
    /// Longitude, -180 to 180.
    pub lon: f64,
}

/// Changes to one's own profile; `null` clears a field.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct ProfileRequest {
    /// The name shown in this group.
    pub display_name: Option<String>,
    /// One of the group's organisations.
    #[serde(default)]
    pub organisation_id: MaybeUndefined<String>,
    /// Job title.
    #[serde(default)]
    pub job_title: MaybeUndefined<String>,
    /// A few words about you.
    #[serde(default)]
    pub bio: MaybeUndefined<String>,
    /// Where you are based (others see it only to about a kilometre).
    #[serde(default)]
    pub location: MaybeUndefined<LocationBody>,
    /// Contact email (shown only to the other side of a request).
    #[serde(default)]
    pub contact_email: MaybeUndefined<String>,
    /// Phone (shown only to the other side of a request).
    #[serde(default)]
    pub phone: MaybeUndefined<String>,
    /// Video-call link (shown only to the other side of a request).
    #[serde(default)]
    pub video_link: MaybeUndefined<String>,
    /// Preferred modes.
    pub preferred_modes: Option<Vec<String>>,
    /// The version edited.
    pub version: Option<u32>,
}

/// An offer to make.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct OfferRequest {
    /// The area.
    pub area_id: String,
    /// Aspects of the area, by name.
    pub aspects: Option<Vec<String>>,
    /// What the help is.
    pub description: String,
    /// `phone`, `email`, `video`, `in_person` (at least one).
    pub modes: Vec<String>,
    /// Open requests at once (1–20, default 2).
    pub capacity: Option<i64>,
    /// How far you travel for in-person help (default 20 km).
    pub travel_radius_km: Option<f64>,
    /// Its place in your top five.
    pub rank: Option<i64>,
}

/// Changes to an offer (it stays in its area).
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct OfferPatch {
    /// Aspects of the area, by name.
    pub aspects: Option<Vec<String>>,
    /// What the help is.
    pub description: Option<String>,
    /// `phone`, `email`, `video`, `in_person` (at least one).
    pub modes: Option<Vec<String>>,
    /// Open requests at once (1–20).
    pub capacity: Option<i64>,
    /// How far you travel for in-person help.
    pub travel_radius_km: Option<f64>,
    /// Its place in your top five; `null` unranks it.
    #[serde(default)]
    pub rank: MaybeUndefined<i64>,
    /// `active` or `paused`.
    pub status: Option<String>,
    /// The version edited; a stale one is refused with 409.
    pub version: Option<u32>,
}

/// A need to record.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct NeedRequest {
    /// The area.
    pub area_id: String,
    /// Aspects of the area, by name.
    pub aspects: Option<Vec<String>>,
    /// What is needed.
    pub description: String,
    /// Preferred modes.
    pub modes: Option<Vec<String>>,
    /// Its place in your top five.
    pub rank: Option<i64>,
}

/// Changes to a need (it stays in its area).
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct NeedPatch {
    /// Aspects of the area, by name.
    pub aspects: Option<Vec<String>>,
    /// What is needed.
    pub description: Option<String>,
    /// Preferred modes.
    pub modes: Option<Vec<String>>,
    /// Its place in your top five; `null` unranks it.
    #[serde(default)]
    pub rank: MaybeUndefined<i64>,
    /// `open`, `met` or `withdrawn`.
    pub status: Option<String>,
    /// The version edited; a stale one is refused with 409.
    pub version: Option<u32>,
}

/// A support request.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct CreateRequestRequest {
    /// The offer asked about.
    pub offer_id: String,
    /// One of your open needs it answers.
    pub need_id: Option<String>,
    /// Your message to the helper.
    pub message: String,
    /// One of the offer's modes.
    pub mode: String,
}

/// Feedback on completed help.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct FeedbackRequest {
    /// 1 to 5.
    pub rating: i64,
    /// Optional words.
    pub comment: Option<String>,
}

// ---- responses -------------------------------------------------------------------------------

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
}

impl From<&Account> for AccountBody {
    fn from(a: &Account) -> Self {
        Self {
            id: a.id.to_string(),
            email: a.email.to_string(),
            display_name: a.display_name.to_string(),
            created_at: rfc3339(a.created_at),
        }
    }
}

/// A new session.
#[derive(Debug, Object)]
pub struct SessionBody {
    /// The bearer token: send it as `Authorization: Bearer <token>`. It is shown once.
    pub token: String,
    /// The account signed in.
    pub account: AccountBody,
}

/// A group's settings.
#[derive(Debug, Object)]
pub struct SettingsBody {
    /// Qualifying offers needed to seek help.
    pub min_offers: u32,
    /// Days after which an unanswered request expires.
    pub request_expiry_days: u32,
    /// Days ahead a Peer Assist must be dated.
    pub peer_assist_min_days_ahead: u32,
    /// The join code (shown to admins only).
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
                request_expiry_days: g.settings.request_expiry_days.get(),
                peer_assist_min_days_ahead: g.settings.peer_assist_min_days_ahead.get(),
                join_code: g.settings.join_code.as_ref().map(|c| c.as_str().to_owned()),
            },
            version: g.version.get(),
            created_at: rfc3339(g.created_at),
        }
    }
}

/// A place.
#[derive(Debug, Object)]
pub struct LocationOut {
    /// Its name.
    pub label: Option<String>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

impl From<&Location> for LocationOut {
    fn from(l: &Location) -> Self {
        Self {
            label: l.label.as_ref().map(ToString::to_string),
            lat: l.position.lat.get(),
            lon: l.position.lon.get(),
        }
    }
}

/// How to reach someone.
#[derive(Debug, Object)]
pub struct ContactBody {
    /// Email.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Video-call link.
    pub video_link: Option<String>,
}

impl From<&collaborate_core::groups::ContactChannels> for ContactBody {
    fn from(c: &collaborate_core::groups::ContactChannels) -> Self {
        Self {
            email: c.email.as_ref().map(ToString::to_string),
            phone: c.phone.as_ref().map(ToString::to_string),
            video_link: c.video_link.as_ref().map(ToString::to_string),
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
    /// `invited`, `active`, `suspended` or `left`.
    pub status: String,
    /// Name in this group.
    pub display_name: String,
    /// Organisation.
    pub organisation_id: Option<String>,
    /// Job title.
    pub job_title: Option<String>,
    /// Bio.
    pub bio: Option<String>,
    /// Where they are based.
    pub location: Option<LocationOut>,
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
            location: p.location.as_ref().map(LocationOut::from),
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
}

impl From<&MyProfile> for MyProfileBody {
    fn from(p: &MyProfile) -> Self {
        Self {
            member: MemberBody::from(&p.member),
            contributor: p.standing.is_contributor(),
            offers_needed: p.standing.offers_needed(),
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

/// The caller.
#[derive(Debug, Object)]
pub struct MeBody {
    /// The account.
    pub account: AccountBody,
    /// The groups they are in.
    pub memberships: Vec<MembershipBody>,
}

/// An invitation made.
#[derive(Debug, Object)]
pub struct InvitationBody {
    /// Its id.
    pub id: String,
    /// Whom.
    pub email: String,
    /// As what.
    pub role: String,
    /// The token to send to the invitee; they accept at `POST /api/v1/invitations/{token}/accept`.
    pub token: String,
}

/// An area.
#[derive(Debug, Object)]
pub struct AreaBody {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// What it covers.
    pub description: Option<String>,
    /// Its aspects.
    pub aspects: Vec<String>,
    /// Archived areas keep their history but take no new offers or needs.
    pub archived: bool,
    /// Version, for edits.
    pub version: u32,
}

impl From<&Area> for AreaBody {
    fn from(a: &Area) -> Self {
        Self {
            id: a.id.to_string(),
            name: a.name.to_string(),
            description: a.description.as_ref().map(ToString::to_string),
            aspects: names(a.aspects.iter()),
            archived: a.archived,
            version: a.version.get(),
        }
    }
}

/// An area with its counts.
#[derive(Debug, Object)]
pub struct AreaSummaryBody {
    /// The area.
    pub area: AreaBody,
    /// Active offers.
    pub offers: u32,
    /// Open needs.
    pub needs: u32,
}

impl From<&AreaSummary> for AreaSummaryBody {
    fn from(s: &AreaSummary) -> Self {
        Self {
            area: AreaBody::from(&s.area),
            offers: s.offers,
            needs: s.needs,
        }
    }
}

/// An organisation.
#[derive(Debug, Object)]
pub struct OrganisationBody {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
}

impl From<&Organisation> for OrganisationBody {
    fn from(o: &Organisation) -> Self {
        Self {
            id: o.id.to_string(),
            name: o.name.to_string(),
        }
    }
}

/// An offer.
#[derive(Debug, Object)]
pub struct OfferBody {
    /// Its id.
    pub id: String,
    /// The area.
    pub area_id: String,
    /// Aspects.
    pub aspects: Vec<String>,
    /// What the help is.
    pub description: String,
    /// Modes.
    pub modes: Vec<String>,
    /// Open requests at once.
    pub capacity: u32,
    /// Reach for in-person help.
    pub travel_radius_km: Option<f64>,
    /// Place in the top five.
    pub rank: Option<u32>,
    /// `active` or `paused`.
    pub status: String,
    /// Version, for edits.
    pub version: u32,
    /// When it was made.
    pub created_at: String,
}

impl From<&Offer> for OfferBody {
    fn from(o: &Offer) -> Self {
        Self {
            id: o.id.to_string(),
            area_id: o.area_id.to_string(),
            aspects: names(o.aspects.iter()),
            description: o.description.to_string(),
            modes: names(o.modes.iter().map(|m| m.as_str())),
            capacity: o.capacity.get(),
            travel_radius_km: o.travel_radius.map(|r| r.get()),
            rank: o.rank.map(|r| r.get()),
            status: o.status.to_string(),
            version: o.version.get(),
            created_at: rfc3339(o.created_at),
        }
    }
}

/// A need.
#[derive(Debug, Object)]
pub struct NeedBody {
    /// Its id.
    pub id: String,
    /// The area.
    pub area_id: String,
    /// Aspects.
    pub aspects: Vec<String>,
    /// What is needed.
    pub description: String,
    /// Preferred modes.
    pub modes: Vec<String>,
    /// Place in the top five.
    pub rank: Option<u32>,
    /// `open`, `met` or `withdrawn`.
    pub status: String,
    /// Version, for edits.
    pub version: u32,
    /// When it was recorded.
    pub created_at: String,
}

impl From<&Need> for NeedBody {
    fn from(n: &Need) -> Self {
        Self {
            id: n.id.to_string(),
            area_id: n.area_id.to_string(),
            aspects: names(n.aspects.iter()),
            description: n.description.to_string(),
            modes: names(n.modes.iter().map(|m| m.as_str())),
            rank: n.rank.map(|r| r.get()),
            status: n.status.to_string(),
            version: n.version.get(),
            created_at: rfc3339(n.created_at),
        }
    }
}

/// A position to about a kilometre.
#[derive(Debug, Object)]
pub struct ApproximateLocation {
    /// Latitude, rounded.
    pub lat: f64,
    /// Longitude, rounded.
    pub lon: f64,
}

/// What search shows of a peer: no contact details, no exact position.
#[derive(Debug, Object)]
pub struct PeerBody {
    /// The member.
    pub member_id: String,
    /// Their name.
    pub display_name: String,
    /// Their organisation.
    pub organisation: Option<String>,
    /// Their job title.
    pub job_title: Option<String>,
    /// Where they are, to about a kilometre.
    pub approximate_location: Option<ApproximateLocation>,
}

/// One factor of a score.
#[derive(Debug, Object)]
pub struct ScorePartBody {
    /// `aspect_match`, `mode_fit`, `proximity`, `spare_capacity`, `few_recent_requests`,
    /// `top_strength` or `other_organisation`.
    pub factor: String,
    /// Points it gave.
    pub points: u32,
}

/// Why a result ranks where it does.
#[derive(Debug, Object)]
pub struct ScoreBody {
    /// The total.
    pub total: u32,
    /// What contributed.
    pub parts: Vec<ScorePartBody>,
}

/// One search result.
#[derive(Debug, Object)]
pub struct SearchHitBody {
    /// The offer.
    pub offer_id: String,
    /// Its aspects.
    pub aspects: Vec<String>,
    /// Its description.
    pub description: String,
    /// Its modes.
    pub modes: Vec<String>,
    /// Its rank in the helper's top five.
    pub rank: Option<u32>,
    /// Requests it can still take.
    pub spare_capacity: u32,
    /// The peer.
    pub peer: PeerBody,
    /// Distance in whole kilometres, when both places are known.
    pub distance_km: Option<f64>,
    /// The score and its parts.
    pub score: ScoreBody,
}

impl From<&SearchHit> for SearchHitBody {
    fn from(h: &SearchHit) -> Self {
        Self {
            offer_id: h.offer_id.to_string(),
            aspects: names(h.aspects.iter()),
            description: h.description.to_string(),
            modes: names(h.modes.iter().map(|m| m.as_str())),
            rank: h.rank.map(|r| r.get()),
            spare_capacity: h.spare_capacity,
            peer: PeerBody {
                member_id: h.peer.member_id.to_string(),
                display_name: h.peer.display_name.to_string(),
                organisation: h.peer.organisation.as_ref().map(ToString::to_string),
                job_title: h.peer.job_title.as_ref().map(ToString::to_string),
                approximate_location: h.peer.approximate_position.map(|p| ApproximateLocation {
                    lat: p.lat,
                    lon: p.lon,
                }),
            },
            distance_km: h.distance_km,
            score: ScoreBody {
                total: h.score.total,
                parts: h
                    .score
                    .parts
                    .iter()
                    .map(|p| ScorePartBody {
                        factor: p.factor.as_str().to_owned(),
                        points: p.points,
                    })
                    .collect(),
            },
        }
    }
}

/// Search results.
#[derive(Debug, Object)]
pub struct SearchResults {
    /// Best first.
    pub items: Vec<SearchHitBody>,
}

/// The seeker's feedback.
#[derive(Debug, Object)]
pub struct FeedbackBody {
    /// 1 to 5.
    pub rating: u32,
    /// Their words.
    pub comment: Option<String>,
    /// When.
    pub given_at: String,
}

/// A support request.
#[derive(Debug, Object)]
pub struct RequestBody {
    /// Its id.
    pub id: String,
    /// The offer.
    pub offer_id: String,
    /// The offer's area.
    pub area_id: String,
    /// Who asked.
    pub seeker_id: String,
    /// Who was asked.
    pub helper_id: String,
    /// The need it answers.
    pub need_id: Option<String>,
    /// The seeker's message.
    pub message: String,
    /// How the help is given.
    pub mode: String,
    /// `pending`, `accepted`, `completed`, `declined`, `cancelled` or `expired`.
    pub status: String,
    /// When it was sent.
    pub created_at: String,
    /// When it expires if still pending.
    pub expires_at: String,
    /// When its status last changed.
    pub updated_at: String,
    /// The seeker's feedback.
    pub feedback: Option<FeedbackBody>,
}

impl From<&SupportRequest> for RequestBody {
    fn from(r: &SupportRequest) -> Self {
        Self {
            id: r.id.to_string(),
            offer_id: r.offer_id.to_string(),
            area_id: r.area_id.to_string(),
            seeker_id: r.seeker_id.to_string(),
            helper_id: r.helper_id.to_string(),
            need_id: r.need_id.map(|n| n.to_string()),
            message: r.message.to_string(),
            mode: r.mode.to_string(),
            status: r.status.to_string(),
            created_at: rfc3339(r.created_at),
            expires_at: rfc3339(r.expires_at),
            updated_at: rfc3339(r.updated_at),
            feedback: r.feedback.as_ref().map(|f| FeedbackBody {
                rating: f.rating.get(),
                comment: f.comment.as_ref().map(ToString::to_string),
                given_at: rfc3339(f.given_at),
            }),
        }
    }
}

/// The other side of a request, and how to reach them.
#[derive(Debug, Object)]
pub struct CounterpartBody {
    /// The member.
    pub member_id: String,
    /// Their name.
    pub display_name: String,
    /// Their contact details.
    pub contact: ContactBody,
}

/// A request as one of its sides sees it.
#[derive(Debug, Object)]
pub struct RequestDetailsBody {
    /// The request.
    pub request: RequestBody,
    /// `seeker` or `helper`: your side.
    pub side: String,
    /// The other side, with contact details.
    pub counterpart: CounterpartBody,
}

impl From<&RequestDetails> for RequestDetailsBody {
    fn from(d: &RequestDetails) -> Self {
        Self {
            request: RequestBody::from(&d.request),
            side: match d.side {
                collaborate_core::requests::Side::Seeker => "seeker".into(),
                collaborate_core::requests::Side::Helper => "helper".into(),
            },
            counterpart: CounterpartBody {
                member_id: d.counterpart.member_id.to_string(),
                display_name: d.counterpart.display_name.to_string(),
                contact: ContactBody::from(&d.counterpart.contact),
            },
        }
    }
}

/// A page of members.
#[derive(Debug, Object)]
pub struct MemberPage {
    /// The members.
    pub items: Vec<MemberBody>,
    /// Pass as `cursor` for the next page.
    pub next_cursor: Option<String>,
}

/// A page of requests.
#[derive(Debug, Object)]
pub struct RequestPage {
    /// The requests.
    pub items: Vec<RequestBody>,
    /// Pass as `cursor` for the next page.
    pub next_cursor: Option<String>,
}

/// Declares a list response: `{items, next_cursor}`, where lists bounded by nature (a group's
/// areas, one's own offers) always fit one page.
macro_rules! list_of {
    ($(#[$doc:meta])* $name:ident, $item:ty) => {
        $(#[$doc])*
        #[derive(Debug, Object)]
        pub struct $name {
            /// The items.
            pub items: Vec<$item>,
            /// Always null: the whole list is here.
            pub next_cursor: Option<String>,
        }

        impl $name {
            /// The whole list.
            pub fn of<'a, T: 'a>(items: impl IntoIterator<Item = &'a T>) -> Self
            where
                $item: From<&'a T>,
            {
                Self { items: items.into_iter().map(<$item>::from).collect(), next_cursor: None }
            }
        }
    };
}

list_of!(/// One's groups.
    MembershipList, MembershipBody);
list_of!(/// A group's areas.
    AreaList, AreaBody);
list_of!(/// Every current area with its counts.
    AreaSummaryList, AreaSummaryBody);
list_of!(/// A group's organisations.
    OrganisationList, OrganisationBody);
list_of!(/// One's offers.
    OfferList, OfferBody);
list_of!(/// One's needs.
    NeedList, NeedBody);

/// What removing an area did.
#[derive(Debug, Object)]
pub struct AreaRemovalBody {
    /// `deleted` (nothing referred to it) or `archived` (kept for its history).
    pub outcome: String,
}
