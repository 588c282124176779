//! A heatmap with a colour scale (tournament matrices, two-parameter sweeps).

use super::*;

/// A sequential colour scale (viridis anchors), monotone in lightness so it also
/// reads in greyscale. `t` in [0, 1].
pub(crate) fn scale_color(t: f64) -> RGBColor {
    const A: [(u8, u8, u8); 5] = [
        (0x44, 0x01, 0x54),
        (0x3B, 0x52, 0x8B),
        (0x21, 0x90, 0x8C),
        (0x5D, 0xC8, 0x63),
        (0xFD, 0xE7, 0x25),
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let x = t * (A.len() - 1) as f64;
    let k = (x.floor() as usize).min(A.len() - 2);
    let f = x - k as f64;
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * f).round() as u8;
    RGBColor(
        mix(A[k].0, A[k + 1].0),
        mix(A[k].1, A[k + 1].1),
        mix(A[k].2, A[k + 1].2),
    )
}

pub(super) fn draw_heatmap<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    look: Look,
    axes: &Axes,
    g: &Grid,
) -> Result<(), ChartError> {
    let body = title_block(root, look, &axes.title, &axes.subtitle)?;
    let (nc, nr) = (g.columns.len(), g.rows.len());
    if nc == 0 || nr == 0 || g.values.len() != nc * nr {
        return empty_state(&body, look, "No grid to draw.");
    }
    let (vmin, vmax) = match g.range {
        Some(r) if r.0.is_finite() && r.1.is_finite() => r,
        _ => match finite_range(g.values.iter().copied()) {
            Some(r) => r,
            None => return empty_state(&body, look, "Every cell of the grid is empty."),
        },
    };
    let (vmin, vmax) = if g.percent {
        // Shares stay on a share's scale: never past 100% (or below 0%).
        let (a, b) = (vmin.max(0.0), vmax.min(1.0));
        if b > a { (a, b) } else { (0.0, 1.0) }
    } else {
        pad_range((vmin, vmax))
    };
    let fmt = |v: f64| {
        if g.percent {
            super::super::style::pct(v)
        } else {
            num(v)
        }
    };
    let (bw, _) = body.dim_in_pixel();
    let (main, legend) = body.split_horizontally(bw as i32 - look.px(150.0));
    let build = |label_w: u32| {
        ChartBuilder::on(&main)
            .margin(look.px(14.0))
            .x_label_area_size(look.px(80.0))
            .y_label_area_size(label_w as i32 + look.px(50.0))
            .build_cartesian_2d(0.0..nc as f64, 0.0..nr as f64)
    };
    // The cells' height does not depend on the row labels' width.
    let cell_h = build(0)?.plotting_area().dim_in_pixel().1 / nr as u32;
    let labels = heatmap_labels(&main, look, g, bw);
    let rows = row_label_lines(&main, look, &labels.rows, bw, cell_h, nc);
    let mut chart = build(rows.width)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(0)
        .y_labels(0)
        .x_desc(if labels.numbered {
            format!("{} (numbered as the rows)", axes.x_label)
        } else {
            axes.x_label.clone()
        })
        .y_desc(axes.y_label.as_str())
        .axis_desc_style(look.axis())
        .axis_style(GREY.stroke_width(1))
        .draw()?;
    heatmap_cells(&mut chart, look, g, (vmin, vmax), &fmt)?;
    heatmap_category_labels(&main, &chart, look, &labels, &rows)?;
    colour_bar(&legend, look, &g.value_label, (vmin, vmax), &fmt)?;
    Ok(())
}

/// The cells, coloured on the scale from `vmin` to `vmax` (an empty cell light grey),
/// each with its value written in when the cells are large enough to hold it.
fn heatmap_cells<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    look: Look,
    g: &Grid,
    (vmin, vmax): (f64, f64),
    fmt: &dyn Fn(f64) -> String,
) -> Result<(), ChartError> {
    let (nc, nr) = (g.columns.len(), g.rows.len());
    let (pw, ph) = chart.plotting_area().dim_in_pixel();
    let cell_w = pw / nc as u32;
    let cell_h = ph / nr as u32;
    let show_values = cell_w >= look.pxu(56.0) && cell_h >= look.pxu(26.0);
    for r in 0..nr {
        for c in 0..nc {
            let v = g.values[r * nc + c];
            let (x, y) = (c as f64, r as f64);
            let color = if v.is_finite() {
                scale_color((v - vmin) / (vmax - vmin))
            } else {
                RGBColor(0xF2, 0xF2, 0xF2)
            };
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x, y), (x + 1.0, y + 1.0)],
                color.filled(),
            )))?;
            if show_values && v.is_finite() {
                let t = (v - vmin) / (vmax - vmin);
                let tc = if t > 0.55 { INK } else { WHITE };
                label(
                    chart,
                    (x + 0.5, y + 0.5),
                    (0, 0),
                    &fmt(v),
                    look.note()
                        .color(&tc)
                        .pos(Pos::new(HPos::Center, VPos::Center)),
                )?;
            }
        }
    }
    Ok(())
}

