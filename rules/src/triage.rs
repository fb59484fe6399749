//! The PaedCTAS-style 5-level triage: rules loaded from `data/triage/` and `data/vital_signs/`,
//! evaluated against a validated record into an [`Assessment`] that carries its full trace.
//!
//! Nothing clinical is decided here: thresholds, levels and sources are all in the data; this
//! module only evaluates criteria, keeps the most urgent level (PaedCTAS master rule, REFERENCE
//! §2.2) and records why.

use crate::catalog;
use crate::content::{self, Evidence, SourceRef};
use crate::criteria::{Condition, Facts, Input, Op, Truth, Value};
use crate::error::Lang;
use crate::record::{Avpu, PainLocation, PainOnset, PatSide, ValidatedRecord};
use crate::scores::{self, DecisionRuleResult, NotApplicable, ScoreResult};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

// ---------------------------------------------------------------------------------------------
// Data formats

/// A rule as written in a `data/triage/rules/*.toml` file. Source fields left out inherit the
/// file's defaults.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDef {
    id: String,
    version: u32,
    level: u8,
    en: String,
    fr: String,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    reference_section: Option<String>,
    #[serde(default)]
    evidence: Option<Evidence>,
    /// Complaint codes the rule is a second-order modifier of (empty: first-order, any complaint).
    #[serde(default)]
    complaints: Vec<String>,
    /// Gate: the rule is considered only where this may hold (e.g. an age band).
    #[serde(default)]
    applies: Option<Condition>,
    when: Condition,
    #[serde(default)]
    note: Option<String>,
    /// False for measurements taken only when indicated (peak flow, glucose): the rule still
    /// fires on a value, but its absence is not offered as a what-if for every child.
    #[serde(default = "yes")]
    suggest_if_unmeasured: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    group: String,
    source: String,
    reference_section: String,
    evidence: Evidence,
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
    rules: Vec<RuleDef>,
}

/// One age band of the PaedCTAS heart- or respiratory-rate table (REFERENCE §1.6).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct VitalBand {
    /// The age as printed in the source ("6 years").
    printed_age: String,
    from_months: u32,
    to_months: u32,
    /// Below these: level I, II, III (ascending).
    low: [f64; 3],
    /// Above these: level III, II, I (ascending).
    high: [f64; 3],
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VitalTable {
    id: String,
    version: u32,
    source: String,
    reference_section: String,
    evidence: Evidence,
    #[allow(dead_code)]
    note: String,
    heart_rate_per_min: Vec<VitalBand>,
    respiratory_rate_per_min: Vec<VitalBand>,
}

