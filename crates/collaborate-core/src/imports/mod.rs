//! The questionnaire import: an admin pre-loads people's profiles, top-five strengths and top-five
//! needs from a CSV file (API.md, "The questionnaire CSV"), all or nothing.
//!
//! Reading a file is pure work done before any write transaction opens:
//! [`Questionnaire::read`] checks every row of the file against the group's areas, or lists every
//! problem of every row, each with its line, column and reason; the import then reads the checked
//! rows again, a batch at a time.

pub(crate) mod landing;
pub(crate) mod online;
pub(crate) mod use_cases;

pub use online::{AnswersSaved, MyQuestionnaire};

use crate::offers::{Need, Offer, Topic};
use crate::taxonomy::Area;
use crate::values::{
    AreaId, Aspects, Description, DisplayName, Email, InvalidValue, JobTitle, Latitude, Location,
    Longitude, Mode, Modes, Name, NeedStatus, Phone, PlaceLabel, Position, Rank, Version,
    VideoLink,
};
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

pub use crate::error::RowProblem;

impl RowProblem {
    /// A value of the row's, refused in the column it names.
    pub(crate) fn of_cell(line: u64, refused: &InvalidValue) -> Self {
        Self {
            line,
            column: Some(refused.field().to_owned()),
            reason: refused.problem().to_owned(),
        }
    }

    fn new(line: u64, column: Option<Column>, reason: impl Into<String>) -> Self {
        Self {
            line,
            column: column.map(|c| c.name().to_owned()),
            reason: reason.into(),
        }
    }
}

/// A column of the questionnaire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    Email,
    DisplayName,
    Organisation,
    JobTitle,
    Place,
    Lat,
    Lon,
    Phone,
    VideoLink,
    Modes,
    Strength(u8),
    Need(u8),
}

impl Column {
    /// Every column, in the template's order.
    fn all() -> impl Iterator<Item = Self> {
        use Column::*;
        let fixed = [
            Email,
            DisplayName,
            Organisation,
            JobTitle,
            Place,
            Lat,
            Lon,
            Phone,
            VideoLink,
            Modes,
        ];
        let ranks = 1..=Questionnaire::TOP;
        fixed
            .into_iter()
            .chain(ranks.clone().map(Strength))
            .chain(ranks.map(Need))
    }

    fn name(self) -> &'static str {
        let ranked = |names: [&'static str; 5], rank: u8| {
            names
                .get(usize::from(rank).wrapping_sub(1))
                .copied()
                .unwrap_or(names[0])
        };
        match self {
            Self::Email => "email",
            Self::DisplayName => "display_name",
            Self::Organisation => "organisation",
            Self::JobTitle => "job_title",
            Self::Place => "place",
            Self::Lat => "lat",
            Self::Lon => "lon",
            Self::Phone => "phone",
            Self::VideoLink => "video_link",
            Self::Modes => "modes",
            Self::Strength(rank) => ranked(Questionnaire::STRENGTHS, rank),
            Self::Need(rank) => ranked(Questionnaire::NEEDS, rank),
        }
    }

    /// The column of a strength of `rank`.
    fn strength(rank: Rank) -> Self {
        Self::Strength(u8::try_from(rank.get()).unwrap_or(0))
    }

    /// The column of a need of `rank`.
    fn need(rank: Rank) -> Self {
        Self::Need(u8::try_from(rank.get()).unwrap_or(0))
    }

    /// The column a header cell names: spreadsheets' "Display name" and "display-name" included.
    fn named(raw: &str) -> Option<Self> {
        let wanted = raw.trim().to_lowercase().replace([' ', '-'], "_");
        Self::all().find(|c| c.name() == wanted)
    }
}

