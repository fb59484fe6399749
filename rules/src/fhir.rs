//! FHIR R4 (4.0.1) forms of the anamnesis: the `Questionnaire` itself, and a `Bundle` holding a
//! `QuestionnaireResponse`, LOINC-coded vital-sign `Observation`s and an exam `Observation` per
//! clinical sign of the record for an export.
//!
//! Plain JSON values: no FHIR crate is needed for these few resources, and the output is
//! checked against an established R4 validator in the end-to-end tests (fhir.resources).
//!
//! The `Questionnaire` is written in one language (`Questionnaire.language`) and carries the
//! texts of every other language the way FHIR does it: a `translation` extension
//! (<http://hl7.org/fhir/StructureDefinition/translation>, sub-extensions `lang` and `content`)
//! on the primitive's element, `_title` for the title, `_text` for each group and item, and
//! `_display` for each answer option's coding.

use crate::lang::{Lang, Text};
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

/// FHIR's extension for a text in another language.
pub const TRANSLATION: &str = "http://hl7.org/fhir/StructureDefinition/translation";

/// The element of a text primitive (`_text`, `_title`, `_display`) carrying its translations:
/// one `translation` extension per language other than `lang` that the text is written in.
/// `None` when there is none (a text written in one language only).
fn translations(text: &Text, lang: Lang) -> Option<Value> {
    let extensions: Vec<Value> = Lang::ALL
        .iter()
        .copied()
        .filter(|&other| other != lang)
        .filter_map(|other| Some((other, text.written_in(other)?)))
        .map(|(other, content)| {
            json!({
                "url": TRANSLATION,
                "extension": [
                    { "url": "lang", "valueCode": other.code() },
                    { "url": "content", "valueString": content },
                ],
            })
        })
        .collect();
    (!extensions.is_empty()).then(|| json!({ "extension": extensions }))
}

/// Puts `key` = the text in `lang` into `out`, and `_key` = its translations when it has some.
fn insert_text(out: &mut Map<String, Value>, key: &str, text: &Text, lang: Lang) {
    out.insert(key.into(), json!(text.get(lang)));
    if let Some(element) = translations(text, lang) {
        out.insert(format!("_{key}"), element);
    }
}

/// The code system of an item's answer options.
fn option_system(q: &Questionnaire, item: &Item) -> String {
    format!("{}:{}", q.url, item.id)
}

fn group_link_id(section: &str) -> String {
    format!("section-{section}")
}

