//! Two pieces of bookkeeping of the ticket fold that are not the SLA clock itself: finding a
//! ticket's clock by id while the rows stream by ([`ClockIndex`]), and putting the folded
//! tickets in creation order ([`sort_by_creation`]) without moving each one many times.

use std::hash::BuildHasher;

pub(super) use crate::ingest::ids::TooManyTickets;
use crate::ingest::ids::{eq_short, tag, IdTable};

use chrono::{DateTime, Utc};
use rayon::slice::ParallelSliceMut;

use super::Ticket;

/// Sorts tickets by creation, then id (ids are unique: a total order). The sort moves 4-byte
/// indices, not tickets: the keys are sorted, then the tickets are put in place, each moved
/// once along the cycles of the permutation.
pub(super) fn sort_by_creation(tickets: &mut [Ticket]) {
    let Ok(n) = u32::try_from(tickets.len()) else {
        // over 4 billion tickets: sort them as they are
        tickets
            .sort_unstable_by(|a, b| a.clock.created.cmp(&b.clock.created).then_with(|| a.clock.id.cmp(&b.clock.id)));
        return;
    };
    // Tickets often reach the fold in creation order (rows sorted by time; rows grouped by
    // ticket whose ids rise with creation): nothing to do then (ties broken by id, as below).
    if tickets
        .is_sorted_by(|a, b| a.clock.created.cmp(&b.clock.created).then_with(|| a.clock.id.cmp(&b.clock.id)).is_lt())
    {
        return;
    }
    let mut keys: Vec<(DateTime<Utc>, u32)> = (0..n).map(|i| (tickets[i as usize].clock.created, i)).collect();
    keys.par_sort_unstable_by(|a, b| {
        a.0.cmp(&b.0).then_with(|| tickets[a.1 as usize].clock.id.cmp(&tickets[b.1 as usize].clock.id))
    });
    let mut order: Vec<u32> = keys.into_iter().map(|(_, i)| i).collect();
    permute(tickets, &mut order);
}

/// Rearranges `v` so that its k-th element is the one that was at `order[k]` (a permutation
/// of the indices; left as the identity). Each element is moved once, along its cycle, with
/// one element out of the slice per cycle (a swap per step copied each ticket three times:
/// 5 % of a field history's reading, on one thread).
fn permute<T>(v: &mut [T], order: &mut [u32]) {
    assert_eq!(v.len(), order.len(), "a permutation of every index");
    // A permutation of 0..n: every cycle comes back to its start, and no index is out of
    // bounds (checked first, so nothing in the loop below can panic with an element out).
    assert!(order.iter().all(|&i| (i as usize) < v.len()), "a permutation of every index");
    // And no index twice (else a slot would be read twice): checked in release builds too —
    // a few milliseconds against the sort before it, and the `unsafe` below rests on it.
    let mut seen = vec![false; order.len()];
    assert!(order.iter().all(|&i| !std::mem::replace(&mut seen[i as usize], true)), "a permutation of every index");
    let base = v.as_mut_ptr();
    for start in 0..order.len() {
        if order[start] as usize == start {
            continue;
        }
        // SAFETY: `order` is a permutation of 0..v.len() (checked above): along the cycle of
        // `start` each slot is read once and written once, the element taken out of `start`
        // goes back into the cycle's last slot, so every element ends in exactly one slot and
        // none is dropped or duplicated; all indices are in bounds, and nothing here panics.
        unsafe {
            let held = std::ptr::read(base.add(start));
            let mut hole = start;
            loop {
                let from = order[hole] as usize;
                order[hole] = hole as u32;
                if from == start {
                    std::ptr::write(base.add(hole), held);
                    break;
                }
                std::ptr::copy_nonoverlapping(base.add(from), base.add(hole), 1);
                hole = from;
            }
        }
    }
}

/// Where each ticket's clock is, by id. Exports list tickets by id more often than not: while
/// every new id is greater than the ones before, the clocks are in id order and an id is
/// found by binary search, with no hashing and no table. The first new id out of that order,
/// or rows that come back to earlier tickets more than rarely (rows sorted by time: a binary
/// search a row costs more than a hash), builds a hash table ([`IdTable`]: 8 bytes a slot, at
/// most half full), which then serves every lookup. Either way the ids are kept once, in the
/// clocks. The fold asks for a row's slot ([`ClockIndex::prefetch`]) and then its clock (from
/// [`ClockIndex::hint`]) rows ahead of its lookup, so that their cache misses overlap (rows
/// sorted by time go to a different ticket at every row: one miss on the table and one on
/// the clock per row, otherwise waited for one after the other).
pub(super) struct ClockIndex<S> {
    hasher: S,
    ascending: bool,
    /// Binary searches so far (lookups of an earlier ticket in ascending mode).
    searches: usize,
    table: IdTable,
}

