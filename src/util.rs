//! Small helpers shared across modules: edit distance for "did you mean" hints, the
//! closeness formula behind every utility of terms, and the width of terminal text and
//! numbers for people (shared by `report` and `classroom`, so neither imports the
//! other's text).

/// Levenshtein distance between two strings (by chars).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidate closest to `word`, if it is within a third of the word's length
/// (at least 2 edits), ties broken by candidate order.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        let d = edit_distance(&word.to_ascii_lowercase(), &c.to_ascii_lowercase());
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Salience-weighted closeness of `x` to `ideal`, issue widths given by `width(j)`:
/// the one formula behind every utility of terms.
#[inline]
pub fn closeness(x: &[f64], ideal: &[f64], salience: &[f64], width: impl Fn(usize) -> f64) -> f64 {
    let mut u = 0.0;
    for j in 0..x.len() {
        u += salience[j] * (1.0 - (x[j] - ideal[j]).abs() / width(j));
    }
    u.clamp(0.0, 1.0)
}

/// Widest line of every table: a terminal of 100 columns shows them whole.
pub const MAX_WIDTH: usize = 100;

/// `s` in lines of at most `width` characters, broken at spaces (a word longer than
/// `width` gets a line of its own), so long labels are wrapped, never cut.
pub fn wrap_words(s: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in s.split_whitespace() {
        let cur = lines.last_mut().expect("one line at least");
        if cur.is_empty() {
            cur.push_str(word);
        } else if cur.chars().count() + 1 + word.chars().count() <= width {
            cur.push(' ');
            cur.push_str(word);
        } else {
            lines.push(word.to_string());
        }
    }
    lines
}

/// A number for people: at most 6 significant digits, no trailing zeros.
pub fn short(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let digits = (5 - x.abs().log10().floor() as i32).clamp(0, 15) as usize;
    let s = format!("{x:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_numbers_keep_six_significant_digits() {
        assert_eq!(short(2.8447265625), "2.84473");
        assert_eq!(short(20.0), "20");
        assert_eq!(short(0.000123456789), "0.000123457");
        assert_eq!(short(-1.5), "-1.5");
        assert_eq!(short(123456.7), "123457");
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }

    #[test]
    fn closest_picks_nearest_within_limit() {
        let c = ["horizon", "seed", "runs"];
        assert_eq!(closest("horizn", c), Some("horizon"));
        assert_eq!(closest("sed", c), Some("seed"));
        assert_eq!(closest("completely-different", c), None);
    }
}
