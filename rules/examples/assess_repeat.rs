//! Assesses one case N times: the program `scripts/bench-instructions.sh` counts instructions
//! of, so an evaluation's cost reads the same on every machine and run (time on a shared host
//! moves by a third between runs).
//! Run: `cargo run --release -p rules --example assess_repeat -- <N> [example|sparse]`

use std::hint::black_box;

include!("../benches/common/cases.rs");

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .ok_or("usage: assess_repeat <N> [example|sparse]")?;
    let case = match args.next().as_deref() {
        None | Some("example") => ISSUE_EXAMPLE,
        Some("sparse") => SPARSE_CASE,
        Some(other) => return Err(format!("unknown case {other}: example or sparse")),
    };
    let record: rules::PatientRecord = serde_json::from_str(case).map_err(|e| e.to_string())?;
    // The rule data loads on the first call, in both the run of N and the run of 0 the script
    // subtracts.
    let _ = rules::assess(&record);
    for _ in 0..n {
        let _ = black_box(rules::assess(black_box(&record)));
    }
    Ok(())
}
