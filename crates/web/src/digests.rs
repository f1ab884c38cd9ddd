//! In server mode the server sends each account's morning digest itself
//! (nobody on a server has a timer): a task that wakes at start and then
//! every minute, runs a round of [`afterview_app::server::send_due`] on a
//! blocking thread (the PostgreSQL client is synchronous), and writes one
//! log line per account sent or failed: its id, the channel, the step that
//! failed; never the digest, an address or the reason (which can name
//! both). It stops with the server's graceful shutdown, after the round in
//! progress. `AFTERVIEW_SERVER_NOTIFY=off` keeps a process from sending
//! (tests; a process that should only answer requests).

use std::sync::Arc;
use std::time::Duration;

use afterview_app::server::{self, Outcome, Pace, Round, Server};
use tokio::sync::watch;

/// The environment variable that turns the digests off in a process.
pub const SWITCH_VAR: &str = "AFTERVIEW_SERVER_NOTIFY";

/// How often the task wakes.
const EVERY: Duration = Duration::from_secs(60);

/// Whether this process sends digests, from `AFTERVIEW_SERVER_NOTIFY`'s
/// value: on unless it says `off`; anything else but `on` is refused.
pub fn switch(value: Option<&str>) -> afterview_app::Result<bool> {
    match value.map(|v| v.trim().to_ascii_lowercase()).as_deref() {
        None | Some("" | "on") => Ok(true),
        Some("off") => Ok(false),
        Some(_) => Err(afterview_app::Error::invalid_input(format!(
            "{SWITCH_VAR}={}: use on or off (off: this process sends no reminders)",
            value.unwrap_or_default()
        ))),
    }
}

/// Sends the digests due at start and then every minute, until `stop`
/// turns true or its sender is dropped.
pub async fn run(server: Arc<Server>, mut stop: watch::Receiver<bool>) {
    let mut ticks = tokio::time::interval(EVERY);
    // A round longer than a minute is followed by the next one, not by a
    // burst of the ones missed.
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut pace = Pace::default();
    loop {
        tokio::select! {
            _ = ticks.tick() => {}
            _ = stop.wait_for(|stopped| *stopped) => return,
        }
        let s = Arc::clone(&server);
        let mut kept = std::mem::take(&mut pace);
        let done = crate::blocking(move || {
            let round = server::send_due(&s, jiff::Timestamp::now(), &mut kept, |_, settings, digest| {
                server::deliver(&s, settings, digest)
            });
            Ok((round, kept))
        })
        .await;
        match done {
            Ok((round, kept)) => {
                pace = kept;
                log(round);
            }
            // The round's thread panicked: what it kept is lost, nothing else.
            Err(e) => tracing::error!(error = %e, "digests: the round stopped"),
        }
    }
}

fn log(round: afterview_app::Result<Round>) {
    match round {
        Ok(Round::Done(deliveries)) => {
            for d in deliveries {
                let (user, channel) = (d.user.0, d.channel.as_str());
                match d.outcome {
                    Outcome::Sent { tasks, .. } => tracing::info!(user, channel, tasks, "digest sent"),
                    Outcome::Failed { step, .. } => {
                        tracing::warn!(user, channel, step = step.as_str(), "digest not sent")
                    }
                    Outcome::Nothing | Outcome::Waiting { .. } => {}
                }
            }
        }
        Ok(Round::Elsewhere) => tracing::debug!("digests: another process is sending them"),
        // The database's own words (busy, unreachable), not a user's.
        Err(e) => tracing::warn!(error = %e, "digests: the round could not start"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switch_is_on_unless_off() {
        assert!(switch(None).unwrap());
        assert!(switch(Some("")).unwrap());
        assert!(switch(Some(" ON ")).unwrap());
        assert!(!switch(Some("off")).unwrap());
        assert_eq!(
            switch(Some("nope")).unwrap_err().to_string(),
            "AFTERVIEW_SERVER_NOTIFY=nope: use on or off (off: this process sends no reminders)"
        );
    }
}
