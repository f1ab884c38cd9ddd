//! Signing in through an institution's OpenID Connect provider, without
//! the internet: a fake provider runs in the test on loopback (discovery,
//! its keys, an authorization endpoint that sends the browser straight
//! back with a code, a token endpoint that checks the code, the client's
//! secret and the PKCE verifier, and signs an ID token with a test-only RSA
//! key from `tests/oidc-keys`), and the web app runs in server mode on a
//! PostgreSQL schema of its own (skipped without `AFTERVIEW_TEST_POSTGRES`,
//! except with `CI=true`).
//!
//! A sign-in works, and then each way one must not: a wrong state, a code
//! from another sign-in, a wrong nonce, an expired token, a token signed by
//! another key, an unverified email, a domain that is not allowed, a
//! disabled account; each is refused with a page that says why, and no
//! session is opened. The server does not start on a provider it cannot
//! use, nor without the public address the provider sends people back to.

mod common;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use afterview_app::accounts::{self, Role};
use afterview_web::oidc::OidcOptions;
use afterview_web::{ServerOptions, Web, options_in, router};
use axum::Router;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, Request, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use common::{Browser, Reply, Schema, send};
use openidconnect::core::{
    CoreIdToken, CoreIdTokenClaims, CoreJsonWebKeySet, CoreJwsSigningAlgorithm, CoreRsaPrivateSigningKey,
};
use openidconnect::{
    Audience, EmptyAdditionalClaims, EndUserEmail, EndUserName, IssuerUrl, JsonWebKeyId, LocalizedClaim,
    Nonce, PkceCodeChallenge, PkceCodeVerifier, PrivateSigningKey, StandardClaims, SubjectIdentifier,
};

const HOST: &str = "127.0.0.1:7979";
const PUBLIC: &str = "http://127.0.0.1:7979";
const CLIENT_ID: &str = "afterview-test";
const CLIENT_SECRET: &str = "a test secret, nothing else";
const PROVIDER_KEY: &str = include_str!("oidc-keys/provider-key.pem");
const OTHER_KEY: &str = include_str!("oidc-keys/other-key.pem");

// ----- the fake provider -------------------------------------------------------

/// How the fake provider makes the next ID token.
#[derive(Clone)]
struct Token {
    sub: String,
    email: Option<String>,
    verified: Option<bool>,
    name: String,
    /// A nonce other than the one the sign-in asked for.
    wrong_nonce: bool,
    /// Expired five minutes ago.
    expired: bool,
    /// Signed with the other key, under this key id.
    other_key: Option<&'static str>,
    /// The email and its verification only at the userinfo endpoint.
    email_in_userinfo: bool,
}

impl Token {
    fn of(email: &str) -> Self {
        Self {
            sub: format!("sub-of-{}", email.to_lowercase()),
            email: Some(email.to_owned()),
            verified: Some(true),
            name: "Ana Silva".into(),
            wrong_nonce: false,
            expired: false,
            other_key: None,
            email_in_userinfo: false,
        }
    }
}

/// A code the authorization endpoint gave, with what it was given for.
struct Grant {
    redirect_uri: String,
    nonce: String,
    challenge: String,
}

struct Provider {
    issuer: String,
    /// What the discovery document says the issuer is (another one: a
    /// provider that is not what it claims).
    claimed_issuer: Mutex<Option<String>>,
    key: CoreRsaPrivateSigningKey,
    /// The JWKS also has the other key's public half under "k2" (keys rotated).
    rotated: Mutex<bool>,
    codes: Mutex<HashMap<String, Grant>>,
    next: Mutex<Token>,
    /// The access tokens given, with the token they came with.
    access: Mutex<HashMap<String, Token>>,
}

struct Fake {
    issuer: String,
    state: Arc<Provider>,
    router: Router,
}

/// A JSON answer (the web crate builds axum without its `json` feature).
fn json(value: &impl serde::Serialize) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], serde_json::to_string(value).unwrap()).into_response()
}

fn random() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!("{nanos:x}{:x}", N.fetch_add(1, Ordering::Relaxed))
}