/// One person's answers, checked and resolved against the group's areas.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionnaireRow {
    /// The line the row starts on.
    pub line: u64,
    /// The key: a person already in the file's group is updated, not added.
    pub email: Email,
    /// Their name.
    pub display_name: DisplayName,
    /// Their organisation, by name (made in the group if it has none of that name).
    pub organisation: Option<Name>,
    /// Their job title.
    pub job_title: Option<JobTitle>,
    /// Where they are based.
    pub location: Option<Location>,
    /// Their phone number.
    pub phone: Option<Phone>,
    /// Their video-call link.
    pub video_link: Option<VideoLink>,
    /// How they help: the modes of their strengths.
    pub modes: Modes,
    /// Their top strengths, by rank.
    pub strengths: Vec<Choice>,
    /// Their top needs, by rank.
    pub needs: Vec<Choice>,
}

/// A strength or need of the questionnaire: an area of the group, some of its aspects.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// Its place in the person's top five.
    pub rank: Rank,
    /// The area.
    pub area_id: AreaId,
    /// The aspects, spelled as the area spells them.
    pub aspects: Aspects,
    /// The cell as written, which describes a new offer or need.
    pub text: Description,
}

impl Choice {
    /// The column of this choice as one of a person's strengths.
    pub(crate) fn strength_column(&self) -> &'static str {
        Column::strength(self.rank).name()
    }

    /// The column of this choice as one of a person's needs.
    pub(crate) fn need_column(&self) -> &'static str {
        Column::need(self.rank).name()
    }
}

/// A member's own answers to the questionnaire, given online rather than on paper: what a row of
/// the file says of their strengths and needs, checked by the same rules and landing the same way.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OwnAnswers {
    /// Their top strengths.
    pub strengths: Vec<Answer>,
    /// Their top needs.
    pub needs: Vec<Answer>,
    /// How they help: the modes of their strengths.
    pub modes: Modes,
}

/// One strength or need given online: its rank, its area, the aspects picked in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// Its place in the person's top five.
    pub rank: Rank,
    /// The area.
    pub area_id: AreaId,
    /// The aspects picked (a need may pick none).
    pub aspects: Aspects,
}

impl OwnAnswers {
    /// The answers a member's offers and needs give now: each offer and open need with a rank
    /// (the first of any that share one), and the modes of those offers.
    pub fn of(offers: &[Offer], needs: &[Need]) -> Self {
        let answer = |topic: &Topic| {
            topic.rank.map(|rank| Answer {
                rank,
                area_id: topic.area_id,
                aspects: topic.aspects.clone(),
            })
        };
        let ranked_offers: Vec<&Offer> = offers.iter().filter(|o| o.topic.rank.is_some()).collect();
        let mut strengths: Vec<Answer> = ranked_offers
            .iter()
            .filter_map(|o| answer(&o.topic))
            .collect();
        let mut needs: Vec<Answer> = needs
            .iter()
            .filter(|n| n.status == NeedStatus::Open)
            .filter_map(|n| answer(&n.topic))
            .collect();
        for answers in [&mut strengths, &mut needs] {
            answers.sort_by_key(|a| a.rank);
            answers.dedup_by_key(|a| a.rank);
        }
        let modes = ranked_offers
            .iter()
            .flat_map(|o| o.topic.modes.iter())
            .collect();
        Self {
            strengths,
            needs,
            modes,
        }
    }

    /// The strengths and needs as choices of the group's `areas`, checked as a file's row is:
    /// current areas only, aspects of the area (a strength names at least one), one answer per
    /// rank and per area, and a way of helping when there is a strength.
    ///
    /// # Errors
    /// The first answer refused, named by its column (`strength_2`, `need_1`, `modes`).
    pub(crate) fn choices(
        &self,
        areas: &[Area],
    ) -> Result<(Vec<Choice>, Vec<Choice>), InvalidValue> {
        let strengths = choices_of(&self.strengths, areas, Column::strength)?;
        let needs = choices_of(&self.needs, areas, Column::need)?;
        if !strengths.is_empty() && self.modes.is_empty() {
            return Err(InvalidValue::new(
                Column::Modes.name(),
                "choose at least one way you can help",
            ));
        }
        Ok((strengths, needs))
    }
}

