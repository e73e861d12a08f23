package io.dumpguard.format.elf.jvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Gets a HotSpot core's Java heap as HPROF from the JDK's own Serviceability Agent:
 * {@code jhsdb jmap --binaryheap --dumpfile OUT.hprof --exe JAVA --core CORE}. The agent must come from the JDK that
 * wrote the core, which the core names itself: NT_FILE maps {@code <jdk>/lib/server/libjvm.so}, so
 * {@code <jdk>/bin/java} and {@code <jdk>/bin/jhsdb} are beside it. The HPROF's object ids are the objects'
 * addresses in the core.
 */
public final class HotSpotCores {
    /** Default time allowed for jhsdb (a 2.4 GB core took 4.4 s here). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    /**
     * Default heap cap of the jhsdb process. Left to itself the agent takes up to a quarter of the machine's memory
     * (2.5 GB for a core with a 2.5 GB Java heap here); with 512 MB it wrote the same heap in the same time. A heap it
     * cannot read within the cap makes jhsdb fail, and the run falls back to the raw detectors and says so.
     */
    public static final String DEFAULT_AGENT_HEAP = "1g";

    private HotSpotCores() {
    }

    /** A JDK found beside a core's libjvm.so. */
    public record Jdk(Path home, Path java, Path jhsdb) {
    }

    /**
     * The HPROF written, or why there is none; {@code summary}: the tool's last line of output (counts only);
     * {@code timedOut}: the tool ran out of time (a slower one would too).
     */
    public record Result(Optional<Path> hprof, String reason, String summary, boolean timedOut) {
        static Result failed(String reason) {
            return new Result(Optional.empty(), reason, "", false);
        }
    }

