//! The one place colours live. Screens ask for a meaning ("selected", "low time", "private"),
//! never for a colour, and every meaning is also carried by a symbol, word, bold or reverse,
//! so it survives NO_COLOR and a washed-out projector.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ThemeName {
    /// Keep the terminal's own background; accents legible on dark and light.
    Auto,
    /// Dark text on white: survives a washed-out projector.
    Light,
    Dark,
    /// Black, white and yellow only.
    HighContrast,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// The whole frame: background and ordinary text.
    pub base: Style,
    pub header: Style,
    pub footer: Style,
    /// A key name in the footer or help.
    pub key: Style,
    pub muted: Style,
    pub border: Style,
    pub border_focus: Style,
    pub title: Style,
    /// The cursor row of a list.
    pub selected: Style,
    /// The segment running now.
    pub current: Style,
    pub done: Style,
    pub countdown: Style,
    pub low: Style,
    pub over: Style,
    /// Overtime as coloured text (the big countdown), not a filled bar.
    pub over_text: Style,
    pub paused: Style,
    /// The facilitator's private prompts: loud, so nobody projects them by accident.
    pub private: Style,
    pub heading: Style,
    pub accent: Style,
}

impl Theme {
    pub fn new(name: ThemeName, no_color: bool) -> Theme {
        let theme = match name {
            ThemeName::Auto => auto(),
            ThemeName::Light => light(),
            ThemeName::Dark => dark(),
            ThemeName::HighContrast => high_contrast(),
        };
        if no_color { theme.monochrome() } else { theme }
    }

    /// The same meanings with every colour removed; bold, reverse and underline stay.
    pub fn monochrome(self) -> Theme {
        let strip = |s: Style| Style {
            fg: None,
            bg: None,
            underline_color: None,
            ..s
        };
        Theme {
            base: Style::new(),
            header: strip(self.header),
            footer: strip(self.footer),
            key: strip(self.key).add_modifier(Modifier::BOLD),
            muted: strip(self.muted),
            border: strip(self.border),
            border_focus: strip(self.border_focus).add_modifier(Modifier::BOLD),
            title: strip(self.title).add_modifier(Modifier::BOLD),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            current: strip(self.current).add_modifier(Modifier::BOLD),
            done: strip(self.done),
            countdown: strip(self.countdown),
            low: strip(self.low).add_modifier(Modifier::BOLD),
            over: Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            over_text: Style::new().add_modifier(Modifier::BOLD),
            paused: strip(self.paused).add_modifier(Modifier::BOLD),
            private: Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            heading: strip(self.heading).add_modifier(Modifier::BOLD),
            accent: strip(self.accent).add_modifier(Modifier::BOLD),
        }
    }
}

/// Shared shape of every theme: the palette differs, the meanings do not.
struct Palette {
    bg: Option<Color>,
    fg: Option<Color>,
    muted: Color,
    border: Color,
    accent: Color,
    selected_bg: Color,
    selected_fg: Color,
    done: Color,
    low: Color,
    over_bg: Color,
    over_fg: Color,
    private_bg: Color,
    private_fg: Color,
    bar_bg: Color,
    bar_fg: Color,
}

fn build(p: Palette) -> Theme {
    let mut base = Style::new();
    if let Some(bg) = p.bg {
        base = base.bg(bg);
    }
    if let Some(fg) = p.fg {
        base = base.fg(fg);
    }
    let bold = Modifier::BOLD;
    Theme {
        base,
        header: Style::new().bg(p.bar_bg).fg(p.bar_fg),
        footer: Style::new().bg(p.bar_bg).fg(p.bar_fg),
        key: Style::new().fg(p.accent).add_modifier(bold),
        muted: Style::new().fg(p.muted),
        border: Style::new().fg(p.border),
        border_focus: Style::new().fg(p.accent).add_modifier(bold),
        title: Style::new().fg(p.accent).add_modifier(bold),
        selected: Style::new()
            .bg(p.selected_bg)
            .fg(p.selected_fg)
            .add_modifier(bold),
        current: Style::new().fg(p.accent).add_modifier(bold),
        done: Style::new().fg(p.done),
        countdown: Style::new().fg(p.accent),
        low: Style::new().fg(p.low).add_modifier(bold),
        over: Style::new().bg(p.over_bg).fg(p.over_fg).add_modifier(bold),
        over_text: Style::new().fg(p.over_bg).add_modifier(bold),
        paused: Style::new().fg(p.muted).add_modifier(bold),
        private: Style::new()
            .bg(p.private_bg)
            .fg(p.private_fg)
            .add_modifier(bold),
        heading: Style::new().add_modifier(bold),
        accent: Style::new().fg(p.accent).add_modifier(bold),
    }
}

/// 256-colour indexes, which every terminal, tmux and ssh session shows alike.
fn auto() -> Theme {
    // Mid-luminance accents: readable on a black and on a white background.
    build(Palette {
        bg: None,
        fg: None,
        muted: Color::Indexed(244),
        border: Color::Indexed(244),
        accent: Color::Indexed(33),
        selected_bg: Color::Indexed(33),
        selected_fg: Color::Indexed(231),
        done: Color::Indexed(244),
        low: Color::Indexed(166),
        over_bg: Color::Indexed(160),
        over_fg: Color::Indexed(231),
        private_bg: Color::Indexed(90),
        private_fg: Color::Indexed(231),
        bar_bg: Color::Indexed(240),
        bar_fg: Color::Indexed(231),
    })
}

fn light() -> Theme {
    build(Palette {
        bg: Some(Color::Indexed(231)),
        fg: Some(Color::Indexed(16)),
        muted: Color::Indexed(240),
        border: Color::Indexed(242),
        accent: Color::Indexed(19),
        selected_bg: Color::Indexed(19),
        selected_fg: Color::Indexed(231),
        done: Color::Indexed(238),
        low: Color::Indexed(130),
        over_bg: Color::Indexed(124),
        over_fg: Color::Indexed(231),
        private_bg: Color::Indexed(53),
        private_fg: Color::Indexed(231),
        bar_bg: Color::Indexed(19),
        bar_fg: Color::Indexed(231),
    })
}

fn dark() -> Theme {
    build(Palette {
        bg: Some(Color::Indexed(234)),
        fg: Some(Color::Indexed(253)),
        muted: Color::Indexed(246),
        border: Color::Indexed(242),
        accent: Color::Indexed(75),
        selected_bg: Color::Indexed(75),
        selected_fg: Color::Indexed(16),
        done: Color::Indexed(246),
        low: Color::Indexed(214),
        over_bg: Color::Indexed(196),
        over_fg: Color::Indexed(231),
        private_bg: Color::Indexed(127),
        private_fg: Color::Indexed(231),
        bar_bg: Color::Indexed(237),
        bar_fg: Color::Indexed(253),
    })
}

fn high_contrast() -> Theme {
    build(Palette {
        bg: Some(Color::Indexed(16)),
        fg: Some(Color::Indexed(231)),
        muted: Color::Indexed(231),
        border: Color::Indexed(231),
        accent: Color::Indexed(226),
        selected_bg: Color::Indexed(226),
        selected_fg: Color::Indexed(16),
        done: Color::Indexed(231),
        low: Color::Indexed(226),
        over_bg: Color::Indexed(226),
        over_fg: Color::Indexed(16),
        private_bg: Color::Indexed(226),
        private_fg: Color::Indexed(16),
        bar_bg: Color::Indexed(231),
        bar_fg: Color::Indexed(16),
    })
}
