//! Secrets: passwords, bearer tokens and their stored hashes, join codes. None of them prints
//! itself in logs.

use super::InvalidValue;
use sha2::{Digest, Sha256};

/// A password as typed, before hashing. Never stored, never printed.
#[derive(Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "String")]
pub struct Password(String);

impl Password {
    /// The shortest accepted password, in characters.
    pub const MIN_CHARS: usize = 10;
    /// The longest accepted password, in characters: hashing cost must stay bounded.
    pub const MAX_CHARS: usize = 256;

    /// Accepts a password of a sensible length; spaces are kept as typed.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `password` when it is too short or too long.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let length = raw.chars().count();
        if length < Self::MIN_CHARS {
            return Err(InvalidValue::new(
                "password",
                format!("must be at least {} characters long", Self::MIN_CHARS),
            ));
        }
        if length > Self::MAX_CHARS {
            return Err(InvalidValue::new(
                "password",
                format!("must be at most {} characters long", Self::MAX_CHARS),
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    /// The password, for the hasher alone.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Password {
    type Error = InvalidValue;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(&raw)
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

/// A bearer secret (session or invitation token): 256 random bits as 64 hex digits. Only its
/// [`TokenHash`] is stored.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretToken(String);

impl SecretToken {
    /// Makes a token of 32 random bytes.
    pub fn from_random_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// Reads a token presented by a client.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `token` unless it is 64 hex digits.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        // Taken exactly as issued: a token with anything around it is none (and would not be
        // recognised, and masked, in a logged path).
        if raw.len() == 64 && raw.chars().all(|c| c.is_ascii_hexdigit()) {
            Ok(Self(raw.to_ascii_lowercase()))
        } else {
            Err(InvalidValue::new(
                "token",
                "is not a token issued by this service",
            ))
        }
    }

    /// The token, to hand to its owner once.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The hash under which the token is stored and looked up.
    pub fn hash(&self) -> TokenHash {
        let digest = Sha256::digest(self.0.as_bytes());
        TokenHash(digest.iter().map(|b| format!("{b:02x}")).collect())
    }
}

impl std::fmt::Debug for SecretToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretToken(***)")
    }
}

/// The SHA-256 of a [`SecretToken`], as 64 hex digits: what a store keeps instead of the token.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TokenHash(String);

impl TokenHash {
    /// Reads a stored hash.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `token_hash` unless it is 64 lowercase hex digits.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        if raw.len() == 64
            && raw
                .chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
        {
            Ok(Self(raw.to_owned()))
        } else {
            Err(InvalidValue::new(
                "token_hash",
                "must be 64 lowercase hex digits",
            ))
        }
    }

    /// The hash as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The code that lets people join an organic group by themselves. Compared case-insensitively.
/// Anyone holding it may join, so it is never printed by `Debug`.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct JoinCode(String);

/// Letters and digits that cannot be mistaken for one another when read aloud or copied.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

impl JoinCode {
    /// Accepts a code of 6 to 32 letters, digits or dashes; stored in capitals.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `join_code` otherwise.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let code = raw.trim();
        let ok = (6..=32).contains(&code.len())
            && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if ok {
            Ok(Self(code.to_ascii_uppercase()))
        } else {
            Err(InvalidValue::new(
                "join_code",
                "must be 6 to 32 letters, digits or dashes",
            ))
        }
    }

    /// A fresh code of ten characters drawn from `bytes`.
    pub fn from_random_bytes(bytes: [u8; 32]) -> Self {
        let alphabet_len = CODE_ALPHABET.len();
        Self(
            bytes
                .iter()
                .take(10)
                .map(|b| char::from(CODE_ALPHABET[usize::from(*b) % alphabet_len]))
                .collect(),
        )
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for JoinCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JoinCode(***)")
    }
}

impl TryFrom<String> for JoinCode {
    type Error = InvalidValue;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(&raw)
    }
}

impl From<JoinCode> for String {
    fn from(code: JoinCode) -> Self {
        code.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("", false)]
    #[case("123456789", false)]
    #[case("1234567890", true)]
    #[case("correct horse battery staple", true)]
    fn a_password_needs_at_least_ten_characters(#[case] raw: &str, #[case] ok: bool) {
        let made = Password::parse(raw);
        assert_eq!(made.is_ok(), ok);
        if let Err(error) = made {
            assert_eq!(error.field(), "password");
        }
    }

    #[test]
    fn a_password_longer_than_the_limit_is_refused() {
        assert!(Password::parse(&"x".repeat(256)).is_ok());
        assert!(Password::parse(&"x".repeat(257)).is_err());
    }

    #[test]
    fn secrets_never_print_themselves() {
        let password = Password::parse("correct horse battery").unwrap();
        let token = SecretToken::from_random_bytes([7; 32]);
        assert_eq!(format!("{password:?}"), "Password(***)");
        assert_eq!(format!("{token:?}"), "SecretToken(***)");
        let code = JoinCode::parse("SPRING-2026").unwrap();
        assert_eq!(format!("{code:?}"), "JoinCode(***)");
    }

    #[test]
    fn a_token_round_trips_and_hashes_to_a_stable_different_value() {
        let token = SecretToken::from_random_bytes([0xab; 32]);
        assert_eq!(token.expose().len(), 64);
        let again = SecretToken::parse(&token.expose().to_uppercase()).unwrap();
        assert_eq!(again.hash(), token.hash());
        assert_ne!(token.hash().as_str(), token.expose());
        assert_eq!(TokenHash::parse(token.hash().as_str()), Ok(token.hash()));
    }

    #[rstest]
    #[case("")]
    #[case("not-a-token")]
    #[case(&"g".repeat(64))]
    fn a_malformed_token_is_refused(#[case] raw: &str) {
        assert_eq!(SecretToken::parse(raw).unwrap_err().field(), "token");
    }

    #[rstest]
    #[case("abc123", Some("ABC123"))]
    #[case(" Spring-2026 ", Some("SPRING-2026"))]
    #[case("abc", None)]
    #[case("has space", None)]
    #[case(&"a".repeat(33), None)]
    fn a_join_code_is_letters_digits_or_dashes(#[case] raw: &str, #[case] kept: Option<&str>) {
        let made = JoinCode::parse(raw);
        assert_eq!(made.as_ref().ok().map(JoinCode::as_str), kept);
        if let Err(error) = made {
            assert_eq!(error.field(), "join_code");
        }
    }

    #[test]
    fn a_generated_join_code_is_itself_a_valid_code() {
        let code = JoinCode::from_random_bytes([200; 32]);
        assert_eq!(JoinCode::parse(code.as_str()), Ok(code));
    }
}
