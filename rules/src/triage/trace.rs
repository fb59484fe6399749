use super::*;

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
    /// A closed-world danger sign not ticked: read as not seen (the screen says so).
    NotSeen,
}

impl Origin {
    /// Whether the value was answered: entered, or derived from what was.
    pub fn answered(self) -> bool {
        matches!(self, Origin::Measured | Origin::Derived)
    }
}

/// One input a rule read, as it was read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputRead {
    pub input: Input,
    pub value: Option<Value>,
    pub unit: &'static str,
    pub origin: Origin,
}

/// One observation a rule read, as it was read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObservationRead {
    pub code: &'static str,
    /// `None`: not answered.
    pub value: Option<Value>,
    /// `Measured` (entered), `NotSeen` (a closed-world sign not ticked) or `Missing`.
    pub origin: Origin,
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

/// One rule considered, with everything needed to show why it did or did not fire. What comes
/// from the rule data is borrowed from it (the data lives as long as the program), so an
/// evaluation copies no text; the one-line summary is written only when asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceEntry {
    pub rule_id: &'static str,
    pub version: u32,
    pub group: &'static str,
    /// Level the rule assigns when it fires.
    pub level: u8,
    pub label: &'static Text,
    pub inputs: Vec<InputRead>,
    pub observations: Vec<ObservationRead>,
    /// The criterion as evaluated, including its age band or other gate.
    pub criterion: Cow<'static, str>,
    pub outcome: Outcome,
    /// Unmeasured inputs that left the outcome open.
    pub missing: Vec<Input>,
    /// Observations not answered that left the outcome open (asked where the sign is asked;
    /// never a what-if, which is a measurement not taken).
    pub unanswered: Vec<&'static str>,
    pub source: Cow<'static, SourceRef>,
    pub note: Option<&'static str>,
    /// The complaints the rule belongs to (empty: every complaint), for the summary.
    complaints: &'static [String],
    /// Further complaints recorded beside the main one, for the summary.
    other_complaints: Vec<&'static str>,
    /// A score link's state (total or range, band), for the summary.
    score_state: Option<String>,
    /// A score link not fired that could still fire once its items are answered.
    score_open: bool,
}

impl TraceEntry {
    /// One line for logs and the command line, e.g.
    /// `spo2_percent = 91 %: spo2_percent < 92 → fired, level 2 [id v1, REFERENCE.md §2.3, V]`.
    pub fn summary(&self) -> String {
        let tail = format!(
            "[{} v{}, {}, {}]",
            self.rule_id,
            self.version,
            self.source.reference_section,
            self.source.evidence.tag()
        );
        if let Some(state) = &self.score_state {
            let verdict = match self.outcome {
                Outcome::Fired => format!("fired, level {}", self.level),
                _ if self.score_open => format!(
                    "not fired (could give level {} once the missing items are answered)",
                    self.level
                ),
                _ => "not fired".to_string(),
            };
            return format!("{state}: {} → {verdict} {tail}", self.criterion);
        }
        let read: Vec<String> = self
            .inputs
            .iter()
            .map(|i| {
                let origin = match i.origin {
                    Origin::Derived => " (derived)",
                    Origin::Assumed => " (assumed)",
                    _ => "",
                };
                let others = &self.other_complaints;
                match &i.value {
                    Some(v) if i.input == Input::Complaint && !others.is_empty() => {
                        format!("{} = {v} (and {})", i.input, others.join(", "))
                    }
                    Some(v) if i.unit.is_empty() => format!("{} = {v}{origin}", i.input),
                    Some(v) => format!("{} = {v} {}{origin}", i.input, i.unit),
                    None => format!("{} not entered", i.input),
                }
            })
            .chain(
                self.observations
                    .iter()
                    .filter_map(|o| match (&o.value, o.origin) {
                        (Some(v), Origin::Measured) => Some(format!("{} = {v}", o.code)),
                        (Some(v), Origin::Derived) => Some(format!("{} = {v} (derived)", o.code)),
                        _ => None,
                    }),
            )
            .collect();
        let verdict = match self.outcome {
            Outcome::Fired => format!("fired, level {}", self.level),
            Outcome::NotFired => "not fired".to_string(),
            Outcome::Unknown => format!("unknown (could give level {})", self.level),
        };
        let complaint_gate = if self.complaints.is_empty() {
            String::new()
        } else {
            format!("complaint in {{{}}} and ", self.complaints.join(", "))
        };
        format!(
            "{}: {complaint_gate}{} → {verdict} {tail}",
            if read.is_empty() {
                "no input".to_string()
            } else {
                read.join(", ")
            },
            self.criterion,
        )
    }
}

/// The entry as saved and printed: its fields and its summary.
impl Serialize for TraceEntry {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Saved<'a> {
            rule_id: &'a str,
            version: u32,
            group: &'a str,
            level: u8,
            #[serde(flatten)]
            label: &'a Text,
            inputs: &'a [InputRead],
            observations: &'a [ObservationRead],
            criterion: &'a str,
            outcome: Outcome,
            missing: &'a [Input],
            unanswered: &'a [&'static str],
            source: &'a SourceRef,
            note: Option<&'a str>,
            summary: String,
        }
        Saved {
            rule_id: self.rule_id,
            version: self.version,
            group: self.group,
            level: self.level,
            label: self.label,
            inputs: &self.inputs,
            observations: &self.observations,
            criterion: &self.criterion,
            outcome: self.outcome,
            missing: &self.missing,
            unanswered: &self.unanswered,
            source: &self.source,
            note: self.note,
            summary: self.summary(),
        }
        .serialize(serializer)
    }
}

