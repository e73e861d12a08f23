package io.dumpguard.detect.credentials;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads rule files: YAML with a top-level {@code rules:} list of {@link RuleDefinition}s. The built-in pack lives
 * in {@code rules/*.yml} beside this class, listed in {@code rules/index.txt} (jar resources cannot be listed).
 */
public final class RuleFileReader {
    /** Largest rule file accepted: rule files are small, and this bounds what a bad {@code --rules} can cost. */
    public static final long MAX_RULE_FILE_BYTES = 4L << 20;
    static final String BUILTIN_DIR = "rules/";

    /** Created on first use: loading the YAML data binding is most of a cold start, and the pack avoids it. */
    private static final class Yaml {
        static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    record RuleFile(@JsonProperty("rules") List<RuleDefinition> rules) {
    }

    private RuleFileReader() {
    }

    /** The definitions of the built-in pack, in file order. */
    public static List<RuleDefinition> builtin() {
        List<RuleDefinition> packed = builtinFromPack();
        return packed != null ? packed : parseBuiltinYaml();
    }

    /**
     * The built-in definitions from the pre-parsed {@link RulePack}, or null when there is none or it was made from
     * other YAML than the class path holds. The build step checked these definitions (structure, regex safety)
     * before writing the pack.
     */
    static List<RuleDefinition> builtinFromPack() {
        try (InputStream in = RuleFileReader.class.getResourceAsStream(BUILTIN_DIR + RulePack.RESOURCE)) {
            return in == null ? null : RulePack.read(new java.io.BufferedInputStream(in), builtinDigest());
        } catch (IOException e) {
            return null; // a damaged pack is only a lost shortcut: the YAML is the source of truth
        }
    }

    /** The built-in pack parsed from its YAML files. */
    static List<RuleDefinition> parseBuiltinYaml() {
        List<RuleDefinition> all = new ArrayList<>();
        for (String file : builtinFiles()) {
            all.addAll(parse(builtinBytes(file), "builtin:" + file));
        }
        return all;
    }

    /** SHA-256 of the built-in YAML files (see {@link RulePack#digestOf}). */
    static byte[] builtinDigest() {
        List<String> names = builtinFiles();
        List<byte[]> contents = new ArrayList<>(names.size());
        for (String file : names) {
            contents.add(builtinBytes(file));
        }
        return RulePack.digestOf(names, contents);
    }

    private static byte[] builtinBytes(String file) {
        try (InputStream in = resource(BUILTIN_DIR + file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read built-in rule file " + file, e);
        }
    }

    /** File names of the built-in pack. */
    public static List<String> builtinFiles() {
        try (InputStream in = resource(BUILTIN_DIR + "index.txt")) {
            List<String> names = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    names.add(name);
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in rule index", e);
        }
    }

    /** The definitions in a user's rule file. */
    public static List<RuleDefinition> read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_RULE_FILE_BYTES) {
            throw new InvalidRuleException("rule file " + file + " has " + size + " bytes, more than the limit of "
                    + MAX_RULE_FILE_BYTES + " (RuleFileReader.MAX_RULE_FILE_BYTES)");
        }
        return parse(Files.readAllBytes(file), file.toString());
    }

    static List<RuleDefinition> parse(byte[] yaml, String source) {
        RuleFile parsed;
        try {
            parsed = Yaml.MAPPER.readValue(yaml, RuleFile.class);
        } catch (IOException e) {
            // Jackson's message names line and column; it quotes rule text, never dump bytes
            throw new InvalidRuleException("rule file " + source + " is not a valid rule file: "
                    + e.getMessage(), e);
        }
        if (parsed == null || parsed.rules() == null) {
            throw new InvalidRuleException("rule file " + source + " has no 'rules:' list");
        }
        List<RuleDefinition> out = new ArrayList<>(parsed.rules().size());
        for (RuleDefinition d : parsed.rules()) {
            if (d == null) {
                throw new InvalidRuleException("rule file " + source + " has an empty rule entry");
            }
            out.add(d.withSource(source));
        }
        return out;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = RuleFileReader.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("missing resource " + name);
        }
        return in;
    }
}
