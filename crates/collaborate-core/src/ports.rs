//! The ports: what the core needs from the world, as traits that adapters implement.
//!
//! A use case opens one [`Transaction`] from the [`Store`], does all its reads and writes through
//! it and commits; dropping it uncommitted undoes everything. Adapters guarantee that two
//! transactions never see each other's uncommitted writes and that writes are serialised where
//! the rules need it (see [`Transaction::lock_offer`]).

use crate::accounts::{Account, PasswordHash, Session};
use crate::audit::AuditEvent;
use crate::error::PortError;
use crate::groups::{Group, Invitation, Member};
use crate::offers::{Need, Offer};
use crate::paging::PageRequest;
use crate::requests::{Side, SupportRequest};
use crate::search::Candidate;
use crate::taxonomy::{Area, AreaCounts, Organisation};
use crate::values::{
    AccountId, AreaId, Aspect, Bounds, Email, GroupId, MemberId, NeedId, OfferId, OrganisationId,
    Password, RequestId, RequestStatus, SecretToken, TokenHash,
};
use async_trait::async_trait;
use time::OffsetDateTime;
use uuid::Uuid;

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
}

/// One unit of work: every read and write of one use case. Dropped without [`commit`], it
/// changes nothing.
///
/// Lookups by id are scoped to a group: a thing of another group is `None`, exactly as if it did
/// not exist. Every method returns [`PortError::Failed`] when the store fails; the writes say when
/// they return [`PortError::Duplicate`]. Updates of versioned things (groups, members, areas,
/// offers, needs) replace the stored row only if it is still at the version before the new one,
/// and return [`PortError::Stale`] otherwise: a concurrent edit is never silently overwritten.
///
/// [`commit`]: Transaction::commit
#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait Transaction: Send {
    /// Makes every write of this transaction permanent, all together.
    async fn commit(&mut self) -> Result<(), PortError>;

    // Accounts and sessions.

    /// Adds an account; `Duplicate("an account with this email")` when the email (compared
    /// case-insensitively) is taken.
    async fn insert_account(&mut self, account: &Account) -> Result<(), PortError>;
    /// The account with this id.
    async fn account(&mut self, id: AccountId) -> Result<Option<Account>, PortError>;
    /// The account with this email, compared case-insensitively.
    async fn account_by_email(&mut self, email: &Email) -> Result<Option<Account>, PortError>;
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

    // Groups, members and invitations.

    /// Adds a group.
    async fn insert_group(&mut self, group: &Group) -> Result<(), PortError>;
    /// The group with this id.
    async fn group(&mut self, id: GroupId) -> Result<Option<Group>, PortError>;
    /// Replaces a group.
    async fn update_group(&mut self, group: &Group) -> Result<(), PortError>;
    /// Every group the account has a membership of (any status), with that membership, by group id.
    async fn memberships_of(
        &mut self,
        account_id: AccountId,
    ) -> Result<Vec<(Group, Member)>, PortError>;
    /// The account's membership of the group, any status.
    async fn member_of(
        &mut self,
        group_id: GroupId,
        account_id: AccountId,
    ) -> Result<Option<Member>, PortError>;
    /// The member with this id in the group.
    async fn member(
        &mut self,
        group_id: GroupId,
        id: MemberId,
    ) -> Result<Option<Member>, PortError>;
    /// Adds a member; `Duplicate("a membership of this group")` when the account already has one.
    async fn insert_member(&mut self, member: &Member) -> Result<(), PortError>;
    /// Replaces a member.
    async fn update_member(&mut self, member: &Member) -> Result<(), PortError>;
    /// Members of the group in id order, after the page's cursor, at most `page.fetch_size()`.
    async fn members(
        &mut self,
        group_id: GroupId,
        page: PageRequest,
    ) -> Result<Vec<Member>, PortError>;
    /// How many active admins the group has.
    async fn count_active_admins(&mut self, group_id: GroupId) -> Result<u32, PortError>;
    /// Adds an invitation.
    async fn insert_invitation(&mut self, invitation: &Invitation) -> Result<(), PortError>;
    /// The invitation whose token has this hash, in any group.
    async fn invitation(&mut self, token_hash: &TokenHash)
    -> Result<Option<Invitation>, PortError>;
    /// Replaces an invitation.
    async fn update_invitation(&mut self, invitation: &Invitation) -> Result<(), PortError>;

    // Taxonomy.

    /// Adds an area; `Duplicate("an area with this name")` when the group has one of that name
    /// (case-insensitively).
    async fn insert_area(&mut self, area: &Area) -> Result<(), PortError>;
    /// The area with this id in the group.
    async fn area(&mut self, group_id: GroupId, id: AreaId) -> Result<Option<Area>, PortError>;
    /// Every area of the group (archived too), by name.
    async fn areas(&mut self, group_id: GroupId) -> Result<Vec<Area>, PortError>;
    /// Replaces an area; `Duplicate("an area with this name")` as for insert.
    async fn update_area(&mut self, area: &Area) -> Result<(), PortError>;
    /// Removes an area nothing refers to.
    async fn delete_area(&mut self, group_id: GroupId, id: AreaId) -> Result<(), PortError>;
    /// Whether any offer, need or request refers to the area.
    async fn area_in_use(&mut self, group_id: GroupId, id: AreaId) -> Result<bool, PortError>;
    /// Which of `aspects` an offer or need of the area names (compared case-insensitively).
    async fn aspects_in_use(
        &mut self,
        group_id: GroupId,
        id: AreaId,
        aspects: &[Aspect],
    ) -> Result<Vec<Aspect>, PortError>;
    /// Per non-archived area, its active offers and open needs, both of active members only.
    async fn area_counts(&mut self, group_id: GroupId) -> Result<Vec<AreaCounts>, PortError>;
    /// Adds an organisation; `Duplicate("an organisation with this name")` when the group has one
    /// of that name (case-insensitively).
    async fn insert_organisation(&mut self, organisation: &Organisation) -> Result<(), PortError>;
    /// The organisation with this id in the group.
    async fn organisation(
        &mut self,
        group_id: GroupId,
        id: OrganisationId,
    ) -> Result<Option<Organisation>, PortError>;
    /// Every organisation of the group, by name.
    async fn organisations(&mut self, group_id: GroupId) -> Result<Vec<Organisation>, PortError>;

    // Offers and needs.

    /// Adds an offer.
    async fn insert_offer(&mut self, offer: &Offer) -> Result<(), PortError>;
    /// The offer with this id in the group.
    async fn offer(&mut self, group_id: GroupId, id: OfferId) -> Result<Option<Offer>, PortError>;
    /// Like [`Transaction::offer`], and holds the offer until this transaction ends, so that two
    /// transactions counting its open requests to add one are serialised.
    async fn lock_offer(
        &mut self,
        group_id: GroupId,
        id: OfferId,
    ) -> Result<Option<Offer>, PortError>;
    /// Every offer of the member, by id.
    async fn offers_of(
        &mut self,
        group_id: GroupId,
        member_id: MemberId,
    ) -> Result<Vec<Offer>, PortError>;
    /// Replaces an offer.
    async fn update_offer(&mut self, offer: &Offer) -> Result<(), PortError>;
    /// Removes an offer no request refers to.
    async fn delete_offer(&mut self, group_id: GroupId, id: OfferId) -> Result<(), PortError>;
    /// Whether any request refers to the offer.
    async fn offer_has_requests(
        &mut self,
        group_id: GroupId,
        id: OfferId,
    ) -> Result<bool, PortError>;
    /// Adds a need.
    async fn insert_need(&mut self, need: &Need) -> Result<(), PortError>;
    /// The need with this id in the group.
    async fn need(&mut self, group_id: GroupId, id: NeedId) -> Result<Option<Need>, PortError>;
    /// Every need of the member, by id.
    async fn needs_of(
        &mut self,
        group_id: GroupId,
        member_id: MemberId,
    ) -> Result<Vec<Need>, PortError>;
    /// Replaces a need.
    async fn update_need(&mut self, need: &Need) -> Result<(), PortError>;
    /// Removes a need no request refers to.
    async fn delete_need(&mut self, group_id: GroupId, id: NeedId) -> Result<(), PortError>;
    /// Whether any request refers to the need.
    async fn need_has_requests(&mut self, group_id: GroupId, id: NeedId)
    -> Result<bool, PortError>;

    // Search and requests.

    /// The active offers in the area whose helper is an active member (and, given `within`, is
    /// placed inside that box), each with its open requests at `now` (pending with
    /// `expires_at > now`, or accepted) and the requests its helper received since
    /// `recent_since`. A bounded number of queries whatever the count.
    async fn search_candidates(
        &mut self,
        group_id: GroupId,
        area_id: AreaId,
        within: Option<Bounds>,
        now: OffsetDateTime,
        recent_since: OffsetDateTime,
    ) -> Result<Vec<Candidate>, PortError>;
    /// The offer's requests holding capacity at `now`: pending with `expires_at > now`, or accepted.
    async fn open_requests_for(
        &mut self,
        group_id: GroupId,
        offer_id: OfferId,
        now: OffsetDateTime,
    ) -> Result<u32, PortError>;
    /// Whether the seeker has a request on the offer holding capacity at `now`.
    async fn has_open_request(
        &mut self,
        group_id: GroupId,
        offer_id: OfferId,
        seeker_id: MemberId,
        now: OffsetDateTime,
    ) -> Result<bool, PortError>;
    /// Adds a request.
    async fn insert_request(&mut self, request: &SupportRequest) -> Result<(), PortError>;
    /// The request with this id in the group; in a write transaction, held until it ends so that
    /// two transitions of one request are serialised.
    async fn request(
        &mut self,
        group_id: GroupId,
        id: RequestId,
    ) -> Result<Option<SupportRequest>, PortError>;
    /// Replaces a request (its status, times and feedback).
    async fn update_request(&mut self, request: &SupportRequest) -> Result<(), PortError>;
    /// The member's requests on `side`, in id order, after the page's cursor, at most
    /// `page.fetch_size()`. With `status`, only those in that status *at `now`*: a pending request
    /// whose `expires_at` is not after `now` counts as expired, not pending.
    async fn requests_of(
        &mut self,
        group_id: GroupId,
        member_id: MemberId,
        side: Side,
        status: Option<RequestStatus>,
        now: OffsetDateTime,
        page: PageRequest,
    ) -> Result<Vec<SupportRequest>, PortError>;

    // Audit.

    /// Appends an audit event.
    async fn insert_audit_event(&mut self, event: &AuditEvent) -> Result<(), PortError>;
    /// The group's audit events in id order, after the page's cursor, at most `page.fetch_size()`.
    async fn audit_events(
        &mut self,
        group_id: GroupId,
        page: PageRequest,
    ) -> Result<Vec<AuditEvent>, PortError>;
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
