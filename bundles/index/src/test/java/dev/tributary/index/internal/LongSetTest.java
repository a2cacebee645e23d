package dev.tributary.index.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LongSetTest {

    @Test
    void countsDistinctValuesLikeAHashSet() {
        Random random = new Random(3);
        LongSet set = new LongSet();
        LongSet other = new LongSet();
        Set<Long> expected = new HashSet<>();
        for (int i = 0; i < 50_000; i++) {
            long v = random.nextInt(4) == 0 ? random.nextInt(100) - 50 : random.nextLong();
            (i % 2 == 0 ? set : other).add(v);
            expected.add(v);
        }
        set.addAll(other);
        assertThat(set.size()).isEqualTo(expected.size());
        assertThat(set.add(0)).isFalse(); // 0 was among the small values
        assertThat(set.add(Long.MIN_VALUE)).isEqualTo(!expected.contains(Long.MIN_VALUE));
    }
}
