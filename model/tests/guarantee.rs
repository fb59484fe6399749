//! The prediction set's guarantee: the threshold procedure keeps its error bound, held-out
//! folds of the real data stay within the finite-sample bounds at each α, the shipped rule is
//! the one in the metadata, and a refused child never gets a probability as an answer.
#![cfg(not(target_arch = "wasm32"))]
#![allow(deprecated)]

use model::appendicitis::{Probe, SHIPPED_PROBE};
use model::rng::SplitMix64;
use model::selective::{self, SettingThresholds, clopper_pearson_upper, ln_binom_cdf};
use model::train::{self, TrainConfig};
use model::{AppendicitisInputs, AppendicitisModel, Label, PredictionSet, Setting};

/// P(Binomial(n, q) ≥ k).
fn binom_upper_tail(k: usize, n: usize, q: f64) -> f64 {
    if k == 0 {
        1.0
    } else {
        1.0 - ln_binom_cdf(k - 1, n, q).exp()
    }
}

/// The procedure on a known distribution (a test of the method, not clinical evidence): p is
/// uniform on [0, 1] and appendicitis ~ Bernoulli(p), so the true error of answering
/// {appendicitis} for p ≥ t is (1 − t)/2 and of answering {no appendicitis} for p < t is t/2.
/// Over many calibration draws the certified thresholds must have a true error above α at most
/// δ/2 of the time per label (checked with a binomial tolerance), and must not be vacuous.
#[test]
fn thresholds_keep_their_error_bound_over_calibration_draws() {
    let (alpha, delta, trials, n) = (0.10, 0.10, 300, 2000);
    let mut rng = SplitMix64::new(2026);
    let (mut bad_yes, mut bad_no, mut answered_yes) = (0, 0, 0);
    for _ in 0..trials {
        let p: Vec<f64> = (0..n).map(|_| f64::from(rng.next_f32())).collect();
        let y: Vec<bool> = p.iter().map(|p| f64::from(rng.next_f32()) < *p).collect();
        let t = selective::fit_thresholds(Setting::Blood, &p, &y, &vec![true; n], alpha, delta);
        if let Some(ty) = t.answer_yes_from {
            answered_yes += 1;
            bad_yes += usize::from((1.0 - ty) / 2.0 > alpha + 1e-12);
        }
        if let Some(tn) = t.answer_no_below {
            bad_no += usize::from(tn / 2.0 > alpha + 1e-12);
        }
    }
    // violations per label ≤ δ/2 in expectation; fail if improbably many (P < 0.001)
    for (label, bad) in [("yes", bad_yes), ("no", bad_no)] {
        assert!(
            binom_upper_tail(bad, trials, delta / 2.0) > 1e-3,
            "{label}: {bad} of {trials} draws certified a threshold whose true error exceeds α"
        );
    }
    // and the procedure answers: the true boundary is p ≥ 0.8 (error 0.1)
    assert!(answered_yes > trials * 9 / 10, "{answered_yes}");
}

/// A procedure that used the empirical error instead of the bound would fail the test above:
/// check that the test can tell (the point estimate overshoots far more than δ/2 of the time).
#[test]
fn the_bound_matters_the_point_estimate_would_overshoot() {
    let (alpha, trials, n) = (0.10, 300, 600);
    let mut rng = SplitMix64::new(7);
    let mut bad = 0;
    for _ in 0..trials {
        let p: Vec<f64> = (0..n).map(|_| f64::from(rng.next_f32())).collect();
        let y: Vec<bool> = p.iter().map(|p| f64::from(rng.next_f32()) < *p).collect();
        // naive: least conservative candidate whose empirical error is ≤ α
        let naive = selective::yes_sequence().into_iter().rev().find(|&t| {
            let sel: Vec<usize> = (0..n).filter(|&i| p[i] >= t).collect();
            let wrong = sel.iter().filter(|&&i| !y[i]).count();
            !sel.is_empty() && wrong as f64 / sel.len() as f64 <= alpha
        });
        bad += usize::from(naive.is_some_and(|t| (1.0 - t) / 2.0 > alpha + 1e-12));
    }
    assert!(binom_upper_tail(bad, trials, 0.05) < 1e-3, "{bad}");
}

