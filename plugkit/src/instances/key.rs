//! Look-ups by string that compare integers: a string of at most sixteen bytes as three words,
//! and a table of such keys addressed by their hash. `make_instance` finds its uid, and
//! `Secrets` its values, with one hash and (usually) one comparison of words, no byte loop.

/// A string as its length and two words that, with the length, hold every one of its bytes
/// when it has at most sixteen: two such keys are equal exactly when the strings are. Longer
/// strings share a key when they share their length and first sixteen bytes, so a match of
/// keys that are not [whole](StrKey::is_whole) also needs the bytes compared.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct StrKey {
    len: usize,
    head: u64,
    tail: u64,
}

impl StrKey {
    /// The key of `s`: for 8 to 16 bytes, the first eight and the last eight (overlapping);
    /// for 4 to 7, the first four and the last four; for 1 to 3, the first, middle and last
    /// byte; for more than 16, the first sixteen.
    #[inline]
    pub(crate) fn of(s: &str) -> Self {
        let b = s.as_bytes();
        let len = b.len();
        let (head, tail) = if len >= 8 {
            (word8(b, 0), word8(b, len.min(16) - 8))
        } else if len >= 4 {
            (word4(b, 0), word4(b, len - 4))
        } else if len > 0 {
            let byte = |i: usize| u64::from(b.get(i).copied().unwrap_or(0));
            (byte(0) | (byte(len / 2) << 8) | (byte(len - 1) << 16), 0)
        } else {
            (0, 0)
        };
        StrKey { len, head, tail }
    }

    /// Whether the key holds the whole string (at most sixteen bytes).
    #[inline]
    pub(crate) fn is_whole(&self) -> bool {
        self.len <= 16
    }

    /// The key's words mixed into one.
    #[inline]
    fn mix(&self) -> u64 {
        self.head ^ self.tail.rotate_left(29) ^ (self.len as u64).rotate_left(53)
    }
}

/// Eight bytes from `at`, little-endian; zero where `b` is shorter (callers never are).
#[inline]
fn word8(b: &[u8], at: usize) -> u64 {
    b.get(at..at + 8)
        .and_then(|s| <[u8; 8]>::try_from(s).ok())
        .map_or(0, u64::from_le_bytes)
}

/// Four bytes from `at`, little-endian; zero where `b` is shorter (callers never are).
#[inline]
fn word4(b: &[u8], at: usize) -> u64 {
    b.get(at..at + 4)
        .and_then(|s| <[u8; 4]>::try_from(s).ok())
        .map_or(0, |w| u64::from(u32::from_le_bytes(w)))
}

/// A secret's scope and key, as two [`StrKey`]s.
pub(crate) type SecretKey = (StrKey, StrKey);

/// The key of a secret's scope and key.
#[inline]
pub(crate) fn secret_key(secret: &super::SecretDescription) -> SecretKey {
    (StrKey::of(secret.scope), StrKey::of(secret.key))
}

/// A secret's key with its hash, computed once when a namespace is indexed.
pub(crate) type HashedSecretKey = (SecretKey, u64);

/// The key of a secret, and its hash.
pub(crate) fn hashed_secret_key(secret: &super::SecretDescription) -> HashedSecretKey {
    let key = secret_key(secret);
    (key, key.hash())
}

/// A key a [`KeyTable`] holds.
pub(crate) trait TableKey: Copy + Eq {
    /// Its hash (the table takes the high bits).
    fn hash(&self) -> u64;
    /// Whether equal keys mean equal strings (otherwise the caller compares them).
    fn is_whole(&self) -> bool;
}

/// Fibonacci hashing: the high bits of the product are well mixed.
const MULTIPLIER: u64 = 0x9E37_79B9_7F4A_7C15;

impl TableKey for StrKey {
    #[inline]
    fn hash(&self) -> u64 {
        self.mix().wrapping_mul(MULTIPLIER)
    }

    #[inline]
    fn is_whole(&self) -> bool {
        StrKey::is_whole(self)
    }
}

/// A pair of strings (a secret's scope and key).
impl TableKey for (StrKey, StrKey) {
    #[inline]
    fn hash(&self) -> u64 {
        (self.0.mix() ^ self.1.mix().rotate_left(32)).wrapping_mul(MULTIPLIER)
    }

    #[inline]
    fn is_whole(&self) -> bool {
        self.0.is_whole() && self.1.is_whole()
    }
}

/// Where nothing is stored.
const EMPTY: usize = usize::MAX;

/// Positions in a list, by key: an open-addressed table at most half full, probed linearly
/// from the slot the key's hash names. Its layout depends only on the keys and their order,
/// so a look-up does the same work in every run.
#[derive(Clone, Debug)]
pub(crate) struct KeyTable<K> {
    /// `(key, position)`, or `(_, EMPTY)`.
    slots: Vec<(K, usize)>,
    /// 64 minus the number of bits that name a slot.
    shift: u32,
}

