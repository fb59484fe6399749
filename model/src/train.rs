//! Training (native only): burn autodiff + Adam, input-group masking, deep ensemble,
//! k-fold cross-validation with baselines, calibration, abstention analysis, and the assets.

use crate::appendicitis::{
    AbstentionRule, AppendicitisModel, ModelMeta, Probe, ProbeRow, combine_members, fnv1a_hex,
};
use crate::data::DatasetRow;
use crate::encoding::{self, Encoder, FIELDS, Group};
use crate::inputs::AppendicitisInputs;
use crate::metrics::{self, Platt, ReliabilityBin, auroc, brier, sens_spec};
use crate::network::{Ensemble, Mlp};
use crate::rng::SplitMix64;
use burn::nn::loss::BinaryCrossEntropyLossConfig;
use burn::optim::decay::WeightDecayConfig;
use burn::optim::{AdamConfig, GradientsParams};
use burn::prelude::*;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Hyper-parameters of one training run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainConfig {
    pub hidden: usize,
    pub members: usize,
    pub epochs: usize,
    pub batch_size: usize,
    pub learning_rate: f64,
    pub weight_decay: f32,
    /// Probability of dropping each remaining field after the group scenario.
    pub field_drop: f32,
    /// Fraction of rows per epoch that instead get a heavy drop rate drawn from U(0.3, 0.95),
    /// so that sparse inputs (a few fields known) are inside the training distribution.
    #[serde(default)]
    pub sparse_rows: f32,
    pub seed: u64,
}

impl Default for TrainConfig {
    /// Chosen on cross-validation with seed 7 (other fold splits than the reported run).
    fn default() -> Self {
        Self {
            hidden: 16,
            members: 5,
            epochs: 150,
            batch_size: 64,
            learning_rate: 3e-3,
            weight_decay: 1e-2,
            field_drop: 0.05,
            sparse_rows: 0.2,
            seed: 20261123,
        }
    }
}

/// What the clinician has: the three evaluation settings of the model card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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

    fn hides(self, g: Group) -> bool {
        match self {
            Setting::NoBloodNoUltrasound => {
                matches!(g, Group::Blood | Group::Urine | Group::Ultrasound)
            }
            Setting::Blood => g == Group::Ultrasound,
            Setting::BloodUltrasound => false,
        }
    }
}

/// Sets every field the setting does not have to missing.
pub fn apply_setting(row: &mut [f32], setting: Setting, layout: &[Range<usize>]) {
    for (f, r) in FIELDS.iter().zip(layout) {
        if setting.hides(f.group) {
            encoding::mask_field(row, r.clone());
        }
    }
}

/// Training-time masking: per row a scenario (clinical only / + labs / + ultrasound without labs /
/// everything recorded), then each remaining field dropped with probability `field_drop`
/// (or, for a `sparse_rows` fraction of rows, with a heavy rate from U(0.3, 0.95)).
fn augment(
    x: &[f32],
    d: usize,
    layout: &[Range<usize>],
    rng: &mut SplitMix64,
    field_drop: f32,
    sparse_rows: f32,
) -> Vec<f32> {
    let mut out = x.to_vec();
    for row in out.chunks_mut(d) {
        let u = rng.next_f32();
        let hide: fn(Group) -> bool = if u < 0.25 {
            |g| matches!(g, Group::Blood | Group::Urine | Group::Ultrasound)
        } else if u < 0.5 {
            |g| g == Group::Ultrasound
        } else if u < 0.6 {
            |g| matches!(g, Group::Blood | Group::Urine)
        } else {
            |_| false
        };
        let drop = if rng.next_f32() < sparse_rows {
            rng.uniform(0.3, 0.95)
        } else {
            field_drop
        };
        for (f, r) in FIELDS.iter().zip(layout) {
            if hide(f.group) || rng.next_f32() < drop {
                encoding::mask_field(row, r.clone());
            }
        }
    }
    out
}

/// Trains one MLP; deterministic given `seed`.
pub fn train_member(x: &[f32], y: &[bool], cfg: &TrainConfig, seed: u64) -> Mlp {
    let d = encoding::encoded_len();
    let n = y.len();
    assert_eq!(x.len(), n * d);
    let layout = encoding::layout();
    let device = Device::ndarray().autodiff();
    let mut rng = SplitMix64::new(seed);
    let mut model = Mlp::seeded(d, cfg.hidden, &mut rng, &device);
    let mut optim = AdamConfig::new()
        .with_weight_decay(Some(WeightDecayConfig::new(cfg.weight_decay)))
        .init();
    let bce = BinaryCrossEntropyLossConfig::new()
        .with_logits(true)
        .init(&device);
    let mut order: Vec<usize> = (0..n).collect();
    for _ in 0..cfg.epochs {
        let xm = augment(x, d, &layout, &mut rng, cfg.field_drop, cfg.sparse_rows);
        rng.shuffle(&mut order);
        for batch in order.chunks(cfg.batch_size.max(1)) {
            let mut xb = Vec::with_capacity(batch.len() * d);
            let mut yb = Vec::with_capacity(batch.len());
            for &i in batch {
                xb.extend_from_slice(&xm[i * d..(i + 1) * d]);
                yb.push(i64::from(y[i]));
            }
            let xt = Tensor::<2>::from_data(TensorData::new(xb, [batch.len(), d]), &device);
            let yt = Tensor::<2, Int>::from_data(TensorData::new(yb, [batch.len(), 1]), &device);
            let loss = bce.forward(model.forward(xt), yt);
            let grads = GradientsParams::from_grads(loss.backward(), &model);
            model = optim.step(cfg.learning_rate, model, grads);
        }
    }
    model.valid()
}

