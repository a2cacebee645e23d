package dev.tributary.index.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopGroupsTest {

    private record Doc(float score, int doc, long key) {}

    /** The slow, obviously right answer: best document per group, groups by that document. */
    private static List<Doc> bruteForce(List<Doc> docs, int k) {
        Map<Long, Doc> best = new HashMap<>();
        Comparator<Doc> order = Comparator.comparing(Doc::score).reversed().thenComparing(Doc::doc);
        for (Doc d : docs) {
            best.merge(d.key(), d, (a, b) -> order.compare(a, b) <= 0 ? a : b);
        }
        return best.values().stream().sorted(order).limit(k).toList();
    }

    @Test
    void keepsTheBestGroupsEachWithItsBestDocument() {
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            int k = 1 + random.nextInt(12);
            int groups = 1 + random.nextInt(40);
            List<Doc> docs = new ArrayList<>();
            for (int doc = 0; doc < 1 + random.nextInt(200); doc++) {
                // few distinct scores, so ties happen
                docs.add(new Doc(random.nextInt(10) / 2f, doc, random.nextInt(groups)));
            }
            TopGroups top = new TopGroups(k);
            docs.forEach(d -> top.offer(d.score(), d.doc(), d.key()));
            // the same documents split over two collectors and merged
            TopGroups left = new TopGroups(k);
            TopGroups right = new TopGroups(k);
            docs.forEach(d -> (d.doc() % 2 == 0 ? left : right).offer(d.score(), d.doc(), d.key()));
            left.addAll(right);

            List<Doc> expected = bruteForce(docs, k);
            assertThat(top.ranked()).extracting(g -> new Doc(g.score, g.doc, g.key)).as("round %d", round).isEqualTo(expected);
            assertThat(left.ranked()).extracting(g -> new Doc(g.score, g.doc, g.key)).as("merged, round %d", round).isEqualTo(expected);
        }
    }

    @Test
    void aCapacityOfZeroKeepsNothing() {
        TopGroups top = new TopGroups(0);
        top.offer(1f, 0, 1);
        assertThat(top.ranked()).isEmpty();
    }
}
