//! Signing in through an institution's OpenID Connect provider (server
//! mode, `serve --oidc-issuer … --oidc-client-id …`): the authorization-code
//! flow with PKCE (S256), a `state` and a `nonce`, the ID token's signature
//! checked against the provider's keys, its issuer, audience, nonce and
//! expiry, and a verified email required. Who that email belongs to is the
//! accounts' use case's to decide (`afterview_app::accounts::log_in_verified`).
//!
//! The provider is the one the administrator named: its discovery document
//! and keys are fetched when the server starts (a failure keeps it from
//! starting), the keys again when a token names one not seen yet (a
//! provider rotating its keys), and the code is exchanged at its token
//! endpoint. Nothing else goes over the network; no redirect is followed.
//!
//! Nothing of a sign-in in progress is kept in a process's memory (several
//! stateless processes may serve one browser): the random `state` rides in
//! a short-lived HttpOnly cookie with its end time, signed with a key
//! derived from the client secret every process has; the nonce and the
//! PKCE verifier are derived from the state with that key, so the cookie
//! gives neither away and only this server can make them.

use std::sync::{Mutex, RwLock};
use std::time::{Duration, Instant};

use hmac::{Hmac, KeyInit, Mac};
use jiff::{SignedDuration, Timestamp};
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreClientAuthMethod, CoreIdTokenClaims, CoreIdTokenVerifier,
    CoreJsonWebKeySet, CoreJwsSigningAlgorithm, CoreProviderMetadata, CoreUserInfoClaims,
};
use openidconnect::http;
use openidconnect::{
    AuthType, AuthUrl, AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret, CsrfToken,
    DiscoveryError, EndpointNotSet, EndpointSet, IssuerUrl, JsonWebKeySetUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RequestTokenError, Scope, SignatureVerificationError,
    TokenUrl, UserInfoUrl,
};
use sha2::Sha256;

use afterview_app::accounts::{Subject, Verified};

use crate::security::PublicUrl;

/// How long a sign-in started at the provider may take to come back.
pub const STARTED_LASTS: SignedDuration = SignedDuration::from_mins(10);

/// Where the provider sends people back, after the public address: the
/// redirect URI to register with it.
pub const CALLBACK_PATH: &str = "/login/oidc/callback";

/// The provider's keys are fetched again at most this often.
const KEYS_AGAIN_AFTER: Duration = Duration::from_secs(60);

/// The most of a provider's answer that is read.
const ANSWER_LIMIT: u64 = 1 << 20;

/// The signing algorithms an ID token may use: the provider's own keys,
/// never a secret shared with it (HS256) and never none.
const ASYMMETRIC: [CoreJwsSigningAlgorithm; 9] = [
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha384,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha512,
    CoreJwsSigningAlgorithm::RsaSsaPssSha256,
    CoreJwsSigningAlgorithm::RsaSsaPssSha384,
    CoreJwsSigningAlgorithm::RsaSsaPssSha512,
    CoreJwsSigningAlgorithm::EcdsaP256Sha256,
    CoreJwsSigningAlgorithm::EcdsaP384Sha384,
    CoreJwsSigningAlgorithm::EdDsa,
];

/// How to reach the provider (`serve --oidc-…`).
#[derive(Clone)]
pub struct OidcOptions {
    /// The issuer, as the provider names itself (`https://login.example.edu/realms/students`).
    pub issuer: String,
    pub client_id: String,
    /// From `AFTERVIEW_OIDC_CLIENT_SECRET` only, never a flag.
    pub client_secret: String,
    /// What the button says after "Sign in with" (the provider's host when `None`).
    pub name: Option<String>,
    /// Email domains whose people get a member's account at their first
    /// sign-in without an invitation.
    pub allowed_domains: Vec<String>,
}

impl std::fmt::Debug for OidcOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcOptions")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("name", &self.name)
            .field("allowed_domains", &self.allowed_domains)
            .finish_non_exhaustive()
    }
}

/// Why a sign-in through the provider did not work, in words for the
/// person at the browser; `counts` when it counts as a failed try of their
/// address (an answer that does not bear out, as a wrong password would).
#[derive(Debug)]
pub(crate) struct Refusal {
    pub status: axum::http::StatusCode,
    pub message: String,
    pub counts: bool,
    /// What went wrong in detail, for the server's log (no token, no code).
    pub detail: Option<String>,
}

