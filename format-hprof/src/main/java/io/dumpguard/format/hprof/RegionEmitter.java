package io.dumpguard.format.hprof;

import io.dumpguard.core.Region;
import io.dumpguard.core.RegionKind;
import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.spi.RegionVisitor;

import static io.dumpguard.format.hprof.HprofTags.typeName;

/**
 * Turns {@link RegionWalk}'s regions into {@link Region}s: UTF8 records the structure uses as names are
 * {@code SYMBOLS} (not redactable), the others {@code TEXT}; array payloads {@code HEAP_ARRAY}; unknown records
 * {@code RAW} (not redactable).
 */
final class RegionEmitter implements RegionWalk.Sink {
    /** Region labels by HPROF basic type (2..11); other slots are never used for primitive arrays. */
    private static final String[] ARRAY_LABELS = new String[16];

    static {
        for (int t = 0; t < 16; t++) {
            ARRAY_LABELS[t] = t >= 4 && t <= 11 ? typeName(t) + "[] payload" : "array payload";
        }
    }

    private final RegionVisitor visitor;
    private final LongIntMap referencedNames;

    RegionEmitter(RegionVisitor visitor, LongIntMap referencedNames) {
        this.visitor = visitor;
        this.referencedNames = referencedNames;
    }

    @Override
    public void unknownRecord(int tag, long bodyOffset, long bodyLength) throws InputRefusedException {
        visitor.visit(new Region(bodyOffset, bodyLength, RegionKind.RAW, Region.NO_ADDRESS, 0, false,
                String.format("record of unknown tag 0x%02x", tag)));
    }

    @Override
    public void utf8(long id, long textOffset, long textLength) throws InputRefusedException {
        visitor.visit(referencedNames.containsKey(id)
                ? new Region(textOffset, textLength, RegionKind.SYMBOLS, Region.NO_ADDRESS, 0, false,
                "UTF8 name 0x" + Long.toHexString(id))
                : new Region(textOffset, textLength, RegionKind.TEXT, Region.NO_ADDRESS, 0, true,
                "UTF8 unreferenced symbol 0x" + Long.toHexString(id)));
    }

    @Override
    public void array(int type, long payloadOffset, long payloadLength) throws InputRefusedException {
        // one label per element type: millions of arrays, and the label only names the kind in errors
        visitor.visit(new Region(payloadOffset, payloadLength, RegionKind.HEAP_ARRAY, Region.NO_ADDRESS, 0, true,
                ARRAY_LABELS[type & 0x0f]));
    }
}
