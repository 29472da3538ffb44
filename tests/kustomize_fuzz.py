#!/usr/bin/env python3
"""Differential fuzz of sidecarctl on kustomize overlays (SPEC §8.1), judged by kustomize.

Each case writes a small repository: a base of two or three workloads (one file each, in
random styles: 2 or 4 spaces, lists indented or not, flow maps, comments, CRLF) and one or two
overlays (the second built on the base or on the first, one of them sometimes including a
component with a patch of its own), each with one to three patches in the forms real overlays
use: a strategic-merge file under `patches:` with a `target:` (kind, label
selector, name regex) or naming its workload, `patchesStrategicMerge:`, an inline `patch: |-`,
a JSON 6902 file or inline list (`/-` or `/0`). Each patch adds one sidecar, classic or native,
sometimes with a volume the patch defines beside it, sometimes beside other changes (replicas);
sometimes a later patch tunes one of them in one workload (a memory limit, no image: it merges
into it), and sometimes a last patch deletes one of them from one workload (`$patch: delete`),
listed before or after the others. An overlay sometimes pins some sidecars' images in its
`images:` (a new tag, name or digest). It first checks that every row `list -o json` prints is rendered (with
its image) by its kustomization. It then runs one random command -- `edit --all` of
the image or the CPU limit, `delete --all` (sometimes `--keep-empty-patches`), `create` or
`clone` into an overlay's workload (`--to OVERLAY:ID`, a new patch) or a base workload, classic
or `--native` -- with `-o json`, and judges:

- kustomize: `kubectl kustomize` of every kustomization before and after, read with PyYAML; a
  model of the command applied to the rendering before must give the rendering after. A new
  sidecar must appear exactly in the target's workload of its overlay and of the overlays
  built on it (for `clone`, as the source renders it), and nowhere else;
- the outcome: a change succeeds, or refuses with one `error:` line (exit 1 or 2) and writes
  nothing, and only for a reason listed in EXPECTED_REFUSALS; never a crash;
- the text: every file the report does not name as written or removed is byte for byte the
  same.

    python3 tests/kustomize_fuzz.py --bin target/debug/sidecarctl --seed 7 --cases 40

Exit status 1 when a case fails; each failure prints its repository and command.
"""
import argparse
import copy
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from collections import Counter

import yaml

# The refusals a valid command may meet here; any other is a failure (a valid edit refused).
EXPECTED_REFUSALS = [
    # create or clone into a workload the overlay already gives a container of that name, or
    # that an overlay built on it gives one
    "already has a container named",
    "adds a container named",
    # create or clone into a base workload that an overlay's patch gives a container of that name
    "by an overlay already",
    # --keep-empty-patches on a JSON 6902 patch whose only operation adds the sidecar
    "which kustomize refuses empty",
    # clone from a later patch's entry that only tunes a sidecar an earlier patch adds
    "only changes the container an earlier patch adds",
    # clone into a manifest from such an entry where nothing was added before it (the tuned
    # workload is chosen at random): the copy would have no image
    "has no `image`; nothing was written",
    # a new image for a sidecar whose image an overlay's `images:` entry sets
    "whatever its own text says",
]

BASE = [
    ("cart", "Deployment"),
    ("orders", "Deployment"),
    ("ledger", "StatefulSet"),
]
SIDECARS = ["envoy", "fluent-bit", "statsd", "vault-agent", "otel-agent", "backup-agent"]


class Style:
    """How one file is written: indentation, list indentation, flow maps, comments, CRLF."""

    def __init__(self, rng):
        self.ind = rng.choice([2, 2, 4])
        self.seq = rng.choice([0, self.ind])
        self.flow = rng.random() < 0.3
        self.comments = rng.random() < 0.5
        self.crlf = rng.random() < 0.15

    def text(self, lines):
        out = "\n".join(lines) + "\n"
        return out.replace("\n", "\r\n") if self.crlf else out


