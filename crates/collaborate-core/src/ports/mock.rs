//! A whole unit of work, mocked: every part's methods on one mock, for use cases that span parts.

use super::Transaction;
use crate::accounts::*;
use crate::audit::*;
use crate::concerns::*;
use crate::error::PortError;
use crate::groups::*;
use crate::matching::*;
use crate::notifications::*;
use crate::offers::*;
use crate::paging::PageRequest;
use crate::peer_assists::*;
use crate::reports::*;
use crate::requests::*;
use crate::search::*;
use crate::taxonomy::*;
use crate::values::*;
use async_trait::async_trait;
use std::collections::BTreeSet;
use time::OffsetDateTime;

mockall::mock! {
    /// A transaction whose every method is an expectation.
    pub Transaction {}

    #[async_trait]
    impl Transaction for Transaction {
        async fn commit(&mut self) -> Result<(), PortError>;
    }

    #[async_trait]
    impl Accounts for Transaction {
        async fn insert_account(&mut self, account: &Account) -> Result<(), PortError>;
        async fn account(&mut self, id: AccountId) -> Result<Option<Account>, PortError>;
        async fn update_account(&mut self, account: &Account) -> Result<(), PortError>;
        async fn account_by_email(&mut self, email: &Email) -> Result<Option<Account>, PortError>;
        async fn accounts(&mut self, ids: &[AccountId]) -> Result<Vec<Account>, PortError>;
        async fn insert_password_reset(&mut self, reset: &PasswordReset) -> Result<(), PortError>;
        async fn password_reset(
            &mut self,
            token_hash: &TokenHash,
        ) -> Result<Option<PasswordReset>, PortError>;
        async fn use_password_resets_of(
            &mut self,
            account_id: AccountId,
            at: OffsetDateTime,
        ) -> Result<(), PortError>;
        async fn delete_password_resets_before(
            &mut self,
            before: OffsetDateTime,
        ) -> Result<u32, PortError>;
        async fn insert_address_proof(&mut self, proof: &AddressProof) -> Result<(), PortError>;
        async fn address_proof(
            &mut self,
            token_hash: &TokenHash,
        ) -> Result<Option<AddressProof>, PortError>;
        async fn use_address_proofs_for(
            &mut self,
            email: &Email,
            at: OffsetDateTime,
        ) -> Result<(), PortError>;
        async fn delete_address_proofs_for(&mut self, email: &Email) -> Result<(), PortError>;
        async fn delete_address_proofs_before(
            &mut self,
            before: OffsetDateTime,
        ) -> Result<u32, PortError>;
        async fn identity(
            &mut self,
            issuer: &Issuer,
            subject: &Subject,
        ) -> Result<Option<OutsideIdentity>, PortError>;
        async fn insert_identity(&mut self, identity: &OutsideIdentity) -> Result<(), PortError>;
        async fn identities_of(
            &mut self,
            account_id: AccountId,
        ) -> Result<Vec<OutsideIdentity>, PortError>;
        async fn delete_identities_of(&mut self, account_id: AccountId) -> Result<(), PortError>;
    }


    #[async_trait]
    impl Sessions for Transaction {
        async fn insert_session(&mut self, session: &Session) -> Result<(), PortError>;
        async fn session(&mut self, token_hash: &TokenHash) -> Result<Option<Session>, PortError>;
        async fn update_session(&mut self, session: &Session) -> Result<(), PortError>;
        async fn delete_session(&mut self, token_hash: &TokenHash) -> Result<(), PortError>;
        async fn delete_sessions_of(&mut self, account_id: AccountId) -> Result<(), PortError>;
        async fn sessions_of(&mut self, account_id: AccountId) -> Result<Vec<Session>, PortError>;
        async fn delete_other_sessions(
            &mut self,
            account_id: AccountId,
            keep: &TokenHash,
        ) -> Result<(), PortError>;
        async fn delete_dead_sessions(
            &mut self,
            idle_since: OffsetDateTime,
            started_before: OffsetDateTime,
        ) -> Result<u32, PortError>;
    }

    #[async_trait]
    impl Outbox for Transaction {
        async fn insert_message(&mut self, message: &OutboxMessage) -> Result<(), PortError>;
        async fn message(&mut self, id: MessageId) -> Result<Option<OutboxMessage>, PortError>;
        async fn update_message(&mut self, message: &OutboxMessage) -> Result<(), PortError>;
        async fn claim_due_messages(
            &mut self,
            now: OffsetDateTime,
            lease: Lease,
            limit: u32,
        ) -> Result<Vec<OutboxMessage>, PortError>;
        async fn settle_message(
            &mut self,
            message: &OutboxMessage,
            holder: uuid::Uuid,
        ) -> Result<(), PortError>;
        async fn held_messages(
            &mut self,
            held_since: OffsetDateTime,
        ) -> Result<Vec<OutboxMessage>, PortError>;
        async fn gathered_into(&mut self, digest: MessageId) -> Result<Vec<OutboxMessage>, PortError>;
        async fn recent_messages(
            &mut self,
            status: Option<DeliveryStatus>,
            limit: u32,
        ) -> Result<Vec<OutboxMessage>, PortError>;
        async fn count_messages(&mut self) -> Result<Vec<(DeliveryStatus, u64)>, PortError>;
        async fn delete_messages_to(
            &mut self,
            account_id: AccountId,
            addresses: &[Email],
        ) -> Result<(), PortError>;
        async fn delete_messages_settled_before(
            &mut self,
            before: OffsetDateTime,
        ) -> Result<u32, PortError>;
    }

    #[async_trait]
    impl Proposals for Transaction {
        async fn open_needs(
            &mut self,
            group_id: GroupId,
            areas: &BTreeSet<AreaId>,
        ) -> Result<Vec<Need>, PortError>;
        async fn open_requests_in(
            &mut self,
            group_id: GroupId,
            now: OffsetDateTime,
        ) -> Result<Vec<OpenRequest>, PortError>;
        async fn insert_proposal(&mut self, proposal: &Proposal) -> Result<(), PortError>;
        async fn proposal(
            &mut self,
            group_id: GroupId,
            id: ProposalId,
        ) -> Result<Option<Proposal>, PortError>;
        async fn update_proposal(&mut self, proposal: &Proposal) -> Result<(), PortError>;
        async fn latest_proposals(
            &mut self,
            group_id: GroupId,
            limit: u32,
        ) -> Result<Vec<Proposal>, PortError>;
    }

    #[async_trait]
    impl PeerAssists for Transaction {
        async fn insert_peer_assist(&mut self, peer_assist: &PeerAssist) -> Result<(), PortError>;
        async fn peer_assist(
            &mut self,
            group_id: GroupId,
            id: PeerAssistId,
        ) -> Result<Option<PeerAssist>, PortError>;
        async fn update_peer_assist(&mut self, peer_assist: &PeerAssist) -> Result<(), PortError>;
        async fn peer_assists(
            &mut self,
            group_id: GroupId,
            filter: &PeerAssistFilter,
            page: PageRequest,
        ) -> Result<Vec<PeerAssist>, PortError>;
        async fn peer_assists_with_actions_due(
            &mut self,
            by: time::Date,
            limit: usize,
        ) -> Result<Vec<PeerAssist>, PortError>;
        async fn asked_lately(
            &mut self,
            group_id: GroupId,
            since: OffsetDateTime,
        ) -> Result<AskedLately, PortError>;
        async fn available_in(
            &mut self,
            group_id: GroupId,
            areas: &std::collections::BTreeSet<AreaId>,
        ) -> Result<Vec<Available>, PortError>;
        async fn members_needing(
            &mut self,
            group_id: GroupId,
            areas: &std::collections::BTreeSet<AreaId>,
        ) -> Result<Vec<MemberId>, PortError>;
        async fn insert_lesson(&mut self, lesson: &Lesson) -> Result<(), PortError>;
        async fn lesson(
            &mut self,
            group_id: GroupId,
            id: LessonId,
        ) -> Result<Option<Lesson>, PortError>;
        async fn lesson_of(
            &mut self,
            group_id: GroupId,
            peer_assist_id: PeerAssistId,
        ) -> Result<Option<Lesson>, PortError>;
        async fn lessons(
            &mut self,
            group_id: GroupId,
            areas: &std::collections::BTreeSet<AreaId>,
            page: PageRequest,
        ) -> Result<Vec<Lesson>, PortError>;
        async fn delete_lessons_of(
            &mut self,
            group_id: GroupId,
            convenor: MemberId,
        ) -> Result<(), PortError>;
    }

    #[async_trait]
    impl Concerns for Transaction {
        async fn insert_concern(&mut self, concern: &Concern) -> Result<(), PortError>;
        async fn concern(
            &mut self,
            group_id: GroupId,
            id: ConcernId,
        ) -> Result<Option<Concern>, PortError>;
        async fn update_concern(&mut self, concern: &Concern) -> Result<(), PortError>;
        async fn concerns(
            &mut self,
            group_id: GroupId,
            filter: &ConcernFilter,
            page: PageRequest,
        ) -> Result<Vec<Concern>, PortError>;
        async fn count_open_concerns_raised_by(
            &mut self,
            group_id: GroupId,
            member: MemberId,
        ) -> Result<u32, PortError>;
        async fn named_leads(&mut self, group_id: GroupId) -> Result<Vec<MemberId>, PortError>;
        async fn set_named_lead(
            &mut self,
            group_id: GroupId,
            member: MemberId,
            named: bool,
        ) -> Result<(), PortError>;
    }

    #[async_trait]
    impl Groups for Transaction {
        async fn insert_group(&mut self, group: &Group) -> Result<(), PortError>;
        async fn group(&mut self, id: GroupId) -> Result<Option<Group>, PortError>;
        async fn update_group(&mut self, group: &Group) -> Result<(), PortError>;
        async fn memberships_of(
            &mut self,
            account_id: AccountId,
        ) -> Result<Vec<(Group, Member)>, PortError>;
        async fn member_of(
            &mut self,
            group_id: GroupId,
            account_id: AccountId,
        ) -> Result<Option<Member>, PortError>;
        async fn member(
            &mut self,
            group_id: GroupId,
            id: MemberId,
        ) -> Result<Option<Member>, PortError>;
        async fn insert_member(&mut self, member: &Member) -> Result<(), PortError>;
        async fn update_member(&mut self, member: &Member) -> Result<(), PortError>;
        async fn members(
            &mut self,
            group_id: GroupId,
            filter: &MemberFilter,
            page: PageRequest,
        ) -> Result<Vec<Member>, PortError>;
        async fn lock_group(&mut self, group_id: GroupId) -> Result<(), PortError>;
        async fn lock_member(&mut self, group_id: GroupId, id: MemberId) -> Result<(), PortError>;
        async fn count_active_admins(&mut self, group_id: GroupId) -> Result<u32, PortError>;
        async fn active_admins(&mut self, group_id: GroupId) -> Result<Vec<Member>, PortError>;
        async fn groups_with_slug(&mut self, slug: &Slug) -> Result<Vec<Group>, PortError>;
    }


    #[async_trait]
    impl Invitations for Transaction {
        async fn insert_invitation(&mut self, invitation: &Invitation) -> Result<(), PortError>;
        async fn invitation(&mut self, token_hash: &TokenHash)
        -> Result<Option<Invitation>, PortError>;
        async fn invitation_in(&mut self, group_id: GroupId, id: InvitationId) -> Result<Option<Invitation>, PortError>;
        async fn pending_invitations(&mut self, group_id: GroupId, now: OffsetDateTime) -> Result<Vec<Invitation>, PortError>;
        async fn update_invitation(&mut self, invitation: &Invitation) -> Result<(), PortError>;
        async fn invitations_to(&mut self, email: &Email) -> Result<Vec<Invitation>, PortError>;
        async fn delete_invitation(&mut self, id: InvitationId) -> Result<(), PortError>;
    }

    #[async_trait]
    impl Taxonomy for Transaction {
        async fn insert_area(&mut self, area: &Area) -> Result<(), PortError>;
        async fn area(&mut self, group_id: GroupId, id: AreaId) -> Result<Option<Area>, PortError>;
        async fn areas(&mut self, group_id: GroupId) -> Result<Vec<Area>, PortError>;
        async fn update_area(&mut self, area: &Area) -> Result<(), PortError>;
        async fn delete_area(&mut self, group_id: GroupId, id: AreaId) -> Result<(), PortError>;
        async fn area_in_use(&mut self, group_id: GroupId, id: AreaId) -> Result<bool, PortError>;
        async fn aspects_in_use(
            &mut self,
            group_id: GroupId,
            id: AreaId,
            aspects: &[Aspect],
        ) -> Result<Vec<Aspect>, PortError>;
        async fn area_counts(&mut self, group_id: GroupId) -> Result<Vec<AreaCounts>, PortError>;
        async fn insert_organisation(&mut self, organisation: &Organisation) -> Result<(), PortError>;
        async fn organisation(
            &mut self,
            group_id: GroupId,
            id: OrganisationId,
        ) -> Result<Option<Organisation>, PortError>;
        async fn organisations(&mut self, group_id: GroupId) -> Result<Vec<Organisation>, PortError>;
    }

    #[async_trait]
    impl OffersAndNeeds for Transaction {
        async fn insert_offer(&mut self, offer: &Offer) -> Result<(), PortError>;
        async fn offer(&mut self, group_id: GroupId, id: OfferId) -> Result<Option<Offer>, PortError>;
        async fn lock_offer(
            &mut self,
            group_id: GroupId,
            id: OfferId,
        ) -> Result<Option<Offer>, PortError>;
        async fn offers_of(
            &mut self,
            group_id: GroupId,
            member_id: MemberId,
        ) -> Result<Vec<Offer>, PortError>;
        async fn update_offer(&mut self, offer: &Offer) -> Result<(), PortError>;
        async fn delete_offer(&mut self, group_id: GroupId, id: OfferId) -> Result<(), PortError>;
        async fn offer_has_requests(
            &mut self,
            group_id: GroupId,
            id: OfferId,
        ) -> Result<bool, PortError>;
        async fn insert_need(&mut self, need: &Need) -> Result<(), PortError>;
        async fn need(&mut self, group_id: GroupId, id: NeedId) -> Result<Option<Need>, PortError>;
        async fn needs_of(
            &mut self,
            group_id: GroupId,
            member_id: MemberId,
        ) -> Result<Vec<Need>, PortError>;
        async fn update_need(&mut self, need: &Need) -> Result<(), PortError>;
        async fn delete_need(&mut self, group_id: GroupId, id: NeedId) -> Result<(), PortError>;
        async fn need_has_requests(&mut self, group_id: GroupId, id: NeedId)
        -> Result<bool, PortError>;
    }

    #[async_trait]
    impl SearchIndex for Transaction {
        async fn search_candidates(
            &mut self,
            group_id: GroupId,
            area_id: AreaId,
            within: Option<Bounds>,
            now: OffsetDateTime,
            recent_since: OffsetDateTime,
        ) -> Result<Vec<Candidate>, PortError>;
    }

    #[async_trait]
    impl Requests for Transaction {
        async fn open_requests_for(
            &mut self,
            group_id: GroupId,
            offer_id: OfferId,
            now: OffsetDateTime,
        ) -> Result<u32, PortError>;
        async fn seeker_load(&mut self, group_id: GroupId, seeker_id: MemberId, since: OffsetDateTime, now: OffsetDateTime) -> Result<SeekerLoad, PortError>;
        async fn has_open_request(
            &mut self,
            group_id: GroupId,
            offer_id: OfferId,
            seeker_id: MemberId,
            now: OffsetDateTime,
        ) -> Result<bool, PortError>;
        async fn insert_request(&mut self, request: &SupportRequest) -> Result<(), PortError>;
        async fn request(
            &mut self,
            group_id: GroupId,
            id: RequestId,
        ) -> Result<Option<SupportRequest>, PortError>;
        async fn update_request(&mut self, request: &SupportRequest) -> Result<(), PortError>;
        async fn requests_of(
            &mut self,
            group_id: GroupId,
            member_id: MemberId,
            side: Side,
            status: Option<RequestStatus>,
            now: OffsetDateTime,
            page: PageRequest,
        ) -> Result<Vec<SupportRequest>, PortError>;
        async fn overdue_requests(
            &mut self,
            now: OffsetDateTime,
            limit: u32,
        ) -> Result<Vec<SupportRequest>, PortError>;
        async fn requests_to_remind(
            &mut self,
            now: OffsetDateTime,
            limit: u32,
        ) -> Result<Vec<SupportRequest>, PortError>;
    }

    #[async_trait]
    impl AuditTrail for Transaction {
        async fn insert_audit_event(&mut self, event: &AuditEvent) -> Result<(), PortError>;
        async fn audit_events(
            &mut self,
            group_id: GroupId,
            filter: &AuditFilter,
            page: PageRequest,
        ) -> Result<Vec<AuditEvent>, PortError>;
    }

    #[async_trait]
    impl Reports for Transaction {
        async fn members_by_status(&mut self, scope: &ReportScope) -> Result<Vec<StatusCount<MemberStatus>>, PortError>;
        async fn contributors(&mut self, scope: &ReportScope, min_offers: u32) -> Result<u32, PortError>;
        async fn area_tallies(&mut self, scope: &ReportScope) -> Result<Vec<AreaTally>, PortError>;
        async fn aspect_tallies(&mut self, scope: &ReportScope) -> Result<Vec<AspectTally>, PortError>;
        async fn by_organisation(&mut self, scope: &ReportScope, what: OrganisationCounted) -> Result<Vec<OrganisationCount>, PortError>;
        async fn help_between(&mut self, scope: &ReportScope) -> Result<Vec<HelpBetween>, PortError>;
        async fn requests_by_status(&mut self, scope: &ReportScope) -> Result<Vec<StatusCount<RequestStatus>>, PortError>;
        async fn answer_time_at(&mut self, scope: &ReportScope, rank: u32) -> Result<Option<time::Duration>, PortError>;
        async fn answered(&mut self, scope: &ReportScope) -> Result<u32, PortError>;
        async fn reciprocity(&mut self, scope: &ReportScope) -> Result<Reciprocity, PortError>;
        async fn ratings(&mut self, scope: &ReportScope) -> Result<Vec<RatingCount>, PortError>;
        async fn needs_met(&mut self, scope: &ReportScope) -> Result<Vec<NeedsMetTally>, PortError>;
        async fn help_given(&mut self, scope: &ReportScope) -> Result<Vec<HelpGiven>, PortError>;
        async fn monthly(&mut self, scope: &ReportScope, what: Counted) -> Result<Vec<MonthCount>, PortError>;
    }
}
