//! Structured logs through `tracing`, filtered by `RUST_LOG`.

use std::borrow::Cow;

use tracing_subscriber::{EnvFilter, fmt, prelude::*};

/// A request path as logs may show it. A private calendar feed's address is its own key
/// (whoever has it reads the person's sessions), so its token is masked; other paths carry no
/// secret (reset tokens travel in the query, which is never logged).
pub fn loggable_path(path: &str) -> Cow<'_, str> {
    match path.strip_prefix("/calendar/") {
        Some(file) if !file.is_empty() => {
            let extension = file
                .rsplit_once('.')
                .map(|(_, extension)| format!(".{extension}"))
                .unwrap_or_default();
            Cow::Owned(format!("/calendar/***{extension}"))
        }
        _ => Cow::Borrowed(path),
    }
}

/// Installs the global subscriber. Defaults to `info` for PICAP and `warn` for the libraries,
/// whose statement logs would otherwise drown the rest.
pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,tower_http=info"));
    // A second call (tests spawn many servers in one process) is harmless.
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(
            fmt::layer()
                .with_target(true)
                .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr())),
        )
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::loggable_path;

    #[test]
    fn feed_tokens_never_reach_the_logs() {
        let cases = [
            ("/calendar/3f9a0c1d2e.ics", "/calendar/***.ics"),
            ("/calendar/3f9a0c1d2e", "/calendar/***"),
            ("/calendar/", "/calendar/"),
            ("/catalog", "/catalog"),
            ("/offerings/7/calendar.ics", "/offerings/7/calendar.ics"),
            ("/reset-password", "/reset-password"),
        ];
        for (path, logged) in cases {
            assert_eq!(loggable_path(path), logged, "{path}");
        }
    }
}
