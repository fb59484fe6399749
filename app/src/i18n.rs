//! Texts shown to people, keyed and translated. The tables are data (`app/locales/*.json`),
//! not strings inlined in views.

use rules::Lang;
use std::collections::HashMap;
use std::sync::OnceLock;

type Table = HashMap<String, String>;

fn table(lang: Lang) -> &'static Table {
    static EN: OnceLock<Table> = OnceLock::new();
    static FR: OnceLock<Table> = OnceLock::new();
    // The JSON is embedded and checked by the tests below, so parsing cannot fail at run time.
    match lang {
        Lang::En => EN.get_or_init(|| {
            serde_json::from_str(include_str!("../locales/en.json")).unwrap_or_default()
        }),
        Lang::Fr => FR.get_or_init(|| {
            serde_json::from_str(include_str!("../locales/fr.json")).unwrap_or_default()
        }),
    }
}

/// The text for `key` in `lang`; the key itself if a translation is missing, so a gap is
/// visible on screen rather than blank.
pub fn t(lang: Lang, key: &str) -> String {
    table(lang)
        .get(key)
        .cloned()
        .unwrap_or_else(|| key.to_string())
}

/// The code written in `<html lang>` and used for the language switch.
pub fn code(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Fr => "fr",
    }
}

pub fn from_code(code: &str) -> Option<Lang> {
    match code.get(..2)?.to_ascii_lowercase().as_str() {
        "en" => Some(Lang::En),
        "fr" => Some(Lang::Fr),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_key_and_no_empty_text() {
        let en: Table = serde_json::from_str(include_str!("../locales/en.json")).unwrap();
        let fr: Table = serde_json::from_str(include_str!("../locales/fr.json")).unwrap();
        let mut en_keys: Vec<_> = en.keys().collect();
        let mut fr_keys: Vec<_> = fr.keys().collect();
        en_keys.sort();
        fr_keys.sort();
        assert_eq!(en_keys, fr_keys);
        assert!(en.values().chain(fr.values()).all(|v| !v.trim().is_empty()));
    }

    #[test]
    fn language_codes_round_trip() {
        for lang in [Lang::En, Lang::Fr] {
            assert_eq!(from_code(code(lang)), Some(lang));
        }
        assert_eq!(from_code("fr-CA"), Some(Lang::Fr));
        assert_eq!(from_code("de"), None);
        assert_eq!(from_code(""), None);
    }

    /// Every key the views name literally, or build from data (inputs the rules read, finding
    /// groups, coded values, form fields), has a text.
    #[test]
    fn every_key_the_views_use_exists() {
        let sources = [
            include_str!("state/notices.rs"),
            include_str!("views/shell.rs"),
            include_str!("views/save.rs"),
            include_str!("views/idle.rs"),
            include_str!("views/labels.rs"),
            include_str!("views/handoff.rs"),
            include_str!("views/anamnesis.rs"),
            include_str!("views/entry.rs"),
            include_str!("views/result.rs"),
            include_str!("views/model_panel.rs"),
            include_str!("views/normal_ranges.rs"),
            include_str!("views/records.rs"),
            include_str!("views/scores.rs"),
            include_str!("views/observation.rs"),
        ];
        let prefixes = [
            "app.", "lang.", "nav.", "footer.", "entry.", "field.", "level.", "result.", "whatif.",
            "trace.", "scores.", "model.", "obs.", "audit.", "records.", "ranges.", "source.",
        ];
        let mut keys: Vec<String> = Vec::new();
        for src in sources {
            for (i, piece) in src.split('"').enumerate() {
                let looks_like_key = i % 2 == 1
                    && prefixes.iter().any(|p| piece.starts_with(p))
                    && piece.len() > 4
                    && piece.chars().all(|c| {
                        c.is_ascii_lowercase() || c == '_' || c == '.' || c.is_ascii_digit()
                    });
                if looks_like_key {
                    keys.push(piece.to_string());
                }
            }
        }
        assert!(keys.len() > 50, "the scan found only {} keys", keys.len());
        for rule in rules::rules() {
            for input in rule.inputs() {
                keys.push(format!("input.{}", input.name()));
            }
        }
        for o in rules::observations() {
            keys.push(format!("group.{}", o.group));
        }
        for c in rules::TemperatureRoute::ALL {
            keys.push(format!("code.temperature_route.{}", c.code()));
        }
        for c in rules::Avpu::ALL {
            keys.push(format!("code.avpu.{}", c.code()));
        }
        for c in rules::PainTool::ALL {
            keys.push(format!("code.pain_tool.{}", c.code()));
        }
        for c in rules::PainLocation::ALL {
            keys.push(format!("code.pain_location.{}", c.code()));
        }
        for c in rules::PainOnset::ALL {
            keys.push(format!("code.pain_onset.{}", c.code()));
        }
        for c in rules::PatSide::ALL {
            keys.push(format!("pat.{}", c.code()));
        }
        for f in crate::state::fields::NumField::ALL {
            keys.push(f.label_key());
        }
        for lang in [Lang::En, Lang::Fr] {
            for k in &keys {
                assert!(table(lang).contains_key(k), "{k} missing in {lang:?}");
            }
        }
    }
}
