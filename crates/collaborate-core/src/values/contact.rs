//! Contact channels: email address, phone number, video-call link.

use super::InvalidValue;

/// Declares serde and string conversions for a newtype whose constructor is `parse(&str)`.
macro_rules! string_value {
    ($name:ident) => {
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

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl $name {
            /// The value as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
    };
}

/// An email address, kept as given (trimmed, its letters composed) and compared case-insensitively via [`Email::key`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);
string_value!(Email);

impl Email {
    /// The domain under which an erased account's address lies: reserved (RFC 2606), so no
    /// one can own, type or be sent an address there.
    const ERASED_DOMAIN: &'static str = "erased.invalid";

    /// Accepts one address a person types, of the form `local@domain.tld`, by the grammar the
    /// mailer sends to (the `email_address` crate's, which lettre checks with): whatever is
    /// accepted here can be emailed. Addresses under the reserved `.invalid` domain, which can
    /// never receive mail, are refused.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `email` when it is not an address.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        use unicode_normalization::UnicodeNormalization as _;
        // Composed, as the grammar reads letters: a decomposed "é" is two characters, one of
        // them no letter.
        let composed: String = raw.trim().nfc().collect();
        let email = Self::from_store(&composed)?;
        let invalid = |why: &str| Err(InvalidValue::new("email", why));
        // Accounts are told apart by the folded key, but mail goes to the address as typed: a
        // full-width or otherwise compatibility form would be one account here and another
        // mailbox there, so whoever reads the look-alike would stand for the plain address.
        if composed.nfkc().collect::<String>() != composed {
            return invalid(
                "holds look-alike characters (such as full-width letters): type it as its mail server spells it",
            );
        }
        let (local, domain) = email.0.rsplit_once('@').unwrap_or_default();
        if !email_address::EmailAddress::is_valid_local_part(local) {
            return invalid(
                "has a character an email address cannot hold before the @, as in name@example.org",
            );
        }
        if !email_address::EmailAddress::is_valid_domain(domain) {
            return invalid("must end in a domain such as example.org");
        }
        // Judged on the key, as accounts are told apart: a full-width or otherwise disguised
        // `.invalid` is the same domain, and would meet an erased account's address.
        let key = email.key();
        let tld = key.rsplit('.').next().unwrap_or_default();
        if tld == "invalid" {
            return invalid("is under a domain that can receive no mail");
        }
        Ok(email)
    }

    /// Reads back an address the core once accepted: its shape is checked, not the stricter
    /// grammar of [`Email::parse`], so an address stored before that grammar (or an erased
    /// account's, see [`Email::erased`]) still reads. Only stores call this.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `email` when it is not an address.
    pub fn from_store(raw: &str) -> Result<Self, InvalidValue> {
        let email = raw.trim();
        let invalid = |why: &str| Err(InvalidValue::new("email", why));
        if email.is_empty() {
            return invalid("must not be empty");
        }
        if email.len() > 254 {
            return invalid("must be at most 254 characters long");
        }
        let Some((local, domain)) = email.rsplit_once('@') else {
            return invalid("must contain an @, as in name@example.org");
        };
        if local.is_empty() || local.len() > 64 || local.contains('@') {
            return invalid("must have one @ with a name before it, as in name@example.org");
        }
        if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return invalid("must not contain spaces");
        }
        let labels: Vec<&str> = domain.split('.').collect();
        let label_ok = |l: &&str| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        };
        if labels.len() < 2 || !labels.iter().all(label_ok) {
            return invalid("must end in a domain such as example.org");
        }
        Ok(Self(email.to_owned()))
    }

    /// The address an erased account keeps in place of its person's: unique by `account`, under
    /// a reserved domain that [`Email::parse`] refuses, so it can never be typed, invited,
    /// imported, registered, reset or signed in with.
    pub fn erased(account: uuid::Uuid) -> Self {
        Self(format!(
            "erased-{}@{}",
            account.simple(),
            Self::ERASED_DOMAIN
        ))
    }

    /// Whether this is an erased account's address (see [`Email::erased`]).
    pub fn is_erased(&self) -> bool {
        self.0
            .rsplit_once('@')
            .is_some_and(|(_, domain)| domain.eq_ignore_ascii_case(Self::ERASED_DOMAIN))
    }

    /// The form two addresses are compared by: one account per address, whatever its case or
    /// the Unicode form it was typed in (compatibility-normalised, lower-cased, normalised again,
    /// as Unicode's NFKC case folding does). Stores keep it as given and never recompute it.
    pub fn key(&self) -> String {
        Self::fold(&self.0)
    }

    /// `text` folded as [`Email::key`] folds an address, to look for it in keys.
    pub fn fold(text: &str) -> String {
        use unicode_normalization::UnicodeNormalization as _;
        let lowered = text.nfkc().collect::<String>().to_lowercase();
        lowered.nfkc().collect()
    }
}

