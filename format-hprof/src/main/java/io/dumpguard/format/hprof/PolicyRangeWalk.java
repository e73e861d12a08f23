package io.dumpguard.format.hprof;

import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.spi.RangeSink;

import static io.dumpguard.format.hprof.HprofTags.*;

/**
 * The ranges a non-targeted policy overwrites, found in one walk. Strict: every {@code byte[]}, {@code int[]} and
 * {@code long[]} payload of {@link ByteEntropy#MIN_BYTES}+ bytes whose byte entropy is high (the arrays reached from
 * key objects are added by the caller). Paranoid: every primitive array payload and every run of primitive field
 * values in instances (from the class layouts) and the text of UTF8 records no structure refers to; never ids,
 * lengths, names or class records. Adjacent ranges are
 * merged before they reach the sink.
 */
final class PolicyRangeWalk implements HprofVisitor {
    private static final int CHUNK = 1 << 16;
    private final HprofInput in;
    private final ClassRegistry classes;
    private final HprofInput layoutReader;
    private final boolean paranoid;
    private final RangeSink sink;
    private final ByteEntropy entropy = new ByteEntropy();
    private final byte[] buf = new byte[CHUNK];
    private long pendingStart = -1;
    private long pendingEnd = -1;
    long ranges;

    private final LongIntMap referencedNames;

    PolicyRangeWalk(HprofInput in, HprofInput layoutReader, ClassRegistry classes, boolean paranoid,
                    LongIntMap referencedNames, RangeSink sink) {
        this.in = in;
        this.referencedNames = referencedNames;
        this.classes = classes;
        this.layoutReader = layoutReader;
        this.paranoid = paranoid;
        this.sink = sink;
    }

    /** Paranoid: symbol text nothing refers to (string literals of loaded classes) is blanked too; names are kept. */
    @Override
    public void utf8(long id, long textOffset, long textLength) throws InputRefusedException {
        if (paranoid && textLength > 0 && !referencedNames.containsKey(id)) {
            emit(textOffset, textLength);
        }
    }

    @Override
    public void instance(long id, long classId, long data, long len, long rec) throws InputRefusedException {
        if (!paranoid) {
            return;
        }
        int c = classes.indexOf(classId);
        ClassLayout layout = c < 0 ? null : classes.layout(c, layoutReader);
        if (layout == null || layout.size() != len) {
            throw new io.dumpguard.core.error.MalformedDumpException(rec, "INSTANCE_DUMP",
                    "no layout for class 0x" + Long.toHexString(classId));
        }
        int[] runs = layout.primitiveRuns();
        for (int i = 0; i < runs.length; i += 2) {
            emit(data + runs[i], runs[i + 1]);
        }
    }

    @Override
    public void primitiveArray(long id, int type, long payload, long count, long rec) throws InputRefusedException {
        long len = count * typeSize(type, 0);
        if (len == 0) {
            return;
        }
        if (paranoid) {
            emit(payload, len);
        } else if ((type == BYTE || type == INT || type == LONG) && len >= ByteEntropy.MIN_BYTES && highEntropy(payload, len)) {
            emit(payload, len);
        }
    }

    private boolean highEntropy(long payload, long len) throws InputRefusedException {
        entropy.reset();
        for (long p = payload; p < payload + len; ) {
            int n = (int) Math.min(CHUNK, payload + len - p);
            in.read(p, buf, 0, n, "array payload");
            entropy.add(buf, 0, n);
            p += n;
        }
        return entropy.high();
    }

    private void emit(long offset, long len) throws InputRefusedException {
        if (offset == pendingEnd) {
            pendingEnd += len;
            return;
        }
        flush();
        pendingStart = offset;
        pendingEnd = offset + len;
    }

    void flush() throws InputRefusedException {
        if (pendingStart >= 0 && pendingEnd > pendingStart) {
            sink.overwrite(pendingStart, pendingEnd - pendingStart);
            ranges++;
        }
        pendingStart = -1;
        pendingEnd = -1;
    }
}
