//! `collaborate outbox`: what the operator sees of the outbox — messages waiting, failed or sent
//! lately — the retry of a failed one once what made it fail is mended, and one message as its
//! email reads.

use collaborate_core::Collaborate;
use collaborate_core::notifications::OutboxMessage;
use collaborate_core::ports::Environment;
use collaborate_core::values::{DeliveryStatus, MessageId};
use collaborate_http::mail::Mailer;
use std::fmt::Write as _;
use time::format_description::well_known::Rfc3339;

/// Lists the latest messages (of one status, if given), newest first.
///
/// # Errors
/// A status that is not one, or a store that fails.
pub async fn list<E: Environment>(
    app: &Collaborate<E>,
    status: Option<&str>,
    limit: u32,
) -> Result<String, Box<dyn std::error::Error>> {
    let status = status.map(DeliveryStatus::parse).transpose()?;
    let messages = app.outbox(status, limit).await?;
    Ok(table(&messages))
}

/// Sends a failed message again.
///
/// # Errors
/// An id that is not one, an unknown message, one that has not failed, or a store that fails.
pub async fn retry<E: Environment>(
    app: &Collaborate<E>,
    id: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    let message = app.retry_message(MessageId::parse(id)?).await?;
    Ok(format!(
        "{} is waiting again and goes at the next delivery\n",
        message.id
    ))
}

/// The message as its email reads, links included: for the operator of a server without a
/// mail server, who hands its links on.
///
/// # Errors
/// An id that is not one, an unknown message, one whose letter is gone, or a store that fails.
pub async fn show<E: Environment>(
    app: &Collaborate<E>,
    mailer: &Mailer,
    id: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    let letter = app.letter(MessageId::parse(id)?).await?;
    let composed = mailer.compose(&letter)?;
    Ok(format!(
        "To: {}\nSubject: {}\n\n{}\n",
        letter.to, composed.subject, composed.text
    ))
}

/// One line per message: id, status, kind, attempts, when written, when sent, why it failed.
fn table(messages: &[OutboxMessage]) -> String {
    let mut out = String::from("id\tstatus\tkind\tattempts\twritten\tsent\tlast error\n");
    for m in messages {
        let at = |t: time::OffsetDateTime| t.format(&Rfc3339).unwrap_or_default();
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            m.id,
            m.status,
            m.notice.kind(),
            m.attempts,
            at(m.created_at),
            m.sent_at.map(at).unwrap_or_else(|| "-".to_owned()),
            m.last_error.as_deref().unwrap_or("-"),
        );
    }
    if messages.is_empty() {
        out.push_str("(no messages)\n");
    }
    out
}
