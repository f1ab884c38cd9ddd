//! A tiny builder for running the real `afterview` binary in a private,
//! temporary `AFTERVIEW_HOME`, so that no test touches a user's data.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub struct Home {
    dir: tempfile::TempDir,
}

pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Home {
    pub fn new() -> Self {
        Self { dir: tempfile::tempdir().expect("a temporary folder") }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn database(&self) -> PathBuf {
        self.path().join("afterview.db")
    }

    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("afterview").expect("the afterview binary");
        cmd.env_clear()
            .env("AFTERVIEW_HOME", self.path())
            .env("AFTERVIEW_USER_TIME_ZONE", "America/New_York")
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .args(args);
        cmd
    }

    /// Runs afterview and returns what it printed, whatever its exit code.
    pub fn run(&self, args: &[&str]) -> Output {
        let out = self.cmd(args).output().expect("afterview runs");
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Runs afterview, insisting that it succeeds; returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.code, 0, "afterview {args:?} failed:\n{}{}", out.stdout, out.stderr);
        out.stdout
    }

    /// Runs afterview, insisting on the exit code; returns its stderr.
    pub fn fails(&self, code: i32, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.code, code, "afterview {args:?}:\n{}{}", out.stdout, out.stderr);
        out.stderr
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).expect("valid JSON")
    }

    /// A fingerprint of everything stored, to show that nothing changed.
    pub fn snapshot(&self) -> String {
        ["application", "person", "interview", "outcome"]
            .iter()
            .map(|what| self.ok(&[what, "list", "--json"]))
            .collect::<Vec<_>>()
            .join("\n")
    }
}