fn key(pem: &str, kid: &str) -> CoreRsaPrivateSigningKey {
    CoreRsaPrivateSigningKey::from_pem(pem, Some(JsonWebKeyId::new(kid.into()))).unwrap()
}

async fn discovery(State(p): State<Arc<Provider>>) -> Response {
    let issuer = p.claimed_issuer.lock().unwrap().clone().unwrap_or_else(|| p.issuer.clone());
    let base = &p.issuer;
    json(&serde_json::json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{base}/authorize"),
        "token_endpoint": format!("{base}/token"),
        "userinfo_endpoint": format!("{base}/userinfo"),
        "jwks_uri": format!("{base}/jwks"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic"],
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": ["openid", "email", "profile"],
    }))
}

async fn jwks(State(p): State<Arc<Provider>>) -> Response {
    let mut keys = vec![p.key.as_verification_key()];
    if *p.rotated.lock().unwrap() {
        keys.push(key(OTHER_KEY, "k2").as_verification_key());
    }
    json(&CoreJsonWebKeySet::new(keys))
}

/// Sends the browser straight back with a code, as a provider does once
/// the person has signed in there.
async fn authorize(State(p): State<Arc<Provider>>, Query(q): Query<HashMap<String, String>>) -> Response {
    let field = |k: &str| q.get(k).cloned().unwrap_or_default();
    assert_eq!(field("response_type"), "code");
    assert_eq!(field("client_id"), CLIENT_ID);
    assert_eq!(field("code_challenge_method"), "S256", "PKCE with S256");
    assert!(field("scope").split(' ').any(|s| s == "openid"), "{q:?}");
    assert!(field("scope").split(' ').any(|s| s == "email"), "{q:?}");
    assert_eq!(field("redirect_uri"), format!("{PUBLIC}/login/oidc/callback"));
    assert!(field("state").len() >= 32 && field("nonce").len() >= 32, "{q:?}");
    let code = random();
    let grant = Grant {
        redirect_uri: field("redirect_uri"),
        nonce: field("nonce"),
        challenge: field("code_challenge"),
    };
    p.codes.lock().unwrap().insert(code.clone(), grant);
    let back = format!("{}?code={code}&state={}", field("redirect_uri"), field("state"));
    Redirect::to(&back).into_response()
}

fn oauth_error(error: &str) -> Response {
    (StatusCode::BAD_REQUEST, json(&serde_json::json!({ "error": error }))).into_response()
}

async fn token(State(p): State<Arc<Provider>>, headers: HeaderMap, body: String) -> Response {
    let form: HashMap<String, String> = serde_urlencoded::from_str(&body).unwrap();
    let field = |k: &str| form.get(k).cloned().unwrap_or_default();
    // client_secret_basic: the id and secret, form-encoded, then base64.
    let basic = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
    // "afterview-test:a+test+secret%2C+nothing+else" (RFC 6749 §2.3.1).
    let expected = "Basic YWZ0ZXJ2aWV3LXRlc3Q6YSt0ZXN0K3NlY3JldCUyQytub3RoaW5nK2Vsc2U=";
    if basic != expected {
        return (StatusCode::UNAUTHORIZED, json(&serde_json::json!({ "error": "invalid_client" })))
            .into_response();
    }
    assert_eq!(field("grant_type"), "authorization_code");
    // A code works once.
    let Some(grant) = p.codes.lock().unwrap().remove(&field("code")) else {
        return oauth_error("invalid_grant");
    };
    if grant.redirect_uri != field("redirect_uri") {
        return oauth_error("invalid_grant");
    }
    let verifier = PkceCodeVerifier::new(field("code_verifier"));
    if PkceCodeChallenge::from_code_verifier_sha256(&verifier).as_str() != grant.challenge {
        return oauth_error("invalid_grant");
    }
    let t = p.next.lock().unwrap().clone();
    let now = chrono::Utc::now();
    let (iat, exp) = if t.expired {
        (now - chrono::Duration::minutes(65), now - chrono::Duration::minutes(5))
    } else {
        (now, now + chrono::Duration::minutes(5))
    };
    let mut standard = StandardClaims::new(SubjectIdentifier::new(t.sub.clone()))
        .set_name(Some(LocalizedClaim::from(EndUserName::new(t.name.clone()))));
    if !t.email_in_userinfo {
        standard = standard.set_email(t.email.clone().map(EndUserEmail::new)).set_email_verified(t.verified);
    }
    let nonce = if t.wrong_nonce { "a nonce of another sign-in".to_owned() } else { grant.nonce };
    let claims = CoreIdTokenClaims::new(
        IssuerUrl::new(p.issuer.clone()).unwrap(),
        vec![Audience::new(CLIENT_ID.into())],
        exp,
        iat,
        standard,
        EmptyAdditionalClaims {},
    )
    .set_nonce(Some(Nonce::new(nonce)));
    let alg = CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256;
    let id_token = match t.other_key {
        Some(kid) => CoreIdToken::new(claims, &key(OTHER_KEY, kid), alg, None, None),
        None => CoreIdToken::new(claims, &p.key, alg, None, None),
    }
    .unwrap();
    let access = random();
    p.access.lock().unwrap().insert(access.clone(), t);
    json(&serde_json::json!({
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": 300,
        "id_token": id_token.to_string(),
    }))
}

