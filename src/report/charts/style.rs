//! The shared look of every chart: the committed font, the Okabe–Ito palette (ordered
//! so that neighbouring series also differ in lightness, for greyscale prints), dash
//! patterns, sizes that scale with the canvas, number formatting, text fitting, the
//! title block and the empty-state panel.

use super::ChartError;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::sync::OnceLock;

static REGULAR: &[u8] = include_bytes!("../../../assets/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../../assets/DejaVuSans-Bold.ttf");

/// Register DejaVu Sans as plotters' "sans-serif" once per process.
pub(crate) fn ensure_fonts() -> Result<(), ChartError> {
    static DONE: OnceLock<bool> = OnceLock::new();
    let ok = *DONE.get_or_init(|| {
        plotters::style::register_font("sans-serif", FontStyle::Normal, REGULAR).is_ok()
            && plotters::style::register_font("sans-serif", FontStyle::Bold, BOLD).is_ok()
    });
    if ok { Ok(()) } else { Err(ChartError::Font) }
}

/// The Okabe–Ito colour-blind-safe palette: black, orange, sky blue, bluish green,
/// yellow, blue, vermillion, reddish purple.
pub const OKABE_ITO: [RGBColor; 8] = [
    RGBColor(0x00, 0x00, 0x00),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xF0, 0xE4, 0x42),
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0xCC, 0x79, 0xA7),
];

pub(crate) const BLUE: RGBColor = OKABE_ITO[5];
pub(crate) const ORANGE: RGBColor = OKABE_ITO[1];
pub(crate) const SKY: RGBColor = OKABE_ITO[2];
pub(crate) const GREEN: RGBColor = OKABE_ITO[3];
pub(crate) const VERMILLION: RGBColor = OKABE_ITO[6];
pub(crate) const PURPLE: RGBColor = OKABE_ITO[7];
pub(crate) const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
pub(crate) const GREY: RGBColor = RGBColor(0x6E, 0x6E, 0x6E);
pub(crate) const LIGHT_GREY: RGBColor = RGBColor(0xBB, 0xBB, 0xBB);

/// Colour of series `i`: Okabe–Ito, ordered dark, light, mid, … so that neighbours
/// stay apart in greyscale; pair with [`dash`] where series overlap.
pub fn series_color(i: usize) -> RGBColor {
    const ORDER: [RGBColor; 7] = [BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, INK];
    ORDER[i % ORDER.len()]
}

/// Dash pattern of series `i` (dash, gap) in pixels at the default size; `None` = solid.
pub(crate) fn dash(i: usize) -> Option<(f64, f64)> {
    const D: [Option<(f64, f64)>; 4] =
        [None, Some((14.0, 7.0)), Some((4.0, 5.0)), Some((22.0, 6.0))];
    D[(i / 7 + i) % D.len()]
}

/// Sizes that scale with the canvas: 1.0 at 1200×750.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Look {
    pub s: f64,
    /// The smallest font size (plotters' size, in pixels): an em of 2.5% of the canvas
    /// height, so every label reads from the back of a classroom.
    pub min_text: f64,
}

/// The smallest text of any chart as a share of its height.
pub const MIN_TEXT_SHARE: f64 = 0.025;

impl Look {
    /// Text and spacing grow more slowly than the canvas (power 0.6), so half-size
    /// charts stay legible and large ones do not shout.
    pub fn new((w, h): (u32, u32)) -> Look {
        Look {
            // Rounded so libm differences in powf cannot change a byte of output.
            s: ((w as f64 / 1200.0).min(h as f64 / 750.0).powf(0.6) * 1e4).round() / 1e4,
            // plotters' font size is a line height: the em (an SVG `font-size`) is
            // that size / 1.24, and the em is what must reach the share.
            min_text: (h as f64 * MIN_TEXT_SHARE * 1.24 * 4.0).ceil() / 4.0,
        }
    }

    /// A length in pixels at the default size, scaled.
    pub fn px(&self, v: f64) -> i32 {
        ((v * self.s).round() as i32).max(1)
    }

    pub fn pxu(&self, v: f64) -> u32 {
        self.px(v) as u32
    }

