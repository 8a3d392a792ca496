//! Accounts and sessions: who a person is, and how a signed-in person is recognised.

pub(crate) mod outside;
mod recovery;
pub(crate) mod registration;
pub(crate) mod signing_in;

pub use outside::{ClaimedIdentity, FoundBy, Issuer, OutsideIdentity, ProviderSignIn, Subject};
pub use registration::{LinkKind, Registered};
pub use signing_in::Me;

use crate::error::{Error, PortError};
use crate::values::{
    AccountId, DisplayName, Email, GroupId, InvalidValue, Language, Password, TokenHash,
};
use async_trait::async_trait;
use time::{Duration, OffsetDateTime};

/// A person's login. One account may belong to several groups.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    /// Its id.
    pub id: AccountId,
    /// The address it signs in with; unique case-insensitively.
    pub email: Email,
    /// The name shown by default in each group the person joins.
    pub display_name: DisplayName,
    /// The password's hash, in the hasher's own self-describing format; none for an account a
    /// questionnaire import made, until its person claims it by setting a password.
    pub password_hash: Option<PasswordHash>,
    /// The language the person chose to read the exchange in; none to follow their browser.
    pub language: Option<Language>,
    /// When it was registered.
    pub created_at: OffsetDateTime,
    /// The group whose questionnaire import made the account, when one did: only that group's
    /// invitation may set its first password.
    pub preloaded_by: Option<GroupId>,
    /// When its person showed they read mail at its address, by opening a link sent there (at
    /// registration, or later, or a password reset); none until then.
    pub address_confirmed_at: Option<OffsetDateTime>,
}

impl Account {
    /// Whether the account was erased: it keeps only what other people's history needs, and
    /// nobody can sign in to it, claim it, reset it or invite it again.
    pub fn is_erased(&self) -> bool {
        self.email.is_erased()
    }

    /// The account with its address confirmed, at `now` unless it was before.
    pub fn with_address_confirmed(self, now: OffsetDateTime) -> Self {
        Self {
            address_confirmed_at: self.address_confirmed_at.or(Some(now)),
            ..self
        }
    }

    /// Whether an invitation of `group` may set the account's first password: it was made by
    /// that group's import, is still unclaimed, and was not erased.
    pub fn can_be_claimed_through(&self, group: GroupId) -> bool {
        self.password_hash.is_none() && self.preloaded_by == Some(group) && !self.is_erased()
    }
}

/// Whether the server checks that people read mail at the addresses they give. It can only when
/// it sends email: a server that writes its email to the log leaves addresses unchecked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AddressCheck {
    /// Addresses are taken as typed: a first try on one machine.
    #[default]
    Unchecked,
    /// Registering finishes at a link sent to the address, and an account joins a group by
    /// code, creates one or asks for help only once its address is confirmed.
    Checked,
}

impl AddressCheck {
    /// Refuses what only a confirmed address may do, when addresses are checked.
    ///
    /// # Errors
    /// [`Error::AddressUnconfirmed`] for an account whose address is not yet confirmed.
    pub fn require_confirmed(self, account: &Account) -> Result<(), Error> {
        match (self, account.address_confirmed_at) {
            (Self::Checked, None) => Err(Error::AddressUnconfirmed),
            _ => Ok(()),
        }
    }
}

/// A link sent to an address to show that its holder reads mail there: single use, valid a day.
/// The store keeps only the hash of its token.
#[derive(Debug, Clone, PartialEq)]
pub struct AddressProof {
    /// The hash of the token.
    pub token_hash: TokenHash,
    /// The address it was sent to.
    pub email: Email,
    /// What opening it does.
    pub proves: Proving,
    /// When it was sent.
    pub created_at: OffsetDateTime,
    /// When it was used, or made useless by another of the address's links being used.
    pub used_at: Option<OffsetDateTime>,
}

/// What an [`AddressProof`] finishes.
#[derive(Debug, Clone, PartialEq)]
pub enum Proving {
    /// A registration: the account is made only when the link is opened.
    Registration {
        /// The name the person gave.
        display_name: DisplayName,
        /// Their password's hash.
        password_hash: PasswordHash,
    },
    /// The address of an account that already exists (claimed from an import, or registered
    /// while addresses were unchecked): opening it sets a new password, as a reset does.
    Account(AccountId),
}