/// Online answers of one kind as choices, in rank order, or the first refused.
fn choices_of(
    answers: &[Answer],
    areas: &[Area],
    column_of: fn(Rank) -> Column,
) -> Result<Vec<Choice>, InvalidValue> {
    let mut ranked: Vec<&Answer> = answers.iter().collect();
    ranked.sort_by_key(|a| a.rank);
    let mut taken = Vec::new();
    let mut choices: Vec<Choice> = Vec::with_capacity(ranked.len());
    for answer in ranked {
        let column = column_of(answer.rank);
        let refused = |reason: String| InvalidValue::new(column.name(), reason);
        if choices.last().is_some_and(|c| c.rank == answer.rank) {
            return Err(refused("gives this rank twice".to_owned()));
        }
        let area = areas
            .iter()
            .find(|a| a.id == answer.area_id && !a.archived)
            .ok_or_else(|| refused("is not an area of this group".to_owned()))?;
        let choice = chosen(area, &answer.aspects, answer.rank, column, None)
            .and_then(|choice| check_distinct(&mut taken, &choice, column).map(|()| choice))
            .map_err(refused)?;
        choices.push(choice);
    }
    Ok(choices)
}

/// An answer as a cell of the file spells it: `Area name > aspect; aspect`.
fn spelled(area: &Area, aspects: &Aspects) -> String {
    if aspects.is_empty() {
        return area.name.to_string();
    }
    let names: Vec<&str> = aspects.iter().map(|a| a.as_str()).collect();
    format!("{} > {}", area.name, names.join("; "))
}

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
fn reader_of(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes())
}

/// One row of the file as read: its line, the email it gives if that one is valid, and the row
/// or every problem found in it.
struct RowRead {
    line: u64,
    email: Option<Email>,
    row: Result<QuestionnaireRow, Vec<RowProblem>>,
}

/// Reads the rows after the header, skipping blank ones; a record that is not well-formed CSV is
/// the last one read.
struct RowReader<'q> {
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
fn decode(bytes: &[u8]) -> Result<&str, RowProblem> {
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
struct LineCounter<'a> {
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

fn malformed(error: &csv::Error) -> RowProblem {
    let line = error.position().map_or(1, csv::Position::line);
    RowProblem::new(line, None, format!("is not well-formed CSV: {error}"))
}

/// Which column each header cell names (`None`: a nameless column, which must stay empty).
fn read_header(header: &csv::StringRecord) -> Result<Vec<Option<Column>>, Vec<RowProblem>> {
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

/// The group's current areas by name, to resolve strengths and needs against.
#[derive(Debug)]
struct Catalogue<'a> {
    by_key: HashMap<String, &'a Area>,
}

impl<'a> Catalogue<'a> {
    fn of(areas: &'a [Area]) -> Self {
        Self {
            by_key: areas.iter().map(|a| (a.name.key(), a)).collect(),
        }
    }

    /// A cell `Area name > aspect; aspect`, with `rank`.
    fn choice(&self, raw: &str, rank: Rank, column: Column) -> Result<Choice, String> {
        let (area_name, aspect_names) = raw.split_once('>').unwrap_or((raw, ""));
        let area_name = area_name.trim();
        let area = self
            .by_key
            .get(&area_name.to_lowercase())
            .filter(|a| !a.archived)
            .ok_or_else(|| format!("\"{area_name}\" is not an area of this group"))?;
        let names: Vec<&str> = aspect_names
            .split(';')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .collect();
        let asked = Aspects::parse(&names).map_err(|e| e.problem().to_owned())?;
        chosen(area, &asked, rank, column, Some(raw))
    }

    /// The areas of `ids`, with their versions, by id.
    /// The areas of `ids`, with their versions, by id.
    fn versions_of(&self, ids: &HashSet<AreaId>) -> Vec<(AreaId, Version)> {
        let mut used: Vec<(AreaId, Version)> = self
            .by_key
            .values()
            .filter(|area| ids.contains(&area.id))
            .map(|area| (area.id, area.version))
            .collect();
        used.sort_by_key(|(id, _)| *id);
        used
    }
}

/// A strength or need of `area`: the aspects `asked` spelled as the area spells them, and the
/// answer as `written` (or else spelled as a file's cell) to describe a new offer or need. A
/// strength names its aspects.
fn chosen(
    area: &Area,
    asked: &Aspects,
    rank: Rank,
    column: Column,
    written: Option<&str>,
) -> Result<Choice, String> {
    if asked.is_empty() && matches!(column, Column::Strength(_)) {
        return Err(format!(
            "name the aspects you can help with: \"{} > aspect; aspect\"",
            area.name
        ));
    }
    let aspects = area
        .resolve_aspects(asked, "aspects")
        .map_err(|e| e.problem().to_owned())?;
    let text = match written {
        Some(written) => Description::parse(written),
        None => Description::parse(&spelled(area, &aspects)),
    }
    .map_err(|e| e.problem().to_owned())?;
    Ok(Choice {
        rank,
        area_id: area.id,
        aspects,
        text,
    })
}

/// Refuses a strength or need in an area that an earlier one of the same kind already names:
/// one answer per area. `taken` holds the areas named so far, with their columns.
fn check_distinct(
    taken: &mut Vec<(AreaId, Column)>,
    choice: &Choice,
    column: Column,
) -> Result<(), String> {
    match taken.iter().find(|(area, _)| *area == choice.area_id) {
        Some((_, earlier)) => Err(format!("names the same area as {}", earlier.name())),
        None => {
            taken.push((choice.area_id, column));
            Ok(())
        }
    }
}

/// One row's cells by column, and the problems found reading them.
struct Cells<'a> {
    line: u64,
    values: HashMap<Column, &'a str>,
    problems: Vec<RowProblem>,
    email: Option<Email>,
}

