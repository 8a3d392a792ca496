//! Reading a questionnaire file: its bytes and lines, its header, and its rows one by one,
//! each checked before any is written.

use super::*;

/// A questionnaire file, read and checked: ready to import. It keeps the file rather than its
/// rows, and [`Questionnaire::rows`] reads them again as the import goes, so that an import's
/// memory does not grow with the file.
#[derive(Debug)]
pub struct Questionnaire<'a> {
    text: &'a str,
    columns: Vec<Option<Column>>,
    catalogue: Catalogue<'a>,
    /// How many people it has.
    pub people: usize,
    /// The areas the rows name, at the version they were read at: if one changes before the
    /// import is written, the file must be read again.
    pub areas: Vec<(AreaId, Version)>,
}

impl<'a> Questionnaire<'a> {
    /// How many strengths and needs a person gives: their top five.
    pub const TOP: u8 = 5;
    /// The most rows one file may have.
    pub const MOST_ROWS: usize = 20_000;
    /// The largest file accepted, in bytes.
    pub const MOST_BYTES: usize = 16 * 1024 * 1024;
    /// The columns of the strengths, by rank; they name the answers given online too.
    pub const STRENGTHS: [&'static str; 5] = [
        "strength_1",
        "strength_2",
        "strength_3",
        "strength_4",
        "strength_5",
    ];
    /// The columns of the needs, by rank.
    pub const NEEDS: [&'static str; 5] = ["need_1", "need_2", "need_3", "need_4", "need_5"];

    /// The template: the header row, every column in order.
    pub fn template() -> String {
        let names: Vec<&str> = Column::all().map(Column::name).collect();
        format!("{}\r\n", names.join(","))
    }

    /// The template's columns, in order, as its header names them.
    pub fn columns() -> Vec<&'static str> {
        Column::all().map(Column::name).collect()
    }

    /// The address of the template's example row, which no import takes: a file that still
    /// holds the row is refused until it is deleted.
    pub const EXAMPLE_EMAIL: &'static str = "alex.example@example.invalid";

    /// The template to fill in: the header row, then an example row naming the first of the
    /// group's `areas` (and its first aspect) as a strength and the second as a need, spelled
    /// as the import reads them.
    pub fn template_for(areas: &[Area]) -> String {
        let current: Vec<&Area> = areas.iter().filter(|a| !a.archived).collect();
        let spell = |area: Option<&&Area>, aspects: usize| {
            area.map(|a| {
                let picked = Aspects::parse(
                    &a.aspects
                        .iter()
                        .take(aspects)
                        .map(|x| x.as_str())
                        .collect::<Vec<_>>(),
                )
                .unwrap_or_default();
                quoted(&super::answers::spelled(a, &picked))
            })
            .unwrap_or_default()
        };
        let cells: Vec<String> = Column::all()
            .map(|column| match column {
                Column::Email => Self::EXAMPLE_EMAIL.to_owned(),
                Column::DisplayName => "Alex Example".to_owned(),
                Column::Organisation => "Park Academy".to_owned(),
                Column::JobTitle => "Head of science".to_owned(),
                Column::Place => "York".to_owned(),
                Column::Phone => "01904 555000".to_owned(),
                Column::Modes => "email;video".to_owned(),
                Column::Strength(1) => spell(current.first(), 1),
                Column::Need(1) => spell(current.get(1).or(current.first()), 0),
                _ => String::new(),
            })
            .collect();
        format!("{}{}\r\n", Self::template(), cells.join(","))
    }

    /// Reads a file against the group's `areas`. Real-world files are welcome: a UTF-8
    /// byte-order mark, CRLF line ends, quoted cells holding commas or line breaks, spaces around
    /// values, area and aspect names in any case, header names in any case, blank rows.
    ///
    /// # Errors
    /// Every problem found, row by row: a file with any is imported not at all.
    pub fn read(bytes: &'a [u8], areas: &'a [Area]) -> Result<Self, Vec<RowProblem>> {
        let text = decode(bytes).map_err(|p| vec![p])?;
        let header = reader_of(text)
            .headers()
            .map_err(|e| vec![malformed(&e)])?
            .clone();
        let mut questionnaire = Self {
            text,
            columns: read_header(&header)?,
            catalogue: Catalogue::of(areas),
            people: 0,
            areas: Vec::new(),
        };
        let mut problems = Vec::new();
        let mut first_line_of: HashMap<String, u64> = HashMap::new();
        let mut used = HashSet::new();
        let mut people = 0;
        for read in questionnaire.read_rows() {
            people += 1;
            if people > Self::MOST_ROWS {
                problems.push(RowProblem::new(
                    read.line,
                    None,
                    format!(
                        "the file has more than {} rows: split it and import each part",
                        Self::MOST_ROWS
                    ),
                ));
                break;
            }
            let repeated = read
                .email
                .and_then(|email| match first_line_of.entry(email.key()) {
                    Entry::Occupied(first) => Some(RowProblem::new(
                        read.line,
                        Some(Column::Email),
                        format!(
                            "repeats the email of line {}: one row per person",
                            first.get()
                        ),
                    )),
                    Entry::Vacant(slot) => {
                        slot.insert(read.line);
                        None
                    }
                });
            match read.row {
                Ok(row) if repeated.is_none() => {
                    used.extend(row.strengths.iter().chain(&row.needs).map(|c| c.area_id));
                }
                Ok(_) => {}
                Err(mut found) => problems.append(&mut found),
            }
            problems.extend(repeated);
        }
        if people == 0 && problems.is_empty() {
            problems.push(RowProblem::new(
                2,
                None,
                "the file has no rows under its header",
            ));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        questionnaire.people = people;
        questionnaire.areas = questionnaire.catalogue.versions_of(&used);
        Ok(questionnaire)
    }

    /// Its rows, in file order, read again from the file.
    pub fn rows(&self) -> impl Iterator<Item = QuestionnaireRow> + '_ {
        // `read` found no problem in any row, and reading is deterministic: none is skipped.
        self.read_rows().filter_map(|read| read.row.ok())
    }