def workload(name, kind, labels, st):
    i, s = " " * st.ind, " " * st.seq
    lab = "{app: %s}" % name
    lines = [
        "apiVersion: apps/v1",
        f"kind: {kind}",
        "metadata:",
        f"{i}name: {name}",
        f"{i}labels:",
        f"{i}{i}app: {name}",
    ]
    lines += [f"{i}{i}{k}: {v}" for k, v in labels.items() if k != "app"]
    lines += ["spec:"]
    if kind == "StatefulSet":
        lines += [f"{i}serviceName: {name}"]
    if st.comments:
        lines += [f"{i}# The pods this {kind} owns."]
    lines += [f"{i}selector:"]
    lines += [f"{i}{i}matchLabels: {lab}"] if st.flow else [f"{i}{i}matchLabels:", f"{i}{i}{i}app: {name}"]
    lines += [f"{i}template:", f"{i}{i}metadata:"]
    lines += [f"{i}{i}{i}labels: {lab}"] if st.flow else [f"{i}{i}{i}labels:", f"{i}{i}{i}{i}app: {name}"]
    p = i * 3
    lines += [f"{i}{i}spec:", f"{p}containers:", f"{p}{s}- name: {name}"]
    lines += [f"{p}{s}  image: registry.example.com/shop/{name}:1.0.0"]
    if st.comments:
        lines += [f"{p}{s}  # main container: never touched"]
    return st.text(lines)


def container(name, native, rng, ind, mounts=False):
    """A sidecar entry as lines at indentation 0 (the caller indents); `mounts`: it mounts the
    volume `NAME-conf`."""
    data = {"name": name, "image": f"example/{name}:1.{rng.randrange(9)}.0"}
    if native:
        data["restartPolicy"] = "Always"
    if rng.random() < 0.6:
        data["resources"] = {"limits": {"cpu": "100m", "memory": "64Mi"}}
    i = " " * ind
    lines = [f"- name: {name}", f"  image: {data['image']}"]
    if native:
        lines.append("  restartPolicy: Always")
    if "resources" in data:
        if rng.random() < 0.5:
            lines.append("  resources: {limits: {cpu: 100m, memory: 64Mi}}")
        else:
            lines += ["  resources:", f"  {i}limits:", f"  {i}{i}cpu: 100m", f"  {i}{i}memory: 64Mi"]
    if mounts:
        lines += ["  volumeMounts:", f"  {i}- name: {name}-conf", f"  {i}  mountPath: /etc/{name}"]
    return lines


def smp(kind, name, sidecar, native, extra, rng, st):
    """A strategic-merge patch document adding `sidecar` to `kind`/`name`."""
    i = " " * st.ind
    lst = "initContainers" if native else "containers"
    lines = ["apiVersion: apps/v1", f"kind: {kind}", "metadata:", f"{i}name: {name}", "spec:"]
    if extra:
        lines.append(f"{i}replicas: 3")
    lines += [f"{i}template:", f"{i}{i}spec:", f"{i}{i}{i}{lst}:"]
    if st.comments:
        lines.append(f"{i}{i}{i}{' ' * st.seq}# added by the overlay")
    # Sometimes with a volume of its own, which the patch defines beside it.
    mounts = rng.random() < 0.3
    lines += [i * 3 + " " * st.seq + l for l in container(sidecar, native, rng, st.ind, mounts)]
    if mounts:
        lines += [f"{i}{i}{i}volumes:", f"{i}{i}{i}{' ' * st.seq}- name: {sidecar}-conf"]
        lines += [f"{i}{i}{i}{' ' * st.seq}  configMap: {{name: {sidecar}-conf}}"]
    return lines


def entry_patch(kind, name, sidecar, native, body, st):
    """A strategic-merge patch document of `kind`/`name` whose container entry `sidecar` (in
    `initContainers` when `native`) holds the lines `body` (indented by the caller's style)."""
    i, s = " " * st.ind, " " * st.seq
    lst = "initContainers" if native else "containers"
    return ["apiVersion: apps/v1", f"kind: {kind}", "metadata:", f"{i}name: {name}", "spec:",
            f"{i}template:", f"{i}{i}spec:", f"{i}{i}{i}{lst}:", f"{i * 3}{s}- name: {sidecar}"] + [
        f"{i * 3}{s}  {l}" for l in body]