impl<'a> Cells<'a> {
    fn new(line: u64, columns: &[Option<Column>], record: &'a csv::StringRecord) -> Self {
        let mut cells = Self {
            line,
            values: HashMap::new(),
            problems: Vec::new(),
            email: None,
        };
        if record.len() > columns.len() {
            cells.problems.push(RowProblem::new(
                line,
                None,
                format!(
                    "has {} cells but the header has {} columns",
                    record.len(),
                    columns.len()
                ),
            ));
        }
        for (column, value) in columns.iter().zip(record) {
            match column {
                Some(column) if !value.is_empty() => {
                    cells.values.insert(*column, value);
                }
                None if !value.is_empty() => cells.problems.push(RowProblem::new(
                    line,
                    None,
                    format!("has \"{value}\" under a column with no name in the header"),
                )),
                _ => {}
            }
        }
        cells
    }

    fn problem(&mut self, column: Column, reason: impl Into<String>) {
        self.problems
            .push(RowProblem::new(self.line, Some(column), reason));
    }

    /// The column's value read by `parse`, or none when the cell is empty or refused.
    fn optional<T>(
        &mut self,
        column: Column,
        parse: impl FnOnce(&str) -> Result<T, InvalidValue>,
    ) -> Option<T> {
        let raw = self.values.get(&column)?;
        parse(raw)
            .map_err(|e| self.problem(column, e.problem().to_owned()))
            .ok()
    }

    fn required<T>(
        &mut self,
        column: Column,
        parse: impl FnOnce(&str) -> Result<T, InvalidValue>,
    ) -> Option<T> {
        if !self.values.contains_key(&column) {
            self.problem(column, "must not be empty");
        }
        self.optional(column, parse)
    }

    fn row(&mut self, catalogue: &Catalogue<'_>) -> Option<QuestionnaireRow> {
        self.email = self.required(Column::Email, Email::parse);
        let display_name = self.required(Column::DisplayName, DisplayName::parse);
        let organisation = self.optional(Column::Organisation, Name::parse);
        let job_title = self.optional(Column::JobTitle, JobTitle::parse);
        let location = self.location();
        let phone = self.optional(Column::Phone, Phone::parse);
        let video_link = self.optional(Column::VideoLink, VideoLink::parse);
        let modes = self.modes();
        let strengths = self.choices(catalogue, Column::Strength);
        let needs = self.choices(catalogue, Column::Need);
        Some(QuestionnaireRow {
            line: self.line,
            email: self.email.clone()?,
            display_name: display_name?,
            organisation,
            job_title,
            location,
            phone,
            video_link,
            modes: modes?,
            strengths,
            needs,
        })
    }