impl<K> Default for KeyTable<K> {
    fn default() -> Self {
        KeyTable {
            slots: Vec::new(),
            shift: 63,
        }
    }
}

impl<K: TableKey + Default> KeyTable<K> {
    /// A table of `keys`, each found at its position in the iteration.
    pub(crate) fn new(keys: impl ExactSizeIterator<Item = K>) -> Self {
        if keys.len() == 0 {
            return KeyTable::default();
        }
        let size = (keys.len() * 2).next_power_of_two();
        let mut table = KeyTable {
            slots: vec![(K::default(), EMPTY); size],
            shift: 64 - size.trailing_zeros(),
        };
        let mask = size - 1;
        for (at, key) in keys.enumerate() {
            let mut slot = table.slot_of(key.hash());
            while table.slots[slot].1 != EMPTY {
                slot = (slot + 1) & mask;
            }
            table.slots[slot] = (key, at);
        }
        table
    }

    #[inline]
    fn slot_of(&self, hash: u64) -> usize {
        // `shift` is at least 1 in a table with slots, so the slot is below their number.
        (hash >> self.shift) as usize
    }

    /// The position of `key`; where the key is not whole, of the first position with that
    /// key for which `is_it` says yes.
    #[inline]
    pub(crate) fn find(&self, key: &K, is_it: impl FnMut(usize) -> bool) -> Option<usize> {
        self.find_hashed(key.hash(), key, is_it)
    }

    /// [`find`](KeyTable::find), with the key's hash computed beforehand.
    #[inline]
    pub(crate) fn find_hashed(
        &self,
        hash: u64,
        key: &K,
        mut is_it: impl FnMut(usize) -> bool,
    ) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut slot = self.slot_of(hash);
        loop {
            let (stored, at) = self.slots.get(slot)?;
            if *at == EMPTY {
                return None;
            }
            if stored == key && (key.is_whole() || is_it(*at)) {
                return Some(*at);
            }
            slot = (slot + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{KeyTable, StrKey};

    const STRINGS: [&str; 14] = [
        "",
        "a",
        "a\0",
        "ab",
        "abc",
        "abcd",
        "abcdefg",
        "model_small",
        "model_keyed",
        "exactly16bytes!!",
        "exactly16bytes!?",
        "seventeen-bytes!!",
        "a-very-long-uid-number-1",
        "a-very-long-uid-number-2",
    ];

    #[test]
    fn keys_are_equal_exactly_when_short_strings_are() {
        for a in STRINGS {
            for b in STRINGS {
                if StrKey::of(a).is_whole() || StrKey::of(b).is_whole() {
                    assert_eq!(StrKey::of(a) == StrKey::of(b), a == b, "{a:?} {b:?}");
                }
            }
        }
        // Every length up to sixteen, every byte changed in turn.
        for len in 0..=16 {
            let base = vec![b'x'; len];
            for i in 0..len {
                let mut other = base.clone();
                other[i] = b'y';
                let (a, b) = (
                    std::str::from_utf8(&base).unwrap_or_default(),
                    std::str::from_utf8(&other).unwrap_or_default(),
                );
                assert_ne!(StrKey::of(a), StrKey::of(b), "{a:?} {b:?}");
            }
        }
        assert!(StrKey::of("exactly16bytes!!").is_whole());
        assert!(!StrKey::of("seventeen-bytes!!").is_whole());
        // Longer strings share a key when they share their length and first sixteen bytes.
        assert_eq!(
            StrKey::of("a-very-long-uid-number-1"),
            StrKey::of("a-very-long-uid-number-2")
        );
    }

    #[test]
    fn a_table_finds_every_key_and_nothing_else() {
        let table = KeyTable::new(STRINGS.iter().map(|s| StrKey::of(s)));
        for (at, s) in STRINGS.iter().enumerate() {
            assert_eq!(
                table.find(&StrKey::of(s), |i| STRINGS[i] == *s),
                Some(at),
                "{s:?}"
            );
        }
        for absent in [
            "b",
            "model_smal",
            "a-very-long-uid-number-3",
            "zzzzzzzzzzzzzzzzz",
        ] {
            assert_eq!(
                table.find(&StrKey::of(absent), |i| STRINGS[i] == absent),
                None
            );
        }
        let empty = KeyTable::<StrKey>::new(std::iter::empty());
        assert_eq!(empty.find(&StrKey::of("a"), |_| true), None);
        let pairs = KeyTable::new(
            [("demo", "api_key"), ("demo", "org"), ("other", "api_key")]
                .iter()
                .map(|(s, k)| (StrKey::of(s), StrKey::of(k))),
        );
        let at = |s, k| pairs.find(&(StrKey::of(s), StrKey::of(k)), |_| true);
        assert_eq!(
            (
                at("demo", "org"),
                at("other", "api_key"),
                at("other", "org")
            ),
            (Some(1), Some(2), None)
        );
    }
}
