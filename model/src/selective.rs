//! Answers with a bounded error: the prediction set of one child and the thresholds that
//! decide it (plain Rust, all targets).
//!
//! Per input [`Setting`], two thresholds on the ensemble's mean member probability `p`
//! (before Platt scaling, so that the score does not depend on the calibration data):
//!
//! - `p >= answer_yes_from`: the set is {appendicitis};
//! - `p < answer_no_below`: the set is {no appendicitis};
//! - otherwise both labels: the model refuses.
//!
//! Each threshold comes from fixed-sequence testing (Learn then Test, Angelopoulos et al. 2021;
//! the binomial bound of Geifman & El-Yaniv's selection with guaranteed risk): the candidate
//! thresholds of one label are tested in a fixed order, from the most conservative (0.95 for
//! {appendicitis}, 0.05 for {no appendicitis}) towards 0.5 in steps of 0.025. Candidate t is
//! certified when the one-sided Clopper–Pearson upper bound (level δ/2) on the error among
//! the calibration children it answers is at most α (equivalently, the exact binomial test of
//! "error > α" rejects); testing stops at the first candidate not certified, and the last
//! certified one is used. The fixed order controls the family-wise error of each label's
//! sequence at δ/2 without a multiplicity correction; the two labels share δ (Bonferroni).
//! With probability at least 1 − δ over the draw of the calibration data (assumed exchangeable
//! with future children of the same setting), every certified threshold has a true error
//! among the children it answers of at most α: P(no appendicitis | set = {appendicitis}) ≤ α
//! and P(appendicitis | set = {no appendicitis}) ≤ α. Hence the error among all answered
//! children is at most α and the set misses the true label with probability at most α
//! (it is never empty: `answer_no_below <= 0.5 <= answer_yes_from`). MODEL_CARD.md states the
//! assumptions.

use crate::encoding::Group;
use crate::inputs::AppendicitisInputs;
use serde::{Deserialize, Serialize};

/// What the clinician has: the input settings the model is calibrated for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Setting {
    /// Anamnesis, examination, temperature, demographics.
    NoBloodNoUltrasound,
    /// + blood count, CRP and urine dipstick.
    Blood,
    /// + ultrasound findings.
    BloodUltrasound,
}

impl Setting {
    pub const ALL: [Setting; 3] = [
        Setting::NoBloodNoUltrasound,
        Setting::Blood,
        Setting::BloodUltrasound,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Setting::NoBloodNoUltrasound => "no blood tests, no ultrasound",
            Setting::Blood => "blood tests",
            Setting::BloodUltrasound => "blood tests and ultrasound",
        }
    }

    /// Position in [`Setting::ALL`].
    pub fn index(self) -> usize {
        match self {
            Setting::NoBloodNoUltrasound => 0,
            Setting::Blood => 1,
            Setting::BloodUltrasound => 2,
        }
    }

    /// Whether the setting leaves out the fields of this group.
    pub fn hides(self, g: Group) -> bool {
        match self {
            Setting::NoBloodNoUltrasound => {
                matches!(g, Group::Blood | Group::Urine | Group::Ultrasound)
            }
            Setting::Blood => g == Group::Ultrasound,
            Setting::BloodUltrasound => false,
        }
    }

    /// The setting of a child, from which inputs are known: any ultrasound finding → with
    /// ultrasound; else any blood or urine value → blood tests; else clinical only.
    pub fn of(x: &AppendicitisInputs) -> Setting {
        let known = |g: Group| {
            crate::encoding::FIELDS
                .iter()
                .any(|f| f.group == g && (f.get)(x).is_some())
        };
        if known(Group::Ultrasound) {
            Setting::BloodUltrasound
        } else if known(Group::Blood) || known(Group::Urine) {
            Setting::Blood
        } else {
            Setting::NoBloodNoUltrasound
        }
    }

    /// The setting with the next group of inputs, if any.
    pub fn next(self) -> Option<Setting> {
        match self {
            Setting::NoBloodNoUltrasound => Some(Setting::Blood),
            Setting::Blood => Some(Setting::BloodUltrasound),
            Setting::BloodUltrasound => None,
        }
    }
}

/// A label of the prediction set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    Appendicitis,
    NoAppendicitis,
}

/// The labels the model cannot rule out for a child. `Both` is a refusal. There is no empty
/// set: the thresholds never overlap (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PredictionSet {
    Appendicitis,
    NoAppendicitis,
    Both,
}

