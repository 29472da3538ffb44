#!/usr/bin/env python3
"""Helm values at scale (SPEC §8.2): N charts (200 by default), each a `Chart.yaml` and a
`values.yaml` of about 80 KB written the way bitnami writes them (a `## @param` comment block
before every value, examples in comments, a `sidecars: []` and an `initContainers: []` per
component, `primary.sidecars` holding an envoy), in a `kubernetes` project.

    python3 bench/helm.py gen DIR [--charts 200]
    python3 bench/helm.py bench [--charts 200] [--runs 5] [--dir D] [--bin SIDECARCTL]
                                [--instructions]

`bench` runs, side by side in rounds (a warm-up round, then --runs rounds of every row in
turn, so that a busy spell of a shared machine weighs on every row alike): `cat` of every
YAML file (found by `find`, as `k8s_tree.py` does) against `list -o json`, and the floor of an atomic writer (a temporary file beside
every values file, one sync, a rename each; see `k8s_tree.py`) against `edit envoy --all
--image …`, which changes every file. Each row prints its median wall time, its median CPU
time (user + system, what a machine shared with other work still tells), its peak memory and
the median over the rounds of its ratio to its baseline in the same round, by wall and by CPU
time. The issue's bounds: list within 2.5x cat, edit within 1.3x the floor. With
--instructions the two sidecarctl commands are also counted under callgrind."""
import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # importing the other benches must leave no cache
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from k8s_tree import SETTLE_S, write_atomically  # noqa: E402
from run import TIME  # noqa: E402

NEW_ENVOY = "envoyproxy/envoy:v1.32.1"
COMPONENTS = ["primary", "readReplicas", "backup", "metrics", "volumePermissions", "pgpool",
              "exporter", "ldap", "audit", "tls", "shmVolume", "serviceBindings"]
WORDS = ("the of to and a in for is on that by this with you it not or be are from at as your "
         "all have new more an was we will home can us about if page my has search free but our "
         "one other do no information time they site he up may what which their").split()


def sentence(rnd, n):
    return " ".join(rnd.choice(WORDS) for _ in range(n)).capitalize()


def param(out, rnd, path, key, value, ind):
    """One value with bitnami's comment block before it."""
    sp = " " * ind
    out.append(f"{sp}## @param {path}.{key} {sentence(rnd, rnd.randint(6, 14))}")
    if rnd.random() < 0.35:
        out.append(f"{sp}## ref: https://example.org/docs/{key.lower()}")
        out.append(f"{sp}## e.g:")
        out.append(f"{sp}## {key}:")
        out.append(f"{sp}##   - name: example")
        out.append(f"{sp}##     value: \"{sentence(rnd, 2)}\"")
        out.append(f"{sp}##")
    out.append(f"{sp}{key}: {value}")


def component(out, rnd, name, envoy):
    out.append(f"## @section {name} parameters")
    out.append("##")
    out.append(f"{name}:")
    for i in range(rnd.randint(14, 20)):
        value = rnd.choice(['""', "[]", "{}", "true", "false", str(rnd.randint(1, 9000)),
                            f'"{sentence(rnd, 2).lower()}"'])
        param(out, rnd, name, f"setting{i}", value, 2)
    out.append("  ## @param %s.resources Set container requests and limits" % name)
    out.append("  ##")
    out.append("  resources:")
    out.append("    requests: {cpu: 250m, memory: 256Mi}")
    out.append("    limits: {cpu: 500m, memory: 512Mi}")
    out.append(f"  ## @param {name}.sidecars Add additional sidecar containers to the {name} pod(s)")
    for line in ["For example:", "sidecars:", "  - name: your-image-name",
                 "    image: your-image", "    imagePullPolicy: Always", "    ports:",
                 "      - name: portname", "        containerPort: 1234", ""]:
        out.append(f"  ## {line}".rstrip())
    if envoy:
        out.append("  sidecars:")
        out.append("    - name: envoy")
        out.append(f"      image: envoyproxy/envoy:v1.31.{rnd.randint(0, 5)}")
        out.append("      resources:")
        out.append("        requests: {cpu: 50m, memory: 64Mi}")
        out.append("        limits: {cpu: 200m, memory: 128Mi}")
    else:
        out.append("  sidecars: []")
    param(out, rnd, name, "initContainers", "[]", 2)
    out.append("")


def values(rnd):
    out = ["# Copyright the shop platform team.", "# SPDX-License-Identifier: APACHE-2.0", "",
           "## @section Global parameters", "##", "global:"]
    for i in range(10):
        param(out, rnd, "global", f"option{i}", '""', 2)
    out.append("")
    for r in range(100):
        for n, name in enumerate(COMPONENTS):
            component(out, rnd, name if r == 0 else f"{name}{r + 1}", r == 0 and n == 0)
            if sum(len(line) + 1 for line in out) >= 78_000:
                return "\n".join(out) + "\n"
    return "\n".join(out) + "\n"


