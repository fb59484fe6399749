//! What a person sees when the app hits an internal error (a Rust panic).
//!
//! The browser build aborts on panic: after the hook below returns, the wasm instance traps
//! and Leptos never runs again on this page. So the notice is built with plain DOM calls, its
//! texts (`fault.*` in the locale files) are read straight from the embedded JSON rather than
//! the cached i18n tables (whose lazy initialisation may be what panicked), and its Reload button is wired to the browser's own `location.reload`, not to
//! a Rust closure, so the button works whatever state the dead instance is in.

use rules::Lang;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Id of the notice element, so a second panic does not add a second notice.
pub const NOTICE_ID: &str = "fault-notice";

/// localStorage key of the chosen language (the same key the app writes).
const LANG_STORAGE_KEY: &str = "pediatriage.lang";

/// Installs the panic hook: the console message of `console_error_panic_hook` (kept for
/// developers), then the visible notice.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        // Nothing more can be done if the DOM is not reachable: the console has the message.
        let _ = show_notice();
        // Last: a failure in here can no longer hide the notice.
        LAST_WORDS.with(|f| {
            if let Ok(f) = f.try_borrow()
                && let Some(f) = f.as_ref()
            {
                f();
            }
        });
    }));
}

thread_local! {
    static LAST_WORDS: std::cell::RefCell<Option<Box<dyn Fn()>>> =
        const { std::cell::RefCell::new(None) };
}

/// What to do before the instance dies, after the notice is shown (the draft's pending save).
pub fn on_fault(f: impl Fn() + 'static) {
    LAST_WORDS.with(|slot| *slot.borrow_mut() = Some(Box::new(f)));
}

/// The language saved by the language switch; English if none or unknown.
fn saved_lang(storage: Option<web_sys::Storage>) -> Lang {
    storage
        .and_then(|s| s.get_item(LANG_STORAGE_KEY).ok().flatten())
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or_default()
}

/// Inserts the notice at the top of the body. Every step is fallible and none panics: a
/// panic inside the panic hook would abort before anything is shown.
fn show_notice() -> Option<()> {
    let window = web_sys::window()?;
    let document = window.document()?;
    if document.get_element_by_id(NOTICE_ID).is_some() {
        return Some(());
    }
    let body = document.body()?;
    let lang = saved_lang(window.local_storage().ok().flatten());
    // Statics only: no lazy initialisation that may be what panicked.
    let text = |key| crate::i18n::t(lang, key);

    let notice = document.create_element("div").ok()?;
    notice.set_id(NOTICE_ID);
    notice.set_class_name("fault-notice");
    notice.set_attribute("role", "alert").ok()?;
    notice.set_attribute("lang", lang.code()).ok()?;

    let heading = document.create_element("p").ok()?;
    heading.set_class_name("fault-heading");
    heading.set_text_content(Some(&text("fault.heading")));
    let body_text = document.create_element("p").ok()?;
    body_text.set_text_content(Some(&text("fault.body")));

    let button = document.create_element("button").ok()?;
    button.set_id("fault-reload");
    button.set_attribute("type", "button").ok()?;
    button.set_text_content(Some(&text("fault.reload")));
    // `location.reload` bound to `location`: a plain JS function, no call back into the wasm.
    let location: JsValue = window.location().into();
    let reload = js_sys::Reflect::get(&location, &JsValue::from_str("reload"))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?
        .bind0(&location);
    button
        .add_event_listener_with_callback("click", &reload)
        .ok()?;

    notice.append_child(&heading).ok()?;
    notice.append_child(&body_text).ok()?;
    notice.append_child(&button).ok()?;
    body.prepend_with_node_1(&notice).ok()?;
    // Moves keyboard and screen-reader focus to the one thing that still works.
    let _ = button.unchecked_ref::<web_sys::HtmlElement>().focus();
    Some(())
}

/// Fault-injection hook for the end-to-end tests: panics with a recognisable message, which
/// crashes this page's own wasm instance and nothing else (no data is touched; the notice
/// above appears). Called from the browser as `(await import('/pkg/app.js'))
/// .pediatriage_simulate_panic()`.
#[wasm_bindgen]
pub fn pediatriage_simulate_panic() {
    panic!("pediatriage_simulate_panic: simulated internal error (fault-injection test hook)");
}
