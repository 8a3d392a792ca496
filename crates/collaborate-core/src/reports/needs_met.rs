//! What peer support achieved (rule 16): of the needs raised in a period, how many were met, how
//! many of them through the exchange (the seeker said the help met it), how long that took, and
//! the feedback that help was given — per area, per organisation and in all.

use crate::taxonomy::{Area, Organisation};
use crate::values::{AreaId, Name, OrganisationId};
use std::collections::BTreeMap;

/// The needs of one area and one organisation (the member's), as a store tallies them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NeedsMetTally {
    /// The need's area.
    pub area_id: AreaId,
    /// Its member's organisation.
    pub organisation_id: Option<OrganisationId>,
    /// Needs raised (of counted members, in the period), whatever became of them.
    pub raised: u32,
    /// Of those, the needs met now.
    pub met: u32,
    /// Of those, the needs whose seeker said a request linked to them met them.
    pub through_exchange: u32,
    /// Their time from being raised to being said met, summed, in whole seconds.
    pub seconds_to_met: u64,
    /// Their linked requests rated (the best rating where several met one), and the ratings'
    /// sum.
    pub rated: u32,
    /// The ratings' sum.
    pub ratings: u32,
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedsMetLine {
    /// The area or organisation; none for members of no organisation, or for the whole group.
    pub name: Option<Name>,
    /// Needs raised.
    pub raised: u32,
    /// Needs met.
    pub met: u32,
    /// Needs met through the exchange.
    pub through_exchange: u32,
    /// The mean days from raised to met through the exchange, to one decimal.
    pub mean_days_to_met: Option<f64>,
    /// The mean rating of the help that met them, to one decimal.
    pub mean_rating: Option<f64>,
}

impl NeedsMetLine {
    /// The share of the needs raised that were met, in whole percent.
    pub fn share_met(&self) -> Option<u32> {
        percent(self.met, self.raised)
    }
}

/// `part` of `whole` in whole percent; none of nothing.
pub fn percent(part: u32, whole: u32) -> Option<u32> {
    (whole > 0).then(|| {
        let share = f64::from(part) * 100.0 / f64::from(whole);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let share = share.round() as u32;
        share
    })
}

/// The report.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NeedsMetReport {
    /// Every area with a need raised, by name.
    pub areas: Vec<NeedsMetLine>,
    /// Every organisation with a need raised, by name, then members of none.
    pub organisations: Vec<NeedsMetLine>,
    /// The whole group.
    pub overall: Option<NeedsMetLine>,
}

#[derive(Default, Clone, Copy)]
struct Sum {
    raised: u32,
    met: u32,
    through_exchange: u32,
    seconds_to_met: u64,
    rated: u32,
    ratings: u32,
}

impl Sum {
    fn add(&mut self, t: &NeedsMetTally) {
        self.raised += t.raised;
        self.met += t.met;
        self.through_exchange += t.through_exchange;
        self.seconds_to_met += t.seconds_to_met;
        self.rated += t.rated;
        self.ratings += t.ratings;
    }

    fn line(self, name: Option<Name>) -> NeedsMetLine {
        let tenths = |total: f64, count: u32| (total * 10.0 / f64::from(count)).round() / 10.0;
        #[allow(clippy::cast_precision_loss)]
        let days = self.seconds_to_met as f64 / 86_400.0;
        NeedsMetLine {
            name,
            raised: self.raised,
            met: self.met,
            through_exchange: self.through_exchange,
            mean_days_to_met: (self.through_exchange > 0)
                .then(|| tenths(days, self.through_exchange)),
            mean_rating: (self.rated > 0).then(|| tenths(f64::from(self.ratings), self.rated)),
        }
    }
}

/// The report from the store's `tallies`, named by the group's `areas` and `organisations`.
pub fn needs_met_report(
    areas: &[Area],
    organisations: &[Organisation],
    tallies: &[NeedsMetTally],
) -> NeedsMetReport {
    let mut by_area: BTreeMap<AreaId, Sum> = BTreeMap::new();
    let mut by_organisation: BTreeMap<Option<OrganisationId>, Sum> = BTreeMap::new();
    let mut overall = Sum::default();
    for t in tallies {
        by_area.entry(t.area_id).or_default().add(t);
        by_organisation.entry(t.organisation_id).or_default().add(t);
        overall.add(t);
    }
    let mut area_lines: Vec<NeedsMetLine> = areas
        .iter()
        .filter_map(|a| by_area.get(&a.id).map(|s| s.line(Some(a.name.clone()))))
        .collect();
    area_lines.sort_by(|a, b| a.name.cmp(&b.name));
    let mut organisation_lines: Vec<NeedsMetLine> = organisations
        .iter()
        .filter_map(|o| {
            by_organisation
                .get(&Some(o.id))
                .map(|s| s.line(Some(o.name.clone())))
        })
        .collect();
    organisation_lines.sort_by(|a, b| a.name.cmp(&b.name));
    if let Some(none) = by_organisation.get(&None) {
        organisation_lines.push(none.line(None));
    }
    NeedsMetReport {
        areas: area_lines,
        organisations: organisation_lines,
        overall: (overall.raised > 0).then(|| overall.line(None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn tally(area: u128, org: Option<u128>, raised: u32, met: u32, through: u32) -> NeedsMetTally {
        NeedsMetTally {
            area_id: AreaId::from_uuid(Uuid::from_u128(area)),
            organisation_id: org.map(|o| OrganisationId::from_uuid(Uuid::from_u128(o))),
            raised,
            met,
            through_exchange: through,
            seconds_to_met: u64::from(through) * 86_400 * 3,
            rated: through,
            ratings: through * 4,
        }
    }

    #[test]
    fn lines_add_up_by_area_by_organisation_and_in_all() {
        let tallies = [
            tally(1, Some(10), 4, 2, 1),
            tally(1, None, 2, 1, 1),
            tally(2, Some(10), 4, 0, 0),
        ];
        let report = needs_met_report(&[], &[], &tallies);
        let all = report.overall.unwrap();
        assert_eq!((all.raised, all.met, all.through_exchange), (10, 3, 2));
        assert_eq!(all.share_met(), Some(30));
        assert_eq!(all.mean_days_to_met, Some(3.0));
        assert_eq!(all.mean_rating, Some(4.0));
        assert_eq!(
            report.organisations.len(),
            1,
            "members of no organisation, last"
        );
        assert_eq!(report.organisations[0].raised, 2);
        assert!(needs_met_report(&[], &[], &[]).overall.is_none());
    }
}
