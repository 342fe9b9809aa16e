//! Sending statements to a learning record store: batches, retries with backoff, and a spool so nothing is lost or sent twice.
//!
//! The spool is a folder with two files: `sent.log`, one statement id per line
//! for every statement the LRS acknowledged (appended and flushed to disk
//! after each batch), and `pending.jsonl`, the statements queued but not yet
//! acknowledged (rewritten atomically). A push first queues everything not in
//! `sent.log`, then sends; whatever could not be sent stays in `pending.jsonl`
//! for the next push. Because statement ids are stable, a batch that reached
//! the LRS just before a crash is answered "already stored" on the resend,
//! never stored twice. Credentials are held in memory only.

use base64::Engine as _;
use serde_json::Value;
use std::collections::HashSet;
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The environment variables that hold the LRS credentials.
pub const USER_ENV: &str = "PRESSCHECK_LRS_USER";
/// See [`USER_ENV`].
pub const PASSWORD_ENV: &str = "PRESSCHECK_LRS_PASSWORD";

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
    pub fn from_env(endpoint: &str) -> Result<Lrs, PushError> {
        let user = std::env::var(USER_ENV).unwrap_or_default();
        let password = std::env::var(PASSWORD_ENV).unwrap_or_default();
        if user.is_empty() || password.is_empty() {
            return Err(PushError::NoCredentials);
        }
        if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
            return Err(PushError::BadEndpoint(endpoint.to_string()));
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

    fn agent(timeout: Duration) -> ureq::Agent {
        ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .build()
            .into()
    }

    /// POSTs one batch; the status and the body (cut short) of the answer.
    fn post(&self, batch: &[Value], timeout: Duration) -> Result<(u16, String), String> {
        let body = serde_json::to_string(batch).map_err(|e| e.to_string())?;
        let mut response = Lrs::agent(timeout)
            .post(&self.statements_url())
            .header("Authorization", &self.authorization)
            .header("X-Experience-API-Version", crate::xapi::XAPI_VERSION)
            .header("Content-Type", "application/json")
            .send(&body)
            .map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .read_to_string()
            .unwrap_or_default()
            .chars()
            .take(400)
            .collect();
        Ok((status, text))
    }

    /// Reads every statement the LRS holds (following `more` links): for tests and checks.
    pub fn fetch_all(&self, timeout: Duration) -> Result<Vec<Value>, String> {
        let mut out = Vec::new();
        let origin = origin_of(&self.endpoint);
        let mut url = format!("{}?limit=500", self.statements_url());
        loop {
            let mut response = Lrs::agent(timeout)
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

/// `scheme://host:port` of a URL.
fn origin_of(url: &str) -> String {
    let after_scheme = url.find("://").map(|i| i + 3).unwrap_or(0);
    match url[after_scheme..].find('/') {
        Some(i) => url[..after_scheme + i].to_string(),
        None => url.to_string(),
    }
}

/// How to send.
#[derive(Debug, Clone)]
pub struct PushOptions {
    /// Statements per request.
    pub batch_size: usize,
    /// Attempts per batch before giving up for this push.
    pub attempts: u32,
    /// Wait before the second attempt; doubles each time.
    pub first_backoff: Duration,
    /// Longest wait between attempts.
    pub max_backoff: Duration,
    /// Timeout of one request.
    pub timeout: Duration,
}

impl Default for PushOptions {
    fn default() -> Self {
        PushOptions {
            batch_size: 100,
            attempts: 6,
            first_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            timeout: Duration::from_secs(30),
        }
    }
}

/// What a push did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PushReport {
    /// Statements given to this push.
    pub offered: usize,
    /// Of those, already acknowledged by an earlier push and not sent again.
    pub already_sent: usize,
    /// Statements the LRS acknowledged in this push.
    pub sent: usize,
    /// Requests made, retries included.
    pub requests: usize,
    /// Statements left in the spool for the next push.
    pub kept: usize,
    /// Why sending stopped early, if it did.
    pub stopped: Option<String>,
}

/// Why a push could not start.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// The credentials are not set.
    #[error("no LRS credentials: set {USER_ENV} and {PASSWORD_ENV} in the environment")]
    NoCredentials,
    /// The endpoint is not an http(s) URL.
    #[error("the LRS address must start with http:// or https://, got {0:?}")]
    BadEndpoint(String),
    /// The spool could not be read or written.
    #[error("{}: {}", .0.display(), .1)]
    Spool(PathBuf, #[source] io::Error),
    /// Another push is using the spool.
    #[error("{}: another push is using this spool; wait for it to finish", .0.display())]
    Busy(PathBuf),
}

/// A spool folder for one LRS.
#[derive(Debug)]
pub struct Spool {
    dir: PathBuf,
    // Held for the life of the spool so two pushes never interleave.
    _lock: File,
}

impl Spool {
    /// Opens (creating) the spool folder and takes its lock.
    pub fn open(dir: &Path) -> Result<Spool, PushError> {
        let err = |e| PushError::Spool(dir.to_path_buf(), e);
        fs::create_dir_all(dir).map_err(err)?;
        let lock_path = dir.join("lock");
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| PushError::Spool(lock_path.clone(), e))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => return Err(PushError::Busy(dir.to_path_buf())),
            Err(fs::TryLockError::Error(e)) => return Err(PushError::Spool(lock_path, e)),
        }
        Ok(Spool {
            dir: dir.to_path_buf(),
            _lock: lock,
        })
    }

    fn sent_path(&self) -> PathBuf {
        self.dir.join("sent.log")
    }

    fn pending_path(&self) -> PathBuf {
        self.dir.join("pending.jsonl")
    }

    /// Ids the LRS has acknowledged.
    pub fn sent_ids(&self) -> Result<HashSet<String>, PushError> {
        let path = self.sent_path();
        match File::open(&path) {
            Ok(f) => {
                let mut ids = HashSet::new();
                for line in BufReader::new(f).lines() {
                    let line = line.map_err(|e| PushError::Spool(path.clone(), e))?;
                    // A line cut short by a crash is not a valid id: ignore it (and resend).
                    let id = line.trim();
                    if id.len() == 36 {
                        ids.insert(id.to_string());
                    }
                }
                Ok(ids)
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(HashSet::new()),
            Err(e) => Err(PushError::Spool(path, e)),
        }
    }

    /// Statements queued by an earlier push and not yet acknowledged.
    pub fn pending(&self) -> Result<Vec<Value>, PushError> {
        let path = self.pending_path();
        match File::open(&path) {
            Ok(f) => {
                let mut out = Vec::new();
                for line in BufReader::new(f).lines() {
                    let line = line.map_err(|e| PushError::Spool(path.clone(), e))?;
                    if let Ok(v) = serde_json::from_str::<Value>(&line) {
                        out.push(v);
                    }
                }
                Ok(out)
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(PushError::Spool(path, e)),
        }
    }

    fn write_pending(&self, statements: &[Value]) -> Result<(), PushError> {
        let path = self.pending_path();
        let err = |e| PushError::Spool(path.clone(), e);
        let mut tmp = tempfile::Builder::new()
            .prefix(".pending")
            .tempfile_in(&self.dir)
            .map_err(err)?;
        for s in statements {
            serde_json::to_writer(&mut tmp, s).map_err(|e| err(e.into()))?;
            tmp.write_all(b"\n").map_err(err)?;
        }
        tmp.as_file().sync_all().map_err(err)?;
        tmp.persist(&path).map_err(|e| err(e.error))?;
        Ok(())
    }

    fn mark_sent(&self, ids: &[String]) -> Result<(), PushError> {
        let path = self.sent_path();
        let err = |e| PushError::Spool(path.clone(), e);
        let mut f = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(err)?;
        let mut text = String::new();
        for id in ids {
            text.push_str(id);
            text.push('\n');
        }
        f.write_all(text.as_bytes()).map_err(err)?;
        f.sync_all().map_err(err)
    }
}

fn id_of(statement: &Value) -> String {
    statement["id"].as_str().unwrap_or_default().to_string()
}

/// Queues `statements` in the spool and sends everything not yet acknowledged.
///
/// `progress(sent, total)` is called after each batch.
pub fn push(
    lrs: &Lrs,
    spool: &Spool,
    statements: Vec<Value>,
    options: &PushOptions,
    progress: &dyn Fn(usize, usize),
) -> Result<PushReport, PushError> {
    let sent = spool.sent_ids()?;
    let mut report = PushReport {
        offered: statements.len(),
        already_sent: statements
            .iter()
            .filter(|s| sent.contains(&id_of(s)))
            .count(),
        ..PushReport::default()
    };
    // Earlier leftovers first, then the new ones; each id once.
    let mut queued = HashSet::new();
    let mut queue = Vec::new();
    for s in spool.pending()?.into_iter().chain(statements) {
        let id = id_of(&s);
        if id.is_empty() || sent.contains(&id) {
            continue;
        }
        if queued.insert(id) {
            queue.push(s);
        }
    }
    spool.write_pending(&queue)?;

    let total = queue.len();
    let mut done = 0;
    let batch_size = options.batch_size.max(1);
    while done < total {
        let end = (done + batch_size).min(total);
        let batch = &queue[done..end];
        match send_batch(lrs, batch, options, &mut report) {
            Ok(()) => {
                let ids: Vec<String> = batch.iter().map(id_of).collect();
                spool.mark_sent(&ids)?;
                report.sent += ids.len();
                done = end;
                progress(done, total);
            }
            Err(why) => {
                report.stopped = Some(why);
                break;
            }
        }
    }
    let rest = &queue[done..];
    report.kept = rest.len();
    spool.write_pending(rest)?;
    Ok(report)
}

/// Sends one batch with retries; `Ok` once the LRS holds every statement of it.
fn send_batch(
    lrs: &Lrs,
    batch: &[Value],
    options: &PushOptions,
    report: &mut PushReport,
) -> Result<(), String> {
    let mut wait = options.first_backoff;
    let mut last = String::new();
    for attempt in 1..=options.attempts.max(1) {
        if attempt > 1 {
            std::thread::sleep(wait);
            wait = (wait * 2).min(options.max_backoff);
        }
        report.requests += 1;
        match lrs.post(batch, options.timeout) {
            // 200: stored; 204: every statement was already there, identical.
            Ok((200 | 204, _)) => return Ok(()),
            // A statement with one of these ids but other content is stored: never overwrite it.
            Ok((409, body)) => {
                return Err(format!(
                    "the LRS already holds a different statement with one of these ids (409): {body}"
                ));
            }
            Ok((401 | 403, _)) => {
                return Err(format!(
                    "the LRS refused the credentials in {USER_ENV} / {PASSWORD_ENV}"
                ));
            }
            Ok((status @ 400..=499, body)) if status != 408 && status != 429 => {
                return Err(format!("the LRS rejected a batch ({status}): {body}"));
            }
            Ok((status, body)) => last = format!("the LRS answered {status}: {body}"),
            Err(e) => last = format!("could not reach the LRS: {e}"),
        }
    }
    Err(format!(
        "gave up after {} attempts; {last}",
        options.attempts.max(1)
    ))
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
}
