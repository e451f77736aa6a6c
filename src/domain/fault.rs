//! Injected faults (`POST /sandbox/Faults`): what a client asks for, checked, and which requests a
//! fault applies to. Pure rules; storage and use are in `service/faults.rs`.

use crate::domain::error::{DomainError, DomainResult};

/// A fault's fields as the client sent them.
#[derive(Default)]
pub struct FaultRequest {
    pub path: Option<String>,
    pub method: Option<String>,
    pub status: Option<String>,
    pub code: Option<String>,
    pub message: Option<String>,
    pub count: Option<String>,
    pub delay_ms: Option<String>,
}

/// A checked fault: the requests it applies to and what they get.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaultSpec {
    pub path: String,
    pub method: Option<String>,
    /// `None`: the request is only delayed, then served normally.
    pub status: Option<u16>,
    /// The error code of the body; `None` exactly when `status` is.
    pub code: Option<u32>,
    pub message: Option<String>,
    pub count: u32,
    pub delay_ms: u32,
}

/// The longest delay a fault may add: long enough to trip any client timeout worth testing,
/// short enough that a mistake never hangs a suite for minutes.
pub const MAX_DELAY_MS: u32 = 30_000;
/// The most requests one fault may affect.
pub const MAX_COUNT: u32 = 1000;
/// Longest `Path` and `Message` accepted.
const MAX_TEXT: usize = 1000;
/// The control plane itself is never faulted, so a fault can always be listed and removed.
pub const CONTROL_PLANE_PREFIX: &str = "/sandbox";

impl FaultSpec {
    /// Checks `request`. `default_code` picks the body's code for a status sent without `Code`
    /// (the facade's choice: the core knows no vendor codes).
    pub fn parse(request: &FaultRequest, default_code: impl Fn(u16) -> u32) -> DomainResult<Self> {
        let path = parse_path(request.path.as_deref())?;
        let method = parse_method(request.method.as_deref())?;
        let delay_ms = optional_number("DelayMs", &request.delay_ms, 0, MAX_DELAY_MS)?;
        let status = optional_number("Status", &request.status, 400, 599)?.map(|s| s as u16);
        if status.is_none() && delay_ms.is_none() {
            return Err(DomainError::invalid(
                "Status",
                "is required unless DelayMs is given; send an HTTP status from 400 to 599",
            ));
        }
        let code = match (status, optional_number("Code", &request.code, 1, 99_999)?) {
            (None, Some(_)) => {
                return Err(DomainError::invalid("Code", "needs a Status to go with it"))
            }
            (Some(status), code) => Some(code.unwrap_or_else(|| default_code(status))),
            (None, None) => None,
        };
        Ok(FaultSpec {
            path,
            method,
            status,
            code,
            message: optional_text("Message", &request.message)?,
            count: optional_number("Count", &request.count, 1, MAX_COUNT)?.unwrap_or(1),
            delay_ms: delay_ms.unwrap_or(0),
        })
    }
}

/// True when a fault on `path` / `method` applies to a request: the request's path starts with
/// the fault's (a plain prefix, as given) and its method matches when the fault names one.
pub fn applies_to(fault_path: &str, fault_method: Option<&str>, method: &str, path: &str) -> bool {
    path.starts_with(fault_path) && fault_method.is_none_or(|m| m.eq_ignore_ascii_case(method))
}

fn parse_path(raw: Option<&str>) -> DomainResult<String> {
    let path = raw.map(str::trim).filter(|p| !p.is_empty());
    let path = path.ok_or_else(|| DomainError::missing("Path"))?;
    if !path.starts_with('/') {
        return Err(DomainError::invalid(
            "Path",
            "must start with '/', e.g. /v2/RegulatoryCompliance/EndUsers",
        ));
    }
    if path.starts_with(CONTROL_PLANE_PREFIX) {
        return Err(DomainError::invalid(
            "Path",
            "must not be under /sandbox: the control plane is never faulted",
        ));
    }
    if path.chars().count() > MAX_TEXT {
        return Err(DomainError::invalid(
            "Path",
            format!("is longer than {MAX_TEXT} characters"),
        ));
    }
    Ok(path.to_string())
}

