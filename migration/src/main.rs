//! `cargo run -p migration -- <command>`: the sea-orm-migration command line
//! (`up`, `down`, `status`, `fresh`, `generate NAME`), reading `DATABASE_URL`.

use sea_orm_migration::prelude::*;

#[tokio::main]
async fn main() {
    cli::run_cli(migration::Migrator).await;
}
