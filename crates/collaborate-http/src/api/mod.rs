//! The operations of the HTTP contract, one module per resource. Each module holds one
//! `#[OpenApi]` impl for its tag, its request and response shapes and their conversion into the
//! core's inputs; none decides anything of its own. [`shared`] is the plumbing they share.

mod accounts;
mod groups;
mod invitations;
mod members;
mod offers;
mod requests;
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
    taxonomy::TaxonomyApi<E>,
    offers::OffersApi<E>,
    search::SearchApi<E>,
    requests::RequestsApi<E>,
);

/// Every operation, over one context.
pub fn api<E: Environment>(context: &Context<E>) -> Api<E> {
    (
        accounts::AccountsApi(context.clone()),
        groups::GroupsApi(context.clone()),
        invitations::InvitationsApi(context.clone()),
        members::MembersApi(context.clone()),
        taxonomy::TaxonomyApi(context.clone()),
        offers::OffersApi(context.clone()),
        search::SearchApi(context.clone()),
        requests::RequestsApi(context.clone()),
    )
}

#[derive(Tags)]
enum Tag {
    /// Accounts, sessions and the caller.
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
}
