//! Maps drawn on the server as SVG: the coastlines and borders of Britain, Ireland and their
//! neighbours (`data/outline.txt`, Natural Earth), fitted to the points shown, with numbered
//! markers. No tiles, no script, nothing fetched: a page carries its map as text, and a table
//! beside it says the same in words.

use std::sync::LazyLock;

/// A point to show, in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// A place to mark: where, its number in the list beside the map, and how many people or
/// things it stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spot {
    /// Where.
    pub point: Point,
    /// Its number.
    pub number: usize,
    /// How many it stands for (a count is drawn beside the marker above one).
    pub count: usize,
}

/// A numbered marker, in the map's own units.
#[derive(Debug, PartialEq)]
pub struct Marker {
    /// Across.
    pub x: f64,
    /// Down.
    pub y: f64,
    /// Its number, as the list beside the map numbers it.
    pub number: usize,
    /// How many it stands for.
    pub count: usize,
}

/// A map ready to draw.
#[derive(Debug)]
pub struct Map {
    /// The SVG `viewBox`.
    pub view_box: String,
    /// The land, one path a ring.
    pub land: Vec<String>,
    /// The spots, numbered from 1.
    pub markers: Vec<Marker>,
    /// The place distances are measured from, if any.
    pub centre: Option<Marker>,
    /// How far a search reached from the centre, in map units, if it was limited.
    pub reach: Option<f64>,
    /// The markers' radius.
    pub radius: f64,
}

/// Map units per degree of latitude.
const UNITS: f64 = 100.0;

/// Kilometres in a degree of latitude.
const KM_PER_DEGREE: f64 = 111.2;

/// The least a map spans, north to south, in kilometres: a town and what lies around it, so
/// that people a street apart are not drawn across a county.
pub const LEAST_SPAN_KM: f64 = 20.0;

static OUTLINE: LazyLock<Vec<Vec<Point>>> =
    LazyLock::new(|| read(include_str!("../../data/outline.txt")));

fn read(table: &str) -> Vec<Vec<Point>> {
    table
        .lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| {
            line.split(' ')
                .skip(1)
                .filter_map(|pair| {
                    let (lon, lat) = pair.split_once(',')?;
                    Some(Point {
                        lat: lat.parse().ok()?,
                        lon: lon.parse().ok()?,
                    })
                })
                .collect()
        })
        .collect()
}

/// The part of the world a map shows: its edges in degrees, and how much a degree across is
/// squeezed at its latitude.
#[derive(Debug, Clone, Copy)]
struct Frame {
    south: f64,
    north: f64,
    west: f64,
    east: f64,
    squeeze: f64,
}

impl Frame {
    /// The frame that shows `points` (and the ring `reach_km` round `centre`), with a margin of
    /// a sixth of the span around, spanning at least [`LEAST_SPAN_KM`].
    fn around(points: &[Point], centre: Option<Point>, reach_km: Option<f64>) -> Option<Self> {
        let mut all: Vec<Point> = points.iter().copied().chain(centre).collect();
        if let (Some(c), Some(km)) = (centre, reach_km) {
            let lat = km / KM_PER_DEGREE;
            let lon = lat / c.lat.to_radians().cos();
            all.push(Point {
                lat: c.lat - lat,
                lon: c.lon - lon,
            });
            all.push(Point {
                lat: c.lat + lat,
                lon: c.lon + lon,
            });
        }
        let (mut south, mut north, mut west, mut east) = bounds(&all)?;
        let grow = |low: &mut f64, high: &mut f64, least: f64| {
            let span = (*high - *low).max(least);
            let middle = f64::midpoint(*low, *high);
            *low = middle - span * (0.5 + 1.0 / 6.0);
            *high = middle + span * (0.5 + 1.0 / 6.0);
        };
        let least = LEAST_SPAN_KM / KM_PER_DEGREE;
        grow(&mut south, &mut north, least);
        let squeeze = f64::midpoint(south, north).to_radians().cos();
        grow(&mut west, &mut east, least / squeeze);
        Some(Self {
            south,
            north,
            west,
            east,
            squeeze,
        })
    }

