//! The ports: what the core needs from the world, as traits that adapters implement.
//!
//! A use case opens one [`Transaction`] from the [`Store`], does all its reads and writes through
//! it and commits; dropping it uncommitted undoes everything. Adapters guarantee that two
//! transactions never see each other's uncommitted writes and that writes are serialised where
//! the rules need it (see [`OffersAndNeeds::lock_offer`]). The parts of a transaction are defined
//! beside their domains and named here too.

use crate::accounts::PasswordHash;
use crate::error::PortError;
use crate::values::{Password, SecretToken};
use async_trait::async_trait;
use std::marker::PhantomData;
use time::OffsetDateTime;
use uuid::Uuid;

pub use crate::accounts::{Accounts, Sessions};
pub use crate::audit::AuditTrail;
pub use crate::concerns::Concerns;
pub use crate::groups::{Groups, Invitations};
pub use crate::matching::Proposals;
pub use crate::notifications::{Outbox, Postman};
pub use crate::offers::OffersAndNeeds;
pub use crate::peer_assists::PeerAssists;
pub use crate::reports::Reports;
pub use crate::requests::Requests;
pub use crate::search::SearchIndex;
pub use crate::taxonomy::Taxonomy;

/// What a transaction will do: reads only, or writes too (a store may begin the two differently).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Reads only.
    Read,
    /// Reads and writes.
    Write,
}

/// Where the data lives: the source of transactions.
#[cfg_attr(test, mockall::automock(type Tx = MockTransaction;))]
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// The transaction type.
    type Tx: Transaction;

    /// Begins a transaction.
    ///
    /// # Errors
    /// [`PortError::Failed`] when the store cannot be reached.
    async fn begin(&self, access: Access) -> Result<Self::Tx, PortError>;

    /// Whether the store answers, for a readiness check.
    ///
    /// # Errors
    /// [`PortError::Failed`] when it does not.
    async fn ping(&self) -> Result<(), PortError>;

    /// Makes what committed transactions deleted or overwrote unreadable from the store's own
    /// files, where it keeps copies of it for a while (SQLite's write-ahead log): called after an
    /// erasure. A store with no such copies does nothing.
    ///
    /// # Errors
    /// [`PortError::Failed`] when the store cannot do it now.
    async fn forget_erased(&self) -> Result<(), PortError> {
        Ok(())
    }
}

/// One unit of work: every read and write of one use case, across every part of the domain.
/// Dropped without [`commit`], it changes nothing.
///
/// Each part is a trait beside its domain ([`Accounts`], [`Sessions`], [`Groups`],
/// [`Invitations`], [`Taxonomy`], [`OffersAndNeeds`], [`SearchIndex`], [`Requests`],
/// [`AuditTrail`], [`Reports`], [`Concerns`], [`PeerAssists`], [`Proposals`], [`Outbox`]); a helper asks only for the parts it
/// uses. For all of them: lookups by id are scoped to a group, so a thing of another group
/// is `None`, exactly as if it did not exist; every method returns [`PortError::Failed`] when the
/// store fails, and the writes say when they return [`PortError::Duplicate`]. Updates of
/// versioned things (groups, members, areas, offers, needs) replace the stored row only if it is
/// still at the version before the new one, and return [`PortError::Stale`] otherwise: a
/// concurrent edit is never silently overwritten.
///
/// [`commit`]: Transaction::commit
#[async_trait]
pub trait Transaction:
    Accounts
    + Sessions
    + Groups
    + Invitations
    + Taxonomy
    + OffersAndNeeds
    + SearchIndex
    + Requests
    + AuditTrail
    + Reports
    + Concerns
    + PeerAssists
    + Proposals
    + Outbox
    + Send
{
    /// Makes every write of this transaction permanent, all together.
    async fn commit(&mut self) -> Result<(), PortError>;
}

#[cfg(test)]
mod mock;
#[cfg(test)]
pub use mock::MockTransaction;

/// What the application runs on: its store, password hasher, clock and id source, named once so
/// that [`crate::Collaborate`] and everything generic over it take one parameter.
pub trait Environment: Send + Sync + 'static {
    /// Where the data lives.
    type Store: Store;
    /// How passwords are hashed and checked.
    type Hasher: PasswordHasher;
    /// The time.
    type Clock: Clock;
    /// Where ids and secrets come from.
    type Ids: IdSource;
}

/// The transaction type of an environment's store.
pub type Tx<E> = <<E as Environment>::Store as Store>::Tx;

/// The environment made of these four ports: `Collaborate::new(store, hasher, clock, ids)` names
/// it without a declaration of its own.
pub struct Ports<S, H, C, I>(PhantomData<PortTypes<S, H, C, I>>);

/// Names the four types without owning values of them, so `Ports` is `Send` and `Sync` whatever
/// they are.
type PortTypes<S, H, C, I> = fn() -> (S, H, C, I);

impl<S: Store, H: PasswordHasher, C: Clock, I: IdSource> Environment for Ports<S, H, C, I> {
    type Store = S;
    type Hasher = H;
    type Clock = C;
    type Ids = I;
}

/// The time.
pub trait Clock: Send + Sync + 'static {
    /// Now, in UTC.
    fn now(&self) -> OffsetDateTime;
}

/// Where new ids and secrets come from.
pub trait IdSource: Send + Sync + 'static {
    /// A new id, greater than every id this source gave before (so id order is creation order).
    fn new_id(&self) -> Uuid;
    /// 32 bytes fit for a secret: unpredictable to anyone else.
    ///
    /// # Errors
    /// [`PortError::Failed`] when no secure randomness can be had.
    fn random_bytes(&self) -> Result<[u8; 32], PortError>;

    /// A new bearer token.
    ///
    /// # Errors
    /// As [`IdSource::random_bytes`].
    fn new_token(&self) -> Result<SecretToken, PortError> {
        Ok(SecretToken::from_random_bytes(self.random_bytes()?))
    }
}

/// Hashes and checks passwords. Slow on purpose: adapters run it off their async workers.
#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait PasswordHasher: Send + Sync + 'static {
    /// A salted hash of the password.
    ///
    /// # Errors
    /// [`PortError::Failed`] when hashing fails.
    async fn hash(&self, password: &Password) -> Result<PasswordHash, PortError>;

    /// Whether the password matches `hash`. Given no hash, it spends the same time as a real check
    /// and answers `false`, so that an unknown account cannot be told from a wrong password.
    async fn verify(&self, password: &Password, hash: Option<PasswordHash>) -> bool;
}
