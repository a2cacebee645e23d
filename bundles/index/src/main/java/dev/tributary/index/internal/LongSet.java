package dev.tributary.index.internal;

/** A set of longs without boxing: counting distinct content hashes over every match must be cheap. */
final class LongSet {

    private long[] keys = new long[64]; // open addressing, 0 marks a free slot
    private int size;
    private boolean hasZero;

    boolean add(long key) {
        if (key == 0) {
            boolean added = !hasZero;
            hasZero = true;
            return added;
        }
        if ((size + 1) * 2 > keys.length) {
            long[] old = keys;
            keys = new long[old.length * 2];
            for (long k : old) {
                if (k != 0) {
                    insert(keys, k);
                }
            }
        }
        if (insert(keys, key)) {
            size++;
            return true;
        }
        return false;
    }

    int size() {
        return size + (hasZero ? 1 : 0);
    }

    void addAll(LongSet other) {
        if (other.hasZero) {
            add(0);
        }
        for (long k : other.keys) {
            if (k != 0) {
                add(k);
            }
        }
    }

    private static boolean insert(long[] table, long key) {
        int mask = table.length - 1;
        long h = key * 0x9E3779B97F4A7C15L;
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (table[i] != 0) {
            if (table[i] == key) {
                return false;
            }
            i = (i + 1) & mask;
        }
        table[i] = key;
        return true;
    }
}
