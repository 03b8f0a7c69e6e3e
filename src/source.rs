//! Text files people write (workshop scripts, the key config): bytes to text with every
//! encoding problem located, and a scan for characters that must never reach a terminal.
//! Both file kinds go through here, so both get the same messages.

use crate::diagnostic::{Diagnostic, Report};
use crate::text::{describe_char, is_bidi_control, is_unsafe};

/// Decodes `bytes` and scans them. The text comes back with Windows line endings (CRLF)
/// turned into LF, so every later check and every line and column sees one kind of line; an
/// editor counts the columns the same way. A refusal is a [`Report`] naming `path`.
pub fn read(path: &str, bytes: &[u8]) -> Result<String, Report> {
    let text = decode(bytes).map_err(|(source, d)| Report::single(path, source, d))?;
    let text = if text.contains("\r\n") {
        text.replace("\r\n", "\n")
    } else {
        text
    };
    let mut problems = Vec::new();
    scan_characters(&text, &mut problems);
    if problems.is_empty() {
        Ok(text)
    } else {
        Err(Report {
            path: path.into(),
            source: text,
            diagnostics: problems,
        })
    }
}

/// Bytes to text: refuses UTF-16, invalid UTF-8 and NUL with a located message; drops a
/// UTF-8 byte-order mark (spreadsheet and Windows editors write one).
fn decode(bytes: &[u8]) -> Result<String, (String, Diagnostic)> {
    if let Some(shown) = utf16_text(bytes) {
        let d = Diagnostic::at(0..0, "the file is UTF-16 text, not UTF-8")
            .help("save it again as UTF-8 (in Notepad: Save As → Encoding: UTF-8)");
        return Err((shown, d));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_owned(),
        Err(e) => {
            let at = e.valid_up_to();
            // Quoted from the same bytes the offset counts in (the mark already dropped).
            let lossy = String::from_utf8_lossy(bytes).into_owned();
            let d = Diagnostic::at(
                at..at + 1,
                format!("the file is not UTF-8 text (byte 0x{:02X} here)", bytes[at]),
            )
            .help(
                "save the file as UTF-8; it was probably written as Latin-1 or Windows-1252 \
                 (in most editors: Save As → Encoding: UTF-8)",
            );
            return Err((lossy, d));
        }
    };
    if let Some(at) = text.find('\0') {
        let d = Diagnostic::at(at..at + 1, "the file contains a NUL byte")
            .help("this must be plain UTF-8 text; it looks like a binary or UTF-16 file");
        return Err((text, d));
    }
    Ok(text)
}

/// A UTF-16 file's text (by its byte-order mark), decoded only to quote it in the message.
fn utf16_text(bytes: &[u8]) -> Option<String> {
    let big_endian = match bytes {
        [0xFF, 0xFE, ..] => false,
        [0xFE, 0xFF, ..] => true,
        _ => return None,
    };
    let units: Vec<u16> = bytes[2..]
        .chunks_exact(2)
        .map(|c| {
            if big_endian {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                u16::from_le_bytes([c[0], c[1]])
            }
        })
        .collect();
    Some(String::from_utf16_lossy(&units))
}

/// Control characters and bidirectional overrides anywhere in the file, comments included:
/// they could change what the terminal shows, or make the text read differently from what it
/// is. Tabs and line feeds are fine (CRLF is already LF here).
fn scan_characters(text: &str, out: &mut Vec<Diagnostic>) {
    for (i, c) in text.char_indices().filter(|&(_, c)| is_unsafe(c)) {
        let span = i..i + c.len_utf8();
        let d = if is_bidi_control(c) {
            Diagnostic::at(
                span,
                format!("bidirectional control {} in the file", describe_char(c)),
            )
            .help("remove it: it makes text display in a different order from how it reads")
        } else if crate::text::is_invisible(c) {
            Diagnostic::at(
                span,
                format!("invisible character {} in the file", describe_char(c)),
            )
            .help("remove it: the screen draws it as nothing, so the text is not what it looks like (a line break is a new line in a \"\"\"…\"\"\" text)")
        } else {
            Diagnostic::at(
                span,
                format!("control character {} in the file", describe_char(c)),
            )
            .help("remove it: control characters can change what the terminal shows")
        };
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_becomes_lf_and_a_lone_cr_is_refused() {
        let text = read("a", b"x = 1\r\ny = \"\"\"a\r\nb\"\"\"\r\n");
        assert_eq!(text.ok().as_deref(), Some("x = 1\ny = \"\"\"a\nb\"\"\"\n"));
        let lone = read("a", b"x = 1\ry = 2").err().map(|r| r.to_string());
        let lone = lone.unwrap_or_default();
        assert!(
            lone.starts_with("a:1:6: error: control character U+000D (carriage return)"),
            "{lone}"
        );
    }

    #[test]
    fn a_byte_order_mark_does_not_shift_the_caret() {
        let r = read("c.toml", b"\xEF\xBB\xBFtheme = \"caf\xE9\"")
            .err()
            .map(|r| r.to_string());
        let r = r.unwrap_or_default();
        assert!(
            r.starts_with("c.toml:1:13: error: the file is not UTF-8 text (byte 0xE9 here)"),
            "{r}"
        );
        assert!(!r.contains('\u{FEFF}'), "{r:?}");
    }
}
