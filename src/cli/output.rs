//! Writing output files without losing anything.
//!
//! - The target is refused (exit 2, nothing written) when it is an input, lies inside an input
//!   folder, or is a file the run reads for its settings (`--config`, `--ocr-profile`,
//!   `--password-file`): compared by device
//!   and inode, so a hard link, a `..` or a symlinked folder does not get past.
//! - `-` is standard output. A character device or FIFO (`/dev/null`, `/dev/stdout`, a pipe) is
//!   written through as it is; a symbolic link, a directory, a block device or a socket is
//!   refused: a rename would replace the link itself, or turn a device into a regular file.
//! - A regular file is written to a temporary file beside it (a unique name created exclusively,
//!   mode 0600: the data may hold My Numbers), synced, then renamed over the target. The
//!   temporary file is removed on every error path and on Ctrl-C, SIGTERM and SIGHUP; a file that
//!   happens to have a temporary-looking name is never touched.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use todokede::diag::{redact, Text};

/// Where output goes, once it was found safe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Stdout,
    /// A character device or FIFO, written through.
    Device(PathBuf),
    /// A regular file (existing or not), replaced atomically.
    File(PathBuf),
}

/// The identity of a file: device and inode where the platform has them, else its canonical
/// path.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Identity {
    #[cfg(unix)]
    id: (u64, u64),
    #[cfg(not(unix))]
    id: PathBuf,
}

fn identity(path: &Path) -> Option<Identity> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = fs::metadata(path).ok()?;
        Some(Identity {
            id: (m.dev(), m.ino()),
        })
    }
    #[cfg(not(unix))]
    {
        Some(Identity {
            id: fs::canonicalize(path).ok()?,
        })
    }
}

/// Decides where `out` may be written. `inputs` are the files and folders the run reads;
/// `settings` the files it reads its settings from. The error says why not, for the user.
pub fn plan(out: &Path, inputs: &[&Path], settings: &[&Path]) -> Result<Target, Text> {
    if out.as_os_str() == "-" {
        return Ok(Target::Stdout);
    }
    let shown = redact::path(out);
    let refuse = |(ja, en): (&str, &str)| {
        Err(Text::new(
            format!("{shown}: {ja}。何も書いていません"),
            format!("{shown}: {en}; nothing was written"),
        ))
    };
    let meta = fs::symlink_metadata(out).ok();
    let mut target = Target::File(out.to_path_buf());
    if let Some(m) = &meta {
        let t = m.file_type();
        if t.is_symlink() {
            return refuse((
                "シンボリックリンクです（リンク先のファイルを指定してください）",
                "is a symbolic link (name the file it points to)",
            ));
        }
        if t.is_dir() {
            return refuse(("フォルダです", "is a directory"));
        }
        if !t.is_file() {
            if is_writable_device(&t) {
                target = Target::Device(out.to_path_buf());
            } else {
                return refuse((
                    "通常のファイルでも、キャラクタデバイスやFIFOでもありません",
                    "is not a regular file, a character device or a FIFO",
                ));
            }
        }
    }
    if let Target::File(_) = target {
        let me = identity(out);
        for i in inputs {
            let Some(id) = identity(i) else { continue };
            if me.as_ref() == Some(&id) {
                return refuse(("この実行の入力です", "is an input of this run"));
            }
            if i.is_dir() && inside(out, &id) {
                return refuse((
                    "この実行の入力フォルダの中にあります",
                    "is inside an input folder of this run",
                ));
            }
            // A kousei.xml is read with the package folder around it.
            let is_kousei = i
                .file_name()
                .is_some_and(|n| n.eq_ignore_ascii_case("kousei.xml"));
            let folder = i
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            if is_kousei && identity(folder).is_some_and(|f| inside(out, &f)) {
                return refuse((
                    "この実行の入力パッケージの中にあります",
                    "is inside an input package of this run",
                ));
            }
        }
        for s in settings {
            if me.is_some() && identity(s) == me {
                return refuse((
                    "この実行の設定ファイルです",
                    "is a settings file of this run",
                ));
            }
        }
    }
    Ok(target)
}

