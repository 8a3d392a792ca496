//! The shapes of a person's data rights (`GET /me/export`, `DELETE /me`, operations of the
//! account): everything stored about them, and the confirmation of an erasure.

use super::audit::{AuditEventBody, RevealBody};
use super::concerns::RaisedConcernBody;
use super::members::MemberBody;
use super::offers::{NeedBody, OfferBody};
use super::requests::RequestBody;
use super::shared::{debug_hiding, rfc3339};
use collaborate_core::rights::{
    AccountRecord, InvitationRecord, MembershipRecord, MyData, SessionRecord,
};
use poem_openapi::Object;
use serde::Deserialize;

/// Confirming an erasure.
#[derive(Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct EraseInput {
    /// The account's password.
    pub password: String,
}

/// Everything stored about one person.
#[derive(Debug, Object)]
pub struct ExportBody {
    /// The account (never its password).
    pub account: ExportedAccountBody,
    /// Sessions not yet ended: when each began and was last used.
    pub sessions: Vec<ExportedSessionBody>,
    /// Each group one belongs or belonged to, with what one keeps there.
    pub memberships: Vec<ExportedMembershipBody>,
    /// The invitations addressed to one's email.
    pub invitations: Vec<ExportedInvitationBody>,
    /// The identities at OpenID providers that sign in as the account, oldest first.
    pub identities: Vec<ExportedIdentityBody>,
}

/// One identity at an OpenID provider, linked to the account.
#[derive(Debug, Object)]
pub struct ExportedIdentityBody {
    /// The provider's issuer URL.
    pub issuer: String,
    /// The person's id at that issuer (its `sub`).
    pub subject: String,
    /// When it was linked.
    pub linked_at: String,
}

/// The account, as its person downloads it.
#[derive(Debug, Object)]
pub struct ExportedAccountBody {
    /// Its id.
    pub id: String,
    /// The address it signs in with.
    pub email: String,
    /// The name shown by default.
    pub display_name: String,
    /// When it was registered.
    pub created_at: String,
    /// False for a profile pre-loaded by an import and not yet claimed.
    pub has_password: bool,
    /// The language chosen to read the exchange in (a BCP 47 tag); `null` follows the browser.
    #[oai(nullable)]
    pub language: Option<String>,
}

/// One session (no token).
#[derive(Debug, Object)]
pub struct ExportedSessionBody {
    /// When it began.
    pub created_at: String,
    /// When it was last used.
    pub last_seen_at: String,
}

/// One membership with what its person keeps in the group.
#[derive(Debug, Object)]
pub struct ExportedMembershipBody {
    /// The group.
    pub group_id: String,
    /// Its name.
    pub group_name: String,
    /// The membership and the whole profile.
    pub member: MemberBody,
    /// How one hears by email of what concerns one in the group.
    pub notifications: String,
    /// Whether the group's admins may name one among the helpers to thank.
    pub named_in_thanks: bool,
    /// Offers.
    pub offers: Vec<OfferBody>,
    /// Needs.
    pub needs: Vec<NeedBody>,
    /// Requests sent or received.
    pub requests: Vec<RequestBody>,
    /// Who received one's contact details, when, through which request.
    pub reveals: Vec<RevealBody>,
    /// Changes made to the membership's role and status, by whom and when.
    pub history: Vec<AuditEventBody>,
    /// The safeguarding concerns one raised.
    pub concerns_raised: Vec<RaisedConcernBody>,
    /// The Peer Assists one was in, with what one wrote there and the actions one owns.
    pub peer_assists: Vec<ExportedPeerAssistBody>,
    /// The lessons one published.
    pub lessons: Vec<ExportedLessonBody>,
}

/// A Peer Assist one was in: how, and one's own words and actions in it.
#[derive(Debug, Object)]
pub struct ExportedPeerAssistBody {
    /// Its id.
    pub id: String,
    /// `convenor`, `facilitator`, `participant`.
    pub roles: Vec<String>,
    /// Where it stands.
    pub status: String,
    /// When it meets.
    pub starts_at: String,
    /// Its title, for its convenor.
    #[oai(nullable)]
    pub title: Option<String>,
    /// What it is for, for its convenor.
    #[oai(nullable)]
    pub purpose: Option<String>,
    /// Background, for its convenor.
    #[oai(nullable)]
    pub background: Option<String>,
    /// What its convenor wanted out of it.
    #[oai(nullable)]
    pub desired_outcomes: Option<String>,
    /// The notes one wrote, by phase.
    pub notes: Vec<ExportedNotesBody>,
    /// The actions one owns: what, by when, where each stands.
    pub actions: Vec<ExportedActionBody>,
    /// The updates one sent, as its convenor.
    pub updates: Vec<String>,
}

/// Notes one wrote of a phase.
#[derive(Debug, Object)]
pub struct ExportedNotesBody {
    /// `tell`, `ask`, `analyse` or `feedback`.
    pub phase: String,
    /// The notes.
    pub notes: String,
}

/// An action one owns.
#[derive(Debug, Object)]
pub struct ExportedActionBody {
    /// What.
    pub what: String,
    /// By when.
    pub due_on: String,
    /// `open`, `done` or `dropped`.
    pub status: String,
}

