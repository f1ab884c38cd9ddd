//! How the command line words the use cases' errors: which command lists
//! what was not found, which flag a bad value came from, and the exit code
//! each kind of problem gets.

use afterview_app::{Error, Kind};
use afterview_store::RecordKind;

use crate::UsageError;

/// The whole message for an error, with what to do next.
pub fn describe(err: &anyhow::Error) -> String {
    match err.downcast_ref::<Error>() {
        Some(e) => {
            let text = word(e);
            // Context added on the way up ("cannot open …") comes first.
            let chain: Vec<String> = err
                .chain()
                .take_while(|c| c.downcast_ref::<Error>().is_none())
                .map(ToString::to_string)
                .collect();
            if chain.is_empty() { text } else { format!("{}: {text}", chain.join(": ")) }
        }
        None => format!("{err:#}"),
    }
}

fn word(e: &Error) -> String {
    match e {
        Error::NotFound { kind, id } => match kind {
            Kind::Record(RecordKind::User) => {
                format!("there is no account for {id}; `afterview admin user list` shows the ones there are")
            }
            Kind::Record(RecordKind::Holiday) => {
                format!("{id} is not an imported closure day; `afterview holidays list` shows them")
            }
            Kind::Record(r) => {
                let command = match r {
                    RecordKind::Application => "application",
                    RecordKind::Person => "person",
                    RecordKind::Interview => "interview",
                    RecordKind::Outcome => "outcome",
                    RecordKind::Message => "message",
                    _ => return format!("{e}"),
                };
                format!("{e}; `afterview {command} list` shows the ones there are")
            }
            Kind::Task => {
                format!(
                    "there is no task \"{id}\" on your agenda; `afterview agenda` shows each task's id in [brackets]"
                )
            }
            Kind::Setting => format!("there is no setting {id}; `afterview config list` shows them all"),
            Kind::Word => format!("none of {id} is in your word list"),
            Kind::Feed => format!("{e}"),
        },
        // Fields are named as the flags that set them; the message starts
        // with the field's name.
        Error::Invalid { field: Some(f), .. } if f != "word" => {
            let text = e.to_string();
            format!("--{}{}", f.replace('_', "-"), text.strip_prefix(f.as_str()).unwrap_or(&text))
        }
        Error::Storage(afterview_store::Error::Damaged { .. }) => format!(
            "{e}. `afterview doctor` shows what is wrong and the backups there are; \
             `afterview doctor --restore` puts back the newest whole one"
        ),
        other => other.to_string(),
    }
}

/// 2 for bad usage, 1 for everything else that went wrong.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    if err.downcast_ref::<UsageError>().is_some() || err.downcast_ref::<clap::Error>().is_some() {
        return 2;
    }
    err.downcast_ref::<Error>().map_or(1, Error::exit_code)
}

/// Writing to a pipe whose reader has gone (`| head`) is not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        let kind = c
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| c.downcast_ref::<serde_json::Error>().and_then(serde_json::Error::io_error_kind));
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}
