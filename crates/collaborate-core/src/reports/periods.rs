//! Which cells of a tally sum to a period: a store keeps each count twice over in time, in the
//! cell of its day and in the cell of its month, so a period of whole days is summed from the
//! whole months inside it and the days left at either end — never more than about sixty cells
//! a kind, however long the period.

use super::ReportScope;
use time::{Date, Month};

/// The Julian day of 1970-01-01: days are counted from it.
const EPOCH: i32 = 2_440_588;

/// A half-open range of cell numbers, `start..end`; `i64::MIN` and `i64::MAX` stand for the
/// beginning and the end of time.
pub type Span = (i64, i64);

/// The cells a period sums: month cells (numbered by the day their month begins) in one span,
/// day cells in up to two.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodCells {
    /// The whole months, if any.
    pub months: Option<Span>,
    /// The days outside those months.
    pub days: Vec<Span>,
}

/// The number of `date`'s day, counted from 1970-01-01 (negative before it): a day cell's.
pub fn day_number(date: Date) -> i64 {
    i64::from(date.to_julian_day() - EPOCH)
}

/// The date of day `number`, if a date can name it.
pub fn date_of_day(number: i64) -> Option<Date> {
    let julian = i32::try_from(number.checked_add(i64::from(EPOCH))?).ok()?;
    Date::from_julian_day(julian).ok()
}

/// The first day of the month after `date`'s, if a date can name it.
fn next_month(date: Date) -> Option<Date> {
    let (year, month) = match date.month() {
        Month::December => (date.year().checked_add(1)?, Month::January),
        month => (date.year(), month.next()),
    };
    Date::from_calendar_date(year, month, 1).ok()
}

/// The cells that sum to the days from `from` up to, not including, `until` (either open).
pub fn period_cells(from: Option<Date>, until: Option<Date>) -> PeriodCells {
    let lo = from.map_or(i64::MIN, day_number);
    let hi = until.map_or(i64::MAX, day_number);
    if lo >= hi {
        return PeriodCells {
            months: None,
            days: Vec::new(),
        };
    }
    // The first month starting at or after `lo`, and the start of the month `hi` falls in.
    let first = match from {
        None => Some(i64::MIN),
        Some(d) if d.day() == 1 => Some(lo),
        Some(d) => next_month(d).map(day_number),
    };
    let last = until.map_or(i64::MAX, |d| day_number(d.replace_day(1).unwrap_or(d)));
    match first {
        Some(first) if first < last => PeriodCells {
            months: Some((first, last)),
            days: [(lo, first), (last, hi)]
                .into_iter()
                .filter(|(start, end)| start < end)
                .collect(),
        },
        _ => PeriodCells {
            months: None,
            days: vec![(lo, hi)],
        },
    }
}

impl ReportScope {
    /// The cells that sum to the scope's period: its bounds are midnights in UTC
    /// ([`ReportScope::of`]), so whole days.
    pub fn period_cells(&self) -> PeriodCells {
        period_cells(
            self.since.map(|at| at.date()),
            self.until.map(|at| at.date()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;
    use time::macros::date;

    fn a_date() -> impl Strategy<Value = Date> {
        // Four years either side of 2026, across leap years and year ends.
        (-1461i64..1461).prop_map(|d| date!(2026 - 01 - 01) + time::Duration::days(d))
    }

    fn covered(cells: &PeriodCells, day: Date) -> usize {
        let n = day_number(day);
        let month = day_number(day.replace_day(1).unwrap());
        let in_span = |(start, end): &Span, x: i64| *start <= x && x < *end;
        usize::from(cells.months.as_ref().is_some_and(|m| in_span(m, month)))
            + cells.days.iter().filter(|d| in_span(d, n)).count()
    }

    proptest! {
        /// Every day of the period is summed exactly once, and no day outside it.
        #[test]
        fn every_day_of_the_period_is_counted_once_and_no_other(
            from in proptest::option::of(a_date()),
            until in proptest::option::of(a_date()),
            day in a_date(),
        ) {
            let cells = period_cells(from, until);
            let inside = from.is_none_or(|f| f <= day) && until.is_none_or(|u| day < u);
            prop_assert_eq!(covered(&cells, day), usize::from(inside), "{:?}", cells);
        }

        #[test]
        fn a_day_number_names_its_date(day in a_date()) {
            prop_assert_eq!(date_of_day(day_number(day)), Some(day));
        }
    }

    #[rstest]
    #[case::the_epoch(date!(1970 - 01 - 01), 0)]
    #[case::the_day_before(date!(1969 - 12 - 31), -1)]
    #[case::a_leap_day(date!(2028 - 02 - 29), 21_243)]
    fn days_are_counted_from_the_epoch(#[case] day: Date, #[case] number: i64) {
        assert_eq!(day_number(day), number);
    }

    #[rstest]
    #[case::a_quarter(Some(date!(2026 - 10 - 01)), Some(date!(2027 - 01 - 01)), Some((20_727, 20_819)), vec![])]
    #[case::ragged_ends(
        Some(date!(2026 - 10 - 15)),
        Some(date!(2026 - 12 - 10)),
        Some((20_758, 20_788)),
        vec![(20_741, 20_758), (20_788, 20_797)]
    )]
    #[case::within_a_month(Some(date!(2026 - 10 - 02)), Some(date!(2026 - 10 - 30)), None, vec![(20_728, 20_756)])]
    #[case::all_time(None, None, Some((i64::MIN, i64::MAX)), vec![])]
    #[case::empty(Some(date!(2026 - 10 - 02)), Some(date!(2026 - 10 - 02)), None, vec![])]
    fn a_period_sums_whole_months_and_the_days_at_its_ends(
        #[case] from: Option<Date>,
        #[case] until: Option<Date>,
        #[case] months: Option<Span>,
        #[case] days: Vec<Span>,
    ) {
        assert_eq!(period_cells(from, until), PeriodCells { months, days });
    }
}
