//! The record of contribution, as a member reads, prints or downloads it.

use super::{Contribution, HelpDone, PeerAssistTakenPart};
use crate::app::{Clearance, Collaborate, every_page, membership};
use crate::error::Result;
use crate::groups::use_cases::every_request;
use crate::peer_assists::{PeerAssistFilter, PeerAssists as _};
use crate::ports::{Clock, Environment};
use crate::requests::Side;
use crate::taxonomy::Taxonomy as _;
use crate::values::{AccountId, GroupId, RequestStatus};
use std::collections::BTreeMap;

impl<E: Environment> Collaborate<E> {
    /// The caller's record of contribution in the group: the requests they completed as helper
    /// and as seeker, and the Peer Assists held that they took part in. Read on one snapshot; a
    /// suspended member may read theirs.
    ///
    /// # Errors
    /// The errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn my_contribution(
        &self,
        account_id: AccountId,
        group_id: GroupId,
    ) -> Result<Contribution> {
        let now = self.clock.now();
        let mut tx = self.read().await?;
        let (group, me) = membership(&mut tx, group_id, account_id, Clearance::OwnData).await?;
        let areas: BTreeMap<_, _> = tx
            .areas(group_id)
            .await?
            .into_iter()
            .map(|a| (a.id, a.name))
            .collect();
        let completed = Some(RequestStatus::Completed);
        let mut sides = Vec::with_capacity(2);
        for side in [Side::Helper, Side::Seeker] {
            let requests = every_request(&mut tx, &me, side, completed, now).await?;
            sides.push(
                requests
                    .iter()
                    .filter_map(|r| HelpDone::of(r, &areas))
                    .collect::<Vec<_>>(),
            );
        }
        let received = sides.pop().unwrap_or_default();
        let given = sides.pop().unwrap_or_default();
        let mine = PeerAssistFilter {
            involving: Some(me.id),
            ..PeerAssistFilter::default()
        };
        let peer_assists: Vec<_> = every_page!(page => tx.peer_assists(group_id, &mine, page));
        let taken_part = peer_assists
            .iter()
            .filter_map(|p| PeerAssistTakenPart::of(p, me.id))
            .collect();
        Ok(Contribution::new(
            me.profile.display_name,
            group.name,
            now,
            given,
            received,
            taken_part,
        ))
    }
}