/// The columns' labels under the cells and the rows' labels left of them, each whole
/// and centred on its column or row. Named columns too wide for one column each are
/// labelled every few columns (a parameter's values), never cut.
fn heatmap_category_labels<DB: DrawingBackend>(
    main: &DrawingArea<DB, Shift>,
    chart: &Chart2d<'_, DB>,
    look: Look,
    labels: &Labels,
    rows: &RowLabels,
) -> Result<(), ChartError> {
    let (nc, nr) = (labels.columns.len(), labels.rows.len());
    let (pw, ph) = chart.plotting_area().dim_in_pixel();
    let cell_w = (pw / nc as u32).max(1);
    let base = main.get_base_pixel();
    let style = look.tick();
    let step_c = if labels.numbered {
        1
    } else {
        let widest = labels
            .columns
            .iter()
            .map(|c| text_width(main, c, &style) + look.pxu(8.0))
            .max()
            .unwrap_or(0);
        let by_space = (nc as f64 / (pw as f64 / look.px(60.0) as f64).max(1.0)).ceil() as usize;
        by_space.max(widest.div_ceil(cell_w) as usize).clamp(1, nc)
    };
    let lh = line_height(&style);
    for (c, name) in labels.columns.iter().enumerate().step_by(step_c) {
        let (x, y) = chart.backend_coord(&(c as f64 + 0.5, 0.0));
        // Only a label wider than the whole plot wraps.
        for (j, t) in wrap_full(main, name, &style, pw.max(1)).iter().enumerate() {
            main.draw_text(
                t,
                &style.pos(Pos::new(HPos::Center, VPos::Top)),
                (x - base.0, y - base.1 + look.px(8.0) + lh * j as i32),
            )?;
        }
    }
    // Every row is labelled while rows are at least 80% of the text's height apart.
    let step_r = (nr as f64 / (ph as f64 / (0.8 * look.min_text)).max(1.0))
        .ceil()
        .max(1.0) as usize;
    for (r, lines) in rows.lines.iter().enumerate().step_by(step_r) {
        let (x, y) = chart.backend_coord(&(0.0, r as f64 + 0.5));
        // The lines of a label centred on its row.
        let y0 = y - base.1 - lh * (lines.len() as i32 - 1) / 2;
        for (j, t) in lines.iter().enumerate() {
            main.draw_text(
                t,
                &style.pos(Pos::new(HPos::Right, VPos::Center)),
                (x - base.0 - look.px(8.0), y0 + lh * j as i32),
            )?;
        }
    }
    Ok(())
}

/// The rows' labels as drawn: each label's lines and the width they need.
struct RowLabels {
    lines: Vec<Vec<String>>,
    width: u32,
}

/// Row labels whole, never cut: on one line each while the longest fits a third of
/// the width `bw`; otherwise wrapped to that third when the wrapped labels fit their
/// rows' height `cell_h`, and else on one line each in a wider label column, as wide
/// as the `columns` leave room for (only a label wider still wraps there, and then
/// its lines can reach a neighbouring row: a very long name among many rows).
fn row_label_lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: Look,
    rows: &[String],
    bw: u32,
    cell_h: u32,
    columns: usize,
) -> RowLabels {
    let style = look.tick();
    let lay = |max_w: u32| {
        let lines: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                // A label that fits stays as it is (its spacing kept).
                if text_width(area, r, &style) <= max_w {
                    vec![r.clone()]
                } else {
                    wrap_full(area, r, &style, max_w)
                }
            })
            .collect();
        let width = lines
            .iter()
            .flatten()
            .map(|l| text_width(area, l, &style))
            .max()
            .unwrap_or(0)
            .max(look.pxu(60.0));
        RowLabels { lines, width }
    };
    let widest = rows
        .iter()
        .map(|r| text_width(area, r, &style))
        .max()
        .unwrap_or(0);
    if widest <= bw / 3 {
        return lay(bw / 3);
    }
    let wrapped = lay(bw / 3);
    let tallest = wrapped.lines.iter().map(Vec::len).max().unwrap_or(1) as u32;
    if tallest * line_height(&style) as u32 <= cell_h {
        return wrapped;
    }
    // Rows too low for wrapped labels: a wider label column, as wide as leaves every
    // column room for a two-digit number (1.3 em and a gap); a label wider still wraps.
    let (aw, _) = area.dim_in_pixel();
    let column = text_width(area, "00", &style) + look.pxu(8.0);
    let room = aw.saturating_sub(look.pxu(28.0) + look.pxu(50.0) + column * columns as u32);
    lay(widest.min(room).max(bw / 3))
}

