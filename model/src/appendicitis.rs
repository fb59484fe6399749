//! Inference: the shipped ensemble, calibrated probability, uncertainty, the prediction set
//! with its error bound (or the refusal and its reason) and the per-input explanation. Runs
//! the same on native and in the browser (burn ndarray backend).

use crate::encoding::{self, Encoder, FIELDS, Group, NumericStats};
use crate::inputs::AppendicitisInputs;
use crate::metrics::{Platt, logit, sigmoid};
use crate::network::Ensemble;
use crate::selective::{Label, PredictionSet, SelectiveRule, Setting};
use burn::prelude::*;
use serde::{Deserialize, Serialize};

/// Ensemble weights (plain f32, see [`Ensemble::to_weight_bytes`]), written by
/// `appendicitis train`.
pub static SHIPPED_WEIGHTS: &[u8] = include_bytes!("../assets/appendicitis_ensemble.f32");
/// Normalisation statistics, calibration and abstention rule, written by `appendicitis train`.
pub static SHIPPED_META: &str = include_str!("../assets/appendicitis_meta.json");
/// Probe rows with the native estimates, for the browser-equals-native test.
pub static SHIPPED_PROBE: &str = include_str!("../assets/appendicitis_probe.json");

/// When the model declines to answer whatever its estimate: inputs outside what it was
/// trained and checked on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AbstentionRule {
    /// Abstain with fewer known fields than this (demographics not counted).
    pub min_known_fields: usize,
    /// Training age range (years); outside it the model abstains.
    pub age_min: f32,
    pub age_max: f32,
    /// A numeric input beyond the training range widened by this fraction of the range is
    /// out of distribution.
    pub range_margin: f32,
}

/// Everything stored next to the weights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelMeta {
    pub format: u32,
    pub feature_names: Vec<String>,
    pub numeric_stats: Vec<NumericStats>,
    pub members: usize,
    pub hidden: usize,
    pub calibration: Platt,
    pub abstention: AbstentionRule,
    /// When the model answers: α, δ and the thresholds of each setting.
    pub selective: SelectiveRule,
    /// Free-form description of the training run (seed, epochs, data checksum, …).
    pub training: serde_json::Value,
}

/// Why the model declines to answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum AbstainReason {
    AgeUnknown,
    AgeOutsideTraining {
        age_years: f32,
        min: f32,
        max: f32,
    },
    ValueOutsideTraining {
        field: String,
        value: f32,
        min: f32,
        max: f32,
    },
    TooFewInputs {
        known: usize,
        required: usize,
    },
    /// The estimate lies where answers of this setting were not certified to be wrong at
    /// most α of the time on the calibration data (no probability here: it is no answer).
    NotSureEnough {
        setting: Setting,
        alpha: f32,
    },
}

impl std::fmt::Display for AbstainReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AbstainReason::AgeUnknown => write!(f, "age unknown"),
            AbstainReason::AgeOutsideTraining {
                age_years,
                min,
                max,
            } => {
                write!(
                    f,
                    "age {age_years} outside the training range {min}–{max} years"
                )
            }
            AbstainReason::ValueOutsideTraining {
                field,
                value,
                min,
                max,
            } => {
                write!(
                    f,
                    "{field} = {value} outside the training range {min}–{max}"
                )
            }
            AbstainReason::TooFewInputs { known, required } => {
                write!(f, "{known} known inputs, at least {required} needed")
            }
            AbstainReason::NotSureEnough { setting, alpha } => {
                write!(
                    f,
                    "not sure enough: in the setting '{}', answers at this estimate were not shown to be wrong at most {:.0} % of the time on the data it was checked on",
                    setting.name(),
                    alpha * 100.0
                )
            }
        }
    }
}

/// How much one known input moved the probability: calibrated probability with the input
/// minus calibrated probability with the input set to unknown (occlusion).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    pub field: String,
    pub group: Group,
    pub delta: f32,
}

