//! Texts shown to people, keyed and translated. The tables are data (`app/locales/*.json`),
//! not strings inlined in views; `build.rs` compiles them into static tables, so the browser
//! parses no JSON for them.

use rules::Lang;

// `KEYS` (sorted), `TEXTS` (per language, in the order of `KEYS`) and, for the tests, `LOCALES`.
include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// The text for `key` in `lang` exactly as the locale file has it.
fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    let i = KEYS.binary_search(&key).ok()?;
    let (_, texts) = TEXTS.iter().find(|(code, _)| *code == lang.code())?;
    texts.get(i).copied().flatten()
}

/// The text for `key` in `lang`; the English text if `lang` lacks it, else the key itself, so a
/// gap is visible on screen rather than blank (the tests below refuse any gap). Reads statics
/// only, with no lazy initialisation, so the panic notice may call it too.
pub fn t(lang: Lang, key: &str) -> String {
    lookup(lang, key)
        .or_else(|| lookup(Lang::En, key))
        .unwrap_or(key)
        .to_string()
}

/// A rank as written in `lang`: 1st, 2nd, 10th (English), 1er, 10e (French), 1., 10. (German).
pub fn ordinal(lang: Lang, n: u8) -> String {
    match lang {
        Lang::En => {
            let suffix = match (n % 10, n % 100) {
                (_, 11..=13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("{n}{suffix}")
        }
        Lang::Fr if n == 1 => "1er".to_string(),
        Lang::Fr => format!("{n}e"),
        Lang::De => format!("{n}."),
    }
}

/// The name of a range between two centiles, `[low, high]`, in `lang` ("10th–90th centile").
pub fn centile_range(lang: Lang, [low, high]: [u8; 2]) -> String {
    t(lang, "ranges.centiles")
        .replace("{low}", &ordinal(lang, low))
        .replace("{high}", &ordinal(lang, high))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_and_centile_ranges_read_as_each_language_writes_them() {
        let en: Vec<String> = [1, 2, 3, 4, 10, 11, 12, 13, 21, 22, 23, 50, 90, 99]
            .into_iter()
            .map(|n| ordinal(Lang::En, n))
            .collect();
        assert_eq!(
            en,
            [
                "1st", "2nd", "3rd", "4th", "10th", "11th", "12th", "13th", "21st", "22nd", "23rd",
                "50th", "90th", "99th"
            ]
        );
        assert_eq!(ordinal(Lang::Fr, 1), "1er");
        assert_eq!(ordinal(Lang::Fr, 99), "99e");
        assert_eq!(ordinal(Lang::De, 10), "10.");
        assert_eq!(centile_range(Lang::En, [10, 90]), "10th–90th centile");
        assert_eq!(centile_range(Lang::Fr, [1, 99]), "1er–99e centile");
        assert_eq!(centile_range(Lang::De, [10, 90]), "10.–90. Perzentile");
    }

    type Table = std::collections::HashMap<String, String>;

    fn parsed(code: &str, json: &str) -> Table {
        serde_json::from_str(json).unwrap_or_else(|e| panic!("locales/{code}.json: {e}"))
    }

    /// The compiled tables read as the files do: every key of each file gives its text in that
    /// language, and no other key has one.
    #[test]
    fn each_language_reads_its_own_file() {
        for lang in Lang::ALL {
            let (code, json) = LOCALES.iter().find(|(c, _)| *c == lang.code()).unwrap();
            let file = parsed(code, json);
            for (key, text) in &file {
                assert_eq!(lookup(*lang, key), Some(text.as_str()), "{code}: {key}");
            }
            let in_table = KEYS.iter().filter(|k| lookup(*lang, k).is_some()).count();
            assert_eq!(in_table, file.len(), "{code}: keys with a text");
        }
        assert_eq!(lookup(Lang::En, "no.such.key"), None);
        assert_eq!(t(Lang::Fr, "no.such.key"), "no.such.key");
    }

    #[test]
    fn there_is_one_locale_file_per_language() {
        let mut files: Vec<&str> = LOCALES.iter().map(|(code, _)| *code).collect();
        files.sort_unstable();
        let mut langs: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
        langs.sort_unstable();
        assert_eq!(files, langs, "app/locales/<code>.json for each rules::Lang");
    }

    /// The completeness check of the UI texts: a key in one language and not in another, or a
    /// blank text, fails and is listed.
    #[test]
    fn every_language_has_every_key_and_no_empty_text() {
        let tables: Vec<(&str, Table)> = LOCALES
            .iter()
            .map(|(code, json)| (*code, parsed(code, json)))
            .collect();
        let all_keys: std::collections::BTreeSet<&String> =
            tables.iter().flat_map(|(_, t)| t.keys()).collect();
        let mut gaps = Vec::new();
        for (code, table) in &tables {
            for key in &all_keys {
                match table.get(*key) {
                    None => gaps.push(format!("{code}: {key} missing")),
                    Some(v) if v.trim().is_empty() => gaps.push(format!("{code}: {key} empty")),
                    Some(_) => {}
                }
            }
        }
        assert!(
            gaps.is_empty(),
            "UI texts missing in app/locales ({}):\n{}",
            gaps.len(),
            gaps.join("\n")
        );
    }

    /// A text with a `{placeholder}` has the same placeholders in every language.
    #[test]
    fn every_language_fills_the_same_placeholders() {
        let placeholders = |s: &str| -> Vec<String> {
            let mut v: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(name, _)| name.to_string()))
                .collect();
            v.sort();
            v
        };
        let en = parsed("en", LOCALES.iter().find(|(c, _)| *c == "en").unwrap().1);
        for (code, json) in LOCALES {
            for (key, text) in parsed(code, json) {
                if let Some(english) = en.get(&key) {
                    assert_eq!(placeholders(&text), placeholders(english), "{code}: {key}");
                }
            }
        }
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
            include_str!("io/fault.rs"),
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
            "fault.",
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
        for l in Lang::ALL {
            keys.push(format!("lang.name.{}", l.code()));
        }
        for f in crate::state::fields::NumField::ALL {
            keys.push(f.label_key());
        }
        for &lang in Lang::ALL {
            for k in &keys {
                assert!(lookup(lang, k).is_some(), "{k} missing in {lang:?}");
            }
        }
    }
}
