//! The deterministic order of a point's entries.
//!
//! Default ids that clash are first told apart by their location (see `registry::identity`).
//! Entries are ranked by tier, then priority (higher first), then crate name, then id; then the
//! `before`/`after` constraints: the order is built from the end (Kahn's topological sort with a
//! priority queue, on the reversed constraints), and among the entries that no remaining entry
//! must follow, the worst ranked goes last. An entry that must come before another is thus
//! pulled forward to just before it, rather than the other pushed back. Nothing depends on link
//! order, hashing or addresses, so dev, release and LTO builds agree.

use std::borrow::Cow;
use std::collections::{BTreeMap, BinaryHeap, HashMap};

use super::{FastMap, Problem};
use crate::{Entry, Point};

/// An entry set aside when the registry was built, and why ([`Registry::explain`] shows it as
/// [`Verdict::Rejected`](crate::Verdict::Rejected)).
#[derive(Clone, Debug)]
pub(crate) struct Rejected {
    /// The entry.
    pub entry: Entry,
    /// The problem that set it aside.
    pub problem: Problem,
}

/// A point's entries in order, and those set aside.
pub(crate) struct Arranged {
    pub(crate) ordered: Vec<Entry>,
    pub(crate) rejected: Vec<Rejected>,
}

/// A crate name or an id that hashes and compares with `-` and `_` the same, without
/// allocating.
#[derive(Clone, Copy)]
struct CrateName<'a>(&'a str);

impl PartialEq for CrateName<'_> {
    fn eq(&self, other: &Self) -> bool {
        crate::origin::same_crate(self.0, other.0)
    }
}

impl Eq for CrateName<'_> {}

impl std::hash::Hash for CrateName<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        for part in self.0.split(['-', '_']) {
            state.write(part.as_bytes());
            state.write_u8(0xff);
        }
    }
}

/// Each entry's crate name as its rank among the entries' distinct crate names, so that sorting
/// compares one integer where it would compare two strings; and the entries' distinct crates
/// (name, version), sorted.
pub(crate) fn crate_ranks(entries: &[Entry]) -> (Vec<u32>, Vec<(&'static str, &'static str)>) {
    // Keyed by the strings' addresses: the entries of one crate share their strings (a few
    // copies at most), so hashing an address is enough to find the distinct crates, whose
    // text is compared below.
    let mut slot_of: FastMap<(*const str, *const str), u32> = FastMap::default();
    let mut crates: Vec<(&'static str, &'static str)> = Vec::new();
    let mut last = (("", ""), 0);
    let mut slots: Vec<u32> = entries
        .iter()
        .map(|e| {
            let key = (e.origin().crate_name, e.origin().crate_version);
            // Entries come in runs from one crate.
            if !(std::ptr::eq(key.0, last.0.0) && std::ptr::eq(key.1, last.0.1)) {
                let next = crates.len() as u32;
                let slot = *slot_of
                    .entry((key.0 as *const str, key.1 as *const str))
                    .or_insert_with(|| {
                        crates.push(key);
                        next
                    });
                last = (key, slot);
            }
            last.1
        })
        .collect();
    let mut sorted: Vec<u32> = (0..crates.len() as u32).collect();
    sorted.sort_unstable_by_key(|&i| crates[i as usize]);
    let mut name_rank = vec![0u32; crates.len()];
    let mut rank = 0;
    for pair in sorted.windows(2) {
        if crates[pair[0] as usize].0 != crates[pair[1] as usize].0 {
            rank += 1;
        }
        name_rank[pair[1] as usize] = rank;
    }
    for slot in &mut slots {
        *slot = name_rank[*slot as usize];
    }
    let mut crates: Vec<(&'static str, &'static str)> =
        sorted.iter().map(|&i| crates[i as usize]).collect();
    crates.dedup();
    (slots, crates)
}

