//! Bytes to text: the encodings spreadsheets save in, binary files refused, line endings and
//! the delimiter worked out.

use super::*;

pub(super) struct Decoded {
    pub(super) text: String,
    pub(super) encoding: Encoding,
    pub(super) notes: Vec<String>,
}

/// Bytes to text with one kind of line break (LF), the way the file was most likely written.
pub(super) fn decode(bytes: &[u8]) -> Result<Decoded, FileProblem> {
    if bytes.len() > MAX_BYTES {
        return Err(FileProblem::new(
            format!(
                "the file is {:.0} MiB; a service list is far smaller, so this is refused (the limit is {} MiB)",
                bytes.len() as f64 / (1024.0 * 1024.0),
                MAX_BYTES / (1024 * 1024)
            ),
            "check this is the services CSV; a spreadsheet of services saves as a few hundred KiB at most",
        ));
    }
    if let Some(problem) = known_binary(bytes) {
        return Err(problem);
    }
    let mut notes = Vec::new();
    let (text, encoding) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (utf16(rest, false, &mut notes), Encoding::Utf16Le),
        [0xFE, 0xFF, rest @ ..] => (utf16(rest, true, &mut notes), Encoding::Utf16Be),
        [0xEF, 0xBB, 0xBF, rest @ ..] => {
            let text = String::from_utf8_lossy(rest);
            if std::str::from_utf8(rest).is_err() {
                notes.push(
                    "some bytes are not UTF-8, though the file starts with the UTF-8 mark; they show as �"
                        .into(),
                );
            }
            (text.into_owned(), Encoding::Utf8Bom)
        }
        _ => match utf16_without_mark(bytes) {
            Some(big_endian) => {
                notes.push(format!(
                    "read as UTF-16 {}: the file has no byte-order mark, but every other byte is zero",
                    if big_endian { "BE" } else { "LE" }
                ));
                let text = utf16(bytes, big_endian, &mut notes);
                let encoding = if big_endian {
                    Encoding::Utf16Be
                } else {
                    Encoding::Utf16Le
                };
                (text, encoding)
            }
            None => match std::str::from_utf8(bytes) {
                Ok(t) => (t.to_owned(), Encoding::Utf8),
                Err(e) => {
                    let at = e.valid_up_to();
                    let line = line_of(bytes, at);
                    let byte = bytes.get(at).copied().unwrap_or_default();
                    notes.push(format!(
                        "read as Windows-1252, not UTF-8 (byte 0x{byte:02X} on line {line} is not UTF-8) — check that letters like é and signs like £ came through"
                    ));
                    (windows_1252(bytes), Encoding::Windows1252)
                }
            },
        },
    };
    if text.contains('\0') || looks_binary(&text) {
        return Err(FileProblem::new(
            "this does not look like a text file: it holds control bytes that CSV never has",
            format!("it may be a workbook, an image or a compressed file; {SAVE_AS_CSV}"),
        ));
    }
    let text = one_line_ending(&text);
    if text.trim().is_empty() {
        return Err(FileProblem::new(
            "the file is empty",
            format!("a service list starts with a header row naming the columns: {HEADER}"),
        ));
    }
    Ok(Decoded {
        text,
        encoding,
        notes,
    })
}

/// Files people pick by mistake, recognised by their first bytes, so the help can say what
/// to do instead.
pub(super) fn known_binary(bytes: &[u8]) -> Option<FileProblem> {
    let what = match bytes {
        [b'P', b'K', 3, 4, ..] => {
            "this is a zip file — most likely an Excel workbook (.xlsx) or an OpenDocument spreadsheet (.ods), not CSV"
        }
        [0xD0, 0xCF, 0x11, 0xE0, ..] => "this is an old Excel workbook (.xls), not CSV",
        [b'%', b'P', b'D', b'F', ..] => "this is a PDF, not CSV",
        _ => return None,
    };
    Some(FileProblem::new(what, SAVE_AS_CSV))
}

/// Many controls early on: a binary file that happens to decode.
pub(super) fn looks_binary(text: &str) -> bool {
    let sample = text.chars().take(4096);
    let (mut chars, mut controls) = (0usize, 0usize);
    for c in sample {
        chars += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{b}' | '\u{c}') {
            controls += 1;
        }
    }
    controls >= 8 && controls * 10 > chars
}