/// Trains the deep ensemble (members seeded from `seed`).
pub fn train_ensemble(x: &[f32], y: &[bool], cfg: &TrainConfig, seed: u64) -> Ensemble {
    let mut rng = SplitMix64::new(seed);
    let members = (0..cfg.members)
        .map(|m| {
            let s = rng.fork(m as u64).next_u64();
            train_member(x, y, cfg, s)
        })
        .collect();
    Ensemble { members }
}

/// Member logits `[row][member]` of a plain (inference) ensemble.
pub fn ensemble_logits(ens: &Ensemble, x: &[f32]) -> Vec<Vec<f32>> {
    let d = encoding::encoded_len();
    let n = x.len() / d;
    if n == 0 {
        return Vec::new();
    }
    let device = Device::ndarray();
    let xt = Tensor::<2>::from_data(TensorData::new(x.to_vec(), [n, d]), &device);
    let per = ens.member_logits(xt);
    (0..n).map(|i| per.iter().map(|m| m[i]).collect()).collect()
}

// ---------------------------------------------------------------- logistic regression baseline

/// L2-penalised logistic regression fitted by Newton's method (bias not penalised).
#[derive(Debug, Clone)]
pub struct LogReg {
    pub w: Vec<f64>,
    pub bias: f64,
}

fn cholesky_solve(a: &mut [f64], b: &mut [f64], n: usize) -> bool {
    for j in 0..n {
        let mut s = a[j * n + j];
        for k in 0..j {
            s -= a[j * n + k] * a[j * n + k];
        }
        if s <= 0.0 {
            return false;
        }
        let l = s.sqrt();
        a[j * n + j] = l;
        for i in j + 1..n {
            let mut s = a[i * n + j];
            for k in 0..j {
                s -= a[i * n + k] * a[j * n + k];
            }
            a[i * n + j] = s / l;
        }
    }
    for i in 0..n {
        let mut s = b[i];
        for k in 0..i {
            s -= a[i * n + k] * b[k];
        }
        b[i] = s / a[i * n + i];
    }
    for i in (0..n).rev() {
        let mut s = b[i];
        for k in i + 1..n {
            s -= a[k * n + i] * b[k];
        }
        b[i] = s / a[i * n + i];
    }
    true
}

impl LogReg {
    pub fn fit(x: &[f32], y: &[bool], d: usize, lambda: f64) -> Self {
        let n = y.len();
        let p = d + 1; // last = bias
        let mut beta = vec![0.0f64; p];
        for _ in 0..30 {
            let mut h = vec![0.0f64; p * p];
            let mut g = vec![0.0f64; p];
            for i in 0..n {
                let row = &x[i * d..(i + 1) * d];
                let z: f64 = row
                    .iter()
                    .zip(&beta)
                    .map(|(a, b)| f64::from(*a) * b)
                    .sum::<f64>()
                    + beta[d];
                let pr = metrics::sigmoid(z);
                let r = pr - if y[i] { 1.0 } else { 0.0 };
                let w = (pr * (1.0 - pr)).max(1e-9);
                let xi = |j: usize| if j == d { 1.0 } else { f64::from(row[j]) };
                for j in 0..p {
                    let xj = xi(j);
                    if xj == 0.0 {
                        continue;
                    }
                    g[j] += r * xj;
                    for k in 0..=j {
                        h[j * p + k] += w * xj * xi(k);
                    }
                }
            }
            for j in 0..p {
                for k in 0..j {
                    h[k * p + j] = h[j * p + k];
                }
                if j < d {
                    g[j] += lambda * beta[j];
                    h[j * p + j] += lambda;
                } else {
                    h[j * p + j] += 1e-8;
                }
            }
            if !cholesky_solve(&mut h, &mut g, p) {
                break;
            }
            let mut step = 0.0;
            for j in 0..p {
                beta[j] -= g[j];
                step += g[j].abs();
            }
            if step < 1e-8 {
                break;
            }
        }
        let bias = beta[d];
        beta.truncate(d);
        Self { w: beta, bias }
    }

    pub fn predict(&self, x: &[f32]) -> Vec<f64> {
        let d = self.w.len();
        x.chunks(d)
            .map(|row| {
                metrics::sigmoid(
                    row.iter()
                        .zip(&self.w)
                        .map(|(a, b)| f64::from(*a) * b)
                        .sum::<f64>()
                        + self.bias,
                )
            })
            .collect()
    }
}

// ---------------------------------------------------------------- cross-validation

/// Stratified fold assignment.
pub fn stratified_folds(y: &[bool], k: usize, rng: &mut SplitMix64) -> Vec<usize> {
    let mut fold = vec![0; y.len()];
    for class in [true, false] {
        let mut idx: Vec<usize> = (0..y.len()).filter(|&i| y[i] == class).collect();
        rng.shuffle(&mut idx);
        for (j, i) in idx.into_iter().enumerate() {
            fold[i] = j % k;
        }
    }
    fold
}

