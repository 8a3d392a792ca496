//! Support requests: asking a peer for help, the steps that follow, and feedback.

use super::Tag;
use super::shared::{Answer, ContactBody, Context, created, list_of, page, path_id, rfc3339, text};
use crate::auth::Credentials;
use crate::errors::ApiError;
use crate::payload::JsonBody;
use collaborate_core::ports::Environment;
use collaborate_core::requests::{
    NewFeedback, NewRequest, RequestDetails, RequestFilter, Side, SupportRequest, Transition,
};
use collaborate_core::values::{
    AccountId, Comment, GroupId, Message, Mode, NeedAnswer, NeedId, OfferId, Rating, RequestId,
    RequestStatus,
};
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use serde::Deserialize;

/// The operations on support requests.
pub struct RequestsApi<E: Environment>(pub(super) Context<E>);

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Requests")]
impl<E: Environment> RequestsApi<E> {
    /// Ask a peer for help about one of their offers. Contributors only. You get their contact
    /// details.
    #[oai(
        path = "/groups/:group_id/requests",
        method = "post",
        operation_id = "createRequest"
    )]
    async fn create_request(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        body: JsonBody<NewRequestInput>,
    ) -> Answer<RequestCreated> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let b = body.0;
        let new = NewRequest {
            offer_id: OfferId::parse(&b.offer_id)?,
            need_id: b.need_id.as_deref().map(NeedId::parse).transpose()?,
            message: Message::parse(&b.message)?,
            mode: Mode::parse(&b.mode).map_err(|e| e.in_field("mode"))?,
        };
        let details = self.0.app.create_request(account, group, new).await?;
        Ok(RequestCreated::Created(Json(RequestDetailsBody::from(
            &details,
        ))))
    }

    /// Your requests, as seeker or helper, a page at a time.
    #[oai(
        path = "/groups/:group_id/requests",
        method = "get",
        operation_id = "listRequests"
    )]
    async fn requests(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        /// `seeker` (default): the requests you sent; `helper`: those sent to you.
        #[oai(validator(pattern = "^(seeker|helper)$"))]
        role: Query<Option<String>>,
        /// Only those in this status.
        #[oai(validator(pattern = "^(pending|accepted|completed|declined|cancelled|expired)$"))]
        status: Query<Option<String>>,
        /// How many (1–500, default 50).
        #[oai(validator(minimum(value = "1"), maximum(value = "500")))]
        limit: Query<Option<i64>>,
        /// Where the previous page ended.
        cursor: Query<Option<String>>,
    ) -> Answer<Json<RequestPage>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let side = match role.0.as_deref() {
            None | Some("seeker") => Side::Seeker,
            Some("helper") => Side::Helper,
            Some(other) => {
                return Err(ApiError::invalid(
                    "role",
                    format!("role: \"{other}\" is not one of: seeker, helper"),
                ));
            }
        };
        let filter = RequestFilter {
            side,
            status: status.0.as_deref().map(RequestStatus::parse).transpose()?,
        };
        let listed = self
            .0
            .app
            .my_requests(account, group, filter, page(limit.0, cursor.0)?)
            .await?;
        Ok(Json(RequestPage::of(&listed)))
    }

    /// One of your requests, with the other side's contact details.
    #[oai(
        path = "/groups/:group_id/requests/:request_id",
        method = "get",
        operation_id = "getRequest"
    )]
    async fn request(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        request_id: Path<String>,
    ) -> Answer<Json<RequestDetailsBody>> {
        let (account, group, request) = self.one(&auth, &group_id, &request_id).await?;
        let details = self.0.app.request(account, group, request).await?;
        Ok(Json(RequestDetailsBody::from(&details)))
    }

    /// The helper accepts a pending request.
    #[oai(
        path = "/groups/:group_id/requests/:request_id/accept",
        method = "post",
        operation_id = "acceptRequest"
    )]
    async fn accept(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        request_id: Path<String>,
    ) -> Answer<Json<RequestBody>> {
        self.step(&auth, &group_id, &request_id, Transition::Accept)
            .await
    }

    /// The helper declines a pending request.
    #[oai(
        path = "/groups/:group_id/requests/:request_id/decline",
        method = "post",
        operation_id = "declineRequest"
    )]
    async fn decline(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        request_id: Path<String>,
    ) -> Answer<Json<RequestBody>> {
        self.step(&auth, &group_id, &request_id, Transition::Decline)
            .await
    }

    /// Either side records that the help was given.
    #[oai(
        path = "/groups/:group_id/requests/:request_id/complete",
        method = "post",
        operation_id = "completeRequest"
    )]
    async fn complete(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        request_id: Path<String>,
    ) -> Answer<Json<RequestBody>> {
        self.step(&auth, &group_id, &request_id, Transition::Complete)
            .await
    }

    /// The seeker withdraws a pending or accepted request.
    #[oai(
        path = "/groups/:group_id/requests/:request_id/cancel",
        method = "post",
        operation_id = "cancelRequest"
    )]
    async fn cancel(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        request_id: Path<String>,
    ) -> Answer<Json<RequestBody>> {
        self.step(&auth, &group_id, &request_id, Transition::Cancel)
            .await
    }

    /// The seeker rates completed help, once.
    #[oai(
        path = "/groups/:group_id/requests/:request_id/feedback",
        method = "post",
        operation_id = "giveFeedback"
    )]
    async fn feedback(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        request_id: Path<String>,
        body: JsonBody<FeedbackInput>,
    ) -> Answer<FeedbackCreated> {
        let (account, group, request) = self.one(&auth, &group_id, &request_id).await?;
        let feedback = NewFeedback {
            rating: Rating::new(body.0.rating)?,
            comment: text(body.0.comment, Comment::parse)?,
        };
        let rated = self
            .0
            .app
            .give_feedback(account, group, request, feedback)
            .await?;
        Ok(FeedbackCreated::Created(Json(RequestBody::from(&rated))))
    }

    /// The seeker says whether completed help linked to one of their needs met it: `met` marks
    /// the need met; `partly` and `not_met` keep it open. Once; 409 before completion.
    #[oai(
        path = "/groups/:group_id/requests/:request_id/need-answer",
        method = "post",
        operation_id = "answerNeed"
    )]
    async fn need_answer(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        request_id: Path<String>,
        body: JsonBody<NeedAnswerInput>,
    ) -> Answer<Json<RequestBody>> {
        let (account, group, request) = self.one(&auth, &group_id, &request_id).await?;
        let answer = NeedAnswer::parse(&body.0.answer)?;
        let answered = self
            .0
            .app
            .answer_need(account, group, request, answer)
            .await?;
        Ok(Json(RequestBody::from(&answered)))
    }
}

