package dev.modelcache.it.support.boot;

import fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer;
import java.lang.reflect.Field;
import java.util.logging.Logger;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.shrinkwrap.api.Archive;

/**
 * Payara Micro's Arquillian container, with its boot watched: a boot that fails is noticed within a
 * second (instead of after the 180 s start-up timeout) and the server is booted once more.
 *
 * <p>Payara Micro sometimes fails to boot before any application is deployed ("Startup service
 * failed to start", {@code docs/reliability.md} finding 7). The container it replaces only waits
 * for the line that lists the deployed applications. Here a {@link BootWatch} interrupts that wait
 * when the output shows the failure or the server's process exits; the container then answers no
 * deployment, and this class stops that server and boots a new one, up to {@link #BOOTS} in all.
 */
public final class WatchedBootContainer extends PayaraMicroDeployableContainer {
  /** Boots tried per deployment before the deployment fails. */
  static final int BOOTS = 2;

  private static final Logger LOG = Logger.getLogger(WatchedBootContainer.class.getName());

  @Override
  public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
    String failure = null;
    for (int boot = 1; boot <= BOOTS; boot++) {
      LOG.info("Payara Micro boot " + boot + " of " + BOOTS + ", watched for a failed start");
      ProtocolMetaData deployed;
      try (BootWatch watch = BootWatch.start(Thread.currentThread(), this::server)) {
        deployed = super.deploy(archive);
        failure = watch.failure();
      } finally {
        // The container answers an interrupted wait by setting the flag again.
        Thread.interrupted();
      }
      if (failure == null && deployed != null) {
        return deployed;
      }
      if (failure == null) {
        failure = "the container found no deployment";
      }
      LOG.warning("Payara Micro boot " + boot + " of " + BOOTS + " failed: " + failure);
      super.undeploy(archive);
    }
    throw new DeploymentException(
        "Payara Micro failed to boot " + BOOTS + " times; the last: " + failure);
  }

  /**
   * The server's process, read from the container's private field (it offers no accessor); null if
   * this version of the container has no such field, and then only the output is watched.
   */
  private Process server() {
    if (SERVER_FIELD == null) {
      return null;
    }
    try {
      return (Process) SERVER_FIELD.get(this);
    } catch (IllegalAccessException e) {
      return null;
    }
  }

  private static final Field SERVER_FIELD = serverField();

  private static Field serverField() {
    try {
      Field field = PayaraMicroDeployableContainer.class.getDeclaredField("payaraMicroProcess");
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warning("the server's process cannot be watched, only its output: " + e);
      return null;
    }
  }
}
