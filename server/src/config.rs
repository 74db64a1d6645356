//! Configuration from environment variables, with safe defaults: `picap` runs from the
//! repository root with nothing set. A bad value stops the start with one line naming the
//! variable. Secrets (database password, SMTP credentials) never reach a log: `Debug` redacts
//! them.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use app::auth::client_addr::TrustedProxies;
use lettre::message::Mailbox;
use url::Url;

/// Everything the server needs to start.
#[derive(Clone)]
pub struct Config {
    /// `DATABASE_URL`: `sqlite://…` (default) or `postgres://…`.
    pub database_url: String,
    /// `PICAP_ADDR`: where to listen.
    pub addr: SocketAddr,
    /// `PICAP_PUBLIC_URL`: the address people use, for links in emails.
    pub public_url: Url,
    /// `SMTP_URL`: the mail relay; `None` leaves mail queued in the outbox.
    pub smtp_url: Option<String>,
    /// `PICAP_MAIL_FROM`: the sender of every email.
    pub mail_from: Mailbox,
    /// `LEPTOS_SITE_ROOT`: the built static site (wasm, js, css).
    pub site_root: String,
    /// `PICAP_IP_RATE_LIMIT`: sign-in, registration and reset attempts per client address per
    /// minute; `0` turns the limit off (load tests, or a trusted proxy that limits).
    pub ip_rate_limit: u32,
    /// `PICAP_TRUSTED_PROXIES`: the proxies whose `Forwarded` / `X-Forwarded-For` headers name
    /// the client (comma-separated addresses or CIDR ranges); empty: headers are ignored.
    pub trusted_proxies: TrustedProxies,
    /// `PICAP_FILES_DIR`: where uploaded files are kept, each named by its content's hash.
    pub files_dir: std::path::PathBuf,
    /// `PICAP_MAX_UPLOAD_MB`: the largest lesson attachment accepted, in bytes.
    pub max_upload_bytes: usize,
    /// Mail worker timings (not from the environment; tests shorten them).
    pub mail: MailTimings,
}

/// How the mail worker paces itself.
#[derive(Clone, Debug)]
pub struct MailTimings {
    /// Sleep between polls when the outbox is empty.
    pub poll_interval: Duration,
    /// How long a claim lasts before another worker may retry the message.
    pub lease: Duration,
    /// Wait after the first failure; doubled after each further one.
    pub backoff_base: Duration,
    /// Longest wait between attempts.
    pub backoff_max: Duration,
    /// Attempts before a message is marked failed.
    pub max_attempts: i32,
    /// Limit on one SMTP conversation.
    pub smtp_timeout: Duration,
}

impl Default for MailTimings {
    fn default() -> Self {
        MailTimings {
            poll_interval: Duration::from_secs(2),
            lease: Duration::from_secs(120),
            backoff_base: Duration::from_secs(30),
            backoff_max: Duration::from_secs(3600),
            max_attempts: 12,
            smtp_timeout: Duration::from_secs(30),
        }
    }
}

/// A configuration value that could not be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{variable}: {problem}")]
pub struct ConfigError {
    /// The environment variable at fault.
    pub variable: &'static str,
    /// What is wrong with it (never its secret value).
    pub problem: String,
}

fn bad(variable: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError {
        variable,
        problem: problem.into(),
    }
}

/// Attempts per client address per minute unless `PICAP_IP_RATE_LIMIT` says otherwise: more
/// than a person retyping a password, far fewer than a guessing script.
pub const DEFAULT_IP_RATE_LIMIT: u32 = 30;

