//! Data rights: a person downloads everything stored about them, or erases their account.

use crate::accounts::{Accounts as _, Sessions as _};
use crate::app::{Collaborate, every_page};
use crate::audit::use_cases::reveals_of;
use crate::audit::{AuditAction, AuditFilter};
use crate::concerns::ConcernFilter;
use crate::error::{ConflictReason, Error, Result};
use crate::groups::use_cases::{close_what_is_open, every_request};
use crate::groups::{Group, Groups as _, Invitations as _, Member};
use crate::notifications::Outbox as _;
use crate::peer_assists::PeerAssistFilter;
use crate::ports::{Clock, Environment, PasswordHasher, Store as _, Transaction};
use crate::requests::Side;
use crate::rights::{
    AccountRecord, ConcernRecord, InvitationRecord, MembershipRecord, MyData, PeerAssistRecord,
    SessionRecord, erase_words_in_concern, erase_words_of, erased_account, erased_profile,
    erased_topic, is_own_history,
};
use crate::values::{AccountId, InvalidValue, MemberStatus, Password};
use time::OffsetDateTime;

impl<E: Environment> Collaborate<E> {
    /// Everything stored about the caller, in every group they belong or belonged to; each of
    /// those groups' trails records the export.
    ///
    /// # Errors
    /// [`Error::Unauthenticated`] when the account is gone.
    #[tracing::instrument(skip_all)]
    pub async fn export_my_data(&self, account_id: AccountId) -> Result<MyData> {
        let now = self.clock.now();
        let mut tx = self.write().await?;
        let account = tx
            .account(account_id)
            .await?
            .ok_or(Error::Unauthenticated)?;
        let sessions = tx
            .sessions_of(account_id)
            .await?
            .into_iter()
            .map(|s| SessionRecord {
                created_at: s.created_at,
                last_seen_at: s.last_seen_at,
            })
            .collect();
        let mut memberships = Vec::new();
        // A place not yet taken up is the group's pre-load, not yet the person's: whoever holds
        // the account sees nothing of it until they accept its invitation.
        let taken_up = tx
            .memberships_of(account_id)
            .await?
            .into_iter()
            .filter(|(_, member)| member.status != MemberStatus::Invited);
        for (group, member) in taken_up {
            let record = membership_record(&mut tx, group, member, now).await?;
            let exported = AuditAction::DataExported {
                subject_id: record.member.id,
            };
            self.record(&mut tx, record.group_id, record.member.id, now, exported)
                .await?;
            memberships.push(record);
        }
        let invitations = tx
            .invitations_to(&account.email)
            .await?
            .iter()
            .map(InvitationRecord::of)
            .collect();
        let identities = tx.identities_of(account_id).await?;
        tx.commit().await?;
        Ok(MyData {
            account: AccountRecord::of(&account),
            sessions,
            memberships,
            invitations,
            identities,
        })
    }

    /// Erases the caller's account, once they confirm it with their password: in every group,
    /// what was open is closed as on leaving, their profile, offers', needs' and requests' words
    /// are removed (offers and needs no request names are deleted), and each group's trail
    /// records the erasure; invitations to their address are deleted, their sessions ended,
    /// every reset link still out used up, and the account keeps nothing that names or reaches
    /// them; the store then forgets the copies it kept of what was removed. Requests, their areas, statuses and
    /// ratings stay, so the other side's history and the reports stay true.
    ///
    /// # Errors
    /// [`Error::Invalid`] for `password` when it is not the account's; [`Error::Conflict`]
    /// `last_admin` while they are the last active admin of a group; [`Error::Stale`] when the
    /// password changed meanwhile.
    #[tracing::instrument(skip_all)]
    pub async fn erase_account(&self, account_id: AccountId, password: &Password) -> Result<()> {
        // The slow check runs outside any transaction, as at sign-in.
        let checked = self
            .read()
            .await?
            .account(account_id)
            .await?
            .ok_or(Error::Unauthenticated)?;
        if !self
            .hasher
            .verify(password, checked.password_hash.clone())
            .await
        {
            return Err(InvalidValue::new("password", "is not this account's password").into());
        }
        let now = self.clock.now();
        let mut tx = self.write().await?;
        let account = tx
            .account(account_id)
            .await?
            .ok_or(Error::Unauthenticated)?;
        if account.password_hash != checked.password_hash {
            return Err(Error::Stale(
                "the password changed while the erasure was being confirmed: try again".into(),
            ));
        }
        let memberships = tx.memberships_of(account_id).await?;
        for (group, member) in &memberships {
            tx.lock_group(group.id).await?;
            if member.is_active_admin() && tx.count_active_admins(group.id).await? <= 1 {
                return Err(Error::conflict(
                    ConflictReason::LastAdmin,
                    format!(
                        "you are the last active admin of {}: make someone else an admin first",
                        group.name
                    ),
                ));
            }
        }
        for (_, member) in memberships {
            close_what_is_open(&mut tx, &self.ids, &member, now).await?;
            erase_membership(&mut tx, &member, now).await?;
            let erased = AuditAction::AccountErased {
                subject_id: member.id,
            };
            self.record(&mut tx, member.group_id, member.id, now, erased)
                .await?;
        }
        let mut addresses = vec![account.email.clone()];
        for invitation in tx.invitations_to(&account.email).await? {
            tx.delete_invitation(invitation.id).await?;
            addresses.push(invitation.email);
        }
        tx.delete_sessions_of(account_id).await?;
        tx.delete_identities_of(account_id).await?;
        tx.use_password_resets_of(account_id, now).await?;
        for address in &addresses {
            tx.delete_address_proofs_for(address).await?;
        }
        tx.delete_messages_to(account_id, &addresses).await?;
        tx.update_account(&erased_account(&account)?).await?;
        tx.commit().await?;
        self.store.forget_erased().await?;
        Ok(())
    }
}

