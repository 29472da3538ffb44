//! Image references as a registry sees them: Docker Hub's short names spelled out, so that a
//! policy's `docker.io/envoyproxy/` allows `envoyproxy/envoy` and `docker.io/library/` allows
//! `nginx` (what `docker pull` and the kubelet resolve them to).

/// `image` with its registry and, on Docker Hub, its `library/` namespace written out:
/// `nginx:1.27` → `docker.io/library/nginx:1.27`, `envoyproxy/envoy` →
/// `docker.io/envoyproxy/envoy`, `index.docker.io/x/y` → `docker.io/x/y`. Others unchanged.
pub fn normalize(image: &str) -> String {
    let (first, rest) = match image.split_once('/') {
        Some((first, rest)) if is_registry(first) => (first, rest),
        Some(_) => return ["docker.io/", image].concat(),
        None => return ["docker.io/library/", image].concat(),
    };
    // `concat`, not `format!`: every sidecar's image of a fleet comes through here.
    match first {
        "index.docker.io" | "registry-1.docker.io" | "docker.io" if !rest.contains('/') => {
            ["docker.io/library/", rest].concat()
        }
        "index.docker.io" | "registry-1.docker.io" => ["docker.io/", rest].concat(),
        _ => image.to_string(),
    }
}

/// An allowed prefix of `registries:` in the same spelling: a first part that names no
/// registry is a Docker Hub namespace (`envoyproxy/` → `docker.io/envoyproxy/`).
pub fn normalize_prefix(prefix: &str) -> String {
    match prefix.split_once('/') {
        Some((first, _)) if is_registry(first) => match first {
            "index.docker.io" | "registry-1.docker.io" => {
                format!("docker.io{}", &prefix[first.len()..])
            }
            _ => prefix.to_string(),
        },
        _ => format!("docker.io/{prefix}"),
    }
}

/// Whether `image` (normalised) starts with `prefix` (normalised) at a boundary of the
/// reference: `ghcr.io/acme` allows `ghcr.io/acme/x`, never `ghcr.io/acme-evil/x`.
pub fn allowed(image: &str, prefix: &str) -> bool {
    image.strip_prefix(prefix).is_some_and(|rest| {
        prefix.ends_with(['/', ':', '@']) || rest.is_empty() || rest.starts_with(['/', ':', '@'])
    })
}

/// The first part of a reference names a registry when it has a `.` or a `:` (a port), or is
/// `localhost`: the rule Docker's reference parser applies.
fn is_registry(first: &str) -> bool {
    first.contains(['.', ':']) || first == "localhost"
}

#[cfg(test)]
mod tests {
    use super::{allowed, normalize, normalize_prefix};

    #[test]
    fn docker_hub_names_are_spelled_out() {
        assert_eq!(normalize("nginx"), "docker.io/library/nginx");
        assert_eq!(normalize("nginx:1.27"), "docker.io/library/nginx:1.27");
        assert_eq!(
            normalize("envoyproxy/envoy:v1.31.2"),
            "docker.io/envoyproxy/envoy:v1.31.2"
        );
        assert_eq!(normalize("docker.io/nginx"), "docker.io/library/nginx");
        assert_eq!(
            normalize("index.docker.io/istio/proxyv2"),
            "docker.io/istio/proxyv2"
        );
        assert_eq!(normalize("ghcr.io/acme/agent:1"), "ghcr.io/acme/agent:1");
        assert_eq!(normalize("localhost/x"), "localhost/x");
        assert_eq!(
            normalize("registry:5000/x@sha256:ab"),
            "registry:5000/x@sha256:ab"
        );
    }

    #[test]
    fn prefixes_match_at_boundaries() {
        assert_eq!(normalize_prefix("envoyproxy/"), "docker.io/envoyproxy/");
        assert_eq!(
            normalize_prefix("docker.io/envoyproxy/"),
            "docker.io/envoyproxy/"
        );
        assert_eq!(normalize_prefix("ghcr.io/acme/"), "ghcr.io/acme/");
        assert!(allowed("ghcr.io/acme/x:1", "ghcr.io/acme"));
        assert!(allowed("ghcr.io/acme/x:1", "ghcr.io/acme/"));
        assert!(!allowed("ghcr.io/acme-evil/x:1", "ghcr.io/acme"));
        assert!(!allowed("evil.io/ghcr.io/acme/x", "ghcr.io/acme/"));
    }
}
