//! The site map in the console: the board's columns (services not placed yet, then one per
//! grouping), duplicates, the coverage screen's cursor — and every write a team makes to the
//! map, each one transaction. The form is `form.rs`, the filter's grammar `filter.rs`.

use super::Unsaved;
use std::collections::HashMap;

use chrono::TimeDelta;

use super::filter::{service_matches, terms};
pub use super::form::{FormField, ServiceForm};
use super::keymap::Action;
use super::lists::step;
use super::{Layer, Model};
use crate::event::record::{ActionFields, DraftSlot};
use crate::map::coverage::{self, Dimension, Gap, Grid, Totals};
use crate::map::{Catalog, KnownServices, Service, ServiceFields, ServiceId, line, same_service};
use crate::thrive::Grouping;

/// One column of the board: the services placed in a grouping, or (`None`) in none yet.
#[derive(Debug, Clone, Default)]
pub struct MapColumn {
    pub grouping: Option<Grouping>,
    /// Indices into the record's services that pass the filter, oldest first.
    pub items: Vec<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct MapView {
    /// "Not placed" first when any service is in no grouping, then the five groupings.
    pub columns: Vec<MapColumn>,
    pub column: usize,
    pub row: usize,
    pub filter: String,
    /// How many services pass the filter.
    pub shown: usize,
    /// Each service that shares its name with another (case, spacing and punctuation
    /// ignored), and the oldest other one.
    pub duplicates: HashMap<ServiceId, ServiceId>,
    selected: Option<ServiceId>,
    /// New localities the last Enter asked about: the same ones again confirm them.
    asked_localities: Vec<String>,
}

impl MapView {
    pub fn select(&mut self, id: ServiceId) {
        self.selected = Some(id);
    }
}

/// The coverage screen's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CoverageTab {
    #[default]
    Age,
    Sector,
    Locality,
    Gaps,
}

impl CoverageTab {
    pub const ALL: [CoverageTab; 4] = [
        CoverageTab::Age,
        CoverageTab::Sector,
        CoverageTab::Locality,
        CoverageTab::Gaps,
    ];