/// A lesson one published.
#[derive(Debug, Object)]
pub struct ExportedLessonBody {
    /// Its title.
    pub title: String,
    /// Its summary.
    pub summary: String,
    /// Its insights.
    pub insights: String,
    /// Its actions taken.
    pub actions_taken: String,
    /// When.
    pub published_at: String,
}

/// An invitation addressed to one (no token).
#[derive(Debug, Object)]
pub struct ExportedInvitationBody {
    /// The group.
    pub group_id: String,
    /// The role offered.
    pub role: String,
    /// When it was made.
    pub created_at: String,
    /// When it was accepted.
    #[oai(nullable)]
    pub accepted_at: Option<String>,
    /// When it was withdrawn.
    #[oai(nullable)]
    pub revoked_at: Option<String>,
}

impl From<&MyData> for ExportBody {
    fn from(data: &MyData) -> Self {
        Self {
            account: ExportedAccountBody::from(&data.account),
            sessions: data
                .sessions
                .iter()
                .map(ExportedSessionBody::from)
                .collect(),
            memberships: data
                .memberships
                .iter()
                .map(ExportedMembershipBody::from)
                .collect(),
            invitations: data
                .invitations
                .iter()
                .map(ExportedInvitationBody::from)
                .collect(),
            identities: data
                .identities
                .iter()
                .map(|i| ExportedIdentityBody {
                    issuer: i.issuer.as_str().to_owned(),
                    subject: i.subject.as_str().to_owned(),
                    linked_at: rfc3339(i.created_at),
                })
                .collect(),
        }
    }
}

impl From<&AccountRecord> for ExportedAccountBody {
    fn from(a: &AccountRecord) -> Self {
        Self {
            id: a.id.to_string(),
            email: a.email.to_string(),
            display_name: a.display_name.to_string(),
            created_at: rfc3339(a.created_at),
            has_password: a.has_password,
            language: a.language.as_ref().map(|l| l.as_str().to_owned()),
        }
    }
}

impl From<&SessionRecord> for ExportedSessionBody {
    fn from(s: &SessionRecord) -> Self {
        Self {
            created_at: rfc3339(s.created_at),
            last_seen_at: rfc3339(s.last_seen_at),
        }
    }
}

impl From<&MembershipRecord> for ExportedMembershipBody {
    fn from(m: &MembershipRecord) -> Self {
        Self {
            group_id: m.group_id.to_string(),
            group_name: m.group_name.to_string(),
            member: MemberBody::from(&m.member),
            notifications: m.member.notifications.as_str().to_owned(),
            named_in_thanks: m.member.named_in_thanks,
            offers: m.offers.iter().map(OfferBody::from).collect(),
            needs: m.needs.iter().map(NeedBody::from).collect(),
            requests: m.requests.iter().map(RequestBody::from).collect(),
            reveals: m.reveals.iter().map(RevealBody::from).collect(),
            history: m.history.iter().map(AuditEventBody::from).collect(),
            concerns_raised: m
                .concerns_raised
                .iter()
                .map(RaisedConcernBody::from)
                .collect(),
            peer_assists: m
                .peer_assists
                .iter()
                .map(|p| {
                    let brief = p.brief.as_ref();
                    ExportedPeerAssistBody {
                        id: p.id.to_string(),
                        roles: p.roles.iter().map(ToString::to_string).collect(),
                        status: p.status.to_string(),
                        starts_at: rfc3339(p.starts_at),
                        title: brief.map(|b| b.title.to_string()),
                        purpose: brief.map(|b| b.purpose.to_string()),
                        background: brief
                            .and_then(|b| b.background.as_ref().map(ToString::to_string)),
                        desired_outcomes: brief
                            .and_then(|b| b.desired_outcomes.as_ref().map(ToString::to_string)),
                        notes: p
                            .notes
                            .iter()
                            .map(|(phase, notes)| ExportedNotesBody {
                                phase: phase.to_string(),
                                notes: notes.to_string(),
                            })
                            .collect(),
                        actions: p
                            .actions
                            .iter()
                            .map(|a| ExportedActionBody {
                                what: a.what.to_string(),
                                due_on: a.due_on.to_string(),
                                status: a.status.to_string(),
                            })
                            .collect(),
                        updates: p.updates.iter().map(|u| u.message.to_string()).collect(),
                    }
                })
                .collect(),
            lessons: m
                .lessons
                .iter()
                .map(|l| ExportedLessonBody {
                    title: l.title.to_string(),
                    summary: l.summary.to_string(),
                    insights: l.insights.to_string(),
                    actions_taken: l.actions_taken.to_string(),
                    published_at: rfc3339(l.published_at),
                })
                .collect(),
        }
    }
}

impl From<&InvitationRecord> for ExportedInvitationBody {
    fn from(i: &InvitationRecord) -> Self {
        Self {
            group_id: i.group_id.to_string(),
            role: i.role.to_string(),
            created_at: rfc3339(i.created_at),
            accepted_at: i.accepted_at.map(rfc3339),
            revoked_at: i.revoked_at.map(rfc3339),
        }
    }
}

debug_hiding!(EraseInput {} hiding { password });
