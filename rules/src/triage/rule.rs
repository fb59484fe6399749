use super::*;

/// A rule ready to evaluate, with its source always filled in.
#[derive(Debug, Clone, Serialize)]
pub struct Rule {
    pub id: String,
    pub version: u32,
    /// Level the rule assigns when it fires (1 = resuscitation … 5 = non-urgent).
    pub level: u8,
    /// Which part of the scale it belongs to (e.g. "respiratory", "complaint").
    pub group: String,
    #[serde(flatten)]
    pub label: Text,
    pub source: SourceRef,
    pub complaints: Vec<String>,
    pub applies: Option<Condition>,
    pub when: Condition,
    pub note: Option<String>,
    /// Whether an unmeasured input of this rule is offered as a what-if.
    pub suggest_if_unmeasured: bool,
    /// Worked out once at load time: evaluation then allocates only for the trace itself.
    #[serde(skip)]
    pub(super) cache: RuleCache,
}

#[derive(Debug, Clone, Default)]
pub(super) struct RuleCache {
    pub(super) inputs: Vec<Input>,
    pub(super) observations: Vec<String>,
    pub(super) criterion: Option<Condition>,
    /// Written on first read (the first evaluation), not while the rules load at start-up.
    pub(super) criterion_text: std::sync::OnceLock<String>,
}

impl Rule {
    pub(super) fn compiled(mut self) -> Self {
        let mut inputs = Vec::new();
        if !self.complaints.is_empty() {
            inputs.push(Input::Complaint);
        }
        if let Some(a) = &self.applies {
            a.inputs(&mut inputs);
        }
        self.when.inputs(&mut inputs);
        let mut observations = Vec::new();
        if let Some(a) = &self.applies {
            a.observations(&mut observations);
        }
        self.when.observations(&mut observations);
        let observations = observations.into_iter().map(str::to_string).collect();
        let criterion = self.joined_criterion();
        self.cache = RuleCache {
            inputs,
            observations,
            criterion_text: std::sync::OnceLock::new(),
            criterion: Some(criterion),
        };
        self
    }

    pub fn label(&self, lang: Lang) -> &str {
        self.label.get(lang)
    }

    /// Inputs the rule reads (complaint and gate first), without repeats.
    pub fn inputs(&self) -> &[Input] {
        &self.cache.inputs
    }

    /// Observation codes the rule reads.
    pub fn observations(&self) -> Vec<&str> {
        self.cache.observations.iter().map(String::as_str).collect()
    }

    /// Gate and criterion as one condition, as shown in the trace.
    pub fn criterion_text(&self) -> &str {
        self.cache.criterion_text.get_or_init(|| {
            self.cache
                .criterion
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default()
        })
    }

    pub(super) fn criterion(&self) -> Option<&Condition> {
        self.cache.criterion.as_ref()
    }

    /// Gate and criterion as one condition, flattened so the trace reads `a and b and c`.
    pub(super) fn joined_criterion(&self) -> Condition {
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
