//! Native tests of the appendicitis model: encoding, missingness, shipped weights, determinism,
//! the predict command line and robustness to garbage input.
#![cfg(not(target_arch = "wasm32"))]
#![allow(deprecated)]

use model::appendicitis::{Probe, SHIPPED_PROBE};
use model::encoding::{self, Encoder, FIELDS};
use model::inputs::ColumnUse;
use model::train::{self, TrainConfig};
use model::{
    AbstainReason, AppendicitisInputs, AppendicitisModel, Label, Peritonitis, PredictionSet, Sex,
    Stool,
};

fn child() -> AppendicitisInputs {
    AppendicitisInputs {
        age_years: Some(11.0),
        sex: Some(Sex::Male),
        weight_kg: Some(38.0),
        height_cm: Some(146.0),
        migratory_pain: Some(true),
        nausea_vomiting: Some(true),
        anorexia: Some(true),
        dysuria: Some(false),
        stool: Some(Stool::Normal),
        temperature_c: Some(38.1),
        rlq_tenderness: Some(true),
        contralateral_rebound: Some(true),
        cough_hop_pain: Some(true),
        psoas_sign: Some(false),
        peritonitis: Some(Peritonitis::Localized),
        wbc_10e3_per_ul: Some(16.2),
        neutrophil_percent: Some(84.0),
        crp_mg_per_l: Some(35.0),
        ..Default::default()
    }
}

fn fitted_encoder() -> Encoder {
    let rows = vec![
        child(),
        AppendicitisInputs {
            age_years: Some(5.0),
            weight_kg: Some(19.0),
            height_cm: Some(110.0),
            ..Default::default()
        },
        AppendicitisInputs {
            age_years: Some(15.0),
            temperature_c: Some(37.0),
            wbc_10e3_per_ul: Some(7.0),
            ..child()
        },
    ];
    Encoder::fit(&rows)
}

#[test]
fn encoding_layout_and_names_agree() {
    let names = encoding::feature_names();
    assert_eq!(names.len(), encoding::encoded_len());
    let layout = encoding::layout();
    assert_eq!(layout.len(), FIELDS.len());
    assert_eq!(layout.last().unwrap().end, encoding::encoded_len());
    for (r, f) in layout.iter().zip(FIELDS) {
        assert_eq!(names[r.end - 1], format!("{}.missing", f.id));
    }
}

#[test]
fn empty_inputs_encode_as_all_missing() {
    let enc = fitted_encoder();
    let e = enc.encode(&AppendicitisInputs::default());
    for r in encoding::layout() {
        assert!(encoding::is_missing(&e, &r));
        assert!(e[r.start..r.end - 1].iter().all(|v| *v == 0.0));
    }
    assert_eq!(encoding::known_clinical_fields(&e), 0);
}

#[test]
fn numeric_encoding_uses_stored_statistics_and_round_trips() {
    let enc = fitted_encoder();
    let s = enc.stats_of("age_years").unwrap().clone();
    let x = AppendicitisInputs {
        age_years: Some(9.5),
        ..Default::default()
    };
    let e = enc.encode(&x);
    let r = &encoding::layout()[encoding::field_index("age_years").unwrap()];
    assert!((e[r.start] - (9.5 - s.mean) / s.sd).abs() < 1e-6);
    assert_eq!(e[r.end - 1], 0.0);
    // statistics survive a JSON round trip and give the identical encoding
    let json = serde_json::to_string(&enc.stats()).unwrap();
    let back = Encoder::from_stats(&serde_json::from_str::<Vec<_>>(&json).unwrap()).unwrap();
    assert_eq!(back, enc);
    assert_eq!(back.encode(&child()), enc.encode(&child()));
    // inputs survive a JSON round trip
    let j = serde_json::to_string(&child()).unwrap();
    assert_eq!(
        serde_json::from_str::<AppendicitisInputs>(&j).unwrap(),
        child()
    );
    // missing statistics are an error, not a silent default
    let mut short = enc.stats();
    short.pop();
    assert!(Encoder::from_stats(&short).is_err());
}

