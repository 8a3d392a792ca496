//! Signing in with an outside provider: a school's OpenID provider (Microsoft Entra ID, Google
//! Workspace) vouches for a person, and the exchange signs them in as if by password.
//!
//! The rule: an outside identity (its issuer and subject) belongs to the account it was first
//! linked to, so a later change of address at the provider still finds that account; an
//! identity not linked yet is linked only by an address the provider says it verified, to the
//! account with that address or, for an unknown address, to a new account whose address counts
//! as proved. An erased account is never signed in to.

use crate::accounts::{Account, Accounts as _, Sessions as _};
use crate::app::Collaborate;
use crate::error::{Error, Result};
use crate::ports::{Clock, Environment, IdSource, Transaction};
use crate::values::{AccountId, DisplayName, Email, InvalidValue, SecretToken};
use time::OffsetDateTime;

/// Refuses text that no provider's identifier holds: empty, longer than `max`, or with spaces
/// or control characters.
fn identifier(field: &'static str, raw: &str, max: usize) -> Result<String, InvalidValue> {
    if raw.is_empty() || raw.len() > max {
        return Err(InvalidValue::new(
            field,
            format!("must be 1 to {max} characters long"),
        ));
    }
    if raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(InvalidValue::new(field, "must not contain spaces"));
    }
    Ok(raw.to_owned())
}

/// Who issues an identity: the provider's issuer URL, exactly as its tokens name it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Issuer(String);

impl Issuer {
    /// Accepts an `https://` (or, for a provider on this machine, `http://`) URL of at most 255
    /// characters.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `issuer` otherwise.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let url = identifier("issuer", raw, 255)?;
        let host = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .unwrap_or_default();
        if host.is_empty() || host.starts_with('/') {
            return Err(InvalidValue::new(
                "issuer",
                "must be a URL such as https://login.microsoftonline.com/TENANT/v2.0",
            ));
        }
        Ok(Self(url))
    }

    /// The URL as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The provider's own lasting id of a person (the `sub` claim): unique at its issuer only.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Subject(String);

impl Subject {
    /// Accepts 1 to 255 characters without spaces, as OpenID Connect's `sub` is.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `subject` otherwise.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        identifier("subject", raw, 255).map(Self)
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person as a provider vouches for them once it has checked their sign-in: made only when
/// the provider says it verified the address, so every one of them holds a verified address.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimedIdentity {
    issuer: Issuer,
    subject: Subject,
    email: Email,
    name: Option<DisplayName>,
}

impl ClaimedIdentity {
    /// The claims of a checked ID token: `iss`, `sub`, `email`, `email_verified` and `name`.
    /// A name that is not a valid display name is left out (the address's name part stands
    /// for it).
    ///
    /// # Errors
    /// An [`InvalidValue`] for `issuer`, `subject` or `email` when it is not one, and for
    /// `email_verified` unless the provider says, in so many words, that it verified the
    /// address: an address it did not verify proves nothing of who reads it.
    pub fn new(
        issuer: &str,
        subject: &str,
        email: Option<&str>,
        email_verified: Option<bool>,
        name: Option<&str>,
    ) -> Result<Self, InvalidValue> {
        let issuer = Issuer::parse(issuer)?;
        let subject = Subject::parse(subject)?;
        let email =
            email.ok_or_else(|| InvalidValue::new("email", "is not given by the provider"))?;
        let email = Email::parse(email)?;
        if email_verified != Some(true) {
            return Err(InvalidValue::new(
                "email_verified",
                "is not true: the provider did not verify the address",
            ));
        }
        let name = name.and_then(|n| DisplayName::parse(n.trim()).ok());
        Ok(Self {
            issuer,
            subject,
            email,
            name,
        })
    }

    /// The issuer.
    pub fn issuer(&self) -> &Issuer {
        &self.issuer
    }

    /// The subject at the issuer.
    pub fn subject(&self) -> &Subject {
        &self.subject
    }

    /// The address the provider verified.
    pub fn email(&self) -> &Email {
        &self.email
    }

