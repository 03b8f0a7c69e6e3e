//! The report as a page to look at: it parses clean as HTML, its pictures are inline SVG with
//! titles and its tables are tables, sections with nothing are left out, hostile text in
//! every field stays text, and — where a Chromium is installed — it prints to a PDF with
//! pages and a screenshot that is not blank (said skipped, with the reason, where none is).

mod common;

use std::path::Path;

use common::series::{self, stamp, written_at};
use scraper::{Html, Selector};
use thrive::event::document::Document;
use thrive::event::record::EventId;
use thrive::event::store::Store;
use thrive::export::{self, Format, Part, What};

fn series_doc() -> (tempfile::TempDir, Document) {
    event_doc(|(_, second)| second)
}

/// The fixed series in a database of its own, closed, for a thrive process to open.
fn series_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let store = Store::open(&db).expect("db");
    series::build(&store);
    drop(store);
    (dir, db)
}

/// The first event of the fixed series: a finished morning.
fn first_doc() -> (tempfile::TempDir, Document) {
    event_doc(|(first, _)| first)
}

/// One event of the fixed series, as its document written at the fixed time.
fn event_doc(which: fn((EventId, EventId)) -> EventId) -> (tempfile::TempDir, Document) {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open(&dir.path().join("thrive.db")).expect("db");
    let id = which(series::build(&store));
    let doc = Document::build(&store, id, written_at()).expect("document");
    (dir, doc)
}

fn page(doc: &Document) -> String {
    let part = Part {
        what: What::Report,
        format: Format::Html,
    };
    String::from_utf8(export::render(doc, part, stamp()).expect("a writer")).expect("UTF-8")
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).expect("selector"))
        .collect()
}

fn text_of(e: &scraper::ElementRef<'_>) -> String {
    e.text().collect::<Vec<_>>().join("")
}

