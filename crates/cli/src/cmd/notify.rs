//! `afterview notify`: today's digest sent through the channel of the
//! settings, printed (`--dry-run`, `--to-stdout`), or the systemd timer that
//! sends it each morning (`--install-timer`).

use std::io::Write;

use afterview_app::local::paths::with_lock;
use afterview_app::local::timer::{self, Schedule};
use afterview_app::local::{Local, Paths};
use afterview_app::notify::{self, Notified, Route};
use afterview_core::kinds::NotifyChannel;
use afterview_core::notify::Digest;
use anyhow::{Context as _, Result};

use crate::cli::NotifyArgs;

pub fn notify(local: &Local, args: &NotifyArgs, out: &mut dyn Write) -> Result<()> {
    if args.install_timer {
        return install_timer(local, args.force, out);
    }
    let channel = local.settings.notify.channel;
    let today = local.today(args.today);
    let zone = local.zone();
    if args.dry_run {
        let store = super::open(local)?;
        let route = Route::Channel(channel);
        let pending = notify::pending(&store, &local.settings, today, &zone, route)?;
        writeln!(out, "Reminders: {}", notify::describe_channel(&local.settings))?;
        match pending.digest {
            None => nothing(out, pending.already_sent)?,
            Some(d) => {
                writeln!(out, "Would send (a dry run: nothing is sent or recorded):\n")?;
                print_digest(out, &d)?;
            }
        }
        return Ok(());
    }
    let route = if args.to_stdout { Route::Stdout } else { Route::Channel(channel) };
    if route == Route::Channel(NotifyChannel::None) {
        return Err(afterview_app::Error::refused(
            "notify.channel is \"none\", so there is nowhere to send reminders: set it to email or ntfy \
             (see the README's \"Reminders on your phone\"), or use --to-stdout or --dry-run",
        )
        .into());
    }
    let mut store = super::open(local)?;
    let mut printed = Vec::new();
    // Holding the installation's lock from reading what was sent to
    // recording it: a timer's run and one by hand at the same moment do not
    // both send the same tasks.
    let now = jiff::Timestamp::now();
    let done = with_lock(&local.paths, || {
        notify::notify(&mut store, &local.settings, today, &zone, route, now, |d| match route {
            Route::Stdout => {
                print_digest(&mut printed, d).map_err(|e| afterview_app::Error::refused(e.to_string()))?;
                Ok("standard output".to_owned())
            }
            Route::Channel(_) => notify::send(&local.settings, d),
        })
    })?;
    match done {
        // Quiet when nothing is due: cron mails only what is printed.
        Notified::Nothing { .. } if args.to_stdout => {}
        Notified::Nothing { already_sent } => nothing(out, already_sent)?,
        Notified::Sent { .. } if args.to_stdout => out.write_all(&printed)?,
        Notified::Sent { digest, to } => {
            let n = digest.tasks.len();
            writeln!(out, "Sent {n} task{} to {to}: {}", if n == 1 { "" } else { "s" }, digest.subject)?;
        }
    }
    Ok(())
}

fn nothing(out: &mut dyn Write, already_sent: usize) -> std::io::Result<()> {
    match already_sent {
        0 => writeln!(out, "Nothing to send: nothing is due today."),
        n => writeln!(
            out,
            "Nothing to send: the {n} task{} due today {} already sent today.",
            if n == 1 { "" } else { "s" },
            if n == 1 { "was" } else { "were" }
        ),
    }
}

fn print_digest(out: &mut dyn Write, d: &Digest) -> std::io::Result<()> {
    writeln!(out, "Subject: {}\n\n{}", d.subject, d.body.trim_end())
}

fn install_timer(local: &Local, force: bool, out: &mut dyn Write) -> Result<()> {
    let exe = std::env::current_exe().context("cannot tell where the afterview binary is")?;
    let exe = exe.canonicalize().unwrap_or(exe);
    let home = std::env::var_os(Paths::HOME_VAR).filter(|h| !h.is_empty()).map(|h| {
        let h = std::path::PathBuf::from(h);
        h.canonicalize().unwrap_or(h)
    });
    let env_file = local.paths.config_file.with_file_name("notify.env");
    let schedule = Schedule::new(exe, home, env_file.clone(), &local.settings);
    let dir = timer::unit_dir(|var| std::env::var(var).ok())?;
    let installed = timer::install(&dir, &schedule, force)?;
    for path in &installed.written {
        writeln!(out, "Wrote {}.", path.display())?;
    }
    for path in &installed.unchanged {
        writeln!(out, "Already there: {}.", path.display())?;
    }
    let zone =
        if schedule.zone.is_empty() { "this computer's clock".to_owned() } else { schedule.zone.clone() };
    writeln!(
        out,
        "\nIt runs `afterview notify` each day at {} ({zone}), and when the computer wakes if it was asleep then.\n\
         Turn it on with:\n\n  systemctl --user daemon-reload && systemctl --user enable --now afterview-notify.timer\n\n\
         A password or token can go in {} as AFTERVIEW_NOTIFY_SMTP_PASSWORD=… (chmod 600), out of the settings file.\n\
         Without systemd, add this line with `crontab -e` instead (cron keeps this computer's time):\n\n  {}",
        schedule.at,
        env_file.display(),
        schedule.cron_line()
    )?;
    if local.settings.notify.channel == NotifyChannel::None {
        writeln!(
            out,
            "\nNote: notify.channel is \"none\", so it will send nothing until you set up email or ntfy."
        )?;
    }
    Ok(())
}
