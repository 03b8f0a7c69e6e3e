//! The export question: which files, which folder, what happens to an earlier export's
//! files; then where they were written, the whole path, so it can be found afterwards.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};

use super::question;
use crate::app::Model;
use crate::app::keymap::{Action, Context};
use crate::app::outputs::ExportDialog;
use crate::export::{DEFAULT_SET, shown};

pub fn render(model: &Model, dialog: &ExportDialog, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let key = |a: Action| model.hint(Context::Export, a);
    let files: Vec<String> = DEFAULT_SET.iter().map(|p| p.file_name()).collect();
    let mut lines: Vec<Line> = Vec::new();
    let title = match &dialog.done {
        Some(Ok((dir, names))) => {
            lines.push(Line::styled(
                format!("✓ {} written to", crate::text::plural(names.len(), "file")),
                t.heading,
            ));
            lines.push(Line::raw(format!(
                "{}{}",
                shown(dir),
                std::path::MAIN_SEPARATOR
            )));
            lines.push(Line::raw(format!("  {}", names.join("  "))));
            lines.push(Line::raw(""));
            lines.push(Line::styled("Any key closes", t.muted));
            " Exported "
        }
        Some(Err(e)) => {
            lines.push(Line::styled("⚠ Nothing more was exported", t.over));
            lines.push(Line::raw(e.clone()));
            lines.push(Line::raw(""));
            lines.push(Line::styled("Any key closes", t.muted));
            " Not exported "
        }
        None => {
            lines.push(Line::raw(
                "The actions for a spreadsheet, to read and for a calendar, and the event's report to read and as a page to open in a browser and print:",
            ));
            lines.push(Line::styled(format!("  {}", files.join("  ")), t.heading));
            lines.push(Line::raw(""));
            lines.push(Line::raw("into the folder"));
            lines.push(Line::styled(shown(&dialog.dir), t.heading));
            lines.push(Line::raw(""));
            let mut keys = Vec::new();
            if dialog.earlier.is_empty() {
                keys.push(Span::styled(key(Action::Save), t.key));
                keys.push(Span::raw(" write · "));
            } else {
                lines.push(Line::raw(format!(
                    "It already holds {} from an earlier export; they are kept unless you replace them.",
                    dialog.earlier.join(", ")
                )));
                lines.push(Line::raw(""));
                let target = dialog.target.clone();
                let name = target
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                keys.push(Span::styled(key(Action::Save), t.key));
                keys.push(Span::raw(format!(" write to {name} instead · ")));
                keys.push(Span::styled(key(Action::Replace), t.key));
                keys.push(Span::raw(" replace them · "));
            }
            keys.push(Span::styled(key(Action::ChooseFolder), t.key));
            keys.push(Span::raw(" another folder · "));
            keys.push(Span::styled(key(Action::Cancel), t.key));
            keys.push(Span::raw(" cancel"));
            lines.push(Line::from(keys));
            " Export "
        }
    };
    question(model, area, buf, 76, title, lines, Alignment::Left);
}
