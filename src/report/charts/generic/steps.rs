//! Overlaid step curves with bands (Kaplan–Meier survival), censoring marks and medians.

use super::*;

/// Step curves on `area` (no title). `note` is drawn under the plot's top-right corner.
pub(crate) fn draw_step_curves<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: Look,
    axes: &Axes,
    curves: &[StepCurve],
    x_max: f64,
    note: &str,
) -> Result<(), ChartError> {
    let area = if curves.len() > 1 {
        legend_strip(
            area,
            look,
            &curves.iter().map(|c| c.name.clone()).collect::<Vec<_>>(),
        )?
    } else {
        area.clone()
    };
    let area = if note.is_empty() {
        area
    } else {
        let (w, _) = area.dim_in_pixel();
        let ns = look.small();
        let mut y = look.px(2.0);
        for l in wrap_full(&area, note, &ns, w.saturating_sub(look.pxu(40.0))) {
            area.draw_text(
                &l,
                &ns.pos(Pos::new(HPos::Center, VPos::Top)),
                (w as i32 / 2, y),
            )?;
            y += look.px(20.0).max(line_height(&ns));
        }
        area.split_vertically(y + look.px(2.0)).1
    };
    let x_max = if x_max.is_finite() && x_max > 0.0 {
        x_max
    } else {
        1.0
    };
    let mut chart = ChartBuilder::on(&area)
        .margin(look.px(14.0))
        .margin_right(look.px(36.0))
        .x_label_area_size(look.px(62.0))
        .y_label_area_size(look.px(92.0))
        .build_cartesian_2d(0.0..x_max, 0.0..1.04)?;
    mesh(
        &mut chart,
        look,
        &axes.x_label,
        &axes.y_label,
        true,
        x_max <= 60.0,
        12,
        true,
    )?;
    draw_curves(&mut chart, look, curves, x_max)?;
    draw_medians(&mut chart, &area, look, axes, curves, x_max)?;
    if curves
        .iter()
        .any(|c| c.points.iter().any(|p| p.censored > 0))
    {
        censor_legend(&mut chart, look)?;
    }
    Ok(())
}

/// Each curve's band, then its steps and censoring marks.
fn draw_curves<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    look: Look,
    curves: &[StepCurve],
    x_max: f64,
) -> Result<(), ChartError> {
    for (i, c) in curves.iter().enumerate() {
        let color = series_color(i);
        let segs: Vec<(f64, f64, f64, f64)> = c
            .points
            .iter()
            .enumerate()
            .map(|(k, p)| {
                let next = c.points.get(k + 1).map(|q| q.t).unwrap_or(x_max);
                (p.t, next.min(x_max), p.lo, p.hi)
            })
            .collect();
        chart.draw_series(
            band_polygons(&segs)
                .into_iter()
                .map(|p| Polygon::new(p, color.mix(0.2).filled())),
        )?;
    }
    for (i, c) in curves.iter().enumerate() {
        let color = series_color(i);
        let mut pts: Vec<(f64, f64)> = Vec::with_capacity(c.points.len() * 2 + 1);
        for p in c
            .points
            .iter()
            .filter(|p| p.y.is_finite() && p.t.is_finite())
        {
            if let Some(&(_, y_prev)) = pts.last() {
                pts.push((p.t, y_prev));
            }
            pts.push((p.t, p.y));
        }
        if let Some(&(t, y)) = pts.last()
            && t < x_max
        {
            pts.push((x_max, y));
        }
        line(chart, look, pts, color, 3.0, dash(i))?;
        let st = look.stroke(INK, 2.0);
        for p in c
            .points
            .iter()
            .filter(|p| p.censored > 0 && p.y.is_finite())
        {
            plus(chart, (p.t, p.y), look.px(6.0), st)?;
        }
    }
    Ok(())
}

