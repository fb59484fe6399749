//! Handing the history over without a server: a file and a QR code out, a file or a picture of
//! the QR code in; and the FHIR R4 export. Every import goes through `rules::handoff::import`,
//! which refuses anything it does not fully understand; a refused import changes nothing.

use crate::anamnesis::Anamnesis;
use crate::i18n::t;
use leptos::prelude::*;
use rules::Lang;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Largest picture accepted for a QR code (a phone photo is 2–8 MB).
const MAX_IMAGE_BYTES: f64 = 20.0 * 1024.0 * 1024.0;

fn today() -> String {
    let iso: String = js_sys::Date::new_0().to_iso_string().into();
    iso.chars().take(10).collect()
}

/// The parent's hand-off: the file to download and the QR code to show.
#[component]
pub fn HandOff(a: Anamnesis) -> impl IntoView {
    let lang = a.triage.lang;
    let (status, set_status) = signal(None::<String>);
    let qr = move || {
        let answers = a.current.get();
        let payload = rules::handoff::to_qr_text(
            &rules::questionnaire::anamnesis().pruned(&answers),
            lang.get(),
        );
        crate::qr::svg(&payload).ok().map(|svg| {
            use base64::Engine as _;
            let data = base64::engine::general_purpose::STANDARD.encode(svg);
            view! {
                <img
                    id="handoff-qr"
                    class="qr"
                    src=format!("data:image/svg+xml;base64,{data}")
                    alt=t(lang.get(), "handoff.qr_alt")
                    data-payload=payload
                    width="320"
                    height="320"
                />
            }
        })
    };
    let download = move |_| {
        let answers = a.answers_to_export();
        let text = rules::handoff::to_file_json(&answers, lang.get_untracked());
        let name = format!("anamnesis-{}.json", today());
        let message = match crate::audit::download(&name, &text) {
            Ok(()) => t(lang.get_untracked(), "handoff.downloaded"),
            Err(e) => e,
        };
        set_status.set(Some(message));
    };
    view! {
        <div class="handoff">
            <p>{move || t(lang.get(), "handoff.explain")}</p>
            <button type="button" id="handoff-download" class="primary" on:click=download>
                {move || t(lang.get(), "handoff.download")}
            </button>
            <p class="status" role="status">{status}</p>
            <figure class="qr-figure">
                {qr}
                <figcaption>{move || t(lang.get(), "handoff.qr_caption")}</figcaption>
            </figure>
        </div>
    }
}

/// The FHIR R4 export of the history and the measured vital signs.
#[component]
pub fn ExportButtons(a: Anamnesis) -> impl IntoView {
    let lang = a.triage.lang;
    let (status, set_status) = signal(None::<String>);
    let export = move |_| {
        let lang = lang.get_untracked();
        let answers = a.answers_to_export();
        let authored: String = js_sys::Date::new_0().to_iso_string().into();
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
        let message = match crate::audit::download(&name, &text) {
            Ok(()) => t(lang, "export.done"),
            Err(e) => e,
        };
        set_status.set(Some(message));
    };
    view! {
        <button type="button" id="export-fhir" on:click=export>
            {move || t(lang.get(), "export.fhir")}
        </button>
        <span class="status" role="status">{status}</span>
    }
}

