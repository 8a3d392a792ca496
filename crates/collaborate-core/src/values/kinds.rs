//! The closed vocabularies: modes of help, roles, growth modes and the statuses of things.

use super::InvalidValue;
use std::collections::BTreeSet;

/// Declares a closed vocabulary: serde and `parse` by snake_case name, `as_str`, `ALL`.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident, field = $field:literal { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        #[serde(try_from = "String", into = "&'static str")]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// Reads a value by its name.
            ///
            /// # Errors
            /// An [`InvalidValue`] naming the field and listing the accepted names.
            pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
                match raw.trim() {
                    $($text => Ok(Self::$variant),)+
                    other => Err(InvalidValue::new(
                        $field,
                        format!(
                            "\"{other}\" is not one of: {}",
                            [$($text),+].join(", ")
                        ),
                    )),
                }
            }

            /// The name of this value, as the API and the store spell it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),+
                }
            }
        }

        impl TryFrom<String> for $name {
            type Error = InvalidValue;
            fn try_from(raw: String) -> Result<Self, Self::Error> {
                Self::parse(&raw)
            }
        }

        impl From<$name> for &'static str {
            fn from(value: $name) -> Self {
                value.as_str()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use vocabulary;

vocabulary!(
    /// How help is given.
    Mode, field = "modes" {
        /// A phone call.
        Phone = "phone",
        /// Email.
        Email = "email",
        /// An online video call.
        Video = "video",
        /// A face-to-face visit.
        InPerson = "in_person",
    }
);

vocabulary!(
    /// What a member may do in a group.
    Role, field = "role" {
        /// Manages the group: taxonomy, members, settings, reports.
        Admin = "admin",
        /// Offers and seeks help.
        Member = "member",
    }
);

vocabulary!(
    /// Where a member stands in a group.
    MemberStatus, field = "status" {
        /// Pre-loaded by an admin; the person has not taken up the place yet.
        Invited = "invited",
        /// Takes part.
        Active = "active",
        /// Stopped by an admin: may only read their own data.
        Suspended = "suspended",
        /// Gone by their own choice: treated as an outsider; a join code or an invitation
        /// brings them back.
        Left = "left",
        /// Removed by an admin: treated as an outsider; only an admin's new invitation or
        /// decision brings them back, never a join code or an invitation made before.
        Removed = "removed",
    }
);

vocabulary!(
    /// How a member hears, by email, of what concerns them in a group.
    NotificationPreference, field = "notifications" {
        /// An email for each thing, as it happens.
        Immediate = "immediate",
        /// One email a week gathering everything.
        WeeklyDigest = "weekly_digest",
        /// No email (password resets still go: they are asked for).
        Off = "off",
    }
);

vocabulary!(
    /// Where a message of the outbox stands.
    DeliveryStatus, field = "status" {
        /// Due for delivery at its next attempt.
        Waiting = "waiting",
        /// Kept for its recipient's weekly digest.
        Held = "held",
        /// Went out inside a digest.
        Gathered = "gathered",
        /// Delivered.
        Sent = "sent",
        /// Given up on, with the reason.
        Failed = "failed",
    }
);

vocabulary!(
    /// How a group grows.
    GrowthMode, field = "growth_mode" {
        /// People join by invitation or join code and publish offers before they seek.
        Organic = "organic",
        /// An admin pre-loads everyone's questionnaire so the group is ready on day one.
        Systemic = "systemic",
    }
);

vocabulary!(
    /// Whether an offer is open to new requests.
    OfferStatus, field = "status" {
        /// Found by search, counted for contributor standing.
        Active = "active",
        /// Hidden from search and not counted, until resumed.
        Paused = "paused",
    }
);

vocabulary!(
    /// Where a need stands.
    NeedStatus, field = "status" {
        /// Still wanted.
        Open = "open",
        /// Met.
        Met = "met",
        /// No longer wanted.
        Withdrawn = "withdrawn",
    }
);

vocabulary!(
    /// What a seeker says of their need once the help linked to it is completed (rule 16).
    NeedAnswer, field = "answer" {
        /// It is met.
        Met = "met",
        /// It helped, and the need stays open.
        Partly = "partly",
        /// It did not meet it; the need stays open.
        NotMet = "not_met",
    }
);

vocabulary!(
    /// Where a support request stands in its lifecycle.
    RequestStatus, field = "status" {
        /// Sent, awaiting the helper.
        Pending = "pending",
        /// The helper agreed.
        Accepted = "accepted",
        /// The help was given.
        Completed = "completed",
        /// The helper said no.
        Declined = "declined",
        /// The seeker withdrew it.
        Cancelled = "cancelled",
        /// Nobody answered within the group's expiry period.
        Expired = "expired",
    }
);

vocabulary!(
    /// Where a safeguarding concern stands.
    ConcernStatus, field = "status" {
        /// Raised, with the leads.
        Open = "open",
        /// A lead closed it.
        Closed = "closed",
    }
);

vocabulary!(
    /// What a safeguarding lead did about a concern.
    ConcernStepKind, field = "kind" {
        /// Recorded what they did.
        Noted = "noted",
        /// Suspended the person concerned.
        Suspended = "suspended",
        /// Closed the concern.
        Closed = "closed",
        /// Opened it again.
        Reopened = "reopened",
    }
);

impl RequestStatus {
    /// Whether the request still holds a place of the helper's capacity.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Pending | Self::Accepted)
    }
}

