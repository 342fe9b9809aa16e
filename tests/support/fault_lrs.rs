//! A learning record store that misbehaves on purpose, on loopback, for the push tests: each way an LRS may answer that a push must not take for "stored".
//!
//! Hand-written on `std::net` rather than on an HTTP framework because some
//! faults live below HTTP: an answer cut off after half its body, a server
//! that reads the request and never answers. It stores statements by id, as
//! an LRS does, and serves them back one by one (`?statementId=`) and as a
//! list, so a test can check that every statement ends up stored exactly once.
#![allow(dead_code)]

use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How the LRS answers a POST of statements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// As xAPI says: stores new statements and answers 200 with their ids; a batch with
    /// an id it holds with other content is refused whole with 409.
    WellBehaved,
    /// Stores nothing and answers 200 with a body that is not an array of ids.
    NotAnArray,
    /// Stores the batch, then answers 200 with only half of the body its length promises.
    CutOff,
    /// Answers 303 to a login page that answers 200 (what a proxy or a single sign-on does).
    RedirectToLogin,
    /// Answers 200 with ids other than those sent, storing nothing.
    WrongIds,
    /// A batch holding any id it already holds is answered 409 and nothing of it is stored.
    ConflictWhenHeld,
    /// Stores what is new and answers 204 whenever any id of the batch was held.
    NoContentWhenHeld,
    /// Answers `status` with `Retry-After: seconds` to the next `times` POSTs, then behaves.
    Busy {
        /// 429 or 503.
        status: u16,
        /// The wait asked for.
        seconds: u64,
        /// How many POSTs get it.
        times: u32,
    },
    /// Reads the request and answers nothing for this long, then closes.
    Silent(Duration),
}

/// What the LRS saw and holds.
#[derive(Debug, Default)]
pub struct State {
    /// Statements by id (lower case).
    pub held: BTreeMap<String, Value>,
    /// The ids of each POST received, in order.
    pub posts: Vec<Vec<String>>,
    /// When each POST arrived.
    pub post_times: Vec<Instant>,
}

/// The running LRS.
pub struct FaultLrs {
    port: u16,
    mode: Arc<Mutex<Mode>>,
    state: Arc<Mutex<State>>,
    delay: Arc<Mutex<Duration>>,
}

impl FaultLrs {
    /// Starts on a free loopback port, in `mode`.
    pub fn start(mode: Mode) -> FaultLrs {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let mode = Arc::new(Mutex::new(mode));
        let state = Arc::new(Mutex::new(State::default()));
        let delay = Arc::new(Mutex::new(Duration::ZERO));
        let (m, s, d) = (mode.clone(), state.clone(), delay.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (m, s, d) = (m.clone(), s.clone(), d.clone());
                std::thread::spawn(move || {
                    let _ = serve(stream, &m, &s, &d);
                });
            }
        });
        FaultLrs {
            port,
            mode,
            state,
            delay,
        }
    }

    /// Waits this long before answering each POST, so a push can be killed part way.
    pub fn set_delay(&self, delay: Duration) {
        *self.delay.lock().unwrap() = delay;
    }

    /// The xAPI address to push to.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/xAPI/", self.port)
    }

    /// Changes how it answers from now on.
    pub fn set_mode(&self, mode: Mode) {
        *self.mode.lock().unwrap() = mode;
    }

    /// Holds `statement` already (as if an earlier push, or another program, had stored it).
    pub fn hold(&self, statement: Value) {
        let id = statement["id"].as_str().unwrap().to_ascii_lowercase();
        self.state.lock().unwrap().held.insert(id, statement);
    }

    /// Looks at what it saw and holds.
    pub fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap()
    }
}

struct Request {
    method: String,
    target: String,
    body: Vec<u8>,
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let mut length = 0usize;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().ok()?;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Request {
        method,
        target,
        body,
    })
}

fn respond(mut stream: &TcpStream, status: &str, headers: &[(&str, String)], body: &str) {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body.as_bytes());
    let _ = stream.flush();
}

fn id_of(s: &Value) -> String {
    s["id"].as_str().unwrap_or_default().to_ascii_lowercase()
}

/// Stores the statements not held; whether any was held already.
fn store(state: &mut State, batch: &[Value]) -> bool {
    let mut any_held = false;
    for s in batch {
        match state.held.entry(id_of(s)) {
            std::collections::btree_map::Entry::Occupied(_) => any_held = true,
            std::collections::btree_map::Entry::Vacant(v) => {
                v.insert(s.clone());
            }
        }
    }
    any_held
}

