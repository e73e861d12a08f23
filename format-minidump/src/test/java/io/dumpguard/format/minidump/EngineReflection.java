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
        try {
            if (!java.util.ServiceLoader.load(io.dumpguard.core.spi.DetectorFactory.class).iterator().hasNext()) {
                return null;
            }
            Object engine = engineClass.getMethod("loadPlugins").invoke(null);
            return new EngineReflection(engine, optionsClass);
        } catch (java.util.ServiceConfigurationError | java.lang.reflect.InvocationTargetException e) {
            // a sibling artifact in ~/.m2 mid-reinstall (services file and classes out of step): not this module's test
            System.out.println("engine plug-ins not loadable: " + e);
            return null;
        }
    }

    /** What the test needs from the engine's Report: no secret bytes, only the verdict and counts. */
    record Outcome(String verdict, String refusal, int findings, java.util.Set<String> provenKeys, long bytesChanged) {
    }

    /** Runs sanitize with the registered keys. */
    Outcome sanitize(Path in, Path out, List<RegisteredKey> keys) throws ReflectiveOperationException {
        Object opts = options.getMethod("defaults").invoke(null);
        opts = options.getMethod("withRegisteredKeys", List.class).invoke(opts, keys);
        Method sanitize = engine.getClass().getMethod("sanitize", Path.class, Path.class, options);
        Object report = sanitize.invoke(engine, in, out, opts);
        List<?> findings = (List<?>) call(report, "findings");
        java.util.Set<String> proven = new java.util.TreeSet<>();
        for (Object f : findings) {
            String key = ((io.dumpguard.core.Finding) f).registeredKey();
            if (key != null) {
                proven.add(key);
            }
        }
        return new Outcome(String.valueOf(call(report, "verdict")), (String) call(report, "refusal"), findings.size(),
                proven, (Long) call(report, "bytesChanged"));
    }

    private static Object call(Object target, String method) throws ReflectiveOperationException {
        return target.getClass().getMethod(method).invoke(target);
    }
}