    pub fn title(self) -> &'static str {
        match self {
            CoverageTab::Age => "Age bands",
            CoverageTab::Sector => "Sectors",
            CoverageTab::Locality => "Localities",
            CoverageTab::Gaps => "Gaps",
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct CoverageView {
    pub tab: CoverageTab,
    /// The selected grid cell: grouping row and column.
    pub row: usize,
    pub col: usize,
    /// The selected line of the gaps list.
    pub gap: usize,
}

/// What the coverage screen shows, recounted whenever the map changes (never per frame).
#[derive(Debug, Clone, Default)]
pub struct Coverage {
    pub age: Option<Grid>,
    pub sector: Option<Grid>,
    pub locality: Option<Grid>,
    pub totals: Option<Totals>,
    pub gaps: Vec<Gap>,
}

impl Coverage {
    pub fn grid(&self, tab: CoverageTab) -> Option<&Grid> {
        match tab {
            CoverageTab::Age => self.age.as_ref(),
            CoverageTab::Sector => self.sector.as_ref(),
            CoverageTab::Locality => self.locality.as_ref(),
            CoverageTab::Gaps => None,
        }
    }
}

/// What `u` on the map takes back: a delete, or a merge — the record merged away comes back
/// and the one kept goes back to what it was.
#[derive(Debug, Clone)]
pub enum UndoService {
    Deleted(Service),
    Merged {
        gone: Service,
        /// The kept service as it was before, and what the merge made of it.
        kept: Box<Service>,
        merged: Box<ServiceFields>,
    },
    /// A typed line merged into a service already on the map: it goes back to what it was.
    Changed {
        before: Box<Service>,
        after: Box<ServiceFields>,
    },
}

/// A service typed while one of the same name is on the map: merge, add anyway, or go back.
#[derive(Debug, Clone)]
pub struct PendingService {
    pub line: String,
    pub fields: ServiceFields,
    pub existing: ServiceId,
}

impl Model {
    /// The sectors and localities this event knows, from its script.
    pub fn catalog(&self) -> Catalog {
        self.script
            .workshop
            .catalog()
            .with_localities(&self.record.localities)
    }

    /// Rebuilds the board's columns, duplicates and the coverage counts from the record,
    /// keeping the selection on the same service.
    /// The board and everything counted from the map: after any change to the services.
    pub fn refresh_map(&mut self) {
        self.refresh_board();
        self.recount();
    }

    /// The board's columns and selection, as the filter shows them. A filter changes what
    /// is shown, never what is counted: typing one does not recount the coverage.
    pub fn refresh_board(&mut self) {
        let catalog = self.catalog();
        let services = &self.record.services;
        let view = &mut self.map_view;
        let keep = view.selected.take().or_else(|| {
            let col = view.columns.get(view.column)?;
            col.items
                .get(view.row)
                .and_then(|&i| services.get(i))
                .map(|s| s.id)
        });
        let keep_grouping = view.columns.get(view.column).map(|c| c.grouping);

        let t = terms(&view.filter, &catalog);
        let shown: Vec<usize> = (0..services.len())
            .filter(|&i| service_matches(&services[i].fields, &t))
            .collect();
        view.shown = shown.len();
        let unplaced: Vec<usize> = shown
            .iter()
            .copied()
            .filter(|&i| services[i].fields.groupings.is_empty())
            .collect();
        let mut columns = Vec::with_capacity(6);
        if !unplaced.is_empty() {
            columns.push(MapColumn {
                grouping: None,
                items: unplaced,
            });
        }
        for g in Grouping::ALL {
            columns.push(MapColumn {
                grouping: Some(g),
                items: shown
                    .iter()
                    .copied()
                    .filter(|&i| services[i].fields.groupings.contains(g))
                    .collect(),
            });
        }
        view.columns = columns;

        // The selection stays on its service: in the same column if it is still there, else
        // in the first column that holds it. A service the filter hides gives way to the first
        // match; one that is gone, to the same row of the same column. Never an empty column
        // while any service is shown, so 1–5, Enter and d always have a service to act on.
        let holds = |c: &MapColumn, id| c.items.iter().any(|&i| services[i].id == id);
        let same_column =
            keep_grouping.and_then(|g| view.columns.iter().position(|c| c.grouping == g));
        let column = match keep {
            Some(id) => same_column
                .filter(|&c| holds(&view.columns[c], id))
                .or_else(|| view.columns.iter().position(|c| holds(c, id))),
            None => None,
        };
        match column {
            Some(c) => {
                view.column = c;
                view.row = view.columns[c]
                    .items
                    .iter()
                    .position(|&i| Some(services[i].id) == keep)
                    .unwrap_or(0);
            }
            None => {
                let here = same_column.unwrap_or(0).min(view.columns.len() - 1);
                let filtered_out = keep.is_some_and(|id| services.iter().any(|s| s.id == id));
                if view.columns[here].items.is_empty() {
                    view.column = view
                        .columns
                        .iter()
                        .position(|c| !c.items.is_empty())
                        .unwrap_or(here);
                    view.row = 0;
                } else {
                    view.column = here;
                    view.row = if filtered_out {
                        0
                    } else {
                        view.row.min(view.columns[here].items.len() - 1)
                    };
                }
            }
        }
    }

    /// What the map counts: duplicates, the coverage grids and the gaps.
    fn recount(&mut self) {
        let catalog = self.catalog();
        let services = &self.record.services;
        let view = &mut self.map_view;
        let mut first: KnownServices<ServiceId> = KnownServices::default();
        view.duplicates.clear();
        for s in services {
            match first.find(&s.fields) {
                Some(&other) => {
                    view.duplicates.insert(s.id, other);
                    view.duplicates.entry(other).or_insert(s.id);
                }
                None => first.insert(&s.fields, s.id),
            }
        }

        self.coverage = Coverage {
            age: Some(coverage::grid(services, &catalog, Dimension::Age)),
            sector: Some(coverage::grid(services, &catalog, Dimension::Sector)),
            locality: Some(coverage::grid(services, &catalog, Dimension::Locality)),
            totals: Some(coverage::totals(services)),
            gaps: coverage::gaps(services, &catalog),
        };
        let cv = &mut self.coverage_view;
        cv.gap = cv.gap.min(self.coverage.gaps.len().saturating_sub(1));
        if let Some(grid) = self.coverage.grid(cv.tab) {
            cv.col = cv.col.min(grid.columns.len().saturating_sub(1));
        }
    }

    pub fn selected_service(&self) -> Option<&Service> {
        let col = self.map_view.columns.get(self.map_view.column)?;
        let i = *col.items.get(self.map_view.row)?;
        self.record.services.get(i)
    }

    fn service_by_id(&self, id: ServiceId) -> Option<&Service> {
        self.record.services.iter().find(|s| s.id == id)
    }

    /// Puts a service written to the store into the record (or replaces it there).
    fn put_service(&mut self, service: Service) {
        match self.record.services.iter_mut().find(|s| s.id == service.id) {
            Some(s) => *s = service,
            None => self.record.services.push(service),
        }
    }

    // ---- writes

    /// The quick line: read it, refuse what cannot be read, and ask first when a service of
    /// the same name is already on the map.
    pub(super) fn add_service_line(&mut self, text: &str) -> Result<(), Unsaved> {
        let read = line::parse(text, &self.catalog());
        if let Some(problem) = read.problems.first() {
            return Err(problem.clone().into());
        }
        let mut asked = std::mem::take(&mut self.map_view.asked_localities);
        let confirmed = self.confirm_localities(&read.fields, &mut asked);
        self.map_view.asked_localities = asked;
        confirmed?;
        if let Some(existing) = self
            .record
            .services
            .iter()
            .find(|s| same_service(&s.fields, &read.fields))
        {
            let pending = PendingService {
                line: text.to_owned(),
                fields: read.fields,
                existing: existing.id,
            };
            self.push(Layer::Duplicate(Box::new(pending)));
            return Ok(());
        }
        self.add_service(read.fields)
    }

    /// A locality the event does not know yet is a typo until the facilitator says it is
    /// new: the first save asks (naming the known one it is near), the same save again
    /// confirms, and the new localities then belong to the event's map. `asked` keeps what
    /// was asked between the two.
    fn confirm_localities(
        &mut self,
        fields: &ServiceFields,
        asked: &mut Vec<String>,
    ) -> Result<(), Unsaved> {
        let unknown = self.catalog().unknown_localities(&fields.localities);
        if unknown.is_empty() {
            asked.clear();
            return Ok(());
        }
        let names: Vec<String> = unknown.iter().map(|(n, _)| n.clone()).collect();
        if *asked != names {
            *asked = names;
            let key = self.hint(super::keymap::Context::Editor, super::keymap::Action::Save);
            return Err(
                crate::map::new_locality_question(&unknown, &format!("{key} again")).into(),
            );
        }
        let now = self.now;
        self.write(|s, e| s.add_localities(e, &names, now))
            .map_err(|e| self.not_saved(&e))?;
        self.record.localities.extend(names);
        asked.clear();
        Ok(())
    }

    pub(super) fn add_service(&mut self, fields: ServiceFields) -> Result<(), Unsaved> {
        let now = self.now;
        let service = self
            .write(|s, e| s.add_service(e, &fields, now))
            .map_err(|e| self.not_saved(&e))?;
        let name = service.fields.name.clone();
        self.map_view.select(service.id);
        self.record.drafts.remove(&DraftSlot::NewService);
        self.put_service(service);
        self.refresh_map();
        let add = self.hint(super::keymap::Context::Map, Action::AddService);
        let (first, last) = (
            self.hint(super::keymap::Context::Map, Action::Toggle(1)),
            self.hint(super::keymap::Context::Map, Action::Toggle(5)),
        );
        self.say_for(
            format!(
                "✓ {} added · {} on the map · {first}–{last} place it · {add} adds another",
                crate::text::cut_to_width(&name, 30),
                self.record.services.len()
            ),
            TimeDelta::seconds(8),
        );
        Ok(())
    }

    /// The duplicate question answered: merge into the one on the map, or add it anyway.
    pub(super) fn resolve_pending(&mut self, merge: bool) {
        let Some(Layer::Duplicate(pending)) = self.pop() else {
            return;
        };
        if !merge {
            if let Err(e) = self.add_service(pending.fields.clone()) {
                self.say(e.to_string());
                self.push(Layer::Duplicate(pending));
            }
            return;
        }
        let Some(existing) = self.service_by_id(pending.existing).cloned() else {
            // Deleted meanwhile (another console): nothing to merge into.
            if let Err(e) = self.add_service(pending.fields) {
                self.say(e.to_string());
            }
            return;
        };
        let merged = existing.fields.merged(&pending.fields);
        let now = self.now;
        let before = existing.fields.clone();
        match self.write(|s, e| {
            s.discard_draft(e, DraftSlot::NewService)?;
            s.update_service(existing.id, &before, &merged, now)
        }) {
            Ok(service) => {
                self.record.drafts.remove(&DraftSlot::NewService);
                self.undo_service = Some(UndoService::Changed {
                    before: Box::new(existing.clone()),
                    after: Box::new(service.fields.clone()),
                });
                self.map_view.select(service.id);
                let name = service.fields.name.clone();
                self.put_service(service);
                self.refresh_map();
                self.say(format!(
                    "✓ merged into “{}”",
                    crate::text::cut_to_width(&name, 40)
                ));
            }
            Err(e) => {
                self.say(self.not_saved(&e));
                self.push(Layer::Duplicate(pending));
            }
        }
    }

    pub(super) fn toggle_grouping(&mut self, g: Grouping) {
        let Some(service) = self.selected_service().cloned() else {
            self.say("no service selected — add one first");
            return;
        };
        let on = !service.fields.groupings.contains(g);
        let now = self.now;
        match self.write(|s, _| s.set_grouping(service.id, g, on, now)) {
            Ok(updated) => {
                self.map_view.select(updated.id);
                let name = updated.fields.name.clone();
                self.put_service(updated);
                self.refresh_map();
                let said = if on { "now in" } else { "taken out of" };
                self.say(format!(
                    "{} {said} {} {}",
                    crate::text::cut_to_width(&name, 30),
                    g.number(),
                    g.short_name()
                ));
            }
            Err(crate::event::store::StoreError::Gone) => {
                self.say(format!(
                    "“{}” was deleted in another console — nothing placed",
                    crate::text::cut_to_width(&service.fields.name, 30)
                ));
                self.sync_now();
            }
            Err(e) => self.say(self.not_saved(&e)),
        }
    }

    pub(super) fn save_form(&mut self) {
        let Some(mut form) = self.take_form() else {
            return;
        };
        let fields = match form.read(&self.catalog()) {
            Ok(f) => f,
            Err((field, problem)) => {
                form.focus = field;
                form.problem = Some(problem);
                self.push(Layer::Form(Box::new(form)));
                return;
            }
        };
        if let Err(question) = self.confirm_localities(&fields, &mut form.asked_localities) {
            form.focus = FormField::Locality;
            form.problem = Some(question.to_string());
            self.push(Layer::Form(Box::new(form)));
            return;
        }
        let now = self.now;
        let result = match form.id {
            Some(id) => {
                let before = form.before.clone();
                let check = crate::event::store::Check::Clashes;
                self.write(|s, _| s.save_service(id, &before, &fields, now, check))
            }
            None => self.write(|s, e| s.add_service(e, &fields, now)),
        };
        match result {
            Ok(service) => {
                self.map_view.select(service.id);
                self.put_service(service);
                self.refresh_map();
                self.say(format!(
                    "✓ {} saved",
                    crate::text::cut_to_width(&fields.name, 40)
                ));
            }
            Err(e) => {
                if let Some(id) = form.id {
                    let target = super::clash::Target::Service {
                        id,
                        before: Box::new(form.before.clone()),
                        mine: Box::new(fields),
                    };
                    if self.ask_clash(target, &e) {
                        self.under_top(Layer::Form(Box::new(form)));
                        return;
                    }
                }
                form.problem = Some(self.not_saved(&e));
                self.push(Layer::Form(Box::new(form)));
            }
        }
    }

    pub(super) fn delete_service(&mut self, id: ServiceId) {
        let now = self.now;
        // What is selected after: the next service of the column (else the one before), by id.
        let col = self.map_view.columns.get(self.map_view.column);
        let neighbour = col.and_then(|c| {
            let at = self.map_view.row;
            c.items
                .get(at + 1)
                .or_else(|| at.checked_sub(1).and_then(|b| c.items.get(b)))
                .and_then(|&i| self.record.services.get(i))
                .map(|s| s.id)
        });
        match self.write(|s, _| s.delete_service(id, now)) {
            Ok(()) => {
                if let Some(next) = neighbour {
                    self.map_view.select(next);
                }
                if let Some(i) = self.record.services.iter().position(|s| s.id == id) {
                    self.undo_service = Some(UndoService::Deleted(self.record.services.remove(i)));
                }
                self.refresh_map();
                let key = self.hint(super::keymap::Context::Map, Action::Undo);
                self.say(format!("service deleted · {key} undoes"));
            }
            Err(e) => self.say(self.not_saved(&e)),
        }
    }

    pub(super) fn undo_service_delete(&mut self) {
        let Some(undo) = self.undo_service.take() else {
            self.say("nothing to undo");
            return;
        };
        let now = self.now;
        if let UndoService::Changed { before, after } = &undo {
            match self.write(|s, _| s.update_service(before.id, after, &before.fields, now)) {
                Ok(service) => {
                    self.map_view.select(service.id);
                    self.put_service(service);
                    self.refresh_map();
                    self.say("✓ merge undone: the service is as it was");
                }
                Err(e) => {
                    self.say(self.not_saved(&e));
                    self.undo_service = Some(undo);
                }
            }
            return;
        }
        let result = match &undo {
            UndoService::Changed { .. } => return,
            UndoService::Deleted(service) => self
                .write(|s, _| s.undelete_service(service.id))
                .map(|()| None),
            UndoService::Merged { gone, kept, merged } => self
                .write(|s, _| {
                    s.undelete_service(gone.id)?;
                    s.update_service(kept.id, merged, &kept.fields, now)
                })
                .map(Some),
        };
        match result {
            Ok(restored) => {
                let (service, said) = match undo {
                    UndoService::Deleted(service) => (service, "✓ service restored"),
                    UndoService::Merged { gone, .. } => (gone, "✓ merge undone: both as they were"),
                    UndoService::Changed { .. } => return,
                };
                if let Some(kept) = restored {
                    self.put_service(kept);
                }
                let at = self.record.services.partition_point(|s| s.id < service.id);
                self.map_view.select(service.id);
                self.record.services.insert(at, service);
                self.refresh_map();
                self.say(said);
            }
            Err(e) => {
                self.undo_service = Some(undo);
                self.say(self.not_saved(&e));
            }
        }
    }

    /// Merges the selected service with the other of the same name: the older one keeps
    /// everything from both, the newer is deleted (and `undo` brings it back).
    pub(super) fn merge_selected(&mut self) {
        let Some(selected) = self.selected_service().cloned() else {
            return;
        };
        let Some(other) = self
            .map_view
            .duplicates
            .get(&selected.id)
            .and_then(|&id| self.service_by_id(id))
            .cloned()
        else {
            self.say("no other service has this name — nothing to merge");
            return;
        };
        let (keep, gone) = if selected.id < other.id {
            (selected, other)
        } else {
            (other, selected)
        };
        let now = self.now;
        match self.write(|s, _| s.merge_services(&keep, &gone, now)) {
            Ok(merged) => {
                self.record.services.retain(|s| s.id != gone.id);
                self.undo_service = Some(UndoService::Merged {
                    gone,
                    kept: Box::new(keep),
                    merged: Box::new(merged.fields.clone()),
                });
                self.map_view.select(merged.id);
                let name = merged.fields.name.clone();
                self.put_service(merged);
                self.refresh_map();
                let key = self.hint(super::keymap::Context::Map, Action::Undo);
                self.say(format!(
                    "✓ merged into “{}” · {key} brings the other back",
                    crate::text::cut_to_width(&name, 30)
                ));
            }
            Err(e) => self.say(self.not_saved(&e)),
        }
    }

    /// The gap on the coverage screen's cursor, if the cursor is on one.
    pub fn selected_gap(&self) -> Option<Gap> {
        let view = &self.coverage_view;
        if view.tab == CoverageTab::Gaps {
            return self.coverage.gaps.get(view.gap).cloned();
        }
        let grid = self.coverage.grid(view.tab)?;
        let grouping = *Grouping::ALL.get(view.row)?;
        grid.gap(grouping, view.col, &self.record.services)
    }

    /// One key turns a gap into an action, tagged with its grouping.
    pub(super) fn gap_to_action(&mut self) {
        let Some(gap) = self.selected_gap() else {
            self.say("this cell is not a gap: it has more than one service");
            return;
        };
        let text = gap.action_text();
        if let Some(a) = self.record.actions.iter().find(|a| a.text == text) {
            let id = a.id;
            self.actions_view.select(id);
            let show = self.hint(super::keymap::Context::Everywhere, Action::ShowActions);
            self.say(format!("already an action — {show} shows it"));
            return;
        }
        let fields = ActionFields {
            text,
            grouping: Some(gap.grouping),
            ..ActionFields::default()
        };
        let (now, segment) = (self.now, self.segment_id());
        match self.write(|s, e| s.add_action(e, &fields, segment.as_deref(), now)) {
            Ok(action) => {
                self.actions_view.select(action.id);
                self.record.actions.push(action);
                self.refresh_lists();
                let key = self.hint(super::keymap::Context::Everywhere, Action::ShowActions);
                self.say_for(
                    format!(
                        "✓ action: {} · {key} to add an owner",
                        crate::text::cut_to_width(&fields.text, 50)
                    ),
                    TimeDelta::seconds(8),
                );
            }
            Err(e) => self.say(self.not_saved(&e)),
        }
    }

    /// Whether a gap has been turned into an action already.
    pub fn gap_has_action(&self, gap: &Gap) -> bool {
        let text = gap.action_text();
        self.record.actions.iter().any(|a| a.text == text)
    }
}

/// Keys on the board.
pub(super) fn board(model: &mut Model, action: Action) {
    let view = &mut model.map_view;
    let columns = view.columns.len();
    let len = |v: &MapView, c: usize| v.columns.get(c).map_or(0, |c| c.items.len());
    match action {
        Action::Left | Action::Right => {
            let by = if action == Action::Left { -1 } else { 1 };
            let id = model.selected_service().map(|s| s.id);
            let view = &mut model.map_view;
            let to = step(view.column, columns, by);
            // Onto the same service if it is in that column too, else the same row.
            let same = id.and_then(|id| {
                view.columns[to]
                    .items
                    .iter()
                    .position(|&i| model.record.services[i].id == id)
            });
            view.column = to;
            view.row = same
                .unwrap_or(view.row)
                .min(len(view, to).saturating_sub(1));
        }
        _ => view.row = super::lists::moved(action, view.row, len(view, view.column)),
    }
    match action {
        Action::AddService => super::open_editor(model, DraftSlot::NewService, ""),
        Action::Toggle(n) => {
            if let Some(g) = Grouping::from_number(i64::from(n)) {
                model.toggle_grouping(g);
            }
        }
        Action::Edit => {
            if let Some(s) = model.selected_service() {
                model.push(Layer::Form(Box::new(ServiceForm::new(
                    Some(s.id),
                    &s.fields,
                ))));
            }
        }
        Action::Delete => {
            if let Some(s) = model.selected_service() {
                model.push(Layer::ConfirmDeleteService(s.id));
            }
        }
        Action::Undo => model.undo_service_delete(),
        Action::Merge => model.merge_selected(),
        Action::Filter => model.open_filter(super::editor::List::Map),
        _ => {}
    }
}

/// Keys on the coverage screen.
pub(super) fn coverage_keys(model: &mut Model, action: Action) {
    let rows = Grouping::ALL.len();
    let cols = model
        .coverage
        .grid(model.coverage_view.tab)
        .map_or(0, |g| g.columns.len());
    let gaps = model.coverage.gaps.len();
    let view = &mut model.coverage_view;
    match action {
        Action::Open(n) => {
            if let Some(&tab) = CoverageTab::ALL.get(usize::from(n).saturating_sub(1)) {
                view.tab = tab;
            }
        }
        Action::NextTab => {
            let at = CoverageTab::ALL
                .iter()
                .position(|t| *t == view.tab)
                .unwrap_or(0);
            view.tab = crate::thrive::cycled(&CoverageTab::ALL, at, 1);
        }
        Action::GapAction => model.gap_to_action(),
        Action::Candidate => model.gap_to_candidate(),
        _ if view.tab == CoverageTab::Gaps => {
            view.gap = super::lists::moved(action, view.gap, gaps)
        }
        Action::Up => view.row = step(view.row, rows, -1),
        Action::Down => view.row = step(view.row, rows, 1),
        Action::Left => view.col = step(view.col, cols, -1),
        Action::Right => view.col = step(view.col, cols, 1),
        _ => {}
    }
    let cols = model
        .coverage
        .grid(model.coverage_view.tab)
        .map_or(0, |g| g.columns.len());
    model.coverage_view.col = model.coverage_view.col.min(cols.saturating_sub(1));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::Ages;

    fn fields(name: &str, line_rest: &str) -> ServiceFields {
        let catalog = Catalog::with(&[], &["West".into(), "North".into()]);
        line::parse(&format!("{name} {line_rest}"), &catalog).fields
    }

    #[test]
    fn filter_words_read_sector_locality_age_and_groupings() {
        let catalog = Catalog::with(&[], &["West".into(), "North".into()]);
        let kooth = fields(
            "Kooth",
            "/ Kooth plc / voluntary / 11-25 / online / @All / #2 #3",
        );
        let nurses = fields("School nurses", "/ NHS / 5-18 / West / #2");
        let m = |f: &str, s: &ServiceFields| service_matches(s, &terms(f, &catalog));
        assert!(m("voluntary", &kooth) && !m("voluntary", &nurses));
        assert!(
            m("west", &nurses) && m("west", &kooth),
            "site-wide counts in West"
        );
        assert!(m("@north", &kooth) && !m("@north", &nurses));
        assert!(m("age:7", &nurses) && !m("7", &kooth));
        assert!(m("16-17", &kooth) && m("16-17", &nurses) && !m("19-25", &nurses));
        assert!(m("#3", &kooth) && !m("#3", &nurses));
        assert!(m("plc online", &kooth) && !m("plc nurses", &kooth));
        assert!(m("unplaced", &fields("Youth club", "")));
    }

    /// A locality of two words filters as one, and site-wide services show under it.
    #[test]
    fn a_two_word_locality_filters_whole_with_the_site_wide_services() {
        let catalog = Catalog::with(&[], &["Saltby Coast".into(), "West".into()]);
        let line = |l: &str| line::parse(l, &catalog).fields;
        let club = line("Youth club / @Saltby Coast");
        let kooth = line("Kooth / @All");
        let west = line("Nurses / @West");
        let m = |f: &str, s: &ServiceFields| service_matches(s, &terms(f, &catalog));
        for filter in ["Saltby Coast", "@saltby coast", "locality:Saltby Coast"] {
            assert!(m(filter, &club), "{filter}");
            assert!(m(filter, &kooth), "{filter}: site-wide counts there");
            assert!(!m(filter, &west), "{filter}");
        }
    }

    #[test]
    fn the_form_reads_and_refuses_like_the_line() {
        let catalog = Catalog::with(&[], &["West".into()]);
        let mut form = ServiceForm::new(None, &fields("Kooth", "/ voluntary / 11-25"));
        assert_eq!(
            form.read(&catalog).map(|f| f.ages),
            Ok(Some(Ages { from: 11, to: 25 }))
        );
        form.focus = FormField::Ages;
        if let Some(a) = form.input_mut() {
            a.insert_str("0");
        }
        let (field, problem) = form.read(&catalog).expect_err("11-250 is refused");
        assert_eq!(field, FormField::Ages);
        assert!(problem.contains("0–25"), "{problem}");
    }
}
