//! Reading a FHIR R4 `QuestionnaireResponse` to the anamnesis questionnaire filled in another
//! system (e.g. a hospital portal rendering the exported `Questionnaire` with an SDC renderer)
//! into the same answers a parent's hand-off gives ([`Handoff`]), with the hand-off's
//! strictness: a response may come from anyone, so anything not fully understood is refused,
//! and nothing is kept unless everything passes.
//!
//! The checks, in order: size, text encoding, nesting depth, JSON syntax, that it is a
//! `QuestionnaireResponse` to this questionnaire (`questionnaire` is its canonical URL, with
//! `|version` this version, or without), its status, the shape of every element (no modifier
//! extension, no element FHIR defines with a meaning this import would lose, no unknown
//! element), each group a known section and each question in its own section's group, at most
//! one answer per question and each question once, then each answer against its item: the FHIR
//! type of the item (`valueInteger`, `valueDecimal`, `valueBoolean`, `valueCoding` of the
//! item's answer options, `valueString`; a `valueQuantity` in the item's UCUM unit for a
//! number), the item's own checks (range, option, length, no markup) and the limits the
//! `Questionnaire` exports (`minValue`/`maxValue`), and finally that every answer is to a
//! question asked given the others (the conditions' meaning is the same in FHIR and here).
//!
//! Elements that carry no answer are let through unread: `id`, `meta`, `text`, `extension`,
//! `identifier`, `subject`, `encounter`, `author`, `source`, `basedOn`, `partOf`, `authored`,
//! and `text`, `definition`, `extension` on items. The language is `language` (its primary
//! subtag) when it is one of the app's, else the default.

use crate::error::ValidationError;
use crate::fhir::{UCUM, group_link_id, option_system};
use crate::handoff::{Handoff, ImportError, check_depth, import_text};
use crate::lang::Lang;
use crate::questionnaire::{self, Item, ItemKind, Questionnaire, Response, Responses};
use serde_json::{Map, Value};

/// Largest response accepted: a full anamnesis from the project's export is about 10 KB; a
/// renderer may add texts and extensions.
pub const MAX_BYTES: usize = 128 * 1024;
/// Deepest JSON nesting accepted: response, groups, questions, answers, a coding with a
/// translated display (`_display`, its extensions and theirs) and some room.
pub const MAX_DEPTH: usize = 16;

/// Statuses whose answers are imported. `entered-in-error` and `stopped` are refused.
const STATUSES: &[&str] = &["completed", "amended", "in-progress"];

const ROOT_FIELDS: &[&str] = &[
    "resourceType",
    "id",
    "meta",
    "language",
    "text",
    "extension",
    "identifier",
    "basedOn",
    "partOf",
    "questionnaire",
    "status",
    "subject",
    "encounter",
    "authored",
    "author",
    "source",
    "item",
];
const GROUP_FIELDS: &[&str] = &["id", "extension", "linkId", "definition", "text", "item"];
const QUESTION_FIELDS: &[&str] = &["id", "extension", "linkId", "definition", "text", "answer"];
const ANSWER_VALUES: &[&str] = &[
    "valueBoolean",
    "valueDecimal",
    "valueInteger",
    "valueDate",
    "valueDateTime",
    "valueTime",
    "valueString",
    "valueUri",
    "valueAttachment",
    "valueCoding",
    "valueQuantity",
    "valueReference",
];

fn shape(detail: impl Into<String>) -> ImportError {
    ImportError::WrongShape(detail.into())
}

/// The object's fields, refusing any not in `allowed` (a `modifierExtension`, `implicitRules`
/// or `contained` can change what the answers mean, so they are never let through).
fn fields<'v>(
    value: &'v Value,
    allowed: &[&str],
    what: &str,
) -> Result<&'v Map<String, Value>, ImportError> {
    let object = value
        .as_object()
        .ok_or_else(|| shape(format!("{what} is not an object")))?;
    if let Some(key) = object.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(shape(format!(
            "{what} has the element \"{}\", which this import does not read",
            questionnaire::printable_code(key)
        )));
    }
    Ok(object)
}

