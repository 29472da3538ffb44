#!/usr/bin/env python3
"""Deleting a kustomize patch's sidecar (SPEC §8.1) on bench/kustomize.py's tree: N base
Deployments and 3 overlays, each adding a sidecar to all of them through one `target:` patch.
`delete otel-agent --all --yes` removes the staging overlay's sidecar from its N workloads: the
patch is left with nothing to change, so its file is deleted and unlisted from the overlay's
kustomization. Compared with `list -o json` on the same tree (what the delete reads anyway).

    python3 bench/kustomize_delete.py [--bin target/release/sidecarctl] [--size 2000] [--runs 5]

CPU time (user + system of the child, the median of --runs), each run on a fresh copy of the
tree; peak RSS of the last run."""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kustomize import generate  # noqa: E402


def run(cmd, cwd):
    """(CPU seconds, peak RSS in MiB) of one run of cmd, which must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], cwd=cwd, check=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, int(out.stderr.strip().splitlines()[-1]) / 1024


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bin", default="target/release/sidecarctl")
    p.add_argument("--size", type=int, default=2000)
    p.add_argument("--runs", type=int, default=5)
    a = p.parse_args()
    binary = os.path.abspath(a.bin)
    with tempfile.TemporaryDirectory() as tmp:
        tree = os.path.join(tmp, "tree")
        generate(tree, a.size, True)
        rows = []
        for label, args in [("list -o json", ["list", "-o", "json"]),
                            ("delete otel-agent --all --yes", ["delete", "otel-agent", "--all", "--yes"])]:
            cpus, peak = [], 0.0
            for _ in range(a.runs):
                work = os.path.join(tmp, "work")
                shutil.rmtree(work, ignore_errors=True)
                shutil.copytree(tree, work)
                cpu, peak = run([binary, *args], work)
                cpus.append(cpu)
            if label.startswith("delete"):
                gone = not os.path.exists(os.path.join(work, "overlays/staging/sidecar.yaml"))
                assert gone, "the emptied patch file was not deleted"
            rows.append((label, statistics.median(cpus), peak))
        print(f"# {a.size} base Deployments, 3 overlays; CPU seconds, median of {a.runs}")
        print(f"{'command':<36}{'cpu s':>8}{'peak MiB':>10}{'x list':>8}")
        for label, cpu, peak in rows:
            print(f"{label:<36}{cpu:>8.3f}{peak:>10.1f}{cpu / rows[0][1]:>8.2f}")


if __name__ == "__main__":
    main()
