//! Talking to a learning record store over HTTP: one request, and what its answer means — never more than the answer says.

use super::PushOptions;
use base64::Engine as _;
use serde_json::Value;
use std::fmt;
use std::time::{Duration, SystemTime};

/// The environment variables that hold the LRS credentials.
pub const USER_ENV: &str = "PRESSCHECK_LRS_USER";
/// See [`USER_ENV`].
pub const PASSWORD_ENV: &str = "PRESSCHECK_LRS_PASSWORD";

/// Largest answer read to a POST of statements (an array of ids) or a GET of one statement.
const MAX_ANSWER_BYTES: u64 = 4 * 1024 * 1024;

/// An LRS endpoint with HTTP basic credentials.
#[derive(Clone)]
pub struct Lrs {
    endpoint: String,
    authorization: String,
}

// Never print the credentials.
impl fmt::Debug for Lrs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lrs")
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

/// What the LRS answered to a POST of statements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Answer {
    /// 200 with a JSON array of statement ids: those it stored.
    Stored(Vec<String>),
    /// 204: nothing stored; xAPI allows this for statements it already holds.
    NoContent,
    /// 409: it holds a statement with one of these ids.
    Conflict(String),
    /// A redirect: a POST is never followed to another address.
    Redirect {
        /// The status.
        status: u16,
        /// Where it pointed.
        location: String,
    },
    /// 401 or 403.
    Unauthorised(u16),
    /// Another 4xx (but 408 and 429): the batch itself is refused.
    Refused {
        /// The status.
        status: u16,
        /// The start of the body.
        body: String,
    },
    /// 408, 429 or 5xx: try again, after `retry_after` when the LRS said so.
    Busy {
        /// The status.
        status: u16,
        /// The LRS's `Retry-After`, when it sent one.
        retry_after: Option<Duration>,
        /// The start of the body.
        body: String,
    },
    /// 200 whose body is not the array of ids xAPI requires, or was cut short.
    BadReply(String),
    /// Another status (1xx, an unknown 2xx).
    Unexpected(u16),
    /// No connection could be made.
    CouldNotConnect(String),
    /// Connected, but no (whole) answer in time.
    TimedOut(String),
    /// The connection broke during the exchange.
    Broken(String),
}

/// What the LRS holds under one statement id.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Held {
    /// That statement.
    Found(Value),
    /// Nothing (404).
    Missing,
    /// It could not be asked.
    Unknown(String),
}

impl Lrs {
    /// An LRS at `endpoint` (the xAPI base, e.g. `http://127.0.0.1:8100/xAPI/`).
    pub fn new(endpoint: &str, user: &str, password: &str) -> Lrs {
        let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        Lrs {
            endpoint: endpoint.trim_end_matches('/').to_string(),
            authorization: format!("Basic {token}"),
        }
    }