async fn userinfo(State(p): State<Arc<Provider>>, headers: HeaderMap) -> Response {
    let bearer = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let Some(t) = bearer.strip_prefix("Bearer ").and_then(|a| p.access.lock().unwrap().get(a).cloned())
    else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    json(&serde_json::json!({ "sub": t.sub, "email": t.email, "email_verified": t.verified }))
}

impl Fake {
    /// A provider listening on a loopback port of its own.
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr: SocketAddr = listener.local_addr().unwrap();
        let issuer = format!("http://{addr}");
        let state = Arc::new(Provider {
            issuer: issuer.clone(),
            claimed_issuer: Mutex::new(None),
            key: key(PROVIDER_KEY, "k1"),
            rotated: Mutex::new(false),
            codes: Mutex::default(),
            next: Mutex::new(Token::of("ana@example.edu")),
            access: Mutex::default(),
        });
        let router = Router::new()
            .route("/.well-known/openid-configuration", get(discovery))
            .route("/jwks", get(jwks))
            .route("/authorize", get(authorize))
            .route("/token", post(token))
            .route("/userinfo", get(userinfo))
            .with_state(Arc::clone(&state));
        let serving = router.clone();
        tokio::spawn(async move { axum::serve(listener, serving).await });
        Self { issuer, state, router }
    }

    fn next(&self, t: Token) {
        *self.state.next.lock().unwrap() = t;
    }

    fn options(&self, domains: &[&str]) -> OidcOptions {
        OidcOptions {
            issuer: self.issuer.clone(),
            client_id: CLIENT_ID.into(),
            client_secret: CLIENT_SECRET.into(),
            name: Some("Example University".into()),
            allowed_domains: domains.iter().map(|d| (*d).to_owned()).collect(),
        }
    }
}

// ----- the server (helpers as in tests/server.rs) -------------------------------

struct Site {
    router: Router,
    schema: Schema,
    server: afterview_app::server::Server,
}

fn options(database: String, oidc: OidcOptions, public: Option<&str>) -> afterview_web::Options {
    let mut options =
        options_in(std::env::temp_dir(), HOST.parse().unwrap(), Some(jiff::civil::date(2026, 11, 19)));
    let public_url = public.map(|p| p.parse().unwrap());
    options.server = Some(ServerOptions { database, public_url, oidc: Some(oidc) });
    options
}

impl Site {
    /// The web app on a schema of its own, signing in through `fake`; its
    /// discovery and the sync PostgreSQL client block, so off the runtime.
    async fn new(fake: &Fake, domains: &[&str]) -> Option<Self> {
        let oidc = fake.options(domains);
        tokio::task::spawn_blocking(move || {
            let schema = Schema::new()?;
            let web: Arc<Web> =
                Web::new(&options(schema.url(), oidc, Some(PUBLIC))).expect("server mode starts");
            let server = afterview_app::server::Server::connect(&schema.url()).unwrap();
            Some(Self { router: router(web), schema, server })
        })
        .await
        .unwrap()
    }