/// The questionnaire as a FHIR R4 `Questionnaire`, texts in `lang`, with their translations
/// into every other language (see the module's documentation).
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
            let mut group = Map::new();
            group.insert("linkId".into(), json!(group_link_id(&section.id)));
            insert_text(&mut group, "text", &section.label, lang);
            group.insert("type".into(), json!("group"));
            group.insert("item".into(), json!(items));
            Value::Object(group)
        })
        .collect();
    let mut out = Map::new();
    out.insert("resourceType".into(), json!("Questionnaire"));
    out.insert("id".into(), json!(q.id));
    out.insert("url".into(), json!(q.url));
    out.insert("version".into(), json!(q.version.to_string()));
    out.insert("name".into(), json!("PediatriageAnamnesis"));
    insert_text(&mut out, "title", &q.label, lang);
    out.insert("status".into(), json!("draft"));
    out.insert("language".into(), json!(lang.code()));
    out.insert("subjectType".into(), json!(["Patient"]));
    out.insert("description".into(), json!(q.source));
    out.insert("item".into(), json!(groups));
    Value::Object(out)
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
    // The clinician wording (`Mode::Gp`), as `item.text(lang, Mode::Gp)` gives it.
    insert_text(&mut out, "text", &item.label, lang);
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
                let mut coding = Map::new();
                coding.insert("system".into(), json!(system));
                coding.insert("code".into(), json!(o.code));
                insert_text(&mut coding, "display", &o.label, lang);
                json!({ "valueCoding": coding })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::anamnesis;

    /// The `translation` extensions of a text's element (`_text`, `_title`, `_display`), as
    /// (language code, content) pairs; fails on an extension of another shape.
    fn translations_of(element: &Value) -> Vec<(String, String)> {
        let Some(extensions) = element["extension"].as_array() else {
            return Vec::new();
        };
        extensions
            .iter()
            .map(|e| {
                assert_eq!(e["url"], TRANSLATION, "{e}");
                assert!(
                    e.get("valueString").is_none(),
                    "value and sub-extensions: {e}"
                );
                let parts = e["extension"].as_array().expect("sub-extensions");
                assert_eq!(parts.len(), 2, "{e}");
                let part = |name: &str| {
                    let found: Vec<&Value> = parts.iter().filter(|p| p["url"] == name).collect();
                    assert_eq!(found.len(), 1, "one `{name}` in {e}");
                    found[0].clone()
                };
                let lang = part("lang")["valueCode"]
                    .as_str()
                    .expect("lang code")
                    .to_string();
                let content = part("content")["valueString"]
                    .as_str()
                    .expect("content string")
                    .to_string();
                (lang, content)
            })
            .collect()
    }

    /// Checks that `holder[key]` is `text` in `lang` and that `holder["_key"]` carries it in every
    /// other language, once each, as the data writes it. Returns a description of what is wrong.
    fn check_text(holder: &Value, key: &str, text: &Text, lang: Lang, what: &str) -> Vec<String> {
        let mut problems = Vec::new();
        if holder[key] != text.get(lang) {
            problems.push(format!("{what}: {key} is {} in {lang}", holder[key]));
        }
        let found = translations_of(&holder[format!("_{key}")]);
        for &other in Lang::ALL.iter().filter(|&&l| l != lang) {
            let contents: Vec<&str> = found
                .iter()
                .filter(|(code, _)| code == other.code())
                .map(|(_, c)| c.as_str())
                .collect();
            match contents.as_slice() {
                [c] if Some(*c) == text.written_in(other) => {}
                [] => problems.push(format!("{what}: no {other} translation of its {key}")),
                _ => problems.push(format!("{what}: {other} translation(s) {contents:?}")),
            }
        }
        if found.iter().any(|(code, _)| code == lang.code()) {
            problems.push(format!(
                "{what}: a translation into its own language {lang}"
            ));
        }
        problems
    }

    #[test]
    fn every_text_of_the_questionnaire_carries_its_translation_into_every_other_language() {
        let q = anamnesis();
        for &lang in Lang::ALL {
            let resource = questionnaire_resource(q, lang);
            assert_eq!(resource["language"], lang.code());
            let mut problems = check_text(&resource, "title", &q.label, lang, "title");
            let groups = resource["item"].as_array().unwrap();
            assert_eq!(groups.len(), q.sections.len());
            let mut items_seen = 0;
            for (group, section) in groups.iter().zip(&q.sections) {
                assert_eq!(group["linkId"], group_link_id(&section.id));
                let what = format!("{lang} group {}", section.id);
                problems.extend(check_text(group, "text", &section.label, lang, &what));
                for fhir_item in group["item"].as_array().unwrap() {
                    items_seen += 1;
                    let id = fhir_item["linkId"].as_str().unwrap();
                    let item = q.item(id).unwrap();
                    assert_eq!(fhir_item["text"], item.text(lang, crate::Mode::Gp));
                    let what = format!("{lang} item {id}");
                    problems.extend(check_text(fhir_item, "text", &item.label, lang, &what));
                    let options = fhir_item["answerOption"].as_array();
                    assert_eq!(options.map_or(0, Vec::len), item.options.len(), "{what}");
                    for (option, def) in options.into_iter().flatten().zip(&item.options) {
                        let coding = &option["valueCoding"];
                        assert_eq!(coding["code"], def.code.as_str());
                        let what = format!("{what} option {}", def.code);
                        problems.extend(check_text(coding, "display", &def.label, lang, &what));
                    }
                }
            }
            assert_eq!(items_seen, q.items.len());
            assert!(problems.is_empty(), "{}", problems.join("\n"));
        }
    }

    #[test]
    fn a_text_written_in_one_language_only_has_no_translation_element() {
        let english: Text = serde_json::from_str(r#"{"en": "Cough"}"#).unwrap();
        assert_eq!(translations(&english, Lang::En), None);
        let mut out = Map::new();
        insert_text(&mut out, "text", &english, Lang::En);
        assert_eq!(Value::Object(out), json!({ "text": "Cough" }));
        // Asked in a language it lacks: English text, the English one as its translation.
        let t = translations(&english, Lang::De).unwrap();
        assert_eq!(
            translations_of(&t),
            vec![("en".to_string(), "Cough".to_string())]
        );
    }
}