#[test]
fn the_page_parses_clean_with_titled_pictures_and_real_tables() {
    let (_dir, doc) = series_doc();
    let text = page(&doc);
    let html = Html::parse_document(&text);
    assert_eq!(html.errors, Vec::<std::borrow::Cow<'_, str>>::new());
    // Self-contained: nothing to run, nothing to fetch.
    assert!(select(&html, "script, link, img, iframe, object").is_empty());
    assert!(select(&html, "[src], [href], [srcset], [style*=\"url(http\"]").is_empty());
    assert!(!text.contains("@import") && !text.contains("url(http"));
    // Every picture is named for a screen reader.
    let pictures = select(&html, "svg");
    assert!(pictures.len() >= 5, "{}", pictures.len());
    for svg in &pictures {
        assert_eq!(svg.value().attr("role"), Some("img"));
        assert!(
            svg.children()
                .filter_map(scraper::ElementRef::wrap)
                .any(|c| c.value().name() == "title"),
            "{}",
            svg.html()
        );
    }
    // The sections of the fixed series, in order, each with a heading.
    let headings: Vec<String> = select(&html, "h2").iter().map(text_of).collect();
    assert_eq!(
        headings,
        [
            "In brief",
            "Where the gaps are",
            "The day against the plan",
            "How THRIVE-like are we? The assessment",
            "Priorities: the dot vote",
            "Who is doing what, by when",
            "Since last time",
            "Notes, by agenda item",
        ]
    );
    // The heat map: 5 groupings × 5 age bands, each cell titled with its place and count,
    // the empty ones marked by word and by pattern as well as shade.
    let cells = select(&html, "figure svg[aria-labelledby^=\"heat-ages\"] g");
    assert_eq!(cells.len(), 25);
    let titles: Vec<String> = cells
        .iter()
        .map(|g| {
            text_of(
                &g.select(&Selector::parse("title").expect("s"))
                    .next()
                    .expect("title"),
            )
        })
        .collect();
    assert!(
        titles.contains(&"Thriving, 0–4: no service".to_owned()),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"Getting Help, 0–4: one service only".to_owned()),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"Thriving, 18–25: 2 services covering part of the ages".to_owned()),
        "{titles:?}"
    );
    let empty = cells
        .iter()
        .find(|g| text_of(g).contains("none"))
        .expect("an empty cell");
    assert!(empty.html().contains("url(#ages-none)"), "{}", empty.html());
    // A screen reader cannot read a picture's cells: each grid's numbers are a table too.
    for figure in select(&html, "figure:has(svg[aria-labelledby^=\"heat-\"])") {
        let rows: Vec<Vec<String>> = figure
            .select(&Selector::parse("table tbody tr").expect("s"))
            .map(|tr| tr.child_elements().map(|c| text_of(&c)).collect::<Vec<_>>())
            .collect();
        assert_eq!(rows.len(), 5, "{}", figure.html());
        let cells = figure.select(&Selector::parse("svg g").expect("s")).count();
        assert_eq!(rows.iter().map(|r| r.len() - 1).sum::<usize>(), cells);
    }
    let ages_table = select(
        &html,
        "figure:has(svg[aria-labelledby^=\"heat-ages\"]) table tr",
    );
    let first_row: Vec<String> = ages_table[1]
        .child_elements()
        .map(|c| text_of(&c))
        .collect();
    assert_eq!(first_row[0], "1 Thriving");
    assert_eq!(first_row[1], "no service");
    // Tables are tables: headers in th, one row per action.
    let actions = select(&html, "section[aria-labelledby=actions] tbody tr");
    assert_eq!(actions.len(), doc.actions.len());
    assert!(!select(&html, "section[aria-labelledby=actions] thead th").is_empty());
    // The first page stands alone: who, where, when, and the findings in sentences.
    let brief: Vec<String> = select(&html, ".headlines li").iter().map(text_of).collect();
    assert!((3..=5).contains(&brief.len()), "{brief:?}");
    assert!(
        brief[0].starts_with("6 services mapped; 5 places have no service at all in a grouping and 13 rest on one. Among them: nothing for 0–4 in North (Thriving)"),
        "{brief:?}"
    );
    assert!(
        brief.iter().any(|b| b.starts_with("The top priorities:")),
        "{brief:?}"
    );
    assert!(
        brief
            .iter()
            .any(|b| b.starts_with("7 actions, 6 still to do")),
        "{brief:?}"
    );
    // Private notes never reach it.
    assert!(!text.contains("PRIVMARK"));
}

#[test]
fn a_section_with_nothing_in_it_is_left_out() {
    let (_dir, mut doc) = series_doc();
    doc.assessment.clear();
    doc.vote = None;
    doc.actions.clear();
    doc.notes.clear();
    doc.since_last_time = None;
    doc.services.clear();
    doc.gaps.clear();
    let html = Html::parse_document(&page(&doc));
    let headings: Vec<String> = select(&html, "h2").iter().map(text_of).collect();
    assert_eq!(headings, ["In brief", "The day against the plan"]);
}

const HOSTILE: &str = "<script>alert(1)</script></svg></table>\"'&amp; \u{202E}evil\u{1b}[2J";