/// What [`arrange`] reuses from one point to the next.
#[derive(Default)]
pub(crate) struct Scratch {
    ids: Vec<u64>,
    keyed: Vec<(u64, u32)>,
}

/// The rank of an entry before its id: tier, then priority (higher first), then crate name (its
/// rank among the build's crate names), packed so that comparing two ranks compares integers.
fn packed_rank(e: &Entry, crate_rank: u32) -> u64 {
    let o = e.order();
    // Higher priorities first: flip the order-preserving unsigned form of the priority.
    let priority = !((o.priority as u32) ^ 0x8000_0000);
    ((o.tier as u64) << 62) | (u64::from(priority) << 30) | u64::from(crate_rank.min(0x3fff_ffff))
}

/// Whether two of the ids are the same: their hashes sorted, and the strings compared where
/// two hashes are equal.
fn ids_clash<'a>(ids: impl Iterator<Item = &'a str> + Clone, hashes: &mut Vec<u64>) -> bool {
    use std::hash::BuildHasher;
    let state = foldhash::fast::FixedState::default();
    hashes.clear();
    hashes.extend(ids.clone().map(|id| state.hash_one(id)));
    hashes.sort_unstable();
    if hashes.windows(2).all(|w| w[0] != w[1]) {
        return false;
    }
    let mut ids: Vec<&str> = ids.collect();
    ids.sort_unstable();
    ids.windows(2).any(|w| w[0] == w[1])
}

