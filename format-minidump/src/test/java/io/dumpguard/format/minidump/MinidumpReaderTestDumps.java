package io.dumpguard.format.minidump;

/** Synthetic dumps shared by the reader tests and the fuzz test's deterministic sweep. */
final class MinidumpReaderTestDumps {
    private MinidumpReaderTestDumps() {
    }

    static byte[] typical() {
        return typical(5).build();
    }

    /** SystemInfo (AMD64), one thread whose stack is also MemoryList #0, a module with a name, an environ stream. */
    static MinidumpBuilder typical(int streams) {
        MinidumpBuilder b = new MinidumpBuilder(streams);
        b.stream(0, StreamType.SYSTEM_INFO, MinidumpBuilder.systemInfo(SystemInfo.ARCH_AMD64));
        int stack = b.append(new byte[256]);
        int heap = b.append(new byte[512]);
        int context = b.append(new byte[ThreadContextLayout.AMD64_CONTEXT_SIZE]);
        int name = b.append(MinidumpBuilder.utf16("/usr/lib/libcrypto.so.3"));
        b.stream(1, StreamType.THREAD_LIST, MinidumpBuilder.le(52).putInt(1).putInt(4, 77)
                .putLong(28, 0x7ffe0000L).putInt(36, 256).putInt(40, stack)
                .putInt(44, ThreadContextLayout.AMD64_CONTEXT_SIZE).putInt(48, context).array());
        b.stream(2, StreamType.MEMORY_LIST, MinidumpBuilder.le(4 + 32).putInt(1)
                .putLong(4, 0x7ffe0000L).putInt(12, 256).putInt(16, stack)
                .putLong(20, 0x7f0000001000L).putInt(28, 512).putInt(32, heap).putInt(0, 2).array());
        b.stream(3, StreamType.MODULE_LIST, MinidumpBuilder.le(4 + 108).putInt(1)
                .putLong(4, 0x7f0000000000L).putInt(12, 0x10000).putInt(24, name).array());
        b.stream(4, StreamType.LINUX_ENVIRON, "HOME=/root\0AWS_SECRET_ACCESS_KEY=x\0".getBytes());
        return b;
    }

}
