//! Shared parts of the fuzz targets: the property every target checks
//! ([`check_assessment`]) and the structure-aware input ([`Case`]) that turns fuzzer bytes
//! into a patient record the rules actually read. A later target (the hand-off import parser)
//! can reuse both.

use arbitrary::Arbitrary;
use rules::record::{Avpu, PainLocation, PainOnset, PainTool, PatSide, TemperatureRoute};
use rules::{Answer, Lang, ObservationKind as Kind, Pat, PatientRecord, Vitals};

/// Validates and evaluates `record`: any validation refusal is a fine answer; what is checked
/// is that nothing panics, that a refusal says why in both languages, that a level is 1 to 5
/// and that the assessment serialises (the app stores it as JSON in its audit records).
pub fn check_assessment(record: &PatientRecord) {
    match rules::assess(record) {
        Ok(assessment) => {
            assert!(
                (1..=5).contains(&assessment.level),
                "level {} outside 1..=5",
                assessment.level
            );
            serde_json::to_string(&assessment).expect("an assessment serialises to JSON");
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "validation refused without an error");
            for error in &errors {
                let _ = (
                    error.field(),
                    error.message(Lang::En),
                    error.message(Lang::Fr),
                );
            }
        }
    }
}

/// A numeric range a number is drawn from.
#[derive(Clone, Copy)]
struct Range {
    min: f64,
    max: f64,
    whole: bool,
}

impl Range {
    /// The plausible range of a case-format field (`data/validation/plausibility.toml`), or
    /// `fallback` for fields the file does not list (the age fields).
    fn of(field: &str, fallback: (f64, f64)) -> Self {
        match rules::record::plausibility(field) {
            Some(p) => Range {
                min: p.min,
                max: p.max,
                whole: p.whole_number,
            },
            None => Range {
                min: fallback.0,
                max: fallback.1,
                whole: false,
            },
        }
    }
}

/// A number as a nurse (or a broken import) might give it.
#[derive(Arbitrary, Debug)]
pub enum Num {
    Absent,
    /// Inside the plausible range: the fraction `k / 65535` of the way from min to max.
    Plausible(u16),
    /// At, just beside or far from the range's edges, or not finite.
    Edge(u8),
    /// Any f64 at all.
    Any(f64),
}

impl Num {
    fn value(&self, range: Range) -> Option<f64> {
        let Range { min, max, whole } = range;
        match *self {
            Num::Absent => None,
            Num::Plausible(k) => {
                let x = min + (max - min) * f64::from(k) / f64::from(u16::MAX);
                Some(if whole { x.round() } else { x })
            }
            Num::Edge(i) => {
                let edges = [
                    min,
                    max,
                    min - 1.0,
                    max + 1.0,
                    min - 1e-9,
                    max + 1e-9,
                    min + 0.5,
                    max - 0.5,
                    (min + max) / 2.0,
                    0.0,
                    -0.0,
                    -1.0,
                    0.1,
                    1e300,
                    -1e300,
                    f64::MAX,
                    f64::MIN,
                    f64::MIN_POSITIVE,
                    f64::EPSILON,
                    f64::NAN,
                    f64::INFINITY,
                    f64::NEG_INFINITY,
                    u8::MAX as f64 + 1.0,
                    i64::MAX as f64,
                ];
                Some(edges[usize::from(i) % edges.len()])
            }
            Num::Any(x) => Some(x),
        }
    }
}

/// A code from a known list (complaints, findings, answer ids, options), or any string.
#[derive(Arbitrary, Debug)]
pub enum Code {
    Known(u16),
    Other(String),
}

impl Code {
    fn pick<'a>(&'a self, known: &[&'a str]) -> String {
        match self {
            Code::Known(i) if !known.is_empty() => known[usize::from(*i) % known.len()].to_string(),
            Code::Known(_) => String::new(),
            Code::Other(s) => s.clone(),
        }
    }
}

/// A date `YYYY-MM-DD` with possibly impossible parts, or any text.
#[derive(Arbitrary, Debug)]
pub enum Date {
    Ymd { year: u8, month: u8, day: u8 },
    Text(String),
}

impl Date {
    fn text(&self) -> String {
        match self {
            // Years 1990–2117; months 0–15 and days 0–35 include impossible ones.
            Date::Ymd { year, month, day } => format!(
                "{:04}-{:02}-{:02}",
                1990 + u32::from(*year) / 2,
                month % 16,
                day % 36
            ),
            Date::Text(s) => s.clone(),
        }
    }
}

/// An answer to a score or decision-rule item.
#[derive(Arbitrary, Debug)]
pub enum AnswerInput {
    /// Of the kind its definition asks for: an option, a yes/no, a number in or near range.
    Fitting {
        option: u16,
        flag: bool,
        number: Num,
    },
    Flag(bool),
    Number(Num),
    Code(Code),
}

/// One patient record, chosen field by field by the fuzzer.
#[derive(Arbitrary, Debug)]
pub struct Case {
    age_days: Num,
    age_years: Num,
    age_months: Num,
    birth_date: Option<Date>,
    assessed_on: Option<Date>,
    weight: Num,
    heart_rate: Num,
    respiratory_rate: Num,
    spo2: Num,
    temperature: Num,
    systolic_bp: Num,
    capillary_refill: Num,
    gcs: Num,
    pain_score: Num,
    glucose: Num,
    pefr: Num,
    temperature_route: Option<u8>,
    avpu: Option<u8>,
    pain_tool: Option<u8>,
    pain_location: Option<u8>,
    pain_onset: Option<u8>,
    complaint: Option<Code>,
    other_complaints: Vec<Code>,
    findings: Vec<Code>,
    pat: [Option<bool>; 3],
    answers: Vec<(Code, AnswerInput)>,
}

