//! Support requests: sending one (contributors only), seeing one's requests, moving them through
//! their lifecycle, and feedback. Contact details go only to the two sides: making a request
//! supplies each side with the other's, and that is audited in the same transaction; reading a
//! request later changes nothing.

use crate::app::{Clearance, Collaborate, membership};
use crate::audit::AuditAction;
use crate::error::{ConflictReason, Error, Result};
use crate::groups::use_cases::every_request;
use crate::groups::{Group, Groups as _, Member};
use crate::notifications::Notice;
use crate::notifications::use_cases::{notify, tell_other_side};
use crate::offers::{Offer, OffersAndNeeds as _, Standing};
use crate::paging::{Page, PageRequest};
use crate::ports::{Clock, Environment, IdSource, Transaction, Tx};
use crate::requests::{
    Feedback, NewFeedback, NewRequest, Reminded, RequestDetails, RequestFilter, Requests, Side,
    SupportRequest, Transition,
};
use crate::search::spare_capacity;
use crate::values::{
    AccountId, AreaId, DisplayName, GroupId, InvalidValue, MemberId, MemberStatus, NeedAnswer,
    NeedStatus, OfferStatus, ProposalId, RequestId, RequestStatus,
};
use std::collections::BTreeSet;
use time::{Duration, OffsetDateTime};

/// Who asks whom about which offer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Asked<'a> {
    /// The seeker.
    pub seeker: &'a Member,
    /// The helper.
    pub helper: &'a Member,
    /// Their offer.
    pub offer: &'a Offer,
    /// The proposal an admin confirmed, when it is not the seeker who asks.
    pub proposal: Option<ProposalId>,
}

/// A request in one of the caller's lists, with the name the other side goes by now.
#[derive(Debug, Clone, PartialEq)]
pub struct ListedRequest {
    /// The request (past its time, it reads as expired).
    pub request: SupportRequest,
    /// The other side's name; none if they are no longer in the group's records.
    pub other: Option<DisplayName>,
}

impl<E: Environment> Collaborate<E> {
    /// Sends a request about an offer. Needs contributor standing; the offer must be someone
    /// else's, active, with capacity left, and offer the mode asked. Each side is supplied with
    /// the other's contact details (the seeker in the answer), and both reveals are audited.
    ///
    /// # Errors
    /// [`Error::ReciprocityRequired`], [`Error::AddressUnconfirmed`] when addresses are checked
    /// and the seeker's is not confirmed, [`Error::NotFound`] for an offer not of this group,
    /// [`Error::Forbidden`] for one's own offer, [`Error::Invalid`] for a mode the offer lacks or a
    /// need that is not the seeker's open need, [`Error::Conflict`] when the offer is paused, at
    /// capacity, its helper is away, the seeker already has an open request on it, or has
    /// reached the group's limits on open requests or requests a day.
    #[tracing::instrument(skip_all)]
    pub async fn create_request(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        new: NewRequest,
    ) -> Result<RequestDetails> {
        let now = self.clock.now();
        let mut tx = self.write().await?;
        let (group, seeker) = membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        self.check_address(&mut tx, account_id).await?;
        let own_offers = tx.offers_of(group_id, seeker.id).await?;
        Standing::of(&own_offers, group.settings.min_offers).require_contributor()?;
        // Both sides are held, in the order of their ids, so that two members asking each
        // other at once queue rather than each wait for the other: the seeker for their
        // limits, the helper so that what the request is counted by stays as it was read.
        let helper_id = tx
            .offer(group_id, new.offer_id)
            .await?
            .ok_or(Error::NotFound("offer"))?
            .member_id;
        let mut sides = [seeker.id, helper_id];
        sides.sort();
        for side in sides {
            tx.lock_member(group_id, side).await?;
        }
        let load = tx
            .seeker_load(group_id, seeker.id, now - Duration::days(1), now)
            .await?;
        group.settings.allow_request(load)?;
        let offer = tx
            .lock_offer(group_id, new.offer_id)
            .await?
            .ok_or(Error::NotFound("offer"))?;
        if offer.member_id == seeker.id {
            return Err(Error::Forbidden("you cannot send a request to yourself"));
        }
        if offer.status != OfferStatus::Active {
            return Err(Error::conflict(
                ConflictReason::Paused,
                "this offer is paused and takes no new requests",
            ));
        }
        let helper = tx
            .member(group_id, offer.member_id)
            .await?
            .ok_or(Error::NotFound("offer"))?;
        if helper.status != MemberStatus::Active {
            return Err(Error::conflict(
                ConflictReason::Unavailable,
                "this helper is not taking requests at the moment",
            ));
        }
        if !offer.topic.modes.contains(new.mode) {
            let modes: Vec<_> = offer.topic.modes.iter().map(|m| m.as_str()).collect();
            return Err(InvalidValue::new(
                "mode",
                format!("this offer is given by {} only", modes.join(", ")),
            )
            .into());
        }
        if let Some(need_id) = new.need_id {
            let need = tx
                .need(group_id, need_id)
                .await?
                .filter(|n| n.member_id == seeker.id && n.status == NeedStatus::Open)
                .ok_or(InvalidValue::new(
                    "need_id",
                    "is not one of your open needs",
                ))?;
            // Help in another area would count as meeting this need where it was not given.
            if need.topic.area_id != offer.topic.area_id {
                return Err(InvalidValue::new(
                    "need_id",
                    "is a need in another area than this offer",
                )
                .into());
            }
        }
        // This offer, or another of the same helper's in its area, is asked once at a time.
        let area = offer.topic.area_id;
        if helpers_asked(&mut tx, &seeker, area, now)
            .await?
            .contains(&helper.id)
        {
            return Err(Error::conflict(
                ConflictReason::AlreadyRequested,
                "you already have an open request with this helper in this area",
            ));
        }
        let open = tx.open_requests_for(group_id, offer.id, now).await?;
        if spare_capacity(offer.capacity, open) == 0 {
            return Err(Error::conflict(
                ConflictReason::AtCapacity,
                "this offer is at capacity: try another helper or later",
            ));
        }
        let request = self
            .send_request(
                &mut tx,
                &group,
                Asked {
                    seeker: &seeker,
                    helper: &helper,
                    offer: &offer,
                    proposal: None,
                },
                new,
                now,
            )
            .await?;
        tx.commit().await?;
        Ok(RequestDetails::for_side(request, Side::Seeker, helper))
    }

