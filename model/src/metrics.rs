//! Evaluation metrics and the Platt calibration fit (plain Rust, all targets).

use serde::{Deserialize, Serialize};

pub fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Log-odds, with p clipped away from 0 and 1.
pub fn logit(p: f64) -> f64 {
    let p = p.clamp(1e-7, 1.0 - 1e-7);
    (p / (1.0 - p)).ln()
}

/// Area under the ROC curve (Mann–Whitney, ties counted half). `None` without both classes.
pub fn auroc(scores: &[f64], labels: &[bool]) -> Option<f64> {
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    idx.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    let n_pos = labels.iter().filter(|l| **l).count();
    let n_neg = labels.len() - n_pos;
    if n_pos == 0 || n_neg == 0 {
        return None;
    }
    // average ranks over ties
    let mut rank_sum_pos = 0.0;
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && scores[idx[j + 1]] == scores[idx[i]] {
            j += 1;
        }
        let avg_rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            if labels[k] {
                rank_sum_pos += avg_rank;
            }
        }
        i = j + 1;
    }
    let u = rank_sum_pos - (n_pos * (n_pos + 1)) as f64 / 2.0;
    Some(u / (n_pos as f64 * n_neg as f64))
}

/// Mean squared error of probabilities.
pub fn brier(p: &[f64], y: &[bool]) -> f64 {
    p.iter()
        .zip(y)
        .map(|(p, y)| (p - if *y { 1.0 } else { 0.0 }).powi(2))
        .sum::<f64>()
        / p.len().max(1) as f64
}

/// Sensitivity and specificity of `score >= threshold`.
pub fn sens_spec(score: &[f64], y: &[bool], threshold: f64) -> (f64, f64) {
    let (mut tp, mut fn_, mut tn, mut fp) = (0usize, 0usize, 0usize, 0usize);
    for (s, l) in score.iter().zip(y) {
        match (*s >= threshold, *l) {
            (true, true) => tp += 1,
            (false, true) => fn_ += 1,
            (false, false) => tn += 1,
            (true, false) => fp += 1,
        }
    }
    (
        tp as f64 / (tp + fn_).max(1) as f64,
        tn as f64 / (tn + fp).max(1) as f64,
    )
}

/// Fraction correct of `p >= threshold`.
pub fn accuracy(p: &[f64], y: &[bool], threshold: f64) -> f64 {
    p.iter()
        .zip(y)
        .filter(|(p, y)| (**p >= threshold) == **y)
        .count() as f64
        / p.len().max(1) as f64
}

/// One bin of a reliability table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReliabilityBin {
    pub lo: f64,
    pub hi: f64,
    pub n: usize,
    pub mean_predicted: f64,
    pub observed: f64,
}

/// Reliability table with `bins` equal-width bins on [0, 1].
pub fn reliability(p: &[f64], y: &[bool], bins: usize) -> Vec<ReliabilityBin> {
    (0..bins)
        .map(|b| {
            let lo = b as f64 / bins as f64;
            let hi = (b + 1) as f64 / bins as f64;
            let sel: Vec<(f64, bool)> = p
                .iter()
                .zip(y)
                .filter(|(p, _)| **p >= lo && (**p < hi || (b + 1 == bins && **p <= hi)))
                .map(|(p, y)| (*p, *y))
                .collect();
            let n = sel.len();
            let mean_predicted = sel.iter().map(|s| s.0).sum::<f64>() / n.max(1) as f64;
            let observed = sel.iter().filter(|s| s.1).count() as f64 / n.max(1) as f64;
            ReliabilityBin {
                lo,
                hi,
                n,
                mean_predicted,
                observed,
            }
        })
        .collect()
}

/// Expected calibration error over a reliability table.
pub fn ece(table: &[ReliabilityBin]) -> f64 {
    let total: usize = table.iter().map(|b| b.n).sum();
    table
        .iter()
        .map(|b| b.n as f64 * (b.mean_predicted - b.observed).abs())
        .sum::<f64>()
        / total.max(1) as f64
}

/// Platt scaling: calibrated = sigmoid(a · logit + b).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Platt {
    pub a: f64,
    pub b: f64,
}

impl Platt {
    pub const IDENTITY: Platt = Platt { a: 1.0, b: 0.0 };

    pub fn apply(&self, logit: f64) -> f64 {
        sigmoid(self.a * logit + self.b)
    }

    /// Maximum-likelihood fit (Newton's method, tiny ridge for stability).
    pub fn fit(logits: &[f64], y: &[bool]) -> Platt {
        let (mut a, mut b) = (1.0f64, 0.0f64);
        for _ in 0..50 {
            let (mut ga, mut gb, mut haa, mut hab, mut hbb) = (0.0, 0.0, 1e-6, 0.0, 1e-6);
            for (z, l) in logits.iter().zip(y) {
                let p = sigmoid(a * z + b);
                let r = p - if *l { 1.0 } else { 0.0 };
                let w = (p * (1.0 - p)).max(1e-12);
                ga += r * z;
                gb += r;
                haa += w * z * z;
                hab += w * z;
                hbb += w;
            }
            let det = haa * hbb - hab * hab;
            if det.abs() < 1e-18 {
                break;
            }
            let da = (hbb * ga - hab * gb) / det;
            let db = (haa * gb - hab * ga) / det;
            a -= da;
            b -= db;
            if da.abs() + db.abs() < 1e-10 {
                break;
            }
        }
        Platt { a, b }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auroc_known_cases() {
        let y = [false, false, true, true];
        assert_eq!(auroc(&[0.1, 0.2, 0.3, 0.4], &y), Some(1.0));
        assert_eq!(auroc(&[0.4, 0.3, 0.2, 0.1], &y), Some(0.0));
        assert_eq!(auroc(&[0.5, 0.5, 0.5, 0.5], &y), Some(0.5));
        // one swapped pair out of four
        assert_eq!(auroc(&[0.1, 0.35, 0.3, 0.4], &y), Some(0.75));
        assert_eq!(auroc(&[0.1, 0.2], &[true, true]), None);
    }

    #[test]
    fn brier_sens_spec_reliability() {
        let y = [true, false, true, false];
        let p = [0.9, 0.2, 0.4, 0.6];
        assert!((brier(&p, &y) - (0.01 + 0.04 + 0.36 + 0.36) / 4.0).abs() < 1e-12);
        assert_eq!(sens_spec(&p, &y, 0.5), (0.5, 0.5));
        let t = reliability(&p, &y, 2);
        assert_eq!(t[0].n, 2);
        assert_eq!(t[1].n, 2);
        assert!((t[1].mean_predicted - 0.75).abs() < 1e-12);
        assert!((t[1].observed - 0.5).abs() < 1e-12);
    }

    #[test]
    fn platt_recovers_a_known_scaling() {
        // labels drawn deterministically from sigmoid(2z - 0.5)
        let mut rng = crate::rng::SplitMix64::new(5);
        let z: Vec<f64> = (0..4000).map(|_| rng.uniform(-3.0, 3.0) as f64).collect();
        let y: Vec<bool> = z
            .iter()
            .map(|z| (rng.next_f32() as f64) < sigmoid(2.0 * z - 0.5))
            .collect();
        let p = Platt::fit(&z, &y);
        assert!((p.a - 2.0).abs() < 0.25, "{p:?}");
        assert!((p.b + 0.5).abs() < 0.2, "{p:?}");
    }
}
