//! The project formats sidecarctl reads besides its own layout (SPEC §6).

pub mod kubernetes;
