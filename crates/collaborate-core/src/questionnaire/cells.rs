//! One row's cells, each read into the value it holds and resolved against the group's areas.

use super::*;
use crate::places::{self, Found};

/// The group's current areas by name, to resolve strengths and needs against.
#[derive(Debug)]
pub(super) struct Catalogue<'a> {
    by_key: HashMap<String, &'a Area>,
}

impl<'a> Catalogue<'a> {
    pub(super) fn of(areas: &'a [Area]) -> Self {
        Self {
            by_key: areas.iter().map(|a| (a.name.key(), a)).collect(),
        }
    }

    /// A cell `Area name > aspect; aspect`, with `rank`.
    pub(super) fn choice(&self, raw: &str, rank: Rank, column: Column) -> Result<Choice, String> {
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
    pub(super) fn versions_of(&self, ids: &HashSet<AreaId>) -> Vec<(AreaId, Version)> {
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
pub(super) fn chosen(
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
pub(super) fn check_distinct(
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
pub(super) struct Cells<'a> {
    pub(super) line: u64,
    pub(super) values: HashMap<Column, &'a str>,
    pub(super) problems: Vec<RowProblem>,
    pub(super) email: Option<Email>,
}

impl<'a> Cells<'a> {
    pub(super) fn new(
        line: u64,
        columns: &[Option<Column>],
        record: &'a csv::StringRecord,
    ) -> Self {
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

    pub(super) fn problem(&mut self, column: Column, reason: impl Into<String>) {
        self.problems
            .push(RowProblem::new(self.line, Some(column), reason));
    }

    /// The column's value read by `parse`, or none when the cell is empty or refused.
    pub(super) fn optional<T>(
        &mut self,
        column: Column,
        parse: impl FnOnce(&str) -> Result<T, InvalidValue>,
    ) -> Option<T> {
        let raw = self.values.get(&column)?;
        parse(raw)
            .map_err(|e| self.problem(column, e.problem().to_owned()))
            .ok()
    }

    pub(super) fn required<T>(
        &mut self,
        column: Column,
        parse: impl FnOnce(&str) -> Result<T, InvalidValue>,
    ) -> Option<T> {
        if !self.values.contains_key(&column) {
            self.problem(column, "must not be empty");
        }
        self.optional(column, parse)
    }

    pub(super) fn row(&mut self, catalogue: &Catalogue<'_>) -> Option<QuestionnaireRow> {
        let example = self.values.get(&Column::Email).is_some_and(|raw| {
            raw.trim()
                .eq_ignore_ascii_case(Questionnaire::EXAMPLE_EMAIL)
        });
        if example {
            self.problem(
                Column::Email,
                "is the template's example row: delete the row before importing",
            );
            return None;
        }
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

    pub(super) fn location(&mut self) -> Option<Location> {
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
            return self.town(label?);
        }
        Some(Location {
            label,
            position: Position {
                lat: lat?,
                lon: lon?,
            },
        })
    }

    /// A place given by name alone, placed at the centre of the town or village of the
    /// gazetteer it names, as a profile's place is.
    fn town(&mut self, typed: PlaceLabel) -> Option<Location> {
        match places::find(typed.as_str()) {
            Found::One(place) => Some(Location {
                label: PlaceLabel::parse(&place.label()).ok(),
                position: Position {
                    lat: Latitude::new(place.lat).ok()?,
                    lon: Longitude::new(place.lon).ok()?,
                },
            }),
            Found::Several(_) => {
                self.problem(
                    Column::Place,
                    "names several places: add the county, as in \"Newport, Isle of Wight\"",
                );
                None
            }
            Found::Nothing => {
                self.problem(
                    Column::Place,
                    "is not a town or village we know: check its spelling, or give lat and lon",
                );
                None
            }
        }
    }

    pub(super) fn modes(&mut self) -> Option<Modes> {
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

    pub(super) fn choices(
        &mut self,
        catalogue: &Catalogue<'_>,
        column_of: fn(u8) -> Column,
    ) -> Vec<Choice> {
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
