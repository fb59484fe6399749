use super::*;
use crate::record::{Avpu, PainTool, TemperatureRoute};
use std::collections::HashSet;

/// Codes a `one_of` may name, per input; numeric inputs have none.
fn codes_of(input: Input) -> Option<Vec<&'static str>> {
    let c = |xs: &[&'static str]| Some(xs.to_vec());
    match input {
        Input::Avpu => Some(Avpu::ALL.iter().map(|a| a.code()).collect()),
        Input::PatAppearance | Input::PatWorkOfBreathing | Input::PatCirculation => {
            Some(PatSide::ALL.iter().map(|a| a.code()).collect())
        }
        Input::PainLocation => Some(PainLocation::ALL.iter().map(|a| a.code()).collect()),
        Input::PainOnset => c(&["acute", "chronic"]),
        Input::PainTool => Some(PainTool::ALL.iter().map(|a| a.code()).collect()),
        Input::TemperatureRoute => Some(TemperatureRoute::ALL.iter().map(|a| a.code()).collect()),
        Input::Complaint => Some(
            catalog::complaints()
                .iter()
                .map(|c| c.code.as_str())
                .collect(),
        ),
        _ => None,
    }
}

fn check_condition(rule: &str, c: &Condition) {
    match c {
        Condition::Compare(x) => {
            assert!(
                codes_of(x.input).is_none(),
                "{rule}: numeric operator on code input {}",
                x.input
            );
            assert!(
                x.input != Input::VitalSignsAbnormalForAge,
                "{rule}: numeric operator on a flag"
            );
            assert!(x.value.is_finite(), "{rule}");
        }
        Condition::OneOf(x) => {
            let codes = codes_of(x.input)
                .unwrap_or_else(|| panic!("{rule}: one_of on numeric {}", x.input));
            assert!(!x.one_of.is_empty(), "{rule}");
            for code in x.one_of.iter() {
                assert!(
                    codes.contains(&code.as_str()),
                    "{rule}: {} has no code {code}",
                    x.input
                );
            }
        }
        Condition::Is(x) => assert_eq!(
            x.input,
            Input::VitalSignsAbnormalForAge,
            "{rule}: `is` needs a flag input"
        ),
        Condition::Finding(_) | Condition::Observation(_) => {
            if let Err(e) = crate::vocabulary::check_reads(c) {
                panic!("{rule}: {e}")
            }
        }
        Condition::All(a) => {
            assert!(!a.all.is_empty(), "{rule}: empty all");
            a.all.iter().for_each(|p| check_condition(rule, p));
        }
        Condition::Any(a) => {
            assert!(!a.any.is_empty(), "{rule}: empty any");
            a.any.iter().for_each(|p| check_condition(rule, p));
        }
    }
}

/// Every data file is read by a typed loader: a schema error fails here, not for a user.
#[test]
fn every_data_file_loads_into_its_schema() {
    let set = load_rule_set();
    assert!(!set.rules.is_empty());
    assert!(!crate::scales::crosswalk().bands.is_empty());
    assert!(!catalog::complaints().is_empty() && !crate::vocabulary::observations().is_empty());
    assert!(crate::record::plausibility("gcs").is_some());
    assert!(crate::centile_ranges_for_age(crate::Age::from_days(0).unwrap()).is_some());
    assert!(!crate::questionnaire::anamnesis().items.is_empty());
    assert!(
        !crate::messages::messages()
            .validation
            .not_a_number
            .is_empty()
    );
    // Every data file is compiled into statics (build.rs fails on a file with no emitter); the
    // tests named the_compiled_..._read_by_its_schema compare each with its file read by its
    // serde schema.
}