    fn read_rows(&self) -> RowReader<'_> {
        RowReader {
            records: reader_of(self.text).into_records(),
            lines: LineCounter::new(self.text),
            columns: &self.columns,
            catalogue: &self.catalogue,
            over: false,
        }
    }
}

/// A reader of questionnaire text: a header, then rows of cells that may be fewer than its
/// columns, each trimmed.
pub(super) fn reader_of(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes())
}

/// One row of the file as read: its line, the email it gives if that one is valid, and the row
/// or every problem found in it.
pub(super) struct RowRead {
    line: u64,
    email: Option<Email>,
    row: Result<QuestionnaireRow, Vec<RowProblem>>,
}

/// Reads the rows after the header, skipping blank ones; a record that is not well-formed CSV is
/// the last one read.
pub(super) struct RowReader<'q> {
    records: csv::StringRecordsIntoIter<&'q [u8]>,
    lines: LineCounter<'q>,
    columns: &'q [Option<Column>],
    catalogue: &'q Catalogue<'q>,
    over: bool,
}

impl Iterator for RowReader<'_> {
    type Item = RowRead;

    fn next(&mut self) -> Option<RowRead> {
        if self.over {
            return None;
        }
        let record = loop {
            match self.records.next()? {
                Ok(record) if record.iter().all(str::is_empty) => continue,
                Ok(record) => break record,
                Err(error) => {
                    self.over = true;
                    let problem = malformed(&error);
                    return Some(RowRead {
                        line: problem.line,
                        email: None,
                        row: Err(vec![problem]),
                    });
                }
            }
        };
        let line = self
            .lines
            .at(record.position().map_or(0, csv::Position::byte));
        let mut cells = Cells::new(line, self.columns, &record);
        let row = cells.row(self.catalogue);
        let row = match row {
            Some(row) if cells.problems.is_empty() => Ok(row),
            _ => Err(cells.problems),
        };
        Some(RowRead {
            line,
            email: cells.email,
            row,
        })
    }
}

/// The text of a file: UTF-8, with or without a byte-order mark.
pub(super) fn decode(bytes: &[u8]) -> Result<&str, RowProblem> {
    let not_utf8 = "save the file as \"CSV UTF-8\": this one is in another encoding";
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(RowProblem::new(1, None, not_utf8));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|error| {
        let before = &bytes[..error.valid_up_to()];
        let line = 1 + before.iter().filter(|b| **b == b'\n').count() as u64;
        RowProblem::new(line, None, not_utf8)
    })
}

/// Line numbers of byte offsets, counted as people count them: the csv reader's own count goes
/// astray on CRLF line ends.
pub(super) struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    /// The line of the record the reader says starts at `offset` (never before the last one
    /// asked about): the reader may place it on the line end before it.
    fn at(&mut self, offset: u64) -> u64 {
        let mut offset =
            usize::try_from(offset).map_or(self.text.len(), |o| o.min(self.text.len()));
        while self
            .text
            .get(offset)
            .is_some_and(|b| matches!(b, b'\r' | b'\n'))
        {
            offset += 1;
        }
        if offset > self.offset {
            let passed = self.text[self.offset..offset]
                .iter()
                .filter(|b| **b == b'\n');
            self.line += passed.count() as u64;
            self.offset = offset;
        }
        self.line
    }
}

pub(super) fn malformed(error: &csv::Error) -> RowProblem {
    let line = error.position().map_or(1, csv::Position::line);
    RowProblem::new(line, None, format!("is not well-formed CSV: {error}"))
}

/// Which column each header cell names (`None`: a nameless column, which must stay empty).
pub(super) fn read_header(
    header: &csv::StringRecord,
) -> Result<Vec<Option<Column>>, Vec<RowProblem>> {
    let mut columns = Vec::new();
    let mut problems = Vec::new();
    let problem = |column: &str, reason: String| RowProblem {
        line: 1,
        column: Some(column.to_owned()),
        reason,
    };
    for raw in header {
        let column = if raw.is_empty() {
            None
        } else if let Some(column) = Column::named(raw) {
            if columns.contains(&Some(column)) {
                problems.push(problem(raw, "appears twice in the header".into()));
            }
            Some(column)
        } else {
            problems.push(problem(
                raw,
                "is not a column of the questionnaire: the template names them all".into(),
            ));
            None
        };
        columns.push(column);
    }
    for required in [Column::Email, Column::DisplayName] {
        if !columns.contains(&Some(required)) {
            problems.push(problem(
                required.name(),
                "is missing from the header: every row needs it".into(),
            ));
        }
    }
    if problems.is_empty() {
        Ok(columns)
    } else {
        Err(problems)
    }
}

/// `cell` as a CSV cell: quoted when it holds a comma, a quote or a line break.
fn quoted(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_owned()
    }
}