fn labelled_rows() -> Vec<model::data::DatasetRow> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/data/regensburg_appendicitis/app_data.csv");
    model::data::read_rows(&path)
        .expect("Regensburg data")
        .into_iter()
        .filter(|r| r.label.is_some())
        .collect()
}

/// The real data, nested: for each outer fold, thresholds fitted on an inner CV of the other
/// folds only, then applied to the held-out fold. At each α and setting, the held-out errors
/// among the answered children and the held-out misses of the set must be compatible with
/// rates ≤ α (exact binomial tail > 0.001, a tolerance for the finite sample; it fails if the
/// thresholds were, e.g., plain 0.5 cut-offs). A small, fast ensemble (the dev profile is
/// slow); the shipped configuration is evaluated the same way by `appendicitis train`.
#[test]
fn held_out_folds_stay_within_the_bound_at_each_alpha() {
    let rows = labelled_rows();
    let y: Vec<bool> = rows.iter().map(|r| r.label.unwrap()).collect();
    let cfg = TrainConfig {
        hidden: 8,
        members: 2,
        epochs: 12,
        ..TrainConfig::default()
    };
    let cv = train::cross_validate(&rows, &cfg, 5, 1, true, &mut |_| {});
    let report = train::report(&rows, &cv, &cfg);
    assert_eq!(report.selective.len(), train::ALPHAS.len() * 3);
    let mut answered_somewhere = 0;
    for o in &report.selective {
        eprintln!(
            "α {:.2} {}: answered {} of {}, wrong {}",
            o.alpha, o.setting, o.n_answered, o.n, o.n_wrong
        );
        assert_eq!(o.n, y.len());
        let tail = binom_upper_tail(o.n_wrong, o.n_answered, o.alpha);
        assert!(
            tail > 1e-3,
            "α {} {}: {} wrong of {} answered (P = {tail:e})",
            o.alpha,
            o.setting,
            o.n_wrong,
            o.n_answered
        );
        let missed = o.n - (o.coverage.mean * o.n as f64).round() as usize;
        assert_eq!(missed, o.n_wrong, "a miss of the set is a wrong answer");
        let tail = binom_upper_tail(missed, o.n, o.alpha);
        assert!(
            tail > 1e-3,
            "α {} {}: coverage {}",
            o.alpha,
            o.setting,
            o.coverage.mean
        );
        answered_somewhere += o.n_answered;
    }
    // not vacuous: the 0.5 cut-off's error here is far above 5 %, so answering with it fails
    let naive_error = {
        let p: Vec<f64> = cv.repeats[0].member_logits[1]
            .iter()
            .map(|l| model::appendicitis::combine_members(l).0)
            .collect();
        p.iter()
            .zip(&y)
            .filter(|(p, y)| (**p >= 0.5) != **y)
            .count()
    };
    assert!(binom_upper_tail(naive_error, y.len(), 0.05) < 1e-3);
    assert!(answered_somewhere > 0, "nothing answered at any α");
    // with ultrasound at α = 0.20 even this small ensemble answers a fair share
    let us = report
        .selective
        .iter()
        .find(|o| o.alpha == 0.20 && o.setting == Setting::BloodUltrasound.name())
        .unwrap();
    assert!(us.n_answered * 5 > us.n, "{} of {}", us.n_answered, us.n);
}

