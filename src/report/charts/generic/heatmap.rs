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
    let labels = heatmap_labels(&main, look, g);
    // Row labels get the room the longest needs, up to a third of the width.
    let row_w = labels
        .rows
        .iter()
        .map(|r| text_width(&main, r, &look.tick()))
        .max()
        .unwrap_or(0)
        .clamp(look.pxu(60.0), bw / 3);
    let mut chart = ChartBuilder::on(&main)
        .margin(look.px(14.0))
        .x_label_area_size(look.px(80.0))
        .y_label_area_size(row_w as i32 + look.px(50.0))
        .build_cartesian_2d(0.0..nc as f64, 0.0..nr as f64)?;
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
    heatmap_category_labels(&main, &chart, look, &labels, row_w)?;
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

/// The columns' labels under the cells and the rows' labels left of them.
fn heatmap_category_labels<DB: DrawingBackend>(
    main: &DrawingArea<DB, Shift>,
    chart: &Chart2d<'_, DB>,
    look: Look,
    labels: &Labels,
    row_w: u32,
) -> Result<(), ChartError> {
    let (nc, nr) = (labels.columns.len(), labels.rows.len());
    let (pw, ph) = chart.plotting_area().dim_in_pixel();
    let cell_w = pw / nc as u32;
    // Category labels.
    let base = main.get_base_pixel();
    let style = look.tick();
    let step_c = if labels.numbered {
        1
    } else {
        (nc as f64 / (pw as f64 / look.px(60.0) as f64).max(1.0))
            .ceil()
            .max(1.0) as usize
    };
    for (c, name) in labels.columns.iter().enumerate().step_by(step_c) {
        let (x, y) = chart.backend_coord(&(c as f64 + 0.5, 0.0));
        let t = fit(main, name, &style, cell_w.max(1) * step_c as u32);
        main.draw_text(
            &t,
            &style.pos(Pos::new(HPos::Center, VPos::Top)),
            (x - base.0, y - base.1 + look.px(8.0)),
        )?;
    }
    // Every row is labelled while rows are at least 80% of the text's height apart.
    let step_r = (nr as f64 / (ph as f64 / (0.8 * look.min_text)).max(1.0))
        .ceil()
        .max(1.0) as usize;
    for (r, name) in labels.rows.iter().enumerate().step_by(step_r) {
        let (x, y) = chart.backend_coord(&(0.0, r as f64 + 0.5));
        let t = fit(main, name, &style, row_w);
        main.draw_text(
            &t,
            &style.pos(Pos::new(HPos::Right, VPos::Center)),
            (x - base.0 - look.px(8.0), y - base.1),
        )?;
    }
    Ok(())
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
/// strategy names) the columns are numbered 1…n as the rows are, and each row reads
/// "k  Name", so every row and column is labelled in full and a column is found by
/// its number. Numbering needs the columns to be the rows' names (in any order).
fn heatmap_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: Look,
    g: &Grid,
) -> Labels {
    let (aw, _) = area.dim_in_pixel();
    let col_room = (aw as f64 * 0.7 / g.columns.len().max(1) as f64) as u32;
    let style = look.tick();
    let fits = g
        .columns
        .iter()
        .all(|c| text_width(area, c, &style) + look.pxu(6.0) <= col_room);
    let index: Option<Vec<usize>> = g
        .columns
        .iter()
        .map(|c| g.rows.iter().position(|r| r == c))
        .collect();
    match index {
        Some(idx) if !fits => Labels {
            rows: g
                .rows
                .iter()
                .enumerate()
                .map(|(k, r)| format!("{}  {r}", k + 1))
                .collect(),
            columns: idx.iter().map(|k| (k + 1).to_string()).collect(),
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
    let line = look
        .px(18.0)
        .max((look.min_text / 1.24 * 1.1).ceil() as i32);
    let (legend_w, _) = legend.dim_in_pixel();
    let title_lines = wrap(
        legend,
        value_label,
        &lt,
        legend_w.saturating_sub(look.pxu(10.0)),
        6,
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
