//! One push: send what the ledger does not hold, batch by batch, and count a statement as sent only when the LRS says it stored it or holds that very statement.

use super::client::{Answer, Held, Lrs, describe};
use super::compare::difference;
use super::spool::Spool;
use super::{Conflict, PushError, PushOptions, PushReport, id_of};
use serde_json::Value;
use std::collections::HashSet;
use std::time::Duration;

/// Sends every statement of `statements` the spool's ledger does not hold, and notes each one the LRS confirms.
///
/// `statements` are rebuilt by the caller from the records it trusts;
/// `progress(done, total)` is called after each batch.
pub fn push(
    lrs: &Lrs,
    spool: &Spool,
    statements: Vec<Value>,
    options: &PushOptions,
    progress: &dyn Fn(usize, usize),
) -> Result<PushReport, PushError> {
    let ledger = spool.ledger()?;
    let mut report = PushReport {
        offered: statements.len(),
        ledger_lines_not_counted: ledger.not_counted,
        ..PushReport::default()
    };
    let mut queued = HashSet::new();
    let mut queue = Vec::new();
    for s in statements {
        let id = id_of(&s);
        if id.is_empty() {
            continue;
        }
        if ledger.sent.contains(&id) {
            report.already_sent += 1;
        } else if queued.insert(id) {
            queue.push(s);
        }
    }
    let total = queue.len();
    let mut done = 0;
    for batch in queue.chunks(options.batch_size.max(1)) {
        let delivered = deliver(lrs, batch, options, &mut report);
        spool.mark_sent(&delivered.acknowledged)?;
        report.sent += delivered.acknowledged.len();
        done += batch.len();
        progress(done, total);
        if let Some(why) = delivered.stop {
            report.stopped = Some(why);
            break;
        }
    }
    report.kept = total - report.sent;
    Ok(report)
}

/// What became of one batch.
#[derive(Default)]
struct Delivered {
    /// Ids the LRS stored or holds as sent.
    acknowledged: Vec<String>,
    /// Why the push must stop, if it must.
    stop: Option<String>,
}