impl AddressProof {
    /// How long a link works.
    pub const LIFETIME: Duration = Duration::days(1);

    /// Whether the link still works at `now`: unused and less than a day old.
    pub fn is_usable_at(&self, now: OffsetDateTime) -> bool {
        self.used_at.is_none() && now < self.created_at + Self::LIFETIME
    }
}

/// A password hash in PHC string form (`$argon2id$v=19$…`): the parameters travel with it.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl PasswordHash {
    /// Reads a stored hash.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `password_hash` unless it looks like a PHC string.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        if raw.starts_with('$') && raw.len() <= 512 {
            Ok(Self(raw.to_owned()))
        } else {
            Err(InvalidValue::new(
                "password_hash",
                "is not a PHC hash string",
            ))
        }
    }

    /// The hash as text, for the store and the hasher.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash(***)")
    }
}

/// What registration asks for.
#[derive(Debug, Clone)]
pub struct NewAccount {
    /// The address to sign in with.
    pub email: Email,
    /// The password, checked for length.
    pub password: Password,
    /// The name others will see.
    pub display_name: DisplayName,
}

/// A signed-in session. The store keeps only the hash of its token.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// The hash of the bearer token.
    pub token_hash: TokenHash,
    /// Whose session it is.
    pub account_id: AccountId,
    /// When it began: it ends at `created_at + absolute lifetime` whatever happens.
    pub created_at: OffsetDateTime,
    /// When it was last used: it ends after the idle timeout without use.
    pub last_seen_at: OffsetDateTime,
}

/// How long sessions live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// A session unused for this long ends.
    pub idle_timeout: Duration,
    /// A session ends this long after sign-in, used or not.
    pub absolute_lifetime: Duration,
}

impl Default for SessionPolicy {
    /// Two days idle, thirty days in all.
    fn default() -> Self {
        Self {
            idle_timeout: Duration::days(2),
            absolute_lifetime: Duration::days(30),
        }
    }
}

impl SessionPolicy {
    /// Whether `session` is still alive at `now`.
    pub fn is_alive(&self, session: &Session, now: OffsetDateTime) -> bool {
        now < session.last_seen_at + self.idle_timeout
            && now < session.created_at + self.absolute_lifetime
    }
}

/// A request for a new password: its token goes by email, and the store keeps only its hash.
#[derive(Debug, Clone, PartialEq)]
pub struct PasswordReset {
    /// The hash of the token.
    pub token_hash: TokenHash,
    /// Whose password it resets.
    pub account_id: AccountId,
    /// When it was asked for.
    pub created_at: OffsetDateTime,
    /// When it was used, or made useless by a later change of password.
    pub used_at: Option<OffsetDateTime>,
}

impl PasswordReset {
    /// How long a reset link works.
    pub const LIFETIME: Duration = Duration::hours(1);

    /// Whether the link still works at `now`: unused and less than an hour old.
    pub fn is_usable_at(&self, now: OffsetDateTime) -> bool {
        self.used_at.is_none() && now < self.created_at + Self::LIFETIME
    }
}

/// The smallest change of `last_seen_at` worth a write: sessions are read on every call.
pub(crate) const SESSION_TOUCH_INTERVAL: Duration = Duration::minutes(1);

/// Accounts and the links that prove them (password resets, address proofs), as one part of a [`Transaction`].
///
/// [`Transaction`]: crate::ports::Transaction
#[async_trait]
pub trait Accounts: Send {
    /// Adds an account; `Duplicate("an account with this email")` when the email (compared
    /// case-insensitively) is taken.
    async fn insert_account(&mut self, account: &Account) -> Result<(), PortError>;

    /// Adds accounts, as [`Accounts::insert_account`] adds each: a store may write them
    /// together.
    async fn insert_accounts(&mut self, accounts: &[Account]) -> Result<(), PortError> {
        for account in accounts {
            self.insert_account(account).await?;
        }
        Ok(())
    }

    /// The account with this id.
    async fn account(&mut self, id: AccountId) -> Result<Option<Account>, PortError>;

    /// Replaces an account, its email included.
    async fn update_account(&mut self, account: &Account) -> Result<(), PortError>;

    /// The account with this email, compared case-insensitively.
    async fn account_by_email(&mut self, email: &Email) -> Result<Option<Account>, PortError>;