#[test]
fn every_rule_is_identified_cited_and_well_formed() {
    let mut ids = HashSet::new();
    for r in rules() {
        assert!(ids.insert(r.id.as_str()), "duplicate rule id {}", r.id);
        assert!((1..=5).contains(&r.level), "{}: level {}", r.id, r.level);
        assert!(r.version >= 1, "{}", r.id);
        assert!(
            r.label.written_in(Lang::En).is_some() && r.label.written_in(Lang::Fr).is_some(),
            "{}: labels",
            r.id
        );
        assert!(!r.source.source.is_empty(), "{}: source", r.id);
        assert!(
            r.source.reference_section.starts_with("REFERENCE.md §"),
            "{}: section",
            r.id
        );
        for c in &r.complaints {
            assert!(
                catalog::complaint(c).is_some(),
                "{}: unknown complaint {c}",
                r.id
            );
        }
        if let Some(a) = &r.applies {
            check_condition(&r.id, a);
        }
        check_condition(&r.id, &r.when);
    }
}

#[test]
fn every_complaint_has_second_order_modifiers() {
    for c in catalog::complaints() {
        assert!(
            rules().iter().any(|r| r.complaints.contains(&c.code)),
            "complaint {} has no complaint-specific modifier",
            c.code
        );
    }
}

#[test]
fn levels_and_default_are_complete() {
    let set = rule_set();
    let lv: Vec<u8> = set.levels.levels.iter().map(|l| l.level).collect();
    assert_eq!(lv, vec![1, 2, 3, 4, 5]);
    let targets: Vec<u32> = set.levels.levels.iter().map(|l| l.target_minutes).collect();
    assert_eq!(targets, vec![0, 15, 30, 60, 120], "REFERENCE.md §2.1");
    assert!((1..=5).contains(&set.levels.default_level));
}

#[test]
fn vital_tables_cover_every_age_without_gaps() {
    let t = &rule_set().vitals;
    let max_months = crate::Age::from_days(i64::from(crate::age::MAX_AGE_DAYS))
        .unwrap()
        .whole_months();
    for bands in [&t.heart_rate_per_min, &t.respiratory_rate_per_min] {
        assert_eq!(bands[0].from_months, 0);
        assert!(bands.last().unwrap().to_months > max_months);
        for w in bands.windows(2) {
            assert_eq!(w[0].to_months, w[1].from_months, "gap or overlap");
        }
        for b in bands.iter() {
            let age = b.printed_age.get(Lang::En);
            assert!(b.low[0] < b.low[1] && b.low[1] < b.low[2], "{age}");
            assert!(b.low[2] < b.high[0], "{age}");
            assert!(b.high[0] < b.high[1] && b.high[1] < b.high[2], "{age}");
            assert_eq!(b.printed_age.missing(), vec![], "{age}: translated");
        }
    }
}

#[test]
fn hypotension_bands_have_exactly_one_form() {
    let t: HypotensionTable = content::compiled_json(HYPOTENSION);
    for b in &t.bands {
        let fixed = b.below_mmhg.is_some() && b.applies.is_some();
        let formula =
            b.each_year.is_some() && b.below_base_mmhg.is_some() && b.below_per_year_mmhg.is_some();
        assert!(
            fixed != formula,
            "band {} must be fixed (applies + below_mmhg) or a formula",
            b.label.get(Lang::En)
        );
        assert!(
            !(fixed && (b.each_year.is_some() || b.below_base_mmhg.is_some())),
            "{}",
            b.label.get(Lang::En)
        );
    }
    let n = rules().iter().filter(|r| r.id.starts_with(&t.id)).count();
    assert_eq!(
        n,
        3 + 10,
        "3 fixed bands and 10 yearly thresholds for 1-10 years"
    );
}

#[test]
fn crosswalk_covers_every_gcs_once() {
    let cw = crate::scales::crosswalk();
    for g in 3..=15u8 {
        let n = cw
            .bands
            .iter()
            .filter(|b| (b.gcs_min..=b.gcs_max).contains(&g))
            .count();
        assert_eq!(n, 1, "GCS {g}");
    }
}

