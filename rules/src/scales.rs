//! The AVPU ↔ GCS crosswalk (`data/scales/avpu_gcs_crosswalk.toml`): read by the triage rules
//! (an AVPU derived from a GCS) and by the scores (the AVPU a GCS range maps to), from one parse.

use crate::content::{self, Evidence, cited};
use crate::record::Avpu;
use serde::Deserialize;
use std::sync::OnceLock;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CrosswalkBand {
    pub(crate) avpu: Avpu,
    pub(crate) gcs_min: u8,
    pub(crate) gcs_max: u8,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Crosswalk {
    pub(crate) id: String,
    pub(crate) version: u32,
    pub(crate) source: String,
    pub(crate) reference_section: String,
    pub(crate) evidence: Evidence,
    pub(crate) bands: Vec<CrosswalkBand>,
}

cited!(Crosswalk);

pub(crate) const FILE: &str = "scales/avpu_gcs_crosswalk";

pub(crate) fn crosswalk() -> &'static Crosswalk {
    static C: OnceLock<Crosswalk> = OnceLock::new();
    C.get_or_init(|| content::load(FILE))
}

impl Crosswalk {
    /// The AVPU a GCS maps to; `None` outside 3–15.
    pub(crate) fn avpu_of_gcs(&self, gcs: u8) -> Option<Avpu> {
        self.bands
            .iter()
            .find(|b| (b.gcs_min..=b.gcs_max).contains(&gcs))
            .map(|b| b.avpu)
    }
}
