//! The JSON request body: documented from its `Object` schema, parsed by serde so that a
//! malformed body, a wrong type, a missing or an unknown field is refused naming the field.
//! Serde would also take a JSON array for a struct, its fields in order; the body, and every
//! object inside it, must be a JSON object, as the document says.

use crate::errors::ApiError;
use poem::{FromRequest, Request, RequestBody};
use poem_openapi::payload::{ParsePayload, Payload};
use poem_openapi::registry::{MetaSchema, MetaSchemaRef, Registry};
use poem_openapi::types::Type;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// A JSON request body of type `T`.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<T: Type> Payload for JsonBody<T> {
    const CONTENT_TYPE: &'static str = "application/json";

    fn check_content_type(content_type: &str) -> bool {
        let essence = content_type.split(';').next().unwrap_or_default().trim();
        essence.eq_ignore_ascii_case("application/json")
    }

    fn schema_ref() -> MetaSchemaRef {
        T::schema_ref()
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }
}

impl<T: Type + DeserializeOwned> ParsePayload for JsonBody<T> {
    const IS_REQUIRED: bool = true;

    async fn from_request(request: &Request, body: &mut RequestBody) -> poem::Result<Self> {
        let bytes = Vec::<u8>::from_request(request, body).await?;
        if let Ok(value) = serde_json::from_slice::<Value>(&bytes) {
            let mut registry = Registry::new();
            T::register(&mut registry);
            objects_where_declared(&value, &T::schema_ref(), &registry, "body")?;
        }
        let mut json = serde_json::Deserializer::from_slice(&bytes);
        let value: T = serde_path_to_error::deserialize(&mut json).map_err(|e| refusal(&e))?;
        json.end().map_err(|e| {
            ApiError::invalid_request(format!("the body is not valid JSON for this request: {e}"))
        })?;
        Ok(Self(value))
    }
}

/// Refuses `value` unless it is a JSON object wherever `schema` declares one (null is left to
/// serde: it is taken only where the field is optional). `at` names the place, for the error.
fn objects_where_declared(
    value: &Value,
    schema: &MetaSchemaRef,
    registry: &Registry,
    at: &str,
) -> Result<(), ApiError> {
    let schema: &MetaSchema = match schema {
        MetaSchemaRef::Inline(schema) => schema,
        MetaSchemaRef::Reference(name) => match registry.schemas.get(name) {
            Some(schema) => schema,
            None => return Ok(()),
        },
    };
    for part in &schema.all_of {
        objects_where_declared(value, part, registry, at)?;
    }
    let inside = |name: &str| {
        if at == "body" {
            name.to_owned()
        } else {
            format!("{at}.{name}")
        }
    };
    match value {
        Value::Null => Ok(()),
        Value::Object(fields) => schema.properties.iter().try_for_each(|(name, property)| {
            fields.get(*name).map_or(Ok(()), |field| {
                objects_where_declared(field, property, registry, &inside(name))
            })
        }),
        Value::Array(items) if schema.ty == "array" => match &schema.items {
            Some(item) => items.iter().enumerate().try_for_each(|(i, element)| {
                objects_where_declared(element, item, registry, &format!("{at}[{i}]"))
            }),
            None => Ok(()),
        },
        _ if schema.ty == "object" => Err(ApiError::invalid(
            at,
            format!("{at}: must be a JSON object"),
        )),
        _ => Ok(()),
    }
}

/// The 400 for a body serde refused, naming the field at fault (`body` when the JSON itself is
/// malformed).
fn refusal(error: &serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    let reason = error.inner().to_string();
    let reason = reason
        .split(" at line ")
        .next()
        .unwrap_or_default()
        .to_owned();
    let path = error.path().to_string();
    let missing = reason
        .strip_prefix("missing field `")
        .and_then(|r| r.split('`').next());
    let field = match (missing, path.as_str()) {
        (Some(name), ".") => name.to_owned(),
        (Some(name), parent) => format!("{parent}.{name}"),
        (None, "." | "?") => "body".to_owned(),
        (None, at) => at.to_owned(),
    };
    ApiError::invalid(&field, format!("{field}: {reason}"))
}

poem_openapi::impl_apirequest_for_payload!(JsonBody<T>, T: Type + DeserializeOwned);

/// A CSV request body, as bytes: the core reads it, encoding included. Spreadsheets and browsers
/// label CSV files in several ways; each is taken.
#[derive(Debug)]
pub struct CsvBody(pub Vec<u8>);

impl Payload for CsvBody {
    const CONTENT_TYPE: &'static str = "text/csv";

    fn check_content_type(content_type: &str) -> bool {
        let essence = content_type.split(';').next().unwrap_or_default().trim();
        [
            "text/csv",
            "text/plain",
            "application/csv",
            "application/vnd.ms-excel",
            "application/octet-stream",
        ]
        .iter()
        .any(|accepted| essence.eq_ignore_ascii_case(accepted))
    }

    fn schema_ref() -> MetaSchemaRef {
        MetaSchemaRef::Inline(Box::new(
            poem_openapi::registry::MetaSchema::new_with_format("string", "binary"),
        ))
    }
}

impl ParsePayload for CsvBody {
    const IS_REQUIRED: bool = true;

    async fn from_request(request: &Request, body: &mut RequestBody) -> poem::Result<Self> {
        Ok(Self(Vec::<u8>::from_request(request, body).await?))
    }
}

poem_openapi::impl_apirequest_for_payload!(CsvBody,);
