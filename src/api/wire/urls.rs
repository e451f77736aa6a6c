//! The base of every absolute URL regbox emits.
//!
//! Without `REGBOX_PUBLIC_URL` it comes from the request, which a client controls, so only a
//! scheme of `http`/`https` and a plain host[:port] are ever used: anything else would end up
//! verbatim in `url`, `links` and `next_page_url` (a crafted `Forwarded` header could put
//! `javascript://a"b<script>` there). Forwarding headers count only with `REGBOX_TRUST_PROXY`,
//! since any client can send them.

use actix_web::http::header;
use actix_web::HttpRequest;

use crate::state::AppState;

/// `REGBOX_PUBLIC_URL` when set; otherwise the scheme and host the request came to, so a client
/// on any host and port pages back to this server (never to api.twilio.com).
pub fn base_url(req: &HttpRequest, state: &AppState) -> String {
    if let Some(public) = &state.config.public_url {
        return public.trim_end_matches('/').to_string();
    }
    if state.config.trust_proxy {
        let info = req.connection_info();
        if let Some(base) = valid_base(info.scheme(), info.host()) {
            return base;
        }
    }
    own_base(req)
}

/// The request's own `Host` (or the absolute-form URI's authority), else the listener's address.
fn own_base(req: &HttpRequest) -> String {
    let scheme = if req.app_config().secure() {
        "https"
    } else {
        "http"
    };
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| req.uri().authority().map(|a| a.as_str()));
    host.and_then(|host| valid_base(scheme, host))
        .unwrap_or_else(|| format!("{scheme}://{}", req.app_config().local_addr()))
}

/// `scheme://host` when the scheme is http(s) and the host a valid host[:port].
pub fn valid_base(scheme: &str, host: &str) -> Option<String> {
    let scheme = scheme.to_ascii_lowercase();
    (matches!(scheme.as_str(), "http" | "https") && is_host_and_port(host))
        .then(|| format!("{scheme}://{host}"))
}

/// A DNS name or IPv4 address, or a bracketed IPv6 address, with an optional numeric port.
pub fn is_host_and_port(raw: &str) -> bool {
    let (host_ok, port) = match raw.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((v6, port)) => (v6.parse::<std::net::Ipv6Addr>().is_ok(), port),
            None => return false,
        },
        None => match raw.split_once(':') {
            Some((host, _)) => (is_dns_name(host), &raw[host.len()..]),
            None => (is_dns_name(raw), ""),
        },
    };
    let port_ok = match port.strip_prefix(':') {
        None => port.is_empty(),
        Some(digits) => digits.bytes().all(|b| b.is_ascii_digit()) && digits.parse::<u16>().is_ok(),
    };
    host_ok && port_ok
}

/// Letters, digits, `-` and `.` in labels of 1 to 63 characters, 253 at most in all.
fn is_dns_name(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_hosts_with_numeric_ports_are_accepted() {
        for good in [
            "localhost",
            "127.0.0.1:8080",
            "api.example.com",
            "[::1]:9000",
            "[::1]",
        ] {
            assert!(is_host_and_port(good), "{good}");
        }
        for bad in [
            "",
            "a\"b<script>",
            "a b",
            "evil.example/path",
            "x:notaport",
            "x:99999",
            "x:",
            "a..b",
            "::1",
            "[zz]:1",
            "user@host",
        ] {
            assert!(!is_host_and_port(bad), "{bad}");
        }
    }

    #[test]
    fn only_http_and_https_schemes_make_a_base() {
        assert_eq!(
            valid_base("HTTPS", "a.example").unwrap(),
            "https://a.example"
        );
        assert!(valid_base("javascript", "a.example").is_none());
    }
}