impl Refusal {
    fn new(status: axum::http::StatusCode, message: impl Into<String>) -> Self {
        Self { status, message: message.into(), counts: false, detail: None }
    }

    fn counted(mut self, detail: impl Into<String>) -> Self {
        self.counts = true;
        self.detail = Some(detail.into());
        self
    }

    fn logged(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

/// A sign-in this browser started, its cookie checked.
pub(crate) struct Started {
    state: String,
    /// The page of this server to go on to once signed in.
    pub next: Option<String>,
}

/// The longest page address a sign-in carries through the provider.
const NEXT_LIMIT: usize = 512;

/// A page of this server to go on to (a path, never another site), as hex
/// in the cookie (whose parts are separated by dots).
fn next_part(next: Option<&str>) -> String {
    let ok = next
        .filter(|n| n.len() <= NEXT_LIMIT && n.starts_with('/') && !n.starts_with("//") && !n.contains('\\'));
    ok.map(|n| hex(n.as_bytes())).unwrap_or_default()
}

fn next_of(part: &str) -> Option<String> {
    if part.is_empty() || !part.len().is_multiple_of(2) {
        return None;
    }
    let bytes: Option<Vec<u8>> =
        (0..part.len()).step_by(2).map(|i| u8::from_str_radix(part.get(i..i + 2)?, 16).ok()).collect();
    String::from_utf8(bytes?).ok()
}

/// The HTTP client the provider is asked through: ureq with rustls (the
/// stack the reminders use), no redirects followed (the token request
/// carries the client secret), bounded in time and size.
struct Http(ureq::Agent);

#[derive(Debug)]
struct HttpError(String);

impl std::fmt::Display for HttpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for HttpError {}

impl Http {
    fn new() -> Self {
        let config = ureq::Agent::config_builder()
            .max_redirects(0)
            .max_redirects_will_error(false)
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(15)))
            .user_agent(concat!("afterview/", env!("CARGO_PKG_VERSION")))
            .build();
        Self(config.new_agent())
    }
}

impl openidconnect::SyncHttpClient for Http {
    type Error = HttpError;

    fn call(&self, request: openidconnect::HttpRequest) -> Result<openidconnect::HttpResponse, HttpError> {
        let response = self.0.run(request).map_err(|e| HttpError(e.to_string()))?;
        let (parts, mut body) = response.into_parts();
        let bytes = body
            .with_config()
            .limit(ANSWER_LIMIT)
            .read_to_vec()
            .map_err(|e| HttpError(format!("its answer could not be read ({e})")))?;
        Ok(http::Response::from_parts(parts, bytes))
    }
}

/// The client as the flow uses it: authorization and token endpoints set.
type Client =
    CoreClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet, EndpointNotSet>;

/// The provider, discovered, and what this server signs its sign-ins with.
pub struct Provider {
    /// What the button says after "Sign in with".
    pub(crate) name: String,
    pub(crate) allowed_domains: Vec<String>,
    issuer: IssuerUrl,
    client_id: ClientId,
    secret: ClientSecret,
    auth_url: AuthUrl,
    token_url: TokenUrl,
    userinfo_url: Option<UserInfoUrl>,
    jwks_url: JsonWebKeySetUrl,
    auth_type: AuthType,
    algs: Vec<CoreJwsSigningAlgorithm>,
    jwks: RwLock<CoreJsonWebKeySet>,
    /// When the keys were last fetched again (`None`: not since discovery).
    fetched: Mutex<Option<Instant>>,
    redirect: RedirectUrl,
    /// Signs the state cookie and derives the nonce and the PKCE verifier.
    key: [u8; 32],
    http: Http,
    cookie: String,
    secure: bool,
}

impl std::fmt::Debug for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Provider").field("issuer", &self.issuer.as_str()).finish_non_exhaustive()
    }
}

