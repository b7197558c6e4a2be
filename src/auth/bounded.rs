//! A hard memory bound for the in-process maps that anonymous requests fill (failure
//! counters keyed by a typed name, rate-limit buckets keyed by an address).
//!
//! Invariants:
//! * after [`make_room`] a map holds fewer than `cap` entries, so inserting one more never
//!   takes it past `cap`, whatever the entries are (all active included): memory per
//!   anonymous request is bounded by `cap` entries in all;
//! * room is made in batches: once full, the map is cut to [`KEEP_NUM`]/[`KEEP_DEN`] of
//!   `cap`, so the O(n) pass runs once per `cap / 10` insertions, not on every request
//!   while the map is full of live entries (which would turn a flood into a CPU cost per
//!   request);
//! * what goes first is chosen by the caller: entries that carry nothing are dropped
//!   first, then the lowest-ranked ones (the caller ranks what matters most, such as a
//!   standing lock or an emptied bucket, highest).

use std::collections::HashMap;
use std::hash::Hash;

/// A full map is cut to this fraction of its bound.
pub const KEEP_NUM: usize = 9;
pub const KEEP_DEN: usize = 10;

/// Makes room in `map` for one more entry when it has `cap` or more: drops the entries
/// `idle` says carry nothing, then, if still above the low-water mark, the entries with
/// the lowest `rank` until it is below it.
pub fn make_room<K, V, R>(
    map: &mut HashMap<K, V>,
    cap: usize,
    idle: impl Fn(&K, &V) -> bool,
    rank: impl Fn(&K, &V) -> R,
) where
    K: Eq + Hash,
    R: Ord + Copy,
{
    if map.len() < cap {
        return;
    }
    let low_water = cap / KEEP_DEN * KEEP_NUM;
    map.retain(|k, v| !idle(k, v));
    if map.len() <= low_water {
        return;
    }
    let excess = map.len() - low_water;
    let mut ranks: Vec<R> = map.iter().map(|(k, v)| rank(k, v)).collect();
    // The `excess`-th lowest rank: everything strictly below goes, then enough of the
    // entries at exactly that rank (ties are dropped in the map's order).
    let (_, threshold, _) = ranks.select_nth_unstable(excess - 1);
    let threshold = *threshold;
    let below = map.iter().filter(|(k, v)| rank(k, v) < threshold).count();
    let mut ties_to_drop = excess - below;
    map.retain(|k, v| {
        let r = rank(k, v);
        if r < threshold {
            false
        } else if r == threshold && ties_to_drop > 0 {
            ties_to_drop -= 1;
            false
        } else {
            true
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_below_its_bound_is_left_alone() {
        let mut m: HashMap<u32, u32> = (0..9).map(|i| (i, i)).collect();
        make_room(&mut m, 10, |_, _| true, |_, v| *v);
        assert_eq!(m.len(), 9);
    }

    #[test]
    fn a_full_map_loses_its_idle_entries_first() {
        let mut m: HashMap<u32, u32> = (0..100).map(|i| (i, i)).collect();
        make_room(&mut m, 100, |_, v| v % 2 == 0, |_, v| *v);
        assert_eq!(m.len(), 50);
        assert!(m.values().all(|v| v % 2 == 1));
    }

    #[test]
    fn a_map_full_of_live_entries_is_cut_to_the_low_water_mark_lowest_ranks_first() {
        let mut m: HashMap<u32, u32> = (0..100).map(|i| (i, i)).collect();
        make_room(&mut m, 100, |_, _| false, |_, v| *v);
        assert_eq!(m.len(), 90);
        assert!(m.values().all(|v| *v >= 10), "the ten lowest ranks went");
    }

    #[test]
    fn ties_at_the_threshold_are_cut_exactly_to_the_low_water_mark() {
        let mut m: HashMap<u32, u32> = (0..100).map(|i| (i, u32::from(i >= 95))).collect();
        make_room(&mut m, 100, |_, _| false, |_, v| *v);
        assert_eq!(m.len(), 90);
        assert_eq!(
            m.values().filter(|v| **v == 1).count(),
            5,
            "the high ranks stay"
        );
    }

    #[test]
    fn inserting_forever_never_takes_a_map_past_its_bound() {
        let mut m: HashMap<u64, u64> = HashMap::new();
        for i in 0..10_000u64 {
            make_room(&mut m, 1000, |_, _| false, |_, v| *v);
            m.insert(i, i);
            assert!(m.len() <= 1000);
        }
        // The newest (highest-ranked here) entry is always kept.
        assert!(m.contains_key(&9_999));
    }
}