/// One band of the hypotension table: a fixed threshold, or `base + per_year × age in years`
/// expanded for each whole year in `each_year`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct HypotensionBand {
    label: String,
    #[serde(default)]
    applies: Option<Condition>,
    #[serde(default)]
    below_mmhg: Option<f64>,
    #[serde(default)]
    each_year: Option<[u32; 2]>,
    #[serde(default)]
    below_base_mmhg: Option<f64>,
    #[serde(default)]
    below_per_year_mmhg: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HypotensionTable {
    id: String,
    version: u32,
    source: String,
    reference_section: String,
    evidence: Evidence,
    level: u8,
    #[allow(dead_code)]
    note: String,
    bands: Vec<HypotensionBand>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelDef {
    level: u8,
    en: String,
    fr: String,
    target_minutes: u32,
    #[serde(default)]
    reassess_minutes: Option<u32>,
    reassess_evidence: Evidence,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelFile {
    id: String,
    version: u32,
    source: String,
    reference_section: String,
    evidence: Evidence,
    default_level: u8,
    default_en: String,
    default_fr: String,
    default_evidence: Evidence,
    levels: Vec<LevelDef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ImpressionDef {
    /// Sides abnormal, as `[appearance, work_of_breathing, circulation]`; `null` = either.
    pattern: [Option<bool>; 3],
    code: String,
    en: String,
    fr: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ImpressionFile {
    id: String,
    version: u32,
    source: String,
    reference_section: String,
    evidence: Evidence,
    impressions: Vec<ImpressionDef>,
}

// ---------------------------------------------------------------------------------------------
// Compiled rules

/// A rule ready to evaluate, with its source always filled in.
#[derive(Debug, Clone, Serialize)]
pub struct Rule {
    pub id: String,
    pub version: u32,
    /// Level the rule assigns when it fires (1 = resuscitation … 5 = non-urgent).
    pub level: u8,
    /// Which part of the scale it belongs to (e.g. "respiratory", "complaint").
    pub group: String,
    pub en: String,
    pub fr: String,
    pub source: SourceRef,
    pub complaints: Vec<String>,
    pub applies: Option<Condition>,
    pub when: Condition,
    pub note: Option<String>,
    /// Whether an unmeasured input of this rule is offered as a what-if.
    pub suggest_if_unmeasured: bool,
    /// Worked out once at load time: evaluation then allocates only for the trace itself.
    #[serde(skip)]
    cache: RuleCache,
}

#[derive(Debug, Clone, Default)]
struct RuleCache {
    inputs: Vec<Input>,
    findings: Vec<String>,
    criterion: Option<Condition>,
    criterion_text: String,
}

impl Rule {
    fn compiled(mut self) -> Self {
        let mut inputs = Vec::new();
        if !self.complaints.is_empty() {
            inputs.push(Input::Complaint);
        }
        if let Some(a) = &self.applies {
            a.inputs(&mut inputs);
        }
        self.when.inputs(&mut inputs);
        let mut findings = Vec::new();
        if let Some(a) = &self.applies {
            a.findings(&mut findings);
        }
        self.when.findings(&mut findings);
        let findings = findings.into_iter().map(str::to_string).collect();
        let criterion = self.joined_criterion();
        self.cache = RuleCache {
            inputs,
            findings,
            criterion_text: criterion.to_string(),
            criterion: Some(criterion),
        };
        self
    }

    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
        }
    }

    /// Inputs the rule reads (complaint and gate first), without repeats.
    pub fn inputs(&self) -> &[Input] {
        &self.cache.inputs
    }

    /// Finding codes the rule reads.
    pub fn findings(&self) -> Vec<&str> {
        self.cache.findings.iter().map(String::as_str).collect()
    }

    /// Gate and criterion as one condition, as shown in the trace.
    pub fn criterion_text(&self) -> &str {
        &self.cache.criterion_text
    }

    fn criterion(&self) -> Option<&Condition> {
        self.cache.criterion.as_ref()
    }

    /// Gate and criterion as one condition, flattened so the trace reads `a and b and c`.
    fn joined_criterion(&self) -> Condition {
        let Some(gate) = &self.applies else {
            return self.when.clone();
        };
        let mut parts = Vec::new();
        for c in [gate, &self.when] {
            match c {
                Condition::All(a) => parts.extend(a.all.iter().cloned()),
                other => parts.push(other.clone()),
            }
        }
        Condition::all(parts)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CrosswalkBand {
    avpu: Avpu,
    gcs_min: u8,
    gcs_max: u8,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Crosswalk {
    #[allow(dead_code)]
    id: String,
    #[allow(dead_code)]
    version: u32,
    #[allow(dead_code)]
    source: String,
    #[allow(dead_code)]
    reference_section: String,
    #[allow(dead_code)]
    evidence: Evidence,
    bands: Vec<CrosswalkBand>,
}

/// Everything the engine evaluates, loaded once.
struct RuleSet {
    avpu_from_gcs: Crosswalk,
    rules: Vec<Rule>,
    vitals: VitalTable,
    levels: LevelFile,
    impressions: ImpressionFile,
}

const RULE_FILE_PREFIX: &str = "triage/rules/";
const VITAL_TABLE: &str = "vital_signs/paedctas_hr_rr";
const HYPOTENSION: &str = "vital_signs/hypotension_pals";

fn months_label(m: u32) -> String {
    if m.is_multiple_of(12) && m >= 24 {
        format!("{} y", m / 12)
    } else {
        format!("{m} mo")
    }
}

fn vital_table_rules(table: &VitalTable, out: &mut Vec<Rule>) {
    let source = SourceRef {
        id: table.id.clone(),
        version: table.version,
        source: table.source.clone(),
        reference_section: table.reference_section.clone(),
        evidence: table.evidence,
    };
    let names = [
        (
            "heart_rate",
            Input::HeartRatePerMin,
            "Heart rate",
            "Fréquence cardiaque",
            "hemodynamic",
        ),
        (
            "respiratory_rate",
            Input::RespiratoryRatePerMin,
            "Respiratory rate",
            "Fréquence respiratoire",
            "respiratory",
        ),
    ];
    for (key, input, en, fr, group) in names {
        let bands = match input {
            Input::HeartRatePerMin => &table.heart_rate_per_min,
            _ => &table.respiratory_rate_per_min,
        };
        for band in bands {
            let applies = Condition::all(vec![
                Condition::compare(Input::AgeMonths, Op::Ge, f64::from(band.from_months)),
                Condition::compare(Input::AgeMonths, Op::Lt, f64::from(band.to_months)),
            ]);
            let span = format!(
                "{}–{}",
                months_label(band.from_months),
                months_label(band.to_months)
            );
            // Strict inequalities: a value on a shared boundary goes to the less urgent side
            // (implementation choice, README "Content notes").
            let cuts = [
                (
                    Op::Lt,
                    band.low[2],
                    3,
                    "low",
                    "below the normal range",
                    "sous les normes",
                ),
                (
                    Op::Lt,
                    band.low[1],
                    2,
                    "low",
                    "beyond −1 SD",
                    "au-delà de −1 DS",
                ),
                (
                    Op::Lt,
                    band.low[0],
                    1,
                    "low",
                    "beyond −2 SD",
                    "au-delà de −2 DS",
                ),
                (
                    Op::Gt,
                    band.high[0],
                    3,
                    "high",
                    "above the normal range",
                    "au-dessus des normes",
                ),
                (
                    Op::Gt,
                    band.high[1],
                    2,
                    "high",
                    "beyond +1 SD",
                    "au-delà de +1 DS",
                ),
                (
                    Op::Gt,
                    band.high[2],
                    1,
                    "high",
                    "beyond +2 SD",
                    "au-delà de +2 DS",
                ),
            ];
            for (op, threshold, level, side, what_en, what_fr) in cuts {
                out.push(
                    Rule {
                        id: format!(
                            "{}.{key}.{}_{}m.{side}.level{level}",
                            table.id, band.from_months, band.to_months
                        ),
                        version: table.version,
                        level,
                        group: group.to_string(),
                        en: format!(
                            "{en} {what_en} for age {span} (PaedCTAS \"{}\")",
                            band.printed_age
                        ),
                        fr: format!(
                            "{fr} {what_fr} pour l'âge {span} (PaedCTAS « {} »)",
                            band.printed_age
                        ),
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

fn hypotension_rules(table: &HypotensionTable, out: &mut Vec<Rule>) {
    let source = SourceRef {
        id: table.id.clone(),
        version: table.version,
        source: table.source.clone(),
        reference_section: table.reference_section.clone(),
        evidence: table.evidence,
    };
    let rule = |suffix: String, label: String, applies: Option<Condition>, below: f64| {
        Rule {
            id: format!("{}.{suffix}", table.id),
            version: table.version,
            level: table.level,
            group: "hemodynamic".to_string(),
            en: format!("Hypotension for age ({label}): systolic BP below {below} mmHg"),
            fr: format!("Hypotension pour l'âge ({label}) : PA systolique sous {below} mmHg"),
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
                        format!("{}, {y} y", band.label),
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

fn load_rule_set() -> RuleSet {
    let mut rules = Vec::new();
    let vitals: VitalTable = content::load(VITAL_TABLE);
    vital_table_rules(&vitals, &mut rules);
    let hypotension: HypotensionTable = content::load(HYPOTENSION);
    hypotension_rules(&hypotension, &mut rules);
    for key in content::raw()
        .keys()
        .filter(|k| k.starts_with(RULE_FILE_PREFIX))
    {
        let file: RuleFile = content::load(key);
        for def in file.rules {
            rules.push(
                Rule {
                    id: def.id.clone(),
                    version: def.version,
                    level: def.level,
                    group: file.group.clone(),
                    en: def.en,
                    fr: def.fr,
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
        avpu_from_gcs: content::load("scales/avpu_gcs_crosswalk"),
        rules,
        vitals,
        levels: content::load("triage/levels"),
        impressions: content::load("triage/pat_impressions"),
    }
}

fn rule_set() -> &'static RuleSet {
    static SET: OnceLock<RuleSet> = OnceLock::new();
    SET.get_or_init(load_rule_set)
}

/// Every rule the engine evaluates, in evaluation order.
pub fn rules() -> &'static [Rule] {
    &rule_set().rules
}

/// Codes of the findings offered for a complaint: those its second-order modifiers read.
pub fn findings_for_complaint(code: &str) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for rule in rules()
        .iter()
        .filter(|r| r.complaints.iter().any(|c| c == code))
    {
        for f in rule.findings() {
            if !out.contains(&f) {
                out.push(f);
            }
        }
    }
    out
}

/// The PaedCTAS cut-points for one vital sign at one age, for display next to the field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VitalBandInfo {
    /// Age as printed in the source table ("6 years").
    pub printed_age: String,
    pub from_months: u32,
    pub to_months: u32,
    /// Below these: level I, II, III.
    pub low: [f64; 3],
    /// Above these: level III, II, I. Between `low[2]` and `high[0]` (inclusive) is normal.
    pub high: [f64; 3],
}

/// PaedCTAS heart- and respiratory-rate cut-points for an age, with their source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PaedctasVitalBands {
    pub heart_rate_per_min: VitalBandInfo,
    pub respiratory_rate_per_min: VitalBandInfo,
    pub source: SourceRef,
}

fn band_info(bands: &[VitalBand], months: u32) -> Option<VitalBandInfo> {
    let b = bands
        .iter()
        .find(|b| (b.from_months..b.to_months).contains(&months))?;
    Some(VitalBandInfo {
        printed_age: b.printed_age.clone(),
        from_months: b.from_months,
        to_months: b.to_months,
        low: b.low,
        high: b.high,
    })
}

/// PaedCTAS heart- and respiratory-rate bands that the engine applies at this age.
pub fn paedctas_vital_bands(age: crate::Age) -> Option<PaedctasVitalBands> {
    let t = &rule_set().vitals;
    let m = age.whole_months();
    Some(PaedctasVitalBands {
        heart_rate_per_min: band_info(&t.heart_rate_per_min, m)?,
        respiratory_rate_per_min: band_info(&t.respiratory_rate_per_min, m)?,
        source: SourceRef {
            id: t.id.clone(),
            version: t.version,
            source: t.source.clone(),
            reference_section: t.reference_section.clone(),
            evidence: t.evidence,
        },
    })
}

/// Hypotension threshold at an age: systolic BP below `below_mmhg` is hypotension.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HypotensionThreshold {
    pub below_mmhg: f64,
    pub rule_id: String,
    pub source: SourceRef,
}

/// The hypotension rule that applies at this age, read from the rules themselves so the
/// screen shows exactly the threshold the engine uses.
pub fn hypotension_threshold(age: crate::Age) -> Option<HypotensionThreshold> {
    struct AgeOnly(crate::Age);
    impl Facts for AgeOnly {
        fn value(&self, input: Input) -> Option<Value> {
            match input {
                Input::AgeDays => Some(Value::Number(f64::from(self.0.days()))),
                Input::AgeMonths => Some(Value::Number(f64::from(self.0.whole_months()))),
                Input::AgeYears => Some(Value::Number(self.0.years().floor())),
                _ => None,
            }
        }
        fn has_finding(&self, _: &str) -> bool {
            false
        }
    }
    let facts = AgeOnly(age);
    rules().iter().find_map(|r| {
        let gate = r.applies.as_ref()?;
        if r.group != "hemodynamic" || gate.eval(&facts) != Truth::True {
            return None;
        }
        match &r.when {
            Condition::Compare(c) if c.input == Input::SystolicBpMmhg && c.op == Op::Lt => {
                Some(HypotensionThreshold {
                    below_mmhg: c.value,
                    rule_id: r.id.clone(),
                    source: r.source.clone(),
                })
            }
            _ => None,
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Results

/// One level of the scale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TriageLevel {
    /// 1 = resuscitation … 5 = non-urgent.
    pub level: u8,
    pub en: String,
    pub fr: String,
    /// Target time to physician; 0 = immediate.
    pub target_minutes: u32,
    /// Nursing reassessment interval; 0 = continuous, `None` = not given by the source.
    pub reassess_minutes: Option<u32>,
    pub reassess_evidence: Evidence,
    pub source: SourceRef,
}

impl TriageLevel {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
        }
    }
}

/// All five levels, most urgent first.
pub fn levels() -> Vec<TriageLevel> {
    let f = &rule_set().levels;
    f.levels.iter().map(|l| level_from(f, l)).collect()
}

fn level_from(f: &LevelFile, l: &LevelDef) -> TriageLevel {
    TriageLevel {
        level: l.level,
        en: l.en.clone(),
        fr: l.fr.clone(),
        target_minutes: l.target_minutes,
        reassess_minutes: l.reassess_minutes,
        reassess_evidence: l.reassess_evidence,
        source: SourceRef {
            id: f.id.clone(),
            version: f.version,
            source: f.source.clone(),
            reference_section: f.reference_section.clone(),
            evidence: f.evidence,
        },
    }
}

/// Where an input's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Entered.
    Measured,
    /// Computed from other inputs (age in months, complaint's usual pain location …).
    Derived,
    /// Not entered; the engine took the more urgent reading (pain onset: acute).
    Assumed,
    /// Not entered.
    Missing,
}

/// One input a rule read, as it was read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputRead {
    pub input: Input,
    pub value: Option<Value>,
    pub unit: &'static str,
    pub origin: Origin,
}

/// One finding a rule read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingRead {
    pub code: String,
    pub present: bool,
}

/// Outcome of one rule for this patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Fired,
    NotFired,
    /// Could fire: an input it needs was not measured.
    Unknown,
}

/// One rule considered, with everything needed to show why it did or did not fire.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TraceEntry {
    pub rule_id: String,
    pub version: u32,
    pub group: String,
    /// Level the rule assigns when it fires.
    pub level: u8,
    pub en: String,
    pub fr: String,
    pub inputs: Vec<InputRead>,
    pub findings: Vec<FindingRead>,
    /// The criterion as evaluated, including its age band or other gate.
    pub criterion: String,
    pub outcome: Outcome,
    /// Unmeasured inputs that left the outcome open.
    pub missing: Vec<Input>,
    pub source: SourceRef,
    pub note: Option<String>,
    /// One line for logs and the command line, e.g.
    /// `spo2_percent = 91 %: spo2_percent < 92 → fired, level 2 [id v1, REFERENCE.md §2.3, V]`.
    pub summary: String,
}

/// Every rule considered for one patient, in evaluation order.
pub type Trace = Vec<TraceEntry>;

/// A measurement not taken that could make the level more urgent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WhatIf {
    /// The unmeasured inputs involved.
    pub missing: Vec<Input>,
    /// What they would have to show (the rule's open part), e.g. `spo2_percent < 92`; several
    /// rules giving the same level from the same inputs are joined with "or".
    pub condition: String,
    /// The same, structured (one per rule), for views that render it in their own language.
    pub conditions: Vec<Condition>,
    /// The level the result would become.
    pub level: u8,
    pub rule_ids: Vec<String>,
}

/// General impression from the Pediatric Assessment Triangle (REFERENCE §5).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PatImpression {
    pub code: String,
    pub en: String,
    pub fr: String,
    pub source: SourceRef,
}

/// The default level's justification, shown when no rule fired.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DefaultReason {
    pub en: String,
    pub fr: String,
    pub reference_section: String,
    pub evidence: Evidence,
}

/// A triage suggestion with its complete trace. Views render this; they never recompute it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    /// 1 = resuscitation … 5 = non-urgent.
    pub level: u8,
    pub level_info: TriageLevel,
    /// Rules that fired at the resulting level (empty: no modifier fired, default level).
    pub deciding_rules: Vec<String>,
    /// Why the default level applies, when no rule fired.
    pub default_reason: Option<DefaultReason>,
    /// True when no unmeasured input could make the level more urgent.
    pub is_final: bool,
    pub what_if: Vec<WhatIf>,
    pub pat_impression: Option<PatImpression>,
    pub trace: Trace,
    /// Rules not considered because their age band or complaint does not match.
    pub rules_not_applicable: usize,
    /// Version of the whole rule set (SHA-256 of the embedded data).
    pub ruleset_hash: String,
    /// Clinical scores that apply to this child (age, complaint or an answer given), each with
    /// every item, the value read, the points, the total or range of totals, and the band.
    pub scores: Vec<ScoreResult>,
    /// Decision rules (NICE traffic light, PECARN, ETAT) that apply, each feature with its value.
    pub decision_rules: Vec<DecisionRuleResult>,
    /// Scores and decision rules not shown, with the reason.
    pub scores_not_applicable: Vec<NotApplicable>,
}

// ---------------------------------------------------------------------------------------------
// Evaluation

struct Patient<'a> {
    rec: &'a ValidatedRecord,
    set: &'a RuleSet,
}

impl Patient<'_> {
    fn pain_location(&self) -> Option<(PainLocation, Origin)> {
        if let Some(l) = self.rec.vitals.pain_location {
            return Some((l, Origin::Measured));
        }
        let c = catalog::complaint(self.rec.complaint.as_deref()?)?;
        match c.pain_location.as_deref()? {
            "central" => Some((PainLocation::Central, Origin::Derived)),
            "peripheral" => Some((PainLocation::Peripheral, Origin::Derived)),
            _ => None,
        }
    }

    /// Heart or respiratory rate outside the PaedCTAS normal range for age; unknown until age
    /// and the measured rate(s) decide it.
    fn vital_signs_abnormal(&self) -> Option<bool> {
        let months = self.rec.age.map(|a| a.whole_months());
        let outside = |bands: &[VitalBand], x: Option<f64>| -> Option<bool> {
            let (m, x) = (months?, x?);
            let b = bands
                .iter()
                .find(|b| (b.from_months..b.to_months).contains(&m))?;
            Some(x < b.low[2] || x > b.high[0])
        };
        let v = &self.rec.vitals;
        let hr = outside(
            &self.set.vitals.heart_rate_per_min,
            v.heart_rate.map(|x| x.value()),
        );
        let rr = outside(
            &self.set.vitals.respiratory_rate_per_min,
            v.respiratory_rate.map(|x| x.value()),
        );
        match (hr, rr) {
            (Some(true), _) | (_, Some(true)) => Some(true),
            (Some(false), Some(false)) => Some(false),
            _ => None,
        }
    }

    fn read(&self, input: Input) -> (Option<Value>, Origin) {
        let r = self.rec;
        let v = &r.vitals;
        let num = |x: Option<f64>| match x {
            Some(x) => (Some(Value::Number(x)), Origin::Measured),
            None => (None, Origin::Missing),
        };
        let code = |c: Option<&str>| match c {
            Some(c) => (Some(Value::Code(c.to_string())), Origin::Measured),
            None => (None, Origin::Missing),
        };
        let derived = |x: Option<f64>| match x {
            Some(x) => (Some(Value::Number(x)), Origin::Derived),
            None => (None, Origin::Missing),
        };
        let pat = |s: Option<PatSide>| code(s.map(PatSide::code));
        match input {
            Input::AgeDays => num(r.age.map(|a| f64::from(a.days()))),
            Input::AgeMonths => derived(r.age.map(|a| f64::from(a.whole_months()))),
            Input::AgeYears => derived(r.age.map(|a| a.years().floor())),
            Input::WeightKg => num(r.weight.map(|x| x.value())),
            Input::HeartRatePerMin => num(v.heart_rate.map(|x| x.value())),
            Input::RespiratoryRatePerMin => num(v.respiratory_rate.map(|x| x.value())),
            Input::Spo2Percent => num(v.spo2.map(|x| x.value())),
            Input::TemperatureC => num(v.temperature.map(|x| x.value())),
            Input::TemperatureRoute => code(v.temperature_route.map(|x| x.code())),
            Input::SystolicBpMmhg => num(v.systolic_bp.map(|x| x.value())),
            Input::CapillaryRefillS => num(v.capillary_refill.map(|x| x.value())),
            Input::Gcs => num(v.gcs.map(|x| f64::from(x.value()))),
            Input::Avpu => match (v.avpu, v.gcs) {
                (Some(a), _) => code(Some(a.code())),
                (None, Some(g)) => {
                    let band = self
                        .set
                        .avpu_from_gcs
                        .bands
                        .iter()
                        .find(|b| (b.gcs_min..=b.gcs_max).contains(&g.value()));
                    match band {
                        Some(b) => (
                            Some(Value::Code(b.avpu.code().to_string())),
                            Origin::Derived,
                        ),
                        None => (None, Origin::Missing),
                    }
                }
                (None, None) => (None, Origin::Missing),
            },
            Input::PainScore => num(v.pain_score.map(|x| f64::from(x.value()))),
            Input::PainTool => code(v.pain_tool.map(|x| x.code())),
            Input::PainLocation => match self.pain_location() {
                Some((l, origin)) => (Some(Value::Code(l.code().to_string())), origin),
                None => (None, Origin::Missing),
            },
            Input::PainOnset => match v.pain_onset {
                Some(o) => (Some(Value::Code(o.code().to_string())), Origin::Measured),
                // Most ED pain is acute, and acute is the more urgent column (README).
                None => (
                    Some(Value::Code(PainOnset::Acute.code().to_string())),
                    Origin::Assumed,
                ),
            },
            Input::GlucoseMmolL => num(v.glucose.map(|x| x.value())),
            Input::PefrPercentPredicted => num(v.pefr.map(|x| x.value())),
            Input::PatAppearance => pat(r.pat.appearance),
            Input::PatWorkOfBreathing => pat(r.pat.work_of_breathing),
            Input::PatCirculation => pat(r.pat.circulation),
            Input::Complaint => code(r.complaint.as_deref()),
            Input::VitalSignsAbnormalForAge => match self.vital_signs_abnormal() {
                Some(b) => (Some(Value::Flag(b)), Origin::Derived),
                None => (None, Origin::Missing),
            },
        }
    }
}

impl Facts for Patient<'_> {
    fn value(&self, input: Input) -> Option<Value> {
        self.read(input).0
    }

    fn has_finding(&self, code: &str) -> bool {
        self.rec.findings.iter().any(|f| f == code)
    }
}

