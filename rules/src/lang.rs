//! The languages people read the app in, and [`Text`]: one text written in each of them.
//!
//! Adding a language is one line in `lang/list.rs` plus its texts: every `Text` of the
//! rule data (`rules/data/**/*.toml`), `rules/data/messages.toml` and `app/locales/<code>.json`.
//! `rules/tests/languages.rs` and the app's i18n tests fail and list what is missing until every
//! text exists in every language.

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::sync::{Arc, OnceLock};

macro_rules! languages {
    ($($variant:ident = $code:literal, $autonym:literal;)+) => {
        /// A language the app is written in. Serialised as its code (`"en"`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub enum Lang {
            #[default]
            $($variant,)+
        }

        impl Lang {
            /// Every language, in the order the language picker lists them.
            pub const ALL: &'static [Lang] = &[$(Lang::$variant,)+];
            /// The code of each language, in the order of [`Lang::ALL`].
            pub const CODES: &'static [&'static str] = &[$($code,)+];

            /// BCP 47 code, written in `<html lang>`, the locale file name and the rule data keys.
            pub fn code(self) -> &'static str {
                match self {
                    $(Lang::$variant => $code,)+
                }
            }

            /// The language's name in itself, as the language picker shows it.
            pub fn autonym(self) -> &'static str {
                match self {
                    $(Lang::$variant => $autonym,)+
                }
            }
        }
    };
}

include!("lang/list.rs");

impl Lang {
    /// The language of a BCP 47 tag (`"de-DE"`, `"fr"`), by its primary subtag.
    pub fn from_code(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.iter().copied().find(|l| l.code() == primary)
    }

    /// The first language of a preference list (`navigator.languages`) that the app speaks.
    pub fn first_spoken<'a>(tags: impl IntoIterator<Item = &'a str>) -> Option<Lang> {
        tags.into_iter().find_map(Lang::from_code)
    }

    /// The language's position in [`Lang::ALL`] (a table per language is an array).
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        Lang::ALL
            .iter()
            .copied()
            .find(|l| l.code() == code)
            .ok_or_else(|| de::Error::unknown_variant(&code, Lang::CODES))
    }
}

/// One text in every language, keyed by language code: in the rule data
/// `en = "…"`, `fr = "…"`, `de = "…"` (flattened into the entry for its main label, or a table
/// such as `definition.en = "…"`).
///
/// A language may be missing while the data is being written; [`Text::get`] then falls back to
/// English so a screen is never blank, and [`Text::missing`] names the gap for the tests.
///
/// Shared and immutable: a result that shows a rule's label holds the rule data's own text, so
/// cloning one (as every evaluation does for each label it reports) allocates nothing.
#[derive(Clone)]
pub struct Text(Texts);

/// One text per language, in the order of [`Lang::ALL`]. A fixed-size array behind a thin
/// pointer, so that a `Text` of any kind is two words (a slice here would make it three).
type Written = Arc<[Option<Box<str>>; Lang::ALL.len()]>;

