package io.dumpguard.engine;

import io.dumpguard.core.Finding;
import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.spi.ByteDetector;
import io.dumpguard.core.spi.DetectorExample;
import io.dumpguard.core.spi.DetectorFactory;
import io.dumpguard.core.spi.ScanChunk;
import io.dumpguard.core.spi.ScanContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs every detector's own evidence: each example must produce a finding with the expected id, each negative
 * example none. Shipped as {@code dumpguard detectors check} and run as a test.
 */
public final class DetectorsCheck {
    /** @param examples how many examples ran; problems is empty when all held */
    public record Result(int detectors, int examples, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private DetectorsCheck() {
    }

    public static Result run(List<DetectorFactory> factories) {
        List<String> problems = new ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        int n = 0;
        for (DetectorFactory f : factories) {
            if (!f.id().matches("[a-z0-9]+([.-][a-z0-9]+)*")) {
                problems.add(f.id() + ": id is not lower-case dotted words");
            }
            if (!ids.add(f.id())) {
                problems.add(f.id() + ": duplicate detector id");
            }
            List<DetectorExample> examples = f.examples();
            if (examples.stream().noneMatch(DetectorExample::mustMatch)) {
                problems.add(f.id() + ": has no example that must match");
            }
            if (examples.stream().allMatch(DetectorExample::mustMatch)) {
                problems.add(f.id() + ": has no negative example");
            }
            for (DetectorExample e : examples) {
                n++;
                String p = check(f, e);
                if (p != null) {
                    problems.add(f.id() + ": " + e.name() + ": " + p);
                }
            }
        }
        return new Result(factories.size(), n, problems);
    }

    private static String check(DetectorFactory f, DetectorExample e) {
        ScanContext ctx = e.context() == null ? ScanContext.defaults() : e.context();
        List<Finding> found = new ArrayList<>();
        try {
            ByteDetector d = f.create(ctx);
            if (d == null) {
                return "detector declined to run for its own example";
            }
            d.scan(ScanChunk.of(e.data()), found::add);
        } catch (InputRefusedException | RuntimeException ex) {
            return "threw " + ex.getClass().getSimpleName() + ": " + ex.getMessage();
        }
        if (e.mustMatch()) {
            if (found.stream().noneMatch(x -> e.detectorId() == null || x.detector().equals(e.detectorId()))) {
                return "expected a finding " + e.detectorId() + ", got "
                        + found.stream().map(Finding::detector).toList();
            }
        } else if (!found.isEmpty()) {
            return "negative example matched: " + found.stream().map(Finding::detector).toList();
        }
        return null;
    }
}
