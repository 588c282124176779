"""The expected-utility model (docs/theory.md §10) in plain CPython: lists and loops, no
NumPy, nothing but the standard library. It is not part of detente and nothing in the
crate or its tests runs it. It exists for two reasons:

- It is the independent implementation that tests/it/expected_utility.rs's
  `ec_ten_rounds_match_an_independent_implementation` compares with: `check` prints the
  figures that test holds (each round's weighted mean and median voter at its start, and
  the offers taken up), and the 100-actor issue of benches/expected_utility.rs.
- It is the "straightforward Python implementation" that docs/expected-utility.md
  ("Performance") times detente against: `time` prints ten-actor, ten-round runs per
  second and 100-actor rounds per second, by CPU time, naming the interpreter (its version
  matters: run it as `python3.10 ...` to time another one).

Two versions of the same rounds, which give the same numbers on both cases:

- `literal` follows the formulas as written: the median voter is the position that wins
  every pairwise vote (O(n^3) a round) and each P_ij is summed where an EU needs it.
- `tabled` takes the median voter as the position with the least weighted distance to
  all others and keeps the P_ij of a round in a matrix.

Usage:
    python3 benches/python/expected_utility.py check
    python3 benches/python/expected_utility.py time [literal|tabled] [SECONDS]
"""
import platform
import sys
import time

EC_CAPABILITY = [0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08]
EC_POSITION = [4.0, 7.0, 4.0, 4.0, 10.0, 10.0, 10.0, 7.0, 4.0, 7.0]
EC_SALIENCE = [0.8, 0.4, 0.2, 0.8, 0.6, 0.6, 0.9, 0.1, 1.0, 0.7]


def hundred():
    """The 100-actor issue on [0, 100] of benches/expected_utility.rs, from the same
    linear congruential sequence."""
    state = 0x2545F4914F6CDD1D
    mask = (1 << 64) - 1

    def nxt():
        nonlocal state
        state = (state * 6364136223846793005 + 1442695040888963407) & mask
        return (state >> 11) / float(1 << 53)

    c, x, s = [], [], []
    for _ in range(100):
        c.append(0.05 + nxt())
        x.append(float(round(nxt() * 100.0)))
        s.append(nxt())
    return c, x, s


def weighted_mean(x, w):
    total = sum(w)
    if total > 0:
        return sum(wi * xi for wi, xi in zip(w, x)) / total
    return sum(x) / len(x)


def median_pairwise(x, w):
    """The first position that no other position beats in a weighted vote."""
    n = len(x)
    for j in range(n):
        beaten = False
        for m in range(n):
            vote = 0.0
            for k in range(n):
                vote += w[k] * (abs(x[k] - x[m]) - abs(x[k] - x[j]))
            if vote < 0:
                beaten = True
                break
        if not beaten:
            return x[j]
    return float("nan")


def median_distance(x, w):
    """The first position with the least weighted total distance to all positions."""
    best, least = float("nan"), float("inf")
    for xj in x:
        total = sum(wk * abs(xk - xj) for xk, wk in zip(x, w))
        if total < least:
            least, best = total, xj
    return best


def win_probability(x, w, i, j):
    if x[i] == x[j]:
        return 0.0
    num = 0.0
    den = 0.0
    for xk, wk in zip(x, w):
        v = wk * (abs(xk - x[j]) - abs(xk - x[i]))
        num += v
        den += abs(v)
    return max(0.0, num) / den if den > 0 else 0.0


def expected_utility(q, t, s_j, p_ij, delta, e, r):
    u_s = 2 - 4 * (0.5 - 0.5 * delta) ** r
    u_f = 2 - 4 * (0.5 + 0.5 * delta) ** r
    u_b = 2 - 4 * (0.5 - 0.25 * e) ** r
    u_w = 2 - 4 * (0.5 + 0.25 * e) ** r
    u_sq = 2 - 4 * 0.5**r
    status_quo = q * u_sq + (1 - q) * (t * u_b + (1 - t) * u_w)
    return s_j * (p_ij * u_s + (1 - p_ij) * u_f) + (1 - s_j) * u_s - status_quo