/// A set of modes, kept in a fixed order with no repeats.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(from = "Vec<Mode>", into = "Vec<Mode>")]
pub struct Modes(BTreeSet<Mode>);

impl Modes {
    /// Parses mode names; repeats collapse into one.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `modes` when a name is not a mode.
    pub fn parse<S: AsRef<str>>(names: &[S]) -> Result<Self, InvalidValue> {
        names
            .iter()
            .map(|n| Mode::parse(n.as_ref()))
            .collect::<Result<BTreeSet<_>, _>>()
            .map(Self)
    }

    /// Whether the set holds `mode`.
    pub fn contains(&self, mode: Mode) -> bool {
        self.0.contains(&mode)
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many modes the set holds.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The modes in their fixed order.
    pub fn iter(&self) -> impl Iterator<Item = Mode> + '_ {
        self.0.iter().copied()
    }

    /// How many modes of `self` are also in `other`.
    pub fn overlap(&self, other: &Modes) -> usize {
        self.0.intersection(&other.0).count()
    }
}

impl FromIterator<Mode> for Modes {
    fn from_iter<I: IntoIterator<Item = Mode>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}

impl From<Vec<Mode>> for Modes {
    fn from(modes: Vec<Mode>) -> Self {
        modes.into_iter().collect()
    }
}

impl From<Modes> for Vec<Mode> {
    fn from(modes: Modes) -> Self {
        modes.0.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("phone", Mode::Phone)]
    #[case("email", Mode::Email)]
    #[case("video", Mode::Video)]
    #[case(" in_person ", Mode::InPerson)]
    fn every_mode_is_read_by_its_name(#[case] raw: &str, #[case] mode: Mode) {
        assert_eq!(Mode::parse(raw), Ok(mode));
        assert_eq!(Mode::parse(mode.as_str()), Ok(mode));
    }

    #[rstest]
    #[case("zoom")]
    #[case("Phone")]
    #[case("")]
    fn an_unknown_mode_is_refused_listing_the_known_ones(#[case] raw: &str) {
        let error = Mode::parse(raw).unwrap_err();
        assert_eq!(error.field(), "modes");
        assert!(error.problem().contains("phone, email, video, in_person"));
    }

    #[rstest]
    #[case::role(Role::parse("owner").unwrap_err().field(), "role")]
    #[case::status(MemberStatus::parse("gone").unwrap_err().field(), "status")]
    #[case::growth(GrowthMode::parse("viral").unwrap_err().field(), "growth_mode")]
    #[case::request(RequestStatus::parse("done").unwrap_err().field(), "status")]
    fn an_unknown_name_is_refused_naming_its_field(#[case] field: &str, #[case] expected: &str) {
        assert_eq!(field, expected);
    }