/// What would most likely let the model answer a child it refuses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum NextStep {
    /// Enter the age.
    EnterAge,
    /// Answer more of the questions (at least `more`). `including`: when the child's setting
    /// never answers (no certified threshold), the first setting that does, whose inputs must
    /// be among them.
    AnswerMoreQuestions {
        more: usize,
        including: Option<Setting>,
    },
    /// Add the next setting's inputs. `answered_share`: among the calibration children refused
    /// in the current setting, the share answered once these inputs were added.
    AddInputs {
        setting: Setting,
        answered_share: Option<f32>,
    },
    /// Nothing the model takes would help: re-examine, observe, decide clinically.
    NothingMore,
}

/// Why the model refuses and what would most likely let it answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Refusal {
    pub reason: AbstainReason,
    pub next: NextStep,
}

/// The model's numbers for one child. They are an answer only when the prediction set is a
/// single label ([`Estimate::answer`]); otherwise they are kept for the audit and the
/// browser-equals-native test and must not be shown as an estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Numbers {
    /// Ensemble mean of the member probabilities, before calibration (the score the
    /// prediction-set thresholds apply to).
    pub probability: f32,
    /// Calibrated probability of appendicitis (Platt).
    pub calibrated: f32,
    /// Standard deviation of the member probabilities (ensemble disagreement).
    pub uncertainty: f32,
    /// Lowest and highest calibrated member probability.
    pub interval: (f32, f32),
    /// Known inputs ordered by |delta|, largest first (empty from `estimate_many(.., false)`).
    pub contributions: Vec<Contribution>,
}

/// The model's output for one child: a prediction set, with the numbers behind it shown only
/// when the set is a single label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// The input setting of the child (decided from which inputs are known).
    pub setting: Setting,
    /// Known input fields, demographics not counted.
    pub known_fields: usize,
    /// {appendicitis}, {no appendicitis}, or both (a refusal).
    pub prediction_set: PredictionSet,
    /// `Some` exactly when the set is not a single label.
    pub refusal: Option<Refusal>,
    /// The error bound the answers carry (model data).
    pub alpha: f32,
    numbers: Numbers,
    /// FNV-1a 64 of the weights and metadata bytes.
    pub model_hash: String,
}

/// An answer: the single label of the set, with the numbers that explain it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Answer<'a> {
    pub label: Label,
    /// Calibrated probability of appendicitis.
    pub probability: f32,
    pub uncertainty: f32,
    pub interval: (f32, f32),
    pub contributions: &'a [Contribution],
}

impl Estimate {
    /// The answer, only when the prediction set is a single label.
    pub fn answer(&self) -> Option<Answer<'_>> {
        let label = self.prediction_set.single()?;
        Some(Answer {
            label,
            probability: self.numbers.calibrated,
            uncertainty: self.numbers.uncertainty,
            interval: self.numbers.interval,
            contributions: &self.numbers.contributions,
        })
    }

    /// Whether the model refuses (the set is not a single label).
    pub fn refused(&self) -> bool {
        self.answer().is_none()
    }

    /// The numbers whatever the set: for the audit record, the analysis CLI and the
    /// browser-equals-native test. Never to be shown as an answer when [`Self::refused`].
    pub fn numbers_even_if_refused(&self) -> &Numbers {
        &self.numbers
    }
}

/// Failure to load a model.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelError {
    /// The shipped asset files are empty (no model trained yet).
    NotTrained,
    Meta(String),
    Weights(String),
    Layout(String),
}

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ModelError::NotTrained => write!(f, "no trained weights shipped"),
            ModelError::Meta(e) => write!(f, "model metadata: {e}"),
            ModelError::Weights(e) => write!(f, "model weights: {e}"),
            ModelError::Layout(e) => write!(f, "feature layout: {e}"),
        }
    }
}

impl std::error::Error for ModelError {}

/// FNV-1a 64 over several byte slices, as 16 hex digits.
pub fn fnv1a_hex(parts: &[&[u8]]) -> String {
    String::from_utf8_lossy(&hex_digits(fnv1a(parts))).into_owned()
}

