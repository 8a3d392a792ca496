//! What a use case can answer instead of its result. One small family shared by the use cases:
//! each variant is something a person or a client can act on, and one is for the unexpected.

use crate::values::InvalidValue;

/// Why a use case did not happen. When it is returned, nothing of the use case was kept.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input was refused; the field and the reason are named.
    #[error(transparent)]
    Invalid(#[from] InvalidValue),
    /// The thing does not exist, or the caller may not know that it does.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The caller is known but may not do this (not an admin, not the right side of a request).
    #[error("{0}")]
    Forbidden(&'static str),
    /// The caller's membership is suspended: they may only read their own data.
    #[error("your membership of this group is suspended")]
    Suspended,
    /// Addresses are checked here, and the caller's is not yet confirmed: they must open the
    /// link sent to it first.
    #[error("confirm your email address first: open the link we sent to it")]
    AddressUnconfirmed,
    /// Seeking needs contributor standing: the caller must offer more first.
    #[error("to seek help you must offer it: {offers_needed} more qualifying offer(s) needed")]
    ReciprocityRequired {
        /// How many more qualifying offers would make the caller a contributor.
        offers_needed: u32,
    },
    /// The thing exists but is in the wrong state for this, or already exists: `reason` says which,
    /// in a word a program can act on.
    #[error("{message}")]
    Conflict {
        /// Why, for programs.
        reason: ConflictReason,
        /// Why, for people.
        message: String,
    },
    /// The thing changed since the caller read it: reload it and try again.
    #[error("{0}")]
    Stale(String),
    /// A questionnaire file was refused, whole: every problem of every row, with its line.
    #[error("the file was not imported: {} problem(s) in its rows", .0.len())]
    ImportRejected(Vec<RowProblem>),
    /// The email and password do not match an account (the answer never says which was wrong).
    #[error("the email or password is not right")]
    InvalidCredentials,
    /// The session is unknown, expired or ended.
    #[error("you are not signed in, or your session has ended")]
    Unauthenticated,
    /// A port failed: the use case could not finish and changed nothing.
    #[error(transparent)]
    Unexpected(PortError),
}

/// One problem of one row of a questionnaire file; a file with any is rejected whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// The line the row starts on (the header is line 1).
    pub line: u64,
    /// The column as the template names it; none for a problem of the whole row or file.
    pub column: Option<String>,
    /// What is wrong, for people.
    pub reason: String,
}

impl Error {
    pub(crate) fn conflict(reason: ConflictReason, message: impl Into<String>) -> Self {
        Self::Conflict {
            reason,
            message: message.into(),
        }
    }
}

crate::values::vocabulary!(
    /// Why a use case conflicts with the state of things: a stable word for each, declared here
    /// alone (the API's error document names them from this list).
    ConflictReason, field = "reason" {
        /// The offer already has as many open requests as its capacity.
        AtCapacity = "at_capacity",
        /// The seeker already has an open request on this offer.
        AlreadyRequested = "already_requested",
        /// The thing is not in a state that allows this step.
        WrongState = "wrong_state",
        /// The thing already exists (a name, an email, a membership, feedback).
        Duplicate = "duplicate",
        /// Others refer to the thing, so it is kept.
        InUse = "in_use",
        /// The group would be left without an active admin.
        LastAdmin = "last_admin",
        /// The thing has expired.
        Expired = "expired",
        /// The offer is paused.
        Paused = "paused",
        /// The helper is not taking requests.
        Unavailable = "unavailable",
        /// The caller reached one of the group's limits (open requests, requests a day, open
        /// concerns).
        LimitReached = "limit_reached",
        /// Nobody but the person concerned could receive a safeguarding concern.
        NoLead = "no_lead",
        /// A Peer Assist cannot be scheduled before its facilitator and two participants accept.
        NotEnoughAccepted = "not_enough_accepted",
        /// Those accepted fill no number of tables of six to eight (nine to eleven, or seventeen).
        UnevenTables = "uneven_tables",
        /// The moment for this has not come yet (a meeting marked held before it starts).
        NotYet = "not_yet",
    }
);

impl From<PortError> for Error {
    fn from(error: PortError) -> Self {
        match error {
            PortError::Duplicate(what) => {
                Self::conflict(ConflictReason::Duplicate, format!("{what} already exists"))
            }
            PortError::Stale(what) => Self::Stale(format!(
                "this {what} was changed meanwhile: reload it and try again"
            )),
            other => Self::Unexpected(other),
        }
    }
}

/// A failure reported by a port (store, hasher …).
#[derive(Debug, thiserror::Error)]
pub enum PortError {
    /// A write clashed with a uniqueness rule the store holds (the thing already exists).
    #[error("{0} already exists")]
    Duplicate(&'static str),
    /// An update lost a race: the stored thing is no longer at the version the update started from.
    #[error("{0} was changed meanwhile")]
    Stale(&'static str),
    /// Anything else: the store is unreachable, a row is corrupt, a hash is malformed.
    #[error("{context}")]
    Failed {
        /// What was being done.
        context: String,
        /// Why it failed.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync + 'static>,
    },
}

impl PortError {
    /// A failure while doing `context`, caused by `source`.
    pub fn failed(
        context: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
    ) -> Self {
        Self::Failed {
            context: context.into(),
            source: source.into(),
        }
    }
}

/// The result of a use case.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// `error` and every cause under it, outermost first, joined by ": ": a log line tells an operator
/// why, where the outermost message says only what was being done.
pub fn cause_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut chain = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        chain.push_str(": ");
        chain.push_str(&cause.to_string());
        source = cause.source();
    }
    chain
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cause_chain_names_every_cause_outermost_first() {
        let io = std::io::Error::other("disk full");
        let error = Error::from(PortError::failed("saving the offer", io));
        assert_eq!(cause_chain(&error), "saving the offer: disk full");
        assert_eq!(
            cause_chain(&Error::NotFound("offer")),
            Error::NotFound("offer").to_string()
        );
    }
}