    /** The last line of a tool's log, if short and printable (the agent prints its counts there). */
    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, java.nio.charset.StandardCharsets.UTF_8);
            String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
            return last.length() <= 300 && last.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? last : "";
        } catch (IOException | java.io.UncheckedIOException e) {
            return "";
        }
    }

    /**
     * The JDK home for a libjvm path from NT_FILE ({@code <jdk>/lib/server/libjvm.so}, also {@code lib/client},
     * {@code lib/<arch>/server} and a JDK 8 {@code jre/}); empty with no reason when it is not on this machine.
     */
    public static Optional<Jdk> jdkFor(String libjvmPath) {
        Path p = Path.of(libjvmPath).toAbsolutePath().normalize();
        for (Path dir = p.getParent(); dir != null; dir = dir.getParent()) {
            if (dir.getFileName() != null && dir.getFileName().toString().equals("lib")) {
                for (Path home : List.of(dir.getParent(), dir.getParent().getParent() == null ? dir.getParent()
                        : dir.getParent().getParent())) {
                    Path java = home.resolve("bin/java");
                    Path jhsdb = home.resolve("bin/jhsdb");
                    if (Files.isExecutable(java) && Files.isExecutable(jhsdb)) {
                        return untrusted(java).isEmpty() && untrusted(jhsdb).isEmpty()
                                ? Optional.of(new Jdk(home, java, jhsdb)) : Optional.empty();
                    }
                }
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Why {@link #jdkFor} found nothing, for notes. */
    public static String whyNoJdk(String libjvmPath) {
        Path lib = Path.of(libjvmPath).toAbsolutePath().normalize();
        for (Path dir = lib.getParent(); dir != null; dir = dir.getParent()) {
            Path java = dir.resolve("bin/java");
            if (Files.isExecutable(java)) {
                Optional<String> why = untrusted(java).or(() -> untrusted(java.resolveSibling("jhsdb")));
                if (why.isPresent()) {
                    return "the JDK that wrote the core (" + dir + ") is not run: " + why.get();
                }
            }
        }
        return "the JDK that wrote the core (libjvm " + libjvmPath + ") has no bin/java and bin/jhsdb on this machine";
    }

    /**
     * Why running {@code program} would be unsafe, if it would: the path comes from the core (NT_FILE), so a crafted
     * core can name any directory, and a program that someone other than root or this user can replace would run
     * their code. Like a secure-path check: the program and every directory above it must be owned by root or by
     * this user and writable by nobody else (a sticky world-writable directory, such as /tmp, only above a
     * directory that is itself safe).
     */
    static Optional<String> untrusted(Path program) {
        try {
            String me = System.getProperty("user.name");
            Path p = program.toRealPath();
            for (Path at = p; at != null; at = at.getParent()) {
                java.nio.file.attribute.PosixFileAttributes a = Files.readAttributes(at,
                        java.nio.file.attribute.PosixFileAttributes.class);
                String owner = a.owner().getName();
                if (!owner.equals("root") && !owner.equals(me)) {
                    return Optional.of(at + " is owned by " + owner);
                }
                java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = a.permissions();
                boolean othersWrite = perms.contains(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE)
                        || perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE);
                if (othersWrite && !(at != p && sticky(at))) {
                    return Optional.of(at + " is writable by others");
                }
            }
            return Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("its ownership and permissions cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static boolean sticky(Path dir) throws IOException {
        Object mode = Files.getAttribute(dir, "unix:mode");
        return mode instanceof Integer m && (m & 01000) != 0;
    }

    /**
     * Runs jhsdb and waits at most {@code timeout}. jhsdb's own output goes to {@code <out>.jhsdb.log} (it holds
     * class names and counts, no heap contents).
     */
    public static Result toHprof(Path core, Jdk jdk, Path out, Duration timeout) throws IOException {
        return toHprof(core, jdk, out, timeout, DEFAULT_AGENT_HEAP);
    }

    /** As {@link #toHprof(Path, Jdk, Path, Duration)}, with the agent's heap capped at {@code agentHeap} ("1g"). */
    public static Result toHprof(Path core, Jdk jdk, Path out, Duration timeout, String agentHeap) throws IOException {
        checkHeapSize(agentHeap);
        return run(List.of(jdk.jhsdb().toString(), "-J-Xmx" + agentHeap, "jmap", "--binaryheap", "--dumpfile",
                out.toString(), "--exe", jdk.java().toString(), "--core", core.toAbsolutePath().toString()),
                out, "jhsdb", timeout);
    }

    /** The agent program's main class, in module dumpguard-hotspot-agent. */
    static final String KEY_OBJECTS_MAIN = "io.dumpguard.hotspot.agent.KeyObjectsToHprof";
    private static final List<String> SA_PACKAGES = List.of("sun.jvm.hotspot", "sun.jvm.hotspot.debugger",
            "sun.jvm.hotspot.oops", "sun.jvm.hotspot.runtime");

    /**
     * Writes only the key objects of the core's heap, and what they reference, as HPROF: the dumpguard-hotspot-agent
     * program, run on the core's own JDK with its Serviceability Agent. {@code keyClasses} are binary class names
     * (instances of subclasses count too). Waits at most {@code timeout}; the program's output (counts only) goes to
     * {@code <out>.agent.log}.
     */
    public static Result keyObjectsToHprof(Path core, Jdk jdk, Path out, java.util.Collection<String> keyClasses,
                                           Duration timeout, String agentHeap) throws IOException {
        checkHeapSize(agentHeap);
        Optional<Path> classPath = agentClassPath();
        if (classPath.isEmpty()) {
            return Result.failed("the dumpguard-hotspot-agent classes are not on dumpguard's class path");
        }
        for (String c : keyClasses) {
            if (!c.matches("[A-Za-z0-9_$.]{1,200}")) {
                throw new IllegalArgumentException("not a binary class name: '" + c + "'");
            }
        }
        List<String> cmd = new java.util.ArrayList<>(List.of(jdk.java().toString(), "-Xmx" + agentHeap,
                "-XX:+UseSerialGC", "--add-modules", "jdk.hotspot.agent"));
        for (String pkg : SA_PACKAGES) {
            cmd.add("--add-exports");
            cmd.add("jdk.hotspot.agent/" + pkg + "=ALL-UNNAMED");
        }
        cmd.addAll(List.of("-cp", classPath.get().toString(), KEY_OBJECTS_MAIN, "--exe", jdk.java().toString(),
                "--core", core.toAbsolutePath().toString(), "--roots", String.join(",", new java.util.TreeSet<>(keyClasses)),
                "--out", out.toString()));
        return run(cmd, out, "agent", timeout);
    }

    /**
     * System property: the jar or class directory of the key-object reader, when dumpguard is packaged so that its
     * own class path does not hold it.
     */
    public static final String AGENT_CLASS_PATH_PROPERTY = "dumpguard.hotspot-agent.classpath";

    /** The jar or class directory that holds the agent program: the property above, or where this JVM loads it. */
    static Optional<Path> agentClassPath() {
        String configured = System.getProperty(AGENT_CLASS_PATH_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        String resource = KEY_OBJECTS_MAIN.replace('.', '/') + ".class";
        java.net.URL url = HotSpotCores.class.getClassLoader().getResource(resource);
        if (url == null) {
            return Optional.empty();
        }
        try {
            if ("jar".equals(url.getProtocol())) {
                java.net.URLConnection c = url.openConnection();
                return Optional.of(Path.of(((java.net.JarURLConnection) c).getJarFileURL().toURI()));
            }
            if ("file".equals(url.getProtocol())) {
                Path p = Path.of(url.toURI());
                for (int i = 0; i < KEY_OBJECTS_MAIN.split("\\.").length; i++) {
                    p = p.getParent();
                }
                return Optional.of(p);
            }
        } catch (IOException | java.net.URISyntaxException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static void checkHeapSize(String agentHeap) {
        if (!agentHeap.matches("[0-9]{1,6}[kmgKMG]?")) {
            throw new IllegalArgumentException("agent heap must look like 512m or 2g, not '" + agentHeap + "'");
        }
    }

    private static Result run(List<String> command, Path out, String what, Duration timeout) throws IOException {
        Files.deleteIfExists(out);
        Path log = out.resolveSibling(out.getFileName() + "." + what + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return new Result(Optional.empty(), what + " did not finish within " + timeout.toSeconds() + " s", "",
                        true);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return Result.failed("interrupted while waiting for " + what);
        }
        if (p.exitValue() != 0 || !Files.isRegularFile(out) || Files.size(out) == 0) {
            String last = lastLine(log);
            return Result.failed(what + " exited with " + p.exitValue() + " and wrote no heap"
                    + (last.isEmpty() ? "" : ": " + last));
        }
        return new Result(Optional.of(out), null, lastLine(log), false);
    }
}
