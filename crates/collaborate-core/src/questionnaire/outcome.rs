//! What an import answers: who ran it, whether it was a dry run, and each row's outcome.

use super::*;

/// Who runs an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Importer {
    /// An admin of the group (through the API): the invitations are theirs, the audit names them.
    Admin(crate::values::AccountId),
    /// The operator, from the command line: the invitations are issued in the name of the
    /// group's longest-standing active admin (so they die with that admin's rights, like any
    /// other), and the audit trail names the system.
    Operator,
}

/// Whether an import writes, or only answers what it would do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportMode {
    /// Answers exactly what the import would do, and writes nothing.
    DryRun,
    /// Writes it all, or nothing if any row is refused.
    Commit,
}

/// What an import did, or would do, row by row.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportReport {
    /// Whether nothing was written.
    pub dry_run: bool,
    /// One outcome per row, in file order.
    pub rows: Vec<RowOutcome>,
    /// Organisations the file named that the group did not have, made by the import.
    pub organisations_created: Vec<Name>,
    /// The invitations made, with the tokens to hand to their people (none in a dry run).
    pub invitations: Vec<IssuedInvitation>,
}

impl ImportReport {
    /// How many rows had `outcome`.
    pub fn members(&self, outcome: MemberOutcome) -> u32 {
        let n = self.rows.iter().filter(|r| r.member == outcome).count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }
}

/// What became of one row's person.
#[derive(Debug, Clone, PartialEq)]
pub struct RowOutcome {
    /// The row's line.
    pub line: u64,
    /// The person.
    pub email: Email,
    /// Whether their membership was made or updated.
    pub member: MemberOutcome,
    /// The invitation they were sent, if one was needed.
    pub invitation: Option<InvitationKind>,
    /// How many offers were made and updated.
    pub offers: Tally,
    /// How many needs were made and updated.
    pub needs: Tally,
}

/// Whether a row made a member or updated one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberOutcome {
    /// New to the group: pre-loaded, waiting for the person to take up the place.
    Created,
    /// Already known to the group, not yet signed in to their place: their profile, strengths
    /// and needs were updated.
    Updated,
    /// A member who has taken up their place: what they made their own is theirs, and nothing
    /// of it changed (one who had left or was removed is invited back).
    Kept,
}

/// Which invitation a pre-loaded person needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationKind {
    /// New to the group: the invitation lets them claim the profile by setting a password, or
    /// accept it with an account they already have.
    Claim,
    /// Known to the group with an account: they accept the invitation once signed in.
    Accept,
}

/// Things made and updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// Made.
    pub created: u32,
    /// Updated.
    pub updated: u32,
}

/// An invitation an import made, with its token: shown once, to the admin, to pass on.
#[derive(Debug, Clone, PartialEq)]
pub struct IssuedInvitation {
    /// The person.
    pub email: Email,
    /// Which invitation.
    pub kind: InvitationKind,
    /// Its token.
    pub token: crate::values::SecretToken,
}
