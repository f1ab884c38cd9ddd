//! One module per family of commands; `run` dispatches to them.

mod agenda;
mod calendar;
mod messages;
mod plan;
mod records;
mod setup;

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::Command;
use crate::context::Ctx;

pub fn run(command: Command) -> Result<ExitCode> {
    // Commands that need no data folder come first, so they work anywhere.
    match command {
        Command::Completions { shell } => {
            return setup::completions(shell).map(|()| ExitCode::SUCCESS);
        }
        Command::Man { out } => return setup::man(out.as_deref()).map(|()| ExitCode::SUCCESS),
        _ => {}
    }
    let ctx = Ctx::load()?;
    match command {
        Command::Agenda(args) => agenda::agenda(&ctx, &args),
        Command::Application(cmd) => records::application(&ctx, cmd),
        Command::Person(cmd) => records::person(&ctx, cmd),
        Command::Interview(cmd) => records::interview(&ctx, cmd),
        Command::Outcome(cmd) => records::outcome(&ctx, cmd),
        Command::Log(args) => records::log(&ctx, args),
        Command::Export(cmd) => agenda::export(&ctx, cmd),
        Command::Done(args) => agenda::mark(&ctx, &args, agenda::Mark::Done),
        Command::Skip(args) => agenda::mark(&ctx, &args, agenda::Mark::Skip),
        Command::Snooze(args) => agenda::mark(&ctx, &args.task, agenda::Mark::Snooze(args.until)),
        Command::When(args) => calendar::when(&ctx, &args),
        Command::Plan(args) => plan::plan(&ctx, &args),
        Command::Check(args) => return messages::check(&ctx, &args),
        Command::Draft(args) => messages::draft(&ctx, &args),
        Command::Words(cmd) => messages::words(&ctx, cmd),
        Command::Templates(cmd) => messages::templates(&ctx, cmd),
        Command::Holidays(cmd) => calendar::holidays(&ctx, cmd),
        Command::Demo(args) => setup::demo(&ctx, &args),
        Command::Config(cmd) => setup::config(&ctx, cmd),
        Command::Backup { file } => setup::backup(&ctx, &file),
        Command::Completions { .. } | Command::Man { .. } => unreachable!("handled above"),
    }
    .map(|()| ExitCode::SUCCESS)
}
