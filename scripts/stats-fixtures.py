#!/usr/bin/python3
"""Reference fixtures for Baton's experiment statistics (../shared/STATS.md).

Generates unit-level CSVs with fixed seeds and computes the expected analysis with the scipy and
statsmodels calls STATS.md names, so server/experiments/stats/fixtures.test.ts can check the
TypeScript implementation without Python. Run with Debian's interpreter, which has
python3-scipy, python3-statsmodels and python3-pandas:

    /usr/bin/python3 scripts/stats-fixtures.py

Output: server/experiments/stats/fixtures/<case>/{design.json,units.csv,expected.json}, and
server/experiments/stats/power-fixtures.json (statsmodels NormalIndPower sample sizes).
"""

import json
import math
import os

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_effectsize, proportions_ztest
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

OUT = os.path.join(os.path.dirname(__file__), "..", "server", "experiments", "stats", "fixtures")
Z_STAR = stats.norm.ppf(0.975)
COLUMNS = ["unit_id", "variant", "converted", "revenue", "pre_revenue", "conversations", "searches"]


def num(x):
    """A JSON number, or None where the value is undefined (NaN or infinite)."""
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def per_variant(d):
    n = len(d)

    def mean(c):
        return num(d[c].mean()) if n > 0 else None

    def sd(c):
        return num(d[c].std(ddof=1)) if n > 1 else None

    x = int(d["converted"].sum())
    return {
        "n": n,
        "conversions": x,
        "conversion_rate": num(x / n) if n else None,
        "revenue_mean": mean("revenue"),
        "revenue_sd": sd("revenue"),
        "pre_revenue_mean": mean("pre_revenue"),
        "conversations_mean": mean("conversations"),
        "conversations_sd": sd("conversations"),
        "searches_mean": mean("searches"),
        "searches_sd": sd("searches"),
    }


def conversion(t, c):
    nt, nc = len(t), len(c)
    xt, xc = int(t["converted"].sum()), int(c["converted"].sum())
    pt, pc = xt / nt, xc / nc
    pooled = (xt + xc) / (nt + nc)
    pooled_se = math.sqrt(pooled * (1 - pooled) * (1 / nt + 1 / nc))
    if pooled_se > 0:
        z, p = proportions_ztest([xt, xc], [nt, nc])
    else:
        z, p = None, None
    low, high = confint_proportions_2indep(xt, nt, xc, nc, method="wald", compare="diff")
    vt, vc = pt * (1 - pt) / nt, pc * (1 - pc) / nc
    rel = pt / pc - 1 if pc > 0 else None
    rel_se = math.sqrt(vt / pc**2 + pt**2 * vc / pc**4) if pc > 0 else None
    return {
        "abs_diff": num(pt - pc),
        "rel_diff": num(rel),
        "pooled_rate": num(pooled),
        "pooled_se": num(pooled_se),
        "z": num(z),
        "p_value": num(p),
        "se": num(math.sqrt(vt + vc)),
        "ci_low": num(low),
        "ci_high": num(high),
        "rel_se": num(rel_se),
        "rel_ci_low": num(rel - Z_STAR * rel_se) if rel is not None else None,
        "rel_ci_high": num(rel + Z_STAR * rel_se) if rel is not None else None,
    }


def welch(yt, yc):
    yt, yc = np.asarray(yt, dtype=float), np.asarray(yc, dtype=float)
    cm = CompareMeans(DescrStatsW(yt), DescrStatsW(yc))
    t, p = stats.ttest_ind(yt, yc, equal_var=False)
    _, _, df = cm.ttest_ind(usevar="unequal")
    low, high = cm.tconfint_diff(alpha=0.05, usevar="unequal")
    mc = yc.mean()
    return {
        "mean_diff": num(yt.mean() - mc),
        "rel_diff": num(yt.mean() / mc - 1) if mc != 0 else None,
        "se": num(cm.std_meandiff_separatevar),
        "df": num(df),
        "t": num(t),
        "p_value": num(p),
        "ci_low": num(low),
        "ci_high": num(high),
    }


