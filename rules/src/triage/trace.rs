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
    pub code: String,
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

/// One rule considered, with everything needed to show why it did or did not fire.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TraceEntry {
    pub rule_id: String,
    pub version: u32,
    pub group: String,
    /// Level the rule assigns when it fires.
    pub level: u8,
    #[serde(flatten)]
    pub label: Text,
    pub inputs: Vec<InputRead>,
    pub observations: Vec<ObservationRead>,
    /// The criterion as evaluated, including its age band or other gate.
    pub criterion: String,
    pub outcome: Outcome,
    /// Unmeasured inputs that left the outcome open.
    pub missing: Vec<Input>,
    /// Observations not answered that left the outcome open (asked where the sign is asked;
    /// never a what-if, which is a measurement not taken).
    pub unanswered: Vec<String>,
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

/// The trace entry of one score → triage link: fired when every total still possible lies in
/// the link's range.
pub(super) fn link_entry(
    link: &scores::TriageLink,
    def: &scores::ScoreDef,
    s: &ScoreResult,
) -> TraceEntry {
    let fired = scores::link_fires(link, s);
    let mut inputs: Vec<InputRead> = Vec::new();
    let mut observations: Vec<ObservationRead> = Vec::new();
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
                "observation" if !observations.iter().any(|o| o.code == r.name) => observations
                    .push(ObservationRead {
                        code: r.name.clone(),
                        value: r.value.clone(),
                        origin: if r.value.is_none() {
                            Origin::Missing
                        } else if r.answered {
                            Origin::Measured
                        } else {
                            Origin::NotSeen
                        },
                    }),
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
        label: link.label.clone(),
        inputs,
        observations,
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
        unanswered: Vec::new(),
        source,
        note: Some(link.note.clone()),
    }
}

pub(super) fn trace_entry(rule: &Rule, patient: &Patient<'_>, outcome: Outcome) -> TraceEntry {
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
                code: code.clone(),
                value,
                origin,
            }
        })
        .collect();
    let mut missing: Vec<Input> = Vec::new();
    let mut unanswered: Vec<&str> = Vec::new();
    if outcome == Outcome::Unknown
        && let Some(c) = rule.criterion()
    {
        c.open_inputs(patient, &mut missing);
        c.open_observations(patient, &mut unanswered);
    }
    let unanswered = unanswered.into_iter().map(str::to_string).collect();
    let criterion = rule.criterion_text().to_string();
    let read: Vec<String> = inputs
        .iter()
        .map(|i| {
            let origin = match i.origin {
                Origin::Derived => " (derived)",
                Origin::Assumed => " (assumed)",
                _ => "",
            };
            let others = &patient.rec.other_complaints;
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
            observations
                .iter()
                .filter_map(|o| match (&o.value, o.origin) {
                    (Some(v), Origin::Measured) => Some(format!("{} = {v}", o.code)),
                    (Some(v), Origin::Derived) => Some(format!("{} = {v} (derived)", o.code)),
                    _ => None,
                }),
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
        label: rule.label.clone(),
        inputs,
        observations,
        criterion,
        outcome,
        missing,
        unanswered,
        source: rule.source.clone(),
        note: rule.note.clone(),
        summary,
    }
}
