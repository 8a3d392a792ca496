//! The OpenAPI document as served: what poem-openapi generates, plus what it cannot say itself,
//! in a form OpenAPI 3.0 validators and client generators take as meant.
//! - Request bodies refuse fields they do not name (serde's `deny_unknown_fields`), so their
//!   schemas, and the schemas nested in them, say `additionalProperties: false`.
//! - A property of a named type is a plain `$ref`: poem-openapi wraps the reference in an
//!   `allOf` to give it the field's description, which generators read as a new, anonymous
//!   type. An optional one (null allowed) refers to a schema that is itself `nullable`, with its
//!   `type`: OpenAPI 3.0's `nullable` means nothing beside a bare `allOf`.

use poem::handler;
use poem::web::{Data, Json};
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::Arc;

/// The document to serve, made from poem-openapi's `spec`.
pub fn served(spec: &str) -> Value {
    let mut document: Value = serde_json::from_str(spec).unwrap_or(Value::Null);
    plain_references(&mut document);
    strict_bodies(&mut document);
    document
}

/// Where a schema refers to a named one wrapped as `allOf: [{$ref}, {description, nullable}]`,
/// the plain reference; the nullable ones refer to a nullable schema: the named one itself when
/// nothing needs it non-null, else a nullable copy of it, `<name>OrNull`.
fn plain_references(document: &mut Value) {
    let mut nullable = BTreeSet::new();
    unwrap_references(document, &mut nullable);
    let mut non_null = BTreeSet::new();
    non_null_uses(document, &mut non_null);
    for name in &nullable {
        let target = if non_null.contains(name) {
            let or_null = format!("{name}OrNull");
            let mut copy = document["components"]["schemas"][name.as_str()].clone();
            // Client generators name a model by its title: the copy must not take the original's.
            if let Some(title) = copy.get_mut("title") {
                *title = Value::String(or_null.clone());
            }
            document["components"]["schemas"][or_null.as_str()] = copy;
            point_nullable_at(document, name, &or_null);
            or_null
        } else {
            name.clone()
        };
        if let Some(schema) = document["components"]["schemas"][target.as_str()].as_object_mut() {
            schema.insert("nullable".to_owned(), Value::Bool(true));
        }
    }
    finish_nullable(document);
}

/// The names of the schemas referred to where null is not allowed.
fn non_null_uses(value: &Value, names: &mut BTreeSet<String>) {
    match value {
        Value::Object(object) => {
            if let Some(name) = object
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
                .filter(|_| !object.contains_key(NULLABLE_MARK))
            {
                names.insert(name.to_owned());
            }
            object.values().for_each(|v| non_null_uses(v, names));
        }
        Value::Array(items) => items.iter().for_each(|v| non_null_uses(v, names)),
        _ => {}
    }
}

/// The mark of a reference that allows null, while the document is being made.
const NULLABLE_MARK: &str = "x-nullable-reference";

/// Replaces each wrapped reference inside `value` by the reference, marking the nullable ones
/// (until [`finish_nullable`]) and collecting their names.
fn unwrap_references(value: &mut Value, nullable: &mut BTreeSet<String>) {
    match value {
        Value::Object(object) => {
            if let Some((name, is_nullable)) = wrapped_reference(object) {
                object.clear();
                object.insert(
                    "$ref".to_owned(),
                    Value::String(format!("#/components/schemas/{name}")),
                );
                if is_nullable {
                    object.insert(NULLABLE_MARK.to_owned(), Value::Bool(true));
                    nullable.insert(name);
                }
                return;
            }
            object
                .values_mut()
                .for_each(|v| unwrap_references(v, nullable));
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|v| unwrap_references(v, nullable)),
        _ => {}
    }
}

/// The name a schema wraps, and whether it allows null, when it is only a reference with a
/// description: `{allOf: [{$ref}, {description?, nullable?}], description?, nullable?}`.
fn wrapped_reference(object: &serde_json::Map<String, Value>) -> Option<(String, bool)> {
    const WORDS: [&str; 3] = ["allOf", "description", "nullable"];
    let parts = object.get("allOf")?.as_array()?;
    let (first, rest) = parts.split_first()?;
    let name = first
        .get("$ref")?
        .as_str()?
        .strip_prefix("#/components/schemas/")?;
    let only_words =
        |o: &serde_json::Map<String, Value>| o.keys().all(|k| WORDS.contains(&k.as_str()));
    let plain = only_words(object)
        && first.as_object().is_some_and(|o| o.len() == 1)
        && rest.iter().all(|part| {
            part.as_object()
                .is_some_and(|o| only_words(o) && !o.contains_key("allOf"))
        });
    let is_nullable = std::iter::once(object)
        .chain(rest.iter().filter_map(Value::as_object))
        .any(|o| o.get("nullable") == Some(&Value::Bool(true)));
    plain.then(|| (name.to_owned(), is_nullable))
}