    #[test]
    fn every_value_of_every_vocabulary_reads_back_its_own_name() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Ok(*role));
        }
        for status in MemberStatus::ALL {
            assert_eq!(MemberStatus::parse(status.as_str()), Ok(*status));
        }
        for status in RequestStatus::ALL {
            assert_eq!(RequestStatus::parse(status.as_str()), Ok(*status));
        }
        for status in OfferStatus::ALL {
            assert_eq!(OfferStatus::parse(status.as_str()), Ok(*status));
        }
        for status in NeedStatus::ALL {
            assert_eq!(NeedStatus::parse(status.as_str()), Ok(*status));
        }
    }

    #[test]
    fn modes_collapse_repeats_and_keep_a_fixed_order() {
        let modes = Modes::parse(&["video", "phone", "video"]).unwrap();
        assert_eq!(
            modes.iter().collect::<Vec<_>>(),
            vec![Mode::Phone, Mode::Video]
        );
        let json = serde_json::to_string(&modes).unwrap();
        assert_eq!(json, r#"["phone","video"]"#);
        assert!(serde_json::from_str::<Modes>(r#"["fax"]"#).is_err());
    }

    #[test]
    fn only_pending_and_accepted_requests_hold_capacity() {
        let open: Vec<_> = RequestStatus::ALL.iter().filter(|s| s.is_open()).collect();
        assert_eq!(
            open,
            vec![&RequestStatus::Pending, &RequestStatus::Accepted]
        );
    }
}

vocabulary!(
    /// Where a Peer Assist stands.
    PeerAssistStatus, field = "status" {
        /// Being prepared by its convenor.
        Draft = "draft",
        /// Its people are invited and answering.
        Inviting = "inviting",
        /// The facilitator and enough participants accepted; it has a date.
        Scheduled = "scheduled",
        /// The meeting took place.
        Held = "held",
        /// The convenor told its people what came of it.
        FollowedUp = "followed_up",
        /// Called off before it was held.
        Cancelled = "cancelled",
    }
);

vocabulary!(
    /// How the people of a Peer Assist meet.
    MeetingFormat, field = "format" {
        /// In one room.
        InPerson = "in_person",
        /// Over a video call.
        Online = "online",
    }
);

vocabulary!(
    /// An invitee's answer to a Peer Assist invitation.
    InviteeStatus, field = "status" {
        /// Asked, not yet answered.
        Invited = "invited",
        /// Coming.
        Accepted = "accepted",
        /// Not coming.
        Declined = "declined",
    }
);

vocabulary!(
    /// The four phases of a Peer Assist meeting, in order.
    Phase, field = "phase" {
        /// The team tells the peers about its project.
        Tell = "tell",
        /// The peers ask questions to understand it.
        Ask = "ask",
        /// The peers discuss what they heard while the team listens.
        Analyse = "analyse",
        /// The peers give their options and insights back.
        Feedback = "feedback",
    }
);

vocabulary!(
    /// A part of a Peer Assist's agenda: time to socialise, then the four phases.
    AgendaPart, field = "part" {
        /// Time to meet and build rapport.
        Socialise = "socialise",
        /// The team tells.
        Tell = "tell",
        /// The peers ask.
        Ask = "ask",
        /// The peers analyse.
        Analyse = "analyse",
        /// The peers feed back.
        Feedback = "feedback",
    }
);

vocabulary!(
    /// Where an action agreed at a Peer Assist stands.
    ActionStatus, field = "status" {
        /// To be done.
        Open = "open",
        /// Done.
        Done = "done",
        /// Not going to be done.
        Dropped = "dropped",
    }
);

vocabulary!(
    /// How someone takes part in a Peer Assist.
    PeerAssistRole, field = "role" {
        /// Gathered the peers; the project is theirs.
        Convenor = "convenor",
        /// Runs the meeting, from outside the convenor's team.
        Facilitator = "facilitator",
        /// One of the peers.
        Participant = "participant",
    }
);
