//! `collaborate import`: the questionnaire import from the command line, with a progress bar on a
//! terminal and the same per-row report as the API.

use collaborate_core::Error;
use collaborate_core::questionnaire::{
    ImportMode, ImportReport, Importer, InvitationKind, MemberOutcome, Questionnaire, RowProblem,
    Tally,
};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::Write;
use std::path::Path;

use crate::{App, Failure};

/// Imports `file` into the group named `group` (its id or slug), or only says what that would do.
///
/// # Errors
/// A failure for a file that cannot be read or is too large, an unknown group, or a file
/// rejected (after its problems are printed).
pub async fn run(app: &App, group: &str, file: &Path, mode: ImportMode) -> Result<(), Failure> {
    let size = std::fs::metadata(file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?
        .len();
    if usize::try_from(size).map_or(true, |n| n > Questionnaire::MOST_BYTES) {
        return Err(format!(
            "{} is larger than {} MiB: split it and import each part",
            file.display(),
            Questionnaire::MOST_BYTES / (1024 * 1024)
        )
        .into());
    }
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let group = app.group_named(group).await?;
    let bar = ProgressBar::new(0).with_style(
        ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len} rows")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(format!("importing into {}", group.name));
    let progress = |done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let imported = app
        .import_questionnaire(Importer::Operator, group.id, &bytes, mode, &progress)
        .await;
    bar.finish_and_clear();
    let mut out = std::io::stdout().lock();
    match imported {
        Ok(report) => Ok(print_report(&mut out, &report)?),
        Err(Error::ImportRejected(problems)) => {
            print_problems(&mut out, &problems)?;
            Err(format!(
                "{} was not imported: {} problem(s) in its rows",
                file.display(),
                problems.len()
            )
            .into())
        }
        Err(other) => Err(other.into()),
    }
}

/// Prints the template.
///
/// # Errors
/// When standard output cannot be written.
pub fn print_template() -> std::io::Result<()> {
    std::io::stdout().write_all(Questionnaire::template_for(&[]).as_bytes())
}

fn print_report(out: &mut impl Write, report: &ImportReport) -> std::io::Result<()> {
    let tally = |t: Tally| format!("{} new, {} updated", t.created, t.updated);
    for row in &report.rows {
        let member = match row.member {
            MemberOutcome::Created => "created",
            MemberOutcome::Updated => "updated",
            MemberOutcome::Kept => "kept as its member made it",
        };
        let invitation = match row.invitation {
            Some(InvitationKind::Claim) => ", invited to claim",
            Some(InvitationKind::Accept) => ", invited to accept",
            None => "",
        };
        writeln!(
            out,
            "line {}: {} {member}{invitation}; offers {}; needs {}",
            row.line,
            row.email,
            tally(row.offers),
            tally(row.needs)
        )?;
    }
    for name in &report.organisations_created {
        writeln!(out, "organisation created: {name}")?;
    }
    for invitation in &report.invitations {
        let kind = match invitation.kind {
            InvitationKind::Claim => "claim",
            InvitationKind::Accept => "accept",
        };
        writeln!(
            out,
            "invitation to {kind} for {}: POST /api/v1/invitations/{}/{kind}",
            invitation.email,
            invitation.token.expose()
        )?;
    }
    writeln!(
        out,
        "{} rows: {} members created, {} updated{}",
        report.rows.len(),
        report.members(MemberOutcome::Created),
        report.members(MemberOutcome::Updated),
        if report.dry_run {
            " (dry run: nothing was written)"
        } else {
            ""
        }
    )
}

fn print_problems(out: &mut impl Write, problems: &[RowProblem]) -> std::io::Result<()> {
    for problem in problems {
        match &problem.column {
            Some(column) => writeln!(
                out,
                "line {}, column {column}: {}",
                problem.line, problem.reason
            )?,
            None => writeln!(out, "line {}: {}", problem.line, problem.reason)?,
        }
    }
    Ok(())
}