    /// The accounts with these emails that exist, compared case-insensitively, in any order: a
    /// store may read them together.
    async fn accounts_with_emails(&mut self, emails: &[Email]) -> Result<Vec<Account>, PortError> {
        let mut found = Vec::new();
        for email in emails {
            found.extend(self.account_by_email(email).await?);
        }
        Ok(found)
    }

    /// The accounts with these ids that exist, in any order.
    async fn accounts(&mut self, ids: &[AccountId]) -> Result<Vec<Account>, PortError>;

    /// Adds a password reset.
    async fn insert_password_reset(&mut self, reset: &PasswordReset) -> Result<(), PortError>;

    /// The password reset whose token has this hash.
    async fn password_reset(
        &mut self,
        token_hash: &TokenHash,
    ) -> Result<Option<PasswordReset>, PortError>;

    /// Marks every unused reset of an account used at `at`: a new password ends them all.
    async fn use_password_resets_of(
        &mut self,
        account_id: AccountId,
        at: OffsetDateTime,
    ) -> Result<(), PortError>;

    /// Removes the resets asked for before `before`; says how many.
    async fn delete_password_resets_before(
        &mut self,
        before: OffsetDateTime,
    ) -> Result<u32, PortError>;

    /// Adds an address proof.
    async fn insert_address_proof(&mut self, proof: &AddressProof) -> Result<(), PortError>;

    /// The address proof whose token has this hash.
    async fn address_proof(
        &mut self,
        token_hash: &TokenHash,
    ) -> Result<Option<AddressProof>, PortError>;

    /// Marks every unused proof sent to this address (compared case-insensitively) used at `at`.
    async fn use_address_proofs_for(
        &mut self,
        email: &Email,
        at: OffsetDateTime,
    ) -> Result<(), PortError>;

    /// Removes every proof sent to this address (compared case-insensitively), used or not.
    async fn delete_address_proofs_for(&mut self, email: &Email) -> Result<(), PortError>;

    /// Removes the proofs sent before `before`; says how many.
    async fn delete_address_proofs_before(
        &mut self,
        before: OffsetDateTime,
    ) -> Result<u32, PortError>;

    /// The outside identity with this issuer and subject (compared exactly), if it is linked.
    async fn identity(
        &mut self,
        issuer: &Issuer,
        subject: &Subject,
    ) -> Result<Option<OutsideIdentity>, PortError>;

    /// Links an outside identity to its account; `Duplicate("an identity with this issuer and
    /// subject")` when that issuer's subject is linked already.
    async fn insert_identity(&mut self, identity: &OutsideIdentity) -> Result<(), PortError>;

    /// Every outside identity linked to an account, oldest first.
    async fn identities_of(
        &mut self,
        account_id: AccountId,
    ) -> Result<Vec<OutsideIdentity>, PortError>;

    /// Unlinks every outside identity of an account.
    async fn delete_identities_of(&mut self, account_id: AccountId) -> Result<(), PortError>;
}

/// Sessions of accounts, as one part of a [`Transaction`].
///
/// [`Transaction`]: crate::ports::Transaction
#[async_trait]
pub trait Sessions: Send {
    /// Adds a session.
    async fn insert_session(&mut self, session: &Session) -> Result<(), PortError>;

    /// The session whose token has this hash.
    async fn session(&mut self, token_hash: &TokenHash) -> Result<Option<Session>, PortError>;

    /// Replaces a session (its `last_seen_at`).
    async fn update_session(&mut self, session: &Session) -> Result<(), PortError>;

    /// Removes the session with this hash, if any.
    async fn delete_session(&mut self, token_hash: &TokenHash) -> Result<(), PortError>;

    /// Removes every session of an account.
    async fn delete_sessions_of(&mut self, account_id: AccountId) -> Result<(), PortError>;

    /// Every session of an account, alive or not yet cleared, oldest first.
    async fn sessions_of(&mut self, account_id: AccountId) -> Result<Vec<Session>, PortError>;

    /// Removes every session of an account but the one with this hash.
    async fn delete_other_sessions(
        &mut self,
        account_id: AccountId,
        keep: &TokenHash,
    ) -> Result<(), PortError>;

