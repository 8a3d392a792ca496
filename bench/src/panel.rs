//! Suggesting a Peer Assist's panel on the synthetic region (`collaborate_bench::region`): a
//! member convenes Peer Assists wanting one, two and six areas (each area offered by some
//! six thousand members), and `suggest_panel` chooses a panel of eight through the real use
//! case. Beside each, the core's choice alone (`panel::suggest`) over as many synthetic
//! candidates, so the share the store's reading takes shows as a ratio in one run.
//!
//! Sizes come from the environment: those of the region and `RUNS` (30, per Peer Assist).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use collaborate_bench::region::{account, load_region};
use collaborate_bench::{Rng, ms, percentile, setting};
use collaborate_core::peer_assists::panel::{Candidate, PanelAsk, suggest};
use collaborate_core::peer_assists::{Brief, Meeting, NewPeerAssist};
use collaborate_core::values::{
    AccountId, AreaId, MeetingFormat, MeetingMinutes, MemberId, OrganisationId, PanelSize, Purpose,
    Title,
};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};
use time::OffsetDateTime;
use uuid::Uuid;

fn proposal(areas: BTreeSet<AreaId>) -> NewPeerAssist {
    NewPeerAssist {
        brief: Brief {
            title: Title::parse("A new timetable").unwrap(),
            purpose: Purpose::parse("Learn from schools that changed theirs").unwrap(),
            background: None,
            desired_outcomes: None,
        },
        areas,
        meeting: Meeting {
            starts_at: OffsetDateTime::now_utc() + time::Duration::days(30),
            duration: MeetingMinutes::new(120).unwrap(),
            format: MeetingFormat::Online,
            place: None,
            video_link: None,
        },
    }
}

/// `count` candidates over `areas` and `organisations`, as the store would gather them.
fn candidates(
    count: usize,
    areas: &[AreaId],
    organisations: usize,
    rng: &mut Rng,
) -> Vec<Candidate> {
    (0..count)
        .map(|n| {
            let area = areas[rng.below(areas.len())];
            Candidate {
                member_id: MemberId::from_uuid(Uuid::from_u128(0x7000_0000 + n as u128)),
                organisation_id: Some(OrganisationId::from_uuid(Uuid::from_u128(
                    0x8000_0000 + rng.below(organisations) as u128,
                ))),
                areas: BTreeSet::from([area]),
                top_strengths: if rng.below(3) == 0 {
                    BTreeSet::from([area])
                } else {
                    BTreeSet::new()
                },
                newer: rng.below(4) == 0,
                asked_lately: rng.below(6) as u32,
                facilitated: u32::from(rng.below(50) == 0),
            }
        })
        .collect()
}

fn summary(times: &mut [Duration]) -> (Duration, Duration) {
    times.sort();
    (percentile(times, 0.5), percentile(times, 0.99))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL names the database to load");
    let runs = setting("RUNS", 30);
    let mut rng = Rng(2026);
    let region = load_region(&url, &mut rng).await;
    println!(
        "loaded {} members, {} offers in {} areas, {} organisations in {:.1} s",
        region.sizes.members,
        region.sizes.members * region.sizes.offers_per_member,
        region.sizes.areas,
        region.sizes.organisations,
        region.loaded.as_secs_f64()
    );
    let convenor = AccountId::from_uuid(account(0));
    let size = PanelSize::new(8).unwrap();
    let area_ids: Vec<AreaId> = region
        .areas
        .iter()
        .map(|(id, _)| AreaId::from_uuid(*id))
        .collect();
    for wanted in [1, 2, 6] {
        let areas: BTreeSet<AreaId> = area_ids[..wanted].iter().copied().collect();
        let convened = region
            .app
            .convene_peer_assist(convenor, region.group, proposal(areas.clone()))
            .await
            .unwrap()
            .peer_assist
            .id;
        let mut through_the_store = Vec::with_capacity(runs);
        let mut chosen = 0;
        for _ in 0..runs {
            let t = Instant::now();
            let panel = region
                .app
                .suggest_panel(convenor, region.group, convened, size)
                .await
                .unwrap();
            through_the_store.push(t.elapsed());
            chosen = panel.panel.participants.len();
        }
        let offered =
            wanted * region.sizes.members * region.sizes.offers_per_member / region.sizes.areas;
        let pool = candidates(
            offered,
            &area_ids[..wanted],
            region.sizes.organisations,
            &mut rng,
        );
        let ask = PanelAsk {
            convenor: MemberId::from_uuid(Uuid::from_u128(1)),
            convenor_organisation: None,
            wanted: areas,
            size,
        };
        let mut core_alone = Vec::with_capacity(runs);
        for _ in 0..runs {
            let t = Instant::now();
            std::hint::black_box(suggest(&ask, &pool));
            core_alone.push(t.elapsed());
        }
        let (p50, p99) = summary(&mut through_the_store);
        let (core50, core99) = summary(&mut core_alone);
        println!(
            "{wanted} area(s), ~{offered} offers: {chosen} chosen; use case p50 {:6.1} ms, p99 {:6.1} ms; \
             core alone p50 {:5.2} ms, p99 {:5.2} ms; the store's share {:.0}%",
            ms(p50),
            ms(p99),
            ms(core50),
            ms(core99),
            100.0 * (1.0 - core50.as_secs_f64() / p50.as_secs_f64())
        );
    }
}
