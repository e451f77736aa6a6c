//! Uploaded files: which kinds a document may hold, recognised by content (never by name or
//! declared type). One rule for every facade (Twilio's SupportingDocuments, Plivo's compliance
//! documents).

/// The kinds of file a supporting document may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `%PDF-`
    Pdf,
    /// `FF D8 FF`
    Jpeg,
    /// The 8-byte PNG signature.
    Png,
}

impl FileKind {
    /// Recognises a file by its first bytes.
    pub fn sniff(content: &[u8]) -> Option<FileKind> {
        const PNG: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
        if content.starts_with(b"%PDF-") {
            Some(FileKind::Pdf)
        } else if content.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileKind::Jpeg)
        } else if content.starts_with(&PNG) {
            Some(FileKind::Png)
        } else {
            None
        }
    }

    /// The content type stored and served for this kind.
    pub fn mime_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_recognised_by_their_first_bytes() {
        assert_eq!(FileKind::sniff(b"%PDF-1.4\n"), Some(FileKind::Pdf));
        assert_eq!(
            FileKind::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(FileKind::Jpeg)
        );
        assert_eq!(
            FileKind::sniff(b"\x89PNG\r\n\x1a\n\0\0"),
            Some(FileKind::Png)
        );
        assert_eq!(FileKind::sniff(b"hello %PDF-"), None);
        assert_eq!(FileKind::sniff(b"\x89PNG"), None);
        assert_eq!(FileKind::sniff(b""), None);
    }
}
