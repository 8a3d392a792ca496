//! # The web app
//!
//! Server-rendered pages over the same use cases as the API, one module per family of pages.
//! They share the API's session (the same cookie: signing in on a page signs in the API, and back),
//! carry a token on every form (`visit`), take every text from the message catalogue
//! (`catalogue`), and work without any script. A handler reads the visit, calls one use case
//! and renders its answer; it decides nothing the core decides.

mod accounts;
mod addresses;
mod admin;
mod assets;
mod audit;
mod capacity;
mod catalogue;
mod charts;
mod concerns;
mod contribution;
mod forms;
mod group_creation;
mod groups;
mod help;
mod imports;
mod invitations;
mod map;
mod matching;
mod members;
mod offers;
mod outside;
mod passwords;
mod peer_assists;
mod profile;
mod questionnaire;
mod render;
mod reports;
mod requests;
mod search;
mod taxonomy;
mod visit;

pub use catalogue::{Catalogue, Messages};

use crate::limits::Limits;
use crate::{BodyLimit, HttpConfig};
use collaborate_core::Collaborate;
use collaborate_core::ports::Environment;
use poem::middleware::CookieJarManager;
use poem::web::Data;
use poem::{Endpoint, EndpointExt, IntoResponse, Request, Response, Route, get, handler};
use render::{ProblemPage, html};
use std::sync::Arc;
use visit::Failure;

/// What every page needs: the application, the sign-in limits, the server's settings and the
/// catalogue.
pub struct Pages<E: Environment> {
    app: Arc<Collaborate<E>>,
    limits: Arc<Limits>,
    config: HttpConfig,
    catalogue: Catalogue,
}

impl<E: Environment> Pages<E> {
    /// The pages of `app`.
    pub fn new(
        app: Arc<Collaborate<E>>,
        limits: Arc<Limits>,
        config: HttpConfig,
        catalogue: Catalogue,
    ) -> Self {
        Self {
            app,
            limits,
            config,
            catalogue,
        }
    }
}

