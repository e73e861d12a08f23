package io.dumpguard.format.minidump;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Finding and running the independent tools the real-dump tests use (lldb-22, obj2yaml, openssl). */
final class ExternalTools {
    static final Path LLVM_BIN = Path.of("/usr/lib/llvm-22/bin");

    private ExternalTools() {
    }

    /**
     * An executable at an absolute path, in llvm-22's bin directory, or on PATH, or null. llvm-22 comes first: an
     * older {@code obj2yaml} on PATH (llvm-14 in Debian 12) rejects lldb-22's minidumps, which carry one
     * ExceptionStream per thread ("Duplicate stream type"), so it would test the tool, not the dump.
     */
    static Path find(String name) {
        Path direct = Path.of(name);
        if (direct.isAbsolute()) {
            return Files.isExecutable(direct) ? direct : null;
        }
        Path llvm = LLVM_BIN.resolve(name);
        if (Files.isExecutable(llvm)) {
            return llvm;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    record Result(int exitCode, String output) {
    }

    /** Runs a command to completion (bounded wait, so a hung tool fails the test instead of the build). */
    static Result run(Path workDir, Path outputFile, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(outputFile.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + command.get(0));
        }
        return new Result(p.exitValue(), Files.readString(outputFile, java.nio.charset.StandardCharsets.ISO_8859_1));
    }
}
