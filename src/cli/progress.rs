//! Progress bars for the commands that can take more than a couple of seconds
//! (run, sweep, compare, tournament, evolve): drawn on stderr, only when stderr is a
//! terminal, so pipes, files and tests see nothing of them.

use std::io::IsTerminal;

/// A bar of `len` steps named `unit` ("runs", "points", "matches"), or None when
/// stderr is not a terminal.
pub fn bar(len: u64, unit: &str) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() || len == 0 {
        return None;
    }
    let b = indicatif::ProgressBar::new(len);
    b.set_style(
        indicatif::ProgressStyle::with_template(&format!(
            "{{bar:40}} {{pos}}/{{len}} {unit} · {{eta}} left"
        ))
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(b)
}
