//! Crash-safe file replacement, the inter-process lock, and the compare-and-swap that
//! keeps a person's edit of the file from being overwritten.
//!
//! Invariants:
//! * a reader (this process, another one, a person with an editor) sees either the old
//!   file or the new one, never a mix: content goes to a temporary file in the same folder,
//!   is fsynced, swapped in by a rename, and the folder is fsynced so the rename itself
//!   survives a power loss. New files are created with mode 0600;
//! * [`replace_if_unchanged`] replaces a file only if it still is the version the caller
//!   read (a [`Snapshot`]: its bytes and an open handle on its inode). The new file is
//!   swapped in with `renameat2(RENAME_EXCHANGE)`, which leaves what it replaced under the
//!   temporary name, and that is compared with what was read: same inode, same bytes.
//!   Anything else (an editor's rename, or its save in place into the inode that was read,
//!   up to the moment of the check) is swapped straight back and reported as
//!   [`Replace::Moved`], for the caller to redo its change on that version. So no version
//!   an editor saved is ever unlinked by a writer that had not read it. Where the file
//!   system has no exchange (some network file systems), a last look right before a plain
//!   rename narrows the window instead, and a save in place that still lands in the old
//!   inode is put back;
//! * writers of the same file, in any process, hold an exclusive `flock` on `<file>.lock`.
//!   Editors do not, which is why the compare-and-swap exists.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// Identifies one version of a file on disk (a rename gives a new inode).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    pub ino: u64,
    pub len: u64,
    pub mtime_ns: i128,
}

pub fn stamp(path: &Path) -> io::Result<FileStamp> {
    Ok(stamp_of(&std::fs::metadata(path)?))
}

fn stamp_of(m: &std::fs::Metadata) -> FileStamp {
    FileStamp {
        ino: m.ino(),
        len: m.len(),
        mtime_ns: i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec()),
    }
}

impl FileStamp {
    /// Time since this version was last written; `None` when its time is ahead of the
    /// clock (copied from a machine whose clock is ahead, or set by hand).
    pub fn age(&self) -> Option<Duration> {
        let nanos = u64::try_from(self.mtime_ns).ok()?;
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH + Duration::from_nanos(nanos))
            .ok()
    }
}

/// One version of a file as read: its bytes, and an open handle on the inode they came
/// from, to tell later whether anyone wrote into that inode since.
#[derive(Debug)]
pub struct Snapshot {
    file: File,
    pub stamp: FileStamp,
    pub bytes: Vec<u8>,
}

impl Snapshot {
    /// Reads `path`. A read racing a save in place could return a mix of two versions, so
    /// it is repeated until the file holds still across one read (a few tries; a file
    /// that never does is returned as last read, and the compare-and-swap still catches
    /// whatever changes after).
    pub fn read(path: &Path) -> io::Result<Self> {
        let mut tries = 0;
        loop {
            tries += 1;
            let mut file = File::open(path)?;
            let before = stamp_of(&file.metadata()?);
            let mut bytes = Vec::with_capacity(usize::try_from(before.len).unwrap_or(0) + 1);
            file.read_to_end(&mut bytes)?;
            let after = stamp_of(&file.metadata()?);
            let whole = before == after && u64::try_from(bytes.len()).ok() == Some(after.len);
            if whole || tries >= 5 {
                return Ok(Self {
                    file,
                    stamp: after,
                    bytes,
                });
            }
        }
    }

    /// Whether the inode that was read still holds exactly the bytes read (a save in
    /// place changes them; a rename over the path does not, see [`replace_if_unchanged`]).
    pub fn unchanged(&self) -> io::Result<bool> {
        Ok(self.current_bytes()? == self.bytes)
    }

    /// What the inode that was read holds now.
    fn current_bytes(&self) -> io::Result<Vec<u8>> {
        read_from_start(&self.file)
    }
}

/// Atomically replaces `path` with `contents` in a new file, mode 0600 and owned by this
/// process's user, whatever `path` is now: a symbolic link there is replaced, never
/// followed, and an existing file's mode and owner are not kept. For files only authgate
/// writes, or writes anew (`authgate export`); see [`replace_if_unchanged`] for one people
/// edit too.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = parent_dir(path);
    let tmp = temp_with(&dir, contents)?;
    tmp.persist(path).map_err(|e| explain_busy(path, e.error))?;
    File::open(&dir)?.sync_all()?;
    Ok(())
}

