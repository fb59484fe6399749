//! The appendicitis model's estimate for the record being entered. The model (its inputs,
//! weights, calibration, prediction set, refusal and explanation) is the `model` crate's; this state feeds
//! it the record validated once per edit and recomputes the estimate only when its inputs
//! change, not on every keystroke elsewhere in the form.

use super::fields::Validated;
use leptos::prelude::*;
use model::from_record::{COMPLAINT, from_validated};
use model::{AppendicitisInputs, AppendicitisModel, Estimate};
use rules::PatientRecord;
use std::cell::OnceCell;

thread_local! {
    static MODEL: OnceCell<Result<AppendicitisModel, String>> = const { OnceCell::new() };
}

/// Runs `f` with the shipped model, loaded on first use.
fn with_model<R>(f: impl FnOnce(&Result<AppendicitisModel, String>) -> R) -> R {
    MODEL.with(|cell| {
        f(cell.get_or_init(|| AppendicitisModel::shipped().map_err(|e| e.to_string())))
    })
}

/// The shipped model's estimate for these inputs, or why the model could not be loaded.
fn estimate_of(x: &AppendicitisInputs) -> Result<Estimate, String> {
    with_model(|m| m.as_ref().map(|m| m.estimate(x)).map_err(Clone::clone))
}

/// The model version shown with every estimate, without loading the weights (computed when
/// the model crate is compiled, not at start-up).
pub fn model_hash() -> &'static str {
    model::appendicitis::SHIPPED_HASH
}

/// Every question of the model panel is an observation of the record, asked once: nothing of
/// the model is kept beside it.
#[derive(Clone, Copy)]
pub struct ModelState {
    /// Whether the model applies to the complaint.
    pub applies: Memo<bool>,
    /// The model's inputs; `None` when it does not apply or the record has errors.
    pub inputs: Memo<Option<AppendicitisInputs>>,
    /// `None` when the model does not apply (another complaint, or the record has errors).
    pub estimate: Memo<Option<Result<Estimate, String>>>,
    validated: Memo<Validated>,
}

impl ModelState {
    /// `settled` paces the estimate: the panel shows it once the edits are on screen.
    pub fn new(
        record: RwSignal<PatientRecord>,
        validated: Memo<Validated>,
        settled: Trigger,
    ) -> Self {
        let applies =
            Memo::new(move |_| record.with(|r| r.complaint.as_deref() == Some(COMPLAINT)));
        let inputs = Memo::new(move |_| {
            settled.track();
            if !applies.get() {
                return None;
            }
            validated.with_untracked(|v| v.as_ref().ok().map(from_validated))
        });
        let estimate = Memo::new(move |_| inputs.with(|x| x.as_ref().map(estimate_of)));
        Self {
            applies,
            inputs,
            estimate,
            validated,
        }
    }

    /// What the audit record keeps of the model: its inputs and answer, when it applied.
    /// Read from the record as it is now, not from what the panel shows (which can be one
    /// paint behind the last edit).
    pub fn for_audit(&self) -> Option<(AppendicitisInputs, Result<Estimate, String>)> {
        if !self.applies.get_untracked() {
            return None;
        }
        let x = self
            .validated
            .with_untracked(|v| v.as_ref().ok().map(from_validated))?;
        let estimate = estimate_of(&x);
        Some((x, estimate))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_model_loads_and_answers_or_declines() {
        let r: PatientRecord = serde_json::from_str(
            r#"{"age_years": 10, "observations": {"sex": "female", "migration_of_pain": true, "rlq_tenderness": true, "nausea_vomiting": true}}"#,
        )
        .unwrap();
        let x = from_validated(&r.validate().unwrap());
        let e = with_model(|m| m.as_ref().map(|m| m.estimate(&x)).unwrap());
        assert!(e.known_fields >= 3, "{}", e.known_fields);
        assert!((0.0..=1.0).contains(&e.numbers_even_if_refused().calibrated));
        assert_eq!(e.model_hash, model_hash());
        // three signs, no blood tests: refused, with its reason, and no answer to show
        assert!(e.answer().is_none());
        assert!(e.refusal.is_some());
    }

    /// The panel's estimate waits for `settled`; what a save keeps does not.
    #[test]
    fn the_estimate_follows_settled_and_the_audit_follows_the_record() {
        let _owner = Owner::new();
        let record = RwSignal::new(
            serde_json::from_str::<PatientRecord>(
                r#"{"age_years": 10, "complaint": "abdominal_pain", "observations": {"sex": "female", "migration_of_pain": true}}"#,
            )
            .unwrap(),
        );
        let validated =
            Memo::new(move |_| record.with(|r| super::super::fields::validated(r, &[])));
        let settled = Trigger::new();
        let model = ModelState::new(record, validated, settled);
        let known = |m: &ModelState| {
            m.estimate
                .get_untracked()
                .map(|e| e.unwrap().known_fields)
                .unwrap()
        };
        let before = known(&model);
        record.update(|r| {
            r.observations
                .insert("rlq_tenderness".into(), rules::Answer::Flag(true));
        });
        // Not settled yet: the panel still shows the estimate of the record before the edit.
        assert_eq!(known(&model), before);
        let (inputs, estimate) = model.for_audit().unwrap();
        assert_eq!(estimate.unwrap().known_fields, before + 1);
        settled.notify();
        assert_eq!(known(&model), before + 1);
        assert_eq!(model.inputs.get_untracked(), Some(inputs));
    }
}