#[test]
fn hostile_text_in_every_field_stays_text() {
    let (_dir, mut doc) = series_doc();
    let h = |s: &mut String| *s = format!("{s} {HOSTILE}");
    h(&mut doc.event.title);
    h(&mut doc.event.site);
    h(&mut doc.event.facilitator);
    doc.event.venue = Some(HOSTILE.to_owned());
    doc.event.series = Some(HOSTILE.to_owned());
    for a in &mut doc.agenda {
        h(&mut a.title);
    }
    for n in &mut doc.notes {
        h(&mut n.text);
    }
    for a in &mut doc.actions {
        h(&mut a.text);
        a.owners.push(HOSTILE.to_owned());
    }
    for s in &mut doc.services {
        h(&mut s.name);
        h(&mut s.provider);
        h(&mut s.access_route);
        s.localities.push(HOSTILE.to_owned());
    }
    for g in &mut doc.gaps {
        h(&mut g.sentence);
    }
    if let Some(v) = &mut doc.vote {
        for c in &mut v.candidates {
            h(&mut c.text);
        }
        for voter in &mut v.voters {
            h(voter);
        }
        for c in &mut v.candidates {
            for d in &mut c.dots {
                h(&mut d.voter);
            }
        }
    }
    for c in doc
        .assessment
        .iter_mut()
        .filter(|c| !c.rationale.is_empty())
    {
        h(&mut c.rationale);
    }
    if let Some(s) = &mut doc.since_last_time {
        h(&mut s.title);
        for a in &mut s.actions {
            h(&mut a.text);
        }
        for n in &mut s.added {
            h(n);
        }
    }
    let text = page(&doc);
    let html = Html::parse_document(&text);
    assert_eq!(html.errors, Vec::<std::borrow::Cow<'_, str>>::new());
    assert!(select(&html, "script").is_empty());
    // No closing tag in the text closed anything: the same pictures and tables as before.
    let (_dir2, plain) = series_doc();
    let before = Html::parse_document(&page(&plain));
    for what in ["svg", "table", "tr", "section", "h2", "li"] {
        assert_eq!(
            select(&html, what).len(),
            select(&before, what).len(),
            "{what}"
        );
    }
    // Shown as typed, the overrides and escapes made harmless.
    let title = text_of(&select(&html, "h1")[0]);
    assert!(
        title.ends_with("<script>alert(1)</script></svg></table>\"'&amp; \u{FFFD}evil\u{FFFD}[2J"),
        "{title:?}"
    );
    assert!(!text.chars().any(thrive::text::is_unsafe));
    let body = text_of(&select(&html, "body")[0]);
    for place in ["Priorities", "Who is doing what", "Notes, by agenda item"] {
        assert!(body.contains(place), "{place}");
    }
    assert!(
        body.matches("alert(1)").count() > 20,
        "{}",
        body.matches("alert(1)").count()
    );
}

// ---- printed through a real browser

fn chromium() -> Option<std::path::PathBuf> {
    let found = export::pdf::browser().filter(|p| p.exists());
    if found.is_none() {
        // Straight to the terminal, past the test harness's capture: a skip is seen.
        use std::io::Write as _;
        let _ = writeln!(
            std::io::stderr().lock(),
            "report_html: browser test SKIPPED: no Chromium here to print with (apt-get install chromium; .ci/run installs it where it can)"
        );
    }
    found
}

fn pages_of(pdf: &Path) -> usize {
    if let Ok(out) = std::process::Command::new("pdfinfo").arg(pdf).output()
        && out.status.success()
    {
        let said = String::from_utf8_lossy(&out.stdout).into_owned();
        if let Some(n) = said
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
        {
            return n;
        }
    }
    // Without poppler: each page object says so, uncompressed, in Chromium's PDFs.
    let bytes = std::fs::read(pdf).expect("pdf");
    bytes
        .windows(11)
        .filter(|w| w == b"/Type /Page" || w == b"/Type/Page\n")
        .count()
}

/// A PNG that is not one colour: enough ink to be a page.
fn inked(png_file: &Path) -> f64 {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(png_file).expect("png"),
    ));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let channels = info.color_type.samples();
    let pixels = &buf[..info.buffer_size()];
    let dark = pixels
        .chunks(channels)
        .filter(|p| p.iter().take(3).map(|&c| u32::from(c)).sum::<u32>() < 3 * 200)
        .count();
    dark as f64 / (pixels.len() / channels) as f64
}

