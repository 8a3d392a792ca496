//! Tables (rule 11): more than eight accepted participants sit at tables of six to eight, each
//! with a balance of the areas wanted.

use crate::error::{ConflictReason, Error};
use crate::values::{AreaId, MemberId};
use std::collections::{BTreeMap, BTreeSet};

/// The most people at one table, and so the most a Peer Assist meets without tables.
pub const MOST_AT_A_TABLE: usize = 8;

/// The fewest people at one table, once there are several.
pub const FEWEST_AT_A_TABLE: usize = 6;

/// The table (from 1) of each participant, given the wanted areas each covers: none for eight
/// or fewer (they meet as one). Tables are as even as can be, and those covering the same
/// areas are spread over them, each table taking its share within one.
///
/// # Errors
/// [`Error::Conflict`] `uneven_tables` for nine to eleven participants, or seventeen: they
/// fill no number of tables of six to eight.
pub fn split_into_tables(
    participants: &[(MemberId, BTreeSet<AreaId>)],
) -> Result<BTreeMap<MemberId, u32>, Error> {
    let n = participants.len();
    if n <= MOST_AT_A_TABLE {
        return Ok(BTreeMap::new());
    }
    let count = n.div_ceil(MOST_AT_A_TABLE);
    if n < count * FEWEST_AT_A_TABLE {
        return Err(Error::conflict(
            ConflictReason::UnevenTables,
            format!(
                "{n} accepted cannot sit at tables of six to eight: invite someone more or \
                 withdraw an invitation, so that eight or fewer meet as one, or 12 to 16 at two \
                 tables, or 18 to 24 at three"
            ),
        ));
    }
    // Those covering the same areas sit together in the order, and are dealt round the tables
    // like cards: each table takes its share of every kind, within one.
    let mut order: Vec<&(MemberId, BTreeSet<AreaId>)> = participants.iter().collect();
    order.sort_by(|(a, a_areas), (b, b_areas)| a_areas.cmp(b_areas).then(a.cmp(b)));
    let tables = order
        .into_iter()
        .enumerate()
        .map(|(n, (member, _))| (*member, u32::try_from(n % count + 1).unwrap_or(u32::MAX)))
        .collect();
    Ok(tables)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use uuid::Uuid;

    fn area(n: u128) -> AreaId {
        AreaId::from_uuid(Uuid::from_u128(n))
    }

    fn people(areas: &[u128]) -> Vec<(MemberId, BTreeSet<AreaId>)> {
        areas
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let id = MemberId::from_uuid(Uuid::from_u128(100 + i as u128));
                (id, BTreeSet::from([area(*a)]))
            })
            .collect()
    }

    #[test]
    fn eight_meet_as_one() {
        assert!(split_into_tables(&people(&[1; 8])).unwrap().is_empty());
    }

    #[test]
    fn nine_to_eleven_and_seventeen_are_refused_with_a_way_out() {
        for n in [9, 10, 11, 17] {
            let refused = split_into_tables(&people(&vec![1; n])).unwrap_err();
            assert!(matches!(
                refused,
                Error::Conflict {
                    reason: ConflictReason::UnevenTables,
                    ..
                }
            ));
        }
    }

    #[test]
    fn twelve_of_two_areas_sit_at_two_tables_of_six_with_three_of_each() {
        let tables = split_into_tables(&people(&[1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2])).unwrap();
        let everyone = people(&[1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2]);
        for table in [1, 2] {
            let at: Vec<_> = everyone
                .iter()
                .filter(|(m, _)| tables[m] == table)
                .collect();
            assert_eq!(at.len(), 6);
            assert_eq!(at.iter().filter(|(_, a)| a.contains(&area(1))).count(), 3);
        }
    }

    proptest! {
        #[test]
        fn more_than_eight_always_sit_at_tables_of_six_to_eight(
            areas in prop::collection::vec(1u128..5, 12..=24),
        ) {
            prop_assume!(areas.len() != 17);
            let everyone = people(&areas);
            let tables = split_into_tables(&everyone).unwrap();
            prop_assert_eq!(tables.len(), everyone.len());
            let mut sizes: BTreeMap<u32, usize> = BTreeMap::new();
            for table in tables.values() {
                *sizes.entry(*table).or_default() += 1;
            }
            prop_assert!(sizes.values().all(|s| (FEWEST_AT_A_TABLE..=MOST_AT_A_TABLE).contains(s)));
            // Each kind of participant is spread: tables differ by one at most.
            for a in 1..5 {
                let with: Vec<usize> = sizes.keys().map(|t| {
                    everyone.iter().filter(|(m, s)| tables[m] == *t && s.contains(&area(a))).count()
                }).collect();
                let (least, most) = (with.iter().min().unwrap(), with.iter().max().unwrap());
                prop_assert!(most - least <= 1, "area {} spread {:?}", a, with);
            }
        }
    }
}
