//! The waiting-room board as stored: one episode per child triaged on this device (the label the
//! nurse gave, when it was opened, whether it was closed and how). The assessments themselves are
//! the audit records (each names its episode); the board keeps no copy of them.

use serde::{Deserialize, Serialize};

/// 1: the first format.
pub const FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoardFile {
    pub format: u32,
    pub episodes: Vec<Episode>,
}

/// One child's stay, from the first saved assessment until "seen" or "left".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Episode {
    pub id: String,
    /// A display name or bed/cubicle label typed by the nurse; may be empty.
    pub label: String,
    /// ISO 8601, UTC: when the first assessment was saved (arrival on the board).
    pub opened_at: String,
    #[serde(default)]
    pub closed: Option<Closed>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Closed {
    pub how: ClosedHow,
    /// ISO 8601, UTC.
    pub at: String,
}

/// Why a row left the board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClosedHow {
    /// Seen by a physician.
    Seen,
    /// Left the department (with or without being seen).
    Left,
}

/// The child on the triage form, as the draft keeps it: which episode it belongs to once saved
/// once, and the label typed for it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoardChild {
    #[serde(default)]
    pub episode_id: Option<String>,
    #[serde(default)]
    pub label: String,
}

impl BoardChild {
    pub fn is_empty(&self) -> bool {
        self.episode_id.is_none() && self.label.trim().is_empty()
    }
}

/// Reads the stored board. A later format or damaged text is refused with the reason (the
/// caller keeps the text aside; nothing is dropped silently).
pub fn parse(text: &str) -> Result<BoardFile, String> {
    let v: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("the board cannot be read: {e}"))?;
    match v.get("format").and_then(serde_json::Value::as_u64) {
        Some(n) if n == u64::from(FORMAT) => {}
        Some(n) => {
            return Err(format!(
                "board format {n} was written by another version of the app (this one reads {FORMAT})"
            ));
        }
        None => return Err("not a board (no format)".into()),
    }
    serde_json::from_value(v).map_err(|e| format!("the board cannot be read: {e}"))
}

pub fn text(episodes: &[Episode]) -> String {
    serde_json::to_string(&BoardFile {
        format: FORMAT,
        episodes: episodes.to_vec(),
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_board_reads_back_and_a_later_or_damaged_one_is_refused() {
        let episodes = vec![
            Episode {
                id: "e1".into(),
                label: "Box 3".into(),
                opened_at: "2026-12-04T08:00:00.000Z".into(),
                closed: None,
            },
            Episode {
                id: "e2".into(),
                label: String::new(),
                opened_at: "2026-12-04T08:05:00.000Z".into(),
                closed: Some(Closed {
                    how: ClosedHow::Left,
                    at: "2026-12-04T09:00:00.000Z".into(),
                }),
            },
        ];
        let stored = text(&episodes);
        assert_eq!(parse(&stored).unwrap().episodes, episodes);
        assert!(stored.contains(r#""how":"left""#));
        let later = stored.replace(r#""format":1"#, r#""format":2"#);
        assert!(parse(&later).unwrap_err().contains("another version"));
        assert!(parse("{").is_err());
        assert!(parse("[]").unwrap_err().contains("no format"));
    }
}