/// Sends one batch, with retries, and confirms by id whatever the answer leaves open.
fn deliver(
    lrs: &Lrs,
    batch: &[Value],
    options: &PushOptions,
    report: &mut PushReport,
) -> Delivered {
    let mut wait = options.first_backoff;
    let mut last = String::new();
    let attempts = options.attempts.max(1);
    for attempt in 1..=attempts {
        report.requests += 1;
        let answer = lrs.post(batch, options);
        match &answer {
            Answer::Stored(ids) => {
                let sent: Vec<String> = batch.iter().map(id_of).collect();
                let wanted: HashSet<&String> = sent.iter().collect();
                if ids.iter().any(|id| !wanted.contains(id)) {
                    return stop(format!(
                        "the LRS answered 200 but with statement ids that were not sent ({}); nothing of this batch is counted as sent",
                        ids.iter()
                            .filter(|id| !wanted.contains(id))
                            .take(3)
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
                if ids.len() == sent.len() {
                    return Delivered {
                        acknowledged: sent,
                        stop: None,
                    };
                }
                // Fewer ids than sent: some were held already (or not stored); ask about those.
                let named: HashSet<&String> = ids.iter().collect();
                let rest: Vec<Value> = batch
                    .iter()
                    .filter(|s| !named.contains(&id_of(s)))
                    .cloned()
                    .collect();
                let mut out = confirm(lrs, &rest, options, report);
                out.acknowledged.extend(ids.iter().cloned());
                return out;
            }
            // The LRS holds some of these ids: find out which, and whether they are ours.
            Answer::NoContent | Answer::Conflict(_) => return confirm(lrs, batch, options, report),
            Answer::Redirect { .. }
            | Answer::Unauthorised(_)
            | Answer::Refused { .. }
            | Answer::Unexpected(_) => {
                return stop(format!("the LRS {}", describe(&answer)));
            }
            Answer::Busy {
                retry_after: Some(after),
                ..
            } if *after > options.max_retry_after => {
                return stop(format!(
                    "the LRS {} and asks to wait {} s (Retry-After), longer than --max-wait {} s; push again later",
                    describe(&answer),
                    after.as_secs(),
                    options.max_retry_after.as_secs()
                ));
            }
            Answer::Busy { retry_after, .. } => {
                last = format!("the LRS {}", describe(&answer));
                if attempt < attempts {
                    // The LRS's own wait when it gives one, else the backoff.
                    std::thread::sleep(retry_after.unwrap_or(wait));
                    wait = (wait * 2).min(options.max_backoff);
                }
            }
            // The LRS may have stored the batch before the answer broke: the resend
            // is answered as held, and confirmed.
            Answer::BadReply(_)
            | Answer::CouldNotConnect(_)
            | Answer::TimedOut(_)
            | Answer::Broken(_) => {
                last = describe(&answer);
                if attempt < attempts {
                    std::thread::sleep(wait);
                    wait = (wait * 2).min(options.max_backoff);
                }
            }
        }
    }
    stop(format!("gave up after {attempts} attempts; {last}"))
}

fn stop(why: String) -> Delivered {
    Delivered {
        acknowledged: Vec::new(),
        stop: Some(why),
    }
}

/// Asks the LRS, id by id, what it holds: ours counts as sent, another statement is a conflict, nothing is sent once more.
fn confirm(
    lrs: &Lrs,
    statements: &[Value],
    options: &PushOptions,
    report: &mut PushReport,
) -> Delivered {
    let mut out = Delivered::default();
    let mut missing: Vec<Value> = Vec::new();
    // Two rounds: an LRS may answer before what it stored can be read back.
    for round in 0..2 {
        let asking: Vec<Value> = if round == 0 {
            statements.to_vec()
        } else {
            std::mem::take(&mut missing)
        };
        for s in &asking {
            let id = id_of(s);
            report.requests += 1;
            match lrs.get(&id, options) {
                Held::Found(held) => match difference(s, &held) {
                    None => {
                        report.confirmed_held += 1;
                        out.acknowledged.push(id);
                    }
                    Some(at) => report.conflicts.push(Conflict {
                        id,
                        registration: s["context"]["registration"]
                            .as_str()
                            .unwrap_or_default()
                            .to_string(),
                        verb: s["verb"]["id"]
                            .as_str()
                            .unwrap_or_default()
                            .rsplit('/')
                            .next()
                            .unwrap_or_default()
                            .to_string(),
                        differs_at: at,
                    }),
                },
                Held::Missing => missing.push(s.clone()),
                Held::Unknown(why) => {
                    out.stop = Some(format!("could not ask the LRS what it holds: {why}"));
                    return out;
                }
            }
        }
        if missing.is_empty() {
            break;
        }
        // Not there: send those once more, on their own.
        report.requests += 1;
        match lrs.post(&missing, options) {
            Answer::Stored(ids) => {
                let mine: HashSet<String> = missing.iter().map(id_of).collect();
                let stored: Vec<String> = ids.into_iter().filter(|id| mine.contains(id)).collect();
                let stored_set: HashSet<&String> = stored.iter().collect();
                missing.retain(|s| !stored_set.contains(&id_of(s)));
                out.acknowledged.extend(stored);
            }
            Answer::NoContent | Answer::Conflict(_) => {
                // Held after all: the second round reads them back.
                std::thread::sleep(Duration::from_millis(200));
            }
            other => {
                out.stop = Some(format!("the LRS {}", describe(&other)));
                return out;
            }
        }
        if missing.is_empty() {
            break;
        }
    }
    if !missing.is_empty() {
        out.stop = Some(format!(
            "the LRS neither stored nor holds {} statement(s) it was sent (first: {})",
            missing.len(),
            id_of(&missing[0])
        ));
    }
    out
}
