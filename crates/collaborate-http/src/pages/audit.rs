//! The audit trail for admins: who did what to whom and when, with what changed, newest first,
//! by kind and by day, a page at a time or whole as a spreadsheet. Concerns about the admin
//! reading it are not listed to them (the core's filter).

use super::Pages;
use super::catalogue::Messages;
use super::groups::group_of;
use super::render::{Chrome, Problems, html, ok};
use super::visit::Failure;
use crate::tables::{Table, csv_of};
use askama::Template;
use collaborate_core::audit::{Actor, AuditAction, AuditEvent, AuditFilter};
use collaborate_core::groups::MemberFilter;
use collaborate_core::paging::{Cursor, PageRequest};
use collaborate_core::ports::Environment;
use collaborate_core::values::{AccountId, GroupId, InvalidValue, Limit, MemberId};
use poem::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use poem::web::{Data, Path, Query};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};

/// Which events, from where, and how.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Asked {
    kind: String,
    /// The first day, as a date field sends it (`2026-12-01`).
    from: String,
    /// The last day, included.
    to: String,
    after: Option<String>,
    format: String,
}

/// One event as the trail shows it.
pub struct Line {
    at: OffsetDateTime,
    when: String,
    who: String,
    kind: &'static str,
    whom: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    kinds: &'static [&'static str],
    asked: Asked,
    lines: Vec<Line>,
    next: Option<String>,
}

/// The most events one download holds: the newest, when there are more.
const DOWNLOAD_MOST: usize = 20_000;

/// A page of the trail, or the whole of it as CSV.
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
        let filter = match filter_of(&asked).map_err(Failure::fields) {
            Ok(filter) => filter,
            Err(Ok(refused)) => {
                let problems = Problems::of_refused(visit.t, &refused);
                let status = problems.status();
                let page = AuditPage {
                    page: visit.chrome_with("audit-title", problems),
                    group,
                    kinds: &AuditAction::KINDS,
                    asked,
                    lines: Vec::new(),
                    next: None,
                };
                return Ok(html(status, &page));
            }
            Err(Err(other)) => return Err(other),
        };
        let names = names(&pages, account, group).await?;
        let line = |e: &AuditEvent| line_of(&visit.t, &names, e);
        if asked.format == "csv" {
            let events = every_event(&pages, account, group, &filter).await?;
            return Ok(csv(&visit.t, events.iter().map(line)));
        }
        let page = PageRequest {
            limit: Limit::new(50)?,
            after: asked.after.as_deref().map(Cursor::parse).transpose()?,
        };
        let events = pages.app.audit_log(account, group, filter, page).await?;
        let lines = events.items.iter().map(line).collect();
        Ok::<_, Failure>(ok(&AuditPage {
            page: visit.chrome("audit-title"),
            group,
            kinds: &AuditAction::KINDS,
            asked,
            lines,
            next: events.next_cursor.map(|c| c.to_string()),
        }))
    };
    visit.answer(shown.await)
}

/// The core's filter for what was asked: a kind, and days from the first to the last, both
/// included.
fn filter_of(asked: &Asked) -> Result<AuditFilter, Failure> {
    let kind = Some(asked.kind.as_str())
        .filter(|k| !k.is_empty())
        .map(AuditAction::parse_kind)
        .transpose()?;
    let from = day(&asked.from, "from")?.map(|d| d.midnight().assume_utc());
    let to = day(&asked.to, "to")?
        .map(|d| {
            d.next_day()
                .map(|next| next.midnight().assume_utc())
                .ok_or_else(|| InvalidValue::new("to", "must be a day before 31 December 9999"))
        })
        .transpose()?;
    if let (Some(from), Some(to)) = (from, to)
        && to <= from
    {
        return Err(InvalidValue::new("to", "must not be before the first day").into());
    }
    Ok(AuditFilter {
        kind,
        from,
        to,
        ..AuditFilter::default()
    })
}

fn day(raw: &str, field: &'static str) -> Result<Option<Date>, InvalidValue> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(raw, &format)
        .map(Some)
        .map_err(|_| InvalidValue::new(field, "must be a day such as 2026-12-01"))
}

/// One event in words: the names of the members, the kind and what changed.
fn line_of(t: &Messages, names: &BTreeMap<MemberId, String>, e: &AuditEvent) -> Line {
    let name = |id: Option<MemberId>| {
        id.and_then(|id| names.get(&id).cloned())
            .unwrap_or_default()
    };
    Line {
        at: e.at,
        when: t.moment(e.at),
        who: match e.actor {
            Actor::Member(id) => name(Some(id)),
            Actor::System => t.m("audit-system"),
        },
        kind: e.action.kind(),
        whom: name(e.action.subject()),
        detail: detail(t, &e.action),
    }
}

