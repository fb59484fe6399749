//! A child's vital signs and level over its assessments: one small SVG chart per vital sign,
//! drawn against the centile ranges `rules` holds for the child's age (the extreme and the
//! central one, for heart and breathing rate), then the level over time, then the same figures
//! as a table (the text equivalent a screen reader reads, and a nurse can too).
//!
//! Drawn by hand: a chart is a few rectangles, a line and dots in a `viewBox`, which Leptos's
//! `view!` writes directly; a plotting crate would add code to a bundle the speed-and-size work
//! is cutting.

use crate::i18n::{centile_range, t};
use crate::io::clock;
use crate::state::board::Assessment;
use crate::state::fields::{age_of, format_number};
use leptos::prelude::*;
use rules::{CentileRange, Lang, PatientRecord, VitalRanges};

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 120.0;
const LEFT: f64 = 36.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 22.0;

/// One vital sign's chart.
struct Chart {
    id: &'static str,
    label_key: &'static str,
    unit: &'static str,
    points: Vec<(i64, f64)>,
    /// The extreme and the central centile ranges for the child's age.
    bands: Option<Bands>,
}

/// One range drawn behind the points: its values (low, high) and which centiles they are.
#[derive(Clone, Copy)]
struct Band {
    values: (f64, f64),
    centiles: [u8; 2],
}

#[derive(Clone, Copy)]
struct Bands {
    outer: Band,
    inner: Band,
}

fn bands_of(ranges: &VitalRanges, range: &CentileRange) -> Option<Bands> {
    let band = |centiles: [u8; 2]| {
        let (low, high) = range.between(centiles)?;
        Some(Band {
            values: (f64::from(low), f64::from(high)),
            centiles,
        })
    };
    Some(Bands {
        outer: band(ranges.extreme_centiles)?,
        inner: band(ranges.central_centiles)?,
    })
}

fn charts(history: &[Assessment]) -> Vec<Chart> {
    let latest_age = history
        .last()
        .and_then(|a| age_of(&a.record))
        .and_then(Result::ok);
    let ranges = latest_age.and_then(rules::centile_ranges_for_age);
    let series = |read: fn(&PatientRecord) -> Option<f64>| -> Vec<(i64, f64)> {
        history
            .iter()
            .filter_map(|a| Some((a.at_ms, read(&a.record)?)))
            .collect()
    };
    vec![
        Chart {
            id: "heart-rate",
            label_key: "field.heart_rate_per_min",
            unit: "/min",
            points: series(|r| r.vitals.heart_rate_per_min),
            bands: ranges
                .as_ref()
                .and_then(|r| bands_of(r, &r.heart_rate_per_min)),
        },
        Chart {
            id: "resp-rate",
            label_key: "field.respiratory_rate_per_min",
            unit: "/min",
            points: series(|r| r.vitals.respiratory_rate_per_min),
            bands: ranges
                .as_ref()
                .and_then(|r| bands_of(r, &r.respiratory_rate_per_min)),
        },
        Chart {
            id: "spo2",
            label_key: "field.spo2_percent",
            unit: "%",
            points: series(|r| r.vitals.spo2_percent),
            bands: None,
        },
        Chart {
            id: "temperature",
            label_key: "field.temperature_c",
            unit: "°C",
            points: series(|r| r.vitals.temperature_c),
            bands: None,
        },
    ]
    .into_iter()
    .filter(|c| !c.points.is_empty())
    .collect()
}

/// Maps times and values onto the chart's box.
struct Scale {
    t0: i64,
    t1: i64,
    lo: f64,
    hi: f64,
}

impl Scale {
    fn x(&self, t: i64) -> f64 {
        if self.t1 == self.t0 {
            return LEFT + (WIDTH - LEFT - RIGHT) / 2.0;
        }
        LEFT + (t - self.t0) as f64 / (self.t1 - self.t0) as f64 * (WIDTH - LEFT - RIGHT)
    }

    fn y(&self, v: f64) -> f64 {
        TOP + (self.hi - v) / (self.hi - self.lo) * (HEIGHT - TOP - BOTTOM)
    }
}

