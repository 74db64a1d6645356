//! The `picap` command line.

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
    /// Load a large synthetic catalog for load tests (bench/catalog.sh); never for real data.
    BenchSeed {
        /// How many modules.
        #[arg(long, default_value_t = 5000)]
        modules: usize,
        /// How many offerings.
        #[arg(long, default_value_t = 20000)]
        offerings: usize,
    },
    /// Load trainees with known session tokens and open offerings for bench/enrollment.sh,
    /// printing the offerings' ids; never for real data.
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
    /// Check the enrolment invariants of every offering (after bench/enrollment.sh).
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
}
