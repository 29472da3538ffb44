#!/usr/bin/env python3
"""Differential fuzz of sidecarctl on Kubernetes manifests, judged by PyYAML.

Each case writes a small implicit Kubernetes project (one to three files, one to four documents
each) in random styles -- block and flow, 2 or 4 spaces, lists indented by 0, 2 or 4,
`-   name:`, quoted keys, comments at every column, blank lines, several documents, CRLF, no
final newline, block scalars, JSON files, YAML 1.1 scalars (`0644`, `yes`, `no`, `on`, `off`,
`0x1F`, `1_000`) -- runs one random command on it (create, classic or `--native`; clone, with
`--on-conflict replace|skip|fail`, `--native|--classic`; edit of the image, a request or limit,
`--placement`; delete; one target, several, or `--all`), and judges:

- the data: the files before and after are read with PyYAML (YAML 1.1, the C loader when there
  is one); a small model of each command (SPEC §6.2) applied to the data before must give the
  data after;
- the outcome: a change succeeds, or refuses with one `error:` line (exit 1 or 2) and writes
  nothing; never "internal error", "bug" or a panic; a refusal the model does not expect is a
  failure (a valid edit refused);
- the text: every comment outside the entries the command removes survives; every line of the
  entries it does not touch stays; line endings, the final newline and the file's indentation
  habits are kept; every document the command does not change is byte for byte the same; a
  sidecar created (or cloned) and deleted again leaves the file as it was.

A failure is shrunk (documents, entries, keys and style features are taken away while the same
failure remains) and printed as a reproducer: the input file, the command, expected and got.

    python3 tests/k8s_fuzz.py --bin target/debug/sidecarctl --seed 19 --cases 300

Exit status 1 when a case fails that is not a known class (KNOWN below).
"""
import argparse
import copy
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from decimal import Decimal

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Failure classes known to fail today, each tagged with the item of issue #19 that fixes it. A
# case whose failure is one of these is counted and reported, but does not fail the run; the
# list empties as the fixes land. Keys are failure classes as `classify` names them.
KNOWN = {}


def known(cls):
    """The item of issue #19 a known failure class waits for, or None."""
    for pattern, item in KNOWN.items():
        if re.search(pattern, cls):
            return item
    return None

SPECIAL = {"istio-proxy", "linkerd-proxy"}
SIDECAR_NAMES = ["envoy", "agent", "log-shipper", "vault-agent", "proxy", "metrics", "tail"]
INIT_NAMES = ["init-db", "migrate"]
NEW_NAMES = ["otel", "side", "reloader", "envoy", "agent"]
KINDS = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod"]
KIND_ALIAS = {"Deployment": ["deployment", "deploy"], "StatefulSet": ["statefulset", "sts"],
              "DaemonSet": ["daemonset", "ds"], "Job": ["job"], "CronJob": ["cronjob", "cj"],
              "Pod": ["pod", "po"]}
CPU_REQ = ["10m", "50m", "100m", "0.1"]
CPU_LIM = ["200m", "500m", "1", "2"]
MEM_REQ = ["32Mi", "64Mi", "64M"]
MEM_LIM = ["128Mi", "256Mi", "1Gi"]


# ---------------------------------------------------------------------------------------------
# Text the generator writes as it stands


class Raw:
    """A plain scalar written exactly so (a YAML 1.1 octal, boolean, hex or `1_000`)."""

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return f"Raw({self.text!r})"


class Block:
    """A block scalar: `|`, `|-`, `>` or `>-` and its lines."""

    def __init__(self, header, lines):
        self.header, self.lines = header, lines

    def __repr__(self):
        return f"Block({self.header!r}, {self.lines!r})"


YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n", "true", "false"}


def plain_ok(s, flow):
    if not re.fullmatch(r"[A-Za-z/][A-Za-z0-9/_.:@-]*", s):
        return False
    if s.lower() in YAML11_BOOLS or s.lower() in {"null"}:
        return False
    if s.endswith(":") or (flow and ":" in s):
        return False  # PyYAML reads no `:` in a plain scalar inside flow collections
    return True


def scalar_text(v, flow, rng):
    if isinstance(v, Raw):
        return v.text
    if isinstance(v, Block):
        return '"' + "\\n".join(v.lines).replace('"', '\\"') + '"'
    if v is None:
        return rng.choice(["null", "~"])
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    s = str(v)
    if plain_ok(s, flow) and rng.random() < 0.8:
        return s
    if rng.random() < 0.5:
        return "'" + s.replace("'", "''") + "'"
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


# ---------------------------------------------------------------------------------------------
# The renderer: data -> lines, each with what may stand next to it


class Line:
    __slots__ = ("text", "kind", "owner", "start", "col")

    def __init__(self, text, kind="line", owner=None, start=False, col=0):
        # kind: line | bshead (a block scalar's header) | bscalar (its content) | marker (---)
        self.text, self.kind, self.owner, self.start, self.col = text, kind, owner, start, col


class Renderer:
    def __init__(self, style, rng):
        self.s, self.rng, self.lines = style, rng, []

    def emit(self, text, kind="line", owner=None, start=False, col=0):
        self.lines.append(Line(text, kind, owner, start, col))

    def flow(self, v):
        if isinstance(v, dict):
            return "{" + ", ".join(f"{self.key(k)}: {self.flow(x)}" for k, x in v.items()) + "}"
        if isinstance(v, list):
            return "[" + ", ".join(self.flow(x) for x in v) + "]"
        return scalar_text(v, True, self.rng)

    def key(self, k):
        """A key, now and then quoted (as generators of YAML write them)."""
        if self.s["quote_keys"] and self.rng.random() < 0.5:
            return f'"{k}"'
        return k

    def wants_flow(self, v, key):
        if not v:
            return True
        if key in self.s["flow_keys"]:
            return True
        return self.rng.random() < self.s["flow"]

    def value(self, prefix, key, v, ind, owner, start=False):
        """`prefix` + `key: v`; its children at `ind` + step."""
        step = self.s["step"]
        head = f"{prefix}{self.key(key)}:"
        if isinstance(v, (dict, list)) and not self.wants_flow(v, key):
            self.emit(head, owner=owner, start=start, col=len(prefix))
            if isinstance(v, dict):
                self.mapping(v, ind + step, owner)
            else:
                self.sequence(v, ind + self.s["seq_offset"], owner, key)
        elif isinstance(v, Block):
            self.emit(f"{head} {v.header}", "bshead", owner, start, len(prefix))
            for line in v.lines:
                self.emit(" " * (ind + step) + line if line else "", "bscalar", owner)
        elif isinstance(v, (dict, list)):
            self.emit(f"{head} {self.flow(v)}", owner=owner, start=start, col=len(prefix))
        elif v == "" or (v is None and self.rng.random() < 0.3):
            self.emit(head, owner=owner, start=start, col=len(prefix))  # an empty value: null
        else:
            self.emit(f"{head} {scalar_text(v, False, self.rng)}", owner=owner, start=start,
                      col=len(prefix))

    def mapping(self, m, ind, owner, first_prefix=None, start=False):
        for i, (k, v) in enumerate(m.items()):
            prefix = first_prefix if (i == 0 and first_prefix is not None) else " " * ind
            self.value(prefix, k, v, ind, owner, start and i == 0)

    def sequence(self, items, ind, owner, key):
        gap = self.s["dash_gap"]
        for item in items:
            dash = " " * ind + "-" + " " * gap
            entry = owner
            is_entry = key in ("containers", "initContainers") and isinstance(item, dict)
            if is_entry:
                entry = item.get("name")
            elif key == "volumes" and isinstance(item, dict):
                entry = ("volume", item.get("name"))
            if isinstance(item, dict) and item and not (self.rng.random() < self.s["flow"]):
                self.mapping(item, ind + 1 + gap, entry, dash, is_entry)
            elif isinstance(item, Block):
                self.emit(f"{dash}{item.header}", "bshead", entry, is_entry, ind)
                for line in item.lines:
                    self.emit(" " * (ind + 1 + gap) + line if line else "", "bscalar", entry)
            elif isinstance(item, (dict, list)):
                self.emit(dash + self.flow(item), owner=entry, start=is_entry, col=ind)
            else:
                self.emit(dash + scalar_text(item, False, self.rng), owner=entry, col=ind)

    def document(self, doc):
        if self.s["doc_flow"] and self.rng.random() < 0.5:
            self.emit(self.flow(doc))
        else:
            self.mapping(doc, 0, None)


class Comments:
    """Unique comments `# cN`, with the container entry each may belong to."""

    def __init__(self):
        self.n, self.owned = 0, {}
        self.entry_lines = {}  # (document, entry) -> its lines, as written

    def record(self, doc_no, line, text):
        """`text`, the line `line` became, is one of its entry's (a block scalar's header may
        change: see ends_in_block_scalar)."""
        if line.owner is not None and line.kind in ("line", "bscalar"):
            self.entry_lines.setdefault((doc_no, line.owner), []).append(text)

    def new(self, owners):
        self.n += 1
        cid = f"c{self.n}"
        self.owned[cid] = owners
        return cid


