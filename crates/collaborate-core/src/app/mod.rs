//! The application: [`Collaborate`], wired to its ports, and what every part's use cases share
//! (opening a transaction, the caller's membership, the audit helper, paging through a port).
//! The use cases themselves live in their parts, one method each: each opens one transaction,
//! checks who is acting and what they may do, applies the rules, and commits whole — or returns
//! an error and changes nothing.

use crate::accounts::{Accounts, AddressCheck, SessionPolicy};
use crate::audit::{Actor, AuditAction, AuditEvent, AuditTrail};
use crate::error::{Error, Result};
use crate::groups::{Group, GroupCreators, Groups, Member};
use crate::ports::{Access, Clock, Environment, IdSource, PasswordHasher, Ports, Store, Tx};
use crate::values::{AccountId, AuditEventId, GroupId, MemberId, MemberStatus, Role, Version};
use time::OffsetDateTime;

/// Collaborate, wired to its environment: the store, the password hasher, the clock and the id
/// source.
pub struct Collaborate<E: Environment> {
    pub(crate) store: E::Store,
    pub(crate) hasher: E::Hasher,
    pub(crate) clock: E::Clock,
    pub(crate) ids: E::Ids,
    pub(crate) sessions: SessionPolicy,
    pub(crate) addresses: AddressCheck,
    pub(crate) group_creators: GroupCreators,
}

impl<S, H, C, I> Collaborate<Ports<S, H, C, I>>
where
    S: Store,
    H: PasswordHasher,
    C: Clock,
    I: IdSource,
{
    /// Wires the application to its ports, with the default session policy.
    pub fn new(store: S, hasher: H, clock: C, ids: I) -> Self {
        Self {
            store,
            hasher,
            clock,
            ids,
            sessions: SessionPolicy::default(),
            addresses: AddressCheck::default(),
            group_creators: GroupCreators::default(),
        }
    }
}

impl<E: Environment> Collaborate<E> {
    /// The application checking addresses as `check` says (by default it does not: only a
    /// server that sends email can).
    pub fn checking_addresses(self, check: AddressCheck) -> Self {
        Self {
            addresses: check,
            ..self
        }
    }

    /// The application letting only `creators` create groups (by default, anyone).
    pub fn restricting_group_creation(self, creators: GroupCreators) -> Self {
        Self {
            group_creators: creators,
            ..self
        }
    }

    /// Refuses what needs a confirmed address when the caller's is not (where addresses are
    /// checked; elsewhere nothing is read).
    ///
    /// # Errors
    /// [`Error::Unauthenticated`] when the account no longer exists,
    /// [`Error::AddressUnconfirmed`] when its address is not confirmed and must be.
    pub(crate) async fn check_address<T: Accounts>(
        &self,
        tx: &mut T,
        account_id: AccountId,
    ) -> Result<()> {
        if self.addresses == AddressCheck::Unchecked {
            return Ok(());
        }
        let account = tx
            .account(account_id)
            .await?
            .ok_or(Error::Unauthenticated)?;
        self.addresses.require_confirmed(&account)
    }

    /// How long sessions live, for adapters that hand sessions out (a cookie's lifetime).
    pub fn session_policy(&self) -> SessionPolicy {
        self.sessions
    }

    /// Whether the store answers, for a readiness check.
    ///
    /// # Errors
    /// [`Error::Port`] when it does not.
    #[tracing::instrument(skip_all)]
    pub async fn ping(&self) -> Result<()> {
        Ok(self.store.ping().await?)
    }

    /// Appends to the group's trail that the member `actor` did `action` at `at`.
    pub(crate) async fn record<T: AuditTrail>(
        &self,
        tx: &mut T,
        group_id: GroupId,
        actor: MemberId,
        at: OffsetDateTime,
        action: AuditAction,
    ) -> Result<()> {
        self.record_as(tx, group_id, Actor::Member(actor), at, action)
            .await
    }

    /// Appends to the group's trail that `actor` (a member, or the system) did `action` at
    /// `at`: every event of the trail is written here.
    pub(crate) async fn record_as<T: AuditTrail>(
        &self,
        tx: &mut T,
        group_id: GroupId,
        actor: Actor,
        at: OffsetDateTime,
        action: AuditAction,
    ) -> Result<()> {
        tx.insert_audit_event(&AuditEvent {
            id: AuditEventId::from_uuid(self.ids.new_id()),
            group_id,
            actor,
            at,
            action,
        })
        .await?;
        Ok(())
    }

    pub(crate) async fn read(&self) -> Result<Tx<E>> {
        Ok(self.store.begin(Access::Read).await?)
    }

    pub(crate) async fn write(&self) -> Result<Tx<E>> {
        Ok(self.store.begin(Access::Write).await?)
    }
}

/// What a use case requires of the caller's membership.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Clearance {
    /// Reading one's own data: a suspended member may.
    OwnData,
    /// Anything else a member does.
    Active,
    /// What only an active admin does.
    Admin,
}

/// The group and the caller's membership of it, if the caller may act there as `clearance` asks.
///
/// # Errors
/// [`Error::NotFound`] for a group that does not exist or that the caller is not in (or left),
/// [`Error::Suspended`] for a suspended member beyond their own data, [`Error::Forbidden`] for a
/// member doing an admin's work.
pub(crate) async fn membership<T: Groups>(
    tx: &mut T,
    group_id: GroupId,
    account_id: AccountId,
    clearance: Clearance,
) -> Result<(Group, Member)> {
    let member = tx
        .member_of(group_id, account_id)
        .await?
        .filter(|m| matches!(m.status, MemberStatus::Active | MemberStatus::Suspended))
        .ok_or(Error::NotFound("group"))?;
    if member.status == MemberStatus::Suspended && clearance != Clearance::OwnData {
        return Err(Error::Suspended);
    }
    if clearance == Clearance::Admin && member.role != Role::Admin {
        return Err(Error::Forbidden("only the group's admins may do this"));
    }
    let group = tx.group(group_id).await?.ok_or(Error::NotFound("group"))?;
    Ok((group, member))
}

/// Every item a paged port call gives, page after page, as one list (items have an `id`):
/// `every_page!(page => tx.some_list(.., page))`.
macro_rules! every_page {
    ($page:ident => $fetch:expr) => {{
        let mut $page = crate::paging::PageRequest::default();
        let mut all = Vec::new();
        loop {
            let next =
                crate::paging::Page::from_fetched($fetch.await?, &$page, |item| item.id.as_uuid());
            all.extend(next.items);
            match next.next_cursor {
                Some(after) => $page.after = Some(after),
                None => break all,
            }
        }
    }};
}
pub(crate) use every_page;

/// Refuses an edit made to an older version than `current`.
///
/// # Errors
/// [`Error::Stale`] when `edited` is given and is not `current`.
pub(crate) fn check_version(edited: Option<Version>, current: Version) -> Result<()> {
    match edited {
        Some(v) if v != current => Err(Error::Stale(format!(
            "this was changed meanwhile (now version {}, you edited version {}): reload and try again",
            current.get(),
            v.get()
        ))),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests;
