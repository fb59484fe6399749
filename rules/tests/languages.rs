//! The completeness check of the rule data's texts: every text of `rules/data/**/*.toml` in
//! every language of `rules::Lang` (the UI texts are checked by the app's i18n tests).

#[test]
fn every_rule_data_text_exists_in_every_language() {
    let missing = rules::lang::missing_translations();
    assert!(
        missing.is_empty(),
        "{} texts of the rule data are missing a language:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn the_check_lists_each_gap_with_its_file_and_entry() {
    let file = serde_json::json!({
        "items": [
            {"id": "a", "en": "Cough", "fr": "Toux", "de": "Husten"},
            {"id": "b", "en": "Fever", "fr": "Fièvre",
             "definition": {"en": "{n} days", "fr": "{n} jours", "de": "Tage"}},
        ],
    });
    let missing = rules::lang::missing_in("x.toml", &file);
    assert_eq!(missing.len(), 2, "{missing:?}");
    assert!(missing[0].contains("(b)") && missing[0].contains("no de text for \"Fever\""));
    assert!(missing[1].contains("definition") && missing[1].contains("placeholders"));
}
