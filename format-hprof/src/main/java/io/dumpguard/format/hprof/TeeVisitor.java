package io.dumpguard.format.hprof;

import io.dumpguard.core.error.InputRefusedException;

/** Hands what a walk reads to two visitors, so that one walk does the work of two passes. */
final class TeeVisitor implements HprofVisitor {
    private final HprofVisitor a;
    private final HprofVisitor b;

    TeeVisitor(HprofVisitor a, HprofVisitor b) {
        this.a = a;
        this.b = b;
    }

    @Override
    public boolean topLevelOnly() {
        return a.topLevelOnly() && b.topLevelOnly();
    }

    @Override
    public void record(int tag, long offset, long bodyLength) throws InputRefusedException {
        a.record(tag, offset, bodyLength);
        b.record(tag, offset, bodyLength);
    }

    @Override
    public boolean enterHeapRecord(long offset, long bodyLength) throws InputRefusedException {
        boolean ea = a.enterHeapRecord(offset, bodyLength);
        boolean eb = b.enterHeapRecord(offset, bodyLength);
        if (ea != eb) {
            // each visitor must see all of a record or none of it
            throw new IllegalStateException("visitors disagree on entering the heap record at 0x"
                    + Long.toHexString(offset));
        }
        return ea;
    }

    @Override
    public void utf8(long id, long textOffset, long textLength) throws InputRefusedException {
        a.utf8(id, textOffset, textLength);
        b.utf8(id, textOffset, textLength);
    }

    @Override
    public void nameReference(long utf8Id) throws InputRefusedException {
        a.nameReference(utf8Id);
        b.nameReference(utf8Id);
    }

    @Override
    public void loadClass(long classId, long nameId, long recordOffset) throws InputRefusedException {
        a.loadClass(classId, nameId, recordOffset);
        b.loadClass(classId, nameId, recordOffset);
    }

    @Override
    public void classDump(long classId, long superId, long recordOffset, long instanceFieldsOffset,
                          int instanceFieldCount) throws InputRefusedException {
        a.classDump(classId, superId, recordOffset, instanceFieldsOffset, instanceFieldCount);
        b.classDump(classId, superId, recordOffset, instanceFieldsOffset, instanceFieldCount);
    }

    @Override
    public void instance(long id, long classId, long dataOffset, long dataLength, long recordOffset)
            throws InputRefusedException {
        a.instance(id, classId, dataOffset, dataLength, recordOffset);
        b.instance(id, classId, dataOffset, dataLength, recordOffset);
    }

    @Override
    public void objectArray(long id, long elementClassId, long elementsOffset, long count, long recordOffset)
            throws InputRefusedException {
        a.objectArray(id, elementClassId, elementsOffset, count, recordOffset);
        b.objectArray(id, elementClassId, elementsOffset, count, recordOffset);
    }

    @Override
    public void primitiveArray(long id, int type, long payloadOffset, long count, long recordOffset)
            throws InputRefusedException {
        a.primitiveArray(id, type, payloadOffset, count, recordOffset);
        b.primitiveArray(id, type, payloadOffset, count, recordOffset);
    }
}
