//! afterview in the browser: `afterview serve` starts this local web app
//! over the same SQLite file and the same use cases as the command line;
//! `afterview serve --database postgres://…` starts it in server mode, for
//! many job seekers with accounts on one PostgreSQL database (a career
//! service), each request scoped to the signed-in user's rows.
//! Handlers parse a request, call one use case of `afterview-app` on a
//! blocking thread with a store handle of their own, and render its typed
//! result through a template (askama: checked at compile time, escaping by
//! default). No rule is decided here; the use cases' [`afterview_app::Error`]
//! gives each failure its status.
//!
//! - [`security`]: the session from a one-time login link, the Host check,
//!   CSRF tokens, and the headers every response carries
//! - `pages`: one module per page family (agenda, applications, record
//!   forms, write, settings and the feed, the rules; in server mode, signing
//!   in, invitations and the account)
//! - [`oidc`]: signing in through an institution's OpenID Connect provider
//! - [`backend`]: [`AnyStore`], the store handle of either backend
//! - [`digests`]: in server mode, each account's morning digest, sent by
//!   the server itself
//! - `assets`: the style sheet, htmx (vendored from the npm registry) and the
//!   small script, all embedded in the binary
//!
//! Every page works with JavaScript off: forms post and redirect. htmx only
//! makes it quicker (the live reading of next steps, the live check).

mod assets;
pub mod backend;
mod cache;
pub mod digests;
mod form;
pub mod log;
pub mod oidc;
mod once;
mod pages;
pub mod security;
mod view;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use afterview_app::local::{Local, Paths};
use afterview_core::settings::Settings;
use afterview_store::UserId;
use axum::Router;
use jiff::civil::Date;
use jiff::tz::TimeZone;

pub use backend::{AnyProfile, AnyStore};

pub use security::Security;

/// How to start the web app.
#[derive(Debug, Clone)]
pub struct Options {
    pub paths: Paths,
    /// The address the server listens on (its port is part of the Host
    /// header every request must carry).
    pub listen: SocketAddr,
    /// A fixed "today" (tests, screenshots); `None` is the user's today.
    pub today: Option<Date>,
    /// Server mode: accounts on a PostgreSQL database instead of the one
    /// local user of `paths`.
    pub server: Option<ServerOptions>,
}

/// Server mode's settings.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// `postgres://…` (or the `key=value` form).
    pub database: String,
    /// The address people reach the server at, usually a reverse proxy's
    /// (`https://jobs.example.edu`): its host is accepted beside the
    /// listening address, `https` makes the session cookie `Secure`, and
    /// the links the server shows start with it.
    pub public_url: Option<security::PublicUrl>,
    /// Sign-in through an institution's OpenID Connect provider, beside
    /// passwords (needs `public_url`: the provider sends people back there).
    pub oidc: Option<oidc::OidcOptions>,
}

/// Whose data the requests read and write.
pub(crate) enum Mode {
    /// The one user of the data folder on this computer.
    Local(Paths),
    /// The signed-in user's rows on a server many users share.
    Server(Arc<afterview_app::server::Server>),
}

/// The web app's state, shared by every request.
pub struct Web {
    pub(crate) mode: Mode,
    today: Option<Date>,
    pub security: Security,
    /// The agenda page, kept while nothing changed (see `cache`).
    pub(crate) agenda_cache: cache::PageCache,
    /// What a change did, shown once on the page it redirects to (keyed
    /// by the session's CSRF token and that page's path): a redirect
    /// carries no text of ours in its address, so none can be forged.
    notices: std::sync::Mutex<std::collections::HashMap<(String, String), String>>,
    /// Files between their preview and their import (see `pages::import`).
    pub(crate) uploads: pages::import::Uploads,
    /// The identity provider people may sign in through (server mode).
    pub(crate) oidc: Option<oidc::Provider>,
}

/// What one request's use case gets: a store handle of its own (the local
/// file, or the signed-in user's rows on the server), that user's settings
/// (read afresh, so a `config set` on the command line shows at once), and
/// their today.
pub(crate) struct Ctx {
    pub store: AnyStore,
    pub settings: Settings,
    pub today: Date,
    home: Home,
}

/// Where the settings, words and templates of the request's user live.
enum Home {
    /// The single-user installation on this computer.
    Local(Box<Local>),
    /// A user's own rows on the server.
    Server(Arc<afterview_app::server::Server>, UserId),
}

impl Ctx {
    /// The user's own time zone.
    pub fn zone(&self) -> TimeZone {
        afterview_app::local::user_zone(&self.settings)
    }

