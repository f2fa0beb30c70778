package org.selfhub.hub.xet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Which chunks of which xorbs rebuild bytes [first, last] of a file (xet.md §2.3, a port of
 * xet-core's {@code compute_reconstruction_ranges}): the terms that overlap the range, trimmed to
 * the chunks that hold it, {@code offsetIntoFirstRange} raw bytes to skip in the first one, and per
 * xorb the byte ranges to fetch, sorted and merged so that every term lies inside exactly one.
 *
 * @param offsetIntoFirstRange raw bytes of the first term before {@code first}
 * @param terms                the trimmed terms, in file order
 * @param fetches              per xorb, in first-use order, the merged ranges to fetch
 */
record ReconstructionPlan(long offsetIntoFirstRange, List<Term> terms, Map<String, List<Fetch>> fetches) {

    /** Chunks [chunkStart, chunkEnd) of a xorb, {@code unpackedLength} raw bytes. */
    record Term(String xorbHash, long unpackedLength, int chunkStart, int chunkEnd) {
    }

    /** Chunks [chunkStart, chunkEnd) and their serialized bytes [byteStart, byteEnd], end inclusive. */
    record Fetch(int chunkStart, int chunkEnd, long byteStart, long byteEnd) {
    }

    /**
     * Plans bytes [first, last] (inclusive, {@code last} already clamped to size - 1, {@code first <= last}).
     *
     * @param xorbs the layout of each xorb the file's terms name
     */
    static ReconstructionPlan plan(List<XetRecords.StoredTerm> fileTerms, Function<String, XorbLayout> xorbs,
                                   long first, long last) {
        List<Term> terms = new ArrayList<>();
        long offsetIntoFirst = 0;
        long position = 0;
        for (XetRecords.StoredTerm t : fileTerms) {
            long termEnd = position + t.unpackedBytes();
            if (termEnd <= first) {
                position = termEnd;
                continue;
            }
            if (position > last) {
                break;
            }
            XorbLayout xorb = xorbs.apply(t.xorbHash());
            // The file offset at which this xorb's raw byte 0 would sit, for this term.
            long base = position - xorb.unpackedStart(t.chunkStart());
            int c0 = t.chunkStart();
            int c1 = t.chunkEnd();
            if (terms.isEmpty()) {
                while (c0 < c1 - 1 && base + xorb.unpackedEnds()[c0] <= first) {
                    c0++;
                }
                offsetIntoFirst = first - (base + xorb.unpackedStart(c0));
            }
            while (c1 - 1 > c0 && base + xorb.unpackedStart(c1 - 1) > last) {
                c1--;
            }
            terms.add(new Term(t.xorbHash(), xorb.unpackedBytes(c0, c1), c0, c1));
            position = termEnd;
        }
        Map<String, List<Fetch>> fetches = new LinkedHashMap<>();
        Map<String, List<int[]>> ranges = new LinkedHashMap<>();
        for (Term t : terms) {
            ranges.computeIfAbsent(t.xorbHash(), h -> new ArrayList<>()).add(new int[] {t.chunkStart(), t.chunkEnd()});
        }
        ranges.forEach((hash, list) -> {
            list.sort(Comparator.comparingInt((int[] r) -> r[0]).thenComparingInt(r -> r[1]));
            List<int[]> merged = new ArrayList<>();
            for (int[] r : list) {
                int[] tail = merged.isEmpty() ? null : merged.get(merged.size() - 1);
                if (tail != null && r[0] <= tail[1]) {
                    tail[1] = Math.max(tail[1], r[1]);
                } else {
                    merged.add(new int[] {r[0], r[1]});
                }
            }
            XorbLayout xorb = xorbs.apply(hash);
            fetches.put(hash, merged.stream().map(r -> new Fetch(r[0], r[1], xorb.compressedStart(r[0]),
                    xorb.compressedEnds()[r[1] - 1] - 1L)).toList());
        });
        return new ReconstructionPlan(offsetIntoFirst, terms, fetches);
    }
}
