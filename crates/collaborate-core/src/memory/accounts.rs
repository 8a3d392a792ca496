//! Accounts and sessions in memory.

use super::{MemoryTransaction, count};
use crate::accounts::*;
use crate::error::PortError;
use crate::values::*;
use async_trait::async_trait;
use time::OffsetDateTime;

#[async_trait]
impl Accounts for MemoryTransaction {
    async fn insert_account(&mut self, account: &Account) -> Result<(), PortError> {
        let key = account.email.key();
        if self.state().accounts.values().any(|a| a.email.key() == key) {
            return Err(PortError::Duplicate("an account with this email"));
        }
        self.state_mut()
            .accounts
            .insert(account.id, account.clone());
        Ok(())
    }

    async fn account(&mut self, id: AccountId) -> Result<Option<Account>, PortError> {
        Ok(self.state().accounts.get(&id).cloned())
    }

    async fn update_account(&mut self, account: &Account) -> Result<(), PortError> {
        if let Some(stored) = self.state_mut().accounts.get_mut(&account.id) {
            *stored = account.clone();
        }
        Ok(())
    }

    async fn account_by_email(&mut self, email: &Email) -> Result<Option<Account>, PortError> {
        let key = email.key();
        Ok(self
            .state()
            .accounts
            .values()
            .find(|a| a.email.key() == key)
            .cloned())
    }

    async fn accounts(&mut self, ids: &[AccountId]) -> Result<Vec<Account>, PortError> {
        let accounts = &self.state().accounts;
        Ok(ids
            .iter()
            .filter_map(|id| accounts.get(id).cloned())
            .collect())
    }

    async fn insert_password_reset(&mut self, reset: &PasswordReset) -> Result<(), PortError> {
        let key = reset.token_hash.as_str().to_owned();
        self.state_mut().password_resets.insert(key, reset.clone());
        Ok(())
    }

    async fn password_reset(
        &mut self,
        token_hash: &TokenHash,
    ) -> Result<Option<PasswordReset>, PortError> {
        Ok(self
            .state()
            .password_resets
            .get(token_hash.as_str())
            .cloned())
    }

    async fn use_password_resets_of(
        &mut self,
        account_id: AccountId,
        at: OffsetDateTime,
    ) -> Result<(), PortError> {
        for reset in self.state_mut().password_resets.values_mut() {
            if reset.account_id == account_id && reset.used_at.is_none() {
                reset.used_at = Some(at);
            }
        }
        Ok(())
    }

    async fn delete_password_resets_before(
        &mut self,
        before: OffsetDateTime,
    ) -> Result<u32, PortError> {
        let resets = &mut self.state_mut().password_resets;
        let had = resets.len();
        resets.retain(|_, r| r.created_at >= before);
        Ok(count(had - resets.len()))
    }

    async fn insert_address_proof(&mut self, proof: &AddressProof) -> Result<(), PortError> {
        let key = proof.token_hash.as_str().to_owned();
        self.state_mut().address_proofs.insert(key, proof.clone());
        Ok(())
    }

    async fn address_proof(
        &mut self,
        token_hash: &TokenHash,
    ) -> Result<Option<AddressProof>, PortError> {
        Ok(self
            .state()
            .address_proofs
            .get(token_hash.as_str())
            .cloned())
    }

    async fn use_address_proofs_for(
        &mut self,
        email: &Email,
        at: OffsetDateTime,
    ) -> Result<(), PortError> {
        let key = email.key();
        for proof in self.state_mut().address_proofs.values_mut() {
            if proof.email.key() == key && proof.used_at.is_none() {
                proof.used_at = Some(at);
            }
        }
        Ok(())
    }

    async fn delete_address_proofs_for(&mut self, email: &Email) -> Result<(), PortError> {
        let key = email.key();
        self.state_mut()
            .address_proofs
            .retain(|_, p| p.email.key() != key);
        Ok(())
    }