impl<E: Environment> RequestsApi<E> {
    /// The caller, the group and the request of the path.
    async fn one(
        &self,
        auth: &Credentials,
        group_id: &str,
        request_id: &str,
    ) -> Answer<(AccountId, GroupId, RequestId)> {
        let (account, group) = self.0.in_group(auth, group_id).await?;
        let request = path_id(request_id, RequestId::parse, "request")?;
        Ok((account, group, request))
    }

    async fn step(
        &self,
        auth: &Credentials,
        group_id: &str,
        request_id: &str,
        transition: Transition,
    ) -> Answer<Json<RequestBody>> {
        let (account, group, request) = self.one(auth, group_id, request_id).await?;
        let moved = self
            .0
            .app
            .transition(account, group, request, transition)
            .await?;
        Ok(Json(RequestBody::from(&moved)))
    }
}

/// A support request to send.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct NewRequestInput {
    /// The offer asked about.
    #[oai(validator(
        pattern = r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
    ))]
    pub offer_id: String,
    /// One of your open needs it answers.
    #[oai(
        nullable,
        validator(
            pattern = r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
        )
    )]
    pub need_id: Option<String>,
    /// Your message to the helper.
    #[oai(validator(
        max_length = 2000,
        pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
    ))]
    pub message: String,
    /// One of the offer's modes.
    #[oai(validator(pattern = "^(phone|email|video|in_person)$"))]
    pub mode: String,
}

/// Feedback on completed help.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct FeedbackInput {
    /// 1 to 5.
    #[oai(validator(minimum(value = "1"), maximum(value = "5")))]
    pub rating: i64,
    /// Optional words.
    #[oai(
        nullable,
        validator(
            max_length = 2000,
            pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub comment: Option<String>,
}

/// Whether completed help met the need.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct NeedAnswerInput {
    /// `met`, `partly` or `not_met`.
    #[oai(validator(pattern = "^(met|partly|not_met)$"))]
    pub answer: String,
}

