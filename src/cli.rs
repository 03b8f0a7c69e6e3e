//! The command line: `thrive [SCRIPT]`, `check`, `render`, `events`, `import`, `export`,
//! `import-event`.
//! Each command returns its exit code; nothing here draws on a live terminal except by calling
//! `terminal::run`, and that only after the script, config and database have all opened.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::app::{Day, Model, Screen, config};
use crate::diagnostic::{Problem, Report};
use crate::event::AgendaRun;
use crate::event::store::{self, Store, StoreError};
use crate::script::{self, Script};
use crate::thrive::Grouping;
use crate::ui::theme::{Theme, ThemeName};

mod directory;
mod outputs;
pub use outputs::{export, import_event};

/// Exit code for bad input (a script, a key config, a size): the user can fix it.
pub const EXIT_BAD_INPUT: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "thrive",
    version,
    about = "A terminal console for THRIVE Framework workshops: agenda, groupings, principles."
)]
pub struct Cli {
    /// Workshop script to open (default: the bundled engagement event).
    pub script: Option<PathBuf>,

    #[command(flatten)]
    pub look: LookArgs,

    #[command(flatten)]
    pub data: DataArgs,

    /// Start another event, even if this script was already run today (the default resumes it).
    #[arg(long, conflicts_with = "join")]
    pub new_event: bool,

    /// Rehearse before the day, without asking: the clock set to the script's day and start
    /// time; nothing it records is carried into the series.
    #[arg(long, conflicts_with_all = ["join", "prepare", "run_today"])]
    pub rehearse: bool,

    /// Open the real event before its day, without asking: its map, imports and notes; the
    /// agenda waits for the day.
    #[arg(long, conflicts_with_all = ["join", "run_today"])]
    pub prepare: bool,

    /// Run the script as today's event although it names another date.
    #[arg(long, conflicts_with = "join")]
    pub run_today: bool,

    #[command(flatten)]
    pub clock: ClockArgs,

    /// Join an event another console is running on the same database — its latest, or the one
    /// named by id or date — e.g. a team mapping services at a second terminal.
    #[arg(
        long,
        value_name = "EVENT",
        num_args = 0..=1,
        default_missing_value = "",
        conflicts_with = "script"
    )]
    pub join: Option<String>,

    /// With --join: this console may move the shared agenda too (start, pause, next, the
    /// clock). Without it a joined console is for the map and notes.
    #[arg(long)]
    pub drive: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, clap::Args)]
pub struct DataArgs {
    /// The event database (default: thrive.db in the user's data folder).
    #[arg(long, env = "THRIVE_DB", global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
}

impl DataArgs {
    fn path(&self) -> Option<PathBuf> {
        self.db.clone().or_else(store::default_path)
    }
}

#[derive(Debug, clap::Args)]
pub struct ClockArgs {
    /// The date to take as today (YYYY-MM-DD), instead of the computer's: for a laptop set
    /// wrong, and for tests.
    #[arg(long, env = "THRIVE_TODAY", global = true, value_name = "DATE")]
    pub today: Option<chrono::NaiveDate>,
}

#[derive(Debug, clap::Args)]
pub struct LookArgs {
    /// Colours: auto keeps the terminal's background; light suits a washed-out projector.
    #[arg(long, value_enum, global = true)]
    pub theme: Option<ThemeName>,

