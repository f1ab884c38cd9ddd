//! `afterview notify --install-timer`: a systemd user service and timer that
//! run `afterview notify` each morning at `notify.at` on the user's clock
//! (`Persistent=true`: a laptop asleep then sends when it wakes), written to
//! `$XDG_CONFIG_HOME/systemd/user` (else `~/.config/systemd/user`); and the
//! crontab line that does the same where there is no systemd. Unit files
//! the user changed are not overwritten unless forced.

use std::path::{Path, PathBuf};

use afterview_core::settings::Settings;

use crate::error::{Error, Result};
use crate::local::paths::write_atomically;

/// The two unit files' names.
pub const SERVICE: &str = "afterview-notify.service";
pub const TIMER: &str = "afterview-notify.timer";

/// What the units run and when.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// The absolute path of the afterview binary to run.
    pub exe: PathBuf,
    /// `AFTERVIEW_HOME`, passed through when it is set.
    pub home: Option<PathBuf>,
    /// An optional file of `KEY=value` lines the service reads (the SMTP
    /// password or ntfy token, kept out of the settings file).
    pub env_file: PathBuf,
    /// "HH:MM".
    pub at: String,
    /// The user's IANA zone, empty for the computer's.
    pub zone: String,
}

impl Schedule {
    pub fn new(exe: PathBuf, home: Option<PathBuf>, env_file: PathBuf, settings: &Settings) -> Self {
        let at = settings.notify.time().strftime("%H:%M").to_string();
        Self { exe, home, env_file, at, zone: settings.user.time_zone.clone() }
    }

    /// The service: one run of `afterview notify`.
    pub fn service(&self) -> String {
        let mut env = String::new();
        if let Some(home) = &self.home {
            env.push_str(&format!("Environment={}\n", quoted(&format!("AFTERVIEW_HOME={}", home.display()))));
        }
        format!(
            "# Written by `afterview notify --install-timer`. Sends the day's follow-up\n\
             # reminders through the channel in afterview's settings ([notify]).\n\
             [Unit]\n\
             Description=afterview: send today's follow-up reminders\n\
             \n\
             [Service]\n\
             Type=oneshot\n\
             ExecStart={} notify\n\
             {env}\
             # KEY=value lines such as AFTERVIEW_NOTIFY_SMTP_PASSWORD=…, if the file exists.\n\
             EnvironmentFile=-{}\n",
            quoted(&self.exe.display().to_string()),
            escaped(&self.env_file.display().to_string()),
        )
    }

    /// The timer: every day at `at`, in the user's zone when one is set.
    pub fn timer(&self) -> String {
        let zone = if self.zone.is_empty() { String::new() } else { format!(" {}", self.zone) };
        format!(
            "# Written by `afterview notify --install-timer`.\n\
             [Unit]\n\
             Description=afterview: follow-up reminders each morning\n\
             \n\
             [Timer]\n\
             OnCalendar=*-*-* {}:00{zone}\n\
             # Missed while the computer was off or asleep: run when it is back.\n\
             Persistent=true\n\
             \n\
             [Install]\n\
             WantedBy=timers.target\n",
            self.at
        )
    }

    /// The crontab line that does the same (cron's clock is the computer's).
    pub fn cron_line(&self) -> String {
        let (hour, minute) = self.at.split_once(':').unwrap_or(("8", "00"));
        let home = match &self.home {
            Some(home) => format!("AFTERVIEW_HOME={} ", shell_quoted(&home.display().to_string())),
            None => String::new(),
        };
        format!(
            "{} {} * * * {home}{} notify",
            minute.trim_start_matches('0').parse::<u8>().unwrap_or(0),
            hour.trim_start_matches('0').parse::<u8>().unwrap_or(0),
            shell_quoted(&self.exe.display().to_string())
        )
    }
}

/// The folder of the user's systemd units: `$XDG_CONFIG_HOME/systemd/user`,
/// else `~/.config/systemd/user`.
pub fn unit_dir(env: impl Fn(&str) -> Option<String>) -> Result<PathBuf> {
    let config = match env("XDG_CONFIG_HOME").filter(|d| Path::new(d).is_absolute()) {
        Some(dir) => PathBuf::from(dir),
        None => match env("HOME").filter(|h| !h.is_empty()) {
            Some(home) => PathBuf::from(home).join(".config"),
            None => return Err(Error::refused("cannot find your home folder: HOME is not set")),
        },
    };
    Ok(config.join("systemd/user"))
}

/// What `install` did.
#[derive(Debug, Clone)]
pub struct Installed {
    /// Files written (new, or replaced when forced).
    pub written: Vec<PathBuf>,
    /// Files already exactly so.
    pub unchanged: Vec<PathBuf>,
}

