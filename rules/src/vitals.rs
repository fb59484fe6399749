//! Age-banded normal ranges of heart rate and respiratory rate (Fleming 2011 centiles). The
//! table is compiled into a static (`build/tables.rs`), built into its schema's type on first
//! use: no JSON parse.

use crate::age::Age;
use crate::content::{Cited, Evidence, RawHeader, SourceRef, cited, headed};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

#[derive(Debug, PartialEq, Deserialize)]
struct CentileBand {
    from_months: u32,
    to_months: u32,
    values: Vec<u16>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct CentileTable {
    id: String,
    version: u32,
    source: String,
    reference_section: String,
    evidence: Evidence,
    centiles: Vec<u8>,
    central_range: [u8; 2],
    extreme_range: [u8; 2],
    heart_rate_per_min: Vec<CentileBand>,
    respiratory_rate_per_min: Vec<CentileBand>,
}

cited!(CentileTable);

/// The table as `build.rs` compiles it in (`centiles_static.rs`).
struct RawCentileTable {
    header: RawHeader,
    centiles: &'static [u8],
    central_range: [u8; 2],
    extreme_range: [u8; 2],
    heart_rate_per_min: &'static [RawCentileBand],
    respiratory_rate_per_min: &'static [RawCentileBand],
}

struct RawCentileBand {
    from_months: u32,
    to_months: u32,
    values: &'static [u16],
}

// `CENTILES`.
include!(concat!(env!("OUT_DIR"), "/centiles_static.rs"));

impl RawCentileTable {
    fn table(&self) -> CentileTable {
        let bands = |bands: &[RawCentileBand]| {
            bands
                .iter()
                .map(|b| CentileBand {
                    from_months: b.from_months,
                    to_months: b.to_months,
                    values: b.values.to_vec(),
                })
                .collect()
        };
        headed!(
            self.header,
            CentileTable {
                centiles: self.centiles.to_vec(),
                central_range: self.central_range,
                extreme_range: self.extreme_range,
                heart_rate_per_min: bands(self.heart_rate_per_min),
                respiratory_rate_per_min: bands(self.respiratory_rate_per_min),
            }
        )
    }
}

fn fleming() -> &'static CentileTable {
    static TABLE: OnceLock<CentileTable> = OnceLock::new();
    TABLE.get_or_init(|| CENTILES.table())
}

/// One vital sign's centiles for an age band.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CentileRange {
    /// Band start, inclusive, in months.
    pub from_months: u32,
    /// Band end, exclusive, in months.
    pub to_months: u32,
    /// Pairs of (centile, value per minute), in increasing centile.
    pub centiles: Vec<(u8, u16)>,
}

impl CentileRange {
    /// Value at a centile listed in the source table.
    pub fn at(&self, centile: u8) -> Option<u16> {
        self.centiles
            .iter()
            .find(|(c, _)| *c == centile)
            .map(|(_, v)| *v)
    }

    /// The values at a pair of centiles (low, high), such as [`VitalRanges::central_centiles`].
    pub fn between(&self, [low, high]: [u8; 2]) -> Option<(u16, u16)> {
        Some((self.at(low)?, self.at(high)?))
    }
}

/// Normal heart- and respiratory-rate ranges for one age, with their source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VitalRanges {
    pub heart_rate_per_min: CentileRange,
    pub respiratory_rate_per_min: CentileRange,
    /// The centiles (low, high) of the range shown as the usual one for the age, and of the
    /// wider one: the data's choice, not the screen's.
    pub central_centiles: [u8; 2],
    pub extreme_centiles: [u8; 2],
    pub source: SourceRef,
}

fn band_for(bands: &[CentileBand], months: u32, centiles: &[u8]) -> Option<CentileRange> {
    bands
        .iter()
        .find(|b| (b.from_months..b.to_months).contains(&months))
        .map(|b| CentileRange {
            from_months: b.from_months,
            to_months: b.to_months,
            centiles: centiles
                .iter()
                .copied()
                .zip(b.values.iter().copied())
                .collect(),
        })
}

