package dev.modelcache.service.lifecycle;

import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;

/**
 * This process's SIGTERM handler, replacing the JVM's (which starts the shutdown hooks at once, and
 * with them Payara Micro's stop of the whole server while requests are still arriving). Set through
 * {@code sun.misc.Signal} (module {@code jdk.unsupported}, present in every JDK since 9) by
 * reflection, so that compiling needs no internal API. Thread-safe; the JVM runs each signal's
 * handler on a thread of its own.
 */
final class TermSignal {
  private static final System.Logger LOG = System.getLogger(TermSignal.class.getName());

  /** A handler in place, and how to put the previous one back. */
  interface Installed {
    void restore();
  }

  private TermSignal() {}

  /**
   * Runs {@code handler} on every SIGTERM from now on.
   *
   * @return the installed handler, or empty (logged) where the JVM does not allow it (run with
   *     {@code -Xrs}, or without {@code jdk.unsupported}): SIGTERM then stops at once, as before
   */
  static Optional<Installed> install(Runnable handler) {
    try {
      Class<?> signalType = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Object term = signalType.getConstructor(String.class).newInstance("TERM");
      Method handle = signalType.getMethod("handle", signalType, handlerType);
      Object ours =
          Proxy.newProxyInstance(
              TermSignal.class.getClassLoader(), new Class<?>[] {handlerType}, calls(handler));
      Object previous = handle.invoke(null, term, ours);
      return Optional.of(
          () -> {
            try {
              handle.invoke(null, term, previous);
            } catch (ReflectiveOperationException | RuntimeException e) {
              LOG.log(Level.WARNING, "could not restore the previous SIGTERM handler: " + e);
            }
          });
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOG.log(
          Level.WARNING,
          "SIGTERM cannot be handled here ({0}); it stops the server at once, without draining",
          e.toString());
      return Optional.empty();
    }
  }

  /** {@code SignalHandler.handle(Signal)} runs the handler; the object methods are identity's. */
  private static InvocationHandler calls(Runnable handler) {
    return (proxy, method, args) ->
        switch (method.getName()) {
          case "handle" -> {
            handler.run();
            yield null;
          }
          case "equals" -> proxy == args[0];
          case "hashCode" -> System.identityHashCode(proxy);
          case "toString" -> "model-cache graceful stop";
          default -> throw new UnsupportedOperationException(method.toString());
        };
  }
}