    async fn get(&self, b: &mut Browser, path: &str) -> Reply {
        let req = Request::get(path).header(header::HOST, HOST).header(header::COOKIE, b.cookies.join("; "));
        let r = send(&self.router, req.body(Body::empty()).unwrap()).await;
        b.keep(&r);
        r
    }

    /// The button's link, the provider's page (which sends the browser
    /// straight back), and the address it sends it back to.
    async fn to_provider_and_back(&self, fake: &Fake, b: &mut Browser) -> String {
        self.through_provider(fake, b, "/login/oidc").await
    }

    async fn through_provider(&self, fake: &Fake, b: &mut Browser, button: &str) -> String {
        let r = self.get(b, button).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let at_provider = r.location().strip_prefix(&fake.issuer).expect("off to the provider").to_owned();
        assert!(at_provider.starts_with("/authorize?"), "{at_provider}");
        let set = r.headers.get(header::SET_COOKIE).and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert!(set.starts_with("afterview_oidc="), "{set}");
        assert!(
            set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Max-Age=600"),
            "{set}"
        );
        let back = send(&fake.router, Request::get(at_provider).body(Body::empty()).unwrap()).await;
        assert_eq!(back.status, StatusCode::SEE_OTHER);
        back.location().strip_prefix(PUBLIC).expect("back to afterview").to_owned()
    }

    /// A whole sign-in through the provider: the callback's answer.
    async fn sign_in(&self, fake: &Fake, b: &mut Browser) -> Reply {
        let callback = self.to_provider_and_back(fake, b).await;
        self.get(b, &callback).await
    }

    async fn sessions(&self) -> i64 {
        let url = self.schema.url();
        tokio::task::spawn_blocking(move || {
            let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
            c.query_one("SELECT count(*) FROM sessions", &[]).unwrap().get(0)
        })
        .await
        .unwrap()
    }

    async fn with_accounts<T: Send + 'static>(
        &self,
        f: impl FnOnce(&afterview_postgres::PgPool) -> T + Send + 'static,
    ) -> T {
        let pool = self.server.pool.clone();
        tokio::task::spawn_blocking(move || f(&pool)).await.unwrap()
    }

    /// Refused with `status`, a page saying `words`, and no session.
    async fn assert_refused(&self, r: &Reply, b: &Browser, status: StatusCode, words: &str) {
        assert_eq!(r.status, status, "{}", r.body);
        assert!(r.problem().contains(words), "{:?} does not say {words:?}", r.problem());
        assert!(r.body.contains("href=\"/login/oidc\""), "the page offers to start again");
        assert!(!b.has_session(), "no session cookie: {:?}", b.cookies);
        assert!(!r.cookies().iter().any(|c| c.starts_with("afterview_session=")));
        assert_eq!(self.sessions().await, 0, "no session was opened");
    }
}

// ----- the tests ------------------------------------------------------------------

#[tokio::test]
async fn a_sign_in_through_the_provider_opens_a_session() {
    let fake = Fake::start().await;
    let Some(site) = Site::new(&fake, &["example.edu"]).await else { return };
    let mut b = Browser::default();
    let login = site.get(&mut b, "/login").await;
    assert_eq!(login.status, StatusCode::OK);
    assert!(login.body.contains("Sign in with Example University"), "{}", login.body);
    assert!(login.body.contains("href=\"/login/oidc\""));

    fake.next(Token::of("Ana@Example.edu"));
    let r = site.sign_in(&fake, &mut b).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/"), "{}", r.body);
    assert!(b.has_session(), "{:?}", b.cookies);
    assert!(!b.cookies.iter().any(|c| c.starts_with("afterview_oidc=")), "the sign-in's cookie is spent");
    let home = site.get(&mut b, "/").await;
    assert_eq!(home.status, StatusCode::OK, "{}", home.body);
    assert!(home.body.contains("href=\"/account\""), "signed in");
    let account = site.get(&mut b, "/account").await;
    assert!(
        account.body.contains("Ana@Example.edu") && account.body.contains("Ana Silva"),
        "{}",
        account.body
    );
    assert_eq!(site.sessions().await, 1);

    // The same person again, in another browser: the same account.
    let mut other = Browser::default();
    fake.next(Token::of("ana@example.EDU"));
    let r = site.sign_in(&fake, &mut other).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let users = site.with_accounts(|p| accounts::users(p).unwrap()).await;
    assert_eq!(users.len(), 1, "{users:?}");
    assert_eq!(users[0].role, Role::Member);

    // Coming back a second time with the same answer opens nothing more.
    let replay = site.get(&mut other, "/login/oidc/callback?code=x&state=y").await;
    assert_eq!(replay.status, StatusCode::BAD_REQUEST);
    assert_eq!(site.sessions().await, 2);
}

