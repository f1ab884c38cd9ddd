//! The fault-injection suite: what a crash, a full disk, a read-only folder
//! and many writers at once do to the user's data. Every case runs the real
//! binary on a copy of a demo installation and then reads the database
//! directly: it must pass SQLite's integrity check and hold either the state
//! before the command or the state after it, never anything between.
//!
//! - kill -9 at random moments of every writing command (`KILLS_PER_COMMAND`
//!   runs each; the seed is printed, and `AFTERVIEW_FAULT_SEED` replays one);
//! - a full disk: a file size limit in the child (`ulimit -f`, with SIGXFSZ
//!   ignored so the write fails instead of killing it), and a real full
//!   tmpfs where this machine lets the test mount one;
//! - a read-only data folder and file, with and without WAL files left by a
//!   killed afterview, and a `-shm` left by another user. As root, chmod
//!   stops nothing, so the commands then run as the unprivileged user 65534
//!   on files it owns;
//! - concurrent writers of every kind at once: nothing lost.

#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TODAY: &str = "2026-11-20";
const KILLS_PER_COMMAND: usize = 6;

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("afterview")
}

/// A command in a data folder, as the tests' user or another.
fn afterview(home: &Path, args: &[&str]) -> Command {
    afterview_at(&bin(), home, args)
}

fn afterview_at(bin: &Path, home: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(bin);
    cmd.env_clear()
        .env("AFTERVIEW_HOME", home)
        .env("AFTERVIEW_USER_TIME_ZONE", "America/New_York")
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .args(args)
        .stdin(Stdio::null());
    cmd
}

