//! Handing a parent's anamnesis to the clinician with no server: as a JSON file, or as a short
//! text for one QR code (`PTA1:` + base64url of the deflated JSON). [`import`] reads either,
//! and refuses anything it does not fully understand: a hand-off may come from anyone.
//!
//! The checks, in order: size, text encoding, nesting depth, exact shape (no unknown field),
//! questionnaire id and version, then each answer against its item (known id, type, range or
//! option, text length, no markup), and finally that every answer is to a question that is
//! asked given the others. Nothing is kept unless everything passes.

use crate::error::ValidationError;
use crate::lang::Lang;
use crate::questionnaire::{self, ItemKind, Questionnaire, Response, Responses};
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The `format` field of every hand-off.
pub const FORMAT: &str = "pediatriage-handoff";
/// The prefix of a QR payload.
pub const QR_PREFIX: &str = "PTA1:";
/// Largest file or decoded payload accepted. A full anamnesis is about 2 KB.
pub const MAX_BYTES: usize = 32 * 1024;
/// Deepest JSON nesting accepted: the envelope (1) and its answers map (2).
pub const MAX_DEPTH: usize = 2;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The envelope as written: exactly these fields.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    format: String,
    questionnaire: String,
    version: u32,
    lang: Lang,
    answers: BTreeMap<String, serde_json::Value>,
}

/// An imported anamnesis.
#[derive(Debug, Clone, PartialEq)]
pub struct Handoff {
    /// The language the parent answered in (texts answers are in it).
    pub lang: Lang,
    pub answers: Responses,
}

/// Why an import was refused. Nothing from a refused import is kept.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportError {
    TooLarge {
        bytes: usize,
        max: usize,
    },
    NotText,
    /// Neither a hand-off file nor a hand-off QR code.
    NotAHandoff,
    /// The QR text is damaged (bad base64 or compressed data).
    Damaged,
    /// JSON syntax error, with serde's description (English, technical).
    NotJson(String),
    TooDeep {
        max: usize,
    },
    /// The JSON does not have the hand-off's fields and types.
    WrongShape(String),
    OtherQuestionnaire(String),
    UnsupportedVersion {
        found: u32,
        expected: u32,
    },
    UnknownQuestion(String),
    /// An answer the item does not accept.
    InvalidAnswer(ValidationError),
    /// An answer to a question that is not asked given the other answers.
    NotAsked(String),
    /// Not a FHIR `QuestionnaireResponse` (`fhir_import`).
    NotAResponse,
    /// A `QuestionnaireResponse` whose status is not one whose answers are imported (e.g.
    /// `entered-in-error`).
    ResponseStatus(String),
}

impl ImportError {
    pub fn message(&self, lang: Lang) -> String {
        use ImportError::*;
        let m = &crate::messages::messages().import;
        match self {
            TooLarge { bytes, max } => m.too_large.fill(lang, &[("bytes", bytes), ("max", max)]),
            NotText => m.not_text.fill(lang, &[]),
            NotAHandoff => m.not_a_handoff.fill(lang, &[]),
            Damaged => m.damaged.fill(lang, &[]),
            NotJson(detail) => m.not_json.fill(lang, &[("detail", detail)]),
            TooDeep { max } => m.too_deep.fill(lang, &[("max", max)]),
            WrongShape(detail) => m.wrong_shape.fill(lang, &[("detail", detail)]),
            OtherQuestionnaire(id) => m.other_questionnaire.fill(lang, &[("id", id)]),
            UnsupportedVersion { found, expected } => m
                .unsupported_version
                .fill(lang, &[("found", found), ("expected", expected)]),
            UnknownQuestion(id) => m.unknown_question.fill(lang, &[("id", id)]),
            InvalidAnswer(e) => m.invalid_answer.fill(
                lang,
                &[
                    ("question", &question_text(e.field(), lang)),
                    ("reason", &e.message(lang)),
                ],
            ),
            NotAsked(id) => m
                .not_asked
                .fill(lang, &[("question", &question_text(id, lang))]),
            NotAResponse => m.not_a_response.fill(lang, &[]),
            ResponseStatus(status) => m.response_status.fill(lang, &[("status", status)]),
        }
    }
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ImportError {}

fn question_text(id: &str, lang: Lang) -> String {
    questionnaire::anamnesis().item(id).map_or_else(
        || id.to_string(),
        |i| i.text(lang, questionnaire::Mode::Gp).to_string(),
    )
}

fn wire(q: &Questionnaire, answers: &Responses, lang: Lang) -> Wire {
    let answers = q
        .pruned(answers)
        .into_iter()
        .map(|(id, r)| {
            let value = match r {
                Response::Bool(b) => serde_json::Value::from(b),
                // Whole numbers as integers: "3", not "3.0".
                Response::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
                    serde_json::Value::from(n as i64)
                }
                Response::Number(n) => serde_json::Value::from(n),
                Response::Text(t) => serde_json::Value::from(t),
            };
            (id, value)
        })
        .collect();
    Wire {
        format: FORMAT.to_string(),
        questionnaire: q.id.clone(),
        version: q.version,
        lang,
        answers,
    }
}

/// The hand-off file: readable JSON of the answers still asked.
pub fn to_file_json(answers: &Responses, lang: Lang) -> String {
    let w = wire(questionnaire::anamnesis(), answers, lang);
    serde_json::to_string_pretty(&w).expect("a map of plain values serializes")
}

