//! Pure sign-in rules: lockout and session lifetimes (ASVS V2.2, V3.3).

use std::time::Duration;

/// Failed sign-ins counted together when they fall within this window.
pub const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Failures in one window after which the account is locked.
pub const LOCKOUT_THRESHOLD: i32 = 5;
/// The longest lockout.
pub const MAX_LOCKOUT: Duration = Duration::from_secs(15 * 60);
/// A session unused this long has ended.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30 * 60);
/// A session ends this long after sign-in, however active.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::from_secs(12 * 60 * 60);

/// How long the account is locked after its `failures`-th failure in a window: none below the
/// threshold, then one minute, doubling with each further failure, at most fifteen minutes.
pub fn lockout_after(failures: i32) -> Option<Duration> {
    if failures < LOCKOUT_THRESHOLD {
        return None;
    }
    let doublings = (failures - LOCKOUT_THRESHOLD).clamp(0, 10) as u32;
    Some(Duration::from_secs(60 << doublings).min(MAX_LOCKOUT))
}

/// The failure count after one more failure, when the previous `failures` ended
/// `since_last` ago: a window that is over starts again at one.
pub fn failures_after(failures: i32, since_last: Duration) -> i32 {
    if failures > 0 && since_last < FAILURE_WINDOW {
        failures.saturating_add(1)
    } else {
        1
    }
}

/// Reset emails one person may be sent in an hour, whoever asks: more requests are answered
/// the same way but send nothing, so nobody can flood a mailbox through the form.
pub const RESET_MAILS_PER_HOUR: u64 = 3;

/// Whether another reset email may go to a person who was sent `sent_last_hour` in the past
/// hour.
pub fn may_mail_reset(sent_last_hour: u64) -> bool {
    sent_last_hour < RESET_MAILS_PER_HOUR
}

/// Whether a session created at `created` and last used at `last_seen` is still valid at `now`
/// (all in seconds since an epoch).
pub fn session_alive(created: i64, last_seen: i64, now: i64) -> bool {
    now - last_seen < IDLE_TIMEOUT.as_secs() as i64
        && now - created < ABSOLUTE_TIMEOUT.as_secs() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lockout_table() {
        let cases = [
            (0, None),
            (4, None),
            (5, Some(60)),
            (6, Some(120)),
            (7, Some(240)),
            (8, Some(480)),
            (9, Some(900)),
            (50, Some(900)),
        ];
        for (failures, seconds) in cases {
            assert_eq!(
                lockout_after(failures).map(|d| d.as_secs()),
                seconds,
                "{failures}"
            );
        }
    }

    #[test]
    fn failure_count_table() {
        let minute = Duration::from_secs(60);
        let cases = [
            (0, Duration::ZERO, 1),
            (1, minute, 2),
            (4, 14 * minute, 5),
            (4, 15 * minute, 1),
            (7, 60 * minute, 1),
            (i32::MAX, minute, i32::MAX),
        ];
        for (failures, since, expected) in cases {
            assert_eq!(
                failures_after(failures, since),
                expected,
                "{failures} {since:?}"
            );
        }
    }

    #[test]
    fn reset_mail_table() {
        let cases = [(0, true), (2, true), (3, false), (40, false)];
        for (sent, allowed) in cases {
            assert_eq!(may_mail_reset(sent), allowed, "{sent}");
        }
    }

    #[test]
    fn session_lifetime_table() {
        let minute = 60;
        let hour = 60 * minute;
        let cases = [
            (0, 0, 0, true),
            (0, 0, 29 * minute, true),
            (0, 0, 30 * minute, false),
            (0, 11 * hour, 11 * hour + 29 * minute, true),
            (0, 11 * hour + 50 * minute, 12 * hour, false),
            (0, 12 * hour, 12 * hour + minute, false),
        ];
        for (created, seen, now, alive) in cases {
            assert_eq!(
                session_alive(created, seen, now),
                alive,
                "{created} {seen} {now}"
            );
        }
    }
}

/// A short description of a browser from its `User-Agent`, such as `Firefox 133 · Windows`,
/// so that a person recognises their own devices in "My sessions". Unknown agents are shown
/// shortened as they are.
pub fn browser_summary(user_agent: &str) -> String {
    let version_after = |marker: &str| {
        user_agent.split(marker).nth(1).map(|rest| {
            rest.split(|c: char| !c.is_ascii_digit())
                .next()
                .unwrap_or_default()
                .to_string()
        })
    };
    // Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
    let browsers = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Version/", "Safari"),
    ];
    let browser = browsers.iter().find_map(|(marker, name)| {
        version_after(marker).map(|version| format!("{name} {version}"))
    });
    let systems = [
        ("Windows", "Windows"),
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("CrOS", "ChromeOS"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ];
    let system = systems
        .iter()
        .find(|(marker, _)| user_agent.contains(marker))
        .map(|(_, name)| *name);
    match (browser, system) {
        (Some(browser), Some(system)) => format!("{browser} · {system}"),
        (Some(browser), None) => browser,
        _ => user_agent.chars().take(60).collect(),
    }
}

#[cfg(test)]
mod browser_tests {
    use super::browser_summary;

    #[test]
    fn browsers_are_named_as_people_know_them() {
        let cases: &[(&str, &str)] = &[
            (
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36",
                "Chrome 156 · Linux",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
                "Firefox 133 · Windows",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86",
                "Edge 131 · Windows",
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
                "Safari 18 · iOS",
            ),
            (
                "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
                "Chrome 131 · Android",
            ),
            ("curl/8.5.0", "curl/8.5.0"),
        ];
        for (agent, expected) in cases {
            assert_eq!(browser_summary(agent), *expected, "{agent}");
        }
    }
}
