"""NNG-Mix speed: the reference per-sample loop against ``NNGMixGenerator``, in one run.

(a) A plain per-sample loop written from the NNG-Mix description
    (Dong et al., NNG-Mix, TNNLS 2024, arXiv 2311.11961; the reference code itself has
    no licence and is not used): scipy KD-trees on the unlabeled rows U and the labeled
    anomalies A, one single-point query per generated sample, one ``np.vstack`` append
    per sample.
(b) ``NNGMixGenerator().fit(X, y).sample(n)`` on the same data, timed before and after
    (a) (median of all repeats).
(c) ``NNGMixGenerator`` on ten times more unlabeled rows, to show that its memory stays
    bounded (no anomalies x pool distance matrix, no copy of the pool).

Data: uniform random rows (fixed seed), 1,000 labeled anomalies, 100 features,
10,000 generated samples; the default NNG-Mix parameters (k = 10, k_a = 10,
Beta(0.2, 0.2), noise 0.01).

Each measurement runs in its own subprocess so that its peak memory can be read:
"peak extra RSS" is the process's peak resident set size (``ru_maxrss``) after the
measured calls minus the peak before them (after the data, imports and baseline are in
place). It includes everything the calls touch: fitted state, output, BLAS/OpenMP
buffers, allocator slack. "tracemalloc peak" is a second, separate fit + sample under
``tracemalloc``: the peak of Python/NumPy allocations only (it does not see memory
that scikit-learn's Cython code or BLAS allocate with malloc).

Usage (takes about 4 minutes on an idle 2-core machine, most of it the reference loop)::

    nice python benchmarks/bench_nngmix.py
    nice python benchmarks/bench_nngmix.py --skip-reference      # ours only
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
import tracemalloc

import numpy as np

N_ANOMALIES = 1_000
N_FEATURES = 100
N_SAMPLES = 10_000


def make_data(n_unlabeled: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """X with the labeled anomalies as its last rows, and y (1 = labeled anomaly)."""
    X = np.random.default_rng(seed).random((n_unlabeled + N_ANOMALIES, N_FEATURES))
    y = np.zeros(X.shape[0], dtype=np.int8)
    y[n_unlabeled:] = 1
    return X, y


def reference_loop(U, A, n_samples, rng, k_u=10, k_a=10, alpha=0.2, beta=0.2, sigma=0.01):
    """NNG-Mix's per-sample procedure, as the reference script runs it.

    Returns the samples and the seconds spent in KD-tree queries.
    """
    from scipy.spatial import KDTree

    tree_u, tree_a = KDTree(U), KDTree(A)
    n_a, d = A.shape
    k_a = min(max(k_a, 1), n_a)
    out = np.empty((0, d))
    query_seconds = 0.0
    for _ in range(n_samples):
        from_unlabeled = rng.uniform(0, 1) > 0.5
        i = rng.integers(n_a)
        a = A[i]
        t0 = time.perf_counter()
        if from_unlabeled:
            _, neighbors = tree_u.query(a, k=k_u)
            query_seconds += time.perf_counter() - t0
            p = U[rng.choice(neighbors)]
        elif k_a > 1:
            _, neighbors = tree_a.query(a, k=k_a)
            query_seconds += time.perf_counter() - t0
            j = i
            while j == i:
                j = rng.choice(neighbors)
            p = A[j]
        else:
            p = a
        lam = rng.beta(alpha, beta)
        e1, e2 = rng.normal(0, sigma, d), rng.normal(0, sigma, d)
        out = np.vstack([out, lam * (a + e1) + (1 - lam) * (p + e2)])
    return out, query_seconds


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run_reference(n_unlabeled: int) -> dict:
    import scipy.spatial  # noqa: F401 - imported before the memory baseline

    X, _ = make_data(n_unlabeled)
    U, A = X[:n_unlabeled], X[n_unlabeled:]  # views, no copies
    base = peak_rss_mb()
    t0 = time.perf_counter()
    out, query_seconds = reference_loop(U, A, N_SAMPLES, np.random.default_rng(1))
    seconds = time.perf_counter() - t0
    assert out.shape == (N_SAMPLES, N_FEATURES)
    return {
        "seconds": seconds,
        "query_seconds": query_seconds,
        "peak_extra_rss_mb": peak_rss_mb() - base,
    }


def run_ours(n_unlabeled: int, repeats: int, check_neighbors: int) -> dict:
    from pyod_synth.generators.nngmix import NNGMixGenerator

    X, y = make_data(n_unlabeled)
    # Warm up imports and thread pools on tiny data so the baseline excludes them.
    NNGMixGenerator().fit(X[-2 * N_ANOMALIES :], y[-2 * N_ANOMALIES :]).sample(10, random_state=0)
    base = peak_rss_mb()
    fit_s, sample_s = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        gen = NNGMixGenerator().fit(X, y)
        t1 = time.perf_counter()
        out = gen.sample(N_SAMPLES, random_state=1)
        fit_s.append(t1 - t0)
        sample_s.append(time.perf_counter() - t1)
        del out
    peak_extra = peak_rss_mb() - base
    fitted_mb = sum(v.nbytes for v in vars(gen).values() if isinstance(v, np.ndarray)) / 2**20
    del gen

    tracemalloc.start()
    gen = NNGMixGenerator().fit(X, y)
    gen.sample(N_SAMPLES, random_state=1)
    traced_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()

    result = {
        "fit_seconds": float(np.median(fit_s)),
        "sample_seconds": float(np.median(sample_s)),
        "fit_seconds_all": fit_s,
        "sample_seconds_all": sample_s,
        "peak_extra_rss_mb": peak_extra,
        "tracemalloc_peak_mb": traced_peak,
        "fitted_state_mb": fitted_mb,
        "data_mb": X.nbytes / 2**20,
    }
    if check_neighbors:
        result["neighbors_agree"] = agree_with_kdtree(gen, X, y, check_neighbors)
    return result


def agree_with_kdtree(gen, X, y, n_anchors: int) -> str:
    """Do our neighbour sets equal scipy KDTree's exact ones, for the first anchors?"""
    from scipy.spatial import KDTree

    U, A = X[y == 0], X[y == 1]
    _, expected = KDTree(U).query(A[:n_anchors], k=gen.n_neighbors_)
    same = sum(
        np.array_equal(
            np.sort(gen.pool_[gen.unlabeled_neighbors_[i]], axis=0),
            np.sort(U[expected[i]], axis=0),
        )
        for i in range(n_anchors)
    )
    return f"{same}/{n_anchors}"


