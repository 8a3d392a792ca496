//! The helpers a group's admins may thank: those who completed the most help in a period. A
//! member may ask not to be named (their profile's choice), and only the top of the list is
//! ever shown — never a ranking that names those who helped least.

use crate::groups::Member;
use crate::values::{DisplayName, MemberId, Name};

/// How many helpers the list names at most.
pub const HELPERS_TO_THANK: usize = 10;

/// How much help one member completed as helper, as a store tallies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HelpGiven {
    /// The helper.
    pub member_id: MemberId,
    /// Their requests completed (made in the period).
    pub completed: u32,
}

/// A helper the admins may thank.
#[derive(Debug, Clone, PartialEq)]
pub struct HelperToThank {
    /// The member.
    pub member_id: MemberId,
    /// Their name in the group.
    pub name: DisplayName,
    /// Their organisation's name, if any.
    pub organisation: Option<Name>,
    /// The help they completed.
    pub completed: u32,
}

/// The store's tallies in the order helpers are named: the most help completed first, then by
/// member id so that the same rows give the same list; nobody without any.
pub fn most_help_first(mut tallies: Vec<HelpGiven>) -> Vec<HelpGiven> {
    tallies.retain(|t| t.completed > 0);
    tallies.sort_by(|a, b| {
        b.completed
            .cmp(&a.completed)
            .then(a.member_id.cmp(&b.member_id))
    });
    tallies
}

/// Whether `member` may be named among the helpers to thank: active now, and not having asked
/// not to be.
pub fn may_be_thanked(member: &Member) -> bool {
    member.is_active() && member.named_in_thanks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::MemberStatus;
    use rstest::rstest;
    use uuid::Uuid;

    fn given(n: u128, completed: u32) -> HelpGiven {
        HelpGiven {
            member_id: MemberId::from_uuid(Uuid::from_u128(n)),
            completed,
        }
    }

    #[test]
    fn the_most_help_comes_first_and_nobody_without_any_is_listed() {
        let order = most_help_first(vec![given(3, 2), given(1, 0), given(4, 5), given(2, 2)]);
        assert_eq!(order, [given(4, 5), given(2, 2), given(3, 2)]);
    }

    #[rstest]
    #[case::active(MemberStatus::Active, true, true)]
    #[case::asked_not_to_be(MemberStatus::Active, false, false)]
    #[case::suspended(MemberStatus::Suspended, true, false)]
    #[case::left(MemberStatus::Left, true, false)]
    #[case::removed(MemberStatus::Removed, true, false)]
    fn only_active_members_who_agree_are_named(
        #[case] status: MemberStatus,
        #[case] agrees: bool,
        #[case] named: bool,
    ) {
        let account = crate::accounts::Account {
            id: crate::values::AccountId::from_uuid(Uuid::from_u128(3)),
            email: crate::values::Email::parse("ada@example.org").unwrap(),
            display_name: crate::values::DisplayName::parse("Ada").unwrap(),
            password_hash: None,
            language: None,
            created_at: time::OffsetDateTime::UNIX_EPOCH,
            preloaded_by: None,
            address_confirmed_at: None,
        };
        let member = Member {
            status,
            named_in_thanks: agrees,
            ..Member::joining(
                MemberId::from_uuid(Uuid::from_u128(1)),
                crate::values::GroupId::from_uuid(Uuid::from_u128(2)),
                &account,
                crate::values::Role::Member,
                time::OffsetDateTime::UNIX_EPOCH,
            )
        };
        assert_eq!(may_be_thanked(&member), named);
    }
}
