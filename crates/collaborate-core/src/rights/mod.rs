//! Data rights (DOMAIN.md rule 17): everything stored about a person, gathered for them to
//! download, and the erasure of an account — personal data removed, the facts other people and
//! the reports rely on (that a request happened, its area, its status, a rating) kept without
//! anything that points to the person.

mod use_cases;

use crate::accounts::Account;
use crate::audit::Reveal;
use crate::audit::{AuditAction, AuditEvent};
use crate::concerns::{Concern, ConcernAbout};
use crate::groups::{ContactChannels, Invitation, Member, Profile};
use crate::offers::{Need, Offer, Topic};
use crate::requests::{Side, SupportRequest};
use crate::values::{
    AccountId, ConcernId, ConcernNote, ConcernStatus, ConcernText, Description, DisplayName, Email,
    GroupId, GroupName, InvalidValue, MemberId, Message, Role,
};
use time::OffsetDateTime;

/// The name an erased person goes by wherever a fact about them is kept.
pub const ERASED_NAME: &str = "Erased member";

/// What stands in for a free text an erased person wrote, where a text is required.
pub const ERASED_TEXT: &str = "(erased)";

/// Everything stored about one person, in every group.
#[derive(Debug, Clone, PartialEq)]
pub struct MyData {
    /// Their account (never its password hash).
    pub account: AccountRecord,
    /// Their live sessions: when each began and was last used (never the token).
    pub sessions: Vec<SessionRecord>,
    /// Each group they belong or belonged to, with all they keep there.
    pub memberships: Vec<MembershipRecord>,
    /// The invitations addressed to their email, in any group.
    pub invitations: Vec<InvitationRecord>,
    /// The outside identities (a provider's issuer and their subject there) that sign in as
    /// the account, oldest first.
    pub identities: Vec<crate::accounts::OutsideIdentity>,
}

/// An account as its person may download it.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountRecord {
    /// Its id.
    pub id: AccountId,
    /// The address it signs in with.
    pub email: Email,
    /// The name shown by default.
    pub display_name: DisplayName,
    /// When it was registered (or pre-loaded by an import).
    pub created_at: OffsetDateTime,
    /// Whether a password is set: false for a pre-loaded profile not yet claimed.
    pub has_password: bool,
    /// The language chosen to read the exchange in, if one was.
    pub language: Option<crate::values::Language>,
}

/// One session, without its token.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRecord {
    /// When it began.
    pub created_at: OffsetDateTime,
    /// When it was last used.
    pub last_seen_at: OffsetDateTime,
}

/// A person's membership of one group, with what they keep there.
#[derive(Debug, Clone, PartialEq)]
pub struct MembershipRecord {
    /// The group.
    pub group_id: GroupId,
    /// Its name.
    pub group_name: GroupName,
    /// The membership, with the profile (exact place and contact details included: they are theirs).
    pub member: Member,
    /// Their offers.
    pub offers: Vec<Offer>,
    /// Their needs.
    pub needs: Vec<Need>,
    /// The requests they sent or received.
    pub requests: Vec<SupportRequest>,
    /// Who received their contact details, when, through which request.
    pub reveals: Vec<Reveal>,
    /// Changes of their role and status: who made them and when.
    pub history: Vec<AuditEvent>,
    /// The safeguarding concerns they raised (never those about them: that would tell them who
    /// raised those).
    pub concerns_raised: Vec<ConcernRecord>,
    /// The Peer Assists they were in, with what they wrote there and the actions they own.
    pub peer_assists: Vec<PeerAssistRecord>,
    /// The lessons they published.
    pub lessons: Vec<crate::peer_assists::Lesson>,
}

/// A Peer Assist as one of its people may download it: how they took part, the notes they
/// wrote, the actions they own and, for its convenor, what it is about and the updates sent.
#[derive(Debug, Clone, PartialEq)]
pub struct PeerAssistRecord {
    /// Its id.
    pub id: crate::values::PeerAssistId,
    /// How they took part.
    pub roles: Vec<crate::values::PeerAssistRole>,
    /// Where it stands.
    pub status: crate::values::PeerAssistStatus,
    /// When it meets.
    pub starts_at: OffsetDateTime,
    /// What it is about, for its convenor (their words).
    pub brief: Option<crate::peer_assists::Brief>,
    /// The notes of each phase they wrote.
    pub notes: Vec<(crate::values::Phase, crate::values::PhaseNotes)>,
    /// The actions they own.
    pub actions: Vec<crate::peer_assists::Action>,
    /// The updates they sent, as its convenor.
    pub updates: Vec<crate::peer_assists::Update>,
}