fn encode_rows(enc: &Encoder, rows: &[&AppendicitisInputs]) -> Vec<f32> {
    let mut out = Vec::with_capacity(rows.len() * encoding::encoded_len());
    let mut buf = Vec::new();
    for r in rows {
        enc.encode_into(r, &mut buf);
        out.extend_from_slice(&buf);
    }
    out
}

fn with_setting(x: &[f32], setting: Setting, layout: &[Range<usize>]) -> Vec<f32> {
    let d = encoding::encoded_len();
    let mut out = x.to_vec();
    for row in out.chunks_mut(d) {
        apply_setting(row, setting, layout);
    }
    out
}

/// Out-of-fold predictions of one repeat.
#[derive(Debug, Clone)]
pub struct RepeatOof {
    pub fold: Vec<usize>,
    /// `[setting][row]` member logits of the ensemble.
    pub member_logits: Vec<Vec<Vec<f32>>>,
    /// `[setting][row]` logistic-regression probability.
    pub logreg: Vec<Vec<f64>>,
    /// `[setting][row]` known clinical fields.
    pub known: Vec<Vec<usize>>,
}

/// Cross-validation results.
#[derive(Debug, Clone)]
pub struct CvRun {
    pub k: usize,
    pub repeats: Vec<RepeatOof>,
    pub seconds: f64,
}

pub const LOGREG_LAMBDA: f64 = 1.0;

/// Repeated stratified k-fold CV of the ensemble and the logistic regression on the same folds.
pub fn cross_validate(
    rows: &[DatasetRow],
    cfg: &TrainConfig,
    k: usize,
    repeats: usize,
    log: &mut dyn FnMut(&str),
) -> CvRun {
    let t0 = std::time::Instant::now();
    let y: Vec<bool> = rows.iter().map(|r| r.label.expect("labelled")).collect();
    let layout = encoding::layout();
    let n = rows.len();
    let mut rng = SplitMix64::new(cfg.seed ^ 0xC0FF_EE00);
    let mut out = Vec::new();
    for rep in 0..repeats {
        let fold = stratified_folds(&y, k, &mut rng);
        let mut member_logits = vec![vec![Vec::new(); n]; 3];
        let mut logreg = vec![vec![0.0; n]; 3];
        let mut known = vec![vec![0; n]; 3];
        for f in 0..k {
            let train: Vec<usize> = (0..n).filter(|&i| fold[i] != f).collect();
            let test: Vec<usize> = (0..n).filter(|&i| fold[i] == f).collect();
            let train_inputs: Vec<AppendicitisInputs> =
                train.iter().map(|&i| rows[i].inputs.clone()).collect();
            let enc = Encoder::fit(&train_inputs);
            let xtr = encode_rows(
                &enc,
                &train.iter().map(|&i| &rows[i].inputs).collect::<Vec<_>>(),
            );
            let ytr: Vec<bool> = train.iter().map(|&i| y[i]).collect();
            let xte = encode_rows(
                &enc,
                &test.iter().map(|&i| &rows[i].inputs).collect::<Vec<_>>(),
            );
            let seed = rng.fork((rep * 1000 + f) as u64).next_u64();
            let ens = train_ensemble(&xtr, &ytr, cfg, seed);
            for (s, setting) in Setting::ALL.iter().enumerate() {
                let xs = with_setting(&xte, *setting, &layout);
                let logits = ensemble_logits(&ens, &xs);
                let lr = LogReg::fit(
                    &with_setting(&xtr, *setting, &layout),
                    &ytr,
                    encoding::encoded_len(),
                    LOGREG_LAMBDA,
                );
                let lp = lr.predict(&xs);
                let d = encoding::encoded_len();
                for (j, &i) in test.iter().enumerate() {
                    member_logits[s][i] = logits[j].clone();
                    logreg[s][i] = lp[j];
                    known[s][i] = encoding::known_clinical_fields(&xs[j * d..(j + 1) * d]);
                }
            }
            log(&format!(
                "repeat {} fold {} done ({:.1} s)",
                rep + 1,
                f + 1,
                t0.elapsed().as_secs_f64()
            ));
        }
        out.push(RepeatOof {
            fold,
            member_logits,
            logreg,
            known,
        });
    }
    CvRun {
        k,
        repeats: out,
        seconds: t0.elapsed().as_secs_f64(),
    }
}

// ---------------------------------------------------------------- reporting

/// Summary statistics of a metric over repeats.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Spread {
    pub mean: f64,
    pub min: f64,
    pub max: f64,
}

fn spread(v: &[f64]) -> Spread {
    Spread {
        mean: v.iter().sum::<f64>() / v.len().max(1) as f64,
        min: v.iter().cloned().fold(f64::INFINITY, f64::min),
        max: v.iter().cloned().fold(f64::NEG_INFINITY, f64::max),
    }
}

/// Metrics of one method in one setting.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MethodMetrics {
    pub method: String,
    pub setting: String,
    pub n: usize,
    pub auroc: Spread,
    pub fold_auroc_mean: f64,
    pub fold_auroc_sd: f64,
    pub brier: Option<Spread>,
    pub sensitivity: Spread,
    pub specificity: Spread,
    pub ece: Option<Spread>,
    pub threshold: String,
}