    /// The name a new account takes: the provider's, else the part of the address before its @.
    fn display_name(&self) -> Result<DisplayName, InvalidValue> {
        match &self.name {
            Some(name) => Ok(name.clone()),
            None => {
                let local = self.email.as_str().split('@').next().unwrap_or_default();
                DisplayName::parse(local).or_else(|_| DisplayName::parse("Member"))
            }
        }
    }
}

/// An outside identity linked to an account: that issuer's subject signs in as that account.
#[derive(Debug, Clone, PartialEq)]
pub struct OutsideIdentity {
    /// The provider's issuer.
    pub issuer: Issuer,
    /// The person's id at the issuer.
    pub subject: Subject,
    /// The account it signs in as.
    pub account_id: AccountId,
    /// When it was linked.
    pub created_at: OffsetDateTime,
}

/// How a sign-in from a provider found its account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoundBy {
    /// The identity was linked to the account before.
    Identity,
    /// The identity was linked now, to the account of its verified address.
    Address,
    /// A new account was made for the verified address.
    NewAccount,
}

/// A sign-in from a provider: the new session's token (shown once), the account, and how the
/// account was found.
#[derive(Debug)]
pub struct ProviderSignIn {
    /// The session's token.
    pub token: SecretToken,
    /// The account signed in to.
    pub account: Account,
    /// How it was found.
    pub found_by: FoundBy,
}

/// What linking an identity to `account` makes of it: its address counts as proved from now.
/// When it had not been proved before, whoever set its password, or holds a claim on it from
/// an import, never showed they read the address, so the password and the claim go (and, in
/// [`Collaborate::sign_in_from_provider`], every session): the account is the address's
/// owner's. An account proved before keeps its password.
pub fn linked(account: Account, now: OffsetDateTime) -> Account {
    if account.address_confirmed_at.is_some() {
        return account;
    }
    Account {
        password_hash: None,
        preloaded_by: None,
        ..account.with_address_confirmed(now)
    }
}

