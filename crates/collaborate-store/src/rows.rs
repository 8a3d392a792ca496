//! Explicit, checked conversions between the core's domain types and table rows. A row that fails
//! the domain's validation is reported as a corrupt row, never trusted and never a panic.

use crate::entities::{
    accounts, areas, audit_events, groups, invitations, members, needs, offers, organisations,
    requests, sessions,
};
use collaborate_core::PortError;
use collaborate_core::accounts::{Account, PasswordHash, Session};
use collaborate_core::audit::{AuditAction, AuditEvent};
use collaborate_core::groups::{
    ContactChannels, Group, GroupSettings, Invitation, Member, Profile,
};
use collaborate_core::offers::{Need, Offer};
use collaborate_core::requests::{Feedback, SupportRequest};
use collaborate_core::taxonomy::{Area, Organisation};
use collaborate_core::values::*;
use sea_orm::{ActiveModelTrait, IntoActiveModel};
use time::OffsetDateTime;

/// Why a stored row could not become a domain value.
#[derive(Debug, thiserror::Error)]
#[error("a stored {table} row is not valid: {problem}")]
struct CorruptRow {
    table: &'static str,
    problem: String,
}

fn corrupt(table: &'static str, problem: impl std::fmt::Display) -> PortError {
    PortError::failed(
        format!("failed to read a {table} row"),
        CorruptRow {
            table,
            problem: problem.to_string(),
        },
    )
}

/// Checks a column's value with the domain's own constructor.
trait Checked<T> {
    fn checked(self, table: &'static str) -> Result<T, PortError>;
}

impl<T, E: std::fmt::Display> Checked<T> for Result<T, E> {
    fn checked(self, table: &'static str) -> Result<T, PortError> {
        self.map_err(|e| corrupt(table, e))
    }
}

/// A time as whole microseconds since the Unix epoch: what both engines store and compare.
pub(crate) fn micros(at: OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos() / 1000).unwrap_or(i64::MAX)
}

fn time_of(table: &'static str, micros: i64) -> Result<OffsetDateTime, PortError> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(micros) * 1000).checked(table)
}

fn optional<T>(
    table: &'static str,
    raw: Option<String>,
    parse: impl Fn(&str) -> Result<T, InvalidValue>,
) -> Result<Option<T>, PortError> {
    raw.map(|r| parse(&r)).transpose().checked(table)
}

fn version(table: &'static str, value: i32) -> Result<Version, PortError> {
    u32::try_from(value).map(Version::new).checked(table)
}

fn version_column(version: Version) -> i32 {
    i32::try_from(version.get()).unwrap_or(i32::MAX)
}

