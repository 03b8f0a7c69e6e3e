//! The command line: `thrive [SCRIPT]`, `thrive check`, `thrive render`. Each command returns
//! its exit code; nothing here draws on a live terminal except by calling `terminal::run`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::app::{Model, Overlay, Screen, config};
use crate::diagnostic::Report;
use crate::event::AgendaRun;
use crate::script::{self, Script};
use crate::thrive::Grouping;
use crate::ui::theme::{Theme, ThemeName};

/// Exit code for bad input (a script, a key config, a size): the user can fix it.
pub const EXIT_BAD_INPUT: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "thrive",
    version,
    about = "A terminal console for THRIVE Framework workshops: agenda, groupings, principles.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Workshop script to open (default: the bundled engagement event).
    pub script: Option<PathBuf>,

    #[command(flatten)]
    pub look: LookArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
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
}

#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// agenda, groupings, grouping-1 … grouping-5, principles, help
    #[arg(long, default_value = "agenda")]
    pub screen: String,

    /// COLSxROWS
    #[arg(long, default_value = "120x40")]
    pub size: String,

    /// Show the event as it would stand at this time of day if it ran to plan (HH:MM).
    #[arg(long, value_name = "HH:MM")]
    pub at: Option<String>,

    /// Show the facilitator's private prompts panel.
    #[arg(long)]
    pub prompts: bool,

    /// Workshop script (default: the bundled engagement event).
    pub script: Option<PathBuf>,
}

pub fn main() -> ExitCode {
    // Before anything touches the terminal, so ratatui's panic hook chains onto this one.
    let _ = color_eyre::install();
    let cli = Cli::parse();
    let mut out = std::io::stdout();
    let mut err = std::io::stderr();
    match cli.command {
        Some(Command::Check { files }) => check(&files, &mut out, &mut err),
        Some(Command::Render(args)) => render(&args, &cli.look, &mut out, &mut err),
        None => console(cli.script.as_deref(), &cli.look, &mut err),
    }
}

/// Loads what the console needs — key config, theme, script — reporting any problem the way
/// `check` does, before the terminal is touched.
fn prepare(
    script_path: Option<&Path>,
    look: &LookArgs,
    now: chrono::NaiveDateTime,
) -> Result<Model, Report> {
    let config = config::load(look.config.as_deref())?;
    let script = match script_path {
        Some(p) => script::load(p)?,
        None => script::parse(script::EXAMPLE_NAME, script::EXAMPLE.as_bytes())?,
    };
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme_name = look.theme.or(config.theme).unwrap_or(ThemeName::Auto);
    Ok(Model::new(
        script,
        config.keymap,
        Theme::new(theme_name, no_color),
        now,
    ))
}

fn console(script_path: Option<&Path>, look: &LookArgs, err: &mut dyn Write) -> ExitCode {
    let model = match prepare(script_path, look, crate::terminal::wall_clock()) {
        Ok(m) => m,
        Err(report) => {
            let _ = write!(err, "{report}");
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    match crate::terminal::run(model) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(err, "thrive: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The screens `thrive render --screen` knows.
const SCREENS: &str = "agenda, groupings, grouping-1 … grouping-5, principles, help";

/// `thrive render`: the same `view()` into an off-screen buffer, printed as text.
pub fn render(
    args: &RenderArgs,
    look: &LookArgs,
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
    let mut model = match prepare(args.script.as_deref(), look, crate::terminal::wall_clock()) {
        Ok(m) => m,
        Err(report) => {
            let _ = write!(err, "{report}");
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    if let Some(at) = &args.at {
        let Ok(time) = chrono::NaiveTime::parse_from_str(at.trim(), "%H:%M") else {
            return usage(
                err,
                format!(
                    "--at must be a time like 10:20, not \"{}\"",
                    crate::text::printable(at)
                ),
            );
        };
        let at = model.script.workshop.date.and_time(time);
        model.run = AgendaRun::on_plan(&model.script, at);
        model.agenda_cursor = model.run.current;
        model.now = at;
    }
    model.prompts_visible = args.prompts;
    let screen = args.screen.trim().to_ascii_lowercase();
    match screen.as_str() {
        "agenda" => model.screen = Screen::Agenda,
        "groupings" => model.screen = Screen::Groupings,
        "principles" => model.screen = Screen::Principles,
        "help" => model.overlay = Some(Overlay::Help { scroll: 0 }),
        other => match other
            .strip_prefix("grouping-")
            .and_then(|n| n.parse::<i64>().ok())
            .and_then(Grouping::from_number)
        {
            Some(g) => model.screen = Screen::Grouping(g),
            None => {
                return usage(
                    err,
                    format!(
                        "unknown screen \"{}\"; screens: {SCREENS}",
                        crate::text::printable(other)
                    ),
                );
            }
        },
    }
    let mut buf = Buffer::empty(Rect::new(0, 0, width, height));
    crate::ui::render(&model, buf.area, &mut buf);
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
        match script::load(path) {
            Ok(s) => {
                let _ = writeln!(out, "ok  {}", summary(path, &s));
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

fn summary(path: &Path, s: &Script) -> String {
    format!(
        "{} — {} segments, {} planned",
        crate::text::printable(&path.display().to_string()),
        s.segments.len(),
        script::hours_minutes(s.planned_minutes())
    )
}