LIST_KEY = re.compile(r' *"?(initContainers|volumes)"?:')


def decorate(lines, style, rng, comments, doc_no):
    """Comments at every column and blank lines, where YAML lets them be (never inside a
    block scalar, never right after one unless less indented than the key). Each comment
    records which entries it may belong to, (document, container name)."""
    out = []
    prev = None
    for line in lines:
        can_insert = line.kind != "bscalar" and not (prev is not None and prev.kind in ("bscalar", "bshead"))
        # A pod's `initContainers:` or `volumes:` goes with its last entry, and so do the
        # comment on its line and its heading (the comment line directly above it).
        list_key = LIST_KEY.match(line.text) if line.owner is None else None
        heading = None
        if can_insert and rng.random() < style["full_comments"]:
            owners = set()
            if line.owner is not None:
                owners.add((doc_no, line.owner))
            if prev is not None and prev.owner is not None:
                owners.add((doc_no, prev.owner))
            cid = comments.new(owners)
            col = rng.randint(0, line.col + 6)
            out.append(" " * col + f"# {cid}")
            # Its heading: at the key's column, or deeper when the key is the first of its
            # mapping (deeper after a sibling, it is inside the sibling's value).
            if list_key and (col == line.col or (col > line.col and prev is not None
                                                 and prev.col < line.col)):
                heading = owners
        if can_insert and rng.random() < style["blank"]:
            out.append("")
            heading = None
        if heading is not None:
            heading.add((doc_no, ("key", list_key.group(1))))
        # A comment line between such a key and its first entry is in the key's value, whatever
        # its column and whether a blank line follows it: it goes when the key goes.
        under = LIST_KEY.match(prev.text) if prev is not None and prev.owner is None else None
        last = next((l for l in reversed(out) if l.strip()), "")
        if under and last.lstrip().startswith("#") and line.owner is not None:
            comments.owned[COMMENT.search(last).group(1)].add((doc_no, ("key", under.group(1))))
        text = line.text
        if line.kind in ("line",) and rng.random() < style["trailing_comments"]:
            owners = {(doc_no, line.owner)} if line.owner is not None else set()
            if line.owner is not None and "restartPolicy:" in line.text:
                owners.add((doc_no, line.owner, "restartPolicy"))
            if list_key:
                owners.add((doc_no, ("key", list_key.group(1))))
            text += " " * rng.randint(1, 3) + f"# {comments.new(owners)}"
        comments.record(doc_no, line, text)
        out.append(text)
        prev = line
    # A comment after the last line of the document, at some column (the entry's, or less).
    if lines and lines[-1].kind == "line" and rng.random() < style["full_comments"] * 2:
        owners = {(doc_no, lines[-1].owner)} if lines[-1].owner is not None else set()
        cid = comments.new(owners)
        out.append(" " * rng.randint(0, lines[-1].col + 4) + f"# {cid}")
    return out


def plain(v):
    """The data a YAML 1.1 reader makes of the generator's values, for a JSON file."""
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    if isinstance(v, Raw):
        return yaml.load(v.text, Loader=LOADER)
    if isinstance(v, Block):
        return "\n".join(v.lines) + ("" if v.header.endswith("-") else "\n")
    return v


def render_json(doc, style):
    """A `.json` manifest: json.dumps in 2 or 4 spaces, or on one line."""
    import json
    indent = style["step"] if style["json_indent"] else None
    text = json.dumps(plain(doc), indent=indent)
    return text if style["no_final_newline"] else text + "\n"


def render(case):
    """The files' text, and what the judge needs to know of it (a Comments: each comment with
    its possible owners, each entry's lines)."""
    style = case["style"]
    rng = random.Random(style["seed"])
    comments = Comments()
    files = {}
    for fname, docs in case["files"].items():
        if fname.endswith(".json"):
            files[fname] = render_json(docs[0], style)
            continue
        parts = []
        for i, doc in enumerate(docs):
            r = Renderer(style, rng)
            r.document(doc)
            if style["comments"]:
                lines = decorate(r.lines, style, rng, comments, (fname, i))
            else:
                lines = [l.text for l in r.lines]
                for l in r.lines:
                    comments.record((fname, i), l, l.text)
            parts.append(lines)
        out = []
        if style["leading_marker"]:
            out.append("---")
        for i, lines in enumerate(parts):
            if i:
                if style["comments"] and rng.random() < 0.3:
                    out.append(f"# {comments.new(set())}")
                out.append("---" + (f" # {comments.new(set())}" if style["comments"] and rng.random() < 0.2 else ""))
            out.extend(lines)
        text = "\n".join(out) + "\n"
        if style["no_final_newline"]:
            text = text.rstrip("\n")
        if style["crlf"]:
            text = text.replace("\n", "\r\n")
        files[fname] = text
    return files, comments


# ---------------------------------------------------------------------------------------------
# The generator


def gen_style(rng):
    step = rng.choice([2, 2, 4])
    return {
        "seed": rng.randrange(1 << 30),
        "step": step,
        "seq_offset": rng.choice(sorted({0, 2, step})),  # lists under their key: 0, 2 or a step
        "dash_gap": 1 if step == 2 or rng.random() < 0.7 else 3,
        "flow": rng.choice([0, 0, 0, 0.1, 0.3]),
        "flow_keys": set(rng.sample(["resources", "ports", "env", "volumeMounts", "volumes",
                                      "containers", "initContainers", "spec", "metadata",
                                      "securityContext", "args"], rng.choice([0, 0, 1, 2, 3]))),
        "doc_flow": rng.random() < 0.05,
        "comments": rng.random() < 0.6,
        "full_comments": rng.choice([0.05, 0.15, 0.3]),
        "trailing_comments": rng.choice([0, 0.05, 0.2]),
        "blank": rng.choice([0, 0, 0.05]),
        "crlf": rng.random() < 0.15,
        "no_final_newline": rng.random() < 0.15,
        "leading_marker": rng.random() < 0.3,
        "json_indent": rng.random() < 0.8,
        "quote_keys": rng.random() < 0.05,
    }


def gen_resources(rng):
    r = rng.random()
    if r < 0.25:
        return None  # no key
    if r < 0.3:
        return {}
    if r < 0.33:
        return Raw(rng.choice(["null", "~"]))
    res = {}
    if rng.random() < 0.7:
        res["requests"] = pick_fields(rng, {"cpu": rng.choice(CPU_REQ), "memory": rng.choice(MEM_REQ)})
    if rng.random() < 0.6:
        res["limits"] = pick_fields(rng, {"cpu": rng.choice(CPU_LIM), "memory": rng.choice(MEM_LIM)})
    if rng.random() < 0.5:
        res = dict(reversed(list(res.items())))
    return res


def pick_fields(rng, d):
    keys = [k for k in d if rng.random() < 0.75] or [rng.choice(list(d))]
    return {k: quantity_text(d[k], rng) for k in keys}


def quantity_text(q, rng):
    if re.fullmatch(r"[0-9.]+", q):
        return Raw(q) if rng.random() < 0.5 else q  # `cpu: 1` (a number) or `cpu: "1"`
    return q


def gen_container(rng, name, image, volumes, native=False, special=False):
    c = {"name": name}
    fields = []
    fields.append(("image", image))
    if native:
        fields.append(("restartPolicy", "Always"))
    if special:
        fields.append(("args", ["proxy", "sidecar"]))
    if rng.random() < 0.3:
        fields.append(("args", rng.choice([
            ["--port", Raw("0644"), Raw("yes")],
            [Block(rng.choice(["|", "|-", ">", "|+", ">+"]), ["line one", "  indented two", "", "three"])],
            ["-c", "/etc/x.yaml", "'quoted'"],
        ])))
    if rng.random() < 0.2:
        fields.append(("command", ["/bin/sh", "-c", Block(rng.choice(["|", ">-"]), ["echo hi", "exec sleep 1"])]))
    if rng.random() < 0.3:
        fields.append(("env", [{"name": "MODE", "value": rng.choice(["yes", "on", "0x1F", "1_000", "plain"])},
                               {"name": "LEVEL", "value": "info"}]))
    if rng.random() < 0.25:
        fields.append(("ports", [{"containerPort": rng.choice([8080, 9901]), "name": "http"}]))
    res = gen_resources(rng)
    if res is not None:
        fields.append(("resources", res))
    mounts = []
    for _ in range(rng.choice([0, 0, 1, 1, 2])):
        vname = f"{name}-{rng.choice(['cfg', 'tls', 'data', 'shared'])}"
        if rng.random() < 0.25 and volumes:
            vname = rng.choice(list(volumes))  # shared with another container
        if any(m["name"] == vname for m in mounts):
            continue
        m = {"name": vname, "mountPath": f"/mnt/{name}/{len(mounts)}"}
        if rng.random() < 0.3:
            m["readOnly"] = Raw(rng.choice(["yes", "true", "on"]))
        mounts.append(m)
        if vname not in volumes:
            volumes[vname] = gen_volume(rng, vname)
    if mounts:
        fields.append(("volumeMounts", mounts))
    if rng.random() < 0.15:
        fields.append(("securityContext", {"runAsUser": Raw(rng.choice(["1_000", "0x3E8", "1000"])),
                                           "readOnlyRootFilesystem": Raw(rng.choice(["on", "yes", "true"])),
                                           "allowPrivilegeEscalation": Raw(rng.choice(["off", "no", "false"]))}))
    rng.shuffle(fields)
    for k, v in fields:
        c.setdefault(k, v)
    return c


