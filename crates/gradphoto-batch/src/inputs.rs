//! Where the photos come from: paths on the command line (files, or folders
//! walked recursively) and list files (`--files-from FILE|-`).
//!
//! Inputs are streamed, never collected: an [`InputSet`] can be iterated
//! twice (once to count and index the IDs, once to check), and standard
//! input is spooled to a temporary file so that the second pass sees the same
//! list.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

/// One file to check, or the reason it cannot be reached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    /// The path as given or as found by the walk.
    pub path: PathBuf,
    /// Set when the walk itself failed on this path (dangling link,
    /// unreadable folder).
    pub problem: Option<String>,
}

/// File extensions picked up when walking folders (any case).
pub const EXTENSIONS: &[&str] = &["jpg", "jpeg", "png"];

/// Whether a walked file is a photo by its extension.
pub fn is_photo(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// The inputs of one run.
#[derive(Debug, Default)]
pub struct InputSet {
    roots: Vec<PathBuf>,
    lists: Vec<PathBuf>,
    _spool: Option<tempfile::NamedTempFile>,
}

impl InputSet {
    /// Paths from the command line (files are taken whatever their
    /// extension; folders are walked for `.jpg`, `.jpeg` and `.png`).
    pub fn new(roots: Vec<PathBuf>) -> InputSet {
        InputSet {
            roots,
            ..InputSet::default()
        }
    }

    /// Add a list file: one path per line, `-` for standard input.
    ///
    /// # Errors
    /// Standard input cannot be spooled, or the list file cannot be opened.
    pub fn with_list(mut self, list: &Path) -> io::Result<InputSet> {
        if list == Path::new("-") {
            self = self.with_list_reader(io::stdin().lock())?;
        } else {
            File::open(list)
                .map_err(|e| io::Error::new(e.kind(), format!("cannot open list {}: {e}", list.display())))?;
            self.lists.push(list.to_owned());
        }
        Ok(self)
    }

    /// Add a list read from `reader`, spooled to a temporary file.
    ///
    /// # Errors
    /// I/O errors while spooling.
    pub fn with_list_reader(mut self, mut reader: impl Read) -> io::Result<InputSet> {
        let mut spool = tempfile::NamedTempFile::new()?;
        io::copy(&mut reader, &mut spool)?;
        spool.flush()?;
        self.lists.push(spool.path().to_owned());
        self._spool = Some(spool);
        Ok(self)
    }

    /// Whether no input was named at all.
    pub fn is_empty(&self) -> bool {
        self.roots.is_empty() && self.lists.is_empty()
    }

    /// Stream every input, in a stable order (folders sorted by name).
    pub fn iter(&self) -> impl Iterator<Item = Input> + '_ {
        let from_lists = self
            .lists
            .iter()
            .flat_map(|list| list_lines(list))
            .flat_map(|entry| match entry {
                Ok(path) => Box::new(walk(path)) as Box<dyn Iterator<Item = Input>>,
                Err(input) => Box::new(std::iter::once(input)),
            });
        self.roots.iter().cloned().flat_map(walk).chain(from_lists)
    }
}

fn list_lines(list: &Path) -> impl Iterator<Item = Result<PathBuf, Input>> {
    let reader = File::open(list).map(BufReader::new);
    let (lines, failure) = match reader {
        Ok(r) => (Some(r.lines()), None),
        Err(e) => (
            None,
            Some(Input {
                path: list.to_owned(),
                problem: Some(format!("cannot read the list: {e}")),
            }),
        ),
    };
    let list = list.to_owned();
    failure
        .map(Err)
        .into_iter()
        .chain(lines.into_iter().flatten().filter_map(move |line| match line {
            Ok(line) => {
                let line = line.trim_end_matches('\r');
                (!line.trim().is_empty()).then(|| Ok(PathBuf::from(line)))
            }
            Err(e) => Some(Err(Input {
                path: list.clone(),
                problem: Some(format!("cannot read the list: {e}")),
            })),
        }))
}

/// A file is itself; a folder is walked recursively, following links, in
/// name order.
fn walk(root: PathBuf) -> impl Iterator<Item = Input> {
    let is_dir = root.is_dir();
    let single = (!is_dir).then(|| Input {
        path: root.clone(),
        problem: None,
    });
    let walker = is_dir.then(|| {
        walkdir::WalkDir::new(&root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
    });
    single
        .into_iter()
        .chain(walker.into_iter().flatten().filter_map(move |entry| match entry {
            Ok(e) if e.file_type().is_file() && is_photo(e.path()) => Some(Input {
                path: e.into_path(),
                problem: None,
            }),
            Ok(_) => None,
            Err(e) => {
                let path = e.path().map_or_else(|| root.clone(), Path::to_path_buf);
                let reason = e.io_error().map_or_else(|| e.to_string(), ToString::to_string);
                // A photo we cannot reach or a folder we cannot enter is
                // reported as an input; anything else (a link loop, a
                // stray non-photo) is only logged.
                if is_photo(&path) || (e.io_error().is_some() && path.is_dir()) {
                    Some(Input {
                        path,
                        problem: Some(reason),
                    })
                } else {
                    tracing::warn!(path = %path.display(), reason, "skipped while walking");
                    None
                }
            }
        }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_folders_in_order_and_filters_by_extension() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("b/c")).unwrap();
        for name in ["b/c/3.JPG", "a.jpeg", "b/2.png", "notes.txt", "b/c/x.Jpg"] {
            std::fs::write(d.join(name), b"").unwrap();
        }
        let set = InputSet::new(vec![d.to_owned(), d.join("notes.txt")]);
        let found: Vec<_> = set
            .iter()
            .map(|i| i.path.strip_prefix(d).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(found, ["a.jpeg", "b/2.png", "b/c/3.JPG", "b/c/x.Jpg", "notes.txt"]);
        assert_eq!(set.iter().count(), 5, "iterable twice");
    }

    #[test]
    fn lists_and_broken_paths() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("a.jpg"), b"").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(d.join("gone.jpg"), d.join("dangling.jpg")).unwrap();
        let list = format!(
            "{}\r\n\n{}\n",
            d.join("a.jpg").display(),
            d.join("missing.jpg").display()
        );
        let set = InputSet::new(vec![]).with_list_reader(list.as_bytes()).unwrap();
        let got: Vec<_> = set.iter().collect();
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].path, d.join("missing.jpg"));
        #[cfg(unix)]
        {
            let walked: Vec<_> = InputSet::new(vec![d.to_owned()]).iter().collect();
            let dangling = walked
                .iter()
                .find(|i| i.path.ends_with("dangling.jpg"))
                .expect("dangling link reported");
            assert!(dangling.problem.is_some());
        }
    }
}
