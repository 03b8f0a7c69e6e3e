//! The console's export: one key writes what the site takes away — the actions as CSV,
//! Markdown and a calendar, and the report — into a folder named after the event next to the
//! script, or one the facilitator types. Files of an earlier export are never written over
//! without asking: the default answer writes to a numbered folder beside them.

use super::Unsaved;
use std::path::{Path, PathBuf};

use super::editor::{Editor, Purpose};
use super::keymap::{Action, Context, Key};
use super::{Layer, Model};
use crate::event::document::Document;
use crate::export::{self, DEFAULT_SET, Existing};

/// The export question over the screen, and then what it did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportDialog {
    /// The folder the files go in.
    pub dir: PathBuf,
    /// Files of the set already in `dir`.
    pub earlier: Vec<String>,
    /// Where `Enter` writes: the folder, or with earlier files in it, the next numbered one.
    /// Looked up once, when the folder is chosen: the view never touches the disk.
    pub target: PathBuf,
    /// Once written: the folder used and the file names, or why nothing was.
    pub done: Option<Result<(PathBuf, Vec<String>), String>>,
}

impl ExportDialog {
    fn at(dir: PathBuf) -> ExportDialog {
        let earlier = export::already_there(&dir, &DEFAULT_SET);
        let target = export::free_folder(&dir, &DEFAULT_SET);
        ExportDialog {
            dir,
            earlier,
            target,
            done: None,
        }
    }
}

/// A path as a person reads it: absolute, so "says where" means somewhere findable.
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// `~/reports` → the home folder's `reports`.
fn expand_home(text: &str) -> PathBuf {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix("~/").or(text.strip_prefix("~\\"))
        && let Some(home) = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf())
    {
        return home.join(rest);
    }
    if text == "~"
        && let Some(home) = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf())
    {
        return home;
    }
    PathBuf::from(text)
}

impl Model {
    /// `e`: the question, with the folder it would write to.
    pub(super) fn open_export(&mut self) {
        let Some(info) = &self.record.event else {
            self.say("nothing is recorded yet, so there is nothing to export");
            return;
        };
        let name = export::folder_name_for(&info.title, info.date, info.rehearsal);
        let dialog = ExportDialog::at(absolute(&self.export_dir.join(name)));
        self.push(Layer::Export(dialog));
    }

    /// Writes the set from what the store holds now.
    fn export_now(&mut self, existing: Existing) {
        let Some(info) = self.record.event.clone() else {
            return;
        };
        let Some(dir) = self.export().map(|d| d.dir.clone()) else {
            return;
        };
        // The calendar's stamp from the model's clock, never the wall's: update stays a
        // function of its messages.
        let stamp = chrono::TimeZone::from_local_datetime(&chrono::Local, &self.now)
            .earliest()
            .map_or_else(|| self.now.and_utc(), |t| t.with_timezone(&chrono::Utc));
        let result = Document::build(&self.store, info.id, self.now)
            .map_err(|e| format!("the event could not be read: {}", e.short()))
            .and_then(|doc| {
                export::write_set(&doc, &dir, &DEFAULT_SET, existing, stamp)
                    .map_err(|e| e.to_string())
            })
            .map(|(dir, files)| {
                let names: Vec<String> = files
                    .iter()
                    .filter_map(|f| f.file_name().map(|n| n.to_string_lossy().into_owned()))
                    .collect();
                (dir, names)
            });
        let said = match &result {
            Ok((dir, names)) => format!(
                "✓ wrote {} to {}",
                crate::text::plural(names.len(), "file"),
                export::shown(dir)
            ),
            Err(e) => format!("⚠ not exported: {e}"),
        };
        if let Some(dialog) = self.export_mut() {
            dialog.done = Some(result);
        }
        self.say_for(said, chrono::TimeDelta::seconds(10));
    }

    /// The folder typed in the editor becomes the dialog's.
    pub(super) fn set_export_folder(&mut self, text: &str) -> Result<(), Unsaved> {
        if text.trim().is_empty() {
            let back = self.hint(Context::Editor, Action::Cancel);
            return Err(Unsaved::Refused(format!(
                "type a folder, or {back} to keep the one before"
            )));
        }
        let dir = absolute(&expand_home(text));
        if dir.is_file() {
            return Err(Unsaved::Refused(format!(
                "{} is a file, not a folder",
                export::shown(&dir)
            )));
        }
        if let Some(dialog) = self.export_mut() {
            *dialog = ExportDialog::at(dir);
        }
        Ok(())
    }
}

/// Keys while the export question is open.
pub(super) fn export_key(model: &mut Model, key: Key) {
    let Some(dialog) = model.export() else {
        return;
    };
    let (earlier, dir) = (!dialog.earlier.is_empty(), dialog.dir.clone());
    match model.keymap.action(Context::Export, key) {
        Some(Action::Save) => model.export_now(Existing::Number),
        Some(Action::Replace) if earlier => model.export_now(Existing::Replace),
        Some(Action::ChooseFolder) => {
            let text = dir.display().to_string();
            model.push(Layer::Editor(Box::new(Editor::new(Purpose::Folder, &text))));
        }
        Some(Action::Cancel) => {
            model.close_export();
            model.say("nothing exported");
        }
        _ => {}
    }
}