/// FNV-1a 64 over several byte slices. A `const fn`, so the shipped model's hash is computed
/// when the crate is compiled ([`SHIPPED_HASH`]).
pub const fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut p = 0;
    while p < parts.len() {
        let part = parts[p];
        let mut i = 0;
        while i < part.len() {
            h ^= part[i] as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
            i += 1;
        }
        p += 1;
    }
    h
}

/// A hash as 16 lower-case hex digits (as `format!("{h:016x}")` writes it).
const fn hex_digits(h: u64) -> [u8; 16] {
    let mut out = [0u8; 16];
    let mut i = 0;
    while i < 16 {
        let nibble = ((h >> (60 - 4 * i)) & 0xf) as u8;
        out[i] = if nibble < 10 {
            b'0' + nibble
        } else {
            b'a' + nibble - 10
        };
        i += 1;
    }
    out
}

const SHIPPED_HASH_DIGITS: [u8; 16] =
    hex_digits(fnv1a(&[SHIPPED_WEIGHTS, SHIPPED_META.as_bytes()]));

/// The shipped model's version, the hash of its weights and metadata (what
/// [`AppendicitisModel::hash`] says once the model is loaded), known without loading it.
pub const SHIPPED_HASH: &str = match std::str::from_utf8(&SHIPPED_HASH_DIGITS) {
    Ok(hash) => hash,
    Err(_) => panic!("hex digits are UTF-8"),
};

/// Combines member logits of one row: (mean member probability, its log-odds, SD of member
/// probabilities). Shared by inference and cross-validation so both compute the same numbers.
pub fn combine_members(logits: &[f32]) -> (f64, f64, f64) {
    let probs: Vec<f64> = logits.iter().map(|z| sigmoid(f64::from(*z))).collect();
    let k = probs.len().max(1) as f64;
    let mean = probs.iter().sum::<f64>() / k;
    let var = probs.iter().map(|p| (p - mean).powi(2)).sum::<f64>() / k;
    (mean, logit(mean), var.sqrt())
}

/// The appendicitis model: encoder + ensemble + calibration + abstention rule.
#[derive(Debug)]
pub struct AppendicitisModel {
    encoder: Encoder,
    ensemble: Ensemble,
    meta: ModelMeta,
    device: Device,
    hash: String,
}

impl AppendicitisModel {
    /// The model shipped with the app (weights embedded at compile time).
    pub fn shipped() -> Result<Self, ModelError> {
        Self::from_bytes(SHIPPED_WEIGHTS, SHIPPED_META)
    }

    /// Loads a model from its weight file and the metadata JSON.
    pub fn from_bytes(weights: &[u8], meta_json: &str) -> Result<Self, ModelError> {
        if weights.is_empty() || meta_json.trim().is_empty() {
            return Err(ModelError::NotTrained);
        }
        let meta: ModelMeta =
            serde_json::from_str(meta_json).map_err(|e| ModelError::Meta(e.to_string()))?;
        if meta.feature_names != encoding::feature_names() {
            return Err(ModelError::Layout(
                "the weights were trained with a different feature encoding".into(),
            ));
        }
        let encoder = Encoder::from_stats(&meta.numeric_stats)
            .map_err(|e| ModelError::Meta(e.to_string()))?;
        let device = Device::ndarray();
        let ensemble = Ensemble::from_weight_bytes(
            weights,
            meta.members,
            encoding::encoded_len(),
            meta.hidden,
            &device,
        )
        .map_err(ModelError::Weights)?;
        let hash = fnv1a_hex(&[weights, meta_json.as_bytes()]);
        Ok(Self {
            encoder,
            ensemble,
            meta,
            device,
            hash,
        })
    }

    /// The weights as written to the weight file ([`Ensemble::to_weight_bytes`]).
    pub fn weight_bytes(&self) -> Vec<u8> {
        self.ensemble.to_weight_bytes()
    }

    pub fn meta(&self) -> &ModelMeta {
        &self.meta
    }