    fn location(&mut self) -> Option<Location> {
        let number = |raw: &str| {
            raw.parse::<f64>()
                .map_err(|_| InvalidValue::new("lat", "must be a number in decimal degrees"))
        };
        let lat = self.optional(Column::Lat, |raw| number(raw).and_then(Latitude::new));
        let lon = self.optional(Column::Lon, |raw| number(raw).and_then(Longitude::new));
        let label = self.optional(Column::Place, PlaceLabel::parse);
        let given = |c| self.values.contains_key(&c);
        let (has_lat, has_lon, has_place) =
            (given(Column::Lat), given(Column::Lon), given(Column::Place));
        if has_lat != has_lon {
            let missing = if has_lat { Column::Lon } else { Column::Lat };
            self.problem(missing, "is missing: lat and lon go together");
        } else if has_place && !has_lat {
            self.problem(
                Column::Place,
                "needs lat and lon too: the place is shown from its coordinates",
            );
        }
        Some(Location {
            label,
            position: Position {
                lat: lat?,
                lon: lon?,
            },
        })
    }

    fn modes(&mut self) -> Option<Modes> {
        let Some(raw) = self.values.get(&Column::Modes) else {
            return Some(Modes::from(vec![Mode::Email]));
        };
        let names: Vec<String> = raw
            .split(';')
            .map(|n| n.trim().to_lowercase().replace([' ', '-'], "_"))
            .filter(|n| !n.is_empty())
            .collect();
        self.optional(Column::Modes, |_| Modes::parse(&names))
    }

    fn choices(&mut self, catalogue: &Catalogue<'_>, column_of: fn(u8) -> Column) -> Vec<Choice> {
        let mut choices = Vec::new();
        let mut taken = Vec::new();
        for rank in 1..=Questionnaire::TOP {
            let column = column_of(rank);
            let (Some(raw), Ok(rank_value)) = (
                self.values.get(&column).copied(),
                Rank::new(i64::from(rank)),
            ) else {
                continue;
            };
            let choice = catalogue
                .choice(raw, rank_value, column)
                .and_then(|choice| check_distinct(&mut taken, &choice, column).map(|()| choice));
            match choice {
                Ok(choice) => choices.push(choice),
                Err(reason) => self.problem(column, reason),
            }
        }
        choices
    }
}

/// Who runs an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Importer {
    /// An admin of the group (through the API): the invitations are theirs, the audit names them.
    Admin(crate::values::AccountId),
    /// The operator, from the command line: the invitations are issued in the name of the
    /// group's longest-standing active admin (so they die with that admin's rights, like any
    /// other), and the audit trail names the system.
    Operator,
}

/// Whether an import writes, or only answers what it would do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportMode {
    /// Answers exactly what the import would do, and writes nothing.
    DryRun,
    /// Writes it all, or nothing if any row is refused.
    Commit,
}

/// What an import did, or would do, row by row.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportReport {
    /// Whether nothing was written.
    pub dry_run: bool,
    /// One outcome per row, in file order.
    pub rows: Vec<RowOutcome>,
    /// Organisations the file named that the group did not have, made by the import.
    pub organisations_created: Vec<Name>,
    /// The invitations made, with the tokens to hand to their people (none in a dry run).
    pub invitations: Vec<IssuedInvitation>,
}

impl ImportReport {
    /// How many rows had `outcome`.
    pub fn members(&self, outcome: MemberOutcome) -> u32 {
        let n = self.rows.iter().filter(|r| r.member == outcome).count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }
}

/// What became of one row's person.
#[derive(Debug, Clone, PartialEq)]
pub struct RowOutcome {
    /// The row's line.
    pub line: u64,
    /// The person.
    pub email: Email,
    /// Whether their membership was made or updated.
    pub member: MemberOutcome,
    /// The invitation they were sent, if one was needed.
    pub invitation: Option<InvitationKind>,
    /// How many offers were made and updated.
    pub offers: Tally,
    /// How many needs were made and updated.
    pub needs: Tally,
}

