package io.dumpguard.gate;

import io.dumpguard.core.spi.DetectorFactory;
import io.dumpguard.engine.Engine;
import io.dumpguard.engine.Report;
import io.dumpguard.engine.ReportJson;
import io.dumpguard.engine.RunOptions;
import io.dumpguard.engine.Version;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/** The gate's default {@link Sanitizer}: the dumpguard engine with every plug-in on the class path. */
public final class EngineSanitizer implements Sanitizer {
    /** The credential detectors' rule pack: an index of rule files, digested when it is on the class path. */
    static final String RULE_INDEX = "io/dumpguard/detect/credentials/rules/index.txt";

    private final Engine engine;
    private final RunOptions base;
    private ToolInfo toolInfo;

    public EngineSanitizer(Engine engine, RunOptions base) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.base = base == null ? RunOptions.defaults() : base;
    }

    public static EngineSanitizer loadPlugins() {
        return new EngineSanitizer(Engine.loadPlugins(), RunOptions.defaults());
    }

    private RunOptions options(SanitizeRequest r) {
        return base.withPolicy(r.policy()).withRegisteredKeys(r.registeredKeys()).withFormat(r.format())
                .withFullVerification(r.fullVerify());
    }

    @Override
    public SanitizeOutcome sanitize(Path in, Path out, SanitizeRequest request) throws IOException {
        return outcome(engine.sanitize(in, out, options(request)));
    }

    @Override
    public SanitizeOutcome verify(Path in, SanitizeRequest request) throws IOException {
        return outcome(engine.verify(in, options(request)));
    }

    static SanitizeOutcome outcome(Report r) {
        return new SanitizeOutcome(r.verdict(), r.format(), r.inputSha256(), r.outputSha256(), r.findings(),
                r.refusal(), ReportJson.toJson(r), r.verification());
    }

    @Override
    public synchronized ToolInfo toolInfo() {
        if (toolInfo == null) {
            TreeSet<String> ids = new TreeSet<>();
            for (DetectorFactory f : engine.detectors()) {
                ids.add(f.id());
                ids.addAll(f.findingIds());
            }
            toolInfo = new ToolInfo(Version.get(), List.copyOf(ids), rulePackDigest());
        }
        return toolInfo;
    }

    /**
     * SHA-256 over the rule index and every rule file it lists (name, NUL, content, NUL each), or null when the
     * rule pack is not on the class path.
     */
    static String rulePackDigest() {
        ClassLoader cl = EngineSanitizer.class.getClassLoader();
        byte[] index = resource(cl, RULE_INDEX);
        if (index == null) {
            return null;
        }
        MessageDigest md = DurableFiles.sha256();
        md.update(index);
        String dir = RULE_INDEX.substring(0, RULE_INDEX.lastIndexOf('/') + 1);
        for (String line : new String(index, StandardCharsets.UTF_8).lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            byte[] rule = resource(cl, dir + line);
            if (rule == null) {
                return null; // an index naming a missing file is no pack we can vouch for
            }
            md.update(line.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(rule);
            md.update((byte) 0);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static byte[] resource(ClassLoader cl, String name) {
        try (InputStream in = cl.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }
}