def in_subprocess(*args: str) -> dict:
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", *args]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def environment() -> str:
    import sklearn.neighbors  # noqa: F401 - loads the OpenMP runtime listed below
    from threadpoolctl import threadpool_info

    pools = ", ".join(
        f"{p['internal_api']} {p.get('version')} x{p['num_threads']}"
        + (f" ({p['architecture']})" if p.get("architecture") else "")
        for p in threadpool_info()
    )
    blas_env = {k: v for k, v in os.environ.items() if k.startswith("OPENBLAS")}
    import scipy
    import sklearn

    return (
        f"{time.strftime('%Y-%m-%d %H:%M')}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, load average at start {os.getloadavg()[0]:.1f}; "
        f"numpy {np.__version__}, scipy {scipy.__version__}, scikit-learn {sklearn.__version__}; "
        f"thread pools: {pools}; OPENBLAS env: {blas_env or 'unset'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-unlabeled", type=int, default=100_000)
    parser.add_argument("--n-unlabeled-large", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3, help="ours: median of this many")
    parser.add_argument("--skip-reference", action="store_true")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        kind, n_unlabeled = args.worker[0], int(args.worker[1])
        if kind == "reference":
            result = run_reference(n_unlabeled)
        else:
            result = run_ours(n_unlabeled, args.repeats, int(args.worker[2]))
        print(json.dumps(result))
        return

    print(environment(), flush=True)
    n, n_large = str(args.n_unlabeled), str(args.n_unlabeled_large)
    # (b) runs before and after (a): the load of a shared machine drifts during the
    # minutes (a) takes, and the ratio should not hinge on one moment.
    ours = in_subprocess("ours", n, "20", "--repeats", str(args.repeats))
    ref = None
    if not args.skip_reference:
        ref = in_subprocess("reference", n)
        after = in_subprocess("ours", n, "0", "--repeats", str(args.repeats))
        for key in ("fit_seconds_all", "sample_seconds_all"):
            ours[key] += after[key]
        ours["fit_seconds"] = float(np.median(ours["fit_seconds_all"]))
        ours["sample_seconds"] = float(np.median(ours["sample_seconds_all"]))
        ours["peak_extra_rss_mb"] = max(ours["peak_extra_rss_mb"], after["peak_extra_rss_mb"])
    large = in_subprocess("ours", n_large, "0", "--repeats", str(args.repeats))
    print(f"load average at end {os.getloadavg()[0]:.1f}\n")

    print(f"{N_ANOMALIES} labeled anomalies x {N_FEATURES} features, {N_SAMPLES} samples\n")
    print("| run | unlabeled rows | seconds | peak extra RSS (MB) | tracemalloc peak (MB) |")
    print("|---|---|---|---|---|")
    if ref is not None:
        print(
            f"| (a) reference loop (KDTree query per sample; queries {ref['query_seconds']:.1f} s) "
            f"| {args.n_unlabeled:,} | {ref['seconds']:.1f} | {ref['peak_extra_rss_mb']:.0f} | - |"
        )
    for label, res, rows in (("(b) NNGMixGenerator", ours, args.n_unlabeled),
                             ("(c) NNGMixGenerator", large, args.n_unlabeled_large)):
        total = res["fit_seconds"] + res["sample_seconds"]
        print(
            f"| {label} fit {res['fit_seconds']:.2f} s + sample {res['sample_seconds']:.3f} s "
            f"(median of {len(res['fit_seconds_all'])}) | {rows:,} | {total:.2f} | "
            f"{res['peak_extra_rss_mb']:.0f} | {res['tracemalloc_peak_mb']:.0f} |"
        )
    print()
    if ref is not None:
        totals = np.add(ours["fit_seconds_all"], ours["sample_seconds_all"])
        print(
            f"speed ratio (a) / (b): {ref['seconds'] / np.median(totals):.0f}x "
            f"(range over the (b) repeats {ref['seconds'] / totals.max():.0f}x"
            f"-{ref['seconds'] / totals.min():.0f}x)"
        )
    print(f"neighbour sets equal to scipy KDTree's (first anchors): {ours['neighbors_agree']}")
    for label, res in (("(b)", ours), ("(c)", large)):
        print(
            f"{label} data {res['data_mb']:.0f} MB, fitted state {res['fitted_state_mb']:.1f} MB, "
            f"fit seconds {[round(s, 2) for s in res['fit_seconds_all']]}"
        )


if __name__ == "__main__":
    main()