/// What changed, in words: from and to for a role or a status, the settings changed, the area
/// and what was done to it, the counts of an import.
fn detail(t: &Messages, action: &AuditAction) -> String {
    let from_to = |from: String, to: String| {
        t.with_all(
            "audit-from-to",
            &[("from", from.as_str()), ("to", to.as_str())],
        )
    };
    match action {
        AuditAction::RoleChanged { from, to, .. } => {
            from_to(t.word("role", from.as_str()), t.word("role", to.as_str()))
        }
        AuditAction::StatusChanged { from, to, .. } => from_to(
            t.word("status", from.as_str()),
            t.word("status", to.as_str()),
        ),
        AuditAction::InvitationMade { role, .. } => t.word("role", role.as_str()),
        AuditAction::GroupChanged { changed } => changed
            .iter()
            .map(|change| {
                let setting = t.word("setting", change.setting.as_str());
                match (&change.from, &change.to) {
                    (Some(from), Some(to)) => t.with_all(
                        "audit-setting-from-to",
                        &[("setting", &setting), ("from", from), ("to", to)],
                    ),
                    _ => setting,
                }
            })
            .collect::<Vec<_>>()
            .join("; "),
        AuditAction::AreaChanged { name, change, .. } => t.with_all(
            "audit-area",
            &[
                ("area", name.as_ref()),
                ("change", &t.word("area-change", change.as_str())),
            ],
        ),
        AuditAction::OrganisationAdded { name, .. } => name.to_string(),
        AuditAction::QuestionnaireImported {
            rows,
            members_created,
            members_updated,
            invitations,
        } => t.with_all(
            "audit-imported",
            &[
                ("rows", &rows.to_string()),
                ("created", &members_created.to_string()),
                ("updated", &members_updated.to_string()),
                ("invitations", &invitations.to_string()),
            ],
        ),
        AuditAction::ConcernActed { step, .. } => t.word("concern-step", step.as_str()),
        AuditAction::SafeguardingLeadChanged { named, .. } => t.m(if *named {
            "lead-named"
        } else {
            "audit-lead-unnamed"
        }),
        AuditAction::PeerAssistInvited { role, .. } => t.word("peer-assist-role", role.as_str()),
        AuditAction::ProposalConfirmed { requests, .. } => {
            t.count("audit-proposal-requests", *requests)
        }
        AuditAction::ContactsRevealed { .. }
        | AuditAction::PeerAssistScheduled { .. }
        | AuditAction::PeerAssistCancelled { .. }
        | AuditAction::LessonPublished { .. }
        | AuditAction::InvitationRevoked { .. }
        | AuditAction::DataExported { .. }
        | AuditAction::AccountErased { .. }
        | AuditAction::ConcernRaised { .. } => String::new(),
    }
}

/// Every event the filter admits, newest first, up to [`DOWNLOAD_MOST`].
async fn every_event<E: Environment>(
    pages: &Pages<E>,
    account: AccountId,
    group: GroupId,
    filter: &AuditFilter,
) -> Result<Vec<AuditEvent>, collaborate_core::Error> {
    let mut events = Vec::new();
    let mut after = None;
    while events.len() < DOWNLOAD_MOST {
        let page = PageRequest {
            limit: Limit::new(500)?,
            after,
        };
        let listed = pages
            .app
            .audit_log(account, group, filter.clone(), page)
            .await?;
        events.extend(listed.items);
        match listed.next_cursor {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    events.truncate(DOWNLOAD_MOST);
    Ok(events)
}

/// The lines as a spreadsheet, with the moment in full.
fn csv(t: &Messages, lines: impl Iterator<Item = Line>) -> Response {
    let table = Table::new(
        &["at", "who", "what", "about", "detail"],
        lines.map(|line| {
            vec![
                line.at.format(&Rfc3339).unwrap_or_default(),
                line.who,
                t.word("audit", line.kind),
                line.whom,
                line.detail,
            ]
        }),
    );
    Response::builder()
        .header(CONTENT_TYPE, "text/csv; charset=utf-8")
        .header(CONTENT_DISPOSITION, "attachment; filename=\"audit.csv\"")
        .body(csv_of(&table))
        .into_response()
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
        let members = pages
            .app
            .list_members(account, group, &MemberFilter::default(), page)
            .await?;
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
