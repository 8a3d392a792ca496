//! Group matching on realistic synthetic instances, in the core alone (no store): `NEEDS` open
//! needs (10,000) against offers with `SLOTS` places among them (30,000; capacities 1 to 3),
//! in areas of 20 to 50 offers, people clustered in towns, some needs only in person. The
//! optimal proposal (`matching::propose`) and beside it, in the same run, the greedy baseline
//! (`matching::propose_greedily`): time (p50 of `RUNS`), needs matched, total fit, the largest
//! load and the Gini coefficient of the load over every helper, and the process's peak memory
//! during each.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use collaborate_bench::{Rng, ms, percentile, setting, uk_place};
use collaborate_core::matching::{Matching, Seeking, propose, propose_greedily};
use collaborate_core::offers::{Need, Offer, Topic};
use collaborate_core::search::{Candidate, Helper, Seeker};
use collaborate_core::values::{
    AreaId, Aspects, Capacity, Description, DisplayName, GroupId, Latitude, Longitude, MemberId,
    Modes, NeedId, NeedStatus, OfferId, OfferStatus, OrganisationId, Position, Rank, TravelRadius,
    Version,
};
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};
use uuid::Uuid;

const MODES: [&str; 4] = ["phone", "email", "video", "in_person"];

struct Instance {
    needs: Vec<Need>,
    seekers: BTreeMap<MemberId, Seeking>,
    candidates: BTreeMap<AreaId, Vec<Candidate>>,
    helpers: usize,
}

fn position((lat, lon): (f64, f64)) -> Position {
    Position {
        lat: Latitude::new(lat).unwrap(),
        lon: Longitude::new(lon).unwrap(),
    }
}

fn near(town: (f64, f64), rng: &mut Rng) -> (f64, f64) {
    (
        town.0 + rng.between(-0.08, 0.08),
        town.1 + rng.between(-0.12, 0.12),
    )
}

fn modes(rng: &mut Rng, at_least_one: bool) -> Modes {
    loop {
        let picked: Vec<&str> = MODES.into_iter().filter(|_| rng.below(2) == 0).collect();
        if !at_least_one || !picked.is_empty() {
            return Modes::parse(&picked).unwrap();
        }
    }
}

fn instance(needs: usize, slots: usize, rng: &mut Rng) -> Instance {
    let group = GroupId::from_uuid(Uuid::from_u128(1));
    let towns: Vec<(f64, f64)> = (0..200).map(|_| uk_place(rng)).collect();
    let aspects = Aspects::parse(&["Planning", "Budgets", "Bids"]).unwrap();
    let description = Description::parse("How we did it").unwrap();
    let mut candidates: BTreeMap<AreaId, Vec<Candidate>> = BTreeMap::new();
    let mut areas = Vec::new();
    let mut made = 0;
    let mut offer_n = 0u128;
    while made < slots {
        let area = AreaId::from_uuid(Uuid::from_u128(0x1_0000_0000 + areas.len() as u128));
        // An area's offers cluster in a few towns, as a subject's specialists do.
        let home_towns: Vec<(f64, f64)> = (0..4).map(|_| towns[rng.below(towns.len())]).collect();
        let size = 20 + rng.below(31);
        let mut list = Vec::with_capacity(size);
        for _ in 0..size {
            offer_n += 1;
            let helper = MemberId::from_uuid(Uuid::from_u128(0x2_0000_0000 + offer_n / 2));
            let capacity = 1 + rng.below(3);
            made += capacity;
            let town = home_towns[rng.below(home_towns.len())];
            let offer_modes = modes(rng, true);
            list.push(Candidate {
                offer: Offer {
                    id: OfferId::from_uuid(Uuid::from_u128(0x3_0000_0000 + offer_n)),
                    group_id: group,
                    member_id: helper,
                    topic: Topic {
                        area_id: area,
                        aspects: aspects.clone(),
                        description: description.clone(),
                        modes: offer_modes,
                        rank: (rng.below(3) == 0)
                            .then(|| Rank::new(1 + rng.below(5) as i64).unwrap()),
                    },
                    capacity: Capacity::new(capacity as i64).unwrap(),
                    travel_radius: Some(TravelRadius::new(rng.between(10.0, 60.0)).unwrap()),
                    status: OfferStatus::Active,
                    version: Version::FIRST,
                    created_at: time::OffsetDateTime::UNIX_EPOCH,
                },
                helper: Helper {
                    member_id: helper,
                    display_name: DisplayName::parse("Helper").unwrap(),
                    organisation: Some((
                        OrganisationId::from_uuid(Uuid::from_u128(rng.below(300) as u128)),
                        collaborate_core::values::Name::parse("School").unwrap(),
                    )),
                    job_title: None,
                    approximate_position: Some(position(near(town, rng)).approximate()),
                },
                open_requests: u32::from(rng.below(4) == 0),
                recent_requests: rng.below(4) as u32,
            });
        }
        areas.push((area, home_towns));
        candidates.insert(area, list);
    }
    let helpers: BTreeSet<MemberId> = candidates
        .values()
        .flatten()
        .map(|c| c.helper.member_id)
        .collect();
    // Some areas are asked for far more than others.
    let weights: Vec<f64> = areas
        .iter()
        .map(|_| rng.between(0.2, 1.0).powi(3))
        .collect();
    let total: f64 = weights.iter().sum();
    let mut seekers = BTreeMap::new();
    let mut list = Vec::with_capacity(needs);
    for n in 0..needs {
        let seeker_id = MemberId::from_uuid(Uuid::from_u128(0x4_0000_0000 + (n / 2) as u128));
        let mut pick = rng.between(0.0, total);
        let mut index = 0;
        while pick > weights[index] && index + 1 < weights.len() {
            pick -= weights[index];
            index += 1;
        }
        let (area, home_towns) = &areas[index];
        let place = near(home_towns[rng.below(home_towns.len())], rng);
        seekers.entry(seeker_id).or_insert_with(|| Seeking {
            seeker: Seeker {
                member_id: seeker_id,
                organisation_id: Some(OrganisationId::from_uuid(Uuid::from_u128(
                    rng.below(300) as u128
                ))),
                position: Some(position(place)),
            },
            contributor: rng.below(20) != 0,
            room: 3,
            asked_offers: BTreeSet::new(),
            answered_needs: BTreeSet::new(),
        });
        let need_modes = if rng.below(5) == 0 {
            Modes::parse(&["in_person"]).unwrap()
        } else {
            modes(rng, false)
        };
        list.push(Need {
            id: NeedId::from_uuid(Uuid::from_u128(0x5_0000_0000 + n as u128)),
            group_id: group,
            member_id: seeker_id,
            topic: Topic {
                area_id: *area,
                aspects: Aspects::parse(&[["Planning", "Budgets", "Bids"][rng.below(3)]]).unwrap(),
                description: description.clone(),
                modes: need_modes,
                rank: None,
            },
            status: NeedStatus::Open,
            version: Version::FIRST,
            created_at: time::OffsetDateTime::UNIX_EPOCH,
        });
    }
    Instance {
        needs: list,
        seekers,
        candidates,
        helpers: helpers.len(),
    }
}