/// One row of an accuracy-vs-coverage table.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CoverageRow {
    pub coverage: f64,
    pub accuracy: f64,
    pub auroc: Option<f64>,
    pub sensitivity: f64,
    pub specificity: f64,
}

/// Abstention outcome of the shipped rule in one setting.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AbstentionOutcome {
    pub setting: String,
    pub abstained_fraction: f64,
    pub too_few_inputs: usize,
    pub high_uncertainty: usize,
    pub accuracy_answered: f64,
    pub accuracy_abstained: f64,
    pub auroc_answered: Option<f64>,
    pub auroc_all: Option<f64>,
}

/// Everything the model card reports.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CvReport {
    pub config: TrainConfig,
    pub folds: usize,
    pub repeats: usize,
    pub n_rows: usize,
    pub n_positive: usize,
    pub cv_seconds: f64,
    pub metrics: Vec<MethodMetrics>,
    pub scores_same_rows: Vec<MethodMetrics>,
    /// `[setting] -> table` for the cross-fitted calibrated ensemble (pooled over repeats).
    pub reliability: Vec<(String, Vec<ReliabilityBin>)>,
    pub reliability_uncalibrated: Vec<(String, Vec<ReliabilityBin>)>,
    pub coverage_by_uncertainty: Vec<(String, Vec<CoverageRow>)>,
    pub coverage_by_confidence: Vec<(String, Vec<CoverageRow>)>,
    pub abstention: Vec<AbstentionOutcome>,
    pub calibration: Platt,
    pub abstention_rule: AbstentionRule,
}

pub const THRESHOLD: f64 = 0.5;
pub const MIN_KNOWN_FIELDS: usize = 5;
pub const UNCERTAINTY_QUANTILE: f64 = 0.9;

fn quantile(v: &[f64], q: f64) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.total_cmp(b));
    if s.is_empty() {
        return 0.0;
    }
    s[((s.len() - 1) as f64 * q).round() as usize]
}

fn coverage_table(p: &[f64], y: &[bool], order_key: &[f64]) -> Vec<CoverageRow> {
    // order_key: lower = more confident
    let mut idx: Vec<usize> = (0..p.len()).collect();
    idx.sort_by(|&a, &b| order_key[a].total_cmp(&order_key[b]));
    [1.0, 0.9, 0.8, 0.7, 0.6, 0.5]
        .iter()
        .map(|&c| {
            let m = ((p.len() as f64) * c).round() as usize;
            let sel = &idx[..m];
            let ps: Vec<f64> = sel.iter().map(|&i| p[i]).collect();
            let ys: Vec<bool> = sel.iter().map(|&i| y[i]).collect();
            let (sens, spec) = sens_spec(&ps, &ys, THRESHOLD);
            CoverageRow {
                coverage: c,
                accuracy: metrics::accuracy(&ps, &ys, THRESHOLD),
                auroc: auroc(&ps, &ys),
                sensitivity: sens,
                specificity: spec,
            }
        })
        .collect()
}

/// Cross-fitted Platt calibration: for fold f, Platt fitted on the other folds (all settings).
fn cross_fitted_calibration(rep: &RepeatOof, k: usize, y: &[bool]) -> Vec<Vec<f64>> {
    let n = y.len();
    let z: Vec<Vec<f64>> = rep
        .member_logits
        .iter()
        .map(|s| s.iter().map(|l| combine_members(l).1).collect())
        .collect();
    let mut out = vec![vec![0.0; n]; 3];
    for f in 0..k {
        let mut zs = Vec::new();
        let mut ys = Vec::new();
        for zset in &z {
            for i in (0..n).filter(|&i| rep.fold[i] != f) {
                zs.push(zset[i]);
                ys.push(y[i]);
            }
        }
        let platt = Platt::fit(&zs, &ys);
        for s in 0..3 {
            for i in 0..n {
                if rep.fold[i] == f {
                    out[s][i] = platt.apply(z[s][i]);
                }
            }
        }
    }
    out
}

fn fold_auroc(
    p: &[f64],
    y: &[bool],
    fold: &[usize],
    k: usize,
    keep: &dyn Fn(usize) -> bool,
) -> Vec<f64> {
    (0..k)
        .filter_map(|f| {
            let idx: Vec<usize> = (0..y.len()).filter(|&i| fold[i] == f && keep(i)).collect();
            auroc(
                &idx.iter().map(|&i| p[i]).collect::<Vec<_>>(),
                &idx.iter().map(|&i| y[i]).collect::<Vec<_>>(),
            )
        })
        .collect()
}

fn mean_sd(v: &[f64]) -> (f64, f64) {
    let m = v.iter().sum::<f64>() / v.len().max(1) as f64;
    let var = v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len().max(2) - 1) as f64;
    (m, var.sqrt())
}

