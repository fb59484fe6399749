//! When a child on the waiting-room board is due: seen by a physician and reassessed, from the
//! levels' own times (`levels.toml`: `target_minutes`, `reassess_minutes`). Times are
//! milliseconds since the Unix epoch, as the browser's clock gives them; nothing here reads a
//! clock.
//!
//! Two choices, both on the side of the more urgent child:
//! - a child assessed several times must be seen by the **earliest** deadline any of its
//!   assessments set (a level that went down does not give back time already promised; one that
//!   went up brings the deadline forward);
//! - the next reassessment is due one interval (of the **latest** level) after the latest
//!   assessment; a level whose interval is 0 is reassessed continuously, never "due later".

use super::*;

const MINUTE_MS: i64 = 60_000;

/// One assessment of a child: when, and the level it gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assessed {
    pub at_ms: i64,
    pub level: u8,
}

/// When the next reassessment is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reassess {
    /// The level asks for continuous observation (interval 0).
    Continuous,
    At(i64),
    /// The level's source gives no interval.
    NotGiven,
}

/// The deadlines of a child's episode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    /// The level of the latest assessment.
    pub level: u8,
    /// The earliest "seen by a physician" time any assessment set.
    pub seen_by_ms: i64,
    pub reassess: Reassess,
}

impl Due {
    /// How late the child is at `now_ms` (0 when nothing is overdue): the larger of the two
    /// overruns. A continuously observed child is never "late" for a reassessment.
    pub fn overdue_ms(&self, now_ms: i64) -> i64 {
        let seen = now_ms - self.seen_by_ms;
        let reassess = match self.reassess {
            Reassess::At(t) => now_ms - t,
            Reassess::Continuous | Reassess::NotGiven => 0,
        };
        seen.max(reassess).max(0)
    }

    /// The sooner of the two deadlines still ahead or passed, for ordering children of the same
    /// level (the one whose deadline comes first goes first).
    pub fn next_deadline_ms(&self) -> i64 {
        match self.reassess {
            Reassess::At(t) => t.min(self.seen_by_ms),
            Reassess::Continuous | Reassess::NotGiven => self.seen_by_ms,
        }
    }
}

/// The deadlines of an episode, its assessments in any order; `None` without an assessment or
/// with a level the scale does not have.
pub fn due(assessments: &[Assessed]) -> Option<Due> {
    let levels = &rule_set().levels.levels;
    let level_def = |n: u8| levels.iter().find(|l| l.level == n);
    let mut seen_by_ms = i64::MAX;
    for a in assessments {
        let l = level_def(a.level)?;
        seen_by_ms = seen_by_ms.min(a.at_ms + i64::from(l.target_minutes) * MINUTE_MS);
    }
    let latest = assessments.iter().max_by_key(|a| a.at_ms)?;
    let reassess = match level_def(latest.level)?.reassess_minutes {
        Some(0) => Reassess::Continuous,
        Some(m) => Reassess::At(latest.at_ms + i64::from(m) * MINUTE_MS),
        None => Reassess::NotGiven,
    };
    Some(Due {
        level: latest.level,
        seen_by_ms,
        reassess,
    })
}

/// The board's order: most urgent level first; within a level, the most overdue first, then the
/// one whose next deadline comes first.
pub fn board_order(a: &Due, b: &Due, now_ms: i64) -> std::cmp::Ordering {
    a.level
        .cmp(&b.level)
        .then(b.overdue_ms(now_ms).cmp(&a.overdue_ms(now_ms)))
        .then(a.next_deadline_ms().cmp(&b.next_deadline_ms()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn level(n: u8) -> TriageLevel {
        levels().into_iter().find(|l| l.level == n).unwrap()
    }

    fn min(n: i64) -> i64 {
        n * MINUTE_MS
    }

    #[test]
    fn deadlines_come_from_the_level_data() {
        for l in levels() {
            let d = due(&[Assessed {
                at_ms: min(1000),
                level: l.level,
            }])
            .unwrap();
            assert_eq!(d.level, l.level);
            assert_eq!(d.seen_by_ms, min(1000 + i64::from(l.target_minutes)));
            let expected = match l.reassess_minutes {
                Some(0) => Reassess::Continuous,
                Some(m) => Reassess::At(min(1000 + i64::from(m))),
                None => Reassess::NotGiven,
            };
            assert_eq!(d.reassess, expected, "level {}", l.level);
        }
        assert_eq!(due(&[]), None);
        assert_eq!(due(&[Assessed { at_ms: 0, level: 9 }]), None);
    }

    #[test]
    fn a_child_that_got_worse_is_due_sooner_and_one_that_got_better_keeps_its_deadline() {
        let (three, two) = (level(3), level(2));
        let worse = due(&[
            Assessed {
                at_ms: min(0),
                level: 3,
            },
            Assessed {
                at_ms: min(10),
                level: 2,
            },
        ])
        .unwrap();
        assert_eq!(worse.level, 2);
        let by_three = i64::from(three.target_minutes);
        let by_two = 10 + i64::from(two.target_minutes);
        assert_eq!(worse.seen_by_ms, min(by_three.min(by_two)));
        let better = due(&[
            Assessed {
                at_ms: min(10),
                level: 3,
            },
            Assessed {
                at_ms: min(0),
                level: 2,
            },
        ])
        .unwrap();
        assert_eq!(
            better.level, 3,
            "the latest assessment's level, whatever the order given"
        );
        assert_eq!(
            better.seen_by_ms,
            min(i64::from(two.target_minutes).min(10 + by_three))
        );
    }

    #[test]
    fn overdue_and_order() {
        let at = |m: i64, l: u8| {
            due(&[Assessed {
                at_ms: min(m),
                level: l,
            }])
            .unwrap()
        };
        let two = at(0, 2);
        let t2 = i64::from(level(2).target_minutes);
        assert_eq!(two.overdue_ms(min(t2)), 0);
        assert_eq!(two.overdue_ms(min(t2 + 5)), min(5));
        // Same level: the one assessed earlier is due earlier and goes first; a more urgent
        // level goes before both, whatever the times.
        let later_two = at(5, 2);
        let four = at(-500, 4);
        let mut list = [four, later_two, two];
        list.sort_by(|a, b| board_order(a, b, min(0)));
        assert_eq!(list, [two, later_two, four]);
        let one = at(100, 1);
        assert_eq!(one.reassess, Reassess::Continuous);
        assert_eq!(board_order(&one, &two, min(200)), std::cmp::Ordering::Less);
    }
}
