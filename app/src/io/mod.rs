//! Browser I/O: the only layer that talks to the browser's storage, files, clock, crypto and
//! page life cycle. It knows nothing of patients or screens; `state` decides what is stored.

pub mod camera;
pub mod clock;
pub mod crypto;
pub mod download;
pub mod fault;
pub mod files;
pub mod location;
pub mod pixels;
pub mod storage;
