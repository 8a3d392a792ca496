//! Calendar invitations (iCalendar) for a Peer Assist's meeting: downloaded from its page and
//! attached to the emails that schedule, move or cancel it. One event per Peer Assist, known
//! by its id, whose sequence is the Peer Assist's version and whose stamp is when it last
//! changed, so a calendar replaces the event it holds with a newer one, or cancels it.

use chrono::{DateTime, Utc};
use collaborate_core::peer_assists::{Meeting, PeerAssistView};
use collaborate_core::values::{PeerAssistId, PeerAssistStatus};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus, Property};
use time::OffsetDateTime;

/// What a calendar file says of the meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// It takes place (first sent, or moved).
    Request,
    /// It is called off.
    Cancel,
}

/// The meeting of a Peer Assist as a calendar file.
pub fn invitation(
    id: PeerAssistId,
    title: &str,
    meeting: &Meeting,
    (sequence, changed_at): (u32, OffsetDateTime),
    method: Method,
    link: Option<&str>,
) -> String {
    let mut event = Event::new();
    event
        .uid(&format!("peer-assist-{id}@collaborate"))
        .summary(title)
        .starts(utc(meeting.starts_at))
        .ends(utc(meeting.ends_at()))
        .sequence(sequence)
        .timestamp(utc(changed_at));
    if let Some(place) = meeting
        .place
        .as_ref()
        .map(|p| p.as_str())
        .or(meeting.video_link.as_ref().map(|l| l.as_str()))
    {
        event.location(place);
    }
    if let Some(link) = link {
        event.url(link);
    }
    event.status(match method {
        Method::Request => EventStatus::Confirmed,
        Method::Cancel => EventStatus::Cancelled,
    });
    let mut calendar = Calendar::new();
    calendar.append_property(Property::new(
        "METHOD",
        match method {
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
        },
    ));
    calendar.push(event.done());
    calendar.done().to_string()
}

/// The calendar file a person of the Peer Assist downloads from its page.
pub fn of_view(view: &PeerAssistView) -> String {
    let p = &view.peer_assist;
    let method = if p.status == PeerAssistStatus::Cancelled {
        Method::Cancel
    } else {
        Method::Request
    };
    let title = p.brief.as_ref().map_or("Peer Assist", |b| b.title.as_str());
    invitation(
        p.id,
        title,
        &p.meeting,
        (p.version.get(), p.updated_at),
        method,
        None,
    )
}

fn utc(at: OffsetDateTime) -> DateTime<Utc> {
    DateTime::from_timestamp(at.unix_timestamp(), 0).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use collaborate_core::values::{MeetingFormat, MeetingMinutes, PlaceLabel};
    use uuid::Uuid;

    fn meeting() -> Meeting {
        Meeting {
            starts_at: OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_500),
            duration: MeetingMinutes::new(90).unwrap(),
            format: MeetingFormat::InPerson,
            place: Some(PlaceLabel::parse("Leeds, Room 4").unwrap()),
            video_link: None,
        }
    }

    #[test]
    fn the_invitation_names_the_meeting_its_time_and_its_place() {
        let id = PeerAssistId::from_uuid(Uuid::from_u128(7));
        let changed = OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_400);
        let file = invitation(
            id,
            "Opening a site",
            &meeting(),
            (3, changed),
            Method::Request,
            None,
        );
        assert!(file.contains("METHOD:REQUEST"), "{file}");
        assert!(file.contains(&format!("UID:peer-assist-{id}@collaborate")));
        assert!(file.contains("SUMMARY:Opening a site"));
        assert!(file.contains("DTSTART:20260216T000000Z"), "{file}");
        assert!(file.contains("DTEND:20260216T013000Z"), "{file}");
        assert!(file.contains("SEQUENCE:3"));
        assert!(
            file.contains("DTSTAMP:20251108T000000Z"),
            "stamped when it last changed: {file}"
        );
        assert!(file.contains("LOCATION:Leeds\\, Room 4"), "{file}");
    }

    #[test]
    fn a_cancellation_keeps_the_event_and_says_it_is_off() {
        let id = PeerAssistId::from_uuid(Uuid::from_u128(7));
        let changed = OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_400);
        let file = invitation(
            id,
            "Opening a site",
            &meeting(),
            (4, changed),
            Method::Cancel,
            None,
        );
        assert!(file.contains("METHOD:CANCEL"));
        assert!(file.contains("STATUS:CANCELLED"));
        assert!(file.contains(&format!("UID:peer-assist-{id}@collaborate")));
    }
}