/// Whether a row made a member or updated one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberOutcome {
    /// New to the group: pre-loaded, waiting for the person to take up the place.
    Created,
    /// Already known to the group, not yet signed in to their place: their profile, strengths
    /// and needs were updated.
    Updated,
    /// A member who has taken up their place: what they made their own is theirs, and nothing
    /// of it changed (one who had left or was removed is invited back).
    Kept,
}

/// Which invitation a pre-loaded person needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationKind {
    /// New to the group: the invitation lets them claim the profile by setting a password, or
    /// accept it with an account they already have.
    Claim,
    /// Known to the group with an account: they accept the invitation once signed in.
    Accept,
}

/// Things made and updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// Made.
    pub created: u32,
    /// Updated.
    pub updated: u32,
}

/// An invitation an import made, with its token: shown once, to the admin, to pass on.
#[derive(Debug, Clone, PartialEq)]
pub struct IssuedInvitation {
    /// The person.
    pub email: Email,
    /// Which invitation.
    pub kind: InvitationKind,
    /// Its token.
    pub token: crate::values::SecretToken,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::GroupId;
    use rstest::rstest;

    fn area(n: u128, name: &str, aspects: &[&str], archived: bool) -> Area {
        Area {
            id: AreaId::from_uuid(uuid::Uuid::from_u128(n)),
            group_id: GroupId::from_uuid(uuid::Uuid::from_u128(99)),
            name: Name::parse(name).unwrap(),
            description: None,
            aspects: Aspects::parse(aspects).unwrap(),
            archived,
            version: Version::FIRST,
        }
    }

    fn areas() -> Vec<Area> {
        vec![
            area(
                1,
                "Curriculum design",
                &["KS3 science", "Assessment"],
                false,
            ),
            area(2, "Behaviour", &["Restorative practice"], false),
            area(3, "Old area", &["Anything"], true),
        ]
    }

    fn problems(file: &str) -> Vec<(u64, Option<String>, String)> {
        Questionnaire::read(file.as_bytes(), &areas())
            .unwrap_err()
            .into_iter()
            .map(|p| (p.line, p.column, p.reason))
            .collect()
    }

    /// The one problem of `file`, as (line, column).
    fn only_problem(file: &str) -> (u64, Option<String>) {
        let found = problems(file);
        assert_eq!(found.len(), 1, "{found:?}");
        (found[0].0, found[0].1.clone())
    }

    #[test]
    fn a_spreadsheets_file_reads_with_its_quirks() {
        let file = "\u{FEFF}Email, Display Name ,organisation,place,lat,lon,modes,strength_1,need_2\r\n\
            \r\n\
            bo@school.org , Bo Brown ,Park High,Leeds,53.8,-1.55,Phone; in person,\"curriculum DESIGN > ks3 science; assessment\",behaviour\r\n\
            \"cy@school.org\",\"Brown, Cy\",,,,,,\"Behaviour >\nrestorative PRACTICE\",\r\n\
            ,,,,,,,,\r\n";
        let areas = areas();
        let read = Questionnaire::read(file.as_bytes(), &areas).unwrap();
        assert_eq!(read.people, 2);
        let rows: Vec<QuestionnaireRow> = read.rows().collect();
        let (bo, cy) = (&rows[0], &rows[1]);
        assert_eq!((bo.line, cy.line), (3, 4));
        assert_eq!(bo.email.as_str(), "bo@school.org");
        assert_eq!(bo.display_name.as_str(), "Bo Brown");
        assert_eq!(
            bo.organisation.as_ref().map(Name::as_str),
            Some("Park High")
        );
        let place = bo.location.as_ref().unwrap();
        assert_eq!(place.label.as_ref().map(PlaceLabel::as_str), Some("Leeds"));
        assert_eq!(place.position.lat.get(), 53.8);
        assert!(bo.modes.contains(Mode::Phone) && bo.modes.contains(Mode::InPerson));
        assert_eq!(bo.modes.len(), 2);
        let strength = &bo.strengths[0];
        assert_eq!(strength.rank.get(), 1);
        let spelled: Vec<&str> = strength.aspects.iter().map(|a| a.as_str()).collect();
        assert_eq!(
            spelled,
            ["KS3 science", "Assessment"],
            "the area's spelling"
        );
        assert_eq!(bo.needs[0].rank.get(), 2, "the column's number is the rank");
        assert!(bo.needs[0].aspects.is_empty(), "a need may name no aspect");
        assert_eq!(cy.display_name.as_str(), "Brown, Cy");
        assert_eq!(cy.modes, Modes::from(vec![Mode::Email]), "email by default");
        assert_eq!(
            cy.strengths[0].aspects.iter().next().unwrap().as_str(),
            "Restorative practice"
        );
        assert_eq!(
            read.areas,
            vec![
                (AreaId::from_uuid(uuid::Uuid::from_u128(1)), Version::FIRST),
                (AreaId::from_uuid(uuid::Uuid::from_u128(2)), Version::FIRST),
            ],
            "the areas named, to check before writing"
        );
    }

