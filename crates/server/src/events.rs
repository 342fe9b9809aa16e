//! What happens in a session, told to the trainer's open dashboards as it happens (server-sent events).

use tokio::sync::broadcast;
use uuid::Uuid;

/// Something that changed in a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The session.
    pub session: String,
    /// The run it is about.
    pub run: Uuid,
    /// What happened.
    pub kind: EventKind,
}

/// Kinds of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// A trainee joined and started a scenario.
    Joined,
    /// A decision was accepted.
    Decided,
    /// The run ended.
    Ended,
}

/// Events waiting to be read by a slow dashboard before the oldest are dropped (it then redraws everything).
const BACKLOG: usize = 1024;

/// The channel every dashboard listens on.
#[derive(Debug, Clone)]
pub struct Events {
    sender: broadcast::Sender<Event>,
}

impl Default for Events {
    fn default() -> Self {
        Events {
            sender: broadcast::channel(BACKLOG).0,
        }
    }
}

impl Events {
    /// Tells every listener; no listener is fine.
    pub fn send(&self, event: Event) {
        let _ = self.sender.send(event);
    }

    /// A new listener.
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.sender.subscribe()
    }
}