fn small(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

pub(crate) fn modes_column(modes: &Modes) -> String {
    modes.iter().map(Mode::as_str).collect::<Vec<_>>().join(",")
}

fn modes(table: &'static str, raw: &str) -> Result<Modes, PortError> {
    let names: Vec<&str> = raw.split(',').filter(|n| !n.is_empty()).collect();
    Modes::parse(&names).checked(table)
}

pub(crate) fn aspects_column(aspects: &Aspects) -> String {
    serde_json::to_string(aspects).unwrap_or_else(|_| "[]".to_owned())
}

pub(crate) fn aspects(table: &'static str, raw: &str) -> Result<Aspects, PortError> {
    serde_json::from_str(raw).checked(table)
}

pub(crate) fn account_row(account: &Account) -> accounts::Model {
    accounts::Model {
        id: account.id.as_uuid(),
        email: account.email.as_str().to_owned(),
        email_key: account.email.key(),
        display_name: account.display_name.as_str().to_owned(),
        password_hash: account.password_hash.as_str().to_owned(),
        created_at: micros(account.created_at),
    }
}

pub(crate) fn account(row: accounts::Model) -> Result<Account, PortError> {
    const T: &str = "accounts";
    Ok(Account {
        id: AccountId::from_uuid(row.id),
        email: Email::parse(&row.email).checked(T)?,
        display_name: DisplayName::parse(&row.display_name).checked(T)?,
        password_hash: PasswordHash::parse(&row.password_hash).checked(T)?,
        created_at: time_of(T, row.created_at)?,
    })
}

pub(crate) fn session_row(session: &Session) -> sessions::Model {
    sessions::Model {
        token_hash: session.token_hash.as_str().to_owned(),
        account_id: session.account_id.as_uuid(),
        created_at: micros(session.created_at),
        last_seen_at: micros(session.last_seen_at),
    }
}

pub(crate) fn session(row: sessions::Model) -> Result<Session, PortError> {
    const T: &str = "sessions";
    Ok(Session {
        token_hash: TokenHash::parse(&row.token_hash).checked(T)?,
        account_id: AccountId::from_uuid(row.account_id),
        created_at: time_of(T, row.created_at)?,
        last_seen_at: time_of(T, row.last_seen_at)?,
    })
}

pub(crate) fn group_row(group: &Group) -> groups::Model {
    groups::Model {
        id: group.id.as_uuid(),
        name: group.name.as_str().to_owned(),
        slug: group.slug.as_str().to_owned(),
        growth_mode: group.growth_mode.as_str().to_owned(),
        min_offers: small(group.settings.min_offers.get()),
        request_expiry_days: small(group.settings.request_expiry_days.get()),
        peer_assist_min_days_ahead: small(group.settings.peer_assist_min_days_ahead.get()),
        join_code: group
            .settings
            .join_code
            .as_ref()
            .map(|c| c.as_str().to_owned()),
        version: version_column(group.version),
        created_at: micros(group.created_at),
    }
}

pub(crate) fn group(row: groups::Model) -> Result<Group, PortError> {
    const T: &str = "groups";
    Ok(Group {
        id: GroupId::from_uuid(row.id),
        name: GroupName::parse(&row.name).checked(T)?,
        slug: Slug::parse(&row.slug).checked(T)?,
        growth_mode: GrowthMode::parse(&row.growth_mode).checked(T)?,
        settings: GroupSettings {
            min_offers: MinOffers::new(i64::from(row.min_offers)).checked(T)?,
            request_expiry_days: ExpiryDays::new(i64::from(row.request_expiry_days)).checked(T)?,
            peer_assist_min_days_ahead: PeerAssistDaysAhead::new(i64::from(
                row.peer_assist_min_days_ahead,
            ))
            .checked(T)?,
            join_code: optional(T, row.join_code, JoinCode::parse)?,
        },
        version: version(T, row.version)?,
        created_at: time_of(T, row.created_at)?,
    })
}

pub(crate) fn organisation_row(organisation: &Organisation) -> organisations::Model {
    organisations::Model {
        id: organisation.id.as_uuid(),
        group_id: organisation.group_id.as_uuid(),
        name: organisation.name.as_str().to_owned(),
        name_key: organisation.name.key(),
    }
}

pub(crate) fn organisation(row: organisations::Model) -> Result<Organisation, PortError> {
    Ok(Organisation {
        id: OrganisationId::from_uuid(row.id),
        group_id: GroupId::from_uuid(row.group_id),
        name: Name::parse(&row.name).checked("organisations")?,
    })
}

pub(crate) fn member_row(member: &Member) -> members::Model {
    let p = &member.profile;
    let text = |v: Option<&str>| v.map(str::to_owned);
    members::Model {
        id: member.id.as_uuid(),
        group_id: member.group_id.as_uuid(),
        account_id: member.account_id.as_uuid(),
        role: member.role.as_str().to_owned(),
        status: member.status.as_str().to_owned(),
        display_name: p.display_name.as_str().to_owned(),
        organisation_id: p.organisation_id.map(|o| o.as_uuid()),
        job_title: text(p.job_title.as_ref().map(JobTitle::as_str)),
        bio: text(p.bio.as_ref().map(Bio::as_str)),
        location_label: text(
            p.location
                .as_ref()
                .and_then(|l| l.label.as_ref())
                .map(PlaceLabel::as_str),
        ),
        lat: p.location.as_ref().map(|l| l.position.lat.get()),
        lon: p.location.as_ref().map(|l| l.position.lon.get()),
        contact_email: text(p.contact.email.as_ref().map(Email::as_str)),
        phone: text(p.contact.phone.as_ref().map(Phone::as_str)),
        video_link: text(p.contact.video_link.as_ref().map(VideoLink::as_str)),
        preferred_modes: modes_column(&p.preferred_modes),
        version: version_column(member.version),
        joined_at: micros(member.joined_at),
        grid: p
            .location
            .as_ref()
            .map(|l| crate::places::cell(l.position.lat.get(), l.position.lon.get())),
    }
}

pub(crate) fn member(row: members::Model) -> Result<Member, PortError> {
    const T: &str = "members";
    let location = match (row.lat, row.lon) {
        (Some(lat), Some(lon)) => Some(Location {
            label: optional(T, row.location_label, PlaceLabel::parse)?,
            position: Position {
                lat: Latitude::new(lat).checked(T)?,
                lon: Longitude::new(lon).checked(T)?,
            },
        }),
        (None, None) => None,
        _ => return Err(corrupt(T, "a latitude without a longitude")),
    };
    Ok(Member {
        id: MemberId::from_uuid(row.id),
        group_id: GroupId::from_uuid(row.group_id),
        account_id: AccountId::from_uuid(row.account_id),
        role: Role::parse(&row.role).checked(T)?,
        status: MemberStatus::parse(&row.status).checked(T)?,
        profile: Profile {
            display_name: DisplayName::parse(&row.display_name).checked(T)?,
            organisation_id: row.organisation_id.map(OrganisationId::from_uuid),
            job_title: optional(T, row.job_title, JobTitle::parse)?,
            bio: optional(T, row.bio, Bio::parse)?,
            location,
            contact: ContactChannels {
                email: optional(T, row.contact_email, Email::parse)?,
                phone: optional(T, row.phone, Phone::parse)?,
                video_link: optional(T, row.video_link, VideoLink::parse)?,
            },
            preferred_modes: modes(T, &row.preferred_modes)?,
        },
        version: version(T, row.version)?,
        joined_at: time_of(T, row.joined_at)?,
    })
}

pub(crate) fn invitation_row(invitation: &Invitation) -> invitations::Model {
    invitations::Model {
        id: invitation.id.as_uuid(),
        group_id: invitation.group_id.as_uuid(),
        email: invitation.email.as_str().to_owned(),
        role: invitation.role.as_str().to_owned(),
        token_hash: invitation.token_hash.as_str().to_owned(),
        invited_by: invitation.invited_by.as_uuid(),
        created_at: micros(invitation.created_at),
        accepted_at: invitation.accepted_at.map(micros),
    }
}

pub(crate) fn invitation(row: invitations::Model) -> Result<Invitation, PortError> {
    const T: &str = "invitations";
    Ok(Invitation {
        id: InvitationId::from_uuid(row.id),
        group_id: GroupId::from_uuid(row.group_id),
        email: Email::parse(&row.email).checked(T)?,
        role: Role::parse(&row.role).checked(T)?,
        token_hash: TokenHash::parse(&row.token_hash).checked(T)?,
        invited_by: MemberId::from_uuid(row.invited_by),
        created_at: time_of(T, row.created_at)?,
        accepted_at: row.accepted_at.map(|at| time_of(T, at)).transpose()?,
    })
}

pub(crate) fn area_row(area: &Area) -> areas::Model {
    areas::Model {
        id: area.id.as_uuid(),
        group_id: area.group_id.as_uuid(),
        name: area.name.as_str().to_owned(),
        name_key: area.name.key(),
        description: area.description.as_ref().map(|d| d.as_str().to_owned()),
        aspects: aspects_column(&area.aspects),
        archived: area.archived,
        version: version_column(area.version),
    }
}

pub(crate) fn area(row: areas::Model) -> Result<Area, PortError> {
    const T: &str = "areas";
    Ok(Area {
        id: AreaId::from_uuid(row.id),
        group_id: GroupId::from_uuid(row.group_id),
        name: Name::parse(&row.name).checked(T)?,
        description: optional(T, row.description, Description::parse)?,
        aspects: aspects(T, &row.aspects)?,
        archived: row.archived,
        version: version(T, row.version)?,
    })
}

pub(crate) fn offer_row(offer: &Offer) -> offers::Model {
    offers::Model {
        id: offer.id.as_uuid(),
        group_id: offer.group_id.as_uuid(),
        member_id: offer.member_id.as_uuid(),
        area_id: offer.area_id.as_uuid(),
        aspects: aspects_column(&offer.aspects),
        description: offer.description.as_str().to_owned(),
        modes: modes_column(&offer.modes),
        capacity: small(offer.capacity.get()),
        travel_radius_km: offer.travel_radius.map(TravelRadius::get),
        rank: offer.rank.map(|r| small(r.get())),
        status: offer.status.as_str().to_owned(),
        version: version_column(offer.version),
        created_at: micros(offer.created_at),
        grid: None,
    }
}

/// The columns of an offer to write: all but `grid`, which follows the member's place.
pub(crate) fn offer_columns(offer: &Offer) -> offers::ActiveModel {
    let mut columns = offer_row(offer).into_active_model().reset_all();
    columns.grid = sea_orm::ActiveValue::NotSet;
    columns
}

pub(crate) fn offer(row: offers::Model) -> Result<Offer, PortError> {
    const T: &str = "offers";
    Ok(Offer {
        id: OfferId::from_uuid(row.id),
        group_id: GroupId::from_uuid(row.group_id),
        member_id: MemberId::from_uuid(row.member_id),
        area_id: AreaId::from_uuid(row.area_id),
        aspects: aspects(T, &row.aspects)?,
        description: Description::parse(&row.description).checked(T)?,
        modes: modes(T, &row.modes)?,
        capacity: Capacity::new(i64::from(row.capacity)).checked(T)?,
        travel_radius: row
            .travel_radius_km
            .map(TravelRadius::new)
            .transpose()
            .checked(T)?,
        rank: row
            .rank
            .map(|r| Rank::new(i64::from(r)))
            .transpose()
            .checked(T)?,
        status: OfferStatus::parse(&row.status).checked(T)?,
        version: version(T, row.version)?,
        created_at: time_of(T, row.created_at)?,
    })
}

pub(crate) fn need_row(need: &Need) -> needs::Model {
    needs::Model {
        id: need.id.as_uuid(),
        group_id: need.group_id.as_uuid(),
        member_id: need.member_id.as_uuid(),
        area_id: need.area_id.as_uuid(),
        aspects: aspects_column(&need.aspects),
        description: need.description.as_str().to_owned(),
        modes: modes_column(&need.modes),
        rank: need.rank.map(|r| small(r.get())),
        status: need.status.as_str().to_owned(),
        version: version_column(need.version),
        created_at: micros(need.created_at),
    }
}

pub(crate) fn need(row: needs::Model) -> Result<Need, PortError> {
    const T: &str = "needs";
    Ok(Need {
        id: NeedId::from_uuid(row.id),
        group_id: GroupId::from_uuid(row.group_id),
        member_id: MemberId::from_uuid(row.member_id),
        area_id: AreaId::from_uuid(row.area_id),
        aspects: aspects(T, &row.aspects)?,
        description: Description::parse(&row.description).checked(T)?,
        modes: modes(T, &row.modes)?,
        rank: row
            .rank
            .map(|r| Rank::new(i64::from(r)))
            .transpose()
            .checked(T)?,
        status: NeedStatus::parse(&row.status).checked(T)?,
        version: version(T, row.version)?,
        created_at: time_of(T, row.created_at)?,
    })
}

pub(crate) fn request_row(request: &SupportRequest) -> requests::Model {
    let feedback = request.feedback.as_ref();
    requests::Model {
        id: request.id.as_uuid(),
        group_id: request.group_id.as_uuid(),
        offer_id: request.offer_id.as_uuid(),
        area_id: request.area_id.as_uuid(),
        seeker_id: request.seeker_id.as_uuid(),
        helper_id: request.helper_id.as_uuid(),
        need_id: request.need_id.map(|n| n.as_uuid()),
        message: request.message.as_str().to_owned(),
        mode: request.mode.as_str().to_owned(),
        status: request.status.as_str().to_owned(),
        created_at: micros(request.created_at),
        expires_at: micros(request.expires_at),
        updated_at: micros(request.updated_at),
        rating: feedback.map(|f| small(f.rating.get())),
        comment: feedback
            .and_then(|f| f.comment.as_ref())
            .map(|c| c.as_str().to_owned()),
        feedback_at: feedback.map(|f| micros(f.given_at)),
    }
}

pub(crate) fn request(row: requests::Model) -> Result<SupportRequest, PortError> {
    const T: &str = "requests";
    let feedback = match (row.rating, row.feedback_at) {
        (Some(rating), Some(at)) => Some(Feedback {
            rating: Rating::new(i64::from(rating)).checked(T)?,
            comment: optional(T, row.comment, Comment::parse)?,
            given_at: time_of(T, at)?,
        }),
        (None, None) => None,
        _ => {
            return Err(corrupt(
                T,
                "a rating without its time, or a time without its rating",
            ));
        }
    };
    Ok(SupportRequest {
        id: RequestId::from_uuid(row.id),
        group_id: GroupId::from_uuid(row.group_id),
        offer_id: OfferId::from_uuid(row.offer_id),
        area_id: AreaId::from_uuid(row.area_id),
        seeker_id: MemberId::from_uuid(row.seeker_id),
        helper_id: MemberId::from_uuid(row.helper_id),
        need_id: row.need_id.map(NeedId::from_uuid),
        message: Message::parse(&row.message).checked(T)?,
        mode: Mode::parse(&row.mode).checked(T)?,
        status: RequestStatus::parse(&row.status).checked(T)?,
        created_at: time_of(T, row.created_at)?,
        expires_at: time_of(T, row.expires_at)?,
        updated_at: time_of(T, row.updated_at)?,
        feedback,
    })
}

pub(crate) fn audit_row(event: &AuditEvent) -> audit_events::Model {
    let (action, subject, request, from, to) = match &event.action {
        AuditAction::ContactsRevealed {
            request_id,
            subject_id,
        } => (
            "contacts_revealed",
            *subject_id,
            Some(request_id.as_uuid()),
            None,
            None,
        ),
        AuditAction::RoleChanged {
            subject_id,
            from,
            to,
        } => (
            "role_changed",
            *subject_id,
            None,
            Some(from.as_str()),
            Some(to.as_str()),
        ),
        AuditAction::StatusChanged {
            subject_id,
            from,
            to,
        } => (
            "status_changed",
            *subject_id,
            None,
            Some(from.as_str()),
            Some(to.as_str()),
        ),
    };
    audit_events::Model {
        id: event.id.as_uuid(),
        group_id: event.group_id.as_uuid(),
        actor_id: event.actor_id.as_uuid(),
        at: micros(event.at),
        action: action.to_owned(),
        subject_id: subject.as_uuid(),
        request_id: request,
        from_value: from.map(str::to_owned),
        to_value: to.map(str::to_owned),
    }
}

pub(crate) fn audit_event(row: audit_events::Model) -> Result<AuditEvent, PortError> {
    const T: &str = "audit_events";
    let subject_id = MemberId::from_uuid(row.subject_id);
    let values = || -> Result<(String, String), PortError> {
        row.from_value
            .clone()
            .zip(row.to_value.clone())
            .ok_or_else(|| corrupt(T, "a change without its values"))
    };
    let action = match row.action.as_str() {
        "contacts_revealed" => AuditAction::ContactsRevealed {
            request_id: RequestId::from_uuid(
                row.request_id
                    .ok_or_else(|| corrupt(T, "a reveal without its request"))?,
            ),
            subject_id,
        },
        "role_changed" => {
            let (from, to) = values()?;
            AuditAction::RoleChanged {
                subject_id,
                from: Role::parse(&from).checked(T)?,
                to: Role::parse(&to).checked(T)?,
            }
        }
        "status_changed" => {
            let (from, to) = values()?;
            AuditAction::StatusChanged {
                subject_id,
                from: MemberStatus::parse(&from).checked(T)?,
                to: MemberStatus::parse(&to).checked(T)?,
            }
        }
        other => return Err(corrupt(T, format!("unknown action {other}"))),
    };
    Ok(AuditEvent {
        id: AuditEventId::from_uuid(row.id),
        group_id: GroupId::from_uuid(row.group_id),
        actor_id: MemberId::from_uuid(row.actor_id),
        at: time_of(T, row.at)?,
        action,
    })
}