/// The default embedded database: a file under `data/`, created on first start.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/picap.db?mode=rwc";

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads configuration through `lookup` (the environment, or a table in tests).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };

        let database_url = get("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string());
        if app::db::Engine::from_url(&database_url).is_none() {
            return Err(bad(
                "DATABASE_URL",
                "must start with sqlite:// (embedded) or postgres:// (production)",
            ));
        }

        let addr_text = get("PICAP_ADDR").unwrap_or_else(|| "127.0.0.1:3000".to_string());
        let addr: SocketAddr = addr_text.parse().map_err(|_| {
            bad(
                "PICAP_ADDR",
                format!("'{addr_text}' is not an address and port such as 127.0.0.1:3000"),
            )
        })?;

        let public_url = match get("PICAP_PUBLIC_URL") {
            Some(text) => {
                let url = Url::parse(&text)
                    .map_err(|e| bad("PICAP_PUBLIC_URL", format!("'{text}' is not a URL ({e})")))?;
                if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
                    return Err(bad(
                        "PICAP_PUBLIC_URL",
                        format!("'{text}' must be an http:// or https:// address with a host"),
                    ));
                }
                url
            }
            None => Url::parse(&format!("http://{addr}/"))
                .map_err(|e| bad("PICAP_ADDR", format!("cannot form a public URL: {e}")))?,
        };

        let smtp_url = match get("SMTP_URL") {
            Some(text) => {
                let url = Url::parse(&text).map_err(|_| {
                    bad(
                        "SMTP_URL",
                        "is not a URL such as smtp://relay.example.org:587?tls=required",
                    )
                })?;
                if !matches!(url.scheme(), "smtp" | "smtps") {
                    return Err(bad("SMTP_URL", "must start with smtp:// or smtps://"));
                }
                lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(&text)
                    .map_err(|e| bad("SMTP_URL", format!("cannot be used: {e}")))?;
                Some(text)
            }
            None => None,
        };

        let from_text = get("PICAP_MAIL_FROM").unwrap_or_else(|| {
            let host = public_url.host_str().unwrap_or("localhost");
            format!("PICAP <no-reply@{host}>")
        });
        let mail_from: Mailbox = from_text.parse().map_err(|_| {
            bad(
                "PICAP_MAIL_FROM",
                format!("'{from_text}' is not an address such as PICAP <no-reply@example.org>"),
            )
        })?;

        let site_root = get("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".to_string());

        let ip_rate_limit = match get("PICAP_IP_RATE_LIMIT") {
            Some(text) => text.parse::<u32>().map_err(|_| {
                bad(
                    "PICAP_IP_RATE_LIMIT",
                    format!(
                        "'{text}' is not a whole number of attempts per minute (0 turns it off)"
                    ),
                )
            })?,
            None => DEFAULT_IP_RATE_LIMIT,
        };

        let trusted_proxies = match get("PICAP_TRUSTED_PROXIES") {
            Some(text) => TrustedProxies::parse(&text).map_err(|problem| {
                bad(
                    "PICAP_TRUSTED_PROXIES",
                    format!("{problem}; list addresses or ranges such as 10.0.0.0/8, ::1"),
                )
            })?,
            None => TrustedProxies::default(),
        };
        let trusted_proxies = match get("PICAP_FORWARDED_HEADER") {
            Some(text) => trusted_proxies.reading(
                app::auth::client_addr::ForwardedHeader::parse(&text)
                    .map_err(|problem| bad("PICAP_FORWARDED_HEADER", problem))?,
            ),
            None => trusted_proxies,
        };

        let files_dir = get("PICAP_FILES_DIR")
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .map_or_else(
                || std::path::PathBuf::from("data/files"),
                std::path::PathBuf::from,
            );
        let max_upload_bytes = match get("PICAP_MAX_UPLOAD_MB") {
            Some(text) => match text.trim().parse::<usize>() {
                Ok(mb @ 1..=1024) => mb * 1024 * 1024,
                _ => {
                    return Err(bad(
                        "PICAP_MAX_UPLOAD_MB",
                        format!("'{text}' is not a whole number of megabytes from 1 to 1024"),
                    ));
                }
            },
            None => 20 * 1024 * 1024,
        };

        Ok(Config {
            files_dir,
            max_upload_bytes,
            database_url,
            addr,
            public_url,
            smtp_url,
            mail_from,
            site_root,
            ip_rate_limit,
            trusted_proxies,
            mail: MailTimings::default(),
        })
    }

    /// The engine named by `DATABASE_URL`.
    pub fn engine(&self) -> app::db::Engine {
        app::db::Engine::from_url(&self.database_url).unwrap_or(app::db::Engine::Sqlite)
    }

    /// Whether people reach the site over https: cookies are then `Secure` and browsers are
    /// told to keep to https (HSTS).
    pub fn https(&self) -> bool {
        self.public_url.scheme() == "https"
    }

    /// The folder holding the built site.
    pub fn site_root_path(&self) -> PathBuf {
        PathBuf::from(&self.site_root)
    }
}

