//! Groups, members and invitations as rows, and back: each column checked as it is read.

use super::tables::{groups, invitations, members};
use super::*;

pub(crate) fn group_row(group: &Group) -> groups::Model {
    groups::Model {
        id: group.id.as_uuid(),
        name: group.name.as_str().to_owned(),
        slug: group.slug.as_str().to_owned(),
        growth_mode: group.growth_mode.as_str().to_owned(),
        min_offers: small(group.settings.min_offers.get()),
        max_open_requests: small(group.settings.max_open_requests.get()),
        max_requests_per_day: small(group.settings.max_requests_per_day.get()),
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
            max_open_requests: OpenRequestCap::new(i64::from(row.max_open_requests)).checked(T)?,
            max_requests_per_day: DailyRequestCap::new(i64::from(row.max_requests_per_day))
                .checked(T)?,
            join_code: optional(T, row.join_code, JoinCode::parse)?,
        },
        version: version(T, row.version)?,
        created_at: time_of(T, row.created_at)?,
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
        notifications: member.notifications.as_str().to_owned(),
        named_in_thanks: member.named_in_thanks,
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
                email: optional(T, row.contact_email, Email::from_store)?,
                phone: optional(T, row.phone, Phone::parse)?,
                video_link: optional(T, row.video_link, VideoLink::parse)?,
            },
            preferred_modes: modes(T, &row.preferred_modes)?,
        },
        notifications: NotificationPreference::parse(&row.notifications).checked(T)?,
        named_in_thanks: row.named_in_thanks,
        version: version(T, row.version)?,
        joined_at: time_of(T, row.joined_at)?,
    })
}

pub(crate) fn invitation_row(invitation: &Invitation) -> invitations::Model {
    invitations::Model {
        id: invitation.id.as_uuid(),
        group_id: invitation.group_id.as_uuid(),
        email: invitation.email.as_str().to_owned(),
        email_key: Some(invitation.email.key()),
        role: invitation.role.as_str().to_owned(),
        token_hash: invitation.token_hash.as_str().to_owned(),
        invited_by: invitation.invited_by.as_uuid(),
        created_at: micros(invitation.created_at),
        accepted_at: invitation.accepted_at.map(micros),
        revoked_at: invitation.revoked_at.map(micros),
    }
}

pub(crate) fn invitation(row: invitations::Model) -> Result<Invitation, PortError> {
    const T: &str = "invitations";
    Ok(Invitation {
        id: InvitationId::from_uuid(row.id),
        group_id: GroupId::from_uuid(row.group_id),
        email: Email::from_store(&row.email).checked(T)?,
        role: Role::parse(&row.role).checked(T)?,
        token_hash: TokenHash::parse(&row.token_hash).checked(T)?,
        invited_by: MemberId::from_uuid(row.invited_by),
        created_at: time_of(T, row.created_at)?,
        accepted_at: row.accepted_at.map(|at| time_of(T, at)).transpose()?,
        revoked_at: row.revoked_at.map(|at| time_of(T, at)).transpose()?,
    })
}
