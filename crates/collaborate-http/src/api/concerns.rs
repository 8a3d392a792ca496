//! Safeguarding: members raise concerns; the group's leads list them, record what they did,
//! suspend the person concerned and close them; admins name the leads.

use super::Tag;
use super::shared::{Answer, Context, Removed, created, list_of, page, path_id, rfc3339, version};
use crate::auth::Credentials;
use crate::payload::JsonBody;
use collaborate_core::ConcernView;
use collaborate_core::concerns::{ConcernAbout, ConcernChanges, ConcernStep, Lead};
use collaborate_core::ports::Environment;
use collaborate_core::rights::ConcernRecord;
use collaborate_core::values::{
    ConcernId, ConcernNote, ConcernStatus, ConcernText, InvalidValue, MemberId, PeerAssistId,
    RequestId,
};
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use serde::Deserialize;

/// The operations on safeguarding concerns and leads.
pub struct ConcernsApi<E: Environment>(pub(super) Context<E>);

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Safeguarding")]
impl<E: Environment> ConcernsApi<E> {
    /// Raise a safeguarding concern about a request you are a side of, a Peer Assist you are in
    /// or a member of the group, privately, with the group's safeguarding leads. The person concerned never sees it, so
    /// never learns who raised it. 409 `no_lead` when nobody but them could receive it.
    #[oai(
        path = "/groups/:group_id/concerns",
        method = "post",
        operation_id = "raiseConcern"
    )]
    async fn raise_concern(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        body: JsonBody<ConcernInput>,
    ) -> Answer<ConcernRaised> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let about = about(body.0.about)?;
        let text = ConcernText::parse(&body.0.text)?;
        let concern = self
            .0
            .app
            .raise_concern(account, group, about, text)
            .await?;
        Ok(ConcernRaised::Created(Json(RaisedConcernBody::from(
            &ConcernRecord::of(concern),
        ))))
    }

    /// The group's concerns, oldest first, a page at a time (safeguarding leads; never those
    /// about the lead reading).
    #[oai(
        path = "/groups/:group_id/concerns",
        method = "get",
        operation_id = "listConcerns"
    )]
    async fn concerns(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        /// Only `open` or only `closed` ones.
        #[oai(validator(pattern = "^(open|closed)$"))]
        status: Query<Option<String>>,
        /// How many (1–500, default 50).
        #[oai(validator(minimum(value = "1"), maximum(value = "500")))]
        limit: Query<Option<i64>>,
        /// Where the previous page ended.
        cursor: Query<Option<String>>,
    ) -> Answer<Json<ConcernPage>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let status = status.0.as_deref().map(ConcernStatus::parse).transpose()?;
        let listed = self
            .0
            .app
            .concerns(account, group, status, page(limit.0, cursor.0)?)
            .await?;
        Ok(Json(ConcernPage::of(&listed)))
    }

    /// One concern, with every step taken (safeguarding leads).
    #[oai(
        path = "/groups/:group_id/concerns/:concern_id",
        method = "get",
        operation_id = "getConcern"
    )]
    async fn concern(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        concern_id: Path<String>,
    ) -> Answer<Json<ConcernBody>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let id = path_id(&concern_id, ConcernId::parse, "concern")?;
        let view = self.0.app.concern(account, group, id).await?;
        Ok(Json(ConcernBody::from(&view)))
    }

    /// Record what you did, suspend the person concerned, close or reopen (safeguarding leads).
    /// The steps are taken in that order, a reopening first, and each is audited.
    #[oai(
        path = "/groups/:group_id/concerns/:concern_id",
        method = "patch",
        operation_id = "actOnConcern"
    )]
    async fn act_on_concern(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        concern_id: Path<String>,
        body: JsonBody<ConcernPatch>,
    ) -> Answer<Json<ConcernBody>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let id = path_id(&concern_id, ConcernId::parse, "concern")?;
        let b = body.0;
        let changes = ConcernChanges {
            note: b.note.as_deref().map(ConcernNote::parse).transpose()?,
            status: b.status.as_deref().map(ConcernStatus::parse).transpose()?,
            suspend: b.suspend.unwrap_or(false),
            version: version(b.version),
        };
        let view = self
            .0
            .app
            .act_on_concern(account, group, id, changes)
            .await?;
        Ok(Json(ConcernBody::from(&view)))
    }

    /// Who receives the group's concerns: its active admins and the members an admin named.
    #[oai(
        path = "/groups/:group_id/safeguarding-leads",
        method = "get",
        operation_id = "listSafeguardingLeads"
    )]
    async fn safeguarding_leads(
        &self,
        auth: Credentials,
        group_id: Path<String>,
    ) -> Answer<Json<LeadList>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let leads = self.0.app.safeguarding_leads(account, group).await?;
        Ok(Json(LeadList::of(&leads)))
    }

    /// Name an active member a safeguarding lead (admins).
    #[oai(
        path = "/groups/:group_id/safeguarding-leads/:member_id",
        method = "put",
        operation_id = "nameLead"
    )]
    async fn name_lead(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        member_id: Path<String>,
    ) -> Answer<Removed> {
        self.set_lead(auth, &group_id, &member_id, true).await
    }

    /// Stop a member being a safeguarding lead (admins; admins are leads as long as they are
    /// admins).
    #[oai(
        path = "/groups/:group_id/safeguarding-leads/:member_id",
        method = "delete",
        operation_id = "unnameLead"
    )]
    async fn unname_lead(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        member_id: Path<String>,
    ) -> Answer<Removed> {
        self.set_lead(auth, &group_id, &member_id, false).await
    }
}