/// The text of a heatmap's row and column labels.
struct Labels {
    rows: Vec<String>,
    columns: Vec<String>,
    /// Columns are numbered (their names too wide for a column); each row label then
    /// starts with its number.
    numbered: bool,
}

/// Column names when every one fits its column; otherwise (a tournament of long
/// strategy names) the columns are numbered as the rows are (1 for the top row), and
/// each row reads "k  Name", so every row and column is labelled in full and a column
/// is found by its number. Numbering needs the columns to be the rows' names (in any
/// order).
fn heatmap_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: Look,
    g: &Grid,
    bw: u32,
) -> Labels {
    let (aw, ah) = area.dim_in_pixel();
    let style = look.tick();
    // A column's width with the rows named as they are (margins, the label column).
    let nr = g.rows.len().max(1) as u32;
    let cell_h = ah.saturating_sub(look.pxu(28.0) + look.pxu(80.0)) / nr;
    let row_w = row_label_lines(area, look, &g.rows, bw, cell_h, g.columns.len()).width;
    let plot_w = aw.saturating_sub(look.pxu(28.0) + row_w + look.pxu(50.0));
    let col_room = plot_w / g.columns.len().max(1) as u32;
    let fits = g
        .columns
        .iter()
        .all(|c| text_width(area, c, &style) + look.pxu(8.0) <= col_room);
    let index: Option<Vec<usize>> = g
        .columns
        .iter()
        .map(|c| g.rows.iter().position(|r| r == c))
        .collect();
    // Numbered from the top row down, as a ranking reads.
    let number = |k: usize| g.rows.len() - k;
    match index {
        Some(idx) if !fits => Labels {
            rows: g
                .rows
                .iter()
                .enumerate()
                .map(|(k, r)| format!("{}  {r}", number(k)))
                .collect(),
            columns: idx.iter().map(|&k| number(k).to_string()).collect(),
            numbered: true,
        },
        _ => Labels {
            rows: g.rows.clone(),
            columns: g.columns.clone(),
            numbered: false,
        },
    }
}

/// The colour bar beside the heatmap: its title, the scale, and five ticks from `vmin`
/// to `vmax` written with `fmt`.
fn colour_bar<DB: DrawingBackend>(
    legend: &DrawingArea<DB, Shift>,
    look: Look,
    value_label: &str,
    (vmin, vmax): (f64, f64),
    fmt: &dyn Fn(f64) -> String,
) -> Result<(), ChartError> {
    let (_, lh) = legend.dim_in_pixel();
    let lt = look.small().color(&INK);
    // Lines as far apart as the text is high (at least 2.5% of the canvas), in full.
    let line = look.px(18.0).max(line_height(&lt));
    let (legend_w, _) = legend.dim_in_pixel();
    let title_lines = wrap_full(
        legend,
        value_label,
        &lt,
        // Room to spare: the estimate of a text's width can fall short of the drawn.
        legend_w.saturating_sub(look.pxu(20.0)),
    );
    for (k, l) in title_lines.iter().enumerate() {
        legend.draw_text(
            l,
            &lt.pos(Pos::new(HPos::Left, VPos::Top)),
            (look.px(6.0), look.px(14.0) + line * k as i32),
        )?;
    }
    let top = look.px(24.0) + line * title_lines.len() as i32;
    let bottom = lh as i32 - look.px(94.0);
    let x0 = look.px(10.0);
    let x1 = x0 + look.px(28.0);
    let steps = 64;
    if bottom > top {
        let hgt = (bottom - top) as f64;
        for k in 0..steps {
            let ya = bottom - (hgt * k as f64 / steps as f64) as i32;
            let yb = bottom - (hgt * (k + 1) as f64 / steps as f64) as i32;
            legend.draw(&Rectangle::new(
                [(x0, yb), (x1, ya)],
                scale_color((k as f64 + 0.5) / steps as f64).filled(),
            ))?;
        }
        legend.draw(&Rectangle::new(
            [(x0, top), (x1, bottom)],
            GREY.stroke_width(1),
        ))?;
        for k in 0..=4 {
            let f = k as f64 / 4.0;
            let y = bottom - (hgt * f) as i32;
            legend.draw(&PathElement::new(
                vec![(x1, y), (x1 + look.px(5.0), y)],
                GREY.stroke_width(1),
            ))?;
            legend.draw_text(
                &fmt(vmin + (vmax - vmin) * f),
                &lt.pos(Pos::new(HPos::Left, VPos::Center)),
                (x1 + look.px(8.0), y),
            )?;
        }
    }
    Ok(())
}
