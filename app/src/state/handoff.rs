//! Handing the history over without a server: the file and the FHIR export out, a file or a
//! picture of the QR code or a FHIR QuestionnaireResponse from another system in. Every import
//! goes through `rules::handoff::import_any`, which refuses anything it does not fully
//! understand; a refused import changes nothing.

use super::anamnesis::Anamnesis;
use crate::io::{clock, download, files};
use leptos::prelude::*;
use rules::Lang;

/// Largest picture accepted for a QR code (a phone photo is 2–8 MB).
const MAX_IMAGE_BYTES: f64 = 20.0 * 1024.0 * 1024.0;

fn today() -> String {
    clock::now_iso().chars().take(10).collect()
}

/// What an import said, kept for the screen.
#[derive(Clone, PartialEq)]
pub enum ImportStatus {
    Done {
        answers: usize,
        from: Lang,
    },
    Refused(rules::handoff::ImportError),
    /// The picture held no readable QR code, or the file could not be read (locale key).
    Unreadable(&'static str),
}

/// The hand-off payload (what the QR code and the file hold) of the answers still asked.
pub fn payload(a: &Anamnesis, lang: Lang) -> String {
    rules::handoff::to_file_json(&a.answers_to_export(), lang)
}

/// Offers the hand-off as a file.
pub fn download_handoff(a: &Anamnesis, lang: Lang) -> Result<(), String> {
    let name = format!("anamnesis-{}.json", today());
    download::download(&name, "application/json", &payload(a, lang))
}

/// Offers the history and the measured vital signs as a FHIR R4 Bundle.
pub fn export_fhir(a: &Anamnesis, lang: Lang) -> Result<(), String> {
    let answers = a.answers_to_export();
    let authored = clock::now_iso();
    let bundle = a.triage.record.with_untracked(|record| {
        rules::fhir::bundle(
            rules::questionnaire::anamnesis(),
            &answers,
            record,
            lang,
            &authored,
        )
    });
    let text = serde_json::to_string_pretty(&bundle).unwrap_or_default();
    let name = format!("anamnesis-fhir-{}.json", today());
    download::download(&name, "application/json", &text)
}

/// Imports a parent's hand-off from a chosen file: the file itself, or a picture of its QR code.
pub async fn import_file(a: Anamnesis, file: web_sys::File) -> ImportStatus {
    let is_picture = file.type_().starts_with("image/");
    let max = rules::handoff::MAX_FILE_BYTES;
    if !is_picture && file.size() > max as f64 {
        // Refused unread, with the same reason the import gives for a large file.
        let bytes = file.size() as usize;
        return ImportStatus::Refused(rules::handoff::ImportError::TooLarge { bytes, max });
    }
    let bytes = if !is_picture {
        files::read_bytes(&file)
            .await
            .map_err(|_| "import.unreadable")
    } else if file.size() > MAX_IMAGE_BYTES {
        Err("import.picture_too_large")
    } else {
        match files::picture_rgba(&file, crate::qr::MAX_SIDE_PX).await {
            Ok((w, h, rgba)) => crate::qr::decode_luma(w, h, &crate::qr::rgba_to_luma(&rgba))
                .map(String::into_bytes)
                .map_err(|_| "import.no_qr"),
            Err(key) => Err(key),
        }
    };
    match bytes {
        Err(key) => ImportStatus::Unreadable(key),
        Ok(bytes) => import_bytes(a, &bytes),
    }
}

/// Imports a hand-off's text (a file's bytes, or what a QR code held) into the patient's form.
pub fn import_bytes(a: Anamnesis, bytes: &[u8]) -> ImportStatus {
    match rules::handoff::import_any(bytes) {
        Ok(h) => {
            a.load(&h.answers);
            ImportStatus::Done {
                answers: h.answers.len(),
                from: h.lang,
            }
        }
        Err(e) => ImportStatus::Refused(e),
    }
}
