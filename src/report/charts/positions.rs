//! Charts of the expected-utility model (docs/expected-utility.md): the actors'
//! positions on one issue over the rounds of one play, one line per actor with the
//! weighted-mean prediction drawn thick; and the distribution across runs of the final
//! prediction (the agreed terms, under `protocol = "expected-utility"`), with each
//! actor's starting position marked.

use super::generic::{Hist, Marker, draw_hist, line, mesh, pad_range};
use super::style::{
    INK, Look, dash, empty_state, line_height, mean_ci, num, series_color, thousands, title_block,
    wrap_full,
};
use super::{Chart, ChartError, Format, push_formats, render};
use crate::engine::summary::Summary;
use crate::negotiation::expected_utility::Trace;
use crate::report::json::PositionsReport;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// What [`positions_chart`] draws: one play of the model on one issue.
#[derive(Debug, Clone, Copy)]
pub struct PositionsPlot<'a> {
    /// e.g. "EC car emissions — positions over the rounds".
    pub title: &'a str,
    /// e.g. "run 0, seed 1994"; may be empty.
    pub subtitle: &'a str,
    /// The issue's label, for the y axis.
    pub issue: &'a str,
    /// The issue's range.
    pub low: f64,
    pub high: f64,
    /// Actor names, indexed like the trace's positions.
    pub names: &'a [String],
    pub trace: &'a Trace,
}

/// Positions over the rounds (x: 0 = the start, k = after round k), one line per actor
/// (colour and dash by actor), the weighted mean thick and black, names in a legend on
/// the right.
pub fn positions_chart(
    p: &PositionsPlot<'_>,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let look = Look::new(size);
    render!(format, size, |root| draw_positions(&root, look, p))
}

/// Rows of the chart: positions and weighted mean at the start and after each round.
fn rows(t: &Trace) -> Vec<(&[f64], f64)> {
    let mut v: Vec<(&[f64], f64)> = t
        .rounds
        .iter()
        .map(|r| (r.positions.as_slice(), r.mean))
        .collect();
    v.push((t.positions.as_slice(), t.prediction.mean));
    v
}

fn draw_positions<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    look: Look,
    p: &PositionsPlot<'_>,
) -> Result<(), ChartError> {
    let body = title_block(root, look, p.title, p.subtitle)?;
    let rows = rows(p.trace);
    let n = rows.first().map_or(0, |r| r.0.len());
    if n == 0 || p.high.partial_cmp(&p.low) != Some(std::cmp::Ordering::Greater) {
        return empty_state(&body, look, "The issue has no actors to draw.");
    }
    let (w, _) = body.dim_in_pixel();
    let legend = legend_layout(&body, look, p.names, n, p.trace.prediction.mean);
    let (plot, legend_area) = body.split_horizontally(w.saturating_sub(legend.width));
    let last = (rows.len() - 1) as f64;
    let yr = pad_range((p.low, p.high));
    let mut chart = ChartBuilder::on(&plot)
        .margin(look.px(10.0))
        .margin_right(look.px(20.0))
        .x_label_area_size(look.px(58.0))
        .y_label_area_size(look.px(84.0))
        .build_cartesian_2d(0.0..last.max(1.0), yr.0..yr.1)?;
    let x_ticks = (rows.len()).clamp(2, 11);
    mesh(
        &mut chart,
        look,
        "round (0 = starting positions)",
        p.issue,
        false,
        true,
        x_ticks,
        true,
    )?;
    for i in 0..n {
        let pts: Vec<(f64, f64)> = rows
            .iter()
            .enumerate()
            .filter_map(|(k, r)| r.0.get(i).map(|&x| (k as f64, x)))
            .collect();
        line(&mut chart, look, pts, series_color(i), 2.5, actor_dash(i))?;
    }
    let mean: Vec<(f64, f64)> = rows
        .iter()
        .enumerate()
        .map(|(k, r)| (k as f64, r.1))
        .collect();
    line(&mut chart, look, mean, INK, 7.0, None)?;
    draw_legend(&legend_area, look, &legend)
}

/// Dash of actor `i`'s line: [`dash`] shifted every seven actors, so that the eighth
/// and later actors, which repeat the palette's colours, differ from the first seven.
fn actor_dash(i: usize) -> Option<(f64, f64)> {
    dash(i + i / 7)
}

/// One entry of the legend: its name in lines, and its line's colour, width and dash.
struct Entry {
    lines: Vec<String>,
    color: RGBColor,
    width: f64,
    dash: Option<(f64, f64)>,
}