#[tokio::test]
async fn a_sign_in_goes_on_to_the_page_that_asked_for_it() {
    let fake = Fake::start().await;
    let Some(site) = Site::new(&fake, &["example.edu"]).await else { return };
    let mut b = Browser::default();
    let asked = site.get(&mut b, "/applications").await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER);
    let login = asked.location().to_owned();
    let page = site.get(&mut b, &login).await;
    let button = "/login/oidc?next=%2Fapplications";
    assert!(page.body.contains(&format!("href=\"{button}\"")), "{}", page.body);
    let callback = site.through_provider(&fake, &mut b, button).await;
    let r = site.get(&mut b, &callback).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/applications"), "{}", r.body);
    // Never to another site.
    let mut b = Browser::default();
    let callback = site.through_provider(&fake, &mut b, "/login/oidc?next=%2F%2Fevil.example%2F").await;
    let r = site.get(&mut b, &callback).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/"));
}

#[tokio::test]
async fn a_pending_invitation_is_used_by_the_sign_in() {
    let fake = Fake::start().await;
    let Some(site) = Site::new(&fake, &[]).await else { return };
    let link = site
        .with_accounts(|p| {
            accounts::invite(p, None, "bo@partner.org", Role::Admin, jiff::Timestamp::now()).unwrap().url_path
        })
        .await;
    let mut b = Browser::default();
    fake.next(Token::of("BO@partner.org"));
    let r = site.sign_in(&fake, &mut b).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let users = site.with_accounts(|p| accounts::users(p).unwrap()).await;
    assert_eq!((users[0].email.as_str(), users[0].role), ("bo@partner.org", Role::Admin));
    let again = site.get(&mut Browser::default(), &link).await;
    assert!(again.body.contains("used already"), "{}", again.body);
}

#[tokio::test]
async fn the_email_can_come_from_the_userinfo_endpoint() {
    let fake = Fake::start().await;
    let Some(site) = Site::new(&fake, &["example.edu"]).await else { return };
    let mut b = Browser::default();
    fake.next(Token { email_in_userinfo: true, ..Token::of("cy@example.edu") });
    let r = site.sign_in(&fake, &mut b).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(b.has_session());
}

#[tokio::test]
async fn a_wrong_state_is_refused() {
    let fake = Fake::start().await;
    let Some(site) = Site::new(&fake, &["example.edu"]).await else { return };
    let mut b = Browser::default();
    let callback = site.to_provider_and_back(&fake, &mut b).await;
    let (before, state) = callback.split_once("state=").unwrap();
    let forged = format!("{before}state={}", "0".repeat(state.len()));
    let r = site.get(&mut b, &forged).await;
    site.assert_refused(&r, &b, StatusCode::BAD_REQUEST, "did not start in this browser").await;

    // Another browser (no cookie of this sign-in) following the real link.
    let mut stranger = Browser::default();
    let callback = site.to_provider_and_back(&fake, &mut Browser::default()).await;
    let r = site.get(&mut stranger, &callback).await;
    site.assert_refused(&r, &stranger, StatusCode::BAD_REQUEST, "did not start in this browser").await;

    // A cookie whose signature is not this server's.
    let mut b = Browser::default();
    let callback = site.to_provider_and_back(&fake, &mut b).await;
    for c in &mut b.cookies {
        if let Some(v) = c.strip_prefix("afterview_oidc=") {
            let (rest, _) = v.rsplit_once('.').unwrap();
            *c = format!("afterview_oidc={rest}.{}", "ab".repeat(32));
        }
    }
    let r = site.get(&mut b, &callback).await;
    site.assert_refused(&r, &b, StatusCode::BAD_REQUEST, "did not start in this browser").await;
}

