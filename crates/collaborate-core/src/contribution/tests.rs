//! What the record of contribution holds, and in what order.

use super::*;
use crate::peer_assists::{Brief, Invitee, Meeting, NewPeerAssist};
use crate::requests::{Feedback, Reminded};
use crate::values::{
    GroupId, InviteeStatus, MeetingFormat, MeetingMinutes, Message, OfferId, PeerAssistDaysAhead,
    Purpose,
};
use rstest::rstest;
use time::Duration;
use uuid::Uuid;

fn t(days: i64) -> OffsetDateTime {
    OffsetDateTime::UNIX_EPOCH + Duration::days(20_000 + days)
}

fn member(n: u128) -> MemberId {
    MemberId::from_uuid(Uuid::from_u128(n))
}

fn area() -> AreaId {
    AreaId::from_uuid(Uuid::from_u128(40))
}

fn areas() -> BTreeMap<AreaId, Name> {
    BTreeMap::from([(area(), Name::parse("Curriculum").unwrap())])
}

fn request(n: u128, status: RequestStatus, updated: i64) -> SupportRequest {
    SupportRequest {
        id: RequestId::from_uuid(Uuid::from_u128(n)),
        group_id: GroupId::from_uuid(Uuid::from_u128(2)),
        offer_id: OfferId::from_uuid(Uuid::from_u128(3)),
        area_id: area(),
        seeker_id: member(5),
        helper_id: member(6),
        need_id: None,
        message: Message::parse("Could you help with our bid?").unwrap(),
        mode: Mode::Video,
        status,
        created_at: t(0),
        expires_at: t(14),
        updated_at: t(updated),
        answered_at: Some(t(1)),
        feedback: None,
        reminded: Reminded::default(),
        need_answer: None,
        proposal_id: None,
    }
}

#[test]
fn a_completed_request_is_recorded_with_what_its_seeker_said_of_it() {
    let mut done = request(1, RequestStatus::Completed, 4);
    done.feedback = Some(Feedback {
        rating: Rating::new(5).unwrap(),
        comment: Some(Comment::parse("Clear and kind").unwrap()),
        given_at: t(5),
    });
    done.need_answer = Some((NeedAnswer::Partly, t(5)));
    let line = HelpDone::of(&done, &areas()).unwrap();
    assert_eq!(line.area.as_ref().map(Name::as_str), Some("Curriculum"));
    assert_eq!(line.completed_at, t(4), "completed when it last changed");
    assert_eq!(line.mode, Mode::Video);
    assert_eq!(line.rating.map(Rating::get), Some(5));
    assert_eq!(
        line.comment.as_ref().map(Comment::as_str),
        Some("Clear and kind")
    );
    assert_eq!(line.need_answer, Some(NeedAnswer::Partly));
    assert_eq!(
        HelpDone::of(&done, &BTreeMap::new()).unwrap().area,
        None,
        "an area since removed is not named"
    );
}

#[rstest]
#[case(RequestStatus::Pending)]
#[case(RequestStatus::Accepted)]
#[case(RequestStatus::Declined)]
#[case(RequestStatus::Cancelled)]
#[case(RequestStatus::Expired)]
fn help_not_completed_is_not_recorded(#[case] status: RequestStatus) {
    assert_eq!(HelpDone::of(&request(1, status, 4), &areas()), None);
}

const CONVENOR: u128 = 1;
const FACILITATOR: u128 = 2;
const PEER: u128 = 3;

