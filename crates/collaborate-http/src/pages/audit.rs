//! The audit trail for admins: who did what to whom and when, newest first, by kind, a page at a
//! time. Concerns about the admin reading it are not listed to them (the core's filter).

use super::Pages;
use super::groups::group_of;
use super::render::{Chrome, ok};
use askama::Template;
use collaborate_core::audit::{Actor, AuditAction, AuditFilter};
use collaborate_core::paging::{Cursor, PageRequest};
use collaborate_core::ports::Environment;
use collaborate_core::values::{AccountId, GroupId, Limit, MemberId};
use poem::web::{Data, Path, Query};
use poem::{Request, Response, handler};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Which events, from where.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Asked {
    kind: String,
    after: Option<String>,
}

/// One event as the trail shows it.
pub struct Line {
    at: String,
    who: String,
    kind: &'static str,
    whom: String,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    kinds: &'static [&'static str],
    kind: String,
    lines: Vec<Line>,
    next: Option<String>,
}

/// A page of the trail.
#[handler]
pub async fn show<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
    Query(asked): Query<Asked>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = async {
        let (account, group) = (visit.account()?, group_of(&group)?);
        let kind = Some(asked.kind.as_str())
            .filter(|k| !k.is_empty())
            .map(AuditAction::parse_kind)
            .transpose()?;
        let filter = AuditFilter {
            kind,
            ..AuditFilter::default()
        };
        let page = PageRequest {
            limit: Limit::new(50)?,
            after: asked.after.as_deref().map(Cursor::parse).transpose()?,
        };
        let events = pages.app.audit_log(account, group, filter, page).await?;
        let names = names(&pages, account, group).await?;
        let name = |id: Option<MemberId>| {
            id.and_then(|id| names.get(&id).cloned())
                .unwrap_or_default()
        };
        let lines = events
            .items
            .iter()
            .map(|e| Line {
                at: e.at.date().to_string(),
                who: match e.actor {
                    Actor::Member(id) => name(Some(id)),
                    Actor::System => visit.t.m("audit-system"),
                },
                kind: e.action.kind(),
                whom: name(e.action.subject()),
            })
            .collect();
        Ok(ok(&AuditPage {
            page: visit.chrome("audit-title"),
            group,
            kinds: &AuditAction::KINDS,
            kind: asked.kind.clone(),
            lines,
            next: events.next_cursor.map(|c| c.to_string()),
        }))
    };
    visit.answer(shown.await)
}

/// Every member's name, read a page at a time.
async fn names<E: Environment>(
    pages: &Pages<E>,
    account: AccountId,
    group: GroupId,
) -> Result<BTreeMap<MemberId, String>, collaborate_core::Error> {
    let mut names = BTreeMap::new();
    let mut after = None;
    loop {
        let page = PageRequest {
            limit: Limit::new(500)?,
            after,
        };
        let members = pages.app.list_members(account, group, page).await?;
        names.extend(
            members
                .items
                .into_iter()
                .map(|m| (m.id, m.display_name.to_string())),
        );
        match members.next_cursor {
            Some(next) => after = Some(next),
            None => return Ok(names),
        }
    }
}