/// A URL with its password replaced, for logs.
pub fn redact_url(text: &str) -> String {
    match Url::parse(text) {
        Ok(mut url) => {
            if url.password().is_some() {
                let _ = url.set_password(Some("***"));
            }
            url.to_string()
        }
        Err(_) => "<unparseable>".to_string(),
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &redact_url(&self.database_url))
            .field("addr", &self.addr)
            .field("public_url", &self.public_url.as_str())
            .field("smtp_url", &self.smtp_url.as_deref().map(redact_url))
            .field("mail_from", &self.mail_from.to_string())
            .field("site_root", &self.site_root)
            .field("ip_rate_limit", &self.ip_rate_limit)
            .field("files_dir", &self.files_dir)
            .field("max_upload_bytes", &self.max_upload_bytes)
            .field(
                "trusted_proxies",
                &self
                    .trusted_proxies
                    .ranges()
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn defaults_need_no_environment() {
        let c = config(&[]).expect("defaults are valid");
        assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.public_url.as_str(), "http://127.0.0.1:3000/");
        assert!(c.smtp_url.is_none());
        assert_eq!(c.mail_from.email.to_string(), "no-reply@127.0.0.1");
    }

    #[test]
    fn each_bad_value_names_its_variable() {
        let cases: &[(&str, &str)] = &[
            ("DATABASE_URL", "mysql://root@localhost/picap"),
            ("PICAP_ADDR", "localhost"),
            ("PICAP_ADDR", "127.0.0.1:99999"),
            ("PICAP_PUBLIC_URL", "not a url"),
            ("PICAP_PUBLIC_URL", "ftp://picap.example.org"),
            ("SMTP_URL", "relay.example.org"),
            ("SMTP_URL", "http://relay.example.org"),
            ("PICAP_MAIL_FROM", "not an address"),
            ("PICAP_TRUSTED_PROXIES", "10.0.0.1, proxy.internal"),
            ("PICAP_TRUSTED_PROXIES", "10.0.0.0/40"),
        ];
        for (variable, value) in cases {
            let err = config(&[(variable, value)]).expect_err(value);
            assert_eq!(err.variable, *variable, "{value}");
            assert!(err.to_string().starts_with(variable), "{err}");
        }
    }

    #[test]
    fn secrets_are_redacted_in_debug_and_errors() {
        let c = config(&[
            (
                "DATABASE_URL",
                "postgres://picap:s3cret-db@db.internal/picap",
            ),
            (
                "SMTP_URL",
                "smtp://mailer:s3cret-smtp@relay.example.org:587?tls=required",
            ),
        ])
        .expect("valid");
        let shown = format!("{c:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("db.internal"), "{shown}");
        let err = config(&[("SMTP_URL", "ftp://u:s3cret@x")]).expect_err("bad scheme");
        assert!(!err.to_string().contains("s3cret"));
    }

    #[test]
    fn trusted_proxies_are_parsed_at_start() {
        let c = config(&[("PICAP_TRUSTED_PROXIES", "10.0.0.0/8, 2001:db8::1")]).expect("valid");
        assert_eq!(c.trusted_proxies.ranges().len(), 2);
        assert!(c.trusted_proxies.trusts("10.9.8.7".parse().expect("ip")));
        assert!(
            config(&[])
                .expect("valid")
                .trusted_proxies
                .ranges()
                .is_empty()
        );
        let err = config(&[("PICAP_TRUSTED_PROXIES", "proxy.internal")]).expect_err("a name");
        assert!(err.to_string().contains("proxy.internal"), "{err}");
    }

    #[test]
    fn postgres_and_public_url_are_accepted() {
        let c = config(&[
            (
                "DATABASE_URL",
                "postgres://postgres@127.0.0.1:5432/picap_dev",
            ),
            ("PICAP_PUBLIC_URL", "https://picap.example.org"),
            ("PICAP_MAIL_FROM", "PICAP <training@picap.example.org>"),
        ])
        .expect("valid");
        assert_eq!(c.engine(), app::db::Engine::Postgres);
        assert_eq!(c.public_url.scheme(), "https");
        assert_eq!(c.mail_from.email.to_string(), "training@picap.example.org");
    }
}
