package io.dumpguard.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;

/**
 * Writes a tree of maps, lists, strings, numbers and booleans as indented JSON with Jackson's streaming generator.
 * The reports are built as such trees field by field; the streaming writer needs no data-binding layer, whose
 * start-up (a few hundred classes, 0.2 s in a cold JVM) would otherwise be paid by every {@code scan --json}.
 */
public final class PrettyJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private PrettyJson() {
    }

    public static String write(Object tree) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            value(g, tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Double d -> g.writeNumber(d);
            case Number n -> g.writeNumber(n.toString());
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    value(g, e.getValue());
                }
                g.writeEndObject();
            }
            case Collection<?> c -> {
                g.writeStartArray();
                for (Object o : c) {
                    value(g, o);
                }
                g.writeEndArray();
            }
            case Enum<?> e -> g.writeString(e.name());
            default -> throw new IllegalArgumentException("not a JSON tree value: " + v.getClass().getName());
        }
    }
}
