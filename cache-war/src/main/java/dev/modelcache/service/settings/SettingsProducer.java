package dev.modelcache.service.settings;

import dev.modelcache.service.settings.mp.MicroProfileConfigSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.lang.System.Logger.Level;

/**
 * Gives the application its {@link Settings} and {@link MicroProfileParts}: MicroProfile Config's
 * where the server has it, else the environment's. Logs once which MicroProfile parts are absent.
 */
@ApplicationScoped
public class SettingsProducer {
  private static final System.Logger LOG = System.getLogger(SettingsProducer.class.getName());

  private final ClassLoader loader = SettingsProducer.class.getClassLoader();

  @Produces
  @Singleton
  MicroProfileParts parts() {
    MicroProfileParts parts = MicroProfileParts.detect(loader);
    LOG.log(Level.INFO, parts.describe());
    return parts;
  }

  @Produces
  @Singleton
  Settings settings(MicroProfileParts parts) {
    if (parts.has(MicroProfileParts.Part.CONFIG)) {
      try {
        return MicroProfileConfigSettings.of(loader);
      } catch (IllegalStateException | LinkageError noImplementation) {
        LOG.log(
            Level.WARNING,
            "the server has MicroProfile Config's API but no working implementation ({0});"
                + " settings come from system properties and environment variables",
            noImplementation.toString());
      }
    }
    return Settings.fromEnvironment(loader);
  }
}
