//! Notifications: writing what someone must hear of into the outbox, in the transaction of the
//! change it tells of; delivering it after commit; and the periodic jobs (expiry of requests
//! nobody answered, weekly digests, the sweep of what has run out). Every job is safe to run in
//! several processes at once: each takes what it works on under a lock, and finds it done if
//! another run got there first.

use crate::accounts::{Accounts, AddressProof, PasswordReset, Sessions as _};
use crate::app::Collaborate;
use crate::error::{PortError, Result};
use crate::groups::{Groups as _, Invitations as _, Member};
use crate::notifications::{
    DIGEST_PERIOD, DeliveryPolicy, DeliveryRun, Lease, Letter, News, Notice, Outbox, OutboxMessage,
    Postman,
};
use crate::ports::{Clock, Environment, IdSource, Transaction};
use crate::requests::{Requests as _, Side};
use crate::taxonomy::Taxonomy as _;
use crate::values::{
    AccountId, DeliveryStatus, Email, GroupId, MemberStatus, MessageId, RequestStatus, SecretToken,
};
use std::collections::BTreeMap;
use time::{Duration, OffsetDateTime};

/// Requests one expiry pass takes in one transaction.
const EXPIRY_BATCH: u32 = 200;

/// How long sent and given-up messages stay for the operator to look at.
pub const SETTLED_MESSAGES_KEPT: Duration = Duration::days(30);

/// What one sweep removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    /// Sessions idle too long or too old.
    pub sessions: u32,
    /// Password resets past their hour.
    pub password_resets: u32,
    /// Address links past their day, registrations never finished among them.
    pub address_proofs: u32,
    /// Messages settled longer ago than [`SETTLED_MESSAGES_KEPT`].
    pub messages: u32,
}

/// Writes to the outbox that `member` must hear of `notice`, as their preference in the group
/// says (nothing at all when it is `off`).
pub(crate) async fn notify<T: Accounts + Outbox>(
    tx: &mut T,
    ids: &impl IdSource,
    member: &Member,
    notice: Notice,
    now: OffsetDateTime,
) -> Result<()> {
    let Some(status) = notice.first_status(member.notifications) else {
        return Ok(());
    };
    let Some(account) = tx.account(member.account_id).await? else {
        return Ok(());
    };
    tx.insert_message(&OutboxMessage::new(
        MessageId::from_uuid(ids.new_id()),
        Some(member.group_id),
        Some(account.id),
        account.email,
        notice,
        None,
        status,
        now,
    ))
    .await?;
    Ok(())
}

/// Writes to the outbox a message to an address that carries a secret link (an invitation, a
/// profile to claim, a password reset): it goes at once.
pub(crate) async fn send_link<T: Outbox>(
    tx: &mut T,
    ids: &impl IdSource,
    to: (Option<AccountId>, Email),
    group_id: Option<GroupId>,
    notice: Notice,
    secret: SecretToken,
    now: OffsetDateTime,
) -> Result<()> {
    tx.insert_message(&OutboxMessage::new(
        MessageId::from_uuid(ids.new_id()),
        group_id,
        to.0,
        to.1,
        notice,
        Some(secret),
        DeliveryStatus::Waiting,
        now,
    ))
    .await?;
    Ok(())
}