#[cfg(unix)]
fn is_writable_device(t: &fs::FileType) -> bool {
    use std::os::unix::fs::FileTypeExt;
    t.is_char_device() || t.is_fifo()
}

#[cfg(not(unix))]
fn is_writable_device(_: &fs::FileType) -> bool {
    false
}

/// True when the folder that would hold `out` is `dir` or lies below it.
fn inside(out: &Path, dir: &Identity) -> bool {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let Ok(parent) = fs::canonicalize(parent) else {
        return false;
    };
    parent
        .ancestors()
        .any(|a| identity(a).as_ref() == Some(dir))
}

/// Temporary files being written, removed by the signal handler.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Installs the handler that removes live temporary files on Ctrl-C, SIGTERM and SIGHUP, then
/// exits with 130. Called once, before the first temporary file is created.
fn install_handler() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            remove_live();
            std::process::exit(130);
        });
    });
}

/// Removes every temporary file being written (what the signal handler does).
fn remove_live() {
    let paths = match LIVE.lock() {
        Ok(mut l) => std::mem::take(&mut *l),
        Err(p) => std::mem::take(&mut *p.into_inner()),
    };
    for p in paths {
        let _ = fs::remove_file(p);
    }
}

fn forget(path: &Path) {
    if let Ok(mut l) = LIVE.lock() {
        l.retain(|p| p != path);
    }
}

/// An output being written. Dropped without [`Output::commit`], it leaves nothing behind.
pub struct Output {
    writer: BufWriter<Box<dyn Write>>,
    /// The temporary file of a regular-file target, and the target.
    temp: Option<(tempfile::NamedTempFile, PathBuf)>,
    /// A spooled output ([`Output::spooled`]): the anonymous file written, and where it goes.
    spool: Option<(fs::File, Target)>,
}

impl Output {
    /// Opens `target` for writing: for a file, a fresh temporary file beside it.
    pub fn open(target: &Target) -> io::Result<Output> {
        let (inner, temp): (Box<dyn Write>, _) = match target {
            Target::Stdout => (Box::new(io::stdout().lock()), None),
            Target::Device(p) => (Box::new(fs::OpenOptions::new().write(true).open(p)?), None),
            Target::File(p) => {
                install_handler();
                let dir = match p.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                let name = p.file_name().ok_or_else(|| {
                    io::Error::new(io::ErrorKind::InvalidInput, "the output has no file name")
                })?;
                // The lock is held from creating to registering, so that the signal handler
                // (which takes it) cannot run between the two and miss the file.
                let mut live = LIVE.lock().map_err(|_| io::Error::other("lock poisoned"))?;
                let tmp = tempfile::Builder::new()
                    .prefix(&format!(".{}.", name.to_string_lossy()))
                    .suffix(".tmp")
                    .tempfile_in(dir)?;
                live.push(tmp.path().to_path_buf());
                drop(live);
                let file = tmp.as_file().try_clone()?;
                (Box::new(file), Some((tmp, p.clone())))
            }
        };
        Ok(Output {
            writer: BufWriter::with_capacity(64 * 1024, inner),
            temp,
            spool: None,
        })
    }

    /// Opens `target` so that nothing reaches it before [`Output::commit`]: a file as with
    /// [`Output::open`]; standard output or a device through an anonymous temporary file
    /// (no name, mode 0600, gone when the process ends), copied there on commit. For an
    /// output that is written as it is made and may still be refused.
    pub fn spooled(target: &Target) -> io::Result<Output> {
        if let Target::File(_) = target {
            return Output::open(target);
        }
        let file = tempfile::tempfile()?;
        let inner = file.try_clone()?;
        Ok(Output {
            writer: BufWriter::with_capacity(64 * 1024, Box::new(inner)),
            temp: None,
            spool: Some((file, target.clone())),
        })
    }