/// A new private temporary file in `dir` holding `contents`, on disk: created by this
/// call (`O_EXCL`), never through a symbolic link (`O_NOFOLLOW`), mode 0600, ours.
fn temp_with(dir: &Path, contents: &[u8]) -> io::Result<tempfile::NamedTempFile> {
    let no_follow = i32::try_from(rustix::fs::OFlags::NOFOLLOW.bits()).unwrap_or(0);
    let mut tmp = tempfile::Builder::new()
        .prefix(".authgate-")
        .suffix(".tmp")
        .make_in(dir, |path| {
            OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .mode(0o600)
                .custom_flags(no_follow)
                .open(path)
        })?;
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

/// A rename onto a single-file bind mount fails with EBUSY: say what to do instead.
fn explain_busy(path: &Path, err: io::Error) -> io::Error {
    if err.raw_os_error() == Some(16) || err.kind() == io::ErrorKind::ResourceBusy {
        io::Error::new(
            err.kind(),
            format!(
                "cannot replace {}: {err}. It looks like a single file bind mount (Docker); \
                 mount the folder that contains it instead, so it can be replaced atomically",
                path.display()
            ),
        )
    } else {
        err
    }
}

/// How [`replace_if_unchanged`] ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    /// The file now holds the new contents; the stamp of that version.
    Done(FileStamp),
    /// The file was no longer the version read (or was gone): nothing was replaced, and
    /// the path names the newest version someone saved.
    Moved,
}

/// Replaces `path` with `contents` (mode 0600, durable) only if it still is the version
/// `base` read. A symbolic link at `path` is kept: its target is replaced.
pub fn replace_if_unchanged(path: &Path, base: &Snapshot, contents: &[u8]) -> io::Result<Replace> {
    replace_with_window(path, base, contents, &mut |_| {})
}

/// [`replace_if_unchanged`], calling `meanwhile` with the path right after the new file
/// went in (tests play an editor saving at that moment).
fn replace_with_window(
    path: &Path,
    base: &Snapshot,
    contents: &[u8],
    meanwhile: &mut dyn FnMut(&Path),
) -> io::Result<Replace> {
    let path = match std::fs::canonicalize(path) {
        Ok(p) => p,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Replace::Moved),
        Err(e) => return Err(e),
    };
    let dir = parent_dir(&path);
    let tmp = temp_with(&dir, contents)?;
    let ours = stamp_of(&tmp.as_file().metadata()?);
    match exchange(tmp.path(), &path) {
        Ok(()) => {}
        Err(e) if exchange_unsupported(&e) => return replace_by_rename(&path, base, tmp, ours),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Replace::Moved),
        Err(e) => return Err(explain_busy(&path, e)),
    }
    meanwhile(&path);
    // `tmp` now names what `path` named a moment ago.
    let displaced = std::fs::symlink_metadata(tmp.path())?;
    if displaced.ino() == base.stamp.ino && base.unchanged()? {
        File::open(&dir)?.sync_all()?;
        drop(tmp);
        return Ok(Replace::Done(ours));
    }
    // Someone saved since `base` was read: their version goes straight back.
    exchange(tmp.path(), &path)?;
    // For the moment ours was in place, the path named it: an editor may have saved into
    // it, or renamed another file over it. Either is newer than the version just put
    // back, and is what its author meant the file to be: it stays. Only ours, untouched,
    // goes.
    let back_is_ours = std::fs::symlink_metadata(tmp.path())?.ino() == ours.ino
        && read_from_start(tmp.as_file())? == contents;
    if !back_is_ours {
        std::fs::rename(tmp.path(), &path)?;
    }
    File::open(&dir)?.sync_all()?;
    Ok(Replace::Moved)
}

fn read_from_start(mut f: &File) -> io::Result<Vec<u8>> {
    f.rewind()?;
    let mut bytes = Vec::new();
    f.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The fallback without an exchange: a last look, then a plain rename.
fn replace_by_rename(
    path: &Path,
    base: &Snapshot,
    tmp: tempfile::NamedTempFile,
    ours: FileStamp,
) -> io::Result<Replace> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.ino() == base.stamp.ino && base.unchanged()? => {}
        Ok(_) => return Ok(Replace::Moved),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Replace::Moved),
        Err(e) => return Err(e),
    }
    tmp.persist(path).map_err(|e| explain_busy(path, e.error))?;
    File::open(parent_dir(path))?.sync_all()?;
    // A save in place after the last look went into the old inode, still open here: it
    // goes back (over ours, which holds the change that did not see it).
    let late = base.current_bytes()?;
    if late != base.bytes {
        write_atomic(path, &late)?;
        return Ok(Replace::Moved);
    }
    Ok(Replace::Done(ours))
}