def cuped(t, c):
    both = pd.concat([t, c])
    x, y = both["pre_revenue"].to_numpy(float), both["revenue"].to_numpy(float)
    xbar, ybar = x.mean(), y.mean()
    sxx = ((x - xbar) ** 2).sum()
    theta = ((x - xbar) * (y - ybar)).sum() / sxx if sxx > 0 else 0.0

    def adjust(d):
        return d["revenue"].to_numpy(float) - theta * (d["pre_revenue"].to_numpy(float) - xbar)

    w = welch(adjust(t), adjust(c))
    del w["rel_diff"]
    return {"theta": num(theta), **w}


def analyze(design, units):
    control = design["control"]
    arms = {v: units[units["variant"] == v] for v in design["variants"]}
    counts = [len(arms[v]) for v in design["variants"]]
    expected = [sum(counts) * design["intended_split"][v] for v in design["variants"]]
    chi2, p = stats.chisquare(counts, expected)
    comparisons = {}
    for v in design["variants"]:
        if v == control:
            continue
        t, c = arms[v], arms[control]
        comparisons[v] = {
            "conversion": conversion(t, c),
            "revenue": welch(t["revenue"], c["revenue"]),
            "conversations": welch(t["conversations"], c["conversations"]),
            "searches": welch(t["searches"], c["searches"]),
            "revenue_cuped": cuped(t, c),
        }
    if len(comparisons) >= 2:
        for metric in ["conversion", "revenue", "conversations", "searches", "revenue_cuped"]:
            names = list(comparisons)
            adjusted = multipletests([comparisons[v][metric]["p_value"] for v in names], method="holm")[1]
            for v, a in zip(names, adjusted):
                comparisons[v][metric]["p_value_holm"] = num(a)
    return {
        "results": {
            "variants": {v: per_variant(arms[v]) for v in design["variants"]},
            "srm": {"chi2": num(chi2), "df": len(counts) - 1, "p_value": num(p)},
            "comparisons": comparisons,
        }
    }


def arm(rng, variant, n, rate, revenue_scale, lift=1.0, conv_rate=1.5, search_rate=3.0):
    """n synthetic units: revenue correlates with the pre-period, only converters pay."""
    pre = np.round(rng.gamma(2.0, revenue_scale / 2.0, n), 2)
    converted = (rng.random(n) < rate).astype(int)
    revenue = np.round(converted * (0.6 * pre + rng.gamma(2.0, revenue_scale / 2.0, n)) * lift, 2)
    return pd.DataFrame({
        "variant": variant,
        "converted": converted,
        "revenue": revenue,
        "pre_revenue": pre,
        "conversations": rng.poisson(conv_rate, n),
        "searches": rng.poisson(search_rate, n),
    })


def design_for(variants, split=None):
    split = split or {v: 1 / len(variants) for v in variants}
    return {"control": variants[0], "variants": variants, "intended_split": split,
            "alpha": 0.05, "confidence": 0.95, "duration_days": 28}


def write(name, design, frames, rng, columns=COLUMNS, extra=False):
    units = pd.concat(frames, ignore_index=True)
    units = units.iloc[rng.permutation(len(units))].reset_index(drop=True)
    units.insert(0, "unit_id", [f"{name[:2]}{i}" for i in range(len(units))])
    if extra:
        units["plan"] = rng.choice(["free", "pro"], len(units))
    folder = os.path.join(OUT, name)
    os.makedirs(folder, exist_ok=True)
    units[columns + (["plan"] if extra else [])].to_csv(os.path.join(folder, "units.csv"), index=False)
    with open(os.path.join(folder, "design.json"), "w") as f:
        json.dump(design, f, indent=2)
        f.write("\n")
    # Expected values from the CSV as written, so rounding in the file cannot differ.
    reread = pd.read_csv(os.path.join(folder, "units.csv"), dtype={"unit_id": str, "variant": str})
    with open(os.path.join(folder, "expected.json"), "w") as f:
        json.dump(analyze(design, reread), f, indent=2)
        f.write("\n")