/// Whether a provider's address may be used: https, or http to this
/// machine only (a provider under test, or one behind a local proxy).
fn safe_url(url: &openidconnect::url::Url) -> bool {
    match url.scheme() {
        "https" => true,
        "http" => match url.host() {
            Some(openidconnect::url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
            Some(openidconnect::url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(openidconnect::url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        },
        _ => false,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Same length and same bytes, in time that does not depend on where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Why discovery failed, in words for the administrator.
fn discovery_problem(e: &DiscoveryError<HttpError>) -> String {
    match e {
        DiscoveryError::Request(e) => format!("it could not be reached ({e})"),
        DiscoveryError::Response(status, _, why) => {
            format!("it answered {status} ({why}); is the issuer address exactly the one the provider gives?")
        }
        DiscoveryError::Parse(e) => format!("its answer is not a discovery document ({e})"),
        DiscoveryError::Validation(why) => format!("its discovery document does not hold together ({why})"),
        DiscoveryError::UrlParse(e) => format!("its address is not usable ({e})"),
        DiscoveryError::Other(why) => why.clone(),
        other => other.to_string(),
    }
}

impl Provider {
    /// Fetches the provider's discovery document and keys (blocking): the
    /// server does not start when they cannot be had or used.
    pub fn discover(options: &OidcOptions, public: Option<&PublicUrl>) -> Result<Self, String> {
        let Some(public) = public else {
            return Err(format!(
                "--oidc-issuer needs --public-url (AFTERVIEW_PUBLIC_URL), the address people reach this server at: \
                 the provider sends them back to PUBLIC_URL{CALLBACK_PATH}, the redirect URI registered with it"
            ));
        };
        let issuer_text = options.issuer.trim().trim_end_matches('/');
        let problem = |why: String| {
            format!(
                "cannot use the identity provider {issuer_text} (--oidc-issuer): {why}; nothing was started"
            )
        };
        let issuer = IssuerUrl::new(issuer_text.to_owned()).map_err(|e| problem(format!("{e}")))?;
        if !safe_url(issuer.url()) {
            return Err(problem("its address must start with https://".into()));
        }
        if options.client_id.trim().is_empty() {
            return Err(problem("--oidc-client-id (AFTERVIEW_OIDC_CLIENT_ID) is empty".into()));
        }
        if options.client_secret.is_empty() {
            return Err(problem(
                "set AFTERVIEW_OIDC_CLIENT_SECRET to the client secret the provider gave afterview".into(),
            ));
        }
        let http = Http::new();
        let metadata =
            CoreProviderMetadata::discover(&issuer, &http).map_err(|e| problem(discovery_problem(&e)))?;
        let token_url = metadata
            .token_endpoint()
            .cloned()
            .ok_or_else(|| problem("its discovery document names no token endpoint".into()))?;
        let urls = [
            Some(metadata.authorization_endpoint().url()),
            Some(token_url.url()),
            Some(metadata.jwks_uri().url()),
            metadata.userinfo_endpoint().map(|u| u.url()),
        ];
        if let Some(bad) = urls.into_iter().flatten().find(|u| !safe_url(u)) {
            return Err(problem(format!("it names an endpoint that is not https ({bad})")));
        }
        let algs: Vec<_> = metadata
            .id_token_signing_alg_values_supported()
            .iter()
            .filter(|a| ASYMMETRIC.contains(a))
            .cloned()
            .collect();
        if algs.is_empty() {
            return Err(problem(
                "it signs ID tokens with none of the public-key algorithms afterview accepts (RS256, PS256, ES256, EdDSA…)"
                    .into(),
            ));
        }
        // client_secret_basic is the default when the provider says nothing.
        let methods = metadata.token_endpoint_auth_methods_supported();
        let auth_type = match methods {
            None => AuthType::BasicAuth,
            Some(m) if m.contains(&CoreClientAuthMethod::ClientSecretBasic) => AuthType::BasicAuth,
            Some(m) if m.contains(&CoreClientAuthMethod::ClientSecretPost) => AuthType::RequestBody,
            Some(_) => {
                return Err(problem(
                    "its token endpoint takes neither client_secret_basic nor client_secret_post".into(),
                ));
            }
        };
        let redirect = RedirectUrl::new(format!("{}{CALLBACK_PATH}", public.origin()))
            .map_err(|e| problem(format!("the redirect URI cannot be made from --public-url ({e})")))?;
        let name = options
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
            .or_else(|| issuer.url().host_str().map(str::to_owned))
            .unwrap_or_else(|| "your institution".to_owned());
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(options.client_secret.as_bytes())
            .map_err(|e| problem(format!("the client secret cannot key a signature ({e})")))?;
        mac.update(b"afterview: the state of an OpenID Connect sign-in, v1");
        let key: [u8; 32] = mac.finalize().into_bytes().into();
        Ok(Self {
            name,
            allowed_domains: options.allowed_domains.clone(),
            client_id: ClientId::new(options.client_id.trim().to_owned()),
            secret: ClientSecret::new(options.client_secret.clone()),
            auth_url: metadata.authorization_endpoint().clone(),
            token_url,
            userinfo_url: metadata.userinfo_endpoint().cloned(),
            jwks_url: metadata.jwks_uri().clone(),
            auth_type,
            algs,
            jwks: RwLock::new(metadata.jwks().clone()),
            fetched: Mutex::new(None),
            redirect,
            key,
            http,
            cookie: if public.secure() { "__Host-afterview-oidc".into() } else { "afterview_oidc".into() },
            secure: public.secure(),
            issuer,
        })
    }

    /// The redirect URI registered with the provider.
    pub fn redirect_uri(&self) -> &str {
        self.redirect.as_str()
    }

    fn client(&self) -> Client {
        let jwks = self.jwks.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
        CoreClient::new(self.client_id.clone(), self.issuer.clone(), jwks)
            .set_client_secret(self.secret.clone())
            .set_auth_uri(self.auth_url.clone())
            .set_token_uri(self.token_url.clone())
            .set_redirect_uri(self.redirect.clone())
            .set_auth_type(self.auth_type.clone())
    }

    /// This server's signature of `parts`, as hex.
    fn sign(&self, parts: &[&str]) -> String {
        let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.key) else {
            unreachable!("HMAC takes a key of any length")
        };
        for p in parts {
            // Each part with its length, so no two lists sign alike.
            mac.update(&(p.len() as u64).to_be_bytes());
            mac.update(p.as_bytes());
        }
        hex(&mac.finalize().into_bytes())
    }

    fn nonce(&self, started: &Started) -> Nonce {
        Nonce::new(self.sign(&["nonce", &started.state]))
    }

    fn verifier(&self, started: &Started) -> PkceCodeVerifier {
        // 64 hex digits: within PKCE's 43 to 128 unreserved characters.
        PkceCodeVerifier::new(self.sign(&["pkce", &started.state]))
    }

    /// The `Set-Cookie` of a sign-in in progress (`value` empty: its end).
    fn cookie(&self, value: &str, max_age: i64) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        // Lax: the provider's redirect back is a top-level GET from its
        // site, which a Strict cookie would not ride along with.
        format!("{}={value}; HttpOnly; SameSite=Lax; Path=/; Max-Age={max_age}{secure}", self.cookie)
    }

    /// The `Set-Cookie` that forgets a sign-in in progress.
    pub(crate) fn cleared_cookie(&self) -> String {
        self.cookie("", 0)
    }

    /// Starts a sign-in: the provider's address to send the browser to,
    /// and the cookie that lets it back in within [`STARTED_LASTS`].
    pub(crate) fn start(&self, now: Timestamp, next: Option<&str>) -> (String, String) {
        let started = Started { state: crate::security::token(), next: None };
        let until = (now + STARTED_LASTS).as_second().to_string();
        let next = next_part(next);
        let signature = self.sign(&["state", &started.state, &until, &next]);
        let value = format!("{}.{until}.{next}.{signature}", started.state);
        let cookie = self.cookie(&value, STARTED_LASTS.as_secs());
        let challenge = PkceCodeChallenge::from_code_verifier_sha256(&self.verifier(&started));
        let (nonce, state) = (self.nonce(&started), CsrfToken::new(started.state.clone()));
        let (url, _, _) = self
            .client()
            .authorize_url(CoreAuthenticationFlow::AuthorizationCode, move || state, move || nonce)
            .add_scope(Scope::new("email".into()))
            .add_scope(Scope::new("profile".into()))
            .set_pkce_challenge(challenge)
            .url();
        (url.to_string(), cookie)
    }

    /// The sign-in this browser started, if the `state` the provider sent
    /// back is the one its cookie holds, signed here, within its time.
    pub(crate) fn started(
        &self,
        headers: &axum::http::HeaderMap,
        state: &str,
        now: Timestamp,
    ) -> Result<Started, Refusal> {
        let refused = || {
            Refusal::new(
                axum::http::StatusCode::BAD_REQUEST,
                format!(
                    "this sign-in did not start in this browser, or took longer than {} minutes; \
                     nothing was opened. Start again with the button below",
                    STARTED_LASTS.as_mins()
                ),
            )
        };
        let cookie = crate::security::cookie(headers, &self.cookie).ok_or_else(refused)?;
        let mut parts = cookie.split('.');
        let (Some(kept), Some(until), Some(next), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(refused());
        };
        if !same(self.sign(&["state", kept, until, next]).as_bytes(), signature.as_bytes()) {
            return Err(refused().logged("the sign-in cookie's signature is wrong"));
        }
        if until.parse::<i64>().map_or(true, |u| u <= now.as_second()) {
            return Err(refused());
        }
        if !same(kept.as_bytes(), state.as_bytes()) {
            return Err(refused().logged("the state sent back is not the one started in this browser"));
        }
        Ok(Started { state: kept.to_owned(), next: next_of(next) })
    }

    /// Fetches the provider's keys again, unless that was done a moment
    /// ago: whether there are new ones to try.
    fn refresh_keys(&self) -> bool {
        {
            let mut fetched = self.fetched.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if fetched.is_some_and(|at| at.elapsed() < KEYS_AGAIN_AFTER) {
                return false;
            }
            *fetched = Some(Instant::now());
        }
        match CoreJsonWebKeySet::fetch(&self.jwks_url, &self.http) {
            Ok(keys) => {
                *self.jwks.write().unwrap_or_else(std::sync::PoisonError::into_inner) = keys;
                true
            }
            Err(e) => {
                tracing::warn!(problem = %discovery_problem(&e), "the identity provider's keys could not be fetched again");
                false
            }
        }
    }

    /// Exchanges the code at the provider's token endpoint and checks the
    /// ID token it gives (blocking): the person it vouches for.
    pub(crate) fn finish(&self, started: &Started, code: &str, now: Timestamp) -> Result<Verified, Refusal> {
        use axum::http::StatusCode;
        let name = &self.name;
        let again = "start again with the button below";
        let client = self.client();
        let answer = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .set_pkce_verifier(self.verifier(started))
            .request(&self.http);
        let answer = match answer {
            Ok(a) => a,
            Err(RequestTokenError::ServerResponse(e)) => {
                return Err(Refusal::new(
                    StatusCode::UNAUTHORIZED,
                    format!(
                        "{name} did not accept this sign-in ({}); nothing was opened: {again}",
                        e.error()
                    ),
                )
                .counted(format!("the token endpoint refused the code: {e}")));
            }
            Err(RequestTokenError::Request(e)) => {
                return Err(Refusal::new(
                    StatusCode::BAD_GATEWAY,
                    format!(
                        "afterview cannot reach {name} just now; nothing was opened: try again in a minute"
                    ),
                )
                .logged(format!("the token endpoint could not be reached: {e}")));
            }
            Err(e) => {
                return Err(Refusal::new(
                    StatusCode::BAD_GATEWAY,
                    format!("{name} gave an answer afterview cannot read; nothing was opened: {again}"),
                )
                .logged(format!("the token endpoint's answer is not usable: {e}")));
            }
        };
        let Some(id_token) = answer.extra_fields().id_token() else {
            return Err(Refusal::new(
                StatusCode::BAD_GATEWAY,
                format!("{name} sent no ID token; nothing was opened: ask your career service to check how afterview is registered there"),
            )
            .logged("the token endpoint's answer has no id_token"));
        };
        let nonce = self.nonce(started);
        let verify = |client: &Client| -> Result<CoreIdTokenClaims, ClaimsVerificationError> {
            let verifier = CoreIdTokenVerifier::new_public_client(
                client.client_id().clone(),
                self.issuer.clone(),
                self.jwks.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone(),
            )
            .set_allowed_algs(self.algs.clone())
            .set_time_fn(move || chrono_of(now));
            id_token.claims(&verifier, &nonce).cloned()
        };
        let claims = match verify(&client) {
            Err(ClaimsVerificationError::SignatureVerification(
                SignatureVerificationError::NoMatchingKey,
            )) if self.refresh_keys() => verify(&client),
            other => other,
        };
        let claims = claims.map_err(|e| {
            let why = match &e {
                ClaimsVerificationError::Expired(_) => "it has expired",
                ClaimsVerificationError::InvalidNonce(_) => "it was made for another sign-in",
                ClaimsVerificationError::InvalidIssuer(_) => "it comes from another provider",
                ClaimsVerificationError::InvalidAudience(_) => "it was made for another application",
                ClaimsVerificationError::SignatureVerification(_) => {
                    "it is not signed with the provider's keys"
                }
                _ => "it does not hold together",
            };
            Refusal::new(
                StatusCode::UNAUTHORIZED,
                format!("{name}'s answer could not be trusted ({why}); nothing was opened: {again}"),
            )
            .counted(format!("the ID token was refused: {e}"))
        })?;
        let subject = Subject {
            issuer: self.issuer.as_str().to_owned(),
            subject: claims.subject().as_str().to_owned(),
        };
        let mut email = claims.email().map(|e| e.as_str().to_owned());
        let mut verified = claims.email_verified();
        let mut person = person_name(&claims);
        if email.is_none() || verified.is_none() {
            // Some providers say who someone is only at their userinfo
            // endpoint, with the access token just given.
            if let Some(info) = self.user_info(answer.access_token(), &claims) {
                email = email.or_else(|| info.email().map(|e| e.as_str().to_owned()));
                verified = verified.or(info.email_verified());
                if person.is_empty() {
                    person = info
                        .name()
                        .and_then(|n| n.get(None))
                        .map(|n| n.as_str().to_owned())
                        .unwrap_or_default();
                }
            }
        }
        let Some(email) = email.filter(|e| !e.trim().is_empty()) else {
            return Err(Refusal::new(
                StatusCode::FORBIDDEN,
                format!(
                    "{name} did not say your email address, which afterview finds your account by; nothing was \
                     opened: ask your career service to let afterview see it (the email scope)"
                ),
            ));
        };
        if verified != Some(true) {
            return Err(Refusal::new(
                StatusCode::FORBIDDEN,
                format!(
                    "{name} has not verified your email address {email}; nothing was opened: verify it there, \
                     then sign in again"
                ),
            ));
        }
        Ok(Verified { email, name: person, subject })
    }

    /// The provider's userinfo for the ID token's subject, if it has the
    /// endpoint and answers; `None` otherwise (the ID token's word stands).
    fn user_info(
        &self,
        token: &openidconnect::AccessToken,
        claims: &CoreIdTokenClaims,
    ) -> Option<CoreUserInfoClaims> {
        let url = self.userinfo_url.clone()?;
        let client = self.client().set_user_info_url(url);
        match client.user_info(token.clone(), Some(claims.subject().clone())).request(&self.http) {
            Ok(info) => Some(info),
            Err(e) => {
                tracing::warn!(problem = %e, "the identity provider's userinfo endpoint did not answer usefully");
                None
            }
        }
    }
}

/// The name a provider gives: `name`, else the given and family names.
fn person_name(claims: &CoreIdTokenClaims) -> String {
    if let Some(n) = claims.name().and_then(|n| n.get(None)) {
        return n.as_str().trim().to_owned();
    }
    let given = claims.given_name().and_then(|n| n.get(None)).map(|n| n.as_str().trim());
    let family = claims.family_name().and_then(|n| n.get(None)).map(|n| n.as_str().trim());
    [given, family].into_iter().flatten().filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ")
}

/// A moment as the OpenID Connect crate counts time.
fn chrono_of(t: Timestamp) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(t.as_second(), t.subsec_nanosecond().unsigned_abs()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_this_machine() {
        let ok = |u: &str| safe_url(&u.parse().unwrap());
        assert!(ok("https://login.example.edu/realms/x"));
        assert!(ok("http://127.0.0.1:8080"));
        assert!(ok("http://localhost:8080"));
        assert!(ok("http://[::1]:8080"));
        assert!(!ok("http://login.example.edu"));
        assert!(!ok("http://10.0.0.1"));
        assert!(!ok("ftp://login.example.edu"));
    }

    #[test]
    fn only_a_path_of_this_server_is_gone_on_to() {
        for (given, kept) in [
            (Some("/coach/accept/abc?x=1"), Some("/coach/accept/abc?x=1")),
            (Some("/"), Some("/")),
            (Some("//evil.example/"), None),
            (Some("https://evil.example/"), None),
            (Some("/\\evil.example"), None),
            (None, None),
        ] {
            assert_eq!(next_of(&next_part(given)).as_deref(), kept, "{given:?}");
        }
        assert_eq!(next_part(Some(&format!("/{}", "a".repeat(NEXT_LIMIT)))), "");
        assert_eq!(next_of("zz"), None);
        assert_eq!(next_of("2f6"), None);
    }

    #[test]
    fn a_moment_keeps_its_nanoseconds() {
        let t: Timestamp = "2026-11-20T09:00:00.123456789Z".parse().unwrap();
        assert_eq!(chrono_of(t).to_rfc3339(), "2026-11-20T09:00:00.123456789+00:00");
    }
}