fn serve(
    stream: TcpStream,
    mode: &Mutex<Mode>,
    state: &Mutex<State>,
    delay: &Mutex<Duration>,
) -> Option<()> {
    let request = read_request(&stream)?;
    let (path, query) = request
        .target
        .split_once('?')
        .unwrap_or((request.target.as_str(), ""));
    if request.method == "GET" && path == "/login" {
        respond(
            &stream,
            "200 OK",
            &[],
            "<html><body>Please sign in</body></html>",
        );
        return Some(());
    }
    if request.method == "GET" && path == "/xAPI/statements" {
        let st = state.lock().unwrap();
        match query.strip_prefix("statementId=") {
            Some(id) => match st.held.get(&id.to_ascii_lowercase()) {
                Some(s) => {
                    // An LRS adds what it may: when it stored it, and who it was.
                    let mut s = s.clone();
                    s["stored"] = json!("2026-12-01T10:00:00.000Z");
                    s["authority"] =
                        json!({ "objectType": "Agent", "mbox": "mailto:lrs@fault.invalid" });
                    s["version"] = json!("1.0.3");
                    respond(&stream, "200 OK", &[], &s.to_string())
                }
                None => respond(&stream, "404 Not Found", &[], ""),
            },
            None => {
                let all: Vec<&Value> = st.held.values().collect();
                respond(
                    &stream,
                    "200 OK",
                    &[],
                    &json!({ "statements": all, "more": "" }).to_string(),
                )
            }
        }
        return Some(());
    }
    if request.method != "POST" || path != "/xAPI/statements" {
        respond(&stream, "404 Not Found", &[], "");
        return Some(());
    }
    let batch: Vec<Value> = serde_json::from_slice(&request.body).ok()?;
    let ids: Vec<String> = batch.iter().map(id_of).collect();
    let wait = *delay.lock().unwrap();
    std::thread::sleep(wait);
    let current = mode.lock().unwrap().clone();
    {
        let mut st = state.lock().unwrap();
        st.posts.push(ids.clone());
        st.post_times.push(Instant::now());
    }
    match current {
        Mode::WellBehaved | Mode::Busy { times: 0, .. } => {
            let mut st = state.lock().unwrap();
            let conflict = batch
                .iter()
                .any(|s| st.held.get(&id_of(s)).is_some_and(|h| h != s));
            if conflict {
                drop(st);
                respond(
                    &stream,
                    "409 Conflict",
                    &[],
                    "a statement with this id and other content is held",
                );
            } else {
                let new: Vec<String> = batch
                    .iter()
                    .filter(|s| !st.held.contains_key(&id_of(s)))
                    .map(id_of)
                    .collect();
                store(&mut st, &batch);
                drop(st);
                // Only the ids stored now, as some LRSs do for a resend.
                respond(&stream, "200 OK", &[], &json!(new).to_string());
            }
        }
        Mode::NotAnArray => respond(&stream, "200 OK", &[], r#"{"ok":true}"#),
        Mode::CutOff => {
            store(&mut state.lock().unwrap(), &batch);
            let body = json!(ids).to_string();
            let half = &body[..body.len() / 2];
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let mut s = &stream;
            let _ = s.write_all(head.as_bytes());
            let _ = s.write_all(half.as_bytes());
            let _ = s.flush();
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
        Mode::RedirectToLogin => respond(
            &stream,
            "303 See Other",
            &[("Location", "/login".to_string())],
            "",
        ),
        Mode::WrongIds => respond(
            &stream,
            "200 OK",
            &[],
            &json!(["00000000-0000-4000-8000-000000000000"]).to_string(),
        ),
        Mode::ConflictWhenHeld => {
            let mut st = state.lock().unwrap();
            if batch.iter().any(|s| st.held.contains_key(&id_of(s))) {
                drop(st);
                respond(&stream, "409 Conflict", &[], "already held");
            } else {
                store(&mut st, &batch);
                drop(st);
                respond(&stream, "200 OK", &[], &json!(ids).to_string());
            }
        }
        Mode::NoContentWhenHeld => {
            let any_held = store(&mut state.lock().unwrap(), &batch);
            if any_held {
                respond(&stream, "204 No Content", &[], "");
            } else {
                respond(&stream, "200 OK", &[], &json!(ids).to_string());
            }
        }
        Mode::Busy {
            status,
            seconds,
            times,
        } => {
            *mode.lock().unwrap() = Mode::Busy {
                status,
                seconds,
                times: times - 1,
            };
            let line = if status == 429 {
                "429 Too Many Requests"
            } else {
                "503 Service Unavailable"
            };
            respond(
                &stream,
                line,
                &[("Retry-After", seconds.to_string())],
                "busy",
            );
        }
        Mode::Silent(for_how_long) => {
            std::thread::sleep(for_how_long);
        }
    }
    Some(())
}
