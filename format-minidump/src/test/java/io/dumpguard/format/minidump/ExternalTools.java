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
        int exit = runToFile(workDir, outputFile, command);
        return new Result(exit, Files.readString(outputFile, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /**
     * Runs a command whose output may be too large to hold in memory (obj2yaml of a 230 MB full-memory minidump
     * writes about 480 MB, one memory range per line) into {@code outputFile}; returns the exit code.
     */
    static int runToFile(Path workDir, Path outputFile, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(outputFile.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + command.get(0));
        }
        return p.exitValue();
    }

    /** The first {@code maxChars} characters of every line of a text file of any size (Latin-1). */
    static List<String> linePrefixes(Path file, int maxChars) throws IOException {
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        try (var in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            for (int c = in.read(); c >= 0; c = in.read()) {
                if (c == '\n') {
                    lines.add(line.toString());
                    line.setLength(0);
                } else if (line.length() < maxChars) {
                    line.append((char) c);
                }
            }
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }
}
