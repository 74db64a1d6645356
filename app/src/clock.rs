//! The application's one clock.
//!
//! Every rule that depends on the time (enrolment windows, held quota seats, session lifetimes,
//! lockouts, due jobs) reads it from here, never from the system directly, so a test can move
//! time and watch the rules react. The server holds one `Clock` in its state and hands it to
//! services through [`crate::site::Site`].
//!
//! A production binary only ever builds [`Clock::system`]. The settable clock exists only when
//! the crate is compiled with the `test-clock` feature, which only the server's tests enable (a
//! dev-dependency): there is no environment variable, flag or request that moves the time.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

/// Where the current time comes from; cheap to clone (clones share the source).
#[derive(Clone, Debug)]
pub struct Clock {
    source: Arc<Source>,
}

#[derive(Debug)]
enum Source {
    /// The operating system's clock.
    System,
    /// A time the test sets and moves.
    #[cfg(feature = "test-clock")]
    Manual(std::sync::Mutex<DateTime<Utc>>),
}

impl Clock {
    /// The system clock: what every production server runs on.
    pub fn system() -> Clock {
        Clock {
            source: Arc::new(Source::System),
        }
    }

    /// The current time.
    pub fn now(&self) -> DateTime<Utc> {
        match self.source.as_ref() {
            Source::System => Utc::now(),
            #[cfg(feature = "test-clock")]
            Source::Manual(at) => *at.lock().unwrap_or_else(|e| e.into_inner()),
        }
    }

    /// Today's date in UTC, the calendar that enrolment windows and offering dates use.
    pub fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }

    /// Whether the time is fixed by a test rather than read from the system.
    pub fn is_manual(&self) -> bool {
        match self.source.as_ref() {
            Source::System => false,
            #[cfg(feature = "test-clock")]
            Source::Manual(_) => true,
        }
    }
}

#[cfg(feature = "test-clock")]
impl Clock {
    /// A clock stopped at `at`, moved only by [`Clock::set`] and [`Clock::advance`].
    pub fn manual(at: DateTime<Utc>) -> Clock {
        Clock {
            source: Arc::new(Source::Manual(std::sync::Mutex::new(at))),
        }
    }

    /// Moves a manual clock to `at`. The system clock cannot be moved: this does nothing there.
    pub fn set(&self, at: DateTime<Utc>) {
        if let Source::Manual(now) = self.source.as_ref() {
            *now.lock().unwrap_or_else(|e| e.into_inner()) = at;
        }
    }

    /// Moves a manual clock forward by `by`.
    pub fn advance(&self, by: chrono::Duration) {
        if let Source::Manual(now) = self.source.as_ref() {
            let mut now = now.lock().unwrap_or_else(|e| e.into_inner());
            *now += by;
        }
    }
}

/// Two handles are equal when they read the same source.
impl PartialEq for Clock {
    fn eq(&self, other: &Clock) -> bool {
        Arc::ptr_eq(&self.source, &other.source)
    }
}

impl Eq for Clock {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_system_clock_reads_the_system_time() {
        let clock = Clock::system();
        let before = Utc::now();
        let read = clock.now();
        assert!(read >= before && read <= Utc::now());
        assert!(!clock.is_manual());
    }

    #[cfg(feature = "test-clock")]
    #[test]
    fn a_manual_clock_moves_only_when_told_and_its_clones_follow() {
        let start = DateTime::parse_from_rfc3339("2027-03-01T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let clock = Clock::manual(start);
        let clone = clock.clone();
        assert_eq!(clock.now(), start);
        clock.advance(chrono::Duration::days(2));
        assert_eq!(clone.today().to_string(), "2027-03-03");
        assert_eq!(clock, clone);
        assert_ne!(clock, Clock::system());
    }
}
