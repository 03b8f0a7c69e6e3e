//! The documentation tells the truth: every complete script in workshops/README.md passes the
//! checks, and every key the README's config example uses is a real one.

fn toml_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_start()) {
            (None, l) if l.starts_with("```toml") => current = Some(String::new()),
            (Some(_), l) if l.starts_with("```") => blocks.extend(current.take()),
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            _ => {}
        }
    }
    blocks
}

#[test]
fn every_complete_script_in_the_format_guide_is_valid() {
    let guide = include_str!("../workshops/README.md");
    let scripts: Vec<String> = toml_blocks(guide)
        .into_iter()
        .filter(|b| b.contains("[workshop]") && b.contains("[[segment]]"))
        .collect();
    assert!(
        !scripts.is_empty(),
        "the guide shows at least one whole script"
    );
    for script in scripts {
        if let Err(r) = thrive::script::parse("workshops/README.md", script.as_bytes()) {
            panic!("a script in the guide is refused:\n{r}\n{script}");
        }
    }
}

#[test]
fn the_readme_config_example_is_a_valid_config() {
    let readme = include_str!("../README.md");
    let configs: Vec<String> = toml_blocks(readme)
        .into_iter()
        .filter(|b| b.contains("[keys."))
        .collect();
    assert_eq!(configs.len(), 1);
    if let Err(r) = thrive::app::config::parse("README.md", configs[0].as_bytes()) {
        panic!("the README's config example is refused:\n{r}");
    }
}