    /// What was written so far, to read from its start (to check it before it is committed).
    pub fn reread(&mut self) -> io::Result<fs::File> {
        use std::io::{Seek, SeekFrom};
        self.writer.flush()?;
        if let Some((tmp, _)) = &self.temp {
            return fs::File::open(tmp.path());
        }
        match &self.spool {
            Some((file, _)) => {
                let mut f = file.try_clone()?;
                f.seek(SeekFrom::Start(0))?;
                Ok(f)
            }
            None => Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "this output cannot be read back",
            )),
        }
    }

    /// Finishes writing a file target without replacing it yet: synced and closed (no file
    /// handle is kept), to be renamed over `target` by [`Parked::commit`] (which may name
    /// another target than the one opened).
    pub fn park(mut self) -> io::Result<Parked> {
        self.writer.flush()?;
        let Some((tmp, target)) = self.temp.take() else {
            return Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "only a file output can be parked",
            ));
        };
        if let Err(e) = tmp.as_file().sync_all() {
            forget(tmp.path());
            return Err(e);
        }
        Ok(Parked {
            temp: Some(tmp.into_temp_path()),
            target,
        })
    }

    /// Where to write.
    pub fn writer(&mut self) -> &mut dyn Write {
        &mut self.writer
    }

    /// Finishes the output: flushed; a temporary file synced and renamed over the target.
    pub fn commit(mut self) -> io::Result<()> {
        self.writer.flush()?;
        if let Some((mut file, target)) = self.spool.take() {
            use std::io::{Seek, SeekFrom};
            file.seek(SeekFrom::Start(0))?;
            let mut to: Box<dyn Write> = match &target {
                Target::Device(p) => Box::new(fs::OpenOptions::new().write(true).open(p)?),
                _ => Box::new(io::stdout().lock()),
            };
            io::copy(&mut file, &mut to)?;
            return to.flush();
        }
        let Some((tmp, target)) = self.temp.take() else {
            return Ok(());
        };
        let path = tmp.path().to_path_buf();
        if let Err(e) = tmp.as_file().sync_all() {
            forget(&path);
            return Err(e);
        }
        rename_live(tmp.into_temp_path(), &target)
    }
}

/// Renames `tmp` over `target` under the lock the signal handler takes: once the handler has
/// taken the live files (it removes them and exits), the target is never replaced. On failure
/// the temporary path comes back in the error and is dropped: removed.
fn rename_live(tmp: tempfile::TempPath, target: &Path) -> io::Result<()> {
    let path = tmp.to_path_buf();
    let mut live = LIVE.lock().map_err(|_| io::Error::other("lock poisoned"))?;
    if !live.contains(&path) {
        return Err(io::Error::new(
            io::ErrorKind::Interrupted,
            "interrupted by a signal",
        ));
    }
    let result = tmp.persist(target).map_err(|e| e.error);
    live.retain(|p| p != &path);
    result
}

impl Drop for Output {
    fn drop(&mut self) {
        // Not committed: the NamedTempFile removes itself as it drops.
        if let Some((tmp, _)) = &self.temp {
            forget(tmp.path());
        }
    }
}

/// A file output written to the end and closed, not yet renamed over its target. Dropped
/// without [`Parked::commit`], it leaves nothing behind.
pub struct Parked {
    temp: Option<tempfile::TempPath>,
    target: PathBuf,
}

impl Parked {
    /// Renames the temporary file over `target` (the one opened when `None`).
    pub fn commit(mut self, target: Option<&Path>) -> io::Result<()> {
        let Some(tmp) = self.temp.take() else {
            return Ok(());
        };
        rename_live(tmp, target.unwrap_or(&self.target))
    }
}

impl Drop for Parked {
    fn drop(&mut self) {
        // Not committed: the TempPath removes the file as it drops.
        if let Some(tmp) = &self.temp {
            forget(tmp);
        }
    }
}