/// Computes all reported figures from a CV run.
pub fn report(rows: &[DatasetRow], cv: &CvRun, cfg: &TrainConfig) -> CvReport {
    let y: Vec<bool> = rows.iter().map(|r| r.label.expect("labelled")).collect();
    let n = y.len();
    let k = cv.k;
    let mut metrics_out = Vec::new();
    let mut scores_same_rows = Vec::new();
    let cal: Vec<Vec<Vec<f64>>> = cv
        .repeats
        .iter()
        .map(|r| cross_fitted_calibration(r, k, &y))
        .collect();
    let raw: Vec<Vec<Vec<f64>>> = cv
        .repeats
        .iter()
        .map(|r| {
            r.member_logits
                .iter()
                .map(|s| s.iter().map(|l| combine_members(l).0).collect())
                .collect()
        })
        .collect();
    let sds: Vec<Vec<Vec<f64>>> = cv
        .repeats
        .iter()
        .map(|r| {
            r.member_logits
                .iter()
                .map(|s| s.iter().map(|l| combine_members(l).2).collect())
                .collect()
        })
        .collect();

    let all = |_: usize| true;
    let method = |name: &str,
                  setting: &str,
                  probs: &dyn Fn(usize) -> Vec<f64>,
                  with_prob: bool,
                  rowsel: &dyn Fn(usize) -> bool| {
        let (mut a, mut br, mut se, mut sp, mut ec, mut fa) =
            (vec![], vec![], vec![], vec![], vec![], vec![]);
        let mut count = 0;
        for (ri, rep) in cv.repeats.iter().enumerate() {
            let p = probs(ri);
            let idx: Vec<usize> = (0..n).filter(|&i| rowsel(i)).collect();
            count = idx.len();
            let ps: Vec<f64> = idx.iter().map(|&i| p[i]).collect();
            let ys: Vec<bool> = idx.iter().map(|&i| y[i]).collect();
            a.push(auroc(&ps, &ys).unwrap_or(f64::NAN));
            br.push(brier(&ps, &ys));
            let (s1, s2) = sens_spec(&ps, &ys, THRESHOLD);
            se.push(s1);
            sp.push(s2);
            ec.push(metrics::ece(&metrics::reliability(&ps, &ys, 10)));
            fa.extend(fold_auroc(&p, &y, &rep.fold, k, rowsel));
        }
        let (fm, fsd) = mean_sd(&fa);
        MethodMetrics {
            method: name.to_string(),
            setting: setting.to_string(),
            n: count,
            auroc: spread(&a),
            fold_auroc_mean: fm,
            fold_auroc_sd: fsd,
            brier: with_prob.then(|| spread(&br)),
            sensitivity: spread(&se),
            specificity: spread(&sp),
            ece: with_prob.then(|| spread(&ec)),
            threshold: "calibrated p >= 0.5".into(),
        }
    };

    for (s, setting) in Setting::ALL.iter().enumerate() {
        metrics_out.push(method(
            "MLP ensemble (calibrated)",
            setting.name(),
            &|ri| cal[ri][s].clone(),
            true,
            &all,
        ));
        let mut unc = method(
            "MLP ensemble (uncalibrated)",
            setting.name(),
            &|ri| raw[ri][s].clone(),
            true,
            &all,
        );
        unc.threshold = "p >= 0.5".into();
        metrics_out.push(unc);
        let mut lr = method(
            "Logistic regression",
            setting.name(),
            &|ri| cv.repeats[ri].logreg[s].clone(),
            true,
            &all,
        );
        lr.threshold = "p >= 0.5".into();
        metrics_out.push(lr);
    }
    // Recorded scores (they use blood tests): AUROC on the rows where recorded, same folds.
    let has_scores = |i: usize| rows[i].pas.is_some() && rows[i].alvarado.is_some();
    let pas: Vec<f64> = rows
        .iter()
        .map(|r| r.pas.map(f64::from).unwrap_or(f64::NAN))
        .collect();
    let alv: Vec<f64> = rows
        .iter()
        .map(|r| r.alvarado.map(f64::from).unwrap_or(f64::NAN))
        .collect();
    for (name, score, cut) in [
        ("Pediatric Appendicitis Score", &pas, 6.0),
        ("Alvarado score", &alv, 7.0),
    ] {
        let mut m = method(
            name,
            "blood tests (recorded score)",
            &|_| score.clone(),
            false,
            &has_scores,
        );
        // sens/spec at the score's cut-off instead of 0.5
        let idx: Vec<usize> = (0..n).filter(|&i| has_scores(i)).collect();
        let (s1, s2) = sens_spec(
            &idx.iter().map(|&i| score[i]).collect::<Vec<_>>(),
            &idx.iter().map(|&i| y[i]).collect::<Vec<_>>(),
            cut,
        );
        m.sensitivity = spread(&[s1]);
        m.specificity = spread(&[s2]);
        m.threshold = format!("score >= {cut}");
        scores_same_rows.push(m);
    }
    for (s, setting) in Setting::ALL.iter().enumerate() {
        scores_same_rows.push(method(
            "MLP ensemble (calibrated)",
            setting.name(),
            &|ri| cal[ri][s].clone(),
            true,
            &has_scores,
        ));
        let mut lr = method(
            "Logistic regression",
            setting.name(),
            &|ri| cv.repeats[ri].logreg[s].clone(),
            true,
            &has_scores,
        );
        lr.threshold = "p >= 0.5".into();
        scores_same_rows.push(lr);
    }

    // Calibration for shipping: Platt on all out-of-fold ensemble logits (all repeats, settings).
    let mut zs = Vec::new();
    let mut ys = Vec::new();
    let mut all_sd = Vec::new();
    for rep in &cv.repeats {
        for setting_logits in &rep.member_logits {
            for (logits, label) in setting_logits.iter().zip(&y) {
                let (_, z, sd) = combine_members(logits);
                zs.push(z);
                ys.push(*label);
                all_sd.push(sd);
            }
        }
    }
    let calibration = Platt::fit(&zs, &ys);
    let max_sd = quantile(&all_sd, UNCERTAINTY_QUANTILE);
    let ages: Vec<f32> = rows.iter().filter_map(|r| r.inputs.age_years).collect();
    let abstention_rule = AbstentionRule {
        max_member_sd: max_sd as f32,
        min_known_fields: MIN_KNOWN_FIELDS,
        age_min: ages.iter().cloned().fold(f32::INFINITY, f32::min),
        age_max: ages.iter().cloned().fold(f32::NEG_INFINITY, f32::max),
        range_margin: 0.1,
    };

    let mut reliability = Vec::new();
    let mut reliability_uncalibrated = Vec::new();
    let mut coverage_by_uncertainty = Vec::new();
    let mut coverage_by_confidence = Vec::new();
    let mut abstention = Vec::new();
    for (s, setting) in Setting::ALL.iter().enumerate() {
        let mut p = Vec::new();
        let mut pr = Vec::new();
        let mut yy = Vec::new();
        let mut sd = Vec::new();
        let mut kn = Vec::new();
        for (ri, rep) in cv.repeats.iter().enumerate() {
            p.extend_from_slice(&cal[ri][s]);
            pr.extend_from_slice(&raw[ri][s]);
            sd.extend_from_slice(&sds[ri][s]);
            kn.extend_from_slice(&rep.known[s]);
            yy.extend_from_slice(&y);
        }
        reliability.push((
            setting.name().to_string(),
            metrics::reliability(&p, &yy, 10),
        ));
        reliability_uncalibrated.push((
            setting.name().to_string(),
            metrics::reliability(&pr, &yy, 10),
        ));
        coverage_by_uncertainty.push((setting.name().to_string(), coverage_table(&p, &yy, &sd)));
        let conf: Vec<f64> = p.iter().map(|p| -(p - 0.5).abs()).collect();
        coverage_by_confidence.push((setting.name().to_string(), coverage_table(&p, &yy, &conf)));
        // shipped rule (age range is the training range, so no CV row is out of range)
        let few: Vec<bool> = kn.iter().map(|k| *k < MIN_KNOWN_FIELDS).collect();
        let high: Vec<bool> = sd.iter().map(|v| *v > max_sd).collect();
        let abst: Vec<bool> = few.iter().zip(&high).map(|(a, b)| *a || *b).collect();
        let pick = |want: bool| -> (Vec<f64>, Vec<bool>) {
            let idx: Vec<usize> = (0..p.len()).filter(|&i| abst[i] == want).collect();
            (
                idx.iter().map(|&i| p[i]).collect(),
                idx.iter().map(|&i| yy[i]).collect(),
            )
        };
        let (pa, ya) = pick(false);
        let (pb, yb) = pick(true);
        abstention.push(AbstentionOutcome {
            setting: setting.name().to_string(),
            abstained_fraction: abst.iter().filter(|a| **a).count() as f64 / abst.len() as f64,
            too_few_inputs: few.iter().filter(|a| **a).count(),
            high_uncertainty: high.iter().filter(|a| **a).count(),
            accuracy_answered: metrics::accuracy(&pa, &ya, THRESHOLD),
            accuracy_abstained: metrics::accuracy(&pb, &yb, THRESHOLD),
            auroc_answered: auroc(&pa, &ya),
            auroc_all: auroc(&p, &yy),
        });
    }

    CvReport {
        config: cfg.clone(),
        folds: k,
        repeats: cv.repeats.len(),
        n_rows: n,
        n_positive: y.iter().filter(|v| **v).count(),
        cv_seconds: cv.seconds,
        metrics: metrics_out,
        scores_same_rows,
        reliability,
        reliability_uncalibrated,
        coverage_by_uncertainty,
        coverage_by_confidence,
        abstention,
        calibration,
        abstention_rule,
    }
}