/// Writes the two units into `dir`. A unit there that differs (the user
/// edited it, or an older afterview wrote another) is refused, naming it,
/// unless `force`; nothing is written then.
pub fn install(dir: &Path, schedule: &Schedule, force: bool) -> Result<Installed> {
    let files = [(dir.join(SERVICE), schedule.service()), (dir.join(TIMER), schedule.timer())];
    let mut done = Installed { written: Vec::new(), unchanged: Vec::new() };
    let mut to_write = Vec::new();
    for (path, text) in files {
        match std::fs::read_to_string(&path) {
            Ok(old) if old == text => done.unchanged.push(path),
            Ok(_) if !force => {
                return Err(Error::refused(format!(
                    "{} is already there and differs from what afterview would write; \
                     add --force to replace it (your changes to it are lost)",
                    path.display()
                )));
            }
            Ok(_) => to_write.push((path, text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => to_write.push((path, text)),
            Err(e) => return Err(Error::Storage(afterview_store::Error::io(&path, e))),
        }
    }
    if !to_write.is_empty() {
        std::fs::create_dir_all(dir).map_err(|e| Error::Storage(afterview_store::Error::io(dir, e)))?;
    }
    for (path, text) in to_write {
        write_atomically(&path, &text)?;
        done.written.push(path);
    }
    Ok(done)
}

/// A value for a unit file: in double quotes, with `\`, `"` and systemd's
/// `%` specifiers escaped, so a path with spaces stays one word.
fn quoted(s: &str) -> String {
    format!("\"{}\"", escaped(&s.replace('\\', "\\\\").replace('"', "\\\"")))
}

/// `%` starts a specifier in a unit file.
fn escaped(s: &str) -> String {
    s.replace('%', "%%")
}

/// A word for a POSIX shell (cron runs `sh`).
fn shell_quoted(s: &str) -> String {
    if s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '-' | '_' | '+' | ':')) {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schedule() -> Schedule {
        let mut settings = Settings::default();
        settings.notify.at = "7:30".into();
        settings.user.time_zone = "Europe/London".into();
        Schedule::new(
            "/opt/after view/afterview".into(),
            Some("/home/maya/100% data".into()),
            "/home/maya/.config/afterview/notify.env".into(),
            &settings,
        )
    }

    #[test]
    fn the_units_run_notify_each_morning_on_the_users_clock() {
        let s = schedule();
        let service = s.service();
        assert!(service.contains("ExecStart=\"/opt/after view/afterview\" notify\n"), "{service}");
        assert!(service.contains("Environment=\"AFTERVIEW_HOME=/home/maya/100%% data\"\n"), "{service}");
        assert!(service.contains("EnvironmentFile=-/home/maya/.config/afterview/notify.env\n"));
        assert!(service.contains("Type=oneshot"));
        let timer = s.timer();
        assert!(timer.contains("OnCalendar=*-*-* 07:30:00 Europe/London\n"), "{timer}");
        assert!(timer.contains("Persistent=true\n") && timer.contains("WantedBy=timers.target"));
        assert_eq!(
            s.cron_line(),
            "30 7 * * * AFTERVIEW_HOME='/home/maya/100% data' '/opt/after view/afterview' notify"
        );
        let plain = Schedule { home: None, zone: String::new(), ..s };
        assert!(!plain.service().contains("Environment=\""));
        assert!(plain.timer().contains("OnCalendar=*-*-* 07:30:00\n"));
    }

    #[test]
    fn the_unit_folder_follows_xdg() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |k: &str| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| (*v).to_owned())
        };
        assert_eq!(
            unit_dir(env(&[("XDG_CONFIG_HOME", "/x/cfg"), ("HOME", "/home/m")])).unwrap(),
            PathBuf::from("/x/cfg/systemd/user")
        );
        assert_eq!(
            unit_dir(env(&[("XDG_CONFIG_HOME", "relative"), ("HOME", "/home/m")])).unwrap(),
            PathBuf::from("/home/m/.config/systemd/user"),
            "a relative XDG_CONFIG_HOME is ignored, as the spec says"
        );
        assert!(unit_dir(env(&[])).is_err());
    }

    #[test]
    fn changed_units_are_kept_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let units = dir.path().join("systemd/user");
        let s = schedule();
        let first = install(&units, &s, false).unwrap();
        assert_eq!(first.written.len(), 2);
        assert_eq!(std::fs::read_to_string(units.join(TIMER)).unwrap(), s.timer());
        let again = install(&units, &s, false).unwrap();
        assert_eq!((again.written.len(), again.unchanged.len()), (0, 2), "the same files: nothing to do");
        std::fs::write(units.join(SERVICE), "[Service]\nExecStart=/bin/true\n").unwrap();
        let later = Schedule { at: "09:00".into(), ..s.clone() };
        let e = install(&units, &later, false).unwrap_err().to_string();
        assert!(e.contains("afterview-notify.service is already there") && e.contains("--force"), "{e}");
        assert_eq!(std::fs::read_to_string(units.join(TIMER)).unwrap(), s.timer(), "nothing written");
        let forced = install(&units, &later, true).unwrap();
        assert_eq!(forced.written.len(), 2);
        assert!(std::fs::read_to_string(units.join(TIMER)).unwrap().contains("09:00:00"));
    }
}