#[test]
fn chromium_prints_the_page_to_pdf_and_its_screenshot_is_not_blank() {
    let Some(browser) = chromium() else {
        return;
    };
    let (dir, db) = series_db();
    let pdf = dir.path().join("report.pdf");
    // A temporary folder whose name a file:// address must escape.
    let tmp = dir.path().join("a #b%20?c");
    std::fs::create_dir(&tmp).expect("tmp");
    let out = common::thrive_on(&db)
        .env("TMPDIR", &tmp)
        .args(["export", "--what", "report", "--format", "pdf", "-o"])
        .arg(&pdf)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read(&pdf).expect("pdf").starts_with(b"%PDF"));
    // Its work folder is gone once it has printed.
    assert_eq!(std::fs::read_dir(&tmp).expect("tmp").count(), 0);
    let pages = pages_of(&pdf);
    assert!(pages >= 3, "{pages} pages");

    let page = dir.path().join("report.html");
    let out = common::thrive_on(&db)
        .args(["export", "--what", "report", "--format", "html", "-o"])
        .arg(&page)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let shot = dir.path().join("shot.png");
    let mut command = std::process::Command::new(&browser);
    command.args([
        "--headless",
        "--disable-gpu",
        "--hide-scrollbars",
        "--window-size=1000,1400",
    ]);
    if std::fs::metadata("/proc/self").is_ok_and(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0) {
        command.arg("--no-sandbox");
    }
    let status = command
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("chromium runs");
    assert!(status.success());
    let ink = inked(&shot);
    assert!(
        ink > 0.02,
        "the screenshot is all but blank: {ink:.3} of it inked"
    );
}

#[test]
fn without_a_browser_the_page_is_left_and_one_line_says_how_to_get_a_pdf() {
    let (dir, db) = series_db();
    let out = common::thrive_on(&db)
        .env("PATH", dir.path())
        .env_remove("THRIVE_CHROMIUM")
        .args(["export", "--what", "report", "--format", "pdf", "-o"])
        .arg(dir.path().join("report.pdf"))
        .output()
        .expect("runs");
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(
        said.contains(&format!(
            "no Chromium is installed to print the PDF: open {} in a browser and print it to PDF",
            dir.path().join("report.html").display()
        )),
        "{said}"
    );
    assert!(dir.path().join("report.html").is_file());
    assert!(!dir.path().join("report.pdf").exists());
    // To standard output nothing is left to open: the line says how to write the page.
    let out = common::thrive_on(&db)
        .env("PATH", dir.path())
        .env_remove("THRIVE_CHROMIUM")
        .args(["export", "--format", "pdf", "-o", "-"])
        .output()
        .expect("runs");
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(out.stdout.is_empty());
    assert!(
        said.contains("write the page with --format html and print it from a browser"),
        "{said}"
    );
}

#[test]
fn a_finished_day_says_when_it_finished_against_the_plan() {
    let (_dir, doc) = first_doc();
    let html = Html::parse_document(&page(&doc));
    let day = text_of(&select(&html, "section[aria-labelledby=day] p")[0]);
    assert_eq!(
        day,
        "Ran 09:32–11:05 (planned 09:30–11:00). Finished at 11:05, 5 minutes after the planned 11:00."
    );
    let brief: Vec<String> = select(&html, ".headlines li").iter().map(text_of).collect();
    assert!(
        brief.contains(&"Finished at 11:05, 5 minutes after the planned 11:00.".to_owned()),
        "{brief:?}"
    );
}

#[test]
fn many_localities_are_drawn_as_several_grids_not_one_too_small_to_read() {
    let (_dir, mut doc) = series_doc();
    // The script names North and West; the event confirmed eleven more.
    let places: Vec<String> = (1..=11).map(|i| format!("Place {i:02}")).collect();
    doc.localities = places.clone();
    for (i, s) in doc.services.iter_mut().enumerate() {
        s.localities = vec![places[i % places.len()].clone()];
    }
    let html = Html::parse_document(&page(&doc));
    let captions: Vec<String> = select(&html, "figcaption[id^=heat-localities]")
        .iter()
        .map(text_of)
        .collect();
    // Thirteen columns go evenly: 5, 4 and 4 rather than 6, 6 and 1.
    assert_eq!(
        captions,
        [
            "Coverage by locality (1 of 3: North to Place 03)",
            "Coverage by locality (2 of 3: Place 04 to Place 07)",
            "Coverage by locality (3 of 3: Place 08 to Place 11)",
        ]
    );
    let grids = select(&html, "svg[aria-labelledby^=\"heat-localities\"]");
    let widths: Vec<usize> = grids
        .iter()
        .map(|svg| svg.select(&Selector::parse("g").expect("s")).count() / 5)
        .collect();
    assert_eq!(widths, [5, 4, 4]);
    // Every locality once, in order, each cell titled with its own place.
    let thriving: Vec<String> = grids
        .iter()
        .flat_map(|svg| {
            svg.select(&Selector::parse("g title").expect("s"))
                .map(|t| text_of(&t))
                .filter(|t| t.starts_with("Thriving, "))
                .collect::<Vec<_>>()
        })
        .map(|t| {
            t["Thriving, ".len()..]
                .split(':')
                .next()
                .unwrap_or("")
                .to_owned()
        })
        .collect();
    let mut all = vec!["North".to_owned(), "West".to_owned()];
    all.extend(places);
    assert_eq!(thriving, all);
}