    /// Its width and height in map units.
    fn size(self) -> (f64, f64) {
        (
            (self.east - self.west) * self.squeeze * UNITS,
            (self.north - self.south) * UNITS,
        )
    }

    /// A marker's radius, in map units.
    fn marker_radius(self) -> f64 {
        let (width, height) = self.size();
        height.min(width) / 30.0
    }
}

/// How far apart, in kilometres, two places shown with `points` (and the ring `reach_km` round
/// `centre`) must be for their markers not to overlap: closer ones share a marker.
pub fn markers_apart_km(points: &[Point], centre: Option<Point>, reach_km: Option<f64>) -> f64 {
    Frame::around(points, centre, reach_km).map_or(0.0, |frame| {
        2.5 * frame.marker_radius() / UNITS * KM_PER_DEGREE
    })
}

/// The distance between two points, in kilometres, as the maps measure it (near enough at the
/// scale of a region).
pub fn km_between(a: Point, b: Point) -> f64 {
    let squeeze = f64::midpoint(a.lat, b.lat).to_radians().cos();
    let (dlat, dlon) = (a.lat - b.lat, (a.lon - b.lon) * squeeze);
    dlat.hypot(dlon) * KM_PER_DEGREE
}

impl Map {
    /// The map that shows `spots` (and `centre`, with the ring `reach_km` round it when a
    /// search was limited), fitted to them with a margin and spanning at least
    /// [`LEAST_SPAN_KM`]; none without a spot.
    pub fn fitted(spots: &[Spot], centre: Option<Point>, reach_km: Option<f64>) -> Option<Self> {
        if spots.is_empty() {
            return None;
        }
        let points: Vec<Point> = spots.iter().map(|s| s.point).collect();
        let frame = Frame::around(&points, centre, reach_km)?;
        let Frame {
            south,
            north,
            west,
            east,
            squeeze,
        } = frame;
        let project = |p: Point| ((p.lon - west) * squeeze * UNITS, (north - p.lat) * UNITS);
        let (width, height) = project(Point {
            lat: south,
            lon: east,
        });
        // A ring is drawn when its box meets the map's: an inland map lies inside the coast
        // of its island, with no point of that coast on it.
        let inside = |ring: &&Vec<Point>| {
            bounds(ring)
                .is_some_and(|(s, n, w, e)| s <= north && n >= south && w <= east && e >= west)
        };
        let land = OUTLINE
            .iter()
            .filter(inside)
            .map(|ring| path(ring.iter().map(|&p| project(p))))
            .collect();
        let marker = |number: usize, count: usize, p: Point| {
            let (x, y) = project(p);
            Marker {
                x,
                y,
                number,
                count,
            }
        };
        Some(Self {
            view_box: format!("0 0 {width:.1} {height:.1}"),
            land,
            markers: spots
                .iter()
                .map(|s| marker(s.number, s.count, s.point))
                .collect(),
            centre: centre.map(|p| marker(0, 1, p)),
            reach: centre.and(reach_km).map(|km| km / KM_PER_DEGREE * UNITS),
            radius: frame.marker_radius(),
        })
    }
}

/// South, north, west and east of `points`.
fn bounds(points: &[Point]) -> Option<(f64, f64, f64, f64)> {
    let first = points.first()?;
    Some(points.iter().fold(
        (first.lat, first.lat, first.lon, first.lon),
        |(s, n, w, e), p| (s.min(p.lat), n.max(p.lat), w.min(p.lon), e.max(p.lon)),
    ))
}

