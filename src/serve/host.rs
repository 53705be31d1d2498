//! Which host a request is for, and whether a server bound to loopback answers it.
//!
//! A server on 127.0.0.1 is out of other machines' reach, but not out of a web page's: a page
//! the editor visits can point its own host name at 127.0.0.1 (DNS rebinding) and read the
//! preview, drafts included, as a page of its own origin. The browser still names that host in
//! the request, so a server bound to loopback answers only requests for a loopback name:
//! `localhost` (and its subdomains, which browsers resolve to loopback themselves, RFC 6761),
//! `127.0.0.1`, `[::1]` or the address it is bound to, on its own port.

use std::net::IpAddr;

/// The parts of a request target: the host it names, if any, and the path with the query.
///
/// RFC 9112 §3.2.2 has a server accept the absolute form (`GET http://host:port/path`), which
/// proxies send, and take the host from it rather than from `Host`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target<'r> {
    /// The host and port the request is for, as written.
    pub host: Option<&'r str>,
    /// The path and query, starting with `/` unless the target was malformed.
    pub path: &'r str,
}

/// Splits `url`, the target of a request line, taking the host from it in the absolute form
/// and from `host_header` otherwise.
#[must_use]
pub fn parse_target<'r>(url: &'r str, host_header: Option<&'r str>) -> Target<'r> {
    let scheme = url.find("://").filter(|&at| {
        let scheme = &url[..at];
        scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
    });
    let Some(at) = scheme else {
        return Target { host: host_header.map(str::trim), path: url };
    };
    let rest = &url[at + 3..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (host, path) = rest.split_at(end);
    let path = if path.starts_with('/') { path } else { "/" };
    Target { host: Some(host), path }
}

/// Whether `host` (a `Host` value: a name or address, then `:port` unless it is 80) names
/// this server, bound to the loopback address `bound` and listening on `port`.
#[must_use]
pub fn is_loopback_host(host: &str, bound: IpAddr, port: u16) -> bool {
    let (name, named_port) = split_port(host);
    let port_matches = match named_port {
        Some(named) => named.parse::<u16>().is_ok_and(|named| named == port),
        None => port == 80,
    };
    if !port_matches {
        return false;
    }
    let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
    if name == "localhost" || name.ends_with(".localhost") {
        return true;
    }
    let address = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')).unwrap_or(&name);
    match address.parse::<IpAddr>() {
        Ok(address) => {
            address == bound
                || address == IpAddr::from([127, 0, 0, 1])
                || address == IpAddr::from(std::net::Ipv6Addr::LOCALHOST)
        }
        Err(_) => false,
    }
}

/// `host:port` split at the port; an IPv6 address keeps its brackets.
fn split_port(host: &str) -> (&str, Option<&str>) {
    let after_address = if host.starts_with('[') { host.find(']').map_or(0, |i| i + 1) } else { 0 };
    match host[after_address..].rfind(':') {
        Some(colon) => {
            let colon = after_address + colon;
            (&host[..colon], Some(&host[colon + 1..]))
        }
        None => (host, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOOPBACK: IpAddr = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);

    #[test]
    fn loopback_names_on_the_servers_port_are_answered() {
        for host in [
            "localhost:3000",
            "LocalHost:3000",
            "localhost.:3000",
            "docs.localhost:3000",
            "127.0.0.1:3000",
            "[::1]:3000",
        ] {
            assert!(is_loopback_host(host, LOOPBACK, 3000), "{host}");
        }
        assert!(is_loopback_host("localhost", LOOPBACK, 80));
        assert!(is_loopback_host("127.0.0.2:3000", "127.0.0.2".parse().unwrap(), 3000));
    }

    #[test]
    fn other_names_ports_and_malformed_hosts_are_refused() {
        for host in [
            "evil.example:3000",
            "localhost.evil.example:3000",
            "127.0.0.1.nip.io:3000",
            "localhost:3001",
            "localhost",
            "localhost:",
            "localhost:99999",
            "127.0.0.2:3000",
            "[::1]",
            "[::1:3000",
            "",
            ":3000",
        ] {
            assert!(!is_loopback_host(host, LOOPBACK, 3000), "{host}");
        }
    }

    #[test]
    fn the_absolute_form_names_the_host_and_the_path() {
        let target = parse_target("http://localhost:3000/bodies/?x#y", Some("evil.example"));
        assert_eq!(target, Target { host: Some("localhost:3000"), path: "/bodies/?x#y" });
        let bare = parse_target("HTTP://127.0.0.1:3000", None);
        assert_eq!(bare, Target { host: Some("127.0.0.1:3000"), path: "/" });
        let query = parse_target("http://localhost:3000?x", None);
        assert_eq!(query, Target { host: Some("localhost:3000"), path: "/" });
    }

    #[test]
    fn the_origin_form_takes_the_host_header() {
        let target = parse_target("/a/http://b", Some(" localhost:3000 "));
        assert_eq!(target, Target { host: Some("localhost:3000"), path: "/a/http://b" });
        assert_eq!(parse_target("*", None), Target { host: None, path: "*" });
    }
}
