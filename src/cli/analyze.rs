//! `detente analyze`: equilibria, dominance, thresholds and bargaining solutions of a
//! scenario's game or of a matrix typed on the command line, as a worked explanation
//! (text) and/or JSON. The analysis itself is `classroom::analyze`.

use super::{CliError, read_input, write_output};
use crate::classroom::analyze::{
    Analysis, analyze_game, analyze_scenario, parse_matrix, render_text,
};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Matrix syntax (--matrix): rows separated by `;`, cells by spaces.
  A cell is `row,col`: the row player's and the column player's payoffs.
  Or every cell is one number: a symmetric game given by the row player's payoffs
  (the column player's are the transpose).

Examples:
  detente analyze --matrix \"3,3 0,5; 5,0 1,1\"      prisoner's dilemma
  detente analyze --matrix \"3 0; 5 1\"              the same, symmetric form
  detente analyze --matrix \"1,-1 -1,1; -1,1 1,-1\"  matching pennies
  detente analyze scenarios/chicken.toml --json -")]
pub struct AnalyzeArgs {
    /// Scenario file: its [game], or the stage game and talks of its two deciding actors
    #[arg(
        value_name = "FILE",
        required_unless_present = "matrix",
        conflicts_with = "matrix"
    )]
    pub file: Option<PathBuf>,
    /// A game typed in: "3,3 0,5; 5,0 1,1" or, symmetric, "3 0; 5 1"
    #[arg(long, value_name = "MATRIX", allow_hyphen_values = true)]
    pub matrix: Option<String>,
    /// Override a scenario key, e.g. --set talks.deadline=5 (repeatable)
    #[arg(long = "set", value_name = "KEY=VALUE", requires = "file")]
    pub set: Vec<String>,
    /// Remove a scenario key, e.g. --unset actor.europe.principal (repeatable; after --set)
    #[arg(long = "unset", value_name = "KEY.PATH", requires = "file")]
    pub unset: Vec<String>,
    /// Also write the analysis as JSON to FILE (`-` = stdout, instead of the text)
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
}

pub fn run(args: AnalyzeArgs) -> Result<ExitCode, CliError> {
    let mut crisis = None;
    let mut outlook = None;
    let analysis = if let Some(m) = &args.matrix {
        let game = parse_matrix(m).map_err(|e| CliError::Input(render_matrix_error(m, &e)))?;
        analyze_game(&game)
    } else if let Some(path) = &args.file {
        let scenario = load_scenario(path, &super::options::overrides(&args.set, &args.unset))?;
        if let Some(c) = crate::classroom::crisis::analyze(&scenario) {
            // On the terminal unless the JSON takes stdout; in the JSON as `crisis`.
            if args.json.as_ref().is_none_or(|p| p.as_os_str() != "-") {
                let text = crate::classroom::crisis::render(&scenario, &c);
                write_output(std::path::Path::new("-"), format!("{text}\n").as_bytes())?;
            }
            crisis = Some(crate::classroom::crisis::report(&scenario, &c));
        }
        // The engine's own numbers where the closed forms leave something out.
        let covered = crisis
            .as_ref()
            .is_some_and(|c| crate::classroom::crisis::closed_forms_cover(&scenario, c));
        if let Some(o) = crate::classroom::crisis::outlook(&scenario).filter(|_| !covered) {
            if args.json.as_ref().is_none_or(|p| p.as_os_str() != "-") {
                let text = crate::classroom::crisis::render_outlook(&scenario, &o);
                write_output(std::path::Path::new("-"), format!("{text}\n").as_bytes())?;
            }
            outlook = Some(o);
        }
        analyze_scenario(&scenario)
    } else {
        return Err(CliError::bare(
            "give a scenario FILE or --matrix \"3,3 0,5; 5,0 1,1\"",
        ));
    };
    emit(
        &analysis,
        crisis.as_ref(),
        outlook.as_ref(),
        args.json.as_deref(),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// `analyze --json`: the analysis, and `crisis` for a bilateral crisis scenario
/// (absent otherwise).
#[derive(serde::Serialize)]
struct AnalysisJson<'a> {
    #[serde(flatten)]
    analysis: &'a Analysis,
    #[serde(skip_serializing_if = "Option::is_none")]
    crisis: Option<&'a crate::classroom::crisis::CrisisReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    crisis_outlook: Option<&'a crate::classroom::crisis::OutlookReport>,
}

fn emit(
    an: &Analysis,
    crisis: Option<&crate::classroom::crisis::CrisisReport>,
    crisis_outlook: Option<&crate::classroom::crisis::OutlookReport>,
    json: Option<&std::path::Path>,
) -> Result<(), CliError> {
    if let Some(path) = json {
        let value = AnalysisJson {
            analysis: an,
            crisis,
            crisis_outlook,
        };
        let mut bytes =
            serde_json::to_vec_pretty(&value).map_err(|e| CliError::Failure(e.into()))?;
        bytes.push(b'\n');
        write_output(path, &bytes)?;
        if path.as_os_str() == "-" {
            return Ok(());
        }
    }
    super::print_text(&render_text(an))
}

/// Load and validate a scenario for analysis.
pub fn load_scenario(
    path: &std::path::Path,
    overrides: &[String],
) -> Result<crate::scenario::Scenario, CliError> {
    let bytes = read_input(path)?;
    let name = path.display().to_string();
    let loaded =
        crate::scenario::load(&name, &bytes, overrides).map_err(|e| CliError::Input(e.render()))?;
    Ok(loaded.scenario)
}

/// `error: …` with the matrix and a caret under the offending character.
pub fn render_matrix_error(text: &str, e: &crate::classroom::analyze::MatrixError) -> String {
    let col = text[..e.offset.min(text.len())].chars().count();
    format!(
        "error: bad --matrix: {}\n  |\n  | {}\n  | {}^\n  = help: rows are separated by `;`, cells by spaces; a cell is `row,col`, e.g. \"3,3 0,5; 5,0 1,1\", or one number per cell for a symmetric game, e.g. \"3 0; 5 1\"",
        e.message,
        text,
        " ".repeat(col)
    )
}
