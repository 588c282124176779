//! Histogram panels with marked values (the run charts of terms and payoffs).

use super::*;

/// A marked value on a histogram: a vertical line (optionally with a shaded interval)
/// and a label placed in the headroom above the bars.
#[derive(Debug, Clone)]
pub(crate) struct Marker {
    pub x: f64,
    pub label: String,
    pub color: RGBColor,
    pub dash: Option<(f64, f64)>,
    pub band: Option<(f64, f64)>,
}

/// A histogram panel: bars for counts over even bins of `lo..hi`, heights as shares of
/// `denominator`, with marked values and note lines under the panel title.
#[derive(Debug, Clone)]
pub(crate) struct Hist<'a> {
    pub title: &'a str,
    pub notes: Vec<String>,
    pub x_label: &'a str,
    pub y_label: &'a str,
    pub lo: f64,
    pub hi: f64,
    pub counts: &'a [u64],
    pub denominator: u64,
    pub x_range: (f64, f64),
    pub x_integer: bool,
    pub color: RGBColor,
    pub markers: Vec<Marker>,
    /// Shown instead of the axes when there is nothing to draw.
    pub empty: Option<String>,
}

/// A placed marker label: (marker, first row, right-anchored, lines).
type Placed = (usize, usize, bool, Vec<String>);

pub(crate) fn draw_hist<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: Look,
    h: &Hist<'_>,
) -> Result<(), ChartError> {
    let (w, _) = area.dim_in_pixel();
    let y = hist_header(area, look, h)?;
    let body = area.split_vertically(y + look.px(2.0)).1;
    if let Some(msg) = &h.empty {
        return empty_state(&body, look, msg);
    }
    let denom = h.denominator.max(1) as f64;
    let max_share = h
        .counts
        .iter()
        .map(|&c| c as f64 / denom)
        .fold(0.0, f64::max);
    let top = if max_share > 0.0 {
        max_share * 1.12
    } else {
        0.05
    };
    let xr = pad_range(h.x_range);
    let build = |ymax: f64| {
        ChartBuilder::on(&body)
            .margin(look.px(10.0))
            .margin_right(look.px(24.0))
            .x_label_area_size(look.px(58.0))
            .y_label_area_size(look.px(84.0))
            .build_cartesian_2d(xr.0..xr.1, 0.0..ymax)
    };
    // Place marker labels in rows so they do not overlap; rows set the headroom.
    let probe = build(top)?;
    let (pw, ph) = probe.plotting_area().dim_in_pixel();
    let (placed, rows) = place_marker_labels(area, look, &h.markers, &probe, xr);
    drop(probe);
    let row_h = look.px(22.0).max(line_height(&look.note()));
    let head_px = row_h * rows as i32 + look.px(8.0);
    let frac = (head_px as f64 / ph.max(1) as f64).min(0.6);
    let ymax = top / (1.0 - frac);
    let mut chart = build(ymax)?;
    mesh(
        &mut chart,
        look,
        h.x_label,
        h.y_label,
        true,
        h.x_integer,
        if w < look.pxu(500.0) { 5 } else { 10 },
        true,
    )?;
    // Interval bands of markers under the bars' outlines.
    for m in &h.markers {
        if let Some((a, b)) = m.band.filter(|(a, b)| a.is_finite() && b.is_finite()) {
            chart.draw_series(std::iter::once(Rectangle::new(
                [(a.clamp(xr.0, xr.1), 0.0), (b.clamp(xr.0, xr.1), ymax)],
                m.color.mix(0.18).filled(),
            )))?;
        }
    }
    // Marker lines under the bars, so a bar at a marked value stays in sight.
    for m in &h.markers {
        let x = m.x.clamp(xr.0, xr.1);
        line(
            &mut chart,
            look,
            vec![(x, 0.0), (x, ymax)],
            m.color,
            2.5,
            m.dash,
        )?;
    }
    hist_bars(&mut chart, h, xr, pw)?;
    hist_labels(&mut chart, area, look, h, &placed, (xr, ymax, row_h))?;
    Ok(())
}