fn array<'v>(value: Option<&'v Value>, what: &str) -> Result<&'v [Value], ImportError> {
    match value {
        None => Ok(&[]),
        Some(Value::Array(a)) => Ok(a),
        Some(_) => Err(shape(format!("{what} is not a list"))),
    }
}

fn link_id<'v>(object: &'v Map<String, Value>, what: &str) -> Result<&'v str, ImportError> {
    object
        .get("linkId")
        .and_then(Value::as_str)
        .ok_or_else(|| shape(format!("{what} has no linkId")))
}

/// Reads a `QuestionnaireResponse` (JSON, UTF-8) strictly. See the module documentation.
pub fn import_response(bytes: &[u8]) -> Result<Handoff, ImportError> {
    let text = import_text(bytes, MAX_BYTES)?;
    if !text.starts_with('{') {
        return Err(ImportError::NotAResponse);
    }
    check_depth(text.as_bytes(), MAX_DEPTH)?;
    let value: Value =
        serde_json::from_str(text).map_err(|e| ImportError::NotJson(e.to_string()))?;
    if value.get("resourceType").and_then(Value::as_str) != Some("QuestionnaireResponse") {
        return Err(ImportError::NotAResponse);
    }
    read_response(questionnaire::anamnesis(), &value)
}

fn read_response(q: &'static Questionnaire, value: &Value) -> Result<Handoff, ImportError> {
    let root = fields(value, ROOT_FIELDS, "the response")?;
    let canonical = root
        .get("questionnaire")
        .and_then(Value::as_str)
        .ok_or_else(|| shape("the response names no questionnaire"))?;
    let (url, version) = match canonical.split_once('|') {
        Some((url, version)) => (url, Some(version)),
        None => (canonical, None),
    };
    if url != q.url {
        return Err(ImportError::OtherQuestionnaire(
            questionnaire::printable_code(url),
        ));
    }
    if let Some(version) = version
        && version != q.version.to_string()
    {
        return Err(ImportError::UnsupportedVersion {
            found: version.parse().unwrap_or(0),
            expected: q.version,
        });
    }
    let status = root.get("status").and_then(Value::as_str).unwrap_or("");
    if !STATUSES.contains(&status) {
        return Err(ImportError::ResponseStatus(questionnaire::printable_code(
            status,
        )));
    }
    let lang = match root.get("language") {
        None => Lang::default(),
        Some(Value::String(code)) => {
            let primary = code.split('-').next().unwrap_or("");
            Lang::from_code(&primary.to_ascii_lowercase()).unwrap_or_default()
        }
        Some(_) => return Err(shape("language is not a code")),
    };

    let mut answers = Responses::new();
    for group in array(root.get("item"), "the response's items")? {
        let group = fields(group, GROUP_FIELDS, "a group")?;
        let group_id = link_id(group, "a group")?;
        let Some(section) = q.sections.iter().find(|s| group_link_id(&s.id) == group_id) else {
            if q.item(group_id).is_some() {
                return Err(shape(format!("{group_id} is answered outside its group")));
            }
            return Err(ImportError::UnknownQuestion(questionnaire::printable_code(
                group_id,
            )));
        };
        for question in array(group.get("item"), "a group's items")? {
            let question = fields(question, QUESTION_FIELDS, "a question")?;
            let id = link_id(question, "a question")?;
            let item = q
                .item(id)
                .ok_or_else(|| ImportError::UnknownQuestion(questionnaire::printable_code(id)))?;
            if item.section != section.id {
                return Err(shape(format!(
                    "{id} is answered in the group {group_id}, not in its own"
                )));
            }
            if answers.contains_key(id) {
                return Err(shape(format!("{id} is answered twice")));
            }
            let response = match array(question.get("answer"), "an answer list")? {
                [] => continue,
                [answer] => read_answer(q, item, answer)?,
                _ => return Err(shape(format!("{id} has several answers"))),
            };
            answers.insert(item.id.clone(), response);
        }
    }
    for id in answers.keys() {
        let item = q.item(id).expect("checked above");
        if !q.is_enabled(item, &answers) {
            return Err(ImportError::NotAsked(id.clone()));
        }
    }
    Ok(Handoff { lang, answers })
}

