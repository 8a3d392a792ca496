//! Reading a posted form: `application/x-www-form-urlencoded`, with repeated names (the boxes
//! of a checkbox group) read as a list, as browsers send them.

use super::visit::Failure;
use collaborate_core::values::InvalidValue;
use poem::http::StatusCode;
use poem::{FromRequest, Request, RequestBody};
use serde::de::DeserializeOwned;

/// A posted form, read into `T`.
pub struct Posted<T>(pub T);

impl<'a, T: DeserializeOwned> FromRequest<'a> for Posted<T> {
    async fn from_request(request: &'a Request, body: &mut RequestBody) -> poem::Result<Self> {
        let is_form = request
            .content_type()
            .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(poem::Error::from_status(StatusCode::UNSUPPORTED_MEDIA_TYPE));
        }
        let bytes = body.take()?.into_bytes().await?;
        serde_html_form::from_bytes(&bytes)
            .map(Posted)
            .map_err(|_| poem::Error::from_status(StatusCode::BAD_REQUEST))
    }
}

/// Reads every field of a form before answering, so all its problems are shown at once.
#[derive(Default)]
pub struct Fields {
    refused: Vec<InvalidValue>,
}

impl Fields {
    /// The value read, or `None` with its refusal kept.
    pub fn read<T>(&mut self, read: Result<T, InvalidValue>) -> Option<T> {
        read.map_err(|refusal| self.refused.push(refusal)).ok()
    }

    /// What `build` makes of the values read, once every field was read; `build` answers
    /// `None` only when a value is missing, which a refusal kept here explains.
    ///
    /// # Errors
    /// [`Failure::Fields`] with every refusal.
    pub fn build<T>(self, build: impl FnOnce() -> Option<T>) -> Result<T, Failure> {
        match build() {
            Some(built) if self.refused.is_empty() => Ok(built),
            _ => Err(Failure::Fields(self.refused)),
        }
    }
}

/// A whole number typed into `field`.
///
/// # Errors
/// An [`InvalidValue`] naming `field`.
pub fn whole_number(raw: &str, field: &'static str) -> Result<i64, InvalidValue> {
    raw.trim()
        .parse()
        .map_err(|_| InvalidValue::new(field, "must be a whole number"))
}

/// A number typed into `field`, decimals allowed.
///
/// # Errors
/// An [`InvalidValue`] naming `field`.
pub fn number(raw: &str, field: &'static str) -> Result<f64, InvalidValue> {
    raw.trim()
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .ok_or_else(|| InvalidValue::new(field, "must be a number"))
}
