use super::*;
use crate::catalog;
use std::collections::HashSet;

#[test]
fn every_score_is_cited_with_bands_covering_its_range() {
    let mut ids = HashSet::new();
    for s in score_defs() {
        assert!(ids.insert(s.id.as_str()), "duplicate id {}", s.id);
        assert!(
            s.version >= 1
                && s.label.written_in(Lang::En).is_some()
                && s.label.written_in(Lang::Fr).is_some(),
            "{}",
            s.id
        );
        assert!(!s.source.is_empty(), "{}", s.id);
        assert!(
            s.reference_section.starts_with("REFERENCE.md §") || s.evidence == Evidence::Unverified,
            "{}: a score outside REFERENCE must be UNVERIFIED",
            s.id
        );
        let mut item_ids = HashSet::new();
        for i in &s.items {
            assert!(item_ids.insert(&i.id), "{}: duplicate item {}", s.id, i.id);
            assert!(
                !i.points.is_empty()
                    && i.label.written_in(Lang::En).is_some()
                    && i.label.written_in(Lang::Fr).is_some()
            );
            assert!(
                i.points.windows(2).all(|w| w[0].points >= w[1].points),
                "{}.{}: point bands must be listed most points first",
                s.id,
                i.id
            );
        }
        let (lo, hi) = s.range();
        assert!(!s.bands.is_empty(), "{}", s.id);
        assert_eq!(
            s.bands[0].min, lo,
            "{}: first band starts at the minimum",
            s.id
        );
        assert_eq!(
            s.bands.last().map(|b| b.max),
            Some(hi),
            "{}: last band ends at the maximum",
            s.id
        );
        for w in s.bands.windows(2) {
            assert_eq!(
                w[1].min,
                w[0].max + 1,
                "{}: bands {} and {} not contiguous",
                s.id,
                w[0].id,
                w[1].id
            );
        }
        for b in &s.bands {
            assert!(
                b.min <= b.max
                    && b.label.written_in(Lang::En).is_some()
                    && b.label.written_in(Lang::Fr).is_some(),
                "{}.{}",
                s.id,
                b.id
            );
        }
        for l in &s.triage_links {
            assert!((1..=5).contains(&l.level), "{}", l.id);
            assert!(
                l.total_at_least.is_some() || l.total_at_most.is_some(),
                "{}",
                l.id
            );
            assert!(ids.insert(l.id.as_str()), "duplicate id {}", l.id);
            // A link reads its score in the score's own direction of severity.
            if s.higher_is_worse {
                assert!(
                    l.total_at_least.is_some() && l.total_at_most.is_none(),
                    "{}",
                    l.id
                );
            } else {
                assert!(
                    l.total_at_most.is_some() && l.total_at_least.is_none(),
                    "{}",
                    l.id
                );
            }
        }
        // A more severe threshold never gives a less urgent level.
        for a in &s.triage_links {
            for b in &s.triage_links {
                let a_more_severe = match (a.total_at_least, b.total_at_least) {
                    (Some(x), Some(y)) => x > y,
                    _ => a.total_at_most.unwrap_or(i32::MAX) < b.total_at_most.unwrap_or(i32::MAX),
                };
                if a_more_severe {
                    assert!(a.level <= b.level, "{} vs {}", a.id, b.id);
                }
            }
        }
    }
}

/// Complaint codes a population names, and where.
fn complaint_codes(c: &Cond, out: &mut Vec<String>) {
    complaint_codes_base(c, out)
}

fn complaint_codes_base(c: &Condition, out: &mut Vec<String>) {
    use crate::criteria::{All, Any, Input, OneOf};
    match c {
        Condition::OneOf(OneOf {
            input: Input::Complaint,
            one_of,
        }) => out.extend(one_of.iter().cloned()),
        Condition::All(All { all: parts }) | Condition::Any(Any { any: parts }) => {
            parts.iter().for_each(|p| complaint_codes_base(p, out))
        }
        _ => {}
    }
}

#[test]
fn every_population_requirement_is_worded_cited_and_valid() {
    let pops = score_defs()
        .iter()
        .map(|s| (&s.id, &s.population))
        .chain(decision_rule_defs().iter().map(|r| (&r.id, &r.population)));
    for (id, pop) in pops {
        let mut ids = HashSet::new();
        for r in pop {
            assert!(ids.insert(&r.id), "{id}: duplicate requirement {}", r.id);
            assert!(
                r.label.written_in(Lang::En).is_some() && r.label.written_in(Lang::Fr).is_some(),
                "{id}.{}",
                r.id
            );
            assert!(
                r.note.contains('§') || r.note.contains("UNVERIFIED"),
                "{id}.{}: the note names the REFERENCE section",
                r.id
            );
            for c in std::iter::once(&r.when).chain(r.unless.iter()) {
                let mut codes = Vec::new();
                complaint_codes(c, &mut codes);
                for code in codes {
                    assert!(
                        catalog::complaint(&code).is_some(),
                        "{id}.{}: complaint {code}",
                        r.id
                    );
                }
            }
        }
    }
}

#[test]
fn every_rule_out_feature_can_be_answered_explicitly() {
    // A rule-out rule gives its low-risk outcome only on explicit answers: a feature that
    // reads findings only could never be answered absent.
    for r in decision_rule_defs()
        .iter()
        .filter(|r| r.kind == RuleKind::RuleOut)
    {
        for g in &r.groups {
            for feat in &g.features {
                let mut keys = Vec::new();
                ReadKey::of(&feat.when, &mut keys);
                assert!(
                    keys.iter().any(|k| match k {
                        ReadKey::Input(_) => true,
                        ReadKey::Observation(c, _) => {
                            vocabulary::observation(c).is_some_and(|d| !d.closed_world)
                        }
                    }),
                    "{}.{} reads closed-world danger signs only",
                    r.id,
                    feat.id
                );
            }
        }
        assert!(r.otherwise.features.is_empty(), "{}", r.id);
    }
}

#[test]
fn every_decision_rule_is_cited_with_distinct_outcomes() {
    let mut ids: HashSet<&str> = score_defs().iter().map(|s| s.id.as_str()).collect();
    for r in decision_rule_defs() {
        assert!(ids.insert(r.id.as_str()), "duplicate id {}", r.id);
        assert!(r.version >= 1 && !r.source.is_empty(), "{}", r.id);
        assert!(
            r.reference_section.starts_with("REFERENCE.md §"),
            "{}",
            r.id
        );
        assert!(!r.groups.is_empty(), "{}", r.id);
        let mut groups = HashSet::new();
        let mut features = HashSet::new();
        for g in r.groups.iter().chain(std::iter::once(&r.otherwise)) {
            assert!(groups.insert(&g.id), "{}: duplicate group {}", r.id, g.id);
            assert!(
                [&g.label, &g.recommendation].iter().all(|t| {
                    t.written_in(Lang::En).is_some() && t.written_in(Lang::Fr).is_some()
                })
            );
            for f in &g.features {
                assert!(
                    features.insert(&f.id),
                    "{}: duplicate feature {}",
                    r.id,
                    f.id
                );
            }
        }
        for g in &r.groups {
            assert!(!g.features.is_empty(), "{}.{} has no feature", r.id, g.id);
        }
    }
}