/// Orders the entries of the point `url`: `members` are their positions in `all` (ascending),
/// `crate_ranks` the rank of each entry of `all` (see [`crate_ranks`]). Pushes one [`Problem`]
/// per duplicate id and per cycle; renames in `all` the default ids that clash by accident.
/// Entries are copied once, into the result.
pub(crate) fn arrange(
    point: &Point,
    all: &mut Cow<'static, [Entry]>,
    members: &[u32],
    crate_ranks: &[u32],
    scratch: &mut Scratch,
    problems: &mut Vec<Problem>,
) -> Arranged {
    let url = point.url;
    let clash = ids_clash(
        members.iter().map(|&i| all[i as usize].id()),
        &mut scratch.ids,
    );
    if clash {
        let mut mine: Vec<Entry> = members.iter().map(|&i| all[i as usize]).collect();
        crate::registry::identity::disambiguate(&mut mine);
        // Copied only now: the linker's section is read-only, and a clash is rare.
        let all = all.to_mut();
        for (&i, e) in members.iter().zip(mine) {
            all[i as usize] = e;
        }
    }
    let all: &[Entry] = all;
    // Sort positions, not the entries themselves (an `Entry` is 200 bytes), by tier, priority,
    // crate name, id, version: the packed rank, then the strings when two ranks are equal, then
    // the position, as a stable sort would.
    let keyed = &mut scratch.keyed;
    keyed.clear();
    keyed.extend(
        members
            .iter()
            .map(|&i| (packed_rank(&all[i as usize], crate_ranks[i as usize]), i)),
    );
    keyed.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0).then_with(|| {
            let (x, y) = (&all[a.1 as usize], &all[b.1 as usize]);
            (x.id(), x.origin().crate_version, a.1).cmp(&(y.id(), y.origin().crate_version, b.1))
        })
    });

    let mut rejected = Vec::new();
    let kept: Vec<Entry>;
    let entries: Vec<&Entry> = match clash {
        true => {
            let sorted = keyed.iter().map(|&(_, i)| all[i as usize]).collect();
            kept = reject_duplicates(point, sorted, &mut rejected, problems);
            kept.iter().collect()
        }
        false => keyed.iter().map(|&(_, i)| &all[i as usize]).collect(),
    };

    // Most points have no `before`/`after` at all: their order is the sort's.
    if entries
        .iter()
        .all(|e| e.order().before.is_empty() && e.order().after.is_empty())
    {
        return Arranged {
            ordered: entries.into_iter().copied().collect(),
            rejected,
        };
    }

    // Edges `from -> to` mean `from` comes before `to`. Find the entries each name matches:
    // by scanning when the point names few (the usual case), by hashing when it names many.
    let mut names: Vec<&str> = entries
        .iter()
        .flat_map(|e| e.order().before.iter().chain(e.order().after))
        .copied()
        .collect();
    names.sort_unstable();
    names.dedup();
    let mut matched: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
    if names.len() <= 16 {
        for (i, e) in entries.iter().enumerate() {
            for (k, name) in names.iter().enumerate() {
                if crate::origin::same_crate(e.id(), name)
                    || crate::origin::same_crate(e.origin().crate_name, name)
                {
                    matched[k].push(i);
                }
            }
        }
    } else {
        let mut by_id: HashMap<CrateName<'_>, Vec<usize>> = HashMap::with_capacity(entries.len());
        let mut by_crate: HashMap<CrateName<'_>, Vec<usize>> =
            HashMap::with_capacity(entries.len());
        for (i, e) in entries.iter().enumerate() {
            by_id.entry(CrateName(e.id())).or_default().push(i);
            by_crate
                .entry(CrateName(e.origin().crate_name))
                .or_default()
                .push(i);
        }
        for (k, name) in names.iter().enumerate() {
            matched[k] = by_crate.get(&CrateName(name)).cloned().unwrap_or_default();
            matched[k].extend(by_id.get(&CrateName(name)).into_iter().flatten());
            matched[k].sort_unstable();
            matched[k].dedup();
        }
    }
    let matches = |name: &str| -> Vec<usize> {
        names
            .binary_search(&name)
            .map(|k| matched[k].clone())
            .unwrap_or_default()
    };
    let mut successors: Vec<Vec<usize>> = vec![Vec::new(); entries.len()];
    for (i, e) in entries.iter().enumerate() {
        for name in e.order().before {
            successors[i].extend(matches(name).into_iter().filter(|&j| j != i));
        }
        for name in e.order().after {
            for j in matches(name).into_iter().filter(|&j| j != i) {
                successors[j].push(i);
            }
        }
    }
    for s in &mut successors {
        s.sort_unstable();
        s.dedup();
    }

    let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); entries.len()];
    for (i, s) in successors.iter().enumerate() {
        for &j in s {
            predecessors[j].push(i);
        }
    }

    let mut alive = vec![true; entries.len()];
    let order = loop {
        let (order, stuck) = topological(&successors, &predecessors, &alive);
        let Some(&start) = stuck.first() else {
            break order;
        };
        let cycle = find_cycle(start, &successors, &stuck);
        let problem = Problem::OrderCycle {
            point: url.to_owned(),
            cycle: cycle
                .iter()
                .chain(cycle.first())
                .map(|&i| entries[i].id().to_owned())
                .collect(),
        };
        for &i in &cycle {
            alive[i] = false;
            rejected.push(Rejected {
                entry: *entries[i],
                problem: problem.clone(),
            });
        }
        problems.push(problem);
    };
    Arranged {
        ordered: order.into_iter().map(|i| *entries[i]).collect(),
        rejected,
    }
}

/// Removes every entry whose id is used more than once, one problem per extra registration.
fn reject_duplicates(
    point: &Point,
    entries: Vec<Entry>,
    rejected: &mut Vec<Rejected>,
    problems: &mut Vec<Problem>,
) -> Vec<Entry> {
    let mut by_id: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        by_id.entry(e.id()).or_default().push(i);
    }
    let mut keep = vec![true; entries.len()];
    for (id, same) in by_id.iter().filter(|(_, same)| same.len() > 1) {
        let mut origins: Vec<(usize, crate::Origin)> =
            same.iter().map(|&i| (i, *entries[i].origin())).collect();
        origins.sort_by_key(|o| o.1);
        for pair in origins.windows(2) {
            problems.push(Problem::duplicate(point, id, pair[0].1, pair[1].1));
        }
        let problem = problems[problems.len() - 1].clone();
        for &(i, _) in &origins {
            keep[i] = false;
            rejected.push(Rejected {
                entry: entries[i],
                problem: problem.clone(),
            });
        }
    }
    entries
        .into_iter()
        .zip(keep)
        .filter_map(|(e, k)| k.then_some(e))
        .collect()
}