impl PredictionSet {
    /// The single label, when the set is one.
    pub fn single(self) -> Option<Label> {
        match self {
            PredictionSet::Appendicitis => Some(Label::Appendicitis),
            PredictionSet::NoAppendicitis => Some(Label::NoAppendicitis),
            PredictionSet::Both => None,
        }
    }

    pub fn contains(self, appendicitis: bool) -> bool {
        match self {
            PredictionSet::Appendicitis => appendicitis,
            PredictionSet::NoAppendicitis => !appendicitis,
            PredictionSet::Both => true,
        }
    }

    /// `{appendicitis}`, `{no appendicitis}` or `{appendicitis, no appendicitis}`.
    pub fn as_str(self) -> &'static str {
        match self {
            PredictionSet::Appendicitis => "{appendicitis}",
            PredictionSet::NoAppendicitis => "{no appendicitis}",
            PredictionSet::Both => "{appendicitis, no appendicitis}",
        }
    }
}

/// The thresholds of one setting (on the ensemble mean probability before Platt scaling).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SettingThresholds {
    pub setting: Setting,
    /// Answer {appendicitis} when p ≥ this; `None`: no grid value was certified.
    pub answer_yes_from: Option<f64>,
    /// Answer {no appendicitis} when p < this; `None`: no grid value was certified.
    pub answer_no_below: Option<f64>,
    /// Calibration children (eligible: enough inputs known).
    pub n_calibration: usize,
    /// Calibration children answered {appendicitis} / of them without appendicitis.
    pub answered_yes: usize,
    pub wrong_yes: usize,
    /// Calibration children answered {no appendicitis} / of them with appendicitis.
    pub answered_no: usize,
    pub wrong_no: usize,
}

impl SettingThresholds {
    pub fn decide(&self, p: f64) -> PredictionSet {
        if self.answer_yes_from.is_some_and(|t| p >= t) {
            PredictionSet::Appendicitis
        } else if self.answer_no_below.is_some_and(|t| p < t) {
            PredictionSet::NoAppendicitis
        } else {
            PredictionSet::Both
        }
    }
}

/// The shipped selective rule: α, δ and the thresholds of every setting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SelectiveRule {
    /// Largest error among answered children (per answered label).
    pub alpha: f64,
    /// Probability that the calibration draw is unlucky (the guarantee fails).
    pub delta: f64,
    /// `[setting index]`.
    pub settings: Vec<SettingThresholds>,
    /// `[setting index]`: among calibration children refused in this setting (not sure
    /// enough), the share answered once the next setting's inputs were added. Descriptive.
    pub next_setting_answers: Vec<Option<f64>>,
    /// What the calibration data were (free text for the model card and the audit).
    pub calibrated_on: String,
}

impl SelectiveRule {
    pub fn thresholds(&self, s: Setting) -> Option<&SettingThresholds> {
        self.settings.iter().find(|t| t.setting == s)
    }
}

/// Candidates for answering {appendicitis}, in testing order: 0.95, 0.925, …, 0.5.
pub fn yes_sequence() -> Vec<f64> {
    (0..19).map(|i| f64::from(950 - 25 * i) / 1000.0).collect()
}

/// Candidates for answering {no appendicitis}, in testing order: 0.05, 0.075, …, 0.5.
pub fn no_sequence() -> Vec<f64> {
    (0..19).map(|i| f64::from(50 + 25 * i) / 1000.0).collect()
}

/// ln P(Binomial(n, q) ≤ k).
pub fn ln_binom_cdf(k: usize, n: usize, q: f64) -> f64 {
    if k >= n {
        return 0.0;
    }
    if q <= 0.0 {
        return 0.0;
    }
    if q >= 1.0 {
        return f64::NEG_INFINITY;
    }
    let (lq, l1q) = (q.ln(), (1.0 - q).ln());
    // ln pmf(j) by the recurrence pmf(j+1) = pmf(j) · (n−j)/(j+1) · q/(1−q)
    let mut ln_pmf = n as f64 * l1q;
    let mut acc = ln_pmf;
    for j in 0..k {
        ln_pmf += ((n - j) as f64).ln() - ((j + 1) as f64).ln() + lq - l1q;
        let (hi, lo) = if acc > ln_pmf {
            (acc, ln_pmf)
        } else {
            (ln_pmf, acc)
        };
        acc = hi + (lo - hi).exp().ln_1p();
    }
    acc.min(0.0)
}

