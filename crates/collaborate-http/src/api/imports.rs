//! The questionnaire import (admins): the template, and a file imported or dry-run.

use super::Tag;
use super::shared::{Answer, Context};
use crate::auth::Credentials;
use crate::payload::CsvBody;
use collaborate_core::ports::Environment;
use collaborate_core::questionnaire::{
    ImportMode, ImportReport, Importer, InvitationKind, MemberOutcome, RowOutcome, Tally,
};
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::{Json, PlainText};
use poem_openapi::{ApiResponse, Object, OpenApi};

/// The operations of the questionnaire import.
pub struct ImportsApi<E: Environment>(pub(super) Context<E>);

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Imports")]
impl<E: Environment> ImportsApi<E> {
    /// Import a questionnaire file (admins): one row per person — new people are pre-loaded and
    /// invited, people already in the group updated. All or nothing: any problem in any row
    /// rejects the file (422, listing every problem with its line and column). With
    /// `dry_run=true` the answer is exactly what the import would do, and nothing is written.
    #[oai(
        path = "/groups/:group_id/imports",
        method = "post",
        operation_id = "importQuestionnaire"
    )]
    async fn import(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        /// Only say what the import would do.
        dry_run: Query<Option<bool>>,
        file: CsvBody,
    ) -> Answer<Json<ImportReportBody>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let mode = if dry_run.0.unwrap_or(false) {
            ImportMode::DryRun
        } else {
            ImportMode::Commit
        };
        let report = self
            .0
            .app
            .import_questionnaire(Importer::Admin(account), group, &file.0, mode, &|_, _| ())
            .await?;
        Ok(Json(ImportReportBody::from(&report)))
    }

    /// The questionnaire's template: its header row, as CSV (admins).
    #[oai(
        path = "/groups/:group_id/imports/template",
        method = "get",
        operation_id = "getImportTemplate"
    )]
    async fn template(&self, auth: Credentials, group_id: Path<String>) -> Answer<Template> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let template = self.0.app.questionnaire_template(account, group).await?;
        Ok(Template::Csv(
            PlainText(format!("\u{FEFF}{template}")),
            "attachment; filename=\"questionnaire-template.csv\"".to_owned(),
        ))
    }
}

/// The template file.
#[derive(Debug, ApiResponse)]
pub enum Template {
    /// The header row, with a byte-order mark so that spreadsheets read it as UTF-8.
    #[oai(status = 200, content_type = "text/csv; charset=utf-8")]
    Csv(
        PlainText<String>,
        #[oai(header = "Content-Disposition")] String,
    ),
}

/// What an import did, or would do.
#[derive(Debug, Object)]
pub struct ImportReportBody {
    /// Whether nothing was written.
    pub dry_run: bool,
    /// People new to the group, pre-loaded.
    pub members_created: u32,
    /// People already in the group, updated.
    pub members_updated: u32,
    /// Members who have taken up their place: nothing of theirs was changed.
    pub members_kept: u32,
    /// One outcome per row, in file order.
    pub rows: Vec<RowOutcomeBody>,
    /// Organisations the file named that the group did not have, made by the import.
    pub organisations_created: Vec<String>,
    /// The invitations made, each with the token to pass on (none in a dry run): `claim` at
    /// `POST /api/v1/invitations/{token}/claim` with a password, `accept` signed in at
    /// `POST /api/v1/invitations/{token}/accept`.
    pub invitations: Vec<IssuedInvitationBody>,
}

/// What became of one row's person.
#[derive(Debug, Object)]
pub struct RowOutcomeBody {
    /// The row's line in the file.
    pub line: u64,
    /// The person.
    pub email: String,
    /// `created` (new to the group, pre-loaded) or `updated`.
    pub member: String,
    /// The invitation they get: `claim` (no account yet), `accept` (an account), or none.
    #[oai(nullable)]
    pub invitation: Option<String>,
    /// Offers made and updated.
    pub offers: TallyBody,
    /// Needs made and updated.
    pub needs: TallyBody,
}

/// Things made and updated.
#[derive(Debug, Object)]
pub struct TallyBody {
    /// Made.
    pub created: u32,
    /// Updated.
    pub updated: u32,
}

/// An invitation an import made.
#[derive(Object)]
pub struct IssuedInvitationBody {
    /// The person.
    pub email: String,
    /// `claim` or `accept`.
    pub kind: String,
    /// The token to pass on; shown once.
    pub token: String,
}

super::shared::debug_hiding!(IssuedInvitationBody { email, kind } hiding { token });

fn kind(kind: InvitationKind) -> String {
    match kind {
        InvitationKind::Claim => "claim",
        InvitationKind::Accept => "accept",
    }
    .to_owned()
}

impl From<Tally> for TallyBody {
    fn from(t: Tally) -> Self {
        Self {
            created: t.created,
            updated: t.updated,
        }
    }
}

impl From<&RowOutcome> for RowOutcomeBody {
    fn from(r: &RowOutcome) -> Self {
        Self {
            line: r.line,
            email: r.email.to_string(),
            member: match r.member {
                MemberOutcome::Created => "created",
                MemberOutcome::Updated => "updated",
                MemberOutcome::Kept => "kept",
            }
            .to_owned(),
            invitation: r.invitation.map(kind),
            offers: r.offers.into(),
            needs: r.needs.into(),
        }
    }
}

impl From<&ImportReport> for ImportReportBody {
    fn from(report: &ImportReport) -> Self {
        Self {
            dry_run: report.dry_run,
            members_created: report.members(MemberOutcome::Created),
            members_updated: report.members(MemberOutcome::Updated),
            members_kept: report.members(MemberOutcome::Kept),
            rows: report.rows.iter().map(RowOutcomeBody::from).collect(),
            organisations_created: report
                .organisations_created
                .iter()
                .map(ToString::to_string)
                .collect(),
            invitations: report
                .invitations
                .iter()
                .map(|i| IssuedInvitationBody {
                    email: i.email.to_string(),
                    kind: kind(i.kind),
                    token: i.token.expose().to_owned(),
                })
                .collect(),
        }
    }
}