#[tokio::test]
async fn a_code_from_another_sign_in_is_refused() {
    let fake = Fake::start().await;
    let Some(site) = Site::new(&fake, &["example.edu"]).await else { return };
    // Someone else's code (theirs, intercepted) brought into a sign-in of
    // this browser: the PKCE verifier is this sign-in's, not theirs.
    let theirs = site.to_provider_and_back(&fake, &mut Browser::default()).await;
    let mut b = Browser::default();
    let mine = site.to_provider_and_back(&fake, &mut b).await;
    let code = |cb: &str| cb.split("code=").nth(1).unwrap().split('&').next().unwrap().to_owned();
    let spliced = mine.replace(&code(&mine), &code(&theirs));
    let r = site.get(&mut b, &spliced).await;
    site.assert_refused(&r, &b, StatusCode::UNAUTHORIZED, "did not accept this sign-in (invalid_grant)")
        .await;
}

#[tokio::test]
async fn a_wrong_nonce_is_refused() {
    let fake = Fake::start().await;
    let Some(site) = Site::new(&fake, &["example.edu"]).await else { return };
    let mut b = Browser::default();
    fake.next(Token { wrong_nonce: true, ..Token::of("ana@example.edu") });
    let r = site.sign_in(&fake, &mut b).await;
    site.assert_refused(
        &r,
        &b,
        StatusCode::UNAUTHORIZED,
        "could not be trusted (it was made for another sign-in)",
    )
    .await;
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let fake = Fake::start().await;
    let Some(site) = Site::new(&fake, &["example.edu"]).await else { return };
    let mut b = Browser::default();
    fake.next(Token { expired: true, ..Token::of("ana@example.edu") });
    let r = site.sign_in(&fake, &mut b).await;
    site.assert_refused(&r, &b, StatusCode::UNAUTHORIZED, "could not be trusted (it has expired)").await;
}

#[tokio::test]
async fn a_token_signed_by_another_key_is_refused() {
    let fake = Fake::start().await;
    let Some(site) = Site::new(&fake, &["example.edu"]).await else { return };
    // Under the provider's own key id, and under one it never published.
    for kid in ["k1", "k-unknown"] {
        let mut b = Browser::default();
        fake.next(Token { other_key: Some(kid), ..Token::of("ana@example.edu") });
        let r = site.sign_in(&fake, &mut b).await;
        site.assert_refused(&r, &b, StatusCode::UNAUTHORIZED, "it is not signed with the provider's keys")
            .await;
    }
}

#[tokio::test]
async fn a_key_the_provider_rotated_to_is_fetched() {
    let fake = Fake::start().await;
    let Some(site) = Site::new(&fake, &["example.edu"]).await else { return };
    // Published after the server started: its keys are fetched again.
    *fake.state.rotated.lock().unwrap() = true;
    let mut b = Browser::default();
    fake.next(Token { other_key: Some("k2"), ..Token::of("ana@example.edu") });
    let r = site.sign_in(&fake, &mut b).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/"), "{}", r.body);
}

#[tokio::test]
async fn an_unverified_email_is_refused() {
    let fake = Fake::start().await;
    let Some(site) = Site::new(&fake, &["example.edu"]).await else { return };
    for verified in [Some(false), None] {
        let mut b = Browser::default();
        fake.next(Token { verified, ..Token::of("ana@example.edu") });
        let r = site.sign_in(&fake, &mut b).await;
        site.assert_refused(
            &r,
            &b,
            StatusCode::FORBIDDEN,
            "Example University has not verified your email address ana@example.edu",
        )
        .await;
    }
    let mut b = Browser::default();
    fake.next(Token { email: None, ..Token::of("ana@example.edu") });
    let r = site.sign_in(&fake, &mut b).await;
    site.assert_refused(&r, &b, StatusCode::FORBIDDEN, "did not say your email address").await;
    assert!(site.with_accounts(|p| accounts::users(p).unwrap()).await.is_empty());
}

