//! Help where people are: the quick-start guide, for members (offer, find, ask, answer) and for
//! admins (set up a group, areas, the questionnaire, reports), and on running a Peer Assist
//! (from convening to its lesson), as pages that print cleanly. Each
//! part links to the page it is about.

use super::Pages;
use super::render::{Chrome, ok};
use askama::Template;
use collaborate_core::ports::Environment;
use poem::web::{Data, Path};
use poem::{Request, Response, handler};
use std::sync::Arc;

/// A guide: its parts, each a heading, its paragraphs and where in the app it happens.
pub struct Part {
    /// The part's id, also the prefix of its messages.
    pub id: &'static str,
    /// How many paragraphs it has (`<id>-1`, `<id>-2` …).
    pub paragraphs: u32,
}

const MEMBERS: &[Part] = &[
    Part {
        id: "help-offer",
        paragraphs: 4,
    },
    Part {
        id: "help-find",
        paragraphs: 2,
    },
    Part {
        id: "help-ask",
        paragraphs: 2,
    },
    Part {
        id: "help-answer",
        paragraphs: 2,
    },
    Part {
        id: "help-contribution",
        paragraphs: 2,
    },
    Part {
        id: "help-privacy",
        paragraphs: 2,
    },
    Part {
        id: "help-safeguarding",
        paragraphs: 1,
    },
];

const ADMINS: &[Part] = &[
    Part {
        id: "help-setup",
        paragraphs: 2,
    },
    Part {
        id: "help-areas",
        paragraphs: 2,
    },
    Part {
        id: "help-questionnaire",
        paragraphs: 3,
    },
    Part {
        id: "help-members",
        paragraphs: 2,
    },
    Part {
        id: "help-matching",
        paragraphs: 3,
    },
    Part {
        id: "help-reports",
        paragraphs: 3,
    },
];

const PEER_ASSISTS: &[Part] = &[
    Part {
        id: "help-peer-assist",
        paragraphs: 3,
    },
    Part {
        id: "help-convene",
        paragraphs: 2,
    },
    Part {
        id: "help-panel",
        paragraphs: 2,
    },
    Part {
        id: "help-plan",
        paragraphs: 3,
    },
    Part {
        id: "help-follow-up",
        paragraphs: 2,
    },
    Part {
        id: "help-lessons",
        paragraphs: 2,
    },
];

#[derive(Template)]
#[template(path = "help/index.html")]
struct IndexPage<'a> {
    page: Chrome<'a>,
}

#[derive(Template)]
#[template(path = "help/guide.html")]
struct GuidePage<'a> {
    page: Chrome<'a>,
    parts: &'static [Part],
}

/// The guides.
#[handler]
pub async fn index<E: Environment>(pages: Data<&Arc<Pages<E>>>, request: &Request) -> Response {
    let visit = pages.visit(request).await;
    ok(&IndexPage {
        page: visit.chrome("help-title"),
    })
}

/// One guide: for members, for admins, or on running a Peer Assist.
#[handler]
pub async fn guide<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(who): Path<String>,
) -> Response {
    let visit = pages.visit(request).await;
    let (title, parts) = match who.as_str() {
        "members" => ("help-members-title", MEMBERS),
        "admins" => ("help-admins-title", ADMINS),
        "peer-assists" => ("help-peer-assists-title", PEER_ASSISTS),
        _ => {
            return visit.failed(super::visit::Failure::Core(
                collaborate_core::Error::NotFound("page"),
            ));
        }
    };
    ok(&GuidePage {
        page: visit.chrome(title),
        parts,
    })
}
