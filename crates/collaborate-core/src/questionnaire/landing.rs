//! What the file's import and the online questionnaire share: where one person's answers land,
//! and what is made but not yet written.

use crate::accounts::Account;
use crate::error::Result;
use crate::groups::{Invitation, Member};
use crate::notifications::OutboxMessage;
use crate::offers::{Need, Offer};
use crate::values::GroupId;
use time::OffsetDateTime;

/// Where one person's answers land: their group and membership, the time, and what is made but
/// not yet written.
pub(crate) struct Landing<'r> {
    pub(crate) group_id: GroupId,
    pub(crate) member: &'r Member,
    pub(crate) now: OffsetDateTime,
    pub(crate) pending: &'r mut Pending,
}

/// What an import has made and not yet written: written a batch of rows at a time, parents
/// before children, so that a large file costs a few statements per batch rather than a dozen
/// per person.
#[derive(Default)]
pub(crate) struct Pending {
    pub(crate) accounts: Vec<Account>,
    pub(crate) members: Vec<Member>,
    pub(crate) offers: Vec<Offer>,
    pub(crate) needs: Vec<Need>,
    pub(crate) invitations: Vec<Invitation>,
    pub(crate) messages: Vec<OutboxMessage>,
}

impl Pending {
    /// Rows read and written together.
    pub(crate) const ROWS: usize = 500;

    pub(crate) async fn write<T: crate::ports::Transaction>(&mut self, tx: &mut T) -> Result<()> {
        tx.insert_accounts(&std::mem::take(&mut self.accounts))
            .await?;
        tx.insert_members(&std::mem::take(&mut self.members))
            .await?;
        tx.insert_offers(&std::mem::take(&mut self.offers)).await?;
        tx.insert_needs(&std::mem::take(&mut self.needs)).await?;
        tx.insert_invitations(&std::mem::take(&mut self.invitations))
            .await?;
        tx.insert_messages(&std::mem::take(&mut self.messages))
            .await?;
        Ok(())
    }
}