#[test]
fn a_day_with_little_in_it_still_leads_with_three_findings_where_it_has_them() {
    let (_dir, mut doc) = series_doc();
    doc.assessment.clear();
    doc.vote = None;
    for a in &mut doc.actions {
        a.owners.clear();
    }
    let brief = |doc: &Document| -> Vec<String> {
        let html = Html::parse_document(&page(doc));
        select(&html, ".headlines li").iter().map(text_of).collect()
    };
    let said = brief(&doc);
    assert!(
        said.contains(&"7 actions, 6 still to do, and none has an owner yet.".to_owned()),
        "{said:?}"
    );
    doc.actions.clear();
    let said = brief(&doc);
    assert_eq!(said.len(), 3, "{said:?}");
    assert!(said[0].starts_with("6 services mapped"), "{said:?}");
    assert!(said[1].starts_with("Still under way"), "{said:?}");
    assert!(
        said[2].starts_with("Of the ")
            && said[2].contains("agreed at the last event, on Thursday 15 October 2026"),
        "{said:?}"
    );
    doc.since_last_time = None;
    let said = brief(&doc);
    assert_eq!(
        said[2],
        "Fewest services: Getting Risk Support (1); most: Getting Advice and Signposting (3).",
        "{said:?}"
    );
}

#[test]
fn the_day_is_weighed_against_its_plan_the_same_way_in_picture_table_and_sentence() {
    let (_dir, mut doc) = first_doc();
    // Trimmed by ten minutes on the day and run for 15 of its planned 20: under its plan,
    // so nothing is hatched, whatever was given or taken on the day.
    let a = &mut doc.agenda[0];
    a.extra_minutes = -10;
    let start = a.actual_start.expect("ran");
    a.planned_minutes = 20;
    a.minutes_taken = Some(15);
    a.actual_end = Some(start + chrono::TimeDelta::minutes(15));
    a.intervals.truncate(1);
    if let Some(i) = a.intervals.first_mut() {
        i.end = a.actual_end;
    }
    // And the last item was never run: an early finish says so.
    let last = doc.agenda.len() - 1;
    let l = &mut doc.agenda[last];
    l.actual_start = None;
    l.actual_end = None;
    l.minutes_taken = None;
    l.intervals.clear();
    let html = Html::parse_document(&page(&doc));
    let first_bar = &select(&html, "section[aria-labelledby=day] svg g")[0];
    assert!(
        !first_bar.html().contains("url(#over)"),
        "{}",
        first_bar.html()
    );
    assert!(!text_of(first_bar).contains('+'), "{}", first_bar.html());
    let row: Vec<String> = select(&html, "section[aria-labelledby=day] tbody tr")[0]
        .child_elements()
        .map(|c| text_of(&c))
        .collect();
    assert_eq!(row[5], "5 under");
    let said = text_of(&select(&html, "section[aria-labelledby=day] p")[0]);
    assert!(
        said.ends_with(&format!(
            " 1 of its {} items was not run.",
            doc.agenda.len()
        )),
        "{said}"
    );
}