impl<E: Environment> ConcernsApi<E> {
    async fn set_lead(
        &self,
        auth: Credentials,
        group_id: &str,
        member_id: &str,
        named: bool,
    ) -> Answer<Removed> {
        let (account, group) = self.0.in_group(&auth, group_id).await?;
        let member = path_id(member_id, MemberId::parse, "member")?;
        self.0
            .app
            .name_safeguarding_lead(account, group, member, named)
            .await?;
        Ok(Removed::NoContent)
    }
}

/// What a concern is about, from exactly one of its ids.
fn about(raw: AboutInput) -> Result<ConcernAbout, InvalidValue> {
    match (raw.request_id, raw.member_id, raw.peer_assist_id) {
        (Some(request), None, None) => Ok(ConcernAbout::Request(
            RequestId::parse(&request).map_err(|e| e.in_field("about.request_id"))?,
        )),
        (None, Some(member), None) => Ok(ConcernAbout::Member(
            MemberId::parse(&member).map_err(|e| e.in_field("about.member_id"))?,
        )),
        (None, None, Some(peer_assist)) => Ok(ConcernAbout::PeerAssist(
            PeerAssistId::parse(&peer_assist).map_err(|e| e.in_field("about.peer_assist_id"))?,
        )),
        _ => Err(InvalidValue::new(
            "about",
            "give exactly one of request_id, member_id or peer_assist_id",
        )),
    }
}

/// What a concern is about: exactly one of a request, a member and a Peer Assist.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct AboutInput {
    /// A request you are a side of.
    #[oai(nullable)]
    pub request_id: Option<String>,
    /// A member of the group.
    #[oai(nullable)]
    pub member_id: Option<String>,
    /// A Peer Assist you are in: the concern is about its convenor (raised by the convenor,
    /// its facilitator).
    #[oai(nullable)]
    pub peer_assist_id: Option<String>,
}

/// Raising a concern.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct ConcernInput {
    /// What it is about.
    pub about: AboutInput,
    /// What worries you, for the leads.
    #[oai(validator(
        max_length = 4000,
        pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
    ))]
    pub text: String,
}

/// What a lead does about a concern: at least one of a note, a suspension and a status.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct ConcernPatch {
    /// What you did, to record.
    #[oai(
        nullable,
        validator(
            max_length = 4000,
            pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub note: Option<String>,
    /// `closed` to close it, `open` to reopen it.
    #[oai(nullable, validator(pattern = "^(open|closed)$"))]
    pub status: Option<String>,
    /// Suspend the person concerned, as an admin would (their sessions end, their offers are
    /// hidden).
    #[oai(nullable)]
    pub suspend: Option<bool>,
    /// The version acted on; a stale one is refused with 409 `stale`.
    #[oai(nullable)]
    pub version: Option<u32>,
}

/// What a concern is about.
#[derive(Debug, Default, Object)]
pub struct AboutBody {
    /// The request, for one about a request.
    #[oai(nullable)]
    pub request_id: Option<String>,
    /// The member, for one about a member.
    #[oai(nullable)]
    pub member_id: Option<String>,
    /// The Peer Assist, for one about a Peer Assist.
    #[oai(nullable)]
    pub peer_assist_id: Option<String>,
}

