//! Feature encoding: [`AppendicitisInputs`] → `Vec<f32>`, the same code in training and in the
//! browser. Every field becomes its value column(s) plus an explicit `is_missing` column.
//!
//! * numeric fields: z-score with the training mean/sd (stored with the weights), clipped to ±5;
//! * yes/no fields: +1 / −1;
//! * ordered grades (urine dipstick, wall layers, perforation): mapped onto −1..+1;
//! * three-level categories: two indicator columns (the reference level is 0, 0);
//!
//! and a missing field has 0 in its value columns and 1 in its `missing` column.

use crate::inputs::{
    AppendicitisInputs, PerforationSign, Perfusion, Peritonitis, Sex, Stool, WallLayers,
};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Which part of the work-up a field comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    Demographics,
    Anamnesis,
    Examination,
    Blood,
    Urine,
    Ultrasound,
}

/// Value of one field before encoding.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Raw {
    /// A measured quantity in the unit of the field name.
    Num(f32),
    Bool(bool),
    /// Ordered grade in 0..=1.
    Ordinal(f32),
    /// Two indicator columns of a three- or four-level category.
    Pair(f32, f32),
}

/// How a field is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Numeric,
    Binary,
    Ordinal,
    /// Two indicator columns with these names.
    Pair(&'static str, &'static str),
}

/// One input field of the model.
#[derive(Clone, Copy)]
pub struct FieldSpec {
    /// Same as the [`AppendicitisInputs`] field name.
    pub id: &'static str,
    pub group: Group,
    pub kind: Kind,
    pub get: fn(&AppendicitisInputs) -> Option<Raw>,
}

impl std::fmt::Debug for FieldSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FieldSpec")
            .field("id", &self.id)
            .field("group", &self.group)
            .field("kind", &self.kind)
            .finish()
    }
}

fn n(v: Option<f32>) -> Option<Raw> {
    v.filter(|x| x.is_finite()).map(Raw::Num)
}
fn b(v: Option<bool>) -> Option<Raw> {
    v.map(Raw::Bool)
}
fn grade(v: Option<u8>) -> Option<Raw> {
    v.filter(|g| *g <= 3)
        .map(|g| Raw::Ordinal(f32::from(g) / 3.0))
}