#[test]
fn pat_impressions_cover_all_eight_patterns() {
    let f = &rule_set().impressions;
    for bits in 0..8u8 {
        let p = [bits & 1 != 0, bits & 2 != 0, bits & 4 != 0];
        assert!(
            f.impressions.iter().any(|i| i
                .pattern
                .iter()
                .zip(p)
                .all(|(a, b)| a.is_none_or(|a| a == b))),
            "no impression for {p:?}"
        );
    }
}

#[test]
fn a_criterion_reads_each_observation_as_the_record_does_through_the_entry_it_keeps() {
    // Entered (a yes/no and a grade), derived (fever from the temperature) and not answered
    // (open and closed world): the entry a criterion keeps must give what a lookup by code gives,
    // on the first read and on the next.
    let record: crate::PatientRecord = serde_json::from_str(
        r#"{"age_days": 49, "complaint": "fever",
            "vitals": {"temperature_c": 38.6, "temperature_route": "rectal"},
            "observations": {"mottled_skin": true, "stridor": "at_rest"}}"#,
    )
    .expect("valid case");
    let rec = record.validate().expect("valid");
    let patient = Patient {
        rec: &rec,
        set: rule_set(),
    };
    let mut origins = HashSet::new();
    for def in crate::vocabulary::observations() {
        let code = def.code.as_str();
        let entry = crate::criteria::VocabularyEntry::default();
        let by_code = (patient.observation(code), patient.answered(code));
        for read in 0..2 {
            assert_eq!(
                patient.observation_read(code, &entry),
                by_code,
                "{code}, read {read}"
            );
            assert_eq!(entry.of(code).map(|d| d.code.as_str()), Some(code));
        }
        origins.insert(format!("{:?}", patient.read_observation(code).1));
    }
    for origin in ["Measured", "Derived", "Missing", "NotSeen"] {
        assert!(origins.contains(origin), "no observation read as {origin}");
    }
}

/// The levels, PAT impressions and the heart-rate, respiratory-rate and hypotension tables
/// compiled into statics (build.rs) are the files as their serde schema reads them.
#[test]
fn the_compiled_tables_are_the_data_files_read_by_their_schema() {
    let levels: LevelFile = content::compiled_json("triage/levels");
    assert_eq!(super::raw::LEVELS.file(), levels);
    let impressions: ImpressionFile = content::compiled_json("triage/pat_impressions");
    assert_eq!(super::raw::IMPRESSIONS.file(), impressions);
    let vitals: VitalTable = content::compiled_json(VITAL_TABLE);
    assert_eq!(super::raw::HR_RR_TABLE.table(), vitals);
    let hypotension: HypotensionTable = content::compiled_json(HYPOTENSION);
    assert_eq!(super::raw::HYPOTENSION_TABLE.table(), hypotension);
    assert!(!levels.levels.is_empty() && !impressions.impressions.is_empty());
    assert!(!vitals.heart_rate_per_min.is_empty() && !hypotension.bands.is_empty());
}

/// The rule files compiled into statics (build.rs) are the files as their serde schema reads
/// them: every file, every rule, every field and criterion.
#[test]
fn the_compiled_rule_files_are_the_data_files_read_by_their_schema() {
    let compiled: Vec<&str> = super::raw::RULE_FILES.iter().map(|f| f.key).collect();
    assert_eq!(
        compiled,
        content::keys_under(RULE_FILE_PREFIX),
        "the rule files compiled in"
    );
    assert!(!compiled.is_empty());
    for raw in super::raw::RULE_FILES {
        let read: RuleFile = content::compiled_json(raw.key);
        let file = raw.file();
        assert_eq!(file.rules.len(), read.rules.len(), "{}", raw.key);
        for (c, r) in file.rules.iter().zip(&read.rules) {
            assert_eq!(c, r, "{}: {}", raw.key, r.id);
        }
        assert_eq!(file, read, "{}", raw.key);
    }
}
