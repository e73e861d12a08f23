package io.dumpguard.engine;

import io.dumpguard.core.Finding;
import io.dumpguard.core.spi.DetectorFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** SARIF 2.1.0 output for code-scanning dashboards: one result per finding, with byte offsets as regions. */
public final class Sarif {

    private Sarif() {
    }

    public static String toSarif(List<Report> reports, List<DetectorFactory> detectors) {
        TreeSet<String> ruleIds = new TreeSet<>();
        Map<String, String> descriptions = new LinkedHashMap<>();
        for (DetectorFactory d : detectors) {
            for (String id : d.findingIds()) {
                ruleIds.add(id);
                descriptions.put(id, d.description());
            }
        }
        List<Object> results = new ArrayList<>();
        for (Report r : reports) {
            for (Finding f : r.findings()) {
                ruleIds.add(f.detector());
                results.add(result(r, f));
            }
            if (r.refused()) {
                results.add(Map.of("ruleId", "dumpguard.refused", "level", "error",
                        "message", Map.of("text", "input refused: " + r.refusal()),
                        "locations", List.of(Map.of("physicalLocation",
                                Map.of("artifactLocation", Map.of("uri", uri(r.input())))))));
                ruleIds.add("dumpguard.refused");
            }
        }
        List<Object> rules = new ArrayList<>();
        for (String id : ruleIds) {
            rules.add(Map.of("id", id, "shortDescription",
                    Map.of("text", descriptions.getOrDefault(id, id.equals("dumpguard.refused")
                            ? "Input that dumpguard could not fully parse or verify" : id))));
        }
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", "dumpguard");
        driver.put("version", Version.get());
        driver.put("informationUri", "https://dumpguard.dev");
        driver.put("rules", rules);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tool", Map.of("driver", driver));
        run.put("results", results);
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        log.put("version", "2.1.0");
        log.put("runs", List.of(run));
        return PrettyJson.write(log);
    }

    private static String uri(String path) {
        return Path.of(path).toUri().toString();
    }

    private static Map<String, Object> result(Report r, Finding f) {
        Map<String, Object> region = new LinkedHashMap<>();
        region.put("byteOffset", f.offset());
        region.put("byteLength", f.length());
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("ruleId", f.detector());
        res.put("level", "error");
        res.put("message", Map.of("text", f.description().isEmpty() ? f.detector() : f.description()));
        res.put("locations", List.of(Map.of("physicalLocation",
                Map.of("artifactLocation", Map.of("uri", uri(r.input())), "region", region))));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("encoding", f.encoding());
        props.put("fingerprint", f.fingerprint());
        props.put("registeredKey", f.registeredKey());
        props.put("container", r.container());
        res.put("properties", props);
        if (f.fingerprint() != null) {
            res.put("partialFingerprints", Map.of("spkiSha256", f.fingerprint()));
        }
        return res;
    }
}
