//! The message catalogue: every text a person reads on a page comes from here, written in
//! Fluent (`locales/<language>/*.ftl`), so a page can be read in any language the catalogue
//! holds, plurals included. The language is the one the visitor chose for their account, or else
//! the best match of their browser's `Accept-Language`.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_langneg::{NegotiationStrategy, accepted_languages, negotiate_languages};
use std::borrow::Cow;
use unic_langid::LanguageIdentifier;

type Bundle = FluentBundle<FluentResource>;

/// The English catalogue's files, in the order they are read, built into the binary.
macro_rules! english {
    ($($file:literal),+ $(,)?) => {
        &[$(($file, include_str!(concat!("../../locales/en/", $file)))),+]
    };
}

const ENGLISH: &[(&str, &str)] = english!(
    "common.ftl",
    "accounts.ftl",
    "groups.ftl",
    "offers.ftl",
    "questionnaire.ftl",
    "search.ftl",
    "requests.ftl",
    "profile.ftl",
    "admin.ftl",
    "concerns.ftl",
    "help.ftl",
    "mail.ftl",
    "peer_assists.ftl",
);

/// Every language the pages can be read in; the first is the one used when none matches.
pub struct Catalogue {
    languages: Vec<LanguageIdentifier>,
    bundles: Vec<Bundle>,
}

impl Catalogue {
    /// The catalogue shipped with the server.
    ///
    /// # Errors
    /// A message of the catalogue that does not parse, or is defined twice, named with its file.
    pub fn shipped() -> Result<Self, String> {
        Self::with_transform(None)
    }

    /// The shipped catalogue with every text passed through `transform` (a pseudo-locale, which
    /// shows any text that did not come from the catalogue).
    ///
    /// # Errors
    /// As [`Catalogue::shipped`].
    pub fn with_transform(transform: Option<fn(&str) -> Cow<'_, str>>) -> Result<Self, String> {
        let english: LanguageIdentifier = "en"
            .parse()
            .map_err(|error| format!("the tag of English: {error}"))?;
        let mut bundle = Bundle::new_concurrent(vec![english.clone()]);
        // The pages are HTML: direction is set by markup, not by invisible isolation marks.
        bundle.set_use_isolating(false);
        bundle.set_transform(transform);
        for (file, text) in ENGLISH {
            let resource = FluentResource::try_new((*text).to_owned())
                .map_err(|(_, errors)| format!("en/{file}: {errors:?}"))?;
            bundle
                .add_resource(resource)
                .map_err(|errors| format!("en/{file}: {errors:?}"))?;
        }
        Ok(Self {
            languages: vec![english],
            bundles: vec![bundle],
        })
    }

    /// The messages in the language the visitor chose for their account, if the catalogue has
    /// it, or else the one that best fits their browser's `Accept-Language` header.
    pub fn for_visitor(&self, chosen: Option<&str>, accept: Option<&str>) -> Messages<'_> {
        let index = pick(&self.languages, chosen, accept);
        Messages {
            bundle: &self.bundles[index],
            language: &self.languages[index],
        }
    }

    /// Every language of the catalogue: its tag, and its name in itself.
    pub fn languages(&self) -> Vec<(String, String)> {
        self.languages
            .iter()
            .zip(&self.bundles)
            .map(|(tag, bundle)| {
                let messages = Messages {
                    bundle,
                    language: tag,
                };
                (tag.to_string(), messages.m("language-name"))
            })
            .collect()
    }

    /// Whether the default language defines message `id`.
    #[cfg(test)]
    pub fn defines(&self, id: &str) -> bool {
        self.bundles[0].has_message(id)
    }
}

/// Which of `languages` a visitor reads: the one chosen for their account when there is one,
/// else the best match of `accept`, else the first.
fn pick(languages: &[LanguageIdentifier], chosen: Option<&str>, accept: Option<&str>) -> usize {
    let chosen = chosen.and_then(|tag| tag.parse::<LanguageIdentifier>().ok());
    if let Some(index) = chosen.and_then(|tag| languages.iter().position(|l| *l == tag)) {
        return index;
    }
    let asked = accepted_languages::parse(accept.unwrap_or_default());
    let matched = negotiate_languages(
        &asked,
        languages,
        languages.first(),
        NegotiationStrategy::Lookup,
    );
    matched
        .first()
        .and_then(|lang| languages.iter().position(|l| l == *lang))
        .unwrap_or(0)
}

/// A day a page shows (templates pass dates by value or by reference, once or twice).
pub trait Day {
    /// The day.
    fn day(&self) -> time::Date;
}

impl Day for time::Date {
    fn day(&self) -> time::Date {
        *self
    }
}

impl<T: Day + ?Sized> Day for &T {
    fn day(&self) -> time::Date {
        (**self).day()
    }
}

/// A number a message counts (templates pass numbers by value or by reference).
pub trait Count {
    /// The number.
    fn count(&self) -> i64;
}

impl Count for i64 {
    fn count(&self) -> i64 {
        *self
    }
}

impl Count for u32 {
    fn count(&self) -> i64 {
        i64::from(*self)
    }
}

impl Count for usize {
    fn count(&self) -> i64 {
        i64::try_from(*self).unwrap_or(i64::MAX)
    }
}

impl<T: Count> Count for &T {
    fn count(&self) -> i64 {
        (*self).count()
    }
}

/// The catalogue in one language: what a page's template reads its texts from.
#[derive(Clone, Copy)]
pub struct Messages<'a> {
    bundle: &'a Bundle,
    language: &'a LanguageIdentifier,
}

