//! Embeds the sample corpus (`data/articles/`) into the binary, so that
//! `claimgraph build` with no path works from any directory.

use std::env;
use std::fs;
use std::path::Path;

fn main() {
    let dir = Path::new("data/articles");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".txt") || n.ends_with(".md"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut code = String::from("/// The sample corpus: (file name, contents), sorted by name.\n");
    code.push_str("pub const SAMPLE_CORPUS: &[(&str, &str)] = &[\n");
    for name in &names {
        let path = fs::canonicalize(dir.join(name)).expect("sample article path");
        println!("cargo:rerun-if-changed={}", path.display());
        code.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("sample_corpus.rs");
    fs::write(out, code).expect("write sample_corpus.rs");
}
