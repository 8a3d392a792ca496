//! Safeguarding: members raise concerns; leads see them, record what they did, suspend the
//! person concerned and close them; admins name the leads.

use crate::app::{Clearance, Collaborate, check_version, membership};
use crate::audit::AuditAction;
use crate::concerns::{
    Concern, ConcernAbout, ConcernChanges, ConcernFilter, Concerns as _, Lead, is_lead,
};
use crate::error::{ConflictReason, Error, Result};
use crate::groups::{Groups as _, Member};
use crate::notifications::Notice;
use crate::notifications::use_cases::notify;
use crate::paging::{Page, PageRequest};
use crate::peer_assists::PeerAssists as _;
use crate::ports::{Clock, Environment, IdSource, Transaction};
use crate::requests::Requests as _;
use crate::values::{
    AccountId, ConcernId, ConcernStatus, ConcernText, DisplayName, GroupId, Limit, MemberId,
    MemberStatus, Name, PeerAssistStatus, RequestStatus, Title,
};
use std::collections::BTreeMap;
use time::OffsetDateTime;

/// A concern as a lead sees it, with the names of the people in it.
#[derive(Debug, Clone, PartialEq)]
pub struct ConcernView {
    /// The concern.
    pub concern: Concern,
    /// The name each member in it goes by now (the raiser, the person concerned, the leads who
    /// took steps).
    pub names: BTreeMap<MemberId, DisplayName>,
    /// Whether the reader may act on it (a lead), or only read it (a member it went to who is
    /// no longer a lead, or is suspended).
    pub may_act: bool,
    /// The request it is about, as a lead may know it, when it is about one.
    pub request: Option<RequestSummary>,
    /// The Peer Assist it is about, as a lead may know it, when it is about one.
    pub peer_assist: Option<PeerAssistSummary>,
}

/// What a lead is told of the Peer Assist a concern is about: its title, where it stands and
/// when it meets, never its notes.
#[derive(Debug, Clone, PartialEq)]
pub struct PeerAssistSummary {
    /// What it is called; none once its convenor erased their account.
    pub title: Option<Title>,
    /// Where it stands now.
    pub status: PeerAssistStatus,
    /// When it meets.
    pub starts_at: OffsetDateTime,
}

/// What a lead is told of the request a concern is about: what it was for and how far it went,
/// never its messages or contact details.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestSummary {
    /// The area asked about.
    pub area: Name,
    /// Where it stands now.
    pub status: RequestStatus,
    /// When it was sent.
    pub sent_at: OffsetDateTime,
}