/// The legend as laid out: entries in columns top to bottom, and the entries left out
/// (only when not even half the chart's width holds them all).
struct Legend {
    width: u32,
    column_w: u32,
    /// Distance between the centres of two lines.
    step: i32,
    columns: Vec<Vec<Entry>>,
    left_out: usize,
}

/// The legend on the right: the prediction first, then one sample line and name per
/// actor. Names are whole, never cut: a name wider than its column wraps onto more
/// lines, and entries that do not fit one column's height go on into more columns
/// (up to half the chart's width); only past that are the last actors left out, and
/// the legend says how many.
fn legend_layout<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: Look,
    names: &[String],
    n: usize,
    prediction: f64,
) -> Legend {
    let (w, h) = area.dim_in_pixel();
    let style = look.note();
    let column_w = (w / 5).max(look.pxu(150.0));
    let max_name = column_w.saturating_sub((look.px(34.0) + look.px(6.0) + look.px(12.0)) as u32);
    let step = look
        .px(26.0)
        .max(line_height(&style))
        .min((h as i32 - look.px(40.0)) / (n as i32 + 1))
        .max(line_height(&style));
    let entries: Vec<Entry> =
        std::iter::once((format!("prediction {}", num(prediction)), INK, 7.0, None))
            .chain((0..n).map(|i| {
                let name = names
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| format!("actor {}", i + 1));
                (name, series_color(i), 2.5, actor_dash(i))
            }))
            .map(|(name, color, width, dash)| Entry {
                lines: wrap_full(area, &name, &style, max_name),
                color,
                width,
                dash,
            })
            .collect();
    // Lines one column holds, under the first entry's top margin, with a line spare
    // for the note of actors left out.
    let per_column = ((h as i32 - look.px(24.0)) / step).max(1) as usize;
    let most_columns = ((w / 2) / column_w).max(1) as usize;
    let mut columns: Vec<Vec<Entry>> = vec![Vec::new()];
    let mut used = 0;
    let total = entries.len();
    let mut placed = 0;
    for e in entries {
        let k = e.lines.len().max(1);
        if used > 0 && used + k > per_column {
            if columns.len() == most_columns {
                break;
            }
            columns.push(Vec::new());
            used = 0;
        }
        used += k;
        placed += 1;
        columns.last_mut().expect("a column").push(e);
    }
    let mut left_out = total - placed;
    if left_out > 0 && used + 1 > per_column {
        // Room for the note: one entry fewer.
        if let Some(last) = columns.last_mut() {
            if last.len() > 1 {
                last.pop();
                left_out += 1;
            }
        }
    }
    Legend {
        width: column_w * columns.len() as u32,
        column_w,
        step,
        columns,
        left_out,
    }
}

fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: Look,
    legend: &Legend,
) -> Result<(), ChartError> {
    let style = look.note();
    let sample = look.px(34.0);
    let step = legend.step;
    let lh = line_height(&style);
    let mut y = look.px(24.0);
    let mut x0 = look.px(6.0);
    for column in &legend.columns {
        y = look.px(24.0);
        for e in column {
            let pts = vec![(x0, y), (x0 + sample, y)];
            let st = look.stroke(e.color, e.width);
            match e.dash {
                None => area.draw(&PathElement::new(pts, st))?,
                Some((a, b)) => area.draw(&plotters::element::DashedPathElement::new(
                    pts,
                    look.pxu(a),
                    look.pxu(b),
                    st,
                ))?,
            }
            for (j, text) in e.lines.iter().enumerate() {
                area.draw_text(
                    text,
                    &style.pos(Pos::new(HPos::Left, VPos::Center)),
                    (x0 + sample + look.px(8.0), y + lh * j as i32),
                )?;
            }
            y += step + lh * (e.lines.len() as i32 - 1).max(0);
        }
        x0 += legend.column_w as i32;
    }
    if legend.left_out > 0 {
        let more = format!("and {} more actors", legend.left_out);
        area.draw_text(
            &more,
            &style.pos(Pos::new(HPos::Left, VPos::Center)),
            (x0 - legend.column_w as i32 + sample + look.px(8.0), y),
        )?;
    }
    Ok(())
}

/// The distribution across runs of the final prediction on issue `issue` (0-based):
/// with `protocol = "expected-utility"` the first agreement's terms are the model's
/// prediction, so this is the summary's terms histogram, titled for the model, with
/// each actor's starting position marked.
pub fn prediction_chart(
    s: &Summary,
    issue: usize,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let look = Look::new(size);
    render!(format, size, |root| draw_prediction(&root, look, s, issue))
}

