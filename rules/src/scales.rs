//! The AVPU ↔ GCS crosswalk (`data/scales/avpu_gcs_crosswalk.toml`): read by the triage rules
//! (an AVPU derived from a GCS) and by the scores (the AVPU a GCS range maps to). Compiled into
//! a static (`build/tables.rs`), built into its schema's type on first use: no JSON parse.

use crate::content::{Evidence, RawHeader, cited, headed, named};
use crate::record::Avpu;
use serde::Deserialize;
use std::sync::OnceLock;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CrosswalkBand {
    pub(crate) avpu: Avpu,
    pub(crate) gcs_min: u8,
    pub(crate) gcs_max: u8,
}

#[derive(Debug, PartialEq, Deserialize)]
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

/// The file as `build.rs` compiles it in (`crosswalk_static.rs`).
struct RawCrosswalk {
    header: RawHeader,
    bands: &'static [RawCrosswalkBand],
}

struct RawCrosswalkBand {
    avpu: &'static str,
    gcs_min: u8,
    gcs_max: u8,
}

// `CROSSWALK`.
include!(concat!(env!("OUT_DIR"), "/crosswalk_static.rs"));

impl RawCrosswalk {
    fn file(&self) -> Crosswalk {
        headed!(
            self.header,
            Crosswalk {
                bands: self
                    .bands
                    .iter()
                    .map(|b| CrosswalkBand {
                        avpu: named(b.avpu, self.header.id),
                        gcs_min: b.gcs_min,
                        gcs_max: b.gcs_max,
                    })
                    .collect(),
            }
        )
    }
}

pub(crate) fn crosswalk() -> &'static Crosswalk {
    static C: OnceLock<Crosswalk> = OnceLock::new();
    C.get_or_init(|| CROSSWALK.file())
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

#[cfg(test)]
mod tests {
    /// The static is the data file read by its serde schema, band by band.
    #[test]
    fn the_compiled_crosswalk_is_the_data_file_read_by_its_schema() {
        let read: super::Crosswalk = crate::content::compiled_json("scales/avpu_gcs_crosswalk");
        assert_eq!(super::CROSSWALK.file(), read);
        assert!(!read.bands.is_empty());
    }
}
