package io.dumpguard.cli;

import io.dumpguard.core.Finding;
import io.dumpguard.core.spi.DetectorExample;
import io.dumpguard.core.spi.DetectorFactory;
import io.dumpguard.engine.Engine;
import io.dumpguard.engine.Report;
import io.dumpguard.engine.RunOptions;
import io.dumpguard.nativematch.HyperscanLiterals;
import io.dumpguard.nativematch.SharedLiteralPass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run whose credential rules and private-key anchors share one native pass finds exactly what a run with a pass
 * per detector finds, on an image holding every primary detector's own examples among random bytes.
 */
class SharedLiteralPassEngineTest {
    @Test
    void sharedAndSeparatePassesFindTheSame(@TempDir Path dir) throws Exception {
        Engine engine = Engine.loadPlugins();
        Random r = new Random(11);
        ByteArrayOutputStream image = new ByteArrayOutputStream();
        for (int round = 0; round < 3; round++) {
            for (DetectorFactory f : engine.detectors()) {
                if (f.role() != DetectorFactory.Role.PRIMARY) {
                    continue;
                }
                for (DetectorExample ex : f.examples()) {
                    if (ex.mustMatch() && ex.context() == null) {
                        byte[] gap = new byte[100 + r.nextInt(5000)];
                        r.nextBytes(gap);
                        image.writeBytes(gap);
                        image.writeBytes(ex.data());
                    }
                }
            }
        }
        Path img = dir.resolve("examples.img");
        Files.write(img, image.toByteArray());

        Set<String> shared = findings(engine, img, "true");
        Set<String> separate = findings(engine, img, "false");
        assertThat(shared).hasSizeGreaterThan(20);
        assertThat(shared).isEqualTo(separate);
        assertThat(shared.stream().map(s -> s.split("@")[0]).collect(Collectors.toSet()))
                .as("both families found their examples").anyMatch(id -> id.startsWith("key."))
                .anyMatch(id -> id.startsWith("cred."));
        if (HyperscanLiterals.availability().usable()) { // the report says the pass ran, and for whom
            assertThat(proof).anyMatch(l -> l.matches("one Hyperscan pass found the literals of cred and key in [1-9].*"));
        }
    }

    private static List<String> proof = List.of();

    private static Set<String> findings(Engine engine, Path img, String sharedPass) throws Exception {
        String before = System.getProperty(SharedLiteralPass.PROPERTY);
        System.setProperty(SharedLiteralPass.PROPERTY, sharedPass);
        try {
            Report rep = engine.scan(img, RunOptions.defaults());
            if ("true".equals(sharedPass)) {
                proof = rep.proof();
            }
            List<Finding> fs = rep.findings();
            return fs.stream().map(f -> f.detector() + "@" + f.offset() + "+" + f.length())
                    .collect(Collectors.toSet());
        } finally {
            if (before == null) {
                System.clearProperty(SharedLiteralPass.PROPERTY);
            } else {
                System.setProperty(SharedLiteralPass.PROPERTY, before);
            }
        }
    }
}
