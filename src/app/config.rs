//! The user's `config.toml`: key overrides (`[keys.<screen>]`) and a default theme. A missing
//! file means the defaults; a bad one is a located error, never a panic.

use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

use super::keymap::Keymap;
use crate::diagnostic::{Diagnostic, Report};
use crate::theme::ThemeName;
use crate::thrive::closest;

#[derive(Debug, Clone)]
pub struct Config {
    pub keymap: Keymap,
    pub theme: Option<ThemeName>,
    /// Ring the terminal's bell as well as flashing the header when time runs low or out.
    pub bell: bool,
}

/// Where the config file lives when `--config` is not given.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "thrive", "thrive")
        .map(|d| d.config_dir().join("config.toml"))
}

/// A config file is a few lines of keys and a theme; anything larger is another file.
pub const MAX_BYTES: u64 = 1024 * 1024;

/// Loads `path`, or the default location. A file named on the command line must exist; the
/// default one may be absent.
pub fn load(explicit: Option<&Path>) -> Result<Config, Report> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None => match default_path() {
            Some(p) if p.exists() => p,
            _ => return defaults(),
        },
    };
    let shown = path.display().to_string();
    let bytes = crate::input::read_limited(&path, MAX_BYTES).map_err(|e| {
        let d = match &e {
            crate::input::InputError::Io(io) => {
                Diagnostic::new(format!("cannot read the config file: {io}"), None)
                    .help("check the path given to --config or THRIVE_CONFIG")
            }
            other => Diagnostic::new(other.message("a config file"), None)
                .help("give --config (or THRIVE_CONFIG) the config.toml file itself"),
        };
        Report::single(&shown, "", d)
    })?;
    parse(&shown, &bytes)
}

fn defaults() -> Result<Config, Report> {
    Ok(Config {
        keymap: Keymap::defaults()?,
        theme: None,
        bell: false,
    })
}

pub fn parse(path: &str, bytes: &[u8]) -> Result<Config, Report> {
    let text = crate::source::read(path, bytes)?;
    let text = text.as_str();
    let fail = |d: Diagnostic| Report::single(path, text, d);
    let root = DeTable::parse(text).map_err(|e| {
        fail(
            Diagnostic::new(
                format!("invalid TOML: {}", e.message().lines().next().unwrap_or("")),
                e.span(),
            )
            .help(
                "each line is `key = value` or a [section] header; see the README's Keys section",
            ),
        )
    })?;
    let mut keys_table = None;
    let mut theme = None;
    let mut bell = false;
    let mut errors = Vec::new();
    for (key, value) in root.get_ref().iter() {
        match key.get_ref().as_ref() {
            "keys" => match value.get_ref() {
                DeValue::Table(t) => keys_table = Some(t),
                _ => errors.push(
                    Diagnostic::at(value.span(), "`keys` must be a table")
                        .help("write [keys.agenda] and then action = [\"key\"] lines"),
                ),
            },
            "theme" => {
                let name = value.get_ref().as_str().unwrap_or("");
                match <ThemeName as clap::ValueEnum>::from_str(name.trim(), true).ok() {
                    Some(t) => theme = Some(t),
                    None => errors.push(
                        Diagnostic::at(
                            value.span(),
                            format!("unknown theme \"{}\"", crate::text::printable(name)),
                        )
                        .help("themes: auto, light, dark, high-contrast"),
                    ),
                }
            }
            "bell" => match value.get_ref() {
                DeValue::Boolean(b) => bell = *b,
                _ => errors.push(
                    Diagnostic::at(value.span(), "`bell` is true or false")
                        .help("bell = true rings the terminal's bell when time runs low or out"),
                ),
            },
            other => {
                let help = match closest(other, ["keys", "theme", "bell"]) {
                    Some(g) => format!("did you mean `{g}`? The config takes: keys, theme, bell"),
                    None => "the config takes: keys, theme, bell".to_owned(),
                };
                errors.push(
                    Diagnostic::at(key.span(), format!("unknown key `{other}` in the config"))
                        .help(help),
                );
            }
        }
    }
    if !errors.is_empty() {
        return Err(Report {
            path: path.into(),
            source: text.into(),
            diagnostics: errors,
        });
    }
    let keymap = match keys_table {
        Some(t) => Keymap::with_user(Some((path, text, t)))?,
        None => Keymap::defaults()?,
    };
    Ok(Config {
        keymap,
        theme,
        bell,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::{Action, Context, Key};

    fn err(text: &str) -> String {
        parse("config.toml", text.as_bytes())
            .err()
            .map(|r| r.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn a_user_key_replaces_the_default() {
        let c = parse(
            "c.toml",
            b"theme = \"light\"\n[keys.agenda]\nnext-segment = [\"pagedown\"]\n",
        );
        let c = c.map_err(|r| r.to_string()).expect("valid");
        let n = Key::parse("pagedown").expect("pagedown");
        let right = Key::parse("right").expect("right");
        assert_eq!(
            c.keymap.action(Context::Agenda, n),
            Some(Action::NextSegment)
        );
        assert_eq!(c.keymap.action(Context::Agenda, right), None);
        assert_eq!(c.theme, Some(ThemeName::Light));
        assert!(!c.bell);
        let rung = parse("c.toml", b"bell = true\n").map_err(|r| r.to_string());
        assert!(rung.expect("valid").bell);
    }

    #[test]
    fn bad_configs_are_located_errors() {
        assert!(
            err("[keys.agneda]\n")
                .starts_with("config.toml:1:7: error: unknown key section [keys.agneda]")
        );
        assert!(
            err("[keys.agenda]\nnext-segmnt = [\"n\"]\n").contains("did you mean `next-segment`?")
        );
        assert!(
            err("[keys.agenda]\nnext-segment = [\"spacebar\"]\n")
                .contains("2:17: error: `spacebar` is not a key name")
        );
        let clash = err("[keys.agenda]\nprompts = [\"g\"]\n");
        assert!(clash.contains("key g is bound to both `prompts` in [keys.agenda] and `groupings` in [keys.everywhere]"), "{clash}");
        assert!(err("them = 1").contains("did you mean `theme`?"));
        assert!(err("bell = \"yes\"").contains("1:8: error: `bell` is true or false"));
        assert!(err("[keys").contains("config.toml:1:6: error: invalid TOML"));
    }
}
