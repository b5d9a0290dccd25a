//! The `salesd` binary's library half: configuration and the commands,
//! so the end-to-end tests drive exactly what the binary runs.

pub mod app;
pub mod commands;
pub mod config;
