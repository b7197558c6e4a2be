//! Crash-safe file replacement and the inter-process lock.
//!
//! Invariants: a reader (this process, another one, a person with an editor) sees either
//! the old file or the new one, never a mix: content goes to a temporary file in the same
//! folder, is fsynced, renamed over the target, and the folder is fsynced so the rename
//! itself survives a power loss. New files are created with mode 0600.
//! Writers of the same file, in any process, hold an exclusive `flock` on `<file>.lock`.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Identifies one version of a file on disk (a rename gives a new inode).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    pub ino: u64,
    pub len: u64,
    pub mtime_ns: i128,
}

pub fn stamp(path: &Path) -> io::Result<FileStamp> {
    let m = std::fs::metadata(path)?;
    Ok(FileStamp {
        ino: m.ino(),
        len: m.len(),
        mtime_ns: i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec()),
    })
}

/// Atomically replaces `path` with `contents`, mode 0600.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = parent_dir(path);
    let mut tmp = tempfile::Builder::new()
        .prefix(".authgate-")
        .suffix(".tmp")
        .permissions(std::fs::Permissions::from_mode(0o600))
        .tempfile_in(&dir)?;
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| {
        let err = e.error;
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
    })?;
    File::open(&dir)?.sync_all()?;
    Ok(())
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
