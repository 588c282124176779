//! Every shipped scenario and every `detente new` template loads without errors; the
//! reference scenario keeps the shape the README and the benchmark rely on.

use assert_cmd::Command;
use detente::cli::new::{GAME_TEMPLATE, TREATY_TEMPLATE, Template};
use detente::scenario::{self, Loaded};
use std::path::PathBuf;

/// All `scenarios/*.toml`, sorted, so a new file is covered automatically.
pub fn shipped() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir("scenarios")
        .expect("scenarios/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    v.sort();
    v
}

/// Load a file, failing the test with the rendered diagnostics.
pub fn load_ok(path: &std::path::Path) -> Loaded {
    let bytes = std::fs::read(path).expect("readable");
    let name = path.display().to_string();
    match scenario::load(&name, &bytes, &[]) {
        Ok(l) => l,
        Err(e) => panic!("{name} does not load:\n{}", e.render()),
    }
}

#[test]
fn every_shipped_scenario_loads_without_errors() {
    let files = shipped();
    assert!(
        files.len() >= 12,
        "expected the shipped scenarios, found {files:?}"
    );
    for f in &files {
        let l = load_ok(f);
        assert!(
            !l.scenario.meta.sources.is_empty(),
            "{}: cite sources",
            f.display()
        );
    }
}

/// Warnings a shipped scenario is meant to raise: (file name, actor) for the treaties
/// whose temptation starts negative and drifts upward (the point of INF and ABM).
const INTENDED_WARNINGS: &[(&str, &str)] = &[
    ("abm-treaty.toml", "`usa`"),
    ("inf-treaty.toml", "`usa`"),
    ("inf-treaty.toml", "`ussr`"),
];

#[test]
fn shipped_scenarios_warn_only_where_intended() {
    let mut seen = Vec::new();
    for f in shipped() {
        let l = load_ok(&f);
        let file = f.file_name().expect("name").to_string_lossy().into_owned();
        for w in &l.warnings {
            let intended = INTENDED_WARNINGS.iter().find(|(n, who)| {
                *n == file && w.message.contains(who) && w.message.contains("drifts upward")
            });
            match intended {
                Some(i) => seen.push(*i),
                None => {
                    let bytes = std::fs::read(&f).expect("readable");
                    panic!(
                        "{file}: unintended warning:\n{}",
                        scenario::render_warnings(&l, &f.display().to_string(), &bytes)
                    );
                }
            }
        }
    }
    assert_eq!(
        seen, INTENDED_WARNINGS,
        "an intended warning is no longer raised"
    );
}

#[test]
fn security_guarantees_is_the_reference_scenario() {
    let s = load_ok(std::path::Path::new("scenarios/security-guarantees.toml")).scenario;
    assert!(s.actors.len() >= 3);
    assert!(s.meta.horizon >= 120);
    assert_eq!(s.meta.runs, 10_000);
    assert!(
        s.actors.iter().any(|a| !a.decides()),
        "needs an actor that cannot decide"
    );
    assert_eq!(s.deciders().len(), 2);
}

#[test]
fn binding_and_verbal_twins_differ_only_in_the_treaty() {
    let b = load_ok(std::path::Path::new("scenarios/legally-binding.toml")).scenario;
    let v = load_ok(std::path::Path::new("scenarios/verbal-assurance.toml")).scenario;
    assert_eq!(
        b.actors,
        v.actors
            .iter()
            .map(|a| {
                let mut a = a.clone();
                a.exit_cost = b.treaty.exit_cost.clone();
                a.notice = b.treaty.notice;
                a
            })
            .collect::<Vec<_>>()
    );
    assert_eq!(b.issues, v.issues);
    assert_eq!(b.conflict, v.conflict);
    assert_eq!(b.talks, v.talks);
    assert_eq!(b.reputation, v.reputation);
    assert_eq!((b.meta.seed, b.meta.runs), (v.meta.seed, v.meta.runs));
    assert_ne!(b.treaty.form, v.treaty.form);
    // The treaty differs in its form, notice and exit cost only.
    let mut t = v.treaty.clone();
    t.form = b.treaty.form;
    t.notice = b.treaty.notice;
    t.exit_cost = b.treaty.exit_cost.clone();
    assert_eq!(t, b.treaty);
    assert!(b.treaty.notice > 0 && v.treaty.notice == 0);
}

/// Per-run headline outcomes of a shipped scenario, runs `0..runs` of its seed.
fn run_bits(path: &str, runs: u64) -> Vec<detente::report::compare::RunBits> {
    use detente::engine::run::{Scratch, simulate};
    use detente::engine::{key_for, rng_for};
    let s = load_ok(std::path::Path::new(path)).scenario;
    let m = detente::model::Model::compile(&s);
    let mut scratch = Scratch::new(&m);
    let key = key_for(s.meta.seed);
    (0..runs)
        .map(|k| {
            let mut rng = rng_for(&key, k);
            simulate(&m, &mut scratch, &mut rng, &mut detente::story::NoTrace);
            detente::report::compare::RunBits::of(&scratch.result, m.horizon)
        })
        .collect()
}

