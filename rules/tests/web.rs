//! The same rules, run in headless Chromium: the embedded content must load and give the
//! same answers as natively (`make test-wasm`).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn content_loads_and_centiles_match_the_source_in_the_browser() {
    assert_eq!(rules::ruleset_hash().len(), 64);
    let ranges = rules::centile_ranges_for_age(rules::Age::from_months(30.0).unwrap()).unwrap();
    assert_eq!(ranges.heart_rate_per_min.at(10), Some(92));
    assert_eq!(ranges.heart_rate_per_min.at(90), Some(128));
    assert_eq!(ranges.respiratory_rate_per_min.at(50), Some(28));
}

#[wasm_bindgen_test]
fn invalid_input_is_an_error_not_a_panic_in_the_browser() {
    assert!(rules::Age::from_days(-1).is_err());
    assert!(rules::Age::from_months(f64::NAN).is_err());
}