impl<S: BuildHasher> ClockIndex<S> {
    pub(super) fn new(hasher: S) -> Self {
        ClockIndex { hasher, ascending: true, searches: 0, table: IdTable::default() }
    }

    /// Whether lookups go through the table (so that asking for its slots ahead pays).
    pub(super) fn hashed(&self) -> bool {
        !self.ascending
    }

    /// The tag of `id` in the table (see [`ClockIndex::find_or_add_tagged`]).
    pub(super) fn tag(&self, id: &str) -> u32 {
        tag(self.hasher.hash_one(id))
    }

    /// Asks for the first table slot of `tag` without waiting for it.
    pub(super) fn prefetch(&self, tag: u32) {
        self.table.prefetch(tag);
    }

    /// The clock the first slot with the tag `tag` names among the first 8 of its probe, if
    /// any (a hint only: the lookup proper is [`ClockIndex::find_or_add_tagged`]).
    pub(super) fn hint(&self, tag: u32) -> Option<usize> {
        self.table.first(tag)
    }

    /// The clock of `id` among the `next` clocks so far (`id_of` gives a clock's id), or
    /// `None` after recording that `id`'s clock will be `next`.
    #[cfg(test)]
    pub(super) fn find_or_add<'a>(
        &mut self,
        id: &str,
        next: usize,
        id_of: impl Fn(usize) -> &'a str,
    ) -> Result<Option<usize>, TooManyTickets> {
        self.find_or_add_tagged(id, None, next, id_of)
    }

    /// [`ClockIndex::find_or_add`] with `id`'s tag when it is known (`None`: computed here).
    pub(super) fn find_or_add_tagged<'a>(
        &mut self,
        id: &str,
        known: Option<u32>,
        next: usize,
        id_of: impl Fn(usize) -> &'a str,
    ) -> Result<Option<usize>, TooManyTickets> {
        if self.ascending {
            if next == 0 || id > id_of(next - 1) {
                return Ok(None);
            }
            self.searches += 1;
            // More than one search per 16 tickets (past the first 64): the table serves better.
            let frequent = self.searches > 64 && self.searches * 16 > next;
            if !frequent {
                let (mut lo, mut hi) = (0, next);
                while lo < hi {
                    let mid = lo + (hi - lo) / 2;
                    match id_of(mid).cmp(id) {
                        std::cmp::Ordering::Less => lo = mid + 1,
                        std::cmp::Ordering::Greater => hi = mid,
                        std::cmp::Ordering::Equal => return Ok(Some(mid)),
                    }
                }
            }
            // A new id out of order, or searches too frequent: from now on, the table.
            self.ascending = false;
            self.table.reserve(next);
            for i in 0..next {
                let tag = tag(self.hasher.hash_one(id_of(i)));
                self.table.find_or_add(tag, i, |_| false)?;
            }
        }
        let tag = known.unwrap_or_else(|| tag(self.hasher.hash_one(id)));
        self.table.find_or_add(tag, next, |i| eq_short(id_of(i), id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The index sort puts every element where a plain sort of the elements would.
        #[test]
        fn permute_equals_sorting(mut v in proptest::collection::vec(0u32..50, 0..200)) {
            let mut want = v.clone();
            want.sort();
            let mut order: Vec<u32> = (0..v.len() as u32).collect();
            order.sort_by_key(|i| v[*i as usize]);
            permute(&mut v, &mut order);
            proptest::prop_assert_eq!(v, want);
        }
    }

    proptest::proptest! {
        /// Whatever the ids and their order, with a real hasher or one whose hashes keep only a
        /// few bits (tags collide, slots chain), the index finds the clock a map of ids would
        /// (first sighting: a new clock; later ones: that clock), through the table's growth.
        #[test]
        fn the_index_finds_what_a_map_finds(
            rows in proptest::collection::vec(0u32..3000, 0..4000),
            few_bits in proptest::prelude::any::<bool>(),
        ) {
            struct Masked;
            struct MaskedHasher(foldhash::fast::FoldHasher<'static>);
            impl std::hash::BuildHasher for Masked {
                type Hasher = MaskedHasher;
                fn build_hasher(&self) -> MaskedHasher {
                    MaskedHasher(foldhash::fast::FixedState::with_seed(7).build_hasher())
                }
            }
            impl std::hash::Hasher for MaskedHasher {
                fn finish(&self) -> u64 {
                    self.0.finish() & 0x0003_0000_0000_0000
                }
                fn write(&mut self, bytes: &[u8]) {
                    self.0.write(bytes)
                }
            }
            fn run<S: BuildHasher>(index: &mut ClockIndex<S>, rows: &[u32]) -> Vec<Option<usize>> {
                let mut clocks: Vec<String> = Vec::new();
                let mut got = Vec::new();
                for r in rows {
                    let id = format!("T{r}");
                    let found = index.find_or_add(&id, clocks.len(), |i| clocks[i].as_str()).unwrap();
                    if found.is_none() {
                        clocks.push(id);
                    }
                    got.push(found);
                }
                got
            }
            let mut seen = std::collections::HashMap::new();
            let want: Vec<Option<usize>> = rows
                .iter()
                .map(|r| {
                    let n = seen.len();
                    match seen.entry(*r) {
                        std::collections::hash_map::Entry::Occupied(o) => Some(*o.get()),
                        std::collections::hash_map::Entry::Vacant(v) => {
                            v.insert(n);
                            None
                        }
                    }
                })
                .collect();
            let got = if few_bits {
                run(&mut ClockIndex::new(Masked), &rows)
            } else {
                run(&mut ClockIndex::new(foldhash::fast::RandomState::default()), &rows)
            };
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn ids_whose_hashes_collide_keep_their_own_clocks() {
        // A hasher that gives every id the same hash: every lookup goes through one slot.
        struct Same;
        struct Zero;
        impl std::hash::BuildHasher for Same {
            type Hasher = Zero;
            fn build_hasher(&self) -> Zero {
                Zero
            }
        }
        impl std::hash::Hasher for Zero {
            fn finish(&self) -> u64 {
                0
            }
            fn write(&mut self, _: &[u8]) {}
        }
        // B, then A (out of order: the map is built, B and A share its one slot), then C.
        let ids = ["B", "A", "C"];
        let mut index = ClockIndex::new(Same);
        let mut clocks: Vec<&str> = Vec::new();
        let mut found = Vec::new();
        for id in ["B", "A", "B", "C", "A", "C", "B"] {
            match index.find_or_add(id, clocks.len(), |i| ids[i]).unwrap() {
                Some(i) => found.push(i),
                None => clocks.push(id),
            }
        }
        assert_eq!(clocks, ids);
        // B is clock 0, A 1, C 2: the rows after each first one (B, A, C, B) find their own.
        assert_eq!(found, vec![0, 1, 2, 0]);
        assert!(!index.ascending);
        assert_eq!(index.table.len, 3);
    }

    #[test]
    fn frequent_returns_to_earlier_tickets_build_the_map() {
        // Ids ascend, but every row after the first 100 tickets goes back to an earlier one
        // (rows sorted by time): past 64 searches and one per 16 tickets, the map is built
        // and still finds every ticket.
        let ids: Vec<String> = (0..1000).map(|i| format!("T-{i:04}")).collect();
        let mut index = ClockIndex::new(foldhash::fast::RandomState::default());
        let mut next = 0;
        for (k, id) in ids.iter().enumerate() {
            assert_eq!(index.find_or_add(id, next, |i| ids[i].as_str()), Ok(None));
            next += 1;
            if k >= 100 {
                let back = k / 2;
                assert_eq!(index.find_or_add(&ids[back], next, |i| ids[i].as_str()), Ok(Some(back)));
            }
        }
        assert!(!index.ascending);
        assert_eq!(index.table.len, 1000);
    }

    #[test]
    fn ascending_ids_are_found_without_a_map() {
        // Ids in increasing order, each seen again later: found by binary search, no map built.
        let ids = ["T-1", "T-2", "T-3", "T-4"];
        let mut index = ClockIndex::new(foldhash::fast::RandomState::default());
        let mut clocks: Vec<&str> = Vec::new();
        let mut found = Vec::new();
        for id in ["T-1", "T-2", "T-1", "T-3", "T-4", "T-2", "T-4", "T-3"] {
            match index.find_or_add(id, clocks.len(), |i| ids[i]).unwrap() {
                Some(i) => found.push(i),
                None => clocks.push(id),
            }
        }
        assert_eq!(clocks, ids);
        assert_eq!(found, vec![0, 1, 3, 2]);
        assert!(index.ascending);
        assert!(index.table.slots.is_empty());
    }
}
