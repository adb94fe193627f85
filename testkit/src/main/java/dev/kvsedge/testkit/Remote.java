package dev.kvsedge.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An object of the runtime's class loader, called by method name. Only JDK types cross; each call runs with the
 * runtime's class loader as the thread's context class loader, as libraries that look services up expect, and
 * threads started during the call inherit it.
 */
final class Remote {
    private static final Map<String, Method> METHODS = new ConcurrentHashMap<>();

    private final Object target;
    private final ClassLoader loader;

    Remote(Object target, ClassLoader loader) {
        this.target = target;
        this.loader = loader;
    }

    static Object callStatic(Class<?> type, String name, Object... args) {
        return invoke(type, null, type.getClassLoader(), name, args);
    }

    Object call(String name, Object... args) {
        return invoke(target.getClass(), target, loader, name, args);
    }

    Remote callRemote(String name, Object... args) {
        return new Remote(call(name, args), loader);
    }

    void close() {
        invoke(AutoCloseable.class, target, loader, "close");
    }

    private static Object invoke(Class<?> type, Object target, ClassLoader loader, String name, Object... args) {
        Method method = METHODS.computeIfAbsent(type.getName() + "#" + name + "/" + args.length,
                k -> find(type, name, args.length));
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw unchecked(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("kvs-edge testkit: cannot call " + name + " of its runtime", e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static Method find(Class<?> type, String name, int parameters) {
        List<Method> matching = List.of(type.getMethods()).stream()
                .filter(m -> m.getName().equals(name) && m.getParameterCount() == parameters).toList();
        if (matching.size() != 1) {
            throw new IllegalStateException("kvs-edge testkit: its runtime has " + matching.size() + " methods " + name
                    + " with " + parameters + " parameters; the testkit jar is damaged or mixed with another version");
        }
        return matching.getFirst();
    }

    private static RuntimeException unchecked(Throwable cause) {
        if (cause instanceof RuntimeException e) {
            return e;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        if (cause instanceof IOException e) {
            return new UncheckedIOException(e.getMessage(), e);
        }
        return new IllegalStateException(cause.getMessage(), cause);
    }
}
