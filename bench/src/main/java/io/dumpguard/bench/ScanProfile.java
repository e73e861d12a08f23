package io.dumpguard.bench;

import io.dumpguard.core.spi.DetectorFactory;
import io.dumpguard.engine.Engine;
import io.dumpguard.engine.Report;
import io.dumpguard.engine.RunOptions;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where scan time goes: scans IMAGE as raw bytes with each detector family alone, then with all of them, and
 * prints wall time, process CPU time and MB/s for each. CPU time stays meaningful on a shared machine.
 *
 * <p>Usage: {@code java -Xmx512m -cp bench/target/benchmarks.jar io.dumpguard.bench.ScanProfile IMAGE}
 */
public final class ScanProfile {
    private ScanProfile() {
    }

    public static void main(String[] args) throws Exception {
        Path image = Path.of(args[0]);
        double mb = Files.size(image) / 1e6;
        List<DetectorFactory> all = Engine.loadPlugins().detectors();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf("%-22s %8s %8s %9s %9s %8s%n", "detectors", "wall s", "cpu s", "MB/s wall", "MB/s cpu", "findings");
        for (int i = -1; i <= all.size(); i++) {
            List<DetectorFactory> set = i < 0 ? List.of() : i < all.size() ? List.of(all.get(i)) : all;
            if (i >= 0 && i < all.size() && set.get(0).role() == DetectorFactory.Role.PROPAGATION) {
                continue;
            }
            Engine e = new Engine(Engine.loadPlugins().formats(), set);
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            Report r = e.scan(image, RunOptions.defaults());
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            System.out.printf("%-22s %8.2f %8.2f %9.0f %9.0f %8d%n", i < 0 ? "none (read+hash)" : i < all.size() ? set.get(0).id() : "all", wall, cpu,
                    mb / wall, mb / cpu, r.findings().size());
        }
    }
}
