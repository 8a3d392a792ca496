//! The lifecycle's rules, as stories and properties.

use super::*;
use crate::peer_assists::Brief;
use crate::values::{MeetingFormat, MeetingMinutes, Purpose, Title};
use proptest::prelude::*;
use rstest::rstest;
use uuid::Uuid;

fn member(n: u128) -> MemberId {
    MemberId::from_uuid(Uuid::from_u128(n))
}

fn org(n: u128) -> OrganisationId {
    OrganisationId::from_uuid(Uuid::from_u128(1000 + n))
}

fn area(n: u128) -> AreaId {
    AreaId::from_uuid(Uuid::from_u128(500 + n))
}

fn now() -> OffsetDateTime {
    OffsetDateTime::UNIX_EPOCH + Duration::days(20_000)
}

const CONVENOR: u128 = 1;
const FACILITATOR: u128 = 2;

fn new_peer_assist(starts_in: Duration) -> NewPeerAssist {
    NewPeerAssist {
        brief: Brief {
            title: Title::parse("Opening a second site").unwrap(),
            purpose: Purpose::parse("Learn from those who did it").unwrap(),
            background: None,
            desired_outcomes: None,
        },
        areas: BTreeSet::from([area(1), area(2)]),
        meeting: Meeting {
            starts_at: now() + starts_in,
            duration: MeetingMinutes::new(120).unwrap(),
            format: MeetingFormat::Online,
            place: None,
            video_link: None,
        },
    }
}

fn draft() -> PeerAssist {
    PeerAssist::convene(
        PeerAssistId::from_uuid(Uuid::from_u128(77)),
        GroupId::from_uuid(Uuid::from_u128(9)),
        member(CONVENOR),
        new_peer_assist(Duration::days(10)),
        PeerAssistDaysAhead::new(7).unwrap(),
        now(),
    )
    .unwrap()
}

fn reader(n: u128) -> Reader {
    Reader {
        member_id: member(n),
        admin: false,
        active: true,
    }
}

fn inviting(participants: &[u128]) -> PeerAssist {
    let ids: Vec<MemberId> = participants.iter().map(|n| member(*n)).collect();
    draft()
        .invited(
            (member(FACILITATOR), Some(org(2))),
            &ids,
            Some(org(1)),
            now(),
        )
        .unwrap()
        .0
}

/// Inviting with these participants, the facilitator and the first `accepted` of them
/// having accepted.
fn accepted(participants: &[u128], accepted: usize) -> PeerAssist {
    let mut peer_assist = inviting(participants);
    peer_assist = peer_assist
        .answered(member(FACILITATOR), true, now())
        .unwrap()
        .0;
    for n in participants.iter().take(accepted) {
        peer_assist = peer_assist.answered(member(*n), true, now()).unwrap().0;
    }
    peer_assist
}

fn scheduled() -> PeerAssist {
    accepted(&[10, 11, 12], 3)
        .scheduled(&BTreeMap::new(), now())
        .unwrap()
}

#[rstest]
#[case::tomorrow(Duration::days(1), false)]
#[case::thirteen_days(Duration::days(13), false)]
#[case::a_fortnight(Duration::days(14), true)]
#[case::a_month(Duration::days(30), true)]
fn a_peer_assist_is_dated_early_enough_to_change_course(
    #[case] starts_in: Duration,
    #[case] accepted: bool,
) {
    let convened = PeerAssist::convene(
        PeerAssistId::from_uuid(Uuid::from_u128(77)),
        GroupId::from_uuid(Uuid::from_u128(9)),
        member(CONVENOR),
        new_peer_assist(starts_in),
        PeerAssistDaysAhead::default(),
        now(),
    );
    match convened {
        Ok(p) => assert!(accepted, "{p:?}"),
        Err(Error::Invalid(invalid)) => {
            assert!(!accepted);
            assert_eq!(invalid.field(), "starts_at");
        }
        Err(other) => panic!("unexpected {other:?}"),
    }
}

