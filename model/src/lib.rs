//! Appendicitis risk model for the abdominal-pain complaint.
//!
//! Owns the feature encoding (the same code in training and in the browser), the burn
//! network, training, calibration, uncertainty and explanation. Knows nothing of Leptos.
#![allow(deprecated)] // burn 0.22 marks the NdArray device deprecated ("use flex"); flex is not yet what we ship.

pub mod network;

pub use network::Mlp;