/// Every page, under `/`; paths it does not know answer the "not found" page.
/// Bodies over `body_limit` are refused with a page too.
pub(crate) fn routes<E: Environment>(
    pages: Arc<Pages<E>>,
    body_limit: BodyLimit,
) -> impl Endpoint<Output = Response> {
    let on_error = Arc::clone(&pages);
    Route::new()
        .at("/", get(accounts::start::<E>::default()))
        .at(
            "/sign-up",
            get(accounts::sign_up_form::<E>::default()).post(accounts::sign_up::<E>::default()),
        )
        .at(
            "/sign-in",
            get(accounts::sign_in_form::<E>::default()).post(accounts::sign_in::<E>::default()),
        )
        .at(
            "/sign-in/with/:provider",
            get(outside::begin::<E>::default()),
        )
        .at(
            "/sign-in/with/:provider/callback",
            get(outside::callback::<E>::default()),
        )
        .at("/sign-out", poem::post(accounts::sign_out::<E>::default()))
        .at("/account", get(accounts::account::<E>::default()))
        .at(
            "/account/password",
            poem::post(passwords::change::<E>::default()),
        )
        .at(
            "/password-reset",
            get(passwords::forgotten_form::<E>::default())
                .post(passwords::forgotten::<E>::default()),
        )
        .at(
            "/password-reset/:token",
            get(passwords::choose_form::<E>::default()).post(passwords::choose::<E>::default()),
        )
        .at(
            "/confirm-address/:token",
            get(addresses::confirm_form::<E>::default()).post(addresses::confirm::<E>::default()),
        )
        .at(
            "/account/confirm-address",
            poem::post(addresses::send_link::<E>::default()),
        )
        .at(
            "/account/language",
            poem::post(accounts::language::<E>::default()),
        )
        .at("/help", get(help::index::<E>::default()))
        .at("/help/:who", get(help::guide::<E>::default()))
        .at(
            "/account/erase",
            poem::post(accounts::erase::<E>::default()),
        )
        .at("/groups", get(groups::mine::<E>::default()))
        .at(
            "/groups/new",
            get(group_creation::form::<E>::default()).post(group_creation::create::<E>::default()),
        )
        .at("/groups/:group", get(groups::home::<E>::default()))
        .at(
            "/groups/:group/join",
            get(groups::join_form::<E>::default()).post(groups::join::<E>::default()),
        )
        .at("/groups/:group/admin", get(admin::hub::<E>::default()))
        .at(
            "/groups/:group/admin/matching",
            get(matching::proposals::<E>::default()).post(matching::propose::<E>::default()),
        )
        .at(
            "/groups/:group/admin/matching/:proposal",
            get(matching::proposal::<E>::default()).post(matching::confirm::<E>::default()),
        )
        .at(
            "/groups/:group/needs/:need/suggestions",
            get(matching::suggestions::<E>::default()),
        )
        .at(
            "/groups/:group/admin/settings",
            get(admin::settings::<E>::default()).post(admin::save_settings::<E>::default()),
        )
        .at(
            "/groups/:group/admin/areas",
            get(taxonomy::areas::<E>::default()).post(taxonomy::add_area::<E>::default()),
        )
        .at(
            "/groups/:group/admin/areas/:area",
            get(taxonomy::area::<E>::default()).post(taxonomy::change_area::<E>::default()),
        )
        .at(
            "/groups/:group/admin/areas/:area/remove",
            poem::post(taxonomy::remove_area::<E>::default()),
        )
        .at(
            "/groups/:group/admin/organisations",
            get(taxonomy::organisations::<E>::default())
                .post(taxonomy::add_organisation::<E>::default()),
        )
        .at(
            "/groups/:group/admin/reports",
            get(reports::show::<E>::default()),
        )
        .at(
            "/groups/:group/admin/questionnaire",
            get(imports::questionnaire::<E>::default()),
        )
        .at(
            "/groups/:group/admin/capacity",
            get(capacity::show::<E>::default()),
        )
        .at(
            "/groups/:group/admin/audit",
            get(audit::show::<E>::default()),
        )
        .at(
            "/groups/:group/admin/imports",
            get(imports::form::<E>::default()).post(imports::send::<E>::default()),
        )
        .at(
            "/groups/:group/admin/members",
            get(members::list::<E>::default()),
        )
        .at(
            "/groups/:group/admin/members/:member",
            poem::post(members::change::<E>::default()),
        )
        .at(
            "/groups/:group/admin/invitations",
            get(invitations::list::<E>::default()).post(invitations::invite::<E>::default()),
        )
        .at(
            "/groups/:group/admin/invitations/:invitation/withdraw",
            poem::post(invitations::withdraw::<E>::default()),
        )
        .at(
            "/invitations/:token",
            get(invitations::show::<E>::default()).post(invitations::accept::<E>::default()),
        )
        .at(
            "/invitations/:token/claim",
            poem::post(invitations::claim::<E>::default()),
        )
        .at(
            "/groups/:group/concerns/raise",
            get(concerns::raise_form::<E>::default()).post(concerns::raise::<E>::default()),
        )
        .at(
            "/groups/:group/concerns",
            get(concerns::list::<E>::default()),
        )
        .at(
            "/groups/:group/concerns/:concern",
            get(concerns::show::<E>::default()).post(concerns::act::<E>::default()),
        )
        .at(
            "/groups/:group/peer-assists",
            get(peer_assists::list::<E>::default()),
        )
        .at(
            "/groups/:group/peer-assists/new",
            get(peer_assists::new_form::<E>::default()).post(peer_assists::convene::<E>::default()),
        )
        .at(
            "/groups/:group/peer-assists/:peer_assist",
            get(peer_assists::show::<E>::default()).post(peer_assists::step::<E>::default()),
        )
        .at(
            "/groups/:group/peer-assists/:peer_assist/edit",
            get(peer_assists::edit_form::<E>::default()).post(peer_assists::save::<E>::default()),
        )
        .at(
            "/groups/:group/peer-assists/:peer_assist/panel",
            get(peer_assists::panel::<E>::default()),
        )
        .at(
            "/groups/:group/peer-assists/:peer_assist/invitations",
            poem::post(peer_assists::invite::<E>::default()),
        )
        .at(
            "/groups/:group/peer-assists/:peer_assist/agenda",
            get(peer_assists::agenda_form::<E>::default())
                .post(peer_assists::save_agenda::<E>::default()),
        )
        .at(
            "/groups/:group/lessons",
            get(peer_assists::lessons::<E>::default()),
        )
        .at(
            "/groups/:group/lessons/:lesson",
            get(peer_assists::lesson::<E>::default()),
        )
        .at(
            "/groups/:group/questionnaire",
            get(questionnaire::show::<E>::default()).post(questionnaire::save::<E>::default()),
        )
        .at(
            "/groups/:group/profile",
            get(profile::show::<E>::default()).post(profile::save::<E>::default()),
        )
        .at(
            "/groups/:group/contribution",
            get(contribution::show::<E>::default()),
        )
        .at(
            "/groups/:group/leave",
            poem::post(profile::leave::<E>::default()),
        )
        .at("/groups/:group/search", get(search::search::<E>::default()))
        .at(
            "/groups/:group/ask/:offer",
            get(search::ask_form::<E>::default()).post(search::ask::<E>::default()),
        )
        .at(
            "/groups/:group/requests",
            get(requests::list::<E>::default()),
        )
        .at(
            "/groups/:group/requests/:request",
            get(requests::show::<E>::default()).post(requests::step::<E>::default()),
        )
        .at(
            "/groups/:group/requests/:request/feedback",
            get(requests::to_request::<E>::default()).post(requests::feedback::<E>::default()),
        )
        .at(
            "/groups/:group/requests/:request/need-answer",
            get(requests::to_request::<E>::default()).post(requests::need_answer::<E>::default()),
        )
        .at("/groups/:group/:side", get(offers::list::<E>::default()))
        .at(
            "/groups/:group/:side/new",
            get(offers::new_form::<E>::default()).post(offers::create::<E>::default()),
        )
        .at(
            "/groups/:group/:side/:item",
            poem::post(offers::change::<E>::default()),
        )
        .at(
            "/groups/:group/:side/:item/edit",
            get(offers::edit_form::<E>::default()).post(offers::save::<E>::default()),
        )
        .at(
            "/groups/:group/:side/:item/delete",
            get(offers::delete_form::<E>::default()).post(offers::delete::<E>::default()),
        )
        .at("/assets/:file", get(assets::serve))
        // Not one catch-all at the root: it would take `/` from the start page.
        .at("/:unknown", not_found::<E>::default())
        .at("/:unknown/*rest", not_found::<E>::default())
        .data(pages)
        .with(body_limit)
        .catch_all_error(move |error| {
            let pages = Arc::clone(&on_error);
            async move { pages.refused(&error) }
        })
        .with(CookieJarManager::new())
}

impl<E: Environment> Pages<E> {
    /// The page of a request refused before it reached a handler (a form that is not a form, a
    /// method the path does not take), in the default language.
    fn refused(&self, error: &poem::Error) -> Response {
        let t = self.catalogue.for_visitor(None, None);
        let page = ProblemPage {
            next: None,
            page: render::Chrome {
                t,
                title: t.m("problem-refused-title"),
                form_token: String::new(),
                signed_in: false,
                problems: render::Problems::default(),
                done: None,
            },
            lead: t.m("problem-refused"),
            more: String::new(),
        };
        html(error.status(), &page)
    }
}

#[handler]
async fn not_found<E: Environment>(pages: Data<&Arc<Pages<E>>>, request: &Request) -> Response {
    pages
        .visit(request)
        .await
        .failed(Failure::Core(collaborate_core::Error::NotFound("page")))
        .into_response()
}
