//! The in-memory adapter of every port: no I/O, for embedding, examples and property tests.
//!
//! Transactions are serialised by one async lock: a transaction holds it from begin to drop, works
//! on a private copy of the state made at its first write, and publishes the copy on commit. So
//! every use case commits whole or changes nothing, and concurrent use cases never interleave.

use crate::accounts::{Account, Session};
use crate::audit::AuditEvent;
use crate::error::PortError;
use crate::groups::{Group, Invitation, Member};
use crate::offers::{Need, Offer};
use crate::paging::PageRequest;
use crate::ports::{Access, Clock, IdSource, Store, Transaction};
use crate::requests::{Side, SupportRequest};
use crate::search::{Candidate, Helper};
use crate::taxonomy::{Area, AreaCounts, Organisation};
use crate::values::{
    AccountId, AreaId, Aspect, Bounds, Email, GroupId, MemberId, MemberStatus, NeedId, NeedStatus,
    OfferId, OfferStatus, OrganisationId, RequestId, RequestStatus, TokenHash, Version,
};
use async_lock::{Mutex, MutexGuardArc};
use async_trait::async_trait;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use time::OffsetDateTime;
use uuid::Uuid;

/// Everything the store holds.
#[derive(Debug, Clone, Default, PartialEq)]
struct State {
    accounts: BTreeMap<AccountId, Account>,
    sessions: HashMap<String, Session>,
    groups: BTreeMap<GroupId, Group>,
    members: BTreeMap<MemberId, Member>,
    invitations: BTreeMap<String, Invitation>,
    areas: BTreeMap<AreaId, Area>,
    organisations: BTreeMap<OrganisationId, Organisation>,
    offers: BTreeMap<OfferId, Offer>,
    needs: BTreeMap<NeedId, Need>,
    requests: BTreeMap<RequestId, SupportRequest>,
    audit: Vec<AuditEvent>,
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

/// Whether the request holds capacity at `now`.
fn holds_capacity(request: &SupportRequest, now: OffsetDateTime) -> bool {
    match request.status {
        RequestStatus::Pending => request.expires_at > now,
        status => status.is_open(),
    }
}

/// The request's status at `now`: pending past its expiry counts as expired.
fn status_at(request: &SupportRequest, now: OffsetDateTime) -> RequestStatus {
    let mut request = request.clone();
    request.expire_if_due(now);
    request.status
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

    async fn insert_account(&mut self, account: &Account) -> Result<(), PortError> {
        let key = account.email.key();
        if self.state().accounts.values().any(|a| a.email.key() == key) {
            return Err(PortError::Duplicate("an account with this email"));
        }
        self.state_mut()
            .accounts
            .insert(account.id, account.clone());
        Ok(())
    }

    async fn account(&mut self, id: AccountId) -> Result<Option<Account>, PortError> {
        Ok(self.state().accounts.get(&id).cloned())
    }

    async fn account_by_email(&mut self, email: &Email) -> Result<Option<Account>, PortError> {
        let key = email.key();
        Ok(self
            .state()
            .accounts
            .values()
            .find(|a| a.email.key() == key)
            .cloned())
    }

    async fn insert_session(&mut self, session: &Session) -> Result<(), PortError> {
        let key = session.token_hash.as_str().to_owned();
        self.state_mut().sessions.insert(key, session.clone());
        Ok(())
    }

    async fn session(&mut self, token_hash: &TokenHash) -> Result<Option<Session>, PortError> {
        Ok(self.state().sessions.get(token_hash.as_str()).cloned())
    }

    async fn update_session(&mut self, session: &Session) -> Result<(), PortError> {
        self.insert_session(session).await
    }

    async fn delete_session(&mut self, token_hash: &TokenHash) -> Result<(), PortError> {
        self.state_mut().sessions.remove(token_hash.as_str());
        Ok(())
    }

    async fn delete_sessions_of(&mut self, account_id: AccountId) -> Result<(), PortError> {
        self.state_mut()
            .sessions
            .retain(|_, s| s.account_id != account_id);
        Ok(())
    }

    async fn insert_group(&mut self, group: &Group) -> Result<(), PortError> {
        self.update_group(group).await
    }

    async fn group(&mut self, id: GroupId) -> Result<Option<Group>, PortError> {
        Ok(self.state().groups.get(&id).cloned())
    }

    async fn update_group(&mut self, group: &Group) -> Result<(), PortError> {
        compare_and_set(
            &mut self.state_mut().groups,
            group.id,
            group.clone(),
            |g| g.version,
            "group",
        )
    }

    async fn memberships_of(
        &mut self,
        account_id: AccountId,
    ) -> Result<Vec<(Group, Member)>, PortError> {
        let state = self.state();
        let mut pairs: Vec<_> = state
            .members
            .values()
            .filter(|m| m.account_id == account_id)
            .filter_map(|m| {
                state
                    .groups
                    .get(&m.group_id)
                    .map(|g| (g.clone(), m.clone()))
            })
            .collect();
        pairs.sort_by_key(|(g, _)| g.id);
        Ok(pairs)
    }

    async fn member_of(
        &mut self,
        group_id: GroupId,
        account_id: AccountId,
    ) -> Result<Option<Member>, PortError> {
        Ok(self
            .state()
            .members
            .values()
            .find(|m| m.group_id == group_id && m.account_id == account_id)
            .cloned())
    }

    async fn member(
        &mut self,
        group_id: GroupId,
        id: MemberId,
    ) -> Result<Option<Member>, PortError> {
        Ok(self
            .state()
            .members
            .get(&id)
            .filter(|m| m.group_id == group_id)
            .cloned())
    }

    async fn insert_member(&mut self, member: &Member) -> Result<(), PortError> {
        if self
            .member_of(member.group_id, member.account_id)
            .await?
            .is_some()
        {
            return Err(PortError::Duplicate("a membership of this group"));
        }
        self.update_member(member).await
    }

    async fn update_member(&mut self, member: &Member) -> Result<(), PortError> {
        compare_and_set(
            &mut self.state_mut().members,
            member.id,
            member.clone(),
            |m| m.version,
            "member",
        )
    }

    async fn members(
        &mut self,
        group_id: GroupId,
        page: PageRequest,
    ) -> Result<Vec<Member>, PortError> {
        let members = self
            .state()
            .members
            .values()
            .filter(|m| m.group_id == group_id)
            .cloned();
        Ok(page_of(members, |m| m.id.as_uuid(), page))
    }

    async fn count_active_admins(&mut self, group_id: GroupId) -> Result<u32, PortError> {
        Ok(count(
            self.state()
                .members
                .values()
                .filter(|m| m.group_id == group_id && m.is_active_admin())
                .count(),
        ))
    }

    async fn insert_invitation(&mut self, invitation: &Invitation) -> Result<(), PortError> {
        let key = invitation.token_hash.as_str().to_owned();
        self.state_mut().invitations.insert(key, invitation.clone());
        Ok(())
    }

    async fn invitation(
        &mut self,
        token_hash: &TokenHash,
    ) -> Result<Option<Invitation>, PortError> {
        Ok(self.state().invitations.get(token_hash.as_str()).cloned())
    }

    async fn update_invitation(&mut self, invitation: &Invitation) -> Result<(), PortError> {
        self.insert_invitation(invitation).await
    }

    async fn insert_area(&mut self, area: &Area) -> Result<(), PortError> {
        self.update_area(area).await
    }

    async fn area(&mut self, group_id: GroupId, id: AreaId) -> Result<Option<Area>, PortError> {
        Ok(self
            .state()
            .areas
            .get(&id)
            .filter(|a| a.group_id == group_id)
            .cloned())
    }

    async fn areas(&mut self, group_id: GroupId) -> Result<Vec<Area>, PortError> {
        let mut areas: Vec<_> = self
            .state()
            .areas
            .values()
            .filter(|a| a.group_id == group_id)
            .cloned()
            .collect();
        areas.sort_by_key(|a| (a.name.key(), a.id));
        Ok(areas)
    }

    async fn update_area(&mut self, area: &Area) -> Result<(), PortError> {
        let key = area.name.key();
        let clash = self
            .state()
            .areas
            .values()
            .any(|a| a.group_id == area.group_id && a.id != area.id && a.name.key() == key);
        if clash {
            return Err(PortError::Duplicate("an area with this name"));
        }
        compare_and_set(
            &mut self.state_mut().areas,
            area.id,
            area.clone(),
            |a| a.version,
            "area",
        )
    }

    async fn delete_area(&mut self, group_id: GroupId, id: AreaId) -> Result<(), PortError> {
        let state = self.state_mut();
        if state.areas.get(&id).is_some_and(|a| a.group_id == group_id) {
            state.areas.remove(&id);
        }
        Ok(())
    }

    async fn area_in_use(&mut self, group_id: GroupId, id: AreaId) -> Result<bool, PortError> {
        let state = self.state();
        Ok(state
            .offers
            .values()
            .any(|o| o.group_id == group_id && o.area_id == id)
            || state
                .needs
                .values()
                .any(|n| n.group_id == group_id && n.area_id == id)
            || state
                .requests
                .values()
                .any(|r| r.group_id == group_id && r.area_id == id))
    }

    async fn aspects_in_use(
        &mut self,
        group_id: GroupId,
        id: AreaId,
        aspects: &[Aspect],
    ) -> Result<Vec<Aspect>, PortError> {
        let state = self.state();
        let named =
            |aspect: &Aspect| {
                state.offers.values().any(|o| {
                    o.group_id == group_id && o.area_id == id && o.aspects.contains(aspect)
                }) || state.needs.values().any(|n| {
                    n.group_id == group_id && n.area_id == id && n.aspects.contains(aspect)
                })
            };
        Ok(aspects.iter().filter(|a| named(a)).cloned().collect())
    }

    async fn area_counts(&mut self, group_id: GroupId) -> Result<Vec<AreaCounts>, PortError> {
        let state = self.state();
        let active = |member_id: &MemberId| {
            state
                .members
                .get(member_id)
                .is_some_and(|m| m.status == MemberStatus::Active)
        };
        Ok(state
            .areas
            .values()
            .filter(|a| a.group_id == group_id && !a.archived)
            .map(|area| AreaCounts {
                area_id: area.id,
                offers: count(
                    state
                        .offers
                        .values()
                        .filter(|o| {
                            o.area_id == area.id
                                && o.status == OfferStatus::Active
                                && active(&o.member_id)
                        })
                        .count(),
                ),
                needs: count(
                    state
                        .needs
                        .values()
                        .filter(|n| {
                            n.area_id == area.id
                                && n.status == NeedStatus::Open
                                && active(&n.member_id)
                        })
                        .count(),
                ),
            })
            .collect())
    }

    async fn insert_organisation(&mut self, organisation: &Organisation) -> Result<(), PortError> {
        let key = organisation.name.key();
        let clash = self
            .state()
            .organisations
            .values()
            .any(|o| o.group_id == organisation.group_id && o.name.key() == key);
        if clash {
            return Err(PortError::Duplicate("an organisation with this name"));
        }
        self.state_mut()
            .organisations
            .insert(organisation.id, organisation.clone());
        Ok(())
    }

    async fn organisation(
        &mut self,
        group_id: GroupId,
        id: OrganisationId,
    ) -> Result<Option<Organisation>, PortError> {
        Ok(self
            .state()
            .organisations
            .get(&id)
            .filter(|o| o.group_id == group_id)
            .cloned())
    }

    async fn organisations(&mut self, group_id: GroupId) -> Result<Vec<Organisation>, PortError> {
        let mut organisations: Vec<_> = self
            .state()
            .organisations
            .values()
            .filter(|o| o.group_id == group_id)
            .cloned()
            .collect();
        organisations.sort_by_key(|o| (o.name.key(), o.id));
        Ok(organisations)
    }

    async fn insert_offer(&mut self, offer: &Offer) -> Result<(), PortError> {
        self.update_offer(offer).await
    }

    async fn offer(&mut self, group_id: GroupId, id: OfferId) -> Result<Option<Offer>, PortError> {
        Ok(self
            .state()
            .offers
            .get(&id)
            .filter(|o| o.group_id == group_id)
            .cloned())
    }

    async fn lock_offer(
        &mut self,
        group_id: GroupId,
        id: OfferId,
    ) -> Result<Option<Offer>, PortError> {
        // The whole store is already held by this transaction.
        self.offer(group_id, id).await
    }

    async fn offers_of(
        &mut self,
        group_id: GroupId,
        member_id: MemberId,
    ) -> Result<Vec<Offer>, PortError> {
        Ok(self
            .state()
            .offers
            .values()
            .filter(|o| o.group_id == group_id && o.member_id == member_id)
            .cloned()
            .collect())
    }

    async fn update_offer(&mut self, offer: &Offer) -> Result<(), PortError> {
        compare_and_set(
            &mut self.state_mut().offers,
            offer.id,
            offer.clone(),
            |o| o.version,
            "offer",
        )
    }

    async fn delete_offer(&mut self, group_id: GroupId, id: OfferId) -> Result<(), PortError> {
        let state = self.state_mut();
        if state
            .offers
            .get(&id)
            .is_some_and(|o| o.group_id == group_id)
        {
            state.offers.remove(&id);
        }
        Ok(())
    }

    async fn offer_has_requests(
        &mut self,
        group_id: GroupId,
        id: OfferId,
    ) -> Result<bool, PortError> {
        Ok(self
            .state()
            .requests
            .values()
            .any(|r| r.group_id == group_id && r.offer_id == id))
    }

    async fn insert_need(&mut self, need: &Need) -> Result<(), PortError> {
        self.update_need(need).await
    }

    async fn need(&mut self, group_id: GroupId, id: NeedId) -> Result<Option<Need>, PortError> {
        Ok(self
            .state()
            .needs
            .get(&id)
            .filter(|n| n.group_id == group_id)
            .cloned())
    }

    async fn needs_of(
        &mut self,
        group_id: GroupId,
        member_id: MemberId,
    ) -> Result<Vec<Need>, PortError> {
        Ok(self
            .state()
            .needs
            .values()
            .filter(|n| n.group_id == group_id && n.member_id == member_id)
            .cloned()
            .collect())
    }

    async fn update_need(&mut self, need: &Need) -> Result<(), PortError> {
        compare_and_set(
            &mut self.state_mut().needs,
            need.id,
            need.clone(),
            |n| n.version,
            "need",
        )
    }

    async fn delete_need(&mut self, group_id: GroupId, id: NeedId) -> Result<(), PortError> {
        let state = self.state_mut();
        if state.needs.get(&id).is_some_and(|n| n.group_id == group_id) {
            state.needs.remove(&id);
        }
        Ok(())
    }

    async fn need_has_requests(
        &mut self,
        group_id: GroupId,
        id: NeedId,
    ) -> Result<bool, PortError> {
        Ok(self
            .state()
            .requests
            .values()
            .any(|r| r.group_id == group_id && r.need_id == Some(id)))
    }

    async fn search_candidates(
        &mut self,
        group_id: GroupId,
        area_id: AreaId,
        within: Option<Bounds>,
        now: OffsetDateTime,
        recent_since: OffsetDateTime,
    ) -> Result<Vec<Candidate>, PortError> {
        let state = self.state();
        Ok(state
            .offers
            .values()
            .filter(|o| {
                o.group_id == group_id && o.area_id == area_id && o.status == OfferStatus::Active
            })
            .filter_map(|offer| {
                let member = state
                    .members
                    .get(&offer.member_id)
                    .filter(|m| m.status == MemberStatus::Active)
                    .filter(|m| {
                        within.is_none_or(|b| {
                            m.profile
                                .location
                                .as_ref()
                                .is_some_and(|l| b.contains(&l.position))
                        })
                    })?;
                let requests = state.requests.values().filter(|r| r.group_id == group_id);
                let open_requests = requests
                    .clone()
                    .filter(|r| r.offer_id == offer.id && holds_capacity(r, now))
                    .count();
                let recent_requests = requests
                    .filter(|r| r.helper_id == member.id && r.created_at >= recent_since)
                    .count();
                let organisation = member
                    .profile
                    .organisation_id
                    .and_then(|id| state.organisations.get(&id))
                    .map(|o| (o.id, o.name.clone()));
                Some(Candidate {
                    offer: offer.clone(),
                    helper: Helper {
                        member_id: member.id,
                        display_name: member.profile.display_name.clone(),
                        organisation,
                        job_title: member.profile.job_title.clone(),
                        position: member.profile.location.as_ref().map(|l| l.position),
                    },
                    open_requests: count(open_requests),
                    recent_requests: count(recent_requests),
                })
            })
            .collect())
    }

    async fn open_requests_for(
        &mut self,
        group_id: GroupId,
        offer_id: OfferId,
        now: OffsetDateTime,
    ) -> Result<u32, PortError> {
        Ok(count(
            self.state()
                .requests
                .values()
                .filter(|r| {
                    r.group_id == group_id && r.offer_id == offer_id && holds_capacity(r, now)
                })
                .count(),
        ))
    }

    async fn has_open_request(
        &mut self,
        group_id: GroupId,
        offer_id: OfferId,
        seeker_id: MemberId,
        now: OffsetDateTime,
    ) -> Result<bool, PortError> {
        Ok(self.state().requests.values().any(|r| {
            r.group_id == group_id
                && r.offer_id == offer_id
                && r.seeker_id == seeker_id
                && holds_capacity(r, now)
        }))
    }

    async fn insert_request(&mut self, request: &SupportRequest) -> Result<(), PortError> {
        self.update_request(request).await
    }

    async fn request(
        &mut self,
        group_id: GroupId,
        id: RequestId,
    ) -> Result<Option<SupportRequest>, PortError> {
        Ok(self
            .state()
            .requests
            .get(&id)
            .filter(|r| r.group_id == group_id)
            .cloned())
    }

    async fn update_request(&mut self, request: &SupportRequest) -> Result<(), PortError> {
        self.state_mut()
            .requests
            .insert(request.id, request.clone());
        Ok(())
    }

    async fn requests_of(
        &mut self,
        group_id: GroupId,
        member_id: MemberId,
        side: Side,
        status: Option<RequestStatus>,
        now: OffsetDateTime,
        page: PageRequest,
    ) -> Result<Vec<SupportRequest>, PortError> {
        let requests = self.state().requests.values().filter(|r| {
            let on_side = match side {
                Side::Seeker => r.seeker_id == member_id,
                Side::Helper => r.helper_id == member_id,
            };
            r.group_id == group_id && on_side && status.is_none_or(|s| status_at(r, now) == s)
        });
        Ok(page_of(requests.cloned(), |r| r.id.as_uuid(), page))
    }

    async fn insert_audit_event(&mut self, event: &AuditEvent) -> Result<(), PortError> {
        self.state_mut().audit.push(event.clone());
        Ok(())
    }

    async fn audit_events(
        &mut self,
        group_id: GroupId,
        page: PageRequest,
    ) -> Result<Vec<AuditEvent>, PortError> {
        let events = self
            .state()
            .audit
            .iter()
            .filter(|e| e.group_id == group_id)
            .cloned();
        Ok(page_of(events, |e| e.id.as_uuid(), page))
    }
}

/// The system clock, to the microsecond: the precision stores keep, so a time read back from a
/// store equals the time written.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        let now = OffsetDateTime::now_utc();
        now.replace_nanosecond(now.nanosecond() / 1000 * 1000)
            .unwrap_or(now)
    }
}

