package io.dumpguard.build;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the classes of a jar that use a class file format older than Java 6 (major version below 50) as Java 8
 * class files, with stack map frames computed. Run on the shaded command-line jar at build time: picocli is compiled
 * for Java 5, and the JVM's class cache (CDS, the JDK 25 AOT cache) never stores such classes, so each run loaded and
 * verified its 190 picocli classes from the jar again with the old type-inferring verifier, about 50 ms of every
 * start. The bytecode is unchanged; only the version and the frames (which the new verifier checks) differ.
 *
 * <pre>UpgradeOldClasses JAR [PACKAGE_PREFIX]</pre>
 * Only classes whose names start with the prefix ({@code picocli/} by default) are considered.
 */
public final class UpgradeOldClasses {
    /** The oldest class file version that the JVM's class cache stores (Java 6). */
    static final int OLDEST_CACHEABLE = Opcodes.V1_6;

    private UpgradeOldClasses() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            throw new IllegalArgumentException("usage: UpgradeOldClasses JAR [PACKAGE_PREFIX]");
        }
        Path jar = Path.of(args[0]);
        String prefix = args.length > 1 ? args[1] : "picocli/";
        upgrade(jar, prefix); // a jar that was upgraded already is left as it is
    }

    /** Rewrites {@code jar} in place (through a temporary file beside it); returns how many classes changed. */
    public static int upgrade(Path jar, String prefix) throws IOException {
        Path tmp = Files.createTempFile(jar.toAbsolutePath().getParent(), jar.getFileName().toString(), ".tmp");
        int changed = 0;
        try (URLClassLoader hierarchy = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
             ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                if (e.getName().startsWith(prefix) && e.getName().endsWith(".class") && majorVersion(bytes) < 50) {
                    bytes = upgrade(bytes, hierarchy);
                    changed++;
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        return changed;
    }

    static int majorVersion(byte[] classFile) {
        if (classFile.length < 8 || (classFile[0] & 0xff) != 0xca || (classFile[1] & 0xff) != 0xfe) {
            throw new IllegalArgumentException("not a class file");
        }
        return (classFile[6] & 0xff) << 8 | classFile[7] & 0xff;
    }

    /**
     * One class, re-emitted as Java 8 with frames and maximums computed from scratch. The writer is not given the
     * reader, so no method is copied through unchanged (which would keep it without frames). Type merges for the
     * frames resolve classes through {@code hierarchy} (the jar itself, then the JDK).
     */
    static byte[] upgrade(byte[] classFile, ClassLoader hierarchy) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return hierarchy;
            }
        };
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }
}