#[tokio::test]
async fn an_email_at_a_domain_not_allowed_is_refused() {
    let fake = Fake::start().await;
    let Some(site) = Site::new(&fake, &["example.edu"]).await else { return };
    for email in ["ana@elsewhere.test", "ana@students.example.edu", "ana@example.edu.elsewhere.test"] {
        let mut b = Browser::default();
        fake.next(Token::of(email));
        let r = site.sign_in(&fake, &mut b).await;
        site.assert_refused(&r, &b, StatusCode::FORBIDDEN, "ask your career service for an invitation").await;
    }
    assert!(site.with_accounts(|p| accounts::users(p).unwrap()).await.is_empty(), "no account was made");
}

#[tokio::test]
async fn a_disabled_account_is_refused() {
    let fake = Fake::start().await;
    let Some(site) = Site::new(&fake, &["example.edu"]).await else { return };
    let mut first = Browser::default();
    assert_eq!(site.sign_in(&fake, &mut first).await.status, StatusCode::SEE_OTHER);
    site.with_accounts(|p| accounts::set_disabled(p, "ana@example.edu", true).unwrap()).await;
    assert_eq!(site.sessions().await, 0, "disabling ended its session");
    let mut b = Browser::default();
    let r = site.sign_in(&fake, &mut b).await;
    site.assert_refused(&r, &b, StatusCode::FORBIDDEN, "this account is disabled").await;
}

#[tokio::test]
async fn the_provider_saying_no_is_shown_without_its_text() {
    let fake = Fake::start().await;
    let Some(site) = Site::new(&fake, &["example.edu"]).await else { return };
    let mut b = Browser::default();
    site.to_provider_and_back(&fake, &mut b).await;
    let r = site.get(&mut b, "/login/oidc/callback?error=access_denied&state=x").await;
    site.assert_refused(
        &r,
        &b,
        StatusCode::FORBIDDEN,
        "Example University did not sign you in (access_denied)",
    )
    .await;
    let r = site.get(&mut b, "/login/oidc/callback?error=%3Cscript%3Ealert(1)%3C%2Fscript%3E").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(!r.body.contains("<script>") && !r.body.contains("alert(1)"), "{}", r.body);
}

#[tokio::test]
async fn the_server_does_not_start_on_a_provider_it_cannot_use() {
    // No database is touched before the provider is found.
    let database = "postgres://nobody@127.0.0.1:1/none".to_owned();
    let fake = Fake::start().await;
    let start = |o: afterview_web::Options| async move {
        tokio::task::spawn_blocking(move || Web::new(&o).map(drop).unwrap_err().to_string()).await.unwrap()
    };

    let e = start(options(database.clone(), fake.options(&[]), None)).await;
    assert!(e.contains("--oidc-issuer needs --public-url"), "{e}");
    assert!(e.contains("/login/oidc/callback"), "{e}");

    let nobody = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let closed = format!("http://{}", nobody.local_addr().unwrap());
    drop(nobody);
    let e = start(options(
        database.clone(),
        OidcOptions { issuer: closed.clone(), ..fake.options(&[]) },
        Some(PUBLIC),
    ))
    .await;
    assert!(e.contains(&format!("cannot use the identity provider {closed}")), "{e}");
    assert!(e.contains("could not be reached"), "{e}");

    *fake.state.claimed_issuer.lock().unwrap() = Some("https://impostor.example".into());
    let e = start(options(database.clone(), fake.options(&[]), Some(PUBLIC))).await;
    assert!(e.contains("does not hold together"), "{e}");
    *fake.state.claimed_issuer.lock().unwrap() = None;

    let plain = OidcOptions { issuer: "http://login.example.edu".into(), ..fake.options(&[]) };
    let e = start(options(database.clone(), plain, Some(PUBLIC))).await;
    assert!(e.contains("must start with https://"), "{e}");

    let no_secret = OidcOptions { client_secret: String::new(), ..fake.options(&[]) };
    let e = start(options(database, no_secret, Some(PUBLIC))).await;
    assert!(e.contains("AFTERVIEW_OIDC_CLIENT_SECRET"), "{e}");
}
