//! Appendicitis risk model for the abdominal-pain complaint.
//!
//! Owns the feature encoding (the same code in training and in the browser), the burn
//! network, training, calibration, the prediction set with its error bound, uncertainty and
//! explanation. Knows nothing of Leptos.
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
//! println!("setting: {}, set: {}", e.setting.name(), e.prediction_set.as_str());
//! // The probability is reachable only through an answer (a single-label set).
//! match (e.answer(), &e.refusal) {
//!     (Some(a), _) => {
//!         assert!((0.0..=1.0).contains(&a.probability));
//!         println!("{:?}: {:.0} % (members {:.2}–{:.2})", a.label, 100.0 * a.probability, a.interval.0, a.interval.1);
//!         for c in a.contributions.iter().take(3) {
//!             println!("{}: {:+.3}", c.field, c.delta);
//!         }
//!     }
//!     (None, Some(r)) => println!("no answer: {} (next: {:?})", r.reason, r.next),
//!     (None, None) => unreachable!("a refusal always has its reason"),
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
pub mod selective;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
#[cfg(not(target_arch = "wasm32"))]
pub mod data;
#[cfg(not(target_arch = "wasm32"))]
pub mod train;

pub use appendicitis::{
    AbstainReason, Answer, AppendicitisModel, Contribution, Estimate, ModelError, ModelMeta,
    NextStep, Numbers, Refusal,
};
pub use encoding::{Encoder, Group};
pub use inputs::{
    AppendicitisInputs, PerforationSign, Perfusion, Peritonitis, Sex, Stool, WallLayers,
};
pub use network::{Ensemble, Mlp};
pub use selective::{Label, PredictionSet, Setting};