impl PeerAssistRecord {
    /// What of `peer_assist` is `member`'s.
    pub fn of(peer_assist: &crate::peer_assists::PeerAssist, member: MemberId) -> Self {
        let convenor = peer_assist.convenor == member;
        Self {
            id: peer_assist.id,
            roles: peer_assist.roles_of(member).into_iter().collect(),
            status: peer_assist.status,
            starts_at: peer_assist.meeting.starts_at,
            brief: peer_assist.brief.clone().filter(|_| convenor),
            notes: peer_assist
                .phases
                .iter()
                .filter(|(_, n)| n.by == member)
                .map(|(phase, n)| (*phase, n.notes.clone()))
                .collect(),
            actions: peer_assist
                .actions
                .iter()
                .filter(|a| a.owner == Some(member))
                .cloned()
                .collect(),
            updates: if convenor {
                peer_assist.updates.clone()
            } else {
                Vec::new()
            },
        }
    }
}

/// An invitation addressed to the person, without its token.
#[derive(Debug, Clone, PartialEq)]
pub struct InvitationRecord {
    /// The group.
    pub group_id: GroupId,
    /// The role offered.
    pub role: Role,
    /// When.
    pub created_at: OffsetDateTime,
    /// When it was accepted, if it was.
    pub accepted_at: Option<OffsetDateTime>,
    /// When it was withdrawn, if it was.
    pub revoked_at: Option<OffsetDateTime>,
}

/// A safeguarding concern the person raised: their words and where it stands, without the
/// leads' notes.
#[derive(Debug, Clone, PartialEq)]
pub struct ConcernRecord {
    /// Its id.
    pub id: ConcernId,
    /// What it is about.
    pub about: ConcernAbout,
    /// Their words.
    pub text: ConcernText,
    /// Open or closed.
    pub status: ConcernStatus,
    /// When they raised it.
    pub raised_at: OffsetDateTime,
}

impl ConcernRecord {
    /// What of `concern` the person who raised it downloads.
    pub fn of(concern: Concern) -> Self {
        Self {
            id: concern.id,
            about: concern.about,
            text: concern.text,
            status: concern.status,
            raised_at: concern.raised_at,
        }
    }
}

impl AccountRecord {
    /// What of `account` its person downloads.
    pub fn of(account: &Account) -> Self {
        Self {
            id: account.id,
            email: account.email.clone(),
            display_name: account.display_name.clone(),
            created_at: account.created_at,
            has_password: account.password_hash.is_some(),
            language: account.language.clone(),
        }
    }
}

impl InvitationRecord {
    /// What of `invitation` its addressee downloads.
    pub fn of(invitation: &Invitation) -> Self {
        Self {
            group_id: invitation.group_id,
            role: invitation.role,
            created_at: invitation.created_at,
            accepted_at: invitation.accepted_at,
            revoked_at: invitation.revoked_at,
        }
    }
}

/// Whether `event` belongs in the history its subject downloads: the changes made to their
/// membership. Reveals are listed on their own; nothing else is about them in their hearing.
pub fn is_own_history(event: &AuditEvent, member: &Member) -> bool {
    match &event.action {
        AuditAction::RoleChanged { subject_id, .. }
        | AuditAction::StatusChanged { subject_id, .. } => *subject_id == member.id,
        _ => false,
    }
}

/// The account with nothing left that points to its person: an address no one can own (under
/// the reserved `.invalid` domain, unique by the account's id), the erased name, no password —
/// so nobody can sign in, claim it or register into it.
///
/// # Errors
/// None in practice: the placeholders are fixed, well-formed values.
pub fn erased_account(account: &Account) -> Result<Account, InvalidValue> {
    Ok(Account {
        email: Email::erased(account.id.as_uuid()),
        display_name: erased_name()?,
        password_hash: None,
        language: None,
        address_confirmed_at: None,
        ..account.clone()
    })
}

/// A profile with nothing personal left: the erased name, no job title, bio, place or contact
/// channel. The organisation stays, a fact of the group that reports count by.
///
/// # Errors
/// None in practice, as for [`erased_account`].
pub fn erased_profile(profile: &Profile) -> Result<Profile, InvalidValue> {
    Ok(Profile {
        display_name: erased_name()?,
        organisation_id: profile.organisation_id,
        job_title: None,
        bio: None,
        location: None,
        contact: ContactChannels::default(),
        preferred_modes: profile.preferred_modes.clone(),
    })
}

/// An offer's or need's topic without the words its person wrote: area, aspects, modes and rank
/// stay, for the requests that name it and the reports.
///
/// # Errors
/// None in practice, as for [`erased_account`].
pub fn erased_topic(topic: &Topic) -> Result<Topic, InvalidValue> {
    Ok(Topic {
        description: Description::parse(ERASED_TEXT)?,
        ..topic.clone()
    })
}

