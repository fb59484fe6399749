use super::*;

pub(super) fn score_item(item: &'static ItemDef, f: &dyn Facts) -> ScoreItemResult {
    let mut keys = Vec::new();
    for b in &item.points {
        ReadKey::of(&b.when, &mut keys);
    }
    let read = keys.iter().map(|k| read_value(k, f)).collect();
    // The lowest and highest points of the bands still open (no list: only the range matters).
    let mut unknown: Option<(i32, i32)> = None;
    let mut fired: Option<&PointBand> = None;
    for band in &item.points {
        match band.when.eval(f) {
            Truth::True => {
                fired = Some(band);
                break;
            }
            Truth::Unknown => {
                let p = band.points;
                unknown = Some(unknown.map_or((p, p), |(lo, hi)| (lo.min(p), hi.max(p))));
            }
            Truth::False => {}
        }
    }
    let (points, lo, hi, band) = match (fired, unknown) {
        (Some(b), None) => (Some(b.points), b.points, b.points, Some(b)),
        (None, None) => {
            let p = item.otherwise.unwrap_or(0);
            (Some(p), p, p, None)
        }
        (Some(b), Some((lo, hi))) => (None, lo.min(b.points), hi.max(b.points), None),
        (None, Some((lo, hi))) => match item.fallback() {
            Some(p) => (None, lo.min(p), hi.max(p), None),
            None => (None, lo, hi, None),
        },
    };
    ScoreItemResult {
        item: &item.id,
        label: item.label.clone(),
        read,
        missing: points.is_none(),
        points,
        min_points: lo,
        max_points: hi,
        band: band
            .filter(|b| !b.label.is_empty())
            .map(|b| b.label.clone()),
    }
}

pub(super) fn compute_score(def: &'static ScoreDef, f: &dyn Facts) -> ScoreResult {
    let items: Vec<ScoreItemResult> = def.items.iter().map(|i| score_item(i, f)).collect();
    let total = items.iter().filter_map(|i| i.points).sum();
    let min_possible = items.iter().map(|i| i.min_points).sum();
    let max_possible = items.iter().map(|i| i.max_points).sum();
    let possible: Vec<&ScoreBand> = def
        .bands
        .iter()
        .filter(|b| b.max >= min_possible && b.min <= max_possible)
        .collect();
    let band = match possible.as_slice() {
        [only] => Some(*only),
        _ => None,
    };
    ScoreResult {
        id: &def.id,
        version: def.version,
        label: def.label.clone(),
        complete: items.iter().all(|i| !i.missing),
        items,
        total,
        min_possible,
        max_possible,
        band,
        possible_bands: possible.iter().map(|b| b.id.as_str()).collect(),
        bands_source: def.bands_source.as_deref(),
        source: def.source_ref(),
        alternatives: &def.alternatives,
        note: def.note.as_deref(),
        avpu: def
            .avpu_crosswalk
            .then(|| avpu_of(min_possible, max_possible)),
    }
}

pub(super) fn outcome_of(g: &'static GroupDef) -> DecisionOutcome {
    DecisionOutcome {
        id: &g.id,
        label: g.label.clone(),
        recommendation: g.recommendation.clone(),
        risk: g.risk.as_deref(),
    }
}

/// Whether a feature of a rule-out rule is answered: true, or false on an explicit answer or a
/// measured input. A closed-world danger sign not ticked ("not seen") may show a feature present,
/// but its absence alone never rules anything out; an open-world observation not answered leaves
/// the feature open.
pub(super) fn explicitly_answered(feat: &FeatureDef, f: &dyn Facts) -> bool {
    let mut keys = Vec::new();
    ReadKey::of(&feat.when, &mut keys);
    let mut explicit = false;
    for k in &keys {
        match k {
            ReadKey::Observation(code, entry) if f.observation_read(code, entry).1 => {
                explicit = true
            }
            ReadKey::Observation(code, entry) if entry.of(code).is_some_and(|d| d.closed_world) => {
            }
            ReadKey::Observation(..) => return false,
            ReadKey::Input(_) => explicit = true,
        }
    }
    explicit
}

