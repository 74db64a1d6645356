//! Integration tests: the real router on port 0, a fresh database on SQLite and on PostgreSQL
//! for every test, and a real SMTP server in-process.

#[macro_use]
mod helpers;
mod smtp_sink;

mod account_security;
mod accounts;
mod administration;
mod agencies;
mod attachments;
mod attendance;
mod auth;
mod authorization_fixtures;
mod authorization_matrix;
mod backup;
mod catalog;
mod cli;
mod codes;
mod contract;
mod crash;
mod database;
mod enrollment;
mod health;
mod import;
mod jobs;
mod learning;
mod lookalikes;
mod membership;
mod offerings;
mod outbox;
mod pages;
mod passwords;
mod practical_tests;
mod quizzes;
mod registration;
mod route_inventory;
mod scholarships;
mod security;
mod standing;
mod trust;
mod users;
