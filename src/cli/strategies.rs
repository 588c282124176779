//! `detente strategies`: list the strategy catalogue (id, name, memory depth,
//! stochastic, citation, parameters) as a table or JSON.

use super::CliError;
use crate::strategy::CATALOG;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct StrategiesArgs {
    /// Write the catalogue as JSON to FILE (`-` for stdout) instead of the table
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
}

/// The catalogue as JSON bytes.
pub fn catalogue_json() -> Vec<u8> {
    let list: Vec<serde_json::Value> = CATALOG
        .iter()
        .map(|s| {
            serde_json::json!({
                "id": s.id,
                "name": s.name,
                "aliases": s.aliases,
                "memory": s.memory,
                "stochastic": s.stochastic,
                "citation": s.citation,
                "summary": s.summary,
                "params": s.params.iter().map(|(k, v)| serde_json::json!({"name": k, "default": v})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut out = serde_json::to_vec_pretty(&list).unwrap_or_default();
    out.push(b'\n');
    out
}

/// The catalogue as a terminal table: one line per strategy, its citation wrapped on
/// the lines below it, nothing wider than 100 columns.
pub fn catalogue_table() -> String {
    use crate::report::table::{MAX_WIDTH, wrap_words};
    use std::fmt::Write;
    let wid = CATALOG
        .iter()
        .map(|s| s.id.as_str().len())
        .max()
        .unwrap_or(2);
    let wname = CATALOG.iter().map(|s| s.name.len()).max().unwrap_or(4);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<wid$}  {:<wname$}  {:>6}  {:>10}\n    citation",
        "id", "name", "memory", "stochastic"
    );
    for x in CATALOG {
        let mem = x
            .memory
            .map(|m| m.to_string())
            .unwrap_or_else(|| "inf".into());
        let _ = writeln!(
            s,
            "\n{:<wid$}  {:<wname$}  {:>6}  {:>10}",
            x.id,
            x.name,
            mem,
            if x.stochastic { "yes" } else { "no" },
        );
        for l in wrap_words(x.citation, MAX_WIDTH - 4) {
            let _ = writeln!(s, "    {l}");
        }
    }
    let _ = writeln!(
        s,
        "\n{} strategies. Aliases and parameters: `detente strategies --json -`; docs/strategies.md.",
        CATALOG.len()
    );
    s
}

pub fn run(args: StrategiesArgs) -> Result<ExitCode, CliError> {
    match args.json {
        Some(path) => super::write_output(&path, &catalogue_json())?,
        None => super::print_text(&catalogue_table())?,
    }
    Ok(ExitCode::SUCCESS)
}
