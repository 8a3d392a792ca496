//! The grid that indexes members' places: 0.1° × 0.1° cells (about 11 km by 7 km in Britain).
//! A search near a place reads the few cells its box covers instead of a whole band of latitude.

use collaborate_core::values::Bounds;

/// Cells per degree.
const PER_DEGREE: f64 = 10.0;
/// Cells round a parallel: 360° × 10.
const ROW: i32 = 3600;
/// Beyond this many cells a box is large enough that the latitude and longitude ranges alone
/// serve better than a long list of keys.
const MOST_CELLS: usize = 400;

fn row_of(lat: f64) -> i32 {
    // In range by construction: latitude is -90..=90, so the row is 0..=1800.
    #[allow(clippy::cast_possible_truncation)]
    let row = ((lat + 90.0) * PER_DEGREE).floor() as i32;
    row
}

fn column_of(lon: f64) -> i32 {
    #[allow(clippy::cast_possible_truncation)]
    let column = ((lon + 180.0) * PER_DEGREE).floor() as i32;
    column
}

/// The key of the cell `lat`, `lon` falls in, as stored in `members.grid` and, for each offer,
/// in `offers.grid`. Bulk loaders that write members or offers directly must store it too.
pub fn cell(lat: f64, lon: f64) -> i32 {
    row_of(lat) * ROW + column_of(lon)
}

/// The keys of every cell the box touches, or `None` when there would be too many to list.
pub(crate) fn cells_covering(bounds: &Bounds) -> Option<Vec<i32>> {
    let (rows, columns) = (
        row_of(bounds.min_lat)..=row_of(bounds.max_lat),
        column_of(bounds.min_lon)..=column_of(bounds.max_lon),
    );
    let count = rows.clone().count().saturating_mul(columns.clone().count());
    (count <= MOST_CELLS).then(|| {
        rows.flat_map(|r| columns.clone().map(move |c| r * ROW + c))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use collaborate_core::values::{Latitude, Longitude, Position};

    #[test]
    fn a_place_falls_in_one_of_the_cells_covering_any_box_around_it() {
        let leeds = Position {
            lat: Latitude::new(53.8008).unwrap(),
            lon: Longitude::new(-1.5491).unwrap(),
        };
        for km in [0.5, 5.0, 25.0, 50.0] {
            let cells = cells_covering(&leeds.bounds_within(km)).unwrap();
            assert!(cells.contains(&cell(53.8008, -1.5491)), "{km} km");
        }
    }

    #[test]
    fn a_box_too_large_lists_no_cells() {
        let leeds = Position {
            lat: Latitude::new(53.8).unwrap(),
            lon: Longitude::new(-1.5).unwrap(),
        };
        assert_eq!(cells_covering(&leeds.bounds_within(500.0)), None);
    }

    #[test]
    fn cells_are_distinct_across_the_globe() {
        assert_ne!(cell(-90.0, -180.0), cell(-89.95, 179.95));
        assert_eq!(cell(90.0, 180.0), 1800 * ROW + 3600);
    }
}
