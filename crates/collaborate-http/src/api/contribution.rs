//! A member's record of contribution: what they helped with and were helped with, and the Peer
//! Assists they took part in, as JSON or as a CSV file for their development record.

use super::Tag;
use super::shared::{Answer, Context, rfc3339};
use crate::auth::Credentials;
use crate::tables::{Table, csv_of};
use collaborate_core::contribution::{Contribution, HelpDone, PeerAssistTakenPart};
use collaborate_core::ports::Environment;
use poem_openapi::param::Path;
use poem_openapi::payload::{Json, PlainText};
use poem_openapi::{ApiResponse, Object, OpenApi};

/// The operations on one's record of contribution.
pub struct ContributionApi<E: Environment>(pub(super) Context<E>);

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Members")]
impl<E: Environment> ContributionApi<E> {
    /// Your record of contribution in the group: the requests you completed as helper and as
    /// seeker, with what the seeker said of the help, and the Peer Assists held that you took
    /// part in; latest first. It names nobody else. A suspended member may read theirs.
    #[oai(
        path = "/groups/:group_id/members/me/contribution",
        method = "get",
        operation_id = "getMyContribution"
    )]
    async fn contribution(
        &self,
        auth: Credentials,
        group_id: Path<String>,
    ) -> Answer<Json<ContributionBody>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let record = self.0.app.my_contribution(account, group).await?;
        Ok(Json(ContributionBody::from(&record)))
    }

    /// Your record of contribution as a CSV file: one row for each help given, help received
    /// and Peer Assist taken part in.
    #[oai(
        path = "/groups/:group_id/members/me/contribution/csv",
        method = "get",
        operation_id = "getMyContributionCsv"
    )]
    async fn contribution_csv(
        &self,
        auth: Credentials,
        group_id: Path<String>,
    ) -> Answer<ContributionCsv> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let record = self.0.app.my_contribution(account, group).await?;
        Ok(ContributionCsv::Csv(
            PlainText(csv_of(&table_of(&record))),
            CONTRIBUTION_FILE.to_owned(),
        ))
    }
}

/// How the record's CSV file is offered for download.
pub(crate) const CONTRIBUTION_FILE: &str = "attachment; filename=\"contribution.csv\"";

/// The record's CSV file.
#[derive(Debug, ApiResponse)]
pub enum ContributionCsv {
    /// The record as a table.
    #[oai(status = 200, content_type = "text/csv; charset=utf-8")]
    Csv(
        PlainText<String>,
        #[oai(header = "Content-Disposition")] String,
    ),
}

/// A member's record of contribution.
#[derive(Debug, Object)]
pub struct ContributionBody {
    /// Your name in the group.
    pub display_name: String,
    /// The group.
    pub group: String,
    /// When the record was made.
    pub made_at: String,
    /// How many times you gave help: requests completed as helper, Peer Assists facilitated or
    /// joined.
    pub times_given: u32,
    /// How many times you received help: requests completed as seeker, Peer Assists convened.
    pub times_received: u32,
    /// The help you gave, latest first.
    pub given: Vec<HelpDoneBody>,
    /// The help you received, latest first.
    pub received: Vec<HelpDoneBody>,
    /// The Peer Assists you took part in, latest first.
    pub peer_assists: Vec<PeerAssistTakenPartBody>,
}

/// One request completed.
#[derive(Debug, Object)]
pub struct HelpDoneBody {
    /// The request.
    pub request_id: String,
    /// Its area; `null` once the area was removed.
    #[oai(nullable)]
    pub area: Option<String>,
    /// When it was completed.
    pub completed_at: String,
    /// How the help was given.
    pub mode: String,
    /// The seeker's rating, 1 to 5.
    #[oai(nullable)]
    pub rating: Option<u32>,
    /// The seeker's comment.
    #[oai(nullable)]
    pub comment: Option<String>,
    /// What the seeker said of the need it answered: `met`, `partly` or `not_met`.
    #[oai(nullable)]
    pub need_answer: Option<String>,
}

/// One Peer Assist taken part in.
#[derive(Debug, Object)]
pub struct PeerAssistTakenPartBody {
    /// The Peer Assist.
    pub peer_assist_id: String,
    /// Its title; `null` once its convenor erased their account.
    #[oai(nullable)]
    pub title: Option<String>,
    /// When it met.
    pub met_at: String,
    /// Your part: `convenor`, `facilitator` or `participant`.
    pub role: String,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl From<&Contribution> for ContributionBody {
    fn from(c: &Contribution) -> Self {
        Self {
            display_name: c.member.to_string(),
            group: c.group.to_string(),
            made_at: rfc3339(c.made_at),
            times_given: count(c.times_given()),
            times_received: count(c.times_received()),
            given: c.given.iter().map(HelpDoneBody::from).collect(),
            received: c.received.iter().map(HelpDoneBody::from).collect(),
            peer_assists: c
                .peer_assists
                .iter()
                .map(PeerAssistTakenPartBody::from)
                .collect(),
        }
    }
}

impl From<&HelpDone> for HelpDoneBody {
    fn from(h: &HelpDone) -> Self {
        Self {
            request_id: h.request_id.to_string(),
            area: h.area.as_ref().map(ToString::to_string),
            completed_at: rfc3339(h.completed_at),
            mode: h.mode.as_str().to_owned(),
            rating: h.rating.map(|r| r.get()),
            comment: h.comment.as_ref().map(ToString::to_string),
            need_answer: h.need_answer.map(|a| a.as_str().to_owned()),
        }
    }
}

impl From<&PeerAssistTakenPart> for PeerAssistTakenPartBody {
    fn from(p: &PeerAssistTakenPart) -> Self {
        Self {
            peer_assist_id: p.peer_assist_id.to_string(),
            title: p.title.as_ref().map(ToString::to_string),
            met_at: rfc3339(p.met_at),
            role: p.role.as_str().to_owned(),
        }
    }
}

/// The record as a table: `kind` is `gave`, `received` or `peer_assist`; `what` the area (or
/// the Peer Assist's title), `how` the mode (or the part taken).
pub(crate) fn table_of(c: &Contribution) -> Table {
    let day = |at: time::OffsetDateTime| at.date().to_string();
    let help = |kind: &str, h: &HelpDone| {
        vec![
            kind.to_owned(),
            h.area.as_ref().map(ToString::to_string).unwrap_or_default(),
            day(h.completed_at),
            h.mode.as_str().to_owned(),
            h.rating.map(|r| r.get().to_string()).unwrap_or_default(),
            h.comment
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            h.need_answer
                .map(|a| a.as_str().to_owned())
                .unwrap_or_default(),
        ]
    };
    let given = c.given.iter().map(|h| help("gave", h));
    let received = c.received.iter().map(|h| help("received", h));
    let peer_assists = c.peer_assists.iter().map(|p| {
        vec![
            "peer_assist".to_owned(),
            p.title
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            day(p.met_at),
            p.role.as_str().to_owned(),
            String::new(),
            String::new(),
            String::new(),
        ]
    });
    Table::new(
        &["kind", "what", "date", "how", "rating", "comment", "need"],
        given.chain(received).chain(peer_assists),
    )
}
