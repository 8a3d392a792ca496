//! The in-memory store: no I/O, for embedding, examples and property tests. One module per part
//! of the domain implements that part of the [`Transaction`].
//!
//! Transactions are serialised by one async lock: a transaction holds it from begin to drop, works
//! on a private copy of the state made at its first write, and publishes the copy on commit. So
//! every use case commits whole or changes nothing, and concurrent use cases never interleave.

use crate::accounts::{
    Account, AddressProof, Issuer, OutsideIdentity, PasswordReset, Session, Subject,
};
use crate::audit::AuditEvent;
use crate::concerns::Concern;
use crate::error::PortError;
use crate::groups::{Group, Invitation, Member};
use crate::matching::Proposal;
use crate::notifications::OutboxMessage;
use crate::offers::{Need, Offer};
use crate::paging::PageRequest;
use crate::peer_assists::{Lesson, PeerAssist};
use crate::ports::{Access, Store, Transaction};
use crate::requests::SupportRequest;
use crate::taxonomy::{Area, Organisation};
use crate::values::{
    AccountId, AreaId, ConcernId, GroupId, LessonId, MemberId, MessageId, NeedId, OfferId,
    OrganisationId, PeerAssistId, ProposalId, RequestId, Version,
};
use async_lock::{Mutex, MutexGuardArc};
use async_trait::async_trait;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use uuid::Uuid;

mod accounts;
mod audit;
mod concerns;
mod groups;
mod notifications;
mod offers;
mod peer_assists;
mod proposals;
mod reports;
mod requests;
mod search;
mod taxonomy;

/// Everything the store holds.
#[derive(Debug, Clone, Default, PartialEq)]
struct State {
    accounts: BTreeMap<AccountId, Account>,
    sessions: HashMap<String, Session>,
    password_resets: HashMap<String, PasswordReset>,
    address_proofs: HashMap<String, AddressProof>,
    identities: BTreeMap<(Issuer, Subject), OutsideIdentity>,
    groups: BTreeMap<GroupId, Group>,
    members: BTreeMap<MemberId, Member>,
    invitations: BTreeMap<String, Invitation>,
    areas: BTreeMap<AreaId, Area>,
    organisations: BTreeMap<OrganisationId, Organisation>,
    offers: BTreeMap<OfferId, Offer>,
    needs: BTreeMap<NeedId, Need>,
    requests: BTreeMap<RequestId, SupportRequest>,
    audit: Vec<AuditEvent>,
    concerns: BTreeMap<ConcernId, Concern>,
    named_leads: BTreeSet<(GroupId, MemberId)>,
    outbox: BTreeMap<MessageId, OutboxMessage>,
    peer_assists: BTreeMap<PeerAssistId, PeerAssist>,
    lessons: BTreeMap<LessonId, Lesson>,
    proposals: BTreeMap<ProposalId, Proposal>,
}

/// A store in memory. Clones share the same data.
#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    state: Arc<Mutex<State>>,
}

/// A copy of everything a [`MemoryStore`] holds, to compare before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot(State);

impl Snapshot {
    /// The audit trail, oldest first.
    pub fn audit_events(&self) -> &[AuditEvent] {
        &self.0.audit
    }

    /// Every support request, by id.
    pub fn requests(&self) -> impl Iterator<Item = &SupportRequest> {
        self.0.requests.values()
    }

    /// Every offer, by id.
    pub fn offers(&self) -> impl Iterator<Item = &Offer> {
        self.0.offers.values()
    }

    /// Every member of every group, by id.
    pub fn members(&self) -> impl Iterator<Item = &Member> {
        self.0.members.values()
    }

    /// Every need, by id.
    pub fn needs(&self) -> impl Iterator<Item = &Need> {
        self.0.needs.values()
    }

    /// Every message of the outbox, by id.
    pub fn messages(&self) -> impl Iterator<Item = &OutboxMessage> {
        self.0.outbox.values()
    }

    /// Every address link kept, used or not.
    pub fn address_proofs(&self) -> impl Iterator<Item = &AddressProof> {
        self.0.address_proofs.values()
    }
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// A copy of everything the store holds now (waits for a running transaction to end).
    pub async fn snapshot(&self) -> Snapshot {
        Snapshot(self.state.lock().await.clone())
    }
}

#[async_trait]
impl Store for MemoryStore {
    type Tx = MemoryTransaction;

    async fn begin(&self, _access: Access) -> Result<MemoryTransaction, PortError> {
        Ok(MemoryTransaction {
            committed: self.state.lock_arc().await,
            work: None,
        })
    }

    async fn ping(&self) -> Result<(), PortError> {
        Ok(())
    }
}

/// A transaction of the [`MemoryStore`]: holds the store's lock until dropped.
pub struct MemoryTransaction {
    committed: MutexGuardArc<State>,
    work: Option<State>,
}

impl MemoryTransaction {
    fn state(&self) -> &State {
        self.work.as_ref().unwrap_or(&self.committed)
    }

    fn state_mut(&mut self) -> &mut State {
        let committed = &self.committed;
        self.work.get_or_insert_with(|| State::clone(committed))
    }
}

/// The items after the page's cursor, at most `page.fetch_size()`.
fn page_of<T: Clone>(
    items: impl Iterator<Item = T>,
    id: impl Fn(&T) -> Uuid,
    page: PageRequest,
) -> Vec<T> {
    let mut items: Vec<T> = items
        .filter(|item| page.after.is_none_or(|c| id(item) > c.id()))
        .collect();
    items.sort_by_key(|item| id(item));
    items.truncate(page.fetch_size());
    items
}

/// Stores `item` under `id` if the stored one is at the version before `version` (or, for a new
/// item at the first version, if there is none).
fn compare_and_set<K: Ord, T>(
    items: &mut BTreeMap<K, T>,
    id: K,
    item: T,
    version: impl Fn(&T) -> Version,
    what: &'static str,
) -> Result<(), PortError> {
    let expected = version(&item).get().checked_sub(1).map(Version::new);
    let stored = items.get(&id).map(&version);
    let fresh = match stored {
        None => version(&item) == Version::FIRST,
        Some(v) => Some(v) == expected,
    };
    if !fresh {
        return Err(PortError::Stale(what));
    }
    items.insert(id, item);
    Ok(())
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[async_trait]
impl Transaction for MemoryTransaction {
    async fn commit(&mut self) -> Result<(), PortError> {
        if let Some(work) = self.work.take() {
            *self.committed = work;
        }
        Ok(())
    }
}