fn chart_view(lang: Lang, chart: Chart) -> impl IntoView {
    let t0 = chart.points.iter().map(|p| p.0).min().unwrap_or(0);
    let t1 = chart.points.iter().map(|p| p.0).max().unwrap_or(0);
    let mut lo = chart.points.iter().map(|p| p.1).fold(f64::MAX, f64::min);
    let mut hi = chart.points.iter().map(|p| p.1).fold(f64::MIN, f64::max);
    if let Some(bands) = chart.bands {
        lo = lo.min(bands.outer.values.0);
        hi = hi.max(bands.outer.values.1);
    }
    let pad = ((hi - lo) * 0.1).max(1.0);
    let s = Scale {
        t0,
        t1,
        lo: lo - pad,
        hi: hi + pad,
    };
    let band = |band: Band, class: &'static str| {
        let (b_lo, b_hi) = band.values;
        let (y_hi, y_lo) = (s.y(b_hi), s.y(b_lo));
        view! {
            <rect class=class x=LEFT y=y_hi width=WIDTH - LEFT - RIGHT height=y_lo - y_hi
                data-low=b_lo.to_string() data-high=b_hi.to_string() />
        }
    };
    let bands = chart
        .bands
        .map(|b| view! { {band(b.outer, "band-outer")} {band(b.inner, "band-inner")} });
    let line: String = chart
        .points
        .iter()
        .map(|(t, v)| format!("{:.1},{:.1}", s.x(*t), s.y(*v)))
        .collect::<Vec<_>>()
        .join(" ");
    let dots = chart
        .points
        .iter()
        .map(|(t, v)| view! { <circle class="point" cx=s.x(*t) cy=s.y(*v) r="4" data-value=v.to_string() /> })
        .collect_view();
    let label = t(lang, chart.label_key);
    let values: Vec<String> = chart.points.iter().map(|p| format_number(p.1)).collect();
    let mut summary = format!("{label}: {} {}", values.join(" → "), chart.unit);
    if let Some(Bands { outer, inner }) = chart.bands {
        let (i_lo, i_hi) = inner.values;
        let (o_lo, o_hi) = outer.values;
        summary.push_str(&format!(
            "; {} {i_lo}–{i_hi}, {} {o_lo}–{o_hi} {}",
            centile_range(lang, inner.centiles),
            centile_range(lang, outer.centiles),
            chart.unit
        ));
    }
    let (y_top, y_bottom) = (format_number(s.hi.round()), format_number(s.lo.round()));
    view! {
        <figure class="trend" id=format!("trend-{}", chart.id)>
            <figcaption>{label.clone()} " (" {chart.unit} ")"</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=summary class="trend-chart">
                {bands}
                <line class="axis" x1=LEFT y1=TOP x2=LEFT y2=HEIGHT - BOTTOM />
                <text class="tick" x=LEFT - 4.0 y=TOP + 4.0 text-anchor="end">{y_top}</text>
                <text class="tick" x=LEFT - 4.0 y=HEIGHT - BOTTOM text-anchor="end">{y_bottom}</text>
                <polyline class="series" points=line />
                {dots}
                <text class="tick" x=LEFT y=HEIGHT - 6.0>{clock::time_of_day(t0)}</text>
                <text class="tick" x=WIDTH - RIGHT y=HEIGHT - 6.0 text-anchor="end">{clock::time_of_day(t1)}</text>
            </svg>
        </figure>
    }
}

/// The level over time: 1 at the top, 5 at the bottom.
fn level_chart(lang: Lang, history: &[Assessment]) -> impl IntoView + use<> {
    let t0 = history.first().map(|a| a.at_ms).unwrap_or(0);
    let t1 = history.last().map(|a| a.at_ms).unwrap_or(0);
    let s = Scale {
        t0,
        t1,
        lo: 5.5,
        hi: 0.5,
    };
    // `y` maps `hi` to the top: with hi < lo, level 1 is drawn at the top.
    let y = |l: u8| TOP + (f64::from(l) - s.hi) / (s.lo - s.hi) * (HEIGHT - TOP - BOTTOM);
    let line: String = history
        .iter()
        .map(|a| format!("{:.1},{:.1}", s.x(a.at_ms), y(a.level)))
        .collect::<Vec<_>>()
        .join(" ");
    let dots = history
        .iter()
        .map(|a| {
            view! {
                <circle class=format!("point level-dot-{}", a.level) cx=s.x(a.at_ms) cy=y(a.level) r="5" data-value=a.level.to_string() />
            }
        })
        .collect_view();
    let levels: Vec<String> = history.iter().map(|a| a.level.to_string()).collect();
    let summary = format!("{}: {}", t(lang, "board.levels"), levels.join(" → "));
    let ticks = (1u8..=5)
        .map(
            |l| view! { <text class="tick" x=LEFT - 6.0 y=y(l) + 4.0 text-anchor="end">{l}</text> },
        )
        .collect_view();
    view! {
        <figure class="trend" id="trend-level">
            <figcaption>{t(lang, "board.levels")}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=summary class="trend-chart">
                {ticks}
                <line class="axis" x1=LEFT y1=TOP x2=LEFT y2=HEIGHT - BOTTOM />
                <polyline class="series" points=line />
                {dots}
            </svg>
        </figure>
    }
}

/// The table of the same figures: one row per assessment.
fn table(lang: Lang, history: &[Assessment]) -> impl IntoView + use<> {
    let cell = |v: Option<f64>| v.map(format_number).unwrap_or_else(|| "—".into());
    let rows = history
        .iter()
        .map(|a| {
            let v = &a.record.vitals;
            view! {
                <tr>
                    <th scope="row">{clock::time_of_day(a.at_ms)}</th>
                    <td>{a.level}</td>
                    <td>{cell(v.heart_rate_per_min)}</td>
                    <td>{cell(v.respiratory_rate_per_min)}</td>
                    <td>{cell(v.spo2_percent)}</td>
                    <td>{cell(v.temperature_c)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="ranges trend-table">
            <caption>{t(lang, "trends.table")}</caption>
            <thead>
                <tr>
                    <th scope="col">{t(lang, "trends.time")}</th>
                    <th scope="col">{t(lang, "level.label")}</th>
                    <th scope="col">{t(lang, "field.heart_rate_per_min")}</th>
                    <th scope="col">{t(lang, "field.respiratory_rate_per_min")}</th>
                    <th scope="col">{t(lang, "field.spo2_percent")}</th>
                    <th scope="col">{t(lang, "field.temperature_c")}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The trends of one child, oldest assessment first.
pub fn trends_view(lang: Lang, history: &[Assessment]) -> impl IntoView + use<> {
    let charts = charts(history)
        .into_iter()
        .map(|c| chart_view(lang, c))
        .collect_view();
    view! {
        <div class="trends">
            <div class="trend-charts">
                {charts}
                {level_chart(lang, history)}
            </div>
            {table(lang, history)}
        </div>
    }
}
