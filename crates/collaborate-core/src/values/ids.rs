//! Identifiers: one newtype over a UUID per kind of thing, so that an offer's id can never be
//! passed where a member's is expected.

use super::InvalidValue;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, field = $field:literal) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// Wraps a UUID made by an id source or read from a store.
            pub fn from_uuid(id: Uuid) -> Self {
                Self(id)
            }

            /// Parses the text form of an id.
            ///
            /// # Errors
            /// An [`InvalidValue`] naming the field when the text is not a UUID.
            pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
                Uuid::parse_str(raw.trim())
                    .map(Self)
                    .map_err(|_| InvalidValue::new($field, "must be an id as given by this service"))
            }

            /// The UUID.
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(/// An account: one person's login.
    AccountId, field = "account_id");
id_type!(/// A group: the unit of tenancy.
    GroupId, field = "group_id");
id_type!(/// A member: an account inside one group.
    MemberId, field = "member_id");
id_type!(/// An organisation inside a group.
    OrganisationId, field = "organisation_id");
id_type!(/// A support area of a group.
    AreaId, field = "area_id");
id_type!(/// An offer of help.
    OfferId, field = "offer_id");
id_type!(/// A developmental need.
    NeedId, field = "need_id");
id_type!(/// A support request.
    RequestId, field = "request_id");
id_type!(/// An invitation to join a group.
    InvitationId, field = "invitation_id");
id_type!(/// An audit event.
    AuditEventId, field = "audit_event_id");
id_type!(/// A safeguarding concern.
    ConcernId, field = "concern_id");
id_type!(/// A Peer Assist: peers gathered to help before a project.
    PeerAssistId, field = "peer_assist_id");
id_type!(/// An action agreed at a Peer Assist.
    ActionId, field = "action_id");
id_type!(/// A lesson published from a Peer Assist.
    LessonId, field = "lesson_id");
id_type!(/// A matching proposal: every open need the admin asked about, assigned at once.
    ProposalId, field = "proposal_id");
id_type!(/// A message of the outbox; its email's Message-ID is made from it, so every attempt to
    /// deliver it carries the same one.
    MessageId, field = "message_id");

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[test]
    fn an_id_reads_back_what_it_wrote() {
        let id = OfferId::parse("0192a4e4-7b1c-7c4e-9a53-4c1a2b3c4d5e").unwrap();
        assert_eq!(OfferId::parse(&id.to_string()), Ok(id));
    }

    #[rstest]
    #[case("")]
    #[case("42")]
    #[case("0192a4e4-7b1c-7c4e-9a53-4c1a2b3c4d5")]
    fn a_malformed_id_is_refused_naming_the_field(#[case] raw: &str) {
        assert_eq!(AreaId::parse(raw).unwrap_err().field(), "area_id");
        assert_eq!(NeedId::parse(raw).unwrap_err().field(), "need_id");
    }
}
