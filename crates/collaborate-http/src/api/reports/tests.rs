//! Snapshots of every report's CSV, made from reports built by hand.

use super::table_of;
use crate::tables::csv_of;
use collaborate_core::reports::*;
use collaborate_core::taxonomy::{Area, Organisation};
use collaborate_core::values::*;
use time::Duration;
use uuid::Uuid;

fn area(n: u128, name: &str, aspects: &[&str]) -> Area {
    Area {
        id: AreaId::from_uuid(Uuid::from_u128(n)),
        group_id: GroupId::from_uuid(Uuid::from_u128(1)),
        name: Name::parse(name).unwrap(),
        description: None,
        aspects: Aspects::parse(aspects).unwrap(),
        archived: false,
        version: Version::FIRST,
    }
}

fn areas() -> Vec<Area> {
    vec![
        area(10, "Curriculum design", &["KS3 science", "Assessment"]),
        area(11, "=Budgets, grants", &["Bids"]),
        area(12, "Wellbeing", &["Staff wellbeing"]),
    ]
}

fn tally(area: &Area, offers: u32, helpers: u32, needs: u32, needs_met: u32) -> AreaTally {
    AreaTally {
        area_id: area.id,
        offers,
        helpers,
        needs,
        needs_met,
    }
}

fn area_tallies() -> Vec<AreaTally> {
    let a = areas();
    vec![
        tally(&a[0], 6, 4, 3, 1),
        tally(&a[1], 0, 0, 4, 0),
        tally(&a[2], 2, 1, 5, 2),
    ]
}

fn aspect_tallies() -> Vec<AspectTally> {
    let a = areas();
    let aspect = |s: &str| Aspect::parse(s).unwrap();
    vec![
        AspectTally {
            area_id: a[0].id,
            aspect: aspect("KS3 science"),
            offers: 5,
            needs: 1,
        },
        AspectTally {
            area_id: a[1].id,
            aspect: aspect("Bids"),
            offers: 0,
            needs: 4,
        },
    ]
}

fn csv(report: &Report) -> String {
    csv_of(&table_of(report))
}

#[test]
fn every_report_as_csv() {
    let areas = areas();
    let by_area = area_lines(&areas, &area_tallies());
    let by_aspect = aspect_lines(&areas, &aspect_tallies());
    let park = Organisation {
        id: OrganisationId::from_uuid(Uuid::from_u128(20)),
        group_id: GroupId::from_uuid(Uuid::from_u128(1)),
        name: Name::parse("Park High").unwrap(),
    };
    let members = [
        OrganisationCount {
            organisation_id: None,
            count: 2,
        },
        OrganisationCount {
            organisation_id: Some(park.id),
            count: 5,
        },
    ];
    let organisations = organisation_lines(
        std::slice::from_ref(&park),
        &members,
        &members,
        &[OrganisationCount {
            organisation_id: Some(park.id),
            count: 8,
        }],
        &[OrganisationCount {
            organisation_id: None,
            count: 3,
        }],
        &[
            HelpBetween {
                helper: Some(park.id),
                seeker: Some(park.id),
                completed: 2,
            },
            HelpBetween {
                helper: Some(park.id),
                seeker: None,
                completed: 1,
            },
        ],
        None,
    );
    let flow = request_flow(
        &[
            StatusCount {
                status: RequestStatus::Pending,
                count: 2,
            },
            StatusCount {
                status: RequestStatus::Completed,
                count: 6,
            },
            StatusCount {
                status: RequestStatus::Expired,
                count: 2,
            },
        ],
        Some(Duration::minutes(90)),
    );
    let overview = Overview {
        members: vec![
            StatusCount {
                status: MemberStatus::Active,
                count: 40,
            },
            StatusCount {
                status: MemberStatus::Invited,
                count: 7,
            },
        ],
        contributors: 31,
        offers: 8,
        needs: 12,
        needs_met: 3,
        requests: 10,
        completed: 6,
        gaps: 1,
        fragile: 1,
        needs_raised: 9,
        raised_met: 4,
    };
    let feedback = feedback_lines(
        &areas,
        &[
            RatingCount {
                area_id: areas[0].id,
                rating: 5,
                count: 3,
            },
            RatingCount {
                area_id: areas[0].id,
                rating: 4,
                count: 1,
            },
        ],
        &area_tallies(),
    );
    let months = month_lines(
        &[MonthCount {
            month: "2026-10".into(),
            count: 4,
        }],
        &[MonthCount {
            month: "2026-11".into(),
            count: 2,
        }],
        &[MonthCount {
            month: "2026-11".into(),
            count: 5,
        }],
        &[MonthCount {
            month: "2026-10".into(),
            count: 9,
        }],
    );
    let reciprocity = Reciprocity {
        both: 4,
        gave_only: 10,
        received_only: 3,
        neither: 23,
    };
    let thanked = vec![HelperToThank {
        member_id: MemberId::from_uuid(Uuid::from_u128(9)),
        name: DisplayName::parse("=Ada").unwrap(),
        organisation: Some(Name::parse("St Mary's").unwrap()),
        completed: 12,
    }];
    for (name, report) in [
        ("overview", Report::Overview(overview)),
        ("areas", Report::Areas(by_area.clone())),
        ("aspects", Report::Aspects(by_aspect.clone())),
        ("organisations", Report::Organisations(organisations)),
        ("gaps", Report::Gaps(gaps(&by_area, &by_aspect))),
        ("requests", Report::Requests(flow)),
        ("reciprocity", Report::Reciprocity(reciprocity)),
        ("feedback", Report::Feedback(feedback)),
        ("trends", Report::Trends(months)),
        ("thanks", Report::Thanks(thanked)),
    ] {
        insta::assert_snapshot!(name, csv(&report));
    }
}