/// The shipped metadata holds α, δ and thresholds for every setting, and the probe's sets
/// are what those thresholds give.
#[test]
fn the_shipped_rule_is_model_data_and_decides_the_probe() {
    let model = AppendicitisModel::shipped().unwrap();
    let rule = &model.meta().selective;
    assert!((rule.alpha - 0.10).abs() < 1e-12, "{}", rule.alpha);
    assert!(rule.delta > 0.0 && rule.delta < 0.5);
    assert_eq!(rule.settings.len(), 3);
    for (t, s) in rule.settings.iter().zip(Setting::ALL) {
        assert_eq!(t.setting, s);
        // the counts stored next to the thresholds satisfy the bound they were certified with
        if t.answered_yes > 0 {
            assert!(
                clopper_pearson_upper(t.wrong_yes, t.answered_yes, rule.delta / 2.0) <= rule.alpha
            );
        }
        if t.answered_no > 0 {
            assert!(
                clopper_pearson_upper(t.wrong_no, t.answered_no, rule.delta / 2.0) <= rule.alpha
            );
        }
    }
    let probe: Probe = serde_json::from_str(SHIPPED_PROBE).unwrap();
    let mut answered = 0;
    for row in &probe.rows {
        let e = model.estimate(&row.inputs);
        let t: &SettingThresholds = rule.thresholds(e.setting).unwrap();
        if e.refusal
            .as_ref()
            .is_some_and(|r| !matches!(r.reason, model::AbstainReason::NotSureEnough { .. }))
        {
            continue;
        }
        assert_eq!(
            e.prediction_set,
            t.decide(f64::from(row.probability)),
            "{}",
            row.label
        );
        answered += usize::from(e.answer().is_some());
    }
    assert!(answered > 0, "no probe row answered");
}

/// A refused child exposes no probability as an answer; an answered one exposes it with the
/// single label of its set.
#[test]
fn a_refusal_never_shows_a_probability_as_an_answer() {
    let model = AppendicitisModel::shipped().unwrap();
    let rows = labelled_rows();
    let (mut refused, mut answered) = (0, 0);
    for r in rows.iter().step_by(5) {
        for setting in Setting::ALL {
            let mut x = r.inputs.clone();
            train::strip(&mut x, setting);
            let e = model.estimate(&x);
            match e.answer() {
                None => {
                    refused += 1;
                    assert_eq!(e.prediction_set, PredictionSet::Both);
                    assert!(e.refusal.is_some(), "a refusal has its reason");
                }
                Some(a) => {
                    answered += 1;
                    assert!(e.refusal.is_none());
                    assert_eq!(e.prediction_set.single(), Some(a.label));
                    // the label agrees with the side of the threshold it came from
                    let p = f64::from(e.numbers_even_if_refused().probability);
                    let t = model.meta().selective.thresholds(e.setting).unwrap();
                    match a.label {
                        Label::Appendicitis => assert!(p >= t.answer_yes_from.unwrap()),
                        Label::NoAppendicitis => assert!(p < t.answer_no_below.unwrap()),
                    }
                }
            }
        }
    }
    assert!(
        refused > 0 && answered > 0,
        "{refused} refused, {answered} answered"
    );
}

/// The setting comes from which inputs are known.
#[test]
fn the_setting_is_decided_from_the_known_inputs() {
    let clinical = AppendicitisInputs {
        age_years: Some(9.0),
        rlq_tenderness: Some(true),
        ..Default::default()
    };
    assert_eq!(Setting::of(&clinical), Setting::NoBloodNoUltrasound);
    let blood = AppendicitisInputs {
        crp_mg_per_l: Some(12.0),
        ..clinical.clone()
    };
    assert_eq!(Setting::of(&blood), Setting::Blood);
    let urine = AppendicitisInputs {
        urine_ketones_grade: Some(1),
        ..clinical.clone()
    };
    assert_eq!(Setting::of(&urine), Setting::Blood);
    let us = AppendicitisInputs {
        us_appendix_visible: Some(true),
        ..clinical
    };
    assert_eq!(Setting::of(&us), Setting::BloodUltrasound);
    assert_eq!(
        Setting::of(&AppendicitisInputs::default()),
        Setting::NoBloodNoUltrasound
    );
}
