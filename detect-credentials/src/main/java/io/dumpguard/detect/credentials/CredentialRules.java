package io.dumpguard.detect.credentials;

import io.dumpguard.nativematch.HyperscanLiterals;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An immutable, compiled rule pack: the built-in rules plus any user rule files, with the first-stage anchor
 * filter built over all of them. Shared by every thread; each thread scans with its own {@link CredentialMatcher}.
 */
public final class CredentialRules {
    /** {@link io.dumpguard.core.spi.ScanContext#options()} key: extra rule files joined with the path separator. */
    public static final String OPTION_RULES = "cred.rules";

    private final List<CredentialRule> rules;
    private final AnchorFilter filter;

    private CredentialRules(List<CredentialRule> rules) {
        this.rules = List.copyOf(rules);
        this.filter = new AnchorFilter(this.rules);
    }

    private static final class Builtin {
        static final CredentialRules PACK = withBuiltin(List.of());
    }

    /** The built-in pack (compiled once). */
    public static CredentialRules builtin() {
        return Builtin.PACK;
    }

    /**
     * The built-in pack plus the rules in {@code extraRuleFiles}.
     *
     * @throws InvalidRuleException  if a file is not a rule file, a rule is unusable or an id is used twice
     * @throws UncheckedIOException  if a file cannot be read
     */
    public static CredentialRules load(List<Path> extraRuleFiles) {
        return extraRuleFiles.isEmpty() ? builtin() : withBuiltin(extraRuleFiles);
    }

    /** The built-in definitions (pre-parsed and build-checked when the pack is current) plus the given files. */
    private static CredentialRules withBuiltin(List<Path> extraRuleFiles) {
        List<RuleDefinition> packed = RuleFileReader.builtinFromPack();
        List<RuleDefinition> all = new ArrayList<>(packed != null ? packed : RuleFileReader.parseBuiltinYaml());
        int checked = packed != null ? packed.size() : 0;
        for (Path p : extraRuleFiles) {
            try {
                all.addAll(RuleFileReader.read(p));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read rule file " + p, e);
            }
        }
        return compile(all, checked);
    }

    /** Parses the {@link #OPTION_RULES} option value (files joined with {@link File#pathSeparator}). */
    public static List<Path> parseRulesOption(String value) {
        List<Path> out = new ArrayList<>();
        if (value != null) {
            for (String part : value.split(java.util.regex.Pattern.quote(File.pathSeparator))) {
                if (!part.isBlank()) {
                    out.add(Path.of(part.strip()));
                }
            }
        }
        return out;
    }

    /** Compiles definitions into a pack. */
    public static CredentialRules of(List<RuleDefinition> definitions) {
        return compile(definitions, 0);
    }

    /** Compiles definitions; the first {@code alreadyChecked} passed the structural checks at build time. */
    private static CredentialRules compile(List<RuleDefinition> definitions, int alreadyChecked) {
        Set<String> ids = new HashSet<>();
        List<CredentialRule> compiled = new ArrayList<>(definitions.size());
        for (RuleDefinition d : definitions) {
            if (!ids.add(d.id())) {
                throw new InvalidRuleException("rule id " + d.id() + " is defined twice (again in " + d.source() + ")");
            }
            compiled.add(compiled.size() < alreadyChecked ? CredentialRule.compileChecked(d) : CredentialRule.compile(d));
        }
        return new CredentialRules(compiled);
    }

    public List<CredentialRule> rules() {
        return rules;
    }

    public List<String> ids() {
        return rules.stream().map(CredentialRule::id).toList();
    }

    AnchorFilter filter() {
        return filter;
    }

    private volatile HyperscanAnchors nativeAnchors;
    private volatile boolean nativeCompiled;

    /** The native first stage over this pack's anchors (compiled on first use, shared), or null when unusable. */
    HyperscanAnchors nativeAnchors() {
        if (!nativeCompiled) {
            synchronized (this) {
                if (!nativeCompiled) {
                    nativeAnchors = HyperscanAnchors.compile(filter.table(), rules);
                    nativeCompiled = true;
                }
            }
        }
        return nativeAnchors;
    }

    /** Which first stage large spans go through, for reports. */
    public String firstStage() {
        HyperscanLiterals.Availability hs = HyperscanAnchors.availability();
        return nativeAnchors() != null ? hs.description() + " first stage"
                : hs.usable() ? "pure-Java first stage (Hyperscan refused the anchors)"
                : hs.description().replace("pure-Java", "pure-Java first stage");
    }

    /** Longest span in bytes a match can cover from its anchor, in the widest encoding (UTF-16). */
    public int maxMatchBytes() {
        int max = 0;
        for (CredentialRule r : rules) {
            max = Math.max(max, r.windowChars());
        }
        return 2 * (max + CredentialMatcher.LOOKBEHIND_CHARS);
    }

    /** A matcher for one thread. */
    public CredentialMatcher newMatcher() {
        return new CredentialMatcher(this, true);
    }

    /** A matcher whose first stage is always the pure-Java one (the reference the native stage is held to). */
    CredentialMatcher newJavaMatcher() {
        return new CredentialMatcher(this, true, false);
    }

    /** A matcher that runs every regex at every anchor: the reference the pre-checks are held to. */
    CredentialMatcher newMatcherWithoutPrechecks() {
        return new CredentialMatcher(this, false);
    }
}
