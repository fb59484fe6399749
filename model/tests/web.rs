//! Browser test (headless Chromium via wasm-bindgen-test-runner): the shipped weights load in
//! wasm and give the native probabilities of the probe rows to 1e-5, and the same prediction
//! sets.
#![cfg(target_arch = "wasm32")]
#![allow(deprecated)]

use model::AppendicitisModel;
use model::appendicitis::{Probe, SHIPPED_PROBE};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn shipped_weights_load_in_the_browser() {
    let model = AppendicitisModel::shipped().expect("shipped weights load");
    let probe: Probe = serde_json::from_str(SHIPPED_PROBE).expect("probe parses");
    assert_eq!(probe.model_hash, model.hash());
}

#[wasm_bindgen_test]
fn browser_probabilities_equal_native_to_1e5() {
    let model = AppendicitisModel::shipped().unwrap();
    let probe: Probe = serde_json::from_str(SHIPPED_PROBE).unwrap();
    let mut worst = 0.0f32;
    for row in &probe.rows {
        let est = model.estimate(&row.inputs);
        assert_eq!(est.prediction_set, row.prediction_set, "{}", row.label);
        assert_eq!(est.refused(), row.abstain, "{}", row.label);
        let e = est.numbers_even_if_refused();
        for (browser, native) in [
            (e.probability, row.probability),
            (e.calibrated, row.calibrated),
            (e.uncertainty, row.uncertainty),
        ] {
            let d = (browser - native).abs();
            worst = worst.max(d);
            assert!(
                d <= 1e-5,
                "{}: browser {browser} native {native}",
                row.label
            );
        }
    }
    web_sys_free_log(&format!(
        "probe rows {} max |browser - native| = {worst:e}",
        probe.rows.len()
    ));
}

#[wasm_bindgen_test]
fn browser_forward_timing() {
    let model = AppendicitisModel::shipped().unwrap();
    let probe: Probe = serde_json::from_str(SHIPPED_PROBE).unwrap();
    let xs: Vec<_> = probe.rows.iter().map(|r| r.inputs.clone()).collect();
    let mut sink = 0.0f32;
    for i in 0..200 {
        sink += model.estimate_many(std::slice::from_ref(&xs[i % xs.len()]), false)[0]
            .numbers_even_if_refused()
            .calibrated;
    }
    let calls = 1000;
    let t0 = js_sys::Date::now();
    for i in 0..calls {
        sink += model.estimate_many(std::slice::from_ref(&xs[i % xs.len()]), false)[0]
            .numbers_even_if_refused()
            .calibrated;
    }
    let per_call_us = (js_sys::Date::now() - t0) * 1000.0 / calls as f64;
    let t1 = js_sys::Date::now();
    for i in 0..100 {
        sink += model
            .estimate(&xs[i % xs.len()])
            .numbers_even_if_refused()
            .calibrated;
    }
    let explain_us = (js_sys::Date::now() - t1) * 1000.0 / 100.0;
    assert!(sink.is_finite());
    web_sys_free_log(&format!(
        "BENCH browser estimate batch 1: {per_call_us:.1} us/call; with explanation: {explain_us:.1} us/call"
    ));
}

fn web_sys_free_log(s: &str) {
    wasm_bindgen_test::console_log!("{s}");
}