#[test]
fn unknowing_one_field_changes_only_its_columns() {
    let enc = fitted_encoder();
    let full = enc.encode(&child());
    let layout = encoding::layout();
    for (fi, f) in FIELDS.iter().enumerate() {
        let mut v = serde_json::to_value(child()).unwrap();
        v[f.id] = serde_json::Value::Null;
        let x: AppendicitisInputs = serde_json::from_value(v).unwrap();
        let e = enc.encode(&x);
        for (fj, r) in layout.iter().enumerate() {
            // neutrophilia is derived from neutrophil_percent when that is known
            let derived = f.id == "neutrophil_percent" && FIELDS[fj].id == "neutrophilia";
            if fj != fi && !derived {
                assert_eq!(
                    &e[r.clone()],
                    &full[r.clone()],
                    "{} changed when {} unknown",
                    FIELDS[fj].id,
                    f.id
                );
            }
        }
        let r = &layout[fi];
        if f.id == "neutrophilia" {
            // still derived from the known neutrophil_percent
            assert_eq!(&e[r.clone()], &full[r.clone()]);
        } else {
            assert!(encoding::is_missing(&e, r), "{} should be missing", f.id);
        }
    }
}

#[test]
fn garbage_numbers_are_unknown_or_clipped() {
    let enc = fitted_encoder();
    let x = AppendicitisInputs {
        age_years: Some(f32::NAN),
        temperature_c: Some(f32::INFINITY),
        wbc_10e3_per_ul: Some(1e30),
        urine_ketones_grade: Some(200),
        ..Default::default()
    };
    let e = enc.encode(&x);
    let l = encoding::layout();
    let idx = |id| &l[encoding::field_index(id).unwrap()];
    assert!(encoding::is_missing(&e, idx("age_years")));
    assert!(encoding::is_missing(&e, idx("temperature_c")));
    assert!(encoding::is_missing(&e, idx("urine_ketones_grade")));
    assert!(!encoding::is_missing(&e, idx("wbc_10e3_per_ul")));
    assert!(e.iter().all(|v| v.is_finite() && v.abs() <= 5.0));
}

#[test]
fn label_leaking_columns_are_never_inputs() {
    for col in [
        "Alvarado_Score",
        "Paedriatic_Appendicitis_Score",
        "Appendix_Diameter",
        "Length_of_Stay",
        "Diagnosis_Presumptive",
        "Management",
        "Severity",
        "Diagnosis",
    ] {
        let mut x = AppendicitisInputs::default();
        assert_eq!(x.set_dataset_column(col, "9"), ColumnUse::Ignored, "{col}");
        assert_eq!(x, AppendicitisInputs::default());
    }
    let mut x = AppendicitisInputs::default();
    assert_eq!(
        x.set_dataset_column("Body_Temperature", "26.9"),
        ColumnUse::Input
    );
    assert_eq!(x.temperature_c, None, "below 30 °C is a data-entry error");
    assert_eq!(
        x.set_dataset_column("No_Such_Column", "yes"),
        ColumnUse::Unknown
    );
}

#[test]
fn shipped_weights_load_and_reproduce_the_probe() {
    let model = AppendicitisModel::shipped().expect("shipped weights load");
    let probe: Probe = serde_json::from_str(SHIPPED_PROBE).expect("probe parses");
    assert_eq!(
        probe.model_hash,
        model.hash(),
        "probe written for other weights"
    );
    assert!(probe.rows.len() >= 10);
    for row in &probe.rows {
        let e = model.estimate(&row.inputs);
        assert_eq!(e.prediction_set, row.prediction_set, "{}", row.label);
        let e = e.numbers_even_if_refused().clone();
        assert!(
            (e.probability - row.probability).abs() <= 1e-6,
            "{}",
            row.label
        );
        assert!(
            (e.calibrated - row.calibrated).abs() <= 1e-6,
            "{}",
            row.label
        );
        assert!(
            (e.uncertainty - row.uncertainty).abs() <= 1e-6,
            "{}",
            row.label
        );
    }
}

