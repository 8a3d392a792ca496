//! Names and free texts: trimmed, within a length, free of control characters; names also free
//! of the invisible characters that make one name pass for another.

use super::InvalidValue;

/// What a text is: a name shows on one line and must look like what it is; a free text may
/// run over lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// One line, without invisible formatting.
    Name,
    /// Lines and tabs allowed.
    Text,
}

/// Characters that change how a name reads without showing themselves: bidirectional controls
/// (which can make "Ada Admin" render from an impersonator's letters) and zero-width characters
/// (which make two names look the same but differ).
fn is_invisible_formatting(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Checks a text and returns it trimmed: `min..=max` characters, no control characters except
/// line breaks and tabs in a free text, no invisible formatting in a name.
fn checked_text(
    field: &'static str,
    raw: &str,
    max: usize,
    shape: Shape,
) -> Result<String, InvalidValue> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(InvalidValue::new(field, "must not be empty"));
    }
    let length = text.chars().count();
    if length > max {
        return Err(InvalidValue::new(
            field,
            format!("must be at most {max} characters long, not {length}"),
        ));
    }
    let allowed = |c: char| shape == Shape::Text && (c == '\n' || c == '\r' || c == '\t');
    if text.chars().any(|c| c.is_control() && !allowed(c)) {
        return Err(InvalidValue::new(
            field,
            "must not contain control characters",
        ));
    }
    if shape == Shape::Name && text.chars().any(is_invisible_formatting) {
        return Err(InvalidValue::new(
            field,
            "must not contain invisible characters (direction marks or zero-width characters)",
        ));
    }
    Ok(text.to_owned())
}