fn fmt_spread(s: &Spread) -> String {
    if (s.max - s.min).abs() < 5e-4 {
        format!("{:.3}", s.mean)
    } else {
        format!("{:.3} ({:.3}–{:.3})", s.mean, s.min, s.max)
    }
}

fn metrics_table(out: &mut String, ms: &[MethodMetrics]) {
    out.push_str("| setting | method | n | AUROC pooled OOF, mean (min–max over repeats) | AUROC per fold, mean ± SD | Brier | ECE (10 bins) | threshold | sensitivity | specificity |\n|---|---|---|---|---|---|---|---|---|---|\n");
    for m in ms {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {:.3} ± {:.3} | {} | {} | {} | {} | {} |\n",
            m.setting,
            m.method,
            m.n,
            fmt_spread(&m.auroc),
            m.fold_auroc_mean,
            m.fold_auroc_sd,
            m.brier
                .as_ref()
                .map(fmt_spread)
                .unwrap_or_else(|| "–".into()),
            m.ece.as_ref().map(fmt_spread).unwrap_or_else(|| "–".into()),
            m.threshold,
            fmt_spread(&m.sensitivity),
            fmt_spread(&m.specificity),
        ));
    }
}

/// The report as Markdown (pasted into MODEL_CARD.md).
pub fn report_markdown(r: &CvReport) -> String {
    let mut o = String::new();
    o.push_str(&format!(
        "Data: {} labelled rows ({} appendicitis). {}-fold stratified cross-validation, repeated {} times (different fold splits); all methods on the same folds. CV took {:.0} s.\n\nTraining configuration: `{}`\n\n",
        r.n_rows,
        r.n_positive,
        r.folds,
        r.repeats,
        r.cv_seconds,
        serde_json::to_string(&r.config).unwrap_or_default()
    ));
    o.push_str("### Discrimination, calibration, sensitivity/specificity (all rows)\n\n");
    metrics_table(&mut o, &r.metrics);
    o.push_str(
        "\n### Same rows as the recorded scores (rows with both PAS and Alvarado recorded)\n\n",
    );
    metrics_table(&mut o, &r.scores_same_rows);
    o.push_str(&format!(
        "\n### Calibration\n\nShipped Platt calibration (fitted on all out-of-fold ensemble log-odds, all settings): calibrated = sigmoid({:.4} · logit(p) + {:.4}). The reliability tables below use cross-fitted calibration (for each fold, Platt fitted on the other folds' out-of-fold predictions), pooled over repeats.\n\n",
        r.calibration.a, r.calibration.b
    ));
    for ((name, t), (_, tu)) in r.reliability.iter().zip(&r.reliability_uncalibrated) {
        o.push_str(&format!("**{name}** (calibrated; uncalibrated ensemble mean in the last two columns)\n\n| bin | n | mean predicted | observed | n (uncal.) | mean predicted / observed (uncal.) |\n|---|---|---|---|---|---|\n"));
        for (b, bu) in t.iter().zip(tu) {
            o.push_str(&format!(
                "| {:.1}–{:.1} | {} | {} | {} | {} | {} |\n",
                b.lo,
                b.hi,
                b.n,
                if b.n > 0 {
                    format!("{:.3}", b.mean_predicted)
                } else {
                    "–".into()
                },
                if b.n > 0 {
                    format!("{:.3}", b.observed)
                } else {
                    "–".into()
                },
                bu.n,
                if bu.n > 0 {
                    format!("{:.3} / {:.3}", bu.mean_predicted, bu.observed)
                } else {
                    "–".into()
                },
            ));
        }
        o.push('\n');
    }
    let rule = &r.abstention_rule;
    o.push_str(&format!(
        "### Abstention\n\nShipped rule: abstain if age unknown or outside {:.2}–{:.2} years, if a numeric input lies beyond the training range widened by {:.0} % of its width, if fewer than {} non-demographic inputs are known, or if the SD of the member probabilities exceeds {:.4} (the {:.0}th percentile of out-of-fold SDs, all settings pooled).\n\n| setting | abstained | of which too few inputs | of which high uncertainty | accuracy answered | accuracy abstained | AUROC answered | AUROC all |\n|---|---|---|---|---|---|---|---|\n",
        rule.age_min, rule.age_max, rule.range_margin * 100.0, rule.min_known_fields, rule.max_member_sd, UNCERTAINTY_QUANTILE * 100.0
    ));
    for a in &r.abstention {
        o.push_str(&format!(
            "| {} | {:.1} % | {} | {} | {:.3} | {:.3} | {} | {} |\n",
            a.setting,
            a.abstained_fraction * 100.0,
            a.too_few_inputs,
            a.high_uncertainty,
            a.accuracy_answered,
            a.accuracy_abstained,
            a.auroc_answered
                .map(|v| format!("{v:.3}"))
                .unwrap_or_else(|| "–".into()),
            a.auroc_all
                .map(|v| format!("{v:.3}"))
                .unwrap_or_else(|| "–".into()),
        ));
    }
    o.push_str("\n(counts pooled over repeats: each row counted once per repeat)\n\n");
    for (title, tables) in [
        (
            "Accuracy vs coverage, abstaining on the most uncertain cases first (ensemble SD)",
            &r.coverage_by_uncertainty,
        ),
        (
            "Accuracy vs coverage, abstaining on calibrated probabilities closest to 0.5 first",
            &r.coverage_by_confidence,
        ),
    ] {
        o.push_str(&format!("#### {title}\n\n| setting | coverage | accuracy | AUROC | sensitivity | specificity |\n|---|---|---|---|---|---|\n"));
        for (name, rows) in tables {
            for c in rows {
                o.push_str(&format!(
                    "| {} | {:.0} % | {:.3} | {} | {:.3} | {:.3} |\n",
                    name,
                    c.coverage * 100.0,
                    c.accuracy,
                    c.auroc
                        .map(|v| format!("{v:.3}"))
                        .unwrap_or_else(|| "–".into()),
                    c.sensitivity,
                    c.specificity
                ));
            }
        }
        o.push('\n');
    }
    o
}

