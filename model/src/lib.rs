//! Appendicitis risk model for the abdominal-pain complaint.
//!
//! Owns the feature encoding (the same code in training and in the browser), the burn
//! network, training, calibration, uncertainty and explanation. Knows nothing of Leptos.
//!
//! The app calls [`AppendicitisModel::shipped`] once and [`AppendicitisModel::estimate`] per
//! child, with an [`AppendicitisInputs`] filled from its form:
//!
//! ```
//! use model::{AppendicitisInputs, AppendicitisModel};
//! let model = AppendicitisModel::shipped().expect("shipped weights");
//! let child = AppendicitisInputs {
//!     age_years: Some(10.0),
//!     migratory_pain: Some(true),
//!     rlq_tenderness: Some(true),
//!     nausea_vomiting: Some(true),
//!     anorexia: Some(false),
//!     temperature_c: Some(38.0),
//!     cough_hop_pain: Some(true),
//!     ..Default::default()
//! };
//! let e = model.estimate(&child);
//! assert!((0.0..=1.0).contains(&e.calibrated));
//! match &e.abstain {
//!     None => println!("{:.0} % (members {:.2}–{:.2})", 100.0 * e.calibrated, e.interval.0, e.interval.1),
//!     Some(reason) => println!("no estimate: {reason}"),
//! }
//! for c in e.contributions.iter().take(3) {
//!     println!("{}: {:+.3}", c.field, c.delta);
//! }
//! ```
#![allow(deprecated)] // burn 0.22 marks the NdArray device deprecated ("use flex"); flex is not yet what we ship.

pub mod appendicitis;
pub mod encoding;
pub mod from_record;
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