/// A topological order of the alive nodes that keeps each node as close to its rank (its index)
/// as the constraints allow: built from the end, always placing last the lowest-ranked node
/// that nothing alive must follow. A constrained node is thus pulled forward to just before the
/// node it must precede, rather than that node being pushed back.
///
/// Returns the order and the nodes left unplaced, which lie on or before a cycle.
fn topological(
    successors: &[Vec<usize>],
    predecessors: &[Vec<usize>],
    alive: &[bool],
) -> (Vec<usize>, Vec<usize>) {
    let mut waiting: Vec<usize> = successors
        .iter()
        .map(|s| s.iter().filter(|&&j| alive[j]).count())
        .collect();
    let mut ready: BinaryHeap<usize> = (0..successors.len())
        .filter(|&i| alive[i] && waiting[i] == 0)
        .collect();
    let mut placed = vec![false; successors.len()];
    let mut reversed = Vec::with_capacity(successors.len());
    while let Some(i) = ready.pop() {
        placed[i] = true;
        reversed.push(i);
        for &p in predecessors[i].iter().filter(|&&p| alive[p]) {
            waiting[p] -= 1;
            if waiting[p] == 0 {
                ready.push(p);
            }
        }
    }
    reversed.reverse();
    let stuck = (0..successors.len())
        .filter(|&i| alive[i] && !placed[i])
        .collect();
    (reversed, stuck)
}

/// A cycle among the `stuck` nodes, found from `start` and reported from its best-ranked node.
///
/// A node stays unplaced only while a node it must precede is unplaced, so walking successors
/// within `stuck` must come back to a node already on the path.
fn find_cycle(start: usize, successors: &[Vec<usize>], stuck: &[usize]) -> Vec<usize> {
    let mut seen_at: HashMap<usize, usize> = HashMap::new();
    let mut path = Vec::new();
    let mut node = start;
    while let std::collections::hash_map::Entry::Vacant(slot) = seen_at.entry(node) {
        slot.insert(path.len());
        path.push(node);
        match successors[node]
            .iter()
            .find(|j| stuck.binary_search(j).is_ok())
        {
            Some(&next) => node = next,
            None => return path, // not reached: see above
        }
    }
    let mut cycle = path.split_off(seen_at[&node]);
    if let Some(best) = cycle
        .iter()
        .enumerate()
        .min_by_key(|(_, i)| **i)
        .map(|(at, _)| at)
    {
        cycle.rotate_left(best);
    }
    cycle
}

#[cfg(test)]
mod tests {
    use std::cmp::Reverse;

    use super::{crate_ranks, ids_clash, packed_rank};
    use crate::entry::Tier;
    use crate::{Entry, Origin, Registry};

    type Sig = fn() -> u8;
    static PAYLOAD: Sig = || 0;
    const URL: &str = "plugkit://order-tests/point";