    /// Makes the request `new` of `asked` at `now` once every rule has been checked: stored,
    /// each side's contact details revealed to the other and audited, the helper told. The one
    /// way a request comes to be, whether a seeker sends it or an admin confirms a proposal.
    pub(crate) async fn send_request(
        &self,
        tx: &mut Tx<E>,
        group: &Group,
        asked: Asked<'_>,
        new: NewRequest,
        now: OffsetDateTime,
    ) -> Result<SupportRequest> {
        let Asked {
            seeker,
            helper,
            offer,
            ..
        } = asked;
        let group_id = group.id;
        let expiry_days = i64::from(group.settings.request_expiry_days.get());
        let request = SupportRequest {
            id: RequestId::from_uuid(self.ids.new_id()),
            group_id,
            offer_id: offer.id,
            area_id: offer.topic.area_id,
            seeker_id: seeker.id,
            helper_id: helper.id,
            need_id: new.need_id,
            message: new.message,
            mode: new.mode,
            status: RequestStatus::Pending,
            created_at: now,
            expires_at: now + Duration::days(expiry_days),
            updated_at: now,
            answered_at: None,
            feedback: None,
            reminded: Reminded::default(),
            need_answer: None,
            proposal_id: asked.proposal,
        };
        tx.insert_request(&request).await?;
        for (viewer, subject) in [(seeker, helper), (helper, seeker)] {
            let revealed = AuditAction::ContactsRevealed {
                request_id: request.id,
                subject_id: subject.id,
            };
            self.record(tx, group_id, viewer.id, now, revealed).await?;
        }
        notify(
            tx,
            &self.ids,
            helper,
            Notice::RequestReceived(request.id),
            now,
        )
        .await?;
        if request.proposal_id.is_some() {
            // The seeker did not ask: they hear that the group's matching asked for them.
            notify(
                tx,
                &self.ids,
                seeker,
                Notice::RequestMatched(request.id),
                now,
            )
            .await?;
        }
        Ok(request)
    }