/// The medians: a dashed guide from the 50% line down to the axis, and a label each.
fn draw_medians<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    area: &DrawingArea<DB, Shift>,
    look: Look,
    axes: &Axes,
    curves: &[StepCurve],
    x_max: f64,
) -> Result<(), ChartError> {
    let medians: Vec<(usize, f64)> = curves
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.median.filter(|m| m.is_finite()).map(|m| (i, m)))
        .collect();
    let color_of = |i: usize| {
        if curves.len() > 1 {
            series_color(i)
        } else {
            INK
        }
    };
    for &(i, m) in &medians {
        line(
            chart,
            look,
            vec![(0.0, 0.5), (m, 0.5), (m, 0.0)],
            color_of(i),
            1.5,
            Some((8.0, 6.0)),
        )?;
    }
    // Labels: in rows above the 50% line so that no two overlap, each on a white box so
    // curves and bands never run through the text; drawn after every line.
    let style = look.note();
    let (pw, _) = chart.plotting_area().dim_in_pixel();
    let x0 = chart.backend_coord(&(0.0, 0.5)).0;
    let pad = look.px(4.0);
    let mut order = medians.clone();
    order.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    let mut row_end: Vec<i32> = Vec::new();
    let mut placed: Vec<(usize, f64, usize, bool, String, i32)> = Vec::new();
    for &(i, m) in &order {
        let text = if axes.x_unit.is_empty() {
            format!("median {}", num(m))
        } else {
            format!("median {} {}", num(m), axes.x_unit)
        };
        let tw = text_width(area, &text, &style) as i32;
        let px = chart.backend_coord(&(m.min(x_max), 0.5)).0 - x0;
        let right = px + look.px(8.0) + tw + pad > pw as i32;
        let (a, b) = if right {
            (px - look.px(8.0) - tw - pad, px)
        } else {
            (px, px + look.px(8.0) + tw + pad)
        };
        let row = row_end
            .iter()
            .position(|&e| e + look.px(4.0) < a)
            .unwrap_or(row_end.len());
        if row == row_end.len() {
            row_end.push(b);
        } else {
            row_end[row] = b;
        }
        placed.push((i, m, row, right, text, tw));
    }
    let row_h = look.px(26.0);
    let th = look.px(17.0);
    for (i, m, row, right, text, tw) in placed {
        let color = color_of(i);
        let dx = if right { -look.px(8.0) } else { look.px(8.0) };
        let base = -look.px(8.0) - row_h * row as i32;
        let (a, b) = if right {
            (dx - tw - pad, dx + pad)
        } else {
            (dx - pad, dx + tw + pad)
        };
        chart.draw_series(std::iter::once(
            EmptyElement::at((m.min(x_max), 0.5))
                + Rectangle::new(
                    [(a, base - th - pad), (b, base + pad)],
                    WHITE.mix(0.92).filled(),
                )
                + Rectangle::new(
                    [(a, base - th - pad), (b, base + pad)],
                    color.mix(0.6).stroke_width(1),
                ),
        ))?;
        let pos = Pos::new(if right { HPos::Right } else { HPos::Left }, VPos::Bottom);
        label(
            chart,
            (m.min(x_max), 0.5),
            (dx, base),
            &text,
            style.clone().color(&color).pos(pos),
        )?;
    }
    Ok(())
}

/// The legend of the censoring mark, bottom left inside the plot.
fn censor_legend<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    look: Look,
) -> Result<(), ChartError> {
    let style = look.small().pos(Pos::new(HPos::Left, VPos::Center));
    // Drawn at a pixel offset from the origin corner, clear of the axis.
    chart.draw_series(std::iter::once(
        EmptyElement::at((0.0, 0.0))
            + PathElement::new(
                vec![
                    (look.px(14.0), -look.px(20.0)),
                    (look.px(26.0), -look.px(20.0)),
                ],
                look.stroke(INK, 2.0),
            )
            + PathElement::new(
                vec![
                    (look.px(20.0), -look.px(26.0)),
                    (look.px(20.0), -look.px(14.0)),
                ],
                look.stroke(INK, 2.0),
            )
            + Text::new(
                "censored (still in force at the end)".to_string(),
                (look.px(34.0), -look.px(20.0)),
                style,
            ),
    ))?;
    Ok(())
}
