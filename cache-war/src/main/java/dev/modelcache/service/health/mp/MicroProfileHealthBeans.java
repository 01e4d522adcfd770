package dev.modelcache.service.health.mp;

import dev.modelcache.service.health.CheckResult;
import dev.modelcache.service.health.ServiceCheck;
import dev.modelcache.service.health.ServiceCheck.Kind;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.literal.NamedLiteral;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.CDI;
import java.lang.annotation.Annotation;
import java.util.Set;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

/**
 * The service's checks as MicroProfile Health checks, for the server's own health endpoint where it
 * has one (Open Liberty's, on its administrative port): one synthetic {@link ServiceHealthCheck}
 * bean per {@link ServiceCheck} bean, qualified by its kind and named after the check's class, so
 * that the beans stay distinct however the server looks them up. Not a CDI bean itself, so that
 * servers without the API never load it. Stateless.
 */
public final class MicroProfileHealthBeans {
  private MicroProfileHealthBeans() {}

  /**
   * Adds the checks. Call only where the MicroProfile Health API is on the class path.
   *
   * @param checks the {@link ServiceCheck} bean classes, with the kind each answers for
   */
  public static void addTo(
      AfterBeanDiscovery discovery, Set<Class<? extends ServiceCheck>> checks) {
    for (Class<? extends ServiceCheck> type : checks) {
      discovery
          .addBean()
          .beanClass(ServiceHealthCheck.class)
          .types(ServiceHealthCheck.class, HealthCheck.class, Object.class)
          .qualifiers(
              qualifier(kindOf(type)), NamedLiteral.of(type.getName()), Any.Literal.INSTANCE)
          .scope(Dependent.class)
          .createWith(context -> new ServiceHealthCheck(type));
    }
  }

  private static Kind kindOf(Class<? extends ServiceCheck> type) {
    try {
      return type.getDeclaredConstructor().newInstance().kind();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(type + " needs a no-argument constructor", e);
    }
  }

  private static Annotation qualifier(Kind kind) {
    return switch (kind) {
      case LIVENESS -> Liveness.Literal.INSTANCE;
      case READINESS -> Readiness.Literal.INSTANCE;
      case STARTUP -> Startup.Literal.INSTANCE;
    };
  }

  /**
   * A service check as a MicroProfile Health check. Looks the check up when called, through the
   * application's bean manager: the synthetic bean's own look-up belongs to the extension's bean
   * archive, which on Payara does not see the application's beans.
   */
  public static final class ServiceHealthCheck implements HealthCheck {
    private final Class<? extends ServiceCheck> type;

    ServiceHealthCheck(Class<? extends ServiceCheck> type) {
      this.type = type;
    }

    @Override
    public HealthCheckResponse call() {
      return answer(CDI.current().select(type).get().call());
    }
  }

  static HealthCheckResponse answer(CheckResult result) {
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named(result.name()).status(result.up());
    result
        .data()
        .forEach(
            (key, value) -> {
              if (value instanceof Long || value instanceof Integer) {
                response.withData(key, ((Number) value).longValue());
              } else if (value instanceof Boolean b) {
                response.withData(key, b);
              } else {
                response.withData(key, String.valueOf(value));
              }
            });
    return response.build();
  }
}