/// One membership with all its person keeps in the group.
async fn membership_record<T: Transaction>(
    tx: &mut T,
    group: Group,
    member: Member,
    now: OffsetDateTime,
) -> Result<MembershipRecord> {
    let offers = tx.offers_of(group.id, member.id).await?;
    let needs = tx.needs_of(group.id, member.id).await?;
    let mut requests = every_request(tx, &member, Side::Seeker, None, now).await?;
    requests.extend(every_request(tx, &member, Side::Helper, None, now).await?);
    requests.sort_by_key(|r| r.id);
    let reveals_filter = AuditFilter::reveals_of(member.id);
    let reveals = every_page!(page => tx.audit_events(group.id, &reveals_filter, page));
    let reveals = reveals_of(tx, group.id, reveals).await?;
    let about_them = AuditFilter {
        subject_id: Some(member.id),
        ..AuditFilter::default()
    };
    let history: Vec<_> = every_page!(page => tx.audit_events(group.id, &about_them, page));
    let history = history
        .into_iter()
        .filter(|e| is_own_history(e, &member))
        .collect();
    let raised = ConcernFilter {
        raised_by: Some(member.id),
        ..ConcernFilter::default()
    };
    let concerns_raised: Vec<_> = every_page!(page => tx.concerns(group.id, &raised, page));
    let concerns_raised = concerns_raised.into_iter().map(ConcernRecord::of).collect();
    let involving = PeerAssistFilter {
        involving: Some(member.id),
        ..PeerAssistFilter::default()
    };
    let peer_assists: Vec<_> = every_page!(page => tx.peer_assists(group.id, &involving, page));
    let peer_assists = peer_assists
        .iter()
        .map(|p| PeerAssistRecord::of(p, member.id))
        .collect();
    let lessons: Vec<_> =
        every_page!(page => tx.lessons(group.id, &std::collections::BTreeSet::new(), page));
    let lessons = lessons
        .into_iter()
        .filter(|l| l.convenor == member.id)
        .collect();
    Ok(MembershipRecord {
        group_id: group.id,
        group_name: group.name,
        member,
        offers,
        needs,
        requests,
        reveals,
        history,
        concerns_raised,
        peer_assists,
        lessons,
    })
}

/// Removes the personal data of one membership, closed already: its profile, the words of its
/// offers, needs and requests, of the concerns it raised and of the notes it wrote as a lead,
/// what it wrote in Peer Assists (those it convened keep their meeting, without its words) and
/// the lessons it published.
/// Offers and needs no request names are deleted outright.
async fn erase_membership<T: Transaction>(
    tx: &mut T,
    member: &Member,
    now: OffsetDateTime,
) -> Result<()> {
    let group_id = member.group_id;
    for offer in tx.offers_of(group_id, member.id).await? {
        if tx.offer_has_requests(group_id, offer.id).await? {
            let mut erased = offer.clone();
            erased.topic = erased_topic(&offer.topic)?;
            erased.version = offer.version.next();
            tx.update_offer(&erased).await?;
        } else {
            tx.delete_offer(group_id, offer.id).await?;
        }
    }
    for need in tx.needs_of(group_id, member.id).await? {
        if tx.need_has_requests(group_id, need.id).await? {
            let mut erased = need.clone();
            erased.topic = erased_topic(&need.topic)?;
            erased.version = need.version.next();
            tx.update_need(&erased).await?;
        } else {
            tx.delete_need(group_id, need.id).await?;
        }
    }
    for side in [Side::Seeker, Side::Helper] {
        for mut request in every_request(tx, member, side, None, now).await? {
            let before = request.clone();
            erase_words_of(&mut request, side)?;
            if request != before {
                tx.update_request(&request).await?;
            }
        }
    }
    let every_concern: Vec<_> =
        every_page!(page => tx.concerns(group_id, &ConcernFilter::default(), page));
    for concern in every_concern {
        if let Some(erased) = erase_words_in_concern(&concern, member.id)? {
            tx.update_concern(&erased).await?;
        }
    }
    let involving = PeerAssistFilter {
        involving: Some(member.id),
        ..PeerAssistFilter::default()
    };
    let peer_assists: Vec<_> = every_page!(page => tx.peer_assists(group_id, &involving, page));
    for peer_assist in peer_assists {
        if peer_assist.holds_words_of(member.id) {
            tx.update_peer_assist(&peer_assist.without(member.id, now))
                .await?;
        }
    }
    tx.delete_lessons_of(group_id, member.id).await?;
    let current = tx
        .member(group_id, member.id)
        .await?
        .ok_or(Error::NotFound("member"))?;
    tx.update_member(&Member {
        profile: erased_profile(&current.profile)?,
        status: if current.status == MemberStatus::Removed {
            MemberStatus::Removed
        } else {
            MemberStatus::Left
        },
        version: current.version.next(),
        ..current
    })
    .await?;
    Ok(())
}
