//! Groups, members and invitations in memory.

use super::{MemoryTransaction, compare_and_set, count, page_of};
use crate::error::PortError;
use crate::groups::*;
use crate::paging::PageRequest;
use crate::values::*;
use async_trait::async_trait;
use time::OffsetDateTime;

#[async_trait]
impl Groups for MemoryTransaction {
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
        filter: &MemberFilter,
        page: PageRequest,
    ) -> Result<Vec<Member>, PortError> {
        let state = self.state();
        let members = state
            .members
            .values()
            .filter(|m| m.group_id == group_id)
            .filter(|m| {
                state
                    .accounts
                    .get(&m.account_id)
                    .is_some_and(|a| filter.admits(m, &a.email))
            })
            .cloned();
        Ok(page_of(members, |m| m.id.as_uuid(), page))
    }

    async fn lock_group(&mut self, _group_id: GroupId) -> Result<(), PortError> {
        // A memory transaction holds the whole store already.
        Ok(())
    }

    async fn lock_member(&mut self, _group_id: GroupId, _id: MemberId) -> Result<(), PortError> {
        // A memory transaction holds the whole store already.
        Ok(())
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

    async fn active_admins(&mut self, group_id: GroupId) -> Result<Vec<Member>, PortError> {
        let mut admins: Vec<Member> = self
            .state()
            .members
            .values()
            .filter(|m| m.group_id == group_id && m.is_active_admin())
            .cloned()
            .collect();
        admins.sort_by_key(|m| m.id);
        Ok(admins)
    }

    async fn groups_with_slug(&mut self, slug: &Slug) -> Result<Vec<Group>, PortError> {
        let mut groups: Vec<Group> = self
            .state()
            .groups
            .values()
            .filter(|g| g.slug == *slug)
            .cloned()
            .collect();
        groups.sort_by_key(|g| g.id);
        Ok(groups)
    }
}

#[async_trait]
impl Invitations for MemoryTransaction {
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

    async fn invitation_in(
        &mut self,
        group_id: GroupId,
        id: InvitationId,
    ) -> Result<Option<Invitation>, PortError> {
        Ok(self
            .state()
            .invitations
            .values()
            .find(|i| i.group_id == group_id && i.id == id)
            .cloned())
    }

    async fn pending_invitations(
        &mut self,
        group_id: GroupId,
        now: OffsetDateTime,
    ) -> Result<Vec<Invitation>, PortError> {
        let mut pending: Vec<Invitation> = self
            .state()
            .invitations
            .values()
            .filter(|i| i.group_id == group_id && i.is_pending(now))
            .cloned()
            .collect();
        pending.sort_by_key(|i| i.id);
        Ok(pending)
    }

    async fn update_invitation(&mut self, invitation: &Invitation) -> Result<(), PortError> {
        self.insert_invitation(invitation).await
    }

    async fn invitations_to(&mut self, email: &Email) -> Result<Vec<Invitation>, PortError> {
        let key = email.key();
        let mut addressed: Vec<Invitation> = self
            .state()
            .invitations
            .values()
            .filter(|i| i.email.key() == key)
            .cloned()
            .collect();
        addressed.sort_by_key(|i| i.id);
        Ok(addressed)
    }

    async fn delete_invitation(&mut self, id: InvitationId) -> Result<(), PortError> {
        self.state_mut().invitations.retain(|_, i| i.id != id);
        Ok(())
    }
}
