//! Safeguarding: a member raises a concern about a request they are a side of, a Peer Assist
//! they are in, or a member, privately, with the group's safeguarding leads — its active admins and the active
//! members an admin names. Leads record what they did, may suspend the person concerned, and
//! close the concern. The person concerned never sees it, even when they are a lead, so never
//! learns who raised it.

mod use_cases;

pub use use_cases::{ConcernView, PeerAssistSummary, RequestSummary};

use crate::error::{ConflictReason, Error, PortError};
use crate::groups::Member;
use crate::paging::PageRequest;
use crate::values::{
    ConcernId, ConcernNote, ConcernStatus, ConcernStepKind, ConcernText, DisplayName, GroupId,
    InvalidValue, MemberId, PeerAssistId, RequestId, Role, Version,
};
use async_trait::async_trait;
use time::OffsetDateTime;

/// How many concerns one member may have open at once: enough for anyone with real worries,
/// few enough that nobody can bury the leads.
pub const MOST_OPEN_RAISED: u32 = 10;

/// What a concern is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConcernAbout {
    /// A request the member who raised it is a side of.
    Request(RequestId),
    /// A member of the group.
    Member(MemberId),
    /// A Peer Assist the member who raised it is in: about its convenor, or, raised by the
    /// convenor, its facilitator.
    PeerAssist(PeerAssistId),
}

/// A safeguarding concern, with every step the leads took.
#[derive(Debug, Clone, PartialEq)]
pub struct Concern {
    /// Its id.
    pub id: ConcernId,
    /// The group.
    pub group_id: GroupId,
    /// Who raised it: shown to the leads only.
    pub raised_by: MemberId,
    /// What it is about.
    pub about: ConcernAbout,
    /// The person concerned: the member, or the other side of the request. Never shown it.
    pub concerning: MemberId,
    /// What worries the member who raised it.
    pub text: ConcernText,
    /// Open or closed.
    pub status: ConcernStatus,
    /// When it was raised.
    pub raised_at: OffsetDateTime,
    /// What the leads did, oldest first; only ever added to.
    pub steps: Vec<ConcernStep>,
    /// Counts changes, for stale-edit detection.
    pub version: Version,
    /// The leads it went to when it was raised (never the person concerned): it stays with
    /// them, whatever roles change afterwards.
    pub recipients: Vec<MemberId>,
}

/// One thing a lead did about a concern.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConcernStep {
    /// The lead.
    pub by: MemberId,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// What.
    pub kind: ConcernStepKind,
    /// In their words, for a note.
    pub note: Option<ConcernNote>,
}

/// What a lead does about a concern: any of a note, a suspension of the person concerned and a
/// new status, taken in that order (a reopening first).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConcernChanges {
    /// What they did, to record.
    pub note: Option<ConcernNote>,
    /// Open or close it.
    pub status: Option<ConcernStatus>,
    /// Suspend the person concerned.
    pub suspend: bool,
    /// The version acted on; a stale one is refused.
    pub version: Option<Version>,
}

impl Concern {
    /// A new open concern.
    pub fn raise(
        id: ConcernId,
        raised_by: &Member,
        about: ConcernAbout,
        concerning: MemberId,
        text: ConcernText,
        leads: &[MemberId],
        now: OffsetDateTime,
    ) -> Self {
        let recipients = leads
            .iter()
            .copied()
            .filter(|lead| *lead != concerning)
            .collect();
        Self {
            recipients,
            id,
            group_id: raised_by.group_id,
            raised_by: raised_by.id,
            about,
            concerning,
            text,
            status: ConcernStatus::Open,
            raised_at: now,
            steps: Vec::new(),
            version: Version::FIRST,
        }
    }

    /// Refuses a new concern from a member who already has `open` concerns open.
    ///
    /// # Errors
    /// [`Error::Conflict`] `limit_reached` at [`MOST_OPEN_RAISED`].
    pub fn check_room(open: u32) -> Result<(), Error> {
        if open >= MOST_OPEN_RAISED {
            return Err(Error::conflict(
                ConflictReason::LimitReached,
                format!(
                    "you have {MOST_OPEN_RAISED} concerns open already: the leads will see to them"
                ),
            ));
        }
        Ok(())
    }

