package io.dumpguard.format.minidump;

import io.dumpguard.core.error.InputRefusedException;

/**
 * ThreadListStream (MINIDUMP_THREAD, 48 bytes) and ThreadExListStream (MINIDUMP_THREAD_EX, 64 bytes: adds the IA-64
 * backing store). Each thread names its stack memory and its register context.
 */
final class ThreadStreams {
    static final int THREAD_SIZE = 48;
    static final int THREAD_EX_SIZE = 64;

    private ThreadStreams() {
    }

    /** Thread contexts need the architecture, so this runs after SystemInfoStream. */
    static void parse(ParseContext ctx, ParseContext.Stream s, boolean extended) throws InputRefusedException {
        ParseContext.atLeast(s, 4);
        int entry = extended ? THREAD_EX_SIZE : THREAD_SIZE;
        String name = extended ? "MINIDUMP_THREAD_EX" : "MINIDUMP_THREAD";
        long count = ctx.in.u32(s.rva(), s.structure());
        long at = ctx.listEntries(s, count, entry);
        ctx.add("threads", count);
        for (long i = 0; i < count; i++, at += entry) {
            String st = name + " #" + i;
            ctx.layout.structure(at, entry, st);
            long threadId = ctx.in.u32(at, st);
            String label = "thread " + threadId;
            memory(ctx, at + 24, st + " Stack", label + " stack", true);
            long[] context = ctx.location(at + 40, st + " ThreadContext");
            ThreadContextLayout.claim(ctx.in, ctx.layout, context[0], context[1], ctx.architecture,
                    st + " ThreadContext", label + " registers");
            if (extended) {
                memory(ctx, at + 48, st + " BackingStore", label + " backing store", false);
            }
        }
    }

    /** A MINIDUMP_MEMORY_DESCRIPTOR naming thread memory. */
    private static void memory(ParseContext ctx, long at, String st, String label, boolean stack)
            throws InputRefusedException {
        long start = ctx.in.u64(at, st);
        long[] loc = ctx.location(at + 8, st);
        if (stack) {
            ctx.layout.stack(loc[1], loc[0], start, label, st);
        } else {
            ctx.layout.payload(loc[1], loc[0], io.dumpguard.core.RegionKind.ANON_MEMORY, start, true, label, st);
        }
    }
}
