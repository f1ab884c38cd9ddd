//! Getting started and looking after the installation: the demo data set,
//! settings, backups, shell completions and man pages.

use std::path::Path;

use afterview_core::demo::{showcase, synthetic};
use afterview_core::model::TaskState;
use afterview_store::settings_file::{self, display_value, env_var};
use afterview_store::{Paths, Store};
use anyhow::{Context as _, Result, bail};
use clap::CommandFactory;

use crate::UsageError;
use crate::cli::{Cli, ConfigCmd, DemoArgs};
use crate::context::Ctx;
use crate::render::{print_json, table};

/// The `meta` key that marks a database as holding only demo data.
const DEMO_MARK: &str = "demo";

pub fn demo(ctx: &Ctx, args: &DemoArgs) -> Result<()> {
    let paths = args.folder.as_ref().map_or_else(|| ctx.paths.clone(), Paths::in_folder);
    let today = ctx.today(args.today);
    let bundles = match args.applications {
        Some(n) => synthetic(n as usize, today),
        None => showcase(today),
    };
    let mut store = Store::open(&paths)?;
    let existing = store.application_count()?;
    let is_demo = store.meta(DEMO_MARK)?.is_some();
    if existing > 0 && !is_demo {
        bail!(
            "{} already holds {existing} application{} of your own; the demo will not mix into real data. \
             Load it into a folder of its own: afterview demo --folder /tmp/afterview-demo",
            paths.data_dir.display(),
            if existing == 1 { "" } else { "s" }
        );
    }
    store.write(|tx| {
        if is_demo {
            tx.clear_all()?;
        }
        for b in &bundles {
            tx.import_bundle(b)?;
        }
        tx.set_meta(DEMO_MARK, &today.to_string())
    })?;
    // The demo user has kept up: what fell due before yesterday is done.
    // The same holds for synthetic data, so that benchmarks measure a store
    // like a real user's rather than one where nothing was ever ticked off.
    {
        let facts = store.facts(afterview_core::agenda::closed_since(today))?;
        let yesterday = today.yesterday().unwrap_or(today);
        let agenda = afterview_core::agenda::build(&facts, &ctx.settings, today);
        let kept_up: Vec<afterview_core::plan::TaskId> =
            agenda.overdue.iter().filter(|i| i.latest < yesterday).filter_map(|i| i.task.clone()).collect();
        store.write(|tx| {
            kept_up
                .iter()
                .try_for_each(|id| tx.set_task_state(id.as_str(), TaskState::Done { on: yesterday }))
        })?;
    }
    println!("Loaded {} demo applications into {}.", bundles.len(), paths.data_dir.display());
    match &args.folder {
        Some(folder) => println!("See them with: AFTERVIEW_HOME={} afterview agenda", folder.display()),
        None => println!("See them with: afterview agenda"),
    }
    Ok(())
}

pub fn config(ctx: &Ctx, cmd: ConfigCmd) -> Result<()> {
    match cmd {
        ConfigCmd::Get { key } => {
            let loaded = settings_file::load(&ctx.paths)?;
            match loaded.values.get(&key) {
                Some((value, _)) => println!("{}", display_value(value)),
                None => {
                    let near =
                        afterview_core::suggest::closest(&key, loaded.values.keys().map(String::as_str));
                    let hint = near.map(|n| format!(" (did you mean \"{n}\"?)")).unwrap_or_default();
                    return Err(UsageError(format!(
                        "there is no setting \"{key}\"{hint}; `afterview config list` shows them all"
                    ))
                    .into());
                }
            }
        }
        ConfigCmd::Set { key, value } => {
            settings_file::set(&ctx.paths, &key, &value).map_err(|e| UsageError(e.to_string()))?;
            println!("Set {key} = {value} in {}.", ctx.paths.config_file.display());
            let var = env_var(&key);
            if std::env::var_os(&var).is_some() {
                eprintln!("Note: the environment variable {var} is set and overrides this setting.");
            }
        }
        ConfigCmd::List { json } => {
            let loaded = settings_file::load(&ctx.paths)?;
            if json {
                return print_json(&loaded.settings);
            }
            let rows: Vec<Vec<String>> = loaded
                .values
                .iter()
                .map(|(k, (v, source))| vec![k.clone(), display_value(v), source.to_string()])
                .collect();
            print!("{}", table(&["KEY", "VALUE", "FROM"], &rows));
        }
        ConfigCmd::Path => {
            println!("settings: {}", ctx.paths.config_file.display());
            println!("data:     {}", ctx.paths.data_dir.display());
            println!("database: {}", ctx.paths.database().display());
        }
    }
    Ok(())
}

pub fn backup(ctx: &Ctx, file: &Path) -> Result<()> {
    if file.exists() {
        return Err(UsageError(format!(
            "{} already exists; afterview will not overwrite it. Choose a new file name.",
            file.display()
        ))
        .into());
    }
    let store = ctx.store()?;
    store.backup(file).with_context(|| format!("cannot write the backup to {}", file.display()))?;
    println!("Backed up {} to {}.", ctx.paths.database().display(), file.display());
    Ok(())
}

pub fn completions(shell: clap_complete::Shell) -> Result<()> {
    clap_complete::generate(shell, &mut Cli::command(), "afterview", &mut std::io::stdout());
    Ok(())
}

pub fn man(out: Option<&Path>) -> Result<()> {
    let cmd = Cli::command();
    match out {
        None => clap_mangen::Man::new(cmd).render(&mut std::io::stdout())?,
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
            clap_mangen::generate_to(cmd, dir)
                .with_context(|| format!("cannot write man pages to {}", dir.display()))?;
            println!("Wrote the man pages to {}.", dir.display());
        }
    }
    Ok(())
}