/// All model input fields, in encoding order.
pub const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        id: "age_years",
        group: Group::Demographics,
        kind: Kind::Numeric,
        get: |x| n(x.age_years),
    },
    FieldSpec {
        id: "sex",
        group: Group::Demographics,
        kind: Kind::Binary,
        get: |x| x.sex.map(|s| Raw::Bool(s == Sex::Male)),
    },
    FieldSpec {
        id: "weight_kg",
        group: Group::Demographics,
        kind: Kind::Numeric,
        get: |x| n(x.weight_kg),
    },
    FieldSpec {
        id: "height_cm",
        group: Group::Demographics,
        kind: Kind::Numeric,
        get: |x| n(x.height_cm),
    },
    FieldSpec {
        id: "migratory_pain",
        group: Group::Anamnesis,
        kind: Kind::Binary,
        get: |x| b(x.migratory_pain),
    },
    FieldSpec {
        id: "nausea_vomiting",
        group: Group::Anamnesis,
        kind: Kind::Binary,
        get: |x| b(x.nausea_vomiting),
    },
    FieldSpec {
        id: "anorexia",
        group: Group::Anamnesis,
        kind: Kind::Binary,
        get: |x| b(x.anorexia),
    },
    FieldSpec {
        id: "dysuria",
        group: Group::Anamnesis,
        kind: Kind::Binary,
        get: |x| b(x.dysuria),
    },
    FieldSpec {
        id: "stool",
        group: Group::Anamnesis,
        kind: Kind::Pair("diarrhea", "constipation"),
        get: |x| {
            x.stool.map(|s| match s {
                Stool::Normal => Raw::Pair(0.0, 0.0),
                Stool::Diarrhea => Raw::Pair(1.0, 0.0),
                Stool::Constipation => Raw::Pair(0.0, 1.0),
                Stool::ConstipationAndDiarrhea => Raw::Pair(1.0, 1.0),
            })
        },
    },
    FieldSpec {
        id: "temperature_c",
        group: Group::Examination,
        kind: Kind::Numeric,
        get: |x| n(x.temperature_c),
    },
    FieldSpec {
        id: "rlq_tenderness",
        group: Group::Examination,
        kind: Kind::Binary,
        get: |x| b(x.rlq_tenderness),
    },
    FieldSpec {
        id: "contralateral_rebound",
        group: Group::Examination,
        kind: Kind::Binary,
        get: |x| b(x.contralateral_rebound),
    },
    FieldSpec {
        id: "ipsilateral_rebound",
        group: Group::Examination,
        kind: Kind::Binary,
        get: |x| b(x.ipsilateral_rebound),
    },
    FieldSpec {
        id: "cough_hop_pain",
        group: Group::Examination,
        kind: Kind::Binary,
        get: |x| b(x.cough_hop_pain),
    },
    FieldSpec {
        id: "psoas_sign",
        group: Group::Examination,
        kind: Kind::Binary,
        get: |x| b(x.psoas_sign),
    },
    FieldSpec {
        id: "peritonitis",
        group: Group::Examination,
        kind: Kind::Pair("localized", "generalized"),
        get: |x| {
            x.peritonitis.map(|p| match p {
                Peritonitis::None => Raw::Pair(0.0, 0.0),
                Peritonitis::Localized => Raw::Pair(1.0, 0.0),
                Peritonitis::Generalized => Raw::Pair(0.0, 1.0),
            })
        },
    },
    FieldSpec {
        id: "wbc_10e3_per_ul",
        group: Group::Blood,
        kind: Kind::Numeric,
        get: |x| n(x.wbc_10e3_per_ul),
    },
    FieldSpec {
        id: "neutrophil_percent",
        group: Group::Blood,
        kind: Kind::Numeric,
        get: |x| n(x.neutrophil_percent),
    },
    FieldSpec {
        id: "neutrophilia",
        group: Group::Blood,
        kind: Kind::Binary,
        get: |x| {
            let derived = x
                .neutrophil_percent
                .filter(|p| p.is_finite())
                .map(|p| p >= 75.0);
            derived.or(x.neutrophilia).map(Raw::Bool)
        },
    },
    FieldSpec {
        id: "crp_mg_per_l",
        group: Group::Blood,
        kind: Kind::Numeric,
        get: |x| n(x.crp_mg_per_l),
    },
    FieldSpec {
        id: "urine_ketones_grade",
        group: Group::Urine,
        kind: Kind::Ordinal,
        get: |x| grade(x.urine_ketones_grade),
    },
    FieldSpec {
        id: "urine_erythrocytes_grade",
        group: Group::Urine,
        kind: Kind::Ordinal,
        get: |x| grade(x.urine_erythrocytes_grade),
    },
    FieldSpec {
        id: "urine_leukocytes_grade",
        group: Group::Urine,
        kind: Kind::Ordinal,
        get: |x| grade(x.urine_leukocytes_grade),
    },
    FieldSpec {
        id: "us_appendix_visible",
        group: Group::Ultrasound,
        kind: Kind::Binary,
        get: |x| b(x.us_appendix_visible),
    },
    FieldSpec {
        id: "us_free_fluid",
        group: Group::Ultrasound,
        kind: Kind::Binary,
        get: |x| b(x.us_free_fluid),
    },
    FieldSpec {
        id: "us_wall_layers",
        group: Group::Ultrasound,
        kind: Kind::Ordinal,
        get: |x| {
            x.us_wall_layers.map(|w| match w {
                WallLayers::Intact => Raw::Ordinal(0.0),
                WallLayers::PartiallyRaised => Raw::Ordinal(0.5),
                WallLayers::Raised => Raw::Ordinal(1.0),
            })
        },
    },
    FieldSpec {
        id: "us_target_sign",
        group: Group::Ultrasound,
        kind: Kind::Binary,
        get: |x| b(x.us_target_sign),
    },
    FieldSpec {
        id: "us_appendicolith",
        group: Group::Ultrasound,
        kind: Kind::Binary,
        get: |x| b(x.us_appendicolith),
    },
    FieldSpec {
        id: "us_perfusion",
        group: Group::Ultrasound,
        kind: Kind::Pair("hypoperfused", "hyperperfused"),
        get: |x| {
            x.us_perfusion.map(|p| match p {
                Perfusion::Unremarkable => Raw::Pair(0.0, 0.0),
                Perfusion::Hypoperfused => Raw::Pair(1.0, 0.0),
                Perfusion::Hyperperfused => Raw::Pair(0.0, 1.0),
            })
        },
    },
    FieldSpec {
        id: "us_perforation",
        group: Group::Ultrasound,
        kind: Kind::Ordinal,
        get: |x| {
            x.us_perforation.map(|p| match p {
                PerforationSign::No => Raw::Ordinal(0.0),
                PerforationSign::Suspected => Raw::Ordinal(0.5),
                PerforationSign::Yes => Raw::Ordinal(1.0),
            })
        },
    },
    FieldSpec {
        id: "us_surrounding_tissue_reaction",
        group: Group::Ultrasound,
        kind: Kind::Binary,
        get: |x| b(x.us_surrounding_tissue_reaction),
    },
    FieldSpec {
        id: "us_abscess",
        group: Group::Ultrasound,
        kind: Kind::Binary,
        get: |x| b(x.us_abscess),
    },
    FieldSpec {
        id: "us_pathological_lymph_nodes",
        group: Group::Ultrasound,
        kind: Kind::Binary,
        get: |x| b(x.us_pathological_lymph_nodes),
    },
    FieldSpec {
        id: "us_bowel_wall_thickening",
        group: Group::Ultrasound,
        kind: Kind::Binary,
        get: |x| b(x.us_bowel_wall_thickening),
    },
    FieldSpec {
        id: "us_conglomerate_of_bowel_loops",
        group: Group::Ultrasound,
        kind: Kind::Binary,
        get: |x| b(x.us_conglomerate_of_bowel_loops),
    },
    FieldSpec {
        id: "us_ileus",
        group: Group::Ultrasound,
        kind: Kind::Binary,
        get: |x| b(x.us_ileus),
    },
    FieldSpec {
        id: "us_coprostasis",
        group: Group::Ultrasound,
        kind: Kind::Binary,
        get: |x| b(x.us_coprostasis),
    },
    FieldSpec {
        id: "us_meteorism",
        group: Group::Ultrasound,
        kind: Kind::Binary,
        get: |x| b(x.us_meteorism),
    },
    FieldSpec {
        id: "us_enteritis",
        group: Group::Ultrasound,
        kind: Kind::Binary,
        get: |x| b(x.us_enteritis),
    },
];

