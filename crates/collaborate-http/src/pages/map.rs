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

/// A numbered marker, in the map's own units.
#[derive(Debug, PartialEq)]
pub struct Marker {
    /// Across.
    pub x: f64,
    /// Down.
    pub y: f64,
    /// Its number, as the list beside the map numbers it.
    pub number: usize,
}

/// A map ready to draw.
#[derive(Debug)]
pub struct Map {
    /// The SVG `viewBox`.
    pub view_box: String,
    /// The land, one path a ring.
    pub land: Vec<String>,
    /// The points, numbered from 1.
    pub markers: Vec<Marker>,
    /// The place distances are measured from, if any.
    pub centre: Option<Marker>,
    /// The markers' radius.
    pub radius: f64,
}

/// Map units per degree of latitude.
const UNITS: f64 = 100.0;

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

impl Map {
    /// The map that shows `points`, each with its number (and `centre`), with a margin; none
    /// without a point.
    pub fn fitted(points: &[(usize, Point)], centre: Option<Point>) -> Option<Self> {
        if points.is_empty() {
            return None;
        }
        let all: Vec<Point> = points.iter().map(|&(_, p)| p).chain(centre).collect();
        let (mut south, mut north, mut west, mut east) = bounds(&all)?;
        // At least two and a half degrees of latitude high (a region, so the coast shows where
        // it is), and a margin of a sixth of the span around.
        let grow = |low: &mut f64, high: &mut f64, least: f64| {
            let span = (*high - *low).max(least);
            let middle = f64::midpoint(*low, *high);
            *low = middle - span * (0.5 + 1.0 / 6.0);
            *high = middle + span * (0.5 + 1.0 / 6.0);
        };
        grow(&mut south, &mut north, 2.5);
        let squeeze = f64::midpoint(south, north).to_radians().cos();
        grow(&mut west, &mut east, 2.5 / squeeze);
        let project = |p: Point| ((p.lon - west) * squeeze * UNITS, (north - p.lat) * UNITS);
        let (width, height) = project(Point {
            lat: south,
            lon: east,
        });
        let inside = |ring: &&Vec<Point>| {
            ring.iter().any(|p| {
                p.lat >= south - 2.0
                    && p.lat <= north + 2.0
                    && p.lon >= west - 3.0
                    && p.lon <= east + 3.0
            })
        };
        let land = OUTLINE
            .iter()
            .filter(inside)
            .map(|ring| path(ring.iter().map(|&p| project(p))))
            .collect();
        let marker = |number: usize, p: Point| {
            let (x, y) = project(p);
            Marker { x, y, number }
        };
        Some(Self {
            view_box: format!("0 0 {width:.1} {height:.1}"),
            land,
            markers: points.iter().map(|&(n, p)| marker(n, p)).collect(),
            centre: centre.map(|p| marker(0, p)),
            radius: height / 40.0,
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

    #[test]
    fn every_point_is_inside_the_map_with_a_margin() {
        let map = Map::fitted(&[(1, LEEDS), (2, YORK)], None).unwrap();
        let sizes: Vec<f64> = map
            .view_box
            .split(' ')
            .map(|n| n.parse().unwrap())
            .collect();
        let (width, height) = (sizes[2], sizes[3]);
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
    fn a_map_of_nothing_is_none_and_the_centre_is_drawn_apart() {
        assert!(Map::fitted(&[], None).is_none());
        assert!(
            Map::fitted(&[], Some(YORK)).is_none(),
            "no map of the seeker alone"
        );
        let map = Map::fitted(&[(1, LEEDS)], Some(YORK)).unwrap();
        assert_eq!(map.markers.len(), 1);
        assert_eq!(map.centre.as_ref().map(|c| c.number), Some(0));
    }
}
