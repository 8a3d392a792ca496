//! Strategies for valid values.

use super::*;

/// Valid email addresses, distinct by `n`.
pub fn email_numbered(n: usize) -> Email {
    Email::parse(&format!("member{n}@example.org")).unwrap_or_else(|_| unreachable!())
}

/// Valid email addresses of many shapes.
pub fn email() -> impl Strategy<Value = Email> {
    (
        "[a-z][a-z0-9._+-]{0,20}",
        "[a-z][a-z0-9-]{0,10}",
        "(org|uk|com|sch\\.uk)",
    )
        .prop_filter_map("a valid address", |(local, domain, tld)| {
            Email::parse(&format!("{local}@{domain}.{tld}")).ok()
        })
}

/// Valid display names, with letters from many scripts.
pub fn display_name() -> impl Strategy<Value = DisplayName> {
    "[\\p{L}][\\p{L} .'-]{0,40}".prop_filter_map("a valid name", |s| DisplayName::parse(&s).ok())
}

/// Valid area and organisation names.
pub fn name() -> impl Strategy<Value = Name> {
    "[A-Za-z][A-Za-z0-9 &-]{0,30}".prop_filter_map("a valid name", |s| Name::parse(&s).ok())
}

/// Valid aspects.
pub fn aspect() -> impl Strategy<Value = Aspect> {
    "[A-Za-z][A-Za-z0-9 ]{0,20}".prop_filter_map("a valid aspect", |s| Aspect::parse(&s).ok())
}

/// Any mode.
pub fn mode() -> impl Strategy<Value = Mode> {
    proptest::sample::select(Mode::ALL)
}

/// Non-empty sets of modes.
pub fn modes() -> impl Strategy<Value = Modes> {
    proptest::collection::btree_set(mode(), 1..=4).prop_map(|set| set.into_iter().collect())
}

/// Any rank.
pub fn rank() -> impl Strategy<Value = Rank> {
    (1i64..=5).prop_map(|r| Rank::new(r).unwrap_or_else(|_| unreachable!()))
}

/// Any capacity.
pub fn capacity() -> impl Strategy<Value = Capacity> {
    (1i64..=20).prop_map(|c| Capacity::new(c).unwrap_or_else(|_| unreachable!()))
}

/// Positions across Great Britain.
pub fn position_in_the_uk() -> impl Strategy<Value = Position> {
    (50.0f64..58.5, -5.5f64..1.7).prop_map(|(lat, lon)| Position {
        lat: Latitude::new(lat).unwrap_or_else(|_| unreachable!()),
        lon: Longitude::new(lon).unwrap_or_else(|_| unreachable!()),
    })
}
