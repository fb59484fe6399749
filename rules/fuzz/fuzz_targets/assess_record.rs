//! Any bytes: parsed as a case-format JSON record, then validated and evaluated. Parsing may
//! fail and validation may refuse (both are answers); nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(record) = serde_json::from_slice::<rules::PatientRecord>(data) {
        rules_fuzz::check_assessment(&record);
    }
});
