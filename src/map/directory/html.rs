//! A directory's description, often HTML from its editor, reduced to the words a person reads.

/// The text of `html` without its tags, entities decoded, blocks on lines of their own, spaces
/// folded. Text that is not HTML comes back with its spaces folded. Never panics.
pub fn to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('<') {
            // A `<` that opens no tag ("ages < 5") is text.
            let is_tag = rest[1..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'));
            match rest.find('>').filter(|_| is_tag) {
                Some(end) => {
                    let tag = rest[1..end].trim_start_matches('/').to_ascii_lowercase();
                    let name: String = tag
                        .chars()
                        .take_while(char::is_ascii_alphanumeric)
                        .collect();
                    if matches!(name.as_str(), "script" | "style") && !rest[1..].starts_with('/') {
                        // Their contents are never words for a reader.
                        let close = format!("</{name}");
                        let lower = rest.to_ascii_lowercase();
                        rest = match lower.find(&close) {
                            Some(c) => &rest[c..],
                            None => "",
                        };
                        continue;
                    }
                    if BLOCKS.contains(&name.as_str()) {
                        out.push('\n');
                    } else {
                        out.push(' ');
                    }
                    rest = &rest[end + 1..];
                }
                None => {
                    out.push('<');
                    rest = &rest[1..];
                }
            }
        } else {
            let (ch, used) = entity(rest);
            out.push_str(&ch);
            rest = &rest[used..];
        }
    }
    out.push_str(rest);
    fold(&out)
}

const BLOCKS: &[&str] = &[
    "p",
    "br",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "blockquote",
    "section",
    "article",
    "hr",
];

/// The character an entity at the start of `s` stands for, and how many bytes it took; a `&`
/// that starts no entity is itself.
fn entity(s: &str) -> (String, usize) {
    let Some(end) = s.get(..12).unwrap_or(s).find(';') else {
        return ("&".into(), 1);
    };
    let name = &s[1..end];
    let ch = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" | "#39" => Some('\''),
        "nbsp" => Some(' '),
        "ndash" => Some('–'),
        "mdash" => Some('—'),
        "rsquo" | "lsquo" => Some('’'),
        "ldquo" | "rdquo" => Some('"'),
        "hellip" => Some('…'),
        "pound" => Some('£'),
        _ => name
            .strip_prefix("#x")
            .or(name.strip_prefix("#X"))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
            .and_then(char::from_u32),
    };
    match ch {
        Some(c) => (c.to_string(), end + 1),
        None => ("&".into(), 1),
    }
}

/// Spaces within a line folded to one, blank lines dropped, each line trimmed.
fn fold(text: &str) -> String {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_go_words_stay() {
        assert_eq!(
            to_text("<p>Drop-in <b>every</b> Tuesday&nbsp;&amp; Friday</p><p>Ages &lt; 18</p>"),
            "Drop-in every Tuesday & Friday\nAges < 18"
        );
        assert_eq!(to_text("a < b and c > d"), "a < b and c > d");
        assert_eq!(to_text("Fish &chips; R&D"), "Fish &chips; R&D");
        assert_eq!(
            to_text("x<script>alert(1)</script>y<style>p{}</style>z"),
            "x y z"
        );
        assert_eq!(to_text("&#8217;&#x2019;&bogus;"), "’’&bogus;");
        assert_eq!(to_text("<unclosed"), "<unclosed");
        assert_eq!(to_text("  plain\n\n text  "), "plain\ntext");
    }
}