fn parse_method(raw: Option<&str>) -> DomainResult<Option<String>> {
    let Some(method) = raw.map(str::trim).filter(|m| !m.is_empty()) else {
        return Ok(None);
    };
    let upper = method.to_ascii_uppercase();
    match upper.as_str() {
        "GET" | "POST" | "DELETE" => Ok(Some(upper)),
        _ => Err(DomainError::invalid(
            "Method",
            format!("'{method}' is not one of GET, POST, DELETE (leave it out for any method)"),
        )),
    }
}

/// An optional whole number within `min..=max`; blank counts as absent.
fn optional_number(
    field: &str,
    raw: &Option<String>,
    min: u32,
    max: u32,
) -> DomainResult<Option<u32>> {
    let Some(text) = raw.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let out_of_range = || {
        DomainError::invalid(
            field,
            format!("'{text}' is not a whole number from {min} to {max}"),
        )
    };
    let value: i64 = text.parse().map_err(|_| out_of_range())?;
    if value < i64::from(min) || value > i64::from(max) {
        return Err(out_of_range());
    }
    Ok(Some(value as u32))
}

fn optional_text(field: &str, raw: &Option<String>) -> DomainResult<Option<String>> {
    let Some(text) = raw.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if text.chars().count() > MAX_TEXT {
        return Err(DomainError::invalid(
            field,
            format!("is longer than {MAX_TEXT} characters"),
        ));
    }
    Ok(Some(text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(pairs: &[(&str, &str)]) -> FaultRequest {
        let get = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        };
        FaultRequest {
            path: get("Path"),
            method: get("Method"),
            status: get("Status"),
            code: get("Code"),
            message: get("Message"),
            count: get("Count"),
            delay_ms: get("DelayMs"),
        }
    }

    fn field_of(error: DomainError) -> String {
        match error {
            DomainError::Invalid { field, .. } | DomainError::Missing(field) => field,
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn defaults_count_delay_and_code() {
        let spec =
            FaultSpec::parse(&request(&[("Path", "/v2"), ("Status", "429")]), |_| 7).unwrap();
        assert_eq!((spec.count, spec.delay_ms, spec.code), (1, 0, Some(7)));
        assert_eq!(spec.method, None);
    }

    #[test]
    fn a_delay_alone_needs_no_status() {
        let spec =
            FaultSpec::parse(&request(&[("Path", "/v2"), ("DelayMs", "500")]), |_| 7).unwrap();
        assert_eq!((spec.status, spec.code, spec.delay_ms), (None, None, 500));
    }

    #[test]
    fn refuses_each_bad_field_by_name() {
        for (pairs, field) in [
            (vec![("Status", "429")], "Path"),
            (vec![("Path", "v2"), ("Status", "429")], "Path"),
            (vec![("Path", "/sandbox/Faults"), ("Status", "429")], "Path"),
            (vec![("Path", "/v2")], "Status"),
            (vec![("Path", "/v2"), ("Status", "399")], "Status"),
            (vec![("Path", "/v2"), ("Status", "600")], "Status"),
            (vec![("Path", "/v2"), ("Status", "4x")], "Status"),
            (
                vec![("Path", "/v2"), ("Status", "500"), ("Count", "0")],
                "Count",
            ),
            (
                vec![("Path", "/v2"), ("Status", "500"), ("Count", "1001")],
                "Count",
            ),
            (vec![("Path", "/v2"), ("DelayMs", "30001")], "DelayMs"),
            (vec![("Path", "/v2"), ("DelayMs", "-1")], "DelayMs"),
            (
                vec![("Path", "/v2"), ("Status", "500"), ("Method", "PUT")],
                "Method",
            ),
            (
                vec![("Path", "/v2"), ("DelayMs", "5"), ("Code", "20001")],
                "Code",
            ),
        ] {
            let error = FaultSpec::parse(&request(&pairs), |_| 1).unwrap_err();
            assert_eq!(field_of(error), field, "{pairs:?}");
        }
    }

    #[test]
    fn applies_by_path_prefix_and_method() {
        let rc = "/v2/RegulatoryCompliance/EndUsers";
        assert!(applies_to(
            rc,
            None,
            "GET",
            "/v2/RegulatoryCompliance/EndUsers/IT1"
        ));
        assert!(applies_to(rc, Some("POST"), "POST", rc));
        assert!(!applies_to(rc, Some("POST"), "GET", rc));
        assert!(!applies_to(
            rc,
            None,
            "GET",
            "/v2/RegulatoryCompliance/Bundles"
        ));
    }
}
