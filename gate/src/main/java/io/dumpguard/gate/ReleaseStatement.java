package io.dumpguard.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dumpguard.core.Finding;
import io.dumpguard.core.spi.RegisteredKey;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The in-toto Statement v1 a release is attested with (in-toto/attestation spec/v1/statement.md): the subject is the
 * released file by name and SHA-256; the predicate (type {@link #PREDICATE_TYPE}) says what was released from what,
 * by which tool, detectors and policy, what was found (detector ids, counts, key fingerprints; never secret bytes),
 * which registered keys were proven absent, the verdict, and how the output was verified.
 */
public final class ReleaseStatement {
    public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
    public static final String PREDICATE_TYPE = "https://dumpguard.dev/attestation/release/v1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReleaseStatement() {
    }

    /** Everything a release statement records. */
    record Facts(String outputName, String outputSha256, String inputName, String inputSha256, long inputBytes,
                 SanitizeOutcome outcome, ToolInfo tool, SanitizeRequest request, String gateKeyId, Instant time) {
    }

    static byte[] build(Facts f) {
        ObjectNode st = JSON.createObjectNode();
        st.put("_type", STATEMENT_TYPE);
        ObjectNode subject = st.putArray("subject").addObject();
        subject.put("name", f.outputName());
        subject.putObject("digest").put("sha256", f.outputSha256());
        st.put("predicateType", PREDICATE_TYPE);
        ObjectNode p = st.putObject("predicate");

        ObjectNode input = p.putObject("input");
        input.put("name", f.inputName());
        input.putObject("digest").put("sha256", f.inputSha256());
        input.put("bytes", f.inputBytes());
        input.put("format", f.outcome().format());

        ObjectNode tool = p.putObject("tool");
        tool.put("name", "dumpguard");
        tool.put("version", f.tool().version());
        ArrayNode det = tool.putArray("detectors");
        f.tool().detectorIds().forEach(det::add);
        if (f.tool().rulePackDigest() != null) {
            tool.putObject("rulePackDigest").put("sha256", f.tool().rulePackDigest());
        } else {
            tool.putNull("rulePackDigest");
        }

        p.put("policy", f.request().policy().id());
        p.put("verdict", f.outcome().verdict().id());
        if (f.outcome().verification() != null) {
            p.put("verification", f.outcome().verification());
        }
        putFindings(p.putObject("findings"), f.outcome().findings());

        ArrayNode absent = p.putArray("registeredKeysProvenAbsent");
        for (RegisteredKey k : f.request().registeredKeys()) {
            ObjectNode o = absent.addObject();
            o.put("label", k.label());
            o.put("fingerprint", k.fingerprint());
        }
        ObjectNode gate = p.putObject("gate");
        gate.put("keyid", f.gateKeyId());
        gate.put("actor", System.getProperty("user.name", "unknown"));
        p.put("releasedAt", f.time().truncatedTo(ChronoUnit.MILLIS).toString());
        return st.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void putFindings(ObjectNode out, List<Finding> findings) {
        out.put("total", findings.size());
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Set<String>> fps = new TreeMap<>();
        Map<String, Set<String>> reg = new TreeMap<>();
        for (Finding f : findings) {
            counts.merge(f.detector(), 1, Integer::sum);
            if (f.fingerprint() != null) {
                fps.computeIfAbsent(f.detector(), d -> new TreeSet<>()).add(f.fingerprint());
            }
            if (f.registeredKey() != null) {
                reg.computeIfAbsent(f.detector(), d -> new TreeSet<>()).add(f.registeredKey());
            }
        }
        ArrayNode by = out.putArray("byDetector");
        counts.forEach((d, n) -> {
            ObjectNode o = by.addObject();
            o.put("detector", d);
            o.put("count", n);
            ArrayNode a = o.putArray("keyFingerprints");
            fps.getOrDefault(d, Set.of()).forEach(a::add);
            ArrayNode r = o.putArray("registeredKeysRemoved");
            reg.getOrDefault(d, Set.of()).forEach(r::add);
        });
    }
}
