package dev.tributary.api.search;

import java.util.List;

/**
 * The index compared with the store, document by document. Documents are named
 * {@code <instance>/<external id>}; each list names at most {@link #LISTED} of them.
 *
 * @param appliedSequence the store change the index had applied when it was compared
 * @param storeSequence   the store's last change when the comparison ended: the comparison is exact only
 *                        when both are equal (else a sync was writing; ask again when it is done)
 * @param stored          documents in the store that the index should hold (a document nobody may see is
 *                        stored but never indexed)
 * @param indexed         documents in the index, each copy counted
 * @param missing         stored but not indexed
 * @param unexpected      indexed but not stored (or stored for nobody)
 * @param duplicated      indexed more than once
 * @param differing       indexed with another content hash than the stored one
 * @since 1.2
 */
public record IndexCheck(long appliedSequence, long storeSequence, long stored, long indexed, List<String> missing,
        List<String> unexpected, List<String> duplicated, List<String> differing) {

    public static final int LISTED = 100;

    public IndexCheck {
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        duplicated = List.copyOf(duplicated);
        differing = List.copyOf(differing);
    }

    /** The index was current and holds exactly what the store holds. */
    public boolean consistent() {
        return appliedSequence == storeSequence && stored == indexed && missing.isEmpty() && unexpected.isEmpty()
                && duplicated.isEmpty() && differing.isEmpty();
    }
}
