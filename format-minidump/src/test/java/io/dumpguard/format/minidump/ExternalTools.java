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

    /** An executable on PATH or at an absolute path, or null. */
    static Path find(String name) {
        Path direct = Path.of(name);
        if (direct.isAbsolute()) {
            return Files.isExecutable(direct) ? direct : null;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        Path llvm = LLVM_BIN.resolve(name);
        return Files.isExecutable(llvm) ? llvm : null;
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
