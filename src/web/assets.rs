//! The files the pages load, embedded in the binary: htmx (vendored from its npm package, version
//! in the name, its licence beside it in assets/web/), the desk's stylesheet and script, and the
//! Chinese font of the PDFs.

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

const HTMX: &[u8] = include_bytes!("../../assets/web/htmx-2.0.11.min.js");
const CSS: &[u8] = include_bytes!("../../assets/web/desk.css");
const SCRIPT: &[u8] = include_bytes!("../../assets/web/desk.js");

pub async fn file(Path(name): Path<String>) -> Response {
    let (body, kind) = match name.as_str() {
        "htmx.min.js" => (HTMX, "text/javascript; charset=utf-8"),
        "desk.css" => (CSS, "text/css; charset=utf-8"),
        "desk.js" => (SCRIPT, "text/javascript; charset=utf-8"),
        // The font the PDFs embed, for computers without a Chinese font (the stylesheet asks for
        // the installed one first).
        "NotoSansSC.ttf" => (crate::render::pdf::font::EMBEDDED, "font/ttf"),
        _ => return (StatusCode::NOT_FOUND, "没有这个文件").into_response(),
    };
    ([(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, "max-age=3600")], body).into_response()
}
