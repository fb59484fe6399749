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

/// The model version shown with every estimate, without loading the weights.
pub fn model_hash() -> String {
    model::appendicitis::fnv1a_hex(&[
        model::appendicitis::SHIPPED_WEIGHTS,
        model::appendicitis::SHIPPED_META.as_bytes(),
    ])
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
}

impl ModelState {
    pub fn new(record: RwSignal<PatientRecord>, validated: Memo<Validated>) -> Self {
        let applies =
            Memo::new(move |_| record.with(|r| r.complaint.as_deref() == Some(COMPLAINT)));
        let inputs = Memo::new(move |_| {
            if !applies.get() {
                return None;
            }
            validated.with(|v| v.as_ref().ok().map(from_validated))
        });
        let estimate = Memo::new(move |_| {
            inputs.with(|x| {
                x.as_ref().map(|x| {
                    with_model(|m| match m {
                        Ok(m) => Ok(m.estimate(x)),
                        Err(e) => Err(e.clone()),
                    })
                })
            })
        });
        Self {
            applies,
            inputs,
            estimate,
        }
    }

    /// What the audit record keeps of the model: its inputs and answer, when it applied.
    pub fn for_audit(&self) -> Option<(AppendicitisInputs, Result<Estimate, String>)> {
        let est = self.estimate.get_untracked()?;
        Some((self.inputs.get_untracked()?, est))
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
}
