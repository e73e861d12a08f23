package io.dumpguard.format.hprof;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link KeyHoldingService} in a child JVM (as a single source file, so JDK 17 can run it too) and returns
 * its heap dump and the secret values it wrote after dumping.
 */
final class ChildJvmDumps {
    static final Path JDK17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
    private static final Path SERVICE_SOURCE =
            Path.of("src/test/java/io/dumpguard/format/hprof/KeyHoldingService.java");
    private static final Path BC_SERVICE_SOURCE =
            Path.of("src/test/java/io/dumpguard/format/hprof/BouncyCastleKeyHoldingService.java");

    record Dump(Path file, Map<String, byte[]> secrets) {
    }

    private ChildJvmDumps() {
    }

    static Path currentJdk() {
        return Path.of(System.getProperty("java.home"));
    }

    static int featureVersion(Path javaHome) throws IOException {
        Path release = javaHome.resolve("release");
        for (String line : Files.readAllLines(release)) {
            if (line.startsWith("JAVA_VERSION=")) {
                String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                return Integer.parseInt(v.split("[.+-]")[0]);
            }
        }
        throw new IOException("no JAVA_VERSION in " + release);
    }

    /** Runs the service on {@code javaHome}, writing {@code jdkNN-x64-rsa-ec-ed25519-aes-hmac.hprof} into {@code dir}. */
    static Dump run(Path javaHome, Path dir) throws IOException, InterruptedException {
        String name = "jdk" + featureVersion(javaHome) + "-x64-rsa-ec-ed25519-aes-hmac.hprof";
        return run(javaHome, dir, name, SERVICE_SOURCE, List.of());
    }

    /**
     * Runs {@link BouncyCastleKeyHoldingService} with the test class path's bcprov jar, writing
     * {@code jdkNN-x64-bouncycastle-rsa-ec-ed25519-aes-hmac.hprof}.
     */
    static Dump runBouncyCastle(Path javaHome, Path dir) throws IOException, InterruptedException {
        String bc = Path.of(org.bouncycastle.jce.provider.BouncyCastleProvider.class.getProtectionDomain()
                .getCodeSource().getLocation().getPath()).toString();
        String name = "jdk" + featureVersion(javaHome) + "-x64-bouncycastle-rsa-ec-ed25519-aes-hmac.hprof";
        return run(javaHome, dir, name, BC_SERVICE_SOURCE, List.of("-cp", bc));
    }

    private static Dump run(Path javaHome, Path dir, String name, Path source, List<String> extra)
            throws IOException, InterruptedException {
        Path log = dir.resolve(name + ".log");
        List<String> cmd = new java.util.ArrayList<>(List.of(javaHome.resolve("bin/java").toString(), "-Xmx64m",
                "-XX:+UseSerialGC"));
        cmd.addAll(extra);
        cmd.addAll(List.of(source.toAbsolutePath().toString(), dir.toString(), name));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("child JVM timed out");
        }
        if (p.exitValue() != 0) {
            throw new IOException("child JVM exited " + p.exitValue() + ": " + Files.readString(log));
        }
        Map<String, byte[]> secrets = new HashMap<>();
        List<String> lines = Files.readAllLines(dir.resolve(name + ".secrets"));
        for (String l : lines) {
            int eq = l.indexOf('=');
            secrets.put(l.substring(0, eq), HexFormat.of().parseHex(l.substring(eq + 1)));
        }
        return new Dump(dir.resolve(name), secrets);
    }
}
