//! Text safety shared by every input path: which characters may never reach a terminal, how
//! to name them in a message, and how to show untrusted text (file paths, source lines) safely.

/// A character that must not be sent to a terminal: C0/C1 controls and DEL (they can move the
/// cursor, change colours or retitle the window) and the bidirectional overrides and isolates
/// that can make text read differently from what it is ("Trojan Source").
///
/// Tab and line feed are not listed: callers decide where those are allowed.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n') || is_bidi_control(c) || is_invisible(c)
}

pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// Characters a terminal draws as nothing, or joins with their neighbours, while width
/// counting gives them a column (or none where the terminal gives one): zero-width spaces
/// and joiners, word joiners and invisible operators, the byte-order mark, the soft hyphen,
/// and the line and paragraph separators. Drawn, they push a row past the window's edge.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
            | '\u{00AD}'
    )
}

/// The first unsafe character in `s` and its byte offset.
pub fn find_unsafe(s: &str) -> Option<(usize, char)> {
    s.char_indices().find(|&(_, c)| is_unsafe(c))
}

/// Names a character for a message: `U+001B (escape)`.
pub fn describe_char(c: char) -> String {
    let name = match c {
        '\0' => "NUL",
        '\u{7}' => "bell",
        '\u{8}' => "backspace",
        '\t' => "tab",
        '\n' => "line feed",
        '\u{b}' => "vertical tab",
        '\u{c}' => "form feed",
        '\r' => "carriage return",
        '\u{1b}' => "escape",
        '\u{7f}' => "delete",
        '\u{9b}' => "control sequence introducer",
        '\u{202A}' => "left-to-right embedding",
        '\u{202B}' => "right-to-left embedding",
        '\u{202C}' => "pop directional formatting",
        '\u{202D}' => "left-to-right override",
        '\u{202E}' => "right-to-left override",
        '\u{2066}' => "left-to-right isolate",
        '\u{2067}' => "right-to-left isolate",
        '\u{2068}' => "first strong isolate",
        '\u{2069}' => "pop directional isolate",
        '\u{200E}' => "left-to-right mark",
        '\u{200F}' => "right-to-left mark",
        '\u{061C}' => "Arabic letter mark",
        '\u{200B}' => "zero-width space",
        '\u{200C}' => "zero-width non-joiner",
        '\u{200D}' => "zero-width joiner",
        '\u{2028}' => "line separator",
        '\u{2029}' => "paragraph separator",
        '\u{2060}' => "word joiner",
        '\u{FEFF}' => "zero-width no-break space",
        '\u{00AD}' => "soft hyphen",
        c if c.is_control() => "control character",
        _ => "character",
    };
    format!("U+{:04X} ({name})", u32::from(c))
}

/// Makes untrusted text safe to print: every unsafe character and tab becomes `�`, so the
/// text keeps one column per replaced character (carets under it stay aligned).
pub fn printable(s: &str) -> String {
    s.chars()
        .map(|c| {
            if is_unsafe(c) || c == '\t' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// Text read back from the database, made safe to draw: it went in clean, but the file is
/// anyone's to write. Line breaks stay; tabs become spaces; an invisible character is left
/// out (an emoji joined by one shows as its parts); anything else unsafe becomes `�`.
pub fn from_store(s: String) -> String {
    if !s.chars().any(|c| is_unsafe(c) || c == '\t') {
        return s;
    }
    s.chars()
        .filter(|c| !is_invisible(*c))
        .map(|c| match c {
            '\t' => ' ',
            c if is_unsafe(c) => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// The first `max` columns of `text`, the cut marked "…" (within the `max`).
pub fn cut_to_width(text: &str, max: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    if text.width() <= max {
        return text.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// Expands tabs in text typed into a script; a terminal cell cannot hold a tab.
pub fn expand_tabs(s: &str) -> String {
    if s.contains('\t') {
        s.replace('\t', "    ")
    } else {
        s.to_owned()
    }
}

/// A character of the names thrive gives records and ids (uids, segment ids): letters,
/// digits and `-_.:@`, so a name never carries a line break or a control anywhere.
pub fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '@')
}

/// "1 note", "12 notes": for the words that take an s.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_are_unsafe_but_tab_and_newline_are_left_to_callers() {
        for c in [
            '\u{0}', '\u{1b}', '\u{7f}', '\u{9b}', '\r', '\u{202E}', '\u{2066}',
        ] {
            assert!(is_unsafe(c), "{c:?}");
        }
        for c in ['\t', '\n', 'a', 'é', '字', '😀'] {
            assert!(!is_unsafe(c), "{c:?}");
        }
    }

    /// What a terminal draws as nothing (or joins) is unsafe to draw: from the store it is
    /// left out, so every row keeps the width it was measured at (issue 11, items 16–17).
    #[test]
    fn invisible_and_direction_marks_are_unsafe_and_left_out_of_stored_text() {
        for c in [
            '\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{2028}', '\u{2029}',
            '\u{2060}', '\u{2064}', '\u{FEFF}', '\u{00AD}', '\u{061C}',
        ] {
            assert!(is_unsafe(c), "{c:?}");
        }
        assert_eq!(from_store("👨\u{200D}👩 a\u{00AD}b".to_owned()), "👨👩 ab");
        assert_eq!(from_store("x\u{1b}y".to_owned()), "x\u{FFFD}y");
    }

    #[test]
    fn printable_keeps_one_column_per_character() {
        assert_eq!(printable("a\u{1b}[31mb\tc"), "a\u{FFFD}[31mb\u{FFFD}c");
        assert_eq!(describe_char('\u{202E}'), "U+202E (right-to-left override)");
        assert_eq!(find_unsafe("ok\u{7}"), Some((2, '\u{7}')));
    }
}