def json6902(sidecar, at, rng, st):
    """A JSON 6902 list adding `sidecar` to `containers` at `at` (`-` or `0`)."""
    lines = ["- op: add", f"  path: /spec/template/spec/containers/{at}", "  value:"]
    body = container(sidecar, False, rng, st.ind)
    lines += ["    " + body[0][2:]] + ["  " + l for l in body[1:]]
    return lines


class Repo:
    """A generated repository: its files, and what the model needs to know of it."""

    def __init__(self, rng):
        self.files = {"sidecarctl.yaml": "name: fuzz\nformat: kubernetes\n"}
        # The sidecars each kustomization's patches add, as (name, native, the workloads it
        # reaches); the deletions
        # (overlay, sidecar, workload) of `$patch: delete`.
        self.added, self.deleted = {}, set()
        # Each overlay's `images:` entries, and the overlays each folder's rendering runs
        # through, from the bottom (their entries apply in that order).
        self.images, self.stack = {}, {"base": []}
        # (overlay, sidecar, workload) of the patches that tune a sidecar added before them.
        self.tuned = set()
        n = rng.choice([2, 3])
        self.base = BASE[:n]
        self.labels = {w: {"app": w, **({"mesh": "enabled"} if rng.random() < 0.6 else {})} for w, _ in self.base}
        for w, kind in self.base:
            self.files[f"base/{w}.yaml"] = workload(w, kind, self.labels[w], Style(rng))
        st = Style(rng)
        self.files["base/kustomization.yaml"] = st.text(["resources:"] + [f"{' ' * st.seq}- {w}.yaml" for w, _ in self.base])
        self.overlays = ["overlays/staging"]
        # The overlays built on each (itself included), for the model of a new patch.
        self.built_on = {"overlays/staging": ["overlays/staging"]}
        prod_on_staging = False
        if rng.random() < 0.6:
            self.overlays.append("overlays/prod")
            prod_on_staging = rng.random() < 0.5
            self.built_on["overlays/prod"] = ["overlays/prod"]
            if prod_on_staging:
                self.built_on["overlays/staging"].append("overlays/prod")
        self.stack["overlays/staging"] = ["overlays/staging"]
        self.stack["overlays/prod"] = ["overlays/staging"] * prod_on_staging + ["overlays/prod"]
        # Every overlay renders the base.
        self.built_on["base"] = ["base"] + self.overlays
        names = iter(rng.sample(SIDECARS, len(SIDECARS)))
        # Sometimes a component with a patch of its own, which one overlay includes (two that
        # render each other would apply its patch twice).
        component = None
        self.component = None
        if rng.random() < 0.4:
            component = rng.choice(self.overlays)
            self.component = component
            head = ["apiVersion: kustomize.config.k8s.io/v1alpha1", "kind: Component"]
            self.files["components/extra/kustomization.yaml"] = self.kustomization("components/extra", head, names, rng, 1)
        self.added.setdefault("components/extra", [])
        for ov in self.overlays:
            res = "../staging" if ov == "overlays/prod" and prod_on_staging else "../../base"
            st = Style(rng)
            s = " " * st.seq
            head = ["apiVersion: kustomize.config.k8s.io/v1beta1", "kind: Kustomization", "resources:", f"{s}- {res}"]
            victims = []
            if component == ov:
                head += ["components:", f"{s}- ../../components/extra"]
                victims = list(self.added["components/extra"])
            count = rng.choice([1, 2, 3])
            self.files[f"{ov}/kustomization.yaml"] = self.kustomization(ov, head, names, rng, count, st, victims)

    def kustomization(self, ov, head, names, rng, count, st=None, victims=()):
        """The kustomization of the folder `ov`: `head`, then `count` patches adding the next
        sidecars of `names`, their files written beside it; sometimes a patch deleting one of
        them, or of `victims` (a component's), from one workload (`$patch: delete`), before or
        after the others."""
        st = st or Style(rng)
        i, s = " " * st.ind, " " * st.seq
        lines = list(head)
        patches, psm = [], []
        victims = list(victims)
        for _ in range(count):
            name = next(names, None)
            if name is None:
                break
            form = rng.choice(["smp-target", "smp-named", "psm", "inline", "inline-target", "json6902", "json6902-inline"])
            native = rng.random() < 0.3 and not form.startswith("json6902")
            w, kind = rng.choice(self.base)
            extra = rng.random() < 0.3
            pst = Style(rng)
            if form in ("smp-target", "inline-target"):
                target = rng.choice([["kind: Deployment"], ["labelSelector: mesh=enabled"], ["kind: Deployment", "name: cart|orders"]])
                # The target decides what the patch reaches; its own kind and name do not.
                doc = smp("Deployment", "any-deployment", name, native, extra, rng, pst)
            else:
                target = None
                doc = smp(kind, w, name, native, extra, rng, pst)
            if form in ("smp-target", "smp-named", "psm"):
                self.files[f"{ov}/{name}.yaml"] = pst.text(doc)
                if form == "psm":
                    psm.append(f"{s}- {name}.yaml")
                    victims.append((name, native, {w}))
                    continue
                entry = [f"{s}- path: {name}.yaml"]
            elif form.startswith("inline"):
                entry = [f"{s}- patch: |-"] + [f"{s}{i}{i}{l}" for l in doc]
            else:
                at = rng.choice(["-", "0"])
                ops = json6902(name, at, rng, pst)
                target = ["kind: Deployment", f"name: {rng.choice(['cart', 'orders'])}"]
                if form == "json6902":
                    self.files[f"{ov}/{name}.yaml"] = pst.text(ops)
                    entry = [f"{s}- path: {name}.yaml"]
                else:
                    entry = [f"{s}- patch: |-"] + [f"{s}{i}{i}{l}" for l in ops]
            if target:
                # After the entry's other keys: an inline patch's text ends where it begins.
                entry += [f"{s}  target:"] + [f"{s}  {i}{t}" for t in target]
            if st.comments:
                patches.append(f"{s}# {form}: {name}")
            patches += entry
            victims.append((name, native, self.reach(target, w)))
        self.added[ov] = victims
        if victims and rng.random() < 0.3:
            # A later patch that tunes one of them in one workload it reaches (and no earlier
            # patch deleted it from): a bigger memory limit, in a container entry that has no
            # image (it merges into the one added). Anywhere else it would add a container with
            # no image, a pod the API refuses.
            name, native, reach = rng.choice(victims)
            have = [b for b in self.base if b[0] in reach and (self.owner(ov), name, b[0]) not in self.deleted]
            w, kind = rng.choice(have or self.base)
            pst = Style(rng)
            doc = entry_patch(kind, w, name, native, ["resources:", f"{' ' * pst.ind}limits: {{memory: 256Mi}}"], pst)
            inline = rng.random() < 0.5
            if have:
                self.tuned.add((self.owner(ov), name, w))
                if inline:
                    patches += [f"{s}- patch: |-"] + [f"{s}{i}{i}{l}" for l in doc]
                else:
                    self.files[f"{ov}/tune-{name}.yaml"] = pst.text(doc)
                    patches.append(f"{s}- path: tune-{name}.yaml")
        if victims and rng.random() < 0.4:
            name, native, _ = rng.choice(victims)
            w, kind = rng.choice(self.base)
            if (self.owner(ov), name, w) in self.tuned:
                # Deleted before its tuning, the tuning would add a container with no image:
                # a pod the API refuses, not a repository to judge by. Another workload then.
                w, kind = next(b for b in self.base if b[0] != w)
            self.deleted.add((self.owner(ov), name, w))
            pst = Style(rng)
            doc = entry_patch(kind, w, name, native, ["$patch: delete"], pst)
            form = rng.choice(["file", "inline", "psm"])
            if form == "inline":
                entry = [f"{s}- patch: |-"] + [f"{s}{i}{i}{l}" for l in doc]
            else:
                self.files[f"{ov}/no-{name}.yaml"] = pst.text(doc)
                entry = [f"{s}- path: no-{name}.yaml"]
            if form == "psm":
                psm.append(f"{s}- no-{name}.yaml")
            elif rng.random() < 0.4:
                # Listed first: applied before the patches adding it, it deletes nothing.
                patches = entry + patches
            else:
                patches += entry
        if patches:
            lines += ["patches:"] + patches
        if psm:
            lines += ["patchesStrategicMerge:"] + psm
        if ov.startswith("overlays/") and rng.random() < 0.3:
            lines += ["images:"]
            self.images[ov] = []
            for name in rng.sample(SIDECARS, rng.choice([1, 2])):
                e = {"name": f"example/{name}"}
                key = rng.choice(["newTag", "newName", "digest"])
                e[key] = {
                    "newTag": f"2.{rng.randrange(9)}.0",
                    "newName": f"mirror.example/{name}",
                    "digest": "sha256:" + "ab" * 32,
                }[key]
                self.images[ov].append(e)
                lines += [f"{s}- name: {e['name']}"] + [f"{s}  {k}: {v}" for k, v in e.items() if k != "name"]
        return st.text(lines)

    def image_in(self, d, ov, image):
        """`image`, written in the folder `ov` (a patch there, or the base), as `d` renders it:
        the `images:` entries of the overlays from `ov` up to `d` apply, in that order."""
        stack = self.stack[d]
        for o in stack[stack.index(ov):] if ov in stack else stack:
            for e in self.images.get(o, []):
                name, _, tag = image.partition(":")
                name = name.partition("@")[0]
                if name != e["name"]:
                    continue
                digest = image.partition("@")[2] or None
                tag = tag.partition("@")[0] or None
                if "newTag" in e or "digest" in e:
                    tag, digest = e.get("newTag"), e.get("digest")
                image = e.get("newName", name) + (f":{tag}" if tag else "") + (f"@{digest}" if digest else "")
        return image

    def adder(self, name):
        """The overlay whose patches add the sidecar `name` (each name is added by one)."""
        return next((self.owner(f) for f, added in self.added.items() if any(a[0] == name for a in added)), "base")

    def owner(self, ov):
        """The overlay that renders the patches of the folder `ov` (a component's: the overlay
        including it)."""
        return self.component if ov == "components/extra" else ov

    def reach(self, target, w):
        """The base workloads a patch reaches: those its `target:` lines select, else `w`."""
        if not target:
            return {w}
        out = set()
        for name, kind in self.base:
            ok = True
            for t in target:
                key, _, value = t.partition(": ")
                if key == "kind":
                    ok &= kind == value
                elif key == "name":
                    ok &= name in value.split("|")
                elif key == "labelSelector":
                    ok &= "mesh" in self.labels[name]
            if ok:
                out.add(name)
        return out

    def renders_new(self, at, d, name, w):
        """Whether the kustomization `d` renders a container `name` newly added to the workload
        `w` of `at` (a new patch of an overlay, after its others; or the base): not when an
        overlay built on `at` that `d` renders deletes it."""
        return not any((e, name, w) in self.deleted and d in self.built_on[e]
                       for e in self.built_on[at] if e not in (at, "base"))

    def write(self, root):
        for rel, text in self.files.items():
            path = os.path.join(root, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", newline="") as f:
                f.write(text)


def snapshot(root):
    out = {}
    for d, _, files in os.walk(root):
        for f in files:
            p = os.path.join(d, f)
            with open(p, "rb") as fh:
                out[os.path.relpath(p, root)] = fh.read()
    return out


def render(root, dirs):
    """Each kustomization's rendering as PyYAML reads it, or the error kustomize gives."""
    out = {}
    for d in dirs:
        r = subprocess.run(["kubectl", "kustomize", d], cwd=root, capture_output=True, text=True)
        if r.returncode != 0:
            out[d] = "kustomize failed: " + r.stderr.strip().splitlines()[-1]
        else:
            out[d] = list(yaml.safe_load_all(r.stdout))
    return out


def pods(docs):
    """(kind, name, pod spec) of every workload of a rendering."""
    for d in docs:
        if d and d.get("kind") in ("Deployment", "StatefulSet"):
            yield d["kind"], d["metadata"]["name"], d["spec"]["template"]["spec"]


def lists(spec):
    return [spec[k] for k in ("containers", "initContainers") if k in spec]


def tidy(docs):
    """A rendering without empty container and volume lists (a patch that emptied
    `initContainers` renders none)."""
    for _, _, spec in pods(docs):
        for k in ("containers", "initContainers", "volumes"):
            if spec.get(k) == []:
                del spec[k]
    return docs


def model(before, cmd, repo):
    """The renderings `cmd` should leave, from `before`."""
    after = copy.deepcopy(before)
    verb, name = cmd[0], cmd[1]
    for d, docs in after.items():
        if isinstance(docs, str):
            continue
        for _, _, spec in pods(docs):
            if verb == "delete":
                # The volume only its patch defines goes with the patch, also where a later
                # `$patch: delete` took the container out.
                vols = spec.get("volumes") or []
                spec["volumes"] = [v for v in vols if v["name"] != f"{name}-conf"]
            for lst in lists(spec):
                for c in list(lst):
                    if c["name"] != name:
                        continue
                    if verb == "delete":
                        lst.remove(c)
                    elif "--image" in cmd:
                        # As the overlays above the patch adding it render it.
                        c["image"] = repo.image_in(d, repo.adder(name), cmd[cmd.index("--image") + 1])
                    elif "--cpu-limit" in cmd:
                        c.setdefault("resources", {}).setdefault("limits", {})["cpu"] = cmd[cmd.index("--cpu-limit") + 1]
        tidy(docs)
    return after


def without_new(before, after, name, where):
    """`after` with the new sidecar `name` taken out of the workloads `where` ({overlay: (kind,
    name)}), and the entries taken out; a problem when it is missing there or found elsewhere
    (where `before` did not have it)."""
    out, taken, problems = copy.deepcopy(after), {}, []
    for d, docs in out.items():
        if isinstance(docs, str):
            continue
        for kind, wname, spec in pods(docs):
            had = rendered_container(before, d, kind, wname, name) is not None
            for lst in lists(spec):
                for c in [c for c in lst if c["name"] == name]:
                    if had:
                        continue
                    if where.get(d) == (kind, wname):
                        lst.remove(c)
                        taken[d] = c
                        # The volume it brings, where the workload had none of that name.
                        had_vol = [
                            v["name"]
                            for k, n, s in pods(before[d])
                            if (k, n) == (kind, wname)
                            for v in s.get("volumes") or []
                        ]
                        vols = spec.get("volumes") or []
                        spec["volumes"] = [v for v in vols if v["name"] != f"{name}-conf" or v["name"] in had_vol]
                    else:
                        problems.append(f"{d}: {kind}/{wname} got `{name}`, which was not asked")
        tidy(docs)
    for d in where:
        # Where a strategic-merge patch of the overlay added it already, the new one merges
        # with it: the overlay renders what it did.
        if d not in taken and rendered_container(before, d, *where[d], name) is None:
            problems.append(f"{d}: {where[d][0]}/{where[d][1]} did not get `{name}`")
    return out, taken, problems


def rendered_container(renders, overlay, kind, wname, name):
    for k, n, spec in pods(renders[overlay]):
        if (k, n) == (kind, wname):
            for lst in lists(spec):
                for c in lst:
                    if c["name"] == name:
                        return c
    return None


def unrendered(listed, renders):
    """A row of `list -o json` that the rendering of its kustomization does not have (with
    that image), if any: the listing must be what kustomize renders."""
    kinds = {"deployment": "Deployment", "statefulset": "StatefulSet"}
    for s in listed["sidecars"]:
        for u in s["services"]:
            ov, _, wid = u["service"].rpartition("#")[2].rpartition(":")
            ov = ov or "base"
            kind, _, wname = wid.partition("/")
            c = rendered_container(renders, ov, kinds[kind], wname, s["name"])
            if c is None:
                return f"list shows `{s['name']}` in {u['service']}, which {ov} does not render"
            if u["image"] and c.get("image") != u["image"]:
                return f"list shows `{s['name']}` in {u['service']} as {u['image']}, {ov} renders {c.get('image')}"
    return None


def pick_command(rng, repo, listed):
    """A random command over what `list -o json` found: (argv, new sidecar's targets or None,
    clone source or None)."""
    sidecars = {s["name"]: [u["service"] for u in s["services"]] for s in listed["sidecars"]}
    choices = ["create"]
    if sidecars:
        choices += ["edit-image", "edit-cpu", "delete", "delete", "clone"]
    verb = rng.choice(choices)
    # An overlay's workload (a new patch), or a base workload (its manifest).
    ov = rng.choice(repo.overlays + ["base"])
    w, kind = rng.choice(repo.base)
    to = f"{kind.lower()}/{w}" if ov == "base" else f"{ov}:{kind.lower()}/{w}"
    if verb == "create":
        cmd = ["create", "newcar", "--image", "example/newcar:1.0.0", "--to", to]
        if rng.random() < 0.5:
            cmd.append("--native")
        return cmd, (ov, kind, w), None
    name = rng.choice(sorted(sidecars))
    if verb == "edit-image":
        return ["edit", name, "--all", "--image", f"example/{name}:9.9.9"], None, None
    if verb == "edit-cpu":
        return ["edit", name, "--all", "--cpu-limit", "300m"], None, None
    if verb == "delete":
        cmd = ["delete", name, "--all", "--yes"]
        if rng.random() < 0.2:
            cmd.append("--keep-empty-patches")
        return cmd, None, None
    source = rng.choice(sidecars[name])
    return ["clone", name, "--from", source, "--to", to], (ov, kind, w), source


def run_case(args, seed):
    rng = random.Random(seed)
    repo = Repo(rng)
    root = tempfile.mkdtemp(prefix="kfuzz")
    try:
        repo.write(root)
        dirs = ["base"] + repo.overlays
        before = render(root, dirs)
        broken = [d for d, r in before.items() if isinstance(r, str)]
        if broken:
            return "generator", f"the generated repository does not build: {before[broken[0]]}", repo, None
        listed = subprocess.run([args.bin, "list", "-o", "json"], cwd=root, capture_output=True, text=True)
        if listed.returncode != 0:
            return "fail", f"list exits {listed.returncode}: {listed.stderr}", repo, ["list"]
        problem = unrendered(json.loads(listed.stdout), before)
        if problem:
            return "fail", problem, repo, ["list"]
        cmd, target, source = pick_command(rng, repo, json.loads(listed.stdout))
        files_before = snapshot(root)
        r = subprocess.run([args.bin, *cmd, "-o", "json"], cwd=root, capture_output=True, text=True)
        files_after = snapshot(root)
        if r.returncode not in (0, 1, 2) or "panicked" in r.stderr or "internal error" in r.stderr:
            return "fail", f"exit {r.returncode}: {r.stderr}", repo, cmd
        if r.returncode != 0:
            errors = [l for l in r.stderr.splitlines() if l.startswith("error:")]
            if len(errors) != 1:
                return "fail", f"a refusal says {len(errors)} error lines: {r.stderr}", repo, cmd
            if files_after != files_before:
                return "fail", "a refusal wrote files", repo, cmd
            if not any(known in errors[0] for known in EXPECTED_REFUSALS):
                return "fail", f"a valid command refused: {errors[0]}", repo, cmd
            return "refused", errors[0], repo, cmd
        report = json.loads(r.stdout)
        named = set(report.get("files", [])) | set(report.get("removedFiles", []))
        for rel in set(files_before) | set(files_after):
            if files_before.get(rel) != files_after.get(rel) and rel not in named:
                return "fail", f"{rel} changed but the report does not name it", repo, cmd
        after = render(root, dirs)
        broken = [d for d, r in after.items() if isinstance(r, str)]
        if broken:
            return "fail", f"{broken[0]}: {after[broken[0]]}", repo, cmd
        if target is None:
            want = model(before, cmd, repo)
            got = {d: tidy(docs) for d, docs in after.items()}
            if got != want:
                bad = [d for d in dirs if got[d] != want[d]]
                return "fail", f"{bad[0]} renders otherwise than asked:\nwant {want[bad[0]]}\ngot  {got[bad[0]]}", repo, cmd
            return "ok", None, repo, cmd
        ov, kind, w = target
        where = {d: (kind, w) for d in repo.built_on[ov] if repo.renders_new(ov, d, cmd[1], w)}
        rest, taken, problems = without_new(before, after, cmd[1], where)
        # Where a later patch deletes the new container, the volume it brings stays (a
        # `$patch: delete` takes the container only).
        for d in set(repo.built_on[ov]) - set(where):
            for k, n, spec in pods(rest[d] if not isinstance(rest[d], str) else []):
                had = [v["name"] for k2, n2, s2 in pods(before[d]) if (k2, n2) == (k, n) for v in s2.get("volumes") or []]
                if (k, n) == (kind, w):
                    spec["volumes"] = [v for v in spec.get("volumes") or [] if v["name"] != f"{cmd[1]}-conf" or v["name"] in had]
            tidy(rest[d])
        if problems:
            return "fail", "; ".join(problems), repo, cmd
        if rest != {d: tidy(copy.deepcopy(docs)) for d, docs in before.items()}:
            bad = [d for d in dirs if rest[d] != tidy(copy.deepcopy(before[d]))]
            return "fail", f"{bad[0]}: more changed than the new sidecar", repo, cmd
        if source is not None:
            src_ov, _, src_id = source.rpartition("#")[2].partition(":")
            skind, _, sname = src_id.partition("/")
            skind = {"deployment": "Deployment", "statefulset": "StatefulSet"}[skind]
            want_c = rendered_container(before, src_ov, skind, sname, cmd[1])
            if (src_ov, cmd[1], sname) in repo.tuned:
                # The source's row is the patch adding it, without the later tuning (README).
                want_c = {k: v for k, v in want_c.items() if k != "resources"}
                taken = {d: {k: v for k, v in c.items() if k != "resources"} for d, c in taken.items()}
            for d, c in taken.items():
                # The copy says the image its source renders; the overlays rendering it may pin
                # another.
                want_c = dict(want_c, image=repo.image_in(d, ov, rendered_container(before, src_ov, skind, sname, cmd[1])["image"]))
                if c != want_c:
                    return "fail", f"{d}: the clone renders {c}, the source {want_c}", repo, cmd
        return "ok", None, repo, cmd
    finally:
        if args.case is None:
            shutil.rmtree(root, ignore_errors=True)
        else:
            print(f"kept {root}", file=sys.stderr)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bin", required=True)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--cases", type=int, default=40)
    p.add_argument("--case", type=int, help="run the one case of this seed, and keep its folder")
    args = p.parse_args()
    args.bin = os.path.abspath(args.bin)
    if shutil.which("kubectl") is None:
        print("kubectl is not on PATH: the fuzz needs `kubectl kustomize`", file=sys.stderr)
        return 2
    outcomes, refusals, failures, example = Counter(), Counter(), [], {}
    seeds = [args.case] if args.case is not None else [args.seed * 100_003 + n for n in range(args.cases)]
    for seed in seeds:
        outcome, what, repo, cmd = run_case(args, seed)
        outcomes[outcome] += 1
        if outcome == "refused":
            refusals[what.split(";")[0][:240]] += 1
            example.setdefault(what.split(";")[0][:240], seed)
            if args.case is not None:
                print(f"refused: {what}\n$ sidecarctl {' '.join(cmd)}")
        elif outcome in ("fail", "generator"):
            failures.append((seed, what, repo, cmd))
    print(f"{len(seeds)} cases (seed {args.seed}): " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
    for what, count in refusals.most_common():
        print(f"  refused {count}x (case {example[what]}): {what}")
    for seed, what, repo, cmd in failures[:5]:
        print(f"\n== case seed {seed}: {what}\n$ sidecarctl {' '.join(cmd or [])}")
        for rel, text in sorted(repo.files.items()):
            print(f"--- {rel}\n{text}", end="")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
