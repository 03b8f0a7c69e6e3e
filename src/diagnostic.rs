//! Problems found in a file a person wrote (a workshop script, a key config), rendered the way
//! compilers do: `PATH:LINE:COL: error: WHAT`, the source line, a caret, and a `help:` line.
//!
//! A problem with no place in a text (a database, a folder, a command's arguments) is a
//! [`Problem`]: `PLACE: error: WHAT` and the same `help:` line. Every `error:` the program
//! prints goes through one of the two.
//!
//! Rendering never sends the file's own control characters to the terminal.

use std::fmt;
use std::ops::Range;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::text::printable;

/// At most this many problems are listed per file; the rest are counted.
const MAX_LISTED: usize = 20;

/// One problem at one place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub message: String,
    /// Byte range in the file's text; `None` for a problem with the whole file.
    pub span: Option<Range<usize>>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(message: impl Into<String>, span: Option<Range<usize>>) -> Self {
        Diagnostic {
            message: message.into(),
            span,
            help: None,
        }
    }

    pub fn at(span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic::new(message, Some(span))
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Everything wrong with one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The path as the user gave it.
    pub path: String,
    /// The file's text, for quoting lines (lossily decoded if it was not UTF-8).
    pub source: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn new(path: impl Into<String>, source: impl Into<String>) -> Self {
        Report {
            path: path.into(),
            source: source.into(),
            diagnostics: Vec::new(),
        }
    }

    pub fn single(path: impl Into<String>, source: impl Into<String>, d: Diagnostic) -> Self {
        let mut r = Report::new(path, source);
        r.diagnostics.push(d);
        r
    }
}

/// A problem with a whole thing — a database, a folder, a file refused unread, the command
/// line — rather than a place in a text: `PLACE: error: WHAT`, then `  = help: WHAT TO DO`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The path as the user gave it, `PATH:LINE`, or the command ("thrive export"); empty
    /// for none.
    pub place: String,
    pub message: String,
    pub help: Option<String>,
    pub severity: Severity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

impl Problem {
    pub fn new(place: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            place: place.into(),
            message: message.into(),
            help: None,
            severity: Severity::Error,
        }
    }

    /// The same, reported as a warning: something was skipped or assumed, nothing refused.
    pub fn warning(place: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Warning,
            ..Problem::new(place, message)
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }
}

/// Without a trailing newline, so it can be printed with `writeln!` or inside a longer text.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let message = crate::text::cut_to_width(&printable(&self.message), MESSAGE_COLUMNS);
        if self.place.is_empty() {
            write!(f, "{word}: {message}")?;
        } else {
            write!(f, "{}: {word}: {message}", printable(&self.place))?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n{NO_GUTTER} = help: {}", printable(help))?;
        }
        Ok(())
    }
}

/// What stands where a line number would, for a problem with no line to quote.
const NO_GUTTER: &str = " ";

/// (line, column) of a byte offset, both 1-based, the column in characters.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = printable(&self.path);
        let mut sorted: Vec<&Diagnostic> = self.diagnostics.iter().collect();
        sorted.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
        for (i, d) in sorted.iter().take(MAX_LISTED).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write_one(f, &path, &self.source, d)?;
        }
        if sorted.len() > MAX_LISTED {
            writeln!(
                f,
                "\n{path}: … and {} more problems not listed",
                sorted.len() - MAX_LISTED
            )?;
        }
        Ok(())
    }
}

fn write_one(f: &mut fmt::Formatter<'_>, path: &str, source: &str, d: &Diagnostic) -> fmt::Result {
    // A parser may quote the whole bad value in its message: a line of its own, cut.
    let message = crate::text::cut_to_width(&printable(&d.message), MESSAGE_COLUMNS);
    let Some(span) = &d.span else {
        writeln!(f, "{path}: error: {message}")?;
        return write_help(f, NO_GUTTER, d);
    };
    let start = floor_char_boundary(source, span.start.min(source.len()));
    let (line, col) = line_col(source, start);
    writeln!(f, "{path}:{line}:{col}: error: {message}")?;
    if source.is_empty() {
        // Nothing was read (the file was refused for its size): no line to quote.
        return write_help(f, NO_GUTTER, d);
    }

    let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[start..]
        .find('\n')
        .map_or(source.len(), |i| start + i);
    let text = source[line_start..line_end].trim_end_matches('\r');
    let gutter = " ".repeat(line.to_string().len());
    let shown = printable(text);
    // Columns are measured on the printable text, so wide characters (CJK, emoji) keep the
    // caret under the right place.
    let before = printable(&source[line_start..start.min(line_start + text.len())]);
    let end = floor_char_boundary(source, span.end.clamp(start, line_start + text.len()));
    let under = printable(&source[start.min(line_start + text.len())..end]);
    let after = printable(&source[end..line_start + text.len()]);
    // A line too long to read is shown as a window around the column, never whole: a
    // one-line file of megabytes must not come back as megabytes of message.
    let (shown, before, under) = if shown.width() <= WINDOW {
        (shown, before, under)
    } else {
        let under = head(&under, WINDOW / 2);
        let room = WINDOW.saturating_sub(under.width());
        let before = tail(&before, room / 2);
        let after = head(&after, room - before.width());
        (format!("{before}{under}{after}"), before, under)
    };
    let pad = " ".repeat(before.width());
    let carets = "^".repeat(under.width().max(1));
    writeln!(f, "{gutter} |")?;
    writeln!(f, "{line} | {shown}")?;
    writeln!(f, "{gutter} | {pad}{carets}")?;
    write_help(f, &gutter, d)
}