def play_round(low, high, c, x, s, literal, q=1.0, t=1.0):
    """One round: returns the new positions, the weighted mean and median voter at the
    round's start, and the offers taken up as (sender, target, outcome)."""
    n = len(x)
    d = high - low
    w = [c[k] * s[k] for k in range(n)]
    mean = weighted_mean(x, w)
    median = median_pairwise(x, w) if literal else median_distance(x, w)
    if literal:
        def prob(i, j):
            return win_probability(x, w, i, j)
    else:
        table = [[win_probability(x, w, i, j) for j in range(n)] for i in range(n)]

        def prob(i, j):
            return table[i][j]

    # First pass: r = 1 and the median voter, for the dangers and risk exponents.
    danger = []
    for i in range(n):
        total = 0.0
        for j in range(n):
            if j != i:
                dji = abs(x[j] - x[i])
                e = (abs(x[j] - median) + dji) / d
                total += expected_utility(q, t, s[i], prob(j, i), dji / d, e, 1.0)
        danger.append(total)
    hi, lo = max(danger), min(danger)
    r = []
    for dg in danger:
        if hi > lo:
            big_r = min(1.0, max(-1.0, (2 * dg - hi - lo) / (hi - lo)))
            r.append(min(2.0, max(0.5, (1 - big_r / 3) / (1 + big_r / 3))))
        else:
            r.append(1.0)
    # Second pass: the new risk exponents and the weighted mean.
    eu = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            if x[i] != x[j]:
                dij = abs(x[i] - x[j])
                e = (abs(x[i] - mean) + dij) / d
                eu[i][j] = expected_utility(q, t, s[j], prob(i, j), dij / d, e, r[i])
    new = list(x)
    events = []
    for j in range(n):
        best = None
        for i in range(n):
            v = eu[i][j]
            if i == j or x[i] == x[j] or v <= 0:
                continue
            if (
                best is None
                or v > eu[best][j]
                or (v == eu[best][j] and abs(x[i] - x[j]) < abs(x[best] - x[j]))
            ):
                best = i
        if best is None:
            continue
        offer, reply = eu[best][j], eu[j][best]
        if reply > 0 and reply < offer:
            new[j] = x[best]
            outcome = "confrontation"
        elif reply < 0 and -reply < offer:
            new[j] = x[j] + (x[best] - x[j]) * abs(reply / offer)
            outcome = "compromise"
        elif reply < 0:
            new[j] = x[best]
            outcome = "capitulation"
        else:
            outcome = "resisted"
        events.append((best, j, outcome))
    return new, mean, median, events


def play(low, high, c, x, s, literal, rounds=10, on_round=None):
    """Rounds until `rounds` or until no position moves; returns the weighted mean and
    median voter of the final positions, and the positions."""
    for k in range(rounds):
        new, mean, median, events = play_round(low, high, c, x, s, literal)
        if on_round:
            on_round(k + 1, mean, median, events)
        moved = max(abs(a - b) for a, b in zip(new, x))
        x = new
        if moved <= 0:
            break
    w = [c[k] * s[k] for k in range(len(x))]
    median = median_pairwise(x, w) if literal else median_distance(x, w)
    return weighted_mean(x, w), median, x


def check():
    for literal in (True, False):
        print("literal" if literal else "tabled")

        def show(k, mean, median, events):
            print(f"  round {k}: mean {mean!r} median {median!r} offers taken up {events}")

        mean, median, x = play(4.0, 10.0, EC_CAPABILITY, EC_POSITION, EC_SALIENCE, literal,
                               on_round=show)
        print(f"  EC prediction {mean!r} (median voter {median!r}); Ireland at {x[7]!r}")
        c, x, s = hundred()
        mean, median, _ = play(0.0, 100.0, c, x, s, literal)
        print(f"  100 actors, 10 rounds: prediction {mean!r} (median voter {median!r})")


def calls_per_second(call, seconds):
    """How many times a second `call()` runs, by CPU time over about `seconds`."""
    start = time.process_time()
    calls = 0
    while time.process_time() - start < seconds:
        call()
        calls += 1
    return calls / (time.process_time() - start)


def timing(literal, seconds):
    # The interpreter matters: CPython 3.11 runs these loops about 1.3 times as fast as 3.10.
    name = f"{'literal' if literal else 'tabled'} ({platform.python_implementation()} "\
        f"{platform.python_version()})"
    runs = calls_per_second(
        lambda: play(4.0, 10.0, EC_CAPABILITY, EC_POSITION, EC_SALIENCE, literal), seconds)
    print(f"{name}, EC, 10 actors: {runs:.1f} ten-round runs/s "
          f"({1e3 / runs:.2f} ms a run, CPU time)")
    c, x, s = hundred()
    played = []  # the rounds one play of the 100-actor issue takes (ten: it never settles)
    play(0.0, 100.0, c, x, s, literal, on_round=lambda k, *_: played.append(k))
    plays = calls_per_second(lambda: play(0.0, 100.0, c, x, s, literal), seconds)
    print(f"{name}, 100 actors: {plays * len(played):.2f} rounds/s (CPU time)")


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["check"]:
        check()
    elif args[:1] == ["time"]:
        variant = args[1] if len(args) > 1 else "literal"
        if variant not in ("literal", "tabled"):
            sys.exit("the version is literal or tabled")
        timing(variant == "literal", float(args[2]) if len(args) > 2 else 5.0)
    else:
        sys.exit(__doc__)
