use super::*;
use crate::messages::{VitalRuleMessages, messages};

/// A rule as written in a `data/triage/rules/*.toml` file. Source fields left out inherit the
/// file's defaults. Compiled into the crate (`raw.rs`); read by serde in the tests, as the
/// oracle of the statics.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RuleDef {
    pub(super) id: String,
    pub(super) version: u32,
    pub(super) level: u8,
    #[serde(flatten)]
    pub(super) label: Text,
    #[serde(default)]
    pub(super) source: Option<String>,
    #[serde(default)]
    pub(super) reference_section: Option<String>,
    #[serde(default)]
    pub(super) evidence: Option<Evidence>,
    /// Complaint codes the rule is a second-order modifier of (empty: first-order, any complaint).
    #[serde(default)]
    pub(super) complaints: Vec<String>,
    /// Gate: the rule is considered only where this may hold (e.g. an age band).
    #[serde(default)]
    pub(super) applies: Option<Condition>,
    pub(super) when: Condition,
    #[serde(default)]
    pub(super) note: Option<String>,
    /// False for measurements taken only when indicated (peak flow, glucose): the rule still
    /// fires on a value, but its absence is not offered as a what-if for every child.
    #[serde(default = "yes")]
    pub(super) suggest_if_unmeasured: bool,
}

