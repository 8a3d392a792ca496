//! A letter of the core made into an email: subject, plain text and HTML, every text from the
//! message catalogue in the recipient's language, every link absolute under the server's public
//! address. Each email says why it was sent; one about a group links to the member's choice of
//! emails.

use crate::calendar::{self, Method};
use crate::pages::{Catalogue, Messages};
use askama::Template;
use collaborate_core::notifications::{Letter, News, PeerAssistNews};
use collaborate_core::values::{MeetingFormat, RequestStatus};

/// An email ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub text: String,
    /// The HTML body: the same words.
    pub html: String,
    /// A calendar invitation, for an email that schedules, moves or cancels a meeting.
    pub calendar: Option<CalendarPart>,
}

/// A calendar file attached to an email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarPart {
    /// `REQUEST` or `CANCEL`, as its content type says.
    pub method: &'static str,
    /// The file.
    pub content: String,
}

/// One paragraph of an email, with the link that acts on it.
struct Paragraph {
    text: String,
    link: Option<Link>,
}

struct Link {
    label: String,
    url: String,
}

#[derive(Template)]
#[template(path = "mail/letter.txt")]
struct PlainLetter<'a> {
    body: &'a Body,
}

#[derive(Template)]
#[template(path = "mail/letter.html")]
struct HtmlLetter<'a> {
    body: &'a Body,
}

/// What both forms of an email say.
struct Body {
    language: String,
    subject: String,
    greeting: String,
    intro: Option<String>,
    paragraphs: Vec<Paragraph>,
    why: String,
    preference: Option<Link>,
    signature: String,
}

/// Makes `letter` into an email, its links under `public_url` (no trailing slash).
///
/// # Errors
/// A template that fails to render, in words for the operator.
pub fn compose(
    letter: &Letter,
    catalogue: &Catalogue,
    public_url: &str,
) -> Result<Composed, String> {
    let language = letter.language.as_ref().map(|l| l.as_str());
    let t = catalogue.for_visitor(language, None);
    let group_name = letter
        .group
        .as_ref()
        .map(|(_, name)| name.as_str().to_owned())
        .unwrap_or_default();
    let url = |path: String| format!("{public_url}{path}");
    let paragraphs: Vec<Paragraph> = letter
        .news
        .iter()
        .map(|news| paragraph(news, letter, &t, &group_name, &url))
        .collect();
    let subject = match (letter.digest, letter.news.first()) {
        (true, _) | (false, None) => t.with("mail-subject-digest", "group", &group_name),
        (false, Some(news)) => subject(news, &t, &group_name),
    };
    let intro = letter
        .digest
        .then(|| t.count("mail-digest-intro", letter.news.len()));
    let (why, preference) = why(letter, &t, &group_name, &url);
    let body = Body {
        language: t.language(),
        subject: subject.clone(),
        greeting: match &letter.name {
            Some(name) => t.with("mail-hello", "name", name.as_str()),
            None => t.m("mail-hello-someone"),
        },
        intro,
        paragraphs,
        why,
        preference,
        signature: t.m("mail-signature"),
    };
    let rendered = |result: askama::Result<String>| {
        result.map_err(|e| format!("an email failed to render: {e}"))
    };
    Ok(Composed {
        subject,
        text: rendered(PlainLetter { body: &body }.render())?,
        html: rendered(HtmlLetter { body: &body }.render())?,
        calendar: calendar_of(letter, &url),
    })
}

/// The calendar file of a letter that schedules, moves or cancels a meeting (never of a
/// digest: its people download it from the page).
fn calendar_of(letter: &Letter, url: &impl Fn(String) -> String) -> Option<CalendarPart> {
    let (
        false,
        [
            News::PeerAssist {
                peer_assist_id,
                what,
                title,
                meeting: Some(meeting),
                sequence,
                changed_at,
                ..
            },
        ],
    ) = (letter.digest, letter.news.as_slice())
    else {
        return None;
    };
    let method = match what {
        PeerAssistNews::Scheduled | PeerAssistNews::Moved => Method::Request,
        PeerAssistNews::Cancelled => Method::Cancel,
        _ => return None,
    };
    let group_id = letter.group.as_ref().map(|(id, _)| id.to_string())?;
    let link = url(format!("/groups/{group_id}/peer-assists/{peer_assist_id}"));
    Some(CalendarPart {
        method: match method {
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
        },
        content: calendar::invitation(
            *peer_assist_id,
            title.as_str(),
            meeting,
            (*sequence, *changed_at),
            method,
            Some(&link),
        ),
    })
}