fn pat_impression(rec: &ValidatedRecord, f: &ImpressionFile) -> Option<PatImpression> {
    let sides = [
        rec.pat.appearance,
        rec.pat.work_of_breathing,
        rec.pat.circulation,
    ];
    // An impression needs all three sides: a partial triangle is not a general impression.
    let abnormal: Vec<bool> = sides
        .iter()
        .map(|s| s.map(|s| s == PatSide::Abnormal))
        .collect::<Option<_>>()?;
    let imp = f.impressions.iter().find(|i| {
        i.pattern
            .iter()
            .zip(&abnormal)
            .all(|(p, a)| p.is_none_or(|p| p == *a))
    })?;
    Some(PatImpression {
        code: imp.code.clone(),
        en: imp.en.clone(),
        fr: imp.fr.clone(),
        source: SourceRef {
            id: f.id.clone(),
            version: f.version,
            source: f.source.clone(),
            reference_section: f.reference_section.clone(),
            evidence: f.evidence,
        },
    })
}

/// Evaluates every rule against the record and returns the most urgent level with its trace.
pub fn evaluate(rec: &ValidatedRecord) -> Assessment {
    let set = rule_set();
    let patient = Patient { rec, set };
    let mut trace = Vec::new();
    let mut not_applicable = 0;
    let mut considered: Vec<&Rule> = Vec::new();

    for rule in &set.rules {
        // Second-order modifiers belong to their complaints, but a finding recorded under
        // another complaint is never ignored: the rule also applies when it reads one.
        if !rule.complaints.is_empty() {
            let complaint_matches = rec
                .complaint
                .as_ref()
                .is_some_and(|c| rule.complaints.contains(c));
            let reads_recorded_finding = rule.cache.findings.iter().any(|f| patient.has_finding(f));
            if !complaint_matches && !reads_recorded_finding {
                not_applicable += 1;
                continue;
            }
        }
        let gate = rule
            .applies
            .as_ref()
            .map_or(Truth::True, |a| a.eval(&patient));
        if gate == Truth::False {
            not_applicable += 1;
            continue;
        }
        let when = rule.when.eval(&patient);
        let outcome = match (gate, when) {
            (_, Truth::False) => Outcome::NotFired,
            (Truth::True, Truth::True) => Outcome::Fired,
            _ => Outcome::Unknown,
        };
        considered.push(rule);
        trace.push(trace_entry(rule, &patient, outcome));
    }

    // Scores and decision rules, from the same record; a score's triage links are traced after
    // the rules (they never enter the what-if: their open items are answers, not measurements).
    let computed = scores::compute(&scores::ItemFacts {
        facts: &patient,
        answers: &rec.answers,
    });
    for s in &computed.scores {
        let Some(def) = scores::score_defs().iter().find(|d| d.id == s.id) else {
            continue;
        };
        for link in &def.triage_links {
            trace.push(link_entry(link, def, s));
        }
    }

    let fired_level = trace
        .iter()
        .filter(|e| e.outcome == Outcome::Fired)
        .map(|e| e.level)
        .min();
    let lf = &set.levels;
    let level = fired_level.unwrap_or(lf.default_level);
    let deciding_rules: Vec<String> = trace
        .iter()
        .filter(|e| e.outcome == Outcome::Fired && e.level == level)
        .map(|e| e.rule_id.clone())
        .collect();
    let default_reason = fired_level.is_none().then(|| DefaultReason {
        en: lf.default_en.clone(),
        fr: lf.default_fr.clone(),
        reference_section: lf.reference_section.clone(),
        evidence: lf.default_evidence,
    });

    let mut what_if: Vec<WhatIf> = Vec::new();
    for (entry, rule) in trace.iter().zip(&considered) {
        if entry.outcome != Outcome::Unknown || entry.level >= level || !rule.suggest_if_unmeasured
        {
            continue;
        }
        let Some(open) = rule
            .criterion()
            .and_then(|c| c.residual_condition(&patient))
        else {
            continue;
        };
        match what_if
            .iter_mut()
            .find(|w| w.missing == entry.missing && w.level == entry.level)
        {
            Some(w) => {
                if !w.conditions.contains(&open) {
                    w.condition = format!("{} or {open}", w.condition);
                    w.conditions.push(open);
                }
                w.rule_ids.push(entry.rule_id.clone());
            }
            None => what_if.push(WhatIf {
                missing: entry.missing.clone(),
                condition: open.to_string(),
                conditions: vec![open],
                level: entry.level,
                rule_ids: vec![entry.rule_id.clone()],
            }),
        }
    }

    what_if.sort_by(|a, b| {
        a.level
            .cmp(&b.level)
            .then_with(|| a.missing.cmp(&b.missing))
    });

    let level_info = lf
        .levels
        .iter()
        .find(|l| l.level == level)
        .map(|l| level_from(lf, l))
        // The data test checks that levels 1–5 are all defined; this is never reached.
        .unwrap_or_else(|| TriageLevel {
            level,
            en: String::new(),
            fr: String::new(),
            target_minutes: 0,
            reassess_minutes: None,
            reassess_evidence: Evidence::Unverified,
            source: SourceRef {
                id: lf.id.clone(),
                version: lf.version,
                source: lf.source.clone(),
                reference_section: lf.reference_section.clone(),
                evidence: lf.evidence,
            },
        });

    Assessment {
        level,
        level_info,
        deciding_rules,
        default_reason,
        is_final: what_if.is_empty(),
        what_if,
        pat_impression: pat_impression(rec, &set.impressions),
        trace,
        rules_not_applicable: not_applicable,
        ruleset_hash: content::ruleset_hash().to_string(),
        scores: computed.scores,
        decision_rules: computed.decision_rules,
        scores_not_applicable: computed.not_applicable,
    }
}