/// Declares a text newtype: private field, `parse`, `as_str`, `Display`, serde through `parse`.
macro_rules! text_type {
    ($(#[$doc:meta])* $name:ident, field = $field:literal, max = $max:literal, shape = $shape:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// The longest accepted text, in characters.
            pub const MAX_CHARS: usize = $max;

            /// Accepts the text trimmed, or says why not.
            ///
            /// # Errors
            /// An [`InvalidValue`] when it is empty, too long, holds control characters or, in a
            /// name, invisible formatting.
            pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
                checked_text($field, raw, $max, Shape::$shape).map(Self)
            }

            /// The text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = InvalidValue;
            fn try_from(raw: String) -> Result<Self, Self::Error> {
                Self::parse(&raw)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_type!(
    /// A person's name as others see it.
    DisplayName, field = "display_name", max = 100, shape = Name
);
text_type!(
    /// The name of a group.
    GroupName, field = "name", max = 120, shape = Name
);
text_type!(
    /// The name of an area or an organisation.
    Name, field = "name", max = 120, shape = Name
);
text_type!(
    /// A specific sub-topic of an area ("KS3 science").
    Aspect, field = "aspects", max = 80, shape = Name
);
text_type!(
    /// What an offer, a need or an area is about.
    Description, field = "description", max = 2000, shape = Text
);
text_type!(
    /// A member's job title.
    JobTitle, field = "job_title", max = 120, shape = Name
);
text_type!(
    /// A short biography on a member's profile.
    Bio, field = "bio", max = 1000, shape = Text
);
text_type!(
    /// The human name of a place ("Leeds", "Head office").
    PlaceLabel, field = "location.label", max = 120, shape = Name
);
text_type!(
    /// The message a seeker sends with a support request.
    Message, field = "message", max = 2000, shape = Text
);
text_type!(
    /// A seeker's comment on the help received.
    Comment, field = "comment", max = 2000, shape = Text
);
text_type!(
    /// What worries the member who raises a safeguarding concern.
    ConcernText, field = "text", max = 4000, shape = Text
);
text_type!(
    /// What a safeguarding lead did about a concern, in their words.
    ConcernNote, field = "note", max = 4000, shape = Text
);
text_type!(
    /// What a Peer Assist is called.
    Title, field = "title", max = 120, shape = Name
);
text_type!(
    /// What a Peer Assist is for.
    Purpose, field = "purpose", max = 2000, shape = Text
);
text_type!(
    /// What the peers need to know of the project before they meet.
    Background, field = "background", max = 4000, shape = Text
);
text_type!(
    /// What the convenor wants out of a Peer Assist: options, insights.
    DesiredOutcomes, field = "desired_outcomes", max = 2000, shape = Text
);
text_type!(
    /// The notes of one phase of a Peer Assist.
    PhaseNotes, field = "notes", max = 8000, shape = Text
);
text_type!(
    /// What an action of a Peer Assist is: what will be done.
    ActionText, field = "what", max = 500, shape = Text
);
text_type!(
    /// A lesson's summary: the purpose and what the peers said.
    LessonSummary, field = "summary", max = 4000, shape = Text
);
text_type!(
    /// A lesson's options and insights.
    Insights, field = "insights", max = 4000, shape = Text
);
text_type!(
    /// A lesson's actions taken and what came of them.
    ActionsTaken, field = "actions_taken", max = 4000, shape = Text
);

impl Aspect {
    /// The key two aspects are compared by: names match case-insensitively, and letters of
    /// another width or form (`Ｍaths`) as the letters they stand for.
    pub fn key(&self) -> String {
        folded(&self.0)
    }
}

impl Name {
    /// The key two names are compared by: names match case-insensitively, and letters of
    /// another width or form (`Ｍaths`) as the letters they stand for.
    pub fn key(&self) -> String {
        folded(&self.0)
    }
}

/// `text` compatibility-normalised and lower-cased, so that what reads the same compares the same.
fn folded(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    let lowered = text.nfkc().collect::<String>().to_lowercase();
    lowered.nfkc().collect()
}

/// The aspects of an area, an offer or a need: distinct case-insensitively, at most 30.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "Vec<Aspect>", into = "Vec<Aspect>")]
pub struct Aspects(Vec<Aspect>);

impl Aspects {
    /// The most aspects one area, offer or need may name.
    pub const MAX: usize = 30;

    /// Accepts a list of distinct aspects, or says which one repeats.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `aspects` when there are too many or one repeats.
    pub fn new(aspects: Vec<Aspect>) -> Result<Self, InvalidValue> {
        if aspects.len() > Self::MAX {
            return Err(InvalidValue::new(
                "aspects",
                format!("may name at most {} aspects", Self::MAX),
            ));
        }
        for (i, aspect) in aspects.iter().enumerate() {
            if aspects[..i].iter().any(|a| a.key() == aspect.key()) {
                return Err(InvalidValue::new(
                    "aspects",
                    format!("names \"{aspect}\" twice"),
                ));
            }
        }
        Ok(Self(aspects))
    }

    /// Parses each name and checks the list.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `aspects` when a name is bad, there are too many, or one repeats.
    pub fn parse<S: AsRef<str>>(names: &[S]) -> Result<Self, InvalidValue> {
        let aspects = names
            .iter()
            .map(|n| Aspect::parse(n.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        Self::new(aspects)
    }

    /// The aspect of this list matching `name` case-insensitively, spelled as this list spells it.
    pub fn find(&self, name: &str) -> Option<&Aspect> {
        let name = name.trim();
        // Plain ASCII folds to its lower case: compared without folding, as matching and
        // search do many times over.
        if name.is_ascii() && self.0.iter().all(|a| a.0.is_ascii()) {
            return self.0.iter().find(|a| a.0.eq_ignore_ascii_case(name));
        }
        let key = folded(name);
        self.0.iter().find(|a| a.key() == key)
    }

    /// Whether the list holds `aspect` (case-insensitively).
    pub fn contains(&self, aspect: &Aspect) -> bool {
        self.find(aspect.as_str()).is_some()
    }

    /// The aspects in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Aspect> {
        self.0.iter()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl TryFrom<Vec<Aspect>> for Aspects {
    type Error = InvalidValue;
    fn try_from(aspects: Vec<Aspect>) -> Result<Self, Self::Error> {
        Self::new(aspects)
    }
}

impl From<Aspects> for Vec<Aspect> {
    fn from(aspects: Aspects) -> Self {
        aspects.0
    }
}

/// The URL-friendly form of a group's name: lowercase ASCII letters, digits and dashes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

impl Slug {
    /// Derives a slug from a group name: letters and digits kept, every other run becomes a dash.
    pub fn from_name(name: &GroupName) -> Self {
        let mut slug = String::new();
        for c in name.as_str().chars() {
            if c.is_ascii_alphanumeric() {
                slug.push(c.to_ascii_lowercase());
            } else if !slug.ends_with('-') && !slug.is_empty() {
                slug.push('-');
            }
        }
        let slug = slug.trim_end_matches('-');
        Self(if slug.is_empty() {
            "group".into()
        } else {
            slug.into()
        })
    }

    /// Accepts a stored slug.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `slug` unless it is 1–120 of `a-z`, `0-9` and `-`.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let ok = !raw.is_empty()
            && raw.len() <= 120
            && raw
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(InvalidValue::new(
                "slug",
                "must be 1 to 120 lowercase letters, digits or dashes",
            ))
        }
    }

    /// The slug.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Slug {
    type Error = InvalidValue;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(&raw)
    }
}

impl From<Slug> for String {
    fn from(slug: Slug) -> Self {
        slug.0
    }
}

/// The language a person reads the exchange in, as a BCP 47 tag (`en`, `cy`, `en-GB`): a
/// language of two or three letters, then subtags of letters and digits. Kept as given, compared
/// as the pages compare it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Language(String);

impl Language {
    /// Accepts a tag.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `language` unless it is a tag like `en` or `en-GB`, of at most 35
    /// characters.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let mut subtags = raw.split('-');
        let language = subtags.next().unwrap_or_default();
        let ok = raw.len() <= 35
            && (2..=3).contains(&language.len())
            && language.chars().all(|c| c.is_ascii_alphabetic())
            && subtags.all(|s| {
                (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric())
            });
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(InvalidValue::new(
                "language",
                "must be a language tag like en or en-GB",
            ))
        }
    }

    /// The tag.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Language {
    type Error = InvalidValue;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(&raw)
    }
}

