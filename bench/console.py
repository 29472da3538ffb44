#!/usr/bin/env python3
"""Times sidecarctl on one large Console project file, the output of
`miactl project describe -o json`, against two baselines: reading it (`cat`) and the `jq` query a
user would script to count the sidecars. Prints the median wall time of several runs and the
peak memory (max RSS, GNU time) of each command, then every command (list, validate, create and
clone to every service, edit and delete --all) with its peak memory over the file's bytes.
`--services 15000` makes a 50 MB file.

    python3 bench/console.py [--services 5000] [--runs 5] [--bin target/release/sidecarctl]
    python3 bench/console.py --generate FILE [--services N]   # only write the file

The file is written as Go's encoder writes it (what miactl prints): keys sorted, 2-space indent,
`": "`, `<`, `>` and `&` escaped as `\\u003c`, `\\u003e`, `\\u0026`, other characters as UTF-8,
a final newline. About 3.4 KB per service: environment variables, probes, container ports, one or
two sidecars on most services, plus the project's ConfigMaps, secrets, endpoints and services of
other types (cross-projects, application). 5,000 services make about 17 MB. Mutating commands
run on a fresh copy each time, so every run does the same work."""
import argparse
import json
import os
import random
import shutil
import sys
import tempfile

sys.dont_write_bytecode = True  # importing run.py must leave no cache in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import TIME, bench, change_rows, describe_fs, memory_rows  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
JQ = "[.config.services[] | .additionalContainers // [] | .[].name] | length"
SIDECARS = ["envoy", "fluent-bit", "otel-collector"]


def resources(cpu_min, cpu_max, mem_min, mem_max):
    return {"cpuLimits": {"min": cpu_min, "max": cpu_max},
            "memoryLimits": {"min": mem_min, "max": mem_max}}


def probes(port=None):
    def probe(path, delay, period):
        p = {"path": path, "initialDelaySeconds": delay, "periodSeconds": period}
        if port is not None:
            p["port"] = port
        return p
    return {"liveness": probe("/-/healthz", 15, 20),
            "readiness": dict(probe("/-/ready", 5, 10), successThreshold=1),
            "startup": {}}


def env(name, value):
    return {"name": name, "value": value, "valueType": "plain"}


def sidecar(kind, i):
    if kind == "envoy":
        return {"name": "envoy", "dockerImage": f"envoyproxy/envoy:v1.3{i % 2}.0",
                "resources": resources(f"{50 + i % 50}m", "200m", "64Mi", "128Mi"),
                "configMaps": [{"name": "envoy-config", "mountPath": "/etc/envoy"}],
                "secrets": [{"name": "tls", "mountPath": "/etc/tls"}],
                "containerPorts": [{"name": "admin", "from": 9901, "to": 9901, "protocol": "TCP"}],
                "args": ["--config-path", "/etc/envoy/envoy.yaml", "--log-level", "info"],
                "environment": [env("ENVOY_UID", "0")]}
    if kind == "fluent-bit":
        return {"name": "fluent-bit", "dockerImage": "fluent/fluent-bit:3.1.4",
                "resources": resources("50m", "100m", "64Mi", "128Mi"),
                "configMaps": [{"name": "fluent-bit-config", "mountPath": "/fluent-bit/etc"}],
                "environment": [env("FLB_LOG_LEVEL", "info")],
                "sourceMarketplaceItem": {"itemId": "fluent-bit", "tenantId": "acme", "version": "NA"}}
    return {"name": "otel-collector", "dockerImage": "otel/opentelemetry-collector:0.104.0",
            "resources": resources("100m", "200m", "128Mi", "256Mi"),
            "containerPorts": [{"name": "otlp", "from": 4317, "to": 4317, "protocol": "TCP"}],
            "configMaps": [{"name": "otel-config", "mountPath": "/etc/otelcol"}]}


def custom_service(i, rnd):
    name = f"svc-{i:05d}"
    svc = {
        "name": name, "type": "custom", "advanced": False,
        "description": f"Synthetic service number {i} & friends <generated>",
        "dockerImage": f"registry.example.com/acme/{name}:1.{i % 50}.{i % 7}",
        "replicas": 1 + i % 3, "logParser": "mia-json", "swaggerPath": "/documentation/json",
        "resources": resources("100m", "300m", "150Mi", "300Mi"),
        "environment": [env("LOG_LEVEL", "{{LOG_LEVEL}}"), env("HTTP_PORT", "3000"),
                        env("SERVICE_PREFIX", f"/{name}"),
                        {"name": "MONGODB_URL", "valueType": "secret",
                         "secretName": "mongo", "secretKey": "url"},
                        env("USERID_HEADER_KEY", "miauserid")],
        "containerPorts": [{"name": "http", "from": 80, "to": 3000, "protocol": "TCP"}],
        "probes": probes(),
        "annotations": [{"name": "fluentbit.io/parser", "value": "pino", "readOnly": True,
                         "description": "Pino parser annotation for Fluent Bit"}],
        "labels": [{"name": "app", "value": name, "readOnly": True, "isSelector": False}],
        "tags": ["custom"], "terminationGracePeriodSeconds": 30,
    }
    n = rnd.choice([0, 0, 1, 1, 1, 2])
    if n:
        svc["additionalContainers"] = [sidecar(k, i) for k in rnd.sample(SIDECARS, n)]
    return name, svc


