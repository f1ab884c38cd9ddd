//! Where afterview keeps its files: the platform's data and config folders
//! (XDG on Linux), or everything in one folder named by `AFTERVIEW_HOME`, so
//! that tests and demos never touch a user's real data.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

fn io(path: &Path, e: std::io::Error) -> Error {
    Error::Storage(afterview_store::Error::io(path, e))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub data_dir: PathBuf,
    pub config_file: PathBuf,
}

impl Paths {
    /// The environment variable that moves every file afterview keeps.
    pub const HOME_VAR: &'static str = "AFTERVIEW_HOME";

    /// From `AFTERVIEW_HOME` when set, else the platform's folders.
    pub fn from_env() -> Result<Self> {
        match std::env::var_os(Self::HOME_VAR) {
            Some(home) if !home.is_empty() => Ok(Self::in_folder(PathBuf::from(home))),
            _ => {
                let dirs = directories::ProjectDirs::from("", "", "afterview").ok_or_else(|| {
                    Error::refused(format!(
                        "cannot find your home folder; set {} to the folder afterview should use",
                        Self::HOME_VAR
                    ))
                })?;
                Ok(Self {
                    data_dir: dirs.data_dir().to_path_buf(),
                    config_file: dirs.config_dir().join("config.toml"),
                })
            }
        }
    }

    /// Everything in one folder: `afterview.db` and `config.toml`.
    pub fn in_folder(folder: impl Into<PathBuf>) -> Self {
        let folder = folder.into();
        Self { config_file: folder.join("config.toml"), data_dir: folder }
    }

    pub fn database(&self) -> PathBuf {
        self.data_dir.join("afterview.db")
    }
}

/// Writes `text` to `path` so that nobody ever sees half a file: it goes to
/// `NAME.partial` beside the target, then is renamed into place.
pub fn write_atomically(path: &Path, text: &str) -> Result<()> {
    let mut name = path.file_name().map(std::ffi::OsStr::to_os_string).unwrap_or_default();
    name.push(".partial");
    let partial = path.with_file_name(name);
    std::fs::write(&partial, text).map_err(|e| io(&partial, e))?;
    std::fs::rename(&partial, path).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        io(path, e)
    })
}

/// [`write_atomically`], the file readable and writable by its owner only
/// (from the moment it is made): for exports that hold the user's data,
/// such as a snapshot with the calendar feed's secret in it.
pub fn write_private(path: &Path, text: &str) -> Result<()> {
    use std::io::Write as _;
    let mut name = path.file_name().map(std::ffi::OsStr::to_os_string).unwrap_or_default();
    name.push(".partial");
    let partial = path.with_file_name(name);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(&partial).and_then(|mut f| {
        // A partial file left from before keeps its mode: make it private.
        #[cfg(unix)]
        f.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
        f.write_all(text.as_bytes())?;
        f.sync_all()
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(io(&partial, e));
    }
    std::fs::rename(&partial, path).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        io(path, e)
    })
}

/// Creates a folder (and its parents) readable by its owner only.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|e| io(dir, e))
}

/// Runs `f` holding the installation's lock (a file beside the settings),
/// so that two afterview processes changing the settings or the word list
/// at once each read what the other wrote: no update is lost.
pub fn with_lock<T>(paths: &Paths, f: impl FnOnce() -> Result<T>) -> Result<T> {
    let dir = paths.config_file.parent().unwrap_or(Path::new("."));
    create_private_dir(dir)?;
    let path = dir.join(".afterview.lock");
    let file = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(
        |e| match e.kind() {
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                Error::Storage(afterview_store::Error::ReadOnly {
                    location: dir.display().to_string(),
                    reason: "the folder is read-only".into(),
                })
            }
            _ => io(&path, e),
        },
    )?;
    file.lock().map_err(|e| io(&path, e))?;
    // The lock ends when the file is closed, on every path out of here.
    f()
}
