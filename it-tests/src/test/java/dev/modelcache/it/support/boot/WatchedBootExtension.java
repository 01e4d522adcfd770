package dev.modelcache.it.support.boot;

import fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.core.spi.LoadableExtension;

/** Puts {@link WatchedBootContainer} in the place of Payara Micro's own Arquillian container. */
public final class WatchedBootExtension implements LoadableExtension {
  @Override
  public void register(ExtensionBuilder builder) {
    builder.override(
        DeployableContainer.class,
        PayaraMicroDeployableContainer.class,
        WatchedBootContainer.class);
  }
}