/// Where each marker's label goes in the headroom above the bars: rows from the top,
/// a label on the first rows free from its line on (left-anchored, or right-anchored
/// where it would pass the plot's right edge). Returns the placements (marker, first
/// row, right-anchored, lines: a label wider than the plot wraps onto consecutive
/// rows, never cut) and the number of rows used.
fn place_marker_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: Look,
    markers: &[Marker],
    probe: &Chart2d<'_, DB>,
    xr: (f64, f64),
) -> (Vec<Placed>, usize) {
    let (pw, _) = probe.plotting_area().dim_in_pixel();
    let style = look.note();
    let mut order: Vec<usize> = (0..markers.len()).collect();
    order.sort_by(|&a, &b| markers[a].x.total_cmp(&markers[b].x));
    let mut row_end: Vec<i32> = Vec::new();
    let mut placed: Vec<Placed> = Vec::new();
    let x0 = probe.backend_coord(&(xr.0, 0.0)).0;
    for &k in &order {
        let m = &markers[k];
        let px = probe.backend_coord(&(m.x.clamp(xr.0, xr.1), 0.0)).0 - x0;
        let lines = wrap_full(
            area,
            &m.label,
            &style,
            pw.saturating_sub(look.pxu(10.0)).max(20),
        );
        let tw = lines
            .iter()
            .map(|l| text_width(area, l, &style) as i32)
            .max()
            .unwrap_or(0);
        let right = px + tw + look.px(8.0) > pw as i32;
        let (a, b) = if right {
            (px - tw - look.px(8.0), px)
        } else {
            (px, px + tw + look.px(8.0))
        };
        let free = |r: usize| row_end.get(r).is_none_or(|&e| e + look.px(6.0) < a);
        let n = lines.len().max(1);
        let row = (0..=row_end.len())
            .find(|&r| (r..r + n).all(free))
            .unwrap_or(row_end.len());
        for r in row..row + n {
            if r == row_end.len() {
                row_end.push(b);
            } else {
                row_end[r] = b;
            }
        }
        placed.push((k, row, right, lines));
    }
    let rows = row_end.len();
    (placed, rows)
}

/// The bars, one per bin with a count, heights as shares of the denominator; a small
/// gap between bars wide enough to show one.
fn hist_bars<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    h: &Hist<'_>,
    xr: (f64, f64),
    pw: u32,
) -> Result<(), ChartError> {
    let n = h.counts.len().max(1);
    let bw = (h.hi - h.lo) / n as f64;
    let denom = h.denominator.max(1) as f64;
    let bar_px = pw as f64 / ((xr.1 - xr.0) / bw.max(f64::MIN_POSITIVE));
    let gap = if bar_px >= 8.0 { bw * 0.06 } else { 0.0 };
    chart.draw_series(
        h.counts
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(k, &c)| {
                let a = h.lo + bw * k as f64;
                Rectangle::new(
                    [(a + gap, 0.0), (a + bw - gap, c as f64 / denom)],
                    h.color.filled(),
                )
            }),
    )?;
    Ok(())
}

/// The panel's title and notes; returns the height they take.
fn hist_header<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: Look,
    h: &Hist<'_>,
) -> Result<i32, ChartError> {
    let (w, _) = area.dim_in_pixel();
    let mut y = look.px(6.0);
    if !h.title.is_empty() {
        // The whole title, wrapped, never cut.
        let ts = look.panel_title();
        for t in wrap_full(area, h.title, &ts, w.saturating_sub(look.pxu(20.0))) {
            area.draw_text(
                &t,
                &ts.pos(Pos::new(HPos::Center, VPos::Top)),
                (w as i32 / 2, y),
            )?;
            y += look.px(26.0);
        }
        y += look.px(2.0);
    }
    let ns = look.small();
    for n in &h.notes {
        for l in wrap_full(area, n, &ns, w.saturating_sub(look.pxu(30.0))) {
            area.draw_text(
                &l,
                &ns.pos(Pos::new(HPos::Center, VPos::Top)),
                (w as i32 / 2, y),
            )?;
            y += look.px(20.0).max(line_height(&ns));
        }
    }
    Ok(y)
}

/// The markers' labels, last, on a white ground so lines and bars never run through
/// them. `placed`: (marker, row, right-anchored, text).
fn hist_labels<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    area: &DrawingArea<DB, Shift>,
    look: Look,
    h: &Hist<'_>,
    placed: &[Placed],
    (xr, ymax, row_h): ((f64, f64), f64, i32),
) -> Result<(), ChartError> {
    let style = look.note();
    for (k, first, right, lines) in placed {
        let m = &h.markers[*k];
        let x = m.x.clamp(xr.0, xr.1);
        for (j, text) in lines.iter().enumerate() {
            let row = first + j;
            let tw = text_width(area, text, &style) as i32;
            let pad = look.px(3.0);
            let dx = if *right { -look.px(5.0) } else { look.px(5.0) };
            let dy = look.px(4.0) + row_h * row as i32;
            let (a, b) = if *right {
                (dx - tw - pad, dx + pad)
            } else {
                (dx - pad, dx + tw + pad)
            };
            chart.draw_series(std::iter::once(
                EmptyElement::at((x, ymax))
                    + Rectangle::new(
                        [(a, dy - pad / 2), (b, dy + row_h - pad)],
                        WHITE.mix(0.9).filled(),
                    ),
            ))?;
            let pos = Pos::new(if *right { HPos::Right } else { HPos::Left }, VPos::Top);
            label(
                chart,
                (x, ymax),
                (dx, dy),
                text,
                style.clone().color(&m.color).pos(pos),
            )?;
        }
    }
    Ok(())
}