/// The version the app shows before loading the model (computed when the crate is compiled)
/// is the hash the loaded model reports, and the hex digits are those `format!` writes.
#[test]
fn the_shipped_hash_known_at_compile_time_is_the_loaded_models() {
    let model = AppendicitisModel::shipped().unwrap();
    assert_eq!(model::appendicitis::SHIPPED_HASH, model.hash());
    for (parts, h) in [
        (&[][..], 0xcbf2_9ce4_8422_2325_u64),
        (&[&b"a"[..]][..], 0xaf63_dc4c_8601_ec8c),
        (
            &[&b"foo"[..], &b"bar"[..]][..],
            model::appendicitis::fnv1a(&[b"foobar"]),
        ),
    ] {
        assert_eq!(model::appendicitis::fnv1a(parts), h);
        assert_eq!(model::appendicitis::fnv1a_hex(parts), format!("{h:016x}"));
    }
}

#[test]
fn the_shipped_weight_file_is_exactly_what_the_loaded_network_writes() {
    let model = AppendicitisModel::shipped().unwrap();
    assert_eq!(model.weight_bytes(), model::appendicitis::SHIPPED_WEIGHTS);
}

fn reason(e: &model::Estimate) -> Option<&AbstainReason> {
    e.refusal.as_ref().map(|r| &r.reason)
}

#[test]
fn estimate_is_a_probability_with_interval_and_refuses_out_of_range() {
    let model = AppendicitisModel::shipped().unwrap();
    let e = model.estimate(&child());
    let n = e.numbers_even_if_refused();
    assert!((0.0..=1.0).contains(&n.calibrated));
    assert!(n.interval.0 <= n.interval.1);
    assert!(n.uncertainty >= 0.0);
    assert_eq!(e.model_hash, model.hash());
    let adult = model.estimate(&AppendicitisInputs {
        age_years: Some(40.0),
        ..child()
    });
    assert!(matches!(
        reason(&adult),
        Some(AbstainReason::AgeOutsideTraining { .. })
    ));
    let no_age = model.estimate(&AppendicitisInputs {
        age_years: None,
        ..child()
    });
    assert_eq!(reason(&no_age), Some(&AbstainReason::AgeUnknown));
    let few = model.estimate(&AppendicitisInputs {
        age_years: Some(8.0),
        rlq_tenderness: Some(true),
        ..Default::default()
    });
    assert!(matches!(
        reason(&few),
        Some(AbstainReason::TooFewInputs { known: 1, .. })
    ));
    assert_eq!(
        few.refusal.as_ref().unwrap().next,
        model::NextStep::AnswerMoreQuestions {
            more: 4,
            // without blood tests the shipped model never answers
            including: Some(model::Setting::Blood)
        }
    );
    let crp = model.estimate(&AppendicitisInputs {
        crp_mg_per_l: Some(5000.0),
        ..child()
    });
    assert!(
        matches!(reason(&crp), Some(AbstainReason::ValueOutsideTraining { field, .. }) if field == "crp_mg_per_l")
    );
    for refused in [&adult, &no_age, &few, &crp] {
        assert_eq!(refused.prediction_set, PredictionSet::Both);
        assert!(refused.answer().is_none());
    }
    // garbage does not panic
    let g = model.estimate(&AppendicitisInputs {
        age_years: Some(f32::NAN),
        weight_kg: Some(-1e38),
        urine_leukocytes_grade: Some(255),
        ..Default::default()
    });
    assert!(g.numbers_even_if_refused().calibrated.is_finite());
    assert!(g.refused());
}

#[test]
fn contributions_are_occlusion_deltas_of_known_inputs() {
    let model = AppendicitisModel::shipped().unwrap();
    let x = child();
    let e = model.estimate(&x).numbers_even_if_refused().clone();
    let known = FIELDS.iter().filter(|f| (f.get)(&x).is_some()).count();
    assert_eq!(e.contributions.len(), known);
    for w in e.contributions.windows(2) {
        assert!(w[0].delta.abs() >= w[1].delta.abs());
    }
    // re-derive a delta by removing the input through the public type
    let c = e
        .contributions
        .iter()
        .find(|c| c.field == "crp_mg_per_l")
        .unwrap();
    let without = model.estimate(&AppendicitisInputs {
        crp_mg_per_l: None,
        ..x.clone()
    });
    let without = without.numbers_even_if_refused();
    assert!((e.calibrated - without.calibrated - c.delta).abs() < 1e-6);
}