impl<E: Environment> Collaborate<E> {
    /// The caller raises a concern about a request they are a side of, a Peer Assist they are
    /// in or a member of the group, privately, with the group's safeguarding leads; the person
    /// concerned never sees it.
    ///
    /// # Errors
    /// [`Error::NotFound`] for a request the caller is not a side of, a Peer Assist they are not
    /// in, or a member of another group; as
    /// [`crate::peer_assists::PeerAssist::concerning`]; [`Error::Conflict`] `no_lead` when nobody but the person concerned could receive it,
    /// `limit_reached` when the caller has too many open; the errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn raise_concern(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        about: ConcernAbout,
        text: ConcernText,
    ) -> Result<Concern> {
        let now = self.clock.now();
        let mut tx = self.write().await?;
        let (_, me) = membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        let concerning = match about {
            ConcernAbout::Request(id) => {
                let request = tx
                    .request(group_id, id)
                    .await?
                    .ok_or(Error::NotFound("request"))?;
                let side = request.side_of(me.id).ok_or(Error::NotFound("request"))?;
                request.counterpart_of(side)
            }
            ConcernAbout::Member(id) => {
                tx.member(group_id, id)
                    .await?
                    .ok_or(Error::NotFound("member"))?
                    .id
            }
            ConcernAbout::PeerAssist(id) => tx
                .peer_assist(group_id, id)
                .await?
                .filter(|p| !p.roles_of(me.id).is_empty())
                .ok_or(Error::NotFound("peer assist"))?
                .concerning(me.id)?,
        };
        Concern::check_room(tx.count_open_concerns_raised_by(group_id, me.id).await?)?;
        let lead_members: Vec<Member> = leads(&mut tx, group_id)
            .await?
            .into_iter()
            .map(|(lead, _)| lead)
            .collect();
        let leads: Vec<MemberId> = lead_members.iter().map(|lead| lead.id).collect();
        if leads.iter().all(|lead| *lead == concerning) {
            return Err(Error::conflict(
                ConflictReason::NoLead,
                "nobody in this group but the person concerned could receive this concern: \
                 raise it with your organisation's safeguarding lead",
            ));
        }
        let concern = Concern::raise(
            ConcernId::from_uuid(self.ids.new_id()),
            &me,
            about,
            concerning,
            text,
            &leads,
            now,
        );
        tx.insert_concern(&concern).await?;
        for lead in lead_members
            .iter()
            .filter(|l| concern.recipients.contains(&l.id))
        {
            notify(
                &mut tx,
                &self.ids,
                lead,
                Notice::ConcernRaised(concern.id),
                now,
            )
            .await?;
        }
        let raised = AuditAction::ConcernRaised {
            concern_id: concern.id,
            subject_id: concerning,
        };
        self.record(&mut tx, group_id, me.id, now, raised).await?;
        tx.commit().await?;
        Ok(concern)
    }

    /// The group's concerns a lead may see (none about themselves), oldest first; for a member
    /// who is no longer a lead (or is suspended), those that went to them when raised.
    ///
    /// # Errors
    /// [`Error::Forbidden`] for a member who is not a lead and never received one; the errors
    /// of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn concerns(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        status: Option<ConcernStatus>,
        page: PageRequest,
    ) -> Result<Page<ConcernView>> {
        let mut tx = self.read().await?;
        let reader = reader_in(&mut tx, group_id, account_id).await?;
        let may_act = matches!(reader, Reader::Lead(_));
        let filter = match reader {
            Reader::Lead(lead) => ConcernFilter {
                status,
                seen_by: Some(lead.id),
                ..ConcernFilter::default()
            },
            Reader::Recipient(member) => ConcernFilter {
                status,
                kept_by: Some(member.id),
                ..ConcernFilter::default()
            },
        };
        let concerns = tx.concerns(group_id, &filter, page).await?;
        let mut views = Vec::with_capacity(concerns.len());
        for concern in concerns {
            views.push(view_of(&mut tx, concern, may_act).await?);
        }
        Ok(Page::from_fetched(views, &page, |v| v.concern.id.as_uuid()))
    }

    /// One concern, for a lead it does not concern, or for a member it went to when raised.
    ///
    /// # Errors
    /// [`Error::NotFound`] for a concern about the caller, of another group, or (for one who
    /// is no longer a lead) that did not go to them; as [`Collaborate::concerns`].
    #[tracing::instrument(skip_all)]
    pub async fn concern(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        concern_id: ConcernId,
    ) -> Result<ConcernView> {
        let mut tx = self.read().await?;
        let (concern, may_act) = match reader_in(&mut tx, group_id, account_id).await? {
            Reader::Lead(lead) => (concern_seen_by(&mut tx, &lead, concern_id).await?, true),
            Reader::Recipient(member) => (
                tx.concern(group_id, concern_id)
                    .await?
                    .filter(|c| c.stays_with(member.id))
                    .ok_or(Error::NotFound("concern"))?,
                false,
            ),
        };
        view_of(&mut tx, concern, may_act).await
    }

    /// A lead records what they did about a concern, suspends the person concerned, closes or
    /// reopens it; each step is audited, and the suspension is the one an admin would make
    /// (the group closed to them at once, offers hidden, the group keeps an active admin).
    ///
    /// # Errors
    /// [`Error::Conflict`] `wrong_state` for a step the concern's status does not allow or the
    /// suspension of someone not active, `last_admin` when it would leave no active admin;
    /// [`Error::Stale`] for an old version; as [`Collaborate::concern`].
    #[tracing::instrument(skip_all)]
    pub async fn act_on_concern(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        concern_id: ConcernId,
        changes: ConcernChanges,
    ) -> Result<ConcernView> {
        let now = self.clock.now();
        let mut tx = self.write().await?;
        let lead = lead_in(&mut tx, group_id, account_id).await?;
        let concern = concern_seen_by(&mut tx, &lead, concern_id).await?;
        check_version(changes.version, concern.version)?;
        let acted = concern.act(lead.id, &changes, now)?;
        if changes.suspend {
            tx.lock_group(group_id).await?;
            let concerned = tx
                .member(group_id, concern.concerning)
                .await?
                .filter(Member::is_active)
                .ok_or_else(|| {
                    Error::conflict(
                        ConflictReason::WrongState,
                        "only an active member can be suspended",
                    )
                })?;
            let role = concerned.role;
            self.change_member(&mut tx, lead.id, concerned, role, MemberStatus::Suspended)
                .await?;
        }
        tx.update_concern(&acted).await?;
        for step in acted.steps_since(&concern) {
            let action = AuditAction::ConcernActed {
                concern_id,
                subject_id: concern.concerning,
                step: step.kind,
            };
            self.record(&mut tx, group_id, lead.id, now, action).await?;
        }
        let view = view_of(&mut tx, acted, true).await?;
        tx.commit().await?;
        Ok(view)
    }

    /// Who receives the group's concerns: its active admins and the active members an admin
    /// named, so a member knows before raising one.
    ///
    /// # Errors
    /// The errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn safeguarding_leads(
        &self,
        account_id: AccountId,
        group_id: GroupId,
    ) -> Result<Vec<Lead>> {
        let mut tx = self.read().await?;
        membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        Ok(leads(&mut tx, group_id)
            .await?
            .into_iter()
            .map(|(member, named)| Lead {
                member_id: member.id,
                admin: member.is_active_admin(),
                display_name: member.profile.display_name,
                named,
            })
            .collect())
    }

    /// An admin names an active member a safeguarding lead, or stops them being one; audited
    /// when it changes anything.
    ///
    /// # Errors
    /// [`Error::NotFound`] for a member of another group; [`Error::Conflict`] `wrong_state` to
    /// name a member who is not active; the errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn name_safeguarding_lead(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        member_id: MemberId,
        named: bool,
    ) -> Result<()> {
        let now = self.clock.now();
        let mut tx = self.write().await?;
        let (_, admin) = membership(&mut tx, group_id, account_id, Clearance::Admin).await?;
        let member = tx
            .member(group_id, member_id)
            .await?
            .ok_or(Error::NotFound("member"))?;
        if named && !member.is_active() {
            return Err(Error::conflict(
                ConflictReason::WrongState,
                "only an active member can be named a safeguarding lead",
            ));
        }
        if tx.named_leads(group_id).await?.contains(&member_id) == named {
            return Ok(());
        }
        tx.set_named_lead(group_id, member_id, named).await?;
        let changed = AuditAction::SafeguardingLeadChanged {
            subject_id: member_id,
            named,
        };
        self.record(&mut tx, group_id, admin.id, now, changed)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Every lead of the group, with whether an admin named them: active admins, then active named
/// members.
async fn leads<T: Transaction>(tx: &mut T, group_id: GroupId) -> Result<Vec<(Member, bool)>> {
    let named = tx.named_leads(group_id).await?;
    let mut leads: Vec<(Member, bool)> = tx
        .active_admins(group_id)
        .await?
        .into_iter()
        .map(|admin| {
            let is_named = named.contains(&admin.id);
            (admin, is_named)
        })
        .collect();
    for id in named {
        if leads.iter().any(|(lead, _)| lead.id == id) {
            continue;
        }
        if let Some(member) = tx.member(group_id, id).await?
            && is_lead(&member, true)
        {
            leads.push((member, true));
        }
    }
    Ok(leads)
}

/// The caller's membership, if they are a lead of the group.
///
/// # Errors
/// [`Error::Forbidden`] for a member who is not; the errors of [`membership`].
async fn lead_in<T: Transaction>(
    tx: &mut T,
    group_id: GroupId,
    account_id: AccountId,
) -> Result<Member> {
    let (_, me) = membership(tx, group_id, account_id, Clearance::Active).await?;
    let named = tx.named_leads(group_id).await?.contains(&me.id);
    if !is_lead(&me, named) {
        return Err(Error::Forbidden(
            "only the group's safeguarding leads see its concerns",
        ));
    }
    Ok(me)
}

/// Who reads the group's concerns: a lead, or a member some concern went to when raised.
enum Reader {
    Lead(Member),
    Recipient(Member),
}

/// The caller as a reader of the group's concerns: a lead of the group, or else (no longer a
/// lead, or suspended) a member who received one when it was raised.
///
/// # Errors
/// [`Error::Forbidden`] for a member who is neither ([`Error::Suspended`] when suspended); the
/// errors of [`membership`].
async fn reader_in<T: Transaction>(
    tx: &mut T,
    group_id: GroupId,
    account_id: AccountId,
) -> Result<Reader> {
    let (_, me) = membership(tx, group_id, account_id, Clearance::OwnData).await?;
    let named = tx.named_leads(group_id).await?.contains(&me.id);
    if is_lead(&me, named) {
        return Ok(Reader::Lead(me));
    }
    let kept = ConcernFilter {
        kept_by: Some(me.id),
        ..ConcernFilter::default()
    };
    let one = PageRequest {
        limit: Limit::new(1)?,
        after: None,
    };
    if tx.concerns(group_id, &kept, one).await?.is_empty() {
        if me.status == MemberStatus::Suspended {
            return Err(Error::Suspended);
        }
        return Err(Error::Forbidden(
            "only the group's safeguarding leads see its concerns",
        ));
    }
    Ok(Reader::Recipient(me))
}

/// The concern, if `lead` may see it: one about them is not found, as if it did not exist.
async fn concern_seen_by<T: Transaction>(
    tx: &mut T,
    lead: &Member,
    concern_id: ConcernId,
) -> Result<Concern> {
    tx.concern(lead.group_id, concern_id)
        .await?
        .filter(|c| c.is_seen_by(lead.id))
        .ok_or(Error::NotFound("concern"))
}

async fn view_of<T: Transaction>(
    tx: &mut T,
    concern: Concern,
    may_act: bool,
) -> Result<ConcernView> {
    let mut names = BTreeMap::new();
    let people = [concern.raised_by, concern.concerning]
        .into_iter()
        .chain(concern.steps.iter().map(|s| s.by));
    for id in people {
        if names.contains_key(&id) {
            continue;
        }
        if let Some(member) = tx.member(concern.group_id, id).await? {
            names.insert(id, member.profile.display_name);
        }
    }
    let request = match concern.about {
        ConcernAbout::Request(id) => match tx.request(concern.group_id, id).await? {
            Some(request) => tx
                .area(concern.group_id, request.area_id)
                .await?
                .map(|area| RequestSummary {
                    area: area.name,
                    status: request.status,
                    sent_at: request.created_at,
                }),
            None => None,
        },
        ConcernAbout::Member(_) | ConcernAbout::PeerAssist(_) => None,
    };
    let peer_assist = match concern.about {
        ConcernAbout::PeerAssist(id) => {
            tx.peer_assist(concern.group_id, id)
                .await?
                .map(|p| PeerAssistSummary {
                    title: p.brief.map(|b| b.title),
                    status: p.status,
                    starts_at: p.meeting.starts_at,
                })
        }
        ConcernAbout::Request(_) | ConcernAbout::Member(_) => None,
    };
    Ok(ConcernView {
        concern,
        names,
        may_act,
        request,
        peer_assist,
    })
}
