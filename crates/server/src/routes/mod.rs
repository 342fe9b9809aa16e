//! The router: the trainee's pages, the trainer's pages, the JSON API, the static files, and the extractors they share.

mod api;
mod trainee;
mod trainer;

use crate::pages::layout::TextSize;
use crate::state::AppState;
use axum::Router;
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use std::convert::Infallible;

/// The cookie that keeps the text size.
const SIZE_COOKIE: &str = "pc_size";

/// Every route, with the request size limit.
pub fn router(state: AppState) -> Router {
    let limit = state.config.limits.max_request_bytes;
    Router::new()
        .merge(trainee::routes())
        .merge(trainer::routes())
        .merge(api::routes())
        .route("/static/app.css", get(css))
        .route("/static/app.js", get(js))
        .route("/text-size", get(text_size))
        .route("/health", get(|| async { "ok" }))
        .fallback(not_found)
        .layer(tower_http::limit::RequestBodyLimitLayer::new(limit))
        .with_state(state)
}

async fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=300"),
        ],
        include_str!("../../static/app.css"),
    )
        .into_response()
}

async fn js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=300"),
        ],
        include_str!("../../static/app.js"),
    )
        .into_response()
}

async fn not_found() -> Response {
    crate::error::PageError::NotFound("There is no page at this address.".into()).into_response()
}

/// What a browser prefers, from its cookies.
#[derive(Debug, Clone, Copy, Default)]
pub struct Prefs {
    /// The text size.
    pub size: TextSize,
}

impl<S: Send + Sync> FromRequestParts<S> for Prefs {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Prefs, Infallible> {
        let jar = CookieJar::from_headers(&parts.headers);
        Ok(Prefs {
            size: jar
                .get(SIZE_COOKIE)
                .and_then(|c| TextSize::from_name(c.value()))
                .unwrap_or_default(),
        })
    }
}

#[derive(serde::Deserialize)]
struct SizeQuery {
    to: String,
    #[serde(default)]
    back: String,
}

/// Sets the text size and goes back to the page it was set on (a link, so it works without script).
async fn text_size(jar: CookieJar, Query(q): Query<SizeQuery>) -> Response {
    let size = TextSize::from_name(&q.to).unwrap_or_default();
    // Only a path on this server, never another site.
    let back = if q.back.starts_with('/') && !q.back.starts_with("//") {
        q.back
    } else {
        "/".to_string()
    };
    let cookie = Cookie::build((SIZE_COOKIE, size.name()))
        .path("/")
        .same_site(SameSite::Lax)
        .permanent()
        .build();
    (jar.add(cookie), Redirect::to(&back)).into_response()
}

/// A cookie the server sets: HTTP only, this site only, for every path.
pub(crate) fn cookie(name: String, value: String) -> Cookie<'static> {
    Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .build()
}

/// The answer to a request that cannot be read.
pub(crate) fn unreadable(what: impl std::fmt::Display) -> Response {
    (
        StatusCode::BAD_REQUEST,
        format!("the request could not be read: {what}"),
    )
        .into_response()
}