impl<E: Environment> Collaborate<E> {
    /// Signs in the person a provider vouches for: the account their identity was linked to,
    /// or else the account of their verified address (linked now), or else a new account for
    /// that address. A new session's token is returned once, as at a password sign-in.
    ///
    /// # Errors
    /// [`Error::Forbidden`] when the identity's account was erased (nobody signs in to it).
    #[tracing::instrument(skip_all)]
    pub async fn sign_in_from_provider(&self, claim: ClaimedIdentity) -> Result<ProviderSignIn> {
        let now = self.clock.now();
        let mut tx = self.write().await?;
        let known = tx.identity(claim.issuer(), claim.subject()).await?;
        let (account, found_by) = if let Some(identity) = known {
            let account = tx
                .account(identity.account_id)
                .await?
                .filter(|a| !a.is_erased())
                .ok_or(Error::Forbidden("this account was erased"))?;
            (account, FoundBy::Identity)
        } else {
            let owner = tx
                .account_by_email(claim.email())
                .await?
                .filter(|a| !a.is_erased());
            let (account, found_by) = match owner {
                Some(owner) => {
                    let proved_before = owner.address_confirmed_at.is_some();
                    let account = linked(owner, now);
                    if !proved_before {
                        tx.delete_sessions_of(account.id).await?;
                        tx.use_password_resets_of(account.id, now).await?;
                    }
                    tx.update_account(&account).await?;
                    (account, FoundBy::Address)
                }
                None => {
                    let account = Account {
                        id: AccountId::from_uuid(self.ids.new_id()),
                        email: claim.email().clone(),
                        display_name: claim.display_name()?,
                        password_hash: None,
                        language: None,
                        created_at: now,
                        preloaded_by: None,
                        address_confirmed_at: Some(now),
                    };
                    tx.insert_account(&account).await?;
                    (account, FoundBy::NewAccount)
                }
            };
            tx.insert_identity(&OutsideIdentity {
                issuer: claim.issuer().clone(),
                subject: claim.subject().clone(),
                account_id: account.id,
                created_at: now,
            })
            .await?;
            (account, found_by)
        };
        let token = self.open_session(&mut tx, account.id, now).await?;
        tx.commit().await?;
        Ok(ProviderSignIn {
            token,
            account,
            found_by,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::PasswordHash;
    use crate::values::GroupId;
    use proptest::prelude::*;
    use rstest::rstest;

    const ISSUER: &str = "https://login.microsoftonline.com/tenant/v2.0";

    #[rstest]
    #[case::verified(Some("sam@school.org"), Some(true), None)]
    #[case::unverified(Some("sam@school.org"), Some(false), Some("email_verified"))]
    #[case::verification_not_said(Some("sam@school.org"), None, Some("email_verified"))]
    #[case::no_address(None, Some(true), Some("email"))]
    #[case::not_an_address(Some("sam"), Some(true), Some("email"))]
    #[case::an_erased_accounts_domain(Some("x@erased.invalid"), Some(true), Some("email"))]
    fn only_a_verified_address_makes_a_claimed_identity(
        #[case] email: Option<&str>,
        #[case] verified: Option<bool>,
        #[case] refused: Option<&str>,
    ) {
        let claim = ClaimedIdentity::new(ISSUER, "abc", email, verified, None);
        assert_eq!(claim.err().map(|e| e.field()), refused);
    }

    #[rstest]
    #[case::https(ISSUER, true)]
    #[case::on_this_machine("http://127.0.0.1:4000", true)]
    #[case::no_scheme("login.example.org", false)]
    #[case::no_host("https:///x", false)]
    #[case::a_space("https://a b", false)]
    #[case::empty("", false)]
    fn an_issuer_is_a_url(#[case] raw: &str, #[case] ok: bool) {
        assert_eq!(Issuer::parse(raw).is_ok(), ok);
    }

    #[rstest]
    #[case::a_name(Some("Sam Jones"), "Sam Jones")]
    #[case::no_name(None, "sam.jones")]
    #[case::a_blank_name(Some("  "), "sam.jones")]
    fn a_new_account_is_named_by_the_provider_or_the_address(
        #[case] name: Option<&str>,
        #[case] expected: &str,
    ) {
        let claim = ClaimedIdentity::new(
            ISSUER,
            "abc",
            Some("sam.jones@school.org"),
            Some(true),
            name,
        )
        .unwrap();
        assert_eq!(claim.display_name().unwrap().as_str(), expected);
    }

    fn account(confirmed: bool, password: bool, preloaded: bool) -> Account {
        Account {
            id: AccountId::from_uuid(uuid::Uuid::from_u128(1)),
            email: Email::parse("sam@school.org").unwrap(),
            display_name: DisplayName::parse("Sam").unwrap(),
            password_hash: password
                .then(|| PasswordHash::parse("$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA").unwrap()),
            language: None,
            created_at: OffsetDateTime::UNIX_EPOCH,
            preloaded_by: preloaded.then(|| GroupId::from_uuid(uuid::Uuid::from_u128(2))),
            address_confirmed_at: confirmed.then_some(OffsetDateTime::UNIX_EPOCH),
        }
    }

    proptest! {
        /// Linked, an account's address is proved; one not proved before keeps neither its
        /// password nor an import's claim on it, and one proved before is unchanged.
        #[test]
        fn linking_proves_the_address_and_takes_away_what_an_unproved_owner_set(
            confirmed: bool, password: bool, preloaded: bool,
        ) {
            let before = account(confirmed, password, preloaded);
            let now = OffsetDateTime::UNIX_EPOCH + time::Duration::days(3);
            let after = linked(before.clone(), now);
            prop_assert!(after.address_confirmed_at.is_some());
            if confirmed {
                prop_assert_eq!(after, before);
            } else {
                prop_assert!(!after.can_be_claimed_through(GroupId::from_uuid(uuid::Uuid::from_u128(2))));
                prop_assert_eq!(after.password_hash, None);
                prop_assert_eq!(after.preloaded_by, None);
                prop_assert_eq!(after.address_confirmed_at, Some(now));
            }
        }

        /// Whatever a provider sends, a claimed identity exists only with a verified address.
        #[test]
        fn no_claimed_identity_without_a_verified_address(
            email in proptest::option::of("[a-z]{1,8}@[a-z]{1,8}\\.org"),
            verified in proptest::option::of(any::<bool>()),
        ) {
            let claim = ClaimedIdentity::new(ISSUER, "abc", email.as_deref(), verified, None);
            prop_assert_eq!(claim.is_ok(), email.is_some() && verified == Some(true));
        }
    }
}
