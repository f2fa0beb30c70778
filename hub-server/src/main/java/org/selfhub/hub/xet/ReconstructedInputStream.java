package org.selfhub.hub.xet;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.function.BiFunction;

/**
 * The raw bytes of a file range rebuilt on the server (xet.md §4.3) for clients without Xet: the
 * plan's terms are read from the stored xorbs one at a time and decoded one chunk at a time, the
 * first {@code offsetIntoFirstRange} bytes skipped and the total cut to the requested length.
 */
final class ReconstructedInputStream extends InputStream {

    private final Iterator<ReconstructionPlan.Term> terms;
    private final BiFunction<String, long[], InputStream> opener;
    private final java.util.function.Function<String, XorbLayout> xorbs;
    private long skip;
    private long remaining;
    private InputStream current;
    private int chunksLeft;
    private byte[] buffer = new byte[0];
    private int position;

    /**
     * @param opener opens serialized bytes {@code [offset, offset + length)} of a xorb, given as
     *               {@code long[]{offset, length}}
     */
    ReconstructedInputStream(ReconstructionPlan plan, java.util.function.Function<String, XorbLayout> xorbs,
                             BiFunction<String, long[], InputStream> opener, long length) {
        this.terms = plan.terms().iterator();
        this.opener = opener;
        this.xorbs = xorbs;
        this.skip = plan.offsetIntoFirstRange();
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (position == buffer.length) {
            if (remaining == 0 || !nextChunk()) {
                return -1;
            }
        }
        int n = (int) Math.min(Math.min(len, buffer.length - position), remaining);
        System.arraycopy(buffer, position, b, off, n);
        position += n;
        remaining -= n;
        return n;
    }

    private boolean nextChunk() throws IOException {
        while (chunksLeft == 0) {
            if (current != null) {
                current.close();
                current = null;
            }
            if (!terms.hasNext()) {
                return false;
            }
            ReconstructionPlan.Term term = terms.next();
            XorbLayout xorb = xorbs.apply(term.xorbHash());
            long start = xorb.compressedStart(term.chunkStart());
            long end = xorb.compressedEnds()[term.chunkEnd() - 1];
            current = new java.io.BufferedInputStream(opener.apply(term.xorbHash(), new long[] {start, end - start}),
                    256 * 1024);
            chunksLeft = term.chunkEnd() - term.chunkStart();
        }
        byte[][] decoded = new byte[1][];
        XorbReader.decodeChunks(current, 1, raw -> decoded[0] = raw);
        chunksLeft--;
        buffer = decoded[0];
        position = 0;
        if (skip > 0) {
            int skipped = (int) Math.min(skip, buffer.length);
            position = skipped;
            skip -= skipped;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