    /// An LRS at `endpoint` with credentials from [`USER_ENV`] and [`PASSWORD_ENV`].
    pub fn from_env(endpoint: &str) -> Result<Lrs, super::PushError> {
        let user = std::env::var(USER_ENV).unwrap_or_default();
        let password = std::env::var(PASSWORD_ENV).unwrap_or_default();
        if user.is_empty() || password.is_empty() {
            return Err(super::PushError::NoCredentials);
        }
        if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
            return Err(super::PushError::BadEndpoint(endpoint.to_string()));
        }
        Ok(Lrs::new(endpoint, &user, &password))
    }

    /// The endpoint without a trailing slash.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    fn statements_url(&self) -> String {
        format!("{}/statements", self.endpoint)
    }

    /// No redirects: a POST followed as a GET to a login page would "succeed".
    fn agent(options: &PushOptions) -> ureq::Agent {
        ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .timeout_connect(Some(options.connect_timeout))
            .timeout_global(Some(options.timeout))
            .build()
            .into()
    }

    /// POSTs one batch of statements and says what the answer means.
    pub(crate) fn post(&self, batch: &[Value], options: &PushOptions) -> Answer {
        let body = match serde_json::to_string(batch) {
            Ok(b) => b,
            Err(e) => return Answer::BadReply(format!("the statements could not be written: {e}")),
        };
        let response = Lrs::agent(options)
            .post(&self.statements_url())
            .header("Authorization", &self.authorization)
            .header("X-Experience-API-Version", crate::xapi::XAPI_VERSION)
            .header("Content-Type", "application/json")
            .send(&body);
        let mut response = match response {
            Ok(r) => r,
            Err(e) => return failure(e, options),
        };
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let location = header("location");
        let retry_after = header("retry-after").and_then(|v| retry_after(&v, SystemTime::now()));
        let text = response
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER_BYTES)
            .read_to_string();
        match status {
            200 => match text {
                Ok(text) => match ids_in(&text) {
                    Some(ids) => Answer::Stored(ids),
                    None => Answer::BadReply(format!(
                        "the LRS answered 200 but not with the array of statement ids xAPI requires: {}",
                        start_of(&text)
                    )),
                },
                Err(e) => Answer::BadReply(format!("the LRS's answer was cut short: {e}")),
            },
            204 => Answer::NoContent,
            409 => Answer::Conflict(start_of(&text.unwrap_or_default())),
            300..=399 => Answer::Redirect {
                status,
                location: location.unwrap_or_else(|| "nowhere".into()),
            },
            401 | 403 => Answer::Unauthorised(status),
            408 | 429 | 500..=599 => Answer::Busy {
                status,
                retry_after,
                body: start_of(&text.unwrap_or_default()),
            },
            400..=499 => Answer::Refused {
                status,
                body: start_of(&text.unwrap_or_default()),
            },
            other => Answer::Unexpected(other),
        }
    }

    /// What the LRS holds under `id`.
    pub(crate) fn get(&self, id: &str, options: &PushOptions) -> Held {
        let response = Lrs::agent(options)
            .get(&self.statements_url())
            .query("statementId", id)
            .header("Authorization", &self.authorization)
            .header("X-Experience-API-Version", crate::xapi::XAPI_VERSION)
            .call();
        let mut response = match response {
            Ok(r) => r,
            Err(e) => return Held::Unknown(describe(&failure(e, options))),
        };
        let status = response.status().as_u16();
        match status {
            200 => {
                let text = response
                    .body_mut()
                    .with_config()
                    .limit(MAX_ANSWER_BYTES)
                    .read_to_string();
                match text.map(|t| serde_json::from_str::<Value>(&t)) {
                    Ok(Ok(v)) => one_statement(v, id),
                    Ok(Err(_)) => Held::Unknown("its answer to a GET is not a statement".into()),
                    Err(e) => Held::Unknown(format!("its answer to a GET was cut short: {e}")),
                }
            }
            404 => Held::Missing,
            other => Held::Unknown(format!("it answered {other} to a GET of statement {id}")),
        }
    }

    /// Reads every statement the LRS holds (following `more` links): for tests and checks.
    pub fn fetch_all(&self, timeout: Duration) -> Result<Vec<Value>, String> {
        let options = PushOptions {
            timeout,
            ..PushOptions::default()
        };
        let mut out = Vec::new();
        let origin = origin_of(&self.endpoint);
        let mut url = format!("{}?limit=500", self.statements_url());
        loop {
            let mut response = Lrs::agent(&options)
                .get(&url)
                .header("Authorization", &self.authorization)
                .header("X-Experience-API-Version", crate::xapi::XAPI_VERSION)
                .call()
                .map_err(|e| e.to_string())?;
            let status = response.status().as_u16();
            let text = response
                .body_mut()
                .with_config()
                .limit(256 * 1024 * 1024)
                .read_to_string()
                .map_err(|e| e.to_string())?;
            if status != 200 {
                return Err(format!("GET statements answered {status}: {text}"));
            }
            let page: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
            if let Some(list) = page["statements"].as_array() {
                out.extend(list.iter().cloned());
            }
            match page["more"].as_str() {
                Some(more) if !more.is_empty() => {
                    url = if more.starts_with("http") {
                        more.to_string()
                    } else {
                        format!("{origin}{more}")
                    };
                }
                _ => break,
            }
        }
        Ok(out)
    }
}

/// The statement in an answer to `GET statements?statementId=`: xAPI says the
/// statement itself; some LRSs (Ralph among them) answer a list of one.
fn one_statement(answer: Value, id: &str) -> Held {
    if answer.get("id").is_some() {
        return Held::Found(answer);
    }
    match answer.get("statements").and_then(Value::as_array) {
        Some(list) => list
            .iter()
            .find(|s| s["id"].as_str().is_some_and(|i| i.eq_ignore_ascii_case(id)))
            .map_or(Held::Missing, |s| Held::Found(s.clone())),
        None => Held::Unknown("its answer to a GET is not a statement".into()),
    }
}