impl Messages<'_> {
    /// The language's tag, for `<html lang>`.
    pub fn language(&self) -> String {
        self.language.to_string()
    }

    /// Message `id`.
    pub fn m(&self, id: &str) -> String {
        self.format(id, None)
    }

    /// The word for a value of a closed vocabulary: message `<kind>-<value>` (`role-admin`).
    pub fn word(&self, kind: &str, value: &str) -> String {
        self.m(&format!("{kind}-{}", value.replace('_', "-")))
    }

    /// `date` as people write it in this language ("1 December 2026").
    pub fn date(&self, date: impl Day) -> String {
        let date = date.day();
        let month = self.m(&format!("month-{}", u8::from(date.month())));
        self.with_all(
            "date",
            &[
                ("day", &date.day().to_string()),
                ("month", &month),
                ("year", &date.year().to_string()),
            ],
        )
    }

    /// A moment as people read it, with its time of day in UTC ("1 December 2026, 09:30 UTC").
    pub fn moment(&self, at: impl std::borrow::Borrow<time::OffsetDateTime>) -> String {
        let at = at.borrow().to_offset(time::UtcOffset::UTC);
        self.with_all(
            "moment",
            &[
                ("date", &self.date(at.date())),
                ("time", &format!("{:02}:{:02}", at.hour(), at.minute())),
            ],
        )
    }

    /// Message `id` with `$count`, which chooses its plural form.
    pub fn count(&self, id: &str, count: impl Count) -> String {
        let mut args = FluentArgs::new();
        args.set("count", FluentValue::from(count.count()));
        self.format(id, Some(&args))
    }

    /// Message `id` with one named text argument.
    pub fn with(&self, id: &str, name: &str, value: &str) -> String {
        let mut args = FluentArgs::new();
        args.set(name.to_owned(), FluentValue::from(value.to_owned()));
        self.format(id, Some(&args))
    }

    /// Message `id` with several named text arguments.
    pub fn with_all(&self, id: &str, named: &[(&str, &str)]) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in named {
            args.set((*name).to_owned(), FluentValue::from((*value).to_owned()));
        }
        self.format(id, Some(&args))
    }

    fn format(&self, id: &str, args: Option<&FluentArgs>) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            tracing::warn!(id, "a page asked for a message the catalogue lacks");
            return id.to_owned();
        };
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!(id, ?errors, "a message was formatted with errors");
        }
        text.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_catalogue_parses() {
        assert!(Catalogue::shipped().is_ok());
    }

    #[test]
    fn plurals_follow_the_count() {
        let catalogue = Catalogue::shipped().unwrap();
        let en = catalogue.for_visitor(None, None);
        assert_eq!(
            en.count("offers-to-unlock", 1_u32),
            "Offer help in 1 more area to unlock search, requests and Peer Assists"
        );
        assert_eq!(
            en.count("offers-to-unlock", 3_u32),
            "Offer help in 3 more areas to unlock search, requests and Peer Assists"
        );
    }

    fn tags(tags: &[&str]) -> Vec<LanguageIdentifier> {
        tags.iter().map(|t| t.parse().unwrap()).collect()
    }

    #[test]
    fn the_language_chosen_for_the_account_comes_before_the_browsers() {
        let both = tags(&["en", "cy"]);
        assert_eq!(pick(&both, Some("cy"), Some("en-GB,en;q=0.9")), 1);
        assert_eq!(pick(&both, Some("en"), Some("cy")), 0);
        assert_eq!(
            pick(&both, None, Some("cy, en;q=0.5")),
            1,
            "else the browser's"
        );
        assert_eq!(
            pick(&both, Some("fr"), Some("cy")),
            1,
            "a language not held is passed over"
        );
        assert_eq!(pick(&both, Some("not a tag"), None), 0, "else the first");
        assert_eq!(pick(&both, None, Some("de")), 0);
    }

    #[test]
    fn each_language_is_listed_by_its_own_name() {
        let catalogue = Catalogue::shipped().unwrap();
        assert_eq!(
            catalogue.languages(),
            [("en".to_owned(), "English".to_owned())]
        );
    }

    /// Every message a template or a page handler names literally.
    fn named_messages() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut folders = vec![root.join("templates"), root.join("src/pages")];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else {
                    files.push(std::fs::read_to_string(path).unwrap());
                }
            }
        }
        let callers = ["t.m(\"", "t.count(\"", "chrome(\"", "chrome_with(\""];
        let mut ids = Vec::new();
        for text in files {
            for caller in callers {
                for (at, _) in text.match_indices(caller) {
                    let id = &text[at + caller.len()..];
                    let id = &id[..id.find('"').unwrap()];
                    if !id.contains('{') && !id.is_empty() {
                        ids.push(id.to_owned());
                    }
                }
            }
        }
        ids
    }

    #[test]
    fn every_message_named_by_a_page_is_in_the_catalogue() {
        let catalogue = Catalogue::shipped().unwrap();
        let ids = named_messages();
        assert!(ids.len() > 40, "the scan finds the pages' messages");
        let missing: Vec<_> = ids.iter().filter(|id| !catalogue.defines(id)).collect();
        assert!(missing.is_empty(), "not in the catalogue: {missing:?}");
    }

    #[test]
    fn every_reason_for_a_conflict_has_its_own_words() {
        let catalogue = Catalogue::shipped().unwrap();
        let missing: Vec<_> = collaborate_core::ConflictReason::ALL
            .iter()
            .map(|reason| format!("conflict-{}", reason.as_str()))
            .filter(|id| !catalogue.defines(id))
            .collect();
        assert!(missing.is_empty(), "not in the catalogue: {missing:?}");
    }

    #[test]
    fn an_unknown_language_reads_english() {
        let catalogue = Catalogue::shipped().unwrap();
        let messages = catalogue.for_visitor(Some("cy"), Some("cy-GB, fr;q=0.8"));
        assert_eq!(messages.language(), "en");
    }
}
