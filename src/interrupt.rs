//! Interrupted runs leave nothing behind: the temporary files of the reports being written are
//! registered here, and SIGINT, SIGTERM or SIGHUP removes them and ends the process with
//! 128 + the signal's number (130, 143, 129), as a shell reports a process killed by it. While
//! the reports are renamed into place the signal waits until the last rename is done, so an
//! interrupted run replaces all of its reports or none.
//!
//! The handler only does what is safe in a signal handler: it takes each registered path (an
//! atomic swap: whoever takes a path owns it), `unlink`s it and calls `_exit`. The handler is
//! installed at the first registration, and not for a signal the process was started ignoring
//! (`nohup`, a background job): that choice stays the caller's.

/// A registered temporary file; dropping it unregisters the path.
pub struct Registration {
    #[cfg(unix)]
    slot: Option<usize>,
}

#[cfg(unix)]
mod unix {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;
    use std::ptr;
    use std::sync::atomic::{AtomicI32, AtomicPtr, AtomicUsize, Ordering};
    use std::sync::Once;

    /// How many temporary files can be registered at once (one per `--output`).
    const SLOTS: usize = 64;
    static PATHS: [AtomicPtr<libc::c_char>; SLOTS] = [const { AtomicPtr::new(ptr::null_mut()) }; SLOTS];
    /// How many sets of reports are being renamed into place: a signal then waits in `PENDING`.
    static COMMITTING: AtomicUsize = AtomicUsize::new(0);
    static PENDING: AtomicI32 = AtomicI32::new(0);
    static INSTALL: Once = Once::new();
    const SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

    extern "C" fn on_signal(sig: libc::c_int) {
        if COMMITTING.load(Ordering::SeqCst) > 0 {
            PENDING.store(sig, Ordering::SeqCst);
            return;
        }
        remove_all();
        // SAFETY: `_exit` is async-signal-safe; nothing else runs after it.
        unsafe { libc::_exit(128 + sig) }
    }

    /// Unlinks every registered path (async-signal-safe: atomics and `unlink` only). The paths
    /// are leaked: the process is ending.
    fn remove_all() {
        for slot in &PATHS {
            let p = slot.swap(ptr::null_mut(), Ordering::SeqCst);
            if !p.is_null() {
                // SAFETY: `p` came from `CString::into_raw` and the swap made it ours alone.
                unsafe { libc::unlink(p) };
            }
        }
    }

    fn install() {
        INSTALL.call_once(|| {
            for sig in SIGNALS {
                // SAFETY: plain sigaction calls on zero-initialised structs; the handler only
                // touches atomics and calls async-signal-safe functions.
                unsafe {
                    let mut old: libc::sigaction = std::mem::zeroed();
                    if libc::sigaction(sig, ptr::null(), &mut old) != 0 || old.sa_sigaction == libc::SIG_IGN {
                        continue;
                    }
                    let mut action: libc::sigaction = std::mem::zeroed();
                    action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
                    action.sa_flags = libc::SA_RESTART;
                    // One handler at a time: the others wait while it runs.
                    libc::sigemptyset(&mut action.sa_mask);
                    for other in SIGNALS {
                        libc::sigaddset(&mut action.sa_mask, other);
                    }
                    libc::sigaction(sig, &action, ptr::null_mut());
                }
            }
        });
    }

    /// Registers `path`; `None` when every slot is taken (the file is then removed on errors
    /// and normal exits only) or the path holds a NUL byte.
    pub fn register(path: &Path) -> Option<usize> {
        install();
        let raw = CString::new(path.as_os_str().as_bytes()).ok()?.into_raw();
        for (i, slot) in PATHS.iter().enumerate() {
            if slot.compare_exchange(ptr::null_mut(), raw, Ordering::SeqCst, Ordering::SeqCst).is_ok() {
                return Some(i);
            }
        }
        // SAFETY: `raw` was not stored anywhere; take it back to free it.
        drop(unsafe { CString::from_raw(raw) });
        None
    }

    pub fn unregister(slot: usize) {
        let p = PATHS[slot].swap(ptr::null_mut(), Ordering::SeqCst);
        if !p.is_null() {
            // SAFETY: as in `remove_all`: ours alone after the swap.
            drop(unsafe { CString::from_raw(p) });
        }
    }

    pub fn begin_commit() {
        COMMITTING.fetch_add(1, Ordering::SeqCst);
    }

    pub fn end_commit() {
        if COMMITTING.fetch_sub(1, Ordering::SeqCst) > 1 {
            return;
        }
        let sig = PENDING.swap(0, Ordering::SeqCst);
        if sig != 0 {
            remove_all();
            std::process::exit(128 + sig);
        }
    }
}

/// Registers a temporary file to remove if the process is interrupted.
pub fn register(path: &std::path::Path) -> Registration {
    #[cfg(unix)]
    {
        Registration { slot: unix::register(path) }
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Registration {}
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(slot) = self.slot {
            unix::unregister(slot);
        }
    }
}

/// While alive, an interrupting signal waits; when dropped, a signal that came meanwhile ends
/// the process (after the renames it waited for).
pub struct Commit(());

impl Commit {
    /// Defers interrupting signals.
    pub fn begin() -> Commit {
        #[cfg(unix)]
        unix::begin_commit();
        Commit(())
    }
}

impl Drop for Commit {
    fn drop(&mut self) {
        #[cfg(unix)]
        unix::end_commit();
    }
}
