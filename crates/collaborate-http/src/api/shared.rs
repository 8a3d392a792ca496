//! What the resources share: the context every operation runs in, reading paths, pages and
//! optional fields into the core's values, and the shapes more than one resource answers with.

use crate::HttpConfig;
use crate::auth::Credentials;
use crate::errors::ApiError;
use crate::limits::Limits;
use collaborate_core::Collaborate;
use collaborate_core::groups::ContactChannels;
use collaborate_core::paging::{Cursor, Page, PageRequest};
use collaborate_core::ports::Environment;
use collaborate_core::values::{AccountId, Aspects, GroupId, InvalidValue, Limit, Modes, Version};
use poem_openapi::Object;
use poem_openapi::types::MaybeUndefined;
use std::sync::Arc;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// What every operation needs: the application, the sign-in limits and the server's settings.
pub struct Context<E: Environment> {
    pub(super) app: Arc<Collaborate<E>>,
    pub(super) limits: Arc<Limits>,
    pub(super) config: HttpConfig,
}

impl<E: Environment> Clone for Context<E> {
    fn clone(&self) -> Self {
        Self {
            app: Arc::clone(&self.app),
            limits: Arc::clone(&self.limits),
            config: self.config.clone(),
        }
    }
}

impl<E: Environment> Context<E> {
    /// The context of `app`, limited by `limits` and configured by `config`.
    pub fn new(app: Arc<Collaborate<E>>, limits: Arc<Limits>, config: HttpConfig) -> Self {
        Self {
            app,
            limits,
            config,
        }
    }

    /// The account whose session `credentials` present.
    pub(super) async fn caller(&self, credentials: &Credentials) -> Answer<AccountId> {
        Ok(self.app.authenticate(&credentials.token()?).await?)
    }

    /// The caller and the group of the path: the caller is checked first, so an anonymous call
    /// learns nothing of the path.
    pub(super) async fn in_group(
        &self,
        credentials: &Credentials,
        group_id: &str,
    ) -> Answer<(AccountId, GroupId)> {
        let caller = self.caller(credentials).await?;
        Ok((caller, path_id(group_id, GroupId::parse, "group")?))
    }
}

/// The answer of an operation.
pub(super) type Answer<T> = Result<T, ApiError>;

/// Declares a one-variant response: `201 Created` with a JSON body, documented.
macro_rules! created {
    ($(#[$doc:meta])* $name:ident, $(#[$vdoc:meta])* $body:ty) => {
        $(#[$doc])*
        #[derive(Debug, poem_openapi::ApiResponse)]
        pub enum $name {
            $(#[$vdoc])*
            #[oai(status = 201)]
            Created(poem_openapi::payload::Json<$body>),
        }
    };
}
pub(super) use created;

/// Implements `Debug` for a shape holding a secret: its other fields shown, the secret ones as
/// `***`, so no log line or panic message can carry a password, a token or a join code.
macro_rules! debug_hiding {
    ($shape:ident { $($field:ident),* } hiding { $($secret:ident),+ }) => {
        impl std::fmt::Debug for $shape {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($shape))
                    $(.field(stringify!($field), &self.$field))*
                    $(.field(stringify!($secret), &"***"))+
                    .finish()
            }
        }
    };
}
pub(super) use debug_hiding;

/// Something removed.
#[derive(Debug, poem_openapi::ApiResponse)]
pub enum Removed {
    /// Done.
    #[oai(status = 204)]
    NoContent,
}

/// An id of the path; one that cannot be an id is a thing that does not exist.
pub(super) fn path_id<T>(
    raw: &str,
    parse: fn(&str) -> Result<T, InvalidValue>,
    what: &str,
) -> Answer<T> {
    parse(raw).map_err(|_| ApiError::not_found(format!("{what} not found")))
}

/// The page asked for by `limit` and `cursor`.
pub(super) fn page(limit: Option<i64>, cursor: Option<String>) -> Answer<PageRequest> {
    Ok(PageRequest {
        limit: limit.map(Limit::new).transpose()?.unwrap_or_default(),
        after: cursor.as_deref().map(Cursor::parse).transpose()?,
    })
}

/// A field a `PATCH` may leave out (no change), set to `null` (cleared) or set.
pub(super) fn maybe<T, U>(
    raw: MaybeUndefined<T>,
    parse: impl FnOnce(T) -> Result<U, InvalidValue>,
) -> Answer<Option<Option<U>>> {
    Ok(match raw {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(parse(v)?)),
    })
}