    async fn delete_address_proofs_before(
        &mut self,
        before: OffsetDateTime,
    ) -> Result<u32, PortError> {
        let proofs = &mut self.state_mut().address_proofs;
        let had = proofs.len();
        proofs.retain(|_, p| p.created_at >= before);
        Ok(count(had - proofs.len()))
    }

    async fn identity(
        &mut self,
        issuer: &Issuer,
        subject: &Subject,
    ) -> Result<Option<OutsideIdentity>, PortError> {
        let key = (issuer.clone(), subject.clone());
        Ok(self.state().identities.get(&key).cloned())
    }

    async fn insert_identity(&mut self, identity: &OutsideIdentity) -> Result<(), PortError> {
        let key = (identity.issuer.clone(), identity.subject.clone());
        let identities = &mut self.state_mut().identities;
        if identities.contains_key(&key) {
            return Err(PortError::Duplicate(
                "an identity with this issuer and subject",
            ));
        }
        identities.insert(key, identity.clone());
        Ok(())
    }

    async fn identities_of(
        &mut self,
        account_id: AccountId,
    ) -> Result<Vec<OutsideIdentity>, PortError> {
        let mut linked: Vec<OutsideIdentity> = self
            .state()
            .identities
            .values()
            .filter(|i| i.account_id == account_id)
            .cloned()
            .collect();
        linked.sort_by(|a, b| {
            (a.created_at, &a.issuer, &a.subject).cmp(&(b.created_at, &b.issuer, &b.subject))
        });
        Ok(linked)
    }

    async fn delete_identities_of(&mut self, account_id: AccountId) -> Result<(), PortError> {
        self.state_mut()
            .identities
            .retain(|_, i| i.account_id != account_id);
        Ok(())
    }
}

#[async_trait]
impl Sessions for MemoryTransaction {
    async fn insert_session(&mut self, session: &Session) -> Result<(), PortError> {
        let key = session.token_hash.as_str().to_owned();
        self.state_mut().sessions.insert(key, session.clone());
        Ok(())
    }

    async fn session(&mut self, token_hash: &TokenHash) -> Result<Option<Session>, PortError> {
        Ok(self.state().sessions.get(token_hash.as_str()).cloned())
    }

    async fn update_session(&mut self, session: &Session) -> Result<(), PortError> {
        self.insert_session(session).await
    }

    async fn delete_session(&mut self, token_hash: &TokenHash) -> Result<(), PortError> {
        self.state_mut().sessions.remove(token_hash.as_str());
        Ok(())
    }

    async fn delete_sessions_of(&mut self, account_id: AccountId) -> Result<(), PortError> {
        self.state_mut()
            .sessions
            .retain(|_, s| s.account_id != account_id);
        Ok(())
    }

    async fn sessions_of(&mut self, account_id: AccountId) -> Result<Vec<Session>, PortError> {
        let mut sessions: Vec<Session> = self
            .state()
            .sessions
            .values()
            .filter(|s| s.account_id == account_id)
            .cloned()
            .collect();
        sessions.sort_by(|a, b| {
            (a.created_at, a.token_hash.as_str()).cmp(&(b.created_at, b.token_hash.as_str()))
        });
        Ok(sessions)
    }

    async fn delete_other_sessions(
        &mut self,
        account_id: AccountId,
        keep: &TokenHash,
    ) -> Result<(), PortError> {
        self.state_mut()
            .sessions
            .retain(|key, s| s.account_id != account_id || key == keep.as_str());
        Ok(())
    }

    async fn delete_dead_sessions(
        &mut self,
        idle_since: OffsetDateTime,
        started_before: OffsetDateTime,
    ) -> Result<u32, PortError> {
        let sessions = &mut self.state_mut().sessions;
        let before = sessions.len();
        sessions.retain(|_, s| s.last_seen_at >= idle_since && s.created_at >= started_before);
        Ok(count(before - sessions.len()))
    }
}