fn draw_prediction<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    look: Look,
    s: &Summary,
    issue: usize,
) -> Result<(), ChartError> {
    let title = format!("{} — predicted outcome across runs", s.scenario.name);
    let sub = format!(
        "({} runs, seed {}; the weighted mean of the final positions)",
        thousands(s.runs),
        s.provenance.seed
    );
    let body = title_block(root, look, &title, &sub)?;
    let (Some(tm), Some(info)) = (s.terms.get(issue), s.scenario.issues.get(issue)) else {
        return empty_state(&body, look, "The scenario has no such issue.");
    };
    let markers: Vec<Marker> = info
        .ideals
        .iter()
        .enumerate()
        .filter(|(_, v)| v.is_finite())
        .map(|(a, &v)| Marker {
            x: v,
            label: s
                .scenario
                .actors
                .get(a)
                .map_or_else(|| format!("actor {}", a + 1), |x| x.name.clone()),
            color: series_color(a),
            dash: dash(a).or(Some((12.0, 5.0))),
            band: None,
        })
        .collect();
    let total = tm.bins.counts.iter().sum::<u64>() + tm.bins.under + tm.bins.over;
    let note = match &tm.mean {
        Some(m) => format!(
            "{} predictions; mean {}; lines: each actor's starting position",
            thousands(tm.agreements),
            mean_ci(m.mean, m.lo, m.hi)
        ),
        None => format!("{} predictions", thousands(tm.agreements)),
    };
    let (lo, hi) = if info.high > info.low {
        (info.low, info.high)
    } else {
        (tm.bins.lo, tm.bins.hi)
    };
    let hist = Hist {
        title: &info.label,
        notes: vec![note],
        x_label: "predicted position",
        y_label: "share of runs",
        lo: tm.bins.lo,
        hi: tm.bins.hi,
        counts: &tm.bins.counts,
        denominator: total,
        x_range: (lo.min(tm.bins.lo), hi.max(tm.bins.hi)),
        x_integer: false,
        color: RGBColor(0xA9, 0xBC, 0xCD),
        markers,
        empty: (tm.agreements == 0 || total == 0)
            .then(|| "No run reached a prediction to show.".to_string()),
    };
    draw_hist(&body, look, &hist)
}

/// File stems of the charts of the first issues (charts are named statically).
const POSITIONS_NAMES: [&str; 9] = [
    "positions",
    "positions-2",
    "positions-3",
    "positions-4",
    "positions-5",
    "positions-6",
    "positions-7",
    "positions-8",
    "positions-9",
];
const PREDICTION_NAMES: [&str; 9] = [
    "prediction",
    "prediction-2",
    "prediction-3",
    "prediction-4",
    "prediction-5",
    "prediction-6",
    "prediction-7",
    "prediction-8",
    "prediction-9",
];

/// The charts `run --plots` draws for expected-utility talks, per issue (the first
/// nine): `positions` (issue 1), `positions-2`, … from the first run's play in
/// `report`, and `prediction`, `prediction-2`, … from the summary.
pub fn positions_charts(
    s: &Summary,
    report: &PositionsReport,
    formats: &[Format],
    size: (u32, u32),
) -> Result<Vec<Chart>, ChartError> {
    let names: Vec<String> = report
        .actors
        .iter()
        .enumerate()
        .map(|(i, id)| {
            s.scenario
                .actors
                .get(i)
                .map_or_else(|| id.clone(), |a| a.name.clone())
        })
        .collect();
    let mut out = Vec::new();
    for (j, play) in report.issues.iter().enumerate().take(POSITIONS_NAMES.len()) {
        let label = s
            .scenario
            .issues
            .get(j)
            .map_or(play.issue.as_str(), |i| i.label.as_str());
        let title = format!("{} — positions over the rounds", s.scenario.name);
        let subtitle = format!(
            "(run {}, seed {}; thick: the weighted mean)",
            report.run, s.provenance.seed
        );
        let plot = PositionsPlot {
            title: &title,
            subtitle: &subtitle,
            issue: label,
            low: play.low,
            high: play.high,
            names: &names,
            trace: &play.play,
        };
        push_formats(&mut out, POSITIONS_NAMES[j], formats, |format| {
            positions_chart(&plot, format, size)
        })?;
        push_formats(&mut out, PREDICTION_NAMES[j], formats, |format| {
            prediction_chart(s, j, format, size)
        })?;
    }
    Ok(out)
}
