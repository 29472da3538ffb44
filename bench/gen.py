#!/usr/bin/env python3
"""Generates a synthetic sidecarctl project: N services of about 1.2 KB each, with 1-3 sidecars,
comments, flow maps and quoted values, in a few styles.

    python3 bench/gen.py DIR N
"""
import os
import random
import sys

SIDECARS = ["envoy", "fluent-bit", "otel-collector"]


def service(i, rnd):
    name = f"svc-{i:05d}"
    n = rnd.randint(1, 3)
    lines = [
        f"# {name}: synthetic service number {i}",
        f"name: {name}",
        "type: custom",
        "advanced: false",
        f'dockerImage: "registry.example.com/acme/{name}:1.{i % 50}.{i % 7}"',
        f"replicas: {1 + i % 3}",
        "resources:",
        "  cpuLimits: {min: 100m, max: 300m}",
        "  memoryLimits: {min: 150Mi, max: 300Mi}",
        "environment:",
        "  - {name: LOG_LEVEL, valueType: plain, value: info}",
        '  - {name: HTTP_PORT, valueType: plain, value: "3000"}',
        "additionalContainers:",
    ]
    for s in SIDECARS[:n]:
        lines += [
            f"  # {s} sidecar",
            f"  - name: {s}   # managed by the platform team",
            f"    dockerImage: 'example/{s}:2.{i % 9}.0'",
            "    resources:",
            f"      cpuLimits: {{min: {10 + i % 40}m, max: 200m}}",
            "      memoryLimits:",
            '        min: "64Mi"',
            "        max: 128Mi",
            "    configMaps:",
            f"      - {{name: {s}-config, mountPath: /etc/{s}}}",
            "    args: [\"--log-level\", \"info\"]",
        ]
    text = "\n".join(lines) + "\n"
    # Pad to about 1.2 KB with a comment block, as real files carry documentation.
    pad = 1200 - len(text)
    if pad > 0:
        text = "".join(f"# {'notes ' * 10}\n" for _ in range(pad // 63 + 1)) + text
    return name, text


def main(root, n):
    rnd = random.Random(42)
    os.makedirs(os.path.join(root, "services"), exist_ok=True)
    for s in SIDECARS:
        os.makedirs(os.path.join(root, "config-maps", f"{s}-config"), exist_ok=True)
        with open(os.path.join(root, "config-maps", f"{s}-config", "conf"), "w") as f:
            f.write("x\n")
    with open(os.path.join(root, "sidecarctl.yaml"), "w") as f:
        f.write("name: bench\nserviceSecrets: [tls]\nspecialSidecars: [{name: rbac-service, managedBy: authorization}]\n")
    for i in range(n):
        name, text = service(i, rnd)
        with open(os.path.join(root, "services", name + ".yaml"), "w") as f:
            f.write(text)
    # Services with no sidecar at all: the targets of the clone benchmark.
    for i in range(1000):
        name = f"new-{i:04d}"
        with open(os.path.join(root, "services", name + ".yaml"), "w") as f:
            f.write(f"name: {name}\ntype: custom\ndockerImage: registry.example.com/acme/{name}:1.0.0\n")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