/// Centile ranges for a child's age. `None` from 18 years on, where the table ends.
pub fn centile_ranges_for_age(age: Age) -> Option<VitalRanges> {
    let table = fleming();
    let months = age.whole_months();
    Some(VitalRanges {
        heart_rate_per_min: band_for(&table.heart_rate_per_min, months, &table.centiles)?,
        respiratory_rate_per_min: band_for(
            &table.respiratory_rate_per_min,
            months,
            &table.centiles,
        )?,
        central_centiles: table.central_range,
        extreme_centiles: table.extreme_range,
        source: table.source_ref(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranges_at_months(m: u32) -> Option<VitalRanges> {
        centile_ranges_for_age(Age::from_months(f64::from(m)).unwrap())
    }

    /// The static is the data file read by its serde schema, band by band.
    #[test]
    fn the_compiled_centile_table_is_the_data_file_read_by_its_schema() {
        let read: CentileTable = crate::content::compiled_json("vital_signs/fleming_2011");
        assert_eq!(CENTILES.table(), read);
        assert!(!read.heart_rate_per_min.is_empty());
    }

    #[test]
    fn table_is_well_formed() {
        let t = fleming();
        assert_eq!(t.centiles, vec![1, 10, 25, 50, 75, 90, 99]);
        for bands in [&t.heart_rate_per_min, &t.respiratory_rate_per_min] {
            assert_eq!(bands.first().unwrap().from_months, 0);
            assert_eq!(bands.last().unwrap().to_months, 216);
            for pair in bands.windows(2) {
                assert_eq!(
                    pair[0].to_months, pair[1].from_months,
                    "bands must be contiguous"
                );
            }
            for b in bands.iter() {
                assert_eq!(b.values.len(), t.centiles.len());
                assert!(
                    b.values.windows(2).all(|w| w[0] <= w[1]),
                    "centiles must not decrease"
                );
            }
        }
    }

    /// The ranges shown are pairs of the table's centiles, the central one inside the extreme one.
    #[test]
    fn the_ranges_shown_are_centiles_of_the_table() {
        let t = fleming();
        for [low, high] in [t.central_range, t.extreme_range] {
            assert!(t.centiles.contains(&low) && t.centiles.contains(&high));
            assert!(low < high);
        }
        assert!(t.extreme_range[0] < t.central_range[0] && t.central_range[1] < t.extreme_range[1]);
        let r = ranges_at_months(30).unwrap();
        assert_eq!(r.central_centiles, [10, 90]);
        assert_eq!(
            r.heart_rate_per_min.between(r.central_centiles),
            Some((92, 128))
        );
        assert_eq!(
            r.heart_rate_per_min.between(r.extreme_centiles),
            Some((76, 142))
        );
        assert_eq!(
            r.heart_rate_per_min.between([10, 95]),
            None,
            "95 is not in the table"
        );
    }

    // Values from REFERENCE.md §1.1 tables, at each band edge and one month either side.
    #[test]
    fn band_edges_follow_the_source_table() {
        let hr50 = |m| {
            ranges_at_months(m)
                .unwrap()
                .heart_rate_per_min
                .at(50)
                .unwrap()
        };
        let rr50 = |m| {
            ranges_at_months(m)
                .unwrap()
                .respiratory_rate_per_min
                .at(50)
                .unwrap()
        };
        assert_eq!(hr50(0), 144);
        assert_eq!(hr50(2), 144);
        assert_eq!(hr50(3), 140);
        assert_eq!(hr50(11), 128);
        assert_eq!(hr50(12), 123);
        assert_eq!(hr50(23), 116);
        assert_eq!(hr50(24), 109);
        assert_eq!(hr50(143), 84);
        assert_eq!(hr50(144), 78);
        assert_eq!(hr50(215), 73);
        assert_eq!(rr50(0), 43);
        assert_eq!(rr50(17), 35);
        assert_eq!(rr50(18), 31);
        assert_eq!(rr50(215), 16);
        let r = ranges_at_months(30).unwrap();
        assert_eq!(r.heart_rate_per_min.at(1), Some(76));
        assert_eq!(r.heart_rate_per_min.at(99), Some(142));
        assert_eq!(r.respiratory_rate_per_min.at(10), Some(22));
        assert_eq!(r.respiratory_rate_per_min.at(90), Some(33));
    }

    #[test]
    fn eighteen_and_over_has_no_band() {
        assert!(ranges_at_months(216).is_none());
    }

    #[test]
    fn source_and_evidence_travel_with_the_ranges() {
        let r = ranges_at_months(5).unwrap();
        assert_eq!(r.source.evidence, Evidence::VerifiedData);
        assert!(r.source.source.contains("Lancet 2011"));
    }
}