/// Index of a field in [`FIELDS`].
pub fn field_index(id: &str) -> Option<usize> {
    FIELDS.iter().position(|f| f.id == id)
}

/// Number of encoded columns of a field (value columns + the missing indicator).
pub fn field_width(kind: Kind) -> usize {
    match kind {
        Kind::Pair(..) => 3,
        _ => 2,
    }
}

/// Column range of every field in the encoded vector, in [`FIELDS`] order. The last column of
/// each range is the field's `missing` indicator.
pub fn layout() -> Vec<Range<usize>> {
    let mut start = 0;
    FIELDS
        .iter()
        .map(|f| {
            let w = field_width(f.kind);
            let r = start..start + w;
            start += w;
            r
        })
        .collect()
}

/// Length of the encoded vector.
pub fn encoded_len() -> usize {
    FIELDS.iter().map(|f| field_width(f.kind)).sum()
}

/// Names of the encoded columns, e.g. `age_years`, `age_years.missing`, `stool.diarrhea`.
pub fn feature_names() -> Vec<String> {
    let mut names = Vec::with_capacity(encoded_len());
    for f in FIELDS {
        match f.kind {
            Kind::Pair(a, b) => {
                names.push(format!("{}.{a}", f.id));
                names.push(format!("{}.{b}", f.id));
            }
            _ => names.push(f.id.to_string()),
        }
        names.push(format!("{}.missing", f.id));
    }
    names
}

/// Training statistics of one numeric field (for z-scores and for the out-of-range check).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumericStats {
    pub field: String,
    pub mean: f32,
    pub sd: f32,
    pub min: f32,
    pub max: f32,
    /// Number of training rows where the field was known.
    pub count: usize,
}

/// Errors of the encoder.
#[derive(Debug, Clone, PartialEq)]
pub enum EncodingError {
    /// Statistics missing for a numeric field, or statistics for a field the code does not have.
    StatsMismatch(String),
}

impl std::fmt::Display for EncodingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EncodingError::StatsMismatch(s) => write!(f, "normalisation statistics mismatch: {s}"),
        }
    }
}

impl std::error::Error for EncodingError {}

/// The encoder: the field table plus the normalisation statistics of the numeric fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Encoder {
    /// One entry per field; `Some` exactly for numeric fields.
    stats: Vec<Option<NumericStats>>,
}

const Z_CLIP: f32 = 5.0;