/// One-sided Clopper–Pearson upper confidence bound (level 1 − `level`) for a rate with `k`
/// events in `n` trials: the q with P(Binomial(n, q) ≤ k) = `level`. 1 when n = 0.
pub fn clopper_pearson_upper(k: usize, n: usize, level: f64) -> f64 {
    if n == 0 || k >= n {
        return 1.0;
    }
    let target = level.ln();
    let (mut lo, mut hi) = (k as f64 / n as f64, 1.0);
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if ln_binom_cdf(k, n, mid) > target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

/// Fits the thresholds of one setting. `p`: ensemble mean probability of each calibration
/// child; `y`: appendicitis; `eligible`: the child passes the input rules (enough inputs
/// known) — the others are refused whatever p is and do not enter the counts.
pub fn fit_thresholds(
    setting: Setting,
    p: &[f64],
    y: &[bool],
    eligible: &[bool],
    alpha: f64,
    delta: f64,
) -> SettingThresholds {
    let level = delta / 2.0;
    let idx: Vec<usize> = (0..p.len()).filter(|&i| eligible[i]).collect();
    let count = |sel: &dyn Fn(f64) -> bool, wrong_if: bool| {
        let picked: Vec<usize> = idx.iter().copied().filter(|&i| sel(p[i])).collect();
        let wrong = picked.iter().filter(|&&i| y[i] == wrong_if).count();
        (picked.len(), wrong)
    };
    // fixed-sequence testing: the last certified candidate before the first failure
    let last_certified = |seq: Vec<f64>, test: &dyn Fn(f64) -> (usize, usize)| {
        seq.into_iter()
            .take_while(|&t| {
                let (n, k) = test(t);
                n > 0 && clopper_pearson_upper(k, n, level) <= alpha
            })
            .last()
    };
    let answer_yes_from = last_certified(yes_sequence(), &|t| count(&|v| v >= t, false));
    let answer_no_below = last_certified(no_sequence(), &|t| count(&|v| v < t, true));
    let (answered_yes, wrong_yes) = answer_yes_from
        .map(|t| count(&|v| v >= t, false))
        .unwrap_or((0, 0));
    let (answered_no, wrong_no) = answer_no_below
        .map(|t| count(&|v| v < t, true))
        .unwrap_or((0, 0));
    SettingThresholds {
        setting,
        answer_yes_from,
        answer_no_below,
        n_calibration: idx.len(),
        answered_yes,
        wrong_yes,
        answered_no,
        wrong_no,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binomial_cdf_and_clopper_pearson_known_values() {
        // P(Bin(10, 0.5) <= 2) = 56/1024
        assert!((ln_binom_cdf(2, 10, 0.5).exp() - 56.0 / 1024.0).abs() < 1e-12);
        assert_eq!(ln_binom_cdf(10, 10, 0.3), 0.0);
        // 0 events in n: upper bound 1 − level^(1/n)
        let u = clopper_pearson_upper(0, 50, 0.05);
        assert!((u - (1.0 - 0.05f64.powf(1.0 / 50.0))).abs() < 1e-9, "{u}");
        // 5 of 100 at one-sided 95 % (the two-sided 90 % upper limit): 0.10225
        let u = clopper_pearson_upper(5, 100, 0.05);
        assert!((u - 0.10225).abs() < 5e-5, "{u}");
        assert_eq!(clopper_pearson_upper(0, 0, 0.05), 1.0);
    }

    #[test]
    fn thresholds_never_overlap_and_the_set_is_never_empty() {
        for g in yes_sequence() {
            assert!(g >= 0.5 - 1e-12);
        }
        for g in no_sequence() {
            assert!(g <= 0.5 + 1e-12);
        }
        let t = SettingThresholds {
            setting: Setting::Blood,
            answer_yes_from: Some(0.5),
            answer_no_below: Some(0.5),
            n_calibration: 0,
            answered_yes: 0,
            wrong_yes: 0,
            answered_no: 0,
            wrong_no: 0,
        };
        assert_eq!(t.decide(0.5), PredictionSet::Appendicitis);
        assert_eq!(t.decide(0.4999), PredictionSet::NoAppendicitis);
        let none = SettingThresholds {
            answer_yes_from: None,
            answer_no_below: None,
            ..t
        };
        assert_eq!(none.decide(0.99), PredictionSet::Both);
        assert_eq!(none.decide(0.01), PredictionSet::Both);
    }
}
