"""Fit and sample speed of every registered generator (built-ins and installed plugins).

Data: uniform random rows (fixed seed), 100,000 unlabeled rows + 1,000 labeled
anomalies scattered among them, 100 features. Each generator is built with its default
parameters, fitted and asked for 10,000 samples, three times (times are medians).
Every generator runs in its own subprocess with a time limit, so one slow or broken
plugin cannot stall or crash the others, and its peak memory can be read: "peak extra
RSS" is the subprocess's peak resident set size after the repeats minus the peak before
them (data created, imports warmed up by a fit on a small slice).

Prints a Markdown table. Usage::

    nice python benchmarks/bench_throughput.py
    nice python benchmarks/bench_throughput.py --only nngmix mixup --timeout 300
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

import numpy as np

import pyod_synth


def make_data(n_unlabeled: int, n_anomalies: int, n_features: int, seed: int = 0):
    """X with the labeled anomalies scattered among the rows, and y (1 = labeled anomaly)."""
    rng = np.random.default_rng(seed)
    X = rng.random((n_unlabeled + n_anomalies, n_features))
    y = np.zeros(X.shape[0], dtype=np.int8)
    y[rng.choice(X.shape[0], n_anomalies, replace=False)] = 1
    return X, y


def measure(name: str, args) -> dict:
    """Fit and sample one generator; runs inside the worker subprocess."""
    X, y = make_data(args.n_unlabeled, args.n_anomalies, args.n_features)
    # Warm up on a small slice so lazy imports are not counted as fit time or memory.
    small = slice(0, min(X.shape[0], 20 * args.n_anomalies))
    pyod_synth.get_generator(name).fit(X[small], y[small]).sample(10, random_state=0)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    fit_s, sample_s = [], []
    for _ in range(args.repeats):
        gen = pyod_synth.get_generator(name)
        t0 = time.perf_counter()
        gen.fit(X, y)
        t1 = time.perf_counter()
        out = gen.sample(args.n_samples, random_state=0)
        t2 = time.perf_counter()
        assert out.shape == (args.n_samples, args.n_features), out.shape
        fit_s.append(t1 - t0)
        sample_s.append(t2 - t1)
        del gen, out
    peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024
    return {"fit": float(np.median(fit_s)), "sample": float(np.median(sample_s)),
            "peak_extra_mb": peak}


def run_worker(name: str, args) -> dict:
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", name]
    for key in ("n_unlabeled", "n_anomalies", "n_features", "n_samples", "repeats"):
        cmd += [f"--{key.replace('_', '-')}", str(getattr(args, key))]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {args.timeout} s"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
        return {"error": last[:120]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def row(name: str, plugin: str, res: dict, n_samples: int) -> str:
    if "error" in res:
        return f"| {name} | {plugin} | - | - | - | - | {res['error']} |"
    rate = n_samples / res["sample"] if res["sample"] > 0 else float("inf")
    return (
        f"| {name} | {plugin} | {res['fit']:.3f} | {res['sample']:.3f} | {rate:,.0f} "
        f"| {res['peak_extra_mb']:.0f} | |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-unlabeled", type=int, default=100_000)
    parser.add_argument("--n-anomalies", type=int, default=1_000)
    parser.add_argument("--n-features", type=int, default=100)
    parser.add_argument("--n-samples", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3, help="times are medians of this many")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per generator")
    parser.add_argument("--only", nargs="+", help="generator names (default: all registered)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        print(json.dumps(measure(args.worker, args)))
        return

    from pyod_synth.registry import generator_registrations

    registrations = generator_registrations()
    names = args.only or pyod_synth.list_generators()
    print(
        f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f}; {args.n_unlabeled:,} unlabeled + {args.n_anomalies:,} "
        f"labeled anomalies x {args.n_features} features, {args.n_samples:,} samples, "
        f"median of {args.repeats}\n",
        flush=True,
    )
    print("| generator | plugin | fit (s) | sample (s) | samples/s | peak extra RSS (MB) | note |")
    print("|---|---|---|---|---|---|---|")
    for name in names:
        plugin = registrations[name].plugin
        plugin = "built-in" if plugin.startswith("pyod_synth.default_plugins") else plugin
        print(row(name, plugin, run_worker(name, args), args.n_samples), flush=True)
    print(f"\nload average at end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
