//! Counting records into a [`Report`]: one pass in start order, one accumulator per scenario and stage.

use super::model::{
    CertificateEntry, ChoiceCount, DayRow, ExpectedDamage, ItemLeak, Report, RunRow,
    ScenarioReport, SessionColumn, StageChoices, TraineeRow, bin_of, date_of,
};
use crate::certificate::eligible;
use crate::record::{EndingKind, Mode, Record, Status};
use crate::store::{RecordSet, file_stem};
use jiff::civil::Date;
use presscheck_engine::run::Decision;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// A stage being counted.
#[derive(Default)]
struct StageAcc<'a> {
    out: StageChoices,
    /// Earliest place in a run's decisions: stages are listed in play order.
    first_position: usize,
    first_seen: usize,
    index: HashMap<&'a str, usize>,
}

impl<'a> StageAcc<'a> {
    fn choice(&mut self, id: &'a str, label: &str) -> &mut ChoiceCount {
        let next = self.out.choices.len();
        let i = *self.index.entry(id).or_insert(next);
        if i == next {
            self.out.choices.push(ChoiceCount {
                id: id.to_string(),
                label: label.to_string(),
                ..ChoiceCount::default()
            });
        }
        &mut self.out.choices[i]
    }
}

/// One scenario being counted.
#[derive(Default)]
struct ScenarioAcc<'a> {
    out: ScenarioReport,
    versions: BTreeSet<&'a str>,
    scores: Vec<f64>,
    trainees: BTreeMap<&'a str, TraineeRow>,
    /// Published runs per session code.
    sessions: BTreeMap<&'a str, usize>,
    /// Leaks per item, per session code.
    leaks: BTreeMap<&'a str, BTreeMap<&'a str, usize>>,
    stages: Vec<StageAcc<'a>>,
    stage_index: HashMap<&'a str, usize>,
    days: BTreeMap<Date, DayRow>,
    /// Published runs that keep their replays: expected and actual damage, and foreign pickup.
    damage: Vec<(f64, f64, f64)>,
}

impl<'a> ScenarioAcc<'a> {
    fn add(&mut self, r: &'a Record) {
        let s = &mut self.out;
        s.id.clone_from(&r.scenario.id);
        s.title.clone_from(&r.scenario.title);
        s.pass_mark = r.scenario.pass_mark;
        self.versions.insert(&r.scenario.version);
        s.runs += 1;

        let t = self
            .trainees
            .entry(&r.trainee.id)
            .or_insert_with(|| TraineeRow {
                id: r.trainee.id.clone(),
                name: String::new(),
                runs: 0,
                finished: 0,
                best: None,
                last: None,
                passed_ever: false,
                assessed_passes: 0,
                last_played: r.started_at,
            });
        t.name.clone_from(&r.trainee.name);
        t.runs += 1;
        t.last_played = t.last_played.max(r.started_at);

        let day = self
            .days
            .entry(date_of(r.started_at))
            .or_insert_with_key(|d| DayRow::new(*d));
        day.runs += 1;

        for (position, d) in r.decisions.iter().enumerate() {
            let Decision::Choose { stage, choice } = &d.decision else {
                continue;
            };
            let next = self.stages.len();
            let i = *self.stage_index.entry(stage.as_str()).or_insert(next);
            if i == next {
                self.stages.push(StageAcc {
                    out: StageChoices {
                        stage: stage.clone(),
                        title: d.stage_title.clone(),
                        ..StageChoices::default()
                    },
                    first_position: position,
                    first_seen: next,
                    index: HashMap::new(),
                });
            }
            let acc = &mut self.stages[i];
            acc.first_position = acc.first_position.min(position);
            acc.out.decisions += 1;
            for (k, id) in d.offered.iter().enumerate() {
                let label = d.offered_labels.get(k).map_or(id.as_str(), String::as_str);
                acc.choice(id, label).offered += 1;
            }
            acc.choice(choice, choice).taken += 1;
            for id in &d.careful {
                if let Some(&c) = acc.index.get(id.as_str()) {
                    acc.out.choices[c].careful = true;
                }
            }
        }

        let (Status::Finished, Some(result)) = (r.status, &r.result) else {
            s.abandoned += 1;
            return;
        };
        s.finished += 1;
        s.passed += usize::from(result.passed);
        s.histogram[bin_of(result.score)] += 1;
        self.scores.push(result.score);
        t.finished += 1;
        t.best = Some(t.best.map_or(result.score, |b| b.max(result.score)));
        // Records arrive in start order, so the latest finished run comes last.
        t.last = Some(result.score);
        t.passed_ever |= result.passed;
        if result.passed && r.mode == Mode::Assessed {
            t.assessed_passes += 1;
        }
        day.finished += 1;
        day.passed += usize::from(result.passed);
        day.score_sum += result.score;
        if result.ending == EndingKind::Published {
            s.published += 1;
            let code = r.session.as_deref().unwrap_or("");
            *self.sessions.entry(code).or_default() += 1;
            for item in &result.leaked {
                *self.leaks.entry(item).or_default().entry(code).or_default() += 1;
            }
            if let Some(usual) = &result.usual {
                self.damage.push((
                    usual.expected_damage,
                    result.leak_damage,
                    usual.foreign_pickup,
                ));
            }
        }
    }