/// Points the nullable references to `name` at `or_null` instead.
fn point_nullable_at(value: &mut Value, name: &str, or_null: &str) {
    match value {
        Value::Object(object) => {
            let wanted = format!("#/components/schemas/{name}");
            if object.contains_key(NULLABLE_MARK)
                && object.get("$ref").and_then(Value::as_str) == Some(wanted.as_str())
            {
                object.insert(
                    "$ref".to_owned(),
                    Value::String(format!("#/components/schemas/{or_null}")),
                );
                return;
            }
            object
                .values_mut()
                .for_each(|v| point_nullable_at(v, name, or_null));
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|v| point_nullable_at(v, name, or_null)),
        _ => {}
    }
}

/// Takes the marks [`unwrap_references`] left.
fn finish_nullable(value: &mut Value) {
    match value {
        Value::Object(object) => {
            object.remove(NULLABLE_MARK);
            object.values_mut().for_each(finish_nullable);
        }
        Value::Array(items) => items.iter_mut().for_each(finish_nullable),
        _ => {}
    }
}

/// Closes every schema reachable from a request body to unknown fields.
fn strict_bodies(document: &mut Value) {
    let mut pending: Vec<String> = Vec::new();
    for operation in document["paths"]
        .as_object()
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
        .flat_map(|operations| operations.values())
    {
        references(&operation["requestBody"], &mut pending);
    }
    let mut closed = BTreeSet::new();
    while let Some(name) = pending.pop() {
        if !closed.insert(name.clone()) {
            continue;
        }
        let schema = &mut document["components"]["schemas"][name.as_str()];
        references(&schema["properties"], &mut pending);
        if let Some(object) = schema.as_object_mut() {
            object.insert("additionalProperties".to_owned(), Value::Bool(false));
        }
    }
}

/// The names of the component schemas `value` refers to, anywhere inside it.
fn references(value: &Value, names: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            if let Some(name) = object
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
            {
                names.push(name.to_owned());
            }
            object.values().for_each(|v| references(v, names));
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, names)),
        _ => {}
    }
}

/// Serves the document.
#[handler]
pub fn serve(document: Data<&Arc<Value>>) -> Json<Value> {
    Json(Value::clone(&document))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn wrapped(nullable: bool) -> Value {
        json!({
            "allOf": [{"$ref": "#/components/schemas/Place"}, {"description": "Where.", "nullable": nullable}],
            "description": "Where.",
            "nullable": nullable,
        })
    }

    fn place() -> Value {
        json!({"type": "object", "title": "Place", "properties": {"label": {"type": "string"}}})
    }

    #[test]
    fn a_schema_only_ever_optional_becomes_nullable_itself() {
        let spec = json!({
            "paths": {},
            "components": {"schemas": {
                "Place": place(),
                "Profile": {"type": "object", "properties": {"place": wrapped(true)}},
            }},
        });
        let document = served(&spec.to_string());
        let schemas = &document["components"]["schemas"];
        assert_eq!(
            schemas["Profile"]["properties"]["place"],
            json!({"$ref": "#/components/schemas/Place"})
        );
        assert_eq!(schemas["Place"]["nullable"], json!(true));
    }

    #[test]
    fn a_schema_also_required_somewhere_gets_a_nullable_copy_for_the_optional_places() {
        let spec = json!({
            "paths": {},
            "components": {"schemas": {
                "Place": place(),
                "Profile": {"type": "object", "properties": {"place": wrapped(true)}},
                "Office": {"type": "object", "properties": {"place": wrapped(false)}},
            }},
        });
        let document = served(&spec.to_string());
        let schemas = &document["components"]["schemas"];
        assert_eq!(
            (
                &schemas["Profile"]["properties"]["place"],
                &schemas["Office"]["properties"]["place"]
            ),
            (
                &json!({"$ref": "#/components/schemas/PlaceOrNull"}),
                &json!({"$ref": "#/components/schemas/Place"})
            )
        );
        assert_eq!(
            (
                &schemas["Place"]["nullable"],
                &schemas["PlaceOrNull"]["nullable"]
            ),
            (&Value::Null, &json!(true))
        );
        assert_eq!(schemas["PlaceOrNull"]["properties"], place()["properties"]);
        assert_eq!(
            (&schemas["Place"]["title"], &schemas["PlaceOrNull"]["title"]),
            (&json!("Place"), &json!("PlaceOrNull"))
        );
    }
}
