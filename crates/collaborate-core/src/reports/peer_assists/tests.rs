//! The Peer Assists report, counted from Peer Assists made by hand.

use super::*;
use crate::peer_assists::{Action, ActionReminders, Brief, Invitee, Meeting, NewPeerAssist};
use crate::reports::ReportFilter;
use crate::values::{
    ActionId, ActionText, Aspects, GroupId, LessonId, LessonSummary, MeetingFormat, MeetingMinutes,
    Name, PeerAssistDaysAhead, PeerAssistId, Purpose, Title, Version,
};
use crate::values::{ActionsTaken, Insights};
use proptest::prelude::*;
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

/// An id not used before in these tests.
fn fresh() -> Uuid {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    Uuid::from_u128(0x9000_0000 + u128::from(n))
}

fn now() -> OffsetDateTime {
    OffsetDateTime::UNIX_EPOCH + Duration::days(20_000)
}

fn group() -> GroupId {
    GroupId::from_uuid(Uuid::from_u128(1))
}

fn member(n: u128) -> MemberId {
    MemberId::from_uuid(Uuid::from_u128(100 + n))
}

fn org(n: u128) -> OrganisationId {
    OrganisationId::from_uuid(Uuid::from_u128(900 + n))
}

fn area(n: u128, archived: bool) -> Area {
    Area {
        id: AreaId::from_uuid(Uuid::from_u128(500 + n)),
        group_id: group(),
        name: Name::parse(&format!("Area {n}")).unwrap(),
        description: None,
        aspects: Aspects::parse(&["One"]).unwrap(),
        archived,
        version: Version::FIRST,
    }
}

/// Peer Assist `n`, convened by `convenor` `days_ago` days before now, wanting `areas`, in
/// `status`, with `came` accepted and one more who declined.
fn peer_assist(
    n: u128,
    convenor: u128,
    days_ago: i64,
    areas: &[u128],
    status: PeerAssistStatus,
    came: &[u128],
) -> PeerAssist {
    let convened = now() - Duration::days(days_ago);
    let new = NewPeerAssist {
        brief: Brief {
            title: Title::parse("A new timetable").unwrap(),
            purpose: Purpose::parse("Learn first").unwrap(),
            background: None,
            desired_outcomes: None,
        },
        areas: areas.iter().map(|a| area(*a, false).id).collect(),
        meeting: Meeting {
            starts_at: convened + Duration::days(14),
            duration: MeetingMinutes::new(120).unwrap(),
            format: MeetingFormat::Online,
            place: None,
            video_link: None,
        },
    };
    let mut p = PeerAssist::convene(
        PeerAssistId::from_uuid(Uuid::from_u128(n)),
        group(),
        member(convenor),
        new,
        PeerAssistDaysAhead::default(),
        convened,
    )
    .unwrap();
    let invitee = |m: u128, status| Invitee {
        member_id: member(m),
        status,
        table: None,
        invited_at: convened,
    };
    p.participants = came
        .iter()
        .map(|m| invitee(*m, InviteeStatus::Accepted))
        .chain([invitee(99, InviteeStatus::Declined)])
        .collect();
    p.status = status;
    p
}

fn action(status: ActionStatus, due_on: Date) -> Action {
    Action {
        id: ActionId::from_uuid(fresh()),
        what: ActionText::parse("Write to the governors").unwrap(),
        owner: None,
        due_on,
        status,
        added_at: now(),
        reminded: ActionReminders::default(),
    }
}

fn lesson_of(p: &PeerAssist) -> Lesson {
    Lesson {
        id: LessonId::from_uuid(fresh()),
        group_id: group(),
        peer_assist_id: p.id,
        convenor: p.convenor,
        areas: p.areas.clone(),
        title: Title::parse("A new timetable").unwrap(),
        summary: LessonSummary::parse("What we learnt").unwrap(),
        insights: Insights::parse("Ask early").unwrap(),
        actions_taken: ActionsTaken::parse("We asked early").unwrap(),
        published_at: now(),
    }
}

fn scope(filter: ReportFilter) -> ReportScope {
    ReportScope::of(group(), &filter, now())
}

fn organisations() -> BTreeMap<MemberId, Option<OrganisationId>> {
    // Members 1–3 are of organisation 1, 4–5 of organisation 2, the others of none.
    let of = |m| match m {
        1..=3 => Some(org(1)),
        4 | 5 => Some(org(2)),
        _ => None,
    };
    (1..=9).map(|m| (member(m), of(m))).collect()
}

