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
pub(crate) const UCUM: &str = "http://unitsofmeasure.org";
const OBSERVATION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";
/// The code system of the one vocabulary of observations (`data/observations.toml`); a grade is
/// coded in `…:<observation code>`.
const VOCABULARY: &str = "urn:pediatriage:observation";

/// FHIR's extension for a text in another language.
pub const TRANSLATION: &str = "http://hl7.org/fhir/StructureDefinition/translation";
/// The unit of a numeric item (a UCUM `valueCoding`).
pub const QUESTIONNAIRE_UNIT: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit";
/// Inclusive lower and upper limits of a numeric answer.
pub const MIN_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/minValue";
pub const MAX_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/maxValue";
/// SDC observation-based extraction: the item's answer becomes an `Observation` coded with the
/// item's `code`.
pub const OBSERVATION_EXTRACT: &str =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-observationExtract";
/// SDC: the `Observation.category` of an extracted observation.
pub const OBSERVATION_EXTRACT_CATEGORY: &str =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-observation-extract-category";

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
pub(crate) fn option_system(q: &Questionnaire, item: &Item) -> String {
    format!("{}:{}", q.url, item.id)
}

pub(crate) fn group_link_id(section: &str) -> String {
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
    let mut extensions = Vec::new();
    if let Some(unit) = &item.unit {
        // System and code are the same in every language; the display is the unit's label.
        let mut coding = Map::new();
        coding.insert("system".into(), json!(UCUM));
        coding.insert("code".into(), json!(unit.ucum));
        insert_text(&mut coding, "display", &unit.label, lang);
        extensions.push(json!({ "url": QUESTIONNAIRE_UNIT, "valueCoding": coding }));
    }
    let (min, max) = item.value_limits();
    for (url, limit) in [(MIN_VALUE, min), (MAX_VALUE, max)] {
        let Some(limit) = limit else { continue };
        extensions.push(match item.kind {
            ItemKind::Integer => json!({ "url": url, "valueInteger": limit as i64 }),
            _ => json!({ "url": url, "valueDecimal": limit }),
        });
    }
    if let Some(loinc) = &item.loinc {
        out.insert(
            "code".into(),
            json!([{ "system": LOINC, "code": loinc.code, "display": loinc.display }]),
        );
        // The project's own export writes these as vital-sign Observations (`bundle`); SDC
        // extraction from a response of any renderer yields the same code, value and unit.
        extensions.push(json!({ "url": OBSERVATION_EXTRACT, "valueBoolean": true }));
        extensions.push(json!({ "url": OBSERVATION_EXTRACT_CATEGORY, "valueCodeableConcept": {
            "coding": [{ "system": OBSERVATION_CATEGORY, "code": "vital-signs", "display": "Vital Signs" }],
        }}));
    }
    if !extensions.is_empty() {
        out.insert("extension".into(), json!(extensions));
    }
    // No item is `required`: every question of the parent, nurse and GP forms may be left
    // unanswered (a parent may not know the weight), so a renderer must not insist either.
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
        // FHIR's `!=` holds on an unanswered question, the project's `ne` does not (see
        // `questionnaire::Condition`): the guard makes the exported form ask what the app asks.
        push("exists", &Response::Bool(true));
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

/// The `QuestionnaireResponse` of the answers still asked, texts in `lang`, grouped by section
/// as the `Questionnaire` is. `authored` as for [`bundle`]. `fhir_import::import_response`
/// reads it back.
pub fn questionnaire_response(
    q: &Questionnaire,
    responses: &Responses,
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
    response
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
    let response = questionnaire_response(q, responses, lang, authored);
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
    use crate::questionnaire::{DEFAULT_TEXT_MAX_CHARS, anamnesis};
    use std::collections::BTreeMap;

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

    /// The questions of an exported `Questionnaire`, in order (the groups' items).
    fn questions(resource: &Value) -> Vec<&Value> {
        resource["item"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|group| group["item"].as_array().unwrap())
            .collect()
    }

    fn question<'v>(resource: &'v Value, id: &str) -> &'v Value {
        questions(resource)
            .into_iter()
            .find(|i| i["linkId"] == id)
            .unwrap_or_else(|| panic!("no item {id}"))
    }

    /// The extensions of `holder` with this URL.
    fn extensions<'v>(holder: &'v Value, url: &str) -> Vec<&'v Value> {
        holder["extension"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["url"] == url)
            .collect()
    }

    fn one_extension<'v>(holder: &'v Value, url: &str) -> &'v Value {
        match extensions(holder, url).as_slice() {
            [e] => e,
            found => panic!("{} extensions {url} on {}", found.len(), holder["linkId"]),
        }
    }

    #[test]
    fn the_age_worry_and_fever_items_carry_their_unit_and_limits_in_every_language() {
        let q = anamnesis();
        for &lang in Lang::ALL {
            let resource = questionnaire_resource(q, lang);
            let age = question(&resource, "age_years");
            assert_eq!(one_extension(age, MIN_VALUE)["valueInteger"], 0);
            assert_eq!(one_extension(age, MAX_VALUE)["valueInteger"], 17);
            let unit = &one_extension(age, QUESTIONNAIRE_UNIT)["valueCoding"];
            assert_eq!(unit["system"], UCUM);
            assert_eq!(unit["code"], "a");
            let label = q.item("age_years").unwrap().unit_label(lang);
            assert_eq!(unit["display"], label);

            let worry = question(&resource, "parent_worry");
            assert_eq!(one_extension(worry, MIN_VALUE)["valueInteger"], 0);
            assert_eq!(one_extension(worry, MAX_VALUE)["valueInteger"], 10);

            let fever = question(&resource, "fever_max_c");
            assert_eq!(one_extension(fever, MIN_VALUE)["valueDecimal"], 35.0);
            assert_eq!(one_extension(fever, MAX_VALUE)["valueDecimal"], 43.0);
            assert_eq!(
                one_extension(fever, QUESTIONNAIRE_UNIT)["valueCoding"]["code"],
                "Cel"
            );
            // A measurement without limits of its own has those of its record field.
            let spo2 = question(&resource, "spo2_percent");
            assert_eq!(one_extension(spo2, MIN_VALUE)["valueDecimal"], 30.0);
            assert_eq!(one_extension(spo2, MAX_VALUE)["valueDecimal"], 100.0);
        }
    }

    /// What an item says about units, limits, codes and extraction: the same in every language.
    fn structure(item: &Value) -> String {
        let mut item = item.clone();
        let object = item.as_object_mut().unwrap();
        object.retain(|k, _| !k.starts_with("text") && !k.starts_with("_text"));
        object.remove("answerOption");
        for e in object
            .get_mut("extension")
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            if let Some(coding) = e.get_mut("valueCoding").and_then(Value::as_object_mut) {
                coding.remove("display");
                coding.remove("_display");
            }
        }
        item.to_string()
    }

    #[test]
    fn every_item_has_its_unit_limits_length_and_code_and_no_language_changes_them() {
        let q = anamnesis();
        let english: Vec<String> = questions(&questionnaire_resource(q, Lang::En))
            .into_iter()
            .map(structure)
            .collect();
        for &lang in Lang::ALL {
            let resource = questionnaire_resource(q, lang);
            let exported = questions(&resource);
            assert_eq!(exported.len(), q.items.len());
            let (mut units, mut limits) = (0, 0);
            for (fhir_item, structure_en) in exported.iter().zip(&english) {
                assert_eq!(&structure(fhir_item), structure_en, "{lang}");
                let id = fhir_item["linkId"].as_str().unwrap();
                let item = q.item(id).unwrap();
                let what = format!("{lang} item {id}");
                let unit = extensions(fhir_item, QUESTIONNAIRE_UNIT);
                match &item.unit {
                    Some(def) => {
                        units += 1;
                        assert_eq!(unit.len(), 1, "{what}");
                        let coding = &unit[0]["valueCoding"];
                        assert_eq!(coding["system"], UCUM, "{what}");
                        assert_eq!(coding["code"], def.ucum.as_str(), "{what}");
                        assert_eq!(coding["display"], def.label.get(lang), "{what}");
                    }
                    None => assert!(unit.is_empty(), "{what}"),
                }
                let (min, max) = item.value_limits();
                if (item.min.is_some() || item.max.is_some())
                    && matches!(item.kind, ItemKind::Integer | ItemKind::Decimal)
                {
                    assert_eq!((min, max), (item.min, item.max), "{what}");
                }
                for (url, limit) in [(MIN_VALUE, min), (MAX_VALUE, max)] {
                    let found = extensions(fhir_item, url);
                    let Some(limit) = limit else {
                        assert!(found.is_empty(), "{what}: {url}");
                        continue;
                    };
                    limits += 1;
                    assert_eq!(found.len(), 1, "{what}: {url}");
                    let value = match item.kind {
                        ItemKind::Integer => {
                            assert_eq!(limit.fract(), 0.0, "{what}: a whole limit");
                            found[0]["valueInteger"].as_i64().map(|v| v as f64)
                        }
                        ItemKind::Decimal => found[0]["valueDecimal"].as_f64(),
                        _ => panic!("{what}: limits on a {:?} item", item.kind),
                    };
                    assert_eq!(value, Some(limit), "{what}: {url}");
                }
                match item.kind {
                    ItemKind::Text => assert_eq!(
                        fhir_item["maxLength"],
                        item.max.map_or(DEFAULT_TEXT_MAX_CHARS as f64, |m| m),
                        "{what}"
                    ),
                    _ => assert!(fhir_item.get("maxLength").is_none(), "{what}"),
                }
                // No question is required in the project's forms, so none is in the export.
                assert!(fhir_item.get("required").is_none(), "{what}");
                match &item.loinc {
                    Some(loinc) => {
                        let code = &fhir_item["code"][0];
                        assert_eq!(code["system"], LOINC, "{what}");
                        assert_eq!(code["code"], loinc.code.as_str(), "{what}");
                        assert_eq!(
                            one_extension(fhir_item, OBSERVATION_EXTRACT)["valueBoolean"],
                            true
                        );
                        let category = &one_extension(fhir_item, OBSERVATION_EXTRACT_CATEGORY)["valueCodeableConcept"]
                            ["coding"][0];
                        assert_eq!(category["code"], "vital-signs", "{what}");
                    }
                    None => {
                        assert!(fhir_item.get("code").is_none(), "{what}");
                        assert!(extensions(fhir_item, OBSERVATION_EXTRACT).is_empty());
                    }
                }
            }
            assert_eq!(units, q.items.iter().filter(|i| i.unit.is_some()).count());
            assert!(
                units >= 14 && limits >= 30,
                "{units} units, {limits} limits"
            );
        }
    }

    #[test]
    fn a_measured_value_has_a_loinc_code_and_the_limits_of_its_record_field() {
        let q = anamnesis();
        let measured: Vec<&Item> = q
            .items
            .iter()
            .filter(|i| {
                i.maps_to
                    .as_ref()
                    .and_then(|m| m.record.as_deref())
                    .is_some()
            })
            .filter(|i| i.section == "vitals")
            .collect();
        assert!(measured.len() >= 4);
        for item in measured {
            assert!(item.loinc.is_some(), "{}", item.id);
            let field = item.maps_to.as_ref().unwrap().record.as_deref().unwrap();
            let p = crate::record::plausibility(field).unwrap();
            assert_eq!(
                item.value_limits(),
                (Some(p.min), Some(p.max)),
                "{}",
                item.id
            );
        }
    }

    /// FHIR R4's `enableWhen` on one answer (`None`: the question is unanswered or disabled,
    /// which FHIR treats alike): `exists` tests presence; with no answer `!=` is true and every
    /// other comparison false; values of another type are unequal and unordered.
    fn fhir_enable_when_holds(condition: &Value, answer: Option<&Value>) -> bool {
        let operator = condition["operator"].as_str().expect("operator");
        let expected: Vec<(&String, &Value)> = condition
            .as_object()
            .unwrap()
            .iter()
            .filter(|(k, _)| k.starts_with("answer"))
            .collect();
        let [(expected_type, expected)] = expected.as_slice() else {
            panic!("one answer[x] in {condition}");
        };
        if operator == "exists" {
            assert_eq!(expected_type.as_str(), "answerBoolean", "{condition}");
            return answer.is_some() == expected.as_bool().unwrap();
        }
        let Some(answer) = answer else {
            return operator == "!=";
        };
        let (value_type, value) = answer
            .as_object()
            .unwrap()
            .iter()
            .find(|(k, _)| k.starts_with("value"))
            .expect("value[x]");
        let (equal, order) = match (expected_type.as_str(), value_type.as_str()) {
            ("answerBoolean", "valueBoolean") => (value == *expected, None),
            ("answerCoding", "valueCoding") => (
                value["system"] == expected["system"] && value["code"] == expected["code"],
                None,
            ),
            ("answerInteger" | "answerDecimal", "valueInteger" | "valueDecimal") => {
                let order = value
                    .as_f64()
                    .unwrap()
                    .partial_cmp(&expected.as_f64().unwrap());
                (order == Some(std::cmp::Ordering::Equal), order)
            }
            _ => (false, None),
        };
        use std::cmp::Ordering::*;
        match operator {
            "=" => equal,
            "!=" => !equal,
            ">" => order == Some(Greater),
            "<" => order == Some(Less),
            ">=" => matches!(order, Some(Greater | Equal)),
            "<=" => matches!(order, Some(Less | Equal)),
            other => panic!("operator {other}"),
        }
    }

    /// Which questions a FHIR renderer enables, reading only the exported `Questionnaire`: items
    /// in order, `enableBehavior` all/any, and an answer counts only while its item is enabled.
    fn fhir_enabled(resource: &Value, q: &Questionnaire, answers: &Responses) -> Vec<bool> {
        let mut enabled: BTreeMap<&str, bool> = BTreeMap::new();
        let mut values: BTreeMap<&str, Value> = BTreeMap::new();
        let mut out = Vec::new();
        for fhir_item in questions(resource) {
            let id = fhir_item["linkId"].as_str().unwrap();
            let on = match fhir_item["enableWhen"].as_array() {
                None => true,
                Some(conditions) => {
                    let results: Vec<bool> = conditions
                        .iter()
                        .map(|c| {
                            let question = c["question"].as_str().unwrap();
                            assert!(enabled.contains_key(question), "{id} reads a later item");
                            fhir_enable_when_holds(c, values.get(question))
                        })
                        .collect();
                    match fhir_item["enableBehavior"].as_str() {
                        Some("all") => results.iter().all(|&b| b),
                        Some("any") => results.iter().any(|&b| b),
                        None => {
                            assert_eq!(results.len(), 1, "{id}: enableBehavior is needed");
                            results[0]
                        }
                        Some(other) => panic!("{id}: enableBehavior {other}"),
                    }
                }
            };
            enabled.insert(id, on);
            if let (true, Some(r)) = (on, answers.get(id)) {
                let item = q.item(id).unwrap();
                values.insert(id, response_answer(q, item, r, Lang::En));
            }
            out.push(on);
        }
        out
    }

    /// Answers worth trying for an item that conditions read: none, each option or yes/no,
    /// and numbers at its limits and at, just below and just above every threshold.
    fn trial_answers(q: &Questionnaire, item: &Item) -> Vec<Option<Response>> {
        let mut out = vec![None];
        match item.kind {
            ItemKind::Boolean => {
                out.extend([Some(Response::Bool(true)), Some(Response::Bool(false))])
            }
            ItemKind::Choice => out.extend(
                item.options
                    .iter()
                    .map(|o| Some(Response::Text(o.code.clone()))),
            ),
            ItemKind::Text => out.push(Some(Response::Text("something".into()))),
            ItemKind::Integer | ItemKind::Decimal => {
                let (min, max) = item.value_limits();
                let mut numbers: Vec<f64> = min.into_iter().chain(max).collect();
                let conditions = q.items.iter().flat_map(|i| &i.when);
                for c in conditions.filter(|c| c.item == item.id) {
                    let values = [&c.eq, &c.ne]
                        .into_iter()
                        .flatten()
                        .filter_map(Response::as_number);
                    for t in values.chain(c.lt).chain(c.ge) {
                        numbers.extend([t - 1.0, t - 0.5, t, t + 0.5, t + 1.0]);
                    }
                }
                numbers.retain(|n| {
                    (item.kind == ItemKind::Decimal || n.fract() == 0.0)
                        && min.is_none_or(|m| *n >= m)
                        && max.is_none_or(|m| *n <= m)
                });
                numbers.sort_by(f64::total_cmp);
                numbers.dedup();
                out.extend(numbers.into_iter().map(|n| Some(Response::Number(n))));
            }
        }
        out
    }

    /// The items an item's conditions read, directly or through their own conditions.
    fn controlling_items<'q>(q: &'q Questionnaire, item: &Item) -> Vec<&'q Item> {
        let mut ids: Vec<&str> = Vec::new();
        let mut todo: Vec<&str> = item.when.iter().map(|c| c.item.as_str()).collect();
        while let Some(id) = todo.pop() {
            if !ids.contains(&id) {
                ids.push(id);
                todo.extend(q.item(id).unwrap().when.iter().map(|c| c.item.as_str()));
            }
        }
        q.items
            .iter()
            .filter(|i| ids.contains(&i.id.as_str()))
            .collect()
    }

    #[test]
    fn every_condition_means_the_same_in_the_app_and_in_fhir_enable_when() {
        let q = anamnesis();
        let resource = questionnaire_resource(q, Lang::En);
        let (mut checked, mut disagreements) = (0usize, Vec::new());
        for (index, item) in q
            .items
            .iter()
            .enumerate()
            .filter(|(_, i)| !i.when.is_empty())
        {
            let controls = controlling_items(q, item);
            let trials: Vec<Vec<Option<Response>>> =
                controls.iter().map(|c| trial_answers(q, c)).collect();
            let combinations: usize = trials.iter().map(Vec::len).product();
            assert!(combinations < 100_000, "{}: {combinations}", item.id);
            for n in 0..combinations {
                let mut answers = Responses::new();
                let mut rest = n;
                for (control, values) in controls.iter().zip(&trials) {
                    if let Some(r) = &values[rest % values.len()] {
                        answers.insert(control.id.clone(), r.clone());
                    }
                    rest /= values.len();
                }
                let app = q.is_enabled(item, &answers);
                let fhir = fhir_enabled(&resource, q, &answers)[index];
                checked += 1;
                if app != fhir {
                    disagreements.push(format!(
                        "{}: app {app}, FHIR {fhir} on {answers:?}",
                        item.id
                    ));
                }
            }
        }
        assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
        assert!(checked > 300, "{checked} combinations");
    }

    #[test]
    fn a_not_equal_condition_asks_nothing_while_its_question_is_unanswered() {
        // The case LHC-Forms showed (issue 16): a fever, no answer about antipyretics yet.
        let q = anamnesis();
        let resource = questionnaire_resource(q, Lang::Fr);
        let item = question(&resource, "antipyretic_hours_ago");
        assert_eq!(item["enableBehavior"], "all");
        let index = questions(&resource)
            .iter()
            .position(|i| i["linkId"] == "antipyretic_hours_ago")
            .unwrap();
        let mut answers: Responses = [("fever_at_home".to_string(), Response::Bool(true))].into();
        assert!(!fhir_enabled(&resource, q, &answers)[index]);
        assert!(!q.is_enabled(q.item("antipyretic_hours_ago").unwrap(), &answers));
        answers.insert("antipyretic".into(), Response::Text("ibuprofen".into()));
        assert!(fhir_enabled(&resource, q, &answers)[index]);
        answers.insert("antipyretic".into(), Response::Text("none".into()));
        assert!(!fhir_enabled(&resource, q, &answers)[index]);
    }

    #[test]
    fn sdc_extraction_from_a_response_gives_the_vital_sign_observations_of_the_export() {
        let q = anamnesis();
        let answers: Responses = [
            ("age_years", 1.0),
            ("weight_kg", 10.5),
            ("temperature_c", 38.6),
            ("heart_rate_per_min", 150.0),
            ("respiratory_rate_per_min", 40.0),
            ("spo2_percent", 95.0),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), Response::Number(v)))
        .collect();
        let mut record = PatientRecord::default();
        q.apply(&answers, &mut record);
        for &lang in Lang::ALL {
            let questionnaire = questionnaire_resource(q, lang);
            let exported = bundle(q, &answers, &record, lang, "2026-11-23T10:15:00Z");
            let entries = exported["entry"].as_array().unwrap();
            // Extraction as an SDC server does it, from the response and the Questionnaire.
            let response = &entries[0]["resource"];
            let mut extracted = Vec::new();
            for group in response["item"].as_array().unwrap() {
                for answered in group["item"].as_array().unwrap() {
                    let def = question(&questionnaire, answered["linkId"].as_str().unwrap());
                    if extensions(def, OBSERVATION_EXTRACT).is_empty() {
                        continue;
                    }
                    let unit = &one_extension(def, QUESTIONNAIRE_UNIT)["valueCoding"];
                    let category = &one_extension(def, OBSERVATION_EXTRACT_CATEGORY)["valueCodeableConcept"]
                        ["coding"][0];
                    let answer = &answered["answer"][0];
                    let value = answer["valueDecimal"]
                        .as_f64()
                        .or(answer["valueInteger"].as_f64())
                        .unwrap();
                    extracted.push(format!(
                        "{} {} {} {} {} {}",
                        category["code"],
                        def["code"][0]["system"],
                        def["code"][0]["code"],
                        value,
                        unit["system"],
                        unit["code"]
                    ));
                }
            }
            let mut own: Vec<String> = entries
                .iter()
                .map(|e| &e["resource"])
                .filter(|r| r["resourceType"] == "Observation")
                .filter(|r| r["category"][0]["coding"][0]["code"] == "vital-signs")
                .map(|r| {
                    let coding = &r["code"]["coding"][0];
                    let quantity = &r["valueQuantity"];
                    format!(
                        "{} {} {} {} {} {}",
                        r["category"][0]["coding"][0]["code"],
                        coding["system"],
                        coding["code"],
                        quantity["value"].as_f64().unwrap(),
                        quantity["system"],
                        quantity["code"]
                    )
                })
                .collect();
            extracted.sort();
            own.sort();
            assert_eq!(extracted.len(), 5, "{lang}: {extracted:?}");
            assert_eq!(extracted, own, "{lang}");
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
