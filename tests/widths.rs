//! Every row drawn is exactly the window's width, whatever the text: a character a terminal
//! draws as nothing, or joins with its neighbours, must never reach the screen, or the row
//! runs past the edge and leaves stale cells behind (issue 11, item 16).

mod common;

use proptest::prelude::*;
use thrive::app::Screen;
use thrive::event::store::Store;
use unicode_width::UnicodeWidthStr;

/// Text as people paste it: letters, CJK, emoji, and the invisible and joining characters
/// that travel with copied text.
fn mixed() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a", "Kooth ", "字", "😀", "👨", "\u{200D}", "\u{200B}", "\u{200C}", "\u{FEFF}",
        "\u{00AD}", "\u{2060}", "\u{200F}", "\u{061C}", "\u{2028}", "é", " ", "#2 ", "🏳️",
        "\u{FE0F}",
    ]);
    prop::collection::vec(pieces, 1..60).prop_map(|v| v.concat())
}

/// The width a terminal gives a row, cell by cell as drawn.
fn row_widths(buf: &ratatui::buffer::Buffer) -> Vec<usize> {
    let area = buf.area;
    (area.top()..area.bottom())
        .map(|y| {
            let mut row = String::new();
            let mut skip = 0;
            for x in area.left()..area.right() {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let symbol = buf[(x, y)].symbol();
                row.push_str(symbol);
                skip = symbol.width().saturating_sub(1);
            }
            row.width()
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn every_row_is_the_windows_width_whatever_the_notes_hold(notes in prop::collection::vec(mixed(), 1..4)) {
        let store = Store::in_memory().expect("store");
        let mut m = common::model();
        let script = m.script.clone();
        let (event, _) = store
            .open_event(&script, common::DAY, common::at(9, 0, 0).date(), common::at(9, 0, 0), false)
            .expect("event");
        for text in &notes {
            // As another program might write them: straight into the file.
            store
                .connection()
                .execute(
                    "INSERT INTO notes (event_id, created_at, text) VALUES (?1, '2026-12-03T09:10:00', ?2)",
                    rusqlite::params![event.id, text],
                )
                .expect("note");
        }
        m.open_event(store, common::DAY, false).expect("opened");
        for screen in [Screen::Notes, Screen::Agenda] {
            m.screen = screen;
            for (w, h) in [(100u16, 30u16), (80, 24)] {
                let buf = common::draw(&m, w, h);
                for (y, width) in row_widths(&buf).into_iter().enumerate() {
                    prop_assert_eq!(width, usize::from(w), "row {} of {:?} at {}x{}", y, screen, w, h);
                }
            }
        }
    }
}
