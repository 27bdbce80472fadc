//! `claimgraph timeline`: the figures chart as a file, on the sample corpus.

use std::fs;
use std::path::Path;
use std::process::Output;

mod common;

use common::*;

/// Runs `claimgraph timeline` on `store` with `args`, writing `output`.
fn timeline(store: &str, args: &[&str], output: &Path) -> Output {
    let output = output.display().to_string();
    let mut all = vec!["timeline", "--store", store];
    all.extend_from_slice(args);
    all.extend_from_slice(&["-o", &output]);
    run(&all)
}

/// The width and height a PNG's header gives.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (word(16), word(20))
}

#[test]
fn the_figures_chart_is_drawn_to_svg_and_png() {
    let dir = tempfile::tempdir().unwrap();
    let store = build_sample(dir.path());
    let svg = dir.path().join("figures.svg");
    let out = timeline(&store, &["--unit", "troops"], &svg);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = fs::read_to_string(&svg).unwrap();
    assert_well_formed_svg(&text);
    assert!(
        text.contains("National Intelligence Service (3)"),
        "the NIS gave three troop figures"
    );
    assert!(text.contains("12,000"), "the axis reaches 12,000");
    assert!(
        !text.contains("Kyrylo Budanov"),
        "Budanov's figure is of soldiers, not troops"
    );
    assert!(
        text.matches("<circle").count() >= 5,
        "one dot per figure and legend entry"
    );

    // The same store gives the same bytes.
    let again = dir.path().join("again.svg");
    let out = timeline(&store, &["--unit", "troops"], &again);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(fs::read(&svg).unwrap(), fs::read(&again).unwrap());

    // Every figure, in PNG at the size asked.
    let png = dir.path().join("figures.png");
    let out = timeline(&store, &["--size", "900x500"], &png);
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = fs::read(&png).unwrap();
    assert_eq!(png_size(&bytes), (900, 500));
    assert!(
        bytes.len() > 10_000,
        "a drawn chart, not a blank image: {} bytes",
        bytes.len()
    );

    // A proposition named by its words.
    let by_words = dir.path().join("sends.svg");
    let out = timeline(
        &store,
        &["--proposition", "North Korea sends troops to Russia"],
        &by_words,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = fs::read_to_string(&by_words).unwrap();
    assert!(text.contains("National Intelligence Service"), "{text}");
    assert!(
        !text.contains("Volodymyr Zelenskyy"),
        "Zelenskyy's figures are for other propositions"
    );
}

/// Tags open and close in order: the file is well-formed SVG.
fn assert_well_formed_svg(text: &str) {
    assert!(
        text.starts_with("<svg"),
        "not SVG: {}",
        &text[..text.len().min(100)]
    );
    assert!(text.trim_end().ends_with("</svg>"));
    assert_eq!(
        text.matches("<text").count(),
        text.matches("</text>").count()
    );
}

#[test]
fn timeline_errors_name_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let store = build_sample(dir.path());
    let gif = dir.path().join("figures.gif");
    let out = timeline(&store, &[], &gif);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("write .svg or .png"),
        "{}",
        stderr(&out)
    );
    assert!(!gif.exists());

    let none = dir.path().join("none.svg");
    let out = timeline(&store, &["--proposition", "zebras \" } DROP ALL"], &none);
    assert!(!out.status.success());
    let message = stderr(&out);
    assert!(message.contains("no dated figures for"), "{message}");
    assert_eq!(message.trim().lines().count(), 1, "{message}");
    assert!(!none.exists());

    let out = timeline(&store, &["--size", "10x10"], &none);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("not a size such as 1000x600"),
        "{}",
        stderr(&out)
    );

    let font = dir.path().join("font.ttf");
    fs::write(&font, b"not a font").unwrap();
    let png = dir.path().join("figures.png");
    let out = timeline(&store, &["--font", &font.display().to_string()], &png);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("cannot read the font"),
        "{}",
        stderr(&out)
    );
}
