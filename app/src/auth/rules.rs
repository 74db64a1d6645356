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
