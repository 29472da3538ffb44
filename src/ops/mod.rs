//! One module per command. Operations take options and return data or a planned change set;
//! they never print, prompt or exit.

pub mod containers;
pub mod init;
pub mod list;
pub mod show;
pub mod validate;