fn subject(news: &News, t: &Messages<'_>, group: &str) -> String {
    match news {
        News::RequestReceived {
            from,
            area,
            matched,
            ..
        } => t.with_all(
            if *matched {
                "mail-subject-request-matched-helper"
            } else {
                "mail-subject-request-received"
            },
            &[("from", from.as_str()), ("area", area.as_str())],
        ),
        News::RequestMatched { helper, area, .. } => t.with_all(
            "mail-subject-request-matched",
            &[("helper", helper.as_str()), ("area", area.as_str())],
        ),
        News::RequestMoved {
            status, by, area, ..
        } => t.with_all(
            &format!("mail-subject-request-{}", status.as_str()),
            &[("by", by.as_str()), ("area", area.as_str())],
        ),
        News::RequestWaiting { from, area, .. } => t.with_all(
            "mail-subject-request-waiting",
            &[("from", from.as_str()), ("area", area.as_str())],
        ),
        News::RequestUnanswered { helper, area, .. } => t.with_all(
            "mail-subject-request-unanswered",
            &[("helper", helper.as_str()), ("area", area.as_str())],
        ),
        News::Invitation { .. } => t.with("mail-subject-invitation", "group", group),
        News::ProfileToClaim => t.with("mail-subject-profile-to-claim", "group", group),
        News::PasswordReset => t.m("mail-subject-password-reset"),
        News::AddressProof => t.m("mail-subject-address-proof"),
        News::AlreadyRegistered => t.m("mail-subject-already-registered"),
        News::ConcernRaised => t.with("mail-subject-concern-raised", "group", group),
        News::PeerAssist {
            what,
            title,
            areas,
            convenor,
            meeting,
            ..
        } => {
            let when = meeting
                .as_ref()
                .map(|m| t.moment(m.starts_at))
                .unwrap_or_default();
            t.with_all(
                &format!("mail-subject-peer-assist-{}", what_word(what)),
                &[
                    ("title", title.as_str()),
                    ("areas", &joined(areas)),
                    ("convenor", convenor.as_str()),
                    ("when", &when),
                ],
            )
        }
        News::LessonPublished { title, areas, .. } => t.with_all(
            "mail-subject-lesson-published",
            &[("title", title.as_str()), ("areas", &joined(areas))],
        ),
    }
}

/// The word of what happened to a Peer Assist, in its messages' ids.
fn what_word(what: &PeerAssistNews) -> &'static str {
    match what {
        PeerAssistNews::Invitation { .. } => "invitation",
        PeerAssistNews::Reply { .. } => "reply",
        PeerAssistNews::Scheduled => "scheduled",
        PeerAssistNews::Moved => "moved",
        PeerAssistNews::Cancelled => "cancelled",
        PeerAssistNews::Update { .. } => "update",
        PeerAssistNews::Planned => "planned",
        PeerAssistNews::ActionsDue { overdue: false, .. } => "action-due",
        PeerAssistNews::ActionsDue { overdue: true, .. } => "action-overdue",
    }
}

