//! Checked conversions of column values shared by every table: a value that fails the domain's
//! validation is reported as a corrupt row, never trusted and never a panic. Each part's module
//! converts its own rows with these.

use collaborate_core::PortError;
use collaborate_core::values::*;
use time::OffsetDateTime;

/// Why a stored row could not become a domain value.
#[derive(Debug, thiserror::Error)]
#[error("a stored {table} row is not valid: {problem}")]
pub(crate) struct CorruptRow {
    table: &'static str,
    problem: String,
}

pub(crate) fn corrupt(table: &'static str, problem: impl std::fmt::Display) -> PortError {
    PortError::failed(
        format!("failed to read a {table} row"),
        CorruptRow {
            table,
            problem: problem.to_string(),
        },
    )
}

/// Checks a column's value with the domain's own constructor.
pub(crate) trait Checked<T> {
    fn checked(self, table: &'static str) -> Result<T, PortError>;
}

impl<T, E: std::fmt::Display> Checked<T> for Result<T, E> {
    fn checked(self, table: &'static str) -> Result<T, PortError> {
        self.map_err(|e| corrupt(table, e))
    }
}

/// A time as whole microseconds since the Unix epoch: what both engines store and compare.
pub(crate) fn micros(at: OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos() / 1000).unwrap_or(i64::MAX)
}

pub(crate) fn time_of(table: &'static str, micros: i64) -> Result<OffsetDateTime, PortError> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(micros) * 1000).checked(table)
}

pub(crate) fn optional<T>(
    table: &'static str,
    raw: Option<String>,
    parse: impl Fn(&str) -> Result<T, InvalidValue>,
) -> Result<Option<T>, PortError> {
    raw.map(|r| parse(&r)).transpose().checked(table)
}

pub(crate) fn version(table: &'static str, value: i32) -> Result<Version, PortError> {
    u32::try_from(value).map(Version::new).checked(table)
}

pub(crate) fn version_column(version: Version) -> i32 {
    i32::try_from(version.get()).unwrap_or(i32::MAX)
}

pub(crate) fn small(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

pub(crate) fn modes_column(modes: &Modes) -> String {
    modes.iter().map(Mode::as_str).collect::<Vec<_>>().join(",")
}

pub(crate) fn modes(table: &'static str, raw: &str) -> Result<Modes, PortError> {
    let names: Vec<&str> = raw.split(',').filter(|n| !n.is_empty()).collect();
    Modes::parse(&names).checked(table)
}

pub(crate) fn aspects_column(aspects: &Aspects) -> String {
    serde_json::to_string(aspects).unwrap_or_else(|_| "[]".to_owned())
}

pub(crate) fn aspects(table: &'static str, raw: &str) -> Result<Aspects, PortError> {
    serde_json::from_str(raw).checked(table)
}