    /// Key configuration file (default: config.toml in the user's config folder).
    #[arg(long, env = "THRIVE_CONFIG", global = true)]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate workshop scripts; every problem is named FILE:LINE:COL with how to fix it.
    Check {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Draw one screen as plain text, without a terminal.
    Render(RenderArgs),
    /// Bring services in from a spreadsheet export (CSV) onto an event's map. Every bad row
    /// is named by line; with any bad row nothing is imported unless --skip-bad is given.
    Import(ImportArgs),
    /// List the recorded events: date, site, title, notes and open actions.
    Events {
        /// Print them as JSON, for scripts.
        #[arg(long)]
        json: bool,
        /// Only the events of this series (as the scripts name it; case and spacing ignored).
        #[arg(long, value_name = "NAME")]
        series: Option<String>,
    },
    /// Write an event's actions, notes, services or report to files: CSV for a spreadsheet,
    /// Markdown to read, ICS for a calendar, HTML (or PDF) to look at, JSON or TOML for
    /// another thrive. Without --what and --format: actions.csv, actions.md, actions.ics,
    /// report.md and report.html in a folder named after the event.
    Export(ExportArgs),
    /// Read an event exported as JSON or TOML into this database, as a new event with
    /// everything it recorded.
    ImportEvent {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// The room's view for the projector: follows the console driving the event on the same
    /// database, within a second, and never shows anything private. Read-only; q quits.
    Present {
        /// The event: an id or a date from `thrive events` (default: the one a console is
        /// running today).
        #[arg(value_name = "EVENT")]
        event: Option<String>,
    },
    /// Remove rehearsals with everything they recorded: those of SCRIPT, or every one. Real
    /// events are never touched.
    RemoveRehearsals {
        #[arg(value_name = "SCRIPT")]
        script: Option<PathBuf>,
    },
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The event: an id or a date from `thrive events` (default: the latest).
    #[arg(value_name = "EVENT")]
    pub event: Option<String>,

    /// What to write (default: all).
    #[arg(long, value_enum)]
    pub what: Option<crate::export::What>,

    /// The format (default: csv for actions and services, md for notes and the report; for
    /// all, the five files of the default set).
    #[arg(long, value_enum)]
    pub format: Option<crate::export::Format>,

    /// Where to write: a file, a folder, or - for the terminal (default: a folder named after
    /// the event, in this folder).
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Write over earlier files of the same name (without it an earlier export is never
    /// written over: the new files go beside it, numbered).
    #[arg(long)]
    pub replace: bool,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// What to import, known by its content: a CSV file with the header
    /// name,provider,sector,groupings,age_from,age_to,locality,access_route,notes; or the
    /// area's directory in the Open Referral UK standard (HSDS 3.0) — service list pages
    /// saved from its API (several files, or a folder of them), a single service, or a
    /// tabular data package (its folder, its datapackage.json, or a .zip).
    #[arg(value_name = "FILE", required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,

    /// The event whose map gets the services: an id or a date from `thrive events`
    /// (default: the latest event).
    #[arg(long, value_name = "EVENT", conflicts_with = "script")]
    pub event: Option<String>,

    /// Import into today's event of this workshop script, starting it if need be.
    #[arg(long, value_name = "SCRIPT")]
    pub script: Option<PathBuf>,

    /// Import the good rows even when some are bad (they are still listed).
    #[arg(long)]
    pub skip_bad: bool,

    /// Only check the file: report what would be imported, change nothing.
    #[arg(long)]
    pub check: bool,

    /// A locality the event does not list yet, to add to its map (repeat for several): a
    /// name not listed is otherwise a bad row, so a typo never becomes a place of its own.
    #[arg(long, value_name = "NAME")]
    pub new_locality: Vec<String>,

    /// From a directory: bring in services it marks inactive, defunct or temporarily closed
    /// too (they are marked on the map); without it they are listed and left out.
    #[arg(long)]
    pub include_inactive: bool,
}

/// What `render --screen` draws: each screen, each coverage tab, and help. The names are
/// clap's, so `--help` and a wrong name list them from this one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RenderScreen {
    Agenda,
    Groupings,
    #[value(name = "grouping-1")]
    Grouping1,
    #[value(name = "grouping-2")]
    Grouping2,
    #[value(name = "grouping-3")]
    Grouping3,
    #[value(name = "grouping-4")]
    Grouping4,
    #[value(name = "grouping-5")]
    Grouping5,
    Principles,
    Notes,
    Actions,
    Review,
    Map,
    #[value(alias = "coverage-age")]
    Coverage,
    CoverageSector,
    CoverageLocality,
    Gaps,
    Assessment,
    Priorities,
    Help,
}

#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// The screen to draw.
    #[arg(long, value_enum, default_value = "agenda")]
    pub screen: RenderScreen,

    /// COLSxROWS
    #[arg(long, default_value = "120x40")]
    pub size: String,

    /// Show the event as it would stand at this time of day if it ran to plan (HH:MM).
    #[arg(long, value_name = "HH:MM")]
    pub at: Option<String>,

    /// Show the facilitator's private prompts panel.
    #[arg(long)]
    pub prompts: bool,

    /// Draw what the room sees of that screen (`thrive present`'s view) instead of the
    /// console's.
    #[arg(long, conflicts_with = "prompts")]
    pub room: bool,

    /// Workshop script (default: the bundled engagement event).
    pub script: Option<PathBuf>,
}

pub fn main() -> ExitCode {
    // Before anything touches the terminal, so ratatui's panic hook chains onto this one.
    let _ = color_eyre::install();
    let cli = Cli::parse();
    let mut out = std::io::stdout();
    let mut err = std::io::stderr();
    // A folder missing from a path the user gave is refused, never made: an unplugged USB
    // stick must not turn into a folder on the laptop. (The default data folder is made.)
    // Reading commands too: "no events in it" of a stick that is not plugged in would mislead.
    let uses_db = !matches!(cli.command, Some(Command::Check { .. }));
    if uses_db && cli.data.db.as_deref() == Some(Path::new("-")) {
        return refuse(
            &mut err,
            Problem::new("-", "a database is a file, not standard input")
                .help("give --db the path of a .db file"),
        );
    }
    let given = [
        cli.data.db.as_deref().filter(|_| uses_db),
        match &cli.command {
            Some(Command::Export(a)) => a.output.as_deref().filter(|o| *o != Path::new("-")),
            _ => None,
        },
    ];
    for path in given.into_iter().flatten() {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.is_dir()
        {
            return refuse(
                &mut err,
                Problem::new(
                    path.display().to_string(),
                    format!("the folder {} does not exist", dir.display()),
                )
                .help("check the path (is the drive or stick plugged in?), or create the folder first"),
            );
        }
    }
    if let Some(today) = cli.clock.today {
        let now = crate::terminal::wall_clock();
        crate::terminal::set_clock(today.and_time(now.time()));
    }
    match cli.command {
        Some(Command::Check { files }) => check(&files, &mut out, &mut err),
        Some(Command::Render(args)) => render(&args, &cli.look, &cli.data, &mut out, &mut err),
        Some(Command::Events { json, series }) => {
            events(&cli.data, json, series.as_deref(), &mut out, &mut err)
        }
        Some(Command::Export(args)) => export(&args, &cli.data, &mut out, &mut err),
        Some(Command::ImportEvent { file }) => import_event(&file, &cli.data, &mut out, &mut err),
        Some(Command::RemoveRehearsals { script }) => {
            remove_rehearsals(script.as_deref(), &cli.data, &mut out, &mut err)
        }
        Some(Command::Import(args)) => import(&args, &cli.data, &mut out, &mut err),
        Some(Command::Present { event }) => present(event, &cli.look, &cli.data, &mut err),
        None if cli.drive && cli.join.is_none() => refuse(
            &mut err,
            Problem::new("", "--drive is for a console joined to another's event")
                .help("thrive --join --drive"),
        ),
        None => match &cli.join {
            Some(event) => join(event, cli.drive, &cli.look, &cli.data, &mut err),
            None => {
                let chosen = if cli.rehearse {
                    Some(Day::Rehearsal)
                } else if cli.prepare {
                    Some(Day::Preparing)
                } else if cli.run_today {
                    Some(Day::OnTheDay)
                } else {
                    None
                };
                console(
                    cli.script.as_deref(),
                    &cli.look,
                    &cli.data,
                    cli.new_event,
                    chosen,
                    &mut err,
                )
            }
        },
    }
}

/// Where a console's script comes from.
enum ScriptFrom<'a> {
    /// A file, or the bundled example.
    File(Option<&'a Path>),
    /// The copy an event keeps in the database (a joined console), named for messages.
    Event { label: &'a str, text: String },
}

/// The start-up every console shares: the user's config (keys, theme), then the script,
/// each refused with its report the way `check` does; then the model, before the terminal
/// or any database is touched. Returns the script's text too, for the copy the event keeps.
fn prepare(
    from: ScriptFrom<'_>,
    look: &LookArgs,
    now: chrono::NaiveDateTime,
) -> Result<(Model, String), Report> {
    let config = config::load(look.config.as_deref())?;
    let (script, text) = match from {
        ScriptFrom::File(Some(p)) => script::load_with_text(p)?,
        ScriptFrom::File(None) => (
            script::parse(script::EXAMPLE_NAME, script::EXAMPLE.as_bytes())?,
            script::EXAMPLE.to_owned(),
        ),
        ScriptFrom::Event { label, text } => (script::parse(label, text.as_bytes())?, text),
    };
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme_name = look.theme.or(config.theme).unwrap_or(ThemeName::Auto);
    let mut model = Model::new(script, config.keymap, Theme::new(theme_name, no_color), now);
    model.bell = config.bell;
    Ok((model, text))
}

fn no_data_folder() -> StoreError {
    StoreError::Open {
        path: PathBuf::from("thrive.db"),
        detail: "there is no data folder for this user".into(),
    }
}

fn console(
    script_path: Option<&Path>,
    look: &LookArgs,
    data: &DataArgs,
    new_event: bool,
    chosen: Option<Day>,
    err: &mut dyn Write,
) -> ExitCode {
    let from = ScriptFrom::File(script_path);
    let (mut model, text) = match prepare(from, look, crate::terminal::wall_clock()) {
        Ok(m) => m,
        Err(report) => {
            let _ = write!(err, "{report}");
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let w = &model.script.workshop;
    let today = model.now.date();
    let day = match chosen {
        Some(day) => day,
        None if today == w.date => Day::OnTheDay,
        None => match ask_which_day(&w.title, w.date, w.start, today, err) {
            Ok(day) => day,
            Err(code) => return ExitCode::from(code),
        },
    };
    if day == Day::Rehearsal {
        // The agenda runs as it will on the day.
        crate::terminal::set_clock(w.date.and_time(w.start));
        model.now = crate::terminal::wall_clock();
    }
    model.day = day;
    // Exports go beside the script: where the facilitator keeps the event's files.
    if let Some(dir) = script_path
        .and_then(Path::parent)
        .filter(|d| !d.as_os_str().is_empty())
    {
        model.export_dir = dir.to_path_buf();
    }
    let Some(path) = data.path() else {
        return refuse(err, no_data_folder());
    };
    // An existing database is checked before anything else, so a damaged or newer one is
    // named even without a terminal; a missing one is only created once there is a terminal.
    let existing = if path.exists() {
        match Store::open(&path) {
            Ok(store) => Some(store),
            Err(e) => return refuse(err, e),
        }
    } else {
        None
    };
    if let Err(code) = need_terminal(err) {
        return code;
    }
    let opened = match existing {
        Some(store) => Ok(store),
        None => Store::open(&path),
    }
    .and_then(|store| model.open_event(store, &text, new_event));
    if let Err(e) = opened {
        return refuse(err, e);
    }
    run_console(model, err)
}

/// A console needs a terminal to draw on; said in one line, before anything is created.
fn need_terminal(err: &mut dyn Write) -> Result<(), ExitCode> {
    crate::terminal::check_terminal().map_err(|e| {
        let _ = writeln!(err, "thrive: {e}");
        ExitCode::FAILURE
    })
}

/// The console's event is open: offer what an earlier run left unsaved, then run until quit.
fn run_console(mut model: Model, err: &mut dyn Write) -> ExitCode {
    crate::app::offer_recovered(&mut model);
    match crate::terminal::run(model) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(err, "thrive: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// `thrive --join`: a second console on an event already in the database, with the script
/// copy the event keeps (the script file need not be on this machine).
fn join(
    event: &str,
    drive: bool,
    look: &LookArgs,
    data: &DataArgs,
    err: &mut dyn Write,
) -> ExitCode {
    let Some(path) = data.path() else {
        return refuse(err, no_data_folder());
    };
    let shown = crate::text::printable(&path.display().to_string());
    if !path.exists() {
        return refuse(
            err,
            Problem::new(&shown, "there is no event database here to join").help(
                "start the event first (thrive SCRIPT), and give both consoles the same --db",
            ),
        );
    }
    let store = match Store::open(&path) {
        Ok(s) => s,
        Err(e) => return refuse(err, e),
    };
    let spec = Some(event).filter(|e| !e.trim().is_empty());
    let info = match store.find_event(spec) {
        Ok(Some(info)) => info,
        Ok(None) => {
            let what = spec.map_or("no event has been started in it yet".to_owned(), |s| {
                format!("it has no event {}", crate::text::printable(s))
            });
            return refuse(
                err,
                Problem::new(&shown, format!("nothing to join: {what}")).help(
                    "thrive events lists the events; --join takes an id or a date (2026-12-03)",
                ),
            );
        }
        Err(e) => return refuse(err, e),
    };
    let text = match store.script_text(info.id) {
        Ok(t) => t,
        Err(e) => return refuse(err, e),
    };
    let label = format!("event {}'s script", info.id);
    let from = ScriptFrom::Event {
        label: &label,
        text,
    };
    let mut model = match prepare(from, look, crate::terminal::wall_clock()) {
        Ok((model, _)) => model,
        Err(report) => {
            let _ = write!(err, "{report}");
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    if let Err(code) = need_terminal(err) {
        return code;
    }
    model.seat = if drive {
        crate::app::Seat::JoinedDriving
    } else {
        crate::app::Seat::Joined
    };
    if let Err(e) = model.join_event(store, info) {
        return refuse(err, e);
    }
    run_console(model, err)
}

/// `thrive present`: the projector's process, reading what the console writes.
fn present(
    event: Option<String>,
    look: &LookArgs,
    data: &DataArgs,
    err: &mut dyn Write,
) -> ExitCode {
    let Some(path) = data.path() else {
        return refuse(err, no_data_folder());
    };
    let config = match config::load(look.config.as_deref()) {
        Ok(c) => c,
        Err(report) => {
            let _ = write!(err, "{report}");
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    // A database that cannot be the room's at all is said at once, not shown as waiting.
    // (An older thrive's is shown as waiting for the console, which brings it up to date.)
    if path.exists()
        && let Err(e) = Store::open_to_follow(&path)
        && !matches!(e, StoreError::Older { .. } | StoreError::Busy { .. })
    {
        return refuse(err, e);
    }
    if let Err(code) = need_terminal(err) {
        return code;
    }
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme_name = look.theme.or(config.theme).unwrap_or(ThemeName::Auto);
    let follower = crate::present::Follower::new(&path, event);
    match crate::terminal::present(follower, Theme::new(theme_name, no_color), config.keymap) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(err, "{}", Problem::new("", format!("{e:#}")));
            ExitCode::FAILURE
        }
    }
}

/// `thrive import`: services onto an event's map, in one transaction — all the good ones,
/// or (with a bad one and no --skip-bad) none. A spreadsheet export, or the area's directory
/// in the Open Referral UK standard, each known by its content.
pub fn import(
    args: &ImportArgs,
    data: &DataArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    use crate::map::import;
    let input = match directory::ImportInput::read(&args.files) {
        Ok(i) => i,
        Err(problem) => return refuse(err, problem),
    };
    let Some(path) = data.path() else {
        return refuse(err, no_data_folder());
    };
    let db = crate::text::printable(&path.display().to_string());
    if args.script.is_none() && !path.exists() {
        return refuse(err,
            Problem::new(&db, "there is no event database here yet").help(
                "give --script WORKSHOP.toml to import into today's event of that workshop, or open it once with thrive WORKSHOP.toml",
            ),
        );
    }
    // A check changes nothing on disk: it reads the database, or nothing at all.
    let opened = match (args.check, path.exists()) {
        (true, true) => Store::open_read_only(&path),
        (true, false) => Store::in_memory(),
        (false, _) => Store::open(&path),
    };
    let mut store = match opened {
        Ok(s) => s,
        Err(e) => return refuse(err, e),
    };
    let info = match &args.script {
        Some(script_path) => {
            let (script, text) = match script::load_with_text(script_path) {
                Ok(s) => s,
                Err(report) => {
                    let _ = write!(err, "{report}");
                    return ExitCode::from(EXIT_BAD_INPUT);
                }
            };
            // The script's own event, so a spreadsheet brought in before the day lands on it.
            let now = crate::terminal::wall_clock();
            let day = script.workshop.date;
            match store.open_event(&script, &text, day, now, false) {
                Ok((info, _)) => info,
                // Checked before the event exists: against the map it would start with.
                Err(StoreError::ReadOnly) if args.check => {
                    let made = Store::in_memory().and_then(|mem| {
                        let (info, _) = mem.open_event(&script, &text, day, now, false)?;
                        Ok((mem, info))
                    });
                    match made {
                        Ok((mem, info)) => {
                            store = mem;
                            info
                        }
                        Err(e) => return refuse(err, e),
                    }
                }
                Err(e) => return refuse(err, e),
            }
        }
        None => match store.find_event(args.event.as_deref()) {
            Ok(Some(info)) => info,
            Ok(None) => {
                let what = args.event.as_deref().map_or_else(
                    || "no event has been started yet".to_owned(),
                    |e| format!("there is no event {}", crate::text::printable(e)),
                );
                return refuse(
                    err,
                    Problem::new(&db, format!("nothing to import into: {what}"))
                        .help("thrive events lists the events; or give --script WORKSHOP.toml"),
                );
            }
            Err(e) => return refuse(err, e),
        },
    };
    // The event's own script says which sectors and localities it knows, with those
    // confirmed at the event and the new ones this import names.
    let confirmed = match store.localities(info.id) {
        Ok(l) => l,
        Err(e) => return refuse(err, e),
    };
    let event_script = store
        .script_text(info.id)
        .ok()
        .and_then(|text| script::parse("event script", text.as_bytes()).ok());
    let catalog = event_script
        .as_ref()
        .map(|s| s.workshop.catalog())
        .unwrap_or_default()
        .with_localities(&confirmed);
    let listed = !catalog.localities.is_empty();
    let catalog = catalog.with_localities(&args.new_locality);
    let services = match store.services(info.id) {
        Ok(list) => list,
        Err(e) => return refuse(err, e),
    };
    let mut existing = crate::map::KnownServices::default();
    for s in &services {
        existing.insert(&s.fields, s.id);
    }
    let target = directory::Target {
        store: &store,
        info: &info,
        confirmed: &confirmed,
        listed,
    };
    let (label, bytes) = match input {
        directory::ImportInput::Csv { label, bytes } => (label, bytes),
        directory::ImportInput::Directory(input) => {
            let mut on_map = crate::map::directory::OnMap {
                by_id: std::collections::HashMap::new(),
                known: existing,
            };
            for s in &services {
                if let Some(d) = &s.fields.directory {
                    on_map.by_id.insert(d.id.clone(), s.id);
                }
            }
            let options = crate::map::directory::Options {
                inactive: args.include_inactive,
                site: info.site.clone(),
                sectors: event_script
                    .as_ref()
                    .map(|s| s.workshop.directory_sectors.clone())
                    .unwrap_or_default(),
            };
            return directory::import(args, &target, &catalog, &on_map, &options, &input, out, err);
        }
    };
    let parsed = match import::parse(&bytes, &catalog, &existing) {
        Ok(p) => p,
        Err(problem) => {
            let _ = write!(err, "{}", problem.report(&label));
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    use import::Outcome;
    let outcome = if args.check {
        Outcome::Checked
    } else {
        parsed.outcome(args.skip_bad)
    };
    if outcome != Outcome::Imported {
        let _ = write!(err, "{}", import::report(&label, &parsed, outcome));
        return ExitCode::from(if parsed.bad.is_empty() {
            0
        } else {
            EXIT_BAD_INPUT
        });
    }
    // --skip-bad with nothing left to import is a failure, said as one: nothing came in
    // (every row bad, already on the map, or no rows at all).
    if parsed.good.is_empty() && (args.skip_bad || !parsed.bad.is_empty()) {
        let _ = write!(err, "{}", import::report(&label, &parsed, outcome));
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    let fields: Vec<crate::map::ServiceFields> =
        parsed.good.iter().map(|r| r.fields.clone()).collect();
    // The map's localities: those named with --new-locality and, for an event that lists
    // none, every one the sheet names.
    let mut new_localities = crate::map::Localities::default();
    for l in &args.new_locality {
        new_localities.add(l);
    }
    if !target.listed {
        for f in &fields {
            for l in f.localities.names() {
                if !crate::map::is_site_wide(l) {
                    new_localities.add(l);
                }
            }
        }
    }
    let new_localities: Vec<String> = new_localities
        .names()
        .iter()
        .filter(|l| {
            !target
                .confirmed
                .iter()
                .any(|c| crate::map::Localities::parse(c).has(l))
        })
        .cloned()
        .collect();
    if let Err(e) = target.store.import_services(
        target.info.id,
        &fields,
        &new_localities,
        crate::terminal::wall_clock(),
    ) {
        return refuse(
            err,
            Problem::new(&label, format!("nothing imported: {}", e.short())),
        );
    }
    let _ = write!(out, "{}", import::report(&label, &parsed, outcome));
    let _ = writeln!(
        out,
        "{label}: onto the map of event {}: {}, {} ({})",
        target.info.id,
        crate::text::printable(&target.info.title),
        target.info.date.format("%a %-d %b %Y"),
        crate::text::printable(&target.info.site)
    );
    ExitCode::SUCCESS
}

/// `thrive events`: every recorded event, newest first, as a table or JSON.
pub fn events(
    data: &DataArgs,
    json: bool,
    series: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let Some(path) = data.path() else {
        let _ = writeln!(err, "{}", no_data_folder());
        return ExitCode::from(EXIT_BAD_INPUT);
    };
    let list = if path.exists() {
        match Store::open_read_only(&path).and_then(|s| s.summaries()) {
            Ok(list) => list,
            Err(e) => {
                let _ = writeln!(err, "{e}");
                return ExitCode::from(EXIT_BAD_INPUT);
            }
        }
    } else {
        Vec::new()
    };
    let list: Vec<_> = match series {
        Some(name) => {
            let wanted = crate::thrive::normalise_name(name);
            list.into_iter()
                .filter(|e| {
                    e.series
                        .as_deref()
                        .is_some_and(|s| crate::thrive::normalise_name(s) == wanted)
                })
                .collect()
        }
        None => list,
    };
    if json {
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into())
        );
        return ExitCode::SUCCESS;
    }
    if list.is_empty() {
        let shown = crate::text::printable(&path.display().to_string());
        let _ = match series {
            Some(name) => writeln!(
                out,
                "No events of the series “{}” in {shown}.",
                crate::text::printable(name)
            ),
            None => writeln!(out, "No events recorded yet in {shown}."),
        };
        return ExitCode::SUCCESS;
    }
    let p = crate::text::printable;
    let site_w = list
        .iter()
        .map(|e| p(&e.site).chars().count())
        .max()
        .unwrap_or(4)
        .clamp(4, 24);
    let _ = writeln!(
        out,
        "{:>4}  {:<10}  {:<site_w$}  {:>5}  {:>7}  title",
        "id", "date", "site", "notes", "actions"
    );
    for e in &list {
        let _ = writeln!(
            out,
            "{:>4}  {}  {:<site_w$}  {:>5}  {:>7}  {}",
            e.id,
            e.date,
            crate::ui::truncate(&p(&e.site), site_w),
            e.notes,
            format!("{}/{}", e.open_actions, e.actions),
            if e.rehearsal {
                format!("REHEARSAL · {}", p(&e.title))
            } else {
                p(&e.title)
            }
        );
    }
    let _ = writeln!(
        out,
        "actions: to do (open or doing, not carried on to a later event)/all"
    );
    ExitCode::SUCCESS
}

/// `thrive render`: the same `view()` into an off-screen buffer, printed as text.
pub fn render(
    args: &RenderArgs,
    look: &LookArgs,
    data: &DataArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let usage = |err: &mut dyn Write, msg: String| {
        let _ = writeln!(err, "thrive render: {msg}");
        ExitCode::from(EXIT_BAD_INPUT)
    };
    let Some((width, height)) = parse_size(&args.size) else {
        return usage(
            err,
            format!(
                "--size must look like 120x40 (1 to 1000 each), not \"{}\"",
                crate::text::printable(&args.size)
            ),
        );
    };
    let at = match &args.at {
        Some(at) => match chrono::NaiveTime::parse_from_str(at.trim(), "%H:%M") {
            Ok(time) => Some(time),
            Err(_) => {
                return usage(
                    err,
                    format!(
                        "--at must be a time like 10:20, not \"{}\"",
                        crate::text::printable(at)
                    ),
                );
            }
        },
        None => None,
    };
    let (mut model, text) = match prepare(
        ScriptFrom::File(args.script.as_deref()),
        look,
        crate::terminal::wall_clock(),
    ) {
        Ok(m) => m,
        Err(report) => {
            let _ = write!(err, "{report}");
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    // The event of the script's own day, as it stands now (or at --at): an event is the
    // script run for its date, so what is drawn never depends on today's.
    let time = at.unwrap_or(model.now.time());
    // Drawn before its day (and not as of a planned time), the event is as it stands while
    // prepared: its plan, not hours "behind" a clock that has not reached it.
    if at.is_none() && model.now.date() < model.script.workshop.date {
        model.day = Day::Preparing;
    }
    model.now = model.script.workshop.date.and_time(time);
    // From the database, read only: drawing a screen never creates or changes anything.
    // With no database yet, the event as it would open, on its own day, in memory.
    let opened = match data.path().filter(|p| p.exists()) {
        Some(path) => Store::open_read_only(&path),
        None => Store::in_memory(),
    }
    .and_then(|s| model.open_event(s, &text, false));
    if let Err(e) = opened {
        let _ = writeln!(err, "{e}");
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    model.saved = crate::app::record::Saved::Nothing;
    model.status = None;
    if at.is_some() {
        model.run = AgendaRun::on_plan(&model.script, model.now);
        model.agenda_cursor = model.run.current;
    }
    model.prompts_visible = args.prompts;
    use crate::app::map::CoverageTab;
    let grouping = |n: i64| Grouping::from_number(n).map_or(Screen::Groupings, Screen::Grouping);
    let tab = |model: &mut Model, tab| {
        model.coverage_view.tab = tab;
        Screen::Coverage
    };
    model.screen = match args.screen {
        RenderScreen::Agenda => Screen::Agenda,
        RenderScreen::Groupings => Screen::Groupings,
        RenderScreen::Grouping1 => grouping(1),
        RenderScreen::Grouping2 => grouping(2),
        RenderScreen::Grouping3 => grouping(3),
        RenderScreen::Grouping4 => grouping(4),
        RenderScreen::Grouping5 => grouping(5),
        RenderScreen::Principles => Screen::Principles,
        RenderScreen::Notes => Screen::Notes,
        RenderScreen::Actions => Screen::Actions,
        RenderScreen::Review => Screen::Review,
        RenderScreen::Map => Screen::Map,
        RenderScreen::Coverage => tab(&mut model, CoverageTab::Age),
        RenderScreen::CoverageSector => tab(&mut model, CoverageTab::Sector),
        RenderScreen::CoverageLocality => tab(&mut model, CoverageTab::Locality),
        RenderScreen::Gaps => tab(&mut model, CoverageTab::Gaps),
        RenderScreen::Assessment => Screen::Assessment,
        RenderScreen::Priorities => Screen::Priorities,
        RenderScreen::Help => {
            model.push(crate::app::Layer::Help { scroll: 0 });
            model.screen
        }
    };
    let mut buf = Buffer::empty(Rect::new(0, 0, width, height));
    if args.room {
        let shown = crate::room::Ask::Shown(model.screen_for_room());
        let room = crate::room::Room::build(&model.room_sources(), &shown);
        crate::ui::room::render(&room, &model.theme, buf.area, &mut buf);
    } else {
        crate::ui::render(&model, buf.area, &mut buf);
    }
    let _ = out.write_all(crate::ui::buffer_text(&buf).as_bytes());
    ExitCode::SUCCESS
}

/// "120x40" → (120, 40).
pub fn parse_size(s: &str) -> Option<(u16, u16)> {
    let (w, h) = s.trim().split_once(['x', 'X', '×'])?;
    let w: u16 = w.trim().parse().ok()?;
    let h: u16 = h.trim().parse().ok()?;
    ((1..=1000).contains(&w) && (1..=1000).contains(&h)).then_some((w, h))
}

/// `thrive check`: one line per good file, the full located report per bad one; exit 2 if
/// any is bad.
pub fn check(files: &[PathBuf], out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let mut bad = 0;
    for path in files {
        match script::load_with_text(path) {
            Ok((s, text)) => {
                let _ = writeln!(out, "ok  {}", summary(path, &s));
                for (segment, words) in s.long_room_texts() {
                    let _ = writeln!(err, "{}", long_room_text(path, &text, segment, words));
                }
            }
            Err(report) => {
                bad += 1;
                let _ = write!(err, "{report}");
                let _ = writeln!(err);
            }
        }
    }
    if bad > 0 {
        let _ = writeln!(
            err,
            "{bad} of {} {} could not be used",
            files.len(),
            if files.len() == 1 {
                "script"
            } else {
                "scripts"
            }
        );
        ExitCode::from(EXIT_BAD_INPUT)
    } else {
        ExitCode::SUCCESS
    }
}

/// A segment whose room text is far past what a big screen shows: a warning, not a refusal,
/// at the line of its `text` where it can be found.
fn long_room_text(path: &Path, source: &str, segment: &script::Segment, words: usize) -> Problem {
    let mut place = path.display().to_string();
    if let Some(line) = text_line_of(source, &segment.id) {
        place.push_str(&format!(":{line}"));
    }
    Problem::warning(
        place,
        format!(
            "the room text of segment “{}” is {words} words; a big screen shows about {}",
            segment.id,
            script::ROOM_WORDS
        ),
    )
    .help("keep a few short lines for the room, and move the rest into prompts = [...], which only the facilitator sees")
}

/// The line of the `text` key of the segment with `id`: the first `text` after its id.
fn text_line_of(source: &str, id: &str) -> Option<usize> {
    let mut lines = source.lines().enumerate();
    lines.find(|(_, l)| {
        let l = l.trim();
        l.strip_prefix("id")
            .map(|r| r.trim_start().strip_prefix('=').unwrap_or(""))
            .is_some_and(|v| v.trim().trim_matches(['"', '\'']) == id)
    })?;
    lines
        .find(|(_, l)| {
            let t = l.trim_start();
            t.starts_with("text") && t["text".len()..].trim_start().starts_with('=')
        })
        .map(|(i, _)| i + 1)
}

fn summary(path: &Path, s: &Script) -> String {
    format!(
        "{} — {}, {} planned",
        crate::text::printable(&path.display().to_string()),
        crate::text::plural(s.segments.len(), "segment"),
        script::hours_minutes(s.planned_minutes())
    )
}

/// A script opened on a day that is not its own: asks on the terminal what to do, before the
/// console starts. The exit code otherwise: 0 for quit, 2 with no terminal to ask on (and
/// the option that chooses said).
fn ask_which_day(
    title: &str,
    planned: chrono::NaiveDate,
    start: chrono::NaiveTime,
    today: chrono::NaiveDate,
    err: &mut dyn Write,
) -> Result<Day, u8> {
    use std::io::{BufRead, IsTerminal, Read};
    let title = crate::text::printable(title);
    let on = planned.format("%a %-d %b %Y");
    let now = today.format("%a %-d %b");
    let early = today < planned;
    let (question, options, flags): (String, Vec<(&str, String)>, &str) = if early {
        (
            format!("“{title}” is for {on}; today is {now}."),
            vec![
                (
                    "r",
                    format!(
                        "rehearse it now: the clock set to {} {}; nothing is kept for the series",
                        planned.format("%a %-d %b"),
                        start.format("%H:%M")
                    ),
                ),
                (
                    "p",
                    "prepare the real event: its map, imports and notes; the agenda waits for the day"
                        .to_owned(),
                ),
                ("q", "quit".to_owned()),
            ],
            "--rehearse or --prepare",
        )
    } else {
        (
            format!("“{title}” was for {on}; today is {now}."),
            vec![
                ("t", "run it today, recorded as today's event".to_owned()),
                (
                    "q",
                    format!("quit (to add to the event of its day: thrive --join {planned})"),
                ),
            ],
            "--run-today, or --join DATE for the event of its day",
        )
    };
    let _ = writeln!(err, "{question}");
    for (key, what) in &options {
        let _ = writeln!(err, "  {key}  {what}");
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let _ = writeln!(
            err,
            "{}",
            Problem::new("thrive", "no terminal to ask on").help(format!(
                "choose with {flags} (or set the date with --today)"
            ))
        );
        return Err(EXIT_BAD_INPUT);
    }
    loop {
        let keys: Vec<&str> = options.iter().map(|(k, _)| *k).collect();
        let (last, rest) = keys.split_last().unwrap_or((&"q", &[]));
        let _ = write!(err, "Type {} or {last} and press Enter: ", rest.join(", "));
        let _ = err.flush();
        let mut answer = String::new();
        // A line is a letter: never read more than a short line's worth.
        match stdin.lock().take(256).read_line(&mut answer) {
            Ok(0) | Err(_) => return Err(EXIT_BAD_INPUT),
            Ok(_) => {}
        }
        match (answer.trim().to_lowercase().as_str(), early) {
            ("r", true) => return Ok(Day::Rehearsal),
            ("p", true) => return Ok(Day::Preparing),
            ("t", false) => return Ok(Day::OnTheDay),
            ("q", _) => return Err(0),
            _ => {}
        }
    }
}

/// Says what was refused (a [`Problem`], a [`StoreError`] or a report) and exits 2.
fn refuse(err: &mut dyn Write, problem: impl std::fmt::Display) -> ExitCode {
    let _ = writeln!(err, "{problem}");
    ExitCode::from(EXIT_BAD_INPUT)
}

/// `thrive remove-rehearsals [SCRIPT]`.
fn remove_rehearsals(
    script_path: Option<&Path>,
    data: &DataArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let of = match script_path {
        Some(p) => match script::load(p) {
            Ok(s) => Some((s.workshop.title, s.workshop.site)),
            Err(report) => {
                let _ = write!(err, "{report}");
                return ExitCode::from(EXIT_BAD_INPUT);
            }
        },
        None => None,
    };
    let Some(path) = data.path() else {
        return refuse(err, no_data_folder());
    };
    if !path.exists() {
        let _ = writeln!(out, "no rehearsals: there is no event database yet");
        return ExitCode::SUCCESS;
    }
    let store = match Store::open(&path) {
        Ok(s) => s,
        Err(e) => return refuse(err, e),
    };
    match store.remove_rehearsals(of.as_ref().map(|(t, s)| (t.as_str(), s.as_str()))) {
        Ok(n) => {
            let what = match &of {
                Some((title, _)) => format!(" of “{}”", crate::text::printable(title)),
                None => String::new(),
            };
            let _ = if n == 0 {
                writeln!(out, "no rehearsals{what} to remove")
            } else {
                writeln!(
                    out,
                    "removed {}{what}, with everything they recorded",
                    crate::text::plural(n, "rehearsal")
                )
            };
            ExitCode::SUCCESS
        }
        Err(e) => refuse(err, e),
    }
}