    /// Whether `lead` may see this concern: anyone but the person concerned.
    pub fn is_seen_by(&self, lead: MemberId) -> bool {
        self.concerning != lead
    }

    /// Whether the concern stays with `member` though they are no longer a lead: it went to
    /// them when it was raised. Never the person concerned, whatever happened since.
    pub fn stays_with(&self, member: MemberId) -> bool {
        self.concerning != member && self.recipients.contains(&member)
    }

    /// The concern after `lead` made `changes`, with a step for each; the suspension itself is
    /// the caller's to make.
    ///
    /// # Errors
    /// [`Error::Invalid`] for `note` when nothing would change; [`Error::Conflict`]
    /// `wrong_state` for a note or a suspension on a closed concern (reopen it first) and for a
    /// status it already has.
    pub fn act(
        &self,
        lead: MemberId,
        changes: &ConcernChanges,
        now: OffsetDateTime,
    ) -> Result<Self, Error> {
        let reopening =
            changes.status == Some(ConcernStatus::Open) && self.status == ConcernStatus::Closed;
        let closing =
            changes.status == Some(ConcernStatus::Closed) && self.status == ConcernStatus::Open;
        let working = changes.note.is_some() || changes.suspend;
        if !working && !reopening && !closing {
            return Err(match changes.status {
                Some(status) => Error::conflict(
                    ConflictReason::WrongState,
                    format!("the concern is {status} already"),
                ),
                None => InvalidValue::new(
                    "note",
                    "give a note, a status or a suspension: there is nothing to record",
                )
                .into(),
            });
        }
        if working && self.status == ConcernStatus::Closed && !reopening {
            return Err(Error::conflict(
                ConflictReason::WrongState,
                "the concern is closed: reopen it to record more",
            ));
        }
        let step = |kind, note| ConcernStep {
            by: lead,
            at: now,
            kind,
            note,
        };
        let mut next = self.clone();
        if reopening {
            next.steps.push(step(ConcernStepKind::Reopened, None));
        }
        if let Some(note) = &changes.note {
            next.steps
                .push(step(ConcernStepKind::Noted, Some(note.clone())));
        }
        if changes.suspend {
            next.steps.push(step(ConcernStepKind::Suspended, None));
        }
        if closing {
            next.steps.push(step(ConcernStepKind::Closed, None));
        }
        next.status = changes.status.unwrap_or(self.status);
        next.version = self.version.next();
        Ok(next)
    }

    /// The steps `self` has beyond those of `before`: the ones just taken.
    pub fn steps_since<'a>(&'a self, before: &Self) -> &'a [ConcernStep] {
        self.steps.get(before.steps.len()..).unwrap_or_default()
    }
}

/// Whether `member` is a safeguarding lead: an active admin, or an active member an admin
/// `named`.
pub fn is_lead(member: &Member, named: bool) -> bool {
    member.is_active() && (member.role == Role::Admin || named)
}

/// A safeguarding lead, as members see the list of who receives their concerns.
#[derive(Debug, Clone, PartialEq)]
pub struct Lead {
    /// The member.
    pub member_id: MemberId,
    /// Their name.
    pub display_name: DisplayName,
    /// A lead as an admin.
    pub admin: bool,
    /// A lead because an admin named them.
    pub named: bool,
}

/// Which concerns to list; every condition given must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConcernFilter {
    /// In this status.
    pub status: Option<ConcernStatus>,
    /// Raised by this member.
    pub raised_by: Option<MemberId>,
    /// Seen by this lead: none that concern them.
    pub seen_by: Option<MemberId>,
    /// Kept by this member, to whom they went when raised (see [`Concern::stays_with`]).
    pub kept_by: Option<MemberId>,
}

impl ConcernFilter {
    /// Whether `concern` is one this filter lists.
    pub fn admits(&self, concern: &Concern) -> bool {
        self.status.is_none_or(|s| concern.status == s)
            && self.raised_by.is_none_or(|m| concern.raised_by == m)
            && self.seen_by.is_none_or(|m| concern.is_seen_by(m))
            && self.kept_by.is_none_or(|m| concern.stays_with(m))
    }
}

/// Safeguarding concerns and named leads, as one part of a [`Transaction`].
///
/// [`Transaction`]: crate::ports::Transaction
#[async_trait]
pub trait Concerns: Send {
    /// Stores a new concern.
    async fn insert_concern(&mut self, concern: &Concern) -> Result<(), PortError>;