fn peer_assist(status: PeerAssistStatus, answered: InviteeStatus) -> PeerAssist {
    let mut peer_assist = PeerAssist::convene(
        PeerAssistId::from_uuid(Uuid::from_u128(77)),
        GroupId::from_uuid(Uuid::from_u128(9)),
        member(CONVENOR),
        NewPeerAssist {
            brief: Brief {
                title: Title::parse("Opening a second site").unwrap(),
                purpose: Purpose::parse("Learn from those who did it").unwrap(),
                background: None,
                desired_outcomes: None,
            },
            areas: [area()].into(),
            meeting: Meeting {
                starts_at: t(30),
                duration: MeetingMinutes::new(120).unwrap(),
                format: MeetingFormat::Online,
                place: None,
                video_link: None,
            },
        },
        PeerAssistDaysAhead::new(7).unwrap(),
        t(0),
    )
    .unwrap();
    let invitee = |n| Invitee {
        status: answered,
        ..Invitee::invited(member(n), t(1))
    };
    peer_assist.facilitator = Some(invitee(FACILITATOR));
    peer_assist.participants = vec![invitee(PEER)];
    peer_assist.status = status;
    peer_assist
}

#[rstest]
#[case::peer_held(
    PEER,
    PeerAssistStatus::Held,
    InviteeStatus::Accepted,
    Some(PeerAssistRole::Participant)
)]
#[case::peer_followed_up(
    PEER,
    PeerAssistStatus::FollowedUp,
    InviteeStatus::Accepted,
    Some(PeerAssistRole::Participant)
)]
#[case::facilitator(
    FACILITATOR,
    PeerAssistStatus::Held,
    InviteeStatus::Accepted,
    Some(PeerAssistRole::Facilitator)
)]
#[case::convenor(
    CONVENOR,
    PeerAssistStatus::Held,
    InviteeStatus::Accepted,
    Some(PeerAssistRole::Convenor)
)]
#[case::declined(PEER, PeerAssistStatus::Held, InviteeStatus::Declined, None)]
#[case::never_answered(PEER, PeerAssistStatus::Held, InviteeStatus::Invited, None)]
#[case::not_yet_held(PEER, PeerAssistStatus::Scheduled, InviteeStatus::Accepted, None)]
#[case::called_off(CONVENOR, PeerAssistStatus::Cancelled, InviteeStatus::Accepted, None)]
#[case::not_in_it(99, PeerAssistStatus::Held, InviteeStatus::Accepted, None)]
fn a_peer_assist_counts_once_held_and_only_for_those_who_took_part(
    #[case] who: u128,
    #[case] status: PeerAssistStatus,
    #[case] answered: InviteeStatus,
    #[case] role: Option<PeerAssistRole>,
) {
    let taken = PeerAssistTakenPart::of(&peer_assist(status, answered), member(who));
    assert_eq!(taken.as_ref().map(|p| p.role), role);
    if let Some(taken) = taken {
        assert_eq!(taken.met_at, t(30));
        assert_eq!(
            taken.title.as_ref().map(Title::as_str),
            Some("Opening a second site")
        );
    }
}

#[test]
fn the_record_lists_the_latest_first_and_counts_peer_assists_on_their_side() {
    let line = |n, day| HelpDone::of(&request(n, RequestStatus::Completed, day), &areas());
    let given: Vec<_> = [line(1, 3), line(2, 9), line(3, 6)]
        .into_iter()
        .flatten()
        .collect();
    let held = peer_assist(PeerAssistStatus::Held, InviteeStatus::Accepted);
    let facilitated = PeerAssistTakenPart::of(&held, member(FACILITATOR)).unwrap();
    let convened = PeerAssistTakenPart {
        met_at: t(40),
        ..PeerAssistTakenPart::of(&held, member(CONVENOR)).unwrap()
    };
    let record = Contribution::new(
        DisplayName::parse("Ada").unwrap(),
        GroupName::parse("North schools").unwrap(),
        t(50),
        given,
        line(4, 1).into_iter().collect(),
        vec![facilitated, convened],
    );
    let days: Vec<_> = record.given.iter().map(|l| l.completed_at).collect();
    assert_eq!(days, [t(9), t(6), t(3)]);
    assert_eq!(record.peer_assists[0].met_at, t(40));
    assert_eq!(
        record.times_given(),
        4,
        "three requests and one facilitated"
    );
    assert_eq!(record.times_received(), 2, "one request and one convened");
}
