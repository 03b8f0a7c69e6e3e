//! The full form of one service, open over the board: its fields, reading them back into a
//! service, and its keys.

use ratatui_textarea::TextArea;

use crate::map::{Ages, Catalog, Groupings, Localities, ServiceFields, ServiceId, find_route};

/// The fields of the full edit form, in the order Tab visits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormField {
    Name,
    Provider,
    Sector,
    Groupings,
    Ages,
    Locality,
    Route,
    Notes,
}

impl FormField {
    pub const ALL: [FormField; 8] = [
        FormField::Name,
        FormField::Provider,
        FormField::Sector,
        FormField::Groupings,
        FormField::Ages,
        FormField::Locality,
        FormField::Route,
        FormField::Notes,
    ];

    pub fn label(self) -> &'static str {
        match self {
            FormField::Name => "Name",
            FormField::Provider => "Provider",
            FormField::Sector => "Sector",
            FormField::Groupings => "Groupings",
            FormField::Ages => "Ages",
            FormField::Locality => "Locality",
            FormField::Route => "Access route",
            FormField::Notes => "Contact, notes",
        }
    }
}

/// One service in a form, a field per line.
#[derive(Debug, Clone)]
pub struct ServiceForm {
    /// `None` for a service not on the map yet.
    pub id: Option<ServiceId>,
    /// The fields as they were when the form opened: only what changed here is written.
    pub before: ServiceFields,
    /// One input per field but Groupings, in [`FormField::ALL`] order.
    pub inputs: Vec<TextArea<'static>>,
    pub groupings: Groupings,
    pub focus: FormField,
    pub problem: Option<String>,
    /// New localities the last save asked about: saving the same ones again confirms them.
    pub asked_localities: Vec<String>,
}

impl ServiceForm {
    pub fn new(id: Option<ServiceId>, fields: &ServiceFields) -> ServiceForm {
        let texts = [
            fields.name.clone(),
            fields.provider.clone(),
            fields.sector.clone().unwrap_or_default(),
            fields.ages.map(|a| a.to_string()).unwrap_or_default(),
            fields.localities.to_string(),
            fields.access_route.clone(),
            fields.notes.replace('\n', " "),
        ];
        let inputs = texts
            .into_iter()
            .map(|t| {
                let mut area = TextArea::new(vec![t]);
                area.move_cursor(ratatui_textarea::CursorMove::End);
                area
            })
            .collect();
        ServiceForm {
            id,
            before: if id.is_some() {
                fields.clone()
            } else {
                ServiceFields::default()
            },
            inputs,
            groupings: fields.groupings,
            focus: FormField::Name,
            problem: None,
            asked_localities: Vec::new(),
        }
    }

    fn index(field: FormField) -> Option<usize> {
        let i = FormField::ALL.iter().position(|f| *f == field)?;
        match field {
            FormField::Groupings => None,
            _ if i > 3 => Some(i - 1),
            _ => Some(i),
        }
    }

    pub fn input(&self, field: FormField) -> Option<&TextArea<'static>> {
        self.inputs.get(Self::index(field)?)
    }

    pub fn input_mut(&mut self) -> Option<&mut TextArea<'static>> {
        let i = Self::index(self.focus)?;
        self.inputs.get_mut(i)
    }

    pub fn text(&self, field: FormField) -> String {
        self.input(field)
            .map(|a| a.lines().join(" ").trim().to_owned())
            .unwrap_or_default()
    }

    pub fn step(&mut self, by: isize) {
        let at = FormField::ALL
            .iter()
            .position(|f| *f == self.focus)
            .unwrap_or(0);
        self.focus = crate::thrive::cycled(&FormField::ALL, at, by);
    }

    /// The fields as written, or the first that cannot be read and why.
    pub fn read(&self, catalog: &Catalog) -> Result<ServiceFields, (FormField, String)> {
        let name = self.text(FormField::Name);
        if name.is_empty() {
            return Err((FormField::Name, "a service needs a name".into()));
        }
        let sector = match self.text(FormField::Sector) {
            s if s.is_empty() => None,
            s => Some(
                catalog
                    .sector(&s)
                    .map_err(|e| (FormField::Sector, e.to_string()))?,
            ),
        };
        let ages = Ages::parse(&self.text(FormField::Ages))
            .map_err(|e| (FormField::Ages, e.to_string()))?;
        let locality = self.text(FormField::Locality);
        let route = self.text(FormField::Route);
        Ok(ServiceFields {
            name,
            provider: self.text(FormField::Provider),
            sector,
            groupings: self.groupings,
            ages,
            localities: Localities::parse(&locality).spelled(catalog),
            access_route: find_route(&route).map(str::to_owned).unwrap_or(route),
            notes: self.text(FormField::Notes),
            // The directory's record is not the team's to type: it stays as it was.
            directory: self.before.directory.clone(),
        })
    }
}