def other_service(i):
    name = f"ext-{i:04d}"
    if i % 2:
        return name, {"name": name, "type": "cross-projects", "sourceProject": "shared-platform",
                      "description": f"Cross-project service {i}"}
    return name, {"name": name, "type": "application", "description": f"Application {i}",
                  "advanced": False}


def endpoint(name):
    route = {"id": "GET/", "path": "/", "verb": "GET", "preDecorators": [], "postDecorators": [],
             **{k: {"inherited": True} for k in ("acl", "public", "secreted", "rateLimit",
                                                 "showInDocumentation", "backofficeAcl")}}
    return {"basePath": f"/{name}", "service": name, "type": "custom", "acl": "true",
            "public": True, "secreted": False, "showInDocumentation": True, "port": "80",
            "pathRewrite": "/", "description": f"Endpoint /{name}", "tags": [name],
            "listeners": {"frontend": True}, "backofficeAcl": {"inherited": True},
            "routes": {"GET/": route}}


def project(n):
    rnd = random.Random(42)
    services, endpoints = {}, {}
    for i in range(n):
        name, svc = custom_service(i, rnd)
        services[name] = svc
        if i % 4 == 0:
            endpoints[f"/{name}"] = endpoint(name)
    for i in range(max(2, n // 50)):
        name, svc = other_service(i)
        services[name] = svc
    config_maps = {c: {"name": c, "files": [{"name": "conf", "content": f"# {c}\nkey: value\n"}]}
                   for c in ("envoy-config", "fluent-bit-config", "otel-config")}
    return {"config": {
        "apiVersions": [], "applications": {}, "collections": {},
        "commitId": "0f3c8a1b", "committedDate": "2026-05-14T13:59:00.766Z",
        "configMaps": config_maps, "endpoints": endpoints,
        "enabledFeatures": {"api-gateway-envoy": True, "replicas": True},
        "lastCommitAuthor": "Jane Doe", "listeners": {"frontend": {"port": 8080, "type": "http"}},
        "platformVersion": "13.0.0", "secrets": [],
        "serviceSecrets": {s: {"name": s} for s in ("mongo", "tls")},
        "services": services, "unsecretedVariables": [{"name": "PROJECT_HOST"}],
        "version": "0.62.0"},
        "fastDataConfig": {}, "microfrontendPluginsConfig": {}, "extensionsConfig": {}}


def go_json(data):
    """What Go's json.Encoder with SetIndent("", "  ") writes: sorted keys, HTML characters
    escaped, other characters as UTF-8, a final newline."""
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            + "\n")


def generate(path, n):
    with open(path, "w", encoding="utf-8") as f:
        f.write(go_json(project(n)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--services", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "target", "release", "sidecarctl"))
    ap.add_argument("--dir", help="where to write the file (default: a temporary folder)")
    ap.add_argument("--generate", metavar="FILE", help="only write the project file")
    args = ap.parse_args()
    if args.generate:
        generate(args.generate, args.services)
        return
    if not os.path.exists(TIME):
        sys.exit("needs GNU time at /usr/bin/time (Debian: apt-get install time)")
    if shutil.which("jq") is None:
        sys.exit("needs jq (Debian: apt-get install jq)")
    exe = os.path.abspath(args.bin)
    work = tempfile.mkdtemp(prefix="sidecarctl-console-", dir=args.dir)
    try:
        src = os.path.join(work, "project.json")
        copy = os.path.join(work, "copy.json")
        generate(src, args.services)
        size = os.path.getsize(src)

        def fresh():
            shutil.copyfile(src, copy)
            # The copy's dirty pages are the setup's, not the edit's: without this, the edit's one
            # flush of the file system would also write the 17 MB copy.
            os.sync()

        print(f"# file system: {describe_fs(work)}; {os.cpu_count()} cores")
        print(f"# {args.services} services, {size / 1e6:.1f} MB")
        print(f"{'command':<40} {'median ms':>10} {'peak MiB':>9} {'x cat':>7} {'x jq':>7}")
        cat = bench(["cat", src], args.runs)
        jq = bench(["sh", "-c", f"jq '{JQ}' {src} > /dev/null"], args.runs)
        rows = [("cat (baseline)", cat), ("jq sidecar count (baseline)", jq)]
        rows.append(("list -o json", bench([exe, "-C", src, "list", "-o", "json"], args.runs)))
        rows.append(("edit envoy --all --cpu-limit 250m",
                     bench([exe, "-C", copy, "edit", "envoy", "--all", "--cpu-limit", "250m", "-q"],
                           args.runs, setup=fresh)))
        for name, (t, m) in rows:
            print(f"{name:<40} {t * 1000:>10.1f} {m:>9.1f} {t / cat[0]:>7.2f} {t / jq[0]:>7.2f}")
        # Memory: every command, to every service, against the bytes of the file.
        services = json.load(open(src, encoding="utf-8"))["config"]["services"]
        ids = sorted(k for k, v in services.items() if v.get("type") == "custom")
        source = next(k for k in ids if any(c["name"] == "otel-collector"
                                            for c in services[k].get("additionalContainers", [])))
        del services
        print(f"# memory, {len(ids)} custom services, {size / 2**20:.1f} MiB")
        memory_rows(size, change_rows(exe, src, copy, fresh, ids, source, "otel-collector",
                                      ["--cpu-limit", "250m"]), max(1, args.runs // 2))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
