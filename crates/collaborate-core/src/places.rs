//! Places people type: the towns and villages of Britain, Ireland and the Crown Dependencies
//! (`data/places.tsv`, from GeoNames). A member gives their place by name and is placed at its
//! centre — never at their door.

use std::sync::LazyLock;

/// A place of the gazetteer.
#[derive(Debug, PartialEq)]
pub struct Place {
    /// Its name.
    pub name: &'static str,
    /// The county or region it is in.
    pub county: &'static str,
    /// Its latitude.
    pub lat: f64,
    /// Its longitude.
    pub lon: f64,
}

impl Place {
    /// How the place is written back: its name, and its county when that says more.
    pub fn label(&self) -> String {
        if self.county.is_empty() || self.county == self.name {
            self.name.to_owned()
        } else {
            format!("{}, {}", self.name, self.county)
        }
    }
}

static PLACES: LazyLock<Vec<Place>> = LazyLock::new(|| read(include_str!("../data/places.tsv")));

fn read(table: &'static str) -> Vec<Place> {
    table
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let mut cells = line.split('\t');
            let (name, county, _country) = (cells.next()?, cells.next()?, cells.next()?);
            let lat = cells.next()?.parse().ok()?;
            let lon = cells.next()?.parse().ok()?;
            Some(Place {
                name,
                county,
                lat,
                lon,
            })
        })
        .collect()
}

/// What a typed place names.
#[derive(Debug, PartialEq)]
pub enum Found {
    /// One place.
    One(&'static Place),
    /// Several places of that name (or starting so), to choose among by adding the county.
    Several(Vec<&'static Place>),
    /// None.
    Nothing,
}

/// The most places offered to choose among.
const MOST_OFFERED: usize = 8;

/// The place `typed` names: `Leeds`, or `Newport, Isle of Wight` where one name is several
/// places. Case and spacing do not matter.
pub fn find(typed: &str) -> Found {
    let folded = fold(typed);
    let (name, county) = match folded.split_once(',') {
        Some((name, county)) => (name.trim().to_owned(), Some(county.trim().to_owned())),
        None => (folded, None),
    };
    if name.is_empty() {
        return Found::Nothing;
    }
    let in_county = |p: &&Place| {
        county
            .as_ref()
            .is_none_or(|c| fold(p.county).contains(c.as_str()))
    };
    let named: Vec<&Place> = PLACES
        .iter()
        .filter(|p| fold(p.name) == name)
        .filter(in_county)
        .collect();
    match named.as_slice() {
        [one] => return Found::One(one),
        [] => {}
        several => return Found::Several(several.iter().take(MOST_OFFERED).copied().collect()),
    }
    let starting: Vec<&Place> = PLACES
        .iter()
        .filter(|p| fold(p.name).starts_with(&name))
        .filter(in_county)
        .take(MOST_OFFERED)
        .collect();
    if starting.is_empty() {
        Found::Nothing
    } else {
        Found::Several(starting)
    }
}

/// The place nearest to a position: how a page names where an approximate position is.
pub fn nearest(lat: f64, lon: f64) -> Option<&'static Place> {
    let squeeze = lat.to_radians().cos();
    let distance = |p: &Place| {
        let (dy, dx) = (p.lat - lat, (p.lon - lon) * squeeze);
        dy * dy + dx * dx
    };
    PLACES
        .iter()
        .min_by(|a, b| distance(a).total_cmp(&distance(b)))
}

/// Lower case with single spaces.
fn fold(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unique_name_is_one_place_at_its_centre() {
        let Found::One(leeds) = find("  leeds ") else {
            panic!("Leeds is one place");
        };
        assert_eq!(leeds.name, "Leeds");
        assert!((leeds.lat - 53.80).abs() < 0.05 && (leeds.lon + 1.55).abs() < 0.05);
    }

    #[test]
    fn a_name_of_several_places_is_told_apart_by_its_county() {
        let Found::Several(newports) = find("Newport") else {
            panic!("there are several Newports");
        };
        assert!(newports.len() > 3);
        assert!(
            newports
                .iter()
                .any(|p| p.label() == "Newport, Isle of Wight")
        );
        let Found::One(wight) = find("newport, isle of wight") else {
            panic!("one Newport is on the Isle of Wight");
        };
        assert!(wight.lat < 51.0);
    }

    #[test]
    fn the_start_of_a_name_offers_places_and_nonsense_finds_none() {
        assert!(matches!(find("Huddersf"), Found::Several(p) if p[0].name == "Huddersfield"));
        assert_eq!(find("Xyzzyville"), Found::Nothing);
        assert_eq!(find(" , "), Found::Nothing);
    }

    #[test]
    fn a_position_is_named_by_the_nearest_place() {
        assert_eq!(nearest(53.80, -1.55).map(|p| p.name), Some("Leeds"));
    }

    #[test]
    fn the_whole_table_is_read() {
        assert!(PLACES.len() > 5000);
        assert!(matches!(find("Dublin"), Found::One(_)));
    }
}