fn joined(names: &[collaborate_core::values::Name]) -> String {
    names
        .iter()
        .map(|n| n.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn paragraph(
    news: &News,
    letter: &Letter,
    t: &Messages<'_>,
    group: &str,
    url: &impl Fn(String) -> String,
) -> Paragraph {
    let group_id = letter
        .group
        .as_ref()
        .map(|(id, _)| id.to_string())
        .unwrap_or_default();
    let secret = letter
        .secret
        .as_ref()
        .map(|s| s.expose())
        .unwrap_or_default();
    let request_link = |request_id| {
        Some(Link {
            label: t.m("mail-open-request"),
            url: url(format!("/groups/{group_id}/requests/{request_id}")),
        })
    };
    match news {
        News::RequestReceived {
            request_id,
            from,
            area,
            mode,
            matched,
        } => Paragraph {
            text: t.with_all(
                if *matched {
                    "mail-request-matched-helper"
                } else {
                    "mail-request-received"
                },
                &[
                    ("from", from.as_str()),
                    ("area", area.as_str()),
                    ("mode", &t.word("mail-mode", mode.as_str())),
                ],
            ),
            link: request_link(request_id),
        },
        News::RequestMatched {
            request_id,
            helper,
            area,
            mode,
        } => Paragraph {
            text: t.with_all(
                "mail-request-matched",
                &[
                    ("helper", helper.as_str()),
                    ("area", area.as_str()),
                    ("mode", &t.word("mail-mode", mode.as_str())),
                ],
            ),
            link: request_link(request_id),
        },
        News::RequestMoved {
            request_id,
            status,
            by,
            area,
            about_need,
        } => Paragraph {
            text: t.with_all(
                &if *about_need {
                    "mail-request-completed-need".to_owned()
                } else {
                    format!("mail-request-{}", status.as_str())
                },
                &[("by", by.as_str()), ("area", area.as_str())],
            ),
            link: match status {
                RequestStatus::Declined | RequestStatus::Expired => Some(Link {
                    label: t.m("search-title"),
                    url: url(format!("/groups/{group_id}/search")),
                }),
                _ => request_link(request_id),
            },
        },
        News::RequestWaiting {
            request_id,
            from,
            area,
            sent,
        } => Paragraph {
            text: t.with_all(
                "mail-request-waiting",
                &[
                    ("from", from.as_str()),
                    ("area", area.as_str()),
                    ("sent", &t.date(sent.date())),
                ],
            ),
            link: request_link(request_id),
        },
        News::RequestUnanswered {
            request_id,
            helper,
            area,
            expires,
        } => Paragraph {
            text: t.with_all(
                "mail-request-unanswered",
                &[
                    ("helper", helper.as_str()),
                    ("area", area.as_str()),
                    ("expires", &t.date(expires.date())),
                ],
            ),
            link: request_link(request_id),
        },
        News::Invitation { role } => Paragraph {
            text: t.with_all(
                "mail-invitation",
                &[
                    ("group", group),
                    ("role", &t.word("mail-role", role.as_str())),
                ],
            ),
            link: Some(Link {
                label: t.m("mail-accept-invitation"),
                url: url(format!("/invitations/{secret}")),
            }),
        },
        News::ProfileToClaim => Paragraph {
            text: t.with("mail-profile-to-claim", "group", group),
            link: Some(Link {
                label: t.m("mail-claim-profile"),
                url: url(format!("/invitations/{secret}")),
            }),
        },
        News::PasswordReset => Paragraph {
            text: t.m("mail-password-reset"),
            link: Some(Link {
                label: t.m("mail-choose-password"),
                url: url(format!("/password-reset/{secret}")),
            }),
        },
        News::AddressProof => Paragraph {
            text: t.m("mail-address-proof"),
            link: Some(Link {
                label: t.m("mail-confirm-address"),
                url: url(format!("/confirm-address/{secret}")),
            }),
        },
        News::AlreadyRegistered => Paragraph {
            text: t.m("mail-already-registered"),
            link: Some(Link {
                label: t.m("mail-sign-in"),
                url: url("/sign-in".to_owned()),
            }),
        },
        News::ConcernRaised => Paragraph {
            text: t.with("mail-concern-raised", "group", group),
            link: Some(Link {
                label: t.m("mail-open-concerns"),
                url: url(format!("/groups/{group_id}/concerns")),
            }),
        },
        News::PeerAssist {
            peer_assist_id,
            what,
            title,
            areas,
            convenor,
            meeting,
            ..
        } => {
            let (when, place) = match meeting {
                Some(m) => (
                    t.moment(m.starts_at),
                    match m.format {
                        MeetingFormat::InPerson => m
                            .place
                            .as_ref()
                            .map(ToString::to_string)
                            .unwrap_or_default(),
                        MeetingFormat::Online => t.m("mail-peer-assist-online"),
                    },
                ),
                None => (String::new(), String::new()),
            };
            let mut named = vec![
                ("title", title.to_string()),
                ("areas", joined(areas)),
                ("convenor", convenor.to_string()),
                ("when", when),
                ("where", place),
            ];
            match what {
                PeerAssistNews::Invitation { role } => {
                    named.push(("role", t.word("mail-peer-assist-role", role.as_str())))
                }
                PeerAssistNews::Reply {
                    accepted,
                    declined,
                    waiting,
                    ready,
                } => named.extend([
                    ("accepted", accepted.to_string()),
                    ("declined", declined.to_string()),
                    ("waiting", waiting.to_string()),
                    ("ready", if *ready { "yes" } else { "no" }.to_owned()),
                ]),
                PeerAssistNews::Update { message } => named.push(("message", message.to_string())),
                PeerAssistNews::ActionsDue { actions, .. } => named.push((
                    "actions",
                    actions
                        .iter()
                        .map(|(what, due)| {
                            t.with_all(
                                "mail-action",
                                &[("what", what.as_str()), ("due", &t.date(*due))],
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("; "),
                )),
                _ => {}
            }
            let named: Vec<(&str, &str)> = named.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let planned = matches!(what, PeerAssistNews::Planned);
            Paragraph {
                text: t.with_all(&format!("mail-peer-assist-{}", what_word(what)), &named),
                link: (!planned).then(|| Link {
                    label: t.m("mail-open-peer-assist"),
                    url: url(format!("/groups/{group_id}/peer-assists/{peer_assist_id}")),
                }),
            }
        }
        News::LessonPublished {
            lesson_id,
            title,
            areas,
        } => Paragraph {
            text: t.with_all(
                "mail-lesson-published",
                &[("title", title.as_str()), ("areas", &joined(areas))],
            ),
            link: Some(Link {
                label: t.m("mail-open-lesson"),
                url: url(format!("/groups/{group_id}/lessons/{lesson_id}")),
            }),
        },
    }
}

/// Why the letter was sent, and the link to the recipient's choice of emails where they have one.
fn why(
    letter: &Letter,
    t: &Messages<'_>,
    group: &str,
    url: &impl Fn(String) -> String,
) -> (String, Option<Link>) {
    let preference = |id| {
        Some(Link {
            label: t.m("mail-change-emails"),
            url: url(format!("/groups/{id}/profile#emails")),
        })
    };
    match (letter.news.first(), &letter.group) {
        (Some(News::PasswordReset), _) | (None, None) => (t.m("mail-why-password-reset"), None),
        (Some(News::AddressProof | News::AlreadyRegistered), _) => (t.m("mail-why-address"), None),
        (Some(News::Invitation { .. } | News::ProfileToClaim), _) => {
            (t.with("mail-why-invitation", "group", group), None)
        }
        (Some(News::ConcernRaised), _) => (t.with("mail-why-concern", "group", group), None),
        (_, Some((id, _))) if letter.digest => {
            (t.with("mail-why-digest", "group", group), preference(id))
        }
        (_, Some((id, _))) => (t.with("mail-why-immediate", "group", group), preference(id)),
        (_, None) => (t.m("mail-why-password-reset"), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use collaborate_core::values::{
        DisplayName, Email, GroupId, GroupName, Language, MessageId, Mode, Name, RequestId, Role,
        SecretToken,
    };
    use rstest::rstest;
    use uuid::Uuid;

    fn letter(news: Vec<News>, digest: bool) -> Letter {
        Letter {
            message_id: MessageId::from_uuid(Uuid::from_u128(7)),
            to: Email::parse("sam@example.org").unwrap(),
            name: Some(DisplayName::parse("Sam").unwrap()),
            language: Some(Language::parse("en-GB").unwrap()),
            group: Some((
                GroupId::from_uuid(Uuid::from_u128(1)),
                GroupName::parse("Leeds schools").unwrap(),
            )),
            news,
            digest,
            secret: Some(SecretToken::from_random_bytes([3; 32])),
        }
    }

    fn moved(status: RequestStatus) -> News {
        News::RequestMoved {
            request_id: RequestId::from_uuid(Uuid::from_u128(9)),
            status,
            by: DisplayName::parse("Alex").unwrap(),
            area: Name::parse("Budgets").unwrap(),
            about_need: false,
        }
    }

    fn received() -> News {
        News::RequestReceived {
            request_id: RequestId::from_uuid(Uuid::from_u128(9)),
            from: DisplayName::parse("Alex").unwrap(),
            area: Name::parse("Budgets").unwrap(),
            mode: Mode::InPerson,
            matched: false,
        }
    }

    #[rstest]
    #[case::request_received("request_received", vec![received()], false)]
    #[case::request_accepted("request_accepted", vec![moved(RequestStatus::Accepted)], false)]
    #[case::request_declined("request_declined", vec![moved(RequestStatus::Declined)], false)]
    #[case::request_completed("request_completed", vec![moved(RequestStatus::Completed)], false)]
    #[case::request_cancelled("request_cancelled", vec![moved(RequestStatus::Cancelled)], false)]
    #[case::request_expired("request_expired", vec![moved(RequestStatus::Expired)], false)]
    #[case::invitation("invitation", vec![News::Invitation { role: Role::Admin }], false)]
    #[case::profile_to_claim("profile_to_claim", vec![News::ProfileToClaim], false)]
    #[case::password_reset("password_reset", vec![News::PasswordReset], false)]
    #[case::address_proof("address_proof", vec![News::AddressProof], false)]
    #[case::already_registered("already_registered", vec![News::AlreadyRegistered], false)]
    #[case::concern_raised("concern_raised", vec![News::ConcernRaised], false)]
    #[case::digest("digest", vec![received(), moved(RequestStatus::Accepted)], true)]
    fn every_email_reads_as_written(
        #[case] name: &str,
        #[case] news: Vec<News>,
        #[case] digest: bool,
    ) {
        let mut letter = letter(news, digest);
        if matches!(
            letter.news[..],
            [News::PasswordReset | News::AddressProof | News::AlreadyRegistered]
        ) {
            letter.group = None;
        }
        let catalogue = Catalogue::shipped().unwrap();
        let email = compose(&letter, &catalogue, "https://exchange.example.org").unwrap();
        insta::assert_snapshot!(
            name,
            format!("Subject: {}\n\n{}", email.subject, email.text)
        );
        assert!(
            email
                .html
                .contains(&format!("<title>{}</title>", email.subject))
        );
    }

    #[test]
    fn the_seeker_is_asked_about_their_need_and_matched_requests_say_who_asked() {
        let catalogue = Catalogue::shipped().unwrap();
        let email = |news: News| {
            compose(&letter(vec![news], false), &catalogue, "https://x.example").unwrap()
        };
        let completed = email(News::RequestMoved {
            request_id: RequestId::from_uuid(Uuid::from_u128(9)),
            status: RequestStatus::Completed,
            by: DisplayName::parse("Alex").unwrap(),
            area: Name::parse("Budgets").unwrap(),
            about_need: true,
        });
        assert!(
            completed.text.contains("say whether it met your need"),
            "{}",
            completed.text
        );
        let to_helper = email(News::RequestReceived {
            request_id: RequestId::from_uuid(Uuid::from_u128(9)),
            from: DisplayName::parse("Alex").unwrap(),
            area: Name::parse("Budgets").unwrap(),
            mode: Mode::Video,
            matched: true,
        });
        assert!(
            to_helper.subject.contains("matched you to help Alex"),
            "{}",
            to_helper.subject
        );
        let to_seeker = email(News::RequestMatched {
            request_id: RequestId::from_uuid(Uuid::from_u128(9)),
            helper: DisplayName::parse("Sam").unwrap(),
            area: Name::parse("Budgets").unwrap(),
            mode: Mode::Video,
        });
        assert!(
            to_seeker.subject.contains("asked Sam to help you"),
            "{}",
            to_seeker.subject
        );
        assert!(
            to_seeker.text.contains("/requests/"),
            "the request is linked"
        );
    }

    #[test]
    fn names_are_escaped_in_html_and_left_as_written_in_text() {
        let mut letter = letter(vec![received()], false);
        letter.name = Some(DisplayName::parse("Sam <b>&</b>").unwrap());
        let email = compose(&letter, &Catalogue::shipped().unwrap(), "https://x.example").unwrap();
        assert!(email.text.starts_with("Hello Sam <b>&</b>,"));
        assert!(
            email
                .html
                .contains("Hello Sam &#60;b&#62;&#38;&#60;/b&#62;,"),
            "{}",
            email.html
        );
    }
}