/// A request that got no HTTP answer, sorted into "no connection", "no answer in time" and "broken".
fn failure(e: ureq::Error, options: &PushOptions) -> Answer {
    use ureq::Timeout as T;
    match e {
        ureq::Error::Timeout(T::Resolve | T::Connect) => Answer::CouldNotConnect(format!(
            "no connection within {} s",
            options.connect_timeout.as_secs_f64()
        )),
        ureq::Error::Timeout(_) => Answer::TimedOut(format!(
            "connected, but no whole answer within {} s (see --timeout)",
            options.timeout.as_secs_f64()
        )),
        ureq::Error::HostNotFound => Answer::CouldNotConnect("the host name was not found".into()),
        ureq::Error::ConnectionFailed => Answer::CouldNotConnect("the connection failed".into()),
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused
            | std::io::ErrorKind::HostUnreachable
            | std::io::ErrorKind::NetworkUnreachable
            | std::io::ErrorKind::AddrNotAvailable => Answer::CouldNotConnect(io.to_string()),
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                Answer::TimedOut(format!("connected, but no answer in time: {io}"))
            }
            _ => Answer::Broken(io.to_string()),
        },
        other => Answer::Broken(other.to_string()),
    }
}

/// An answer in words, for messages.
pub(crate) fn describe(answer: &Answer) -> String {
    match answer {
        Answer::Stored(ids) => format!("stored {} statement(s)", ids.len()),
        Answer::NoContent => "answered 204 No Content".into(),
        Answer::Conflict(body) => format!("answered 409 Conflict: {body}"),
        Answer::Redirect { status, location } => format!(
            "answered {status}, a redirect to {location}; a POST is never redirected: give the LRS's final xAPI address"
        ),
        Answer::Unauthorised(status) => {
            format!("refused the credentials in {USER_ENV} / {PASSWORD_ENV} ({status})")
        }
        Answer::Refused { status, body } => format!("rejected the batch ({status}): {body}"),
        Answer::Busy { status, body, .. } => format!("answered {status}: {body}"),
        Answer::BadReply(why) => why.clone(),
        Answer::Unexpected(status) => {
            format!("answered {status}, which is not an answer to a POST of statements")
        }
        Answer::CouldNotConnect(why) => format!("could not connect to the LRS: {why}"),
        Answer::TimedOut(why) => why.clone(),
        Answer::Broken(why) => format!("the connection broke: {why}"),
    }
}

/// The ids in an answer to a POST: a JSON array of strings, and nothing else.
fn ids_in(text: &str) -> Option<Vec<String>> {
    let value: Value = serde_json::from_str(text).ok()?;
    value
        .as_array()?
        .iter()
        .map(|v| v.as_str().map(str::to_ascii_lowercase))
        .collect()
}

/// `Retry-After` as a wait: delta-seconds or an HTTP date (RFC 9110).
pub(crate) fn retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The first 300 characters of a body, on one line.
fn start_of(text: &str) -> String {
    let one_line: String = text
        .chars()
        .take(300)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let one_line = one_line.trim().to_string();
    if one_line.is_empty() {
        "(no body)".into()
    } else {
        one_line
    }
}

/// `scheme://host:port` of a URL.
fn origin_of(url: &str) -> String {
    let after_scheme = url.find("://").map(|i| i + 3).unwrap_or(0);
    match url[after_scheme..].find('/') {
        Some(i) => url[..after_scheme + i].to_string(),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_keeps_scheme_host_and_port() {
        assert_eq!(
            origin_of("http://127.0.0.1:8100/xAPI"),
            "http://127.0.0.1:8100"
        );
        assert_eq!(origin_of("https://lrs.example"), "https://lrs.example");
    }

    #[test]
    fn credentials_never_show_in_debug_output() {
        let lrs = Lrs::new("http://127.0.0.1:1/xAPI/", "trainer", "s3cret");
        let text = format!("{lrs:?}");
        assert!(!text.contains("s3cret") && !text.contains("Basic"));
    }

    #[test]
    fn only_an_array_of_strings_is_an_answer_of_ids() {
        assert_eq!(ids_in(r#"["A","b"]"#), Some(vec!["a".into(), "b".into()]));
        assert_eq!(ids_in("[]"), Some(vec![]));
        assert_eq!(ids_in(r#"{"ok":true}"#), None);
        assert_eq!(ids_in(r#"["a", 1]"#), None);
        assert_eq!(ids_in("<html>login</html>"), None);
        assert_eq!(ids_in(r#"["a","#), None);
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = httpdate::parse_http_date("Tue, 01 Dec 2026 10:00:00 GMT").unwrap();
        assert_eq!(retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(
            retry_after("Tue, 01 Dec 2026 10:00:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            retry_after("Tue, 01 Dec 2026 09:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after("soon", now), None);
    }
}