impl<E: Environment> Collaborate<E> {
    /// Delivers the messages due now, a batch at a time: each is claimed under a lease in one
    /// transaction, sent outside any transaction (slow work holds no lock), and settled in
    /// another — sent, tried again later, or given up. A message whose lease ran out while it was
    /// being sent belongs to whichever worker claimed it next; this one leaves it alone.
    ///
    /// # Errors
    /// Only [`crate::Error::Unexpected`], when the store fails.
    // Polled every few seconds: its span is at debug level, and a run that did something logs.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn deliver_due(
        &self,
        postman: &impl Postman,
        policy: &DeliveryPolicy,
    ) -> Result<DeliveryRun> {
        let now = self.clock.now();
        let lease = Lease {
            holder: self.ids.new_id(),
            until: now + policy.lease,
        };
        // The claim's transaction ends here: a store may hold its writer until a transaction is
        // dropped, and each settling below writes.
        let claimed = {
            let mut tx = self.write().await?;
            let claimed = tx.claim_due_messages(now, lease, policy.batch).await?;
            tx.commit().await?;
            claimed
        };
        let mut run = DeliveryRun::default();
        for message in claimed {
            let settled = match self.letter_for(&message).await? {
                None => message.dropped(self.clock.now()),
                Some(letter) => match postman.send(&letter).await {
                    Ok(()) if postman.keeps_letters_for_the_operator() => {
                        message.kept_for_the_operator(self.clock.now())
                    }
                    Ok(()) => message.sent(self.clock.now()),
                    Err(failure) => message.failed_attempt(failure.0, self.clock.now(), policy),
                },
            };
            let mut tx = self.write().await?;
            match tx.settle_message(&settled, lease.holder).await {
                Ok(()) => tx.commit().await?,
                Err(PortError::Stale(_)) => {
                    tracing::warn!(message = %settled.id, "lease ran out while sending; left to its new worker");
                    continue;
                }
                Err(other) => return Err(other.into()),
            }
            match settled.status {
                DeliveryStatus::Sent => run.sent += 1,
                DeliveryStatus::Waiting => run.retrying += 1,
                _ => run.failed += 1,
            }
        }
        if run != DeliveryRun::default() {
            tracing::info!(
                sent = run.sent,
                retrying = run.retrying,
                failed = run.failed,
                "delivered the outbox"
            );
        }
        Ok(run)
    }

    /// The letter a message makes, read afresh (names as they are now); none when what it told
    /// of is gone, or its recipient no longer belongs to the group it is about.
    async fn letter_for(&self, message: &OutboxMessage) -> Result<Option<Letter>> {
        let mut tx = self.read().await?;
        let account = match message.account_id {
            Some(id) => tx.account(id).await?,
            None => None,
        };
        let group = match message.group_id {
            Some(id) => tx.group(id).await?,
            None => None,
        };
        let notices = if message.notice == Notice::Digest {
            tx.gathered_into(message.id)
                .await?
                .into_iter()
                .map(|m| m.notice)
                .collect()
        } else {
            vec![message.notice]
        };
        let mut news = Vec::new();
        for notice in notices {
            news.extend(self.news_of(&mut tx, message, notice).await?);
        }
        if news.is_empty() {
            return Ok(None);
        }
        Ok(Some(Letter {
            message_id: message.id,
            to: message.to.clone(),
            name: account.as_ref().map(|a| a.display_name.clone()),
            language: account.and_then(|a| a.language),
            group: group.map(|g| (g.id, g.name)),
            news,
            digest: message.notice == Notice::Digest,
            secret: message.secret.clone(),
        }))
    }

    /// What one notice tells, with names; none when its subject is gone.
    async fn news_of(
        &self,
        tx: &mut crate::ports::Tx<E>,
        message: &OutboxMessage,
        notice: Notice,
    ) -> Result<Option<News>> {
        let group_id = message.group_id;
        let request_id = match notice {
            Notice::RequestReceived(id)
            | Notice::RequestMatched(id)
            | Notice::RequestWaiting(id)
            | Notice::RequestUnanswered(id)
            | Notice::RequestMoved { request_id: id, .. } => id,
            Notice::Invitation(_) => {
                let Some(secret) = &message.secret else {
                    return Ok(None);
                };
                let invitation = tx.invitation(&secret.hash()).await?;
                return Ok(invitation.map(|i| News::Invitation { role: i.role }));
            }
            Notice::ProfileToClaim(_) => return Ok(Some(News::ProfileToClaim)),
            Notice::PasswordReset => return Ok(Some(News::PasswordReset)),
            Notice::AddressProof => return Ok(Some(News::AddressProof)),
            Notice::AlreadyRegistered => return Ok(Some(News::AlreadyRegistered)),
            Notice::ConcernRaised(_) => return Ok(Some(News::ConcernRaised)),
            Notice::LessonPublished(id) => {
                let (Some(group_id), Some(account_id)) = (group_id, message.account_id) else {
                    return Ok(None);
                };
                return crate::peer_assists::lesson_news(tx, group_id, account_id, id).await;
            }
            Notice::PeerAssistInvitation(id)
            | Notice::PeerAssistReply(id)
            | Notice::PeerAssistScheduled(id)
            | Notice::PeerAssistMoved(id)
            | Notice::PeerAssistCancelled(id)
            | Notice::PeerAssistUpdate(id)
            | Notice::PeerAssistPlanned(id)
            | Notice::ActionDue(id)
            | Notice::ActionOverdue(id) => {
                let (Some(group_id), Some(account_id)) = (group_id, message.account_id) else {
                    return Ok(None);
                };
                let today = self.clock.now().date();
                return crate::peer_assists::peer_assist_news(
                    tx, group_id, account_id, id, notice, today,
                )
                .await;
            }
            Notice::Digest => return Ok(None),
        };
        let (Some(group_id), Some(account_id)) = (group_id, message.account_id) else {
            return Ok(None);
        };
        let still_here = tx
            .member_of(group_id, account_id)
            .await?
            .is_some_and(|m| matches!(m.status, MemberStatus::Active | MemberStatus::Suspended));
        let Some(request) = tx.request(group_id, request_id).await? else {
            return Ok(None);
        };
        let (Some(seeker), Some(helper), Some(area)) = (
            tx.member(group_id, request.seeker_id).await?,
            tx.member(group_id, request.helper_id).await?,
            tx.area(group_id, request.area_id).await?,
        ) else {
            return Ok(None);
        };
        if !still_here {
            return Ok(None);
        }
        let now = self.clock.now();
        let still_waiting = request.status_at(now) == RequestStatus::Pending;
        Ok(Some(match notice {
            // A reminder of a request answered or closed meanwhile tells nothing.
            Notice::RequestWaiting(_) | Notice::RequestUnanswered(_) if !still_waiting => {
                return Ok(None);
            }
            Notice::RequestWaiting(_) => News::RequestWaiting {
                request_id,
                from: seeker.profile.display_name,
                area: area.name,
                sent: request.created_at,
            },
            Notice::RequestUnanswered(_) => News::RequestUnanswered {
                request_id,
                helper: helper.profile.display_name,
                area: area.name,
                expires: request.expires_at,
            },
            Notice::RequestMoved { status, .. } => News::RequestMoved {
                request_id,
                status,
                about_need: seeker.account_id == account_id && request.asks_about_need(),
                by: if seeker.account_id == account_id {
                    helper.profile.display_name
                } else {
                    seeker.profile.display_name
                },
                area: area.name,
            },
            Notice::RequestMatched(_) => News::RequestMatched {
                request_id,
                helper: helper.profile.display_name,
                area: area.name,
                mode: request.mode,
            },
            _ => News::RequestReceived {
                request_id,
                from: seeker.profile.display_name,
                area: area.name,
                mode: request.mode,
                matched: request.proposal_id.is_some(),
            },
        }))
    }

    /// Moves every pending request past its time to `expired` and tells its seeker. Safe to run
    /// in several processes at once: each takes requests no other run holds, and a request
    /// expired already is not pending any more.
    ///
    /// # Errors
    /// Only [`crate::Error::Unexpected`], when the store fails.
    #[tracing::instrument(skip_all)]
    pub async fn expire_overdue_requests(&self) -> Result<u32> {
        let mut expired = 0;
        loop {
            let now = self.clock.now();
            let mut tx = self.write().await?;
            let overdue = tx.overdue_requests(now, EXPIRY_BATCH).await?;
            let taken = overdue.len();
            for mut request in overdue {
                if !request.expire_if_due(now) {
                    continue;
                }
                tx.update_request(&request).await?;
                if let Some(seeker) = tx.member(request.group_id, request.seeker_id).await? {
                    let notice = Notice::RequestMoved {
                        request_id: request.id,
                        status: RequestStatus::Expired,
                    };
                    notify(&mut tx, &self.ids, &seeker, notice, now).await?;
                }
                expired += 1;
            }
            tx.commit().await?;
            if taken < EXPIRY_BATCH as usize {
                break;
            }
        }
        tracing::info!(expired, "expired the requests nobody answered in time");
        Ok(expired)
    }

    /// Reminds each side of the requests still waiting for their helper's answer, once each:
    /// the helper after three days, the seeker after five, so they may ask someone else
    /// ([`SupportRequest::reminders_due`]), each by their email choice. Safe to run in several
    /// processes at once: each takes requests no other run holds, and marks them reminded in
    /// the same transaction.
    ///
    /// # Errors
    /// Only [`crate::Error::Unexpected`], when the store fails.
    #[tracing::instrument(skip_all)]
    pub async fn remind_waiting_requests(&self) -> Result<u32> {
        let mut reminded = 0;
        loop {
            let now = self.clock.now();
            let mut tx = self.write().await?;
            let due = tx.requests_to_remind(now, EXPIRY_BATCH).await?;
            let taken = due.len();
            for mut request in due {
                for side in request.reminders_due(now) {
                    request.remind(side, now);
                    let (whom, notice) = match side {
                        Side::Helper => (request.helper_id, Notice::RequestWaiting(request.id)),
                        Side::Seeker => (request.seeker_id, Notice::RequestUnanswered(request.id)),
                    };
                    if let Some(member) = tx.member(request.group_id, whom).await? {
                        notify(&mut tx, &self.ids, &member, notice, now).await?;
                    }
                    reminded += 1;
                }
                tx.update_request(&request).await?;
            }
            tx.commit().await?;
            if taken < EXPIRY_BATCH as usize {
                break;
            }
        }
        tracing::info!(
            reminded,
            "reminded the sides of requests still waiting for an answer"
        );
        Ok(reminded)
    }

    /// Gathers the held messages of every recipient whose oldest one has waited a week into one
    /// digest each. Safe to run in several processes at once: the held messages are locked, and
    /// a second run finds them gathered.
    ///
    /// # Errors
    /// Only [`crate::Error::Unexpected`], when the store fails.
    #[tracing::instrument(skip_all)]
    pub async fn gather_digests(&self) -> Result<u32> {
        let now = self.clock.now();
        let mut tx = self.write().await?;
        let mut by_recipient: BTreeMap<_, Vec<OutboxMessage>> = BTreeMap::new();
        for message in tx.held_messages(now - DIGEST_PERIOD).await? {
            by_recipient
                .entry((message.account_id, message.group_id))
                .or_default()
                .push(message);
        }
        let digests = u32::try_from(by_recipient.len()).unwrap_or(u32::MAX);
        for ((account_id, group_id), held) in by_recipient {
            let Some(to) = held.first().map(|m| m.to.clone()) else {
                continue;
            };
            let digest = OutboxMessage::new(
                MessageId::from_uuid(self.ids.new_id()),
                group_id,
                account_id,
                to,
                Notice::Digest,
                None,
                DeliveryStatus::Waiting,
                now,
            );
            tx.insert_message(&digest).await?;
            for message in held {
                tx.update_message(&OutboxMessage {
                    status: DeliveryStatus::Gathered,
                    digest_id: Some(digest.id),
                    ..message
                })
                .await?;
            }
        }
        tx.commit().await?;
        tracing::info!(digests, "gathered the weekly digests");
        Ok(digests)
    }

    /// Removes what has run out: dead sessions, password resets past their hour, address links
    /// (and the registrations they would finish) past their day, and messages
    /// settled more than [`SETTLED_MESSAGES_KEPT`] ago.
    ///
    /// # Errors
    /// Only [`crate::Error::Unexpected`], when the store fails.
    #[tracing::instrument(skip_all)]
    pub async fn sweep(&self) -> Result<Swept> {
        let now = self.clock.now();
        let mut tx = self.write().await?;
        let swept = Swept {
            sessions: tx
                .delete_dead_sessions(
                    now - self.sessions.idle_timeout,
                    now - self.sessions.absolute_lifetime,
                )
                .await?,
            password_resets: tx
                .delete_password_resets_before(now - PasswordReset::LIFETIME)
                .await?,
            address_proofs: tx
                .delete_address_proofs_before(now - AddressProof::LIFETIME)
                .await?,
            messages: tx
                .delete_messages_settled_before(now - SETTLED_MESSAGES_KEPT)
                .await?,
        };
        tx.commit().await?;
        tracing::info!(
            sessions = swept.sessions,
            password_resets = swept.password_resets,
            address_proofs = swept.address_proofs,
            messages = swept.messages,
            "swept what has run out"
        );
        Ok(swept)
    }

    /// The latest messages of the outbox, of one status or any, newest first: for the operator.
    ///
    /// # Errors
    /// Only [`crate::Error::Unexpected`], when the store fails.
    #[tracing::instrument(skip_all)]
    pub async fn outbox(
        &self,
        status: Option<DeliveryStatus>,
        limit: u32,
    ) -> Result<Vec<OutboxMessage>> {
        Ok(self.read().await?.recent_messages(status, limit).await?)
    }

    /// How many messages of the outbox stand in each status, every status named (none with 0):
    /// the depth the operator's metrics show.
    ///
    /// # Errors
    /// Only [`crate::Error::Unexpected`], when the store fails.
    #[tracing::instrument(skip_all)]
    pub async fn outbox_depth(&self) -> Result<Vec<(DeliveryStatus, u64)>> {
        let counted = self.read().await?.count_messages().await?;
        Ok(DeliveryStatus::ALL
            .iter()
            .map(|status| {
                let n = counted
                    .iter()
                    .find(|(s, _)| s == status)
                    .map_or(0, |(_, n)| *n);
                (*status, n)
            })
            .collect())
    }

    /// The letter a message makes, as it would be sent now, for the operator to read or hand
    /// on (`collaborate outbox --show`): a server without a mail server keeps its messages'
    /// links for this, and writes none to its log.
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] for an unknown message, [`crate::Error::Conflict`] for one
    /// whose letter is gone (what it was about, or its link, no longer is).
    #[tracing::instrument(skip_all)]
    pub async fn letter(&self, id: MessageId) -> Result<Letter> {
        let message = self
            .read()
            .await?
            .message(id)
            .await?
            .ok_or(crate::Error::NotFound("message"))?;
        self.letter_for(&message).await?.ok_or_else(|| {
            crate::Error::conflict(
                crate::ConflictReason::WrongState,
                "this message has nothing left to say: what it was about is gone, or its link \
                 was used, withdrawn or sent already",
            )
        })
    }

    /// Sends a failed message again (the operator's call, once what made it fail is mended).
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] for an unknown message, [`crate::Error::Conflict`] for one
    /// that has not failed.
    #[tracing::instrument(skip_all)]
    pub async fn retry_message(&self, id: MessageId) -> Result<OutboxMessage> {
        let mut tx = self.write().await?;
        let message = tx
            .message(id)
            .await?
            .ok_or(crate::Error::NotFound("message"))?
            .retried(self.clock.now())?;
        tx.update_message(&message).await?;
        tx.commit().await?;
        Ok(message)
    }
}

/// Tells the other side of a request that it moved.
pub(crate) async fn tell_other_side<T: Transaction>(
    tx: &mut T,
    ids: &impl IdSource,
    request: &crate::requests::SupportRequest,
    mover: crate::requests::Side,
    now: OffsetDateTime,
) -> Result<()> {
    let other = request.counterpart_of(mover);
    if let Some(member) = tx.member(request.group_id, other).await? {
        let notice = Notice::RequestMoved {
            request_id: request.id,
            status: request.status,
        };
        notify(tx, ids, &member, notice, now).await?;
    }
    Ok(())
}
