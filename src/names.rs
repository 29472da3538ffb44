//! Validation of container names, service names and image references.
//!
//! Hand-written matchers, mirroring the Kubernetes DNS-label rule and the
//! Docker reference grammar, with `{{VAR}}` interpolations allowed in image
//! paths and tags.

/// Longest DNS label Kubernetes accepts.
const MAX_LABEL_LEN: usize = 63;
/// Longest image name (without tag or digest) Docker accepts.
const MAX_IMAGE_NAME_LEN: usize = 255;
/// Longest image tag Docker accepts.
const MAX_TAG_LEN: usize = 128;

/// `^[a-z]([-a-z0-9]*[a-z0-9])?$`, at most 63 characters (RFC 1123 label as
/// Kubernetes uses it for container names).
pub fn is_valid_container_name(s: &str) -> bool {
    is_dns_label(s)
}

/// Same rule as [`is_valid_container_name`]; it also guarantees the name is
/// safe as a single path component (no `/`, `..` or absolute paths).
pub fn is_valid_service_name(s: &str) -> bool {
    is_dns_label(s)
}

/// Marketplace item ids, ConfigMap and secret names: the same rule (they name files and folders
/// of the project, and Kubernetes objects).
pub fn is_valid_item_name(s: &str) -> bool {
    is_dns_label(s)
}

/// Longest container port name Kubernetes accepts (IANA service name).
const MAX_PORT_NAME_LEN: usize = 15;

/// An IANA service name, as Kubernetes requires of a container port name: at most 15
/// characters, lowercase letters, digits and `-`, at least one letter, no `-` at either end and
/// no `--`.
pub fn is_valid_port_name(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= MAX_PORT_NAME_LEN
        && b.iter()
            .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
        && b.iter().any(u8::is_ascii_lowercase)
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// An environment variable name Kubernetes accepts everywhere: `[-._a-zA-Z][-._a-zA-Z0-9]*`.
pub fn is_valid_env_name(s: &str) -> bool {
    let mut b = s.bytes();
    let word = |c: u8| c.is_ascii_alphabetic() || c == b'-' || c == b'.' || c == b'_';
    b.next().is_some_and(word) && b.all(|c| word(c) || c.is_ascii_digit())
}

fn is_dns_label(s: &str) -> bool {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(first), Some(last)) => {
            b.len() <= MAX_LABEL_LEN
                && first.is_ascii_lowercase()
                && (last.is_ascii_lowercase() || last.is_ascii_digit())
                && b.iter()
                    .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
        }
        _ => false,
    }
}

/// An image reference `[host[:port]/]path[:tag][@digest]`, where path and tag
/// may contain `{{VAR}}` interpolations.
pub fn is_valid_image(s: &str) -> bool {
    // Bytes first: a bulk change validates thousands of images.
    let spaced = if s.is_ascii() {
        // `char::is_whitespace` also counts the vertical tab.
        s.bytes().any(|b| b.is_ascii_whitespace() || b == 0x0b)
    } else {
        s.chars().any(char::is_whitespace)
    };
    if s.is_empty() || spaced {
        return false;
    }
    let parts = split_image(s);
    if parts.digest.is_some_and(|d| !is_digest(d)) || parts.tag.is_some_and(|t| !is_tag(t)) {
        return false;
    }
    let name = parts.name;
    if name.is_empty() || name.len() > MAX_IMAGE_NAME_LEN {
        return false;
    }
    let mut components = name.split('/');
    let first = components.next().unwrap_or_default();
    let path_valid = components.all(is_path_component);
    let first_valid = if name.contains('/') && is_host_like(first) {
        is_host(first)
    } else {
        is_path_component(first)
    };
    first_valid && path_valid
}

/// The tag of an image reference (`1.27` for `nginx:1.27`), or `None` when
/// untagged. Does not validate the reference.
pub fn image_tag(s: &str) -> Option<&str> {
    split_image(s).tag.filter(|t| !t.is_empty())
}

/// The repository of an image reference (`envoyproxy/envoy` for
/// `envoyproxy/envoy:v1.31.2@sha256:...`, a registry and its port kept). Does not validate the
/// reference.
pub fn image_name(s: &str) -> &str {
    split_image(s).name
}

/// The digest of an image reference (`sha256:...` after `@`), or `None`.
/// Does not validate the reference.
pub fn image_digest(s: &str) -> Option<&str> {
    split_image(s).digest.filter(|d| !d.is_empty())
}

/// True when the reference names a fixed image: it has a digest, or a tag
/// other than `latest`.
/// Whether `image` is the value a service mesh's injection template writes where the mesh sets
/// the image when it injects the container: istio's `image: auto` (its gateway deployments).
/// Of a special sidecar (the mesh's), it names no image to judge: neither unpinned nor from
/// another registry.
pub fn is_injected_image(image: &str) -> bool {
    image == "auto"
}