/// An optional text.
pub(super) fn text<T>(
    raw: Option<String>,
    parse: fn(&str) -> Result<T, InvalidValue>,
) -> Answer<Option<T>> {
    Ok(raw.as_deref().map(parse).transpose()?)
}

/// The `version` an edit was made to.
pub(super) fn version(raw: Option<u32>) -> Option<Version> {
    raw.map(Version::new)
}

/// Mode names as a set of modes, an error naming `field` for a name that is not a mode.
pub(super) fn modes(raw: &[String], field: &'static str) -> Result<Modes, InvalidValue> {
    Modes::parse(raw).map_err(|e| e.in_field(field))
}

/// Optional aspect names; none given is no aspects.
pub(super) fn aspects(raw: Option<&[String]>) -> Result<Aspects, InvalidValue> {
    Ok(raw.map(Aspects::parse).transpose()?.unwrap_or_default())
}

/// A time as RFC 3339.
pub(super) fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}

/// Names as strings.
pub(super) fn names<T: AsRef<str>>(items: impl Iterator<Item = T>) -> Vec<String> {
    items.map(|i| i.as_ref().to_owned()).collect()
}

/// A page of `T`, a page at a time.
pub(super) fn page_of<'a, T: 'a, B: From<&'a T>>(page: &'a Page<T>) -> (Vec<B>, Option<String>) {
    (
        page.items.iter().map(B::from).collect(),
        page.next_cursor.map(|c| c.to_string()),
    )
}

/// Declares a list response: `{items, next_cursor}`. `whole` lists are bounded by nature (a
/// group's areas, one's own offers) and always fit one page; `paged` ones come a page at a time.
macro_rules! list_of {
    ($(#[$doc:meta])* whole $name:ident, $item:ty) => {
        $(#[$doc])*
        #[derive(Debug, poem_openapi::Object)]
        pub struct $name {
            /// The items.
            pub items: Vec<$item>,
            /// Always null: the whole list is here.
            #[oai(nullable)]
            pub next_cursor: Option<String>,
        }

        impl $name {
            /// The whole list.
            pub fn of<'a, T: 'a>(items: impl IntoIterator<Item = &'a T>) -> Self
            where
                $item: From<&'a T>,
            {
                Self { items: items.into_iter().map(<$item>::from).collect(), next_cursor: None }
            }
        }
    };
    ($(#[$doc:meta])* paged $name:ident, $item:ty) => {
        $(#[$doc])*
        #[derive(Debug, poem_openapi::Object)]
        pub struct $name {
            /// The items.
            pub items: Vec<$item>,
            /// Pass as `cursor` for the next page; null on the last.
            #[oai(nullable)]
            pub next_cursor: Option<String>,
        }

        impl $name {
            /// One page.
            pub fn of<'a, T: 'a>(page: &'a collaborate_core::paging::Page<T>) -> Self
            where
                $item: From<&'a T>,
            {
                let (items, next_cursor) = $crate::api::shared::page_of(page);
                Self { items, next_cursor }
            }
        }
    };
}
pub(super) use list_of;

/// How to reach someone.
#[derive(Debug, Object)]
pub struct ContactBody {
    /// Email.
    #[oai(nullable)]
    pub email: Option<String>,
    /// Phone.
    #[oai(nullable)]
    pub phone: Option<String>,
    /// Video-call link.
    #[oai(nullable)]
    pub video_link: Option<String>,
}

impl From<&ContactChannels> for ContactBody {
    fn from(c: &ContactChannels) -> Self {
        Self {
            email: c.email.as_ref().map(ToString::to_string),
            phone: c.phone.as_ref().map(ToString::to_string),
            video_link: c.video_link.as_ref().map(ToString::to_string),
        }
    }
}