/// The request without the words the person on `side` wrote: the seeker's message and comment
/// (the helper writes nothing). Its area, status, times and rating stay.
///
/// # Errors
/// None in practice, as for [`erased_account`].
pub fn erase_words_of(request: &mut SupportRequest, side: Side) -> Result<(), InvalidValue> {
    if side == Side::Seeker {
        request.message = Message::parse(ERASED_TEXT)?;
        if let Some(feedback) = request.feedback.as_mut() {
            feedback.comment = None;
        }
    }
    Ok(())
}

/// The concern without the words `member` wrote in it: its text if they raised it, their notes
/// if they were a lead; the facts (who raised it about whom, the steps, the status) stay, for
/// the leads may be bound to keep the record. `None` when they wrote nothing in it.
///
/// # Errors
/// None in practice, as for [`erased_account`].
pub fn erase_words_in_concern(
    concern: &Concern,
    member: MemberId,
) -> Result<Option<Concern>, InvalidValue> {
    let mut erased = concern.clone();
    if erased.raised_by == member {
        erased.text = ConcernText::parse(ERASED_TEXT)?;
    }
    for step in erased.steps.iter_mut().filter(|s| s.by == member) {
        if step.note.is_some() {
            step.note = Some(ConcernNote::parse(ERASED_TEXT)?);
        }
    }
    if erased == *concern {
        return Ok(None);
    }
    erased.version = concern.version.next();
    Ok(Some(erased))
}

