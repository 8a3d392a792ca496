//! Who may create a group on an exchange, and the first areas a new group starts with.

use crate::accounts::Account;
use crate::error::Error;
use crate::taxonomy::NewArea;
use crate::values::InvalidValue;
use std::collections::BTreeSet;

/// Who may create groups: anyone signed in, or only the addresses and domains the operator
/// names (a school's or council's own, say).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum GroupCreators {
    /// Any account.
    #[default]
    Anyone,
    /// Accounts at these addresses (`ada@school.org`) or domains (`@school.org`), compared as
    /// addresses are.
    Only(BTreeSet<String>),
}

impl GroupCreators {
    /// Reads the operator's list, comma-separated; an empty list lets anyone create groups.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `group_creators` naming an entry that is neither an address
    /// nor `@domain`.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let mut named = BTreeSet::new();
        for entry in raw.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let (local, domain) = entry.split_once('@').unwrap_or((entry, ""));
            if domain.is_empty() || domain.contains('@') || !domain.contains('.') {
                return Err(InvalidValue::new(
                    "group_creators",
                    format!("\"{entry}\" is neither an address nor @domain"),
                ));
            }
            let key = if local.is_empty() {
                format!("@{}", domain.to_lowercase())
            } else {
                crate::values::Email::parse(entry)
                    .map_err(|e| InvalidValue::new("group_creators", e.to_string()))?
                    .key()
            };
            named.insert(key);
        }
        Ok(if named.is_empty() {
            Self::Anyone
        } else {
            Self::Only(named)
        })
    }

    /// Whether `account` may create a group. On a list, an address counts only once its person
    /// has proved they read mail there: anyone could type a named address otherwise.
    pub fn admit(&self, account: &Account) -> bool {
        match self {
            Self::Anyone => true,
            Self::Only(_) if account.address_confirmed_at.is_none() => false,
            Self::Only(named) => {
                let key = account.email.key();
                let domain = key.rsplit_once('@').map(|(_, d)| format!("@{d}"));
                named.contains(&key) || domain.is_some_and(|d| named.contains(&d))
            }
        }
    }

    /// Refuses an account that may not create groups.
    ///
    /// # Errors
    /// [`Error::Forbidden`] for one the operator did not name.
    pub fn check(&self, account: &Account) -> Result<(), Error> {
        if self.admit(account) {
            Ok(())
        } else {
            Err(Error::Forbidden(
                "on this exchange only the people its operator names may create groups, once \
                 their address is confirmed",
            ))
        }
    }
}

/// The most areas a group is created with (more are added from its back office).
pub const MOST_FIRST_AREAS: usize = 20;

/// Refuses first areas that repeat a name or are too many.
///
/// # Errors
/// An [`InvalidValue`] for `areas`.
pub fn check_first_areas(areas: &[NewArea]) -> Result<(), InvalidValue> {
    if areas.len() > MOST_FIRST_AREAS {
        return Err(InvalidValue::new(
            "areas",
            format!("at most {MOST_FIRST_AREAS} to begin with; add more later"),
        ));
    }
    let mut seen = BTreeSet::new();
    for area in areas {
        if !seen.insert(area.name.key()) {
            return Err(InvalidValue::new(
                "areas",
                format!("\"{}\" is named twice", area.name),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::{AccountId, Aspects, DisplayName, Email, Name};
    use rstest::rstest;

    fn account(email: &str) -> Account {
        Account {
            id: AccountId::from_uuid(uuid::Uuid::from_u128(1)),
            email: Email::parse(email).unwrap(),
            display_name: DisplayName::parse("Ada").unwrap(),
            password_hash: None,
            language: None,
            created_at: time::OffsetDateTime::UNIX_EPOCH,
            preloaded_by: None,
            address_confirmed_at: Some(time::OffsetDateTime::UNIX_EPOCH),
        }
    }

    #[rstest]
    #[case::anyone("", "ada@anywhere.org", true)]
    #[case::an_address("ada@school.org", "Ada@School.org", true)]
    #[case::another_address("ada@school.org", "bea@school.org", false)]
    #[case::a_domain("@school.org, head@council.gov.uk", "bea@School.org", true)]
    #[case::a_subdomain_is_not_the_domain("@school.org", "bea@mail.school.org", false)]
    #[case::a_named_address_beside_a_domain(
        "@school.org, head@council.gov.uk",
        "head@council.gov.uk",
        true
    )]
    fn only_the_people_named_create_groups(
        #[case] named: &str,
        #[case] email: &str,
        #[case] admitted: bool,
    ) {
        let creators = GroupCreators::parse(named).unwrap();
        assert_eq!(creators.admit(&account(email)), admitted);
        assert_eq!(creators.check(&account(email)).is_ok(), admitted);
    }

    #[test]
    fn a_named_address_counts_once_proved() {
        let creators = GroupCreators::parse("@school.org").unwrap();
        let unproved = Account {
            address_confirmed_at: None,
            ..account("head@school.org")
        };
        assert!(!creators.admit(&unproved));
        assert!(GroupCreators::Anyone.admit(&unproved));
    }

    #[rstest]
    #[case::a_word("admins")]
    #[case::a_bare_domain("@localhost")]
    #[case::two_ats("a@b@c.org")]
    fn a_list_that_names_nobody_clearly_is_refused(#[case] named: &str) {
        assert_eq!(
            GroupCreators::parse(named).unwrap_err().field(),
            "group_creators"
        );
    }

    fn area(name: &str) -> NewArea {
        NewArea {
            name: Name::parse(name).unwrap(),
            description: None,
            aspects: Aspects::default(),
        }
    }

    #[test]
    fn first_areas_are_named_once_and_few() {
        assert!(check_first_areas(&[area("Budgets"), area("Curriculum")]).is_ok());
        assert_eq!(
            check_first_areas(&[area("Budgets"), area("budgets")])
                .unwrap_err()
                .field(),
            "areas"
        );
        let many: Vec<_> = (0..=MOST_FIRST_AREAS)
            .map(|i| area(&format!("Area {i}")))
            .collect();
        assert!(check_first_areas(&many[..MOST_FIRST_AREAS]).is_ok());
        assert_eq!(check_first_areas(&many).unwrap_err().field(), "areas");
    }
}