    /// The concern of the group with this id.
    async fn concern(
        &mut self,
        group_id: GroupId,
        id: ConcernId,
    ) -> Result<Option<Concern>, PortError>;

    /// Replaces a concern (its status, steps and version) if still at the version before.
    async fn update_concern(&mut self, concern: &Concern) -> Result<(), PortError>;

    /// The group's concerns that `filter` admits, in id order, after the page's cursor, at most
    /// `page.fetch_size()`.
    async fn concerns(
        &mut self,
        group_id: GroupId,
        filter: &ConcernFilter,
        page: PageRequest,
    ) -> Result<Vec<Concern>, PortError>;

    /// How many concerns `member` raised that are still open.
    async fn count_open_concerns_raised_by(
        &mut self,
        group_id: GroupId,
        member: MemberId,
    ) -> Result<u32, PortError>;

    /// The members an admin named as safeguarding leads, whatever their status now.
    async fn named_leads(&mut self, group_id: GroupId) -> Result<Vec<MemberId>, PortError>;

    /// Names `member` a safeguarding lead, or not; naming twice changes nothing.
    async fn set_named_lead(
        &mut self,
        group_id: GroupId,
        member: MemberId,
        named: bool,
    ) -> Result<(), PortError>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::Account;
    use crate::values::{Email, MemberStatus};
    use rstest::rstest;
    use uuid::Uuid;

    fn t0() -> OffsetDateTime {
        OffsetDateTime::UNIX_EPOCH
    }

    fn member_with(n: u128, role: Role) -> Member {
        let account = Account {
            id: crate::values::AccountId::from_uuid(Uuid::from_u128(100 + n)),
            email: Email::parse(&format!("person{n}@example.org")).unwrap(),
            display_name: DisplayName::parse(&format!("Person {n}")).unwrap(),
            password_hash: None,
            language: None,
            created_at: t0(),
            preloaded_by: None,
            address_confirmed_at: None,
        };
        Member::joining(
            MemberId::from_uuid(Uuid::from_u128(n)),
            GroupId::from_uuid(Uuid::from_u128(50)),
            &account,
            role,
            t0(),
        )
    }

    fn concern(status: ConcernStatus) -> Concern {
        let raiser = member_with(1, Role::Member);
        Concern {
            status,
            ..Concern::raise(
                ConcernId::from_uuid(Uuid::from_u128(7)),
                &raiser,
                ConcernAbout::Member(MemberId::from_uuid(Uuid::from_u128(2))),
                MemberId::from_uuid(Uuid::from_u128(2)),
                ConcernText::parse("They asked me to meet alone").unwrap(),
                &[lead(), MemberId::from_uuid(Uuid::from_u128(2))],
                t0(),
            )
        }
    }

    #[test]
    fn a_concern_stays_with_the_leads_it_went_to_never_with_the_person_concerned() {
        let concern = concern(ConcernStatus::Open);
        assert_eq!(concern.recipients, [lead()]);
        assert!(concern.stays_with(lead()));
        assert!(!concern.stays_with(MemberId::from_uuid(Uuid::from_u128(2))));
        assert!(!concern.stays_with(MemberId::from_uuid(Uuid::from_u128(9))));
    }

    fn lead() -> MemberId {
        MemberId::from_uuid(Uuid::from_u128(3))
    }

    fn note() -> Option<ConcernNote> {
        Some(ConcernNote::parse("Spoke to both").unwrap())
    }

    fn kinds(concern: &Concern) -> Vec<ConcernStepKind> {
        concern.steps.iter().map(|s| s.kind).collect()
    }