impl From<ConcernAbout> for AboutBody {
    fn from(about: ConcernAbout) -> Self {
        match about {
            ConcernAbout::Request(id) => Self {
                request_id: Some(id.to_string()),
                ..Self::default()
            },
            ConcernAbout::Member(id) => Self {
                member_id: Some(id.to_string()),
                ..Self::default()
            },
            ConcernAbout::PeerAssist(id) => Self {
                peer_assist_id: Some(id.to_string()),
                ..Self::default()
            },
        }
    }
}

/// A concern as its raiser sees it: when raising it, and in their data export.
#[derive(Debug, Object)]
pub struct RaisedConcernBody {
    /// Its id.
    pub id: String,
    /// What it is about.
    pub about: AboutBody,
    /// What you wrote.
    pub text: String,
    /// `open` or `closed`.
    pub status: String,
    /// When.
    pub raised_at: String,
}

impl From<&ConcernRecord> for RaisedConcernBody {
    fn from(c: &ConcernRecord) -> Self {
        Self {
            id: c.id.to_string(),
            about: AboutBody::from(c.about),
            text: c.text.to_string(),
            status: c.status.to_string(),
            raised_at: rfc3339(c.raised_at),
        }
    }
}

created!(
    /// A concern raised.
    ConcernRaised,
    /// With the leads now.
    RaisedConcernBody
);

/// A member named in a concern.
#[derive(Debug, Object)]
pub struct PersonBody {
    /// The member.
    pub member_id: String,
    /// Their name now; `null` once they are no longer in the group's records.
    #[oai(nullable)]
    pub display_name: Option<String>,
}

/// One step a lead took.
#[derive(Debug, Object)]
pub struct ConcernStepBody {
    /// The lead.
    pub by: PersonBody,
    /// When.
    pub at: String,
    /// `noted`, `suspended`, `closed` or `reopened`.
    pub kind: String,
    /// Their note, for `noted`.
    #[oai(nullable)]
    pub note: Option<String>,
}

/// A concern as a lead sees it.
#[derive(Debug, Object)]
pub struct ConcernBody {
    /// Its id.
    pub id: String,
    /// What it is about.
    pub about: AboutBody,
    /// Who raised it.
    pub raised_by: PersonBody,
    /// The person concerned.
    pub concerning: PersonBody,
    /// What worries the member who raised it.
    pub text: String,
    /// `open` or `closed`.
    pub status: String,
    /// When it was raised.
    pub raised_at: String,
    /// What the leads did, oldest first.
    pub steps: Vec<ConcernStepBody>,
    /// Pass back as `version` when acting on it.
    pub version: u32,
}

impl From<&ConcernView> for ConcernBody {
    fn from(v: &ConcernView) -> Self {
        let person = |id: MemberId| PersonBody {
            member_id: id.to_string(),
            display_name: v.names.get(&id).map(ToString::to_string),
        };
        let step = |s: &ConcernStep| ConcernStepBody {
            by: person(s.by),
            at: rfc3339(s.at),
            kind: s.kind.to_string(),
            note: s.note.as_ref().map(ToString::to_string),
        };
        let c = &v.concern;
        Self {
            id: c.id.to_string(),
            about: AboutBody::from(c.about),
            raised_by: person(c.raised_by),
            concerning: person(c.concerning),
            text: c.text.to_string(),
            status: c.status.to_string(),
            raised_at: rfc3339(c.raised_at),
            steps: c.steps.iter().map(step).collect(),
            version: c.version.get(),
        }
    }
}

/// A safeguarding lead.
#[derive(Debug, Object)]
pub struct LeadBody {
    /// The member.
    pub member_id: String,
    /// Their name.
    pub display_name: String,
    /// A lead as an admin.
    pub admin: bool,
    /// A lead because an admin named them.
    pub named: bool,
}

impl From<&Lead> for LeadBody {
    fn from(l: &Lead) -> Self {
        Self {
            member_id: l.member_id.to_string(),
            display_name: l.display_name.to_string(),
            admin: l.admin,
            named: l.named,
        }
    }
}

list_of!(
    /// A page of concerns, oldest first.
    paged ConcernPage, ConcernBody
);
list_of!(
    /// Every safeguarding lead of the group.
    whole LeadList, LeadBody
);