impl Encoder {
    /// Fits the normalisation statistics on training rows.
    pub fn fit(rows: &[AppendicitisInputs]) -> Self {
        let stats = FIELDS
            .iter()
            .map(|f| {
                if f.kind != Kind::Numeric {
                    return None;
                }
                let vals: Vec<f64> = rows
                    .iter()
                    .filter_map(|r| match (f.get)(r) {
                        Some(Raw::Num(v)) => Some(f64::from(v)),
                        _ => None,
                    })
                    .collect();
                let count = vals.len();
                let (mean, sd, min, max) = if count == 0 {
                    (0.0, 1.0, 0.0, 0.0)
                } else {
                    let mean = vals.iter().sum::<f64>() / count as f64;
                    let var = vals.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / count as f64;
                    let min = vals.iter().cloned().fold(f64::INFINITY, f64::min);
                    let max = vals.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                    (mean, var.sqrt().max(1e-6), min, max)
                };
                Some(NumericStats {
                    field: f.id.to_string(),
                    mean: mean as f32,
                    sd: sd as f32,
                    min: min as f32,
                    max: max as f32,
                    count,
                })
            })
            .collect();
        Self { stats }
    }

    /// Rebuilds the encoder from stored statistics (one per numeric field, any order).
    pub fn from_stats(stats: &[NumericStats]) -> Result<Self, EncodingError> {
        for s in stats {
            match field_index(&s.field) {
                Some(i) if FIELDS[i].kind == Kind::Numeric => {}
                _ => {
                    return Err(EncodingError::StatsMismatch(format!(
                        "unexpected field {}",
                        s.field
                    )));
                }
            }
            if !(s.mean.is_finite() && s.sd.is_finite() && s.sd > 0.0) {
                return Err(EncodingError::StatsMismatch(format!(
                    "bad statistics for {}",
                    s.field
                )));
            }
        }
        let per_field = FIELDS
            .iter()
            .map(|f| {
                if f.kind != Kind::Numeric {
                    return Ok(None);
                }
                stats
                    .iter()
                    .find(|s| s.field == f.id)
                    .cloned()
                    .map(Some)
                    .ok_or_else(|| {
                        EncodingError::StatsMismatch(format!("no statistics for {}", f.id))
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { stats: per_field })
    }

    /// The statistics of the numeric fields, in [`FIELDS`] order.
    pub fn stats(&self) -> Vec<NumericStats> {
        self.stats.iter().flatten().cloned().collect()
    }

    /// Statistics of one numeric field.
    pub fn stats_of(&self, id: &str) -> Option<&NumericStats> {
        field_index(id).and_then(|i| self.stats[i].as_ref())
    }

    /// Encodes one child's inputs into `out` (cleared first).
    pub fn encode_into(&self, x: &AppendicitisInputs, out: &mut Vec<f32>) {
        out.clear();
        for (f, st) in FIELDS.iter().zip(&self.stats) {
            let raw = (f.get)(x);
            match (f.kind, raw) {
                (Kind::Numeric, Some(Raw::Num(v))) => {
                    let s = st.as_ref().expect("numeric field has statistics");
                    out.push(((v - s.mean) / s.sd).clamp(-Z_CLIP, Z_CLIP));
                    out.push(0.0);
                }
                (Kind::Binary, Some(Raw::Bool(v))) => {
                    out.push(if v { 1.0 } else { -1.0 });
                    out.push(0.0);
                }
                (Kind::Ordinal, Some(Raw::Ordinal(v))) => {
                    out.push(2.0 * v.clamp(0.0, 1.0) - 1.0);
                    out.push(0.0);
                }
                (Kind::Pair(..), Some(Raw::Pair(a, c))) => {
                    out.push(a);
                    out.push(c);
                    out.push(0.0);
                }
                (kind, _) => {
                    for _ in 1..field_width(kind) {
                        out.push(0.0);
                    }
                    out.push(1.0);
                }
            }
        }
    }

    /// Encodes one child's inputs: `encoded_len()` values.
    pub fn encode(&self, x: &AppendicitisInputs) -> Vec<f32> {
        let mut out = Vec::with_capacity(encoded_len());
        self.encode_into(x, &mut out);
        out
    }
}

/// Marks a field missing in an encoded row (value columns 0, missing column 1).
pub fn mask_field(row: &mut [f32], range: Range<usize>) {
    let last = range.end - 1;
    for v in &mut row[range.start..last] {
        *v = 0.0;
    }
    row[last] = 1.0;
}

/// Whether a field is missing in an encoded row.
pub fn is_missing(row: &[f32], range: &Range<usize>) -> bool {
    row[range.end - 1] > 0.5
}

/// Number of known fields in an encoded row, not counting demographics.
pub fn known_clinical_fields(row: &[f32]) -> usize {
    layout()
        .iter()
        .zip(FIELDS)
        .filter(|(r, f)| f.group != Group::Demographics && !is_missing(row, r))
        .count()
}