pub fn image_is_pinned_or_tagged(s: &str) -> bool {
    // Split once: a policy's `pinning` asks this of every sidecar of a fleet.
    let parts = split_image(s);
    parts.digest.is_some_and(|d| !d.is_empty())
        || parts.tag.is_some_and(|t| !t.is_empty() && t != "latest")
}

struct ImageParts<'a> {
    name: &'a str,
    tag: Option<&'a str>,
    digest: Option<&'a str>,
}

fn split_image(s: &str) -> ImageParts<'_> {
    // Byte searches: the separators are ASCII, and the references short.
    let find = |s: &str, c: u8| s.bytes().position(|b| b == c);
    let rfind = |s: &str, c: u8| s.bytes().rposition(|b| b == c);
    let (rest, digest) = match find(s, b'@') {
        Some(at) => (&s[..at], Some(&s[at + 1..])),
        None => (s, None),
    };
    // A `:` before the last `/` is a registry port, not a tag.
    let last_slash = rfind(rest, b'/');
    match rfind(rest, b':') {
        Some(colon) if last_slash.is_none_or(|slash| colon > slash) => ImageParts {
            name: &rest[..colon],
            tag: Some(&rest[colon + 1..]),
            digest,
        },
        _ => ImageParts {
            name: rest,
            tag: None,
            digest,
        },
    }
}

fn is_host_like(component: &str) -> bool {
    component.contains(['.', ':']) || component == "localhost"
}

/// `label(.label)*[:port]`, labels alphanumeric with inner hyphens.
fn is_host(s: &str) -> bool {
    let (host, port) = match s.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (s, None),
    };
    let port_valid = port.is_none_or(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    port_valid
        && host.split('.').all(|label| {
            let b = label.as_bytes();
            b.first().is_some_and(u8::is_ascii_alphanumeric)
                && b.last().is_some_and(u8::is_ascii_alphanumeric)
                && b.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'-')
        })
}

/// Length of a `{{VAR}}` interpolation at the start of `b`, if any.
fn interpolation_len(b: &[u8]) -> Option<usize> {
    let rest = b.strip_prefix(b"{{")?;
    let (&first, tail) = rest.split_first()?;
    if !(first.is_ascii_alphabetic() || first == b'_') {
        return None;
    }
    let name_len = 1 + tail
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
        .count();
    rest[name_len..]
        .starts_with(b"}}")
        .then_some(2 + name_len + 2)
}

/// Docker path component: runs of `[a-z0-9]` (or `{{VAR}}`) joined by `.`,
/// `_`, `__` or one or more `-`.
fn is_path_component(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    loop {
        let start = i;
        while i < b.len() {
            if b[i].is_ascii_lowercase() || b[i].is_ascii_digit() {
                i += 1;
            } else if let Some(n) = interpolation_len(&b[i..]) {
                i += n;
            } else {
                break;
            }
        }
        if i == start {
            return false;
        }
        let Some(&sep) = b.get(i) else {
            return true;
        };
        match sep {
            b'.' => i += 1,
            b'_' => i += if b.get(i + 1) == Some(&b'_') { 2 } else { 1 },
            b'-' => {
                while b.get(i) == Some(&b'-') {
                    i += 1;
                }
            }
            _ => return false,
        }
    }
}

/// `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`, each `{{VAR}}` counting as one
/// character.
fn is_tag(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let mut len = 0;
    while i < b.len() {
        let c = b[i];
        if let Some(n) = interpolation_len(&b[i..]) {
            i += n;
        } else if c.is_ascii_alphanumeric() || c == b'_' || (i > 0 && (c == b'.' || c == b'-')) {
            i += 1;
        } else {
            return false;
        }
        len += 1;
    }
    (1..=MAX_TAG_LEN).contains(&len)
}