pub(super) fn compute_rule(def: &'static DecisionRuleDef, f: &dyn Facts) -> DecisionRuleResult {
    let rule_out = def.kind == RuleKind::RuleOut;
    let mut features = Vec::new();
    let mut settled_at: Option<&'static GroupDef> = None;
    let mut possible: Vec<&'static GroupDef> = Vec::new();
    let mut missing = Vec::new();
    // One buffer for every feature's read keys.
    let mut keys = Vec::new();
    for g in def.groups.iter().chain(std::iter::once(&def.otherwise)) {
        let mut any_true = false;
        let mut any_unknown = false;
        for feat in &g.features {
            let mut t = feat.when.eval(f);
            if rule_out && t == Truth::False && !explicitly_answered(feat, f) {
                t = Truth::Unknown;
            }
            any_true |= t == Truth::True;
            any_unknown |= t == Truth::Unknown;
            if t == Truth::Unknown {
                missing.push(feat.id.as_str());
            }
            keys.clear();
            ReadKey::of(&feat.when, &mut keys);
            features.push(FeatureResult {
                feature: &feat.id,
                group: &g.id,
                label: feat.label.clone(),
                read: keys.iter().map(|k| read_value(k, f)).collect(),
                present: match t {
                    Truth::True => Some(true),
                    Truth::False => Some(false),
                    Truth::Unknown => None,
                },
                missing: t == Truth::Unknown,
                criterion: &feat.criterion,
            });
        }
        let is_otherwise = std::ptr::eq(g, &def.otherwise);
        if settled_at.is_none() {
            if any_true || is_otherwise {
                settled_at = Some(g);
                possible.push(g);
            } else if any_unknown {
                possible.push(g);
            }
        }
    }
    let outcome = match possible.as_slice() {
        [only] => Some(outcome_of(only)),
        _ => None,
    };
    DecisionRuleResult {
        id: &def.id,
        version: def.version,
        label: def.label.clone(),
        rule_out,
        features,
        outcome,
        missing,
        worst_possible: possible.first().map(|g| outcome_of(g)),
        possible_outcomes: possible.iter().map(|g| g.id.as_str()).collect(),
        source: def.source_ref(),
        alternatives: &def.alternatives,
        note: def.note.as_deref(),
    }
}

pub(crate) struct Computed {
    pub scores: Vec<ScoreResult>,
    pub decision_rules: Vec<DecisionRuleResult>,
    pub not_applicable: Vec<NotApplicable>,
}

pub(crate) fn compute(f: &dyn Facts) -> Computed {
    let defs = definitions();
    let mut out = Computed {
        scores: Vec::new(),
        decision_rules: Vec::new(),
        not_applicable: Vec::new(),
    };
    for d in &defs.scores {
        match population_check(&d.id, "score", &d.label, &d.population, f) {
            None => out.scores.push(compute_score(d, f)),
            Some(n) => out.not_applicable.push(n),
        }
    }
    for d in &defs.decision_rules {
        match population_check(&d.id, "decision_rule", &d.label, &d.population, f) {
            None => out.decision_rules.push(compute_rule(d, f)),
            Some(n) => out.not_applicable.push(n),
        }
    }
    out
}

/// Whether a link fires on a score's range of possible totals.
pub(crate) fn link_fires(link: &TriageLink, s: &ScoreResult) -> bool {
    link.total_at_least.is_none_or(|lo| s.min_possible >= lo)
        && link.total_at_most.is_none_or(|hi| s.max_possible <= hi)
}

/// Whether a link could still fire once the missing items are answered.
pub(crate) fn link_possible(link: &TriageLink, s: &ScoreResult) -> bool {
    link.total_at_least.is_none_or(|lo| s.max_possible >= lo)
        && link.total_at_most.is_none_or(|hi| s.min_possible <= hi)
}
