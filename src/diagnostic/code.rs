//! Every diagnostic code sidecarctl can emit, each defined once with its one-line summary and
//! its help text. Emitting a code means naming a [`Code`] variant, so the compiler ties every
//! emitted code to this table; SARIF `rules` (and people reading the README) take their wording
//! from here.

use std::fmt;

/// Defines [`Code`] from `Variant = "code", "summary", "help";` entries, sorted by code.
macro_rules! codes {
    ($($variant:ident = $code:literal, $summary:literal, $help:literal;)*) => {
        /// A diagnostic's stable code, such as `resources.request-above-limit`. Variants are in
        /// the order of their codes, so ordering by variant is ordering by code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, sorted.
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            /// The variants' names, as [`Self::ALL`] orders them.
            #[cfg(test)]
            const VARIANTS: &[&str] = &[$(stringify!($variant),)*];

            /// The code as printed and serialized: `image.unpinned`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }

            /// One line: what is wrong.
            pub const fn summary(self) -> &'static str {
                match self {
                    $(Code::$variant => $summary,)*
                }
            }

            /// What to do about it.
            pub const fn help(self) -> &'static str {
                match self {
                    $(Code::$variant => $help,)*
                }
            }
        }
    };
}

codes! {
    ConsoleNotAProject = "console.not-a-project",
        "The file is not a Console project configuration",
        "A Console project file holds an object `services`: in `config` (the output of `miactl project describe`) or at its top level (`api-console-config.json`).";

    ConsoleQuantity = "console.quantity",
        "A CPU or memory value is in a form the Console does not accept",
        "The Console takes CPU only in millicores (`100m`, `{{CPU_LIMIT}}m`) and memory only in mebibytes (`128Mi`, `{{MEMORY_LIMIT}}Mi`), or an empty string; `0.5`, `1Gi` or a JSON number are refused when the configuration is saved. Write `500m` for `0.5`, `1024Mi` for `1Gi`.";

    ContainerDuplicateName = "container.duplicate-name",
        "Two containers of one service have the same name",
        "Container names must be unique within a service: in a Kubernetes pod across `containers` and `initContainers`; in a Mia or Console service the main container is named after the service. Rename or remove one of the two containers.";

    ContainerImageMissing = "container.image-missing",
        "A container has no image",
        "Every container needs an image reference such as `envoyproxy/envoy:v1.31.0`: `image` in Kubernetes, `dockerImage` in Mia and Console files.";

    ContainerNameInvalid = "container.name-invalid",
        "A container or service name is not a valid name",
        "Names are Kubernetes DNS labels: lowercase letters, digits and `-`, starting with a letter and not ending with `-`, at most 63 characters.";

    ContainerNameMissing = "container.name-missing",
        "A sidecar has no name",
        "Every container (Kubernetes `containers` and `initContainers`, Mia and Console `additionalContainers`) needs a `name`: the sidecar is identified by it across the project.";

    ContainerRestartPolicy = "container.restart-policy",
        "A container's restartPolicy is not allowed where it stands",
        "Kubernetes: an init container takes only `restartPolicy: Always` (which makes it a native sidecar), and a regular container takes none. Remove the key or set it to `Always` in `initContainers`.";

    FileEncoding = "file.encoding",
        "A file is not valid UTF-8",
        "Save the file as UTF-8. The position given is where the first invalid byte sits.";

    FileLink = "file.link",
        "A manifest is reached through a link, which is not followed",
        "sidecarctl never follows links in a Kubernetes project, so that it cannot read or write outside it. Replace the link with the file, or leave the file out.";

    FileOutsideProject = "file.outside-project",
        "A file or folder links outside the project",
        "sidecarctl refuses files reached through a link that leaves the project folder. Replace the link with the file itself, or point it inside the project.";

    FilePatch = "file.patch",
        "A file is a kustomize patch, not a workload",
        "A file a `kustomization.yaml` names under `patches` or `patchesStrategicMerge` holds part of a workload: sidecarctl skips it and never writes it.";

    FileRead = "file.read",
        "A file cannot be read",
        "Check that the file exists and that its permissions let the user running sidecarctl read it.";

    FileTemplate = "file.template",
        "A file is a template (a Helm chart), not a manifest",
        "The file has `{{ }}` where YAML cannot read it: sidecarctl skips it and never writes it. Add its folder to `exclude` in sidecarctl.yaml to silence the warning, or edit the rendered manifests instead.";

    FileTooLarge = "file.too-large",
        "A file is too large to be a configuration file",
        "Files over 8 MiB are refused. A service or marketplace file this large is almost certainly not one; move it out of the project's folders.";

    HelmTemplatedList = "helm.templated-list",
        "A container list of Helm values is a template string",
        "The key holds text that the chart renders with `tpl` (`extraContainers: |`), not a list: sidecarctl neither reads nor writes it. Write the containers as a YAML list under the key to manage them here.";

    ImageInvalid = "image.invalid",
        "An image reference is malformed",
        "Write the image as `[host[:port]/]path[:tag][@digest]`, for example `registry.example.com:5000/team/app:1.4.2`.";

    ImageUnpinned = "image.unpinned",
        "An image has no tag or uses `:latest`",
        "Pin the image to a version tag or a digest so that every deployment runs the same code.";

    JobClassicSidecar = "job.classic-sidecar",
        "A Job or CronJob runs a classic sidecar, so it never completes",
        "A Job completes when every container of its pod ends; a classic sidecar (in `containers`) runs on. Make it a native sidecar (`sidecarctl edit NAME --service ID --placement native`): Kubernetes stops it when the main container ends. A policy's `jobSidecars: native` makes this an error (`policy.job-sidecars`).";

    JsonDuplicateKey = "json.duplicate-key",
        "A JSON object has the same key twice",
        "JSON readers disagree on which of the two values wins (most keep the last, silently). Remove or rename one of them; the position given is the second.";

    JsonSyntax = "json.syntax",
        "A JSON file does not parse",
        "Fix the JSON at the position given (a missing comma or quote, a trailing comma, a comment). `python3 -m json.tool FILE` or `jq . FILE` shows the same error.";

    KeyUnknown = "key.unknown",
        "A container has a key sidecarctl does not know",
        "The key is kept as it is and never dropped. Check it for a typo; remove it if it is not a field of the Console's container model.";

    KustomizeCycle = "kustomize.cycle",
        "Kustomizations build from each other in a cycle",
        "`kustomize build` (and Argo CD, Flux) fail when a kustomization reaches its own folder through `resources`, `bases` or `components`. Remove the entry that closes the cycle; an overlay builds from its base, never the other way.";

    KustomizeImagePinned = "kustomize.image-pinned",
        "A kustomization's `images:` entry renders a new sidecar with another image",
        "kustomize applies a kustomization's `images:` entries after its patches, to every container of that image name: the sidecar `create` or `clone` wrote runs the image the entry sets, not the one written. Ask for that image, or change the entry (`kustomize edit set image` in its folder).";

    KustomizeMissingFile = "kustomize.missing-file",
        "A kustomization names a local file or folder that does not exist",
        "`kustomize build` (and Argo CD, Flux) fail on a `resources`, `bases`, `components`, `crds` or patch entry that names a missing path. Fix the path, or remove the entry.";

    MarketplaceDuplicateItemId = "marketplace.duplicate-item-id",
        "Two marketplace items have the same itemId",
        "Each file of the marketplace folder must have its own `itemId`: `create --from-marketplace` could not tell which one you mean. Rename or remove one of them.";

    MarketplaceImageMissing = "marketplace.image-missing",
        "A marketplace item has no container image",
        "A sidecar item needs `resources.dockerImage`, the image reference of the container it creates, such as `fluent/fluent-bit:3.1.4`.";

    MarketplaceItemIdInvalid = "marketplace.item-id-invalid",
        "A marketplace item's itemId is not a valid name",
        "Item ids are used on the command line: lowercase letters, digits and `-`, starting with a letter, at most 63 characters.";

    MarketplaceLeftOut = "marketplace.left-out",
        "A published marketplace item leaves out part of the container",
        "A catalog item holds a sidecar's image, resources, plain environment variables, args, ports and ConfigMap or secret mounts. `securityContext`, probes spelled the Kubernetes way, env vars with `valueFrom` and mounts of other volumes are not carried: add them to the services that use the item, or to the item by hand.";

    MarketplaceNameMissing = "marketplace.name-missing",
        "A marketplace item does not name its container",
        "A sidecar item needs `resources.name`: the name of the container that `create --from-marketplace` adds.";

    MarketplaceTypeNotSidecar = "marketplace.type-not-sidecar",
        "A marketplace item is not of type sidecar",
        "Items in the marketplace folder are sidecar items: set `type: sidecar`, or move the file out of the folder.";

    MountDuplicatePath = "mount.duplicate-path",
        "Two mounts of one container use the same path",
        "Each ConfigMap or secret mount of a container needs its own `mountPath`.";

    MountNameMissing = "mount.name-missing",
        "A ConfigMap or secret mount has no name",
        "Every entry of `configMaps` and `secrets` needs the `name` of a project ConfigMap or secret.";

    MountUndeclaredConfigMap = "mount.undeclared-config-map",
        "A container mounts a ConfigMap the project does not declare",
        "A ConfigMap exists when the folder `config-maps/<name>/` exists (in a Console project file, when `configMaps` has it as a key). Create it, or fix the name of the mount.";

    MountUndeclaredSecret = "mount.undeclared-secret",
        "A container mounts a secret the project does not declare",
        "Add the secret's name to `serviceSecrets` in sidecarctl.yaml (in a Console project file, a key of `serviceSecrets`), or fix the name of the mount.";

    MountUndeclaredVolume = "mount.undeclared-volume",
        "A container mounts a volume the pod does not have",
        "Every `volumeMounts[].name` must be a volume of the pod (`spec.volumes`, or a StatefulSet's `volumeClaimTemplates`). Add the volume or fix the name; no command changes the workload until then.";

    PolicyInvalid = "policy.invalid",
        "The project file's policy is malformed",
        "Fix `policy:` in sidecarctl.yaml at the position given: its keys are `required`, `registries`, `pinning`, `resources`, `nativeStartupProbe`, `jobSidecars`, `singleVersion`, `exempt` and `severity` (see the README's Policy section). Nothing is checked until the policy reads.";

    PolicyJobSidecars = "policy.job-sidecars",
        "A Job or CronJob runs a classic sidecar, which the policy forbids",
        "`jobSidecars: native`: a classic sidecar keeps a Job's pod running, so the Job never completes. Make it native (`sidecarctl edit NAME --service ID --placement native`).";

    PolicyNativeStartupProbe = "policy.native-startup-probe",
        "A native sidecar has no startupProbe",
        "`nativeStartupProbe: true`: Kubernetes starts the next init container and the main containers as soon as a native sidecar has started; with a `startupProbe` they wait until it is ready. Add a `startupProbe` to the sidecar.";

    PolicyPinning = "policy.pinning",
        "A sidecar image is not pinned as the policy asks",
        "`pinning: tag` refuses an image without a tag or with `:latest`; `pinning: digest` asks for `@sha256:...`. Pin the image (`sidecarctl edit NAME --all --image IMG`), or exempt it by image.";

    PolicyRegistries = "policy.registries",
        "A sidecar image comes from a registry the policy does not allow",
        "`registries` lists the prefixes sidecar images may start with, compared after Docker Hub's normalisation (`envoyproxy/envoy` is `docker.io/envoyproxy/envoy`, `nginx` is `docker.io/library/nginx`). Mirror the image to an allowed registry, or add its prefix to the list.";

    PolicyRequired = "policy.required",
        "A service lacks a sidecar the policy requires",
        "`required`: every service the entry's `where` selects (namespace globs, kinds, a label selector) must run the sidecar. Add it (`sidecarctl create NAME --to ID`), or narrow `where`.";

    PolicyResources = "policy.resources",
        "A sidecar does not set the resources the policy asks for",
        "`resources: [requests, limits]`: every sidecar, native ones included, sets CPU and memory requests (`min` in Mia and Console files) and limits (`max`). Set them (`sidecarctl edit NAME --all --cpu-request ...`), or exempt the image.";

    PolicySingleVersion = "policy.single-version",
        "A sidecar runs another image than the newest in use under its name",
        "`singleVersion: true`: one image per sidecar name across the project (what `sidecarctl drift` shows). Align them (`sidecarctl edit NAME --all --image IMG`), or exempt the image.";

    ProjectDirMissing = "project.dir-missing",
        "A folder the project file names does not exist",
        "The project file's `servicesDir` or `marketplaceDir` names a folder that does not exist (or is a file). Fix the spelling, or create the folder.";

    ProjectDirOutside = "project.dir-outside",
        "A folder of the project file points outside the project",
        "`servicesDir` and `marketplaceDir` must be relative folders inside the project, without `..`.";

    ProjectFileMissing = "project.file-missing",
        "A Console project file names no configuration file, or one that does not exist",
        "`format: console` needs `file:`, the project's configuration file inside the project (the output of `miactl project describe -o json`, or `api-console-config.json`).";

    ProjectFormatUnknown = "project.format-unknown",
        "The project file names an unknown format",
        "`format:` is one of `mia` (the default), `kubernetes` and `console`.";

    ProjectNameMissing = "project.name-missing",
        "The project file has no name",
        "Add `name: <project>` to sidecarctl.yaml.";

    ProjectPaths = "project.paths",
        "A `paths` or `exclude` entry of the project file cannot be used",
        "`paths` entries must be folders or files inside the project, and `exclude` entries gitignore-style globs.";

    ProjectPlacementInvalid = "project.placement-invalid",
        "`defaults.placement` is neither classic nor native",
        "Set `defaults.placement` to `classic` (new sidecars go into `containers`) or `native` (into `initContainers` with `restartPolicy: Always`).";

    ProjectSpecialNameMissing = "project.special-name-missing",
        "A special sidecar has no name",
        "Every entry of `specialSidecars` in sidecarctl.yaml needs the `name` of the sidecar another section manages.";

    QuantityMalformed = "quantity.malformed",
        "A CPU or memory quantity is malformed",
        "Write quantities as Kubernetes does: `100m`, `0.5` or `2` for CPU, `128Mi`, `1Gi` or `512M` for memory; `{{VAR}}` interpolations are accepted. A Console project takes fewer forms: see `console.quantity`.";

    QuantityNegative = "quantity.negative",
        "A CPU or memory quantity is negative",
        "Kubernetes rejects negative resources. Write a quantity of zero or more, such as `100m` or `128Mi`.";

    ResourcesMissing = "resources.missing",
        "A sidecar has no resources",
        "Without resources the sidecar gets no CPU or memory request or limit. Kubernetes: set `resources.requests` and `resources.limits`; Mia and Console: `cpuLimits` and `memoryLimits` (`min` is the request, `max` the limit).";

    ResourcesRequestAboveLimit = "resources.request-above-limit",
        "A request is above its limit",
        "`min` (the request) must not exceed `max` (the limit): Kubernetes refuses such a pod. Lower the request or raise the limit.";

    ServiceDuplicateFile = "service.duplicate-file",
        "Two files define the same service",
        "A service has one file, `<name>.yaml` or `<name>.yml`, not both. Remove one of them.";

    ServiceNameMismatch = "service.name-mismatch",
        "A service's name does not match its file name",
        "The `name` of `services/<name>.yaml` must be `<name>`. Rename the file or fix the name.";

    ServiceNameMissing = "service.name-missing",
        "A service has no name",
        "Add `name: <service>` to the service file, equal to the file name without its extension.";

    SidecarImageDrift = "sidecar.image-drift",
        "A new sidecar runs another image than the sidecar of that name elsewhere",
        "`create` warns when the sidecar it adds already runs, in other services, with another image: the project now runs two versions of it. Align them with `sidecarctl edit NAME --all --image IMG`.";

    SidecarJobNeverCompletes = "sidecar.job-never-completes",
        "A classic sidecar added to a Job or CronJob keeps its pod running",
        "A Job completes when all the containers of its pod end; a classic sidecar (in `containers`) runs on, so the Job never completes. Add it as a native sidecar (`create --native`, or `edit NAME --placement native`): Kubernetes stops it when the main container ends.";

    WorkloadApiVersion = "workload.api-version",
        "A workload kind is written with the apiVersion of another API group",
        "Kubernetes serves each kind in one API group: `Pod` in `v1`, `Deployment` in `apps/v1`, `Job` and `CronJob` in `batch/v1`. The API server refuses the document as written, and sidecarctl does not read it as a workload: fix its `apiVersion`.";

    WorkloadDuplicateId = "workload.duplicate-id",
        "Two workloads have the same ID",
        "Two manifests define the same `[namespace/]kind/name` (two overlays, two environments). Commands reach every copy through the ID; name one copy as `FILE#ID`.";

    WorkloadNameMissing = "workload.name-missing",
        "A workload has no metadata.name",
        "Every Kubernetes object needs `metadata.name`; sidecarctl skips a workload without one.";

    WorkloadNoContainers = "workload.no-containers",
        "A workload has no containers",
        "A pod needs at least one entry in `containers`. No command changes the workload until it has one.";

    WorkloadPodSpecMissing = "workload.pod-spec-missing",
        "A workload has no pod spec where its kind keeps it",
        "Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and Rollouts keep the pod spec at `spec.template.spec`, a CronJob at `spec.jobTemplate.spec.template.spec`, a Pod at `spec`. Move the containers there; no command changes the workload until then.";

    YamlAliasCycle = "yaml.alias-cycle",
        "A YAML alias refers to a node that contains it",
        "Such an alias describes an infinite value. Point the alias at an anchor outside the node it sits in.";

    YamlAliasExpansion = "yaml.alias-expansion",
        "YAML aliases expand to a value too large or too deep",
        "The file's aliases would expand to more than a million values or nest more than 256 levels deep. Write the repeated parts out, or use fewer levels of aliases.";

    YamlDuplicateKey = "yaml.duplicate-key",
        "A YAML mapping has the same key twice",
        "Keep one of the two entries: YAML tools disagree on which one wins.";

    YamlSyntax = "yaml.syntax",
        "A file is not valid YAML",
        "Fix the YAML syntax at the position given (indentation, an unclosed quote or bracket, a tab used for indentation).";

    YamlWrongType = "yaml.wrong-type",
        "A value has the wrong type",
        "The message names the key and the type it needs: a mapping, a list or a string.";
}