/// A phone number: digits with optional leading `+` and the usual separators.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);
string_value!(Phone);

impl Phone {
    /// Accepts a number of 7 to 15 digits, written with spaces, dashes, dots or brackets.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `phone` otherwise.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let phone = raw.trim();
        let allowed = |(i, c): (usize, char)| {
            c.is_ascii_digit() || " -.()".contains(c) || (c == '+' && i == 0)
        };
        if !phone.chars().enumerate().all(allowed) {
            return Err(InvalidValue::new(
                "phone",
                "may hold only digits, spaces, dashes, dots, brackets and a leading +",
            ));
        }
        let digits = phone.chars().filter(char::is_ascii_digit).count();
        if !(7..=15).contains(&digits) {
            return Err(InvalidValue::new("phone", "must have 7 to 15 digits"));
        }
        Ok(Self(phone.to_owned()))
    }
}

/// A link to a video call: an absolute `http` or `https` URL with a host.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct VideoLink(String);
string_value!(VideoLink);

impl VideoLink {
    /// Accepts an `http://` or `https://` URL with a host and no spaces.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `video_link` otherwise.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let link = raw.trim();
        let invalid = |why: &str| Err(InvalidValue::new("video_link", why));
        if link.len() > 2000 {
            return invalid("must be at most 2000 characters long");
        }
        let lower = link.to_ascii_lowercase();
        let Some(rest) = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"))
        else {
            return invalid("must start with https:// or http://");
        };
        if link.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return invalid("must not contain spaces");
        }
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let host = authority.rsplit('@').next().unwrap_or_default();
        let host = host.split(':').next().unwrap_or_default();
        if host.is_empty() || host.starts_with('.') || host.ends_with('.') {
            return invalid("must name a host, as in https://meet.example.org/room");
        }
        Ok(Self(link.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("ada@example.org")]
    #[case("  Ada.Lovelace+help@school.sch.uk ")]
    #[case("o'brien@council.gov.uk")]
    fn an_email_address_is_accepted(#[case] raw: &str) {
        assert_eq!(Email::parse(raw).unwrap().as_str(), raw.trim());
    }

    #[test]
    fn a_decomposed_letter_is_kept_composed() {
        assert_eq!(
            Email::parse("E\u{301}mile@example.org").unwrap().as_str(),
            "Émile@example.org"
        );
    }

    #[rstest]
    #[case::empty("", "must not be empty")]
    #[case::no_at("ada.example.org", "must contain an @")]
    #[case::no_local("@example.org", "name before it")]
    #[case::two_ats("a@b@example.org", "name before it")]
    #[case::no_tld("ada@localhost", "domain such as")]
    #[case::empty_label("ada@example..org", "domain such as")]
    #[case::space("ada lovelace@example.org", "spaces")]
    #[case::bracket("ada(x)@example.org", "before the @")]
    #[case::leading_dot(".ada@example.org", "before the @")]
    #[case::reserved("ada@erased.invalid", "no mail")]
    #[case::reserved_upper("ada@school.INVALID", "no mail")]
    #[case::reserved_fullwidth("erased-7@erased.ｉｎｖａｌｉｄ", "look-alike")]
    fn a_bad_email_address_is_refused(#[case] raw: &str, #[case] problem: &str) {
        let error = Email::parse(raw).unwrap_err();
        assert_eq!(error.field(), "email");
        assert!(error.problem().contains(problem), "{}", error.problem());
    }

    #[test]
    fn an_erased_address_reads_back_from_a_store_but_is_never_accepted_when_typed() {
        let erased = Email::erased(uuid::Uuid::from_u128(7));
        assert_eq!(
            erased.as_str(),
            "erased-00000000000000000000000000000007@erased.invalid"
        );
        assert!(erased.is_erased());
        assert_eq!(Email::from_store(erased.as_str()).unwrap(), erased);
        assert!(Email::parse(erased.as_str()).is_err());
        assert!(!Email::parse("erased@example.org").unwrap().is_erased());
    }

    #[test]
    fn email_addresses_compare_case_insensitively() {
        let a = Email::parse("Ada@Example.org").unwrap();
        let b = Email::parse("ada@example.ORG").unwrap();
        assert_eq!(a.key(), b.key());
    }

    #[rstest]
    #[case::accented_capital("Émile@example.org", "émile@example.org")]
    #[case::decomposed("E\u{301}mile@example.org", "émile@example.org")]
    #[case::greek("ΣΟΦΙΑ@παράδειγμα.ελ", "σοφια@παράδειγμα.ελ")]
    fn email_keys_fold_case_and_unicode_forms(#[case] typed: &str, #[case] key: &str) {
        assert_eq!(Email::parse(typed).unwrap().key(), key);
    }

    #[rstest]
    #[case::fullwidth("ｅｍｉｌｅ@example.org")]
    #[case::one_fullwidth_letter("ｌeo@example.org")]
    #[case::ligature("ﬁona@example.org")]
    fn a_look_alike_address_is_refused_but_a_stored_one_keys_as_its_plain_form(
        #[case] typed: &str,
    ) {
        use unicode_normalization::UnicodeNormalization as _;
        let refused = Email::parse(typed).unwrap_err();
        assert!(refused.problem().contains("look-alike"), "{refused}");
        let plain: String = typed.nfkc().collect();
        assert_eq!(
            Email::from_store(typed).unwrap().key(),
            Email::parse(&plain).unwrap().key()
        );
    }

    #[rstest]
    #[case("+44 113 496 0000")]
    #[case("(0113) 496-0000")]
    #[case("0113.496.0000")]
    fn a_phone_number_is_accepted(#[case] raw: &str) {
        assert!(Phone::parse(raw).is_ok());
    }

    #[rstest]
    #[case::letters("call me", "only digits")]
    #[case::inner_plus("44+113", "only digits")]
    #[case::short("12345", "7 to 15 digits")]
    #[case::long("1234567890123456", "7 to 15 digits")]
    fn a_bad_phone_number_is_refused(#[case] raw: &str, #[case] problem: &str) {
        let error = Phone::parse(raw).unwrap_err();
        assert_eq!(error.field(), "phone");
        assert!(error.problem().contains(problem));
    }

    #[rstest]
    #[case("https://meet.example.org/room-42")]
    #[case("http://video.school.sch.uk:8443/a?b=c")]
    #[case("HTTPS://Meet.Example.org")]
    fn a_video_link_is_accepted(#[case] raw: &str) {
        assert!(VideoLink::parse(raw).is_ok());
    }

    #[rstest]
    #[case::scheme("ftp://example.org", "https://")]
    #[case::javascript("javascript:alert(1)", "https://")]
    #[case::no_host("https:///room", "must name a host")]
    #[case::space("https://example.org/a room", "spaces")]
    fn a_bad_video_link_is_refused(#[case] raw: &str, #[case] problem: &str) {
        let error = VideoLink::parse(raw).unwrap_err();
        assert_eq!(error.field(), "video_link");
        assert!(error.problem().contains(problem));
    }
}
