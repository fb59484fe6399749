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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotApplicable {
    pub id: String,
    /// `score` or `decision_rule`.
    pub kind: &'static str,
    /// Name of the score or rule.
    #[serde(flatten)]
    pub label: Text,
    pub status: Applicability,
    /// The reason, in plain words (no ids).
    pub reason: Text,
    /// Ids of the requirements that are false (outside) or not yet known.
    pub requirements: Vec<String>,
    /// What would settle the requirements not yet known (empty when outside).
    pub to_answer: Vec<ToAnswer>,
    /// For the audit: the criteria of those requirements.
    pub criterion: String,
}

impl NotApplicable {
    pub fn reason(&self, lang: Lang) -> &str {
        self.reason.get(lang)
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
    pub fn answers(&self) -> Vec<String> {
        let mut keys = Vec::new();
        ReadKey::of(&self.when, &mut keys);
        if let Some(u) = &self.unless {
            ReadKey::of(u, &mut keys);
        }
        keys.into_iter()
            .filter_map(|k| match k {
                ReadKey::Observation(a) => Some(a),
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
    id: &str,
    kind: &'static str,
    label: &Text,
    population: &[Requirement],
    f: &dyn Facts,
) -> Option<NotApplicable> {
    let truths: Vec<(&Requirement, Truth)> = population.iter().map(|r| (r, r.eval(f))).collect();
    let pick = |t: Truth| -> Vec<&Requirement> {
        truths
            .iter()
            .filter(|(_, x)| *x == t)
            .map(|(r, _)| *r)
            .collect()
    };
    let (status, reqs) = match (pick(Truth::False), pick(Truth::Unknown)) {
        (no, _) if !no.is_empty() => (Applicability::Outside, no),
        (_, open) if !open.is_empty() => (Applicability::NotYetKnown, open),
        _ => return None,
    };
    let who = Text::from_fn(|lang| {
        let w: Vec<&str> = reqs.iter().map(|r| r.label.get(lang)).collect();
        w.join("; ")
    });
    let m = &crate::messages::messages().population;
    let template = match status {
        Applicability::Outside => &m.outside,
        Applicability::NotYetKnown => &m.not_yet_known,
    };
    let reason = Text::from_fn(|lang| template.fill(lang, &[("who", &who.get(lang))]));
    let mut to_answer = Vec::new();
    if status == Applicability::NotYetKnown {
        for r in &reqs {
            open_reads(&r.when, f, &mut to_answer);
            if let Some(u) = &r.unless {
                open_reads(u, f, &mut to_answer);
            }
        }
    }
    Some(NotApplicable {
        id: id.to_string(),
        kind,
        label: label.clone(),
        status,
        reason,
        requirements: reqs.iter().map(|r| r.id.clone()).collect(),
        to_answer,
        criterion: reqs
            .iter()
            .map(|r| r.criterion())
            .collect::<Vec<_>>()
            .join("; "),
    })
}