/// The QR payload: `PTA1:` and the compact JSON, deflated, in base64url.
pub fn to_qr_text(answers: &Responses, lang: Lang) -> String {
    let w = wire(questionnaire::anamnesis(), answers, lang);
    let json = serde_json::to_vec(&w).expect("a map of plain values serializes");
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    format!("{QR_PREFIX}{}", B64.encode(packed))
}

/// The largest file `import_any` reads: a FHIR response may be larger than a hand-off file.
pub const MAX_FILE_BYTES: usize = if crate::fhir_import::MAX_BYTES > MAX_BYTES {
    crate::fhir_import::MAX_BYTES
} else {
    MAX_BYTES
};

/// Reads whatever a clinician is handed: a FHIR `QuestionnaireResponse` of the anamnesis
/// (filled in another system, `fhir_import`) or a parent's hand-off file or QR payload. Both
/// are read with the same strictness and give the same answers.
pub fn import_any(bytes: &[u8]) -> Result<Handoff, ImportError> {
    if is_fhir_resource(bytes) {
        crate::fhir_import::import_response(bytes)
    } else {
        import(bytes)
    }
}

/// Whether the text looks like a FHIR resource (a JSON object naming its `resourceType`); a
/// hand-off file never has that key, so the choice cannot take one format for the other.
fn is_fhir_resource(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.starts_with('{') && text.contains("\"resourceType\"")
}

/// The text of an imported file: at most `max` bytes of UTF-8, without a byte-order mark or
/// surrounding blanks. Shared by every import.
pub(crate) fn import_text(bytes: &[u8], max: usize) -> Result<&str, ImportError> {
    if bytes.len() > max {
        return Err(ImportError::TooLarge {
            bytes: bytes.len(),
            max,
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|_| ImportError::NotText)?;
    Ok(text.trim_start_matches('\u{feff}').trim())
}

/// Reads a hand-off file or QR payload, strictly. See the module documentation.
pub fn import(bytes: &[u8]) -> Result<Handoff, ImportError> {
    let text = import_text(bytes, MAX_BYTES)?;
    let json: Vec<u8> = if let Some(payload) = text.strip_prefix(QR_PREFIX) {
        let packed = B64
            .decode(payload.trim())
            .map_err(|_| ImportError::Damaged)?;
        miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_BYTES).map_err(
            |e| match e.status {
                miniz_oxide::inflate::TINFLStatus::HasMoreOutput => ImportError::TooLarge {
                    bytes: MAX_BYTES + 1,
                    max: MAX_BYTES,
                },
                _ => ImportError::Damaged,
            },
        )?
    } else if text.starts_with('{') {
        text.as_bytes().to_vec()
    } else {
        return Err(ImportError::NotAHandoff);
    };
    check_depth(&json, MAX_DEPTH)?;
    let value: serde_json::Value =
        serde_json::from_slice(&json).map_err(|e| ImportError::NotJson(e.to_string()))?;
    if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(ImportError::NotAHandoff);
    }
    let wire: Wire =
        serde_json::from_value(value).map_err(|e| ImportError::WrongShape(e.to_string()))?;
    read_wire(questionnaire::anamnesis(), wire)
}

/// Refuses JSON nested deeper than `max` before parsing it (a parser's recursion is the usual
/// way such input does harm).
pub(crate) fn check_depth(json: &[u8], max: usize) -> Result<(), ImportError> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &b in json {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > max {
                    return Err(ImportError::TooDeep { max });
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn read_wire(q: &'static Questionnaire, wire: Wire) -> Result<Handoff, ImportError> {
    if wire.format != FORMAT {
        return Err(ImportError::NotAHandoff);
    }
    if wire.questionnaire != q.id {
        return Err(ImportError::OtherQuestionnaire(
            questionnaire::printable_code(&wire.questionnaire),
        ));
    }
    if wire.version != q.version {
        return Err(ImportError::UnsupportedVersion {
            found: wire.version,
            expected: q.version,
        });
    }
    let mut answers = Responses::new();
    for (id, value) in wire.answers {
        let item = q
            .item(&id)
            .ok_or_else(|| ImportError::UnknownQuestion(questionnaire::printable_code(&id)))?;
        let response = match (item.kind, value) {
            (ItemKind::Boolean, serde_json::Value::Bool(b)) => Response::Bool(b),
            (ItemKind::Integer | ItemKind::Decimal, serde_json::Value::Number(n)) => {
                Response::Number(n.as_f64().ok_or(ImportError::InvalidAnswer(
                    ValidationError::NotANumber {
                        field: item.id.as_str(),
                    },
                ))?)
            }
            (ItemKind::Choice | ItemKind::Text, serde_json::Value::String(s)) => Response::Text(s),
            (ItemKind::Boolean, _) => {
                return Err(ImportError::InvalidAnswer(ValidationError::NotYesNo {
                    field: item.id.as_str(),
                }));
            }
            (ItemKind::Integer | ItemKind::Decimal, _) => {
                return Err(ImportError::InvalidAnswer(ValidationError::NotANumber {
                    field: item.id.as_str(),
                }));
            }
            (ItemKind::Choice | ItemKind::Text, _) => {
                return Err(ImportError::WrongShape(format!(
                    "the answer to {} must be a text",
                    item.id
                )));
            }
        };
        item.check(&response).map_err(ImportError::InvalidAnswer)?;
        answers.insert(item.id.clone(), response);
    }
    for id in answers.keys() {
        let item = q.item(id).expect("checked above");
        if !q.is_enabled(item, &answers) {
            return Err(ImportError::NotAsked(id.clone()));
        }
    }
    Ok(Handoff {
        lang: wire.lang,
        answers,
    })
}
