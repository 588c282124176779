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
    let (vmin, vmax) = pad_range((vmin, vmax));
    let fmt = |v: f64| {
        if g.percent {
            super::super::style::pct(v)
        } else {
            num(v)
        }
    };
    let (bw, _) = body.dim_in_pixel();
    let (main, legend) = body.split_horizontally(bw as i32 - look.px(150.0));
    // Row labels get the room the longest needs, up to a quarter of the width.
    let row_w = g
        .rows
        .iter()
        .map(|r| text_width(&main, r, &look.tick()))
        .max()
        .unwrap_or(0)
        .clamp(look.pxu(60.0), bw / 4);
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
        .x_desc(axes.x_label.as_str())
        .y_desc(axes.y_label.as_str())
        .axis_desc_style(look.axis())
        .axis_style(GREY.stroke_width(1))
        .draw()?;
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
                    &mut chart,
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
    // Category labels.
    let base = main.get_base_pixel();
    let style = look.tick();
    let step_c = (nc as f64 / (pw as f64 / look.px(60.0) as f64).max(1.0))
        .ceil()
        .max(1.0) as usize;
    for (c, name) in g.columns.iter().enumerate().step_by(step_c) {
        let (x, y) = chart.backend_coord(&(c as f64 + 0.5, 0.0));
        let t = fit(&main, name, &style, cell_w.max(1) * step_c as u32);
        main.draw_text(
            &t,
            &style.pos(Pos::new(HPos::Center, VPos::Top)),
            (x - base.0, y - base.1 + look.px(8.0)),
        )?;
    }
    let step_r = (nr as f64 / (ph as f64 / look.px(24.0) as f64).max(1.0))
        .ceil()
        .max(1.0) as usize;
    for (r, name) in g.rows.iter().enumerate().step_by(step_r) {
        let (x, y) = chart.backend_coord(&(0.0, r as f64 + 0.5));
        let t = fit(&main, name, &style, row_w);
        main.draw_text(
            &t,
            &style.pos(Pos::new(HPos::Right, VPos::Center)),
            (x - base.0 - look.px(8.0), y - base.1),
        )?;
    }
    colour_bar(&legend, look, &g.value_label, (vmin, vmax), &fmt)?;
    Ok(())
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
    let title_lines = wrap(legend, value_label, &lt, look.pxu(140.0), 3);
    for (k, l) in title_lines.iter().enumerate() {
        legend.draw_text(
            l,
            &lt.pos(Pos::new(HPos::Left, VPos::Top)),
            (look.px(6.0), look.px(14.0) + look.px(18.0) * k as i32),
        )?;
    }
    let top = look.px(24.0) + look.px(18.0) * title_lines.len() as i32;
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