#[test]
fn it_counts_where_each_stands_what_each_area_saw_what_was_done_and_whom_it_reached() {
    let areas = [area(1, false), area(2, false), area(3, true), area(4, true)];
    let mut followed = peer_assist(1, 1, 40, &[1, 2], PeerAssistStatus::FollowedUp, &[4, 6]);
    let today = now().date();
    followed.actions = vec![
        action(ActionStatus::Open, today - Duration::days(1)),
        action(ActionStatus::Open, today + Duration::days(3)),
        action(ActionStatus::Done, today),
        action(ActionStatus::Dropped, today),
    ];
    let held = peer_assist(2, 4, 30, &[2, 3], PeerAssistStatus::Held, &[1, 7]);
    let inviting = peer_assist(3, 2, 5, &[1], PeerAssistStatus::Inviting, &[5, 8]);
    let cancelled = peer_assist(4, 3, 3, &[2], PeerAssistStatus::Cancelled, &[9]);
    let lesson = lesson_of(&followed);
    let report = peer_assist_report(
        &scope(ReportFilter::default()),
        &areas,
        &[followed, held, inviting, cancelled],
        &[lesson],
        &organisations(),
    );

    assert_eq!(
        report.by_status,
        vec![
            (PeerAssistStatus::Draft, 0),
            (PeerAssistStatus::Inviting, 1),
            (PeerAssistStatus::Scheduled, 0),
            (PeerAssistStatus::Held, 1),
            (PeerAssistStatus::FollowedUp, 1),
            (PeerAssistStatus::Cancelled, 1),
        ]
    );
    let lines: Vec<(&str, u32, u32, u32)> = report
        .areas
        .iter()
        .map(|l| (l.area.name.as_str(), l.convened, l.held, l.lessons))
        .collect();
    assert_eq!(
        lines,
        [
            ("Area 1", 2, 1, 1),
            ("Area 2", 3, 2, 1),
            ("Area 3", 1, 1, 0)
        ],
        "an archived area shows while it has any"
    );
    assert_eq!(
        report.actions,
        ActionTally {
            open: 2,
            overdue: 1,
            done: 1,
            dropped: 1
        }
    );
    // Met: 1 (convenor), 4 and 6 came; 4 (convenor), 1 and 7 came. Nobody who declined or
    // only was invited.
    assert_eq!((report.people, report.organisations), (4, 2));
    assert_eq!(report.lessons, 1);
}

#[test]
fn a_period_and_an_organisation_count_those_convened_then_by_its_members() {
    let all = [
        peer_assist(1, 1, 40, &[1], PeerAssistStatus::FollowedUp, &[4]),
        peer_assist(2, 4, 10, &[1], PeerAssistStatus::Held, &[1]),
        peer_assist(3, 2, 2, &[1], PeerAssistStatus::Draft, &[]),
    ];
    let lessons = [lesson_of(&all[0])];
    let areas = [area(1, false)];
    let total = |r: &PeerAssistsReport| r.by_status.iter().map(|(_, n)| n).sum::<u32>();

    let recent = ReportFilter {
        from: Some((now() - Duration::days(20)).date()),
        ..ReportFilter::default()
    };
    let report = peer_assist_report(&scope(recent), &areas, &all, &lessons, &organisations());
    assert_eq!(
        (total(&report), report.lessons),
        (2, 0),
        "the lesson's Peer Assist is older"
    );

    let of_first = ReportFilter {
        organisation_id: Some(org(1)),
        ..ReportFilter::default()
    };
    let report = peer_assist_report(&scope(of_first), &areas, &all, &lessons, &organisations());
    assert_eq!((total(&report), report.lessons), (2, 1));
    assert_eq!(report.areas[0].held, 1);
}

proptest! {
    #[test]
    fn every_one_convened_is_counted_once_and_held_never_exceeds_convened(
        made in proptest::collection::vec(
            (0..6usize, 1..10u128, 0..60i64, proptest::collection::btree_set(1..4u128, 1..3)),
            0..12,
        ),
    ) {
        let areas = [area(1, false), area(2, false), area(3, false)];
        let all: Vec<PeerAssist> = made
            .iter()
            .zip(1..)
            .map(|((status, convenor, days, wanted), n)| {
                let wanted: Vec<u128> = wanted.iter().copied().collect();
                let status = PeerAssistStatus::ALL[*status];
                peer_assist(n, *convenor, *days, &wanted, status, &[*convenor % 9 + 1])
            })
            .collect();
        let report = peer_assist_report(
            &scope(ReportFilter::default()),
            &areas,
            &all,
            &[],
            &organisations(),
        );
        let total: u32 = report.by_status.iter().map(|(_, n)| n).sum();
        prop_assert_eq!(total as usize, all.len());
        for line in &report.areas {
            prop_assert!(line.held <= line.convened);
        }
        let met = all.iter().filter(|p| has_met(p.status)).count();
        prop_assert!(report.people as usize <= met * 2);
        prop_assert!(met == 0 || report.people >= 1);
    }
}