/// The Gini coefficient of `loads` over `helpers` people (those given nothing count as zero).
fn gini(loads: &BTreeMap<MemberId, u32>, helpers: usize) -> f64 {
    let mut values: Vec<f64> = loads.values().map(|&l| f64::from(l)).collect();
    values.resize(helpers.max(values.len()), 0.0);
    values.sort_by(f64::total_cmp);
    let n = values.len() as f64;
    let sum: f64 = values.iter().sum();
    if sum == 0.0 {
        return 0.0;
    }
    let weighted: f64 = values
        .iter()
        .enumerate()
        .map(|(i, v)| (2.0 * (i as f64 + 1.0) - n - 1.0) * v)
        .sum();
    weighted / (n * sum)
}

/// The process's peak resident memory since the last reset, in MiB (Linux only; 0 elsewhere).
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn measure(
    name: &str,
    runs: usize,
    instance: &Instance,
    solve: impl Fn(&Instance) -> Matching,
) -> Matching {
    let before = {
        reset_peak();
        peak_mib()
    };
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let started = Instant::now();
        let matching = solve(instance);
        times.push(started.elapsed());
        last = Some(matching);
    }
    let peak = peak_mib() - before;
    times.sort();
    let matching = last.unwrap();
    let loads = matching.loads();
    println!(
        "{name:>8}: p50 {:>8.1} ms  matched {:>7}  total fit {:>10}  largest load {:>2}  load Gini {:.3}  peak memory +{:.0} MiB",
        ms(percentile(&times, 0.5)),
        matching.assignments.len(),
        matching.total_score(),
        loads.values().max().copied().unwrap_or(0),
        gini(&loads, instance.helpers),
        peak,
    );
    matching
}

fn main() {
    let needs = setting("NEEDS", 10_000);
    let slots = setting("SLOTS", 30_000);
    let runs = setting("RUNS", 5);
    let mut rng = Rng(0x00C0_11AB);
    let instance = instance(needs, slots, &mut rng);
    let offers: usize = instance.candidates.values().map(Vec::len).sum();
    println!(
        "{} needs of {} seekers, {} offers with {} slots, {} areas, {} helpers",
        instance.needs.len(),
        instance.seekers.len(),
        offers,
        slots,
        instance.candidates.len(),
        instance.helpers,
    );
    let optimal = measure("optimal", runs, &instance, |i| {
        propose(&i.needs, &i.seekers, &i.candidates, None)
    });
    let greedy = measure("greedy", runs, &instance, |i| {
        propose_greedily(&i.needs, &i.seekers, &i.candidates, None)
    });
    let cost = |m: &Matching| m.assignments.len() as f64;
    println!(
        "optimal / greedy: needs matched {:.3}, total fit {:.3}",
        cost(&optimal) / cost(&greedy).max(1.0),
        optimal.total_score() as f64 / (greedy.total_score() as f64).max(1.0),
    );
}
