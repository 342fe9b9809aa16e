//! One error type for the pages: every failure becomes a clear status and a page that says what happened and where to go.

use crate::db::DbError;
use crate::pages::layout::{TextSize, error_banner, page};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::html;

/// What went wrong, for the person at the browser.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    /// Nothing here.
    #[error("{0}")]
    NotFound(String),
    /// The request made no sense.
    #[error("{0}")]
    BadRequest(String),
    /// Not allowed.
    #[error("{0}")]
    Forbidden(String),
    /// Too many requests from this address.
    #[error("{0}")]
    TooMany(String, u64),
    /// The server failed; the message is logged and the person is told to retry.
    #[error(transparent)]
    Internal(#[from] DbError),
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, message) = match &self {
            PageError::NotFound(m) => (StatusCode::NOT_FOUND, m.clone()),
            PageError::BadRequest(m) => (StatusCode::BAD_REQUEST, m.clone()),
            PageError::Forbidden(m) => (StatusCode::FORBIDDEN, m.clone()),
            PageError::TooMany(m, _) => (StatusCode::TOO_MANY_REQUESTS, m.clone()),
            PageError::Internal(e) => {
                eprintln!("serve: {e}");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "The server could not do this just now; nothing was changed. Try again in a moment, and tell your trainer if it happens again."
                        .to_string(),
                )
            }
        };
        let body = page(
            "Problem",
            TextSize::default(),
            "/",
            html! {},
            html! {
                h1 { "That did not work" }
                (error_banner(&message))
                p { a href="/" { "Back to the start" } }
            },
        );
        let mut response = (status, body).into_response();
        if let PageError::TooMany(_, seconds) = self
            && let Ok(v) = HeaderValue::from_str(&seconds.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        response
    }
}
