package io.dumpguard.build;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class UpgradeOldClassesTest {
    @TempDir
    Path dir;

    @Test
    void picocliIsRewrittenAsJava8ClassesThatTheVerifierAcceptsAndThatStillWork() throws Exception {
        Path jar = dir.resolve("picocli.jar");
        Files.copy(Path.of(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI()), jar);
        List<String> before = classNames(jar);
        assertThat(versions(jar)).as("picocli ships Java 5 class files").allMatch(v -> v < 50);

        int changed = UpgradeOldClasses.upgrade(jar, "picocli/");

        assertThat(changed).isEqualTo(before.size());
        assertThat(classNames(jar)).containsExactlyElementsOf(before);
        assertThat(versions(jar)).allMatch(v -> v == 52);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            for (String name : before) { // initializing links, and linking runs the type-checking verifier
                Class.forName(name.replace('/', '.').replace(".class", ""), true, loader);
            }
            Class<?> ansi = Class.forName("picocli.CommandLine$Help$Ansi", true, loader);
            Object off = ansi.getField("OFF").get(null);
            Object text = ansi.getMethod("string", String.class).invoke(off, "@|bold dumpguard|@");
            assertThat(text).isEqualTo("dumpguard");
        }
    }

    @Test
    void aSecondRunChangesNothing() throws Exception {
        Path jar = dir.resolve("picocli.jar");
        Files.copy(Path.of(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI()), jar);
        UpgradeOldClasses.upgrade(jar, "picocli/");
        assertThat(UpgradeOldClasses.upgrade(jar, "picocli/")).isZero();
    }

    private static List<String> classNames(Path jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().endsWith(".class") && !e.getName().endsWith("module-info.class")) {
                    names.add(e.getName());
                }
            }
        }
        return names;
    }

    private static List<Integer> versions(Path jar) throws IOException {
        List<Integer> v = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().endsWith(".class") && !e.getName().endsWith("module-info.class")) {
                    v.add(UpgradeOldClasses.majorVersion(in.readAllBytes()));
                }
            }
        }
        return v;
    }
}