    fn font(&self, size: f64) -> FontDesc<'static> {
        self.font_in(size, FontStyle::Normal)
    }

    // `FontDesc::style` keeps the old glyph data in plotters 0.3.7, so bold text is
    // built with its style from the start.
    fn font_in(&self, size: f64, style: FontStyle) -> FontDesc<'static> {
        FontDesc::new(
            FontFamily::SansSerif,
            (((size * self.s).max(8.0) * 4.0).round() / 4.0).max(self.min_text),
            style,
        )
    }

    pub fn title(&self) -> TextStyle<'static> {
        self.font_in(27.0, FontStyle::Bold).color(&INK)
    }
    pub fn subtitle(&self) -> TextStyle<'static> {
        self.font(19.0).color(&GREY)
    }
    pub fn panel_title(&self) -> TextStyle<'static> {
        self.font_in(20.0, FontStyle::Bold).color(&INK)
    }
    pub fn axis(&self) -> TextStyle<'static> {
        self.font(19.0).color(&INK)
    }
    pub fn axis_bold(&self) -> TextStyle<'static> {
        self.font_in(19.0, FontStyle::Bold).color(&INK)
    }
    pub fn tick(&self) -> TextStyle<'static> {
        self.font(16.0).color(&INK)
    }
    pub fn note(&self) -> TextStyle<'static> {
        self.font(16.0).color(&INK)
    }
    pub fn small(&self) -> TextStyle<'static> {
        self.font(14.0).color(&GREY)
    }

    /// Stroke style of series `i` (colour, width).
    pub fn stroke(&self, color: RGBColor, width: f64) -> ShapeStyle {
        color.stroke_width(self.pxu(width))
    }
}

