//! Paging: page size, page number and the opaque keyset token Twilio calls `PageToken`.
//!
//! A token records the sort key and SID of the row it continues from, so page 500 costs what
//! page 1 costs and rows inserted meanwhile are never repeated or skipped.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use crate::domain::error::DomainError;
use crate::domain::sid::is_any_sid;

/// Twilio's default and largest page sizes.
pub const DEFAULT_PAGE_SIZE: u32 = 50;
/// Larger requests are clamped, not refused: the helper libraries send `PageSize=limit`.
pub const MAX_PAGE_SIZE: u32 = 1000;
/// Largest `Page`: the OpenAPI files type it as a 32-bit integer, and a larger number would
/// wrap (or overflow) when the next page's number is rendered.
pub const MAX_PAGE_NUMBER: u32 = i32::MAX as u32;
/// Longest sort key a token may carry: keys are timestamps (`2026-01-01T00:00:00Z`), catalog
/// positions or empty.
const MAX_CURSOR_KEY: usize = 32;

/// Which way a page is read from its cursor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Towards {
    /// Rows after the cursor in list order (`next_page_url`).
    Next,
    /// Rows before the cursor in list order (`previous_page_url`).
    Previous,
}

/// A position in a list: the sort key of a row (as text; empty for NULL) and its SID.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    /// Direction to read from this position.
    pub towards: Towards,
    /// The row's sort key, rendered by the list that made the token.
    pub key: String,
    /// The row's SID, which breaks ties between equal keys.
    pub sid: String,
}

impl Cursor {
    /// Encodes the cursor as an opaque `PT…` token.
    pub fn encode(&self) -> String {
        let towards = match self.towards {
            Towards::Next => 'N',
            Towards::Previous => 'P',
        };
        let raw = format!("{towards}{}\n{}", self.key, self.sid);
        format!("PT{}", URL_SAFE_NO_PAD.encode(raw))
    }

    /// Decodes a token made by `encode`; anything else is a 20001 naming `PageToken`.
    pub fn decode(token: &str) -> Result<Cursor, DomainError> {
        let invalid = || {
            DomainError::invalid(
                "PageToken",
                "use the token from meta.next_page_url or meta.previous_page_url",
            )
        };
        let body = token.strip_prefix("PT").ok_or_else(invalid)?;
        let raw = URL_SAFE_NO_PAD.decode(body).map_err(|_| invalid())?;
        let raw = String::from_utf8(raw).map_err(|_| invalid())?;
        let (head, sid) = raw.split_once('\n').ok_or_else(invalid)?;
        let towards = match head.chars().next() {
            Some('N') => Towards::Next,
            Some('P') => Towards::Previous,
            _ => return Err(invalid()),
        };
        let key = &head[1..];
        // Checked here, before any query: a NUL byte reaching PostgreSQL fails the statement
        // (a 500 on one backend only), and nothing but a SID and a short key was ever encoded.
        if !is_any_sid(sid) || !is_cursor_key(key) {
            return Err(invalid());
        }
        Ok(Cursor {
            towards,
            key: key.to_string(),
            sid: sid.to_string(),
        })
    }
}

/// What `encode` can have written as a key: a timestamp, a number or nothing.
fn is_cursor_key(key: &str) -> bool {
    key.len() <= MAX_CURSOR_KEY
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b' ' | b'.'))
}

/// What a list request asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageRequest {
    /// Rows per page, 1..=1000.
    pub size: u32,
    /// The client's page number, echoed back (Twilio: "simply for client state").
    pub number: u32,
    /// Where to continue from; `None` for the first page.
    pub cursor: Option<Cursor>,
}

impl PageRequest {
    /// Parses `PageSize`, `Page` and `PageToken`.
    pub fn parse(
        size: Option<&str>,
        number: Option<&str>,
        token: Option<&str>,
    ) -> Result<PageRequest, DomainError> {
        let size = match size {
            None => DEFAULT_PAGE_SIZE,
            Some(raw) => match raw.trim().parse::<u64>() {
                Ok(n) if n >= 1 => n.min(u64::from(MAX_PAGE_SIZE)) as u32,
                _ => {
                    return Err(DomainError::invalid(
                        "PageSize",
                        format!("'{raw}' is not a whole number from 1 to {MAX_PAGE_SIZE}"),
                    ))
                }
            },
        };
        let number = match number {
            None => 0,
            Some(raw) => match raw.trim().parse::<u32>() {
                Ok(n) if n <= MAX_PAGE_NUMBER => n,
                _ => {
                    return Err(DomainError::invalid(
                        "Page",
                        format!("'{raw}' is not a whole number from 0 to {MAX_PAGE_NUMBER}"),
                    ))
                }
            },
        };
        let cursor = token
            .filter(|t| !t.is_empty())
            .map(Cursor::decode)
            .transpose()?;
        Ok(PageRequest {
            size,
            number,
            cursor,
        })
    }

    /// True when the rows must be scanned in the opposite of list order (reading a previous page).
    pub fn reads_backwards(&self) -> bool {
        matches!(
            &self.cursor,
            Some(Cursor {
                towards: Towards::Previous,
                ..
            })
        )
    }

