package io.dumpguard.format.minidump;

import io.dumpguard.core.spi.RegisteredKey;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;

/**
 * Calls the lead's {@code io.dumpguard.engine.Engine} when its classes are on the test class path. Reflection keeps
 * this module compiling (and its other tests running) while the engine artifact in ~/.m2 is still a skeleton.
 */
final class EngineReflection {
    private final Object engine;
    private final Class<?> options;

    private EngineReflection(Object engine, Class<?> options) {
        this.engine = engine;
        this.options = options;
    }

    /** The engine with every plug-in loaded, or null when the engine or a key detector is not available. */
    static EngineReflection load() throws ReflectiveOperationException {
        Class<?> engineClass;
        Class<?> optionsClass;
        try {
            engineClass = Class.forName("io.dumpguard.engine.Engine");
            optionsClass = Class.forName("io.dumpguard.engine.RunOptions");
        } catch (ClassNotFoundException e) {
            return null;
        }
        if (!java.util.ServiceLoader.load(io.dumpguard.core.spi.DetectorFactory.class).iterator().hasNext()) {
            return null;
        }
        Object engine = engineClass.getMethod("loadPlugins").invoke(null);
        return new EngineReflection(engine, optionsClass);
    }

    /** Runs sanitize with the registered keys and returns the report's verdict name. */
    String sanitize(Path in, Path out, List<RegisteredKey> keys) throws ReflectiveOperationException {
        Object opts = options.getMethod("defaults").invoke(null);
        opts = options.getMethod("withRegisteredKeys", List.class).invoke(opts, keys);
        Method sanitize = engine.getClass().getMethod("sanitize", Path.class, Path.class, options);
        Object report = sanitize.invoke(engine, in, out, opts);
        Object verdict = report.getClass().getMethod("verdict").invoke(report);
        if (String.valueOf(verdict).equalsIgnoreCase("REFUSED")) {
            Object refusal = report.getClass().getMethod("refusal").invoke(report);
            return "REFUSED: " + refusal;
        }
        return String.valueOf(verdict);
    }
}