fn one_of<T: Copy>(all: &[T], i: Option<u8>) -> Option<T> {
    i.map(|i| all[usize::from(i) % all.len()])
}

fn side(abnormal: Option<bool>) -> Option<PatSide> {
    abnormal.map(|a| {
        if a {
            PatSide::Abnormal
        } else {
            PatSide::Normal
        }
    })
}

impl Case {
    /// The patient record this case describes.
    pub fn record(&self) -> PatientRecord {
        let field = |num: &Num, name: &str| num.value(Range::of(name, (0.0, 1000.0)));
        let complaints: Vec<&str> = rules::catalog::complaints()
            .iter()
            .map(|c| c.code.as_str())
            .collect();
        let defs = rules::observations();
        let danger_signs: Vec<&str> = defs
            .iter()
            .filter(|d| d.closed_world)
            .map(|d| d.code.as_str())
            .collect();
        let answer_ids: Vec<&str> = defs.iter().map(|d| d.code.as_str()).collect();

        // Danger signs ticked first, then typed answers (an answer to the same code wins, as
        // the record holds each observation once).
        let mut observations: std::collections::BTreeMap<String, Answer> = self
            .findings
            .iter()
            .map(|f| (f.pick(&danger_signs), Answer::Flag(true)))
            .collect();
        let answers: Vec<(String, Answer)> =
            self.answers
                .iter()
                .map(|(id, input)| {
                    let id = id.pick(&answer_ids);
                    let def = rules::observation(&id);
                    let answer = match (input, def) {
                        (
                            AnswerInput::Fitting {
                                option,
                                flag,
                                number,
                            },
                            Some(def),
                        ) => match def.kind {
                            Kind::YesNo => Answer::Flag(*flag),
                            Kind::Choice => {
                                let codes: Vec<&str> =
                                    def.options.iter().map(|o| o.code.as_str()).collect();
                                Answer::Code(Code::Known(*option).pick(&codes))
                            }
                            Kind::Number => {
                                let range = Range {
                                    min: def.min.unwrap_or(0.0),
                                    max: def.max.unwrap_or(100.0),
                                    whole: def.whole_number,
                                };
                                // An absent number is still an answer here: the range's middle.
                                Answer::Number(
                                    number.value(range).unwrap_or((range.min + range.max) / 2.0),
                                )
                            }
                        },
                        (AnswerInput::Fitting { flag, .. }, None)
                        | (AnswerInput::Flag(flag), _) => Answer::Flag(*flag),
                        (AnswerInput::Number(n), _) => {
                            Answer::Number(n.value(Range::of("", (-10.0, 100.0))).unwrap_or(0.0))
                        }
                        (AnswerInput::Code(c), def) => {
                            let codes: Vec<&str> = def
                                .map(|d| d.options.iter().map(|o| o.code.as_str()).collect())
                                .unwrap_or_default();
                            Answer::Code(c.pick(&codes))
                        }
                    };
                    (id, answer)
                })
                .collect();
        observations.extend(answers);

        PatientRecord {
            age_days: self.age_days.value(Range::of("age_days", (0.0, 6940.0))),
            birth_date: self.birth_date.as_ref().map(Date::text),
            assessed_on: self.assessed_on.as_ref().map(Date::text),
            age_years: self.age_years.value(Range::of("age_years", (0.0, 19.0))),
            age_months: self.age_months.value(Range::of("age_months", (0.0, 24.0))),
            weight_kg: field(&self.weight, "weight_kg"),
            vitals: Vitals {
                heart_rate_per_min: field(&self.heart_rate, "heart_rate_per_min"),
                respiratory_rate_per_min: field(&self.respiratory_rate, "respiratory_rate_per_min"),
                spo2_percent: field(&self.spo2, "spo2_percent"),
                temperature_c: field(&self.temperature, "temperature_c"),
                temperature_route: one_of(TemperatureRoute::ALL, self.temperature_route),
                systolic_bp_mmhg: field(&self.systolic_bp, "systolic_bp_mmhg"),
                capillary_refill_s: field(&self.capillary_refill, "capillary_refill_s"),
                gcs: field(&self.gcs, "gcs"),
                avpu: one_of(Avpu::ALL, self.avpu),
                pain_score: field(&self.pain_score, "pain_score"),
                pain_tool: one_of(PainTool::ALL, self.pain_tool),
                pain_location: one_of(PainLocation::ALL, self.pain_location),
                pain_onset: one_of(PainOnset::ALL, self.pain_onset),
                glucose_mmol_l: field(&self.glucose, "glucose_mmol_l"),
                pefr_percent_predicted: field(&self.pefr, "pefr_percent_predicted"),
            },
            complaint: self.complaint.as_ref().map(|c| c.pick(&complaints)),
            other_complaints: self
                .other_complaints
                .iter()
                .map(|c| c.pick(&complaints))
                .collect(),
            pat: Pat {
                appearance: side(self.pat[0]),
                work_of_breathing: side(self.pat[1]),
                circulation: side(self.pat[2]),
            },
            observations,
        }
    }
}
