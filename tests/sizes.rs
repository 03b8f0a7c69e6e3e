//! Every window size from 1x1 to 250x70 draws every screen without panicking.

mod common;

use chrono::TimeDelta;
use common::{at, draw, model, press, wait};
use thrive::app::{Message, Model, update};

fn sweep(m: &Model) {
    for w in 1..=250u16 {
        for h in 1..=70u16 {
            let text = thrive::ui::buffer_text(&draw(m, w, h));
            assert_eq!(text.lines().count(), usize::from(h));
        }
    }
}

fn running(keys: &[&str], minutes: i64) -> Model {
    let mut m = model();
    update(&mut m, Message::Tick(at(9, 30, 0)));
    press(&mut m, &["space"]);
    press(&mut m, keys);
    wait(&mut m, TimeDelta::minutes(minutes));
    m
}

#[test]
fn agenda_at_every_size() {
    sweep(&model());
}

#[test]
fn agenda_running_with_prompts_and_overtime_at_every_size() {
    sweep(&running(&["p", "down", "down"], 40));
}

#[test]
fn groupings_at_every_size() {
    sweep(&running(&["g"], 3));
}

#[test]
fn one_grouping_at_every_size() {
    sweep(&running(&["g", "4"], 3));
}

#[test]
fn principles_at_every_size() {
    sweep(&running(&["P", "4"], 3));
}

#[test]
fn help_at_every_size() {
    sweep(&running(&["?"], 3));
}

#[test]
fn confirm_quit_at_every_size() {
    sweep(&running(&["q"], 3));
}