// ---------------------------------------------------------------- final model and assets

/// Rows for the browser-equals-native probe: dataset rows under each setting plus edge cases.
pub fn probe_inputs(rows: &[DatasetRow]) -> Vec<(String, AppendicitisInputs)> {
    let mut out = Vec::new();
    for (j, r) in rows.iter().step_by(37).enumerate() {
        let mut x = r.inputs.clone();
        match j % 3 {
            0 => strip(&mut x, Setting::NoBloodNoUltrasound),
            1 => strip(&mut x, Setting::Blood),
            _ => {}
        }
        out.push((
            format!("dataset row {} ({})", r.row, Setting::ALL[j % 3].name()),
            x,
        ));
    }
    out.push(("empty".into(), AppendicitisInputs::default()));
    out.push((
        "age only + two signs".into(),
        AppendicitisInputs {
            age_years: Some(9.0),
            migratory_pain: Some(true),
            rlq_tenderness: Some(true),
            ..Default::default()
        },
    ));
    out.push((
        "adult age".into(),
        AppendicitisInputs {
            age_years: Some(35.0),
            ..rows[0].inputs.clone()
        },
    ));
    out
}

/// Removes the fields a setting does not have from inputs (through the JSON field names).
pub fn strip(x: &mut AppendicitisInputs, setting: Setting) {
    let mut v = serde_json::to_value(&*x).expect("serialise");
    if let Some(obj) = v.as_object_mut() {
        for f in FIELDS {
            if setting.hides(f.group) {
                obj.insert(f.id.to_string(), serde_json::Value::Null);
            }
        }
        // neutrophilia is derived from neutrophil_percent and belongs to the blood group
    }
    *x = serde_json::from_value(v).expect("deserialise");
}

