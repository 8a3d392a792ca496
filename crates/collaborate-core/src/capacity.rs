//! The capacity map: where help is offered and where it is needed, counted in cells of a coarse
//! grid so that no person can be picked out. A cell is shown only when enough different people
//! share it; what falls in thinner cells is counted apart, as is what has no place.

use crate::groups::Member;
use crate::offers::{Need, Offer};
use crate::values::{AreaId, MemberId};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The grid's step, in degrees: about 22 km north to south, 13 km east to west in Britain.
pub const CELL_DEGREES: f64 = 0.2;

/// The fewest different people a cell must hold to be shown.
pub const FEWEST_PEOPLE: usize = 3;

/// One cell of the map.
#[derive(Debug, Clone, PartialEq)]
pub struct CapacityCell {
    /// The cell's centre.
    pub lat: f64,
    /// The cell's centre.
    pub lon: f64,
    /// Visible offers of the cell's members.
    pub offers: u32,
    /// Counted needs of the cell's members.
    pub needs: u32,
}

/// The group's capacity, by place.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CapacityMap {
    /// The cells shown, the northernmost first.
    pub cells: Vec<CapacityCell>,
    /// Offers and needs in cells too thin to show.
    pub hidden: (u32, u32),
    /// Offers and needs of members who gave no place.
    pub unplaced: (u32, u32),
}

/// The map of `members`' visible offers and counted needs (of `area`, or all), by cell.
pub fn capacity_map(
    members: &[Member],
    offers: &[Offer],
    needs: &[Need],
    area: Option<AreaId>,
) -> CapacityMap {
    let by_id: HashMap<MemberId, &Member> = members.iter().map(|m| (m.id, m)).collect();
    let in_area = |a: AreaId| area.is_none_or(|wanted| wanted == a);
    // Each cell: the people in it, and its offers and needs.
    let mut cells: BTreeMap<(i64, i64), (BTreeSet<MemberId>, u32, u32)> = BTreeMap::new();
    let mut unplaced = (0, 0);
    let mut count = |member: &Member, offer: bool| match member.profile.location.as_ref() {
        None => {
            let slot = if offer {
                &mut unplaced.0
            } else {
                &mut unplaced.1
            };
            *slot += 1;
        }
        Some(location) => {
            let key = cell_of(location.position.lat.get(), location.position.lon.get());
            let cell = cells.entry(key).or_default();
            cell.0.insert(member.id);
            let slot = if offer { &mut cell.1 } else { &mut cell.2 };
            *slot += 1;
        }
    };
    for offer in offers.iter().filter(|o| in_area(o.topic.area_id)) {
        if let Some(member) = by_id.get(&offer.member_id).filter(|m| offer.is_visible(m)) {
            count(member, true);
        }
    }
    for need in needs.iter().filter(|n| in_area(n.topic.area_id)) {
        if let Some(member) = by_id.get(&need.member_id).filter(|m| need.is_counted(m)) {
            count(member, false);
        }
    }
    let mut map = CapacityMap {
        unplaced,
        ..CapacityMap::default()
    };
    for ((row, column), (people, offers, needs)) in cells.into_iter().rev() {
        if people.len() < FEWEST_PEOPLE {
            map.hidden.0 += offers;
            map.hidden.1 += needs;
        } else {
            map.cells.push(CapacityCell {
                lat: centre(row),
                lon: centre(column),
                offers,
                needs,
            });
        }
    }
    map
}

/// The row and column of the cell a position falls in.
fn cell_of(lat: f64, lon: f64) -> (i64, i64) {
    // Latitude and longitude are bounded, so the cell numbers fit.
    #[allow(clippy::cast_possible_truncation)]
    let index = |degrees: f64| (degrees / CELL_DEGREES).floor() as i64;
    (index(lat), index(lon))
}

