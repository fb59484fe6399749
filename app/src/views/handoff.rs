//! Handing the history over without a server: a file and a QR code out, a file, a picture of
//! the QR code or the live camera in; and the FHIR R4 export. Every import goes through `rules::handoff::import`,
//! which refuses anything it does not fully understand; a refused import changes nothing.

use super::labels::tr;
use crate::i18n::t;
use crate::io::camera::CameraError;
use crate::state::anamnesis::Anamnesis;
use crate::state::handoff::{self, ImportStatus};
use crate::state::scanner::{ScanState, Scanner};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

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
        let message = match handoff::download_handoff(&a, lang.get_untracked()) {
            Ok(()) => t(lang.get_untracked(), "handoff.downloaded"),
            Err(e) => e,
        };
        set_status.set(Some(message));
    };
    view! {
        <div class="handoff">
            <p>{tr(lang, "handoff.explain")}</p>
            <button type="button" id="handoff-download" class="primary" on:click=download>
                {tr(lang, "handoff.download")}
            </button>
            <p class="status" role="status">{status}</p>
            <figure class="qr-figure">
                {qr}
                <figcaption>{tr(lang, "handoff.qr_caption")}</figcaption>
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
        let message = match handoff::export_fhir(&a, lang) {
            Ok(()) => t(lang, "export.done"),
            Err(e) => e,
        };
        set_status.set(Some(message));
    };
    view! {
        <button type="button" id="export-fhir" on:click=export>
            {tr(lang, "export.fhir")}
        </button>
        <span class="status" role="status">{status}</span>
    }
}

/// The live scanner: the camera's picture while it looks for the code, and why it cannot.
fn scanner_view(a: Anamnesis, status: RwSignal<Option<ImportStatus>>) -> impl IntoView {
    let lang = a.triage.lang;
    let scanner = Scanner::new();
    let video = NodeRef::<leptos::html::Video>::new();
    // Leaving the panel (another tab, the fold closed) turns the camera off.
    on_cleanup(move || scanner.stop());
    let start = move |_| {
        let Some(video) = video.get_untracked() else {
            return;
        };
        status.set(None);
        scanner.start(video, move |text| {
            status.set(Some(handoff::import_bytes(a, text.as_bytes())));
        });
    };
    let open = move || {
        matches!(
            scanner.state.get(),
            ScanState::Opening | ScanState::Scanning
        )
    };
    let problem = move || match scanner.state.get() {
        ScanState::Failed(e) => {
            let key = match e {
                CameraError::Refused => "scan.refused",
                CameraError::Absent => "scan.absent",
                CameraError::Unavailable => "scan.unavailable",
            };
            Some(
                view! { <p class="notice error" id="scan-message" role="alert">{t(lang.get(), key)}</p> },
            )
        }
        _ => None,
    };
    view! {
        <div class="scanner">
            <Show
                when=open
                fallback=move || view! {
                    <button type="button" id="scan-start" on:click=start>
                        {tr(lang, "scan.start")}
                    </button>
                }
            >
                <p class="hint" id="scan-hint" role="status">{tr(lang, "scan.hint")}</p>
                <button type="button" id="scan-stop" on:click=move |_| scanner.stop()>
                    {tr(lang, "scan.stop")}
                </button>
            </Show>
            <video
                node_ref=video
                id="scan-video"
                class:hidden=move || !open()
                autoplay=true
                muted=true
                playsinline=true
                aria-label=tr(lang, "scan.video")
            ></video>
            {problem}
        </div>
    }
}

/// Import of a parent's hand-off: from the file, a picture of the QR code, or the camera.
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
            status.set(Some(handoff::import_file(a, file).await));
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
            <h2 id="import-heading">{tr(lang, "import.heading")}</h2>
            <p class="hint">{tr(lang, "import.explain")}</p>
            <label class="file-button" for="import-file">
                {tr(lang, "import.choose")}
            </label>
            <input
                id="import-file"
                type="file"
                accept=".json,.txt,application/json,application/fhir+json,text/plain,image/*"
                on:change=on_file
            />
            {scanner_view(a, status)}
            {message}
        </section>
    }
}
