//! The OpenAPI document as served: what poem-openapi generates, plus what it cannot say itself.
//! Request bodies refuse fields they do not name (serde's `deny_unknown_fields`), so their
//! schemas, and the schemas nested in them, say `additionalProperties: false`.

use poem::handler;
use poem::web::{Data, Json};
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::Arc;

/// `spec` with every schema reachable from a request body closed to unknown fields.
pub fn strict_bodies(spec: &str) -> Value {
    let mut document: Value = serde_json::from_str(spec).unwrap_or(Value::Null);
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
    document
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
