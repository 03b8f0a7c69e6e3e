//! What sits over a screen and takes the keys, as one stack: the editor, the service form,
//! the export dialog, help, and each question. Each layer owns what it needs; the top one
//! gets the keys (its own context in the keymap), and the view draws them bottom to top.
//! A question can sit over the field it is about (a clash over the editor being saved), and
//! closing it shows that field again.

use super::Model;
use super::clash::Question;
use super::editor::Editor;
use super::form::ServiceForm;
use super::keymap::Context;
use super::map::PendingService;
use super::outputs::ExportDialog;
use crate::event::record::{Draft, NoteId};
use crate::ids::ServiceId;

#[derive(Debug, Clone)]
pub enum Layer {
    /// Text being typed: a note, an action, a service line, a filter, a folder.
    Editor(Box<Editor>),
    /// The full form of one service.
    Form(Box<ServiceForm>),
    /// The export question, and then its answer.
    Export(ExportDialog),
    Help {
        scroll: u16,
    },
    ConfirmQuit,
    ConfirmDelete(NoteId),
    ConfirmDeleteService(ServiceId),
    /// A service typed with the name of one on the map: merge or add.
    Duplicate(Box<PendingService>),
    /// A draft a crash left: keep it (into the editor) or throw it away.
    Recover(Draft),
    /// Another console changed or deleted what was being saved: whose to keep.
    Clash(Box<Question>),
}

/// Which question or overlay is on top, without its data: what tests and the view ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help { scroll: u16 },
    ConfirmQuit,
    ConfirmDelete(NoteId),
    ConfirmDeleteService(ServiceId),
    Duplicate,
    RecoverDraft,
    Clash,
}

impl Layer {
    /// The keymap section whose keys this layer reads.
    pub fn context(&self) -> Context {
        match self {
            Layer::Editor(_) => Context::Editor,
            Layer::Form(_) => Context::Form,
            Layer::Export(_) => Context::Export,
            Layer::Help { .. } => Context::Help,
            Layer::ConfirmQuit | Layer::ConfirmDelete(_) | Layer::ConfirmDeleteService(_) => {
                Context::Confirm
            }
            Layer::Duplicate(_) => Context::Duplicate,
            Layer::Recover(_) => Context::Recover,
            Layer::Clash(_) => Context::Clash,
        }
    }

    pub fn overlay(&self) -> Option<Overlay> {
        Some(match self {
            Layer::Editor(_) | Layer::Form(_) | Layer::Export(_) => return None,
            Layer::Help { scroll } => Overlay::Help { scroll: *scroll },
            Layer::ConfirmQuit => Overlay::ConfirmQuit,
            Layer::ConfirmDelete(id) => Overlay::ConfirmDelete(*id),
            Layer::ConfirmDeleteService(id) => Overlay::ConfirmDeleteService(*id),
            Layer::Duplicate(_) => Overlay::Duplicate,
            Layer::Recover(_) => Overlay::RecoverDraft,
            Layer::Clash(_) => Overlay::Clash,
        })
    }
}

impl Model {
    pub fn top(&self) -> Option<&Layer> {
        self.layers.last()
    }

    pub fn push(&mut self, layer: Layer) {
        self.layers.push(layer);
    }

    /// Closes the top layer.
    pub fn pop(&mut self) -> Option<Layer> {
        self.layers.pop()
    }

    /// The question or help on top, if that is what is on top.
    pub fn overlay(&self) -> Option<Overlay> {
        self.top().and_then(Layer::overlay)
    }

    /// The editor, when it is what takes the keys.
    pub fn editor(&self) -> Option<&Editor> {
        match self.top() {
            Some(Layer::Editor(e)) => Some(e),
            _ => None,
        }
    }

    pub fn editor_mut(&mut self) -> Option<&mut Editor> {
        match self.layers.last_mut() {
            Some(Layer::Editor(e)) => Some(e),
            _ => None,
        }
    }

    /// Takes the editor off the top, to save or put it away.
    pub fn take_editor(&mut self) -> Option<Editor> {
        match self.layers.pop() {
            Some(Layer::Editor(e)) => Some(*e),
            Some(other) => {
                self.layers.push(other);
                None
            }
            None => None,
        }
    }

    /// The service form, when it is what takes the keys.
    pub fn form(&self) -> Option<&ServiceForm> {
        match self.top() {
            Some(Layer::Form(f)) => Some(f),
            _ => None,
        }
    }

    pub fn form_mut(&mut self) -> Option<&mut ServiceForm> {
        match self.layers.last_mut() {
            Some(Layer::Form(f)) => Some(f),
            _ => None,
        }
    }

    pub fn take_form(&mut self) -> Option<ServiceForm> {
        match self.layers.pop() {
            Some(Layer::Form(f)) => Some(*f),
            Some(other) => {
                self.layers.push(other);
                None
            }
            None => None,
        }
    }

    /// The export dialog, wherever it is in the stack (its folder field sits over it).
    pub fn export(&self) -> Option<&ExportDialog> {
        self.layers.iter().rev().find_map(|l| match l {
            Layer::Export(d) => Some(d),
            _ => None,
        })
    }

    pub fn export_mut(&mut self) -> Option<&mut ExportDialog> {
        self.layers.iter_mut().rev().find_map(|l| match l {
            Layer::Export(d) => Some(d),
            _ => None,
        })
    }

    /// Closes the export dialog and anything over it.
    pub fn close_export(&mut self) {
        if let Some(i) = self
            .layers
            .iter()
            .rposition(|l| matches!(l, Layer::Export(_)))
        {
            self.layers.truncate(i);
        }
    }

    /// Puts `layer` just under the top one: the field a question on top is about.
    pub fn under_top(&mut self, layer: Layer) {
        let at = self.layers.len().saturating_sub(1);
        self.layers.insert(at, layer);
    }

    /// The clash question, when it is on top.
    pub fn clash(&self) -> Option<&Question> {
        match self.top() {
            Some(Layer::Clash(q)) => Some(q),
            _ => None,
        }
    }
}