fn erased_name() -> Result<DisplayName, InvalidValue> {
    DisplayName::parse(ERASED_NAME)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::PasswordHash;
    use crate::requests::Feedback;
    use crate::values::{
        AreaId, Aspects, Bio, Comment, JobTitle, Latitude, Location, Longitude, MemberId, Mode,
        Modes, OfferId, OrganisationId, Phone, PlaceLabel, Position, Rating, RequestId,
        RequestStatus, VideoLink,
    };
    use rstest::rstest;
    use uuid::Uuid;

    fn at(seconds: i64) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(1_800_000_000 + seconds).unwrap()
    }

    fn account() -> Account {
        Account {
            id: AccountId::from_uuid(Uuid::from_u128(7)),
            email: Email::parse("Ada@example.org").unwrap(),
            display_name: DisplayName::parse("Ada Lovelace").unwrap(),
            password_hash: Some(
                PasswordHash::parse("$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA").unwrap(),
            ),
            language: Some(crate::values::Language::parse("cy").unwrap()),
            created_at: at(0),
            preloaded_by: None,
            address_confirmed_at: None,
        }
    }

    fn request() -> SupportRequest {
        SupportRequest {
            id: RequestId::from_uuid(Uuid::from_u128(1)),
            group_id: GroupId::from_uuid(Uuid::from_u128(2)),
            offer_id: OfferId::from_uuid(Uuid::from_u128(3)),
            area_id: AreaId::from_uuid(Uuid::from_u128(4)),
            seeker_id: MemberId::from_uuid(Uuid::from_u128(5)),
            helper_id: MemberId::from_uuid(Uuid::from_u128(6)),
            need_id: None,
            message: Message::parse("I teach at Park High and struggle with marking").unwrap(),
            mode: Mode::Video,
            status: RequestStatus::Completed,
            created_at: at(0),
            expires_at: at(100),
            updated_at: at(50),
            answered_at: Some(at(10)),
            feedback: Some(Feedback {
                rating: Rating::new(4).unwrap(),
                comment: Some(Comment::parse("Ben was a great help").unwrap()),
                given_at: at(60),
            }),
            reminded: crate::requests::Reminded::default(),
            need_answer: None,
            proposal_id: None,
        }
    }

    #[test]
    fn an_erased_account_keeps_its_id_and_nothing_that_names_or_reaches_its_person() {
        let erased = erased_account(&account()).unwrap();
        assert_eq!(erased.id, account().id);
        assert_eq!(erased.created_at, account().created_at);
        assert_eq!(erased.display_name.as_str(), ERASED_NAME);
        assert_eq!(
            erased.email.as_str(),
            "erased-00000000000000000000000000000007@erased.invalid"
        );
        assert_eq!(erased.password_hash, None, "nobody signs in to it");
        assert_eq!(
            erased.language, None,
            "nothing of how its person reads is kept"
        );
    }

    #[test]
    fn an_erased_profile_keeps_only_the_organisation_and_modes() {
        let organisation = Some(OrganisationId::from_uuid(Uuid::from_u128(9)));
        let modes = Modes::parse(&["video"]).unwrap();
        let profile = Profile {
            display_name: DisplayName::parse("Ada").unwrap(),
            organisation_id: organisation,
            job_title: Some(JobTitle::parse("Head of science").unwrap()),
            bio: Some(Bio::parse("Twenty years in the classroom").unwrap()),
            location: Some(Location {
                label: Some(PlaceLabel::parse("Leeds").unwrap()),
                position: Position {
                    lat: Latitude::new(53.8).unwrap(),
                    lon: Longitude::new(-1.55).unwrap(),
                },
            }),
            contact: ContactChannels {
                email: Some(Email::parse("ada@school.org").unwrap()),
                phone: Some(Phone::parse("0113 496 0000").unwrap()),
                video_link: Some(VideoLink::parse("https://meet.example.org/ada").unwrap()),
            },
            preferred_modes: modes.clone(),
        };
        assert_eq!(
            erased_profile(&profile).unwrap(),
            Profile {
                display_name: DisplayName::parse(ERASED_NAME).unwrap(),
                organisation_id: organisation,
                job_title: None,
                bio: None,
                location: None,
                contact: ContactChannels::default(),
                preferred_modes: modes,
            }
        );
    }

    #[test]
    fn an_erased_topic_loses_its_words_and_keeps_what_it_is_about() {
        let topic = Topic {
            area_id: AreaId::from_uuid(Uuid::from_u128(4)),
            aspects: Aspects::default(),
            description: Description::parse("My own account of my struggles").unwrap(),
            modes: Modes::parse(&["phone"]).unwrap(),
            rank: None,
        };
        let erased = erased_topic(&topic).unwrap();
        assert_eq!(erased.description.as_str(), ERASED_TEXT);
        assert_eq!(
            Topic {
                description: topic.description.clone(),
                ..erased
            },
            topic
        );
    }

    #[test]
    fn an_erased_person_s_words_leave_the_concerns_they_raised_and_the_notes_they_wrote() {
        use crate::concerns::ConcernStep;
        use crate::values::ConcernStepKind;
        use crate::values::Version;
        let (raiser, lead) = (
            MemberId::from_uuid(Uuid::from_u128(5)),
            MemberId::from_uuid(Uuid::from_u128(6)),
        );
        let note = |by, words: &str| ConcernStep {
            by,
            at: at(1),
            kind: ConcernStepKind::Noted,
            note: Some(crate::values::ConcernNote::parse(words).unwrap()),
        };
        let concern = Concern {
            id: ConcernId::from_uuid(Uuid::from_u128(1)),
            group_id: GroupId::from_uuid(Uuid::from_u128(2)),
            raised_by: raiser,
            about: ConcernAbout::Member(MemberId::from_uuid(Uuid::from_u128(9))),
            concerning: MemberId::from_uuid(Uuid::from_u128(9)),
            text: ConcernText::parse("They asked me to meet alone").unwrap(),
            status: ConcernStatus::Open,
            raised_at: at(0),
            steps: vec![note(lead, "Called them"), note(raiser, "Thank you")],
            version: Version::FIRST,
            recipients: vec![lead],
        };
        let by_lead = erase_words_in_concern(&concern, lead).unwrap().unwrap();
        assert_eq!(by_lead.text, concern.text, "the raiser's words stay");
        assert_eq!(
            by_lead.steps[0].note.as_ref().unwrap().as_str(),
            ERASED_TEXT
        );
        assert_eq!(by_lead.steps[1], concern.steps[1]);
        assert_eq!(by_lead.version, concern.version.next());
        let by_raiser = erase_words_in_concern(&concern, raiser).unwrap().unwrap();
        assert_eq!(by_raiser.text.as_str(), ERASED_TEXT);
        assert_eq!(by_raiser.steps[0], concern.steps[0]);
        let stranger = MemberId::from_uuid(Uuid::from_u128(7));
        assert_eq!(erase_words_in_concern(&concern, stranger).unwrap(), None);
    }

    #[rstest]
    #[case::seeker(Side::Seeker, true)]
    #[case::helper(Side::Helper, false)]
    fn only_the_seeker_wrote_words_in_a_request(#[case] side: Side, #[case] erased: bool) {
        let mut changed = request();
        erase_words_of(&mut changed, side).unwrap();
        assert_eq!(changed.message.as_str() == ERASED_TEXT, erased);
        let feedback = changed.feedback.clone().unwrap();
        assert_eq!(feedback.comment.is_none(), erased);
        assert_eq!(
            feedback.rating,
            request().feedback.unwrap().rating,
            "the rating stays"
        );
        assert_eq!(changed.status, RequestStatus::Completed);
        assert_eq!(changed.area_id, request().area_id);
    }
}