/// What the seeker said of the need.
#[derive(Debug, Object)]
pub struct NeedAnswerBody {
    /// `met`, `partly` or `not_met`.
    pub answer: String,
    /// When.
    pub at: String,
}

/// The seeker's feedback.
#[derive(Debug, Object)]
pub struct FeedbackBody {
    /// 1 to 5.
    pub rating: u32,
    /// Their words.
    #[oai(nullable)]
    pub comment: Option<String>,
    /// When.
    pub given_at: String,
}

/// A support request.
#[derive(Debug, Object)]
pub struct RequestBody {
    /// Its id.
    pub id: String,
    /// The offer.
    pub offer_id: String,
    /// The offer's area.
    pub area_id: String,
    /// Who asked.
    pub seeker_id: String,
    /// Who was asked.
    pub helper_id: String,
    /// The need it answers.
    #[oai(nullable)]
    pub need_id: Option<String>,
    /// The seeker's message.
    pub message: String,
    /// How the help is given.
    pub mode: String,
    /// `pending`, `accepted`, `completed`, `declined`, `cancelled` or `expired`.
    pub status: String,
    /// When it was sent.
    pub created_at: String,
    /// When it expires if still pending.
    pub expires_at: String,
    /// When its status last changed.
    pub updated_at: String,
    /// The seeker's feedback.
    #[oai(nullable)]
    pub feedback: Option<FeedbackBody>,
    /// Whether its seeker is yet to say if it met the need it answers.
    pub asks_about_need: bool,
    /// What the seeker said of the need it answers.
    #[oai(nullable)]
    pub need_answer: Option<NeedAnswerBody>,
    /// The matching proposal an admin confirmed to make it, when the seeker did not ask.
    #[oai(nullable)]
    pub proposal_id: Option<String>,
}

impl From<&SupportRequest> for RequestBody {
    fn from(r: &SupportRequest) -> Self {
        Self {
            id: r.id.to_string(),
            offer_id: r.offer_id.to_string(),
            area_id: r.area_id.to_string(),
            seeker_id: r.seeker_id.to_string(),
            helper_id: r.helper_id.to_string(),
            need_id: r.need_id.map(|n| n.to_string()),
            message: r.message.to_string(),
            mode: r.mode.to_string(),
            status: r.status.to_string(),
            created_at: rfc3339(r.created_at),
            expires_at: rfc3339(r.expires_at),
            updated_at: rfc3339(r.updated_at),
            feedback: r.feedback.as_ref().map(|f| FeedbackBody {
                rating: f.rating.get(),
                comment: f.comment.as_ref().map(ToString::to_string),
                given_at: rfc3339(f.given_at),
            }),
            asks_about_need: r.asks_about_need(),
            need_answer: r.need_answer.map(|(answer, at)| NeedAnswerBody {
                answer: answer.as_str().to_owned(),
                at: rfc3339(at),
            }),
            proposal_id: r.proposal_id.map(|p| p.to_string()),
        }
    }
}

/// The other side of a request, and how to reach them.
#[derive(Debug, Object)]
pub struct CounterpartBody {
    /// The member.
    pub member_id: String,
    /// Their name.
    pub display_name: String,
    /// Their contact details.
    pub contact: ContactBody,
}

/// A request as one of its sides sees it.
#[derive(Debug, Object)]
pub struct RequestDetailsBody {
    /// The request.
    pub request: RequestBody,
    /// `seeker` or `helper`: your side.
    pub side: String,
    /// The other side, with contact details.
    pub counterpart: CounterpartBody,
}

impl From<&RequestDetails> for RequestDetailsBody {
    fn from(d: &RequestDetails) -> Self {
        Self {
            request: RequestBody::from(&d.request),
            side: match d.side {
                Side::Seeker => "seeker".into(),
                Side::Helper => "helper".into(),
            },
            counterpart: CounterpartBody {
                member_id: d.counterpart.member_id.to_string(),
                display_name: d.counterpart.display_name.to_string(),
                contact: ContactBody::from(&d.counterpart.contact),
            },
        }
    }
}

list_of!(
    /// A page of requests.
    paged RequestPage, RequestBody
);

created!(
    /// A request sent.
    RequestCreated,
    /// The request, with the helper's contact details.
    RequestDetailsBody
);
created!(
    /// Feedback given.
    FeedbackCreated,
    /// The request with its feedback.
    RequestBody
);