/// A clock that stands still until moved: for tests and simulations of expiry.
#[derive(Debug, Clone)]
pub struct ManualClock {
    now: Arc<std::sync::Mutex<OffsetDateTime>>,
}

impl ManualClock {
    /// A clock showing `start`. Clones share the same time.
    pub fn starting_at(start: OffsetDateTime) -> Self {
        Self {
            now: Arc::new(std::sync::Mutex::new(start)),
        }
    }

    /// Moves the clock forward.
    pub fn advance(&self, by: time::Duration) {
        let mut now = self
            .now
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        *self
            .now
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Ids that sort by creation time (UUID v7, in order within the process) and secrets from the
/// operating system's generator.
#[derive(Debug, Clone, Copy, Default)]
pub struct RandomIds;

impl IdSource for RandomIds {
    fn new_id(&self) -> Uuid {
        Uuid::now_v7()
    }

    fn random_bytes(&self) -> Result<[u8; 32], PortError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| {
            PortError::failed(
                "failed to read the system's random generator",
                e.to_string(),
            )
        })?;
        Ok(bytes)
    }
}

/// Ids counted up from one and secrets from a fixed sequence: repeatable runs for tests.
#[derive(Debug, Default)]
pub struct SequentialIds {
    next: AtomicU64,
}

impl IdSource for SequentialIds {
    fn new_id(&self) -> Uuid {
        Uuid::from_u128(u128::from(self.next.fetch_add(1, Ordering::Relaxed)) + 1)
    }

    fn random_bytes(&self) -> Result<[u8; 32], PortError> {
        let n = self.next.fetch_add(1, Ordering::Relaxed).to_le_bytes();
        let mut bytes = [0u8; 32];
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = n[i % 8] ^ u8::try_from(i).unwrap_or(0).wrapping_mul(37);
        }
        Ok(bytes)
    }
}