/// One text per language as build.rs compiles it into the crate, in the order of [`Lang::ALL`].
pub(crate) type StaticTexts = [Option<&'static str>; Lang::ALL.len()];

#[derive(Clone)]
enum Texts {
    Written(Written),
    /// Compiled into the crate (build.rs): one text per language, in the order of
    /// [`Lang::ALL`], read where it lies.
    Static(&'static StaticTexts),
    /// Written on first read (the labels of rules generated from a table, which start-up would
    /// otherwise fill in for every language although few are ever shown).
    Lazy(Arc<LazyText>),
}

struct LazyText {
    written: OnceLock<Written>,
    write: Box<dyn Fn(Lang) -> String + Send + Sync>,
}

impl Default for Text {
    fn default() -> Self {
        Text(Texts::Written(Arc::new(std::array::from_fn(|_| None))))
    }
}

impl Text {
    /// A text built for each language (e.g. a message filled in from a template).
    pub fn from_fn(f: impl FnMut(Lang) -> String) -> Text {
        Text(Texts::Written(write_all(f)))
    }

    /// A text built for each language by `f` when it is first read.
    pub fn lazy(f: impl Fn(Lang) -> String + Send + Sync + 'static) -> Text {
        Text(Texts::Lazy(Arc::new(LazyText {
            written: OnceLock::new(),
            write: Box::new(f),
        })))
    }

    /// A text compiled into the crate.
    pub(crate) const fn from_static(texts: &'static StaticTexts) -> Text {
        Text(Texts::Static(texts))
    }

    /// The text in `lang` as stored, blank or not.
    fn slot(&self, lang: Lang) -> Option<&str> {
        match &self.0 {
            Texts::Written(w) => w[lang.index()].as_deref(),
            Texts::Lazy(l) => {
                l.written.get_or_init(|| write_all(&l.write))[lang.index()].as_deref()
            }
            Texts::Static(texts) => texts[lang.index()],
        }
    }

    /// The text in `lang`, or in English when `lang` lacks it, or "" when both lack it.
    pub fn get(&self, lang: Lang) -> &str {
        self.written_in(lang)
            .or_else(|| self.written_in(Lang::En))
            .unwrap_or("")
    }

    /// The text in `lang` exactly as written, `None` when that language lacks it.
    pub fn written_in(&self, lang: Lang) -> Option<&str> {
        self.slot(lang).filter(|t| !t.trim().is_empty())
    }

    /// No language written (e.g. a score band the data does not name).
    pub fn is_empty(&self) -> bool {
        Lang::ALL.iter().all(|&l| self.written_in(l).is_none())
    }

    /// Languages this text is not (or only blankly) written in.
    pub fn missing(&self) -> Vec<Lang> {
        Lang::ALL
            .iter()
            .copied()
            .filter(|&l| self.written_in(l).is_none())
            .collect()
    }

    /// The same text in each language, transformed (e.g. wrapped in a sentence).
    pub fn map(&self, mut f: impl FnMut(Lang, &str) -> String) -> Text {
        Text::from_fn(|l| f(l, self.get(l)))
    }

    /// Fills the `{name}` placeholders of the template in `lang` with `args`.
    pub fn fill(&self, lang: Lang, args: &[(&str, &dyn fmt::Display)]) -> String {
        let mut out = self.get(lang).to_string();
        for (name, value) in args {
            out = out.replace(&format!("{{{name}}}"), &value.to_string());
        }
        out
    }

    /// The template filled in every language.
    pub fn filled(&self, args: &[(&str, &dyn fmt::Display)]) -> Text {
        Text::from_fn(|l| self.fill(l, args))
    }
}

fn write_all(mut f: impl FnMut(Lang) -> String) -> Written {
    Arc::new(std::array::from_fn(|i| {
        Some(f(Lang::ALL[i]).into_boxed_str())
    }))
}

// Two texts are equal when they read the same, however they were written.
impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        let same = match (&self.0, &other.0) {
            (Texts::Written(a), Texts::Written(b)) => Arc::ptr_eq(a, b),
            (Texts::Lazy(a), Texts::Lazy(b)) => Arc::ptr_eq(a, b),
            (Texts::Static(a), Texts::Static(b)) => std::ptr::eq(*a, *b),
            _ => false,
        };
        same || Lang::ALL.iter().all(|&l| self.slot(l) == other.slot(l))
    }
}

impl Eq for Text {}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let slots: Vec<Option<&str>> = Lang::ALL.iter().map(|&l| self.slot(l)).collect();
        f.debug_tuple("Text").field(&slots).finish()
    }
}

/// Every text of the embedded rule data (`rules/data/**/*.toml`) that exists in one language and
/// not in another, or whose `{placeholders}` differ from the English ones: one line each, naming
/// the file, the entry and what is missing. Empty when the data is complete.
pub fn missing_translations() -> Vec<String> {
    crate::content::every_file()
        .flat_map(|(file, json)| {
            let value: serde_json::Value = serde_json::from_str(json)
                .unwrap_or_else(|e| panic!("rule data file {file}.toml is not JSON: {e}"));
            missing_in(&format!("{file}.toml"), &value)
        })
        .collect()
}

/// [`missing_translations`] of one data file, read as JSON.
pub fn missing_in(file: &str, value: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    walk(file, value, &mut out);
    out
}

fn placeholders(text: &str) -> Vec<&str> {
    let mut names: Vec<&str> = text
        .split('{')
        .skip(1)
        .filter_map(|p| p.split_once('}').map(|(name, _)| name))
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .collect();
    names.sort_unstable();
    names
}

