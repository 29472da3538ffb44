//! The order of real release tags, oldest first, each list read from the project's own
//! repository (named above it). A test sorts each list shuffled and expects it back.

use std::cmp::Ordering;

use super::{Version, compare, natural, newest_first};

/// Sorted newest first from a scrambled copy, the list must come back reversed.
fn assert_oldest_first(tags: &[&str]) {
    let mut scrambled: Vec<Option<&str>> = tags.iter().copied().map(Some).collect();
    // A fixed scramble: reversed, then every other one moved to the front.
    scrambled.reverse();
    let (even, odd): (Vec<_>, Vec<_>) = scrambled.iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let mut list: Vec<Option<&str>> = odd.into_iter().chain(even).map(|(_, t)| *t).collect();
    list.sort_by(|a, b| newest_first(*a, *b));
    let want: Vec<Option<&str>> = tags.iter().rev().copied().map(Some).collect();
    assert_eq!(list, want);
    for pair in tags.windows(2) {
        assert_eq!(
            compare(pair[0], pair[1]),
            Some(Ordering::Less),
            "{} before {}",
            pair[0],
            pair[1]
        );
    }
}

/// istio/release-builder, `release/trigger-publish` as its history sets it (one commit per
/// published build: "Trigger publish 1.31.0-alpha.0" … "Trigger publish 1.31.0-rc.1"), and the
/// releases of 1.24 (istio/istio.io `content/en/news/releases/1.24.x/announcing-1.24.N`).
#[test]
fn istio() {
    assert_oldest_first(&[
        "1.31.0-alpha.0",
        "1.31.0-alpha.1",
        "1.31.0-alpha.2",
        "1.31.0-beta.0",
        "1.31.0-beta.1",
        "1.31.0-beta.2",
        "1.31.0-rc.0",
        "1.31.0-rc.1",
    ]);
    assert_oldest_first(&[
        "1.4.0-alpha.0",
        "1.4.0-beta.0",
        "1.4.0-beta.1",
        "1.4.0-beta.2",
        "1.5.0-alpha.0",
        "1.6.0-alpha.2",
        "1.12.0-alpha.5",
        "1.18.0-alpha.0",
        "1.24.0-alpha.0",
        "1.24.0",
        "1.24.1",
        "1.24.2",
        "1.24.3",
        "1.24.4",
        "1.24.5",
        "1.24.6",
        "1.30.0-alpha.1",
        "1.30.0-rc.0",
        "1.31.0-alpha.0",
    ]);
}

/// istio.io `content/en/docs/ops/security/harden-docker-images`: the same images "with a
/// `-distroless` suffix" are the same release, listed after the plain build.
#[test]
fn istio_distroless_is_the_same_release() {
    assert_eq!(
        compare("1.24.2-distroless", "1.24.2"),
        Some(Ordering::Equal)
    );
    assert_eq!(
        compare("1.24.2-distroless", "1.24.1"),
        Some(Ordering::Greater)
    );
    assert_eq!(
        compare("1.24.0-rc.0-distroless", "1.24.0"),
        Some(Ordering::Less)
    );
    let mut tags = vec![
        Some("1.24.1-distroless"),
        Some("1.24.2-distroless"),
        Some("1.24.1"),
        Some("1.24.2"),
    ];
    tags.sort_by(|a, b| newest_first(*a, *b));
    assert_eq!(
        tags,
        [
            Some("1.24.2"),
            Some("1.24.2-distroless"),
            Some("1.24.1"),
            Some("1.24.1-distroless")
        ]
    );
}