/// One answer, checked against its item.
fn read_answer(
    q: &'static Questionnaire,
    item: &'static Item,
    answer: &Value,
) -> Result<Response, ImportError> {
    let field = item.id.as_str();
    let answer = fields(
        answer,
        &[ANSWER_VALUES, &["id", "extension"]].concat(),
        "an answer",
    )?;
    let mut values = answer.iter().filter(|(k, _)| k.starts_with("value"));
    let (Some((kind, value)), None) = (values.next(), values.next()) else {
        return Err(shape(format!("the answer to {field} has no single value")));
    };
    let invalid = ImportError::InvalidAnswer;
    let response = match (item.kind, kind.as_str()) {
        (ItemKind::Integer, "valueInteger") => Response::Number(value.as_i64().ok_or(invalid(
            ValidationError::NotAWholeNumber {
                field,
                value: value.as_f64().unwrap_or(f64::NAN),
            },
        ))? as f64),
        (ItemKind::Decimal, "valueDecimal") => Response::Number(
            value
                .as_f64()
                .ok_or(invalid(ValidationError::NotANumber { field }))?,
        ),
        (ItemKind::Integer | ItemKind::Decimal, "valueQuantity") => {
            Response::Number(quantity(item, value)?)
        }
        (ItemKind::Boolean, "valueBoolean") => Response::Bool(
            value
                .as_bool()
                .ok_or(invalid(ValidationError::NotYesNo { field }))?,
        ),
        (ItemKind::Choice, "valueCoding") => {
            let coding = fields(
                value,
                &[
                    "id",
                    "extension",
                    "system",
                    "version",
                    "code",
                    "display",
                    "_display",
                    "userSelected",
                ],
                "a coding",
            )?;
            let code = coding.get("code").and_then(Value::as_str).unwrap_or("");
            if coding.get("system").and_then(Value::as_str) != Some(&option_system(q, item)) {
                return Err(invalid(ValidationError::UnknownCode {
                    field,
                    code: questionnaire::printable_code(code),
                }));
            }
            Response::Text(code.to_string())
        }
        (ItemKind::Text, "valueString") => Response::Text(
            value
                .as_str()
                .ok_or_else(|| shape(format!("the answer to {field} is not a text")))?
                .to_string(),
        ),
        (ItemKind::Integer | ItemKind::Decimal, _) => {
            return Err(invalid(ValidationError::NotANumber { field }));
        }
        (ItemKind::Boolean, _) => return Err(invalid(ValidationError::NotYesNo { field })),
        (ItemKind::Choice, _) => {
            return Err(invalid(ValidationError::UnknownCode {
                field,
                code: String::new(),
            }));
        }
        (ItemKind::Text, _) => {
            return Err(shape(format!("the answer to {field} is not a valueString")));
        }
    };
    item.check(&response).map_err(invalid)?;
    // The limits the exported Questionnaire gives (for a measurement, its record field's).
    if let Response::Number(n) = response {
        let (min, max) = item.value_limits();
        let (min, max) = (
            min.unwrap_or(f64::NEG_INFINITY),
            max.unwrap_or(f64::INFINITY),
        );
        if !(min..=max).contains(&n) {
            return Err(invalid(ValidationError::OutOfRange {
                field,
                value: n,
                min,
                max,
                unit: item.unit.as_ref().map_or("", |u| u.label.get(Lang::En)),
            }));
        }
    }
    Ok(response)
}

