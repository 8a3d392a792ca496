//! The files the pages load, built into the binary: nothing is fetched from anywhere else.

use poem::http::StatusCode;
use poem::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use poem::web::Path;
use poem::{IntoResponse, Response, handler};

/// The stylesheet: one file, for screens and for paper.
const STYLESHEET: &str = include_str!("../../assets/site.css");

#[handler]
pub fn serve(Path(file): Path<String>) -> Response {
    match file.as_str() {
        "site.css" => Response::builder()
            .header(CONTENT_TYPE, "text/css; charset=utf-8")
            .header(CACHE_CONTROL, "public, max-age=3600")
            .body(STYLESHEET),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}