impl Code {
    /// The code spelled `code`, if there is one.
    pub fn find(code: &str) -> Option<Code> {
        Self::ALL
            .binary_search_by(|c| c.as_str().cmp(code))
            .ok()
            .map(|i| Self::ALL[i])
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Code;

    /// Two or more dot-separated lowercase words (`-` inside a word).
    fn code_shaped(s: &str) -> bool {
        s.split('.').count() >= 2
            && s.split('.').all(|w| {
                w.starts_with(|c: char| c.is_ascii_lowercase())
                    && !w.ends_with('-')
                    && w.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            })
    }

    #[test]
    fn the_table_is_sorted_unique_and_written_out() {
        // Sorted strictly: the derived order of the variants is the order of their codes.
        for pair in Code::ALL.windows(2) {
            assert!(pair[0].as_str() < pair[1].as_str(), "{pair:?}");
            assert!(pair[0] < pair[1]);
        }
        for &c in Code::ALL {
            assert!(code_shaped(c.as_str()), "{c}");
            assert!(
                !c.summary().is_empty() && !c.summary().ends_with('.'),
                "{c}"
            );
            assert!(c.help().ends_with('.'), "help is sentences: {c}");
            assert_eq!(Code::find(c.as_str()), Some(c));
        }
        assert_eq!(Code::find("no.such-code"), None);
    }

    /// Every `.rs` file under `dir`, but this one.
    fn sources(dir: &std::path::Path, out: &mut String) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with(file!()) {
                out.push_str(&std::fs::read_to_string(&path).unwrap());
            }
        }
    }

    /// The compiler ties every emitted code to the table; this catches the other way, a code
    /// nothing emits any more.
    #[test]
    fn every_code_is_emitted_somewhere() {
        let mut text = String::new();
        sources(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut text,
        );
        let stale: Vec<&str> = Code::VARIANTS
            .iter()
            .copied()
            .filter(|v| {
                let named = format!("Code::{v}");
                !text.match_indices(&named).any(|(i, _)| {
                    !text[i + named.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
                })
            })
            .collect();
        assert!(stale.is_empty(), "codes nothing emits: {stale:?}");
    }

    #[test]
    fn every_reader_failure_has_its_code() {
        for json in [false, true] {
            for message in ["duplicate key `a`", "did not find expected key"] {
                let e = crate::yaml::YamlError {
                    message: message.to_string(),
                    line: 1,
                    column: 1,
                    json,
                };
                assert_eq!(Code::of_parse(&e).as_str(), e.code());
            }
        }
    }

    #[test]
    fn a_code_serializes_as_its_string() {
        assert_eq!(
            serde_json::to_string(&Code::ResourcesRequestAboveLimit).unwrap(),
            "\"resources.request-above-limit\""
        );
        assert_eq!(Code::ImageUnpinned.to_string(), "image.unpinned");
    }
}
