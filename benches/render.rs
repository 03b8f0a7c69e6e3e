//! One full frame of the agenda, mid-event with the prompts open, at 120x40 and at a
//! projector-size 250x70 (aim: under 1 ms median).

use chrono::TimeDelta;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::hint::black_box;
use thrive::app::keymap::Keymap;
use thrive::app::{Message, Model, update};
use thrive::event::AgendaRun;
use thrive::script;
use thrive::ui::theme::{Theme, ThemeName};

fn model() -> Model {
    let script = script::parse(script::EXAMPLE_NAME, script::EXAMPLE.as_bytes()).expect("example");
    let keymap = Keymap::defaults().expect("keys");
    let now = script.start_at() + TimeDelta::minutes(100);
    let mut m = Model::new(script, keymap, Theme::new(ThemeName::Light, false), now);
    m.run = AgendaRun::on_plan(&m.script, now);
    m.prompts_visible = true;
    update(&mut m, Message::Tick(now + TimeDelta::seconds(7)));
    m
}

fn bench(c: &mut Criterion) {
    let m = model();
    let mut group = c.benchmark_group("agenda_frame");
    for (w, h) in [(120u16, 40u16), (250, 70)] {
        let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
        group.bench_function(format!("{w}x{h}"), |b| {
            b.iter(|| {
                buf.reset();
                thrive::ui::render(black_box(&m), buf.area, &mut buf);
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