def gen_volume(rng, name):
    r = rng.random()
    if r < 0.4:
        v = {"name": name, "configMap": {"name": name, "defaultMode": Raw(rng.choice(["0644", "0400", "420"]))}}
    elif r < 0.7:
        v = {"name": name, "secret": {"secretName": name, "optional": Raw(rng.choice(["no", "yes", "false"]))}}
    else:
        v = {"name": name, "emptyDir": {}}
    return v


def gen_workload(rng, name):
    kind = rng.choice(KINDS)
    volumes = {}
    containers = []
    istio = rng.random() < 0.12
    istio_only = istio and rng.random() < 0.4
    if istio:
        containers.append(gen_container(rng, "istio-proxy", "auto", volumes, special=True))
    if not istio_only:
        containers.append(gen_container(rng, "app", f"registry.example.com/{name}:1.{rng.randrange(9)}", volumes))
        for n in rng.sample(SIDECAR_NAMES, rng.choice([0, 1, 1, 2, 3])):
            containers.append(gen_container(rng, n, f"example/{n}:2.{rng.randrange(9)}", volumes))
    if len(containers) > 1 and rng.random() < 0.25:
        rng.shuffle(containers)  # the main container anywhere in the list
    used = {c["name"] for c in containers}
    natives = [n for n in rng.sample(SIDECAR_NAMES, rng.choice([0, 0, 1, 2])) if n not in used]
    inits = rng.sample(INIT_NAMES, rng.choice([0, 0, 1, 2]))
    init_list = [gen_container(rng, n, f"example/{n}:3.1", volumes, native=True) for n in natives]
    init_list += [gen_container(rng, n, "busybox:1.36", volumes) for n in inits]
    spec = {}
    r = rng.random()
    parts = [("containers", containers)]
    if init_list:
        parts.append(("initContainers", init_list))
    elif r < 0.08:
        parts.append(("initContainers", []))
    elif r < 0.14:
        parts.append(("initContainers", Raw(rng.choice(["null", "~"]))))
    if volumes or rng.random() < 0.05:
        parts.append(("volumes", list(volumes.values())))
    if rng.random() < 0.2:
        parts.append(("terminationGracePeriodSeconds", Raw(rng.choice(["0x1F", "30", "1_000"]))))
    if rng.random() < 0.15:
        parts.append(("securityContext", {"fsGroup": Raw(rng.choice(["1_000", "2000"])),
                                          "runAsNonRoot": Raw(rng.choice(["yes", "on", "true"]))}))
    if kind in ("Job", "CronJob") or rng.random() < 0.1:
        parts.append(("restartPolicy", "OnFailure" if kind in ("Job", "CronJob") else "Always"))
    rng.shuffle(parts)
    spec = dict(parts)
    meta = {"name": name}
    if rng.random() < 0.3:
        meta["namespace"] = "shop"
    if rng.random() < 0.2:
        meta["annotations"] = {"note": Block(rng.choice(["|", ">"]), ["first line", "second: line"]),
                               "enabled": rng.choice(["yes", Raw('"on"')])}
    doc = {"apiVersion": "v1" if kind == "Pod" else ("batch/v1" if kind in ("Job", "CronJob") else "apps/v1"),
           "kind": kind, "metadata": meta}
    tmeta = {"labels": {"app": name}}
    if not istio_only and rng.random() < (0.5 if istio or containers[0]["name"] != "app" else 0.1):
        tmeta["annotations"] = {"kubectl.kubernetes.io/default-container": "app"}
    if kind == "Pod":
        doc["spec"] = spec
    elif kind == "CronJob":
        doc["spec"] = {"schedule": "0 * * * *", "jobTemplate": {"spec": {"template": {"metadata": tmeta, "spec": spec}}}}
    else:
        s = {"template": {"metadata": tmeta, "spec": spec}}
        if kind != "Job":
            s = {"replicas": Raw(rng.choice(["1", "0x2", "1_0"])) if rng.random() < 0.3 else 2,
                 "selector": {"matchLabels": {"app": name}}, **s}
        doc["spec"] = s
    return doc


def gen_other(rng, i):
    if rng.random() < 0.5:
        return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": f"svc{i}"},
                "spec": {"ports": [{"port": 80, "targetPort": Raw("0x50")}]}}
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": f"cm{i}"},
            "data": {"app.conf": Block("|", ["key: value", "# not a comment", "on: yes"]),
                     "flag": Raw('"no"')}}


def gen_case(rng):
    style = gen_style(rng)
    nwork = rng.choice([1, 2, 2, 3])
    files = {"a.yaml": [], "b.yaml": []}
    for i in range(nwork):
        f = "a.yaml" if (i == 0 or rng.random() < 0.5) else "b.yaml"
        if rng.random() < 0.25:
            files[f].append(gen_other(rng, len(files[f])))
        files[f].append(gen_workload(rng, f"w{i}"))
    if rng.random() < 0.2:
        files["a.yaml"].append(gen_other(rng, 9))
    if rng.random() < 0.1:
        files["c.json"] = [gen_workload(rng, f"w{nwork}")]
    files = {k: v for k, v in files.items() if v}
    case = {"style": style, "files": files}
    return case


# ---------------------------------------------------------------------------------------------
# The model: what each command means, on PyYAML's data


