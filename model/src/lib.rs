//! Appendicitis risk model for the abdominal-pain complaint.
//!
//! Owns the feature encoding (the same code in training and in the browser), the burn
//! network, training, calibration, uncertainty and explanation. Knows nothing of Leptos.
//!
//! The app calls [`AppendicitisModel::shipped`] once and [`AppendicitisModel::estimate`] per
//! child, with an [`AppendicitisInputs`] filled from its form.
#![allow(deprecated)] // burn 0.22 marks the NdArray device deprecated ("use flex"); flex is not yet what we ship.

pub mod appendicitis;
pub mod encoding;
pub mod inputs;
pub mod metrics;
pub mod network;
pub mod rng;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
#[cfg(not(target_arch = "wasm32"))]
pub mod data;
#[cfg(not(target_arch = "wasm32"))]
pub mod train;

pub use appendicitis::{
    AbstainReason, AppendicitisModel, Contribution, Estimate, ModelError, ModelMeta,
};
pub use encoding::{Encoder, Group};
pub use inputs::{
    AppendicitisInputs, PerforationSign, Perfusion, Peritonitis, Sex, Stool, WallLayers,
};
pub use network::{Ensemble, Mlp};