    /// Removes every session last used before `idle_since` or begun before `started_before`;
    /// says how many.
    async fn delete_dead_sessions(
        &mut self,
        idle_since: OffsetDateTime,
        started_before: OffsetDateTime,
    ) -> Result<u32, PortError>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::SecretToken;
    use rstest::rstest;

    fn session_started_at(start: OffsetDateTime, last_seen: OffsetDateTime) -> Session {
        Session {
            token_hash: SecretToken::from_random_bytes([1; 32]).hash(),
            account_id: AccountId::from_uuid(uuid::Uuid::from_u128(1)),
            created_at: start,
            last_seen_at: last_seen,
        }
    }

    #[rstest]
    #[case::fresh(0, 0, 1, true)]
    #[case::idle_too_long(0, 0, 49, false)]
    #[case::used_recently(0, 24 * 29, 24 * 29 + 1, true)]
    #[case::past_absolute_lifetime(0, 24 * 30 - 1, 24 * 30, false)]
    fn a_session_ends_when_idle_or_old(
        #[case] started_h: i64,
        #[case] seen_h: i64,
        #[case] now_h: i64,
        #[case] alive: bool,
    ) {
        let t0 = OffsetDateTime::UNIX_EPOCH;
        let session = session_started_at(
            t0 + Duration::hours(started_h),
            t0 + Duration::hours(seen_h),
        );
        assert_eq!(
            SessionPolicy::default().is_alive(&session, t0 + Duration::hours(now_h)),
            alive
        );
    }

    #[rstest]
    #[case::fresh(59, None, true)]
    #[case::an_hour_old(60, None, false)]
    #[case::used(1, Some(0), false)]
    fn a_reset_link_works_once_within_the_hour(
        #[case] now_min: i64,
        #[case] used_min: Option<i64>,
        #[case] usable: bool,
    ) {
        let t0 = OffsetDateTime::UNIX_EPOCH;
        let reset = PasswordReset {
            token_hash: SecretToken::from_random_bytes([2; 32]).hash(),
            account_id: AccountId::from_uuid(uuid::Uuid::from_u128(1)),
            created_at: t0,
            used_at: used_min.map(|m| t0 + Duration::minutes(m)),
        };
        assert_eq!(reset.is_usable_at(t0 + Duration::minutes(now_min)), usable);
    }

    #[rstest]
    #[case::fresh(23, None, true)]
    #[case::a_day_old(24, None, false)]
    #[case::used(1, Some(0), false)]
    fn an_address_link_works_once_within_the_day(
        #[case] now_h: i64,
        #[case] used_h: Option<i64>,
        #[case] usable: bool,
    ) {
        let t0 = OffsetDateTime::UNIX_EPOCH;
        let proof = AddressProof {
            token_hash: SecretToken::from_random_bytes([4; 32]).hash(),
            email: Email::parse("sam@example.org").unwrap(),
            proves: Proving::Account(AccountId::from_uuid(uuid::Uuid::from_u128(1))),
            created_at: t0,
            used_at: used_h.map(|h| t0 + Duration::hours(h)),
        };
        assert_eq!(proof.is_usable_at(t0 + Duration::hours(now_h)), usable);
    }

    #[rstest]
    #[case::checked_unconfirmed(AddressCheck::Checked, false, false)]
    #[case::checked_confirmed(AddressCheck::Checked, true, true)]
    #[case::unchecked(AddressCheck::Unchecked, false, true)]
    fn only_a_confirmed_address_passes_a_check(
        #[case] check: AddressCheck,
        #[case] confirmed: bool,
        #[case] passes: bool,
    ) {
        let account = Account {
            id: AccountId::from_uuid(uuid::Uuid::from_u128(1)),
            email: Email::parse("sam@example.org").unwrap(),
            display_name: DisplayName::parse("Sam").unwrap(),
            password_hash: None,
            language: None,
            created_at: OffsetDateTime::UNIX_EPOCH,
            preloaded_by: None,
            address_confirmed_at: confirmed.then_some(OffsetDateTime::UNIX_EPOCH),
        };
        assert_eq!(check.require_confirmed(&account).is_ok(), passes);
    }

    #[rstest]
    #[case("$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA", true)]
    #[case("plaintext", false)]
    fn a_password_hash_must_be_a_phc_string(#[case] raw: &str, #[case] ok: bool) {
        assert_eq!(PasswordHash::parse(raw).is_ok(), ok);
    }
}