    /// A string with its own address, as a copy of a crate's name in another codegen unit.
    fn copy(s: &str) -> &'static str {
        Box::leak(s.to_owned().into_boxed_str())
    }

    fn entry(krate: &'static str, version: &'static str, id: &'static str) -> Entry {
        Entry::new(URL, id, Origin::new(krate, version, "m", id), &PAYLOAD)
    }

    #[test]
    fn the_packed_rank_orders_by_tier_then_priority_higher_first_then_crate() {
        let mut ranks = Vec::new();
        for tier in [Tier::Last, Tier::First, Tier::Normal] {
            for priority in [0, i32::MIN, 7, -1, i32::MAX, 1, -7] {
                for crate_rank in [3, 0, 1] {
                    let mut e = entry("c", "1", "id").priority(priority);
                    e = match tier {
                        Tier::First => e.tryfirst(),
                        Tier::Normal => e,
                        Tier::Last => e.trylast(),
                    };
                    ranks.push((
                        packed_rank(&e, crate_rank),
                        (tier, Reverse(priority), crate_rank),
                    ));
                }
            }
        }
        let mut by_packed = ranks.clone();
        by_packed.sort_by_key(|r| r.0);
        let mut by_tuple = ranks;
        by_tuple.sort_by_key(|r| r.1);
        assert_eq!(by_packed, by_tuple);
    }

    #[test]
    fn crate_ranks_compare_names_not_addresses() {
        let entries = [
            entry("beta", "1.0.0", "b1"),
            entry("alpha", "2.0.0", "a1"),
            entry(copy("beta"), "1.0.0", "b2"),
            entry("alpha", "1.0.0", "a2"),
            entry("gamma", copy("1.0.0"), "g1"),
        ];
        let (ranks, crates) = crate_ranks(&entries);
        // alpha (both versions) 0, beta (both copies) 1, gamma 2.
        assert_eq!(ranks, [1, 0, 1, 0, 2]);
        assert_eq!(
            crates,
            [
                ("alpha", "1.0.0"),
                ("alpha", "2.0.0"),
                ("beta", "1.0.0"),
                ("gamma", "1.0.0")
            ]
        );
    }

    #[test]
    fn ids_clash_only_when_two_ids_are_equal() {
        let mut scratch = Vec::new();
        assert!(!ids_clash(["a", "b", "c"].into_iter(), &mut scratch));
        assert!(ids_clash(["a", "b", "a"].into_iter(), &mut scratch));
        assert!(ids_clash([copy("x"), "y", "x"].into_iter(), &mut scratch));
        assert!(!ids_clash([].into_iter(), &mut scratch));
    }

    /// A small deterministic generator (SplitMix64).
    fn next(state: &mut u64) -> u64 {
        *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    #[test]
    fn a_built_point_is_in_rank_order_whatever_the_input_order_and_string_copies() {
        let crates = ["zeta", "alpha", "alpha-b", "alpha_b", "mid"];
        let versions = ["1.0.0", "0.9.0"];
        let mut state = 7;
        let entries: Vec<Entry> = (0..300)
            .map(|i| {
                let pick = |n: usize, state: &mut u64| (next(state) % n as u64) as usize;
                let krate = crates[pick(crates.len(), &mut state)];
                // Half of the entries name their crate and version through a copy of the string.
                let copied = next(&mut state).is_multiple_of(2);
                let krate = if copied { copy(krate) } else { krate };
                let version = versions[pick(2, &mut state)];
                let version = if copied { copy(version) } else { version };
                let e = entry(krate, version, copy(&format!("id-{:03}", 299 - i)));
                let e = e.priority([0, 0, 3, -3, i32::MAX, i32::MIN][pick(6, &mut state)]);
                match pick(5, &mut state) {
                    0 => e.tryfirst(),
                    1 => e.trylast(),
                    _ => e,
                }
            })
            .collect();
        let point = crate::__private::first_match_point::<Sig>(
            URL,
            false,
            "fn() -> u8",
            crate::origin!("point"),
        );
        let registry: Registry = Registry::builder()
            .point(point)
            .entries(entries.iter().copied())
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        let built: Vec<&str> = registry.points()[0]
            .entries()
            .iter()
            .map(Entry::id)
            .collect();
        let mut expected = entries;
        expected.sort_by_key(|e| {
            let o = e.order();
            (
                o.tier,
                Reverse(o.priority),
                e.origin().crate_name,
                e.id(),
                e.origin().crate_version,
            )
        });
        let expected: Vec<&str> = expected.iter().map(Entry::id).collect();
        assert_eq!(built, expected);
    }
}
