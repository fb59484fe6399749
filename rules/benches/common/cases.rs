// The cases every benchmark of `assess` measures (criterion, allocations, instructions), written
// once and `include!`d by each.

/// The issue's example: a febrile 7-week-old in shock.
const ISSUE_EXAMPLE: &str = r#"{"age_days": 49, "weight_kg": 4.8, "complaint": "fever",
 "vitals": {"heart_rate_per_min": 182, "respiratory_rate_per_min": 58, "spo2_percent": 95, "temperature_c": 38.6, "temperature_route": "rectal", "systolic_bp_mmhg": 50, "capillary_refill_s": 5, "gcs": 14},
 "observations": {"mottled_skin": true}}"#;

/// Most inputs missing, so the what-if search does the most work.
const SPARSE_CASE: &str =
    r#"{"age_days": 800, "complaint": "cough", "vitals": {"heart_rate_per_min": 140}}"#;
