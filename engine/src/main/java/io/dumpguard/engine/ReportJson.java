package io.dumpguard.engine;

import io.dumpguard.core.Finding;
import io.dumpguard.core.Region;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON report (DESIGN.md section 3). Built field by field from the report, never by reflection, so that no
 * secret value can reach it by accident.
 */
public final class ReportJson {
    public static final String SCHEMA = "https://dumpguard.dev/report/v1";

    private ReportJson() {
    }

    public static String toJson(Report r) {
        return PrettyJson.write(toMap(r));
    }

    public static String toJson(List<Report> reports) {
        return PrettyJson.write(reports.stream().map(ReportJson::toMap).toList());
    }

    public static Map<String, Object> toMap(Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA);
        m.put("tool", Map.of("name", "dumpguard", "version", Version.get()));
        m.put("command", r.command());
        m.put("verdict", r.verdict().id());
        m.put("input", Map.of("path", r.input(), "sha256", nullable(r.inputSha256())));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("path", r.output());
        out.put("sha256", r.outputSha256());
        m.put("output", out);
        m.put("container", r.container());
        m.put("format", r.format());
        m.put("formatDescription", r.formatDescription());
        m.put("policy", r.policy().id());
        m.put("inputBytes", r.inputBytes());
        m.put("bytesChanged", r.bytesChanged());
        m.put("bytesOverwritten", r.bytesOverwritten());
        m.put("refusal", r.refusal());
        m.put("findings", r.findings().stream().map(ReportJson::finding).toList());
        m.put("summary", summary(r.findings()));
        m.put("notes", r.notes());
        m.put("proof", r.proof());
        m.put("structure", r.structure() == null ? null : structure(r));
        m.put("verification", r.verification());
        m.put("millis", r.millis());
        return m;
    }

    private static Object nullable(String s) {
        return s == null ? "" : s;
    }

    private static Map<String, Object> structure(Report r) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("counts", r.structure().counts());
        s.put("digest", r.structure().structureDigest());
        return s;
    }

    static Map<String, Object> finding(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("detector", f.detector());
        m.put("offset", f.offset());
        m.put("length", f.length());
        m.put("encoding", f.encoding());
        m.put("fingerprint", f.fingerprint());
        m.put("registeredKey", f.registeredKey());
        m.put("description", f.description());
        m.put("region", f.regionKind().name().toLowerCase(java.util.Locale.ROOT));
        m.put("address", f.address() == Region.NO_ADDRESS ? null : "0x" + Long.toHexString(f.address()));
        List<String> ids = new ArrayList<>();
        f.secrets().forEach(s -> ids.add(s.id()));
        m.put("secretIds", ids);
        return m;
    }

    /** Counts by detector, and the fingerprints each detector saw. */
    public static Map<String, Object> summary(List<Finding> findings) {
        Map<String, Long> counts = new TreeMap<>();
        Map<String, java.util.Set<String>> fps = new TreeMap<>();
        for (Finding f : findings) {
            counts.merge(f.detector(), 1L, Long::sum);
            if (f.fingerprint() != null) {
                fps.computeIfAbsent(f.detector(), k -> new java.util.TreeSet<>()).add(f.fingerprint());
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("byDetector", counts);
        m.put("fingerprints", fps);
        return m;
    }
}