/// The centre of row or column `index`.
fn centre(index: i64) -> f64 {
    // Cell numbers are small (at most 1,800), so they are exact as floats.
    #[allow(clippy::cast_precision_loss)]
    let start = index as f64 * CELL_DEGREES;
    start + CELL_DEGREES / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::groups::{ContactChannels, Profile};
    use crate::offers::Topic;
    use crate::values::{
        AccountId, Aspects, Capacity, Description, DisplayName, GroupId, Latitude, Location,
        Longitude, MemberStatus, Modes, NeedId, NeedStatus, OfferId, OfferStatus, Position, Role,
        Version,
    };
    use proptest::prelude::*;
    use time::OffsetDateTime;
    use uuid::Uuid;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn member(n: u128, place: Option<(f64, f64)>, status: MemberStatus) -> Member {
        Member {
            id: MemberId::from_uuid(id(n)),
            group_id: GroupId::from_uuid(id(1)),
            account_id: AccountId::from_uuid(id(n)),
            role: Role::Member,
            status,
            profile: Profile {
                display_name: DisplayName::parse("Someone").unwrap(),
                organisation_id: None,
                job_title: None,
                bio: None,
                location: place.map(|(lat, lon)| Location {
                    label: None,
                    position: Position {
                        lat: Latitude::new(lat).unwrap(),
                        lon: Longitude::new(lon).unwrap(),
                    },
                }),
                contact: ContactChannels::default(),
                preferred_modes: Modes::default(),
            },
            version: Version::FIRST,
            notifications: crate::values::NotificationPreference::Immediate,
            named_in_thanks: true,
            joined_at: OffsetDateTime::UNIX_EPOCH,
        }
    }

    fn topic(area: u128) -> Topic {
        Topic {
            area_id: AreaId::from_uuid(id(area)),
            aspects: Aspects::parse::<&str>(&[]).unwrap(),
            description: Description::parse("Help").unwrap(),
            modes: Modes::parse(&["email"]).unwrap(),
            rank: None,
        }
    }

    fn offer(n: u128, of: u128, area: u128) -> Offer {
        Offer {
            id: OfferId::from_uuid(id(n)),
            group_id: GroupId::from_uuid(id(1)),
            member_id: MemberId::from_uuid(id(of)),
            topic: topic(area),
            capacity: Capacity::default(),
            travel_radius: None,
            status: OfferStatus::Active,
            version: Version::FIRST,
            created_at: OffsetDateTime::UNIX_EPOCH,
        }
    }

    fn need(n: u128, of: u128, area: u128) -> Need {
        Need {
            id: NeedId::from_uuid(id(n)),
            group_id: GroupId::from_uuid(id(1)),
            member_id: MemberId::from_uuid(id(of)),
            topic: topic(area),
            status: NeedStatus::Open,
            version: Version::FIRST,
            created_at: OffsetDateTime::UNIX_EPOCH,
        }
    }

    const LEEDS: (f64, f64) = (53.85, -1.55);
    const ACTIVE: MemberStatus = MemberStatus::Active;

    #[test]
    fn a_cell_of_three_people_is_shown_and_one_of_two_is_counted_apart() {
        let members = [
            member(10, Some(LEEDS), ACTIVE),
            member(11, Some((53.86, -1.54)), ACTIVE),
            member(12, Some((53.84, -1.56)), ACTIVE),
            member(20, Some((51.50, -0.12)), ACTIVE),
            member(21, Some((51.51, -0.13)), ACTIVE),
            member(30, None, ACTIVE),
        ];
        let offers = [
            offer(1, 10, 5),
            offer(2, 11, 5),
            offer(3, 20, 5),
            offer(4, 30, 5),
        ];
        let needs = [need(5, 12, 5), need(6, 21, 6), need(7, 10, 5)];
        let map = capacity_map(&members, &offers, &needs, None);
        assert_eq!(map.cells.len(), 1, "Leeds; London has two people only");
        let leeds = &map.cells[0];
        assert_eq!((leeds.offers, leeds.needs), (2, 2));
        assert!(
            (leeds.lat - 53.9).abs() < 1e-9 && (leeds.lon + 1.5).abs() < 1e-9,
            "{leeds:?}"
        );
        assert_eq!(map.hidden, (1, 1));
        assert_eq!(map.unplaced, (1, 0));
        let one_area = capacity_map(&members, &offers, &needs, Some(AreaId::from_uuid(id(6))));
        assert!(one_area.cells.is_empty());
        assert_eq!(one_area.hidden, (0, 1));
    }

    #[test]
    fn paused_offers_met_needs_and_suspended_members_are_not_counted() {
        let members = [
            member(10, Some(LEEDS), ACTIVE),
            member(11, Some(LEEDS), ACTIVE),
            member(12, Some(LEEDS), MemberStatus::Suspended),
        ];
        let mut paused = offer(1, 10, 5);
        paused.status = OfferStatus::Paused;
        let mut met = need(2, 11, 5);
        met.status = NeedStatus::Met;
        let map = capacity_map(&members, &[paused, offer(3, 12, 5)], &[met], None);
        assert_eq!(map, CapacityMap::default());
    }

    proptest! {
        #[test]
        fn no_cell_shown_holds_fewer_than_the_fewest_people_and_nothing_is_lost(
            places in proptest::collection::vec((53.0f64..54.0, -2.0f64..-1.0), 1..40),
            wants in proptest::collection::vec(any::<bool>(), 40),
        ) {
            let members: Vec<Member> = places
                .iter()
                .enumerate()
                .map(|(i, &p)| member(100 + i as u128, Some(p), ACTIVE))
                .collect();
            let offers: Vec<Offer> = (0..members.len()).map(|i| offer(1000 + i as u128, 100 + i as u128, 5)).collect();
            let needs: Vec<Need> = (0..members.len())
                .filter(|i| wants[*i])
                .map(|i| need(2000 + i as u128, 100 + i as u128, 5))
                .collect();
            let map = capacity_map(&members, &offers, &needs, None);
            let shown: u32 = map.cells.iter().map(|c| c.offers).sum();
            prop_assert_eq!(shown + map.hidden.0, offers.len() as u32);
            let wanted: u32 = map.cells.iter().map(|c| c.needs).sum();
            prop_assert_eq!(wanted + map.hidden.1, needs.len() as u32);
            for cell in &map.cells {
                let people = members
                    .iter()
                    .filter(|m| {
                        let p = &m.profile.location.as_ref().unwrap().position;
                        (p.lat.get() - cell.lat).abs() <= CELL_DEGREES / 2.0
                            && (p.lon.get() - cell.lon).abs() <= CELL_DEGREES / 2.0
                    })
                    .count();
                prop_assert!(people >= FEWEST_PEOPLE, "{cell:?} holds {people}");
            }
        }
    }
}
