//! Email: the core's letters composed from the message catalogue and sent over SMTP (lettre,
//! rustls), or written to the log when the server has no SMTP settings. Each message carries a
//! Message-ID made from its outbox id, so a message delivered twice (after a worker died between
//! sending and recording it) is known by mail clients as one.

mod compose;

pub use compose::{Composed, compose};

use crate::pages::Catalogue;
use async_trait::async_trait;
use collaborate_core::notifications::{DeliveryFailed, Letter, Postman};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// Where letters go.
enum Transport {
    /// An SMTP server.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// The log: for a server without SMTP settings, which says a letter was written and keeps
    /// it (its links included) for the operator to read with `collaborate outbox --show`.
    Log,
}

/// The server's postman: composes each letter in its recipient's language and sends it.
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    catalogue: Catalogue,
    public_url: String,
    /// The right-hand side of every Message-ID: the public address's host.
    domain: String,
}

impl Mailer {
    /// A postman sending over SMTP: `smtp_url` is `smtp://[user:password@]host[:port]` (STARTTLS
    /// when the server offers it; `?tls=required` to insist) or `smtps://…` (TLS from the start).
    ///
    /// # Errors
    /// A URL or address that does not parse, in words for the operator.
    pub fn smtp(
        smtp_url: &str,
        from: &str,
        public_url: &str,
        catalogue: Catalogue,
    ) -> Result<Self, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|e| format!("the SMTP URL: {e}"))?
            .build();
        Self::new(Transport::Smtp(transport), from, public_url, catalogue)
    }

    /// A postman writing every letter to the log.
    ///
    /// # Errors
    /// As [`Mailer::smtp`].
    pub fn log(from: &str, public_url: &str, catalogue: Catalogue) -> Result<Self, String> {
        Self::new(Transport::Log, from, public_url, catalogue)
    }

    fn new(
        transport: Transport,
        from: &str,
        public_url: &str,
        catalogue: Catalogue,
    ) -> Result<Self, String> {
        let from = from
            .parse::<Mailbox>()
            .map_err(|e| format!("the sender's address \"{from}\": {e}"))?;
        let public_url = public_url.trim_end_matches('/').to_owned();
        let domain = host_of(&public_url)
            .ok_or_else(|| format!("the public URL \"{public_url}\" has no host"))?
            .to_owned();
        Ok(Self {
            transport,
            from,
            catalogue,
            public_url,
            domain,
        })
    }

    /// What a letter says, as its email would: its subject and its words, links included (for
    /// the operator of a server without a mail server, who hands them on).
    ///
    /// # Errors
    /// When the catalogue lacks a text the letter needs.
    pub fn compose(&self, letter: &Letter) -> Result<Composed, String> {
        compose(letter, &self.catalogue, &self.public_url)
    }

    /// The email a letter makes: headers and both bodies.
    fn message(&self, letter: &Letter) -> Result<(Message, Composed), DeliveryFailed> {
        let composed =
            compose(letter, &self.catalogue, &self.public_url).map_err(DeliveryFailed)?;
        let to = Mailbox::new(
            letter.name.as_ref().map(|n| n.as_str().to_owned()),
            letter
                .to
                .as_str()
                .parse()
                .map_err(|e| DeliveryFailed(format!("the recipient's address: {e}")))?,
        );
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(composed.subject.clone())
            .message_id(Some(format!("<{}@{}>", letter.message_id, self.domain)))
            .multipart(body_of(&composed))
            .map_err(|e| DeliveryFailed(format!("the email could not be built: {e}")))?;
        Ok((message, composed))
    }
}

/// The parts of an email: its text and HTML, and its calendar invitation when it has one
/// (as mail clients expect it: `text/calendar` with the method, beside the words).
fn body_of(composed: &Composed) -> MultiPart {
    let words = MultiPart::alternative_plain_html(composed.text.clone(), composed.html.clone());
    match &composed.calendar {
        None => words,
        Some(calendar) => {
            let kind = format!("text/calendar; charset=utf-8; method={}", calendar.method);
            let file = Attachment::new("peer-assist.ics".to_owned()).body(
                calendar.content.clone(),
                ContentType::parse(&kind).unwrap_or(ContentType::TEXT_PLAIN),
            );
            MultiPart::mixed().multipart(words).singlepart(file)
        }
    }
}

/// The host of a URL, without its port: an IPv6 address keeps its brackets (`[::1]`), which a
/// Message-ID takes as it is.
fn host_of(url: &str) -> Option<&str> {
    let authority = url.split("://").nth(1)?.split(['/', '?', '#']).next()?;
    let host = match authority.strip_prefix('[') {
        Some(rest) => &authority[..rest.find(']')? + 2],
        None => authority.split(':').next()?,
    };
    (!host.is_empty()).then_some(host)
}

#[async_trait]
impl Postman for Mailer {
    async fn send(&self, letter: &Letter) -> Result<(), DeliveryFailed> {
        let (message, composed) = self.message(letter)?;
        match &self.transport {
            Transport::Smtp(smtp) => {
                smtp.send(message)
                    .await
                    .map_err(|e| DeliveryFailed(format!("the SMTP server: {e}")))?;
            }
            Transport::Log => tracing::info!(
                to = %letter.to.as_str(),
                message_id = %letter.message_id,
                subject = %composed.subject,
                "an email was written, not sent (no SMTP server is set): \
                 `collaborate outbox --show {}` prints it",
                letter.message_id
            ),
        }
        Ok(())
    }

    fn keeps_letters_for_the_operator(&self) -> bool {
        matches!(self.transport, Transport::Log)
    }
}

#[cfg(test)]
mod tests {
    use super::host_of;
    use rstest::rstest;

    #[rstest]
    #[case("https://exchange.example.org", Some("exchange.example.org"))]
    #[case("http://127.0.0.1:8080/", Some("127.0.0.1"))]
    #[case("http://[::1]:8080", Some("[::1]"))]
    #[case("http://:8080", None)]
    #[case("exchange.example.org", None)]
    fn the_message_id_takes_the_public_urls_host(#[case] url: &str, #[case] host: Option<&str>) {
        assert_eq!(host_of(url), host);
    }
}
