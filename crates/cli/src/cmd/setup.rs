//! Getting started and looking after the installation: the demo data set,
//! settings, backups and the doctor, shell completions and man pages.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use afterview_app::doctor::Health;
use afterview_app::local::{Local, Paths};
use afterview_app::setup::{self, Demo};
use anyhow::{Context as _, Result};
use clap::CommandFactory;

use crate::UsageError;
use crate::cli::{Cli, ConfigCmd, DemoArgs};
use crate::render::{print_json, table};

pub fn demo(local: &Local, args: &DemoArgs, out: &mut dyn Write) -> Result<()> {
    let target = match &args.folder {
        Some(folder) => Local { paths: Paths::in_folder(folder), settings: local.settings.clone() },
        None => local.clone(),
    };
    let demo = args.applications.map_or(Demo::Showcase, |n| Demo::Synthetic(n as usize));
    let mut store = super::open(&target)?;
    let loaded = setup::load_demo(&mut store, &local.settings, local.today(args.today), demo).map_err(
        |e| match e {
            afterview_app::Error::Refused { reason } => afterview_app::Error::refused(format!(
                "{} {reason}. Load it into a folder of its own: afterview demo --folder /tmp/afterview-demo",
                target.paths.data_dir.display()
            )),
            other => other,
        },
    )?;
    writeln!(out, "Loaded {loaded} demo applications into {}.", target.paths.data_dir.display())?;
    match &args.folder {
        Some(folder) => writeln!(out, "See them with: AFTERVIEW_HOME={} afterview agenda", folder.display())?,
        None => writeln!(out, "See them with: afterview agenda")?,
    }
    Ok(())
}

pub fn config(local: &Local, cmd: ConfigCmd, out: &mut dyn Write) -> Result<()> {
    let paths = &local.paths;
    match cmd {
        ConfigCmd::Get { key } => {
            let value =
                setup::config_get(paths, &key).map_err(|e| UsageError(crate::errors::describe(&e.into())))?;
            writeln!(out, "{value}")?;
        }
        ConfigCmd::Set { key, value } => {
            let overridden = setup::config_set(paths, &key, &value)?;
            // A password set here is not printed back, nor kept on screen.
            let shown = if afterview_core::settings::is_secret(&key) { "(set)" } else { value.as_str() };
            writeln!(out, "Set {key} = {shown} in {}.", paths.config_file.display())?;
            if let Some(var) = overridden {
                eprintln!("Note: the environment variable {var} is set and overrides this setting.");
            }
        }
        ConfigCmd::List { json } => {
            let (settings, rows) = setup::config_list(paths)?;
            if json {
                return print_json(out, &settings);
            }
            let rows: Vec<Vec<String>> = rows.into_iter().map(|r| vec![r.key, r.value, r.source]).collect();
            write!(out, "{}", table(&["KEY", "VALUE", "FROM"], &rows))?;
        }
        ConfigCmd::Path => {
            writeln!(out, "settings: {}", paths.config_file.display())?;
            writeln!(out, "data:     {}", paths.data_dir.display())?;
            writeln!(out, "database: {}", paths.database().display())?;
        }
    }
    Ok(())
}

pub fn backup(local: &Local, file: &Path, out: &mut dyn Write) -> Result<()> {
    local.backup(file).with_context(|| format!("cannot write the backup to {}", file.display()))?;
    writeln!(out, "Backed up {} to {}.", local.paths.database().display(), file.display())?;
    Ok(())
}

/// `doctor`: the report, exit 1 when the database is damaged; or a restore.
pub fn doctor(local: &Local, restore: Option<&str>, out: &mut dyn Write) -> Result<ExitCode> {
    if let Some(which) = restore {
        let which = Some(which).filter(|w| !w.is_empty());
        let restored = afterview_app::doctor::restore(local, which)?;
        writeln!(
            out,
            "Restored {} from the backup of {} ({}).",
            restored.database.display(),
            restored.from.day,
            restored.from.path.display()
        )?;
        for file in &restored.kept_aside {
            writeln!(out, "Kept the file it replaced as {}.", file.display())?;
        }
        // A restore goes back in time: say so, and where the rest still is.
        writeln!(
            out,
            "What you recorded after that backup was made is not in it: check your agenda, and record again what is missing{}.",
            if restored.kept_aside.is_empty() {
                ""
            } else {
                " (the file kept aside still holds it, if it can be read)"
            }
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let report = afterview_app::doctor::check(local)?;
    let version = report.schema_version.map(|v| format!(" (schema version {v})")).unwrap_or_default();
    writeln!(out, "Database: {}{version}", report.database.display())?;
    match &report.health {
        Health::Missing => writeln!(out, "Not made yet: it is created when you first record something.")?,
        Health::Whole => writeln!(out, "Integrity: whole (every page, index and link checked).")?,
        Health::Damaged(problems) => {
            writeln!(out, "Integrity: DAMAGED")?;
            for p in problems.iter().take(10) {
                writeln!(out, "  - {p}")?;
            }
            if problems.len() > 10 {
                writeln!(out, "  … and {} more", problems.len() - 10)?;
            }
        }
    }
    if let Some(reason) = &report.read_only {
        writeln!(out, "Read-only here: {reason}.")?;
    }
    writeln!(out, "Reminders: {}", afterview_app::notify::describe_channel(&local.settings))?;
    if report.backups.is_empty() {
        writeln!(
            out,
            "Backups: none yet in {} (one is made each day you use afterview).",
            report.backups_dir.display()
        )?;
    } else {
        writeln!(out, "Backups in {} (newest first):", report.backups_dir.display())?;
        let rows: Vec<Vec<String>> = report
            .backups
            .iter()
            .map(|b| {
                vec![
                    b.day.to_string(),
                    format!("{} KB", b.bytes.div_ceil(1024)),
                    b.path.display().to_string(),
                ]
            })
            .collect();
        write!(out, "{}", table(&["DAY", "SIZE", "FILE"], &rows))?;
    }
    if report.is_damaged() {
        if report.backups.is_empty() {
            writeln!(
                out,
                "There is no backup to restore. Move the damaged file aside to start afresh, or try `sqlite3 {} .recover`.",
                report.database.display()
            )?;
        } else {
            writeln!(out, "Restore the newest whole backup with: afterview doctor --restore")?;
        }
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> Result<()> {
    // clap_complete panics on a failed write (a closed pipe): write it whole
    // to memory first, then out, where a failure is an error like any other.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "afterview", &mut script);
    out.write_all(&script)?;
    Ok(())
}

pub fn man(dir: Option<&Path>, out: &mut dyn Write) -> Result<()> {
    let cmd = Cli::command();
    match dir {
        None => clap_mangen::Man::new(cmd).render(out)?,
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
            clap_mangen::generate_to(cmd, dir)
                .with_context(|| format!("cannot write man pages to {}", dir.display()))?;
            writeln!(out, "Wrote the man pages to {}.", dir.display())?;
        }
    }
    Ok(())
}