/// envoyproxy/envoy `changelogs/<version>.yaml`, one file per release; the image tags are the
/// versions with a `v` (`envoyproxy/envoy:v1.31.2`), and the distroless images put the variant
/// first (`envoyproxy/envoy:distroless-v1.31.2`, the `image-variants` of its install guide).
#[test]
fn envoy() {
    assert_oldest_first(&[
        "v1.0.0", "v1.2.0", "v1.9.0", "v1.10.0", "v1.11.0", "v1.11.2", "v1.12.7", "v1.22.9",
        "v1.22.10", "v1.22.11", "v1.23.10", "v1.23.11", "v1.23.12", "v1.24.3", "v1.24.10",
        "v1.24.11", "v1.31.2",
    ]);
    assert_eq!(
        compare("distroless-v1.31.2", "v1.31.2"),
        Some(Ordering::Equal)
    );
    assert_eq!(
        compare("distroless-v1.30.10", "v1.30.9"),
        Some(Ordering::Greater)
    );
}

/// fluent/fluent-bit-docs `installation/docker.md`, "Tags and Versions": each release and its
/// `-debug` build, and `1.7` for the newest of a series.
#[test]
fn fluent_bit() {
    assert_oldest_first(&[
        "1.7.0", "1.7.1", "1.7.2", "1.7.3", "1.7.4", "1.9.5", "1.9.6", "1.9.7", "1.9.8", "1.9.9",
        "2.0.0", "2.0.1",
    ]);
    assert_eq!(compare("2.0.1-debug", "2.0.1"), Some(Ordering::Equal));
    assert_eq!(compare("1.9.9-debug", "2.0.0"), Some(Ordering::Less));
    // `1.7` is read as 1.7.0: the series tag is no newer than its first release.
    assert_eq!(compare("1.7", "1.7.0"), Some(Ordering::Equal));
    assert_eq!(compare("1.7", "1.7.4"), Some(Ordering::Less));
}

/// open-telemetry/opentelemetry-collector-releases: its git tags (`v0.99.0`, `v0.100.0`, the
/// nightly builds `v0.132.0-nightly.202507310946` before `v0.132.0`), and CHANGELOG.md's
/// headings; the images drop the `v` (`otel/opentelemetry-collector-contrib:0.138.0`).
#[test]
fn otel_collector() {
    assert_oldest_first(&[
        "v0.90.0",
        "v0.90.1",
        "v0.98.0",
        "v0.99.0",
        "v0.100.0",
        "v0.102.1",
        "v0.116.0",
        "v0.116.1",
        "v0.120.0",
        "v0.123.1",
        "v0.124.0",
        "v0.124.1",
        "v0.132.0-nightly.202507310946",
        "v0.132.0-nightly.202507311344",
        "v0.132.0-nightly.202508120236",
        "v0.132.0",
        "v0.132.4",
        "v0.133.0-nightly.202508130237",
        "v0.133.0",
        "v0.138.0",
    ]);
    assert_eq!(compare("0.138.0", "v0.138.0"), Some(Ordering::Equal));
    assert_eq!(compare("0.99.0", "v0.100.0"), Some(Ordering::Less));
}

/// The issue's own example, and what is no version.
#[test]
fn versions_and_text() {
    assert_oldest_first(&["v1.30.9", "v1.30.10", "v1.31.0"]);
    for tag in [
        "latest",
        "stable",
        "1.9z",
        "1.2.3.4.5",
        "v",
        "1..2",
        "1.2-",
        "ad81550d5f50",
    ] {
        assert!(Version::parse(tag).is_none(), "{tag}");
    }
    assert_eq!(compare("latest", "v1.2.3"), None);
    // Build metadata takes no part (semver).
    assert_eq!(
        compare("v1.22.0-rc.0+75ee307", "v1.22.0-rc.0"),
        Some(Ordering::Equal)
    );
    // Pre-releases without a dot still count by value.
    assert_eq!(compare("2.0.0-rc9", "2.0.0-rc10"), Some(Ordering::Less));
    // No limit on a number's length.
    assert_eq!(
        compare("1.100000000000000000000", "1.99999999999999999999"),
        Some(Ordering::Greater)
    );
}

