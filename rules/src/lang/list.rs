// The languages of the app: variant, code, autonym. Read by `languages!` in lang.rs and by
// build.rs (which writes the texts of the compiled-in data in this order).
languages! {
    En = "en", "English";
    Fr = "fr", "Français";
    De = "de", "Deutsch";
}