/// A `valueQuantity` answer to a numeric item: its value, when its unit is the item's (UCUM).
fn quantity(item: &'static Item, value: &Value) -> Result<f64, ImportError> {
    let field = item.id.as_str();
    let quantity = fields(
        value,
        &["id", "extension", "value", "unit", "system", "code"],
        "a quantity",
    )?;
    let unit =
        item.unit
            .as_ref()
            .ok_or(ImportError::InvalidAnswer(ValidationError::NotANumber {
                field,
            }))?;
    let system = quantity.get("system").and_then(Value::as_str);
    let code = quantity.get("code").and_then(Value::as_str);
    if system != Some(UCUM) || code != Some(unit.ucum.as_str()) {
        return Err(ImportError::InvalidAnswer(ValidationError::UnknownCode {
            field,
            code: questionnaire::printable_code(code.unwrap_or("")),
        }));
    }
    quantity
        .get("value")
        .and_then(Value::as_f64)
        .ok_or(ImportError::InvalidAnswer(ValidationError::NotANumber {
            field,
        }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fhir::questionnaire_response;
    use crate::questionnaire::anamnesis;
    use serde_json::json;

    const AUTHORED: &str = "2026-11-23T10:15:00Z";

    fn answers(pairs: &[(&str, Response)]) -> Responses {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    /// Answers to every kind of item: integers, decimals, yes/no, choices, free text.
    fn full_answers() -> Responses {
        use Response::*;
        answers(&[
            ("age_years", Number(1.0)),
            ("age_months", Number(3.0)),
            ("sex", Text("female".into())),
            ("weight_kg", Number(9.8)),
            ("complaint", Text("fever".into())),
            ("illness_days", Number(2.5)),
            ("parent_worry", Number(7.0)),
            ("fever_at_home", Bool(true)),
            ("fever_max_c", Number(39.4)),
            ("fever_days", Number(2.0)),
            ("antipyretic", Text("paracetamol".into())),
            ("antipyretic_hours_ago", Number(4.5)),
            ("breathing_difficulty", Bool(false)),
            ("vomiting", Bool(true)),
            ("vomit_green", Bool(false)),
            ("medicines", Text("Paracétamol 150 mg\nvitamin D".into())),
            ("temperature_c", Number(38.7)),
            ("heart_rate_per_min", Number(150.0)),
            ("spo2_percent", Number(97.0)),
        ])
    }

    fn import(value: &Value) -> Result<Handoff, ImportError> {
        import_response(value.to_string().as_bytes())
    }

    /// A response to this questionnaire with these groups.
    fn response_with(groups: Value) -> Value {
        json!({
            "resourceType": "QuestionnaireResponse",
            "questionnaire": "urn:pediatriage:questionnaire:anamnesis|1",
            "status": "completed",
            "item": groups,
        })
    }

    fn one_answer(group: &str, id: &str, answer: Value) -> Value {
        response_with(json!([{
            "linkId": format!("section-{group}"),
            "item": [{ "linkId": id, "answer": [answer] }],
        }]))
    }

    #[test]
    fn a_response_exported_by_the_project_imports_to_the_same_answers_in_every_language() {
        let q = anamnesis();
        let given = full_answers();
        assert_eq!(
            q.pruned(&given),
            given,
            "every answer of the fixture is asked"
        );
        for &lang in Lang::ALL {
            let exported = questionnaire_response(q, &given, lang, AUTHORED);
            let text = serde_json::to_string_pretty(&exported).unwrap();
            let imported = import_response(text.as_bytes()).unwrap();
            assert_eq!(imported.answers, given, "{lang}");
            assert_eq!(imported.lang, lang);
        }
        // Nothing answered: nothing imported, and that is no error.
        let empty = questionnaire_response(q, &Responses::new(), Lang::Fr, AUTHORED);
        assert_eq!(import(&empty).unwrap().answers, Responses::new());
    }

    #[test]
    fn a_clinician_imports_either_format_through_one_entry() {
        let q = anamnesis();
        let given = full_answers();
        let response =
            serde_json::to_vec(&questionnaire_response(q, &given, Lang::De, AUTHORED)).unwrap();
        let file = crate::handoff::to_file_json(&given, Lang::De);
        let qr = crate::handoff::to_qr_text(&given, Lang::De);
        for bytes in [response.as_slice(), file.as_bytes(), qr.as_bytes()] {
            let imported = crate::handoff::import_any(bytes).unwrap();
            assert_eq!(imported.answers, given);
            assert_eq!(imported.lang, Lang::De);
        }
        // A FHIR resource is read by the FHIR import, whose reasons say what is wrong with it.
        let observation = br#"{"resourceType": "Observation", "status": "final"}"#;
        assert_eq!(
            crate::handoff::import_any(observation),
            Err(ImportError::NotAResponse)
        );
        let entered_in_error = one_answer("child", "age_years", json!({ "valueDecimal": 4 }));
        let mut entered_in_error = entered_in_error;
        entered_in_error["status"] = json!("entered-in-error");
        assert!(matches!(
            crate::handoff::import_any(entered_in_error.to_string().as_bytes()),
            Err(ImportError::ResponseStatus(_))
        ));
    }

    #[test]
    fn what_another_renderer_may_write_is_accepted() {
        // Metadata, a canonical without version, a regional language, texts, an empty answer
        // list, and a quantity in the item's own UCUM unit.
        let value = json!({
            "resourceType": "QuestionnaireResponse",
            "id": "lhc-1",
            "meta": { "profile": ["http://hl7.org/fhir/4.0/StructureDefinition/QuestionnaireResponse"] },
            "questionnaire": "urn:pediatriage:questionnaire:anamnesis",
            "status": "in-progress",
            "language": "fr-CH",
            "authored": AUTHORED,
            "subject": { "reference": "Patient/1" },
            "item": [
                { "linkId": "section-child", "text": "L'enfant", "item": [
                    { "linkId": "age_years", "text": "Âge", "answer": [{ "valueInteger": 4 }] },
                    { "linkId": "sex", "answer": [] },
                    { "linkId": "weight_kg", "answer": [{ "valueQuantity": {
                        "value": 16.5, "unit": "kg", "system": UCUM, "code": "kg" } }] },
                ]},
            ],
        });
        let imported = import(&value).unwrap();
        assert_eq!(imported.lang, Lang::Fr);
        use Response::*;
        assert_eq!(
            imported.answers,
            answers(&[("age_years", Number(4.0)), ("weight_kg", Number(16.5))])
        );
    }

    type Expect = fn(&ImportError) -> bool;

    /// Hostile, foreign or wrong input, and what each must be refused as.
    fn refused_inputs() -> Vec<(String, Vec<u8>, Expect)> {
        use ImportError::*;
        use ValidationError as V;
        let mut cases: Vec<(String, Vec<u8>, Expect)> = vec![
            (
                "oversized".into(),
                [b"{\"a\":\"".as_slice(), &vec![b'x'; MAX_BYTES], b"\"}"].concat(),
                |e| matches!(e, TooLarge { .. }),
            ),
            ("not UTF-8".into(), vec![b'{', 0xff, 0xfe, b'}'], |e| {
                matches!(e, NotText)
            }),
            ("plain text".into(), b"hello".to_vec(), |e| {
                matches!(e, NotAResponse)
            }),
            ("a hand-off QR".into(), b"PTA1:abc".to_vec(), |e| {
                matches!(e, NotAResponse)
            }),
            ("broken JSON".into(), b"{\"resourceType\": ".to_vec(), |e| {
                matches!(e, NotJson(_))
            }),
            (
                "deep nesting".into(),
                format!("{{\"a\":{}{}}}", "[".repeat(5000), "]".repeat(5000)).into_bytes(),
                |e| matches!(e, TooDeep { .. }),
            ),
        ];
        let mut json_case = |name: &str, value: Value, expect: Expect| {
            cases.push((name.into(), value.to_string().into_bytes(), expect));
        };
        json_case(
            "another resource",
            json!({ "resourceType": "Patient", "id": "1" }),
            |e| matches!(e, NotAResponse),
        );
        json_case(
            "a hand-off file",
            json!({ "format": "pediatriage-handoff", "answers": {} }),
            |e| matches!(e, NotAResponse),
        );
        let mut other = response_with(json!([]));
        other["questionnaire"] = json!("http://example.org/Questionnaire/phq-9|1");
        json_case("another questionnaire", other, |e| {
            matches!(e, OtherQuestionnaire(_))
        });
        let mut newer = response_with(json!([]));
        newer["questionnaire"] = json!("urn:pediatriage:questionnaire:anamnesis|2");
        json_case("another version", newer, |e| {
            matches!(e, UnsupportedVersion { found: 2, .. })
        });
        let mut unnamed = response_with(json!([]));
        unnamed.as_object_mut().unwrap().remove("questionnaire");
        json_case("no questionnaire", unnamed, |e| matches!(e, WrongShape(_)));
        let mut error = response_with(json!([]));
        error["status"] = json!("entered-in-error");
        json_case("entered in error", error, |e| {
            matches!(e, ResponseStatus(_))
        });
        let mut modifier = response_with(json!([]));
        modifier["modifierExtension"] =
            json!([{ "url": "http://example.org/negated", "valueBoolean": true }]);
        json_case("a modifier extension", modifier, |e| {
            matches!(e, WrongShape(_))
        });
        let mut contained = response_with(json!([]));
        contained["contained"] = json!([{ "resourceType": "Patient" }]);
        json_case("contained resources", contained, |e| {
            matches!(e, WrongShape(_))
        });
        json_case(
            "a modifier extension on a question",
            response_with(json!([{ "linkId": "section-child", "item": [{
                "linkId": "age_years", "modifierExtension": [{ "url": "x", "valueBoolean": true }],
                "answer": [{ "valueInteger": 3 }] }] }])),
            |e| matches!(e, WrongShape(_)),
        );
        json_case(
            "an unknown question",
            one_answer(
                "child",
                "favourite_colour",
                json!({ "valueString": "blue" }),
            ),
            |e| matches!(e, UnknownQuestion(_)),
        );
        json_case(
            "an unknown group",
            response_with(json!([{ "linkId": "section-finance", "item": [] }])),
            |e| matches!(e, UnknownQuestion(_)),
        );
        json_case(
            "a question in another section's group",
            one_answer("fever", "age_years", json!({ "valueInteger": 3 })),
            |e| matches!(e, WrongShape(_)),
        );
        json_case(
            "a question outside any group",
            response_with(json!([{ "linkId": "age_years", "answer": [{ "valueInteger": 3 }] }])),
            |e| matches!(e, WrongShape(_)),
        );
        json_case(
            "an age of 25",
            one_answer("child", "age_years", json!({ "valueInteger": 25 })),
            |e| matches!(e, InvalidAnswer(V::OutOfRange { .. })),
        );
        json_case(
            "a worry of 42",
            one_answer("complaint", "parent_worry", json!({ "valueInteger": 42 })),
            |e| matches!(e, InvalidAnswer(V::OutOfRange { .. })),
        );
        json_case(
            "a decimal for an integer",
            one_answer("child", "age_years", json!({ "valueDecimal": 2.5 })),
            |e| matches!(e, InvalidAnswer(V::NotANumber { .. })),
        );
        json_case(
            "a fractional valueInteger",
            one_answer("child", "age_years", json!({ "valueInteger": 2.5 })),
            |e| matches!(e, InvalidAnswer(V::NotAWholeNumber { .. })),
        );
        json_case(
            "a text for a number",
            one_answer("child", "age_years", json!({ "valueString": "3" })),
            |e| matches!(e, InvalidAnswer(V::NotANumber { .. })),
        );
        json_case(
            "an SpO2 of 120 %",
            one_answer("vitals", "spo2_percent", json!({ "valueDecimal": 120 })),
            |e| matches!(e, InvalidAnswer(V::OutOfRange { .. })),
        );
        json_case(
            "a temperature in Fahrenheit",
            one_answer(
                "vitals",
                "temperature_c",
                json!({ "valueQuantity": {
                "value": 101.3, "system": UCUM, "code": "[degF]" } }),
            ),
            |e| matches!(e, InvalidAnswer(V::UnknownCode { .. })),
        );
        json_case(
            "an unknown option",
            one_answer(
                "complaint",
                "complaint",
                json!({ "valueCoding": {
                "system": "urn:pediatriage:questionnaire:anamnesis:complaint", "code": "boredom" } }),
            ),
            |e| matches!(e, InvalidAnswer(V::UnknownCode { .. })),
        );
        json_case(
            "an option of another code system",
            one_answer(
                "complaint",
                "complaint",
                json!({ "valueCoding": {
                "system": "http://snomed.info/sct", "code": "fever" } }),
            ),
            |e| matches!(e, InvalidAnswer(V::UnknownCode { .. })),
        );
        json_case(
            "yes/no for a choice",
            one_answer("complaint", "complaint", json!({ "valueBoolean": true })),
            |e| matches!(e, InvalidAnswer(V::UnknownCode { .. })),
        );
        json_case(
            "a text for yes/no",
            one_answer("fever", "fever_at_home", json!({ "valueString": "yes" })),
            |e| matches!(e, InvalidAnswer(V::NotYesNo { .. })),
        );
        json_case(
            "markup in a text",
            one_answer(
                "history",
                "medicines",
                json!({ "valueString": "<script>alert(1)</script>" }),
            ),
            |e| matches!(e, InvalidAnswer(V::Markup { .. })),
        );
        json_case(
            "an oversized text",
            one_answer(
                "history",
                "medicines",
                json!({ "valueString": "a".repeat(301) }),
            ),
            |e| matches!(e, InvalidAnswer(V::TooLong { .. })),
        );
        json_case(
            "two values in one answer",
            one_answer(
                "child",
                "age_years",
                json!({ "valueInteger": 3, "valueDecimal": 3.0 }),
            ),
            |e| matches!(e, WrongShape(_)),
        );
        json_case(
            "an unknown element in an answer",
            one_answer(
                "child",
                "age_years",
                json!({ "valueInteger": 3, "item": [] }),
            ),
            |e| matches!(e, WrongShape(_)),
        );
        json_case(
            "two answers",
            response_with(json!([{ "linkId": "section-child", "item": [{
                "linkId": "age_years", "answer": [{ "valueInteger": 3 }, { "valueInteger": 4 }] }] }])),
            |e| matches!(e, WrongShape(_)),
        );
        json_case(
            "a question answered twice",
            response_with(json!([{ "linkId": "section-child", "item": [
                { "linkId": "age_years", "answer": [{ "valueInteger": 3 }] },
                { "linkId": "age_years", "answer": [{ "valueInteger": 4 }] }] }])),
            |e| matches!(e, WrongShape(_)),
        );
        json_case(
            "an answer to a question not asked",
            one_answer("fever", "fever_max_c", json!({ "valueDecimal": 39.0 })),
            |e| matches!(e, NotAsked(_)),
        );
        json_case(
            "a number where the response needs a list",
            response_with(json!(3)),
            |e| matches!(e, WrongShape(_)),
        );
        cases
    }

    #[test]
    fn hostile_foreign_or_wrong_responses_are_refused_with_a_message_in_every_language() {
        let cases = refused_inputs();
        assert!(cases.len() >= 35, "{}", cases.len());
        for (name, bytes, expect) in cases {
            let error = import_response(&bytes).expect_err(&name);
            assert!(expect(&error), "{name}: refused as {error:?}");
            for &lang in Lang::ALL {
                let message = error.message(lang);
                assert!(
                    !message.is_empty() && !message.contains('{') && !message.contains("<script"),
                    "{name} in {lang}: {message}"
                );
            }
            assert_ne!(error.message(Lang::Fr), error.message(Lang::En), "{name}");
            assert_ne!(error.message(Lang::De), error.message(Lang::En), "{name}");
        }
    }
}
