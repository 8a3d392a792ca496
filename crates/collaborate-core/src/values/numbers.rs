//! Small whole numbers with a meaning and a range: ranks, capacities, ratings, settings, limits.

use super::InvalidValue;

/// Declares a `u32` newtype checked against `min..=max`, with an optional default.
macro_rules! bounded_count {
    ($(#[$doc:meta])* $name:ident, field = $field:literal, min = $min:literal, max = $max:literal $(, default = $default:literal)?) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        #[serde(try_from = "i64", into = "u32")]
        pub struct $name(u32);

        impl $name {
            /// The smallest accepted value.
            pub const MIN: u32 = $min;
            /// The largest accepted value.
            pub const MAX: u32 = $max;

            /// Accepts a value within the range.
            ///
            /// # Errors
            /// An [`InvalidValue`] naming the field when it is out of range.
            pub fn new(value: i64) -> Result<Self, InvalidValue> {
                match u32::try_from(value) {
                    Ok(v) if ($min..=$max).contains(&v) => Ok(Self(v)),
                    _ => Err(InvalidValue::new(
                        $field,
                        format!("must be a whole number from {} to {}", $min, $max),
                    )),
                }
            }

            /// The value nearest `value` within the range.
            pub fn saturating(value: u32) -> Self {
                Self(value.clamp($min, $max))
            }

            /// The number.
            pub fn get(self) -> u32 {
                self.0
            }
        }

        impl TryFrom<i64> for $name {
            type Error = InvalidValue;
            fn try_from(value: i64) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl From<$name> for u32 {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        $(
            impl Default for $name {
                fn default() -> Self {
                    Self($default)
                }
            }
        )?
    };
}

bounded_count!(
    /// Where a strength or need stands in the person's own top five (1 is the strongest).
    Rank, field = "rank", min = 1, max = 5
);
bounded_count!(
    /// How many open requests an offer takes at once.
    Capacity, field = "capacity", min = 1, max = 20, default = 2
);
bounded_count!(
    /// A seeker's rating of the help received.
    Rating, field = "rating", min = 1, max = 5
);
bounded_count!(
    /// How many qualifying offers make a member a contributor.
    MinOffers, field = "min_offers", min = 1, max = 10, default = 3
);
bounded_count!(
    /// After how many days an unanswered request expires.
    ExpiryDays, field = "request_expiry_days", min = 1, max = 365, default = 14
);
bounded_count!(
    /// How many days ahead a Peer Assist must be planned, so there is time to change course.
    PeerAssistDaysAhead, field = "peer_assist_min_days_ahead", min = 0, max = 90, default = 14
);
bounded_count!(
    /// How many requests a member may have open at once in a group: nobody collects a group's
    /// contact details by asking everyone at once.
    OpenRequestCap, field = "max_open_requests", min = 1, max = 50, default = 5
);
bounded_count!(
    /// How many requests a member may send in a group in a day.
    DailyRequestCap, field = "max_requests_per_day", min = 1, max = 100, default = 10
);
bounded_count!(
    /// How far from a place a search looks, in whole kilometres: finer steps would only help
    /// to locate people.
    SearchRadius, field = "radius_km", min = 0, max = 20_000
);
bounded_count!(
    /// How far a matching proposal lets in-person help travel, in whole kilometres (besides each
    /// helper's own travel radius).
    MatchDistance, field = "max_distance_km", min = 1, max = 1000
);
bounded_count!(
    /// How long a Peer Assist meets, in minutes: an hour to a day and a half.
    MeetingMinutes, field = "duration_minutes", min = 60, max = 2160, default = 120
);
bounded_count!(
    /// How long one part of a Peer Assist's agenda takes, in minutes.
    PartMinutes, field = "minutes", min = 5, max = 2160
);
bounded_count!(
    /// How many participants a suggested panel holds: six to eight are recommended.
    PanelSize, field = "size", min = 2, max = 24, default = 8
);
bounded_count!(
    /// How many items one page of a list holds.
    Limit, field = "limit", min = 1, max = 500, default = 50
);

/// The version of an editable thing: each change adds one, and an edit that names an older
/// version is refused as stale.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct Version(u32);

impl Version {
    /// The version of a thing just made.
    pub const FIRST: Version = Version(1);

    /// A version as stored or as sent by a client.
    pub fn new(value: u32) -> Self {
        Self(value)
    }

    /// The version after this one.
    #[must_use]
    pub fn next(self) -> Self {
        Self(self.0.saturating_add(1))
    }

    /// The number.
    pub fn get(self) -> u32 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(1, true)]
    #[case(5, true)]
    #[case(0, false)]
    #[case(6, false)]
    #[case(-1, false)]
    fn a_rank_is_one_to_five(#[case] value: i64, #[case] ok: bool) {
        assert_eq!(Rank::new(value).is_ok(), ok);
        assert_eq!(Rating::new(value).is_ok(), ok);
    }

    #[rstest]
    #[case(1, true)]
    #[case(20, true)]
    #[case(0, false)]
    #[case(21, false)]
    #[case(i64::MAX, false)]
    fn a_capacity_is_one_to_twenty(#[case] value: i64, #[case] ok: bool) {
        let made = Capacity::new(value);
        assert_eq!(made.is_ok(), ok);
        if let Err(error) = made {
            assert_eq!(error.field(), "capacity");
            assert_eq!(error.problem(), "must be a whole number from 1 to 20");
        }
    }

    #[test]
    fn the_defaults_are_those_of_the_domain() {
        assert_eq!(Capacity::default().get(), 2);
        assert_eq!(MinOffers::default().get(), 3);
        assert_eq!(ExpiryDays::default().get(), 14);
        assert_eq!(PeerAssistDaysAhead::default().get(), 14);
        assert_eq!(Limit::default().get(), 50);
        assert_eq!(PanelSize::default().get(), 8);
    }

    #[rstest]
    #[case::min_offers(MinOffers::new(11).unwrap_err().field(), "min_offers")]
    #[case::expiry(ExpiryDays::new(0).unwrap_err().field(), "request_expiry_days")]
    #[case::ahead(PeerAssistDaysAhead::new(91).unwrap_err().field(), "peer_assist_min_days_ahead")]
    #[case::limit(Limit::new(501).unwrap_err().field(), "limit")]
    #[case::rating(Rating::new(0).unwrap_err().field(), "rating")]
    fn a_setting_out_of_range_names_its_field(#[case] field: &str, #[case] expected: &str) {
        assert_eq!(field, expected);
    }

    #[test]
    fn serde_refuses_out_of_range_numbers() {
        assert!(serde_json::from_str::<Capacity>("0").is_err());
        assert!(serde_json::from_str::<Capacity>("2.5").is_err());
        assert_eq!(serde_json::from_str::<Capacity>("3").unwrap().get(), 3);
    }

    #[test]
    fn a_version_counts_up() {
        assert_eq!(Version::FIRST.next(), Version::new(2));
    }
}
