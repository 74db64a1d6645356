//! The `picap` command line.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// PICAP, the training management system of the Inter-American Police Training Program.
#[derive(Debug, Parser)]
#[command(name = "picap", version, about)]
pub struct Cli {
    /// What to do; `serve` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand, PartialEq, Eq)]
pub enum Command {
    /// Migrate the database, then serve the site and the API.
    Serve,
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Load the demo data into an empty database and print the demo accounts.
    SeedDemo,
    /// Create an administrator (password from PICAP_ADMIN_PASSWORD, or read from standard input).
    CreateAdmin {
        /// The administrator's email address.
        #[arg(long)]
        email: String,
        /// The administrator's full name.
        #[arg(long, default_value = "PICAP Administrator")]
        name: String,
    },
    /// Show the mail outbox: pending, sent and failed counts, and the latest failures.
    MailStatus,
    /// Write a consistent backup (database, file store) to FILE; safe while the server runs.
    Backup {
        /// The archive to write (a tar file; replaced if it exists).
        file: PathBuf,
    },
    /// Restore a backup made by `picap backup`, then migrate it up to date. Stop the server
    /// first.
    Restore {
        /// The archive to read.
        file: PathBuf,
        /// Replace a database that holds data (otherwise refused).
        #[arg(long)]
        force: bool,
    },
    /// Load a large synthetic catalog for load tests (bench/catalog.sh); never for real data.
    /// Only in builds with the `bench` feature.
    #[cfg(feature = "bench")]
    BenchSeed {
        /// How many modules.
        #[arg(long, default_value_t = 5000)]
        modules: usize,
        /// How many offerings.
        #[arg(long, default_value_t = 20000)]
        offerings: usize,
    },
    /// Load trainees with known session tokens and open offerings for bench/enrollment.sh,
    /// printing the offerings' ids; never for real data. Only in builds with the `bench`
    /// feature: anyone who reads bench/ knows the sessions' tokens.
    #[cfg(feature = "bench")]
    BenchSeedEnrollment {
        /// How many trainees.
        #[arg(long, default_value_t = 20000)]
        trainees: usize,
        /// How many offerings.
        #[arg(long, default_value_t = 20)]
        offerings: usize,
        /// Seats per offering.
        #[arg(long, default_value_t = 30)]
        capacity: i32,
    },
    /// Load a distance course under way (20 lessons) and trainees enrolled in it, each with a
    /// known session token (`bench-learner-{n}`), for bench/lessons.sh; prints the first
    /// trainee's enrolment id and a lesson id. Only in builds with the `bench` feature.
    #[cfg(feature = "bench")]
    BenchSeedLearning {
        /// How many trainees.
        #[arg(long, default_value_t = 50)]
        trainees: usize,
    },
    /// Load the course of `bench-seed-learning`, a quiz of ten questions and an attempt in
    /// progress for every trainee, for bench/quizzes.sh; prints the first trainee's enrolment
    /// id and attempt id. Only in builds with the `bench` feature.
    #[cfg(feature = "bench")]
    BenchSeedQuiz {
        /// How many trainees.
        #[arg(long, default_value_t = 50)]
        trainees: usize,
    },
    /// Check the enrolment invariants of every offering: seats within capacity and equal to
    /// the enrolled count, waiting lists numbered without gaps (after a load, a crash or a
    /// restore).
    BenchCheckEnrollment,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serve_is_the_default() {
        let cli = Cli::try_parse_from(["picap"]).expect("parses");
        assert_eq!(cli.command, None);
        let cli =
            Cli::try_parse_from(["picap", "create-admin", "--email", "a@b.org"]).expect("parses");
        assert!(
            matches!(cli.command, Some(Command::CreateAdmin { ref email, .. }) if email == "a@b.org")
        );
        assert!(
            Cli::try_parse_from(["picap", "create-admin"]).is_err(),
            "--email is required"
        );
    }

    #[test]
    fn restore_overwrites_data_only_when_forced() {
        let cli = Cli::try_parse_from(["picap", "restore", "b.tar"]).expect("parses");
        assert_eq!(
            cli.command,
            Some(Command::Restore {
                file: PathBuf::from("b.tar"),
                force: false
            })
        );
        let cli = Cli::try_parse_from(["picap", "restore", "--force", "b.tar"]).expect("parses");
        assert!(matches!(
            cli.command,
            Some(Command::Restore { force: true, .. })
        ));
    }

    /// A build without the `bench` feature (`cargo build --release`, `make dist`) has no command
    /// that creates sessions with known tokens. Test builds switch the feature on (see
    /// server/Cargo.toml), so this checks the switch itself; `picap --help` of a release build
    /// shows the rest.
    #[test]
    fn the_seeders_exist_only_with_the_bench_feature() {
        let seeders = [
            vec!["picap", "bench-seed"],
            vec!["picap", "bench-seed-enrollment", "--trainees", "1"],
            vec!["picap", "bench-seed-learning", "--trainees", "1"],
            vec!["picap", "bench-seed-quiz", "--trainees", "1"],
        ];
        for args in seeders {
            assert_eq!(
                Cli::try_parse_from(&args).is_ok(),
                cfg!(feature = "bench"),
                "{args:?}"
            );
        }
    }
}