    /// FNV-1a 64 of the weights and metadata: the model version shown with every estimate.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    pub fn encoder(&self) -> &Encoder {
        &self.encoder
    }

    /// The feature vector of one child, exactly as in training.
    pub fn encode(&self, x: &AppendicitisInputs) -> Vec<f32> {
        self.encoder.encode(x)
    }

    /// Member logits for encoded rows (`rows.len()` = n · encoded_len()): `result[row][member]`.
    pub fn member_logits(&self, rows: &[f32]) -> Vec<Vec<f32>> {
        let d = encoding::encoded_len();
        let n = rows.len() / d;
        if n == 0 {
            return Vec::new();
        }
        let x = Tensor::<2>::from_data(
            TensorData::new(rows[..n * d].to_vec(), [n, d]),
            &self.device,
        );
        let per_member = self.ensemble.member_logits(x);
        (0..n)
            .map(|i| per_member.iter().map(|m| m[i]).collect())
            .collect()
    }

    fn calibrated(&self, logits: &[f32]) -> (f64, f64, f64) {
        let (mean, z, sd) = combine_members(logits);
        (mean, self.meta.calibration.apply(z), sd)
    }

    /// The estimate for one child, with the explanation.
    pub fn estimate(&self, x: &AppendicitisInputs) -> Estimate {
        self.estimate_many(std::slice::from_ref(x), true).remove(0)
    }

    /// Estimates for many children in one forward pass; `explain` adds the contributions
    /// (one more forward row per known field).
    pub fn estimate_many(&self, xs: &[AppendicitisInputs], explain: bool) -> Vec<Estimate> {
        let d = encoding::encoded_len();
        let layout = encoding::layout();
        let mut rows = Vec::new();
        // (row index in batch, first occlusion row, list of occluded fields)
        let mut plan: Vec<(usize, Vec<usize>)> = Vec::with_capacity(xs.len());
        let base: Vec<Vec<f32>> = xs.iter().map(|x| self.encoder.encode(x)).collect();
        for e in &base {
            rows.extend_from_slice(e);
        }
        let mut next = xs.len();
        for e in &base {
            let mut fields = Vec::new();
            if explain {
                for (fi, r) in layout.iter().enumerate() {
                    if !encoding::is_missing(e, r) {
                        let mut occluded = e.clone();
                        encoding::mask_field(&mut occluded, r.clone());
                        rows.extend_from_slice(&occluded);
                        fields.push(fi);
                    }
                }
            }
            plan.push((next, fields));
            next += plan.last().map(|p| p.1.len()).unwrap_or(0);
        }
        debug_assert_eq!(rows.len(), next * d);
        let logits = self.member_logits(&rows);
        xs.iter()
            .zip(&base)
            .enumerate()
            .map(|(i, (x, e))| {
                let (mean, cal, sd) = self.calibrated(&logits[i]);
                let member_cal: Vec<f64> = logits[i]
                    .iter()
                    .map(|z| self.meta.calibration.apply(f64::from(*z)))
                    .collect();
                let lo = member_cal.iter().cloned().fold(f64::INFINITY, f64::min);
                let hi = member_cal.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                let (first, fields) = &plan[i];
                let mut contributions: Vec<Contribution> = fields
                    .iter()
                    .enumerate()
                    .map(|(k, fi)| {
                        let (_, cal_occ, _) = self.calibrated(&logits[first + k]);
                        Contribution {
                            field: FIELDS[*fi].id.to_string(),
                            group: FIELDS[*fi].group,
                            delta: (cal - cal_occ) as f32,
                        }
                    })
                    .collect();
                contributions.sort_by(|a, b| b.delta.abs().total_cmp(&a.delta.abs()));
                let known = encoding::known_clinical_fields(e);
                let setting = Setting::of(x);
                let (prediction_set, refusal) = self.decide(x, known, setting, mean);
                Estimate {
                    setting,
                    known_fields: known,
                    prediction_set,
                    refusal,
                    alpha: self.meta.selective.alpha as f32,
                    numbers: Numbers {
                        probability: mean as f32,
                        calibrated: cal as f32,
                        uncertainty: sd as f32,
                        interval: (lo as f32, hi as f32),
                        contributions,
                    },
                    model_hash: self.hash.clone(),
                }
            })
            .collect()
    }

    /// The prediction set of one child and, when it is not a single label, why and what
    /// would most likely let the model answer. `p`: the ensemble mean probability.
    pub fn decide(
        &self,
        x: &AppendicitisInputs,
        known: usize,
        setting: Setting,
        p: f64,
    ) -> (PredictionSet, Option<Refusal>) {
        if let Some(reason) = self.input_refusal(x, known) {
            let next = match &reason {
                AbstainReason::AgeUnknown => NextStep::EnterAge,
                AbstainReason::TooFewInputs { known, required } => NextStep::AnswerMoreQuestions {
                    more: required.saturating_sub(*known),
                    including: self.first_answering_setting(setting),
                },
                _ => NextStep::NothingMore,
            };
            return (PredictionSet::Both, Some(Refusal { reason, next }));
        }
        let rule = &self.meta.selective;
        let set = rule
            .thresholds(setting)
            .map(|t| t.decide(p))
            .unwrap_or(PredictionSet::Both);
        if set.single().is_some() {
            return (set, None);
        }
        let next = match setting.next() {
            Some(s) => NextStep::AddInputs {
                setting: s,
                answered_share: rule
                    .next_setting_answers
                    .get(setting.index())
                    .copied()
                    .flatten()
                    .map(|v| v as f32),
            },
            None => NextStep::NothingMore,
        };
        (
            set,
            Some(Refusal {
                reason: AbstainReason::NotSureEnough {
                    setting,
                    alpha: rule.alpha as f32,
                },
                next,
            }),
        )
    }

    /// `None` when `from` has a certified threshold; else the first later setting with one.
    fn first_answering_setting(&self, from: Setting) -> Option<Setting> {
        let answers = |s: Setting| {
            self.meta
                .selective
                .thresholds(s)
                .is_some_and(|t| t.answer_yes_from.is_some() || t.answer_no_below.is_some())
        };
        if answers(from) {
            return None;
        }
        let mut s = from.next();
        while let Some(x) = s {
            if answers(x) {
                return Some(x);
            }
            s = x.next();
        }
        None
    }

    /// The refusals that do not depend on the estimate: inputs outside what the model was
    /// trained and checked on.
    pub fn input_refusal(&self, x: &AppendicitisInputs, known: usize) -> Option<AbstainReason> {
        let rule = &self.meta.abstention;
        match x.age_years.filter(|a| a.is_finite()) {
            None => return Some(AbstainReason::AgeUnknown),
            Some(a) if a < rule.age_min || a > rule.age_max => {
                return Some(AbstainReason::AgeOutsideTraining {
                    age_years: a,
                    min: rule.age_min,
                    max: rule.age_max,
                });
            }
            _ => {}
        }
        for f in FIELDS {
            if let Some(encoding::Raw::Num(v)) = (f.get)(x)
                && let Some(s) = self.encoder.stats_of(f.id)
            {
                let margin = rule.range_margin * (s.max - s.min);
                if v < s.min - margin || v > s.max + margin {
                    return Some(AbstainReason::ValueOutsideTraining {
                        field: f.id.to_string(),
                        value: v,
                        min: s.min,
                        max: s.max,
                    });
                }
            }
        }
        if known < rule.min_known_fields {
            return Some(AbstainReason::TooFewInputs {
                known,
                required: rule.min_known_fields,
            });
        }
        None
    }
}

/// One row of the probe file: inputs and the native estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProbeRow {
    pub label: String,
    pub inputs: AppendicitisInputs,
    pub probability: f32,
    pub calibrated: f32,
    pub uncertainty: f32,
    pub abstain: bool,
    pub prediction_set: PredictionSet,
}

/// The probe file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Probe {
    pub model_hash: String,
    pub rows: Vec<ProbeRow>,
}