    fn finish(self) -> ScenarioReport {
        let mut s = self.out;
        s.versions = self.versions.into_iter().map(str::to_string).collect();
        let mut scores = self.scores;
        if !scores.is_empty() {
            scores.sort_unstable_by(f64::total_cmp);
            let n = scores.len();
            s.mean = Some(scores.iter().sum::<f64>() / n as f64);
            s.median = Some(if n % 2 == 1 {
                scores[n / 2]
            } else {
                (scores[n / 2 - 1] + scores[n / 2]) / 2.0
            });
        }
        s.trainees = self.trainees.into_values().collect();
        s.sessions = self
            .sessions
            .iter()
            .map(|(code, &published)| SessionColumn {
                code: code.to_string(),
                published,
            })
            .collect();
        let mut leaks: Vec<ItemLeak> = self
            .leaks
            .into_iter()
            .map(|(item, by)| ItemLeak {
                item: item.to_string(),
                leaked: by.values().sum(),
                published: s.published,
                by_session: self
                    .sessions
                    .keys()
                    .map(|code| by.get(code).copied().unwrap_or(0))
                    .collect(),
            })
            .collect();
        leaks.sort_by(|a, b| b.leaked.cmp(&a.leaked).then_with(|| a.item.cmp(&b.item)));
        s.leaks = leaks;
        let mut stages = self.stages;
        stages.sort_by_key(|st| (st.first_position, st.first_seen));
        s.stages = stages.into_iter().map(|st| st.out).collect();
        s.days = self.days.into_values().collect();
        s.damage = expected_damage(&self.damage);
        s
    }
}

/// The class's expected damage from each published run's (expected, actual, foreign pickup).
fn expected_damage(runs: &[(f64, f64, f64)]) -> Option<ExpectedDamage> {
    if runs.is_empty() {
        return None;
    }
    let n = runs.len() as f64;
    let mean = |f: fn(&(f64, f64, f64)) -> f64| runs.iter().map(f).sum::<f64>() / n;
    Some(ExpectedDamage {
        runs: runs.len(),
        expected: mean(|r| r.0),
        actual: mean(|r| r.1),
        foreign_pickup: mean(|r| r.2),
        worst: runs.iter().map(|r| r.0).fold(0.0, f64::max),
    })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Aggregates a set of records.
pub fn build(set: &RecordSet) -> Report<'_> {
    // Start order, so "latest" and "last" mean what they say whatever the file names.
    let mut order: Vec<usize> = (0..set.records.len()).collect();
    order.sort_by_key(|&i| (set.records[i].record.started_at, i));

    let mut scenarios: BTreeMap<&str, ScenarioAcc<'_>> = BTreeMap::new();
    let mut trainees: BTreeSet<&str> = BTreeSet::new();
    let mut report = Report {
        records: set.records.len(),
        finished: 0,
        passed: 0,
        abandoned: 0,
        trainees: 0,
        skipped: &set.skipped,
        span: None,
        scenarios: Vec::new(),
        runs: Vec::with_capacity(set.records.len()),
        certificates: Vec::new(),
    };
    for &i in &order {
        let r = &set.records[i].record;
        report.span = Some(match report.span {
            None => (r.started_at, r.ended_at.max(r.started_at)),
            Some((a, b)) => (a.min(r.started_at), b.max(r.ended_at)),
        });
        trainees.insert(&r.trainee.id);
        match (r.status, &r.result) {
            (Status::Finished, Some(result)) => {
                report.finished += 1;
                report.passed += usize::from(result.passed);
            }
            _ => report.abandoned += 1,
        }
        scenarios.entry(&r.scenario.id).or_default().add(r);
    }
    report.trainees = trainees.len();
    report.scenarios = scenarios.into_values().map(ScenarioAcc::finish).collect();
    // The set is sorted by file name already; rows and certificates keep that order.
    for stored in &set.records {
        let r = &stored.record;
        report.runs.push(RunRow {
            file: file_name(&stored.path),
            record: r,
        });
        if eligible(r).is_ok() {
            report.certificates.push(CertificateEntry {
                stem: stored
                    .path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| file_stem(r)),
                record: r,
            });
        }
    }
    report
}
