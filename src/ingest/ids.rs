//! Finding a ticket's state by its id among millions, in any row order: [`IdTable`], an
//! open-addressing table of 8-byte slots whose probe can be asked for ahead of the lookup
//! ([`IdTable::prefetch`], then [`IdTable::first`] for the state), so that the cache misses of
//! rows sorted by time overlap instead of coming one after the other. The ids themselves stay
//! with the states (the caller compares them).

/// Asks for the cache line of `p` without waiting for it (a hint: nothing is read, and no
/// address faults). On targets other than x86_64, nothing.
#[inline(always)]
pub(crate) fn prefetch(p: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: SSE is part of every x86_64 target; a prefetch reads no memory and never faults,
    // whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Whether two strings are the same, fast for the few bytes of a ticket id or a field's word:
/// the lengths, then at most two 8-byte words compared inline, instead of a call to `memcmp`
/// per row.
#[inline(always)]
pub(crate) fn eq_short(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len();
    if n != b.len() {
        return false;
    }
    match n {
        0..=7 => a.iter().zip(b).all(|(x, y)| x == y),
        // two overlapping words cover 8 to 16 bytes (constant lengths: compiled to loads)
        8..=16 => a[..8] == b[..8] && a[n - 8..] == b[n - 8..],
        _ => a == b,
    }
}

/// More tickets than the table holds (over `u32::MAX - 1`: about 1.3 TB of clocks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooManyTickets;

impl TooManyTickets {
    /// The input error, at the `line` of `file` where the table ran out.
    pub fn at(self, file: &str, line: u64) -> crate::error::InputError {
        crate::error::InputError {
            line,
            ..crate::error::InputError::file(
                file,
                "more tickets than livret can hold (4,294,967,294)",
                "a history of fewer tickets (split it by period)",
            )
        }
    }
}

/// The 32 bits of a hash that a slot keeps (its position is taken from them too, so the table
/// grows without the ids).
pub(crate) fn tag(hash: u64) -> u32 {
    (hash >> 32) as u32
}

/// An open-addressing hash table (linear probing) from ids to clock numbers: a slot is
/// `tag << 32 | (clock + 1)`, 0 when empty; ids with the same tag are told apart by comparing
/// the ids themselves, so a collision costs a probe, never a wrong clock.
#[derive(Debug, Default)]
pub(crate) struct IdTable {
    pub(crate) slots: Vec<u64>,
    pub(crate) len: usize,
}

impl IdTable {
    fn mask(&self) -> usize {
        self.slots.len().wrapping_sub(1)
    }

    /// Room for `n` entries at most half full.
    pub(crate) fn reserve(&mut self, n: usize) {
        let want = n.saturating_mul(2).max(16).checked_next_power_of_two().unwrap_or(usize::MAX / 2 + 1);
        if want <= self.slots.len() {
            return;
        }
        let old = std::mem::replace(&mut self.slots, vec![0; want]);
        let mask = self.mask();
        for slot in old.into_iter().filter(|&s| s != 0) {
            let mut pos = ((slot >> 32) as usize) & mask;
            while self.slots[pos] != 0 {
                pos = (pos + 1) & mask;
            }
            self.slots[pos] = slot;
        }
    }

    /// Asks for the first slot probed for `tag` (see [`prefetch`]).
    pub(crate) fn prefetch(&self, tag: u32) {
        if let Some(slot) = self.slots.get(tag as usize & self.mask()) {
            prefetch((slot as *const u64).cast());
        }
    }

    /// The clock in the first slot with the tag `tag` among the first 8 probed for it (a slot
    /// is 8 bytes: a cache line or two), if any: a hint, which the lookup proper confirms.
    pub(crate) fn first(&self, tag: u32) -> Option<usize> {
        let mask = self.mask();
        let mut pos = tag as usize & mask;
        for _ in 0..8 {
            let slot = *self.slots.get(pos)?;
            if slot == 0 {
                return None;
            }
            if (slot >> 32) as u32 == tag {
                return Some((slot as u32) as usize - 1);
            }
            pos = (pos + 1) & mask;
        }
        None
    }

    /// The clock with `tag` for which `is` holds, or `None` after recording `next` under `tag`.
    pub(crate) fn find_or_add(
        &mut self,
        tag: u32,
        next: usize,
        is: impl Fn(usize) -> bool,
    ) -> Result<Option<usize>, TooManyTickets> {
        if self.len.saturating_mul(2) >= self.slots.len() {
            self.reserve(self.len.saturating_add(1));
        }
        let mask = self.mask();
        let mut pos = tag as usize & mask;
        loop {
            let slot = self.slots[pos];
            if slot == 0 {
                let stored = u32::try_from(next).ok().and_then(|n| n.checked_add(1)).ok_or(TooManyTickets)?;
                self.slots[pos] = (u64::from(tag) << 32) | u64::from(stored);
                self.len += 1;
                return Ok(None);
            }
            if (slot >> 32) as u32 == tag {
                let i = (slot as u32) as usize - 1;
                if is(i) {
                    return Ok(Some(i));
                }
            }
            pos = (pos + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// `eq_short` is string equality whatever the length (inline words up to 16 bytes,
        /// `memcmp` beyond): a string against itself, against itself with one byte changed at
        /// any position (the two overlapping words must both be looked at), and against another.
        #[test]
        fn eq_short_is_equality(a in "[ab]{0,24}", at in 0usize..24, other in "[ab]{0,24}") {
            proptest::prop_assert!(eq_short(&a, &a.clone()));
            if !a.is_empty() {
                let i = at % a.len();
                let mut b = a.clone().into_bytes();
                b[i] = if b[i] == b'a' { b'b' } else { b'a' };
                let b = String::from_utf8(b).unwrap_or_default();
                proptest::prop_assert!(!eq_short(&a, &b));
            }
            proptest::prop_assert_eq!(eq_short(&a, &other), a == other);
        }
    }
}