/// Writes `bytes` to `target` (see [`Output`]).
pub fn write_all(target: &Target, bytes: &[u8]) -> io::Result<()> {
    let mut out = Output::open(target)?;
    out.writer().write_all(bytes)?;
    out.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tests that write temporary files run one at a time: the handler's body removes every
    /// live temporary file of the process, also another test's.
    static SERIAL: Mutex<()> = Mutex::new(());

    fn serial() -> std::sync::MutexGuard<'static, ()> {
        SERIAL.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn files_in(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn an_uncommitted_output_leaves_nothing_and_a_committed_one_only_the_target() {
        let _serial = serial();
        let dir = tempfile::tempdir().unwrap();
        let target = Target::File(dir.path().join("report.json"));
        // A file that looks like a temporary file of ours is never touched.
        fs::write(dir.path().join(".report.json.tmp"), b"keep").unwrap();
        let mut out = Output::open(&target).unwrap();
        out.writer().write_all(b"half").unwrap();
        out.writer().flush().unwrap();
        assert_eq!(
            files_in(dir.path()).len(),
            2,
            "the temporary file exists while writing"
        );
        drop(out);
        assert_eq!(files_in(dir.path()), vec![".report.json.tmp"]);
        write_all(&target, b"whole").unwrap();
        assert_eq!(
            files_in(dir.path()),
            vec![".report.json.tmp", "report.json"]
        );
        assert_eq!(fs::read(dir.path().join("report.json")).unwrap(), b"whole");
        assert_eq!(
            fs::read(dir.path().join(".report.json.tmp")).unwrap(),
            b"keep"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.path().join("report.json"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn the_signal_handler_removes_what_is_being_written() {
        let _serial = serial();
        let dir = tempfile::tempdir().unwrap();
        let mut out = Output::open(&Target::File(dir.path().join("r.sarif"))).unwrap();
        out.writer().write_all(b"{").unwrap();
        assert_eq!(files_in(dir.path()).len(), 1);
        remove_live();
        assert!(files_in(dir.path()).is_empty());
        // Committing after the handler ran fails; nothing appears.
        assert!(out.commit().is_err());
        assert!(files_in(dir.path()).is_empty());
    }

    #[test]
    fn targets_that_must_not_be_replaced_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("SHFD0006.CSV");
        fs::write(&input, b"x").unwrap();
        let pkg = dir.path().join("pkg");
        fs::create_dir_all(pkg.join("4950013521019000")).unwrap();
        let kousei = pkg.join("4950013521019000/kousei.xml");
        fs::write(&kousei, b"<a/>").unwrap();
        let profile = dir.path().join("profile.toml");
        fs::write(&profile, b"").unwrap();
        let refused = |out: &Path, inputs: &[&Path]| plan(out, inputs, &[&profile]).is_err();
        assert!(refused(&input, &[&input]));
        assert!(refused(&dir.path().join("./SHFD0006.CSV"), &[&input]));
        assert!(refused(
            &pkg.join("4950013521019000/../4950013521019000/kousei.xml"),
            &[&pkg]
        ));
        assert!(refused(&pkg.join("new.json"), &[&pkg]));
        assert!(refused(&pkg.join("4950013521019000/new.json"), &[&kousei]));
        assert!(refused(&profile, &[&input]));
        assert!(refused(dir.path(), &[&input]));
        #[cfg(unix)]
        {
            let link = dir.path().join("hard");
            fs::hard_link(&input, &link).unwrap();
            assert!(refused(&link, &[&input]));
            let sym = dir.path().join("sym");
            std::os::unix::fs::symlink(dir.path().join("elsewhere"), &sym).unwrap();
            assert!(refused(&sym, &[&input]));
            assert_eq!(
                plan(Path::new("/dev/null"), &[&input], &[]),
                Ok(Target::Device("/dev/null".into()))
            );
        }
        assert_eq!(plan(Path::new("-"), &[&input], &[]), Ok(Target::Stdout));
        let fresh = dir.path().join("report.json");
        assert_eq!(
            plan(&fresh, &[&input], &[&profile]),
            Ok(Target::File(fresh.clone()))
        );
    }
}
