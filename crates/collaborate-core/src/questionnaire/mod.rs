//! The questionnaire import: an admin pre-loads people's profiles, top-five strengths and top-five
//! needs from a CSV file (API.md, "The questionnaire CSV"), all or nothing.
//!
//! Reading a file is pure work done before any write transaction opens:
//! [`Questionnaire::read`] checks every row of the file against the group's areas, or lists every
//! problem of every row, each with its line, column and reason; the import then reads the checked
//! rows again, a batch at a time.

mod answers;
mod cells;
mod file;
pub(crate) mod landing;
pub(crate) mod online;
mod outcome;
pub(crate) mod use_cases;

pub use answers::*;
use cells::*;
pub use file::*;
pub use online::{AnswerChange, AnswersSaved, MyQuestionnaire};
pub use outcome::*;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::places::{self, Found};
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
    #[case::a_town_nobody_knows("n@x.org,N,,,Nowhereville Magna", 2, "place")]
    #[case::a_name_of_several_towns("n@x.org,N,,,Newport", 2, "place")]
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

    #[rstest]
    #[case::a_town("York", "York, City of York")]
    #[case::a_town_and_its_county("newport, isle of wight", "Newport, Isle of Wight")]
    fn a_place_given_by_name_alone_is_placed_at_its_centre(
        #[case] typed: &str,
        #[case] label: &str,
    ) {
        let file = format!("{}n@x.org,N,,,\"{typed}\"\r\n", Questionnaire::template());
        let areas = areas();
        let read = Questionnaire::read(file.as_bytes(), &areas).unwrap();
        let row = read.rows().next().unwrap();
        let place = row.location.as_ref().unwrap();
        assert_eq!(place.label.as_ref().map(PlaceLabel::as_str), Some(label));
        let Found::One(known) = places::find(typed) else {
            panic!("{typed} is one place");
        };
        assert_eq!(place.position.lat.get(), known.lat);
        assert_eq!(place.position.lon.get(), known.lon);
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