impl From<Language> for String {
    fn from(language: Language) -> Self {
        language.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::case("Maths", "maths", true)]
    #[case::full_width("Maths", "Ｍａｔｈｓ", true)]
    #[case::another_word("Maths", "Math", false)]
    fn names_that_read_the_same_compare_the_same(
        #[case] one: &str,
        #[case] other: &str,
        #[case] same: bool,
    ) {
        let key = |n: &str| Name::parse(n).unwrap().key();
        assert_eq!(key(one) == key(other), same);
        let aspects = Aspects::parse(&[one]).unwrap();
        assert_eq!(aspects.find(other).is_some(), same);
    }

    #[rstest]
    #[case::language("en", true)]
    #[case::three_letters("sco", true)]
    #[case::region("en-GB", true)]
    #[case::script_and_region("sr-Latn-RS", true)]
    #[case::empty("", false)]
    #[case::one_letter("e", false)]
    #[case::four_letters("engl", false)]
    #[case::digits("e1", false)]
    #[case::empty_subtag("en-", false)]
    #[case::long_subtag("en-abcdefghi", false)]
    #[case::underscore("en_GB", false)]
    #[case::too_long("en-aaaaaaaa-bbbbbbbb-cccccccc-ddddddd", false)]
    fn a_language_is_a_tag(#[case] raw: &str, #[case] ok: bool) {
        assert_eq!(Language::parse(raw).is_ok(), ok, "{raw}");
    }

    #[rstest]
    #[case::plain("Ada Lovelace", "Ada Lovelace")]
    #[case::trimmed("  Ada  ", "Ada")]
    #[case::unicode("Zoë Ó Briain", "Zoë Ó Briain")]
    fn a_display_name_is_accepted_trimmed(#[case] raw: &str, #[case] kept: &str) {
        assert_eq!(
            DisplayName::parse(raw).map(|n| n.as_str().to_owned()),
            Ok(kept.to_owned())
        );
    }