    /// The user's own words and templates.
    pub fn profile(&self) -> afterview_app::Result<AnyProfile<'_>> {
        match (&self.home, &self.store) {
            (Home::Local(local), _) => Ok(AnyProfile::Local(local.profile())),
            (Home::Server(..), AnyStore::Server(store)) => Ok(AnyProfile::Server(store)),
            // `Web::ctx` makes a server home only with a server store.
            (Home::Server(..), AnyStore::Local(_)) => {
                Err(afterview_app::Error::refused("this request has no account to read words from"))
            }
        }
    }

    /// Every setting with its value and where it comes from.
    pub fn config_list(&self) -> afterview_app::Result<(Settings, Vec<afterview_app::setup::SettingRow>)> {
        match &self.home {
            Home::Local(local) => afterview_app::setup::config_list(&local.paths),
            Home::Server(server, user) => afterview_app::server::config_list(server, *user),
        }
    }

    /// The server and the signed-in user, in server mode.
    pub fn server_user(&self) -> Option<(&afterview_app::server::Server, UserId)> {
        match &self.home {
            Home::Server(server, user) => Some((server, *user)),
            Home::Local(_) => None,
        }
    }

    /// Everything of the user as one JSON snapshot (`docs/snapshot.md`).
    pub fn snapshot(&self) -> afterview_app::Result<String> {
        match &self.home {
            Home::Local(local) => afterview_app::snapshot::export_local(local),
            Home::Server(server, user) => Ok(afterview_app::server::export_user(server, *user)?.to_json()),
        }
    }

    /// The server and the signed-in user, in server mode; what only a
    /// server has (coaching) is not found locally.
    pub fn on_server(&self) -> afterview_app::Result<(&afterview_app::server::Server, UserId)> {
        match &self.home {
            Home::Server(server, user) => Ok((server, *user)),
            Home::Local(_) => Err(afterview_app::Error::refused("a computer of one's own has no coaches")),
        }
    }

    /// The comments the user's coaches left on one of their applications
    /// (none locally: a computer of one's own has no coaches).
    pub fn coach_comments(
        &self,
        application: afterview_core::ids::ApplicationId,
    ) -> afterview_app::Result<Vec<afterview_store::coaching::Comment>> {
        match &self.home {
            Home::Local(_) => Ok(Vec::new()),
            Home::Server(server, user) => afterview_app::coach::comments(&server.pool, *user, application),
        }
    }

    /// Changes one setting; the environment variable that overrides it
    /// (locally), when one is set.
    pub fn config_set(&self, key: &str, value: &str) -> afterview_app::Result<Option<String>> {
        match &self.home {
            Home::Local(local) => afterview_app::setup::config_set(&local.paths, key, value),
            Home::Server(server, user) => {
                afterview_app::server::config_set(server, *user, key, value).map(|()| None)
            }
        }
    }
}

impl Web {
    /// The app's state, with a fresh login token, and the calendar feed's
    /// secret made if there is none yet (here, so that no GET ever writes it).
    pub fn new(options: &Options) -> afterview_app::Result<Arc<Self>> {
        let (mode, security, oidc) = match &options.server {
            None => (Mode::Local(options.paths.clone()), Security::new(options.listen), None),
            Some(server) => {
                // The provider first: a server that cannot use it does not
                // start, and touches no database.
                let oidc = server
                    .oidc
                    .as_ref()
                    .map(|o| oidc::Provider::discover(o, server.public_url.as_ref()))
                    .transpose()
                    .map_err(afterview_app::Error::refused)?;
                let connected = afterview_app::server::Server::connect(&server.database)?;
                let security = Security::server(options.listen, server.public_url.clone());
                (Mode::Server(Arc::new(connected)), security, oidc)
            }
        };
        let web = Self {
            mode,
            today: options.today,
            security,
            agenda_cache: cache::PageCache::new(options.paths.database()),
            notices: Default::default(),
            uploads: Default::default(),
            oidc,
        };
        // On a server each account's feed secret is made when it signs in.
        let Mode::Local(_) = &web.mode else {
            return Ok(Arc::new(web));
        };
        let mut store = web.local()?.open_store()?;
        match afterview_app::feed::ensure_secret(&mut store, security::token) {
            Ok(_) => {}
            // A database that can only be read is still worth showing; it
            // just has no calendar feed until one can be made.
            Err(afterview_app::Error::Storage(afterview_store::Error::ReadOnly { reason, .. })) => {
                eprintln!("afterview: no calendar feed ({reason})");
            }
            Err(e) => return Err(e),
        }
        Ok(Arc::new(web))
    }

    /// Keeps a notice for the session's next visit to `path`.
    pub(crate) fn notify(&self, csrf: &str, path: &str, text: String) {
        let mut n = self.notices.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // Notices never read (a closed tab) must not pile up.
        if n.len() >= 64 {
            n.clear();
        }
        n.insert((csrf.to_owned(), path.to_owned()), text);
    }

