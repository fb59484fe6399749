//! Time of one full evaluation (validation + all rules + trace + what-if) of the issue's
//! example, and of loading the triage rules, the vocabulary and the questionnaire from the
//! compiled-in data (what start-up pays), beside the JSON parses they replaced.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

include!("common/cases.rs");

fn bench(c: &mut Criterion) {
    let record: rules::PatientRecord = serde_json::from_str(ISSUE_EXAMPLE).expect("valid case");
    let sparse: rules::PatientRecord = serde_json::from_str(SPARSE_CASE).expect("valid case");
    // Load the embedded rule data once, outside the measurement.
    let _ = rules::assess(&record);
    c.bench_function("validate+evaluate issue example", |b| {
        b.iter(|| rules::assess(black_box(&record)))
    });
    c.bench_function("validate+evaluate sparse case", |b| {
        b.iter(|| rules::assess(black_box(&sparse)))
    });
    c.bench_function("load the triage rule set", |b| {
        b.iter(rules::triage::load_rule_set_uncached)
    });
    // The vocabulary as start-up builds it from the compiled-in statics, beside the parse of
    // the same file from JSON that start-up did before (the baseline, in the same run).
    c.bench_function("build the vocabulary from its statics", |b| {
        b.iter(rules::vocabulary::build_uncached)
    });
    c.bench_function("parse the vocabulary from JSON (baseline)", |b| {
        b.iter(rules::vocabulary::parse_json_uncached)
    });
    c.bench_function("build the questionnaire from its statics", |b| {
        b.iter(rules::questionnaire::build_uncached)
    });
    c.bench_function("parse the questionnaire from JSON (baseline)", |b| {
        b.iter(rules::questionnaire::parse_json_uncached)
    });
    let valid = record.validate().expect("valid");
    c.bench_function("evaluate only, issue example", |b| {
        b.iter(|| rules::evaluate(black_box(&valid)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
