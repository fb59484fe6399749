//! Any bytes as a hand-off file or QR payload: `rules::handoff::import` must refuse or accept,
//! never panic; what it accepts must survive being written again (file and QR) unchanged,
//! must write a record the rules can assess, and every refusal must say why in both languages
//! without echoing markup.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rules::Lang;
use rules::handoff;

fuzz_target!(|data: &[u8]| {
    match handoff::import(data) {
        Ok(h) => {
            let file = handoff::to_file_json(&h.answers, h.lang);
            let again = handoff::import(file.as_bytes()).expect("a written file reads back");
            assert_eq!(again.answers, h.answers);
            let qr = handoff::to_qr_text(&h.answers, h.lang);
            let again = handoff::import(qr.as_bytes()).expect("a written QR text reads back");
            assert_eq!(again.answers, h.answers);
            let mut record = rules::PatientRecord::default();
            rules::questionnaire::anamnesis().apply(&h.answers, &mut record);
            rules_fuzz::check_assessment(&record);
        }
        Err(e) => {
            for lang in [Lang::En, Lang::Fr] {
                let m = e.message(lang);
                assert!(!m.is_empty());
                assert!(!m.contains("<script") && !m.contains("<img"), "{m}");
            }
        }
    }
});