/// What an import said, kept for the screen.
#[derive(Clone, PartialEq)]
enum ImportStatus {
    Done {
        answers: usize,
        from: Lang,
    },
    Refused(rules::handoff::ImportError),
    /// The picture held no readable QR code, or the file could not be read.
    Unreadable(&'static str),
}

/// Reads the bytes of a chosen file.
async fn file_bytes(file: &web_sys::File) -> Result<Vec<u8>, ()> {
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(|_| ())?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Reads the QR code in a picture: decoded by the browser, scaled to at most
/// `qr::MAX_SIDE_PX`, then read by rqrr.
async fn qr_from_picture(file: &web_sys::File) -> Result<String, &'static str> {
    let window = web_sys::window().ok_or("import.no_picture")?;
    let promise = window
        .create_image_bitmap_with_blob(file)
        .map_err(|_| "import.no_picture")?;
    let bitmap: web_sys::ImageBitmap = JsFuture::from(promise)
        .await
        .map_err(|_| "import.no_picture")?
        .unchecked_into();
    let (w, h) = (bitmap.width().max(1), bitmap.height().max(1));
    let scale = (crate::qr::MAX_SIDE_PX as f64 / w.max(h) as f64).min(1.0);
    let (sw, sh) = (
        ((w as f64 * scale) as u32).max(1),
        ((h as f64 * scale) as u32).max(1),
    );
    let document = window.document().ok_or("import.no_picture")?;
    let canvas: web_sys::HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(|_| "import.no_picture")?
        .unchecked_into();
    canvas.set_width(sw);
    canvas.set_height(sh);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .ok_or("import.no_picture")?
        .unchecked_into();
    context.set_fill_style_str("#ffffff");
    context.fill_rect(0.0, 0.0, sw as f64, sh as f64);
    context
        .draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, sw as f64, sh as f64)
        .map_err(|_| "import.no_picture")?;
    bitmap.close();
    let data = context
        .get_image_data(0.0, 0.0, sw as f64, sh as f64)
        .map_err(|_| "import.no_picture")?
        .data();
    let luma = crate::qr::rgba_to_luma(&data);
    crate::qr::decode_luma(sw as usize, sh as usize, &luma).map_err(|_| "import.no_qr")
}

/// Import of a parent's hand-off, from the file or from a picture of the QR code.
#[component]
pub fn ImportPanel(a: Anamnesis) -> impl IntoView {
    let lang = a.triage.lang;
    let status = RwSignal::new(None::<ImportStatus>);
    let on_file = move |ev: web_sys::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        // The same file can be chosen again after a refusal; the last message goes.
        input.set_value("");
        status.set(None);
        leptos::task::spawn_local(async move {
            let is_picture = file.type_().starts_with("image/");
            let max = rules::handoff::MAX_BYTES;
            if !is_picture && file.size() > max as f64 {
                // Refused unread, with the same reason the import gives for a large file.
                let bytes = file.size() as usize;
                let e = rules::handoff::ImportError::TooLarge { bytes, max };
                status.set(Some(ImportStatus::Refused(e)));
                return;
            }
            let bytes = if !is_picture {
                file_bytes(&file).await.map_err(|_| "import.unreadable")
            } else if file.size() > MAX_IMAGE_BYTES {
                Err("import.picture_too_large")
            } else {
                qr_from_picture(&file).await.map(String::into_bytes)
            };
            let result = match bytes {
                Err(key) => ImportStatus::Unreadable(key),
                Ok(bytes) => match rules::handoff::import(&bytes) {
                    Ok(h) => {
                        a.load(&h.answers);
                        ImportStatus::Done {
                            answers: h.answers.len(),
                            from: h.lang,
                        }
                    }
                    Err(e) => ImportStatus::Refused(e),
                },
            };
            status.set(Some(result));
        });
    };
    let message = move || {
        let lang = lang.get();
        status.get().map(|s| match s {
            ImportStatus::Done { answers, from } => view! {
                <p class="notice ok" id="import-message" role="status">
                    {t(lang, "import.done")
                        .replace("{n}", &answers.to_string())
                        .replace("{lang}", &t(lang, &format!("lang.name.{}", from.code())))}
                </p>
            }
            .into_any(),
            ImportStatus::Refused(e) => view! {
                <p class="notice error" id="import-message" role="alert">{e.message(lang)}</p>
            }
            .into_any(),
            ImportStatus::Unreadable(key) => view! {
                <p class="notice error" id="import-message" role="alert">{t(lang, key)}</p>
            }
            .into_any(),
        })
    };
    view! {
        <section class="card import no-print" aria-labelledby="import-heading">
            <h2 id="import-heading">{move || t(lang.get(), "import.heading")}</h2>
            <p class="hint">{move || t(lang.get(), "import.explain")}</p>
            <label class="file-button" for="import-file">
                {move || t(lang.get(), "import.choose")}
            </label>
            <input
                id="import-file"
                type="file"
                accept=".json,.txt,application/json,text/plain,image/*"
                on:change=on_file
            />
            {message}
        </section>
    }
}
