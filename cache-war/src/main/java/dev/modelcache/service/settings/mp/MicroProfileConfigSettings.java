package dev.modelcache.service.settings.mp;

import dev.modelcache.service.settings.Settings;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** Settings from the server's MicroProfile Config. Thread-safe, as the Config it reads. */
public final class MicroProfileConfigSettings implements Settings {
  private final Config config;

  private MicroProfileConfigSettings(Config config) {
    this.config = config;
  }

  /**
   * The application's Config. Call only where the MicroProfile Config API is on the class path.
   *
   * @throws IllegalStateException if the server has the API but no implementation
   */
  public static Settings of(ClassLoader loader) {
    return new MicroProfileConfigSettings(ConfigProvider.getConfig(loader));
  }

  @Override
  public Optional<String> value(String name) {
    return config.getOptionalValue(name, String.class);
  }

  @Override
  public String toString() {
    return "MicroProfile Config";
  }
}