#[test]
fn training_is_deterministic_from_the_seed_and_learns() {
    // synthetic: appendicitis iff RLQ tenderness and CRP high (a learnable rule)
    let mut rng = model::rng::SplitMix64::new(11);
    let mut xs = Vec::new();
    let mut ys = Vec::new();
    for _ in 0..160 {
        let rlq = rng.next_f32() < 0.5;
        let crp = rng.uniform(0.0, 100.0);
        xs.push(AppendicitisInputs {
            age_years: Some(rng.uniform(2.0, 17.0)),
            rlq_tenderness: Some(rlq),
            crp_mg_per_l: Some(crp),
            nausea_vomiting: Some(rng.next_f32() < 0.5),
            ..Default::default()
        });
        ys.push(rlq && crp > 40.0);
    }
    let enc = Encoder::fit(&xs);
    let x: Vec<f32> = xs.iter().flat_map(|r| enc.encode(r)).collect();
    let cfg = TrainConfig {
        hidden: 8,
        members: 2,
        epochs: 30,
        batch_size: 32,
        field_drop: 0.0,
        ..TrainConfig::default()
    };
    let a = train::ensemble_logits(&train::train_ensemble(&x, &ys, &cfg, 5), &x);
    let b = train::ensemble_logits(&train::train_ensemble(&x, &ys, &cfg, 5), &x);
    let c = train::ensemble_logits(&train::train_ensemble(&x, &ys, &cfg, 6), &x);
    assert_eq!(a, b, "same seed, same weights");
    assert_ne!(a, c, "another seed, other weights");
    let p: Vec<f64> = a
        .iter()
        .map(|l| model::appendicitis::combine_members(l).0)
        .collect();
    let auc = model::metrics::auroc(&p, &ys).unwrap();
    assert!(auc > 0.9, "training AUROC {auc}");
}

#[test]
fn logistic_regression_baseline_fits_a_separable_signal() {
    let mut rng = model::rng::SplitMix64::new(3);
    let d = 3;
    let mut x = Vec::new();
    let mut y = Vec::new();
    for _ in 0..4000 {
        let a = rng.uniform(-2.0, 2.0);
        let noise = rng.uniform(-1.0, 1.0);
        x.extend_from_slice(&[a, noise, 1.0]);
        y.push((rng.next_f32() as f64) < model::metrics::sigmoid(2.0 * f64::from(a)));
    }
    let lr = train::LogReg::fit(&x, &y, d, 1e-3);
    assert!((lr.w[0] - 2.0).abs() < 0.3, "{:?}", lr.w);
    assert!(lr.w[1].abs() < 0.3, "{:?}", lr.w);
}

#[test]
fn stratified_folds_balance_classes() {
    let y: Vec<bool> = (0..103).map(|i| i % 3 == 0).collect();
    let folds = train::stratified_folds(&y, 5, &mut model::rng::SplitMix64::new(1));
    for f in 0..5 {
        let pos = (0..y.len()).filter(|&i| folds[i] == f && y[i]).count();
        let all = (0..y.len()).filter(|&i| folds[i] == f).count();
        assert!((6..=7).contains(&pos), "fold {f}: {pos} positives");
        assert!((20..=21).contains(&all), "fold {f}: {all} rows");
    }
}

