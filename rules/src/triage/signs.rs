//! Which signs the triage form asks, and where: the signs of the complaints' rules first, then
//! the first-order signs (danger signs and graded respiratory signs) whatever the complaint,
//! then the other closed-world signs folded away. A clinical choice, so it lives here, derived
//! from the rule data, not in the app.

use super::load::observations_for_complaint;
use crate::record::PatientRecord;
use crate::vocabulary::observations;

/// Observation codes read by rules that apply whatever the complaint (first-order modifiers:
/// the danger signs and the graded respiratory signs), in the order of the vocabulary.
pub fn first_order_observations() -> Vec<&'static str> {
    let read = super::raw::observations_read(|complaints| complaints.is_empty());
    observations()
        .iter()
        .map(|o| o.code.as_str())
        .filter(|c| read.contains(c))
        .collect()
}

/// The signs the triage form shows, by section.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FormSigns {
    /// The signs the complaint's rules read (`observations_for_complaint`).
    pub complaint: Vec<&'static str>,
    /// First-order signs not already in `complaint`.
    pub danger: Vec<&'static str>,
    /// The other closed-world signs (ticked on sight), folded away.
    pub other: Vec<&'static str>,
}

impl FormSigns {
    pub fn for_complaint(complaint: Option<&str>) -> Self {
        Self::for_complaints(complaint.into_iter())
    }

    /// The signs of the main complaint and of any further one (each once).
    pub fn for_record(record: &PatientRecord) -> Self {
        Self::for_complaints(
            record
                .complaint
                .iter()
                .chain(&record.other_complaints)
                .map(String::as_str),
        )
    }

    /// The signs of these complaints (each sign once).
    pub fn for_complaints<'a>(complaints: impl Iterator<Item = &'a str>) -> Self {
        let mut complaint: Vec<&'static str> = Vec::new();
        for c in complaints {
            for code in observations_for_complaint(c) {
                if !complaint.contains(&code) {
                    complaint.push(code);
                }
            }
        }
        let danger: Vec<&'static str> = first_order_observations()
            .into_iter()
            .filter(|c| !complaint.contains(c))
            .collect();
        let other = observations()
            .iter()
            .filter(|o| o.closed_world)
            .map(|o| o.code.as_str())
            .filter(|c| !complaint.contains(c) && !danger.contains(c))
            .collect();
        Self {
            complaint,
            danger,
            other,
        }
    }

    /// Whether the triage form shows this sign (then other panels say "entered above").
    pub fn contains(&self, code: &str) -> bool {
        [&self.complaint, &self.danger, &self.other]
            .iter()
            .any(|l| l.contains(&code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_shows_each_sign_once_and_the_graded_respiratory_signs_whatever_the_complaint() {
        for complaint in [None, Some("cough"), Some("fever"), Some("stridor")] {
            let f = FormSigns::for_complaint(complaint);
            let mut all: Vec<&str> = f
                .complaint
                .iter()
                .chain(&f.danger)
                .chain(&f.other)
                .copied()
                .collect();
            let n = all.len();
            all.sort();
            all.dedup();
            assert_eq!(all.len(), n, "a sign shown twice for {complaint:?}");
            for c in &all {
                assert!(crate::vocabulary::observation(c).is_some(), "{c}");
            }
            for c in [
                "retractions",
                "speech",
                "cyanosis",
                "air_entry",
                "nasal_flaring",
            ] {
                assert!(f.contains(c), "{c} not in the form for {complaint:?}");
            }
        }
        assert!(
            FormSigns::for_complaint(Some("cough"))
                .complaint
                .contains(&"stridor")
        );
        // A score-only item is asked in the score questions, not in the form.
        assert!(!FormSigns::for_complaint(Some("cough")).contains("consciousness_westley"));
    }

    /// The signs read from the compiled-in rule files (before the rule set is built) are the
    /// signs the built rules read, in the same order: for every complaint of the list, every
    /// complaint a rule names, and the rules that apply whatever the complaint.
    #[test]
    fn the_signs_read_before_the_rule_set_is_built_are_those_its_rules_read() {
        let built = |keep: &dyn Fn(&super::super::rule::Rule) -> bool| {
            let mut out: Vec<&str> = Vec::new();
            for rule in super::super::load::rules().iter().filter(|r| keep(r)) {
                for code in rule.observations() {
                    if !out.contains(&code) {
                        out.push(code);
                    }
                }
            }
            out
        };
        let mut codes: Vec<String> = crate::catalog::complaints()
            .iter()
            .map(|c| c.code.clone())
            .collect();
        for rule in super::super::load::rules() {
            codes.extend(rule.complaints.iter().cloned());
        }
        codes.sort();
        codes.dedup();
        let mut asked = 0;
        for code in &codes {
            let expected = built(&|r| r.complaints.contains(code));
            asked += expected.len();
            assert_eq!(observations_for_complaint(code), expected, "{code}");
        }
        assert!(asked > 0, "no complaint's rules read a sign");
        let first_order = built(&|r| r.complaints.is_empty());
        assert!(!first_order.is_empty());
        assert_eq!(
            super::super::raw::observations_read(|complaints| complaints.is_empty()),
            first_order
        );
    }
}