#[test]
fn a_peer_assist_is_dated_within_two_years_and_kept_in_utc() {
    let far = PeerAssist::convene(
        PeerAssistId::from_uuid(Uuid::from_u128(78)),
        GroupId::from_uuid(Uuid::from_u128(9)),
        member(CONVENOR),
        new_peer_assist(Duration::days(800)),
        PeerAssistDaysAhead::new(7).unwrap(),
        now(),
    );
    assert!(matches!(far, Err(Error::Invalid(e)) if e.field() == "starts_at"));
    let mut wanted = new_peer_assist(Duration::days(10));
    wanted.meeting.starts_at = wanted
        .meeting
        .starts_at
        .to_offset(time::UtcOffset::from_hms(14, 0, 0).unwrap());
    let made = PeerAssist::convene(
        PeerAssistId::from_uuid(Uuid::from_u128(79)),
        GroupId::from_uuid(Uuid::from_u128(9)),
        member(CONVENOR),
        wanted,
        PeerAssistDaysAhead::new(7).unwrap(),
        now(),
    )
    .unwrap();
    assert_eq!(made.meeting.starts_at.offset(), time::UtcOffset::UTC);
    assert_eq!(made.meeting.starts_at, now() + Duration::days(10));
}

#[test]
fn a_group_meeting_at_short_notice_still_never_meets_in_the_past() {
    let days = PeerAssistDaysAhead::new(0).unwrap();
    let id = PeerAssistId::from_uuid(Uuid::from_u128(77));
    let group = GroupId::from_uuid(Uuid::from_u128(9));
    let soon = new_peer_assist(Duration::hours(1));
    assert!(PeerAssist::convene(id, group, member(CONVENOR), soon, days, now()).is_ok());
    let past = new_peer_assist(-Duration::hours(1));
    assert!(PeerAssist::convene(id, group, member(CONVENOR), past, days, now()).is_err());
}

#[test]
fn moving_the_meeting_later_keeps_the_notice_rule() {
    let too_soon = PeerAssistChanges {
        starts_at: Some(now() + Duration::days(2)),
        ..Default::default()
    };
    let refused = draft()
        .changed(too_soon, PeerAssistDaysAhead::default(), now())
        .unwrap_err();
    assert!(matches!(refused, Error::Invalid(i) if i.field() == "starts_at"));
}

