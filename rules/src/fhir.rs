//! FHIR R4 (4.0.1) forms of the anamnesis: the `Questionnaire` itself, and a `Bundle` holding a
//! `QuestionnaireResponse`, LOINC-coded vital-sign `Observation`s and an exam `Observation` per
//! clinical sign of the record for an export.
//!
//! Plain JSON values: no FHIR crate is needed for these few resources, and the output is
//! checked against an established R4 validator in the end-to-end tests (fhir.resources).

use crate::lang::Lang;
use crate::questionnaire::{Condition, Item, ItemKind, Questionnaire, Response, Responses};
use crate::record::PatientRecord;
use crate::vocabulary::{self, Answer, ObservationKind};
use serde_json::{Map, Value, json};

const LOINC: &str = "http://loinc.org";
const UCUM: &str = "http://unitsofmeasure.org";
const OBSERVATION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";
/// The code system of the one vocabulary of observations (`data/observations.toml`); a grade is
/// coded in `…:<observation code>`.
const VOCABULARY: &str = "urn:pediatriage:observation";

/// The code system of an item's answer options.
fn option_system(q: &Questionnaire, item: &Item) -> String {
    format!("{}:{}", q.url, item.id)
}

fn group_link_id(section: &str) -> String {
    format!("section-{section}")
}

/// The questionnaire as a FHIR R4 `Questionnaire`, texts in `lang`.
pub fn questionnaire_resource(q: &Questionnaire, lang: Lang) -> Value {
    let groups: Vec<Value> = q
        .sections
        .iter()
        .map(|section| {
            let items: Vec<Value> = q
                .items
                .iter()
                .filter(|i| i.section == section.id)
                .map(|i| questionnaire_item(q, i, lang))
                .collect();
            json!({
                "linkId": group_link_id(&section.id),
                "text": section.title(lang),
                "type": "group",
                "item": items,
            })
        })
        .collect();
    json!({
        "resourceType": "Questionnaire",
        "id": q.id,
        "url": q.url,
        "version": q.version.to_string(),
        "name": "PediatriageAnamnesis",
        "title": q.title(lang),
        "status": "draft",
        "language": lang.code(),
        "subjectType": ["Patient"],
        "description": q.source,
        "item": groups,
    })
}

fn questionnaire_item(q: &Questionnaire, item: &Item, lang: Lang) -> Value {
    let fhir_type = match item.kind {
        ItemKind::Integer => "integer",
        ItemKind::Decimal => "decimal",
        ItemKind::Boolean => "boolean",
        ItemKind::Choice => "choice",
        ItemKind::Text => "text",
    };
    let mut out = Map::new();
    out.insert("linkId".into(), json!(item.id));
    out.insert("text".into(), json!(item.text(lang, crate::Mode::Gp)));
    out.insert("type".into(), json!(fhir_type));
    if let Some(loinc) = &item.loinc {
        out.insert(
            "code".into(),
            json!([{ "system": LOINC, "code": loinc.code, "display": loinc.display }]),
        );
    }
    if item.kind == ItemKind::Text {
        out.insert(
            "maxLength".into(),
            json!(item.max.map_or(300, |m| m as u64)),
        );
    }
    if !item.options.is_empty() {
        let system = option_system(q, item);
        let options: Vec<Value> = item
            .options
            .iter()
            .map(|o| {
                json!({ "valueCoding": {
                    "system": system,
                    "code": o.code,
                    "display": o.label(lang, crate::Mode::Gp),
                }})
            })
            .collect();
        out.insert("answerOption".into(), json!(options));
    }
    let enable_when: Vec<Value> = item.when.iter().flat_map(|c| enable_when(q, c)).collect();
    if !enable_when.is_empty() {
        if enable_when.len() > 1 {
            out.insert("enableBehavior".into(), json!("all"));
        }
        out.insert("enableWhen".into(), json!(enable_when));
    }
    Value::Object(out)
}

/// One condition as FHIR `enableWhen` entries (a condition with two tests gives two).
fn enable_when(q: &Questionnaire, c: &Condition) -> Vec<Value> {
    let Some(target) = q.item(&c.item) else {
        return Vec::new();
    };
    let answer = |r: &Response| -> (String, Value) {
        match (target.kind, r) {
            (_, Response::Bool(b)) => ("answerBoolean".into(), json!(b)),
            (ItemKind::Integer, Response::Number(n)) => ("answerInteger".into(), json!(*n as i64)),
            (_, Response::Number(n)) => ("answerDecimal".into(), json!(n)),
            (_, Response::Text(code)) => (
                "answerCoding".into(),
                json!({ "system": option_system(q, target), "code": code }),
            ),
        }
    };
    let mut out = Vec::new();
    let mut push = |operator: &str, r: &Response| {
        let (key, value) = answer(r);
        let mut m = Map::new();
        m.insert("question".into(), json!(c.item));
        m.insert("operator".into(), json!(operator));
        m.insert(key, value);
        out.push(Value::Object(m));
    };
    if let Some(eq) = &c.eq {
        push("=", eq);
    }
    if let Some(ne) = &c.ne {
        push("!=", ne);
    }
    if let Some(lt) = c.lt {
        push("<", &Response::Number(lt));
    }
    if let Some(ge) = c.ge {
        push(">=", &Response::Number(ge));
    }
    out
}