#[test]
fn a_day_never_closed_written_up_later_says_what_the_record_holds() {
    let (_dir, mut doc) = series_doc();
    doc.exported_at += chrono::TimeDelta::days(9);
    let html = Html::parse_document(&page(&doc));
    let said = text_of(&select(&html, "section[aria-labelledby=day] p")[0]);
    assert!(
        said.starts_with("The day was not closed in thrive: the last time recorded is "),
        "{said}"
    );
    assert!(!said.contains("behind"), "{said}");
    // Left running overnight: the timeline's ticks stay few enough to read.
    let a = doc
        .agenda
        .iter_mut()
        .find(|a| a.actual_start.is_some())
        .expect("ran");
    a.actual_end = a.actual_start.map(|s| s + chrono::TimeDelta::hours(30));
    a.minutes_taken = Some(30 * 60);
    let html = Html::parse_document(&page(&doc));
    let ticks = select(&html, "section[aria-labelledby=day] svg > line").len();
    assert!((2..=11).contains(&ticks), "{ticks} ticks");
}

#[test]
fn a_map_with_nothing_placed_says_so_rather_than_no_gaps() {
    let (_dir, mut doc) = series_doc();
    for s in &mut doc.services {
        s.groupings.clear();
    }
    doc.gaps.clear();
    let html = Html::parse_document(&page(&doc));
    let brief: Vec<String> = select(&html, ".headlines li").iter().map(text_of).collect();
    assert_eq!(
        brief[0],
        "6 services mapped. No service was placed in a grouping, so no gaps could be found."
    );
    let map: Vec<String> = select(&html, "section[aria-labelledby=map] p")
        .iter()
        .map(text_of)
        .collect();
    assert!(
        map.contains(&"No service was placed in a grouping, so no gaps could be found.".to_owned()),
        "{map:?}"
    );
}

#[test]
fn the_page_waits_for_the_printer_in_a_folder_only_its_user_can_read() {
    use std::os::unix::fs::PermissionsExt as _;
    let (dir, db) = series_db();
    // A stand-in browser that notes what it was given and prints nothing.
    let seen = dir.path().join("seen");
    let fake = dir.path().join("fake-chromium");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in --print-to-pdf=*) p=\"${{a#--print-to-pdf=}}\";; esac; done\nd=$(dirname \"$p\")\nstat -c '%a' \"$d\" \"$d/report.html\" > {}\nexit 3\n",
            seen.display()
        ),
    )
    .expect("fake");
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).expect("mode");
    let out = common::thrive_on(&db)
        .env("THRIVE_CHROMIUM", &fake)
        .args(["export", "--what", "report", "--format", "pdf", "-o"])
        .arg(dir.path().join("report.pdf"))
        .output()
        .expect("runs");
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("Chromium did not print the PDF"), "{said}");
    assert_eq!(
        std::fs::read_to_string(&seen).expect("the browser ran"),
        "700\n600\n"
    );
}

#[test]
fn a_candidate_left_out_as_private_leaves_the_ranking_whole_and_its_dots_spent() {
    let (_dir, mut doc) = series_doc();
    let intro = |doc: &Document| {
        let html = Html::parse_document(&page(doc));
        let said = text_of(&select(&html, "section[aria-labelledby=priorities] p")[0]);
        let places: Vec<String> = select(
            &html,
            "section[aria-labelledby=priorities] table:first-of-type tbody tr",
        )
        .iter()
        .filter_map(|tr| tr.child_elements().next().map(|c| text_of(&c)))
        .collect();
        (said, places)
    };
    let (before, _) = intro(&doc);
    let vote = doc.vote.as_mut().expect("a vote");
    let top = vote
        .candidates
        .iter()
        .enumerate()
        .max_by_key(|(i, c)| (c.total, std::cmp::Reverse(*i)))
        .map(|(i, _)| i)
        .expect("a candidate");
    vote.candidates[top].private = true;
    let (after, places) = intro(&doc);
    assert_eq!(
        after, before,
        "dots on a left-out candidate are still spent"
    );
    // Of 3, 3 and 2 dots, one of the 3s left out: the others are first and second, not
    // a tie for first and a third.
    assert_eq!(places, ["1", "2"]);
}