pub(super) fn line_of(bytes: &[u8], at: usize) -> u64 {
    let before = bytes.get(..at).unwrap_or(bytes);
    let mut line = 1;
    let mut prev = 0u8;
    for &b in before {
        if b == b'\n' && prev != b'\r' || b == b'\r' {
            line += 1;
        }
        prev = b;
    }
    line
}

pub(super) fn utf16(bytes: &[u8], big_endian: bool, notes: &mut Vec<String>) -> String {
    let units = bytes.chunks_exact(2).map(|c| match c {
        [a, b] if big_endian => u16::from_be_bytes([*a, *b]),
        [a, b] => u16::from_le_bytes([*a, *b]),
        _ => 0xFFFD,
    });
    let mut bad = 0usize;
    let text = char::decode_utf16(units)
        .map(|r| {
            r.unwrap_or_else(|_| {
                bad += 1;
                '\u{FFFD}'
            })
        })
        .collect();
    if bad > 0 {
        notes.push(format!(
            "{bad} characters were not valid UTF-16 and show as �"
        ));
    }
    text
}

/// Some tools write UTF-16 with no byte-order mark; its ASCII has a zero byte beside every
/// letter, which no CSV has otherwise.
pub(super) fn utf16_without_mark(bytes: &[u8]) -> Option<bool> {
    let sample = bytes.get(..bytes.len().min(1024) & !1)?;
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zeros = |offset: usize| {
        sample
            .iter()
            .skip(offset)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    if odd * 10 >= pairs * 9 && even * 20 <= pairs {
        Some(false)
    } else if even * 10 >= pairs * 9 && odd * 20 <= pairs {
        Some(true)
    } else {
        None
    }
}

/// Windows-1252's 0x80–0x9F, where it differs from Latin-1; the five unassigned bytes keep
/// their C1 code points and are removed later as controls.
pub(super) const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

pub(super) fn windows_1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => CP1252_HIGH
                .get(usize::from(b - 0x80))
                .copied()
                .unwrap_or('\u{FFFD}'),
            _ => char::from(b),
        })
        .collect()
}

/// CRLF and a lone CR (old Mac exports) become LF, inside quoted cells too, so csv counts
/// every kind of line and a cell's line break is one character.
pub(super) fn one_line_ending(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// The delimiter used most on the first line that has any, outside quotes; a comma when none
/// is found (a file with one column).
pub(super) fn detect_delimiter(text: &str) -> Delimiter {
    for line in text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(HEADER_SEARCH)
    {
        let (mut comma, mut semicolon, mut tab) = (0, 0, 0);
        let mut quoted = false;
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => comma += 1,
                ';' if !quoted => semicolon += 1,
                '\t' if !quoted => tab += 1,
                _ => {}
            }
        }
        if comma + semicolon + tab == 0 {
            continue;
        }
        return if tab > comma && tab > semicolon {
            Delimiter::Tab
        } else if semicolon > comma {
            Delimiter::Semicolon
        } else {
            Delimiter::Comma
        };
    }
    Delimiter::Comma
}

/// The line of a quote that opens a cell and never closes, read the way csv reads quotes:
/// csv then takes the rest of the file as that one cell, silently.
pub(super) fn unclosed_quote(text: &str, delimiter: u8) -> Option<u64> {
    #[derive(PartialEq)]
    enum State {
        Start,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::Start;
    let (mut line, mut opened) = (1u64, 1u64);
    for &b in text.as_bytes() {
        state = match state {
            State::Quoted if b == b'"' => State::QuoteInQuoted,
            State::Quoted => State::Quoted,
            State::QuoteInQuoted if b == b'"' => State::Quoted,
            State::Start if b == b'"' => {
                opened = line;
                State::Quoted
            }
            _ if b == b'\n' || b == delimiter => State::Start,
            _ => State::Unquoted,
        };
        if b == b'\n' {
            line += 1;
        }
    }
    (state == State::Quoted).then_some(opened)
}
