package io.dumpguard.format.minidump;

/**
 * MINIDUMP_STREAM_TYPE values (minidumpapiset.h), the Breakpad extensions (minidump_format.h, 0x4767xxxx "Gg")
 * and Crashpad's info stream (0x43500001 "CP").
 */
final class StreamType {
    private StreamType() {
    }

    static final int UNUSED = 0;
    static final int THREAD_LIST = 3;
    static final int MODULE_LIST = 4;
    static final int MEMORY_LIST = 5;
    static final int EXCEPTION = 6;
    static final int SYSTEM_INFO = 7;
    static final int THREAD_EX_LIST = 8;
    static final int MEMORY64_LIST = 9;
    static final int COMMENT_A = 10;
    static final int COMMENT_W = 11;
    static final int HANDLE_DATA = 12;
    static final int UNLOADED_MODULE_LIST = 14;
    static final int MISC_INFO = 15;
    static final int MEMORY_INFO_LIST = 16;
    static final int THREAD_INFO_LIST = 17;
    static final int THREAD_NAMES = 24;

    static final int BREAKPAD_INFO = 0x47670001;
    static final int BREAKPAD_ASSERTION_INFO = 0x47670002;
    static final int LINUX_CPU_INFO = 0x47670003;
    static final int LINUX_PROC_STATUS = 0x47670004;
    static final int LINUX_LSB_RELEASE = 0x47670005;
    static final int LINUX_CMD_LINE = 0x47670006;
    static final int LINUX_ENVIRON = 0x47670007;
    static final int LINUX_AUXV = 0x47670008;
    static final int LINUX_MAPS = 0x47670009;
    static final int LINUX_DSO_DEBUG = 0x4767000A;
    /** LLVM's additions to the Breakpad range: /proc/PID/stat, /proc/uptime, the open file descriptors. */
    static final int LINUX_PROC_STAT = 0x4767000B;
    static final int LINUX_PROC_UPTIME = 0x4767000C;
    static final int LINUX_PROC_FD = 0x4767000D;
    /** An empty marker stream lldb writes ('LLDB'). */
    static final int LLDB_GENERATED = 0x4C4C4442;

    static final int CRASHPAD_INFO = 0x43500001;

    static String name(int type) {
        return switch (type) {
            case UNUSED -> "UnusedStream";
            case THREAD_LIST -> "ThreadListStream";
            case MODULE_LIST -> "ModuleListStream";
            case MEMORY_LIST -> "MemoryListStream";
            case EXCEPTION -> "ExceptionStream";
            case SYSTEM_INFO -> "SystemInfoStream";
            case THREAD_EX_LIST -> "ThreadExListStream";
            case MEMORY64_LIST -> "Memory64ListStream";
            case COMMENT_A -> "CommentStreamA";
            case COMMENT_W -> "CommentStreamW";
            case HANDLE_DATA -> "HandleDataStream";
            case 13 -> "FunctionTableStream";
            case UNLOADED_MODULE_LIST -> "UnloadedModuleListStream";
            case MISC_INFO -> "MiscInfoStream";
            case MEMORY_INFO_LIST -> "MemoryInfoListStream";
            case THREAD_INFO_LIST -> "ThreadInfoListStream";
            case 18 -> "HandleOperationListStream";
            case 19 -> "TokenStream";
            case 20 -> "JavaScriptDataStream";
            case 21 -> "SystemMemoryInfoStream";
            case 22 -> "ProcessVmCountersStream";
            case 23 -> "IptTraceStream";
            case THREAD_NAMES -> "ThreadNamesStream";
            case BREAKPAD_INFO -> "BreakpadInfoStream";
            case BREAKPAD_ASSERTION_INFO -> "BreakpadAssertionInfoStream";
            case LINUX_CPU_INFO -> "LinuxCpuInfo";
            case LINUX_PROC_STATUS -> "LinuxProcStatus";
            case LINUX_LSB_RELEASE -> "LinuxLsbRelease";
            case LINUX_CMD_LINE -> "LinuxCmdLine";
            case LINUX_ENVIRON -> "LinuxEnviron";
            case LINUX_AUXV -> "LinuxAuxv";
            case LINUX_MAPS -> "LinuxMaps";
            case LINUX_DSO_DEBUG -> "LinuxDsoDebug";
            case LINUX_PROC_STAT -> "LinuxProcStat";
            case LINUX_PROC_UPTIME -> "LinuxProcUptime";
            case LINUX_PROC_FD -> "LinuxProcFd";
            case LLDB_GENERATED -> "LLDBGenerated";
            case CRASHPAD_INFO -> "CrashpadInfoStream";
            default -> String.format("Stream0x%08x", type);
        };
    }
}