def main():
    rng = np.random.default_rng(20261201)
    ab = design_for(["control", "treatment"])

    # Large effect: conversion 10% vs 19% (z ≈ 14), p-values from 1e-43 down to 1e-80.
    write("large-effect", ab, [arm(rng, "control", 6000, 0.10, 40), arm(rng, "treatment", 6000, 0.19, 40, lift=1.3,
                                                                            conv_rate=1.1, search_rate=2.2)], rng)
    # A/A: both arms drawn from the same distributions; columns shuffled, an unknown column kept.
    shuffled = ["searches", "variant", "revenue", "unit_id", "conversations", "pre_revenue", "converted"]
    write("aa-null", ab, [arm(rng, "control", 1500, 0.12, 30), arm(rng, "treatment", 1500, 0.12, 30)], rng,
          columns=shuffled, extra=True)
    # Tiny sample: five units per arm.
    write("tiny", ab, [arm(rng, "control", 5, 0.4, 20), arm(rng, "treatment", 5, 0.6, 20)], rng)
    # Sample-ratio mismatch: 1,100 vs 900 against an intended 50/50.
    write("srm", ab, [arm(rng, "control", 1100, 0.1, 30), arm(rng, "treatment", 900, 0.1, 30)], rng)
    # Three arms with an unequal intended split: Holm across the two comparisons.
    three = design_for(["control", "help_hidden", "help_expanded"],
                       {"control": 0.5, "help_hidden": 0.25, "help_expanded": 0.25})
    write("three-arms", three, [arm(rng, "control", 1000, 0.15, 30), arm(rng, "help_hidden", 500, 0.11, 30),
                                arm(rng, "help_expanded", 500, 0.16, 30, conv_rate=1.8)], rng)
    # Revenue outlier: one treatment unit pays 50,000 among typical values near 30.
    t = arm(rng, "treatment", 800, 0.2, 30)
    t.loc[0, ["converted", "revenue"]] = [1, 50000.0]
    write("revenue-outlier", ab, [arm(rng, "control", 800, 0.2, 30), t], rng)
    # Zero-conversion control: no conversions, no revenue and no conversations in control, so every
    # relative figure against it is null.
    c = arm(rng, "control", 400, 0.0, 30)
    c["conversations"] = 0
    write("zero-control", ab, [c, arm(rng, "treatment", 400, 0.05, 30)], rng)


def power_fixtures():
    """n per arm from NormalIndPower.solve_power (two-sided, ratio 1) for proportions and means."""
    cases = []
    for baseline, mde, alpha, power in [(0.10, 0.02, 0.05, 0.8), (0.30, 0.09, 0.05, 0.8), (0.05, 0.005, 0.05, 0.9),
                                        (0.50, -0.05, 0.01, 0.8), (0.02, 0.01, 0.1, 0.95)]:
        h = proportion_effectsize(baseline + mde, baseline)
        n = NormalIndPower().solve_power(effect_size=h, alpha=alpha, power=power, ratio=1.0, alternative="two-sided")
        cases.append({"kind": "proportions", "baseline": baseline, "mde": mde, "alpha": alpha, "power": power,
                      "effect_size": h, "n_per_arm": n})
    for sd, mde, alpha, power in [(40.0, 2.0, 0.05, 0.8), (1.2, 0.1, 0.05, 0.9), (10.0, 5.0, 0.05, 0.8)]:
        n = NormalIndPower().solve_power(effect_size=mde / sd, alpha=alpha, power=power, ratio=1.0,
                                         alternative="two-sided")
        cases.append({"kind": "means", "sd": sd, "mde": mde, "alpha": alpha, "power": power,
                      "effect_size": mde / sd, "n_per_arm": n})
    with open(os.path.join(OUT, "..", "power-fixtures.json"), "w") as f:
        json.dump(cases, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
    power_fixtures()