    #[rstest]
    #[case::empty("", "must not be empty")]
    #[case::blank("   ", "must not be empty")]
    #[case::control("Ada\u{0}", "must not contain control characters")]
    #[case::newline("Ada\nLovelace", "must not contain control characters")]
    fn a_bad_display_name_is_refused_naming_the_field(#[case] raw: &str, #[case] problem: &str) {
        let error = DisplayName::parse(raw).unwrap_err();
        assert_eq!(error.field(), "display_name");
        assert_eq!(error.problem(), problem);
    }

    #[test]
    fn a_display_name_longer_than_the_limit_is_refused() {
        assert!(DisplayName::parse(&"a".repeat(100)).is_ok());
        let error = DisplayName::parse(&"a".repeat(101)).unwrap_err();
        assert!(error.problem().contains("at most 100"));
    }

    #[rstest]
    #[case::right_to_left_override("Ada \u{202E}nimdA")]
    #[case::isolate("\u{2067}Ada\u{2069}")]
    #[case::right_to_left_mark("Ada\u{200F}")]
    #[case::zero_width_space("Ad\u{200B}a")]
    #[case::zero_width_joiner("Ad\u{200D}a")]
    #[case::byte_order_mark("Ada\u{FEFF} Admin")]
    #[case::word_joiner("Ada\u{2060}")]
    fn names_refuse_characters_that_disguise_them(#[case] raw: &str) {
        for error in [
            DisplayName::parse(raw).unwrap_err(),
            GroupName::parse(raw).unwrap_err(),
            Name::parse(raw).unwrap_err(),
            Aspect::parse(raw).unwrap_err(),
            JobTitle::parse(raw).unwrap_err(),
            PlaceLabel::parse(raw).unwrap_err(),
        ] {
            assert!(error.problem().contains("invisible characters"), "{error}");
        }
        assert!(Description::parse(raw).is_ok(), "free texts keep them");
    }

    #[test]
    fn a_description_may_span_several_lines() {
        assert!(Description::parse("First line\nSecond line").is_ok());
    }

    #[rstest]
    #[case::group_name("", "name")]
    #[case::job_title(" ", "job_title")]
    #[case::message("", "message")]
    #[case::comment("", "comment")]
    fn every_text_type_names_its_own_field(#[case] raw: &str, #[case] field: &str) {
        let fields = [
            GroupName::parse(raw).err(),
            JobTitle::parse(raw).err(),
            Message::parse(raw).err(),
            Comment::parse(raw).err(),
        ];
        assert!(fields.iter().flatten().any(|e| e.field() == field));
    }

    #[test]
    fn aspects_that_repeat_case_insensitively_are_refused() {
        let error = Aspects::parse(&["KS3 science", "ks3 SCIENCE"]).unwrap_err();
        assert_eq!(error.field(), "aspects");
        assert!(error.problem().contains("twice"));
    }

    #[test]
    fn an_aspect_is_found_whatever_its_case() {
        let aspects = Aspects::parse(&["Grant bids", "KS3 science"]).unwrap();
        assert_eq!(
            aspects.find(" grant BIDS").map(Aspect::as_str),
            Some("Grant bids")
        );
        assert_eq!(aspects.find("budgets"), None);
        let wide = Aspects::parse(&["\u{ff2d}aths", "Grant bids"]).unwrap();
        assert_eq!(wide.find("MATHS").map(Aspect::as_str), Some("\u{ff2d}aths"));
        assert_eq!(
            aspects.find("\u{ff27}rant bids").map(Aspect::as_str),
            Some("Grant bids")
        );
    }

    #[test]
    fn deserialising_goes_through_the_same_checks() {
        let bad: Result<DisplayName, _> = serde_json::from_str("\"  \"");
        assert!(bad.unwrap_err().to_string().contains("must not be empty"));
        let good: DisplayName = serde_json::from_str("\" Ada \"").unwrap();
        assert_eq!(good.as_str(), "Ada");
    }

    #[rstest]
    #[case("Leeds Schools' Network", "leeds-schools-network")]
    #[case("  ***  ", "group")]
    #[case("Café 2026", "caf-2026")]
    fn a_slug_is_derived_from_the_group_name(#[case] name: &str, #[case] slug: &str) {
        let name = GroupName::parse(name).unwrap();
        assert_eq!(Slug::from_name(&name).as_str(), slug);
    }
}