#[test]
fn the_binding_twin_agrees_less_often_but_its_treaties_last_longer() {
    // Theory (Abbott & Snidal; the two-level game): a legally binding treaty must pass
    // the Senate, which refuses some deals Russia would take, so fewer talks end in
    // agreement; once agreed it is costly and slow to leave, so it lasts longer. The
    // twins run with the same random numbers: paired differences, verbal minus binding,
    // each at least 4 of its standard errors from 0 (SE from the paired 95% interval).
    // The agreement gap is about 2 points (the open door's power shift settles later
    // talks in both twins), so it takes 1,000 runs to resolve it at 4 SE.
    let runs = 1000;
    let binding = run_bits("scenarios/legally-binding.toml", runs);
    let verbal = run_bits("scenarios/verbal-assurance.toml", runs);
    let p = detente::report::compare::Paired::between(&binding, &verbal);
    let se = |d: &detente::stats::PairedDiff| (d.hi - d.lo) / (2.0 * detente::stats::Z95);
    let (a, f) = (p.agreement, p.first_treaty_survives);
    assert!(a.diff > 4.0 * se(&a), "agreements, verbal − binding: {a:?}");
    assert!(f.diff < -4.0 * se(&f), "first treaties surviving: {f:?}");
    // Few verbal runs fail to agree where the binding one agrees: the verbal form only
    // removes the Senate's veto (the talks do not price the exit cost), though a
    // different offer can meet a different answer, or war, later in the talks.
    let lost = binding
        .iter()
        .zip(&verbal)
        .filter(|(b, v)| b.agreed && !v.agreed)
        .count();
    assert!(
        lost * 20 < runs as usize,
        "{lost} runs agree only when binding"
    );
}

#[test]
fn templates_load_cleanly() {
    for (name, text) in [
        ("treaty.toml", TREATY_TEMPLATE),
        ("game.toml", GAME_TEMPLATE),
    ] {
        let l = match scenario::load(name, text.as_bytes(), &[]) {
            Ok(l) => l,
            Err(e) => panic!("template {name} does not load:\n{}", e.render()),
        };
        assert!(
            l.warnings.is_empty(),
            "{}",
            scenario::render_warnings(&l, name, text.as_bytes())
        );
    }
}

fn detente() -> Command {
    Command::cargo_bin("detente").expect("binary built")
}

#[test]
fn new_writes_the_template_to_stdout() {
    let out = detente().arg("new").assert().success();
    assert_eq!(out.get_output().stdout, TREATY_TEMPLATE.as_bytes());
    let out = detente()
        .args(["new", "--template", "game"])
        .assert()
        .success();
    assert_eq!(out.get_output().stdout, GAME_TEMPLATE.as_bytes());
}

#[test]
fn new_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("mine.toml");
    std::fs::write(&file, "keep me").expect("write");
    let out = detente().args(["new", "-o"]).arg(&file).assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("already exists"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "keep me");

    detente()
        .args(["new", "--force", "-o"])
        .arg(&file)
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        Template::Treaty.text_for(&file.to_string_lossy())
    );
}

#[test]
fn a_written_template_names_its_own_file_in_its_example_commands() {
    let t = Template::Treaty.text_for("talks.toml");
    assert!(
        t.contains("#   detente validate talks.toml          (every error"),
        "{t}"
    );
    assert!(
        t.contains("#   detente run      talks.toml          (many runs"),
        "{t}"
    );
    assert!(!t.contains("my-scenario.toml"));
    // Only the commands' lines change.
    let changed = TREATY_TEMPLATE
        .lines()
        .zip(t.lines())
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(changed, 3);
    assert_eq!(TREATY_TEMPLATE.lines().count(), t.lines().count());
    // A long name keeps one space before the comment; a name the shell would split
    // is quoted; the game template names its file too.
    let g = Template::Game.text_for("out/My Game.toml");
    assert!(
        g.contains("#   detente tournament --game 'out/My Game.toml' (repeated"),
        "{g}"
    );
    assert!(!g.contains("my-game.toml"));
    // A newline in the name would end the comment: the placeholder stays.
    assert_eq!(Template::Treaty.text_for("a\nb.toml"), TREATY_TEMPLATE);
    // Whatever the name, the template still loads.
    for text in [t, g] {
        if let Err(e) = scenario::load("t.toml", text.as_bytes(), &[]) {
            panic!("{}", e.render());
        }
    }
}