/// An SVG path through `points`, closed.
fn path(points: impl Iterator<Item = (f64, f64)>) -> String {
    let mut d = String::new();
    for (i, (x, y)) in points.enumerate() {
        d.push_str(if i == 0 { "M" } else { "L" });
        d.push_str(&format!("{x:.1} {y:.1}"));
    }
    d.push('Z');
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEEDS: Point = Point {
        lat: 53.80,
        lon: -1.55,
    };
    const YORK: Point = Point {
        lat: 53.96,
        lon: -1.08,
    };

    #[test]
    fn the_outline_is_read_whole() {
        assert!(OUTLINE.len() > 20);
        assert!(OUTLINE.iter().all(|ring| ring.len() >= 4));
    }

    fn spots(points: &[Point]) -> Vec<Spot> {
        points
            .iter()
            .enumerate()
            .map(|(i, &point)| Spot {
                point,
                number: i + 1,
                count: 1,
            })
            .collect()
    }

    fn size(map: &Map) -> (f64, f64) {
        let sizes: Vec<f64> = map
            .view_box
            .split(' ')
            .map(|n| n.parse().unwrap())
            .collect();
        (sizes[2], sizes[3])
    }

    #[test]
    fn every_point_is_inside_the_map_with_a_margin() {
        let map = Map::fitted(&spots(&[LEEDS, YORK]), None, None).unwrap();
        let (width, height) = size(&map);
        for marker in &map.markers {
            assert!(
                marker.x > width / 10.0 && marker.x < width * 0.9,
                "{marker:?}"
            );
            assert!(
                marker.y > height / 10.0 && marker.y < height * 0.9,
                "{marker:?}"
            );
        }
        assert_eq!(map.markers[1].number, 2);
        assert!(map.markers[1].x > map.markers[0].x, "York is east of Leeds");
        assert!(map.markers[1].y < map.markers[0].y, "and north");
        assert!(!map.land.is_empty(), "the land of Yorkshire is drawn");
    }

    #[test]
    fn a_map_of_people_close_together_spans_a_town_not_a_region() {
        let near_leeds = Point {
            lat: 53.81,
            lon: -1.56,
        };
        let map = Map::fitted(&spots(&[LEEDS, near_leeds]), None, None).unwrap();
        let (_, height) = size(&map);
        let span_km = height / UNITS * KM_PER_DEGREE;
        assert!(
            (LEAST_SPAN_KM..LEAST_SPAN_KM * 1.5).contains(&span_km),
            "{span_km} km"
        );
    }

    #[test]
    fn a_limited_search_shows_its_whole_ring_round_the_centre() {
        let map = Map::fitted(&spots(&[LEEDS]), Some(YORK), Some(50.0)).unwrap();
        let (width, height) = size(&map);
        let centre = map.centre.as_ref().unwrap();
        let reach = map.reach.unwrap();
        assert!((reach - 50.0 / KM_PER_DEGREE * UNITS).abs() < 1e-9);
        assert!(centre.x - reach > 0.0 && centre.x + reach < width, "across");
        assert!(centre.y - reach > 0.0 && centre.y + reach < height, "down");
    }

    #[test]
    fn markers_would_overlap_closer_than_a_few_of_their_widths_whatever_the_scale() {
        assert!(
            (km_between(LEEDS, YORK) - 36.0).abs() < 2.0,
            "Leeds to York"
        );
        let town = markers_apart_km(&[LEEDS], None, None);
        assert!((1.0..4.0).contains(&town), "on a town's map: {town} km");
        let region = markers_apart_km(&[LEEDS], Some(YORK), Some(100.0));
        assert!(region > town * 5.0, "on a region's: {region} km");
    }

    #[test]
    fn a_map_of_nothing_is_none_and_the_centre_is_drawn_apart() {
        assert!(Map::fitted(&[], None, None).is_none());
        assert!(
            Map::fitted(&[], Some(YORK), Some(5.0)).is_none(),
            "no map of the seeker alone"
        );
        let map = Map::fitted(&spots(&[LEEDS]), Some(YORK), None).unwrap();
        assert_eq!(map.markers.len(), 1);
        assert_eq!(map.centre.as_ref().map(|c| c.number), Some(0));
        assert!(map.reach.is_none(), "no ring round an unlimited search");
    }
}
