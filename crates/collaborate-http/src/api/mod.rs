//! The operations of the HTTP contract, one module per resource. Each module holds one
//! `#[OpenApi]` impl for its tag, its request and response shapes and their conversion into the
//! core's inputs; none decides anything of its own. [`shared`] is the plumbing they share.

mod accounts;
mod audit;
mod concerns;
pub(crate) mod contribution;
mod groups;
mod imports;
mod invitations;
mod matching;
mod members;
mod offers;
mod peer_assists;
mod reports;
mod requests;
mod rights;
mod search;
mod shared;
mod taxonomy;

pub use shared::Context;

use collaborate_core::ports::Environment;
use poem_openapi::Tags;

/// Every operation of the contract, resource by resource.
pub type Api<E> = (
    accounts::AccountsApi<E>,
    groups::GroupsApi<E>,
    invitations::InvitationsApi<E>,
    members::MembersApi<E>,
    contribution::ContributionApi<E>,
    taxonomy::TaxonomyApi<E>,
    offers::OffersApi<E>,
    search::SearchApi<E>,
    requests::RequestsApi<E>,
    audit::AuditApi<E>,
    imports::ImportsApi<E>,
    reports::ReportsApi<E>,
    concerns::ConcernsApi<E>,
    peer_assists::PeerAssistsApi<E>,
    matching::MatchingApi<E>,
);

/// Every operation, over one context.
pub fn api<E: Environment>(context: &Context<E>) -> Api<E> {
    (
        accounts::AccountsApi(context.clone()),
        groups::GroupsApi(context.clone()),
        invitations::InvitationsApi(context.clone()),
        members::MembersApi(context.clone()),
        contribution::ContributionApi(context.clone()),
        taxonomy::TaxonomyApi(context.clone()),
        offers::OffersApi(context.clone()),
        search::SearchApi(context.clone()),
        requests::RequestsApi(context.clone()),
        audit::AuditApi(context.clone()),
        imports::ImportsApi(context.clone()),
        reports::ReportsApi(context.clone()),
        concerns::ConcernsApi(context.clone()),
        peer_assists::PeerAssistsApi(context.clone()),
        matching::MatchingApi(context.clone()),
    )
}

#[derive(Tags)]
enum Tag {
    /// Accounts, sessions and the caller: who they are, everything stored about them, erasure.
    Accounts,
    /// Groups, their settings and joining by code.
    Groups,
    /// Invitations into a group.
    Invitations,
    /// Members and their profiles.
    Members,
    /// Areas of support and organisations.
    Taxonomy,
    /// One's offers and needs.
    OffersAndNeeds,
    /// Finding peers who can help.
    Search,
    /// Asking for help, and what follows.
    Requests,
    /// The audit trail: sensitive acts, and who received whose contact details.
    Audit,
    /// The questionnaire import: pre-loading a group from a CSV file.
    Imports,
    /// The back office's reports: patterns of offer and need, gaps, flow, reciprocity, trends.
    Reports,
    /// Safeguarding: concerns raised privately with the group's leads, and who the leads are.
    Safeguarding,
    /// Peer Assists: peers gathered before a project, the meeting's plan, actions, updates and
    /// the lessons published for the whole group.
    PeerAssists,
    /// Matching: an offer proposed for every open need at once, and the offers that suit one
    /// need.
    Matching,
}

#[cfg(test)]
mod tests {
    use super::accounts::{AccountBody, RegisterInput, SessionBody, SignInInput};
    use super::groups::{JoinInput, SettingsBody, SettingsInput};
    use super::invitations::{InvitationBody, InvitationMadeBody};
    use poem_openapi::types::MaybeUndefined;

    const SECRET: &str = "S3CRET-VALUE-4417";

    /// No shape holding a password, a token or a join code prints it.
    #[test]
    fn shapes_holding_secrets_never_print_them() {
        let account = AccountBody {
            id: "a".into(),
            email: "ada@example.org".into(),
            display_name: "Ada".into(),
            created_at: "2026-11-23T00:00:00Z".into(),
            address_confirmed: true,
        };
        let settings = SettingsBody {
            min_offers: 3,
            request_expiry_days: 14,
            peer_assist_min_days_ahead: 14,
            max_open_requests: 5,
            max_requests_per_day: 10,
            join_code: Some(SECRET.into()),
        };
        let printed = [
            format!(
                "{:?}",
                RegisterInput {
                    email: "ada@example.org".into(),
                    password: SECRET.into(),
                    display_name: "Ada".into()
                }
            ),
            format!(
                "{:?}",
                SignInInput {
                    email: "ada@example.org".into(),
                    password: SECRET.into()
                }
            ),
            format!(
                "{:?}",
                SessionBody {
                    token: SECRET.into(),
                    account
                }
            ),
            format!(
                "{:?}",
                JoinInput {
                    join_code: SECRET.into()
                }
            ),
            format!(
                "{:?}",
                SettingsInput {
                    join_code: MaybeUndefined::Value(SECRET.into()),
                    ..SettingsInput::default()
                }
            ),
            format!("{settings:?}"),
            format!(
                "{:?}",
                InvitationMadeBody {
                    invitation: InvitationBody {
                        id: "i".into(),
                        email: "new@example.org".into(),
                        role: "member".into(),
                        invited_by: "m".into(),
                        created_at: "2026-11-23T00:00:00Z".into(),
                        expires_at: "2026-12-07T00:00:00Z".into(),
                    },
                    token: SECRET.into(),
                }
            ),
        ];
        for line in printed {
            assert!(!line.contains(SECRET), "{line}");
            assert!(line.contains("***"), "{line}");
        }
    }
}