    /// The notice kept for this visit, once.
    pub(crate) fn notice(&self, csrf: &str, path: &str) -> Option<String> {
        let mut n = self.notices.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        n.remove(&(csrf.to_owned(), path.to_owned()))
    }

    fn local(&self) -> afterview_app::Result<Local> {
        match &self.mode {
            Mode::Local(paths) => Local::at(paths.clone()),
            Mode::Server(_) => Err(afterview_app::Error::refused("this server keeps no local data folder")),
        }
    }

    /// The server's accounts, in server mode.
    pub(crate) fn server(&self) -> Option<&Arc<afterview_app::server::Server>> {
        match &self.mode {
            Mode::Server(server) => Some(server),
            Mode::Local(_) => None,
        }
    }

    /// The agenda page's cache key (see `cache`), on a blocking thread:
    /// only the local file can say cheaply that nothing changed, so a
    /// server computes every page.
    pub(crate) async fn cache_key(
        self: &Arc<Self>,
        csrf: String,
    ) -> afterview_app::Result<Option<cache::Key>> {
        let web = Arc::clone(self);
        blocking(move || {
            if web.server().is_some() {
                return Ok(None);
            }
            let local = web.local()?;
            let today = local.today(web.today);
            Ok(web.agenda_cache.key(today, &local.settings, &csrf))
        })
        .await
    }

    /// Can requests be served: the data opens and a read succeeds.
    pub(crate) async fn ready(self: &Arc<Self>) -> afterview_app::Result<()> {
        let web = Arc::clone(self);
        blocking(move || match &web.mode {
            Mode::Server(server) => server.pool.schema_version().map(drop).map_err(Into::into),
            Mode::Local(_) => {
                afterview_store::Store::application_count(&web.local()?.open_store()?)?;
                Ok(())
            }
        })
        .await
    }

    /// A request's context: the local installation, or the signed-in
    /// user's home on the server. There is no way to a store handle but
    /// this one, and on a server it is opened for the session's user only.
    fn ctx(&self, user: Option<UserId>) -> afterview_app::Result<Ctx> {
        match &self.mode {
            Mode::Local(_) => {
                let local = self.local()?;
                let store = AnyStore::Local(local.open_store()?);
                let today = local.today(self.today);
                let settings = local.settings.clone();
                Ok(Ctx { store, settings, today, home: Home::Local(Box::new(local)) })
            }
            Mode::Server(server) => {
                let user = user.ok_or_else(|| afterview_app::Error::refused("sign in first"))?;
                let home = server.home(user)?;
                let today = home.today(self.today);
                Ok(Ctx {
                    today,
                    settings: home.settings,
                    store: AnyStore::Server(home.store),
                    home: Home::Server(Arc::clone(server), user),
                })
            }
        }
    }

    /// Runs a use case on a blocking thread (the store is synchronous), with
    /// a store handle opened for this request alone.
    /// [`Web::run`] on what a form parsed; the form's own error (a day
    /// that is not a date) is passed on, as the use case's would be.
    pub(crate) async fn run_parsed<C, T, F>(
        self: &Arc<Self>,
        parsed: afterview_app::Result<C>,
        f: F,
    ) -> afterview_app::Result<T>
    where
        C: Send + 'static,
        T: Send + 'static,
        F: FnOnce(&mut Ctx, C) -> afterview_app::Result<T> + Send + 'static,
    {
        let parsed = parsed?;
        self.run(move |c| f(c, parsed)).await
    }

    /// On a server, the user is the one the security layer found for this
    /// request's session ([`security::user`]): a handler cannot name
    /// another.
    pub(crate) async fn run<T, F>(self: &Arc<Self>, f: F) -> afterview_app::Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Ctx) -> afterview_app::Result<T> + Send + 'static,
    {
        self.run_as(security::user(), f).await
    }

    /// [`Web::run`] for a user found another way: the calendar feed's
    /// secret, an account just signed in.
    pub(crate) async fn run_as<T, F>(self: &Arc<Self>, user: Option<UserId>, f: F) -> afterview_app::Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Ctx) -> afterview_app::Result<T> + Send + 'static,
    {
        let web = Arc::clone(self);
        blocking(move || f(&mut web.ctx(user)?)).await
    }
}

/// Runs blocking work (a store call, a password hash) off the async threads.
pub(crate) async fn blocking<T, F>(f: F) -> afterview_app::Result<T>
where
    T: Send + 'static,
    F: FnOnce() -> afterview_app::Result<T> + Send + 'static,
{
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| Err(afterview_app::Error::refused(format!("the request failed: {e}"))))
}