/// Every rule considered for one patient, in evaluation order.
pub type Trace = Vec<TraceEntry>;

/// A measurement not taken that could make the level more urgent.
#[derive(Debug, Clone, PartialEq)]
pub struct WhatIf {
    /// The unmeasured inputs involved.
    pub missing: Vec<Input>,
    /// What they would have to show (each rule's open part, one per rule, without repeats), for
    /// views that render it in their own language; [`Self::condition`] writes it in one line.
    pub conditions: Vec<Condition>,
    /// The level the result would become.
    pub level: u8,
    pub rule_ids: Vec<&'static str>,
}

impl WhatIf {
    /// What the inputs would have to show, e.g. `spo2_percent < 92`; several rules giving the
    /// same level from the same inputs are joined with "or". Written when asked for (the audit
    /// record and the command line), not on every evaluation.
    pub fn condition(&self) -> String {
        let parts: Vec<String> = self.conditions.iter().map(Condition::to_string).collect();
        parts.join(" or ")
    }

    /// The rules that would fire, in the rule data's own plain words (every language), in the
    /// order of `rule_ids`; a rule id that is not a triage rule has no label here.
    pub fn rule_labels(&self) -> Vec<&'static Text> {
        self.rule_ids
            .iter()
            .filter_map(|id| super::load::rules().iter().find(|r| r.id == *id))
            .map(|r| &r.label)
            .collect()
    }
}

/// Saved and printed as before the condition was written on demand: with it.
impl Serialize for WhatIf {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Saved<'a> {
            missing: &'a [Input],
            condition: String,
            conditions: &'a [Condition],
            level: u8,
            rule_ids: &'a [&'static str],
        }
        Saved {
            missing: &self.missing,
            condition: self.condition(),
            conditions: &self.conditions,
            level: self.level,
            rule_ids: &self.rule_ids,
        }
        .serialize(serializer)
    }
}

/// The trace entry of one score → triage link: fired when every total still possible lies in
/// the link's range.
pub(super) fn link_entry(
    link: &'static scores::TriageLink,
    def: &'static scores::ScoreDef,
    s: &ScoreResult,
) -> TraceEntry {
    let fired = scores::link_fires(link, s);
    let mut inputs: Vec<InputRead> = Vec::new();
    let mut observations: Vec<ObservationRead> = Vec::new();
    for item in &s.items {
        for r in &item.read {
            match r.kind {
                "input" => {
                    if let Some(input) = Input::from_name(r.name)
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
                "observation" if !observations.iter().any(|o| o.code == r.name) => {
                    if let Some(def) = crate::vocabulary::observation(r.name) {
                        observations.push(ObservationRead {
                            code: def.code.as_str(),
                            value: r.value.clone(),
                            origin: if r.value.is_none() {
                                Origin::Missing
                            } else if r.answered {
                                Origin::Measured
                            } else {
                                Origin::NotSeen
                            },
                        })
                    }
                }
                _ => {}
            }
        }
    }
    let state = if s.complete {
        format!("{} total = {}", s.id, s.total)
    } else {
        let missing: Vec<&str> = s
            .items
            .iter()
            .filter(|i| i.missing)
            .map(|i| i.item)
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
    TraceEntry {
        rule_id: &link.id,
        version: def.version,
        group: "score",
        level: link.level,
        label: &link.label,
        inputs,
        observations,
        criterion: Cow::Borrowed(link.criterion()),
        outcome: if fired {
            Outcome::Fired
        } else {
            Outcome::NotFired
        },
        missing: Vec::new(),
        unanswered: Vec::new(),
        source: Cow::Borrowed(link.source()),
        note: Some(&link.note),
        complaints: &[],
        other_complaints: Vec::new(),
        score_state: Some(format!("{state}{band}")),
        score_open: !fired && scores::link_possible(link, s),
    }
}

pub(super) fn trace_entry(
    rule: &'static Rule,
    patient: &Patient<'_>,
    outcome: Outcome,
) -> TraceEntry {
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
    let observations: Vec<ObservationRead> = rule
        .cache
        .observations
        .iter()
        .map(|code| {
            let (value, origin) = patient.read_observation(code);
            ObservationRead {
                code: code.as_str(),
                value,
                origin,
            }
        })
        .collect();
    let mut missing: Vec<Input> = Vec::new();
    let mut unanswered: Vec<&'static str> = Vec::new();
    if outcome == Outcome::Unknown
        && let Some(c) = rule.criterion()
    {
        c.open_inputs(patient, &mut missing);
        c.open_observations(patient, &mut unanswered);
    }
    let reads_complaint = rule.inputs().contains(&Input::Complaint);
    TraceEntry {
        rule_id: &rule.id,
        version: rule.version,
        group: &rule.group,
        level: rule.level,
        label: &rule.label,
        inputs,
        observations,
        criterion: Cow::Borrowed(rule.criterion_text()),
        outcome,
        missing,
        unanswered,
        source: Cow::Borrowed(&rule.source),
        note: rule.note.as_deref(),
        complaints: &rule.complaints,
        other_complaints: if reads_complaint {
            patient.rec.other_complaints.clone()
        } else {
            Vec::new()
        },
        score_state: None,
        score_open: false,
    }
}
