//! One explorer of the states a run can reach: depth- or breadth-first over the choices each state offers, within a bound.
//!
//! Validation looks for dead ends with it, [`crate::strategy::path_to`] for
//! the shortest way to a stage, and balance analysis for every decision
//! path. Each state is a real [`Run`], so only choices whose `requires` hold
//! are followed and every rule is the engine's own.

use crate::model::Choice;
use crate::run::Run;
use std::collections::VecDeque;

/// The order states are visited in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// A path to its end before the next: states in the order of their choices, deepest first.
    DepthFirst,
    /// Level by level: all states one choice from the start, then two, and so on.
    BreadthFirst,
}

/// A state being visited.
pub struct Node<'r, 'a> {
    /// The run as play reached this state.
    pub reached: &'r Run<'a>,
    /// The run after the arrival hook (for example the edits a path makes at this stage).
    pub arrived: &'r Run<'a>,
    /// The choices `arrived` offers, in the order they will be explored; the visitor may reorder or drop them.
    pub choices: Vec<&'a Choice>,
}

/// What to do after visiting a state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Explore the state's choices.
    Expand,
    /// Do not go further from this state.
    Prune,
    /// Stop exploring altogether.
    Stop,
}

/// How far an exploration went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Explored {
    /// States visited.
    pub visited: usize,
    /// False when the bound cut it short, so some states were never visited.
    pub complete: bool,
}

/// Visits the states reachable from `root`, at most `cap` of them.
///
/// At each state that is at a stage, `arrive` is applied to a copy of the run
/// (it may make edits), the copy's available choices are listed, and `visit`
/// decides whether to go on; each choice left in [`Node::choices`] leads to a
/// new state. Finished runs are visited too, with no choices.
pub fn explore<'a>(
    root: Run<'a>,
    order: Order,
    cap: usize,
    mut arrive: impl FnMut(&mut Run<'a>),
    mut visit: impl FnMut(&mut Node<'_, 'a>) -> Step,
) -> Explored {
    let mut frontier = VecDeque::from([root]);
    let mut visited = 0usize;
    loop {
        let reached = match order {
            Order::DepthFirst => frontier.pop_back(),
            Order::BreadthFirst => frontier.pop_front(),
        };
        let Some(reached) = reached else {
            return Explored {
                visited,
                complete: true,
            };
        };
        visited += 1;
        if visited > cap {
            return Explored {
                visited: cap,
                complete: false,
            };
        }
        let mut arrived = reached.clone();
        if arrived.current_stage().is_some() {
            arrive(&mut arrived);
        }
        let mut node = Node {
            choices: arrived.available_choices(),
            reached: &reached,
            arrived: &arrived,
        };
        match visit(&mut node) {
            Step::Stop => {
                return Explored {
                    visited,
                    complete: true,
                };
            }
            Step::Prune => continue,
            Step::Expand => {}
        }
        let choices = std::mem::take(&mut node.choices);
        let children = choices.into_iter().filter_map(|choice| {
            let mut next = arrived.clone();
            next.choose(&choice.id).ok().map(|()| next)
        });
        match order {
            // Pushed in reverse so the first choice is popped, and explored, first.
            Order::DepthFirst => {
                let children: Vec<Run<'a>> = children.collect();
                frontier.extend(children.into_iter().rev());
            }
            Order::BreadthFirst => frontier.extend(children),
        }
    }
}