pub(super) fn yes() -> bool {
    true
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RuleFile {
    pub(super) group: String,
    pub(super) source: String,
    pub(super) reference_section: String,
    pub(super) evidence: Evidence,
    #[serde(default)]
    #[allow(dead_code)]
    pub(super) note: Option<String>,
    pub(super) rules: Vec<RuleDef>,
}

/// One age band of the PaedCTAS heart- or respiratory-rate table (REFERENCE §1.6).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct VitalBand {
    /// The age as printed in the source (`en`: "6 years"), and translated.
    pub(super) printed_age: Text,
    pub(super) from_months: u32,
    pub(super) to_months: u32,
    /// Below these: level I, II, III (ascending).
    pub(super) low: [f64; 3],
    /// Above these: level III, II, I (ascending).
    pub(super) high: [f64; 3],
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct VitalTable {
    pub(super) id: String,
    pub(super) version: u32,
    pub(super) source: String,
    pub(super) reference_section: String,
    pub(super) evidence: Evidence,
    #[allow(dead_code)]
    pub(super) note: String,
    pub(super) heart_rate_per_min: Vec<VitalBand>,
    pub(super) respiratory_rate_per_min: Vec<VitalBand>,
}

/// One band of the hypotension table: a fixed threshold, or `base + per_year × age in years`
/// expanded for each whole year in `each_year`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct HypotensionBand {
    pub(super) label: Text,
    #[serde(default)]
    pub(super) applies: Option<Condition>,
    #[serde(default)]
    pub(super) below_mmhg: Option<f64>,
    #[serde(default)]
    pub(super) each_year: Option<[u32; 2]>,
    #[serde(default)]
    pub(super) below_base_mmhg: Option<f64>,
    #[serde(default)]
    pub(super) below_per_year_mmhg: Option<f64>,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct HypotensionTable {
    pub(super) id: String,
    pub(super) version: u32,
    pub(super) source: String,
    pub(super) reference_section: String,
    pub(super) evidence: Evidence,
    pub(super) level: u8,
    #[allow(dead_code)]
    pub(super) note: String,
    pub(super) bands: Vec<HypotensionBand>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LevelDef {
    pub(super) level: u8,
    #[serde(flatten)]
    pub(super) label: Text,
    pub(super) target_minutes: u32,
    #[serde(default)]
    pub(super) reassess_minutes: Option<u32>,
    pub(super) reassess_evidence: Evidence,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LevelFile {
    pub(super) id: String,
    pub(super) version: u32,
    pub(super) source: String,
    pub(super) reference_section: String,
    pub(super) evidence: Evidence,
    pub(super) default_level: u8,
    pub(super) default_reason: Text,
    pub(super) default_evidence: Evidence,
    pub(super) levels: Vec<LevelDef>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ImpressionDef {
    /// Sides abnormal, as `[appearance, work_of_breathing, circulation]`; `null` = either.
    pub(super) pattern: [Option<bool>; 3],
    pub(super) code: String,
    #[serde(flatten)]
    pub(super) label: Text,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ImpressionFile {
    pub(super) id: String,
    pub(super) version: u32,
    pub(super) source: String,
    pub(super) reference_section: String,
    pub(super) evidence: Evidence,
    pub(super) impressions: Vec<ImpressionDef>,
}

/// Everything the engine evaluates, loaded once.
pub(super) struct RuleSet {
    pub(super) rules: Vec<Rule>,
    pub(super) vitals: VitalTable,
    pub(super) levels: LevelFile,
    pub(super) impressions: ImpressionFile,
}

cited!(VitalTable, HypotensionTable, LevelFile, ImpressionFile);

/// Where the rule files lie under `data/` (build.rs's `TRIAGE_RULES`, which compiles them in):
/// the tests check that the statics hold every file there.
#[cfg(test)]
pub(super) const RULE_FILE_PREFIX: &str = "triage/rules/";

/// The heart- and respiratory-rate and hypotension tables' keys under `data/`, for the tests
/// that read them by their schema (build.rs compiles them in).
#[cfg(test)]
pub(super) const VITAL_TABLE: &str = "vital_signs/paedctas_hr_rr";

#[cfg(test)]
pub(super) const HYPOTENSION: &str = "vital_signs/hypotension_pals";

pub(super) fn months_label(m: u32, lang: Lang) -> String {
    let words = &messages().vital_rules;
    if m.is_multiple_of(12) && m >= 24 {
        words.years.fill(lang, &[("n", &(m / 12))])
    } else {
        words.months.fill(lang, &[("n", &m)])
    }
}

/// One of the words of `messages.toml`'s `[vital_rules]`, picked before they are read: the
/// labels are written when first shown, so start-up does not parse the messages for them.
type Word = fn(&VitalRuleMessages) -> &Text;

pub(super) fn vital_table_rules(table: &VitalTable, out: &mut Vec<Rule>) {
    let source = table.source_ref();
    let names: [(&str, Input, Word, &str); 2] = [
        (
            "heart_rate",
            Input::HeartRatePerMin,
            |w| &w.heart_rate,
            "hemodynamic",
        ),
        (
            "respiratory_rate",
            Input::RespiratoryRatePerMin,
            |w| &w.respiratory_rate,
            "respiratory",
        ),
    ];
    for (key, input, vital, group) in names {
        let bands = match input {
            Input::HeartRatePerMin => &table.heart_rate_per_min,
            _ => &table.respiratory_rate_per_min,
        };
        for band in bands {
            let applies = Condition::all(vec![
                Condition::compare(Input::AgeMonths, Op::Ge, f64::from(band.from_months)),
                Condition::compare(Input::AgeMonths, Op::Lt, f64::from(band.to_months)),
            ]);
            let (from, to) = (band.from_months, band.to_months);
            // Strict inequalities: a value on a shared boundary goes to the less urgent side
            // (implementation choice, README "Content notes").
            let cuts: [(Op, f64, u8, &str, Word); 6] = [
                (Op::Lt, band.low[2], 3, "low", |w| &w.below_normal),
                (Op::Lt, band.low[1], 2, "low", |w| &w.below_1_sd),
                (Op::Lt, band.low[0], 1, "low", |w| &w.below_2_sd),
                (Op::Gt, band.high[0], 3, "high", |w| &w.above_normal),
                (Op::Gt, band.high[1], 2, "high", |w| &w.above_1_sd),
                (Op::Gt, band.high[2], 1, "high", |w| &w.above_2_sd),
            ];
            for (op, threshold, level, side, what) in cuts {
                out.push(
                    Rule {
                        id: format!(
                            "{}.{key}.{}_{}m.{side}.level{level}",
                            table.id, band.from_months, band.to_months
                        ),
                        version: table.version,
                        level,
                        group: group.to_string(),
                        // Written when first shown: start-up would fill ~100 of them for nothing.
                        label: {
                            let printed = band.printed_age.clone();
                            Text::lazy(move |lang| {
                                let words = &messages().vital_rules;
                                let span = format!(
                                    "{}–{}",
                                    months_label(from, lang),
                                    months_label(to, lang)
                                );
                                words.band.fill(
                                    lang,
                                    &[
                                        ("vital", &vital(words).get(lang)),
                                        ("what", &what(words).get(lang)),
                                        ("span", &span),
                                        ("printed", &printed.get(lang)),
                                    ],
                                )
                            })
                        },
                        source: source.clone(),
                        complaints: Vec::new(),
                        applies: Some(applies.clone()),
                        when: Condition::compare(input, op, threshold),
                        note: None,
                        suggest_if_unmeasured: true,
                        cache: RuleCache::default(),
                    }
                    .compiled(),
                );
            }
        }
    }
}

pub(super) fn hypotension_rules(table: &HypotensionTable, out: &mut Vec<Rule>) {
    let source = table.source_ref();
    let rule = |suffix: String, label: Text, applies: Option<Condition>, below: f64| {
        Rule {
            id: format!("{}.{suffix}", table.id),
            version: table.version,
            level: table.level,
            group: "hemodynamic".to_string(),
            label: Text::lazy(move |lang| {
                messages()
                    .vital_rules
                    .hypotension
                    .fill(lang, &[("label", &label.get(lang)), ("below", &below)])
            }),
            source: source.clone(),
            complaints: Vec::new(),
            applies,
            when: Condition::compare(Input::SystolicBpMmhg, Op::Lt, below),
            note: None,
            suggest_if_unmeasured: true,
            cache: RuleCache::default(),
        }
        .compiled()
    };
    for (i, band) in table.bands.iter().enumerate() {
        match (
            band.below_mmhg,
            band.each_year,
            band.below_base_mmhg,
            band.below_per_year_mmhg,
        ) {
            (Some(below), None, None, None) => out.push(rule(
                format!("band{i}"),
                band.label.clone(),
                band.applies.clone(),
                below,
            )),
            (None, Some([from, to]), Some(base), Some(per_year)) => {
                for y in from..=to {
                    let below = base + per_year * f64::from(y);
                    let applies = Condition::compare(Input::AgeYears, Op::Eq, f64::from(y));
                    out.push(rule(
                        format!("band{i}.{y}y"),
                        {
                            let label = band.label.clone();
                            Text::lazy(move |lang| {
                                let years = &messages().vital_rules.years;
                                let age = years.fill(lang, &[("n", &y)]);
                                format!("{}, {age}", label.get(lang))
                            })
                        },
                        Some(applies),
                        below,
                    ));
                }
            }
            // Malformed bands are caught by `data_files_are_well_formed`; skip rather than panic.
            _ => {}
        }
    }
}

pub(super) fn load_rule_set() -> RuleSet {
    let mut rules = Vec::new();
    let vitals = super::raw::HR_RR_TABLE.table();
    vital_table_rules(&vitals, &mut rules);
    let hypotension = super::raw::HYPOTENSION_TABLE.table();
    hypotension_rules(&hypotension, &mut rules);
    for file in super::raw::RULE_FILES.iter().map(|f| f.file()) {
        for def in file.rules {
            rules.push(
                Rule {
                    id: def.id.clone(),
                    version: def.version,
                    level: def.level,
                    group: file.group.clone(),
                    label: def.label,
                    source: SourceRef {
                        id: def.id,
                        version: def.version,
                        source: def.source.unwrap_or_else(|| file.source.clone()),
                        reference_section: def
                            .reference_section
                            .unwrap_or_else(|| file.reference_section.clone()),
                        evidence: def.evidence.unwrap_or(file.evidence),
                    },
                    complaints: def.complaints,
                    applies: def.applies,
                    when: def.when,
                    note: def.note,
                    suggest_if_unmeasured: def.suggest_if_unmeasured,
                    cache: RuleCache::default(),
                }
                .compiled(),
            );
        }
    }
    RuleSet {
        rules,
        vitals,
        levels: super::raw::LEVELS.file(),
        impressions: super::raw::IMPRESSIONS.file(),
    }
}

pub(super) fn rule_set() -> &'static RuleSet {
    static SET: OnceLock<RuleSet> = OnceLock::new();
    SET.get_or_init(load_rule_set)
}

/// Loads the rule set anew from the compiled-in data (built and compiled), bypassing the one kept
/// for the process: what start-up pays, for the benchmark. Returns the number of rules.
#[doc(hidden)]
pub fn load_rule_set_uncached() -> usize {
    load_rule_set().rules.len()
}

/// Every rule the engine evaluates, in evaluation order.
pub fn rules() -> &'static [Rule] {
    &rule_set().rules
}

/// Codes of the observations offered for a complaint: those its second-order modifiers read.
/// Read from the compiled-in rule files, so the form can ask them before the rule set is built.
pub fn observations_for_complaint(code: &str) -> Vec<&'static str> {
    super::raw::observations_read(|complaints| complaints.contains(&code))
}