    #[rstest]
    #[case::a_note(ConcernStatus::Open, ConcernChanges { note: note(), ..Default::default() }, ConcernStatus::Open, vec![ConcernStepKind::Noted])]
    #[case::a_note_and_closing(ConcernStatus::Open, ConcernChanges { note: note(), status: Some(ConcernStatus::Closed), ..Default::default() }, ConcernStatus::Closed, vec![ConcernStepKind::Noted, ConcernStepKind::Closed])]
    #[case::everything(ConcernStatus::Open, ConcernChanges { note: note(), suspend: true, status: Some(ConcernStatus::Closed), ..Default::default() }, ConcernStatus::Closed, vec![ConcernStepKind::Noted, ConcernStepKind::Suspended, ConcernStepKind::Closed])]
    #[case::reopening_with_a_note(ConcernStatus::Closed, ConcernChanges { note: note(), status: Some(ConcernStatus::Open), ..Default::default() }, ConcernStatus::Open, vec![ConcernStepKind::Reopened, ConcernStepKind::Noted])]
    #[case::a_note_with_the_status_it_has(ConcernStatus::Open, ConcernChanges { note: note(), status: Some(ConcernStatus::Open), ..Default::default() }, ConcernStatus::Open, vec![ConcernStepKind::Noted])]
    fn each_change_is_a_step_in_order(
        #[case] from: ConcernStatus,
        #[case] changes: ConcernChanges,
        #[case] status: ConcernStatus,
        #[case] steps: Vec<ConcernStepKind>,
    ) {
        let before = concern(from);
        let after = before.act(lead(), &changes, t0()).unwrap();
        assert_eq!(after.status, status);
        assert_eq!(kinds(&after), steps);
        assert_eq!(after.steps_since(&before), after.steps.as_slice());
        assert_eq!(after.version, before.version.next());
        assert!(after.steps.iter().all(|s| s.by == lead() && s.at == t0()));
    }

    #[rstest]
    #[case::closing_a_closed_one(ConcernStatus::Closed, ConcernChanges { status: Some(ConcernStatus::Closed), ..Default::default() }, "conflict")]
    #[case::opening_an_open_one(ConcernStatus::Open, ConcernChanges { status: Some(ConcernStatus::Open), ..Default::default() }, "conflict")]
    #[case::a_note_on_a_closed_one(ConcernStatus::Closed, ConcernChanges { note: note(), ..Default::default() }, "conflict")]
    #[case::suspending_from_a_closed_one(ConcernStatus::Closed, ConcernChanges { suspend: true, ..Default::default() }, "conflict")]
    #[case::nothing(ConcernStatus::Open, ConcernChanges::default(), "note")]
    fn a_change_that_records_nothing_or_comes_too_late_is_refused(
        #[case] from: ConcernStatus,
        #[case] changes: ConcernChanges,
        #[case] refusal: &str,
    ) {
        let refused = concern(from).act(lead(), &changes, t0()).unwrap_err();
        match refused {
            Error::Conflict { reason, .. } => {
                assert_eq!((refusal, reason), ("conflict", ConflictReason::WrongState));
            }
            Error::Invalid(invalid) => assert_eq!(invalid.field(), refusal),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn a_member_has_at_most_ten_concerns_open() {
        assert!(Concern::check_room(MOST_OPEN_RAISED - 1).is_ok());
        assert!(matches!(
            Concern::check_room(MOST_OPEN_RAISED),
            Err(Error::Conflict {
                reason: ConflictReason::LimitReached,
                ..
            })
        ));
    }

    #[test]
    fn the_person_concerned_never_sees_the_concern() {
        let concern = concern(ConcernStatus::Open);
        assert!(!concern.is_seen_by(concern.concerning));
        assert!(concern.is_seen_by(lead()));
        assert!(concern.is_seen_by(concern.raised_by));
        let filter = ConcernFilter {
            seen_by: Some(concern.concerning),
            ..ConcernFilter::default()
        };
        assert!(!filter.admits(&concern));
    }

    #[rstest]
    #[case::an_active_admin(Role::Admin, MemberStatus::Active, false, true)]
    #[case::a_named_member(Role::Member, MemberStatus::Active, true, true)]
    #[case::a_member(Role::Member, MemberStatus::Active, false, false)]
    #[case::a_suspended_admin(Role::Admin, MemberStatus::Suspended, false, false)]
    #[case::a_named_member_who_left(Role::Member, MemberStatus::Left, true, false)]
    fn leads_are_active_admins_and_named_active_members(
        #[case] role: Role,
        #[case] status: MemberStatus,
        #[case] named: bool,
        #[case] lead: bool,
    ) {
        let member = Member {
            status,
            ..member_with(1, role)
        };
        assert_eq!(is_lead(&member, named), lead);
    }
}