    #[rstest]
    #[case::bad_email("nobody,N", 2, "email")]
    #[case::no_name("n@x.org,", 2, "display_name")]
    #[case::latitude_out_of_range("n@x.org,N,,,,91,0", 2, "lat")]
    #[case::latitude_not_a_number("n@x.org,N,,,,north,0", 2, "lat")]
    #[case::lone_lat("n@x.org,N,,,,51", 2, "lon")]
    #[case::lone_lon("n@x.org,N,,,,,1", 2, "lat")]
    #[case::place_without_coordinates("n@x.org,N,,,Leeds", 2, "place")]
    #[case::bad_phone("n@x.org,N,,,,,,call me", 2, "phone")]
    #[case::bad_mode("n@x.org,N,,,,,,,,carrier pigeon", 2, "modes")]
    #[case::unknown_area("n@x.org,N,,,,,,,,,Knitting > Purl", 2, "strength_1")]
    #[case::archived_area("n@x.org,N,,,,,,,,,Old area > Anything", 2, "strength_1")]
    #[case::unknown_aspect("n@x.org,N,,,,,,,,,Behaviour > Detention", 2, "strength_1")]
    #[case::strength_without_aspects("n@x.org,N,,,,,,,,,Behaviour", 2, "strength_1")]
    #[case::same_area_twice("n@x.org,N,,,,,,,,,,,,,,,Behaviour,behaviour", 2, "need_3")]
    fn a_bad_cell_is_named_by_line_and_column(
        #[case] row: &str,
        #[case] line: u64,
        #[case] column: &str,
    ) {
        let file = format!("{}{row}\r\n", Questionnaire::template());
        assert_eq!(only_problem(&file), (line, Some(column.to_owned())));
    }

    #[test]
    fn every_problem_of_every_row_is_listed() {
        let file = "email,display_name,need_1\n\
            a@x.org,A,Behaviour\n\
            bad,,Knitting\n\
            A@X.ORG,A again,\n";
        let found = problems(file);
        let at: Vec<(u64, Option<&str>)> =
            found.iter().map(|(l, c, _)| (*l, c.as_deref())).collect();
        assert_eq!(
            at,
            [
                (3, Some("email")),
                (3, Some("display_name")),
                (3, Some("need_1")),
                (4, Some("email")),
            ]
        );
        assert!(found[3].2.contains("line 2"), "{}", found[3].2);
    }

    #[rstest]
    #[case::unknown_column("email,display_name,shoe_size\n", "shoe_size")]
    #[case::repeated_column("email,display_name,Email\n", "Email")]
    #[case::no_email_column("display_name\n", "email")]
    #[case::no_name_column("email\n", "display_name")]
    fn a_bad_header_is_line_one(#[case] header: &str, #[case] column: &str) {
        let file = format!("{header}a@x.org,A,1\n");
        assert_eq!(only_problem(&file), (1, Some(column.to_owned())));
    }

    #[test]
    fn a_row_longer_than_the_header_or_filling_a_nameless_column_is_refused() {
        assert_eq!(
            only_problem("email,display_name\na@x.org,A,extra\n"),
            (2, None)
        );
        assert_eq!(
            only_problem("email,display_name,\na@x.org,A,extra\n"),
            (2, None)
        );
        assert!(Questionnaire::read(b"email,display_name,\na@x.org,A,\n", &areas()).is_ok());
    }