/// The trace entry of one score → triage link: fired when every total still possible lies in
/// the link's range.
fn link_entry(link: &scores::TriageLink, def: &scores::ScoreDef, s: &ScoreResult) -> TraceEntry {
    let fired = scores::link_fires(link, s);
    let mut inputs: Vec<InputRead> = Vec::new();
    let mut findings: Vec<FindingRead> = Vec::new();
    for item in &s.items {
        for r in &item.read {
            match r.kind {
                "input" => {
                    if let Ok(input) =
                        serde_json::from_value::<Input>(serde_json::Value::String(r.name.clone()))
                        && !inputs.iter().any(|i| i.input == input)
                    {
                        inputs.push(InputRead {
                            input,
                            value: r.value.clone(),
                            unit: input.unit(),
                            origin: if r.value.is_some() {
                                Origin::Measured
                            } else {
                                Origin::Missing
                            },
                        });
                    }
                }
                "finding" if !findings.iter().any(|f| f.code == r.name) => {
                    findings.push(FindingRead {
                        code: r.name.clone(),
                        present: r.value == Some(Value::Flag(true)),
                    })
                }
                _ => {}
            }
        }
    }
    let range = match (link.total_at_least, link.total_at_most) {
        (Some(lo), Some(hi)) => format!("{lo} <= {} total <= {hi}", s.id),
        (Some(lo), None) => format!("{} total >= {lo}", s.id),
        (None, Some(hi)) => format!("{} total <= {hi}", s.id),
        (None, None) => format!("{} computed", s.id),
    };
    let criterion = format!("{range} (for every total still possible)");
    let state = if s.complete {
        format!("{} total = {}", s.id, s.total)
    } else {
        let missing: Vec<&str> = s
            .items
            .iter()
            .filter(|i| i.missing)
            .map(|i| i.item.as_str())
            .collect();
        format!(
            "{} total {}–{} possible (missing: {})",
            s.id,
            s.min_possible,
            s.max_possible,
            missing.join(", ")
        )
    };
    let band = s
        .band
        .as_ref()
        .map(|b| format!(", band {}", b.id))
        .unwrap_or_default();
    let verdict = if fired {
        format!("fired, level {}", link.level)
    } else if scores::link_possible(link, s) {
        format!(
            "not fired (could give level {} once the missing items are answered)",
            link.level
        )
    } else {
        "not fired".to_string()
    };
    let source = SourceRef {
        id: link.id.clone(),
        version: def.version,
        source: format!("{} — link to the triage level: {}", def.source, link.note),
        reference_section: def.reference_section.clone(),
        evidence: link.evidence,
    };
    TraceEntry {
        rule_id: link.id.clone(),
        version: def.version,
        group: "score".to_string(),
        level: link.level,
        en: link.en.clone(),
        fr: link.fr.clone(),
        inputs,
        findings,
        summary: format!(
            "{state}{band}: {criterion} → {verdict} [{} v{}, {}, {}]",
            link.id,
            def.version,
            def.reference_section,
            link.evidence.tag()
        ),
        criterion,
        outcome: if fired {
            Outcome::Fired
        } else {
            Outcome::NotFired
        },
        missing: Vec::new(),
        source,
        note: Some(link.note.clone()),
    }
}

