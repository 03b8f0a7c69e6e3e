//! The README's table of keys agrees with the keymap: every key it names for a screen is
//! bound there (on that screen, or everywhere), so the table cannot drift from the keys.

use thrive::app::keymap::{Context, Key, Keymap};

/// The README's spelling of a key as the keymap's name of it; `None` for a backticked word
/// that is not a key (`#tag`, `@owner`, `overdue`).
fn key_names(shown: &str) -> Option<Vec<String>> {
    let named = match shown {
        "→" => "right",
        "←" => "left",
        "↑" => "up",
        "↓" => "down",
        "−" => "-",
        "Space" => "space",
        "Tab" => "tab",
        "Shift-Tab" => "backtab",
        "PgUp" => "pageup",
        "PgDn" => "pagedown",
        "Home" => "home",
        "End" => "end",
        "Enter" => "enter",
        "Esc" => "esc",
        "Alt-Enter" => "alt-enter",
        "Ctrl-J" => "ctrl-j",
        "Ctrl-P" => "ctrl-p",
        "hjkl" => return Some(["h", "j", "k", "l"].map(String::from).to_vec()),
        s if s.chars().count() == 1 => s,
        _ => return None,
    };
    Some(vec![named.to_owned()])
}

fn context(row: &str) -> Option<Context> {
    Some(match row {
        "everywhere" => Context::Everywhere,
        "agenda" => Context::Agenda,
        "groupings" => Context::Groupings,
        "one grouping" => Context::Grouping,
        "principles" => Context::Principles,
        "notes" => Context::Notes,
        "actions" => Context::Actions,
        "review" => Context::Review,
        "map" => Context::Map,
        "coverage" => Context::Coverage,
        "assessment" => Context::Assessment,
        "priorities" => Context::Priorities,
        "export" => Context::Export,
        "typing" => Context::Editor,
        _ => return None,
    })
}

#[test]
fn every_key_the_readme_names_is_bound_where_it_says() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    let table = readme
        .split("## Keys")
        .nth(1)
        .and_then(|t| t.split("\n## ").next())
        .expect("the Keys section");
    let keymap = Keymap::defaults().expect("default keys");
    let mut checked = 0;
    for line in table
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| where"))
    {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (Some(row), Some(keys)) = (cells.get(1), cells.get(2)) else {
            continue;
        };
        let ctx = context(row).unwrap_or_else(|| panic!("a row the test does not know: {row}"));
        // `1`–`5` is every digit of the range.
        let keys = keys
            .replace("`1`–`5`", "`1` `2` `3` `4` `5`")
            .replace("`1`–`8`", "`1` `8`");
        for (i, shown) in keys.split('`').enumerate() {
            if i % 2 == 0 {
                continue;
            }
            // `/` is a key of its own; elsewhere a slash joins two keys (`↑`/`↓`).
            let parts: Vec<&str> = if shown == "/" {
                vec!["/"]
            } else {
                shown.split('/').collect()
            };
            for part in parts {
                let Some(names) = key_names(part) else {
                    continue;
                };
                for name in names {
                    let key = Key::parse(&name).unwrap_or_else(|| panic!("{name}"));
                    let bound = keymap.action(ctx, key).is_some()
                        || keymap.action(Context::Everywhere, key).is_some();
                    assert!(
                        bound,
                        "README: `{part}` on the {row} row is not bound there"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 50, "the table was read: {checked} keys");
}
