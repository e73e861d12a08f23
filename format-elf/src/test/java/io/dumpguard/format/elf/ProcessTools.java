package io.dumpguard.format.elf;

import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the external tools the real-core tests need (gcore, gdb, eu-readelf, openssl); skips when absent. */
final class ProcessTools {
    private ProcessTools() {
    }

    static Path tool(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        Assumptions.abort(name + " is not installed (apt-get update && apt-get install -y gdb elfutils openssl)");
        return null;
    }

    /** Output of one command (stdout and stderr), which must exit 0 within the timeout. */
    static String run(long timeoutSeconds, Path logDir, String... cmd) throws IOException, InterruptedException {
        Path log = Files.createTempFile(logDir, "cmd", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd[0] + " did not finish in " + timeoutSeconds + " s");
        }
        String out = Files.readString(log, StandardCharsets.ISO_8859_1);
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + out);
        }
        return out;
    }

    /** Starts a process and waits until a line of its output contains {@code ready}. */
    static Process startAndWait(String ready, long timeoutSeconds, String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.ISO_8859_1));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        List<String> seen = new ArrayList<>();
        String line;
        while ((line = r.readLine()) != null) {
            seen.add(line);
            if (line.contains(ready)) {
                Thread drain = new Thread(() -> {
                    try {
                        r.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException ignored) {
                        // the process ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return p;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        p.destroyForcibly();
        throw new AssertionError(cmd[0] + " never printed '" + ready + "': " + seen);
    }

    /** gcore of a live process: the path of the core it wrote. */
    static Path gcore(long pid, Path dir) throws IOException, InterruptedException {
        Path prefix = dir.resolve("gcore");
        run(300, dir, tool("gcore").toString(), "-o", prefix.toString(), Long.toString(pid));
        Path core = dir.resolve("gcore." + pid);
        if (!Files.isRegularFile(core)) {
            throw new AssertionError("gcore wrote no " + core);
        }
        return core;
    }

    /** The "Program Headers:" block of eu-readelf -l output. */
    static String programHeaders(String readelfOutput) {
        int a = readelfOutput.indexOf("Program Headers:");
        int b = readelfOutput.indexOf("\n\n", a);
        return a < 0 ? "" : readelfOutput.substring(a, b < 0 ? readelfOutput.length() : b);
    }

    /** gdb "info target" with the file-name lines removed (input and output differ only there). */
    static String gdbTargetLayout(String gdbOutput) {
        StringBuilder s = new StringBuilder();
        for (String line : gdbOutput.split("\n")) {
            if (line.contains(" is load") || line.contains(" is note")) {
                s.append(line.strip()).append('\n');
            }
        }
        return s.toString();
    }
}
