//! A folded part of a screen: a `<details>` whose content is built only while it is open, so
//! the page carries no nodes for what nobody unfolded (the rule path's folds, the model's
//! questions, the scores not applicable, the device controls …).

use leptos::prelude::*;

/// `shown` says whether it is open; pass one the caller owns to keep the fold open when the
/// view around it is rebuilt (the scores panel is, when its scores change).
#[component]
pub fn Fold(
    #[prop(optional)] id: Option<&'static str>,
    #[prop(default = "more")] class: &'static str,
    #[prop(optional)] shown: Option<RwSignal<bool>>,
    /// The summary's own id, where something points at it (an `aria-labelledby`, a test).
    #[prop(optional)]
    summary_id: Option<&'static str>,
    #[prop(into)] summary: ViewFn,
    children: ChildrenFn,
) -> impl IntoView {
    let shown = shown.unwrap_or_else(|| RwSignal::new(false));
    view! {
        <details
            class=class
            id=id
            open=shown.get_untracked()
            on:toggle:target=move |ev| shown.set(ev.target().open())
        >
            // Run inside a closure, so the title follows what it reads (a count, the language).
            <summary id=summary_id>{move || summary.run()}</summary>
            <Show when=move || shown.get()>{children()}</Show>
        </details>
    }
}
