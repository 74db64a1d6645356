//! Settings of this deployment that services need: where people reach it, how hard to throttle,
//! and the clock every time-dependent rule reads. The server builds them from its configuration
//! and state, and provides them as context.

/// Deployment settings for services and server functions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site {
    /// The public address, without a trailing slash, for links in emails.
    pub public_url: String,
    /// Sign-in, registration and reset attempts per client address per minute; 0 is no limit.
    pub ip_rate_limit: u32,
    /// The largest lesson attachment accepted, in bytes (`PICAP_MAX_UPLOAD_MB`).
    pub max_upload_bytes: usize,
    /// The application's clock (see [`crate::clock`]).
    #[cfg(feature = "ssr")]
    pub clock: crate::clock::Clock,
}

impl Default for Site {
    fn default() -> Self {
        Site {
            public_url: "http://127.0.0.1:3000".to_string(),
            ip_rate_limit: 0,
            max_upload_bytes: 20 * 1024 * 1024,
            #[cfg(feature = "ssr")]
            clock: crate::clock::Clock::system(),
        }
    }
}

impl Site {
    /// The current time by the application's clock.
    #[cfg(feature = "ssr")]
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// Today's date (UTC) by the application's clock.
    #[cfg(feature = "ssr")]
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }

    /// An absolute link to `path` (which starts with `/`).
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.public_url.trim_end_matches('/'))
    }
}