fn walk(path: &str, value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            let written: Vec<Lang> = Lang::ALL
                .iter()
                .copied()
                .filter(|l| map.get(l.code()).is_some_and(|t| t.is_string()))
                .collect();
            if !written.is_empty() {
                let text = |l: Lang| map.get(l.code()).and_then(|t| t.as_str()).unwrap_or("");
                let name = map
                    .get("id")
                    .or_else(|| map.get("code"))
                    .and_then(|v| v.as_str())
                    .map_or(String::new(), |id| format!(" ({id})"));
                let english = text(written[0]);
                for &lang in Lang::ALL {
                    if text(lang).trim().is_empty() {
                        out.push(format!("{path}{name}: no {lang} text for \"{english}\""));
                    } else if lang != Lang::En
                        && !text(Lang::En).is_empty()
                        && placeholders(text(lang)) != placeholders(text(Lang::En))
                    {
                        out.push(format!(
                            "{path}{name}: the {lang} text does not fill the same placeholders as the en one: \"{}\"",
                            text(lang)
                        ));
                    }
                }
            }
            for (key, v) in map {
                if Lang::CODES.contains(&key.as_str()) {
                    continue;
                }
                let id = v
                    .get("id")
                    .or_else(|| v.get("code"))
                    .and_then(|v| v.as_str())
                    .map_or(String::new(), |id| format!("[{id}]"));
                walk(&format!("{path} {key}{id}"), v, out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                walk(&format!("{path}[{i}]"), v, out);
            }
        }
        _ => {}
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let present: Vec<(Lang, &str)> = Lang::ALL
            .iter()
            .filter_map(|&l| self.written_in(l).map(|t| (l, t)))
            .collect();
        let mut map = s.serialize_map(Some(present.len()))?;
        for (lang, text) in present {
            map.serialize_entry(lang.code(), text)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(
                    f,
                    "a text keyed by language code ({})",
                    Lang::CODES.join(", ")
                )
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                let mut texts: [Option<Box<str>>; Lang::ALL.len()] = std::array::from_fn(|_| None);
                while let Some(code) = map.next_key::<String>()? {
                    let lang = Lang::ALL
                        .iter()
                        .copied()
                        .find(|l| l.code() == code)
                        .ok_or_else(|| de::Error::unknown_field(&code, Lang::CODES))?;
                    texts[lang.index()] = Some(map.next_value::<String>()?.into_boxed_str());
                }
                Ok(Text(Texts::Written(Arc::new(texts))))
            }
        }
        // As a struct whose fields are the language codes: flattened into an entry, it takes
        // only those keys and leaves the entry's other fields to the entry.
        d.deserialize_struct("Text", Lang::CODES, TextVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_of_any_kind_is_two_words() {
        // Results and traces hold many texts: a third word on each was 2.5 % more bytes
        // allocated per evaluation (cargo bench -p rules --bench allocations).
        assert_eq!(
            std::mem::size_of::<Text>(),
            2 * std::mem::size_of::<usize>()
        );
    }

    #[test]
    fn a_lazy_text_is_written_once_when_first_read_and_reads_as_one_written_at_once() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static CALLS: AtomicUsize = AtomicUsize::new(0);
        let lazy = Text::lazy(|l| {
            CALLS.fetch_add(1, Ordering::Relaxed);
            format!("{} label", l.code())
        });
        let copy = lazy.clone();
        assert_eq!(
            CALLS.load(Ordering::Relaxed),
            0,
            "written before it was read"
        );
        let eager = Text::from_fn(|l| format!("{} label", l.code()));
        for &l in Lang::ALL {
            assert_eq!(copy.get(l), eager.get(l));
        }
        assert_eq!(lazy, eager);
        assert_eq!(lazy.written_in(Lang::De), Some("de label"));
        assert_eq!(
            CALLS.load(Ordering::Relaxed),
            Lang::ALL.len(),
            "once per language"
        );
        assert_ne!(lazy, Text::from_fn(|_| "other".into()));
    }

    #[test]
    fn codes_round_trip_and_tags_match_by_primary_subtag() {
        for &lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            let json = serde_json::to_string(&lang).unwrap();
            assert_eq!(serde_json::from_str::<Lang>(&json).unwrap(), lang);
        }
        assert_eq!(Lang::from_code("fr-CA"), Some(Lang::Fr));
        assert_eq!(Lang::from_code("de-DE"), Some(Lang::De));
        assert_eq!(Lang::from_code("DE_at"), Some(Lang::De));
        assert_eq!(Lang::from_code("es"), None);
        assert_eq!(Lang::from_code(""), None);
        assert_eq!(Lang::first_spoken(["es-ES", "de-DE", "en"]), Some(Lang::De));
        assert_eq!(Lang::first_spoken(["es", "it"]), None);
    }

    #[derive(Debug, Deserialize, Serialize)]
    #[serde(deny_unknown_fields)]
    struct Entry {
        code: String,
        #[serde(flatten)]
        label: Text,
        #[serde(default)]
        definition: Option<Text>,
    }

    #[test]
    fn a_flattened_text_takes_the_language_keys_and_leaves_the_rest() {
        let e: Entry = serde_json::from_str(
            r#"{"code": "x", "en": "Cough", "fr": "Toux", "definition": {"en": "A cough."}}"#,
        )
        .unwrap();
        assert_eq!(e.code, "x");
        assert_eq!(e.label.get(Lang::Fr), "Toux");
        assert_eq!(e.label.missing(), vec![Lang::De]);
        assert_eq!(e.label.get(Lang::De), "Cough", "falls back to English");
        let d = e.definition.as_ref().unwrap();
        assert_eq!(d.missing(), vec![Lang::Fr, Lang::De]);
        let back = serde_json::to_value(&e).unwrap();
        assert_eq!(back["en"], "Cough");
        assert_eq!(back["definition"]["en"], "A cough.");
        assert!(back.get("de").is_none());
        // An unknown key is still refused, in the entry and in a nested text.
        assert!(serde_json::from_str::<Entry>(r#"{"code": "x", "en": "a", "es": "b"}"#).is_err());
        assert!(
            serde_json::from_str::<Entry>(r#"{"code": "x", "definition": {"es": "b"}}"#).is_err()
        );
    }

    #[test]
    fn templates_fill_in_every_language() {
        let t: Text = serde_json::from_str(
            r#"{"en": "{n} too long", "fr": "{n} trop long", "de": "{n} zu lang"}"#,
        )
        .unwrap();
        assert_eq!(t.fill(Lang::De, &[("n", &3)]), "3 zu lang");
        assert_eq!(t.filled(&[("n", &4)]).get(Lang::Fr), "4 trop long");
        assert!(t.missing().is_empty());
    }
}