/// Swaps what `a` and `b` name, atomically.
#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    rustix::fs::renameat_with(
        rustix::fs::CWD,
        a,
        rustix::fs::CWD,
        b,
        rustix::fs::RenameFlags::EXCHANGE,
    )
    .map_err(io::Error::from)
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// The kernel or the file system cannot exchange (EINVAL, ENOSYS, EOPNOTSUPP).
fn exchange_unsupported(e: &io::Error) -> bool {
    use rustix::io::Errno;
    e.kind() == io::ErrorKind::Unsupported
        || Errno::from_io_error(e)
            .is_some_and(|n| [Errno::INVAL, Errno::NOSYS, Errno::OPNOTSUPP].contains(&n))
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// `<file>.lock` next to the file.
pub fn lock_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".lock");
    PathBuf::from(s)
}

/// Holds the exclusive lock until dropped.
#[derive(Debug)]
pub struct FileLock {
    file: File,
}

impl FileLock {
    /// Waits up to `timeout` for the lock on `<path>.lock`.
    pub fn acquire(path: &Path, timeout: Duration) -> io::Result<Self> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .mode(0o600)
            .open(lock_path(path))?;
        let deadline = Instant::now() + timeout;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Self { file }),
                Err(std::fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(io::Error::new(
                        io::ErrorKind::WouldBlock,
                        format!("{} is held by another process", lock_path(path).display()),
                    ));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(e),
            }
        }
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn atomic_writes_replace_the_file_and_leave_it_private() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let p = dir.path().join("users.yaml");
        std::fs::write(&p, "old")?;
        write_atomic(&p, b"new")?;
        assert_eq!(std::fs::read_to_string(&p)?, "new");
        assert_eq!(std::fs::metadata(&p)?.permissions().mode() & 0o777, 0o600);
        let leftovers = std::fs::read_dir(dir.path())?
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            })
            .count();
        assert_eq!(leftovers, 0);
        Ok(())
    }

    /// A fresh directory holding `c.yaml` with "old" in it, and that version as read.
    fn old_file() -> io::Result<(tempfile::TempDir, PathBuf, Snapshot)> {
        let dir = tempfile::tempdir()?;
        let p = dir.path().join("c.yaml");
        std::fs::write(&p, "old")?;
        let base = Snapshot::read(&p)?;
        Ok((dir, p, base))
    }

    fn temp_files(dir: &Path) -> io::Result<usize> {
        Ok(std::fs::read_dir(dir)?
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            })
            .count())
    }

    #[test]
    fn a_replace_goes_through_when_the_file_is_still_the_version_read() -> io::Result<()> {
        let (dir, p, base) = old_file()?;
        assert!(matches!(
            replace_if_unchanged(&p, &base, b"new")?,
            Replace::Done(_)
        ));
        assert_eq!(std::fs::read_to_string(&p)?, "new");
        assert_eq!(std::fs::metadata(&p)?.permissions().mode() & 0o777, 0o600);
        assert_eq!(temp_files(dir.path())?, 0);
        Ok(())
    }

    #[test]
    fn a_save_in_place_after_the_read_stays_and_nothing_is_replaced() -> io::Result<()> {
        let (dir, p, base) = old_file()?;
        // Same length, same inode: only the bytes tell.
        std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(&p)?
            .write_all(b"ed!")?;
        assert_eq!(replace_if_unchanged(&p, &base, b"new")?, Replace::Moved);
        assert_eq!(std::fs::read_to_string(&p)?, "ed!");
        assert_eq!(std::fs::metadata(&p)?.ino(), base.stamp.ino);
        assert_eq!(temp_files(dir.path())?, 0);
        Ok(())
    }

    #[test]
    fn a_rename_over_the_file_after_the_read_stays_and_nothing_is_replaced() -> io::Result<()> {
        let (dir, p, base) = old_file()?;
        let saved = dir.path().join("c.yaml.swp");
        std::fs::write(&saved, "edited")?;
        std::fs::rename(&saved, &p)?;
        assert_eq!(replace_if_unchanged(&p, &base, b"new")?, Replace::Moved);
        assert_eq!(std::fs::read_to_string(&p)?, "edited");
        assert_eq!(temp_files(dir.path())?, 0);
        Ok(())
    }

    #[test]
    fn a_file_gone_since_the_read_is_not_recreated() -> io::Result<()> {
        let (dir, p, base) = old_file()?;
        std::fs::remove_file(&p)?;
        assert_eq!(replace_if_unchanged(&p, &base, b"new")?, Replace::Moved);
        assert!(!p.exists());
        assert_eq!(temp_files(dir.path())?, 0);
        Ok(())
    }

    #[test]
    fn a_symbolic_link_is_kept_and_its_target_replaced() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let target = dir.path().join("real.yaml");
        let link = dir.path().join("c.yaml");
        std::fs::write(&target, "old")?;
        std::os::unix::fs::symlink(&target, &link)?;
        let base = Snapshot::read(&link)?;
        assert!(matches!(
            replace_if_unchanged(&link, &base, b"new")?,
            Replace::Done(_)
        ));
        assert!(std::fs::symlink_metadata(&link)?.file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&target)?, "new");
        Ok(())
    }

    /// An editor's save while the new file is in place, after another save had replaced
    /// the version read: the later save is the one that stays.
    #[test]
    fn a_save_into_the_new_file_while_it_is_in_place_is_kept_over_an_older_one() -> io::Result<()> {
        let (dir, p, base) = old_file()?;
        let renamed = dir.path().join("c.yaml.swp");
        std::fs::write(&renamed, "first save")?;
        std::fs::rename(&renamed, &p)?;
        let outcome = replace_with_window(&p, &base, b"new", &mut |path| {
            // In place, into what the path names now: the new file.
            if let Ok(mut f) = std::fs::OpenOptions::new()
                .write(true)
                .truncate(true)
                .open(path)
            {
                let _ = f.write_all(b"second save");
            }
        })?;
        assert_eq!(outcome, Replace::Moved);
        assert_eq!(std::fs::read_to_string(&p)?, "second save");
        assert_eq!(temp_files(dir.path())?, 0);

        // The same with the second save a rename.
        let base = Snapshot::read(&p)?;
        std::fs::write(&renamed, "third save")?;
        std::fs::rename(&renamed, &p)?;
        let fourth = dir.path().join("c.yaml.4");
        std::fs::write(&fourth, "fourth save")?;
        let outcome = replace_with_window(&p, &base, b"new", &mut |path| {
            let _ = std::fs::rename(&fourth, path);
        })?;
        assert_eq!(outcome, Replace::Moved);
        assert_eq!(std::fs::read_to_string(&p)?, "fourth save");
        assert_eq!(temp_files(dir.path())?, 0);
        Ok(())
    }

    /// A save into the new file after the check found the version read untouched: it is
    /// in place already, and stays.
    #[test]
    fn a_save_into_the_new_file_after_a_clean_replace_stays() -> io::Result<()> {
        let (dir, p, base) = old_file()?;
        let outcome = replace_with_window(&p, &base, b"new", &mut |path| {
            let _ = std::fs::write(path, "edited");
        })?;
        assert!(matches!(outcome, Replace::Done(_)));
        assert_eq!(std::fs::read_to_string(&p)?, "edited");
        assert_eq!(temp_files(dir.path())?, 0);
        Ok(())
    }

    /// What a file system without `RENAME_EXCHANGE` gets: the last look before the rename.
    #[test]
    fn without_an_exchange_a_save_before_the_last_look_still_stays() -> io::Result<()> {
        let (dir, p, base) = old_file()?;
        let tmp = temp_with(dir.path(), b"new")?;
        let ours = stamp_of(&tmp.as_file().metadata()?);
        std::fs::write(&p, "ed!")?;
        assert_eq!(replace_by_rename(&p, &base, tmp, ours)?, Replace::Moved);
        assert_eq!(std::fs::read_to_string(&p)?, "ed!");

        let base = Snapshot::read(&p)?;
        let tmp = temp_with(dir.path(), b"new")?;
        let ours = stamp_of(&tmp.as_file().metadata()?);
        assert!(matches!(
            replace_by_rename(&p, &base, tmp, ours)?,
            Replace::Done(_)
        ));
        assert_eq!(std::fs::read_to_string(&p)?, "new");
        assert_eq!(temp_files(dir.path())?, 0);
        Ok(())
    }

    #[test]
    fn a_second_lock_holder_waits_and_then_gives_up() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let p = dir.path().join("c.yaml");
        let first = FileLock::acquire(&p, Duration::from_millis(10))?;
        let second = FileLock::acquire(&p, Duration::from_millis(30));
        assert!(second.is_err());
        drop(first);
        assert!(FileLock::acquire(&p, Duration::from_millis(30)).is_ok());
        Ok(())
    }
}
