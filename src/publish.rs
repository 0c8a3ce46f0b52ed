//! Publishing a build: tables are written to a staging folder beside the
//! output folder and swapped in with one atomic rename, under a lock, so a
//! notebook never reads half-written tables and two builds never interleave.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Holds the output folder's lock for as long as it lives.
#[derive(Debug)]
pub struct Lock {
    _file: File,
    pub path: PathBuf,
}

/// The lock file that guards `output`: a sibling, so it survives the swap.
pub fn lock_path(output: &Path) -> PathBuf {
    let name = output
        .file_name()
        .map_or_else(|| "outputs".into(), |n| n.to_string_lossy().into_owned());
    output.with_file_name(format!(".{name}.lock"))
}

/// Takes the lock, waiting for it when `wait` is set.
pub fn lock(output: &Path, wait: bool) -> Result<Lock> {
    let path = lock_path(output);
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| Error::Write {
            path: parent.to_owned(),
            message: e.to_string(),
        })?;
    }
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::Write {
            path: path.clone(),
            message: e.to_string(),
        })?;
    if wait {
        file.lock().map_err(|e| Error::Write {
            path: path.clone(),
            message: e.to_string(),
        })?;
    } else if let Err(e) = file.try_lock() {
        return Err(Error::Locked {
            path: path.clone(),
            message: e.to_string(),
        });
    }
    Ok(Lock { _file: file, path })
}

/// A fresh staging folder beside `output`.
pub fn staging_dir(output: &Path, run_id: &str) -> Result<PathBuf> {
    let name = output
        .file_name()
        .map_or_else(|| "outputs".into(), |n| n.to_string_lossy().into_owned());
    let dir = output.with_file_name(format!(".{name}.staging-{run_id}"));
    if dir.exists() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    std::fs::create_dir_all(&dir).map_err(|e| Error::Write {
        path: dir.clone(),
        message: e.to_string(),
    })?;
    Ok(dir)
}

/// Removes staging folders that a killed run left behind.
pub fn sweep_stale(output: &Path) {
    let (Some(parent), Some(name)) = (output.parent(), output.file_name()) else {
        return;
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let prefix = format!(".{}.", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n.starts_with(&prefix) && (n.contains(".staging-") || n.contains(".old-")) {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are valid NUL-terminated strings for the call's duration.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::new(
        std::io::ErrorKind::Unsupported,
        "no atomic exchange",
    ))
}

/// Swaps the staged folder in place of `output` in one step; the previous
/// outputs are removed afterwards.
pub fn swap_in(staged: &Path, output: &Path) -> Result<()> {
    let fail = |e: std::io::Error| Error::Write {
        path: output.to_owned(),
        message: e.to_string(),
    };
    if !output.exists() {
        return std::fs::rename(staged, output).map_err(fail);
    }
    match exchange(staged, output) {
        Ok(()) => {
            // `staged` now holds the previous outputs.
            let _ = std::fs::remove_dir_all(staged);
            Ok(())
        }
        Err(_) => {
            // No exchange on this system: move the old folder aside, then the new one in.
            let name = output
                .file_name()
                .map_or_else(|| "outputs".into(), |n| n.to_string_lossy().into_owned());
            let old = output.with_file_name(format!(".{name}.old-{}", std::process::id()));
            std::fs::rename(output, &old).map_err(fail)?;
            std::fs::rename(staged, output).map_err(fail)?;
            let _ = std::fs::remove_dir_all(old);
            Ok(())
        }
    }
}
