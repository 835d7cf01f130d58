//! `--jobs N`: the files of a run checked on several threads, with a report byte for byte the
//! serial run's, in the same order.
//!
//! The run is planned first, in order and on one thread (what the inputs are, each folder
//! walked, files named twice dropped): that decides nothing from any file's content. Then every
//! file is checked on its own with its own [`Sink`] ([`Sink::for_one_file`]) and a provisional
//! index, in parallel (rayon's ordered map). Last, the results are taken in the plan's order as
//! the serial run takes them: each file gets the index the serial run gives it (a `.json` found
//! by name that is no OCR result takes none), its findings are renumbered to it and appended
//! ([`Sink::append`]). Standard input is read in its turn in that last step, on the calling
//! thread. A run with a limit on the findings kept stays serial (which findings a limit keeps
//! depends on the order they come in).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{
    check_entries, check_stdin, file_index, is_stdin, missing, no_files, walk_error, Config, Input,
    Seen, Source,
};
use crate::diag::Sink;
use crate::model::Filing;
use crate::report::FileSummary;
use crate::source::walk;

/// One step of the run, in order.
enum Step<'i> {
    Stdin,
    /// An input path that names nothing (or cannot be looked at).
    Missing(&'i Path),
    /// A file to check: the job of this number; `direct` for an input given as bytes (not
    /// found under a root).
    File(usize, bool),
    /// A folder that could not be listed.
    WalkError(PathBuf, std::io::Error),
    /// The end of an input path: said to hold no filing when none of its files was checked.
    RootEnd {
        root: &'i Path,
        unreadable: bool,
        named_before: bool,
    },
}

/// An input path walked: its folders that could not be listed, and whether it is one.
type Walked<'i> = (&'i Path, Vec<(PathBuf, std::io::Error)>, bool);

/// A file to check.
struct Job<'i> {
    src: Source<'i>,
    only_if_ocr: bool,
}

/// What one file's check made: a file, none (a `.json` that is no OCR result), or several
/// (the files of an encrypted medium), numbered from 0.
struct Done {
    summaries: Vec<FileSummary>,
    sink: Sink,
    filings: Vec<Filing>,
}

/// The number of threads `config.jobs` asks for (0: every core).
pub(super) fn threads(config: &Config) -> usize {
    match config.jobs {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
}

/// The run over `inputs` on `threads` threads; `None` when it is better done serially (a
/// limit, one file, no thread pool).
pub(super) fn run(
    inputs: &[Input],
    config: &Config,
    sink: &mut Sink,
    mut filings: Option<&mut Vec<Filing>>,
    threads: usize,
) -> Option<Vec<FileSummary>> {
    if sink.is_limited() || threads < 2 {
        return None;
    }
    let mut seen = Seen::default();
    let mut steps: Vec<Step<'_>> = Vec::new();
    let mut jobs: Vec<Job<'_>> = Vec::new();
    // Files found under the roots, kept alive for the jobs' `Source::Path`.
    let mut found: Vec<Vec<walk::Found>> = Vec::new();
    let mut roots: Vec<Walked<'_>> = Vec::new();
    for input in inputs {
        if let Input::Path(root) = input {
            if is_stdin(root) || std::fs::metadata(root).is_err() {
                continue;
            }
            let mut errors = Vec::new();
            let files = walk::filing_files(root, &mut errors);
            let unreadable = errors.iter().any(|(d, _)| d == root);
            found.push(files);
            roots.push((root, errors, unreadable));
        }
    }
    let mut roots = roots.into_iter();
    let mut found_iter = found.iter();
    for input in inputs {
        match input {
            Input::Path(p) if is_stdin(p) => {
                if seen.first(p) {
                    steps.push(Step::Stdin);
                }
            }
            Input::Bytes { name, data } => {
                steps.push(Step::File(jobs.len(), true));
                jobs.push(Job {
                    src: Source::Bytes { name, data },
                    only_if_ocr: false,
                });
            }
            // A folder in memory (the browser's, which has one thread): checked serially.
            Input::Folder { .. } => return None,
            Input::Path(root) if std::fs::metadata(root).is_err() => {
                if seen.first(root) {
                    steps.push(Step::Missing(root));
                }
            }
            Input::Path(_) => {
                let (Some((root, errors, unreadable)), Some(files)) =
                    (roots.next(), found_iter.next())
                else {
                    return None;
                };
                for (dir, e) in errors {
                    steps.push(Step::WalkError(dir, e));
                }
                let mut named_before = false;
                for f in files {
                    if !seen.first(&f.path) {
                        named_before = true;
                        continue;
                    }
                    steps.push(Step::File(jobs.len(), false));
                    jobs.push(Job {
                        src: Source::Path(&f.path),
                        only_if_ocr: f.if_ocr,
                    });
                }
                steps.push(Step::RootEnd {
                    root,
                    unreadable,
                    named_before,
                });
            }
        }
    }
    if jobs.len() < 2 {
        return None;
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .ok()?;
    let want_filings = filings.is_some();
    let template = sink.for_one_file();
    let done: Vec<Done> = pool.install(|| {
        jobs.par_iter()
            .map(|job| {
                let mut sink = template.for_one_file();
                let mut model = want_filings.then(Vec::new);
                // Numbered from 0 here; renumbered to the run's index when merged.
                let summaries = check_entries(
                    job.src,
                    job.only_if_ocr,
                    0,
                    config,
                    &mut sink,
                    model.as_mut(),
                );
                Done {
                    summaries,
                    sink,
                    filings: model.unwrap_or_default(),
                }
            })
            .collect()
    });
    let mut done: Vec<Option<Done>> = done.into_iter().map(Some).collect();
    let mut summaries: Vec<FileSummary> = Vec::new();
    // The files of the current root that were checked, before they join `summaries`.
    let mut checked: Vec<FileSummary> = Vec::new();
    for step in steps {
        match step {
            Step::Stdin => {
                let index = file_index(&summaries);
                let s = check_stdin(index, config, sink, filings.as_deref_mut());
                summaries.push(s);
            }
            Step::Missing(root) => missing(root, sink, &mut summaries),
            Step::WalkError(dir, e) => {
                let index = file_index(&summaries);
                summaries.push(walk_error(index, &dir, &e, sink));
            }
            Step::File(k, direct) => {
                let Some(Done {
                    summaries: mut these,
                    sink: mut file_sink,
                    filings: mut models,
                }) = done.get_mut(k).and_then(Option::take)
                else {
                    continue;
                };
                let index = file_index(&summaries) + file_index(&checked);
                if index != 0 {
                    renumber(&mut file_sink, &mut models, index);
                }
                sink.append(file_sink);
                if let Some(all) = filings.as_deref_mut() {
                    all.append(&mut models);
                }
                if direct {
                    summaries.append(&mut these);
                } else {
                    checked.append(&mut these);
                }
            }
            Step::RootEnd {
                root,
                unreadable,
                named_before,
            } => {
                no_files(root, checked.is_empty(), unreadable, named_before, sink);
                summaries.append(&mut checked);
            }
        }
    }
    Some(summaries)
}

/// Moves the findings and models of files checked as files 0, 1, … of the run to `offset`,
/// `offset + 1`, ….
fn renumber(sink: &mut Sink, filings: &mut [Filing], offset: u32) {
    let at = |f: u32| f.saturating_add(offset);
    for d in &mut sink.diagnostics {
        d.file = d.file.map(at);
        if let Some(r) = &mut d.record {
            r.file = at(r.file);
        }
    }
    for f in filings {
        f.file = at(f.file);
        for form in &mut f.forms {
            form.id.file = at(form.id.file);
        }
    }
}
