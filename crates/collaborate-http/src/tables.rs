//! Tables as CSV files for spreadsheets: RFC 4180 quoting, UTF-8 with a byte-order mark so that
//! spreadsheets read it as such, and every cell that a spreadsheet would take for a formula
//! neutralised, so a name typed by a member cannot run in an admin's spreadsheet.

/// A header row and the rows under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table of `header` and `rows`.
    pub fn new(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> Self {
        Self {
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            rows: rows.into_iter().collect(),
        }
    }

    /// A two-column table of named counts: `measure,value`.
    pub fn pairs(pairs: &[(&str, u32)]) -> Self {
        Self::new(
            &["measure", "value"],
            pairs
                .iter()
                .map(|(name, value)| vec![(*name).to_owned(), value.to_string()]),
        )
    }

    /// Adds a row.
    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }
}

/// The first characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `cell` as a spreadsheet may show it safely: one that would start a formula gets a leading
/// apostrophe, which spreadsheets show as text. A plain number (a negative longitude, say) is
/// no formula, and stays a number.
pub fn neutralised(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) && !is_plain_number(cell) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Whether `cell` is a decimal number and nothing else: a sign, digits, at most one point.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// The table as a CSV file: a byte-order mark, CRLF line ends, quoted where needed.
pub fn csv_of(table: &Table) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in std::iter::once(&table.header).chain(&table.rows) {
        // Writing to memory cannot fail.
        let _ = writer.write_record(row.iter().map(|c| neutralised(c).into_owned()));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    format!("\u{FEFF}{}", String::from_utf8_lossy(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::equals("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    #[case::plus("+1+1", "'+1+1")]
    #[case::minus("-2+3", "'-2+3")]
    #[case::at("@SUM(A1)", "'@SUM(A1)")]
    #[case::tab("\t=1", "'\t=1")]
    #[case::carriage_return("\r=1", "'\r=1")]
    #[case::negative_number("-1.55", "-1.55")]
    #[case::negative_whole("-2", "-2")]
    #[case::minus_point("-.5e3", "'-.5e3")]
    #[case::minus_alone("-", "'-")]
    #[case::plain("Curriculum design", "Curriculum design")]
    #[case::inner("a=b", "a=b")]
    fn cells_that_would_start_a_formula_are_neutralised(#[case] cell: &str, #[case] shown: &str) {
        assert_eq!(neutralised(cell), shown);
    }

    #[test]
    fn a_csv_file_starts_with_a_byte_order_mark_and_quotes_what_needs_it() {
        let table = Table::new(
            &["area", "offers"],
            [
                vec!["Budgets, grants".to_owned(), "2".to_owned()],
                vec!["Say \"hi\"\nthere".to_owned(), "0".to_owned()],
                vec!["=cmd|' /C calc'!A0".to_owned(), "1".to_owned()],
            ],
        );
        assert_eq!(
            csv_of(&table),
            "\u{FEFF}area,offers\r\n\"Budgets, grants\",2\r\n\"Say \"\"hi\"\"\nthere\",0\r\n'=cmd|' /C calc'!A0,1\r\n"
        );
    }
}