/// Output of [`train_final`].
pub struct FinalModel {
    pub weights: Vec<u8>,
    pub meta_json: String,
    pub probe_json: String,
}

/// Trains the shipped ensemble on all rows and writes the assets' bytes.
pub fn train_final(
    rows: &[DatasetRow],
    cfg: &TrainConfig,
    report: &CvReport,
    data_hash: &str,
) -> Result<FinalModel, String> {
    let inputs: Vec<AppendicitisInputs> = rows.iter().map(|r| r.inputs.clone()).collect();
    let y: Vec<bool> = rows.iter().map(|r| r.label.expect("labelled")).collect();
    let enc = Encoder::fit(&inputs);
    let x = encode_rows(&enc, &inputs.iter().collect::<Vec<_>>());
    let t0 = std::time::Instant::now();
    let ens = train_ensemble(&x, &y, cfg, cfg.seed);
    let seconds = t0.elapsed().as_secs_f64();
    let weights = ens
        .into_record()
        .into_bytes()
        .map_err(|e| format!("{e:?}"))?
        .to_vec();
    let meta = ModelMeta {
        format: 1,
        feature_names: encoding::feature_names(),
        numeric_stats: enc.stats(),
        members: cfg.members,
        hidden: cfg.hidden,
        calibration: report.calibration,
        abstention: report.abstention_rule.clone(),
        training: serde_json::json!({
            "config": cfg,
            "rows": rows.len(),
            "positives": y.iter().filter(|v| **v).count(),
            "data": "regensburg_appendicitis/app_data.csv",
            "data_fnv1a64": data_hash,
            "train_seconds": seconds,
            "calibration_fitted_on": "out-of-fold ensemble predictions of the cross-validation, all three settings",
        }),
    };
    let meta_json = serde_json::to_string_pretty(&meta).map_err(|e| e.to_string())?;
    let model = AppendicitisModel::from_bytes(&weights, &meta_json).map_err(|e| e.to_string())?;
    let probe_json = make_probe(&model, rows)?;
    Ok(FinalModel {
        weights,
        meta_json,
        probe_json,
    })
}

/// Probe file for a model.
pub fn make_probe(model: &AppendicitisModel, rows: &[DatasetRow]) -> Result<String, String> {
    let probe = Probe {
        model_hash: model.hash().to_string(),
        rows: probe_inputs(rows)
            .into_iter()
            .map(|(label, inputs)| {
                let e = model.estimate(&inputs);
                ProbeRow {
                    label,
                    inputs,
                    probability: e.probability,
                    calibrated: e.calibrated,
                    uncertainty: e.uncertainty,
                    abstain: e.abstain.is_some(),
                }
            })
            .collect(),
    };
    serde_json::to_string_pretty(&probe).map_err(|e| e.to_string())
}

/// Data hash (FNV-1a 64) of a file's bytes.
pub fn file_hash(bytes: &[u8]) -> String {
    fnv1a_hex(&[bytes])
}

/// Out-of-fold predictions as CSV (one line per repeat × setting × row), for analysis:
/// `repeat,setting,row,label,known_fields,member_sd,p_ensemble,p_calibrated_crossfit,p_logreg`.
pub fn oof_csv(rows: &[DatasetRow], cv: &CvRun) -> String {
    let y: Vec<bool> = rows.iter().map(|r| r.label.expect("labelled")).collect();
    let mut out = String::from(
        "repeat,setting,row,label,known_fields,member_sd,p_ensemble,p_calibrated_crossfit,p_logreg\n",
    );
    for (ri, rep) in cv.repeats.iter().enumerate() {
        let cal = cross_fitted_calibration(rep, cv.k, &y);
        for (s, setting) in Setting::ALL.iter().enumerate() {
            for (i, row) in rows.iter().enumerate() {
                let (p, _, sd) = combine_members(&rep.member_logits[s][i]);
                out.push_str(&format!(
                    "{},{:?},{},{},{},{:.6},{:.6},{:.6},{:.6}\n",
                    ri + 1,
                    setting,
                    row.row,
                    u8::from(y[i]),
                    rep.known[s][i],
                    sd,
                    p,
                    cal[s][i],
                    rep.logreg[s][i]
                ));
            }
        }
    }
    out
}
