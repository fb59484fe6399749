//! Structure-aware: the fuzzer's bytes choose a PatientRecord field by field (see
//! `rules_fuzz::Case`): known complaint and finding codes, answers of the right kind or not,
//! numbers inside, at the edges of and outside their plausible ranges. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|case: rules_fuzz::Case| {
    rules_fuzz::check_assessment(&case.record());
});
