use super::*;

pub(super) fn pat_impression(rec: &ValidatedRecord, f: &ImpressionFile) -> Option<PatImpression> {
    let sides = [
        rec.pat.appearance,
        rec.pat.work_of_breathing,
        rec.pat.circulation,
    ];
    // An impression needs all three sides: a partial triangle is not a general impression.
    let abnormal: Vec<bool> = sides
        .iter()
        .map(|s| s.map(|s| s == PatSide::Abnormal))
        .collect::<Option<_>>()?;
    let imp = f.impressions.iter().find(|i| {
        i.pattern
            .iter()
            .zip(&abnormal)
            .all(|(p, a)| p.is_none_or(|p| p == *a))
    })?;
    Some(PatImpression {
        code: imp.code.clone(),
        label: imp.label.clone(),
        source: f.source_ref(),
    })
}

/// Evaluates every rule against the record and returns the most urgent level with its trace.
pub fn evaluate(rec: &ValidatedRecord) -> Assessment {
    let set = rule_set();
    let patient = Patient { rec, set };
    let mut trace = Vec::new();
    let mut not_applicable = 0;
    let mut considered: Vec<&Rule> = Vec::new();

    for rule in &set.rules {
        // Second-order modifiers belong to their complaints, but a sign recorded under
        // another complaint is never ignored: the rule also applies when it reads one.
        if !rule.complaints.is_empty() {
            let complaint_matches = rec
                .complaint
                .iter()
                .chain(&rec.other_complaints)
                .any(|c| rule.complaints.iter().any(|x| x == c));
            let reads_recorded_finding = rule.cache.observations.iter().any(|f| rec.is_present(f));
            if !complaint_matches && !reads_recorded_finding {
                not_applicable += 1;
                continue;
            }
        }
        let gate = rule
            .applies
            .as_ref()
            .map_or(Truth::True, |a| a.eval(&patient));
        if gate == Truth::False {
            not_applicable += 1;
            continue;
        }
        let when = rule.when.eval(&patient);
        let outcome = match (gate, when) {
            (_, Truth::False) => Outcome::NotFired,
            (Truth::True, Truth::True) => Outcome::Fired,
            _ => Outcome::Unknown,
        };
        considered.push(rule);
        trace.push(trace_entry(rule, &patient, outcome));
    }

    // Scores and decision rules, from the same record; a score's triage links are traced after
    // the rules (they never enter the what-if: their open items are answers, not measurements).
    let computed = scores::compute(&patient);
    for s in &computed.scores {
        let Some(def) = scores::score_defs().iter().find(|d| d.id == s.id) else {
            continue;
        };
        for link in &def.triage_links {
            trace.push(link_entry(link, def, s));
        }
    }

    let fired_level = trace
        .iter()
        .filter(|e| e.outcome == Outcome::Fired)
        .map(|e| e.level)
        .min();
    let lf = &set.levels;
    let level = fired_level.unwrap_or(lf.default_level);
    let deciding_rules: Vec<&'static str> = trace
        .iter()
        .filter(|e| e.outcome == Outcome::Fired && e.level == level)
        .map(|e| e.rule_id)
        .collect();
    let default_reason = fired_level.is_none().then(|| DefaultReason {
        text: lf.default_reason.clone(),
        reference_section: lf.reference_section.clone(),
        evidence: lf.default_evidence,
    });

    let mut what_if: Vec<WhatIf> = Vec::new();
    for (entry, rule) in trace.iter().zip(&considered) {
        // A what-if is a measurement not taken; an observation not answered is shown where it
        // is asked (its score or rule lists it missing), as the score links are.
        if entry.outcome != Outcome::Unknown
            || entry.level >= level
            || !rule.suggest_if_unmeasured
            || entry.missing.is_empty()
        {
            continue;
        }
        let Some(open) = rule
            .criterion()
            .and_then(|c| c.residual_condition(&patient))
        else {
            continue;
        };
        match what_if
            .iter_mut()
            .find(|w| w.missing == entry.missing && w.level == entry.level)
        {
            Some(w) => {
                if !w.conditions.contains(&open) {
                    w.conditions.push(open);
                }
                w.rule_ids.push(entry.rule_id);
            }
            None => what_if.push(WhatIf {
                missing: entry.missing.clone(),
                conditions: vec![open],
                level: entry.level,
                rule_ids: vec![entry.rule_id],
            }),
        }
    }

    what_if.sort_by(|a, b| {
        a.level
            .cmp(&b.level)
            .then_with(|| a.missing.cmp(&b.missing))
    });

    let level_info = lf
        .levels
        .iter()
        .find(|l| l.level == level)
        .map(|l| level_from(lf, l))
        // The data test checks that levels 1–5 are all defined; this is never reached.
        .unwrap_or_else(|| TriageLevel {
            level,
            label: Text::default(),
            target_minutes: 0,
            reassess_minutes: None,
            reassess_evidence: Evidence::Unverified,
            source: lf.source_ref(),
        });

    Assessment {
        level,
        level_info,
        deciding_rules,
        default_reason,
        is_final: what_if.is_empty(),
        what_if,
        pat_impression: pat_impression(rec, &set.impressions),
        trace,
        rules_not_applicable: not_applicable,
        ruleset_hash: content::ruleset_hash().to_string(),
        scores: computed.scores,
        decision_rules: computed.decision_rules,
        scores_not_applicable: computed.not_applicable,
    }
}