def gen(root, charts):
    rnd = random.Random(23)
    for c in range(charts):
        d = os.path.join(root, "charts", f"db{c:03}")
        os.makedirs(d)
        with open(os.path.join(d, "Chart.yaml"), "w") as f:
            f.write(f"apiVersion: v2\nname: db{c:03}\nversion: 16.2.{c}\n")
        with open(os.path.join(d, "values.yaml"), "w") as f:
            f.write(values(rnd))
    with open(os.path.join(root, "sidecarctl.yaml"), "w") as f:
        f.write("name: helm-bench\nformat: kubernetes\n")


def values_files(root):
    return sorted(os.path.join(dp, f) for dp, _, fs in os.walk(root) for f in fs if f == "values.yaml")


def floor(root):
    """The floor of an atomic writer over every values file (as `k8s_tree.py floor`)."""
    write_atomically(values_files(root))


def measure(cmd, setup=None):
    """(wall s, cpu s, peak MiB) of one run."""
    if setup:
        setup()
        os.sync()
    with tempfile.NamedTemporaryFile("r") as out:
        start = time.perf_counter()
        proc = subprocess.run([TIME, "-f", "%U %S %M", "-o", out.name, *cmd],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode()}")
        user, system, peak = out.read().split()[-3:]
    return wall, float(user) + float(system), int(peak) / 1024


def instructions(cmd, setup=None):
    if setup:
        setup()
    with tempfile.NamedTemporaryFile(prefix="callgrind-") as out:
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out.name}", *cmd],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        for line in open(out.name):
            if line.startswith("summary:"):
                return int(line.split()[1])
    return 0


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "floor":
        floor(sys.argv[2])
        return
    p = argparse.ArgumentParser()
    p.add_argument("cmd", choices=["gen", "bench"])
    p.add_argument("dir", nargs="?")
    p.add_argument("--charts", type=int, default=200)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--dir", dest="work")
    p.add_argument("--bin", default=os.path.join(HERE, "..", "target", "release", "sidecarctl"))
    p.add_argument("--instructions", action="store_true")
    a = p.parse_args()
    if a.cmd == "gen":
        gen(a.dir, a.charts)
        return
    work = a.work or tempfile.mkdtemp(prefix="helm-bench-")
    src, copy = os.path.join(work, "src"), os.path.join(work, "copy")
    if not os.path.isdir(src):
        gen(src, a.charts)
    size = sum(os.path.getsize(f) for f in values_files(src))
    exe, me = os.path.abspath(a.bin), os.path.abspath(__file__)

    def fresh():
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(src, copy)
        os.sync()
        time.sleep(SETTLE_S)

    cat = "cat (baseline)"
    flo = "temp + one sync + rename floor"
    lst = "list -o json"
    edit = f"edit envoy --all --image {NEW_ENVOY}"
    rows = [
        # As k8s_tree.py's: the walk and the read of every file the project reads.
        (cat, ["sh", "-c", f"find {src} -name '*.yaml' -exec cat {{}} + > /dev/null"], None, None),
        (lst, [exe, "-C", src, "list", "-o", "json"], None, cat),
        (flo, [sys.executable, me, "floor", copy], fresh, None),
        (edit, [exe, "-C", copy, "-q", "edit", "envoy", "--all", "--image", NEW_ENVOY], fresh, flo),
    ]
    print(f"# {a.charts} charts, {size / 1e6:.1f} MB of values ({size / a.charts / 1e3:.0f} KB each)")
    for _, cmd, setup, _ in rows:
        measure(cmd, setup)
    got = {name: [] for name, *_ in rows}
    for _ in range(a.runs):
        for name, cmd, setup, _ in rows:
            got[name].append(measure(cmd, setup))
    print(f"{'command':<52} {'wall ms':>8} {'cpu ms':>8} {'peak MiB':>9} {'x base wall':>12} {'x base cpu':>11}")
    for name, _, _, base in rows:
        w = statistics.median(g[0] for g in got[name])
        c = statistics.median(g[1] for g in got[name])
        m = max(g[2] for g in got[name])
        rw = rc = ""
        if base:
            rw = f"{statistics.median(x[0] / y[0] for x, y in zip(got[name], got[base])):.2f}"
            rc = f"{statistics.median(x[1] / max(y[1], 1e-3) for x, y in zip(got[name], got[base])):.2f}"
        print(f"{name:<52} {w * 1000:>8.1f} {c * 1000:>8.1f} {m:>9.1f} {rw:>12} {rc:>11}", flush=True)
    if a.instructions:
        for name, cmd, setup, _ in rows[1::2]:
            print(f"# callgrind: {name:<46} {instructions(cmd, setup) / 1e9:.3f} G instructions")


if __name__ == "__main__":
    main()