/// A FHIR R4 `Bundle` (type collection) with the `QuestionnaireResponse` of the answers still
/// asked, one vital-sign `Observation` per LOINC-coded measurement in the record, and one exam
/// `Observation` per clinical sign of the record (the one vocabulary's code and grade).
/// `authored` is an ISO 8601 date-time with time zone (e.g. `2026-11-23T10:15:00Z`).
pub fn bundle(
    q: &Questionnaire,
    responses: &Responses,
    record: &PatientRecord,
    lang: Lang,
    authored: &str,
) -> Value {
    let responses = q.pruned(responses);
    let mut groups = Vec::new();
    for section in &q.sections {
        let answered: Vec<Value> = q
            .items
            .iter()
            .filter(|i| i.section == section.id)
            .filter_map(|i| Some((i, responses.get(&i.id)?)))
            .map(|(item, r)| {
                json!({
                    "linkId": item.id,
                    "text": item.text(lang, crate::Mode::Gp),
                    "answer": [response_answer(q, item, r, lang)],
                })
            })
            .collect();
        if !answered.is_empty() {
            groups.push(json!({
                "linkId": group_link_id(&section.id),
                "text": section.title(lang),
                "item": answered,
            }));
        }
    }
    let mut response = json!({
        "resourceType": "QuestionnaireResponse",
        "questionnaire": format!("{}|{}", q.url, q.version),
        "status": "completed",
        "authored": authored,
        "language": lang.code(),
    });
    if !groups.is_empty() {
        response["item"] = json!(groups);
    }
    let mut entries = vec![json!({ "resource": response })];
    for item in &q.items {
        let (Some(loinc), Some(field)) = (
            &item.loinc,
            item.maps_to.as_ref().and_then(|m| m.record.as_deref()),
        ) else {
            continue;
        };
        let (Some(value), Some(unit)) = (record.number(field), &item.unit) else {
            continue;
        };
        entries.push(json!({ "resource": {
            "resourceType": "Observation",
            "status": "final",
            "category": [{ "coding": [{
                "system": OBSERVATION_CATEGORY, "code": "vital-signs", "display": "Vital Signs",
            }]}],
            "code": {
                "coding": [{ "system": LOINC, "code": loinc.code, "display": loinc.display }],
                "text": item.text(lang, crate::Mode::Gp),
            },
            "effectiveDateTime": authored,
            "valueQuantity": {
                "value": value, "unit": unit.label.get(Lang::En), "system": UCUM, "code": unit.ucum,
            },
        }}));
    }
    entries.extend(
        record
            .observations
            .iter()
            .filter_map(|(code, answer)| sign_observation(code, answer, lang, authored)),
    );
    json!({
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": authored,
        "entry": entries,
    })
}

/// One clinical sign of the record (an observation of the one vocabulary, as entered) as a FHIR
/// `Observation` (category exam), coded in the vocabulary's own code system: the same entry the
/// rules, the scores and the model read.
fn sign_observation(code: &str, answer: &Answer, lang: Lang, authored: &str) -> Option<Value> {
    let def = vocabulary::observation(code)?;
    let value = match (def.kind, answer) {
        (ObservationKind::YesNo, Answer::Flag(b)) => json!({ "valueBoolean": b }),
        (ObservationKind::Choice, Answer::Code(c)) => {
            let display = def.option(c).map_or(c.as_str(), |o| o.label(lang));
            json!({ "valueCodeableConcept": {
                "coding": [{ "system": format!("{VOCABULARY}:{code}"), "code": c, "display": display }],
                "text": display,
            }})
        }
        (ObservationKind::Number, Answer::Number(x)) => {
            json!({ "valueQuantity": { "value": x, "unit": def.unit } })
        }
        // A value of the wrong kind never passes validation; it is not exported.
        _ => return None,
    };
    let mut resource = json!({
        "resourceType": "Observation",
        "status": "final",
        "category": [{ "coding": [{
            "system": OBSERVATION_CATEGORY, "code": "exam", "display": "Exam",
        }]}],
        "code": {
            "coding": [{ "system": VOCABULARY, "code": code, "display": def.label(lang) }],
            "text": def.label(lang),
        },
        "effectiveDateTime": authored,
    });
    if let (Some(r), Some(v)) = (resource.as_object_mut(), value.as_object()) {
        r.extend(v.clone());
    }
    Some(json!({ "resource": resource }))
}

fn response_answer(q: &Questionnaire, item: &Item, r: &Response, lang: Lang) -> Value {
    match (item.kind, r) {
        (ItemKind::Integer, Response::Number(n)) => json!({ "valueInteger": *n as i64 }),
        (ItemKind::Decimal, Response::Number(n)) => json!({ "valueDecimal": n }),
        (ItemKind::Boolean, Response::Bool(b)) => json!({ "valueBoolean": b }),
        (ItemKind::Choice, Response::Text(code)) => {
            let display = item
                .option(code)
                .map_or(code.as_str(), |o| o.label(lang, crate::Mode::Gp));
            json!({ "valueCoding": {
                "system": option_system(q, item), "code": code, "display": display,
            }})
        }
        (_, Response::Text(text)) => json!({ "valueString": text }),
        (_, Response::Number(n)) => json!({ "valueDecimal": n }),
        (_, Response::Bool(b)) => json!({ "valueBoolean": b }),
    }
}
