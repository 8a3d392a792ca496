//! Places on the Earth, distances, and the approximate positions that privacy allows to be shown.

use super::{InvalidValue, PlaceLabel};

/// Declares a float newtype checked against a closed range, with serde through the check.
macro_rules! bounded_float {
    ($(#[$doc:meta])* $name:ident, field = $field:literal, min = $min:expr, max = $max:expr, unit = $unit:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, PartialOrd, serde::Serialize, serde::Deserialize)]
        #[serde(try_from = "f64", into = "f64")]
        pub struct $name(f64);

        impl $name {
            /// Accepts a finite value within the range.
            ///
            /// # Errors
            /// An [`InvalidValue`] naming the field when it is out of range or not a number.
            pub fn new(value: f64) -> Result<Self, InvalidValue> {
                if value.is_finite() && ($min..=$max).contains(&value) {
                    Ok(Self(value))
                } else {
                    Err(InvalidValue::new(
                        $field,
                        format!("must be a number from {} to {}{}", $min, $max, $unit),
                    ))
                }
            }

            /// The value.
            pub fn get(self) -> f64 {
                self.0
            }
        }

        impl TryFrom<f64> for $name {
            type Error = InvalidValue;
            fn try_from(value: f64) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl From<$name> for f64 {
            fn from(value: $name) -> Self {
                value.0
            }
        }
    };
}

bounded_float!(
    /// Degrees north (positive) or south of the equator.
    Latitude, field = "lat", min = -90.0, max = 90.0, unit = " degrees"
);
bounded_float!(
    /// Degrees east (positive) or west of Greenwich.
    Longitude, field = "lon", min = -180.0, max = 180.0, unit = " degrees"
);
bounded_float!(
    /// How far a helper will travel to help in person, in kilometres.
    TravelRadius, field = "travel_radius_km", min = 0.0, max = 1000.0, unit = " km"
);

impl Default for TravelRadius {
    /// Twenty kilometres: a short drive, the reach assumed when an in-person helper names none.
    fn default() -> Self {
        Self(20.0)
    }
}

/// An exact position. Only its owner and the ranking ever see it; others get an
/// [`ApproximatePosition`].
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Position {
    /// North-south.
    pub lat: Latitude,
    /// East-west.
    pub lon: Longitude,
}

const EARTH_RADIUS_KM: f64 = 6371.0088;

impl Position {
    /// The great-circle (haversine) distance to `other`, in kilometres.
    pub fn distance_km(&self, other: &Position) -> f64 {
        haversine_km(
            (self.lat.get(), self.lon.get()),
            (other.lat.get(), other.lon.get()),
        )
    }

    /// The cell of a grid of about one kilometre holding this position: all that maps, search
    /// results and the ranking ever know of a person's place.
    pub fn approximate(&self) -> ApproximatePosition {
        ApproximatePosition {
            lat: round_to_grid(self.lat.get()),
            lon: round_to_grid(self.lon.get()),
        }
    }
}

fn haversine_km((lat1, lon1): (f64, f64), (lat2, lon2): (f64, f64)) -> f64 {
    let (phi1, phi2) = (lat1.to_radians(), lat2.to_radians());
    let d_phi = phi2 - phi1;
    let d_lambda = (lon2 - lon1).to_radians();
    let a = (d_phi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (d_lambda / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().clamp(0.0, 1.0).asin()
}

/// A latitude-longitude box: what a store can filter by index before the exact distance is known.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    /// Southern edge.
    pub min_lat: f64,
    /// Northern edge.
    pub max_lat: f64,
    /// Western edge.
    pub min_lon: f64,
    /// Eastern edge.
    pub max_lon: f64,
}

impl Bounds {
    /// Whether `position` is inside the box.
    pub fn contains(&self, position: &Position) -> bool {
        (self.min_lat..=self.max_lat).contains(&position.lat.get())
            && (self.min_lon..=self.max_lon).contains(&position.lon.get())
    }

    /// This box grown by half a grid cell on every side, so that it holds every exact position
    /// whose [`ApproximatePosition`] it holds.
    #[must_use]
    pub fn around_cells(self) -> Bounds {
        let half = 0.5 / CELLS_PER_DEGREE + 1e-9;
        let lon = |v: f64| v.clamp(-180.0, 180.0);
        Bounds {
            min_lat: (self.min_lat - half).max(-90.0),
            max_lat: (self.max_lat + half).min(90.0),
            min_lon: lon(self.min_lon - half),
            max_lon: lon(self.max_lon + half),
        }
    }
}

impl Position {
    /// A box holding every position within `km` of this one (and a little more).
    pub fn bounds_within(&self, km: f64) -> Bounds {
        // One degree of latitude is at least 110.57 km; a margin keeps rounding on the safe side.
        let reach = km * 1.01;
        let d_lat = reach / 110.57;
        let min_lat = (self.lat.get() - d_lat).max(-90.0);
        let max_lat = (self.lat.get() + d_lat).min(90.0);
        let widest = min_lat.abs().max(max_lat.abs()).to_radians().cos();
        let d_lon = if widest > 1e-6 {
            reach / (111.32 * widest)
        } else {
            360.0
        };
        if d_lon >= 180.0 {
            return Bounds {
                min_lat,
                max_lat,
                min_lon: -180.0,
                max_lon: 180.0,
            };
        }
        let (min_lon, max_lon) = (self.lon.get() - d_lon, self.lon.get() + d_lon);
        if min_lon < -180.0 || max_lon > 180.0 {
            // The circle crosses the antimeridian: keep every longitude rather than split the box.
            return Bounds {
                min_lat,
                max_lat,
                min_lon: -180.0,
                max_lon: 180.0,
            };
        }
        Bounds {
            min_lat,
            max_lat,
            min_lon,
            max_lon,
        }
    }
}

/// The grid's cells per degree: a cell is 0.01 degree, about 1.1 km of latitude and less of
/// longitude away from the equator.
const CELLS_PER_DEGREE: f64 = 100.0;

fn round_to_grid(degrees: f64) -> f64 {
    // Adding zero turns -0.0 into 0.0: otherwise a place just west of Greenwich (or south of the
    // equator) would show a sign its cell's neighbours east of it do not.
    (degrees * CELLS_PER_DEGREE).round() / CELLS_PER_DEGREE + 0.0
}

/// A position rounded to about one kilometre (the centre of its grid cell): what a map, a search
/// result or the ranking may know of a person's place. Every position in a cell gives the same
/// one, so nothing computed from it can tell two people of one cell apart.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ApproximatePosition {
    /// Latitude rounded to two decimals.
    pub lat: f64,
    /// Longitude rounded to two decimals.
    pub lon: f64,
}

impl ApproximatePosition {
    /// The great-circle distance from `origin` to this cell's centre, in kilometres.
    pub fn distance_km_from(&self, origin: &Position) -> f64 {
        haversine_km((origin.lat.get(), origin.lon.get()), (self.lat, self.lon))
    }
}

/// Where a member is based: an optional human label and an exact position.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Location {
    /// The place's name as the member wrote it.
    pub label: Option<PlaceLabel>,
    /// The exact position.
    #[serde(flatten)]
    pub position: Position,
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn at(lat: f64, lon: f64) -> Position {
        Position {
            lat: Latitude::new(lat).unwrap(),
            lon: Longitude::new(lon).unwrap(),
        }
    }

    #[rstest]
    #[case(-90.0)]
    #[case(0.0)]
    #[case(53.8)]
    #[case(90.0)]
    fn a_latitude_in_range_is_accepted(#[case] value: f64) {
        assert_eq!(Latitude::new(value).map(Latitude::get), Ok(value));
    }

    #[rstest]
    #[case(-90.01)]
    #[case(91.0)]
    #[case(f64::NAN)]
    #[case(f64::INFINITY)]
    fn a_latitude_out_of_range_is_refused(#[case] value: f64) {
        let error = Latitude::new(value).unwrap_err();
        assert_eq!(error.field(), "lat");
        assert!(error.problem().contains("from -90 to 90"));
    }

    #[rstest]
    #[case(-180.5)]
    #[case(180.5)]
    fn a_longitude_out_of_range_is_refused(#[case] value: f64) {
        assert_eq!(Longitude::new(value).unwrap_err().field(), "lon");
    }

    #[rstest]
    #[case(-1.0, false)]
    #[case(0.0, true)]
    #[case(1000.0, true)]
    #[case(1000.1, false)]
    fn a_travel_radius_is_between_zero_and_a_thousand_km(#[case] km: f64, #[case] ok: bool) {
        let made = TravelRadius::new(km);
        assert_eq!(made.is_ok(), ok);
        if let Err(error) = made {
            assert_eq!(error.field(), "travel_radius_km");
        }
    }

    #[test]
    fn the_distance_from_london_to_leeds_is_about_270_km() {
        let london = at(51.5074, -0.1278);
        let leeds = at(53.8008, -1.5491);
        let km = london.distance_km(&leeds);
        assert!((km - 272.0).abs() < 3.0, "{km}");
        assert!((leeds.distance_km(&london) - km).abs() < 1e-9);
        assert_eq!(london.distance_km(&london), 0.0);
    }

    #[test]
    fn an_approximate_position_is_within_about_a_kilometre_and_hides_the_exact_one() {
        let exact = at(53.800_812, -1.549_077);
        let shown = exact.approximate();
        assert_eq!((shown.lat, shown.lon), (53.8, -1.55));
        let back = at(shown.lat, shown.lon);
        assert!(exact.distance_km(&back) < 1.0);
    }

    proptest::proptest! {
        #[test]
        fn the_bounds_within_a_distance_hold_every_position_that_close(
            lat in -89.0f64..89.0, lon in -179.0f64..179.0,
            bearing in 0.0f64..360.0, km in 0.0f64..500.0, fraction in 0.0f64..1.0,
        ) {
            let origin = at(lat, lon);
            // A point `fraction * km` away along `bearing` (spherical destination formula).
            let d = fraction * km / EARTH_RADIUS_KM;
            let (phi, lambda, theta) = (lat.to_radians(), lon.to_radians(), bearing.to_radians());
            let phi2 = (phi.sin() * d.cos() + phi.cos() * d.sin() * theta.cos()).asin();
            let lambda2 = lambda + (theta.sin() * d.sin() * phi.cos()).atan2(d.cos() - phi.sin() * phi2.sin());
            let lon2 = (lambda2.to_degrees() + 540.0) % 360.0 - 180.0;
            let point = at(phi2.to_degrees().clamp(-90.0, 90.0), lon2.clamp(-180.0, 180.0));
            proptest::prop_assume!(origin.distance_km(&point) <= km);
            proptest::prop_assert!(origin.bounds_within(km).contains(&point));
        }
    }

    proptest::proptest! {
        #[test]
        fn a_box_around_cells_holds_every_place_whose_cell_is_that_close(
            lat in -80.0f64..80.0, lon in -170.0f64..170.0, km in 0u32..40,
            (north, east) in (-1.0f64..1.0, -1.0f64..1.0),
            (d_lat, d_lon) in (-0.0049f64..0.0049, -0.0049f64..0.0049),
        ) {
            // A cell about `km` away, and a place anywhere in it.
            let origin = at(lat, lon);
            let reach = f64::from(km) / 111.0;
            let cell = at(lat + north * reach, lon + east * reach / lat.to_radians().cos())
                .approximate();
            let place = at(cell.lat + d_lat, cell.lon + d_lon);
            proptest::prop_assume!(cell.distance_km_from(&origin) <= f64::from(km));
            proptest::prop_assert!(origin.bounds_within(f64::from(km)).around_cells().contains(&place));
        }
    }

    #[test]
    fn places_either_side_of_greenwich_in_one_cell_show_the_same_zero() {
        let (west, east) = (
            at(51.4779, -0.0014).approximate(),
            at(51.4779, 0.0014).approximate(),
        );
        assert_eq!(west.lon.to_bits(), east.lon.to_bits());
        assert_eq!(
            serde_json::to_string(&west).unwrap(),
            serde_json::to_string(&east).unwrap()
        );
    }

    #[test]
    fn every_place_in_a_cell_is_the_same_distance_away() {
        let origin = at(53.9, -1.2);
        let corners = [
            at(53.795_1, -1.554_9),
            at(53.804_9, -1.545_1),
            at(53.8, -1.55),
        ];
        let distances: Vec<f64> = corners
            .iter()
            .map(|p| p.approximate().distance_km_from(&origin))
            .collect();
        assert!(
            distances.iter().all(|d| *d == distances[0]),
            "{distances:?}"
        );
        assert_eq!(distances[0], at(53.8, -1.55).distance_km(&origin));
    }

    #[test]
    fn a_location_reads_and_writes_as_label_lat_and_lon() {
        let json = r#"{"label":"Leeds","lat":53.8,"lon":-1.55}"#;
        let location: Location = serde_json::from_str(json).unwrap();
        assert_eq!(location.position, at(53.8, -1.55));
        assert!(serde_json::from_str::<Location>(r#"{"label":"x","lat":99,"lon":0}"#).is_err());
    }
}
