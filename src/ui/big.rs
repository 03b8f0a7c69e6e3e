//! Projected headings and the countdown in large pixel letters (tui-big-text), at the largest
//! size that fits, or nothing (the caller then draws ordinary bold text).

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Widget;
use tui_big_text::{BigText, PixelSize};

/// Sizes tried from the largest down: the pixel size, how many times each cell is repeated
/// across and down, and the cells one glyph then takes (columns, rows). The doubled size is
/// for a projector-size window; the sextant and octant sizes are left out, as many projector
/// laptops' fonts lack those glyphs.
const SIZES: [(PixelSize, u16, u16, u16); 4] = [
    (PixelSize::Full, 2, 16, 16),
    (PixelSize::Full, 1, 8, 8),
    (PixelSize::HalfHeight, 1, 8, 4),
    (PixelSize::Quadrant, 1, 4, 4),
];

/// The single sizes a heading can be asked for, largest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    Full,
    HalfHeight,
    Quadrant,
}

impl Size {
    pub const ALL: [Size; 3] = [Size::Full, Size::HalfHeight, Size::Quadrant];

    /// Cells one glyph takes: (columns, rows).
    pub fn cells(self) -> (u16, u16) {
        let (_, _, w, h) = SIZES[self as usize + 1];
        (w, h)
    }
}

/// Text laid out in big letters: the widget and the rows it needs.
pub struct Big {
    text: BigText<'static>,
    /// Each cell drawn as a `scale`×`scale` block.
    scale: u16,
    pub height: u16,
}

impl Big {
    /// Fits `text` into `width`×`max_height`, wrapping at spaces; `None` if even the smallest
    /// size does not fit. Only ASCII is drawn big: the font has no other glyphs.
    pub fn fit(text: &str, width: u16, max_height: u16, style: Style) -> Option<Big> {
        Big::fit_from(&SIZES, text, width, max_height, style, Alignment::Center)
    }

    /// Fits `text` at exactly one size (no doubling), left-aligned: for headings that line up
    /// with others drawn at the same size.
    pub fn at_size(size: Size, text: &str, width: u16, style: Style) -> Option<Big> {
        let sizes = [SIZES[size as usize + 1]];
        Big::fit_from(&sizes, text, width, u16::MAX, style, Alignment::Left)
    }

    fn fit_from(
        sizes: &[(PixelSize, u16, u16, u16)],
        text: &str,
        width: u16,
        max_height: u16,
        style: Style,
        alignment: Alignment,
    ) -> Option<Big> {
        let text = ascii(text)?;
        let text = text.as_str();
        if text.trim().is_empty() {
            return None;
        }
        sizes.iter().find_map(|&(size, scale, cw, ch)| {
            let per_line = usize::from(width / cw);
            let lines = wrap_words(text, per_line)?;
            let height = ch.checked_mul(u16::try_from(lines.len()).ok()?)?;
            (height <= max_height).then(|| Big {
                text: BigText::builder()
                    .pixel_size(size)
                    .style(style)
                    .lines(lines.into_iter().map(Line::from).collect::<Vec<_>>())
                    .alignment(alignment)
                    .build(),
                scale,
                height,
            })
        })
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        if self.scale == 1 {
            (&self.text).render(area, buf);
            return;
        }
        // Draw at one cell a pixel into a scratch buffer, then blow each cell up.
        let small = Rect::new(0, 0, area.width / self.scale, area.height / self.scale);
        let mut scratch = Buffer::empty(small);
        (&self.text).render(small, &mut scratch);
        let offset = (area.width - small.width * self.scale) / 2;
        for y in 0..small.height {
            for x in 0..small.width {
                let cell = &scratch[(x, y)];
                if cell.symbol() == " " {
                    continue;
                }
                for dy in 0..self.scale {
                    for dx in 0..self.scale {
                        let (tx, ty) = (
                            area.x + offset + x * self.scale + dx,
                            area.y + y * self.scale + dy,
                        );
                        if let Some(target) = buf.cell_mut((tx, ty)) {
                            target.set_symbol(cell.symbol()).set_style(cell.style());
                        }
                    }
                }
            }
        }
    }
}

/// The text in the big font's letters: typographic dashes, quotes, dots and spaces as their
/// plain forms ("Mapping by age: 0–25" is drawn big too); `None` if any other character is
/// not ASCII, as the font has no glyph for it.
fn ascii(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            c if c.is_ascii() => out.push(c),
            '–' | '—' | '‐' | '‑' | '−' | '·' => out.push('-'),
            '‘' | '’' => out.push('\''),
            '“' | '”' => out.push('"'),
            '…' => out.push_str("..."),
            '\u{a0}' | '\u{202f}' => out.push(' '),
            _ => return None,
        }
    }
    Some(out)
}

/// Greedy word wrap to `max` characters a line; `None` if a word is longer than a line.
fn wrap_words(text: &str, max: usize) -> Option<Vec<String>> {
    if max == 0 {
        return None;
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if word.len() > max {
            return None;
        }
        if line.is_empty() {
            line.push_str(word);
        } else if line.len() + 1 + word.len() <= max {
            line.push(' ');
            line.push_str(word);
        } else {
            lines.push(std::mem::take(&mut line));
            line.push_str(word);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    Some(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_and_refuses_long_words() {
        assert_eq!(
            wrap_words("Getting More Help", 10),
            Some(vec!["Getting".to_owned(), "More Help".to_owned()])
        );
        assert_eq!(wrap_words("Signposting", 10), None);
    }

    #[test]
    fn picks_the_largest_size_that_fits() {
        let s = Style::new();
        assert_eq!(Big::fit("23:41", 80, 16, s).map(|b| b.height), Some(16));
        assert_eq!(Big::fit("23:41", 79, 16, s).map(|b| b.height), Some(8));
        assert_eq!(Big::fit("23:41", 40, 8, s).map(|b| b.height), Some(8));
        assert_eq!(Big::fit("23:41", 40, 7, s).map(|b| b.height), Some(4));
        assert_eq!(Big::fit("23:41", 20, 8, s).map(|b| b.height), Some(4));
        assert!(Big::fit("23:41", 19, 8, s).is_none());
        assert!(Big::fit("café", 80, 8, s).is_none());
    }
}