    /// The number echoed in the next page's URL; it stops at `MAX_PAGE_NUMBER` rather than
    /// wrapping, which is harmless because the token, not the number, is the position.
    pub fn next_number(&self) -> u32 {
        self.number.saturating_add(1).min(MAX_PAGE_NUMBER)
    }

    /// How many rows to fetch: one more than a page, to learn whether another page follows.
    pub fn fetch_limit(&self) -> i64 {
        i64::from(self.size) + 1
    }
}

/// One page of rows plus whether pages exist on either side.
#[derive(Clone, Debug)]
pub struct Page<T> {
    /// The rows, in list order.
    pub items: Vec<T>,
    /// Cursor for the next page, if there is one.
    pub next: Option<Cursor>,
    /// Cursor for the previous page, if there is one.
    pub previous: Option<Cursor>,
}

impl<T> Page<T> {
    /// Builds a page from up to `fetch_limit()` rows fetched in scan order. `key_of` renders a
    /// row's sort key and SID for the cursors.
    pub fn from_scan(
        request: &PageRequest,
        mut rows: Vec<T>,
        key_of: impl Fn(&T) -> (String, String),
    ) -> Page<T> {
        let more_in_scan = rows.len() > request.size as usize;
        rows.truncate(request.size as usize);
        let backwards = request.reads_backwards();
        if backwards {
            rows.reverse();
        }
        let (has_next, has_previous) = if backwards {
            (true, more_in_scan)
        } else {
            (more_in_scan, request.cursor.is_some())
        };
        let cursor_at = |row: Option<&T>, towards| {
            row.map(|row| {
                let (key, sid) = key_of(row);
                Cursor { towards, key, sid }
            })
        };
        let next = if has_next {
            cursor_at(rows.last(), Towards::Next)
        } else {
            None
        };
        let previous = if has_previous {
            cursor_at(rows.first(), Towards::Previous)
        } else {
            None
        };
        Page {
            items: rows,
            next,
            previous,
        }
    }

    /// Maps the rows, keeping the cursors.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next: self.next,
            previous: self.previous,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_size_is_clamped_to_1000_and_must_be_positive() {
        assert_eq!(
            PageRequest::parse(Some("5000"), None, None).unwrap().size,
            1000
        );
        assert_eq!(PageRequest::parse(None, None, None).unwrap().size, 50);
        assert!(matches!(
            PageRequest::parse(Some("0"), None, None),
            Err(DomainError::Invalid { .. })
        ));
        assert!(matches!(
            PageRequest::parse(Some("ten"), None, None),
            Err(DomainError::Invalid { .. })
        ));
    }

    #[test]
    fn tokens_round_trip_and_garbage_is_refused() {
        let cursor = Cursor {
            towards: Towards::Previous,
            key: "2026-01-01 00:00:00".into(),
            sid: "BU0123456789abcdef0123456789abcdef".into(),
        };
        assert_eq!(Cursor::decode(&cursor.encode()).unwrap(), cursor);
        assert!(matches!(
            Cursor::decode("PTnot-base64!"),
            Err(DomainError::Invalid { .. })
        ));
        assert!(matches!(
            Cursor::decode("XX"),
            Err(DomainError::Invalid { .. })
        ));
        for (key, sid) in [("1", "BU\0"), ("1\0", "BU0123456789abcdef0123456789abcdef")] {
            let raw = format!("N{key}\n{sid}");
            let token = format!("PT{}", URL_SAFE_NO_PAD.encode(raw));
            assert!(matches!(
                Cursor::decode(&token),
                Err(DomainError::Invalid { .. })
            ));
        }
    }

    #[test]
    fn page_numbers_stop_at_the_32_bit_limit() {
        let parse = |raw| PageRequest::parse(None, Some(raw), None);
        assert!(matches!(
            parse("4294967295"),
            Err(DomainError::Invalid { .. })
        ));
        assert_eq!(parse("2147483647").unwrap().next_number(), MAX_PAGE_NUMBER);
        assert_eq!(parse("7").unwrap().next_number(), 8);
    }

    #[test]
    fn forward_scan_reports_next_when_an_extra_row_came_back() {
        let request = PageRequest::parse(Some("2"), None, None).unwrap();
        let page = Page::from_scan(&request, vec![1, 2, 3], |n| (n.to_string(), n.to_string()));
        assert_eq!(page.items, vec![1, 2]);
        assert_eq!(page.next.unwrap().sid, "2");
        assert!(page.previous.is_none());
    }

    #[test]
    fn backward_scan_restores_list_order() {
        let token = Cursor {
            towards: Towards::Previous,
            key: "5".into(),
            sid: "BU00000000000000000000000000000005".into(),
        }
        .encode();
        let request = PageRequest::parse(Some("2"), None, Some(&token)).unwrap();
        let page = Page::from_scan(&request, vec![4, 3, 2], |n| (n.to_string(), n.to_string()));
        assert_eq!(page.items, vec![3, 4]);
        assert_eq!(page.previous.unwrap().sid, "3");
        assert_eq!(page.next.unwrap().sid, "4");
    }
}