struct Ran {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(mut cmd: Command) -> Ran {
    let out = cmd.output().expect("afterview runs");
    Ran {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn ok(home: &Path, args: &[&str]) -> String {
    let r = run(afterview(home, args));
    assert_eq!(r.code, 0, "afterview {args:?}: {}{}", r.stdout, r.stderr);
    r.stdout
}

/// A demo installation (with today's backup made), to copy for each case.
fn demo_home() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["demo", "--today", TODAY]);
    ok(dir.path(), &["application", "list"]);
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Everything the user keeps, as text: every row of every table (empty
/// tables and a missing database read alike, as nothing), the settings and
/// the word list. Panics unless the database passes `integrity_check`.
fn state(home: &Path) -> String {
    let mut out = String::new();
    let db = home.join("afterview.db");
    if db.exists() {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(check, "ok", "integrity_check of {}", db.display());
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'schema_migrations' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for table in tables {
            let mut stmt = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
            let n = stmt.column_count();
            let mut rows: Vec<String> = stmt
                .query_map([], |r| {
                    Ok((0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|"))
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            rows.sort();
            for row in rows {
                out.push_str(&format!("{table}: {row}\n"));
            }
        }
    }
    for file in ["config.toml", "words.txt"] {
        if let Ok(text) = std::fs::read_to_string(home.join(file)) {
            out.push_str(&format!("{file}:\n{text}\n"));
        }
    }
    out
}

/// xorshift64*: enough randomness for kill delays, with no extra crate.
struct Rng(u64);

impl Rng {
    fn new() -> (Self, u64) {
        let seed =
            std::env::var("AFTERVIEW_FAULT_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
                    | 1
            });
        (Self(seed), seed)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1)
    }
}

/// Tasks on the demo's agenda for `TODAY`, to mark.
fn task_ids(home: &Path) -> Vec<String> {
    let json: serde_json::Value =
        serde_json::from_str(&ok(home, &["agenda", "--today", TODAY, "--json"])).unwrap();
    ["due_today", "overdue", "coming_up"]
        .iter()
        .flat_map(|k| json[k].as_array().cloned().unwrap_or_default())
        .filter_map(|t| t["task"].as_str().map(str::to_owned))
        .collect()
}

const ICS: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:c1@test\r\n\
DTSTART;VALUE=DATE:20261224\r\nSUMMARY:Office closed\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

/// Every writing command, with arguments that succeed on the demo data.
fn writing_commands(home: &Path) -> Vec<Vec<String>> {
    let tasks = task_ids(home);
    assert!(tasks.len() >= 3, "the demo agenda has tasks to mark: {tasks:?}");
    let ics = home.join("closures.ics");
    std::fs::write(&ics, ICS).unwrap();
    let lines = [
        "application add --company Initech --role Developer --notes met-at-the-fair",
        "application edit a1 --notes changed --status active",
        "application remove a3 --yes",
        "person add --name Zed_Quinn --title CTO --application a1 --role interviewer",
        "person edit p1 --title VP",
        "person remove p2 --yes",
        "interview add --application a1 --start 2026-12-03T10:00 --duration 45 --stage final --interviewer p1",
        "interview edit 1 --next-steps they-will-call",
        "outcome add --application a1 --kind rejection --date 2026-11-21",
        "log --application a1 --person p1 --kind other --direction in --date 2026-11-19 --subject Hello",
        "message remove m3 --yes",
        "config set user.name Bob",
        "words add Zorptastic",
    ];
    let mut commands: Vec<Vec<String>> =
        lines.iter().map(|l| l.split(' ').map(|w| w.replace('_', " ")).collect()).collect();
    commands.push(vec!["done".into(), tasks[0].clone(), "--today".into(), TODAY.into()]);
    commands.push(vec!["skip".into(), tasks[1].clone(), "--today".into(), TODAY.into()]);
    commands.push(vec![
        "snooze".into(),
        tasks[2].clone(),
        "--today".into(),
        TODAY.into(),
        "--until".into(),
        "2026-11-27".into(),
    ]);
    commands.push(vec!["holidays".into(), "import".into(), ics.display().to_string()]);
    commands
}

/// kill -9 at random moments of every writing command: each time the data
/// is whole and either as before or as after, never between.
#[test]
fn a_kill_at_any_moment_of_any_write_leaves_the_state_before_or_after() {
    let base = demo_home();
    let commands = writing_commands(base.path());
    let before = state(base.path());
    let (mut rng, seed) = Rng::new();
    println!("kill delays from AFTERVIEW_FAULT_SEED={seed}");
    let scratch = tempfile::tempdir().unwrap();
    let (mut runs, mut as_before, mut as_after) = (0, 0, 0);
    let mut cases: Vec<(Vec<String>, PathBuf)> =
        commands.into_iter().map(|c| (c, base.path().to_path_buf())).collect();
    // The demo itself: one large write into an empty folder.
    let empty = tempfile::tempdir().unwrap();
    cases.push((
        ["demo", "--today", TODAY, "--applications", "300"].map(String::from).to_vec(),
        empty.path().to_path_buf(),
    ));
    for (i, (command, from)) in cases.iter().enumerate() {
        let args: Vec<&str> = command.iter().map(String::as_str).collect();
        let before = if from == base.path() { before.clone() } else { state(from) };
        // The state after, and how long the command takes, uninterrupted.
        let reference = scratch.path().join(format!("{i}-reference"));
        copy_dir(from, &reference);
        let started = Instant::now();
        let done = run(afterview(&reference, &args));
        let took = started.elapsed();
        assert_eq!(done.code, 0, "afterview {args:?}: {}", done.stderr);
        let after = state(&reference);
        assert_ne!(before, after, "afterview {args:?} changed something");
        for k in 0..KILLS_PER_COMMAND {
            let home = scratch.path().join(format!("{i}-{k}"));
            copy_dir(from, &home);
            // From before the process starts to a little after it would end.
            let delay = Duration::from_micros(rng.below(took.as_micros() as u64 * 5 / 4 + 1));
            let mut child =
                afterview(&home, &args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
            std::thread::sleep(delay);
            let _ = child.kill();
            child.wait().unwrap();
            let found = state(&home);
            runs += 1;
            if found == before {
                as_before += 1;
            } else if found == after {
                as_after += 1;
            } else {
                panic!("afterview {args:?} killed after {delay:?} left a third state:\n{found}");
            }
            std::fs::remove_dir_all(&home).unwrap();
        }
    }
    println!(
        "{runs} kill -9 runs over {} writing commands: {as_before} as before, {as_after} as after",
        cases.len()
    );
    assert!(runs >= 100);
}

/// Runs `args` with the file size limited to `kib` KiB and SIGXFSZ ignored,
/// as a full disk looks to the writes that cross it.
fn with_size_limit(home: &Path, kib: u64, args: &[&str]) -> Ran {
    let mut cmd = Command::new("/bin/sh");
    // `ulimit -f` counts 512-byte blocks in POSIX shells.
    cmd.arg("-c")
        .arg(format!("trap '' XFSZ; ulimit -f {}; exec \"$0\" \"$@\"", kib * 2))
        .arg(bin())
        .args(args);
    cmd.env("AFTERVIEW_HOME", home).env("AFTERVIEW_USER_TIME_ZONE", "America/New_York").stdin(Stdio::null());
    run(cmd)
}

fn one_clear_line(r: &Ran, about: &str) {
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stderr.trim_end().lines().count(), 1, "one line: {}", r.stderr);
    assert!(r.stderr.contains(about), "{about:?} in {}", r.stderr);
    assert!(!r.stderr.contains("Error code"), "{}", r.stderr);
}

#[test]
fn a_write_that_fills_the_disk_fails_clearly_and_changes_nothing() {
    let home = demo_home();
    let before = state(home.path());
    // Under the limit of one argument; the WAL grows past 64 KiB.
    let notes = "x".repeat(120 * 1024);
    let big = ["application", "add", "--company", "Big", "--role", "Notes", "--notes", notes.as_str()];
    let r = with_size_limit(home.path(), 64, &big);
    one_clear_line(&r, "disk");
    assert!(r.stderr.contains("free some space"), "{}", r.stderr);
    assert_eq!(state(home.path()), before, "the failed write left no trace");
    // Under the same limit, a write that fits still lands.
    let r =
        with_size_limit(home.path(), 256, &["application", "add", "--company", "Small", "--role", "Fits"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(ok(home.path(), &["application", "list"]).contains("Small"));
}

/// A real full file system, where this machine lets the test mount a tmpfs.
#[test]
fn a_full_tmpfs_fails_a_write_clearly_and_changes_nothing() {
    let mount = tempfile::tempdir().unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(mount.path())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        println!(
            "skipped: cannot mount a tmpfs here (needs root); the file size limit test covers a full disk"
        );
        return;
    }
    let result = std::panic::catch_unwind(|| {
        let home = mount.path().join("home");
        copy_dir(demo_home().path(), &home);
        let before = state(&home);
        // Fill the rest of the disk.
        let mut filler = std::fs::File::create(mount.path().join("filler")).unwrap();
        let block = vec![0u8; 4096];
        while std::io::Write::write_all(&mut filler, &block).is_ok() {}
        drop(filler);
        let notes = "y".repeat(64 * 1024);
        let r = run(afterview(
            &home,
            &["application", "add", "--company", "Full", "--role", "Disk", "--notes", &notes],
        ));
        // Full already at open (no room for the WAL index), or at the write.
        one_clear_line(&r, "disk");
        assert!(r.stderr.contains("free some space"), "{}", r.stderr);
        std::fs::remove_file(mount.path().join("filler")).unwrap();
        assert_eq!(state(&home), before);
    });
    let _ = Command::new("umount").arg(mount.path()).status();
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

// ----- read-only -----------------------------------------------------------------

/// Who runs the read-only cases: this user, or, when that is root (whom
/// chmod does not stop), the unprivileged user 65534 on files it owns.
struct Reader {
    uid: Option<u32>,
    bin: PathBuf,
    _copy: Option<tempfile::TempDir>,
}

impl Reader {
    fn new() -> Option<Self> {
        let probe = tempfile::tempfile().unwrap();
        use std::os::unix::fs::MetadataExt;
        if probe.metadata().unwrap().uid() != 0 {
            return Some(Self { uid: None, bin: bin(), _copy: None });
        }
        let mut reader = Self { uid: Some(65534), bin: bin(), _copy: None };
        if !reader.can_run() {
            // The build folder may be closed to other users: run a copy.
            let dir = tempfile::tempdir().unwrap();
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
            let copy = dir.path().join("afterview");
            std::fs::copy(bin(), &copy).unwrap();
            reader = Self { uid: Some(65534), bin: copy, _copy: Some(dir) };
        }
        if reader.can_run() {
            Some(reader)
        } else {
            println!("skipped: running as root and cannot run afterview as user 65534 here");
            None
        }
    }

    fn can_run(&self) -> bool {
        self.command(Path::new("/"), &["--version"]).output().is_ok_and(|o| o.status.success())
    }

    fn command(&self, home: &Path, args: &[&str]) -> Command {
        let mut cmd = afterview_at(&self.bin, home, args);
        if let Some(uid) = self.uid {
            cmd.uid(uid).gid(uid);
        }
        cmd
    }

    /// Hands every file under `dir` to the reader.
    fn own(&self, dir: &Path) {
        if let Some(uid) = self.uid {
            std::os::unix::fs::chown(dir, Some(uid), Some(uid)).unwrap();
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    self.own(&path);
                } else {
                    std::os::unix::fs::chown(&path, Some(uid), Some(uid)).unwrap();
                }
            }
        }
    }
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// The reading commands, and what each prints on the writable original.
fn reads(home: &Path) -> Vec<(Vec<String>, String)> {
    let note = home.parent().unwrap().join("note.txt");
    std::fs::write(&note, "Dear Maria,\n\nThank you for your time today.\n\nBest,\nAlex\n").unwrap();
    chmod(&note, 0o644);
    let lines: Vec<Vec<String>> = vec![
        vec!["agenda".into(), "--today".into(), TODAY.into()],
        vec!["application".into(), "list".into()],
        vec!["application".into(), "show".into(), "a1".into()],
        vec!["person".into(), "list".into()],
        vec!["message".into(), "list".into()],
        vec!["export".into(), "ics".into(), "--today".into(), TODAY.into()],
        vec!["check".into(), note.display().to_string(), "--kind".into(), "thank-you".into()],
        vec!["when".into(), "we will get back to you next week".into(), "--from".into(), TODAY.into()],
        vec!["holidays".into(), "list".into()],
        vec!["config".into(), "list".into()],
    ];
    lines
        .into_iter()
        .map(|args| {
            let a: Vec<&str> = args.iter().map(String::as_str).collect();
            let r = run(afterview(home, &a));
            assert!(r.code == 0 || a[0] == "check", "{a:?}: {}", r.stderr);
            (args, comparable(&r.stdout))
        })
        .collect()
}

/// Output without what differs from run to run (an alarm's random UID, a
/// calendar's time stamp).
fn comparable(out: &str) -> String {
    out.lines()
        .filter(|l| !l.starts_with("DTSTAMP:") && (!l.starts_with("UID:") || l.contains('@')))
        .collect::<Vec<_>>()
        .join("\n")
}

const WRITES: &[&[&str]] = &[
    &["application", "add", "--company", "Nope", "--role", "Nope"],
    &["log", "--application", "a1", "--kind", "other", "--direction", "in", "--date", "2026-11-19"],
    &["config", "set", "user.name", "Nope"],
    &["words", "add", "Nopeword"],
];

/// Reads work and print what they print on a writable copy; every write
/// fails with one clear line and exit 1; nothing changes.
fn reads_work_and_writes_refuse(
    reader: &Reader,
    home: &Path,
    expected: &[(Vec<String>, String)],
    case: &str,
) {
    for (args, stdout) in expected {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = run(reader.command(home, &a));
        assert!(r.code == 0 || a[0] == "check", "{case}: {a:?}: {}", r.stderr);
        assert_eq!(
            &comparable(&r.stdout),
            stdout,
            "{case}: {a:?} prints as on a writable copy; {}",
            r.stderr
        );
    }
    for args in WRITES {
        let r = run(reader.command(home, args));
        assert_eq!(r.code, 1, "{case}: {args:?}: {}{}", r.stdout, r.stderr);
        assert_eq!(r.stderr.trim_end().lines().count(), 1, "{case}: {args:?}: {}", r.stderr);
        assert!(r.stderr.contains("read-only"), "{case}: {args:?}: {}", r.stderr);
        assert!(!r.stderr.contains("Error code") && !r.stderr.contains("1544"), "{}", r.stderr);
    }
}

/// Copies `base` to a fresh folder for `reader`, with `prepare` run on it
/// while it is still writable.
fn prepared(reader: &Reader, base: &Path, prepare: impl FnOnce(&Path)) -> (tempfile::TempDir, PathBuf) {
    let outer = tempfile::tempdir().unwrap();
    chmod(outer.path(), 0o755);
    let home = outer.path().join("home");
    copy_dir(base, &home);
    prepare(&home);
    reader.own(&home);
    (outer, home)
}

/// Leaves the WAL files a killed afterview leaves: a committed write that
/// is only in `-wal`, with its `-shm`.
fn leave_wal(home: &Path) {
    let db = home.join("afterview.db");
    let side = home.join("side");
    std::fs::create_dir(&side).unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    conn.execute("UPDATE applications SET notes = 'written just before the crash' WHERE id = 1", []).unwrap();
    for name in ["afterview.db", "afterview.db-wal", "afterview.db-shm"] {
        std::fs::copy(home.join(name), side.join(name)).unwrap();
    }
    drop(conn);
    for name in ["afterview.db", "afterview.db-wal", "afterview.db-shm"] {
        std::fs::rename(side.join(name), home.join(name)).unwrap();
    }
    std::fs::remove_dir(&side).unwrap();
}

#[test]
fn a_read_only_folder_or_file_can_be_read_and_refuses_writes_in_one_line() {
    let Some(reader) = Reader::new() else { return };
    let base = demo_home();
    // What the reads print, on writable copies of each starting point.
    let plain = tempfile::tempdir().unwrap();
    copy_dir(base.path(), plain.path());
    let expected = reads(plain.path());
    let crashed = tempfile::tempdir().unwrap();
    copy_dir(base.path(), crashed.path());
    leave_wal(crashed.path());
    let expected_crashed = reads(crashed.path());
    assert!(expected_crashed[2].1.contains("written just before the crash"));

    type Prepare = Box<dyn Fn(&Path)>;
    let cases: Vec<(&str, Prepare, bool)> = vec![
        ("a read-only folder", Box::new(|_| {}), false),
        ("a read-only folder after a crash", Box::new(leave_wal), true),
        (
            "a read-only folder after a crash, without -shm",
            Box::new(|h: &Path| {
                leave_wal(h);
                std::fs::remove_file(h.join("afterview.db-shm")).unwrap();
            }),
            true,
        ),
    ];
    for (case, prepare, after_crash) in cases {
        let (_outer, home) = prepared(&reader, base.path(), prepare);
        let before = state(&home);
        for f in std::fs::read_dir(&home).unwrap() {
            let f = f.unwrap().path();
            chmod(&f, if f.is_dir() { 0o500 } else { 0o400 });
        }
        chmod(&home, 0o500);
        let expected = if after_crash { &expected_crashed } else { &expected };
        reads_work_and_writes_refuse(&reader, &home, expected, case);
        chmod(&home, 0o700);
        for f in std::fs::read_dir(&home).unwrap() {
            let f = f.unwrap().path();
            chmod(&f, if f.is_dir() { 0o700 } else { 0o600 });
        }
        assert_eq!(state(&home), before, "{case}: nothing changed");
    }

    // A read-only database file in a writable folder.
    let (_outer, home) = prepared(&reader, base.path(), |_| {});
    chmod(&home.join("afterview.db"), 0o400);
    let before = state(&home);
    for (args, stdout) in &expected {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = run(reader.command(&home, &a));
        assert_eq!(&comparable(&r.stdout), stdout, "a read-only file: {a:?}: {}", r.stderr);
    }
    let r = run(reader.command(&home, WRITES[0]));
    one_clear_line(&r, "read-only");
    chmod(&home.join("afterview.db"), 0o600);
    assert_eq!(state(&home), before);
}

/// A `-shm` this user cannot write (another user's, left by a killed
/// process, or made read-only) is rebuilt: reads see the WAL's last write
/// and writes land.
#[test]
fn a_left_over_shm_that_is_not_writable_does_not_keep_afterview_broken() {
    let Some(reader) = Reader::new() else { return };
    let base = demo_home();
    let (_outer, home) = prepared(&reader, base.path(), leave_wal);
    let shm = home.join("afterview.db-shm");
    if reader.uid.is_some() {
        // Root's, and closed to the reader.
        std::os::unix::fs::chown(&shm, Some(0), Some(0)).unwrap();
        chmod(&shm, 0o600);
    } else {
        chmod(&shm, 0o400);
    }
    let r = run(reader.command(&home, &["application", "show", "a1"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("written just before the crash"), "{}", r.stdout);
    let r = run(reader.command(&home, &["application", "add", "--company", "Lands", "--role", "Anyway"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(reader.command(&home, &["application", "list"]));
    assert!(r.stdout.contains("Lands"), "{}", r.stdout);
    state(&home);
}

// ----- concurrent writers -------------------------------------------------------------

/// Writers of every kind at once, several of each: every write lands.
#[test]
fn concurrent_writers_of_every_kind_lose_nothing() {
    let home = demo_home();
    let h = home.path();
    let tasks = task_ids(h);
    let ics = h.join("closures.ics");
    std::fs::write(&ics, ICS).unwrap();
    let mut commands: Vec<Vec<String>> = Vec::new();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    for i in 0..6 {
        commands.push(s(&["application", "add", "--company", &format!("Parallel {i}"), "--role", "Dev"]));
    }
    for i in 0..4 {
        commands.push(s(&["person", "add", "--name", &format!("Person {i}")]));
        commands.push(s(&[
            "log",
            "--application",
            "a1",
            "--kind",
            "other",
            "--direction",
            "in",
            "--date",
            "2026-11-19",
            "--subject",
            &format!("Subject {i}"),
        ]));
        commands.push(s(&["words", "add", &format!("Parallelword{i}")]));
    }
    for (key, value) in
        [("user.name", "Alex Doe"), ("user.email", "alex@example.com"), ("planner.thank_you_hours", "24")]
    {
        commands.push(s(&["config", "set", key, value]));
    }
    commands.push(s(&["done", &tasks[0], "--today", TODAY]));
    commands.push(s(&["skip", &tasks[1], "--today", TODAY]));
    commands.push(s(&["application", "edit", "a2", "--notes", "edited in parallel"]));
    commands.push(s(&["holidays", "import", ics.to_str().unwrap()]));
    let children: Vec<_> = commands
        .iter()
        .map(|c| {
            let a: Vec<&str> = c.iter().map(String::as_str).collect();
            (c.clone(), afterview(h, &a).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap())
        })
        .collect();
    for (c, child) in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{c:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let apps = ok(h, &["application", "list"]);
    let people = ok(h, &["person", "list"]);
    let messages = ok(h, &["message", "list"]);
    let words = ok(h, &["words", "list"]);
    for i in 0..6 {
        assert!(apps.contains(&format!("Parallel {i}")), "{apps}");
    }
    for i in 0..4 {
        assert!(people.contains(&format!("Person {i}")), "{people}");
        assert!(messages.contains(&format!("Subject {i}")), "{messages}");
        assert!(words.contains(&format!("Parallelword{i}")), "{words}");
    }
    assert_eq!(ok(h, &["config", "get", "user.name"]).trim(), "Alex Doe");
    assert_eq!(ok(h, &["config", "get", "user.email"]).trim(), "alex@example.com");
    assert_eq!(ok(h, &["config", "get", "planner.thank_you_hours"]).trim(), "24");
    assert!(ok(h, &["application", "show", "a2"]).contains("edited in parallel"));
    assert!(
        ok(h, &["holidays", "list"]).contains("2026-12-24")
            || ok(h, &["holidays", "list"]).contains("24 Dec")
    );
    let agenda = ok(h, &["agenda", "--today", TODAY]);
    assert!(!agenda.contains(&format!("[{}]", tasks[0])), "the done task left the agenda");
    state(h);
}

// ----- damage and the doctor ----------------------------------------------------------

/// Overwritten pages: writes and backups are refused with the way out, and
/// `doctor --restore` puts the day's backup back, keeping the damaged file.
#[test]
fn a_damaged_database_is_refused_and_the_doctor_restores_the_backup() {
    let home = demo_home();
    let h = home.path();
    let before = state(h);
    assert!(ok(h, &["doctor"]).contains("Integrity: whole"));
    {
        use std::io::{Seek, Write};
        let mut f = std::fs::OpenOptions::new().write(true).open(h.join("afterview.db")).unwrap();
        f.seek(std::io::SeekFrom::Start(4096 * 3)).unwrap();
        f.write_all(&[0x5A; 8192]).unwrap();
    }
    let r = run(afterview(h, &["application", "add", "--company", "Lost", "--role", "Write"]));
    one_clear_line(&r, "is damaged");
    assert!(r.stderr.contains("afterview doctor --restore"), "{}", r.stderr);
    let r = run(afterview(h, &["backup", h.join("copy.db").to_str().unwrap()]));
    one_clear_line(&r, "is damaged");
    assert!(!h.join("copy.db").exists());
    let r = run(afterview(h, &["doctor"]));
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stdout.contains("DAMAGED") && r.stdout.contains("afterview-"), "{}", r.stdout);
    let restored = ok(h, &["doctor", "--restore"]);
    assert!(restored.contains("Restored") && restored.contains("replaced-"), "{restored}");
    assert!(restored.contains("What you recorded after that backup was made is not in it"), "{restored}");
    assert_eq!(state(h), before, "the backup of the day holds the data");
    let aside: Vec<_> = std::fs::read_dir(h)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("afterview.db.replaced-"))
        .collect();
    assert_eq!(aside.len(), 1, "the damaged file is kept aside: {aside:?}");
    ok(h, &["application", "add", "--company", "Lands", "--role", "Again"]);
}

/// An empty database file is not taken for a new one.
#[test]
fn an_empty_database_file_is_refused_with_the_way_out() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("afterview.db"), b"").unwrap();
    let r = run(afterview(home.path(), &["application", "list"]));
    one_clear_line(&r, "0 bytes");
    assert!(r.stderr.contains("afterview doctor"), "{}", r.stderr);
    assert_eq!(std::fs::metadata(home.path().join("afterview.db")).unwrap().len(), 0);
}
