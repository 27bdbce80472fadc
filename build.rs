//! Embeds the sample corpus (`data/articles/`) into the binary, so that
//! `claimgraph build` with no path works from any directory (and the canned
//! queries, which `claimgraph serve` offers), and
//! fingerprints the code that decides what an article's graph holds, so
//! that a build with changed rules re-extracts what an older one stored.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

/// The sources whose change can change an article's graph.
const EXTRACTOR_SOURCES: &[&str] = &[
    "src/article",
    "src/extract",
    "src/rdf",
    "src/date.rs",
    "src/vocab.rs",
];

fn main() {
    fingerprint_extractor();
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).to_owned();
    embed(
        "data/articles",
        &["txt", "md"],
        "/// The sample corpus: (file name, contents), sorted by name.",
        "SAMPLE_CORPUS",
        &out.join("sample_corpus.rs"),
    );
    embed(
        "examples/queries",
        &["rq"],
        "/// The canned queries: (file name, text), sorted by name.",
        "CANNED_QUERIES",
        &out.join("canned_queries.rs"),
    );
}

/// Writes `file` declaring `name`, the (file name, contents) of the files
/// in `dir` with one of `extensions`, sorted by name, each included with
/// `include_str!`.
fn embed(dir: &str, extensions: &[&str], doc: &str, name: &str, file: &Path) {
    let dir = Path::new(dir);
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| extensions.iter().any(|e| n.ends_with(&format!(".{e}"))))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut code = format!("{doc}\npub const {name}: &[(&str, &str)] = &[\n");
    for entry in &names {
        let path = fs::canonicalize(dir.join(entry)).expect("embedded file path");
        println!("cargo:rerun-if-changed={}", path.display());
        code.push_str(&format!(
            "    ({entry:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str("];\n");
    fs::write(file, code).expect("write the embedded list");
}

/// Sets `CLAIMGRAPH_EXTRACTOR_CODE` to an FNV-1a hash of the
/// [`EXTRACTOR_SOURCES`] (paths and contents, in sorted order). Not a
/// security measure: it only has to change when they do.
fn fingerprint_extractor() {
    let mut files = Vec::new();
    for source in EXTRACTOR_SOURCES {
        println!("cargo:rerun-if-changed={source}");
        collect(Path::new(source), &mut files);
    }
    files.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in &files {
        let contents = fs::read(file).expect("read an extractor source");
        for byte in file.to_string_lossy().bytes().chain([0]).chain(contents) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    println!("cargo:rustc-env=CLAIMGRAPH_EXTRACTOR_CODE={hash:016x}");
}

fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in fs::read_dir(path).expect("read a source folder").flatten() {
            collect(&entry.path(), files);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        files.push(path.to_owned());
    }
}
