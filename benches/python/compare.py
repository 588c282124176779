"""Times detente's ten-actor EC run against the plain CPython version of the model
(expected_utility.py, version `literal`), in turns, and prints how many times as fast
detente is, per pair and at the median: the measurement behind
docs/expected-utility.md, "How fast, and against CPython".

Each pair is three seconds of criterion's `ec10_run` (wall clock, one thread), then
three seconds of the literal version under each interpreter given (CPU time). In turns,
not at once: the two would share the machine's cores. Run it from the repository's root
on a machine doing nothing else; it builds the bench first.

Usage:
    python3 benches/python/compare.py [PAIRS] [INTERPRETER ...]
    python3 benches/python/compare.py 8 python3.10 python3.11
"""
import re
import statistics
import subprocess
import sys

UNITS = {"ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}
PYTHON = (
    "import sys; sys.path.insert(0, 'benches/python'); import expected_utility as m; "
    "print(m.calls_per_second(lambda: m.play(4.0, 10.0, m.EC_CAPABILITY, m.EC_POSITION, "
    "m.EC_SALIENCE, True), 3.0))"
)


def rust_runs_per_second():
    """One criterion measurement of `ec10_run`: its median estimate, in runs a second."""
    out = subprocess.run(
        ["cargo", "bench", "--quiet", "--bench", "expected_utility", "--",
         "ec10_run$", "--warm-up-time", "1", "--measurement-time", "3"],
        capture_output=True, text=True, check=True).stdout
    found = re.search(r"ec10_run\s+time:\s+\[\S+ \S+ (\S+) (\S+)", out)
    if not found:
        sys.exit(f"no ec10_run time in criterion's output:\n{out}")
    return 1.0 / (float(found.group(1)) * UNITS[found.group(2)])


def python_runs_per_second(interpreter):
    out = subprocess.run([interpreter, "-c", PYTHON], capture_output=True, text=True,
                         check=True).stdout
    return float(out)


def main():
    args = sys.argv[1:]
    pairs = int(args[0]) if args and args[0].isdigit() else 5
    interpreters = [a for a in args if not a.isdigit()] or ["python3"]
    subprocess.run(["cargo", "bench", "--quiet", "--bench", "expected_utility", "--no-run"],
                   check=True)
    ratios = {p: [] for p in interpreters}
    for k in range(1, pairs + 1):
        rust = rust_runs_per_second()
        line = f"pair {k}: detente {rust:,.0f} runs/s"
        for p in interpreters:
            py = python_runs_per_second(p)
            ratios[p].append(rust / py)
            line += f"; {p} {py:.1f} runs/s, {rust / py:,.0f} times"
        print(line, flush=True)
    for p, r in ratios.items():
        print(f"{p}: detente {min(r):,.0f}-{max(r):,.0f} times as fast "
              f"(median {statistics.median(r):,.0f}); "
              f"{sum(x >= 1000 for x in r)} of {len(r)} pairs at 1,000 times or more")


if __name__ == "__main__":
    main()
