package io.dumpguard.format.minidump;

import io.dumpguard.core.RegionKind;
import io.dumpguard.core.error.InputRefusedException;

/**
 * Crashpad's MinidumpCrashpadInfo (minidump_extensions.h): report and client ids, the process' simple string
 * dictionary, and per-module info with list annotations, simple annotations and annotation objects. Annotation
 * values are free text an application chose to attach to its crash (they have held tokens and URLs with
 * credentials), so they are redactable TEXT; keys and names are SYMBOLS.
 */
final class CrashpadInfoStream {
    /** version, report_id (UUID), client_id (UUID), simple_annotations, module_list. */
    static final int INFO_SIZE = 52;
    static final int DICTIONARY_ENTRY_SIZE = 8;
    static final int MODULE_LINK_SIZE = 12;
    /** version, list_annotations, simple_annotations, annotation_objects. */
    static final int MODULE_INFO_SIZE = 28;
    static final int ANNOTATION_SIZE = 12;

    private CrashpadInfoStream() {
    }

    static void parse(ParseContext ctx, ParseContext.Stream s) throws InputRefusedException {
        ParseContext.atLeast(s, INFO_SIZE);
        String st = "MinidumpCrashpadInfo";
        ctx.layout.structure(s.rva(), INFO_SIZE, st);
        long[] simple = ctx.location(s.rva() + 36, st + " simple_annotations");
        dictionary(ctx, simple, st + " simple_annotations");
        long[] modules = ctx.location(s.rva() + 44, st + " module_list");
        if (modules[0] == 0) {
            return;
        }
        String ms = "MinidumpModuleCrashpadInfoList";
        long count = ctx.in.u32(modules[1], ms);
        long bytes = ctx.in.tableBytes(modules[1], ms, count, MODULE_LINK_SIZE, modules[0] - 4);
        ctx.layout.structure(modules[1], 4 + bytes, ms);
        for (long i = 0; i < count; i++) {
            String ls = "MinidumpModuleCrashpadInfoLink #" + i;
            long[] info = ctx.location(modules[1] + 4 + i * MODULE_LINK_SIZE + 4, ls);
            moduleInfo(ctx, info, "MinidumpModuleCrashpadInfo #" + i);
        }
    }

    private static void moduleInfo(ParseContext ctx, long[] loc, String st) throws InputRefusedException {
        if (loc[0] < 4) {
            ctx.layout.structure(loc[1], loc[0], st);
            return;
        }
        long fixed = Math.min(loc[0], MODULE_INFO_SIZE);
        ctx.layout.structure(loc[1], fixed, st);
        if (fixed >= 12) {
            long[] list = ctx.location(loc[1] + 4, st + " list_annotations");
            listAnnotations(ctx, list, st + " list_annotations");
        }
        if (fixed >= 20) {
            dictionary(ctx, ctx.location(loc[1] + 12, st + " simple_annotations"), st + " simple_annotations");
        }
        if (fixed >= 28) {
            annotationObjects(ctx, ctx.location(loc[1] + 20, st + " annotation_objects"), st + " annotation_objects");
        }
    }

    /** MinidumpSimpleStringDictionary: count, then {key RVA, value RVA} pairs of MinidumpUTF8String. */
    private static void dictionary(ParseContext ctx, long[] loc, String st) throws InputRefusedException {
        if (loc[0] == 0) {
            return;
        }
        long count = ctx.in.u32(loc[1], st);
        long bytes = ctx.in.tableBytes(loc[1], st, count, DICTIONARY_ENTRY_SIZE, loc[0] - 4);
        ctx.layout.structure(loc[1], 4 + bytes, st);
        ctx.add("crashpadAnnotations", count);
        for (long i = 0; i < count; i++) {
            long at = loc[1] + 4 + i * DICTIONARY_ENTRY_SIZE;
            String es = st + " entry #" + i;
            ctx.strings.claim(ctx.in.u32(at, es), es + " key", RegionKind.SYMBOLS, false, "annotation key");
            ctx.strings.claim(ctx.in.u32(at + 4, es), es + " value", RegionKind.TEXT, true, "annotation value");
        }
    }

    /** MinidumpRVAList of MinidumpUTF8String. */
    private static void listAnnotations(ParseContext ctx, long[] loc, String st) throws InputRefusedException {
        if (loc[0] == 0) {
            return;
        }
        long count = ctx.in.u32(loc[1], st);
        long bytes = ctx.in.tableBytes(loc[1], st, count, 4, loc[0] - 4);
        ctx.layout.structure(loc[1], 4 + bytes, st);
        ctx.add("crashpadAnnotations", count);
        for (long i = 0; i < count; i++) {
            String es = st + " #" + i;
            ctx.strings.claim(ctx.in.u32(loc[1] + 4 + i * 4, es), es, RegionKind.TEXT, true, "list annotation");
        }
    }

    /** MinidumpAnnotationList: count, then {name RVA (UTF-8 string), type, reserved, value RVA (byte array)}. */
    private static void annotationObjects(ParseContext ctx, long[] loc, String st) throws InputRefusedException {
        if (loc[0] == 0) {
            return;
        }
        long count = ctx.in.u32(loc[1], st);
        long bytes = ctx.in.tableBytes(loc[1], st, count, ANNOTATION_SIZE, loc[0] - 4);
        ctx.layout.structure(loc[1], 4 + bytes, st);
        ctx.add("crashpadAnnotations", count);
        for (long i = 0; i < count; i++) {
            long at = loc[1] + 4 + i * ANNOTATION_SIZE;
            String es = st + " #" + i;
            ctx.strings.claim(ctx.in.u32(at, es), es + " name", RegionKind.SYMBOLS, false, "annotation name");
            ctx.strings.claim(ctx.in.u32(at + 8, es), es + " value", RegionKind.TEXT, true, "annotation value");
        }
    }
}