    /// The caller's requests as seeker or helper, a page at a time, without contact details.
    ///
    /// # Errors
    /// The errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn my_requests(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        filter: RequestFilter,
        page: PageRequest,
    ) -> Result<Page<SupportRequest>> {
        let now = self.clock.now();
        let mut tx = self.read().await?;
        let (_, member) = membership(&mut tx, group_id, account_id, Clearance::OwnData).await?;
        let requests = tx
            .requests_of(group_id, member.id, filter.side, filter.status, now, page)
            .await?;
        Ok(
            Page::from_fetched(requests, &page, |r| r.id.as_uuid()).map(|mut r| {
                r.expire_if_due(now);
                r
            }),
        )
    }

    /// The caller's requests on one side, as [`Collaborate::my_requests`] lists them, each with
    /// the name of the other side, for a list a person reads.
    ///
    /// # Errors
    /// The errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn my_requests_named(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        filter: RequestFilter,
        page: PageRequest,
    ) -> Result<Page<ListedRequest>> {
        let side = filter.side;
        let listed = self.my_requests(account_id, group_id, filter, page).await?;
        let mut tx = self.read().await?;
        let mut items = Vec::with_capacity(listed.items.len());
        for request in listed.items {
            let other = tx
                .member(group_id, request.counterpart_of(side))
                .await?
                .map(|m| m.profile.display_name);
            items.push(ListedRequest { request, other });
        }
        Ok(Page {
            items,
            next_cursor: listed.next_cursor,
        })
    }

    /// One request, as one of its sides sees it, with the other side's contact details, which
    /// were supplied (and audited) when it was made. Reading writes nothing: a request past its
    /// time reads as expired, and the expiry job records it.
    ///
    /// # Errors
    /// [`Error::NotFound`] unless the caller is one of its sides.
    #[tracing::instrument(skip_all)]
    pub async fn request(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        request_id: RequestId,
    ) -> Result<RequestDetails> {
        let now = self.clock.now();
        let mut tx = self.read().await?;
        let (_, member) = membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        let (mut request, side) = own_request(&mut tx, &member, request_id).await?;
        request.expire_if_due(now);
        let other = tx
            .member(group_id, request.counterpart_of(side))
            .await?
            .ok_or(Error::NotFound("request"))?;
        Ok(RequestDetails::for_side(request, side, other))
    }

    /// Takes a step of the request's lifecycle on the caller's behalf.
    ///
    /// # Errors
    /// [`Error::NotFound`] unless the caller is one of its sides, [`Error::Forbidden`] when the
    /// step is the other side's, [`Error::Conflict`] when the request's state does not allow it.
    #[tracing::instrument(skip_all)]
    pub async fn transition(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        request_id: RequestId,
        transition: Transition,
    ) -> Result<SupportRequest> {
        let now = self.clock.now();
        let mut tx = self.write().await?;
        let (_, member) = membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        let (mut request, side) = own_request(&mut tx, &member, request_id).await?;
        request.apply(transition, side, now)?;
        tx.update_request(&request).await?;
        tell_other_side(&mut tx, &self.ids, &request, side, now).await?;
        tx.commit().await?;
        Ok(request)
    }

    /// The seeker rates completed help, once.
    ///
    /// # Errors
    /// [`Error::NotFound`] unless the caller is one of its sides, [`Error::Forbidden`] for the
    /// helper, [`Error::Conflict`] before completion or a second time.
    #[tracing::instrument(skip_all)]
    pub async fn give_feedback(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        request_id: RequestId,
        feedback: NewFeedback,
    ) -> Result<SupportRequest> {
        let now = self.clock.now();
        let mut tx = self.write().await?;
        let (_, member) = membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        let (mut request, side) = own_request(&mut tx, &member, request_id).await?;
        request.give_feedback(
            side,
            Feedback {
                rating: feedback.rating,
                comment: feedback.comment,
                given_at: now,
            },
        )?;
        tx.update_request(&request).await?;
        tx.commit().await?;
        Ok(request)
    }
}

impl<E: Environment> Collaborate<E> {
    /// The seeker says whether the help completed met the need the request answers (rule 16):
    /// "met" marks the need met; "partly" and "not met" keep it open, the help noted on the
    /// request for the reports.
    ///
    /// # Errors
    /// [`Error::NotFound`] for a request the caller is not a side of; the errors of
    /// [`SupportRequest::answer_need`]; the errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn answer_need(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        request_id: RequestId,
        answer: NeedAnswer,
    ) -> Result<SupportRequest> {
        let now = self.clock.now();
        let mut tx = self.write().await?;
        let (_, member) = membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        let (mut request, side) = own_request(&mut tx, &member, request_id).await?;
        request.answer_need(side, answer, now)?;
        tx.update_request(&request).await?;
        if answer == NeedAnswer::Met {
            let need = match request.need_id {
                Some(id) => tx.need(group_id, id).await?,
                None => None,
            };
            if let Some(need) = need.filter(|n| n.status == NeedStatus::Open) {
                let met = crate::offers::Need {
                    status: NeedStatus::Met,
                    version: need.version.next(),
                    ..need
                };
                tx.update_need(&met).await?;
            }
        }
        tx.commit().await?;
        Ok(request)
    }
}

/// The request and the member's side of it; a request the member is not a side of is not found.
async fn own_request<T: Requests>(
    tx: &mut T,
    member: &Member,
    request_id: RequestId,
) -> Result<(SupportRequest, Side)> {
    let request = tx
        .request(member.group_id, request_id)
        .await?
        .ok_or(Error::NotFound("request"))?;
    let side = request
        .side_of(member.id)
        .ok_or(Error::NotFound("request"))?;
    Ok((request, side))
}

/// The helpers `seeker` has a request open with in `area` at `now`, on whichever of their
/// offers: a helper is asked about an area once at a time.
pub(crate) async fn helpers_asked<T: Requests>(
    tx: &mut T,
    seeker: &Member,
    area: AreaId,
    now: OffsetDateTime,
) -> Result<BTreeSet<MemberId>> {
    let mut asked = BTreeSet::new();
    for status in [RequestStatus::Pending, RequestStatus::Accepted] {
        let open = every_request(tx, seeker, Side::Seeker, Some(status), now).await?;
        asked.extend(
            open.iter()
                .filter(|r| r.area_id == area)
                .map(|r| r.helper_id),
        );
    }
    Ok(asked)
}
