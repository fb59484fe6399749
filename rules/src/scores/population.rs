use super::*;

/// Why a score or decision rule is not evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Applicability {
    /// A requirement of its population is false: the child is outside it.
    Outside,
    /// No requirement is false but some are not yet known: `to_answer` would settle them.
    NotYetKnown,
}

/// Something to enter that would settle a population requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ToAnswer {
    /// `input` or `answer`.
    pub kind: &'static str,
    /// The input name or answer id.
    pub name: String,
}

/// A score or decision rule not evaluated for this patient, and why, in plain words.
///
/// It points into the rule data instead of copying it: an evaluation runs on every keystroke
/// and most scores are not applicable to a given child, so the reason (in every language) and
/// the criterion are written only when a screen or the audit record reads them.
#[derive(Debug, Clone, PartialEq)]
pub struct NotApplicable {
    pub id: &'static str,
    /// `score` or `decision_rule`.
    pub kind: &'static str,
    /// Name of the score or rule.
    pub label: Text,
    pub status: Applicability,
    /// The requirements that are false (outside) or not yet known.
    unmet: Vec<&'static Requirement>,
    /// What would settle the requirements not yet known (empty when outside).
    pub to_answer: Vec<ToAnswer>,
}

impl NotApplicable {
    /// The reason, in plain words (no ids).
    pub fn reason(&self, lang: Lang) -> String {
        let m = &crate::messages::messages().population;
        let template = match self.status {
            Applicability::Outside => &m.outside,
            Applicability::NotYetKnown => &m.not_yet_known,
        };
        let who: Vec<&str> = self.unmet.iter().map(|r| r.label.get(lang)).collect();
        template.fill(lang, &[("who", &who.join("; "))])
    }

    /// Ids of the requirements that are false (outside) or not yet known.
    pub fn requirements(&self) -> Vec<&'static str> {
        self.unmet.iter().map(|r| r.id.as_str()).collect()
    }

    /// For the audit: the criteria of those requirements.
    pub fn criterion(&self) -> String {
        let criteria: Vec<String> = self.unmet.iter().map(|r| r.criterion()).collect();
        criteria.join("; ")
    }
}

/// The audit record's shape: the label flattened, the reason in every language, the ids and
/// criteria of the requirements.
impl Serialize for NotApplicable {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Written<'a> {
            id: &'a str,
            kind: &'a str,
            #[serde(flatten)]
            label: &'a Text,
            status: Applicability,
            reason: Text,
            requirements: Vec<&'a str>,
            to_answer: &'a [ToAnswer],
            criterion: String,
        }
        Written {
            id: self.id,
            kind: self.kind,
            label: &self.label,
            status: self.status,
            reason: Text::from_fn(|lang| self.reason(lang)),
            requirements: self.requirements(),
            to_answer: &self.to_answer,
            criterion: self.criterion(),
        }
        .serialize(s)
    }
}

/// Inputs and observations still unknown under the open parts of a criterion (a closed-world
/// sign is never unknown).
pub(super) fn open_reads(c: &Cond, f: &dyn Facts, out: &mut Vec<ToAnswer>) {
    let mut inputs = Vec::new();
    c.open_inputs(f, &mut inputs);
    let mut open = Vec::new();
    c.open_observations(f, &mut open);
    // A derived value is settled by what it is derived from (fever: the temperature).
    let mut codes = Vec::new();
    for code in open {
        match vocabulary::observation(code).and_then(|d| d.derived.as_ref()) {
            Some(vocabulary::Derivation::When { when }) => when.open_inputs(f, &mut inputs),
            Some(vocabulary::Derivation::Ratio { ratio, .. }) => {
                codes.extend(ratio.iter().map(String::as_str))
            }
            None => codes.push(code),
        }
    }
    let found = inputs
        .into_iter()
        .map(|i| ToAnswer {
            kind: "input",
            name: i.name().to_string(),
        })
        .chain(codes.into_iter().map(|code| ToAnswer {
            kind: "observation",
            name: code.to_string(),
        }));
    for t in found {
        if !out.contains(&t) {
            out.push(t);
        }
    }
}

impl Requirement {
    /// `when` holds and `unless` does not (three-valued).
    pub(super) fn eval(&self, f: &dyn Facts) -> Truth {
        let excluded = match &self.unless {
            None => Truth::False,
            Some(u) => u.eval(f),
        };
        let not_excluded = match excluded {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        };
        Truth::all([self.when.eval(f), not_excluded])
    }

    /// Codes of the open-world observations this requirement reads (e.g. `previously_healthy`),
    /// so a form can keep asking them once the score or rule is evaluated.
    pub fn answers(&self) -> Vec<&str> {
        let mut keys = Vec::new();
        ReadKey::of(&self.when, &mut keys);
        if let Some(u) = &self.unless {
            ReadKey::of(u, &mut keys);
        }
        keys.into_iter()
            .filter_map(|k| match k {
                ReadKey::Observation(a, _) => Some(a),
                _ => None,
            })
            .filter(|a| vocabulary::observation(a).is_some_and(|d| !d.closed_world))
            .collect()
    }

    pub(super) fn criterion(&self) -> String {
        match &self.unless {
            None => self.when.to_string(),
            Some(u) => format!("{} and not {}", self.when, u),
        }
    }
}

/// Why a score or rule is not evaluated; `None` when every requirement of its population holds.
pub(super) fn population_check(
    id: &'static str,
    kind: &'static str,
    label: &Text,
    population: &'static [Requirement],
    f: &dyn Facts,
) -> Option<NotApplicable> {
    let mut outside = Vec::new();
    let mut open = Vec::new();
    for r in population {
        match r.eval(f) {
            Truth::False => outside.push(r),
            Truth::Unknown => open.push(r),
            Truth::True => {}
        }
    }
    let (status, unmet) = if !outside.is_empty() {
        (Applicability::Outside, outside)
    } else if !open.is_empty() {
        (Applicability::NotYetKnown, open)
    } else {
        return None;
    };
    let mut to_answer = Vec::new();
    if status == Applicability::NotYetKnown {
        for r in &unmet {
            open_reads(&r.when, f, &mut to_answer);
            if let Some(u) = &r.unless {
                open_reads(u, f, &mut to_answer);
            }
        }
    }
    Some(NotApplicable {
        id,
        kind,
        label: label.clone(),
        status,
        unmet,
        to_answer,
    })
}
