//! Box plots per category (tournament scores over repetitions).

use super::*;

pub(super) fn draw_box_plots<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    look: Look,
    axes: &Axes,
    boxes: &[BoxStats],
) -> Result<(), ChartError> {
    let body = title_block(root, look, &axes.title, &axes.subtitle)?;
    let yr = finite_range(boxes.iter().flat_map(|b| {
        [
            b.p05,
            b.p25,
            b.p50,
            b.p75,
            b.p95,
            b.mean.unwrap_or(f64::NAN),
        ]
    }));
    let Some(yr) = yr else {
        return empty_state(&body, look, "No values to draw.");
    };
    let (a, b) = pad_range(yr);
    let m = (b - a) * 0.08;
    let n = boxes.len();
    let (lines, x_area) = category_lines(
        &body,
        look,
        boxes.iter().map(|b| b.label.as_str()),
        n,
        look.px(92.0),
    );
    let mut chart = ChartBuilder::on(&body)
        .margin(look.px(14.0))
        .margin_right(look.px(30.0))
        .x_label_area_size(x_area)
        .y_label_area_size(look.px(92.0))
        .build_cartesian_2d(-0.5..(n as f64 - 0.5), (a - m)..(b + m))?;
    mesh(
        &mut chart,
        look,
        &axes.x_label,
        &axes.y_label,
        axes.y_percent,
        false,
        0,
        false,
    )?;
    let half = 0.3;
    for (i, bx) in boxes.iter().enumerate() {
        let x = i as f64;
        let color = series_color(i);
        let st = look.stroke(INK, 2.0);
        let fin = |v: f64| v.is_finite();
        if fin(bx.p05) && fin(bx.p95) {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(x, bx.p05), (x, bx.p95)],
                st,
            )))?;
            for y in [bx.p05, bx.p95] {
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(x - half / 2.0, y), (x + half / 2.0, y)],
                    st,
                )))?;
            }
        }
        if fin(bx.p25) && fin(bx.p75) {
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x - half, bx.p25), (x + half, bx.p75)],
                color.mix(0.85).filled(),
            )))?;
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x - half, bx.p25), (x + half, bx.p75)],
                st,
            )))?;
        }
        if fin(bx.p50) {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(x - half, bx.p50), (x + half, bx.p50)],
                look.stroke(INK, 3.5),
            )))?;
        }
        if let Some(mean) = bx.mean.filter(|v| v.is_finite()) {
            chart.draw_series(std::iter::once(Circle::new(
                (x, mean),
                look.px(6.0),
                WHITE.filled(),
            )))?;
            chart.draw_series(std::iter::once(Circle::new((x, mean), look.px(6.0), st)))?;
        }
    }
    let anchors: Vec<_> = (0..boxes.len())
        .map(|i| chart.backend_coord(&(i as f64, a - m)))
        .collect();
    draw_category_labels(&body, look, &anchors, &lines)
}