#[rstest]
#[case::the_convenor(CONVENOR, Some(org(2)), "someone other than you")]
#[case::a_participant(10, Some(org(2)), "also be a participant")]
#[case::of_the_convenors_organisation(3, Some(org(1)), "outside your organisation")]
fn the_facilitator_comes_from_outside(
    #[case] facilitator: u128,
    #[case] organisation: Option<OrganisationId>,
    #[case] words: &str,
) {
    let refused = draft()
        .invited(
            (member(facilitator), organisation),
            &[member(10), member(11)],
            Some(org(1)),
            now(),
        )
        .unwrap_err();
    match refused {
        Error::Invalid(invalid) => {
            assert_eq!(invalid.field(), "facilitator_id");
            assert!(invalid.to_string().contains(words), "{invalid}");
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn a_facilitator_without_an_organisation_may_facilitate_anyone() {
    let invited = draft().invited((member(3), None), &[member(10)], Some(org(1)), now());
    assert!(invited.is_ok());
}

#[test]
fn inviting_again_keeps_the_answers_given_and_tells_only_the_new() {
    let first = accepted(&[10, 11], 1);
    let (again, fresh) = first
        .invited(
            (member(FACILITATOR), Some(org(2))),
            &[member(10), member(12)],
            Some(org(1)),
            now(),
        )
        .unwrap();
    assert_eq!(fresh, [member(12)]);
    let statuses: Vec<_> = again.participants.iter().map(|p| p.status).collect();
    assert_eq!(statuses, [InviteeStatus::Accepted, InviteeStatus::Invited]);
    assert!(again.facilitator.as_ref().unwrap().accepted());
}

#[rstest]
#[case::nobody_but_the_facilitator(0, false)]
#[case::one(1, false)]
#[case::two(2, true)]
fn it_is_scheduled_only_once_two_participants_accept(
    #[case] participants: usize,
    #[case] scheduled: bool,
) {
    let result = accepted(&[10, 11, 12], participants).scheduled(&BTreeMap::new(), now());
    match result {
        Ok(p) => {
            assert!(scheduled);
            assert_eq!(p.status, Status::Scheduled);
        }
        Err(Error::Conflict { reason, .. }) => {
            assert!(!scheduled);
            assert_eq!(reason, ConflictReason::NotEnoughAccepted);
        }
        Err(other) => panic!("unexpected {other:?}"),
    }
}

#[test]
fn the_convenor_is_offered_scheduling_and_marking_held_only_when_they_would_succeed() {
    let convenor = reader(CONVENOR);
    let early = accepted(&[10, 11, 12], 1);
    assert!(early.moves_for(&convenor).contains(&Move::Schedule));
    assert!(!early.moves_now(&convenor, now()).contains(&Move::Schedule));
    let ready = accepted(&[10, 11, 12], 2);
    assert!(ready.moves_now(&convenor, now()).contains(&Move::Schedule));
    let meeting = scheduled();
    let starts = meeting.meeting.starts_at;
    assert!(
        !meeting
            .moves_now(&convenor, starts - Duration::minutes(1))
            .contains(&Move::MarkHeld)
    );
    assert!(
        meeting
            .moves_now(&convenor, starts)
            .contains(&Move::MarkHeld)
    );
}

#[test]
fn without_the_facilitator_it_is_not_scheduled() {
    let mut peer_assist = inviting(&[10, 11]);
    for n in [10, 11] {
        peer_assist = peer_assist.answered(member(n), true, now()).unwrap().0;
    }
    let refused = peer_assist.scheduled(&BTreeMap::new(), now()).unwrap_err();
    assert!(matches!(
        refused,
        Error::Conflict {
            reason: ConflictReason::NotEnoughAccepted,
            ..
        }
    ));
}

#[test]
fn sixteen_accepted_sit_at_two_tables() {
    let people: Vec<u128> = (10..26).collect();
    let scheduled = accepted(&people, 16)
        .scheduled(&BTreeMap::new(), now())
        .unwrap();
    let tables: BTreeSet<_> = scheduled.participants.iter().map(|p| p.table).collect();
    assert_eq!(tables, BTreeSet::from([Some(1), Some(2)]));
}

#[test]
fn it_is_held_only_once_it_has_started() {
    let scheduled = scheduled();
    let early = scheduled.held(now()).unwrap_err();
    assert!(matches!(
        early,
        Error::Conflict {
            reason: ConflictReason::NotYet,
            ..
        }
    ));
    let held = scheduled
        .held(scheduled.meeting.starts_at + Duration::minutes(90))
        .unwrap();
    assert_eq!(held.status, Status::Held);
}

#[test]
fn the_first_update_follows_it_up() {
    let held = scheduled().held(now() + Duration::days(11)).unwrap();
    let message = Message::parse("We chose the second option").unwrap();
    let followed = held.updated(message, now() + Duration::days(12)).unwrap();
    assert_eq!(followed.status, Status::FollowedUp);
    assert_eq!(followed.updates.len(), 1);
}

#[test]
fn an_action_belongs_to_someone_coming_and_its_owner_only_closes_it() {
    let held = scheduled().held(now() + Duration::days(11)).unwrap();
    let later = now() + Duration::days(11);
    let what = ActionText::parse("Visit the other site").unwrap();
    let action = ActionId::from_uuid(Uuid::from_u128(5));
    let stranger = held.with_action(action, what.clone(), Some(member(99)), later.date(), later);
    assert!(matches!(stranger, Err(Error::Invalid(i)) if i.field() == "owner_id"));
    let with = held
        .with_action(action, what, Some(member(10)), later.date(), later)
        .unwrap();
    let retitle = ActionChanges {
        what: Some(ActionText::parse("Something else").unwrap()),
        ..Default::default()
    };
    let refused = with.action_changed(action, &reader(10), retitle, later);
    assert!(matches!(refused, Err(Error::Forbidden(_))));
    let done = ActionChanges {
        status: Some(crate::values::ActionStatus::Done),
        ..Default::default()
    };
    let closed = with
        .action_changed(action, &reader(10), done, later)
        .unwrap();
    assert_eq!(closed.actions[0].status, crate::values::ActionStatus::Done);
}

#[test]
fn only_its_people_and_the_admins_see_it_and_one_who_declined_sees_no_record() {
    let mut peer_assist = scheduled();
    peer_assist.participants.push(Invitee {
        status: InviteeStatus::Declined,
        ..Invitee::invited(member(30), now())
    });
    assert!(peer_assist.is_seen_by(&reader(10)));
    assert!(peer_assist.is_seen_by(&reader(FACILITATOR)));
    assert!(!peer_assist.is_seen_by(&reader(99)));
    let admin = Reader {
        admin: true,
        ..reader(99)
    };
    assert!(peer_assist.is_seen_by(&admin));
    assert!(peer_assist.is_seen_by(&reader(30)));
    assert!(!peer_assist.shows_record_to(&reader(30)));
    assert!(matches!(
        peer_assist.check(Move::WriteNotes, &reader(99)),
        Err(Error::NotFound(_))
    ));
}

#[test]
fn a_concern_about_it_is_about_its_convenor_or_raised_by_them_its_facilitator() {
    let invited = inviting(&[3, 4]);
    assert_eq!(invited.concerning(member(3)), Ok(member(CONVENOR)));
    assert_eq!(
        invited.concerning(member(FACILITATOR)),
        Ok(member(CONVENOR))
    );
    assert_eq!(
        invited.concerning(member(CONVENOR)),
        Ok(member(FACILITATOR))
    );
    let refused = draft().concerning(member(CONVENOR)).unwrap_err();
    assert_eq!(refused.field(), "about");
}

#[test]
fn a_suspended_member_reads_but_makes_no_move() {
    let suspended = Reader {
        active: false,
        ..reader(CONVENOR)
    };
    assert!(draft().moves_for(&suspended).is_empty());
    assert!(matches!(
        draft().check(Move::Invite, &suspended),
        Err(Error::Suspended)
    ));
}

#[test]
fn erasing_the_convenor_keeps_the_meeting_without_their_words() {
    let scheduled = scheduled().noted(
        Phase::Tell,
        PhaseNotes::parse("Our plan").unwrap(),
        member(CONVENOR),
        now(),
    );
    let erased = scheduled.without(member(CONVENOR), now());
    assert!(erased.brief.is_none());
    assert!(erased.phases.is_empty());
    assert_eq!(erased.status, Status::Cancelled);
    assert_eq!(erased.participants, scheduled.participants);
}

/// A move anyone might try, with whom.
#[derive(Debug, Clone)]
enum Try {
    Invite(u128),
    Answer(u128, bool),
    Schedule(u128),
    Notes(u128),
    Held(u128),
    Update(u128),
    Cancel(u128),
}

fn a_try() -> impl Strategy<Value = Try> {
    let who = prop_oneof![Just(CONVENOR), Just(FACILITATOR), 10u128..14, Just(99u128)];
    prop_oneof![
        who.clone().prop_map(Try::Invite),
        (who.clone(), any::<bool>()).prop_map(|(w, a)| Try::Answer(w, a)),
        who.clone().prop_map(Try::Schedule),
        who.clone().prop_map(Try::Notes),
        who.clone().prop_map(Try::Held),
        who.clone().prop_map(Try::Update),
        who.prop_map(Try::Cancel),
    ]
}

/// The moves of the lifecycle: from each status, where it may go.
fn may_move(from: Status, to: Status) -> bool {
    use Status::*;
    from == to
        || matches!(
            (from, to),
            (Draft, Inviting)
                | (Inviting, Scheduled)
                | (Scheduled, Held)
                | (Held, FollowedUp)
                | (Draft | Inviting | Scheduled, Cancelled)
        )
}

/// Makes the try through `check`, as the use cases do; the result, if it was let through.
fn attempt(peer_assist: &PeerAssist, t: &Try, at: OffsetDateTime) -> Option<PeerAssist> {
    let (the_move, who) = match t {
        Try::Invite(w) => (Move::Invite, *w),
        Try::Answer(w, _) => (Move::Respond, *w),
        Try::Schedule(w) => (Move::Schedule, *w),
        Try::Notes(w) => (Move::WriteNotes, *w),
        Try::Held(w) => (Move::MarkHeld, *w),
        Try::Update(w) => (Move::SendUpdate, *w),
        Try::Cancel(w) => (Move::Cancel, *w),
    };
    peer_assist.check(the_move, &reader(who)).ok()?;
    match t {
        Try::Invite(_) => peer_assist
            .invited(
                (member(FACILITATOR), Some(org(2))),
                &[member(10), member(11), member(12), member(13)],
                Some(org(1)),
                at,
            )
            .ok()
            .map(|(p, _)| p),
        Try::Answer(w, accept) => peer_assist
            .answered(member(*w), *accept, at)
            .ok()
            .map(|(p, _)| p),
        Try::Schedule(_) => peer_assist.scheduled(&BTreeMap::new(), at).ok(),
        Try::Notes(w) => Some(peer_assist.noted(
            Phase::Ask,
            PhaseNotes::parse("Questions").unwrap(),
            member(*w),
            at,
        )),
        Try::Held(_) => peer_assist.held(at).ok(),
        Try::Update(_) => peer_assist
            .updated(Message::parse("What came of it").unwrap(), at)
            .ok(),
        Try::Cancel(_) => Some(peer_assist.cancelled(at)),
    }
}

proptest! {
    #[test]
    fn no_sequence_of_moves_leaves_the_lifecycle(
        tries in prop::collection::vec((a_try(), 0i64..30), 1..40),
    ) {
        let mut peer_assist = draft();
        for (t, day) in tries {
            let at = now() + Duration::days(day);
            let before = peer_assist.status;
            if let Some(after) = attempt(&peer_assist, &t, at) {
                prop_assert!(may_move(before, after.status), "{:?} → {:?} by {:?}", before, after.status, t);
                if after.status == Status::Scheduled && before != Status::Scheduled {
                    let accepted = after.participants.iter().filter(|p| p.accepted()).count();
                    prop_assert!(accepted >= 2);
                    prop_assert!(after.facilitator.as_ref().is_some_and(Invitee::accepted));
                }
                if matches!(t, Try::Notes(_)) {
                    prop_assert!(matches!(before, Status::Scheduled | Status::Held | Status::FollowedUp));
                }
                prop_assert!(after.version > peer_assist.version || after == peer_assist);
                peer_assist = after;
            }
        }
    }

    #[test]
    fn the_facilitator_is_never_of_the_convenors_organisation(
        convenor_org in prop::option::of(0u128..3),
        facilitator_org in prop::option::of(0u128..3),
    ) {
        let invited = draft().invited(
            (member(3), facilitator_org.map(org)),
            &[member(10), member(11)],
            convenor_org.map(org),
            now(),
        );
        let same = convenor_org.is_some() && convenor_org == facilitator_org;
        prop_assert_eq!(invited.is_err(), same);
    }
}