/// Thousands separators: 10000 → "10,000".
pub(crate) fn thousands(n: u64) -> String {
    let d = n.to_string();
    let mut out = String::with_capacity(d.len() + d.len() / 3);
    for (i, c) in d.chars().enumerate() {
        if i > 0 && (d.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A share as a percentage with one decimal ("43.2%"); tiny non-zero shares as "<0.1%".
pub(crate) fn pct(x: f64) -> String {
    if !x.is_finite() {
        "–".into()
    } else if x > 0.0 && x < 0.0005 {
        "<0.1%".into()
    } else {
        format!("{:.1}%", x * 100.0)
    }
}

/// A percent tick label whose precision suits the axis span (a share, 0.05 → "5%").
pub(crate) fn pct_tick(v: f64, span: f64) -> String {
    let p = v * 100.0;
    let span = span * 100.0;
    if span >= 8.0 {
        format!("{p:.0}%")
    } else if span >= 0.8 {
        format!("{p:.1}%")
    } else {
        format!("{p:.2}%")
    }
}

/// A number with about three significant digits, no exponent for everyday sizes.
pub(crate) fn num(x: f64) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let a = x.abs();
    let s = if a == 0.0 {
        "0".to_string()
    } else if a >= 1000.0 {
        format!("{x:.0}")
    } else if a >= 100.0 {
        format!("{x:.1}")
    } else if a >= 10.0 {
        format!("{x:.2}")
    } else if a >= 0.01 {
        format!("{x:.3}")
    } else {
        format!("{x:.2e}")
    };
    trim_zeros(s)
}

/// A mean with its interval, all with the decimals the interval's width needs:
/// "6.8 (95% CI 6.70–6.90)".
pub(crate) fn mean_ci(m: f64, lo: f64, hi: f64) -> String {
    if !(m.is_finite() && lo.is_finite() && hi.is_finite()) || hi <= lo {
        return num(m);
    }
    let d = (-(hi - lo).log10()).ceil() as i32;
    let d = d.clamp(0, 3) as usize;
    // "−22 to −17", not "-22–-17", when a bound is negative.
    if lo < 0.0 || hi < 0.0 {
        return format!("{m:.d$} (95% CI {lo:.d$} to {hi:.d$})");
    }
    format!("{m:.d$} (95% CI {lo:.d$}–{hi:.d$})")
}

fn trim_zeros(s: String) -> String {
    if s.contains('.') && !s.contains('e') {
        let t = s.trim_end_matches('0').trim_end_matches('.');
        if t == "-0" { "0".into() } else { t.to_string() }
    } else {
        s
    }
}

/// Width in pixels of `text` in `style` (0 if it cannot be measured).
pub(crate) fn text_width<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
) -> u32 {
    area.estimate_text_size(text, style)
        .map(|s| s.0)
        .unwrap_or(0)
}

/// The height of a line of `style`: plotters' font size is a line height (the em is
/// that size / 1.24).
pub(crate) fn line_height(style: &TextStyle) -> i32 {
    style.font.get_size().ceil() as i32
}

/// `text` in lines of at most `max_w` pixels, never cut: broken at spaces, and a word
/// wider than a line broken between characters (after a hyphen or an en dash when it
/// has one).
pub(crate) fn wrap_full<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    max_w: u32,
) -> Vec<String> {
    let fits = |s: &str| text_width(area, s, style) <= max_w;
    // Words, each split into pieces that fit a line on their own.
    let mut pieces: Vec<(String, bool)> = Vec::new(); // (piece, starts a word)
    for word in text.split_whitespace() {
        let mut first = true;
        let mut rest: Vec<char> = word.chars().collect();
        while !rest.is_empty() {
            let all: String = rest.iter().collect();
            // Closing punctuation stays with its word, a few pixels over the width,
            // rather than being left alone on a line.
            let bare = all.trim_end_matches([')', ']', ',', '.', ';', ':']);
            if fits(&all) || (bare.len() + 2 >= all.len() && fits(bare)) {
                pieces.push((all, first));
                break;
            }
            // The longest prefix that fits, preferring one ending in a hyphen.
            let mut k = 1;
            while k < rest.len() && fits(&rest[..=k].iter().collect::<String>()) {
                k += 1;
            }
            if let Some(h) = rest[..k].iter().rposition(|&c| c == '-' || c == '–') {
                if h > 0 {
                    k = h + 1;
                }
            }
            pieces.push((rest[..k].iter().collect(), first));
            rest.drain(..k);
            first = false;
        }
    }
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for (p, starts) in pieces {
        let cand = if cur.is_empty() {
            p.clone()
        } else if starts {
            format!("{cur} {p}")
        } else {
            format!("{cur}{p}")
        };
        if cur.is_empty() || (starts && fits(&cand)) {
            cur = cand;
        } else {
            lines.push(std::mem::take(&mut cur));
            cur = p;
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Clear `root`, draw the title block (bold title, grey subtitle), and return the area
/// below it. A title or subtitle too wide for one line wraps onto more lines (never
/// cut), and the area below starts lower.
pub(crate) fn title_block<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    look: Look,
    title: &str,
    subtitle: &str,
) -> Result<DrawingArea<DB, Shift>, ChartError> {
    let (w, _) = root.dim_in_pixel();
    let max_w = w.saturating_sub(look.pxu(40.0));
    let ts = look.title();
    let top = look.px(14.0);
    let mut y = top;
    for line in wrap_full(root, title, &ts, max_w) {
        root.draw_text(
            &line,
            &ts.pos(Pos::new(HPos::Center, VPos::Top)),
            (w as i32 / 2, y),
        )?;
        y += look.px(34.0).max(line_height(&ts));
    }
    if !subtitle.is_empty() {
        let ss = look.subtitle();
        for line in wrap_full(root, subtitle, &ss, max_w) {
            root.draw_text(
                &line,
                &ss.pos(Pos::new(HPos::Center, VPos::Top)),
                (w as i32 / 2, y),
            )?;
            y += look.px(28.0).max(line_height(&ss));
        }
    }
    Ok(root.split_vertically(y + look.px(4.0)).1)
}

/// An empty panel with a centred message, instead of an empty axis.
pub(crate) fn empty_state<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: Look,
    message: &str,
) -> Result<(), ChartError> {
    let (w, h) = area.dim_in_pixel();
    let m = look.px(16.0);
    area.draw(&Rectangle::new(
        [(m, m), (w as i32 - m, h as i32 - m)],
        ShapeStyle::from(&LIGHT_GREY).stroke_width(1),
    ))?;
    let style = look.axis().color(&GREY);
    let lines = wrap_full(area, message, &style, w.saturating_sub(look.pxu(80.0)));
    let lh = look.px(28.0);
    let y0 = h as i32 / 2 - lh * lines.len() as i32 / 2;
    for (k, line) in lines.iter().enumerate() {
        area.draw_text(
            line,
            &style.pos(Pos::new(HPos::Center, VPos::Top)),
            (w as i32 / 2, y0 + lh * k as i32),
        )?;
    }
    Ok(())
}

/// Rows × columns for `n` panels on a landscape canvas.
pub(crate) fn grid_for(n: usize) -> (usize, usize) {
    match n {
        0 | 1 => (1, 1),
        2 => (1, 2),
        3 => (1, 3),
        4 => (2, 2),
        5 | 6 => (2, 3),
        7 | 8 => (2, 4),
        _ => {
            let cols = (n as f64).sqrt().ceil() as usize + 1;
            (n.div_ceil(cols), cols)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_numbers_for_reading() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(10_000), "10,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(pct(0.4321), "43.2%");
        assert_eq!(pct(0.0001), "<0.1%");
        assert_eq!(pct(0.0), "0.0%");
        assert_eq!(pct(f64::NAN), "–");
        assert_eq!(pct_tick(0.2, 1.0), "20%");
        assert_eq!(pct_tick(0.015, 0.05), "1.5%");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(12.345), "12.35");
        assert_eq!(num(-3.0), "-3");
        assert_eq!(num(1500.4), "1500");
        assert_eq!(mean_ci(6.8, 6.697, 6.903), "6.8 (95% CI 6.7–6.9)");
        assert_eq!(mean_ci(55.0, 54.7, 55.3), "55.0 (95% CI 54.7–55.3)");
        assert_eq!(mean_ci(120.0, 100.0, 140.0), "120 (95% CI 100–140)");
        assert_eq!(mean_ci(0.52, 0.5162, 0.5238), "0.520 (95% CI 0.516–0.524)");
        assert_eq!(mean_ci(0.5, f64::NAN, 1.0), "0.5");
        assert_eq!(mean_ci(-20.0, -22.0, -17.0), "-20 (95% CI -22 to -17)");
    }

    #[test]
    fn grids_hold_every_panel() {
        for n in 0..40 {
            let (r, c) = grid_for(n);
            assert!(r * c >= n.max(1), "{n} panels in {r}×{c}");
        }
    }
}