#[test]
fn predict_cli_writes_one_row_per_input_row() {
    let dir = std::env::temp_dir().join(format!("appendicitis-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("in.csv");
    let output = dir.join("out.csv");
    std::fs::write(
        &input,
        "Age,Sex,Migratory_Pain,Lower_Right_Abd_Pain,Nausea,Loss_of_Appetite,Body_Temperature,Coughing_Pain,CRP,WBC_Count,Alvarado_Score\n\
         11,male,yes,yes,yes,yes,38.4,yes,60,17.1,9\n\
         ,female,no,no,,,,,,,\n\
         7,female,no,yes,no,no,36.9,no,1,6.3,2\n\
         banana,???,maybe,yes,no,no,-5,no,abc,,\n",
    )
    .unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_appendicitis"))
        .args([
            "predict",
            "--input",
            input.to_str().unwrap(),
            "--output",
            output.to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let text = std::fs::read_to_string(&output).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "row,probability,abstain,prediction_set,reason");
    assert_eq!(lines.len(), 5);
    let mut reader = csv::Reader::from_path(&output).unwrap();
    let parsed: Vec<(usize, Option<f32>, bool, String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (
                r[0].parse().unwrap(),
                (!r[1].is_empty()).then(|| r[1].parse().unwrap()),
                r[2].parse().unwrap(),
                r[3].to_string(),
                r[4].to_string(),
            )
        })
        .collect();
    assert_eq!(
        parsed.iter().map(|p| p.0).collect::<Vec<_>>(),
        vec![1, 2, 3, 4]
    );
    for (_, p, abstain, set, reason) in &parsed {
        // a probability only with an answer; a refusal always with its reason
        assert_eq!(p.is_some(), !abstain, "{set} {reason}");
        assert!(p.is_none_or(|p| (0.0..=1.0).contains(&p)));
        assert_eq!(reason.is_empty(), !abstain);
        assert_eq!(set == "{appendicitis, no appendicitis}", *abstain, "{set}");
    }
    assert_eq!(
        parsed[0].3, "{appendicitis}",
        "complete classic presentation with blood tests should be answered"
    );
    assert!(parsed[1].2, "no age: abstain");
    assert!(parsed[1].4.contains("age unknown"), "{}", parsed[1].4);
    assert!(parsed[3].2, "unreadable age: abstain");
    // the CLI agrees with the library on the same inputs
    let model = AppendicitisModel::shipped().unwrap();
    let rows = model::data::read_rows(&input).unwrap();
    let e = model.estimate(&rows[0].inputs);
    assert!((e.answer().unwrap().probability - parsed[0].1.unwrap()).abs() < 1e-5);
    // a missing input file is an error, not a panic
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_appendicitis"))
        .args([
            "predict",
            "--input",
            dir.join("nope.csv").to_str().unwrap(),
            "--output",
            output.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn with_nothing_known_the_estimate_is_near_the_training_prevalence() {
    // Sparse rows are in the training distribution (sparse_rows masking), so an empty input
    // should land near the base rate rather than extrapolate; it is still abstained on.
    let model = AppendicitisModel::shipped().unwrap();
    let t = &model.meta().training;
    let prevalence = t["positives"].as_f64().unwrap() / t["rows"].as_f64().unwrap();
    let e = model.estimate(&AppendicitisInputs::default());
    let p = e.numbers_even_if_refused().probability;
    assert!(
        (f64::from(p) - prevalence).abs() < 0.1,
        "{p} vs {prevalence}"
    );
    assert!(e.refused());
}

#[test]
fn classic_signs_score_higher_than_their_absence() {
    let model = AppendicitisModel::shipped().unwrap();
    let classic = child();
    let negative = AppendicitisInputs {
        migratory_pain: Some(false),
        nausea_vomiting: Some(false),
        anorexia: Some(false),
        temperature_c: Some(36.8),
        rlq_tenderness: Some(false),
        contralateral_rebound: Some(false),
        cough_hop_pain: Some(false),
        peritonitis: Some(Peritonitis::None),
        wbc_10e3_per_ul: Some(6.5),
        neutrophil_percent: Some(50.0),
        crp_mg_per_l: Some(1.0),
        ..child()
    };
    let (a, b) = (model.estimate(&classic), model.estimate(&negative));
    let (pa, pb) = (
        a.numbers_even_if_refused().calibrated,
        b.numbers_even_if_refused().calibrated,
    );
    assert!(pa > pb + 0.3, "{pa} vs {pb}");
    // with blood tests the classic child is answered {appendicitis}; the negative child is not
    assert_eq!(a.setting, model::Setting::Blood);
    assert_eq!(a.answer().map(|x| x.label), Some(Label::Appendicitis));
    assert_ne!(b.prediction_set, PredictionSet::Appendicitis);
}
