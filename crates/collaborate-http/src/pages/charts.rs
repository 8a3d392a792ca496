//! Charts drawn on the server as SVG: horizontal bars, one row a label above a bar for each
//! series, scaled to the largest value, drawn as wide as a phone's screen so that their words
//! keep the size of the page's (the stylesheet keeps them from growing on a wide one). A page shows each chart with a table of the same
//! numbers, so nothing is said by the picture alone.

/// One row of a bar chart: its label and one value a series.
pub struct Row {
    /// What the row is about (an area, a month, a status).
    pub label: String,
    /// One value for each series, in the chart's order.
    pub values: Vec<u32>,
}

/// One bar, placed in the chart's units.
pub struct Bar {
    /// Which series (its class on the page).
    pub series: usize,
    /// Down.
    pub y: f64,
    /// Its length.
    pub width: f64,
    /// Its height.
    pub height: f64,
    /// The value, written at its end.
    pub value: u32,
}

/// A bar chart ready to draw.
pub struct BarChart {
    /// The SVG `viewBox`.
    pub view_box: String,
    /// Each row's label and where its line sits, down.
    pub labels: Vec<(String, f64)>,
    /// Every bar.
    pub bars: Vec<Bar>,
    /// Where the bars start across.
    pub left: f64,
}

/// The chart's width (a phone's screen, in its units), the room a label's line takes above its
/// bars, a bar's height, the gap between rows, and the room kept for a value after its bar.
const WIDTH: f64 = 340.0;
const LABEL_LINE: f64 = 20.0;
const BAR: f64 = 16.0;
const GAP: f64 = 10.0;
const ROOM: f64 = 44.0;

impl BarChart {
    /// The chart of `rows`; every row has as many bars as the longest has values.
    pub fn of(rows: &[Row]) -> Self {
        let most = rows
            .iter()
            .flat_map(|r| r.values.iter().copied())
            .max()
            .unwrap_or(0)
            .max(1);
        let series = rows
            .iter()
            .map(|r| r.values.len())
            .max()
            .unwrap_or(1)
            .max(1);
        let row_height = LABEL_LINE + BAR * f64::from(u32::try_from(series).unwrap_or(1)) + GAP;
        let scale = (WIDTH - ROOM) / f64::from(most);
        let mut labels = Vec::new();
        let mut bars = Vec::new();
        for (index, row) in rows.iter().enumerate() {
            let top = GAP / 2.0 + row_height * f64::from(u32::try_from(index).unwrap_or(0));
            labels.push((row.label.clone(), top + LABEL_LINE * 0.7));
            for (s, &value) in row.values.iter().enumerate() {
                bars.push(Bar {
                    series: s,
                    y: top + LABEL_LINE + BAR * f64::from(u32::try_from(s).unwrap_or(0)),
                    width: f64::from(value) * scale,
                    height: BAR - 2.0,
                    value,
                });
            }
        }
        let height = row_height * f64::from(u32::try_from(rows.len()).unwrap_or(0)) + GAP;
        Self {
            view_box: format!("0 0 {WIDTH} {height:.0}"),
            labels,
            bars,
            left: 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_scaled_to_the_largest_value_and_placed_row_by_row() {
        let chart = BarChart::of(&[
            Row {
                label: "Budgets".into(),
                values: vec![4, 2],
            },
            Row {
                label: "Wellbeing".into(),
                values: vec![0, 8],
            },
        ]);
        assert_eq!(chart.bars.len(), 4);
        let longest = chart.bars.iter().map(|b| b.width).fold(0.0, f64::max);
        assert!((longest - (WIDTH - ROOM)).abs() < 1e-9);
        assert!(
            chart.bars[0].y > chart.labels[0].1,
            "a row's bars are under its label"
        );
        assert!(
            (chart.bars[0].width * 2.0 - chart.bars[3].width).abs() < 1e-9,
            "4 is half of 8"
        );
        assert_eq!(chart.bars[2].width, 0.0);
        assert!(chart.labels[1].1 > chart.labels[0].1, "rows go down");
    }

    #[test]
    fn a_chart_of_nothing_is_empty_not_a_division_by_zero() {
        let chart = BarChart::of(&[Row {
            label: "None".into(),
            values: vec![0],
        }]);
        assert!(chart.bars.iter().all(|b| b.width == 0.0));
        assert!(BarChart::of(&[]).bars.is_empty());
    }
}
