//! `detente schema`: the scenario format as a JSON Schema for editors, or as a list of
//! keys with their help, both generated from the loader's key lists.

use super::{CliError, write_output};
use crate::scenario::schema::{json_schema, key_paths};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  detente schema --out detente.schema.json
  detente schema --keys

Editors: with Even Better TOML (taplo), put `#:schema ./detente.schema.json` on the first
line of a scenario, or map scenarios/*.toml to the file in .taplo.toml; keys then
complete and unknown ones are underlined while typing. `detente validate` remains the
check of values.")]
pub struct SchemaArgs {
    /// Print the keys, one per line with what each means, instead of the JSON Schema
    #[arg(long)]
    pub keys: bool,
    /// Write to FILE instead of stdout
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// The key list: `table.key` and its help text, aligned.
pub fn key_list() -> String {
    let paths = key_paths();
    let w = paths.iter().map(|p| p.0.len()).max().unwrap_or(0);
    let mut o = String::new();
    for (p, help) in paths {
        // The help wraps under itself so the list fits 100 columns.
        let lines = crate::report::table::wrap_words(help, 100 - w - 2);
        for (k, l) in lines.iter().enumerate() {
            let key = if k == 0 { p.as_str() } else { "" };
            let line = format!("{key:<w$}  {l}");
            o.push_str(line.trim_end());
            o.push('\n');
        }
    }
    o
}

pub fn run(args: SchemaArgs) -> Result<ExitCode, CliError> {
    let bytes = if args.keys {
        key_list().into_bytes()
    } else {
        let mut b = serde_json::to_vec_pretty(&json_schema()).unwrap_or_default();
        b.push(b'\n');
        b
    };
    let out = args.out.unwrap_or_else(|| PathBuf::from("-"));
    write_output(&out, &bytes)?;
    Ok(ExitCode::SUCCESS)
}