fn trace_entry(rule: &Rule, patient: &Patient<'_>, outcome: Outcome) -> TraceEntry {
    let inputs: Vec<InputRead> = rule
        .inputs()
        .iter()
        .map(|&input| {
            let (value, origin) = patient.read(input);
            InputRead {
                input,
                value,
                unit: input.unit(),
                origin,
            }
        })
        .collect();
    let findings: Vec<FindingRead> = rule
        .cache
        .findings
        .iter()
        .map(|code| FindingRead {
            code: code.clone(),
            present: patient.has_finding(code),
        })
        .collect();
    let mut missing: Vec<Input> = Vec::new();
    if outcome == Outcome::Unknown
        && let Some(c) = rule.criterion()
    {
        c.open_inputs(patient, &mut missing);
    }
    let criterion = rule.criterion_text().to_string();
    let read: Vec<String> = inputs
        .iter()
        .map(|i| {
            let origin = match i.origin {
                Origin::Derived => " (derived)",
                Origin::Assumed => " (assumed)",
                _ => "",
            };
            match &i.value {
                Some(v) if i.unit.is_empty() => format!("{} = {v}{origin}", i.input),
                Some(v) => format!("{} = {v} {}{origin}", i.input, i.unit),
                None => format!("{} not entered", i.input),
            }
        })
        .chain(
            findings
                .iter()
                .filter(|f| f.present)
                .map(|f| format!("finding {} present", f.code)),
        )
        .collect();
    let verdict = match outcome {
        Outcome::Fired => format!("fired, level {}", rule.level),
        Outcome::NotFired => "not fired".to_string(),
        Outcome::Unknown => format!("unknown (could give level {})", rule.level),
    };
    let complaint_gate = if rule.complaints.is_empty() {
        String::new()
    } else {
        format!("complaint in {{{}}} and ", rule.complaints.join(", "))
    };
    let summary = format!(
        "{}: {complaint_gate}{criterion} → {verdict} [{} v{}, {}, {}]",
        if read.is_empty() {
            "no input".to_string()
        } else {
            read.join(", ")
        },
        rule.id,
        rule.version,
        rule.source.reference_section,
        rule.source.evidence.tag()
    );
    TraceEntry {
        rule_id: rule.id.clone(),
        version: rule.version,
        group: rule.group.clone(),
        level: rule.level,
        en: rule.en.clone(),
        fr: rule.fr.clone(),
        inputs,
        findings,
        criterion,
        outcome,
        missing,
        source: rule.source.clone(),
        note: rule.note.clone(),
        summary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{PainTool, TemperatureRoute};
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
            Input::TemperatureRoute => {
                Some(TemperatureRoute::ALL.iter().map(|a| a.code()).collect())
            }
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
                for code in &x.one_of {
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
            Condition::Finding(f) => {
                assert!(
                    catalog::finding(&f.finding).is_some(),
                    "{rule}: unknown finding {}",
                    f.finding
                )
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
        let _: HypotensionTable = content::load(HYPOTENSION);
        assert!(!catalog::complaints().is_empty() && !catalog::findings().is_empty());
        assert!(crate::record::plausibility("gcs").is_some());
        assert!(crate::centile_ranges_for_age(crate::Age::from_days(0).unwrap()).is_some());
        let known_prefixes = [
            RULE_FILE_PREFIX,
            crate::scores::SCORE_PREFIX,
            crate::scores::DECISION_RULE_PREFIX,
        ];
        let known = [
            VITAL_TABLE,
            HYPOTENSION,
            "triage/levels",
            "triage/pat_impressions",
            "scales/avpu_gcs_crosswalk",
            "complaints",
            "findings",
            "validation/plausibility",
            "vital_signs/fleming_2011",
            "questionnaire/anamnesis",
        ];
        assert!(!crate::questionnaire::anamnesis().items.is_empty());
        for key in content::raw().keys() {
            assert!(
                known.contains(&key.as_str()) || known_prefixes.iter().any(|p| key.starts_with(p)),
                "data file {key}.toml is not read by any loader (add it here and to a loader)"
            );
        }
    }

    #[test]
    fn every_rule_is_identified_cited_and_well_formed() {
        let mut ids = HashSet::new();
        for r in rules() {
            assert!(ids.insert(r.id.as_str()), "duplicate rule id {}", r.id);
            assert!((1..=5).contains(&r.level), "{}: level {}", r.id, r.level);
            assert!(r.version >= 1, "{}", r.id);
            assert!(!r.en.is_empty() && !r.fr.is_empty(), "{}: labels", r.id);
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
    fn every_complaint_has_second_order_modifiers_and_every_finding_is_used() {
        for c in catalog::complaints() {
            assert!(
                rules().iter().any(|r| r.complaints.contains(&c.code)),
                "complaint {} has no complaint-specific modifier",
                c.code
            );
        }
        let used: HashSet<&str> = rules().iter().flat_map(|r| r.findings()).collect();
        for f in catalog::findings() {
            assert!(
                used.contains(f.code.as_str()),
                "finding {} is read by no rule",
                f.code
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
                assert!(
                    b.low[0] < b.low[1] && b.low[1] < b.low[2],
                    "{}",
                    b.printed_age
                );
                assert!(b.low[2] < b.high[0], "{}", b.printed_age);
                assert!(
                    b.high[0] < b.high[1] && b.high[1] < b.high[2],
                    "{}",
                    b.printed_age
                );
            }
        }
    }

    #[test]
    fn hypotension_bands_have_exactly_one_form() {
        let t: HypotensionTable = content::load(HYPOTENSION);
        for b in &t.bands {
            let fixed = b.below_mmhg.is_some() && b.applies.is_some();
            let formula = b.each_year.is_some()
                && b.below_base_mmhg.is_some()
                && b.below_per_year_mmhg.is_some();
            assert!(
                fixed != formula,
                "band {} must be fixed (applies + below_mmhg) or a formula",
                b.label
            );
            assert!(
                !(fixed && (b.each_year.is_some() || b.below_base_mmhg.is_some())),
                "{}",
                b.label
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
        let cw = &rule_set().avpu_from_gcs;
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
}