/// `algo:hex` with `algo` = `[a-z0-9]+([.+_-][a-z0-9]+)*` and at least 32 hex
/// digits.
fn is_digest(s: &str) -> bool {
    let Some((algo, hex)) = s.split_once(':') else {
        return false;
    };
    let algo_valid = algo.split(['.', '+', '_', '-']).all(|part| {
        !part.is_empty()
            && part
                .bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    });
    algo_valid && hex.len() >= 32 && hex.bytes().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX64: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn container_names() {
        for s in ["a", "web", "envoy-proxy", "a1", "a-b-c", &"a".repeat(63)] {
            assert!(is_valid_container_name(s), "{s} should be valid");
            assert!(is_valid_service_name(s), "{s} should be valid");
        }
        for s in [
            "",
            "1a",
            "-a",
            "a-",
            "A",
            "aB",
            "a_b",
            "a.b",
            "a/b",
            "..",
            "/abs",
            "a b",
            "é",
            &"a".repeat(64),
        ] {
            assert!(!is_valid_container_name(s), "{s:?} should be invalid");
            assert!(!is_valid_service_name(s), "{s:?} should be invalid");
        }
    }

    #[test]
    fn port_names() {
        for s in ["http", "admin", "h2c", "metrics-9090", "a", &"a".repeat(15)] {
            assert!(is_valid_port_name(s), "{s} should be valid");
        }
        for s in [
            "",
            "8080",
            "HTTP",
            "http_port",
            "http port",
            "-http",
            "http-",
            "a--b",
            &"a".repeat(16),
        ] {
            assert!(!is_valid_port_name(s), "{s:?} should be invalid");
        }
    }

    #[test]
    fn env_names() {
        for s in ["A", "LOG_LEVEL", "a.b-c", "_X1", "-x", ".x"] {
            assert!(is_valid_env_name(s), "{s} should be valid");
        }
        for s in ["", "A B", "1A", "A=B", "é", "A\tB", "A$"] {
            assert!(!is_valid_env_name(s), "{s:?} should be invalid");
        }
    }

    #[test]
    fn valid_images() {
        let digest = format!("ghcr.io/a/b@sha256:{HEX64}");
        let tag_and_digest = format!("nginx:1.27@sha256:{HEX64}");
        for s in [
            "nginx",
            "nginx:1.27",
            "envoyproxy/envoy:v1.31.0",
            "registry.example.com/acme/orders:1.4.2",
            "localhost:5000/x/y:1",
            "localhost/x",
            "10.0.0.1:5000/x",
            "Registry.Example.com/x",
            digest.as_str(),
            tag_and_digest.as_str(),
            "nexus.example.com/{{IMAGE_NAME}}:{{TAG}}",
            "{{REGISTRY}}/app:1",
            "acme/{{NAME}}-sidecar:v{{VERSION}}-rc",
            "a__b/c--d/e.f/g_h:_tag",
            "nginx:Latest.1-x_y",
        ] {
            assert!(is_valid_image(s), "{s} should be valid");
        }
    }

    #[test]
    fn invalid_images() {
        let long_tag = format!("nginx:{}", "a".repeat(129));
        for s in [
            "",
            "Nginx",
            "nginx:",
            "nginx::1",
            "a b",
            " nginx",
            "nginx\t",
            "/abs",
            "x/",
            "a//b",
            "nginx@sha256:zz",
            "nginx@sha256:abc",
            "nginx@",
            "nginx@:0123456789abcdef0123456789abcdef",
            "a___b",
            "a._b",
            ".a",
            "a.",
            "nginx:.1",
            "nginx:-1",
            "localhost:/x",
            "localhost:50a/x",
            "-host.com/x",
            "host..com/x",
            "{{1X}}",
            "{{X}",
            "{X}}",
            "x/{{}}",
            "{{X}}.example.com/x",
            long_tag.as_str(),
            "a@b@c",
        ] {
            assert!(!is_valid_image(s), "{s:?} should be invalid");
        }
        assert!(is_valid_image(&format!("nginx:{}", "a".repeat(128))));
    }

    #[test]
    fn tags_and_pinning() {
        let digest_only = format!("ghcr.io/a/b@sha256:{HEX64}");
        let latest_digest = format!("nginx:latest@sha256:{HEX64}");
        assert_eq!(image_tag("nginx"), None);
        assert_eq!(image_tag("nginx:1.27"), Some("1.27"));
        assert_eq!(image_tag("localhost:5000/x"), None);
        assert_eq!(image_tag("localhost:5000/x:2"), Some("2"));
        assert_eq!(image_tag(&digest_only), None);
        assert_eq!(image_tag(&latest_digest), Some("latest"));
        assert_eq!(image_tag("x:{{TAG}}"), Some("{{TAG}}"));
        assert_eq!(image_digest(&digest_only).map(str::len), Some(71));
        assert_eq!(image_digest("nginx"), None);
        assert_eq!(image_name(&latest_digest), "nginx");
        assert_eq!(image_name("localhost:5000/x:2"), "localhost:5000/x");
        assert_eq!(image_name(&digest_only), "ghcr.io/a/b");

        assert!(image_is_pinned_or_tagged("nginx:1.27"));
        assert!(image_is_pinned_or_tagged(&digest_only));
        assert!(image_is_pinned_or_tagged(&latest_digest));
        assert!(image_is_pinned_or_tagged("x:{{TAG}}"));
        assert!(!image_is_pinned_or_tagged("nginx"));
        assert!(!image_is_pinned_or_tagged("nginx:latest"));
        assert!(!image_is_pinned_or_tagged("localhost:5000/x"));
    }
}
