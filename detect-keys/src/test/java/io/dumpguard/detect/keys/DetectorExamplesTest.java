package io.dumpguard.detect.keys;

import io.dumpguard.core.Finding;
import io.dumpguard.core.spi.ByteDetector;
import io.dumpguard.core.spi.DetectorExample;
import io.dumpguard.core.spi.DetectorFactory;
import io.dumpguard.core.spi.ScanChunk;
import io.dumpguard.core.spi.ScanContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every factory's examples must match and its negative examples must not (what `detectors check` runs). */
class DetectorExamplesTest {
    static Stream<Arguments> examples() {
        List<Arguments> out = new ArrayList<>();
        for (DetectorFactory f : KeyDetectors.factories()) {
            for (DetectorExample e : f.examples()) {
                out.add(Arguments.of(f.id() + ": " + e.name(), f, e));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleBehavesAsDeclared(String name, DetectorFactory factory, DetectorExample example) throws Exception {
        ScanContext ctx = example.context() == null ? ScanContext.defaults() : example.context();
        ByteDetector d = factory.create(ctx);
        List<Finding> found = new ArrayList<>();
        if (d != null) {
            d.scan(ScanChunk.of(example.data()), found::add);
        }
        if (example.mustMatch()) {
            assertThat(found).as(name).extracting(Finding::detector).contains(example.detectorId());
            assertThat(factory.findingIds()).contains(example.detectorId());
        } else {
            assertThat(found).as(name).isEmpty();
        }
    }

    @org.junit.jupiter.api.Test
    void everyFactoryIsRegisteredForServiceLoader() {
        List<String> loaded = ServiceLoader.load(DetectorFactory.class).stream()
                .map(p -> p.type().getName()).toList();
        for (DetectorFactory f : KeyDetectors.factories()) {
            assertThat(loaded).contains(f.getClass().getName());
        }
    }
}