/// Versions first (newest first), then other tags in reverse text order (digit runs by value),
/// then untagged images: one total order, also where "version else text" would go round in a
/// circle (`1.10 > 1.9` as versions, `1.9 > 1.5x > 1.10` as text).
#[test]
fn one_total_order() {
    let mut tags = vec![
        None,
        Some("latest"),
        Some("1.5x"),
        Some("1.9"),
        Some("stable"),
        Some("1.10"),
        Some("sha-1a2b3c4"),
        Some("sha-7f3c2e1"),
    ];
    tags.sort_by(|a, b| newest_first(*a, *b));
    assert_eq!(
        tags,
        [
            Some("1.10"),
            Some("1.9"),
            Some("stable"),
            Some("sha-7f3c2e1"),
            Some("sha-1a2b3c4"),
            Some("latest"),
            Some("1.5x"),
            None,
        ]
    );
    // Every triple agrees (a sort that is handed no total order may panic).
    let all = tags.clone();
    for a in &all {
        for b in &all {
            assert_eq!(newest_first(*a, *b), newest_first(*b, *a).reverse());
            for c in &all {
                if newest_first(*a, *b).is_le() && newest_first(*b, *c).is_le() {
                    assert!(newest_first(*a, *c).is_le(), "{a:?} {b:?} {c:?}");
                }
            }
        }
    }
}

#[test]
fn natural_order() {
    assert_eq!(natural("r9", "r10"), Ordering::Less);
    assert_eq!(natural("01", "1"), Ordering::Less);
    assert_eq!(natural("1", "a"), Ordering::Less);
    assert_eq!(natural("abc", "abd"), Ordering::Less);
}

mod properties {
    use std::cmp::Ordering;

    use proptest::prelude::*;

    use super::super::{compare, newest_first};

    /// A release as a tuple an independent order can read: numbers, then the pre-release
    /// (`None` after every `Some`: a release follows its pre-releases), words in the order
    /// semver gives them (`alpha` < `beta` < `rc`) and then the number.
    type Release = ((u64, u64, u64), Option<(usize, u64)>);

    const WORDS: [&str; 3] = ["alpha", "beta", "rc"];

    fn release() -> impl Strategy<Value = Release> {
        (
            (0u64..40, 0u64..200, 0u64..1200),
            prop::option::of((0usize..3, 0u64..20)),
        )
    }

    /// The tag of a release as projects write it: a `v` or not, the pre-release after `-`.
    fn tag((numbers, pre): &Release, v: bool) -> String {
        let (major, minor, patch) = numbers;
        let mut t = format!("{}{major}.{minor}.{patch}", if v { "v" } else { "" });
        if let Some((word, n)) = pre {
            t.push_str(&format!("-{}.{n}", WORDS[*word]));
        }
        t
    }

    /// The order the tuples give, a pre-release before its release.
    fn expected(a: &Release, b: &Release) -> Ordering {
        let rank = |r: &Release| (r.0, r.1.map_or((1, 0, 0), |(w, n)| (0, w, n)));
        rank(a).cmp(&rank(b))
    }

    proptest! {
        #[test]
        fn versions_order_as_their_numbers(a in release(), b in release(), va: bool, vb: bool) {
            let (x, y) = (tag(&a, va), tag(&b, vb));
            prop_assert_eq!(compare(&x, &y), Some(expected(&a, &b)), "{} vs {}", x, y);
        }

        #[test]
        fn any_tags_sort_in_one_total_order(tags in prop::collection::vec(
            prop::option::of("[a-z0-9.+-]{0,10}|v?[0-9]{1,3}(\\.[0-9]{1,3}){0,4}(-[a-z0-9.]{1,6})?"),
            0..12,
        )) {
            for a in &tags {
                for b in &tags {
                    let ab = newest_first(a.as_deref(), b.as_deref());
                    prop_assert_eq!(ab, newest_first(b.as_deref(), a.as_deref()).reverse());
                    for c in &tags {
                        let bc = newest_first(b.as_deref(), c.as_deref());
                        if ab.is_le() && bc.is_le() {
                            prop_assert!(newest_first(a.as_deref(), c.as_deref()).is_le());
                        }
                    }
                }
            }
        }
    }
}