    #[rstest]
    #[case::utf16(b"\xFF\xFEe\0m\0".to_vec(), 1)]
    #[case::latin1(b"email,display_name\na@x.org,Ren\xE9e\n".to_vec(), 2)]
    fn a_file_in_another_encoding_is_refused_with_its_line(
        #[case] bytes: Vec<u8>,
        #[case] line: u64,
    ) {
        let found = Questionnaire::read(&bytes, &areas()).unwrap_err();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, line);
        assert!(found[0].reason.contains("UTF-8"));
    }

    #[test]
    fn a_file_without_rows_is_refused() {
        assert_eq!(only_problem(&Questionnaire::template()), (2, None));
        let empty: Vec<u64> = problems("").iter().map(|p| p.0).collect();
        assert_eq!(empty, [1, 1], "no email and no display_name column");
    }

    #[test]
    fn a_file_of_more_rows_than_the_limit_is_refused() {
        let mut file = String::from("email,display_name\n");
        for n in 0..=Questionnaire::MOST_ROWS {
            file.push_str(&format!("p{n}@x.org,P\n"));
        }
        let found = problems(&file);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, Questionnaire::MOST_ROWS as u64 + 2);
        assert!(found[0].2.contains("more than 20000 rows"));
    }

    fn answer(rank: i64, area: u128, aspects: &[&str]) -> Answer {
        Answer {
            rank: Rank::new(rank).unwrap(),
            area_id: AreaId::from_uuid(uuid::Uuid::from_u128(area)),
            aspects: Aspects::parse(aspects).unwrap(),
        }
    }

    #[rstest]
    #[case::unknown_area(vec![answer(1, 7, &["Anything"])], vec![], "strength_1")]
    #[case::archived_area(vec![answer(2, 3, &["Anything"])], vec![], "strength_2")]
    #[case::strength_without_aspects(vec![answer(1, 2, &[])], vec![], "strength_1")]
    #[case::aspect_of_another_area(vec![answer(1, 2, &["Assessment"])], vec![], "strength_1")]
    #[case::rank_twice(vec![], vec![answer(3, 1, &[]), answer(3, 2, &[])], "need_3")]
    #[case::area_twice(vec![], vec![answer(4, 1, &[]), answer(2, 1, &[])], "need_4")]
    fn an_online_answer_is_refused_in_its_column(
        #[case] strengths: Vec<Answer>,
        #[case] needs: Vec<Answer>,
        #[case] column: &str,
    ) {
        let answers = OwnAnswers {
            strengths,
            needs,
            modes: Modes::from(vec![Mode::Video]),
        };
        assert_eq!(answers.choices(&areas()).unwrap_err().field(), column);
    }

    #[test]
    fn online_strengths_need_a_way_of_helping_and_read_as_the_file_spells_them() {
        let mut answers = OwnAnswers {
            strengths: vec![answer(2, 1, &["assessment", "ks3 science"])],
            needs: vec![answer(1, 2, &[])],
            modes: Modes::default(),
        };
        assert_eq!(answers.choices(&areas()).unwrap_err().field(), "modes");
        answers.modes = Modes::from(vec![Mode::Phone]);
        let (strengths, needs) = answers.choices(&areas()).unwrap();
        assert_eq!(
            strengths[0].text.as_str(),
            "Curriculum design > Assessment; KS3 science"
        );
        assert_eq!(needs[0].text.as_str(), "Behaviour");
        assert_eq!(strengths[0].strength_column(), "strength_2");
        assert_eq!(needs[0].need_column(), "need_1");
    }

    #[test]
    fn the_template_names_every_column_once_in_order() {
        let template = Questionnaire::template();
        assert!(template.ends_with("\r\n"));
        let names: Vec<&str> = template.trim_end().split(',').collect();
        assert_eq!(names.len(), 20);
        assert_eq!(names[..2], ["email", "display_name"]);
        assert_eq!(names[10], "strength_1");
        assert_eq!(names[19], "need_5");
    }
}
