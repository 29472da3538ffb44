#!/usr/bin/env python3
"""Kustomize overlays (SPEC §8.1): `list -o json` on a tree of N base workloads and 3 overlays,
each adding a sidecar to every workload through one `target:` patch, against `kubectl kustomize`
of the three overlays, and against `list -o json` on the same tree without its overlays.

    python3 bench/kustomize.py [--bin target/release/sidecarctl] [--size 2000] [--runs 5]
                               [--instructions] [--no-kubectl]

Measured in CPU time (user + system of the child, the median of --runs): on a machine shared
with other builds, wall time says more about the neighbours than about the program. Wall time
is printed beside it, in brackets: what work shared out on the cores saves. The two
trees are one: the tree without overlays is generated, then copied and given the overlays, and
the `list` runs alternate, so that all meet the same load. A third tree, the base with the
overlays' three sidecars written into each Deployment, prints as many rows with no overlay:
what the overlays cost beyond the rows themselves. With --instructions each `list`
is also counted once under callgrind (every thread; deterministic, whatever the load)."""
import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: svc-{i}
  labels:
    app: svc-{i}
    team: team-{team}
spec:
  replicas: 2
  selector:
    matchLabels: {{app: svc-{i}}}
  template:
    metadata:
      labels: {{app: svc-{i}}}
    spec:
      containers:
        - name: svc-{i}
          image: registry.example.com/shop/svc-{i}:1.{minor}.0
          ports:
            - {{name: http, containerPort: 8080}}
          resources:
            requests: {{cpu: 100m, memory: 128Mi}}
            limits: {{cpu: 500m, memory: 256Mi}}
"""

PATCH = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: every-deployment
spec:
  template:
    spec:
      containers:
        - name: {name}
          image: {image}
          resources:
            requests: {{cpu: 20m, memory: 32Mi}}
            limits: {{cpu: 100m, memory: 64Mi}}
"""

OVERLAYS = [
    ("staging", "otel-agent", "otel/opentelemetry-collector:0.104.0"),
    ("prod", "envoy", "envoyproxy/envoy:v1.31.2"),
    ("canary", "fluent-bit", "fluent/fluent-bit:3.1.4"),
]


def generate(root, n):
    """The base tree: N Deployments and the kustomization listing them."""
    base = os.path.join(root, "base")
    os.makedirs(base)
    names = []
    for i in range(n):
        name = f"svc-{i}.yaml"
        names.append(name)
        with open(os.path.join(base, name), "w") as f:
            f.write(DEPLOYMENT.format(i=i, team=i % 40, minor=i % 9))
    with open(os.path.join(base, "kustomization.yaml"), "w") as f:
        f.write("resources:\n" + "".join(f"  - {n}\n" for n in names))
    with open(os.path.join(root, "sidecarctl.yaml"), "w") as f:
        f.write("name: bench\nformat: kubernetes\n")


def add_inline(root):
    """The overlays' sidecars written into the base instead: the same rows, with no overlay."""
    side = "".join(
        f"        - name: {name}\n          image: {image}\n          resources:\n"
        "            requests: {cpu: 20m, memory: 32Mi}\n"
        "            limits: {cpu: 100m, memory: 64Mi}\n" for _, name, image in OVERLAYS)
    base = os.path.join(root, "base")
    for name in os.listdir(base):
        if name.startswith("svc-"):
            with open(os.path.join(base, name), "a") as f:
                f.write(side)


def add_overlays(root):
    """The three overlays, each adding its sidecar to every Deployment of the base."""
    for folder, name, image in OVERLAYS:
        d = os.path.join(root, "overlays", folder)
        os.makedirs(d)
        with open(os.path.join(d, "kustomization.yaml"), "w") as f:
            f.write("resources:\n  - ../../base\npatches:\n  - path: sidecar.yaml\n"
                    "    target:\n      kind: Deployment\n")
        with open(os.path.join(d, "sidecar.yaml"), "w") as f:
            f.write(PATCH.format(name=name, image=image))


def timed(cmd, cwd):
    """CPU seconds (user + system) and wall seconds of one run of cmd."""
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def cpu(cmd, cwd):
    """CPU seconds (user + system) of one run of cmd."""
    return timed(cmd, cwd)[0]


def instructions(cmd, cwd):
    """Instructions of one run of cmd under callgrind (every thread)."""
    with tempfile.NamedTemporaryFile(prefix="callgrind-") as out:
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out.name}", *cmd],
                       cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        text = open(out.name).read()
    return int(re.search(r"^summary: (\d+)", text, re.M).group(1))


def rows(cmd, cwd):
    """The rows `list -o json` prints, and its bytes."""
    out = subprocess.run(cmd, cwd=cwd, check=True, capture_output=True).stdout
    listed = json.loads(out)["sidecars"]
    return sum(len(s["services"]) for s in listed), len(out)


def median(runs, f):
    return statistics.median(f() for _ in range(runs))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bin", default="target/release/sidecarctl")
    p.add_argument("--size", type=int, default=2000)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--instructions", action="store_true")
    p.add_argument("--no-kubectl", action="store_true")
    a = p.parse_args()
    binary = os.path.abspath(a.bin)
    work = tempfile.mkdtemp(prefix="kustomize-bench-")
    try:
        with_o, without = os.path.join(work, "overlays"), os.path.join(work, "plain")
        inline = os.path.join(work, "inline")
        generate(without, a.size)
        shutil.copytree(without, with_o)
        add_overlays(with_o)
        shutil.copytree(without, inline)
        add_inline(inline)
        listing = [binary, "list", "-o", "json"]
        trees = (with_o, without, inline)
        for tree in trees:  # a first run each: the files in the page cache
            cpu(listing, tree)
        times = {tree: [] for tree in trees}
        for _ in range(a.runs):
            for tree in trees:
                times[tree].append(timed(listing, tree))

        def med(tree, i):
            return statistics.median(t[i] for t in times[tree])
        listed, plain, same = med(with_o, 0), med(without, 0), med(inline, 0)
        walls = med(with_o, 1), med(without, 1), med(inline, 1)
        print(f"{a.size} base workloads, 3 overlays (one target: patch each), CPU seconds "
              f"(and wall seconds), median of {a.runs}:")
        n, size = rows(listing, with_o)
        print(f"  list -o json                       {listed:7.3f} ({walls[0]:.3f})"
              f"   ({n} rows, {size} bytes)")
        n, size = rows(listing, without)
        print(f"  list -o json without the overlays  {plain:7.3f} ({walls[1]:.3f})"
              f"   ratio {listed / plain:.2f}x ({walls[0] / walls[1]:.2f}x)   ({n} rows, {size} bytes)")
        n, size = rows(listing, inline)
        print(f"  list -o json, the sidecars in base {same:7.3f} ({walls[2]:.3f})"
              f"   ratio {listed / same:.2f}x ({walls[0] / walls[2]:.2f}x)   ({n} rows, {size} bytes)")
        if a.instructions:
            ins, base = instructions(listing, with_o), instructions(listing, without)
            rowed = instructions(listing, inline)
            print(f"  instructions (callgrind): {ins:,} with the overlays; {base:,} without"
                  f" ({ins / base:.2f}x); {rowed:,} with the sidecars in base ({ins / rowed:.2f}x)")
        if not a.no_kubectl:
            kubectl = median(a.runs, lambda: sum(
                cpu(["kubectl", "kustomize", f"overlays/{o}"], with_o) for o, _, _ in OVERLAYS))
            print(f"  kubectl kustomize of the 3         {kubectl:7.3f}   {kubectl / listed:.1f}x list")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    sys.exit(main())
