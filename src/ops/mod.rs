//! One module per command. Operations take options and return data or a planned change set;
//! they never print, prompt or exit.

pub mod clone;
pub mod containers;
pub mod create;
pub mod delete;
pub mod edit;
pub mod init;
pub mod list;
pub mod marketplace;
pub mod plan;
pub mod services;
pub mod show;
pub mod validate;
