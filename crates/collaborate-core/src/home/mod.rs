//! What waits for a member in a group: the requests they are to answer, the feedback they owe,
//! the concerns open for a lead and the invitations still out for an admin, for their home.

use crate::app::{Clearance, Collaborate, membership};
use crate::concerns::{ConcernFilter, Concerns as _, is_lead};
use crate::error::Result;
use crate::groups::Invitations as _;
use crate::paging::PageRequest;
use crate::ports::{Clock, Environment};
use crate::requests::{Requests as _, Side};
use crate::values::{AccountId, ConcernStatus, GroupId, Limit, RequestStatus};

/// What waits for one member, each counted up to [`Waiting::MOST`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Waiting {
    /// Requests asked of them, still waiting for their answer.
    pub to_answer: u32,
    /// Their completed requests whose feedback they have not given.
    pub feedback_owed: u32,
    /// Open concerns they may read as a lead (none about themselves); zero for others.
    pub concerns_open: u32,
    /// The group's pending invitations, for an active admin; zero for others.
    pub invitations_pending: u32,
}

impl Waiting {
    /// The most of each that is counted: beyond it a home says "100 or more" in effect.
    pub const MOST: u32 = 100;
}

impl<E: Environment> Collaborate<E> {
    /// What waits for the caller in the group.
    ///
    /// # Errors
    /// The errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn waiting_for_me(
        &self,
        account_id: AccountId,
        group_id: GroupId,
    ) -> Result<Waiting> {
        let now = self.clock.now();
        let mut tx = self.read().await?;
        let (_, me) = membership(&mut tx, group_id, account_id, Clearance::OwnData).await?;
        let page = PageRequest {
            limit: Limit::new(i64::from(Waiting::MOST))?,
            after: None,
        };
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX).min(Waiting::MOST);
        let asked = tx
            .requests_of(
                group_id,
                me.id,
                Side::Helper,
                Some(RequestStatus::Pending),
                now,
                page,
            )
            .await?;
        let completed = tx
            .requests_of(
                group_id,
                me.id,
                Side::Seeker,
                Some(RequestStatus::Completed),
                now,
                page,
            )
            .await?;
        let feedback_owed = completed
            .iter()
            .filter(|r| r.awaits_feedback_from(Side::Seeker))
            .count();
        let named = tx.named_leads(group_id).await?.contains(&me.id);
        let concerns_open = if is_lead(&me, named) {
            let open = ConcernFilter {
                status: Some(ConcernStatus::Open),
                seen_by: Some(me.id),
                ..ConcernFilter::default()
            };
            count(tx.concerns(group_id, &open, page).await?.len())
        } else {
            0
        };
        let invitations_pending = if me.is_active_admin() {
            count(tx.pending_invitations(group_id, now).await?.len())
        } else {
            0
        };
        Ok(Waiting {
            to_answer: count(asked.len()),
            feedback_owed: count(feedback_owed),
            concerns_open,
            invitations_pending,
        })
    }
}