/// Every route, behind the security layer.
pub fn router(web: Arc<Web>) -> Router {
    pages::routes()
        .merge(assets::routes())
        .layer(axum::middleware::from_fn_with_state(Arc::clone(&web), security::guard))
        .layer(axum::middleware::from_fn(security::headers))
        .layer(axum::middleware::from_fn(log::requests))
        .with_state(web)
}

/// Starts the server and blocks until it ends (Ctrl-C). Prints the one-time
/// login link; with `open`, opens it in the browser instead of waiting for
/// the user to click it.
pub fn serve_blocking(options: Options, open: bool) -> Result<(), ServeError> {
    log::init();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(ServeError::Io)?;
    runtime.block_on(serve(options, open))
}

/// Why the server could not start or stopped.
#[derive(Debug)]
pub enum ServeError {
    App(afterview_app::Error),
    Io(std::io::Error),
    Listen(SocketAddr, std::io::Error),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::App(e) => e.fmt(f),
            Self::Io(e) => e.fmt(f),
            Self::Listen(addr, e) => write!(
                f,
                "cannot listen on {addr}: {e}; is another afterview serve running? Pick another port with --listen"
            ),
        }
    }
}

impl std::error::Error for ServeError {}

async fn serve(options: Options, open: bool) -> Result<(), ServeError> {
    // Said before anything starts: a value that is neither on nor off.
    let send_digests = match &options.server {
        Some(_) => {
            digests::switch(std::env::var(digests::SWITCH_VAR).ok().as_deref()).map_err(ServeError::App)?
        }
        None => false,
    };
    let listener = tokio::net::TcpListener::bind(options.listen)
        .await
        .map_err(|e| ServeError::Listen(options.listen, e))?;
    let local_addr = listener.local_addr().map_err(ServeError::Io)?;
    let options = Options { listen: local_addr, ..options };
    // Connecting to PostgreSQL blocks (its sync client runs a runtime of
    // its own, which cannot start on this one's threads).
    let made = {
        let options = options.clone();
        tokio::task::spawn_blocking(move || Web::new(&options)).await
    };
    let web = made.map_err(|e| ServeError::Io(std::io::Error::other(e)))?.map_err(ServeError::App)?;
    if let Some(server) = &options.server {
        let at = server.public_url.as_ref().map_or_else(|| format!("http://{local_addr}"), |p| p.origin());
        println!("afterview is serving its accounts at {at} (listening on {local_addr}).");
        if let Some(p) = &web.oidc {
            println!("People may sign in with {} (redirect URI {}).", p.name, p.redirect_uri());
        }
        println!(
            "Invite someone with `afterview admin invite EMAIL` (add --admin for the first admin). \
             Stop with Ctrl-C or SIGTERM."
        );
        if !send_digests {
            println!("This process sends no reminders ({}=off).", digests::SWITCH_VAR);
        }
        // The digests stop with the server: told when the signal comes (or
        // when this function ends and drops the sender), awaited after it.
        let (stop, stopping) = tokio::sync::watch::channel(false);
        let sending = match web.server() {
            Some(server) if send_digests => Some(tokio::spawn(digests::run(Arc::clone(server), stopping))),
            _ => None,
        };
        let app = router(web).into_make_service_with_connect_info::<SocketAddr>();
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                stopped().await;
                let _ = stop.send(true);
            })
            .await;
        if let Some(sending) = sending {
            let _ = sending.await;
        }
        return served.map_err(ServeError::Io);
    }
    let url = web.security.login_url();
    if !local_addr.ip().is_loopback() {
        eprintln!(
            "afterview: listening on {local_addr}, which other computers on your network can reach. \
             Only someone with the login link below gets in; keep it to yourself."
        );
    }
    println!("afterview is running. Open this link to sign in (it works once):\n\n    {url}\n");
    println!("Data: {}. Press Ctrl-C to stop.", options.paths.database().display());
    if open {
        open_browser(&url);
    }
    let app = router(web).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(stopped()).await.map_err(ServeError::Io)
}

/// Ctrl-C, or (on Unix) the SIGTERM a service manager such as systemd
/// sends: the server then finishes the requests it has and stops.
async fn stopped() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// Opens a URL in the user's browser; a failure only prints, since the link
/// is printed anyway.
fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    if let Err(e) = std::process::Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        eprintln!("afterview: could not open the browser ({program}: {e}); open the link above yourself");
    }
}

/// The folder the tests' data lives in; kept here so tests and the binary
/// build `Options` the same way.
pub fn options_in(folder: impl Into<PathBuf>, listen: SocketAddr, today: Option<Date>) -> Options {
    Options { paths: Paths::in_folder(folder), listen, today, server: None }
}