/// The most a message says on its line; a longer one (a quoted value) is cut with "…".
const MESSAGE_COLUMNS: usize = 200;

/// How many columns of a long line a message shows around the problem.
const WINDOW: usize = 80;

fn head(s: &str, max: usize) -> String {
    crate::text::cut_to_width(s, max)
}

/// The last `max` columns of `s`, the cut marked `…` (within the `max`).
fn tail(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_owned();
    }
    let mut kept: Vec<char> = Vec::new();
    let mut used = 0;
    for c in s.chars().rev() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        used += w;
        kept.push(c);
    }
    kept.push('…');
    kept.iter().rev().collect()
}

fn write_help(f: &mut fmt::Formatter<'_>, gutter: &str, d: &Diagnostic) -> fmt::Result {
    if let Some(help) = &d.help {
        writeln!(f, "{gutter} = help: {}", printable(help))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_file_line_column_source_caret_and_help() {
        let src = "[workshop]\ntitle = \"x\"\nminutes = 600\n";
        let start = src.find("600").unwrap_or_default();
        let r = Report::single(
            "a.toml",
            src,
            Diagnostic::at(start..start + 3, "too long").help("split it"),
        );
        assert_eq!(
            r.to_string(),
            "a.toml:3:11: error: too long\n  |\n3 | minutes = 600\n  |           ^^^\n  = help: split it\n"
        );
    }

    #[test]
    fn carets_stay_under_wide_characters_and_controls_never_print() {
        let src = "title = \"字字\u{1b}\" x";
        let start = src.find('x').unwrap_or_default();
        let out =
            Report::single("p\u{1b}.toml", src, Diagnostic::at(start..start + 1, "m")).to_string();
        assert!(!out.contains('\u{1b}'), "{out:?}");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "p\u{FFFD}.toml:1:15: error: m");
        let caret_col = lines[3].find('^').unwrap_or_default();
        let x_col = lines[2][..lines[2].find('x').unwrap_or_default()].width();
        assert_eq!(caret_col, x_col);
    }

    /// A line of megabytes comes back as a window of about 80 columns around the column,
    /// the caret still under the problem (issue 11, item 14).
    #[test]
    fn a_very_long_line_is_shown_as_a_window_around_the_problem() {
        let src = format!("{}BAD{}", "a,".repeat(30_000), "b,".repeat(30_000));
        let start = src.find("BAD").unwrap_or_default();
        let out = Report::single(
            "x.json",
            src.as_str(),
            Diagnostic::at(start..start + 3, "here"),
        )
        .to_string();
        assert!(out.len() < 600, "{} bytes", out.len());
        let lines: Vec<&str> = out.lines().collect();
        assert!(
            lines[2].contains('…') && lines[2].contains("BAD"),
            "{}",
            lines[2]
        );
        let caret_col = lines[3].find('^').unwrap_or_default();
        let bad_col = lines[2][..lines[2].find("BAD").unwrap_or_default()].width();
        assert_eq!(caret_col, bad_col);
        assert!(lines[2].width() <= WINDOW + 8, "{}", lines[2]);
    }

    #[test]
    fn a_problem_without_a_place_in_a_text_reads_like_one_with_it() {
        let p = Problem::new("x.db", "it is damaged\u{1b}").help("keep it");
        assert_eq!(
            p.to_string(),
            "x.db: error: it is damaged\u{FFFD}\n  = help: keep it"
        );
        let whole = Report::single(
            "x.db",
            "",
            Diagnostic::new("it is damaged", None).help("keep it"),
        );
        assert_eq!(
            whole.to_string(),
            "x.db: error: it is damaged\n  = help: keep it\n"
        );
        assert_eq!(
            Problem::warning("", "skipped").to_string(),
            "warning: skipped"
        );
    }

    #[test]
    fn line_and_column_count_characters() {
        assert_eq!(line_col("a\nbé\nc", 0), (1, 1));
        assert_eq!(line_col("a\nbé\nc", 5), (2, 3));
        assert_eq!(line_col("a\nbé\nc", 6), (3, 1));
        assert_eq!(line_col("a\nbéx", 5), (2, 3));
    }
}