def pod_spec(doc):
    if not isinstance(doc, dict):
        return None
    kind = doc.get("kind")
    if kind == "Pod":
        return doc.get("spec")
    if kind == "CronJob":
        return doc["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    if kind in KINDS:
        return doc["spec"]["template"]["spec"]
    return None


def template_meta(doc):
    kind = doc.get("kind")
    if kind == "CronJob":
        return doc["spec"]["jobTemplate"]["spec"]["template"].get("metadata") or {}
    if kind == "Pod":
        return doc.get("metadata") or {}
    return doc["spec"]["template"].get("metadata") or {}


def workloads(data):
    """[(file, doc index, id, bare name, kind)]."""
    out = []
    for f in sorted(data):
        for i, doc in enumerate(data[f]):
            if pod_spec(doc) is not None:
                meta = doc["metadata"]
                wid = f"{doc['kind'].lower()}/{meta['name']}"
                if meta.get("namespace"):
                    wid = f"{meta['namespace']}/{wid}"
                out.append((f, i, wid, meta["name"], doc["kind"]))
    return out


def main_name(doc):
    ann = (template_meta(doc).get("annotations") or {}).get("kubectl.kubernetes.io/default-container")
    cs = pod_spec(doc).get("containers") or []
    if ann:
        return ann
    for c in cs:
        if c["name"] not in SPECIAL:
            return c["name"]
    return None  # only special sidecars: none of them is the main container (issue #19 item 4)


def find(doc, name):
    """(list key, index, entry) of the container `name`, or None."""
    spec = pod_spec(doc)
    for key in ("containers", "initContainers"):
        for i, c in enumerate(spec.get(key) or []):
            if c.get("name") == name:
                return key, i, c
    return None


def role(doc, name, first_special=None):
    hit = find(doc, name)
    if hit is None:
        return None
    key, _, c = hit
    if name in SPECIAL:
        return "special"
    if key == "initContainers":
        return "sidecar" if c.get("restartPolicy") == "Always" else "init"
    return "main" if name == main_name(doc) else "sidecar"


def mounted_by(c):
    return [m["name"] for m in (c.get("volumeMounts") or [])]


def all_mounts(spec):
    names = set()
    for key in ("containers", "initContainers"):
        for c in spec.get(key) or []:
            names.update(mounted_by(c))
    return names


def insert_native(spec, entry):
    inits = spec.get("initContainers") or []
    pos = len(inits)
    for i, c in enumerate(inits):
        if c.get("restartPolicy") != "Always":
            pos = i
            break
    spec["initContainers"] = inits[:pos] + [entry] + inits[pos:]


def place(spec, entry, native):
    entry = dict(entry)
    if native:
        entry["restartPolicy"] = "Always"
        insert_native(spec, entry)
    else:
        entry.pop("restartPolicy", None)
        spec.setdefault("containers", [])
        spec["containers"] = (spec["containers"] or []) + [entry]


def remove_entry(spec, key, i):
    lst = list(spec[key])
    del lst[i]
    if lst or key == "containers":
        spec[key] = lst
    else:
        del spec[key]


class Quantity:
    """A quantity a command writes: `2` may be read back as the number 2."""

    def __init__(self, text):
        self.text = text

    def __eq__(self, other):
        # An edit to a value equal to the one there (`100m` and `0.1`) changes nothing.
        if isinstance(other, bool):
            return False
        if isinstance(other, Quantity):
            other = other.text
        if qval(self.text) is not None and qval(other) is not None and qval(self.text) == qval(other):
            return True
        if isinstance(other, (int, float)):
            try:
                return Decimal(self.text) == Decimal(str(other))
            except Exception:
                return False
        return other == self.text

    def __repr__(self):
        return f"Q({self.text})"


def qval(q):
    """A quantity as a Decimal (in cores or bytes)."""
    if isinstance(q, Quantity):
        q = q.text
    q = str(q)
    m = re.fullmatch(r"([0-9.]+)(m|Ki|Mi|Gi|k|M|G)?", q)
    if not m:
        return None
    mult = {"m": Decimal("0.001"), "Ki": 1024, "Mi": 1024 ** 2, "Gi": 1024 ** 3, "k": 1000,
            "M": 1000 ** 2, "G": 1000 ** 3, None: 1}[m.group(2)]
    return Decimal(m.group(1)) * mult


def request_above_limit(c):
    res = c.get("resources") or {}
    req, lim = res.get("requests") or {}, res.get("limits") or {}
    for k in ("cpu", "memory"):
        if k in req and k in lim and qval(req[k]) is not None and qval(lim[k]) is not None:
            if qval(req[k]) > qval(lim[k]):
                return True
    return False


class Refuse(Exception):
    """A refusal the model expects; `expect`, when given, is a pattern the tool's `error:` line
    must match (a refusal the model knows only in one situation, for one reason)."""

    def __init__(self, why, expect=None):
        super().__init__(why)
        self.expect = expect


NO_MAIN = r"has no main container \(its containers are special sidecars: .*\); a classic sidecar would become its main container"
FLOW_COMMENTS = r"holds comments, which an entry of a flow list \(`\[\.\.\.\]`\) cannot keep"


def refuse_new_main(doc):
    """A classic sidecar is not put into a pod whose containers are all special sidecars: it
    would become its main container (issue #19 item 4). `--native` is the way there."""
    if main_name(doc) is None:
        raise Refuse("no main container", NO_MAIN)


def targets_of(data, ref):
    ws = workloads(data)
    hits = [w for w in ws if ref in (w[2], w[3]) or ref == "/".join(w[2].split("/")[-2:])
            or any(ref == f"{a}/{w[3]}" for a in KIND_ALIAS[w[4]])]
    if len(hits) != 1:
        raise Refuse("no single workload")
    return hits[0]


def targets(data, refs):
    """The workloads a comma-separated list of references names."""
    out = []
    for ref in refs.split(","):
        w = targets_of(data, ref)
        if w not in out:
            out.append(w)
    return out


def model(data, cmd, texts=None):
    """The data after `cmd` as a list of acceptable outcomes, or Refuse. A command of several
    targets changes each, or (a refusal for one) none. `texts`, the files' text, tells where
    comments stand (an entry moved into a flow list cannot keep them)."""
    data = copy.deepcopy(data)
    op = cmd["op"]
    if op == "create":
        no = []
        for f, i, *_ in targets(data, cmd["to"]):
            try:
                create_in(data[f][i], cmd)
            except Refuse as why:
                no.append(why)
        refuse_all(no)
        return [data]
    if op == "clone":
        sf, si, *_ = targets_of(data, cmd["from"])
        outcomes = [data]
        no = []
        for tf, ti, *_ in targets(data, cmd["to"]):
            try:
                outcomes = [d for o in outcomes for d in clone_into(o, cmd, sf, si, tf, ti)]
            except Refuse as why:
                no.append(why)
        refuse_all(no)
        return outcomes
    return model_change(data, cmd, texts)


def refuse_all(refusals):
    """The refusals of a command's several targets as one: the tool may name any of them."""
    if refusals:
        expect = None
        if all(r.expect for r in refusals):
            expect = "|".join(f"(?:{r.expect})" for r in refusals)
        raise Refuse("; ".join(map(str, refusals)), expect)


def create_in(doc, cmd):
    """`create` into one workload's document."""
    spec = pod_spec(doc)
    if find(doc, cmd["name"]) is not None:
        raise Refuse("exists")
    e = {"name": cmd["name"], "image": cmd["image"]}
    if cmd.get("args"):
        e["args"] = list(cmd["args"])
    if cmd.get("env"):
        e["env"] = [{"name": k, "value": v} for k, v in cmd["env"]]
    req, lim = cmd.get("cpu", "100m:100m").split(":"), cmd.get("memory", "150Mi:150Mi").split(":")
    e["resources"] = {"requests": {"cpu": Quantity(req[0]), "memory": Quantity(lim[0])},
                      "limits": {"cpu": Quantity(req[-1]), "memory": Quantity(lim[-1])}}
    mounts, vols = [], list(spec.get("volumes") or [])
    # The mounts of every --config-map come first, then those of every --secret.
    for kind, (n, path) in sorted(cmd.get("mounts", []), key=lambda m: m[0] != "config-map"):
        src = "configMap" if kind == "config-map" else "secret"
        inner = "name" if kind == "config-map" else "secretName"
        own = [v for v in vols if (v.get(src) or {}).get(inner) == n]
        if own:
            vname = own[0]["name"]
        elif any(v["name"] == n for v in vols):
            raise Refuse("volume of another kind")
        else:
            vname = n
            vols.append({"name": n, src: {inner: n}})
        mounts.append({"name": vname, "mountPath": path})
    if mounts:
        e["volumeMounts"] = mounts
        spec["volumes"] = vols
    if not cmd.get("native"):
        refuse_new_main(doc)
    place(spec, e, cmd.get("native", False))


def model_change(data, cmd, texts=None):
    """`delete` and `edit`."""
    op = cmd["op"]
    if op == "delete":
        hits = all_with(data, cmd["name"]) if cmd["all"] else targets(data, cmd["service"])
        if not hits:
            raise Refuse("nowhere")
        for f, i, *_ in hits:
            doc = data[f][i]
            # A sidecar the round trip created is a sidecar, even where it is now the first
            # container that is not special (issue #19 item 4: it never becomes the main one).
            if role(doc, cmd["name"]) != "sidecar" and not (
                    cmd.get("created") and role(doc, cmd["name"]) == "main"):
                raise Refuse("not a sidecar")
            spec = pod_spec(doc)
            key, idx, entry = find(doc, cmd["name"])
            remove_entry(spec, key, idx)
            gone = set(mounted_by(entry)) - all_mounts(spec)
            if gone and spec.get("volumes"):
                spec["volumes"] = [v for v in spec["volumes"] if v["name"] not in gone]
                if not spec["volumes"]:
                    del spec["volumes"]
        return [data]
    if op == "edit":
        hits = all_with(data, cmd["name"]) if cmd["all"] else targets(data, cmd["service"])
        if not hits:
            raise Refuse("nowhere")
        no = []
        for f, i, *_ in hits:
            try:
                edit_in(data, cmd, f, i, texts)
            except Refuse as why:
                no.append(why)
        refuse_all(no)
        return [data]
    raise ValueError(op)


def edit_in(data, cmd, f, i, texts):
    """`edit` of one workload's document."""
    doc = data[f][i]
    if role(doc, cmd["name"]) != "sidecar":
        raise Refuse("not a sidecar")
    spec = pod_spec(doc)
    key, idx, entry = find(doc, cmd["name"])
    entry = copy.deepcopy(entry)
    if "image" in cmd:
        entry["image"] = cmd["image"]
    for flag, (part, res) in FIELD.items():
        if flag in cmd:
            if not isinstance(entry.get("resources"), dict):
                entry["resources"] = {}
            r = entry["resources"]
            if not isinstance(r.get(part), dict):
                r[part] = {}
            r[part][res] = Quantity(cmd[flag])
    if request_above_limit(entry):
        raise Refuse("request above limit")
    native = key == "initContainers"
    want = {"native": True, "classic": False}.get(cmd.get("placement"), native)
    if want == native:
        spec[key][idx] = entry
    else:
        if not want:
            refuse_new_main(doc)
        if texts is not None and f in texts and not f.endswith(".json") and \
                moves_comments_into_flow(texts[f], i, key, idx, want):
            raise Refuse("comments into a flow list", FLOW_COMMENTS)
        remove_entry(spec, key, idx)
        place(spec, entry, want)


# Where comments stand: the editor's ownership rule (README, `delete`; src/edit/extent.rs), on
# PyYAML's nodes, for the one refusal that depends on it.


def node_get(node, key):
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


def pod_spec_node(node):
    kind = node_get(node, "kind")
    kind = kind.value if isinstance(kind, yaml.ScalarNode) else None
    if kind == "Pod":
        return node_get(node, "spec")
    if kind == "CronJob":
        node = node_get(node_get(node, "spec"), "jobTemplate")
    return node_get(node_get(node_get(node, "spec"), "template"), "spec")


def node_last(node):
    """The offset after the last character of a node's own text (a block collection's end mark
    lies after the comments that follow it)."""
    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        return node_last(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        return node_last(node.value[-1])
    return node.end_mark.index


def text_line_end(text, at):
    i = text.find("\n", at)
    return len(text) if i < 0 else i + 1


def item_lines(text, items, idx):
    """(first line start, end) of block list item `idx` with the comment lines it owns: its
    heading (comment lines directly above its `-`, at the `-`'s column or deeper, not inside
    the item before) and the comment lines after its last line deeper than its `-`."""
    def dash_of(item):
        return text.rfind("-", 0, item.start_mark.index)

    def end_of(item, col):
        end = at = text_line_end(text, max(node_last(item) - 1, dash_of(item)))
        while at < len(text):
            nxt = text_line_end(text, at)
            line = text[at:nxt].rstrip("\r\n")
            if line.strip() and not (line.lstrip().startswith("#")
                                     and len(line) - len(line.lstrip(" ")) > col):
                break
            if line.strip():
                end = nxt
            at = nxt
        return end

    item = items[idx]
    dash = dash_of(item)
    start = text.rfind("\n", 0, dash) + 1
    col = dash - start
    floor = 0
    if idx:
        prev = items[idx - 1]
        pd = dash_of(prev)
        floor = end_of(prev, pd - (text.rfind("\n", 0, pd) + 1))
    head = start
    while head > floor:
        prev_start = text.rfind("\n", 0, head - 1) + 1
        line = text[prev_start:head].rstrip("\r\n")
        if line.lstrip().startswith("#") and len(line) - len(line.lstrip(" ")) >= col:
            head = prev_start
        else:
            break
    return head, end_of(item, col)


def moves_comments_into_flow(text, doc_index, key, idx, native):
    """Whether `edit --placement` moving item `idx` of `key` (block style) into the other list
    must refuse: the item owns comments and the list it goes to is a flow list (or is made in a
    flow mapping), where they cannot go."""
    docs = [d for d in yaml.compose_all(text, Loader=LOADER)]
    spec = pod_spec_node(docs[doc_index])
    src = node_get(spec, key)
    if not isinstance(src, yaml.SequenceNode) or src.flow_style:
        return False  # a flow item is re-emitted from its data: its text has no comments
    dest = node_get(spec, "initContainers" if native else "containers")
    if isinstance(dest, yaml.SequenceNode) and dest.value:
        flow = dest.flow_style
    else:
        flow = spec.flow_style  # a list made anew, or filling `[]` or a null, in its mapping's style
    if not flow:
        return False
    head, end = item_lines(text, src.value, idx)
    return bool(COMMENT.search(text[head:end]))


def clone_into(data, cmd, sf, si, tf, ti):
    """The outcomes of `clone` from document (sf, si) into (tf, ti)."""
    data = copy.deepcopy(data)
    src = data[sf][si]
    if role(src, cmd["name"]) != "sidecar":
        raise Refuse("source has no such sidecar")
    skey, _, entry = find(src, cmd["name"])
    entry = copy.deepcopy(entry)
    native = {"native": True, "classic": False}.get(cmd.get("placement"), skey == "initContainers")
    tdoc = data[tf][ti]
    outcomes = []
    if find(tdoc, cmd["name"]) is not None:
        conflict = cmd.get("on_conflict", "fail")
        if conflict == "skip":
            return [data]  # whatever the target's container of that name is
        if conflict == "fail" or role(tdoc, cmd["name"]) != "sidecar":
            raise Refuse("conflict")
        tkey, tidx, old = find(tdoc, cmd["name"])
        tnative = tkey == "initContainers"
        # Replace: the target's placement is kept (issue #19 item 5); a conversion asked for
        # with --native/--classic may move the entry instead.
        e = dict(entry)
        if tnative:
            e["restartPolicy"] = "Always"
        else:
            e.pop("restartPolicy", None)
        if cmd.get("placement") and native != tnative and not native:
            refuse_new_main(tdoc)  # the conversion asked for moves it into `containers`
        d1 = copy.deepcopy(data)
        pod_spec(d1[tf][ti])[tkey][tidx] = e
        outcomes.append(d1)
        if cmd.get("placement") and native != tnative:
            d2 = copy.deepcopy(data)
            s2 = pod_spec(d2[tf][ti])
            remove_entry(s2, tkey, tidx)
            place(s2, entry, native)
            outcomes.append(d2)
    else:
        if not native:
            refuse_new_main(tdoc)
        d1 = copy.deepcopy(data)
        place(pod_spec(d1[tf][ti]), entry, native)
        outcomes.append(d1)
    svols = {v["name"]: v for v in (pod_spec(src).get("volumes") or [])}
    result = []
    for d in outcomes:
        spec = pod_spec(d[tf][ti])
        vols = list(spec.get("volumes") or [])
        have = {v["name"]: v for v in vols}
        for m in mounted_by(entry):
            if m in have:
                if have[m] != svols.get(m):
                    raise Refuse("volume conflict")
            else:
                vols.append(svols[m])
                have[m] = svols[m]
        if vols:
            spec["volumes"] = vols
        result.append(d)
        # Replace may leave the old entry's volumes that nothing mounts now, or take them.
        old = find(data[tf][ti], cmd["name"])
        if old is not None:
            gone = set(mounted_by(old[2])) - all_mounts(spec)
            if gone:
                d2 = copy.deepcopy(d)
                s2 = pod_spec(d2[tf][ti])
                s2["volumes"] = [v for v in s2["volumes"] if v["name"] not in gone]
                if not s2["volumes"]:
                    del s2["volumes"]
                result.append(d2)
    return result


FIELD = {"cpu_request": ("requests", "cpu"), "cpu_limit": ("limits", "cpu"),
     "memory_request": ("requests", "memory"), "memory_limit": ("limits", "memory")}
FLAG = {"cpu_request": "--cpu-request", "cpu_limit": "--cpu-limit",
    "memory_request": "--memory-request", "memory_limit": "--memory-limit"}


def all_with(data, name):
    """The workloads where `name` is a sidecar (what `--all` reaches)."""
    return [w for w in workloads(data) if role(data[w[0]][w[1]], name) == "sidecar"]


# ---------------------------------------------------------------------------------------------
# Commands


def ref_of(rng, w):
    f, i, wid, name, kind = w
    return rng.choice([name, wid, f"{rng.choice(KIND_ALIAS[kind])}/{name}"])


def sidecars(data, w):
    doc = data[w[0]][w[1]]
    spec = pod_spec(doc)
    names = [c["name"] for k in ("containers", "initContainers") for c in (spec.get(k) or [])]
    return [n for n in names if role(doc, n) == "sidecar"]


def any_container(data, w):
    spec = pod_spec(data[w[0]][w[1]])
    return [c["name"] for k in ("containers", "initContainers") for c in (spec.get(k) or [])]


def gen_command(rng, data):
    ws = workloads(data)
    w = rng.choice(ws)
    op = rng.choice(["create", "create", "clone", "clone", "edit", "edit", "edit", "delete"])
    with_sc = [x for x in ws if sidecars(data, x)]
    if op in ("edit", "delete", "clone") and not with_sc:
        op = "create"
    if op == "create":
        names = any_container(data, w)
        name = rng.choice(NEW_NAMES + (names if rng.random() < 0.1 else []))
        cmd = {"op": "create", "name": name, "image": f"example/{name}:9.{rng.randrange(9)}",
               "to": ref_of(rng, w) + more_targets(rng, ws, [w]), "native": rng.random() < 0.5}
        if rng.random() < 0.4:
            cmd["cpu"] = rng.choice([rng.choice(CPU_REQ), f"{rng.choice(CPU_REQ)}:{rng.choice(CPU_LIM)}"])
        if rng.random() < 0.4:
            cmd["memory"] = rng.choice([rng.choice(MEM_REQ), f"{rng.choice(MEM_REQ)}:{rng.choice(MEM_LIM)}"])
        if rng.random() < 0.3:
            cmd["env"] = [("MODE", rng.choice(["yes", "on", "no", "0644", "0x1F", "1_000", "~", "x: y"]))]
        if rng.random() < 0.2:
            cmd["args"] = [rng.choice(["--yes", "on", "0644", "a b", "#x"])]
        mounts = []
        for _ in range(rng.choice([0, 0, 1, 2])):
            kind = rng.choice(["config-map", "secret"])
            vols = pod_spec(data[w[0]][w[1]]).get("volumes") or []
            n = rng.choice([f"{name}-conf", "shared"] + [v["name"] for v in vols])
            path = f"/etc/{name}/{len(mounts)}"
            if all(m[1][0] != n for m in mounts):
                mounts.append((kind, (n, path)))
        cmd["mounts"] = mounts
        return cmd, w
    if op == "delete":
        w = rng.choice(with_sc)
        name = rng.choice(sidecars(data, w) + (any_container(data, w) if rng.random() < 0.1 else []))
        others = [x for x in with_sc if name in sidecars(data, x)]
        return {"op": "delete", "name": name, "service": ref_of(rng, w) + more_targets(rng, others, [w]),
                "all": rng.random() < 0.2}, w
    if op == "edit":
        w = rng.choice(with_sc)
        name = rng.choice(sidecars(data, w) + (any_container(data, w) if rng.random() < 0.05 else []))
        others = [x for x in with_sc if name in sidecars(data, x)]
        cmd = {"op": "edit", "name": name, "service": ref_of(rng, w) + more_targets(rng, others, [w]),
               "all": rng.random() < 0.2}
        flags = rng.sample(["image", "cpu_request", "cpu_limit", "memory_request", "memory_limit",
                            "placement"], rng.choice([1, 1, 2, 3]))
        for fl in flags:
            if fl == "image":
                cmd["image"] = f"example/{name}:{rng.choice(['9.9', '2.0'])}"
            elif fl == "placement":
                cmd["placement"] = rng.choice(["native", "classic"])
            else:
                pool = {"cpu_request": CPU_REQ, "cpu_limit": CPU_LIM, "memory_request": MEM_REQ,
                        "memory_limit": MEM_LIM}[fl]
                cmd[fl] = rng.choice(pool + (["4", "2Gi", "1m"] if rng.random() < 0.1 else []))
        return cmd, w
    # clone
    src = rng.choice(with_sc)
    name = rng.choice(sidecars(data, src))
    others = [x for x in ws if x != src]
    if not others:
        return gen_command(rng, data)
    dst = rng.choice(others)
    cmd = {"op": "clone", "name": name, "from": ref_of(rng, src),
           "to": ref_of(rng, dst) + more_targets(rng, others, [src, dst])}
    if rng.random() < 0.5:
        cmd["on_conflict"] = rng.choice(["replace", "skip", "fail"])
    if rng.random() < 0.3:
        cmd["placement"] = rng.choice(["native", "classic"])
    return cmd, dst


def more_targets(rng, pool, taken):
    """`,ref` of another workload of `pool`, now and then: commands of several targets plan
    the workloads of one file in one editor."""
    rest = [w for w in pool if w not in taken]
    if rest and rng.random() < 0.2:
        return "," + ref_of(rng, rng.choice(rest))
    return ""


def argv(cmd):
    op = cmd["op"]
    if op == "create":
        a = ["create", cmd["name"], "--image", cmd["image"], "--to", cmd["to"]]
        if cmd.get("native"):
            a.append("--native")
        for k in ("cpu", "memory"):
            if k in cmd:
                a += [f"--{k}", cmd[k]]
        for k, v in cmd.get("env") or []:
            a += ["--env", f"{k}={v}"]
        for x in cmd.get("args") or []:
            a += [f"--arg={x}"]
        for kind, (n, p) in cmd.get("mounts") or []:
            a += [f"--{kind}", f"{n}:{p}"]
        return a
    if op == "delete":
        return ["delete", cmd["name"], *(["--all"] if cmd["all"] else ["--service", cmd["service"]]), "--yes"]
    if op == "edit":
        a = ["edit", cmd["name"], *(["--all"] if cmd["all"] else ["--service", cmd["service"]])]
        if "image" in cmd:
            a += ["--image", cmd["image"]]
        for fl, flag in FLAG.items():
            if fl in cmd:
                a += [flag, cmd[fl]]
        if "placement" in cmd:
            a += ["--placement", cmd["placement"]]
        return a
    a = ["clone", cmd["name"], "--from", cmd["from"], "--to", cmd["to"]]
    if "on_conflict" in cmd:
        a += ["--on-conflict", cmd["on_conflict"]]
    if cmd.get("placement"):
        a.append(f"--{cmd['placement']}")
    return a


def shell(a):
    return " ".join(x if re.fullmatch(r"[A-Za-z0-9_./:=@,-]+", x) else "'" + x.replace("'", "'\\''") + "'" for x in a)


# ---------------------------------------------------------------------------------------------
# The judge


def load(texts):
    return {f: list(yaml.load_all(t, Loader=LOADER)) for f, t in texts.items()}


def diff_path(a, b, path="$"):
    """Where `a` (expected) and `b` (got) first differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in list(a) + [k for k in b if k not in a]:
            if k not in b:
                return f"{path}.{k}: missing"
            if k not in a:
                return f"{path}.{k}: unexpected {short(b[k])}"
            d = diff_path(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list) and isinstance(b, list):
        for i, (x, y) in enumerate(zip(a, b)):
            d = diff_path(x, y, f"{path}[{i}]")
            if d:
                return d
        if len(a) != len(b):
            return f"{path}: {len(a)} items expected, got {len(b)}"
        return None
    if isinstance(a, Quantity) or isinstance(b, Quantity):
        return None if a == b else f"{path}: expected {short(a)}, got {short(b)}"
    if type(a) is not type(b) or a != b:
        return f"{path}: expected {short(a)}, got {short(b)}"
    return None


def short(v):
    s = repr(v)
    return s if len(s) < 80 else s[:77] + "..."


def generic_path(p):
    """A data path without list indexes, file names and the kind's way to the pod spec, for a
    failure's class: `pod.volumes[].secret.optional`."""
    p = re.sub(r"\[\d+\]", "[]", p.split(":")[0])
    p = re.sub(r"^\$\.[\w-]+\.(yaml|json)\[\]", "", p)
    p = re.sub(r"^(\.spec\.jobTemplate)?\.spec(\.template\.spec)?\.", "pod.", p)
    return p


COMMENT = re.compile(r"#\s(c\d+)")


def comment_ids(text):
    return Counter(COMMENT.findall(text))


def split_docs(text):
    return re.split(r"(?m)^---", text)


class Failure(Exception):
    def __init__(self, cls, detail):
        super().__init__(cls)
        self.cls, self.detail = cls, detail


def run(binary, root, a):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIDECARCTL") and k != "NO_COLOR"}
    env["CI"] = "true"
    p = subprocess.run([binary, "-C", root, "--no-input", *a], capture_output=True, text=True,
                       env=env, timeout=60, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout, p.stderr


def check_refusal(op, code, err, before, after_files):
    if code not in (1, 2):
        raise Failure(f"{op}:crash", f"exit {code}\n{err}")
    lines = [l for l in err.splitlines() if l.startswith("error:")]
    if not lines:
        raise Failure(f"{op}:refusal-without-error-line", err)
    if re.search(r"internal error|\bbug\b|panicked", err):
        raise Failure(f"{op}:internal-error:" + norm_message(lines[0]), err)
    if after_files != before:
        raise Failure(f"{op}:wrote-on-refusal", err)


def norm_message(msg):
    msg = re.sub(r"(\.spec\.jobTemplate)?\.spec(\.template\.spec)?\.", "pod.", msg)
    msg = re.sub(r"\[\d+\]", "[]", msg)
    msg = re.sub(r"; nothing was written$", "", msg)
    msg = re.sub(r"`[^`]*`", "`X`", msg)
    msg = re.sub(r"\([^)]*:\d+:\d+\)", "(POS)", msg)
    msg = re.sub(r"\b[a-z0-9.]+\.yaml(:\d+)*(:\d+)?", "FILE", msg)
    msg = re.sub(r"line \d+(, column \d+)?", "line N", msg)
    msg = re.sub(r"\d+", "N", msg)
    return msg[:160]


def read_tree(root):
    out = {}
    for name in sorted(os.listdir(root)):
        with open(os.path.join(root, name), "rb") as fh:
            out[name] = fh.read().decode("utf-8")
    return out


def touched_docs(cmd, data):
    """(file, document) pairs the command may change."""
    docs = set()
    for key in ("to", "service"):
        if key in cmd:
            try:
                docs.update((w[0], w[1]) for w in targets(data, cmd[key]))
            except Refuse:
                pass
    if cmd.get("all"):
        docs.update((w[0], w[1]) for w in all_with(data, cmd["name"]))
    return docs


def judge_step(binary, root, cmd, before_texts, meta):
    """Runs one command on the project at `root` (holding `before_texts`); returns the new
    texts, or raises Failure. A failure in a document written as one flow mapping, or in a JSON
    file, is a class of its own (`…:flow-document`, `…:json`)."""
    try:
        return judge_step_of(binary, root, cmd, before_texts, meta)
    except Failure as fail:
        data = load(before_texts)
        named = re.search(r"\b([\w-]+\.(?:yaml|json))\b", fail.detail)
        for f, d in sorted(touched_docs(cmd, data)):
            if named and named.group(1) != f:
                continue  # the failure is in another file
            docs = split_docs(before_texts[f])
            text = docs[d + (1 if before_texts[f].startswith("---") else 0)]
            body = [l for l in text.splitlines() if l.strip() and not l.lstrip().startswith("#")]
            if f.endswith(".json"):
                fail.cls += ":json"
                break
            if body and body[0].lstrip().startswith("{"):
                fail.cls += ":flow-document"
                break
        raise


def judge_step_of(binary, root, cmd, before_texts, meta):
    before = load(before_texts)
    try:
        expected = model(before, cmd, before_texts)
    except Refuse as why:
        expected = why
    a = argv(cmd)
    t0 = time.perf_counter()
    code, out, err = run(binary, root, a)
    elapsed = time.perf_counter() - t0
    after_texts = read_tree(root)
    if code != 0:
        check_refusal(cmd["op"], code, err, before_texts, after_texts)
        line = next(l for l in err.splitlines() if l.startswith("error:"))
        if not isinstance(expected, Refuse):
            raise Failure(f"{cmd['op']}:refused-valid:{norm_message(line)}", err)
        if expected.expect and not re.search(expected.expect, line):
            raise Failure(f"{cmd['op']}:refused-otherwise:{expected}:{norm_message(line)}",
                          f"expected a refusal matching {expected.expect!r}\n{err}")
        return after_texts, elapsed
    if re.search(r"internal error|\bbug\b|panicked", err):
        raise Failure("internal-error-on-success", err)
    if isinstance(expected, Refuse):
        raise Failure(f"{cmd['op']}:accepted-invalid:{expected}", err + out)
    try:
        after = load(after_texts)
    except yaml.YAMLError as e:
        raise Failure(f"{cmd['op']}:unreadable-by-pyyaml", str(e).splitlines()[0] + "\n" + str(e))
    diffs = [diff_path(exp, after) for exp in expected]
    if all(diffs):
        first = diffs[0]
        kind = "data"
        m = re.search(r"expected (\d+), got (\d+)$", first)
        if re.search(r"expected (True|False|\d+), got '", first) or (
                m and m.group(2) in (oct(int(m.group(1)))[2:], hex(int(m.group(1)))[2:])):
            kind = "yaml11-scalar-rewritten"  # a YAML 1.1 boolean or number read otherwise
        raise Failure(f"{cmd['op']}:{kind}:{generic_path(first)}", first)
    # Text: comments outside removed entries survive; line endings; final newline; documents
    # the command does not change stay byte for byte.
    for f, text in before_texts.items():
        new = after_texts[f]
        gone_volumes = volumes_removed(before, after, f)
        removed = entries_removed(cmd, before, f) | gone_volumes | keys_removed(before, after, f)
        lost = comment_ids(text) - comment_ids(new)
        lost = [c for c in lost if not may_go(meta.owned.get(c, set()), removed, cmd)]
        if lost:
            raise Failure(f"{cmd['op']}:comment-lost", f"{f}: {', '.join(lost)} gone")
        if "\r\n" in text and re.search(r"(?<!\r)\n", new):
            raise Failure(f"{cmd['op']}:crlf-lost", f"{f}: a bare LF written into a CRLF file")
        if "\r\n" not in text and "\r" in new:
            raise Failure(f"{cmd['op']}:cr-written", f)
        if text.endswith("\n") != new.endswith("\n") and not ends_in_block_scalar(new):
            raise Failure(f"{cmd['op']}:final-newline", f"{f}: final newline {'lost' if text.endswith(chr(10)) else 'added'}")
        changed = changed_entry_line(meta, f, new, cmd, gone_volumes)
        if changed:
            raise Failure(f"{cmd['op']}:other-entry-changed", f"{f}: {changed[0]!r} of {changed[1]} is gone\n"
                          + unified(text, new))
        had = indentation(text)
        kinds = {k for k, _ in had}
        new_habits = {h for h in indentation(new) - had if h[0] in kinds}
        if new_habits:
            h = sorted(new_habits)[0]
            raise Failure(f"{cmd['op']}:style:new {h[0]} indentation",
                          f"{f}: the file has {sorted(had)}, the change brings {sorted(new_habits)}\n"
                          + unified(text, new))
        old_docs, new_docs = split_docs(text), split_docs(new)
        if len(old_docs) != len(new_docs):
            raise Failure(f"{cmd['op']}:documents", f"{f}: {len(old_docs)} -> {len(new_docs)} parts")
        offset = 1 if text.startswith("---") else 0
        touched = {d for (ff, d) in touched_docs(cmd, before) if ff == f}
        for k, (o, n) in enumerate(zip(old_docs, new_docs)):
            if o != n and (k - offset) not in touched and not (k == len(old_docs) - 1 and o.rstrip() == n.rstrip()):
                raise Failure(f"{cmd['op']}:other-document-changed", f"{f}: document {k - offset}")
    return after_texts, elapsed


def may_go(owners, removed, cmd):
    """Whether a comment may leave with what the command removed: an entry of the name the
    command removes (in any document: `clone` copies an entry's comments along), a volume that
    went, the `restartPolicy: Always` line of an entry moved to `containers`."""
    for o in owners:
        if o in removed:
            return True
        # A volume's comments travel with it when `clone` brings it along; its copy goes
        # with the copied volume.
        if len(o) == 2 and isinstance(o[1], tuple) and o[1][0] == "volume" and any(
                r[1] == o[1] for r in removed):
            return True
        if len(o) == 2 and o[1] == cmd["name"] and (cmd["op"] == "delete" or cmd.get("on_conflict") == "replace"):
            return True
        if len(o) == 3 and o[1] == cmd["name"] and cmd["op"] in ("edit", "clone") and cmd.get("placement") == "classic":
            return True
    return False


def entries_removed(cmd, data, f):
    """(document, container) entries whose comments the command may take away."""
    out = set()
    if cmd["op"] == "delete" or (cmd["op"] == "clone" and cmd.get("on_conflict") == "replace"):
        for ff, d in touched_docs(cmd, data):
            if ff == f:
                out.add(((f, d), cmd["name"]))
    return out


def ends_in_block_scalar(text):
    """Whether the text ends inside a block scalar: a file without a final newline may then
    gain one, since the scalar's value would otherwise lose its own last line break."""
    end = len(text.rstrip())
    for node in yaml.compose_all(text, Loader=LOADER):
        stack = [node]
        while stack:
            n = stack.pop()
            if isinstance(n, yaml.ScalarNode):
                if n.style in ("|", ">") and n.end_mark.index >= end - 1:
                    return True
            elif isinstance(n, yaml.SequenceNode):
                stack.extend(n.value)
            elif isinstance(n, yaml.MappingNode):
                stack.extend(v for kv in n.value for v in kv)
    return False


def indentation(text):
    """The file's indentation habits: ("map", step) for each key under a key, ("seq", offset)
    for each list under a key, ("gap", n) for the spaces after each `-`."""
    found = set()
    lines = [l for l in text.replace("\r\n", "\n").split("\n")
             if l.strip() and not l.lstrip().startswith("#") and not l.startswith("---")]
    in_block = None  # the indentation a block scalar's lines are deeper than
    for k, line in enumerate(lines):
        ind = len(line) - len(line.lstrip(" "))
        if in_block is not None:
            if ind > in_block:
                continue
            in_block = None
        m = re.match(r"( *)(- +)?", line)
        keycol = len(m.group(0))
        if m.group(2):
            found.add(("gap", len(m.group(2)) - 1))
        body = re.sub(r"\s+#.*$", "", line)
        if re.search(r"[|>][-+]?\d*$", body):
            in_block = keycol - (len(m.group(2)) if m.group(2) else 0)
            continue
        if not body.endswith(":") or k + 1 == len(lines):
            continue
        child = lines[k + 1]
        cind = len(child) - len(child.lstrip(" "))
        if child.lstrip().startswith("-"):
            found.add(("seq", cind - keycol))
        elif cind > keycol:
            found.add(("map", cind - keycol))
    return found


def changed_entry_line(meta, f, new, cmd, gone_volumes):
    """A line of an entry the command does not touch (another container, a volume that stays)
    that the new text lacks, with its entry; None when every such line is there."""
    have = Counter(new.replace("\r\n", "\n").split("\n"))
    need = Counter()
    whose = {}
    for (doc, owner), lines in meta.entry_lines.items():
        if doc[0] != f or owner == cmd["name"] or (doc, owner) in gone_volumes:
            continue
        for line in lines:
            need[line] += 1
            whose[line] = owner
    for line, n in need.items():
        if have[line] < n:
            return line, whose[line]
    return None


def volumes_removed(before, after, f):
    """(document, ("volume", name)) of each pod volume the command took away."""
    out = set()
    for i, doc in enumerate(before.get(f, [])):
        spec = pod_spec(doc)
        if spec is None or i >= len(after.get(f, [])):
            continue
        new = pod_spec(after[f][i]) or {}
        kept = {v.get("name") for v in (new.get("volumes") or [])}
        for v in spec.get("volumes") or []:
            if v.get("name") not in kept:
                out.add(((f, i), ("volume", v.get("name"))))
    return out


def keys_removed(before, after, f):
    """(document, ("key", key)) of each pod's `initContainers` or `volumes` the command took
    away (with its last entry)."""
    out = set()
    for i, doc in enumerate(before.get(f, [])):
        spec = pod_spec(doc)
        if spec is None or i >= len(after.get(f, [])):
            continue
        new = pod_spec(after[f][i]) or {}
        for key in ("initContainers", "volumes"):
            if key in spec and key not in new:
                out.add(((f, i), ("key", key)))
    return out


def write_tree(root, texts):
    for name in os.listdir(root):
        os.remove(os.path.join(root, name))
    for name, text in texts.items():
        with open(os.path.join(root, name), "w", encoding="utf-8", newline="") as fh:
            fh.write(text)


ROUND_TRIPS = [0]  # create/clone -> delete round trips run


def run_case(binary, case, workdir):
    """Runs `case` (files, style, commands); returns (failure or None, timings)."""
    texts, meta = render(case)
    try:
        load(texts)
    except yaml.YAMLError as e:
        raise RuntimeError(f"the generator wrote YAML PyYAML cannot read: {e}\n{texts}")
    root = os.path.join(workdir, "p")
    os.makedirs(root, exist_ok=True)
    write_tree(root, texts)
    times = []
    try:
        cur = texts
        for cmd in case["cmds"]:
            if cmd["op"] == "roundtrip":
                continue
            cur, t = judge_step(binary, root, cmd, cur, meta)
            times.append(t)
        if case.get("roundtrip") and cur != texts:
            c = case["cmds"][0]
            data_before = load(texts)
            back = {"op": "delete", "name": c["name"], "service": c["to"], "all": False,
                    "created": True}
            try:
                exp = model(load(cur), back)
            except Refuse:
                exp = None
            if exp is not None and not diff_path(exp[0], data_before):
                mid = cur
                try:
                    cur, t = judge_step(binary, root, back, cur, meta)
                except Failure as fail:
                    fail.cls = f"{c['op']}-then-{fail.cls}"
                    raise
                times.append(t)
                ROUND_TRIPS[0] += 1
                if cur != texts:
                    f = next((f for f in texts if texts[f] != cur[f]
                              and not strip_header_kept(texts[f], cur[f])
                              and not final_newline_kept(texts[f], mid[f], cur[f])), None)
                if cur != texts and f is not None:
                    raise Failure(f"{c['op']}-then-delete:not-byte-identical",
                                  f"{f}:\n" + unified(texts[f], cur[f]))
    except Failure as fail:
        return fail, times
    return None, times


def strip_header_kept(before, after):
    """Whether `after` is `before` but for the header of the block scalar that ends the file
    without a final newline, made strip (`|` -> `|-`): an entry added after that scalar must
    make it so (its value has no final line break), and the delete that takes the entry away
    again leaves the header alone (nothing it need not change changes); the data is the same."""
    if before.endswith("\n") or not ends_in_block_scalar(before):
        return False
    a, b = before.split("\n"), after.split("\n")
    diff = [(x, y) for x, y in zip(a, b) if x != y]
    if len(a) != len(b) or len(diff) != 1:
        return False
    x, y = diff[0]
    return re.sub(r"([|>])(\d?)\+?(\r?)$", r"\1\2-\3", x) == y


def final_newline_kept(before, mid, after):
    """Whether `after` is `before` (a file without a final newline) with one: the entry added
    ended the file with a block scalar whose value ends with a line break, which must be
    written, and the delete that takes the entry away again leaves the file's end alone."""
    nl = "\r\n" if "\r\n" in before else "\n"
    return (not before.endswith("\n") and after == before + nl
            and ends_in_block_scalar(mid))


def unified(a, b):
    import difflib
    return "".join(difflib.unified_diff(a.splitlines(True), b.splitlines(True), "before", "after"))


# ---------------------------------------------------------------------------------------------
# Shrinking


def subtrees(node, path=()):
    """Paths of every dict key and list item, outermost first."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield path + (k,)
            yield from subtrees(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield path + (i,)
            yield from subtrees(v, path + (i,))


def without(case, path):
    c = copy.deepcopy(case)
    node = c["files"]
    for p in path[:-1]:
        node = node[p]
    del node[path[-1]]
    return c


STYLE_SIMPLER = [("comments", False), ("crlf", False), ("no_final_newline", False),
                 ("leading_marker", False), ("blank", 0), ("flow", 0), ("doc_flow", False),
                 ("trailing_comments", 0), ("full_comments", 0.05), ("step", 2), ("seq_offset", 0),
                 ("dash_gap", 1), ("flow_keys", set()), ("json_indent", True), ("quote_keys", False)]


PROTECTED = ("name", "kind", "apiVersion", "metadata", "spec", "template", "jobTemplate", "image",
             "mountPath", "secretName", "containers")


def shrink(binary, case, cls, workdir, budget=300, seconds=20):
    """A smaller case that fails the same way: simpler style first, then fewer keys and items,
    then fewer comments; at most `budget` runs or `seconds`."""
    deadline = time.perf_counter() + seconds
    def fails(c):
        try:
            texts, _ = render(c)
            load(texts)
            data = load(texts)
            # The command must still name what it names.
            for cmd in c["cmds"]:
                for key in ("to", "service", "from"):
                    if key in cmd:
                        targets(data, cmd[key])
        except Exception:
            return False
        try:
            fail, _ = run_case(binary, c, workdir)
        except Exception:  # the smaller case is not a valid one (a mount without its volume)
            return False
        return fail is not None and fail.cls == cls

    tries = 0
    for key, simple in STYLE_SIMPLER:
        if case["style"][key] != simple:
            c = copy.deepcopy(case)
            c["style"][key] = simple
            tries += 1
            if fails(c):
                case = c
    # Keys and items, outermost first; after a removal the walk goes on from where it was.
    start = 0
    while tries < budget:
        paths = list(subtrees(case["files"]))
        for k in range(start, len(paths)):
            path = paths[k]
            if path[-1] in PROTECTED:
                continue
            if tries >= budget or time.perf_counter() > deadline:
                return case
            c = without(case, path)
            tries += 1
            if fails(c):
                case, start = c, k
                break
        else:
            break
    for _ in range(20):
        if case["style"]["comments"] and tries < budget and time.perf_counter() < deadline:
            c = copy.deepcopy(case)
            c["style"]["seed"] += 1
            tries += 1
            texts, _ = render(c)
            if fails(c) and sum(len(comment_ids(t)) for t in texts.values()) < sum(
                    len(comment_ids(t)) for t in render(case)[0].values()):
                case = c
    return case


# ---------------------------------------------------------------------------------------------


def make_case(rng):
    case = gen_case(rng)
    data = load(render(case)[0])
    cmd, _ = gen_command(rng, data)
    case["cmds"] = [cmd]
    case["roundtrip"] = cmd["op"] in ("create", "clone") and rng.random() < 0.5
    return case


def report(case, fail):
    texts, _ = render(case)
    out = [f"class: {fail.cls}", f"known: {known(fail.cls) or 'no'}"]
    for f, t in texts.items():
        out.append(f"--- {f}" + (" (CRLF)" if "\r\n" in t else "") + ("" if t.endswith("\n") else " (no final newline)"))
        out.append(t.replace("\r\n", "\n").rstrip("\n"))
    for c in case["cmds"]:
        out.append("$ sidecarctl " + shell(argv(c)))
    if case.get("roundtrip"):
        out.append("  (then delete it again: the files must come back byte for byte)")
    out.append("got: " + fail.detail.strip()[:1500])
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("--cases", type=int, default=300)
    ap.add_argument("--shrink", type=int, default=3, help="failures to shrink per class")
    ap.add_argument("--show", type=int, default=1, help="reproducers to print per class")
    ap.add_argument("--known", action="store_true",
                    help="shrink and print the failures of known classes too")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--dump", help="write every failing case (pickled) to this file, for triage")
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    rng = random.Random(args.seed)
    classes, examples = Counter(), {}
    ops = Counter()
    times, dump = [], []
    shrink_round_trips = [0]  # those the shrinking ran, not counted
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="k8s-fuzz-") as workdir:
        for n in range(args.cases):
            case = make_case(rng)
            ops[case["cmds"][0]["op"]] += 1
            fail, ts = run_case(binary, case, workdir)
            times.extend(ts)
            if not args.quiet and n and n % 250 == 0:
                print(f"{n} cases, {sum(classes.values())} failed", file=sys.stderr, flush=True)
            if fail is None:
                continue
            classes[fail.cls] += 1
            dump.append((n, case, fail.cls, fail.detail))
            examples.setdefault(fail.cls, [])
            if len(examples[fail.cls]) < args.shrink and (args.known or not known(fail.cls)):
                before = ROUND_TRIPS[0]
                small = shrink(binary, case, fail.cls, workdir)
                again, _ = run_case(binary, small, workdir)
                examples[fail.cls].append((n, small, again or fail))
                shrink_round_trips[0] += ROUND_TRIPS[0] - before
    wall = time.perf_counter() - t0
    if args.dump:
        import pickle
        with open(args.dump, "wb") as fh:
            pickle.dump(dump, fh)
    unknown = {c: k for c, k in classes.items() if not known(c)}
    for cls, exs in sorted(examples.items()):
        for n, small, fail in exs[: args.show]:
            print(f"==== case {n} (seed {args.seed})")
            print(report(small, fail))
            print()
    failed = sum(classes.values())
    new = sum(unknown.values())
    ops["round trips"] = ROUND_TRIPS[0] - shrink_round_trips[0]
    print(f"{args.cases} cases ({', '.join(f'{k} {v}' for k, v in sorted(ops.items()))}), "
          f"{len(times)} commands, {failed} failed ({100.0 * failed / max(args.cases, 1):.2f}%; "
          f"{failed - new} of known classes, {new} not known), "
          f"{wall:.1f} s ({1000 * wall / max(args.cases, 1):.0f} ms a case, "
          f"{1000 * sum(times) / max(len(times), 1):.0f} ms a command)")
    for cls, k in classes.most_common():
        tag = f" [known: {known(cls)}]" if known(cls) else ""
        print(f"  {k:5d} {100.0 * k / args.cases:6.2f}%  {cls}{tag}")
    return 1 if unknown else 0


if __name__ == "__main__":
    sys.exit(main())
